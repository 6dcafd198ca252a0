"""Names as platforms store them: a business licence's type (类型) as the subject type, a
document's title as its kind, and the departments of licence-free goods as categories."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from qualcheck import Decision, Report, verify
from qualcheck.models import (
    IdentityType,
    Merchant,
    SubjectType,
    document_adapter,
    document_kind,
)

AS_OF = datetime.date(2026, 11, 29)
EXAMPLES = [
    json.loads(line)
    for line in (Path(__file__).resolve().parents[1] / "examples" / "merchants.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]
FOOD_SHOP, INDIVIDUAL, NATURAL = 0, 7, 6  # examples that pass as of AS_OF


def example(index: int, **changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(EXAMPLES[index])
    record.update(changes)
    return record


def located(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


# --- subject types as a business licence prints them --------------------------------------


@pytest.mark.parametrize(
    ("printed", "subject"),
    [
        ("有限责任公司（自然人投资或控股）", SubjectType.ENTERPRISE),
        ("有限责任公司(自然人独资)", SubjectType.ENTERPRISE),
        ("有限责任公司（非自然人投资或控股的法人独资）", SubjectType.ENTERPRISE),
        ("有限责任公司（外商投资、非独资）", SubjectType.ENTERPRISE),
        ("有限责任公司（台港澳法人独资）", SubjectType.ENTERPRISE),
        ("股份有限公司（上市、国有控股）", SubjectType.ENTERPRISE),
        ("股份有限公司(非上市、自然人投资或控股)", SubjectType.ENTERPRISE),
        ("其他有限责任公司", SubjectType.ENTERPRISE),
        ("其他股份有限公司（非上市）", SubjectType.ENTERPRISE),
        ("全民所有制", SubjectType.ENTERPRISE),
        ("集体所有制（股份合作）", SubjectType.ENTERPRISE),
        ("股份合作制", SubjectType.ENTERPRISE),
        ("外商独资企业", SubjectType.ENTERPRISE),
        ("中外合资经营企业", SubjectType.ENTERPRISE),
        ("非公司企业法人", SubjectType.ENTERPRISE),
        ("普通合伙企业", SubjectType.ENTERPRISE),
        ("Limited Liability Company", SubjectType.ENTERPRISE),
        ("有限责任公司分公司（自然人投资或控股）", SubjectType.BRANCH),
        ("股份有限公司分公司(上市、国有控股)", SubjectType.BRANCH),
        ("个人独资企业分支机构", SubjectType.BRANCH),
        ("合伙企业分支机构", SubjectType.BRANCH),
        ("个体", SubjectType.INDIVIDUAL_BUSINESS),
        ("个体（个人经营）", SubjectType.INDIVIDUAL_BUSINESS),
        ("个体工商户(家庭经营)", SubjectType.INDIVIDUAL_BUSINESS),
        ("农民专业合作社（联合社）", SubjectType.COOPERATIVE),
        ("农民专业合作社分支机构", SubjectType.COOPERATIVE),
        ("Farmers' Co-operative", SubjectType.COOPERATIVE),
        ("事业单位分支机构", SubjectType.OTHER),
        ("社会团体分支机构", SubjectType.OTHER),
    ],
)
def test_a_licence_type_names_the_subject(printed: str, subject: SubjectType) -> None:
    merchant = Merchant.model_validate({"subject_type": printed, "name": "示例"})
    assert merchant.subject_type is subject


@pytest.mark.parametrize(
    "printed",
    [
        "外国（地区）企业常驻代表机构",  # may not trade
        "外国企业常驻代表处",
        "某某分支机构",
        "（有限责任公司）",  # only a qualifier
        "有限责任公司（自然人投资",  # a bracket never closed
        "个人店铺",
        "公司化运营",
    ],
)
def test_other_printed_types_are_refused_at_the_field(printed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Merchant.model_validate({"subject_type": printed, "name": "示例"})
    assert [error["loc"] for error in caught.value.errors()] == [("subject_type",)]
    report = verify(example(FOOD_SHOP, subject_type=printed), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert ("record.invalid_value", "$.subject_type") in located(report)


def test_sellers_whose_subject_is_their_licence_type_pass() -> None:
    enterprise = example(FOOD_SHOP, subject_type="有限责任公司(自然人投资或控股)")
    individual = example(INDIVIDUAL, subject_type="个体（个人经营）")
    for record in (enterprise, individual):
        report = verify(record, as_of=AS_OF)
        assert report.decision is Decision.PASS, located(report)


def test_a_licence_type_of_another_kind_than_the_uscc_is_reviewed() -> None:
    """A branch is registered with an enterprise's USCC type (91); an individual business's
    type with a 91 USCC is a mismatch, reviewed at the field."""
    branch = verify(example(FOOD_SHOP, subject_type="有限责任公司分公司"), as_of=AS_OF)
    assert branch.decision is Decision.PASS, located(branch)
    individual = verify(example(FOOD_SHOP, subject_type="个体（家庭经营）"), as_of=AS_OF)
    assert individual.decision is Decision.REVIEW
    assert located(individual) == [("consistency.subject_type_mismatch", "$.subject_type")]


# --- document titles as kinds -------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("营业执照", "business_license"),
        ("营业执照（副本）", "business_license"),
        ("营业执照正本", "business_license"),
        ("营业执照电子版", "business_license"),
        ("Business Licence", "business_license"),
        ("business-license", "business_license"),
        ("BUSINESS_LICENSE", "business_license"),
        ("食品经营许可证", "food_business"),
        ("食品经营许可证(副本)", "food_business"),
        ("Food Business Licence", "food_business"),
        ("仅销售预包装食品备案", "food_filing"),
        ("仅销售预包装食品经营者备案", "food_filing"),
        ("食品生产许可证", "food_production"),
        ("药品经营许可证", "drug_business"),
        ("互联网药品信息服务资格证书", "drug_info"),
        ("医疗器械经营许可证", "device_business"),
        ("第二类医疗器械经营备案凭证", "device_business"),
        ("医疗器械经营许可证/备案凭证", "device_business"),
        ("认证机构批准书", "cnca"),
        ("检验检测机构资质认定证书", "cma"),
        ("CMA证书", "cma"),
        ("身份证件", "identity"),
        (" 食品 经营 许可证 ", "food_business"),
        ("ｆｏｏｄ＿ｂｕｓｉｎｅｓｓ", "food_business"),
    ],
)
def test_a_title_names_its_kind(title: str, kind: str) -> None:
    assert document_kind(title) == (kind, None)


@pytest.mark.parametrize(
    ("title", "identity"),
    [
        ("居民身份证", IdentityType.RESIDENT_ID_CARD),
        ("身份证", IdentityType.RESIDENT_ID_CARD),
        ("港澳居民居住证", IdentityType.RESIDENCE_PERMIT),
        ("外国人永久居留身份证", IdentityType.PERMANENT_RESIDENCE_CARD),
        ("护照", IdentityType.PASSPORT),
        ("passport", IdentityType.PASSPORT),
        ("回乡证", IdentityType.HK_MACAO_TRAVEL_PERMIT),
    ],
)
def test_the_title_of_an_identity_document_names_its_type(
    title: str, identity: IdentityType
) -> None:
    assert document_kind(title) == ("identity", identity)


@pytest.mark.parametrize(
    "name",
    ["税务登记证", "排污许可证", "其他", "其它", "食品", "营业执照复印件说明", "许可证", "", "tax"],
)
def test_other_names_name_no_kind(name: str) -> None:
    assert document_kind(name) is None


def test_a_document_read_by_its_title_has_the_kind_itself() -> None:
    documents = document_adapter()
    licence = documents.validate_python({"kind": "食品经营许可证", "number": "JY14403050000010"})
    assert (type(licence).__name__, licence.kind) == ("FoodBusinessLicense", "food_business")
    card = documents.validate_python({"kind": "护照", "number": "E12345678"})
    assert (card.kind, card.id_type) == ("identity", IdentityType.PASSPORT)
    given = documents.validate_python(  # a type given is kept (the number's form decides)
        {"kind": "护照", "id_type": "回乡证", "number": "H12345678"}
    )
    assert given.id_type is IdentityType.HK_MACAO_TRAVEL_PERMIT
    original = {"kind": "营业执照", "number": "91110000600037341L"}
    documents.validate_python(original)
    assert original == {"kind": "营业执照", "number": "91110000600037341L"}  # not changed


def test_a_record_with_titles_for_kinds_is_verified_like_one_with_kinds() -> None:
    canonical = example(FOOD_SHOP)
    titled = example(FOOD_SHOP)
    titled["documents"][0]["kind"] = "营业执照（副本）"
    titled["documents"][1]["kind"] = "食品经营许可证"
    first, second = verify(canonical, as_of=AS_OF), verify(titled, as_of=AS_OF)
    assert second.decision is first.decision is Decision.PASS
    assert second.checks == first.checks
    assert second.input_digest != first.input_digest  # the record as given


def test_findings_in_a_titled_document_name_its_place_in_the_record() -> None:
    record = example(FOOD_SHOP)
    record["documents"][1]["kind"] = "食品经营许可证"
    record["documents"][1]["number"] = "JY1440305000001X"
    report = verify(record, as_of=AS_OF)
    assert located(report)[:2] == [
        ("food_business.charset", "$.documents[1].number"),
        ("record.entry_dropped", "$.documents[1]"),
    ]
    record["documents"][1]["number"] = "JY14403050000010"
    record["documents"][1]["kind"] = "食品经营许可证"
    record["documents"][1]["scope"] = {"not": "a scope"}
    report = verify(record, as_of=AS_OF)
    assert located(report)[0] == ("record.invalid_value", "$.documents[1].scope")


def test_an_unknown_title_is_still_an_unknown_kind() -> None:
    record = example(FOOD_SHOP)
    record["documents"].append({"kind": "税务登记证", "number": "X"})
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert located(report)[:2] == [
        ("record.unknown_document_kind", "$.documents[2]"),
        ("record.entry_dropped", "$.documents[2]"),
    ]


# --- departments of licence-free goods ----------------------------------------------------


@pytest.mark.parametrize(
    "categories",
    [
        ["服装"],
        ["女装", "鞋靴", "箱包"],
        ["服装 > 女装"],
        ["数码/家电"],
        "手机、电脑办公、玩具",
        ["化妆品"],
        ["美妆", "护肤品"],
        ["Clothing", "Cosmetics"],
    ],
)
def test_sellers_of_licence_free_goods_pass(categories: Any) -> None:
    record = example(FOOD_SHOP, categories=categories)
    record["documents"] = record["documents"][:1]  # the business licence alone
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, located(report)


@pytest.mark.parametrize(
    "department", ["母婴", "个护健康", "眼镜", "宠物用品", "园艺", "服装 > 女装 > 连衣裙"]
)
def test_departments_that_hold_licensed_goods_are_reviewed(department: str) -> None:
    record = example(FOOD_SHOP, categories=[department])
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert located(report) == [("category.unknown", "$.categories[0]")]


@pytest.mark.parametrize(
    ("department", "code"),
    [
        ("图书", "category.special_permit"),  # a publication business licence
        ("农药", "category.special_permit"),
        ("兽药", "category.special_permit"),
        ("种子", "category.special_permit"),
    ],
)
def test_goods_under_a_permit_qualcheck_cannot_verify_are_reviewed(
    department: str, code: str
) -> None:
    record = example(FOOD_SHOP, categories=[department])
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert located(report) == [(code, "$.categories[0]")]


@pytest.mark.parametrize("goods", ["香烟", "卷烟", "电子烟", "烟弹", "食品 > 烟酒 > 电子烟"])
def test_tobacco_and_e_cigarettes_may_not_be_sold_online(goods: str) -> None:
    record = example(FOOD_SHOP, categories=[goods])
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert ("category.banned", "$.categories[0]") in located(report)


@pytest.mark.parametrize("goods", ["月饼", "粽子", "乳制品", "饼干"])
def test_common_foods_are_food(goods: str) -> None:
    record = example(FOOD_SHOP, categories=[goods])  # the food shop's JY (form 1)
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, located(report)


@pytest.mark.parametrize("goods", ["鸡蛋", "猪肉", "水产品"])
def test_fresh_meat_eggs_and_fish_need_no_food_licence(goods: str) -> None:
    record = example(FOOD_SHOP, categories=[goods])
    record["documents"] = record["documents"][:1]  # the business licence alone
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, located(report)


def test_a_banned_good_inside_a_licence_free_department_is_still_banned() -> None:
    record = example(FOOD_SHOP, categories=["玩具 > 仿真枪"])
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert ("category.banned", "$.categories[0]") in located(report)
