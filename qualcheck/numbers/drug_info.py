"""Internet drug information service certificate (互联网药品信息服务资格证书编号).

A website or app that provides drug (or medical-device) information needs a
互联网药品信息服务资格证书 from the provincial drug regulator (互联网药品信息服务管理办法,
SFDA order no. 9, 2004, amended 2017, art. 6), in one of two kinds: 经营性 (commercial,
paid) or 非经营性 (non-commercial, free).  The number must be shown on the home page
(art. 8); the certificate runs five years (art. 17).  The measures leave the number format
to the national regulator (art. 7); the format below is the one in use:

==============  ====================================================================
part            meaning
==============  ====================================================================
``(京)``        abbreviation of the issuing province, in parentheses
``经营性``      经营性 (commercial) or 非经营性 (non-commercial)
``2014``        year of issue
``0008``        serial number of the province
==============  ====================================================================

The certificate is *not* a licence to sell drugs (that is the 药品经营许可证), and the
measures forbid using it to broker drug transactions (art. 24).

Official rules (a failure makes the number invalid): the structure, a mainland province
and an issue year not later than the year of the check date.  Soft rule: an issue year
before 2000 (the regime began in the early 2000s) asks for review.  Full-width or ASCII
parentheses, any dash, missing dashes, missing parentheses and spaces are accepted; the
canonical form uses ASCII parentheses and hyphens.

>>> validate("（京）－经营性－2014－0008")
'(京)-经营性-2014-0008'
>>> validate("(沪)非经营性 2013 0034")
'(沪)-非经营性-2013-0034'
>>> parse("(粤)-非经营性-2005-0002").paid
False
>>> validate("(京)-经营-2014-0008")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidFormat: Expected 经营性 or 非经营性 at position 5, found ...
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidComponent, InvalidFormat
from qualcheck.numbers._base import Analysis, Parts, make_check, make_findings, make_is_valid
from qualcheck.numbers._dates import check_issue_year
from qualcheck.numbers._normalize import clean_keep_dashes
from qualcheck.numbers._provinces import MAINLAND_ABBREVIATIONS, by_abbreviation
from qualcheck.numbers._steps import Step, excerpt, format_error

__all__ = [
    "EXAMPLES",
    "KIND",
    "PATTERN",
    "SERVICE_TYPES",
    "TITLE",
    "DrugInfoParts",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "drug_info"
TITLE = "Internet drug information service certificate (互联网药品信息服务资格证书编号)"
PATTERN = (
    r"^\(["
    + "".join(sorted(MAINLAND_ABBREVIATIONS))
    + r"]\)-(?:经营性|非经营性)-(?:19|20)[0-9]{2}-[0-9]{4}$"
)
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("(京)-经营性-2014-0008", "(沪)-非经营性-2013-0034")
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""

EARLIEST_YEAR = 2000
"""Issue years before this ask for review: the certificate regime began in the early 2000s."""

CODES = define(
    Code(
        "drug_info.format",
        Severity.ERROR,
        "Expected {expected} at position {position}, found {found!r}; the number reads"
        " (省)-经营性-YYYY-NNNN or (省)-非经营性-YYYY-NNNN.",
        "第{position}位起应为{expected_zh}，实际为“{found}”；编号格式为(省)-经营性-YYYY-NNNN"
        "或(省)-非经营性-YYYY-NNNN。",
    ),
    Code(
        "drug_info.province",
        Severity.ERROR,
        "{char!r} at position {position} is not the abbreviation of a mainland province.",
        "第{position}位的“{char}”不是内地省级行政区的简称。",
    ),
    Code(
        "drug_info.year_future",
        Severity.ERROR,
        "Year of issue {year} is later than {as_of_year}, the year of the check date.",
        "发证年份{year}晚于核验日期所在年份{as_of_year}。",
    ),
    Code(
        "drug_info.year_early",
        Severity.WARNING,
        "Year of issue {year} is before {earliest}; the certificate regime began in the early"
        " 2000s, so confirm the number with the provincial drug regulator.",
        "发证年份{year}早于{earliest}年；互联网药品信息服务资格证书制度始于21世纪初，"
        "请向省级药品监管部门核实。",
        rule="start of the Internet drug information service regime (early 2000s)",
    ),
)

SERVICE_TYPES: dict[str, tuple[bool, str]] = {
    "经营性": (True, "commercial (paid) information service"),
    "非经营性": (False, "non-commercial (free) information service"),
}
"""Service type → (paid, English meaning)."""

_STRUCTURE = re.compile(r"(\()?(.)(?(1)\))-?(经营性|非经营性)-?((?:19|20)[0-9]{2})-?([0-9]{4})")
# Diagnosis of a malformed number: (pattern, expected (en), expected (zh)) after the province.
_STEPS = (
    Step(re.compile(r"-?"), "", ""),
    Step(re.compile(r"经营性|非经营性"), "经营性 or 非经营性", "“经营性”或“非经营性”"),
    Step(re.compile(r"-?"), "", ""),
    Step(re.compile(r"(?:19|20)[0-9]{2}"), "a year 19xx or 20xx", "19xx或20xx年份"),
    Step(re.compile(r"-?"), "", ""),
    Step(re.compile(r"[0-9]{4}"), "a 4-digit serial number", "4位序号"),
    Step(re.compile(r"$"), "the end of the number", "编号结尾"),
)
_CLOSE = Step(re.compile(r"\)"), "')'", "“)”")


@dataclass(frozen=True, slots=True)
class DrugInfoParts(Parts):
    """The decoded parts of an Internet drug information service certificate number."""

    province_code: str
    province_name: str
    province_abbreviation: str
    paid: bool
    service_type: str
    service_type_en: str
    year: int
    serial: str


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, every dash to ``-``, drop spaces and zero-width characters.

    >>> compact("（浙） — 经营性 — 2018 — 0010")
    '(浙)-经营性-2018-0010'
    """
    return clean_keep_dashes(number, KIND)


def _structure_error(text: str) -> InvalidFormat:
    position = 1 if text.startswith("(") else 0
    if position >= len(text):
        return InvalidFormat(
            "drug_info.format",
            position=position + 1,
            found="",
            expected="a province abbreviation",
            expected_zh="省份简称",
        )
    if text[position] not in MAINLAND_ABBREVIATIONS:
        return InvalidFormat(
            "drug_info.format",
            position=position + 1,
            found=excerpt(text, position),
            expected="a province abbreviation",
            expected_zh="省份简称",
        )
    steps = (_CLOSE, *_STEPS) if position == 1 else _STEPS
    position += 1
    return format_error("drug_info.format", text, steps, position)


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the official rules and return the canonical number, or raise.

    >>> validate("(京)-经营性-2031-0008", as_of=datetime.date(2030, 12, 31))
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.InvalidComponent: Year of issue 2031 is later than 2030, ...
    """
    text = clean_keep_dashes(number, KIND)
    match = _STRUCTURE.fullmatch(text)
    if match is None:
        raise _structure_error(text)
    if match[2] not in MAINLAND_ABBREVIATIONS:
        raise InvalidComponent("drug_info.province", position=match.start(2) + 1, char=match[2])
    check_issue_year(KIND, int(match[4]), match.start(4) + 1, as_of)
    return f"({match[2]})-{match[3]}-{match[4]}-{match[5]}"


is_valid = make_is_valid(validate)


def format(number: object) -> str:
    """The canonical printed form: ASCII parentheses and hyphens, e.g. ``(京)-经营性-2014-0008``."""
    return validate(number)


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    """The soft findings of ``code``, a canonical number ``validate`` accepted (``(省)-
    经营性-YYYY-NNNN``): an issue year before the regime began asks for review."""
    year = int(code[-9:-5])
    if year >= EARLIEST_YEAR:
        return ()
    return (
        Finding.of(
            "drug_info.year_early",
            position=code.index("-", 4) + 2,
            year=year,
            earliest=EARLIEST_YEAR,
        ),
    )


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[DrugInfoParts]:
    canonical = validate(number, as_of=as_of)
    service_type, year_text, serial = canonical[4:].split("-")
    year = int(year_text)
    province = by_abbreviation(canonical[1])
    assert province is not None  # validate checked it
    paid, service_type_en = SERVICE_TYPES[service_type]
    parts = DrugInfoParts(
        province_code=province.code,
        province_name=province.name,
        province_abbreviation=canonical[1],
        paid=paid,
        service_type=service_type,
        service_type_en=service_type_en,
        year=year,
        serial=serial,
    )
    return Analysis(canonical, parts, _soft(canonical, as_of))


def parse(number: object, *, as_of: datetime.date | None = None) -> DrugInfoParts:
    """Validate and decode the parts (province, paid or not, year, serial)."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
