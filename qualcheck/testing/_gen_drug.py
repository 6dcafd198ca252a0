"""Generators for drug, medical-device, certification-body and CMA numbers.

Every maker returns a number whose ``check`` gives ``valid`` today and in later years
(issue years default to past years), except legacy drug licences, which are valid only
until 2028 (``check`` asks for review afterwards).  A ``year`` you choose is taken as
given (1900-2099): one after the current year is ``invalid`` until that year (check it
with ``as_of``), one before the earliest plausible year is reported for review
(``*.year_early``, ``device_business.filing_early``), just as ``check`` judges them.

>>> import random
>>> make_drug_business(business_type="A", province="琼", rng=random.Random(2))[:3]
'琼AA'
>>> make_device_business(filing=True, year=2019, province="44", rng=random.Random(2))[:1]
'粤'
>>> make_cnca(foreign=True, year=2003, rng=random.Random(2))[:13]
'CNCA-RF-2003-'
"""

from __future__ import annotations

import random
from collections.abc import Callable

from qualcheck.exceptions import ConfigError
from qualcheck.numbers._dates import today
from qualcheck.numbers._provinces import MAINLAND_ABBREVIATIONS, PROVINCES
from qualcheck.numbers.cma import AUTHORITIES, DEPARTMENTS, FIELDS
from qualcheck.numbers.device_business import KNOWN_INFIXES
from qualcheck.numbers.drug_business import BUSINESS_TYPES, LEGAL_PERSON_TYPES

__all__ = [
    "INVALID",
    "VALID",
    "make_cma",
    "make_cnca",
    "make_device_business",
    "make_drug_business",
    "make_drug_info",
]

_DIGITS = "0123456789"

# Long-distance telephone area code of each provincial capital (for plausible area codes).
_AREA_CODES = {
    "11": "010",
    "12": "022",
    "13": "0311",
    "14": "0351",
    "15": "0471",
    "21": "024",
    "22": "0431",
    "23": "0451",
    "31": "021",
    "32": "025",
    "33": "0571",
    "34": "0551",
    "35": "0591",
    "36": "0791",
    "37": "0531",
    "41": "0371",
    "42": "027",
    "43": "0731",
    "44": "020",
    "45": "0771",
    "46": "0898",
    "50": "023",
    "51": "028",
    "52": "0851",
    "53": "0871",
    "54": "0891",
    "61": "029",
    "62": "0931",
    "63": "0971",
    "64": "0951",
    "65": "0991",
}

# One-character city or district abbreviations seen in (or plausible for) device numbers.
_CITIES = {
    "11": "朝海丰东西经",
    "12": "和南",
    "13": "石",
    "14": "并",
    "15": "呼",
    "21": "沈",
    "22": "长",
    "23": "哈",
    "31": "浦嘉徐闵",
    "32": "宁苏",
    "33": "杭",
    "34": "合",
    "35": "榕厦",
    "36": "洪",
    "37": "济青",
    "41": "郑",
    "42": "汉",
    "43": "长",
    "44": "穗深",
    "45": "南柳",
    "46": "海",
    "50": "渝",
    "51": "蓉",
    "52": "筑",
    "53": "昆",
    "54": "拉",
    "61": "西",
    "62": "兰",
    "63": "西",
    "64": "银",
    "65": "乌",
}

_MAINLAND_CODES = tuple(sorted(_AREA_CODES))
_NOT_PROVINCES = "港澳台申巴中华国"


def _rng(rng: random.Random | None) -> random.Random:
    return rng if rng is not None else random.Random()


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(_DIGITS) for _ in range(count))


def _serial(rng: random.Random, width: int, high: int) -> str:
    return f"{rng.randint(1, high):0{width}d}"


def _province(province: str | None, rng: random.Random) -> tuple[str, str]:
    """(province code, abbreviation) from an abbreviation, a two-digit code or ``None``."""
    if province is None:
        code = rng.choice(_MAINLAND_CODES)
        return code, PROVINCES[code].abbreviations[0]
    if isinstance(province, str) and province in MAINLAND_ABBREVIATIONS:
        code = next(p.code for p in PROVINCES.values() if province in p.abbreviations)
        return code, province
    if isinstance(province, str) and province in _AREA_CODES:
        return province, PROVINCES[province].abbreviations[0]
    raise ConfigError(
        f"province must be a mainland province abbreviation or two-digit code, not {province!r}"
    )


def _past_year(year: int | None, rng: random.Random, low: int, high: int) -> int:
    if year is None:
        return rng.randint(low, high)
    if not isinstance(year, int) or not 1900 <= year <= 2099:
        raise ConfigError(f"year must be an int from 1900 to 2099, not {year!r}")
    return year


def _future_year(rng: random.Random) -> int:
    return today().year + rng.randint(1, 3)


def make_drug_business(
    *,
    business_type: str = "D",
    legal_person: str = "A",
    province: str | None = None,
    legacy: bool = False,
    rng: random.Random | None = None,
) -> str:
    """A valid drug business licence number (药品经营许可证).

    ``business_type`` is A (wholesale), B (retail-chain headquarters), C (chain store) or
    D (independent pharmacy); ``legal_person`` A (legal person) or B (not);
    ``province`` an abbreviation (``"琼"``) or a two-digit code (``"46"``), random by
    default.  The area code is built from the capital's telephone area code.  With
    ``legacy=True`` the number has the 2004-2023 form (7 digits), which ``check``
    reports as information until 2028 and for review afterwards.
    """
    rng = _rng(rng)
    if not isinstance(business_type, str) or business_type not in BUSINESS_TYPES:
        raise ConfigError(f"business_type must be one of A, B, C, D, not {business_type!r}")
    if not isinstance(legal_person, str) or legal_person not in LEGAL_PERSON_TYPES:
        raise ConfigError(f"legal_person must be A or B, not {legal_person!r}")
    code, abbreviation = _province(province, rng)
    head = abbreviation + business_type + legal_person
    if legacy:
        return head + _digits(rng, 7)
    area = _AREA_CODES[code]
    area = (area[1:] if len(area) == 4 else area) + rng.choice(_DIGITS)
    return head + area + _serial(rng, 5, 99999)


def make_drug_info(
    *,
    paid: bool = True,
    year: int | None = None,
    province: str | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid Internet drug information service certificate number (canonical form).

    ``paid`` picks 经营性 (True) or 非经营性 (False); ``year`` defaults to a random year
    from 2005 to 2020; ``province`` as for :func:`make_drug_business`.
    """
    rng = _rng(rng)
    _, abbreviation = _province(province, rng)
    issue_year = _past_year(year, rng, 2005, 2020)
    kind = "经营性" if paid else "非经营性"
    return f"({abbreviation})-{kind}-{issue_year}-{_serial(rng, 4, 999)}"


def make_device_business(
    *,
    filing: bool = False,
    year: int | None = None,
    province: str | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid medical device business licence (or, ``filing=True``, filing) number with 号.

    ``year`` defaults to a random year from 2015 to 2023; ``province`` as for
    :func:`make_drug_business`.  The city is a one-character abbreviation and the issuer
    infix one of the known ones (mostly 食药监).
    """
    rng = _rng(rng)
    code, abbreviation = _province(province, rng)
    issue_year = _past_year(year, rng, 2015, 2023)
    city = rng.choice(_CITIES[code])
    infix = rng.choice(("食药监", "食药监", "食药监", *KNOWN_INFIXES, ""))
    kind = "备" if filing else "许"
    return f"{abbreviation}{city}{infix}械经营{kind}{issue_year}{_serial(rng, 4, 2999)}号"


def make_cnca(
    *,
    foreign: bool = False,
    year: int | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid certification body approval number (canonical form).

    Domestic ``CNCA-R-YYYY-NNN`` or, ``foreign=True``, ``CNCA-RF-YYYY-NN``; ``year``
    defaults to a random year from 2002 to 2020.
    """
    rng = _rng(rng)
    approval_year = _past_year(year, rng, 2002, 2020)
    if foreign:
        return f"CNCA-RF-{approval_year}-{_serial(rng, 2, 60)}"
    return f"CNCA-R-{approval_year}-{_serial(rng, 3, 300)}"


def make_cma(
    *,
    year: int | None = None,
    authority: str | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid 12-digit CMA certificate number.

    ``year`` (2000-2099) defaults to a random year from 2015 to 2024 (a year before 2015,
    before 12-digit numbers, is reported as ``cma.year_early``); ``authority`` is a
    CMA authority code (``"00"`` national, ``"01"``-``"31"`` provinces in GB/T 2260
    order, so ``"19"`` is Guangdong) or a province abbreviation (``"粤"``), random by
    default.
    """
    rng = _rng(rng)
    issue_year = _past_year(year, rng, 2015, 2024)
    if issue_year < 2000:
        raise ConfigError(f"a CMA number encodes years 2000-2099, not {issue_year}")
    if authority is None:
        authority_code = rng.choice(sorted(AUTHORITIES))
    elif isinstance(authority, str) and authority in AUTHORITIES:
        authority_code = authority
    elif isinstance(authority, str) and authority in MAINLAND_ABBREVIATIONS:
        province_code, _ = _province(authority, rng)
        authority_code = f"{_MAINLAND_CODES.index(province_code) + 1:02d}"
    else:
        raise ConfigError(
            f"authority must be a CMA authority code 00-31 or a province abbreviation,"
            f" not {authority!r}"
        )
    field = rng.choice(sorted(FIELDS))
    department = rng.choice(sorted(DEPARTMENTS))
    return f"{issue_year % 100:02d}{authority_code}{field}{department}{_serial(rng, 4, 2000)}"


# --- invalid makers: reason (finding-code suffix) → maker ----------------------------------


def _drug_business_length(rng: random.Random) -> str:
    number = make_drug_business(business_type=rng.choice("ABCD"), rng=rng)
    # 9 digits less 2 would be a legacy (7-digit) number
    return number[: -rng.choice((1, 3, 4))] if rng.random() < 0.5 else number + _digits(rng, 1)


def _drug_business_province(rng: random.Random) -> str:
    return rng.choice(_NOT_PROVINCES) + make_drug_business(rng=rng)[1:]


def _drug_business_charset(rng: random.Random) -> str:
    number = make_drug_business(rng=rng)
    index = rng.randrange(3, len(number))
    return number[:index] + rng.choice("XO?") + number[index + 1 :]


def _drug_business_business_type(rng: random.Random) -> str:
    number = make_drug_business(rng=rng)
    return number[0] + rng.choice("EFGHXYZ") + number[2:]


def _drug_business_legal_person(rng: random.Random) -> str:
    number = make_drug_business(rng=rng)
    return number[:2] + rng.choice("CDEXYZ") + number[3:]


def _drug_business_historic_1999(rng: random.Random) -> str:
    _, abbreviation = _province(None, rng)
    return f"{abbreviation}{rng.randint(1, 4)}{_digits(rng, 6)}"


def _drug_info_format(rng: random.Random) -> str:
    number = make_drug_info(paid=rng.random() < 0.5, rng=rng)
    return rng.choice(
        (
            number.replace("经营性", "经营"),
            number[:-1],
            number + "1",
            number.replace(")", ">"),  # [ ] 【 】 read as round brackets
            number.replace("-2", "-3"),
        )
    )


def _drug_info_province(rng: random.Random) -> str:
    number = make_drug_info(rng=rng)
    return "(" + rng.choice(_NOT_PROVINCES) + number[2:]


def _drug_info_year_future(rng: random.Random) -> str:
    return make_drug_info(year=_future_year(rng), rng=rng)


def _drug_info_year_early(rng: random.Random) -> str:
    return make_drug_info(year=rng.randint(1990, 1999), rng=rng)


def _device_business_format(rng: random.Random) -> str:
    number = make_device_business(filing=rng.random() < 0.5, rng=rng)
    return rng.choice(
        (
            number.replace("械经营", "械营"),
            number.replace("许", "证").replace("备", "证"),
            number[:-2] + "号",  # a 3-digit serial: a digit lost
            number[:-1] + _digits(rng, 3) + "号",  # a 7-digit serial
        )
    )


def _device_business_serial_unusual(rng: random.Random) -> str:
    number = make_device_business(rng=rng)
    return rng.choice(
        (
            number[:-5] + rng.choice("ABHXZ") + number[-4:-1] + "号",  # 2018H006
            number[:-1] + _digits(rng, rng.randint(1, 2)) + "号",  # 5 or 6 digits
        )
    )


def _device_business_province(rng: random.Random) -> str:
    return rng.choice(_NOT_PROVINCES) + make_device_business(rng=rng)[1:]


def _device_business_year_future(rng: random.Random) -> str:
    return make_device_business(year=_future_year(rng), rng=rng)


def _device_business_infix_unknown(rng: random.Random) -> str:
    number = make_device_business(rng=rng)
    head, tail = number.split("械经营")
    return head[:2] + rng.choice(("卫健", "药管局", "工商")) + "械经营" + tail


def _device_business_year_early(rng: random.Random) -> str:
    return make_device_business(year=rng.randint(1995, 1999), rng=rng)


def _device_business_filing_early(rng: random.Random) -> str:
    return make_device_business(filing=True, year=rng.randint(2000, 2013), rng=rng)


def _cnca_format(rng: random.Random) -> str:
    number = make_cnca(foreign=rng.random() < 0.5, rng=rng)
    return rng.choice(
        (
            number.replace("CNCA", "CNAS"),
            number.replace("-R", "-X"),
            number + "123",  # a 5- or 6-digit serial
            number[:-2],
            number.replace("-20", "-30"),
        )
    )


def _cnca_year_future(rng: random.Random) -> str:
    return make_cnca(foreign=rng.random() < 0.5, year=_future_year(rng), rng=rng)


def _cnca_year_early(rng: random.Random) -> str:
    return make_cnca(foreign=rng.random() < 0.5, year=rng.randint(1990, 2001), rng=rng)


def _cma_length(rng: random.Random) -> str:
    number = make_cma(rng=rng)
    return number[: -rng.randint(1, 3)] if rng.random() < 0.5 else number + _digits(rng, 1)


def _cma_charset(rng: random.Random) -> str:
    number = make_cma(rng=rng)
    index = rng.randrange(12)
    return number[:index] + rng.choice("AOX") + number[index + 1 :]


def _cma_year_future(rng: random.Random) -> str:
    return make_cma(year=_future_year(rng), rng=rng)


def _cma_authority_unknown(rng: random.Random) -> str:
    number = make_cma(rng=rng)
    return number[:2] + str(rng.randint(32, 99)) + number[4:]


def _cma_field_unknown(rng: random.Random) -> str:
    number = make_cma(rng=rng)
    return number[:4] + str(rng.randint(22, 99)) + number[6:]


def _cma_department_unknown(rng: random.Random) -> str:
    number = make_cma(rng=rng)
    return number[:6] + str(rng.randint(35, 99)) + number[8:]


def _cma_serial_zero(rng: random.Random) -> str:
    return make_cma(rng=rng)[:8] + "0000"


def _cma_year_early(rng: random.Random) -> str:
    return make_cma(year=rng.randint(2000, 2014), rng=rng)


def _cma_superseded_format(rng: random.Random) -> str:
    # the regime before 2015: the year in four digits, six digits and a letter
    return f"{rng.randint(2000, 2015)}{_digits(rng, 6)}{rng.choice('ABCDEFHLNQSZ')}"


VALID: dict[str, Callable[..., str]] = {
    "drug_business": make_drug_business,
    "drug_info": make_drug_info,
    "device_business": make_device_business,
    "cnca": make_cnca,
    "cma": make_cma,
}

INVALID: dict[str, dict[str, Callable[[random.Random], str]]] = {
    # drug_business.legacy_format (information) and drug_business.legacy_expired (depends
    # on the date: from 2029) have no maker here; make_drug_business(legacy=True) gives both.
    "drug_business": {
        "length": _drug_business_length,
        "province": _drug_business_province,
        "charset": _drug_business_charset,
        "business_type": _drug_business_business_type,
        "legal_person": _drug_business_legal_person,
        "historic_1999": _drug_business_historic_1999,
    },
    "drug_info": {
        "format": _drug_info_format,
        "province": _drug_info_province,
        "year_future": _drug_info_year_future,
        "year_early": _drug_info_year_early,
    },
    "device_business": {
        "format": _device_business_format,
        "province": _device_business_province,
        "year_future": _device_business_year_future,
        "infix_unknown": _device_business_infix_unknown,
        "year_early": _device_business_year_early,
        "filing_early": _device_business_filing_early,
        "serial_unusual": _device_business_serial_unusual,
    },
    "cnca": {
        "format": _cnca_format,
        "year_future": _cnca_year_future,
        "year_early": _cnca_year_early,
    },
    "cma": {
        "length": _cma_length,
        "charset": _cma_charset,
        "year_future": _cma_year_future,
        "authority_unknown": _cma_authority_unknown,
        "field_unknown": _cma_field_unknown,
        "department_unknown": _cma_department_unknown,
        "serial_zero": _cma_serial_zero,
        "year_early": _cma_year_early,
        "superseded_format": _cma_superseded_format,
    },
}
