"""YB (Pre-packaged Food Sales Filing Number, 仅销售预包装食品备案编号).

A seller of *only* pre-packaged food needs no food business licence but must file (备案)
with the county-level food-safety authority (食品安全法 art. 35); the filing certificate
(备案凭证) carries a number.  A filing has no expiry date: it lapses when the business
stops or the filing is cancelled.

The national format of the 2023 measures (《食品经营许可和备案管理办法》) is recalled, not
verified: "YB" (预包装 备案) followed by 14 digits —

========  ==========================================================================
position  meaning
========  ==========================================================================
1–2       ``YB``
3         business form (业态): 1 批发 (wholesale), 2 零售 (retail)
4–9       region of the filing authority: province, prefecture, county (GB/T 2260)
10–15     sequence number
16        check digit (no algorithm published)
========  ==========================================================================

Provinces issued their own formats from 2021 to 2023, and platforms enter the
certificate holder's USCC when the certificate shows no number.  So the rules are:

* ``YB`` + 1 or 2 + 13 digits is the national format; soft rules: the empirical
  ISO 7064 MOD 11,10 check digit and the region code;
* a valid USCC is accepted for review (``food_filing.uscc_given``), and so is a food
  business (``JY``) or production (``SC``) licence number (``food_filing.licence_given``);
* any other *plausible* local number is accepted for review
  (``food_filing.local_format``, or ``food_filing.national_format_mismatch`` when it
  begins with ``YB``): after normalisation 6–40 characters, only ASCII letters and
  digits, Chinese characters and the brackets ``()[]〔〕【】``, with at least 6 digits;
* everything else is invalid (``food_filing.charset``, ``food_filing.length``,
  ``food_filing.too_few_digits``).

Spaces and dashes are separators and are dropped by normalisation; a national number
printed with a trailing 号 loses it (a local number keeps its own).

>>> validate("YB24403050000014")
'YB24403050000014'
>>> parse("YB14403050000010").business_form_name
'批发'
>>> check("浙食备330106000123").verdict.value
'review'
>>> validate("备案号😀123456")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidFormat: Character '😀' at position 4 cannot be in a filing number ...
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidFormat, InvalidLength
from qualcheck.numbers import uscc
from qualcheck.numbers._base import Analysis, Parts, make_check, make_findings, make_is_valid
from qualcheck.numbers._checksums import mod11_10_check
from qualcheck.numbers._food import region_digits, soft_codes, soft_findings
from qualcheck.numbers._normalize import clean

__all__ = [
    "EXAMPLES",
    "KIND",
    "PATTERN",
    "TITLE",
    "FoodFilingParts",
    "calc_check_digit",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "food_filing"
TITLE = "YB (Pre-packaged Food Sales Filing Number, 仅销售预包装食品备案编号)"
PATTERN = (
    r"^(?=(?:[^0-9]*[0-9]){6})"  # at least MIN_DIGITS digits
    r"[0-9A-Z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff()\[\]〔〕【】]{6,40}$"
)
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type).

It covers every national, USCC and local number, except local numbers with CJK
characters outside the Basic Multilingual Plane, which JSON Schema (ECMA-262) patterns
cannot portably express.
"""
EXAMPLES: tuple[str, ...] = ("YB24403050000014", "YB14403050000010")
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""
_SOFT_NATIONAL = "national YB filing-number format (recalled, not verified)"
_SOFT_USCC = "USCC entered for a filing without a number (platform practice)"
_SOFT_LICENCE = "food licence numbers (JY, SC) are not filing numbers"

MIN_LENGTH = 6
"""Fewest characters (after normalisation) of a plausible filing number."""
MAX_LENGTH = 40
"""Most characters (after normalisation) of a plausible filing number."""
MIN_DIGITS = 6
"""Fewest digits a plausible filing number holds (a region code alone has six)."""

CODES = define(
    Code(
        "food_filing.charset",
        Severity.ERROR,
        "Character {char!r} at position {position} cannot be in a filing number (letters,"
        " digits, Chinese characters and brackets only).",
        "第{position}位的字符“{char}”不能出现在备案编号中（仅限字母、数字、汉字和括号）。",
    ),
    Code(
        "food_filing.length",
        Severity.ERROR,
        "A filing number has {min_length} to {max_length} characters, this has {length}.",
        "备案编号应为{min_length}至{max_length}个字符，实际为{length}个。",
    ),
    Code(
        "food_filing.too_few_digits",
        Severity.ERROR,
        "A filing number holds at least {min_digits} digits, this holds {digits}.",
        "备案编号至少包含{min_digits}位数字，实际为{digits}位。",
    ),
    Code(
        "food_filing.no_check_digit",
        Severity.ERROR,
        "Only a national-format filing number ('YB' and 13 digits before the check digit)"
        " has a check digit.",
        "只有全国统一格式的备案编号（“YB”加校验码前的13位数字）才有校验码。",
    ),
    *soft_codes(KIND, region_at=3, authority_en="filing authority", authority_zh="备案机关"),
    Code(
        "food_filing.national_format_mismatch",
        Severity.WARNING,
        "The number begins with 'YB' like a national filing number but is not 'YB', 1 or 2"
        " and 13 digits; check it for a typo and confirm it with the filing authority.",
        "该编号以“YB”开头，形似全国统一格式的备案编号，但不是“YB”加1或2再加13位数字；"
        "请检查是否有误并向备案机关核实。",
        rule=_SOFT_NATIONAL,
    ),
    Code(
        "food_filing.local_format",
        Severity.WARNING,
        "Not in the national 'YB' format; provinces issued their own filing numbers in"
        " 2021-2023, so confirm this one with the filing authority.",
        "不是全国统一的“YB”格式；2021至2023年间各省曾自行编制备案编号，请向备案机关核实。",
        rule=_SOFT_NATIONAL,
    ),
    Code(
        "food_filing.uscc_given",
        Severity.WARNING,
        "This is a unified social credit code (USCC), not a filing number; platforms enter"
        " the holder's USCC when the filing certificate shows no number: check the"
        " certificate.",
        "这是统一社会信用代码，不是备案编号；备案凭证上没有备案编号时平台以统一社会信用代码登记，"
        "请核对备案凭证。",
        rule=_SOFT_USCC,
    ),
    Code(
        "food_filing.licence_given",
        Severity.WARNING,
        "This is a {document_en} number, not a filing number: a seller holding that licence"
        " needs no filing for the food it covers; record and check the licence instead.",
        "这是{document_zh}编号，不是备案编号：持有该许可证的经营者就许可范围内的食品无需备案，"
        "请按许可证登记并核验。",
        rule=_SOFT_LICENCE,
    ),
)

_LICENCES: dict[str, tuple[re.Pattern[str], str, str]] = {
    "JY": (re.compile(r"JY[123][0-9]{13}"), "food business licence", "食品经营许可证"),
    "SC": (re.compile(r"SC[12][0-9]{13}"), "food production licence", "食品生产许可证"),
}
"""Prefix → (shape, English, Chinese name) of the food licences typed as filing numbers."""

BUSINESS_FORMS: dict[str, tuple[str, str]] = {
    "1": ("批发", "wholesale"),
    "2": ("零售", "retail"),
}
"""Business form (position 3 of the national format) → (name, English name) [U]."""

_NATIONAL = re.compile(r"YB[12][0-9]{13}")
_BODY = re.compile(r"YB[0-9]{13}")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_BRACKETS = "()\\[\\]〔〕【】"
_LOCAL = re.compile(f"[0-9A-Z{_CJK}{_BRACKETS}]{{{MIN_LENGTH},{MAX_LENGTH}}}")
_ALLOWED = re.compile(f"[0-9A-Z{_CJK}{_BRACKETS}]")


@dataclass(frozen=True, slots=True)
class FoodFilingParts(Parts):
    """The decoded parts of a filing number.

    ``scheme`` is ``"national"`` (``YB`` format), ``"uscc"`` (a USCC given instead) or
    ``"local"`` (any other plausible number); the other fields are decoded for the
    national format only and are ``None`` otherwise (and where the tables have no entry).
    """

    scheme: str
    business_form: str | None = None
    business_form_name: str | None = None
    business_form_name_en: str | None = None
    province_code: str | None = None
    province_name: str | None = None
    region_code: str | None = None
    region_name: str | None = None
    sequence: str | None = None
    check_digit: str | None = None
    check_digit_matches: bool | None = None


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, drop spaces, dashes and zero-width characters, upper-case.

    >>> compact("ｙｂ２ ４４０３０５-０００００１ ４")
    'YB24403050000014'
    """
    return clean(number, KIND)


def _digit_count(code: str) -> int:
    return sum("0" <= char <= "9" for char in code)


def _structure_error(code: str) -> InvalidFormat:
    for index, char in enumerate(code):
        if _ALLOWED.fullmatch(char) is None:
            return InvalidFormat("food_filing.charset", position=index + 1, char=char)
    if not MIN_LENGTH <= len(code) <= MAX_LENGTH:
        return InvalidLength(
            "food_filing.length", length=len(code), min_length=MIN_LENGTH, max_length=MAX_LENGTH
        )
    return InvalidFormat(
        "food_filing.too_few_digits", digits=_digit_count(code), min_digits=MIN_DIGITS
    )


def _scheme(code: str) -> str:
    """The scheme of a normalised number: national, uscc, else local (plausible or not)."""
    if _NATIONAL.fullmatch(code):
        return "national"
    if len(code) == 18 and uscc.is_valid(code):  # length first: skips the exception path
        return "uscc"
    return "local"


def _classify(number: object) -> tuple[str, str]:
    """The canonical number and its scheme (national, uscc or local), or raise.

    A national number printed with a trailing 号 (``YB13101060018558号``, as food
    licence numbers are) loses it; a local number keeps its 号.
    """
    code = clean(number, KIND)
    if code.endswith("号") and _NATIONAL.fullmatch(code[:-1]):
        code = code[:-1]
    scheme = _scheme(code)
    if scheme == "local" and (_LOCAL.fullmatch(code) is None or _digit_count(code) < MIN_DIGITS):
        raise _structure_error(code)
    return code, scheme


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the rules that reject and return the canonical number, or raise.

    Local formats and USCCs pass (``check`` reports them for review).  ``as_of`` is
    accepted for the common interface; a filing has no expiry date.

    >>> validate("YB123")
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.InvalidLength: A filing number has 6 to 40 characters, this has 5.
    """
    return _classify(number)[0]


is_valid = make_is_valid(validate)


def calc_check_digit(number: object) -> str:
    """The empirical MOD 11,10 check digit for ``YB`` and the first 13 digits.

    Both the national format and this check digit are unverified (see the docs).

    >>> calc_check_digit("YB2440305000001")
    '4'
    """
    body = clean(number, KIND)[:15]
    if _BODY.fullmatch(body) is None:
        raise InvalidFormat("food_filing.no_check_digit")
    return mod11_10_check(body[2:])


def format(number: object) -> str:
    """The canonical printed form (printed without separators)."""
    return validate(number)


def _scheme_findings(code: str, scheme: str) -> tuple[Finding, ...]:
    """The soft findings of a valid ``code`` of the given scheme."""
    if scheme == "national":
        return tuple(soft_findings(KIND, code, region_at=3))
    if scheme == "uscc":
        return (Finding.of("food_filing.uscc_given"),)
    licence = _LICENCES.get(code[:2])
    if licence is not None and licence[0].fullmatch(code):
        return (
            Finding.of("food_filing.licence_given", document_en=licence[1], document_zh=licence[2]),
        )
    if code.startswith("YB"):
        return (Finding.of("food_filing.national_format_mismatch", position=1),)
    return (Finding.of("food_filing.local_format"),)


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    """The soft findings of ``code``, a number ``validate`` accepted (its scheme is
    recomputed from the canonical number)."""
    return _scheme_findings(code, _scheme(code))


def _analyse_national(code: str) -> Analysis[FoodFilingParts]:
    digits = region_digits(code, region_at=3)
    form = BUSINESS_FORMS[code[2]]
    parts = FoodFilingParts(
        scheme="national",
        business_form=code[2],
        business_form_name=form[0],
        business_form_name_en=form[1],
        sequence=code[9:15],
        **digits.fields(),
    )
    return Analysis(code, parts, _scheme_findings(code, "national"))


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[FoodFilingParts]:
    code, scheme = _classify(number)
    if scheme == "national":
        return _analyse_national(code)
    # Accepted only as a catch-all: detect/identify prefer kinds whose shape this really is.
    parts = FoodFilingParts(scheme=scheme)
    return Analysis(code, parts, _scheme_findings(code, scheme), shape_matched=False)


def parse(number: object, *, as_of: datetime.date | None = None) -> FoodFilingParts:
    """Validate and decode the parts (for the national format: form, region, sequence)."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
