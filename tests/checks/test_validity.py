"""Validity: is each document in force on ``as_of``, and for how much longer?"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, verify
from qualcheck.checks import Context
from qualcheck.checks.validity import validity
from qualcheck.models import Merchant
from qualcheck.policy import Policy
from qualcheck.testing import (
    make_cma,
    make_cnca,
    make_device_business,
    make_drug_business,
    make_food_business,
    make_food_filing,
    make_food_production,
    make_uscc,
)

AS_OF = datetime.date(2026, 3, 15)  # deliberately not today: every date is injected
RNG = random.Random(20260315)
NAME = "深圳市示例食品有限公司"
USCC = make_uscc(entity_type="1", region="440305", rng=RNG)
JY = make_food_business(form=1, region="440305", rng=RNG)
SC = make_food_production(region="440305", rng=RNG)
YB = make_food_filing(region="440305", rng=RNG)
DRUG = make_drug_business(business_type="D", province="44", rng=RNG)
DEVICE_LICENCE = make_device_business(filing=False, province="44", rng=RNG)
DEVICE_FILING = make_device_business(filing=True, province="44", rng=RNG)
CNCA = make_cnca(rng=RNG)
CMA = make_cma(rng=RNG)

NUMBERS = {
    "business_license": USCC,
    "food_business": JY,
    "food_production": SC,
    "food_filing": YB,
    "drug_business": DRUG,
    "device_business": DEVICE_LICENCE,
    "cnca": CNCA,
    "cma": CMA,
}


def day(offset: int) -> str:
    """``AS_OF`` moved by ``offset`` days, as ISO text."""
    return (AS_OF + datetime.timedelta(days=offset)).isoformat()


def document(kind: str, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "number": NUMBERS[kind], "holder_name": NAME, **fields}


def merchant(*documents: dict[str, Any]) -> Merchant:
    return Merchant.model_validate(
        {"subject_type": "enterprise", "name": NAME, "uscc": USCC, "documents": list(documents)}
    )


def found(
    doc: dict[str, Any], *, as_of: datetime.date = AS_OF, policy: Policy | None = None
) -> list[tuple[str, str]]:
    """(code, json path) of every validity finding about a record holding ``doc``."""
    context = Context(as_of=as_of, policy=policy or Policy())
    out = []
    for finding in validity(merchant(doc), context):
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in finding.path)
        out.append((finding.code, path))
    return out


TO = "$.documents[0].validity.valid_to"
FROM = "$.documents[0].validity.valid_from"
VALIDITY = "$.documents[0].validity"

CASES: list[tuple[str, dict[str, Any], Policy | None, list[tuple[str, str]]]] = [
    # in force, far from its end: nothing to say
    (
        "in-force",
        document("food_business", valid_from="2024-01-01", valid_to="2028-12-31"),
        None,
        [],
    ),
    # ended yesterday
    (
        "expired",
        document("food_business", valid_from="2021-03-15", valid_to=day(-1)),
        None,
        [("license.expired", TO)],
    ),
    # ended years ago, written as on the licence
    (
        "expired-chinese-range",
        document("food_business", validity="2016年3月1日至2021年2月28日"),
        None,
        [("license.expired", TO)],
    ),
    # the end date is the last valid day: expiring today, not expired
    (
        "expires-today",
        document("food_business", valid_from="2021-03-16", valid_to=day(0)),
        None,
        [("license.expiring_soon", TO)],
    ),
    # exactly the default 30 days left: still "within 30 days"
    (
        "30-days",
        document("food_business", valid_from="2022-01-01", valid_to=day(30)),
        None,
        [("license.expiring_soon", TO)],
    ),
    # 31 days left: nothing yet
    ("31-days", document("food_business", valid_from="2022-01-01", valid_to=day(31)), None, []),
    # the policy widens the window to 60 days
    (
        "policy-60-days",
        document("food_business", valid_from="2022-01-01", valid_to=day(45)),
        Policy(expiring_soon_days=60),
        [("license.expiring_soon", TO)],
    ),
    # exactly N days with N from the policy
    (
        "policy-60-days-boundary",
        document("food_business", valid_from="2022-01-01", valid_to=day(60)),
        Policy(expiring_soon_days=60),
        [("license.expiring_soon", TO)],
    ),
    # N = 0: only the last day itself is "expiring soon"
    (
        "policy-0-days",
        document("food_business", valid_from="2022-01-01", valid_to=day(1)),
        Policy(expiring_soon_days=0),
        [],
    ),
    # starts next week
    (
        "not-yet-valid",
        document("food_business", valid_from=day(7), valid_to="2031-03-21"),
        None,
        [("license.not_yet_valid", FROM)],
    ),
    # starts today: in force
    ("starts-today", document("food_business", valid_from=day(0), valid_to="2031-03-14"), None, []),
    # a business licence may run without end (营业期限: 长期)
    (
        "long-term-business-licence",
        document("business_license", valid_from="2015-06-01", valid_to="长期"),
        None,
        [],
    ),
    # 无固定期限 and 9999-12-31 mean the same
    ("long-term-9999", document("business_license", validity="2015.06.01-9999.12.31"), None, []),
    # a five-year licence recorded as long-term: the date was probably misread
    (
        "long-term-on-5-year-licence",
        document("food_business", valid_from="2022-01-01", valid_to="无固定期限"),
        None,
        [("license.long_term_unexpected", VALIDITY)],
    ),
    # the same on a drug licence
    (
        "long-term-drug",
        document("drug_business", validity="2023-01-01至长期"),
        None,
        [("license.long_term_unexpected", VALIDITY)],
    ),
    # five years minus a day, as printed: fine
    (
        "five-years",
        document("food_business", valid_from="2022-03-01", valid_to="2027-02-28"),
        None,
        [],
    ),
    # start + 5 years (one day of tolerance for inclusive printing): fine
    (
        "five-years-inclusive",
        document("food_business", valid_from="2022-03-01", valid_to="2027-03-01"),
        None,
        [],
    ),
    # longer than the five years a JY licence is issued for
    (
        "term-too-long",
        document("food_business", valid_from="2022-03-01", valid_to="2027-06-30"),
        None,
        [("license.term_too_long", VALIDITY)],
    ),
    # SC licences: five years as well
    (
        "term-too-long-sc",
        document("food_production", valid_from="2021-01-01", valid_to="2027-01-01"),
        None,
        [("license.term_too_long", VALIDITY)],
    ),
    # CMA certificates run six years
    ("cma-six-years", document("cma", valid_from="2021-01-01", valid_to="2026-12-31"), None, []),
    (
        "cma-seven-years",
        document("cma", valid_from="2021-01-01", valid_to="2027-12-31"),
        None,
        [("license.term_too_long", VALIDITY)],
    ),
    # a CNCA approval runs six years (认证机构管理办法 art. 12): a longer term is questioned
    (
        "cnca-long",
        document("cnca", valid_from="2016-01-01", valid_to="2030-01-01"),
        None,
        [("license.term_too_long", VALIDITY)],
    ),
    # start on 29 February: five years end on 28 February
    (
        "feb-29-start",
        document("food_business", valid_from="2024-02-29", valid_to="2029-02-28"),
        None,
        [],
    ),
    # ... and two days later is too long
    (
        "feb-29-start-too-long",
        document("food_business", valid_from="2024-02-29", valid_to="2029-03-02"),
        None,
        [("license.term_too_long", VALIDITY)],
    ),
    # no term at all on a licence: cannot be judged
    ("validity-missing", document("food_business"), None, [("license.validity_missing", VALIDITY)]),
    # a start but no end is no better
    (
        "validity-start-only",
        document("food_business", valid_from="2022-01-01"),
        None,
        [("license.validity_missing", VALIDITY)],
    ),
    # empty end date (a blank cell) on a licence that is not long-term
    (
        "validity-empty-end",
        document("drug_business", valid_from="2022-01-01", valid_to=""),
        None,
        [("license.validity_missing", VALIDITY)],
    ),
    # a pre-packaged food filing never expires: no term needed
    ("food-filing-no-term", document("food_filing"), None, []),
    # ... and a term written on it is not held against it
    (
        "food-filing-old-term",
        document("food_filing", valid_from="2018-01-01", valid_to="2019-01-01"),
        None,
        [],
    ),
    # a class II device filing (备) never expires
    (
        "device-filing",
        {"kind": "device_business", "number": DEVICE_FILING, "holder_name": NAME},
        None,
        [],
    ),
    # a class III device licence (许) does
    (
        "device-licence-no-term",
        document("device_business"),
        None,
        [("license.validity_missing", VALIDITY)],
    ),
    (
        "device-licence-expired",
        document("device_business", valid_from="2020-12-01", valid_to="2025-11-30"),
        None,
        [("license.expired", TO)],
    ),
    # dated after as_of: the date is wrong or the document forged
    (
        "issue-date-future",
        document(
            "food_business", issue_date=day(1), valid_from="2026-01-01", valid_to="2030-12-31"
        ),
        None,
        [("license.issue_date_future", "$.documents[0].issue_date")],
    ),
    # issued today: fine
    (
        "issue-date-today",
        document("food_business", issue_date=day(0), valid_from=day(0), valid_to="2031-03-14"),
        None,
        [],
    ),
    # a filing dated in the future is reported too (it does not expire, but it cannot be
    # issued after as_of)
    (
        "issue-date-future-filing",
        document("food_filing", issue_date="2026年4月1日"),
        None,
        [("license.issue_date_future", "$.documents[0].issue_date")],
    ),
    # not yet valid and far too long at once
    (
        "several",
        document("food_business", valid_from=day(10), valid_to="2035-01-01"),
        None,
        [("license.not_yet_valid", FROM), ("license.term_too_long", VALIDITY)],
    ),
]


@pytest.mark.parametrize(
    ("doc", "policy", "expected"),
    [pytest.param(doc, policy, expected, id=name) for name, doc, policy, expected in CASES],
)
def test_validity(
    doc: dict[str, Any], policy: Policy | None, expected: list[tuple[str, str]]
) -> None:
    assert found(doc, policy=policy) == expected


def test_expired_context_and_messages() -> None:
    doc = document("food_business", valid_from="2021-03-01", valid_to="2026-02-28")
    (finding,) = validity(merchant(doc), Context(as_of=AS_OF, policy=Policy()))
    assert finding.code == "license.expired"
    assert finding.ctx["days"] == 15
    assert finding.ctx["valid_to"] == datetime.date(2026, 2, 28)
    assert "food business licence" in finding.message
    assert "食品经营许可证" in finding.message_zh
    assert "2026-02-28" in finding.message


def test_expiring_soon_counts_days() -> None:
    doc = document("drug_business", valid_from="2021-04-01", valid_to=day(12))
    (finding,) = validity(merchant(doc), Context(as_of=AS_OF, policy=Policy()))
    assert (finding.code, finding.ctx["days"]) == ("license.expiring_soon", 12)
    assert "药品经营许可证" in finding.message_zh


def test_device_filing_is_named_as_a_filing() -> None:
    doc = {"kind": "device_business", "number": DEVICE_FILING, "issue_date": day(3)}
    (finding,) = validity(merchant(doc), Context(as_of=AS_OF, policy=Policy()))
    assert finding.ctx["document"] == "class II device filing"
    assert "备案" in finding.message_zh


def test_as_of_moves_the_verdict() -> None:
    doc = document("food_business", valid_from="2022-03-01", valid_to="2027-02-28")
    # (as_of, codes): the same document on different days
    timeline = [
        (datetime.date(2022, 2, 28), ["license.not_yet_valid"]),  # the day before it starts
        (datetime.date(2026, 6, 1), []),  # in force
        (datetime.date(2027, 1, 29), ["license.expiring_soon"]),  # 30 days left
        (datetime.date(2027, 2, 28), ["license.expiring_soon"]),  # last day
        (datetime.date(2027, 3, 1), ["license.expired"]),  # the day after
    ]
    for as_of, codes in timeline:
        assert [code for code, _ in found(doc, as_of=as_of)] == codes, as_of


def test_each_document_is_judged_at_its_index() -> None:
    m = merchant(
        document("business_license", valid_to="长期"),
        document("food_business", valid_from="2021-01-01", valid_to="2025-12-31"),
        document("food_filing"),
        document("drug_business"),
    )
    got = [(f.code, f.path) for f in validity(m, Context(as_of=AS_OF, policy=Policy()))]
    assert got == [
        ("license.expired", ("documents", 1, "validity", "valid_to")),
        ("license.validity_missing", ("documents", 3, "validity")),
    ]


BASE: dict[str, Any] = {
    "subject_type": "enterprise",
    "name": NAME,
    "uscc": USCC,
    "documents": [document("business_license", valid_from="2015-06-01", valid_to="长期")],
}


@pytest.mark.parametrize(
    ("doc", "policy", "decision"),
    [
        # expired: an official fact → fail
        (
            document("food_business", valid_from="2021-01-01", valid_to="2025-12-31"),
            None,
            Decision.FAIL,
        ),
        # not yet valid → fail
        (document("food_business", valid_from=day(5), valid_to="2031-01-01"), None, Decision.FAIL),
        # expiring soon → review
        (
            document("food_business", valid_from="2021-04-01", valid_to=day(3)),
            None,
            Decision.REVIEW,
        ),
        # ... unless the platform's policy lets it pass
        (
            document("food_business", valid_from="2021-04-01", valid_to=day(3)),
            Policy(decisions={"license.expiring_soon": "pass"}),
            Decision.PASS,
        ),
        # missing term → review (fail closed)
        (document("food_business"), None, Decision.REVIEW),
        # long-term on a five-year licence → review
        (
            document("food_business", valid_from="2022-01-01", valid_to="长期"),
            None,
            Decision.REVIEW,
        ),
        # in force → pass
        (
            document("food_business", valid_from="2022-01-01", valid_to="2026-12-31"),
            None,
            Decision.PASS,
        ),
    ],
)
def test_decisions_through_verify(
    doc: dict[str, Any], policy: Policy | None, decision: Decision
) -> None:
    record = {**BASE, "documents": [*BASE["documents"], doc]}
    report = verify(record, as_of=AS_OF, policy=policy)
    assert report.decision is decision, report.codes


def _codes_at(m: Merchant) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(f.code, f.path) for f in validity(m, Context(as_of=AS_OF, policy=Policy()))]


def test_a_licence_renewed_under_the_same_number_is_superseded_not_expired() -> None:
    old = document("food_business", valid_from="2020-01-01", valid_to=day(-30))
    renewed = document("food_business", valid_from=day(-31), valid_to=day(4 * 365))
    m = merchant(old, renewed)
    assert _codes_at(m) == [("license.superseded", ("documents", 0, "validity", "valid_to"))]
    (finding,) = validity(m, Context(as_of=AS_OF, policy=Policy()))
    assert finding.ctx["renewal"] == 1
    assert finding.severity.value == "info"


def test_an_expiring_licence_with_its_renewal_on_file_is_superseded() -> None:
    soon = document("food_business", valid_from="2021-01-01", valid_to=day(10))
    renewed = document("food_business", valid_from=day(-5), valid_to=day(5 * 365 - 5))
    assert _codes_at(merchant(renewed, soon)) == [
        ("license.superseded", ("documents", 1, "validity", "valid_to"))
    ]


@pytest.mark.parametrize(
    "renewal",
    [
        # another number: not a renewal of this licence
        {"number": make_food_business(form=1, region="440305", rng=random.Random(5))},
        {"valid_from": day(30)},  # not in force yet
        {"valid_to": day(-1)},  # expired too
        {"valid_to": None, "valid_from": day(-10)},  # no readable term
    ],
)
def test_what_does_not_count_as_a_renewal(renewal: dict[str, Any]) -> None:
    old = document("food_business", valid_from="2020-01-01", valid_to=day(-30))
    other = {**document("food_business", valid_from=day(-31), valid_to=day(1000)), **renewal}
    codes = [code for code, _ in _codes_at(merchant(old, other))]
    assert "license.expired" in codes
    assert "license.superseded" not in codes


# --- identity documents: the terms the law fixes -------------------------------------------

# (birth date, valid_from, valid_to or "长期", expected codes): 居民身份证法 art. 5 gives a
# card 5 years under 16, 10 years from 16 to 25, 20 years from 26 to 45, long-term from 46;
# a residence permit of a Hong Kong, Macao or Taiwan resident runs 5 years (国办发〔2018〕81号).
ID_TERMS = [
    (datetime.date(2012, 6, 1), "2020-01-10", "2025-01-10", []),  # 7 years old: 5 years
    (datetime.date(2012, 6, 1), "2020-01-10", "2030-01-10", ["license.term_too_long"]),
    (datetime.date(2000, 6, 1), "2018-01-10", "2028-01-10", []),  # 17: 10 years
    (datetime.date(2000, 6, 1), "2018-01-10", "2038-01-10", ["license.term_too_long"]),
    (datetime.date(1980, 6, 1), "2010-01-10", "2030-01-10", []),  # 29: 20 years
    (datetime.date(1980, 6, 1), "2010-01-10", "长期", ["license.long_term_unexpected"]),
    (datetime.date(1970, 6, 1), "2016-06-01", "长期", []),  # 46 on the first day: long-term
    (datetime.date(1970, 6, 2), "2016-06-01", "2036-06-01", []),  # one day short of 46: 20
    (datetime.date(1970, 6, 2), "2016-06-01", "长期", ["license.long_term_unexpected"]),
    (datetime.date(1970, 6, 1), None, "长期", []),  # no first day: the age cannot be told
]


TERM_CODES = {"license.term_too_long", "license.long_term_unexpected"}


def term_codes(m: Merchant) -> list[str]:
    return [
        f.code for f in validity(m, Context(as_of=AS_OF, policy=Policy())) if f.code in TERM_CODES
    ]


def identity_record(number: str, valid_from: str | None, valid_to: str) -> dict[str, Any]:
    card: dict[str, Any] = {"kind": "identity", "number": number, "holder_name": "王五"}
    if valid_from is not None:
        card["valid_from"] = valid_from
    card["valid_to"] = valid_to
    return {"subject_type": "natural_person", "name": "王五", "documents": [card]}


@pytest.mark.parametrize(("born", "valid_from", "valid_to", "expected"), ID_TERMS)
def test_identity_card_terms_follow_the_holders_age(
    born: datetime.date, valid_from: str | None, valid_to: str, expected: list[str]
) -> None:
    from qualcheck.testing import make_ric

    number = make_ric(birth_date=born, rng=random.Random(7))
    merchant = Merchant.model_validate(identity_record(number, valid_from, valid_to))
    assert term_codes(merchant) == expected


@pytest.mark.parametrize(
    ("holder", "valid_to", "expected"),
    [
        ("hk_permit", "2025-01-10", []),
        ("taiwan_permit", "2026-01-10", ["license.term_too_long"]),
        ("macao_permit", "长期", ["license.long_term_unexpected"]),
    ],
)
def test_residence_permits_run_five_years(holder: str, valid_to: str, expected: list[str]) -> None:
    from qualcheck.testing import make_ric

    number = make_ric(birth_date=datetime.date(1990, 1, 1), holder=holder, rng=random.Random(7))
    merchant = Merchant.model_validate(identity_record(number, "2020-01-10", valid_to))
    assert term_codes(merchant) == expected


INDIVIDUAL_USCC = make_uscc(entity_type="2", region="440305", rng=RNG)
COOPERATIVE_USCC = make_uscc(entity_type="3", region="440305", rng=RNG)


@pytest.mark.parametrize(
    ("number", "fields", "expected"),
    [
        # an individual business is registered without a term: its licence prints none
        (INDIVIDUAL_USCC, {}, []),
        (INDIVIDUAL_USCC, {"valid_from": day(-900)}, []),
        (INDIVIDUAL_USCC, {"valid_to": "长期"}, []),
        (INDIVIDUAL_USCC, {"valid_to": day(-1)}, [("license.expired", TO)]),  # an end given
        (INDIVIDUAL_USCC, {"valid_to": day(10)}, [("license.expiring_soon", TO)]),
        # enterprises and co-operatives print a term (营业期限): none is missing
        (USCC, {}, [("license.validity_missing", VALIDITY)]),
        (COOPERATIVE_USCC, {}, [("license.validity_missing", VALIDITY)]),
    ],
)
def test_an_individual_business_licence_needs_no_term(
    number: str, fields: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    licence = {"kind": "business_license", "number": number, "holder_name": NAME, **fields}
    assert found(licence) == expected
