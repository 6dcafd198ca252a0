"""Audit, round 2: dates as registries, exports and OCR really write them.

Contract (qualcheck/dates.py, docs/types.md "Dates", docs/models.md "Dates and validity",
docs/verify.md): a date is read as the date it is, as long-term, or refused with an error
naming the input (and, in a record, the field) — never a wrong date and never a guess;
an ambiguous form is an error.  Round 1 (tests/audit/test_audit_dates.py) covered the
common forms; this round covers what round 1 did not:

* Chinese dates mixing digits and numerals (``2020年一月一日``) and ``元月`` (January);
* registry and API forms: .NET's ``/Date(ms)/``, numbers written as text with a fraction
  (``1732291200000.0``, as CSV exports write a float column), ``Decimal`` from
  ``json.loads(parse_float=Decimal)``, Java's ``[Asia/Shanghai]`` after an offset, a
  UTC instant (its date in China), ``24:00`` (refused: which day?), scientific notation
  (refused: digits may be lost), a trailing full stop;
* dates before 1900 refused: 0001-01-01 is a program's empty value (.NET, Go), not a date;
* long-term words ``无期限``, ``无限期``, ``不约定期限``; 2099-12-31 and 2999-12-31 are dates;
* one-ended periods said by their words (``自2024年11月23日起``, ``2024年11月23日止``),
  ``--`` between two dates, reversed ranges;
* through :func:`qualcheck.verify`: nothing unreadable ends in PASS, and the finding names
  the field path.
"""

from __future__ import annotations

import copy
import datetime
import decimal
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from qualcheck import Decision, Report, scrub, verify
from qualcheck.dates import LONG_TERM_DATE, OptionalChinaDate, Validity, is_long_term, parse_date
from qualcheck.exceptions import UnreadableValue
from qualcheck.models import Document
from qualcheck.testing import make_food_business

D = datetime.date
CHINA = datetime.timezone(datetime.timedelta(hours=8))
AS_OF = D(2026, 11, 29)
DAY = D(2024, 11, 23)
MILLIS = 1732291200000  # 2024-11-23 00:00 in China (2024-11-22T16:00Z)
SECONDS = 1732291200
DATES = TypeAdapter(OptionalChinaDate)
DOCUMENTS = TypeAdapter(Document)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "merchants.jsonl"


def _china_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=CHINA)


# --- the known gaps: 元月 and Chinese dates mixing digits and numerals --------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020年元月1日", D(2020, 1, 1)),  # 元月 is January
        ("2020年一月一日", D(2020, 1, 1)),  # digits in the year, numerals in month and day
        ("二〇二〇年元月一日", D(2020, 1, 1)),
        ("二〇二〇年1月1日", D(2020, 1, 1)),  # numerals in the year, digits after
        ("2020年1月一日", D(2020, 1, 1)),
        ("2020年元月三十一日", D(2020, 1, 31)),
        ("2020 年 元 月 1 日", D(2020, 1, 1)),  # OCR's spaces
        ("2020年元月1号", D(2020, 1, 1)),
        ("２０２０年元月１日", D(2020, 1, 1)),  # full-width digits
        ("二O二O年元月一日", D(2020, 1, 1)),  # the year's 〇 as the letter O
        ("二〇二〇年〇一月〇九日", D(2020, 1, 9)),  # 〇 in front, digit by digit
        ("2024年十二月三十一日", D(2024, 12, 31)),
        ("2024年二月二十九日", D(2024, 2, 29)),
        ("二〇二〇年元月一日 星期三", D(2020, 1, 1)),  # 2020-01-01 was a Wednesday
        ("2020年元月1日。", D(2020, 1, 1)),  # closing a sentence
    ],
)
def test_mixed_chinese_dates_read(value: str, expected: datetime.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("二〇二〇年正月初一", "not a recognised"),  # the lunar calendar's first day: not read
        ("2020年正月1日", "not a recognised"),  # 正月 is the lunar first month
        ("2020年元月初一", "not a recognised"),
        ("2020年元月元日", "not a recognised"),  # 元日 is New Year's Day, not a day number
        ("2020年元月", "not a recognised"),  # no day
        ("2020年一月", "not a recognised"),
        ("2020年十三月一日", "month must be in 1..12"),
        ("2020年二月三十日", "day is out of range"),  # never clamped to 02-29
        ("2021年二月二十九日", "day is out of range"),
        ("2020年一月三十二日", "day is out of range"),
        ("2020年一十一十月一日", "not a recognised"),
        ("2020年〇月一日", "not a recognised"),  # 〇 alone is no month
        ("OOOO年一月一日", "not a recognised"),  # no numeral: no year
        ("2O20年一月一日", "not a recognised"),  # a letter among digits
        ("二〇二〇年元月一日 星期四", "is not a 星期四"),
    ],
)
def test_mixed_chinese_dates_that_are_no_date_are_refused(value: str, reason: str) -> None:
    with pytest.raises(UnreadableValue, match="cannot read a date from") as info:
        parse_date(value)
    assert reason in str(info.value)
    assert repr(value) in str(info.value)
    assert info.value.message_zh.startswith(f"无法从“{value}”读出日期")


_NUMERALS = "〇一二三四五六七八九"


def _numeral(number: int) -> str:
    tens, ones = divmod(number, 10)
    text = ("" if tens == 1 else _NUMERALS[tens]) + "十" if tens else ""
    return text + (_NUMERALS[ones] if ones else "")


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2199, 12, 31)),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["日", "号", ""]),
)
def test_each_part_in_digits_or_numerals_reads_back(
    day: datetime.date, year_numerals: bool, month_numerals: bool, day_numerals: bool, end: str
) -> None:
    year = "".join(_NUMERALS[int(c)] for c in str(day.year)) if year_numerals else str(day.year)
    if month_numerals:
        month = "元" if day.month == 1 and day.day % 2 else _numeral(day.month)
    else:
        month = str(day.month)
    text = f"{year}年{month}月{_numeral(day.day) if day_numerals else day.day}{end}"
    assert parse_date(text) == day, text


# --- registry and API forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-23T00:00:00+08:00", DAY),
        ("2024-11-23T00:00:00.000+0800", DAY),
        ("2024-11-23T00:00:00+08:00[Asia/Shanghai]", DAY),  # Java ZonedDateTime.toString()
        ("2024-11-22T16:00:00Z[UTC]", DAY),
        # a UTC instant is the date it is in China: 16:00 UTC is midnight of the next day
        ("2024-11-23T16:00:00Z", D(2024, 11, 24)),
        ("2024-11-23T15:59:59.999Z", DAY),
        ("2024-11-23 00:00:00.0", DAY),  # java.sql.Timestamp
        ("2024-11-23 00:00:00", DAY),
        ("2024年11月23日 00:00", DAY),
        ("2024/11/23 星期六", DAY),
        ("20241123000000", DAY),  # YYYYMMDDhhmmss
        ("2024.11.23.", DAY),  # a trailing full stop
        ("2024年11月23日。", DAY),
        ("2024. 11. 23 .", DAY),
        # .NET JSON (ASP.NET, WCF): milliseconds since the epoch in UTC; the offset after
        # them names the writer's zone and does not move the instant
        (f"/Date({MILLIS})/", DAY),
        (f"/Date({MILLIS}+0800)/", DAY),
        (f"/Date({MILLIS}-0500)/", DAY),
        (f"\\/Date({MILLIS})\\/", DAY),  # JSON's escaped slashes kept by an export
        ("/Date(-631152000000)/", D(1950, 1, 1)),  # before 1970
        ("/Date(253402300799999)/", LONG_TERM_DATE),  # DateTime.MaxValue
        ("/Date(253402214400000)/", LONG_TERM_DATE),
        # Unix timestamps in every spelling an export gives them
        (MILLIS, DAY),
        (float(MILLIS), DAY),
        (str(MILLIS), DAY),
        (f"{MILLIS}.0", DAY),  # pandas writes an int column with gaps as floats
        (f"{MILLIS}.000", DAY),
        (f"+{MILLIS}", DAY),
        (SECONDS, DAY),
        (float(SECONDS), DAY),
        (str(SECONDS), DAY),
        (f"{SECONDS}.0", DAY),
        (f"{SECONDS}.5", DAY),  # a time of day in fractional seconds (PHP microtime)
        (SECONDS + 0.5, DAY),
        (decimal.Decimal(MILLIS), DAY),  # json.loads(..., parse_float=Decimal)
        (decimal.Decimal(f"{MILLIS}.0"), DAY),
        (decimal.Decimal(SECONDS), DAY),
        (decimal.Decimal("20241123"), DAY),
        ("20241123.0", DAY),  # YYYYMMDD from a float column
        (20241123.0, DAY),
        (datetime.datetime(2024, 11, 22, 16, tzinfo=datetime.timezone.utc), DAY),
        (datetime.datetime(2024, 11, 23, 16, tzinfo=datetime.timezone.utc), D(2024, 11, 24)),
        (datetime.datetime(2024, 11, 23, 23, 59), DAY),  # naive: China time
        (D(1900, 1, 1), D(1900, 1, 1)),  # the earliest date read
        ("1900-01-01", D(1900, 1, 1)),
        (-2209017600, D(1900, 1, 1)),  # 1900-01-01 00:00 in China, in seconds
        ("2099-12-31", D(2099, 12, 31)),  # a date, not long-term
        ("2999-12-31", D(2999, 12, 31)),
    ],
)
def test_registry_forms_read(value: object, expected: datetime.date) -> None:
    assert parse_date(value) == expected
    assert DATES.validate_python(value) == expected


# The error must name the input and say why: (value, a fragment of the reason).
REJECTED: list[tuple[object, str]] = [
    # 24:00 ends one day and begins the next: which date is meant is not said
    ("2024-11-23T24:00:00", "24:00"),
    ("2024-11-23 24:00", "24:00"),
    ("2024-11-23T24:00:00Z", "24:00"),
    ("2024年11月23日24:00:00", "24:00"),
    ("20241123T240000", "24:00"),
    # a zone in brackets with no offset: the instant is not given
    ("2024-11-23T10:00:00[Europe/Berlin]", "ISO 8601 time"),
    ("2024-11-23 00:00:00 CST", "ISO 8601 time"),
    # scientific notation: what a spreadsheet shows of a long number, digits lost
    ("1.73229E+12", "scientific notation"),
    ("1.7322912e12", "scientific notation"),
    ("1e12", "scientific notation"),
    # a spreadsheet's serial day number, whole or with a time, as number or text
    (45619, "spreadsheet's serial day number"),
    ("45619", "spreadsheet's serial day number"),
    (45619.0, "spreadsheet's serial day number"),
    ("45619.0", "spreadsheet's serial day number"),
    (decimal.Decimal("45619"), "spreadsheet's serial day number"),
    (45619.25, "spreadsheet's serial day number"),
    ("45619.25", "not a recognised"),
    # numbers that are no date
    (0, "Unix timestamp"),
    ("0.0", "Unix timestamp"),
    (-1, "Unix timestamp"),
    (decimal.Decimal("NaN"), "finite"),
    (decimal.Decimal("Infinity"), "finite"),
    (decimal.Decimal("1E+400"), "too large"),
    (1e20, "Unix timestamp"),
    (10**13, "too large"),
    ("13912345678.0", "Unix timestamp"),  # 11 digits: a mobile number, not a date
    ("202411231030.0", "YYYYMMDDhhmm"),  # 12 digits: ms of 1976 or a date and time
    (202411231030.5, "YYYYMMDDhhmm"),
    ("2024.11", "not a recognised"),  # a month, no day
    ("2024.1123", "not a recognised"),
    # .NET's empty values and the epoch
    ("/Date(0)/", "empty value"),
    ("/Date(-62135596800000)/", "before 1900"),  # DateTime.MinValue
    ("/Date(abc)/", "not a recognised"),
    ("/Date(99999999999999999)/", "not a recognised"),  # 17 digits: no instant
    ("/Date(1732291200000+08)/", "not a recognised"),
    # before 1900: empty values of programs, typos
    ("0001-01-01", "before 1900"),  # .NET DateTime.MinValue, Go's zero time
    ("0001-01-01T00:00:00Z", "before 1900"),
    ("0001-01-01 00:00:00", "before 1900"),
    (D(1, 1, 1), "before 1900"),  # Python's date.min
    (datetime.datetime.min, "before 1900"),
    ("1899-12-31", "before 1900"),
    ("1024-11-23", "before 1900"),  # OCR's 1 for 2
    ("18991231", "before 1900"),
    (-2209017601, "before 1900"),  # one second before 1900 in China
    (-9_999_999_999_999, "before 1900"),
    ("一八九九年十二月三十一日", "before 1900"),
    ("10000-01-01", "not a recognised"),  # five-digit years
    ("0000-00-00", "year 0 is out of range"),
    # two-digit years and day/month order: never guessed
    ("24-11-23", "ambiguous"),
    ("24/11/23", "ambiguous"),
    ("11/23/2024", "ambiguous"),  # US
    ("23/11/2024", "ambiguous"),  # British
    ("23.11.2024", "ambiguous"),  # German
    ("23.11.2024.", "ambiguous"),
    ("2024 11 23", "not a recognised"),  # separators lost: never guessed
    # a full stop closes a date, other marks do not
    ("2024-11-23?", "not a recognised"),
    ("2024-11-23!", "not a recognised"),
    (".", "not a recognised"),
    ("。", "not a recognised"),
    # placeholders
    ("——", "not a recognised"),
    ("--", "not a recognised"),
    ("暂无", "not a recognised"),
    # long and hostile
    ("2024-11-23" + " " * 60 + "x", "longer than"),
    ("1" * 300, "longer than"),
    ("2024-11-23\x07", "not a recognised"),
    ("2024-11-23\x1b[0m", "not a recognised"),
    ("2024-11\x00-23", "not a recognised"),
]


@pytest.mark.parametrize(("value", "reason"), REJECTED)
def test_registry_forms_that_are_no_date_are_refused(value: object, reason: str) -> None:
    with pytest.raises(UnreadableValue, match="cannot read a date from") as info:
        parse_date(value)
    assert reason in str(info.value)
    shown = scrub(repr(value))  # a phone or ID number is named masked
    assert (shown if len(shown) <= 60 else shown[:57]) in str(info.value)
    assert info.value.message_zh.startswith("无法从")


@pytest.mark.parametrize(("value", "reason"), REJECTED)
def test_a_refused_date_in_a_field_names_the_field(value: object, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        Validity.model_validate({"valid_from": "2020-01-01", "valid_to": value})
    errors = info.value.errors()
    assert [error["loc"] for error in errors] == [("valid_to",)]
    assert reason in errors[0]["msg"]


@pytest.mark.parametrize("value", ["2024-11-23至长期", "自2024年11月23日起", "2024年11月23日止"])
def test_a_period_or_one_end_with_its_words_is_no_date(value: str) -> None:
    """A date field holds a date: a range or an end with its words (read by
    :class:`Validity`) is refused by :func:`parse_date`."""
    with pytest.raises(UnreadableValue, match="not a recognised"):
        parse_date(value)


@pytest.mark.parametrize("value", [None, True, False, [2024, 11, 23], {"y": 2024}, b"20241123"])
def test_other_types_are_refused_or_empty(value: object) -> None:
    if value is None:
        assert parse_date(value) is None
        return
    with pytest.raises(UnreadableValue, match=type(value).__name__):
        parse_date(value)


# --- timestamps: one day, every spelling; the digit count decides the unit ---------------------


def _spellings(number: int) -> list[object]:
    return [
        number,
        float(number),
        str(number),
        f"{number}.0",
        decimal.Decimal(number),
        f"/Date({number if len(str(number)) >= 12 else number * 1000})/",
    ]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(1973, 3, 4), max_value=D(2286, 11, 19)), st.integers(0, 86399))
def test_a_timestamp_in_every_spelling_is_the_same_day(day: datetime.date, second: int) -> None:
    seconds = int(_china_midnight(day).timestamp()) + second
    for value in _spellings(seconds):
        assert parse_date(value) == day, value
    millis = seconds * 1000 + 999
    text = str(millis)
    try:
        datetime.datetime.strptime(text, "%Y%m%d%H%M")
        compact = len(text) == 12 and 1900 <= int(text[:4]) <= 2099
    except ValueError:
        compact = False
    for value in _spellings(millis):
        if compact and not str(value).startswith("/Date"):  # 1976: also YYYYMMDDhhmm
            with pytest.raises(UnreadableValue, match="YYYYMMDDhhmm"):
                parse_date(value)
        else:
            assert parse_date(value) == day, value


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=10**10, max_value=10**11 - 1))
def test_eleven_digits_are_never_dates_in_any_spelling(number: int) -> None:
    for value in (f"{number}.0", decimal.Decimal(number), float(number)):
        with pytest.raises(UnreadableValue, match="Unix timestamp"):
            parse_date(value)


# --- never a crash, never a date before 1900 ----------------------------------------------------

_ALPHABET = "0123456789-./年月日号元一二十〇 :TZ+星期六()[]/Date至长期起止~—.。\x00"


def _read(value: object) -> datetime.date | UnreadableValue | None:
    """What :func:`parse_date` makes of ``value``: a date, ``None`` or its error."""
    try:
        return parse_date(value)
    except UnreadableValue as exc:
        return exc


def _period(text: str) -> Validity | ValidationError:
    try:
        return Validity.model_validate(text)
    except ValidationError as exc:
        return exc


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_any_text_is_a_date_none_or_a_clear_error(text: str) -> None:
    result = _read(text)
    if isinstance(result, UnreadableValue):
        assert str(result).startswith("cannot read a date from")
        assert result.message_zh.startswith("无法从")
    elif result is not None:
        assert D(1900, 1, 1) <= result <= LONG_TERM_DATE
    period = _period(text)
    if isinstance(period, ValidationError):
        assert all(error["msg"] for error in period.errors())
    else:
        ends = [day for day in (period.valid_from, period.valid_to) if day is not None]
        assert all(D(1900, 1, 1) <= day < LONG_TERM_DATE for day in ends)
        assert (
            period.valid_from is None
            or period.valid_to is None
            or (period.valid_from <= period.valid_to)
        )


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=True, allow_infinity=True),
    )
)
def test_any_number_is_a_date_or_a_clear_error(number: object) -> None:
    result = _read(number)
    assert result is not None
    if isinstance(result, UnreadableValue):
        assert str(result).startswith("cannot read a date from")
    else:
        assert D(1900, 1, 1) <= result <= LONG_TERM_DATE


# --- long-term ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("长期有效", True),
        ("永久有效", True),
        ("无期限", True),  # "no time limit"
        ("無期限", True),
        ("无限期", True),  # "indefinite"
        ("不约定期限", True),  # "no term agreed" (articles of association, partnerships)
        ("（无期限）", True),
        ("长期 ", True),
        ("9999年12月31日", True),
        ("9999-12-31T00:00:00+08:00", True),
        ("/Date(253402214400000)/", True),
        ("9999-12-31 00:00:00.0", True),
        ("2099-12-31", False),  # a date: a term to 2099 is judged as the date it is
        ("2999-12-31", False),
        ("9999-12-30", False),
        ("——", False),  # placeholders say nothing
        ("-", False),
        ("/", False),
        ("无", False),
        ("暂无", False),
        ("期限", False),
        ("有期限", False),
        ("无固定", False),
        (decimal.Decimal("99991231"), True),
    ],
)
def test_long_term_forms(value: object, expected: bool) -> None:
    assert is_long_term(value) is expected


@pytest.mark.parametrize("word", ["无期限", "无限期", "不约定期限", "永久有效"])
def test_long_term_words_in_a_period(word: str) -> None:
    for text in (f"2020-01-01至{word}", f"2020年1月1日起{word}", f"自2020年1月1日起至{word}"):
        assert Validity.model_validate(text) == Validity(valid_from=D(2020, 1, 1), long_term=True)
    assert Validity(valid_from="2020-01-01", valid_to=word).long_term


# --- validity periods ----------------------------------------------------------------------------

START, END = D(2020, 1, 1), D(2025, 12, 31)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020年1月1日至2025年12月31日", (START, END, False)),
        ("2020.01.01-2025.12.31", (START, END, False)),
        ("2020-01-01~2025-12-31", (START, END, False)),
        ("2020-01-01 — 2025-12-31", (START, END, False)),
        ("2020-01-01 – 2025-12-31", (START, END, False)),  # an en dash
        ("2020-01-01--2025-12-31", (START, END, False)),  # a dash typed as two hyphens
        ("2020.01.01 -- 2025.12.31", (START, END, False)),
        ("2020-01-01－－2025-12-31", (START, END, False)),  # full-width
        ("2020年1月1日起至2025年12月31日止", (START, END, False)),
        ("自2020年01月01日至长期", (START, None, True)),
        ("有效期至2025年12月31日", (None, END, False)),  # only an end
        ("2020-01-01至", (START, None, False)),  # only a start: the end unknown
        # one end alone, said by its words
        ("自2020年1月1日起", (START, None, False)),
        ("自2020年1月1日", (START, None, False)),
        ("2020年1月1日起", (START, None, False)),
        ("有效期自2020年1月1日起", (START, None, False)),
        ("2025年12月31日止", (None, END, False)),
        ("有效期：2025年12月31日止", (None, END, False)),
        # OCR: spaces, full-width digits, a trailing full stop, 元月, mixed numerals
        ("２０２０年１月１日 至 ２０２５年１２月３１日", (START, END, False)),
        ("2020 . 01 . 01 - 2025 . 12 . 31", (START, END, False)),
        ("2020年 1月 1日至 2025年 12月 31日", (START, END, False)),
        ("2020.01.01.-2025.12.31.", (START, END, False)),
        ("2020年元月1日至2025年十二月三十一日", (START, END, False)),
        ("二〇二〇年元月一日至二〇二五年十二月三十一日", (START, END, False)),
        # registry forms on both ends
        ("2020-01-01T00:00:00+08:00/2025-12-31T00:00:00+08:00", (START, END, False)),
        ("2019-12-31T16:00:00Z/2025-12-30T16:00:00Z", (START, END, False)),
        ("2020-01-01 00:00:00.0至2025-12-31 00:00:00.0", (START, END, False)),
        ("/Date(1577808000000)/-/Date(1767110400000)/", (START, END, False)),
        ("1577808000000.0~1767110400000.0", (START, END, False)),
        ("2020-01-01 至 2999-12-31", (START, D(2999, 12, 31), False)),
        ("2020-01-01 至 9999-12-31 00:00:00", (START, None, True)),
    ],
)
def test_validity_reads(value: str, expected: tuple[Any, Any, bool]) -> None:
    validity = Validity.model_validate(value)
    assert (validity.valid_from, validity.valid_to, validity.long_term) == expected


@pytest.mark.parametrize(
    ("value", "loc", "fragment"),
    [
        # reversed: an error naming both ends, never swapped or accepted
        ("2025-12-31至2020-01-01", (), "valid_from (2025-12-31) is after valid_to (2020-01-01)"),
        ("2025.12.31-2020.01.01", (), "is after valid_to"),
        ("2025-12-31--2020-01-01", (), "is after valid_to"),
        ({"valid_from": "2024-11-23", "valid_to": "2024-11-22"}, (), "is after valid_to"),
        ({"valid_from": "2024-11-23T16:00:00Z", "valid_to": "2024-11-23"}, (), "is after"),
        # one date and no word: the start or the end? Never guessed
        ("2020年1月1日", (), "expected two dates"),
        ("2020-01-01.", (), "expected two dates"),
        # words that contradict each other
        ("自2020年1月1日止", (), "expected two dates"),
        ("2020年1月1日起止", (), "expected two dates"),
        # an end before 1900 or a bad day: the end named
        ("2020-01-01至0001-01-01", ("valid_to",), "before 1900"),
        ("0001-01-01至2025-12-31", ("valid_from",), "before 1900"),
        ("2020-01-01至2025-02-30", ("valid_to",), "day is out of range"),
        ("2020-01-01至2025-11-23T24:00:00", ("valid_to",), "24:00"),
        ("2020-01-01至45619", ("valid_to",), "spreadsheet"),
        ("2020-01-01至12/31/2025", ("valid_to",), "ambiguous"),
        ("2020-01-01至——", (), "too many separators"),
        ("2020-01-01至--", (), "too many separators"),
        ("2020-01-01 to 2025-12-31", (), "expected two dates"),
        ("2020年1月1日至2025年12月31日（有效期5年）", ("valid_to",), "not a recognised"),
        ("2020-01-01---2025-12-31---2030-01-01", (), "too many separators"),
    ],
)
def test_validity_errors_name_the_field(value: object, loc: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        Validity.model_validate(value)
    error = info.value.errors()[0]
    assert error["loc"] == loc
    assert fragment in error["msg"]


@pytest.mark.parametrize("value", [True, 5, 1.5, None, [], ["2020-01-01"], object()])
def test_validity_of_another_type_is_an_error(value: object) -> None:
    with pytest.raises(ValidationError):
        Validity.model_validate(value)


def test_a_one_ended_period_merges_with_the_other_end() -> None:
    jy = make_food_business(form=1, region="330106", rng=random.Random(2))
    base = {"kind": "food_business", "number": jy}
    document = DOCUMENTS.validate_python(
        {**base, "validity": "自2020年1月1日起", "valid_to": "2025-12-31"}
    )
    assert document.validity == Validity(valid_from=START, valid_to=END)
    document = DOCUMENTS.validate_python({**base, "validity": "2025年12月31日止"})
    assert document.validity == Validity(valid_to=END)


# --- through the verification engine --------------------------------------------------------------


def _example() -> dict[str, Any]:
    """The first example seller (a food shop, long-term business licence, food licence
    2023-06-12 to 2028-06-11), which passes as given."""
    with EXAMPLES.open(encoding="utf-8") as lines:
        record: dict[str, Any] = json.loads(next(lines))
    return record


def _codes(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


def _with_food_period(**period: Any) -> dict[str, Any]:
    record = _example()
    licence = record["documents"][1]
    licence.pop("validity")
    licence.update(period)
    return record


def test_the_example_passes() -> None:
    report = verify(_example(), as_of=AS_OF)
    assert report.decision is Decision.PASS, _codes(report)


@pytest.mark.parametrize(
    "period",
    [
        {"validity": "二〇二三年六月十二日至二〇二八年六月十一日"},
        {"validity": "2023年6月12日至2028年六月十一日"},
        {"valid_from": "/Date(1686499200000)/", "valid_to": "/Date(1843920000000+0800)/"},
        {"valid_from": "1686499200000.0", "valid_to": "1843920000000.0"},
        {"valid_from": decimal.Decimal("1686499200"), "valid_to": decimal.Decimal("1843920000")},
        {"valid_from": "2023-06-11T16:00:00Z", "valid_to": "2028-06-10T16:00:00Z"},
        {"valid_from": "2023-06-12T00:00:00+08:00[Asia/Shanghai]", "valid_to": "2028.06.11."},
        {"validity": "2023.06.12--2028.06.11"},
        {"validity": "自2023年6月12日起", "valid_to": "2028年6月11日止"},
    ],
)
def test_a_licence_in_force_in_registry_forms_passes(period: dict[str, Any]) -> None:
    report = verify(_with_food_period(**period), as_of=AS_OF)
    assert report.decision is Decision.PASS, _codes(report)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # an expired end, read right in each form
        (
            {"valid_from": "2021-06-12", "valid_to": "/Date(1781107200000)/"},  # 2026-06-11
            [("license.expired", "$.documents[1].validity.valid_to")],
        ),
        (
            {"valid_from": "2021-06-12", "valid_to": "二〇二六年六月十一日"},
            [("license.expired", "$.documents[1].validity.valid_to")],
        ),
        (
            {"valid_from": "2021-06-12", "valid_to": "1781107200000.0"},
            [("license.expired", "$.documents[1].validity.valid_to")],
        ),
    ],
)
def test_an_expired_licence_in_registry_forms_fails(
    period: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    report = verify(_with_food_period(**period), as_of=AS_OF)
    assert _codes(report) == expected
    assert report.decision is Decision.FAIL


def test_a_utc_end_is_the_date_in_china() -> None:
    """``2026-11-28T16:00:00Z`` is midnight of 29 November in China: on 29 November the
    licence is on its last day (not expired), on 30 November expired."""
    record = _with_food_period(valid_from="2021-11-29", valid_to="2026-11-28T16:00:00Z")
    assert verify(record, as_of=D(2026, 11, 29)).codes == ("license.expiring_soon",)
    report = verify(record, as_of=D(2026, 11, 30))
    assert report.decision is Decision.FAIL
    assert report.findings[0].ctx["valid_to"] == D(2026, 11, 29)


UNREADABLE_END = [
    ("record.invalid_value", "$.documents[1].valid_to"),
    ("license.validity_missing", "$.documents[1].validity"),
]
UNREADABLE_PERIOD = [
    ("record.invalid_value", "$.documents[1].validity"),
    ("license.validity_missing", "$.documents[1].validity"),
]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ({"valid_from": "2023-06-12", "valid_to": "0001-01-01"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "/Date(-62135596800000)/"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "/Date(0)/"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "2028-06-11T24:00:00"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "1.84392E+12"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "46915"}, UNREADABLE_END),  # a serial
        ({"valid_from": "2023-06-12", "valid_to": "11/06/2028"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "28-06-11"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "——"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "暂无"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "2028年正月初一"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "2028-06-11\x07"}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": "2028-06-11" * 40}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": decimal.Decimal("NaN")}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": {"date": "2028-06-11"}}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": ["2028-06-11"]}, UNREADABLE_END),
        ({"valid_from": "2023-06-12", "valid_to": True}, UNREADABLE_END),
        ({"validity": "2028.06.11-2023.06.12"}, UNREADABLE_PERIOD),  # reversed
        ({"validity": "2028-06-11至2023-06-12"}, UNREADABLE_PERIOD),
        ({"valid_from": "2028-06-11", "valid_to": "2023-06-12"}, UNREADABLE_PERIOD),
        ({"validity": "2023-06-12"}, UNREADABLE_PERIOD),  # one date: start or end?
        ({"validity": "2023-06-12 to 2028-06-11"}, UNREADABLE_PERIOD),
        ({"validity": True}, UNREADABLE_PERIOD),
        ({"validity": 20230612}, UNREADABLE_PERIOD),
        # one end only: no pass without a readable end
        (
            {"validity": "自2023年6月12日起"},
            [("license.validity_missing", "$.documents[1].validity")],
        ),
        ({"validity": "2023.06.12至"}, [("license.validity_missing", "$.documents[1].validity")]),
    ],
)
def test_an_unreadable_or_missing_end_never_passes(
    period: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    report = verify(_with_food_period(**period), as_of=AS_OF)
    assert _codes(report) == expected
    assert report.decision is Decision.REVIEW


@pytest.mark.parametrize(
    ("period", "code"),
    [
        # a far end is a date, judged as one: too long for a five-year food licence
        ({"validity": "2023-06-12至2099-12-31"}, "license.term_too_long"),
        ({"validity": "2023-06-12至2999-12-31"}, "license.term_too_long"),
        # long-term words on a five-year licence: review, never a pass
        ({"validity": "2023-06-12至无期限"}, "license.long_term_unexpected"),
        ({"validity": "2023-06-12至不约定期限"}, "license.long_term_unexpected"),
        (
            {"valid_from": "2023-06-12", "valid_to": "/Date(253402214400000)/"},
            "license.long_term_unexpected",
        ),
    ],
)
def test_a_far_or_long_term_end_on_a_food_licence_is_review(
    period: dict[str, Any], code: str
) -> None:
    report = verify(_with_food_period(**period), as_of=AS_OF)
    assert _codes(report) == [(code, "$.documents[1].validity")]
    assert report.decision is Decision.REVIEW


@pytest.mark.parametrize("end", ["无期限", "不约定期限", "无限期", "2999-12-31", "永久有效"])
def test_a_business_licence_without_an_end_passes(end: str) -> None:
    record = _example()
    record["documents"][0]["valid_to"] = end
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, _codes(report)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("issue_date", "0001-01-01"),
        ("issue_date", "/Date(0)/"),
        ("issue_date", "2023-06-12T24:00:00"),
        ("issue_date", "2023年正月十二日"),
        ("issue_date", [2023, 6, 12]),
        ("issue_date", {"y": 2023}),
        ("issue_date", False),
        ("issue_date", "6/12/2023"),
    ],
)
def test_an_unreadable_document_date_is_review_naming_the_field(field: str, value: object) -> None:
    record = _example()
    record["documents"][1][field] = value
    report = verify(record, as_of=AS_OF)
    assert _codes(report) == [("record.invalid_value", f"$.documents[1].{field}")]
    assert report.decision is Decision.REVIEW
    assert report.findings[0].ctx["field"] == field


@pytest.mark.parametrize(
    "value",
    ["0001-01-01", "/Date(-62135596800000)/", True, None, [1], {"a": 1}, "24-11-23", 45619],
)
def test_an_unreadable_last_verified_at_is_review_naming_the_field(value: object) -> None:
    record = _example()
    record["last_verified_at"] = value
    report = verify(record, as_of=AS_OF)
    if value is None:  # not given: a first verification
        assert report.decision is Decision.PASS, _codes(report)
        return
    assert _codes(report) == [("record.invalid_value", "$.last_verified_at")]
    assert report.decision is Decision.REVIEW


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("/Date(1780243200000)/", None),  # 2026-06-01: within six months
        ("2026-11-29T16:00:00Z", "merchant.verified_in_future"),  # the 30th in China
        ("2026年元月1日", "merchant.reverification_due"),
        ("2026年六月一日", None),
        ("1748707200000.0", "merchant.reverification_due"),  # 2025-06-01
    ],
)
def test_last_verified_at_in_registry_forms(value: object, code: str | None) -> None:
    record = _example()
    record["last_verified_at"] = value
    report = verify(record, as_of=AS_OF)
    assert report.codes == ((code,) if code else ())


def test_the_callers_record_is_not_changed() -> None:
    record = _with_food_period(valid_from="/Date(1686499200000)/", valid_to="0001-01-01")
    before = copy.deepcopy(record)
    verify(record, as_of=AS_OF)
    assert record == before
