"""Audit, domain: re-verification due and the natural-person registration exemption.

Reference:
* domain.md §8, 网络交易监督管理办法 art. 24 (and §5.4 for drug platforms): platforms
  re-verify every merchant **at least every six months**; docs/verify.md: a seller last
  verified *more than* six months before ``as_of`` is ``merchant.reverification_due``.
* domain.md §8, 电子商务法 art. 10 [L]: no registration for individuals selling their own
  farm / sideline products or handicrafts, licence-free convenience labour, sporadic
  small-value trading; 网络交易监督管理办法 art. 8 [T]: an individual whose cumulative
  yearly online turnover is **≤ RMB 100 000** need not register, and **the turnovers of all
  shops of the same person are added up**.
* domain.md §3.1 [L] (居民身份证法 art. 23): first-generation cards stopped being valid on
  2013-01-01, so a 15-digit number is never an acceptable current ID for onboarding.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from audit_support import natural_person

from qualcheck import Decision, verify
from qualcheck.testing import make_invalid, make_ric, make_uscc

AS_OF = datetime.date(2026, 11, 29)
REGION = "330106"
USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(21))
NAME = "杭州示例日用百货有限公司"
PERSON_ID = make_ric(birth_date=datetime.date(1987, 9, 8), region=REGION, rng=random.Random(22))
LEGACY_15_ID = make_invalid("ric", "legacy_15", rng=random.Random(23))


def _enterprise(**fields: Any) -> dict[str, Any]:
    return {
        "merchant_id": "audit-domain-lifecycle",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "legal_representative": {"name": "张三"},
        "categories": ["普通商品"],
        "documents": [
            {
                "kind": "business_license",
                "number": USCC,
                "holder_name": NAME,
                "legal_representative": "张三",
                "validity": "2019-04-02至长期",
            }
        ],
        **fields,
    }


def _person(**fields: Any) -> dict[str, Any]:
    return natural_person("audit-domain-person", "张三", PERSON_ID, "普通商品", **fields)


def _reverify(as_of: datetime.date, last: str) -> tuple[Decision, tuple[str, ...]]:
    report = verify(_enterprise(last_verified_at=last), as_of=as_of)
    return report.decision, report.codes


# --------------------------------------------------------------- re-verification


@pytest.mark.parametrize(
    ("as_of", "last"),
    [
        (AS_OF, "2026-05-29"),  # exactly six months
        (datetime.date(2026, 11, 30), "2026-05-31"),  # 05-31 + 6 months = 11-30 (month end)
        (datetime.date(2026, 11, 30), "2026-05-30"),
        (datetime.date(2027, 2, 28), "2026-08-31"),  # 08-31 + 6 months = 02-28
        (AS_OF, AS_OF.isoformat()),
    ],
    ids=["exactly-six-months", "05-31-to-11-30", "05-30-to-11-30", "08-31-to-02-28", "today"],
)
def test_reverification_not_yet_due(as_of: datetime.date, last: str) -> None:
    assert _reverify(as_of, last) == (Decision.PASS, ())


@pytest.mark.parametrize(
    ("as_of", "last"),
    [
        (AS_OF, "2026-05-28"),  # six months and one day
        (datetime.date(2026, 11, 30), "2026-05-29"),
        (datetime.date(2027, 3, 1), "2026-08-31"),
    ],
    ids=["six-months-and-a-day", "05-29-to-11-30", "08-31-to-03-01"],
)
def test_reverification_due(as_of: datetime.date, last: str) -> None:
    assert _reverify(as_of, last) == (Decision.REVIEW, ("merchant.reverification_due",))


@pytest.mark.parametrize(
    ("as_of", "last"),
    [
        # last verified on a 30th / on the last day of February: six months later is the
        # 30th / the 28th (29th), so on the 31st (30th) the seller is overdue -- exactly as
        # one verified on 2026-05-28 is overdue on 2026-11-29.
        (datetime.date(2026, 12, 31), "2026-06-30"),
        (datetime.date(2026, 10, 31), "2026-04-30"),
        (datetime.date(2026, 8, 31), "2026-02-28"),
        (datetime.date(2028, 8, 30), "2028-02-29"),
    ],
    ids=["06-30-to-12-31", "04-30-to-10-31", "02-28-to-08-31", "leap-02-29-to-08-30"],
)
def test_reverification_due_when_as_of_is_a_longer_month_end(
    as_of: datetime.date, last: str
) -> None:
    # domain.md §8, art. 24: "re-verify/update at least once every six months".
    # Six months after 2026-06-30 is 2026-12-30; on 2026-12-31 the seller has gone six
    # months and a day without re-verification.  (The six months must be counted from
    # the last verification: counting back from as_of and clamping 06-31 to 06-30 gives
    # sellers verified on a 30th or at the end of February up to three extra days.)
    assert _reverify(as_of, last) == (Decision.REVIEW, ("merchant.reverification_due",))


def test_verified_in_the_future_is_review() -> None:
    assert _reverify(AS_OF, "2026-11-30") == (Decision.REVIEW, ("merchant.verified_in_future",))


def test_first_verification_skips_reverification() -> None:
    report = verify(_enterprise(), as_of=AS_OF)
    assert report.decision is Decision.PASS
    assert {c.name: c.status for c in report.checks}["reverification"] == "skipped"


# --------------------------------------------------------------- natural-person exemption


@pytest.mark.parametrize(
    ("turnover", "decision"),
    [
        (100_000, Decision.PASS),  # "≤ RMB 100 000 need not register"
        ("100000.00", Decision.PASS),
        ("1e5", Decision.PASS),
        (99_999.99, Decision.PASS),
        ("100000.01", Decision.FAIL),
        (100_001, Decision.FAIL),
    ],
)
def test_turnover_threshold(turnover: Any, decision: Decision) -> None:
    report = verify(_person(declared_annual_turnover_yuan=turnover), as_of=AS_OF)
    assert report.decision is decision, report.codes
    if decision is Decision.FAIL:
        assert report.codes == ("merchant.exemption_exceeded",)


@pytest.mark.parametrize(
    ("first", "second", "decision"),
    [(60_000, 40_000, Decision.PASS), (60_000, 40_001, Decision.FAIL)],
    ids=["sum-at-limit", "sum-over-limit"],
)
def test_shops_are_added_up(first: int, second: int, decision: Decision) -> None:
    # art. 8: turnovers of all shops of the same person are added up
    shops = [
        {"shop_id": "xy-1", "platform": "闲鱼", "annual_turnover_yuan": first},
        {"shop_id": "dy-2", "platform": "抖音", "annual_turnover_yuan": second},
    ]
    report = verify(_person(shops=shops), as_of=AS_OF)
    assert report.decision is decision, report.codes


@pytest.mark.parametrize(
    ("turnover", "decision", "code"),
    [
        ("10万", Decision.PASS, None),  # 100,000 yuan: at the limit, not above it
        ("10万元", Decision.PASS, None),
        ("100,000", Decision.PASS, None),
        ("10.5万", Decision.FAIL, "merchant.exemption_exceeded"),
        ("十万", Decision.REVIEW, "merchant.turnover_unknown"),  # numerals are not read
        ("10w", Decision.REVIEW, "merchant.turnover_unknown"),
    ],
)
def test_turnover_written_as_amounts(turnover: str, decision: Decision, code: str | None) -> None:
    report = verify(_person(declared_annual_turnover_yuan=turnover), as_of=AS_OF)
    assert report.decision is decision, report.codes
    if code is not None:
        assert code in report.codes


def test_turnover_not_declared_is_review() -> None:
    report = verify(_person(), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert report.codes == ("merchant.turnover_unknown",)


@pytest.mark.parametrize("subject", ["自然人", "个人", "natural_person", " 自然人 "])
def test_subject_type_names(subject: str) -> None:
    report = verify(_person(subject_type=subject, declared_annual_turnover_yuan=5_000), as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes


def test_natural_person_without_identity_fails() -> None:
    record = _person(declared_annual_turnover_yuan=5_000)
    del record["legal_representative"]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "merchant.identity_missing" in report.codes


def test_natural_person_selling_licensed_goods_fails() -> None:
    # art. 8 [T]: sporadic trading that itself needs a licence must register; catering
    # needs a food business licence (domain.md §10.6)
    report = verify(_person(categories=["餐饮"], declared_annual_turnover_yuan=5_000), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "category.license_missing" in report.codes


def test_one_shop_over_the_limit_and_one_shop_unknown_fails() -> None:
    # art. 8: all shops are added up.  One shop alone already did 120 000 yuan, so
    # whatever the second shop did, the yearly total is above 100 000: the seller must
    # register (a turnover is never negative).
    shops = [
        {"shop_id": "xy-1", "platform": "闲鱼", "annual_turnover_yuan": 120_000},
        {"shop_id": "dy-2", "platform": "抖音"},
    ]
    report = verify(_person(shops=shops), as_of=AS_OF)
    assert report.decision is Decision.FAIL, report.codes
    assert "merchant.exemption_exceeded" in report.codes


def test_declared_turnover_below_its_own_shops_does_not_pass() -> None:
    # art. 8: all shops are added up.  The record's own shop shows 120 000 yuan this
    # year, so a declared total of 50 000 cannot be the seller's total turnover.
    shops = [{"shop_id": "xy-1", "platform": "闲鱼", "annual_turnover_yuan": 120_000}]
    report = verify(_person(declared_annual_turnover_yuan=50_000, shops=shops), as_of=AS_OF)
    assert report.decision is Decision.FAIL, report.codes
    assert "merchant.exemption_exceeded" in report.codes


def test_natural_person_identified_only_by_a_15_digit_number_fails() -> None:
    # domain.md §3.1 [L]: first-generation cards stopped being valid on 2013-01-01 (居民身份证法
    # art. 23) -- "a 15-digit number is never an acceptable current ID for onboarding;
    # accept only for legacy-record matching".  A natural-person seller must be identified
    # (merchant.identity_missing is an error); a number that cannot identify anyone today
    # does not do it.
    record = _person(
        legal_representative={"name": "张三", "id_number": LEGACY_15_ID},
        declared_annual_turnover_yuan=5_000,
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL, report.codes


def test_farmer_selling_own_produce_over_100000_is_review_not_fail() -> None:
    # domain.md §8, 电子商务法 art. 10 [L]: individuals selling their own farm / sideline
    # products need no registration, whatever their turnover; the 100 000 yuan limit of
    # art. 8 [T] is the "sporadic small-value trading" exemption.  A natural person who
    # declares only edible agricultural products may be exactly such a farmer -- the record
    # cannot tell own produce from resale, so a person decides: review, not fail ("real
    # records must not be failed by a guess").
    record = _person(categories=["食用农产品"], declared_annual_turnover_yuan=150_000)
    report = verify(record, as_of=AS_OF)
    assert report.decision is not Decision.FAIL, report.codes
    assert report.decision is Decision.REVIEW
