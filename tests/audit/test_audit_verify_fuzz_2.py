"""Audit round 2, property-based: mutation fuzzing and differential tests of ``verify``.

Contract (README, docs/verify.md, docs/models.md):

* ``verify(record, as_of=…)`` never raises for any input and always returns a Report whose
  decision is pass, review or fail;
* nothing unreadable, missing or failed ends in PASS (fail closed) — in particular a record
  whose documents a declared category (or the kind of subject) needs were removed or
  broken, and a record that failed for an expired licence, whatever else is done to it;
* every finding names a place in the record as given (``json_path``);
* the report's JSON is valid (UTF-8 text) and holds no personal number, not even masked;
* the same input gives the same report (but for ``audit_id`` and ``created_at``), whatever
  the order of the documents and of the declared categories;
* ``iter_findings``, ``averify``, the command line's ``--json`` and a ``Merchant`` passed in
  agree with ``verify``.

The mutations start from the bundled examples and from generated records
(``qualcheck.testing.strategies.merchants``) and put hostile values anywhere, delete keys,
duplicate list entries, swap documents' kinds and move dates across ``as_of``.  Every test
is derandomized (no example database), so CI replays the same examples.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import dataclasses
import datetime
import io
import json
import math
import os
import random
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from audit_support import (
    AS_OF,
    AS_OF_TEXT,
    EXAMPLE_LINES,
    EXAMPLE_RECORDS,
    cli_env,
    fuzz_settings,
    record_nodes,
    run_cli,
)
from hypothesis import event, given
from hypothesis import strategies as st

from qualcheck import Decision, Report, averify, iter_findings, verify
from qualcheck._verify import digest
from qualcheck.checks.categories import load_category_policy
from qualcheck.cli import main as cli_main
from qualcheck.models import Merchant
from qualcheck.models.documents import document_kind
from qualcheck.numbers import ric
from qualcheck.testing import PROFILES, make_merchant, make_ric
from qualcheck.testing.strategies import merchants

Path = tuple[str | int, ...]


# --- generated personal numbers (belong to nobody) ----------------------------------------

RIC = make_ric(birth_date=datetime.date(1987, 9, 8), rng=random.Random(2026_11_29_2))
RIC_BIRTH = "19870908"
MOBILE = "13912345678"


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


PERSONAL_VALUES = [
    RIC,
    RIC.lower(),
    _full_width(RIC),
    f"{RIC[:6]} {RIC[6:14]} {RIC[14:]}",
    MOBILE,
    "139 1234 5678",
]


# --- base records ---------------------------------------------------------------------------


def _decision(record: Any) -> Decision:
    return verify(record, as_of=AS_OF).decision


PASSING_EXAMPLES = [i for i, r in enumerate(EXAMPLE_RECORDS) if _decision(r) is Decision.PASS]
EXPIRED_EXAMPLES = [
    i
    for i, r in enumerate(EXAMPLE_RECORDS)
    if "license.expired" in verify(r, as_of=AS_OF).codes and _decision(r) is Decision.FAIL
]


def _example(index: int) -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE_RECORDS[index])


ANY_RECORD = st.sampled_from(range(len(EXAMPLE_RECORDS))).map(_example) | merchants(as_of=AS_OF)
PASSING_RECORD = st.sampled_from(PASSING_EXAMPLES).map(_example) | merchants(
    failing=False, as_of=AS_OF
)


# --- walking records ------------------------------------------------------------------------


def _nodes(node: Any) -> Iterator[tuple[Path, Any]]:
    """Every value inside ``node`` (not ``node`` itself) with its path, down to 7 levels."""
    return record_nodes(node, deepest=6)


def _get(record: Any, path: Path) -> Any:
    node = record
    for part in path:
        node = node[part]
    return node


def _dates_in(value: Any) -> bool:
    return isinstance(value, str) and bool(re.search(r"\d{4}", value))


# --- hostile values -------------------------------------------------------------------------


def _deep(levels: int, as_list: bool) -> Any:
    node: Any = [] if as_list else {}
    for _ in range(levels):
        node = [node] if as_list else {"a": node}
    return node


FIXED_HOSTILE: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2**63,
    10**400,
    10**5000,  # too long for int → str; the digest copes (round 1)
    -(10**30),
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    -0.0,
    "",
    " ",
    "x" * 10_000,
    "公" * 10_000,
    "\x00",
    "\x00\x01\x1b[31m\x7f",
    "\u202e\u200b\ufeff",
    "a\r\nb\tc",
    "\ud800",
    "示例\udfff",
    "NaN",
    "Infinity",
    "1e309",
    "-0",
    "null",
    "长期",
    "9999-12-31",
    "0000-00-00",
    [],
    {},
    [[[[]]]],
    {"a": {"b": [1, {"c": None}]}},
    [None, 1, "x", {"k": []}],
    _deep(60, as_list=True),
    _deep(60, as_list=False),
    *PERSONAL_VALUES,
]

SMALL_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=6,
)


def _retyped(value: Any) -> Any:
    """Numbers as strings and strings as numbers."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        digits = re.sub(r"\D", "", value)
        if digits and len(digits) < 40:
            return int(digits)
        return float(len(value))
    return value


@st.composite
def hostile(draw: st.DrawFn, original: Any) -> Any:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return copy.deepcopy(draw(st.sampled_from(FIXED_HOSTILE)))
    if choice == 1:
        return draw(SMALL_JSON)
    if choice == 2:
        return _retyped(original)
    if isinstance(original, str):
        return _full_width(original) if draw(st.booleans()) else original + "\x00"
    return draw(st.sampled_from(PERSONAL_VALUES))


# --- mutations ------------------------------------------------------------------------------


@dataclasses.dataclass
class Guard:
    """What mutations must leave alone: paths (with everything under them) and objects
    (documents, found by identity, so that they are still found after indices shift)."""

    paths: tuple[Path, ...] = ()
    objects: list[Any] = dataclasses.field(default_factory=list)
    object_keys: frozenset[str] | None = None
    """Keys of the guarded objects that are guarded (``None``: the whole object)."""

    def guarded_paths(self, record: Any) -> list[Path]:
        out = list(self.paths)
        ids = {id(obj) for obj in self.objects}
        for path, value in [((), record), *_nodes(record)]:
            if id(value) in ids:
                if self.object_keys is None:
                    out.append(path)
                else:
                    out.extend((*path, key) for key in self.object_keys)
        return out

    def touches(self, record: Any, path: Path) -> bool:
        """Whether changing the value at ``path`` changes a guarded value."""
        for guarded in self.guarded_paths(record):
            n = min(len(guarded), len(path))
            if guarded[:n] == path[:n]:
                return True
        return False

    def holds(self, value: Any) -> bool:
        ids = {id(obj) for obj in self.objects}
        return any(id(v) in ids for _, v in [((), value), *_nodes(value)])


DATE_KEYS = ("valid_from", "valid_to", "validity", "issue_date")


def _date_text(day: datetime.date, style: int) -> str:
    if style == 0:
        return f"{day.year}年{day.month}月{day.day}日"
    return day.strftime(("", "%Y.%m.%d", "%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")[style])


@st.composite
def mutate_once(draw: st.DrawFn, record: dict[str, Any], guard: Guard) -> str:
    """Apply one random mutation to ``record`` in place; returns what was done."""
    operation = draw(
        st.sampled_from(["replace", "replace", "delete", "duplicate", "swap_kinds", "shift_date"])
    )
    documents = record.get("documents")
    docs = (
        [i for i, d in enumerate(documents) if isinstance(d, dict)]
        if isinstance(documents, list)
        else []
    )
    if operation == "swap_kinds" and len(docs) >= 2:
        i, j = draw(st.lists(st.sampled_from(docs), min_size=2, max_size=2, unique=True))
        a, b = documents[i], documents[j]  # type: ignore[index]
        if not guard.touches(record, ("documents", i, "kind")) and not guard.touches(
            record, ("documents", j, "kind")
        ):
            a["kind"], b["kind"] = b.get("kind"), a.get("kind")
            return f"swap_kinds documents[{i}] documents[{j}]"
        return "noop"
    if operation == "shift_date":
        target = draw(st.sampled_from([None, *docs]))
        delta = datetime.timedelta(days=draw(st.integers(-4000, 4000)))
        style = draw(st.integers(0, 4))
        day = _date_text(AS_OF + delta, style)
        if target is None:
            if guard.touches(record, ("last_verified_at",)):
                return "noop"
            record["last_verified_at"] = day
            return f"shift_date last_verified_at={day}"
        key = draw(st.sampled_from(DATE_KEYS))
        if guard.touches(record, ("documents", target, key)):
            return "noop"
        doc = documents[target]  # type: ignore[index]
        if key == "validity":
            other = _date_text(
                AS_OF + delta + datetime.timedelta(days=draw(st.integers(1, 3000))), style
            )
            doc.pop("valid_from", None)
            doc.pop("valid_to", None)
            doc["validity"] = f"{day}至{other}"
        else:
            doc[key] = day
        return f"shift_date documents[{target}].{key}={doc.get(key)!r}"
    nodes = [(p, v) for p, v in _nodes(record) if not guard.touches(record, p)]
    if operation == "duplicate":  # list entries only: documents, shops, categories, scopes
        nodes = [(p, v) for p, v in nodes if isinstance(p[-1], int)]
    if not nodes:
        return "noop"
    path, value = draw(st.sampled_from(nodes))
    parent = _get(record, path[:-1])
    key = path[-1]
    if operation == "delete":
        del parent[key]
        return f"delete {path}"
    if operation == "duplicate":
        if isinstance(parent, list):
            twin = copy.deepcopy(value)
            if guard.holds(value):  # a copy of a guarded document is guarded too
                guard.objects.extend(
                    v for _, v in [((), twin), *_nodes(twin)] if isinstance(v, dict)
                )
            parent.insert(key + 1, twin)  # type: ignore[operator]
            return f"duplicate {path}"
        operation = "replace"
    new = draw(hostile(value))
    parent[key] = new
    return f"replace {path} with {_short(new)}"


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:
        return f"<{type(value).__name__}>"
    return text if len(text) < 60 else text[:57] + "..."


@st.composite
def guarded_mutation(
    draw: st.DrawFn, base: dict[str, Any], guard: Guard | None = None, most: int = 4
) -> tuple[dict[str, Any], list[str], Guard]:
    """``base`` (not modified) with 1-``most`` mutations, what they were, and the guard
    as it applies to the result (its objects found in the copy)."""
    record = copy.deepcopy(base)
    guard = _rebased(guard, base, record) if guard is not None else Guard()
    done = [draw(mutate_once(record, guard)) for _ in range(draw(st.integers(1, most)))]
    for what in done:
        event(what.split(" ")[0])  # the mix of mutations: pytest --hypothesis-show-statistics
    return record, done, guard


@st.composite
def mutated(
    draw: st.DrawFn, base: dict[str, Any], guard: Guard | None = None, most: int = 4
) -> tuple[dict[str, Any], list[str]]:
    """``base`` (not modified) with 1-``most`` mutations, and what they were."""
    record, done, _ = draw(guarded_mutation(base, guard, most))
    return record, done


def _rebased(guard: Guard, base: Any, copy_: Any) -> Guard:
    ids = {id(obj) for obj in guard.objects}
    twins = dict(zip([id(v) for _, v in _nodes(base)], [v for _, v in _nodes(copy_)], strict=True))
    return Guard(guard.paths, [twins[i] for i in ids if i in twins], guard.object_keys)


# --- the contract ----------------------------------------------------------------------------


def _personal_numbers(record: Any) -> set[str]:
    """The resident-ID numbers and mobile numbers anywhere in ``record`` (as digits)."""
    found = set()
    for _, value in [((), record), *_nodes(record)]:
        if isinstance(value, str) and len(value) < 200:
            for token in re.findall(r"[0-9０-９][0-9０-９xX\s-]{9,24}[0-9０-９xXｘＸ]", value):
                compact = unicodedata.normalize("NFKC", re.sub(r"[\s-]", "", token))
                if len(compact) == 18 and ric.is_valid(compact):
                    found.add(compact.upper())
                elif re.fullmatch(r"(86)?1[3-9]\d{9}", compact):
                    found.add(compact[-11:])
    return found


def _path_exists(record: Any, path: Path) -> bool:
    """Whether ``path`` names a place in ``record``: every step exists, but the last may be
    a key missing from an object (a missing field is named by where it belongs), and a
    document's ``validity.valid_from``/``valid_to``/``long_term`` may be given as the
    document's own key or inside its ``validity`` (docs/models.md, Dates and validity)."""
    node = record
    for step, part in enumerate(path):
        last = step == len(path) - 1
        if isinstance(node, dict) and isinstance(part, str):
            if part in node:
                node = node[part]
                continue
            if last:
                return True
            if part == "validity":  # the term given at the document's top level
                rest = path[step + 1 :]
                return len(rest) == 1 and isinstance(rest[0], str)
            return False
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            continue
        if path[:step] and path[step - 1] == "validity":  # a range or a pair as printed
            return True
        return isinstance(node, str) and last  # a part of a value (categories from text)
    return True


def _names_a_declared_category(record: dict[str, Any], path: Path) -> bool:
    """A ``category.*`` finding names the categories, or one entry of them that is text."""
    categories = record.get("categories")
    if len(path) == 1 or isinstance(categories, str):
        return True
    return isinstance(categories, list) and isinstance(categories[path[1]], str)  # type: ignore[index]


def check_contract(record: Any, *, as_of: datetime.date = AS_OF) -> Report:
    """verify() with every part of the contract that holds for any input."""
    before = _dump(record)
    report = verify(record, as_of=as_of)
    assert isinstance(report, Report)
    assert report.decision in (Decision.PASS, Decision.REVIEW, Decision.FAIL)
    assert _dump(record) == before, "the caller's record was modified"
    text = report.to_json()
    text.encode("utf-8")  # valid UTF-8 text: no lone surrogate
    data = json.loads(text)
    assert data["decision"] == report.decision.value
    plain = re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).upper()
    for number in _personal_numbers(record):
        assert number not in plain, "a personal number in the report"
        if len(number) == 18:
            assert number[6:14] not in plain, "a birth date in the report"
        else:  # masked as merchant_id is (139****5678): never its middle digits
            middle = re.escape(number[:3]) + r"\D{0,3}" + re.escape(number[3:7])
            assert not re.search(middle, plain), "a phone number in the report"
    for finding in report.findings:
        assert _path_exists(record, finding.path), (finding.code, finding.json_path)
        if finding.code.startswith("category."):
            assert _names_a_declared_category(record, finding.path), finding.json_path
    if report.findings and report.decision is Decision.PASS:
        assert all(f.decision is Decision.PASS for f in report.findings)
    return report


def _dump(record: Any) -> str:
    try:
        return json.dumps(record, sort_keys=True, default=repr, allow_nan=True)
    except (ValueError, RecursionError):
        return repr(type(record))


def _stable(report: Report) -> dict[str, Any]:
    data = report.model_dump(mode="json")
    del data["audit_id"], data["created_at"]
    return data


# --- 1. mutation fuzzing: the whole contract ---------------------------------------------------


@fuzz_settings(200)
@given(ANY_RECORD.flatmap(mutated))
def test_mutated_records_keep_the_contract(case: tuple[dict[str, Any], list[str]]) -> None:
    record, _done = case
    first = check_contract(record)
    again = verify(record, as_of=AS_OF)
    assert _stable(again) == _stable(first)  # the same input gives the same report


READ_STRUCTURE = {"documents", "shops", "legal_representative"}


@fuzz_settings(100)
@given(ANY_RECORD.flatmap(mutated), st.sampled_from(["text", "bytes"]))
def test_mutated_records_as_json_text_agree(
    case: tuple[dict[str, Any], list[str]], form: str
) -> None:
    """The same record given as JSON text (as the command line and a web handler get it)
    is judged like the dict."""
    record, _ = case
    try:
        text = json.dumps(record, ensure_ascii=True)
    except (ValueError, RecursionError):  # an int too long to print, too deep to write
        return
    given_as: Any = text if form == "text" else text.encode("utf-8")
    from_text = verify(given_as, as_of=AS_OF)
    from_dict = verify(record, as_of=AS_OF)
    assert from_text.decision is from_dict.decision
    assert [(f.code, f.path) for f in from_text.findings] == [
        (f.code, f.path) for f in from_dict.findings
    ]


# --- 2. fail closed: needed documents removed or broken -----------------------------------------

POLICY = load_category_policy()
REGISTERED = {"enterprise", "branch", "individual_business", "cooperative", "other"}


def _kind(document: Any) -> str | None:
    if not isinstance(document, dict) or not isinstance(document.get("kind"), str):
        return None
    found = document_kind(document["kind"])
    return found[0] if found is not None else document["kind"]


def needed_groups(record: dict[str, Any]) -> list[tuple[str, frozenset[str]]]:
    """What the record needs, as (why, document kinds any of which would do): each declared
    category's documents, the business licence of a registered subject, the identity
    document of a natural person — each only if the record holds one."""
    merchant = Merchant.model_validate(record)
    groups: list[tuple[str, frozenset[str]]] = []
    for declared in merchant.categories:
        category = POLICY.resolve(declared)
        if category is not None and category.document_kinds:
            groups.append((f"category {category.id}", category.document_kinds))
    subject = merchant.subject_type.value
    if subject in REGISTERED:
        groups.append(("registered subject", frozenset({"business_license"})))
    if subject == "natural_person":
        groups.append(("natural person", frozenset({"identity"})))
    held = {_kind(d) for d in record["documents"]}
    return [(why, kinds) for why, kinds in groups if kinds & held]


USCC_OF_ANOTHER = "91350100M000100Y43"  # docs/verify.md's example seller
JY_OF_ANOTHER = "JY23501021588133"


def _other_kinds_number(document: dict[str, Any]) -> None:
    """A valid number of another kind: a USCC on a licence, a JY number on a business
    licence or an identity document."""
    uscc_kind = _kind(document) not in ("business_license", "identity")
    document["number"] = USCC_OF_ANOTHER if uscc_kind else JY_OF_ANOTHER


BREAKS: list[Callable[[dict[str, Any]], None]] = [
    lambda d: d.pop("number"),
    lambda d: d.update(number=None),
    lambda d: d.update(number=""),
    lambda d: d.update(number=12345),
    lambda d: d.update(number=["JY"]),
    lambda d: d.update(number=d["number"] + "\ud800"),
    lambda d: d.update(number=d["number"] + "\x00"),
    _other_kinds_number,
    lambda d: d.pop("kind"),
    lambda d: d.update(kind=None),
    lambda d: d.update(kind="营业执照（作废）"),
    lambda d: d.update(kind=7),
]


@st.composite
def without_needed(draw: st.DrawFn) -> tuple[dict[str, Any], str, list[str]]:
    """A passing record whose documents of one needed group were removed or broken, then
    mutated at random elsewhere (never its declared categories, never the broken ones)."""
    base = draw(PASSING_RECORD)
    groups = needed_groups(base)
    why, kinds = draw(st.sampled_from(groups))
    record = copy.deepcopy(base)
    how = draw(st.sampled_from(["remove", "break"]))
    broken: list[Any] = []
    if how == "remove":
        record["documents"] = [d for d in record["documents"] if _kind(d) not in kinds]
    else:
        for document in record["documents"]:
            if _kind(document) in kinds:
                draw(st.sampled_from(BREAKS))(document)
                broken.append(document)
    guard = Guard(paths=(("categories",),), objects=broken)
    mutant, done = draw(mutated(record, guard))
    return mutant, f"{how} {why} ({', '.join(sorted(kinds))})", done


@fuzz_settings(150)
@given(without_needed())
def test_needed_documents_removed_or_broken_never_pass(
    case: tuple[dict[str, Any], str, list[str]],
) -> None:
    record, what, done = case
    report = check_contract(record)
    assert report.decision is not Decision.PASS, (what, done)


@fuzz_settings(60)
@given(PASSING_RECORD, st.data())
def test_needed_documents_removed_alone_never_pass(base: dict[str, Any], data: Any) -> None:
    """Without other mutations: the group removed gives a finding about what is missing."""
    why, kinds = data.draw(st.sampled_from(needed_groups(base)))
    record = copy.deepcopy(base)
    record["documents"] = [d for d in record["documents"] if _kind(d) not in kinds]
    report = check_contract(record)
    assert report.decision is not Decision.PASS, why
    missing = {
        "category.license_missing",
        "category.possibly_exempt",
        "document.business_license_missing",
        "merchant.identity_missing",
        "merchant.uscc_missing",
    }
    assert missing & set(report.codes), (why, report.codes)


UNREADABLE = [
    {"a": {"b": [1]}},
    [[[]]],
    math.nan,
    math.inf,
    "\ud800",
    "示例\udfff",
    _deep(60, as_list=False),
]
TEXT_FIELDS: list[Path] = [
    ("name",),
    ("uscc",),
    ("address",),
    ("contact_phone",),
    ("legal_representative", "name"),
    ("last_verified_at",),
    ("shops", 0, "shop_id"),
    ("shops", 0, "name"),
    *[
        ("documents", i, key)
        for i in range(3)
        for key in (
            "number",
            "holder_name",
            "holder_uscc",
            "legal_representative",
            "issuing_authority",
            "issue_date",
            "valid_from",
            "valid_to",
            "validity",
        )
    ],
]


def _exists(record: Any, path: Path) -> bool:
    try:
        _get(record, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


@st.composite
def with_unreadable_field(draw: st.DrawFn) -> tuple[dict[str, Any], list[Path], list[str]]:
    """A passing record with one field the models read made unreadable, then mutated
    elsewhere (never that field, nor the entry holding it); with the field's paths in the
    result (entries before it may be removed or duplicated, and it with its entry)."""
    base = draw(PASSING_RECORD)
    path = draw(st.sampled_from([p for p in TEXT_FIELDS if _exists(base, p)]))
    record = copy.deepcopy(base)
    parent = _get(record, path[:-1])
    parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(UNREADABLE)))
    guard = (
        Guard(paths=(path,))
        if len(path) == 1
        else Guard(objects=[parent], object_keys=frozenset({path[-1]}))
    )
    mutant, done, guard = draw(guarded_mutation(record, guard, 2))
    return mutant, guard.guarded_paths(mutant), done


@fuzz_settings(120)
@given(with_unreadable_field())
def test_unreadable_value_in_a_read_field_never_passes(
    case: tuple[dict[str, Any], list[Path], list[str]],
) -> None:
    record, paths, done = case
    report = check_contract(record)
    assert report.decision is not Decision.PASS, (paths, done)
    named = [f.path for f in report.findings]
    for path in paths:  # the field is named, or the entry holding it (left out)
        assert any(p[: len(path)] == path or path[: len(p)] == p for p in named if p), (
            path,
            named,
        )


def _expiring_documents(record: dict[str, Any]) -> list[int]:
    """Indices of the documents that expire (docs/models.md: not the food filing, not a
    class II device filing); an individual business's licence is judged when it gives an
    end (docs/verify.md, validity)."""
    merchant = Merchant.model_validate(record)
    return [
        i
        for i, document in enumerate(merchant.documents)
        if document.EXPIRES and not getattr(document, "is_filing", False)
    ]


@st.composite
def term_across_as_of(draw: st.DrawFn) -> tuple[dict[str, Any], int, str, list[str]]:
    """A passing record with one expiring document's whole term moved before ``as_of``
    (expired) or after it (not yet valid), in any date form; then mutated elsewhere."""
    base = draw(PASSING_RECORD)
    index = draw(st.sampled_from(_expiring_documents(base)))
    record = copy.deepcopy(base)
    document = record["documents"][index]
    for key in ("valid_from", "valid_to", "validity", "long_term"):
        document.pop(key, None)
    side = draw(st.sampled_from(["expired", "not_yet_valid"]))
    style = draw(st.integers(0, 4))
    length = datetime.timedelta(days=draw(st.integers(0, 5 * 365)))
    gap = datetime.timedelta(days=draw(st.integers(1, 3000)))
    start = AS_OF - gap - length if side == "expired" else AS_OF + gap
    end = start + length
    if draw(st.booleans()):
        document["validity"] = f"{_date_text(start, style)}至{_date_text(end, style)}"
    else:
        document["valid_from"], document["valid_to"] = (
            _date_text(start, style),
            _date_text(end, style),
        )
    if side == "not_yet_valid":
        document["issue_date"] = _date_text(min(start, AS_OF), style)
    guard = Guard(objects=[document], object_keys=LICENCE_TERMS)
    mutant, done = draw(mutated(record, guard, most=draw(st.integers(0, 1)) * 3 or 1))
    return mutant, index, side, done


@fuzz_settings(120)
@given(term_across_as_of())
def test_a_term_moved_across_as_of_never_passes(
    case: tuple[dict[str, Any], int, str, list[str]],
) -> None:
    record, index, side, done = case
    assert check_contract(record).decision is not Decision.PASS, (index, side, done)


LICENCE_TERMS = frozenset(
    {"number", "valid_from", "valid_to", "validity", "long_term", "issue_date"}
)


# --- 3. fail closed: an expired licence stays non-PASS -------------------------------------------

EXPIRING_PROFILES = {
    "food_shop": ["business_license", "food_business"],
    "restaurant": ["food_business"],
    "pharmacy": ["drug_business", "drug_info"],
    "device_seller": ["device_business"],
    "certification_body": ["cnca"],
    "testing_lab": ["cma"],
    "natural_person": ["identity"],
    "individual_business": ["business_license"],
}
assert set(EXPIRING_PROFILES) == set(PROFILES)


@st.composite
def expired_base(draw: st.DrawFn) -> dict[str, Any]:
    if EXPIRED_EXAMPLES and draw(st.booleans()):
        return _example(draw(st.sampled_from(EXPIRED_EXAMPLES)))
    profile = draw(st.sampled_from(sorted(EXPIRING_PROFILES)))
    key = draw(st.sampled_from(EXPIRING_PROFILES[profile]))
    seed = draw(st.integers(0, 2**32 - 1))
    return make_merchant(profile, as_of=AS_OF, rng=random.Random(seed), expired=[key])


@st.composite
def expired_mutated(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    base = draw(expired_base())
    report = verify(base, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "license.expired" in report.codes
    expired = {f.path[1] for f in report.findings if f.code == "license.expired"}
    guard = Guard(objects=[base["documents"][i] for i in expired], object_keys=LICENCE_TERMS)
    return draw(mutated(base, guard, most=5))


@fuzz_settings(150)
@given(expired_mutated())
def test_expired_licence_stays_non_pass(case: tuple[dict[str, Any], list[str]]) -> None:
    record, done = case
    assert check_contract(record).decision is not Decision.PASS, done


# --- 4. differential: verify, iter_findings, averify, the command line, a Merchant --------------


def _triples(findings: Any) -> list[tuple[str, Path, str]]:
    return [(f.code, tuple(f.path), f.decision.value) for f in findings]


DIFFERENTIAL = ANY_RECORD | ANY_RECORD.flatmap(lambda r: mutated(r, most=2)).map(lambda c: c[0])


@fuzz_settings(30)
@given(DIFFERENTIAL)
def test_verify_iter_findings_averify_and_cli_agree(record: dict[str, Any]) -> None:
    report = verify(record, as_of=AS_OF)
    streamed = list(iter_findings(record, as_of=AS_OF))
    assert _triples(streamed) == _triples(report.findings)
    awaited = asyncio.run(averify(record, as_of=AS_OF))
    assert _stable(awaited) == _stable(report)
    try:
        text = json.dumps(record, ensure_ascii=True)
    except (ValueError, RecursionError):
        return
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "record.json")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        with contextlib.redirect_stdout(out):
            status = cli_main(["verify", path, "--as-of", AS_OF_TEXT, "--json"])
    (line,) = out.getvalue().splitlines()
    printed = json.loads(line)
    expected = _stable(verify(json.loads(text), as_of=AS_OF))
    assert printed.pop("source")["file"] == path
    del printed["audit_id"], printed["created_at"]
    # the digest is of the record as the command read it: the object, or its one line
    assert printed.pop("input_digest") in (expected.pop("input_digest"), digest(text))
    assert printed == expected
    assert status == {"pass": 0, "fail": 1, "review": 3}[report.decision.value]


def test_console_script_agrees_with_verify_on_generated_records() -> None:
    """One run of the installed ``qualcheck`` on a JSON Lines file of generated and
    example records: each line's report is verify()'s of that line."""
    rng = random.Random(20261129)
    records = [make_merchant(p, as_of=AS_OF, rng=rng) for p in PROFILES for _ in range(3)]
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + EXAMPLE_LINES
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "records.jsonl")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        result = run_cli("verify", path, "--as-of", AS_OF_TEXT, "--json")
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(printed) == len(lines)
    for number, (line, shown) in enumerate(zip(lines, printed, strict=True), start=1):
        assert shown["source"]["line"] == number
        expected = _stable(verify(line, as_of=AS_OF))
        del shown["source"], shown["audit_id"], shown["created_at"]
        assert shown == expected, number
    decisions = {p["decision"] for p in printed}
    assert result.returncode == (1 if "fail" in decisions else 3 if "review" in decisions else 0)


@fuzz_settings(2)
@given(st.lists(ANY_RECORD.flatmap(mutated).map(lambda c: c[0]), min_size=30, max_size=30))
def test_console_script_agrees_with_verify_on_mutated_records(records: list[Any]) -> None:
    """The installed command, in another process (another hash seed: no set order may
    leak into a report), on a JSON Lines file of mutated records."""
    lines = []
    for record in records:
        with contextlib.suppress(ValueError, RecursionError):
            lines.append(json.dumps(record, ensure_ascii=True))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "records.jsonl")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        result = run_cli(
            "verify", path, "--as-of", AS_OF_TEXT, "--json", env=cli_env(PYTHONHASHSEED="4242")
        )
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(printed) == len(lines)
    for line, shown in zip(lines, printed, strict=True):
        del shown["source"], shown["audit_id"], shown["created_at"]
        assert shown == _stable(verify(line, as_of=AS_OF))


@fuzz_settings(50)
@given(DIFFERENTIAL)
def test_merchant_model_is_judged_like_its_dict(record: dict[str, Any]) -> None:
    try:
        merchant = Merchant.model_validate(record)
    except Exception:  # a record that is no valid Merchant: nothing to compare
        return
    from_dict = verify(record, as_of=AS_OF)
    from_model = verify(merchant, as_of=AS_OF)
    assert from_model.decision is from_dict.decision, (from_dict.codes, from_model.codes)
    assert Counter(from_model.codes) == Counter(from_dict.codes)


# --- 5. order independence -------------------------------------------------------------------


def _mapped(report: Report, field: str, order: list[int]) -> Counter[tuple[str, Path]]:
    """(code, path) of every finding, with indices into ``field`` mapped back through the
    permutation ``order`` (new position i holds the old entry order[i])."""
    out: Counter[tuple[str, Path]] = Counter()
    for finding in report.findings:
        path = tuple(finding.path)
        if len(path) >= 2 and path[0] == field and isinstance(path[1], int):
            path = (field, order[path[1]], *path[2:])
        out[(finding.code, path)] += 1
    return out


def _by_entry(report: Report, record: dict[str, Any]) -> Counter[tuple[str, Any]]:
    """(code, the category of the entry) of the findings about the categories: a category
    declared twice, by one name or by two, is judged at its first entry (docs/categories.md),
    whichever that is."""
    out: Counter[tuple[str, Any]] = Counter()
    for finding in report.findings:
        path = tuple(finding.path)
        if len(path) >= 2 and path[0] == "categories" and isinstance(path[1], int):
            entry = record["categories"][path[1]]
            category = POLICY.resolve(entry) if isinstance(entry, str) else None
            out[(finding.code, category.id if category is not None else _short(entry))] += 1
        else:
            out[(finding.code, _short(path))] += 1
    return out


def with_old_copy(base: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """``base`` with an old term of one of its expiring documents kept next to it (same
    kind and number, ended before ``as_of``, with or without a gap before the current
    term): superseded or expired, never order-dependent."""
    record = copy.deepcopy(base)
    expiring = _expiring_documents(record)
    if not expiring:
        return record
    old = copy.deepcopy(record["documents"][rng.choice(expiring)])
    for key in ("valid_from", "valid_to", "validity", "long_term", "issue_date"):
        old.pop(key, None)
    end = AS_OF - datetime.timedelta(days=rng.choice([1, 30, 400, 2000]))
    start = end - datetime.timedelta(days=rng.choice([364, 5 * 365 - 1]))
    old["validity"] = f"{start:%Y-%m-%d}至{end:%Y-%m-%d}"
    old["issue_date"] = f"{start:%Y-%m-%d}"
    record["documents"].insert(rng.randrange(len(record["documents"]) + 1), old)
    return record


def _shuffled(record: dict[str, Any], field: str, seed: int) -> tuple[dict[str, Any], list[int]]:
    out = copy.deepcopy(record)
    entries = out.get(field)
    if not isinstance(entries, list):
        return out, []
    order = list(range(len(entries)))
    random.Random(seed).shuffle(order)
    out[field] = [entries[i] for i in order]
    return out, order


SHUFFLE_BASE = (
    ANY_RECORD
    | ANY_RECORD.flatmap(lambda r: mutated(r, most=2)).map(lambda c: c[0])
    | st.builds(with_old_copy, PASSING_RECORD, st.randoms(use_true_random=False))
)


@fuzz_settings(100)
@given(SHUFFLE_BASE, st.sampled_from(["documents", "categories"]), st.integers(0, 2**16))
def test_order_of_documents_and_categories_changes_nothing(
    record: dict[str, Any], field: str, seed: int
) -> None:
    shuffled, order = _shuffled(record, field, seed)
    if not order:
        return
    before = verify(record, as_of=AS_OF)
    after = verify(shuffled, as_of=AS_OF)
    assert after.decision is before.decision, (before.codes, after.codes)
    assert Counter(after.codes) == Counter(before.codes)
    if field == "documents":
        assert _mapped(after, field, order) == _mapped(before, field, list(range(len(order))))
    else:
        assert _by_entry(after, shuffled) == _by_entry(before, record)


# --- defect: a null entry in the declared categories shifts the other entries' indices --------
# Merchant._split_categories drops null entries before the items are validated, so the
# indices of pydantic's errors and of the coverage check's findings count the entries left,
# while the record reader (_record.read_record) and the report read them as the input's.


def _food_shop(categories: list[Any]) -> dict[str, Any]:
    record = _example(0)
    record["categories"] = categories
    return record


def test_null_category_entry_keeps_the_indices_of_the_others() -> None:
    report = check_contract(_food_shop([None, "迷药"]))
    assert [(f.code, f.json_path) for f in report.findings] == [
        ("category.banned", "$.categories[1]")
    ]


def test_banned_category_after_a_null_and_unreadable_entries_still_fails() -> None:
    """The shifted index makes the reader drop the banned entry itself (it is at the index
    pydantic reported for the unreadable 2): a banned category is reviewed, not failed."""
    report = check_contract(_food_shop([1, None, "迷药", 2]))
    assert report.decision is Decision.FAIL
    found = [(f.code, f.json_path) for f in report.findings]
    assert ("category.banned", "$.categories[2]") in found
    invalid = [f.json_path for f in report.findings if f.code == "record.invalid_value"]
    assert invalid == ["$.categories[0]", "$.categories[3]"]


def test_null_category_entry_order_changes_nothing() -> None:
    record = _food_shop([None, 1, "x", {"k": []}])
    shuffled = _food_shop([1, None, "x", {"k": []}])
    before, after = verify(record, as_of=AS_OF), verify(shuffled, as_of=AS_OF)
    assert Counter(after.codes) == Counter(before.codes)
    assert _mapped(after, "categories", [1, 0, 2, 3]) == _mapped(before, "categories", [0, 1, 2, 3])


# --- defect: an error of a whole document hides the errors of its fields ------------------------
# A document whose term is given twice, differently (``validity`` and a loose ``valid_from``)
# fails pydantic's document-level check before its fields are validated; the reader reports
# the errors of the first round only, so errors that appear once the loose key is pruned
# are pruned without a finding — an official one (a USCC's check character) included.


def _term_twice(**fields: Any) -> dict[str, Any]:
    record = _example(0)
    document = record["documents"][1]
    assert document["validity"] == "2023.06.12-2028.06.11"
    document["valid_from"] = "2020-01-01"  # a second valid_from, differently
    document.update(fields)
    return record


def test_twice_given_term_alone_is_named() -> None:
    report = check_contract(_term_twice())
    assert report.decision is Decision.REVIEW
    assert [(f.code, f.json_path) for f in report.findings] == [
        ("record.invalid_value", "$.documents[1].valid_from")
    ]


def test_bad_holder_uscc_next_to_a_twice_given_term_still_fails() -> None:
    report = check_contract(_term_twice(holder_uscc="91330106JU6XYHXB08"))
    assert ("uscc.checksum", "$.documents[1].holder_uscc") in [
        (f.code, f.json_path) for f in report.findings
    ]
    assert report.decision is Decision.FAIL


def test_unreadable_field_next_to_a_twice_given_term_is_named() -> None:
    report = check_contract(_term_twice(holder_name={"a": 1}))
    paths = [(f.code, f.json_path) for f in report.findings]
    assert ("record.invalid_value", "$.documents[1].holder_name") in paths


def test_bad_licence_number_next_to_a_twice_given_term_keeps_its_code() -> None:
    report = check_contract(_term_twice(number="JY1330106731916X"))
    assert "food_business.charset" in report.codes
