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

Licences and identity cards often print the label without a colon — the business
licence prints 统一社会信用代码 over or next to the code, the identity card 公民身份号码
next to the number — so an OCR'd line reads ``统一社会信用代码 9111…`` or
``公民身份号码1101…``.  Text without a colon that begins with such a label loses it too: a
run of Chinese characters ending in a word that names a number or a document (代码, 编号,
号码, 证号, 注册号, 备案号, 批准号, 许可证, 执照, 备案凭证, 证书, 批准书), followed —
after white space, or directly — by a digit, a Latin letter, an opening bracket, the 第
of a ``第…号`` or a province abbreviation.  A label holds no province abbreviation
(licence numbers begin with one: ``粤穗食药监械经营许…``, ``粤食备…``, so such a number is
never taken for a label), and nothing is dropped when no number follows.

>>> clean("统一社会信用代码 91110108795101314G", "uscc")
'91110108795101314G'
>>> clean("公民身份号码11010519491231002X", "ric")
'11010519491231002X'
>>> clean("许可证编号粤穗食药监械经营许20171161号", "device_business")
'粤穗食药监械经营许20171161号'
>>> clean("粤穗食药监械经营许20171161号", "device_business")  # no label: unchanged
'粤穗食药监械经营许20171161号'

A label may also be the *title of the document* itself, printed with the name of the
province or city that issued it — ``北京市医疗器械经营许可证京朝食药监械经营许…``,
``广东省药品经营许可证粤AA0200001``.  Such a label holds province abbreviations (北**京**市),
so the rule above leaves it alone; it is dropped when it is, in full, one of the known
document titles (营业执照, 食品经营许可证, 食品生产许可证, 药品经营许可证, 医疗器械经营许可证,
第二类医疗器械经营备案凭证, 互联网药品信息服务资格证书, 检验检测机构资质认定证书, 认证机构批准书,
仅销售预包装食品备案凭证 …), possibly preceded by up to three place names (each ending in
省, 市, 自治区, 自治州, 地区, 州, 盟, 区, 县 or 旗) and followed by ``（副本）`` or ``（正本）``
and a word for its number (编号, 证号, 号码, 号 …); brackets around the title
(``《药品经营许可证》``, ``【…】``) go with it.  No licence number holds a complete
document title (a device number holds 经营许, never 经营许可证), so a number's own leading
province characters are never cut.

>>> clean("北京市医疗器械经营许可证京朝食药监械经营许20150123号", "device_business")
'京朝食药监械经营许20150123号'
>>> clean("广东省药品经营许可证粤AA0200001", "drug_business")
'粤AA0200001'
>>> clean("《食品经营许可证》JY13301080111719", "food_business")
'JY13301080111719'
>>> clean("京朝食药监械经营许20150123号", "device_business")  # a number, not a title
'京朝食药监械经营许20150123号'

A footer also prints the number in brackets after its label
(``食品经营许可证（JY11101172150475）``, ``医疗器械经营许可证（京东食药监械经营许20200039号）``):
when a label was dropped, one pair of brackets around *all* of the rest goes too (never
the ``(京)`` that begins a drug information certificate's number: it does not close at the
end).

>>> clean("食品经营许可证（JY11101172150475）", "food_business")
'JY11101172150475'
>>> clean_keep_dashes("互联网药品信息服务资格证书（(京)-经营性-2014-0008）", "drug_info")
'(京)-经营性-2014-0008'
>>> clean("(JY11101172150475)", "food_business")  # no label: left as it is
'(JY11101172150475)'

Numbers are printed with a trailing 号 on some pages (``食品经营许可证JY11113080533669号``)
or as ``第…号``; no licence or certificate number holds a 第 or a 号, so for these kinds
a 号 after the last digit or letter is dropped, with a 第 in front (the local food
filing formats keep theirs: they are not among these kinds; a device number's optional
号 is dropped by its own module).

>>> clean("JY11113080533669号", "food_business")
'JY11113080533669'
>>> clean_keep_dashes("第（京）-经营性-2021-0001号", "drug_info")
'(京)-经营性-2021-0001'
"""

from __future__ import annotations

import re
import unicodedata

from qualcheck._codes import Code, Severity, define, type_zh
from qualcheck.exceptions import InvalidFormat, InvalidLength
from qualcheck.numbers._provinces import ABBREVIATIONS

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
_ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u202a\u202c\u202d"
"""Characters that print nothing and leave digits shown in the order they are read,
dropped: zero-width ones, the soft hyphen, the direction marks (LRM, RLM, ALM) and the
left-to-right embedding, override and their end (LRE, LRO, PDF), which text copied from a
web page or a Windows dialog carries (``\u202a13812345678\u202c``).  Not dropped, so a
number holding one is invalid: the right-to-left embedding and override (RLE, RLO) and the
isolates (LRI, RLI, FSI, PDI), which can show a number's digits in another order than the
one it is read in — what a reviewer sees would not be what was checked."""
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LABEL = re.compile(
    rf"[\s{_ZERO_WIDTH}{_QUOTES}{_CJK}A-Za-z\uff21-\uff3a\uff41-\uff5a"
    r"()\[\]（）［］【】〔〕《》<>/／、·・.．:：]*"
)
"""The characters a label may hold (it must also hold a Chinese character or two letters)."""
_HAS_CJK = re.compile(f"[{_CJK}]")
_LATIN = re.compile(r"[A-Za-z\uff21-\uff3a\uff41-\uff5a]")
_PROVINCE_CHARS = "".join(sorted(ABBREVIATIONS))
_OPENING = "(\\[（［【〔「《<"
_CLOSING = ")\\]）］】〕」》>"
_NUMBER_START = rf"(?=[0-9A-Za-z(\[（［【〔「第{_PROVINCE_CHARS}])"
_UNCOLONED_LABEL = re.compile(
    rf"(?:(?![{_PROVINCE_CHARS}])[{_CJK}]){{0,24}}?"
    r"(?:代码|编号|号码|证号|注册号|备案号|批准号|许可证|执照|备案凭证|证书|批准书)" + _NUMBER_START
)
"""A label printed without a colon (:func:`_drop_uncoloned_label`): Chinese characters, no
province abbreviation among them, ending in a word that names a number or a document, and
followed by what begins a number (white space removed first)."""
_DOCUMENT_TITLES = (
    "营业执照",
    "组织机构代码证",
    "食品经营许可证",
    "食品生产许可证",
    "食品流通许可证",
    "餐饮服务许可证",
    "食品经营备案凭证",
    "食品经营备案",
    "仅销售预包装食品经营者备案凭证",
    "仅销售预包装食品备案凭证",
    "仅销售预包装食品备案",
    "预包装食品备案凭证",
    "预包装食品经营备案凭证",
    "药品经营许可证",
    "互联网药品信息服务资格证书",
    "互联网药品信息服务资格证",
    "医疗器械经营许可证",
    "医疗器械经营企业许可证",
    "第二类医疗器械经营备案凭证",
    "第二类医疗器械经营备案",
    "医疗器械经营备案凭证",
    "检验检测机构资质认定证书",
    "资质认定证书",
    "认证机构批准书",
)
"""Titles of the documents whose numbers qualcheck reads, longest first in the pattern."""
_PLACE = rf"[{_CJK}]{{1,8}}?(?:省|市|特别行政区|自治区|自治州|自治县|地区|州|盟|区|县|旗)"
_TITLED_LABEL = re.compile(
    rf"[{_OPENING}]?(?:{_PLACE}){{0,3}}"
    rf"[{_OPENING}]?(?:{'|'.join(sorted(_DOCUMENT_TITLES, key=len, reverse=True))})"
    rf"[{_CLOSING}]?"
    rf"(?:[(（](?:副本|正本)[)）])?"
    r"(?:编号|证号|证书编号|许可证号|许可证编号|备案号|备案编号|号码|号)?"
    rf"[{_CLOSING}]?" + _NUMBER_START
)
"""A document's own title as a label, after the place names of its issuer (see the module
doc): it may hold province abbreviations, since it is matched as a whole."""
_TRAILING_HAO_KINDS = frozenset(
    {
        "food_business",
        "food_production",
        "drug_business",
        "drug_info",
        "cnca",
        "cma",
    }
)
"""Kinds whose printed number may end in a 号 that is not part of it, or be printed as
``第…号`` (see the module doc): none of their numbers holds a 第 or a 号.  The national
codes (USCC, organisation code, registration number) are never printed so: a 号 after
one is debris, and is reported."""
_DI_KINDS = _TRAILING_HAO_KINDS | {"device_business"}
"""Kinds whose number may be printed as ``第…号``: the 第 is dropped (a device number's
号 is optional, its module drops it)."""
_SQUARE_BRACKETS = "[]【】〔〕「」『』〖〗"
"""Brackets that kinds whose dashes separate parts read as round ones: the province of a
drug information certificate's number, ``(京)``, is printed, typed and OCR'd in all of them
(full-width ``［］`` become these first)."""
_BRACKET_PAIRS = dict(zip("(（[［【〔「《", ")）]］】〕」》", strict=True))
"""Brackets that may enclose a whole number printed after its label (:func:`_unwrap`)."""
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
        elif self._keep_dashes and char in _SQUARE_BRACKETS:  # （京） as 【京】, 〔京〕, 「京」
            result = ord("(") if _SQUARE_BRACKETS.index(char) % 2 == 0 else ord(")")
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


def _unwrap(text: str) -> str:
    """``text`` without one pair of brackets that encloses all of it (what follows a
    dropped label: ``（JY…）``); a bracket that closes before the end (``(京)-经营性-…``)
    is part of the number and stays.

    >>> _unwrap("（JY11101172150475）"), _unwrap("((京)-经营性-2014-0008)")
    ('JY11101172150475', '(京)-经营性-2014-0008')
    >>> _unwrap("(京)-经营性-2014-0008"), _unwrap("(京)(1)")
    ('(京)-经营性-2014-0008', '(京)(1)')
    """
    text = text.strip()
    closing = _BRACKET_PAIRS.get(text[:1])
    if closing is None or len(text) < 3 or text[-1] != closing:
        return text
    depth = 0
    for position, char in enumerate(text):
        depth += (char == text[0]) - (char == closing)
        if depth == 0:
            return text[1:-1] if position == len(text) - 1 else text
    return text


def _drop_label(text: str) -> str:
    """``text`` without a leading label ending in ``:`` or ``：`` (see the module doc)."""
    cut = max(text.rfind(":"), text.rfind("\uff1a"))
    label, rest = text[:cut], text[cut + 1 :]
    if (
        _LABEL.fullmatch(label) is not None
        and (_HAS_CJK.search(label) is not None or len(_LATIN.findall(label)) >= 2)
        and any(char.isalnum() for char in rest)
    ):
        return _unwrap(rest)
    return text


def _drop_uncoloned_label(text: str) -> str:
    """``text`` (white space removed) without a leading label printed without a colon
    (``统一社会信用代码9111…``, ``公民身份号码1101…``; see the module doc)."""
    match = _TITLED_LABEL.match(text) or _UNCOLONED_LABEL.match(text)
    return _unwrap(text[match.end() :]) if match is not None else text


def _drop_trailing_hao(text: str, kind: str) -> str:
    """``text`` without a 号 printed after the number's last digit or letter, and without
    the 第 of a ``第…号`` around it, for the kinds that allow it."""
    if kind not in _DI_KINDS or len(text) < 2 or text[-1] != "号":
        return text
    if text[0] == "第" and len(text) > 2:
        text = text[1:]
    if kind in _TRAILING_HAO_KINDS and text[-2].isascii() and text[-2].isalnum():
        return text[:-1]
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
        text = text.translate(_DROP_DASHES).strip(_QUOTES)
        return _drop_trailing_hao(text, kind).upper()
    text = text.translate(_DROP_DASHES).strip(_QUOTES)
    if not text.isascii():
        text = _drop_trailing_hao(_drop_uncoloned_label(text), kind)
    return text.upper()


def clean_keep_dashes(value: object, kind: str) -> str:
    """Normalise ``value`` for a kind whose dashes are separators (they become ``-``)."""
    text = _check_text(value)
    if ":" in text or "\uff1a" in text:
        text = _drop_label(text)
        return _drop_trailing_hao(text.translate(_KEEP_DASHES).strip(_QUOTES), kind).upper()
    text = text.translate(_KEEP_DASHES).strip(_QUOTES)
    if not text.isascii():
        text = _drop_trailing_hao(_drop_uncoloned_label(text), kind)
    return text.upper()
