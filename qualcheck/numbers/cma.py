"""CMA (Inspection and Testing Body Qualification Certificate, 检验检测机构资质认定证书编号).

Inspection and testing bodies whose reports have evidential value in China need a
资质认定 (qualification) and print the "CMA" mark with their certificate number
(检验检测机构资质认定管理办法, AQSIQ order no. 163, 2015, amended by SAMR in 2021).  The
certificate is issued by SAMR/CNCA or a provincial market regulator and runs six years.
The number has 12 digits, e.g. ``211900000001``:

========  ==========================================================================
position  meaning
========  ==========================================================================
1–2       issue year (20YY)
3–4       issuing authority: 00 国家认监委 (national), 01 北京 … 31 新疆 (provincial)
5–6       professional field: 00 食品 (food) … 20 综合 (comprehensive), 21 其他 (other)
7–8       competent industry department: 00 教育 (education) … 34 其他 (other)
9–12      serial number, from 0001
========  ==========================================================================

There is no check digit.  Official rules (a failure makes the number invalid): 12 digits
and an issue year not later than the year of the check date.  The tables of positions
3-8 come from one third-party page (no official notice was found), so codes outside them,
a serial 0000 and an issue year before 2015 (12-digit numbers came with the 2015
measures) only ask for review.  A number of the regime before 2015 (计量认证: the year in
four digits, six digits and a letter, e.g. ``2012002644Z``) is refused with its own code:
those certificates ran three years and were replaced.

>>> validate("2119 0000 0001")
'211900000001'
>>> parse("211900000001").authority_name
'广东省'
>>> check("214000000001").verdict.value
'review'
>>> validate("21190000001")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidLength: A CMA certificate number has 12 digits, this has 11.
>>> [f.code for f in check("141900000001").findings]
['cma.year_early']
>>> validate("2012002644Z")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidComponent: This reads like a certificate number of the regime ...
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from qualcheck.numbers._base import Analysis, Parts, make_check, make_findings, make_is_valid
from qualcheck.numbers._dates import check_issue_year
from qualcheck.numbers._normalize import clean
from qualcheck.numbers._provinces import PROVINCES

__all__ = [
    "AUTHORITIES",
    "DEPARTMENTS",
    "EXAMPLES",
    "FIELDS",
    "KIND",
    "PATTERN",
    "TITLE",
    "CMAParts",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "cma"
TITLE = "CMA (Inspection and Testing Body Qualification Certificate, 检验检测机构资质认定证书编号)"
PATTERN = r"^[0-9]{12}$"
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("211900000001",)
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""

_SOFT_TABLE = "CMA certificate-number code tables (one third-party source)"

EARLIEST_YEAR = 2015
"""Issue years before this ask for review: 12-digit certificate numbers came with the
检验检测机构资质认定管理办法 of 2015 (earlier certificates read like ``2012002644Z``)."""

CODES = define(
    Code(
        "cma.length",
        Severity.ERROR,
        "A CMA certificate number has 12 digits, this has {length}.",
        "检验检测机构资质认定证书编号应为12位数字，实际为{length}位。",
    ),
    Code(
        "cma.charset",
        Severity.ERROR,
        "Character {char!r} at position {position} is not a digit; a CMA certificate number"
        " has 12 digits.",
        "第{position}位的字符“{char}”不是数字；资质认定证书编号为12位数字。",
    ),
    Code(
        "cma.year_future",
        Severity.ERROR,
        "Issue year {year} (positions 1-2) is later than {as_of_year}, the year of the check date.",
        "发证年份{year}（第1-2位）晚于核验日期所在年份{as_of_year}。",
    ),
    Code(
        "cma.superseded_format",
        Severity.ERROR,
        "This reads like a certificate number of the regime before 2015 (the year, six"
        " digits and a letter, e.g. 2012002644Z); such certificates ran three years and were"
        " replaced by 12-digit numbers: ask for the current certificate.",
        "这是2015年以前计量认证证书的编号（四位年份、六位数字和一个字母，如2012002644Z）；"
        "此类证书有效期三年，已由12位编号的资质认定证书取代，请提供现行证书。",
    ),
    Code(
        "cma.year_early",
        Severity.WARNING,
        "Issue year {year} (positions 1-2) is before {earliest}; 12-digit certificate numbers"
        " came with the 2015 qualification measures, so confirm the number with the issuing"
        " regulator.",
        "发证年份{year}（第1-2位）早于{earliest}年；12位资质认定证书编号自2015年资质认定"
        "管理办法施行后启用，请向发证部门核实。",
        rule="12-digit certificate numbers of the 2015 qualification measures",
    ),
    Code(
        "cma.authority_unknown",
        Severity.WARNING,
        "Issuing-authority code {authority} (positions 3-4) is not in the table 00-31.",
        "发证机关代码{authority}（第3-4位）不在00-31的代码表中。",
        rule=_SOFT_TABLE,
    ),
    Code(
        "cma.field_unknown",
        Severity.WARNING,
        "Professional-field code {field} (positions 5-6) is not in the table 00-21.",
        "专业领域代码{field}（第5-6位）不在00-21的代码表中。",
        rule=_SOFT_TABLE,
    ),
    Code(
        "cma.department_unknown",
        Severity.WARNING,
        "Competent-department code {department} (positions 7-8) is not in the table 00-34.",
        "行业主管部门代码{department}（第7-8位）不在00-34的代码表中。",
        rule=_SOFT_TABLE,
    ),
    Code(
        "cma.serial_zero",
        Severity.WARNING,
        "Serial number 0000 (positions 9-12): serial numbers start at 0001.",
        "流水号为0000（第9-12位），流水号应从0001开始。",
        rule=_SOFT_TABLE,
    ),
)

_MAINLAND = [province for province in PROVINCES.values() if province.code not in {"71", "81", "82"}]

AUTHORITIES: dict[str, tuple[str, str]] = {
    "00": ("国家认监委", "CNCA (national)"),
    **{f"{index:02d}": (p.name, p.name_en) for index, p in enumerate(_MAINLAND, start=1)},
}
"""Positions 3-4 → (issuing authority, English): 00 national, 01-31 the provincial
market regulator of each mainland province in GB/T 2260 order."""

FIELDS: dict[str, tuple[str, str]] = {
    "00": ("食品", "food"),
    "01": ("建筑工程", "construction engineering"),
    "02": ("建材", "building materials"),
    "03": ("卫生计生", "health and family planning"),
    "04": ("农林牧渔", "agriculture, forestry, animal husbandry and fishery"),
    "05": ("机动车安检", "motor-vehicle safety inspection"),
    "06": ("公安刑事技术", "police forensic science"),
    "07": ("司法鉴定", "judicial expertise"),
    "08": ("机械", "machinery"),
    "09": ("电子信息", "electronics and information"),
    "10": ("轻工", "light industry"),
    "11": ("纺织服装", "textiles and clothing"),
    "12": ("环境与环保", "environment"),
    "13": ("水质", "water quality"),
    "14": ("化工", "chemicals"),
    "15": ("医疗器械", "medical devices"),
    "16": ("采矿冶金", "mining and metallurgy"),
    "17": ("能源", "energy"),
    "18": ("医学", "medicine"),
    "19": ("生物安全", "biosafety"),
    "20": ("综合", "comprehensive"),
    "21": ("其他", "other"),
}
"""Positions 5-6 → (professional field, English).  Any food-testing capability gives 00."""

DEPARTMENTS: dict[str, tuple[str, str]] = {
    "00": ("教育", "education"),
    "01": ("工业和信息", "industry and information technology"),
    "02": ("公安", "public security"),
    "03": ("司法", "justice"),
    "04": ("国土资源", "land and resources"),
    "05": ("环保", "environmental protection"),
    "06": ("住房与建设", "housing and construction"),
    "07": ("交通", "transport"),
    "08": ("水利", "water resources"),
    "09": ("农业", "agriculture"),
    "10": ("卫计委", "health and family planning"),
    "11": ("技术监督", "technical supervision"),
    "12": ("检验检疫", "inspection and quarantine"),
    "13": ("安全生产", "work safety"),
    "14": ("食品药品", "food and drugs"),
    "15": ("林业", "forestry"),
    "16": ("中科院", "Chinese Academy of Sciences"),
    "17": ("粮食", "grain"),
    "18": ("国防科工", "defence science and industry"),
    "19": ("海洋", "oceans"),
    "20": ("测绘", "surveying and mapping"),
    "21": ("铁路", "railways"),
    "22": ("机械", "machinery"),
    "23": ("化工", "chemicals"),
    "24": ("石油", "petroleum"),
    "25": ("电力", "electric power"),
    "26": ("轻工", "light industry"),
    "27": ("商贸", "commerce and trade"),
    "28": ("建材", "building materials"),
    "29": ("供销", "supply and marketing co-operatives"),
    "30": ("分析测试与冶金", "analysis, testing and metallurgy"),
    "31": ("有色", "non-ferrous metals"),
    "32": ("节能", "energy saving"),
    "33": ("军队", "armed forces"),
    "34": ("其他", "other"),
}
"""Positions 7-8 → (competent industry department, English)."""

_DIGITS = frozenset("0123456789")
_MARK = "CMA"
"""The mark a report prints with the number (``CMA 211900000001``): not part of it."""
_SUPERSEDED = re.compile(r"(?:19|20)[0-9]{8}[A-Z]")
"""A number of the regime before 2015: the year in four digits, six digits, a letter."""


@dataclass(frozen=True, slots=True)
class CMAParts(Parts):
    """The decoded parts of a CMA certificate number.  Names are ``None`` outside the tables."""

    year: int
    authority: str
    authority_name: str | None
    authority_name_en: str | None
    field: str
    field_name: str | None
    field_name_en: str | None
    department: str
    department_name: str | None
    department_name_en: str | None
    serial: str


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, drop spaces, dashes and zero-width characters, and
    the "CMA" mark printed in front of the number on reports.

    >>> compact("２１１９-００００-０００１")
    '211900000001'
    >>> compact("CMA 2119 0000 0001")
    '211900000001'
    """
    code = clean(number, KIND)
    if code.startswith(_MARK) and code[len(_MARK) : len(_MARK) + 1].isdigit():
        return code[len(_MARK) :]
    return code


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the official rules and return the 12 digits, or raise.

    >>> validate("271900000001", as_of=datetime.date(2026, 12, 31))
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.InvalidComponent: Issue year 2027 (positions 1-2) is later than 2026, ...
    """
    code = compact(number)
    if len(code) != 12 or not _DIGITS.issuperset(code):
        if _SUPERSEDED.fullmatch(code):
            raise InvalidComponent("cma.superseded_format", position=1)
        for index, char in enumerate(code, start=1):
            if char not in _DIGITS:
                raise InvalidFormat("cma.charset", position=index, char=char)
        raise InvalidLength("cma.length", length=len(code))
    year = 2000 + int(code[:2])
    check_issue_year(KIND, year, 1, as_of)
    return code


is_valid = make_is_valid(validate)


def format(number: object) -> str:
    """The canonical printed form (12 digits without separators)."""
    return validate(number)


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    """The soft findings of ``code``, a number ``validate`` accepted: an issue year before
    the 12-digit numbering, the code tables of positions 3-8 and a serial 0000."""
    authority, field, department = code[2:4], code[4:6], code[6:8]
    findings: list[Finding] = []
    year = 2000 + int(code[:2])
    if year < EARLIEST_YEAR:
        findings.append(Finding.of("cma.year_early", position=1, year=year, earliest=EARLIEST_YEAR))
    if authority not in AUTHORITIES:
        findings.append(Finding.of("cma.authority_unknown", position=3, authority=authority))
    if field not in FIELDS:
        findings.append(Finding.of("cma.field_unknown", position=5, field=field))
    if department not in DEPARTMENTS:
        findings.append(Finding.of("cma.department_unknown", position=7, department=department))
    if code[8:] == "0000":
        findings.append(Finding.of("cma.serial_zero", position=9))
    return tuple(findings)


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[CMAParts]:
    code = validate(number, as_of=as_of)
    authority, field, department, serial = code[2:4], code[4:6], code[6:8], code[8:]
    authority_name = AUTHORITIES.get(authority)
    field_name = FIELDS.get(field)
    department_name = DEPARTMENTS.get(department)
    parts = CMAParts(
        year=2000 + int(code[:2]),
        authority=authority,
        authority_name=authority_name[0] if authority_name else None,
        authority_name_en=authority_name[1] if authority_name else None,
        field=field,
        field_name=field_name[0] if field_name else None,
        field_name_en=field_name[1] if field_name else None,
        department=department,
        department_name=department_name[0] if department_name else None,
        department_name_en=department_name[1] if department_name else None,
        serial=serial,
    )
    return Analysis(code, parts, _soft(code, as_of))


def parse(number: object, *, as_of: datetime.date | None = None) -> CMAParts:
    """Validate and decode the parts (year, authority, field, department, serial)."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
