"""CNCA-R (Certification Body Approval Number, 认证机构批准号).

A certification body in China needs the approval of the State Council's certification
and accreditation authority (国家认监委, CNCA, now part of SAMR; 认证认可条例 2023, arts.
9-11); certifying without it is banned (art. 56).  The approval number is printed on the
认证机构批准书 and identifies the body in the CNCA query system (cx.cnca.cn):

====================  =============================================================
form                  meaning
====================  =============================================================
``CNCA-R-2002-001``   domestic body: approval year and a 3-digit serial
``CNCA-R-2024-1364``  domestic body: the serials run on across the years and passed
                      999, so recent ones have 4 digits
``CNCA-RF-2003-27``   foreign-invested body (``F``): approval year and a 2-digit serial
====================  =============================================================

Official rules (a failure makes the number invalid): the structure
``CNCA-R(F)-YYYY-NN(NN)`` with a year 19xx or 20xx and a 2- to 4-digit serial, and an
approval year not later than the year of the check date.
Soft rule (review): an approval year before 2002 (CNCA was founded in 2001 and approvals
began in 2002).  Case, spaces and any kind of dash (or none) are accepted; the canonical
form is upper-case with hyphens.  The approval's term of validity is not established, and
certificates issued *by* certification bodies have body-specific numbers: confirm both at
cx.cnca.cn.

>>> validate("cnca-r-2002-001")
'CNCA-R-2002-001'
>>> validate("CNCA—RF—2003—27")
'CNCA-RF-2003-27'
>>> validate("CNCA-R-2024-1364")
'CNCA-R-2024-1364'
>>> parse("CNCA-RF-2003-27").foreign_invested
True
>>> validate("CNCA-X-2002-001")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidFormat: Expected 'R' at position 6, found ...
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidFormat
from qualcheck.numbers._base import Analysis, Parts, make_check, make_findings, make_is_valid
from qualcheck.numbers._dates import check_issue_year
from qualcheck.numbers._normalize import clean_keep_dashes
from qualcheck.numbers._steps import Step, format_error

__all__ = [
    "EXAMPLES",
    "KIND",
    "PATTERN",
    "TITLE",
    "CNCAParts",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "cnca"
TITLE = "CNCA-R (Certification Body Approval Number, 认证机构批准号)"
PATTERN = r"^CNCA-RF?-(?:19|20)[0-9]{2}-[0-9]{2,4}$"
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("CNCA-R-2002-001", "CNCA-RF-2003-27")
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""

EARLIEST_YEAR = 2002
"""Approval years before this ask for review (CNCA was founded in 2001)."""

CODES = define(
    Code(
        "cnca.format",
        Severity.ERROR,
        "Expected {expected} at position {position}, found {found!r}; an approval number reads"
        " CNCA-R-YYYY-NNN (a 2- to 4-digit serial) or CNCA-RF-YYYY-NN.",
        "第{position}位起应为{expected_zh}，实际为“{found}”；批准号格式为CNCA-R-YYYY-NNN"
        "（序号2至4位）或CNCA-RF-YYYY-NN。",
    ),
    Code(
        "cnca.year_future",
        Severity.ERROR,
        "Approval year {year} is later than {as_of_year}, the year of the check date.",
        "批准年份{year}晚于核验日期所在年份{as_of_year}。",
    ),
    Code(
        "cnca.year_early",
        Severity.WARNING,
        "Approval year {year} is before {earliest}; CNCA was founded in 2001 and approved the"
        " first certification bodies in 2002: confirm the number at cx.cnca.cn.",
        "批准年份{year}早于{earliest}年；国家认监委成立于2001年，2002年起批准认证机构，"
        "请在认监委网站核实。",
        rule="CNCA approvals began in 2002",
    ),
)

_STRUCTURE = re.compile(r"CNCA-?R(F?)-?((?:19|20)[0-9]{2})-?([0-9]{2,4})")
# Diagnosis of a malformed number: (pattern, expected (en), expected (zh)).
_STEPS = (
    Step(re.compile(r"CNCA"), "'CNCA'", "“CNCA”"),
    Step(re.compile(r"-?"), "", ""),
    Step(re.compile(r"R"), "'R'", "“R”"),
    Step(re.compile(r"F?-?"), "", ""),
    Step(re.compile(r"(?:19|20)[0-9]{2}"), "a year 19xx or 20xx", "19xx或20xx年份"),
    Step(re.compile(r"-?"), "", ""),
    Step(re.compile(r"[0-9]{2,4}"), "a 2- to 4-digit serial number", "2至4位序号"),
    Step(re.compile(r"$"), "the end of the number", "编号结尾"),
)


@dataclass(frozen=True, slots=True)
class CNCAParts(Parts):
    """The decoded parts of a certification body approval number."""

    foreign_invested: bool
    year: int
    serial: str


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, every dash to ``-``, drop spaces, upper-case.

    >>> compact(" ｃｎｃａ－Ｒ－２００２－００１ ")
    'CNCA-R-2002-001'
    """
    return clean_keep_dashes(number, KIND)


def _structure_error(text: str) -> InvalidFormat:
    return format_error("cnca.format", text, _STEPS)


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the official rules and return the canonical number, or raise.

    >>> validate("CNCA-R-2031-001", as_of=datetime.date(2030, 6, 1))
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.InvalidComponent: Approval year 2031 is later than 2030, ...
    """
    text = clean_keep_dashes(number, KIND)
    match = _STRUCTURE.fullmatch(text)
    if match is None:
        raise _structure_error(text)
    check_issue_year(KIND, int(match[2]), match.start(2) + 1, as_of)
    return f"CNCA-R{match[1]}-{match[2]}-{match[3]}"


is_valid = make_is_valid(validate)


def format(number: object) -> str:
    """The canonical printed form, e.g. ``CNCA-R-2002-001``."""
    return validate(number)


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    """The soft findings of ``code``, a canonical number ``validate`` accepted
    (``CNCA-R(F)-YYYY-NN(NN)``): an approval year before CNCA's first approvals."""
    _, kind, year_text, _ = code.split("-")
    year = int(year_text)
    if year >= EARLIEST_YEAR:
        return ()
    return (
        Finding.of("cnca.year_early", position=len(kind) + 7, year=year, earliest=EARLIEST_YEAR),
    )


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[CNCAParts]:
    canonical = validate(number, as_of=as_of)
    _, kind, year_text, serial = canonical.split("-")
    parts = CNCAParts(foreign_invested=kind == "RF", year=int(year_text), serial=serial)
    return Analysis(canonical, parts, _soft(canonical, as_of))


def parse(number: object, *, as_of: datetime.date | None = None) -> CNCAParts:
    """Validate and decode the parts (foreign-invested or not, approval year, serial)."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
