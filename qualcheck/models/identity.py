"""Identity documents a person shows, and their numbers.

Three documents carry a number built on GB 11643, which qualcheck checks as a
:class:`~qualcheck.types.ResidentID`: the resident identity card, the residence permit of
a Hong Kong, Macao or Taiwan resident and the foreigner's permanent residence ID card.  A
passport's or a travel permit's number (回乡证, 台胞证) follows no public rule: it is kept,
normalised and masked, as a :class:`DocumentNumber`, and ``id_type``
(:class:`IdentityType`) says which document it is.  :data:`IdentityNumber` is the field
type that tells them apart, used by :class:`~qualcheck.models.Person` and
:class:`~qualcheck.models.IdentityDocument`.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any, Union

from pydantic import BeforeValidator, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from qualcheck._spelling import uncamel
from qualcheck.exceptions import InvalidNumber, UnreadableValue
from qualcheck.numbers import ric
from qualcheck.types import ResidentID

__all__ = [
    "DeclaredIdentityType",
    "DocumentNumber",
    "IdentityNumber",
    "IdentityType",
    "number_document",
    "untyped_other_number",
]


class IdentityType(str, enum.Enum):
    """The kind of identity document a person presents (``id_type``).

    The first three carry a number built on GB 11643, which qualcheck checks; the others'
    numbers cannot be checked, so they are kept (normalised) as a :class:`DocumentNumber`
    and a person must verify the document.  Chinese names are accepted
    (``IdentityType.parse("回乡证")``).
    """

    RESIDENT_ID_CARD = "resident_id_card"
    RESIDENCE_PERMIT = "residence_permit"
    PERMANENT_RESIDENCE_CARD = "permanent_residence_card"
    PASSPORT = "passport"
    HK_MACAO_TRAVEL_PERMIT = "hk_macao_travel_permit"
    TAIWAN_TRAVEL_PERMIT = "taiwan_travel_permit"
    OTHER = "other"

    @property
    def checkable(self) -> bool:
        """True for the documents whose number is built on GB 11643 (and so is checked)."""
        return self in _GB11643_TYPES

    @property
    def label(self) -> str:
        """The document in English words."""
        return _IDENTITY_TITLES[self][0]

    @property
    def label_zh(self) -> str:
        """The document in Chinese."""
        return _IDENTITY_TITLES[self][1]

    @classmethod
    def parse(cls, value: object) -> IdentityType | None:
        """The type ``value`` names (its value, or an English or Chinese name), else ``None``.

        >>> IdentityType.parse("台胞证").value, IdentityType.parse(" Passport ").value
        ('taiwan_travel_permit', 'passport')
        >>> IdentityType.parse("港澳通行证") is None  # mainland residents' travel permit
        True
        """
        if isinstance(value, IdentityType):
            return value
        if not isinstance(value, str):
            return None
        key = _alias_key(value)
        found = _IDENTITY_ALIASES.get(key)
        if found is None and not key.isascii():
            from qualcheck.checks._hanzi import to_simplified

            key = to_simplified(key)  # 台胞證, 護照: as Hong Kong and Taiwan write
            found = _IDENTITY_ALIASES.get(key)
        if found is None:
            found = _named_twice(key)
        return found


def _alias_key(name: str) -> str:
    """``name`` as identity-type names are compared: NFKC, lower case, runs of spaces,
    dashes, underscores and dots as one ``_``, a camelCase capital starting a word
    (``residencePermit``)."""
    text = uncamel(unicodedata.normalize("NFKC", name))
    return re.sub(r"[\s\-_·・']+", "_", text.lower()).strip("_")


_NAMED_TWICE = re.compile(r"(?P<name>[^()]+?)_?\((?P<other>[^()]+)\)")
"""A name with another name of the same document in brackets, as selection lists print
it: ``台湾居民来往大陆通行证（台胞证）`` (NFKC has made the brackets ASCII)."""


def _named_twice(key: str) -> IdentityType | None:
    """The type both names of ``name（other name）`` give, or ``None`` when they are not
    two names of one document (``护照（过期）`` names no type: it says something else)."""
    match = _NAMED_TWICE.fullmatch(key)
    if match is None:
        return None
    first = _IDENTITY_ALIASES.get(match["name"])
    return first if first is not None and first is _IDENTITY_ALIASES.get(match["other"]) else None


_GB11643_TYPES = frozenset(
    {
        IdentityType.RESIDENT_ID_CARD,
        IdentityType.RESIDENCE_PERMIT,
        IdentityType.PERMANENT_RESIDENCE_CARD,
    }
)
_IDENTITY_TITLES = {
    IdentityType.RESIDENT_ID_CARD: ("resident identity card", "居民身份证"),
    IdentityType.RESIDENCE_PERMIT: (
        "residence permit for Hong Kong, Macao and Taiwan residents",
        "港澳台居民居住证",
    ),
    IdentityType.PERMANENT_RESIDENCE_CARD: (
        "foreigner's permanent residence ID card",
        "外国人永久居留身份证",
    ),
    **{
        IdentityType(document): (english, chinese)
        for document, (chinese, english) in ric.OTHER_DOCUMENTS.items()
    },
    IdentityType.OTHER: ("identity document", "身份证件"),
}
_IDENTITY_ALIASES: dict[str, IdentityType] = {
    **{member.value: member for member in IdentityType},
    **{_alias_key(member.label): member for member in IdentityType},
    **{member.label_zh: member for member in IdentityType if member is not IdentityType.OTHER},
    "身份证": IdentityType.RESIDENT_ID_CARD,
    "中华人民共和国居民身份证": IdentityType.RESIDENT_ID_CARD,  # the title the card prints
    "大陆居民身份证": IdentityType.RESIDENT_ID_CARD,
    "二代身份证": IdentityType.RESIDENT_ID_CARD,
    "第二代居民身份证": IdentityType.RESIDENT_ID_CARD,
    "临时居民身份证": IdentityType.RESIDENT_ID_CARD,
    "临时身份证": IdentityType.RESIDENT_ID_CARD,
    "id_card": IdentityType.RESIDENT_ID_CARD,
    "港澳居民居住证": IdentityType.RESIDENCE_PERMIT,
    "香港居民居住证": IdentityType.RESIDENCE_PERMIT,
    "澳门居民居住证": IdentityType.RESIDENCE_PERMIT,
    "台湾居民居住证": IdentityType.RESIDENCE_PERMIT,
    "外国人永久居留证": IdentityType.PERMANENT_RESIDENCE_CARD,
    "永久居留身份证": IdentityType.PERMANENT_RESIDENCE_CARD,
    "永久居留证": IdentityType.PERMANENT_RESIDENCE_CARD,
    "中国护照": IdentityType.PASSPORT,
    "中华人民共和国护照": IdentityType.PASSPORT,
    "普通护照": IdentityType.PASSPORT,
    "因私护照": IdentityType.PASSPORT,
    "外国护照": IdentityType.PASSPORT,
    "foreign_passport": IdentityType.PASSPORT,
    "回乡证": IdentityType.HK_MACAO_TRAVEL_PERMIT,
    "港澳回乡证": IdentityType.HK_MACAO_TRAVEL_PERMIT,
    "台胞证": IdentityType.TAIWAN_TRAVEL_PERMIT,
    "其他": IdentityType.OTHER,
    "其它": IdentityType.OTHER,
}
"""Names of the identity types, as :meth:`IdentityType.parse` compares them (NFKC, lower
case, runs of spaces, dashes and dots as ``_``; traditional characters are read as
simplified ones).  ``港澳通行证`` and ``大陆居民往来台湾通行证`` are not here: they are the
mainland residents' permits to travel to Hong Kong, Macao and Taiwan, not identity
documents."""

_DOCUMENT_NUMBER = re.compile(r"[0-9A-Z]{4,20}")
_BRACKETS = str.maketrans("", "", "()")
_CANONICAL_NUMBER = f"^{_DOCUMENT_NUMBER.pattern}$"
"""The canonical form of an identity number of either kind, as JSON Schema states it (a
GB 11643 number in canonical form, 15 or 18 characters, has this form too)."""


class DocumentNumber(str):
    """The number of an identity document not built on GB 11643 (a passport, a travel
    permit …), which qualcheck cannot check: normalised (full-width characters folded,
    spaces, dashes and brackets dropped, upper case), 4 to 20 letters and digits, and
    masked in ``repr`` like a resident-ID number.  ``id_type`` says which document it is.

    >>> number = DocumentNumber("h 1234 5678 01", "回乡证")
    >>> number
    DocumentNumber('H********01', 'hk_macao_travel_permit')
    >>> str(number), number.id_type.label_zh
    ('H1234567801', '港澳居民来往内地通行证')
    """

    id_type: IdentityType

    def __new__(cls, value: object, id_type: IdentityType | str) -> DocumentNumber:
        kind = IdentityType.parse(id_type)
        if kind is None or kind.checkable:
            shown = id_type.label_zh if isinstance(id_type, IdentityType) else repr(id_type)
            raise UnreadableValue(
                f"not the type of a document without a GB 11643 number: {id_type!r}",
                f"{shown}不是号码不按GB 11643编制的证件类型（护照、回乡证、台胞证等）",
            )
        # raises InvalidFormat (a ValueError) for what is not text; brackets go, as around
        # the issuing office's letter of an old 台胞证 number (0123456701(B))
        code = ric.compact(value).translate(_BRACKETS)
        if _DOCUMENT_NUMBER.fullmatch(code) is None:
            raise UnreadableValue(
                f"a {kind.label} number has 4 to 20 letters and digits",
                f"{kind.label_zh}号码应为4至20位字母和数字",
            )
        number = str.__new__(cls, code)
        number.id_type = kind
        return number

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.masked!r}, {self.id_type.value!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.id_type.value))

    @property
    def masked(self) -> str:
        """The number with its middle hidden (as :func:`qualcheck.numbers.ric.mask` does)."""
        return ric.mask(str(self))


@dataclasses.dataclass(frozen=True, slots=True)
class _Declared:
    """A number the record declares to be of a document not built on GB 11643; becomes a
    :class:`DocumentNumber` when its field is validated (so errors name the field)."""

    value: Any = dataclasses.field(repr=False)  # personal: never in an error message
    id_type: IdentityType


_GB11643_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_RIC_FORMS = re.compile(ric.PATTERN)
"""Every form :class:`~qualcheck.types.ResidentID` reads: 18 characters, the legacy 15
digits, the 2004/2017 permanent residence ID's 3 letters and 12 digits."""


def _declare_identity(data: Any, number_key: str) -> Any:
    """``data`` with its number marked as another document's when ``id_type`` says so, or
    when the number has the unmistakable form of one (``id_type`` is then filled in).

    A number in the 18-character form of GB 11643 is always checked as one, whatever
    ``id_type`` says; an ``id_type`` that names a GB 11643 document, or none at all, has
    its number checked as a resident-ID number.  An ``id_type`` no one knows (``军官证``, a
    typo) is an error of its own; its number is checked as a resident-ID number only when
    it has one of the forms of one, and is otherwise kept as a document's that cannot be
    checked — never judged by GB 11643 because a name was not understood.
    """
    if not isinstance(data, Mapping) or data.get(number_key) is None:
        return data
    number = data[number_key]
    stated = data.get("id_type")
    if stated is None and type(number) is str and len(number) == 18 and number.isalnum():
        return data  # the common case: 18 characters are no other document's form
    declared = IdentityType.parse(stated)
    if stated is None or (isinstance(stated, str) and not stated.strip()):
        declared = _told_by_form(number)
        if declared is not None:
            data = {**data, "id_type": declared}
        elif _has_other_form(number):
            # 8 digits (台胞证), 9 (a passport) …: no resident-ID number, and no guess at
            # which document; kept unchecked, and id_type asked for (ric.id_type_needed)
            return {**data, number_key: _Declared(number, IdentityType.OTHER)}
    elif declared is None:  # a type not understood: reported at id_type
        if _has_form(number, _RIC_FORMS):
            return data
        declared = IdentityType.OTHER
    if declared is None or declared.checkable or _has_form(number, _GB11643_SHAPE):
        return data
    return {**data, number_key: _Declared(number, declared)}


_OTHER_FORMS = re.compile(r"[0-9A-Z]{6,12}")
"""The numbers of other identity documents: 6 to 12 letters and digits (a 台胞证's 8 or
10 digits and office letter, a passport's 9 letters and digits at most, ICAO 9303);
brackets around a letter dropped.  Anything longer is read as a resident-ID number."""
_MISTYPED_RIC = re.compile(r"[0-9]{11,}X?|[0-9]{10}X")
"""What is read as a resident-ID number with digits missing, not as another document's
number: 11 digits or more (with a final ``X``: 10)."""


def _has_other_form(number: Any) -> bool:
    """True when ``number`` has the form of another identity document's number and not
    that of a resident-ID number, mistyped or not (brackets dropped, as a
    :class:`DocumentNumber` drops them: ``0123456701(B)``)."""
    if not isinstance(number, str):
        return False
    try:
        code = ric.compact(number).translate(_BRACKETS)
    except InvalidNumber:
        return False
    return _OTHER_FORMS.fullmatch(code) is not None and _MISTYPED_RIC.fullmatch(code) is None


def untyped_other_number(number: object, id_type: IdentityType | None) -> bool:
    """True for a number kept as another document's only because of its form, with no
    ``id_type`` saying which document it is (``ric.id_type_needed``).

    >>> untyped_other_number(DocumentNumber("12345678", "other"), None)
    True
    >>> untyped_other_number(DocumentNumber("12345678", "台胞证"), None)
    False
    """
    return (
        isinstance(number, DocumentNumber)
        and number.id_type is IdentityType.OTHER
        and id_type is None
    )


def _told_by_form(number: Any) -> IdentityType | None:
    """The document a number given without ``id_type`` unmistakably belongs to, if any."""
    if isinstance(number, DocumentNumber):
        return number.id_type
    found = ric.other_document(number)
    return IdentityType(found) if found is not None else None


def _has_form(number: Any, form: re.Pattern[str]) -> bool:
    """True when ``number`` is text whose normalised form is ``form``."""
    if not isinstance(number, str):
        return False
    try:
        return form.fullmatch(ric.compact(number)) is not None
    except InvalidNumber:
        return False  # too long, say: the number's own validation reports it


def _identity_number(value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> Any:
    if isinstance(value, _Declared):
        if not isinstance(value.value, str):  # the error any number field gives
            return handler(value.value)
        try:
            return DocumentNumber(value.value, value.id_type)
        except InvalidNumber as exc:  # not text, or too long: the finding of that
            ctx = {**exc.ctx, "position": exc.position}
            raise PydanticCustomError(exc.code, exc.message, ctx) from None
        except ValueError as exc:
            zh = exc.message_zh if isinstance(exc, UnreadableValue) else str(exc)
            raise PydanticCustomError("identity_number", str(exc), {"reason_zh": zh}) from None
    if type(value) in (int, float):
        raise PydanticCustomError(
            "identity_number",
            "a number, not text: an ID number stored as a number loses its last digits (a"
            " spreadsheet keeps 15, a JSON writer 17) and cannot end in X; give it as text",
            {
                "reason_zh": "为数字而非文本：身份证件号码以数字形式保存会丢失末几位（电子表格"
                "保留15位，JSON写入程序保留17位），也无法以X结尾；请以文本形式提供",
            },
        )
    return handler(value)


class _IdentityNumberSchema:
    """The validation of :data:`IdentityNumber`."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_wrap_validator_function(
            _identity_number, handler.generate_schema(ResidentID)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        # other documents' numbers are accepted too: the canonical form of either kind
        json_schema["pattern"] = _CANONICAL_NUMBER
        json_schema["description"] = (
            f"{json_schema.get('description', 'ID number')}; or, when id_type names a"
            " document without a GB 11643 number, that document's number"
        )
        return json_schema


IdentityNumber = Annotated[Union[ResidentID, DocumentNumber], _IdentityNumberSchema]  # noqa: UP007
"""The number of an identity document: a :class:`~qualcheck.types.ResidentID` (checked
with GB 11643), or — for a passport or a travel permit, named by ``id_type`` or told by
the number's form — a :class:`DocumentNumber` (kept, not checked)."""


def number_document(number: str) -> IdentityType:
    """The document a GB 11643 number in canonical form belongs to, told by its form:
    810000/820000/830000 a residence permit, a leading ``9`` (2023) or 3 letters
    (2004/2017) a foreigner's permanent residence ID, any other a resident identity card.

    >>> number_document("810000199408230021").value, number_document("USA310080101234").value
    ('residence_permit', 'permanent_residence_card')
    >>> number_document("11010519491231002X").value
    'resident_id_card'
    """
    if len(number) == 18 and number[:2] in ("81", "82", "83"):
        return IdentityType.RESIDENCE_PERMIT
    if number[:1] == "9" or number[:1].isalpha():
        return IdentityType.PERMANENT_RESIDENCE_CARD
    return IdentityType.RESIDENT_ID_CARD


def _identity_type(value: Any) -> Any:
    """``id_type`` as an :class:`IdentityType`: an empty value is none, a name it does not
    know an error that lists the names."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    found = IdentityType.parse(value)
    if found is None:
        raise PydanticCustomError(
            "identity_type",
            "not a known identity document type; use one of {expected}",
            {
                "expected": ", ".join(member.value for member in IdentityType),
                "expected_zh": "、".join(member.label_zh for member in IdentityType),
            },
        )
    return found


DeclaredIdentityType = Annotated[IdentityType | None, BeforeValidator(_identity_type)]
"""The ``id_type`` field: an :class:`IdentityType` by its value or an English or Chinese
name (``护照``, ``回乡证``); empty is ``None``."""
