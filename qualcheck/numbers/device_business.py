"""Medical device business licence or filing (医疗器械经营许可证编号 / 第二类医疗器械经营备案编号).

Trading Class III medical devices needs a 医疗器械经营许可证 (licence), trading Class II
devices a 第二类医疗器械经营备案 (filing), both from the city-level drug regulator
(医疗器械监督管理条例 2021, arts. 41-42; 医疗器械经营监督管理办法, SAMR order no. 54, 2022);
Class I needs neither.  A licence runs five years and keeps its number on renewal; a
filing has no expiry.  The 2022 measures define no number format; the one in use comes
from the 2014 measures (CFDA order no. 8), e.g. ``粤穗食药监械经营许20171161号``:

===============  ===================================================================
part             meaning
===============  ===================================================================
``粤``           abbreviation of the province
``穗``           abbreviation of the city or district (0-3 characters)
``食药监``       issuer infix: 食药监 until the 2018 reform, since then also 药监, 市监,
                 市场监管 or none (no authoritative list)
``械经营``       medical device trade
``许`` / ``备``  licence (许可, Class III) or filing (备案, Class II)
``2017``         year
``1161``         serial number: 4 digits in the 2014 format
``号``           optional
===============  ===================================================================

Official rules (a failure makes the number invalid): the structure (a mainland province
abbreviation, at most 7 Chinese characters, 械经营, 许 or 备, a year 19xx or 20xx, a serial,
optional 号) and a year not later than the year of the check date.  The serial is 1-6
letters and digits, and at least 4 digits when it is digits only (numeric serials are
zero-padded, so a shorter one has lost a digit).  Soft rules (review): a serial other
than 4 digits (no rule fixes its width since the 2014 measures were repealed: Wuhan
printed ``鄂汉食药监械经营备2018H006号``), an issuer infix other than the known ones, a
year before 2000, and a filing dated before 2014 (filings were introduced by the 2014
rules).  The canonical form has no trailing 号; ``format`` adds it.

>>> validate("粤穗食药监械经营许20171161号")
'粤穗食药监械经营许20171161'
>>> format("桂柳食药监械经营备 2021 0631")
'桂柳食药监械经营备20210631号'
>>> parse("京经食药监械经营备20170029").device_class
2
>>> [f.code for f in findings("鄂汉食药监械经营备2018H006号")]
['device_business.serial_unusual']
>>> validate("港九食药监械经营许20171161号")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidComponent: '港' at position 1 is not the abbreviation of ...
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidComponent, InvalidFormat
from qualcheck.numbers._base import Analysis, Parts, make_check, make_findings, make_is_valid
from qualcheck.numbers._dates import check_issue_year
from qualcheck.numbers._normalize import clean
from qualcheck.numbers._provinces import MAINLAND_ABBREVIATIONS, by_abbreviation
from qualcheck.numbers._steps import Step, excerpt, format_error

__all__ = [
    "DOCUMENT_TYPES",
    "EXAMPLES",
    "KIND",
    "KNOWN_INFIXES",
    "PATTERN",
    "TITLE",
    "DeviceBusinessParts",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "device_business"
TITLE = "Medical device business licence or filing (医疗器械经营许可证/备案编号)"
PATTERN = (
    "^["
    + "".join(sorted(MAINLAND_ABBREVIATIONS))
    + r"][\u4e00-\u9fff]{0,7}械经营[许备](?:19|20)[0-9]{2}"
    + r"(?:[0-9]{4,6}|(?=[0-9A-Z]{1,6}$)[0-9]*[A-Z][0-9A-Z]*)$"
)
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("粤穗食药监械经营许20171161", "京经食药监械经营备20170029")
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""

KNOWN_INFIXES: tuple[str, ...] = ("食药监", "药监", "市监", "市场监管")
"""Issuer infixes seen before 械经营 (besides none); not an authoritative list."""

EARLIEST_YEAR = 2000
"""Years before this ask for review."""

FIRST_FILING_YEAR = 2014
"""Class II trade filings were introduced by the 2014 measures (CFDA order no. 8)."""

USUAL_SERIAL_DIGITS = 4
"""Width of the serial in the 2014 format; other serials ask for review."""
MIN_NUMERIC_SERIAL = 4
"""Fewest digits of an all-digit serial: they are zero-padded (``0017``), so fewer is a
lost digit (and the year/serial split of the digit run is then unknown)."""
MAX_SERIAL = 6
"""Most characters of a serial: room for a sequence past 9999 or a local serial with a
letter (``H006``); a longer run is taken as mistyped."""

_SOFT_INFIX = "issuer infixes in use since the 2018 reform (no authoritative list)"

CODES = define(
    Code(
        "device_business.format",
        Severity.ERROR,
        "Expected {expected} at position {position}, found {found!r}; the number reads like"
        " 粤穗食药监械经营许20171161号.",
        "第{position}位起应为{expected_zh}，实际为“{found}”；编号格式如粤穗食药监械经营许20171161号。",
    ),
    Code(
        "device_business.province",
        Severity.ERROR,
        "{char!r} at position 1 is not the abbreviation of a mainland province.",
        "第1位的“{char}”不是内地省级行政区的简称。",
    ),
    Code(
        "device_business.year_future",
        Severity.ERROR,
        "Year {year} is later than {as_of_year}, the year of the check date.",
        "编号中的年份{year}晚于核验日期所在年份{as_of_year}。",
    ),
    Code(
        "device_business.infix_unknown",
        Severity.WARNING,
        "The issuer part {issuer!r} is not a city abbreviation (up to 3 characters) followed"
        " by a known issuer infix (食药监, 药监, 市监, 市场监管 or none); confirm the number"
        " with the issuing regulator.",
        "发证机关部分“{issuer}”不是“城市简称（最多3个字）+已知机关简称（食药监、药监、市监、"
        "市场监管或无）”的形式，请向发证部门核实。",
        rule=_SOFT_INFIX,
    ),
    Code(
        "device_business.year_early",
        Severity.WARNING,
        "Year {year} is before {earliest}; confirm the number with the issuing regulator.",
        "编号中的年份{year}早于{earliest}年，请向发证部门核实。",
        rule="plausible issue years of device trade licences",
    ),
    Code(
        "device_business.filing_early",
        Severity.WARNING,
        "A Class II filing dated {year}, but such filings were introduced in {first_year};"
        " is this a licence (许) number?",
        "第二类医疗器械经营备案编号中的年份为{year}，但该备案自{first_year}年起才实行；"
        "是否应为许可证（许）编号？",
        rule="Class II trade filings exist since the 2014 measures",
    ),
    Code(
        "device_business.serial_unusual",
        Severity.WARNING,
        "The serial {serial!r} is not 4 digits as in the usual format; confirm the number"
        " with the issuing regulator.",
        "序号“{serial}”不是常见格式的4位数字，请向发证部门核实。",
        rule="4-digit serial of the 2014 number format (not fixed by the 2022 measures)",
    ),
)

DOCUMENT_TYPES: dict[str, tuple[bool, int, str, str]] = {
    "许": (False, 3, "医疗器械经营许可证", "medical device business licence (Class III)"),
    "备": (True, 2, "第二类医疗器械经营备案凭证", "Class II medical device business filing"),
}
"""许/备 → (filing, device class, document name, English name)."""

_CJK = "\u4e00-\u9fff"
# A serial: 4-6 digits, or 1-6 letters and digits with a letter (the lookaheads bound
# the run, so the same pattern serves the full match and the step-by-step diagnosis).
_SERIAL = (
    rf"[0-9]{{{MIN_NUMERIC_SERIAL},{MAX_SERIAL}}}(?![0-9A-Z])"
    rf"|(?=[0-9A-Z]{{1,{MAX_SERIAL}}}(?![0-9A-Z]))[0-9]*[A-Z][0-9A-Z]*"
)
_STRUCTURE = re.compile(rf"(.)([{_CJK}]{{0,7}}?)械经营([许备])((?:19|20)[0-9]{{2}})({_SERIAL})")
_ISSUER = re.compile(rf"([{_CJK}]{{0,3}}?)({'|'.join(KNOWN_INFIXES)})?")
# Diagnosis of a malformed number: (pattern, expected (en), expected (zh)) after the province.
_STEPS = (
    Step(
        re.compile(rf"[{_CJK}]{{0,7}}?械经营"),
        "up to 7 Chinese characters (city, issuer) and 械经营",
        "最多7个汉字（城市简称、发证机关）及“械经营”",
    ),
    Step(re.compile(r"[许备]"), "许 (licence) or 备 (filing)", "“许”或“备”"),
    Step(re.compile(r"(?:19|20)[0-9]{2}"), "a year 19xx or 20xx", "19xx或20xx年份"),
    Step(
        re.compile(_SERIAL),
        "a serial number (4 digits; 4-6 digits or up to 6 letters and digits accepted)",
        "序号（通常为4位数字；可为4至6位数字或最多6位字母数字）",
    ),
    Step(re.compile(r"$"), "the end of the number", "编号结尾"),
)


@dataclass(frozen=True, slots=True)
class DeviceBusinessParts(Parts):
    """The decoded parts of a device business licence or filing number.

    ``issuer`` is everything between the province and 械经营.  When it is a city
    abbreviation (up to 3 characters) and a known infix, ``city_abbreviation`` and
    ``issuer_infix`` split it (``issuer_infix`` is ``""`` when there is none); otherwise
    both are ``None``.
    """

    filing: bool
    device_class: int
    document_name: str
    document_name_en: str
    province_code: str
    province_name: str
    province_abbreviation: str
    issuer: str
    city_abbreviation: str | None
    issuer_infix: str | None
    year: int
    serial: str


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, drop spaces, dashes and a trailing 号.

    >>> compact("沪嘉 食药监械经营许 2018-7006 号")
    '沪嘉食药监械经营许20187006'
    """
    code = clean(number, KIND)
    return code[:-1] if code.endswith("号") else code


def _structure_error(code: str) -> InvalidFormat:
    if not code:
        return InvalidFormat(
            "device_business.format",
            position=1,
            found="",
            expected="a province abbreviation",
            expected_zh="省份简称",
        )
    if code[0] not in MAINLAND_ABBREVIATIONS:
        return InvalidFormat(
            "device_business.format",
            position=1,
            found=excerpt(code, 0),
            expected="a province abbreviation",
            expected_zh="省份简称",
        )
    return format_error("device_business.format", code, _STEPS, 1)


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the official rules and return the canonical number (without 号), or raise.

    >>> validate("粤穗药监械经营许2017116号")
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.InvalidFormat: Expected a serial number (4 digits; ...) at position 13, ...
    """
    code = compact(number)
    match = _STRUCTURE.fullmatch(code)
    if match is None:
        raise _structure_error(code)
    if code[0] not in MAINLAND_ABBREVIATIONS:
        raise InvalidComponent("device_business.province", position=1, char=code[0])
    check_issue_year(KIND, int(match[4]), match.start(4) + 1, as_of)
    return code


is_valid = make_is_valid(validate)


def format(number: object) -> str:
    """The printed form: the canonical number followed by 号."""
    return validate(number) + "号"


def _split_issuer(issuer: str) -> tuple[str, str] | None:
    """The city abbreviation and known infix (``""`` if none) of ``issuer``, or None."""
    split = _ISSUER.fullmatch(issuer)
    if split is not None and (split[2] is not None or len(issuer) <= 1):
        return split[1], split[2] or ""
    return None


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    """The soft findings of ``code``, a number ``validate`` accepted: the issuer infix,
    an early year, a filing dated before filings existed, and an unusual serial."""
    match = _STRUCTURE.fullmatch(code)
    assert match is not None  # validate checked it
    issuer, year, serial = match[2], int(match[4]), match[5]
    findings: list[Finding] = []
    if _split_issuer(issuer) is None:
        findings.append(Finding.of("device_business.infix_unknown", position=2, issuer=issuer))
    year_position = match.start(4) + 1
    if year < EARLIEST_YEAR:
        findings.append(
            Finding.of(
                "device_business.year_early",
                position=year_position,
                year=year,
                earliest=EARLIEST_YEAR,
            )
        )
    if DOCUMENT_TYPES[match[3]][0] and EARLIEST_YEAR <= year < FIRST_FILING_YEAR:
        findings.append(
            Finding.of(
                "device_business.filing_early",
                position=year_position,
                year=year,
                first_year=FIRST_FILING_YEAR,
            )
        )
    if len(serial) != USUAL_SERIAL_DIGITS or not serial.isdigit():
        findings.append(
            Finding.of("device_business.serial_unusual", position=match.start(5) + 1, serial=serial)
        )
    return tuple(findings)


def _analyse(
    number: object, *, as_of: datetime.date | None = None
) -> Analysis[DeviceBusinessParts]:
    code = validate(number, as_of=as_of)
    match = _STRUCTURE.fullmatch(code)
    assert match is not None  # validate checked it
    issuer, kind, year_text, serial = match[2], match[3], match[4], match[5]
    split = _split_issuer(issuer)
    city, infix = split if split is not None else (None, None)
    filing, device_class, document_name, document_name_en = DOCUMENT_TYPES[kind]
    province = by_abbreviation(code[0])
    assert province is not None  # validate checked it
    parts = DeviceBusinessParts(
        filing=filing,
        device_class=device_class,
        document_name=document_name,
        document_name_en=document_name_en,
        province_code=province.code,
        province_name=province.name,
        province_abbreviation=code[0],
        issuer=issuer,
        city_abbreviation=city,
        issuer_infix=infix,
        year=int(year_text),
        serial=serial,
    )
    return Analysis(code, parts, _soft(code, as_of))


def parse(number: object, *, as_of: datetime.date | None = None) -> DeviceBusinessParts:
    """Validate and decode the parts (licence or filing, province, issuer, year, serial)."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
