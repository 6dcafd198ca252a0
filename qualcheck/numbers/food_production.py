"""SC (Food Production Licence, 食品生产许可证).

The licence a producer of food or food additives needs (食品安全法 art. 35;
《食品生产许可管理办法》, CFDA 令第16号 2015, SAMR 令第24号 2020).  It is issued by the
provincial market-regulation department (or a city/county department it delegates to)
and is usually valid for five years.  It replaced the ``QS`` mark, phased out from
2015-10-01.  The number is "SC" (生产) followed by 14 digits:

========  ==========================================================================
position  meaning
========  ==========================================================================
1–2       ``SC``
3         product type: 1 食品 (food), 2 食品添加剂 (food additive)
4–5       category (食品类别): food 01–31, additive 01–03 (positions 3–5 form the
          3-digit food-category code; the main product decides)
6–11      region of the issuer: province, prefecture, county (GB/T 2260)
12–15     sequence number
16        check digit (no algorithm published)
========  ==========================================================================

Official rules (a failure makes the number invalid): the ``SC`` prefix, 14 digits and a
product-type digit of 1 or 2.  Soft rules (a failure asks for review): the check digit,
which empirically follows ISO 7064 MOD 11,10 over the 13 digits after ``SC`` (no
official text, but it fits most real numbers); the category table; the province and
region codes.  Old ``QS`` numbers are recognised and rejected with their own code.

>>> validate("SC11532139200465")
'SC11532139200465'
>>> parse("sc-1153-2139-2004-65").category_name
'酒类'
>>> validate("SC31532139200465")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidComponent: Product-type digit '3' at position 3 is not ...
>>> check("SC11532139200466").verdict.value
'review'
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import InvalidComponent, InvalidFormat
from qualcheck.numbers._base import Analysis, Parts, make_check, make_findings, make_is_valid
from qualcheck.numbers._checksums import mod11_10_check
from qualcheck.numbers._food import (
    prefixed_codes,
    region_digits,
    soft_codes,
    soft_findings,
    structure_error,
)
from qualcheck.numbers._normalize import clean

__all__ = [
    "EXAMPLES",
    "KIND",
    "PATTERN",
    "TITLE",
    "FoodProductionParts",
    "calc_check_digit",
    "check",
    "compact",
    "findings",
    "format",
    "is_valid",
    "parse",
    "validate",
]

KIND = "food_production"
TITLE = "SC (Food Production Licence, 食品生产许可证)"
PATTERN = r"^SC[12][0-9]{13}$"
"""Regular expression of the canonical form (the JSON Schema ``pattern`` of the pydantic type)."""
EXAMPLES: tuple[str, ...] = ("SC10144030500017", "SC20244030500019")
"""Valid numbers in canonical form (the JSON Schema ``examples``)."""
_SOFT_CATEGORY = "food production category table (secondary sources)"

CODES = define(
    *prefixed_codes(KIND, "SC", "food production licence", "食品生产许可证"),
    Code(
        "food_production.product_type",
        Severity.ERROR,
        "Product-type digit {product_type!r} at position {position} is not 1 (food) or"
        " 2 (food additive).",
        "第{position}位的类别代码“{product_type}”不是1（食品）或2（食品添加剂）。",
    ),
    Code(
        "food_production.superseded_licence",
        Severity.ERROR,
        "This is an old QS production licence number, not a food production licence (SC)"
        " number; the QS mark was phased out from 2015-10-01: ask for the current SC"
        " licence.",
        "这是旧的QS生产许可编号，不是食品生产许可证（SC）编号；QS标志自2015年10月1日起"
        "已逐步废止，请提供现行的食品生产许可证。",
    ),
    Code(
        "food_production.category_unknown",
        Severity.WARNING,
        "Category {category!r} at positions 4-5 is not in the {product_type_name_en}"
        " category table.",
        "第4-5位的类别编码“{category}”不在{product_type_name}类别目录中。",
        rule=_SOFT_CATEGORY,
    ),
    *soft_codes(KIND, region_at=5, authority_en="issuing authority", authority_zh="发证机关"),
)

PRODUCT_TYPES: dict[str, tuple[str, str]] = {
    "1": ("食品", "food"),
    "2": ("食品添加剂", "food additive"),
}
"""Product type (position 3) → (name, English name)."""

CATEGORIES: dict[str, dict[str, tuple[str, str]]] = {
    "1": {
        "01": ("粮食加工品", "grain products"),
        "02": ("食用油、油脂及其制品", "edible oils and fats"),
        "03": ("调味品", "condiments"),
        "04": ("肉制品", "meat products"),
        "05": ("乳制品", "dairy products"),
        "06": ("饮料", "beverages"),
        "07": ("方便食品", "convenience foods"),
        "08": ("饼干", "biscuits"),
        "09": ("罐头", "canned foods"),
        "10": ("冷冻饮品", "frozen drinks"),
        "11": ("速冻食品", "quick-frozen foods"),
        "12": ("薯类和膨化食品", "potato and puffed foods"),
        "13": ("糖果制品", "confectionery"),
        "14": ("茶叶及相关制品", "tea and tea products"),
        "15": ("酒类", "alcoholic drinks"),
        "16": ("蔬菜制品", "vegetable products"),
        "17": ("水果制品", "fruit products"),
        "18": ("炒货食品及坚果制品", "roasted seeds and nuts"),
        "19": ("蛋制品", "egg products"),
        "20": ("可可及焙烤咖啡产品", "cocoa and roasted coffee"),
        "21": ("食糖", "sugar"),
        "22": ("水产制品", "aquatic products"),
        "23": ("淀粉及淀粉制品", "starch and starch products"),
        "24": ("糕点", "pastries"),
        "25": ("豆制品", "soy products"),
        "26": ("蜂产品", "bee products"),
        "27": ("保健食品", "health foods"),
        "28": ("特殊医学用途配方食品", "foods for special medical purposes"),
        "29": ("婴幼儿配方食品", "infant formula"),
        "30": ("特殊膳食食品", "foods for special dietary uses"),
        "31": ("其他食品", "other foods"),
    },
    "2": {
        "01": ("一般食品添加剂", "food additives"),
        "02": ("食品用香精", "food flavourings"),
        "03": ("复配食品添加剂", "compound food additives"),
    },
}
"""Product type → category (positions 4–5) → (name, English name).

The codes follow the order of the 食品生产许可分类目录 (生产办法 art. 11); the names are
informational (secondary sources) and the table is a soft rule.
"""

_STRUCTURE = re.compile(r"SC[12][0-9]{13}")
_BODY = re.compile(r"SC[0-9]{13}")
_QS = re.compile(r"QS[0-9]{12}")


@dataclass(frozen=True, slots=True)
class FoodProductionParts(Parts):
    """The decoded parts of a food production licence number.

    Names are ``None`` where the tables have no entry; ``check_digit_matches`` tells
    whether the check digit follows the empirical MOD 11,10 rule.
    """

    product_type: str
    product_type_name: str
    product_type_name_en: str
    category: str
    category_name: str | None
    category_name_en: str | None
    province_code: str
    province_name: str | None
    region_code: str
    region_name: str | None
    sequence: str
    check_digit: str
    check_digit_matches: bool


def compact(number: object) -> str:
    """Normalise: full-width to ASCII, drop spaces, dashes and zero-width characters, upper-case.

    >>> compact("ＳＣ１０１４ ４０３０ ５０００１７")
    'SC10144030500017'
    """
    return clean(number, KIND)


def _structure_error(code: str) -> InvalidFormat | InvalidComponent:
    if _QS.fullmatch(code):  # a recognised (superseded) shape: see food_business
        return InvalidComponent("food_production.superseded_licence")
    return structure_error(KIND, code, "SC", "product_type", "product_type")


def validate(number: object, *, as_of: datetime.date | None = None) -> str:
    """Check the official rules and return the canonical number, or raise.

    ``as_of`` is accepted for the common interface; no rule depends on the date (the
    expiry date is printed on the licence, not encoded in the number).

    >>> validate("QS440306010001")
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.InvalidComponent: This is an old QS production licence number, ...
    """
    code = clean(number, KIND)
    if _STRUCTURE.fullmatch(code) is None:
        raise _structure_error(code)
    return code


is_valid = make_is_valid(validate)


def calc_check_digit(number: object) -> str:
    """The empirical MOD 11,10 check digit for ``SC`` and the first 13 digits.

    The algorithm is not published; it matches most real numbers seen (see the docs).

    >>> calc_check_digit("SC1014403050001")
    '7'
    """
    body = clean(number, KIND)[:15]
    if _BODY.fullmatch(body) is None:
        raise _structure_error(body + "0")
    return mod11_10_check(body[2:])


def format(number: object) -> str:
    """The canonical printed form (printed without separators)."""
    return validate(number)


def _soft(code: str, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
    findings = soft_findings(KIND, code, region_at=5)
    if code[3:5] not in CATEGORIES[code[2]]:  # reported after the check digit, before the region
        product_type = PRODUCT_TYPES[code[2]]
        checksum_first = bool(findings) and findings[0].code == f"{KIND}.checksum"
        findings.insert(
            1 if checksum_first else 0,
            Finding.of(
                "food_production.category_unknown",
                position=4,
                category=code[3:5],
                product_type_name=product_type[0],
                product_type_name_en=product_type[1],
            ),
        )
    return tuple(findings)


def _analyse(
    number: object, *, as_of: datetime.date | None = None
) -> Analysis[FoodProductionParts]:
    code = validate(number)
    digits = region_digits(code, region_at=5)
    product_type = PRODUCT_TYPES[code[2]]
    category = CATEGORIES[code[2]].get(code[3:5])
    parts = FoodProductionParts(
        product_type=code[2],
        product_type_name=product_type[0],
        product_type_name_en=product_type[1],
        category=code[3:5],
        category_name=category[0] if category else None,
        category_name_en=category[1] if category else None,
        sequence=code[11:15],
        **digits.fields(),
    )
    return Analysis(code, parts, _soft(code))


def parse(number: object, *, as_of: datetime.date | None = None) -> FoodProductionParts:
    """Validate and decode the parts (product type, category, region, sequence)."""
    return _analyse(number, as_of=as_of).parts


check = make_check(KIND, _analyse, compact)
findings = make_findings(validate, _soft)
