"""Audit, fourth round: drug, device and food scopes as really printed.

Contract (docs/categories.md — "How a scope is read", "Catalogue groups", "The file
format", "Decisions and doubts"; qualcheck/checks/scope.py, categories.py, coverage.py):

* never PASS a category the documents do not cover; never FAIL a real seller whose scope
  covers it in a form qualcheck did not know — review at worst, naming the rule;
* OTC drugs are 甲类 or 乙类 (处方药与非处方药分类管理办法 art. 8: only 甲类 needs a
  pharmacy's drug business licence to retail, other businesses may be approved for 乙类);
  a licence naming only 乙类非处方药 does not cover OTC drugs at large (非处方药, OTC);
  both classes, 处方药, or a scope naming no class do;
* drug retail to consumers needs a retail licence (C chain store, D pharmacy; B chain
  headquarters after review); a wholesale licence (A) is unsuitable — and only it allows
  drug wholesale; psychotropic drugs, 第二类 included, are banned online however named;
* contact lenses were item 6822-1 (角膜接触镜及护理用液) of the 2002 device catalogue: a
  list of class III groups covers them when it lists 6822 or 6822-1 (or 2017 group 16),
  not when it lists another item of 6822 or takes 6822-1 out;
* catering needs a caterer's food business licence (JY form 2); a food seller's licence
  (form 1, the form of its main business) whose scope lists catering items (…制售, as
  supermarkets with a kitchen hold) is reviewed, one listing none is unsuitable.

Found by this audit (fixed; the cases below are regression tests):

1. fail-open — 非处方药 / OTC declared on a licence whose scope names only 乙类非处方药
   (乙类非处方药, 非处方药（乙类）, 乙类非处方药：中成药…) passed;
2. fail-open — ``Ⅲ类：6822医用光学器具、仪器及内窥镜设备（除6822-1外）`` and ``Ⅲ类：6822-2``
   passed a seller of contact lenses (the policy knew their group only as 6822);
3. false fail — a food seller's JY (form 1) listing 热食类食品制售 failed 外卖 / 餐饮
   (``category.license_unsuitable``); now reviewed, while one listing no catering item
   still fails;
4. review instead of fail — 二类精神药品, 精神药品制剂 (psychotropics, banned online) were
   unknown names.
"""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from audit_support import AS_OF, ScopeSellers

from qualcheck import Decision, Severity, verify
from qualcheck.checks.categories import load_category_policy, parse_category_policy
from qualcheck.exceptions import ConfigError
from qualcheck.testing import make_drug_business

SCOPE_CODE = "category.scope_not_covering"
REVIEW_CODE = "category.license_needs_review"
UNSUITABLE = "category.license_unsuitable"

_SELLERS = ScopeSellers({"device": 20261401, "drug": 20261402, "food": 20261403})
judged, covered = _SELLERS.judged, _SELLERS.covered

POLICY = load_category_policy()
C2, C3, LENS = "第二类医疗器械", "第三类医疗器械", "隐形眼镜"

PHARMACY_2024 = (
    "处方药、甲类非处方药、乙类非处方药；中药饮片、中成药、化学药、生物制品（除疫苗）、"
    "体外诊断试剂（药品）"
)
"""A 2024-format retail licence: 经营类别 then 经营范围, on one line."""
PHARMACY_OLD = (
    "中药材、中药饮片、中成药、化学药制剂、抗生素制剂、生化药品、生物制品（除疫苗）"
    "（以上不含冷藏冷冻药品）"
)
"""An older retail licence naming drug types only, cold-chain drugs excluded."""


def reviewed(seller: str, categories: list[str], scope: str | list[str]) -> None:
    """Review for the scope only: never fail, never pass."""
    assert judged(seller, categories, scope) == (Decision.REVIEW, (SCOPE_CODE,)), scope


def with_document(seller: str, categories: list[str], **fields: Any) -> dict[str, Any]:
    """The seller declaring ``categories``, its licence's fields replaced."""
    record = copy.deepcopy(_SELLERS.records[seller])
    record["categories"] = categories
    (document,) = [d for d in record["documents"] if d["kind"] == _SELLERS.kind(seller)]
    document.update(fields)
    return record


# ------------------------------------------------------- 1. OTC classes: 甲类 and 乙类

OTC_B_ONLY: list[Any] = [
    (["非处方药"], "乙类非处方药"),
    (["OTC"], "乙类非处方药"),
    (["OTC药品"], "乙类非处方药：中成药、化学药"),
    (["非处方药"], "非处方药（乙类）"),
    (["非处方药"], "乙类非处方药（以上不含冷藏冷冻药品）"),
    (["非处方药"], "经营类别：乙类非处方药；经营范围：中成药、化学药制剂、抗生素制剂、生化药品"),
    (["非处方药"], ["乙类非处方药", "中成药", "化学药"]),
    (["非处方药"], "乙类非处方药：中成药、化学药、生物制品（除疫苗）"),
    (["非处方药"], "中药饮片、中成药、化学药制剂（以上不含冷藏冷冻药品）；乙类非处方药"),
    (["非处方药"], "乙類非處方藥"),
    (["OTC"], "乙类非处方药、医疗器械"),
    # class A only is not OTC at large either
    (["非处方药"], "甲类非处方药"),
    # the other class named, but excluded or limited to other goods
    (["非处方药"], "乙类非处方药；甲类非处方药（不含非处方药）"),
    (["非处方药"], "甲类非处方药（仅限乙类非处方药）；乙类非处方药"),
    (["非处方药"], "乙类非处方药；处方药（不含甲类非处方药）"),
    # every declared name is held: 甲类 as well as OTC at large
    (["非处方药", "甲类非处方药"], "乙类非处方药"),
]


@pytest.mark.parametrize(("declared", "scope"), OTC_B_ONLY)
def test_otc_drugs_at_large_on_a_class_b_only_licence_are_reviewed(
    declared: list[str], scope: str | list[str]
) -> None:
    reviewed("drug", declared, scope)


OTC_COVERED: list[Any] = [
    (["非处方药", "处方药", "中药饮片"], PHARMACY_2024),
    (["非处方药"], "甲类非处方药、乙类非处方药"),
    (["非处方药"], "甲类非处方药；乙类非处方药"),
    (["非处方药"], "甲、乙类非处方药"),
    (["OTC"], "非处方药（甲类、乙类）：中成药"),
    (["非处方药"], "乙类非处方药；甲类非处方药（不含冷藏冷冻药品）"),
    (["非处方药"], "经营类别：处方药、甲类非处方药、乙类非处方药\n经营范围：中成药、化学药"),
    (["非处方药"], "处方药,甲类非处方药,乙类非处方药(以上不含冷藏冷冻药品)"),
    (["非处方药"], "处方药、乙类非处方药"),  # a licence for prescription drugs: assumed
    (["非处方药"], "非处方药"),
    (["非处方药"], PHARMACY_OLD),  # no class named: not held to the classes
    (["乙类非处方药"], "乙类非处方药"),
    (["乙类非处方药"], "非处方药（乙类）：中成药"),
    (["中药饮片", "处方药"], PHARMACY_OLD),
]


@pytest.mark.parametrize(("declared", "scope"), OTC_COVERED)
def test_licences_naming_every_otc_class_cover_otc_drugs(
    declared: list[str], scope: str | list[str]
) -> None:
    covered("drug", declared, scope)


def test_the_class_review_names_its_rule_and_the_document() -> None:
    report = verify(with_document("drug", ["非处方药"], scope="乙类非处方药"), as_of=AS_OF)
    (finding,) = report.findings
    assert finding.code == SCOPE_CODE
    assert finding.severity is Severity.WARNING
    assert finding.rule
    assert finding.json_path == "$.categories[0]"
    assert finding.ctx["category"] == "otc_drugs"
    assert "非处方药" in finding.message_zh


# ----------------------------------------- 2. drug business types: who may sell to whom

RETAIL = ["非处方药", "处方药", "中药饮片"]


@pytest.mark.parametrize("business_type", ["C", "D"])
def test_retail_licences_cover_retail_and_not_wholesale(business_type: str) -> None:
    number = _drug_number(business_type)
    report = verify(with_document("drug", RETAIL, number=number, scope=PHARMACY_2024), as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes
    report = verify(with_document("drug", ["药品批发"], number=number), as_of=AS_OF)
    assert (report.decision, report.codes) == (Decision.FAIL, (UNSUITABLE,))


@pytest.mark.parametrize("declared", RETAIL)
def test_a_wholesale_licence_never_sells_to_consumers(declared: str) -> None:
    number = _drug_number("A")
    report = verify(
        with_document("drug", [declared], number=number, scope=PHARMACY_2024), as_of=AS_OF
    )
    assert (report.decision, report.codes) == (Decision.FAIL, (UNSUITABLE,))
    finding = report.findings[0]
    assert (finding.ctx["part"], finding.ctx["actual"]) == ("business_type", "A")


def test_only_a_wholesale_licence_allows_drug_wholesale() -> None:
    report = verify(with_document("drug", ["药品批发"], number=_drug_number("A")), as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes


def test_a_chain_headquarters_is_reviewed_never_passed() -> None:
    number = _drug_number("B")
    report = verify(with_document("drug", RETAIL, number=number, scope=PHARMACY_2024), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert set(report.codes) == {REVIEW_CODE}
    report = verify(
        with_document("drug", ["非处方药"], number=number, scope="乙类非处方药"), as_of=AS_OF
    )
    assert report.decision is Decision.REVIEW


def _drug_number(business_type: str) -> str:
    """A licence number of ``business_type`` from the seller's province (no region clash)."""
    (document,) = [d for d in _SELLERS.records["drug"]["documents"] if d["kind"] == "drug_business"]
    province = document["number"][0]
    return make_drug_business(
        business_type=business_type, province=province, rng=random.Random(business_type)
    )


@pytest.mark.parametrize(
    "declared", ["精神药品", "第二类精神药品", "二类精神药品", "精神药品制剂", "第二类精神药品制剂"]
)
def test_psychotropic_drugs_are_banned_however_named(declared: str) -> None:
    decision, codes = judged("drug", [declared], PHARMACY_2024)
    assert (decision, codes) == (Decision.FAIL, ("category.banned",))


@pytest.mark.parametrize(
    "scope",
    [
        "处方药（不含第二类精神药品）、甲类非处方药、乙类非处方药",
        "处方药、甲类非处方药、乙类非处方药：中成药、化学药制剂、第二类精神药品制剂",
    ],
)
def test_psychotropics_in_a_pharmacy_scope_change_nothing_for_other_drugs(scope: str) -> None:
    covered("drug", ["处方药", "非处方药"], scope)


# -------------------------------------------------- 3. devices: 6822-1, classes, widths

LENS_COVERED = [
    "Ⅲ类：6822-1角膜接触镜及护理用液",
    "Ⅲ类：6822医用光学器具、仪器及内窥镜设备（仅限6822-1角膜接触镜及护理用液）",
    "Ⅲ类：6822",
    "三类：6815,6821,6822,6840（体外诊断试剂除外）",
    "2002年分类目录：Ⅲ类：6815,6821；2017年分类目录：Ⅲ类：16",
    "III类:16-06",
    "三类：医用光学器具、仪器及内窥镜设备",
    "第三类医疗器械（仅限角膜接触镜）",
    "第三类医疗器械经营",
]


@pytest.mark.parametrize("scope", LENS_COVERED)
def test_contact_lenses_are_covered_by_6822_and_its_item_6822_1(scope: str) -> None:
    covered("device", [LENS], scope)


LENS_REVIEWED = [
    "Ⅲ类：6822-2",
    "Ⅲ类：6822医用光学器具、仪器及内窥镜设备（除6822-1外）",
    "第三类医疗器械（不含6822-1）",
    "Ⅲ类：6822（仅限6822-2）",
    "Ⅲ类：6840体外诊断试剂（诊断试剂不需低温冷藏运输贮存）",
    "2002年分类目录：Ⅲ类：6815,6821；2017年分类目录：Ⅲ类：14",
    "Ⅲ类（2017版）：02无源手术器械；14注输、护理和防护器械",
    "Ⅲ类医疗器械：6815注射穿刺器械、6866医用高分子材料及制品",
]


@pytest.mark.parametrize("scope", LENS_REVIEWED)
@pytest.mark.parametrize("declared", [LENS, "美瞳", "角膜塑形镜"])
def test_lists_without_6822_1_leave_contact_lenses_to_a_person(declared: str, scope: str) -> None:
    reviewed("device", [declared], scope)


def test_the_policy_knows_contact_lenses_as_item_6822_1() -> None:
    category = POLICY.resolve(LENS)
    assert category is not None
    assert dict(category.catalogue_groups)[LENS] == ("6822-1", "16")


CLASS_WIDTHS = [
    "Ⅱ类、Ⅲ类：6815注射穿刺器械",  # Roman numeral characters
    "ⅱ类、ⅲ类医疗器械",  # small Roman numeral characters
    "ＩＩ类、ＩＩＩ类医疗器械",  # full-width Latin letters
    "II类、III类医疗器械",
    "Ⅱ、Ⅲ类医疗器械",
    "二类/三类医疗器械",
    "二类、三类医疗器械",
    "三类医疗器械/二类医疗器械",
    "Ⅲ类、Ⅱ类（2002年分类）：6815、6866；（2017年分类）：14、02",
]


@pytest.mark.parametrize("scope", CLASS_WIDTHS)
def test_both_device_classes_in_every_width_cover_both(scope: str) -> None:
    covered("device", [C2, C3], scope)


@pytest.mark.parametrize(
    ("declared", "scope"),
    [
        ([C2], "第三类医疗器械"),
        ([C3], "第二类医疗器械"),
        ([C2], "Ⅲ类（2017版）：02无源手术器械；14注输、护理和防护器械"),
        (["血糖试纸"], "第三类医疗器械（不含体外诊断试剂）"),
        (["医用口罩"], "第二类医疗器械（不含医用口罩）"),
    ],
)
def test_a_device_scope_of_the_other_class_or_excluding_the_goods_is_reviewed(
    declared: list[str], scope: str
) -> None:
    reviewed("device", declared, scope)


def test_a_class_iii_licence_excluding_ivd_still_covers_class_iii() -> None:
    covered("device", [C3], "第三类医疗器械（不含体外诊断试剂）")


# -------------------------------------------------------------- 4. food: 2015 and 2023

FORM_2023 = (
    "食品销售经营者（网络经营）：预包装食品（含冷藏冷冻食品）销售，散装食品（含冷藏冷冻"
    "食品、不含熟食）销售，特殊食品销售（保健食品、特殊医学用途配方食品、婴幼儿配方乳粉、"
    "其他婴幼儿配方食品）"
)


@pytest.mark.parametrize(
    "declared",
    [
        ["散装食品"],
        ["冷冻食品"],
        ["保健食品"],
        ["婴幼儿奶粉"],
        ["特殊医学用途配方食品"],
        ["酒类", "茶叶"],
    ],
)
def test_a_2023_food_sellers_form_covers_what_it_lists(declared: list[str]) -> None:
    covered("food", declared, FORM_2023)


FOOD_REVIEWED: list[Any] = [
    (["散装熟食"], FORM_2023),
    (["熟食"], "散装食品（含冷藏冷冻食品、不含熟食）销售"),
    (["冷冻食品"], "预包装食品（不含冷藏冷冻食品）销售"),
    (["速冻食品"], "预包装食品（不含冷藏冷冻食品）销售"),
    (["冷冻食品"], "散装食品销售（不含冷藏冷冻食品）；预包装食品销售"),
    (["保健食品"], "特殊食品销售（特殊医学用途配方食品、婴幼儿配方乳粉）"),
    (["婴幼儿奶粉"], "特殊食品销售（保健食品、其他婴幼儿配方食品）"),
    (["特医食品"], "特殊食品销售（保健食品、婴幼儿配方乳粉）"),
    (["保健品"], "预包装食品销售"),
]


@pytest.mark.parametrize(("declared", "scope"), FOOD_REVIEWED)
def test_a_food_scope_that_leaves_the_goods_out_is_reviewed(
    declared: list[str], scope: str
) -> None:
    reviewed("food", declared, scope)


CATERING_ON_A_SELLERS_LICENCE = [
    "热食类食品制售",
    "预包装食品销售，热食类食品制售（仅限简单制售）",
    "食品销售经营者（网络经营）：预包装食品销售，糕点类食品制售（含裱花蛋糕）",
    "预包装食品销售（含冷藏冷冻食品）；自制饮品制售",
    "其他类食品制售",
]


@pytest.mark.parametrize("scope", CATERING_ON_A_SELLERS_LICENCE)
@pytest.mark.parametrize("declared", ["外卖", "餐饮", "现制饮品"])
def test_a_food_sellers_licence_listing_catering_items_is_reviewed(
    declared: str, scope: str
) -> None:
    report = verify(with_document("food", [declared], scope=scope), as_of=AS_OF)
    assert (report.decision, report.codes) == (Decision.REVIEW, (REVIEW_CODE,)), scope
    (finding,) = report.findings
    assert finding.rule
    assert "制售" in finding.message_zh


@pytest.mark.parametrize(
    "scope",
    [
        None,
        "预包装食品销售",
        "预包装食品销售，散装食品（含熟食）销售",
        "预包装食品销售；冷食类食品制售（不含外卖）",
    ],
)
def test_a_food_sellers_licence_listing_no_catering_item_is_unsuitable(scope: str | None) -> None:
    report = verify(with_document("food", ["外卖"], scope=scope), as_of=AS_OF)
    assert (report.decision, report.codes) == (Decision.FAIL, (UNSUITABLE,)), scope
    assert report.findings[0].ctx["actual"] == "1"


@pytest.mark.parametrize(
    "declared", ["自制饮品", "奶茶", "蛋糕", "裱花蛋糕", "寿司", "单位食堂", "生鲜"]
)
def test_food_names_the_policy_does_not_know_are_reviewed_not_passed(declared: str) -> None:
    decision, codes = judged("food", [declared], "热食类食品制售；预包装食品销售")
    assert decision is Decision.REVIEW
    assert "category.unknown" in codes


# ------------------------------------------------- 5. the policy option scope_required


def _policy(requirement: str) -> str:
    return (
        '{"version": "1", "categories": {"meals": {"name_zh": "餐食", "name_en": "Meals",'
        f' "requires": [[{requirement}]]}}}}}}'
    )


@pytest.mark.parametrize(
    ("requirement", "message"),
    [
        ('{"kind": "food_business", "scope_required": true}', "without scope_any"),
        (
            '{"kind": "food_business", "scope_any": ["制售"], "scope_when": ["制售"],'
            ' "scope_required": true}',
            "exclude each other",
        ),
        ('{"kind": "food_business", "scope_any": ["制售"], "scope_required": 1}', "bool"),
    ],
)
def test_scope_required_is_checked_when_the_file_is_read(requirement: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_category_policy(_policy(requirement), source="mine.json")


def test_scope_required_keywords_are_no_scope_words() -> None:
    assert "制售" not in POLICY.scope_words()
    assert "制售" not in POLICY.scope_words("food_business")
    policy = parse_category_policy(
        _policy('{"kind": "food_business", "scope_any": ["制售"], "scope_required": true}')
    )
    meals = policy.resolve("餐食")
    assert meals is not None
    assert "a scope listing 制售" in meals.required_en
