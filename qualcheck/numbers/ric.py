"""RIC (Resident Identity Card number, 公民身份号码), GB 11643-1999, and the IDs built like it.

Eighteen characters; the same layout and check serve four kinds of holder:

========  ==========================================================================
position  meaning
========  ==========================================================================
1–6       GB/T 2260 county code where the number was first registered; 810000 /
          820000 / 830000 on residence permits of Hong Kong / Macao / Taiwan residents
7–14      birth date ``YYYYMMDD``
15–17     sequence; position 17 is odd for men, even for women
18        check character, ISO 7064 MOD 11-2 over positions 1–17 (``0``–``9`` or ``X``)
========  ==========================================================================

The 2023 foreigner's permanent-residence ID (外国人永久居留身份证) starts with ``9`` and
uses the same check; its field layout (province of the accepting authority, nationality,
birth date) is documented only by secondary sources, so layout problems are soft.  Legacy
15-digit numbers (GB 11643-1989: no check digit, two-digit year) are accepted for
matching old records but reported for review: first-generation cards stopped being valid
on 2013-01-01.

Official rules: length, characters, province prefix, a real birth date not after today
(or ``as_of``), the check character.  Soft rules: the full region code, checked against
every code ever valid — a number keeps the code of its registration, even if the county
was renamed later or the code is younger than the holder — the legacy form, and the
permanent-residence layout.

Resident-ID numbers are personal data: ``check`` results are masked in ``to_dict()``
unless ``reveal=True``.  The examples below are the illustrative numbers of the standard.

>>> validate("11010519491231002x")
'11010519491231002X'
>>> parse("440524188001010014").birth_date
datetime.date(1880, 1, 1)
>>> parse("810000199408230021").holder_type
'hk_permit'
>>> mask("11010519491231002X")
'110105********002X'
>>> validate("110105194912310021")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidChecksum: Check character is '1', but ISO 7064 MOD 11-2 gives 'X'.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import ClassVar

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from qualcheck.numbers import regions
from qualcheck.numbers._base import (
    Analysis,
    Parts,
    make_check,
    make_findings,
    make_is_valid,
    mask_middle,
)
from qualcheck.numbers._checksums import mod11_2_check
from qualcheck.numbers._dates import is_calendar_date, resolve, today_compact
from qualcheck.numbers._normalize import clean
from qualcheck.numbers._provinces import PROVINCES

__all__ = [
    "EXAMPLES",
    "HOLDER_TYPES",
    "KIND",
    "PATTERN",
    "TITLE",
    "RICParts",
    "calc_check_digit",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "mask",
    "parse",
    "upgrade",
    "validate",
]

KIND = "ric"
TITLE = "RIC (Resident Identity Card number, 公民身份号码)"
PATTERN = r"^(?:[0-9]{17}[0-9X]|[0-9]{15})$"
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("11010519491231002X",)
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""
_SOFT_REGION = "GB/T 2260 region table (current and historical codes)"

CODES = define(
    Code(
        "ric.length",
        Severity.ERROR,
        "An ID number has 18 characters (15 in the legacy form), this has {length}.",
        "身份号码应为18位（旧版为15位），实际为{length}位。",
    ),
    Code(
        "ric.charset",
        Severity.ERROR,
        "Character {char!r} at position {position} is not allowed"
        " (digits only; X only as the last of 18).",
        "第{position}位的字符“{char}”不合规（应为数字，仅18位号码的最后一位可为X）。",
    ),
    Code(
        "ric.province",
        Severity.ERROR,
        "Positions 1-2 ({prefix}) are not a province code.",
        "第1-2位（{prefix}）不是省级行政区划代码。",
    ),
    Code(
        "ric.birth_date",
        Severity.ERROR,
        "Positions {position}-{end} are not a real calendar date.",
        "第{position}-{end}位不是有效的出生日期。",
    ),
    Code(
        "ric.birth_date_future",
        Severity.ERROR,
        "The birth date is after {as_of}.",
        "出生日期晚于{as_of}。",
    ),
    Code(
        "ric.checksum",
        Severity.ERROR,
        "Check character is {actual!r}, but ISO 7064 MOD 11-2 gives {expected!r}.",
        "校验码为“{actual}”，按ISO 7064 MOD 11-2计算应为“{expected}”。",
    ),
    Code(
        "ric.region_unknown",
        Severity.WARNING,
        "Region code {region} is not a known current or historical GB/T 2260 code.",
        "地址码{region}不是已知的现行或历史GB/T 2260代码。",
        rule=_SOFT_REGION,
    ),
    Code(
        "ric.legacy_15",
        Severity.WARNING,
        "A 15-digit first-generation number: those cards stopped being valid on 2013-01-01;"
        " ask for the 18-digit number.",
        "15位第一代身份号码：第一代居民身份证已于2013年1月1日停止使用，请提供18位号码。",
        rule="居民身份证法 art. 23 (first-generation cards)",
    ),
    Code(
        "ric.birth_date_implausible",
        Severity.WARNING,
        "Birth year {year} is implausibly early.",
        "出生年份{year}过早，不合常理。",
        rule="plausible birth year (1870 or later)",
    ),
    Code(
        "ric.pr_layout",
        Severity.WARNING,
        "Does not fit the published layout of the 2023 permanent-residence ID ({detail}).",
        "不符合2023版外国人永久居留身份证号码的公开编码结构（{detail}）。",
        rule="2023 permanent-residence ID layout (secondary sources)",
    ),
)

HOLDER_TYPES: dict[str, tuple[str, str]] = {
    "resident": ("居民身份证", "resident identity card"),
    "hk_permit": ("港澳居民居住证（香港）", "residence permit, Hong Kong resident"),
    "macao_permit": ("港澳居民居住证（澳门）", "residence permit, Macao resident"),
    "taiwan_permit": ("台湾居民居住证", "residence permit, Taiwan resident"),
    "foreigner_pr": ("外国人永久居留身份证", "foreigner's permanent residence ID"),
}
"""Holder type → (Chinese name, English name)."""

_PERMITS = {"81": "hk_permit", "82": "macao_permit", "83": "taiwan_permit"}
_PREFIXES_18 = frozenset(PROVINCES) | {"83"}
_PREFIXES_15 = frozenset(PROVINCES) - {"71", "81", "82"}
_RE_18 = re.compile(r"[0-9]{17}[0-9X]")
_RE_15 = re.compile(r"[0-9]{15}")
_PLAUSIBLE_YEAR = 1870


@dataclass(frozen=True, slots=True)
class RICParts(Parts):
    """The decoded parts.  Birth date, sex and sequence are personal data."""

    PERSONAL_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"birth_date", "sex", "sequence", "upgraded"}
    )

    holder_type: str
    holder_type_name: str
    holder_type_name_en: str
    region_code: str
    region_name: str | None
    birth_date: datetime.date | None
    sex: str
    sequence: str
    legacy: bool
    upgraded: str | None
    nationality_code: str | None


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, drop spaces and dashes, ``x`` to ``X``."""
    return clean(number, KIND)


def _structure_error(code: str) -> InvalidFormat:
    if len(code) not in (15, 18):
        return InvalidLength("ric.length", length=len(code))
    for index, char in enumerate(code):
        if char not in "0123456789" and not (char == "X" and index == 17):
            return InvalidFormat("ric.charset", position=index + 1, char=char)
    raise AssertionError("unreachable: structure matched")  # pragma: no cover


def _legacy_birth(code: str) -> str:
    century = "18" if code[12:15] in ("996", "997", "998", "999") else "19"
    return century + code[6:12]


def _check_birth(digits: str, position: int, as_of: datetime.date | None) -> None:
    if not is_calendar_date(digits):
        raise InvalidComponent("ric.birth_date", position=position, end=position + 7)
    limit = today_compact() if as_of is None else as_of.strftime("%Y%m%d")
    if digits > limit:
        raise InvalidComponent("ric.birth_date_future", position=position, as_of=resolve(as_of))


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the official rules and return the canonical number, or raise.

    Legacy 15-digit numbers pass (``check`` reports them for review).
    """
    code = clean(number, KIND)
    if len(code) == 18 and _RE_18.fullmatch(code) is not None:
        if code[0] != "9":
            if code[:2] not in _PREFIXES_18:
                raise InvalidComponent("ric.province", position=1, prefix=code[:2])
            _check_birth(code[6:14], 7, as_of)
        expected = mod11_2_check(code[:17])
        if expected != code[17]:
            raise InvalidChecksum("ric.checksum", position=18, expected=expected, actual=code[17])
        return code
    if len(code) == 15 and _RE_15.fullmatch(code) is not None:
        if code[:2] not in _PREFIXES_15:
            raise InvalidComponent("ric.province", position=1, prefix=code[:2])
        birth = _legacy_birth(code)
        if not is_calendar_date(birth):
            raise InvalidComponent("ric.birth_date", position=7, end=12)
        return code
    raise _structure_error(code)


is_valid = make_is_valid(validate)


def calc_check_digit(number: object) -> str:
    """The MOD 11-2 check character for the first 17 digits.

    >>> calc_check_digit("44052418800101001")
    '4'
    """
    body = clean(number, KIND)[:17]
    if len(body) != 17 or _RE_15.fullmatch(body[:15]) is None or not body[15:].isdigit():
        raise _structure_error(body + "0")
    return mod11_2_check(body)


def upgrade(number: object) -> str:
    """The 18-digit form of a valid number (15-digit numbers get century and check digit).

    >>> upgrade("110105491231002")
    '11010519491231002X'
    """
    code = validate(number)
    if len(code) == 18:
        return code
    body = code[:6] + _legacy_birth(code) + code[12:15]
    return body + mod11_2_check(body)


def format(number: object) -> str:
    """The printed form (no separators)."""
    return validate(number)


def mask(number: object) -> str:
    """The number with the birth date and sequence hidden (first 6 and last 4 kept).

    Works on anything ``compact`` accepts, valid or not, so it is safe for logging.
    """
    return mask_middle(clean(number, KIND))


def _holder_type(code: str) -> str:
    if len(code) == 15:
        return "resident"
    if code[0] == "9":
        return "foreigner_pr"
    return _PERMITS.get(code[:2], "resident")


def _birth_date(digits: str) -> datetime.date | None:
    if not is_calendar_date(digits):
        return None
    return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


def _pr_findings(code: str, birth: datetime.date | None, as_of: datetime.date) -> list[Finding]:
    problems = []
    if code[1:3] not in PROVINCES:
        problems.append(f"positions 2-3 {code[1:3]} are not a province code")
    if birth is None or birth > as_of:
        problems.append("positions 7-14 are not a past birth date")
    return [Finding.of("ric.pr_layout", detail="; ".join(problems))] if problems else []


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    holder = _holder_type(code)
    findings: list[Finding] = []
    legacy = len(code) == 15
    birth_digits = _legacy_birth(code) if legacy else code[6:14]
    if holder == "foreigner_pr":
        findings.extend(_pr_findings(code, _birth_date(birth_digits), resolve(as_of)))
    elif not regions.is_known(code[:6]) or (holder != "resident" and code[2:6] != "0000"):
        findings.append(Finding.of("ric.region_unknown", position=1, region=code[:6]))
    if legacy:
        findings.append(Finding.of("ric.legacy_15"))
    year = int(birth_digits[:4])
    if is_calendar_date(birth_digits) and year < _PLAUSIBLE_YEAR:
        findings.append(Finding.of("ric.birth_date_implausible", position=7, year=year))
    return tuple(findings)


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[RICParts]:
    code = validate(number, as_of=as_of)
    holder = _holder_type(code)
    legacy = len(code) == 15
    birth = _birth_date(_legacy_birth(code) if legacy else code[6:14])
    region_code = code[1:3] + "0000" if holder == "foreigner_pr" else code[:6]
    sex_digit = code[14] if legacy else code[16]
    parts = RICParts(
        holder_type=holder,
        holder_type_name=HOLDER_TYPES[holder][0],
        holder_type_name_en=HOLDER_TYPES[holder][1],
        region_code=region_code,
        region_name=regions.full_name(region_code),
        birth_date=birth,
        sex="M" if int(sex_digit) % 2 else "F",
        sequence=code[12:15] if legacy else code[14:17],
        legacy=legacy,
        upgraded=upgrade(code) if legacy else None,
        nationality_code=code[3:6] if holder == "foreigner_pr" else None,
    )
    return Analysis(code, parts, _soft(code, as_of))


def parse(number: object, *, as_of: datetime.date | None = None) -> RICParts:
    """Validate and decode holder type, region, birth date and sex."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact, personal=True)
findings = make_findings(validate, _soft)
