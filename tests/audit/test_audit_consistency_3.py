"""Audit, consistency round 3: documents that cannot be tied to the seller.

Contract (docs/verify.md "What consistency compares", **Whose document it is**; DESIGN.md
"qualcheck fails closed"): a licence number does not say whose it is — JY, SC, YB, drug,
drug-information, device, CNCA and CMA numbers do not carry the USCC — so every document
must be *tied* to the seller: its USCC compared with the seller's (a business licence's
number, a ``holder_uscc``), its holder name compared with the seller's name, on an
identity document its number compared with the record's ID number or its name with the
person's, or a registry listing the licence as the seller's.  A document tied by none of
them is *review* (``consistency.holder_missing``, a warning naming its rule, at the
document's ``holder_name``, its message naming the document and what was missing), never
a silent pass.  A holder field that holds no name (``无``, ``/``, ``见附件``, ``名称：``), a
masked name that fits, or the seller's own shop name is not another holder's name: never a
fail by itself.

Beyond test_audit_consistency_2.py and test_audit_domain_consistency.py: the tie itself
(every licence kind, the registry's listing, identity documents of natural persons and of
representatives), placeholders and pointers in the holder name, masked names, shop names
(and a seller naming a shop after another company), addresses, branches with the head
office's USCC, individual businesses without a trade name, the command line.
Generated numbers only (``qualcheck.testing``).
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from audit_support import (
    AS_OF,
    AS_OF_TEXT,
    PASSING,
    RIC,
    example,
    food_shop,
    natural_person,
    no_traceback,
    run_cli,
    write_jsonl,
)

from qualcheck import Decision, Report, verify
from qualcheck._codes import Severity
from qualcheck.checks import Context
from qualcheck.checks.consistency import consistency
from qualcheck.models import Merchant
from qualcheck.policy import Policy
from qualcheck.registries import LookupResult
from qualcheck.testing import (
    PROFILES,
    MockRegistry,
    make_cma,
    make_cnca,
    make_device_business,
    make_drug_business,
    make_drug_info,
    make_food_business,
    make_food_filing,
    make_food_production,
    make_merchant,
    make_ric,
    make_uscc,
)

HOLDER_MISSING = "consistency.holder_missing"
REGION = "330106"  # Hangzhou, Xihu district
USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(5301))
OTHER_USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(5302))
HEAD_USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(5303))
IB_USCC = make_uscc(entity_type="2", region=REGION, rng=random.Random(5304))
NAME = "杭州示例优选食品有限公司"
REP = "张三"
REP_ID = make_ric(rng=random.Random(5305))

LICENCE_NUMBERS: dict[str, str] = {
    "food_business": make_food_business(form=1, region=REGION, rng=random.Random(5310)),
    "food_filing": make_food_filing(region=REGION, rng=random.Random(5311)),
    "food_production": make_food_production(region=REGION, rng=random.Random(5312)),
    "drug_business": make_drug_business(province="浙", rng=random.Random(5313)),
    "drug_info": make_drug_info(province="浙", rng=random.Random(5314)),
    "device_business": make_device_business(province="浙", rng=random.Random(5315)),
    "cnca": make_cnca(rng=random.Random(5317)),
    "cma": make_cma(rng=random.Random(5318)),
}
"""A number of every licence kind whose number does not carry the holder's USCC."""
DEVICE_FILING = make_device_business(filing=True, province="浙", rng=random.Random(5316))


def _found(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


def _consistency(record: dict[str, Any], registry: LookupResult | None = None) -> list[Any]:
    """The consistency check's findings alone (other checks would judge the made-up
    documents' terms and scopes)."""
    context = Context(as_of=AS_OF, policy=Policy(), registry_result=registry)
    return list(consistency(Merchant.model_validate(record), context))


def _paths(findings: list[Any]) -> list[tuple[str, str]]:
    out = []
    for finding in findings:
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in finding.path)
        out.append((finding.code, path))
    return out


def _seller(*documents: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """An enterprise with its business licence and ``documents``."""
    record: dict[str, Any] = {
        "merchant_id": "audit-consistency-3",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "legal_representative": {"name": REP, "id_number": REP_ID},
        "documents": [
            {"kind": "business_license", "number": USCC, "holder_name": NAME},
            *documents,
        ],
    }
    record.update(fields)
    return record


def _unnamed(record: dict[str, Any], index: int) -> dict[str, Any]:
    """``record`` with the holder name and USCC of ``documents[index]`` removed."""
    out = copy.deepcopy(record)
    for key in ("holder_name", "holder_uscc"):
        out["documents"][index].pop(key, None)
    return out


def _holder_missing(report: Report, index: int) -> Any:
    """The one holder_missing finding, at ``documents[index].holder_name``."""
    (finding,) = (f for f in report.findings if f.code == HOLDER_MISSING)
    assert finding.json_path == f"$.documents[{index}].holder_name"
    assert finding.severity is Severity.WARNING
    assert finding.rule
    return finding


# --- the lead's reproduction ----------------------------------------------------------------


def test_a_food_licence_naming_no_holder_is_review_not_pass() -> None:
    record = food_shop()
    for key in ("holder_name", "holder_uscc"):
        del record["documents"][1][key]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert _found(report) == [(HOLDER_MISSING, "$.documents[1].holder_name")]
    finding = _holder_missing(report, 1)
    assert "food business licence" in finding.message
    assert "食品经营许可证" in finding.message_zh
    assert "no holder name" in finding.message
    assert "no holder USCC" in finding.message
    assert "未载明持证主体名称" in finding.message_zh


def test_nor_do_representative_and_address_tie_it() -> None:
    record = food_shop()
    for key in ("holder_name", "holder_uscc", "legal_representative", "address"):
        del record["documents"][1][key]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert _found(report) == [(HOLDER_MISSING, "$.documents[1].holder_name")]


def test_an_address_naming_the_seller_ties_nothing() -> None:
    record = food_shop()
    document = record["documents"][1]
    del document["holder_name"], document["holder_uscc"]
    document["address"] = f"{record['name']}，{document['address']}"
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    _holder_missing(report, 1)


# --- every licence kind ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(LICENCE_NUMBERS))
def test_every_licence_kind_naming_no_holder_is_untied(kind: str) -> None:
    record = _seller({"kind": kind, "number": LICENCE_NUMBERS[kind]})
    assert _paths(_consistency(record)) == [(HOLDER_MISSING, "$.documents[1].holder_name")]


def test_a_device_filing_naming_no_holder_is_untied() -> None:
    record = _seller({"kind": "device_business", "number": DEVICE_FILING})
    assert _paths(_consistency(record)) == [(HOLDER_MISSING, "$.documents[1].holder_name")]


@pytest.mark.parametrize("kind", sorted(LICENCE_NUMBERS))
@pytest.mark.parametrize(
    "holder",
    [{"holder_uscc": USCC}, {"holder_name": NAME}, {"holder_uscc": USCC, "holder_name": "无"}],
    ids=["uscc-alone", "name-alone", "uscc-and-placeholder"],
)
def test_a_holder_uscc_or_a_holder_name_ties_it(kind: str, holder: dict[str, str]) -> None:
    record = _seller({"kind": kind, "number": LICENCE_NUMBERS[kind], **holder})
    assert _consistency(record) == []


@pytest.mark.parametrize("index", PASSING)
def test_unnamed_licences_of_every_passing_example_are_review(index: int) -> None:
    record = example(index)
    licences = [
        j
        for j, document in enumerate(record["documents"])
        if document["kind"] not in ("business_license", "identity")
    ]
    for j in licences:
        report = verify(_unnamed(record, j), as_of=AS_OF)
        assert report.decision is Decision.REVIEW, (index, j)
        assert report.codes == (HOLDER_MISSING,), (index, j)
        _holder_missing(report, j)


@pytest.mark.parametrize("profile", [p for p in PROFILES if p != "natural_person"])
def test_generated_sellers_need_a_holder_on_their_licences(profile: str) -> None:
    record = make_merchant(profile, as_of=AS_OF, rng=random.Random(5320))
    assert verify(record, as_of=AS_OF).decision is Decision.PASS
    for j, document in enumerate(record["documents"]):
        if document["kind"] == "business_license":
            continue
        unnamed = _unnamed(record, j)
        assert verify(unnamed, as_of=AS_OF).codes == (HOLDER_MISSING,), (profile, j)
        with_uscc = copy.deepcopy(unnamed)
        with_uscc["documents"][j]["holder_uscc"] = record["uscc"]
        assert verify(with_uscc, as_of=AS_OF).decision is Decision.PASS, (profile, j)


# --- the business licence: its number is the USCC ------------------------------------------


@pytest.mark.parametrize("holder_name", [None, "*", "—", "·", "/", "见附件"])
def test_a_business_licence_is_tied_by_its_number(holder_name: str | None) -> None:
    record = food_shop()
    licence = record["documents"][0]
    if holder_name is None:
        del licence["holder_name"]
    else:
        licence["holder_name"] = holder_name
    report = verify(record, as_of=AS_OF)
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_a_business_licence_of_another_uscc_still_fails_without_a_name() -> None:
    record = food_shop()
    record["documents"][0].update(number=OTHER_USCC, holder_name="/")
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert ("consistency.uscc_mismatch", "$.documents[0].number") in _found(report)
    assert HOLDER_MISSING not in report.codes


# --- placeholders, pointers and labels in the holder name ----------------------------------

PLACEHOLDERS = [
    "无",
    "/",
    "／",
    "空",
    "-",
    "--",
    "——",
    "*",
    "N/A",
    "null",
    "（无）",
    "暂无",
    "见附件",
    "详见附件",
    "同上",
    "同营业执照",
    "不详",
    "名称：",
    "经营者名称:",
    " · ",
]


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
def test_a_placeholder_holder_name_is_no_name_never_a_fail(placeholder: str) -> None:
    record = food_shop()
    record["documents"][1]["holder_name"] = placeholder
    report = verify(record, as_of=AS_OF)  # the holder USCC ties it
    assert (report.decision, report.codes) == (Decision.PASS, ())
    del record["documents"][1]["holder_uscc"]
    report = verify(record, as_of=AS_OF)  # nothing ties it
    assert report.decision is Decision.REVIEW
    assert report.codes == (HOLDER_MISSING,)
    finding = _holder_missing(report, 1)
    assert "is no name" in finding.message
    assert "不是名称" in finding.message_zh


@pytest.mark.parametrize(
    "placeholder", ["空", "见附件", "（见附件）", "同上", "不详", "***", "N/A"]
)
def test_a_placeholder_holder_uscc_is_no_uscc_never_a_fail(placeholder: str) -> None:
    record = food_shop()
    record["documents"][1]["holder_uscc"] = placeholder
    report = verify(record, as_of=AS_OF)  # the holder name ties it
    assert (report.decision, report.codes) == (Decision.PASS, ())
    del record["documents"][1]["holder_name"]
    report = verify(record, as_of=AS_OF)  # nothing ties it
    assert report.decision is Decision.REVIEW
    assert report.codes == (HOLDER_MISSING,)


def test_a_placeholder_with_another_companys_uscc_fails() -> None:
    record = food_shop()
    record["documents"][1].update(holder_name="/", holder_uscc=OTHER_USCC)
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert _found(report) == [("consistency.uscc_mismatch", "$.documents[1].holder_uscc")]


def test_another_companys_uscc_fails_though_the_name_matches() -> None:
    record = food_shop()
    record["documents"][1]["holder_uscc"] = OTHER_USCC
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert _found(report) == [("consistency.uscc_mismatch", "$.documents[1].holder_uscc")]


def _assert_name_mismatch(record: dict[str, Any]) -> None:
    """The record fails, on the food licence's holder name only."""
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert _found(report) == [("consistency.name_mismatch", "$.documents[1].holder_name")]


def test_a_name_that_only_begins_like_a_label_is_still_compared() -> None:
    # 名称科技有限公司 is a name (docs/models.md): not a label alone, so compared — and
    # another company's
    record = food_shop()
    record["documents"][1]["holder_name"] = "名称科技有限公司"
    _assert_name_mismatch(record)


def test_a_huge_placeholder_is_read_without_error() -> None:
    record = food_shop()
    record["documents"][1]["holder_name"] = "/" * 19_000  # as long as the models read
    del record["documents"][1]["holder_uscc"]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert report.codes == (HOLDER_MISSING,)


# --- masked names --------------------------------------------------------------------------


def test_a_masked_holder_name_that_fits_is_untied_without_a_uscc() -> None:
    record = food_shop()
    record["documents"][1]["holder_name"] = "杭州示例**食品有限公司"
    assert verify(record, as_of=AS_OF).decision is Decision.PASS  # its USCC ties it
    del record["documents"][1]["holder_uscc"]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert "masked" in _holder_missing(report, 1).message


def test_a_masked_holder_name_that_does_not_fit_fails() -> None:
    record = food_shop()
    record["documents"][1]["holder_name"] = "宁波示例**食品有限公司"
    _assert_name_mismatch(record)


# --- shop names ----------------------------------------------------------------------------


def test_the_sellers_shop_name_as_holder_with_its_uscc_passes() -> None:
    record = food_shop()
    record["documents"][1]["holder_name"] = record["shops"][0]["name"]
    report = verify(record, as_of=AS_OF)
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_the_sellers_shop_name_as_holder_alone_is_review() -> None:
    record = food_shop()
    shop = record["shops"][0]["name"]
    record["documents"][1]["holder_name"] = shop
    del record["documents"][1]["holder_uscc"]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    finding = _holder_missing(report, 1)
    assert shop in finding.message
    assert "店铺名称" in finding.message_zh


def test_a_shop_named_after_another_company_does_not_excuse_its_licence() -> None:
    # the seller names its shop after the company whose licence number it uses: a name
    # ending in a legal form is a registered name, and another one
    other = "宁波另一家食品有限公司"
    record = food_shop()
    record["shops"].append({"shop_id": "tm-1", "name": other})
    record["documents"][1]["holder_name"] = other
    del record["documents"][1]["holder_uscc"]
    _assert_name_mismatch(record)


def test_a_shop_like_name_that_is_not_the_sellers_shop_is_compared() -> None:
    record = food_shop()
    record["documents"][1]["holder_name"] = "示例优选食品专营店"
    _assert_name_mismatch(record)


def test_a_phone_number_in_a_shop_name_is_masked_in_the_finding() -> None:
    shop = "示例优选13912345678"
    record = food_shop()
    record["shops"][0]["name"] = shop
    record["documents"][1]["holder_name"] = shop
    del record["documents"][1]["holder_uscc"]
    report = verify(record, as_of=AS_OF)
    finding = _holder_missing(report, 1)
    for text in (finding.message, finding.message_zh, repr(finding.ctx)):
        assert "13912345678" not in text


# --- the registry ----------------------------------------------------------------------------


def _registry_result(record: dict[str, Any], **changes: Any) -> MockRegistry:
    mock = MockRegistry()
    mock.add_merchant(record, **changes)
    return mock


def test_a_registry_listing_the_licence_ties_it() -> None:
    named = food_shop()
    record = _unnamed(named, 1)
    report = verify(record, as_of=AS_OF, registry=_registry_result(named))
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_a_registry_not_listing_the_licence_leaves_it_untied() -> None:
    named = food_shop()
    record = _unnamed(named, 1)
    report = verify(record, as_of=AS_OF, registry=_registry_result(named, licenses=[]))
    assert report.decision is Decision.REVIEW
    assert set(report.codes) == {HOLDER_MISSING, "registry.license_not_found"}


def test_a_licence_listed_for_another_holder_does_not_tie_it() -> None:
    named = food_shop()
    mock = MockRegistry()
    base = mock.add_merchant(named)
    listed = [lic.model_copy(update={"holder_uscc": OTHER_USCC}) for lic in base.licenses]
    mock.add(base.model_copy(update={"licenses": tuple(listed)}))
    report = verify(_unnamed(named, 1), as_of=AS_OF, registry=mock)
    assert report.decision is Decision.REVIEW
    assert set(report.codes) == {HOLDER_MISSING, "registry.license_not_found"}


@pytest.mark.parametrize("outcome", ["unavailable", "timeout", "not_found"])
def test_a_registry_that_cannot_answer_ties_nothing(outcome: str) -> None:
    named = food_shop()
    mock = _registry_result(named)
    mock.force(named["uscc"], outcome)
    report = verify(_unnamed(named, 1), as_of=AS_OF, registry=mock)
    assert report.decision is not Decision.PASS
    assert HOLDER_MISSING in report.codes


# --- identity documents -----------------------------------------------------------------------


def _person(holder_name: str | None, id_on_record: bool = True) -> dict[str, Any]:
    """A natural person 周九 (generated ID) with one identity card."""
    card: dict[str, Any] = {
        "kind": "identity",
        "number": RIC,
        "valid_from": "2018-06-20",
        "valid_to": "2038-06-20",
    }
    if holder_name is not None:
        card["holder_name"] = holder_name
    record = natural_person(
        "np-3", "周九", RIC, "普通商品", documents=[card], declared_annual_turnover_yuan=1000
    )
    if not id_on_record:
        del record["legal_representative"]
    return record


@pytest.mark.parametrize(
    ("holder_name", "id_on_record", "decision"),
    [
        ("周九", True, Decision.PASS),
        ("周九", False, Decision.PASS),  # the name ties it
        (None, True, Decision.PASS),  # the number ties it
        ("周*", True, Decision.PASS),
        ("/", True, Decision.PASS),
        (None, False, Decision.REVIEW),  # nothing does
        ("周*", False, Decision.REVIEW),
        ("/", False, Decision.REVIEW),
        ("赵*", True, Decision.FAIL),  # a masked name that is another person's
        ("赵六", False, Decision.FAIL),
    ],
)
def test_a_natural_persons_identity_card_is_tied_by_name_or_number(
    holder_name: str | None, id_on_record: bool, decision: Decision
) -> None:
    report = verify(_person(holder_name, id_on_record), as_of=AS_OF)
    assert report.decision is decision, _found(report)
    if decision is Decision.REVIEW:
        assert report.codes == (HOLDER_MISSING,)
        finding = _holder_missing(report, 0)
        assert "身份证件" in finding.message_zh
        assert "ID number" in finding.message


def test_another_persons_card_fails_by_its_number() -> None:
    record = _person(None)
    record["documents"][0]["number"] = make_ric(rng=random.Random(5330))
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert _found(report) == [("consistency.id_mismatch", "$.documents[0].number")]


def _representative_card(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "identity",
        "number": REP_ID,
        "holder_name": REP,
        "valid_from": "2015-01-01",
        "valid_to": "2035-01-01",
        **fields,
    }


def test_a_representatives_card_is_tied_by_the_licence_when_the_record_names_nobody() -> None:
    record = _seller(_representative_card(), legal_representative=None)
    record["documents"][0]["legal_representative"] = f"{REP}（法定代表人）"
    assert _consistency(record) == []
    record["documents"][-1]["holder_name"] = "赵六"
    assert _paths(_consistency(record)) == [
        ("consistency.name_mismatch", "$.documents[1].holder_name")
    ]


@pytest.mark.parametrize("printed", [None, "/", "张*", "张三、李四"])
def test_a_representatives_card_with_nobody_to_compare_is_review_not_fail(
    printed: str | None,
) -> None:
    record = _seller(_representative_card(), legal_representative=None)
    if printed is not None:
        record["documents"][0]["legal_representative"] = printed
    findings = _consistency(record)
    assert _paths(findings) == [(HOLDER_MISSING, "$.documents[1].holder_name")]
    assert "比对的名称" in findings[0].message_zh


def test_a_representatives_card_of_the_record_is_tied_by_its_number_alone() -> None:
    record = _seller(_representative_card(holder_name="/"))
    assert _consistency(record) == []


# --- branches and individual businesses -------------------------------------------------------

BRANCH = "杭州示例优选食品有限公司西湖分公司"
BRANCH_USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(5340))


def test_a_branch_seller_whose_licence_carries_the_head_offices_uscc_fails() -> None:
    record = _seller(
        {
            "kind": "food_business",
            "number": LICENCE_NUMBERS["food_business"],
            "holder_name": BRANCH,
            "holder_uscc": HEAD_USCC,
        },
        subject_type="分公司",
        name=BRANCH,
        uscc=BRANCH_USCC,
    )
    record["documents"][0].update(number=BRANCH_USCC, holder_name=BRANCH)
    assert _paths(_consistency(record)) == [
        ("consistency.uscc_mismatch", "$.documents[1].holder_uscc")
    ]


def test_a_head_office_with_its_branchs_licence_naming_it_is_review() -> None:
    record = _seller(
        {
            "kind": "food_business",
            "number": LICENCE_NUMBERS["food_business"],
            "holder_name": BRANCH,
            "holder_uscc": USCC,
        }
    )
    assert _paths(_consistency(record)) == [
        ("consistency.name_similar", "$.documents[1].holder_name")
    ]


def _individual(filing: dict[str, Any], **fields: Any) -> dict[str, Any]:
    record = {
        "subject_type": "个体工商户",
        "name": "杭州市西湖区示例便利店",
        "uscc": IB_USCC,
        "legal_representative": {"name": "吴十"},
        "documents": [
            {"kind": "business_license", "number": IB_USCC, "holder_name": "无字号"},
            {"kind": "food_filing", "number": LICENCE_NUMBERS["food_filing"], **filing},
        ],
    }
    record.update(fields)
    return record


def test_an_individual_business_without_a_trade_name_needs_its_uscc() -> None:
    tied = _individual({"holder_name": "无字号", "holder_uscc": IB_USCC})
    assert _consistency(tied) == []
    untied = _individual({"holder_name": "无字号", "legal_representative": "吴十"})
    assert _paths(_consistency(untied)) == [(HOLDER_MISSING, "$.documents[1].holder_name")]


def test_an_individual_business_licence_naming_its_operator_is_tied() -> None:
    record = _individual({"holder_name": "吴十", "legal_representative": "吴十"})
    assert _consistency(record) == []
    record = _individual({"holder_name": "吴十"})  # only the record names the operator
    assert _paths(_consistency(record)) == [
        ("consistency.name_similar", "$.documents[1].holder_name")
    ]


# --- a seller without a USCC ----------------------------------------------------------------


def test_a_holder_uscc_with_no_seller_uscc_to_compare_is_untied() -> None:
    card = {"kind": "identity", "number": RIC, "holder_name": "周九"}
    licence = {
        "kind": "food_business",
        "number": LICENCE_NUMBERS["food_business"],
        "holder_uscc": OTHER_USCC,
    }
    record = natural_person("np-4", "周九", RIC, "普通商品", documents=[card, licence])
    findings = _consistency(record)
    # the licence's holder USCC is an enterprise's (91…): a "natural person" it was issued
    # to is registered, which the declared kind contradicts (test_audit_lifecycle_3)
    assert _paths(findings) == [
        ("consistency.subject_type_mismatch", "$.documents[1].holder_uscc"),
        (HOLDER_MISSING, "$.documents[1].holder_name"),
    ]
    assert "no USCC of the seller" in findings[1].message


# --- the command line -----------------------------------------------------------------------


def test_the_command_line_reviews_an_untied_licence(tmp_path: Path) -> None:
    record = _unnamed(food_shop(), 1)
    path = write_jsonl(tmp_path / "untied.jsonl", [record])
    result = run_cli("verify", str(path), "--as-of", AS_OF_TEXT, "--json")
    no_traceback(result)
    assert result.returncode == 3, result.stderr
    assert HOLDER_MISSING in result.stdout
    zh = run_cli("verify", str(path), "--as-of", AS_OF_TEXT, "--lang", "zh")
    assert zh.returncode == 3, zh.stderr
    assert "无法确认食品经营许可证属于本商户" in zh.stdout
