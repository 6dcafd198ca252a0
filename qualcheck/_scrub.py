"""Masking personal numbers inside free text the engine quotes back.

A value in the wrong field may be personal: a mobile number typed as a category, an ID
number in a date field.  Messages that quote such values pass them through :func:`scrub`,
which masks anything shaped like a personal number:

* a resident-ID number (18 characters, the last may be ``X``; or the old 15 digits) —
  which includes the residence permits of Hong Kong, Macao and Taiwan residents and the
  2023 foreigner's permanent residence ID — or a Chinese mobile number (with or without
  ``86``/``0086``), keeping the first 3 and the last 4 digits (the last 3 of an old
  15-digit ID number, whose fourth-last digit is part of the birth date);
* a mainland landline with its area code (``010-6234 5678``, ``（0571）87654321``,
  ``+86 10 62345678``: a natural person's home telephone) and a Hong Kong, Macao or Taiwan
  number after its country code (``+852 9123 4567``), keeping the codes and the last 4
  digits (3 of a 7-digit local number).  The area or country code must be a group of its
  own or follow a ``+`` (only ``01062345678`` may be one run), so that dates stay whole;
* but not an all-digit USCC or old 15-digit registration number whose check character
  is right and whose birth-date positions hold no date: a business's number stays readable;
* the number of another identity document, where its form is unmistakable: a 2004/2017
  permanent residence ID (3 letters and 12 digits), a Hong Kong or Macao resident's travel
  permit (``H``/``M`` and 8 or 10 digits) and a Chinese passport (``E``, ``G``, ``D``,
  ``S`` or ``P`` and 8 digits, or ``E`` and a letter and 7 digits): masked as
  :func:`qualcheck.numbers.ric.mask` masks them; a Taiwan resident's travel permit
  (8 or 10 digits) where its name comes before it (``台胞证号码：********``).

Digits are found however they are written: full-width (``１３９``) as well as ASCII, in one
run or grouped by spaces of any kind (tabs, ideographic spaces, several in a row), dashes
(``-``, ``－``, ``–`` …), dots, brackets, zero-width characters, the escapes of ``repr``
and JSON (however often escaped: ``\\u3000``) and of URLs (``%20``).  A group of digits is
never split in two, but a personal number among other groups (``No. 5 139 1234 5678``) is
found; where two readings overlap, an ID number wins over a phone number, and a phone
number over an old 15-digit ID (``2023.06.12-2028.06.11 139-1234-5678``: the dates stay);
eighteen digits with neither an ID number's birth date nor its check digit (two phone
numbers side by side) yield to the phone numbers.

>>> scrub("cannot read a date from '139 1234 5678'")
"cannot read a date from '139 **** 5678'"
>>> scrub("13043519870908641X and +86-139-1234-5678; JY14403050000010 stays")
'130***********641X and +86-139-****-5678; JY14403050000010 stays'
>>> scrub("１３９１２３４５６７８ / 130435\\u300019870908\\u3000641x / E12345678")
'１３９****５６７８ / 130***\\u3000********\\u3000641x / *********'
>>> scrub("家中电话（0571）8765 4321，香港 +852 9123 4567；USCC 911101087226195211")
'家中电话（0571）**** 4321，香港 +852 **** 4567；USCC 911101087226195211'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from qualcheck.numbers._checksums import gb32100_check, mod11_2_check, mod11_10_check
from qualcheck.numbers._dates import is_calendar_date

__all__ = ["scrub", "scrub_repr_args"]

_DIGIT = "0-9\uff10-\uff19"  # ASCII and full-width digits
_X = "Xx\uff38\uff58"  # the check character X, either case, either width
# What may stand between the digits of a number written in groups: whitespace of any
# kind, dashes, dots, the zero-width characters that copy-paste leaves behind, the
# direction marks and overrides (U+202E shows the digits after it reversed), combining
# marks, control characters, and the escapes ``repr`` writes for some of them (a quoted
# value is often its ``repr``).
_SEPARATOR = (
    r"(?:[\s\-.()\u00b7\u2010-\u2015\u2212\u30fb\ufe58\ufe63\uff08\uff09\uff0d\uff0e"
    r"\u200b-\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069\u061c\u0300-\u036f"
    r"\x00-\x08\x0e-\x1f\x7f]"
    r"|\\+[tnrfv]|\\+x[0-9a-fA-F]{2}|\\+u[0-9a-fA-F]{4}|%[0-9a-fA-F]{2})"
)
_ESCAPES = re.compile(r"(\\+[tnrfv]|\\+x[0-9a-fA-F]{2}|\\+u[0-9a-fA-F]{4}|%[0-9a-fA-F]{2})")
"""The escapes among :data:`_SEPARATOR` (whose hex digits are no number's), captured."""
_HEX = "[0-9a-fA-F]"
# a number starts after a character that is not a digit, or right after an escape; never
# inside an escape's hex digits.  Tested after the chain's first digit (so each lookbehind
# ends in that digit): a pattern that begins with a character class lets the regular-
# expression engine skip ahead to the next digit instead of trying the pattern at every
# position of the text
_START = (
    rf"(?:(?<=\\u{_HEX}{{4}}[{_DIGIT}])|(?<=\\x{_HEX}{{2}}[{_DIGIT}])|(?<=%{_HEX}{{2}}[{_DIGIT}])"
    rf"|(?<![{_DIGIT}][{_DIGIT}])(?<!\\u[{_DIGIT}])(?<!\\u{_HEX}[{_DIGIT}])"
    rf"(?<!\\u{_HEX}{{2}}[{_DIGIT}])(?<!\\u{_HEX}{{3}}[{_DIGIT}])"
    rf"(?<!\\x[{_DIGIT}])(?<!\\x{_HEX}[{_DIGIT}])(?<!%[{_DIGIT}])(?<!%{_HEX}[{_DIGIT}]))"
)
# the groups' repetition is possessive: it always ends where the chain does (the digits
# are read greedily, so the end test never needs a group given back), and the regular-
# expression engine then keeps no state for each group — a 5 MB chain of one-digit
# groups took 1 GB of memory to match
_CHAIN = re.compile(
    rf"[{_DIGIT}]{_START}[{_DIGIT}]*[{_X}]?(?:{_SEPARATOR}{{1,3}}[{_DIGIT}]+[{_X}]?)*+"
    rf"(?:(?<=[{_X}])|(?![{_DIGIT}]))"
)
_TOKEN = re.compile(rf"(?P<separator>{_SEPARATOR})|(?P<group>[{_DIGIT}]+[{_X}]?)")
_MOBILE = re.compile(r"(?:0{0,2}86)?1[3-9][0-9]{9}")
# a mainland landline: the area code (10, 2X or three digits from 3; 0 before it unless
# the country code 86 is given) and a local number of 7 or 8 digits not starting 0 or 1
_LANDLINE = re.compile(
    r"(?P<prefix>(?:00)?86)?(?P<area>0?(?:10|2[0-9]|[3-9][0-9]{2}))(?P<local>[2-9][0-9]{6,7})"
)
# Hong Kong, Macao (8 digits) and Taiwan (8 or 9 digits), after their country code
_NEARBY = re.compile(r"(?P<prefix>(?:00)?(?:85[23](?=[2-9][0-9]{7}$)|886(?=[0-9]{8,9}$)))")
# what a candidate is, by rank: a stronger kind wins where two candidates overlap
_ID18, _MOBILE_RANK, _PHONE_RANK, _ID18_UNLIKELY, _ID15 = 0, 1, 2, 3, 4
_PLUS = frozenset("+\uff0b")
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
_SEVEN_DIGITS = re.compile(rf"[{_DIGIT}][{_DIGIT}]{{6}}")
"""Seven digits in a row, which every number :data:`_DOCUMENT` matches holds (most text
with digits has none: a date, an amount)."""
# a Taiwan resident's travel permit (台胞证) has 8 digits (10 in its older form, maybe with
# the issuing office's letter in brackets): no form of its own, so masked only after its
# name — "台胞证号码：12345678" (with a digit too many or too few as well)
_TAIWAN_PERMIT = re.compile(
    rf"(?P<label>(?:台胞证|台湾同胞证|台湾居民来往大陆通行证)(?:号码|号)?\s*[:：]?\s*)"
    rf"(?P<number>[{_DIGIT}]{{6,12}})(?![{_ALNUM}])"
)
_KEEP_START, _KEEP_END = 3, 4
_SHORTEST_PERSONAL = 11
"""The fewest characters of a personal number :data:`_PERSONAL` matches (a mobile number)."""
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


def _plausible_birth(digits: str) -> bool:
    """Whether 8 digits ``YYYYMMDD`` are a day a living person may have been born on."""
    return digits[:2] in ("18", "19", "20") and is_calendar_date(digits)


def _business_number(compact: str) -> bool:
    """Whether an all-digit run shaped like an ID number is a business's number instead: a
    USCC (18) or an old registration number (15) with a valid check character, whose
    birth-date positions hold no date (so no ID number with a typo is taken for one)."""
    if len(compact) == 18:
        return gb32100_check(compact[:17]) == compact[17] and not _plausible_birth(compact[6:14])
    # an old 15-digit ID was given before 2000: its holder was born in 19YY
    return mod11_10_check(compact[:14]) == compact[14] and not _plausible_birth(
        "19" + compact[6:12]
    )


def _phone_kept(compact: str, bounds: frozenset[int], plus: bool) -> tuple[int, int] | None:
    """Characters kept visible at the start and end of a landline or a Hong Kong, Macao or
    Taiwan number, or ``None`` if ``compact`` is not one.  The area or country code must
    stand as its own group of digits (``010-6234 5678``, ``+852 9123 4567``) or follow a
    ``+``; only a mainland landline written with its 0 may be one unbroken run."""
    nearby = _NEARBY.match(compact)
    if nearby is not None:
        prefix = nearby.end()
        known = plus or compact.startswith("00") or prefix in bounds
        return (prefix, 4) if known else None
    landline = _LANDLINE.fullmatch(compact)
    if landline is None or (landline["prefix"] is None and not landline["area"].startswith("0")):
        return None
    area_start, area_end = landline.span("area")
    # the area code a group of its own (not 06 and 12 of a date), or one unbroken run
    grouped = not bounds or (
        area_end in bounds and all(not area_start < bound < area_end for bound in bounds)
    )
    if landline["prefix"] is not None:
        grouped = grouped and (plus or landline.end("prefix") in bounds)
    return (area_end, len(landline["local"]) - 4) if grouped else None


def _classify(compact: str, bounds: frozenset[int], plus: bool) -> tuple[int, int, int] | None:
    """Rank and the characters kept at the start and end, if ``compact`` (digits and maybe
    an X, the groups ending at ``bounds``; ``plus``: a ``+`` before it) is personal."""
    if len(compact) == 18 and compact[:17].isdigit():
        if _business_number(compact):
            return None
        # 18 digits with neither a birth date nor the check digit of an ID number (two
        # phone numbers side by side, say) yield to the phone numbers they may hold
        likely = _plausible_birth(compact[6:14]) or mod11_2_check(compact[:17]) == compact[17]
        return (_ID18 if likely else _ID18_UNLIKELY), _KEEP_START, _KEEP_END
    if compact.endswith("X"):  # 13800138000x: only an ID number ends in X
        compact = compact[:-1]
    if _MOBILE.fullmatch(compact) is not None:  # 86 or 0086 stays visible too
        return _MOBILE_RANK, _KEEP_START + len(compact) - 11, _KEEP_END
    kept = _phone_kept(compact, bounds, plus)
    if kept is not None:
        return (_PHONE_RANK, *kept)
    if len(compact) == 15 and compact.isdigit() and not _business_number(compact):
        # an old 15-digit ID's fourth-last digit is part of the birth date
        return _ID15, _KEEP_START, _KEEP_END - 1
    return None


def _candidates(folded: list[str], plus: bool) -> list[tuple[int, int, int, int, int]]:
    """Every run of whole groups that is a personal number: ``(rank, first, last,
    keep_start, keep_end)``."""
    found = []
    for first in range(len(folded)):
        compact, bounds = "", set()
        for last in range(first, len(folded)):
            if compact:
                bounds.add(len(compact))
            compact += folded[last]
            if len(compact) > 19:
                break
            kind = _classify(compact, frozenset(bounds), plus and first == 0)
            if kind is not None:
                found.append((kind[0], first, last, kind[1], kind[2]))
    return found


_LONGEST_SEARCHED = 256
"""The longest chain of digit groups searched for the personal numbers among its groups.
The search tries every run of whole groups of up to 19 digits, a few Python calls for each
run: a hostile value of a megabyte of ``1-1-1…`` took a minute.  No number a platform
sends is written as a longer chain (a validity and a phone number beside it: 35
characters); a longer one has every digit masked, which hides whatever it holds."""


_ALL_MASKED = str.maketrans(
    dict.fromkeys(
        "0123456789\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19" + _X, "*"
    )
)
"""Every digit and check character ``X`` of a chain as ``*`` (its separators hold no
letter or digit but in escapes)."""


def _mask_digits(chain: str) -> str:
    """``chain`` with every digit and ``X`` masked, its escapes as they are."""
    parts = _ESCAPES.split(chain)  # text, escape, text, …
    parts[::2] = [part.translate(_ALL_MASKED) for part in parts[::2]]
    return "".join(parts)


def _mask_chain(match: re.Match[str]) -> str:
    """The chain of digit groups with every personal number among them masked: where
    candidates overlap, an ID number before a phone number before an old 15-digit ID, and
    then the leftmost and longest.  Separators stay as they are.  A chain longer than
    :data:`_LONGEST_SEARCHED` has all its digits masked."""
    text = match.group()
    if len(text) < _SHORTEST_PERSONAL:  # too few characters to hold one (a date's digits)
        return text
    if len(text) > _LONGEST_SEARCHED:
        return _mask_digits(text)
    groups = [found for found in _TOKEN.finditer(text) if found.lastgroup == "group"]
    folded = [_fold(group.group()) for group in groups]
    plus = match.string[: match.start()].rstrip("(\uff08")[-1:] in _PLUS
    hidden: dict[int, tuple[int, int, int]] = {}  # first group → last group, kept
    taken: set[int] = set()
    for _, first, last, keep_start, keep_end in sorted(
        _candidates(folded, plus), key=lambda c: (c[0], c[1], -c[2])
    ):
        if taken.isdisjoint(range(first, last + 1)):
            taken.update(range(first, last + 1))
            hidden[first] = (last, keep_start, keep_end)
    out, done = [], 0
    for first, (last, keep_start, keep_end) in sorted(hidden.items()):
        length = sum(len(folded[index]) for index in range(first, last + 1))
        if folded[last].endswith("X") and length != 18:
            length -= 1  # a trailing x after a phone number stays as it is
        end_at, seen = length - keep_end, 0
        for group in groups[first : last + 1]:
            out.append(text[done : group.start()])
            for char in group.group():
                out.append("*" if keep_start <= seen < end_at else char)
                seen += 1
            done = group.end()
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
    text = _CHAIN.sub(_mask_chain, text)
    if _SEVEN_DIGITS.search(text) is not None:
        text = _DOCUMENT.sub(_mask_document, text)
    return _TAIWAN_PERMIT.sub(_mask_taiwan_permit, text) if "\u53f0" in text else text


def _mask_taiwan_permit(match: re.Match[str]) -> str:
    """A Taiwan resident's travel permit number after its name: every digit hidden, as
    :func:`qualcheck.numbers.ric.mask` hides it."""
    return match["label"] + "*" * len(match["number"])


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
