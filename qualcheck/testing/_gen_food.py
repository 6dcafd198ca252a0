"""Generators for food business licence (JY), food production licence (SC) and
pre-packaged food filing (YB) numbers.

Valid numbers carry the empirical MOD 11,10 check digit and a current mainland region
code, so ``check`` finds them ``valid`` (not only free of errors).

>>> import random
>>> from qualcheck.numbers import food_business, food_production
>>> number = make_food_business(form=2, region="440305", rng=random.Random(7))
>>> number[:9], food_business.check(number).verdict.value
('JY2440305', 'valid')
>>> number = make_food_production(kind=1, category=15, rng=random.Random(7))
>>> food_production.parse(number).category_name
'酒类'
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable

from qualcheck.exceptions import ConfigError
from qualcheck.numbers import regions
from qualcheck.numbers._checksums import mod11_10_check
from qualcheck.numbers._provinces import MAINLAND_ABBREVIATIONS, PROVINCES
from qualcheck.numbers.food_production import CATEGORIES
from qualcheck.testing._gen_core import (
    _county_codes,
    _random_chars,
    _replace,
    _rng,
    _wrong_length,
    make_uscc,
)

__all__ = ["INVALID", "VALID", "make_food_business", "make_food_filing", "make_food_production"]

_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MAINLAND = tuple(sorted(set(PROVINCES) - {"71", "81", "82"}))


@functools.cache
def _mainland_counties() -> tuple[str, ...]:
    return tuple(code for code in _county_codes() if code[:2] in _MAINLAND)


def _region(region: str | None, rng: random.Random) -> str:
    if region is None:
        return rng.choice(_mainland_counties())
    if not isinstance(region, str) or region[:2] not in _MAINLAND or not regions.is_known(region):
        raise ConfigError(f"region {region!r} is not a known mainland GB/T 2260 code")
    return region


def _option(name: str, value: int | str | None, allowed: str, rng: random.Random) -> str:
    if value is None:
        return rng.choice(allowed)
    text = str(value)
    if len(text) != 1 or text not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return text


def _with_check(prefix: str, digits: str) -> str:
    return prefix + digits + mod11_10_check(digits)


def make_food_business(
    *,
    form: int | str | None = None,
    region: str | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid food business licence number (``JY`` + 14 digits).

    ``form`` is the business form (1 食品销售经营者, 2 餐饮服务经营者, 3 单位食堂; random by
    default); ``region`` a known mainland GB/T 2260 code (a random current county by
    default).  The check digit follows the empirical MOD 11,10 rule.
    """
    rng = _rng(rng)
    body = _option("form", form, "123", rng) + _region(region, rng) + _random_chars(rng, _DIGITS, 6)
    return _with_check("JY", body)


def make_food_production(
    *,
    kind: int | str | None = None,
    category: int | str | None = None,
    region: str | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid food production licence number (``SC`` + 14 digits).

    ``kind`` is 1 (food) or 2 (food additive), random by default; ``category`` a code of
    that kind's table (``15`` or ``"15"`` for 酒类; random by default); ``region`` a known
    mainland GB/T 2260 code (a random current county by default).
    """
    rng = _rng(rng)
    product_type = _option("kind", kind, "12", rng)
    table = CATEGORIES[product_type]
    if category is None:
        code = rng.choice(sorted(table))
    else:
        code = f"{int(category):02d}" if str(category).isdigit() else str(category)
        if code not in table:
            raise ConfigError(f"category {category!r} is not in the table of kind {product_type}")
    body = product_type + code + _region(region, rng) + _random_chars(rng, _DIGITS, 4)
    return _with_check("SC", body)


def make_food_filing(
    *,
    form: int | str | None = None,
    region: str | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid national-format filing number (``YB`` + 14 digits).

    ``form`` is 1 (批发 wholesale) or 2 (零售 retail), random by default; ``region`` a
    known mainland GB/T 2260 code (a random current county by default).
    """
    rng = _rng(rng)
    body = _option("form", form, "12", rng) + _region(region, rng) + _random_chars(rng, _DIGITS, 6)
    return _with_check("YB", body)


def _unknown_province(rng: random.Random) -> str:
    return rng.choice([f"{n:02d}" for n in range(100) if f"{n:02d}" not in _MAINLAND])


def _unknown_region(rng: random.Random, province: str | None = None) -> str:
    while True:
        head = province or rng.choice([p for p in _MAINLAND if p != "11"])
        code = head + _random_chars(rng, _DIGITS, 4)
        if not regions.is_known(code):
            return code


def _prefix(make: Callable[[random.Random], str]) -> Callable[[random.Random], str]:
    def build(rng: random.Random) -> str:
        return _replace(make(rng), rng.randrange(2), _LETTERS + _DIGITS, rng)

    return build


def _charset(make: Callable[[random.Random], str]) -> Callable[[random.Random], str]:
    def build(rng: random.Random) -> str:
        return _replace(make(rng), rng.randrange(2, 16), _LETTERS, rng)

    return build


def _checksum(make: Callable[[random.Random], str]) -> Callable[[random.Random], str]:
    def build(rng: random.Random) -> str:
        return _replace(make(rng), 15, _DIGITS, rng)

    return build


# --- food_business -------------------------------------------------------------------------


def _jy(rng: random.Random) -> str:
    return make_food_business(rng=rng)


def _jy_with(rng: random.Random, *, form: str | None = None, region: str | None = None) -> str:
    body = (form or rng.choice("123")) + (region or rng.choice(_mainland_counties()))
    return _with_check("JY", body + _random_chars(rng, _DIGITS, 6))


def _jy_superseded(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "SP" + _random_chars(rng, _DIGITS, 16)
    abbreviation = rng.choice(sorted(MAINLAND_ABBREVIATIONS))
    year = str(rng.randrange(2009, 2016))
    if rng.random() < 0.5:
        year = f"〔{year}〕第"
    region = rng.choice(_mainland_counties())
    return abbreviation + "餐证字" + year + region + _random_chars(rng, _DIGITS, 6)


# --- food_production -----------------------------------------------------------------------


def _sc(rng: random.Random) -> str:
    return make_food_production(rng=rng)


def _sc_with(
    rng: random.Random,
    *,
    kind: str | None = None,
    category: str | None = None,
    region: str | None = None,
) -> str:
    product_type = kind or rng.choice("12")
    code = category or rng.choice(sorted(CATEGORIES[product_type]))
    body = product_type + code + (region or rng.choice(_mainland_counties()))
    return _with_check("SC", body + _random_chars(rng, _DIGITS, 4))


def _sc_category_unknown(rng: random.Random) -> str:
    kind = rng.choice("12")
    category = rng.choice([f"{n:02d}" for n in range(100) if f"{n:02d}" not in CATEGORIES[kind]])
    return _sc_with(rng, kind=kind, category=category)


# --- food_filing ---------------------------------------------------------------------------


def _yb(rng: random.Random) -> str:
    return make_food_filing(rng=rng)


def _yb_with(rng: random.Random, *, region: str) -> str:
    return _with_check("YB", rng.choice("12") + region + _random_chars(rng, _DIGITS, 6))


def _local(rng: random.Random) -> str:
    region = rng.choice(_mainland_counties())
    sequence = _random_chars(rng, _DIGITS, rng.randrange(4, 9))
    abbreviation = PROVINCES[region[:2]].abbreviations[0]
    return rng.choice(
        [
            f"{abbreviation}食备{rng.randrange(2016, 2024)}{region}{sequence}",
            f"{abbreviation}食备〔{rng.randrange(2016, 2024)}〕{sequence}号",
            f"BZ{region}{sequence}",
            f"{abbreviation}{region}食品备{sequence}",
        ]
    )


def _food_licence(rng: random.Random) -> str:
    """A food business or production licence number, typed where a filing number goes."""
    if rng.random() < 0.5:
        return make_food_business(rng=rng)
    return make_food_production(rng=rng)


def _filing_charset(rng: random.Random) -> str:
    number = _local(rng)
    index = rng.randrange(len(number) + 1)
    return number[:index] + rng.choice("😀#*@!?%&~€§・") + number[index:]


def _filing_length(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _random_chars(rng, _DIGITS + "YB", rng.randrange(1, 6))
    return "YB" + _random_chars(rng, _DIGITS, rng.randrange(40, 60))


def _filing_too_few_digits(rng: random.Random) -> str:
    abbreviation = rng.choice(sorted(MAINLAND_ABBREVIATIONS))
    return (
        abbreviation
        + "食备"
        + _random_chars(rng, _LETTERS, rng.randrange(3, 8))
        + (_random_chars(rng, _DIGITS, rng.randrange(6)))
    )


def _filing_national_mismatch(rng: random.Random) -> str:
    shape = rng.randrange(3)
    if shape == 0:  # business form neither 1 nor 2
        return "YB" + rng.choice("03456789") + _random_chars(rng, _DIGITS, 13)
    if shape == 1:  # one digit short
        return "YB" + rng.choice("12") + _random_chars(rng, _DIGITS, 12)
    return "YB" + rng.choice("12") + _random_chars(rng, _DIGITS, rng.randrange(14, 20))


VALID: dict[str, Callable[..., str]] = {
    "food_business": make_food_business,
    "food_production": make_food_production,
    "food_filing": make_food_filing,
}

INVALID: dict[str, dict[str, Callable[[random.Random], str]]] = {
    "food_business": {
        "length": _wrong_length(_jy, 16),
        "prefix": _prefix(_jy),
        "charset": _charset(_jy),
        "business_form": lambda rng: _jy_with(rng, form=rng.choice("0456789")),
        "superseded_licence": _jy_superseded,
        "checksum": _checksum(_jy),
        "province_unknown": lambda rng: _jy_with(
            rng, region=_unknown_province(rng) + _random_chars(rng, _DIGITS, 4)
        ),
        "region_unknown": lambda rng: _jy_with(rng, region=_unknown_region(rng)),
        "region_beijing_local": lambda rng: _jy_with(rng, region=_unknown_region(rng, "11")),
    },
    "food_production": {
        "length": _wrong_length(_sc, 16),
        "prefix": _prefix(_sc),
        "charset": _charset(_sc),
        "product_type": lambda rng: _sc_with(rng, kind=rng.choice("03456789"), category="01"),
        "superseded_licence": lambda rng: "QS" + _random_chars(rng, _DIGITS, 12),
        "checksum": _checksum(_sc),
        "category_unknown": _sc_category_unknown,
        "province_unknown": lambda rng: _sc_with(
            rng, region=_unknown_province(rng) + _random_chars(rng, _DIGITS, 4)
        ),
        "region_unknown": lambda rng: _sc_with(rng, region=_unknown_region(rng)),
    },
    "food_filing": {
        "charset": _filing_charset,
        "length": _filing_length,
        "too_few_digits": _filing_too_few_digits,
        "checksum": _checksum(_yb),
        "province_unknown": lambda rng: _yb_with(
            rng, region=_unknown_province(rng) + _random_chars(rng, _DIGITS, 4)
        ),
        "region_unknown": lambda rng: _yb_with(rng, region=_unknown_region(rng)),
        "national_format_mismatch": _filing_national_mismatch,
        "local_format": _local,
        "uscc_given": lambda rng: make_uscc(rng=rng),
        "licence_given": _food_licence,
    },
}
"""Kind → reason → maker.  ``food_filing.no_check_digit`` is raised only by
``calc_check_digit`` (``check`` never reports it), so it has no maker."""
