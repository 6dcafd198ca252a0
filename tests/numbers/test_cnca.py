"""Certification body approval numbers (认证机构批准号, CNCA-R / CNCA-RF)."""

from __future__ import annotations

import datetime

import pytest

from qualcheck import InvalidComponent, InvalidFormat, Verdict
from qualcheck.numbers import cnca

AS_OF = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    "number",
    [
        "CNCA-R-2002-001",  # CQC
        "CNCA-R-2002-087",
        "CNCA-R-2003-117",
        "CNCA-RF-2002-07",  # foreign-invested: 2-digit serial
        "CNCA-RF-2003-27",
        "CNCA-R-2024-1364",  # serials run on across years: 4 digits since they passed 999
    ],
)
def test_real_numbers_are_valid(number: str) -> None:
    assert cnca.validate(number) == number
    result = cnca.check(number)
    assert result.verdict is Verdict.VALID, result.findings
    assert result.normalized == number
    assert cnca.format(number) == number


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("cnca-r-2002-001", "CNCA-R-2002-001"),  # lower case
        ("ＣＮＣＡ－Ｒ－２００２－００１", "CNCA-R-2002-001"),  # full-width
        ("CNCA—RF—2003—27", "CNCA-RF-2003-27"),  # em dashes
        ("CNCA–R–2002–001", "CNCA-R-2002-001"),  # en dashes
        ("CNCA‐R‐2002‐001", "CNCA-R-2002-001"),  # Unicode hyphen
        ("CNCAR2002001", "CNCA-R-2002-001"),  # no dashes
        ("CNCA-RF200327", "CNCA-RF-2003-27"),  # some dashes
        (" CNCA R 2003 117 ", "CNCA-R-2003-117"),  # spaces
        ("CNCA-R-2002-\u200b001", "CNCA-R-2002-001"),  # zero-width space
        ("CNCA-R-2003-117\u3000", "CNCA-R-2003-117"),  # ideographic space
        ("CNCA-R-2002-01", "CNCA-R-2002-01"),  # 2-digit serial for a domestic body: accepted
        ("CNCA-RF-2002-007", "CNCA-RF-2002-007"),  # 3-digit serial for RF: accepted
        ("cnca r 2024 1364", "CNCA-R-2024-1364"),  # 4-digit serial
        ("CNCAR20241364", "CNCA-R-2024-1364"),  # 4-digit serial, no dashes
    ],
)
def test_normalisation(raw: str, canonical: str) -> None:
    assert cnca.validate(raw) == canonical
    assert cnca.format(raw) == canonical
    assert cnca.check(raw).input == raw


def test_compact() -> None:
    assert cnca.compact(" ｃｎｃａ－Ｒ－２００２－００１ ") == "CNCA-R-2002-001"
    assert cnca.compact("cnca r 2002 001") == "CNCAR2002001"


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("CNAS-R-2002-001", InvalidFormat, "cnca.format", 1),  # accreditation, not approval
        ("CCA-R-2002-001", InvalidFormat, "cnca.format", 1),
        ("CNCA-X-2002-001", InvalidFormat, "cnca.format", 6),
        ("CNCA-R-F-2003-27", InvalidFormat, "cnca.format", 8),  # dash inside RF
        ("CNCA-R-202-001", InvalidFormat, "cnca.format", 8),  # 3-digit year
        ("CNCA-R-3002-001", InvalidFormat, "cnca.format", 8),  # not 19xx/20xx
        ("CNCA-R-2002-1", InvalidFormat, "cnca.format", 13),  # 1-digit serial
        ("CNCA-R-2024-13640", InvalidFormat, "cnca.format", 17),  # 5-digit serial
        ("CNCA-RF-2003-12345", InvalidFormat, "cnca.format", 18),  # 5-digit serial
        ("CNCA-R-2002--001", InvalidFormat, "cnca.format", 13),  # double dash
        ("", InvalidFormat, "cnca.format", 1),
        ("CNCA-R-2027-001", InvalidComponent, "cnca.year_future", 8),
        ("CNCA-RF-2099-01", InvalidComponent, "cnca.year_future", 9),
        ("CNCAR2027001", InvalidComponent, "cnca.year_future", 6),  # position in the input
    ],
)
def test_official_rules(
    number: str, error: type[Exception], code: str, position: int | None
) -> None:
    with pytest.raises(error) as caught:
        cnca.validate(number, as_of=AS_OF)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    assert caught.value.message_zh  # type: ignore[attr-defined]
    result = cnca.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]
    assert not cnca.is_valid(number, as_of=AS_OF)


@pytest.mark.parametrize(
    ("as_of", "valid"),
    [
        (datetime.date(2026, 12, 31), False),
        (datetime.date(2027, 1, 1), True),
    ],
)
def test_year_future_is_pinned_to_as_of(as_of: datetime.date, valid: bool) -> None:
    assert cnca.is_valid("CNCA-R-2027-001", as_of=as_of) is valid


def test_year_future_context() -> None:
    with pytest.raises(InvalidComponent) as caught:
        cnca.validate("CNCA-R-2027-001", as_of=AS_OF)
    assert caught.value.ctx == {"year": 2027, "as_of_year": 2026}


@pytest.mark.parametrize(
    ("number", "position", "year"),
    [
        ("CNCA-R-2001-001", 8, 2001),  # CNCA founded 2001, approvals from 2002
        ("CNCA-RF-1999-07", 9, 1999),
        ("cnca r 1998 010", 8, 1998),  # position in the canonical form
    ],
)
def test_year_before_2002_asks_for_review(number: str, position: int, year: int) -> None:
    result = cnca.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == ["cnca.year_early"]
    finding = result.findings[0]
    assert finding.position == position
    assert finding.rule
    assert dict(finding.ctx) == {"year": year, "earliest": 2002}
    assert cnca.is_valid(number, as_of=AS_OF)


@pytest.mark.parametrize(
    ("number", "foreign_invested", "year", "serial"),
    [
        ("CNCA-R-2002-001", False, 2002, "001"),
        ("CNCA-RF-2003-27", True, 2003, "27"),
        ("cncarf200207", True, 2002, "07"),
        ("CNCA-R-2024-1364", False, 2024, "1364"),
    ],
)
def test_parse(number: str, foreign_invested: bool, year: int, serial: str) -> None:
    parts = cnca.parse(number)
    assert parts.foreign_invested is foreign_invested
    assert parts.year == year
    assert parts.serial == serial
    assert parts.to_dict() == {"foreign_invested": foreign_invested, "year": year, "serial": serial}


@pytest.mark.parametrize("value", [None, 2002001, b"CNCA-R-2002-001", "😴", "CNCA" * 20, "----"])
def test_is_valid_never_raises(value: object) -> None:
    assert cnca.is_valid(value) is False
    assert cnca.check(value).verdict is Verdict.INVALID


def test_every_code_is_exercised() -> None:
    assert set(cnca.CODES) == {"cnca.format", "cnca.year_future", "cnca.year_early"}
