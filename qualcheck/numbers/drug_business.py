"""Drug business licence (药品经营许可证编号, drug distribution licence number).

Selling drugs wholesale or retail in mainland China needs a 药品经营许可证 (药品管理法
2019, art. 51): wholesalers get it from the provincial drug regulator, retailers from
the county-level one.  A licence runs five years.  Since 2024-01-01 (药品经营和使用质量
监督管理办法, SAMR order no. 84) the number reads, e.g. ``琼AA898000001``:

========  ==========================================================================
position  meaning
========  ==========================================================================
1         abbreviation of the province (琼, 粤 …; both forms of 川/蜀, 贵/黔, 云/滇,
          陕/秦, 甘/陇 are accepted)
2         business type: A 批发企业 (wholesale), B 药品零售连锁总部 (retail-chain
          headquarters), C 零售连锁门店 (chain store), D 单体药品零售企业 (independent
          pharmacy)
3         A 法人企业 (legal-person enterprise), B 非法人企业 (non-legal-person enterprise)
4–7       area code, derived from the long-distance telephone area code
8–12      sequence number of the issuing authority
========  ==========================================================================

Licences issued from 2004 to 2023 (局令第6号) have the same three leading characters
and then 7 digits whose layout varies by province (e.g. ``粤BA1710104``); such a
licence stays in force until it expires, so at the latest until 2028-12-31.

Official rules (a failure makes the number invalid): the province abbreviation, the two
letters and 9 (or, legacy, 7) digits.  Numbers of the 1999 scheme (province, a type digit
1-4, city and serial) are refused with their own code: none can still be in force.
A legacy number is reported as information until 2028 and for review afterwards (soft:
it rests on the five-year term and the 2024 change of format).  The area code and
sequence are not checked: their rules are regional.

>>> validate("琼AA898000001")
'琼AA898000001'
>>> validate(" 粤ba 171 0104 ")
'粤BA1710104'
>>> parse("琼DA898100023").business_type_name
'单体药品零售企业'
>>> validate("琼EA898000001")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidComponent: Business-type letter 'E' at position 2 is not ...
>>> [f.code for f in check("粤BA1710104", as_of=datetime.date(2029, 1, 1)).findings]
['drug_business.legacy_expired']
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidComponent, InvalidFormat, InvalidLength, InvalidNumber
from qualcheck.numbers._base import Analysis, Parts, make_check, make_findings, make_is_valid
from qualcheck.numbers._dates import resolve
from qualcheck.numbers._normalize import clean
from qualcheck.numbers._provinces import MAINLAND_ABBREVIATIONS, by_abbreviation

__all__ = [
    "BUSINESS_TYPES",
    "EXAMPLES",
    "KIND",
    "LEGACY_LAST_DAY",
    "LEGAL_PERSON_TYPES",
    "PATTERN",
    "TITLE",
    "DrugBusinessParts",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "drug_business"
TITLE = "Drug business licence (药品经营许可证编号)"
PATTERN = "^[" + "".join(sorted(MAINLAND_ABBREVIATIONS)) + "][A-D][AB](?:[0-9]{9}|[0-9]{7})$"
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("琼AA898000001", "琼DA898100023")
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""

LEGACY_LAST_DAY = datetime.date(2028, 12, 31)
"""Last day a licence numbered in the 2004-2023 format can be in force (five-year term)."""

CODES = define(
    Code(
        "drug_business.length",
        Severity.ERROR,
        "A drug business licence number has 9 digits after the letters (7 in the 2004-2023"
        " format); this has {digits}.",
        "药品经营许可证编号在字母后应有9位数字（2004—2023年格式为7位），实际为{digits}位。",
    ),
    Code(
        "drug_business.province",
        Severity.ERROR,
        "{char!r} at position 1 is not the abbreviation of a mainland province.",
        "第1位的“{char}”不是内地省级行政区的简称。",
    ),
    Code(
        "drug_business.charset",
        Severity.ERROR,
        "Character {char!r} at position {position} should be {expected}.",
        "第{position}位的字符“{char}”应为{expected_zh}。",
    ),
    Code(
        "drug_business.business_type",
        Severity.ERROR,
        "Business-type letter {char!r} at position 2 is not A (wholesale), B (retail-chain"
        " headquarters), C (chain store) or D (independent pharmacy).",
        "第2位经营类别字母“{char}”不是A（批发企业）、B（药品零售连锁总部）、"
        "C（零售连锁门店）或D（单体药品零售企业）。",
    ),
    Code(
        "drug_business.legal_person",
        Severity.ERROR,
        "Letter {char!r} at position 3 is not A (legal-person enterprise) or B"
        " (non-legal-person enterprise).",
        "第3位字母“{char}”不是A（法人企业）或B（非法人企业）。",
    ),
    Code(
        "drug_business.historic_1999",
        Severity.ERROR,
        "This is a number of the 1999 scheme (province, type digit, city, serial), replaced"
        " in 2004; no licence numbered so can still be in force.",
        "这是1999年编号规则的编号（省份简称、类别数字、城市代码、序号），该规则已于2004年"
        "停用，此类编号的许可证均已失效。",
    ),
    Code(
        "drug_business.legacy_format",
        Severity.INFO,
        "Number in the 2004-2023 format (7 digits): valid until the licence expires, at the"
        " latest on 2028-12-31; licences issued or renewed since 2024 carry the new format.",
        "2004—2023年格式的编号（7位数字）：许可证到期前有效，最迟至2028年12月31日；"
        "2024年起核发或换发的许可证使用新格式编号。",
    ),
    Code(
        "drug_business.legacy_expired",
        Severity.WARNING,
        "Number in the 2004-2023 format (7 digits): such licences were issued until 2023 and"
        " run five years, so none should be in force on {as_of}; confirm with the regulator.",
        "2004—2023年格式的编号（7位数字）：此类许可证最晚于2023年核发，有效期5年，"
        "{as_of}时不应仍在有效期内，请向药品监管部门核实。",
        rule="five-year term of licences numbered in the 2004-2023 format",
    ),
)

BUSINESS_TYPES: dict[str, tuple[str, str, bool | None]] = {
    "A": ("批发企业", "wholesale", False),
    "B": ("药品零售连锁总部", "retail-chain headquarters", None),
    "C": ("零售连锁门店", "chain store", True),
    "D": ("单体药品零售企业", "independent pharmacy", True),
}
"""Letter 1 → (name, English name, may sell to consumers).

Wholesalers may not sell to individuals; chain stores and independent pharmacies are
retailers.  Whether a chain headquarters may itself sell to consumers depends on the
business scope printed on the licence, not on the number: ``None``.
"""

LEGAL_PERSON_TYPES: dict[str, tuple[str, str]] = {
    "A": ("法人企业", "legal-person enterprise"),
    "B": ("非法人企业", "non-legal-person enterprise"),
}
"""Letter 2 → (name, English name)."""

_STRUCTURE = re.compile(r"(.)([A-D])([AB])([0-9]{9}|[0-9]{7})")
_SHAPE = re.compile(r"(.)([A-Z])([A-Z])([0-9]{9}|[0-9]{7})")
_HISTORIC = re.compile(r".[1-4][0-9]{6}[0-9A-Z]{0,4}")
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True, slots=True)
class DrugBusinessParts(Parts):
    """The decoded parts of a drug business licence number.

    ``sells_to_consumers`` is ``False`` for wholesalers, ``True`` for retail outlets and
    ``None`` for chain headquarters (decided by the licence's business scope).  For a
    legacy number ``area_code`` is ``None`` and ``sequence`` holds all 7 digits (their
    layout varies by province).
    """

    province_code: str
    province_name: str
    province_abbreviation: str
    business_type: str
    business_type_name: str
    business_type_name_en: str
    legal_person: str
    legal_person_name: str
    legal_person_name_en: str
    sells_to_consumers: bool | None
    area_code: str | None
    sequence: str
    legacy: bool


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, drop spaces, dashes and zero-width characters, upper-case.

    >>> compact("琼ａａ 8980-00001")
    '琼AA898000001'
    """
    return clean(number, KIND)


def _structure_error(code: str) -> InvalidNumber:
    # InvalidComponent only where the shape fits (qualcheck.numbers.identify relies on it)
    if _SHAPE.fullmatch(code):
        if code[0] not in MAINLAND_ABBREVIATIONS:
            return InvalidComponent("drug_business.province", position=1, char=code[0])
        if code[1] not in BUSINESS_TYPES:
            return InvalidComponent("drug_business.business_type", position=2, char=code[1])
        return InvalidComponent("drug_business.legal_person", position=3, char=code[2])
    if not code:
        return InvalidLength("drug_business.length", digits=0)
    if code[0] not in MAINLAND_ABBREVIATIONS:
        return InvalidFormat(
            "drug_business.charset",
            position=1,
            char=code[0],
            expected="the abbreviation of a mainland province",
            expected_zh="内地省级行政区简称",
        )
    if _HISTORIC.fullmatch(code):
        # recognisably a drug licence, of a scheme no longer in force: a component error
        return InvalidComponent("drug_business.historic_1999", position=2)
    for index in (1, 2):
        if index >= len(code):
            return InvalidLength("drug_business.length", digits=0)
        if not "A" <= code[index] <= "Z":
            return InvalidFormat(
                "drug_business.charset",
                position=index + 1,
                char=code[index],
                expected="a capital letter",
                expected_zh="大写字母",
            )
    for index, char in enumerate(code[3:], start=4):
        if char not in _DIGITS:
            return InvalidFormat(
                "drug_business.charset",
                position=index,
                char=char,
                expected="a digit",
                expected_zh="数字",
            )
    return InvalidLength("drug_business.length", digits=len(code) - 3)


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the official rules and return the canonical number, or raise.

    Legacy (2004-2023) numbers pass; ``check`` reports them.  ``as_of`` is accepted for
    the common interface; no official rule of this number depends on the date.

    >>> validate("粤1201234")
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.InvalidComponent: This is a number of the 1999 scheme ...
    """
    code = clean(number, KIND)
    if _STRUCTURE.fullmatch(code) is None or code[0] not in MAINLAND_ABBREVIATIONS:
        raise _structure_error(code)
    return code


is_valid = make_is_valid(validate)


def format(number: object) -> str:
    """The canonical printed form (printed without separators)."""
    return validate(number)


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    """The soft findings of ``code``, a number ``validate`` accepted: a legacy (2004-2023)
    number is noted until 2028 and asks for review afterwards."""
    if len(code) != 10:
        return ()
    day = resolve(as_of)
    if day > LEGACY_LAST_DAY:
        return (Finding.of("drug_business.legacy_expired", as_of=day.isoformat()),)
    return (Finding.of("drug_business.legacy_format"),)


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[DrugBusinessParts]:
    code = validate(number, as_of=as_of)
    legacy = len(code) == 10
    province = by_abbreviation(code[0])
    assert province is not None  # validate checked it
    type_name, type_name_en, retail = BUSINESS_TYPES[code[1]]
    person_name, person_name_en = LEGAL_PERSON_TYPES[code[2]]
    parts = DrugBusinessParts(
        province_code=province.code,
        province_name=province.name,
        province_abbreviation=code[0],
        business_type=code[1],
        business_type_name=type_name,
        business_type_name_en=type_name_en,
        legal_person=code[2],
        legal_person_name=person_name,
        legal_person_name_en=person_name_en,
        sells_to_consumers=retail,
        area_code=None if legacy else code[3:7],
        sequence=code[3:] if legacy else code[7:],
        legacy=legacy,
    )
    return Analysis(code, parts, _soft(code, as_of))


def parse(number: object, *, as_of: datetime.date | None = None) -> DrugBusinessParts:
    """Validate and decode the parts (province, business type, legal form, area, sequence)."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
