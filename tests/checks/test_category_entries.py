"""Declared entries that are category paths or joined leaves, and categories that name an
exemption (everyday class II devices): ``CategoryPolicy.read_entry`` and what coverage,
the registry's scope check and the natural-person exemption make of it."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from typing import Any

import pytest

from qualcheck import Decision, Report, verify
from qualcheck.checks.categories import load_category_policy, parse_category_policy
from qualcheck.exceptions import ConfigError
from qualcheck.policy import Policy
from qualcheck.testing import MockRegistry, make_device_business, make_merchant

AS_OF = datetime.date(2026, 11, 29)
POLICY = load_category_policy()


def record(profile: str, categories: list[str], seed: int = 3) -> dict[str, Any]:
    made = make_merchant(profile, as_of=AS_OF, rng=random.Random(seed))
    made["categories"] = categories
    return made


def outcome(report: Report) -> tuple[Decision, list[str]]:
    return report.decision, sorted(f.code for f in report.findings)


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("entry", "named", "unknown"),
    [
        # a whole name wins over any reading of its separators
        ("保健食品/膳食营养补充食品", [("保健食品/膳食营养补充食品", "health_food")], False),
        # paths: the last step decides
        ("医药健康 > 隐形眼镜", [("隐形眼镜", "medical_devices_class_3")], False),
        ("医药健康＞隐形眼镜", [("隐形眼镜", "medical_devices_class_3")], False),
        ("医药健康 › 处方药", [("处方药", "prescription_drugs")], False),
        ("食品 -> 预包装食品", [("预包装食品", "prepackaged_food")], False),
        ("食品 → 休闲零食", [("休闲零食", "food_unspecified")], False),
        ("食品\\预包装食品", [("预包装食品", "prepackaged_food")], False),
        # an ancestor that needs documents does not add its own requirements
        ("食品 > 预包装食品", [("预包装食品", "prepackaged_food")], False),
        # joined names: each is named
        ("食品/饮料", [("食品", "food_unspecified"), ("饮料", "food_unspecified")], False),
        (
            "预包装食品、散装食品",
            [("预包装食品", "prepackaged_food"), ("散装食品", "bulk_food")],
            False,
        ),
        ("OTC／处方药", [("OTC", "otc_drugs"), ("处方药", "prescription_drugs")], False),
        # an unknown name leaves the entry unknown and keeps only banned / permit names
        ("OTC药品/医疗器械/计生用品", [], True),
        ("隐形眼镜/护理液", [], True),
        ("食品 > 茶", [], True),
        ("日用百货 > 烟花 > 礼花弹", [("烟花", "fireworks")], True),
        ("迷药 > 喷雾", [("迷药", "stupefying_drugs")], True),
        ("护理液/迷药", [("迷药", "stupefying_drugs")], True),
        # a banned ancestor of a known leaf is judged too
        ("烟花爆竹 > 日用百货", [("日用百货", "general_goods"), ("烟花爆竹", "fireworks")], False),
        # names that are no path at all
        ("宠物", [], True),
        (">", [], True),
        ("/", [], True),
        (" > / ", [], True),
    ],
)
def test_read_entry(entry: str, named: list[tuple[str, str]], unknown: bool) -> None:
    reading = POLICY.read_entry(entry)
    assert [(name, category.id) for name, category in reading.named] == named
    assert reading.unknown is unknown


# --------------------------------------------------------------------------- coverage


@pytest.mark.parametrize(
    ("profile", "names"),
    [
        ("food_shop", ["预包装食品", "散装食品"]),
        ("food_shop", ["食品", "饮料"]),
        ("food_shop", ["预包装食品", "餐饮"]),
        ("pharmacy", ["OTC", "处方药"]),
        ("pharmacy", ["处方药", "预包装食品"]),
        ("device_seller", ["血压计", "隐形眼镜"]),
        ("restaurant", ["餐饮", "散装食品"]),
    ],
)
@pytest.mark.parametrize("joiner", ["/", " / ", "、", "／"])
def test_a_joined_leaf_is_judged_like_its_names_declared_apart(
    profile: str, names: list[str], joiner: str
) -> None:
    joined = verify(record(profile, [joiner.join(names)]), as_of=AS_OF)
    apart = verify(record(profile, names), as_of=AS_OF)
    assert outcome(joined) == outcome(apart)
    assert all(f.path == ("categories", 0) for f in joined.findings if f.path[0] == "categories")


@pytest.mark.parametrize(
    ("profile", "path", "leaf"),
    [
        ("device_seller", "医药健康 > 医疗器械 > 隐形眼镜", "隐形眼镜"),
        ("pharmacy", "医药健康 > 处方药", "处方药"),
        ("food_shop", "食品饮料 > 粮油 > 预包装食品", "预包装食品"),
        ("food_shop", "餐饮美食 > 外卖", "外卖"),
    ],
)
def test_a_path_is_judged_by_its_last_step(profile: str, path: str, leaf: str) -> None:
    assert outcome(verify(record(profile, [path]), as_of=AS_OF)) == outcome(
        verify(record(profile, [leaf]), as_of=AS_OF)
    )


@pytest.mark.parametrize("profile", ["food_shop", "pharmacy", "device_seller"])
@pytest.mark.parametrize(
    "entry", ["食品 > 茶", "OTC药品/医疗器械/计生用品", "隐形眼镜/护理液", "医药健康/隐形眼镜"]
)
def test_an_entry_with_an_unknown_name_is_reviewed_whatever_the_documents(
    profile: str, entry: str
) -> None:
    report = verify(record(profile, [entry]), as_of=AS_OF)
    assert outcome(report) == (Decision.REVIEW, ["category.unknown"])
    assert report.findings[0].ctx["declared"] == entry


@pytest.mark.parametrize(
    ("entry", "codes", "decision"),
    [
        ("日用百货/迷药", ["category.banned"], Decision.FAIL),
        ("迷药 > 喷雾", ["category.banned", "category.unknown"], Decision.FAIL),
        (
            "日用百货 > 烟花 > 礼花弹",
            ["category.special_permit", "category.unknown"],
            Decision.REVIEW,
        ),
        ("特供/茅台", ["category.banned", "category.unknown"], Decision.FAIL),
    ],
)
def test_a_banned_or_permit_name_counts_wherever_it_stands(
    entry: str, codes: list[str], decision: Decision
) -> None:
    report = verify(record("food_shop", [entry]), as_of=AS_OF)
    assert outcome(report) == (decision, codes)


def test_a_category_named_in_two_entries_is_judged_once_at_the_first() -> None:
    report = verify(record("food_shop", ["食品 > 坚果", "日用百货/迷药", "迷药"]), as_of=AS_OF)
    banned = [f for f in report.findings if f.code == "category.banned"]
    assert [f.path for f in banned] == [("categories", 1)]


# --------------------------------------------------------------------------- exemption


@pytest.mark.parametrize("name", ["血压计", "电子体温计", "避孕套", "医用口罩", "血糖试纸"])
def test_an_everyday_device_without_a_filing_is_reviewed_as_possibly_exempt(name: str) -> None:
    report = verify(record("food_shop", [name]), as_of=AS_OF)
    assert outcome(report) == (Decision.REVIEW, ["category.possibly_exempt"])
    finding = report.findings[0]
    assert finding.path == ("categories", 0)
    assert finding.ctx["category"] == "medical_devices_class_2_everyday"
    assert "exempt from business filing" in finding.ctx["exemption_en"]
    assert "免于经营备案" in finding.ctx["exemption_zh"]
    assert "免于经营备案" in finding.message_zh


@pytest.mark.parametrize("filing", [True, False])
def test_an_everyday_device_seller_with_a_filing_or_licence_passes(filing: bool) -> None:
    made = record("device_seller", ["血压计", "体温计"])
    device = next(doc for doc in made["documents"] if doc["kind"] == "device_business")
    province = device["number"][0]  # the province abbreviation (浙 …)
    device["number"] = make_device_business(filing=filing, province=province, rng=random.Random(5))
    device.pop("scope")
    if filing:  # a filing has no term
        device.pop("valid_to")
    report = verify(made, as_of=AS_OF)
    assert outcome(report) == (Decision.PASS, [])


def test_the_device_seller_profile_passes_for_everyday_devices() -> None:
    report = verify(record("device_seller", ["血压计", "医药健康 > 血糖仪"]), as_of=AS_OF)
    assert outcome(report) == (Decision.PASS, [])


def _policy_file(tmp_path: Path, category: dict[str, Any]) -> Path:
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps({"version": "1", "categories": {"tea": category}}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def test_a_platform_policy_may_name_an_exemption(tmp_path: Path) -> None:
    category = {
        "name_zh": "自产茶叶",
        "name_en": "Own tea",
        "requires": [[{"kind": "food_business"}]],
        "exemption": {"name_zh": "小作坊登记", "name_en": "a small-workshop registration"},
    }
    policy = Policy(categories_file=_policy_file(tmp_path, category))
    made = record("natural_person", ["自产茶叶"])
    report = verify(made, as_of=AS_OF, policy=policy)
    finding = next(f for f in report.findings if f.code == "category.possibly_exempt")
    assert finding.ctx["exemption_en"] == "a small-workshop registration"
    assert report.decision is Decision.REVIEW


@pytest.mark.parametrize(
    "category",
    [
        # an exemption needs documents to be exempt from
        {
            "name_zh": "茶",
            "name_en": "Tea",
            "requires": [],
            "exemption": {"name_zh": "x", "name_en": "x"},
        },
        {
            "name_zh": "茶",
            "name_en": "Tea",
            "banned": True,
            "exemption": {"name_zh": "x", "name_en": "x"},
        },
        # a name of spaces names nothing
        {
            "name_zh": "茶",
            "name_en": "Tea",
            "requires": [[{"kind": "food_business"}]],
            "exemption": {"name_zh": "  ", "name_en": "x"},
        },
        # both names are needed, nothing else
        {
            "name_zh": "茶",
            "name_en": "Tea",
            "requires": [[{"kind": "food_business"}]],
            "exemption": {"name_zh": "x"},
        },
        {
            "name_zh": "茶",
            "name_en": "Tea",
            "requires": [[{"kind": "food_business"}]],
            "exemption": {"name_zh": "x", "name_en": "x", "list": []},
        },
    ],
)
def test_a_bad_exemption_is_a_config_error_naming_the_category(category: dict[str, Any]) -> None:
    text = json.dumps({"version": "1", "categories": {"tea": category}}, ensure_ascii=False)
    with pytest.raises(ConfigError, match=r"categories\.tea"):
        parse_category_policy(text, source="mine.json")


# --------------------------------------------------------------------------- other checks


def test_the_registry_scope_check_reads_paths_too() -> None:
    made = record("pharmacy", ["医药健康 > 处方药"])
    registry = MockRegistry(name="test-registry")
    registry.add_merchant(made, scope="日用百货销售")
    report = verify(made, as_of=AS_OF, registry=registry)
    finding = next(f for f in report.findings if f.code == "registry.scope_not_covering")
    assert finding.ctx["category"] == "prescription_drugs"
    assert finding.path == ("categories", 0)


def test_own_produce_read_from_a_joined_leaf_keeps_the_natural_person_exemption() -> None:
    made = record("natural_person", ["水果/蔬菜"])
    made["declared_annual_turnover_yuan"] = 150_000
    codes = [f.code for f in verify(made, as_of=AS_OF).findings]
    assert "merchant.exemption_own_produce" in codes
    made["categories"] = ["水果/宠物"]
    codes = [f.code for f in verify(made, as_of=AS_OF).findings]
    assert "merchant.exemption_exceeded" in codes


# --------------------------------------------------------------------------- traditional


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("醫藥健康 > 隱形眼鏡", "隐形眼镜"),
        ("預包裝食品／散裝食品", "预包装食品/散装食品"),
        ("處方藥", "处方药"),
        ("煙花爆竹", "烟花爆竹"),
    ],
)
def test_traditional_entries_are_judged_like_simplified_ones(
    traditional: str, simplified: str
) -> None:
    for profile in ("food_shop", "pharmacy", "device_seller"):
        assert outcome(verify(record(profile, [traditional]), as_of=AS_OF)) == outcome(
            verify(record(profile, [simplified]), as_of=AS_OF)
        ), profile


def test_a_scope_written_in_traditional_characters_is_read() -> None:
    made = record("food_shop", ["散装食品"])
    licence = next(doc for doc in made["documents"] if doc["kind"] == "food_business")
    licence["scope"] = "預包裝食品銷售；散裝食品銷售（不含散裝熟食）"
    assert outcome(verify(made, as_of=AS_OF)) == (Decision.PASS, [])
    licence["scope"] = "預包裝食品銷售（不含散裝食品）"
    report = verify(made, as_of=AS_OF)
    assert outcome(report) == (Decision.REVIEW, ["category.scope_not_covering"])


# --- names of restricted categories inside an unknown value: category.mentions_restricted


@pytest.mark.parametrize(
    ("declared", "name", "category"),
    [
        ("电子烟及配件", "电子烟", "e_cigarettes"),
        ("食品，电子烟", "电子烟", "e_cigarettes"),  # a list written with a comma: one value
        ("日用百货 > 电子烟配件", "电子烟", "e_cigarettes"),
        ("Vape accessories", "vape", "e_cigarettes"),
        ("弹药箱", "弹药", "guns_explosives"),  # a hint only: a storage box is no ammunition
        ("仿真枪玩具", "仿真枪", "guns_explosives"),
        ("农药喷雾器", "农药", "pesticides"),
        ("電子煙油加熱器", "电子烟油", "e_cigarettes"),  # traditional; the longest name
    ],
)
def test_an_unknown_value_holding_a_restricted_name_is_reviewed_with_a_hint(
    declared: str, name: str, category: str
) -> None:
    report = verify(record("food_shop", [declared]), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    hints = [f for f in report.findings if f.code == "category.mentions_restricted"]
    assert [(f.ctx["found"], f.ctx["category"], f.json_path) for f in hints] == [
        (name, category, "$.categories[0]")
    ]
    assert "category.unknown" in report.codes
    assert name in hints[0].message_zh or name in hints[0].message


@pytest.mark.parametrize(
    "declared",
    [
        "运动鞋",  # unknown, no restricted name in it
        "vapeur",  # a Latin name counts only as a whole word
        "烟",  # one Chinese character is no name
        "电子烟",  # named whole: banned, not a hint
        "日用百货 > 烟花 > 礼花弹",  # the path names fireworks: judged, not hinted
    ],
)
def test_no_hint_without_a_restricted_name_or_when_the_value_names_the_category(
    declared: str,
) -> None:
    report = verify(record("food_shop", [declared]), as_of=AS_OF)
    assert "category.mentions_restricted" not in report.codes


def test_a_policy_can_make_the_hint_a_rejection() -> None:
    strict = Policy(decisions={"category.mentions_restricted": "fail"})
    report = verify(record("food_shop", ["电子烟及配件"]), as_of=AS_OF, policy=strict)
    assert report.decision is Decision.FAIL
    assert (
        verify(record("food_shop", ["运动鞋"]), as_of=AS_OF, policy=strict).decision
        is Decision.REVIEW
    )


def test_the_hint_quotes_the_value_scrubbed() -> None:
    from qualcheck.testing import make_ric

    number = make_ric()
    report = verify(record("food_shop", [f"电子烟配件 {number}"]), as_of=AS_OF)
    assert number not in report.to_json()
    assert "category.mentions_restricted" in report.codes
