"""Small helpers shared by the CLI commands: exit status, dates, JSON lines and text
safe to show on a terminal."""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any

from qualcheck.numbers import Verdict

__all__ = ["exit_status", "iso_date", "terminal_safe", "whole_number", "write_json_line"]


def exit_status(verdicts: Iterable[Verdict]) -> int:
    """1 if anything is invalid, else 3 if anything is for review, else 0."""
    seen = set(verdicts)
    if Verdict.INVALID in seen:
        return 1
    if Verdict.REVIEW in seen:
        return 3
    return 0


def _unsafe_characters() -> list[int]:
    """Characters a terminal may act on rather than show: the C0 controls but tab, DEL,
    the C1 controls (U+009B is a CSI on some terminals), the line and paragraph
    separators, and the bidirectional controls, which reorder what is shown."""
    return [
        *(code for code in range(0x20) if code != 0x09),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x2028, 0x202F),
        *range(0x2066, 0x206A),
    ]


_TERMINAL_ESCAPES = {
    code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _unsafe_characters()
}
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in _unsafe_characters() if code >= 0x7F}


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal would act on (escape sequences, carriage
    returns, line breaks, bidirectional overrides) written as an escape (``\\x1b``,
    ``\\u202e``), so that data shown on a terminal can neither colour, move, clear nor
    reorder what it shows, nor forge a line.

    >>> terminal_safe("ACME\\x1b[31m\\r\\u202e")
    'ACME\\\\x1b[31m\\\\x0d\\\\u202e'
    """
    return text.translate(_TERMINAL_ESCAPES)


def write_json_line(obj: dict[str, Any]) -> None:
    """One compact JSON object a line, UTF-8 text kept readable (no ``\\u`` escapes but
    for the controls: ``json`` escapes C0 ones, and DEL, C1, line separators and
    bidirectional controls are escaped here too — the line stays one line for any reader
    and shows as it is on a terminal)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write(text.translate(_JSON_ESCAPES) + "\n")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def iso_date(text: str) -> datetime.date:
    """An ``argparse`` type for ``YYYY-MM-DD`` dates, and only those, whatever the Python
    version (3.11's ``date.fromisoformat`` also reads ``20261129`` and ``2026-W48-7``); a
    clear usage error otherwise, which spells a date written another way (``20261129``,
    ``2026/11/29``, ``2026年11月29日``) as it should be given.

    >>> iso_date("2026-11-29")
    datetime.date(2026, 11, 29)
    >>> iso_date("2026年11月29日")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: not a date (YYYY-MM-DD): '2026年11月29日' (write 2026-11-29)
    """
    hint = f"not a date (YYYY-MM-DD): {text!r}"
    if _ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError as exc:  # 2026-13-01, 2026-02-30
            raise argparse.ArgumentTypeError(f"{hint}: {exc}") from None
    from qualcheck.dates import parse_date

    digits = text.strip()
    try:
        # a time stamp is no way to name a day: only eight digits are read as a date
        day = None if digits.isdigit() and len(digits) != 8 else parse_date(text)
    except ValueError:
        day = None
    if day is not None:
        raise argparse.ArgumentTypeError(f"{hint} (write {day.isoformat()})")
    raise argparse.ArgumentTypeError(hint)


def whole_number(minimum: int, *, what: str = "whole number") -> Callable[[str], int]:
    """An ``argparse`` type for whole numbers of at least ``minimum`` (a clear usage error
    otherwise); ``what`` names the value in that error (``whole number of days``)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a {what}: {text!r}") from None
        if value < minimum:
            bound = "0 or more" if minimum == 0 else f"at least {minimum}"
            raise argparse.ArgumentTypeError(f"must be {bound}, not {value}")
        return value

    return parse
