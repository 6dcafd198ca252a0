"""Medical device business licence (许) and Class II filing (备) numbers."""

from __future__ import annotations

import datetime

import pytest

from qualcheck import InvalidComponent, InvalidFormat, Verdict
from qualcheck.numbers import device_business

AS_OF = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    "number",
    [
        "沪嘉食药监械经营许20187006号",  # real examples (platform shop pages)
        "粤穗食药监械经营许20171161号",
        "沪浦食药监械经营许20160226号",
        "桂南食药监械经营许20170354号",
        "京丰食药监械经营许20150100号",
        "桂柳食药监械经营备20210631号",
        "京经食药监械经营备20170029",  # without 号
        "粤深市监械经营许20190001号",  # infix 市监 after the 2018 reform
        "苏宁药监械经营备20200123号",  # infix 药监
        "浙杭市场监管械经营许20210007号",  # infix 市场监管
        "粤广州市监械经营许20210007号",  # 3-character city
        "粤穗械经营许20171161号",  # no infix
        "粤食药监械经营许20171161号",  # no city (province-level issuer)
        "川蓉食药监械经营许20160001号",
        "蜀蓉食药监械经营许20160001号",  # second abbreviation of Sichuan
    ],
)
def test_real_numbers_are_valid(number: str) -> None:
    canonical = number.removesuffix("号")
    assert device_business.validate(number) == canonical
    result = device_business.check(number)
    assert result.verdict is Verdict.VALID, result.findings
    assert result.normalized == canonical
    assert device_business.format(number) == canonical + "号"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("粤穗食药监械经营许２０１７１１６１号", "粤穗食药监械经营许20171161"),  # full-width digits
        (" 粤穗 食药监 械经营许 2017 1161 号 ", "粤穗食药监械经营许20171161"),  # spaces
        ("粤穗食药监械经营许2017-1161号", "粤穗食药监械经营许20171161"),  # hyphen
        ("粤穗食药监械经营许2017—1161", "粤穗食药监械经营许20171161"),  # em dash
        ("粤穗\u200b食药监械经营许20171161号", "粤穗食药监械经营许20171161"),  # zero-width
        ("粤穗食药监械经营许20171161号\u3000", "粤穗食药监械经营许20171161"),  # ideographic space
    ],
)
def test_normalisation(raw: str, canonical: str) -> None:
    assert device_business.compact(raw) == canonical
    assert device_business.validate(raw) == canonical
    assert device_business.format(raw) == canonical + "号"
    assert device_business.check(raw).input == raw


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("港九食药监械经营许20171161号", InvalidComponent, "device_business.province", 1),
        ("台北食药监械经营许20171161号", InvalidComponent, "device_business.province", 1),
        ("穗食药监械经营许20171161号", InvalidComponent, "device_business.province", 1),
        ("粤穗食药监械营许20171161号", InvalidFormat, "device_business.format", 2),  # 械营
        ("粤穗食药监医疗器械经营许可20171161号", InvalidFormat, "device_business.format", 13),
        ("粤ABC械经营许20171161号", InvalidFormat, "device_business.format", 2),  # not CJK
        (
            "粤广州市食品药品监督管理局械经营许20171161号",  # more than 7 characters before 械经营
            InvalidFormat,
            "device_business.format",
            2,
        ),
        ("粤穗食药监械经营证20171161号", InvalidFormat, "device_business.format", 9),  # 证
        ("粤穗食药监械经营许2017116号", InvalidFormat, "device_business.format", 14),  # 7 digits
        ("粤穗食药监械经营许20171161111号", InvalidFormat, "device_business.format", 14),  # 7
        ("粤穗食药监械经营许2017H006123号", InvalidFormat, "device_business.format", 14),  # 7
        ("粤穗食药监械经营许2017号", InvalidFormat, "device_business.format", 14),  # no serial
        ("粤穗食药监械经营许2017H0.6号", InvalidFormat, "device_business.format", 16),
        ("粤穗食药监械经营许30171161号", InvalidFormat, "device_business.format", 10),  # year 3017
        ("粤穗食药监械经营许20171161号号", InvalidFormat, "device_business.format", 18),
        ("粤", InvalidFormat, "device_business.format", 2),
        ("港九食药监械经营许2017116号", InvalidFormat, "device_business.format", 1),  # 7 digits
        ("hello", InvalidFormat, "device_business.format", 1),
        ("", InvalidFormat, "device_business.format", 1),
        ("粤穗食药监械经营许20271161号", InvalidComponent, "device_business.year_future", 10),
        ("桂柳械经营备20990631", InvalidComponent, "device_business.year_future", 7),
    ],
)
def test_official_rules(
    number: str, error: type[Exception], code: str, position: int | None
) -> None:
    with pytest.raises(error) as caught:
        device_business.validate(number, as_of=AS_OF)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    assert caught.value.message_zh  # type: ignore[attr-defined]
    result = device_business.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]
    assert not device_business.is_valid(number, as_of=AS_OF)


@pytest.mark.parametrize(
    ("as_of", "valid"),
    [
        (datetime.date(2026, 12, 31), False),
        (datetime.date(2027, 1, 1), True),
    ],
)
def test_year_future_is_pinned_to_as_of(as_of: datetime.date, valid: bool) -> None:
    assert device_business.is_valid("粤穗食药监械经营许20270001号", as_of=as_of) is valid


@pytest.mark.parametrize(
    ("number", "code", "position", "ctx"),
    [
        ("沪浦东械经营许20171161号", "device_business.infix_unknown", 2, {"issuer": "浦东"}),
        (
            "粤穗卫健委械经营许20171161号",  # unknown issuer abbreviation
            "device_business.infix_unknown",
            2,
            {"issuer": "穗卫健委"},
        ),
        (
            "粤深圳宝安食药监械经营许20171161号",  # city part longer than 3 characters
            "device_business.infix_unknown",
            2,
            {"issuer": "深圳宝安食药监"},
        ),
        (
            "粤穗食药监械经营许19991161号",
            "device_business.year_early",
            10,
            {"year": 1999, "earliest": 2000},
        ),
        (
            "桂柳食药监械经营备20100631号",  # Class II filings began in 2014
            "device_business.filing_early",
            10,
            {"year": 2010, "first_year": 2014},
        ),
        (
            "桂柳械经营备20130631号",
            "device_business.filing_early",
            7,
            {"year": 2013, "first_year": 2014},
        ),
    ],
)
def test_soft_rules_ask_for_review(
    number: str, code: str, position: int, ctx: dict[str, object]
) -> None:
    result = device_business.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW, result.findings
    assert [f.code for f in result.findings] == [code]
    finding = result.findings[0]
    assert finding.position == position
    assert finding.rule
    assert dict(finding.ctx) == ctx
    assert device_business.is_valid(number, as_of=AS_OF)


def test_early_filing_is_one_finding_not_two() -> None:
    # a filing dated before 2000 is reported as early, not also as a pre-2014 filing
    result = device_business.check("桂柳食药监械经营备19990631号")
    assert [f.code for f in result.findings] == ["device_business.year_early"]


def test_filing_from_2014_is_valid() -> None:
    assert device_business.check("桂柳食药监械经营备20140001号").verdict is Verdict.VALID


@pytest.mark.parametrize(
    ("number", "fields"),
    [
        (
            "粤穗食药监械经营许20171161号",
            {
                "filing": False,
                "device_class": 3,
                "document_name": "医疗器械经营许可证",
                "province_code": "44",
                "province_name": "广东省",
                "province_abbreviation": "粤",
                "issuer": "穗食药监",
                "city_abbreviation": "穗",
                "issuer_infix": "食药监",
                "year": 2017,
                "serial": "1161",
            },
        ),
        (
            "桂柳食药监械经营备20210631号",
            {
                "filing": True,
                "device_class": 2,
                "document_name": "第二类医疗器械经营备案凭证",
                "document_name_en": "Class II medical device business filing",
                "province_code": "45",
            },
        ),
        ("粤广州市监械经营许20210007", {"city_abbreviation": "广州", "issuer_infix": "市监"}),
        ("粤穗械经营许20171161", {"city_abbreviation": "穗", "issuer_infix": ""}),
        ("粤食药监械经营许20171161", {"city_abbreviation": "", "issuer_infix": "食药监"}),
        ("浙杭市场监管械经营许20210007", {"city_abbreviation": "杭", "issuer_infix": "市场监管"}),
        (
            "沪浦东械经营许20171161",  # unknown split: only the whole issuer part is given
            {"issuer": "浦东", "city_abbreviation": None, "issuer_infix": None},
        ),
    ],
)
def test_parse(number: str, fields: dict[str, object]) -> None:
    parts = device_business.parse(number)
    for name, value in fields.items():
        assert getattr(parts, name) == value, name


@pytest.mark.parametrize("value", [None, 20171161, "😴", "械经营许" * 20, "号", "粤" * 8])
def test_is_valid_never_raises(value: object) -> None:
    assert device_business.is_valid(value) is False
    assert device_business.check(value).verdict is Verdict.INVALID


def test_every_code_is_exercised() -> None:
    assert set(device_business.CODES) == {
        "device_business.format",
        "device_business.province",
        "device_business.year_future",
        "device_business.infix_unknown",
        "device_business.year_early",
        "device_business.filing_early",
        "device_business.serial_unusual",
    }
