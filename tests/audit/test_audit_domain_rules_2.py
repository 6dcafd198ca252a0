"""Audit, domain round 2: validity, consistency and lifecycle as a compliance officer checks them.

Every case states the decision the reference gives (section cited) and asserts it through
``qualcheck.verify``: decision, finding codes and paths.  Only official rules fail; a
soft rule asks for review and names itself in ``rule``.  Sources:

* domain.md §10.5 — terms: food business / food production / drug business / internet drug
  information / class III device licence 5 years, CMA 6 years, HK/Macao/Taiwan residence
  permit 5 years, ID card 5/10/20/long-term by age (§3.1, 居民身份证法 art. 5); filings
  (§4.3, §6.2) never expire;
* §6.1 — a device licence keeps its number and term on variation (art. 15) and its number on
  renewal (art. 16); the food business licence keeps its number on renewal and counts the
  new term from the renewal decision (食品经营许可管理办法 2015 art. 19, 29, third-party
  reprint [T]);
* §8 — 网络交易监督管理办法 art. 8 (≤ 100,000 yuan a year, all shops added up), art. 24
  (re-verify at least every six months); 民法典 art. 201-202 for counting months (the
  corresponding day of the month, or its last day);
* §1.1/§1.2/§9.3 — the USCC never changes; positions 3-8 are the registrar's region
  (100000 national level); province abbreviations.

Generated numbers only (``qualcheck.testing``).
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, Policy, Report, verify
from qualcheck.testing import (
    make_cma,
    make_cnca,
    make_device_business,
    make_drug_business,
    make_drug_info,
    make_food_business,
    make_food_filing,
    make_food_production,
    make_ric,
    make_uscc,
)

AS_OF = datetime.date(2026, 11, 29)
REGION = "330106"  # 杭州市西湖区
USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(2101))
PARENT_USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(2102))
NAME = "杭州示例优选食品有限公司"
JY = make_food_business(form=1, region=REGION, rng=random.Random(2103))
JY_OTHER = make_food_business(form=1, region=REGION, rng=random.Random(2104))


def _day(offset: int) -> str:
    return (AS_OF + datetime.timedelta(days=offset)).isoformat()


def _licence(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "business_license",
        "number": USCC,
        "holder_name": NAME,
        "legal_representative": "张三",
        "validity": "2019-04-02至长期",
        **fields,
    }


def _doc(kind: str, number: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "number": number,
        "holder_name": NAME,
        "holder_uscc": USCC,
        "legal_representative": "张三",
        **fields,
    }


def _food(number: str = JY, **fields: Any) -> dict[str, Any]:
    term = {"valid_from": "2023-06-12", "valid_to": "2028-06-11"}
    return _doc("food_business", number, **{**term, **fields})


def _seller(*documents: dict[str, Any], **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "merchant_id": "audit-domain-rules-2",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "legal_representative": {"name": "张三"},
        "categories": ["食品销售"],
        "documents": list(documents or (_food(),)),
    }
    if not any(document["kind"] == "business_license" for document in record["documents"]):
        record["documents"].insert(0, _licence())
    record.update(fields)
    return record


def _run(record: dict[str, Any], **options: Any) -> Report:
    return verify(record, as_of=options.pop("as_of", AS_OF), **options)


def _found(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


def _assert(
    report: Report, decision: Decision, *expected: tuple[str, str], soft: bool = False
) -> None:
    """The report has ``decision`` and exactly the findings ``expected`` (code, path); with
    ``soft``, every finding above information names its rule."""
    assert report.decision is decision, _found(report)
    assert sorted(_found(report)) == sorted(expected)
    if soft:
        for finding in report.findings:
            if finding.severity.value != "info":
                assert finding.rule, finding.code


def test_baseline_passes() -> None:
    _assert(_run(_seller()), Decision.PASS)


# =========================================================================== validity

TERMS = [
    # kind, number, categories, longest term in years (domain.md §10.5)
    ("food_business", JY, ["食品销售"], 5),
    ("food_production", make_food_production(region=REGION, rng=random.Random(1)), [], 5),
    ("drug_business", make_drug_business(province="浙", rng=random.Random(2)), [], 5),
    ("drug_info", make_drug_info(province="浙", year=2021, rng=random.Random(3)), [], 5),
    (
        "device_business",
        make_device_business(province="33", year=2021, rng=random.Random(4)),
        [],
        5,
    ),
    ("cma", make_cma(year=2021, authority="浙", rng=random.Random(5)), [], 6),
]
D = "$.documents[1]"


@pytest.mark.parametrize(
    ("kind", "number", "categories", "years"), TERMS, ids=[t[0] for t in TERMS]
)
def test_the_longest_legal_term_passes(
    kind: str, number: str, categories: list[str], years: int
) -> None:
    record = _seller(
        _doc(kind, number, valid_from="2022-01-10", valid_to=f"{2022 + years}-01-09"),
        categories=categories,
    )
    _assert(_run(record), Decision.PASS)


@pytest.mark.parametrize(
    ("kind", "number", "categories", "years"), TERMS, ids=[t[0] for t in TERMS]
)
def test_a_term_a_year_too_long_is_review_naming_the_rule(
    kind: str, number: str, categories: list[str], years: int
) -> None:
    # the date may have been misread: soft (domain.md preamble: [T]/[U] facts never reject)
    record = _seller(
        _doc(kind, number, valid_from="2022-01-10", valid_to=f"{2023 + years}-01-09"),
        categories=categories,
    )
    report = _run(record)
    _assert(report, Decision.REVIEW, ("license.term_too_long", f"{D}.validity"), soft=True)
    assert report.findings[0].ctx["years"] == years


@pytest.mark.parametrize(
    ("kind", "number", "categories", "years"), TERMS, ids=[t[0] for t in TERMS]
)
def test_long_term_on_a_licence_with_a_legal_term_is_review(
    kind: str, number: str, categories: list[str], years: int
) -> None:
    record = _seller(_doc(kind, number, validity="2022-01-10至长期"), categories=categories)
    report = _run(record)
    _assert(report, Decision.REVIEW, ("license.long_term_unexpected", f"{D}.validity"), soft=True)


def test_a_certification_approval_printed_long_term_is_reviewed() -> None:
    # domain.md §7.1 / §11.12 left the approval's term open; 认证机构管理办法 art. 12 sets
    # it at six years (SAMR's public reply, 2023-12; the third validity audit): 长期 is
    # a soft finding now, as on the other licences with a legal maximum
    record = _seller(
        _doc("cnca", make_cnca(year=2010, rng=random.Random(6)), validity="2010-05-04至长期"),
        categories=[],
    )
    _assert(
        _run(record), Decision.REVIEW, ("license.long_term_unexpected", f"{D}.validity"), soft=True
    )


@pytest.mark.parametrize(
    ("valid_to", "decision", "expected"),
    [
        ("2028-06-11", Decision.PASS, ()),  # 有效期至 five years after the issue date
        # a renewal granted months before the old term ended, counted from that end
        ("2028-11-30", Decision.PASS, ()),
        ("2033-06-11", Decision.REVIEW, (("license.term_too_long", f"{D}.validity"),)),
    ],
    ids=["five-years", "renewal-granted-early", "ten-years"],
)
def test_a_licence_printing_only_its_end_is_measured_from_its_issue_date(
    valid_to: str, decision: Decision, expected: tuple[tuple[str, str], ...]
) -> None:
    # food business licences print 发证日期 and 有效期至 only; the term is 5 years from the
    # decision (食品经营许可管理办法 2015 art. 19 [T]; domain.md §4.2); a misread end year
    # went unnoticed when only valid_from was measured (defect, fixed)
    food = _doc("food_business", JY, issue_date="2023-06-12", valid_to=valid_to)
    _assert(_run(_seller(food)), decision, *expected, soft=True)


def test_filings_given_an_end_date_never_expire() -> None:
    # domain.md §4.3 and §6.2: a filing has no expiry; a 备案日期 is not an expiry date
    filing = _doc(
        "food_filing",
        make_food_filing(form=2, region=REGION, rng=random.Random(7)),
        valid_from="2019-01-01",
        valid_to="2024-01-01",
    )
    device_filing = _doc(
        "device_business",
        make_device_business(filing=True, province="33", year=2019, rng=random.Random(8)),
        valid_from="2019-01-01",
        valid_to="2024-01-01",
    )
    record = _seller(filing, device_filing, categories=["预包装食品"])
    _assert(_run(record), Decision.PASS)


def test_issue_date_after_the_start_of_the_term_passes() -> None:
    # a licence changed (变更) is re-issued with the same term: §6.1 art. 15
    _assert(_run(_seller(_food(issue_date="2025-03-01"))), Decision.PASS)


@pytest.mark.parametrize(
    ("field", "offset", "decision", "code", "path"),
    [
        ("issue_date", 0, Decision.PASS, None, None),
        ("issue_date", 1, Decision.FAIL, "license.issue_date_future", f"{D}.issue_date"),
        ("valid_from", 0, Decision.PASS, None, None),
        ("valid_from", 1, Decision.FAIL, "license.not_yet_valid", f"{D}.validity.valid_from"),
    ],
    ids=["issued-today", "issued-tomorrow", "starts-today", "starts-tomorrow"],
)
def test_dates_after_as_of(
    field: str, offset: int, decision: Decision, code: str | None, path: str | None
) -> None:
    food = _food(valid_from="2023-06-12")
    food[field] = _day(offset)
    expected = ((code, path),) if code and path else ()
    _assert(_run(_seller(food)), decision, *expected)


@pytest.mark.parametrize(
    ("days_left", "window", "decision"),
    [
        (60, None, Decision.PASS),
        (60, 90, Decision.REVIEW),  # the policy's own window
        (90, 90, Decision.REVIEW),  # inclusive
        (91, 90, Decision.PASS),
        (0, 0, Decision.REVIEW),  # ends today, window 0: still the last valid day, reminded
    ],
)
def test_expiring_soon_follows_the_policy(
    days_left: int, window: int | None, decision: Decision
) -> None:
    policy = Policy() if window is None else Policy(expiring_soon_days=window)
    report = _run(_seller(_food(valid_to=_day(days_left))), policy=policy)
    expected = (
        [("license.expiring_soon", f"{D}.validity.valid_to")]
        if decision is not Decision.PASS
        else []
    )
    _assert(report, decision, *expected, soft=True)


# ------------------------------------------------------------------- renewals


@pytest.mark.parametrize("old_first", [True, False], ids=["old-first", "new-first"])
def test_an_expired_licence_kept_next_to_its_renewal_passes(old_first: bool) -> None:
    old = _food(valid_from="2018-06-12", valid_to="2023-06-11")
    new = _food(valid_from="2023-06-12", valid_to="2028-06-11")
    documents = (old, new) if old_first else (new, old)
    report = _run(_seller(*documents))
    at = "$.documents[1]" if old_first else "$.documents[2]"
    _assert(report, Decision.PASS, ("license.superseded", f"{at}.validity.valid_to"))


@pytest.mark.parametrize("old_first", [True, False], ids=["old-first", "new-first"])
def test_a_replaced_licence_covers_nothing_its_renewal_dropped(old_first: bool) -> None:
    # the old term listed bulk food, the renewal only pre-packaged food: the seller may no
    # longer sell bulk food, whatever the old copy on file says
    old = _food(valid_from="2018-06-12", valid_to="2023-06-11", scope="散装食品销售")
    new = _food(valid_from="2023-06-12", valid_to="2028-06-11", scope="预包装食品销售")
    documents = (old, new) if old_first else (new, old)
    report = _run(_seller(*documents, categories=["散装食品"]))
    assert report.decision is not Decision.PASS, _found(report)
    assert "category.scope_not_covering" in report.codes, _found(report)
    # and what the renewal still covers passes
    report = _run(_seller(*documents, categories=["预包装食品"]))
    assert report.decision is Decision.PASS, _found(report)


def test_a_licence_still_in_force_covers_its_scope_until_its_renewal_starts() -> None:
    old = _food(valid_from="2021-12-09", valid_to=_day(9), scope="散装食品销售")
    new = _food(valid_from=_day(10), valid_to=_day(10 + 5 * 365 - 2), scope="预包装食品销售")
    report = _run(_seller(old, new, categories=["散装食品"]))
    assert "category.scope_not_covering" not in report.codes, _found(report)


def test_a_renewal_starting_the_day_after_the_old_term_is_the_next_term_not_a_failure() -> None:
    # the seller holds the licence today and its renewal from the day after it ends (a
    # renewal granted before expiry, counted from the old end, §6.1 art. 16 keeps the
    # number): before, the renewal failed as not yet valid and the old one asked for review
    old = _food(valid_from="2021-12-09", valid_to=_day(9))
    new = _food(valid_from=_day(10), valid_to=_day(10 + 5 * 365 - 2))
    report = _run(_seller(old, new))
    _assert(report, Decision.PASS, ("license.superseded", f"{D}.validity.valid_to"))
    assert report.findings[0].ctx["renewal"] == 2


def test_a_renewal_leaving_a_gap_reminds_of_the_gap_but_does_not_fail() -> None:
    old = _food(valid_from="2021-12-09", valid_to=_day(9))
    new = _food(valid_from=_day(20), valid_to=_day(20 + 5 * 365 - 2))
    report = _run(_seller(old, new))
    _assert(report, Decision.REVIEW, ("license.expiring_soon", f"{D}.validity.valid_to"))


def test_a_licence_not_yet_valid_with_nothing_in_force_fails() -> None:
    old = _food(valid_from="2021-11-29", valid_to=_day(-1))
    new = _food(valid_from=_day(1), valid_to=_day(5 * 365))
    report = _run(_seller(old, new))
    _assert(
        report,
        Decision.FAIL,
        ("license.expired", f"{D}.validity.valid_to"),
        ("license.not_yet_valid", "$.documents[2].validity.valid_from"),
    )


def test_an_expired_licence_of_another_number_is_not_a_renewal() -> None:
    # a renewal keeps the number (§6.1 art. 16; food: 许可证编号不变); another number is
    # another licence (a lapsed one re-applied for, another premises): it stays expired
    old = _food(JY_OTHER, valid_from="2018-06-12", valid_to="2023-06-11")
    report = _run(_seller(old, _food()))
    _assert(report, Decision.FAIL, ("license.expired", f"{D}.validity.valid_to"))


# ------------------------------------------------------------- identity documents

BORN_1987 = datetime.date(1987, 9, 8)
RIC = make_ric(birth_date=BORN_1987, rng=random.Random(2105))  # generated: nobody's


def _person(*documents: dict[str, Any], **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "merchant_id": "audit-domain-rules-2-person",
        "subject_type": "natural_person",
        "name": "张三",
        "legal_representative": {"name": "张三", "id_number": RIC},
        "categories": ["日用百货"],
        "declared_annual_turnover_yuan": 5000,
        "documents": list(documents),
    }
    record.update(fields)
    return record


def _card(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "identity",
        "id_type": "居民身份证",
        "number": RIC,
        "holder_name": "张三",
        **fields,
    }


@pytest.mark.parametrize(
    ("term", "decision", "code"),
    [
        # 28 on the first day: 20 years (居民身份证法 art. 5, domain.md §3.1)
        ({"valid_from": "2016-03-01", "valid_to": "2036-03-01"}, Decision.PASS, None),
        (
            {"valid_from": "2016-03-01", "valid_to": "长期"},
            Decision.REVIEW,
            "license.long_term_unexpected",
        ),
        # 17 on the first day: 10 years, not 20
        ({"valid_from": "2005-03-01", "valid_to": "2025-03-01"}, None, "license.term_too_long"),
        # the card printed only with its issue date: the age is told from it
        (
            {"issue_date": "2016-03-01", "valid_to": "2046-03-01"},
            Decision.REVIEW,
            "license.term_too_long",
        ),
    ],
    ids=["20-years-at-28", "long-term-at-28", "20-years-at-17", "30-years-from-issue"],
)
def test_an_id_card_term_follows_the_holders_age(
    term: dict[str, str], decision: Decision | None, code: str | None
) -> None:
    report = _run(_person(_card(**term)))
    if decision is not None:
        assert report.decision is decision, _found(report)
    if code is None:
        assert report.findings == ()
    else:
        assert (code, "$.documents[0].validity") in _found(report)
        assert report.findings[-1].rule or report.findings[0].rule


def test_an_id_card_of_a_holder_past_46_may_be_long_term() -> None:
    born = datetime.date(1960, 1, 1)
    number = make_ric(birth_date=born, rng=random.Random(2106))
    card = _card(number=number, valid_from="2010-05-01", valid_to="长期")
    record = _person(card, legal_representative={"name": "张三", "id_number": number})
    _assert(_run(record), Decision.PASS)


def test_an_expired_id_card_fails() -> None:
    report = _run(_person(_card(valid_from="2006-03-01", valid_to="2016-03-01")))
    _assert(report, Decision.FAIL, ("license.expired", "$.documents[0].validity.valid_to"))
    assert RIC not in report.to_json()


@pytest.mark.parametrize(
    ("valid_to", "decision"), [("2027-03-01", Decision.PASS), ("2032-03-01", Decision.REVIEW)]
)
def test_a_residence_permit_runs_five_years(valid_to: str, decision: Decision) -> None:
    # 国办发〔2018〕81号 art. 6 (domain.md §3.2)
    permit = make_ric(
        holder="hk_permit", birth_date=datetime.date(1990, 1, 1), rng=random.Random(7)
    )
    card = _card(
        id_type="港澳居民居住证", number=permit, valid_from="2022-03-01", valid_to=valid_to
    )
    record = _person(card, legal_representative={"name": "张三", "id_number": permit})
    report = _run(record)
    assert report.decision is decision, _found(report)
    assert all(code == "license.term_too_long" for code, _ in _found(report))


# ======================================================================== consistency


def _named(merchant_name: str, holder_name: str) -> Report:
    licence = _licence(holder_name=merchant_name)
    return _run(_seller(licence, _food(holder_name=holder_name), name=merchant_name))


@pytest.mark.parametrize(
    ("merchant_name", "holder_name"),
    [
        ("杭州示例优选食品股份有限公司", "杭州示例优选食品股份公司"),
        ("杭州示例优选食品有限责任公司", "杭州示例优选食品有限公司"),
        ("示例优选食品（杭州）有限公司", "示例优选食品(杭州)有限公司"),
        ("杭州示例优选食品有限公司", "杭州 示例优选食品 有限公司"),
    ],
)
def test_legal_form_and_bracket_variants_are_one_name(merchant_name: str, holder_name: str) -> None:
    _assert(_named(merchant_name, holder_name), Decision.PASS)


def test_a_different_legal_form_is_a_different_name() -> None:
    # 有限公司 and 股份有限公司 are two legal forms: a licence not changed after a
    # conversion names a name the seller no longer has (the official name rule fails)
    report = _named("杭州示例优选食品股份有限公司", "杭州示例优选食品有限公司")
    _assert(report, Decision.FAIL, ("consistency.name_mismatch", f"{D}.holder_name"))


def test_a_branch_showing_its_parents_food_licence_fails_on_the_uscc() -> None:
    # a branch is registered with its own licence and USCC; the parent's licence is issued
    # to another subject (§1.1: one code per subject)
    branch = "杭州示例优选食品有限公司西湖分公司"
    parent_food = _food(holder_name=NAME, holder_uscc=PARENT_USCC)
    record = _seller(_licence(holder_name=branch), parent_food, name=branch, subject_type="分公司")
    report = _run(record)
    assert report.decision is Decision.FAIL
    assert ("consistency.uscc_mismatch", f"{D}.holder_uscc") in _found(report)
    assert ("consistency.name_similar", f"{D}.holder_name") in _found(report)


def test_a_branch_whose_person_in_charge_differs_from_the_record_is_review() -> None:
    branch = "杭州示例优选食品有限公司西湖分公司"
    record = _seller(
        _licence(holder_name=branch, legal_representative="李四"),
        _food(holder_name=branch, legal_representative="李四"),
        name=branch,
        subject_type="branch",
    )
    report = _run(record)
    _assert(
        report,
        Decision.REVIEW,
        ("consistency.legal_rep_mismatch", "$.documents[0].legal_representative"),
        ("consistency.legal_rep_mismatch", f"{D}.legal_representative"),
        soft=True,
    )


U92 = make_uscc(entity_type="2", region=REGION, rng=random.Random(2107))
YB = make_food_filing(form=2, region=REGION, rng=random.Random(2108))


def _individual(holder_name: str) -> dict[str, Any]:
    return {
        "merchant_id": "audit-domain-rules-2-individual",
        "subject_type": "个体工商户",
        "name": "张三",
        "uscc": U92,
        "legal_representative": {"name": "张三"},
        "categories": ["预包装食品"],
        "documents": [
            {
                "kind": "business_license",
                "number": U92,
                "holder_name": holder_name,
                "legal_representative": "经营者：张三",
            },
            {"kind": "food_filing", "number": YB, "holder_name": holder_name, "holder_uscc": U92},
        ],
    }


@pytest.mark.parametrize(
    "placeholder",
    ["*", "＊＊＊", "***", "/", "-", "—", "——", "无", "（无）", "无字号", "【无字号】"],
)
def test_an_individual_business_without_a_trade_name_passes(placeholder: str) -> None:
    # an individual business may register without a 字号: the licence prints a placeholder
    # and the operator's name stands; ——, （无） failed as name mismatches before (fixed)
    _assert(_run(_individual(placeholder)), Decision.PASS)


def test_a_placeholder_on_an_enterprise_licence_is_no_other_name() -> None:
    # "*" is an empty cell, not another holder's name: the business licence's number (the
    # USCC) ties it to the seller, as when no name is given (test_audit_consistency_3.py);
    # a licence whose number does not carry the USCC needs its holder's (below)
    report = _run(_seller(_licence(holder_name="*"), _food()))
    _assert(report, Decision.PASS)
    report = _run(_seller(_licence(), _food(holder_name="*", holder_uscc=None)))
    _assert(report, Decision.REVIEW, ("consistency.holder_missing", "$.documents[1].holder_name"))


@pytest.mark.parametrize(
    "spelling",
    [
        USCC.lower(),
        f"{USCC[:6]} {USCC[6:12]} {USCC[12:]}",
        f"{USCC[:8]}-{USCC[8:17]}-{USCC[17]}",
        "".join(chr(ord(c) + 0xFEE0) for c in USCC),
        f"统一社会信用代码：{USCC}",
    ],
    ids=["lower", "spaces", "hyphens", "full-width", "labelled"],
)
def test_holder_uscc_spellings_are_the_seller(spelling: str) -> None:
    _assert(_run(_seller(_food(holder_uscc=spelling))), Decision.PASS)


def _regional(uscc_region: str, kind: str, number: str, **fields: Any) -> Report:
    uscc = make_uscc(entity_type="1", region=uscc_region, rng=random.Random(2109))
    term = {"valid_from": "2023-01-10", "valid_to": "2028-01-09", **fields}
    document = {"kind": kind, "number": number, "holder_name": NAME, "holder_uscc": uscc, **term}
    record = _seller(_licence(number=uscc), document, uscc=uscc, categories=[])
    return _run(record)


JING_DRUG = make_drug_business(province="京", rng=random.Random(2110))


@pytest.mark.parametrize(
    ("uscc_region", "decision"),
    [
        ("110105", Decision.PASS),  # Beijing licence, Beijing registrar
        ("310104", Decision.REVIEW),  # Beijing licence, Shanghai registrar: branches exist
        ("100000", Decision.PASS),  # national-level registrar: no province to compare
    ],
)
def test_region_of_the_issuer_is_a_soft_rule(uscc_region: str, decision: Decision) -> None:
    report = _regional(uscc_region, "drug_business", JING_DRUG)
    assert report.decision is decision, _found(report)
    if decision is Decision.REVIEW:
        _assert(report, decision, ("consistency.region_mismatch", f"{D}.number"), soft=True)


def test_a_renamed_district_is_the_same_province() -> None:
    # §9.1 / §11.16: 500105 ended in 2025, 两江新区 500157 began; both Chongqing
    food = make_food_business(form=1, region="500157", rng=random.Random(2111))
    report = _regional("500105", "food_business", food)
    assert "consistency.region_mismatch" not in report.codes


def test_xiongan_registrar_and_baoding_licence_never_fail() -> None:
    # Xiong'an New Area's registrar code 133100 is no GB/T 2260 county code: the USCC is
    # reviewed (uscc.region_unknown, soft), never rejected; its licence from 安新县
    # (130632, 保定) is the same province
    food = make_food_business(form=1, region="130632", rng=random.Random(2112))
    report = _regional("133100", "food_business", food)
    assert report.decision is not Decision.FAIL
    assert "consistency.region_mismatch" not in report.codes
    assert all(finding.rule for finding in report.findings)


def test_cma_authority_codes_are_not_compared_with_the_uscc_region() -> None:
    # the CMA authority table comes from one third-party page (domain.md §7.2, §11.13):
    # not a basis even for a soft region finding
    cma = make_cma(year=2023, authority="沪", rng=random.Random(2113))
    report = _regional("110105", "cma", cma, valid_to="2029-01-09")
    _assert(report, Decision.PASS)


# ========================================================================== lifecycle


@pytest.mark.parametrize(
    ("turnover", "decision"),
    [
        (100000, Decision.PASS),  # "≤ RMB 100 000" (art. 8)
        ("100000.00", Decision.PASS),
        ("10万元", Decision.PASS),
        ("¥100,000", Decision.PASS),
        ("100000.01", Decision.FAIL),
        ("10.0001万", Decision.FAIL),
        (0, Decision.PASS),
    ],
)
def test_turnover_limit(turnover: Any, decision: Decision) -> None:
    report = _run(_person(declared_annual_turnover_yuan=turnover))
    expected = (
        [("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan")]
        if decision is Decision.FAIL
        else []
    )
    _assert(report, decision, *expected)


def test_shops_on_several_platforms_add_up() -> None:
    shops = [
        {"shop_id": "tb-1", "platform": "淘宝", "annual_turnover_yuan": "6万"},
        {"shop_id": "pdd-1", "platform": "拼多多", "annual_turnover_yuan": "40,000.01"},
    ]
    report = _run(_person(shops=shops, declared_annual_turnover_yuan=None))
    _assert(report, Decision.FAIL, ("merchant.exemption_exceeded", "$.shops"))
    shops[1]["annual_turnover_yuan"] = "4万"
    _assert(_run(_person(shops=shops, declared_annual_turnover_yuan=None)), Decision.PASS)


@pytest.mark.parametrize("turnover", [None, "", -1, "-5万", "十万", float("nan"), True])
def test_an_unknown_or_unreadable_turnover_never_passes(turnover: Any) -> None:
    # the platform must monitor the turnover (art. 24): what it cannot read is review
    report = _run(_person(declared_annual_turnover_yuan=turnover))
    assert report.decision is Decision.REVIEW, _found(report)
    assert ("merchant.turnover_unknown", "$.declared_annual_turnover_yuan") in _found(report)


def test_an_absurd_turnover_is_above_the_limit() -> None:
    report = _run(_person(declared_annual_turnover_yuan=1e15))
    _assert(
        report, Decision.FAIL, ("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan")
    )


def test_a_natural_person_holding_a_uscc_is_review() -> None:
    # a 92 USCC means the person registered an individual business: the declared kind of
    # subject is likely wrong (GB 32100 positions 1-2, soft); checked as the registered
    # subject it shows, whose business licence is not on file
    record = _person(uscc=U92)
    _assert(
        _run(record),
        Decision.REVIEW,
        ("consistency.subject_type_mismatch", "$.subject_type"),
        ("document.business_license_missing", "$.documents"),
        soft=True,
    )


@pytest.mark.parametrize(
    ("as_of", "last", "due"),
    [
        # 民法典 art. 202: six months end on the corresponding day, or the month's last day
        ("2026-08-31", "2026-02-28", True),
        ("2026-08-31", "2026-02-27", True),
        ("2026-08-31", "2026-03-01", False),
        ("2026-08-28", "2026-02-28", False),  # the last day of the six months
        ("2026-08-29", "2026-02-28", True),
        ("2027-02-28", "2026-08-31", False),  # 31 Aug + 6 months = 28 Feb
        ("2027-03-01", "2026-08-31", True),
        ("2028-02-29", "2027-08-31", False),  # a leap year's February ends on the 29th
        ("2028-03-01", "2027-08-31", True),
    ],
)
def test_reverification_month_ends(as_of: str, last: str, due: bool) -> None:
    record = _seller(last_verified_at=last)
    report = _run(record, as_of=datetime.date.fromisoformat(as_of))
    if due:
        _assert(
            report,
            Decision.REVIEW,
            ("merchant.reverification_due", "$.last_verified_at"),
            soft=True,
        )
    else:
        _assert(report, Decision.PASS)


def test_verified_in_the_future_is_review_and_never_verified_is_skipped() -> None:
    report = _run(_seller(last_verified_at=_day(1)))
    _assert(
        report, Decision.REVIEW, ("merchant.verified_in_future", "$.last_verified_at"), soft=True
    )
    first = _run(_seller())
    status = {check.name: check.status for check in first.checks}
    assert status["reverification"] == "skipped"
    assert first.decision is Decision.PASS
