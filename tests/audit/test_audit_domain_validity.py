"""Audit, domain: the validity check against the reference facts.

Contract (issue + docs/verify.md "The checks"): a document is judged as of ``as_of``; the
end date is the last day of validity; a licence ending within ``expiring_soon_days``
(default 30, inclusive) is review; expired / not yet valid is fail; filings never expire
(domain.md §4.3, §6.2, §10.5); a licence without a readable term is review (fail closed);
"long-term" or a term longer than the legal maximum on a five-year licence is a soft
finding (domain.md §4.2, §5.1, §6.1: five-year licences).
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, verify
from qualcheck.testing import (
    make_device_business,
    make_food_business,
    make_food_filing,
    make_uscc,
)

AS_OF = datetime.date(2026, 11, 29)
REGION = "330106"
USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(11))
NAME = "杭州示例优选食品有限公司"
JY_SELLER = make_food_business(form=1, region=REGION, rng=random.Random(12))
YB_RETAIL = make_food_filing(form=2, region=REGION, rng=random.Random(13))
DEVICE_FILING = make_device_business(filing=True, year=2021, province="33", rng=random.Random(14))
DEVICE_LICENCE = make_device_business(filing=False, year=2023, province="33", rng=random.Random(15))


def _business_licence() -> dict[str, Any]:
    return {
        "kind": "business_license",
        "number": USCC,
        "holder_name": NAME,
        "legal_representative": "张三",
        "validity": "2019-04-02至长期",
    }


def _document(kind: str, number: str, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "number": number, "holder_name": NAME, "holder_uscc": USCC, **fields}


def _seller(*documents: dict[str, Any], categories: list[str]) -> dict[str, Any]:
    return {
        "merchant_id": "audit-domain-validity",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "legal_representative": {"name": "张三"},
        "categories": categories,
        "documents": [_business_licence(), *documents],
    }


def _food_licence(valid_from: str, valid_to: str) -> dict[str, Any]:
    return _seller(
        _document("food_business", JY_SELLER, valid_from=valid_from, valid_to=valid_to),
        categories=["食品销售"],
    )


def _day(offset: int, base: datetime.date = AS_OF) -> str:
    return (base + datetime.timedelta(days=offset)).isoformat()


# --------------------------------------------------------------- expiry boundaries


@pytest.mark.parametrize(
    ("valid_to_offset", "decision", "code"),
    [
        # the end date is the last valid day: a licence ending today is still in force,
        # and it is within the 30-day reminder window (docs/verify.md, Policy table)
        (0, Decision.REVIEW, "license.expiring_soon"),
        (-1, Decision.FAIL, "license.expired"),
        (30, Decision.REVIEW, "license.expiring_soon"),  # "within N days (inclusive)"
        (31, Decision.PASS, None),
    ],
    ids=["ends-today", "ended-yesterday", "ends-in-30-days", "ends-in-31-days"],
)
def test_expiry_boundaries(valid_to_offset: int, decision: Decision, code: str | None) -> None:
    # domain.md §4.2: food business licence, 5-year term, expiry is data on the certificate
    start = datetime.date(2022, 1, 1).isoformat()
    report = verify(_food_licence(start, _day(valid_to_offset)), as_of=AS_OF)
    assert report.decision is decision, report.codes
    assert report.codes == ((code,) if code else ())


@pytest.mark.parametrize(
    ("valid_from_offset", "decision"),
    [(0, Decision.PASS), (1, Decision.FAIL)],
    ids=["starts-today", "starts-tomorrow"],
)
def test_start_boundary(valid_from_offset: int, decision: Decision) -> None:
    start = AS_OF + datetime.timedelta(days=valid_from_offset)
    end = start.replace(year=start.year + 5) - datetime.timedelta(days=1)
    report = verify(_food_licence(start.isoformat(), end.isoformat()), as_of=AS_OF)
    assert report.decision is decision, report.codes
    if decision is Decision.FAIL:
        assert report.codes == ("license.not_yet_valid",)


@pytest.mark.parametrize(
    ("as_of", "decision", "code"),
    [
        (datetime.date(2028, 2, 29), Decision.REVIEW, "license.expiring_soon"),
        (datetime.date(2028, 3, 1), Decision.FAIL, "license.expired"),
    ],
    ids=["leap-day-last-day", "day-after-leap-day"],
)
def test_leap_day_end(as_of: datetime.date, decision: Decision, code: str) -> None:
    report = verify(_food_licence("2023-03-01", "2028-02-29"), as_of=as_of)
    assert report.decision is decision, report.codes
    assert code in report.codes


def test_five_year_term_from_leap_day_is_not_too_long() -> None:
    # domain.md §4.2: 5-year term; 2024-02-29 .. 2029-02-28 is exactly five years
    report = verify(_food_licence("2024-02-29", "2029-02-28"), as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes


def test_five_year_licence_marked_long_term_is_review_not_fail() -> None:
    # domain.md §4.2 (5 years is [T]/[U]) -> soft: review naming the rule, never fail
    record = _seller(
        _document("food_business", JY_SELLER, validity="2023-01-01至长期"),
        categories=["食品销售"],
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    assert report.codes == ("license.long_term_unexpected",)
    assert report.findings[0].rule


def test_six_year_food_licence_is_review_not_fail() -> None:
    report = verify(_food_licence("2022-01-01", "2027-12-31"), as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    assert report.codes == ("license.term_too_long",)


def test_licence_without_term_is_review() -> None:
    # fail closed: a licence whose term cannot be read is never passed (DESIGN.md)
    record = _seller(_document("food_business", JY_SELLER), categories=["食品销售"])
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    assert report.codes == ("license.validity_missing",)


# --------------------------------------------------------------- filings never expire


def test_food_filing_without_term_passes() -> None:
    # domain.md §4.3: a filing has no expiry date; a 备案日期 is not an expiry date
    record = _seller(
        _document("food_filing", YB_RETAIL, issue_date="2019-06-30"),
        categories=["预包装食品"],
    )
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


def test_food_filing_dated_long_ago_is_not_expired() -> None:
    # a platform export that put the filing date into valid_to must not expire the filing
    record = _seller(
        _document("food_filing", YB_RETAIL, valid_from="2019-06-30", valid_to="2020-06-30"),
        categories=["预包装食品"],
    )
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


def test_class_ii_device_filing_without_term_passes() -> None:
    # domain.md §6.1/§6.2: class II trading is filed; filing certificates have no expiry
    record = _seller(_document("device_business", DEVICE_FILING), categories=["第二类医疗器械"])
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


def test_class_iii_device_licence_without_term_is_review() -> None:
    # domain.md §6.1: the class III licence is valid 5 years -> its term must be read
    record = _seller(_document("device_business", DEVICE_LICENCE), categories=["第三类医疗器械"])
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    assert "license.validity_missing" in report.codes


def test_expired_class_iii_device_licence_fails() -> None:
    record = _seller(
        _document(
            "device_business", DEVICE_LICENCE, valid_from="2021-06-01", valid_to="2026-05-31"
        ),
        categories=["第三类医疗器械"],
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL, report.codes
    assert "license.expired" in report.codes
