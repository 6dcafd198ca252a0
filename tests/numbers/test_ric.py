"""Resident ID numbers, residence permits and permanent-residence IDs (GB 11643).

Only generated numbers and the standard's illustrative numbers appear here, never a
real person's.
"""

from __future__ import annotations

import datetime

import pytest

from qualcheck import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, Verdict
from qualcheck.numbers import ric
from qualcheck.testing import make_ric

AS_OF = datetime.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("number", "holder", "birth", "sex"),
    [
        ("11010519491231002X", "resident", datetime.date(1949, 12, 31), "F"),  # GB 11643 example
        ("440524188001010014", "resident", datetime.date(1880, 1, 1), "M"),  # born 1880; retired
        # county code (a library that checks the code against the birth year rejects it)
        ("810000199408230021", "hk_permit", datetime.date(1994, 8, 23), "F"),
        ("820000199001010010", "macao_permit", datetime.date(1990, 1, 1), "M"),
        ("830000198512120032", "taiwan_permit", datetime.date(1985, 12, 12), "M"),
        ("931840198001010113", "foreigner_pr", datetime.date(1980, 1, 1), "M"),  # 2023 PR ID
    ],
)
def test_valid(number: str, holder: str, birth: datetime.date, sex: str) -> None:
    assert ric.validate(number, as_of=AS_OF) == number
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.VALID, result.findings
    parts = result.parts
    assert parts is not None
    assert (parts.holder_type, parts.birth_date, parts.sex) == (holder, birth, sex)


def test_foreigner_pr_parts() -> None:
    parts = ric.parse("931840198001010113", as_of=AS_OF)
    assert parts.nationality_code == "840"
    assert parts.region_code == "310000"
    assert parts.holder_type_name == "外国人永久居留身份证"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("11010519491231002x", "11010519491231002X"),  # lower-case x
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),  # full-width
        ("110105 19491231 002X", "11010519491231002X"),  # spaces
        ("110105-19491231-002X", "11010519491231002X"),  # hyphens
        ("\u200b11010519491231002X", "11010519491231002X"),  # zero-width space
    ],
)
def test_normalisation(raw: str, canonical: str) -> None:
    assert ric.validate(raw) == canonical


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("11010519491231002", InvalidLength, "ric.length", None),
        ("1101051949123100X2", InvalidFormat, "ric.charset", 17),  # X only last
        ("11O10519491231002X", InvalidFormat, "ric.charset", 3),  # letter O typed for 0
        ("110105194912310021", InvalidChecksum, "ric.checksum", 18),
        ("000105194912310021", InvalidComponent, "ric.province", 1),
        ("110105194902290024", InvalidComponent, "ric.birth_date", 7),  # 1949 not a leap year
        ("110105194913010024", InvalidComponent, "ric.birth_date", 7),  # month 13
        ("11010519000229002X", InvalidComponent, "ric.birth_date", 7),  # 1900 not a leap year
        ("11010521000101002X", InvalidComponent, "ric.birth_date_future", 7),
        ("110105491331002", InvalidComponent, "ric.birth_date", 7),  # 15-digit, month 13
    ],
)
def test_invalid(number: str, error: type[Exception], code: str, position: int | None) -> None:
    with pytest.raises(error) as caught:
        ric.validate(number, as_of=AS_OF)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]


def test_leap_days() -> None:
    assert ric.is_valid(make_ric(birth_date=datetime.date(2000, 2, 29)))  # 2000 is a leap year
    assert ric.is_valid(make_ric(birth_date=datetime.date(1996, 2, 29)))


def test_birth_date_future_depends_on_as_of() -> None:
    number = make_ric(birth_date=datetime.date(2026, 12, 1))
    assert not ric.is_valid(number, as_of=AS_OF)
    assert ric.is_valid(number, as_of=datetime.date(2026, 12, 1))


def test_legacy_15_digit_is_review() -> None:
    result = ric.check("110105491231002", as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == ["ric.legacy_15"]
    parts = result.parts
    assert parts is not None
    assert parts.legacy
    assert parts.upgraded == "11010519491231002X"
    assert parts.birth_date == datetime.date(1949, 12, 31)
    assert ric.upgrade("110105491231002") == "11010519491231002X"


def test_legacy_centenarian_sequence() -> None:
    # sequence 996-999 marks people born in the 1800s
    parts = ric.parse("110105801231996", as_of=AS_OF)
    assert parts.birth_date == datetime.date(1880, 12, 31)


def test_unknown_region_is_review_not_invalid() -> None:
    number = make_ric(region="429999")
    assert ric.is_valid(number)
    result = ric.check(number)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == ["ric.region_unknown"]


def test_permit_with_other_county_code_is_review() -> None:
    body = "81010119900101001"
    number = body + ric.calc_check_digit(body)
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert result.findings[0].code == "ric.region_unknown"


def test_implausible_birth_year_is_review() -> None:
    number = make_ric(birth_date=datetime.date(1801, 5, 5), region="110105")
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == ["ric.birth_date_implausible"]


def test_pr_layout_is_soft() -> None:
    body = "90084019800101011"  # province 00 in a PR ID: layout from secondary sources
    number = body + ric.calc_check_digit(body)
    assert ric.is_valid(number)
    finding = ric.check(number).findings[0]
    assert finding.code == "ric.pr_layout"
    assert finding.ctx["detail"] == "positions 2-3 00 are not a province code"
    assert (
        finding.message_zh
        == "不符合2023版外国人永久居留身份证号码的公开编码结构（第2-3位00不是省级代码）。"
    )


def test_masking() -> None:
    number = make_ric(region="110105", birth_date=datetime.date(1990, 5, 17))
    assert ric.mask(number) == "110105********" + number[-4:]
    data = ric.check(number).to_dict()
    assert "19900517" not in str(data)
    assert data["input"] == ric.mask(number)
    assert "birth_date" not in data["parts"]
    assert "sex" not in data["parts"]
    revealed = ric.check(number).to_dict(reveal=True)
    assert revealed["input"] == number
    assert revealed["parts"]["birth_date"] == "1990-05-17"
    assert ric.mask("not an id") == "*******"  # spaces dropped, 7 characters


def test_findings_never_carry_the_number() -> None:
    number = make_ric()
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    for finding in ric.check(bad).findings:
        assert number[:14] not in finding.message
        assert number[:14] not in str(finding.ctx)
