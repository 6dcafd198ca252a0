"""Field names as other backends spell them: camelCase, and the names of Chinese forms.

A platform whose backend serialises its objects the Java or JavaScript way writes
``holderName``, ``validTo`` and ``legalRepresentative`` where qualcheck's fields are
``holder_name``, ``valid_to`` and ``legal_representative``.  The models read the exact
camelCase spelling of each of their fields as that field (:func:`respell`, called by each
model's before-validator, so that the validators that read the raw keys see them too);
their JSON Schema and ``model_dump`` keep the snake_case names.  A record that gives a
field in both spellings with different values is an error that names the field
(``spelling_conflict``): the record states two values, and neither may be silently
chosen.

Platforms whose records come from Chinese forms, OCR of a licence or a spreadsheet export
name fields in Chinese: ``法定代表人``, ``统一社会信用代码``, ``有效期至``.  The same names are
read in a JSON record (:func:`respell`) and as CSV headers (``qualcheck.batch``): one
table for each level of a record — the merchant (:data:`MERCHANT_NAMES_ZH`), its legal
representative (:data:`PERSON_NAMES_ZH`), a shop (:data:`SHOP_NAMES_ZH`) and a document
(:data:`DOCUMENT_NAMES_ZH`, whose validity keys also name a ``validity`` object's).  A
name is read as the field of its level only: ``名称`` is the merchant's name in the
merchant, a shop's name in a shop and the holder's name on a document; ``统一社会信用代码``
is the merchant's ``uscc`` and a document's ``holder_uscc``.  Names are compared in NFKC,
case-folded, without white space and without a colon at the end (``名　　称``,
``有效期至：``).  Only a key that is not plain ASCII is looked up, so a record in
snake_case or camelCase costs nothing more.  A Chinese name given with the field's own
name (or with another name of it) is read once when the values agree, and is a
``spelling_conflict`` when they differ, as a camelCase one is.

Keys that are neither — ``HolderName``, ``holder-name``, ``holdername``, a field in
another case or with other separators, or a field's Chinese label that the tables do not
read as the field, such as ``持证主体名称`` (:func:`near_miss`) — are not read: the
verification engine reports each of them (``record.invalid_value``) rather than pass a
record whose data it never looked at, unless it repeats the value the field is given.
Any other key is the platform's own and is ignored.

>>> camel("declared_annual_turnover_yuan"), camel("uscc")
('declaredAnnualTurnoverYuan', 'uscc')
>>> names = Spellings(("holder_name", "valid_to", "number"))
>>> respell({"holderName": "示例有限公司", "validTo": "2028-06-11", "number": "1"}, names)
{'number': '1', 'holder_name': '示例有限公司', 'valid_to': '2028-06-11'}
>>> names.near_miss("Holder-Name"), names.near_miss("holder_name"), names.near_miss("shopCode")
('holder_name', None, None)
>>> names = Spellings(("holder_name", "valid_to", "number"), DOCUMENT_NAMES_ZH)
>>> respell({"名称": "示例有限公司", "有效期至：": "2028-06-11", "number": "1"}, names)
{'number': '1', 'holder_name': '示例有限公司', 'valid_to': '2028-06-11'}
>>> names.field_of("名　　称"), names.field_of("统一社会信用代码"), names.field_of("备注")
('holder_name', None, None)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic_core import PydanticCustomError

from qualcheck._memo import LONGEST_NAME, remembered
from qualcheck._reasons import field_label_zh

__all__ = [
    "DOCUMENT_NAMES_ZH",
    "MERCHANT_NAMES_ZH",
    "PERSON_NAMES_ZH",
    "SHOP_NAMES_ZH",
    "Spellings",
    "camel",
    "chinese_key",
    "respell",
    "uncamel",
]

_SEPARATORS = re.compile(r"[\s_\-.]+")
_LONGEST_KEY = 64
"""Longer keys misspell no field (the longest has 29 characters): not compared."""
_LABELLED = frozenset(
    (
        "address",
        "contact_phone",
        "established_on",
        "holder_name",
        "holder_uscc",
        "id_number",
        "issue_date",
        "issuing_authority",
        "merchant_id",
        "name",
        "number",
        "platform",
        "scope",
        "shop_id",
        "uscc",
        "valid_from",
        "valid_to",
    )
)
"""The fields whose Chinese label (:func:`~qualcheck._reasons.field_label_zh`) a record
may use as a key for the same value, in the same form (text, a number, a date): such a
key is a near miss of the field.  Not the fields whose values a platform writes in other
forms under a Chinese key (主体类型 企业 for ``enterprise``, 证照类型 营业执照 for
``business_license``, 长期有效 是), nor 类型 (``entity_type``), too common a key."""
_ANNEX = re.compile(r"[(（][^()（）]*[)）]$")


MERCHANT_NAMES_ZH: dict[str, str] = {
    "merchant_id": "商户编号 商户ID 商户号 商家编号 商家ID",
    "subject_type": "主体类型 商户类型 企业类型 类型",
    "name": "商户名称 商家名称 企业名称 主体名称 名称",
    "uscc": "统一社会信用代码 社会信用代码 信用代码",
    "address": "地址 住所 经营地址 经营场所 注册地址",
    "contact_phone": "联系电话 手机号 手机号码 联系方式 电话",
    "last_verified_at": "上次核验日期 最近核验日期 上次核验时间 最近核验时间 核验日期",
    "declared_annual_turnover_yuan": "年交易额 年营业额 年销售额 申报年交易额",
    "legal_representative": "法定代表人 法人 经营者 负责人 法定代表人姓名 法人姓名 经营者姓名",
    "legal_representative_id": (
        "法定代表人身份证号 法人身份证号 经营者身份证号 身份证号 身份证号码"
        " 法定代表人证件号码 证件号码"
    ),
    "categories": "经营类目 类目 经营品类 销售类目 主营类目",
}
"""Chinese names of the merchant's fields, as platforms' exports and forms write them.
``legal_representative_id`` is the legal representative's ID number given next to the
merchant's fields (a CSV column, a flat record), read as ``legal_representative.id_number``."""

PERSON_NAMES_ZH: dict[str, str] = {
    "name": "姓名",
    "id_number": "身份证号 身份证号码 公民身份号码 证件号码 证件号",
    "id_type": "证件类型",
}
"""Chinese names of a legal representative's fields (in its own object)."""

SHOP_NAMES_ZH: dict[str, str] = {
    "shop_id": "店铺编号 店铺ID 店铺号",
    "platform": "平台 所属平台 平台名称",
    "name": "店铺名称 店名 名称",
    "annual_turnover_yuan": "年交易额 年营业额 年销售额",
}
"""Chinese names of a shop's fields."""

DOCUMENT_NAMES_ZH: dict[str, str] = {
    "kind": "证照类型 证照名称",
    "number": "编号 证号 证书编号 证照编号 许可证编号 备案编号 备案号 证件号码",
    "holder_name": (
        "名称 持证主体 持证主体名称 经营者名称 企业名称 单位名称 机构名称 持证单位 姓名"
    ),
    "holder_uscc": "统一社会信用代码 社会信用代码",
    "legal_representative": "法定代表人 负责人 法定代表人（负责人） 经营者",
    "address": "地址 住所 经营场所",
    "issuing_authority": "发证机关 登记机关 备案机关",
    "issue_date": "发证日期 登记日期 备案日期 签发日期",
    "valid_from": "有效期起 有效期自 起始日期",
    "valid_to": "有效期至 有效期止 截止日期 到期日期",
    "validity": "有效期 有效期限 营业期限",
    "scope": "经营范围 许可范围 经营项目 备案范围",
    "long_term": "长期有效",
    "id_type": "证件类型",
    "established_on": "成立日期",
    "business_form": "主体业态",
    "network_operation": "网络经营",
    "food_categories": "食品类别",
    "business_mode": "经营方式",
}
"""Chinese names of a document's fields, as licences print their labels (``valid_from``,
``valid_to`` and ``long_term`` name those of a ``validity`` object too).  The kind's own
fields are read on the documents that have them (``成立日期`` on a business licence)."""


@remembered(maxsize=1024, longest=LONGEST_NAME)
def chinese_key(name: str) -> str:
    """``name`` as Chinese field names are compared: NFKC, case-folded, without white
    space and without a colon at the end (``名　　称：`` → ``名称``).

    >>> chinese_key(" 法定代表人（负责人）： "), chinese_key("商户ID")
    ('法定代表人(负责人)', '商户id')
    """
    return "".join(unicodedata.normalize("NFKC", name).casefold().split()).rstrip(":")


def chinese_names(table: Mapping[str, str]) -> dict[str, str]:
    """``table`` (field → its names, separated by spaces) as compared names → field."""
    return {chinese_key(name): field for field, names in table.items() for name in names.split()}


@functools.lru_cache(maxsize=512)
def camel(name: str) -> str:
    """The camelCase spelling of the snake_case field name ``name``."""
    first, *rest = name.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")


def uncamel(value: str) -> str:
    """``value`` with ``_`` where a camelCase capital starts a word, as JavaScript backends
    spell enumeration values (``foodBusiness`` → ``food_Business``); other text as it is.

    >>> uncamel("naturalPerson"), uncamel("NATURAL_PERSON"), uncamel("Food Business")
    ('natural_Person', 'NATURAL_PERSON', 'Food Business')
    """
    return _CAMEL_HUMP.sub("_", value)


@remembered(maxsize=1024, longest=LONGEST_NAME)
def _loose_key(key: str) -> str:
    """``key`` as near misses are compared: NFKC, case-folded, without spaces,
    underscores, hyphens and dots (``Holder-Name`` → ``holdername``)."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", key).casefold())


def _labels(name: str) -> tuple[str, ...]:
    """The loose keys of the Chinese label of the field ``name``: the label, and the
    label without a trailing note in brackets (经营范围（许可范围） → 经营范围)."""
    label = field_label_zh(name)
    if label == name:
        return ()
    return tuple({_loose_key(label), _loose_key(_ANNEX.sub("", label))})


class Spellings:
    """The keys a model reads: its field names (``fields``), the camelCase spelling of
    each (the ``camel`` map, camelCase → field) and the Chinese names of ``chinese`` (a
    table such as :data:`DOCUMENT_NAMES_ZH`; its names of other fields are left out);
    :meth:`field_of` reads a key, near misses are looked up by :meth:`near_miss`."""

    __slots__ = ("camel", "chinese", "fields", "loose")

    def __init__(self, fields: Iterable[str], chinese: Mapping[str, str] | None = None) -> None:
        self.fields = frozenset(fields)
        self.camel = {camel(name): name for name in sorted(self.fields) if camel(name) != name}
        self.loose = {_loose_key(name): name for name in sorted(self.fields)}
        self.chinese = {
            name: field
            for name, field in chinese_names(chinese or {}).items()
            if field in self.fields
        }
        for name in sorted(self.fields & _LABELLED):  # a label not read as the field
            self.loose.update(dict.fromkeys(_labels(name), name))

    def field_of(self, key: Any) -> str | None:
        """The field ``key`` names: a field's name, its camelCase or (a key that is not
        plain ASCII) a Chinese name of it; ``None`` for any other key."""
        if type(key) is not str:
            return None
        if key in self.fields:
            return key
        return self.camel.get(key) or self.chinese_field(key)

    def chinese_field(self, key: str) -> str | None:
        """The field ``key`` is a Chinese name of, else ``None`` (an ASCII key: at once)."""
        if key.isascii() or len(key) > _LONGEST_KEY or not self.chinese:
            return None
        return self.chinese.get(chinese_key(key))

    def key_of(self, mapping: Mapping[Any, Any], field: str) -> str | None:
        """The key ``mapping`` gives ``field`` under — its name, its camelCase, or a
        Chinese name of it — else ``None``."""
        if field in mapping:
            return field
        spelt = camel(field)
        if spelt in mapping:
            return spelt
        if self.chinese and not ascii_keys(mapping):  # the common mapping: one C call
            for key in mapping:
                if type(key) is str and self.chinese_field(key) == field:
                    return key
        return None

    def near_miss(self, key: str) -> str | None:
        """The field ``key`` misspells — the same letters in another case or with other
        separators, and neither the field's name nor its camelCase — else ``None``."""
        if len(key) > _LONGEST_KEY or key in self.fields or key in self.camel:
            return None
        return self.loose.get(_loose_key(key))


def same_value(first: Any, second: Any) -> bool:
    """Whether two spellings of one field give the same value: equal, or text that only
    differs in white space and in full-width forms (NFKC)."""
    if first == second:
        return True
    if isinstance(first, str) and isinstance(second, str):
        return _plain_text(first) == _plain_text(second)
    return False


def _plain_text(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def conflict(field: str, key: str, first: str | None = None) -> PydanticCustomError:
    """The error of a field given both as ``first`` (default: the field's name) and as
    ``key`` with different values (the values are not quoted: they may be personal
    numbers)."""
    first = field if first is None else first
    return PydanticCustomError(
        "spelling_conflict",
        "{field} is given twice, as {first} and as {key}, with different values",
        {
            "field": field,
            "first": first,
            "key": key,
            "reason_zh": f"{field_label_zh(field)}以{first}和{key}两种写法填写了两次，且取值不同",
        },
    )


def ascii_keys(data: Mapping[Any, Any]) -> bool:
    """Whether every text key of ``data`` is plain ASCII (one C call for text keys)."""
    try:
        return "".join(data).isascii()
    except TypeError:  # a key that is no text
        return all(type(key) is not str or key.isascii() for key in data)


def respell(
    data: dict[str, Any],
    spellings: Spellings,
    same: Callable[[str, Any, Any], bool] | None = None,
) -> dict[str, Any]:
    """``data`` with every key that is the camelCase spelling or a Chinese name of a
    field renamed to the field (a new dict when any is; ``data`` itself, untouched, when
    none is).  A field given twice is kept when the two values agree (:func:`same_value`,
    or ``same`` called with the field and both values), else an error of type
    ``spelling_conflict`` names it and the second key."""
    if spellings.fields.issuperset(data):  # the common case: the fields' names only
        return data
    if data.keys().isdisjoint(spellings.camel) and (not spellings.chinese or ascii_keys(data)):
        return data  # snake_case and the platform's own ASCII keys
    renamed = [
        (key, field)
        for key in data
        if type(key) is str
        and key not in spellings.fields
        and (field := spellings.camel.get(key) or spellings.chinese_field(key)) is not None
    ]
    if not renamed:
        return data
    out = dict(data)
    given: dict[str, str] = {}  # the key each renamed field was first given under
    for key, field in renamed:
        value = out.pop(key)
        if field not in out:
            out[field] = value
            given[field] = key
            continue
        agree = same_value(out[field], value) if same is None else same(field, out[field], value)
        if not agree:
            raise conflict(field, key, given.get(field))
        if isinstance(value, Mapping) and not isinstance(out[field], Mapping):
            out[field] = value  # a person as a name, and as an object with more: the object
    return out


def respelled(
    data: Any, spellings: Spellings, same: Callable[[str, Any, Any], bool] | None = None
) -> Any:
    """:func:`respell` for a mapping of any type; anything else as it is."""
    if type(data) is dict:
        return respell(data, spellings, same)
    if isinstance(data, Mapping):
        return respell(dict(data), spellings, same)
    return data
