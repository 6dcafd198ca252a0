"""Audit, third round: the validity check against what real files hold.

Contract (docs/verify.md "The checks", docs/types.md "Validity periods", docs/models.md
document table, domain.md §4–§7, §10.5): a document is judged as of ``as_of`` (a day in
China, whatever time zone a datetime ``as_of`` carries); its end date is its last valid
day; a licence ending within ``expiring_soon_days`` (inclusive) is review; expired, not
yet valid or issued after ``as_of`` is fail; a term is read from one field in every form
Chinese documents print it, or the field is named (review) — never a pass on a term that
cannot be read; a term longer than the licence's legal maximum (food, drug, device
licences 5 years; CMA certificates and CNCA approvals 6) or "long-term" on such a licence
is review, never fail.  Two copies of one licence (same kind and number) from the same
first day that end on different days contradict each other: review, naming both
documents (``license.term_conflict``) — except a business licence whose later-issued copy
runs longer (a change of its 营业期限 keeps the first day), which supersedes the other.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, Verifier, verify
from qualcheck.dates import Validity
from qualcheck.policy import Policy
from qualcheck.testing import make_cnca, make_food_business, make_ric
from tests.audit.audit_support import AS_OF, food_shop, json_paths, not_pass
from tests.audit.test_audit_validity_2 import (
    FIVE_YEAR_KINDS,
    NAME,
    NUMBERS,
    _codes,
    _day,
    _doc,
    _food_shop_with,
)

RNG = random.Random(20261130)
CHINA = datetime.timezone(datetime.timedelta(hours=8))
UTC = datetime.timezone.utc
HONOLULU = datetime.timezone(datetime.timedelta(hours=-10))
EXPIRING_KINDS = [*FIVE_YEAR_KINDS, "cma", "cnca"]
NUMBERS = {**NUMBERS, "cnca": make_cnca(year=2015, rng=RNG)}
CONFLICT = "license.term_conflict"


def _kind_doc(kind: str, **fields: Any) -> dict[str, Any]:
    """A document of ``kind`` (the five-year kinds of the second round, CMA and CNCA)."""
    if kind == "cnca":
        return {"kind": "cnca", "number": NUMBERS["cnca"], "holder_name": NAME, **fields}
    return _doc(kind, **fields)


def _business_licence_with(*terms: dict[str, Any]) -> dict[str, Any]:
    """The passing food shop with its business licence replaced by copies holding ``terms``."""
    record = food_shop()
    licence = record["documents"][0]
    for key in ("validity", "valid_from", "valid_to", "long_term", "issue_date"):
        licence.pop(key, None)
    record["documents"][0:1] = [{**licence, **term} for term in terms]
    return record


TWO_ENDS = (
    {"valid_from": "2023-06-12", "valid_to": "2028-06-11"},
    {"valid_from": "2023-06-12", "valid_to": "2027-06-11"},
)
"""Two copies of one licence from the same first day that end on different days."""


def _unix(day: datetime.date, seconds: int = 0) -> int:
    """Seconds since the epoch of ``day`` 00:00 in China, plus ``seconds``."""
    midnight = datetime.datetime(day.year, day.month, day.day, tzinfo=CHINA)
    return int(midnight.timestamp()) + seconds


# --------------------------------------------------------------- two copies, two terms


def test_two_copies_in_force_that_disagree_on_the_end_are_reviewed() -> None:
    # the open item of the second round: both copies in force, the same first day, two
    # ends — the file holds two versions of one licence; it used to pass unremarked
    record = _food_shop_with(*TWO_ENDS)
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert list(report.codes) == [CONFLICT]
    (finding,) = report.findings
    assert finding.json_path == "$.documents[2].validity.valid_to"
    assert finding.rule  # a soft finding says which rule
    for named in ("documents[1]", "documents[2]", "2028-06-11", "2027-06-11"):
        assert named in finding.message  # both documents named
    for named in ("第2份", "第3份", "2028年6月11日", "2027年6月11日", "2023年6月12日"):
        assert named in finding.message_zh


def test_a_policy_cannot_pass_two_versions_of_one_term() -> None:
    # fail closed, like license.validity_missing: "pass" in decisions is not obeyed
    record = _food_shop_with(*TWO_ENDS)
    relaxed = Policy(decisions={CONFLICT: "pass"})
    assert verify(record, as_of=AS_OF, policy=relaxed).decision is Decision.REVIEW


def test_a_long_term_copy_of_a_dated_licence_is_a_conflict_too() -> None:
    record = _food_shop_with(
        {"valid_from": "2023-06-12", "valid_to": "2028-06-11"},
        {"valid_from": "2023-06-12", "valid_to": "长期"},
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert set(report.codes) == {"license.long_term_unexpected", CONFLICT}
    conflict = next(f for f in report.findings if f.code == CONFLICT)
    assert "长期" in conflict.message_zh
    assert "long-term" in conflict.message


def test_copies_printing_only_their_end_are_compared_by_issue_date() -> None:
    # the same issue date and two ends: one issuance, two versions
    same_day = verify(
        _food_shop_with(
            {"issue_date": "2023-06-12", "valid_to": "2028-06-11"},
            {"issue_date": "2023-06-12", "valid_to": "2027-06-11"},
        ),
        as_of=AS_OF,
    )
    assert list(same_day.codes) == [CONFLICT]
    # issued later and running longer: a renewal
    renewed = verify(
        _food_shop_with(
            {"issue_date": "2021-06-12", "valid_to": "2026-06-11"},
            {"issue_date": "2026-05-20", "valid_to": "2031-06-11"},
        ),
        as_of=AS_OF,
    )
    assert renewed.decision is Decision.PASS
    assert list(renewed.codes) == ["license.superseded"]


def test_a_copy_issued_earlier_does_not_renew_one_issued_later() -> None:
    # the longer copy was issued first: no renewal, the later-issued copy that ended is
    # judged (it used to be "superseded", the licence passed)
    found = _codes(
        _doc("food_business", issue_date="2021-06-12", valid_to="2026-06-11"),
        _doc("food_business", issue_date="2020-01-10", valid_to="2030-12-31"),
    )
    assert found == [
        ("license.expired", "$.documents[0].validity.valid_to"),
        ("license.term_too_long", "$.documents[1].validity"),
    ]


@pytest.mark.parametrize("kind", EXPIRING_KINDS)
def test_every_licence_kind_reports_two_versions_of_one_term(kind: str) -> None:
    found = _codes(
        _kind_doc(kind, valid_from="2024-03-01", valid_to="2029-02-28"),
        _kind_doc(kind, valid_from="2024-03-01", valid_to="2028-02-29"),
    )
    assert found == [(CONFLICT, "$.documents[1].validity.valid_to")]


def test_identical_copies_and_filings_are_no_conflict() -> None:
    copy = _doc("food_business", valid_from="2023-06-12", valid_to="2028-06-11")
    assert _codes(copy, dict(copy)) == []
    # a filing has no term to disagree on
    assert (
        _codes(
            _doc("food_filing", valid_from="2023-06-12", valid_to="2028-06-11"),
            _doc("food_filing", valid_from="2023-06-12", valid_to="2024-06-11"),
        )
        == []
    )


def test_licences_with_different_numbers_are_different_licences() -> None:
    # two premises licensed the same day: two licences, each judged on its own
    other = make_food_business(form=1, region="330106", rng=RNG)
    assert other != NUMBERS["food_business"]
    found = _codes(
        _doc("food_business", valid_from="2023-06-12", valid_to="2028-06-11"),
        {**_doc("food_business", valid_from="2023-06-12", valid_to="2027-06-11"), "number": other},
    )
    assert found == []


def test_a_renewal_is_not_a_conflict() -> None:
    found = _codes(
        _doc("food_business", valid_from="2021-12-12", valid_to="2026-12-11"),
        _doc("food_business", valid_from="2026-11-01", valid_to="2031-10-31"),
    )
    assert found == [("license.superseded", "$.documents[0].validity.valid_to")]


def test_each_copy_is_reported_once_against_the_first() -> None:
    found = _codes(
        _doc("food_business", valid_from="2023-06-12", valid_to="2028-06-11"),
        _doc("food_business", valid_from="2023-06-12", valid_to="2027-06-11"),
        _doc("food_business", valid_from="2023-06-12", valid_to="2028-06-11"),
        _doc("food_business", valid_from="2023-06-12", valid_to="2027-12-31"),
    )
    assert found == [
        (CONFLICT, "$.documents[1].validity.valid_to"),
        (CONFLICT, "$.documents[3].validity.valid_to"),
    ]


def test_an_identity_card_in_two_versions_is_reviewed_without_its_number() -> None:
    number = make_ric(birth_date=datetime.date(1990, 5, 1), rng=RNG)
    card = {"kind": "identity", "number": number, "holder_name": "张三"}
    record = food_shop()
    record["documents"] += [
        {**card, "valid_from": "2020-03-01", "valid_to": "2040-03-01"},
        {**card, "valid_from": "2020-03-01", "valid_to": "2030-03-01"},
    ]
    report = verify(record, as_of=AS_OF)
    assert CONFLICT in report.codes
    finding = next(f for f in report.findings if f.code == CONFLICT)
    assert number[6:14] not in finding.message + finding.message_zh + str(finding.ctx)


# --------------------------------------------------------------- business licence variations


def test_a_business_licence_whose_term_was_extended_supersedes_the_old_copy() -> None:
    # 变更登记 of the 营业期限: the new licence keeps the first day (establishment)
    record = _business_licence_with(
        {"valid_from": "2019-04-02", "valid_to": "2039-04-01", "issue_date": "2019-04-02"},
        {"valid_from": "2019-04-02", "valid_to": "长期", "issue_date": "2024-05-08"},
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS
    assert list(report.codes) == ["license.superseded"]
    assert json_paths(report) == ["$.documents[0].validity.valid_to"]


def test_an_ended_term_extended_before_it_ended_is_no_failure() -> None:
    # the old copy's 营业期限 ended in 2019; the company extended it in time (it used to
    # fail as license.expired, a real seller rejected)
    record = _business_licence_with(
        {"valid_from": "1999-04-02", "valid_to": "2019-04-01", "issue_date": "1999-04-02"},
        {"valid_from": "1999-04-02", "valid_to": "无固定期限", "issue_date": "2019-03-01"},
    )
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


@pytest.mark.parametrize(
    ("first_issued", "second_issued"),
    [
        (None, None),  # nothing says which is current
        ("2024-05-08", "2024-05-08"),
        ("2024-05-08", "2019-04-02"),  # the longer one issued first
    ],
)
def test_business_licence_copies_nothing_orders_are_reviewed(
    first_issued: str | None, second_issued: str | None
) -> None:
    first = {"valid_from": "2019-04-02", "valid_to": "2039-04-01", "issue_date": first_issued}
    second = {"valid_from": "2019-04-02", "valid_to": "长期", "issue_date": second_issued}
    report = verify(_business_licence_with(first, second), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert list(report.codes) == [CONFLICT]


def test_an_expired_business_licence_with_an_unordered_copy_still_fails() -> None:
    record = _business_licence_with(
        {"valid_from": "1999-04-02", "valid_to": "2019-04-01"},
        {"valid_from": "1999-04-02", "valid_to": "长期"},
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert set(report.codes) == {"license.expired", CONFLICT}


# --------------------------------------------------------------- a term in one field

# (as printed, valid_from, valid_to): the forms licences, forms and exports print
PRINTED_RANGES = [
    ("自2023年6月12日至2028年6月11日", "2023-06-12", "2028-06-11"),
    ("2023年06月12日起至2028年06月11日止", "2023-06-12", "2028-06-11"),
    ("2023年6月12日起2028年6月11日止", "2023-06-12", "2028-06-11"),  # no 至
    ("有效期限：自2023年6月12日至2028年6月11日止", "2023-06-12", "2028-06-11"),
    ("2023.6.12—2028.6.11", "2023-06-12", "2028-06-11"),  # em dash
    ("2023.6.12–2028.6.11", "2023-06-12", "2028-06-11"),  # en dash
    ("2023.6.12——2028.6.11", "2023-06-12", "2028-06-11"),
    ("2023.06.12 —— 2028.06.11", "2023-06-12", "2028-06-11"),
    ("2023.6.12~2028.6.11", "2023-06-12", "2028-06-11"),
    ("2023.6.12～2028.6.11", "2023-06-12", "2028-06-11"),  # full-width tilde
    ("２０２３年６月１２日至２０２８年６月１１日", "2023-06-12", "2028-06-11"),
    ("２０２３．０６．１２－２０２８．０６．１１", "2023-06-12", "2028-06-11"),
    ("二〇二三年六月十二日至二〇二八年六月十一日", "2023-06-12", "2028-06-11"),
    ("二〇二三年六月十二日起二〇二八年六月十一日止", "2023-06-12", "2028-06-11"),
    ("2023/6/12—2028/6/11", "2023-06-12", "2028-06-11"),
    ("20230612至20280611", "2023-06-12", "2028-06-11"),
    ("有效期至2028年6月11日", None, "2028-06-11"),
    ("有效期至：2028年06月11日止", None, "2028-06-11"),
    ("截至2028年6月11日", None, "2028-06-11"),  # used to read 截 as the start
    ("截止日期：2028年6月11日", None, "2028-06-11"),
    ("有效期截至2028年6月11日", None, "2028-06-11"),
]


@pytest.mark.parametrize(("printed", "start", "end"), PRINTED_RANGES)
def test_a_range_in_one_field_is_read(printed: str, start: str | None, end: str) -> None:
    period = Validity.model_validate(printed)
    assert period.valid_from == (datetime.date.fromisoformat(start) if start else None)
    assert period.valid_to == datetime.date.fromisoformat(end)
    record = _food_shop_with({"validity": printed, "issue_date": "2023-06-12"})
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


@pytest.mark.parametrize("printed", ["截至2025年6月11日", "截止日期：2025年6月11日"])
def test_an_end_after_its_words_that_passed_is_expired(printed: str) -> None:
    report = verify(_food_shop_with({"validity": printed}), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert json_paths(report) == ["$.documents[1].validity.valid_to"]


@pytest.mark.parametrize("key", ["valid_to", "valid_from"])
def test_a_whole_range_in_one_end_column_is_read(key: str) -> None:
    # an export's one 有效期 column mapped to valid_to (or valid_from)
    in_force = verify(_food_shop_with({key: "2023年6月12日至2028年6月11日"}), as_of=AS_OF)
    assert in_force.decision is Decision.PASS
    ended = verify(_food_shop_with({key: "2020.06.12-2025.06.11"}), as_of=AS_OF)
    assert ended.decision is Decision.FAIL
    assert list(ended.codes) == ["license.expired"]


def test_a_whole_range_that_contradicts_the_other_end_is_named() -> None:
    record = _food_shop_with({"valid_from": "2024-01-01", "valid_to": "2023.06.12-2028.06.11"})
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert "$.documents[1].valid_to" in json_paths(report)


@pytest.mark.parametrize(
    "period",
    [
        {"validity": "2028.06.11-2023.06.12"},
        {"validity": "2028年6月11日至2023年6月12日"},
        {"valid_from": "2028-06-11", "valid_to": "2023-06-12"},
        {"valid_to": "2028.06.11-2023.06.12"},  # inverted, in the end column
    ],
)
def test_an_inverted_range_never_passes_and_names_the_field(period: dict[str, Any]) -> None:
    report = verify(_food_shop_with(period), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert "license.validity_missing" in report.codes
    assert any(path.startswith("$.documents[1].valid") for path in json_paths(report))


# --------------------------------------------------------------- issue dates


def test_a_document_issued_in_the_future_fails_on_its_issue_date() -> None:
    record = _food_shop_with(
        {"issue_date": _day(1), "valid_from": "2023-06-12", "valid_to": "2028-06-11"}
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert json_paths(report) == ["$.documents[1].issue_date"]


@pytest.mark.parametrize(
    ("issue_date", "valid_to", "code"),
    [
        ("2028-07-01", "2028-06-11", "license.issue_date_future"),
        ("2026-07-01", "2026-06-11", "license.expired"),  # issued after it ended
    ],
)
def test_an_issue_date_after_the_end_never_passes(
    issue_date: str, valid_to: str, code: str
) -> None:
    record = _food_shop_with(
        {"issue_date": issue_date, "valid_from": "2021-06-12", "valid_to": valid_to}
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert code in report.codes


# --------------------------------------------------------------- the last day, the window


@pytest.mark.parametrize("kind", EXPIRING_KINDS)
def test_the_last_day_is_still_valid_for_every_kind(kind: str) -> None:
    start = "2021-12-01"
    assert _codes(_kind_doc(kind, valid_from=start, valid_to=_day(0))) == [
        ("license.expiring_soon", "$.documents[0].validity.valid_to")
    ]
    assert _codes(_kind_doc(kind, valid_from=start, valid_to=_day(-1))) == [
        ("license.expired", "$.documents[0].validity.valid_to")
    ]


def test_the_business_licence_last_day_is_still_valid() -> None:
    report = verify(
        _business_licence_with({"valid_from": "1996-11-30", "valid_to": _day(0)}), as_of=AS_OF
    )
    assert report.decision is Decision.REVIEW
    assert list(report.codes) == ["license.expiring_soon"]
    assert report.findings[0].ctx["days"] == 0


@pytest.mark.parametrize(("window", "inside"), [(None, 30), (60, 60), (0, 0)])
def test_the_window_boundary_through_a_verifier(window: int | None, inside: int) -> None:
    policy = Policy() if window is None else Policy(expiring_soon_days=window)
    verifier = Verifier(as_of=AS_OF, policy=policy)
    on_edge = _food_shop_with({"valid_from": "2022-06-01", "valid_to": _day(inside)})
    beyond = _food_shop_with({"valid_from": "2022-06-01", "valid_to": _day(inside + 1)})
    assert list(verifier.verify(on_edge).codes) == ["license.expiring_soon"]
    assert verifier.verify(beyond).decision is Decision.PASS


# --------------------------------------------------------------- as_of near midnight


@pytest.mark.parametrize(
    ("as_of", "expired"),
    [
        (datetime.datetime(2026, 11, 29, 0, 0, tzinfo=CHINA), True),  # the first instant
        (datetime.datetime(2026, 11, 28, 23, 59, 59, 999999, tzinfo=CHINA), False),
        (datetime.datetime(2026, 11, 28, 16, 0, tzinfo=UTC), True),  # 11-29 00:00 in China
        (datetime.datetime(2026, 11, 28, 15, 59, 59, tzinfo=UTC), False),
        (datetime.datetime(2026, 11, 28, 12, 0, tzinfo=HONOLULU), True),  # 11-29 06:00 in China
        (datetime.datetime(2026, 11, 28, 23, 30), False),  # naive: China time
    ],
)
def test_as_of_is_the_day_in_china(as_of: datetime.datetime, expired: bool) -> None:
    record = _food_shop_with({"valid_from": "2021-11-29", "valid_to": "2026-11-28"})
    for report in (verify(record, as_of=as_of), Verifier(as_of=as_of).verify(record)):
        assert report.decision is (Decision.FAIL if expired else Decision.REVIEW)
        assert report.as_of == datetime.date(2026, 11, 29 if expired else 28)


# --------------------------------------------------------------- legal maximum terms

# (kind, first day, last day of an exact term, first too-long end)
MAXIMUM_TERMS = [
    *[(kind, "2022-03-01", "2027-03-01", "2027-03-02") for kind in FIVE_YEAR_KINDS],
    ("cma", "2020-02-29", "2026-03-01", "2026-03-02"),
    ("cnca", "2020-03-01", "2026-02-28", "2026-03-02"),  # six years (认证机构管理办法 art. 12)
]


@pytest.mark.parametrize(("kind", "start", "exact", "too_long"), MAXIMUM_TERMS)
def test_each_kind_has_its_legal_maximum(kind: str, start: str, exact: str, too_long: str) -> None:
    as_of = datetime.date(2023, 1, 1)
    assert _codes(_kind_doc(kind, valid_from=start, valid_to=exact), as_of=as_of) == []
    found = _codes(_kind_doc(kind, valid_from=start, valid_to=too_long), as_of=as_of)
    assert found == [("license.term_too_long", "$.documents[0].validity")]


@pytest.mark.parametrize("kind", EXPIRING_KINDS)
@pytest.mark.parametrize("end", ["长期", "永久", "9999-12-31"])
def test_long_term_on_a_licence_with_a_maximum_is_reviewed(kind: str, end: str) -> None:
    # a CNCA approval printed 长期 used to pass: no maximum was known
    found = _codes(_kind_doc(kind, valid_from="2023-06-12", valid_to=end))
    assert found == [("license.long_term_unexpected", "$.documents[0].validity")]


def test_a_term_too_long_is_review_not_fail_for_a_cnca_approval() -> None:
    record = food_shop()
    record["documents"].append(_kind_doc("cnca", valid_from="2016-01-01", valid_to="2030-01-01"))
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert list(report.codes) == ["license.term_too_long"]


# --------------------------------------------------------------- 29 February


@pytest.mark.parametrize(
    ("period", "path"),
    [
        ({"valid_from": "2022-03-01", "valid_to": "2027-02-29"}, "$.documents[1].valid_to"),
        ({"validity": "2022.3.1-2027.2.29"}, "$.documents[1].validity.valid_to"),
        ({"validity": "2022年3月1日至2027年2月29日"}, "$.documents[1].validity.valid_to"),
        ({"valid_from": "2023-02-29", "valid_to": "2028-02-28"}, "$.documents[1].valid_from"),
    ],
)
def test_a_29_february_that_does_not_exist_is_named(period: dict[str, Any], path: str) -> None:
    report = verify(_food_shop_with(period), as_of=AS_OF)
    assert not_pass(report)
    assert path in json_paths(report)


def test_a_term_from_29_february_is_read() -> None:
    for end in ("2029.2.28", "2029.3.1"):
        record = _food_shop_with({"validity": f"2024.2.29-{end}"})
        assert verify(record, as_of=AS_OF).decision is Decision.PASS


# --------------------------------------------------------------- numbers in date fields

END = datetime.date(2028, 6, 11)


@pytest.mark.parametrize(
    "value",
    [
        _unix(END),
        _unix(END) * 1000,
        str(_unix(END) * 1000),
        f"{_unix(END) * 1000}.0",  # a CSV float column
        _unix(END, 86_399) * 1000,  # 23:59:59 in China: still the 11th
        _unix(END, 8 * 3600),  # 00:00 UTC, as some exports write a date
    ],
)
def test_a_unix_timestamp_end_is_the_day_in_china(value: Any) -> None:
    record = _food_shop_with({"valid_from": "2023-06-12", "valid_to": value})
    assert verify(record, as_of=AS_OF).decision is Decision.PASS
    expired = verify(record, as_of=datetime.date(2028, 6, 12))
    assert [code for code in expired.codes if code.startswith("license.")] == ["license.expired"]


@pytest.mark.parametrize("field", ["valid_to", "valid_from", "issue_date"])
@pytest.mark.parametrize("serial", [46915, "46915", 46915.0])
def test_an_excel_serial_is_named_never_read(field: str, serial: Any) -> None:
    # 46915 is 2028-06-11 as a spreadsheet's day number: refused, the field named
    period = {"valid_from": "2023-06-12", "valid_to": "2028-06-11", field: serial}
    report = verify(_food_shop_with(period), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert f"$.documents[1].{field}" in json_paths(report)


def test_a_range_of_serials_never_passes() -> None:
    report = verify(_food_shop_with({"validity": [45089, 46915]}), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert "license.validity_missing" in report.codes


# --------------------------------------------------------------- business licence terms


@pytest.mark.parametrize(
    "printed",
    [
        "2019年04月02日至长期",
        "营业期限：2019年04月02日至长期",
        "营业期限自2019年04月02日至长期",
        "2019年4月2日至永久",
        "2019-04-02至无固定期限",
        "2019年04月02日起长期有效",
        "2019年04月02日 至 长 期",
        "2019.04.02-9999.12.31",
        "长期",
        "合伙期限：2019年04月02日至长期",
    ],
)
def test_a_business_licence_printed_long_term_passes(printed: str) -> None:
    report = verify(_business_licence_with({"validity": printed}), as_of=AS_OF)
    assert report.decision is Decision.PASS


@pytest.mark.parametrize(
    "printed", ["2019年04月02日 至 ——", "2019年04月02日至/", "2019年04月02日 至 无"]
)
def test_a_business_licence_end_that_is_no_term_is_reviewed(printed: str) -> None:
    report = verify(_business_licence_with({"validity": printed}), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert "license.validity_missing" in report.codes
