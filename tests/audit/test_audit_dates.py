"""Audit: dates and validity periods (qualcheck.dates, the validity of documents).

Contract (issue, qualcheck/dates.py, docs/types.md "Dates", docs/models.md "Dates and
validity", docs/verify.md "The checks"): dates are read from the forms found on Chinese
documents, in spreadsheets and in registry answers (``2024年11月23日``, ``2024.11.23``,
``2024/11/23``, ``20241123``, ISO, Unix timestamps); what cannot be read — an impossible
date, an ambiguous day/month order, a two-digit year — is an error that names the input
(and, in a record, the field), never a guess.  ``长期``, ``无固定期限``, ``永久`` and
9999-12-31 mean long-term; an empty end date is a missing term, never "valid forever":
a licence without a readable term is *review* (fail closed).  A document giving its
period twice (``validity`` and top-level keys) must not have either silently dropped.
Misreading a date is the worst outcome; passing a record that should not pass the next.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from qualcheck import Decision, Report, scrub, verify
from qualcheck.dates import LONG_TERM_DATE, OptionalChinaDate, Validity, is_long_term, parse_date
from qualcheck.models import Document
from qualcheck.testing import make_food_business, make_uscc

D = datetime.date
AS_OF = D(2026, 11, 29)
REGION = "330106"
USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(20261129))
JY = make_food_business(form=1, region=REGION, rng=random.Random(20261130))
NAME = "杭州示例日期食品有限公司"
DOCUMENTS = TypeAdapter(Document)
DATES = TypeAdapter(OptionalChinaDate)

# 9999-12-31 as Unix timestamps: midnight UTC in seconds (PHP, MySQL) and milliseconds (Java)
LONG_TERM_SECONDS = 253402214400
LONG_TERM_MILLIS = 253402214400000
PHONE = "13912345678"  # the audit's test number (tests/audit/audit_support.py)


def _china_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )


def _millis(day: datetime.date) -> int:
    return int(_china_midnight(day).timestamp()) * 1000


# --- parse_date: the forms that must be read, and read right --------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020年01月01日", D(2020, 1, 1)),
        ("2020年1月1日", D(2020, 1, 1)),
        ("2020.1.1", D(2020, 1, 1)),
        ("2025/12/31", D(2025, 12, 31)),
        ("20251231", D(2025, 12, 31)),
        (20251231, D(2025, 12, 31)),  # a spreadsheet's number cell holding YYYYMMDD
        (20251231.0, D(2025, 12, 31)),  # the same read as a float
        ("２０２５年１２月３１日", D(2025, 12, 31)),  # full-width digits
        ("２０２５．１２．３１", D(2025, 12, 31)),  # full-width dots
        ("2025\u201012\u201031", D(2025, 12, 31)),  # Unicode hyphens
        ("\u30002025-12-31\u3000", D(2025, 12, 31)),  # ideographic spaces around
        ("\u200b2025-12-31\ufeff", D(2025, 12, 31)),  # zero-width space, BOM (copied web text)
        ("2025-12\u200b-31", D(2025, 12, 31)),  # a zero-width space inside
        ("二〇二五年十二月三十一日", D(2025, 12, 31)),  # Chinese numerals, 〇
        ("二零二四年二月二十九日", D(2024, 2, 29)),  # 零, a leap day
        ("二〇二〇年十月十日", D(2020, 10, 10)),  # 十 alone
        ("2024-02-29", D(2024, 2, 29)),  # leap day
        ("2000-02-29", D(2000, 2, 29)),  # leap day of a century divisible by 400
        ("2025-12-31 23:59:59", D(2025, 12, 31)),  # a time after the date (naive: China)
        ("2025/12/31 0:00:00", D(2025, 12, 31)),  # .NET / Excel zh-CN: one-digit hour
        ("2025/1/5 9:05", D(2025, 1, 5)),  # Excel's short date and time
        ("2025-12-31 0:00:00 +08:00", D(2025, 12, 31)),  # one-digit hour and an offset
        ("2025-12-30T16:00:00Z", D(2025, 12, 31)),  # midnight in China, in UTC
        ("2025-12-31T00:00:00.000+0800", D(2025, 12, 31)),  # Java's ISO output
        ("2025-12-31 00:00:00.0", D(2025, 12, 31)),  # java.sql.Timestamp.toString()
        ("Sat Nov 23 00:00:00 CST 2024", D(2024, 11, 23)),  # java.util.Date.toString()
        ("Dec 31 2024 23:00 CST", D(2024, 12, 31)),  # a zone name alone: the date as written
        ("Sat Nov 23 2024 20:00:00 GMT+0800", D(2024, 11, 23)),  # JavaScript: UTC+8, not -8
        ("Nov 23 2024 20:00 GMT-0500", D(2024, 11, 24)),  # 09:00 on the 24th in China
        ("Saturday, November 23, 2024", D(2024, 11, 23)),  # the right weekday
        ("23-Nov-2024", D(2024, 11, 23)),
        ("Dec 31 2024 20:00 UTC", D(2025, 1, 1)),  # already 1 January in China
        (1767110400000, D(2025, 12, 31)),  # Tianyancha: milliseconds
        ("1767110400000", D(2025, 12, 31)),  # the same as text
        (1767110400, D(2025, 12, 31)),  # seconds
        (1767110400.0, D(2025, 12, 31)),  # seconds as a float
        (1767110399999, D(2025, 12, 30)),  # the last millisecond of the day before
        (100000000, D(1973, 3, 3)),  # the smallest 9-digit timestamp (seconds)
        (999999999, D(2001, 9, 9)),  # the largest 9-digit timestamp (seconds)
        (9999999999, D(2286, 11, 21)),  # the largest 10-digit timestamp (seconds)
        (100000000000, D(1973, 3, 3)),  # the smallest 12-digit one (milliseconds)
        (9999999999999, D(2286, 11, 21)),  # the largest 13-digit one (milliseconds)
        (1000000000000, D(2001, 9, 9)),  # the smallest 13-digit one (milliseconds)
        (946656000000, D(2000, 1, 1)),  # 12-digit milliseconds that are not a YYYYMMDDhhmm
        (-631152000000, D(1950, 1, 1)),  # before 1970
        ("9999-12-31", LONG_TERM_DATE),  # a date; long-term only for is_long_term
        (LONG_TERM_SECONDS, LONG_TERM_DATE),  # 12 digits, not milliseconds of 1978
        (str(LONG_TERM_SECONDS), LONG_TERM_DATE),
        (LONG_TERM_MILLIS, LONG_TERM_DATE),  # 15 digits, beyond the 13-digit limit
        (253402300799000, LONG_TERM_DATE),  # 9999-12-31T23:59:59Z (already 10000 in China)
        (datetime.datetime(2025, 12, 30, 16, tzinfo=datetime.timezone.utc), D(2025, 12, 31)),
        ("20241123103000", D(2024, 11, 23)),  # YYYYMMDDhhmmss: no timestamp has 14 digits
        ("99991231235959", LONG_TERM_DATE),
        ("2024-11-23 星期六", D(2024, 11, 23)),  # Excel's long date format
        ("2024年11月23日（周六）", D(2024, 11, 23)),
        ("2024年11月24日 星期天", D(2024, 11, 24)),
        ("2024/11/24礼拜日", D(2024, 11, 24)),
        (None, None),
        ("", None),
        (" \t\n\u3000", None),
    ],
)
def test_parse_date_reads(value: object, expected: datetime.date | None) -> None:
    assert parse_date(value) == expected


# The error must name the input and say why: (value, a fragment of the reason).
REJECTED: list[tuple[object, str]] = [
    ("2024年2月30日", "day is out of range"),  # impossible: an error, never clamped to 2-29
    ("2024-02-30", "day is out of range"),
    ("20240230", "day is out of range"),
    ("2023-02-29", "day is out of range"),  # not a leap year
    ("2100-02-29", "day is out of range"),  # a century not divisible by 400
    ("二〇二三年二月二十九日", "day is out of range"),
    ("2024-13-01", "month must be in 1..12"),
    ("0000-00-00", "year 0 is out of range"),  # a database's zero date
    ("24-11-23", "ambiguous"),  # two-digit year: never guessed
    ("24.11.23", "ambiguous"),
    ("11/23/24", "ambiguous"),
    ("24年11月23日", "not a recognised"),
    ("03/04/2024", "ambiguous"),  # day/month order unknown
    ("12/31/2024", "ambiguous"),  # US order (even though 31 cannot be a month)
    ("31.12.2024", "ambiguous"),  # German order
    ("31/12/2024", "ambiguous"),  # British order
    ("45292", "spreadsheet's serial day number"),  # Excel serial of 2024-01-01
    (45292, "spreadsheet's serial day number"),
    (45292.0, "spreadsheet's serial day number"),
    (45292.5, "spreadsheet's serial day number"),  # a serial with a time of day
    ("45292.0", "spreadsheet's serial day number"),  # text with a zero fraction: the number
    ("202411231030", "YYYYMMDDhhmm"),  # 12 digits: milliseconds of 1976, or a date and time
    (202411231030, "YYYYMMDDhhmm"),
    (0, "Unix timestamp"),  # never 1970-01-01
    (10_000_000_000, "Unix timestamp"),  # 11 digits: milliseconds of 1970-1973 are not read,
    (PHONE, "Unix timestamp"),  # since 11 digits in a date field are a mobile number
    (int(PHONE), "Unix timestamp"),
    (99_999_999_999, "Unix timestamp"),
    (1, "Unix timestamp"),
    (-1, "Unix timestamp"),
    ("0", "Unix timestamp"),
    (1.5, "Unix timestamp"),
    (-45292, "Unix timestamp"),
    (10**13, "too large"),
    (10**400, "too large"),
    (float("nan"), "finite"),
    (float("inf"), "finite"),
    (float("-inf"), "finite"),
    ("NaN", "not a recognised"),
    ("Infinity", "not a recognised"),
    ("null", "not a recognised"),  # placeholders are not dates
    ("None", "not a recognised"),
    ("无", "not a recognised"),
    ("-", "not a recognised"),
    ("/", "not a recognised"),
    ("—", "not a recognised"),
    ("N/A", "not a recognised"),
    ("长期", "long-term"),  # not a date: is_long_term reads it
    ("（长期）", "long-term"),
    ("2024-11-23\x00", "not a recognised"),  # a control character
    ("\x002024-11-23", "not a recognised"),
    ("2024-11-23 星期五", "is not a 星期五"),  # 2024-11-23 was a Saturday
    ("星期六", "a weekday without a date"),
    ("20241123256000", "YYYYMMDDhhmmss"),  # 25 o'clock
    ("2024年11月23日 上午10:30", "not a recognised"),
    ("2024-11-23 10:30 AM", "ISO 8601 time"),
    ("2024年11月23日10时30分", "ISO 8601 time"),
    ("二〇二四年十一月廿三日", "not a recognised"),
    ("Mar 5 6 2024", "one month name, one day"),  # dateutil alone: 2006-03-05
    ("5 Mar 6 2024", "one month name, one day"),
    ("1 2 Dec 2024", "one month name, one day"),  # dateutil alone: 2001-12-02
    ("Dec 12 2024 2025", "one month name, one day"),
    ("Friday, 2 Dec 2024", "not a Friday"),  # 2 December 2024 was a Monday
    ("Nov 2024", "not all given"),
    ("2024-11-23" * 7, "longer than"),
    ("2" * 100_000, "longer than"),
]


@pytest.mark.parametrize(("value", "reason"), REJECTED)
def test_parse_date_rejects_naming_the_input(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match="cannot read a date from") as info:
        parse_date(value)
    message = str(info.value)
    assert reason in message
    shown = scrub(repr(value))  # a phone or ID number is named masked
    assert (shown if len(shown) <= 60 else shown[:57]) in message or "too long" in message


@pytest.mark.parametrize("value", [True, False, b"2024-11-23", [2024, 11, 23], {"y": 2024}])
def test_parse_date_rejects_other_types(value: object) -> None:
    with pytest.raises(ValueError, match=type(value).__name__):
        parse_date(value)


@pytest.mark.parametrize(("value", "reason"), REJECTED[:20])
def test_a_bad_date_field_is_an_error_naming_the_field(value: object, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        Validity.model_validate({"valid_from": "2020-01-01", "valid_to": value})
    error = info.value.errors()[0]
    assert error["loc"] == ("valid_to",)
    assert reason in error["msg"]


# --- properties: every documented spelling of a day reads back as that day ---------------------

_DIGITS = "〇一二三四五六七八九"


def _numeral(number: int) -> str:
    """1 … 31 in Chinese numerals, as printed on documents."""
    tens, ones = divmod(number, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[ones] if ones else "")


def _spellings(day: datetime.date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    return [
        day.isoformat(),
        f"{y}-{m}-{d}",
        f"{y}.{m:02d}.{d:02d}",
        f"{y}.{m}.{d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}/{m}/{d} 0:00:00",
        f"{y}{m:02d}{d:02d}",
        f"{y}年{m:02d}月{d:02d}日",
        f"{y}年{m}月{d}日",
        f"{y} 年 {m} 月 {d} 号",
        "".join(_DIGITS[int(c)] for c in f"{y:04d}") + f"年{_numeral(m)}月{_numeral(d)}日",
        f"{y}-{m:02d}-{d:02d}T23:59:59+08:00",
        f"{y}-{m:02d}-{d:02d}T00:00:00+08:00",
        day.strftime("%b %d, %Y"),
        day.strftime("%A, %d %B %Y"),
        "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in day.isoformat()),
    ]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2199, 12, 31)))
def test_every_spelling_reads_back_as_the_same_day(day: datetime.date) -> None:
    for text in _spellings(day):
        assert parse_date(text) == day, text


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(1973, 3, 4), max_value=D(2286, 11, 19)))
def test_timestamps_of_a_day_read_back_as_that_day_or_are_refused(day: datetime.date) -> None:
    seconds = int(_china_midnight(day).timestamp())
    assert parse_date(seconds) == day
    assert parse_date(str(seconds)) == day
    millis = seconds * 1000
    text = str(millis)
    compact = len(text) == 12 and text[:2] in ("19", "20")
    try:
        datetime.datetime.strptime(text, "%Y%m%d%H%M")
    except ValueError:
        compact = False
    if compact:  # 1976 only: also a date and time in YYYYMMDDhhmm, so ambiguous
        with pytest.raises(ValueError, match="YYYYMMDDhhmm"):
            parse_date(millis)
    else:
        assert parse_date(millis) == day
        assert parse_date(text) == day


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=-9_999_999, max_value=9_999_999))
def test_small_numbers_are_never_dates(number: int) -> None:
    """Excel serials, counters, booleans-as-ints: never silently a day of 1970."""
    if len(str(abs(number))) == 8:
        return
    with pytest.raises(ValueError, match="cannot read a date"):
        parse_date(number)
    with pytest.raises(ValueError, match="cannot read a date"):
        parse_date(str(number))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=10**10, max_value=10**11 - 1))
def test_eleven_digits_are_never_dates(number: int) -> None:
    """A mobile number (or milliseconds of 1970-1973): never read as a date."""
    with pytest.raises(ValueError, match="Unix timestamp"):
        parse_date(number)
    with pytest.raises(ValueError, match="Unix timestamp"):
        parse_date(str(number))


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=10_000_000, max_value=99_999_999))
def test_eight_digits_are_yyyymmdd_or_refused(number: int) -> None:
    text = str(number)
    try:
        expected: datetime.date | None = datetime.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        expected = None
    if expected is None or expected.year < 1900:  # before 1900: no document's date
        with pytest.raises(ValueError, match="cannot read a date"):
            parse_date(number)
    else:
        assert parse_date(number) == expected == parse_date(text)


# --- long-term markers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("长期", True),
        ("长期有效", True),
        ("无固定期限", True),
        ("永久", True),
        ("長期", True),
        ("长 期", True),  # a space inside (OCR, forms)
        ("长　期", True),  # an ideographic space inside
        ("长期。", True),  # a full stop
        ("长期；", True),
        ("（长期）", True),  # full-width brackets
        ("(长期)", True),
        ("【长期】", True),
        ("“长期”", True),
        ("长期 有效", True),
        ("永 久", True),
        ("长期\u200b", True),
        ("Long term.", True),
        ("PERMANENT", True),
        ("9999-12-31", True),
        ("9999年12月31日", True),
        ("9999/12/31", True),
        ("99991231", True),
        (99991231, True),
        (LONG_TERM_SECONDS, True),
        (LONG_TERM_MILLIS, True),
        (str(LONG_TERM_MILLIS), True),
        (LONG_TERM_DATE, True),
        ("2099-12-31", False),  # a real date
        ("9999-12-30", False),
        ("9999-99-99", False),  # a sentinel that is no date: an error where a date is read
        ("非长期", False),
        ("长期X", False),
        ("长期（自2020年起）", False),
        ("长", False),
        ("", False),
        ("   ", False),
        (None, False),
        ("无", False),  # a placeholder is not long-term
        ("-", False),
        ("/", False),
        ("null", False),
        (True, False),
        (0, False),
        (float("nan"), False),
        ([], False),
        (" " * 100_000 + "长期", True),  # long, but only white space around the marker
        ("长期" * 100_000, False),
    ],
)
def test_is_long_term(value: object, expected: bool) -> None:
    assert is_long_term(value) is expected


# --- Validity: ranges written in one string -------------------------------------------------

START, END = D(2020, 1, 1), D(2025, 12, 31)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020年01月01日至2025年12月31日", (START, END, False)),
        ("2020-01-01 至 2025-12-31", (START, END, False)),
        ("2020.1.1-2025.12.31", (START, END, False)),
        ("2020-1-1-2025-12-31", (START, END, False)),
        ("20200101-20251231", (START, END, False)),
        ("自2020年1月1日至长期", (START, None, True)),
        ("2020-01-01~长期", (START, None, True)),
        ("2020-01-01 ～ 长期", (START, None, True)),
        ("2020.01.01—长期", (START, None, True)),
        ("2020.01.01－长期", (START, None, True)),
        ("2020-01-01至长 期", (START, None, True)),
        ("2020-01-01至（长期）", (START, None, True)),
        ("2020-01-01至长期。", (START, None, True)),
        ("2020-01-01至9999年12月31日", (START, None, True)),
        ("2020-01-01 至 9999-12-31", (START, None, True)),
        ("2020-01-01 至 2099-12-31", (START, D(2099, 12, 31), False)),  # a date, not long-term
        ("至2025年12月31日", (None, END, False)),
        ("有效期至：2025年12月31日", (None, END, False)),
        ("有效期至:2025-12-31", (None, END, False)),
        ("有效期：至2025年12月31日", (None, END, False)),
        ("有效期至2025年12月31日止", (None, END, False)),
        ("营业期限：2020年01月01日至长期", (START, None, True)),  # as printed on the licence
        ("营业期限 2020年01月01日 至 长期", (START, None, True)),
        ("营业期限自2020年01月01日至长期", (START, None, True)),
        ("经营期限：2020-01-01至2025-12-31", (START, END, False)),
        ("有效期限：2020年01月01日—2025年12月31日", (START, END, False)),
        ("自2020年01月01日起至2025年12月31日止", (START, END, False)),
        ("2020-01-01至2025-12-31。", (START, END, False)),
        ("2020/01/01 0:00:00 - 2025/12/31 0:00:00", (START, END, False)),  # Excel export
        ("2020-01-01/2025-12-31", (START, END, False)),  # Aliyun OpenTime "start/end"
        ("2020-01-01/9999-12-31", (START, None, True)),
        ("2020/01/01/2025/12/31", (START, END, False)),
        ("1577808000000/1767110400000", (START, END, False)),
        ("1577808000000~长期", (START, None, True)),
        ("\u200b2020-01-01至2025-12-31\u200b", (START, END, False)),
        ("长期", (None, None, True)),  # a long-term term alone: long-term, start unknown
        ("有效期：长期", (None, None, True)),
        ("无固定期限", (None, None, True)),
        ("2020-01-01至", (START, None, False)),  # end left blank: unknown, not long-term
        ("2020-01-01~", (START, None, False)),
        (
            {"valid_from": "2020-01-01", "valid_to": "2025-12-31", "long_term": None},
            (START, END, False),
        ),
        (
            {"valid_from": "2020-01-01", "valid_to": "2025-12-31", "long_term": ""},
            (START, END, False),
        ),
        (
            {"valid_from": "2020-01-01", "valid_to": "2025-12-31", "long_term": "否"},
            (START, END, False),
        ),
        ({"valid_from": "2020-01-01", "valid_to": "", "long_term": "是"}, (START, None, True)),
        ({"valid_from": "2020-01-01", "valid_to": "长期", "long_term": ""}, (START, None, True)),
        ({"valid_from": "2020-01-01", "valid_to": LONG_TERM_SECONDS}, (START, None, True)),
        ({"valid_from": "2020-01-01", "valid_to": None}, (START, None, False)),
    ],
)
def test_validity_reads(value: object, expected: tuple[Any, Any, bool]) -> None:
    validity = Validity.model_validate(value)
    assert (validity.valid_from, validity.valid_to, validity.long_term) == expected


@pytest.mark.parametrize(
    ("value", "loc", "fragment"),
    [
        ("2020-01-01至2024年2月30日", ("valid_to",), "'2024年2月30日'"),  # not clamped
        ("2024年2月30日至2029年2月28日", ("valid_from",), "'2024年2月30日'"),
        ("2020-01-01至无", ("valid_to",), "'无'"),  # a placeholder is not an end date
        ("2020-01-01至-", ("valid_to",), "'-'"),
        ("2020-01-01至/", ("valid_to",), "'/'"),
        ("2020-01-01至null", ("valid_to",), "'null'"),
        ("2020-01-01至03/04/2025", ("valid_to",), "ambiguous"),
        ("2025-12-31至2020-01-01", (), "valid_from (2025-12-31) is after valid_to (2020-01-01)"),
        ("2020-01-01至2025-12-31至2030-12-31", (), "too many separators"),
        ("2020-01-01", (), "expected two dates"),  # one date: start or end?
        ("2020-01-01 2025-12-31", (), "expected two dates"),
        ("2020-01-01 to 2025-12-31", (), "expected two dates"),
        ("-" * 100_000, (), "longer than 256 characters"),  # refused before it is scanned
        ("2020-01-01-" * 1_000, (), "longer than 256 characters"),
        ("/" * 256, (), "expected two dates"),
        (
            {"valid_from": "2020-01-01", "valid_to": "长期", "long_term": "否"},
            (),
            "but long_term is false",
        ),
        (
            {"valid_from": "2020-01-01", "valid_to": "2025-12-31", "long_term": "是"},
            (),
            "long_term is true",
        ),
        (
            {"valid_from": "2020-01-01", "valid_to": "2025-12-31", "long_term": "maybe"},
            ("long_term",),
            "boolean",
        ),
        ({"valid_from": "长期", "valid_to": "2025-12-31"}, ("valid_from",), "long-term"),
        ({"valid_from": "2020-01-01", "valid_to": True}, ("valid_to",), "bool"),
    ],
)
def test_validity_errors_name_the_field(value: object, loc: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        Validity.model_validate(value)
    error = info.value.errors()[0]
    assert error["loc"] == loc
    assert fragment in error["msg"]


def test_a_one_day_term_and_leap_days() -> None:
    one_day = Validity.model_validate("2024-02-29至2024-02-29")
    assert (one_day.valid_from, one_day.valid_to) == (D(2024, 2, 29), D(2024, 2, 29))
    assert not one_day.is_expired(D(2024, 2, 29))
    assert one_day.is_expired(D(2024, 3, 1))
    assert one_day.days_left(D(2024, 2, 28)) == 1


# --- documents: the period given twice ----------------------------------------------------------

BASE = {"kind": "food_business", "number": JY}


def _validity(**fields: Any) -> Validity:
    document = DOCUMENTS.validate_python({**BASE, **fields})
    assert document.validity is not None
    return document.validity


@pytest.mark.parametrize(
    "fields",
    [
        {"validity": "2020.01.01-2025.12.31", "valid_to": "2025年12月31日"},  # same, other form
        {"validity": "2020.01.01-2025.12.31", "valid_from": 1577808000000},
        {"validity": "2020.01.01至", "valid_to": "2025-12-31"},  # fills the blank end
        {"validity": ["2020-01-01", ""], "valid_to": "2025-12-31"},  # fills a pair's end
        {"validity": ["2020-01-01", "2025-12-31"], "valid_to": "20251231"},
        {"validity": {"valid_from": "2020-01-01"}, "valid_to": "2025/12/31"},
        {"validity": Validity(valid_from=START), "valid_to": "2025-12-31"},
        {"validity": "2020.01.01-2025.12.31", "valid_to": "", "long_term": None},  # empty cells
        {"validity": "2020.01.01-2025.12.31", "long_term": False},
        {"validity": "2020.01.01-2025.12.31", "long_term": "否"},
        {"valid_from": "2020-01-01", "valid_to": "2025-12-31", "long_term": ""},  # CSV columns
    ],
)
def test_a_period_given_twice_the_same_way_is_merged(fields: dict[str, Any]) -> None:
    assert _validity(**fields) == Validity(valid_from=START, valid_to=END)


@pytest.mark.parametrize(
    "fields",
    [
        {"validity": "2020.01.01至长期", "long_term": True},
        {"validity": "2020.01.01至长期", "long_term": "是"},
        {"validity": "2020.01.01至长期", "valid_to": "9999-12-31"},
        {"validity": {"valid_from": "2020-01-01", "long_term": "yes"}, "long_term": True},
        {"validity": "2020.01.01至", "long_term": True},
        {"validity": "长期", "valid_from": "2020-01-01"},
    ],
)
def test_a_long_term_period_given_twice_is_merged(fields: dict[str, Any]) -> None:
    assert _validity(**fields) == Validity(valid_from=START, long_term=True)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"validity": "2020.01.01-2025.12.31", "valid_to": "2030-12-31"}, "valid_to"),
        ({"validity": "2020.01.01-2025.12.31", "valid_from": "2021-01-01"}, "valid_from"),
        ({"validity": "2020.01.01-2025.12.31", "valid_to": "长期"}, "valid_to"),
        ({"validity": "2020.01.01-2025.12.31", "valid_to": "garbage"}, "valid_to"),
        ({"validity": "2020.01.01-2025.12.31", "long_term": True}, "long_term"),
        ({"validity": "2020.01.01-2025.12.31", "long_term": "是"}, "long_term"),
        ({"validity": "2020.01.01至长期", "long_term": False}, "long_term"),
        ({"validity": "2020.01.01至长期", "valid_to": "2025-12-31"}, "valid_to"),
        (
            {"validity": {"valid_from": "2020-01-01", "long_term": True}, "valid_to": "2025-12-31"},
            "valid_to",
        ),
        (
            {"validity": {"valid_from": "2020-01-01", "long_term": False}, "valid_to": "长期"},
            "valid_to",
        ),
        ({"validity": ["2020-01-01", "2025-12-31"], "valid_to": "2030-12-31"}, "valid_to"),
        (
            {"validity": Validity(valid_from=START, valid_to=END), "valid_to": "2030-12-31"},
            "valid_to",
        ),
        (
            {"validity": Validity(valid_from=START, long_term=True), "valid_to": "2025-12-31"},
            "valid_to",
        ),
    ],
)
def test_a_period_given_twice_differently_is_a_conflict(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        DOCUMENTS.validate_python({**BASE, **fields})
    errors = info.value.errors()
    assert [error["type"] for error in errors] == ["validity_conflict"]
    assert errors[0]["ctx"]["field"] == field
    assert f"{field} is given twice, differently" in errors[0]["msg"]


def test_dates_of_a_document_are_errors_naming_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        DOCUMENTS.validate_python(
            {**BASE, "issue_date": "2024年2月30日", "validity": "2020.01.01-2025.12.31"}
        )
    error = info.value.errors()[0]
    assert error["loc"][-1] == "issue_date"
    assert "2024年2月30日" in error["msg"]
    assert DATES.validate_python("") is None


# --- end to end: qualcheck.verify ---------------------------------------------------------------


def _seller(business: dict[str, Any], food: dict[str, Any]) -> dict[str, Any]:
    return {
        "merchant_id": "audit-dates",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "categories": ["预包装食品", "散装食品"],
        "documents": [
            {"kind": "business_license", "number": USCC, "holder_name": NAME, **business},
            {
                "kind": "food_business",
                "number": JY,
                "holder_name": NAME,
                "holder_uscc": USCC,
                **food,
            },
        ],
    }


LONG_TERM_LICENCE = {"validity": "2019-04-02至长期"}
FOOD_LICENCE = {"valid_from": "2023.06.12", "valid_to": "2028.06.11"}


UNREADABLE_END = [
    ("record.invalid_value", "$.documents[1].valid_to"),
    ("license.validity_missing", "$.documents[1].validity"),
]
UNREADABLE_PERIOD = [
    ("record.invalid_value", "$.documents[1].validity"),
    ("license.validity_missing", "$.documents[1].validity"),
]


def _codes(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


def test_the_seller_passes_as_built() -> None:
    report = verify(_seller(LONG_TERM_LICENCE, FOOD_LICENCE), as_of=AS_OF)
    assert report.decision is Decision.PASS, _codes(report)


@pytest.mark.parametrize(
    "business",
    [
        {"validity": "2019-04-02至长 期"},
        {"validity": "营业期限：2019年04月02日至（长期）"},
        {"validity": "长期"},
        {"validity": "2019-04-02/9999-12-31"},
        {"valid_from": "2019-04-02", "valid_to": "无固定期限"},
        {"valid_from": "2019-04-02", "valid_to": "9999年12月31日"},
        {"valid_from": "2019-04-02", "valid_to": LONG_TERM_MILLIS},
        {"valid_from": "2019-04-02", "valid_to": LONG_TERM_SECONDS},  # not 1978-01-12
        {"valid_from": "2019-04-02", "valid_to": "", "long_term": True},  # empty + flag
        {"valid_from": "2019-04-02", "valid_to": None, "long_term": "是"},
        {"valid_from": 1554134400000, "valid_to": "长期", "long_term": None},
    ],
)
def test_long_term_business_licences_pass(business: dict[str, Any]) -> None:
    report = verify(_seller(business, FOOD_LICENCE), as_of=AS_OF)
    assert report.decision is Decision.PASS, _codes(report)


@pytest.mark.parametrize(
    "end",
    [None, "", "   ", "null", "None", "无", "-", "/", "—", "N/A", "0000-00-00", True, False, 0],
)
def test_an_empty_or_placeholder_end_never_passes(end: object) -> None:
    """No end date and no long-term flag: a missing term (review), never valid forever."""
    for business, food in (
        ({"valid_from": "2019-04-02", "valid_to": end}, FOOD_LICENCE),
        (LONG_TERM_LICENCE, {"valid_from": "2023.06.12", "valid_to": end}),
        (LONG_TERM_LICENCE, {"validity": {"valid_from": "2023.06.12", "valid_to": end}}),
    ):
        report = verify(_seller(business, food), as_of=AS_OF)
        assert report.decision is Decision.REVIEW, _codes(report)
        assert "license.validity_missing" in report.codes
    report = verify(
        _seller(LONG_TERM_LICENCE, {"validity": f"2023.06.12至{end or ''}"}), as_of=AS_OF
    )
    assert report.decision is Decision.REVIEW, _codes(report)


@pytest.mark.parametrize(
    ("food", "decision", "expected"),
    [
        # the end date read right, in each form: expired, expiring soon, in force
        (
            {"validity": "2021年06月12日至2026年06月11日"},
            Decision.FAIL,
            [("license.expired", "$.documents[1].validity.valid_to")],
        ),
        (
            {"valid_from": "2021.6.12", "valid_to": 1781107200000},
            Decision.FAIL,  # 2026-06-11
            [("license.expired", "$.documents[1].validity.valid_to")],
        ),
        (
            {"valid_from": "2021.6.12", "valid_to": "2026/6/11 0:00:00"},
            Decision.FAIL,
            [("license.expired", "$.documents[1].validity.valid_to")],
        ),
        (
            {"validity": "有效期至：2026年12月10日"},
            Decision.REVIEW,
            [("license.expiring_soon", "$.documents[1].validity.valid_to")],
        ),
        ({"validity": "2023-06-12/2028-06-11"}, Decision.PASS, []),
        (
            {"valid_from": "二〇二三年六月十二日", "valid_to": "二〇二八年六月十一日"},
            Decision.PASS,
            [],
        ),
        # a long-term or over-long term on a five-year licence: review, not a pass
        (
            {"validity": "2023-06-12至长期"},
            Decision.REVIEW,
            [("license.long_term_unexpected", "$.documents[1].validity")],
        ),
        (
            {"valid_from": "2023-06-12", "valid_to": LONG_TERM_SECONDS},
            Decision.REVIEW,
            [("license.long_term_unexpected", "$.documents[1].validity")],
        ),
        (
            {"valid_from": "2023-06-12", "valid_to": "2099-12-31"},
            Decision.REVIEW,
            [("license.term_too_long", "$.documents[1].validity")],
        ),
        # unreadable ends: an error naming the field, then a missing term (review)
        (
            {"valid_from": "2023-06-12", "valid_to": "2028年2月30日"},
            Decision.REVIEW,
            UNREADABLE_END,
        ),
        (
            {"validity": "2023年6月12日至2028年2月30日"},
            Decision.REVIEW,
            [
                ("record.invalid_value", "$.documents[1].validity.valid_to"),
                ("license.validity_missing", "$.documents[1].validity"),
            ],
        ),
        (
            {"valid_from": "2023-06-12", "valid_to": 45292},
            Decision.REVIEW,  # not 1970
            UNREADABLE_END,
        ),
        (
            {"valid_from": "2023-06-12", "valid_to": "06/11/2028"},
            Decision.REVIEW,
            UNREADABLE_END,
        ),
        (
            {"valid_from": "2023-06-12", "valid_to": "28-06-11"},
            Decision.REVIEW,
            UNREADABLE_END,
        ),
        (
            {"valid_from": "2023-06-12", "valid_to": "202806110000"},
            Decision.REVIEW,
            UNREADABLE_END,
        ),
        ({"valid_to": PHONE}, Decision.REVIEW, UNREADABLE_END),  # not "expired in 1970"
        (
            {"valid_from": "2028-06-11", "valid_to": "2023-06-12"},
            Decision.REVIEW,  # reversed
            UNREADABLE_PERIOD,
        ),
        (
            {"valid_from": "2023-06-12", "valid_to": "2028-06-11", "long_term": True},
            Decision.REVIEW,
            UNREADABLE_PERIOD,
        ),
        (
            {"validity": "-" * 100_000},
            Decision.REVIEW,
            UNREADABLE_PERIOD,
        ),
        # a start in the future
        (
            {"valid_from": "2027年1月1日", "valid_to": "2031年12月31日"},
            Decision.FAIL,
            [("license.not_yet_valid", "$.documents[1].validity.valid_from")],
        ),
        (
            {"validity": "2023.06.12-2028.06.11", "issue_date": "2026年12月1日"},
            Decision.FAIL,
            [("license.issue_date_future", "$.documents[1].issue_date")],
        ),
    ],
)
def test_food_licence_end_to_end(
    food: dict[str, Any], decision: Decision, expected: list[tuple[str, str]]
) -> None:
    report = verify(_seller(LONG_TERM_LICENCE, food), as_of=AS_OF)
    assert _codes(report) == expected
    assert report.decision is decision


def test_the_expiry_is_reported_with_the_date_as_read() -> None:
    food = {"valid_from": "2021.6.12", "valid_to": 1781107200000}
    finding = verify(_seller(LONG_TERM_LICENCE, food), as_of=AS_OF).findings[0]
    assert finding.ctx["valid_to"] == D(2026, 6, 11)
    assert finding.ctx["days"] == (AS_OF - D(2026, 6, 11)).days


def test_an_impossible_date_is_named_in_the_finding() -> None:
    food = {"valid_from": "2023-06-12", "valid_to": "2028年2月30日"}
    finding = verify(_seller(LONG_TERM_LICENCE, food), as_of=AS_OF).findings[0]
    assert finding.ctx["field"] == "valid_to"
    assert "2028年2月30日" in finding.message
    assert "day is out of range" in finding.message


@pytest.mark.parametrize(
    ("business", "decision", "expected"),
    [
        # an expired licence with a long-term flag next to it: the flag contradicts the
        # period, is reported, and the licence is judged by its period — expired
        (
            {"validity": "2019.04.02-2024.04.01", "long_term": True},
            Decision.FAIL,
            [
                ("record.invalid_value", "$.documents[0].long_term"),
                ("license.expired", "$.documents[0].validity.valid_to"),
            ],
        ),
        (
            {"validity": ["2019-04-02", "2024-04-01"], "long_term": "是"},
            Decision.FAIL,
            [
                ("record.invalid_value", "$.documents[0].long_term"),
                ("license.expired", "$.documents[0].validity.valid_to"),
            ],
        ),
        # a pair in force and an expired end next to it: neither is silently dropped
        (
            {"validity": ["2019-04-02", "2030-04-01"], "valid_to": "2024-04-01"},
            Decision.REVIEW,
            [("record.invalid_value", "$.documents[0].valid_to")],
        ),
        (
            {"validity": "2019.04.02-2030.04.01", "valid_to": "2024-04-01"},
            Decision.REVIEW,
            [("record.invalid_value", "$.documents[0].valid_to")],
        ),
        # a pair without an end, completed by the top-level end: expired
        (
            {"validity": ["2019-04-02", ""], "valid_to": "2024-04-01"},
            Decision.FAIL,
            [("license.expired", "$.documents[0].validity.valid_to")],
        ),
        # a long-term period and a contradicting flag: reported, judged long-term
        (
            {"validity": "2019.04.02至长期", "long_term": False},
            Decision.REVIEW,
            [("record.invalid_value", "$.documents[0].long_term")],
        ),
        (
            {"validity": {"valid_from": "2019-04-02", "long_term": True}, "valid_to": "2024-04-01"},
            Decision.REVIEW,
            [("record.invalid_value", "$.documents[0].valid_to")],
        ),
        # CSV columns with an empty long_term cell
        (
            {"valid_from": "2019-04-02", "valid_to": "2024-04-01", "long_term": ""},
            Decision.FAIL,
            [("license.expired", "$.documents[0].validity.valid_to")],
        ),
        (
            {"valid_from": "2019-04-02", "valid_to": "2030-04-01", "long_term": None},
            Decision.PASS,
            [],
        ),
    ],
)
def test_business_licence_period_given_twice_end_to_end(
    business: dict[str, Any], decision: Decision, expected: list[tuple[str, str]]
) -> None:
    report = verify(_seller(business, FOOD_LICENCE), as_of=AS_OF)
    assert _codes(report) == expected
    assert report.decision is decision


def test_the_callers_record_is_not_changed() -> None:
    record = _seller({"validity": "2019.04.02-2024.04.01", "long_term": True}, FOOD_LICENCE)
    before = repr(record)
    verify(record, as_of=AS_OF)
    assert repr(record) == before
