"""Progress of a batch on standard error: a tqdm bar on a terminal, a plain line every few
seconds otherwise (a log file, a CI job), nothing when asked to be quiet.

tqdm is imported only for the bar (``pip install 'qualcheck[batch]'``); without it a
terminal gets the plain lines too.

>>> import io
>>> stream = io.StringIO()
>>> progress = Progress("lines", stream, total_bytes=1000, every=0.0)
>>> progress.update(records=10, done_bytes=500, decisions={"pass": 9, "fail": 1}, force=True)
>>> print(stream.getvalue().strip())  # doctest: +ELLIPSIS
qualcheck batch: 10 records (50%), ... records/s, pass 9, fail 1, ETA ...
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping
from typing import Any, Literal, TextIO

__all__ = ["Progress", "choose_mode"]

Mode = Literal["bar", "lines", "off"]
_ORDER = ("pass", "review", "fail")
_BAR_INTERVAL = 0.25


def choose_mode(stream: TextIO, quiet: bool) -> Mode:
    """``off`` when quiet, ``bar`` on a terminal with tqdm installed, else ``lines``."""
    if quiet:
        return "off"
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        try:
            import tqdm  # noqa: F401
        except ImportError:
            return "lines"
        return "bar"
    return "lines"


def _decisions(decisions: Mapping[str, int]) -> str:
    names = [name for name in _ORDER if name in decisions]
    names += sorted(name for name in decisions if name not in _ORDER)
    return ", ".join(f"{name} {decisions[name]:,}" for name in names)


def _duration(seconds: float) -> str:
    return str(datetime.timedelta(seconds=round(seconds)))


class Progress:
    """Reports a run's progress (see the module docs).

    ``total_bytes`` is the size of the inputs (``None``: unknown, e.g. standard input);
    progress and the ETA are measured in bytes read, since the number of records is not
    known before the end.  ``initial_records``/``initial_bytes`` are what earlier runs
    did (a resumed run); the rate counts this run only.
    """

    def __init__(
        self,
        mode: Mode,
        stream: TextIO,
        *,
        total_bytes: int | None,
        initial_records: int = 0,
        initial_bytes: int = 0,
        every: float = 10.0,
    ) -> None:
        self.mode = mode
        self.stream = stream
        self.total_bytes = total_bytes
        self.every = every
        self._started = time.monotonic()
        self._initial_records = initial_records
        self._initial_bytes = initial_bytes
        self._last = self._started
        self._bar: Any = None
        if mode == "bar":
            import tqdm

            self._bar = tqdm.tqdm(
                total=total_bytes,
                initial=initial_bytes,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                file=stream,
                dynamic_ncols=True,
                leave=True,
                desc="qualcheck batch",
                bar_format="{desc}: {percentage:3.0f}%|{bar}| [{elapsed}<{remaining}]{postfix}",
                mininterval=_BAR_INTERVAL,
            )

    def _rate(self, records: int, now: float) -> float:
        spent = now - self._started
        return (records - self._initial_records) / spent if spent > 0 else 0.0

    def update(
        self,
        *,
        records: int,
        done_bytes: int,
        decisions: Mapping[str, int],
        force: bool = False,
    ) -> None:
        """Show the totals (cheap to call for every record: it shows at most every
        quarter second on a bar, every ``every`` seconds as lines)."""
        if self.mode == "off":
            return
        now = time.monotonic()
        interval = _BAR_INTERVAL if self.mode == "bar" else self.every
        if not force and now - self._last < interval:
            return
        self._last = now
        rate = self._rate(records, now)
        if self._bar is not None:
            self._bar.set_postfix_str(
                f"{records:,} records, {rate:,.0f}/s, {_decisions(decisions)}", refresh=False
            )
            self._bar.update(max(done_bytes - self._bar.n, 0))
            return
        share = ""
        eta = ""
        if self.total_bytes:
            share = f" ({done_bytes / self.total_bytes:.0%})"
            done_now = done_bytes - self._initial_bytes
            if done_now > 0:
                left = (self.total_bytes - done_bytes) * (now - self._started) / done_now
                eta = f", ETA {_duration(left)}"
        self.stream.write(
            f"qualcheck batch: {records:,} records{share}, {rate:,.0f} records/s,"
            f" {_decisions(decisions)}{eta}\n"
        )
        self.stream.flush()

    def close(self) -> None:
        """Finish the bar (lines need nothing)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
