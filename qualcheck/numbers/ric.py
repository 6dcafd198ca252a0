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
birth date) is documented only by secondary sources, so layout problems are soft.  The
cards of 2004 and 2017, still valid beside the new ones, carry 3 letters (the
nationality, ISO 3166-1 alpha-3) and 12 digits; no layout or check of those digits is
published, so only the shape is checked and such a number always asks for review.
Legacy 15-digit numbers (GB 11643-1989: no check digit, two-digit year) are accepted for
matching old records but reported for review: first-generation cards stopped being valid
on 2013-01-01.

Official rules: length, characters, province prefix, a real birth date not after today
(or ``as_of``), the check character.  Soft rules: the full region code, checked against
every code ever valid — a number keeps the code of its registration, even if the county
was renamed later or the code is younger than the holder — the legacy form, and the
permanent-residence layout and nationality.

Other identity documents (passports, the travel permits of Hong Kong, Macao and Taiwan
residents) have numbers that are not built on GB 11643 and cannot be checked: one with
the unmistakable form of such a number is refused with ``ric.other_document``, which
names the document (:func:`other_document` tells it).

Resident-ID numbers are personal data: ``check`` results are masked in ``to_dict()``
unless ``reveal=True``.  The examples below are the illustrative numbers of the standard.

>>> validate("11010519491231002x")
'11010519491231002X'
>>> parse("440524188001010014").birth_date
datetime.date(1880, 1, 1)
>>> parse("810000199408230021").holder_type
'hk_permit'
>>> parse("USA310080101234").nationality_code
'USA'
>>> mask("11010519491231002X")
'110105********002X'
>>> validate("110105194912310021")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidChecksum: Check character is '1', but ISO 7064 MOD 11-2 gives 'X'.
>>> validate("H12345678")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidFormat: Not an ID number built on GB 11643: this has the form of a ...
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
from qualcheck.numbers._dates import compact_date, is_calendar_date, resolve, today_compact
from qualcheck.numbers._normalize import clean
from qualcheck.numbers._provinces import PROVINCES

__all__ = [
    "EXAMPLES",
    "HOLDER_TYPES",
    "KIND",
    "OTHER_DOCUMENTS",
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
    "other_document",
    "parse",
    "upgrade",
    "validate",
]

KIND = "ric"
TITLE = "RIC (Resident Identity Card number, 公民身份号码)"
PATTERN = r"^(?:[0-9]{17}[0-9X]|[0-9]{15}|[A-Z]{3}[0-9]{12})$"
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
        "不符合2023版外国人永久居留身份证号码的公开编码结构（{detail_zh}）。",
        rule="2023 permanent-residence ID layout (secondary sources)",
    ),
    Code(
        "ric.pr_nationality",
        Severity.WARNING,
        "Nationality code {nationality} (positions {position}-{end}) is not an ISO 3166-1"
        " country code.",
        "国籍代码{nationality}（第{position}-{end}位）不是ISO 3166-1国家代码。",
        rule="permanent-residence ID nationality: ISO 3166-1 (secondary sources)",
    ),
    Code(
        "ric.pr_old_form",
        Severity.WARNING,
        "A permanent-residence ID of the 2004/2017 form (3 letters and 12 digits): no layout"
        " or check of its digits is published, so only its form was checked; verify the card.",
        "2004/2017版外国人永久居留身份证号码（3个字母加12位数字）：其数字部分的编码结构和校验"
        "规则未公布，仅核对了格式，请核验证件。",
        rule="2004/2017 permanent-residence ID: no published layout or check",
    ),
    Code(
        "ric.other_document",
        Severity.ERROR,
        "Not an ID number built on GB 11643: this has the form of a {document} number,"
        " which cannot be checked here.",
        "不是按GB 11643编制的身份号码：其格式为{document_zh}号码，无法在此校验。",
    ),
    Code(
        "ric.unverifiable_document",
        Severity.WARNING,
        "The number of a {document} is not built on GB 11643 and cannot be checked:"
        " verify the document itself.",
        "{document_zh}的号码不是按GB 11643编制的，无法校验，请人工核验证件。",
        rule="only numbers built on GB 11643 (resident ID, residence permits,"
        " permanent-residence ID) can be checked",
    ),
    Code(
        "ric.id_type_needed",
        Severity.WARNING,
        "Not a resident-ID number, and no id_type says which document it is: it has the form"
        " of another identity document's number (a travel permit's, a passport's), which"
        " cannot be checked; give id_type and verify the document.",
        "不是居民身份证号码，且未填写证件类型：其格式属于其他身份证件（通行证、护照等）的号码，"
        "无法校验；请填写证件类型并人工核验证件。",
        rule="a number in another identity document's form, given without id_type, is"
        " reviewed, never judged by GB 11643",
    ),
    Code(
        "ric.id_type_mismatch",
        Severity.WARNING,
        "The number is that of a {found}, but id_type names a {declared}: verify which"
        " document was shown.",
        "号码属于{found_zh}，但证件类型为{declared_zh}，请核实所出示的证件。",
        rule="id_type and the number's form name the same document",
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

OTHER_DOCUMENTS: dict[str, tuple[str, str]] = {
    "passport": ("护照", "passport"),
    "hk_macao_travel_permit": (
        "港澳居民来往内地通行证",
        "Mainland Travel Permit for Hong Kong and Macao Residents",
    ),
    "taiwan_travel_permit": (
        "台湾居民来往大陆通行证",
        "Mainland Travel Permit for Taiwan Residents",
    ),
}
"""Identity documents whose numbers are not built on GB 11643 → (Chinese name, English name)."""

_OTHER_SHAPES = (
    # 回乡证: H (Hong Kong) or M (Macao), the holder's 8 digits, and 2 more on the 2013 card
    (re.compile(r"[HM](?:[0-9]{8}|[0-9]{10})"), "hk_macao_travel_permit"),
    # ordinary passports of the People's Republic: E + 8 digits or E + letter + 7 digits
    # (e-passports), G + 8 digits (before 2012)
    (re.compile(r"E(?:[0-9]{8}|[A-HJ-NP-Z][0-9]{7})|G[0-9]{8}"), "passport"),
)
"""Forms no GB 11643 number can take that tell another document.  Forms other numbers
share (a Taiwan travel permit's 8 or 10 digits, a foreign passport) are not guessed."""

_PERMITS = {"81": "hk_permit", "82": "macao_permit", "83": "taiwan_permit"}
_PREFIXES_18 = frozenset(PROVINCES) | {"83"}
_PREFIXES_15 = frozenset(PROVINCES) - {"71", "81", "82"}
_RE_18 = re.compile(r"[0-9]{17}[0-9X]")
_RE_15 = re.compile(r"[0-9]{15}")
_RE_PR_OLD = re.compile(r"[A-Z]{3}[0-9]{12}")
_PLAUSIBLE_YEAR = 1870
_PR_PROVINCES = frozenset(PROVINCES) - {"71", "81", "82"}
"""Provinces with an immigration authority that accepts permanent-residence applications."""

_ISO_3166 = re.findall(
    r"[A-Z]{3}[0-9]{3}",
    """
AFG004 ALA248 ALB008 DZA012 ASM016 AND020 AGO024 AIA660 ATA010 ATG028 ARG032 ARM051 ABW533
AUS036 AUT040 AZE031 BHS044 BHR048 BGD050 BRB052 BLR112 BEL056 BLZ084 BEN204 BMU060 BTN064
BOL068 BES535 BIH070 BWA072 BVT074 BRA076 IOT086 BRN096 BGR100 BFA854 BDI108 CPV132 KHM116
CMR120 CAN124 CYM136 CAF140 TCD148 CHL152 CHN156 CXR162 CCK166 COL170 COM174 COG178 COD180
COK184 CRI188 CIV384 HRV191 CUB192 CUW531 CYP196 CZE203 DNK208 DJI262 DMA212 DOM214 ECU218
EGY818 SLV222 GNQ226 ERI232 EST233 SWZ748 ETH231 FLK238 FRO234 FJI242 FIN246 FRA250 GUF254
PYF258 ATF260 GAB266 GMB270 GEO268 DEU276 GHA288 GIB292 GRC300 GRL304 GRD308 GLP312 GUM316
GTM320 GGY831 GIN324 GNB624 GUY328 HTI332 HMD334 VAT336 HND340 HKG344 HUN348 ISL352 IND356
IDN360 IRN364 IRQ368 IRL372 IMN833 ISR376 ITA380 JAM388 JPN392 JEY832 JOR400 KAZ398 KEN404
KIR296 PRK408 KOR410 KWT414 KGZ417 LAO418 LVA428 LBN422 LSO426 LBR430 LBY434 LIE438 LTU440
LUX442 MAC446 MDG450 MWI454 MYS458 MDV462 MLI466 MLT470 MHL584 MTQ474 MRT478 MUS480 MYT175
MEX484 FSM583 MDA498 MCO492 MNG496 MNE499 MSR500 MAR504 MOZ508 MMR104 NAM516 NRU520 NPL524
NLD528 NCL540 NZL554 NIC558 NER562 NGA566 NIU570 NFK574 MKD807 MNP580 NOR578 OMN512 PAK586
PLW585 PSE275 PAN591 PNG598 PRY600 PER604 PHL608 PCN612 POL616 PRT620 PRI630 QAT634 REU638
ROU642 RUS643 RWA646 BLM652 SHN654 KNA659 LCA662 MAF663 SPM666 VCT670 WSM882 SMR674 STP678
SAU682 SEN686 SRB688 SYC690 SLE694 SGP702 SXM534 SVK703 SVN705 SLB090 SOM706 ZAF710 SGS239
SSD728 ESP724 LKA144 SDN729 SUR740 SJM744 SWE752 CHE756 SYR760 TWN158 TJK762 TZA834 THA764
TLS626 TGO768 TKL772 TON776 TTO780 TUN788 TUR792 TKM795 TCA796 TUV798 UGA800 UKR804 ARE784
GBR826 USA840 UMI581 URY858 UZB860 VUT548 VEN862 VNM704 VGB092 VIR850 WLF876 ESH732 YEM887
ZMB894 ZWE716
""",
)
"""ISO 3166-1: alpha-3 code and numeric code of each of the 249 countries and territories."""
_ALPHA_3 = frozenset(entry[:3] for entry in _ISO_3166)
_NUMERIC = frozenset(entry[3:] for entry in _ISO_3166)


@dataclass(frozen=True, slots=True)
class RICParts(Parts):
    """The decoded parts.  Birth date, sex and sequence are personal data.

    ``nationality_code`` is set for permanent-residence IDs: ISO 3166-1 numeric on the
    2023 card, alpha-3 on the 2004/2017 card, whose other parts are not decoded
    (``region_code``, ``sex`` and ``sequence`` are empty, ``birth_date`` is ``None``).
    """

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
    """Normalise: full-width to ASCII, drop spaces and dashes, ``x`` to ``X``; a
    multiplication sign ``×`` as the last of 18 characters, as Chinese input methods
    offer it for the check character, is ``X`` too.

    >>> compact("11010519491231002×")
    '11010519491231002X'
    """
    code = clean(number, KIND)
    if len(code) == 18 and code[17] == "\u00d7":
        return code[:17] + "X"
    return code


def other_document(number: object) -> str | None:
    """The identity document (a key of :data:`OTHER_DOCUMENTS`) whose number ``number``
    unmistakably is, or ``None``: a passport of the People's Republic, a Mainland Travel
    Permit for Hong Kong and Macao Residents.  Never raises.

    >>> other_document("H12345678"), other_document("e 1234 5678"), other_document("12345678")
    ('hk_macao_travel_permit', 'passport', None)
    """
    try:
        code = compact(number)
    except InvalidFormat:
        return None
    for shape, document in _OTHER_SHAPES:
        if shape.fullmatch(code) is not None:
            return document
    return None


def _structure_error(code: str) -> InvalidFormat:
    for shape, document in _OTHER_SHAPES:
        if shape.fullmatch(code) is not None:
            zh, en = OTHER_DOCUMENTS[document]
            return InvalidFormat("ric.other_document", document=en, document_zh=zh)
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
    limit = today_compact() if as_of is None else compact_date(as_of)
    if digits > limit:
        raise InvalidComponent("ric.birth_date_future", position=position, as_of=resolve(as_of))


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the official rules and return the canonical number, or raise.

    Legacy 15-digit numbers and permanent-residence IDs of the 2004/2017 form (3 letters
    and 12 digits) pass (``check`` reports them for review).
    """
    code = compact(number)
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
    if len(code) == 15 and _RE_PR_OLD.fullmatch(code) is not None:
        return code  # a permanent-residence ID of 2004/2017: only its form is known
    raise _structure_error(code)


is_valid = make_is_valid(validate)


def calc_check_digit(number: object) -> str:
    """The MOD 11-2 check character for the first 17 digits.

    >>> calc_check_digit("44052418800101001")
    '4'
    """
    body = compact(number)[:17]
    if len(body) != 17 or _RE_15.fullmatch(body[:15]) is None or not body[15:].isdigit():
        raise _structure_error(body + "0")
    return mod11_2_check(body)


def upgrade(number: object) -> str:
    """The 18-digit form of a valid number (15-digit numbers get century and check digit).

    A permanent-residence ID of the 2004/2017 form has no 18-digit form (the 2023 card has
    a new number): it is returned as it is.

    >>> upgrade("110105491231002")
    '11010519491231002X'
    """
    code = validate(number)
    if len(code) == 18 or not code.isdigit():
        return code
    body = code[:6] + _legacy_birth(code) + code[12:15]
    return body + mod11_2_check(body)


def format(number: object) -> str:
    """The printed form (no separators)."""
    return validate(number)


def mask(number: object) -> str:
    """The number with the birth date and sequence hidden.

    An 18-character number keeps its first 6 and last 4 characters, a 15-digit one its
    first 6 and last 3 (its last 4 would show a digit of the birth date), a 2004/2017
    permanent-residence ID its 3 letters and last 2 digits; anything else (a typo, another
    document's number) is hidden whole up to 10 characters, and keeps its first character
    and last 2 when longer.  Works on anything
    ``compact`` accepts, valid or not, so it is safe for logging.

    >>> mask("110105491231002"), mask("USA310080101234"), mask("H1234567801")
    ('110105******002', 'USA**********34', 'H********01')
    """
    code = compact(number)
    if len(code) == 18:
        return mask_middle(code)
    if _RE_15.fullmatch(code) is not None:
        return mask_middle(code, 6, 3)
    if _RE_PR_OLD.fullmatch(code) is not None:
        return mask_middle(code, 3, 2)
    return mask_middle(code, 1, 2) if len(code) > 10 else "*" * len(code)


def _holder_type(code: str) -> str:
    if len(code) == 15:
        return "resident" if code.isdigit() else "foreigner_pr"
    if code[0] == "9":
        return "foreigner_pr"
    return _PERMITS.get(code[:2], "resident")


def _birth_date(digits: str) -> datetime.date | None:
    if not is_calendar_date(digits):
        return None
    return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


def _pr_findings(code: str, birth: datetime.date | None, as_of: datetime.date) -> list[Finding]:
    problems, problems_zh = [], []
    if code[1:3] not in _PR_PROVINCES:
        problems.append(f"positions 2-3 {code[1:3]} are not a province code")
        problems_zh.append(f"第2-3位{code[1:3]}不是省级代码")
    if birth is None or birth > as_of:
        problems.append("positions 7-14 are not a past birth date")
        problems_zh.append("第7-14位不是已过去的出生日期")
    findings = []
    if problems:
        detail, detail_zh = "; ".join(problems), "；".join(problems_zh)
        findings.append(Finding.of("ric.pr_layout", detail=detail, detail_zh=detail_zh))
    if code[3:6] not in _NUMERIC:
        findings.append(Finding.of("ric.pr_nationality", position=4, end=6, nationality=code[3:6]))
    return findings


def _old_pr_findings(code: str) -> tuple[Finding, ...]:
    findings = [Finding.of("ric.pr_old_form")]
    if code[:3] not in _ALPHA_3:
        findings.append(Finding.of("ric.pr_nationality", position=1, end=3, nationality=code[:3]))
    return tuple(findings)


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    if _RE_18.fullmatch(code) is None and _RE_15.fullmatch(code) is None:
        if _RE_PR_OLD.fullmatch(code) is not None:
            return _old_pr_findings(code)
        return findings(code, as_of=as_of)  # not a canonical number: what validate says
    holder = _holder_type(code)
    findings_: list[Finding] = []
    legacy = len(code) == 15
    birth_digits = _legacy_birth(code) if legacy else code[6:14]
    if holder == "foreigner_pr":
        findings_.extend(_pr_findings(code, _birth_date(birth_digits), resolve(as_of)))
    elif not regions.is_known(code[:6]) or (holder != "resident" and code[2:6] != "0000"):
        findings_.append(Finding.of("ric.region_unknown", position=1, region=code[:6]))
    if legacy:
        findings_.append(Finding.of("ric.legacy_15"))
    year = int(birth_digits[:4])
    if is_calendar_date(birth_digits) and year < _PLAUSIBLE_YEAR:
        findings_.append(Finding.of("ric.birth_date_implausible", position=7, year=year))
    return tuple(findings_)


def _old_pr_parts(code: str) -> RICParts:
    """The parts of a 2004/2017 permanent-residence ID: sources disagree on where its
    digits keep the region and the birth date, so only the nationality is decoded."""
    zh, en = HOLDER_TYPES["foreigner_pr"]
    return RICParts(
        holder_type="foreigner_pr",
        holder_type_name=zh,
        holder_type_name_en=en,
        region_code="",
        region_name=None,
        birth_date=None,
        sex="",
        sequence="",
        legacy=False,
        upgraded=None,
        nationality_code=code[:3],
    )


def _analyse(number: object, *, as_of: datetime.date | None = None) -> Analysis[RICParts]:
    code = validate(number, as_of=as_of)
    if _RE_PR_OLD.fullmatch(code) is not None:
        return Analysis(code, _old_pr_parts(code), _old_pr_findings(code))
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
