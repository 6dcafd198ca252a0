"""Audit: the Chinese messages a seller or an operator reads.

Contract (docs/verify.md "When the record is not well formed", qualcheck/_reasons.py,
qualcheck/_codes.py): every finding carries ``message_zh``, which a Chinese-reading seller
can read as it is — no English sentence fragments (identifiers, codes, quoted input
values, format names such as JSON/CSV/ISO/YYYY-MM-DD and JSON paths like documents[1]
are fine), no unfilled ``{placeholder}``, fields named by their Chinese labels — while
``message`` and the English ``ctx`` keys stay as they were (``ctx`` only gains ``*_zh``
keys).  ``message_zh`` never shows a full resident-ID or phone number.

The sweep provokes every code of the catalogue with realistic and hostile records
(generated numbers only), through every input path: a dict, JSON text, bytes, JSON Lines
and CSV through ``qualcheck.batch`` and ``qualcheck batch``, and ``qualcheck verify
--lang zh``; registry outcomes through ``MockRegistry`` and ``LookupResult.failed`` with
every stable reason word of docs/registries/writing-an-adapter.md.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import functools
import json
import random
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from audit_support import (
    AS_OF,
    AS_OF_TEXT,
    PHONE,
    PHONE_SPACED,
    RIC,
    Fixed,
    no_traceback,
    run_cli,
)

import qualcheck
from qualcheck import Policy, Verifier, numbers, verify
from qualcheck._codes import Finding, lookup
from qualcheck.batch import iter_input, iter_verify
from qualcheck.checks import CheckSpec
from qualcheck.dates import Validity, parse_date
from qualcheck.exceptions import InvalidNumber, UnreadableValue
from qualcheck.phones import phone_findings
from qualcheck.registries import LookupResult, RegistryRecord, RegistryStatus
from qualcheck.testing import (
    INVALID_REASONS,
    PROFILES,
    MockRegistry,
    make_drug_business,
    make_invalid,
    make_merchant,
    make_ric,
    make_uscc,
)

ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------- the yardstick


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Latin words a Chinese message may hold: format names, standards, placeholders of formats
# (YYYY-MM-DD, CNCA-R-YYYY-NNN), JSON literals, prefixes printed on licences.
_ALLOWED = _words(
    """
    JSON CSV UTF BOM ISO GB GS YYYY MM DD hh mm ss YYYYMMDD YYYYMMDDhhmm YYYYMMDDhhmmss NNN NN
    NNNN xx MOD true false null NaN Infinity NUL Unicode Unix HTTP uXXXX YB JY SC QS CNCA
    RF PDY CMA qualcheck
    """
)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”")
_TOKEN = re.compile(r"[!-~]+")  # a run of printable ASCII without spaces
_IDENTIFIER = re.compile(r"[0-9_.\[]")  # codes, numbers, snake_case, dotted names, paths
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?::(?:date|nth|a))?\}")
_DOUBLED = re.compile(r"[？?。，；：][。，；]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def english_fragments(text: str, known: Iterable[str] = ()) -> list[str]:
    """Latin words of ``text`` a Chinese reader could not read: outside quotes, not an
    identifier or number, not an allowed format name, not one of ``known`` (a registry
    source, a check name)."""
    for word in sorted(known, key=len, reverse=True):
        if word:
            text = text.replace(word, " ")
    bare = _QUOTED.sub(" ", text)
    found = []
    for token in _TOKEN.findall(bare):
        if _IDENTIFIER.search(token):
            continue
        found += [w for w in re.findall(r"[A-Za-z]{2,}", token) if w not in _ALLOWED]
    return found


def readable_zh(text: str, known: Iterable[str] = ()) -> list[str]:
    """What makes a Chinese message unreadable (empty list: nothing)."""
    problems = [f"English: {word}" for word in english_fragments(text, known)]
    problems += [f"unfilled: {slot}" for slot in _PLACEHOLDER.findall(text)]
    problems += [f"punctuation: {mark}" for mark in _DOUBLED.findall(text)]
    if not _CJK.search(text):
        problems.append("no Chinese")
    return problems


def assert_readable(finding: Any, where: object = "") -> None:
    """``finding`` (a Finding or a ReportFinding) keeps the contract: a readable Chinese
    message, every ``*_zh`` slot of its template filled from ``ctx`` (never the English
    fallback), the English message rendered from the English keys, and each ``*_zh`` key
    beside the English key it translates."""
    ctx = dict(finding.ctx)
    known = _quoted_values(ctx)
    problems = readable_zh(finding.message_zh, known)
    assert not problems, (where, finding.code, finding.message_zh, problems)
    entry = lookup(finding.code)
    for slot in set(re.findall(r"\{(\w+_zh)\}", entry.zh)):
        unstable_reason = finding.code == "registry.unavailable" and slot == "reason_zh"
        assert slot in ctx or unstable_reason, (where, finding.code, slot, "falls back")
    for key in ctx:
        if key.endswith("_zh"):
            base = key[:-3]
            assert base in ctx or f"{base}_en" in ctx, (where, finding.code, key)
    rendered = entry.render({"position": finding.position, **ctx})
    assert rendered == (finding.message, finding.message_zh), (where, finding.code)


def assert_report_readable(report: Any, where: object = "") -> None:
    for finding in report.findings:
        assert_readable(finding, where)


def test_the_yardstick_flags_english_and_passes_chinese() -> None:
    assert readable_zh("字段“发证日期”无法读取：应为文本") == []
    assert readable_zh("第1行第2列：此处应为一个值；格式为CNCA-R-YYYY-NNN，见documents[1]") == []
    assert readable_zh("按ISO 7064 MOD 11,10计算；统一社会信用代码91110000600037341M") == []
    assert readable_zh("数据源 mock 查无此主体。", known=["mock"]) == []
    assert readable_zh("字段“x”无法读取：not a colour") == ["English: not", "English: colour"]
    assert readable_zh("记录不是有效的JSON（{reason_zh}）") == ["unfilled: {reason_zh}"]
    assert readable_zh("号码过短，是否缺少区号？。") == ["punctuation: ？。"]
    assert readable_zh("no Chinese at all") != []


# --------------------------------------------------------------------------- the catalogue

# Slots of Chinese templates that are not ``*_zh``: each holds a number, a date, a code, a
# part of the input (quoted or as printed) or an identifier — never English prose.
_VALUE_SLOTS = _words(
    """
    position end length limit min_length max_length digits min_digits year earliest
    first_year as_of as_of_year days months valid_to valid_from renewed_to issue_date
    last_verified_at term_to term_from turnover char found prefix form product_type province region
    authority department field body org_code serial issuer category entity_type
    authority_name product_type_name licence nationality actual expected uscc_type
    found_code expected_code document renewal declared tag check error source number
    status_raw registry_name registry_uscc country_code years registry_scope registry_valid_to
    date established_on document_date earlier later
    """
)


def _quoted_values(ctx: Mapping[str, Any]) -> list[str]:
    """The values of ``ctx`` a Chinese message quotes as they are (input, codes, names of
    sources and checks): not English prose of qualcheck's own."""
    return [str(value) for key, value in ctx.items() if key in _VALUE_SLOTS]


@pytest.mark.parametrize("entry", qualcheck.catalogue(), ids=lambda entry: entry.code)
def test_every_chinese_template_is_chinese(entry: Any) -> None:
    literal = _PLACEHOLDER.sub("值", entry.zh)
    assert readable_zh(literal) == [], entry.zh
    assert _CJK.search(literal)
    slots = set(re.findall(r"\{(\w+)", entry.zh))
    odd = {slot for slot in slots if not slot.endswith("_zh")} - _VALUE_SLOTS
    assert not odd, (entry.code, odd)
    # the English message never reads a Chinese key (the English stays as it was)
    assert not re.findall(r"\{\w+_zh\b", entry.en), entry.en


# --------------------------------------------------------------------------- numbers


def _number_cases() -> Iterator[tuple[str, object]]:
    for kind, reasons in INVALID_REASONS.items():
        for reason in reasons:
            for seed in range(3):
                yield kind, make_invalid(kind, reason, rng=random.Random(seed))
    hostile: list[object] = [None, 5, 1.5, True, b"x", [1], {"a": 1}, "x" * 500, "hello"]
    hostile += ["", "   ", "H12345678", "E12345678", "ABC123456789012", "(京)-经营性-3009-1"]
    hostile += ["330106000129004", "60003734-1"]  # the numbers a USCC replaced
    for kind in INVALID_REASONS:
        for value in hostile:
            yield kind, value


@pytest.mark.parametrize("kind", sorted(INVALID_REASONS))
def test_number_findings_are_chinese(kind: str) -> None:
    seen = 0
    for case_kind, value in _number_cases():
        if case_kind != kind:
            continue
        for finding in numbers.findings(kind, value, as_of=AS_OF):
            assert_readable(finding, (kind, value))
            seen += 1
        try:
            numbers.get(kind).validate(value, as_of=AS_OF)
        except InvalidNumber as exc:
            assert_readable(exc.to_finding(), (kind, value))
    assert seen > 10


def test_the_codes_no_generator_makes_are_chinese() -> None:
    cases = [
        numbers.identify("hello", as_of=AS_OF).findings,
        numbers.findings("ric", make_ric(holder="foreigner_pr", rng=random.Random(4))),
        numbers.findings("ric", "ABC123456789012", as_of=AS_OF),
        numbers.findings("ric", "ZZZ123456789012", as_of=AS_OF),
        numbers.findings(
            "drug_business",
            make_drug_business(legacy=True, rng=random.Random(2)),
            as_of=datetime.date(2029, 6, 1),
        ),
    ]
    codes = set()
    for findings in cases:
        for finding in findings:
            assert_readable(finding)
            codes.add(finding.code)
    with pytest.raises(InvalidNumber) as caught:
        numbers.get("food_filing").calc_check_digit("京食药监备1234567")
    assert_readable(caught.value.to_finding())
    codes.add(caught.value.code)
    assert {"number.unrecognised", "ric.pr_old_form", "drug_business.legacy_expired"} <= codes
    assert {"ric.pr_nationality", "food_filing.no_check_digit"} <= codes


@pytest.mark.parametrize(
    ("value", "en", "zh"),
    [
        (
            "91110000600037341S",
            "Character 'S' at position 18 is not a USCC symbol (0-9 and A-Y without I, O, S,"
            " V, Z); perhaps '5' was meant.",
            "第18位的字符“S”不是统一社会信用代码字符（0-9及除I、O、S、V、Z外的大写字母），"
            "可能应为“5”。",
        ),
    ],
)
def test_a_look_alike_hint_is_a_chinese_statement(value: str, en: str, zh: str) -> None:
    (finding,) = numbers.findings("uscc", value)
    assert (finding.message, finding.message_zh) == (en, zh)


@pytest.mark.parametrize(
    ("phone", "zh"),
    [
        ("87654321", "不是有效的电话号码：号码过短，可能缺少区号。"),
        ("+1 212 555 010", "不是有效的电话号码：号码过短。"),
        ("+86 138001380001234", "不是有效的电话号码：号码过长。"),
        ("13800138000/13900139000", "不是有效的电话号码：包含多个号码。"),
        ("1380013800", "不是有效的电话号码：号码不在编号计划内。"),
        ("+999 1234", "不是有效的电话号码：国家和地区代码无效。"),
        ("电话号码", "不是有效的电话号码：看起来不像电话号码。"),
        (None, "不是有效的电话号码：应为文本，实际为空值（null）。"),
    ],
)
def test_phone_reasons_read_as_chinese_sentences(phone: object, zh: str) -> None:
    (finding,) = phone_findings(phone)
    assert finding.message_zh == zh
    assert_readable(finding, phone)
    if phone == "87654321":
        assert finding.message == (
            "Not a valid phone number: it is too short; the area code may be missing."
        )


# --------------------------------------------------------------------------- every code


def _record(profile: str, seed: int = 1, **knobs: Any) -> dict[str, Any]:
    return make_merchant(profile, as_of=AS_OF, rng=random.Random(seed), **knobs)


def _doc(record: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(doc for doc in record["documents"] if doc["kind"] == kind)


def _set(record: dict[str, Any], kind: str, **fields: Any) -> dict[str, Any]:
    _doc(record, kind).update(fields)
    return record


def _scenarios() -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(label, record, registry) that together reach every code the engine emits."""
    yield "expired", _record("restaurant", expired=["food_business"]), None
    yield "expiring", _record("restaurant", expiring=["food_business"]), None
    yield (
        "future start",
        _set(_record("restaurant"), "food_business", valid_from="2027-01-01"),
        None,
    )
    yield (
        "future issue",
        _set(_record("restaurant"), "food_business", issue_date="2027-01-01"),
        None,
    )
    yield "long-term JY", _set(_record("restaurant"), "food_business", valid_to="长期"), None
    term = {"valid_from": "2020-01-01", "valid_to": "2040-01-01"}
    yield "term too long", _set(_record("restaurant"), "food_business", **term), None
    renewed = _record("restaurant")
    old = copy.deepcopy(_doc(renewed, "food_business"))
    old.update(valid_from="2016-01-01", valid_to="2021-01-01")
    old.pop("issue_date", None)
    renewed["documents"].append(old)
    yield "superseded", renewed, None
    twice = _record("restaurant")
    copy_of = copy.deepcopy(_doc(twice, "food_business"))
    copy_of["valid_to"] = "长期"  # the same first day, another end
    twice["documents"].append(copy_of)
    yield "two copies of one term", twice, None
    no_term = _record("restaurant")
    for key in ("valid_from", "valid_to"):
        _doc(no_term, "food_business").pop(key, None)
    yield "no term", no_term, None
    yield "turnover", _record("natural_person", turnover_yuan=500_000), None
    farmer = _record("natural_person", turnover_yuan=500_000)
    farmer["categories"] = ["edible_agricultural_products"]
    yield "own produce", farmer, None
    cleaner = _record("natural_person", turnover_yuan=500_000)
    cleaner["categories"] = ["家政服务"]
    yield "convenience services", cleaner, None
    yield "no identity", _record("natural_person", missing=["identity"]), None
    caterer = _record("natural_person")
    caterer["categories"] = ["catering"]
    yield "natural person needing a licence", caterer, None
    yield "15 digits", _set(_record("natural_person"), "identity", number="110105491231002"), None
    unknown_turnover = _record("natural_person")
    for shop in unknown_turnover["shops"]:
        shop.pop("annual_turnover_yuan")
    yield "turnover unknown", unknown_turnover, None
    yield "reverify", _record("food_shop", last_verified_months_ago=9), None
    yield "verified later", {**_record("food_shop"), "last_verified_at": "2027-05-01"}, None
    without = _record("food_shop", missing=["business_license"])
    yield "no licence", without, None
    yield "no uscc", {k: v for k, v in without.items() if k != "uscc"}, None
    yield "name mismatch", _record("food_shop", name_mismatch=True), None
    yield "uscc mismatch", _record("food_shop", uscc_mismatch=True), None
    similar = _record("food_shop")
    similar["documents"][-1]["holder_name"] = similar["name"] + "分店"
    yield "name similar", similar, None
    english = _record("food_shop")
    english["name"] = "Example Fresh Foods (Hangzhou) Co., Ltd."
    yield "name not comparable", english, None
    unnamed = _record("food_shop")
    for key in ("holder_name", "holder_uscc"):
        unnamed["documents"][-1].pop(key, None)
    yield "holder missing", unnamed, None
    shop_named = _record("food_shop")
    shop_named["shops"] = [{"shop_id": "s-1", "name": "示例旗舰店"}]
    shop_named["documents"][-1].update(holder_name="示例旗舰店", holder_uscc=None)
    yield "holder is the shop", shop_named, None
    other_rep = _record("food_shop")
    other_rep["documents"][-1]["legal_representative"] = "赵某某"
    yield "legal rep", other_rep, None
    person = _record("natural_person")
    person["legal_representative"] = {
        "name": person["name"],
        "id_number": make_ric(rng=random.Random(9)),
    }
    yield "id mismatch", person, None
    moved = _record("food_shop")
    moved["uscc"] = make_uscc(entity_type="1", region="110105", rng=random.Random(3))
    for document in moved["documents"]:
        document.pop("holder_uscc", None)
    _doc(moved, "business_license")["number"] = moved["uscc"]
    yield "region", moved, None
    yield "subject type", {**_record("individual_business"), "subject_type": "企业"}, None
    typed = _set(_record("food_shop"), "business_license", entity_type="个体工商户")
    yield "licence type", typed, None
    yield "banned", _record("food_shop", banned=["vaccines"]), None
    yield "permit", _record("food_shop", banned=["fireworks"]), None
    categories = (
        "medical_devices_class_2_everyday",
        "catering",
        "health_food",
        "prescription_drugs",
    )
    for category in (*categories, "不知道什么", "电子烟配件"):
        record = _record("food_shop")
        record["categories"].append(category)
        yield category, record, None
    headquarters = make_drug_business(business_type="B", rng=random.Random(2))
    yield "chain HQ", _set(_record("pharmacy"), "drug_business", number=headquarters), None
    legacy = make_drug_business(legacy=True, rng=random.Random(2))
    yield "legacy", _set(_record("pharmacy"), "drug_business", number=legacy), None
    passport = _set(_record("natural_person"), "identity", id_type="护照", number="E12345678")
    misnamed = _record("natural_person")  # a resident-ID number declared a passport's
    yield "id_type not the number's", _set(misnamed, "identity", id_type="护照"), None
    yield "passport", passport, None
    permit = _record("food_shop")
    permit["legal_representative"] = {"name": "张三", "id_type": "身份证", "id_number": "H12345678"}
    yield "travel permit", permit, None
    untyped = _set(_record("natural_person"), "identity", number="12345678")  # a 台胞证's
    yield "another document's number, no id_type", untyped, None
    for phone in ("12345", "+1 212 555 0100"):
        yield phone, {**_record("food_shop"), "contact_phone": phone}, None
    # registries
    forced = {
        "food_shop": ("not_found", "revoked", "cancelled", "suspended", "status_unknown"),
        "pharmacy": ("former_name", "legal_rep_changed", "unavailable", "timeout", "malformed"),
    }
    for profile, outcomes in forced.items():
        for outcome in outcomes:
            record = _record(profile)
            mock = MockRegistry()
            mock.add_merchant(record)
            mock.force(record["uscc"], outcome)
            yield outcome, record, mock
    changes: list[dict[str, Any]] = [
        {"scope": "日用百货销售", "term": {"valid_from": "2000-01-01", "valid_to": "2020-01-01"}},
        {"uscc": make_uscc(rng=random.Random(5))},
        {"name": "别的名字有限公司"},
        {"licenses": []},
        {"status": "迁出"},
        {"status": "清算中"},
        {"established_on": "2099-01-01"},
        {"status": "存续", "cancelled_on": "2020-05-06"},
    ]
    for change in changes:
        record = _record("pharmacy")
        mock = MockRegistry()
        mock.add_merchant(record, **change)
        yield f"registry {sorted(change)}", record, mock
    english = _record("pharmacy")
    mock = MockRegistry()
    mock.add_merchant(english, name="Example Pharmacy (Hangzhou) Co., Ltd.")
    yield "registry name in English", english, mock
    written_otherwise = _record("pharmacy")
    written_otherwise["name"] = "杭州市示例大药房有限公司"
    for document in written_otherwise["documents"]:
        document["holder_name"] = written_otherwise["name"]
    mock = MockRegistry()
    mock.add_merchant(written_otherwise, name="示例大药房（杭州）有限公司")
    yield "registry name written otherwise", written_otherwise, mock
    for status_raw in ("吊销", "暂停", "待审核"):
        record = _record("pharmacy")
        mock = MockRegistry()
        base = mock.add_merchant(record)
        licences = [lic.model_copy(update={"status_raw": status_raw}) for lic in base.licenses]
        mock.add(base.model_copy(update={"licenses": tuple(licences)}))
        yield f"licence {status_raw}", record, mock
    record = _record("pharmacy")
    mock = MockRegistry()
    base = mock.add_merchant(record)
    ended = Validity(valid_from="2010-01-01", valid_to="2015-01-01")
    licences = [lic.model_copy(update={"validity": ended}) for lic in base.licenses]
    mock.add(base.model_copy(update={"licenses": tuple(licences)}))
    yield "licence expired", record, mock
    record = _record("food_shop")
    mock = MockRegistry()
    base = mock.add_merchant(record)
    shorter = Validity(valid_from="2020-01-01", valid_to="2027-06-30")
    narrower = "预包装食品销售（含冷藏冷冻食品）"
    licences = [
        lic.model_copy(update={"validity": shorter, "scope": narrower}) for lic in base.licenses
    ]
    mock.add(base.model_copy(update={"licenses": tuple(licences)}))
    yield "licence listed shorter and narrower", record, mock
    record = _record("food_shop")
    for document in record["documents"]:
        document.pop("scope", None)
    mock = MockRegistry()
    base = mock.add_merchant(record)
    licences = [lic.model_copy(update={"scope": narrower}) for lic in base.licenses]
    mock.add(base.model_copy(update={"licenses": tuple(licences)}))
    yield "no scope on the document, a narrower listing", record, mock
    bare = RegistryRecord(status="存续", source="fixed")
    yield "status only", _record("food_shop"), Fixed(LookupResult.found(bare))
    record = _record("food_shop")
    mock = MockRegistry()
    in_part = dataclasses.replace(
        LookupResult.found(mock.add_merchant(record)), reason="malformed", detail="listing"
    )
    yield "answered in part", record, Fixed(in_part)


def _boom(merchant: Any, context: Any) -> Iterator[Finding]:
    raise RuntimeError("a check that breaks, with an English message")
    yield  # pragma: no cover


@functools.cache
def _scenario_codes() -> frozenset[str]:
    codes: set[str] = set()
    for label, record, registry in _scenarios():
        report = verify(record, as_of=AS_OF, registry=registry)
        assert_report_readable(report, label)
        codes.update(report.codes)
    broken = CheckSpec("my_check", _boom, (), "a check that raises")
    report = Verifier(as_of=AS_OF, checks=[broken]).verify(_record("food_shop"))
    assert_report_readable(report, "check error")
    codes.update(report.codes)
    return frozenset(codes)


def test_every_code_the_checks_emit_is_readable_in_chinese() -> None:
    engine = {
        entry.code
        for entry in qualcheck.catalogue()
        if entry.code.split(".")[0]
        in ("license", "merchant", "document", "consistency", "category", "registry", "engine")
    }
    engine |= {"phone.invalid", "phone.not_chinese", "ric.unverifiable_document"}
    engine |= {"ric.other_document", "drug_business.legacy_format", "ric.id_type_mismatch"}
    engine |= {"ric.id_type_needed"}
    missing = engine - _scenario_codes()
    assert not missing  # every engine code was provoked (and was readable)


# --------------------------------------------------------------------------- records


def _leaves(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if path:
        yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))


def _with(record: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    node: Any = changed
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return changed


def _without(record: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    node: Any = changed
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return changed


_HOSTILE = [
    None,
    -1,
    1.5,
    float("nan"),
    float("inf"),
    True,
    [],
    {},
    "",
    "乱码？",
    "x" * 300,
    [1, 2],
    {"a": 1},
    10**30,
    "2024-13-01",
    "Mon Mar 5 2024",
    "2020-01-01至2019-01-01",
    "长期",
    [None],
]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_field_with_every_bad_value_reads_in_chinese(profile: str) -> None:
    record = _record(profile, seed=7)
    record.setdefault("legal_representative", {"name": "张三"})
    record["legal_representative"].update(id_type="护照", id_number="E1234567")
    seen = 0
    for path in list(_leaves(record)):
        variants = [_with(record, path, value) for value in _HOSTILE]
        if isinstance(path[-1], str):
            variants.append(_without(record, path))
        for variant in variants:
            report = verify(variant, as_of=AS_OF)
            assert_report_readable(report, path)
            seen += sum(f.code.startswith("record.") for f in report.findings)
    assert seen > 100


def test_record_reading_findings_keep_their_english_keys() -> None:
    record = _record("food_shop")
    record["documents"][1]["issue_date"] = True
    del record["documents"][1]["number"]
    record["documents"][0]["valid_to"] = {"a": 1}
    report = verify(record, as_of=AS_OF)
    keys = {finding.code: set(finding.ctx) for finding in report.findings}
    assert keys["record.invalid_value"] == {"field", "reason", "field_zh", "reason_zh"}
    assert keys["record.missing_field"] == {"field", "field_zh"}
    messages = {(f.code, f.json_path): f.message_zh for f in report.findings}
    assert messages["record.invalid_value", "$.documents[1].issue_date"] == (
        "字段“发证日期”无法读取：无法从布尔值true读出日期：应为文本或数字"
    )


@pytest.mark.parametrize(
    ("value", "en", "zh"),
    [
        (True, "cannot read a date from bool true", "无法从布尔值true读出日期：应为文本或数字"),
        (
            float("nan"),
            "cannot read a date from nan: not a finite number",
            "无法从NaN读出日期：不是有限的数字",
        ),
        (
            [2024, 1, 1],
            "cannot read a date from list [2024, 1, 1]",
            "无法从列表读出日期：应为文本或数字",
        ),
        ({"y": 1}, 'cannot read a date from dict {"y": 1}', "无法从对象读出日期：应为文本或数字"),
        (
            "Mon Mar 5 2024",
            "cannot read a date from 'Mon Mar 5 2024': 2024-03-05 is not a Mon",
            "无法从“Mon Mar 5 2024”读出日期：2024-03-05是星期二，不是“Mon”",
        ),
        (
            10**5000,
            "cannot read a date from <int too long to show>: the number is too large to be a"
            " date or a timestamp",
            "无法从位数过多的整数读出日期：数字过大，不是日期或时间戳",
        ),
    ],
    ids=["bool", "nan", "list", "dict", "weekday", "huge-int"],
)
def test_values_that_are_not_text_are_named_in_chinese(value: Any, en: str, zh: str) -> None:
    with pytest.raises(UnreadableValue) as caught:
        parse_date(value)
    assert (str(caught.value), caught.value.message_zh) == (en, zh)


@pytest.mark.parametrize(
    ("document", "zh"),
    [
        (
            {"validity": {"valid_from": "2022-01-01", "valid_to": "2027-01-01"}, "long_term": True},
            "字段“长期有效”无法读取：长期有效填写了两次且不一致：有效期中的有效期至为"
            "“2027-01-01”，单独填写为是",
        ),
        (
            {"validity": {"valid_from": "2022-01-01", "long_term": True}, "valid_to": "2027-01-01"},
            "字段“有效期至”无法读取：有效期至填写了两次且不一致：有效期中的长期有效为是，"
            "单独填写为“2027-01-01”",
        ),
        (
            {"validity": "2022-01-01至2027-01-01", "valid_to": "2028-01-01"},
            "字段“有效期至”无法读取：有效期至填写了两次且不一致：有效期中为“2027-01-01”，"
            "单独填写为“2028-01-01”",
        ),
    ],
)
def test_a_validity_given_twice_is_explained_in_chinese(document: dict[str, Any], zh: str) -> None:
    record = _record("restaurant")
    licence = _doc(record, "food_business")
    for key in ("valid_from", "valid_to"):
        licence.pop(key, None)
    licence.update(document)
    finding = next(
        f for f in verify(record, as_of=AS_OF).findings if f.code == "record.invalid_value"
    )
    assert finding.message_zh == zh
    assert "is given twice, differently" in finding.message  # the English as it was
    assert_readable(finding)


def test_a_kind_of_subject_not_known_lists_the_chinese_names() -> None:
    record = {**_record("food_shop"), "subject_type": "公司制"}
    (finding,) = (
        f for f in verify(record, as_of=AS_OF).findings if f.code == "record.invalid_value"
    )
    assert finding.message_zh == (
        "字段“主体类型”无法读取：应为以下之一：企业、分支机构、个体工商户、农民专业合作社、自然人、其他组织"
    )
    assert finding.message == (
        "Field 'subject_type' could not be read: Input should be 'enterprise', 'branch',"
        " 'individual_business', 'cooperative', 'natural_person' or 'other'"
    )


# --------------------------------------------------------------------------- input paths


def _broken_record() -> dict[str, Any]:
    """A record with problems of several kinds, for comparing input paths."""
    record = _record("food_shop", seed=3)
    record["documents"][1]["issue_date"] = "2023年2月30日"
    record["documents"][0]["valid_to"] = "至今"
    record["contact_phone"] = "12345"
    record["categories"].append("不知道什么")
    record["shops"][0]["annual_turnover_yuan"] = "很多"
    return record


def _messages(report: Any) -> list[tuple[str, str, str]]:
    return [(f.code, f.json_path, f.message_zh) for f in report.findings]


def test_every_input_path_gives_the_same_chinese_messages(tmp_path: Path) -> None:
    record = _broken_record()
    text = json.dumps(record, ensure_ascii=False)
    expected = _messages(verify(record, as_of=AS_OF))
    assert len(expected) >= 5
    for finding in verify(record, as_of=AS_OF).findings:
        assert_readable(finding)
    assert _messages(verify(text, as_of=AS_OF)) == expected
    assert _messages(verify(text.encode(), as_of=AS_OF)) == expected
    assert _messages(verify("\ufeff" + text, as_of=AS_OF)) == expected
    lines = tmp_path / "sellers.jsonl"
    lines.write_text(text + "\n", encoding="utf-8")
    (report,) = iter_verify(iter_input(lines), as_of=AS_OF)
    assert _messages(report) == expected
    out = tmp_path / "out.jsonl"
    result = run_cli("batch", str(lines), "--out", str(out), "--as-of", AS_OF_TEXT, "--quiet")
    no_traceback(result)
    (line,) = out.read_text(encoding="utf-8").splitlines()
    written = json.loads(line)["findings"]
    assert [(f["code"], f["path"], f["message_zh"]) for f in written] == expected


def test_csv_rows_read_in_chinese(tmp_path: Path) -> None:
    record = _broken_record()
    documents = json.dumps(record["documents"], ensure_ascii=False)
    path = tmp_path / "sellers.csv"
    header = "merchant_id,subject_type,name,uscc,contact_phone,categories,documents,shops\n"
    cells = [
        record["merchant_id"],
        record["subject_type"],
        record["name"],
        record["uscc"],
        "12345",
        "prepackaged_food|不知道什么",
        documents,
        "[oops",
    ]
    row = ",".join('"' + cell.replace('"', '""') + '"' for cell in cells)
    path.write_text(header + row + "\n", encoding="utf-8")
    (report,) = iter_verify(iter_input(path), as_of=AS_OF)
    assert_report_readable(report, "csv")
    codes = {f.code for f in report.findings}
    assert {"record.invalid_value", "phone.invalid", "category.unknown"} <= codes
    shops = next(f for f in report.findings if f.ctx.get("field") == "shops")
    assert shops.message_zh == "字段“店铺”无法读取：不是JSON（第1行第2列：此处应为一个值）"


@pytest.mark.parametrize(
    ("row", "en", "zh"),
    [
        (
            'm1,企业,"' + "长" * 140_000 + '"\n',
            "field larger than field limit (131072)",
            "字段“该行”无法读取：CSV格式错误：单元格超过131072个字符的上限",
        ),
        (
            "m2,企业,示例\r商店\n",
            "new-line character seen in unquoted field",
            "字段“该行”无法读取：CSV格式错误：未加引号的单元格中含有换行符",
        ),
        (
            'm3,企业,示例,"\ufeff[{}]"\n',
            "not JSON (Unexpected UTF-8 BOM",
            "字段“证照”无法读取：不是JSON（第1行第1列：文本开头有多余的UTF-8字节顺序标记（BOM））",
        ),
        (
            'm4,企业,示例,"{""kind"": 1}, {}"\n',
            "not JSON (Extra data",
            "字段“证照”无法读取：不是JSON（第1行第12列：JSON值之后还有多余内容）",
        ),
        (
            "m5,企业,示例,5\n",
            "expected a JSON array of objects",
            "字段“证照”无法读取：应为由对象组成的JSON数组",
        ),
        (
            "m6,企业,示例,,x,y\n",
            "2 cells more than the header",
            "字段“该行”无法读取：比表头多2个单元格",
        ),
    ],
)
def test_csv_cell_problems_read_in_chinese(tmp_path: Path, row: str, en: str, zh: str) -> None:
    path = tmp_path / "sellers.csv"
    path.write_text("merchant_id,subject_type,name,documents\n" + row, encoding="utf-8")
    (report,) = iter_verify(iter_input(path), as_of=AS_OF)
    finding = next(f for f in report.findings if f.code == "record.invalid_value")
    assert finding.message_zh == zh
    assert en in finding.message  # the English reason as the reader gave it
    assert_readable(finding)


def test_undecodable_lines_name_their_encoding(tmp_path: Path) -> None:
    path = tmp_path / "sellers.csv"
    path.write_bytes(b"merchant_id,subject_type,name\n" + b"m1,\xc6\xf3\xd2\xb5,\xff\xfe\n")
    (report,) = iter_verify(iter_input(path, encoding="gb18030"), as_of=AS_OF)
    finding = next(f for f in report.findings if f.ctx.get("field") == "row")
    assert finding.message_zh == "字段“该行”无法读取：不是gb18030编码的文本"
    for value, codec in [(b'{"a": "\xe4\xb8"}', "UTF-8"), (b"\xff\xfe{\x00\x00", "UTF-16")]:
        (finding,) = verify(value, as_of=AS_OF).findings
        assert finding.message_zh == f"记录不是有效的JSON（不是{codec}编码的文本），无法核验。"
        assert_readable(finding)


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "[1,",
        '{"a":1} x',
        '{"a": NaN',
        "\x00{",
        '"just text"',
        "{'single': 'quotes'}",
        '{"a": 1,}',
        "[" * 600 + "]" * 600,
        "null",
        "123",
        "[]",
        "true",
        '"长期"',
    ],
)
def test_text_that_is_no_record_reads_in_chinese(text: str) -> None:
    for given in (text, text.encode("utf-8")):
        report = verify(given, as_of=AS_OF)
        assert report.codes in (("record.not_json",), ("record.not_an_object",))
        assert_report_readable(report, text[:20])


# --------------------------------------------------------------------------- registries


def _stable_reasons() -> list[str]:
    """The stable reason words docs/registries/writing-an-adapter.md lists."""
    text = (ROOT / "docs" / "registries" / "writing-an-adapter.md").read_text(encoding="utf-8")
    sentence = text.split("The stable `reason` words, for adapters too, are:")[1]
    sentence = sentence.split("Use `provider_error`")[0]
    words = re.findall(r"`([a-z_<>]+)`", sentence)
    assert len(words) >= 14, words
    return [word.replace("<status>", "503") for word in words]


_MORE_REASONS = ["http_408", "http_425", "http_500", "ambiguous", "registry_error", "unavailable"]


@pytest.mark.parametrize("reason", [*_stable_reasons(), *_MORE_REASONS, "Timeout", " HTTP_502 "])
def test_every_registry_failure_reason_reads_in_chinese(reason: str) -> None:
    record = _record("food_shop")
    result = LookupResult.failed("fixed", reason, "an English detail the seller never sees")
    report = verify(record, as_of=AS_OF, registry=Fixed(result))
    (finding,) = report.findings
    assert finding.code == "registry.unavailable"
    assert "reason_zh" in finding.ctx  # a Chinese reason, not the English word
    assert finding.ctx["reason"] == reason  # the stable word as the adapter gave it
    assert_readable(finding, reason)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_failure_without_a_reason_word_still_reads(reason: str) -> None:
    result = LookupResult.failed("fixed", reason, "detail")
    assert result.reason == "provider_error"
    report = verify(_record("food_shop"), as_of=AS_OF, registry=Fixed(result))
    (finding,) = report.findings
    assert "{" not in finding.message + finding.message_zh
    assert finding.message_zh == "登记机关数据源 fixed 未能给出结果（数据源出错），需要人工复核。"


def test_a_registry_that_raises_reads_in_chinese() -> None:
    class Raising(Fixed):
        def lookup(self, query: Any) -> LookupResult:
            raise ValueError("an English message from a broken adapter")

    report = verify(
        _record("food_shop"), as_of=AS_OF, registry=Raising(LookupResult.not_found("x"))
    )
    assert_report_readable(report)
    assert report.codes == ("registry.unavailable",)


@pytest.mark.parametrize("status", [s for s in RegistryStatus if s is not RegistryStatus.ACTIVE])
def test_a_status_without_the_sources_spelling_reads_in_chinese(status: RegistryStatus) -> None:
    record = _record("food_shop")
    entity = RegistryRecord(name=record["name"], uscc=record["uscc"], status=status, source="fixed")
    report = verify(record, as_of=AS_OF, registry=Fixed(LookupResult.found(entity)))
    (finding,) = report.findings
    assert finding.code.startswith("registry.status_")
    assert status.value not in finding.message_zh, finding.message_zh
    assert_readable(finding, status)


def test_a_registry_scope_finding_names_the_category_in_chinese() -> None:
    record = _record("pharmacy")
    mock = MockRegistry()
    mock.add_merchant(record, scope="日用百货销售")
    report = verify(record, as_of=AS_OF, registry=mock)
    findings = [f for f in report.findings if f.code == "registry.scope_not_covering"]
    assert findings
    for finding in findings:
        assert "_" not in finding.message_zh, finding.message_zh
        assert "处方药" in finding.message_zh or "药品信息" in finding.message_zh


# --------------------------------------------------------------------------- privacy

_SECRETS = (RIC[:17], PHONE)


def _flat(text: str) -> str:
    return re.sub(r"[\s\-.\u00a0]", "", text)


def _leaks(finding: Any) -> list[str]:
    shown = finding.message_zh + json.dumps(
        {k: v for k, v in finding.ctx.items() if k.endswith("_zh")}, ensure_ascii=False
    )
    return [secret for secret in _SECRETS if secret in _flat(shown)]


@pytest.mark.parametrize("profile", ["food_shop", "natural_person"])
def test_chinese_messages_never_show_a_whole_id_or_phone_number(profile: str) -> None:
    record = _record(profile, seed=2)
    values = [RIC, PHONE, PHONE_SPACED, f"身份证{RIC}", f"电话{PHONE}", int(PHONE), f"+86 {PHONE}"]
    for path in list(_leaves(record)):
        if path[-1] == "kind":  # the document kind: see the test below
            continue
        for value in values:
            for finding in verify(_with(record, path, value), as_of=AS_OF).findings:
                assert not _leaks(finding), (path, value, finding.code, finding.message_zh)


@pytest.mark.parametrize("value", [RIC, PHONE_SPACED])
def test_an_id_number_given_as_a_document_kind_is_masked(value: str) -> None:
    record = _with(_record("food_shop"), ("documents", 1, "kind"), value)
    finding = next(
        f for f in verify(record, as_of=AS_OF).findings if f.code == "record.unknown_document_kind"
    )
    assert not _leaks(finding), finding.message_zh


@pytest.mark.parametrize("value", [None, True, ["a"], {"a": 1}])
def test_a_document_kind_that_is_not_text_is_named_in_chinese(value: Any) -> None:
    record = _with(_record("food_shop"), ("documents", 1, "kind"), value)
    for finding in verify(record, as_of=AS_OF).findings:
        assert not re.search(r"None|True|\[|\{", finding.message_zh), finding.message_zh


# --------------------------------------------------------------------------- category files


def test_a_part_a_category_file_constrains_is_named_in_chinese(tmp_path: Path) -> None:
    categories = {
        "version": "1",
        "categories": {
            "local_food": {
                "name_zh": "本地食品",
                "name_en": "Local food",
                "requires": [[{"kind": "food_business", "province_code": ["11"]}]],
            }
        },
    }
    path = tmp_path / "categories.json"
    path.write_text(json.dumps(categories, ensure_ascii=False), encoding="utf-8")
    record = {**_record("restaurant"), "categories": ["local_food"]}
    report = Verifier(policy=Policy(categories_file=path), as_of=AS_OF).verify(record)
    (finding,) = report.findings
    assert finding.code == "category.license_unsuitable"
    assert "province_code" not in finding.message_zh, finding.message_zh


def test_bundled_banned_categories_cite_their_basis_in_chinese() -> None:
    data = json.loads((ROOT / "qualcheck" / "data" / "categories.json").read_text("utf-8"))
    banned = [key for key, spec in data["categories"].items() if spec.get("banned")]
    assert len(banned) >= 10
    for key in banned:
        spec = data["categories"][key]
        assert len(spec["basis_zh"]) == len(spec["basis"]), key
        for text in spec["basis_zh"]:
            assert readable_zh(text) == [], (key, text)
        (finding,) = (
            f
            for f in verify({**_record("food_shop"), "categories": [key]}, as_of=AS_OF).findings
            if f.code == "category.banned"
        )
        assert_readable(finding, key)


# --------------------------------------------------------------------------- the CLI

_LINE = re.compile(r"^    \S+\s+(\S+) at (\$\S*): (.*)$")


def test_verify_lang_zh_prints_chinese_messages(tmp_path: Path) -> None:
    records = [
        json.dumps(_broken_record(), ensure_ascii=False),
        json.dumps(_record("natural_person", missing=["identity"]), ensure_ascii=False),
        "{not json",
        "[1, 2]",
        "null",
    ]
    path = tmp_path / "sellers.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    human = run_cli("verify", str(path), "--as-of", AS_OF_TEXT, "--lang", "zh")
    machine = run_cli("verify", str(path), "--as-of", AS_OF_TEXT, "--json")
    no_traceback(human)
    no_traceback(machine)
    expected = [
        (f["code"], f.get("json_path"), f["message_zh"])
        for line in machine.stdout.splitlines()
        for f in json.loads(line)["findings"]
    ]
    printed = [m.groups() for m in map(_LINE.match, human.stdout.splitlines()) if m]
    assert [(code, message) for code, _, message in printed] == [
        (code, message) for code, _, message in expected
    ]
    assert len(printed) >= 8
    for code, _, message in printed:
        assert readable_zh(message) == [], (code, message)


def test_id_lang_zh_prints_chinese_messages() -> None:
    values = [make_invalid("uscc", "checksum", rng=random.Random(1)), "12345", "hello"]
    result = run_cli("id", "auto", *values, "--lang", "zh", "--as-of", AS_OF_TEXT)
    no_traceback(result)
    messages = [line.split(": ", 1)[1] for line in result.stdout.splitlines() if ": " in line]
    assert len(messages) == 3
    for message in messages:
        assert readable_zh(message) == [], message


def test_batch_output_holds_readable_chinese_messages(tmp_path: Path) -> None:
    lines = [json.dumps(record, ensure_ascii=False) for _, record, _ in _scenarios()][:30]
    lines += ["{oops", "[]", '"text"']
    source = tmp_path / "sellers.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    result = run_cli("batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT, "--quiet")
    no_traceback(result)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(written) == len(lines)
    count = 0
    for entry in written:
        for finding in entry["findings"]:
            known = _quoted_values(finding.get("ctx", {}))
            assert readable_zh(finding["message_zh"], known) == [], finding
            for key in finding.get("ctx", {}):
                if key.endswith("_zh"):
                    assert key[:-3] in finding["ctx"] or f"{key[:-3]}_en" in finding["ctx"]
            count += 1
    assert count >= 30


def test_the_audit_reaches_the_codes_it_claims() -> None:
    """The sweeps above reach every code of the catalogue."""
    reached = set(_scenario_codes())
    for kind, value in _number_cases():
        reached.update(f.code for f in numbers.findings(kind, value, as_of=AS_OF))
    reached |= {"number.unrecognised", "ric.pr_old_form", "ric.pr_nationality"}
    reached |= {"drug_business.legacy_expired", "food_filing.no_check_digit"}
    record_codes = {
        code for code in (e.code for e in qualcheck.catalogue()) if code.startswith("record.")
    }
    missing = {e.code for e in qualcheck.catalogue()} - reached - record_codes
    assert not missing
