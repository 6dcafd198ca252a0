"""Audit: category paths and joined leaves, traditional characters, everyday class II
devices (``category.possibly_exempt``) and registry licence statuses.

Contract: docs/categories.md ("How a declared category is matched": a value that names no
category as a whole is read as a path by its last step, a step joining names with ``/``,
``／`` or ``、`` names each of them if every one is known, an unknown name leaves the entry
``category.unknown`` with only banned and special-permit names judged, ancestors count only
when banned or permit-only; traditional characters read as simplified ones, characters also
in use as simplified ones left alone; ``exemption`` → ``category.possibly_exempt``);
docs/registries/index.md (licence statuses: ``registry.license_revoked`` fail,
``registry.license_suspended`` and ``registry.license_status_unknown`` review, an end date in
the past still ``registry.license_expired`` unless the status already ended the licence;
of one number listed twice the best entry decides); the project rules (fail closed: nothing
unknown may pass; privacy: phones and ID numbers masked; generated IDs only).

Paths are those of the category trees of Taobao/Tmall, JD, Pinduoduo and Douyin."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, PHONE, RIC

from qualcheck import Decision, Policy, Report, verify
from qualcheck.checks._hanzi import to_simplified
from qualcheck.checks.categories import Treatment, load_category_policy, normalize_name
from qualcheck.checks.scope import read_scope
from qualcheck.exceptions import ConfigError
from qualcheck.registries import LicenseRecord
from qualcheck.registries._status import LicenseStanding, license_standing
from qualcheck.testing import MockRegistry, make_merchant, make_ric

POLICY = load_category_policy()
BANNED_OR_PERMIT = (Treatment.BANNED, Treatment.SPECIAL_PERMIT)
EVERYDAY = "medical_devices_class_2_everyday"
CLASS_3 = "medical_devices_class_3"

# A second generated resident ID (random sequence digits: nobody's).
RIC_2 = make_ric(rng=random.Random(7_300_214))


def read(entry: str) -> tuple[list[tuple[str, str]], bool]:
    reading = POLICY.read_entry(entry)
    return [(name, category.id) for name, category in reading.named], reading.unknown


def ids(entry: str) -> tuple[list[str], bool]:
    """The ids of the categories ``entry`` names (each once, in order), and ``unknown``."""
    named, unknown = read(entry)
    return list(dict.fromkeys(category_id for _, category_id in named)), unknown


def category_findings(report: Report) -> list[tuple[str, str]]:
    return [
        (finding.code, finding.json_path)
        for finding in report.findings
        if finding.code.startswith("category.")
    ]


def everything_shown(report: Report) -> str:
    """Every text a report gives away: JSON, dump, repr, str and the messages."""
    messages = " ".join(f.message + f.message_zh for f in report.findings)
    dumped = json.dumps(report.model_dump(mode="json"), ensure_ascii=False)
    return report.to_json() + dumped + repr(report) + str(report) + messages


# ---------------------------------------------------------------------------- records


def device_seller(
    categories: list[str],
    *,
    documents: str = "licence",
    scope: str | None = None,
    seed: int = 1,
    **knobs: Any,
) -> dict[str, Any]:
    """A generated device seller: ``documents`` is ``licence`` (a device business licence),
    ``filing`` (a class II filing: the same number with 备) or ``none`` (business licence
    only)."""
    record = make_merchant("device_seller", as_of=AS_OF, rng=random.Random(seed), **knobs)
    record["categories"] = categories
    device = record["documents"][1]
    if documents == "filing":
        device["number"] = device["number"].replace("械经营许", "械经营备")
        device.pop("scope", None)
    elif documents == "none":
        del record["documents"][1]
    if scope is not None:
        device["scope"] = scope
    return record


def food_shop(categories: list[str], seed: int = 3) -> dict[str, Any]:
    """A generated food seller (JY form 1): no drug or device document."""
    record = make_merchant("food_shop", as_of=AS_OF, rng=random.Random(seed))
    record["categories"] = categories
    return record


def pharmacy(categories: list[str], scope: str, seed: int = 5) -> dict[str, Any]:
    record = make_merchant("pharmacy", as_of=AS_OF, rng=random.Random(seed))
    record["categories"] = categories
    record["documents"][1]["scope"] = scope
    return record


def natural_person(categories: list[str]) -> dict[str, Any]:
    """A natural-person seller above the 100,000 yuan a year that needs no registration."""
    record = make_merchant(
        "natural_person", as_of=AS_OF, rng=random.Random(11), turnover_yuan=250_000
    )
    record["categories"] = categories
    return record


def judge(record: dict[str, Any], **kwargs: Any) -> Report:
    return verify(record, as_of=AS_OF, **kwargs)


# ================================================================ read_entry: paths

PLATFORM_PATHS = [
    # Tmall / Taobao
    ("医药保健 > 计生用品 > 避孕套", [EVERYDAY]),
    ("医药健康 > 隐形眼镜", [CLASS_3]),
    ("医药健康 > 隐形眼镜 > 彩色隐形眼镜", [CLASS_3]),
    ("医药健康 > 隐形眼镜/护理液 > 美瞳", [CLASS_3]),
    ("食品饮料 > 休闲食品 > 坚果炒货", ["food_unspecified"]),
    ("零食/坚果/特产 > 坚果炒货", ["food_unspecified"]),
    ("保健食品/膳食营养补充食品 > 维生素/矿物质 > 保健食品", ["health_food"]),
    ("水果生鲜 > 新鲜水果", ["edible_agricultural_products"]),
    # JD
    ("家用电器 > 个护健康 > 电子血压计", [EVERYDAY]),
    ("医疗保健 > 家庭常备 > 体温计", [EVERYDAY]),
    ("医药保健 > 中西药品 > 处方药", ["prescription_drugs"]),
    ("医药保健 > 中西药品 > OTC药品", ["otc_drugs"]),
    ("食品饮料 > 酒类 > 白酒", ["food_unspecified"]),
    # Pinduoduo / Douyin (other separators)
    ("医药健康 → 医疗器械 → 医用口罩", [EVERYDAY]),
    ("医药健康 › 计生情趣 › 安全套", [EVERYDAY]),
    ("母婴 » 奶粉 » 婴幼儿配方奶粉", ["infant_formula"]),
    ("医药健康 -> 隐形眼镜", [CLASS_3]),
    ("医药健康 => 隐形眼镜", [CLASS_3]),
    ("医药健康\\隐形眼镜", [CLASS_3]),
]


@pytest.mark.parametrize(("entry", "expected"), PLATFORM_PATHS)
def test_a_platform_path_is_read_by_its_last_step(entry: str, expected: list[str]) -> None:
    assert ids(entry) == (expected, False)


@pytest.mark.parametrize(
    "entry",
    [
        "医药健康 > 隐形眼镜",
        "医药健康>隐形眼镜",
        "  医药健康   >   隐形眼镜  ",
        "医药健康 ＞ 隐形眼镜",  # full-width
        "医药健康＞＞隐形眼镜",
        "医药健康 >> 隐形眼镜",  # repeated
        "医药健康 > > > 隐形眼镜",
        "医药健康 > 隐形眼镜 >",  # trailing separator after two steps
        "医药健康 > 隐形眼镜 > > ",
        "医药健康\u3000>\u3000隐形眼镜",  # ideographic spaces
        "医药健康 > 隐形\u200b眼镜",  # zero-width space inside the name
        "醫藥健康 > 隱形眼鏡",  # traditional
        "医药健康 > ＣＯＮＴＡＣＴ ＬＥＮＳＥＳ",  # full-width English alias
    ],
)
def test_separator_spellings_read_the_same(entry: str) -> None:
    assert ids(entry) == ([CLASS_3], False)


@pytest.mark.parametrize(
    "entry",
    [
        "隐形眼镜 >",
        "> 隐形眼镜",
        "隐形眼镜 → ",
        "\\隐形眼镜",
        "隐形眼镜 > \u200b",  # a last step of invisible characters only
    ],
)
def test_a_dangling_separator_does_not_hide_a_single_step(entry: str) -> None:
    assert ids(entry) == ([CLASS_3], False)


@pytest.mark.parametrize(
    "entry",
    ["枪支 >", "> 迷药", "特供 →", "\\军警标识", "涉枪涉爆物品 -> ", "勋章 »"],
)
def test_a_dangling_separator_does_not_hide_a_banned_name(entry: str) -> None:
    named, _ = read(entry)
    assert named
    assert all(POLICY.resolve(name).treatment is Treatment.BANNED for name, _ in named)  # type: ignore[union-attr]
    report = judge(food_shop([entry]))
    assert ("category.banned", "$.categories[0]") in category_findings(report)
    assert report.decision is Decision.FAIL


def test_a_dangling_separator_never_passes_today() -> None:
    # Whatever the fix, a banned name with a dangling separator is never passed.
    for entry in ("枪支 >", "> 迷药", "特供 →", "\\军警标识"):
        assert judge(food_shop([entry])).decision is not Decision.PASS, entry


@pytest.mark.parametrize(
    ("entry", "banned"),
    [
        ("宠物 > 枪支 > 玩具", "guns_explosives"),
        ("收藏 > 迷药 > 其他", "stupefying_drugs"),
        ("酒类 > 特供", "special_supply_goods"),
        ("特供 > 白酒", "special_supply_goods"),  # an ancestor that bans, a known leaf
        ("服饰 > 警服", "military_police_insignia"),
        ("户外 > 仿真枪/玩具枪", "guns_explosives"),  # a joined leaf with an unknown name
        ("茅台/特供", "special_supply_goods"),
        ("收藏品 > 勋章/纪念章 > 其他", "national_medals_honours"),
        ("A > B > C > D > E > F > 炸药 > G > H", "guns_explosives"),
        ("醫藥 > 迷藥 > 其他", "stupefying_drugs"),  # traditional
        ("军服 / 警服 / 普通商品", "military_police_insignia"),
    ],
)
def test_a_banned_name_bans_at_any_depth(entry: str, banned: str) -> None:
    found, _ = ids(entry)
    assert banned in found
    report = judge(food_shop([entry]))
    assert ("category.banned", "$.categories[0]") in category_findings(report)
    assert report.decision is Decision.FAIL


@pytest.mark.parametrize(
    "entry", ["日用百货 > 烟花 > 礼花弹", "节庆用品 > 烟花/鞭炮", "化工 > 危化品 > 其他"]
)
def test_a_permit_name_needs_its_permit_at_any_depth(entry: str) -> None:
    report = judge(food_shop([entry]))
    assert ("category.special_permit", "$.categories[0]") in category_findings(report)
    assert report.decision is not Decision.PASS


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("血压计/体温计", ["血压计", "体温计"]),
        ("血压计／体温计", ["血压计", "体温计"]),
        ("血压计、体温计", ["血压计", "体温计"]),
        ("血压计 / 体温计 / ", ["血压计", "体温计"]),
        ("血压计//体温计", ["血压计", "体温计"]),
        ("个护健康 > 血压计/体温计", ["血压计", "体温计"]),
    ],
)
def test_a_joined_leaf_names_each_name(entry: str, expected: list[str]) -> None:
    named, unknown = read(entry)
    assert [name for name, _ in named] == expected
    assert {category_id for _, category_id in named} == {EVERYDAY}
    assert unknown is False


@pytest.mark.parametrize(
    "entry",
    [
        "OTC药品/医疗器械/计生用品",
        "医药健康/隐形眼镜/彩色隐形眼镜",  # "/" used as a path separator: 医药健康 is no category
        "普通商品/处方药/其他",
        "血压计/计生用品",
        "处方药、中药材",
        "医药 > 处方药/生物制品",
    ],
)
def test_an_unknown_name_in_the_leaf_keeps_only_banned_and_permit_names(entry: str) -> None:
    reading = POLICY.read_entry(entry)
    assert reading.unknown is True
    assert all(category.treatment in BANNED_OR_PERMIT for _, category in reading.named)
    # Reviewed, never passed, even with the documents the known names could need.
    report = judge(device_seller([entry]))
    assert report.decision is not Decision.PASS
    assert ("category.unknown", "$.categories[0]") in category_findings(report)


@pytest.mark.parametrize(
    "entry",
    ["普通商品/处方药", "处方药/普通商品", "普通商品、处方药", "日用百货 > 普通商品/处方药"],
)
def test_a_free_name_joined_with_a_regulated_one_needs_the_regulated_documents(
    entry: str,
) -> None:
    report = judge(food_shop([entry]))
    assert category_findings(report) == [("category.license_missing", "$.categories[0]")]
    assert report.findings[0].ctx["category"] == "prescription_drugs"
    assert report.decision is Decision.FAIL


def test_a_free_leaf_under_a_regulated_department_counts_only_the_leaf() -> None:
    # Documented: ancestors count only when banned or permit-only.
    assert ids("食品饮料 > 新鲜水果") == (["edible_agricultural_products"], False)
    assert judge(food_shop(["食品饮料 > 新鲜水果"])).decision is Decision.PASS


def test_an_alias_that_holds_a_separator_is_read_whole() -> None:
    # The bundled names and aliases with a separator in them.
    holding = [
        name
        for category in POLICY.categories.values()
        for name in (category.name_zh, category.name_en, *category.aliases)
        if any(sep in name for sep in ("/", "／", "、", ">", "＞", "→", "\\", "›", "»"))
    ]
    assert sorted(holding) == sorted(
        [
            "保健食品/膳食营养补充食品",
            "国家勋章、国家荣誉称号等奖章",
            "零食/坚果/特产",  # Taobao departments read whole (s18)
            "粮油米面/南北干货/调味品",
        ]
    )
    for name in holding:
        category = POLICY.resolve(name)
        assert category is not None
        assert ids(name) == ([category.id], False)


def test_a_last_step_that_names_a_category_whole_is_not_split() -> None:
    assert ids("收藏品 > 国家勋章、国家荣誉称号等奖章") == (["national_medals_honours"], False)


def test_a_last_step_that_is_an_alias_with_a_separator_is_still_banned_today() -> None:
    report = judge(food_shop(["收藏品 > 国家勋章、国家荣誉称号等奖章"]))
    assert ("category.banned", "$.categories[0]") in category_findings(report)
    assert report.decision is Decision.FAIL


def test_a_custom_alias_with_a_slash_is_read_whole_as_a_last_step(tmp_path: Path) -> None:
    path = tmp_path / "shop.json"
    path.write_text(
        json.dumps(
            {
                "version": "shop-1",
                "categories": {
                    "pet_supplies": {
                        "name_zh": "宠物用品",
                        "name_en": "Pet supplies",
                        "aliases": ["猫狗/水族用品"],
                        "requires": [],
                    }
                },
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    record = food_shop(["宠物 > 猫狗/水族用品"])
    report = judge(record, policy=Policy(categories_file=path))
    assert category_findings(report) == []


def test_a_separator_with_nothing_around_it_is_unknown() -> None:
    for entry in ("/", ">", ">>", "、", " / > ", "\\", "→→"):
        assert ids(entry) == ([], True), entry
        report = judge(food_shop([entry]))
        assert category_findings(report) == [("category.unknown", "$.categories[0]")]


# ======================================================== coverage: judged once, at the first


def test_the_same_category_in_two_entries_is_judged_once_at_the_first() -> None:
    report = judge(device_seller(["血压计", "家用电器 > 个护健康 > 电子体温计"], documents="none"))
    assert category_findings(report) == [("category.possibly_exempt", "$.categories[0]")]


def test_a_category_first_named_in_a_joined_leaf_is_judged_there() -> None:
    report = judge(device_seller(["医药健康 > 隐形眼镜/美瞳", "隐形眼镜"], documents="filing"))
    assert category_findings(report) == [("category.license_unsuitable", "$.categories[0]")]
    assert report.decision is Decision.FAIL


def test_a_category_dropped_from_an_unknown_entry_is_judged_where_it_is_known() -> None:
    record = device_seller(["OTC药品/医疗器械/计生用品", "避孕套"], documents="none")
    assert category_findings(judge(record)) == [
        ("category.unknown", "$.categories[0]"),
        ("category.possibly_exempt", "$.categories[1]"),
    ]


def test_a_banned_name_named_twice_is_banned_once_at_the_first() -> None:
    report = judge(food_shop(["普通商品", "宠物 > 枪支 > 配件", "枪支"]))
    assert category_findings(report) == [
        ("category.unknown", "$.categories[1]"),
        ("category.banned", "$.categories[1]"),
    ]
    report = judge(food_shop(["普通商品", "宠物 > 枪支 > 玩具", "枪支"]))  # toys: general goods
    assert category_findings(report) == [("category.banned", "$.categories[1]")]


def test_blank_entries_keep_the_indices_of_the_others() -> None:
    report = judge(food_shop(["", "  ", "医药保健 > 中西药品 > 处方药"]))
    assert category_findings(report) == [("category.license_missing", "$.categories[2]")]


# ============================================================================ privacy


@pytest.mark.parametrize(
    "template",
    [
        "血压计/{x}",
        "{x} > 血压计",
        "医药 > {x}",
        "{x}/处方药",
        "枪支 > {x}",
        "医药 > 血压计/{x}/体温计",
        "特供、{x}",
        "{x}",
        "{x}>{x}",
    ],
)
@pytest.mark.parametrize("secret", [PHONE, RIC, RIC_2])
def test_a_phone_or_id_typed_into_a_category_is_masked_everywhere(
    template: str, secret: str
) -> None:
    entry = template.format(x=secret)
    report = judge(device_seller([entry], documents="none"))
    assert report.decision is not Decision.PASS
    shown = everything_shown(report)
    assert secret not in shown
    if secret != PHONE:
        assert secret[6:14] not in shown  # nor the birth date inside the ID number
    assert all(path == "$.categories[0]" for _, path in category_findings(report))


# =================================================================== long and hostile


def test_two_thousand_steps_are_read_by_the_last_one() -> None:
    # (a path longer than the longest text the models read is refused: test_audit_complexity)
    entry = " > ".join(["医药健康"] * 2_000 + ["隐形眼镜"])
    assert ids(entry) == ([CLASS_3], False)
    report = judge(device_seller([entry]))
    assert report.decision is Decision.PASS, report.codes


def test_a_banned_step_deep_in_two_thousand_is_found() -> None:
    steps = [f"类目{i}" for i in range(2_000)]
    steps[1_234] = "迷药"
    entry = " > ".join([*steps, "隐形眼镜"])
    assert ids(entry) == ([CLASS_3, "stupefying_drugs"], False)
    report = judge(device_seller([entry]))
    assert ("category.banned", "$.categories[0]") in category_findings(report)


def test_two_thousand_joined_names_are_judged_once() -> None:
    entry = "/".join(["血压计", "体温计", "血糖仪", "避孕套"] * 500)
    named, unknown = read(entry)
    assert unknown is False
    assert {category_id for _, category_id in named} == {EVERYDAY}
    report = judge(device_seller([entry], documents="none"))
    assert category_findings(report) == [("category.possibly_exempt", "$.categories[0]")]


def test_two_thousand_unknown_names_and_one_banned() -> None:
    entry = "/".join([f"商品{i}" for i in range(2_000)] + ["枪支"])
    assert ids(entry) == (["guns_explosives"], True)
    report = judge(food_shop([entry, entry]))
    assert category_findings(report) == [
        ("category.unknown", "$.categories[0]"),
        ("category.banned", "$.categories[0]"),
        ("category.unknown", "$.categories[1]"),
    ]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (">" * 100_000, ([], True)),
        ("/" * 100_000, ([], True)),
        ("->" * 50_000, ([], True)),
        ("、" * 50_000 + "枪支", (["guns_explosives"], False)),
        (" > ".join(["烟花"] * 20_000), (["fireworks"], False)),
    ],
)
def test_separator_floods_are_read_in_one_pass(
    entry: str, expected: tuple[list[str], bool]
) -> None:
    # No timing assert: a reading quadratic in the steps would not finish here.
    assert ids(entry) == expected


# ==================================================== natural persons: own produce only


@pytest.mark.parametrize(
    "categories",
    [["水果"], ["水果生鲜 > 新鲜水果"], ["水果/蔬菜"], ["食品 > 水果"], ["農產品"], ["蔬菜、水果"]],
)
def test_own_farm_produce_in_a_path_or_joined_leaf_keeps_the_exemption(
    categories: list[str],
) -> None:
    report = judge(natural_person(categories))
    assert report.codes == ("merchant.exemption_own_produce",)
    assert report.decision is Decision.REVIEW


@pytest.mark.parametrize(
    "categories",
    [
        ["水果/宠物"],  # an unknown name
        ["烟花 > 水果"],  # an ancestor that needs a permit
        ["水果/普通商品"],  # general goods are no own produce
        ["水果", "医药 > 处方药"],
        ["OTC药品/医疗器械/计生用品"],
    ],
)
def test_anything_but_own_produce_loses_the_exemption(categories: list[str]) -> None:
    report = judge(natural_person(categories))
    assert "merchant.exemption_exceeded" in report.codes
    assert report.decision is Decision.FAIL


def test_a_blank_entry_does_not_cost_the_own_produce_exemption() -> None:
    report = judge(natural_person(["水果", "  "]))
    assert report.codes == ("merchant.exemption_own_produce",)


def test_a_dangling_separator_does_not_cost_the_own_produce_exemption() -> None:
    report = judge(natural_person(["水果 >"]))
    assert report.codes == ("merchant.exemption_own_produce",)


# ================================================================ registry scope check


def registered(record: dict[str, Any], **changes: Any) -> MockRegistry:
    registry = MockRegistry(name="audit-registry")
    registry.add_merchant(record, **changes)
    return registry


def registry_findings(report: Report) -> list[tuple[str, str]]:
    return [
        (finding.code, finding.json_path)
        for finding in report.findings
        if finding.code.startswith("registry.")
    ]


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("第三类医疗器械经营", []),
        ("第三類醫療器械經營；第二類醫療器械銷售", []),  # traditional
        ("日用百货销售", [("registry.scope_not_covering", "$.categories[1]")]),
        ("日用百貨銷售（不含醫療器械）", [("registry.scope_not_covering", "$.categories[1]")]),
    ],
)
def test_the_registry_scope_check_reads_paths_and_traditional_scopes(
    scope: str, expected: list[tuple[str, str]]
) -> None:
    record = device_seller(["OTC药品/医疗器械/计生用品", "医药健康 > 隐形眼镜", "美瞳"])
    report = judge(record, registry=registered(record, scope=scope))
    assert registry_findings(report) == expected


def test_the_registry_scope_check_skips_entries_that_name_only_banned_goods() -> None:
    record = device_seller(["宠物 > 枪支 > 玩具"])
    report = judge(record, registry=registered(record, scope="日用百货销售"))
    assert registry_findings(report) == []
    assert report.decision is Decision.FAIL  # category.banned


def test_the_registry_scope_check_judges_each_name_of_a_joined_leaf() -> None:
    record = food_shop(["普通商品/处方药"])
    report = judge(record, registry=registered(record, scope="食品销售；日用百货销售"))
    assert registry_findings(report) == [("registry.scope_not_covering", "$.categories[0]")]
    finding = next(f for f in report.findings if f.code.startswith("registry."))
    assert finding.ctx["category"] == "prescription_drugs"


# ========================================================== traditional characters


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("衛", "卫"),
        ("衞", "卫"),  # the Hong Kong form of 衛
        ("藥", "药"),
        ("醫", "医"),
        ("裏", "里"),
        ("裡", "里"),
        ("粧", "妆"),  # a Hong Kong form of 妝
        ("醫療衞生 > 醫用口罩", "医疗卫生 > 医用口罩"),
        ("隱形眼鏡", "隐形眼镜"),
        ("國家勳章", "国家勋章"),
    ],
)
def test_traditional_and_variant_characters_read_as_simplified(
    traditional: str, simplified: str
) -> None:
    assert to_simplified(traditional) == simplified
    assert to_simplified(simplified) == simplified
    assert normalize_name(traditional) == normalize_name(simplified)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("乾", "乾"),
        ("於", "於"),
        ("著", "著"),
        ("藉", "藉"),
        ("乾貨 > 堅果炒貨", "乾货 > 坚果炒货"),
        ("限於", "限於"),
        ("著名商標", "著名商标"),
        ("秘", "秘"),  # a simplified character that a regional table lists as a variant
        ("只", "只"),
        ("台", "台"),
        ("么", "么"),
    ],
)
def test_characters_also_in_use_as_simplified_ones_do_not_change(text: str, expected: str) -> None:
    assert to_simplified(text) == expected


def test_every_bundled_name_and_alias_is_left_as_written() -> None:
    for category in POLICY.categories.values():
        for name in (category.name_zh, *category.aliases):
            assert to_simplified(name) == name, name


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("醫藥保健 > 計生用品 > 避孕套", [EVERYDAY]),
        ("家用電器 > 個護健康 > 電子血壓計", [EVERYDAY]),
        ("醫藥保健 > 中西藥品 > 處方藥", ["prescription_drugs"]),
        ("食品飲料 > 休閒食品 > 堅果炒貨", ["food_unspecified"]),
        ("節慶用品 > 煙花爆竹", ["fireworks"]),
        ("收藏 > 槍支彈藥", ["guns_explosives"]),
        ("醫療衞生 > 醫用口罩", [EVERYDAY]),
        ("医药健康 > 隱形眼鏡/美瞳", [CLASS_3]),  # a simplified path, a traditional leaf
    ],
)
def test_traditional_paths_are_read_like_simplified_ones(entry: str, expected: list[str]) -> None:
    assert ids(entry) == (expected, False)


@pytest.mark.parametrize(
    ("scope", "declared", "expected"),
    [
        ("第三類醫療器械：6822醫用光學器具、儀器及內窺鏡設備", "隐形眼镜", []),
        ("Ⅲ類：6815注射穿刺器械", "隱形眼鏡", ["category.scope_not_covering"]),  # 6822 holds them
        ("第三類醫療器械（不含隱形眼鏡）", "隐形眼镜", ["category.scope_not_covering"]),
        ("第三类医疗器械（不含隐形眼镜）", "隱形眼鏡", ["category.scope_not_covering"]),
        ("第三類醫療器械（除隱形眼鏡外）", "隐形眼镜", ["category.scope_not_covering"]),
        ("第三類醫療器械（僅限體外診斷試劑）", "隐形眼镜", ["category.scope_not_covering"]),
        ("第三類醫療器械，僅限體外診斷試劑", "隐形眼镜", ["category.scope_not_covering"]),
        ("第Ⅱ類醫療器械", "隐形眼镜", ["category.scope_not_covering"]),
    ],
)
def test_traditional_device_scopes_with_exclusions_and_limitations(
    scope: str, declared: str, expected: list[str]
) -> None:
    report = judge(device_seller([declared], scope=scope))
    assert [code for code, _ in category_findings(report)] == expected
    assert (report.decision is Decision.PASS) is (not expected)


@pytest.mark.parametrize(
    "scope",
    ["第三類醫療器械，限於體外診斷試劑", "第三類醫療器械限於體外診斷試劑"],
)
def test_a_traditional_limitation_outside_brackets_is_read(scope: str) -> None:
    assert read_scope(scope).items[0].limited_to or read_scope(scope).limited_to
    report = judge(device_seller(["隐形眼镜"], scope=scope))
    assert [code for code, _ in category_findings(report)] == ["category.scope_not_covering"]


@pytest.mark.parametrize(
    ("declared", "scope", "expected"),
    [
        ("處方藥", "處方藥、甲類非處方藥、乙類非處方藥：中成藥、化學藥製劑", []),
        ("处方药", "處方藥、甲類非處方藥、乙類非處方藥", []),
        ("處方藥", "乙類非處方藥", ["category.scope_not_covering"]),
        ("甲類非處方藥", "乙類非處方藥", ["category.scope_not_covering"]),
        ("處方藥", "中成藥（不含處方藥）", ["category.scope_not_covering"]),
        ("處方藥", "中藥飲片；中成藥；化學藥；生物製品（除疫苗）", []),
    ],
)
def test_traditional_drug_scopes(declared: str, scope: str, expected: list[str]) -> None:
    report = judge(pharmacy([declared], scope))
    assert [code for code, _ in category_findings(report)] == expected


# ======================================================= everyday class II devices


def test_without_a_device_document_an_everyday_device_is_reviewed_not_failed() -> None:
    report = judge(device_seller(["避孕套"], documents="none"))
    assert category_findings(report) == [("category.possibly_exempt", "$.categories[0]")]
    assert report.decision is Decision.REVIEW
    finding = report.findings[0]
    assert finding.ctx["category"] == EVERYDAY
    for key in ("exemption_en", "exemption_zh", "required_en", "required_zh"):
        assert finding.ctx[key], key
    assert finding.ctx["exemption_en"] in finding.message
    assert finding.ctx["exemption_zh"] in finding.message_zh
    assert "category.license_missing" not in report.codes


@pytest.mark.parametrize(
    "entry",
    [
        "血压计",
        "电子血压计",
        "额温枪",
        "家用血糖仪",
        "验孕棒",
        "医用外科口罩",
        "condoms",
        "Medical Masks",
        "血壓計",
        "醫用口罩",
        "家用电器 > 个护健康 > 电子血压计",
        "医药保健 > 计生用品 > 避孕套",
        "血压计/体温计/血糖仪",
    ],
)
def test_everyday_devices_in_any_spelling_are_never_passed_without_a_document(entry: str) -> None:
    for record in (device_seller([entry], documents="none"), food_shop([entry])):
        report = judge(record)
        assert category_findings(report) == [("category.possibly_exempt", "$.categories[0]")]
        assert report.decision is Decision.REVIEW


@pytest.mark.parametrize("documents", ["filing", "licence"])
def test_a_class_2_filing_or_a_device_licence_covers_everyday_devices(documents: str) -> None:
    report = judge(device_seller(["血压计", "医药保健 > 计生用品 > 避孕套"], documents=documents))
    assert report.decision is Decision.PASS, report.codes


def test_an_expired_licence_fails_on_its_date_and_is_not_called_exempt() -> None:
    record = device_seller(["血压计"], documents="licence", expired=["device_business"])
    report = judge(record)
    assert report.decision is Decision.FAIL
    assert "license.expired" in report.codes
    assert not {"category.possibly_exempt", "category.license_missing"} & set(report.codes)


def test_a_filing_with_a_past_date_still_covers_everyday_devices() -> None:
    # domain.md §10: filings (二类器械经营备案) have no expiry; a date on one is no end.
    record = device_seller(["血压计"], documents="filing", expired=["device_business"])
    assert judge(record).decision is Decision.PASS


def test_a_filing_whose_scope_excludes_the_device_is_reviewed_not_failed() -> None:
    # docs/categories.md: a class II scope is read like a class III one; an exclusion
    # naming the declared product asks a person, it does not fail the seller.
    record = device_seller(["避孕套"], documents="filing", scope="第二类医疗器械（不含避孕套）")
    report = judge(record)
    assert category_findings(report) == [("category.scope_not_covering", "$.categories[0]")]
    assert report.decision is Decision.REVIEW
    other = device_seller(["血压计"], documents="filing", scope="第二类医疗器械（不含避孕套）")
    assert judge(other).decision is Decision.PASS


def test_contact_lenses_stay_class_3_next_to_everyday_devices() -> None:
    report = judge(device_seller(["避孕套", "医药健康 > 隐形眼镜"], documents="filing"))
    assert category_findings(report) == [("category.license_unsuitable", "$.categories[1]")]
    report = judge(device_seller(["避孕套", "医药健康 > 隐形眼镜"], documents="none"))
    assert category_findings(report) == [
        ("category.possibly_exempt", "$.categories[0]"),
        ("category.license_missing", "$.categories[1]"),
    ]
    assert report.decision is Decision.FAIL


def _policy_file(tmp_path: Path, category: dict[str, Any]) -> Path:
    path = tmp_path / "my-categories.json"
    path.write_text(
        json.dumps({"version": "t-1", "categories": {"bp": category}}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


BP: dict[str, Any] = {
    "name_zh": "血压计",
    "name_en": "BP monitors",
    "requires": [[{"kind": "device_business"}]],
}
EXEMPTION: dict[str, Any] = {"name_zh": "豁免目录", "name_en": "the exempt list"}


@pytest.mark.parametrize(
    ("category", "field"),
    [
        ({**BP, "exemption": "yes"}, "categories.bp.exemption"),
        ({**BP, "exemption": True}, "categories.bp.exemption"),
        ({**BP, "exemption": [EXEMPTION]}, "categories.bp.exemption"),
        ({**BP, "exemption": {}}, "categories.bp.exemption.name_zh"),
        ({**BP, "exemption": {"name_zh": "", "name_en": "x"}}, "categories.bp.exemption.name_zh"),
        ({**BP, "exemption": {"name_zh": 1, "name_en": "x"}}, "categories.bp.exemption.name_zh"),
        ({**BP, "exemption": {**EXEMPTION, "list": ["血压计"]}}, "categories.bp.exemption.list"),
        ({**BP, "requires": [], "exemption": EXEMPTION}, "exemption needs requires"),
        ({**BP, "requires": [[]], "exemption": EXEMPTION}, "requires[0] is an empty alternative"),
        (
            {"name_zh": "血压计", "name_en": "BP", "banned": True, "exemption": EXEMPTION},
            "exemption needs requires",
        ),
    ],
)
def test_a_malformed_exemption_is_a_config_error_naming_the_field(
    tmp_path: Path, category: dict[str, Any], field: str
) -> None:
    path = _policy_file(tmp_path, category)
    with pytest.raises(ConfigError) as raised:
        Policy(categories_file=path)
    assert field in str(raised.value)
    assert "my-categories.json" in str(raised.value)


def test_a_platform_exemption_reviews_instead_of_failing(tmp_path: Path) -> None:
    with_exemption = Policy(categories_file=_policy_file(tmp_path, {**BP, "exemption": EXEMPTION}))
    report = judge(food_shop(["医疗 > 血压计"]), policy=with_exemption)
    assert category_findings(report) == [("category.possibly_exempt", "$.categories[0]")]
    assert report.findings[0].ctx["exemption_en"] == "the exempt list"
    assert report.decision is Decision.REVIEW

    (tmp_path / "plain").mkdir()
    without = Policy(categories_file=_policy_file(tmp_path / "plain", BP))
    report = judge(food_shop(["医疗 > 血压计"]), policy=without)
    assert category_findings(report) == [("category.license_missing", "$.categories[0]")]
    assert report.decision is Decision.FAIL


def test_an_exemption_does_not_soften_a_document_of_the_wrong_type(tmp_path: Path) -> None:
    # possibly_exempt is for a record holding no such document; a wrong one is unsuitable.
    spec = {
        **BP,
        "requires": [[{"kind": "device_business", "filing": False}]],
        "exemption": EXEMPTION,
    }
    policy = Policy(categories_file=_policy_file(tmp_path, spec))
    report = judge(device_seller(["血压计"], documents="filing"), policy=policy)
    assert category_findings(report) == [("category.license_unsuitable", "$.categories[0]")]


# ===================================================================== licence statuses

IN_FORCE: list[str | None] = ["有效", "正常", "在用", "使用中", "未吊销", "正常（未注销）"]
IN_FORCE += ["Valid", "In force", "ACTIVE"]
IN_FORCE += ["即将过期", "有效（即将到期）", "临期", "未到期"]  # an end still to come
IN_FORCE += ["有效（到期日：2030-01-01）", "正常，到期时间2030年1月1日"]
UNSTATED: list[str | None] = ["", "-", "--", "—", "/", "None", "null", "暂无", "无", "N/A", None]
ENDED: list[str | None] = [
    "已注销",
    "注销",
    "吊销",
    "撤销",
    "撤回",
    "过期",
    "已过期",
    "失效",
    "无效",
    "作废",
]
ENDED += ["Revoked", "Cancelled", "EXPIRED", "withdrawn", "invalid", "已到期", "有效期满"]
ENDED += ["有效期已届满", "吊销，注销中", "已吊销（注销中）", "注销中（已撤销）"]
SUSPENDED: list[str | None] = [
    "暂停",
    "中止",
    "停业整顿",
    "注销中",
    "暂停生产经营",
    "Suspended",
    "简易注销公告",
]
UNRECOGNISED: list[str | None] = [
    "待审核",
    "未生效",
    "尚未生效",
    "变更中",
    "换证中",
    "未知",
    "状态未知",
    "unknown",
]
UNRECOGNISED += ["Unknown", "1", "0", "nan", "异常", "非正常", "pending", "到期", "期满延续"]


@pytest.mark.parametrize(
    ("raw", "standing"),
    [(raw, LicenseStanding.IN_FORCE) for raw in IN_FORCE]
    + [(raw, LicenseStanding.UNSTATED) for raw in UNSTATED]
    + [(raw, LicenseStanding.ENDED) for raw in ENDED]
    + [(raw, LicenseStanding.SUSPENDED) for raw in SUSPENDED]
    + [(raw, LicenseStanding.UNKNOWN) for raw in UNRECOGNISED],
)
def test_licence_statuses_as_registries_write_them(raw: str | None, standing: str) -> None:
    assert license_standing(raw) is standing


@pytest.mark.parametrize("raw", [1, 0, 1.0, -1, ["有效"], {"status": "有效"}, ("有效",), b"\xe6"])
def test_a_status_that_is_not_text_is_never_in_force_and_never_crashes(raw: object) -> None:
    assert license_standing(raw) is LicenseStanding.UNKNOWN


def test_a_licence_status_of_the_wrong_type_is_refused_naming_the_field() -> None:
    with pytest.raises(ValueError, match="status_raw"):
        LicenseRecord.model_validate({"number": "JY14403050000010", "status_raw": 1})


def _listed(
    *entries: tuple[str | None, str], record: dict[str, Any] | None = None
) -> tuple[dict[str, Any], Report]:
    """A food shop whose registry lists its food licence once per (status, valid_to)."""
    record = record or make_merchant("food_shop", as_of=AS_OF, rng=random.Random(7))
    licence = next(doc for doc in record["documents"] if doc["kind"] == "food_business")
    listings = [
        {
            "number": licence["number"],
            "kind": "food_business",
            "valid_from": "2024-01-02",
            "valid_to": valid_to,
            "status_raw": status,
        }
        for status, valid_to in entries
    ]
    return record, judge(record, registry=registered(record, licenses=listings))


CURRENT, PAST = "2039-01-01", "2025-01-01"  # CURRENT: not before the document's own end
SUSPENDED_CODE = "registry.license_suspended"


@pytest.mark.parametrize(
    ("raw", "code", "decision"),
    [(raw, None, Decision.PASS) for raw in IN_FORCE + UNSTATED]
    + [(raw, "registry.license_revoked", Decision.FAIL) for raw in ENDED]
    + [(raw, "registry.license_suspended", Decision.REVIEW) for raw in SUSPENDED]
    + [(raw, "registry.license_status_unknown", Decision.REVIEW) for raw in UNRECOGNISED],
)
def test_a_current_licence_is_judged_by_its_status(
    raw: str | None, code: str | None, decision: Decision
) -> None:
    _, report = _listed((raw, CURRENT))
    assert registry_findings(report) == ([(code, "$.documents[1].number")] if code else [])
    assert report.decision is decision


@pytest.mark.parametrize("raw", IN_FORCE + UNSTATED + ENDED + SUSPENDED + UNRECOGNISED)
def test_a_past_end_date_always_fails(raw: str | None) -> None:
    _, report = _listed((raw, PAST))
    codes = [code for code, _ in registry_findings(report)]
    assert report.decision is Decision.FAIL
    ended = license_standing(raw) is LicenseStanding.ENDED
    assert ("registry.license_expired" in codes) is (not ended)
    assert ("registry.license_revoked" in codes) is ended


@pytest.mark.parametrize(
    ("first", "second", "codes"),
    [
        (("吊销", CURRENT), ("有效", CURRENT), []),
        (("暂停", CURRENT), ("正常", CURRENT), []),
        (("待审核", CURRENT), ("暂停", CURRENT), ["registry.license_status_unknown"]),
        (("吊销", CURRENT), ("暂停", CURRENT), ["registry.license_suspended"]),
        (("已注销", CURRENT), ("撤销", CURRENT), ["registry.license_revoked"]),
        (("有效", PAST), ("有效", CURRENT), []),
        (("有效", PAST), (None, CURRENT), []),
        (("注销中", PAST), ("已吊销", CURRENT), [SUSPENDED_CODE, "registry.license_expired"]),
    ],
)  # fmt: skip
def test_of_one_number_listed_twice_the_best_entry_decides(
    first: tuple[str, str], second: tuple[str | None, str], codes: list[str]
) -> None:
    for order in ((first, second), (second, first)):
        _, report = _listed(*order)
        assert [code for code, _ in registry_findings(report)] == codes, order


def test_nothing_unknown_or_suspended_passes_nothing_current_and_in_force_fails() -> None:
    spellings = IN_FORCE + UNSTATED + ENDED + SUSPENDED + UNRECOGNISED
    spellings += ["有效（待审核）", "正常，暂停", "Valid; suspended", "在用(注销中)", "有效 吊销"]
    for raw in spellings:
        standing = license_standing(raw)
        _, report = _listed((raw, CURRENT))
        if standing in (LicenseStanding.IN_FORCE, LicenseStanding.UNSTATED):
            assert report.decision is not Decision.FAIL, raw
        else:
            assert report.decision is not Decision.PASS, raw


def test_a_phone_or_id_in_a_listed_status_is_masked() -> None:
    for raw in (f"暂停（联系{PHONE}）", f"待审核 {RIC}"):
        _, report = _listed((raw, CURRENT))
        assert report.decision is Decision.REVIEW
        shown = everything_shown(report)
        assert PHONE not in shown
        assert RIC not in shown
