"""The documents a merchant file holds: licences, filings, approvals, identity documents.

``Document`` is a discriminated union on ``kind``; every document has a number (typed,
so it is validated and normalised on the way in), the holder's name and USCC, the legal
representative or person in charge, address, issuing authority, issue date, a
:class:`~qualcheck.dates.Validity` and a scope.  Validity may be given as a nested
object, as top-level ``valid_from``/``valid_to``/``long_term`` keys, or as a range string
(``"2021年3月1日至2026年2月28日"``, ``"2020.01.01-长期"``).

>>> from pydantic import TypeAdapter
>>> doc = TypeAdapter(Document).validate_python({
...     "kind": "food_business", "number": "JY14403050000010",
...     "holder_name": "深圳市示例食品有限公司", "valid_from": "2022年3月1日",
...     "valid_to": "2027.02.28", "scope": "预包装食品销售；散装食品销售"})
>>> type(doc).__name__, doc.validity.valid_to, doc.scope
('FoodBusinessLicense', datetime.date(2027, 2, 28), ('预包装食品销售', '散装食品销售'))
>>> doc.parts.business_form_name
'食品销售经营者'
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any, ClassVar, Literal, Union, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from qualcheck import numbers
from qualcheck._memo import LONGEST_SCOPE, remembered
from qualcheck._reasons import field_label_zh
from qualcheck._scrub import scrub, scrub_repr_args
from qualcheck._spelling import (
    DOCUMENT_NAMES_ZH,
    Spellings,
    ascii_keys,
    respell,
    respelled,
    same_value,
    uncamel,
)
from qualcheck.dates import (
    VALIDITY_SPELLINGS,
    OptionalChinaDate,
    Validity,
    _blank,
    _flag,
    _printed_end,
    _read_flag,
    _same_end,
    _show,
    _show_zh,
    _split_range,
    is_long_term,
)
from qualcheck.models import _printed
from qualcheck.models._limits import LONGEST_TEXT
from qualcheck.models.identity import (
    DeclaredIdentityType,
    IdentityNumber,
    IdentityType,
    _declare_identity,
)
from qualcheck.types import (
    USCC,
    CMANo,
    CNCANo,
    DeviceBusinessNo,
    DrugBusinessNo,
    DrugInfoNo,
    FoodBusinessNo,
    FoodFilingNo,
    FoodProductionNo,
    ResidentID,
)

__all__ = [
    "DOCUMENT_KINDS",
    "BusinessLicense",
    "CMACertificate",
    "CNCAApproval",
    "DeviceBusinessLicense",
    "Document",
    "DocumentBase",
    "DrugBusinessLicense",
    "DrugInfoCertificate",
    "FoodBusinessLicense",
    "FoodFiling",
    "FoodProductionLicense",
    "IdentityDocument",
    "document_adapter",
    "document_kind",
]

_VALIDITY_KEYS = ("valid_from", "valid_to", "long_term")
_SCOPE_SEPARATORS = re.compile(r"[；;、,，\n]+")
_CLASS_NUMERALS = (r"(?:[IiＩｉ]{1,3}|[ⅠⅡⅢ])", "[一二三壹贰貳叁參叄]", "[甲乙丙]")
"""The ways classes are numbered; one enumeration numbers its classes alike."""
_JOINED = re.compile(
    "|".join(
        # five classes at most, 除…外 120 characters at most: longer runs are read once
        rf"(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])(?:第{n}\s*[、,，]\s*){{1,4}}第{n}\s*[类類]"
        rf"|(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])第?(?:{n}\s*[、,，]\s*){{1,4}}{n}\s*[类類]"
        for n in _CLASS_NUMERALS
    )
    + r"|除[^；;。（(）)除\n]{0,120}?[、,，][^；;。（(）)除\n]{0,120}?以?外(?=的|[，,；;。）)\n]|$)"
    + r"|(?<=[，,；;\n])[^；;，,。（(）)、\n]+(?:、[^；;，,。（(）)、\n]+)+除外(?=[，,；;。\n]|$)"
)
"""Separators that do not end an item: between classes enumerated before one 类 (二、三类,
Ⅱ、Ⅲ类, 第二、第三类, 甲、乙類), between the entries of one 除…外 (除药品、医疗器械外), and
between entries standing alone after an item and closed by one 除外 (…，避孕套、口罩除外)."""
_HIDE_SEPARATORS = str.maketrans("、,，", "\x01\x02\x03")
_SHOW_SEPARATORS = str.maketrans("\x01\x02\x03", "、,，")
_OPENING_BRACKETS = "(（[［【〔"
_CLOSING_BRACKETS = ")）]］】〕"
_OPENING = re.compile(f"[{re.escape(_OPENING_BRACKETS)}]")


def _as_period(value: Any) -> dict[str, Any] | None:
    """A validity given as a mapping, a range string, a pair or a ``Validity``, as a dict;
    ``None`` if it is none of them or cannot be split (the ``Validity`` model then reports
    it)."""
    if isinstance(value, Validity):
        return value.model_dump(exclude_defaults=True)
    if isinstance(value, Mapping):
        return respell(dict(value), VALIDITY_SPELLINGS, _same_period_value)
    if isinstance(value, str):
        try:
            return _split_range(value)
        except ValueError:
            return None
    if (
        isinstance(value, Sequence)
        and not isinstance(value, (bytes, bytearray))
        and len(value) == 2
    ):
        return {"valid_from": value[0], "valid_to": value[1]}
    return None


def _same_period_value(key: str, first: Any, second: Any) -> bool:
    """Whether two spellings of ``valid_from``, ``valid_to`` or ``long_term`` agree (an end
    read without the words printed around it: ``有效期至：2028年06月11日``, ``…止``, ``自…``)."""
    if first == second:
        return True
    if key != "long_term":
        return _same_end(key, first, second)
    first, second = _printed_end(key, first), _printed_end(key, second)
    return _flag(first) is not None and _flag(first) == _flag(second)


def _same_document_value(key: str, first: Any, second: Any) -> bool:
    """Whether two spellings of a document's field (``valid_to`` and ``validTo``) agree: a
    validity key by :func:`_same_period_value`, any other as :func:`same_value` compares."""
    if key in _VALIDITY_KEYS:
        return _same_period_value(key, first, second)
    if key == "kind":  # food_business and 食品经营许可证
        return _same_kind(first, second)
    if key == "validity" and not same_value(first, second):  # one period written two ways
        return _same_validity(first, second)
    return same_value(first, second)


def _same_validity(first: Any, second: Any) -> bool:
    """Whether two validities read as the same period (``2023.06.12-2028.06.11`` and
    ``2023年6月12日至2028年6月11日``); one that cannot be read agrees with none."""
    try:
        return Validity.model_validate(first) == Validity.model_validate(second)
    except ValidationError:
        return False


def _show_value_zh(key: str, value: Any) -> str:
    """A value of ``key`` as the Chinese messages quote it: the long-term flag as 是/否."""
    flag = _flag(value) if key == "long_term" else None
    if flag is not None:
        return "是" if flag else "否"
    return _show_zh(value)


def _end_conflict(period: Mapping[str, Any], key: str, value: Any) -> tuple[str, str] | None:
    """The end ``period`` states (an end date, or the long-term flag) when ``value`` — a
    ``valid_to`` or ``long_term`` given on its own — contradicts it, in English and as the
    Chinese message goes on after 有效期中 (``的有效期至为“2027-01-01”``); ``None`` if
    not.  An end date and "long-term" are two answers to one question."""
    end, flag = period.get("valid_to"), period.get("long_term")
    if key == "long_term" and not _blank(end):
        given = _flag(value)
        if given is not None and given != is_long_term(_printed_end("valid_to", end)):
            return f"valid_to {_show(end)}", f"的{field_label_zh('valid_to')}为{_show_zh(end)}"
    if key == "valid_to" and not _blank(flag):
        stated = _flag(flag)
        if stated is not None and stated != is_long_term(_printed_end("valid_to", value)):
            flag_zh = _show_value_zh("long_term", flag)
            return f"long_term {_show(flag)}", f"的{field_label_zh('long_term')}为{flag_zh}"
    return None


def _conflict(key: str, first: tuple[str, str], second: Any) -> PydanticCustomError:
    reason_zh = (
        f"{field_label_zh(key)}填写了两次且不一致：有效期中{first[1]}，"
        f"单独填写为{_show_value_zh(key, second)}"
    )
    return PydanticCustomError(
        "validity_conflict",
        "{field} is given twice, differently: {first} in validity, {second} on its own",
        {"field": key, "first": first[0], "second": _show(second), "reason_zh": reason_zh},
    )


def _merge_validity(given: Any, loose: dict[str, Any]) -> Any:
    """``validity`` completed with the top-level ``valid_from``/``valid_to``/``long_term``
    keys given next to it; a key given both ways with different values is an error that
    names it (the record states two periods, and neither may be silently dropped).  So is
    a loose end date next to a long-term validity, or a loose long-term flag next to an
    end date."""
    period = _as_period(given)
    if period is None:  # unreadable: the Validity model reports it (and, reading a raw
        return given  # record, the engine then tries the top-level keys alone)
    stated_period = dict(period)
    for key, value in loose.items():
        stated = stated_period.get(key)
        if _blank(value):  # an empty cell states nothing
            continue
        if _blank(stated):
            end = _end_conflict(stated_period, key, value)
            if end is not None:
                raise _conflict(key, end, value)
            period[key] = value
        elif not _same_period_value(key, stated, value):
            raise _conflict(key, (_show(stated), "为" + _show_value_zh(key, stated)), value)
    return period


_LINE_BREAK = re.compile(r"(?<![ \t\u3000])[ \t\u3000]*(?:\r\n|[\r\n\u2028\u2029])\s*")
"""A line break and the spaces around it; tried where a run of spaces starts (a long run
is scanned once, not again from each of its spaces)."""
_ITEM_END = re.compile(r"[；;。，,、:：)）\]］】〕]\s*$")
_ITEM_START = re.compile(
    r"(?:[(（]?\s*[0-9０-９]{1,2}\s*[)）.、．]|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}\s*、"
    r"|第?(?:[IiＩｉ]{1,3}|[ⅠⅡⅢ一二三])(?:\s*[、,，和及与/]\s*第?(?:[IiＩｉ]{1,3}|[ⅠⅡⅢ一二三])){0,4}"
    r"\s*[类類]|[甲乙丙](?:[、,，和及与/][甲乙丙]){0,2}[类類]"
    r"|许可项目|一般项目|经营项目|经营范围|许可范围|备案范围|备注"
    r"|[6６][8８][0-9０-９]{2}(?![0-9０-９])"
    r"|(?:[0０][1-9１-９]|[1１][0-9０-９]|[2２][0-2０-２])(?:-[0-9]{1,2})?(?=[-\u4e00-\u9fff]))"
)
"""What begins an item of its own on a new line: a number (``1.``, ``（2）``, ``三、``), a
class heading (``II类：``, ``第三类``, ``甲类``), a heading of the scope (``一般项目：``) or a
device catalogue group (``6822医用光学器具…``, ``16-06``, ``16眼科器械``)."""
_CLAUSE = re.compile(r"[(（\[［【〔]|不含|不包括|不包含|不得|除|仅|只限|限于")
"""What binds the words before it in an item: a bracket, an exclusion or a limitation."""
_CLAUSE_FIRST = re.compile(rf"\s*(?:{_CLAUSE.pattern})")
"""A line that is nothing but a clause (``不含散装熟食``, ``（除…外）``): it binds the item
before it, however many lines that item was wrapped over."""
_GROUP_ENTRY = re.compile(
    r"(?:[^:：\n]{0,24}(?:类|類|目录|目錄|版)[^:：\n]{0,12}[:：]\s*)?"
    r"(?:[6６][8８][0-9０-９]{2}(?![0-9０-９])"
    r"|(?:[0０][1-9１-９]|[1１][0-9０-９]|[2２][0-2０-２])(?:[-－][0-9０-９]{1,2})*"
    r"(?=[-－\u4e00-\u9fff]))"
)
"""A line listing a device catalogue group (``6821医用电子仪器设备``, ``Ⅲ类：16眼科器械``):
the next line continues its name unless it begins an item of its own."""
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DASH_END = ("-", "－", "—", "–")
_SEPARATOR = re.compile(r"[；;。，,、]")


def _join_wrapped_lines(text: str) -> str:
    """``text`` with the line breaks that only wrap an item removed (OCR keeps the printed
    lines: ``散装食品\\n销售（不含散装熟食）`` is one item, and split at the break its
    exclusion would leave the goods it excludes).

    A line break separates items when the line before ends an item (a separator, a colon
    or a closing bracket), when the next line begins one (a number, a class heading, a
    heading of the scope, a device catalogue group), or when the scope separates its items
    by line breaks alone and the next line holds no clause.  Otherwise — the scope
    separates its items by punctuation, the line before lists a catalogue group whose name
    the next line goes on with (``6821医用电子仪\n器设备``), or the next line holds a bracket,
    an exclusion or a limitation that would be cut from its item — the line continues the
    one before.  A line that is nothing but a clause (``不含散装熟食``) binds all the lines
    before it that nothing separates (``散装食品\n销售\n不含散装熟食`` is one item).
    Joining two items keeps their words and binds a clause to more of them: a scope read
    so covers less, never more.

    >>> _join_wrapped_lines("散装食品\\n销售（不含散装熟食）")
    '散装食品销售（不含散装熟食）'
    >>> _join_wrapped_lines("预包装食品销售；散装\\n食品销售")
    '预包装食品销售；散装食品销售'
    >>> _join_wrapped_lines("1.预包装食品销售\\n2.散装食品销售")
    '1.预包装食品销售\\n2.散装食品销售'
    >>> _join_wrapped_lines("热食类食品制售\\n冷食类食品制售")
    '热食类食品制售\\n冷食类食品制售'
    >>> _join_wrapped_lines("Ⅲ类：\\n6815注射穿刺器械\\n6822医用光学器具、仪器及内窥镜设备")
    'Ⅲ类：\\n6815注射穿刺器械\\n6822医用光学器具、仪器及内窥镜设备'
    >>> _join_wrapped_lines("Ⅲ类：6821医用电子仪\\n器设备")
    'Ⅲ类：6821医用电子仪器设备'
    >>> _join_wrapped_lines("散装食品\\n销售\\n不含散装熟食")
    '散装食品销售不含散装熟食'
    """
    lines = _LINE_BREAK.split(text)
    if len(lines) == 1:
        return text
    punctuated = _SEPARATOR.search(text) is not None
    items = [[lines[0]]]  # each item, as the lines it is joined from (linear time)
    run = 0  # where the items that nothing but a line break separates begin
    for line in lines[1:]:
        parts = items[-1]
        last = parts[-1]
        ends = (len(parts) == 1 and not last.strip()) or _ITEM_END.search(last) is not None
        if last.endswith(_DASH_END) and not ends:  # 16-\n06: a number wrapped
            parts.append(line)
        elif ends or _ITEM_START.match(line):
            items.append([line])
            run = len(items) - 1
        elif punctuated or (_GROUP_ENTRY.match(parts[0]) and _HAN.match(line)):
            parts[-1] = last.rstrip()
            parts.append(line)
        elif _CLAUSE_FIRST.match(line):
            first = items[run]
            for other in items[run + 1 :]:
                first[-1] = first[-1].rstrip()
                first.extend(other)
            del items[run + 1 :]
            first[-1] = first[-1].rstrip()
            first.append(line)
        elif _CLAUSE.search(line):
            parts[-1] = last.rstrip()
            parts.append(line)
        else:
            items.append([line])
    return "\n".join("".join(parts) for parts in items)


@remembered(maxsize=4096, longest=LONGEST_SCOPE)
def _split_scope(scope: str) -> tuple[str, ...]:
    """A scope printed as one text, split into its items at the separators outside
    brackets (``散装食品销售（不含熟食、冷食）`` stays one item); the same scopes recur.

    >>> _split_scope("预包装食品销售；散装食品销售（不含散装熟食、冷食）、网络经营")
    ('预包装食品销售', '散装食品销售（不含散装熟食、冷食）', '网络经营')
    >>> _split_scope("Ⅱ、Ⅲ类：6815注射穿刺器械、6866医用高分子材料及制品")
    ('Ⅱ、Ⅲ类：6815注射穿刺器械', '6866医用高分子材料及制品')
    >>> _split_scope("预包装食品销售；散装食品\\n销售（不含散装熟食）")  # a line wrapped by OCR
    ('预包装食品销售', '散装食品销售（不含散装熟食）')
    """
    if "\n" in scope or "\r" in scope or "\u2028" in scope or "\u2029" in scope:
        scope = _join_wrapped_lines(scope)
    return _split_items(scope)


def _split_items(scope: str) -> tuple[str, ...]:
    """:func:`_split_scope` once the wrapped lines are joined."""
    if ("类" in scope or "類" in scope or "除" in scope) and _JOINED.search(scope):
        hidden = _JOINED.sub(lambda match: match[0].translate(_HIDE_SEPARATORS), scope)
        return tuple(item.translate(_SHOW_SEPARATORS) for item in _split_items(hidden))
    if not _OPENING.search(scope):
        return tuple(item for item in _SCOPE_SEPARATORS.split(scope) if item.strip())
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for char in scope:
        if char in _OPENING_BRACKETS:
            depth += 1
        elif char in _CLOSING_BRACKETS:
            depth = max(depth - 1, 0)
        elif depth == 0 and _SCOPE_SEPARATORS.fullmatch(char):
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    return tuple(item for item in items if item.strip())


def _blank_cell(value: Any) -> bool:
    """Whether ``value`` is an empty cell: ``None``, or a text that stands for no value
    (``""``, ``无``, ``/`` …)."""
    if value is None:
        return True
    if type(value) is str:  # a long text with nothing around it is a value: no call
        short = len(value) <= 4 or value[0].isspace() or value[-1].isspace()
        return short and _printed.no_value(value)
    return _printed.no_value(value)


_BLANKABLE = ("holder_uscc", "number", "scope", "validity")
"""A document's fields whose empty cells the before-validator reads as none given."""


_PARTS = "_qualcheck_parts"
"""The key under which a document keeps its number's decoded parts, with the number."""


class DocumentBase(BaseModel):
    """What every document has.  Subclasses add ``kind``, a typed ``number`` and their own
    fields, and say which number kind they hold, whether they expire and their longest
    legal term."""

    model_config = ConfigDict(
        frozen=True,
        extra="ignore",
        str_strip_whitespace=True,
        str_max_length=LONGEST_TEXT,
        hide_input_in_errors=True,
    )

    NUMBER_KIND: ClassVar[str]
    TITLE: ClassVar[str]
    TITLE_ZH: ClassVar[str]
    EXPIRES: ClassVar[bool] = True
    MAX_TERM_YEARS: ClassVar[int | None] = None

    @property
    def max_term_years(self) -> int | None:
        """The longest term the document is issued for (``None``: no legal maximum known,
        or long-term allowed); :attr:`MAX_TERM_YEARS` unless the document depends on more."""
        return self.MAX_TERM_YEARS

    kind: str
    number: str
    holder_name: str | None = None
    holder_uscc: USCC | None = None
    legal_representative: str | None = Field(
        default=None, description="法定代表人 / 负责人: the name printed on the document"
    )
    address: str | None = None
    issuing_authority: str | None = None
    issue_date: OptionalChinaDate = None
    validity: Validity | None = None
    scope: tuple[str, ...] = Field(
        default=(), description="许可范围 / 经营项目, one item per entry"
    )

    @model_validator(mode="before")
    @classmethod
    def _gather(cls, data: Any) -> Any:
        if type(data) is not dict and not isinstance(data, Mapping):
            return data
        data = dict(data)
        if not DOCUMENT_SPELLINGS.fields.issuperset(data):  # holderName, 有效期至 …
            data = respell(data, DOCUMENT_SPELLINGS, _same_document_value)
        _printed.drop_document_labels(data)
        if "holder_uscc" in data and _printed.no_value_or_pointer(data["holder_uscc"]):
            data["holder_uscc"] = None  # 空, 见附件, 同上, ***: none printed
        for key in _BLANKABLE:
            if key in data and _blank_cell(data[key]):
                if key == "holder_uscc":  # an empty cell, 无, / …: none printed
                    data[key] = None
                else:  # no number is a missing field, not a number of length 0; an empty
                    del data[key]  # scope or validity states nothing
        loose = {}
        if not data.keys().isdisjoint(_VALIDITY_KEYS):  # most documents give a validity
            loose = {key: data.pop(key) for key in _VALIDITY_KEYS if key in data}
            loose = {key: value for key, value in loose.items() if not _blank(value)}
        if loose:
            given = data.get("validity")
            data["validity"] = loose if given is None else _merge_validity(given, loose)
        scope = data.get("scope")
        if isinstance(scope, str):  # too long a text is not split: its one item is refused
            data["scope"] = _split_scope(scope) if len(scope) <= LONGEST_TEXT else (scope,)
        elif isinstance(scope, (list, tuple)):  # one item per entry: its lines are wraps
            data["scope"] = tuple(
                _join_wrapped_lines(entry) if isinstance(entry, str) else entry for entry in scope
            )
        return data

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # personal numbers in free text (an address, a holder's name) masked
        return scrub_repr_args(super().__repr_args__())

    @property
    def parts(self) -> Any:
        """The decoded parts of the number (see ``qualcheck.numbers``), computed once for
        each number: a copy made with another number (``model_copy(update=…)``) decodes
        its own, never the parts of the number it was copied from.

        Only decoded: the number's type has validated it already, as of the day it was
        read, so no date rule is judged again here (against today's date, it would reject
        a licence issued after today that a later ``as_of`` accepts)."""
        values = self.__dict__
        number = self.number
        cached = values.get(_PARTS)
        if type(cached) is tuple and cached[0] == number:
            return cached[1]
        parts = numbers.get(self.NUMBER_KIND).parse(number, as_of=datetime.date.max)
        values[_PARTS] = (number, parts)  # not a field: kept out of dumps, reprs and dict()
        return parts


class BusinessLicense(DocumentBase):
    """营业执照 — business licence; its number is the USCC, its term the 营业期限."""

    NUMBER_KIND: ClassVar[str] = "uscc"
    TITLE: ClassVar[str] = "business licence"
    TITLE_ZH: ClassVar[str] = "营业执照"

    kind: Literal["business_license"] = "business_license"
    number: USCC
    entity_type: str | None = Field(default=None, description="类型, e.g. 有限责任公司")
    established_on: OptionalChinaDate = None


class FoodBusinessLicense(DocumentBase):
    """食品经营许可证 (JY) — needed to sell food other than pre-packaged only, or to cater."""

    NUMBER_KIND: ClassVar[str] = "food_business"
    TITLE: ClassVar[str] = "food business licence"
    TITLE_ZH: ClassVar[str] = "食品经营许可证"
    MAX_TERM_YEARS: ClassVar[int | None] = 5

    kind: Literal["food_business"] = "food_business"
    number: FoodBusinessNo
    business_form: str | None = Field(default=None, description="主体业态 as printed")
    network_operation: Annotated[bool, BeforeValidator(_read_flag)] = Field(
        default=False,
        description="网络经营 is in the licensed items (yes/no, 是/否, true/false, 1/0)",
    )


class FoodFiling(DocumentBase):
    """仅销售预包装食品备案 — filing of a seller of pre-packaged food only (no expiry)."""

    NUMBER_KIND: ClassVar[str] = "food_filing"
    TITLE: ClassVar[str] = "pre-packaged food sales filing"
    TITLE_ZH: ClassVar[str] = "仅销售预包装食品备案"
    EXPIRES: ClassVar[bool] = False

    kind: Literal["food_filing"] = "food_filing"
    number: FoodFilingNo


class FoodProductionLicense(DocumentBase):
    """食品生产许可证 (SC) — needed to sell food one produces."""

    NUMBER_KIND: ClassVar[str] = "food_production"
    TITLE: ClassVar[str] = "food production licence"
    TITLE_ZH: ClassVar[str] = "食品生产许可证"
    MAX_TERM_YEARS: ClassVar[int | None] = 5

    kind: Literal["food_production"] = "food_production"
    number: FoodProductionNo
    food_categories: tuple[str, ...] = Field(
        default=(),
        description="食品类别 as printed, one per entry (a string is split like a scope)",
    )

    @field_validator("food_categories", mode="before")
    @classmethod
    def _split_food_categories(cls, value: Any) -> Any:
        return _split_scope(value) if isinstance(value, str) else value


class DrugBusinessLicense(DocumentBase):
    """药品经营许可证 — wholesale (A), chain HQ (B), chain store (C), pharmacy (D)."""

    NUMBER_KIND: ClassVar[str] = "drug_business"
    TITLE: ClassVar[str] = "drug business licence"
    TITLE_ZH: ClassVar[str] = "药品经营许可证"
    MAX_TERM_YEARS: ClassVar[int | None] = 5

    kind: Literal["drug_business"] = "drug_business"
    number: DrugBusinessNo
    business_mode: str | None = Field(
        default=None, description="经营方式 as printed (批发, 零售 …)"
    )


class DrugInfoCertificate(DocumentBase):
    """互联网药品信息服务资格证书 — internet drug information service (not a selling licence)."""

    NUMBER_KIND: ClassVar[str] = "drug_info"
    TITLE: ClassVar[str] = "internet drug information service certificate"
    TITLE_ZH: ClassVar[str] = "互联网药品信息服务资格证书"
    MAX_TERM_YEARS: ClassVar[int | None] = 5

    kind: Literal["drug_info"] = "drug_info"
    number: DrugInfoNo


class DeviceBusinessLicense(DocumentBase):
    """医疗器械经营许可证 (class III, 5 years) or 第二类医疗器械经营备案 (class II, no expiry)."""

    NUMBER_KIND: ClassVar[str] = "device_business"
    TITLE: ClassVar[str] = "medical device business licence or filing"
    TITLE_ZH: ClassVar[str] = "医疗器械经营许可证/备案凭证"
    MAX_TERM_YEARS: ClassVar[int | None] = 5

    kind: Literal["device_business"] = "device_business"
    number: DeviceBusinessNo

    @property
    def is_filing(self) -> bool:
        """True for a class II filing (备), False for a class III licence (许)."""
        return bool(self.parts.filing)


class CNCAApproval(DocumentBase):
    """认证机构批准书 — approval of a certification body by CNCA, 6 years (认证机构管理办法
    art. 12)."""

    NUMBER_KIND: ClassVar[str] = "cnca"
    TITLE: ClassVar[str] = "certification body approval"
    TITLE_ZH: ClassVar[str] = "认证机构批准书"
    MAX_TERM_YEARS: ClassVar[int | None] = 6

    kind: Literal["cnca"] = "cnca"
    number: CNCANo


class CMACertificate(DocumentBase):
    """检验检测机构资质认定证书 (CMA) — testing body accreditation, 6 years."""

    NUMBER_KIND: ClassVar[str] = "cma"
    TITLE: ClassVar[str] = "testing body certificate (CMA)"
    TITLE_ZH: ClassVar[str] = "检验检测机构资质认定证书"
    MAX_TERM_YEARS: ClassVar[int | None] = 6

    kind: Literal["cma"] = "cma"
    number: CMANo


_PERMIT_PREFIXES = frozenset({"81", "82", "83"})
# (age below which, years): the terms of a resident identity card, 居民身份证法 art. 5
_ID_CARD_TERMS = ((16, 5), (26, 10), (46, 20))


class IdentityDocument(DocumentBase):
    """An identity document of a natural-person seller or of the legal representative.
    ``holder_name`` is the person's name.

    ``id_type`` says which document it is
    (:class:`~qualcheck.models.identity.IdentityType`, optional).  The numbers of 居民身份证,
    港澳台居民居住证 and 外国人永久居留身份证 are built on GB 11643 and are checked; a
    passport's or a travel permit's (回乡证, 台胞证) cannot be: its number is kept as a
    :class:`~qualcheck.models.identity.DocumentNumber`, and the document needs a person to
    verify it.

    >>> doc = IdentityDocument(number="H12345678", holder_name="陈大文")
    >>> doc.id_type.value, doc.checkable, doc.number
    ('hk_macao_travel_permit', False, DocumentNumber('*********', 'hk_macao_travel_permit'))
    """

    NUMBER_KIND: ClassVar[str] = "ric"
    TITLE: ClassVar[str] = "identity document"
    TITLE_ZH: ClassVar[str] = "身份证件"

    kind: Literal["identity"] = "identity"
    number: IdentityNumber
    id_type: DeclaredIdentityType = Field(
        default=None, description="证件类型: which document (Chinese names accepted)"
    )

    @model_validator(mode="before")
    @classmethod
    def _declared_type(cls, data: Any) -> Any:
        # runs before DocumentBase's validator: the keys respelt first (``idType``)
        return _declare_identity(respelled(data, DOCUMENT_SPELLINGS), "number")

    @property
    def checkable(self) -> bool:
        """True when the number is built on GB 11643 (a :class:`ResidentID`), so checked."""
        return isinstance(self.number, ResidentID)

    @property
    def max_term_years(self) -> int | None:
        """The term the card is issued for, where the law fixes it: 5 years for a residence
        permit of a Hong Kong, Macao or Taiwan resident (国办发〔2018〕81号 art. 6); 10 years
        for a foreigner's permanent residence ID, 5 under 18 (外国人在中国永久居留审批管理办法
        art. 21, a secondary source: reported for review only); for a
        resident identity card, by the holder's age on its first day (居民身份证法 art. 5):
        under 16, 5 years; 16 to 25, 10; 26 to 45, 20; from 46, long-term (``None``).
        ``None`` too when it cannot be told (no start date, another document).

        >>> card = IdentityDocument(number="310204199003079851", holder_name="张三",
        ...                         valid_from="2020-03-01", valid_to="2040-03-01")
        >>> card.max_term_years
        20
        """
        number = self.number
        if not isinstance(number, ResidentID) or len(number) != 18:
            return None
        if number[:2] in _PERMIT_PREFIXES:
            return 5
        start = self.validity.valid_from if self.validity is not None else None
        start = start or self.issue_date
        if start is None:
            return None
        born = (int(number[6:10]), int(number[10:12]), int(number[12:14]))
        age = start.year - born[0] - ((start.month, start.day) < born[1:])
        if number[0] == "9":  # a foreigner's card: 5 years under 18, else 10
            return 5 if age < 18 else 10
        for below, years in _ID_CARD_TERMS:
            if age < below:
                return years
        return None


_KIND_NAMES = {
    "business_license": (
        "营业执照 企业营业执照 个体工商户营业执照 电子营业执照 business_licence business_license"
    ),
    "food_business": "食品经营许可证 食品经营许可 food_business_licence food_business_license",
    "food_filing": (
        "仅销售预包装食品备案 仅销售预包装食品经营者备案 仅销售预包装食品备案凭证 预包装食品备案"
        " 食品经营备案 prepackaged_food_filing food_sales_filing"
    ),
    "food_production": (
        "食品生产许可证 食品生产许可 food_production_licence food_production_license"
    ),
    "drug_business": "药品经营许可证 drug_business_licence drug_business_license",
    "drug_info": (
        "互联网药品信息服务资格证书 互联网药品信息服务资格证 drug_info_certificate"
        " drug_information_certificate internet_drug_information_certificate"
    ),
    "device_business": (
        "医疗器械经营许可证/备案凭证 医疗器械经营许可证 第三类医疗器械经营许可证"
        " 医疗器械经营备案凭证 医疗器械经营备案 第二类医疗器械经营备案凭证"
        " 第二类医疗器械经营备案 二类医疗器械经营备案凭证 device_business_licence"
        " device_business_license"
        " device_business_filing medical_device_business_licence"
        " medical_device_business_license medical_device_business_filing"
    ),
    "cnca": "认证机构批准书 cnca_approval certification_body_approval",
    "cma": "检验检测机构资质认定证书 资质认定证书 cma证书 cma_certificate",
    "identity": "身份证件 identity_document",
}
"""Names of each document kind besides the kind itself, as platforms store them: the
document's title (Chinese or English)."""
_QUALIFIER = re.compile(
    r"(?:[(\[【〔]?(?:正本|副本|电子版|电子证照|复印件|扫描件|正面|反面|正反面|背面"
    r"|人像面|头像面|国徽面)[)\]】〕]?)+$"
)
"""A copy's qualifiers at the end of a title (in any brackets, NFKC having made （）［］
ASCII): only these — a title that says anything else (（作废）, （已注销）) names no kind.
An identity card's sides are its 人像面 (头像面) and 国徽面, as OCR services name them."""
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def _kind_key(name: str) -> str:
    """``name`` as kind names are compared: NFKC, case-folded, spaces, hyphens or a
    camelCase capital between English words as ``_`` (``foodBusiness``), no white space
    between Chinese characters."""
    text = unicodedata.normalize("NFKC", name).translate(_ZERO_WIDTH).strip()
    if text.isascii():
        return re.sub(r"[\s\-]+", "_", uncamel(text).casefold())
    return "".join(text.casefold().split())


@functools.cache
def _kind_aliases() -> dict[str, str]:
    return {
        _kind_key(name): kind
        for kind, names in _KIND_NAMES.items()
        for name in (kind, *names.split())
    }


def document_kind(name: str) -> tuple[str, IdentityType | None] | None:
    """The document kind ``name`` names — a kind, or a document's title as platforms
    store it — and, for the title of one identity document, its type; ``None`` if it
    names none.  Qualifiers of a copy (``（副本）``, ``正本``, ``电子版``) are ignored.

    >>> document_kind("营业执照（副本）"), document_kind("Food Business Licence")
    (('business_license', None), ('food_business', None))
    >>> document_kind("港澳居民居住证")
    ('identity', <IdentityType.RESIDENCE_PERMIT: 'residence_permit'>)
    >>> document_kind("排污许可证") is None
    True
    >>> document_kind("營業執照（副本）")  # traditional characters, as Hong Kong and Taiwan write
    ('business_license', None)
    """
    found = _kind_of_title(name)
    if found is None and not name.isascii():
        from qualcheck.checks._hanzi import to_simplified

        simplified = to_simplified(name)
        if simplified != name:
            found = _kind_of_title(simplified)
    return found


_LONGEST_TITLE = 200
"""Longer text names no document kind (the longest name is 37 characters; a few
qualifiers of a copy add a dozen): it is not searched for qualifiers at its end, which
takes quadratic time on a long run of them."""


def _kind_of_title(name: str) -> tuple[str, IdentityType | None] | None:
    aliases, key = _kind_aliases(), _kind_key(name)
    if len(key) > _LONGEST_TITLE:
        return None
    bare = _QUALIFIER.sub("", key)
    for candidate in (key, bare):
        if candidate in aliases:
            return aliases[candidate], None
    for candidate in (key, bare):
        identity = IdentityType.parse(candidate)
        if identity is not None and identity is not IdentityType.OTHER:  # not 其他
            return "identity", identity
    return None


def _kind_given(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """``data`` with its kind under ``kind`` when it gives it under a Chinese name only
    (``证照类型``)."""
    if ascii_keys(data):  # only a key that is not plain ASCII can be a Chinese name
        return data
    key = next((k for k in data if type(k) is str and _KIND_SPELLINGS.chinese_field(k)), None)
    if key is None:
        return data
    out = {k: v for k, v in data.items() if k != key}
    out["kind"] = data[key]
    return out


def _same_kind(first: Any, second: Any) -> bool:
    """Whether two values of ``kind`` name one kind (``food_business``, 食品经营许可证)."""
    if same_value(first, second):
        return True
    kinds = [
        (value if value in DOCUMENT_KINDS else (document_kind(value) or (None,))[0])
        if isinstance(value, str)
        else None
        for value in (first, second)
    ]
    return kinds[0] is not None and kinds[0] == kinds[1]


def _canonical_kind(data: Any) -> Any:
    """A document whose ``kind`` is a title (``营业执照``) or another spelling of a kind,
    with the kind itself (and, for an identity document's title, its ``id_type`` unless
    given); a kind given under a Chinese name (``证照类型``) read as ``kind``; anything
    else as it is."""
    if type(data) is not dict and not isinstance(data, Mapping):
        return data
    if "kind" not in data:  # 证照类型 (given with ``kind``, the two are compared later)
        data = _kind_given(data)
    given = data.get("kind")
    if type(given) is not str or given in DOCUMENT_KINDS:
        return data
    found = document_kind(given)
    if found is None:  # refused as an unknown kind, naming what was given — masked, since
        shown = scrub(given)  # pydantic's message quotes the tag whatever its config says
        return data if shown == given else {**data, "kind": shown}
    data = dict(data)
    data["kind"], identity = found
    if identity is not None and DOCUMENT_SPELLINGS.key_of(data, "id_type") is None:
        data["id_type"] = identity
    return data


Document = Annotated[
    Union[  # noqa: UP007 - a discriminated union reads better spelled out
        BusinessLicense,
        FoodBusinessLicense,
        FoodFiling,
        FoodProductionLicense,
        DrugBusinessLicense,
        DrugInfoCertificate,
        DeviceBusinessLicense,
        CNCAApproval,
        CMACertificate,
        IdentityDocument,
    ],
    Field(discriminator="kind"),
    BeforeValidator(_canonical_kind),
]
"""Any document, told apart by ``kind`` (a kind, or the document's title: see
:func:`document_kind`)."""

DOCUMENT_KINDS: dict[str, type[DocumentBase]] = {
    cls.model_fields["kind"].default: cls for cls in get_args(get_args(Document)[0])
}
"""``kind`` → document class."""

DOCUMENT_SPELLINGS = Spellings(
    (*_VALIDITY_KEYS, *(name for cls in DOCUMENT_KINDS.values() for name in cls.model_fields)),
    DOCUMENT_NAMES_ZH,
)
"""The keys a document is read from: the fields of every kind of document and the
top-level validity keys, also as camelCase (``holderName``, ``validTo``) and in Chinese
(``名称``, ``有效期至``: see :data:`qualcheck._spelling.DOCUMENT_NAMES_ZH`)."""
_KIND_SPELLINGS = Spellings(("kind",), DOCUMENT_NAMES_ZH)
"""The names of a document's ``kind`` (``证照类型``)."""


@functools.cache
def document_adapter() -> TypeAdapter[DocumentBase]:
    """A ``TypeAdapter`` of :data:`Document` whose errors never quote the input (a document
    may hold a resident-ID number), made once.

    >>> document_adapter().validate_python({"kind": "cma", "number": "2019"})
    Traceback (most recent call last):
        ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for tagged-union[...]
    cma.number
      ... [type=cma.length]
    """
    adapter: TypeAdapter[DocumentBase] = TypeAdapter(
        Document, config=ConfigDict(hide_input_in_errors=True)
    )
    return adapter
