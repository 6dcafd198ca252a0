"""Dates as written on Chinese documents and registries; validity periods."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from qualcheck import scrub
from qualcheck.dates import (
    LONG_TERM_DATE,
    LONG_TERM_TOKENS,
    ChinaDate,
    OptionalChinaDate,
    Validity,
    is_long_term,
    parse_date,
)

D = datetime.date
NOV_23 = D(2024, 11, 23)
UTC = datetime.timezone.utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-23", NOV_23),  # ISO date
        ("2024-1-3", D(2024, 1, 3)),  # no leading zeros
        ("2024.11.23", NOV_23),  # dots, as on many licences
        ("2024/11/23", NOV_23),  # slashes
        ("2024/1/3", D(2024, 1, 3)),  # slashes without leading zeros
        ("20241123", NOV_23),  # YYYYMMDD
        ("2024年11月23日", NOV_23),  # Chinese
        ("2024年1月3日", D(2024, 1, 3)),  # Chinese without leading zeros
        ("2024年11月23号", NOV_23),  # 号 for the day
        ("2024年11月23", NOV_23),  # no day character
        ("2024 年 11 月 23 日", NOV_23),  # spaces between the parts
        ("二〇二四年十一月二十三日", NOV_23),  # Chinese numerals
        ("二零一九年三月一日", D(2019, 3, 1)),  # 零 for zero, one-digit month and day
        ("二〇二〇年十月十日", D(2020, 10, 10)),  # 十 alone
        ("２０２４－１１－２３", NOV_23),  # full-width digits and hyphen
        ("２０２４年１１月２３日", NOV_23),  # full-width digits, Chinese
        ("２０２４／１１／２３", NOV_23),  # full-width slashes
        ("２０２４１１２３", NOV_23),  # full-width YYYYMMDD
        ("2024\u201311\u201323", NOV_23),  # en dashes
        ("  2024-11-23\u3000", NOV_23),  # spaces around, ideographic space
        ("2024-11-23T10:30:00", NOV_23),  # ISO datetime, naive: China time
        ("2024-11-23 10:30:00.0", NOV_23),  # Java Timestamp.toString()
        ("2024-11-23T23:59:59+08:00", NOV_23),  # with China's offset
        ("2024-11-22T16:30:00Z", NOV_23),  # UTC: 00:30 on the 23rd in China
        ("2024-11-23T23:30:00-02:00", D(2024, 11, 24)),  # 09:30 on the 24th in China
        ("2024-11-23 10:00:00 +08:00", NOV_23),  # space before the offset
        ("2024-11-23T20:00:00.000+0800", NOV_23),  # offset without colon, milliseconds
        ("20241123T101010", NOV_23),  # compact ISO datetime
        ("2024/11/23 10:30", NOV_23),  # slashes with a time
        ("2024年11月23日 10:30", NOV_23),  # Chinese with a time
        ("2024年11月23日10:30:00", NOV_23),  # Chinese with a time, no space
        ("Nov 23, 2024", NOV_23),  # English month name (dateutil)
        ("23-Nov-2024", NOV_23),  # English month name, day first
        ("23 November 2024", NOV_23),  # full English month name
        ("2024-02-29", D(2024, 2, 29)),  # leap day
        ("2000-02-29", D(2000, 2, 29)),  # leap day of a century divisible by 400
        ("20240229", D(2024, 2, 29)),  # leap day, YYYYMMDD
        ("2024年2月29日", D(2024, 2, 29)),  # leap day, Chinese
        ("9999-12-31", LONG_TERM_DATE),  # a real date; long-term only for is_long_term
        ("1732291200000", NOV_23),  # millisecond timestamp: 2024-11-23 00:00 in China
        ("1732291199999", D(2024, 11, 22)),  # one millisecond earlier
        ("1732291200", NOV_23),  # second timestamp
        ("946656000", D(2000, 1, 1)),  # 9-digit second timestamp (before 2001-09-09)
        ("946656000000", D(2000, 1, 1)),  # 12-digit millisecond timestamp
        ("-631152000000", D(1950, 1, 1)),  # negative millisecond timestamp
        ("１７３２２９１２０００００", NOV_23),  # full-width timestamp
        (1732291200000, NOV_23),  # int milliseconds
        (1732291200, NOV_23),  # int seconds
        (1732291200000.0, NOV_23),  # float milliseconds
        (1732291200.5, NOV_23),  # float seconds with a fraction
        (20241123, NOV_23),  # int YYYYMMDD (spreadsheets)
        (NOV_23, NOV_23),  # a date
        (datetime.datetime(2024, 11, 23, 23, 59), NOV_23),  # naive datetime
        (datetime.datetime(2024, 11, 23, 15, 59, tzinfo=UTC), NOV_23),  # 23:59 in China
        (datetime.datetime(2024, 11, 23, 16, 0, tzinfo=UTC), D(2024, 11, 24)),  # 00:00 next day
        (datetime.datetime(9999, 12, 31, 20, 0, tzinfo=UTC), LONG_TERM_DATE),  # clamped
        (None, None),  # nothing
        ("", None),  # empty
        ("   ", None),  # white space
        ("\u3000", None),  # ideographic space
    ],
)
def test_parse_date(value: object, expected: datetime.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("03/04/2024", "ambiguous"),  # day/month order unknown: never guessed
        ("23/11/2024", "ambiguous"),  # even when only one order is possible
        ("24.11.23", "ambiguous"),  # two-digit year
        ("2023-02-29", "out of range"),  # not a leap year
        ("1900-02-29", "out of range"),  # century not divisible by 400
        ("20230229", "out of range"),  # not a leap year, YYYYMMDD
        ("2024-13-01", "month"),  # month 13
        ("2024-11-31", "out of range"),  # 31 November
        ("2024年11月", "not a recognised"),  # no day
        ("2024-11", "not a recognised"),  # no day
        ("Nov 2024", "not all given"),  # no day (dateutil would take today's)
        ("2024-11/23", "not a recognised"),  # mixed separators
        ("长期", "long-term"),  # a long-term marker is not a date
        ("无固定期限", "long-term"),  # ditto
        ("permanent", "long-term"),  # ditto, English
        ("abc", "not a recognised"),  # junk
        ("12345", "Unix timestamp"),  # 5 digits: neither a date nor a timestamp
        ("2024112", "Unix timestamp"),  # 7 digits: a YYYYMMDD with a digit missing
        ("99999999999999", "YYYYMMDDhhmmss"),  # 14 digits: month 99 is no date
        ("2024-11-23T25:00", "ISO 8601 time"),  # hour 25
        ("2024-11-23 noon", "not a recognised"),  # time in words
        ("二〇二四年十三月一日", "month"),  # month 13 in Chinese numerals
        ("٢٠٢٤-١١-٢٣", "not a recognised"),  # Arabic-Indic digits are not read
        ("2024-11-23" * 10, "longer than"),  # far too long
        (float("nan"), "finite"),  # not a number
        (1e30, "Unix timestamp"),  # far too large
    ],
)
def test_parse_date_rejects(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match="cannot read a date from") as info:
        parse_date(value)
    message = str(info.value)
    assert reason in message
    assert scrub(repr(value))[:50] in message  # the input is named (what may be personal masked)


@pytest.mark.parametrize(
    "value",
    [
        True,  # bools are not timestamps
        b"2024-11-23",  # bytes
        object(),  # anything else
        ["2024-11-23"],  # a list
    ],
)
def test_parse_date_rejects_other_types_with_value_error(value: object) -> None:
    with pytest.raises(ValueError, match=type(value).__name__):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("长期", True),  # the usual word on licences
        ("长期有效", True),  # "valid long-term"
        ("无固定期限", True),  # "no fixed term", on business licences
        ("永久", True),  # "permanent"
        ("永久有效", True),  # "valid permanently"
        ("長期", True),  # traditional characters
        (" 长期 ", True),  # spaces
        ("9999-12-31", True),  # the registries' end date for "no end"
        ("9999年12月31日", True),  # ditto, Chinese
        ("99991231", True),  # ditto, YYYYMMDD
        ("9999.12.31", True),  # ditto, dots
        ("９９９９－１２－３１", True),  # ditto, full-width
        (LONG_TERM_DATE, True),  # a date object
        (datetime.datetime(9999, 12, 31), True),  # a datetime
        ("long-term", True),  # English
        ("Long-Term", True),  # case-insensitive
        ("LONG TERM", True),  # space instead of hyphen
        ("Permanent", True),  # English, capitalised
        ("2024-11-23", False),  # an ordinary date
        ("9999-12-30", False),  # not the long-term date
        ("", False),  # empty: unknown, not long-term
        (None, False),  # nothing
        ("长", False),  # a fragment
        ("long", False),  # a fragment
        (object(), False),  # junk never raises
        (True, False),  # junk never raises
    ],
)
def test_is_long_term(value: object, expected: bool) -> None:
    assert is_long_term(value) is expected


def test_every_long_term_token_is_recognised() -> None:
    for token in LONG_TERM_TOKENS:
        assert is_long_term(token), token
        assert is_long_term(token.upper()), token


# --- Validity ------------------------------------------------------------------------------

START = D(2019, 3, 1)
END = D(2024, 2, 28)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019年03月01日至2024年02月28日", (START, END, False)),  # as printed on licences
        ("2019年3月1日至2024年2月28日", (START, END, False)),  # no leading zeros
        ("自2019年3月1日起至2024年2月28日止", (START, END, False)),  # 自…起至…止
        ("有效期：2019年03月01日至2024年02月28日", (START, END, False)),  # with its label
        ("有效期限:2019-03-01 至 2024-02-28", (START, END, False)),  # another label
        ("2019.03.01-2024.02.28", (START, END, False)),  # dots and a hyphen
        ("2019-03-01-2024-02-28", (START, END, False)),  # hyphens everywhere
        ("2019-03-01 - 2024-02-28", (START, END, False)),  # spaced hyphen
        ("20190301-20240228", (START, END, False)),  # YYYYMMDD
        ("2019-3-1-2024-2-28", (START, END, False)),  # hyphens, no leading zeros
        ("2019.03.01——2024.02.28", (START, END, False)),  # Chinese double em dash
        ("2019/03/01~2024/02/28", (START, END, False)),  # tilde
        ("2019/03/01～2024/02/28", (START, END, False)),  # full-width tilde
        ("2019-03-01到2024-02-28", (START, END, False)),  # 到
        ("2019-03-01 至 长期", (START, None, True)),  # long-term
        ("2020/01/01~长期", (D(2020, 1, 1), None, True)),  # long-term, tilde
        ("2019-03-01至无固定期限", (START, None, True)),  # business-licence wording
        ("2019-03-01 至 9999-12-31", (START, None, True)),  # registry end date
        ("2019.03.01-长期", (START, None, True)),  # long-term after a hyphen
        ("2019-03-01 - 永久", (START, None, True)),  # permanent after a spaced hyphen
        ("2019-03-01至", (START, None, False)),  # end left blank: unknown
        ("有效期至2024年02月28日", (None, END, False)),  # only the end
        ("至2024-02-28", (None, END, False)),  # only the end
        ({"valid_from": "2019-03-01", "valid_to": "2024.02.28"}, (START, END, False)),  # dict
        ({"valid_from": "2019-03-01", "valid_to": "长期"}, (START, None, True)),  # token
        ({"valid_from": "2019-03-01", "valid_to": "99991231"}, (START, None, True)),  # token
        ({"valid_from": "2019-03-01", "valid_to": LONG_TERM_DATE}, (START, None, True)),
        ({"valid_from": "2019-03-01", "valid_to": "", "long_term": True}, (START, None, True)),
        ({"valid_from": "2019-03-01", "valid_to": None}, (START, None, False)),  # unknown end
        ({"valid_from": "2019-03-01", "valid_to": ""}, (START, None, False)),  # unknown end
        ({"valid_to": "长期", "long_term": True}, (None, None, True)),  # consistent flag
        ({}, (None, None, False)),  # nothing known
        (("2019-03-01", "2024-02-28"), (START, END, False)),  # a pair
        (["2019-03-01", "长期"], (START, None, True)),  # a list pair
        ({"valid_from": START, "valid_to": START}, (START, START, False)),  # a single day
    ],
)
def test_validity_accepts(value: object, expected: tuple[Any, Any, bool]) -> None:
    validity = Validity.model_validate(value)
    assert (validity.valid_from, validity.valid_to, validity.long_term) == expected


@pytest.mark.parametrize(
    ("value", "loc", "fragment"),
    [
        (
            {"valid_from": "2024-03-01", "valid_to": "2019-02-28"},
            (),
            "valid_from (2024-03-01) is after valid_to (2019-02-28)",
        ),  # reversed dates
        (
            "2024.03.01-2019.02.28",
            (),
            "valid_from (2024-03-01) is after valid_to (2019-02-28)",
        ),  # reversed range
        (
            {"valid_to": "2024-02-28", "long_term": True},
            (),
            "valid_to is 2024-02-28 but long_term is true",
        ),  # both an end and long-term
        (
            {"valid_to": "长期", "long_term": False},
            (),
            "valid_to is the long-term marker '长期' but long_term is false",
        ),  # contradictory flag
        (
            {"valid_to": "长期", "long_term": "false"},
            (),
            "but long_term is false",
        ),  # contradictory flag as text
        ({"valid_from": "2019-02-30"}, ("valid_from",), "'2019-02-30'"),  # impossible date
        ({"valid_from": "长期"}, ("valid_from",), "long-term"),  # long-term start
        ("2019.03.01-2024.02.30", ("valid_to",), "'2024.02.30'"),  # impossible end
        ("2019-03-01", (), "expected two dates"),  # a single date
        ("2019-03-01至2020-01-01至2024-02-28", (), "too many separators"),  # three dates
        ("2019-03-01 and 2024-02-28", (), "expected two dates"),  # unknown separator
        (("2019-03-01",), (), "pair"),  # one item
        ({"valid_from": "2019-03-01", "valid_until": "2024-02-28"}, ("valid_until",), "Extra"),
    ],
)
def test_validity_rejects(value: object, loc: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        Validity.model_validate(value)
    error = info.value.errors()[0]
    assert error["loc"] == loc
    assert fragment in error["msg"]


AS_OF = D(2024, 2, 1)


@pytest.mark.parametrize(
    ("validity", "as_of", "expired", "not_yet", "days"),
    [
        (Validity(valid_from=START, valid_to=END), AS_OF, False, False, 27),  # running
        (Validity(valid_from=START, valid_to=END), END, False, False, 0),  # last day
        (Validity(valid_from=START, valid_to=END), D(2024, 2, 29), True, False, -1),  # day after
        (Validity(valid_from=START, valid_to=END), START, False, False, 1825),  # first day
        (Validity(valid_from=START, valid_to=END), D(2019, 2, 28), False, True, 1826),  # before
        (Validity(valid_from=START, long_term=True), AS_OF, False, False, None),  # long-term
        (Validity(valid_from=START, long_term=True), D(2019, 1, 1), False, True, None),
        (Validity(valid_from=START), AS_OF, False, False, None),  # unknown end
        (Validity(valid_to=END), D(2025, 1, 1), True, False, -308),  # unknown start
        (Validity(), AS_OF, False, False, None),  # nothing known
    ],
)
def test_validity_methods(
    validity: Validity,
    as_of: datetime.date,
    expired: bool,
    not_yet: bool,
    days: int | None,
) -> None:
    assert validity.is_expired(as_of) is expired
    assert validity.is_not_yet_valid(as_of) is not_yet
    assert validity.days_left(as_of) == days


def test_validity_methods_default_to_today() -> None:
    validity = Validity(valid_from="2000-01-01", valid_to="2000-12-31")
    assert validity.is_expired()
    assert not validity.is_not_yet_valid()
    days = validity.days_left()
    assert days is not None
    assert days < 0
    assert not Validity(valid_from="2000-01-01", long_term=True).is_expired()


def test_validity_is_frozen_and_serialises() -> None:
    validity = Validity.model_validate("2019年03月01日至长期")
    with pytest.raises(ValidationError):
        validity.long_term = False
    assert validity.model_dump(mode="json") == {
        "valid_from": "2019-03-01",
        "valid_to": None,
        "long_term": True,
    }
    assert Validity.model_validate_json(validity.model_dump_json()) == validity
    assert Validity.model_validate(validity) is validity
    assert hash(validity) == hash(Validity(valid_from=START, long_term=True))


def test_validity_from_json() -> None:
    data = json.dumps({"valid_from": 1551369600000, "valid_to": "长期"})
    validity = Validity.model_validate_json(data)
    assert (validity.valid_from, validity.long_term) == (START, True)
    validity = Validity.model_validate_json(json.dumps("2019.03.01-2024.02.28"))
    assert validity.valid_to == END


def test_validity_json_schema() -> None:
    schema = Validity.model_json_schema()
    assert set(schema["properties"]) == {"valid_from", "valid_to", "long_term"}
    assert schema["properties"]["valid_to"]["anyOf"] == [
        {"type": "string", "format": "date"},
        {"type": "null"},
    ]
    assert schema["additionalProperties"] is False


# --- ChinaDate / OptionalChinaDate ----------------------------------------------------------


class Licence(BaseModel):
    issued: ChinaDate
    renewed: OptionalChinaDate = None
    checked: ChinaDate | None = None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"issued": "2024年11月23日"}, (NOV_23, None, None)),  # Chinese
        ({"issued": 1732291200000, "renewed": ""}, (NOV_23, None, None)),  # "" → None
        ({"issued": "20241123", "renewed": None}, (NOV_23, None, None)),  # None → None
        ({"issued": NOV_23, "renewed": "2024.11.23"}, (NOV_23, NOV_23, None)),  # dots
        ({"issued": "2024-11-23", "checked": None}, (NOV_23, None, None)),  # X | None: None ok
        ({"issued": "2024-11-23", "checked": "2024/11/23"}, (NOV_23, None, NOV_23)),
    ],
)
def test_china_date_fields(data: dict[str, Any], expected: tuple[Any, ...]) -> None:
    licence = Licence.model_validate(data)
    assert (licence.issued, licence.renewed, licence.checked) == expected


@pytest.mark.parametrize(
    ("data", "loc", "fragment"),
    [
        ({"issued": ""}, ("issued",), "a date is required"),  # empty required date
        ({"issued": None}, ("issued",), "a date is required"),  # None required date
        ({"issued": "03/04/2024"}, ("issued",), "ambiguous"),  # ambiguous
        ({"issued": "2024-11-23", "renewed": "长期"}, ("renewed",), "long-term"),  # not a date
        ({"issued": "2024-11-23", "checked": ""}, ("checked",), "a date is required"),
    ],
)
def test_china_date_errors(data: dict[str, Any], loc: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        Licence.model_validate(data)
    error = info.value.errors()[0]
    assert error["loc"] == loc
    assert error["type"] == "value_error"
    assert fragment in error["msg"]


def test_china_date_in_json_mode_and_schema() -> None:
    adapter = TypeAdapter(ChinaDate)
    assert adapter.validate_json('"2024年11月23日"') == NOV_23
    assert adapter.validate_json("1732291200000") == NOV_23
    assert adapter.json_schema() == {"type": "string", "format": "date"}
    assert TypeAdapter(OptionalChinaDate).validate_json('""') is None


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "expected"),
    [
        ("2019-03-01", "有效期至：2024年02月28日", (D(2019, 3, 1), D(2024, 2, 28), False)),
        ("2019-03-01", "有效期至2024年2月28日", (D(2019, 3, 1), D(2024, 2, 28), False)),
        ("2019-03-01", "2024年02月28日止", (D(2019, 3, 1), D(2024, 2, 28), False)),
        ("2019-03-01", "至2024-02-28", (D(2019, 3, 1), D(2024, 2, 28), False)),
        ("2019-03-01", "截止日期：2024.02.28", (D(2019, 3, 1), D(2024, 2, 28), False)),
        ("2019-03-01", "截至 2024/02/28", (D(2019, 3, 1), D(2024, 2, 28), False)),
        ("2019-03-01", "至长期", (D(2019, 3, 1), None, True)),
        ("2019-03-01", "营业期限：长期", (D(2019, 3, 1), None, True)),
        ("自2019年3月1日", "2024-02-28", (D(2019, 3, 1), D(2024, 2, 28), False)),
        ("2019年3月1日起", "2024-02-28", (D(2019, 3, 1), D(2024, 2, 28), False)),
        ("从２０１９－０３－０１起", "2024-02-28", (D(2019, 3, 1), D(2024, 2, 28), False)),
        ("有效期自2019年3月1日", None, (D(2019, 3, 1), None, False)),
    ],
)
def test_an_end_printed_with_its_words_is_read(
    valid_from: str, valid_to: str | None, expected: tuple[Any, ...]
) -> None:
    period = Validity(valid_from=valid_from, valid_to=valid_to)
    assert (period.valid_from, period.valid_to, period.long_term) == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("valid_to", "止"),  # the word alone
        ("valid_to", "有效期至："),
        ("valid_to", "2024年02月28日前"),  # before: is the day included?
        ("valid_to", "至2024年02月30日"),  # no such day
        ("valid_to", "起"),
        ("valid_from", "起"),
        ("valid_from", "自2019年13月1日"),
    ],
)
def test_words_around_nothing_readable_are_an_error_quoting_the_value(
    field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Validity.model_validate({field: value})
    errors = caught.value.errors()
    assert [error["loc"] for error in errors] == [(field,)]
    assert repr(value) in errors[0]["msg"] or value in errors[0]["msg"]
