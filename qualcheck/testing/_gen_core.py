"""Generators for USCCs, organisation codes, registration numbers and resident IDs.

Resident IDs belong to nobody by construction: unless a region is asked for, their
address code is a county code retired by 1982, before the first resident ID numbers
were assigned (1984), so no real number carries it (``check`` accepts it: region codes
are checked against every code ever valid).  Never put real people's numbers in tests.

>>> import random
>>> make_uscc(region="420106", entity_type="2", rng=random.Random(3))[:8]
'92420106'
>>> from qualcheck.numbers import ric
>>> ric.parse(make_ric(birth_date=datetime.date(1990, 5, 17), sex="F",
...                    rng=random.Random(3))).sex
'F'
"""

from __future__ import annotations

import datetime
import functools
import random
from collections.abc import Callable

from qualcheck.exceptions import ConfigError
from qualcheck.numbers import regions
from qualcheck.numbers._checksums import (
    GB32100_ALPHABET,
    gb11714_check,
    gb32100_check,
    mod11_2_check,
    mod11_10_check,
)
from qualcheck.numbers._dates import today
from qualcheck.numbers._provinces import PROVINCES
from qualcheck.numbers.uscc import AUTHORITIES, _older_number

__all__ = ["INVALID", "VALID", "make_orgcode", "make_regno", "make_ric", "make_uscc"]

_DIGITS = "0123456789"
_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_NATIONALITIES = ("840", "826", "392", "410", "276", "250", "643", "036", "124", "702")
_HOLDERS = ("resident", "hk_permit", "macao_permit", "taiwan_permit", "foreigner_pr")
_PERMIT_AREAS = {"hk_permit": "810000", "macao_permit": "820000", "taiwan_permit": "830000"}
_REGISTRAR_PREFIXES = frozenset(PROVINCES) | {"10"}
"""Region prefixes a USCC or a registration number may carry (100000: national level)."""
_RESIDENT_PREFIXES = frozenset(PROVINCES) - {"81", "82"}
"""Region prefixes of a resident's ID (81/82/83 mark residence permits, 10 is no place)."""
_LAST_YEAR_BEFORE_IDS = 1982
"""Codes retired by this year were gone before the first resident ID numbers (1984)."""
_REUSED_CODES = frozenset({"332821", "332822", "332823", "332824", "512402"})
"""Codes the region table lists as retired by 1982 that another county (or the same
city) kept using after 1984 — 332821-332824 were given to Lishui's counties in 1982,
512402 stayed Luzhou's until 1985 (python-stdnum's historical table): real numbers carry
them, so no generated number may."""
_UNUSED_PREFECTURES = tuple(f"{n:02d}" for n in range(71, 90))
"""Digits 3-4 that GB/T 2260 gives no prefecture (01-20 and 51-70 cities, 21-50
prefectures, 90 counties under the province): a code with them is nobody's place."""


def _rng(rng: random.Random | None) -> random.Random:
    return rng if rng is not None else random.Random()


@functools.cache
def _county_codes() -> tuple[str, ...]:
    return tuple(code for code in regions.codes(current_only=True) if not code.endswith("00"))


def _pick_region(rng: random.Random, province: str | None = None) -> str:
    pool = _county_codes()
    if province is not None:
        pool = tuple(code for code in pool if code.startswith(province))
    return rng.choice(pool)


@functools.cache
def _synthetic_regions() -> tuple[str, ...]:
    """County-level codes retired by 1982: no resident ID number was ever issued with one."""
    found = []
    for code in regions.codes():
        region = regions.lookup(code)
        if region is None or region.last_year is None or code.endswith("00"):
            continue
        if region.last_year <= _LAST_YEAR_BEFORE_IDS and code not in _REUSED_CODES:
            found.append(code)
    return tuple(found)


def _synthetic_region(rng: random.Random, province: str | None = None) -> str:
    """A code for a resident ID that belongs to nobody, in ``province`` when it has one."""
    pool = _synthetic_regions()
    if province is not None:
        pool = tuple(code for code in pool if code.startswith(province)) or pool
    return rng.choice(pool)


def _region_option(region: object, prefixes: frozenset[str], what: str) -> None:
    """Reject a ``region`` option that would make a broken number (a code missing from the
    region table is fine: ``check`` reports it for review, as asked)."""
    if (
        not isinstance(region, str)
        or len(region) != 6
        or not region.isascii()
        or not region.isdigit()
        or region[:2] not in prefixes
    ):
        raise ConfigError(f"region must be a six-digit GB/T 2260 code {what}, not {region!r}")


def _unknown_region(rng: random.Random) -> str:
    while True:
        code = rng.choice(sorted(PROVINCES)) + f"{rng.randrange(100):02d}{rng.randrange(100):02d}"
        if not regions.is_known(code):
            return code


def _unused_region(rng: random.Random) -> str:
    """A code missing from the region table whose prefecture digits no place has."""
    while True:
        province = rng.choice(sorted(_RESIDENT_PREFIXES))
        code = province + rng.choice(_UNUSED_PREFECTURES) + f"{rng.randrange(1, 100):02d}"
        if not regions.is_known(code):
            return code


def _digits_of(day: datetime.date) -> str:
    """YYYYMMDD, the year in four digits even before 1000 (``strftime`` pads it on some
    platforms only)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _random_chars(rng: random.Random, alphabet: str, count: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(count))


def _org_body(rng: random.Random, alphabet: str) -> str:
    while True:
        body = _random_chars(rng, alphabet, 8)
        if not body.startswith(("PDY", "M000")):
            return body


def _uscc_from(head: str, org_body: str) -> str:
    body17 = head + org_body + gb11714_check(org_body)
    return body17 + gb32100_check(body17)


def make_uscc(
    *,
    authority: str = "9",
    entity_type: str | None = None,
    region: str | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid USCC: both check characters right, a known region, a published type code.

    ``authority`` is a registering-authority code (position 1: ``"9"`` market regulation,
    ``"1"``, ``"5"`` …); ``entity_type`` a type code (position 2), a random published type
    of ``authority`` by default; ``region`` a GB/T 2260 code (``"100000"`` for a
    national-level registrar), a random current county code by default.  A type that is
    not published for ``authority`` or a region missing from the region table gives a
    number ``check`` reports for review, as asked; anything that cannot make a
    well-formed number is a :class:`~qualcheck.exceptions.ConfigError`.
    """
    if not isinstance(authority, str) or authority not in AUTHORITIES:
        raise ConfigError(f"authority must be one of {', '.join(AUTHORITIES)}, not {authority!r}")
    types = AUTHORITIES[authority][2]
    if entity_type is not None and (
        not isinstance(entity_type, str)
        or len(entity_type) != 1
        or entity_type not in GB32100_ALPHABET
    ):
        raise ConfigError(
            f"entity_type must be one USCC character (published for authority {authority!r}:"
            f" {', '.join(types)}), not {entity_type!r}"
        )
    if region is not None:
        _region_option(region, _REGISTRAR_PREFIXES, "with a province prefix (or 100000)")
    rng = _rng(rng)
    kind = entity_type if entity_type is not None else rng.choice(sorted(types))
    head = authority + kind + (region or _pick_region(rng))
    return _uscc_from(head, _org_body(rng, GB32100_ALPHABET))


def make_orgcode(*, rng: random.Random | None = None) -> str:
    """A valid organisation code (GB 11714), outside the reserved PDY range, no hyphen."""
    rng = _rng(rng)
    body = _org_body(rng, _BASE36)
    return body + gb11714_check(body)


def make_regno(
    *, region: str | None = None, entity_class: str | None = None, rng: random.Random | None = None
) -> str:
    """A valid 15-digit registration number (GS 15-2006) with a known region code.

    ``region`` is a GB/T 2260 code (a random current county by default; one missing from
    the region table gives a number ``check`` reports for review); ``entity_class`` the
    first digit of the sequence (``"0"``-``"9"``, random by default).
    """
    if region is not None:
        _region_option(region, _REGISTRAR_PREFIXES, "with a province prefix (or 100000)")
    if entity_class is not None and (
        not isinstance(entity_class, str) or len(entity_class) != 1 or entity_class not in _DIGITS
    ):
        raise ConfigError(f"entity_class must be one digit, not {entity_class!r}")
    return _regno(_rng(rng), region, entity_class)


def _regno(rng: random.Random, region: str | None, entity_class: str | None) -> str:
    first = entity_class if entity_class is not None else rng.choice(_DIGITS)
    body = (region or _pick_region(rng)) + first + _random_chars(rng, _DIGITS, 7)
    return body + mod11_10_check(body)


def _random_birth(rng: random.Random) -> datetime.date:
    start = datetime.date(1950, 1, 1).toordinal()
    end = datetime.date(2005, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def _sex_digit(rng: random.Random, sex: str | None) -> str:
    chosen = sex if sex is not None else rng.choice("MF")
    return str(rng.randrange(5) * 2 + (1 if chosen == "M" else 0))


def make_ric(
    *,
    birth_date: datetime.date | None = None,
    sex: str | None = None,
    region: str | None = None,
    holder: str = "resident",
    rng: random.Random | None = None,
) -> str:
    """A valid 18-character ID number; by default one that belongs to nobody.

    ``holder`` is ``resident`` (default), ``hk_permit``, ``macao_permit``,
    ``taiwan_permit`` or ``foreigner_pr``; ``sex`` is ``"M"`` or ``"F"``; ``birth_date``
    a date (random from 1950 to 2005 by default; a date after today is invalid until
    that day, a year before 1870 is reported for review).  A resident's number has, by
    default, a county code retired by 1982, before the first resident ID numbers were
    assigned (1984): no real person has it.  With ``region`` (for ``foreigner_pr`` its
    first two digits name the accepting province; a code missing from the region table
    is reported for review) the sequence digits are random, so the number may by chance
    be someone's.  Permit numbers (fixed area codes 810000/820000/830000) and
    permanent-residence numbers are random in the same way.
    """
    if holder not in _HOLDERS:
        raise ConfigError(f"holder must be one of {', '.join(_HOLDERS)}, not {holder!r}")
    if sex not in (None, "M", "F"):
        raise ConfigError(f"sex must be 'M' or 'F', not {sex!r}")
    if birth_date is not None and not isinstance(birth_date, datetime.date):
        raise ConfigError(f"birth_date must be a datetime.date, not {birth_date!r}")
    if region is not None:
        if holder in _PERMIT_AREAS:
            raise ConfigError(
                f"region does not apply to holder {holder!r}"
                f" (its area code is always {_PERMIT_AREAS[holder]})"
            )
        if holder == "foreigner_pr":
            _region_option(region, frozenset(PROVINCES), "with a province prefix")
        else:
            _region_option(region, _RESIDENT_PREFIXES, "with a province prefix other than 81/82")
    return _ric(_rng(rng), birth_date=birth_date, sex=sex, region=region, holder=holder)


def _ric(
    rng: random.Random,
    *,
    birth_date: datetime.date | None = None,
    sex: str | None = None,
    region: str | None = None,
    holder: str = "resident",
) -> str:
    birth = _digits_of(birth_date or _random_birth(rng))
    if holder == "foreigner_pr":
        province = (region or _pick_region(rng))[:2]
        head = "9" + province + rng.choice(_NATIONALITIES)
        body = head + birth + _random_chars(rng, _DIGITS, 2) + _sex_digit(rng, sex)
    else:
        area = _PERMIT_AREAS.get(holder) or region or _synthetic_region(rng)
        body = area + birth + _random_chars(rng, _DIGITS, 2) + _sex_digit(rng, sex)
    return body + mod11_2_check(body)


def _replace(number: str, index: int, alphabet: str, rng: random.Random) -> str:
    choice = rng.choice([char for char in alphabet if char != number[index]])
    return number[:index] + choice + number[index + 1 :]


def _wrong_length(
    make: Callable[[random.Random], str], length: int
) -> Callable[[random.Random], str]:
    def build(rng: random.Random) -> str:
        number = make(rng)
        if rng.random() < 0.5:
            return number[: rng.randrange(1, length)]
        return number + _random_chars(rng, _DIGITS, rng.randrange(1, 5))

    return build


def _uscc_length(rng: random.Random) -> str:
    """A USCC cut short or lengthened, never to a number the USCC replaced: a cut to 9
    or 15 characters can leave a valid organisation code or registration number, which
    ``uscc.check`` names as such rather than as a wrong length."""
    wrong_length = _wrong_length(lambda rng: make_uscc(rng=rng), 18)
    while True:
        number = wrong_length(rng)
        if _older_number(number) is None:
            return number


def _uscc_charset(rng: random.Random) -> str:
    return _replace(make_uscc(rng=rng), rng.randrange(18), "IOSVZ", rng)


def _uscc_region_format(rng: random.Random) -> str:
    return _replace(make_uscc(rng=rng), rng.randrange(2, 8), "ABCDEFGHJKLMNPQRTUWXY", rng)


def _uscc_province(rng: random.Random) -> str:
    prefix = rng.choice([p for p in (f"{n:02d}" for n in range(100)) if p not in PROVINCES])
    prefix = "00" if prefix == "10" else prefix
    head = "91" + prefix + _random_chars(rng, _DIGITS, 4)
    return _uscc_from(head, _org_body(rng, GB32100_ALPHABET))


def _uscc_checksum(rng: random.Random) -> str:
    return _replace(make_uscc(rng=rng), 17, GB32100_ALPHABET, rng)


def _uscc_org_code_checksum(rng: random.Random) -> str:
    number = _replace(make_uscc(rng=rng), 16, GB32100_ALPHABET, rng)
    return number[:17] + gb32100_check(number[:17])


def _uscc_authority_unknown(rng: random.Random) -> str:
    authority = rng.choice([c for c in GB32100_ALPHABET if c not in AUTHORITIES])
    return _uscc_from(authority + "1" + _pick_region(rng), _org_body(rng, GB32100_ALPHABET))


def _uscc_type_unknown(rng: random.Random) -> str:
    authority = rng.choice(sorted(AUTHORITIES))
    kind = rng.choice([c for c in GB32100_ALPHABET if c not in AUTHORITIES[authority][2]])
    return _uscc_from(authority + kind + _pick_region(rng), _org_body(rng, GB32100_ALPHABET))


def _uscc_region_unknown(rng: random.Random) -> str:
    return _uscc_from("91" + _unknown_region(rng), _org_body(rng, GB32100_ALPHABET))


def _uscc_pilot_checksum(rng: random.Random) -> str:
    org = "M000" + _random_chars(rng, GB32100_ALPHABET, 4)
    number = _uscc_from("91" + _pick_region(rng, "35"), org)
    return _replace(number, 17, GB32100_ALPHABET, rng)


def _uscc_org_code_reserved(rng: random.Random) -> str:
    org = "PDY" + _random_chars(rng, _DIGITS, 5)
    return _uscc_from("91" + _pick_region(rng), org)


def _orgcode_charset(rng: random.Random) -> str:
    number = make_orgcode(rng=rng)
    index = rng.randrange(9)
    return _replace(number, index, "!#*/@" if index < 8 else "ABCDEFGHJKLMNPQRTUWY", rng)


def _orgcode_checksum(rng: random.Random) -> str:
    return _replace(make_orgcode(rng=rng), 8, "0123456789X", rng)


def _orgcode_reserved(rng: random.Random) -> str:
    body = "PDY" + _random_chars(rng, _DIGITS, 5)
    return body + gb11714_check(body)


def _regno_charset(rng: random.Random) -> str:
    return _replace(make_regno(rng=rng), rng.randrange(15), "ABCXYZ", rng)


def _regno_province(rng: random.Random) -> str:
    prefix = rng.choice([p for p in (f"{n:02d}" for n in range(100)) if p not in PROVINCES])
    prefix = "00" if prefix == "10" else prefix
    body = prefix + _random_chars(rng, _DIGITS, 12)
    return body + mod11_10_check(body)


def _regno_checksum(rng: random.Random) -> str:
    return _replace(make_regno(rng=rng), 14, _DIGITS, rng)


def _regno_region_unknown(rng: random.Random) -> str:
    return _regno(rng, _unknown_region(rng), None)


def _ric_charset(rng: random.Random) -> str:
    number = make_ric(rng=rng)
    index = rng.randrange(17)
    return _replace(number, index, "ABXYZ", rng)


def _ric_province(rng: random.Random) -> str:
    prefix = rng.choice(
        [p for p in (f"{n:02d}" for n in range(10, 90)) if p not in PROVINCES and p != "83"]
    )
    body = prefix + "0101" + _random_birth(rng).strftime("%Y%m%d") + _random_chars(rng, _DIGITS, 3)
    return body + mod11_2_check(body)


def _ric_birth_date(rng: random.Random) -> str:
    year = rng.randrange(1950, 2000)
    month_day = rng.choice(["0230", "0231", "1301", "0000", "0431", "1232", "0100"])
    body = _pick_region(rng) + f"{year}{month_day}" + _random_chars(rng, _DIGITS, 3)
    return body + mod11_2_check(body)


def _ric_birth_date_future(rng: random.Random) -> str:
    birth = today() + datetime.timedelta(days=rng.randrange(2, 3000))
    return _ric(rng, birth_date=birth)


def _ric_checksum(rng: random.Random) -> str:
    return _replace(make_ric(rng=rng), 17, "0123456789X", rng)


def _ric_region_unknown(rng: random.Random) -> str:
    # not any code missing from the table: one no place can have, so the number is nobody's
    return _ric(rng, region=_unused_region(rng))


def _ric_legacy_15(rng: random.Random) -> str:
    birth = datetime.date(rng.randrange(1930, 1999), rng.randrange(1, 13), rng.randrange(1, 29))
    region = _synthetic_region(rng)  # a legacy number of nobody's, like make_ric's
    return region + birth.strftime("%y%m%d") + _random_chars(rng, _DIGITS, 2) + "1"


def _ric_birth_date_implausible(rng: random.Random) -> str:
    birth = datetime.date(rng.randrange(1700, 1870), rng.randrange(1, 13), rng.randrange(1, 29))
    return _ric(rng, birth_date=birth)


def _ric_pr_layout(rng: random.Random) -> str:
    number = make_ric(holder="foreigner_pr", rng=rng)
    prefix = rng.choice([p for p in (f"{n:02d}" for n in range(100)) if p not in PROVINCES])
    body = "9" + prefix + number[3:17]
    return body + mod11_2_check(body)


VALID: dict[str, Callable[..., str]] = {
    "uscc": make_uscc,
    "orgcode": make_orgcode,
    "regno": make_regno,
    "ric": make_ric,
}

INVALID: dict[str, dict[str, Callable[[random.Random], str]]] = {
    "uscc": {
        "length": _uscc_length,
        "charset": _uscc_charset,
        "region_format": _uscc_region_format,
        "province": _uscc_province,
        "checksum": _uscc_checksum,
        "org_code_checksum": _uscc_org_code_checksum,
        "authority_unknown": _uscc_authority_unknown,
        "type_unknown": _uscc_type_unknown,
        "region_unknown": _uscc_region_unknown,
        "pilot_checksum": _uscc_pilot_checksum,
        "org_code_reserved": _uscc_org_code_reserved,
    },
    "orgcode": {
        "length": _wrong_length(lambda rng: make_orgcode(rng=rng), 9),
        "charset": _orgcode_charset,
        "checksum": _orgcode_checksum,
        "reserved": _orgcode_reserved,
    },
    "regno": {
        "length": _wrong_length(lambda rng: make_regno(rng=rng), 15),
        "charset": _regno_charset,
        "province": _regno_province,
        "checksum": _regno_checksum,
        "region_unknown": _regno_region_unknown,
    },
    "ric": {
        "length": _wrong_length(lambda rng: make_ric(rng=rng), 15),
        "charset": _ric_charset,
        "province": _ric_province,
        "birth_date": _ric_birth_date,
        "birth_date_future": _ric_birth_date_future,
        "checksum": _ric_checksum,
        "region_unknown": _ric_region_unknown,
        "legacy_15": _ric_legacy_15,
        "birth_date_implausible": _ric_birth_date_implausible,
        "pr_layout": _ric_pr_layout,
    },
}
