"""Audit: what the engine concludes from a registry's answer (the ``registry`` check).

Contract (docs/registries/index.md, docs/verify.md, qualcheck/checks/registry.py and the
reference's registry notes §3.4, §5.2, §6.2):

* statuses are mapped from the registries' many spellings to ``RegistryStatus``; 吊销 / 撤销
  fail (``registry.status_revoked``), 注销 fails (``registry.status_cancelled``), 迁出 /
  清算 / 停业 / 歇业 are review, and anything unrecognised — including no status at all —
  is ``registry.status_unknown`` (review), never pass;
* a deregistration still under way (正在注销, 简易注销公告中) is not yet a deregistration:
  the entity exists and is being wound up → ``registry.status_liquidating`` (review);
* the 经营异常名录 is a separate list (reference §6.2: 经营异常 comes from its own
  ``mr/abnormal`` / ``ExceptionCheck`` endpoints), not a registration status: as a status
  word it is not understood → review, and it never ends a registration (not fail);
* names compare after normalisation (full/half-width brackets, 有限责任公司/有限公司);
  a former name is review; another name fails; the registry's USCC must be the declared one;
* legal representatives compare without spaces or middle dots, case-insensitively;
* the operating term's end date is its last valid day;
* a licence listed as ended (by date or by status) fails; one not listed is review; a
  number listed twice (old entry + renewed) is judged by its best entry;
* every finding carries ``source``, ``fetched_at``, ``request_id`` when given, and the raw
  value; ``report.registry`` records the look-up; personal numbers never appear.

Registries used: the embedded ``SqliteRegistry`` on a real temporary file (loaded with
``load``), ``MemoryRegistry``, and small protocol classes that answer as told.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, PHONE, RIC, RIC_BIRTH, example

from qualcheck import Decision, Report, verify
from qualcheck.registries import (
    LookupResult,
    MemoryRegistry,
    RegistryQuery,
    RegistryRecord,
    RegistryStatus,
    SqliteRegistry,
    normalize_status,
)

USCC = "91330106JU6XYHXB07"
NAME = "杭州示例优选食品有限公司"
JY = "JY13301067319160"
FETCHED = "2026-11-20T09:00:00+08:00"


def shop() -> dict[str, Any]:
    """Example 1 (a food shop that passes), with a generated ID number and phone."""
    record = example(0)
    record["legal_representative"]["id_number"] = RIC
    record["contact_phone"] = PHONE
    return record


def row(**changes: Any) -> dict[str, Any]:
    """The registry's record of the food shop, as it declares itself; ``changes`` edit it
    (a value of ``None`` removes the field)."""
    base: dict[str, Any] = {
        "uscc": USCC,
        "name": NAME,
        "legal_representative": "张三",
        "status": "存续（在营、开业、在册）",
        "term_from": "2019-04-02",
        "term_to": "长期",
        "scope": "一般项目：食品销售（仅销售预包装食品）；日用百货销售。许可项目：食品销售",
        "licenses": [
            {
                "number": JY,
                "kind": "food_business",
                "name": "食品经营许可证",
                "valid_from": "2023-06-12",
                "valid_to": "2028-06-11",
            }
        ],
        "source": "gsxt export",
        "fetched_at": FETCHED,
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def licence(number: str = JY, **fields: Any) -> dict[str, Any]:
    return {"number": number, "kind": "food_business", "valid_from": "2023-06-12", **fields}


Build = Callable[[dict[str, Any]], Any]


@pytest.fixture(params=["sqlite", "memory"])
def build(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Build]:
    """Makes a registry holding one entity row: a real SQLite file loaded from JSON Lines,
    or a MemoryRegistry."""
    opened: list[SqliteRegistry] = []

    def make(entity: dict[str, Any]) -> Any:
        if request.param == "memory":
            return MemoryRegistry([entity], name="gsxt export")
        path = tmp_path / f"registry-{len(opened)}.sqlite"
        with SqliteRegistry.create(path) as writer:
            loaded = writer.load([json.dumps(entity, ensure_ascii=False)])
        assert loaded.skipped == 0, loaded.errors
        registry = SqliteRegistry(path)
        opened.append(registry)
        return registry

    yield make
    for registry in opened:
        registry.close()


def registry_codes(report: Report) -> list[str]:
    return [code for code in report.codes if code.startswith("registry.")]


def check(entity: dict[str, Any], build: Build, record: dict[str, Any] | None = None) -> Report:
    return verify(record if record is not None else shop(), as_of=AS_OF, registry=build(entity))


class Answer:
    """A registry that answers every query with the record it was given."""

    license_kinds: frozenset[str] = frozenset({"food_business"})

    def __init__(
        self,
        record: RegistryRecord | dict[str, Any],
        name: str = "answer",
        license_kinds: frozenset[str] = frozenset({"food_business"}),
    ) -> None:
        self.name = name
        self.license_kinds = license_kinds
        self.record = record if isinstance(record, RegistryRecord) else RegistryRecord(**record)
        self.calls: list[RegistryQuery] = []

    def lookup(self, query: RegistryQuery) -> LookupResult:
        self.calls.append(query)
        return LookupResult.found(self.record, license_kinds=self.license_kinds)

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        return self.lookup(query)


# --------------------------------------------------------------------------------------
# baseline


def test_baseline_the_shop_as_registered_passes(build: Build) -> None:
    registry = build(row())
    report = verify(shop(), as_of=AS_OF, registry=registry)
    assert report.decision is Decision.PASS, report.codes
    assert report.registry is not None
    assert report.registry.status == "found"
    assert report.registry.source == registry.name
    assert report.registry.fetched_at == datetime.datetime.fromisoformat(FETCHED)
    assert {c.name: c.status for c in report.checks}["registry"] == "passed"


# --------------------------------------------------------------------------------------
# statuses, end to end

ACTIVE = [
    "存续（在营、开业、在册）",
    "存续(在营、开业、在册)",
    "存续 （ 在营，开业，在册 ）",
    "在营（开业）企业",
    "开业",
    "正常",
    "在业",
    "存续",
    " 存 续 ",
    "In Business",
    "ACTIVE",
    "存续，未吊销",
]
STATUSES: list[tuple[Any, str, str]] = [
    ("吊销，未注销", "fail", "registry.status_revoked"),
    ("吊销,未注销", "fail", "registry.status_revoked"),
    ("吊销未注销", "fail", "registry.status_revoked"),
    ("撤销", "fail", "registry.status_revoked"),
    ("撤销登记", "fail", "registry.status_revoked"),
    ("Revoked", "fail", "registry.status_revoked"),
    ("吊\u200b销，未注销", "fail", "registry.status_revoked"),
    ("吊销，注销中", "fail", "registry.status_revoked"),
    ("吊销，已注销", "fail", "registry.status_cancelled"),
    ("吊销,已注销", "fail", "registry.status_cancelled"),
    ("注销（2019-01-01）", "fail", "registry.status_cancelled"),
    ("注销", "fail", "registry.status_cancelled"),
    ("已注销", "fail", "registry.status_cancelled"),
    ("注销企业", "fail", "registry.status_cancelled"),
    ("Cancelled", "fail", "registry.status_cancelled"),
    ("Deregistered", "fail", "registry.status_cancelled"),
    ("迁出", "review", "registry.status_moved_out"),
    ("迁往外省市", "review", "registry.status_moved_out"),
    ("停业", "review", "registry.status_suspended"),
    ("歇业", "review", "registry.status_suspended"),
    ("清算", "review", "registry.status_liquidating"),
    ("清算中", "review", "registry.status_liquidating"),
    # a deregistration under way: the entity still exists, it is being wound up
    ("正在注销", "review", "registry.status_liquidating"),
    ("简易注销公告中", "review", "registry.status_liquidating"),
    ("存续（简易注销公告中）", "review", "registry.status_liquidating"),
    ("注销中", "review", "registry.status_liquidating"),
    # not a registration status qualcheck can read: review, never pass, never fail
    ("迁入", "review", "registry.status_unknown"),
    ("经营异常", "review", "registry.status_unknown"),
    ("存续（列入经营异常名录）", "review", "registry.status_unknown"),
    ("非正常户", "review", "registry.status_unknown"),
    ("未开业", "review", "registry.status_unknown"),
    ("不在营", "review", "registry.status_unknown"),
    ("Not in business", "review", "registry.status_unknown"),
    ("Non-operating", "review", "registry.status_unknown"),
    ("其他", "review", "registry.status_unknown"),
    ("9", "review", "registry.status_unknown"),
    ("营业中？", "review", "registry.status_unknown"),
    ("Struck off", "review", "registry.status_unknown"),
    ("", "review", "registry.status_unknown"),
    (None, "review", "registry.status_unknown"),
]


@pytest.mark.parametrize("status", ACTIVE)
def test_active_spellings_pass(status: str, build: Build) -> None:
    report = check(row(status=status), build)
    assert registry_codes(report) == []
    assert report.decision is Decision.PASS, report.codes


@pytest.mark.parametrize(("status", "decision", "code"), STATUSES)
def test_status_spellings_end_to_end(status: Any, decision: str, code: str, build: Build) -> None:
    registry = build(row(status=status))
    report = verify(shop(), as_of=AS_OF, registry=registry)
    assert registry_codes(report) == [code]
    assert report.decision.value == decision
    finding = next(f for f in report.findings if f.code == code)
    assert finding.ctx["source"] == registry.name  # the snapshot names itself
    assert finding.ctx["fetched_at"] == datetime.datetime.fromisoformat(FETCHED).isoformat()
    raw = finding.ctx["status_raw"]
    if status:
        assert raw == status.strip()  # the registry's own spelling, kept as evidence
    else:
        assert raw  # something a person can read, never empty


@pytest.mark.parametrize(
    "status", ["x", "无", "null", "1.0", "01", "在营?不", "ok", "N/A", "—", "营业", "有效"]
)
def test_unrecognised_or_odd_statuses_never_pass(status: str) -> None:
    assert normalize_status(status) is RegistryStatus.UNKNOWN
    report = verify(shop(), as_of=AS_OF, registry=MemoryRegistry([row(status=status)]))
    assert report.decision is Decision.REVIEW
    assert registry_codes(report) == ["registry.status_unknown"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [(1, "active"), (2, "revoked"), (3, "cancelled"), (4, "cancelled"), (5, "revoked")],
)
def test_gsxt_state_codes_as_numbers(status: int, expected: str) -> None:
    record = RegistryRecord(**row(status=status))
    assert record.status.value == expected
    assert record.status_raw == str(status)


@pytest.mark.parametrize("status", [True, ["存续"], {"status": "存续"}, 1.5])
def test_a_status_that_is_not_text_is_unknown_and_kept(status: Any) -> None:
    report = verify(shop(), as_of=AS_OF, registry=Answer(row(status=status)))
    assert registry_codes(report) == ["registry.status_unknown"]
    assert report.decision is Decision.REVIEW
    assert report.findings[0].ctx["status_raw"]


def test_negated_ended_words_are_not_that_status() -> None:
    assert normalize_status("吊销，未注销") is RegistryStatus.REVOKED
    assert normalize_status("存续（未吊销）") is RegistryStatus.ACTIVE
    assert normalize_status("Active (not revoked)") is RegistryStatus.ACTIVE
    # a negated *active* word is not active
    assert normalize_status("暂停营业（不在营）") is RegistryStatus.UNKNOWN


# --------------------------------------------------------------------------------------
# names


def test_registry_name_in_full_width_brackets_matches_the_half_width_one(build: Build) -> None:
    record = shop()
    record["name"] = "杭州示例优选食品(西湖)有限公司"
    report = check(row(name="杭州示例优选食品（西湖）有限公司"), build, record)
    assert "registry.name_mismatch" not in report.codes
    assert "registry.name_former" not in report.codes


def test_legal_form_variants_are_one_name(build: Build) -> None:
    report = check(row(name="杭州示例优选食品有限责任公司"), build)
    assert registry_codes(report) == []


def test_a_former_name_is_review_and_names_the_current_one(build: Build) -> None:
    record = shop()
    record["name"] = "杭州示例食品有限公司"
    report = check(
        row(former_names=["杭州示例食品有限责任公司", "杭州老字号有限公司"]), build, record
    )
    assert registry_codes(report) == ["registry.name_former"]
    finding = next(f for f in report.findings if f.code == "registry.name_former")
    assert finding.ctx["registry_name"] == NAME
    assert finding.json_path == "$.name"
    assert finding.decision is Decision.REVIEW


def test_another_name_fails(build: Build) -> None:
    report = check(row(name="杭州另一家贸易有限公司"), build)
    assert registry_codes(report) == ["registry.name_mismatch"]
    assert report.decision is Decision.FAIL
    assert report.findings[0].ctx["registry_name"] == "杭州另一家贸易有限公司"


def test_a_branch_name_is_not_the_declared_name(build: Build) -> None:
    # The registered name of this USCC is the branch's; the seller declared the company's.
    report = check(row(name=NAME + "西湖分公司"), build)
    assert registry_codes(report) == ["registry.name_mismatch"]
    assert report.decision is Decision.FAIL


# --------------------------------------------------------------------------------------
# the entity answered for


def test_a_registry_uscc_other_than_the_declared_one_fails() -> None:
    other = "91330106MA2B3C4D5E"
    report = verify(shop(), as_of=AS_OF, registry=Answer(row(uscc=other)))
    assert registry_codes(report) == ["registry.uscc_mismatch"]
    finding = report.findings[0]
    assert finding.ctx["registry_uscc"] == other
    assert finding.json_path == "$.uscc"
    assert report.decision is Decision.FAIL


def test_an_answer_about_another_entity_fails_on_name_and_uscc() -> None:
    answer = Answer(row(uscc="91440300MA5XYZ1234", name="深圳别家科技有限公司", licenses=[]))
    report = verify(shop(), as_of=AS_OF, registry=answer)
    codes = registry_codes(report)
    assert "registry.uscc_mismatch" in codes
    assert "registry.name_mismatch" in codes
    assert report.decision is Decision.FAIL


def test_a_found_record_that_identifies_nothing_is_review() -> None:
    answer = Answer({"status": "存续", "source": "bare"}, license_kinds=frozenset())
    report = verify(shop(), as_of=AS_OF, registry=answer)
    assert registry_codes(report) == ["registry.elements_unconfirmed"]
    assert report.decision is Decision.REVIEW


def test_a_found_record_with_nothing_at_all_is_review() -> None:
    answer = Answer({"source": "bare"}, license_kinds=frozenset())
    report = verify(shop(), as_of=AS_OF, registry=answer)
    assert set(registry_codes(report)) == {
        "registry.status_unknown",
        "registry.elements_unconfirmed",
    }
    assert report.decision is Decision.REVIEW


# --------------------------------------------------------------------------------------
# legal representative


@pytest.mark.parametrize(
    ("declared", "registered"),
    [
        ("约翰·史密斯", "约翰 史密斯"),
        ("约翰 史密斯", "约翰·史密斯"),
        ("约翰・史密斯", "约翰•史密斯"),
        ("John Smith", "JOHN SMITH"),
        ("ｊｏｈｎ ｓｍｉｔｈ", "John Smith"),
        ("张三", "张 三"),
        ("张三", "李四、张三"),
    ],
)
def test_legal_representative_spelling_variants_match(
    declared: str, registered: str, build: Build
) -> None:
    record = shop()
    record["legal_representative"]["name"] = declared
    report = check(row(legal_representative=registered), build, record)
    assert "registry.legal_rep_mismatch" not in report.codes


def test_another_legal_representative_is_review(build: Build) -> None:
    report = check(row(legal_representative="许八"), build)
    assert registry_codes(report) == ["registry.legal_rep_mismatch"]
    finding = report.findings[0]
    assert finding.json_path == "$.legal_representative.name"
    assert report.decision is Decision.REVIEW


# --------------------------------------------------------------------------------------
# operating term (营业期限)


@pytest.mark.parametrize(
    ("term_to", "codes"),
    [
        ("2026-11-28", ["registry.term_expired"]),  # ended the day before
        ("2026-11-29", []),  # the end date is the last valid day
        ("2026年11月30日", []),
        ("长期", []),
        ("无固定期限", []),
        ("9999-12-31", []),
        (None, []),
    ],
)
def test_operating_term(term_to: str | None, codes: list[str], build: Build) -> None:
    report = check(row(term_to=term_to), build)
    assert registry_codes(report) == codes
    if codes:
        finding = report.findings[0]
        assert finding.ctx["term_to"] == "2026-11-28"
        assert finding.decision is Decision.REVIEW


# --------------------------------------------------------------------------------------
# licences


def test_a_licence_the_registry_lists_as_expired_fails(build: Build) -> None:
    report = check(row(licenses=[licence(valid_to="2026-02-28")]), build)
    assert registry_codes(report) == ["registry.license_expired"]
    finding = report.findings[0]
    assert finding.json_path == "$.documents[1].number"
    assert finding.ctx["valid_to"] == "2026-02-28"
    assert finding.ctx["number"] == JY
    assert report.decision is Decision.FAIL


def test_a_licence_ending_on_as_of_is_still_valid(build: Build) -> None:
    report = check(row(licenses=[licence(valid_to="2026-11-29")]), build)
    assert "registry.license_expired" not in report.codes


@pytest.mark.parametrize("status", ["吊销", "已注销", "撤销", "失效", "Revoked", "已过期（注销）"])
def test_a_licence_listed_as_revoked_or_cancelled_fails_whatever_its_dates(
    status: str, build: Build
) -> None:
    report = check(row(licenses=[licence(valid_to="2028-06-11", status_raw=status)]), build)
    assert registry_codes(report) == ["registry.license_revoked"]
    finding = report.findings[0]
    assert finding.ctx["status_raw"] == status
    assert finding.json_path == "$.documents[1].number"
    assert report.decision is Decision.FAIL


@pytest.mark.parametrize("status", ["有效", "正常", "未吊销", "Valid", ""])
def test_a_licence_listed_as_valid_passes(status: str, build: Build) -> None:
    report = check(row(licenses=[licence(valid_to="2028-06-11", status_raw=status)]), build)
    assert registry_codes(report) == []


def test_a_licence_number_the_registry_does_not_know_is_review(build: Build) -> None:
    report = check(row(licenses=[licence("JY13301067319999", valid_to="2028-06-11")]), build)
    assert registry_codes(report) == ["registry.license_not_found"]
    assert report.findings[0].ctx["number"] == JY
    assert report.decision is Decision.REVIEW


def test_an_old_expired_licence_next_to_the_current_one_is_not_expired(build: Build) -> None:
    old = licence("JY13301060000013", valid_from="2018-06-12", valid_to="2023-06-11")
    current = licence(valid_to="2028-06-11")
    for licences in ([old, current], [current, old]):
        report = check(row(licenses=licences), build)
        assert registry_codes(report) == [], licences


@pytest.mark.parametrize("order", ["old first", "old last"])
def test_one_number_listed_twice_is_judged_by_its_current_entry(order: str) -> None:
    # A renewed food licence keeps its number; a registry may list both entries.
    old = licence(valid_from="2018-06-12", valid_to="2023-06-11")
    current = licence(valid_to="2028-06-11")
    licences = [old, current] if order == "old first" else [current, old]
    report = verify(shop(), as_of=AS_OF, registry=MemoryRegistry([row(licenses=licences)]))
    assert registry_codes(report) == []
    revoked = licence(valid_to="2028-06-11", status_raw="注销")
    both = [revoked, current] if order == "old first" else [current, revoked]
    report = verify(shop(), as_of=AS_OF, registry=MemoryRegistry([row(licenses=both)]))
    assert registry_codes(report) == []


def test_one_number_listed_only_as_expired_entries_still_fails() -> None:
    first = licence(valid_from="2013-06-12", valid_to="2018-06-11")
    second = licence(valid_from="2018-06-12", valid_to="2023-06-11")
    report = verify(shop(), as_of=AS_OF, registry=MemoryRegistry([row(licenses=[second, first])]))
    assert registry_codes(report) == ["registry.license_expired"]
    assert report.findings[0].ctx["valid_to"] == "2023-06-11"


def test_a_snapshot_without_licence_listings_does_not_claim_one_missing(tmp_path: Path) -> None:
    path = tmp_path / "entities.sqlite"
    with SqliteRegistry.create(path) as writer:
        writer.load([json.dumps(row(licenses=None), ensure_ascii=False)])
    with SqliteRegistry(path) as registry:
        report = verify(shop(), as_of=AS_OF, registry=registry)
    assert registry_codes(report) == []


# --------------------------------------------------------------------------------------
# business scope


@pytest.mark.parametrize(
    ("scope", "covers"),
    [
        ("食品销售", True),
        ("预包装食品销售（不含冷藏冷冻食品）", True),
        ("食品经营（销售散装食品）；日用百货销售", True),
        (
            "一般项目：日用百货销售（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）；食品销售",
            True,
        ),
        ("日用百货销售（不含食品）", False),
        ("日用百货销售，不含食品、药品。", False),
        ("除食品外的日用百货销售", False),
        ("计算机软件开发；技术服务", False),
    ],
)
def test_scope_coverage(scope: str, covers: bool, build: Build) -> None:
    report = check(row(scope=scope), build)
    findings = [f for f in report.findings if f.code == "registry.scope_not_covering"]
    if covers:
        assert findings == []
    else:
        assert findings, scope
        assert {f.json_path for f in findings} == {"$.categories[0]", "$.categories[1]"}
        assert all(f.decision is Decision.REVIEW for f in findings)
        assert report.decision is Decision.REVIEW


# --------------------------------------------------------------------------------------
# evidence and privacy


def test_every_registry_finding_carries_its_evidence() -> None:
    record = shop()
    record["name"] = "杭州示例食品有限公司"
    answer = Answer(
        RegistryRecord(
            **row(
                status="歇业",
                former_names=["杭州示例食品有限公司"],
                legal_representative="许八",
                term_to="2025-01-01",
                scope="计算机软件开发",
                licenses=[licence(valid_to="2026-01-31")],
                request_id="req-42",
            )
        ),
        name="api",
    )
    report = verify(record, as_of=AS_OF, registry=answer)
    codes = set(registry_codes(report))
    assert codes == {
        "registry.status_suspended",
        "registry.name_former",
        "registry.legal_rep_mismatch",
        "registry.term_expired",
        "registry.scope_not_covering",
        "registry.license_expired",
    }
    raw_keys = {
        "registry.status_suspended": "status_raw",
        "registry.name_former": "registry_name",
        "registry.term_expired": "term_to",
        "registry.license_expired": "valid_to",
    }
    for finding in report.findings:
        if not finding.code.startswith("registry."):
            continue
        assert finding.ctx["source"] == "gsxt export", finding.code
        assert finding.ctx["fetched_at"] == datetime.datetime.fromisoformat(FETCHED).isoformat()
        assert finding.ctx["request_id"] == "req-42", finding.code
        if finding.code in raw_keys:
            assert finding.ctx[raw_keys[finding.code]], finding.code
        assert finding.message
        assert finding.message_zh
    assert report.registry is not None
    assert (report.registry.source, report.registry.request_id) == ("gsxt export", "req-42")


def test_no_personal_number_in_the_report_json(build: Build) -> None:
    record = shop()
    # a registry that quotes a personal number where a name belongs
    report = check(row(legal_representative=RIC, name=f"{NAME}{PHONE}"), build, record)
    assert "registry.legal_rep_mismatch" in report.codes
    assert "registry.name_mismatch" in report.codes
    text = report.to_json()
    name = next(f for f in report.findings if f.code == "registry.name_mismatch")
    assert name.ctx["registry_name"].startswith(NAME)  # the evidence stays, masked
    assert RIC not in text
    assert RIC_BIRTH not in text
    assert PHONE not in text


@pytest.mark.parametrize(
    ("scope", "covers"),
    [
        ("药品零售；第二类医疗器械销售", True),
        ("中成药、化学药零售", True),
        ("农药零售；兽药经营", False),  # pesticides and veterinary drugs are not medicines
        ("农药零售；药品零售", True),
    ],
)
def test_drug_scope_words(scope: str, covers: bool) -> None:
    pharmacy = example(2)
    answer = Answer(
        {
            "uscc": pharmacy["uscc"],
            "name": pharmacy["name"],
            "legal_representative": pharmacy["legal_representative"]["name"],
            "status": "存续",
            "scope": scope,
            "source": "gsxt export",
        },
        license_kinds=frozenset(),
    )
    report = verify(pharmacy, as_of=AS_OF, registry=answer)
    expected = [] if covers else ["registry.scope_not_covering"] * 2
    assert registry_codes(report) == expected
