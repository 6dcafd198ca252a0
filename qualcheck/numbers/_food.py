"""Rules shared by the food licence and filing numbers (JY, SC and YB).

All three are two letters and 14 digits whose last digit empirically follows ISO 7064
MOD 11,10 over the 13 digits before it, with a GB/T 2260 region code inside.  Both rules
are soft: the algorithm is not published and some issuers (Beijing) number their own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qualcheck._codes import Code, Finding, Severity
from qualcheck.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from qualcheck.numbers import regions
from qualcheck.numbers._checksums import mod11_10_check
from qualcheck.numbers._provinces import PROVINCES

__all__ = [
    "MAINLAND_PROVINCES",
    "SOFT_CHECKSUM",
    "SOFT_REGION",
    "RegionDigits",
    "prefixed_codes",
    "region_digits",
    "soft_codes",
    "soft_findings",
    "structure_error",
]

SOFT_CHECKSUM = "ISO 7064 MOD 11,10 check digit (empirical, not published)"
SOFT_REGION = "GB/T 2260 region table"
MAINLAND_PROVINCES = frozenset(PROVINCES) - {"71", "81", "82"}


def prefixed_codes(kind: str, prefix: str, name_en: str, name_zh: str) -> tuple[Code, ...]:
    """The error codes of a ``prefix`` + 14 digits number: length, prefix, charset."""
    return (
        Code(
            f"{kind}.length",
            Severity.ERROR,
            f"A {name_en} number has 16 characters ('{prefix}' and 14 digits),"
            " this has {length}.",
            f"{name_zh}编号应为16位（{prefix}加14位数字），实际为{{length}}位。",
        ),
        Code(
            f"{kind}.prefix",
            Severity.ERROR,
            f"A {name_en} number begins with '{prefix}', this begins with {{prefix!r}}.",
            f"{name_zh}编号应以“{prefix}”开头，实际以“{{prefix}}”开头。",
        ),
        Code(
            f"{kind}.charset",
            Severity.ERROR,
            "Character {char!r} at position {position} is not a digit;"
            f" '{prefix}' is followed by 14 digits.",
            f"第{{position}}位的字符“{{char}}”不是数字；“{prefix}”之后应为14位数字。",
        ),
    )


def soft_codes(
    kind: str, *, region_at: int, authority_en: str, authority_zh: str
) -> tuple[Code, ...]:
    """The soft codes: empirical check digit, province and region of the issuer."""
    province_positions = f"{region_at + 1}-{region_at + 2}"
    region_positions = f"{region_at + 1}-{region_at + 6}"
    return (
        Code(
            f"{kind}.checksum",
            Severity.WARNING,
            "Check digit is {actual!r}, but the empirical ISO 7064 MOD 11,10 check gives"
            " {expected!r}; no official algorithm is published, so confirm the number with the"
            f" {authority_en}.",
            "校验码为“{actual}”，按经验规则ISO 7064 MOD 11,10计算应为“{expected}”；"
            f"官方未公布校验算法，请向{authority_zh}核实。",
            rule=SOFT_CHECKSUM,
        ),
        Code(
            f"{kind}.province_unknown",
            Severity.WARNING,
            f"Positions {province_positions} ({{province}}) are not a mainland GB/T 2260"
            " province code.",
            f"第{province_positions}位（{{province}}）不是内地的GB/T 2260省级代码。",
            rule=SOFT_REGION,
        ),
        Code(
            f"{kind}.region_unknown",
            Severity.WARNING,
            f"Positions {region_positions} ({{region}}) are not a known current or historical"
            " GB/T 2260 code.",
            f"第{region_positions}位（{{region}}）不是已知的现行或历史GB/T 2260行政区划代码。",
            rule=SOFT_REGION,
        ),
    )


def structure_error(
    kind: str, code: str, prefix: str, component: str, ctx_key: str
) -> InvalidFormat | InvalidComponent:
    """Diagnose a ``prefix`` + 14 digits number that failed its pattern.

    The first wrong thing wins: length, prefix, a non-digit; otherwise the digit at
    position 3 is out of range (code ``<kind>.<component>``, the digit as ``ctx_key``).
    """
    if len(code) != 16:
        return InvalidLength(f"{kind}.length", length=len(code))
    for index, expected in enumerate(prefix):
        if code[index] != expected:
            return InvalidFormat(f"{kind}.prefix", position=index + 1, prefix=code[:2])
    for index in range(2, 16):
        if not "0" <= code[index] <= "9":
            return InvalidFormat(f"{kind}.charset", position=index + 1, char=code[index])
    return InvalidComponent(f"{kind}.{component}", position=3, **{ctx_key: code[2]})


@dataclass(frozen=True, slots=True)
class RegionDigits:
    """What the soft rules decode: the issuer's province and region, the check digit."""

    province_code: str
    province_name: str | None
    region_code: str
    region_name: str | None
    check_digit: str
    check_digit_matches: bool

    def fields(self) -> dict[str, Any]:
        """The decoded values as keyword arguments for a kind's parts."""
        return {name: getattr(self, name) for name in self.__slots__}


def soft_findings(
    kind: str, code: str, *, region_at: int, beijing_local: bool = False
) -> list[Finding]:
    """The empirical check digit and the region rules on a valid 16-character code.

    With ``beijing_local``, an unknown Beijing region gives ``<kind>.region_beijing_local``
    (Beijing numbers with its own district-bureau and street codes).
    """
    findings: list[Finding] = []
    expected = mod11_10_check(code[2:15])
    if expected != code[15]:
        findings.append(
            Finding.of(f"{kind}.checksum", position=16, expected=expected, actual=code[15])
        )
    province, region = code[region_at : region_at + 2], code[region_at : region_at + 6]
    if province not in MAINLAND_PROVINCES:
        findings.append(
            Finding.of(f"{kind}.province_unknown", position=region_at + 1, province=province)
        )
    elif not regions.is_known(region):
        reason = "region_beijing_local" if beijing_local and province == "11" else "region_unknown"
        findings.append(Finding.of(f"{kind}.{reason}", position=region_at + 1, region=region))
    return findings


def region_digits(code: str, *, region_at: int) -> RegionDigits:
    """The issuer's province and region and the check digit, decoded."""
    province, region = code[region_at : region_at + 2], code[region_at : region_at + 6]
    return RegionDigits(
        province_code=province,
        province_name=PROVINCES[province].name if province in MAINLAND_PROVINCES else None,
        region_code=region,
        region_name=regions.full_name(region) if regions.is_known(region) else None,
        check_digit=code[15],
        check_digit_matches=mod11_10_check(code[2:15]) == code[15],
    )
