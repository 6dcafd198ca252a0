"""Pydantic v2 types over :mod:`qualcheck.numbers`: ``uscc: USCC`` validates, normalises, documents.

Every number kind has a type, ``Annotated[str, NumberValidator(kind)]``; resident-ID
numbers have a ``str`` subclass of their own, :class:`ResidentID`, whose ``repr`` is
masked.  A field of one of these types

* accepts only ``str`` input (no numbers, no bytes);
* holds the **canonical form** the kind module's ``validate`` returns (full-width
  characters folded, spaces and dashes dropped, upper case …);
* fails with a pydantic error whose ``type`` **is the finding code**
  (``uscc.checksum``, ``ric.birth_date`` …) and whose ``ctx`` holds the finding's
  machine parameters and ``position``, so ``Finding.of(err["type"], **err["ctx"])``
  rebuilds the finding;
* documents itself in JSON Schema: ``pattern`` (the canonical form), ``examples``,
  ``description`` (the kind's title) and ``x-qualcheck-kind``.

Only official rules fail validation.  Soft rules (region tables, empirical check digits,
legacy forms …) never do: the verification engine runs ``qualcheck.numbers.check`` and
reports them as findings for review.  Rules that depend on the date (a birth date or an
issue year in the future) use ``as_of`` from the validation context when one is given
(``Model.model_validate(data, context={"as_of": date})``), else today in China.

>>> from pydantic import BaseModel, ValidationError
>>> class Seller(BaseModel):
...     uscc: USCC
...     legal_rep_id: ResidentID
>>> rep_id = "11010519491231002x"  # the illustrative number of GB 11643
>>> seller = Seller(uscc="９１３５ ０１００ ｍ０００ １００ｙ ４３", legal_rep_id=rep_id)
>>> seller
Seller(uscc='91350100M000100Y43', legal_rep_id=ResidentID('110105********002X'))
>>> try:
...     Seller(uscc="91110000600037341M", legal_rep_id="11010519491231002X")
... except ValidationError as exc:
...     error = exc.errors()[0]
>>> error["type"], error["loc"], error["ctx"]
('uscc.checksum', ('uscc',), {'expected': 'L', 'actual': 'M', 'position': 18})
"""

from __future__ import annotations

import datetime
import functools
import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from qualcheck import numbers
from qualcheck.exceptions import InvalidNumber
from qualcheck.numbers import ric
from qualcheck.numbers._dates import today
from qualcheck.numbers._normalize import clean

__all__ = [
    "USCC",
    "CMANo",
    "CNCANo",
    "DeviceBusinessNo",
    "DrugBusinessNo",
    "DrugInfoNo",
    "FoodBusinessNo",
    "FoodFilingNo",
    "FoodProductionNo",
    "NumberValidator",
    "OrgCode",
    "RegNo",
    "ResidentID",
]


def _kind_module(kind: str) -> ModuleType:
    numbers.get(kind)  # raises UnknownKind, listing the kinds
    return importlib.import_module(f"qualcheck.numbers.{kind}")


def _json_schema_extra(module: ModuleType) -> dict[str, Any]:
    return {
        "pattern": str(module.PATTERN),
        "examples": list(module.EXAMPLES),
        "description": str(module.TITLE),
        "x-qualcheck-kind": str(module.KIND),
    }


def _as_of(info: core_schema.ValidationInfo) -> datetime.date | None:
    """``as_of`` from the validation context, if the caller gave one."""
    context = info.context
    if context is None:  # the common case, without the slower Mapping check
        return None
    if type(context) is dict:  # the engine's context: a plain dict holding a plain date
        value = context.get("as_of")
        if type(value) is datetime.date:
            return value
    if isinstance(context, Mapping):
        value = context.get("as_of")
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
    return None


def _pydantic_error(exc: InvalidNumber, value: object = None) -> PydanticCustomError:
    """The pydantic form of ``exc``: type = finding code, ctx = finding parameters.

    A value a spreadsheet or an export damaged — a long number in scientific notation,
    a number masked with ``*`` — is not the number it stood for, right or wrong: it is
    an unreadable value (``number_unreadable``, reported as ``record.invalid_value`` for
    review), never judged by the kind's rules.
    """
    damage = _damage(value)
    if damage is not None:
        return PydanticCustomError("number_unreadable", damage[0], {"reason_zh": damage[1]})
    return PydanticCustomError(exc.code, exc.message, {**exc.ctx, "position": exc.position})


_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(?:\.[0-9]*)?[eE][+-]?[0-9]+")
_MASKED = re.compile(r"[0-9A-Z]*\*{2,}[0-9A-Z]*")


def _damage(value: object) -> tuple[str, str] | None:
    """Why ``value`` cannot be the number it stood for (English, Chinese), or ``None``.

    >>> _damage("1.10105E+17")[0].startswith("a number in scientific notation")
    True
    >>> _damage("身份证号：110105＊＊＊＊＊＊＊＊002X")[1]
    '号码已被遮挡（部分字符以*代替），无法核验；请提供完整号码'
    """
    try:  # a label dropped, full-width characters folded, spaces dropped
        text = clean(value, "ric")
    except InvalidNumber:  # not text, or too long
        return None
    if _SCIENTIFIC.fullmatch(text):
        return (
            "a number in scientific notation, as a spreadsheet shows a long number: its"
            " digits are lost; give the number as text",
            "科学计数法数字（电子表格对长数字的显示方式），原有数字已丢失；请以文本形式提供号码",
        )
    if _MASKED.fullmatch(text):
        return (
            "the number is masked (characters replaced by *) and cannot be checked;"
            " give the full number",
            "号码已被遮挡（部分字符以*代替），无法核验；请提供完整号码",
        )
    return None


_Validate = Callable[..., str]


_REMEMBERED: dict[_Validate, _Validate] = {}
"""The remembered ``validate`` of each kind, shared by every field of that kind."""


def _validator(validate: _Validate) -> core_schema.WithInfoValidatorFunction:
    # A record often repeats a number (the USCC on the record, the business licence and
    # each holder field): remember recent valid answers, in one cache per kind that all
    # its fields share.  Only valid results are kept, each under the day it was judged
    # as of — today's too, by its date: a clock set back (a test freezing time) or a new
    # day never gets an answer judged on another day.
    remembered = _REMEMBERED.get(validate)
    if remembered is None:
        remembered = _REMEMBERED[validate] = functools.lru_cache(maxsize=4096)(validate)

    def check(value: str, info: core_schema.ValidationInfo) -> str:
        context = info.context
        if context is None:  # no day given: today in China, named in the key
            as_of = today()
        elif type(context) is dict and type(day := context.get("as_of")) is datetime.date:
            as_of = day  # the engine's context, read without a call
        else:
            as_of = _as_of(info) or today()
        try:
            return remembered(value, as_of=as_of)
        except InvalidNumber as exc:
            raise _pydantic_error(exc, value) from None

    return check


@dataclass(frozen=True, slots=True)
class NumberValidator:
    """``Annotated`` marker that validates a ``str`` field as a number of ``kind``.

    ``kind`` is one of :data:`qualcheck.numbers.KINDS`; an unknown kind raises
    :class:`~qualcheck.exceptions.UnknownKind` when the marker is created.  The public
    aliases (:data:`USCC`, :data:`FoodBusinessNo` …) are this marker on ``str``.

    >>> from typing import Annotated
    >>> from pydantic import TypeAdapter
    >>> TypeAdapter(Annotated[str, NumberValidator("cnca")]).validate_python("cnca—rf—2003—27")
    'CNCA-RF-2003-27'
    >>> NumberValidator("passport")
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.UnknownKind: unknown number kind 'passport'; ...
    """

    kind: str

    def __post_init__(self) -> None:
        _kind_module(self.kind)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        validate: _Validate = _kind_module(self.kind).validate
        return core_schema.with_info_after_validator_function(
            _validator(validate), core_schema.str_schema(strict=True)
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.update(_json_schema_extra(_kind_module(self.kind)))
        return json_schema


USCC = Annotated[str, NumberValidator("uscc")]
"""Unified Social Credit Code (统一社会信用代码), canonical: 18 characters, upper case."""
OrgCode = Annotated[str, NumberValidator("orgcode")]
"""Organisation code (组织机构代码), canonical: 9 characters without the hyphen."""
RegNo = Annotated[str, NumberValidator("regno")]
"""Business registration number (工商注册号), 15 digits."""
FoodBusinessNo = Annotated[str, NumberValidator("food_business")]
"""Food business licence number (食品经营许可证, ``JY`` + 14 digits)."""
FoodProductionNo = Annotated[str, NumberValidator("food_production")]
"""Food production licence number (食品生产许可证, ``SC`` + 14 digits)."""
FoodFilingNo = Annotated[str, NumberValidator("food_filing")]
"""Pre-packaged food sales filing number (仅销售预包装食品备案编号)."""
DrugBusinessNo = Annotated[str, NumberValidator("drug_business")]
"""Drug business licence number (药品经营许可证编号)."""
DrugInfoNo = Annotated[str, NumberValidator("drug_info")]
"""Internet drug information service certificate number (互联网药品信息服务资格证书编号)."""
DeviceBusinessNo = Annotated[str, NumberValidator("device_business")]
"""Medical device business licence or filing number (医疗器械经营许可证/备案编号)."""
CNCANo = Annotated[str, NumberValidator("cnca")]
"""Certification body approval number (认证机构批准号, ``CNCA-R…``)."""
CMANo = Annotated[str, NumberValidator("cma")]
"""Inspection and testing body qualification certificate number (CMA, 12 digits)."""


class ResidentID(str):
    """A resident-ID number (公民身份号码, GB 11643) that keeps itself out of logs.

    Resident-ID numbers are personal data, so ``repr()`` (and so the ``repr`` of a model
    holding one) shows only the first 6 and last 4 characters.  ``str(value)``, equality
    with ``str`` and serialisation (``model_dump``, ``model_dump_json``) keep the full
    number: the caller needs it, to store it or send it to a registry.  Masking in
    reports, logs and the CLI is the job of whoever writes them: use :attr:`masked`
    (``%s`` and f-strings print the full number).

    Also beware that pydantic puts the *input* into ``ValidationError`` messages; set
    ``hide_input_in_errors=True`` in the config of models holding personal data.

    Calling ``ResidentID(value)`` validates like the pydantic field does and raises
    :class:`~qualcheck.exceptions.InvalidNumber` on an invalid number.  The examples
    use the illustrative number of GB 11643.

    >>> number = ResidentID("110105 19491231 002x")
    >>> number
    ResidentID('110105********002X')
    >>> str(number), number == "11010519491231002X"
    ('11010519491231002X', True)
    >>> number.masked
    '110105********002X'
    >>> number.parts.birth_date
    datetime.date(1949, 12, 31)
    """

    __slots__ = ()

    def __new__(cls, value: object, *, as_of: datetime.date | None = None) -> ResidentID:
        return str.__new__(cls, ric.validate(value, as_of=as_of))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.masked!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Restore without validating again: a pickled value was valid when it was made.
        return (_restore_resident_id, (str(self),))

    @property
    def masked(self) -> str:
        """The number with birth date and sequence hidden: ``110105********002X``."""
        return ric.mask(str(self))

    @property
    def parts(self) -> ric.RICParts:
        """Holder type, region, birth date and sex (:func:`qualcheck.numbers.ric.parse`)."""
        return ric.parse(str(self))

    @classmethod
    def _validate(cls, value: str, info: core_schema.ValidationInfo) -> ResidentID:
        try:
            canonical = ric.validate(value, as_of=_as_of(info))
        except InvalidNumber as exc:
            raise _pydantic_error(exc, value) from None
        return str.__new__(cls, canonical)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_after_validator_function(
            cls._validate, core_schema.str_schema(strict=True)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.update(_json_schema_extra(ric))
        return json_schema


def _restore_resident_id(value: str) -> ResidentID:
    return str.__new__(ResidentID, value)
