"""The merchant (seller) record: who the seller is, what it sells, which documents it holds.

>>> m = Merchant.model_validate({
...     "merchant_id": "m-1", "subject_type": "个体工商户", "name": "示例便利店",
...     "uscc": "92420106MA4K00002J",
...     "legal_representative": {"name": "张三", "id_number": "11010519491231002X"},
...     "contact_phone": "138 0013 8000", "categories": ["prepackaged_food"]})
>>> m.subject_type.value, m.uscc
('individual_business', '92420106MA4K00002J')
>>> "11010519491231002X" in repr(m), "13800138000" in repr(m)
(False, False)
>>> m.contact_phone_e164
'+8613800138000'
"""

from __future__ import annotations

import decimal
import enum
import functools
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from qualcheck._memo import LONGEST_NAME, remembered
from qualcheck._scrub import scrub_repr_args
from qualcheck._spelling import (
    MERCHANT_NAMES_ZH,
    PERSON_NAMES_ZH,
    SHOP_NAMES_ZH,
    Spellings,
    ascii_keys,
    conflict,
    respelled,
    same_value,
    uncamel,
)
from qualcheck.dates import OptionalChinaDate
from qualcheck.exceptions import UnreadableValue
from qualcheck.models import _printed
from qualcheck.models._limits import LONGEST_TEXT
from qualcheck.models.documents import Document, DocumentBase
from qualcheck.models.identity import (
    DeclaredIdentityType,
    IdentityNumber,
    _declare_identity,
)
from qualcheck.types import USCC

__all__ = ["Merchant", "Person", "Shop", "SubjectType"]


class SubjectType(str, enum.Enum):
    """The kind of market subject the seller is."""

    ENTERPRISE = "enterprise"
    BRANCH = "branch"
    INDIVIDUAL_BUSINESS = "individual_business"
    COOPERATIVE = "cooperative"
    NATURAL_PERSON = "natural_person"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The kind of subject in English words (``individual business``)."""
        return _SUBJECT_TITLES[self][0]

    @property
    def label_zh(self) -> str:
        """The kind of subject in Chinese (``个体工商户``)."""
        return _SUBJECT_TITLES[self][1]

    @property
    def registered(self) -> bool:
        """True for subjects registered with a USCC (everyone but exempt natural persons)."""
        return self is not SubjectType.NATURAL_PERSON


_MARKET_SUBJECTS = {
    "91": frozenset({SubjectType.ENTERPRISE, SubjectType.BRANCH}),
    "92": frozenset({SubjectType.INDIVIDUAL_BUSINESS}),
    "93": frozenset({SubjectType.COOPERATIVE, SubjectType.BRANCH}),  # its branches: 93 too
}
_NOT_MARKET_SUBJECTS = frozenset({SubjectType.OTHER})


def registered_kinds(uscc: str) -> frozenset[SubjectType] | None:
    """The kinds of subject a USCC's positions 1-2 allow (GB 32100), or ``None`` when they
    tell nothing certain (a registering authority or a market-subject type the standard
    does not publish).

    Market regulation (9) registers enterprises and their branches (91), individual
    businesses (92) and farmers' co-operatives with their branches (93); a code of any
    other registering authority the standard names (1 机构编制: 事业单位; 5 民政: 社会团体,
    民办非企业单位, 基金会; 3 司法行政; N 农业 …) is an organisation that is no market
    subject: ``other``.  No kind of code is a natural person's.

    >>> sorted(kind.value for kind in registered_kinds("91350100M000100Y43"))
    ['branch', 'enterprise']
    >>> registered_kinds("12340000485319959Y")
    frozenset({<SubjectType.OTHER: 'other'>})
    """
    from qualcheck.numbers.uscc import AUTHORITIES

    if uscc[:2] in _MARKET_SUBJECTS:
        return _MARKET_SUBJECTS[uscc[:2]]
    if uscc[:1] == "9" or uscc[:1] not in AUTHORITIES:
        return None
    return _NOT_MARKET_SUBJECTS


_SUBJECT_TITLES = {
    SubjectType.ENTERPRISE: ("enterprise", "企业"),
    SubjectType.BRANCH: ("branch", "分支机构"),
    SubjectType.INDIVIDUAL_BUSINESS: ("individual business", "个体工商户"),
    SubjectType.COOPERATIVE: ("farmers' co-operative", "农民专业合作社"),
    SubjectType.NATURAL_PERSON: ("natural person", "自然人"),
    SubjectType.OTHER: ("other organisation", "其他组织"),
}

_SUBJECT_NAMES = {
    SubjectType.ENTERPRISE: (
        "企业 公司 有限公司 有限责任公司 股份有限公司 股份公司 企业法人 个人独资企业 独资企业"
        " 合伙企业 普通合伙企业 有限合伙企业 company corporation limited_company"
        " limited_liability_company joint_stock_company sole_proprietorship partnership"
        " 个人独资 合伙 普通合伙 有限合伙 特殊普通合伙 中外合资 中外合作 外商投资"
        " foreign_invested_enterprise"
    ),
    SubjectType.BRANCH: "分公司 分支机构 企业分支机构 branch_office branch_company",
    SubjectType.INDIVIDUAL_BUSINESS: "个体工商户 个体户 个体经营户 个体商户",
    SubjectType.COOPERATIVE: (
        "农民专业合作社 专业合作社 农民合作社 合作社 农民专业合作社联合社 co_operative"
        " cooperative farmers_cooperative farmers'_co_operative co_op coop"
    ),
    SubjectType.NATURAL_PERSON: (
        "自然人 个人 个人卖家 个人商家 自然人卖家 自然人商家 自然人经营者 person"
        " individual_person private_person"
    ),
    SubjectType.OTHER: (
        "其他组织 其他 事业单位 事业单位法人 社会组织 社会团体 社会团体法人 民办非企业单位"
        " 民办非企业 民非 社会服务机构 基金会 基金会法人 机关 机关法人 机关单位 人民团体"
        " 群众团体 律师事务所 村民委员会 居民委员会 农村集体经济组织 集体经济组织"
        " organisation organization public_institution social_organisation"
        " social_organization foundation"
    ),
}
"""Names of each kind of subject besides its value, as Chinese systems and English forms
write them.  Deliberately absent: bare codes (``1``, ``2`` mean different kinds in
different systems) and names that may mean either of two kinds (:data:`_AMBIGUOUS`)."""

_INDIVIDUAL_OR_PERSON = (
    "may name an individual business (个体工商户, registered) or a natural person (自然人,"
    " exempt from registration)",
    "可能指个体工商户（已登记）或自然人（免于登记）",
)
_AMBIGUOUS = dict.fromkeys(
    ("individual", "personal", "个人店", "个人店铺", "个人经营", "个人/个体", "个体/个人"),
    _INDIVIDUAL_OR_PERSON,
)
"""Names platforms use that may mean either of two kinds: refused, with the reason."""
_REPRESENTATIVE_OFFICE = (
    "is a foreign enterprise's resident representative office (常驻代表机构), which may"
    " engage in no profit-making activity (外国企业常驻代表机构登记管理条例 art. 2) and"
    " so cannot be a seller",
    "为外国企业常驻代表机构，依法不得从事营利性活动（《外国企业常驻代表机构登记管理条例》"
    "第二条），不能作为经营者",
)
_KINDS_WORDS = (
    "give one of enterprise, branch, individual_business, cooperative, natural_person,"
    " other, or its Chinese name (企业, 分支机构, 个体工商户, 农民专业合作社, 自然人, 其他组织)"
)
_KINDS_WORDS_ZH = "应填写企业、分支机构、个体工商户、农民专业合作社、自然人或其他组织"


def _refused(value: str, key: str) -> UnreadableValue | None:
    """Why a subject type (``value``; ``key`` as :func:`_subject_key` makes it) is refused rather
    than left for the enum's list of values: it may mean either of two kinds, or it names
    a representative office, which may not trade; ``None`` for any other text."""
    reason = _AMBIGUOUS.get(key)
    if reason is None and ("代表机构" in key or "代表处" in key or "representative_office" in key):
        reason = _REPRESENTATIVE_OFFICE
    if reason is None:
        return None
    value = value.strip()
    shown = value if len(value) <= _LONGEST_TYPE else value[:_LONGEST_TYPE] + "…"
    return UnreadableValue(
        f"{shown!r} {reason[0]}: {_KINDS_WORDS}",
        f"“{shown}”{reason[1]}；{_KINDS_WORDS_ZH}",
    )


_SUBJECT_ALIASES = {
    name: subject
    for subject, names in _SUBJECT_NAMES.items()
    for name in (subject.value, *names.split())
}
_WORD_BREAKS = re.compile(r"[\s\-]+")


_QUALIFIER = re.compile(r"[(（][^()（）]*[)）]")
_ENTERPRISE_FORMS = ("公司", "企业", "企业法人", "所有制", "集体", "股份制", "股份合作制", "联营")
_LONGEST_TYPE = 64
"""Longer text is no type a licence prints (the longest in the 企业类型 table,
``内资非法人企业、非公司私营企业及内资非公司企业分支机构``, has 27 characters): it is refused
unread, so that hostile text costs neither time nor recursion."""


def _subject_by_licence_type(key: str) -> SubjectType | None:
    """The kind of subject a business licence's 类型 names (``key`` as
    :func:`_subject_key` makes it), or ``None``.

    The type printed on a licence is a legal form with qualifiers in brackets —
    ``有限责任公司（自然人投资或控股）``, ``股份有限公司（非上市、国有控股）``,
    ``有限责任公司分公司（自然人独资）``, ``个体（家庭经营）``, ``全民所有制`` — and is
    read by its form: a co-operative's (``农民专业合作社``, its branches included: they
    share its USCC type), an individual business's (``个体…``), a branch's (``分公司``,
    ``…分支机构``), then an enterprise's (``…公司``, ``…企业``, ``…所有制``).  A foreign
    enterprise's resident representative office (``…常驻代表机构``) may not trade and is
    none of these.

    >>> _subject_by_licence_type("有限责任公司(自然人投资或控股)")
    <SubjectType.ENTERPRISE: 'enterprise'>
    >>> _subject_by_licence_type("股份有限公司分公司(上市、国有控股)")
    <SubjectType.BRANCH: 'branch'>
    >>> _subject_by_licence_type("个体(家庭经营)")
    <SubjectType.INDIVIDUAL_BUSINESS: 'individual_business'>
    >>> _subject_by_licence_type("外国(地区)企业常驻代表机构") is None
    True
    """
    if len(key) > _LONGEST_TYPE:
        return None
    form = key
    while True:  # qualifiers in brackets, nested ones too
        shorter = _QUALIFIER.sub("", form)
        if shorter == form:
            break
        form = shorter
    if not form or "(" in form or ")" in form:
        return None
    if form in _SUBJECT_ALIASES:
        return _SUBJECT_ALIASES[form]
    if "合作社" in form:
        return SubjectType.COOPERATIVE
    if form.startswith("个体"):
        return SubjectType.INDIVIDUAL_BUSINESS
    if "代表机构" in form or "代表处" in form:
        return None
    if "分公司" in form:
        return SubjectType.BRANCH
    if form.endswith("分支机构"):  # a branch of what the rest names
        head = form.removesuffix("分支机构")
        parent = _SUBJECT_ALIASES.get(head) or _subject_by_licence_type(head)
        if parent in (SubjectType.ENTERPRISE, SubjectType.BRANCH):
            return SubjectType.BRANCH
        return parent  # an institution's or a society's branch is one of them
    if form.endswith(_ENTERPRISE_FORMS):
        return SubjectType.ENTERPRISE
    return None


@remembered(maxsize=1024, longest=LONGEST_NAME)
def licence_type_kind(printed: str) -> SubjectType | str | None:
    """The kind of subject a business licence's printed 类型 names: a
    :class:`SubjectType`, ``"representative_office"`` for a foreign enterprise's resident
    representative office (which may not trade), or ``None`` when it names none this
    library reads.

    >>> licence_type_kind("有限责任公司分公司（自然人独资）")
    <SubjectType.BRANCH: 'branch'>
    >>> licence_type_kind("外国（地区）企业常驻代表机构")
    'representative_office'
    >>> licence_type_kind("示例") is None
    True
    """
    text = _printed.subject_type(printed)
    if not isinstance(text, str) or len(text) > _LONGEST_TYPE:
        return None
    key = _subject_key(text)
    subject = _SUBJECT_ALIASES.get(key) or _subject_by_licence_type(key)
    if subject is None and _refused(text, key) is not None and key not in _AMBIGUOUS:
        return "representative_office"
    return subject


_LONGEST_REMEMBERED = 256
"""Subject types longer than this are read each time, not remembered."""


@functools.lru_cache(maxsize=1024)
def _subject_of(value: str) -> Any:
    """The kind of subject ``value`` names (its label dropped, a name or a licence's
    类型 read), or ``value`` stripped when it names none (the enum then reports it)."""
    value = _printed.subject_type(value)
    key = _subject_key(value)
    subject = _SUBJECT_ALIASES.get(key) or _subject_by_licence_type(key)
    if subject is None:
        refusal = _refused(value, key)
        if refusal is not None:
            raise refusal
    return value.strip() if subject is None else subject


def _subject_key(value: str) -> str:
    """The form subject names are compared in: NFKC, case-folded, white space between
    Chinese characters removed, and spaces or hyphens between English words made ``_``
    (``个 体 户``, ``Natural Person``, ``individual-business``, ``naturalPerson``)."""
    text = unicodedata.normalize("NFKC", value).strip()
    if text.isascii():
        return _WORD_BREAKS.sub("_", uncamel(text).casefold())
    return "".join(text.casefold().split())


_CATEGORY_SEPARATORS = re.compile(r"[,，、;；|｜\t\r\n]")


_AMOUNT = re.compile(
    r"(?:¥|rmb|cny|人民币)?\s*"
    r"(?P<number>[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)"
    r"\s*(?P<unit>万元|万|亿元|亿|元)?"
)
_UNITS = {None: 1, "元": 1, "万": 10_000, "万元": 10_000, "亿": 100_000_000, "亿元": 100_000_000}
_NOT_AN_AMOUNT = (
    "not an amount in yuan: expected digits, optionally with thousands separators, a"
    " currency sign and the unit 元, 万 or 亿 (100000, 100,000.00, ¥100000, 10万元)"
)
_NOT_AN_AMOUNT_ZH = (
    "不是以元计的金额：应为数字，可带千位分隔符、货币符号和单位元、万或亿"
    "（100000、100,000.00、¥100000、10万元）"
)


def _amount(value: Any) -> Any:
    """An amount of yuan as spreadsheets and forms write it: ``100,000.00``, ``¥100000``,
    ``100000元``, ``10万``, ``10万元`` (10 × 10,000), ``1.2亿``; an empty cell is no amount.
    Other values go on to the ``Decimal`` field as they are (numbers, ``1e5``); text that
    is no amount is refused — never read in part (``10万`` is never 10)."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip().casefold()  # ￥ → ¥, full-width digits
    if not text:
        return None
    match = _AMOUNT.fullmatch(text)
    if match is None:
        try:
            number = decimal.Decimal(text)  # 1e5 and the like
        except decimal.InvalidOperation:
            raise UnreadableValue(_NOT_AN_AMOUNT, _NOT_AN_AMOUNT_ZH) from None
        if not number.is_finite():
            raise UnreadableValue(_NOT_AN_AMOUNT, _NOT_AN_AMOUNT_ZH)
        return number
    try:
        return decimal.Decimal(match["number"].replace(",", "")) * _UNITS[match["unit"]]
    except decimal.DecimalException:  # more digits than a Decimal holds (a million 9s)
        raise UnreadableValue(_NOT_AN_AMOUNT, _NOT_AN_AMOUNT_ZH) from None


_EXACT_FLOAT = 2**53
"""Whole numbers up to this a float holds exactly; a spreadsheet rounds larger ones."""


def _identifier(value: Any) -> Any:
    """A platform's id given as a whole number (a database key) is its decimal text, also
    when a spreadsheet stored it as a float (``100001.0``); a float too large to hold the
    number exactly (``2.0230612e18``) is refused, never read as digits it may not have."""
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT_FLOAT:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _phone_text(value: Any) -> Any:
    """A phone number stored as a number by a spreadsheet (``13800138000``, or
    ``13800138000.0`` from a column with empty cells) is its digits; a placeholder
    (``无``, ``-``) is no number."""
    if _printed.no_value(value):
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    return _identifier(value)


class Person(BaseModel):
    """A legal representative, operator or person in charge.  The ID number is masked in
    ``repr``.

    ``id_number`` is checked as a resident-ID number (GB 11643: 居民身份证, 港澳台居民居住证,
    外国人永久居留身份证) unless ``id_type`` names a document whose number is not built on
    it — a passport, a travel permit — or the number has the unmistakable form of one: it
    is then kept as a :class:`~qualcheck.models.documents.DocumentNumber`, which cannot be
    checked (see :class:`~qualcheck.models.documents.IdentityDocument`).

    >>> Person(name="John Smith", id_type="护照", id_number="X1234567")
    Person(name='John Smith', id_number=DocumentNumber('********', 'passport'), id_type=...)
    """

    model_config = ConfigDict(
        frozen=True,
        extra="ignore",
        str_strip_whitespace=True,
        str_max_length=LONGEST_TEXT,
        hide_input_in_errors=True,
    )

    name: str = Field(min_length=1)
    id_number: IdentityNumber | None = None
    id_type: DeclaredIdentityType = Field(
        default=None,
        description="证件类型 of id_number (Chinese names accepted); empty: resident ID",
    )

    _name = field_validator("name", mode="before")(_printed.person_name)

    @model_validator(mode="before")
    @classmethod
    def _declared_type(cls, data: Any) -> Any:
        if type(data) is not dict or not _PERSON_SPELLINGS.fields.issuperset(data):
            data = respelled(data, _PERSON_SPELLINGS)  # idNumber, idType, 身份证号 …
        if isinstance(data, Mapping) and _printed.no_value(data.get("id_number")):
            data = {**data, "id_number": None}  # an empty cell, 无, / …: no number
        return _declare_identity(data, "id_number")

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        shown = super().__repr_args__()
        for name, value in scrub_repr_args(shown):  # a number typed into the name, say
            if name != "id_type" or value is not None:  # a plain ID number: as before
                yield name, value


class Shop(BaseModel):
    """A shop of the seller on a platform, with its declared yearly turnover."""

    model_config = ConfigDict(
        frozen=True,
        extra="ignore",
        str_strip_whitespace=True,
        str_max_length=LONGEST_TEXT,
        hide_input_in_errors=True,
    )

    shop_id: str
    platform: str | None = None
    name: str | None = None
    annual_turnover_yuan: decimal.Decimal | None = Field(default=None, ge=0)

    _shop_id = field_validator("shop_id", mode="before")(_identifier)
    _turnover = field_validator("annual_turnover_yuan", mode="before")(_amount)

    @model_validator(mode="before")
    @classmethod
    def _spellings(cls, data: Any) -> Any:
        if type(data) is dict and _SHOP_SPELLINGS.fields.issuperset(data):
            return data  # the common case, without a call
        return respelled(data, _SHOP_SPELLINGS)  # shopId, annualTurnoverYuan, 店铺编号 …

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return scrub_repr_args(super().__repr_args__())  # a phone number as shop id, say


class Merchant(BaseModel):
    """A seller and its documents.

    Fields a platform does not have may be left out; the checks say what is missing.
    Every field is also read under its camelCase spelling (``legalRepresentative``) and
    its Chinese names (``法定代表人``, ``统一社会信用代码``: see :mod:`qualcheck._spelling`),
    the legal representative's ID number also next to the merchant's fields
    (``法定代表人身份证号``); extra fields of the platform's own record are ignored.
    ``contact_phone`` is kept as given (the checks normalise and validate it) and left out
    of ``repr``.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="ignore",
        str_strip_whitespace=True,
        str_max_length=LONGEST_TEXT,
        hide_input_in_errors=True,
    )

    merchant_id: str | None = None
    subject_type: SubjectType
    name: str = Field(min_length=1, description="Registered name (or the person's name)")
    uscc: USCC | None = None
    legal_representative: Person | None = Field(
        default=None, description="法定代表人 / 经营者 / 负责人"
    )
    address: str | None = None
    contact_phone: str | None = Field(default=None, repr=False)
    shops: tuple[Shop, ...] = ()
    categories: tuple[str, ...] = Field(default=(), description="Declared sales categories")
    declared_annual_turnover_yuan: decimal.Decimal | None = Field(default=None, ge=0)
    documents: tuple[Document, ...] = ()
    last_verified_at: OptionalChinaDate = None

    _merchant_id = field_validator("merchant_id", mode="before")(_identifier)
    _name = field_validator("name", mode="before")(_printed.holder_name)

    @model_validator(mode="before")
    @classmethod
    def _spellings(cls, data: Any) -> Any:
        if type(data) is not dict or not _MERCHANT_SPELLINGS.fields.issuperset(data):
            # subjectType, legalRepresentative, 法定代表人, 统一社会信用代码 …
            data = respelled(data, _MERCHANT_SPELLINGS, _same_merchant_value)
            if type(data) is dict:
                data = _person_id_beside(data)
        return _person_id_as_uscc(data)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # personal numbers in free text (an address, a name, an id) masked
        return scrub_repr_args(super().__repr_args__())

    _contact_phone = field_validator("contact_phone", mode="before")(_phone_text)
    _turnover = field_validator("declared_annual_turnover_yuan", mode="before")(_amount)

    @model_validator(mode="after")
    def _remember_validated(self) -> Merchant:
        # the values validation made, by identity: see unchanged_since_validation
        values = self.__dict__
        values[_VALIDATED] = tuple(values.values())
        return self

    @field_validator("subject_type", mode="before")
    @classmethod
    def _subject_alias(cls, value: Any) -> Any:
        if type(value) is str and len(value) <= _LONGEST_REMEMBERED:  # the same few recur
            return _subject_of(value)
        if isinstance(value, str):
            return _subject_of.__wrapped__(value)
        return value

    @field_validator("uscc", mode="before")
    @classmethod
    def _uscc_given(cls, value: Any) -> Any:
        return None if _printed.no_value(value) else value  # an empty cell, 无, / …: no USCC

    @field_validator("legal_representative", mode="before")
    @classmethod
    def _person_by_name(cls, value: Any) -> Any:
        if isinstance(value, str):  # a name alone, as documents print it
            return None if _printed.no_value(value) else {"name": value}
        return value

    @field_validator("shops", "documents", mode="before")
    @classmethod
    def _null_is_none(cls, value: Any) -> Any:
        return () if value is None or _printed.no_value(value) else value  # null, ""

    @field_validator("categories", mode="before")
    @classmethod
    def _split_categories(cls, value: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, str):  # one text: split at the separators lists are written with
            return tuple(part.strip() for part in _CATEGORY_SEPARATORS.split(value) if part.strip())
        if isinstance(value, (list, tuple)):  # an empty entry declares nothing; a null
            # is kept as one, so that every entry keeps its index in the record as given
            return tuple("" if entry is None else entry for entry in value)
        return value

    def documents_of(self, *kinds: str) -> list[tuple[int, DocumentBase]]:
        """``(index, document)`` of every document of the given kinds, in order."""
        return [(i, doc) for i, doc in enumerate(self.documents) if doc.kind in kinds]

    @property
    def effective_uscc(self) -> str | None:
        """The seller's USCC: the record's, or — when the record gives none — the number of
        its first business licence (a business licence's number is the USCC)."""
        if self.uscc is not None:
            return self.uscc
        return next(
            (str(doc.number) for doc in self.documents if doc.kind == "business_license"), None
        )

    @property
    def contact_phone_e164(self) -> str | None:
        """The contact phone in E.164 (``+8613800138000``), or ``None`` when there is none
        or it is not a valid number (the identifiers check reports that)."""
        from qualcheck.exceptions import InvalidNumber
        from qualcheck.phones import normalize_phone

        if not self.contact_phone:
            return None
        try:
            return normalize_phone(self.contact_phone)
        except InvalidNumber:
            return None

    @property
    def annual_turnover_yuan(self) -> decimal.Decimal | None:
        """Declared yearly turnover, or the sum over shops when that is all there is."""
        if self.declared_annual_turnover_yuan is not None:
            return self.declared_annual_turnover_yuan
        known = [shop.annual_turnover_yuan for shop in self.shops]
        if not known or any(value is None for value in known):
            return None
        return sum((value for value in known if value is not None), decimal.Decimal(0))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Merchant:
        """Validate a mapping (a shortcut for ``model_validate``)."""
        return cls.model_validate(data)


_VALIDATED = "_qualcheck_validated"
"""The key under which a merchant keeps the values its validation made (``_``: not a
field, left out of ``dict(merchant)``, ``model_dump()`` and ``repr``)."""


def unchanged_since_validation(merchant: Merchant) -> bool:
    """Whether ``merchant`` holds the very values its validation made: false for one made
    by ``model_construct``, or changed after validation by ``model_copy(update=…)`` (which
    takes its changes unchecked — a number, a name, a document made by another
    ``model_copy``) or ``object.__setattr__``.  Copies, pickles and deep copies keep the
    answer (they keep which values are the same objects).  Documents changed in place
    under an unchanged tuple are not seen here."""
    values = merchant.__dict__
    made = values.get(_VALIDATED)
    if type(made) is not tuple or len(made) != len(values) - 1:
        return False
    held = tuple(values.values())[:-1]  # the last is the record of them
    return all(given is kept for given, kept in zip(held, made, strict=True))


_PERSON_SPELLINGS = Spellings(Person.model_fields, PERSON_NAMES_ZH)
_SHOP_SPELLINGS = Spellings(Shop.model_fields, SHOP_NAMES_ZH)
_MERCHANT_SPELLINGS = Spellings(Merchant.model_fields, MERCHANT_NAMES_ZH)
"""The keys each model reads, also as camelCase and in Chinese (see
:mod:`qualcheck._spelling`)."""
_PERSON_ID_BESIDE = Spellings(
    ("legal_representative_id",),
    {"legal_representative_id": MERCHANT_NAMES_ZH["legal_representative_id"]},
)
"""The Chinese names of the legal representative's ID number next to the merchant's
fields (``法定代表人身份证号``, ``身份证号``)."""


def _person_name(value: Any) -> Any:
    """The name a legal representative given as ``value`` has: the text itself, or the
    ``name`` of a mapping (under any spelling); ``None`` when there is none."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        key = _PERSON_SPELLINGS.key_of(value, "name")
        return None if key is None else value[key]
    return None


def _same_subject(first: Any, second: Any) -> bool:
    """Whether two raw subject types name the same kind of subject (unreadable: no)."""
    kinds = []
    for value in (first, second):
        if isinstance(value, SubjectType):
            kinds.append(value)
            continue
        if type(value) is not str or len(value) > _LONGEST_REMEMBERED:
            return False
        try:
            kind = _subject_of(value)
        except UnreadableValue:
            return False
        if not isinstance(kind, SubjectType):
            return False
        kinds.append(kind)
    return kinds[0] is kinds[1]


def _same_merchant_value(field: str, first: Any, second: Any) -> bool:
    """Whether two spellings of a merchant's field agree: as :func:`same_value` compares,
    and a legal representative given as a name (``"法定代表人": "张三"``) agrees with one
    given as an object when the object has that name and nothing else differs; two names
    of one kind of subject agree (``"enterprise"`` and ``"主体类型": "企业"``)."""
    if same_value(first, second):
        return True
    if field == "subject_type":
        return _same_subject(first, second)
    if field != "legal_representative":
        return False
    if isinstance(first, Mapping) and isinstance(second, str):
        first, second = second, first
    if isinstance(first, str) and isinstance(second, Mapping):
        return same_value(first, _person_name(second))
    return False


def _person_id_beside(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the legal representative's ID number given next to the merchant's
    fields under a Chinese name (``法定代表人身份证号``, ``身份证号``, as a flat export
    writes it) moved into ``legal_representative`` as its ``id_number``; the person is
    made of a name given alone (``"法定代表人": "张三"``), or of the number alone (then
    missing its name).  The person's own number, when it gives another, is a
    ``spelling_conflict``."""
    if ascii_keys(data):  # a Chinese name only: no ASCII key is looked at
        return data
    key = next((k for k in data if type(k) is str and _PERSON_ID_BESIDE.chinese_field(k)), None)
    if key is None:
        return data
    out = dict(data)
    number = out.pop(key)
    if _printed.no_value(number):
        return out
    person = out.get("legal_representative")
    if person is None or _printed.no_value(person):
        out["legal_representative"] = {"id_number": number}
    elif isinstance(person, str):
        out["legal_representative"] = {"name": person, "id_number": number}
    elif isinstance(person, Mapping):
        given = _PERSON_SPELLINGS.key_of(person, "id_number")
        if given is None or _printed.no_value(person[given]):
            rest = {k: v for k, v in person.items() if k != given}
            out["legal_representative"] = {**rest, "id_number": number}
        elif not same_value(person[given], number):
            raise conflict("legal_representative.id_number", key, f"legal_representative.{given}")
    return out


def _is_natural_person(value: Any) -> bool:
    """Whether a raw ``subject_type`` reads as a natural person (unreadable: no)."""
    if isinstance(value, SubjectType):
        return value is SubjectType.NATURAL_PERSON
    if type(value) is not str or len(value) > _LONGEST_REMEMBERED:
        return False
    try:
        return _subject_of(value) is SubjectType.NATURAL_PERSON
    except UnreadableValue:
        return False


def _person_id_as_uscc(data: Any) -> Any:
    """A natural person's resident-ID number given as the record's ``uscc`` — one
    "证件号码" column for every kind of seller — read as the person's ID number: a person
    has no USCC, and was failed on the number's USCC check digits.  The number goes to the
    representative's ``id_number`` when that is empty; one that holds another number keeps
    the record as it is (the USCC is then checked, and fails)."""
    if not isinstance(data, Mapping):
        return data
    number = data.get("uscc")
    if type(number) is not str or not _is_natural_person(data.get("subject_type")):
        return data
    from qualcheck.numbers import ric, uscc

    if uscc.is_valid(number) or not ric.is_valid(number):
        return data
    person = data.get("legal_representative")
    if isinstance(person, str) or person is None or _printed.no_value(person):
        name = person if isinstance(person, str) and not _printed.no_value(person) else None
        person = {"name": name or data.get("name"), "id_number": number}
    elif isinstance(person, Mapping):
        key = _PERSON_SPELLINGS.key_of(person, "id_number") or "id_number"
        given = person.get(key)
        if given is None or _printed.no_value(given):
            person = {**person, key: number}
        elif not ric.is_valid(given) or ric.validate(given) != ric.validate(number):
            return data  # another number: the record stays as given
    else:
        return data
    return {**data, "uscc": None, "legal_representative": person}
