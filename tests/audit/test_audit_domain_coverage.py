"""Audit, domain: declared sales categories against the documents they need.

Reference: domain.md §10.6 (category gating), §4 (food), §5 (drugs, prohibited list §5.5),
§6 (devices), §7 (certification, CMA); docs/categories.md (the bundled policy and its
decisions); the issue's list of banned / special-permit goods.  registries-and-users.md
§6.2 "Scope covers sold categories ... match category keywords; ambiguous → review".
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, verify
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
REGION = "330106"
USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(41))
NAME = "杭州示例商贸有限公司"


def _rng(seed: int) -> random.Random:
    return random.Random(seed)


JY = {form: make_food_business(form=form, region=REGION, rng=_rng(42)) for form in (1, 2, 3)}
YB = make_food_filing(form=2, region=REGION, rng=_rng(43))
SC_LIQUOR = make_food_production(kind=1, category=15, region=REGION, rng=_rng(44))
SC_HEALTH = make_food_production(kind=1, category=27, region=REGION, rng=_rng(44))
SC_INFANT = make_food_production(kind=1, category=29, region=REGION, rng=_rng(44))
DRUG = {t: make_drug_business(business_type=t, province="33", rng=_rng(45)) for t in "ABCD"}
DRUG_LEGACY_D = make_drug_business(business_type="D", province="33", legacy=True, rng=_rng(45))
DRUG_INFO = make_drug_info(paid=False, year=2022, province="33", rng=_rng(46))
DEVICE_LICENCE = make_device_business(filing=False, year=2023, province="33", rng=_rng(47))
DEVICE_FILING = make_device_business(filing=True, year=2021, province="33", rng=_rng(47))
CNCA = make_cnca(rng=_rng(48))
CMA = make_cma(year=2022, authority="浙", rng=_rng(49))

TERM = {"valid_from": "2024-03-01", "valid_to": "2029-02-28"}
"""A five-year term in force on AS_OF."""


def _document(kind: str, number: str, **fields: Any) -> dict[str, Any]:
    document = {"kind": kind, "number": number, "holder_name": NAME, "holder_uscc": USCC}
    if kind not in ("food_filing",):
        document.update(TERM)
    document.update(fields)
    return document


def _seller(categories: Any, *documents: dict[str, Any]) -> dict[str, Any]:
    return {
        "merchant_id": "audit-domain-coverage",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "legal_representative": {"name": "张三"},
        "categories": categories,
        "documents": [
            {
                "kind": "business_license",
                "number": USCC,
                "holder_name": NAME,
                "legal_representative": "张三",
                "validity": "2019-04-02至长期",
            },
            *documents,
        ],
    }


def _judge(categories: Any, *documents: dict[str, Any]) -> tuple[Decision, list[str]]:
    report = verify(_seller(categories, *documents), as_of=AS_OF)
    return report.decision, [f.code for f in report.findings]


# --------------------------------------------------------------- food (domain.md §4, §10.6)


@pytest.mark.parametrize(
    ("categories", "documents", "decision", "codes"),
    [
        # pre-packaged food only -> filing or JY
        (["预包装食品"], [_document("food_filing", YB)], Decision.PASS, []),
        (["仅销售预包装食品"], [_document("food_business", JY[1])], Decision.PASS, []),
        (
            ["预包装食品"],
            [_document("food_business", JY[2], scope="热食类食品制售；预包装食品销售")],
            Decision.PASS,
            [],
        ),
        # a unit canteen does not sell to the public (docs/categories.md)
        (
            ["预包装食品"],
            [_document("food_business", JY[3])],
            Decision.FAIL,
            ["category.license_unsuitable"],
        ),
        # other food sales / bulk food -> JY (a filing is not enough)
        (
            ["预包装食品", "散装食品"],
            [_document("food_filing", YB)],
            Decision.FAIL,
            ["category.license_missing"],
        ),
        (["食品销售"], [_document("food_filing", YB)], Decision.FAIL, ["category.license_missing"]),
        (
            ["散装食品"],
            [_document("food_business", JY[1], scope="预包装食品销售；散装食品销售")],
            Decision.PASS,
            [],
        ),
        (
            ["散装食品"],
            [_document("food_business", JY[1], scope="预包装食品销售（不含冷藏冷冻食品）")],
            Decision.REVIEW,
            ["category.scope_not_covering"],
        ),
        # catering -> JY form 2; a food seller's JY (form 1) or a canteen's (3) is unsuitable
        (["餐饮"], [_document("food_business", JY[2])], Decision.PASS, []),
        (
            ["外卖"],
            [_document("food_business", JY[1])],
            Decision.FAIL,
            ["category.license_unsuitable"],
        ),
        (
            ["餐饮服务"],
            [_document("food_business", JY[3])],
            Decision.FAIL,
            ["category.license_unsuitable"],
        ),
        # own-produced food -> SC
        (["自产食品"], [_document("food_production", SC_LIQUOR)], Decision.PASS, []),
        (
            ["餐饮"],
            [_document("food_production", SC_LIQUOR)],
            Decision.FAIL,
            ["category.license_missing"],
        ),
        # special foods
        (["保健食品"], [_document("food_production", SC_HEALTH)], Decision.PASS, []),
        (
            ["保健食品"],
            [_document("food_production", SC_LIQUOR)],
            Decision.FAIL,
            ["category.license_unsuitable"],
        ),
        (
            ["保健品"],
            [_document("food_business", JY[1], scope="预包装食品销售；保健食品销售")],
            Decision.PASS,
            [],
        ),
        (["婴幼儿配方乳粉"], [_document("food_production", SC_INFANT)], Decision.PASS, []),
        # licence-free
        (["普通商品", "食用农产品", "一类医疗器械"], [], Decision.PASS, []),
    ],
    ids=[
        "prepack-filing",
        "prepack-jy1",
        "prepack-jy2-scope",
        "prepack-canteen",
        "bulk-filing-only",
        "food-sales-filing-only",
        "bulk-jy1-scope",
        "bulk-jy1-prepack-scope",
        "catering-jy2",
        "takeaway-jy1",
        "catering-canteen",
        "own-produced-sc",
        "catering-sc-only",
        "health-sc27",
        "health-sc15",
        "health-jy1-scope",
        "infant-sc29",
        "licence-free",
    ],
)
def test_food_categories(
    categories: list[str], documents: list[dict[str, Any]], decision: Decision, codes: list[str]
) -> None:
    got_decision, got_codes = _judge(categories, *documents)
    assert (got_decision, got_codes) == (decision, codes)


def test_bulk_cooked_food_excluded_by_the_licence_scope_is_not_passed() -> None:
    # 散装熟食 is declared (the bundled policy's alias of bulk food); the seller's JY lists
    # "散装食品销售（不含散装熟食）" -- bulk food sales *excluding* bulk cooked food, the very
    # item the project's own examples print.  The scope does not cover the category: the
    # keyword 散装食品 appears only in an item that excludes what is sold.
    # registries-and-users.md §6.2: scope must cover the sold categories, ambiguous → review;
    # code category.scope_not_covering ("a person reads the scope").  Never a pass.
    documents = [
        _document(
            "food_business",
            JY[1],
            scope="预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）",
        )
    ]
    decision, codes = _judge(["散装熟食"], *documents)
    assert decision is not Decision.PASS, codes
    assert any(code.startswith("category.") for code in codes)


# --------------------------------------------------------------- drugs (domain.md §5, §10.6)


@pytest.mark.parametrize(
    ("business_type", "decision", "code"),
    [
        ("A", Decision.FAIL, "category.license_unsuitable"),  # wholesale: not to consumers
        ("B", Decision.REVIEW, "category.license_needs_review"),  # chain HQ: confirm
        ("C", Decision.PASS, None),
        ("D", Decision.PASS, None),
    ],
)
@pytest.mark.parametrize(
    "category", ["处方药", "非处方药", "OTC", "ＯＴＣ", "甲类非处方药", "药品"]
)
def test_drug_retail_needs_c_or_d(
    category: str, business_type: str, decision: Decision, code: str | None
) -> None:
    got_decision, codes = _judge([category], _document("drug_business", DRUG[business_type]))
    assert got_decision is decision, codes
    assert codes == ([code] if code else [])


def test_legacy_retail_drug_licence_covers_otc() -> None:
    decision, codes = _judge(["非处方药"], _document("drug_business", DRUG_LEGACY_D))
    assert decision is Decision.PASS, codes


def test_wholesale_licence_covers_wholesale() -> None:
    assert _judge(["药品批发"], _document("drug_business", DRUG["A"])) == (Decision.PASS, [])


def test_drug_information_certificate_is_not_a_selling_licence() -> None:
    # domain.md §5.3: the certificate is not itself a selling licence
    decision, codes = _judge(["非处方药"], _document("drug_info", DRUG_INFO))
    assert (decision, codes) == (Decision.FAIL, ["category.license_missing"])


def test_prescription_drugs_on_an_otc_only_retail_licence_are_not_passed() -> None:
    # A pharmacy (D) whose licence lists only 乙类非处方药 -- the class of retail licence held
    # by supermarkets and shops that may sell only class-B OTC drugs -- declares
    # prescription drugs.  domain.md §10.6: drugs need a 药品经营许可证 "with retail scope";
    # registries-and-users.md §6.2: the licence scope must cover the sold categories
    # (ambiguous → review).  The licence's scope plainly does not list prescription drugs,
    # so the seller cannot be passed for them.
    document = _document("drug_business", DRUG["D"], scope="乙类非处方药")
    decision, codes = _judge(["处方药"], document)
    assert decision is not Decision.PASS, codes


@pytest.mark.parametrize(
    "category",
    [
        "疫苗",
        "血液制品",
        "人血白蛋白",
        "麻醉药品",
        "精神药品",
        "第二类精神药品",
        "医疗用毒性药品",
        "放射性药品",
        "药品类易制毒化学品",
        "医疗机构制剂",
        "中药配方颗粒",
        "含麻黄碱类复方制剂",
        "右美沙芬口服单方制剂",
        "非降糖类注射剂",
    ],
)
def test_drugs_banned_online_fail_whatever_the_licence(category: str) -> None:
    # domain.md §5.5 (NMPA 2022 No. 111 prohibited list) and 药品管理法 art. 61 [L]
    decision, codes = _judge([category], _document("drug_business", DRUG["D"]))
    assert (decision, codes) == (Decision.FAIL, ["category.banned"])


# --------------------------------------------------------------- devices (domain.md §6)


@pytest.mark.parametrize(
    ("category", "document", "decision", "codes"),
    [
        ("第二类医疗器械", _document("device_business", DEVICE_FILING), Decision.PASS, []),
        ("二类医疗器械", _document("device_business", DEVICE_LICENCE), Decision.PASS, []),
        ("第三类医疗器械", _document("device_business", DEVICE_LICENCE), Decision.PASS, []),
        (
            "三类器械",
            _document("device_business", DEVICE_FILING),
            Decision.FAIL,
            ["category.license_unsuitable"],
        ),
        ("第三类医疗器械", None, Decision.FAIL, ["category.license_missing"]),
        ("第二类医疗器械", None, Decision.FAIL, ["category.license_missing"]),
        ("一类医疗器械", None, Decision.PASS, []),
    ],
    ids=[
        "ii-filing",
        "ii-licence",
        "iii-licence",
        "iii-filing",
        "iii-nothing",
        "ii-nothing",
        "i-nothing",
    ],
)
def test_device_classes(
    category: str, document: dict[str, Any] | None, decision: Decision, codes: list[str]
) -> None:
    documents = [document] if document else []
    assert _judge([category], *documents) == (decision, codes)


# --------------------------------------------------------------- services (domain.md §7)


@pytest.mark.parametrize(
    ("category", "document", "decision"),
    [
        ("认证服务", _document("cnca", CNCA), Decision.PASS),
        ("检验检测", _document("cma", CMA), Decision.PASS),
        ("认证服务", _document("cma", CMA), Decision.FAIL),  # a CMA is not a CNCA approval
        ("检验检测服务", _document("cnca", CNCA), Decision.FAIL),
    ],
    ids=["cnca", "cma", "cert-with-cma", "testing-with-cnca"],
)
def test_services(category: str, document: dict[str, Any], decision: Decision) -> None:
    got, codes = _judge([category], document)
    assert got is decision, codes


# --------------------------------------------------------------- banned / special permit


@pytest.mark.parametrize(
    "category",
    [
        "枪支",
        "仿真枪",
        "民用爆炸物品",
        "高致病性病原微生物菌株",
        "放射性同位素",
        "射线装置",
        "迷药",
        "特供酒",
        "专供",
        "内供",
        "军警标识",
        "警服",
        "国家勋章",
        "虚假检验检测报告",
        "虚假认证证书",
    ],
)
def test_banned_goods_fail(category: str) -> None:
    assert _judge(["普通商品", category]) == (Decision.FAIL, ["category.banned"])


@pytest.mark.parametrize("category", ["烟花爆竹", "鞭炮", "危险化学品", "危化品"])
def test_special_permit_goods_are_review(category: str) -> None:
    assert _judge([category]) == (Decision.REVIEW, ["category.special_permit"])


@pytest.mark.parametrize(
    "categories",
    [
        ["　预包装食品　"],
        ["预包装 食品"],
        ["Prepackaged Food"],
        "预包装食品，普通商品",
        ["prepackaged_food"],
    ],
    ids=["ideographic-spaces", "inner-space", "english", "string-fullwidth-comma", "id"],
)
def test_category_spellings(categories: Any) -> None:
    assert _judge(categories, _document("food_filing", YB)) == (Decision.PASS, [])


@pytest.mark.parametrize("category", ["奶粉", "刀具", "医疗器械", "宠物"])
def test_unknown_category_is_review(category: str) -> None:
    assert _judge([category]) == (Decision.REVIEW, ["category.unknown"])
