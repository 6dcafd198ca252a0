"""Audit: declared sales categories as real platforms and sellers name them.

Contract: docs/categories.md (names are matched after NFKC, case folding and removal of
whitespace; a name not in the policy is ``category.unknown``, review); domain.md §10.6
(category gating), §4 (food), §5 (drugs; §5.5 prohibited list), §6 (devices), §7
(certification, CMA); the issue's list of banned / special-permit goods.

What every name must do: resolve to the category whose documents its goods need, or stay
unknown (review).  An unknown or ambiguous name never lets a seller pass without the
documents its goods need; a harmless category is never refused.  Names are those of the
category trees of Taobao/Tmall, JD, Pinduoduo and Douyin and of onboarding forms.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from audit_support import AS_OF, example

from qualcheck import Decision, verify
from qualcheck.checks.categories import Treatment, load_category_policy, normalize_name
from qualcheck.testing import make_device_business, make_food_business, make_uscc

POLICY = load_category_policy()

# example records (examples/merchants.jsonl), each passing as of AS_OF with its own categories
FOOD_SELLER = 0  # JY form 1 (food seller)
RESTAURANT = 1  # JY form 2 (caterer)
PHARMACY = 2  # retail drug licence D
DEVICE_SELLER = 3  # class II filing + device business licence
CERTIFIER = 4  # CNCA approval
TESTING_LAB = 5  # CMA
FILING_ONLY = 7  # individual business with a pre-packaged food filing
LICENCE_ONLY = 12  # business licence only
WHOLESALER = 14  # drug licence A (wholesale)


def _record(index: int, categories: Any) -> dict[str, Any]:
    record = example(index)
    record["categories"] = categories
    return record


def _judge(index: int, categories: Any) -> tuple[Decision, list[str]]:
    report = verify(_record(index, categories), as_of=AS_OF)
    return report.decision, [f.code for f in report.findings]


def _only_kinds(index: int, *kinds: str) -> dict[str, Any]:
    record = example(index)
    record["documents"] = [d for d in record["documents"] if d["kind"] in kinds]
    return record


def test_example_baselines_pass() -> None:
    """The records the tests start from pass with their own categories."""
    for index in (FOOD_SELLER, RESTAURANT, PHARMACY, DEVICE_SELLER, CERTIFIER, TESTING_LAB):
        assert verify(example(index), as_of=AS_OF).decision is Decision.PASS, index
    assert _judge(LICENCE_ONLY, ["普通商品"]) == (Decision.PASS, [])
    assert _judge(FILING_ONLY, ["预包装食品"]) == (Decision.PASS, [])


# --------------------------------------------------------------------------- resolution

RESOLVES = {
    # traditional characters are read as their simplified forms
    "預包裝食品": "prepackaged_food",
    "餐飲": "catering",
    "處方藥": "prescription_drugs",
    "煙花爆竹": "fireworks",
    "迷藥": "stupefying_drugs",
    # everyday class II devices, some exempt from business filing (domain.md §6.1)
    "血压计": "medical_devices_class_2_everyday",
    "血糖仪": "medical_devices_class_2_everyday",
    "医用口罩": "medical_devices_class_2_everyday",
    "避孕套": "medical_devices_class_2_everyday",
    # food (domain.md §4.1, §10.6)
    "预包装食品": "prepackaged_food",
    "仅销售预包装食品": "prepackaged_food",
    "其他类食品销售": "food_sales",
    "散装食品": "bulk_food",
    "散装熟食": "bulk_food",
    "外卖": "catering",
    "餐饮": "catering",
    "网络餐饮服务": "catering",
    "自制食品": "own_produced_food",
    "保健食品": "health_food",
    "保健品": "health_food",
    "膳食营养补充剂": "health_food",
    "保健食品/膳食营养补充食品": "health_food",
    "婴幼儿配方奶粉": "infant_formula",
    "婴幼儿配方乳粉": "infant_formula",
    "婴儿奶粉": "infant_formula",
    # platform departments naming goods, not the kind of sale
    "食品": "food_unspecified",
    "食品饮料": "food_unspecified",
    "休闲零食": "food_unspecified",
    "粮油调味": "food_unspecified",
    "酒类": "food_unspecified",
    "白酒": "food_unspecified",
    "葡萄酒": "food_unspecified",
    "茶叶": "food_unspecified",
    "冷冻食品": "frozen_food",
    "Food & Beverages": "food_unspecified",
    "Snacks": "food_unspecified",
    # edible agricultural products: no food licence (食品安全法 art. 35)
    "食用农产品": "edible_agricultural_products",
    "水果": "edible_agricultural_products",
    "蔬菜": "edible_agricultural_products",
    "新鲜水果": "edible_agricultural_products",
    "Fresh Fruit": "edible_agricultural_products",
    # drugs (§5)
    "OTC药品": "otc_drugs",
    "ＯＴＣ药品": "otc_drugs",
    "otc": "otc_drugs",
    "处方药": "prescription_drugs",
    "Rx": "prescription_drugs",
    "药品批发": "drug_wholesale",
    # drug types that do not say prescription or OTC: the stricter reading
    "中成药": "prescription_drugs",
    "西药": "prescription_drugs",
    "疫苗": "vaccines",
    "含麻黄碱类复方制剂": "drugs_banned_online_retail",
    # devices (§6)
    "第二类医疗器械": "medical_devices_class_2",
    "Ⅱ类医疗器械": "medical_devices_class_2",
    "第Ⅱ类医疗器械": "medical_devices_class_2",
    "Class 2 Medical Devices": "medical_devices_class_2",
    "三类医疗器械": "medical_devices_class_3",
    "Ⅲ类医疗器械": "medical_devices_class_3",
    "Class III medical devices": "medical_devices_class_3",
    "隐形眼镜": "medical_devices_class_3",
    "美瞳": "medical_devices_class_3",
    "彩色隐形眼镜": "medical_devices_class_3",
    "Contact Lenses": "medical_devices_class_3",
    "一类医疗器械": "medical_devices_class_1",
    # services (§7)
    "认证服务": "certification_services",
    "检测服务": "testing_services",
    "检验检测": "testing_services",
    "检验检测服务": "testing_services",
    # special permit and banned goods (the list)
    "烟花爆竹": "fireworks",
    "烟花": "fireworks",
    "危险化学品": "hazardous_chemicals",
    "仿真枪": "guns_explosives",
    "枪支弹药": "guns_explosives",
    "炸药": "guns_explosives",
    "高致病性病原微生物菌株": "pathogenic_strains",
    "放射性同位素": "radioactive_sources",
    "射线装置": "radioactive_sources",
    "迷药": "stupefying_drugs",
    "特供酒": "special_supply_goods",
    "专供": "special_supply_goods",
    "警服": "military_police_insignia",
    "勋章": "national_medals_honours",
    "国家勋章": "national_medals_honours",
    "虚假检测报告": "counterfeit_certificates_reports",
    "假认证证书": "counterfeit_certificates_reports",
    # spellings: full-width, spaces, zero-width and format characters
    "　休闲 零食　": "food_unspecified",
    "预包装\u200b食品": "prepackaged_food",
    "\ufeff迷药": "stupefying_drugs",
    "烟花\u00ad爆竹": "fireworks",
    "隐 形 眼 镜": "medical_devices_class_3",
}

UNKNOWN = [
    # a department mixing agricultural products with frozen and processed food
    "生鲜",
    "肉禽蛋",
    "海鲜水产",
    # mode of sale or maker unclear: catering, food seller or producer
    "烘焙",
    "蛋糕",
    "小吃",
    "手工食品",
    "茶",
    # a pet department also holds live animals and veterinary drugs
    "宠物",
    "奶粉",  # adult milk powder is ordinary food, infant formula a special food
    # drug goods that may be banned (vaccines, blood products) or are not drugs at all
    "生物制品",
    "中药材",
    # devices whose class the name does not say, or exempt from filing in part
    "医疗器械",
    "家用医疗",
    "口罩",
    "助听器",
    "计生用品",
    "成人用品",
    # goods the reference does not settle
    "管制器具",
    "催情药",
    "军警用品",
    "代办证件",
    "化学试剂",
    # one platform leaf joining a known and an unknown name
    "OTC药品/医疗器械/计生用品",
    "隐形眼镜/护理液",
    # traditional characters are read as simplified ones: 醫療器械 is 医疗器械, unknown
    "醫療器械",
]


@pytest.mark.parametrize(("name", "category_id"), RESOLVES.items())
def test_platform_name_resolves(name: str, category_id: str) -> None:
    category = POLICY.resolve(name)
    assert category is not None, name
    assert category.id == category_id


@pytest.mark.parametrize("name", UNKNOWN)
def test_ambiguous_or_unsettled_name_is_unknown(name: str) -> None:
    assert POLICY.resolve(name) is None


@pytest.mark.parametrize("name", UNKNOWN)
def test_unknown_name_is_reviewed_even_with_every_licence(name: str) -> None:
    # a seller holding a food, drug or device licence still gets a person's look
    for index in (LICENCE_ONLY, FOOD_SELLER, PHARMACY, DEVICE_SELLER):
        decision, codes = _judge(index, [name])
        assert decision is Decision.REVIEW, (index, name, codes)
        assert codes == ["category.unknown"], (index, name, codes)


def test_every_name_of_the_lists_is_judged_safely_without_documents() -> None:
    """A seller with only a business licence passes a name only if it needs no licence."""
    for name in [*RESOLVES, *UNKNOWN]:
        category = POLICY.resolve(name)
        decision, codes = _judge(LICENCE_ONLY, [name])
        if category is not None and category.treatment is Treatment.FREE:
            assert (decision, codes) == (Decision.PASS, []), name
        else:
            assert decision is not Decision.PASS, (name, codes)


def test_each_name_names_one_category_after_normalisation() -> None:
    owners: dict[str, set[str]] = {}
    for category in POLICY:
        for name in (category.id, category.name_zh, category.name_en, *category.aliases):
            key = normalize_name(name)
            assert key, (category.id, name)
            owners.setdefault(key, set()).add(category.id)
    assert {key: ids for key, ids in owners.items() if len(ids) > 1} == {}


# --------------------------------------------------------------------------- food


FOOD_DEPARTMENTS = ["食品饮料", "休闲零食", "粮油调味", "酒类", "白酒", "茶叶", "冷冻食品", "食品"]


@pytest.mark.parametrize("name", FOOD_DEPARTMENTS)
def test_food_department_passes_a_food_sellers_licence(name: str) -> None:
    assert _judge(FOOD_SELLER, [name]) == (Decision.PASS, [])


@pytest.mark.parametrize("name", [name for name in FOOD_DEPARTMENTS if name != "冷冻食品"])
def test_food_department_on_a_filing_is_reviewed_not_refused(name: str) -> None:
    # a filing allows pre-packaged food only; the department may hold loose food too
    decision, codes = _judge(FILING_ONLY, [name])
    assert (decision, codes) == (Decision.REVIEW, ["category.license_needs_review"])


def test_frozen_food_on_a_filing_that_excludes_it_is_not_covered() -> None:
    """The example filing's scope says 不含冷藏冷冻食品: frozen food is outside it (review)."""
    scope = example(FILING_ONLY)["documents"][1]["scope"]
    assert "不含冷藏冷冻食品" in "".join(scope)
    decision, codes = _judge(FILING_ONLY, ["冷冻食品"])
    assert (decision, codes) == (Decision.REVIEW, ["category.scope_not_covering"])


@pytest.mark.parametrize("name", FOOD_DEPARTMENTS)
def test_food_department_on_a_caterers_licence_is_reviewed(name: str) -> None:
    assert _judge(RESTAURANT, [name]) == (Decision.REVIEW, ["category.license_needs_review"])


@pytest.mark.parametrize("name", FOOD_DEPARTMENTS)
def test_food_department_without_a_food_document_fails(name: str) -> None:
    decision, codes = _judge(LICENCE_ONLY, [name])
    assert (decision, codes) == (Decision.FAIL, ["category.license_missing"])


def test_food_department_on_a_canteen_licence_fails() -> None:
    # a unit canteen (JY form 3) does not sell to the public (docs/categories.md)
    record = _record(FOOD_SELLER, ["休闲零食"])
    record["documents"][1]["number"] = make_food_business(
        form=3, region="330106", rng=random.Random(3)
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "category.license_unsuitable" in [f.code for f in report.findings]


def test_snacks_are_not_passed_as_pre_packaged_only() -> None:
    """休闲零食 was an alias of pre-packaged food: a filing passed it, though platforms'
    snack departments sell loose (散装, 称重) snacks that need a licence."""
    category = POLICY.resolve("休闲零食")
    assert category is not None
    assert category.id != "prepackaged_food"
    assert _judge(FILING_ONLY, ["休闲零食"])[0] is not Decision.PASS


def test_fresh_department_is_not_licence_free() -> None:
    """生鲜 (JD, Tmall) holds frozen dumplings and cooked meat as well as fruit: it was an
    alias of edible agricultural products and passed without any food document."""
    assert _judge(LICENCE_ONLY, ["生鲜"]) == (Decision.REVIEW, ["category.unknown"])
    # fruit and vegetables themselves need no food licence (食品安全法 art. 35)
    assert _judge(LICENCE_ONLY, ["水果", "蔬菜", "食用农产品"]) == (Decision.PASS, [])


def test_generic_food_is_not_refused_on_a_filing() -> None:
    """食品 needed a food seller's JY (error on a filing) though a seller of pre-packaged
    food only needs the filing: now reviewed."""
    assert _judge(FILING_ONLY, ["食品"])[0] is Decision.REVIEW


@pytest.mark.parametrize("name", ["宠物"])
def test_pet_food_never_takes_the_human_food_rules(name: str) -> None:
    # the pet department also holds live animals and veterinary drugs: a person decides
    assert _judge(FOOD_SELLER, [name]) == (Decision.REVIEW, ["category.unknown"])
    assert _judge(LICENCE_ONLY, [name]) == (Decision.REVIEW, ["category.unknown"])
    # pet food is feed: no food licence is asked, and trading feed needs none
    assert _judge(LICENCE_ONLY, ["宠物食品"]) == (Decision.PASS, [])


@pytest.mark.parametrize("name", ["婴幼儿配方奶粉", "保健食品", "膳食营养补充剂"])
def test_special_food_needs_its_documents(name: str) -> None:
    assert _judge(LICENCE_ONLY, [name]) == (Decision.FAIL, ["category.license_missing"])
    # a food seller's licence whose scope lists no special food is not enough
    decision, codes = _judge(FOOD_SELLER, [name])
    assert decision is Decision.REVIEW
    assert codes == ["category.scope_not_covering"]


def test_catering_and_own_produced_food() -> None:
    assert _judge(RESTAURANT, ["外卖", "餐饮"]) == (Decision.PASS, [])
    assert _judge(FOOD_SELLER, ["外卖"])[1] == ["category.license_unsuitable"]
    assert _judge(FILING_ONLY, ["自制食品"]) == (Decision.FAIL, ["category.license_missing"])


# --------------------------------------------------------------------------- drugs


@pytest.mark.parametrize("name", ["OTC药品", "ＯＴＣ药品", "处方药", "Rx", "非处方药"])
def test_drugs_need_a_retail_licence(name: str) -> None:
    assert _judge(PHARMACY, [name]) == (Decision.PASS, [])
    assert _judge(WHOLESALER, [name]) == (Decision.FAIL, ["category.license_unsuitable"])
    assert _judge(LICENCE_ONLY, [name]) == (Decision.FAIL, ["category.license_missing"])


@pytest.mark.parametrize(
    "name", ["疫苗", "血液制品", "麻醉药品", "含麻黄碱类复方制剂", "中药配方颗粒"]
)
def test_prohibited_drugs_fail_even_for_a_pharmacy(name: str) -> None:
    assert _judge(PHARMACY, [name]) == (Decision.FAIL, ["category.banned"])


def test_platform_leaf_naming_drugs_and_devices_is_reviewed() -> None:
    # Tmall's "OTC药品/医疗器械/计生用品" is one leaf: not split, not passed
    for index in (PHARMACY, LICENCE_ONLY):
        decision, codes = _judge(index, ["OTC药品/医疗器械/计生用品"])
        assert (decision, codes) == (Decision.REVIEW, ["category.unknown"])


# --------------------------------------------------------------------------- devices


@pytest.mark.parametrize("name", ["隐形眼镜", "美瞳", "Ⅲ类医疗器械", "Contact Lenses"])
def test_contact_lenses_need_a_class_iii_licence(name: str) -> None:
    filing_only = _only_kinds(DEVICE_SELLER, "business_license", "device_business")
    filing_only["documents"] = [
        d for d in filing_only["documents"] if "经营许" not in d.get("number", "")
    ]
    filing_only["categories"] = [name]
    report = verify(filing_only, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert [f.code for f in report.findings] == ["category.license_unsuitable"]
    # the example's licence lists class III groups 6815 and 6866 only: contact lenses sit
    # in 6822 (2002 catalogue) and 16 (2017), so only the class at large is covered
    if name == "Ⅲ类医疗器械":
        assert _judge(DEVICE_SELLER, [name]) == (Decision.PASS, [])
    else:
        expected = (Decision.REVIEW, ["category.scope_not_covering"])
        assert _judge(DEVICE_SELLER, [name]) == expected
    assert _judge(LICENCE_ONLY, [name]) == (Decision.FAIL, ["category.license_missing"])


def test_class_ii_by_roman_numeral_needs_a_filing() -> None:
    assert _judge(LICENCE_ONLY, ["第Ⅱ类医疗器械"]) == (Decision.FAIL, ["category.license_missing"])
    record = _record(LICENCE_ONLY, ["第Ⅱ类医疗器械"])
    number = make_device_business(filing=True, year=2021, province="37", rng=random.Random(5))
    record["documents"].append(
        {"kind": "device_business", "number": number, "holder_name": record["name"]}
    )
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


# --------------------------------------------------------------------------- services


def test_certification_and_testing_services() -> None:
    assert _judge(CERTIFIER, ["认证服务"]) == (Decision.PASS, [])
    assert _judge(TESTING_LAB, ["检测服务", "检验检测"]) == (Decision.PASS, [])
    assert _judge(LICENCE_ONLY, ["认证服务"]) == (Decision.FAIL, ["category.license_missing"])
    assert _judge(LICENCE_ONLY, ["检测服务"]) == (Decision.FAIL, ["category.license_missing"])
    # a CMA does not allow certification, nor a CNCA approval testing
    assert _judge(TESTING_LAB, ["认证服务"])[0] is Decision.FAIL
    assert _judge(CERTIFIER, ["检验检测"])[0] is Decision.FAIL


# --------------------------------------------------------------------------- banned, permits

BANNED = [
    "仿真枪",
    "枪支弹药",
    "炸药",
    "高致病性病原微生物菌株",
    "放射性同位素",
    "射线装置",
    "迷药",
    "迷\u200b药",
    "特供酒",
    "内供",
    "警服",
    "军警标识",
    "勋章",
    "虚假检测报告",
    "伪造检验检测报告",
    "假认证证书",
]


@pytest.mark.parametrize("name", BANNED)
def test_banned_goods_fail_whatever_the_documents(name: str) -> None:
    for index in (LICENCE_ONLY, FOOD_SELLER, PHARMACY, DEVICE_SELLER, TESTING_LAB):
        assert _judge(index, [name]) == (Decision.FAIL, ["category.banned"]), index


@pytest.mark.parametrize("name", ["烟花爆竹", "烟花", "鞭炮", "危险化学品", "危化品"])
def test_special_permit_goods_are_reviewed(name: str) -> None:
    assert _judge(LICENCE_ONLY, [name]) == (Decision.REVIEW, ["category.special_permit"])


# --------------------------------------------------------------------------- mixed lists


def test_mixed_list_string_is_split_and_each_entry_judged() -> None:
    decision, codes = _judge(FOOD_SELLER, "普通商品，食品饮料、仿真枪；水果")
    assert decision is Decision.FAIL
    assert codes == ["category.banned"]
    decision, codes = _judge(FILING_ONLY, "水果、休闲零食；预包装食品")
    assert (decision, codes) == (Decision.REVIEW, ["category.license_needs_review"])


def test_findings_sit_at_the_declared_entry() -> None:
    report = verify(_record(LICENCE_ONLY, ["普通商品", "生鲜", "茶叶", "勋章"]), as_of=AS_OF)
    assert [(f.code, f.json_path) for f in report.findings] == [
        ("category.unknown", "$.categories[1]"),
        ("category.license_missing", "$.categories[2]"),
        ("category.banned", "$.categories[3]"),
    ]


def test_harmless_goods_are_never_refused() -> None:
    names = ["普通商品", "日用百货", "水果", "蔬菜", "果蔬", "一类医疗器械", "食用农产品"]
    assert _judge(LICENCE_ONLY, names) == (Decision.PASS, [])


def test_fresh_enterprise_with_generated_uscc() -> None:
    """A new enterprise (USCC of entity type 1) declaring only platform departments."""
    uscc = make_uscc(entity_type="1", region="330106", rng=random.Random(11))
    record = {
        "subject_type": "enterprise",
        "name": "杭州示例零食有限公司",
        "uscc": uscc,
        "categories": ["休闲零食", "茶叶", "水果"],
        "documents": [
            {
                "kind": "business_license",
                "number": uscc,
                "holder_name": "杭州示例零食有限公司",
                "validity": "2020-01-01至长期",
            }
        ],
    }
    report = verify(record, as_of=AS_OF)
    codes = [(f.code, f.json_path) for f in report.findings if f.code.startswith("category.")]
    assert report.decision is Decision.FAIL
    # 休闲零食 and 茶叶 name one category: judged once, at its first entry
    assert codes == [("category.license_missing", "$.categories[0]")]
