"""Audit, third round: coverage against licence scopes as they are really printed.

Contract (docs/categories.md — "How a scope is read", "Catalogue groups", "The bundled
categories", "Decisions and doubts"; qualcheck/checks/scope.py, coverage.py, categories.py):

* a scope that does not cover a declared category is ``category.scope_not_covering``
  (review, never fail, never pass); an unknown category is ``category.unknown`` (review,
  naming the value); banned goods fail, special-permit goods are reviewed;
* a device scope listing catalogue groups after a class covers goods whose groups the
  policy knows only if it lists one of them — however the list prints a group: ``14``,
  ``14注输、护理和防护器械`` or, as lists of 2017 groups are often printed,
  ``14-注输、护理和防护器械`` (a dash before a name is no range);
* an exclusion names the goods declared when it names them, part of them or goods that
  include them: blood-glucose and pregnancy test strips are in-vitro diagnostic reagents
  (体外诊断试剂注册与备案管理办法: reagents testing human samples outside the body), so
  ``（不含体外诊断试剂）`` leaves them uncovered and ``（仅限体外诊断试剂）`` covers them;
* a scope item ``其他婴幼儿配方食品销售`` (2015 and 2023 forms of the food business licence,
  next to ``婴幼儿配方乳粉销售``) names the rest of infant formula, not milk powder, nor
  infant formula at large;
* orthokeratology lenses (角膜塑形镜, OK镜) are class III contact lenses (the 2017 reply of
  the CFDA general office on their retail) and medical masks of YY/T 0969
  (一次性使用医用口罩) class II masks.

Found by this audit (all fixed, cases below are regression tests):

1. fail-open — ``Ⅲ类：14-注输、护理和防护器械`` (a 2017 group printed with a dash) was no
   group, so the list was not read and any class III goods passed, contact lenses
   included;
2. fail-open — ``第二类医疗器械（不含体外诊断试剂）`` passed a seller of blood-glucose or
   pregnancy test strips (and ``仅限体外诊断试剂`` reviewed one);
3. fail-open — ``其他婴幼儿配方食品销售`` passed a seller of infant formula milk powder;
4. review of real goods by an unknown name — 角膜塑形镜 / OK镜 and 一次性使用医用口罩 were
   ``category.unknown``: now judged as the devices they are (a seller without a licence
   fails, not only reviewed).

Scopes are set on generated sellers (``make_merchant`` via ``audit_support.ScopeSellers``)
judged by ``qualcheck.verify``; the wordings follow licences as printed (食品经营许可证 2015
and 2023 forms with 食品销售经营者（网络经营）, 药品经营许可证 经营范围, 医疗器械经营
许可证 / 备案凭证 with 2002 and 2017 catalogue groups).
"""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from audit_support import AS_OF, ScopeSellers, registry_merchant

from qualcheck import Decision, verify
from qualcheck.checks.categories import load_category_policy
from qualcheck.checks.scope import catalogue_codes, read_scope
from qualcheck.testing import make_device_business, make_uscc

SCOPE_CODE = "category.scope_not_covering"

_SELLERS = ScopeSellers({"device": 20261301, "drug": 20261302, "food": 20261303})
judged, covered = _SELLERS.judged, _SELLERS.covered

POLICY = load_category_policy()
C2 = "第二类医疗器械"
C3 = "第三类医疗器械"
LENS = "隐形眼镜"

OLD_FOOD_FORM = (
    "预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含冷藏冷冻食品）；特殊食品销售"
    "（保健食品、婴幼儿配方乳粉、其他婴幼儿配方食品）；热食类食品制售；冷食类食品制售；"
    "生食类食品制售；糕点类食品制售（含裱花蛋糕）；自制饮品制售；其他类食品制售"
)
"""A 2015-form food business licence's 经营项目, every item as the form prints it."""
NEW_FOOD_FORM = (
    "食品销售经营者（网络经营）：预包装食品（含冷藏冷冻食品）销售，散装食品（含冷藏冷冻"
    "食品、不含熟食）销售，保健食品销售，特殊医学用途配方食品销售，婴幼儿配方乳粉销售，"
    "其他婴幼儿配方食品销售"
)
"""A 2023-form food seller's 经营项目, after its business form and network mark."""
PHARMACY = (
    "处方药、甲类非处方药、乙类非处方药：中药饮片、中成药、化学药制剂、抗生素制剂、"
    "生化药品、生物制品（除疫苗）"
)


def reviewed(seller: str, categories: list[str], scope: str | list[str]) -> None:
    """Review for the scope only: never fail, never pass."""
    assert judged(seller, categories, scope) == (Decision.REVIEW, (SCOPE_CODE,)), scope


# ------------------------------------------------ 1. catalogue groups printed with a dash

DASHED_NOT_COVERING: list[Any] = [
    # contact lenses are in 6822 (2002) and 16 (2017): none of these lists holds them
    (LENS, "Ⅲ类：14-注输、护理和防护器械"),
    (LENS, "第三类医疗器械：14-注输、护理和防护器械"),
    (LENS, "2017年分类编码：Ⅲ类：06-医用成像器械,14-注输、护理和防护器械"),
    (LENS, "Ⅲ类（2017版）：08-呼吸、麻醉和急救器械；14-注输、护理和防护器械"),
    (LENS, "Ⅲ类：6815-注射穿刺器械，6866-医用高分子材料及制品"),
    (LENS, "Ⅲ类：6815－注射穿刺器械"),  # a full-width dash
    ("美瞳", "三类：14-注输、护理和防护器械；Ⅱ类：16-眼科器械"),
    ("角膜接触镜", "Ⅲ類：14-注輸、護理和防護器械"),
    # a group excluded by number and name
    (LENS, "第三类医疗器械（不含16-眼科器械）"),
    (LENS, "第三类医疗器械（除6822-医用光学器具、仪器及内窥镜设备外）"),
]


@pytest.mark.parametrize(("declared", "scope"), DASHED_NOT_COVERING)
def test_groups_printed_with_a_dash_are_read_as_groups(declared: str, scope: str) -> None:
    reviewed("device", [declared], scope)


DASHED_COVERING: list[Any] = [
    (LENS, "Ⅲ类：14-注输、护理和防护器械，16-眼科器械"),
    (LENS, "Ⅲ类：6815-注射穿刺器械，6822-医用光学器具、仪器及内窥镜设备"),
    (LENS, "2017年分类编码：Ⅲ类：16-眼科器械"),
    (LENS, "Ⅲ类：16-06-02"),
    (LENS, "第三类医疗器械（仅限16-眼科器械）"),
    ("美瞳", "Ⅲ类：6822-1角膜接触镜及护理用液"),
    # goods whose groups are not known: any class III or class II list covers them
    (C3, "Ⅲ类：14-注输、护理和防护器械"),
    (C2, "Ⅱ类：07-医用诊察和监护器械，14-注输、护理和防护器械"),
    ("医用口罩", "Ⅱ类：14-注输、护理和防护器械"),
]


@pytest.mark.parametrize(("declared", "scope"), DASHED_COVERING)
def test_groups_printed_with_a_dash_cover_what_they_hold(declared: str, scope: str) -> None:
    covered("device", [declared], scope)


@pytest.mark.parametrize(
    ("entry", "codes"),
    [
        ("14-注输、护理和防护器械", ("14",)),
        ("6815-注射穿刺器械", ("6815",)),
        ("16-06-01角膜接触镜", ("16-06-01",)),
        ("16-", ("16",)),
        # ranges stay none, with any dash
        ("6801-6877", ()),
        ("6801—6877", ()),
        ("01~22", ()),
        ("6801~6877", ()),
        ("6801至6877", ()),
    ],
)
def test_a_dash_before_a_name_is_no_range(entry: str, codes: tuple[str, ...]) -> None:
    assert catalogue_codes(entry) == codes


def test_a_dashed_list_is_one_item_per_group() -> None:
    reading = read_scope("Ⅲ类：06-医用成像器械,14-注输、护理和防护器械;16-眼科器械")
    assert [item.head for item in reading.items] == [
        "iii类:06-医用成像器械",
        "14-注输、护理和防护器械",
        "16-眼科器械",
    ]


# ------------------------------------------------ 2. in-vitro diagnostic reagents

STRIPS = ["血糖试纸", "血糖试纸条", "验孕棒", "早孕试纸", "妊娠诊断试纸", "验孕试纸"]
IVD_EXCLUDED = [
    "第二类医疗器械（不含体外诊断试剂）",
    "Ⅱ类医疗器械（除6840体外诊断试剂外）",
    "第二类医疗器械（体外诊断试剂除外）",
    "第二类医疗器械；体外诊断试剂除外",
    "第二类医疗器械（不含第二类体外诊断试剂）",
    "第二类医疗器械（不含诊断试剂）",
    "第二類醫療器械（不含體外診斷試劑）",
]


@pytest.mark.parametrize("declared", STRIPS)
@pytest.mark.parametrize("scope", IVD_EXCLUDED)
def test_a_scope_excluding_diagnostic_reagents_does_not_cover_test_strips(
    declared: str, scope: str
) -> None:
    reviewed("device", [declared], scope)


@pytest.mark.parametrize("declared", ["血糖仪", "血压计", "医用口罩", "避孕套"])
@pytest.mark.parametrize("scope", IVD_EXCLUDED[:4])
def test_a_scope_excluding_diagnostic_reagents_covers_other_goods(
    declared: str, scope: str
) -> None:
    covered("device", [declared], scope)


@pytest.mark.parametrize(
    ("declared", "scope"),
    [
        ("血糖试纸", "第二类医疗器械（仅限体外诊断试剂）"),
        ("验孕棒", "第二类医疗器械（仅限体外诊断试剂）"),
        ("血糖试纸", "Ⅱ类：6840体外诊断试剂"),
        (["血糖试纸", "血糖仪"], "Ⅱ类：6840临床检验分析仪器及诊断试剂"),
    ],
)
def test_a_scope_limited_to_diagnostic_reagents_covers_test_strips(
    declared: str | list[str], scope: str
) -> None:
    covered("device", declared if isinstance(declared, list) else [declared], scope)


def test_a_scope_limited_to_diagnostic_reagents_does_not_cover_the_meter() -> None:
    reviewed("device", ["血糖仪"], "第二类医疗器械（仅限体外诊断试剂）")


# ------------------------------------------------ 3. 其他婴幼儿配方食品


@pytest.mark.parametrize(
    ("declared", "scope"),
    [
        ("婴幼儿奶粉", "其他婴幼儿配方食品销售"),
        ("婴幼儿配方乳粉", "其他婴幼儿配方食品销售（网络经营）"),
        ("婴幼儿配方奶粉", "其它婴幼儿配方食品销售"),
        ("婴幼儿奶粉", "预包装食品（含冷藏冷冻食品）销售，其他婴幼儿配方食品销售"),
        ("婴幼儿奶粉", "预包装食品销售（含冷藏冷冻食品）；特殊食品销售（其他婴幼儿配方食品）"),
        ("婴幼儿配方乳粉", "特殊食品销售（保健食品、其他婴幼儿配方食品）"),
        # infant formula at large: the item names only part of it
        ("婴幼儿配方食品", "其他婴幼儿配方食品销售"),
        ("婴幼儿配方食品", "保健食品销售；其他婴幼儿配方食品销售"),
        # the rest of infant formula is no special food at large either
        ("特医食品", OLD_FOOD_FORM),
        ("婴幼儿奶粉", "其他" * 3000 + "婴幼儿配方食品销售"),  # hostile, still read
    ],
)
def test_the_rest_of_infant_formula_is_not_infant_formula(declared: str, scope: str) -> None:
    reviewed("food", [declared], scope)


@pytest.mark.parametrize(
    ("declared", "scope"),
    [
        (["婴幼儿奶粉"], "婴幼儿配方乳粉销售；其他婴幼儿配方食品销售"),
        (["婴幼儿配方食品"], "婴幼儿配方乳粉销售；其他婴幼儿配方食品销售"),
        (
            ["婴幼儿配方乳粉"],
            "特殊食品销售（保健食品、特殊医学用途配方食品、婴幼儿配方乳粉、其他婴幼儿配方食品）",
        ),
        (["婴幼儿奶粉"], "特殊食品销售（保健食品除外）"),
        (["婴幼儿奶粉"], "特殊食品销售"),
        # 其他 before a class is no 其他 before the goods
        ([C2], "Ⅱ类：6840体外诊断试剂；其他第二类医疗器械"),
    ],
)
def test_infant_formula_named_as_such_is_covered(declared: list[str], scope: str) -> None:
    seller = "device" if declared == [C2] else "food"
    covered(seller, declared, scope)


# ------------------------------------------------ real scopes, whole, as printed


@pytest.mark.parametrize(
    ("declared", "scope"),
    [
        (["预包装食品", "散装食品", "冷冻食品", "保健食品", "婴幼儿奶粉"], OLD_FOOD_FORM),
        (["婴幼儿配方食品", "食品"], OLD_FOOD_FORM),
        (["预包装食品", "散装食品", "冷冻食品", "保健食品"], NEW_FOOD_FORM),
        (["婴幼儿奶粉", "婴幼儿配方食品", "特医食品", "保健食品/膳食营养补充食品"], NEW_FOOD_FORM),
        (["酒类", "茶叶", "食品饮料"], NEW_FOOD_FORM),
        (["预包装食品"], "预包装食品（含冷藏冷冻食品）销售（网络经营）"),
        (["散装食品"], "散装食品（不含冷藏冷冻食品）销售（网络经营）"),
    ],
)
def test_food_licences_as_printed_cover_what_they_list(declared: list[str], scope: str) -> None:
    covered("food", declared, scope)


@pytest.mark.parametrize(
    ("declared", "scope"),
    [
        (["散装熟食"], NEW_FOOD_FORM),  # 不含熟食
        (["熟食"], "散装食品（不含熟食）销售"),
        (["冷冻食品"], "预包装食品（不含冷藏冷冻食品）销售；散装食品（不含冷藏冷冻食品）销售"),
        (["保健食品"], "预包装食品销售（含冷藏冷冻食品，不含特殊食品）"),
        (["保健食品"], "特殊食品销售（不含保健食品）"),
    ],
)
def test_food_licences_as_printed_do_not_cover_what_they_exclude(
    declared: list[str], scope: str
) -> None:
    reviewed("food", declared, scope)


def test_a_pharmacy_licence_as_printed_covers_its_classes_and_types() -> None:
    covered("drug", ["处方药", "非处方药", "中药饮片", "乙类非处方药"], PHARMACY)


@pytest.mark.parametrize(
    ("declared", "scope"),
    [
        (["中药饮片"], "中成药、化学药制剂、抗生素制剂、生化药品、生物制品（除疫苗）"),
        (["处方药"], "乙类非处方药：中成药、化学药制剂"),
        (["甲类非处方药"], "乙类非处方药：中成药、化学药制剂、抗生素制剂"),
    ],
)
def test_a_pharmacy_licence_as_printed_does_not_cover_what_it_lacks(
    declared: list[str], scope: str
) -> None:
    reviewed("drug", declared, scope)


# ------------------------------------------------ 4. devices known by other names


@pytest.mark.parametrize("name", ["角膜塑形镜", "OK镜", "ok镜", "ＯＫ镜"])
def test_orthokeratology_lenses_are_class_iii_contact_lenses(name: str) -> None:
    category = POLICY.resolve(name)
    assert category is not None
    assert category.id == "medical_devices_class_3"
    covered("device", [name], "Ⅲ类：6822-1角膜接触镜及护理用液")
    covered("device", [name], "Ⅲ类（2017版）：16-眼科器械")
    covered("device", [name], "第三类医疗器械（仅限隐形眼镜）")
    reviewed("device", [name], "Ⅲ类：6815注射穿刺器械")
    reviewed("device", [name], "第三类医疗器械（不含角膜接触镜）")
    reviewed("device", [name], "第三类医疗器械（不含隐形眼镜）")


def test_orthokeratology_lenses_on_a_class_ii_filing_fail() -> None:
    record = _SELLERS.record("device", ["OK镜"], "Ⅱ类、Ⅲ类医疗器械")
    (document,) = [doc for doc in record["documents"] if doc["kind"] == "device_business"]
    document["number"] = make_device_business(
        filing=True, year=2021, province="33", rng=random.Random(7)
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "category.license_unsuitable" in report.codes


def test_a_disposable_medical_mask_is_a_medical_mask() -> None:
    name = "一次性使用医用口罩"
    category = POLICY.resolve(name)
    assert category is not None
    assert category.id == "medical_devices_class_2_everyday"
    reviewed("device", [name], "第二类医疗器械（不含医用口罩）")
    covered("device", [name], "第二类医疗器械（仅限医用口罩）")
    covered("device", [name], "第二类医疗器械（仅限口罩）")


# ------------------------------------------------ declared names platforms use

USCC = make_uscc(entity_type="1", region="330106", rng=random.Random(20261304))
_LICENCE_ONLY = registry_merchant("audit-coverage-3", USCC, "杭州示例商贸有限公司", "张三")


def licence_only(categories: list[str]) -> tuple[Decision, tuple[str, ...]]:
    """An enterprise holding only its business licence, declaring ``categories``."""
    record = copy.deepcopy(_LICENCE_ONLY)
    record["categories"] = categories
    report = verify(record, as_of=AS_OF)
    return report.decision, report.codes


@pytest.mark.parametrize(
    "declared",
    [
        "进口食品",
        "生鲜",
        "口罩",
        "隐形眼镜/护理液",
        "隐形眼镜护理液",
        "护理液",
        "计生用品",
        "化肥",
        "医疗服务",
        "酒类批发",
        "体外诊断试剂",
        "奶粉",
        "医疗器械",
        "乙类OTC",
        "胰岛素",
    ],
)
def test_a_name_the_policy_does_not_know_is_reviewed_by_name(declared: str) -> None:
    """Never pass, never fail by guess: review, and the finding quotes the value."""
    record = copy.deepcopy(_LICENCE_ONLY)
    record["categories"] = [declared]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    unknown = [f for f in report.findings if f.code == "category.unknown"]
    assert [f.json_path for f in unknown] == ["$.categories[0]"]
    assert declared in unknown[0].message


@pytest.mark.parametrize(
    ("declared", "outcome"),
    [
        # banned whatever the documents
        (["烟草"], (Decision.FAIL, ("category.banned",))),
        (["电子烟"], (Decision.FAIL, ("category.banned",))),
        (["彩票"], (Decision.FAIL, ("category.banned",))),
        (["第二类精神药品"], (Decision.FAIL, ("category.banned",))),
        (["蛋白同化制剂"], (Decision.FAIL, ("category.banned",))),
        # a permit qualcheck cannot verify: reviewed, never passed
        (["农药"], (Decision.REVIEW, ("category.special_permit",))),
        (["兽药"], (Decision.REVIEW, ("category.special_permit",))),
        (["宠物药品"], (Decision.REVIEW, ("category.special_permit",))),
        (["农药/化肥"], (Decision.REVIEW, ("category.unknown", "category.special_permit"))),
        # no licence needed: pet food is feed, fruit an edible agricultural product
        (["宠物食品"], (Decision.PASS, ())),
        (["水果"], (Decision.PASS, ())),
        # food by department needs a food document
        (["酒类"], (Decision.FAIL, ("category.license_missing",))),
        (["茶叶"], (Decision.FAIL, ("category.license_missing",))),
        (["保健食品/膳食营养补充食品"], (Decision.FAIL, ("category.license_missing",))),
        (["婴幼儿奶粉"], (Decision.FAIL, ("category.license_missing",))),
        # devices: class III needs a licence; everyday class II may be exempt
        (["角膜塑形镜"], (Decision.FAIL, ("category.license_missing",))),
        (["美瞳"], (Decision.FAIL, ("category.license_missing",))),
        (["血糖仪"], (Decision.REVIEW, ("category.possibly_exempt",))),
        (["避孕套"], (Decision.REVIEW, ("category.possibly_exempt",))),
        (["验孕棒"], (Decision.REVIEW, ("category.possibly_exempt",))),
        (["一次性使用医用口罩"], (Decision.REVIEW, ("category.possibly_exempt",))),
    ],
)
def test_platform_names_on_a_business_licence_alone(
    declared: list[str], outcome: tuple[Decision, tuple[str, ...]]
) -> None:
    assert licence_only(declared) == outcome


def test_veterinary_drugs_are_not_covered_by_a_human_drug_licence() -> None:
    decision, codes = judged("drug", ["兽药"], PHARMACY)
    assert (decision, codes) == (Decision.REVIEW, ("category.special_permit",))


def test_a_replaced_licence_lends_its_scope_to_nothing() -> None:
    """The ended licence its renewal replaced listed 6822; the renewal lists 6815 only:
    contact lenses are judged on the renewal (review), not passed on the old scope."""
    record = _SELLERS.record("device", [LENS], "Ⅲ类：6815注射穿刺器械")
    (current,) = [doc for doc in record["documents"] if doc["kind"] == "device_business"]
    ended = {
        **copy.deepcopy(current),
        "scope": "Ⅲ类：6822医用光学器具、仪器及内窥镜设备",
        "valid_from": "2016-01-01",
        "valid_to": "2020-12-31",
    }
    record["documents"].append(ended)
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert SCOPE_CODE in report.codes
    assert "license.superseded" in report.codes
