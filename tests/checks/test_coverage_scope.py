"""Coverage: how licence scopes are read — exclusions, limitations, drug classes, devices.

Scopes are written the way licences print them: 食品经营许可证 经营项目 (2015 and 2023 styles),
药品经营许可证 经营范围 (经营类别 before a colon, drug types after), 医疗器械经营许可证
经营范围 (class, then catalogue codes).
"""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from typing import Any

import pytest

from qualcheck import Decision
from qualcheck._codes import Finding
from qualcheck._verify import Verifier
from qualcheck.checks import CheckSpec, Context
from qualcheck.checks.categories import (
    CoverageStatus,
    assess_coverage,
    load_category_policy,
    read_scope,
)
from qualcheck.checks.coverage import CODES, coverage
from qualcheck.exceptions import ConfigError
from qualcheck.models import Merchant
from qualcheck.policy import Policy
from qualcheck.testing import (
    make_device_business,
    make_drug_business,
    make_food_business,
    make_food_filing,
    make_uscc,
)

AS_OF = datetime.date(2026, 11, 29)
POLICY = load_category_policy()
RNG = random.Random(20261130)
USCC = make_uscc(rng=RNG)

JY1 = make_food_business(form=1, rng=RNG)
JY2 = make_food_business(form=2, rng=RNG)
YB = make_food_filing(rng=RNG)
DRUG = {t: make_drug_business(business_type=t, rng=RNG) for t in "BCD"}
DEVICE_LICENCE = make_device_business(filing=False, rng=RNG)
DEVICE_FILING = make_device_business(filing=True, rng=RNG)

REVIEW = ["category.scope_not_covering"]
OK: list[str] = []

# Real licence wording styles
JY_2023 = (
    "预包装食品（含冷藏冷冻食品）销售，散装食品（含冷藏冷冻食品）销售，特殊食品销售（保健食品）"
)
JY_2015 = "预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）"
JY_SPECIAL = (
    "预包装食品销售（含冷藏冷冻食品）；特殊食品销售（保健食品、婴幼儿配方乳粉）；其他类食品销售"
)
PHARMACY = (
    "处方药、甲类非处方药、乙类非处方药："
    "中成药、化学药制剂、抗生素制剂、生化药品、生物制品（除疫苗）"
)
OTC_SHOP = "乙类非处方药"
OTC_PHARMACY = "甲类非处方药、乙类非处方药：中成药、化学药制剂、抗生素制剂"
DRUG_TYPES = "中药饮片；中成药；化学药；生物制品（除疫苗）"
DEVICE_III = "第三类医疗器械：6815注射穿刺器械，6866医用高分子材料及制品"
DEVICE_III_ROMAN = "Ⅲ类：6815注射穿刺器械；6866医用高分子材料及制品"
DEVICE_II = "第二类医疗器械：6820普通诊察器械，6826物理治疗及康复设备"


def doc(kind: str, number: str, scope: str | list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, "number": number}
    if scope is not None:
        out["scope"] = scope
    return out


def findings(categories: list[str], *documents: dict[str, Any]) -> list[Finding]:
    merchant = Merchant.model_validate(
        {
            "subject_type": "enterprise",
            "name": "示例商贸有限公司",
            "uscc": USCC,
            "categories": categories,
            "documents": [{"kind": "business_license", "number": USCC}, *documents],
        }
    )
    return list(coverage(merchant, Context(as_of=AS_OF, policy=Policy())))


def codes(categories: list[str], *documents: dict[str, Any]) -> list[str]:
    return [finding.code for finding in findings(categories, *documents)]


# --------------------------------------------------------------------------- reading


READINGS: list[tuple[str | list[str], list[tuple[str, tuple[str, ...], tuple[str, ...]]]]] = [
    # scope, [(head, included, excluded) per item]
    (
        JY_2015,
        [("预包装食品销售", ("冷藏冷冻食品",), ()), ("散装食品销售", (), ("散装熟食",))],
    ),
    ("散装食品销售(不含散装熟食)", [("散装食品销售", (), ("散装熟食",))]),  # half-width
    ("散装食品销售【不含散装熟食】", [("散装食品销售", (), ("散装熟食",))]),
    ("散装食品销售不含散装熟食", [("散装食品销售", (), ("散装熟食",))]),  # no bracket
    ("散装食品销售（不包括散装熟食）", [("散装食品销售", (), ("散装熟食",))]),
    ("散装食品销售（不包含散装熟食）", [("散装食品销售", (), ("散装熟食",))]),
    ("散装食品销售（散装熟食除外）", [("散装食品销售", (), ("散装熟食",))]),
    ("散装食品销售（除散装熟食外）", [("散装食品销售", (), ("散装熟食",))]),
    ("散装食品销售（除散装熟食以外）", [("散装食品销售", (), ("散装熟食",))]),
    ("除疫苗外的生物制品", [("的生物制品", (), ("疫苗",))]),
    ("生物制品（除疫苗）", [("生物制品", (), ("疫苗",))]),
    ("第三类医疗器械（除体外诊断试剂外）", [("第三类医疗器械", (), ("体外诊断试剂",))]),
    (
        "散装食品销售（不含冷藏冷冻食品、散装熟食）",
        [("散装食品销售", (), ("冷藏冷冻食品", "散装熟食"))],
    ),
    (
        "散装食品销售（含冷藏冷冻食品，不含散装熟食）",
        [("散装食品销售", ("冷藏冷冻食品",), ("散装熟食",))],
    ),
    # a bracket split by the item separators is put back together
    (
        ["散装食品销售（不含冷藏冷冻食品", "散装熟食）", "预包装食品销售"],
        [
            ("散装食品销售", (), ("冷藏冷冻食品", "散装熟食")),
            ("预包装食品销售", (), ()),
        ],
    ),
    # an inclusion is no exclusion
    ("预包装食品（含冷藏冷冻食品）销售", [("预包装食品销售", ("冷藏冷冻食品",), ())]),
    (
        PHARMACY,
        [
            ("处方药", (), ()),
            ("甲类非处方药", (), ()),
            ("乙类非处方药:中成药", (), ()),
            ("化学药制剂", (), ()),
            ("抗生素制剂", (), ()),
            ("生化药品", (), ()),
            ("生物制品", (), ("疫苗",)),
        ],
    ),
]


@pytest.mark.parametrize(("scope", "items"), READINGS)
def test_read_scope_items(
    scope: str | list[str], items: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> None:
    reading = read_scope(scope)
    assert [(item.head, item.included, item.excluded) for item in reading.items] == items
    assert reading.excluded == ()


@pytest.mark.parametrize(
    ("scope", "limited_to"),
    [
        ("特殊食品销售（保健食品）", (("保健食品",),)),  # a bracket naming goods limits
        ("特殊食品销售（保健食品、婴幼儿配方乳粉）", (("保健食品", "婴幼儿配方乳粉"),)),
        ("散装食品销售（仅限散装熟食）", (("散装熟食",),)),
        ("生物制品（限诊断药品）", (("诊断药品",),)),
        ("药品零售仅限乙类非处方药", (("乙类非处方药",),)),
        ("散装食品销售（网络经营）", ()),  # the mode of sale, not goods
        ("Ⅲ类（2002年分类目录）：6815注射穿刺器械", ()),  # a catalogue edition
    ],
)
def test_read_scope_limitations(scope: str, limited_to: tuple[tuple[str, ...], ...]) -> None:
    (item,) = read_scope(scope).items
    assert item.limited_to == limited_to


@pytest.mark.parametrize(
    ("scope", "excluded", "limited_to"),
    [
        ("预包装食品销售，不含散装熟食", ("散装熟食",), ()),  # standing alone
        ("预包装食品销售；散装熟食除外", ("散装熟食",), ()),
        ("预包装食品销售；散装食品销售（以上不含散装熟食）", ("散装熟食",), ()),
        ("中成药；化学药（以上均不含处方药）", ("处方药",), ()),
        ("预包装食品销售；散装食品销售；仅限网络销售", (), (("网络销售",),)),
    ],
)
def test_clauses_binding_the_whole_scope(
    scope: str, excluded: tuple[str, ...], limited_to: tuple[tuple[str, ...], ...]
) -> None:
    reading = read_scope(scope)
    assert (reading.excluded, reading.limited_to) == (excluded, limited_to)


# --------------------------------------------------------------------------- food

FOOD: list[tuple[list[str], dict[str, Any], list[str]]] = [
    # declared, document, codes
    # D-3: an alias of bulk food excluded by the item that names bulk food
    (["散装熟食"], doc("food_business", JY1, JY_2015), REVIEW),
    (["熟食"], doc("food_business", JY1, JY_2015), REVIEW),
    (["散装食品"], doc("food_business", JY1, JY_2015), OK),  # the rest of bulk food
    (["bulk_food"], doc("food_business", JY1, JY_2015), OK),
    (["散装熟食"], doc("food_business", JY1, JY_2023), OK),  # nothing excluded
    (["散装熟食"], doc("food_business", JY1, "散装食品销售（含散装熟食）"), OK),
    (["散装熟食"], doc("food_business", JY1, "散装食品销售(不含散装熟食)"), REVIEW),
    (["散装熟食"], doc("food_business", JY1, "散装食品销售（散装熟食除外）"), REVIEW),
    (["散装熟食"], doc("food_business", JY1, "散装食品销售（除散装熟食外）"), REVIEW),
    (["散装熟食"], doc("food_business", JY1, "散装食品销售（不包括散装熟食）"), REVIEW),
    (["散装熟食"], doc("food_business", JY1, "散装食品销售（不含冷藏冷冻食品、散装熟食）"), REVIEW),
    (["散装熟食"], doc("food_business", JY1, "散装食品销售不含散装熟食"), REVIEW),
    (["散装熟食"], doc("food_business", JY1, "预包装食品销售，散装食品销售，不含散装熟食"), REVIEW),
    (
        ["散装熟食"],
        doc("food_business", JY1, ["散装食品销售（不含冷藏冷冻食品", "散装熟食）"]),
        REVIEW,
    ),
    (["散装食品"], doc("food_business", JY1, "散装食品销售（不含冷藏冷冻食品）"), OK),
    # a keyword only inside an exclusion is no mention
    (["散装食品"], doc("food_business", JY1, "预包装食品销售（不含散装食品）"), REVIEW),
    # limitations: the item covers only what it is limited to
    (["散装熟食"], doc("food_business", JY1, "散装食品销售（仅限散装熟食）"), OK),
    (["散装食品"], doc("food_business", JY1, "散装食品销售（仅限散装熟食）"), REVIEW),
    (["散装食品"], doc("food_business", JY1, "散装食品销售（网络经营）"), OK),
    # a limitation to a kind of the goods (进口…) is not the goods at large; selling
    # words before them narrow nothing
    (["散装食品"], doc("food_business", JY1, "食品销售（仅限销售散装食品）"), OK),
    (["散装食品"], doc("food_business", JY1, "食品销售（仅限网络销售的散装食品）"), OK),
    (["保健食品"], doc("food_business", JY1, "特殊食品销售（仅限进口保健食品）"), REVIEW),
    # a bracket numbering the items of a list names no goods
    (["散装食品"], doc("food_business", JY1, "（一）预包装食品销售；（二）散装食品销售"), OK),
    (["散装食品"], doc("food_business", JY1, "(1)预包装食品销售；(2)散装食品销售"), OK),
    # brackets nested past reading: a scope that cannot be read covers nothing
    (["散装食品"], doc("food_business", JY1, "（" * 40 + "散装食品销售" + "）" * 40), REVIEW),
    (["散装食品"], doc("food_business", JY1, "（" * 2000 + "散装食品销售" + "）" * 2000), REVIEW),
    # special foods: the 2023 style names which ones in a bracket
    (["保健食品"], doc("food_business", JY1, JY_2023), OK),
    (["保健品"], doc("food_business", JY1, JY_2023), OK),
    (["婴幼儿配方乳粉"], doc("food_business", JY1, JY_2023), REVIEW),
    (["婴幼儿配方乳粉"], doc("food_business", JY1, JY_SPECIAL), OK),
    (["膳食补充剂"], doc("food_business", JY1, JY_SPECIAL), OK),
    (["保健品"], doc("food_business", JY1, "特殊食品销售（不含保健食品）"), REVIEW),
    (["婴幼儿奶粉"], doc("food_business", JY1, "特殊食品销售（不含保健食品）"), OK),
    (["婴幼儿奶粉"], doc("food_business", JY1, "特殊食品销售（婴幼儿配方乳粉除外）"), REVIEW),
    (["保健食品"], doc("food_filing", YB, "预包装食品（含保健食品）销售"), OK),
    (["保健食品"], doc("food_filing", YB, "预包装食品（不含保健食品）销售"), REVIEW),
    # a caterer selling pre-packaged food
    (["预包装食品"], doc("food_business", JY2, "热食类食品制售；预包装食品销售"), OK),
    (["预包装食品"], doc("food_business", JY2, "热食类食品制售（不含预包装食品）"), REVIEW),
    (
        ["预包装食品"],
        doc("food_business", JY2, "热食类食品制售；预包装食品销售（仅限饮料）"),
        REVIEW,
    ),
]


@pytest.mark.parametrize(("declared", "document", "expected"), FOOD)
def test_food_scopes(declared: list[str], document: dict[str, Any], expected: list[str]) -> None:
    assert codes(declared, document) == expected


# --------------------------------------------------------------------------- drugs

DRUGS: list[tuple[list[str], str | None, list[str]]] = [
    # declared, scope of a pharmacy's (D) licence, codes
    # D-4: prescription drugs need a scope listing 处方药 where it names drug classes
    (["处方药"], OTC_SHOP, REVIEW),
    (["处方药"], OTC_PHARMACY, REVIEW),
    (["处方药"], "非处方药", REVIEW),
    (["处方药"], PHARMACY, OK),
    (["处方药"], "处方药、非处方药", OK),
    (["Rx"], "乙类非处方药：中成药、化学药制剂", REVIEW),
    (["处方药"], "中成药、化学药制剂（不含处方药）", REVIEW),
    (["处方药"], "中成药、化学药制剂（以上不含处方药）", REVIEW),
    (["处方药"], "药品零售（仅限乙类非处方药）", REVIEW),
    # OTC drugs at large on a licence limited to class B: class A ones are not covered
    (["非处方药"], "药品零售（仅限乙类非处方药）", REVIEW),
    (["乙类非处方药"], "药品零售（仅限乙类非处方药）", OK),
    (["乙类非处方药"], "药品零售（仅限非处方药）", OK),
    # a scope naming drug types only does not say: not held to the class (as no scope)
    (["处方药"], DRUG_TYPES, OK),
    (["非处方药"], DRUG_TYPES, OK),
    (["处方药"], None, OK),
    # OTC drugs at large: both OTC classes, or 处方药; a class-B-only licence may not sell
    # class A OTC drugs (处方药与非处方药分类管理办法 art. 8): reviewed
    (["非处方药"], OTC_SHOP, REVIEW),
    (["OTC"], OTC_PHARMACY, OK),
    # "药品" may be any drug, prescription drugs too: an OTC-only licence is reviewed
    (["药品"], OTC_SHOP, REVIEW),
    (["药品"], PHARMACY, OK),
    (["非处方药"], PHARMACY, OK),
    (["非处方药"], "处方药", OK),
    (["非处方药"], "中成药、化学药制剂（不含处方药）", OK),
    (["非处方药"], "中成药、化学药制剂（不含非处方药）", REVIEW),
    # an explicit class mismatch: class A OTC on a class-B-only licence
    (["甲类非处方药"], OTC_SHOP, REVIEW),
    (["甲类非处方药"], OTC_PHARMACY, OK),
    (["甲类非处方药"], "处方药", OK),
    (["甲类非处方药"], "非处方药", OK),
    (["乙类非处方药"], OTC_SHOP, OK),
    (["乙类非处方药"], "甲类非处方药", REVIEW),
    (["甲类非处方药"], "甲类、乙类非处方药", OK),  # the classes share one noun
    (["甲类非处方药"], "甲、乙类非处方药", OK),  # and one 类
    (["甲类非处方药"], "处方药、甲、乙类非处方药：中成药", OK),
    (["甲类非处方药"], "乙、丙类非处方药", REVIEW),
    (["甲类非处方药"], "乙类非处方药（不含甲类非处方药）", REVIEW),
    (["非处方药", "甲类非处方药"], OTC_SHOP, REVIEW),  # every declared name is held
]


@pytest.mark.parametrize(("declared", "scope", "expected"), DRUGS)
def test_drug_scopes(declared: list[str], scope: str | None, expected: list[str]) -> None:
    assert codes(declared, doc("drug_business", DRUG["D"], scope)) == expected


@pytest.mark.parametrize("business_type", ["C", "D"])
def test_drug_scopes_hold_for_chain_stores_too(business_type: str) -> None:
    document = doc("drug_business", DRUG[business_type], OTC_SHOP)
    assert codes(["处方药"], document) == REVIEW
    assert codes(["乙类非处方药"], document) == OK


def test_chain_headquarters_with_an_otc_only_scope() -> None:
    # B needs review anyway; the scope is reported first (either is a review)
    document = doc("drug_business", DRUG["B"], OTC_SHOP)
    assert codes(["处方药"], document) == REVIEW
    assert codes(["乙类非处方药"], document) == ["category.license_needs_review"]


# --------------------------------------------------------------------------- devices

DEVICES: list[tuple[list[str], dict[str, Any], list[str]]] = [
    # a list numbered 一、二、… in Chinese: the numbers are not classes (二、三类 is item 二,
    # class III — not classes II and III)
    (
        ["第二类医疗器械"],
        doc("device_business", DEVICE_LICENCE, "一、第三类医疗器械；二、三类体外诊断试剂"),
        REVIEW,
    ),
    (
        ["第二类医疗器械"],
        doc("device_business", DEVICE_LICENCE, "一、三类医疗器械\n二、二类医疗器械"),
        OK,
    ),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, "一、二类医疗器械"), REVIEW),
    # a lone 二、三类 (no list) enumerates classes
    (["第二类医疗器械"], doc("device_business", DEVICE_LICENCE, "二、三类医疗器械"), OK),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, DEVICE_III), OK),
    (["三类器械"], doc("device_business", DEVICE_LICENCE, DEVICE_III_ROMAN), OK),
    (["三类器械"], doc("device_business", DEVICE_LICENCE, "III类：6815注射穿刺器械"), OK),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, "6815注射穿刺器械"), OK),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, DEVICE_II), REVIEW),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, "Ⅱ类：6820普通诊察器械"), REVIEW),
    (
        ["第三类医疗器械"],
        doc("device_business", DEVICE_LICENCE, "第三类医疗器械（不含体外诊断试剂）"),
        OK,
    ),
    (
        ["第三类医疗器械"],
        doc("device_business", DEVICE_LICENCE, "第三类医疗器械（仅限体外诊断试剂）"),
        REVIEW,
    ),
    (
        ["第三类医疗器械"],
        doc("device_business", DEVICE_LICENCE, "Ⅲ类（2002年分类目录）：6815注射穿刺器械"),
        OK,
    ),
    (
        ["第三类医疗器械"],
        doc("device_business", DEVICE_LICENCE, "医疗器械（不含第三类医疗器械）"),
        REVIEW,
    ),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, None), OK),
    # class II: a filing or a licence whose scope, where it names device classes, names
    # class II and does not exclude what was declared
    (["第二类医疗器械"], doc("device_business", DEVICE_FILING, DEVICE_II), OK),
    (
        ["第二类医疗器械"],
        doc("device_business", DEVICE_FILING, "第二类医疗器械（6840体外诊断试剂除外）"),
        OK,
    ),
    (["第二类医疗器械"], doc("device_business", DEVICE_FILING, "6820普通诊察器械"), OK),
    (["第二类医疗器械"], doc("device_business", DEVICE_FILING, None), OK),
    (["第二类医疗器械"], doc("device_business", DEVICE_LICENCE, DEVICE_III), REVIEW),
    (["第二类医疗器械"], doc("device_business", DEVICE_LICENCE, DEVICE_III_ROMAN), REVIEW),
    (
        ["第二类医疗器械"],
        doc("device_business", DEVICE_LICENCE, "Ⅱ类、Ⅲ类：6815注射穿刺器械；6820普通诊察器械"),
        OK,
    ),
    (
        ["第二类医疗器械"],
        doc("device_business", DEVICE_LICENCE, "Ⅲ类：6815注射穿刺器械；Ⅱ类：6820普通诊察器械"),
        OK,
    ),
    (
        ["第二类医疗器械"],
        doc("device_business", DEVICE_FILING, "医疗器械（不含第二类医疗器械）"),
        REVIEW,
    ),
    # classes enumerated before one 类: 二、三类 names both classes
    (["第二类医疗器械"], doc("device_business", DEVICE_LICENCE, "Ⅱ、Ⅲ类：6815注射穿刺器械"), OK),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, "Ⅱ、Ⅲ类：6815注射穿刺器械"), OK),
    (["第二类医疗器械"], doc("device_business", DEVICE_LICENCE, "第二、三类医疗器械"), OK),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, "第二、三类医疗器械"), OK),
    (["第二类医疗器械"], doc("device_business", DEVICE_LICENCE, "II,III类医疗器械"), OK),
    (["第二类医疗器械"], doc("device_business", DEVICE_LICENCE, "一、二、三类医疗器械"), OK),
    (
        ["第二类医疗器械"],
        doc("device_business", DEVICE_LICENCE, "第三类医疗器械；第一、三类"),
        REVIEW,
    ),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, "第一、二类医疗器械"), REVIEW),
    # classes in the formal numerals of amounts (贰类, 叁类), as some licences print them
    (["第二类医疗器械"], doc("device_business", DEVICE_LICENCE, "贰、叁类医疗器械"), OK),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, "贰、叁类医疗器械"), OK),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, "第贰类医疗器械"), REVIEW),
    (["第二类医疗器械"], doc("device_business", DEVICE_LICENCE, "第叁类医疗器械"), REVIEW),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, "第叁類醫療器械"), OK),
    (
        ["第二类医疗器械"],
        doc("device_business", DEVICE_LICENCE, "貳類、參類：6815注射穿刺器械"),
        OK,
    ),
    (["第三类医疗器械"], doc("device_business", DEVICE_LICENCE, "壹类、贰类医疗器械"), REVIEW),
    # everyday class II devices: the same reading, held against the product declared
    (["避孕套"], doc("device_business", DEVICE_FILING, "第二类医疗器械（不含避孕套）"), REVIEW),
    (["血压计"], doc("device_business", DEVICE_FILING, "第二类医疗器械（不含避孕套）"), OK),
    # entries standing alone after the item and closed by one 除外 are all excluded
    (
        ["避孕套"],
        doc("device_business", DEVICE_FILING, "第二类医疗器械，避孕套、医用口罩除外"),
        REVIEW,
    ),
    (
        ["医用口罩"],
        doc("device_business", DEVICE_FILING, "第二类医疗器械，避孕套、医用口罩除外"),
        REVIEW,
    ),
    (["血压计"], doc("device_business", DEVICE_FILING, "第二类医疗器械，避孕套、医用口罩除外"), OK),
    (["血压计"], doc("device_business", DEVICE_FILING, DEVICE_II), OK),
    (["血压计"], doc("device_business", DEVICE_LICENCE, DEVICE_III), REVIEW),
    # synonyms: 隐形眼镜 and 角膜接触镜 name one product, 美瞳 and 彩色隐形眼镜 another
    (
        ["隐形眼镜"],
        doc("device_business", DEVICE_LICENCE, "第三类医疗器械（不含角膜接触镜）"),
        REVIEW,
    ),
    (["隐形眼镜"], doc("device_business", DEVICE_LICENCE, "第三类医疗器械（仅限角膜接触镜）"), OK),
    (["美瞳"], doc("device_business", DEVICE_LICENCE, "第三类医疗器械（仅限彩色隐形眼镜）"), OK),
    # broader goods: excluding or limited to them names the product, not the other way
    (["美瞳"], doc("device_business", DEVICE_LICENCE, "第三类医疗器械（不含角膜接触镜）"), REVIEW),
    (["美瞳"], doc("device_business", DEVICE_LICENCE, "第三类医疗器械（仅限隐形眼镜）"), OK),
    (
        ["医用外科口罩"],
        doc("device_business", DEVICE_FILING, "第二类医疗器械（不含医用口罩）"),
        REVIEW,
    ),
    (["医用防护口罩"], doc("device_business", DEVICE_FILING, "第二类医疗器械（仅限医用口罩）"), OK),
    (
        ["医用口罩"],
        doc("device_business", DEVICE_FILING, "第二类医疗器械（仅限医用外科口罩）"),
        REVIEW,
    ),
    (
        ["医用防护口罩"],
        doc("device_business", DEVICE_FILING, "第二类医疗器械（仅限医用外科口罩）"),
        REVIEW,
    ),
    (["医用外科口罩"], doc("device_business", DEVICE_FILING, "第二类医疗器械（不含避孕套）"), OK),
    # a limitation to a kind of the goods, written with a word in front, lets the goods
    # through only as that kind: a seller of contact lenses at large is reviewed
    (
        ["隐形眼镜"],
        doc("device_business", DEVICE_LICENCE, "第三类医疗器械（仅限彩色隐形眼镜）"),
        REVIEW,
    ),
    (
        ["隐形眼镜"],
        doc("device_business", DEVICE_LICENCE, "第三类医疗器械（仅限软性隐形眼镜）"),
        REVIEW,
    ),
    # selling words, quotes and lists before the goods narrow nothing
    (
        ["隐形眼镜"],
        doc("device_business", DEVICE_LICENCE, "第三类医疗器械（仅限销售隐形眼镜）"),
        OK,
    ),
    (
        ["隐形眼镜"],
        doc("device_business", DEVICE_LICENCE, "第三类医疗器械（仅限护理液及隐形眼镜）"),
        OK,
    ),
    (["隐形眼镜"], doc("device_business", DEVICE_LICENCE, "第三类医疗器械（仅限“隐形眼镜”）"), OK),
]


@pytest.mark.parametrize(("declared", "document", "expected"), DEVICES)
def test_device_scopes(declared: list[str], document: dict[str, Any], expected: list[str]) -> None:
    assert codes(declared, document) == expected


# --------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("category_id", "document"),
    [
        ("bulk_food", doc("food_business", JY1, None)),
        ("health_food", doc("food_business", JY1, None)),
        ("health_food", doc("food_filing", YB, None)),
        ("infant_formula", doc("food_business", JY1, None)),
        ("prepackaged_food", doc("food_business", JY2, None)),
        ("otc_drugs", doc("drug_business", DRUG["D"], None)),
        ("prescription_drugs", doc("drug_business", DRUG["C"], None)),
        ("medical_devices_class_3", doc("device_business", DEVICE_LICENCE, None)),
    ],
)
def test_a_document_without_a_scope_is_not_held_to_keywords(
    category_id: str, document: dict[str, Any]
) -> None:
    assert codes([category_id], document) == []


def test_a_category_declared_twice_is_held_to_every_name() -> None:
    document = doc("food_business", JY1, JY_2015)
    found = findings(["散装食品", "散称食品", "散装熟食"], document)
    assert [(f.code, f.path) for f in found] == [(REVIEW[0], ("categories", 0))]
    assert codes(["散装食品", "bulk_food"], document) == []


def test_assess_coverage_without_declared_names_uses_the_chinese_name() -> None:
    jy = Merchant.model_validate(
        {
            "subject_type": "enterprise",
            "name": "示例",
            "uscc": USCC,
            "documents": [doc("food_business", JY1, "散装食品销售（不含散装熟食）")],
        }
    ).documents
    bulk = POLICY.categories["bulk_food"]
    assert assess_coverage(bulk, jy).covered
    assert assess_coverage(bulk, jy, declared=["散装熟食"]).status is CoverageStatus.NEEDS_REVIEW
    assert assess_coverage(bulk, jy, declared=["  "]).covered


def test_scope_finding_explains_exclusions() -> None:
    (finding,) = findings(["散装熟食"], doc("food_business", JY1, JY_2015))
    assert finding.ctx["keywords"] == ["散装食品"]
    assert finding.ctx["document"] == 1
    assert "不含" in finding.message
    assert "散装食品" in finding.message_zh
    assert "仅限" in finding.message_zh


@pytest.mark.parametrize(
    ("categories", "document", "decision"),
    [
        (["散装熟食"], doc("food_business", JY1, JY_2015), Decision.REVIEW),
        (["散装食品"], doc("food_business", JY1, JY_2015), Decision.PASS),
        (["处方药"], doc("drug_business", DRUG["D"], OTC_SHOP), Decision.REVIEW),
        (["处方药"], doc("drug_business", DRUG["D"], PHARMACY), Decision.PASS),
    ],
)
def test_decisions_through_verify(
    categories: list[str], document: dict[str, Any], decision: Decision
) -> None:
    verifier = Verifier(checks=[CheckSpec("coverage", coverage, tuple(CODES), "coverage")])
    report = verifier.verify(
        {
            "subject_type": "enterprise",
            "name": "示例商贸有限公司",
            "uscc": USCC,
            "categories": categories,
            "documents": [document],
        },
        as_of=AS_OF,
    )
    assert report.decision is decision, report.codes


# --------------------------------------------------------------------------- the file


def _policy(tmp_path: Path, requirement: dict[str, Any]) -> Policy:
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps(
            {
                "version": "1",
                "categories": {
                    "tea": {"name_zh": "茶叶", "name_en": "Tea", "requires": [[requirement]]}
                },
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return Policy(categories_file=path)


def test_scope_when_in_an_override(tmp_path: Path) -> None:
    policy = _policy(
        tmp_path,
        {"kind": "food_business", "scope_any": ["茶叶"], "scope_when": ["茶", "饮料"]},
    )
    category = load_category_policy(policy.categories_file).categories["tea"]
    assert category.required_en == (
        "food business licence (scope listing 茶叶 where it names 茶 or 饮料)"
    )
    assert category.required_zh == "食品经营许可证（范围写明茶或饮料时须含茶叶）"

    def judged(scope: str) -> list[str]:
        merchant = Merchant.model_validate(
            {
                "subject_type": "enterprise",
                "name": "示例",
                "uscc": USCC,
                "categories": ["茶叶"],
                "documents": [doc("food_business", JY1, scope)],
            }
        )
        return [f.code for f in coverage(merchant, Context(as_of=AS_OF, policy=policy))]

    assert judged("预包装食品销售") == []  # says nothing about tea or drinks
    assert judged("预包装食品销售（饮料）") == REVIEW
    assert judged("预包装食品销售（茶叶及相关制品）") == []
    assert judged("预包装食品销售（不含茶叶）") == REVIEW


@pytest.mark.parametrize(
    ("requirement", "message"),
    [
        ({"kind": "food_business", "scope_when": ["茶"]}, r"scope_when is given without scope_any"),
        (
            {"kind": "food_business", "scope_any": ["茶叶"], "scope_when": [" "]},
            r"scope_when holds an empty keyword",
        ),
    ],
)
def test_scope_when_is_checked(tmp_path: Path, requirement: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _policy(tmp_path, requirement)
