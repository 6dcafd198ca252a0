"""Reading a licence's scope (许可范围 / 经营项目): items, and what they exclude or are
limited to.

A scope lists items (``预包装食品销售；散装食品销售``), each of which may carry clauses:
inclusions (含…, 包括…), exclusions (不含…, 不包括…, 除…外, …除外, 不得…) and limitations
(仅限…, 限于…, or a bracket naming goods).  :func:`read_scope` reads a scope into
:class:`ScopeItem` objects; :func:`covers` says whether an item covers a category, given
the category's keywords and the names it was declared under — and, for device goods whose
catalogue groups are known, whether the groups a class lists (Ⅲ类：6815,6821…) hold them.

>>> reading = read_scope("预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）")
>>> [(item.head, item.included, item.excluded) for item in reading.items]
[('预包装食品销售', ('冷藏冷冻食品',), ()), ('散装食品销售', (), ('散装熟食',))]
>>> covers(reading, ("散装食品",), ("散装食品",), "散装食品")
True
>>> covers(reading, ("散装食品",), ("散装熟食",), "散装熟食")
False
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence

from qualcheck._memo import LONGEST_SCOPE, remembered, texts_size
from qualcheck.checks._hanzi import to_simplified

__all__ = [
    "ScopeItem",
    "ScopeReading",
    "ScopeUnreadable",
    "catalogue_codes",
    "covers",
    "excludes_group",
    "mentions",
    "names_any",
    "names_class",
    "read_items",
    "read_scope",
]


_OPEN = "([{【〔〖"
_CLOSE = ")]}】〕〗"
_ITEM_SEPARATORS = ";,、。"
"""Between the items of a scope (after NFKC: ；，→ ;,), and line breaks."""
_CLAUSE_SEPARATORS = _ITEM_SEPARATORS + ":/"
"""Between the entries of a bracket or a clause."""
_EXCLUDE_MARKS = ("不包括", "不包含", "不含有", "不得经营", "不经营", "不含", "不得")
# 於 is also a simplified character, so a traditional 限於 keeps it
_LIMIT_MARKS = ("仅限于", "仅限於", "仅限", "只限于", "只限於", "只限", "限于", "限於")
_BRACKET_LIMIT_MARKS = (*_LIMIT_MARKS, "仅", "只", "限")
_INCLUDE_MARKS = ("包括", "包含", "含有", "含")
_WHOLE_SCOPE_MARKS = ("以上", "上述")
_NEUTRAL_BRACKET = re.compile(
    r"网络经营|网络销售|网上销售|\d{4}年?版?(医疗器械)?分类(目录)?|\d{4}年?版(分类)?(目录)?"
    r"|(批发|零售|批零兼营|批发兼零售|零售兼批发)(经营)?"
    r"|(诊断试剂)?不?需要?(低温)?(冷藏|冷冻|冷链)+(运输|贮存|储存|和|及)*|(运输|贮存|储存)+"
    r"|简单(?:制售|加工(?:制作)?)"
    r"|[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
)
"""Bare brackets that say how (mode of sale, storage and transport, simple preparation
— 热食类食品制售（仅限简单制售）), under which catalogue edition, or which number of a
list an item is ((一), (2)), not which goods."""
_CLASS_BEFORE = re.compile(
    r"(?:第?(?:[一二三甲乙丙123]|i{1,3})类[/和及与]){0,4}第?(?:[一二三甲乙丙123]|i{1,3})类$"
)
"""The classes written right before a word (乙类非处方药, 甲类和乙类非处方药, 甲类/乙类…)."""
_CLASS_RUN_LENGTH = 32
"""How far before a word :data:`_CLASS_BEFORE` is looked for (five classes at most)."""
_CLASS_IN_RUN = re.compile(r"([一二三甲乙丙123]|i{1,3})类")
_CLASS_PREFIX = re.compile(r"(?:第)?([一二三甲乙丙123]|i{1,3})类")
_CLASS_VALUES = {"一": "1", "i": "1", "二": "2", "ii": "2", "三": "3", "iii": "3"}


@dataclasses.dataclass(frozen=True, slots=True)
class ScopeItem:
    """One item of a licence scope, read: what it names and what it excludes or is
    limited to.  Texts are normalised (NFKC, case-folded, no whitespace, traditional
    characters read as simplified ones)."""

    head: str
    """The item without its clauses: ``散装食品销售`` of ``散装食品销售（不含散装熟食）``."""
    included: tuple[str, ...] = ()
    """Entries it says it includes (含…, 包括…): they count like the head."""
    excluded: tuple[str, ...] = ()
    """Entries it excludes (不含…, 不包括…, 除…外, …除外, 不得…)."""
    limited_to: tuple[tuple[str, ...], ...] = ()
    """Limitations (仅限…, 限…, or a bracket naming goods): each lists the entries the item
    is limited to."""

    @property
    def texts(self) -> tuple[str, ...]:
        """The texts a keyword may be found in: head, inclusions and limitations."""
        return (self.head, *self.included, *(e for limit in self.limited_to for e in limit))


@dataclasses.dataclass(frozen=True, slots=True)
class ScopeReading:
    """A licence scope read into items, with the clauses that bind the whole scope (a
    clause standing alone, or one saying 以上/上述)."""

    text: str
    """The whole scope, normalised (items joined by ``;``)."""
    items: tuple[ScopeItem, ...]
    excluded: tuple[str, ...] = ()
    limited_to: tuple[tuple[str, ...], ...] = ()


_ROMAN_CLASS = r"(?:iii|ii|i)"
_ENUMERATION_SEPARATOR = r"[、,/和及与]"
_ENUMERATED_CLASSES = re.compile(
    # the classes of one enumeration are numbered alike: 二、iii类 is an item numbered 二
    # followed by class iii, not classes ii and iii
    # (five classes at most: a longer run is no enumeration, and is not searched twice)
    rf"(?<![a-z0-9])第{_ROMAN_CLASS}(?:{_ENUMERATION_SEPARATOR}第{_ROMAN_CLASS}){{1,4}}(?=类)"
    rf"|(?<![a-z0-9])第?{_ROMAN_CLASS}(?:{_ENUMERATION_SEPARATOR}{_ROMAN_CLASS}){{1,4}}(?=类)"
    rf"|第[一二三](?:{_ENUMERATION_SEPARATOR}第[一二三]){{1,4}}(?=类)"
    rf"|第?[一二三](?:{_ENUMERATION_SEPARATOR}[一二三]){{1,4}}(?=类)"
    rf"|[甲乙丙](?:{_ENUMERATION_SEPARATOR}[甲乙丙]){{1,4}}(?=类)"
    r"|第?(?:一二三?|二三)(?=类)|甲乙丙?(?=类)|乙丙(?=类)"
)
"""Classes enumerated before one 类 (二、三类, 第二、第三类, ii、iii类, 甲、乙类, 甲乙类)."""
_CLASS_NUMERAL = re.compile(r"iii|ii|i|[一二三甲乙丙]")


def _write_out(match: re.Match[str]) -> str:
    """二、三 (before 类) → 二类、三; 甲乙 → 甲类、乙: every class but the last gets its 类."""
    text = match[0]
    numerals = list(_CLASS_NUMERAL.finditer(text))
    out: list[str] = []
    start = 0
    for numeral in numerals[:-1]:
        out.append(text[start : numeral.end()] + "类")
        start = numeral.end()
        if text[start] in "一二三甲乙丙":  # written without a separator
            out.append("、")
    return "".join(out) + text[start:]


def _normalize_scope(text: str) -> str:
    """NFKC, lower case, simplified characters, no white space (line breaks end items).

    >>> _normalize_scope("第Ⅱ、Ⅲ类 醫療器械\\n参考资料")
    '第ii、iii类医疗器械;参考资料'
    """
    text = to_simplified(unicodedata.normalize("NFKC", text).casefold())
    if not text.isascii():  # zero-width spaces, joiners, soft hyphens: 非\u200b处方药 is 非处方药
        text = "".join(char for char in text if unicodedata.category(char) != "Cf")
        if "、" in text or "." in text or "," in text:  # 一、… 二、… printed on one line
            text = _SPACED_LIST_NUMBER.sub(";", text)
    return "".join(text.replace("\r", ";").replace("\n", ";").split())


_SPACED_LIST_NUMBER = re.compile(r"(?<=[^\s、,;:.])\s+(?=[一二三四五六七八九十]{1,3}[、.,])")
"""White space before a list number (…医疗器械 二、…): it ends an item."""


def _classes_written_out(text: str) -> str:
    """Each class of an enumeration written out (二、三类 → 二类、三类), formal numerals
    read as plain ones (贰类 → 二类), once the items of a list numbered 一、二、… have lost
    their numbers.

    >>> _classes_written_out("第ii、iii类医疗器械")
    '第ii类、iii类医疗器械'
    >>> _classes_written_out("第贰、叁类医疗器械;参考资料")
    '第二类、三类医疗器械;参考资料'
    >>> _classes_written_out("一、三类医疗器械;二、二类医疗器械")  # a numbered list
    '三类医疗器械;二类医疗器械'
    >>> _classes_written_out("一;三类医疗器械;二、二类医疗器械")  # its items, split
    ';三类医疗器械;二类医疗器械'
    """
    if "类" not in text:
        return text
    text = _without_list_numbers(text)
    if _FORMAL_NUMERAL.search(text):
        text = _FORMAL_RUN.sub(lambda run: _formal_read(run, text), text)
    return _ENUMERATED_CLASSES.sub(_write_out, text)


_ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
_LIST_NUMBERS = (*_ORDINALS, *(f"十{n}" for n in _ORDINALS[:9]), "二十")
_LIST_NUMBER = re.compile(r"(?:^|(?<=[;。:,]))([一二三四五六七八九十]{1,3})(?:[、.,]|(?=;))")
"""A list number at the start of an item or after a heading (许可项目：一、…), or standing
as an item of its own (a scope given as items, split at its 、)."""


def _without_list_numbers(text: str) -> str:
    """``text`` without the numbers of the lists whose items are numbered 一、二、… in turn
    (two items at least; a list may start again at 一): they name neither goods nor
    classes — in 一、三类医疗器械；二、二类医疗器械 the 一 and 二 number the items, they are
    not classes I and II.  A lone 一、二类 stays an enumeration of classes.

    >>> _without_list_numbers("a:一、三类;二、三类;b:一、二类;二、二类")
    'a:三类;三类;b:二类;二类'
    """
    lists: list[list[re.Match[str]]] = []
    for match in _LIST_NUMBER.finditer(text):
        if match[1] == _LIST_NUMBERS[0]:
            lists.append([match])
        elif lists and len(lists[-1]) < len(_LIST_NUMBERS):
            if match[1] == _LIST_NUMBERS[len(lists[-1])]:
                lists[-1].append(match)
            else:  # out of turn: no list number; the list ends
                lists.append([])
    numbered = [match for found in lists if len(found) >= 2 for match in found]
    if not numbered:
        return text
    out: list[str] = []
    start = 0
    for match in numbered:
        out.append(text[start : match.start()])
        start = match.end()
    return "".join(out) + text[start:]


_FORMAL_VALUES = {"壹": "一", "贰": "二", "叁": "三", "参": "三", "叄": "三"}
_FORMAL_NUMERAL = re.compile("[壹贰叁参叄]")
_FORMAL_RUN = re.compile(r"[壹贰叁参叄一二三第、,/和及与]+")
_FORMAL_TABLE = str.maketrans(_FORMAL_VALUES)


def _formal_read(run: re.Match[str], text: str) -> str:
    """The formal numerals of a class (贰类, 第叁类, 贰、叁类: amounts' numerals, as some
    licences print classes), read as the plain ones (二类, 第三类): those of a run of
    numerals right before 类; a 参 not before 类 stays.  Each run is read once."""
    return run[0].translate(_FORMAL_TABLE) if text.startswith("类", run.end()) else run[0]


def _split_top(text: str, separators: str) -> list[str]:
    """``text`` split at ``separators`` outside brackets; empty parts dropped."""
    parts: list[str] = []
    start = depth = 0
    for at, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and char in separators:
            parts.append(text[start:at])
            start = at + 1
    parts.append(text[start:])
    return [part for part in parts if part]


def _brackets(text: str) -> tuple[str, list[str]]:
    """``text`` without its top-level brackets, and their contents (an unclosed bracket
    runs to the end; a stray closing one is dropped)."""
    outside: list[str] = []
    groups: list[str] = []
    inside: list[str] = []
    depth = 0
    for char in text:
        if char in _OPEN:
            if depth:
                inside.append(char)
            depth += 1
        elif char in _CLOSE:
            if depth == 0:
                continue
            depth -= 1
            if depth:
                inside.append(char)
            else:
                groups.append("".join(inside))
                inside = []
        elif depth:
            inside.append(char)
        else:
            outside.append(char)
    if depth:
        groups.append("".join(inside))
    return "".join(outside), groups


_Clause = tuple[str, tuple[str, ...], bool]
"""(kind: exclude/include/limit, entries, binds the whole scope)."""


def _entries(text: str) -> tuple[str, ...]:
    return tuple(_shared_nouns(_split_top(text.strip(":"), _CLAUSE_SEPARATORS)))


def _whole_scope(prefix: str) -> bool:
    return any(mark in prefix for mark in _WHOLE_SCOPE_MARKS)


_WHOLE_LEAD = re.compile(r"(?:以上|上述)(?:各项|所列)?(?:经营)?(?:项目|范围|类别)?(?:均|都)?")
"""What says, before a limitation in a bracket, that it binds the whole scope (以上均…,
上述经营项目…)."""


def _limit_mark(text: str) -> str:
    """The limitation mark ``text`` starts with (仅限, 限 …), with the words before it
    that make it bind the whole scope (以上仅限…), or ``""``."""
    lead = _WHOLE_LEAD.match(text)
    at = lead.end() if lead is not None else 0
    mark = next((m for m in _BRACKET_LIMIT_MARKS if text.startswith(m, at)), "")
    return text[: at + len(mark)] if mark else ""


_EXCEPT_END = re.compile(r"外(?=的|$)")


def _exclusion(text: str) -> tuple[str, str, str] | None:
    """(text before, excluded text, text after) if ``text`` holds an exclusion."""
    for mark in _EXCLUDE_MARKS:
        at = text.find(mark)
        if at >= 0:
            return text[:at], text[at + len(mark) :], ""
    if text.endswith("除外"):
        return "", text[:-2], ""
    at = text.find("除")
    if at >= 0:
        rest = text[at + 1 :]
        closing = _EXCEPT_END.search(rest)
        # the 外 that closes 除…外 ends the text or comes before 的; another 外 may be part
        # of a word (除体外诊断试剂)
        end = closing.start() if closing is not None else -1 if at == 0 else rest.rfind("外")
        if end >= 0:
            excluded = rest[:end].removesuffix("以")
            return text[:at], excluded, rest[end + 1 :]
        if at == 0 or catalogue_codes(rest):  # 除6822: no word starts with a group
            return text[:at], rest, ""
        if text[:at].endswith(_CLASS_ENDS):  # 第三类医疗器械除隐形眼镜: no word starts there
            return text[:at], rest, ""
    return None


_CLASS_ENDS = ("医疗器械", "类", "類")
"""What a device class heading ends with: a 除 right after one, with no 外 to close it,
still excludes what follows (第三类医疗器械除隐形眼镜, Ⅲ类除6822)."""


_NUMBERING_BRACKET = re.compile(r"\((?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\)")
"""A bracket numbering the entries of a list, in a bracket: (1), (一)."""

_BRACKET_DEPTH = 32
"""Brackets nested deeper than this make a scope unreadable."""


class ScopeUnreadable(ValueError):
    """A scope qualcheck cannot read (brackets nested past :data:`_BRACKET_DEPTH`): no
    real licence prints one, so it is never read as covering anything."""


def _read_bracket(content: str, whole: bool, depth: int = 0) -> list[_Clause]:
    """The clauses of one bracket's content (``whole``: the item has no head)."""
    clauses: list[_Clause] = []
    limits: list[str] = []
    limits_whole = whole
    kind: str | None = None
    unmarked: list[str] = []  # entries read as a limitation for want of a marker
    open_except = False  # 除… whose 外 is still to come (除A、B外)
    if "(" in content:  # (1)…(2)…: the numbers of a list separate its entries
        content = _NUMBERING_BRACKET.sub("、", content)
    for part in _shared_nouns(_split_top(content, _CLAUSE_SEPARATORS)):
        text, nested = _brackets(part)
        for group in nested:
            if depth + 2 > _BRACKET_DEPTH:  # this bracket is nested depth + 2 deep
                raise ScopeUnreadable(f"brackets nested more than {_BRACKET_DEPTH} deep")
            clauses.extend(_read_bracket(group, whole, depth + 1))
        if not text:
            continue
        prefix, entry = "", text
        excluded = _exclusion(text)
        if excluded is not None:
            kind, (prefix, entry, _) = "exclude", excluded
            if text.endswith("除外") and unmarked:  # (A、B除外): A is excluded too
                limits = [e for e in limits if e not in unmarked]
                clauses.extend(("exclude", (e,), whole) for e in unmarked)
            unmarked = []
            at = text.find("除")
            open_except = at >= 0 and not text.endswith("除外") and "外" not in text[at:]
        elif start := next((m for m in _INCLUDE_MARKS if text.startswith(m)), ""):
            kind, entry, unmarked = "include", text[len(start) :], []
        elif start := _limit_mark(text):
            kind, entry, unmarked, prefix = "limit", text[len(start) :], [], start
        elif kind is None or unmarked:
            if _NEUTRAL_BRACKET.fullmatch(text):
                continue
            kind = "limit"  # a bracket naming goods: the item is limited to them
            unmarked.append(text)
        elif kind == "exclude" and open_except and text.endswith("外"):
            entry, open_except = text[:-1].removesuffix("以"), False
        entry = entry.strip(":")
        if not entry:
            continue
        if kind == "limit" and _NEUTRAL_BRACKET.fullmatch(entry):
            continue  # (仅限零售): how, not which goods
        if kind == "limit":  # one limitation per bracket: the item is limited to any entry
            limits.append(entry)
            limits_whole = limits_whole or _whole_scope(prefix)
        else:
            clauses.append((kind, (entry,), whole or _whole_scope(prefix)))
    if limits:
        clauses.append(("limit", tuple(limits), limits_whole))
    return clauses


def _nested_too_deep(text: str) -> bool:
    """Whether brackets in ``text`` nest deeper than :data:`_BRACKET_DEPTH` (counted as
    :func:`_brackets` counts them: a stray closing bracket is dropped)."""
    if sum(map(text.count, _OPEN)) < _BRACKET_DEPTH:  # most items: too few to nest so deep
        return False
    depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
            if depth > _BRACKET_DEPTH:
                return True
        elif char in _CLOSE:
            depth = max(0, depth - 1)
    return False


def _read_item(text: str) -> tuple[ScopeItem | None, list[_Clause]]:
    """One item, and the clauses that bind the whole scope.  An item whose brackets nest
    past :data:`_BRACKET_DEPTH` is refused before it is read (reading one bracket level
    after another rescans the rest of the item at every level)."""
    if _nested_too_deep(text):
        raise ScopeUnreadable(f"brackets nested more than {_BRACKET_DEPTH} deep")
    outside, groups = _brackets(text)
    clauses: list[_Clause] = []
    head = outside
    excluded = _exclusion(outside)
    marks = [(outside.find(mark), -len(mark), mark) for mark in _LIMIT_MARKS if mark in outside]
    if excluded is not None:
        before, entry, after = excluded
        head = before + after
        clauses.append(("exclude", _entries(entry), not head or _whole_scope(before)))
    elif marks:
        at, _, mark = min(marks)
        head = outside[:at]
        entry = outside[at + len(mark) :]
        clauses.append(("limit", _entries(entry), not head or _whole_scope(head)))
    for group in groups:
        clauses.extend(_read_bracket(group, not head))
    local = [clause for clause in clauses if not clause[2]]
    whole = [clause for clause in clauses if clause[2]]
    included = tuple(e for kind, entries, _ in clauses if kind == "include" for e in entries)
    item = ScopeItem(
        head=head,
        included=included,
        excluded=tuple(e for kind, entries, _ in local if kind == "exclude" for e in entries),
        limited_to=tuple(entries for kind, entries, _ in local if kind == "limit"),
    )
    if head or included or item.excluded or item.limited_to:
        return item, whole
    # a clause standing alone binds the whole scope; a limitation standing alone still
    # names what the scope is limited to
    limits = tuple(entries for kind, entries, _ in whole if kind == "limit")
    return (ScopeItem(head="", limited_to=limits) if limits else None), whole


_CLASS_WORD = r"第?(?:[一二三甲乙丙123]|i{1,3})类"
_CLAUSE_MARKS = "|".join(
    sorted({*_EXCLUDE_MARKS, *_BRACKET_LIMIT_MARKS, *_INCLUDE_MARKS, "除"}, key=len, reverse=True)
)
_BARE_CLASS = re.compile(rf"(?:(?:以上|上述)?(?:{_CLAUSE_MARKS}))?{_CLASS_WORD}")
_CLASS_LEAD = re.compile(_CLASS_WORD)


def _shared_nouns(parts: list[str]) -> list[str]:
    """Classes listed before one noun (二类、三类体外诊断试剂, and 二、三类… once written out)
    each given that noun and what follows it, clauses too: 二类体外诊断试剂,
    三类体外诊断试剂; ii类医疗器械(仅限…), iii类医疗器械(仅限…).  A class standing alone
    (医疗器械(仅限第二类、第三类)) stays.

    >>> _shared_nouns(["仅限二类", "三类体外诊断试剂"])
    ['仅限二类体外诊断试剂', '三类体外诊断试剂']
    """
    out = list(parts)
    for at in range(len(out) - 2, -1, -1):
        if _BARE_CLASS.fullmatch(out[at]) is None:
            continue
        lead = _CLASS_LEAD.match(out[at + 1])
        if lead is not None and lead.end() < len(out[at + 1]):
            out[at] += out[at + 1][lead.end() :]
    return out


_CLASS_ONLY_BRACKET = re.compile(rf"\(({_CLASS_WORD}(?:[、,/]{_CLASS_WORD})*)\)")
"""A bracket naming only classes (非处方药(甲类、乙类))."""


def _class_variants(part: str) -> tuple[str, ...]:
    """``part`` once for each class a bracket naming only classes gives the goods before it:
    非处方药(甲类、乙类):中成药 → 甲类非处方药:中成药, 乙类非处方药:中成药 (the bracket says
    which classes of those goods, not which goods)."""
    match = _CLASS_ONLY_BRACKET.search(part)
    if match is None:
        return (part,)
    # the goods: the text before the bracket, back to the previous separator or bracket
    start = max(part.rfind(mark, 0, match.start()) for mark in ":;()") + 1
    before, goods = part[:start], part[start : match.start()]
    after = part[match.end() :]
    return tuple(before + cls + goods + after for cls in re.split(r"[、,/]", match[1]))


_EXCEPT_SPAN = re.compile(r"除[^;。()除]*")
_EXCEPT_LIST_SEPARATOR = re.compile(r"[、,]")
_EXCEPT_CLOSE = re.compile(r"以?外(?=的|,)|以?外$")


def _joined_except_list(span: re.Match[str]) -> str:
    """除…外 naming several entries (除药品、医疗器械外的…): its separators do not end an
    item.  ``span`` runs from 除 to the next 除, bracket or end of item; the 外 closing it
    comes after a separator, before 的, a separator or the end of the item."""
    text = span[0]
    separator = _EXCEPT_LIST_SEPARATOR.search(text)
    if separator is None:
        return text
    follows = span.string[span.end() : span.end() + 1]
    for close in _EXCEPT_CLOSE.finditer(text, separator.end()):
        if close.end() < len(text) or follows in ("", ";", "。", ")"):
            return text[: close.end()].translate(_HIDE) + text[close.end() :]
    return text


_EXCEPTED_ENTRIES = re.compile(r"(?<=[;,])[^;,。()、]+(?:、[^;,。()、]+)+除外(?=[,;。]|$)")
"""Entries standing alone after an item and closed by one 除外 (第二类医疗器械，避孕套、
医用口罩除外): one clause excluding them all, not items followed by an exclusion."""
_HIDE = str.maketrans("、,", "\x01\x02")
_CATALOGUE_NAMES = re.compile(
    "|".join(
        name.replace("、", "[、;]")
        for name in (
            # 2002 catalogue (6822, 6834, 6854, 6858) and 2017 catalogue (08, 10, 14, 18)
            "医用光学器具、仪器及内窥镜设备",
            "医用射线防护用品、装置",
            "手术室、急救室、诊疗室设备及器具",
            "医用冷疗、低温、冷藏设备及器具",
            "呼吸、麻醉和急救器械",
            "输血、透析和体外循环器械",
            "注输、护理和防护器械",
            "妇产科、辅助生殖和避孕器械",
        )
    )
)
"""The device catalogues' names written with 、: one name, not several items (a scope
printed as one text is split at 、, so its parts are put back together)."""


def _one_catalogue_name(match: re.Match[str]) -> str:
    return match[0].replace(";", "、").translate(_HIDE)


_SHOW = str.maketrans("\x01\x02", "、,")


@remembered(maxsize=4096, longest=LONGEST_SCOPE, size=texts_size)
def read_items(scope: tuple[str, ...]) -> ScopeReading:
    text = _classes_written_out(";".join(_normalize_scope(part) for part in scope))
    if "除" in text:
        text = _EXCEPT_SPAN.sub(_joined_except_list, text)
        if "除外" in text:
            text = _EXCEPTED_ENTRIES.sub(lambda match: match[0].translate(_HIDE), text)
    if "、" in text or ";" in text:
        text = _CATALOGUE_NAMES.sub(_one_catalogue_name, text)
    items: list[ScopeItem] = []
    excluded: list[str] = []
    limited: list[tuple[str, ...]] = []
    found = [part.translate(_SHOW) for part in _split_top(text, _ITEM_SEPARATORS)]
    for one in _shared_nouns(found):
        for part in _class_variants(one):
            item, whole = _read_item(part)
            if item is not None:
                items.append(item)
            for kind, entries, _ in whole:
                if kind == "exclude":
                    excluded.extend(entries)
                elif kind == "limit":
                    limited.append(entries)
    return ScopeReading(text, tuple(items), tuple(excluded), tuple(limited))


def read_scope(scope: str | Sequence[str]) -> ScopeReading:
    """Read a licence scope (one text, or its items) into items and their clauses.

    Items are separated by ；;，,、。 and line breaks outside brackets (a bracket split
    across items is put back together).  Inside an item:

    * 不含… / 不包括… / 不包含… / 不得… / 除…外 / （…除外） **exclude** what follows
      (up to the end of the bracket, or of the item);
    * 仅限… / 只限… / 限于… (and, in a bracket, 限… / 仅…) **limit** the item to what
      follows, and so does a bracket naming goods without a marker (特殊食品销售（保健食品）);
      brackets naming only the mode of sale (网络经营) or a catalogue edition (2002版) are
      ignored;
    * 含… / 包括… / 包含… **include** what follows: it counts like the item's own text.

    A clause standing alone as an item, or saying 以上/上述, binds the whole scope.  Brackets
    nested more than 32 deep raise :class:`ScopeUnreadable`.

    >>> reading = read_scope("预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）")
    >>> [(item.head, item.included, item.excluded) for item in reading.items]
    [('预包装食品销售', ('冷藏冷冻食品',), ()), ('散装食品销售', (), ('散装熟食',))]
    >>> read_scope(["特殊食品销售（保健食品）", "生物制品（除疫苗）"]).items[0].limited_to
    (('保健食品',),)
    >>> read_scope("处方药，不含冷藏冷冻药品").excluded
    ('冷藏冷冻药品',)
    """
    return read_items((scope,) if isinstance(scope, str) else tuple(scope))


def _occurrences(key: str, text: str) -> Iterator[int]:
    """Where ``key`` stands in ``text`` as a word: not right after 非 (处方药 is not in
    非处方药), and not inside a longer run of ASCII letters and digits (ii类 is not in
    iii类)."""
    start = 0
    negatable = not key.startswith("非")
    ascii_start = key[0].isascii() and key[0].isalnum()
    ascii_end = key[-1].isascii() and key[-1].isalnum()
    while (at := text.find(key, start)) >= 0:
        start = at + 1
        before = text[at - 1] if at else ""
        after = text[at + len(key) : at + len(key) + 1]
        if negatable and before == "非":
            continue
        if ascii_start and before.isascii() and before.isalnum():
            continue
        if ascii_end and after.isascii() and after.isalnum():
            continue
        yield at


def mentions(key: str, text: str) -> bool:
    return next(_occurrences(key, text), None) is not None


_CLASS_TERM = re.compile(_CLASS_WORD)


def names_class(key: str) -> bool:
    """Whether ``key`` names a class (二类, ii类, 2类, 甲类)."""
    return _CLASS_TERM.fullmatch(key) is not None


_CLASS_ENTRY = re.compile(rf"{_CLASS_WORD}(?:医疗器械|器械|产品)?")


def _overlap(term: str, entry: str) -> bool:
    """Whether an excluded or limiting entry names ``term`` (or a part of it).  A class
    (二类) names only an entry that is the class, not some goods of it (二类体外诊断试剂)."""
    if _CLASS_TERM.fullmatch(term):
        return _CLASS_ENTRY.fullmatch(entry) is not None and mentions(term, entry)
    return mentions(term, entry) or (len(entry) >= 2 and mentions(entry, term))


def _class_of(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    value = match.group(1)
    return _CLASS_VALUES.get(value, value)


def _qualifiers(keys: tuple[str, ...], declared: str) -> dict[str, str]:
    """Key → the class the declared name gives it (甲类非处方药: 非处方药 → 甲)."""
    out: dict[str, str] = {}
    for key in keys:
        for at in _occurrences(key, declared):
            found = _class_of(_CLASS_PREFIX.fullmatch(declared[:at]))
            if at and found is not None:
                out[key] = found
    return out


_OTHER = ("其他", "其它")
"""Before goods in a scope item, 其他 makes them the rest of those goods, which the licence
lists apart from named ones: 其他婴幼儿配方食品销售 is infant formula other than milk powder
(婴幼儿配方乳粉销售 is an item of its own), not infant formula at large."""


def _item_mentions(
    item: ScopeItem, keys: tuple[str, ...], classes: Mapping[str, str], listed: frozenset[str]
) -> bool | frozenset[str]:
    """Whether ``item`` mentions a key, in the class the declared name gives it (if any):
    a mention in another class counts only if the classes ``listed`` on their own right
    before the item, and so sharing its noun, hold the wanted class (甲类、乙类非处方药).
    A mention right after 其他 does not count: it names the rest of the goods, not all.

    Where the declared name gives the key no class (非处方药 at large), a mention of some
    of its classes only (乙类非处方药: an OTC-only shop may not sell 甲类) is not a
    mention of the goods at large: those classes are returned, for :func:`covers` to add
    up over the items (甲类非处方药；乙类非处方药 together name them all)."""
    some: frozenset[str] = frozenset()
    for text in item.texts:
        for key in keys:
            wanted = classes.get(key)
            for at in _occurrences(key, text):
                if text.endswith(_OTHER, 0, at):  # 其他婴幼儿配方食品: not the goods at large
                    continue
                run = _CLASS_BEFORE.search(text, max(0, at - _CLASS_RUN_LENGTH), at)
                given = (
                    {_CLASS_VALUES.get(m[1], m[1]) for m in _CLASS_IN_RUN.finditer(run[0])}
                    if run is not None
                    else set()
                )
                if wanted is None and _some_classes(given):
                    some |= given  # 乙类非处方药: some classes of the goods declared at large
                    continue
                if wanted is None or not given or wanted in given:
                    return True
                if run is not None and run.start() == 0 and wanted in listed:
                    return True
    return some or False


def _some_classes(given: set[str]) -> bool:
    """Whether ``given`` names some, not all, of the lettered classes of goods (乙类 of
    非处方药, which are 甲类 or 乙类)."""
    return bool(given) and given <= _LETTER_CLASSES and not given >= _EVERY_CLASS


def names_any(terms: tuple[str, ...], entries: Sequence[str]) -> bool:
    return any(_overlap(term, entry) for term in terms for entry in entries)


_NOT_A_WORD = re.compile(r"\W+")
_LIST_HEAD = re.compile(r"[及和与或]")
_BEFORE_GOODS = re.compile(
    r"(?:从事|互联网|网络|网上|线上|在线)?(?:销售|经营|零售|批发|出售)?的?\d*"
)
"""What may stand before goods in a limitation without narrowing them, once quotes and
other marks are removed and after the last list head (…及, 和, 与, 或): the act of selling
them (销售…, 网络销售的…) and a catalogue code or a list number (6822-1, 16-06, 1.)."""
_AFTER_GOODS = re.compile(
    r"(?:系列)?(?:类)?(?:产品|制品)?的?(?:销售|经营|零售|批发|出售|批零兼营)?(?:业务)?等?"
    r"(?:[及和与或]|含|包括|$)"
)
"""What may follow the name of goods in a limitation without making other goods of it:
selling words, 类, 产品, 等, what they include, or the next goods of a list (…及护理液)."""
_EVERY_CLASS = frozenset("甲乙")
"""Classes that together are the goods at large: non-prescription drugs are 甲类 or 乙类
(处方药与非处方药分类管理办法 art. 8; only 甲类 needs a drug business licence to retail)."""
_LETTER_CLASSES = frozenset("甲乙丙")
"""The classes written with letters (甲类…): those of drugs, not the numbered device ones."""


def _lets_through(term: str, entry: str, stem: bool = False) -> bool:
    """Whether a limitation's entry lets ``term`` through: it names the goods ``term``
    names, or goods that include them (口罩 lets 医用外科口罩 through) — not a kind of
    them, written with a word in front (彩色隐形眼镜 does not let 隐形眼镜 through, nor
    乙类非处方药 非处方药), nor other goods written with the name in front (隐形眼镜护理液
    does not let 隐形眼镜 through) unless ``term`` is a keyword (``stem``), which may be
    written with more after it (婴幼儿配方 lets 婴幼儿配方乳粉 through).  Classes as in
    :func:`_overlap`.  Linear in the entry's length.

    >>> _lets_through("隐形眼镜", "彩色隐形眼镜"), _lets_through("隐形眼镜", "销售隐形眼镜")
    (False, True)
    >>> _lets_through("隐形眼镜", "隐形眼镜护理液")
    False
    >>> _lets_through("婴幼儿配方", "婴幼儿配方乳粉", stem=True)
    True
    """
    if _CLASS_TERM.fullmatch(term):  # the class, sold (二类医疗器械零售), or listed first
        named = _CLASS_ENTRY.match(entry)
        return (
            named is not None
            and mentions(term, named[0])
            and _AFTER_GOODS.match(entry, named.end()) is not None
        )
    if len(entry) >= 2 and mentions(entry, term):
        return True
    text = _NOT_A_WORD.sub("", entry)  # quotes and other marks narrow nothing
    heads = [head.end() for head in _LIST_HEAD.finditer(text)]
    for at in _occurrences(term, text):
        before = bisect.bisect_right(heads, at)
        start = heads[before - 1] if before else 0
        if _BEFORE_GOODS.fullmatch(text, start, at) is None:
            continue
        if stem or _AFTER_GOODS.match(text, at + len(term)) is not None:
            return True
    return False


def _classes_given(term: str, entries: Sequence[str]) -> set[str]:
    """The classes a limitation's entries give ``term`` in front of it, alone
    (甲类非处方药) or listed before it (甲类、乙类非处方药)."""
    given: set[str] = set()
    listed: set[str] = set()
    for entry in entries:
        bare = _CLASS_PREFIX.fullmatch(entry)
        if bare is not None:
            listed.add(_class_of(bare) or "")
            continue
        for at in _occurrences(term, entry):
            run = _CLASS_BEFORE.search(entry, max(0, at - _CLASS_RUN_LENGTH), at)
            if run is not None and run.start() == 0:
                given |= listed | {
                    _CLASS_VALUES.get(m[1], m[1]) for m in _CLASS_IN_RUN.finditer(run[0])
                }
        listed = set()
    return given


def lets_through(
    terms: tuple[str, ...],
    entries: Sequence[str],
    stems: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
) -> bool:
    """Whether one of a limitation's entries lets one of ``terms`` through (``stems``: the
    terms that are keywords), or its entries give one of them every class there is
    (甲类、乙类非处方药 is 非处方药 at large), or an entry is a catalogue group holding the
    goods (``groups``: the groups they are in; 6822医用光学器具… for contact lenses).  A
    limitation to the mode of sale only (仅限网络销售, standing alone) narrows no goods."""
    if all(_NEUTRAL_BRACKET.fullmatch(entry) for entry in entries):
        return True
    if any(_lets_through(term, entry, term in stems) for term in terms for entry in entries):
        return True
    if groups and any(_holds(codes, groups) for codes in _entries_codes(entries)):
        return True
    return any(_classes_given(term, entries) >= _EVERY_CLASS for term in terms)


# ------------------------------------------------------------------ catalogue groups

_CATALOGUE_CODE = re.compile(
    r"(?:(?:19|20)\d\d年?版?(?:医疗器械)?(?:分类)?(?:目录)?:?)?"
    r"(?:((?:68\d\d){2,})|(68\d\d|0[1-9]|1\d|2[0-2])((?:-\d{1,2}){0,2}))"
    r"(?!\d|[~—–至到-]\d)"
)
"""A device catalogue group at the start of an entry: a group of the 2002 catalogue (6822,
its item 6822-1) or of the 2017 one (16, its items 16-06, 16-06-01), after the edition if
named (2002版6822); 2002 groups written without a space between them (6815 6821, once
white space is gone) are each a group.  A range (6801~6877, 6801-6877) is none; a dash
before a name is not (14-注输、护理和防护器械, as lists of 2017 groups print them, is 14)."""
_ENTRY_LEAD = re.compile(
    r"(?:从事|互联网|网络|网上|线上|在线)?(?:销售|经营|零售|批发|出售)?的?"
    r"(?:第?(?:[一二三123]|iii|ii|i)类(?:医疗器械)?:?)?"
)
"""What may stand before a group in an excluded or limiting entry (仅限销售6822…,
不含三类6840…) without making it other goods."""
_NEXT_CODE = re.compile(
    r"(?<=[^\x00-\x7f])(?:68\d\d|0[1-9]|1\d|2[0-2])(?:-\d{1,2}){0,2}(?!\d|[~—–至到-]\d)"
)
"""A group written after the name of the one before it, with nothing between them
(6815注射穿刺器械6822医用光学器具: two lines of a list joined as one)."""
_HEADING = re.compile(r"(?<![0-9a-z])第?(?:[一二三123]|iii|ii|i)类")
"""A device class heading the groups listed after it (Ⅲ类：6815…, 第三类医疗器械：6821…)."""
_CLASS_NOUN = re.compile(
    r"(?:医疗器械|器械|产品)?(?:经营|销售|零售|批发|批零兼营|批发兼零售|零售兼批发)*"
    r"(?:范围|项目)?"
)
_EDITION = re.compile(r"(?:(?:19|20)\d\d年?版?)?(?:医疗器械)?(?:分类)?(?:目录|编码|代码)?")
_PART = re.compile(r"[:/]")


def catalogue_codes(entry: str, start: int = 0) -> tuple[str, ...]:
    """The catalogue groups an entry starts with (at ``start``), or ``()``.

    >>> catalogue_codes("6822-1角膜接触镜及护理用液"), catalogue_codes("2017版16-06")
    (('6822-1',), ('16-06',))
    >>> catalogue_codes("681568216822"), catalogue_codes("6801~6877"), catalogue_codes("2002")
    (('6815', '6821', '6822'), (), ())
    """
    found = _CATALOGUE_CODE.match(entry, start)
    if found is None:
        return ()
    if found[1] is not None:
        run = found[1]
        return tuple(run[at : at + 4] for at in range(0, len(run), 4))
    return (found[2] + found[3],)


_GROUP_NAMES: dict[str, tuple[str, ...]] = {}
"""The names of the catalogues' groups (normalised as scopes are), each with the groups
it names: a bracket or a clause may name a group by its name alone (16（眼科器械）,
仅限医用光学器具、仪器及内窥镜设备, 不含眼科器械)."""
for _code, _name in (
    # 2017 catalogue (CFDA 公告2017年第104号): its 22 groups
    ("01", "有源手术器械"),
    ("02", "无源手术器械"),
    ("03", "神经和心血管手术器械"),
    ("04", "骨科手术器械"),
    ("05", "放射治疗器械"),
    ("06", "医用成像器械"),
    ("07", "医用诊察和监护器械"),
    ("08", "呼吸、麻醉和急救器械"),
    ("09", "物理治疗器械"),
    ("10", "输血、透析和体外循环器械"),
    ("11", "医疗器械消毒灭菌器械"),
    ("12", "有源植入器械"),
    ("13", "无源植入器械"),
    ("14", "注输、护理和防护器械"),
    ("15", "患者承载器械"),
    ("16", "眼科器械"),
    ("17", "口腔科器械"),
    ("18", "妇产科、辅助生殖和避孕器械"),
    ("19", "医用康复器械"),
    ("20", "中医器械"),
    ("21", "医用软件"),
    ("22", "临床检验器械"),
    # 2002 catalogue: the groups whose names hold no bracket
    ("6801", "基础外科手术器械"),
    ("6802", "显微外科手术器械"),
    ("6803", "神经外科手术器械"),
    ("6804", "眼科手术器械"),
    ("6805", "耳鼻喉科手术器械"),
    ("6806", "口腔科手术器械"),
    ("6807", "胸腔心血管外科手术器械"),
    ("6808", "腹部外科手术器械"),
    ("6809", "泌尿肛肠外科手术器械"),
    ("6812", "妇产科用手术器械"),
    ("6813", "计划生育手术器械"),
    ("6815", "注射穿刺器械"),
    ("6820", "普通诊察器械"),
    ("6821", "医用电子仪器设备"),
    ("6822", "医用光学器具、仪器及内窥镜设备"),
    ("6823", "医用超声仪器及有关设备"),
    ("6824", "医用激光仪器设备"),
    ("6825", "医用高频仪器设备"),
    ("6826", "物理治疗及康复设备"),
    ("6827", "中医器械"),
    ("6828", "医用磁共振设备"),
    ("6830", "医用x射线设备"),
    ("6831", "医用x射线附属设备及部件"),
    ("6832", "医用高能射线设备"),
    ("6833", "医用核素设备"),
    ("6834", "医用射线防护用品、装置"),
    ("6840", "临床检验分析仪器"),
    ("6841", "医用化验和基础设备器具"),
    ("6845", "体外循环及血液处理设备"),
    ("6846", "植入材料和人工器官"),
    ("6854", "手术室、急救室、诊疗室设备及器具"),
    ("6855", "口腔科设备及器具"),
    ("6856", "病房护理设备及器具"),
    ("6857", "消毒和灭菌设备及器具"),
    ("6858", "医用冷疗、低温、冷藏设备及器具"),
    ("6863", "口腔科材料"),
    ("6864", "医用卫生材料及敷料"),
    ("6865", "医用缝合材料及粘合剂"),
    ("6866", "医用高分子材料及制品"),
    ("6877", "介入器材"),
):
    _GROUP_NAMES[_name] = (*_GROUP_NAMES.get(_name, ()), _code)
del _code, _name


def _entry_codes(entry: str) -> tuple[str, ...]:
    """The groups an excluded or limiting entry names (销售6822…, 三类6840…), by number or
    by name alone (眼科器械)."""
    lead = _ENTRY_LEAD.match(entry)
    start = lead.end() if lead is not None else 0
    return catalogue_codes(entry, start) or _GROUP_NAMES.get(entry[start:], ())


def _entries_codes(entries: Sequence[str]) -> list[tuple[str, ...]]:
    """The groups each entry names, and the group the entries name together: a clause's
    entries are split at 、, which the names of some groups hold (医用光学器具、仪器及内窥镜
    设备 is one name)."""
    found = [_entry_codes(entry) for entry in entries]
    if len(entries) > 1:
        found.append(_GROUP_NAMES.get("、".join(entries), ()))
    return found


def _same_group(listed: str, known: str) -> bool:
    """Whether a group listed in a scope holds goods known to be in group ``known``, or
    may: one is the other or part of it (6822 and 6822-1; 16-06 and 16)."""
    return listed == known or listed.startswith(known + "-") or known.startswith(listed + "-")


def _holds(codes: Sequence[str], groups: Sequence[str]) -> bool:
    return any(_same_group(code, known) for code in codes for known in groups)


def excludes_group(groups: Sequence[str], entries: Sequence[str]) -> bool:
    """Whether an excluded entry names a group that holds the whole of a group the goods are
    in (不含6822 excludes goods of 6822 and of 6822-1; 不含6822-2 does not exclude goods
    known only as 6822).

    >>> excludes_group(("6822", "16"), ["6840体外诊断试剂", "16眼科器械"])
    True
    >>> excludes_group(("6822",), ["6822-2"])
    False
    """
    return any(
        code == known or known.startswith(code + "-")
        for codes in _entries_codes(entries)
        for code in codes
        for known in groups
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _Section:
    """A class heading and the items after it that list catalogue groups: each item's
    index, with the groups it lists."""

    items: tuple[tuple[int, tuple[str, ...]], ...]


def _parts_codes(text: str, nouns: bool) -> list[str] | None:
    """The groups the parts of ``text`` (split at : and /) list, or ``None`` if a part is
    neither a group, nor a catalogue edition, nor (``nouns``) the class's noun (医疗器械,
    医疗器械经营)."""
    codes: list[str] = []
    for part in _PART.split(text):
        if not part or _EDITION.fullmatch(part) or (nouns and _CLASS_NOUN.fullmatch(part)):
            continue
        found = catalogue_codes(part)
        if not found:
            return None
        codes.extend(found)
        if len(part) > 4:  # the names of groups hold no digits: more digits are groups
            codes.extend(_NEXT_CODE.findall(part))
    return codes


def _reading_size(reading: ScopeReading) -> int:
    """The length of the texts ``reading`` was read from, as far as :func:`_sections`
    remembers readings by them (their heads)."""
    return sum(len(item.head) for item in reading.items)


@remembered(maxsize=1024, longest=LONGEST_SCOPE, size=_reading_size)
def _sections(reading: ScopeReading) -> tuple[_Section | None, ...]:
    """For each item of ``reading``: the groups its class lists, if it heads a section that
    lists groups and nothing else (Ⅲ类：6815,6821,6822 — a class heading, then items that
    are groups, up to the next heading), else ``None``.  Headings in a row that list the
    same (Ⅱ、Ⅲ类：6815、6866, read as Ⅱ类：6815 and Ⅲ类：6815, then 6866) share a section.
    Linear in the number of items."""
    items = reading.items
    out: list[_Section | None] = [None] * len(items)
    at = 0
    while at < len(items):
        heading = _last_heading(items[at].head)
        if heading is None:
            at += 1
            continue
        rest = items[at].head[heading:]
        block = [at]
        at += 1
        while at < len(items):  # headings sharing what follows their class
            found = _last_heading(items[at].head)
            if found is None or items[at].head[found:] != rest:
                break
            block.append(at)
            at += 1
        listed = _parts_codes(rest, nouns=True)
        members = [(index, tuple(listed or ())) for index in block]
        pure = listed is not None
        while at < len(items) and _last_heading(items[at].head) is None:
            head = items[at].head
            if head:
                more = _parts_codes(head, nouns=False)
                if more is None:
                    pure = False
                elif pure:
                    members.append((at, tuple(more)))
            at += 1
        if pure and any(codes for _, codes in members):
            section = _Section(tuple(members))
            for index in block:
                out[index] = section
    return tuple(out)


def _last_heading(head: str) -> int | None:
    """Where what follows the last class word of ``head`` starts, or ``None``."""
    end = None
    for found in _HEADING.finditer(head):
        end = found.end()
    return end


def _section_holds(
    section: _Section,
    items: Sequence[ScopeItem],
    keys: tuple[str, ...],
    terms: tuple[str, ...],
    groups: tuple[str, ...],
    products: tuple[str, ...],
) -> bool:
    """Whether a section listing groups holds the goods: one of its items lists a group
    of theirs or names them (Ⅲ类：6866角膜接触镜…, 6821…（含角膜接触镜）), and neither
    excludes them nor limits itself to other goods.  A group one of its items excludes is
    excluded from the whole list (Ⅲ类：6815,6822,6866（除6822外）: a group excluded from
    another group can only be taken out of the list).  Linear in the section's length."""
    if any(excludes_group(groups, items[index].excluded) for index, _ in section.items):
        return False
    for index, codes in section.items:
        item = items[index]
        if not _holds(codes, groups) and not any(
            mentions(name, text) for text in (item.head, *item.included) for name in products
        ):
            continue
        if names_any(terms, item.excluded) or excludes_group(groups, item.excluded):
            continue
        if all(lets_through(terms, limit, keys, groups) for limit in item.limited_to):
            return True
    return False


def covers(
    reading: ScopeReading,
    keys: tuple[str, ...],
    terms: tuple[str, ...],
    declared: str,
    *,
    groups: tuple[str, ...] = (),
    products: tuple[str, ...] = (),
) -> bool:
    """Whether an item of ``reading`` covers the category declared as ``declared``.

    ``groups``: the device catalogue groups the goods declared are in (6822-1 and 16 for
    contact lenses), ``products``: their names.  Where they are known, an item heading a
    list of groups (Ⅲ类：6821医用电子仪器设备) covers the goods only if a group it lists
    holds them, or it names them; a group excluded (不含6822) excludes them, and a
    limitation to a group holding them (仅限6822) lets them through.

    >>> reading = read_scope("第三类医疗器械：6821医用电子仪器设备")
    >>> keys = ("三类", "iii类")
    >>> lens = (*keys, "隐形眼镜")
    >>> covers(reading, keys, lens, "隐形眼镜")  # the groups not known: any class III
    True
    >>> covers(reading, keys, lens, "隐形眼镜", groups=("6822", "16"), products=("隐形眼镜",))
    False
    >>> reading = read_scope("Ⅲ类：6815,6821,6822")
    >>> covers(reading, keys, lens, "隐形眼镜", groups=("6822", "16"), products=("隐形眼镜",))
    True
    """
    if names_any(terms, reading.excluded) or (groups and excludes_group(groups, reading.excluded)):
        return False
    if not all(lets_through(terms, limit, keys, groups) for limit in reading.limited_to):
        return False
    classes = _qualifiers(keys, declared)
    sections = _sections(reading) if groups else ()
    held: dict[int, bool] = {}  # section → whether it holds the goods, judged once
    listed: set[str] = set()  # bare classes (甲类) before the item naming their noun
    some: set[str] = set()  # classes of the goods at large named by covering items so far
    for at, item in enumerate(reading.items):
        shared = frozenset(listed)
        found = _class_of(_CLASS_PREFIX.fullmatch(item.head))
        listed = {*listed, found} if found is not None and not item.limited_to else set()
        mentioned = _item_mentions(item, keys, classes, shared)
        if not mentioned:
            continue
        if names_any(terms, item.excluded) or (groups and excludes_group(groups, item.excluded)):
            continue
        if not all(lets_through(terms, limit, keys, groups) for limit in item.limited_to):
            continue
        section = sections[at] if sections else None
        if section is not None:
            key = id(section)
            if key not in held:
                held[key] = _section_holds(section, reading.items, keys, terms, groups, products)
            if not held[key]:
                continue
        if mentioned is not True:  # some classes only: covered once all are named
            some |= mentioned
            if some < _EVERY_CLASS:
                continue
        return True
    return False
