"""Input normalisation shared by every number kind: done once, fast for clean ASCII.

What it does: width variants (full-width digits, letters, brackets, the ideographic
space) become their ASCII forms (the NFKC ``<wide>``/``<narrow>`` mappings only, so
``'²'`` or ``'⑱'`` are *not* turned into digits); zero-width characters and soft hyphens
are dropped; white space is dropped; dashes are dropped (``clean``) or unified to
``-`` (``clean_keep_dashes``); quotes around the value (a spreadsheet's ``'`` text
marker) are dropped; letters are upper-cased.

>>> clean("９１１１ ０１０８-５５１３８５０８２ｑ", "uscc")
'91110108551385082Q'
>>> clean("91110108\\u200b551385082Q", "uscc")
'91110108551385082Q'
>>> clean("'91110108551385082Q", "uscc")
'91110108551385082Q'
>>> clean_keep_dashes("（京）－经营性—2014 -0008", "drug_info")
'(京)-经营性-2014-0008'
>>> clean(None, "uscc")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidFormat: Expected text, got NoneType.

A printed label in front of the number is dropped first (a footer or a licence copied
with its caption, ``统一社会信用代码：…``): no supported number contains a colon, so when
the text holds an ASCII ``:`` or a full-width ``：``, everything up to and including the
*last* one is dropped if it is a label — at least one Chinese character or two Latin
letters, and otherwise only Chinese characters, Latin letters, white space, brackets,
quotes, colons and the separators ``/ 、 · .`` (so no digit: a colon typed *inside* a
number is not a label) — and the rest holds a letter, digit or Chinese character.
Anything else is left as it is (and rejected by the kind's rules).  An English label
(``USCC:``, ``Licence No.:``) is dropped too; letters of the number itself typed before
a colon (``JY:1330…``) go with it, and what is left is rejected, as the whole was.  The
label's words are not read: it is dropped whatever number it names.

>>> clean("统一社会信用代码：91110108795101314G", "uscc")
'91110108795101314G'
>>> clean_keep_dashes("证书编号: （浙）-经营性-2018-0010", "drug_info")
'(浙)-经营性-2018-0010'
>>> clean("JY1330108:0111719", "food_business")  # digits before the colon: not a label
'JY1330108:0111719'
"""

from __future__ import annotations

import re
import unicodedata

from qualcheck._codes import Code, Severity, define, type_zh
from qualcheck.exceptions import InvalidFormat, InvalidLength

__all__ = ["MAX_INPUT_LENGTH", "clean", "clean_keep_dashes"]

MAX_INPUT_LENGTH = 64
"""Longer input is rejected before any other work (no identifier is half that long)."""

define(
    Code(
        "number.not_text",
        Severity.ERROR,
        "Expected text, got {type}.",
        "应为文本，实际为{type_zh}。",
    ),
    Code(
        "number.too_long",
        Severity.ERROR,
        "Input is {length} characters long; no identifier is longer than {limit}.",
        "输入长度为{length}个字符，任何编号都不超过{limit}个字符。",
    ),
)

_QUOTES = "'\"`‘’“”"
"""Quotes around a value (a spreadsheet's text marker ``'``, a copied ``"…"``) are not
part of any identifier and are dropped from both ends."""
_ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LABEL = re.compile(
    rf"[\s{_ZERO_WIDTH}{_QUOTES}{_CJK}A-Za-z\uff21-\uff3a\uff41-\uff5a"
    r"()\[\]（）［］【】〔〕《》<>/／、·・.．:：]*"
)
"""The characters a label may hold (it must also hold a Chinese character or two letters)."""
_HAS_CJK = re.compile(f"[{_CJK}]")
_LATIN = re.compile(r"[A-Za-z\uff21-\uff3a\uff41-\uff5a]")
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"


class _Translation(dict[int, "int | None"]):
    """A ``str.translate`` table that computes and caches the mapping of new characters."""

    def __init__(self, *, keep_dashes: bool) -> None:
        super().__init__()
        self._keep_dashes = keep_dashes

    def __missing__(self, codepoint: int) -> int | str | None:
        char = chr(codepoint)
        result: int | str | None
        if char in _ZERO_WIDTH or char.isspace():
            result = None
        elif char in _DASHES:
            result = ord("-") if self._keep_dashes else None
        elif unicodedata.decomposition(char).startswith(("<wide>", "<narrow>")):
            folded = unicodedata.normalize("NFKC", char)
            result = self[ord(folded)] if len(folded) == 1 else folded
        else:
            result = codepoint
        self[codepoint] = result  # type: ignore[assignment]
        return result


_DROP_DASHES = _Translation(keep_dashes=False)
_KEEP_DASHES = _Translation(keep_dashes=True)


def _check_text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFormat("number.not_text", type=type(value).__name__, type_zh=type_zh(value))
    if len(value) > MAX_INPUT_LENGTH:
        raise InvalidLength("number.too_long", length=len(value), limit=MAX_INPUT_LENGTH)
    return value


def _drop_label(text: str) -> str:
    """``text`` without a leading label ending in ``:`` or ``：`` (see the module doc)."""
    cut = max(text.rfind(":"), text.rfind("\uff1a"))
    label, rest = text[:cut], text[cut + 1 :]
    if (
        _LABEL.fullmatch(label) is not None
        and (_HAS_CJK.search(label) is not None or len(_LATIN.findall(label)) >= 2)
        and any(char.isalnum() for char in rest)
    ):
        return rest
    return text


def clean(value: object, kind: str) -> str:
    """Normalise ``value`` for an alphanumeric kind: drop spaces and dashes, upper-case.

    ``kind`` is accepted for symmetry with the error codes of the caller; the result
    does not depend on it.
    """
    text = _check_text(value)
    if text.isascii() and text.isalnum():
        return text.upper()
    if ":" in text or "\uff1a" in text:
        text = _drop_label(text)
    return text.translate(_DROP_DASHES).strip(_QUOTES).upper()


def clean_keep_dashes(value: object, kind: str) -> str:
    """Normalise ``value`` for a kind whose dashes are separators (they become ``-``)."""
    text = _check_text(value)
    if ":" in text or "\uff1a" in text:
        text = _drop_label(text)
    return text.translate(_KEEP_DASHES).strip(_QUOTES).upper()
