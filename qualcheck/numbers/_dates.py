"""Dates for the rules that depend on today: China's calendar day, injectable.

China observes UTC+8 all year (no daylight saving), so "today" is computed from the
clock with a fixed offset; every rule that needs it takes an ``as_of`` date instead
when the caller gives one.

>>> resolve(datetime.date(2024, 2, 29))
datetime.date(2024, 2, 29)
>>> is_calendar_date("20240229"), is_calendar_date("20230229"), is_calendar_date("20241301")
(True, False, False)
"""

from __future__ import annotations

import datetime
import functools
import time

__all__ = [
    "CHINA",
    "check_issue_year",
    "compact_date",
    "is_calendar_date",
    "resolve",
    "today",
    "today_compact",
]

CHINA = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")
"""China Standard Time (UTC+8, no daylight saving)."""

_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_DAYS = frozenset(
    f"{month:02d}{day:02d}" for month, days in enumerate(_DAYS, 1) for day in range(1, days + 1)
)
_DAY_SECONDS = 86_400
_OFFSET_SECONDS = 8 * 3600
_today: tuple[float, float, str, datetime.date] = (0.0, 0.0, "", datetime.date.min)
"""Today in China as the clock last read it: from when and until when (at most a second,
never past China's midnight) that reading holds, then ``YYYYMMDD`` and the date.  One tuple,
replaced whole, so that threads never see half of one reading."""


def _refresh() -> tuple[float, float, str, datetime.date]:
    """Today in China, read from ``time.time()`` again unless the last reading still holds:
    the clock is within the second after it (never across midnight, so that a licence
    ending on the old day is never judged on it once the new day has begun) and has not
    gone back (a clock set back — by NTP, or by a test that freezes time — is read again)."""
    global _today
    cached = _today
    now = time.time()
    if cached[0] <= now < cached[1]:
        return cached
    day = datetime.datetime.fromtimestamp(now, CHINA).date()
    midnight = (now + _OFFSET_SECONDS) // _DAY_SECONDS * _DAY_SECONDS - _OFFSET_SECONDS
    _today = cached = (now, min(now + 1.0, midnight + _DAY_SECONDS), day.strftime("%Y%m%d"), day)
    return cached


def today() -> datetime.date:
    """Today's date in China."""
    cached = _today  # the common case, without a call: the last reading still holds
    if cached[0] <= time.time() < cached[1]:
        return cached[3]
    return _refresh()[3]


def today_compact() -> str:
    """Today's date in China as ``YYYYMMDD`` (remembered for at most a second, and never
    past midnight: cheap on hot paths)."""
    cached = _today
    if cached[0] <= time.time() < cached[1]:
        return cached[2]
    return _refresh()[2]


def compact_date(day: datetime.date) -> str:
    """``day`` as ``YYYYMMDD``, as ``day.strftime("%Y%m%d")`` gives it (remembered for
    plain dates: a run judges many numbers as of one day, and ``strftime`` is slow).

    >>> compact_date(datetime.date(2024, 2, 29))
    '20240229'
    """
    if type(day) is datetime.date:
        return _compact_date(day)
    return day.strftime("%Y%m%d")


@functools.lru_cache(maxsize=64)
def _compact_date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def resolve(as_of: datetime.date | None) -> datetime.date:
    """``as_of`` if given, else today in China."""
    return today() if as_of is None else as_of


def is_calendar_date(yyyymmdd: str) -> bool:
    """True if eight digits ``YYYYMMDD`` name a real day of the Gregorian calendar."""
    month_day = yyyymmdd[4:]
    if month_day not in _MONTH_DAYS or not yyyymmdd[:4].isdigit():
        return False
    if month_day != "0229":
        return True
    year = int(yyyymmdd[:4])
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def check_issue_year(kind: str, year: int, position: int, as_of: datetime.date | None) -> None:
    """Raise ``<kind>.year_future`` when an issue ``year`` is after ``as_of``'s year.

    >>> import qualcheck.numbers.cnca  # defines the code cnca.year_future
    >>> check_issue_year("cnca", 2031, 6, datetime.date(2030, 6, 1))
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.InvalidComponent: Approval year 2031 is later than 2030, ...
    """
    as_of_year = resolve(as_of).year
    if year > as_of_year:
        from qualcheck.exceptions import InvalidComponent

        raise InvalidComponent(
            f"{kind}.year_future", position=position, year=year, as_of_year=as_of_year
        )
