"""Food production licence (SC): the shape rejects; check digit, category and region warn."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from qualcheck import InvalidComponent, InvalidFormat, InvalidLength, Severity, Verdict
from qualcheck.numbers import food_production


@pytest.mark.parametrize(
    ("number", "verdict", "codes", "category_name"),
    [
        ("SC10144030500017", Verdict.VALID, [], "粮食加工品"),  # synthetic example (reference)
        ("SC12744040400094", Verdict.VALID, [], "保健食品"),  # 汤臣倍健, 珠海市金湾区
        ("SC20244030500019", Verdict.VALID, [], "食品用香精"),  # food additive
        # 洋河 (15 酒类): MOD 11,10 holds; 321392 is not in GB/T 2260 (a development-zone code?)
        ("SC11532139200465", Verdict.REVIEW, ["food_production.region_unknown"], "酒类"),
        # 洽洽 (18 炒货): 340107 is not in GB/T 2260
        (
            "SC11834010705158",
            Verdict.REVIEW,
            ["food_production.region_unknown"],
            "炒货食品及坚果制品",
        ),
        # 亿滋 (08 饼干), Beijing: 113101 is Beijing's own numbering
        ("SC10811310111839", Verdict.REVIEW, ["food_production.region_unknown"], "饼干"),
    ],
)
def test_reference_numbers(
    number: str, verdict: Verdict, codes: list[str], category_name: str
) -> None:
    result = food_production.check(number)
    assert result.verdict is verdict
    assert [finding.code for finding in result.findings] == codes
    assert result.parts is not None
    assert result.parts.category_name == category_name
    assert result.parts.check_digit_matches
    assert food_production.validate(number) == number


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("ＳＣ１０１４４０３０５０００１７", "SC10144030500017"),  # full-width letters and digits
        ("sc10144030500017", "SC10144030500017"),  # lower case
        ("SC 1014 4030 5000 17", "SC10144030500017"),  # spaces
        ("SC-101-440305-0001-7", "SC10144030500017"),  # hyphens
        ("SC101‐440305‑0001−7", "SC10144030500017"),  # hyphen, non-breaking hyphen, minus
        ("SC1014403\u200b050001\u200d7", "SC10144030500017"),  # zero-width characters
        ("\u3000SC10144030500017\t", "SC10144030500017"),  # ideographic space, tab
    ],
)
def test_normalisation(raw: str, canonical: str) -> None:
    assert food_production.compact(raw) == canonical
    assert food_production.validate(raw) == canonical
    result = food_production.check(raw)
    assert result.verdict is Verdict.VALID
    assert result.input == raw


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("SC1014403050001", InvalidLength, "food_production.length", None),  # 15 characters
        ("SC101440305000170", InvalidLength, "food_production.length", None),  # 17 characters
        ("SC", InvalidLength, "food_production.length", None),
        ("JY10144030500017", InvalidFormat, "food_production.prefix", 1),  # a business licence
        ("SG10144030500017", InvalidFormat, "food_production.prefix", 2),
        ("5C10144030500017", InvalidFormat, "food_production.prefix", 1),  # digit 5 for S
        ("SC1014403050OO17", InvalidFormat, "food_production.charset", 13),  # letter O for zero
        ("SC10I44030500017", InvalidFormat, "food_production.charset", 5),
        ("SC00144030500017", InvalidComponent, "food_production.product_type", 3),
        ("SC30144030500017", InvalidComponent, "food_production.product_type", 3),
        # the QS mark, phased out from 2015-10-01
        ("QS440306010001", InvalidComponent, "food_production.superseded_licence", None),
        ("QS 1100 0101 0123", InvalidComponent, "food_production.superseded_licence", None),
        (
            "ｑｓ３３０１０６０１０００２",  # full-width, lower case
            InvalidComponent,
            "food_production.superseded_licence",
            None,
        ),
    ],
)
def test_official_rules(
    number: str, error: type[Exception], code: str, position: int | None
) -> None:
    with pytest.raises(error) as caught:
        food_production.validate(number)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    assert caught.value.message_zh  # type: ignore[attr-defined]
    result = food_production.check(number)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]
    assert not food_production.is_valid(number)


def test_qs_message_explains() -> None:
    finding = food_production.check("QS440306010001").findings[0]
    assert "QS" in finding.message
    assert "2015-10-01" in finding.message
    assert "2015年10月1日" in finding.message_zh


@pytest.mark.parametrize(
    ("number", "code", "position", "ctx"),
    [
        ("SC10144030500018", "food_production.checksum", 16, {"expected": "7", "actual": "8"}),
        (
            "SC13244030500015",  # food category 32 does not exist
            "food_production.category_unknown",
            4,
            {"category": "32", "product_type_name": "食品", "product_type_name_en": "food"},
        ),
        (
            "SC20444030500015",  # additive category 04 does not exist
            "food_production.category_unknown",
            4,
            {
                "category": "04",
                "product_type_name": "食品添加剂",
                "product_type_name_en": "food additive",
            },
        ),
        ("SC10199030500012", "food_production.province_unknown", 6, {"province": "99"}),
        ("SC10144999900014", "food_production.region_unknown", 6, {"region": "449999"}),
    ],
)
def test_soft_rules(number: str, code: str, position: int, ctx: dict[str, Any]) -> None:
    result = food_production.check(number)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == [code]
    finding = result.findings[0]
    assert finding.severity is Severity.WARNING
    assert finding.position == position
    assert finding.rule
    assert dict(finding.ctx) == ctx
    assert food_production.is_valid(number)


def test_several_soft_findings() -> None:
    result = food_production.check("SC10099030500017")  # category 00 and province 99
    assert [f.code for f in result.findings] == [
        "food_production.category_unknown",
        "food_production.province_unknown",
    ]
    assert result.verdict is Verdict.REVIEW


def test_parse() -> None:
    assert food_production.parse("SC12744040400094") == food_production.FoodProductionParts(
        product_type="1",
        product_type_name="食品",
        product_type_name_en="food",
        category="27",
        category_name="保健食品",
        category_name_en="health foods",
        province_code="44",
        province_name="广东省",
        region_code="440404",
        region_name="广东省珠海市金湾区",
        sequence="0009",
        check_digit="4",
        check_digit_matches=True,
    )


def test_parse_unknowns() -> None:
    parts = food_production.parse("SC10099030500017")
    assert parts.category_name is None
    assert parts.category_name_en is None
    assert parts.province_name is None
    assert parts.region_name is None


@pytest.mark.parametrize(
    ("kind", "category", "name"),
    [
        ("1", "01", "粮食加工品"),
        ("1", "02", "食用油、油脂及其制品"),
        ("1", "03", "调味品"),
        ("1", "27", "保健食品"),
        ("1", "28", "特殊医学用途配方食品"),
        ("1", "29", "婴幼儿配方食品"),
        ("1", "30", "特殊膳食食品"),
        ("1", "31", "其他食品"),
        ("2", "01", "一般食品添加剂"),
        ("2", "02", "食品用香精"),
        ("2", "03", "复配食品添加剂"),
    ],
)
def test_category_table_matches_the_reference(kind: str, category: str, name: str) -> None:
    assert food_production.CATEGORIES[kind][category][0] == name


def test_category_table_is_complete() -> None:
    assert sorted(food_production.CATEGORIES["1"]) == [f"{n:02d}" for n in range(1, 32)]
    assert sorted(food_production.CATEGORIES["2"]) == ["01", "02", "03"]


def test_format() -> None:
    assert food_production.format("sc 1014 4030 5000 17") == "SC10144030500017"


@pytest.mark.parametrize(
    ("body", "digit"),
    [
        ("SC1014403050001", "7"),
        ("SC1153213920046", "5"),
        ("SC10144030500017", "7"),  # a full number: the check digit is ignored
    ],
)
def test_calc_check_digit(body: str, digit: str) -> None:
    assert food_production.calc_check_digit(body) == digit


@pytest.mark.parametrize("body", ["SC10144030", "JY1014403050001", "SC1014403050X01"])
def test_calc_check_digit_rejects_bad_bodies(body: str) -> None:
    with pytest.raises(InvalidFormat):
        food_production.calc_check_digit(body)


def test_as_of_changes_nothing() -> None:
    for as_of in (datetime.date(2015, 10, 1), datetime.date(2040, 1, 1)):
        assert food_production.check("SC10144030500017", as_of=as_of).verdict is Verdict.VALID


@pytest.mark.parametrize(
    "value",
    [
        None,
        10144030500017,
        b"SC10144030500017",
        "SC" * 40,
        "🍺",
        "SC１０１４４０３０５０００１⑦",
        [],
    ],
)
def test_is_valid_never_raises(value: object) -> None:
    assert food_production.is_valid(value) is False
    assert food_production.check(value).verdict is Verdict.INVALID


def test_every_code_is_defined_with_both_languages() -> None:
    for code, entry in food_production.CODES.items():
        assert code.startswith("food_production.")
        assert entry.en
        assert entry.zh
        assert (entry.rule is None) == (entry.severity is Severity.ERROR)


def test_identify_reports_the_qs_mark() -> None:
    from qualcheck.numbers import identify

    result = identify("QS440306010001")
    assert result.kind == "food_production"
    assert [f.code for f in result.findings] == ["food_production.superseded_licence"]
