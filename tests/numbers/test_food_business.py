"""Food business licence (JY): the shape rejects, check digit and region only ask for review."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from qualcheck import InvalidComponent, InvalidFormat, InvalidLength, Severity, Verdict
from qualcheck.numbers import food_business


@pytest.mark.parametrize(
    ("number", "verdict", "codes"),
    [
        ("JY13301080111719", Verdict.VALID, []),  # NetEase online shop (reference §4.2)
        ("JY14403050000010", Verdict.VALID, []),  # synthetic example of the reference
        ("JY21101050004566", Verdict.VALID, []),  # catering, Beijing 朝阳区 (a GB/T 2260 code)
        ("JY34201060007897", Verdict.VALID, []),  # canteen, 武昌区
        # restaurant receipt template: MOD 11,10 holds, 111702 is Beijing's own numbering
        ("JY21117021542763", Verdict.REVIEW, ["food_business.region_beijing_local"]),
        # real Beijing number: local numbering fails both soft rules, and is not rejected
        (
            "JY11105300065940",
            Verdict.REVIEW,
            ["food_business.checksum", "food_business.region_beijing_local"],
        ),
    ],
)
def test_reference_numbers(number: str, verdict: Verdict, codes: list[str]) -> None:
    result = food_business.check(number)
    assert result.verdict is verdict
    assert [finding.code for finding in result.findings] == codes
    assert result.normalized == number
    assert food_business.is_valid(number)
    assert food_business.validate(number) == number


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("ＪＹ１４４０３０５０００００１０", "JY14403050000010"),  # full-width letters and digits
        ("jy14403050000010", "JY14403050000010"),  # lower case
        ("Jy 1 4403 05 000001 0", "JY14403050000010"),  # spaces, mixed case
        ("JY1-440305-000001-0", "JY14403050000010"),  # hyphens
        ("JY1–440305—000001－0", "JY14403050000010"),  # en dash, em dash, full-width hyphen
        ("\u200bJY14403050000010\ufeff", "JY14403050000010"),  # zero-width characters
        ("JY1440305\u30000000010", "JY14403050000010"),  # ideographic space
    ],
)
def test_normalisation(raw: str, canonical: str) -> None:
    assert food_business.compact(raw) == canonical
    assert food_business.validate(raw) == canonical
    result = food_business.check(raw)
    assert result.verdict is Verdict.VALID
    assert result.input == raw  # the raw input is kept for display


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("JY1440305000001", InvalidLength, "food_business.length", None),  # 15 characters
        ("JY144030500000100", InvalidLength, "food_business.length", None),  # 17 characters
        ("14403050000010", InvalidLength, "food_business.length", None),  # prefix left out
        ("", InvalidLength, "food_business.length", None),
        ("SC14403050000010", InvalidFormat, "food_business.prefix", 1),  # a production licence
        ("JX14403050000010", InvalidFormat, "food_business.prefix", 2),
        ("J114403050000010", InvalidFormat, "food_business.prefix", 2),
        ("JY1440305OOOOO10", InvalidFormat, "food_business.charset", 10),  # letter O for zero
        ("JYA4403050000010", InvalidFormat, "food_business.charset", 3),
        ("JY144030500000１X", InvalidFormat, "food_business.charset", 16),
        ("JY04403050000010", InvalidComponent, "food_business.business_form", 3),
        ("JY44403050000010", InvalidComponent, "food_business.business_form", 3),
        ("JY94403050000010", InvalidComponent, "food_business.business_form", 3),
        # superseded 餐饮服务许可证: 省简称 + 餐证字 + year + region + sequence
        ("京餐证字2012110105000456", InvalidComponent, "food_business.superseded_licence", None),
        (
            "沪餐证字（2013）第310104000123号",  # full-width brackets, 第…号
            InvalidComponent,
            "food_business.superseded_licence",
            None,
        ),
        (
            "川餐证字〔2014〕510104000001",  # tortoise-shell brackets
            InvalidComponent,
            "food_business.superseded_licence",
            None,
        ),
        # superseded 食品流通许可证
        ("SP3301061110012345", InvalidComponent, "food_business.superseded_licence", None),
        ("sp 440305 1310 001234", InvalidComponent, "food_business.superseded_licence", None),
    ],
)
def test_official_rules(
    number: str, error: type[Exception], code: str, position: int | None
) -> None:
    with pytest.raises(error) as caught:
        food_business.validate(number)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    assert caught.value.message_zh  # type: ignore[attr-defined]
    result = food_business.check(number)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]
    assert result.findings[0].severity is Severity.ERROR
    assert not food_business.is_valid(number)


def test_superseded_licence_names_the_licence() -> None:
    catering = food_business.check("京餐证字2012110105000456").findings[0]
    assert "餐饮服务许可证" in catering.message_zh
    assert "catering service licence" in catering.message
    circulation = food_business.check("SP3301061110012345").findings[0]
    assert "食品流通许可证" in circulation.message_zh
    assert "JY" in circulation.message


@pytest.mark.parametrize(
    ("number", "code", "position", "ctx"),
    [
        # check digit should be 0 by MOD 11,10
        ("JY14403050000011", "food_business.checksum", 16, {"expected": "0", "actual": "1"}),
        ("JY19903050000012", "food_business.province_unknown", 4, {"province": "99"}),
        ("JY17199000000019", "food_business.province_unknown", 4, {"province": "71"}),  # Taiwan
        ("JY14499990000018", "food_business.region_unknown", 4, {"region": "449999"}),
        ("JY31105300001231", "food_business.region_beijing_local", 4, {"region": "110530"}),
    ],
)
def test_soft_rules(number: str, code: str, position: int, ctx: dict[str, Any]) -> None:
    result = food_business.check(number)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == [code]
    finding = result.findings[0]
    assert finding.severity is Severity.WARNING
    assert finding.position == position
    assert finding.rule  # the soft rule is named
    assert dict(finding.ctx) == ctx
    assert food_business.is_valid(number)  # soft rules never invalidate


def test_soft_rule_names() -> None:
    checksum = food_business.check("JY14403050000011").findings[0]
    assert checksum.rule is not None
    assert "empirical" in checksum.rule
    beijing = food_business.check("JY31105300001231").findings[0]
    assert "Beijing" in beijing.message
    assert "北京" in beijing.message_zh


def test_parse() -> None:
    parts = food_business.parse("JY13301080111719")
    assert parts == food_business.FoodBusinessParts(
        business_form="1",
        business_form_name="食品销售经营者",
        business_form_name_en="food seller",
        province_code="33",
        province_name="浙江省",
        region_code="330108",
        region_name="浙江省杭州市滨江区",
        sequence="011171",
        check_digit="9",
        check_digit_matches=True,
    )
    assert parts.to_dict()["business_form_name"] == "食品销售经营者"


@pytest.mark.parametrize(
    ("number", "form", "name"),
    [
        ("JY14403050000010", "1", "食品销售经营者"),
        ("JY21101050004566", "2", "餐饮服务经营者"),
        ("JY34201060007897", "3", "单位食堂"),
    ],
)
def test_business_forms(number: str, form: str, name: str) -> None:
    parts = food_business.parse(number)
    assert (parts.business_form, parts.business_form_name) == (form, name)


def test_parse_unknown_region() -> None:
    parts = food_business.parse("JY11105300065940")
    assert parts.province_name == "北京市"
    assert parts.region_code == "110530"
    assert parts.region_name is None
    assert parts.check_digit_matches is False
    unknown = food_business.parse("JY19903050000012")
    assert (unknown.province_name, unknown.region_name) == (None, None)


def test_format() -> None:
    assert food_business.format(" jy1-440305-000001-0 ") == "JY14403050000010"


@pytest.mark.parametrize(
    ("body", "digit"),
    [
        ("JY1440305000001", "0"),
        ("JY1330108011171", "9"),
        ("JY14403050000010", "0"),  # a full number: the check digit is ignored
        ("jy 1440305000001", "0"),
    ],
)
def test_calc_check_digit(body: str, digit: str) -> None:
    assert food_business.calc_check_digit(body) == digit


@pytest.mark.parametrize("body", ["JY144030500000", "SC1440305000001", "JY14403O5000001"])
def test_calc_check_digit_rejects_bad_bodies(body: str) -> None:
    with pytest.raises(InvalidFormat):
        food_business.calc_check_digit(body)


def test_as_of_changes_nothing() -> None:
    for as_of in (datetime.date(2015, 10, 1), datetime.date(2040, 1, 1)):
        assert food_business.check("JY14403050000010", as_of=as_of).verdict is Verdict.VALID
        assert food_business.validate("JY14403050000010", as_of=as_of) == "JY14403050000010"


@pytest.mark.parametrize(
    "value",
    [
        None,
        14403050000010,
        b"JY14403050000010",
        "JY" * 40,
        "😀",
        "JY１４４０３０５０００００１⑩",
        [],
    ],
)
def test_is_valid_never_raises(value: object) -> None:
    assert food_business.is_valid(value) is False
    assert food_business.check(value).verdict is Verdict.INVALID


def test_every_code_is_defined_with_both_languages() -> None:
    for code, entry in food_business.CODES.items():
        assert code.startswith("food_business.")
        assert entry.en
        assert entry.zh
        assert (entry.rule is None) == (entry.severity is Severity.ERROR)


@pytest.mark.parametrize("number", ["京餐证字2012110105000456", "SP3301061110012345"])
def test_identify_reports_a_superseded_licence(number: str) -> None:
    from qualcheck.numbers import identify

    result = identify(number)
    assert result.kind == "food_business"
    assert [f.code for f in result.findings] == ["food_business.superseded_licence"]
