"""CMA certificate numbers (检验检测机构资质认定证书编号): 12 digits, soft code tables."""

from __future__ import annotations

import datetime

import pytest

from qualcheck import InvalidComponent, InvalidFormat, InvalidLength, Verdict
from qualcheck.numbers import cma

AS_OF = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    "number",
    [
        "211900000001",  # synthetic reference example: 2021, Guangdong, food, education, #1
        "150012100123",  # 2015, national (CNCA), environment, technical supervision
        "263121349999",  # upper ends of every table: 新疆, 其他, 其他
        "200100000001",  # 2020, Beijing
    ],
)
def test_valid_numbers(number: str) -> None:
    assert cma.validate(number, as_of=AS_OF) == number
    result = cma.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.VALID, result.findings
    assert result.normalized == number
    assert cma.format(number) == number


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("２１１９０００００００１", "211900000001"),  # full-width digits
        ("2119 0000 0001", "211900000001"),  # spaces
        ("2119-0000-0001", "211900000001"),  # hyphens
        ("2119—0000—0001", "211900000001"),  # em dashes
        ("2119\u200b00000001", "211900000001"),  # zero-width space
        ("211900000001\u3000", "211900000001"),  # ideographic space
    ],
)
def test_normalisation(raw: str, canonical: str) -> None:
    assert cma.compact(raw) == canonical
    assert cma.validate(raw) == canonical
    assert cma.check(raw).input == raw


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("21190000001", InvalidLength, "cma.length", None),  # 11 digits
        ("2119000000011", InvalidLength, "cma.length", None),  # 13 digits
        ("", InvalidLength, "cma.length", None),
        ("2119O0000001", InvalidFormat, "cma.charset", 5),  # letter O typed for 0
        ("21190000000١", InvalidFormat, "cma.charset", 12),  # Arabic-Indic digit
        ("2119000000²", InvalidFormat, "cma.charset", 11),  # superscript two
        ("271900000001", InvalidComponent, "cma.year_future", 1),  # 2027
        ("991900000001", InvalidComponent, "cma.year_future", 1),  # 2099
    ],
)
def test_official_rules(
    number: str, error: type[Exception], code: str, position: int | None
) -> None:
    with pytest.raises(error) as caught:
        cma.validate(number, as_of=AS_OF)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    assert caught.value.message_zh  # type: ignore[attr-defined]
    result = cma.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]
    assert not cma.is_valid(number, as_of=AS_OF)


@pytest.mark.parametrize(
    ("as_of", "valid"),
    [
        (datetime.date(2026, 12, 31), False),
        (datetime.date(2027, 1, 1), True),
    ],
)
def test_year_future_is_pinned_to_as_of(as_of: datetime.date, valid: bool) -> None:
    assert cma.is_valid("271900000001", as_of=as_of) is valid


@pytest.mark.parametrize(
    ("number", "codes", "positions"),
    [
        ("213200000001", ["cma.authority_unknown"], [3]),  # 32: beyond 新疆 (31)
        ("219900000001", ["cma.authority_unknown"], [3]),
        ("211922000001", ["cma.field_unknown"], [5]),  # 22: beyond 其他 (21)
        ("211900350001", ["cma.department_unknown"], [7]),  # 35: beyond 其他 (34)
        ("211900000000", ["cma.serial_zero"], [9]),  # serials start at 0001
        (
            "219999990000",  # every soft rule at once
            [
                "cma.authority_unknown",
                "cma.field_unknown",
                "cma.department_unknown",
                "cma.serial_zero",
            ],
            [3, 5, 7, 9],
        ),
    ],
)
def test_soft_rules_ask_for_review(number: str, codes: list[str], positions: list[int]) -> None:
    result = cma.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == codes
    assert [f.position for f in result.findings] == positions
    assert all(f.rule for f in result.findings)
    assert cma.is_valid(number, as_of=AS_OF)


def test_soft_findings_carry_the_codes() -> None:
    result = cma.check("214023360001", as_of=AS_OF)
    assert [dict(f.ctx) for f in result.findings] == [
        {"authority": "40"},
        {"field": "23"},
        {"department": "36"},
    ]


@pytest.mark.parametrize(
    ("number", "fields"),
    [
        (
            "211900000001",
            {
                "year": 2021,
                "authority": "19",
                "authority_name": "广东省",
                "authority_name_en": "Guangdong",
                "field": "00",
                "field_name": "食品",
                "field_name_en": "food",
                "department": "00",
                "department_name": "教育",
                "department_name_en": "education",
                "serial": "0001",
            },
        ),
        (
            "160015140042",
            {
                "authority_name": "国家认监委",
                "field_name": "医疗器械",
                "department_name": "食品药品",
                "serial": "0042",
            },
        ),
        (
            "182620330001",
            {"authority_name": "西藏自治区", "field_name": "综合", "department_name": "军队"},
        ),
        ("183100000001", {"authority_name": "新疆维吾尔自治区"}),
        (
            "214023360001",  # outside the tables: codes kept, names None
            {
                "authority": "40",
                "authority_name": None,
                "field_name": None,
                "department_name_en": None,
            },
        ),
    ],
)
def test_parse(number: str, fields: dict[str, object]) -> None:
    parts = cma.parse(number, as_of=AS_OF)
    for name, value in fields.items():
        assert getattr(parts, name) == value, name


def test_authority_table_follows_the_province_order() -> None:
    assert len(cma.AUTHORITIES) == 32
    assert cma.AUTHORITIES["01"][0] == "北京市"
    assert cma.AUTHORITIES["05"][0] == "内蒙古自治区"
    assert cma.AUTHORITIES["22"][0] == "重庆市"
    assert cma.AUTHORITIES["31"][0] == "新疆维吾尔自治区"
    assert len(cma.FIELDS) == 22
    assert len(cma.DEPARTMENTS) == 35


@pytest.mark.parametrize("value", [None, 211900000001, b"211900000001", "😴", "2" * 100])
def test_is_valid_never_raises(value: object) -> None:
    assert cma.is_valid(value) is False
    assert cma.check(value).verdict is Verdict.INVALID


def test_every_code_is_exercised() -> None:
    assert set(cma.CODES) == {
        "cma.length",
        "cma.charset",
        "cma.year_future",
        "cma.superseded_format",
        "cma.year_early",
        "cma.authority_unknown",
        "cma.field_unknown",
        "cma.department_unknown",
        "cma.serial_zero",
    }
