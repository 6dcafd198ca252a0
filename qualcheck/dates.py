"""Dates as written on Chinese documents and returned by registries, and validity periods.

:func:`parse_date` reads the forms found on licences, in spreadsheets and in registry
responses; :class:`Validity` holds a document's validity period, with an explicit
long-term flag; :data:`ChinaDate` and :data:`OptionalChinaDate` are pydantic field types
that read dates with :func:`parse_date`.

Accepted forms (full-width digits and punctuation are folded first):

=================================  ===================================================
form                               notes
=================================  ===================================================
``2024-11-23``, ``2024-1-3``       also ``2024.11.23`` and ``2024/11/23`` (the same
                                   separator twice, white space around it as OCR
                                   reads it: ``2024. 11. 23``); always year first
``2024年11月23日``                  also ``2024年1月3日``, ``2024年11月23号``, spaces
                                   between the parts, ``曰`` (OCR's reading of ``日``),
                                   and Chinese numerals (``二〇二四年十一月二十三日``;
                                   the year's ``〇`` also written ``0`` or ``O``), each
                                   part in digits or numerals (``2020年一月一日``),
                                   ``元月`` for January; a full stop after a date
                                   (``2024.11.23.``, ``2024年11月23日。``) is dropped.
                                   The lunar ``正月``, ``初一``, ``廿`` are not read
``20241123``                       eight digits, ``YYYYMMDD``; fourteen,
                                   ``YYYYMMDDhhmmss``
``2024-11-23 星期六``               a Chinese weekday after a date (``周六``, in
                                   brackets too) must be the date's
``2024-11-23T10:30:00+08:00``      a date in any of the forms above followed by a time
                                   (``T`` or space; ``2024/11/23 0:00:00`` too); a time
                                   with an offset is converted to China time (UTC+8)
                                   before its date is taken (``2024-11-23T16:00:00Z``
                                   is 2024-11-24); Java's zone name after the offset
                                   (``+08:00[Asia/Shanghai]``) is allowed.  ``24:00``
                                   (the end of the day, or the next?) is refused
``1732291200000``                  a Unix timestamp in China time: 12–13 digits are
                                   milliseconds, 9–10 digits seconds (so dates from
                                   1973 on work both ways); also ``int``, ``float``,
                                   ``Decimal`` and text with a fraction
                                   (``1732291200000.0``, as CSV exports write floats).
                                   Scientific notation (``1.73229E+12``) is refused:
                                   a spreadsheet shows long numbers so, digits lost.
                                   11 digits (milliseconds of 1970–1973, or a mobile
                                   phone number) are rejected.
                                   12 digits that also read as ``YYYYMMDDhhmm`` are
                                   rejected as ambiguous; 9999-12-31 as a timestamp
                                   (seconds or milliseconds) is read as that date
``/Date(1732291200000+0800)/``     .NET's JSON date: milliseconds since 1970-01-01
                                   UTC (the offset names the writer's zone and does
                                   not change the instant), the date in China;
                                   ``/Date(0)/`` is refused
``Nov 23, 2024``                   an English month name with one day and a four-digit
                                   year (read by python-dateutil); a weekday, if
                                   given, must be the date's
``datetime.date`` / ``datetime``   a ``datetime`` gives its date (an aware one in China
                                   time)
=================================  ===================================================

``None``, ``""`` and white space give ``None``.  Anything else raises ``ValueError``
naming the input.  The day/month order of ``03/04/2024`` cannot be known, so such dates
are rejected, never guessed; so are two-digit years, a spreadsheet's serial day numbers
(``45292``) and placeholders such as ``无``, ``-`` or ``null``.  Dates before 1900 are
refused in every form: no document carries one, and ``0001-01-01`` is a program's empty
value (.NET's ``DateTime.MinValue``, Go's zero time), not a date.  Far dates
(``2099-12-31``, ``2999-12-31``) are the dates they say: only 9999-12-31 means long-term.

Long-term markers (``长期``, ``长期有效``, ``无固定期限``, ``永久``, ``永久有效``,
``无期限``, ``无限期``, ``不约定期限``,
``long-term``, ``permanent`` — also spaced, bracketed or with a full stop: ``长 期``,
``（长期）``, ``长期。`` — and the date 9999-12-31 in any form) are recognised by
:func:`is_long_term`; in a validity period they set ``long_term`` and leave ``valid_to``
empty.

>>> parse_date("２０２４年１１月２３日")
datetime.date(2024, 11, 23)
>>> parse_date(1732291200000)
datetime.date(2024, 11, 23)
>>> parse_date("03/04/2024")
Traceback (most recent call last):
    ...
qualcheck.exceptions.UnreadableValue: cannot read a date from '03/04/2024': ...
>>> is_long_term("无固定期限"), is_long_term("9999年12月31日"), is_long_term("2024-11-23")
(True, True, False)
>>> v = Validity.model_validate("2019年03月01日起至2024年02月28日止")
>>> v.valid_from, v.valid_to, v.long_term
(datetime.date(2019, 3, 1), datetime.date(2024, 2, 28), False)
>>> v.days_left(datetime.date(2024, 2, 1)), v.is_expired(datetime.date(2024, 2, 29))
(27, True)
>>> Validity.model_validate("2020/01/01~长期")
Validity(valid_from=datetime.date(2020, 1, 1), valid_to=None, long_term=True)
"""

from __future__ import annotations

import datetime
import decimal
import functools
import json
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from qualcheck._codes import type_zh
from qualcheck._scrub import scrub
from qualcheck._spelling import DOCUMENT_NAMES_ZH, Spellings, respell
from qualcheck.exceptions import UnreadableValue
from qualcheck.numbers._dates import CHINA, resolve

__all__ = [
    "LONG_TERM_DATE",
    "LONG_TERM_TOKENS",
    "ChinaDate",
    "OptionalChinaDate",
    "Validity",
    "is_long_term",
    "parse_date",
]

LONG_TERM_DATE = datetime.date(9999, 12, 31)
"""The end date some registries and forms write for "no end" (``datetime.date.max``)."""

LONG_TERM_TOKENS: frozenset[str] = frozenset(
    {
        "长期",
        "长期有效",
        "无固定期限",
        "永久",
        "永久有效",
        "長期",
        "長期有效",
        "無固定期限",
        "无期限",
        "無期限",
        "无限期",
        "無限期",
        "不约定期限",
        "不約定期限",
        "long-term",
        "long term",
        "longterm",
        "permanent",
    }
)
"""Words meaning "no end date" (compared after NFKC and lower-casing, without white space,
enclosing brackets or quotes and trailing punctuation: ``长 期``, ``（长期）``, ``长期。``)."""

_MAX_LENGTH = 64
_MAX_INPUT = 256  # longer text is neither a date nor a range: not remembered, not scanned
_EPOCH_CHINA = datetime.datetime(1970, 1, 1, 8, 0)  # the Unix epoch in China time
_DASHES = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"),
        # zero-width characters and the soft hyphen: invisible, copied in from web pages
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff"),
    }
)
_SPACES = re.compile(r"\s+")

# A time after the date: "T" or spaces, then whatever dateutil's ISO time parser reads.
_TIME = r"(?:(?:T|\s+)(?P<time>[0-9].*))?"
# White space around the separators, as OCR reads a printed date: 2015. 03. 02
_YMD = re.compile(
    r"(?P<y>[0-9]{4})\s*(?P<sep>[-./])\s*(?P<m>[0-9]{1,2})\s*(?P=sep)\s*(?P<d>[0-9]{1,2})" + _TIME
)
# 曰 for 日: the two differ by one stroke, and OCR often reads one for the other
_CHINESE = re.compile(
    r"(?P<y>[0-9]{4})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*[日号曰]?"
    r"(?:(?:T|\s+|(?<=[日号曰]))(?P<time>[0-9].*))?"
)
_COMPACT_WITH_TIME = re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})T(?P<time>.+)")
_NUMERALS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# A year's 〇 is also written 0 or O, by hand and by OCR (二0二0年, 二O二O年): read so only
# among Chinese numerals (a year of 〇, 0 and O alone is no year).  Each part may be in
# Chinese numerals or in digits (2020年一月一日, 二〇二〇年1月1日), a month or day with the
# year's leading 〇 (〇一月), and January 元月 (元月 is January of the calendar in dates;
# 正月 and 初一 are the lunar calendar's, and not read).
_O_AS_ZERO = str.maketrans("Oo", "00")
_NUMERAL_YEAR = re.compile("[一二三四五六七八九]")
_NUMERAL_PART = r"[0-9]{1,2}|[〇○零][一二三四五六七八九]|[一二三四五六七八九十]{1,3}"
_CHINESE_NUMERALS = re.compile(
    r"(?P<y>[0-9]{4}|[〇○零一二三四五六七八九0Oo]{4})\s*年"
    rf"\s*(?P<m>元|{_NUMERAL_PART})\s*月\s*(?P<d>{_NUMERAL_PART})\s*[日号曰]?"
)
_SIGNED_DIGITS = re.compile(r"[-+]?[0-9]+")
# A number with a fraction, as a CSV export writes a float column: 1732291200000.0
_SIGNED_DECIMAL = re.compile(r"(?P<int>[-+]?[0-9]+)\.(?P<fraction>[0-9]+)")
_SCIENTIFIC = re.compile(r"(?i)[-+]?[0-9]+(?:\.[0-9]*)?e[-+]?[0-9]+")
# .NET's JSON date (ASP.NET, WCF): milliseconds since 1970-01-01 UTC, then the writer's
# offset (which does not change the instant); JSON's escaped \/ kept by some exports.
_DOTNET = re.compile(r"\\?/Date\((?P<ms>[-+]?[0-9]{1,16})(?:[+-][0-9]{4})?\)\\?/")
# A full stop closing a date in a sentence or a list: 2024.11.23. 2024年11月23日。
_FULL_STOP = re.compile(r"(?<=[0-9日号曰])\s*[.。]+$")
# An ISO time of 24:00 (24:00:00, 2400), the end of a day: which date it belongs to is not
# said.  No other time starts with 24: hours are two digits once padded.
_HOUR_24 = re.compile(r"^24")
# Java's ZonedDateTime.toString(): the zone's name in brackets after the offset
_ZONE_ID = re.compile(r"(?<=[0-9Z])\[[A-Za-z][A-Za-z0-9_/+-]*\]$")
_OFFSET_END = re.compile(r"(?:[+-][0-9]{2}(?::?[0-9]{2})?|Z)$")
_ONE_DIGIT_HOUR = re.compile(r"^([0-9])(?=:)")
_DAY_FIRST = re.compile(r"[0-9]{1,2}[-./][0-9]{1,2}[-./][0-9]{2,4}")
_MONTH_NAME = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")
_YEAR = re.compile(r"\b[0-9]{4}\b")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
# A Chinese weekday after a date (Excel's long date format, forms): 星期六, 周六, 礼拜六,
# alone or in brackets, at the end.
_CHINESE_WEEKDAY = re.compile(r"\s*[(（]?(?:星期|周|礼拜)(?P<day>[一二三四五六日天])[)）]?$")
_WEEKDAY = re.compile(r"(?i)\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b")
_CLOCK = re.compile(r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?")
_OFFSET = re.compile(r"(?i)(?:(?<=\s)|(?<=utc)|(?<=gmt))[+-][0-9]{2}:?[0-9]{2}\b")
_NUMBER = re.compile(r"[0-9]+")
_ZONE_BEFORE_OFFSET = re.compile(r"(?i)\b(?:gmt|utc)(?=[+-][0-9])")
_UTC_NAMES = frozenset({"UTC", "GMT", "UT", "Z"})
_TRUE_WORDS = frozenset({"true", "1", "yes", "on", "y", "t", "是"})
_FALSE_WORDS = frozenset({"false", "0", "no", "off", "n", "f", "否"})
_ENCLOSING = re.compile(r"^[(\[{<【〔「『“‘《\"']+|[)\]}>】〕」』”’》\"']+$")
_TRAILING = re.compile(r"[.。;,!?]+$")
_BARE_TOKENS = frozenset(_SPACES.sub("", token) for token in LONG_TERM_TOKENS)


def _bare(text: str) -> str:
    """``text`` normalised and lower-cased, without white space, trailing punctuation and
    enclosing brackets or quotes: the form a long-term word is recognised in."""
    text = _TRAILING.sub("", _SPACES.sub("", _normalise(text)).lower())
    return _TRAILING.sub("", _ENCLOSING.sub("", text))


def _show(value: object) -> str:
    """``value`` as the messages quote it: its ``repr`` with personal numbers masked
    (a date field may hold a phone or ID number), then cut to 60 characters — masked
    first, so that a cut never leaves part of a number unmasked.

    >>> _show("139 1234 5678"), _show("x" * 70)[-5:]
    ("'139 **** 5678'", 'xx...')
    """
    try:
        text = scrub(repr(value))
    except ValueError:  # an int too long to print
        return f"<{type(value).__name__} too long to show>"
    return text if len(text) <= 60 else text[:57] + "..."


def _show_zh(value: object) -> str:
    """``value`` as the Chinese messages quote it: text and numbers as :func:`_show`
    does, ``true``/``false``/``null``/``NaN``/``Infinity`` as JSON spells them, other
    values (a list, an object …) by what they are — never Python's spelling.

    >>> [_show_zh(v) for v in ("长期", 45292, True, None, float("nan"), [1], {"a": 1})]
    ['“长期”', '45292', '布尔值true', '空值（null）', 'NaN', '列表', '对象']
    >>> _show_zh("x" * 70)[-3:]
    'x…”'
    """
    if isinstance(value, str):
        return _quoted_zh(value)
    if isinstance(value, bool):
        return "布尔值true" if value else "布尔值false"
    if value is None:
        return "空值（null）"
    if isinstance(value, decimal.Decimal) and not value.is_finite():
        return "NaN" if value.is_nan() else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, (int, float, decimal.Decimal)):
        try:
            text = scrub(str(value))  # 13912345678 as a number is a phone number too
        except ValueError:  # an int too long to print
            return "位数过多的整数"
        return text if len(text) <= 60 else text[:57] + "..."
    return type_zh(value)


def _quoted_zh(text: str) -> str:
    """``text`` as :func:`_show` writes it (masked, escaped, cut), in Chinese quotes “…”
    rather than Python's."""
    shown = _show(text)
    if shown[:1] not in ("'", '"'):
        return shown
    if shown.endswith("...") and shown[-4:-3] != shown[0]:  # cut to 60 characters
        return f"“{shown[1:-3]}…”"
    return f"“{shown[1:-1]}”"


def _show_en(value: object) -> str:
    """A value that is not text or a number as JSON spells it (``[null]``, ``true``),
    never Python's ``None``/``True``; masked and cut as :func:`_show` does.

    >>> _show_en([None, True]), _show_en({"y": 1})
    ('[null, true]', '{"y": 1}')
    """
    try:
        text = scrub(json.dumps(value, ensure_ascii=False, default=str))
    except (TypeError, ValueError, RecursionError):  # a cycle, deep nesting, a huge int
        return _show(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _normalise(text: str) -> str:
    """NFKC (full-width → ASCII), hyphen-like dashes → ``-``, zero-width characters
    removed, trimmed."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return text.strip()


def _error(value: object, reason: str, reason_zh: str) -> UnreadableValue:
    shown = _show(value)  # text is quoted alike in both messages: masked once
    return UnreadableValue(
        f"cannot read a date from {shown}: {reason}",
        f"无法从{_show_zh(value)}读出日期：{reason_zh}",
    )


_CALENDAR_ZH = (
    ("day is out of range", "该月没有这一天"),
    ("month must be in", "月份应在1至12之间"),
    ("year", "年份超出范围"),
)


def _make_date(year: int, month: int, day: int, value: object) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        given = f"({year:04d}-{month:02d}-{day:02d})"
        zh = next((zh for start, zh in _CALENDAR_ZH if str(exc).startswith(start)), str(exc))
        raise _error(value, f"{exc} {given}", f"{zh}（{given[1:-1]}）") from None


def _in_china(moment: datetime.datetime) -> datetime.date:
    """The calendar date in China of ``moment`` (naive values are taken as China time)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.date()
    try:
        return moment.astimezone(CHINA).date()
    except OverflowError:  # after 9999-12-31 in China: as far as a date can go
        return datetime.date.max


def _with_time(day: datetime.date, time_text: str | None, value: object) -> datetime.date:
    if time_text is None:
        return day
    from dateutil.parser import isoparser

    # "10:00:00 +08:00" → "10:00:00+08:00": dateutil wants the offset attached; and
    # "0:00:00" → "00:00:00": spreadsheets and .NET write the hour without a leading zero.
    compact = re.sub(r"\s+(?=(?:[+-][0-9]{2}:?[0-9]{2}|Z)$)", "", time_text.strip())
    compact = _ONE_DIGIT_HOUR.sub(r"0\1", compact)
    zone_id = _ZONE_ID.search(compact)
    if zone_id is not None and _OFFSET_END.search(compact[: zone_id.start()]):
        compact = compact[: zone_id.start()]  # the offset fixes the instant
    if _HOUR_24.match(compact):
        raise _error(
            value,
            "24:00 ends the day written and begins the next one: which date is meant is not said",
            "24时既是当天的结束又是次日的开始，无法确定是哪一天",
        )
    try:
        time = isoparser().parse_isotime(compact)
    except ValueError as exc:
        raise _error(
            value,
            f"the time {time_text!r} is not an ISO 8601 time ({exc})",
            f"时间{_quoted_zh(time_text)}不是ISO 8601格式的时间",
        ) from None
    return _in_china(datetime.datetime.combine(day, time))


# 9999-12-31, the long-term end date, as a Unix timestamp in seconds: from midnight in
# China to the end of the day in UTC.  These 12-digit numbers would otherwise be read as
# milliseconds (05:30 in China on 1978-01-12, a time no document date carries).
_LONG_TERM_SECONDS = (253402185600, 253402300800)


def _is_long_term_timestamp(number: float) -> bool:
    """Whether ``number`` is 9999-12-31 as a Unix timestamp in seconds or milliseconds."""
    first, last = _LONG_TERM_SECONDS
    return first <= number < last or first * 1000 <= number < last * 1000


def _from_timestamp(number: float, digits: int, value: object) -> datetime.date:
    if _is_long_term_timestamp(number):
        return LONG_TERM_DATE
    if not 9 <= digits <= 13 or digits == 11:
        spreadsheet = digits == 5 and number > 0
        serial = (
            " (a spreadsheet's serial day number is not read: give the date as text)"
            if spreadsheet
            else ""
        )
        serial_zh = "（不读取电子表格的日期序号，请以文本填写日期）" if spreadsheet else ""
        raise _error(
            value,
            "a number is read as YYYYMMDD (8 digits), a Unix timestamp in seconds"
            " (9-10 digits) or in milliseconds (12-13 digits)" + serial,
            "数字按YYYYMMDD（8位）、以秒计的Unix时间戳（9-10位）或以毫秒计的时间戳（12-13位）读取"
            + serial_zh,
        )
    unit = "milliseconds" if digits >= 12 else "seconds"
    try:
        return (_EPOCH_CHINA + datetime.timedelta(**{unit: number})).date()
    except OverflowError:
        raise _error(value, "the timestamp is out of range", "时间戳超出范围") from None


_MAX_TIMESTAMP = 10**13  # 13 digits: a timestamp in milliseconds


def _is_compact_datetime(digits: str) -> bool:
    """Whether 12 digits read as a date and time ``YYYYMMDDhhmm`` of 1900-2099."""
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    try:
        datetime.datetime(year, month, day, int(digits[8:10]), int(digits[10:]))
    except ValueError:
        return False
    return 1900 <= year <= 2099


def _from_digits(text: str, value: object) -> datetime.date:
    digits = text.lstrip("+-")
    if len(digits) == 8 and digits == text:
        return _make_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]), value)
    if len(digits) == 14 and digits == text:  # YYYYMMDDhhmmss: no timestamp has 14 digits
        if int(digits[8:10]) > 23 or int(digits[10:12]) > 59 or int(digits[12:]) > 59:
            raise _error(
                value,
                "14 digits are read as YYYYMMDDhhmmss, and the time is not one",
                "14位数字按YYYYMMDDhhmmss读取，其中的时间无效",
            )
        return _make_date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]), value)
    if len(digits) == 12 and not text.startswith("-") and _is_compact_datetime(digits):
        raise _compact_error(value)
    return _from_timestamp(int(text), len(digits), value)


def _compact_error(value: object) -> UnreadableValue:
    return _error(
        value,
        "12 digits read both as a Unix timestamp in milliseconds and as YYYYMMDDhhmm;"
        " write the date as YYYY-MM-DD",
        "12位数字既可读作毫秒时间戳，也可读作YYYYMMDDhhmm，请写作YYYY-MM-DD",
    )


def _from_number(number: float, value: object) -> datetime.date:
    if _is_long_term_timestamp(number):
        return LONG_TERM_DATE
    if isinstance(number, int) and not -_MAX_TIMESTAMP < number < _MAX_TIMESTAMP:
        raise _error(
            value,
            "the number is too large to be a date or a timestamp",
            "数字过大，不是日期或时间戳",
        )
    if not math.isfinite(number):
        raise _error(value, "not a finite number", "不是有限的数字")
    if isinstance(number, float) and not number.is_integer():
        whole = str(int(abs(number)))
        if len(whole) == 12 and number > 0 and _is_compact_datetime(whole):
            raise _compact_error(value)
        return _from_timestamp(number, len(whole), value)
    return _from_digits(str(int(number)), value)


def _from_decimal_text(match: re.Match[str], value: object) -> datetime.date | None:
    """A number with a fraction written as text (``1732291200000.0``, as a CSV export
    writes a float column) read as that number would be; ``None`` when it is no timestamp
    and the fraction is not zero (``2024.11``: no date)."""
    if not match["fraction"].strip("0"):
        return _from_digits(match["int"], value)
    digits = len(match["int"].lstrip("+-"))
    if 9 <= digits <= 13 and digits != 11:
        return _from_number(float(match[0]), value)
    return None


def _from_dotnet(milliseconds: int, value: object) -> datetime.date:
    """``/Date(1732291200000)/``: milliseconds since the Unix epoch, the date in China."""
    first, last = _LONG_TERM_SECONDS
    if first * 1000 <= milliseconds < last * 1000:  # 9999-12-31 (DateTime.MaxValue too)
        return LONG_TERM_DATE
    if milliseconds == 0:
        raise _error(
            value,
            "the Unix epoch (0) is a program's empty value, not a date",
            "Unix纪元（0）是程序的空值，不是日期",
        )
    try:
        return (_EPOCH_CHINA + datetime.timedelta(milliseconds=milliseconds)).date()
    except OverflowError:
        raise _error(value, "the timestamp is out of range", "时间戳超出范围") from None


def _numeral_part(text: str, value: object) -> int:
    """A month or day of a Chinese date: digits, 元 (January), 〇一 … 〇九, 一 … 三十一."""
    if text.isascii():
        return int(text)
    if text == "元":
        return 1
    if text[0] in "〇○零":
        return _NUMERALS[text[1]]
    return _small_numeral(text, value)


def _small_numeral(text: str, value: object) -> int:
    """一 … 三十一 as an int."""
    tens_text, ten, ones_text = text.partition("十")
    if not ten:
        if len(text) != 1:
            raise _error(
                value,
                f"{text!r} is not a month or day in Chinese numerals",
                f"{_quoted_zh(text)}不是用汉字数字写的月份或日",
            )
        return _NUMERALS[text]
    if len(tens_text) > 1 or len(ones_text) > 1 or "十" in ones_text:
        raise _error(
            value,
            f"{text!r} is not a month or day in Chinese numerals",
            f"{_quoted_zh(text)}不是用汉字数字写的月份或日",
        )
    tens = _NUMERALS[tens_text] if tens_text else 1
    ones = _NUMERALS[ones_text] if ones_text else 0
    return tens * 10 + ones


def _zone(name: str | None, offset: int | None) -> datetime.tzinfo | None:
    """dateutil's ``tzinfos``: an offset as given, UTC by name, and any other zone name
    (``CST`` is China's and America's) ignored, so the time is China time like a time
    without a zone — never the zone of the machine, and no warning."""
    if offset is not None:
        return datetime.timezone(datetime.timedelta(seconds=offset))
    if name is not None and name.upper() in _UTC_NAMES:
        return datetime.timezone.utc
    return None


def _from_english(text: str, value: object) -> datetime.date:
    from dateutil import parser

    # "GMT+0800" (JavaScript's Date) means UTC+8, but dateutil reads it the POSIX way, as
    # UTC-8: the offset alone says what the writer meant.
    text = _ZONE_BEFORE_OFFSET.sub("", text)
    # dateutil takes any number it finds for some part ("Mar 5 6 2024" is 2006-03-05), so
    # the text must hold exactly one month name, one day and one four-digit year (besides
    # a time and an offset), and the result must have that year and day.
    numbers = _NUMBER.findall(_OFFSET.sub(" ", _CLOCK.sub(" ", text)))
    years = [number for number in numbers if len(number) == 4]
    days = [number for number in numbers if len(number) <= 2]
    if len(numbers) < 2:
        raise _error(value, "year, month and day are not all given", "年、月、日没有写全")
    if len(numbers) > 2 or len(years) != 1 or len(days) != 1 or len(_MONTH_NAME.findall(text)) != 1:
        raise _error(
            value,
            "an English date has one month name, one day and a four-digit year",
            "英文日期应有一个月份名称、一个日和一个四位年份",
        )
    # Parse twice with different defaults: a part missing from the text (no day, say)
    # would be filled from the default, so the two results would differ.
    try:
        first = parser.parse(text, default=datetime.datetime(2000, 1, 1), tzinfos=_zone)
        second = parser.parse(text, default=datetime.datetime(2001, 2, 2), tzinfos=_zone)
    except (ValueError, OverflowError) as exc:
        raise _error(value, str(exc), "无法识别的英文日期") from None
    if first.date() != second.date():
        raise _error(value, "year, month and day are not all given", "年、月、日没有写全")
    if (first.year, first.day) != (int(years[0]), int(days[0])):
        raise _error(value, "the year or the day is ambiguous", "年份或日有歧义")
    for match in _WEEKDAY.finditer(text):
        if match[1].lower() != _WEEKDAYS[first.weekday()]:
            raise _error(
                value,
                f"{first.date().isoformat()} is not a {match[0]}",
                f"{first.date().isoformat()}是{_WEEKDAYS_ZH[first.weekday()]}，不是{_quoted_zh(match[0])}",
            )
    return _in_china(first)


def _from_text(value: str) -> datetime.date | None:
    return _not_too_early(_read_text(value), value)


# No licence, filing or registry record is dated before 1900: an earlier date is a
# program's empty value (0001-01-01: .NET's DateTime.MinValue, Go's zero time, Python's
# date.min) or a typo (1024 for 2024), and read as a date it would make a document valid
# since, or expired in, that year.
_EARLIEST = datetime.date(1900, 1, 1)


def _not_too_early(day: datetime.date | None, value: object) -> datetime.date | None:
    if day is None or day >= _EARLIEST:
        return day
    raise _error(
        value,
        f"{day.isoformat()} is before 1900, a date no document carries"
        " (0001-01-01 is a program's empty value)",
        f"{day.isoformat()}早于1900年，证照不会有这样的日期（0001-01-01是程序的空值）",
    )


def _read_text(value: str) -> datetime.date | None:
    text = _normalise(value)
    if not text:
        return None
    if len(text) > _MAX_LENGTH:
        raise _error(value, f"longer than {_MAX_LENGTH} characters", f"超过{_MAX_LENGTH}个字符")
    text = _FULL_STOP.sub("", text)
    if _SIGNED_DIGITS.fullmatch(text):
        return _from_digits(text, value)
    match = _SIGNED_DECIMAL.fullmatch(text)
    if match is not None:
        day = _from_decimal_text(match, value)
        if day is not None:
            return day
    if _SCIENTIFIC.fullmatch(text):
        raise _error(
            value,
            "a number in scientific notation (as a spreadsheet shows a long number) may"
            " have lost digits: give the date as text",
            "科学计数法的数字（电子表格显示长数字的方式）可能丢失了位数，请以文本填写日期",
        )
    match = _DOTNET.fullmatch(text)
    if match is not None:
        return _from_dotnet(int(match["ms"]), value)
    weekday = _CHINESE_WEEKDAY.search(text)
    if weekday is not None:  # 2024-11-23 星期六, 2024年11月23日（周六）: the date must be one
        day = _read_text(text[: weekday.start()])
        if day is None:
            raise _error(value, "a weekday without a date", "只有星期，没有日期")
        if min("一二三四五六日天".index(weekday["day"]), 6) != day.weekday():
            raise _error(
                value,
                f"{day.isoformat()} is not a {weekday[0].strip()}",
                f"{day.isoformat()}不是{weekday[0].strip()}",
            )
        return day
    for pattern in (_YMD, _CHINESE, _COMPACT_WITH_TIME):
        match = pattern.fullmatch(text)
        if match is not None:
            day = _make_date(int(match["y"]), int(match["m"]), int(match["d"]), value)
            return _with_time(day, match["time"], value)
    match = _CHINESE_NUMERALS.fullmatch(text)
    if match is not None and (match["y"].isdecimal() or _NUMERAL_YEAR.search(match["y"])):
        digits = match["y"].translate(_O_AS_ZERO)  # a year's 〇 written O
        year = int("".join(str(_NUMERALS.get(char, char)) for char in digits))
        month = _numeral_part(match["m"], value)
        return _make_date(year, month, _numeral_part(match["d"], value), value)
    if _bare(text) in _BARE_TOKENS:
        raise _error(
            value,
            "it means long-term (no end date), not a date; see is_long_term",
            "这表示长期有效（没有截止日期），不是日期",
        )
    if _DAY_FIRST.match(text):
        raise _error(
            value,
            "day and month order is ambiguous; write the year first (YYYY-MM-DD)",
            "日和月的先后有歧义，请把年份写在前面（YYYY-MM-DD）",
        )
    if _MONTH_NAME.search(text) and _YEAR.search(text):
        return _from_english(text, value)
    raise _error(
        value,
        "not a recognised date format (e.g. 2024-11-23, 2024年11月23日)",
        "不是可识别的日期格式（例如2024-11-23、2024年11月23日）",
    )


def parse_date(value: object) -> datetime.date | None:
    """Read a date from ``value``; ``None`` for ``None``, ``""`` and white space.

    Raises ``ValueError`` naming the input when it is not a date in one of the
    accepted forms (see the module documentation).

    >>> parse_date("2024.1.3"), parse_date("2024年11月23号"), parse_date("20240229")
    (datetime.date(2024, 1, 3), datetime.date(2024, 11, 23), datetime.date(2024, 2, 29))
    >>> parse_date("2024-11-22T16:30:00Z")  # 00:30 on the 23rd in China
    datetime.date(2024, 11, 23)
    >>> parse_date("  ") is None
    True
    >>> parse_date("2023-02-29")
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.UnreadableValue: cannot read a date from '2023-02-29': day is out ...
    """
    if type(value) is str:  # the common case first
        return _from_text_cached(value) if len(value) <= _MAX_INPUT else _from_text(value)
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return _not_too_early(_in_china(value), value)
    if isinstance(value, datetime.date):
        return _not_too_early(value, value)
    if isinstance(value, str):
        return parse_date(str(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _not_too_early(_from_number(value, value), value)
    if isinstance(value, decimal.Decimal):  # json.loads(..., parse_float=Decimal)
        if not value.is_finite():
            raise _error(value, "not a finite number", "不是有限的数字")
        number = int(value) if value == value.to_integral_value() else float(value)
        return _not_too_early(_from_number(number, value), value)
    raise UnreadableValue(
        f"cannot read a date from {type(value).__name__} {_show_en(value)}",
        f"无法从{_show_zh(value)}读出日期：应为文本或数字",
    )


@functools.lru_cache(maxsize=8192)
def _from_text_cached(text: str) -> datetime.date | None:
    """:func:`_from_text`, remembered: the same dates recur across many records."""
    return _from_text(text)


def is_long_term(value: object) -> bool:
    """Whether ``value`` means "no end date" (a long-term token or 9999-12-31); never raises.

    >>> [is_long_term(v) for v in ("长期", " Long-Term ", "99991231", None, "", "2024-11-23")]
    [True, True, True, False, False, False]
    """
    if isinstance(value, str):
        text = str(value)
        if len(text) > _MAX_INPUT:  # only white space around a marker could be this long
            text = text.strip()
            if len(text) > _MAX_INPUT:
                return False
        return _text_is_long_term(text)
    try:
        return parse_date(value) == LONG_TERM_DATE
    except ValueError:
        return False


@functools.lru_cache(maxsize=4096)
def _text_is_long_term(text: str) -> bool:
    """:func:`is_long_term` of a string, remembered (the same end dates recur)."""
    if _bare(text) in _BARE_TOKENS:
        return True
    try:
        return _from_text_cached(text) == LONG_TERM_DATE
    except ValueError:
        return False


def _required_date(value: object) -> datetime.date:
    result = parse_date(value)
    if result is None:
        raise UnreadableValue(
            f"a date is required, got the empty value {_show(value)}",
            "应填写日期，实际未填写",
        )
    return result


ChinaDate = Annotated[datetime.date, BeforeValidator(_required_date)]
"""A date field read with :func:`parse_date`; empty values (``None``, ``""``) are errors.

``ChinaDate | None`` accepts ``None`` but not ``""``; for a field that may be empty in
either way (a CSV cell, a blank form field) use :data:`OptionalChinaDate`.
"""

OptionalChinaDate = Annotated[datetime.date | None, BeforeValidator(parse_date)]
"""A date field read with :func:`parse_date` that may be empty: ``None``, ``""`` → ``None``."""


# --- validity periods --------------------------------------------------------------------

_LABEL = re.compile(
    r"^(?:营业|经营|合伙|许可|证书|备案)?(?:有效期限|有效期|有效日期|期限)\s*[:：]?\s*"
)
_LONG_TERM_AFTER_START = (
    "长期|長期|永久|无固定期限|無固定期限|无期限|無期限|无限期|無限期|不约定期限|不約定期限"
)
_STRONG_SEPARATOR = re.compile(
    rf"\s*(?:起?\s*至|起?\s*到|~|〜|—+|―+|-{{2,}}|起(?=\s*(?:{_LONG_TERM_AFTER_START}))"
    # 2023年6月12日起2028年6月11日止: 起 before the end's date (Arabic or Chinese numerals)
    r"|起(?=\s*[0-9〇○零一二三四五六七八九]))"
    r"\s*[:：]?\s*"
)
_END_FIRST = re.compile(r"^(?:截至|截止(?:日期|到|至)?|止于)\s*[:：]?\s*")
"""Words before an end printed alone (``截至2028年6月11日``, ``截止日期：…``): with 至 in
them, the range splitter would otherwise read 截 as a start."""
_WEAK_SEPARATORS = "-/一"  # also inside dates: a split is kept only where both ends read
_OCR_DASH = "一"
"""The numeral one, as OCR reads the dash of ``2015.03.02-2035.03.02``: a separator only
where both ends read (it is in Chinese-numeral dates too)."""


def _blank(value: object) -> bool:
    """``None``, ``""`` or white space: an empty cell, which states nothing."""
    return value is None or (isinstance(value, str) and not _normalise(value))


def _flag(value: object) -> bool | None:
    """A yes/no value as spreadsheets and forms give it (``true``, ``1``, ``是``, ``否`` …);
    ``None`` when it is none of them."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = _normalise(value).lower()
        if text in _TRUE_WORDS:
            return True
        if text in _FALSE_WORDS:
            return False
    return None


def _read_flag(value: Any) -> Any:
    """The long-term flag: an empty cell is false (not long-term), yes/no words are read
    with :func:`_flag`, anything else goes to pydantic's ``bool`` (which reports it)."""
    if _blank(value):
        return False
    flag = _flag(value)
    return value if flag is None else flag


def _period_error(value: object, reason: str, reason_zh: str) -> UnreadableValue:
    return UnreadableValue(
        f"cannot read a validity period from {_show(value)}: {reason}",
        f"无法从{_show_zh(value)}读出有效期：{reason_zh}",
    )


def _endpoint_ok(text: str) -> bool:
    if not text or is_long_term(text):
        return True
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _one_date(text: str) -> bool:
    """Whether ``text`` is one date (not long-term, not empty)."""
    try:
        return parse_date(text) not in (None, LONG_TERM_DATE)
    except ValueError:
        return False


def _split_weak(text: str, value: str) -> tuple[str, str]:
    """``text`` split at the one ``-`` (or else ``/``, as in ``start/end``) between two
    dates; an error when no place, or more than one, gives two readable ends."""
    for separator in _WEAK_SEPARATORS:
        positions = [i for i, char in enumerate(text) if char == separator]
        if len(positions) == 1 and separator != _OCR_DASH:  # the ends report their errors
            return text[: positions[0]], text[positions[0] + 1 :]
        splits = [
            (text[:i], text[i + 1 :])
            for i in positions
            if _endpoint_ok(text[:i].strip()) and _endpoint_ok(text[i + 1 :].strip())
        ]
        if len(splits) == 1:
            return splits[0]
        if splits:
            raise _period_error(
                value,
                f"the {separator!r} between the dates is ambiguous",
                f"两个日期之间的“{separator}”有歧义",
            )
    raise _period_error(
        value,
        "expected two dates separated by 至, ~, - or /",
        "应为用“至”“~”“-”或“/”隔开的两个日期",
    )


_END_WORDS = re.compile(r"^(?:至|到|截至|截止(?:日期|到|至)?|止于)\s*[:：]?\s*|\s*(?:为?止|截止)$")
_START_WORDS = re.compile(r"^(?:自|从)\s*|\s*起$")
_END_HINT = re.compile(r"[至到截止]|有效|期限")  # what an end's words and labels hold
_START_HINT = re.compile(r"[自从起]|有效|期限")


def _endpoint(value: Any, words: re.Pattern[str], *, long_term: bool = True) -> Any:
    """One end of a period as printed alone, without its label and words
    (``有效期至：2027年2月28日``, ``2027年02月28日止``; ``自2022年3月1日``,
    ``2022年3月1日起``), when what is left reads; ``value`` as it is otherwise (so that an
    error quotes the value as given).

    >>> _endpoint("有效期至：2027年02月28日", _END_WORDS), _endpoint("2022年3月1日起", _START_WORDS)
    ('2027年02月28日', '2022年3月1日')
    >>> _endpoint("至长期", _END_WORDS), _endpoint("止", _END_WORDS)
    ('长期', '止')
    """
    if type(value) is not str:
        return value
    text = _normalise(value)
    if len(text) > _MAX_INPUT:  # neither a date nor long-term: reported as given, unscanned
        return value
    bare = words.sub("", _LABEL.sub("", text)).strip()
    if not bare or bare == text or not _endpoint_ok(bare):
        return value
    return value if not long_term and is_long_term(bare) else bare


def _printed_end(key: str, value: Any) -> Any:
    """``value`` of ``valid_from`` or ``valid_to`` without the words printed around it
    (:func:`_endpoint`; a start is never long-term); anything else as it is."""
    if type(value) is not str:
        return value
    if key == "valid_from" and _START_HINT.search(value):
        return _endpoint(value, _START_WORDS, long_term=False)
    if key == "valid_to" and _END_HINT.search(value):
        return _endpoint(value, _END_WORDS)
    return value


def _split_range(value: str) -> dict[str, Any]:
    """:func:`_split_range_cached` on a fresh dict (validity strings recur across records);
    text too long to be a range is refused first (splitting it would take quadratic time)."""
    if len(value) > _MAX_INPUT:
        text = value.strip()
        if len(text) > _MAX_INPUT:
            raise _period_error(
                value, f"longer than {_MAX_INPUT} characters", f"超过{_MAX_INPUT}个字符"
            )
        value = text
    return dict(_split_range_cached(value))


@functools.lru_cache(maxsize=4096)
def _split_range_cached(value: str) -> dict[str, Any]:
    """``"2019.03.01-2024.02.28"`` → ``{"valid_from": "2019.03.01", "valid_to": "2024.02.28"}``;
    a long-term word alone (``长期``) → ``{"valid_to": "长期"}``."""
    text = _normalise(value)
    text = _LABEL.sub("", text)
    bare = re.sub(r"^[自从]\s*", "", text)
    starts = bare != text
    last = _END_FIRST.sub("", bare)
    text = re.sub(r"\s*止$", "", _TRAILING.sub("", last))
    ends = last != bare or text != _TRAILING.sub("", last)
    if is_long_term(text):  # the term of a long-term document, its start not given
        return {"valid_to": text}
    # One end alone, said by its words: 自2024年11月23日起 (a start), 2029年11月22日止 (an end)
    one = re.sub(r"\s*起$", "", text)
    starts = starts or one != text
    if starts != ends and _one_date(one):
        return {"valid_from": one} if starts else {"valid_to": one}
    parts = _STRONG_SEPARATOR.split(text)
    if len(parts) > 2:
        raise _period_error(value, "too many separators", "分隔符过多")
    start, end = (part.strip() for part in (parts if len(parts) == 2 else _split_weak(text, value)))
    return {"valid_from": re.sub(r"\s*起$", "", start), "valid_to": end}


_SHORTEST_RANGE = len("2023.6.1-2028.6.1")
"""No range of two dates without a word between them is shorter."""
_RANGE_WORD = re.compile("[至到~〜～—―起长長永无無不]")
"""What a shorter range holds: a separator word or a long-term word."""


def _same_end(key: str, first: Any, second: Any) -> bool:
    """Whether two spellings of one end (``valid_from`` or ``valid_to``) name one day, or
    are both long-term."""
    first, second = _printed_end(key, first), _printed_end(key, second)
    if is_long_term(first) or is_long_term(second):
        return is_long_term(first) and is_long_term(second)
    try:
        return parse_date(first) == parse_date(second)
    except ValueError:
        return False


def _whole_range(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """``data`` with a whole range given as its ``valid_to`` or ``valid_from`` — an
    export's one 有效期 column put in either (``valid_to="2023年6月12日至2028年6月11日"``)
    — read as both ends, when the other key is empty or names the same day; ``data`` as
    it is otherwise (a value that is one end, or no range, is read or reported as given).

    >>> _whole_range({"valid_to": "2023.06.12-2028.06.11"})
    {'valid_to': '2028.06.11', 'valid_from': '2023.06.12'}
    >>> _whole_range({"valid_from": "2024-01-01", "valid_to": "2023.06.12-2028.06.11"})
    {'valid_from': '2024-01-01', 'valid_to': '2023.06.12-2028.06.11'}
    """
    for key, other in (("valid_to", "valid_from"), ("valid_from", "valid_to")):
        value = data.get(key)
        if type(value) is not str or len(value) > _MAX_INPUT:
            continue
        if len(value) < _SHORTEST_RANGE and (not _RANGE_WORD.search(value) or is_long_term(value)):
            continue  # one date or 长期 (the common cases), not worth reading twice
        end = _printed_end(key, value)
        if type(end) is not str or _endpoint_ok(_normalise(end)):  # one end: not a range
            continue
        try:
            period = _split_range(value)
        except ValueError:
            continue
        if _blank(period.get("valid_from")) or _blank(period.get("valid_to")):
            continue
        given = data.get(other)
        if _blank(given) or _same_end(other, given, period[other]):
            return {**data, key: period[key], other: period[other]}
    return data


def _read_mapping(data: Mapping[str, Any]) -> Any:
    """A validity given as a mapping, its ends read without the words printed around them
    (a whole range given as one end read as both: :func:`_whole_range`) and a long-term
    end as the flag (see :class:`Validity`)."""
    data = _whole_range(data)
    start, end = data.get("valid_from"), data.get("valid_to")
    if type(start) is str and _START_HINT.search(start):  # printed with its words
        start = _printed_end("valid_from", start)
        data = {**data, "valid_from": start}
    if type(end) is str and _END_HINT.search(end):
        end = _printed_end("valid_to", end)
        data = {**data, "valid_to": end}
    if end is not None and is_long_term(end):
        flag = data.get("long_term")
        if not _blank(flag) and _flag(flag) is False:
            raise UnreadableValue(
                f"valid_to is the long-term marker {_show(end)} but long_term is false",
                f"有效期至为长期有效标记{_show_zh(end)}，但长期有效填写为否",
            )
        data = {**data, "valid_to": None, "long_term": True}
    return data


@functools.lru_cache(maxsize=4096)
def _read_range(text: str) -> Any:
    """A validity given as a range string (at most ``_MAX_INPUT`` characters), read:
    :func:`_split_range`, then :func:`_read_mapping`; the caller copies the dict."""
    return _read_mapping(_split_range(text))


VALIDITY_SPELLINGS = Spellings(("valid_from", "valid_to", "long_term"), DOCUMENT_NAMES_ZH)
"""The keys of a validity period, also as camelCase (``validFrom``, ``validTo``,
``longTerm``) and in Chinese (``有效期起``, ``有效期至``, ``长期有效``)."""


class Validity(BaseModel):
    """The validity period of a document: from, to, or long-term.

    ``valid_to`` is ``None`` both for long-term documents (``long_term=True``) and when
    the end is unknown (``long_term=False``: a missing expiry, which the verification
    engine reports).  Accepted input, besides the fields themselves:

    * a mapping whose ``valid_to`` is a long-term token (``长期``, ``9999-12-31`` …):
      ``long_term`` becomes true and ``valid_to`` empty;
    * a range string: ``2019年03月01日至2024年02月28日``, ``2019.03.01-2024.02.28``,
      ``2019-03-01 至 长期``, ``2020/01/01~长期``, ``自2019年3月1日起至2024年2月28日止``,
      ``2019-03-01/2024-02-28`` (a registry's ``start/end``), ``有效期至：2024年02月28日``
      (no start), ``营业期限：2019年03月01日至长期`` (with its label),
      ``2019年3月1日起长期有效``, ``2019.03.01一2024.02.28`` (OCR's ``一`` for the dash,
      where both ends read), ``2019.03.01--2024.02.28`` (a dash typed as hyphens), or a
      long-term word alone (``长期``: long-term, no start);
    * one end alone said by its words: ``自2019年3月1日起`` (a start, the end unknown),
      ``2024年2月28日止`` (an end); one date without words is refused (start or end?);
    * a pair ``(valid_from, valid_to)``;
    * ends printed with their words: ``valid_to="有效期至：2024年02月28日"``,
      ``"2024年02月28日止"``, ``"至长期"``; ``valid_from="自2019年3月1日"``, ``"2019年3月1日起"``.

    ``long_term`` may be empty (``None``, ``""``: not long-term) or a yes/no word
    (``true``, ``1``, ``是``, ``否`` …).

    The end date is the last day of validity: a document valid to 2024-02-28 is still
    valid on that day and expired on 2024-02-29.  ``as_of`` defaults to today in China.

    >>> v = Validity(valid_from="2019-03-01", valid_to="长期")
    >>> v.long_term, v.valid_to, v.days_left(datetime.date(2030, 1, 1))
    (True, None, None)
    >>> Validity.model_validate("营业期限：2019年03月01日至（长期）") == v
    True
    >>> Validity.model_validate({"valid_to": "2024-02-28", "long_term": None}).long_term
    False
    >>> Validity(valid_from="2024-03-01", valid_to="2019-02-28")
    Traceback (most recent call last):
        ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Validity
      Value error, valid_from (2024-03-01) is after valid_to (2019-02-28) ...
    """

    # errors do not quote the input: what was typed as a validity may be anything
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    valid_from: OptionalChinaDate = None
    valid_to: OptionalChinaDate = None
    long_term: Annotated[bool, BeforeValidator(_read_flag)] = False

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any) -> Any:
        if type(data) is str and len(data) <= _MAX_INPUT:  # range strings recur: read once
            return dict(_read_range(data))
        if type(data) is dict:  # the common mapping, without the slower ABC tests
            return _read_mapping(respell(data, VALIDITY_SPELLINGS))
        if isinstance(data, str):
            data = _split_range(data)
        elif isinstance(data, Sequence) and not isinstance(data, (bytes, bytearray)):
            if len(data) != 2:
                raise UnreadableValue(
                    f"a validity period is a pair (valid_from, valid_to), got {len(data)} items",
                    f"有效期应为起止两个日期，实际为{len(data)}项",
                )
            data = {"valid_from": data[0], "valid_to": data[1]}
        if isinstance(data, Mapping):
            return _read_mapping(respell(dict(data), VALIDITY_SPELLINGS))
        return data

    @model_validator(mode="after")
    def _check(self) -> Validity:
        if self.long_term and self.valid_to is not None:
            raise UnreadableValue(
                f"valid_to is {self.valid_to.isoformat()} but long_term is true:"
                " a long-term document has no end date",
                f"有效期至为{self.valid_to.isoformat()}，但长期有效填写为是：长期有效的证照没有截止日期",
            )
        if (
            self.valid_from is not None
            and self.valid_to is not None
            and self.valid_from > self.valid_to
        ):
            raise UnreadableValue(
                f"valid_from ({self.valid_from.isoformat()}) is after valid_to"
                f" ({self.valid_to.isoformat()})",
                f"有效期起（{self.valid_from.isoformat()}）晚于有效期至"
                f"（{self.valid_to.isoformat()}）",
            )
        return self

    def is_expired(self, as_of: datetime.date | None = None) -> bool:
        """True when ``valid_to`` is before ``as_of``; false if long-term or unknown."""
        return self.valid_to is not None and self.valid_to < resolve(as_of)

    def is_not_yet_valid(self, as_of: datetime.date | None = None) -> bool:
        """True when ``valid_from`` is after ``as_of``."""
        return self.valid_from is not None and resolve(as_of) < self.valid_from

    def days_left(self, as_of: datetime.date | None = None) -> int | None:
        """Days from ``as_of`` to ``valid_to``: 0 on the last day, negative once expired.

        ``None`` for long-term documents and unknown ends.
        """
        if self.valid_to is None:
            return None
        return (self.valid_to - resolve(as_of)).days
