"""Audit, property-based: junk in random places of valid example records.

Contract: verify never raises for bad input; a record whose required documents were
removed, or made expired, never passes — whatever junk surrounds it.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from audit_support import AS_OF, EXAMPLE_RECORDS, PASSING
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcheck import Decision, Report, verify

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["长期", "2024-02-30", "9999-12-31", "", "０", "\x00", "JY", "企业"])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(
    [
        "kind",
        "number",
        "name",
        "holder_name",
        "valid_from",
        "valid_to",
        "validity",
        "long_term",
        "issue_date",
        "scope",
        "uscc",
        "subject_type",
        "merchant_id",
        "shops",
        "address",
        "contact_phone",
        "legal_representative",
        "last_verified_at",
        "id_number",
        "annual_turnover_yuan",
        "declared_annual_turnover_yuan",
        "x",
    ]
) | st.text(max_size=8)

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every dict and list inside ``node`` with its path, except the declared categories
    (junk there could legitimately change which licences are needed)."""
    out = [(path, node)]
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if path == () and key == "categories":
            continue
        if isinstance(value, (dict, list)):
            out.extend(_containers(value, (*path, key)))
    return out


PROTECTED_TOP = {"categories", "documents"}


@st.composite
def junked(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with 1-4 pieces of junk put in random containers: a new key, a replaced
    value, or an appended list entry (the top-level categories and documents are never
    replaced wholesale)."""
    record = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        containers = _containers(record)
        _, node = containers[draw(st.integers(0, len(containers) - 1))]
        junk = draw(JSON_VALUES)
        if isinstance(node, dict):
            key = draw(KEYS)
            if node is record and key in PROTECTED_TOP:
                key = f"x-{key}"
            node[key] = junk
        elif node and draw(st.booleans()):
            node[draw(st.integers(0, len(node) - 1))] = junk
        else:
            node.append(junk)
    return record


def _licences(record: dict[str, Any]) -> list[int]:
    """Indices of the documents the record's categories need (all but the business
    licence; the identity document of a natural person)."""
    return [i for i, doc in enumerate(record["documents"]) if doc["kind"] != "business_license"]


def _expires(document: dict[str, Any]) -> bool:
    """Filings (a food filing, a class II device filing: 备) have no term to expire."""
    return document["kind"] != "food_filing" and "备" not in str(document["number"])


def without_required(index: int) -> dict[str, Any]:
    record = copy.deepcopy(EXAMPLE_RECORDS[index])
    drop = set(_licences(record))
    record["documents"] = [doc for i, doc in enumerate(record["documents"]) if i not in drop]
    return record


def expired(index: int, which: str) -> dict[str, Any]:
    """The example with one document expired: the business licence, or its licence."""
    record = copy.deepcopy(EXAMPLE_RECORDS[index])
    targets = (
        [i for i, doc in enumerate(record["documents"]) if doc["kind"] == "business_license"]
        if which == "business_license"
        else [i for i in _licences(record) if _expires(record["documents"][i])][:1]
    )
    for i in targets:
        doc = record["documents"][i]
        for key in ("valid_from", "valid_to", "long_term", "validity"):
            doc.pop(key, None)
        doc["validity"] = "2019-01-01至2021-12-31"
    return record


def check(record: Any) -> Report:
    report = verify(record, as_of=AS_OF)
    assert isinstance(report, Report)
    return report


@SETTINGS
@given(st.sampled_from(PASSING).flatmap(lambda i: junked(EXAMPLE_RECORDS[i])))
def test_junk_in_a_valid_record_never_raises(record: dict[str, Any]) -> None:
    before = json.dumps(record, sort_keys=True, default=repr)
    check(record)
    assert json.dumps(record, sort_keys=True, default=repr) == before  # not modified


@SETTINGS
@given(JSON_VALUES)
def test_any_json_value_never_raises(value: Any) -> None:
    report = check(value)
    if not isinstance(value, dict):
        assert report.decision is Decision.REVIEW


@SETTINGS
@given(JSON_VALUES)
def test_any_json_text_never_raises(value: Any) -> None:
    check(json.dumps(value, ensure_ascii=False))


REMOVED_BASES = [i for i in PASSING if i != 6]  # every profile but the natural person …
REMOVED_BASES.append(6)  # … whose identity document is its required one


@SETTINGS
@given(st.sampled_from(REMOVED_BASES).flatmap(lambda i: junked(without_required(i))))
def test_required_documents_removed_never_pass(record: dict[str, Any]) -> None:
    assert check(record).decision is not Decision.PASS


# (example, which document): the natural person (6) has no business licence, and the
# licence of example 7 is a food filing, which never expires
EXPIRABLE = [(i, "business_license") for i in PASSING if i != 6] + [
    (i, "licence") for i in PASSING if i not in (6, 7)
]


@SETTINGS
@given(st.sampled_from(EXPIRABLE).map(lambda pair: expired(*pair)).flatmap(junked))
def test_expired_documents_never_pass(record: dict[str, Any]) -> None:
    assert check(record).decision is not Decision.PASS


def test_the_unjunked_variants_do_not_pass() -> None:
    for index in REMOVED_BASES:
        assert check(without_required(index)).decision is not Decision.PASS, index
    for index, which in EXPIRABLE:
        assert check(expired(index, which)).decision is Decision.FAIL, (index, which)


def test_the_passing_examples_are_the_ones_that_pass() -> None:
    passing = [i for i, r in enumerate(EXAMPLE_RECORDS) if verify(r, as_of=AS_OF).passed]
    assert passing == PASSING
