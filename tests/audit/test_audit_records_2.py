"""Audit round 2 of reading records as platforms' onboarding pipelines produce them: OCR of
licences, spreadsheet exports, other services' JSON.

Contract (docs/models.md "Merchant", "Documents", "The discriminated union", "Values as OCR
reads them"; docs/verify.md "When the record is not well formed"; docs/types.md "Dates"):
every form a platform really sends is read correctly or gives a finding that names the
field; nothing crashes; a record missing what it needs never passes; and a complete, real
record is never failed because of a harmless form — a document that qualcheck could not
read does not show that the seller lacks it.

Defects this audit found and fixed (their tests stay as regression tests):

* a licence qualcheck could not read (a kind spelt ``food_license`` or ``JY``, a number
  left empty, documents given keyed by kind) was left out and the record then FAILED with
  ``category.license_missing`` "the record holds none" — now *review* when the document left
  out may be the missing one (``record.entry_dropped`` names the kind it was read as);
* an empty cell as a document's number (``""``, ``无``) FAILED as a number of length 0, and
  as a representative's ID number as a resident ID of length 0: now a missing number;
* ``"scope": null``, ``"validity": ""``, ``"documents": ""`` and ``"shops": ""`` were
  unreadable values (review) instead of no value;
* the business licence's spread labels (``名　　称``, ``类　　型``) were kept as part of
  the name (review) and the type (refused);
* ``merchant_id``/``shop_id`` stored by a spreadsheet as ``100001.0`` were refused (the shop
  was dropped).

Identifiers are the bundled examples' and generated ones (``make_ric``): they belong to
nobody.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from audit_support import AS_OF, RIC, example, food_shop, json_paths, not_pass

from qualcheck import Decision, Report, verify
from qualcheck.models import Merchant, document_kind

FOOD_SHOP = 0  # an enterprise with a business licence and a food business licence
NATURAL = 6  # a natural person identified by an identity document


def check(record: Any) -> Report:
    return verify(record, as_of=AS_OF)


def located(report: Report) -> list[tuple[str, str, str]]:
    """(code, path, decision) of every finding."""
    return [(f.code, f.json_path, f.decision.value) for f in report.findings]


def decisions_of(report: Report, code: str) -> set[Decision]:
    return {f.decision for f in report.findings if f.code == code}


def _ocr_licence() -> dict[str, Any]:
    """The food shop's business licence as an OCR service reads the printed copy."""
    record = food_shop()
    licence = record["documents"][0]
    for key in ("valid_from", "valid_to"):
        licence.pop(key)
    licence.update(
        {
            "kind": "营业执照（副本）",
            "number": "统一社会信用代码\n9133 0106 JU6X\nYHXB 07",
            "holder_name": "名　　称　杭州示例优选食品有限公司",
            "entity_type": "类　　型：有限责任公司(自然人投资或控股)",
            "legal_representative": "法定代表人:张三",
            "address": "住　　所：浙江省杭州市西湖区文三路478号示例大厦1幢101室",
            "issuing_authority": "登记机关：杭州市西湖区市场监督管理局",
            "established_on": "成立日期：2019年04月02日",
            "issue_date": "2023年05月08日",
            "validity": "营业期限:2019年04月02日至\n长期",
            "scope": (
                "经营范围 一般项目：食品销售（仅销售预包装食品）；食用农产品零售；日用\n"
                "百货销售。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。"
                "许可项目：食品销售\n（依法须经批准的项目，经相关部门批准后方可开展经营活动，"
                "具体经营项目以相关部门批准文件或许可证件为准）\n"
                "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn"
            ),
        }
    )
    record["subject_type"] = "类　　型　有限责任公司（自然人投资或控股）"
    record["name"] = "名　　称：杭州示例优选食品有限公司"
    return record


# ----------------------------------------------------------------- OCR of a business licence


def test_the_base_records_pass() -> None:
    assert check(food_shop()).decision is Decision.PASS
    assert check(example(NATURAL)).decision is Decision.PASS


def test_an_ocr_read_business_licence_is_read_and_passes() -> None:
    record = _ocr_licence()
    merchant = Merchant.model_validate(record)
    licence = merchant.documents[0]
    assert merchant.name == licence.holder_name == "杭州示例优选食品有限公司"
    assert merchant.subject_type.value == "enterprise"
    assert licence.number == merchant.uscc
    assert licence.legal_representative == "张三"
    assert licence.validity is not None
    assert licence.validity.long_term
    assert str(licence.established_on) == "2019-04-02"
    assert check(record).decision is Decision.PASS


@pytest.mark.parametrize(
    ("field", "printed"),
    [
        ("name", "名 称 杭州示例优选食品有限公司"),
        ("name", "名　　称\n杭州示例优选食品有限公司"),
        ("name", "企 业 名 称：杭州示例优选食品有限公司"),
        ("subject_type", "类 型：有限责任公司(自然人投资或控股)"),
        ("subject_type", "类　　型 有限责任公司"),
    ],
)
def test_spread_labels_of_the_licence_are_dropped(field: str, printed: str) -> None:
    """The licence spreads its two-character labels over four characters' width; OCR
    reads them with spaces between the characters."""
    record = food_shop()
    record[field] = printed
    record["documents"][0]["holder_name"] = printed if field == "name" else record["name"]
    report = check(record)
    assert (report.decision, report.findings) == (Decision.PASS, ()), located(report)


@pytest.mark.parametrize(
    "printed", ["法 定 代 表 人：张 三", "法定代表人\n张三", "法定代表人（负责人）：张三"]
)
def test_spread_or_broken_representative_labels_are_read(printed: str) -> None:
    record = food_shop()
    record["documents"][0]["legal_representative"] = printed
    assert check(record).decision is Decision.PASS


def test_a_spread_label_never_hides_another_sellers_name() -> None:
    record = food_shop()
    record["documents"][0]["holder_name"] = "名　　称　杭州另一家食品有限公司"
    report = check(record)
    assert report.decision is Decision.FAIL
    assert ("consistency.name_mismatch", "$.documents[0].holder_name", "fail") in located(report)


@pytest.mark.parametrize(
    "number",
    [
        "JY13301067319160号",
        "JY1 3301 0673 19160",
        "JY133010\n67319160",
        "许可证编号：JY13301067319160",
    ],
)
def test_food_licence_numbers_as_printed_are_read(number: str) -> None:
    record = food_shop()
    record["documents"][1]["number"] = number
    assert check(record).decision is Decision.PASS


@pytest.mark.parametrize("tail", ["号", " (1-1)", "\n副本编号：1-1"])
def test_debris_after_a_uscc_is_named_never_passed(tail: str) -> None:
    record = food_shop()
    record["uscc"] += tail
    report = check(record)
    assert not_pass(report)
    assert json_paths(report)[0] == "$.uscc"


def test_scope_tails_and_the_footer_do_not_break_the_food_licence() -> None:
    record = food_shop()
    record["documents"][1]["scope"] = (
        "经营项目：预包装食品销售（含冷藏冷冻食\n品）；散装食品销售（不含散装熟食）；网络经营\n"
        "（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
    )
    scope = Merchant.model_validate(record).documents[1].scope
    assert scope[1] == "散装食品销售（不含散装熟食）"
    assert check(record).decision is Decision.PASS


# ------------------------------------------- documents qualcheck could not read: never FAIL


@pytest.mark.parametrize("kind", ["food_license", "JY", "FoodLicence", "食品经营许可证书"])
def test_a_food_licence_of_an_unknown_spelling_is_reviewed_not_failed(kind: str) -> None:
    record = food_shop()
    record["documents"][1]["kind"] = kind
    report = check(record)
    assert report.decision is Decision.REVIEW
    assert located(report)[:2] == [
        ("record.unknown_document_kind", "$.documents[1]", "review"),
        ("record.entry_dropped", "$.documents[1]", "review"),
    ]
    assert decisions_of(report, "category.license_missing") == {Decision.REVIEW}


@pytest.mark.parametrize("shape", ["by_kind", "by_title", "one_document", "json_text"])
def test_documents_in_another_shape_are_reviewed_not_failed(shape: str) -> None:
    record = food_shop()
    documents = record["documents"]
    record["documents"] = {
        "by_kind": {document["kind"]: document for document in documents},
        "by_title": {"营业执照": documents[0], "食品经营许可证": documents[1]},
        "one_document": documents[1],
        "json_text": json.dumps(documents, ensure_ascii=False),
    }[shape]
    report = check(record)
    assert report.decision is Decision.REVIEW
    assert located(report)[0] == ("record.invalid_value", "$.documents", "review")
    assert decisions_of(report, "category.license_missing") == {Decision.REVIEW}


@pytest.mark.parametrize("number", ["", "   ", None, "无", "/"])
def test_an_empty_licence_number_is_a_missing_number(number: Any) -> None:
    record = food_shop()
    record["documents"][1]["number"] = number
    report = check(record)
    assert report.decision is Decision.REVIEW
    assert located(report)[:2] == [
        ("record.missing_field", "$.documents[1].number", "review"),
        ("record.entry_dropped", "$.documents[1]", "review"),
    ]
    dropped = report.findings[1]
    assert dropped.ctx == {"kind": "food_business"}
    assert "number" in report.findings[0].message


def test_a_titled_licence_left_out_names_its_kind() -> None:
    record = food_shop()
    record["documents"][1]["kind"] = "食品经营许可证（副本）"
    record["documents"][1]["number"] = ""
    report = check(record)
    assert report.findings[1].code == "record.entry_dropped"
    assert report.findings[1].ctx == {"kind": "food_business"}


def test_a_licence_of_another_kind_left_out_does_not_excuse_a_missing_one() -> None:
    record = food_shop()
    record["documents"][1] = {"kind": "drug_business", "number": ""}
    report = check(record)
    assert report.decision is Decision.FAIL
    assert decisions_of(report, "category.license_missing") == {Decision.FAIL}


def test_no_documents_at_all_still_fail() -> None:
    for documents in ([], None, ""):
        record = food_shop()
        record["documents"] = documents
        report = check(record)
        assert report.decision is Decision.FAIL, documents
        assert decisions_of(report, "category.license_missing") == {Decision.FAIL}


def test_an_unread_business_licence_makes_a_missing_uscc_review() -> None:
    record = food_shop()
    del record["uscc"]
    record["documents"][0]["kind"] = "企业法人营业执照"  # the pre-2015 title, not read
    report = check(record)
    assert report.decision is Decision.REVIEW
    assert decisions_of(report, "merchant.uscc_missing") == {Decision.REVIEW}


def test_a_missing_uscc_with_only_a_food_licence_left_out_still_fails() -> None:
    record = food_shop()
    del record["uscc"]
    del record["documents"][0]
    record["documents"][0]["number"] = ""
    report = check(record)
    assert decisions_of(report, "merchant.uscc_missing") == {Decision.FAIL}


def test_an_unread_identity_document_makes_a_missing_identity_review() -> None:
    record = example(NATURAL)
    (index,) = [i for i, doc in enumerate(record["documents"]) if doc["kind"] == "identity"]
    record["documents"][index]["kind"] = "身份证明"
    record.pop("legal_representative", None)
    report = check(record)
    assert report.decision is Decision.REVIEW
    assert decisions_of(report, "merchant.identity_missing") == {Decision.REVIEW}


def test_a_natural_person_without_any_identity_still_fails() -> None:
    record = example(NATURAL)
    record["documents"] = []
    record.pop("legal_representative", None)
    assert check(record).decision is Decision.FAIL


def test_a_dropped_licence_never_makes_a_record_pass() -> None:
    """The cap only lowers fail to review: a seller who lacks the licence is never passed."""
    for kind in ("food_license", "", "x" * 100):
        record = food_shop()
        record["documents"][1] = {"kind": kind, "number": "JY13301067319160"}
        assert not_pass(check(record)), kind


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("营业执照", "business_license"),
        ("营业执照（副本）", "business_license"),
        ("食品经营许可证", "food_business"),
        ("食品经营许可证正本", "food_business"),
        ("药品经营许可证", "drug_business"),
        ("第二类医疗器械经营备案凭证", "device_business"),
        ("仅销售预包装食品备案", "food_filing"),
        ("Food Business License", "food_business"),
        ("FOOD_BUSINESS", "food_business"),
    ],
)
def test_kinds_in_chinese_and_other_cases_are_read(title: str, kind: str) -> None:
    found = document_kind(title)
    assert found is not None
    assert found[0] == kind
    if kind in ("business_license", "food_business"):  # the food shop's own documents
        record = food_shop()
        index = 0 if kind == "business_license" else 1
        record["documents"][index]["kind"] = title
        assert Merchant.model_validate(record).documents[index].kind == kind
        assert check(record).decision is Decision.PASS


# ------------------------------------------------------------------------ spreadsheet exports


@pytest.mark.parametrize("serial", [45000, 45000.0, "45000", 47000])
@pytest.mark.parametrize("field", ["issue_date", "valid_from", "valid_to"])
def test_an_excel_serial_date_is_reviewed_never_read_as_a_date(field: str, serial: Any) -> None:
    record = food_shop()
    document = record["documents"][1]
    document.pop("validity")
    document.update({"valid_from": "2023.06.12", "valid_to": "2028.06.11", field: serial})
    report = check(record)
    assert report.decision is Decision.REVIEW
    first = report.findings[0]
    assert (first.code, first.json_path) == ("record.invalid_value", f"$.documents[1].{field}")
    assert "spreadsheet" in first.message
    assert "电子表格" in first.message_zh


@pytest.mark.parametrize("serial", [45000, 45000.0])
def test_an_excel_serial_elsewhere_is_named(serial: Any) -> None:
    for field, path in (("last_verified_at", "$.last_verified_at"),):
        record = food_shop()
        record[field] = serial
        report = check(record)
        assert located(report) == [("record.invalid_value", path, "review")]


@pytest.mark.parametrize(
    ("flag", "network"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("N", False),
        (1.0, True),
        (0.0, False),
        ("", False),
    ],
)
def test_spreadsheet_booleans_are_read(flag: Any, network: bool) -> None:
    record = food_shop()
    record["documents"][1]["network_operation"] = flag
    merchant = Merchant.model_validate(record)
    assert merchant.documents[1].network_operation is network  # type: ignore[attr-defined]
    assert check(record).decision is Decision.PASS


@pytest.mark.parametrize(("flag", "long_term"), [("是", True), ("Y", True), (1.0, True)])
def test_a_long_term_flag_from_a_spreadsheet(flag: Any, long_term: bool) -> None:
    record = food_shop()
    licence = record["documents"][0]
    del licence["valid_to"]
    licence["long_term"] = flag
    assert Merchant.model_validate(record).documents[0].validity.long_term is long_term  # type: ignore[union-attr]
    assert check(record).decision is Decision.PASS


@pytest.mark.parametrize("flag", ["否", "N", 0.0, "", None])
def test_a_licence_neither_long_term_nor_ending_is_reviewed(flag: Any) -> None:
    record = food_shop()
    licence = record["documents"][0]
    del licence["valid_to"]
    licence["long_term"] = flag
    report = check(record)
    assert report.decision is Decision.REVIEW
    assert ("license.validity_missing", "$.documents[0].validity", "review") in located(report)


def test_ids_stored_as_floats_are_read_as_their_digits() -> None:
    record = food_shop()
    record["merchant_id"] = 100001.0
    record["shops"][0]["shop_id"] = 200002.0
    merchant = Merchant.model_validate(record)
    assert (merchant.merchant_id, merchant.shops[0].shop_id) == ("100001", "200002")
    report = check(record)
    assert (report.decision, report.merchant_id) == (Decision.PASS, "100001")


@pytest.mark.parametrize("rounded", [2.0230612e18, 1.5, float("nan"), float("inf")])
def test_a_float_id_that_lost_or_never_had_digits_is_refused(rounded: float) -> None:
    record = food_shop()
    record["merchant_id"] = rounded
    assert located(check(record)) == [("record.invalid_value", "$.merchant_id", "review")]


def test_a_turnover_and_a_phone_as_floats_are_read() -> None:
    record = food_shop()
    record["shops"][0]["annual_turnover_yuan"] = 3860000.0
    record["contact_phone"] = 13800138000.0
    assert check(record).decision is Decision.PASS


@pytest.mark.parametrize("number", [int(RIC[:17] + "0") if RIC[-1] == "X" else int(RIC), 3.3e17])
def test_an_id_number_stored_as_a_number_is_named_and_never_echoed(number: Any) -> None:
    record = food_shop()
    record["legal_representative"]["id_number"] = number
    report = check(record)
    assert not_pass(report)
    assert json_paths(report)[0] == "$.legal_representative.id_number"
    assert str(number) not in report.to_json()


# -------------------------------------------------------------------- null and "" everywhere


def test_empty_cells_in_every_document_field_are_no_values() -> None:
    for empty in (None, ""):
        record = food_shop()
        for document in record["documents"]:
            for key in list(document):
                if key not in ("kind", "number"):
                    document[key] = empty
        report = check(record)
        assert report.decision is Decision.REVIEW, empty
        # and the food licence, its holder's name and USCC empty, is tied to nobody
        codes = {f.code for f in report.findings}
        assert codes == {"license.validity_missing", "consistency.holder_missing"}, located(report)


@pytest.mark.parametrize("field", ["shops", "documents"])
def test_an_empty_cell_for_a_list_is_no_list(field: str) -> None:
    record = food_shop()
    record[field] = ""
    assert "record.invalid_value" not in check(record).codes
    assert getattr(Merchant.model_validate(record), field) == ()


def test_an_empty_id_number_is_no_id_number() -> None:
    record = food_shop()
    record["legal_representative"] = {"name": "张三", "id_number": ""}
    report = check(record)
    assert (report.decision, report.findings) == (Decision.PASS, ())


def test_an_empty_representative_name_is_still_named() -> None:
    record = food_shop()
    record["legal_representative"] = {"name": "", "id_number": ""}
    assert located(check(record)) == [
        ("record.invalid_value", "$.legal_representative.name", "review")
    ]


@pytest.mark.parametrize("field", ["subject_type", "name"])
@pytest.mark.parametrize("empty", [None, ""])
def test_an_empty_required_field_is_unreadable(field: str, empty: Any) -> None:
    record = food_shop()
    record[field] = empty
    report = check(record)
    assert report.decision is Decision.REVIEW
    assert json_paths(report)[0] == f"$.{field}"
    assert report.codes[-1] == "record.unreadable"


def test_every_top_level_cell_empty_never_passes() -> None:
    record = dict.fromkeys(food_shop(), "")
    record["subject_type"], record["name"] = "enterprise", "示例有限公司"
    report = check(record)
    assert report.decision is Decision.FAIL
    assert "merchant.uscc_missing" in report.codes


# --------------------------------------------------------- joined lists, envelopes, camelCase


@pytest.mark.parametrize(
    "joined", ["预包装食品,散装食品", "预包装食品、散装食品", "预包装食品\n散装食品"]
)
def test_categories_joined_in_one_cell(joined: str) -> None:
    record = food_shop()
    record["categories"] = joined
    assert check(record).decision is Decision.PASS


def test_banned_goods_joined_in_one_cell_still_fail() -> None:
    record = food_shop()
    record["categories"] = "预包装食品,迷药"
    report = check(record)
    assert report.decision is Decision.FAIL
    assert "category.banned" in report.codes


@pytest.mark.parametrize(
    "envelope",
    [
        lambda record: {"code": 0, "msg": "ok", "data": record},
        lambda record: {"data": {"merchant": record}},
        lambda record: json.dumps({"data": record}, ensure_ascii=False),
    ],
)
def test_an_api_envelope_is_reviewed_naming_the_fields(envelope: Any) -> None:
    """The fields that decide a verification, one level down in the envelope (``data``),
    are named as not read too (session 20: values under keys of the platform's own)."""
    report = check(envelope(food_shop()))
    assert report.decision is Decision.REVIEW
    found = located(report)
    assert found[-3:] == [
        ("record.missing_field", "$.subject_type", "review"),
        ("record.missing_field", "$.name", "review"),
        ("record.unreadable", "$", "review"),
    ]
    for code, path, _ in found[:-3]:
        assert (code, path.rsplit(".", 1)[0]) == ("record.invalid_value", "$.data")


def test_camel_case_validity_keys_are_read() -> None:
    """docs/models.md: a field's camelCase spelling is read as the field (see
    test_audit_records_3.py): ``validFrom``/``validTo`` give the licence its term."""
    record = food_shop()
    document = record["documents"][1]
    del document["validity"]
    document["validFrom"], document["validTo"] = "2023-06-12", "2028-06-11"
    report = check(record)
    assert report.decision is Decision.PASS
    assert located(report) == []


def test_a_camel_case_subject_type_is_read() -> None:
    record = food_shop()
    record["subjectType"] = record.pop("subject_type")
    report = check(record)
    assert report.decision is Decision.PASS


# ----------------------------------------------------------------- the caller's record stays


def test_reading_leaves_the_callers_record_unchanged() -> None:
    record = _ocr_licence()
    record["documents"][1]["number"] = ""
    record["documents"][1]["scope"] = None
    before = copy.deepcopy(record)
    check(record)
    assert record == before
