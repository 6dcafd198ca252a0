"""Audit, end to end: ``qualcheck.verify`` on seller records as a Chinese platform hands them over.

Every scenario is a complete record of a kind of seller platforms onboard — subject type,
registered name, USCC, legal representative (or operator, or person in charge), contact
phone, declared categories, and the documents with holder names, numbers, terms, issuing
authorities and scopes as printed on real licences, in the forms platforms store them
(``2024年11月23日``, ``20241123``, millisecond timestamps, ``长期``; scopes as one string
joined with ``，``, ``；`` and ``、``).  The expected decision and findings come from the law
as the reference states it and from the documented category policy, not from what the code
outputs today:

* /work/shared/reference/domain.md §4 (food: 食品安全法 art. 35 — licence for food sale and
  catering, filing for pre-packaged food only, none for 食用农产品, a producer's own food
  under its SC; special foods art. 74; JY business forms 1/2/3; SC categories 14 茶叶,
  27 保健食品), §5 (drugs: retail licence C/D, wholesale A may not sell to individuals,
  chain headquarters B; the prohibited list §5.5), §6 (devices: class III licence, class II
  filing, class I nothing; licence 5 years, filings never expire), §7 (CNCA-R/RF approval,
  CMA certificate valid 6 years), §8 (platform duties; the natural-person exemption of
  网络交易监督管理办法 art. 8: at most 100,000 yuan a year over all shops; 电子商务法 art. 10:
  own farm produce and handicrafts), §10 (category gating, temporal validity);
* docs/categories.md — the bundled policy and its "Decisions and doubts" (what it reviews
  on purpose: ``category.unknown``, ``category.possibly_exempt``,
  ``category.license_needs_review`` for department names and chain headquarters …);
* docs/verify.md and docs/models.md — codes, paths, date forms, privacy.

Each scenario asserts the decision and the exact set of findings that are not ``info``
(code and path).  Invariants are asserted on every scenario: a report never passes a record
that lacks a document the law requires or holds one that is expired or not yet valid;
``report.to_json()`` holds no resident-ID or phone number of the input; every finding names
a path that exists in the record as given (a finding about a missing field names a field of
an object that exists).  Personal numbers are generated (``make_ric``): they belong to nobody.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import random
import re
from collections.abc import Mapping
from typing import Any

import pytest
from pydantic import ValidationError

from qualcheck import Decision, Report, Severity, verify
from qualcheck.models import DeviceBusinessLicense, document_adapter
from qualcheck.testing import (
    make_cma,
    make_cnca,
    make_device_business,
    make_drug_business,
    make_drug_info,
    make_food_business,
    make_food_filing,
    make_food_production,
    make_ric,
    make_uscc,
)

AS_OF = datetime.date(2026, 11, 29)


def _rng(seed: int) -> random.Random:
    return random.Random(seed)


# --------------------------------------------------------------------------- numbers
# USCCs: type 1 under authority 9 is an enterprise (91…), 2 an individual business (92…),
# 3 a farmers' co-operative (93…); the region is where the seller is registered.

XIHU, BINJIANG, GONGSHU, CHUN_AN = "330106", "330108", "330105", "330127"
ANXI, NANSHAN, PUDONG, CHAOYANG = "350524", "440305", "310115", "110105"


def _uscc(entity_type: str, region: str, seed: int) -> str:
    return make_uscc(entity_type=entity_type, region=region, rng=_rng(seed))


def _ric(birth: datetime.date, seed: int) -> str:
    """A generated resident-ID number (a county code retired before 1984: nobody's)."""
    return make_ric(birth_date=birth, rng=_rng(seed))


def _jy(form: int, region: str, seed: int) -> str:
    return make_food_business(form=form, region=region, rng=_rng(seed))


def _yb(region: str, seed: int) -> str:
    return make_food_filing(form=2, region=region, rng=_rng(seed))


def _drug(business_type: str, seed: int, *, legal_person: str = "A", legacy: bool = False) -> str:
    return make_drug_business(
        business_type=business_type,
        legal_person=legal_person,
        province="浙",
        legacy=legacy,
        rng=_rng(seed),
    )


def _device(*, filing: bool, year: int, seed: int) -> str:
    return make_device_business(filing=filing, year=year, province="浙", rng=_rng(seed))


# the legal representatives' and natural persons' ID numbers and the phones of the records
PERSON_IDS: dict[str, str] = {
    "wang_fang": _ric(datetime.date(1979, 4, 12), 101),
    "lin_qing": _ric(datetime.date(1968, 9, 30), 102),
    "chen_hui": _ric(datetime.date(1985, 1, 17), 103),
    "li_si": _ric(datetime.date(1972, 11, 3), 104),
    "zhao_liu": _ric(datetime.date(1990, 5, 6), 105),
    "sun_li": _ric(datetime.date(1995, 8, 21), 106),
    "zhou_min": _ric(datetime.date(1983, 2, 14), 107),
}
MOBILE = "13912345678"


# --------------------------------------------------------------------------- builders


def business_licence(
    uscc: str,
    name: str,
    representative: str,
    *,
    authority: str,
    issued: str,
    validity: Any = None,
    scope: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """A 营业执照 as a platform stores it (the term is 营业期限)."""
    document: dict[str, Any] = {
        "kind": "business_license",
        "number": uscc,
        "holder_name": name,
        "legal_representative": representative,
        "issuing_authority": authority,
        "issue_date": issued,
    }
    if validity is not None:
        document["validity"] = validity
    if scope:
        document["scope"] = scope
    document.update(extra)
    return document


def enterprise(
    *,
    merchant_id: str,
    name: str,
    uscc: str,
    representative: str,
    person: str | None,
    categories: list[str],
    documents: list[dict[str, Any]],
    subject_type: str = "有限责任公司",
    phone: Any = MOBILE,
    address: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """A registered seller's record: the business licence comes first in ``documents``."""
    legal: Any = {"name": representative}
    if person is not None:
        legal["id_number"] = PERSON_IDS[person]
    record: dict[str, Any] = {
        "merchant_id": merchant_id,
        "subject_type": subject_type,
        "name": name,
        "uscc": uscc,
        "legal_representative": legal,
        "contact_phone": phone,
        "categories": categories,
        "documents": documents,
    }
    if address:
        record["address"] = address
    record.update(extra)
    return record


@dataclasses.dataclass(frozen=True)
class Scenario:
    id: str
    record: dict[str, Any]
    decision: str
    findings: frozenset[tuple[str, str]] = frozenset()
    """(code, json path) of every finding that is not ``info``."""
    info: tuple[str, ...] = ()
    """``info`` codes the report must hold too."""
    ctx: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    """Per code, items its finding's ``ctx`` must hold."""
    required_missing: bool = False
    """The law requires a document the record does not hold."""


def _expect(*pairs: tuple[str, str]) -> frozenset[tuple[str, str]]:
    return frozenset(pairs)


SCENARIOS: list[Scenario] = []


def scenario(
    id: str,
    record: dict[str, Any],
    decision: str,
    *findings: tuple[str, str],
    **options: Any,
) -> None:
    SCENARIOS.append(Scenario(id, record, decision, _expect(*findings), **options))


# =========================================================================== food

# --- a tea shop selling pre-packaged tea under a filing (食品安全法 art. 35: filing only)
TEA_SHOP = "杭州西溪茶韵茶叶有限公司"
TEA_SHOP_USCC = _uscc("1", XIHU, 1)
TEA_SHOP_YB = _yb(XIHU, 2)


def tea_shop(categories: list[str]) -> dict[str, Any]:
    return enterprise(
        merchant_id="tmall-tea-0001",
        name=TEA_SHOP,
        uscc=TEA_SHOP_USCC,
        representative="王芳",
        person="wang_fang",
        categories=categories,
        address="浙江省杭州市西湖区留下街道西溪路18号",
        documents=[
            business_licence(
                TEA_SHOP_USCC,
                TEA_SHOP,
                "王芳",
                authority="杭州市西湖区市场监督管理局",
                issued="2021年3月15日",
                validity="2021年03月15日至长期",
                scope="一般项目：食品销售（仅销售预包装食品）；茶具销售；日用百货销售"
                "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
                entity_type="有限责任公司（自然人投资或控股）",
            ),
            {
                "kind": "food_filing",
                "number": TEA_SHOP_YB,
                "holder_name": TEA_SHOP,
                "holder_uscc": TEA_SHOP_USCC,
                "legal_representative": "王芳",
                "issuing_authority": "杭州市西湖区市场监督管理局",
                "issue_date": "20240315",
                "scope": "预包装食品（不含冷藏冷冻食品）销售",
            },
        ],
    )


scenario("tea_shop_prepackaged_tea_with_filing", tea_shop(["预包装食品"]), "pass")
# 茶叶 is a platform department: tea is sold pre-packaged or loose, so a filing covers it
# only once a person confirms that only pre-packaged tea is sold (documented review)
scenario(
    "tea_shop_tea_department_with_filing_reviewed",
    tea_shop(["茶叶"]),
    "review",
    ("category.license_needs_review", "$.categories[0]"),
    ctx={"category.license_needs_review": {"document": 1, "category": "food_unspecified"}},
)

# a filing has no expiry: a 备案日期 stored as its end date ends nothing (reference §4.3)
_FILING_DATE_AS_END = tea_shop(["预包装食品"])
_FILING_DATE_AS_END["documents"][1]["valid_to"] = "2024-03-15"
scenario("tea_shop_filing_date_stored_as_end_date", _FILING_DATE_AS_END, "pass")
# a mistyped mobile (10 digits) is reviewed, never passed and never failed (docs/verify.md)
_MISTYPED_PHONE = tea_shop(["预包装食品"])
_MISTYPED_PHONE["contact_phone"] = "139 1234 567"
scenario(
    "tea_shop_mistyped_contact_phone",
    _MISTYPED_PHONE,
    "review",
    ("phone.invalid", "$.contact_phone"),
)

# a filing number of a provincial format (2021-2023): kept, reviewed (reference §4.3)
_LOCAL_FILING = tea_shop(["预包装食品"])
_LOCAL_FILING["documents"][1]["number"] = "浙西食备20220123"
scenario(
    "tea_shop_local_format_filing_number",
    _LOCAL_FILING,
    "review",
    ("food_filing.local_format", "$.documents[1].number"),
)

# --- a tea producer selling its own tea under its SC licence (category 14 茶叶及相关制品)
TEA_MAKER = "安溪县铁观音茶业有限公司"
TEA_MAKER_USCC = _uscc("1", ANXI, 3)
TEA_MAKER_SC = make_food_production(kind=1, category=14, region=ANXI, rng=_rng(4))


def tea_producer(
    categories: list[str], food_categories: Any = ("茶叶及相关制品",)
) -> dict[str, Any]:
    return enterprise(
        merchant_id="jd-tea-0002",
        name=TEA_MAKER,
        uscc=TEA_MAKER_USCC,
        representative="林清",
        person="lin_qing",
        phone="0595-23281234",
        categories=categories,
        documents=[
            business_licence(
                TEA_MAKER_USCC,
                TEA_MAKER,
                "林清",
                authority="安溪县市场监督管理局",
                issued="2016年08月09日",
                validity="2016年08月09日至2046年08月08日",
                scope="茶叶种植；茶叶加工、销售；预包装食品销售",
            ),
            {
                "kind": "food_production",
                "number": TEA_MAKER_SC,
                "holder_name": TEA_MAKER,
                "holder_uscc": TEA_MAKER_USCC,
                "legal_representative": "林清",
                "issuing_authority": "泉州市市场监督管理局",
                "issue_date": "2022年06月20日",
                "validity": "2022年06月20日至2027年06月19日",
                "food_categories": list(food_categories)
                if isinstance(food_categories, tuple)
                else food_categories,
                "scope": "茶叶及相关制品：茶叶（绿茶、红茶、乌龙茶、白茶）",
            },
        ],
    )


scenario("tea_producer_own_tea_with_sc", tea_producer(["自产食品"]), "pass")
# the SC covers the producer's own food only: a person confirms it (documented review)
scenario(
    "tea_producer_tea_department_reviewed",
    tea_producer(["茶叶"]),
    "review",
    ("category.license_needs_review", "$.categories[0]"),
    ctx={"category.license_needs_review": {"document": 1}},
)
# the licence's 食品类别 stored as printed, one string (as a scope may be given)
scenario(
    "tea_producer_food_categories_as_one_string",
    tea_producer(["自产食品"], food_categories="茶叶及相关制品；饮料"),
    "pass",
)
# health food needs the health-food SC (category 27), not the tea one (食品安全法 art. 74)
scenario(
    "tea_producer_health_tea_needs_health_food_sc",
    tea_producer(["自产食品", "保健食品"]),
    "fail",
    ("category.license_unsuitable", "$.categories[1]"),
    ctx={"category.license_unsuitable": {"part": "category", "actual": "14", "document": 1}},
    required_missing=True,
)

# --- a snack shop: JY form 1, a 2015-form licence scope as printed
SNACKS = "杭州零食记忆食品有限公司"
SNACKS_USCC = _uscc("1", GONGSHU, 5)
SNACKS_JY = _jy(1, GONGSHU, 6)
SNACKS_SCOPE_2015 = "预包装食品（含冷藏冷冻食品）销售，散装食品（不含冷藏冷冻食品）销售"


def snack_shop(categories: list[str], food_document: dict[str, Any]) -> dict[str, Any]:
    return enterprise(
        merchant_id="pdd-snack-0003",
        name=SNACKS,
        uscc=SNACKS_USCC,
        representative="陈慧",
        person="chen_hui",
        phone="+86 139 1234 5678",
        categories=categories,
        documents=[
            business_licence(
                SNACKS_USCC,
                SNACKS,
                "陈慧",
                authority="杭州市拱墅区市场监督管理局",
                issued="2018年05月07日",
                validity="2018年05月07日至长期",
                scope="食品经营（销售预包装食品、散装食品）",
            ),
            food_document,
        ],
    )


def snacks_jy(scope: str, **term: Any) -> dict[str, Any]:
    document = {
        "kind": "food_business",
        "number": SNACKS_JY,
        "holder_name": SNACKS,
        "holder_uscc": SNACKS_USCC,
        "legal_representative": "陈慧",
        "business_form": "食品销售经营者",
        "network_operation": True,
        "issuing_authority": "杭州市拱墅区市场监督管理局",
        "issue_date": "2023年03月01日",
        "scope": scope,
    }
    document.update(term or {"valid_from": "2023-03-01", "valid_to": "2028-02-29"})
    return document


scenario(
    "snack_shop_jy1_prepackaged_and_bulk",
    snack_shop(["休闲零食", "预包装食品", "散装食品"], snacks_jy(SNACKS_SCOPE_2015)),
    "pass",
)
# a filing allows pre-packaged food only: bulk food needs a licence (art. 35)
scenario(
    "snack_shop_filing_selling_bulk_food",
    snack_shop(
        ["预包装食品", "散装食品"],
        {
            "kind": "food_filing",
            "number": _yb(GONGSHU, 7),
            "holder_name": SNACKS,
            "holder_uscc": SNACKS_USCC,
            "issuing_authority": "杭州市拱墅区市场监督管理局",
            "issue_date": "2024年01月10日",
        },
    ),
    "fail",
    ("category.license_missing", "$.categories[1]"),
    required_missing=True,
)
# a licence listing pre-packaged food only does not list bulk food (scope, documented review)
scenario(
    "snack_shop_licence_without_bulk_food_in_scope",
    snack_shop(["散装食品"], snacks_jy("预包装食品（不含冷藏冷冻食品）销售")),
    "review",
    ("category.scope_not_covering", "$.categories[0]"),
    ctx={"category.scope_not_covering": {"document": 1}},
)
# the licence excludes chilled and frozen food from every item; the seller declares frozen
# food: the licence does not cover what is sold (a scope excluding what was declared is not
# covering, docs/categories.md "What coverage reports")
scenario(
    "snack_shop_frozen_food_excluded_by_scope",
    snack_shop(
        ["速冻食品"],
        snacks_jy("预包装食品（不含冷藏冷冻食品）销售，散装食品（不含冷藏冷冻食品）销售"),
    ),
    "review",
    ("category.scope_not_covering", "$.categories[0]"),
)
# 2023-form scope: special foods listed in the bracket of 特殊食品销售
scenario(
    "health_food_shop_jy1_2023_scope",
    snack_shop(
        ["保健食品", "婴幼儿配方奶粉"],
        snacks_jy("预包装食品销售（含冷藏冷冻食品）；特殊食品销售（保健食品、婴幼儿配方乳粉）"),
    ),
    "pass",
)
scenario(
    "infant_formula_on_health_food_only_scope",
    snack_shop(
        ["婴幼儿配方奶粉"], snacks_jy("预包装食品销售（含冷藏冷冻食品）；特殊食品销售（保健食品）")
    ),
    "review",
    ("category.scope_not_covering", "$.categories[0]"),
)

# --- a bakery-café: JY form 2 (catering)
CAFE = "杭州麦香烘焙餐饮管理有限公司"
CAFE_USCC = _uscc("1", BINJIANG, 8)
CAFE_JY = _jy(2, BINJIANG, 9)


CAFE_SCOPE = "热食类食品制售，冷食类食品制售，糕点类食品（含裱花蛋糕）制售，自制饮品制售"


def bakery_cafe(categories: list[str], *, form: int = 2, scope: str = CAFE_SCOPE) -> dict[str, Any]:
    number = CAFE_JY if form == 2 else _jy(form, BINJIANG, 10)
    return enterprise(
        merchant_id="meituan-cafe-0004",
        name=CAFE,
        uscc=CAFE_USCC,
        representative="孙丽",
        person="sun_li",
        phone="0571-86651234",
        categories=categories,
        documents=[
            business_licence(
                CAFE_USCC,
                CAFE,
                "孙丽",
                authority="杭州市滨江区市场监督管理局",
                issued="2022年09月16日",
                validity="2022年09月16日至长期",
                scope="许可项目：食品经营；餐饮服务",
            ),
            {
                "kind": "food_business",
                "number": number,
                "holder_name": CAFE,
                "holder_uscc": CAFE_USCC,
                "legal_representative": "孙丽",
                "business_form": "餐饮服务经营者（网络经营）",
                "issuing_authority": "杭州市滨江区市场监督管理局",
                "issue_date": "2022年10月08日",
                "validity": "2022年10月08日至2027年10月07日",
                "scope": scope,
            },
        ],
    )


scenario("bakery_cafe_jy2_catering", bakery_cafe(["餐饮服务", "外卖"]), "pass")
# a caterer's scope without 预包装食品 does not cover pre-packaged sales; 烘焙 is not in the
# policy (documented: its seller may be a caterer, a food seller or a producer)
scenario(
    "bakery_cafe_prepackaged_and_bakery_department",
    bakery_cafe(["现制饮品", "预包装食品", "烘焙"]),
    "review",
    ("category.scope_not_covering", "$.categories[1]"),
    ("category.unknown", "$.categories[2]"),
)
# catering needs a caterer's licence (form 2): a food seller's JY listing no catering item
# is of the wrong type
scenario(
    "restaurant_with_food_sales_licence",
    bakery_cafe(["外卖"], form=1, scope="预包装食品销售，散装食品（含熟食）销售"),
    "fail",
    ("category.license_unsuitable", "$.categories[0]"),
    ctx={"category.license_unsuitable": {"part": "business_form", "actual": "1"}},
    required_missing=True,
)
# a food seller's JY (form 1, by its main business) listing catering items, as a
# supermarket with a kitchen holds: reviewed, not refused
scenario(
    "food_seller_licence_listing_catering_items",
    bakery_cafe(["外卖"], form=1),
    "review",
    ("category.license_needs_review", "$.categories[0]"),
)
# a unit canteen's licence (form 3) does not allow sales to the public
scenario(
    "canteen_licence_selling_prepackaged_food",
    bakery_cafe(["预包装食品"], form=3),
    "fail",
    ("category.license_unsuitable", "$.categories[0]"),
    ctx={"category.license_unsuitable": {"part": "business_form", "actual": "3"}},
    required_missing=True,
)

# --- a fruit-farm co-operative (93…) selling fresh fruit: 食用农产品 need no food licence
COOP = "淳安县千岛湖果蔬专业合作社"
COOP_USCC = _uscc("3", CHUN_AN, 11)
scenario(
    "fruit_cooperative_fresh_fruit",
    enterprise(
        merchant_id="pdd-farm-0005",
        name=COOP,
        uscc=COOP_USCC,
        representative="方建国",
        person=None,
        subject_type="农民专业合作社",
        phone="+8613912345678",
        categories=["新鲜水果", "蔬菜"],
        documents=[
            business_licence(
                COOP_USCC,
                COOP,
                "方建国",
                authority="淳安县市场监督管理局",
                issued="2015年06月18日",
                validity="2015年06月18日至长期",
                scope="组织采购、供应成员所需的生产资料；组织收购、销售成员生产的水果、蔬菜",
                entity_type="农民专业合作社",
            )
        ],
    ),
    "pass",
)

# --- an individual-business convenience store (92…) without a trade name: the licence
# prints a placeholder for the name; the filing is in the operator's name
STORE_USCC = _uscc("2", XIHU, 12)
scenario(
    "convenience_store_individual_business_placeholder_name",
    enterprise(
        merchant_id="taobao-store-0006",
        name="李四",
        uscc=STORE_USCC,
        representative="李四",
        person="li_si",
        subject_type="个体工商户",
        phone=13912345678,
        categories=["预包装食品", "日用百货"],
        documents=[
            business_licence(
                STORE_USCC,
                "*",
                "李四",
                authority="杭州市西湖区市场监督管理局",
                issued="2020年07月01日",
                validity="长期",
                scope="食品销售（仅销售预包装食品）；日用百货销售",
                entity_type="个体工商户",
            ),
            {
                "kind": "food_filing",
                "number": _yb(XIHU, 13),
                "holder_name": "李四",
                "holder_uscc": STORE_USCC,
                "legal_representative": "李四",
                "issuing_authority": "杭州市西湖区市场监督管理局",
                "issue_date": "2023年12月5日",
            },
        ],
    ),
    "pass",
)


# a platform's fresh department also holds frozen and processed food: reviewed (documented)
scenario(
    "fresh_department_reviewed",
    snack_shop(["生鲜"], snacks_jy(SNACKS_SCOPE_2015)),
    "review",
    ("category.unknown", "$.categories[0]"),
)


# =========================================================================== drugs

PHARMACY = "杭州民生大药房连锁有限公司文三路店"
PHARMACY_USCC = _uscc("1", XIHU, 21)
PHARMACY_TYPES_ONLY = "中药饮片、中成药、化学药制剂、抗生素制剂、生化药品、生物制品（除疫苗）"
PHARMACY_CLASSES = (
    "处方药、甲类非处方药、乙类非处方药：中药饮片、中成药、化学药制剂、抗生素制剂、"
    "生化药品、生物制品（除疫苗）"
)


def pharmacy(
    categories: list[str],
    *,
    business_type: str = "C",
    scope: str = PHARMACY_TYPES_ONLY,
    number: str | None = None,
    validity: Any = "2024年04月01日至2029年03月31日",
    subject_type: str = "分公司",
    info_validity: str = "2023-12-20至2028-12-19",
    name: str = PHARMACY,
    authority: str = "杭州市西湖区市场监督管理局",
) -> dict[str, Any]:
    return enterprise(
        merchant_id="jd-health-0007",
        name=name,
        uscc=PHARMACY_USCC,
        representative="周敏",
        person="zhou_min",
        subject_type=subject_type,
        phone="0571-88886666",
        categories=categories,
        documents=[
            business_licence(
                PHARMACY_USCC,
                name,
                "周敏",
                authority="杭州市西湖区市场监督管理局",
                issued="2019年04月02日",
                validity="2019年04月02日至长期",
                scope="许可项目：药品零售；第三类医疗器械经营；食品销售",
                entity_type="有限责任公司分公司（自然人投资或控股）",
            ),
            {
                "kind": "drug_business",
                "number": number or _drug(business_type, 22),
                "holder_name": name,
                "holder_uscc": PHARMACY_USCC,
                "legal_representative": "周敏",
                "issuing_authority": authority,
                "issue_date": "2024年04月01日",
                "validity": validity,
                "scope": scope,
            },
            {
                "kind": "drug_info",
                "number": make_drug_info(paid=False, year=2021, province="浙", rng=_rng(23)),
                "holder_name": name,
                "holder_uscc": PHARMACY_USCC,
                "issuing_authority": "浙江省药品监督管理局",
                "validity": info_validity,
            },
        ],
    )


# a chain store (C) whose scope names drug types only: no class is named, so the licence is
# read like one without a scope (documented)
scenario("chain_pharmacy_store_rx_and_otc", pharmacy(["处方药", "非处方药"]), "pass")
scenario(
    "chain_pharmacy_scope_naming_classes",
    pharmacy(["处方药", "OTC药品"], scope=PHARMACY_CLASSES, subject_type="branch"),
    "pass",
)
# the Internet drug information certificate runs five years and ends in 20 days
scenario(
    "chain_pharmacy_drug_information_certificate_expiring",
    pharmacy(["处方药", "非处方药"], info_validity="2021-12-20至2026-12-19"),
    "review",
    ("license.expiring_soon", "$.documents[2].validity.valid_to"),
)
# vaccines and ephedrine compounds may not be sold online whatever the licence (§5.5)
scenario(
    "pharmacy_declaring_vaccines",
    pharmacy(["非处方药", "疫苗"]),
    "fail",
    ("category.banned", "$.categories[1]"),
)
scenario(
    "pharmacy_declaring_ephedrine_compounds",
    pharmacy(["含麻黄碱类复方制剂"]),
    "fail",
    ("category.banned", "$.categories[0]"),
)
# a wholesaler (A) may not sell to individuals (药品网络销售监督管理办法; reference §10.6)
scenario(
    "wholesale_licence_selling_to_consumers",
    pharmacy(
        ["非处方药", "处方药"],
        business_type="A",
        name="浙江华东医药批发有限公司",
        authority="浙江省药品监督管理局",
    ),
    "fail",
    ("category.license_unsuitable", "$.categories[0]"),
    ("category.license_unsuitable", "$.categories[1]"),
    ctx={"category.license_unsuitable": {"part": "business_type", "actual": "A", "document": 1}},
    required_missing=True,
)
scenario(
    "wholesale_licence_b2b",
    pharmacy(
        ["药品批发"],
        business_type="A",
        subject_type="企业",
        name="浙江华东医药批发有限公司",
        authority="浙江省药品监督管理局",
    ),
    "pass",
)
# a retail-chain headquarters (B) sells through its stores: documented review
scenario(
    "chain_headquarters_licence_rx",
    pharmacy(["处方药"], business_type="B", scope=PHARMACY_CLASSES),
    "review",
    ("category.license_needs_review", "$.categories[0]"),
)
# a supermarket counter licensed for 乙类非处方药 only may not sell prescription drugs
scenario(
    "otc_b_only_licence_selling_rx",
    pharmacy(["处方药"], business_type="D", scope="乙类非处方药：中成药、化学药制剂"),
    "review",
    ("category.scope_not_covering", "$.categories[0]"),
)
# a 2004-2023 number renewed in 2023 stays valid until the licence expires (≤ 2028): info
scenario(
    "pharmacy_legacy_number_renewed_2023",
    pharmacy(
        ["非处方药"],
        number=_drug("D", 24, legacy=True),
        validity={"valid_from": "2023年05月10日", "valid_to": "2028年05月09日"},
    ),
    "pass",
    info=("drug_business.legacy_format",),
)
# a drug licence runs five years (药品管理法实施条例 art. 17): 长期 is a misreading
scenario(
    "pharmacy_licence_recorded_long_term",
    pharmacy(["非处方药"], validity="2024年04月01日至长期"),
    "review",
    ("license.long_term_unexpected", "$.documents[1].validity"),
)
scenario(
    "pharmacy_licence_expired",
    pharmacy(["非处方药"], validity="2021.11.01-2026.10.31"),
    "fail",
    ("license.expired", "$.documents[1].validity.valid_to"),
)

# the Internet drug information certificate is not a selling licence (reference §5.3)
_INFO_ONLY = pharmacy(["非处方药"])
del _INFO_ONLY["documents"][1]
scenario(
    "pharmacy_with_drug_information_certificate_only",
    _INFO_ONLY,
    "fail",
    ("category.license_missing", "$.categories[0]"),
    required_missing=True,
)

# an individual-business pharmacy (single store, not a legal person: DB)
SOLO_PHARMACY_USCC = _uscc("2", BINJIANG, 25)
scenario(
    "individual_business_single_pharmacy",
    enterprise(
        merchant_id="meituan-drug-0008",
        name="杭州市滨江区康宁药店",
        uscc=SOLO_PHARMACY_USCC,
        representative="周敏",
        person="zhou_min",
        subject_type="个体户",
        categories=["乙类非处方药", "甲类非处方药"],
        documents=[
            business_licence(
                SOLO_PHARMACY_USCC,
                "杭州市滨江区康宁药店",
                "周敏",
                authority="杭州市滨江区市场监督管理局",
                issued="2017年3月2日",
                validity="长期",
            ),
            {
                "kind": "drug_business",
                "number": _drug("D", 26, legal_person="B"),
                "holder_name": "杭州市滨江区康宁药店",
                "holder_uscc": SOLO_PHARMACY_USCC,
                "legal_representative": "周敏",
                "issuing_authority": "杭州市滨江区市场监督管理局",
                "issue_date": "2025年02月18日",
                "validity": "20250218-20300217",
                "scope": "甲类非处方药、乙类非处方药：中成药、化学药制剂",
            },
        ],
    ),
    "pass",
)


# =========================================================================== devices

OPTICIAN = "杭州明眸眼镜有限公司"
OPTICIAN_USCC = _uscc("1", XIHU, 31)
DEVICE_LICENCE = _device(filing=False, year=2022, seed=32)
DEVICE_FILING = _device(filing=True, year=2021, seed=33)


def device_seller(
    categories: list[str],
    *,
    filing: bool,
    scope: str | None,
    validity: Any = "2022年08月15日至2027年08月14日",
    name: str = OPTICIAN,
) -> dict[str, Any]:
    device: dict[str, Any] = {
        "kind": "device_business",
        "number": DEVICE_FILING if filing else DEVICE_LICENCE,
        "holder_name": name,
        "holder_uscc": OPTICIAN_USCC,
        "legal_representative": "陈慧",
        "issuing_authority": "杭州市市场监督管理局",
        "issue_date": "2021年09月03日" if filing else "2022年08月15日",
    }
    if not filing:
        device["validity"] = validity
    if scope is not None:
        device["scope"] = scope
    return enterprise(
        merchant_id="tmall-device-0009",
        name=name,
        uscc=OPTICIAN_USCC,
        representative="陈慧",
        person="chen_hui",
        phone="139-1234-5678",
        categories=categories,
        documents=[
            business_licence(
                OPTICIAN_USCC,
                name,
                "陈慧",
                authority="杭州市西湖区市场监督管理局",
                issued="2014年11月20日",
                validity="2014年11月20日至2034年11月19日",
                scope="眼镜零售；第二类医疗器械销售；第三类医疗器械经营",
            ),
            device,
        ],
    )


# contact lenses are class III (医疗器械分类目录 16): a class II filing is the wrong document
scenario(
    "contact_lens_shop_with_class_ii_filing_only",
    device_seller(["隐形眼镜"], filing=True, scope="第二类医疗器械：16眼科器械"),
    "fail",
    ("category.license_unsuitable", "$.categories[0]"),
    ctx={"category.license_unsuitable": {"part": "filing", "document": 1}},
    required_missing=True,
)
scenario(
    "contact_lens_shop_with_licence_2017_scope",
    device_seller(["隐形眼镜", "美瞳"], filing=False, scope="第三类医疗器械：16眼科器械"),
    "pass",
)
# a platform's category path is read by its last step (docs/categories.md)
scenario(
    "contact_lens_shop_category_path",
    device_seller(
        ["医药健康 > 隐形眼镜 > 彩色隐形眼镜"], filing=False, scope="第三类医疗器械：16眼科器械"
    ),
    "pass",
)
# the licence is limited to contact lenses and their solutions: it covers a contact-lens
# seller (角膜接触镜 is the catalogue name of 隐形眼镜, an alias of the same category)
scenario(
    "contact_lens_licence_limited_to_lenses",
    device_seller(
        ["隐形眼镜"], filing=False, scope="第三类医疗器械：16眼科器械（角膜接触镜及护理用液）"
    ),
    "pass",
)
# the licence excludes contact lenses: it must not pass a contact-lens seller
scenario(
    "contact_lens_licence_excluding_lenses",
    device_seller(["隐形眼镜"], filing=False, scope="第三类医疗器械：16眼科器械（不含角膜接触镜）"),
    "review",
    ("category.scope_not_covering", "$.categories[0]"),
)

HEALTH_SHOP = "杭州康伴家用医疗器械有限公司"
# blood-pressure monitors are class II (2017 catalogue 07); some everyday class II goods are
# on the NMPA list exempt from filing, so none → documented review, never pass or fail
scenario(
    "blood_pressure_monitor_seller_with_filing",
    device_seller(
        ["血压计", "电子体温计"],
        filing=True,
        scope="第二类医疗器械：07医用诊察和监护器械，09物理治疗器械",
        name=HEALTH_SHOP,
    ),
    "pass",
)
HEALTH_SHOP_NO_FILING = device_seller(["血压计"], filing=True, scope=None, name=HEALTH_SHOP)
del HEALTH_SHOP_NO_FILING["documents"][1]
scenario(
    "blood_pressure_monitor_seller_without_filing",
    HEALTH_SHOP_NO_FILING,
    "review",
    ("category.possibly_exempt", "$.categories[0]"),
)
# the old (2002) catalogue form of a licence scope
OLD_III = "Ⅲ类：6815注射穿刺器械，6821医用电子仪器设备，6866医用高分子材料及制品"
scenario(
    "device_licence_old_catalogue_class_iii",
    device_seller(["第三类医疗器械"], filing=False, scope=OLD_III),
    "pass",
)
# a licence listing only class III items says nothing of class II (documented review)
scenario(
    "device_licence_old_catalogue_class_iii_selling_class_ii",
    device_seller(["第三类医疗器械", "第二类医疗器械"], filing=False, scope=OLD_III),
    "review",
    ("category.scope_not_covering", "$.categories[1]"),
)
scenario(
    "device_licence_old_catalogue_classes_ii_and_iii",
    device_seller(
        ["第三类医疗器械", "第二类医疗器械"],
        filing=False,
        scope="Ⅱ、Ⅲ类：6815注射穿刺器械，6821医用电子仪器设备，6866医用高分子材料及制品",
    ),
    "pass",
)
# the 2017 catalogue form
scenario(
    "device_licence_2017_catalogue_form",
    device_seller(
        ["第三类医疗器械", "第二类医疗器械", "医用口罩"],
        filing=False,
        scope="第三类医疗器械：14注输、护理和防护器械，22临床检验器械；"
        "第二类医疗器械：07医用诊察和监护器械，14注输、护理和防护器械",
    ),
    "pass",
)
# a licence limited to IVD reagents, class III devices in general declared (documented)
scenario(
    "device_licence_limited_to_ivd_reagents",
    device_seller(["第三类医疗器械"], filing=False, scope="第三类医疗器械（仅限体外诊断试剂）"),
    "review",
    ("category.scope_not_covering", "$.categories[0]"),
)
scenario(
    "condom_seller_filing_excluding_condoms",
    device_seller(["安全套"], filing=True, scope="第二类医疗器械（避孕套除外）", name=HEALTH_SHOP),
    "review",
    ("category.scope_not_covering", "$.categories[0]"),
)
# 医用外科口罩 is a medical mask: a filing excluding 医用口罩 does not cover it
scenario(
    "mask_seller_filing_excluding_medical_masks",
    device_seller(
        ["医用外科口罩"], filing=True, scope="第二类医疗器械（不含医用口罩）", name=HEALTH_SHOP
    ),
    "review",
    ("category.scope_not_covering", "$.categories[0]"),
)
scenario(
    "device_licence_expiring_in_20_days",
    device_seller(
        ["第三类医疗器械"], filing=False, scope=OLD_III, validity="2021年12月20日至2026年12月19日"
    ),
    "review",
    ("license.expiring_soon", "$.documents[1].validity.valid_to"),
)
# a class II filing never expires (reference §6.1, §10.5): an end date stored with it ends
# nothing
_FILING_WITH_END = device_seller(
    ["第二类医疗器械"], filing=True, scope="第二类医疗器械：07医用诊察和监护器械", name=HEALTH_SHOP
)
_FILING_WITH_END["documents"][1]["validity"] = "2021年09月03日至2026年09月02日"
scenario("class_ii_filing_stored_with_an_end_date", _FILING_WITH_END, "pass")
# class I devices need neither licence nor filing (条例 arts. 41-42)
scenario(
    "class_i_device_seller_without_device_documents",
    enterprise(
        merchant_id="tmall-device-0010",
        name="杭州安行康复器材有限公司",
        uscc=_uscc("1", GONGSHU, 34),
        representative="孙丽",
        person="sun_li",
        categories=["第一类医疗器械", "日用百货"],
        documents=[
            business_licence(
                _uscc("1", GONGSHU, 34),
                "杭州安行康复器材有限公司",
                "孙丽",
                authority="杭州市拱墅区市场监督管理局",
                issued="2020年1月6日",
                validity={"valid_from": "2020-01-06", "long_term": True},
                scope="第一类医疗器械销售；康复辅具适配服务",
            )
        ],
    ),
    "pass",
)


# =========================================================================== certification, testing

CERT_BODY = "中检华通认证有限公司"
CERT_USCC = _uscc("1", CHAOYANG, 41)
LAB = "上海谱实检测技术有限公司"
LAB_USCC = _uscc("1", PUDONG, 42)


def certification_body(documents: list[dict[str, Any]], name: str = CERT_BODY) -> dict[str, Any]:
    uscc = CERT_USCC if name == CERT_BODY else LAB_USCC
    return enterprise(
        merchant_id="b2b-cert-0011",
        name=name,
        uscc=uscc,
        representative="王芳",
        person="wang_fang",
        phone="010-65991234" if name == CERT_BODY else "021-50801234",
        categories=["认证服务"] if name == CERT_BODY else ["检验检测服务"],
        documents=[
            business_licence(
                uscc,
                name,
                "王芳",
                authority="北京市朝阳区市场监督管理局"
                if name == CERT_BODY
                else "上海市浦东新区市场监督管理局",
                issued="2012年10月11日",
                validity="2012年10月11日至2042年10月10日",
                scope="认证服务；检验检测服务",
            ),
            *documents,
        ],
    )


scenario(
    "certification_body_with_cnca_approval",
    certification_body(
        [
            {
                "kind": "cnca",
                "number": make_cnca(year=2012, rng=_rng(43)),
                "holder_name": CERT_BODY,
                "holder_uscc": CERT_USCC,
                "issuing_authority": "国家认证认可监督管理委员会",
                "validity": "2024年10月10日至2030年10月09日",
                "scope": "质量管理体系认证；环境管理体系认证；职业健康安全管理体系认证",
            }
        ]
    ),
    "pass",
)
scenario(
    "foreign_invested_certification_body_with_cnca_rf",
    certification_body(
        [
            {
                "kind": "cnca",
                "number": make_cnca(foreign=True, year=2003, rng=_rng(44)),
                "holder_name": "中检华通认证有限公司",
                "holder_uscc": CERT_USCC,
                "issuing_authority": "国家市场监督管理总局",
                "valid_from": "2023-03-01",
                "valid_to": "2029-02-28",
            }
        ]
    ),
    "pass",
)
LAB_CMA = {
    "kind": "cma",
    "number": make_cma(year=2022, authority="沪", rng=_rng(45)),
    "holder_name": LAB,
    "holder_uscc": LAB_USCC,
    "issuing_authority": "上海市市场监督管理局",
    "issue_date": "2022年05月16日",
    "validity": "2022年05月16日至2028年05月15日",
    "scope": "食品、化妆品、水质检测",
}
scenario("testing_lab_with_cma", certification_body([LAB_CMA], name=LAB), "pass")
scenario(
    "testing_lab_with_cnca_but_no_cma",
    certification_body(
        [
            {
                "kind": "cnca",
                "number": make_cnca(year=2015, rng=_rng(46)),
                "holder_name": LAB,
                "holder_uscc": LAB_USCC,
                "validity": "2021-01-01至2026-12-31",
            }
        ],
        name=LAB,
    ),
    "fail",
    ("category.license_missing", "$.categories[0]"),
    required_missing=True,
)
# a CMA certificate runs six years (reference §7.2): seven is a misread date
scenario(
    "testing_lab_cma_term_longer_than_six_years",
    certification_body([{**LAB_CMA, "validity": "2022年05月16日至2029年05月15日"}], name=LAB),
    "review",
    ("license.term_too_long", "$.documents[1].validity"),
)


# =========================================================================== banned / permit goods

GOODS = "杭州百乐汇日用品有限公司"
GOODS_USCC = _uscc("1", GONGSHU, 51)
GOODS_JY = _jy(1, GONGSHU, 52)


def general_store(categories: list[str]) -> dict[str, Any]:
    return enterprise(
        merchant_id="pdd-goods-0012",
        name=GOODS,
        uscc=GOODS_USCC,
        representative="陈慧",
        person="chen_hui",
        categories=categories,
        documents=[
            business_licence(
                GOODS_USCC,
                GOODS,
                "陈慧",
                authority="杭州市拱墅区市场监督管理局",
                issued="2019年09月23日",
                validity="2019年09月23日至长期",
                scope="日用百货销售；玩具销售；食品销售",
            ),
            {
                "kind": "food_business",
                "number": GOODS_JY,
                "holder_name": GOODS,
                "holder_uscc": GOODS_USCC,
                "legal_representative": "陈慧",
                "issuing_authority": "杭州市拱墅区市场监督管理局",
                "valid_from": "2024年06月03日",
                "valid_to": "2029年06月02日",
                "scope": "预包装食品（含冷藏冷冻食品）销售；散装食品（不含冷藏冷冻食品）销售",
            },
        ],
    )


# fireworks need a permit qualcheck cannot verify: review, never pass
scenario(
    "general_store_fireworks",
    general_store(["日用百货", "烟花爆竹"]),
    "review",
    ("category.special_permit", "$.categories[1]"),
)
scenario(
    "general_store_replica_guns",
    general_store(["日用百货", "仿真枪"]),
    "fail",
    ("category.banned", "$.categories[1]"),
)
scenario(
    "liquor_shop_special_supply_liquor",
    general_store(["白酒", "特供酒"]),
    "fail",
    ("category.banned", "$.categories[1]"),
)
# a platform category path: the leaf is unknown, the fireworks step still needs the permit
scenario(
    "general_store_category_path_with_fireworks",
    general_store(["日用百货 > 烟花 > 礼花弹"]),
    "review",
    ("category.unknown", "$.categories[0]"),
    ("category.special_permit", "$.categories[0]"),
)


# =========================================================================== natural persons


def natural_person(**fields: Any) -> dict[str, Any]:
    """赵六, born 1990-05-06; his card was issued at 26 and runs 20 years (居民身份证法 art. 5)."""
    number = PERSON_IDS["zhao_liu"]
    record: dict[str, Any] = {
        "merchant_id": "xianyu-person-0013",
        "subject_type": "自然人",
        "name": "赵六",
        "legal_representative": {"name": "赵六", "id_number": number},
        "contact_phone": MOBILE,
        "categories": ["日用百货"],
        "declared_annual_turnover_yuan": "8.6万元",
        "documents": [
            {
                "kind": "identity",
                "number": number,
                "holder_name": "赵六",
                "id_type": "居民身份证",
                "issuing_authority": "杭州市公安局西湖分局",
                "validity": "2016.05.20-2036.05.20",
            }
        ],
    }
    record.update(fields)
    return record


scenario("natural_person_below_exemption", natural_person(), "pass")
scenario(
    "natural_person_above_exemption",
    natural_person(declared_annual_turnover_yuan="150,000.00"),
    "fail",
    ("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan"),
)
# all shops of one person add up (网络交易监督管理办法 art. 8)
_TWO_SHOPS = natural_person(
    shops=[
        {"shop_id": "tb-5501", "platform": "淘宝", "annual_turnover_yuan": 60000},
        {"shop_id": "pdd-7702", "platform": "拼多多", "annual_turnover_yuan": "6万"},
    ]
)
del _TWO_SHOPS["declared_annual_turnover_yuan"]
scenario(
    "natural_person_two_shops_above_exemption",
    _TWO_SHOPS,
    "fail",
    ("merchant.exemption_exceeded", "$.shops"),
)
# own farm produce needs no registration whatever the turnover (电子商务法 art. 10): review
scenario(
    "natural_person_own_fruit_above_limit",
    natural_person(categories=["水果"], declared_annual_turnover_yuan=180000),
    "review",
    ("merchant.exemption_own_produce", "$.declared_annual_turnover_yuan"),
)
_NO_TURNOVER = natural_person()
del _NO_TURNOVER["declared_annual_turnover_yuan"]
scenario(
    "natural_person_turnover_not_declared",
    _NO_TURNOVER,
    "review",
    ("merchant.turnover_unknown", "$.declared_annual_turnover_yuan"),
)
# an unregistered person may not sell goods that need a licence or filing (art. 8, art. 35)
scenario(
    "natural_person_prepackaged_food_without_filing",
    natural_person(categories=["预包装食品"]),
    "fail",
    ("category.license_missing", "$.categories[0]"),
    required_missing=True,
)
# the exemption holds up to 100,000 yuan inclusive (网络交易监督管理办法 art. 8: 不超过)
scenario(
    "natural_person_exactly_at_the_limit",
    natural_person(declared_annual_turnover_yuan="10万元"),
    "pass",
)
scenario(
    "natural_person_one_fen_above_the_limit",
    natural_person(declared_annual_turnover_yuan="¥100,000.01"),
    "fail",
    ("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan"),
)
_EXPIRED_CARD = natural_person()
_EXPIRED_CARD["legal_representative"]["id_number"] = PERSON_IDS["sun_li"]
_EXPIRED_CARD["documents"][0].update(
    number=PERSON_IDS["sun_li"], holder_name="赵六", validity="2011.08.30-2021.08.30"
)
scenario(
    "natural_person_identity_card_expired",
    _EXPIRED_CARD,
    "fail",
    ("license.expired", "$.documents[0].validity.valid_to"),
)


# =========================================================================== terms and date forms

GROCER = "杭州鲜丰食品有限公司"
GROCER_USCC = _uscc("1", XIHU, 61)
GROCER_JY = _jy(1, XIHU, 62)


def grocer(
    food_term: Mapping[str, Any], licence_term: Any = "2019年04月02日至长期"
) -> dict[str, Any]:
    return enterprise(
        merchant_id="ele-grocer-0014",
        name=GROCER,
        uscc=GROCER_USCC,
        representative="王芳",
        person="wang_fang",
        categories=["预包装食品", "食品"],
        documents=[
            business_licence(
                GROCER_USCC,
                GROCER,
                "王芳",
                authority="杭州市西湖区市场监督管理局",
                issued="2019年04月02日",
                validity=licence_term,
            ),
            {
                "kind": "food_business",
                "number": GROCER_JY,
                "holder_name": GROCER,
                "holder_uscc": GROCER_USCC,
                "legal_representative": "王芳",
                "issuing_authority": "杭州市西湖区市场监督管理局",
                "scope": "预包装食品（含冷藏冷冻食品）销售；散装食品（含冷藏冷冻食品）销售",
                **food_term,
            },
        ],
    )


scenario(
    "food_licence_expired",
    grocer({"valid_from": "2021年11月01日", "valid_to": "2026年10月31日"}),
    "fail",
    ("license.expired", "$.documents[1].validity.valid_to"),
)
scenario(
    "food_licence_expiring_in_20_days",
    grocer({"validity": "2021.12.20-2026.12.19"}),
    "review",
    ("license.expiring_soon", "$.documents[1].validity.valid_to"),
)
# the end date is the last valid day: in force on it, and expiring soon
scenario(
    "food_licence_ends_today",
    grocer({"validity": "20211130-20261129"}),
    "review",
    ("license.expiring_soon", "$.documents[1].validity.valid_to"),
)
# only the renewal (starting next month) is on file: not yet valid
scenario(
    "food_licence_not_yet_valid",
    grocer({"validity": "自2026年12月15日至2031年12月14日"}),
    "fail",
    ("license.not_yet_valid", "$.documents[1].validity.valid_from"),
)
# the business licence's 营业期限 ended two days ago
scenario(
    "business_licence_operating_term_ended",
    grocer({"validity": "2024.03.01-2029.02.28"}, licence_term="2006年11月28日至2026年11月27日"),
    "fail",
    ("license.expired", "$.documents[0].validity.valid_to"),
)
# millisecond timestamps (China midnight / the last second of the last day), as APIs store them
scenario(
    "dates_as_millisecond_timestamps",
    grocer(
        {"valid_from": 1709222400000, "valid_to": 1866988799000},
        licence_term={"valid_from": 1554134400000, "long_term": "是"},
    ),
    "pass",
)
scenario(
    "dates_as_utc_iso_timestamps",
    grocer({"valid_from": "2024-02-29T16:00:00.000Z", "valid_to": "2029-02-28T15:59:59.000Z"}),
    "pass",
)
scenario(
    "dates_as_compact_digits_and_long_term",
    grocer({"valid_from": "20240301", "valid_to": "20290228"}, licence_term=["20190402", "长期"]),
    "pass",
)
scenario(
    "dates_with_end_only_as_printed",
    grocer({"validity": "有效期至2029年02月28日"}),
    "pass",
)
# an old licence kept next to its renewal (same number): noted as superseded only
_RENEWED = grocer({"validity": "2024年03月01日至2029年02月28日"})
_RENEWED["documents"].append(
    {**_RENEWED["documents"][1], "validity": "2019年03月01日至2024年02月29日"}
)
scenario(
    "food_licence_old_copy_kept_next_to_renewal", _RENEWED, "pass", info=("license.superseded",)
)


# =========================================================================== consistency

HQ = "杭州鲜丰超市有限公司"
HQ_USCC = _uscc("1", XIHU, 71)
BRANCH = "杭州鲜丰超市有限公司滨江分公司"
BRANCH_USCC = _uscc("1", BINJIANG, 72)


def branch(food_holder: str, food_uscc: str | None, representative: str) -> dict[str, Any]:
    food: dict[str, Any] = {
        "kind": "food_business",
        "number": _jy(1, BINJIANG, 73),
        "holder_name": food_holder,
        "legal_representative": representative,
        "issuing_authority": "杭州市滨江区市场监督管理局",
        "validity": "2024年03月01日至2029年02月28日",
        "scope": "预包装食品（含冷藏冷冻食品）销售，散装食品（含冷藏冷冻食品）销售",
    }
    if food_uscc is not None:
        food["holder_uscc"] = food_uscc
    return enterprise(
        merchant_id="meituan-branch-0015",
        name=BRANCH,
        uscc=BRANCH_USCC,
        representative="陈晓明",
        person=None,
        subject_type="分公司",
        categories=["预包装食品", "散装食品"],
        documents=[
            business_licence(
                BRANCH_USCC,
                BRANCH,
                "陈晓明",
                authority="杭州市滨江区市场监督管理局",
                issued="2020年08月01日",
                validity="2020年08月01日至长期",
                entity_type="有限责任公司分公司（自然人投资或控股）",
            ),
            food,
        ],
    )


scenario("branch_with_its_own_food_licence", branch(BRANCH, BRANCH_USCC, "陈晓明"), "pass")
# a branch selling under the head office's licence: the licence is another subject's
# (the food licence is issued per premises and holder; 食品安全法 art. 35, 62)
scenario(
    "branch_with_head_office_food_licence",
    branch(HQ, HQ_USCC, "王建华"),
    "fail",
    ("consistency.uscc_mismatch", "$.documents[1].holder_uscc"),
    ("consistency.name_similar", "$.documents[1].holder_name"),
    ("consistency.legal_rep_mismatch", "$.documents[1].legal_representative"),
)
scenario(
    "branch_with_head_office_licence_without_uscc",
    branch(HQ, None, "王建华"),
    "review",
    ("consistency.name_similar", "$.documents[1].holder_name"),
    ("consistency.legal_rep_mismatch", "$.documents[1].legal_representative"),
)

SZ = "示例（深圳）食品有限责任公司"
SZ_USCC = _uscc("1", NANSHAN, 74)


def shenzhen_seller(
    food_number: str, holder: str, representative: str, *, holder_uscc: str = SZ_USCC
) -> dict[str, Any]:
    return enterprise(
        merchant_id="jd-sz-0016",
        name="示例(深圳)食品有限公司",
        uscc=SZ_USCC.lower(),
        representative="刘洋",
        person=None,
        subject_type="enterprise",
        phone="0755 8612 3456",
        categories=["预包装食品"],
        documents=[
            business_licence(
                f" {SZ_USCC[:9]} {SZ_USCC[9:]} ",
                SZ,
                "刘洋",
                authority="深圳市市场监督管理局南山监督管理局",
                issued="2018年07月09日",
                validity="2018年07月09日至长期",
            ),
            {
                "kind": "food_business",
                "number": food_number,
                "holder_name": holder,
                "holder_uscc": holder_uscc,
                "legal_representative": representative,
                "issuing_authority": "深圳市市场监督管理局南山监督管理局",
                "validity": "2024.03.01-2029.02.28",
                "scope": "预包装食品（不含冷藏冷冻食品）销售",
            },
        ],
    )


# full-width brackets, spaces, 有限责任公司 / 有限公司 and a USCC typed in lower case with spaces
scenario(
    "holder_name_variants_same_seller",
    shenzhen_seller(_jy(1, NANSHAN, 75), "示例 （深圳） 食品有限公司", "刘 洋"),
    "pass",
)
# a licence issued in another province than the seller's registration: soft (branches exist)
scenario(
    "food_licence_issued_in_another_province",
    shenzhen_seller(_jy(1, XIHU, 76), "示例（深圳）食品有限公司", "刘洋"),
    "review",
    ("consistency.region_mismatch", "$.documents[1].number"),
)
# a licence of another company altogether
scenario(
    "food_licence_of_another_company",
    shenzhen_seller(
        _jy(1, NANSHAN, 77), "深圳市优鲜贸易有限公司", "刘洋", holder_uscc=_uscc("1", NANSHAN, 79)
    ),
    "fail",
    ("consistency.name_mismatch", "$.documents[1].holder_name"),
    ("consistency.uscc_mismatch", "$.documents[1].holder_uscc"),
)
# a record that says enterprise for an individual business's USCC (92…)
_MISLABELLED = tea_shop(["预包装食品"])
_MISLABELLED["subject_type"] = "企业"
_MISLABELLED["name"] = _MISLABELLED["documents"][0]["holder_name"] = "杭州市西湖区王芳茶叶店"
_MISLABELLED["documents"][1]["holder_name"] = "杭州市西湖区王芳茶叶店"
_INDIVIDUAL_USCC = _uscc("2", XIHU, 78)
_MISLABELLED["uscc"] = _MISLABELLED["documents"][0]["number"] = _INDIVIDUAL_USCC
_MISLABELLED["documents"][1]["holder_uscc"] = _INDIVIDUAL_USCC
scenario(
    "individual_business_declared_as_enterprise",
    _MISLABELLED,
    "review",
    ("consistency.subject_type_mismatch", "$.subject_type"),
)


# =========================================================================== the tests


def _verify(record: dict[str, Any]) -> Report:
    given = copy.deepcopy(record)
    report = verify(given, as_of=AS_OF)
    assert given == record, "verify modified the caller's record"
    return report


def _params() -> list[Any]:
    return [pytest.param(item, id=item.id) for item in SCENARIOS]


def test_the_table_is_large_and_unique() -> None:
    ids = [item.id for item in SCENARIOS]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 40
    decisions = {item.decision for item in SCENARIOS}
    assert decisions == {"pass", "review", "fail"}


_LOOSE_TERM = re.compile(r"^(\$\.documents\[\d+\])\.(valid_from|valid_to|long_term)$")


def _term_path(json_path: str) -> str:
    """One spelling of a path into a document's term: ``$.documents[1].valid_to`` (the key
    the record gave) and ``$.documents[1].validity.valid_to`` (the model's) name one field;
    which of them a finding names is asserted on its own (below)."""
    return _LOOSE_TERM.sub(r"\1.validity.\2", json_path)


@pytest.mark.parametrize("item", _params())
def test_decision_and_findings(item: Scenario) -> None:
    report = _verify(item.record)
    found = {
        (finding.code, _term_path(finding.json_path))
        for finding in report.findings
        if finding.severity is not Severity.INFO
    }
    assert (report.decision.value, found) == (item.decision, set(item.findings)), [
        (finding.code, finding.json_path, finding.message) for finding in report.findings
    ]
    infos = {finding.code for finding in report.findings if finding.severity is Severity.INFO}
    assert set(item.info) <= infos
    for code, expected in item.ctx.items():
        matching = [finding for finding in report.findings if finding.code == code]
        assert matching, code
        for finding in matching:
            for key, value in expected.items():
                assert finding.ctx.get(key) == value, (code, key, finding.ctx)


# --- invariants ------------------------------------------------------------------------


def _blocking_documents(record: dict[str, Any]) -> list[int]:
    """Indices of documents expired or not yet valid on AS_OF (filings never expire; an old
    copy kept next to its renewal in force is not blocking)."""
    documents = document_adapter()
    in_force: set[tuple[str, str]] = set()
    out: list[tuple[int, tuple[str, str]]] = []
    for index, raw in enumerate(record.get("documents") or ()):
        try:
            document = documents.validate_python(raw)
        except ValidationError:  # unreadable: a record.* finding, never a pass
            continue
        if not document.EXPIRES or (
            isinstance(document, DeviceBusinessLicense) and document.is_filing
        ):
            continue
        validity = document.validity
        if validity is None:
            continue
        key = (document.kind, str(document.number))
        ended = (
            not validity.long_term and validity.valid_to is not None and validity.valid_to < AS_OF
        )
        early = validity.valid_from is not None and validity.valid_from > AS_OF
        if ended or early:
            out.append((index, key))
        else:
            in_force.add(key)
    return [index for index, key in out if key not in in_force]


@pytest.mark.parametrize("item", _params())
def test_never_passes_without_what_the_law_requires(item: Scenario) -> None:
    report = _verify(item.record)
    if item.required_missing or _blocking_documents(item.record):
        assert report.decision is not Decision.PASS
        assert any(finding.severity is Severity.ERROR for finding in report.findings)
    if item.decision == "pass":  # the scenario's own claim: nothing required is missing
        assert not item.required_missing
        assert not _blocking_documents(item.record)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _personal_numbers(record: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    phone = record.get("contact_phone")
    if phone is not None:
        raw = str(phone)
        digits = _digits(raw)
        found |= {raw, digits}
        if digits.startswith("86") and len(digits) == 13:
            found.add(digits[2:])
        if digits.startswith("0") and len(digits) >= 10:  # a landline: area code + number
            found.add(digits[-8:])
    person = record.get("legal_representative")
    if isinstance(person, dict) and person.get("id_number"):
        found.add(str(person["id_number"]))
    for document in record.get("documents") or ():
        if document.get("kind") == "identity":
            found.add(str(document["number"]))
    found |= {number.lower() for number in found}
    return {number for number in found if len(_digits(number)) >= 7}


@pytest.mark.parametrize("item", _params())
def test_report_json_holds_no_id_or_phone_number(item: Scenario) -> None:
    report = _verify(item.record)
    text = report.to_json()
    compact = re.sub(r"[\s\-]", "", text)
    for number in _personal_numbers(item.record):
        assert number not in text, number[:3]
        assert _digits(number) not in _digits_runs(compact), number[:3]


def _digits_runs(text: str) -> set[str]:
    """Every maximal run of digits in ``text`` (a number split by spaces or hyphens is
    joined first by the caller)."""
    return set(re.findall(r"\d+", text))


_MISSING_CODES = frozenset(
    {
        "merchant.uscc_missing",
        "merchant.turnover_unknown",
        "merchant.identity_missing",
        "record.missing_field",
        "license.validity_missing",
        "document.business_license_missing",
    }
)
_VALIDITY_KEYS = ("valid_from", "valid_to", "long_term")


def _resolve(record: Any, path: tuple[str | int, ...]) -> bool:
    """Whether ``path`` names a place in ``record`` as given.

    A document's term is one field however it is given (docs/models.md, "Dates and
    validity"): ``validity`` names a document's ``validity`` value or, when the record
    gives the term as top-level keys, those keys; ``validity.valid_to`` names a key of a
    ``validity`` object, a ``validity`` given as one value (a range string, a pair), or the
    top-level ``valid_to``.
    """
    node = record
    for position, step in enumerate(path):
        rest = path[position + 1 :]
        if step == "validity" and isinstance(node, dict) and "validity" not in node:
            if rest and rest[0] in _VALIDITY_KEYS:
                return len(rest) == 1 and rest[0] in node
            return not rest and any(key in node for key in _VALIDITY_KEYS)
        if isinstance(step, int):
            if not isinstance(node, list) or not 0 <= step < len(node):
                return False
        elif not isinstance(node, dict) or step not in node:
            return False
        node = node[step]
        if step == "validity" and not isinstance(node, dict):
            return not rest or (len(rest) == 1 and rest[0] in _VALIDITY_KEYS)
    return True


@pytest.mark.parametrize("item", _params())
def test_findings_name_paths_of_the_record(item: Scenario) -> None:
    report = _verify(item.record)
    for finding in report.findings:
        path = tuple(finding.path)
        if finding.code in _MISSING_CODES:
            assert _resolve(item.record, path[:-1]), (finding.code, finding.json_path)
        else:
            assert _resolve(item.record, path), (finding.code, finding.json_path)


# --- found by the scenarios, asserted on their own ---------------------------------------


def test_natural_person_selling_handicrafts_above_the_limit_is_reviewed() -> None:
    # 电子商务法 art. 10 (reference §8 [L]): 个人销售自产农副产品、家庭手工业产品 need no
    # registration whatever the turnover; whether the goods are the person's own is for a
    # person to confirm, as for farm produce
    report = _verify(
        natural_person(categories=["手工艺品"], declared_annual_turnover_yuan="15万元")
    )
    assert report.decision is Decision.REVIEW
    assert "merchant.exemption_exceeded" not in report.codes
