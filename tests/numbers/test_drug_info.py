"""Internet drug information service certificate (互联网药品信息服务资格证书) numbers."""

from __future__ import annotations

import datetime

import pytest

from qualcheck import InvalidComponent, InvalidFormat, Verdict
from qualcheck.numbers import drug_info

AS_OF = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("number", "canonical"),
    [
        ("(京)-经营性-2014-0008", "(京)-经营性-2014-0008"),  # real, from public sites
        ("(浙)-经营性-2017-0008", "(浙)-经营性-2017-0008"),
        ("（浙）-经营性-2018-0010", "(浙)-经营性-2018-0010"),  # full-width parentheses
        ("(京)-非经营性-2011-0034", "(京)-非经营性-2011-0034"),
        ("(沪)-非经营性-2013-0034", "(沪)-非经营性-2013-0034"),
        ("(京)-非经营性-2016-0110", "(京)-非经营性-2016-0110"),
        ("(粤)-非经营性-2005-0002", "(粤)-非经营性-2005-0002"),
        ("(蜀)-经营性-2019-0001", "(蜀)-经营性-2019-0001"),  # second abbreviation of Sichuan
    ],
)
def test_real_numbers_are_valid(number: str, canonical: str) -> None:
    assert drug_info.validate(number) == canonical
    result = drug_info.check(number)
    assert result.verdict is Verdict.VALID, result.findings
    assert result.normalized == canonical


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("（京）－经营性－2014－0008", "(京)-经营性-2014-0008"),  # full-width brackets and dashes
        ("(京)—经营性—2014—0008", "(京)-经营性-2014-0008"),  # em dashes
        ("(京)–经营性–2014–0008", "(京)-经营性-2014-0008"),  # en dashes
        ("(京)经营性20140008", "(京)-经营性-2014-0008"),  # no dashes
        ("(京)-经营性2014-0008", "(京)-经营性-2014-0008"),  # one dash missing
        ("京-经营性-2014-0008", "(京)-经营性-2014-0008"),  # no parentheses
        (" ( 京 ) - 经营性 - 2014 - 0008 ", "(京)-经营性-2014-0008"),  # spaces
        ("(京)-经营性-２０１４-０００８", "(京)-经营性-2014-0008"),  # full-width digits
        ("(京)\u200b-经营性-2014-0008", "(京)-经营性-2014-0008"),  # zero-width space
        ("(京)\u3000经营性\u30002014\u30000008", "(京)-经营性-2014-0008"),  # ideographic spaces
    ],
)
def test_normalisation(raw: str, canonical: str) -> None:
    assert drug_info.validate(raw) == canonical
    assert drug_info.format(raw) == canonical
    assert drug_info.check(raw).input == raw


def test_compact_keeps_the_dashes_as_given() -> None:
    assert drug_info.compact("（浙） — 经营性 — 2018 — 0010") == "(浙)-经营性-2018-0010"
    assert drug_info.compact("(京)经营性20140008") == "(京)经营性20140008"


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("(港)-经营性-2014-0008", InvalidComponent, "drug_info.province", 2),  # Hong Kong
        ("(申)-经营性-2014-0008", InvalidComponent, "drug_info.province", 2),  # 沪 is used
        ("港-经营性-2014-0008", InvalidComponent, "drug_info.province", 1),
        ("(京)-经营-2014-0008", InvalidFormat, "drug_info.format", 5),  # 经营 without 性
        ("(京)-营利性-2014-0008", InvalidFormat, "drug_info.format", 5),
        ("(京-经营性-2014-0008", InvalidFormat, "drug_info.format", 3),  # unclosed
        ("京)-经营性-2014-0008", InvalidFormat, "drug_info.format", 2),  # unopened
        ("‹京>-经营性-2014-0008", InvalidFormat, "drug_info.format", 1),  # bracket type
        ("(港)-经营性-2014-008", InvalidFormat, "drug_info.format", 2),  # shape does not fit
        ("hello", InvalidFormat, "drug_info.format", 1),
        ("(京)-经营性-2O14-0008", InvalidFormat, "drug_info.format", 9),  # letter O
        ("(京)-经营性-1899-0008", InvalidFormat, "drug_info.format", 9),  # not 19xx/20xx
        ("(京)-经营性-14-0008", InvalidFormat, "drug_info.format", 9),  # 2-digit year
        ("(京)-经营性-2014-008", InvalidFormat, "drug_info.format", 14),  # 3-digit serial
        ("(京)-经营性-2014-00081", InvalidFormat, "drug_info.format", 18),  # 5-digit serial
        ("(京)-经营性-2014--0008", InvalidFormat, "drug_info.format", 14),  # double dash
        ("", InvalidFormat, "drug_info.format", 1),
        ("(", InvalidFormat, "drug_info.format", 2),
        ("(京)-经营性-2027-0008", InvalidComponent, "drug_info.year_future", 9),
        ("(京)-非经营性-2099-0008", InvalidComponent, "drug_info.year_future", 10),
        ("(京)经营性20270008", InvalidComponent, "drug_info.year_future", 7),  # no dashes
    ],
)
def test_official_rules(
    number: str, error: type[Exception], code: str, position: int | None
) -> None:
    with pytest.raises(error) as caught:
        drug_info.validate(number, as_of=AS_OF)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    assert caught.value.message_zh  # type: ignore[attr-defined]
    result = drug_info.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]
    assert not drug_info.is_valid(number, as_of=AS_OF)


@pytest.mark.parametrize(
    ("as_of", "valid"),
    [
        (datetime.date(2026, 12, 31), False),  # the year after the check date's year
        (datetime.date(2027, 1, 1), True),  # issued in the year of the check date
        (datetime.date(2030, 6, 1), True),
    ],
)
def test_year_future_is_pinned_to_as_of(as_of: datetime.date, valid: bool) -> None:
    assert drug_info.is_valid("(京)-经营性-2027-0008", as_of=as_of) is valid


def test_year_future_context() -> None:
    with pytest.raises(InvalidComponent) as caught:
        drug_info.validate("(京)-经营性-2027-0008", as_of=AS_OF)
    assert caught.value.ctx == {"year": 2027, "as_of_year": 2026}


@pytest.mark.parametrize(
    ("number", "position"),
    [
        ("(京)-经营性-1999-0008", 9),
        ("(京)-非经营性-1990-0001", 10),
        ("(京)非经营性19900001", 10),  # position in the canonical (normalised) form
    ],
)
def test_year_before_2000_asks_for_review(number: str, position: int) -> None:
    result = drug_info.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == ["drug_info.year_early"]
    finding = result.findings[0]
    assert finding.position == position
    assert finding.rule
    assert drug_info.is_valid(number)


@pytest.mark.parametrize(
    ("number", "fields"),
    [
        (
            "(京)-经营性-2014-0008",
            {
                "province_code": "11",
                "province_name": "北京市",
                "province_abbreviation": "京",
                "paid": True,
                "service_type": "经营性",
                "service_type_en": "commercial (paid) information service",
                "year": 2014,
                "serial": "0008",
            },
        ),
        (
            "（粤）非经营性 2005 0002",
            {
                "province_code": "44",
                "paid": False,
                "service_type": "非经营性",
                "service_type_en": "non-commercial (free) information service",
                "year": 2005,
                "serial": "0002",
            },
        ),
        ("(陇)-经营性-2020-0100", {"province_code": "62", "province_abbreviation": "陇"}),
    ],
)
def test_parse(number: str, fields: dict[str, object]) -> None:
    parts = drug_info.parse(number)
    for name, value in fields.items():
        assert getattr(parts, name) == value, name


@pytest.mark.parametrize("value", [None, 2014, b"(\xe4\xba\xac)", "😴", "(京)" * 30, "（）"])
def test_is_valid_never_raises(value: object) -> None:
    assert drug_info.is_valid(value) is False
    assert drug_info.check(value).verdict is Verdict.INVALID


def test_every_code_is_exercised() -> None:
    assert set(drug_info.CODES) == {
        "drug_info.format",
        "drug_info.province",
        "drug_info.year_future",
        "drug_info.year_early",
    }
