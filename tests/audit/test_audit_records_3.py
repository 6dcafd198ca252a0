"""Audit round 3 of reading records: how keys are spelt.

Contract (docs/models.md "Field names"; docs/verify.md "The record", "When the record is not
well formed"; docs/batch.md "CSV: the column mapping"): every field is read under its
snake_case name and under the exact camelCase spelling of it — the JSON of Java and
JavaScript backends — in the merchant, its legal representative, its shops, its documents
and their validity; the JSON Schema, ``model_dump`` and validation errors keep the
snake_case names, a verification's findings name the key as given; a field given both
ways with different values is an error naming it (``spelling_conflict``; in a
verification ``record.invalid_value``, review), never one value chosen in silence; a key
that only misspells a field (case, separators) is reported, not silently ignored; any
other key is the platform's own and changes nothing.  CSV headers, compared in lower
case, read the camelCase spellings too.

Defects this audit found and fixed (their tests stay as regression tests):

* fail-open: camelCase keys were ignored (``extra="ignore"``), so a record whose legal
  representative and licence holder were given as ``legalRepresentative`` and
  ``holderName`` PASSED without either being looked at — also when they named another
  company or person; a licence's ``validTo`` was ignored (review only because the term
  was then missing);
* fail-open: a misspelt key (``Holder_Name``, ``HolderName``) was ignored in silence;
* a nested ``validity`` given as ``{"validFrom": …, "validTo": …}`` was refused
  (``extra_forbidden``) instead of read;
* CSV headers in camelCase (``merchantId``, ``foodBusiness.validTo``) were ignored, and a
  ``KIND.FIELD`` column whose field no document has was ignored without a word.

Identifiers are the bundled examples' and generated ones (``make_ric``): they belong to
nobody.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import types
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
    run_cli,
    write_file,
)
from pydantic import ValidationError

from qualcheck import Decision, Report, verify
from qualcheck.batch import iter_input
from qualcheck.models import IdentityDocument, Merchant, Shop, document_adapter
from qualcheck.testing import make_ric

FOOD_SHOP = 0  # an enterprise with a business licence and a food business licence


def check(record: Any) -> Report:
    return verify(record, as_of=AS_OF)


def located(report: Report) -> list[tuple[str, str, str]]:
    """(code, path, decision) of every finding."""
    return [(f.code, f.json_path, f.decision.value) for f in report.findings]


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def camel_keys(mapping: dict[str, Any]) -> dict[str, Any]:
    return {camel(key): value for key, value in mapping.items()}


def camel_record(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with every key the models read spelt in camelCase."""
    out = camel_keys(record)
    person = out.get("legalRepresentative")
    if isinstance(person, dict):
        out["legalRepresentative"] = camel_keys(person)
    if isinstance(out.get("shops"), list):
        out["shops"] = [camel_keys(s) if isinstance(s, dict) else s for s in out["shops"]]
    if isinstance(out.get("documents"), list):
        documents = []
        for document in out["documents"]:
            if isinstance(document, dict):
                document = camel_keys(document)
                if isinstance(document.get("validity"), dict):
                    document["validity"] = camel_keys(document["validity"])
            documents.append(document)
        out["documents"] = documents
    return out


def snake_path(path: str) -> str:
    return re.sub(r"(?<=[a-z])([A-Z])", lambda m: "_" + m[1].lower(), path)


# ------------------------------------------------------------- the lead's fail-open case


def _node_at(record: dict[str, Any], place: tuple[Any, ...]) -> Any:
    """The mapping at ``place`` (keys and indices) in ``record``."""
    node: Any = record
    for part in place:
        node = node[part]
    return node


def test_camel_case_representative_and_holder_are_looked_at() -> None:
    """Before: PASS with neither looked at — now another company on the licence and
    another legal representative are found, at the keys as given."""
    record = food_shop()
    record["legalRepresentative"] = record.pop("legal_representative")
    licence = record["documents"][1]
    licence["holderName"] = licence.pop("holder_name")
    assert check(record).decision is Decision.PASS  # the same, rightly, values agreeing

    licence["holderName"] = "宁波别家贸易有限公司"
    report = check(record)
    assert report.decision is Decision.FAIL
    assert ("consistency.name_mismatch", "$.documents[1].holderName", "fail") in located(report)


def test_camel_case_representative_name_is_compared() -> None:
    record = food_shop()
    person = record.pop("legal_representative")
    record["legalRepresentative"] = {"name": "王二麻", "idNumber": person["id_number"]}
    report = check(record)
    assert not_pass(report)
    assert any(path.startswith("$.documents[") for path in json_paths(report)), located(report)


def test_camel_case_term_is_read_and_an_expired_one_fails() -> None:
    record = food_shop()
    licence = record["documents"][1]
    del licence["validity"]
    licence.update({"validFrom": "2020-06-12", "validTo": "2025-06-11"})
    report = check(record)
    assert report.decision is Decision.FAIL
    assert "license.expired" in report.codes


# ------------------------------------------------- every example, all keys in camelCase


@pytest.mark.parametrize("index", range(len(EXAMPLE_RECORDS)))
def test_every_example_in_camel_case_reads_and_decides_the_same(index: int) -> None:
    snake = example(index)
    spelt = camel_record(snake)
    try:
        expected = Merchant.model_validate(snake).model_dump()
    except ValidationError:
        expected = None
    if expected is not None:
        assert Merchant.model_validate(spelt).model_dump() == expected
    first, second = check(snake), check(spelt)
    assert second.decision is first.decision
    assert [(f.code, f.decision) for f in second.findings] == [
        (f.code, f.decision) for f in first.findings
    ]
    assert [snake_path(p) for p in json_paths(second)] == json_paths(first)


@pytest.mark.parametrize(
    ("key", "value", "attribute", "expected"),
    [
        ("merchantId", "m-77", "merchant_id", "m-77"),
        ("subjectType", "个体工商户", "subject_type", "individual_business"),
        ("contactPhone", "139 1234 5678", "contact_phone_e164", "+8613912345678"),
        ("declaredAnnualTurnoverYuan", "10万元", "declared_annual_turnover_yuan", 100000),
        ("lastVerifiedAt", "2026年10月9日", "last_verified_at", datetime.date(2026, 10, 9)),
    ],
)
def test_merchant_fields_in_camel_case(key: str, value: Any, attribute: str, expected: Any) -> None:
    record = {"subject_type": "企业", "name": "示例", key: value}
    if key == "subjectType":
        del record["subject_type"]
    merchant = Merchant.model_validate(record)
    got = getattr(merchant, attribute)
    assert (got.value if hasattr(got, "value") else got) == expected


def test_shop_fields_in_camel_case() -> None:
    shop = Shop.model_validate({"shopId": 100001.0, "annualTurnoverYuan": "¥100,000"})
    assert (shop.shop_id, shop.annual_turnover_yuan) == ("100001", 100000)


@pytest.mark.parametrize(
    ("key", "value", "read"),
    [
        ("holderName", "名称 示例有限公司", lambda d: d.holder_name == "示例有限公司"),
        ("holderUscc", "91330106JU6XYHXB07", lambda d: d.holder_uscc == "91330106JU6XYHXB07"),
        ("legalRepresentative", "法定代表人：张三", lambda d: d.legal_representative == "张三"),
        ("issuingAuthority", "杭州市市场监督管理局", lambda d: d.issuing_authority is not None),
        (
            "issueDate",
            "发证日期：2023年5月8日",
            lambda d: d.issue_date == datetime.date(2023, 5, 8),
        ),
        ("validTo", "长期", lambda d: d.validity.long_term),
        ("longTerm", "是", lambda d: d.validity.long_term),
        ("businessForm", "食品销售经营者", lambda d: d.business_form == "食品销售经营者"),
        ("networkOperation", "是", lambda d: d.network_operation is True),
    ],
)
def test_document_fields_in_camel_case(key: str, value: Any, read: Any) -> None:
    """Read as the field, with what the field's readers do (labels dropped, flags read)."""
    document = document_adapter().validate_python(
        {"kind": "food_business", "number": "JY13301067319160", key: value}
    )
    assert read(document)


def test_camel_case_keys_of_other_document_kinds() -> None:
    documents = document_adapter()
    licence = documents.validate_python(
        {
            "kind": "营业执照",
            "number": "91330106JU6XYHXB07",
            "entityType": "有限责任公司",
            "establishedOn": "2019-04-02",
        }
    )
    assert (licence.entity_type, licence.established_on) == (
        "有限责任公司",
        datetime.date(2019, 4, 2),
    )
    production = documents.validate_python(
        {"kind": "food_production", "number": "SC10644011500018", "foodCategories": "糕点、饮料"}
    )
    assert production.food_categories == ("糕点", "饮料")


def test_identity_type_in_camel_case_decides_how_the_number_is_read() -> None:
    """``idType`` is read before the number is judged: a passport's number is kept, not
    checked (and not refused) as a resident-ID number."""
    document = IdentityDocument.model_validate(
        {"number": "X1234567", "idType": "护照", "holderName": "John Smith"}
    )
    assert (document.id_type.value, document.checkable) == ("passport", False)
    titled = document_adapter().validate_python(
        {"kind": "护照", "number": "X1234567", "idType": "passport"}
    )
    assert titled.id_type.value == "passport"
    person = natural_person("np-1", "John Smith", "X1234567", "general_goods")
    person["legalRepresentative"] = camel_keys(person.pop("legal_representative"))
    person["legalRepresentative"]["idType"] = "护照"
    report = check(person)
    assert "ric.unverifiable_document" in report.codes, located(report)
    assert not any(
        code.startswith("ric.") and code != "ric.unverifiable_document" for code in report.codes
    )


@pytest.mark.parametrize(
    "validity",
    [
        {"validFrom": "2023-06-12", "validTo": "2028-06-11"},
        {"validFrom": "2023-06-12", "valid_to": "2028-06-11"},
        {"valid_from": "2023-06-12", "validTo": "2028年6月11日", "longTerm": None},
    ],
)
def test_nested_validity_in_camel_case(validity: dict[str, Any]) -> None:
    """Before: ``extra_forbidden`` (review) — now read."""
    record = food_shop()
    record["documents"][1]["validity"] = validity
    report = check(record)
    assert report.decision is Decision.PASS, located(report)


def test_the_caller_record_is_not_changed() -> None:
    record = camel_record(food_shop())
    record["documents"][1]["holder_name"] = "宁波别家贸易有限公司"  # a conflict: salvaged
    before = copy.deepcopy(record)
    check(record)
    Merchant.model_validate(camel_record(food_shop()))
    assert record == before


def test_mapping_types_other_than_dict() -> None:
    record = camel_record(food_shop())
    record["legalRepresentative"] = types.MappingProxyType(record["legalRepresentative"])
    record["documents"] = [types.MappingProxyType(d) for d in record["documents"]]
    assert check(types.MappingProxyType(record)).decision is Decision.PASS


# ------------------------------------------------------------ what the models give back


def _property_names(schema: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(schema, dict):
        names.update(schema.get("properties", {}))
        for value in schema.values():
            names |= _property_names(value)
    elif isinstance(schema, list):
        for value in schema:
            names |= _property_names(value)
    return names


def test_json_schema_keeps_snake_case_names() -> None:
    names = _property_names(Merchant.model_json_schema())
    assert {"holder_name", "legal_representative", "valid_to", "id_number"} <= names
    assert not any(re.search(r"[A-Z]", name) for name in names), sorted(names)


def test_cli_schema_keeps_snake_case_names() -> None:
    result = run_cli("schema", "merchant")
    assert result.returncode == 0, result.stderr
    names = _property_names(json.loads(result.stdout))
    assert "holder_uscc" in names
    assert "holderUscc" not in names


def test_model_dump_keeps_snake_case_names() -> None:
    dumped = Merchant.model_validate(camel_record(food_shop())).model_dump(mode="json")
    assert "legal_representative" in dumped
    assert "holder_uscc" in dumped["documents"][1]
    assert "legalRepresentative" not in dumped


# --------------------------------------------------------------- a field given both ways


@pytest.mark.parametrize(
    ("place", "snake", "first", "second"),
    [
        ((), "merchant_id", "m-1", "m-2"),
        ((), "contact_phone", "13912345678", "13812345678"),
        (("legal_representative",), "name", None, None),  # placeholder, see below
        (("shops", 0), "annual_turnover_yuan", 1000, 5_000_000),
        (("documents", 1), "holder_name", "杭州示例优选食品有限公司", "宁波别家贸易有限公司"),
        (("documents", 1), "holder_uscc", "91330106JU6XYHXB07", "91350100M000100Y43"),
        (("documents", 1), "valid_to", "2028-06-11", "2020-06-11"),
        (("documents", 1), "network_operation", True, False),
    ],
)
def test_different_values_in_both_spellings_are_reviewed(
    place: tuple[Any, ...], snake: str, first: Any, second: Any
) -> None:
    record = food_shop()
    node = _node_at(record, place)
    if first is None:  # a person's name has no two spellings: the ID number has
        snake, first, second = "id_number", node["id_number"], RIC
    if snake == "valid_to":
        del node["validity"]
        node["valid_from"] = "2023-06-12"
    node[snake], node[camel(snake)] = first, second
    report = check(record)
    assert not_pass(report)
    where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in place)
    expected = ("record.invalid_value", f"{where}.{camel(snake)}", "review")
    assert expected in located(report), located(report)
    finding = next(f for f in report.findings if f.json_path == expected[1])
    assert snake in finding.message
    assert camel(snake) in finding.message
    assert str(second) not in finding.message or snake == "network_operation"
    assert str(first) not in finding.message_zh or snake == "network_operation"


def test_a_conflict_is_an_error_of_the_models() -> None:
    with pytest.raises(ValidationError) as caught:
        document_adapter().validate_python(
            {
                "kind": "food_business",
                "number": "JY13301067319160",
                "holder_name": "甲公司",
                "holderName": "乙公司",
            }
        )
    assert [e["type"] for e in caught.value.errors()] == ["spelling_conflict"]


def test_conflicting_id_numbers_are_not_quoted() -> None:
    other = make_ric(birth_date=datetime.date(1990, 1, 2))
    record = food_shop()
    person = record["legal_representative"]
    person["idNumber"] = other
    report = check(record)
    text = report.to_json() + " ".join(f.message + f.message_zh for f in report.findings)
    assert other not in text
    assert person["id_number"] not in text
    assert ("record.invalid_value", "$.legal_representative.idNumber", "review") in located(report)


@pytest.mark.parametrize(
    ("index", "snake", "first", "second"),
    [
        (1, "holder_name", "杭州示例优选食品有限公司", " 杭州示例优选食品有限公司 "),
        (1, "holder_name", "杭州示例优选食品有限公司", "杭州示例优选食品有限公司"),
        (1, "valid_to", "2028-06-11", "2028年6月11日"),
        (0, "valid_to", "长期", "9999-12-31"),  # the business licence: long-term
        (1, "holder_uscc", "91330106JU6XYHXB07", "９１３３０１０６ＪＵ６ＸＹＨＸＢ０７"),
    ],
)
def test_equal_values_in_both_spellings_are_fine(
    index: int, snake: str, first: str, second: str
) -> None:
    record = food_shop()
    document = record["documents"][index]
    if snake == "valid_to" and "validity" in document:
        del document["validity"]
        document["valid_from"] = "2023-06-12"
    document[snake], document[camel(snake)] = first, second
    report = check(record)
    assert report.decision is Decision.PASS, located(report)


def test_a_conflict_cannot_hide_an_expired_licence() -> None:
    """The expired term is in one spelling, a live one in the other: never passed."""
    record = food_shop()
    licence = record["documents"][1]
    del licence["validity"]
    licence.update({"valid_from": "2020-06-12", "valid_to": "2025-06-11", "validTo": "2030-06-11"})
    assert not_pass(check(record))
    licence.update({"valid_to": "2030-06-11", "validTo": "2025-06-11"})
    assert not_pass(check(record))


def test_a_conflict_inside_a_nested_validity() -> None:
    record = food_shop()
    record["documents"][1]["validity"] = {
        "valid_from": "2023-06-12",
        "validFrom": "2021-01-01",
        "valid_to": "2028-06-11",
    }
    report = check(record)
    assert not_pass(report)
    path = "$.documents[1].validity.validFrom"
    assert ("record.invalid_value", path, "review") in located(report), located(report)


def test_a_loose_camel_case_end_that_contradicts_the_validity() -> None:
    record = food_shop()
    record["documents"][1]["validTo"] = "2020-01-01"  # next to validity 2023.06.12-2028.06.11
    report = check(record)
    assert ("record.invalid_value", "$.documents[1].validTo", "review") in located(report)
    assert len(report.findings) == 1, located(report)  # the licence itself is kept


def test_conflict_messages_in_chinese_name_the_field() -> None:
    record = food_shop()
    record["documents"][1]["holderName"] = "宁波别家贸易有限公司"
    finding = check(record).findings[0]
    assert "持证主体名称" in finding.message_zh
    assert "holderName" in finding.message_zh


# --------------------------------------------------------------------- misspelt keys


@pytest.mark.parametrize(
    "key", ["HolderName", "holdername", "Holder_Name", "holder-name", "HOLDER_NAME", "holder name"]
)
def test_a_misspelt_key_is_reported_not_ignored(key: str) -> None:
    """Before: ignored, PASS with another company's name on the licence never compared."""
    record = food_shop()
    licence = record["documents"][1]
    del licence["holder_name"]
    licence[key] = "宁波别家贸易有限公司"
    report = check(record)
    assert report.decision is Decision.REVIEW
    assert located(report) == [("record.invalid_value", f"$.documents[1].{key}", "review")]
    message = report.findings[0].message
    assert "'holder_name'" in message
    assert "'holderName'" in message


@pytest.mark.parametrize(
    ("place", "key"),
    [
        ((), "Legal_Representative"),
        ((), "SubjectType"),
        (("legal_representative",), "IDNumber"),
        (("shops", 0), "Annual-Turnover-Yuan"),
        (("documents", 1), "holderUSCC"),
        (("documents", 1), "VALID_TO"),
    ],
)
def test_misspelt_keys_at_every_level(place: tuple[Any, ...], key: str) -> None:
    record = food_shop()
    node = _node_at(record, place)
    node[key] = "some value"
    report = check(record)
    assert not_pass(report)
    where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in place)
    assert ("record.invalid_value", f"{where}.{key}", "review") in located(report)


@pytest.mark.parametrize("value", [None, "", "  ", "无", "/"])
def test_an_empty_misspelt_key_says_nothing(value: Any) -> None:
    record = food_shop()
    record["documents"][1]["Holder_Name"] = value
    assert check(record).decision is Decision.PASS


def test_a_misspelt_key_repeating_the_field_says_nothing() -> None:
    record = food_shop()
    licence = record["documents"][1]
    licence["HolderName"] = licence["holder_name"]
    assert check(record).decision is Decision.PASS


@pytest.mark.parametrize(
    ("place", "key"),
    [
        ((), "shopCode"),
        ((), "auditStatus"),
        ((), "merchant_name"),
        ((), "x" * 10_000),
        (("documents", 1), "licenseNumber"),
        (("documents", 1), "license_number"),
        (("documents", 1), "imageUrl"),
        (("shops", 0), "shop_url"),
    ],
)
def test_a_platform_own_key_changes_nothing(place: tuple[Any, ...], key: str) -> None:
    record = food_shop()
    node = _node_at(record, place)
    node[key] = "value of the platform's own"
    assert check(record).decision is Decision.PASS


def test_a_number_under_another_name_is_a_missing_number() -> None:
    """``licenseNumber`` is not ``number``: the licence has no number — reviewed."""
    record = food_shop()
    licence = record["documents"][1]
    licence["licenseNumber"] = licence.pop("number")
    report = check(record)
    assert report.decision is Decision.REVIEW
    assert "$.documents[1].number" in json_paths(report)


def test_keys_that_are_no_text_do_not_crash() -> None:
    record: dict[Any, Any] = food_shop()
    record[1] = "one"
    record[("a", "b")] = "pair"
    record["documents"][1][None] = "none"
    assert check(record).decision is Decision.PASS


# ---------------------------------------------------- paths name the key as given


def test_a_number_error_under_a_camel_case_key() -> None:
    record = camel_record(food_shop())
    licence = record["documents"][1]
    licence["holderUscc"] = licence["holderUscc"][:-1] + "X"
    report = check(record)
    assert report.decision is Decision.FAIL
    assert ("uscc.checksum", "$.documents[1].holderUscc", "fail") in located(report)
    assert "record.entry_dropped" not in report.codes  # only the field, not the licence


def test_an_unreadable_camel_case_field_is_left_out_alone() -> None:
    record = camel_record(food_shop())
    record["documents"][1]["issueDate"] = "2023年2月30日"
    report = check(record)
    assert located(report) == [("record.invalid_value", "$.documents[1].issueDate", "review")]
    assert "发证日期" in report.findings[0].message_zh


def test_an_unknown_camel_case_identity_type_is_pruned_to_other() -> None:
    person = natural_person("np-2", "张三", "E1234567", "general_goods")
    person["legal_representative"]["idType"] = "军官证"
    report = check(person)
    assert not_pass(report)
    assert "$.legal_representative.idType" in json_paths(report)


def test_a_bad_personal_number_under_camel_case_keys() -> None:
    record = camel_record(food_shop())
    record["legalRepresentative"]["idNumber"] = RIC[:-1] + ("0" if RIC[-1] != "0" else "1")
    report = check(record)
    assert report.decision is Decision.FAIL
    assert "$.legalRepresentative.idNumber" in json_paths(report)
    assert RIC[:-1] not in " ".join(f.message for f in report.findings)


def test_paths_after_a_document_left_out() -> None:
    """Indices of the record as given and keys as given, both at once."""
    record = camel_record(food_shop())
    record["documents"].insert(0, {"kind": "税务登记证", "number": "E12345678"})
    record["documents"][2]["holderName"] = "宁波别家贸易有限公司"
    report = check(record)
    assert ("consistency.name_mismatch", "$.documents[2].holderName", "fail") in located(report)


# --------------------------------------------------------------------------- CSV headers


def test_csv_headers_in_camel_case_are_read(tmp_path: Path) -> None:
    header = (
        "merchantId,subjectType,name,uscc,legalRepresentative,legalRepresentativeId,"
        "lastVerifiedAt,foodBusiness.number,food_business.validFrom,FOOD_BUSINESS.VALIDTO,"
        "food_business.holderName"
    )
    row = (
        f"m-1,企业,杭州示例优选食品有限公司,91330106JU6XYHXB07,张三,{RIC},2026-10-08,"
        "JY13301067319160,2023-06-12,2028-06-11,杭州示例优选食品有限公司"
    )
    path = write_file(tmp_path / "sellers.csv", f"{header}\n{row}\n")
    [item] = iter_input(path)
    assert item.merchant_id == "m-1"
    assert item.record["legal_representative"] == {"name": "张三", "id_number": RIC}
    assert item.record["documents"] == [
        {
            "kind": "food_business",
            "number": "JY13301067319160",
            "valid_from": "2023-06-12",
            "valid_to": "2028-06-11",
            "holder_name": "杭州示例优选食品有限公司",
        }
    ]
    assert item.record["last_verified_at"] == "2026-10-08"


def test_csv_column_of_no_document_field_is_reported(tmp_path: Path) -> None:
    path = write_file(
        tmp_path / "sellers.csv",
        "name,subject_type,food_business.number,food_business.valid_until\n"
        "示例,企业,JY13301067319160,2028-06-11\n",
    )
    said: list[str] = []
    list(iter_input(path, warn=said.append))
    assert any("valid_until" in note for note in said), said
