"""Reading a licence's scope (许可范围 / 经营项目): items, and what they exclude or are
limited to.

A scope lists items (``预包装食品销售；散装食品销售``), each of which may carry clauses:
inclusions (含…, 包括…), exclusions (不含…, 不包括…, 除…外, …除外, 不得…) and limitations
(仅限…, 限于…, or a bracket naming goods).  :func:`read_scope` reads a scope into
:class:`ScopeItem` objects; :func:`covers` says whether an item covers a category, given
the category's keywords and the names it was declared under.

>>> reading = read_scope("预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）")
>>> [(item.head, item.included, item.excluded) for item in reading.items]
[('预包装食品销售', ('冷藏冷冻食品',), ()), ('散装食品销售', (), ('散装熟食',))]
>>> covers(reading, ("散装食品",), ("散装食品",), "散装食品")
True
>>> covers(reading, ("散装食品",), ("散装熟食",), "散装熟食")
False
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence

from qualcheck.checks._hanzi import to_simplified

__all__ = [
    "ScopeItem",
    "ScopeReading",
    "ScopeUnreadable",
    "covers",
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
    r"|[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
)
"""Bare brackets that say how (mode of sale, storage and transport), under which
catalogue edition, or which number of a list an item is ((一), (2)), not which goods."""
_CLASS_BEFORE = re.compile(
    r"(?:第?(?:[一二三甲乙丙123]|i{1,3})类[/和及与])*第?(?:[一二三甲乙丙123]|i{1,3})类$"
)
"""The classes written right before a word (乙类非处方药, 甲类和乙类非处方药, 甲类/乙类…)."""
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
    rf"(?<![a-z0-9])第{_ROMAN_CLASS}(?:{_ENUMERATION_SEPARATOR}第{_ROMAN_CLASS})+(?=类)"
    rf"|(?<![a-z0-9])第?{_ROMAN_CLASS}(?:{_ENUMERATION_SEPARATOR}{_ROMAN_CLASS})+(?=类)"
    rf"|第[一二三](?:{_ENUMERATION_SEPARATOR}第[一二三])+(?=类)"
    rf"|第?[一二三](?:{_ENUMERATION_SEPARATOR}[一二三])+(?=类)"
    rf"|[甲乙丙](?:{_ENUMERATION_SEPARATOR}[甲乙丙])+(?=类)"
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
    return "".join(text.replace("\r", ";").replace("\n", ";").split())


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
        text = _FORMAL_CLASS.sub(lambda match: _FORMAL_VALUES[match[0]], text)
    return _ENUMERATED_CLASSES.sub(_write_out, text)


_ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
_LIST_NUMBERS = (*_ORDINALS, *(f"十{n}" for n in _ORDINALS[:9]), "二十")
_LIST_NUMBER = re.compile(r"(?:^|(?<=[;。]))([一二三四五六七八九十]{1,3})(?:[、.]|(?=;))")
"""A list number at the start of an item (一、…), or standing as an item of its own (a scope
given as items, split at its 、)."""


def _without_list_numbers(text: str) -> str:
    """``text`` without the numbers of a list whose items are numbered 一、二、… in turn
    (two items at least): they name neither goods nor classes — in
    一、三类医疗器械；二、二类医疗器械 the 一 and 二 number the items, they are not classes
    I and II.  A lone 一、二类 stays an enumeration of classes."""
    numbers = [match[1] for match in _LIST_NUMBER.finditer(text)]
    if len(numbers) < 2 or tuple(numbers) != _LIST_NUMBERS[: len(numbers)]:
        return text
    return _LIST_NUMBER.sub("", text)


_FORMAL_VALUES = {"壹": "一", "贰": "二", "叁": "三", "参": "三", "叄": "三"}
_FORMAL_NUMERAL = re.compile("[壹贰叁参叄]")
_FORMAL_CLASS = re.compile(r"[壹贰叁参叄](?=(?:[、,/和及与]?第?[壹贰叁参叄一二三])*类)")
"""The formal numerals of a class (贰类, 第叁类, 贰、叁类: amounts' numerals, as some
licences print classes), read as the plain ones (二类, 第三类); a 参 not before 类 stays."""


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
    return tuple(_split_top(text.strip(":"), _CLAUSE_SEPARATORS))


def _whole_scope(prefix: str) -> bool:
    return any(mark in prefix for mark in _WHOLE_SCOPE_MARKS)


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
        if at == 0:
            return "", rest, ""
    return None


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
    for part in _split_top(content, _CLAUSE_SEPARATORS):
        text, nested = _brackets(part)
        for group in nested:
            if depth >= _BRACKET_DEPTH:
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
        elif start := next((m for m in _BRACKET_LIMIT_MARKS if text.startswith(m)), ""):
            kind, entry, unmarked = "limit", text[len(start) :], []
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


def _read_item(text: str) -> tuple[ScopeItem | None, list[_Clause]]:
    """One item, and the clauses that bind the whole scope."""
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


_EXCEPT_LIST = re.compile(r"除[^;。()除]*?[、,][^;。()除]*?以?外(?=的|[,;。)]|$)")
"""除…外 naming several entries (除药品、医疗器械外的…): its separators do not end an item."""
_EXCEPTED_ENTRIES = re.compile(r"(?<=[;,])[^;,。()、]+(?:、[^;,。()、]+)+除外(?=[,;。]|$)")
"""Entries standing alone after an item and closed by one 除外 (第二类医疗器械，避孕套、
医用口罩除外): one clause excluding them all, not items followed by an exclusion."""
_HIDE = str.maketrans("、,", "\x01\x02")
_SHOW = str.maketrans("\x01\x02", "、,")


@functools.lru_cache(maxsize=4096)
def read_items(scope: tuple[str, ...]) -> ScopeReading:
    text = _classes_written_out(";".join(_normalize_scope(part) for part in scope))
    if "除" in text:
        text = _EXCEPT_LIST.sub(lambda match: match[0].translate(_HIDE), text)
        if "除外" in text:
            text = _EXCEPTED_ENTRIES.sub(lambda match: match[0].translate(_HIDE), text)
    items: list[ScopeItem] = []
    excluded: list[str] = []
    limited: list[tuple[str, ...]] = []
    for found in _split_top(text, _ITEM_SEPARATORS):
        for part in _class_variants(found.translate(_SHOW)):
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


def _item_mentions(
    item: ScopeItem, keys: tuple[str, ...], classes: Mapping[str, str], listed: frozenset[str]
) -> bool:
    """Whether ``item`` mentions a key, in the class the declared name gives it (if any):
    a mention in another class counts only if the classes ``listed`` on their own right
    before the item, and so sharing its noun, hold the wanted class (甲类、乙类非处方药)."""
    for text in item.texts:
        for key in keys:
            wanted = classes.get(key)
            for at in _occurrences(key, text):
                run = _CLASS_BEFORE.search(text[:at])
                given = (
                    {_CLASS_VALUES.get(m[1], m[1]) for m in _CLASS_IN_RUN.finditer(run[0])}
                    if run is not None
                    else set()
                )
                if wanted is None or not given or wanted in given:
                    return True
                if run is not None and run.start() == 0 and wanted in listed:
                    return True
    return False


def names_any(terms: tuple[str, ...], entries: Sequence[str]) -> bool:
    return any(_overlap(term, entry) for term in terms for entry in entries)


_BEFORE_GOODS = re.compile(
    r"(?:.*[及和与])?\W*(?:从事|网络|网上|线上|在线)?(?:销售|经营|零售|批发|出售)?的?\W*"
)
"""What may stand before goods in a limitation without narrowing them: a list the goods
end (…及), the act of selling them (销售…), quotes and other marks."""


def _lets_through(term: str, entry: str) -> bool:
    """Whether a limitation's entry lets ``term`` through: it names the goods ``term``
    names (or more of them: 婴幼儿配方 lets 婴幼儿配方乳粉 through), or goods that include
    them (口罩 lets 医用外科口罩 through) — not a kind of them, written with a word in
    front (彩色隐形眼镜 does not let 隐形眼镜 through, nor 乙类非处方药 非处方药).
    Classes as in :func:`_overlap`.

    >>> _lets_through("隐形眼镜", "彩色隐形眼镜"), _lets_through("隐形眼镜", "销售隐形眼镜")
    (False, True)
    """
    if _CLASS_TERM.fullmatch(term):
        return _CLASS_ENTRY.fullmatch(entry) is not None and mentions(term, entry)
    if len(entry) >= 2 and mentions(entry, term):
        return True
    return any(
        _BEFORE_GOODS.fullmatch(entry, 0, at) is not None for at in _occurrences(term, entry)
    )


def lets_through(terms: tuple[str, ...], entries: Sequence[str]) -> bool:
    """Whether one of a limitation's entries lets one of ``terms`` through."""
    return any(_lets_through(term, entry) for term in terms for entry in entries)


def covers(
    reading: ScopeReading, keys: tuple[str, ...], terms: tuple[str, ...], declared: str
) -> bool:
    """Whether an item of ``reading`` covers the category declared as ``declared``."""
    if names_any(terms, reading.excluded):
        return False
    if not all(lets_through(terms, limit) for limit in reading.limited_to):
        return False
    classes = _qualifiers(keys, declared)
    listed: set[str] = set()  # bare classes (甲类) before the item naming their noun
    for item in reading.items:
        shared = frozenset(listed)
        found = _class_of(_CLASS_PREFIX.fullmatch(item.head))
        listed = {*listed, found} if found is not None and not item.limited_to else set()
        if not _item_mentions(item, keys, classes, shared):
            continue
        if names_any(terms, item.excluded):
            continue
        if all(lets_through(terms, limit) for limit in item.limited_to):
            return True
    return False
