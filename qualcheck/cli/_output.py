"""Small helpers shared by the CLI commands: exit status and JSON lines."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any

from qualcheck.numbers import Verdict

__all__ = ["exit_status", "iso_date", "whole_number", "write_json_line"]


def exit_status(verdicts: Iterable[Verdict]) -> int:
    """1 if anything is invalid, else 3 if anything is for review, else 0."""
    seen = set(verdicts)
    if Verdict.INVALID in seen:
        return 1
    if Verdict.REVIEW in seen:
        return 3
    return 0


def write_json_line(obj: dict[str, Any]) -> None:
    """One compact JSON object a line, UTF-8 text kept readable (no ``\\u`` escapes)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")


def iso_date(text: str) -> datetime.date:
    """An ``argparse`` type for ``YYYY-MM-DD`` dates (a clear usage error otherwise)."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


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
