"""USCC (Unified Social Credit Code, 统一社会信用代码), GB 32100-2015.

The 18-character code every legal person and other organisation in mainland China
holds for life; it is printed on the business licence (营业执照).  Structure:

========  ==========================================================================
position  meaning
========  ==========================================================================
1         registering authority (登记管理部门): 9 = market regulation, 1 = 机构编制, 5 = 民政 …
2         entity type within that authority (机构类别): 91 enterprise, 92 个体工商户, 93 co-op
3–8       GB/T 2260 region code of the registering authority when the code was issued
9–17      organisation code (主体标识码, GB 11714); position 17 is its own check character
18        check character (GB 32100, MOD 31 over positions 1–17)
========  ==========================================================================

The 31 symbols are ``0-9`` and ``A-Y`` without ``I O S V Z``.

Official rules (a failure makes the number invalid): length, symbols, region digits,
province prefix, the GB 32100 check character and the GB 11714 check character of the
embedded organisation code (which catches most resident-ID numbers typed into a USCC
field).  Soft rules (a failure asks for review): the department/type table (taken from
secondary sources; letter authorities such as ``G`` are seen in the wild), the full
region code, and the Fujian pilot-era codes (region 35, organisation code ``M000…``)
that were issued before the standard and fail only the position-18 check.

>>> validate("91350100M000100Y43")
'91350100M000100Y43'
>>> validate("9135 0100 m000 100y 43")
'91350100M000100Y43'
>>> parse("92420106MA4K00002J").entity_type_name
'个体工商户'
>>> validate("91110000600037341M")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidChecksum: Check character is 'M', but the GB 32100 check gives 'L'.
>>> check("91350211M0000XUF46").verdict.value
'review'
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from qualcheck.numbers import regions
from qualcheck.numbers._base import (
    Analysis,
    Parts,
    looks_like_resident_id,
    make_check,
    make_findings,
    make_is_valid,
)
from qualcheck.numbers._checksums import (
    GB32100_ALPHABET,
    gb11714_check,
    gb32100_check,
    mod11_10_check,
)
from qualcheck.numbers._normalize import clean
from qualcheck.numbers._provinces import PROVINCES

__all__ = [
    "EXAMPLES",
    "KIND",
    "PATTERN",
    "TITLE",
    "USCCParts",
    "calc_check_digit",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "uscc"
TITLE = "USCC (Unified Social Credit Code, 统一社会信用代码)"
PATTERN = r"^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$"
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("91350100M000100Y43", "92420106MA4K00002J")
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""
_SOFT_TYPE_TABLE = "GB 32100 department/type table (secondary sources)"
_SOFT_REGION = "GB/T 2260 region table"
_SOFT_PILOT = "Fujian pilot-era USCC exception (empirical)"

CODES = define(
    Code(
        "uscc.length",
        Severity.ERROR,
        "A USCC has 18 characters, this has {length}.",
        "统一社会信用代码应为18位，实际为{length}位。",
    ),
    Code(
        "uscc.registration_number",
        Severity.ERROR,
        "This is a 15-digit business registration number (GS 15-2006), not a USCC: licences"
        " that print it are the old form the 2015 reform replaced; ask for the current licence.",
        "这是15位工商注册号（GS 15-2006），不是统一社会信用代码：印有注册号的是"
        "2015年“三证合一”改革前的旧版执照，请提供现行营业执照。",
    ),
    Code(
        "uscc.org_code_given",
        Severity.ERROR,
        "This is a 9-character organisation code (GB 11714), not a USCC: the USCC holds it in"
        " positions 9-17; ask for the 18-character code.",
        "这是9位组织机构代码（GB 11714），不是统一社会信用代码（统一社会信用代码的第9-17位"
        "即组织机构代码），请提供18位代码。",
    ),
    Code(
        "uscc.charset",
        Severity.ERROR,
        "Character {char!r} at position {position} is not a USCC symbol"
        " (0-9 and A-Y without I, O, S, V, Z){hint}.",
        "第{position}位的字符“{char}”不是统一社会信用代码字符"
        "（0-9及除I、O、S、V、Z外的大写字母）{hint_zh}。",
    ),
    Code(
        "uscc.region_format",
        Severity.ERROR,
        "Positions 3-8 (region code) must be digits; position {position} is {char!r}.",
        "第3-8位（行政区划码）应为数字，第{position}位为“{char}”。",
    ),
    Code(
        "uscc.province",
        Severity.ERROR,
        "Region code {region} does not start with a GB/T 2260 province code{hint}.",
        "行政区划码{region}的前两位不是有效的省级代码{hint_zh}。",
    ),
    Code(
        "uscc.checksum",
        Severity.ERROR,
        "Check character is {actual!r}, but the GB 32100 check gives {expected!r}.",
        "校验码为“{actual}”，按GB 32100计算应为“{expected}”。",
    ),
    Code(
        "uscc.org_code_checksum",
        Severity.ERROR,
        "The organisation code (positions 9-17) has check character {actual!r}, but GB 11714"
        " gives {expected!r}; is this another kind of number (a resident ID)?",
        "主体标识码（第9-17位）的校验码为“{actual}”，按GB 11714计算应为“{expected}”；"
        "是否误填了其他号码（如身份证号）？",
    ),
    Code(
        "uscc.authority_unknown",
        Severity.WARNING,
        "Registering-authority code {authority!r} is not in the published GB 32100 table.",
        "登记管理部门代码“{authority}”不在已公布的GB 32100代码表中。",
        rule=_SOFT_TYPE_TABLE,
    ),
    Code(
        "uscc.type_unknown",
        Severity.WARNING,
        "Entity-type code {entity_type!r} is not in the published table for authority"
        " {authority!r} ({authority_name}).",
        "机构类别代码“{entity_type}”不在登记管理部门“{authority}”（{authority_name}）的"
        "已公布代码表中。",
        rule=_SOFT_TYPE_TABLE,
    ),
    Code(
        "uscc.region_unknown",
        Severity.WARNING,
        "Region code {region} is not a known current or historical GB/T 2260 code.",
        "行政区划码{region}不是已知的现行或历史GB/T 2260代码。",
        rule=_SOFT_REGION,
    ),
    Code(
        "uscc.pilot_checksum",
        Severity.WARNING,
        "Check character {actual!r} does not match GB 32100 ({expected!r}), but this looks"
        " like a Fujian pilot-era code issued before the standard; confirm it with the"
        " registry.",
        "校验码“{actual}”与GB 32100计算结果“{expected}”不符，但形似标准发布前福建试点"
        "期间赋予的代码，请通过登记机关系统核实。",
        rule=_SOFT_PILOT,
    ),
    Code(
        "uscc.org_code_reserved",
        Severity.WARNING,
        "Organisation code {org_code} is in the PDY range GB 11714 reserves for internal use.",
        "主体标识码{org_code}属于GB 11714保留给内部使用的PDY号段。",
        rule="GB 11714 reserved range",
    ),
)

# Department (position 1) → (name, English name, {type (position 2): (name, English)}).
AUTHORITIES: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "1": (
        "机构编制",
        "institutional establishment",
        {
            "1": ("机关", "government organ"),
            "2": ("事业单位", "public institution"),
            "3": ("中央编办直接管理机构编制的群众团体", "mass organisation"),
            "9": ("其他", "other"),
        },
    ),
    "2": (
        "外交",
        "foreign affairs",
        {
            "1": ("外国常驻新闻机构", "resident foreign news agency"),
            "9": ("其他", "other"),
        },
    ),
    "3": (
        "司法行政",
        "justice administration",
        {
            "1": ("律师执业机构", "law firm"),
            "2": ("公证处", "notary office"),
            "3": ("基层法律服务所", "basic legal service office"),
            "4": ("司法鉴定机构", "forensic appraisal institution"),
            "5": ("仲裁委员会", "arbitration commission"),
            "9": ("其他", "other"),
        },
    ),
    "4": (
        "文化",
        "culture",
        {
            "1": ("外国在华文化中心", "foreign cultural centre"),
            "9": ("其他", "other"),
        },
    ),
    "5": (
        "民政",
        "civil affairs",
        {
            "1": ("社会团体", "social organisation"),
            "2": ("民办非企业单位", "private non-enterprise unit"),
            "3": ("基金会", "foundation"),
            "9": ("其他", "other"),
        },
    ),
    "6": (
        "旅游",
        "tourism",
        {
            "1": ("外国旅游部门常驻代表机构", "foreign tourism office"),
            "2": (
                "港澳台地区旅游部门常驻内地（大陆）代表机构",
                "Hong Kong/Macao/Taiwan tourism office",
            ),
            "9": ("其他", "other"),
        },
    ),
    "7": (
        "宗教",
        "religious affairs",
        {
            "1": ("宗教活动场所", "place of religious activity"),
            "2": ("宗教院校", "religious school"),
            "9": ("其他", "other"),
        },
    ),
    "8": (
        "工会",
        "trade union",
        {
            "1": ("基层工会", "grassroots trade union"),
            "9": ("其他", "other"),
        },
    ),
    "9": (
        "工商（市场监管）",
        "market regulation",
        {
            "1": ("企业", "enterprise"),
            "2": ("个体工商户", "individual business"),
            "3": ("农民专业合作社", "farmers' cooperative"),
        },
    ),
    "A": (
        "中央军委改革和编制办公室",
        "military establishment office",
        {
            "1": ("军队事业单位", "military public institution"),
            "9": ("其他", "other"),
        },
    ),
    "N": (
        "农业",
        "agriculture",
        {
            "1": ("组级集体经济组织", "group-level collective economic organisation"),
            "2": ("村级集体经济组织", "village-level collective economic organisation"),
            "3": ("乡镇级集体经济组织", "township-level collective economic organisation"),
            "9": ("其他", "other"),
        },
    ),
    "Y": (
        "其他",
        "other",
        {
            "1": ("其他", "other"),
        },
    ),
}
"""The published department/type table (GB 32100 with amendment XG1-2016)."""

_STRUCTURE = re.compile(r"[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}")
_SYMBOLS = frozenset(GB32100_ALPHABET)
_PROVINCE_PREFIXES = frozenset(PROVINCES) | {"10"}
_LOOKALIKES = {"I": "1", "O": "0", "S": "5", "V": "U", "Z": "2"}


@dataclass(frozen=True, slots=True)
class USCCParts(Parts):
    """The decoded parts of a USCC.  Names are ``None`` where the tables have no entry."""

    authority: str
    authority_name: str | None
    authority_name_en: str | None
    entity_type: str
    entity_type_name: str | None
    entity_type_name_en: str | None
    region_code: str
    region_name: str | None
    org_code: str
    check_char: str
    pilot: bool


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, drop spaces, dashes and zero-width characters, upper-case.

    >>> compact("９１３５０１００Ｍ０００１００Ｙ４３")
    '91350100M000100Y43'
    """
    return clean(number, KIND)


_ORG_CODE = re.compile(r"[0-9A-Z]{8}[0-9X]")


def _structure_error(code: str) -> InvalidFormat:
    if len(code) != 18:
        return InvalidLength(_older_number(code) or "uscc.length", length=len(code))
    for index, char in enumerate(code):
        if char not in _SYMBOLS:
            hint = _LOOKALIKES.get(char)
            return InvalidFormat(
                "uscc.charset",
                position=index + 1,
                char=char,
                hint=f"; perhaps {hint!r} was meant" if hint else "",
                hint_zh=f"，可能应为“{hint}”" if hint else "",
            )
    index = next(i for i in range(2, 8) if not code[i].isdigit())
    return InvalidFormat("uscc.region_format", position=index + 1, char=code[index])


def _older_number(code: str) -> str | None:
    """The code naming the number a USCC replaced, when ``code`` (of the wrong length) is
    one with a valid check character: a registration number or an organisation code.

    >>> _older_number("330106000129004"), _older_number("600037341"), _older_number("600037342")
    ('uscc.registration_number', 'uscc.org_code_given', None)
    """
    if len(code) == 15 and code.isdigit() and mod11_10_check(code[:14]) == code[14]:
        return "uscc.registration_number"
    if _ORG_CODE.fullmatch(code) and gb11714_check(code[:8]) == code[8]:
        return "uscc.org_code_given"
    return None


def _province_error(code: str) -> InvalidComponent:
    """``uscc.province`` for ``code``.  A resident-ID number typed into a USCC field has
    its birth date from position 7 on: the region code quoted (positions 3-8) is then
    masked from position 7, as the ID number is, and the message names the mistake.

    >>> error = _province_error("152830198709089106")
    >>> error.ctx["region"], error.message_zh
    ('2830**', '行政区划码2830**的前两位不是有效的省级代码；其格式为身份证号码（已部分隐藏）。')
    """
    if looks_like_resident_id(code):
        return InvalidComponent(
            "uscc.province",
            position=3,
            region=code[2:6] + "**",
            hint="; this has the form of a resident-ID number (masked here)",
            hint_zh="；其格式为身份证号码（已部分隐藏）",
        )
    return InvalidComponent("uscc.province", position=3, region=code[2:8], hint="", hint_zh="")


def _is_pilot(code: str, org_check: str) -> bool:
    return code[2:4] == "35" and code[8:12] == "M000" and org_check == code[16]


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the official rules and return the canonical code, or raise.

    Fujian pilot-era codes pass (``check`` reports them for review).  ``as_of`` is
    accepted for the common interface; no USCC rule depends on the date.

    >>> validate("362322198709086409")
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.InvalidChecksum: The organisation code ...
    """
    code = clean(number, KIND)
    if _STRUCTURE.fullmatch(code) is None:
        raise _structure_error(code)
    if code[2:4] not in _PROVINCE_PREFIXES:
        raise _province_error(code)
    org_check = gb11714_check(code[8:16])
    check_char = gb32100_check(code[:17])
    if check_char != code[17] and not _is_pilot(code, org_check):
        raise InvalidChecksum("uscc.checksum", position=18, expected=check_char, actual=code[17])
    if org_check != code[16]:
        raise InvalidChecksum(
            "uscc.org_code_checksum", position=17, expected=org_check, actual=code[16]
        )
    return code


is_valid = make_is_valid(validate)


def calc_check_digit(number: object) -> str:
    """The GB 32100 check character (position 18) for the first 17 characters.

    >>> calc_check_digit("91110000600037341")
    'L'
    """
    body = clean(number, KIND)[:17]
    if len(body) != 17 or not _SYMBOLS.issuperset(body):
        raise _structure_error(body + "0")
    return gb32100_check(body)


def format(number: object) -> str:
    """The canonical printed form (USCCs are printed without separators)."""
    return validate(number)


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    authority = AUTHORITIES.get(code[0])
    if authority is None:
        findings.append(Finding.of("uscc.authority_unknown", position=1, authority=code[0]))
    elif code[1] not in authority[2]:
        findings.append(
            Finding.of(
                "uscc.type_unknown",
                position=2,
                authority=code[0],
                authority_name=authority[0],
                entity_type=code[1],
            )
        )
    if not regions.is_known(code[2:8]):
        findings.append(Finding.of("uscc.region_unknown", position=3, region=code[2:8]))
    expected = gb32100_check(code[:17])
    if expected != code[17]:
        findings.append(
            Finding.of("uscc.pilot_checksum", position=18, expected=expected, actual=code[17])
        )
    if code[8:11] == "PDY":
        findings.append(Finding.of("uscc.org_code_reserved", position=9, org_code=code[8:17]))
    return tuple(findings)


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[USCCParts]:
    code = validate(number)
    authority = AUTHORITIES.get(code[0])
    type_name = authority[2].get(code[1]) if authority else None
    parts = USCCParts(
        authority=code[0],
        authority_name=authority[0] if authority else None,
        authority_name_en=authority[1] if authority else None,
        entity_type=code[1],
        entity_type_name=type_name[0] if type_name else None,
        entity_type_name_en=type_name[1] if type_name else None,
        region_code=code[2:8],
        region_name=regions.full_name(code[2:8]),
        org_code=code[8:17],
        check_char=code[17],
        pilot=gb32100_check(code[:17]) != code[17],
    )
    return Analysis(code, parts, _soft(code))


def parse(number: object, *, as_of: datetime.date | None = None) -> USCCParts:
    """Validate and decode the parts (authority, entity type, region, organisation code)."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
