"""Audit round 3: ``verify`` under hostile structural fuzzing.

Contract (README, docs/verify.md, docs/models.md "Field names"):

* ``verify(record, as_of=…)`` never raises for any input — whatever its type, shape,
  nesting or size — and always returns a report whose ``to_json()`` is valid JSON text;
* a record whose required document is missing, expired or unreadable never passes;
* each problem is reported at a path naming the field, as the record gives it (a
  camelCase key, a Chinese label used as a key, a key the JSON text gives twice);
* personal numbers stay masked in the report and its JSON, however they are disguised
  (direction overrides, combining marks, control characters inside the digits);
* a field given under two spellings with different values — snake_case and camelCase, or
  a field and its Chinese label (``有效期至``) — is never read on one of them in silence.

The operators here are new in this round: respelling keys (camelCase, Chinese labels),
both spellings with different values, keys repeated in JSON text, values of every JSON
type at every field, very long strings, invisible and direction characters, nesting
10,000 levels deep, documents as a dict keyed by kind, a thousand documents, records that
are not mappings, and ``Merchant`` instances changed after validation.
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import json
import math
import unicodedata
import warnings
from typing import Any

import pytest
from audit_support import (
    AS_OF,
    AS_OF_TEXT,
    EXAMPLE_RECORDS,
    PASSING,
    PHONE,
    RIC,
    example,
    food_shop,
    fuzz_settings,
    natural_person,
    record_nodes,
    run_cli,
)
from hypothesis import example as hypothesis_example
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from qualcheck import Decision, Merchant, Report, verify
from qualcheck._spelling import (
    DOCUMENT_NAMES_ZH,
    MERCHANT_NAMES_ZH,
    PERSON_NAMES_ZH,
    SHOP_NAMES_ZH,
    camel,
    chinese_names,
)

Path = tuple[str | int, ...]


# --- the contract ----------------------------------------------------------------------------

_NO_PATH = {"record.not_an_object", "record.not_json", "record.unreadable"}
"""Findings about the whole record (``$``)."""


def _plain(text: str) -> str:
    """``text`` as a reader sees it: NFKC, without white space, format and control
    characters and combining marks, upper case."""
    text = unicodedata.normalize("NFKD", text)
    kept = (c for c in text if unicodedata.category(c)[0] not in "CZM" and not c.isspace())
    return unicodedata.normalize("NFKC", "".join(kept)).upper()


def _reader_text(value: Any) -> str:
    """Every string in a parsed JSON value (keys too), as a reader sees it, ``|`` between
    them (the escapes of the JSON text undone: ``\\u202e`` is the override itself)."""
    strings: list[str] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            strings.append(_plain(node))
        elif isinstance(node, dict):
            stack.extend([*node.keys(), *node.values()])
        elif isinstance(node, list):
            stack.extend(node)
    return "|".join(strings)


def contract(record: Any, *, personal: tuple[str, ...] = (RIC, PHONE)) -> Report:
    """verify() and every part of the contract that holds for any input."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no pydantic serializer warnings on stderr either
        report = verify(record, as_of=AS_OF)
    assert isinstance(report, Report)
    assert report.decision in (Decision.PASS, Decision.REVIEW, Decision.FAIL)
    text = report.to_json()
    text.encode("utf-8")  # no lone surrogate
    data = json.loads(text)
    assert data["decision"] == report.decision.value
    plain = _reader_text({k: v for k, v in data.items() if k not in ("audit_id", "input_digest")})
    for number in personal:
        assert number not in plain, "a personal number in the report"
        if len(number) == 18:
            assert number[6:14] not in plain, "a birth date in the report"
        else:
            assert number[:7] not in plain, "a phone number's middle digits in the report"
    for finding in report.findings:
        assert finding.json_path.startswith("$"), finding
        if finding.code.startswith("record.") and finding.code not in _NO_PATH:
            assert finding.path, (finding.code, "names no field")
        assert finding.code != "engine.check_error", (finding.code, finding.message)
    return report


def _decided(record: Any) -> tuple[Decision, tuple[str, ...]]:
    report = verify(record, as_of=AS_OF)
    return report.decision, report.codes


# --- walking records -------------------------------------------------------------------------


def _get(record: Any, path: Path) -> Any:
    for part in path:
        record = record[part]
    return record


def _set(record: Any, path: Path, value: Any) -> None:
    _get(record, path[:-1])[path[-1]] = value


def _fingerprint(value: Any) -> list[Any]:
    """``value``'s structure and leaves, in order, read without recursion (json.dumps
    would exhaust the stack on a value nested 10,000 levels deep)."""
    out: list[Any] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            out.append(("dict", tuple(map(repr, node))))
            stack.extend(node.values())
        elif isinstance(node, list):
            out.append(("list", len(node)))
            stack.extend(node)
        else:
            out.append(repr(node))
    return out


def _related(a: Path, b: Path) -> bool:
    """Whether one path is at or under the other."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _mappings(record: dict[str, Any]) -> list[Path]:
    """The mappings the models read: the merchant, its representative, shops, documents
    and their validity objects."""
    out: list[Path] = [()]
    if isinstance(record.get("legal_representative"), dict):
        out.append(("legal_representative",))
    for field in ("shops", "documents"):
        for index, entry in enumerate(record.get(field) or []):
            if isinstance(entry, dict):
                out.append((field, index))
                if isinstance(entry.get("validity"), dict):
                    out.append((field, index, "validity"))
    return out


PASSING_BASE = st.sampled_from(PASSING).map(example)


def _deep(levels: int, as_list: bool) -> Any:
    node: Any = [] if as_list else {}
    for _ in range(levels):
        node = [node] if as_list else {"a": node}
    return node


# --- spellings: camelCase, Chinese labels, both at once ---------------------------------------

CHINESE_KEYS = {
    "uscc": "统一社会信用代码",
    "name": "名称",
    "address": "地址",
    "number": "证照编号",
    "holder_name": "持证主体名称",
    "holder_uscc": "持证主体统一社会信用代码",
    "id_number": "证件号码",
    "issuing_authority": "发证机关",
    "issue_date": "发证日期",
    "established_on": "成立日期",
    "valid_from": "有效期起",
    "valid_to": "有效期至",
    "scope": "经营范围",
    "merchant_id": "商户编号",
    "shop_id": "店铺编号",
    "platform": "平台",
    "contact_phone": "联系电话",
}
"""Chinese labels of fields: read as the field where docs/models.md's tables name them
(``商户编号``, ``有效期至``), else near misses of their fields (``持证主体名称``)."""


def _read_as_field(where: Path, label: str) -> bool:
    """Whether ``label``, a key of the mapping at ``where``, is one of the Chinese names
    that level reads as a field (docs/models.md, "Chinese field names")."""
    if not where:
        table = MERCHANT_NAMES_ZH
    elif where[0] == "legal_representative":
        table = PERSON_NAMES_ZH
    elif where[0] == "shops":
        table = SHOP_NAMES_ZH
    else:
        table = DOCUMENT_NAMES_ZH
    return label in chinese_names(table)


def _keys(record: dict[str, Any]) -> list[tuple[Path, str]]:
    """``(mapping path, key)`` for every snake_case key of a mapping the models read."""
    return [
        (where, key)
        for where in _mappings(record)
        for key in _get(record, where)
        if (isinstance(key, str) and "_" in key) or key in CHINESE_KEYS
    ]


def _other_value(value: Any) -> Any:
    """A value that differs from ``value`` in more than spelling."""
    if isinstance(value, str):
        return value[:-1] + ("1" if not value.endswith("1") else "2") if value else "x"
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    return "另一个值"


@fuzz_settings(60)
@given(PASSING_BASE, st.data())
def test_camel_case_keys_mixed_with_snake_case_change_nothing(
    base: dict[str, Any], data: st.DataObject
) -> None:
    """Any set of keys given in camelCase instead: the same decision and codes, and each
    finding names the key as given."""
    expected = _decided(base)
    record = copy.deepcopy(base)
    chosen = data.draw(st.lists(st.sampled_from(_keys(record)), unique=True, max_size=6))
    for where, key in sorted(chosen, key=lambda pair: -len(pair[0])):  # inner keys first
        mapping = _get(record, where)
        if "_" in key and key in mapping:
            mapping[camel(key)] = mapping.pop(key)
    report = contract(record)
    assert (report.decision, report.codes) == expected, chosen


@fuzz_settings(80)
@given(PASSING_BASE, st.data(), st.sampled_from(["camel", "chinese"]))
@hypothesis_example(food_shop(), None, "chinese")
def test_a_second_spelling_with_another_value_never_passes(
    base: dict[str, Any], data: st.DataObject | None, style: str
) -> None:
    """A field given again under its camelCase or its Chinese label with a different
    value: never passed, and reported at that key."""
    record = copy.deepcopy(base)
    if data is None:  # the example: an expired 有效期至 next to a later valid_to
        where: Path = ("documents", 1)
        record["documents"][1]["有效期至"] = "2025-01-01"
        added = "有效期至"
    else:
        keys = [
            (w, k)
            for w, k in _keys(record)
            if (style == "camel" and "_" in k) or (style == "chinese" and k in CHINESE_KEYS)
        ]
        where, key = data.draw(st.sampled_from(keys))
        mapping = _get(record, where)
        added = camel(key) if style == "camel" else CHINESE_KEYS[key]
        if mapping.get(key) in (None, "", [], {}):
            return  # nothing given: nothing to contradict
        mapping[added] = _other_value(mapping[key])
    report = contract(record)
    assert report.decision is not Decision.PASS, (where, added)
    assert (*where, added) in [f.path for f in report.findings], report.codes


@fuzz_settings(60)
@given(PASSING_BASE, st.data())
def test_a_chinese_label_instead_of_the_field_is_named(
    base: dict[str, Any], data: st.DataObject
) -> None:
    """A field given only under its Chinese label is read as the field when the level's
    table names it (the same decision and codes as the record as written), else it is not
    read and is reported at that key (reviewed, never passed on data no one looked at)."""
    record = copy.deepcopy(base)
    keys = [(w, k) for w, k in _keys(record) if k in CHINESE_KEYS]
    where, key = data.draw(st.sampled_from(keys))
    mapping = _get(record, where)
    if mapping.get(key) in (None, "", [], {}):
        return
    before = contract(copy.deepcopy(record))
    label = CHINESE_KEYS[key]
    mapping[label] = mapping.pop(key)
    report = contract(record)
    if _read_as_field(where, label):
        assert (report.decision, set(report.codes)) == (before.decision, set(before.codes))
    else:
        assert report.decision is not Decision.PASS
        assert (*where, label) in [f.path for f in report.findings]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("有效期至", "2028年6月11日"),
        ("有效期至", "2028/06/11"),
        ("持证主体统一社会信用代码", "９１３３０１０６ＪＵ６ＸＹＨＸＢ０７"),
        ("持证主体名称", " 杭州示例优选食品有限公司 "),
    ],
)
def test_a_chinese_label_repeating_the_value_changes_nothing(key: str, value: str) -> None:
    record = food_shop()
    document = record["documents"][1]
    del document["validity"]
    document.update(valid_from="2023-06-12", valid_to="2028-06-11", **{key: value})
    assert _decided(record) == (Decision.PASS, ())


def test_a_platform_own_chinese_keys_are_ignored() -> None:
    """Labels of fields a platform writes in other forms, and other Chinese keys, are the
    platform's own: 证照类型 营业执照 next to kind business_license passes."""
    record = food_shop()
    record["主体类型"] = "企业"
    record["documents"][0].update({"证照类型": "营业执照", "类型": "有限责任公司", "备注": "无"})
    assert _decided(record) == (Decision.PASS, ())


# --- keys repeated in JSON text ---------------------------------------------------------------


def _with_twice(record: dict[str, Any], where: Path, key: str, first: Any) -> str:
    """``record`` as JSON text whose mapping at ``where`` gives ``key`` twice: ``first``,
    then its own value."""
    marker = "\u0000twice\u0000"
    copy_ = copy.deepcopy(record)
    if where:
        _set(copy_, where, {marker: None, **_get(copy_, where)})
    else:
        copy_ = {marker: None, **copy_}
    text = json.dumps(copy_, ensure_ascii=False)
    return text.replace(
        f'"{json.dumps(marker)[1:-1]}": null', f"{json.dumps(key)}: {json.dumps(first)}"
    )


@fuzz_settings(60)
@given(PASSING_BASE, st.data(), st.sampled_from(["text", "bytes"]))
def test_a_key_given_twice_in_json_text_never_passes(
    base: dict[str, Any], data: st.DataObject, form: str
) -> None:
    """``{"valid_to": "2025-01-01", …, "valid_to": "2028-06-11"}``: the record is never
    judged on one reading while another reader takes the other; reported at the key."""
    where, key = data.draw(st.sampled_from(_keys(base)))
    value = _get(base, where)[key]
    if value in (None, "", [], {}):
        return
    text = _with_twice(base, where, key, _other_value(value))
    report = contract(text.encode("utf-8") if form == "bytes" else text)
    assert report.decision is not Decision.PASS
    assert (*where, key) in [f.path for f in report.findings]
    same = _with_twice(base, where, key, copy.deepcopy(value))
    assert _decided(same) == (Decision.PASS, ())


def test_console_script_reports_keys_given_twice(tmp_path: Any) -> None:
    """The command line reads files with the same rule: the twice-given key is named."""
    expired_first = _with_twice(food_shop(), ("documents", 1), "validity", "2020.06.12-2025.06.11")
    nan_turnover = json.dumps(food_shop(), ensure_ascii=False).replace("3860000", "NaN")
    files = []
    for index, text in enumerate([expired_first, nan_turnover]):
        path = tmp_path / f"r{index}.json"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    result = run_cli("verify", *files, "--as-of", AS_OF_TEXT, "--json")
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["decision"] for r in reports] == ["review", "review"]
    assert "$.documents[1].validity" in [f["json_path"] for f in reports[0]["findings"]]
    assert "$.shops[0].annual_turnover_yuan" in [f["json_path"] for f in reports[1]["findings"]]


# --- values of every JSON type at every field --------------------------------------------------

HOSTILE: list[Any] = [
    None,
    True,
    -0.0,
    math.nan,
    math.inf,
    -math.inf,
    10**400,
    "1e309",
    "9" * 100_000,  # a Decimal of a hundred thousand digits overflows
    [],
    {},
    [[["x"]]],
    {"value": "x"},
    "\ud800",
    "\x00\x07\x1b",
    "\u202e\u2066\u200f",
    "e\u0301\u0302\u0303",
]


def _retyped(value: Any, choice: int) -> Any:
    """Operators on the value itself: wrapped in a list or a dict, as a one-entry nested
    list, with a bidi override, a zero-width joiner, a combining mark or NUL inside."""
    if choice == 0:
        return [value]
    if choice == 1:
        return {"value": value}
    if choice == 2:
        return [[value]]
    if isinstance(value, str) and len(value) > 1:
        middle = len(value) // 2
        insert = ("\u202e", "\u200d", "\u0301", "\x00")[choice - 3]
        return value[:middle] + insert + value[middle:]
    return value


@st.composite
def retyped_record(draw: st.DrawFn) -> tuple[dict[str, Any], Path, Any]:
    record = draw(PASSING_BASE)
    path, value = draw(st.sampled_from(list(record_nodes(record))))
    if draw(st.booleans()):
        new = copy.deepcopy(draw(st.sampled_from(HOSTILE)))
    else:
        new = _retyped(value, draw(st.integers(0, 6)))
    _set(record, path, new)
    return record, path, new


def _changed(record: dict[str, Any], path: Path, value: Any) -> tuple[dict[str, Any], Path, Any]:
    _set(record, path, value)
    return record, path, value


@fuzz_settings(200)
@given(retyped_record())
@hypothesis_example(_changed(food_shop(), ("shops", 0, "annual_turnover_yuan"), "9" * 10**6))
def test_any_json_type_at_any_field_keeps_the_contract(
    case: tuple[dict[str, Any], Path, Any],
) -> None:
    record, path, _ = case
    before = _fingerprint(record)
    report = contract(record)
    assert _fingerprint(record) == before, "the record changed"
    record_findings = [f for f in report.findings if f.code.startswith("record.")]
    if record_findings:  # what could not be read is named where it is
        assert any(_related(f.path, path) for f in record_findings), (path, report.codes)


DEEP_PLACES: list[Path] = [
    ("subject_type",),
    ("uscc",),
    ("categories", 1),
    ("legal_representative", "name"),
    ("shops", 0, "annual_turnover_yuan"),
    ("documents", 0, "issue_date"),
    ("documents", 0, "valid_to"),
    ("documents", 1, "validity"),
    ("documents", 1, "scope"),
    ("documents", 1),
    ("last_verified_at",),
]


@pytest.mark.parametrize("as_list", [True, False], ids=["lists", "dicts"])
@pytest.mark.parametrize("path", DEEP_PLACES, ids=lambda p: ".".join(map(str, p)))
def test_nesting_ten_thousand_levels_deep_is_named_not_raised(path: Path, as_list: bool) -> None:
    """Found: a value nested 10,000 levels deep in ``subject_type`` or a date raised
    RecursionError out of ``verify``.  Now the field is reported and left out."""
    record = food_shop()
    _set(record, path, _deep(10_000, as_list))
    report = contract(record)
    assert report.decision is not Decision.PASS
    named = [f for f in report.findings if f.code == "record.invalid_value"]
    assert any(_related(f.path, path) for f in named), report.codes


def test_deep_validity_end_is_named_at_its_key() -> None:
    record = food_shop()
    record["documents"][1]["validity"] = {
        "valid_from": "2023-06-12",
        "valid_to": _deep(10_000, True),
    }
    report = contract(record)
    assert report.decision is Decision.REVIEW
    finding = report.findings[0]
    assert (finding.code, finding.json_path) == (
        "record.invalid_value",
        "$.documents[1].validity.valid_to",
    )
    assert "nested more than 100 levels" in finding.message
    assert "嵌套" in finding.message_zh


def test_moderate_nesting_is_still_read_by_the_models() -> None:
    record = food_shop()
    record["documents"][1]["scope"] = _deep(60, True)
    report = contract(record)
    assert report.decision is Decision.REVIEW
    assert "$.documents[1].scope[0]" in [f.json_path for f in report.findings]


# --- size -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("categories", "path"),
    [
        ("食品销售" * 250_000, "$.categories"),
        (["预包装食品", "食品销售" * 250_000], "$.categories[1]"),
        (["预包装食品", "x" * 1_000_000 + "枪支"], "$.categories[1]"),
    ],
    ids=["one-string", "list-entry", "banned-at-the-end"],
)
def test_a_megabyte_category_is_refused_and_named(categories: Any, path: str) -> None:
    """Found: a 1 MB declared category took 9-13 s (every character's Unicode category
    looked up in Python, every Latin name's pattern run over the whole text).  A text
    longer than the models read (``LONGEST_TEXT``) is now refused where it stands: an
    invalid value at the entry, never passed."""
    record = food_shop()
    record["categories"] = categories
    report = contract(record)
    assert report.decision is not Decision.PASS
    refused = [f.json_path for f in report.findings if f.code == "record.invalid_value"]
    assert any(found.startswith(path) for found in refused), refused


def test_a_long_category_naming_banned_goods_is_still_reviewed() -> None:
    record = food_shop()
    record["categories"] = ["x " * 9_000 + "vape 电子烟"]  # as long as the models read
    report = contract(record)
    assert report.decision is not Decision.PASS
    assert "category.mentions_restricted" in report.codes


@pytest.mark.parametrize(
    "path",
    [("name",), ("documents", 0, "holder_name"), ("documents", 1, "scope"), ("address",)],
    ids=lambda p: ".".join(map(str, p)),
)
def test_megabyte_strings_keep_the_contract(path: Path) -> None:
    record = food_shop()
    _set(record, path, "杭" * 1_000_000)
    contract(record)


def test_a_thousand_documents_are_judged_like_their_originals() -> None:
    record = food_shop()
    record["documents"] = record["documents"] * 500
    assert contract(record).decision is Decision.PASS
    expired = copy.deepcopy(record)
    expired["documents"][999]["validity"] = "2020.06.12-2025.06.11"
    report = contract(expired)
    assert report.decision is not Decision.PASS
    assert any(f.json_path.startswith("$.documents[999]") for f in report.findings)


# --- shapes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("base", [0, 2, 6], ids=lambda i: f"example{i}")
def test_documents_keyed_by_kind_never_pass(base: int) -> None:
    record = example(base)
    record["documents"] = {document["kind"]: document for document in record["documents"]}
    report = contract(record)
    assert report.decision is not Decision.PASS
    assert "$.documents" in [f.json_path for f in report.findings]


class _Other(BaseModel):
    merchant_id: str = "x"


@pytest.mark.parametrize(
    "record",
    [[food_shop()], None, 0, math.nan, b"\xff\xfe", "\ud800", _Other(), {1: 2}, ()],
    ids=["list", "None", "int", "nan", "bad-bytes", "surrogate", "other-model", "int-key", "tuple"],
)
def test_a_record_that_is_not_a_merchant_mapping_is_reviewed(record: Any) -> None:
    report = contract(record)
    assert report.decision is Decision.REVIEW


@pytest.mark.parametrize("form", ["str", "bytes"])
def test_a_record_as_json_text_is_read_like_the_mapping(form: str) -> None:
    text = json.dumps(food_shop(), ensure_ascii=False)
    assert contract(text.encode() if form == "bytes" else text).decision is Decision.PASS


# --- Merchant instances changed after validation -----------------------------------------------


def _merchant() -> Merchant:
    return Merchant.model_validate(food_shop(), context={"as_of": AS_OF})


def _set_attr(model: Any, name: str, value: Any) -> None:
    object.__setattr__(model, name, value)


def test_changed_merchant_with_unserialisable_value_is_reported_not_raised() -> None:
    """Found: a Merchant whose uscc was set to an object, or a name to bytes, raised
    (PydanticSerializationError, UnicodeDecodeError) out of ``verify``."""
    for name, value in [("uscc", object()), ("name", b"\xff")]:
        merchant = _merchant()
        _set_attr(merchant, name, value)
        report = contract(merchant)
        assert report.decision is Decision.REVIEW
        assert f"$.{name}" in [f.json_path for f in report.findings]


@pytest.mark.parametrize(
    ("where", "value", "path"),
    [
        ("validity", "2020-01-01至2021-01-01", "$.documents[1].validity.valid_to"),
        ("number", object(), "$.documents[1].number"),
        ("holder_uscc", ["x"], "$.documents[1].holder_uscc"),
    ],
)
def test_changed_document_field_is_named_not_a_check_error(
    where: str, value: Any, path: str
) -> None:
    """Found: a document field set past validation made every check error (review with
    ``engine.check_error`` at ``$``): the field is now named."""
    merchant = _merchant()
    _set_attr(merchant.documents[1], where, value)
    report = contract(merchant)
    assert report.decision is not Decision.PASS
    assert path in [f.json_path for f in report.findings]


def test_changed_merchant_documents_are_read_again() -> None:
    merchant = _merchant()
    for documents, code in [
        ([*merchant.documents, {"kind": "x"}], "record.unknown_document_kind"),
        ([*merchant.documents, None], "record.invalid_value"),
        ({1, 2}, "record.invalid_value"),
        ("junk", "record.invalid_value"),
    ]:
        changed = merchant.model_copy(update={"documents": documents})
        report = contract(changed)
        assert report.decision is not Decision.PASS
        assert code in report.codes


def test_model_construct_merchant_is_judged_like_its_dict() -> None:
    for index in range(len(EXAMPLE_RECORDS)):
        record = example(index)
        constructed = Merchant.model_construct(**record)
        assert _decided(constructed) == _decided(record), index


def test_model_copy_with_an_expired_term_fails() -> None:
    merchant = _merchant()
    document = merchant.documents[1]
    term = document.validity.model_copy(update={"valid_to": datetime.date(2025, 1, 1)})  # type: ignore[union-attr]
    changed = merchant.model_copy(
        update={
            "documents": (merchant.documents[0], document.model_copy(update={"validity": term}))
        }
    )
    report = contract(changed)
    assert report.decision is Decision.FAIL
    assert "license.expired" in report.codes


def test_merchant_with_a_deleted_field_is_read_again() -> None:
    merchant = _merchant()
    del merchant.__dict__["documents"]
    report = contract(merchant)
    assert report.decision is Decision.FAIL
    assert "document.business_license_missing" in report.codes


# --- invisible characters in numbers and personal data -------------------------------------------

DISGUISES = ["\u202e", "\u2066", "\u200f", "\u0301", "\x00", "\u200d", "\u061c"]


@pytest.mark.parametrize("mark", DISGUISES, ids=lambda m: f"U+{ord(m):04X}")
@pytest.mark.parametrize("number", [RIC, PHONE], ids=["ric", "phone"])
def test_disguised_personal_number_as_merchant_id_is_masked(mark: str, number: str) -> None:
    """Found: a resident ID or a phone number used as merchant_id with a direction
    override, a combining mark or NUL among its digits was shown whole in the report."""
    record = food_shop()
    record["merchant_id"] = number[:6] + mark + number[6:]
    report = contract(record)
    assert report.merchant_id is not None
    assert "*" in report.merchant_id


def _uscc_with(mark: str, place: str) -> dict[str, Any]:
    uscc = "91330106JU6XYHXB07"
    given = {"start": mark + uscc, "middle": uscc[:8] + mark + uscc[8:], "end": uscc + mark}
    record = food_shop()
    record["uscc"] = given[place]
    record["documents"][0]["number"] = given[place]
    return record


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c", "\u202a", "\u202c", "\u202d"])
@pytest.mark.parametrize("place", ["start", "middle", "end"])
def test_direction_marks_in_a_uscc_are_not_a_wrong_length(mark: str, place: str) -> None:
    """Found: a USCC copied with a left-to-right mark (U+200E) failed as "has 19
    characters" (a false fail, and a message naming no visible cause).  Marks that leave
    the digits shown in the order they are read are dropped like zero-width characters."""
    assert contract(_uscc_with(mark, place)).decision is Decision.PASS


@pytest.mark.parametrize("mark", ["\u202b", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])
@pytest.mark.parametrize("place", ["start", "middle", "end"])
def test_reordering_controls_in_a_uscc_never_pass(mark: str, place: str) -> None:
    """A right-to-left embedding or override, or an isolate, can show the digits in
    another order than the one they are read in: the number is not read past it (never a
    pass on what a reviewer would see otherwise), and no message quotes it raw."""
    report = contract(_uscc_with(mark, place))
    assert report.decision is Decision.FAIL
    assert all(f.message.isprintable() and f.message_zh.isprintable() for f in report.findings)


def test_direction_override_inside_a_representative_id_never_passes() -> None:
    record = natural_person(
        "np-01", "王小明", RIC[:10] + "\u202e" + RIC[10:] + "\u202c", "日用百货"
    )
    report = contract(record)
    assert report.decision is not Decision.PASS
    assert RIC not in report.to_json()


def test_a_turnover_of_a_million_digits_is_unreadable_not_raised() -> None:
    """Found: ``"9" * 1_000_000`` as a shop's turnover raised decimal.Overflow."""
    record = food_shop()
    record["shops"][0]["annual_turnover_yuan"] = "9" * 1_000_000
    report = contract(record)
    assert report.decision is Decision.REVIEW
    assert "$.shops[0].annual_turnover_yuan" in [f.json_path for f in report.findings]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, True, [1], {"a": 1}])
def test_a_natural_person_turnover_of_another_type_is_never_passed(value: Any) -> None:
    record = natural_person(
        "np-02",
        "王小明",
        RIC,
        "日用百货",
        shops=[
            {"shop_id": "s1", "platform": "淘宝", "name": "小店", "annual_turnover_yuan": value}
        ],
    )
    report = contract(record)
    assert report.decision is not Decision.PASS
    assert "$.shops[0].annual_turnover_yuan" in [f.json_path for f in report.findings]


def test_required_document_removed_under_any_respelling_never_passes() -> None:
    """The business licence given only as 营业执照-keyed text next to a camelCase record:
    missing, never passed."""
    record = food_shop()
    licence = record["documents"].pop(0)
    record["营业执照"] = licence
    record["legalRepresentative"] = record.pop("legal_representative")
    report = contract(record)
    assert report.decision is not Decision.PASS
    assert "document.business_license_missing" in report.codes


def test_the_mask_check_sees_disguised_numbers() -> None:
    """A self-test: :func:`contract` would see a disguised number in the report's JSON."""
    assert RIC in _reader_text(json.loads(json.dumps({"x": RIC[:4] + "\u202e" + RIC[4:]})))
    assert PHONE[:7] in _reader_text([PHONE[:3] + "\u0301\x00" + PHONE[3:]])


# --- many records at once ---------------------------------------------------------------------


def _hostile_batch() -> list[Any]:
    """One record of each hostile shape this file builds."""
    deep = food_shop()
    deep["documents"][0]["issue_date"] = _deep(10_000, as_list=False)
    chinese = food_shop()
    chinese["documents"][1]["有效期至"] = "2025-01-01"
    changed = _merchant()
    _set_attr(changed, "uscc", object())
    keyed = food_shop()
    keyed["documents"] = {document["kind"]: document for document in keyed["documents"]}
    twice = _with_twice(food_shop(), ("documents", 1), "validity", "2020.06.12-2025.06.11")
    return [food_shop(), deep, chinese, changed, keyed, twice, None, b"\xff", "[]", [1]]


def test_iter_verify_and_averify_many_agree_with_verify_on_hostile_records() -> None:
    from qualcheck import averify_many, iter_verify

    batch = _hostile_batch()
    expected = [_decided(record) for record in batch]
    assert expected[0] == (Decision.PASS, ())
    assert all(decision is not Decision.PASS for decision, _ in expected[1:])
    assert [(r.decision, r.codes) for r in iter_verify(batch, as_of=AS_OF)] == expected

    async def collect() -> list[tuple[Decision, tuple[str, ...]]]:
        return [(r.decision, r.codes) async for r in averify_many(batch, as_of=AS_OF)]

    assert asyncio.run(collect()) == expected
