"""Masking personal numbers inside free text the engine quotes back.

A value in the wrong field may be personal: a mobile number typed as a category, an ID
number in a date field.  Messages that quote such values pass them through :func:`scrub`,
which masks anything shaped like a resident-ID number (18 characters, or the old 15
digits) or a Chinese mobile number, written in one run or grouped with spaces, dashes or
dots, keeping the first 3 and the last 4 digits (the last 3 of an old 15-digit ID number,
whose fourth-last digit is part of the birth date).

>>> scrub("cannot read a date from '139 1234 5678'")
"cannot read a date from '139 **** 5678'"
>>> scrub("13043519870908641X and +86-139-1234-5678; JY14403050000010 stays")
'130***********641X and +86-139-****-5678; JY14403050000010 stays'
"""

from __future__ import annotations

import re

__all__ = ["scrub"]

# A run of digits (the last may be X) in which single spaces, dashes or dots may group
# the digits; not part of a longer number.
_RUN = re.compile(r"(?<![0-9])[0-9](?:[ \-.\u00a0]?[0-9]){9,16}(?:[ \-.\u00a0]?[0-9Xx])?(?![0-9])")
_PERSONAL = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}|(?:86)?1[3-9][0-9]{9}")
_KEEP_START, _KEEP_END = 3, 4


def _mask(match: re.Match[str]) -> str:
    text = match.group()
    compact = "".join(char for char in text if char.isalnum())
    if _PERSONAL.fullmatch(compact) is None:
        return text
    with_country_code = compact.startswith("86") and len(compact) == 13
    keep_start = _KEEP_START + 2 if with_country_code else _KEEP_START  # 86 stays visible
    out, seen, total = [], 0, len(compact)
    keep_end = _KEEP_END - 1 if total == 15 else _KEEP_END  # an old ID's last 4 hold a birth digit
    for char in text:
        if char.isalnum():
            seen += 1
            hidden = keep_start < seen <= total - keep_end
            out.append("*" if hidden else char)
        else:
            out.append(char)
    return "".join(out)


def scrub(text: str) -> str:
    """``text`` with every resident-ID-shaped or mobile-shaped number masked."""
    return _RUN.sub(_mask, text)
