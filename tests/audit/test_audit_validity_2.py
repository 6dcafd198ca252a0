"""Audit, second round: the validity check (terms, expiry, long-term, renewals).

Contract (docs/verify.md "The checks", docs/models.md document table, domain.md §4–§7,
§10.5): a document is judged as of ``as_of`` (a day in China); its end date is its last
valid day; a licence ending within ``expiring_soon_days`` (inclusive) is review; expired
or not yet valid is fail; food filings and class II device filings never expire; a
business licence may be long-term, a five-year licence (JY, SC, drug, internet drug
information, class III device) may not, a CMA certificate runs six years; a term longer
than the legal maximum is a soft finding, and the printed forms of an exact term
(``2021-03-01至2026-02-28`` and ``2021-03-01至2026-03-01``) are not; an old licence kept
next to its renewal is superseded, never hiding an expired document otherwise.
"""

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
    make_device_business,
    make_drug_business,
    make_drug_info,
    make_food_business,
    make_food_filing,
    make_food_production,
    make_ric,
    make_uscc,
)
from tests.audit.audit_support import AS_OF, food_shop

RNG = random.Random(20261129)
NAME = "杭州示例优选食品有限公司"
USCC = make_uscc(entity_type="1", region="330106", rng=RNG)
NUMBERS = {
    "business_license": USCC,
    "food_business": make_food_business(form=1, region="330106", rng=RNG),
    "food_production": make_food_production(region="330106", rng=RNG),
    "food_filing": make_food_filing(region="330106", rng=RNG),
    "drug_business": make_drug_business(business_type="D", province="33", rng=RNG),
    "drug_info": make_drug_info(province="33", year=2019, rng=RNG),
    "device_business": make_device_business(filing=False, year=2020, province="33", rng=RNG),
    "device_filing": make_device_business(filing=True, year=2020, province="33", rng=RNG),
    "cma": make_cma(rng=RNG),
}
FIVE_YEAR_KINDS = ["food_business", "food_production", "drug_business", "drug_info", "device"]


def _doc(kind: str, **fields: Any) -> dict[str, Any]:
    number = NUMBERS["device_business" if kind == "device" else kind]
    real_kind = "device_business" if kind in ("device", "device_filing") else kind
    return {"kind": real_kind, "number": number, "holder_name": NAME, **fields}


def _codes(
    *documents: dict[str, Any], as_of: Any = AS_OF, policy: Policy | None = None
) -> list[tuple[str, str]]:
    """(code, JSON path) of the validity findings on a merchant holding ``documents``."""
    merchant = Merchant.model_validate(
        {"subject_type": "enterprise", "name": NAME, "uscc": USCC, "documents": list(documents)}
    )
    context = Context(as_of=as_of, policy=policy or Policy())
    return [(f.code, _json_path(f.path)) for f in validity(merchant, context)]


def _json_path(path: tuple[str | int, ...]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _day(offset: int) -> str:
    return (AS_OF + datetime.timedelta(days=offset)).isoformat()


def _food_shop_with(*terms: dict[str, Any]) -> dict[str, Any]:
    """The passing food shop with its food licence replaced by copies holding ``terms``."""
    record = food_shop()
    licence = record["documents"][1]
    for key in ("validity", "valid_from", "valid_to", "long_term", "issue_date"):
        licence.pop(key, None)
    record["documents"][1:2] = [{**licence, **term} for term in terms]
    return record


# --------------------------------------------------------------- the last day


@pytest.mark.parametrize(
    ("offset", "decision", "codes"),
    [
        (-1, Decision.FAIL, ["license.expired"]),  # ended yesterday
        (0, Decision.REVIEW, ["license.expiring_soon"]),  # the last valid day is today
        (1, Decision.REVIEW, ["license.expiring_soon"]),
    ],
    ids=["day-before", "on-as-of", "day-after"],
)
def test_the_end_date_is_the_last_valid_day(
    offset: int, decision: Decision, codes: list[str]
) -> None:
    record = _food_shop_with({"valid_from": "2021-12-01", "valid_to": _day(offset)})
    report = verify(record, as_of=AS_OF)
    assert report.decision is decision
    assert list(report.codes) == codes


# --------------------------------------------------------------- printed terms


# (valid_from, valid_to, too long?): licences print an exact term either ending the day
# before the anniversary or on it; one day more is too long.  29 February + 5 years has no
# anniversary: 28 February (the last day) and 1 March (the day after) are both printed.
PRINTED_TERMS = [
    ("2021-03-01", "2026-02-28", False),
    ("2021-03-01", "2026-03-01", False),
    ("2021-03-01", "2026-03-02", True),
    ("2020-02-29", "2025-02-28", False),
    ("2020-02-29", "2025-03-01", False),
    ("2020-02-29", "2025-03-02", True),
    ("2020-03-01", "2025-02-28", False),  # a leap day inside the term
    ("2020-03-01", "2025-03-01", False),
    ("2019-03-01", "2024-02-29", False),  # ending on a leap day
    ("2019-03-01", "2024-03-01", False),
    ("2019-03-01", "2024-03-02", True),
]


@pytest.mark.parametrize("kind", FIVE_YEAR_KINDS)
@pytest.mark.parametrize(("valid_from", "valid_to", "too_long"), PRINTED_TERMS)
def test_an_exact_five_year_term_is_not_too_long(
    kind: str, valid_from: str, valid_to: str, too_long: bool
) -> None:
    as_of = datetime.date(2022, 6, 1)
    found = _codes(_doc(kind, valid_from=valid_from, valid_to=valid_to), as_of=as_of)
    expected = [("license.term_too_long", "$.documents[0].validity")] if too_long else []
    assert found == expected


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "too_long"),
    [
        ("2020-02-29", "2026-02-28", False),
        ("2020-02-29", "2026-03-01", False),
        ("2020-02-29", "2026-03-02", True),
        ("2021-01-01", "2027-01-01", False),
        ("2021-01-01", "2027-01-02", True),
    ],
)
def test_a_cma_certificate_runs_six_years(valid_from: str, valid_to: str, too_long: bool) -> None:
    found = _codes(_doc("cma", valid_from=valid_from, valid_to=valid_to), as_of=AS_OF)
    assert ("license.term_too_long" in [code for code, _ in found]) is too_long


def test_a_term_too_long_is_review_never_fail() -> None:
    # a misread year must not reject a real seller: soft finding, naming its rule
    record = _food_shop_with({"valid_from": "2023-06-12", "valid_to": "2029-06-11"})
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    (finding,) = report.findings
    assert finding.code == "license.term_too_long"
    assert finding.rule


# --------------------------------------------------------------- far ends, long-term


@pytest.mark.parametrize("end", ["长期", "无固定期限", "9999-12-31", "9999年12月31日"])
def test_a_five_year_licence_cannot_be_long_term(end: str) -> None:
    record = _food_shop_with({"valid_from": "2023-06-12", "valid_to": end})
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert list(report.codes) == ["license.long_term_unexpected"]


@pytest.mark.parametrize("kind", FIVE_YEAR_KINDS)
def test_a_far_end_without_any_start_is_still_too_long(kind: str) -> None:
    # no valid_from and no issue date: the licence was issued by as_of at the latest, so
    # an end in 2099 is more than any five-year term (it used to pass unremarked)
    found = _codes(_doc(kind, valid_to="2099-12-31"))
    assert found == [("license.term_too_long", "$.documents[0].validity")]


def test_an_end_within_the_term_from_as_of_needs_no_start() -> None:
    # five years and six months from as_of (a renewal granted ahead) at most
    assert _codes(_doc("food_business", valid_to="2031-11-28")) == []
    assert _codes(_doc("food_business", valid_to="2032-05-29")) == []
    assert _codes(_doc("food_business", valid_to="2032-05-30")) == [
        ("license.term_too_long", "$.documents[0].validity")
    ]


@pytest.mark.parametrize("end", ["长期", "9999-12-31", "2099-12-31", "2049-04-01"])
def test_a_business_licence_may_run_without_end(end: str) -> None:
    record = food_shop()
    record["documents"][0]["valid_to"] = end
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


def test_a_business_licence_whose_term_ended_fails() -> None:
    # 营业期限届满: the company must extend it or dissolve; the licence is not in force
    record = food_shop()
    record["documents"][0]["valid_to"] = _day(-1)
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "license.expired" in report.codes


def test_swapped_ends_are_reported_on_the_field_and_never_pass() -> None:
    record = _food_shop_with({"valid_from": "2028-06-11", "valid_to": "2023-06-12"})
    report = verify(record, as_of=AS_OF)
    assert report.decision is not Decision.PASS
    paths = {f.json_path for f in report.findings}
    assert "$.documents[1].validity" in paths
    assert "license.validity_missing" in report.codes  # judged as a licence without term


def test_only_an_issue_date_is_no_term() -> None:
    record = _food_shop_with({"issue_date": "2023-06-12"})
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert list(report.codes) == ["license.validity_missing"]


@pytest.mark.parametrize("kind", ["food_filing", "device_filing"])
def test_filings_never_expire(kind: str) -> None:
    assert _codes(_doc(kind)) == []
    assert _codes(_doc(kind, valid_from="2016-01-01", valid_to="2019-12-31")) == []
    assert _codes(_doc(kind, valid_from="2016-01-01", valid_to="长期")) == []


# --------------------------------------------------------------- the reminder window


@pytest.mark.parametrize("days", [0, 1, 30, 60, 365])
def test_the_expiring_window_is_inclusive(days: int) -> None:
    policy = Policy(expiring_soon_days=days)
    on_edge = _doc("food_business", valid_from="2026-06-01", valid_to=_day(days))
    beyond = _doc("food_business", valid_from="2026-06-01", valid_to=_day(days + 1))
    assert _codes(on_edge, policy=policy) == [
        ("license.expiring_soon", "$.documents[0].validity.valid_to")
    ]
    assert _codes(beyond, policy=policy) == []


def test_the_window_never_reaches_an_expired_licence() -> None:
    found = _codes(
        _doc("food_business", valid_from="2021-12-01", valid_to=_day(-1)),
        policy=Policy(expiring_soon_days=10_000),
    )
    assert found == [("license.expired", "$.documents[0].validity.valid_to")]


# --------------------------------------------------------------- renewals


def test_a_renewal_overlapping_the_old_term_supersedes_it() -> None:
    record = _food_shop_with(
        {"valid_from": "2021-12-12", "valid_to": "2026-12-11"},
        {"valid_from": "2026-11-01", "valid_to": "2031-10-31"},
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS
    assert list(report.codes) == ["license.superseded"]


def test_a_past_gap_between_terms_does_not_matter_today() -> None:
    # lapsed from 2026-06-12 to 2026-07-31, renewed since: compliant on as_of
    record = _food_shop_with(
        {"valid_from": "2021-06-12", "valid_to": "2026-06-11"},
        {"valid_from": "2026-08-01", "valid_to": "2031-07-31"},
    )
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


def test_a_coming_gap_is_not_hidden_by_the_renewal() -> None:
    # in force until 12-11, the renewal starts on 2027-01-01: weeks without a licence
    record = _food_shop_with(
        {"valid_from": "2021-12-12", "valid_to": "2026-12-11"},
        {"valid_from": "2027-01-01", "valid_to": "2031-12-31"},
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert list(report.codes) == ["license.expiring_soon"]
    assert report.findings[0].json_path == "$.documents[1].validity.valid_to"


def test_a_renewal_not_started_does_not_cover_an_expired_licence() -> None:
    record = _food_shop_with(
        {"valid_from": "2021-06-12", "valid_to": "2026-06-11"},
        {"valid_from": "2026-12-15", "valid_to": "2031-12-14"},
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert set(report.codes) == {"license.expired", "license.not_yet_valid"}


def test_two_copies_of_one_term_do_not_hide_the_expired_one() -> None:
    # same number, same first day, different ends: not a renewal; the copy that
    # expired is judged (it used to be "superseded" by the longer copy), and the two
    # copies' contradiction is named (license.term_conflict, since the third round)
    found = _codes(
        _doc("food_business", valid_from="2022-06-12", valid_to="2026-06-11"),
        _doc("food_business", valid_from="2022-06-12", valid_to="2027-06-11"),
    )
    assert found == [
        ("license.expired", "$.documents[0].validity.valid_to"),
        ("license.term_conflict", "$.documents[1].validity.valid_to"),
    ]


def test_a_long_term_misreading_does_not_supersede_the_dated_licence() -> None:
    found = _codes(
        _doc("food_business", valid_from="2016-06-12", valid_to="长期"),
        _doc("food_business", valid_from="2023-06-12", valid_to=_day(10)),
    )
    assert found == [
        ("license.long_term_unexpected", "$.documents[0].validity"),
        ("license.expiring_soon", "$.documents[1].validity.valid_to"),
    ]


def test_a_renewal_without_a_printed_start_still_supersedes() -> None:
    # a renewal printing only 有效期至 (and its issue date)
    found = _codes(
        _doc("food_business", valid_from="2021-06-12", valid_to="2026-06-11"),
        _doc("food_business", issue_date="2026-05-20", valid_to="2031-06-11"),
    )
    assert [code for code, _ in found] == ["license.superseded"]


# --------------------------------------------------------------- identity documents


def test_a_residence_permit_with_a_far_end_is_too_long() -> None:
    permit = make_ric(birth_date=datetime.date(1990, 5, 1), holder="hk_permit", rng=RNG)
    found = _codes({"kind": "identity", "number": permit, "valid_to": "2036-01-01"})
    assert found == [("license.term_too_long", "$.documents[0].validity")]


# --------------------------------------------------------------- time zones


@pytest.mark.parametrize(
    ("as_of", "expired"),
    [
        (datetime.datetime(2026, 11, 28, 17, 0, tzinfo=datetime.timezone.utc), True),  # 11-29 01:00
        (datetime.datetime(2026, 11, 28, 15, 59, tzinfo=datetime.timezone.utc), False),  # 11-28
        (datetime.datetime(2026, 11, 29, 0, 30), True),  # naive: China time
    ],
)
def test_a_datetime_as_of_is_a_day_in_china(as_of: datetime.datetime, expired: bool) -> None:
    # Context.as_of typed date accepts a datetime (a subclass): it used to raise TypeError
    doc = _doc("food_business", valid_from="2021-11-29", valid_to="2026-11-28")
    codes = [code for code, _ in _codes(doc, as_of=as_of)]
    assert ("license.expired" in codes) is expired
    report = verify(
        _food_shop_with({"valid_from": "2021-11-29", "valid_to": "2026-11-28"}), as_of=as_of
    )
    assert ("license.expired" in report.codes) is expired


def test_an_end_written_in_utc_is_read_as_the_day_in_china() -> None:
    # 2026-11-28T16:00Z is midnight on 11-29 in China: the licence is in force on 11-29
    record = _food_shop_with({"valid_from": "2021-11-30", "valid_to": "2026-11-28T16:00:00Z"})
    report = verify(record, as_of=AS_OF)
    assert list(report.codes) == ["license.expiring_soon"]
    assert report.findings[0].ctx["days"] == 0
