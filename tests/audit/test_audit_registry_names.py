"""Audit: the registry's answer against the record — names, operators, branches, former
names, legal representatives, and answers about another company.

Contract (qualcheck/checks/registry.py, checks/consistency.py, docs/registries/index.md
"The registered name against the declared one", docs/verify.md "What consistency
compares"; reference: registries-and-users.md §3):

* the registered name is compared with the declared one by the consistency check's rules:
  for the same pair of names the decision is the same — equal after normalisation
  (full- and half-width forms, brackets, spaces, case, 有限责任公司) passes, a near miss
  (the place or a branch's part written otherwise, traditional characters, one name
  holding the other) is reviewed (``registry.name_similar``), another name fails
  (``registry.name_mismatch``); but a head office's name and its branch's fail against
  the registry (the registry answered for the USCC: a branch is a subject of its own);
* a former name (曾用名), also written otherwise, is ``registry.name_former`` (review);
* an individual business (个体工商户, 92…) follows the operator rule, the registry's legal
  representative being its operator: named by its operator on one side and by its trade
  name on the other passes when the registry shows that operator, is reviewed when it
  shows nobody or a masked name, fails when it shows another person; a registry with no
  trade name (``*``, ``无``, ``无字号``, the operator's name, also in brackets) is no
  other name;
* the legal representative is compared as on documents: a masked name that fits
  (``张*``, ``张**``), a role after it, middle dots (``阿卜杜·热合曼``) agree;
* an answer about another company never confirms the seller.

Registries: the embedded ``SqliteRegistry`` on a real temporary file, and the Tianyancha
and Qichacha adapters against the loopback ``RegistryServer`` (their emulators, or a
handler answering for another company).  Personal numbers: none; USCCs are generated.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, registry_merchant

from qualcheck import Decision, Report, verify
from qualcheck.registries import RegistryRecord, SqliteRegistry
from qualcheck.registries.driver import DriverOptions, HttpRegistry
from qualcheck.registries.qichacha import QichachaAdapter
from qualcheck.registries.tianyancha import TianyanchaAdapter
from qualcheck.testing import make_uscc
from qualcheck.testing.provider_emulators import QichachaEmulator, TianyanchaEmulator
from qualcheck.testing.registry_server import Incoming, RegistryServer, Reply

RNG = random.Random(20261130)
COMPANY = make_uscc(entity_type="1", region="110108", rng=RNG)
OTHER_COMPANY = make_uscc(entity_type="1", region="330106", rng=RNG)
INDIVIDUAL = make_uscc(entity_type="2", region="330106", rng=RNG)
SHOP = "杭州市西湖区老王水果店"
OPERATOR = "王五"


def registry_codes(report: Report) -> list[str]:
    return [code for code in report.codes if code.startswith("registry.")]


def seller(uscc: str, name: str, representative: str | None, *, individual: bool = False) -> Any:
    """A seller with its long-term business licence in its declared name."""
    record = registry_merchant("audit-regnames", uscc, name, representative or "")
    if representative is None:
        del record["legal_representative"]
    if individual:
        record["subject_type"] = "个体工商户"
    return record


@pytest.fixture
def snapshot(tmp_path: Path) -> Iterator[Any]:
    """``snapshot(*rows)``: a registry file loaded from export rows, opened read-only."""
    opened: list[SqliteRegistry] = []

    def make(*rows: dict[str, Any]) -> SqliteRegistry:
        path = tmp_path / f"registry-{len(opened)}.sqlite"
        source = tmp_path / f"export-{len(opened)}.jsonl"
        lines = [json.dumps({"status": "存续", **row}, ensure_ascii=False) for row in rows]
        source.write_text("\n".join(lines), encoding="utf-8")
        with SqliteRegistry.create(path) as writer:
            assert writer.load(source).ok
        registry = SqliteRegistry(path, name="snapshot")
        opened.append(registry)
        return registry

    yield make
    for registry in opened:
        registry.close()


def judged(snapshot: Any, record: dict[str, Any], **row: Any) -> Report:
    return verify(record, as_of=AS_OF, registry=snapshot({"uscc": record["uscc"], **row}))


# --------------------------------------------------------- individual businesses: the operator


@pytest.mark.parametrize(
    ("declared", "registered"),
    [
        (OPERATOR, SHOP),  # the record names it by its operator, the registry by its 字号
        (SHOP, OPERATOR),  # no trade name registered: the registry prints the operator
        (SHOP, f"（{OPERATOR}）"),  # … in brackets
        (SHOP, f"({OPERATOR})"),
        (SHOP, "*"),  # … or a placeholder
        (SHOP, "无字号"),
        (SHOP, "（无）"),
        (OPERATOR, "*"),
        (OPERATOR, f"【{OPERATOR}】"),
    ],
)
@pytest.mark.parametrize("listed", [OPERATOR, f"{OPERATOR}（经营者）"])
def test_an_individual_business_named_by_its_operator_passes(
    snapshot: Any, declared: str, registered: str, listed: str
) -> None:
    """Defect (fixed): every one of these was ``registry.name_mismatch`` — a real, valid
    individual business failed.  The registry names its operator (经营者): that ties the
    trade name to him, as the consistency check's operator rule does."""
    record = seller(INDIVIDUAL, declared, OPERATOR, individual=True)
    report = judged(snapshot, record, name=registered, legal_representative=listed)
    assert (report.decision, registry_codes(report)) == (Decision.PASS, [])


def test_an_individual_business_declared_as_a_person_follows_the_rule_by_its_uscc(
    snapshot: Any,
) -> None:
    """Its USCC (92…) shows what it is: the operator rule applies to the registry's
    answer whatever the declared kind (the kind mismatch is reviewed elsewhere)."""
    record = seller(INDIVIDUAL, OPERATOR, OPERATOR)
    record["subject_type"] = "自然人"
    report = judged(snapshot, record, name=SHOP, legal_representative=OPERATOR)
    assert registry_codes(report) == []
    assert report.decision is Decision.REVIEW  # consistency.subject_type_mismatch only
    assert report.codes == ("consistency.subject_type_mismatch",)


@pytest.mark.parametrize("listed", [None, "", "王*", "*五", "王**"])
def test_an_operator_the_registry_does_not_show_is_reviewed_not_failed(
    snapshot: Any, listed: str | None
) -> None:
    record = seller(INDIVIDUAL, OPERATOR, OPERATOR, individual=True)
    row: dict[str, Any] = {"name": SHOP}
    if listed is not None:
        row["legal_representative"] = listed
    report = judged(snapshot, record, **row)
    assert report.decision is Decision.REVIEW, report.codes
    assert registry_codes(report) == ["registry.name_similar"]
    (finding,) = [f for f in report.findings if f.code == "registry.name_similar"]
    assert finding.json_path == "$.name"
    assert finding.ctx["registry_name"] == SHOP
    assert "经营者" in finding.message_zh


@pytest.mark.parametrize("declared", [OPERATOR, "李四"])
def test_another_operator_fails(snapshot: Any, declared: str) -> None:
    """The registry's operator is another person: the name the record gives (the
    operator's, or the registry's operator's while the record names another) is no name
    of this business."""
    record = seller(INDIVIDUAL, declared, OPERATOR, individual=True)
    report = judged(snapshot, record, name=SHOP, legal_representative="赵六")
    assert report.decision is Decision.FAIL
    assert "registry.name_mismatch" in report.codes
    assert "registry.legal_rep_mismatch" in report.codes


def test_the_operator_rule_is_for_individual_businesses_only(snapshot: Any) -> None:
    """A company is never named by its legal representative."""
    record = seller(COMPANY, "张三", "张三")
    report = judged(snapshot, record, name="北京示例科技有限公司", legal_representative="张三")
    assert report.decision is Decision.FAIL
    assert registry_codes(report) == ["registry.name_mismatch"]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (OPERATOR, None),
        (None, "similar"),
        ("王*", "similar"),
        ("赵六", "mismatch"),
    ],
)
def test_the_operator_rule_decides_alike_for_a_document_and_the_registry(
    snapshot: Any, printed: str | None, expected: str | None
) -> None:
    """The same pair of names, the same operator shown: the licence (consistency) and
    the registry's answer (registry) decide alike.  (A masked operator on a document
    was a mismatch — a fail — before: the shared rule reviews it.)"""
    offline = seller(INDIVIDUAL, OPERATOR, OPERATOR, individual=True)
    offline["documents"][0]["holder_name"] = SHOP
    if printed is not None:
        offline["documents"][0]["legal_representative"] = printed
    by_document = verify(offline, as_of=AS_OF).codes
    online = seller(INDIVIDUAL, OPERATOR, OPERATOR, individual=True)
    row = {"name": SHOP} | ({"legal_representative": printed} if printed else {})
    by_registry = judged(snapshot, online, **row).codes
    assert _name_verdict(by_document, "consistency") == expected
    assert _name_verdict(by_registry, "registry") == expected


def _name_verdict(codes: tuple[str, ...], check: str) -> str | None:
    """``"similar"``, ``"mismatch"``, ``"not_comparable"`` or ``None``: what ``check`` said
    of the name."""
    for verdict in ("similar", "mismatch", "former", "not_comparable"):
        if f"{check}.name_{verdict}" in codes:
            return "similar" if verdict == "former" else verdict
    return None


# ------------------------------------------------------------ enterprises: names and branches


PAIRS = [
    # equal after normalisation
    ("示例（深圳）科技有限责任公司 ", "示例(深圳)科技有限公司", None),
    ("示例科技有限公司\u3000", "示例科技有限公司", None),
    ("示例科技有限公司\u200b", "示例科技有限公司", None),
    ("Example Trading (Beijing) Co., Ltd. ", "EXAMPLE TRADING（BEIJING）CO.,LTD", None),
    ("ＡＢＣ示例科技有限公司", "ABC示例科技有限公司", None),
    # one name written otherwise
    ("杭州示例优选食品有限公司", "示例优选食品（杭州）有限公司", "similar"),
    ("杭州示例优选食品有限公司", "杭州示例優選食品有限公司", "similar"),
    ("襄樊示例食品有限公司", "湖北省襄阳市示例食品有限公司", "similar"),
    ("示例科技有限公司北京分公司", "示例科技有限公司（北京分公司）", "similar"),
    ("示例科技有限公司北京分公司", "示例科技有限公司(北京分公司)", "similar"),
    ("示例科技有限公司北京分公司", "示例科技有限公司北京市分公司", "similar"),
    ("示例银行股份有限公司北京分行", "示例银行股份有限公司北京市分行", "similar"),
    ("示例科技", "示例科技有限公司", "similar"),
    # other names
    ("示例科技有限公司朝阳分公司", "示例科技有限公司海淀分公司", "mismatch"),
    ("示例科技有限公司北京第一分公司", "示例科技有限公司北京分公司", "mismatch"),
    ("杭州示例食品有限公司", "宁波示例食品有限公司", "mismatch"),
    ("杭州示例食品有限公司", "杭州示范食品有限公司", "mismatch"),
    ("示例食品有限公司", "示例食品股份有限公司", "mismatch"),
    # an English name against a Chinese one: not comparable (review; was a mismatch)
    ("Example Trading (Beijing) Co., Ltd.", "示例贸易（北京）有限公司", "not_comparable"),
]


@pytest.mark.parametrize(("declared", "registered", "expected"), PAIRS)
def test_a_pair_of_names_is_decided_as_the_consistency_check_decides_it(
    snapshot: Any, declared: str, registered: str, expected: str | None
) -> None:
    """Defect (fixed): a branch's part in brackets or its place written otherwise, and a
    name missing its legal form, were failed by the registry (``name_mismatch``) where
    the consistency check reviews the same pair."""
    offline = seller(COMPANY, declared, "李四")
    offline["documents"][0]["holder_name"] = registered
    by_document = verify(offline, as_of=AS_OF)
    online = judged(snapshot, seller(COMPANY, declared, "李四"), name=registered)
    assert _name_verdict(by_document.codes, "consistency") == expected
    assert _name_verdict(online.codes, "registry") == expected
    assert online.decision is by_document.decision
    decision = {None: Decision.PASS, "similar": Decision.REVIEW, "mismatch": Decision.FAIL}
    decision["not_comparable"] = Decision.REVIEW
    assert online.decision is decision[expected]


@pytest.mark.parametrize(
    ("declared", "registered"),
    [
        ("示例科技有限公司北京分公司", "示例科技有限公司"),
        ("示例科技有限公司", "示例科技有限公司北京分公司"),
        ("示例科技有限公司", "示例科技有限公司（北京分公司）"),
    ],
)
def test_a_head_office_and_its_branch_fail_against_the_registry(
    snapshot: Any, declared: str, registered: str
) -> None:
    """The one documented difference: a document naming the head office is reviewed
    (its USCC tells whose it is), but the registry answered for the declared USCC — and
    a branch holds its own: the name is all that tells the subjects apart."""
    report = judged(snapshot, seller(COMPANY, declared, "李四"), name=registered)
    assert report.decision is Decision.FAIL
    assert registry_codes(report) == ["registry.name_mismatch"]


# ------------------------------------------------------------------------------ former names


@pytest.mark.parametrize(
    "declared",
    ["北京旧名科技有限公司", "北京舊名科技有限公司", "旧名科技（北京）有限公司 "],
)
def test_a_former_name_is_reviewed_not_failed(snapshot: Any, declared: str) -> None:
    """Defect (fixed): a former name written otherwise (traditional characters, the
    place in brackets) was a plain ``registry.name_mismatch``."""
    record = seller(COMPANY, declared, "李四")
    report = judged(
        snapshot,
        record,
        name="北京新名科技有限公司",
        legal_representative="李四",
        former_names="北京旧名科技有限公司；北京更早科技有限公司",
    )
    assert report.decision is Decision.REVIEW
    assert registry_codes(report) == ["registry.name_former"]


def test_another_name_than_the_former_ones_still_fails(snapshot: Any) -> None:
    record = seller(COMPANY, "北京别名科技有限公司", "李四")
    report = judged(
        snapshot, record, name="北京新名科技有限公司", former_names="北京旧名科技有限公司"
    )
    assert report.decision is Decision.FAIL
    assert registry_codes(report) == ["registry.name_mismatch"]


def test_a_former_name_found_by_name_in_the_snapshot_is_reviewed(snapshot: Any) -> None:
    """A record with no USCC is looked up by name; the snapshot finds it by its former
    name and answers with the current one."""
    record = seller(COMPANY, "北京旧名科技有限公司", "李四")
    del record["uscc"]
    registry = snapshot(
        {"uscc": COMPANY, "name": "北京新名科技有限公司", "former_names": "北京旧名科技有限公司"}
    )
    report = verify(record, as_of=AS_OF, registry=registry)
    assert registry_codes(report) == ["registry.name_former"]
    assert report.decision is Decision.REVIEW


# ------------------------------------------------------------------- legal representatives


@pytest.mark.parametrize(
    ("declared", "listed"),
    [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("张三", "*三"),
        ("张三", "张三（法定代表人）"),
        ("张三", "张三、李四"),
        ("阿卜杜·热合曼", "阿卜杜热合曼"),
        ("阿卜杜·热合曼", "阿卜杜•热合曼"),
        ("阿卜杜热合曼", "阿卜杜 · 热合曼"),
        ("John Smith", "JOHN SMITH"),
        ("张三", "/"),  # nobody shown: nothing to compare, as on a document
        ("张三", "无"),
        ("张三", "-"),
        ("张三", "**"),  # stars alone show nobody: a placeholder, as on a document
        ("陈大文", "陳大文"),  # traditional characters (a Hong Kong representative)
        ("欧阳锋", "歐陽*"),
    ],
)
def test_a_representative_the_registry_shows_otherwise_agrees(
    snapshot: Any, declared: str, listed: str
) -> None:
    """Defect (fixed): a masked representative (张*, 张**) — registries mask them — and
    one with a role after the name were ``registry.legal_rep_mismatch`` (review) for
    every such seller."""
    record = seller(COMPANY, "北京示例科技有限公司", declared)
    report = judged(snapshot, record, name="北京示例科技有限公司", legal_representative=listed)
    assert (report.decision, report.codes) == (Decision.PASS, ())


@pytest.mark.parametrize("listed", ["李*", "李四", "张*丰", "张三丰"])
def test_another_or_wholly_masked_representative_is_reviewed(snapshot: Any, listed: str) -> None:
    record = seller(COMPANY, "北京示例科技有限公司", "张三")
    report = judged(snapshot, record, name="北京示例科技有限公司", legal_representative=listed)
    assert report.decision is Decision.REVIEW
    assert registry_codes(report) == ["registry.legal_rep_mismatch"]


# ----------------------------------------------------------------- loopback HTTP registries


def _entry(uscc: str, name: str, person: str, **fields: Any) -> RegistryRecord:
    return RegistryRecord(
        uscc=uscc, name=name, legal_representative=person, status="存续", **fields
    )


def _through(adapter: Any, emulator: Any, record: dict[str, Any]) -> Report:
    with RegistryServer(emulator) as server:
        registry = HttpRegistry(adapter(server.url), DriverOptions(attempts=1))
        with registry:
            return verify(record, as_of=AS_OF, registry=registry)


def test_tianyancha_history_names_make_a_former_name(snapshot: Any) -> None:
    entry = _entry(COMPANY, "北京新名科技有限公司", "李四", former_names=("北京旧名科技有限公司",))
    report = _through(
        lambda url: TianyanchaAdapter("t0k", base_url=url),
        TianyanchaEmulator([entry], token="t0k"),
        seller(COMPANY, "北京舊名科技有限公司", "李四"),
    )
    assert registry_codes(report) == ["registry.name_former"]
    assert report.decision is Decision.REVIEW


def test_tianyancha_verification_of_a_former_name_is_reviewed() -> None:
    entry = _entry(COMPANY, "北京新名科技有限公司", "李四", former_names=("北京旧名科技有限公司",))
    report = _through(
        lambda url: TianyanchaAdapter("t0k", base_url=url, mode="verify"),
        TianyanchaEmulator([entry], token="t0k"),
        seller(COMPANY, "北京旧名科技有限公司", "李四"),
    )
    assert registry_codes(report) == ["registry.name_former"]
    assert report.decision is Decision.REVIEW


def test_tianyancha_info_for_an_operator_named_individual_business_passes() -> None:
    entry = _entry(INDIVIDUAL, SHOP, OPERATOR)
    report = _through(
        lambda url: TianyanchaAdapter("t0k", base_url=url),
        TianyanchaEmulator([entry], token="t0k"),
        seller(INDIVIDUAL, OPERATOR, OPERATOR, individual=True),
    )
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_a_verification_denying_an_operators_name_is_reviewed_not_failed() -> None:
    """Qichacha's 三要素核验 answers 2 (企业名称不一致) for an individual business whose
    record names its operator: the operator rule reviews it (it was failed)."""
    entry = _entry(INDIVIDUAL, SHOP, OPERATOR)
    report = _through(
        lambda url: QichachaAdapter("k3y", "s3cret", base_url=url, mode="verify"),
        QichachaEmulator([entry], key="k3y", secret="s3cret"),
        seller(INDIVIDUAL, OPERATOR, OPERATOR, individual=True),
    )
    assert registry_codes(report) == ["registry.name_similar"]
    assert report.decision is Decision.REVIEW


def test_a_verification_denying_a_companys_name_still_fails() -> None:
    entry = _entry(COMPANY, "北京示例科技有限公司", "李四")
    report = _through(
        lambda url: QichachaAdapter("k3y", "s3cret", base_url=url, mode="verify"),
        QichachaEmulator([entry], key="k3y", secret="s3cret"),
        seller(COMPANY, "北京另一科技有限公司", "李四"),
    )
    assert registry_codes(report) == ["registry.name_mismatch"]
    assert report.decision is Decision.FAIL


def _another_company(name: str, uscc: str, person: str) -> Any:
    """A Tianyancha that answers every base-info query with one company's record (a
    provider's fuzzy search picking another entity), and lists no licences."""

    def handler(incoming: Incoming) -> Reply:
        if incoming.path != TianyanchaEmulator.BASEINFO:
            return Reply(body={"error_code": 300000, "reason": "经查无结果", "result": None})
        result = {"name": name, "creditCode": uscc, "legalPersonName": person, "regStatus": "存续"}
        return Reply(body={"error_code": 0, "reason": "ok", "result": result})

    return handler


@pytest.mark.parametrize(
    ("name", "uscc", "person"),
    [
        ("北京示例科技有限公司", OTHER_COMPANY, "李四"),  # same name, another USCC
        ("北京示例科技有限公司杭州分公司", OTHER_COMPANY, "李四"),
        ("北京示例科技有限公司", COMPANY[:-1] + ("0" if COMPANY[-1] != "0" else "1"), "李四"),
        (OPERATOR, INDIVIDUAL, OPERATOR),  # an individual business named by its operator
        ("*", OTHER_COMPANY, "李四"),
    ],
)
def test_an_answer_about_another_company_never_confirms(name: str, uscc: str, person: str) -> None:
    record = seller(COMPANY, "北京示例科技有限公司", "李四")
    report = _through(
        lambda url: TianyanchaAdapter("t0k", base_url=url),
        _another_company(name, uscc, person),
        record,
    )
    assert report.decision is Decision.FAIL
    assert "registry.uscc_mismatch" in report.codes


def test_an_answer_for_another_individual_business_named_by_its_operator_fails(
    snapshot: Any,
) -> None:
    """The registry's business has no trade name and another operator: the operator rule
    does not tie the record's operator-name to it."""
    record = seller(INDIVIDUAL, OPERATOR, OPERATOR, individual=True)
    report = judged(snapshot, record, name="赵六", legal_representative="赵六")
    assert report.decision is Decision.FAIL
    assert "registry.name_mismatch" in report.codes


def test_a_placeholder_name_confirms_no_identity() -> None:
    """A registry record whose only name is a placeholder and that lists no identifier
    identifies nothing: never a pass."""
    record = seller(COMPANY, "北京示例科技有限公司", "李四")

    def handler(incoming: Incoming) -> Reply:
        if incoming.path != TianyanchaEmulator.BASEINFO:
            return Reply(body={"error_code": 300000, "reason": "经查无结果", "result": None})
        result = {"name": "无字号", "legalPersonName": "李四", "regStatus": "存续"}
        return Reply(body={"error_code": 0, "reason": "ok", "result": result})

    report = _through(lambda url: TianyanchaAdapter("t0k", base_url=url), handler, record)
    assert report.decision is not Decision.PASS
    assert "registry.elements_unconfirmed" in report.codes


@pytest.mark.parametrize(
    ("uscc", "declared", "registered", "listed", "expected"),
    [
        (COMPANY, "北京示例科技有限公司", "北京**科技有限公司", "李四", Decision.PASS),
        (COMPANY, "上海示例科技有限公司", "北京**科技有限公司", "李四", Decision.FAIL),
        (INDIVIDUAL, OPERATOR, "杭州市西湖区王*水果店", "王*", Decision.REVIEW),
        (INDIVIDUAL, SHOP, "王*", "王*", Decision.REVIEW),
        (INDIVIDUAL, SHOP, "杭州市西湖区王*水果店", "王*", Decision.FAIL),  # 老王 is not 王*
        (INDIVIDUAL, SHOP, "李*", "李*", Decision.FAIL),
    ],
)
def test_a_masked_registered_name_is_compared_as_the_name_it_fits(
    snapshot: Any, uscc: str, declared: str, registered: str, listed: str, expected: Decision
) -> None:
    """Registries hide part of an operator's name, in the business's name too: a masked
    name that fits the declared one is left uncompared, as a masked holder name is; one
    that fits the record's operator is that operator's name (the operator rule: the
    registry shows him masked, so review); one that fits neither is another name (it
    was a mismatch whatever it fitted)."""
    person = OPERATOR if uscc == INDIVIDUAL else "李四"
    record = seller(uscc, declared, person, individual=uscc == INDIVIDUAL)
    report = judged(snapshot, record, name=registered, legal_representative=listed)
    assert report.decision is expected, report.codes
    if expected is Decision.FAIL:
        assert "registry.name_mismatch" in report.codes
    elif expected is Decision.REVIEW:
        assert registry_codes(report) == ["registry.name_similar"]
