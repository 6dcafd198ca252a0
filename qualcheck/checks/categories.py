"""The category policy: which declared sales categories need which documents.

A platform's seller declares what it sells (``Merchant.categories``).  The category policy
says, for each category, one of:

* ``requires`` — the documents that allow it, as a list of *alternatives* (any one
  suffices), each a list of requirements (all needed).  A requirement names a document
  ``kind`` and may constrain the decoded parts of its number (``business_form``,
  ``business_type``, ``filing`` …), ask for a scope item covering a keyword
  (``scope_any``; only where the scope names one of ``scope_when``, if given) or ask for a
  person to confirm it (``review_en``/``review_zh``).  An empty list means no licence is
  needed;
* ``banned: true`` — never sellable online;
* ``special_permit`` — allowed only with a permit that qualcheck cannot verify.

A category of devices may also give the catalogue groups that hold its goods
(``catalogue_groups``: contact lenses are in 6822-1 and 16): a device scope listing groups
after a class then covers them only if it lists one of those.

The policy ships as ``qualcheck/data/categories.json`` (documented in
``docs/categories.md``); a platform replaces it with its own file through
``Policy(categories_file=...)``.  Declared categories are matched by id, Chinese or
English name or alias after NFKC, case folding and removal of whitespace.

Scopes are read by :func:`read_scope`: an item mentioning a keyword covers a category
only if nothing it excludes (不含…, 不包括…, 除…外, （…除外）) names the category and
anything it is limited to (仅限…, or a bracket naming goods) does.

>>> policy = load_category_policy()
>>> policy.resolve("餐饮").id
'catering'
>>> policy.resolve(" Pre-packaged FOOD ").id
'prepackaged_food'
>>> policy.resolve("烟花爆竹").treatment.value
'special_permit'
>>> print(policy.resolve("catering").required_en)
one of: food business licence (JY) of a caterer, business form 2; food business licence (JY)
of a food seller, business form 1, whose scope lists catering items (…制售), confirmed by hand
>>> policy.resolve("宠物") is None
True
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import os
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from qualcheck import numbers
from qualcheck._memo import LONGEST_SCOPE, remembered, texts_size
from qualcheck.checks._hanzi import to_simplified
from qualcheck.checks.scope import (
    ScopeItem,
    ScopeReading,
    ScopeUnreadable,
    catalogue_codes,
    covers,
    excludes_group,
    mentions,
    names_any,
    names_class,
    read_items,
    read_scope,
)
from qualcheck.exceptions import ConfigError, InvalidNumber
from qualcheck.models.documents import DOCUMENT_KINDS, DocumentBase

__all__ = [
    "BUNDLED_FILE",
    "LEGACY_REGISTRATION_EXEMPT",
    "PART_NAMES_ZH",
    "CatalogueGroupsSpec",
    "Category",
    "CategoryFile",
    "CategoryPolicy",
    "CategorySpec",
    "Coverage",
    "CoverageStatus",
    "DocumentIssue",
    "DocumentSet",
    "EntryReading",
    "ExemptionSpec",
    "PermitSpec",
    "Requirement",
    "RequirementSpec",
    "ScopeItem",
    "ScopeReading",
    "Treatment",
    "assess_coverage",
    "category_policy_for",
    "load_category_policy",
    "normalize_name",
    "parse_category_policy",
    "part_name_zh",
    "read_scope",
    "show_values",
]

BUNDLED_FILE = "data/categories.json"
"""The bundled policy, relative to the ``qualcheck`` package."""

PartValue = bool | int | str
"""A value a requirement may ask of a decoded number part."""

_ID = re.compile(r"[a-z][a-z0-9_]*")
_OPTIONS = (
    "kind",
    "scope_any",
    "scope_when",
    "scope_required",
    "label_en",
    "label_zh",
    "review_en",
    "review_zh",
)

PART_NAMES_ZH = {
    "business_form": "主体业态",
    "business_type": "经营类别",
    "legal_person": "法人类别",
    "sells_to_consumers": "是否可向个人销售",
    "filing": "是否为备案",
    "device_class": "器械类别",
    "product_type": "产品类型",
    "category": "食品类别",
    "scheme": "编号格式",
    "paid": "是否经营性",
    "area_code": "地区代码",
    "authority": "登记管理部门代码",
    "authority_name": "登记管理部门",
    "business_form_name": "主体业态名称",
    "business_type_name": "经营类别名称",
    "category_name": "食品类别名称",
    "check_char": "校验码",
    "check_digit": "校验码",
    "check_digit_matches": "校验码是否相符",
    "city_abbreviation": "城市简称",
    "department": "行业主管部门代码",
    "department_name": "行业主管部门",
    "document_name": "证件名称",
    "entity_type": "机构类别代码",
    "entity_type_name": "机构类别",
    "field": "专业领域代码",
    "field_name": "专业领域",
    "foreign_invested": "是否为外商投资机构",
    "holder_type": "持证人类别",
    "holder_type_name": "持证人类别名称",
    "issuer": "发证机关",
    "issuer_infix": "发证机关字样",
    "legacy": "是否为旧格式编号",
    "legal_person_name": "法人类别名称",
    "nationality_code": "国籍代码",
    "org_code": "主体标识码",
    "pilot": "是否为试点期代码",
    "product_type_name": "产品类型名称",
    "province_abbreviation": "省份简称",
    "province_code": "省份代码",
    "province_name": "省份",
    "region_code": "行政区划代码",
    "region_name": "行政区划",
    "sequence": "顺序码",
    "serial": "序号",
    "service_type": "服务类型",
    "sex": "性别",
    "upgraded": "是否由15位升级",
    "year": "年份",
}
"""Chinese names of the number parts a requirement may constrain (messages only)."""


def part_name_zh(name: str) -> str:
    """The Chinese name of a number part (an English twin such as ``authority_name_en``
    is named after the part it translates); the name itself when none is known.

    >>> part_name_zh("province_code"), part_name_zh("field_name_en")
    ('省份代码', '专业领域（英文）')
    """
    if name in PART_NAMES_ZH:
        return PART_NAMES_ZH[name]
    if name.endswith("_en") and name[:-3] in PART_NAMES_ZH:
        return f"{PART_NAMES_ZH[name[:-3]]}（英文）"
    return name


@functools.lru_cache(maxsize=16384)
def normalize_name(text: str) -> str:
    """How names are compared: NFKC, case-folded, without whitespace or invisible format
    characters (zero-width space, joiners, soft hyphen, BOM), traditional characters read
    as their simplified forms (:func:`~qualcheck.checks._hanzi.to_simplified`).

    >>> normalize_name(" Ｐre-packaged　Food ")
    'pre-packagedfood'
    >>> normalize_name("迷\u200b药") == normalize_name("迷药")
    True
    >>> normalize_name("處方藥")
    '处方药'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        text = to_simplified(text.translate(_WITHOUT_FORMAT))
    return "".join(text.split())


class _FormatDropped(dict[int, "int | None"]):
    """A ``str.translate`` table that drops invisible format characters (Unicode category
    Cf) and keeps every other character, each looked up once (a megabyte of text is then
    read in C, not character by character in Python)."""

    _MOST = 1 << 16
    """Characters remembered at most; others are looked up every time."""

    def __missing__(self, codepoint: int) -> int | None:
        kept = None if unicodedata.category(chr(codepoint)) == "Cf" else codepoint
        if len(self) < self._MOST:
            self[codepoint] = kept
        return kept


_WITHOUT_FORMAT = _FormatDropped()


# --------------------------------------------------------------------------- the file


@functools.cache
def _part_types(kind: str) -> Mapping[str, tuple[type, ...]]:
    """Number-part field → the plain types (bool, int, str) its values may have."""
    module = numbers.get(DOCUMENT_KINDS[kind].NUMBER_KIND)
    parts_class = typing.get_type_hints(module.parse)["return"]
    hints = typing.get_type_hints(parts_class)
    out: dict[str, tuple[type, ...]] = {}
    for name in (field.name for field in dataclasses.fields(parts_class)):
        hint = hints[name]
        union = typing.get_origin(hint) in (Union, types.UnionType)
        members = typing.get_args(hint) if union else (hint,)
        out[name] = tuple(t for t in members if t in (bool, int, str))
    return out


class RequirementSpec(BaseModel):
    """One document an alternative needs, as written in the file.

    Keys other than the options below constrain the decoded parts of the document's
    number (see the ``*Parts`` classes of :mod:`qualcheck.numbers`): a value or a list of
    values, one of which the part must have — ``"business_form": ["2"]``,
    ``"filing": false``.
    """

    model_config = ConfigDict(frozen=True, strict=True, extra="allow")

    kind: str = Field(description="The document kind (``food_business``, ``cma`` …)")
    scope_any: list[str] = Field(
        default_factory=list,
        description="When the document lists a scope, one item must cover one of these",
    )
    scope_when: list[str] = Field(
        default_factory=list,
        description=(
            "Hold the document to scope_any only when its scope mentions one of these"
            " (the scope speaks to the matter); empty: whenever it lists a scope"
        ),
    )
    scope_required: bool = Field(
        False,
        description=(
            "Only a document whose scope lists an item covering scope_any meets it: one"
            " without a scope, or whose scope lists none, is passed over, not reviewed"
        ),
    )
    label_en: str | None = Field(None, description="How messages name this requirement")
    label_zh: str | None = None
    review_en: str | None = Field(
        None, description="The document suffices only after a person confirms this"
    )
    review_zh: str | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in DOCUMENT_KINDS:
            raise ValueError(
                f"unknown document kind {kind!r}; known kinds: {', '.join(DOCUMENT_KINDS)}"
            )
        return kind

    @model_validator(mode="after")
    def _check_constraints(self) -> RequirementSpec:
        if (self.review_en is None) != (self.review_zh is None):
            raise ValueError("give both review_en and review_zh, or neither")
        if (self.label_en is None) != (self.label_zh is None):
            raise ValueError("give both label_en and label_zh, or neither")
        if any(not normalize_name(word) for word in self.scope_any):
            raise ValueError("scope_any holds an empty keyword")
        if any(not normalize_name(word) for word in self.scope_when):
            raise ValueError("scope_when holds an empty keyword")
        if self.scope_when and not self.scope_any:
            raise ValueError("scope_when is given without scope_any")
        if self.scope_required and not self.scope_any:
            raise ValueError("scope_required is given without scope_any")
        if self.scope_required and self.scope_when:
            raise ValueError("scope_required and scope_when exclude each other")
        fields = _part_types(self.kind)
        for name, value in (self.model_extra or {}).items():
            if name not in fields:
                raise ValueError(
                    f"{name!r} is not an option ({', '.join(_OPTIONS)}) nor a part of a"
                    f" {self.kind} number ({', '.join(n for n, t in fields.items() if t)})"
                )
            allowed = fields[name]
            if not allowed:
                raise ValueError(f"the {self.kind} number part {name!r} cannot be constrained")
            values = value if isinstance(value, list) else [value]
            if not values:
                raise ValueError(f"{name!r} lists no values")
            for item in values:
                if type(item) not in allowed:
                    expected = " or ".join(t.__name__ for t in allowed)
                    raise ValueError(f"{name!r}: {item!r} is not a {expected}")
        return self

    @property
    def constraints(self) -> dict[str, tuple[PartValue, ...]]:
        """Part name → the values it may have."""
        return {
            name: tuple(value) if isinstance(value, list) else (value,)
            for name, value in (self.model_extra or {}).items()
        }


class PermitSpec(BaseModel):
    """The special permit a category needs."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    name_zh: str = Field(min_length=1, pattern=r"\S")
    name_en: str = Field(min_length=1, pattern=r"\S")


class ExemptionSpec(BaseModel):
    """An exemption that may free some of a category's goods from its documents, which
    qualcheck cannot decide (a list of products, say): a record without the documents is
    reviewed (``category.possibly_exempt``) instead of failed."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    name_zh: str = Field(min_length=1, pattern=r"\S")
    name_en: str = Field(min_length=1, pattern=r"\S")


class CatalogueGroupsSpec(BaseModel):
    """Names of the category's goods and the device catalogue groups that hold them: a
    device scope listing groups after a class (Ⅲ类：6821…) covers goods declared by one of
    the names only if it lists one of the groups (or names the goods)."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    names: list[str] = Field(min_length=1, description="Names of the goods (the category's)")
    groups: list[str] = Field(
        min_length=1,
        description=(
            "Groups of the 2002 catalogue (6822, 6822-1) and of the 2017 one (16, 16-06)"
            " that hold them: every group they may be in"
        ),
    )

    @field_validator("groups")
    @classmethod
    def _codes(cls, groups: list[str]) -> list[str]:
        for group in groups:
            if catalogue_codes(group) != (group,):
                raise ValueError(
                    f"{group!r} is not a catalogue group (6822, 6822-1 of the 2002 catalogue;"
                    " 01 to 22, 16-06 of the 2017 one)"
                )
        return groups


RegistrationExempt = Literal["own_produce", "convenience_services"]
"""Why a natural person selling only a category's goods need not register whatever its
turnover (E-Commerce Law art. 10): its own farm and sideline products or household
handicrafts, or licence-free convenience labour services (Online Trading Measures art. 8)."""

LEGACY_REGISTRATION_EXEMPT: Mapping[str, RegistrationExempt] = types.MappingProxyType(
    {
        "edible_agricultural_products": "own_produce",
        "food_or_farm_produce": "own_produce",
        "handicrafts": "own_produce",
        "convenience_services": "convenience_services",
    }
)
"""The ``registration_exempt`` of a category whose entry does not give the key, by its id:
the bundled ids that carried the exemption before a category file could say so, so that a
file written then keeps its meaning across upgrades.  Never shrunk; a file says
``"registration_exempt": null`` to drop it."""


class CategorySpec(BaseModel):
    """One category, as written in the file: exactly one of ``requires``, ``banned: true``
    and ``special_permit``; ``exemption``, ``catalogue_groups`` and
    ``registration_exempt`` only with ``requires``."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    synonyms: list[list[str]] = Field(
        default_factory=list,
        description=(
            "Groups of names of one product (避孕套, 安全套): a scope's exclusion or"
            " limitation naming one of a group names the others"
        ),
    )
    broader: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "Names of a product → names of the goods that include it (医用外科口罩 →"
            " 医用口罩): a scope's exclusion of, or limitation to, the broader goods names the"
            " product; not the other way round"
        ),
    )
    catalogue_groups: list[CatalogueGroupsSpec] = Field(
        default_factory=list,
        description=(
            "Names of goods → the device catalogue groups that hold them: a scope listing"
            " groups after a class covers the goods only if it lists one of theirs"
        ),
    )
    requires: list[list[RequirementSpec]] | None = None
    banned: bool = False
    special_permit: PermitSpec | None = None
    exemption: ExemptionSpec | None = Field(
        None, description="An exemption a person checks when the record holds no document"
    )
    registration_exempt: RegistrationExempt | None = Field(
        None,
        description=(
            "A natural person selling only goods of such categories above the small-trading"
            " limit is reviewed, not failed: own_produce (own farm and sideline products,"
            " household handicrafts) or convenience_services (licence-free convenience"
            " labour); left out, the category's id decides as before"
            " (LEGACY_REGISTRATION_EXEMPT)"
        ),
    )
    basis: list[str] = Field(default_factory=list, description="Legal basis, short strings")
    basis_zh: list[str] = Field(
        default_factory=list,
        description="The legal basis in Chinese, for the Chinese messages (default: basis)",
    )
    note: str | None = None

    @model_validator(mode="after")
    def _one_treatment(self) -> CategorySpec:
        given = [
            name
            for name, present in (
                ("requires", self.requires is not None),
                ("banned", self.banned),
                ("special_permit", self.special_permit is not None),
            )
            if present
        ]
        if len(given) != 1:
            got = f" (got {' and '.join(given)})" if given else ""
            raise ValueError(f"give exactly one of requires, banned: true, special_permit{got}")
        for at, alternative in enumerate(self.requires or ()):
            if not alternative:  # it would need no document, and so the category none
                raise ValueError(
                    f"requires[{at}] is an empty alternative, which would let the category"
                    ' pass without any document; write "requires": [] for a category'
                    " that needs no licence"
                )
        if self.exemption is not None and not any(self.requires or ()):
            raise ValueError("exemption needs requires: it says when the documents may be absent")
        if self.catalogue_groups and not any(self.requires or ()):
            raise ValueError(
                "catalogue_groups needs requires: the groups are read in its documents' scopes"
            )
        if self.registration_exempt is not None and self.requires is None:
            raise ValueError(
                "registration_exempt needs requires: banned goods and goods under a special"
                " permit free no seller from registration"
            )
        own = {
            normalize_name(name)
            for name in (self.name_zh, self.name_en, *self.aliases)
            if normalize_name(name)
        }
        for at, entry in enumerate(self.catalogue_groups):
            for index, name in enumerate(entry.names):
                if normalize_name(name) not in own:
                    raise ValueError(
                        f"catalogue_groups[{at}].names[{index}]: {name!r} is not a name of the"
                        " category (name_zh, name_en or an alias)"
                    )
        return self


class CategoryFile(BaseModel):
    """The whole category policy file."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    version: str = Field(min_length=1)
    sources: str = ""
    categories: dict[str, CategorySpec] = Field(min_length=1)

    @field_validator("categories")
    @classmethod
    def _ids(cls, categories: dict[str, CategorySpec]) -> dict[str, CategorySpec]:
        for category_id in categories:
            if not _ID.fullmatch(category_id):
                raise ValueError(
                    f"category id {category_id!r} must be lower-case letters, digits and _"
                )
        return categories


# --------------------------------------------------------------------------- run time


class Treatment(str, enum.Enum):
    """What the policy says about a category."""

    REQUIRES_DOCUMENTS = "requires_documents"
    FREE = "free"
    BANNED = "banned"
    SPECIAL_PERMIT = "special_permit"


@dataclasses.dataclass(frozen=True, slots=True)
class Requirement:
    """One document an alternative needs (compiled from a :class:`RequirementSpec`)."""

    kind: str
    constraints: tuple[tuple[str, tuple[PartValue, ...]], ...]
    scope_any: tuple[str, ...]
    label_en: str
    label_zh: str
    review_en: str | None = None
    review_zh: str | None = None
    scope_when: tuple[str, ...] = ()
    scope_keys: tuple[str, ...] = dataclasses.field(default=(), repr=False)
    scope_when_keys: tuple[str, ...] = dataclasses.field(default=(), repr=False)
    plain: bool = dataclasses.field(default=False, repr=False)
    """No constraint, scope or review: any document of the kind meets it."""
    scope_required: bool = False
    """Only a document whose scope lists an item covering ``scope_any`` meets it; others
    are passed over (as if absent), not reviewed."""

    def expected(self, part: str) -> tuple[PartValue, ...]:
        """The values ``part`` may have (empty if it is not constrained)."""
        for name, values in self.constraints:
            if name == part:
                return values
        return ()


@dataclasses.dataclass(frozen=True, slots=True)
class Category:
    """A category of the policy.  ``required_en``/``required_zh`` say what satisfies it."""

    id: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    treatment: Treatment
    synonyms: tuple[tuple[str, ...], ...] = ()
    """Groups of names of one product, normalised."""
    broader: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Names of a product and the names of the goods that include it, normalised."""
    alternatives: tuple[tuple[Requirement, ...], ...] = ()
    permit_zh: str | None = None
    permit_en: str | None = None
    exemption_zh: str | None = None
    exemption_en: str | None = None
    basis: tuple[str, ...] = ()
    basis_zh: tuple[str, ...] = ()
    note: str | None = None
    required_en: str = ""
    required_zh: str = ""
    catalogue_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Names of goods (normalised) and the device catalogue groups that hold them."""
    registration_exempt: RegistrationExempt | None = None
    """``own_produce`` or ``convenience_services``: a natural person selling only such goods
    above the small-trading limit is reviewed, not failed (E-Commerce Law art. 10)."""
    _plain_results: dict[CoverageStatus, Coverage] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def document_kinds(self) -> frozenset[str]:
        """The document kinds any of its alternatives asks for."""
        return frozenset(need.kind for alternative in self.alternatives for need in alternative)

    def result(self, status: CoverageStatus) -> Coverage:
        """The :class:`Coverage` of this category with ``status`` and no issues (shared)."""
        found = self._plain_results.get(status)
        if found is None:
            found = self._plain_results[status] = Coverage(self, status)
        return found


class CategoryPolicy:
    """A loaded category policy: its categories and an index of their names."""

    __slots__ = (
        "_index",
        "_restricted",
        "_restricted_starts",
        "_scope_words",
        "categories",
        "source",
        "sources",
        "version",
    )

    def __init__(
        self,
        categories: Mapping[str, Category],
        *,
        version: str,
        sources: str = "",
        source: str = "<memory>",
    ) -> None:
        self.categories: Mapping[str, Category] = types.MappingProxyType(dict(categories))
        self.version = version
        self.sources = sources
        self.source = source
        index: dict[str, Category] = {}
        for category in self.categories.values():
            for name in (category.id, category.name_zh, category.name_en, *category.aliases):
                index[name] = category
                index[normalize_name(name)] = category
        self._index = index
        self._scope_words: dict[str, tuple[str, ...]] = {}
        self._restricted = _restricted_names(self.categories.values())
        self._restricted_starts = _starts(self._restricted)

    def scope_words(self, kind: str | None = None) -> tuple[str, ...]:
        """The words (normalised) this policy reads the scopes of documents of ``kind``
        by (of every kind: ``None``): every ``scope_any`` and ``scope_when`` keyword of its
        requirements of that kind — but those of ``scope_required`` requirements, which
        only choose the documents that may stand in for another kind (制售: a food seller's
        licence listing catering items), not what a scope covers.

        >>> load_category_policy().scope_words("drug_business")
        ('非处方药', '处方药', '中药饮片')
        >>> "预包装食品" in load_category_policy().scope_words()
        True
        >>> "制售" in load_category_policy().scope_words()
        False
        """
        key = "" if kind is None else kind
        words = self._scope_words.get(key)
        if words is None:
            found = {
                word: None
                for category in self.categories.values()
                for alternative in category.alternatives
                for need in alternative
                if (kind is None or need.kind == kind) and not need.scope_required
                for word in (*need.scope_keys, *need.scope_when_keys)
            }
            words = self._scope_words[key] = tuple(found)
        return words

    def __repr__(self) -> str:
        return (
            f"CategoryPolicy(source={self.source!r}, version={self.version!r},"
            f" categories={len(self.categories)})"
        )

    def __len__(self) -> int:
        return len(self.categories)

    def __iter__(self) -> Iterator[Category]:
        return iter(self.categories.values())

    def resolve(self, declared: str) -> Category | None:
        """The category ``declared`` names (id, name or alias), or ``None``."""
        found = self._index.get(declared)
        if found is None:
            found = self._index.get(normalize_name(declared))
        return found

    def read_entry(self, declared: str) -> EntryReading:
        """What one declared entry names: a category, or a platform's category path
        (``医药健康 > 隐形眼镜``) or joined leaf (``血压计/体温计``).

        An entry naming a category is that category.  Otherwise a path is read by its last
        step, the most specific; a step joining several names (``/``, ``、``) names each
        of them — if every one names a category.  A name that names none leaves the entry
        ``unknown`` (review), and then only the banned and special-permit categories named
        anywhere in it are kept: an unknown name next to a known one (``OTC药品/医疗器械/
        计生用品``) says nothing about which documents the goods need, but a banned name
        bans wherever it stands.  In an unknown entry, the banned and special-permit
        categories whose names stand inside a name (``电子烟配件``) are ``mentioned``.

        >>> policy = load_category_policy()
        >>> [c.id for _, c in policy.read_entry("电子烟及配件").mentioned]
        ['e_cigarettes']
        >>> [c.id for _, c in policy.read_entry("医药健康 > 隐形眼镜").named]
        ['medical_devices_class_3']
        >>> [name for name, _ in policy.read_entry("血压计/体温计").named]
        ['血压计', '体温计']
        >>> reading = policy.read_entry("OTC药品/医疗器械/计生用品")
        >>> reading.named, reading.unknown
        ((), True)
        >>> [c.id for _, c in policy.read_entry("日用百货 > 烟花 > 礼花弹").named]
        ['fireworks']
        """
        whole = self.resolve(declared)
        if whole is not None:
            return EntryReading(((declared, whole),), unknown=False)
        steps = _steps(declared)
        leaf = self._step_names(steps[-1]) if steps else []
        named: list[tuple[str, Category]] = []
        unknown = not leaf
        for name in leaf:
            category = self.resolve(name)
            if category is None:
                unknown = True
            else:
                named.append((name, category))
        if unknown:
            named = [(name, c) for name, c in named if c.treatment in _NAMED_ANYWHERE]
        for step in steps[:-1]:  # ancestors: only what bans or needs a permit counts
            for name in self._step_names(step):
                category = self.resolve(name)
                if category is not None and category.treatment in _NAMED_ANYWHERE:
                    named.append((name, category))
        found = tuple(dict.fromkeys(named))
        if not unknown:
            return EntryReading(found, unknown=False)
        judged = {category.id for _, category in found}
        mentioned = tuple(
            (name, category)
            for name, category in self.mentions(declared)
            if category.id not in judged
        )
        return EntryReading(found, unknown=True, mentioned=mentioned)

    def mentions(self, text: str) -> tuple[tuple[str, Category], ...]:
        """The banned and special-permit categories whose names stand inside ``text``,
        each once, by the longest of its names found: a hint for the person who reviews
        a name the policy does not know, never a match.  Chinese names of two characters
        or more count anywhere; names in Latin letters only as whole words.

        >>> policy = load_category_policy()
        >>> [(name, c.id) for name, c in policy.mentions("电子烟及配件")]
        [('电子烟', 'e_cigarettes')]
        >>> [(name, c.id) for name, c in policy.mentions("Vape accessories")]
        [('vape', 'e_cigarettes')]
        >>> policy.mentions("vapeur"), [name for name, _ in policy.mentions("vape配件")]
        ((), ['vape'])
        """
        squeezed = normalize_name(text)
        spaced = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
        found: dict[str, tuple[str, Category]] = {}
        for position in self._candidates(squeezed, spaced):
            name, pattern, category = self._restricted[position]
            if category.id in found:
                continue
            if pattern is None:
                if name in squeezed:
                    found[category.id] = (name, category)
            elif name in spaced and pattern.search(spaced):  # the plain test first: fast
                found[category.id] = (name, category)
        return tuple(found.values())

    def _candidates(self, squeezed: str, spaced: str) -> list[int]:
        """The positions in ``_restricted`` of the names that may stand in a text (its
        two forms, for Chinese and Latin names), in order: those whose first two
        characters stand in it — a name inside the text has its start there too.  One
        pass over the text, not one over every name: an unknown entry rarely holds any."""
        starts = self._restricted_starts
        chinese, latin = starts
        found = {
            position
            for text, index in ((squeezed, chinese), (spaced, latin))
            for at in range(len(text) - 1)
            for position in index.get(text[at : at + 2], ())
        }
        return sorted(found)

    def _step_names(self, step: str) -> list[str]:
        """The names one step gives: itself if it names a category whole, else each name
        it joins."""
        if self.resolve(step) is not None:
            return [step]
        names = [_without_id(name.strip()) for name in _JOINED.split(step)]
        return [name for name in names if normalize_name(name)]


# A category path's steps (食品 > 休闲零食) and the names a step joins (血压计/体温计,
# 食品饮料|休闲零食: a bar may join a list as well as a path, so it is read as joining).
_PATH_STEP = re.compile(r"->|=>|[>＞›»→\\]")
_JOINED = re.compile(r"[/／、|]")
# A platform's category id next to a step's name (50008163 零食, 零食（50008163）, [1320]食品).
_ID_HEAD = re.compile(r"^(?:\(\d{3,}\)|\[\d{3,}\]|【\d{3,}】|\d{3,}(?=[\s:#_-]))[\s:#_-]*")
# (a run of separators may start only where it starts: no backtracking through floods)
_ID_TAIL = re.compile(
    r"(?<![\s:#_-])(?:(?<=.)[\s:#_-]+\d{3,}|[\s:#_-]*(?:\(\d{3,}\)|\[\d{3,}\]|【\d{3,}】))$"
)
# A last step that says only "the rest of the step before it" (食品饮料 > 其他).
_GENERIC_LEAVES = frozenset(
    {"其他", "其它", "其他类", "其它类", "其他商品", "其它商品", "更多", "全部", "综合"}
    | {"other", "others", "more", "all", "misc", "miscellaneous"}
)


def _without_id(step: str) -> str:
    """``step`` (NFKC, stripped) without a platform's numeric category id standing apart
    before or after its name; the step itself when nothing else is left.

    >>> _without_id("50008163 零食"), _without_id("零食(50008163)"), _without_id("3C数码")
    ('零食', '零食', '3C数码')
    """
    head, tail = step[:1], step[-1:]
    if not (head.isdigit() or tail.isdigit() or head in "([【" or tail in ")]】"):
        return step  # the common case, without a regular expression
    bare = _ID_TAIL.sub("", _ID_HEAD.sub("", step)).strip()
    return bare if normalize_name(bare) else step


def _steps(declared: str) -> list[str]:
    """The steps of a declared entry (one for a plain name), each without a platform id,
    blank steps dropped, and a generic last step (其他, 更多, other) dropped when a step
    stands before it: it names only the rest of that step's goods.

    >>> _steps("食品饮料 > 休闲零食 > 其他"), _steps("50008163 零食"), _steps("其他")
    (['食品饮料', '休闲零食'], ['零食'], ['其他'])
    """
    text = unicodedata.normalize("NFKC", declared)  # ﹥ and ＼ are > and \ too
    steps = [_without_id(step.strip()) for step in _PATH_STEP.split(text)]
    steps = [step for step in steps if normalize_name(step)]
    while len(steps) > 1 and normalize_name(steps[-1]) in _GENERIC_LEAVES:
        steps.pop()
    return steps


_NAMED_ANYWHERE = frozenset({Treatment.BANNED, Treatment.SPECIAL_PERMIT})


@dataclasses.dataclass(frozen=True, slots=True)
class EntryReading:
    """What one declared entry names (:meth:`CategoryPolicy.read_entry`)."""

    named: tuple[tuple[str, Category], ...]
    """``(name, category)`` for each category the entry names, by the name it was named by."""
    unknown: bool
    """Part of the entry names no category: a person decides what it needs."""
    mentioned: tuple[tuple[str, Category], ...] = ()
    """In an unknown entry: the banned and special-permit categories whose names stand
    inside it (:meth:`CategoryPolicy.mentions`), other than those it names."""


_RestrictedName = tuple[str, re.Pattern[str] | None, Category]
_WORD_CHAR = r"[^\W_\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]"
"""A character that goes on a Latin word: a letter or a digit, but not a Chinese (or
Japanese, Korean) character — ``vape配件`` holds the word vape, ``vapeur`` does not."""


def _restricted_names(categories: Iterable[Category]) -> tuple[_RestrictedName, ...]:
    """The names of the banned and special-permit categories, longest first, for
    :meth:`CategoryPolicy.mentions`: a Chinese name (normalised, two characters or more)
    with no pattern, a name in Latin letters (three or more) with a whole-word pattern."""
    names: dict[str, _RestrictedName] = {}
    for category in categories:
        if category.treatment not in _NAMED_ANYWHERE:
            continue
        for given in (category.name_zh, category.name_en, *category.aliases):
            if given.isascii():
                words = " ".join(given.casefold().split())
                if sum(char.isalpha() for char in words) >= 3 and words not in names:
                    pattern = re.compile(rf"(?<!{_WORD_CHAR}){re.escape(words)}(?!{_WORD_CHAR})")
                    names[words] = (words, pattern, category)
            else:
                name = normalize_name(given)
                if len(name) >= 2 and name not in names:
                    names[name] = (name, None, category)
    return tuple(sorted(names.values(), key=lambda entry: -len(entry[0])))


def _starts(
    restricted: tuple[_RestrictedName, ...],
) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """The positions of the restricted names by their first two characters: Chinese
    names (read in the squeezed text) and Latin ones (read in the spaced text)."""
    chinese: dict[str, list[int]] = {}
    latin: dict[str, list[int]] = {}
    for position, (name, pattern, _) in enumerate(restricted):
        (chinese if pattern is None else latin).setdefault(name[:2], []).append(position)
    return (
        {start: tuple(found) for start, found in chinese.items()},
        {start: tuple(found) for start, found in latin.items()},
    )


def _show(value: PartValue, zh: bool) -> str:
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("true" if value else "false")
    return str(value)


def show_values(values: Sequence[PartValue], *, zh: bool = False) -> str:
    """Part values as messages print them.

    >>> show_values(["1", "2"]), show_values([False]), show_values([False], zh=True)
    ('1/2', 'false', '否')
    """
    return "/".join(_show(value, zh) for value in values)


def _default_labels(
    kind: str, constraints: Mapping[str, tuple[PartValue, ...]], spec: RequirementSpec
) -> tuple[str, str]:
    document = DOCUMENT_KINDS[kind]
    en, zh = document.TITLE, document.TITLE_ZH
    en_bits = [f"{name} {show_values(values)}" for name, values in constraints.items()]
    zh_bits = [
        f"{part_name_zh(name)}为{show_values(values, zh=True)}"
        for name, values in constraints.items()
    ]
    if spec.scope_any:
        en_bits.append("scope listing " + " or ".join(spec.scope_any))
        zh_bits.append("范围含" + "或".join(spec.scope_any))
        if spec.scope_required:
            en_bits[-1] = "a scope listing " + " or ".join(spec.scope_any)
            zh_bits[-1] = "须列明范围且含" + "或".join(spec.scope_any)
        if spec.scope_when:
            en_bits[-1] += " where it names " + " or ".join(spec.scope_when)
            zh_bits[-1] = f"范围写明{'或'.join(spec.scope_when)}时须含" + "或".join(spec.scope_any)
    if spec.review_en is not None:
        en_bits.append("confirmed by hand")
        zh_bits.append("经人工确认")
    if en_bits:
        en += " (" + ", ".join(en_bits) + ")"
        zh += "（" + "，".join(zh_bits) + "）"
    return en, zh


def _compile_requirement(spec: RequirementSpec) -> Requirement:
    constraints = spec.constraints
    if spec.label_en is not None and spec.label_zh is not None:
        label_en, label_zh = spec.label_en, spec.label_zh
    else:
        label_en, label_zh = _default_labels(spec.kind, constraints, spec)
    return Requirement(
        kind=spec.kind,
        constraints=tuple(constraints.items()),
        scope_any=tuple(spec.scope_any),
        label_en=label_en,
        label_zh=label_zh,
        review_en=spec.review_en,
        review_zh=spec.review_zh,
        scope_when=tuple(spec.scope_when),
        scope_keys=tuple(normalize_name(word) for word in spec.scope_any),
        scope_when_keys=tuple(normalize_name(word) for word in spec.scope_when),
        plain=not constraints and not spec.scope_any and spec.review_en is None,
        scope_required=spec.scope_required,
    )


def _compile_groups(
    entries: Sequence[CatalogueGroupsSpec],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each name of ``entries`` (normalised) with every group given for it."""
    groups: dict[str, dict[str, None]] = {}
    for entry in entries:
        for name in entry.names:
            groups.setdefault(normalize_name(name), {}).update(dict.fromkeys(entry.groups))
    return tuple((name, tuple(found)) for name, found in groups.items())


def _registration_exempt(category_id: str, spec: CategorySpec) -> RegistrationExempt | None:
    """The category's ``registration_exempt``: as the entry gives it (``null`` included),
    else by its id (:data:`LEGACY_REGISTRATION_EXEMPT`)."""
    if "registration_exempt" in spec.model_fields_set:
        return spec.registration_exempt
    return LEGACY_REGISTRATION_EXEMPT.get(category_id)


def _compile_category(category_id: str, spec: CategorySpec) -> Category:
    permit = spec.special_permit
    common: dict[str, Any] = {
        "id": category_id,
        "name_zh": spec.name_zh,
        "name_en": spec.name_en,
        "aliases": tuple(spec.aliases),
        "synonyms": tuple(
            tuple(dict.fromkeys(normalize_name(name) for name in group if name.strip()))
            for group in spec.synonyms
        ),
        "broader": tuple(
            (normalize_name(name), tuple(normalize_name(wider) for wider in wider_names))
            for name, wider_names in spec.broader.items()
            if name.strip()
        ),
        "catalogue_groups": _compile_groups(spec.catalogue_groups),
        "basis": tuple(spec.basis),
        "basis_zh": tuple(spec.basis_zh),
        "note": spec.note,
    }
    if spec.banned:
        return Category(treatment=Treatment.BANNED, **common)
    if permit is not None:
        return Category(
            treatment=Treatment.SPECIAL_PERMIT,
            permit_zh=permit.name_zh,
            permit_en=permit.name_en,
            required_en=permit.name_en,
            required_zh=permit.name_zh,
            **common,
        )
    alternatives = tuple(
        tuple(_compile_requirement(requirement) for requirement in alternative)
        for alternative in spec.requires or ()
    )
    common["registration_exempt"] = _registration_exempt(category_id, spec)
    if not alternatives or any(not alternative for alternative in alternatives):
        return Category(treatment=Treatment.FREE, **common)
    each_en = [" and ".join(need.label_en for need in alternative) for alternative in alternatives]
    each_zh = ["及".join(need.label_zh for need in alternative) for alternative in alternatives]
    if len(alternatives) == 1:
        required_en, required_zh = each_en[0], each_zh[0]
    else:
        required_en = "one of: " + "; ".join(each_en)
        required_zh = "下列之一：" + "；".join(each_zh)
    exemption = spec.exemption
    return Category(
        treatment=Treatment.REQUIRES_DOCUMENTS,
        alternatives=alternatives,
        required_en=required_en,
        required_zh=required_zh,
        exemption_en=exemption.name_en if exemption is not None else None,
        exemption_zh=exemption.name_zh if exemption is not None else None,
        **common,
    )


def _where(location: Sequence[int | str]) -> str:
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _describe(error: Mapping[str, Any]) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    where = _where(error["loc"])
    return f"{where}: {message}" if where else message


def _check_names(categories: Mapping[str, CategorySpec]) -> None:
    owner: dict[str, str] = {}
    for category_id, spec in categories.items():
        names = [
            (category_id, category_id),
            ("name_zh", spec.name_zh),
            ("name_en", spec.name_en),
            *((f"aliases[{i}]", alias) for i, alias in enumerate(spec.aliases)),
        ]
        seen_here: set[str] = set()
        for field, name in names:
            key = normalize_name(name)
            where = f"categories.{category_id}" + ("" if field == category_id else f".{field}")
            if not key:
                raise ValueError(f"{where}: empty name")
            other = owner.get(key)
            if other is not None and other != category_id:
                raise ValueError(f"{where}: {name!r} also names category {other!r}")
            if key in seen_here and field.startswith("aliases"):
                raise ValueError(f"{where}: {name!r} is given twice")
            seen_here.add(key)
            owner[key] = category_id


class _Members(list[tuple[str, Any]]):
    """A JSON object's members as written (a key may be given twice)."""

    __slots__ = ()


def _key_given_twice(text: str | bytes) -> str | None:
    """Where ``text`` gives a key twice (the second would silently win: ``"banned": true``
    and later ``"banned": false``), or ``None``; text that is not JSON is left to the
    model's reading, which says why."""
    try:
        data = json.loads(text, object_pairs_hook=_Members)
    except (ValueError, RecursionError):
        return None
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, _Members):
            seen: set[str] = set()
            for key, item in value:
                if key in seen:
                    return f"{where + ': ' if where else ''}key {key!r} is given twice"
                seen.add(key)
                stack.append((item, f"{where}.{key}" if where else key))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]") for i, item in enumerate(value))
    return None


def parse_category_policy(text: str | bytes, *, source: str = "<string>") -> CategoryPolicy:
    """Read a category policy from JSON text; ``source`` names it in errors.

    >>> parse_category_policy('{"version": "1", "categories": {"tea": {'
    ...     '"name_zh": "茶叶", "name_en": "Tea", "requires": [[{"kind": "food_filing"}]]}}}',
    ...     source="mine.json").resolve("茶叶").required_en
    'pre-packaged food sales filing'
    >>> parse_category_policy('{"version": "1", "categories": {"tea": {'
    ...     '"name_zh": "茶叶", "name_en": "Tea", "requires": [[{"kind": "food"}]]}}}',
    ...     source="mine.json")
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.ConfigError: invalid category policy 'mine.json': categories.tea.requires[0][0].kind: unknown document kind 'food'; ...
    """  # noqa: E501
    twice = _key_given_twice(text)
    if twice is not None:
        raise ConfigError(f"invalid category policy {source!r}: {twice}")
    try:
        spec = CategoryFile.model_validate_json(text)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(
            f"invalid category policy {source!r}: {_describe(errors[0])}{more}"
        ) from None
    try:
        _check_names(spec.categories)
    except ValueError as exc:
        raise ConfigError(f"invalid category policy {source!r}: {exc}") from None
    categories = {
        category_id: _compile_category(category_id, category)
        for category_id, category in spec.categories.items()
    }
    return CategoryPolicy(categories, version=spec.version, sources=spec.sources, source=source)


@functools.cache
def _bundled() -> CategoryPolicy:
    text = resources.files("qualcheck").joinpath(BUNDLED_FILE).read_text(encoding="utf-8")
    return parse_category_policy(text, source=f"qualcheck/{BUNDLED_FILE}")


def load_category_policy(path: str | os.PathLike[str] | None = None) -> CategoryPolicy:
    """Load the category policy in ``path`` (JSON), or the bundled one (cached).

    A file that cannot be read or does not describe a valid policy raises
    :class:`~qualcheck.exceptions.ConfigError` naming the file and the field.
    """
    if path is None:
        return _bundled()
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark is no error
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read category policy {os.fspath(path)!r}: {exc}") from None
    return parse_category_policy(text, source=os.fspath(path))


_FILE_CACHE: dict[str, tuple[tuple[int, ...], CategoryPolicy]] = {}
_FILES_KEPT = 64
"""Category files remembered at most (the oldest read is forgotten first)."""


def _stamp(stat: os.stat_result) -> tuple[int, ...]:
    """What tells one state of a file from another: its inode and device (a file replaced
    by another), size, modification time and change time (a file rewritten with its
    modification time put back, as ``cp -p`` or ``rsync -t`` do, has a new change time)."""
    return (stat.st_ino, stat.st_dev, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def category_policy_for(path: str | os.PathLike[str] | None) -> CategoryPolicy:
    """The policy the coverage check uses: the bundled one, or the file at ``path``, read
    again only when it changes (another file, size, modification or change time)."""
    if path is None:
        return _bundled()
    key = os.fspath(path)
    try:
        stamp = _stamp(os.stat(key))
    except OSError as exc:
        raise ConfigError(f"cannot read category policy {key!r}: {exc}") from None
    cached = _FILE_CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    policy = load_category_policy(key)
    _FILE_CACHE.pop(key, None)
    while len(_FILE_CACHE) >= _FILES_KEPT:
        _FILE_CACHE.pop(next(iter(_FILE_CACHE)), None)
    _FILE_CACHE[key] = (stamp, policy)
    return policy


@remembered(maxsize=1024, longest=LONGEST_SCOPE, size=texts_size)
def _normalized(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalize_name(name) for name in names if name.strip()))


@dataclasses.dataclass(frozen=True, slots=True)
class _Declared:
    """How the seller named the category being judged, for scope reading (normalised only
    when a scope is read)."""

    category: Category
    declared: tuple[str, ...]

    @property
    def own(self) -> tuple[str, ...]:
        """The category's Chinese name and aliases."""
        return _normalized((self.category.name_zh, *self.category.aliases))

    @property
    def names(self) -> tuple[str, ...]:
        """The declared names (the category's Chinese name when none is given)."""
        return _normalized(self.declared) or self.own[:1]

    @property
    def synonyms(self) -> tuple[tuple[str, ...], ...]:
        """For each declared name, the other names of its product (避孕套 for 安全套) and
        the names of the goods that include it (医用口罩 for 医用外科口罩), with theirs."""
        groups, broader = self.category.synonyms, dict(self.category.broader)
        if not groups and not broader:
            return ((),) * len(self.names)

        def mates(name: str) -> list[str]:
            return [other for group in groups if name in group for other in group]

        related: list[tuple[str, ...]] = []
        for name in self.names:
            found = mates(name)
            for same in (name, *found):
                for wider in broader.get(same, ()):
                    found += [wider, *mates(wider)]
            related.append(tuple(dict.fromkeys(other for other in found if other != name)))
        return tuple(related)

    @property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        """For each declared name, the device catalogue groups that hold its goods (``()``:
        not known)."""
        known = self.category.catalogue_groups
        if not known:
            return ((),) * len(self.names)
        table = dict(known)
        return tuple(table.get(name, ()) for name in self.names)


def _scope_covers(requirement: Requirement, scope: tuple[str, ...], declared: _Declared) -> bool:
    """Whether ``scope`` meets ``requirement``'s keywords for every declared name (a scope
    that cannot be read meets none)."""
    try:
        return _judge_scope(
            scope,
            requirement.scope_keys,
            requirement.scope_when_keys,
            declared.names,
            declared.own,
            declared.synonyms,
            declared.groups,
        )
    except ScopeUnreadable:
        return False


def _judged_size(
    scope: tuple[str, ...], keys: object, when: object, names: tuple[str, ...], *_: object
) -> int:
    """The length of the seller's texts :func:`_judge_scope` is called with: the scope
    and the declared names."""
    return texts_size(scope) + texts_size(names)


@remembered(maxsize=4096, longest=LONGEST_SCOPE, size=_judged_size)
def _judge_scope(
    scope: tuple[str, ...],
    keys: tuple[str, ...],
    when: tuple[str, ...],
    names: tuple[str, ...],
    category_names: tuple[str, ...],
    synonyms: tuple[tuple[str, ...], ...] = (),
    groups: tuple[tuple[str, ...], ...] = (),
) -> bool:
    """:func:`_scope_covers` on plain values (scopes and names recur: cached).

    Exclusions and limitations are held against the declared name, the category's Chinese
    name and those keywords that name the category itself (保健食品 for health food, not
    特殊食品; 非处方药 for OTC drugs, not 处方药, which only stands for a licence that
    covers them).  ``groups`` gives, for each declared name, the device catalogue groups
    that hold its goods: a scope listing groups after a class must list one of them.
    """
    reading = read_items(scope)
    own = tuple(key for key in keys if any(mentions(key, name) for name in category_names))
    if any(names_class(key) for key in own):  # 二类 names the class: so do ii类 and 2类
        own = tuple(key for key in keys if key in own or names_class(key))
    name_zh = category_names[0]
    others = synonyms or ((),) * len(names)
    held = groups or ((),) * len(names)
    # what the scope names: its items, and the limitations binding it (以上仅限…)
    named = [text for item in reading.items for text in item.texts]
    named += [entry for limit in reading.limited_to for entry in limit]
    if when and not any(mentions(word, text) for text in named for word in when):
        # the scope does not name the matter (outside its exclusions): it is not held to
        # the keywords, but an exclusion naming the category still counts
        excluded = (*reading.excluded, *(e for item in reading.items for e in item.excluded))
        return not any(
            names_any((*own, name, *other, name_zh), excluded)
            or (bool(group) and excludes_group(group, excluded))
            for name, other, group in zip(names, others, held, strict=True)
        )
    return all(
        covers(
            reading,
            keys,
            (*own, name, *other, name_zh),
            name,
            groups=group,
            products=(name, *other) if group else (),
        )
        for name, other, group in zip(names, others, held, strict=True)
    )


# --------------------------------------------------------------------------- coverage


class CoverageStatus(str, enum.Enum):
    """How a merchant's documents stand towards one category."""

    COVERED = "covered"
    """An alternative is met (or the category needs no licence)."""
    NEEDS_REVIEW = "needs_review"
    """An alternative is met only if a person confirms it (scope, review note)."""
    UNSUITABLE = "unsuitable"
    """Documents of a required kind are there, but of the wrong type."""
    MISSING = "missing"
    """No alternative has its documents."""
    BANNED = "banned"
    """The category may never be sold online."""
    SPECIAL_PERMIT = "special_permit"
    """The category needs a permit qualcheck cannot verify."""


ProblemKind = Literal["unsuitable", "scope_not_covering", "review"]


@dataclasses.dataclass(frozen=True, slots=True)
class DocumentIssue:
    """Why one document does not (or not surely) meet a requirement.

    ``document`` is its index in ``Merchant.documents``.  For ``unsuitable``, ``part``
    is the number part whose value ``actual`` is not one the requirement allows; for
    ``review`` with a ``part``, the number does not show that part.
    """

    document: int
    kind: str
    problem: ProblemKind
    requirement: Requirement
    part: str | None = None
    actual: PartValue | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Coverage:
    """The answer for one category: its status and, if not covered, why."""

    category: Category
    status: CoverageStatus
    issues: tuple[DocumentIssue, ...] = ()

    @property
    def covered(self) -> bool:
        """True when nothing stands in the way."""
        return self.status is CoverageStatus.COVERED


_OK, _SOFT, _UNSUITABLE, _MISSING = 0, 1, 2, 3
_STATUS = {
    _OK: CoverageStatus.COVERED,
    _SOFT: CoverageStatus.NEEDS_REVIEW,
    _UNSUITABLE: CoverageStatus.UNSUITABLE,
    _MISSING: CoverageStatus.MISSING,
}
_UNREAD = object()

# Parts read straight from the canonical number, without decoding all of it (the
# decoders cost 10-20 µs); tests check these against ``parse`` on generated numbers.
_FAST_PARTS: dict[tuple[str, str], Callable[[str], PartValue]] = {
    ("food_business", "business_form"): lambda number: number[2],
    ("food_production", "product_type"): lambda number: number[2],
    ("food_production", "category"): lambda number: number[3:5],
    ("drug_business", "business_type"): lambda number: number[1],
    ("drug_business", "legal_person"): lambda number: number[2],
    ("device_business", "filing"): lambda number: "械经营备" in number,
    ("device_business", "device_class"): lambda number: 2 if "械经营备" in number else 3,
}


class DocumentSet:
    """A merchant's documents indexed by kind; each number is decoded at most once.

    Build one per merchant to assess several categories against the same documents.
    """

    __slots__ = ("_parts", "by_kind", "documents")

    def __init__(
        self, documents: Sequence[DocumentBase], *, left_out: frozenset[int] = frozenset()
    ) -> None:
        self.documents = documents
        self.by_kind: dict[str, list[tuple[int, DocumentBase]]] = {}
        for index, document in enumerate(documents):
            if index not in left_out:  # a licence its renewal replaced, say
                self.by_kind.setdefault(document.kind, []).append((index, document))
        self._parts: dict[int, Any] = {}

    def part(self, index: int, part: str) -> PartValue | None:
        """The decoded ``part`` of document ``index``'s number (``None`` if not shown)."""
        document = self.documents[index]
        fast = _FAST_PARTS.get((document.kind, part))
        if fast is not None:
            return fast(document.number)
        parts = self._parts.get(index, _UNREAD)
        if parts is _UNREAD:
            try:
                parts = document.parts
            except InvalidNumber:
                parts = None
            self._parts[index] = parts
        value = getattr(parts, part, None)
        return value if isinstance(value, (bool, int, str)) else None


def _assess_document(
    requirement: Requirement,
    index: int,
    document: DocumentBase,
    documents: DocumentSet,
    declared: _Declared,
) -> tuple[int, DocumentIssue | None]:
    """How ``document`` meets ``requirement``: ``(_OK, None)``, a rank with the issue, or
    ``(_MISSING, None)`` for a document the requirement passes over (``scope_required``,
    and its scope lists no item covering the keywords)."""
    if requirement.scope_required and not (
        document.scope and _scope_covers(requirement, document.scope, declared)
    ):
        return _MISSING, None
    for part, allowed in requirement.constraints:
        value = documents.part(index, part)
        if value is None:
            return _SOFT, DocumentIssue(index, document.kind, "review", requirement, part)
        if value not in allowed:
            issue = DocumentIssue(index, document.kind, "unsuitable", requirement, part, value)
            return _UNSUITABLE, issue
    if (
        requirement.scope_keys
        and not requirement.scope_required  # read above
        and document.scope
        and not _scope_covers(requirement, document.scope, declared)
    ):
        return _SOFT, DocumentIssue(index, document.kind, "scope_not_covering", requirement)
    if requirement.review_en is not None:
        return _SOFT, DocumentIssue(index, document.kind, "review", requirement)
    return _OK, None


def _assess_requirement(
    requirement: Requirement, documents: DocumentSet, declared: _Declared
) -> tuple[int, list[DocumentIssue]]:
    candidates = documents.by_kind.get(requirement.kind)
    if not candidates:
        return _MISSING, []
    if requirement.plain:
        return _OK, []
    best, issues = _MISSING, []
    for index, document in candidates:
        rank, issue = _assess_document(requirement, index, document, documents, declared)
        if rank == _MISSING:  # passed over: its scope does not list what is required
            continue
        if issue is None:
            return _OK, []
        if rank < best:
            best, issues = rank, [issue]
        elif rank == best:
            issues.append(issue)
    return best, issues


def _assess(category: Category, documents: DocumentSet, declared: _Declared) -> Coverage:
    treatment = category.treatment
    if treatment is Treatment.FREE:
        return category.result(CoverageStatus.COVERED)
    if treatment is Treatment.BANNED:
        return category.result(CoverageStatus.BANNED)
    if treatment is Treatment.SPECIAL_PERMIT:
        return category.result(CoverageStatus.SPECIAL_PERMIT)
    best, best_issues = _MISSING, []
    for alternative in category.alternatives:
        rank, issues = _OK, []
        for requirement in alternative:
            found, found_issues = _assess_requirement(requirement, documents, declared)
            rank = max(rank, found)
            issues.extend(found_issues)
            if rank == _MISSING:
                break
        if rank == _OK:
            return category.result(CoverageStatus.COVERED)
        if rank < best:
            best, best_issues = rank, issues
        elif rank == best == _UNSUITABLE:
            best_issues.extend(issues)
    if best == _MISSING:
        return category.result(CoverageStatus.MISSING)
    if best == _UNSUITABLE:  # one issue per document: the first alternative's reason
        seen: set[int] = set()
        unique = []
        for issue in best_issues:
            if issue.problem == "unsuitable" and issue.document not in seen:
                seen.add(issue.document)
                unique.append(issue)
        best_issues = unique
    return Coverage(category, _STATUS[best], tuple(best_issues))


def assess_coverage(
    category: Category,
    documents: Sequence[DocumentBase] | DocumentSet,
    *,
    declared: Sequence[str] = (),
) -> Coverage:
    """Whether ``documents`` (a merchant's, in order) cover ``category``, and why not.

    Only the kind, number and scope of the documents are read; whether a document is
    valid on the day is the validity check's business.  Pass a :class:`DocumentSet` to
    assess several categories against the same documents.

    ``declared`` gives the names the seller declared the category by (``散装熟食`` for
    ``bulk_food``): a scope item whose exclusions name one of them does not cover it (see
    :func:`read_scope`).  Without it, the category's Chinese name stands for them.

    >>> from qualcheck.models import FoodBusinessLicense
    >>> jy = FoodBusinessLicense(number="JY14403050000010", scope=("预包装食品销售",))
    >>> result = assess_coverage(load_category_policy().resolve("catering"), [jy])
    >>> result.status.value, result.issues[0].part, result.issues[0].actual
    ('unsuitable', 'business_form', '1')
    >>> assess_coverage(load_category_policy().resolve("prepackaged_food"), [jy]).covered
    True
    >>> jy = FoodBusinessLicense(number="JY14403050000010", scope=("散装食品销售（不含散装熟食）",))
    >>> bulk = load_category_policy().resolve("散装熟食")
    >>> assess_coverage(bulk, [jy], declared=["散装食品"]).covered
    True
    >>> assess_coverage(bulk, [jy], declared=["散装熟食"]).status.value
    'needs_review'
    """
    if not isinstance(documents, DocumentSet):
        documents = DocumentSet(documents)
    return _assess(category, documents, _Declared(category, tuple(declared)))
