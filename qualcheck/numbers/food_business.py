"""JY (Food Business Licence, 食品经营许可证).

The licence a shop, restaurant or canteen needs to sell or serve food (食品安全法 art. 35;
《食品经营许可管理办法》 2015, replaced by 《食品经营许可和备案管理办法》 2023).  It is issued by
the county-level (or higher) market-regulation department where the premises are and is
valid for five years.  The number is "JY" (经营) followed by 14 digits:

========  ==========================================================================
position  meaning
========  ==========================================================================
1–2       ``JY``
3         main business form (主体业态): 1 食品销售经营者, 2 餐饮服务经营者, 3 单位食堂
4–5       province (GB/T 2260)
6–7       prefecture (地市)
8–9       county (区县); positions 4–9 together are the issuer's region code
10–15     sequence number
16        check digit (no algorithm published)
========  ==========================================================================

Official rules (a failure makes the number invalid): the ``JY`` prefix, 14 digits and a
business-form digit of 1, 2 or 3.  The business-form *meanings* come from secondary
sources, as does everything else below.  Soft rules (a failure asks for review): the
check digit, which empirically follows ISO 7064 MOD 11,10 over the 13 digits after
``JY`` (no official text); the province and region codes, which Beijing fills with its
own district-bureau and street codes.  Numbers of the superseded 餐饮服务许可证
(``京餐证字…``) and 食品流通许可证 (``SP…``) are recognised and rejected with their own code.

>>> validate("JY14403050000010")
'JY14403050000010'
>>> validate("jy 1440305 0000010")
'JY14403050000010'
>>> parse("JY13301080111719").business_form_name
'食品销售经营者'
>>> validate("JY44403050000010")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidComponent: Business-form digit '4' at position 3 is not 1, 2 or 3.
>>> check("JY14403050000011").verdict.value
'review'
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidComponent, InvalidFormat
from qualcheck.numbers._base import Analysis, Parts, make_check, make_findings, make_is_valid
from qualcheck.numbers._checksums import mod11_10_check
from qualcheck.numbers._food import (
    SOFT_REGION,
    prefixed_codes,
    region_digits,
    soft_codes,
    soft_findings,
    structure_error,
)
from qualcheck.numbers._normalize import clean

__all__ = [
    "EXAMPLES",
    "KIND",
    "PATTERN",
    "TITLE",
    "FoodBusinessParts",
    "calc_check_digit",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "food_business"
TITLE = "JY (Food Business Licence, 食品经营许可证)"
PATTERN = r"^JY[123][0-9]{13}$"
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("JY14403050000010", "JY13301080111719")
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""

CODES = define(
    *prefixed_codes(KIND, "JY", "food business licence", "食品经营许可证"),
    Code(
        "food_business.business_form",
        Severity.ERROR,
        "Business-form digit {form!r} at position {position} is not 1, 2 or 3.",
        "第{position}位的主体业态代码“{form}”不是1、2或3。",
    ),
    Code(
        "food_business.superseded_licence",
        Severity.ERROR,
        "This is a {licence_en} ({licence}) number, not a food business licence (JY)"
        " number; that licence was replaced by the food business licence from 2015 and"
        " has long expired: ask for the current JY licence.",
        "这是{licence}编号，不是食品经营许可证（JY）编号；该许可证自2015年起已被食品经营许可证"
        "取代且早已过期，请提供现行的食品经营许可证。",
    ),
    *soft_codes(KIND, region_at=3, authority_en="issuing authority", authority_zh="发证机关"),
    Code(
        "food_business.region_beijing_local",
        Severity.WARNING,
        "Positions 4-9 ({region}) are not a GB/T 2260 code; Beijing numbers its licences"
        " with its own district-bureau and street codes, so this may be correct: confirm"
        " it with the issuing authority.",
        "第4-9位（{region}）不是GB/T 2260行政区划代码；北京市以本市的分局及街道（乡镇）代码编号，"
        "该号码可能无误，请向发证机关核实。",
        rule=SOFT_REGION,
    ),
)

BUSINESS_FORMS: dict[str, tuple[str, str]] = {
    "1": ("食品销售经营者", "food seller"),
    "2": ("餐饮服务经营者", "catering service"),
    "3": ("单位食堂", "canteen of an organisation"),
}
"""Main business form (position 3) → (name, English name).  Secondary sources [T/U]:
under the 2023 measures form 3 is reportedly called 集中用餐单位食堂."""

_STRUCTURE = re.compile(r"JY[123][0-9]{13}")
_BODY = re.compile(r"JY[0-9]{13}")
# 餐饮服务许可证: 省简称 + 餐证字 + year + region + sequence; 食品流通许可证: SP + digits.
_CIRCULATION = re.compile(r"SP[0-9]{6,}")


@dataclass(frozen=True, slots=True)
class FoodBusinessParts(Parts):
    """The decoded parts of a food business licence number.

    ``province_name`` and ``region_name`` are ``None`` for codes not in GB/T 2260 (for
    example Beijing's own numbering); ``check_digit_matches`` tells whether the check
    digit follows the empirical MOD 11,10 rule.
    """

    business_form: str
    business_form_name: str
    business_form_name_en: str
    province_code: str
    province_name: str | None
    region_code: str
    region_name: str | None
    sequence: str
    check_digit: str
    check_digit_matches: bool


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, drop spaces, dashes and zero-width characters, upper-case.

    >>> compact("ＪＹ１４４０３０５０００００１０")
    'JY14403050000010'
    """
    return clean(number, KIND)


def _structure_error(code: str) -> InvalidFormat | InvalidComponent:
    # A superseded licence is a recognised shape, not a malformed one: InvalidComponent
    # (not InvalidFormat) lets ``numbers.identify`` report it instead of "unrecognised".
    if "餐证字" in code:
        return InvalidComponent(
            "food_business.superseded_licence",
            licence="餐饮服务许可证",
            licence_en="catering service licence",
        )
    if _CIRCULATION.fullmatch(code):
        return InvalidComponent(
            "food_business.superseded_licence",
            licence="食品流通许可证",
            licence_en="food circulation licence",
        )
    return structure_error(KIND, code, "JY", "business_form", "form")


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the official rules and return the canonical number, or raise.

    ``as_of`` is accepted for the common interface; no rule depends on the date (the
    expiry date is printed on the licence, not encoded in the number).

    >>> validate("京餐证字2012110105000456")
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.InvalidComponent: This is a catering service licence ...
    """
    code = clean(number, KIND)
    if _STRUCTURE.fullmatch(code) is None:
        raise _structure_error(code)
    return code


is_valid = make_is_valid(validate)


def calc_check_digit(number: object) -> str:
    """The empirical MOD 11,10 check digit for ``JY`` and the first 13 digits.

    The algorithm is not published; it matches most real numbers seen (see the docs).

    >>> calc_check_digit("JY1440305000001")
    '0'
    """
    body = clean(number, KIND)[:15]
    if _BODY.fullmatch(body) is None:
        raise _structure_error(body + "0")
    return mod11_10_check(body[2:])


def format(number: object) -> str:
    """The canonical printed form (printed without separators)."""
    return validate(number)


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    return tuple(soft_findings(KIND, code, region_at=3, beijing_local=True))


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[FoodBusinessParts]:
    code = validate(number)
    digits = region_digits(code, region_at=3)
    form = BUSINESS_FORMS[code[2]]
    parts = FoodBusinessParts(
        business_form=code[2],
        business_form_name=form[0],
        business_form_name_en=form[1],
        sequence=code[9:15],
        **digits.fields(),
    )
    return Analysis(code, parts, _soft(code))


def parse(number: object, *, as_of: datetime.date | None = None) -> FoodBusinessParts:
    """Validate and decode the parts (business form, province, region, sequence)."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
