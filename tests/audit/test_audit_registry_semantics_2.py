"""Audit (2): what a registry's answer means for the decision — statuses as providers
write them, and records that contradict themselves or the documents.

Contract (docs/registries/index.md, qualcheck/registries/_status.py,
qualcheck/checks/registry.py; reference: registries-and-users.md §3.4, §6.2):

* an active status says nothing else: active words (存续, 在营, 开业, 在册, 正常, Active,
  In Business …) with harmless filler (企业, 个体工商户, 分支机构, 经营) pass; an active word
  next to anything else (失联, 列入严重违法失信名单, 经营期限届满, pending, struck off) is
  ``registry.status_unknown`` — review, never pass;
* traditional characters read as simplified ones: 存續 is active, 吊銷 revoked, 註銷
  cancelled;
* 责令关闭 (ordered closed; with 吊销 and 撤销 a cause of dissolution in the Company Law)
  fails as revoked; a deregistration still under way (正在进行简易注销, 已告知注销) is review
  (liquidating), not fail;
* a revocation or deregistration date under a status that is not ended contradicts the
  status: ``registry.status_conflict`` (review); under an ended status the status speaks;
* the registry dating the entity's establishment after a date a document gives (成立日期,
  issue date, validity start) → ``registry.established_after_documents`` (review), at that
  document; an establishment after ``as_of`` is ``registry.term_not_started`` even when the
  term's start is earlier;
* a listed licence naming another entity's (valid) USCC as its holder confirms nothing:
  ``registry.license_not_found`` (review);
* whatever the record holds (empty strings everywhere, no status), the check never crashes
  and never passes a record that identifies nothing.

Registries: ``MemoryRegistry``, the embedded ``SqliteRegistry`` on a temporary file, and a
small protocol class answering a fixed record.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, example
from hypothesis import given, settings
from hypothesis import strategies as st

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
from qualcheck.testing import make_uscc

USCC = "91330106JU6XYHXB07"
NAME = "杭州示例优选食品有限公司"
JY = "JY13301067319160"
OTHER_USCC = make_uscc(rng=random.Random(7))


def row(**changes: Any) -> dict[str, Any]:
    """The registry's record of example 1 (a food shop), as it declares itself; a value
    of ``None`` removes the field."""
    base: dict[str, Any] = {
        "uscc": USCC,
        "name": NAME,
        "legal_representative": "张三",
        "status": "存续（在营、开业、在册）",
        "established_on": "2019-04-02",
        "term_from": "2019-04-02",
        "term_to": "长期",
        "scope": "一般项目：食品销售（仅销售预包装食品）；日用百货销售。许可项目：食品销售",
        "licenses": [
            {
                "number": JY,
                "kind": "food_business",
                "valid_from": "2023-06-12",
                "valid_to": "2028-06-11",
            }
        ],
        "source": "gsxt export",
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


class Answer:
    """A registry that answers every query with one record."""

    name = "answer"

    def __init__(self, record: dict[str, Any], kinds: frozenset[str] = frozenset()) -> None:
        self.record = RegistryRecord(**record)
        self.license_kinds = kinds or frozenset({"food_business"})

    def lookup(self, query: RegistryQuery) -> LookupResult:
        return LookupResult.found(self.record, license_kinds=self.license_kinds)

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        return self.lookup(query)


def judged(entity: dict[str, Any], record: dict[str, Any] | None = None) -> Report:
    registry = MemoryRegistry([entity], name="gsxt export")
    return verify(record if record is not None else example(0), as_of=AS_OF, registry=registry)


def registry_codes(report: Report) -> list[str]:
    return [code for code in report.codes if code.startswith("registry.")]


# --------------------------------------------------------------------------------------
# statuses as providers write them


ACTIVE_AS_WRITTEN = [
    "存续（在营、开业、在册）",
    "存续(在营,开业,在册)",
    "在营（开业）企业",
    "在业",
    "在业（个体工商户）",
    "正常经营",
    "存续/在业",
    "分支机构存续",
    "开业",
    "确立",
    "仍注册",
    "存续，未吊销",
    "存續（在營、開業、在冊）",  # traditional characters
    "開業",
    "Active",
    "In Business",
    "Active - In Business",
    "ACTIVE\u3000",
    "Active (not revoked)",
    "1",
]


@pytest.mark.parametrize("status", ACTIVE_AS_WRITTEN)
def test_real_active_statuses_pass(status: str) -> None:
    assert normalize_status(status) is RegistryStatus.ACTIVE
    report = judged(row(status=status))
    assert report.decision is Decision.PASS, report.codes


ACTIVE_WITH_A_CATCH = [
    "存续（失联）",
    "存续(走逃)",
    "存续（列入严重违法失信名单）",
    "存续（严重违法失信企业）",
    "在营（被列入黑名单）",
    "在营（查无此户）",
    "存续（地址无法联系）",
    "在业（经营期限已届满）",
    "存续（营业期限已到期）",
    "存续（冻结）",
    "存续（待迁入）",
    "在营（取缔）",
    "存续（已过期）",
    "Active - pending review",
    "Registered (pending)",
    "Active (struck off)",
    "Active (closed)",
    "存续（列入经营异常名录）",
]


@pytest.mark.parametrize("status", ACTIVE_WITH_A_CATCH)
def test_an_active_word_beside_anything_else_is_never_a_pass(status: str) -> None:
    assert normalize_status(status) is RegistryStatus.UNKNOWN
    report = judged(row(status=status))
    assert registry_codes(report) == ["registry.status_unknown"]
    assert report.decision is Decision.REVIEW
    finding = report.findings[0]
    assert finding.ctx["status_raw"] == status.strip()


_CATCHES = ["失联", "走逃", "严重违法", "失信", "黑名单", "届满", "冻结", "查无", "pending", "?"]


@settings(max_examples=200, deadline=None)
@given(
    active=st.sampled_from(["存续", "在营", "在业", "开业", "正常", "Active", "In Business"]),
    catch=st.sampled_from(_CATCHES),
    before=st.booleans(),
    brackets=st.sampled_from(["（{}）", "({})", "，{}", " {}", "{}"]),
)
def test_no_catch_next_to_an_active_word_reads_as_active(
    active: str, catch: str, before: bool, brackets: str
) -> None:
    part = brackets.format(catch)
    status = part + active if before else active + part
    assert normalize_status(status) is not RegistryStatus.ACTIVE, status


@pytest.mark.parametrize(
    ("status", "code", "decision"),
    [
        ("责令关闭", "registry.status_revoked", Decision.FAIL),
        ("存续（被责令关闭）", "registry.status_revoked", Decision.FAIL),
        ("吊銷，未註銷", "registry.status_revoked", Decision.FAIL),
        ("註銷", "registry.status_cancelled", Decision.FAIL),
        ("遷出", "registry.status_moved_out", Decision.REVIEW),
        ("停業", "registry.status_suspended", Decision.REVIEW),
        ("歇业", "registry.status_suspended", Decision.REVIEW),  # 个体户歇业 (2022)
        # a deregistration under way is not yet one: review, never fail
        ("存续（正在进行简易注销）", "registry.status_liquidating", Decision.REVIEW),
        ("已告知注销", "registry.status_liquidating", Decision.REVIEW),
        ("注销审核中", "registry.status_liquidating", Decision.REVIEW),
    ],
)
def test_ended_and_pending_statuses(status: str, code: str, decision: Decision) -> None:
    report = judged(row(status=status))
    assert registry_codes(report) == [code]
    assert report.decision is decision


def test_a_negated_order_to_close_is_not_one() -> None:
    assert normalize_status("存续（未被责令关闭）") is RegistryStatus.ACTIVE


# --------------------------------------------------------------------------------------
# a record that contradicts itself


@pytest.mark.parametrize("field", ["cancelled_on", "revoked_on"])
@pytest.mark.parametrize("status", ["存续", "在业", "迁出", None])
def test_an_end_date_under_a_status_that_is_not_ended_is_review(
    field: str, status: str | None
) -> None:
    report = judged(row(status=status, **{field: "2020-05-06"}))
    assert "registry.status_conflict" in registry_codes(report)
    assert report.decision is Decision.REVIEW
    finding = next(f for f in report.findings if f.code == "registry.status_conflict")
    assert finding.ctx["date"] == "2020-05-06"
    assert finding.ctx["source"] == "gsxt export"
    assert "2020年5月6日" in finding.message_zh


@pytest.mark.parametrize(
    ("status", "code"),
    [("注销", "registry.status_cancelled"), ("吊销，未注销", "registry.status_revoked")],
)
def test_an_end_date_under_an_ended_status_leaves_the_status_to_speak(
    status: str, code: str
) -> None:
    report = judged(row(status=status, cancelled_on="2020-05-06", revoked_on="2019-01-02"))
    assert registry_codes(report) == [code]
    assert report.decision is Decision.FAIL


def test_end_dates_survive_the_embedded_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "registry.sqlite"
    with SqliteRegistry.create(path) as writer:
        loaded = writer.load([json.dumps(row(cancelled_on="2020年5月6日"), ensure_ascii=False)])
    assert loaded.skipped == 0, loaded.errors
    with SqliteRegistry(path) as registry:
        report = verify(example(0), as_of=AS_OF, registry=registry)
    assert registry_codes(report) == ["registry.status_conflict"]
    assert report.decision is Decision.REVIEW


# --------------------------------------------------------------------------------------
# the registry's dates against the documents'


def test_an_entity_established_after_its_licences_were_issued_is_review() -> None:
    # example 1: business licence 成立日期 2019-04-02, issued 2023-05-08; food licence
    # issued and valid from 2023-06-12
    report = judged(row(established_on="2024-01-01", term_from="2024-01-01"))
    findings = [f for f in report.findings if f.code == "registry.established_after_documents"]
    assert [f.json_path for f in findings] == [
        "$.documents[0].established_on",
        "$.documents[1].issue_date",
    ]
    assert findings[0].ctx["document_date"] == "2019-04-02"
    assert findings[0].ctx["established_on"] == "2024-01-01"
    assert report.decision is Decision.REVIEW


def test_an_entity_established_on_its_licence_date_passes() -> None:
    assert judged(row(established_on="2019-04-02")).decision is Decision.PASS


def test_an_establishment_after_as_of_is_not_hidden_by_an_earlier_term() -> None:
    report = judged(row(established_on="2027-03-01", term_from="2019-04-02"))
    assert "registry.term_not_started" in report.codes
    assert report.decision is Decision.REVIEW


def test_an_operating_term_ended_while_the_status_says_active_is_review() -> None:
    report = judged(row(term_to="2025-12-31"))
    assert registry_codes(report) == ["registry.term_expired"]
    assert report.decision is Decision.REVIEW


# --------------------------------------------------------------------------------------
# licences listed for the entity


def licence(**fields: Any) -> dict[str, Any]:
    return {"number": JY, "kind": "food_business", "valid_from": "2023-06-12", **fields}


def test_a_licence_listed_under_another_holder_confirms_nothing() -> None:
    listed = licence(valid_to="2028-06-11", holder_uscc=OTHER_USCC)
    report = verify(example(0), as_of=AS_OF, registry=Answer(row(licenses=[listed])))
    assert registry_codes(report) == ["registry.license_not_found"]
    assert report.decision is Decision.REVIEW


@pytest.mark.parametrize("holder", [USCC, USCC.lower(), None, "杭州示例优选食品有限公司"])
def test_a_licence_listed_under_this_holder_or_none_is_this_entitys(holder: str | None) -> None:
    listed = licence(valid_to="2028-06-11", holder_uscc=holder)
    report = verify(example(0), as_of=AS_OF, registry=Answer(row(licenses=[listed])))
    assert registry_codes(report) == []


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("暂停", "registry.license_suspended"),
        ("注销", "registry.license_revoked"),
        ("吊銷", "registry.license_revoked"),  # traditional characters
        ("待审核", "registry.license_status_unknown"),
    ],
)
def test_a_listed_licence_status_is_never_read_as_in_force(status: str, code: str) -> None:
    listed = licence(valid_to="2028-06-11", status_raw=status)
    report = judged(row(licenses=[listed]))
    assert registry_codes(report) == [code]
    assert report.decision is not Decision.PASS


# --------------------------------------------------------------------------------------
# records with nothing in them


def test_a_record_of_empty_strings_is_review_not_a_crash() -> None:
    fields = ["name", "uscc", "registration_number", "legal_representative", "status"]
    fields += ["scope", "address", "established_on", "term_from", "term_to"]
    answer = Answer({**dict.fromkeys(fields, ""), "source": "empty"})
    report = verify(example(0), as_of=AS_OF, registry=answer)
    assert "registry.status_unknown" in report.codes
    assert "registry.elements_unconfirmed" in report.codes
    assert report.decision is Decision.REVIEW


def test_an_individual_business_registered_without_a_uscc_is_confirmed_by_name() -> None:
    record = example(7)
    entity = {
        "registration_number": "420106798643267",
        "name": record["name"],
        "legal_representative": record["legal_representative"]["name"],
        "status": "在业",
        "source": "gsxt export",
    }
    report = verify(record, as_of=AS_OF, registry=Answer(entity, frozenset({"cnca"})))
    assert registry_codes(report) == []
    other = {**entity, "name": "武汉市武昌区别家便利店"}
    report = verify(record, as_of=AS_OF, registry=Answer(other, frozenset({"cnca"})))
    assert registry_codes(report) == ["registry.name_mismatch"]
    assert report.decision is Decision.FAIL
