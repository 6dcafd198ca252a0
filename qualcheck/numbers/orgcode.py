"""Organisation code (组织机构代码), GB 11714-1997.

The nine-character code organisations held before the USCC; it lives on as positions
9–17 of every USCC (the 主体标识码).  Printed ``XXXXXXXX-C``:

========  ====================================================================
position  meaning
========  ====================================================================
1–8       body: digits or upper-case Latin letters (values 0–35: A = 10 … Z = 35)
9         check character: ``11 − Σ(value × weight) mod 11`` with weights
          3 7 9 10 5 8 4 2; 10 is written ``X``, 11 is written ``0``
========  ====================================================================

Official rules: length, characters, the check character.  Soft rule: the range
``PDY00001``–``PDY99999`` is reserved for internal use and never exchanged.

>>> validate("60003734-1")
'600037341'
>>> format("D2143569X")
'D2143569-X'
>>> validate("40170530-1")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidChecksum: Check character is '1', but GB 11714 gives '0'.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from qualcheck.numbers._base import Analysis, Parts, make_check, make_findings, make_is_valid
from qualcheck.numbers._checksums import gb11714_check
from qualcheck.numbers._normalize import clean

__all__ = [
    "EXAMPLES",
    "KIND",
    "PATTERN",
    "TITLE",
    "OrgCodeParts",
    "calc_check_digit",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "orgcode"
TITLE = "Organisation code (组织机构代码, GB 11714)"
PATTERN = r"^[0-9A-Z]{8}[0-9X]$"
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("600037341", "D2143569X")
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""

CODES = define(
    Code(
        "orgcode.length",
        Severity.ERROR,
        "An organisation code has 9 characters, this has {length}.",
        "组织机构代码应为9位，实际为{length}位。",
    ),
    Code(
        "orgcode.charset",
        Severity.ERROR,
        "Character {char!r} at position {position} is not allowed"
        " (body: 0-9 and A-Z; check character: 0-9 or X).",
        "第{position}位的字符“{char}”不合规（本体代码为数字或大写字母，校验码为数字或X）。",
    ),
    Code(
        "orgcode.checksum",
        Severity.ERROR,
        "Check character is {actual!r}, but GB 11714 gives {expected!r}.",
        "校验码为“{actual}”，按GB 11714计算应为“{expected}”。",
    ),
    Code(
        "orgcode.reserved",
        Severity.WARNING,
        "Code {body} is in the PDY range reserved for internal use; it is never exchanged.",
        "代码{body}属于保留给内部使用的PDY号段，不用于信息交换。",
        rule="GB 11714 reserved range",
    ),
)

_STRUCTURE = re.compile(r"[0-9A-Z]{8}[0-9X]")


@dataclass(frozen=True, slots=True)
class OrgCodeParts(Parts):
    """The body and check character of an organisation code."""

    body: str
    check_char: str
    reserved: bool


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, drop spaces and dashes, upper-case."""
    return clean(number, KIND)


def _structure_error(code: str) -> InvalidFormat:
    if len(code) != 9:
        return InvalidLength("orgcode.length", length=len(code))
    for index, char in enumerate(code):
        allowed = "0123456789X" if index == 8 else "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        if char not in allowed:
            return InvalidFormat("orgcode.charset", position=index + 1, char=char)
    raise AssertionError("unreachable: structure matched")  # pragma: no cover


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check length, characters and check character; return the code without the hyphen."""
    code = clean(number, KIND)
    if _STRUCTURE.fullmatch(code) is None:
        raise _structure_error(code)
    expected = gb11714_check(code[:8])
    if expected != code[8]:
        raise InvalidChecksum("orgcode.checksum", position=9, expected=expected, actual=code[8])
    return code


is_valid = make_is_valid(validate)


def calc_check_digit(number: object) -> str:
    """The GB 11714 check character for the 8 body characters.

    >>> calc_check_digit("M000100Y")
    '4'
    """
    body = clean(number, KIND)[:8]
    if len(body) != 8 or _STRUCTURE.fullmatch(body + "0") is None:
        raise _structure_error(body + "0")
    return gb11714_check(body)


def format(number: object) -> str:
    """The printed form ``XXXXXXXX-C``."""
    code = validate(number)
    return f"{code[:8]}-{code[8]}"


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    """The soft findings of ``code``, a number ``validate`` accepted (the reserved range)."""
    if code.startswith("PDY"):
        return (Finding.of("orgcode.reserved", position=1, body=code[:8]),)
    return ()


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[OrgCodeParts]:
    code = validate(number)
    parts = OrgCodeParts(code[:8], code[8], code.startswith("PDY"))
    return Analysis(code, parts, _soft(code, as_of))


def parse(number: object, *, as_of: datetime.date | None = None) -> OrgCodeParts:
    """Validate and split into body and check character."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
