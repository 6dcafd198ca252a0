"""Drug business licence (药品经营许可证): 2024 and legacy formats, historic 1999 scheme."""

from __future__ import annotations

import datetime

import pytest

from qualcheck import InvalidComponent, InvalidFormat, InvalidLength, Severity, Verdict
from qualcheck.numbers import drug_business

BEFORE_2029 = datetime.date(2026, 6, 1)
AFTER_2028 = datetime.date(2029, 1, 1)


@pytest.mark.parametrize(
    "number",
    [
        "琼AA898000001",  # Hainan province-issued wholesale licence (Hainan MPA notice)
        "琼DA898100023",  # independent pharmacy in Haikou (adjustment digit 1)
        "粤CB200100017",  # chain store, non-legal person (Guangzhou 020 + adjustment 0)
        "川BA028000001",  # Sichuan, primary abbreviation
        "蜀BA028000002",  # Sichuan, second abbreviation
        "黔DA851000001",  # Guizhou, second abbreviation
        "滇DA871000001",  # Yunnan, second abbreviation
        "秦DA029000001",  # Shaanxi, second abbreviation
        "陇DA931000001",  # Gansu, second abbreviation
        "琼AA898000000",  # sequence 00000: the area code and sequence are not checked
    ],
)
def test_2024_format_is_valid(number: str) -> None:
    assert drug_business.validate(number) == number
    result = drug_business.check(number)
    assert result.verdict is Verdict.VALID, result.findings
    assert result.findings == ()
    assert result.normalized == number


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("琼ＡＡ８９８０００００１", "琼AA898000001"),  # full-width letters and digits
        ("琼aa898000001", "琼AA898000001"),  # lower case
        (" 琼 AA 8980 00001 ", "琼AA898000001"),  # spaces
        ("琼AA-8980-00001", "琼AA898000001"),  # hyphens
        ("琼AA8980—00001", "琼AA898000001"),  # em dash
        ("琼\u200bAA898000001\ufeff", "琼AA898000001"),  # zero-width characters
        ("琼AA898000001\u3000", "琼AA898000001"),  # ideographic space
        ("粤ba1710104", "粤BA1710104"),  # legacy, lower case
    ],
)
def test_normalisation(raw: str, canonical: str) -> None:
    assert drug_business.compact(raw) == canonical
    assert drug_business.validate(raw) == canonical
    assert drug_business.format(raw) == canonical
    assert drug_business.check(raw).input == raw


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("港AA898000001", InvalidComponent, "drug_business.province", 1),  # Hong Kong
        ("台AA898000001", InvalidComponent, "drug_business.province", 1),  # Taiwan
        ("申AA898000001", InvalidComponent, "drug_business.province", 1),  # not accepted: 沪
        ("AA898000001", InvalidFormat, "drug_business.charset", 1),  # province missing
        ("港AA89800001", InvalidFormat, "drug_business.charset", 1),  # and wrong length
        ("hello", InvalidFormat, "drug_business.charset", 1),
        ("琼EA898000001", InvalidComponent, "drug_business.business_type", 2),
        ("琼ZA898000001", InvalidComponent, "drug_business.business_type", 2),
        ("琼AC898000001", InvalidComponent, "drug_business.legal_person", 3),
        ("琼A8898000001", InvalidFormat, "drug_business.charset", 3),  # digit for a letter
        ("琼9A898000001", InvalidFormat, "drug_business.charset", 2),
        ("琼AA8980O0001", InvalidFormat, "drug_business.charset", 8),  # letter O typed for 0
        ("琼AA89800001", InvalidLength, "drug_business.length", None),  # 8 digits
        ("琼AA8980000011", InvalidLength, "drug_business.length", None),  # 10 digits
        ("粤BA171010", InvalidLength, "drug_business.length", None),  # 6 digits
        ("琼AA", InvalidLength, "drug_business.length", None),
        ("琼A", InvalidLength, "drug_business.length", None),
        ("", InvalidLength, "drug_business.length", None),
        ("粤1201234", InvalidComponent, "drug_business.historic_1999", 2),  # 1999 scheme
        ("粤3200015-2", InvalidComponent, "drug_business.historic_1999", 2),  # store suffix
        ("京4010001", InvalidComponent, "drug_business.historic_1999", 2),
        ("琼EA89800001", InvalidLength, "drug_business.length", None),  # shape first
    ],
)
def test_official_rules(
    number: str, error: type[Exception], code: str, position: int | None
) -> None:
    with pytest.raises(error) as caught:
        drug_business.validate(number)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    assert caught.value.message_zh  # type: ignore[attr-defined]
    result = drug_business.check(number)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]
    assert result.parts is None
    assert not drug_business.is_valid(number)


@pytest.mark.parametrize(
    ("number", "shape_matched"),
    [
        ("琼EA898000001", True),  # a drug licence number with an impossible letter
        ("港AA898000001", True),  # ... with an unknown province
        ("粤1201234", True),  # ... of the 1999 scheme
        ("琼AA89800001", False),  # wrong length: not recognisably this kind
        ("hello", False),
    ],
)
def test_component_errors_only_where_the_shape_fits(number: str, shape_matched: bool) -> None:
    # qualcheck.numbers.identify explains an invalid number by a kind whose shape it has
    assert drug_business.check(number).shape_matched is shape_matched


def test_length_reports_the_digit_count() -> None:
    with pytest.raises(InvalidLength) as caught:
        drug_business.validate("琼AA89800001")
    assert caught.value.ctx == {"digits": 8}


@pytest.mark.parametrize(
    ("as_of", "verdict", "code", "severity"),
    [
        (BEFORE_2029, Verdict.VALID, "drug_business.legacy_format", Severity.INFO),
        (datetime.date(2028, 12, 31), Verdict.VALID, "drug_business.legacy_format", Severity.INFO),
        (AFTER_2028, Verdict.REVIEW, "drug_business.legacy_expired", Severity.WARNING),
        (
            datetime.date(2035, 3, 1),
            Verdict.REVIEW,
            "drug_business.legacy_expired",
            Severity.WARNING,
        ),
    ],
)
def test_legacy_format_depends_on_the_date(
    as_of: datetime.date, verdict: Verdict, code: str, severity: Severity
) -> None:
    result = drug_business.check("粤BA1710104", as_of=as_of)  # Guangdong retail chain, 2004-2023
    assert result.verdict is verdict
    assert [f.code for f in result.findings] == [code]
    assert result.findings[0].severity is severity
    assert drug_business.is_valid("粤BA1710104", as_of=as_of)
    if severity is Severity.WARNING:
        assert result.findings[0].rule
        assert result.findings[0].ctx == {"as_of": as_of.isoformat()}


def test_2024_format_does_not_depend_on_the_date() -> None:
    assert drug_business.check("琼AA898000001", as_of=AFTER_2028).verdict is Verdict.VALID


@pytest.mark.parametrize(
    ("number", "fields"),
    [
        (
            "琼AA898000001",
            {
                "province_code": "46",
                "province_name": "海南省",
                "province_abbreviation": "琼",
                "business_type": "A",
                "business_type_name": "批发企业",
                "business_type_name_en": "wholesale",
                "legal_person": "A",
                "legal_person_name": "法人企业",
                "sells_to_consumers": False,  # wholesalers may not sell to individuals
                "area_code": "8980",
                "sequence": "00001",
                "legacy": False,
            },
        ),
        (
            "琼BB898000002",
            {
                "business_type_name": "药品零售连锁总部",
                "legal_person_name": "非法人企业",
                "legal_person_name_en": "non-legal-person enterprise",
                "sells_to_consumers": None,  # chain HQ: decided by the licence's scope
            },
        ),
        ("粤CA200100001", {"business_type_name": "零售连锁门店", "sells_to_consumers": True}),
        (
            "滇DA871000001",
            {
                "province_code": "53",  # second abbreviation maps to the same province
                "province_abbreviation": "滇",
                "business_type_name_en": "independent pharmacy",
                "sells_to_consumers": True,
            },
        ),
        (
            "粤BA1710104",
            {"province_code": "44", "legacy": True, "area_code": None, "sequence": "1710104"},
        ),
    ],
)
def test_parse(number: str, fields: dict[str, object]) -> None:
    parts = drug_business.parse(number, as_of=BEFORE_2029)
    for name, value in fields.items():
        assert getattr(parts, name) == value, name
    assert drug_business.check(number, as_of=BEFORE_2029).parts == parts


def test_parts_to_dict() -> None:
    data = drug_business.parse("琼AA898000001").to_dict()
    assert data["business_type"] == "A"
    assert data["sells_to_consumers"] is False


@pytest.mark.parametrize(
    "value",
    [None, 12345, b"\xe7\x90\xbcAA898000001", "琼AA898000001" * 10, "😴", "琼AA٨٩٨٠٠٠٠٠١"],
)
def test_is_valid_never_raises(value: object) -> None:
    assert drug_business.is_valid(value) is False
    assert drug_business.check(value).verdict is Verdict.INVALID


def test_every_code_is_exercised() -> None:
    exercised = {
        "drug_business.length",
        "drug_business.province",
        "drug_business.charset",
        "drug_business.business_type",
        "drug_business.legal_person",
        "drug_business.historic_1999",
        "drug_business.legacy_format",
        "drug_business.legacy_expired",
    }
    assert set(drug_business.CODES) == exercised
