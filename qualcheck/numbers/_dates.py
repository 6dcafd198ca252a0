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
_cache: list[object] = [0.0, "", datetime.date.min]


def _refresh() -> None:
    now = time.time()
    if now >= _cache[0]:  # type: ignore[operator]
        day = datetime.datetime.fromtimestamp(now, CHINA).date()
        _cache[:] = [now + 1.0, day.strftime("%Y%m%d"), day]


def today() -> datetime.date:
    """Today's date in China."""
    _refresh()
    return _cache[2]  # type: ignore[return-value]


def today_compact() -> str:
    """Today's date in China as ``YYYYMMDD`` (cached for a second: cheap on hot paths)."""
    _refresh()
    return _cache[1]  # type: ignore[return-value]


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
