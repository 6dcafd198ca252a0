"""Pre-packaged food filing (YB): national format decoded, local formats and USCCs reviewed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from qualcheck import InvalidFormat, InvalidLength, Severity, Verdict
from qualcheck.numbers import food_filing


@pytest.mark.parametrize(
    ("number", "scheme", "form_name"),
    [
        ("YB24403050000014", "national", "零售"),  # retail, 深圳市南山区
        ("YB14403050000010", "national", "批发"),  # wholesale
        ("YB24201060001239", "national", "零售"),  # 武昌区
    ],
)
def test_national_format_is_valid(number: str, scheme: str, form_name: str) -> None:
    result = food_filing.check(number)
    assert result.verdict is Verdict.VALID, result.findings
    assert result.normalized == number
    assert result.parts is not None
    assert (result.parts.scheme, result.parts.business_form_name) == (scheme, form_name)
    assert food_filing.validate(number) == number


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("ＹＢ２４４０３０５０００００１４", "YB24403050000014"),  # full-width letters and digits
        ("yb24403050000014", "YB24403050000014"),  # lower case
        ("YB 2 440305 000001 4", "YB24403050000014"),  # spaces
        ("YB-2440305-0000014", "YB24403050000014"),  # hyphens
        ("YB2—440305–000001﹣4", "YB24403050000014"),  # em dash, en dash, small hyphen-minus
        ("\ufeffYB24403050000014\u200c", "YB24403050000014"),  # zero-width characters
        ("YB2440305\u3000000001 4", "YB24403050000014"),  # ideographic space
        # local numbers: full-width brackets become ASCII, dashes are dropped
        ("浙食备（２０２１）３３０１０６－０００１２３号", "浙食备(2021)330106000123号"),
    ],
)
def test_normalisation(raw: str, canonical: str) -> None:
    assert food_filing.compact(raw) == canonical
    assert food_filing.validate(raw) == canonical
    assert food_filing.check(raw).input == raw


@pytest.mark.parametrize(
    ("number", "code"),
    [
        # provincial formats of 2021-2023 (shapes are illustrative, none is decoded)
        ("浙食备330106000123", "food_filing.local_format"),
        ("粤食备【2021】440305000123号", "food_filing.local_format"),  # CJK lenticular brackets
        ("川食备〔2022〕第510104000001号", "food_filing.local_format"),  # tortoise-shell brackets
        ("沪食备(2021)310104000321", "food_filing.local_format"),
        ("BZ440305000123", "food_filing.local_format"),  # "usually begins with YB or BZ"
        ("123456", "food_filing.local_format"),  # six digits: the least that is accepted
        ("A" * 34 + "123456", "food_filing.local_format"),  # forty characters: the most
        ("JY14403050000010", "food_filing.licence_given"),  # a food business licence number
        ("SC10144030500017", "food_filing.licence_given"),  # a food production licence number
        # begins with YB but is not the national shape: probably a typo
        ("YB34403050000014", "food_filing.national_format_mismatch"),  # form 3
        ("YB2440305000001", "food_filing.national_format_mismatch"),  # a digit short
        ("YB244030500000140", "food_filing.national_format_mismatch"),  # a digit too many
        # a USCC given instead of a filing number (platform practice)
        ("91350100M000100Y43", "food_filing.uscc_given"),
        ("92420106MA4K00002J", "food_filing.uscc_given"),  # 个体工商户
        ("9135 0100 m000 100y 43", "food_filing.uscc_given"),
    ],
)
def test_review(number: str, code: str) -> None:
    result = food_filing.check(number)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == [code]
    finding = result.findings[0]
    assert finding.severity is Severity.WARNING
    assert finding.rule
    assert food_filing.is_valid(number)
    assert result.parts is not None
    expected_scheme = "uscc" if code == "food_filing.uscc_given" else "local"
    assert result.parts.scheme == expected_scheme
    assert result.parts.region_code is None


def test_uscc_message_says_what_happened() -> None:
    finding = food_filing.check("91350100M000100Y43").findings[0]
    assert "USCC" in finding.message
    assert "统一社会信用代码" in finding.message_zh
    assert not finding.ctx  # nothing about the holder goes into the finding


@pytest.mark.parametrize(
    ("number", "error", "code", "position", "ctx"),
    [
        ("", InvalidLength, "food_filing.length", None, {"length": 0}),
        ("YB123", InvalidLength, "food_filing.length", None, {"length": 5}),  # too short
        ("无", InvalidLength, "food_filing.length", None, {"length": 1}),
        ("长期", InvalidLength, "food_filing.length", None, {"length": 2}),
        ("1" * 41, InvalidLength, "food_filing.length", None, {"length": 41}),  # too long
        ("备案号😀123456", InvalidFormat, "food_filing.charset", 4, {"char": "😀"}),  # emoji
        ("No.123456", InvalidFormat, "food_filing.charset", 3, {"char": "."}),
        ("#330106000123", InvalidFormat, "food_filing.charset", 1, {"char": "#"}),
        ("330106000123/2021", InvalidFormat, "food_filing.charset", 13, {"char": "/"}),
        ("١٢٣٤٥٦٧٨", InvalidFormat, "food_filing.charset", 1, {"char": "١"}),  # Arabic digits
        ("Résumé123456", InvalidFormat, "food_filing.charset", 2, {"char": "É"}),
        ("浙食备ABC12345", InvalidFormat, "food_filing.too_few_digits", None, {"digits": 5}),
        ("NOTAPPLICABLE", InvalidFormat, "food_filing.too_few_digits", None, {"digits": 0}),
        ("仅销售预包装食品", InvalidFormat, "food_filing.too_few_digits", None, {"digits": 0}),
    ],
)
def test_invalid(
    number: str, error: type[Exception], code: str, position: int | None, ctx: dict[str, Any]
) -> None:
    with pytest.raises(error) as caught:
        food_filing.validate(number)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    assert caught.value.message_zh  # type: ignore[attr-defined]
    assert ctx.items() <= caught.value.ctx.items()  # type: ignore[attr-defined]
    result = food_filing.check(number)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]
    assert not food_filing.is_valid(number)


@pytest.mark.parametrize(
    ("number", "code", "position", "ctx"),
    [
        ("YB24403050000015", "food_filing.checksum", 16, {"expected": "4", "actual": "5"}),
        ("YB19903050000012", "food_filing.province_unknown", 4, {"province": "99"}),
        ("YB14499990000018", "food_filing.region_unknown", 4, {"region": "449999"}),
    ],
)
def test_national_soft_rules(number: str, code: str, position: int, ctx: dict[str, Any]) -> None:
    result = food_filing.check(number)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == [code]
    finding = result.findings[0]
    assert finding.severity is Severity.WARNING
    assert finding.position == position
    assert finding.rule
    assert dict(finding.ctx) == ctx
    assert result.parts is not None
    assert result.parts.scheme == "national"


def test_national_format_mismatch_points_at_the_prefix() -> None:
    finding = food_filing.check("YB34403050000014").findings[0]
    assert finding.position == 1


def test_parse_national() -> None:
    assert food_filing.parse("YB24201060001239") == food_filing.FoodFilingParts(
        scheme="national",
        business_form="2",
        business_form_name="零售",
        business_form_name_en="retail",
        province_code="42",
        province_name="湖北省",
        region_code="420106",
        region_name="湖北省武汉市武昌区",
        sequence="000123",
        check_digit="9",
        check_digit_matches=True,
    )


def test_parse_other_schemes_decode_nothing() -> None:
    assert food_filing.parse("浙食备330106000123") == food_filing.FoodFilingParts(scheme="local")
    assert food_filing.parse("91350100M000100Y43") == food_filing.FoodFilingParts(scheme="uscc")


def test_format() -> None:
    assert food_filing.format("yb2 440305 000001 4") == "YB24403050000014"
    assert food_filing.format("粤食备【2021】 440305000123号") == "粤食备【2021】440305000123号"


@pytest.mark.parametrize(
    ("body", "digit"),
    [("YB2440305000001", "4"), ("YB1440305000001", "0"), ("YB24403050000014", "4")],
)
def test_calc_check_digit(body: str, digit: str) -> None:
    assert food_filing.calc_check_digit(body) == digit


@pytest.mark.parametrize("body", ["YB244030", "浙食备330106000123", "BZ2440305000001"])
def test_calc_check_digit_needs_the_national_format(body: str) -> None:
    with pytest.raises(InvalidFormat) as caught:
        food_filing.calc_check_digit(body)
    assert caught.value.code == "food_filing.no_check_digit"


def test_as_of_changes_nothing() -> None:
    # a filing has no expiry date: nothing depends on the day of the check
    for as_of in (datetime.date(2021, 1, 1), datetime.date(2060, 1, 1)):
        assert food_filing.check("YB24403050000014", as_of=as_of).verdict is Verdict.VALID
        assert food_filing.check("浙食备330106000123", as_of=as_of).verdict is Verdict.REVIEW


@pytest.mark.parametrize(
    "value",
    [None, 24403050000014, b"YB24403050000014", "YB" * 40, "😀" * 8, "⑱⑱⑱⑱⑱⑱", "3²3²3²3²", ["YB"]],
)
def test_is_valid_never_raises(value: object) -> None:
    assert food_filing.is_valid(value) is False
    assert food_filing.check(value).verdict is Verdict.INVALID


def test_every_code_is_defined_with_both_languages() -> None:
    for code, entry in food_filing.CODES.items():
        assert code.startswith("food_filing.")
        assert entry.en
        assert entry.zh
        assert (entry.rule is None) == (entry.severity is Severity.ERROR)


@pytest.mark.parametrize(
    ("number", "kind", "code"),
    [
        ("YB24403050000014", "food_filing", None),
        ("浙食备330106000123", "food_filing", "food_filing.local_format"),  # catch-all fallback
        ("91350100M000100Y43", "uscc", None),  # a USCC is a USCC first
    ],
)
def test_identify(number: str, kind: str, code: str | None) -> None:
    from qualcheck.numbers import identify

    result = identify(number)
    assert result.kind == kind
    assert [f.code for f in result.findings] == ([code] if code else [])


def test_detect_leaves_catch_all_matches_out() -> None:
    from qualcheck.numbers import detect

    assert detect("YB24403050000014") == ("food_filing",)
    assert "food_filing" not in detect("91350100M000100Y43")
    assert "food_filing" not in detect("浙食备330106000123")
