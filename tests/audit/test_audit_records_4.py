"""Audit round 4 of reading records: fields named in Chinese.

Contract (docs/models.md "Field names"; docs/verify.md "The record"; docs/batch.md "CSV:
the column mapping"): a record may name its fields in Chinese, as forms, OCR of a licence
and spreadsheet exports do — in the merchant (``商户名称``, ``统一社会信用代码``,
``法定代表人``, ``经营类目`` …), its legal representative (``姓名``, ``身份证号``,
``证件类型``), its shops (``店铺编号``, ``年营业额``), its documents (``名称``, ``编号``,
``法定代表人``, ``有效期至``, ``证照类型`` …) and their validity.  A JSON record and a CSV
header read the same names from one table (``qualcheck._spelling``), each name as the
field of its level only: ``名称`` is the merchant's name in the merchant and the holder's
name on a document, ``统一社会信用代码`` the merchant's ``uscc`` and a document's
``holder_uscc``.  The rules are those of camelCase: a field given twice (its own name and
a Chinese one, or two Chinese ones) with different values is ``spelling_conflict`` naming
the field (a verification: ``record.invalid_value`` at the Chinese key, review); equal
values are read once; the JSON Schema and ``model_dump`` keep snake_case; findings name
the key as given.  The legal representative's ID number given next to the merchant's
fields (``身份证号``, as a flat export writes it) is the person's ``id_number``, as the CSV
column is.  A Chinese key that names no field is the platform's own.

Defects this audit found and fixed (their tests stay as regression tests):

* fail-open (the lead's): ``法定代表人``, ``经营者`` or ``负责人`` in place of
  ``legal_representative`` was ignored, so another person than the licences name PASSED
  without the representative ever being compared; so were a document's ``名称``
  (another company on the licence: PASS) and ``有效期至`` (an expired licence, only
  reviewed for a missing term);
* fail-open: ``经营类目`` was ignored, so a seller declaring food under it needed no food
  licence;
* the CSV reader kept its own table of Chinese names: the same header and the same JSON
  key were read differently.

Identifiers are the bundled examples' and generated ones (``make_ric``): they belong to
nobody.
"""

from __future__ import annotations

import copy
import datetime
import json
import random
from pathlib import Path
from typing import Any

import pytest
from audit_support import (
    AS_OF,
    EXAMPLE_RECORDS,
    RIC,
    example,
    food_shop,
    json_paths,
    natural_person,
    not_pass,
    write_file,
)
from pydantic import ValidationError

from qualcheck import Decision, Report, verify
from qualcheck._spelling import (
    DOCUMENT_NAMES_ZH,
    MERCHANT_NAMES_ZH,
    PERSON_NAMES_ZH,
    SHOP_NAMES_ZH,
    chinese_key,
    respell,
)
from qualcheck.batch import iter_input
from qualcheck.batch._inputs import CSV_COLUMNS, _canonical_column
from qualcheck.models import DOCUMENT_KINDS, IdentityDocument, Merchant, document_adapter
from qualcheck.models.documents import DOCUMENT_SPELLINGS
from qualcheck.models.merchant import _MERCHANT_SPELLINGS
from qualcheck.testing import make_ric

FOOD_LICENCE = 1  # food_shop()'s second document: its food business licence
OTHER_RIC = make_ric(birth_date=datetime.date(1979, 3, 4), rng=random.Random(4))


def check(record: Any) -> Report:
    return verify(record, as_of=AS_OF)


def located(report: Report) -> list[tuple[str, str, str]]:
    """(code, path, decision) of every finding."""
    return [(f.code, f.json_path, f.decision.value) for f in report.findings]


def first_names(table: dict[str, str]) -> dict[str, str]:
    """field → the first of its Chinese names in ``table``."""
    return {field: names.split()[0] for field, names in table.items()}


def in_chinese(mapping: dict[str, Any], table: dict[str, str]) -> dict[str, Any]:
    """``mapping`` with every key ``table`` has a name for named by it."""
    names = first_names(table)
    return {names.get(key, key): value for key, value in mapping.items()}


def chinese_record(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with every field named in Chinese where it has a name, at every level,
    and each document's kind given as its Chinese title."""
    out = in_chinese(record, MERCHANT_NAMES_ZH)
    person = out.get("法定代表人")
    if isinstance(person, dict):
        out["法定代表人"] = in_chinese(person, PERSON_NAMES_ZH)
    if isinstance(out.get("shops"), list):
        out["shops"] = [
            in_chinese(s, SHOP_NAMES_ZH) if isinstance(s, dict) else s for s in out["shops"]
        ]
    documents = []
    for document in out.get("documents") or ():
        if isinstance(document, dict):
            document = dict(document)
            if document.get("kind") in DOCUMENT_KINDS:
                document["kind"] = DOCUMENT_KINDS[document["kind"]].TITLE_ZH
            document = in_chinese(document, DOCUMENT_NAMES_ZH)
            if isinstance(document.get("有效期"), dict):
                document["有效期"] = in_chinese(document["有效期"], DOCUMENT_NAMES_ZH)
        documents.append(document)
    if "documents" in out:
        out["documents"] = documents
    return out


# ------------------------------------------------------------- the lead's fail-open case


@pytest.mark.parametrize("key", ["法定代表人", "经营者", "负责人", "法定代表人姓名"])
def test_representative_under_a_chinese_name_is_compared(key: str) -> None:
    """Before: PASS with the representative never compared to the licences."""
    record = food_shop()
    record[key] = record.pop("legal_representative")
    assert check(record).decision is Decision.PASS  # the same person: rightly

    record[key] = {"name": "王二麻", "id_number": RIC} if key != "法定代表人姓名" else "王二麻"
    report = check(record)
    assert not_pass(report)
    assert ("consistency.legal_rep_mismatch", "$.documents[1].legal_representative", "review") in (
        located(report)
    )


def test_document_holder_and_term_under_chinese_names() -> None:
    """Before: another company on the licence PASSED; an expired licence was only missing
    its term."""
    record = food_shop()
    licence = record["documents"][FOOD_LICENCE]
    licence["名称"] = licence.pop("holder_name")
    licence["法定代表人"] = licence.pop("legal_representative")
    assert check(record).decision is Decision.PASS

    licence["名称"] = "宁波别家贸易有限公司"
    report = check(record)
    assert report.decision is Decision.FAIL
    assert ("consistency.name_mismatch", "$.documents[1].名称", "fail") in located(report)

    record = food_shop()
    licence = record["documents"][FOOD_LICENCE]
    del licence["validity"]
    licence.update({"有效期起": "2020年6月12日", "有效期至": "2025年6月11日"})
    report = check(record)
    assert report.decision is Decision.FAIL
    assert "license.expired" in report.codes


def test_categories_under_a_chinese_name_need_their_licence() -> None:
    """Before: ``经营类目`` ignored — no category declared, no food licence needed."""
    record = food_shop()
    record["经营类目"] = record.pop("categories")
    del record["documents"][FOOD_LICENCE]
    report = check(record)
    assert report.decision is Decision.FAIL
    assert "category.license_missing" in report.codes, located(report)


def test_merchant_uscc_under_a_chinese_name_is_checked() -> None:
    record = food_shop()
    record["统一社会信用代码"] = "91110000600037341M"  # a wrong check character
    del record["uscc"]
    report = check(record)
    assert ("uscc.checksum", "$.统一社会信用代码", "fail") in located(report)


# -------------------------------------------- every example, every key named in Chinese


@pytest.mark.parametrize("index", range(len(EXAMPLE_RECORDS)))
def test_every_example_in_chinese_reads_and_decides_the_same(index: int) -> None:
    plain = example(index)
    named = chinese_record(plain)
    try:
        expected = Merchant.model_validate(plain).model_dump()
    except ValidationError:
        expected = None
    if expected is not None:
        assert Merchant.model_validate(named).model_dump() == expected
    first, second = check(plain), check(named)
    assert second.decision is first.decision
    assert [(f.code, f.decision) for f in second.findings] == [
        (f.code, f.decision) for f in first.findings
    ]


def test_findings_name_the_chinese_keys_as_given() -> None:
    record = chinese_record(food_shop())
    record["documents"][FOOD_LICENCE]["名称"] = "宁波别家贸易有限公司"
    record["documents"][FOOD_LICENCE]["发证日期"] = "2023年13月45日"
    paths = json_paths(check(record))
    assert "$.documents[1].名称" in paths
    assert "$.documents[1].发证日期" in paths


# ------------------------------------------------------ each name read at its own level


def test_ambiguous_names_are_read_by_level() -> None:
    """``名称``, ``统一社会信用代码``, ``证件号码``, ``地址``: the field of the level they are
    given at, never another level's."""
    merchant = Merchant.model_validate(
        {
            "类型": "有限责任公司（自然人投资或控股）",
            "名称": "杭州示例优选食品有限公司",
            "统一社会信用代码": "91330106JU6XYHXB07",
            "电话": "138 0013 8000",
            "法定代表人": {"姓名": "张三", "证件号码": RIC},
            "shops": [{"店铺编号": "tm-1", "名称": "示例旗舰店", "年营业额": "386万元"}],
            "documents": [
                {
                    "证照类型": "食品经营许可证",
                    "编号": "JY13301067319160",
                    "名称": "杭州示例优选食品有限公司",
                    "统一社会信用代码": "91330106JU6XYHXB07",
                    "地址": "浙江省杭州市西湖区文三路478号",
                },
                {"kind": "身份证", "证件号码": RIC, "姓名": "张三"},
            ],
        }
    )
    assert merchant.subject_type.value == "enterprise"
    assert (merchant.name, merchant.uscc) == ("杭州示例优选食品有限公司", "91330106JU6XYHXB07")
    assert merchant.contact_phone_e164 == "+8613800138000"
    assert merchant.legal_representative is not None
    assert merchant.legal_representative.name == "张三"
    assert str(merchant.legal_representative.id_number) == RIC
    shop = merchant.shops[0]
    assert (shop.shop_id, shop.name, shop.annual_turnover_yuan) == ("tm-1", "示例旗舰店", 3860000)
    licence, card = merchant.documents
    assert licence.kind == "food_business"
    assert (licence.number, licence.holder_name) == ("JY13301067319160", merchant.name)
    assert licence.holder_uscc == "91330106JU6XYHXB07"
    assert licence.address is not None
    assert merchant.address is None
    assert (card.kind, str(card.number), card.holder_name) == ("identity", RIC, "张三")


def test_a_licence_uscc_is_its_holder_uscc_not_its_number() -> None:
    """On a document, 统一社会信用代码 is the holder's (as the CSV reads it): a food
    licence whose number is missing is not given the USCC as its number."""
    report = check(
        {
            **food_shop(),
            "documents": [
                {"kind": "食品经营许可证", "统一社会信用代码": "91330106JU6XYHXB07"},
            ],
        }
    )
    assert ("record.missing_field", "$.documents[0].number", "review") in located(report)


def test_every_table_names_each_field_once() -> None:
    """No name stands for two fields of one level (a wrong mapping is worse than none);
    the names the tables list are all Chinese (ASCII keys are never looked up)."""
    for table in (MERCHANT_NAMES_ZH, PERSON_NAMES_ZH, SHOP_NAMES_ZH, DOCUMENT_NAMES_ZH):
        names = [chinese_key(name) for names in table.values() for name in names.split()]
        assert len(names) == len(set(names)), table
        assert not any(name.isascii() for name in names)


def test_unknown_chinese_keys_are_the_platform_own() -> None:
    record = food_shop()
    record["备注"] = "老客户"
    record["documents"][FOOD_LICENCE]["审核状态"] = "已审核"
    record["legal_representative"]["联系人"] = "李四"
    report = check(record)
    assert report.decision is Decision.PASS, located(report)


@pytest.mark.parametrize("key", ["名　　称", " 名称 ", "名称：", "名称:"])
def test_names_as_licences_print_them(key: str) -> None:
    document = document_adapter().validate_python(
        {"kind": "food_business", "number": "JY13301067319160", key: "示例有限公司"}
    )
    assert document.holder_name == "示例有限公司"


def test_person_and_validity_fields_in_chinese() -> None:
    document = IdentityDocument.model_validate(
        {"证件号码": "X1234567", "证件类型": "护照", "姓名": "John Smith"}
    )
    assert (document.id_type.value, document.checkable) == ("passport", False)
    record = food_shop()
    record["documents"][FOOD_LICENCE]["validity"] = {
        "有效期起": "2023-06-12",
        "有效期至": "2028-06-11",
    }
    assert check(record).decision is Decision.PASS
    record["documents"][FOOD_LICENCE]["validity"] = {
        "有效期起": "2020-06-12",
        "有效期至": "2025-06-11",
    }
    assert "license.expired" in check(record).codes


def test_a_passport_under_chinese_person_keys_is_not_judged_as_a_resident_id() -> None:
    person = natural_person("np-1", "John Smith", "X1234567", "general_goods")
    person["法定代表人"] = {"姓名": "John Smith", "证件号码": "X1234567", "证件类型": "护照"}
    del person["legal_representative"]
    report = check(person)
    assert "ric.unverifiable_document" in report.codes, located(report)
    assert not any(c.startswith("ric.") and c != "ric.unverifiable_document" for c in report.codes)


def test_an_unknown_chinese_identity_type_is_read_as_other() -> None:
    """An id type no one knows is a document of another type, never a resident ID judged
    by GB 11643 (which would fail a foreign document's number)."""
    person = natural_person("np-2", "John Smith", "X1234567", "general_goods")
    person["legal_representative"] = {
        "姓名": "John Smith",
        "证件号码": "X1234567",
        "证件类型": "军官证X",
    }
    report = check(person)
    judged = [code for code in report.codes if code in ("ric.length", "ric.format", "ric.checksum")]
    assert judged == [], located(report)
    assert "$.legal_representative.证件类型" in json_paths(report)


# ------------------------------------------------------------ both spellings given


@pytest.mark.parametrize(
    ("place", "field", "key", "value"),
    [
        ((), "name", "商户名称", "宁波别家贸易有限公司"),
        ((), "uscc", "统一社会信用代码", "91330106JU6XYHXA1X"),
        (("documents", 1), "holder_name", "名称", "宁波别家贸易有限公司"),
        (("documents", 1), "legal_representative", "负责人", "王二麻"),
        (("legal_representative",), "name", "姓名", "王二麻"),
        (("shops", 0), "shop_id", "店铺编号", "tm-999"),
    ],
)
def test_different_values_in_both_spellings_are_reviewed(
    place: tuple[Any, ...], field: str, key: str, value: str
) -> None:
    record = food_shop()
    node: Any = record
    for part in place:
        node = node[part]
    node[key] = value
    report = check(record)
    where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in (*place, key))
    assert ("record.invalid_value", where, "review") in located(report)
    assert not_pass(report)
    finding = next(f for f in report.findings if f.json_path == where)
    assert field in finding.message
    assert key in finding.message


def test_a_conflict_is_an_error_of_the_models_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Merchant.model_validate({"subject_type": "企业", "name": "示例甲", "商户名称": "示例乙"})
    error = caught.value.errors()[0]
    assert error["type"] == "spelling_conflict"
    assert (error["ctx"]["field"], error["ctx"]["key"]) == ("name", "商户名称")


def test_two_chinese_names_of_one_field_that_differ() -> None:
    record = food_shop()
    licence = record["documents"][FOOD_LICENCE]
    del licence["legal_representative"]
    licence.update({"法定代表人": "张三", "负责人": "王二麻"})
    report = check(record)
    assert ("record.invalid_value", "$.documents[1].负责人", "review") in located(report)
    message = next(f.message for f in report.findings if f.json_path.endswith("负责人"))
    assert "法定代表人" in message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("名称", " 杭州示例优选食品有限公司 "),
        ("名称", "杭州示例优选食品有限公司"),
        ("有效期", "2023年6月12日至2028年6月11日"),
        ("证照类型", "食品经营许可证"),
        ("编号", "ＪＹ13301067319160"),
    ],
)
def test_equal_values_in_both_spellings_are_fine(key: str, value: str) -> None:
    record = food_shop()
    record["documents"][FOOD_LICENCE][key] = value
    assert check(record).decision is Decision.PASS, located(check(record))


def test_a_representative_as_a_name_agrees_with_the_object() -> None:
    record = food_shop()
    record["法定代表人"] = "张三"
    assert check(record).decision is Decision.PASS
    record["法定代表人"] = "王二麻"
    assert ("record.invalid_value", "$.法定代表人", "review") in located(check(record))


def test_a_chinese_kind_that_contradicts_kind_is_reviewed() -> None:
    record = food_shop()
    record["documents"][FOOD_LICENCE]["证照类型"] = "营业执照"
    report = check(record)
    assert ("record.invalid_value", "$.documents[1].证照类型", "review") in located(report)


def test_conflicting_id_numbers_are_not_quoted() -> None:
    record = food_shop()
    record["legal_representative"]["身份证号"] = OTHER_RIC
    report = check(record)
    assert ("record.invalid_value", "$.legal_representative.身份证号", "review") in located(report)
    text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False)
    assert OTHER_RIC not in text
    assert record["legal_representative"]["id_number"] not in text


# ------------------------------------------- the representative's ID next to the merchant


def test_an_id_number_beside_the_merchant_fields_is_the_representatives() -> None:
    """A flat record (as a CSV row is): ``法定代表人`` a name, ``身份证号`` next to it."""
    record = food_shop()
    person = record.pop("legal_representative")
    record.update({"法定代表人": person["name"], "法定代表人身份证号": person["id_number"]})
    merchant = Merchant.model_validate(record)
    assert merchant.legal_representative is not None
    assert str(merchant.legal_representative.id_number) == person["id_number"]
    assert check(record).decision is Decision.PASS

    record["法定代表人身份证号"] = person["id_number"][:-1] + (
        "0" if person["id_number"][-1] != "0" else "1"
    )
    report = check(record)
    assert report.decision is Decision.FAIL
    assert ("ric.checksum", "$.法定代表人身份证号", "fail") in located(report)
    assert report.findings[0].json_path == "$.法定代表人身份证号"


def test_an_id_number_beside_a_person_giving_another_is_a_conflict() -> None:
    record = food_shop()
    record["身份证号"] = OTHER_RIC
    report = check(record)
    assert ("record.invalid_value", "$.身份证号", "review") in located(report)
    assert OTHER_RIC not in json.dumps(report.model_dump(mode="json"), ensure_ascii=False)
    record["身份证号"] = record["legal_representative"]["id_number"]
    assert check(record).decision is Decision.PASS


def test_a_natural_person_given_flat_in_chinese() -> None:
    record = {
        "商户编号": "np-9",
        "主体类型": "自然人",
        "商户名称": "张三",
        "法定代表人": "张三",
        "身份证号": RIC,
        "经营类目": "日用百货",
    }
    merchant = Merchant.model_validate(record)
    assert merchant.legal_representative is not None
    assert str(merchant.legal_representative.id_number) == RIC
    assert "merchant.identity_missing" not in check(record).codes


# --------------------------------------------------------- what the models give back


def test_schema_and_dump_keep_snake_case() -> None:
    merchant = Merchant.model_validate(chinese_record(food_shop()))
    assert merchant.model_dump() == Merchant.model_validate(food_shop()).model_dump()
    schema = json.dumps(Merchant.model_json_schema(), ensure_ascii=False)
    for names in (*MERCHANT_NAMES_ZH.values(), *DOCUMENT_NAMES_ZH.values()):
        for name in names.split():
            assert f'"{name}"' not in schema


def test_a_record_of_ascii_keys_is_not_copied() -> None:
    """The common record costs nothing more: with only ASCII keys (the fields' and the
    platform's own) the mapping given is read as it is."""
    record = {"subject_type": "企业", "name": "示例", "shop_code": "x", "auditStatus": 1}
    assert respell(record, _MERCHANT_SPELLINGS) is record
    document = {"kind": "cma", "number": "1", "licenseNumber": "2"}
    assert respell(document, DOCUMENT_SPELLINGS) is document


def test_the_caller_record_is_not_changed() -> None:
    record = chinese_record(food_shop())
    record["documents"][FOOD_LICENCE]["holder_name"] = "宁波别家贸易有限公司"  # a conflict
    record["身份证号"] = OTHER_RIC
    before = copy.deepcopy(record)
    check(record)
    assert record == before


def test_hostile_keys_do_not_crash() -> None:
    record = food_shop()
    record.update({1: "x", None: "y", "名" * 10_000: "z", "\ud800": "w", "法定代表人": None})
    record["documents"][FOOD_LICENCE].update({("a",): 1, "有效期至": ["2028-06-11"]})
    report = check(record)
    assert not_pass(report)
    assert "$.documents[1].有效期至" in json_paths(report)


def test_an_unreadable_value_under_a_chinese_key_leaves_out_that_field_alone() -> None:
    record = food_shop()
    record["documents"][FOOD_LICENCE]["发证日期"] = "不详的日子"
    del record["documents"][FOOD_LICENCE]["issue_date"]
    report = check(record)
    assert located(report) == [("record.invalid_value", "$.documents[1].发证日期", "review")]


# --------------------------------------------------- the CSV reader and JSON read alike


def test_csv_headers_are_the_json_names() -> None:
    """One table: every Chinese name of a merchant's field is the CSV header of that
    column, every Chinese name of a document's field that field in ``KIND.FIELD``."""
    for column, names in MERCHANT_NAMES_ZH.items():
        assert column in CSV_COLUMNS
        for name in names.split():
            assert _canonical_column(name.lower()) == column, name
    for field, names in DOCUMENT_NAMES_ZH.items():
        if field == "kind":
            continue
        for name in names.split():
            assert _canonical_column(f"食品经营许可证.{name}".lower()) == f"food_business.{field}"


def test_a_csv_row_and_a_json_record_in_chinese_decide_alike(tmp_path: Path) -> None:
    header = "商户编号,主体类型,商户名称,统一社会信用代码,法定代表人,法定代表人身份证号,经营类目"
    header += ",营业执照.编号,营业执照.营业期限,食品经营许可证.编号,食品经营许可证.名称"
    header += ",食品经营许可证.法定代表人,食品经营许可证.有效期至"
    row = [
        "m-1",
        "有限责任公司",
        "杭州示例优选食品有限公司",
        "91330106JU6XYHXB07",
        "王二麻",
        RIC,
        "预包装食品",
        "91330106JU6XYHXB07",
        "2019年4月2日至长期",
        "JY13301067319160",
        "杭州示例优选食品有限公司",
        "张三",
        "2028-06-11",
    ]
    path = write_file(tmp_path / "sellers.csv", header + "\n" + ",".join(row) + "\n")
    [item] = iter_input(path)
    from_csv = check(item.record)
    flat = dict(zip(header.split(",")[:7], row[:7], strict=True))
    flat["documents"] = [
        {"证照类型": "营业执照", "编号": row[7], "营业期限": row[8]},
        {
            "证照类型": "食品经营许可证",
            "编号": row[9],
            "名称": row[10],
            "法定代表人": row[11],
            "有效期至": row[12],
        },
    ]
    from_json = check(flat)
    assert from_csv.decision is from_json.decision
    assert not_pass(from_json)  # the representative differs from the licence's
    assert sorted(from_csv.codes) == sorted(from_json.codes)
    assert "consistency.legal_rep_mismatch" in from_json.codes


def test_jsonl_results_keep_a_merchant_id_given_in_chinese(tmp_path: Path) -> None:
    """An unreadable record is still joined back to its seller by its id."""
    lines = [
        json.dumps({"商户编号": "m-zh", "主体类型": "不存在的类型"}, ensure_ascii=False),
        json.dumps({"merchantId": "m-camel"}),
    ]
    path = write_file(tmp_path / "sellers.jsonl", "\n".join(lines) + "\n")
    assert [item.merchant_id for item in iter_input(path)] == ["m-zh", "m-camel"]


def test_a_representative_given_as_a_name_and_as_an_object_keeps_the_id_number() -> None:
    """Never the name alone read, the ID number the object adds dropped unchecked."""
    record = food_shop()
    person = record.pop("legal_representative")
    record["legal_representative"] = person["name"]
    record["法定代表人"] = {**person, "id_number": person["id_number"][:-1] + "0"}
    if record["法定代表人"]["id_number"] == person["id_number"]:
        record["法定代表人"]["id_number"] = person["id_number"][:-1] + "1"
    report = check(record)
    assert [f for f in located(report) if f[0] == "ric.checksum"] == [
        ("ric.checksum", "$.法定代表人.id_number", "fail")
    ]
