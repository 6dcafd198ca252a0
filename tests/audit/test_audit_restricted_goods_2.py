"""Audit round 2: banned and special-permit goods a platform's onboarding must catch.

The contract (docs/categories.md, "How a declared category is matched" and "Decisions and
doubts"; qualcheck/data/categories.json):

* a declared value names a category by its id, Chinese or English name or an alias, after
  NFKC, case folding, whitespace removal and traditional-to-simplified reading;
* a platform path is read by its last step, and banned and special-permit names count at any
  depth; a banned or special-permit name standing inside an unknown value is a
  ``category.mentions_restricted`` hint (Chinese names of two characters or more);
* banned categories fail (``category.banned``) whatever documents the seller holds; special
  permit categories always go to review (``category.special_permit``);
* ordinary look-alikes stay ordinary: kitchen knives, scissors and nail clippers are general
  goods; 刀具 alone, archery bows, anti-wolf sprays, money detectors, mahjong tables … are
  never banned nor sent for a permit.

The new categories and their legal basis (sources read with the search tool; tags as in the
reference: [L] legal text read, [T] third-party reproduction or press report):

* ``controlled_knives`` (管制刀具) and ``crossbows`` (弩): banned — 互联网危险物品信息发布
  管理规定 (公通字〔2015〕5号: controlled instruments are dangerous goods; licensed units may
  publish on their own website only, individuals not at all) [T: art. 2 and 6 reproduced,
  Xinhua summary]; 管制刀具认定标准 (公通字[2007]2号) [T: reproduced on a government site];
  对部分刀具实行管制的暂行规定 (1983) [T];
* ``invoices`` (发票): banned — 刑法 art. 209 [T: reproduced]; 发票管理办法 (2023) [T];
* ``counterfeit_currency`` (假币): banned — 人民币管理条例 art. 30 [T: reproduced];
* ``human_organs`` (人体器官): banned — 人体器官捐献和移植条例 (2024) [T: Xinhua report];
* ``personal_information`` (公民个人信息): banned — 刑法 art. 253-1 and the 2017
  interpretation art. 3 [T: reproduced];
* ``gambling_devices`` (赌博用具): banned — 刑法 art. 303 and 公通字[2014]17号 [T];
* ``banned_rodenticides`` (禁用剧毒杀鼠剂): banned — 农业部公告第199号 [T] and 法释〔2003〕14号
  [L: text on Wikisource];
* ``satellite_tv_receivers`` (卫星电视广播地面接收设施): special permit — 卫星电视广播地面
  接收设施管理规定 (1993) arts. 3, 5 [T: reproduced].

Records are generated (``make_merchant``): nobody's numbers.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from audit_support import AS_OF

from qualcheck import Decision, Policy, Report, Verifier, verify
from qualcheck.checks.categories import Treatment, load_category_policy
from qualcheck.testing import make_merchant

POLICY = load_category_policy()
HARD = (Treatment.BANNED, Treatment.SPECIAL_PERMIT)

# id → treatment, and the names a seller or a platform's category tree uses for it: the
# Chinese name, aliases, traditional spellings and English names.
NEW: dict[str, tuple[Treatment, list[str]]] = {
    "controlled_knives": (
        Treatment.BANNED,
        [
            "管制刀具",
            "匕首",
            "三棱刀",
            "三棱刮刀",
            "三棱军刺",
            "弹簧刀",
            "跳刀",
            "彈簧刀",
            "三稜刀",
            "三稜軍刺",
            "Controlled knives",
            "DAGGER",
            "daggers",
            "Switchblade",
        ],
    ),
    "crossbows": (
        Treatment.BANNED,
        ["弩", "弓弩", "弩弓", "十字弩", "手枪弩", "手槍弩", "Crossbows", "crossbow", "CROSSBOW"],
    ),
    "invoices": (
        Treatment.BANNED,
        [
            "发票",
            "代开发票",
            "发票代开",
            "增值税发票",
            "增值税专用发票",
            "增值税普通发票",
            "普通发票",
            "空白发票",
            "發票",
            "代開發票",
            "增值稅專用發票",
            "Invoices (fapiao)",
            "invoice",
            "FAPIAO",
        ],
    ),
    "counterfeit_currency": (
        Treatment.BANNED,
        [
            "假币",
            "假钞",
            "假人民币",
            "伪造人民币",
            "变造人民币",
            "伪造变造人民币",
            "伪钞",
            "假幣",
            "假鈔",
            "偽鈔",
            "偽造人民幣",
            "Counterfeit renminbi",
            "counterfeit money",
            "Counterfeit Currency",
            "fake money",
        ],
    ),
    "human_organs": (
        Treatment.BANNED,
        [
            "人体器官",
            "人体器官买卖",
            "买卖人体器官",
            "器官买卖",
            "人體器官",
            "器官買賣",
            "Human organs",
            "organ trade",
        ],
    ),
    "personal_information": (
        Treatment.BANNED,
        [
            "公民个人信息",
            "个人信息",
            "公民信息",
            "个人信息买卖",
            "个人数据",
            "公民個人信息",
            "個人數據",
            "Citizens' personal information",
            "personal data",
            "Personal Information",
        ],
    ),
    "gambling_devices": (
        Treatment.BANNED,
        [
            "赌博用具",
            "赌具",
            "赌博机",
            "赌博设备",
            "老虎机",
            "透视扑克",
            "賭具",
            "賭博機",
            "老虎機",
            "透視撲克",
            "Gambling devices",
            "slot machines",
            "gambling machines",
        ],
    ),
    "banned_rodenticides": (
        Treatment.BANNED,
        [
            "禁用剧毒杀鼠剂",
            "毒鼠强",
            "氟乙酰胺",
            "氟乙酸钠",
            "甘氟",
            "毒鼠硅",
            "禁用鼠药",
            "禁用杀鼠剂",
            "毒鼠強",
            "禁用鼠藥",
            "tetramine",
            "Banned highly toxic rodenticides",
        ],
    ),
    "satellite_tv_receivers": (
        Treatment.SPECIAL_PERMIT,
        [
            "卫星电视广播地面接收设施",
            "卫星地面接收设施",
            "卫星电视接收设施",
            "卫星电视接收器",
            "卫星电视接收机",
            "卫星电视天线",
            "卫星锅",
            "衛星鍋",
            "衛星電視接收器",
            "衛星地面接收設施",
            "satellite dishes",
            "Satellite TV receivers",
            "satellite tv reception equipment",
        ],
    ),
    "forged_documents": (
        Treatment.BANNED,
        [
            "伪造证件",
            "假证",
            "办假证",
            "代办假证",
            "假身份证",
            "假文凭",
            "假学历",
            "假毕业证",
            "假證",
        ],
    ),
    "surrogacy": (Treatment.BANNED, ["代孕", "代孕服务", "代孕中介", "借腹生子", "卵子买卖"]),
    "account_and_card_trading": (
        Treatment.BANNED,
        ["买卖银行卡", "出租银行卡", "对公账户买卖", "买卖电话卡", "实名手机卡", "手机黑卡"],
    ),
    "exam_cheating_devices": (
        Treatment.BANNED,
        ["考试作弊器材", "作弊器材", "考试作弊器", "作弊耳机", "作弊橡皮", "考试作弊设备"],
    ),
}

NAMED = [(category_id, name) for category_id, (_, names) in NEW.items() for name in names]

# Goods that look like the new categories but are ordinary: never banned, never a permit.
KITCHEN_AND_HOUSEHOLD = ["菜刀", "厨房刀具", "水果刀", "剪刀", "美工刀", "指甲刀", "廚房刀具"]
LOOK_ALIKES = [
    "银行卡套",  # holders, not the cards: unknown
    "银行卡",
    "电话卡",
    "证件照",
    "证件套",
    "刻章",
    "耳机",
    "隐形耳机",
    "刀具",  # kitchen knives next to controlled ones: unknown
    "刀具套装",
    "厨房刀具套装",
    "瑞士军刀",
    "猎刀",
    "军刀",
    "折叠刀",
    "蝴蝶刀",
    "藏刀",
    "反曲弓",
    "复合弓",
    "弹弓",
    "玩具弩",  # 弩 has one character: no hint inside a longer name
    "防狼喷雾",  # no national rule found controls civilian sprays: unknown
    "防身喷雾",
    "管制器具",  # knives and crossbows (and, by some readings, sprays): unknown
    "验钞机",
    "道具币",
    "纪念币",
    "纸币",
    "钱币",
    "邮币",
    "麻将机",
    "麻将",
    "扑克牌",
    "骰子",
    "筹码",
    "游戏机",
    "娃娃机",
    "老鼠药",
    "杀鼠剂",
    "溴敌隆",
    "卫星导航仪",
    "卫星电话",
    "卫星天线",  # also a navigation antenna
    "高频头",  # also a TV tuner
    "机顶盒",
    "对讲机",
    "猪肝",
    "信息咨询",
    "数据服务",
]

# Unknown values holding a new restricted name: reviewed with a hint naming the category.
HINTS: list[tuple[str, str, str]] = [
    ("匕首造型开瓶器", "匕首", "controlled_knives"),
    ("弹簧刀配件", "弹簧刀", "controlled_knives"),
    ("Dagger pendant", "dagger", "controlled_knives"),
    ("弓弩配件", "弓弩", "crossbows"),
    ("十字弩瞄准镜", "十字弩", "crossbows"),
    ("crossbow bolts", "crossbow", "crossbows"),
    ("发票夹", "发票", "invoices"),
    ("發票打印機", "发票", "invoices"),
    ("假币识别器", "假币", "counterfeit_currency"),
    ("人体器官模型", "人体器官", "human_organs"),
    ("个人信息保护咨询", "个人信息", "personal_information"),
    ("老虎机存钱罐", "老虎机", "gambling_devices"),
    ("赌具收纳盒", "赌具", "gambling_devices"),
    ("毒鼠强检测试纸", "毒鼠强", "banned_rodenticides"),
    ("卫星锅支架", "卫星锅", "satellite_tv_receivers"),
]


# --------------------------------------------------------------------------- records


def seller(profile: str, categories: Any) -> dict[str, Any]:
    """A generated seller of ``profile`` (it passes with its own categories) declaring
    ``categories`` instead."""
    record = make_merchant(profile, as_of=AS_OF, rng=random.Random(3))
    record["categories"] = categories
    return record


def licence_only(categories: Any) -> dict[str, Any]:
    """An enterprise holding its business licence and nothing else."""
    record = seller("food_shop", categories)
    record["documents"] = record["documents"][:1]
    return record


def every_licence(categories: Any) -> list[dict[str, Any]]:
    """Sellers holding, between them, every kind of licence qualcheck reads."""
    profiles = ("food_shop", "restaurant", "individual_business", "pharmacy", "device_seller")
    profiles += ("certification_body", "testing_lab")
    return [licence_only(categories), *(seller(profile, categories) for profile in profiles)]


def category_findings(report: Report) -> list[str]:
    return [f.code for f in report.findings if f.code.startswith("category.")]


def outcome(record: dict[str, Any]) -> tuple[Decision, list[str]]:
    report = verify(record, as_of=AS_OF)
    return report.decision, category_findings(report)


def expected(category_id: str) -> tuple[Decision, list[str]]:
    """What ``qualcheck.verify`` decides for a seller declaring the category alone."""
    if NEW[category_id][0] is Treatment.BANNED:
        return Decision.FAIL, ["category.banned"]
    return Decision.REVIEW, ["category.special_permit"]


def test_the_records_the_tests_start_from_pass() -> None:
    for record in every_licence(None):
        assert verify(record, as_of=AS_OF).decision is Decision.PASS, record["name"]
    assert outcome(licence_only(["普通商品"])) == (Decision.PASS, [])


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(("category_id", "treatment"), [(k, v[0]) for k, v in NEW.items()])
def test_each_new_category_has_its_treatment_and_its_law(
    category_id: str, treatment: Treatment
) -> None:
    category = POLICY.categories[category_id]
    assert category.treatment is treatment
    assert POLICY.resolve(category_id) is category  # declared by id
    assert category.basis
    assert category.basis_zh
    assert len(category.basis) == len(category.basis_zh)
    # the file's sources name the instruments the new categories rest on
    for instrument in ("互联网危险物品信息发布管理规定", "管制刀具认定标准", "人民币管理条例"):
        assert instrument in POLICY.sources


@pytest.mark.parametrize(("category_id", "name"), NAMED)
def test_each_name_names_its_category(category_id: str, name: str) -> None:
    found = POLICY.resolve(name)
    assert found is not None, name
    assert found.id == category_id
    # spaced, full-width or upper-cased, it is still the same category
    assert POLICY.resolve(f" {name.upper()} ") is found
    assert POLICY.resolve("\u3000".join(name)) is found


@pytest.mark.parametrize(("category_id", "name"), NAMED)
def test_a_seller_declaring_it_is_judged_whatever_it_holds(category_id: str, name: str) -> None:
    for record in every_licence([name]):
        assert outcome(record) == expected(category_id), (name, record["name"])


@pytest.mark.parametrize("category_id", list(NEW))
def test_declared_by_id_it_is_judged_the_same(category_id: str) -> None:
    assert outcome(licence_only([category_id])) == expected(category_id)


def test_the_banned_finding_cites_the_dangerous_goods_rule() -> None:
    report = verify(licence_only(["匕首"]), as_of=AS_OF)
    (finding,) = [f for f in report.findings if f.code == "category.banned"]
    assert finding.ctx["category"] == "controlled_knives"
    assert "互联网危险物品信息发布管理规定" in finding.ctx["basis"]
    assert "《互联网危险物品信息发布管理规定》" in finding.ctx["basis_zh"]
    assert "管制刀具" in finding.message_zh


def test_the_special_permit_finding_names_the_permit() -> None:
    report = verify(licence_only(["卫星锅"]), as_of=AS_OF)
    (finding,) = [f for f in report.findings if f.code == "category.special_permit"]
    assert finding.ctx["category"] == "satellite_tv_receivers"
    assert "指定" in finding.ctx["permit_zh"]
    assert report.decision is Decision.REVIEW


# --------------------------------------------------------------------------- paths


PATHS: list[tuple[str, str]] = [
    ("户外运动 > 刀具 > 匕首", "controlled_knives"),
    ("运动户外 > 户外工具 > 弹簧刀", "controlled_knives"),
    ("户外运动＞刀具＞匕首", "controlled_knives"),
    ("運動戶外 > 刀具 > 彈簧刀", "controlled_knives"),
    ("户外运动 > 弓弩 > 十字弩", "crossbows"),
    ("运动户外 > 射箭 > 弓弩", "crossbows"),
    ("商务服务 > 财税服务 > 代开发票", "invoices"),
    ("收藏 > 钱币 > 假币", "counterfeit_currency"),
    ("医疗服务 > 器官买卖", "human_organs"),
    ("数据服务 > 个人信息", "personal_information"),
    ("游戏机 > 老虎机", "gambling_devices"),
    ("农资 > 鼠药 > 毒鼠强", "banned_rodenticides"),
    ("家用电器 > 影音 > 卫星锅", "satellite_tv_receivers"),
    # an ancestor naming a restricted category counts at any depth
    ("匕首 > 收藏级", "controlled_knives"),
    ("卫星锅 > 配件 > 支架", "satellite_tv_receivers"),
    # a joined leaf: the banned name counts next to an ordinary one
    ("厨具 > 菜刀/匕首", "controlled_knives"),
    ("运动户外 > 反曲弓/弓弩", "crossbows"),
]


@pytest.mark.parametrize(("entry", "category_id"), PATHS)
def test_a_platform_path_holding_the_name_is_judged(entry: str, category_id: str) -> None:
    assert category_id in [c.id for _, c in POLICY.read_entry(entry).named]
    decision, codes = outcome(licence_only([entry]))
    assert decision is expected(category_id)[0]
    assert expected(category_id)[1][0] in codes


def test_a_dagger_under_a_knife_department_fails_even_next_to_a_food_licence() -> None:
    assert outcome(seller("food_shop", ["预包装食品", "户外运动 > 刀具 > 匕首"])) == (
        Decision.FAIL,
        ["category.banned"],
    )


def test_a_one_string_declaration_fails_on_the_banned_name() -> None:
    report = verify(licence_only("菜刀，匕首，剪刀"), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert [(f.code, f.json_path) for f in report.findings if f.code.startswith("category.")] == [
        ("category.banned", "$.categories")
    ]


# --------------------------------------------------------------------------- hints


@pytest.mark.parametrize(("value", "found", "category_id"), HINTS)
def test_a_restricted_name_inside_an_unknown_value_is_a_hint(
    value: str, found: str, category_id: str
) -> None:
    assert POLICY.resolve(value) is None
    report = verify(licence_only([value]), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert category_findings(report) == ["category.unknown", "category.mentions_restricted"]
    (hint,) = [f for f in report.findings if f.code == "category.mentions_restricted"]
    assert hint.ctx["category"] == category_id
    assert hint.ctx["found"] == found


def test_a_platform_can_fail_the_hint() -> None:
    """docs: a platform that would rather reject such values maps the code to fail."""
    verifier = Verifier(
        policy=Policy(decisions={"category.mentions_restricted": "fail"}), as_of=AS_OF
    )
    assert verifier.verify(licence_only(["匕首造型开瓶器"])).decision is Decision.FAIL
    assert verifier.verify(licence_only(["菜刀"])).decision is Decision.PASS


# --------------------------------------------------------------------------- look-alikes


@pytest.mark.parametrize("name", KITCHEN_AND_HOUSEHOLD)
def test_kitchen_knives_scissors_and_nail_clippers_are_general_goods(name: str) -> None:
    found = POLICY.resolve(name)
    assert found is not None
    assert found.id == "general_goods"
    assert outcome(licence_only([name])) == (Decision.PASS, [])


@pytest.mark.parametrize(
    "entry",
    ["厨具 > 刀剪菜板 > 菜刀", "厨房用品 > 刀具 > 水果刀", "文具 > 剪刀", "个人护理 > 指甲刀"],
)
def test_an_ordinary_knife_in_a_path_passes(entry: str) -> None:
    assert outcome(licence_only([entry])) == (Decision.PASS, [])


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_a_look_alike_is_never_banned_nor_sent_for_a_permit(name: str) -> None:
    found = POLICY.resolve(name)
    assert found is None or found.treatment not in HARD, name
    assert POLICY.mentions(name) == (), name
    decision, codes = outcome(licence_only([name]))
    assert "category.banned" not in codes
    assert "category.special_permit" not in codes
    assert "category.mentions_restricted" not in codes
    assert decision is not Decision.FAIL


@pytest.mark.parametrize("name", ["刀具", "防狼喷雾", "管制器具", "玩具弩", "纪念币"])
def test_an_unsettled_name_is_reviewed_with_every_licence(name: str) -> None:
    assert POLICY.resolve(name) is None
    for record in every_licence([name]):
        assert outcome(record) == (Decision.REVIEW, ["category.unknown"]), record["name"]


def test_stun_devices_stay_police_equipment() -> None:
    """电击器 was already a police-equipment alias (special permit); the new categories
    do not move it."""
    found = POLICY.resolve("电击器")
    assert found is not None
    assert found.id == "police_equipment"
    assert outcome(licence_only(["电击器"])) == (Decision.REVIEW, ["category.special_permit"])


def test_fake_base_stations_stay_with_eavesdropping_equipment() -> None:
    found = POLICY.resolve("伪基站")
    assert found is not None
    assert found.id == "eavesdropping_equipment"


def test_no_new_name_is_a_word_that_ordinary_goods_hold() -> None:
    """A hint is only a hint, but a name of two common characters would flag half the
    catalogue: the new names are not held by the general goods' names."""
    ordinary = [
        *POLICY.categories["general_goods"].aliases,
        *(name for name in LOOK_ALIKES),
    ]
    for name in ordinary:
        found = [c.id for _, c in POLICY.mentions(name)]
        assert not set(found) & set(NEW), (name, found)
