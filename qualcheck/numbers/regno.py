"""Business registration number (工商注册号), GS 15-2006.

The 15-digit number market-regulation authorities issued from 2007-07-01 until the USCC
replaced it (三证合一, from 2015-10).  It never changes and is never re-used, so it
still appears in old records and licence photos.

========  ========================================================================
position  meaning
========  ========================================================================
1–6       GB/T 2260 code of the first registering authority (100000: the SAIC)
7–14      sequence; its first digit (position 7) marks the kind of entity:
          0–3 domestic enterprise, 4–5 foreign-invested, 6–9 individual business
15        check digit, ISO 7064 MOD 11,10 over positions 1–14
========  ========================================================================

Official rules: 15 digits, province prefix, the check digit.  Soft rule: the full region
code.  A finding of severity info notes that the number is superseded by the USCC.

>>> validate("330106000129004")
'330106000129004'
>>> parse("440301102738453").entity_class_name
'内资企业（有限责任公司）'
>>> validate("440301102738452")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidChecksum: Check digit is '2', but ISO 7064 MOD 11,10 gives '3'.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from qualcheck.numbers import regions
from qualcheck.numbers._base import Analysis, Parts, make_check, make_findings, make_is_valid
from qualcheck.numbers._checksums import mod11_10_check
from qualcheck.numbers._normalize import clean
from qualcheck.numbers._provinces import PROVINCES

__all__ = [
    "EXAMPLES",
    "KIND",
    "PATTERN",
    "TITLE",
    "RegNoParts",
    "calc_check_digit",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "regno"
TITLE = "Registration number (工商注册号, GS 15-2006)"
PATTERN = r"^[0-9]{15}$"
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("330106000129004", "440301102738453")
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""

CODES = define(
    Code(
        "regno.length",
        Severity.ERROR,
        "A registration number has 15 digits, this has {length} characters.",
        "工商注册号应为15位数字，实际为{length}位。",
    ),
    Code(
        "regno.charset",
        Severity.ERROR,
        "Character {char!r} at position {position} is not a digit.",
        "第{position}位的字符“{char}”不是数字。",
    ),
    Code(
        "regno.province",
        Severity.ERROR,
        "Region code {region} does not start with a GB/T 2260 province code.",
        "登记机关代码{region}的前两位不是有效的省级代码。",
    ),
    Code(
        "regno.checksum",
        Severity.ERROR,
        "Check digit is {actual!r}, but ISO 7064 MOD 11,10 gives {expected!r}.",
        "校验码为“{actual}”，按ISO 7064 MOD 11,10计算应为“{expected}”。",
    ),
    Code(
        "regno.region_unknown",
        Severity.WARNING,
        "Registering-authority code {region} is not a known current or historical GB/T 2260 code.",
        "登记机关代码{region}不是已知的现行或历史GB/T 2260代码。",
        rule="GB/T 2260 region table",
    ),
    Code(
        "regno.superseded",
        Severity.INFO,
        "Registration numbers were replaced by the USCC from 2015-10; the business licence"
        " now shows a USCC.",
        "工商注册号自2015年10月起已由统一社会信用代码取代，现行营业执照载明统一社会信用代码。",
    ),
)

_ENTITY_CLASSES = {
    "0": (
        "内资企业（全民、集体、联营、股份合作）",
        "domestic enterprise (state, collective)",
    ),
    "1": ("内资企业（有限责任公司）", "domestic limited company"),
    "2": ("内资企业（自然人独资或控股公司）", "domestic company held by natural persons"),
    "3": ("内资企业（非公司企业）", "domestic non-company enterprise"),
    "4": ("外商投资企业", "foreign-invested enterprise"),
    "5": ("外商投资企业（代表机构）", "foreign-invested (representative office)"),
}
_INDIVIDUAL = ("个体工商户", "individual business")
_STRUCTURE = re.compile(r"[0-9]{15}")
_PROVINCE_PREFIXES = frozenset(PROVINCES) | {"10"}


@dataclass(frozen=True, slots=True)
class RegNoParts(Parts):
    """The decoded parts of a registration number."""

    region_code: str
    region_name: str | None
    sequence: str
    entity_class: str
    entity_class_name: str
    entity_class_name_en: str
    check_digit: str


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, drop spaces and dashes."""
    return clean(number, KIND)


def _structure_error(code: str) -> InvalidFormat:
    if len(code) != 15:
        return InvalidLength("regno.length", length=len(code))
    index = next(i for i, char in enumerate(code) if char not in "0123456789")
    return InvalidFormat("regno.charset", position=index + 1, char=code[index])


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check digits, province prefix and check digit; return the 15 digits."""
    code = clean(number, KIND)
    if _STRUCTURE.fullmatch(code) is None:
        raise _structure_error(code)
    if code[:2] not in _PROVINCE_PREFIXES:
        raise InvalidComponent("regno.province", position=1, region=code[:6])
    expected = mod11_10_check(code[:14])
    if expected != code[14]:
        raise InvalidChecksum("regno.checksum", position=15, expected=expected, actual=code[14])
    return code


is_valid = make_is_valid(validate)


def calc_check_digit(number: object) -> str:
    """The MOD 11,10 check digit for the first 14 digits.

    >>> calc_check_digit("33010600012900")
    '4'
    """
    body = clean(number, KIND)[:14]
    if len(body) != 14 or not body.isdigit() or not body.isascii():
        raise _structure_error(body + "0")
    return mod11_10_check(body)


def format(number: object) -> str:
    """The printed form (15 digits, no separators)."""
    return validate(number)


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    """The soft findings of ``code``, a number ``validate`` accepted: the region table and
    the note that the USCC superseded registration numbers."""
    superseded = Finding.of("regno.superseded")
    if regions.is_known(code[:6]):
        return (superseded,)
    return (Finding.of("regno.region_unknown", position=1, region=code[:6]), superseded)


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[RegNoParts]:
    code = validate(number)
    name, name_en = _ENTITY_CLASSES.get(code[6], _INDIVIDUAL)
    parts = RegNoParts(
        region_code=code[:6],
        region_name=regions.full_name(code[:6]),
        sequence=code[6:14],
        entity_class=code[6],
        entity_class_name=name,
        entity_class_name_en=name_en,
        check_digit=code[14],
    )
    return Analysis(code, parts, _soft(code, as_of))


def parse(number: object, *, as_of: datetime.date | None = None) -> RegNoParts:
    """Validate and decode region, sequence and entity class."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
