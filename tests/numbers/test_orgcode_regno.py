"""Organisation codes (GB 11714) and registration numbers (GS 15-2006)."""

from __future__ import annotations

import pytest

from qualcheck import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, Verdict
from qualcheck.numbers import orgcode, regno


@pytest.mark.parametrize(
    ("raw", "canonical", "printed"),
    [
        ("60003734-1", "600037341", "60003734-1"),  # sum 109
        ("M000100Y-4", "M000100Y4", "M000100Y-4"),  # the code inside the USCC example
        ("D2143569-X", "D2143569X", "D2143569-X"),  # remainder 10 → X
        ("40170530-0", "401705300", "40170530-0"),  # remainder 11 → 0
        ("ｄ２１４３５６９－ｘ", "D2143569X", "D2143569-X"),  # full-width, lower case
        ("MACJ7YRU4", "MACJ7YRU4", "MACJ7YRU-4"),  # needs the 36-symbol values (J, U, R, Y)
    ],
)
def test_orgcode_valid(raw: str, canonical: str, printed: str) -> None:
    assert orgcode.validate(raw) == canonical
    assert orgcode.format(raw) == printed
    assert orgcode.check(raw).verdict is Verdict.VALID


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("60003734", InvalidLength, "orgcode.length", None),
        ("6000373*1", InvalidFormat, "orgcode.charset", 8),
        ("60003734A", InvalidFormat, "orgcode.charset", 9),  # check is 0-9 or X only
        ("60003734-2", InvalidChecksum, "orgcode.checksum", 9),
    ],
)
def test_orgcode_invalid(number: str, error: type[Exception], code: str, position: int) -> None:
    with pytest.raises(error) as caught:
        orgcode.validate(number)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    assert orgcode.check(number).findings[0].code == code


def test_orgcode_reserved_range_is_review() -> None:
    body = "PDY00001"
    number = body + orgcode.calc_check_digit(body)
    result = orgcode.check(number)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == ["orgcode.reserved"]
    assert result.parts is not None
    assert result.parts.reserved


@pytest.mark.parametrize(
    "number",
    [
        "330106000129004",  # real, Hangzhou 西湖区
        "440301102738453",  # synthetic
    ],
)
def test_regno_valid(number: str) -> None:
    assert regno.validate(number) == number
    result = regno.check(number)
    assert result.verdict is Verdict.VALID
    assert [f.code for f in result.findings] == ["regno.superseded"]  # info only


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("44030110273845", InvalidLength, "regno.length", None),
        ("44030110273845A", InvalidFormat, "regno.charset", 15),
        ("000301102738453", InvalidComponent, "regno.province", 1),
        ("440301102738452", InvalidChecksum, "regno.checksum", 15),
    ],
)
def test_regno_invalid(number: str, error: type[Exception], code: str, position: int) -> None:
    with pytest.raises(error) as caught:
        regno.validate(number)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]


def test_regno_parse() -> None:
    parts = regno.parse("330106000129004")
    assert parts.region_code == "330106"
    assert parts.entity_class == "0"
    assert parts.sequence == "00012900"
    assert parts.check_digit == "4"
    assert regno.parse("440301102738453").entity_class == "1"


def test_regno_individual_business_class() -> None:
    body = "44030160000001"
    number = body + regno.calc_check_digit(body)
    assert regno.parse(number).entity_class_name == "个体工商户"


def test_regno_unknown_region_is_review() -> None:
    body = "42999900000001"
    number = body + regno.calc_check_digit(body)
    result = regno.check(number)
    assert result.verdict is Verdict.REVIEW
    assert result.findings[0].code == "regno.region_unknown"
