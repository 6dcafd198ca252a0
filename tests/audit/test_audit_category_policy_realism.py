"""Audit: the bundled category policy against the category names real platforms use.

A platform's category team reads the policy (qualcheck/data/categories.json, documented in
docs/categories.md) with the department and leaf names of Taobao/Tmall, JD, Pinduoduo,
Douyin shops and Meituan/Ele.me in hand, and the paths built from them, and asks for each:
what does Chinese law say a seller holding these documents may sell?

The contract:

* docs/categories.md — names are matched whole after normalisation; a path is read by its
  last step; a name that names no category is ``category.unknown`` (review); banned and
  special-permit names count wherever they stand; "Decisions and doubts";
* /work/shared/reference/domain.md §4 (food: 食品安全法 art. 35 — licence for food sale and
  catering, filing for pre-packaged food only, none for 食用农产品; special foods art. 74),
  §5 (drugs: a retail licence C/D; the prohibited list §5.5), §6 (devices), §10.6;
* the laws cited in each category's ``basis``.

What the tests hold the policy to:

* **no false pass** — a name resolving to a licence-free category names only goods that need
  no licence; a licensed or banned good is never passed without its document, however a
  platform writes it (department, leaf, path, joined leaf);
* **no false fail** — a harmless look-alike (烟花造型灯, 雾化器, 奇亚籽, 象牙白 …) is never
  banned or sent for a permit, and lawful sellers of a name are not refused;
* **gaps decided** — common goods whose law is clear are in the policy (pet food, foods for
  special medical purposes, 中药饮片, wild animals, ivory, covert eavesdropping equipment,
  lottery tickets, police equipment, precursor chemicals, cultural relics …); goods whose
  name leaves the law open stay unknown (review);
* **docs in step** — every row of the category tables says what the JSON says.

Records are generated (``make_merchant`` and the number generators): nobody's numbers.
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from audit_support import AS_OF, ROOT

from qualcheck import Decision, Report, verify
from qualcheck.checks.categories import (
    Category,
    Treatment,
    load_category_policy,
    normalize_name,
    show_values,
)
from qualcheck.testing import (
    make_drug_business,
    make_food_business,
    make_food_production,
    make_merchant,
)

POLICY = load_category_policy()
DOCS = ROOT / "docs" / "categories.md"
HARD = (Treatment.BANNED, Treatment.SPECIAL_PERMIT)


# --------------------------------------------------------------------------- records


def seller(profile: str, categories: Any, *, seed: int = 3) -> dict[str, Any]:
    """A generated seller of ``profile`` (each passes with its own categories) declaring
    ``categories`` instead."""
    record = make_merchant(profile, as_of=AS_OF, rng=random.Random(seed))
    record["categories"] = categories
    return record


def licence_only(categories: Any) -> dict[str, Any]:
    """An enterprise holding its business licence and nothing else."""
    record = seller("food_shop", categories)
    record["documents"] = record["documents"][:1]
    return record


def food_seller(categories: Any, *, form: int = 1, scope: str | None = None) -> dict[str, Any]:
    """A food business licence (JY) of ``form``; ``scope`` replaces the printed one
    (预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）；网络经营)."""
    record = seller("food_shop", categories)
    licence = record["documents"][1]
    region = licence["number"][3:9]
    licence["number"] = make_food_business(form=form, region=region, rng=random.Random(form))
    if scope is not None:
        licence["scope"] = scope
    return record


def filing_holder(categories: Any, *, scope: str | None = None) -> dict[str, Any]:
    """An individual business with a pre-packaged food filing (its scope: 预包装食品（不含
    冷藏冷冻食品）销售, unless ``scope`` replaces it)."""
    record = seller("individual_business", categories)
    if scope is not None:
        record["documents"][1]["scope"] = scope
    return record


def producer(categories: Any, *, category: int) -> dict[str, Any]:
    """A food producer holding its SC licence (food, product type 1) of ``category``."""
    record = seller("food_shop", categories)
    licence = record["documents"][1]
    region = licence["number"][3:9]
    for field in ("business_form", "network_operation", "scope"):
        licence.pop(field, None)
    licence["kind"] = "food_production"
    licence["number"] = make_food_production(
        kind=1, category=category, region=region, rng=random.Random(category)
    )
    return record


def pharmacy(
    categories: Any, *, business_type: str = "D", scope: str | None = None
) -> dict[str, Any]:
    """A drug business licence of ``business_type`` (printed scope 中成药；化学药；生物制品
    （除疫苗）, unless ``scope`` replaces it)."""
    record = seller("pharmacy", categories)
    licence = record["documents"][1]
    licence["number"] = make_drug_business(
        business_type=business_type, province=licence["number"][0], rng=random.Random(9)
    )
    if scope is not None:
        licence["scope"] = scope
    return record


def every_licence(categories: Any) -> list[dict[str, Any]]:
    """Sellers holding, between them, every kind of licence qualcheck reads."""
    return [
        licence_only(categories),
        seller("food_shop", categories),
        seller("restaurant", categories),
        seller("individual_business", categories),
        seller("pharmacy", categories),
        seller("device_seller", categories),
        seller("certification_body", categories),
        seller("testing_lab", categories),
    ]


def outcome(record: dict[str, Any]) -> tuple[Decision, list[str]]:
    """The decision and the category findings, in order."""
    report = verify(record, as_of=AS_OF)
    return report.decision, [f.code for f in report.findings if f.code.startswith("category.")]


def read(entry: str) -> tuple[list[str], bool]:
    """The ids of the categories ``entry`` names (each once, in order), and ``unknown``."""
    reading = POLICY.read_entry(entry)
    ids = list(dict.fromkeys(category.id for _, category in reading.named))
    return ids, reading.unknown


def test_the_records_the_tests_start_from_pass() -> None:
    for profile in ("food_shop", "restaurant", "pharmacy", "device_seller", "individual_business"):
        assert verify(seller(profile, None), as_of=AS_OF).decision is Decision.PASS, profile
    assert outcome(licence_only(["普通商品"])) == (Decision.PASS, [])
    assert outcome(food_seller(["食品"])) == (Decision.PASS, [])
    assert outcome(pharmacy(["处方药"])) == (Decision.PASS, [])


# ============================================================ platform names and paths

# Department and leaf names of Taobao/Tmall, JD, Pinduoduo, Douyin and Meituan/Ele.me, and
# the category each names under the law.
NAMES: dict[str, str] = {
    # food departments: goods, not the kind of sale (food_unspecified)
    "食品饮料": "food_unspecified",
    "粮油米面": "food_unspecified",
    "米面粮油": "food_unspecified",
    "粮油调味": "food_unspecified",
    "乳品冲饮": "food_unspecified",
    "饮料冲调": "food_unspecified",
    "茶叶": "food_unspecified",
    "酒类": "food_unspecified",
    "咖啡": "food_unspecified",
    "食盐": "food_unspecified",  # retail salt: food sale only (食盐专营办法, 2017)
    "坚果炒货": "food_unspecified",
    "坚果": "food_or_farm_produce",  # raw nuts are farm produce, roasted ones food (s18)
    "中成药": "prescription_drugs",  # the class is not said: the stricter one (s18)
    # fresh produce: edible agricultural products, no food licence (食品安全法 art. 35)
    "生鲜水果": "edible_agricultural_products",
    "新鲜水果": "edible_agricultural_products",
    "鸡蛋": "edible_agricultural_products",
    # cooked food: pre-packaged, loose or a caterer's own
    "熟食": "cooked_food",
    "卤味": "cooked_food",
    "散装熟食": "bulk_food",
    # special foods (食品安全法 art. 74)
    "保健食品/膳食营养补充食品": "health_food",
    "保健品": "health_food",
    "婴幼儿配方奶粉": "infant_formula",
    "特殊医学用途配方食品": "special_medical_purpose_food",
    "特医食品": "special_medical_purpose_food",
    # catering
    "餐饮外卖": "catering",
    "外卖": "catering",
    # pets: food is feed (no sales licence), medicines are veterinary drugs
    "宠物食品": "pet_food",
    "狗粮": "pet_food",
    "猫粮": "pet_food",
    "宠物药品": "veterinary_drugs",
    # drugs
    "OTC": "otc_drugs",
    "处方药": "prescription_drugs",
    "药品": "prescription_drugs",
    "中药饮片": "tcm_decoction_pieces",
    "毒性中药饮片": "medical_toxic_drugs",
    # devices
    "血压计": "medical_devices_class_2_everyday",
    "隐形眼镜": "medical_devices_class_3",
    "美瞳": "medical_devices_class_3",
    # licence-free departments
    "美妆": "cosmetics",
    "护肤品": "cosmetics",
    "珠宝首饰": "general_goods",
    "珠宝": "general_goods",
    "黄金": "general_goods",  # gold retail approvals abolished (2003)
    "银饰": "general_goods",
    "鲜花": "general_goods",  # cut flowers
    "鲜花速递": "general_goods",
    "手工艺品": "handicrafts",
    # services
    "检测服务": "testing_services",
    "认证服务": "certification_services",
    # permits qualcheck cannot verify
    "图书音像": "publications",
    "种子": "crop_seeds",
    "农药": "pesticides",
    "野生动物": "wild_animals",
    "国家重点保护野生动物": "wild_animals",
    "电击器": "police_equipment",
    "防身电棍": "police_equipment",
    "电警棍": "police_equipment",
    "易制毒化学品": "precursor_chemicals",
    "文物": "cultural_relics",
    "古董": "cultural_relics",
    "古玩": "cultural_relics",
    "烟花": "fireworks",
    # banned online
    "香烟": "tobacco_products",
    "卷烟纸": "tobacco_products",  # a tobacco monopoly good (烟草专卖法 art. 2)
    "滤嘴棒": "tobacco_products",
    "电子烟": "e_cigarettes",
    "雾化烟": "e_cigarettes",
    "电子烟具": "e_cigarettes",
    "象牙": "ivory_rhino_horn_tiger_bone",
    "象牙制品": "ivory_rhino_horn_tiger_bone",
    "犀牛角": "ivory_rhino_horn_tiger_bone",
    "虎骨酒": "ivory_rhino_horn_tiger_bone",
    "窃听器": "eavesdropping_equipment",
    "窃照器材": "eavesdropping_equipment",
    "伪基站": "eavesdropping_equipment",
    "彩票": "lottery",
    "体育彩票": "lottery",
    "福利彩票": "lottery",
    "民用爆炸物品": "guns_explosives",
    "药品类易制毒化学品": "drug_precursor_chemicals",
    "长江渔获物": "yangtze_illegal_catch",
    "金箔酒": "gold_silver_foil_food",
}

# Names whose goods the name does not settle: a person decides (category.unknown).
UNSETTLED = [
    "生鲜",  # fruit next to frozen and processed food
    "海鲜水产",
    "肉禽蛋",
    "冻品",  # frozen raw meat (no licence) next to frozen processed food (licence)
    "奶粉",  # adult milk powder is food, infant formula a special food
    "宠物",  # live animals, veterinary drugs
    "活体动物",
    "中药材",  # rural markets may sell crude herbs without a drug licence
    "生物制品",  # vaccines and blood products (banned) next to insulin
    "医疗器械",
    "雾化器",  # a nebuliser (device) or an e-cigarette atomiser
    "护理液",
    "美妆个护",
    "成人用品",
    "计生用品",
    "鲜花绿植",  # seedlings are seeds under the seed law
    "古董收藏",  # modern collectibles next to relics
    "邮币",  # stamps, commemorative coins, currency
    "农资",
    "化肥",
    "刀具",
    "防狼喷雾",
    "针孔摄像头",  # covert or not: the public security organs decide
    "认证咨询",  # a consultancy is no certification body
    "长江流域渔获物",  # the basin's waters outside the key ones may be open
]


@pytest.mark.parametrize(("name", "category_id"), NAMES.items())
def test_a_platform_name_names_the_category_its_goods_need(name: str, category_id: str) -> None:
    found = POLICY.resolve(name)
    assert found is not None, name
    assert found.id == category_id


@pytest.mark.parametrize("name", UNSETTLED)
def test_a_name_that_leaves_the_law_open_is_reviewed_with_every_licence(name: str) -> None:
    assert POLICY.resolve(name) is None
    # a restricted category's name inside (古董 in 古董收藏) adds a hint, reviewed too
    hinted = ["category.mentions_restricted"] if POLICY.mentions(name) else []
    for record in every_licence([name]):
        assert outcome(record) == (Decision.REVIEW, ["category.unknown", *hinted]), record["name"]


# Paths as platforms store them: read by their last step; banned and permit names count at
# any depth.
PATHS: list[tuple[str, list[str], bool]] = [
    ("食品 > 休闲零食 > 坚果", ["food_or_farm_produce"], False),  # raw or roasted: s18
    ("食品 > 休闲零食 > 茶", [], True),
    ("食品饮料 > 粮油米面 > 食盐", ["food_unspecified"], False),
    ("母婴 > 奶粉", [], True),
    ("母婴 > 奶粉 > 婴幼儿配方奶粉", ["infant_formula"], False),
    ("医药 > OTC", ["otc_drugs"], False),
    ("医药 > 处方药", ["prescription_drugs"], False),
    ("医药 > 处方药 > 阿莫西林", [], True),  # a drug's name: a person reads it
    ("医药 > 处方药 > 疫苗", ["vaccines"], False),
    ("医药 > 中药饮片", ["tcm_decoction_pieces"], False),
    ("医药 > 中药材", [], True),
    ("医疗器械 > 血压计", ["medical_devices_class_2_everyday"], False),
    ("医药健康 > 隐形眼镜/护理液", [], True),
    ("宠物 > 宠物食品", ["pet_food"], False),
    ("宠物 > 宠物药品", ["veterinary_drugs"], False),
    ("宠物 > 活体动物", [], True),
    ("农资 > 种子", ["crop_seeds"], False),
    ("农资 > 种子/化肥/农药", ["crop_seeds", "pesticides"], True),
    ("珠宝 > 黄金", ["general_goods"], False),
    ("珠宝首饰 > 象牙", ["ivory_rhino_horn_tiger_bone"], False),
    ("收藏 > 古董", ["cultural_relics"], False),
    ("古董收藏 > 邮币", [], True),
    ("本地生活 > 餐饮外卖", ["catering"], False),
    ("食品饮料 > 熟食", ["cooked_food"], False),
    ("生鲜 > 冻品", [], True),
    ("生鲜 > 生鲜水果", ["edible_agricultural_products"], False),
    ("数码 > 监控摄像 > 窃听器", ["eavesdropping_equipment"], False),
    ("户外用品 > 防身用品 > 电击器", ["police_equipment"], False),
    ("户外用品/电击器", ["general_goods", "police_equipment"], False),
    ("野生动物制品 > 饰品", ["general_goods", "wild_animals"], False),  # the ancestor counts
    ("烟酒 > 卷烟纸", ["tobacco_products"], False),
    ("彩票 > 其他", ["lottery"], False),  # a generic last step names its parent's rest
    ("化工 > 易制毒化学品 > 其他", ["precursor_chemicals"], False),
    ("化工 > 其他 > 易制毒化学品/溶剂", ["precursor_chemicals"], True),
]


@pytest.mark.parametrize(("entry", "ids", "unknown"), PATHS)
def test_a_platform_path_is_read_as_documented(entry: str, ids: list[str], unknown: bool) -> None:
    assert read(entry) == (ids, unknown)


# ============================================================ false passes


def test_no_licence_free_or_licensed_name_holds_a_banned_or_permit_name() -> None:
    """A name that resolves to a category a licence (or nothing) allows must not be a
    banned or permit-only good with a word added (香烟礼盒 may not be general goods)."""
    hard = {
        normalize_name(name): category.id
        for category in POLICY
        if category.treatment in HARD
        for name in (category.name_zh, category.name_en, *category.aliases)
    }
    found = [
        (category.id, name, hard[key])
        for category in POLICY
        if category.treatment not in HARD
        for name in (category.name_zh, category.name_en, *category.aliases)
        for key in hard
        if key in normalize_name(name)
    ]
    assert found == []


FREE_NAMES = [
    (category.id, name)
    for category in POLICY
    if category.treatment is Treatment.FREE
    for name in (category.name_zh, *category.aliases)
]


@pytest.mark.parametrize(("category_id", "name"), FREE_NAMES)
def test_a_licence_free_name_passes_on_a_business_licence_alone(
    category_id: str, name: str
) -> None:
    assert outcome(licence_only([name])) == (Decision.PASS, []), category_id


# Real names of goods that need a licence, a permit, or may not be sold online: a seller
# holding only its business licence never passes with one of them, however it is written.
REGULATED = [
    "粮油米面",
    "食盐",
    "咖啡",
    "熟食",
    "卤味",
    "熟食卤味",
    "特殊医学用途配方食品",
    "特医食品",
    "中药饮片",
    "饮片",
    "毒性中药饮片",
    "野生动物",
    "电击器",
    "易制毒化学品",
    "古董",
    "象牙",
    "窃听器",
    "彩票",
    "卷烟纸",
    "电子烟具",
    "食品 > 熟食",
    "医药 > 中药饮片",
    "珠宝首饰 > 象牙",
    "数码/窃听器",
    "香烟（进口）",  # a qualifier the policy does not read: reviewed, not passed
    "食品，电子烟",  # a comma is no joiner: reviewed, not passed
    "電子煙",  # traditional
    "象\u200b牙",  # a zero-width space
]


@pytest.mark.parametrize("entry", REGULATED)
def test_regulated_goods_never_pass_on_a_business_licence_alone(entry: str) -> None:
    decision, codes = outcome(licence_only([entry]))
    assert decision is not Decision.PASS
    assert codes


BANNED = [
    "象牙",
    "象牙制品",
    "犀牛角",
    "虎骨",
    "窃听器",
    "窃听窃照专用器材",
    "伪基站",
    "彩票",
    "体彩",
    "卷烟纸",
    "烟用丝束",
    "电子烟雾化物",
    "毒性中药饮片",
    "珠宝首饰 > 象牙",
    "收藏 > 体育彩票",
]


@pytest.mark.parametrize("entry", BANNED)
def test_banned_goods_fail_whatever_the_seller_holds(entry: str) -> None:
    for record in every_licence([entry]):
        assert outcome(record) == (Decision.FAIL, ["category.banned"]), record["name"]


PERMIT = [
    "野生动物",
    "野生动物制品",
    "电击器",
    "防身电棍",
    "警械",
    "易制毒化学品",
    "第三类易制毒化学品",
    "文物",
    "古董",
    "户外用品 > 防身用品 > 电击器",
    "野生动物制品 > 饰品",
]


@pytest.mark.parametrize("entry", PERMIT)
def test_goods_under_a_permit_are_reviewed_whatever_the_seller_holds(entry: str) -> None:
    for record in every_licence([entry]):
        decision, codes = outcome(record)
        assert decision is Decision.REVIEW, record["name"]
        assert "category.special_permit" in codes


def test_a_banned_message_cites_the_law_in_chinese() -> None:
    report: Report = verify(licence_only(["象牙"]), as_of=AS_OF)
    (finding,) = [f for f in report.findings if f.code == "category.banned"]
    assert "国务院办公厅关于有序停止商业性加工销售象牙及制品活动的通知" in finding.message_zh
    assert "象牙及犀牛角虎骨制品" in finding.message_zh
    report = verify(licence_only(["彩票"]), as_of=AS_OF)
    (finding,) = [f for f in report.findings if f.code == "category.banned"]
    assert "任何企业或个人不得开展任何形式的互联网销售彩票相关业务" in finding.message_zh


def test_a_permit_message_names_the_permit() -> None:
    report = verify(licence_only(["文物"]), as_of=AS_OF)
    (finding,) = [f for f in report.findings if f.code == "category.special_permit"]
    assert "文物商店批准文件或文物拍卖许可证" in finding.message_zh
    assert "cultural relics auction licence" in finding.message


def test_loose_cooked_food_is_not_passed_on_a_licence_excluding_it() -> None:
    """The example food shop's licence lists 散装食品销售（不含散装熟食）: 熟食 and 卤味 (a kind
    of 熟食) declared on it may be loose cooked food it may not sell: reviewed."""
    for name in ("熟食", "卤味", "熟食卤味", "散装熟食"):
        assert outcome(food_seller([name])) == (
            Decision.REVIEW,
            ["category.scope_not_covering"],
        ), name
    scope = "预包装食品销售；散装食品销售（含散装熟食）"
    for name in ("熟食", "卤味"):
        assert outcome(food_seller([name], scope=scope)) == (Decision.PASS, []), name


def test_decoction_pieces_need_a_licence_listing_them() -> None:
    """中药饮片 are drugs: a pharmacy licence listing 中成药 and 化学药 only does not cover
    them (review); one listing them does; a wholesaler's does not sell to consumers."""
    assert outcome(pharmacy(["中药饮片"])) == (Decision.REVIEW, ["category.scope_not_covering"])
    listing = "处方药、甲类非处方药、乙类非处方药：中药饮片、中成药、化学药制剂"
    assert outcome(pharmacy(["中药饮片"], scope=listing)) == (Decision.PASS, [])
    assert outcome(pharmacy(["中药饮片"], business_type="C", scope=listing)) == (
        Decision.PASS,
        [],
    )
    assert outcome(pharmacy(["中药饮片"], business_type="B", scope=listing)) == (
        Decision.REVIEW,
        ["category.license_needs_review"],
    )
    assert outcome(pharmacy(["中药饮片"], business_type="A", scope=listing)) == (
        Decision.FAIL,
        ["category.license_unsuitable"],
    )
    assert outcome(food_seller(["中药饮片"])) == (Decision.FAIL, ["category.license_missing"])


def test_foods_for_special_medical_purposes_need_a_special_food_document() -> None:
    scope_2023 = (
        "预包装食品销售（含冷藏冷冻食品）；特殊食品销售（保健食品、特殊医学用途配方食品、"
        "婴幼儿配方乳粉、其他婴幼儿配方食品）"
    )
    for name in ("特殊医学用途配方食品", "特医食品"):
        assert outcome(licence_only([name])) == (Decision.FAIL, ["category.license_missing"])
        assert outcome(food_seller([name], scope=scope_2023)) == (Decision.PASS, [])
        # a licence for health food only, or for ordinary food only, is not enough
        health_only = "特殊食品销售（保健食品）"
        assert outcome(food_seller([name], scope=health_only)) == (
            Decision.REVIEW,
            ["category.scope_not_covering"],
        )
        assert outcome(food_seller([name])) == (
            Decision.REVIEW,
            ["category.scope_not_covering"],
        )
        assert outcome(filing_holder([name])) == (
            Decision.REVIEW,
            ["category.scope_not_covering"],
        )
        # the producer's own SC in category 28; a health-food producer's (27) is not it
        assert outcome(producer([name], category=28)) == (Decision.PASS, [])
        assert outcome(producer([name], category=27)) == (
            Decision.FAIL,
            ["category.license_unsuitable"],
        )
        # a caterer's licence is no special-food licence
        assert outcome(food_seller([name], form=2)) == (
            Decision.FAIL,
            ["category.license_unsuitable"],
        )


def test_food_departments_added_need_a_food_document() -> None:
    for name in ("粮油米面", "食盐", "乳品冲饮", "咖啡"):
        assert outcome(licence_only([name])) == (Decision.FAIL, ["category.license_missing"])
        assert outcome(food_seller([name])) == (Decision.PASS, [])
        assert outcome(filing_holder([name])) == (
            Decision.REVIEW,
            ["category.license_needs_review"],
        )


# ============================================================ false fails

# Harmless goods whose names look like banned or permit-only ones.
LOOK_ALIKES = [
    "烟花造型灯",  # decorations
    "烟花灯",
    "电子烟花",  # LED "fireworks"
    "电子鞭炮",
    "机油",  # engine oil
    "奇亚籽",  # chia seed (food), not a crop seed
    "亚麻籽",
    "瓜子",
    "雾化器",  # a nebuliser may be a medical device
    "医用雾化器",
    "雾化面罩",
    "烟具",  # smoking accessories are no monopoly goods
    "打火机",
    "雪茄剪",
    "金箔",  # gilding leaf for crafts
    "象牙白",  # a colour
    "猛犸象牙",  # a fossil
    "迷彩服",
    "军训服",
    "徽章",
    "认证咨询",
    "甲醛检测仪",
    "录音笔",
    "电击蚊拍",
    "文物复制品",
    "彩票机",
    "野生菌",
    "长江流域渔获物",
    "养殖长江鱼",
    "卫生杀虫剂",
    "宠物沐浴露",
]


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_a_harmless_look_alike_is_never_banned_nor_sent_for_a_permit(name: str) -> None:
    ids, _ = read(name)
    assert all(POLICY.categories[i].treatment not in HARD for i in ids), ids
    decision, codes = outcome(licence_only([name]))
    assert decision is not Decision.FAIL
    assert not {"category.banned", "category.special_permit"} & set(codes)


def test_pre_packaged_cooked_food_on_a_filing_is_reviewed_not_refused() -> None:
    """熟食 was an alias of bulk food: a seller of vacuum-packed 卤味 with the filing that
    pre-packaged food needs (食品安全法 art. 35) failed (license_missing), and a cooked-food
    caterer failed on its licence (license_unsuitable)."""
    for name in ("熟食", "卤味"):
        assert outcome(filing_holder([name])) == (
            Decision.REVIEW,
            ["category.license_needs_review"],
        ), name
        assert outcome(food_seller([name], form=2)) == (
            Decision.REVIEW,
            ["category.license_needs_review"],
        ), name
        assert outcome(producer([name], category=11)) == (
            Decision.REVIEW,
            ["category.license_needs_review"],
        ), name
        # no food document at all, or a unit canteen's, still fails
        assert outcome(licence_only([name])) == (Decision.FAIL, ["category.license_missing"])
        assert outcome(food_seller([name], form=3)) == (
            Decision.FAIL,
            ["category.license_unsuitable"],
        )


def test_frozen_raw_meat_is_not_refused_without_a_food_licence() -> None:
    """冻品 (the trade's word for frozen raw meat and seafood, edible agricultural products)
    was an alias of chilled and frozen food: a seller without a food licence failed."""
    assert outcome(licence_only(["冻品"])) == (Decision.REVIEW, ["category.unknown"])
    # frozen processed food still needs a food document
    assert outcome(licence_only(["速冻食品"])) == (Decision.FAIL, ["category.license_missing"])


def test_catch_of_the_yangtze_basin_is_reviewed_and_of_the_river_banned() -> None:
    assert outcome(licence_only(["长江流域渔获物"])) == (Decision.REVIEW, ["category.unknown"])
    assert outcome(licence_only(["长江渔获物"])) == (Decision.FAIL, ["category.banned"])
    assert outcome(licence_only(["长江流域非法渔获物"])) == (Decision.FAIL, ["category.banned"])


def test_pet_food_passes_without_food_licences_and_pet_medicines_do_not() -> None:
    for name in ("宠物食品", "狗粮", "宠物 > 宠物食品", "Cat Food"):
        assert outcome(licence_only([name])) == (Decision.PASS, []), name
    assert outcome(licence_only(["宠物 > 宠物药品"])) == (
        Decision.REVIEW,
        ["category.special_permit"],
    )
    # a pet shop declaring its department is still reviewed: it may sell live animals
    assert outcome(licence_only(["宠物"])) == (Decision.REVIEW, ["category.unknown"])


def test_gold_jewellery_and_cut_flowers_pass_on_a_business_licence() -> None:
    names = ["珠宝 > 黄金", "黄金首饰", "银饰", "鲜花", "鲜花速递", "生鲜水果"]
    assert outcome(licence_only(names)) == (Decision.PASS, [])


def test_a_food_seller_is_not_refused_its_own_goods() -> None:
    names = ["食品饮料", "粮油米面", "食盐", "茶叶", "酒类", "熟食", "卤味", "生鲜水果"]
    scope = "预包装食品销售（含冷藏冷冻食品）；散装食品销售（含散装熟食）"
    assert outcome(food_seller(names, scope=scope)) == (Decision.PASS, [])


# ============================================================ the policy file itself


def test_every_banned_category_cites_its_law_in_chinese() -> None:
    """The Chinese message of category.banned quotes basis_zh; without it the English
    basis would stand in a Chinese sentence."""
    missing = [c.id for c in POLICY if c.treatment is Treatment.BANNED and not c.basis_zh]
    assert missing == []


def test_the_new_categories_cite_only_the_articles_known() -> None:
    """Articles are cited only where known: the new categories' bases cite 刑法 art. 283
    and 人民警察法 art. 36, food-safety arts. 74 and 80, drug-law arts. 2 and 51."""
    articles = {
        (c.id, number)
        for c in POLICY
        for text in c.basis
        for number in re.findall(r"art\. (\d+)", text)
        if c.id
        in {
            "eavesdropping_equipment",
            "police_equipment",
            "special_medical_purpose_food",
            "tcm_decoction_pieces",
        }
    }
    assert articles == {
        ("eavesdropping_equipment", "283"),
        ("police_equipment", "36"),
        ("special_medical_purpose_food", "74"),
        ("special_medical_purpose_food", "80"),
        ("special_medical_purpose_food", "35"),
        ("tcm_decoction_pieces", "2"),
        ("tcm_decoction_pieces", "51"),
    }


# ============================================================ docs in step with the file


def _rows() -> dict[str, tuple[str, str]]:
    """id → (the heading of its table, its row) in docs/categories.md."""
    rows: dict[str, tuple[str, str]] = {}
    section = ""
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            section = line[4:]
        found = re.match(r"\| `([a-z0-9_]+)` \|", line)
        if found:
            assert found.group(1) not in rows, f"two rows for {found.group(1)}"
            rows[found.group(1)] = (section, line)
    return rows


ROWS = _rows()


def _section_fits(category: Category, section: str) -> bool:
    if category.treatment is Treatment.FREE:
        return section == "No licence needed"
    if category.treatment is Treatment.BANNED:
        return "banned" in section.lower()
    if category.treatment is Treatment.SPECIAL_PERMIT:
        return section.startswith("Special permit")
    return section not in ("No licence needed",) and "banned" not in section.lower()


@pytest.mark.parametrize("category", list(POLICY), ids=lambda category: category.id)
def test_each_docs_row_says_what_the_file_says(category: Category) -> None:
    assert category.id in ROWS, "no row"
    section, row = ROWS[category.id]
    assert _section_fits(category, section), section
    names, what, basis = row.split(" | ")[1:4]
    for name in (category.name_zh, category.name_en, *category.aliases):
        assert name in names, name
    for text in category.basis:
        assert text in basis, text
    if category.note:
        assert f"*{category.note}*" in what
    if category.treatment is Treatment.FREE:
        assert what.startswith("nothing (no licence needed)")
    elif category.treatment is Treatment.BANNED:
        assert what.startswith("**banned**")
    elif category.treatment is Treatment.SPECIAL_PERMIT:
        assert what.startswith(f"**special permit**: {category.permit_zh} ({category.permit_en})")
    for alternative in category.alternatives:
        for need in alternative:
            assert f"`{need.kind}`" in what
            for part, values in need.constraints:
                assert f"{part} {show_values(values)}" in what, part
            for word in (*need.scope_any, *need.scope_when):
                assert word in what, word
            if need.review_en is not None:
                assert need.review_en in what


def test_the_docs_list_no_category_the_file_lacks() -> None:
    assert set(ROWS) == set(POLICY.categories)


def test_food_business_at_large_does_not_refuse_a_caterer() -> None:
    """食品经营 (food business: sale or catering) was an alias of other food sales, which
    needs a food seller's licence: a restaurant failed on its own 食品经营许可证 (form 2)."""
    assert outcome(seller("restaurant", ["食品经营"])) == (
        Decision.REVIEW,
        ["category.license_needs_review"],
    )
    assert outcome(seller("food_shop", ["食品经营"])) == (Decision.PASS, [])
    assert outcome(filing_holder(["食品经营"])) == (
        Decision.REVIEW,
        ["category.license_needs_review"],
    )
    assert outcome(licence_only(["食品经营"])) == (Decision.FAIL, ["category.license_missing"])
    # the licensed activity's own name still needs a food seller's licence
    assert outcome(filing_holder(["食品销售"])) == (Decision.FAIL, ["category.license_missing"])
