"""Coverage: declared categories against the bundled (or an overriding) category policy."""

from __future__ import annotations

import datetime
import json
import os
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import qualcheck
from qualcheck import numbers
from qualcheck._codes import Finding, Severity, lookup
from qualcheck._decision import Decision
from qualcheck._verify import Verifier
from qualcheck.checks import CheckSkipped, CheckSpec, Context
from qualcheck.checks.categories import (
    _FAST_PARTS,
    Category,
    Treatment,
    assess_coverage,
    category_policy_for,
    load_category_policy,
    normalize_name,
    parse_category_policy,
)
from qualcheck.checks.coverage import CODES, coverage
from qualcheck.exceptions import ConfigError
from qualcheck.models import Merchant
from qualcheck.policy import Policy
from qualcheck.testing import (
    make_cma,
    make_cnca,
    make_device_business,
    make_drug_business,
    make_drug_info,
    make_food_business,
    make_food_filing,
    make_food_production,
    make_uscc,
)

AS_OF = datetime.date(2026, 11, 29)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "categories.md"
POLICY = load_category_policy()
COVERAGE = CheckSpec("coverage", coverage, tuple(CODES), "coverage")
RNG = random.Random(20261129)
USCC = make_uscc(rng=RNG)


def jy(form: int, scope: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "kind": "food_business",
        "number": make_food_business(form=form, rng=RNG),
    }
    if scope is not None:
        doc["scope"] = scope
    return doc


def yb(scope: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"kind": "food_filing", "number": make_food_filing(rng=RNG)}
    if scope is not None:
        doc["scope"] = scope
    return doc


def sc(kind: int = 1, category: int | None = None) -> dict[str, Any]:
    number = make_food_production(kind=kind, category=category, rng=RNG)
    return {"kind": "food_production", "number": number}


def drug(business_type: str, legacy: bool = False) -> dict[str, Any]:
    number = make_drug_business(business_type=business_type, legacy=legacy, rng=RNG)
    return {"kind": "drug_business", "number": number}


def device(filing: bool) -> dict[str, Any]:
    return {"kind": "device_business", "number": make_device_business(filing=filing, rng=RNG)}


CNCA = {"kind": "cnca", "number": make_cnca(rng=RNG)}
CMA = {"kind": "cma", "number": make_cma(rng=RNG)}
DRUG_INFO = {"kind": "drug_info", "number": make_drug_info(rng=RNG)}
LICENCE = {"kind": "business_license", "number": USCC}


def record(categories: list[str], *documents: dict[str, Any]) -> dict[str, Any]:
    return {
        "subject_type": "enterprise",
        "name": "示例商贸有限公司",
        "uscc": USCC,
        "categories": categories,
        "documents": [LICENCE, *documents],
    }


def merchant(categories: list[str], *documents: dict[str, Any]) -> Merchant:
    return Merchant.model_validate(record(categories, *documents))


def run(m: Merchant, policy: Policy | None = None) -> list[Finding]:
    return list(coverage(m, Context(as_of=AS_OF, policy=policy or Policy())))


def codes(m: Merchant, policy: Policy | None = None) -> list[str]:
    return [finding.code for finding in run(m, policy)]


# --------------------------------------------------------------------------- the file


def test_bundled_policy_is_documented_and_complete() -> None:
    assert POLICY.version
    assert POLICY.sources
    treatments = {category.treatment for category in POLICY}
    assert treatments == set(Treatment)
    for category in POLICY:
        assert category.basis, f"{category.id} cites no legal basis"
        assert category.aliases, f"{category.id} has no alias"
        if category.treatment is Treatment.REQUIRES_DOCUMENTS:
            assert category.required_en
            assert category.required_zh
        if category.treatment is Treatment.SPECIAL_PERMIT:
            assert category.permit_zh
            assert category.permit_en


def test_bundled_policy_is_cached() -> None:
    assert load_category_policy() is POLICY
    assert category_policy_for(None) is POLICY


@pytest.mark.parametrize(
    "category_id",
    [
        "general_goods",
        "edible_agricultural_products",
        "prepackaged_food",
        "food_sales",
        "bulk_food",
        "catering",
        "own_produced_food",
        "health_food",
        "otc_drugs",
        "prescription_drugs",
        "drug_information_services",
        "vaccines",
        "blood_products",
        "narcotic_drugs",
        "psychotropic_drugs",
        "medical_toxic_drugs",
        "radioactive_drugs",
        "drug_precursor_chemicals",
        "hospital_preparations",
        "tcm_formula_granules",
        "drugs_banned_online_retail",
        "medical_devices_class_1",
        "medical_devices_class_2",
        "medical_devices_class_3",
        "certification_services",
        "testing_services",
        "hazardous_chemicals",
        "fireworks",
        "guns_explosives",
        "pathogenic_strains",
        "radioactive_sources",
        "stupefying_drugs",
        "special_supply_goods",
        "military_police_insignia",
        "national_medals_honours",
        "martyr_certificates",
        "counterfeit_certificates_reports",
    ],
)
def test_the_brief_s_categories_are_there(category_id: str) -> None:
    assert category_id in POLICY.categories


@pytest.mark.parametrize("category", list(POLICY), ids=lambda category: category.id)
def test_every_category_resolves_by_id_names_and_alias(category: Category) -> None:
    assert POLICY.resolve(category.id) is category
    assert POLICY.resolve(category.name_zh) is category
    assert POLICY.resolve(category.name_en) is category
    assert POLICY.resolve(category.aliases[0]) is category
    assert POLICY.resolve(f"  {category.id.upper()} ") is category


@pytest.mark.parametrize(
    ("declared", "category_id"),
    [
        ("餐饮", "catering"),
        ("ＯＴＣ", "otc_drugs"),  # full-width letters
        ("otc", "otc_drugs"),
        ("保健 食品", "health_food"),  # inner space
        ("Pre-Packaged Food", "prepackaged_food"),
        ("第三类医疗器械", "medical_devices_class_3"),
        ("特供", "special_supply_goods"),
        ("仿真枪", "guns_explosives"),
        ("危化品", "hazardous_chemicals"),
        # the campaign's 风险关 list: gold-leaf food and wild Yangtze catch are banned
        ("金箔酒", "gold_silver_foil_food"),
        ("可食用金箔", "gold_silver_foil_food"),
        ("长江野生鱼", "yangtze_illegal_catch"),
        ("长江野生刀鱼", "yangtze_illegal_catch"),
    ],
)
def test_declared_names_are_normalised(declared: str, category_id: str) -> None:
    found = POLICY.resolve(declared)
    assert found is not None
    assert found.id == category_id


def test_unknown_names_resolve_to_none() -> None:
    assert POLICY.resolve("宠物用品") is None
    assert POLICY.resolve("") is None


def test_documentation_lists_every_category() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [category.id for category in POLICY if f"`{category.id}`" not in text]
    assert missing == []


def test_fast_parts_agree_with_the_decoders() -> None:
    rng = random.Random(7)
    makers: dict[str, Callable[[], str]] = {
        "food_business": lambda: make_food_business(rng=rng),
        "food_production": lambda: make_food_production(rng=rng),
        "drug_business": lambda: make_drug_business(
            business_type=rng.choice("ABCD"),
            legal_person=rng.choice("AB"),
            legacy=rng.random() < 0.3,
            rng=rng,
        ),
        "device_business": lambda: make_device_business(filing=rng.random() < 0.5, rng=rng),
    }
    for _ in range(300):
        for (kind, part), fast in _FAST_PARTS.items():
            number = numbers.get(kind).validate(makers[kind]())
            assert fast(number) == getattr(numbers.get(kind).parse(number), part), (kind, number)


# --------------------------------------------------------------------------- coverage

COVERED: list[tuple[str, list[dict[str, Any]]]] = [
    ("general_goods", []),
    ("edible_agricultural_products", []),
    ("medical_devices_class_1", []),
    ("prepackaged_food", [yb()]),
    ("prepackaged_food", [jy(1)]),
    ("prepackaged_food", [jy(2, "热食类食品制售；预包装食品销售")]),
    ("prepackaged_food", [jy(2)]),  # no scope given: nothing to hold against it
    ("food_sales", [jy(1)]),
    ("bulk_food", [jy(1, "预包装食品销售、散装食品销售")]),
    ("bulk_food", [jy(1)]),
    ("catering", [jy(2)]),
    ("own_produced_food", [sc()]),
    ("own_produced_food", [sc(kind=2)]),
    ("health_food", [yb("预包装食品（含保健食品）")]),
    ("health_food", [jy(1, "特殊食品销售（保健食品）")]),
    ("health_food", [sc(kind=1, category=27)]),
    ("infant_formula", [jy(1, "特殊食品销售（婴幼儿配方乳粉）")]),
    ("infant_formula", [sc(kind=1, category=29)]),
    ("otc_drugs", [drug("C")]),
    ("otc_drugs", [drug("D")]),
    ("otc_drugs", [drug("D", legacy=True)]),
    ("prescription_drugs", [drug("D")]),
    ("drug_wholesale", [drug("A")]),
    ("drug_information_services", [DRUG_INFO]),
    ("medical_devices_class_2", [device(filing=True)]),
    ("medical_devices_class_2", [device(filing=False)]),
    ("medical_devices_class_3", [device(filing=False)]),
    ("certification_services", [CNCA]),
    ("testing_services", [CMA]),
    ("pet_food", []),  # feed: trading it needs no licence
    ("cooked_food", [jy(1, "散装食品销售（含散装熟食）")]),
    ("cooked_food", [jy(1)]),
    ("special_medical_purpose_food", [jy(1, "特殊食品销售（特殊医学用途配方食品）")]),
    ("special_medical_purpose_food", [yb("预包装食品（含特殊食品）销售")]),
    ("special_medical_purpose_food", [sc(kind=1, category=28)]),
    ("tcm_decoction_pieces", [drug("D")]),
    ("tcm_decoction_pieces", [drug("C")]),
    # one unsuitable and one right document: covered
    ("catering", [jy(1), jy(2)]),
    ("medical_devices_class_3", [device(filing=True), device(filing=False)]),
]


@pytest.mark.parametrize(("category_id", "documents"), COVERED)
def test_covered(category_id: str, documents: list[dict[str, Any]]) -> None:
    m = merchant([category_id], *documents)
    assert codes(m) == []
    assert assess_coverage(POLICY.categories[category_id], m.documents).covered


MISSING: list[tuple[str, list[dict[str, Any]]]] = [
    ("prepackaged_food", []),
    ("food_sales", [yb()]),  # a filing covers pre-packaged food only
    ("bulk_food", [yb()]),
    ("catering", [sc()]),
    ("own_produced_food", [jy(1)]),
    ("health_food", []),
    ("infant_formula", []),
    ("otc_drugs", [DRUG_INFO]),  # the information certificate is no selling licence
    ("prescription_drugs", []),
    ("drug_wholesale", []),
    ("drug_information_services", [drug("D")]),
    ("medical_devices_class_2", []),
    ("medical_devices_class_3", []),
    ("certification_services", [CMA]),
    ("testing_services", [CNCA]),
    ("cooked_food", []),
    ("special_medical_purpose_food", []),
    ("tcm_decoction_pieces", [DRUG_INFO]),
]


@pytest.mark.parametrize(("category_id", "documents"), MISSING)
def test_license_missing(category_id: str, documents: list[dict[str, Any]]) -> None:
    findings = run(merchant(["general_goods", category_id], *documents))
    assert [finding.code for finding in findings] == ["category.license_missing"]
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.path == ("categories", 1)
    category = POLICY.categories[category_id]
    assert finding.ctx["category"] == category_id
    assert finding.ctx["required_en"] == category.required_en
    assert finding.ctx["required_zh"] == category.required_zh
    assert category.required_en in finding.message
    assert category.required_zh in finding.message_zh


UNSUITABLE: list[tuple[str, list[dict[str, Any]], str, str, str]] = [
    # category, documents, part, actual, expected
    ("catering", [jy(1)], "business_form", "1", "2"),  # a food seller's licence
    ("catering", [jy(3)], "business_form", "3", "2"),  # a unit canteen's
    ("food_sales", [jy(2)], "business_form", "2", "1"),
    ("bulk_food", [jy(3, "散装食品销售")], "business_form", "3", "1"),
    ("prepackaged_food", [jy(3)], "business_form", "3", "1"),
    ("otc_drugs", [drug("A")], "business_type", "A", "C/D"),  # wholesale: no consumers
    ("prescription_drugs", [drug("A", legacy=True)], "business_type", "A", "C/D"),
    ("drug_wholesale", [drug("D")], "business_type", "D", "A"),
    ("medical_devices_class_3", [device(filing=True)], "filing", "true", "false"),
    ("health_food", [sc(kind=1, category=15)], "category", "15", "27"),
    ("infant_formula", [sc(kind=2)], "product_type", "2", "1"),
    ("special_medical_purpose_food", [sc(kind=1, category=27)], "category", "27", "28"),
    ("tcm_decoction_pieces", [drug("A")], "business_type", "A", "C/D"),
    ("cooked_food", [jy(3)], "business_form", "3", "1"),  # a unit canteen's
]


@pytest.mark.parametrize(("category_id", "documents", "part", "actual", "expected"), UNSUITABLE)
def test_license_unsuitable(
    category_id: str, documents: list[dict[str, Any]], part: str, actual: str, expected: str
) -> None:
    findings = run(merchant([category_id], *documents))
    assert [finding.code for finding in findings] == ["category.license_unsuitable"]
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.path == ("categories", 0)
    assert finding.ctx["document"] == 1  # documents[0] is the business licence
    assert finding.ctx["kind"] == documents[0]["kind"]
    assert (finding.ctx["part"], finding.ctx["actual"], finding.ctx["expected"]) == (
        part,
        actual,
        expected,
    )
    assert "documents[1]" in finding.message
    assert "第2份证件" in finding.message_zh  # the 2nd document, counted as people count


def test_two_unsuitable_documents_give_one_finding_each() -> None:
    findings = run(merchant(["catering"], jy(1), jy(3)))
    assert [finding.ctx["document"] for finding in findings] == [1, 2]
    assert {finding.code for finding in findings} == {"category.license_unsuitable"}


def test_unsuitable_boolean_parts_read_in_chinese() -> None:
    (finding,) = run(merchant(["medical_devices_class_3"], device(filing=True)))
    assert "是否为备案：是，应为否" in finding.message_zh
    assert "filing is true, not false" in finding.message


@pytest.mark.parametrize(
    "category_id", [category.id for category in POLICY if category.treatment is Treatment.BANNED]
)
def test_banned(category_id: str) -> None:
    # documents do not help: a banned category is never sellable online
    findings = run(merchant([category_id], drug("D"), jy(1), device(filing=False)))
    assert [finding.code for finding in findings] == ["category.banned"]
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.ctx["basis"] == "; ".join(POLICY.categories[category_id].basis)
    # the Chinese message cites the basis in Chinese (every bundled banned category has it)
    basis_zh = POLICY.categories[category_id].basis_zh
    assert basis_zh
    assert f"禁止网络销售（{'；'.join(basis_zh)}），请下架" in finding.message_zh  # and what to do
    assert not re.search(r"\b(art|para|item)\b", finding.message_zh)


def test_a_banned_category_without_a_chinese_basis_cites_the_basis(tmp_path: Path) -> None:
    path = tmp_path / "categories.json"
    spec = {"name_zh": "假药", "name_en": "Fake drugs", "banned": True, "basis": ["Rule 7"]}
    path.write_text(json.dumps({"version": "t", "categories": {"fake": spec}}), encoding="utf-8")
    findings = run(merchant(["fake"]), Policy(categories_file=path))
    assert (
        findings[0].message_zh == "类目“假药”禁止网络销售（Rule 7），请下架相关商品并删除该类目。"
    )


@pytest.mark.parametrize(
    ("category_id", "permit"),
    [
        ("hazardous_chemicals", "危险化学品经营许可证"),
        ("fireworks", "烟花爆竹经营许可证"),
        ("wild_animals", "野生动物及其制品出售、购买、利用批准文件（或专用标识）"),
        ("police_equipment", "公安机关批准的警械生产、销售资格"),
        ("precursor_chemicals", "非药品类易制毒化学品经营许可证（第一类）或备案证明（第二、三类）"),
        ("cultural_relics", "文物商店批准文件或文物拍卖许可证"),
    ],
)
def test_special_permit(category_id: str, permit: str) -> None:
    findings = run(merchant([category_id]))
    assert [finding.code for finding in findings] == ["category.special_permit"]
    finding = findings[0]
    assert finding.severity is Severity.WARNING
    assert finding.rule
    assert finding.ctx["permit_zh"] == permit
    assert permit in finding.message_zh


def test_unknown_category() -> None:
    findings = run(merchant(["catering", "宠物用品"], jy(2)))
    assert [finding.code for finding in findings] == ["category.unknown"]
    assert findings[0].path == ("categories", 1)
    assert findings[0].ctx == {"declared": "宠物用品"}
    assert findings[0].severity is Severity.WARNING


@pytest.mark.parametrize(
    ("category_id", "documents"),
    [
        ("health_food", [jy(1, "预包装食品销售；散装食品销售")]),
        ("health_food", [yb("预包装食品")]),
        ("infant_formula", [jy(1, "预包装食品销售")]),
        ("bulk_food", [jy(1, "预包装食品销售")]),
        ("prepackaged_food", [jy(2, "热食类食品制售")]),
    ],
)
def test_scope_not_covering(category_id: str, documents: list[dict[str, Any]]) -> None:
    findings = run(merchant([category_id], *documents))
    assert [finding.code for finding in findings] == ["category.scope_not_covering"]
    finding = findings[0]
    assert finding.severity is Severity.WARNING
    assert finding.rule
    assert finding.ctx["document"] == 1
    assert finding.ctx["keywords"]


def test_scope_is_matched_after_normalisation() -> None:
    assert codes(merchant(["bulk_food"], jy(1, "散 装 食 品 销 售"))) == []


def test_chain_headquarters_needs_review() -> None:
    for category_id in ("otc_drugs", "prescription_drugs"):
        findings = run(merchant([category_id], drug("B")))
        assert [finding.code for finding in findings] == ["category.license_needs_review"]
        assert findings[0].severity is Severity.WARNING
        assert "headquarters" in findings[0].message
        assert "连锁总部" in findings[0].message_zh


def test_a_category_declared_twice_is_judged_once() -> None:
    findings = run(merchant(["catering", "餐饮", "外卖"]))
    assert [finding.path for finding in findings] == [("categories", 0)]


def test_no_categories_skips_the_check() -> None:
    with pytest.raises(CheckSkipped, match="no categories declared"):
        run(merchant([]))


def test_messages_are_complete() -> None:
    m = merchant(
        [
            "vaccines",
            "fireworks",
            "catering",
            "health_food",
            "otc_drugs",
            "x",
            "testing_services",
            "血压计",
            "烟花配件",
        ],
        jy(1, "预包装食品销售"),
        drug("B"),
    )
    found = run(m)
    assert {finding.code for finding in found} == set(CODES)
    for finding in found:
        assert not re.search(r"\{\w+", finding.message), finding.message
        assert not re.search(r"\{\w+", finding.message_zh), finding.message_zh
        json.dumps(finding.to_dict(), ensure_ascii=False)


def test_codes_are_defined_with_their_severities() -> None:
    expected = {
        "category.banned": Severity.ERROR,
        "category.license_missing": Severity.ERROR,
        "category.license_unsuitable": Severity.ERROR,
        "category.possibly_exempt": Severity.WARNING,
        "category.special_permit": Severity.WARNING,
        "category.scope_not_covering": Severity.WARNING,
        "category.license_needs_review": Severity.WARNING,
        "category.unknown": Severity.WARNING,
        "category.mentions_restricted": Severity.WARNING,
    }
    assert {code: lookup(code).severity for code in CODES} == expected
    for code, severity in expected.items():
        assert (lookup(code).rule is not None) == (severity is Severity.WARNING), code


# --------------------------------------------------------------------------- override


def write_policy(path: Path, categories: dict[str, Any], version: str = "test-1") -> Path:
    path.write_text(
        json.dumps({"version": version, "categories": categories}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


TEA = {
    "tea": {
        "name_zh": "茶叶",
        "name_en": "Tea",
        "aliases": ["茶"],
        "requires": [[{"kind": "food_business", "business_form": "1"}], [{"kind": "food_filing"}]],
        "basis": ["platform rule"],
    },
    "catering": {"name_zh": "餐饮服务", "name_en": "Catering", "requires": []},
    "vapes": {"name_zh": "电子烟", "name_en": "E-cigarettes", "banned": True},
}


def test_override_file_replaces_the_bundled_policy(tmp_path: Path) -> None:
    policy = Policy(categories_file=write_policy(tmp_path / "mine.json", TEA))
    assert codes(merchant(["茶"], jy(1)), policy) == []
    assert codes(merchant(["茶"], yb()), policy) == []
    assert codes(merchant(["tea"], jy(2)), policy) == ["category.license_unsuitable"]
    assert codes(merchant(["tea"]), policy) == ["category.license_missing"]
    assert codes(merchant(["电子烟"]), policy) == ["category.banned"]
    # the platform allows catering without a licence; the bundled policy knows vaccines
    assert codes(merchant(["catering"]), policy) == []
    assert codes(merchant(["vaccines"]), policy) == ["category.unknown"]


def test_override_default_labels(tmp_path: Path) -> None:
    loaded = load_category_policy(write_policy(tmp_path / "mine.json", TEA))
    assert loaded.version == "test-1"
    assert loaded.categories["tea"].required_en == (
        "one of: food business licence (business_form 1); pre-packaged food sales filing"
    )
    assert loaded.categories["tea"].required_zh == (
        "下列之一：食品经营许可证（主体业态为1）；仅销售预包装食品备案"
    )


def test_override_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    path = write_policy(tmp_path / "mine.json", TEA)
    first = category_policy_for(path)
    assert category_policy_for(path) is first
    write_policy(path, {**TEA, "tea": {**TEA["tea"], "requires": []}}, version="test-2")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = category_policy_for(path)
    assert second.version == "test-2"
    assert codes(merchant(["tea"]), Policy(categories_file=path)) == []


def _bad(**change: Any) -> dict[str, Any]:
    return {"tea": {**TEA["tea"], **change}}


MALFORMED: list[tuple[str, Any, str]] = [
    ("kind", _bad(requires=[[{"kind": "food"}]]), r"categories\.tea\.requires\[0\]\[0\]\.kind"),
    (
        "part",
        _bad(requires=[[{"kind": "food_business", "busines_form": ["1"]}]]),
        r"categories\.tea\.requires\[0\]\[0\].*'busines_form'",
    ),
    (
        "part type",
        _bad(requires=[[{"kind": "food_business", "business_form": [1]}]]),
        r"categories\.tea\.requires\[0\]\[0\].*'business_form': 1 is not a str",
    ),
    (
        "bool part",
        _bad(requires=[[{"kind": "device_business", "filing": "no"}]]),
        r"'filing': 'no' is not a bool",
    ),
    ("two treatments", _bad(banned=True), r"categories\.tea: .*exactly one of"),
    ("no treatment", {"tea": {"name_zh": "茶叶", "name_en": "Tea"}}, r"categories\.tea: "),
    ("unknown key", _bad(banend=True), r"categories\.tea\.banend"),
    ("aliases type", _bad(aliases="茶"), r"categories\.tea\.aliases"),
    ("id", {"Tea": TEA["tea"]}, r"categories: .*'Tea'"),
    (
        "alias clash",
        {
            **TEA,
            "green_tea": {
                "name_zh": "绿茶",
                "name_en": "Green tea",
                "aliases": ["茶"],
                "requires": [],
            },
        },
        r"categories\.green_tea\.aliases\[0\]: '茶' also names category 'tea'",
    ),
    ("review pair", _bad(requires=[[{"kind": "cma", "review_en": "x"}]]), r"review_en"),
]


@pytest.mark.parametrize(
    ("case", "categories", "message"), MALFORMED, ids=[m[0] for m in MALFORMED]
)
def test_malformed_override_names_file_and_field(
    tmp_path: Path, case: str, categories: Any, message: str
) -> None:
    path = write_policy(tmp_path / "bad.json", categories)
    with pytest.raises(ConfigError, match=message) as caught:
        load_category_policy(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", r"Invalid JSON"),
        ('{"categories": {}}', r"version"),
        ('{"version": 2, "categories": {"a": {}}}', r"version"),
        ('{"version": "1", "categories": {}}', r"categories"),
        ("[]", r"invalid category policy"),
    ],
)
def test_malformed_text(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_category_policy(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read category policy"):
        load_category_policy(tmp_path / "nope.json")
    with pytest.raises(ConfigError, match=r"nope\.json"):
        category_policy_for(tmp_path / "nope.json")


def test_parse_from_text() -> None:
    loaded = parse_category_policy(json.dumps({"version": "1", "categories": TEA}))
    assert loaded.resolve("茶") is loaded.categories["tea"]
    assert len(loaded) == 3
    assert "test" not in repr(loaded)


def test_normalize_name() -> None:
    assert normalize_name("　ＯＴＣ　药品 ") == "otc药品"


# --------------------------------------------------------------------------- engine


def verify_only_coverage(data: dict[str, Any], policy: Policy | None = None) -> Any:
    return Verifier(checks=[COVERAGE], policy=policy).verify(data, as_of=AS_OF)


@pytest.mark.parametrize(
    ("data", "decision", "found"),
    [
        (record(["餐饮"], jy(2)), Decision.PASS, ()),
        (record(["餐饮"], jy(1)), Decision.FAIL, ("category.license_unsuitable",)),
        (record(["非处方药"], drug("A")), Decision.FAIL, ("category.license_unsuitable",)),
        (record(["非处方药"], drug("B")), Decision.REVIEW, ("category.license_needs_review",)),
        (record(["烟花"]), Decision.REVIEW, ("category.special_permit",)),
        (record(["疫苗", "宠物"]), Decision.FAIL, ("category.banned", "category.unknown")),
        (record(["第三类医疗器械"]), Decision.FAIL, ("category.license_missing",)),
    ],
)
def test_verifier_decisions(data: dict[str, Any], decision: Decision, found: tuple[str]) -> None:
    report = verify_only_coverage(data)
    assert report.decision is decision
    assert report.codes == found
    for finding in report.findings:
        assert finding.check == "coverage"
        assert finding.json_path.startswith("$.categories[")


def test_verifier_records_skip_without_categories() -> None:
    report = verify_only_coverage(record([]))
    assert report.decision is Decision.PASS
    assert [(c.name, c.status, c.reason) for c in report.checks] == [
        ("coverage", "skipped", "no categories declared")
    ]


def test_a_broken_override_file_is_refused_with_the_policy(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.json"):
        Policy(categories_file=path)


def test_an_override_file_broken_later_makes_review_not_pass(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    bundled = Path(qualcheck.__file__).parent / "data" / "categories.json"
    path.write_text(bundled.read_text(encoding="utf-8"), encoding="utf-8")
    policy = Policy(categories_file=path)
    path.write_text("{", encoding="utf-8")  # edited into a broken file while in use
    report = verify_only_coverage(record(["餐饮"], jy(2)), policy)
    assert report.decision is Decision.REVIEW
    assert report.codes == ("engine.check_error",)


def test_bundled_checks_end_to_end() -> None:
    """With every bundled check: the coverage findings are there and decide the outcome."""
    report = Verifier().verify(record(["疫苗", "餐饮"], jy(1)), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    category_codes = [code for code in report.codes if code.startswith("category.")]
    assert category_codes == ["category.banned", "category.license_unsuitable"]
    assert any(c.name == "coverage" and c.status == "failed" for c in report.checks)


def _all_findings(data: dict[str, Any]) -> Iterator[str]:
    for finding in Verifier().iter_findings(data, as_of=AS_OF):
        yield finding.code


def test_iter_findings_streams_coverage() -> None:
    assert "category.banned" in set(_all_findings(record(["烟花爆竹", "迷药"])))


def test_every_number_part_a_category_file_may_constrain_has_a_chinese_name() -> None:
    from qualcheck.checks.categories import _part_types, part_name_zh
    from qualcheck.models import DOCUMENT_KINDS

    for kind in DOCUMENT_KINDS:
        for part, types in _part_types(kind).items():
            if types:  # a part a requirement can constrain
                assert re.search(r"[\u4e00-\u9fff]", part_name_zh(part)), (kind, part)


def test_broader_names_are_read_and_checked() -> None:
    tea = {
        **TEA["tea"],
        "broader": {"绿茶": ["茶叶", "茶"], " ": ["茶"]},
        "synonyms": [["茶叶", "茶"]],
    }
    loaded = parse_category_policy(json.dumps({"version": "1", "categories": {"tea": tea}}))
    assert loaded.categories["tea"].broader == (("绿茶", ("茶叶", "茶")),)
    bad = {**TEA["tea"], "broader": {"绿茶": "茶叶"}}
    with pytest.raises(ConfigError, match=r"categories\.tea\.broader\.绿茶"):
        parse_category_policy(json.dumps({"version": "1", "categories": {"tea": bad}}))
