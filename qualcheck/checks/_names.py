"""The place in a company's name, and the rest of it, for telling a near miss from
another name.

An enterprise name is a place, a trade name, an industry and a legal form (企业名称登记管理
规定): ``杭州示例优选食品有限公司``.  The place may be written in full or short (``杭州市``,
``杭州``), with its province in front (``浙江省杭州市``), or in brackets after the trade
name (``示例优选食品（杭州）有限公司``).  Two names that differ only in this way are not the
same text, but likely the same seller: the consistency check asks for review
(``consistency.name_similar``) instead of failing the document, and reads traditional
characters as simplified ones before it compares.  Names whose places differ
(``杭州示例…`` and ``宁波示例…``) are different sellers.

A place may also be written by a name it bore before a rename (``襄樊`` for 襄阳市, renamed
in 2010; ``思茅`` for 普洱市): companies keep the old place in their names, and an old
licence may carry it.  A former name stands for the place it became
(:func:`qualcheck.numbers.regions.successors`), unless it is still the name of another
place.

>>> same_but_for_place("杭州市示例优选食品有限公司", "示例优选食品(杭州)有限公司")
True
>>> same_but_for_place("杭州示例优选食品有限公司", "宁波示例优选食品有限公司")
False
>>> same_but_for_place("襄樊示例食品有限公司", "湖北省襄阳市示例食品有限公司")
True
>>> same_but_for_place("襄樊示例食品有限公司", "宜昌示例食品有限公司")
False

The country in brackets, ``（中国）``, is a place too, wherever it stands: it holds
every place.

>>> same_but_for_place("示例(中国)投资有限公司", "示例投资(中国)有限公司")
True
"""

from __future__ import annotations

import functools
import re

from qualcheck._memo import LONGEST_NAME, remembered
from qualcheck.numbers import regions

__all__ = ["name_core", "same_but_for_place"]

_PROVINCE_FORMS = re.compile(
    r"(?:维吾尔|壮族|回族)?自治区$|特别行政区$|省$|市$"
)  # 新疆维吾尔自治区 → 新疆, 广西壮族自治区 → 广西, 浙江省 → 浙江, 北京市 → 北京
_PREFECTURE_FORMS = re.compile(r"市$|地区$|盟$")  # 杭州市 → 杭州
_PEOPLES = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山"
    "|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米"
    "|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
_AUTONOMOUS = re.compile(rf"(?:(?:{_PEOPLES})族)+自治(?:州|县|旗)$")
"""The peoples and 自治州/县/旗 after an autonomous place's name: 延边朝鲜族自治州 → 延边,
恩施土家族苗族自治州 → 恩施, 长阳土家族自治县 → 长阳."""
_BRACKETED = re.compile(r"\(([^()]{2,12})\)")
_LONGEST_PLACE = 12
_COUNTRY = {"中国": frozenset({""})}
"""The country in brackets (``示例（中国）投资有限公司``, ``示例投资（中国）有限公司``), as a
place holding every other: its code is the prefix of every code."""


def _level(code: str) -> str:
    """A code cut to its level: ``33``, ``3301``, ``330106``."""
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code


def _forms(code: str, name: str) -> tuple[str, ...]:
    """A place's name as companies write it, in full and short: provinces, prefectures,
    county-level cities and autonomous places have a short form (``浙江``, ``杭州``,
    ``义乌``, ``延边``); a form of one character is none."""
    if code.endswith("0000"):
        short = _PROVINCE_FORMS.sub("", name)
    elif code.endswith("00"):
        short = _PREFECTURE_FORMS.sub("", _AUTONOMOUS.sub("", name))
    else:
        short = name[:-1] if name.endswith("市") else _AUTONOMOUS.sub("", name)
    if short == name:
        return (name,) if len(name) >= 2 else ()
    return tuple(form for form in (name, short) if len(form) >= 2)


def _related(first: str, second: str) -> bool:
    """Whether one of two places (codes cut to their level) lies in, or is, the other."""
    return first.startswith(second) or second.startswith(first)


@functools.cache
def _places() -> dict[str, frozenset[str]]:
    """Place names → the codes they may stand for, cut to their level (``33``, ``3301``,
    ``330106``): every province, prefecture and county in the table (current or retired),
    by its full name and short form (:func:`_forms`); Hong Kong and Macao too.

    Former names (:func:`qualcheck.numbers.regions.former_names`), full and short, stand
    for the place they became too, except: a form that is a current place's name gets
    nothing added (朝阳 of 朝阳地区 stays 朝阳市's); a former name one of whose forms is
    the current name of a place that neither is, holds nor lies in its successor is left
    out whole (the name lives on there); a form shared by former names of places lying
    apart stands for neither."""
    found: dict[str, set[str]] = {}
    current: dict[str, set[str]] = {}
    for code in regions.codes():
        region = regions.lookup(code)
        if region is None or region.name in regions._GROUPING:
            continue
        level = _level(code)
        for form in _forms(code, region.name):
            found.setdefault(form, set()).add(level)
            if region.is_current:
                current.setdefault(form, set()).add(level)
    for code in ("810000", "820000"):  # not in codes()
        for form in _forms(code, regions.SPECIAL_CODES[code].name):
            found.setdefault(form, set()).add(code[:2])
            current.setdefault(form, set()).add(code[:2])

    renamed: dict[str, set[str]] = {}
    for former in regions.former_names():
        successor = _level(former.successor)
        forms = _forms(former.code, former.name)
        if any(
            not any(_related(code, successor) for code in current[form])
            for form in forms
            if form in current
        ):
            continue
        for form in forms:
            if form not in current:
                renamed.setdefault(form, set()).add(successor)
    for form, codes in renamed.items():
        if all(_related(one, two) for one in codes for two in codes):
            found.setdefault(form, set()).update(codes)
    return {name: frozenset(codes) for name, codes in found.items()}


@remembered(maxsize=16384, longest=LONGEST_NAME)
def name_core(normalized: str) -> tuple[str, tuple[frozenset[str], ...]]:
    """A name (as :func:`~qualcheck.checks.consistency.normalize_name` gives it) without
    the places it starts with or holds in brackets (``（中国）`` too), and those places
    (each as the codes it may stand for).

    >>> core, places = name_core("浙江省杭州市示例优选食品有限公司")
    >>> core, [sorted(codes) for codes in places]
    ('示例优选食品有限公司', [['33'], ['3301']])
    """
    text = normalized
    places = _places()
    found: list[frozenset[str]] = []

    def bracketed(match: re.Match[str]) -> str:
        codes = places.get(match[1]) or _COUNTRY.get(match[1])
        if codes is None:
            return match[0]
        found.append(codes)
        return ""

    text = _BRACKETED.sub(bracketed, text)
    while True:
        for length in range(min(len(text) - 1, _LONGEST_PLACE), 1, -1):
            codes = places.get(text[:length])
            if codes is not None:
                found.append(codes)
                text = text[length:]
                break
        else:
            return text, tuple(found)


def _compatible(first: tuple[frozenset[str], ...], second: tuple[frozenset[str], ...]) -> bool:
    """Whether two names' places may be one place.  Places both names give alike are set
    aside (a trade name that is also a place, 朝阳 in ``杭州朝阳…`` and ``杭州市朝阳…``);
    of the rest, either name gives none, or every place of one lies in (or holds) every
    place of the other (``浙江`` and ``杭州``, ``深圳市南山区`` and ``深圳``; not
    ``浙江省杭州市`` and ``宁波``, nor ``北京市朝阳区`` and ``长春市朝阳区``, nor ``杭州朝阳…``
    and ``宁波朝阳…``)."""
    rest = list(second)
    only_first = []
    for place in first:
        if place in rest:
            rest.remove(place)
        else:
            only_first.append(place)
    if not only_first or not rest:
        return True
    return all(
        any(left.startswith(right) or right.startswith(left) for left in one for right in two)
        for one in only_first
        for two in rest
    )


def same_but_for_place(first: str, second: str) -> bool:
    """Whether two normalised names differ only in how their place is written (full,
    short, with its province, in brackets) — their places being one.

    >>> same_but_for_place("浙江示例有限公司", "杭州示例有限公司")  # 杭州 is in 浙江
    True
    """
    core_one, places_one = name_core(first)
    core_two, places_two = name_core(second)
    return bool(core_one) and core_one == core_two and _compatible(places_one, places_two)
