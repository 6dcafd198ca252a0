"""Masking personal numbers inside free text the engine quotes back.

A value in the wrong field may be personal: a mobile number typed as a category, an ID
number in a date field.  Messages that quote such values pass them through :func:`scrub`,
which masks anything shaped like a personal number:

* a resident-ID number (18 characters, the last may be ``X``; or the old 15 digits) —
  which includes the residence permits of Hong Kong, Macao and Taiwan residents and the
  2023 foreigner's permanent residence ID — or a Chinese mobile number (with or without
  ``86``/``0086``), keeping the first 3 and the last 4 digits (the last 3 of an old
  15-digit ID number, whose fourth-last digit is part of the birth date);
* the number of another identity document, where its form is unmistakable: a 2004/2017
  permanent residence ID (3 letters and 12 digits), a Hong Kong or Macao resident's travel
  permit (``H``/``M`` and 8 or 10 digits) and a Chinese passport (``E``, ``G``, ``D``,
  ``S`` or ``P`` and 8 digits, or ``E`` and a letter and 7 digits): masked as
  :func:`qualcheck.numbers.ric.mask` masks them.

Digits are found however they are written: full-width (``１３９``) as well as ASCII, in one
run or grouped by spaces of any kind (tabs, ideographic spaces, several in a row), dashes
(``-``, ``－``, ``–`` …), dots or zero-width characters.  A group of digits is never split
in two, but a personal number among other groups (``No. 5 139 1234 5678``) is found.

>>> scrub("cannot read a date from '139 1234 5678'")
"cannot read a date from '139 **** 5678'"
>>> scrub("13043519870908641X and +86-139-1234-5678; JY14403050000010 stays")
'130***********641X and +86-139-****-5678; JY14403050000010 stays'
>>> scrub("１３９１２３４５６７８ / 130435\\u300019870908\\u3000641x / E12345678")
'１３９****５６７８ / 130***\\u3000********\\u3000641x / *********'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["scrub", "scrub_repr_args"]

_DIGIT = "0-9\uff10-\uff19"  # ASCII and full-width digits
_X = "Xx\uff38\uff58"  # the check character X, either case, either width
# What may stand between the digits of a number written in groups: whitespace of any
# kind, dashes, dots, the zero-width characters that copy-paste leaves behind, and the
# escapes ``repr`` writes for some of them (a quoted value is often its ``repr``).
_SEPARATOR = (
    r"(?:[\s\-.\u00b7\u2010-\u2015\u2212\u30fb\ufe58\ufe63\uff0d\uff0e\u200b-\u200f\u2060\ufeff]"
    r"|\\[tnrfv]|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4})"
)
_HEX = "[0-9a-fA-F]"
# a number starts after a character that is not a digit, or right after an escape; never
# inside an escape's hex digits
_START = (
    rf"(?:(?<=\\u{_HEX}{{4}})|(?<=\\x{_HEX}{{2}})"
    rf"|(?<![{_DIGIT}])(?<!\\u)(?<!\\u{_HEX})(?<!\\u{_HEX}{{2}})(?<!\\u{_HEX}{{3}})"
    rf"(?<!\\x)(?<!\\x{_HEX}))"
)
_CHAIN = re.compile(
    rf"{_START}[{_DIGIT}]+[{_X}]?(?:{_SEPARATOR}{{1,3}}[{_DIGIT}]+[{_X}]?)*"
    rf"(?:(?<=[{_X}])|(?![{_DIGIT}]))"
)
_TOKEN = re.compile(rf"(?P<separator>{_SEPARATOR})|(?P<group>[{_DIGIT}]+[{_X}]?)")
_MOBILE = re.compile(r"(?:0{0,2}86)?1[3-9][0-9]{9}")
_PERSONAL = re.compile(rf"[0-9]{{17}}[0-9X]|[0-9]{{15}}|{_MOBILE.pattern}")
# other identity documents' numbers, where nothing else has their form (letters + digits,
# not part of a longer word or number)
_LETTER = "A-Za-z\uff21-\uff3a\uff41-\uff5a"
_ALNUM = _LETTER + _DIGIT
_DOCUMENT = re.compile(
    rf"(?<![{_ALNUM}])(?:"
    rf"[{_LETTER}]{{3}}[{_DIGIT}]{{12}}"  # permanent residence ID, 2004/2017 form
    rf"|[HMhm\uff28\uff2d\uff48\uff4d][{_DIGIT}]{{8}}(?:[{_DIGIT}]{{2}})?"  # travel permit
    rf"|[EGDSPegdsp\uff25\uff27\uff24\uff33\uff30\uff45\uff47\uff44\uff53\uff50][{_DIGIT}]{{8}}"
    rf"|[Ee\uff25\uff45][{_LETTER}][{_DIGIT}]{{7}}"  # Chinese passport
    rf")(?![{_ALNUM}])"
)
_KEEP_START, _KEEP_END = 3, 4
_ENOUGH_DIGITS = re.compile(rf"(?:[^{_DIGIT}]*[{_DIGIT}]){{7}}")
"""Text with at least 7 digits: no personal number has fewer (a passport: ``E``, a letter
and 7 digits)."""


def _fold(text: str) -> str:
    """``text``'s letters and digits as ASCII upper case (full-width folded)."""
    return unicodedata.normalize("NFKC", text).upper()


def _hide(text: str, keep_start: int, keep_end: int) -> str:
    """``text`` (letters and digits only) with all but the first ``keep_start`` and the
    last ``keep_end`` characters hidden."""
    end = len(text) - keep_end
    return "".join("*" if keep_start <= index < end else char for index, char in enumerate(text))


def _kept(compact: str) -> tuple[int, int]:
    """How many characters of a personal number stay visible at its start and end."""
    if _MOBILE.fullmatch(compact) is not None:  # 86 or 0086 stays visible too
        return _KEEP_START + len(compact) - 11, _KEEP_END
    # an old 15-digit ID's fourth-last digit is part of the birth date
    return _KEEP_START, _KEEP_END - 1 if len(compact) == 15 else _KEEP_END


def _mask_chain(match: re.Match[str]) -> str:
    """The chain of digit groups with every personal number among them masked: from the
    left, the longest run of whole groups that is one.  Separators stay as they are."""
    text = match.group()
    groups = [found for found in _TOKEN.finditer(text) if found.lastgroup == "group"]
    folded = [_fold(group.group()) for group in groups]
    out, done, index = [], 0, 0
    while index < len(groups):
        compact, best = "", None
        for last in range(index, len(groups)):
            compact += folded[last]
            if len(compact) > 18:
                break
            if _PERSONAL.fullmatch(compact) is not None:
                best = (last, compact)
        if best is None:
            index += 1
            continue
        last, compact = best
        keep_start, keep_end = _kept(compact)
        end_at, seen = len(compact) - keep_end, 0
        for group in groups[index : last + 1]:
            out.append(text[done : group.start()])
            for char in group.group():
                out.append("*" if keep_start <= seen < end_at else char)
                seen += 1
            done = group.end()
        index = last + 1
    out.append(text[done:])
    return "".join(out)


def _mask_document(match: re.Match[str]) -> str:
    text = match.group()
    if text[:3].isalpha():  # a permanent residence ID: its letters and last 2 digits stay
        return _hide(text, 3, 2)
    return _hide(text, 1, 2) if len(text) > 10 else "*" * len(text)  # as ric.mask does


def scrub(text: str) -> str:
    """``text`` with every number shaped like a personal one masked (see the module).

    >>> scrub("法人 11010519491231002X，电话 139 1234 5678")
    '法人 110***********002X，电话 139 **** 5678'
    >>> scrub("食品经营许可证 JY13301080111719")
    '食品经营许可证 JY13301080111719'
    """
    if _ENOUGH_DIGITS.match(text) is None:  # most text: nothing to look for
        return text
    return _DOCUMENT.sub(_mask_document, _CHAIN.sub(_mask_chain, text))


class _Shown:
    """A value's ``repr`` given as text (so that a model's ``repr`` prints it as is)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def scrub_repr_args(args: Iterable[tuple[str | None, Any]]) -> Iterator[tuple[str | None, Any]]:
    """A pydantic model's ``__repr_args__`` with personal numbers masked in every value's
    ``repr`` — for models whose free-text fields (a name, an address, an id) may hold
    one.  Use it as ``def __repr_args__(self): return scrub_repr_args(super().__repr_args__())``.
    """
    for name, value in args:
        shown = repr(value)
        masked = scrub(shown)
        yield name, (value if masked == shown else _Shown(masked))
