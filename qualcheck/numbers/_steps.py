"""Diagnose free-form numbers part by part: which part, at which position, is wrong.

A kind whose number is a sequence of parts (``CNCA-R-2002-001``, ``(京)-经营性-2014-0008``)
lists them as steps — a pattern and what it expects, in English and Chinese — and, when
the whole pattern failed, :func:`first_mismatch` walks the steps to report the first
part that does not match.

>>> import re
>>> steps = (Step(re.compile(r"AB"), "'AB'", "“AB”"), Step(re.compile(r"[0-9]+"), "digits", "数字"))
>>> first_mismatch("ABx1", steps) == (2, "x1", "digits", "数字")
True
"""

from __future__ import annotations

import re
from typing import NamedTuple

from qualcheck.exceptions import InvalidFormat
from qualcheck.numbers._base import looks_like_resident_id, mask_personal

__all__ = ["Step", "excerpt", "first_mismatch", "format_error"]

EXCERPT_LENGTH = 8
"""How many characters of the input a format finding quotes from where it went wrong."""


def excerpt(text: str, position: int) -> str:
    """The characters of ``text`` a finding quotes from ``position`` (0-based) on.

    A resident-ID number typed into another kind's field is personal data: what is
    quoted of it is taken from its masked form, so no digit of the birth date shows.

    >>> excerpt("JY1330108011171", 2), excerpt("152830198709089106", 0)
    ('13301080', '152830**')
    """
    shown = text
    if looks_like_resident_id(text):
        masked = mask_personal(text)
        shown = masked if len(masked) == len(text) else "*" * len(text)
    return shown[position : position + EXCERPT_LENGTH]


class Step(NamedTuple):
    """One part of a number: its pattern and a description of what it expects."""

    pattern: re.Pattern[str]
    expected: str
    expected_zh: str


def first_mismatch(
    text: str, steps: tuple[Step, ...], position: int = 0
) -> tuple[int, str, str, str] | None:
    """(position, what was found, expected, expected in Chinese) of the first failing step.

    Positions are 0-based here; ``None`` means every step matched.
    """
    for step in steps:
        match = step.pattern.match(text, position)
        if match is None:
            return position, excerpt(text, position), step.expected, step.expected_zh
        position = match.end()
    return None


def format_error(code: str, text: str, steps: tuple[Step, ...], position: int = 0) -> InvalidFormat:
    """The :class:`InvalidFormat` (finding ``code``) for the first step ``text`` fails."""
    mismatch = first_mismatch(text, steps, position)
    if mismatch is None:  # pragma: no cover - callers only ask after the full pattern failed
        raise AssertionError(f"{text!r} matches every step but not the structure")
    at, found, expected, expected_zh = mismatch
    return InvalidFormat(
        code, position=at + 1, found=found, expected=expected, expected_zh=expected_zh
    )
