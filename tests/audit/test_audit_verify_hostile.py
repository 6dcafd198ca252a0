"""Audit: ``qualcheck.verify`` on hostile records.

Contract (README, docs/verify.md): verify never raises for bad input (only RegistryAbort
propagates); a record that cannot be read, or a field that cannot be read, never ends in
PASS; every finding about a field names it with a path; the caller's record is never
modified.
"""

from __future__ import annotations

import copy
import json
import math
from typing import Any

import pytest
from audit_support import (
    AS_OF,
    RIC,
    deep_json,
    example,
    food_shop,
    json_paths,
    not_pass,
)

from qualcheck import Decision, Report, verify


def check(record: Any) -> Report:
    """verify(), asserting only that it returns a Report (no exception escapes)."""
    report = verify(record, as_of=AS_OF)
    assert isinstance(report, Report)
    return report


def test_baseline_example_passes() -> None:
    assert check(food_shop()).decision is Decision.PASS


# --- top level ------------------------------------------------------------------------------

TOP_LEVEL = {
    "list": [],
    "list_of_record": [food_shop()],
    "int": 1,
    "float": 1.5,
    "nan": math.nan,
    "bool": True,
    "none": None,
    "text_not_json": "not json",
    "empty_text": "",
    "bytes_not_utf8": b"\xff\xfe\x00",
    "empty_bytes": b"",
    "json_list_text": "[1, 2]",
    "json_string_text": '"a string"',
    "json_null_text": "null",
    "json_number_text": "42",
    "truncated_json": json.dumps(food_shop(), ensure_ascii=False)[:-5],
    "object_instance": object(),
}


@pytest.mark.parametrize("name", sorted(TOP_LEVEL))
def test_top_level_non_object_is_review_at_root(name: str) -> None:
    report = check(TOP_LEVEL[name])
    assert report.decision is Decision.REVIEW
    assert report.findings
    assert report.findings[0].json_path == "$"
    assert report.findings[0].code in ("record.not_an_object", "record.not_json")


def test_deeply_nested_json_text_does_not_raise() -> None:
    """Defect: json.loads raises RecursionError (not a ValueError) and it escapes verify."""
    report = check(deep_json())
    assert report.decision is Decision.REVIEW
    assert report.findings[0].json_path == "$"


def test_deeply_nested_json_object_text_does_not_raise() -> None:
    text = '{"subject_type": "enterprise", "name": "x", "extra": ' + deep_json() + "}"
    report = check(text)
    assert not_pass(report)


def test_bom_prefixed_json_text_returns_a_report() -> None:
    text = "\ufeff" + json.dumps(food_shop(), ensure_ascii=False)
    report = check(text)  # read, or reported as not JSON: either way no exception
    assert report.decision in (Decision.PASS, Decision.REVIEW)
    check(text.encode("utf-8"))


def test_duplicate_keys_in_json_text_return_a_report() -> None:
    record = food_shop()
    text = json.dumps(record, ensure_ascii=False)
    check('{"name": "别的名字", ' + text[1:])


# --- wrong types for every Merchant field ----------------------------------------------------

SCALAR_WRONG = [123, 1.5, True, {"a": 1}, [1]]
WRONG_TYPES: dict[str, list[Any]] = {
    "merchant_id": [1.5, True, {"a": 1}, [1]],  # an int id is read as text (docs/models.md)
    "subject_type": [*SCALAR_WRONG, None, "", "martian"],
    "name": [*SCALAR_WRONG, None, ""],
    "uscc": [*SCALAR_WRONG, "not-a-uscc"],  # "" is no USCC (the licence's stands for it)
    "legal_representative": [123, 1.5, True, [1], {}],  # a plain name is a person's name
    "address": SCALAR_WRONG,
    "contact_phone": SCALAR_WRONG,
    # null shops or categories are none; "" and "1,000" are amounts (docs/models.md, Amounts)
    "shops": [123, 1.5, True, {"a": 1}, "x", [1], [{"platform": "x"}]],
    "categories": [123, 1.5, True, {"a": 1}, [1]],
    "declared_annual_turnover_yuan": [True, False, [1], {}, "abc", -1, "-5"],
    "documents": [123, 1.5, True, {"a": 1}, "x", None],
    "last_verified_at": [1.5, True, [], {}, "yesterday", "2024-02-30", 0],
}
CASES = [(field, value) for field, values in WRONG_TYPES.items() for value in values]


@pytest.mark.parametrize(("field", "value"), CASES, ids=[f"{f}={v!r}" for f, v in CASES])
def test_wrong_type_field_is_named_and_never_passes(field: str, value: Any) -> None:
    record = food_shop()
    record[field] = value
    original = copy.deepcopy(record)
    report = check(record)
    assert not_pass(report), report.findings
    assert any(path.startswith(f"$.{field}") for path in json_paths(report)), json_paths(report)
    assert record == original  # the caller's record is never modified


# --- documents ------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", [1, "x", None, [], [[]], True, 1.5])
def test_document_that_is_not_an_object_is_dropped_with_its_path(entry: Any) -> None:
    record = food_shop()
    record["documents"].append(entry)
    report = check(record)
    assert not_pass(report)
    assert "$.documents[2]" in json_paths(report)


@pytest.mark.parametrize(
    "kind", ["passport", "", None, 1, ["business_license"], {"a": 1}, True, "BUSINESS LICENSE"]
)
def test_unknown_or_mistyped_kind_never_passes(kind: Any) -> None:
    record = food_shop()
    record["documents"][1]["kind"] = kind
    report = check(record)
    assert not_pass(report)
    assert any(path.startswith("$.documents[1]") for path in json_paths(report))


@pytest.mark.parametrize("index", [0, 1])
def test_document_without_kind_names_the_kind(index: int) -> None:
    record = food_shop()
    del record["documents"][index]["kind"]
    report = check(record)
    assert not_pass(report)
    assert f"$.documents[{index}].kind" in json_paths(report)


@pytest.mark.parametrize("number", [None, 13301067319160, "", "JY1330106731916\x00", ["JY"]])
def test_bad_licence_number_never_passes(number: Any) -> None:
    record = food_shop()
    record["documents"][1]["number"] = number
    report = check(record)
    assert not_pass(report)
    assert "$.documents[1].number" in json_paths(report)


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, -1, -0.5, "NaN", "Infinity", "-inf", True, "sNaN"],
)
def test_unreadable_turnover_never_passes(value: Any) -> None:
    record = food_shop()
    record["declared_annual_turnover_yuan"] = value
    report = check(record)
    assert not_pass(report)
    assert "$.declared_annual_turnover_yuan" in json_paths(report)


@pytest.mark.parametrize("value", [math.nan, math.inf, -1, "NaN", False])
def test_unreadable_shop_turnover_never_passes(value: Any) -> None:
    record = food_shop()
    record["shops"][0]["annual_turnover_yuan"] = value
    report = check(record)
    assert not_pass(report)
    assert "$.shops[0].annual_turnover_yuan" in json_paths(report)


def test_full_width_digits_are_read() -> None:
    record = food_shop()
    record["uscc"] = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in record["uscc"])
    record["declared_annual_turnover_yuan"] = "１２３"
    assert check(record).decision is Decision.PASS


def test_integer_too_long_to_print_does_not_raise() -> None:
    """Defect: an int with more than 4300 digits anywhere in a dict record makes the
    input digest raise ValueError (json.dumps and its repr() fallback both fail)."""
    record = food_shop()
    record["platform_extra"] = 10**5000
    check(record)


# --- dates ----------------------------------------------------------------------------------
# documents[0] (the business licence) gives its term as top-level valid_from / valid_to keys

ODD_DATES = [
    "2024-02-30",
    "0000-00-00",
    "2024-13-01",
    10**30,
    -1,
    0,
    1.5,
    True,
    [],
    {},
    "2024-01-01\x00",
    "\ud800",
    "yesterday",
    32503680000000,
]


@pytest.mark.parametrize("value", [*ODD_DATES, "长期"], ids=repr)
def test_unreadable_valid_from_is_named_and_never_passes(value: Any) -> None:
    record = food_shop()
    record["documents"][0]["valid_from"] = value
    report = check(record)
    assert not_pass(report)
    assert any(p.startswith("$.documents[0].valid_from") for p in json_paths(report))


@pytest.mark.parametrize("value", ODD_DATES, ids=repr)
def test_unreadable_valid_to_is_named_and_never_passes(value: Any) -> None:
    record = food_shop()
    record["documents"][0]["valid_to"] = value
    report = check(record)
    assert not_pass(report)
    assert any(p.startswith("$.documents[0].valid_to") for p in json_paths(report))


def test_far_future_valid_from_is_not_yet_valid() -> None:
    record = food_shop()
    record["documents"][0]["valid_from"] = "9999-12-31"
    assert not_pass(check(record))


@pytest.mark.parametrize("field", ["valid_to", "valid_from", "issue_date"])
def test_integer_date_beyond_float_range_does_not_raise(field: str) -> None:
    """Defect: qualcheck.dates._from_number calls math.isfinite() on an int larger than a
    float can hold; the OverflowError escapes verify (also from plain JSON text)."""
    record = food_shop()
    record["documents"][0][field] = 10**400
    report = check(record)
    assert not_pass(report)
    assert any(p.startswith(f"$.documents[0].{field}") for p in json_paths(report))


def test_integer_date_beyond_float_range_in_json_text_does_not_raise() -> None:
    record = food_shop()
    record["last_verified_at"] = 0
    text = json.dumps(record, ensure_ascii=False).replace(
        '"last_verified_at": 0', '"last_verified_at": 1' + "0" * 400
    )
    report = check(text)
    assert not_pass(report)
    assert "$.last_verified_at" in json_paths(report)


def test_expired_valid_to_next_to_a_validity_range_is_not_ignored() -> None:
    """Defect: a document that gives ``validity`` (a range) AND a loose ``valid_to``
    silently drops the loose key (DocumentBase._gather pops it).  An expiry the record
    states is ignored and the record PASSes."""
    record = food_shop()
    doc = record["documents"][1]
    assert doc["validity"] == "2023.06.12-2028.06.11"
    doc["valid_to"] = "2020-01-01"  # contradicts the range: expired
    report = check(record)
    assert not_pass(report), "a stated expiry was silently ignored"


def test_unreadable_valid_to_next_to_a_validity_range_is_reported() -> None:
    """Same defect: an unreadable loose valid_to is dropped without a finding."""
    record = food_shop()
    record["documents"][1]["valid_to"] = "2024-02-30"
    report = check(record)
    assert not_pass(report)
    assert any(p.startswith("$.documents[1].valid_to") for p in json_paths(report))


@pytest.mark.parametrize(
    "validity",
    [
        "",
        "2028-01-01至2023-01-01",
        ["2023-01-01"],
        ["a", "b", "c"],
        10**30,
        True,
        {"valid_from": "2023-01-01", "valid_to": "bogus"},
        {"valid_from": {"x": 1}},
        "2023-01-01至",
    ],
    ids=repr,
)
def test_unreadable_validity_never_passes(validity: Any) -> None:
    record = food_shop()
    record["documents"][1]["validity"] = validity
    report = check(record)
    assert not_pass(report)
    assert any(p.startswith("$.documents[1].validity") for p in json_paths(report))


# --- size, nesting, odd characters ------------------------------------------------------------


def test_one_megabyte_name() -> None:
    record = food_shop()
    record["name"] = "公" * 1_000_000
    assert not_pass(check(record))


def _deep_dict(levels: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(levels):
        node["a"] = {}
        node = node["a"]
    return root


def _deep_list(levels: int) -> list[Any]:
    root: list[Any] = []
    node = root
    for _ in range(levels):
        child: list[Any] = []
        node.append(child)
        node = child
    return root


@pytest.mark.parametrize("field", ["name", "documents", "categories", "shops", "uscc"])
def test_ten_thousand_levels_of_nesting_in_a_field(field: str) -> None:
    for deep in (_deep_dict(10_000), _deep_list(10_000)):
        record = food_shop()
        record[field] = [deep] if field == "documents" else deep
        report = check(record)
        assert not_pass(report)
        assert any(p.startswith(f"$.{field}") for p in json_paths(report))


def test_ten_thousand_levels_of_nesting_in_an_ignored_field() -> None:
    record = food_shop()
    record["platform_extra"] = _deep_dict(10_000)
    check(record)


def test_cyclic_record_does_not_raise() -> None:
    record = food_shop()
    record["platform_extra"] = record
    check(record)
    record = food_shop()
    record["documents"].append(record["documents"])
    assert not_pass(check(record))


@pytest.mark.parametrize("field", ["name", "uscc", "merchant_id", "address"])
def test_lone_surrogate_never_passes(field: str) -> None:
    record = food_shop()
    record[field] = str(record.get(field) or "x") + "\ud800"
    report = check(record)
    assert not_pass(report)
    assert f"$.{field}" in json_paths(report)


def test_lone_surrogate_escapes_in_json_text() -> None:
    text = json.dumps(food_shop(), ensure_ascii=False).replace("张三", "\\ud800")
    assert not_pass(check(text))


@pytest.mark.parametrize("field", ["uscc", "name"])
def test_nul_character_never_passes(field: str) -> None:
    record = food_shop()
    record[field] = record[field] + "\x00"
    assert not_pass(check(record))


def test_personal_number_in_an_unreadable_field_is_not_echoed() -> None:
    record = food_shop()
    record["legal_representative"] = {"name": "张三", "id_number": 123}
    record["contact_phone"] = 13912345678
    record["documents"][0]["valid_to"] = RIC
    text = check(record).to_json()
    assert RIC not in text
    assert "13912345678" not in text


def test_natural_person_example_without_identity_fails() -> None:
    record = example(6)
    record["documents"] = [doc for doc in record["documents"] if doc["kind"] != "identity"]
    assert check(record).decision is Decision.FAIL
