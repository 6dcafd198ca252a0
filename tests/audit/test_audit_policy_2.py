"""Second audit of the platform policy: what an override may and may not do, how a policy
file is read, the category file a platform brings, and the order of decisions.

The contract: docs/verify.md (Policy: fail-closed codes, ``category.banned``, the codes a
prefix's ``pass`` does not reach, policy files, decisions ordered pass < review < fail),
docs/categories.md (using your own policy: the file replaces the bundled one) and the
docstrings of :mod:`qualcheck.policy` and :mod:`qualcheck._decision`.  The first audit
(test_audit_policy.py) covers the options, overrides by code and prefix, and the
fail-closed floor; this one attacks what it left: banned goods and missing documents
under lenient prefixes, pydantic's own ways of making a policy, hostile policy files,
partial category files, reloading and threads.  Records are generated (testing toolkit).
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import random
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, ROOT, deep_json, no_traceback, run_cli
from audit_support import write_file as write

from qualcheck import Decision, Policy, Verifier, verify
from qualcheck._codes import Finding, Severity, catalogue
from qualcheck._decision import combine
from qualcheck.checks.categories import load_category_policy, parse_category_policy
from qualcheck.exceptions import ConfigError
from qualcheck.policy import MAX_POLICY_FILE_BYTES, NEVER_PASSED, PASSED_ONLY_BY_NAME
from qualcheck.testing import MockRegistry, make_merchant

P, R, F = Decision.PASS, Decision.REVIEW, Decision.FAIL
LENIENT_PREFIXES = ["*", "category.*", "document.*", "merchant.*", "category.license_*"]


def shop(**knobs: Any) -> dict[str, Any]:
    """A generated food shop that passes as of AS_OF (or fails as the knobs ask)."""
    return make_merchant("food_shop", as_of=AS_OF, rng=random.Random(7), **knobs)


def declaring(*categories: str) -> dict[str, Any]:
    record = shop()
    record["categories"] = list(categories)
    return record


def without_uscc_or_licence() -> dict[str, Any]:
    record = shop(missing=["business_license"])
    del record["uscc"]
    return record


def person_without_identity() -> dict[str, Any]:
    return make_merchant("natural_person", as_of=AS_OF, rng=random.Random(7), missing=["identity"])


MISSING_DOCUMENT_RECORDS: dict[str, Callable[[], dict[str, Any]]] = {
    "category.license_missing": lambda: shop(missing=["food_business"]),
    "document.business_license_missing": lambda: shop(missing=["business_license"]),
    "merchant.uscc_missing": without_uscc_or_licence,
    "merchant.identity_missing": person_without_identity,
    "category.unknown": lambda: declaring("奶粉"),
    "category.special_permit": lambda: declaring("烟花"),
    "category.possibly_exempt": lambda: declaring("血压计"),
}
"""A record that reports each code a prefix's pass does not reach."""


def category_file(path: Path, categories: dict[str, Any], version: str = "audit-2") -> Path:
    return write(path, {"version": version, "categories": categories})


TEA = {"name_zh": "茶叶", "name_en": "Tea", "aliases": ["茶"], "requires": []}
VAPES = {"name_zh": "电子烟", "name_en": "E-cigarettes", "banned": True, "basis": ["rule"]}


# --------------------------------------------------------------------------- decision order


def test_decisions_are_ordered_pass_review_fail_not_as_text() -> None:
    """_decision.py: "pass < review < fail, and the largest wins".  A Decision is also a
    str, and as text "fail" < "pass" < "review": ``max`` picked PASS over FAIL and
    ``decision >= Decision.REVIEW`` was False for FAIL — a platform's own gate written so
    let failures through."""
    assert max([F, P]) is F
    assert max(P, R, F) is F
    assert min(F, R) is R
    assert sorted([F, R, P]) == [P, R, F]
    assert F >= R
    assert R >= R
    assert not P >= R
    assert F > P
    assert P < R
    assert R <= F
    assert not F < P


def test_decisions_order_against_their_own_values() -> None:
    assert F > "review"
    assert "review" < F  # noqa: SIM300 - the string on the left is the point
    assert "pass" <= P  # noqa: SIM300
    assert sorted(["fail", P, "review"], key=Decision) == [P, "review", "fail"]
    assert combine(["pass", "fail", "review"]) is F  # type: ignore[list-item]
    with pytest.raises(TypeError, match="'banana'"):
        _ = F > "banana"
    with pytest.raises(TypeError):
        _ = F > 1


def test_the_order_leaves_equality_and_hashing_as_they_were() -> None:
    assert P == "pass"
    assert hash(R) == hash("review")
    assert {P: 1}["pass"] == 1
    assert json.dumps({"decision": F}) == '{"decision": "fail"}'


def test_severities_are_ordered_info_warning_error() -> None:
    """The same hazard as decisions: ``severity >= Severity.WARNING`` was False for an
    error, and ``max`` of an error and a warning was the warning."""
    assert max(Severity.ERROR, Severity.WARNING) is Severity.ERROR
    assert Severity.ERROR >= Severity.WARNING
    assert sorted([Severity.ERROR, Severity.INFO, Severity.WARNING]) == [
        Severity.INFO,
        Severity.WARNING,
        Severity.ERROR,
    ]


def test_the_report_decision_is_the_largest() -> None:
    record = shop(expired=["food_business"])
    record["categories"] = [*record["categories"], "奶粉"]  # a review next to a failure
    report = verify(record, as_of=AS_OF)
    assert report.decision is F
    assert report.decision == max(finding.decision for finding in report.findings)


# --------------------------------------------------------------------------- banned goods


def test_passing_banned_goods_is_refused_naming_the_entry() -> None:
    with pytest.raises(ConfigError) as info:
        Policy(decisions={"category.banned": "pass"})
    message = str(info.value)
    assert "decisions['category.banned']" in message
    assert "categories_file" in message  # says how a platform allows a category


@pytest.mark.parametrize("decision", ["review", "fail"])
def test_banned_goods_may_be_reviewed_or_failed(decision: str) -> None:
    report = verify(
        declaring("枪支"),
        as_of=AS_OF,
        policy=Policy(decisions={"category.banned": decision}),
    )
    assert (report.codes, report.decision) == (("category.banned",), Decision(decision))


@pytest.mark.parametrize("prefix", ["*", "category.*", "category.b*", "category.banned*"])
def test_no_prefix_passes_banned_goods(prefix: str) -> None:
    report = verify(declaring("枪支"), as_of=AS_OF, policy=Policy(decisions={prefix: "pass"}))
    assert report.codes == ("category.banned",)
    assert report.decision is F


def test_a_lenient_prefix_next_to_a_stricter_one_takes_the_stricter() -> None:
    policy = Policy(decisions={"*": "review", "category.*": "pass"})
    assert verify(declaring("枪支"), as_of=AS_OF, policy=policy).decision is R


def test_a_policy_file_passing_banned_goods_is_a_usage_error(tmp_path: Path) -> None:
    policy = write(tmp_path / "policy.json", {"decisions": {"category.banned": "pass"}})
    with pytest.raises(ConfigError, match=r"decisions\['category.banned'\]") as info:
        Policy.from_file(policy)
    assert str(policy) in str(info.value)
    records = write(tmp_path / "shops.json", declaring("枪支"))
    result = run_cli("verify", str(records), "--as-of", AS_OF.isoformat(), "--policy", str(policy))
    no_traceback(result)
    assert result.returncode == 2
    assert str(policy) in result.stderr
    assert "category.banned" in result.stderr
    assert result.stdout == ""


def test_a_platform_allows_a_banned_category_in_its_category_file(tmp_path: Path) -> None:
    """The documented way: a category file that makes the goods need a licence."""
    wholesale = {
        "name_zh": "网络禁售药品",
        "name_en": "Drugs banned from online retail",
        "requires": [[{"kind": "drug_business", "business_type": ["A"]}]],
        "basis": ["B2B platform: sales to licensed buyers only"],
    }
    path = category_file(tmp_path / "b2b.json", {"retail_banned_drugs": wholesale})
    record = declaring("网络禁售药品")
    report = verify(record, as_of=AS_OF, policy=Policy(categories_file=path))
    assert report.codes == ("category.license_missing",)  # needs the wholesale licence now
    assert report.decision is F


def test_never_passed_floor_holds_for_a_policy_built_unchecked() -> None:
    """``model_construct`` skips validation by design; ``decide`` still does not pass
    banned goods, nor a registry outage, with a plain string "pass"."""
    policy = Policy.model_construct(
        decisions={"category.banned": "pass", "registry.unavailable": "pass"}
    )
    banned = Finding.of("category.banned", declared="枪支", category="guns", basis="law")
    assert policy.decide(banned) is R
    outage = Finding.of("registry.unavailable", source="s", reason="timeout", detail="")
    assert policy.decide(outage) is R


# --------------------------------------------------------------------------- missing documents


def test_the_codes_a_prefix_does_not_pass_are_catalogue_codes() -> None:
    known = {entry.code for entry in catalogue()}
    assert known >= PASSED_ONLY_BY_NAME
    assert known >= NEVER_PASSED
    assert set(MISSING_DOCUMENT_RECORDS) == set(PASSED_ONLY_BY_NAME)


@pytest.mark.parametrize("code", sorted(MISSING_DOCUMENT_RECORDS))
def test_each_scenario_reports_its_code(code: str) -> None:
    report = verify(MISSING_DOCUMENT_RECORDS[code](), as_of=AS_OF)
    assert code in report.codes
    assert report.decision is not P


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        (code, prefix)
        for code in sorted(MISSING_DOCUMENT_RECORDS)
        for prefix in LENIENT_PREFIXES
        if code.startswith(prefix[:-1])
    ],
)
def test_no_prefix_passes_a_missing_document(code: str, prefix: str) -> None:
    """docs/verify.md: a prefix's "pass" does not reach a missing document; the finding is
    decided as if the entry were absent (its severity's decision)."""
    record = MISSING_DOCUMENT_RECORDS[code]()
    default = verify(record, as_of=AS_OF)
    report = verify(record, as_of=AS_OF, policy=Policy(decisions={prefix: "pass"}))
    decided = {f.code: f.decision for f in report.findings}
    assert decided[code] is {f.code: f.decision for f in default.findings}[code]
    assert report.decision is not P


@pytest.mark.parametrize("code", sorted(MISSING_DOCUMENT_RECORDS))
def test_a_missing_document_is_passed_when_the_platform_names_it(code: str) -> None:
    """Explicit and documented: naming the code passes it (the finding stays)."""
    record = MISSING_DOCUMENT_RECORDS[code]()
    codes = set(verify(record, as_of=AS_OF).codes)
    report = verify(record, as_of=AS_OF, policy=Policy(decisions=dict.fromkeys(codes, "pass")))
    assert code in report.codes
    assert report.decision is P


def test_a_prefix_may_still_review_or_fail_a_missing_document() -> None:
    record = shop(missing=["food_business"])
    assert verify(record, as_of=AS_OF, policy=Policy(decisions={"*": "review"})).decision is R
    document = shop(missing=["business_license"])  # a warning by severity
    assert verify(document, as_of=AS_OF, policy=Policy(decisions={"*": "fail"})).decision is F


def test_a_category_prefix_still_passes_the_category_warnings() -> None:
    """The platform's intent behind ``"category.*": "pass"`` still holds for the codes a
    document was looked at for (a scope read as text)."""
    record = shop()
    licence = next(doc for doc in record["documents"] if doc["kind"] == "food_business")
    licence["scope"] = "散装食品销售（不含散装熟食）"
    record["categories"] = ["散装熟食"]
    assert verify(record, as_of=AS_OF).codes == ("category.scope_not_covering",)
    lenient = Policy(decisions={"category.*": "pass"})
    assert verify(record, as_of=AS_OF, policy=lenient).decision is P


def test_an_expired_licence_stays_passable_by_a_prefix_as_documented() -> None:
    """The rule is narrow: other codes follow the policy, prefixes included."""
    record = shop(expired=["food_business"])
    assert verify(record, as_of=AS_OF, policy=Policy(decisions={"*": "pass"})).decision is P


# --------------------------------------------------------------------------- pydantic's ways in


def test_a_copy_with_changes_is_checked_like_a_new_policy() -> None:
    """pydantic's ``model_copy(update=…)`` takes changes unchecked: it let a misspelt
    code, a negative number and a mutable dict of plain strings into a policy, and
    ``{"registry.unavailable": "pass"}`` then passed a registry outage."""
    base = Policy(expiring_soon_days=60)
    for update, named in (
        ({"decisions": {"licence.expired": "pass"}}, "'licence.expired'"),
        ({"expiring_soon_days": -5}, "expiring_soon_days"),
        ({"decisions": {"category.banned": "pass"}}, "category.banned"),
        ({"expire_soon_days": 5}, "unknown policy option 'expire_soon_days'"),
    ):
        with pytest.raises(ConfigError, match=named):
            base.model_copy(update=update)
    changed = base.model_copy(update={"decisions": {"registry.*": "pass"}})
    assert changed.expiring_soon_days == 60
    assert changed.decisions == {"registry.*": P}
    with pytest.raises(TypeError):
        changed.decisions["license.expired"] = P  # type: ignore[index]
    assert base.model_copy() == base
    assert base.model_copy(deep=True) == base


def test_a_registry_outage_is_not_passed_by_a_changed_copy() -> None:
    record = shop()
    registry = MockRegistry()
    registry.add_merchant(record)
    registry.force(record["uscc"], "timeout")
    lenient = Policy().model_copy(update={"decisions": {"registry.unavailable": "pass"}})
    report = verify(record, as_of=AS_OF, registry=registry, policy=lenient)
    assert report.codes == ("registry.unavailable",)
    assert report.decision is R
    assert report.findings[0].decision is R


def test_model_validate_is_a_config_error_too() -> None:
    with pytest.raises(ConfigError, match="unknown policy option 'expire'"):
        Policy.model_validate({"expire": 1})
    with pytest.raises(ConfigError, match=r"'licence\.expired'"):
        Policy.model_validate({"decisions": {"licence.expired": "pass"}})
    assert Policy.model_validate({"expiring_soon_days": 5}).expiring_soon_days == 5


def test_model_validate_json_reads_as_a_policy_file_does() -> None:
    text = '{"decisions": {"license.*": "pass", "license.*": "fail"}}'
    with pytest.raises(ConfigError, match=r"decisions: key 'license\.\*' is given twice"):
        Policy.model_validate_json(text)
    with pytest.raises(ConfigError, match="nested"):
        Policy.model_validate_json(deep_json(5000))
    with pytest.raises(ConfigError, match="not UTF-8"):
        Policy.model_validate_json(b'{"decisions": {"\xd5\xfe": "pass"}}')
    loaded = Policy.model_validate_json(b'\xef\xbb\xbf{"expiring_soon_days": 9}')
    assert loaded.expiring_soon_days == 9


# --------------------------------------------------------------------------- policy files


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('{"decisions": ' + deep_json(100_000) + "}", "nested more than"),
        (deep_json(100_000), "nested more than"),
        (
            '{"decisions": {"license.*": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]'
            "]]]]]]]]]]]]}}",
            "nested more than",
        ),
        (
            '{"decisions": {"license.*": "pass", "license.*": "fail"}}',
            "decisions: key 'license.*' is given twice",
        ),
        (
            '{"expiring_soon_days": 3, "expiring_soon_days": 3}',
            "key 'expiring_soon_days' is given twice",
        ),
        (
            '{"decisions": {"license.expired": "PASS"}}',
            "decisions['license.expired']: Input should be 'pass', 'review' or 'fail'",
        ),
        ('{"decisions": {"license.expired": true}}', "decisions['license.expired']"),
        ('{"decisions": {"license.expired": "通过"}}', "decisions['license.expired']"),
        ('{"expiring_soon_days": 3 // a comment\n}', "not JSON"),
        ('{"expiring_soon_days": 3,}', "not JSON"),
        ('{"decisions": {"License.Expired": "pass"}}', "did you mean 'license.expired'?"),
        ('{"decisions": {"license.expire?": "pass"}}', "'license.expire?'"),
        ('{"categories_file": true}', "categories_file"),
        ('{"expiring_soon_days": 1e400}', "expiring_soon_days"),
        ('{"expiring_soon_days": 3.5}', "expiring_soon_days"),
        ('{"reverify_after_months": "six"}', "reverify_after_months"),
        ('{"Expiring_Soon_Days": 3}', "unknown policy option 'Expiring_Soon_Days'"),
        ('{"decisions": {"过期": "pass"}}'.encode("gbk"), "save it as UTF-8"),
        ('{"expiring_soon_days": 3}'.encode("utf-16"), "not UTF-8"),
    ],
)
def test_a_hostile_policy_file_is_an_error_naming_file_and_field(
    tmp_path: Path, content: str | bytes, said: str
) -> None:
    path = write(tmp_path / "policy.json", content)
    with pytest.raises(ConfigError) as info:
        Policy.from_file(path)
    assert str(path) in str(info.value)
    assert said in str(info.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{\r\n  "expiring_soon_days": 45\r\n}\r\n', 45),  # CRLF (Windows editors)
        ('\ufeff{"expiring_soon_days": 45}', 45),  # a BOM
        ('{"expiring_soon_days": "45"}', 45),  # a number as a string
        ('{"expiring_soon_days": 45.0}', 45),
        ('{"expiring_soon_days": 0}', 0),
        ('{"expiring_soon_days": 1000000000}', 1_000_000_000),
    ],
)
def test_a_policy_file_written_otherwise_is_read(
    tmp_path: Path, content: str, expected: int
) -> None:
    assert Policy.from_file(write(tmp_path / "p.json", content)).expiring_soon_days == expected


def test_a_policy_file_that_is_too_big_is_refused(tmp_path: Path) -> None:
    padding = " " * MAX_POLICY_FILE_BYTES
    path = write(tmp_path / "policy.json", "{" + padding + "}")
    with pytest.raises(ConfigError, match="longer than") as info:
        Policy.from_file(path)
    assert str(path) in str(info.value)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_that_never_ends_is_refused_not_read_forever() -> None:
    with pytest.raises(ConfigError, match="longer than"):
        Policy.from_file("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_policy_piped_in_is_read(tmp_path: Path) -> None:
    """``--policy <(…)`` hands the CLI a pipe."""
    fifo = tmp_path / "policy.pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as pipe:
            pipe.write('{"expiring_soon_days": 12}')

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        assert Policy.from_file(fifo).expiring_soon_days == 12
    finally:
        writer.join(timeout=10)


def test_cli_a_deeply_nested_policy_file_is_a_usage_error(tmp_path: Path) -> None:
    records = write(tmp_path / "shops.json", shop())
    policy = write(tmp_path / "policy.json", '{"decisions": ' + deep_json(100_000) + "}")
    result = run_cli("verify", str(records), "--policy", str(policy))
    no_traceback(result)
    assert result.returncode == 2
    assert str(policy) in result.stderr
    assert "nested" in result.stderr


@pytest.mark.parametrize("kind", ["folder", "device", "pipe"])
def test_a_categories_file_that_is_not_a_file_is_an_error(tmp_path: Path, kind: str) -> None:
    if kind == "folder":
        target = tmp_path / "categories.d"
        target.mkdir()
    elif kind == "device":
        target = Path("/dev/zero")
        if not target.exists():
            pytest.skip("needs /dev/zero")
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs named pipes")
        target = tmp_path / "categories.pipe"
        os.mkfifo(target)
    with pytest.raises(ConfigError, match="categories_file") as info:
        Policy(categories_file=target)  # at once: no wait for a writer, no endless read
    assert "not a file" in str(info.value)


# --------------------------------------------------------------------------- expiring_soon_days


@pytest.mark.parametrize(
    ("days", "left", "soon"),
    [(0, 0, True), (0, 1, False), (1, 1, True), (30, 30, True), (30, 31, False)],
)
def test_expiring_soon_days_is_inclusive(days: int, left: int, soon: bool) -> None:
    record = shop()
    licence = next(doc for doc in record["documents"] if doc["kind"] == "food_business")
    licence["valid_to"] = (AS_OF + datetime.timedelta(days=left)).isoformat()
    codes = verify(record, as_of=AS_OF, policy=Policy(expiring_soon_days=days)).codes
    assert codes == (("license.expiring_soon",) if soon else ())


@pytest.mark.parametrize("value", [True, False, -1, -30, 1.5, "30 days", None])
def test_expiring_soon_days_refuses_what_is_no_number_of_days(value: Any) -> None:
    with pytest.raises(ConfigError, match="expiring_soon_days"):
        Policy(expiring_soon_days=value)


@pytest.mark.parametrize(
    "as_of", [datetime.date(1, 1, 1), datetime.date(1900, 1, 1), datetime.date(9999, 12, 31)]
)
def test_far_dates_and_huge_windows_never_pass_or_crash(as_of: datetime.date) -> None:
    record = shop()
    record["last_verified_at"] = "2026-10-01"
    huge = Policy(expiring_soon_days=10**12, reverify_after_months=10**12)
    for policy in (Policy(), huge):
        report = verify(record, as_of=as_of, policy=policy)
        assert report.decision is F  # not valid yet in 1900, long expired in 9999
        assert all(check.status != "errored" for check in report.checks)


# --------------------------------------------------------------------------- category files


def test_a_partial_category_file_replaces_and_reviews_what_it_leaves_out(
    tmp_path: Path,
) -> None:
    """docs/categories.md: the file replaces the bundled policy; a category it leaves out
    is unknown — reviewed, never passed, even with a lenient category prefix."""
    path = category_file(tmp_path / "tea.json", {"tea": TEA})
    for lenient in ({}, {"category.*": "pass"}, {"*": "pass"}):
        policy = Policy(categories_file=path, decisions=lenient)
        report = verify(declaring("茶", "枪支", "疫苗"), as_of=AS_OF, policy=policy)
        assert [(f.code, f.json_path) for f in report.findings] == [
            ("category.unknown", "$.categories[1]"),
            ("category.unknown", "$.categories[2]"),
        ]
        assert report.decision is R


def test_an_own_file_may_reuse_a_bundled_name_as_documented(tmp_path: Path) -> None:
    """Nothing is merged, so an alias naming a bundled category (电子烟 as another name of
    tea) collides with nothing — the file is the whole policy."""
    bundled = load_category_policy()
    assert bundled.resolve("电子烟") is not None
    tea = {**TEA, "aliases": ["茶", "电子烟"]}
    policy = parse_category_policy(
        json.dumps({"version": "1", "categories": {"tea": tea}}), source="mine.json"
    )
    resolved = policy.resolve("电子烟")
    assert resolved is not None
    assert resolved.id == "tea"
    text = (ROOT / "docs" / "categories.md").read_text(encoding="utf-8")
    assert "it **replaces** the bundled policy" in text
    assert "Nothing is merged" in text


@pytest.mark.parametrize(
    ("categories", "named"),
    [
        ({"tea": {**TEA, "requires": [[{"kind": "food_license"}]]}}, "requires[0][0].kind"),
        ({"tea": {**TEA, "requires": [[{"kind": "food_business", "form": ["1"]}]]}}, "form"),
        (
            {"tea": {**TEA, "requires": [[{"kind": "food_business", "business_form": 1}]]}},
            "business_form",
        ),
        ({"tea": {**TEA, "banned": "true", "requires": None}}, "categories.tea.banned"),
        ({"tea": {**TEA, "aliases": "茶"}}, "categories.tea.aliases"),
        ({"tea": TEA, "vapes": {**VAPES, "aliases": ["茶"]}}, "also names category"),
        ({"tea": {**TEA, "name_zh": "\u200b"}}, "categories.tea.name_zh"),
    ],
)
def test_a_bad_category_file_names_the_field(
    tmp_path: Path, categories: dict[str, Any], named: str
) -> None:
    path = category_file(tmp_path / "mine.json", categories)
    with pytest.raises(ConfigError) as info:
        Policy(categories_file=path)
    assert str(path) in str(info.value)
    assert named in str(info.value)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            '{"version": "1", "categories": {"vapes": {"name_zh": "电子烟", "name_en": "Vapes",'
            ' "banned": true}, "vapes": {"name_zh": "电子烟", "name_en": "Vapes",'
            ' "requires": []}}}',
            "categories: key 'vapes' is given twice",
        ),
        (
            '{"version": "1", "categories": {"vapes": {"name_zh": "电子烟", "name_en": "Vapes",'
            ' "banned": true, "banned": false, "requires": []}}}',
            "categories.vapes: key 'banned' is given twice",
        ),
    ],
)
def test_a_category_file_giving_a_key_twice_is_refused(text: str, named: str) -> None:
    """The policy file refuses a key given twice; the category file let the second win, so
    an appended ``"banned": false`` (or a merge that kept both entries) made banned goods
    free of any licence."""
    with pytest.raises(ConfigError) as info:
        parse_category_policy(text, source="mine.json")
    assert "'mine.json'" in str(info.value)
    assert named in str(info.value)


@pytest.mark.parametrize("requires", [[[{"kind": "drug_business"}], []], [[]]])
def test_an_empty_alternative_is_refused(requires: list[Any]) -> None:
    """``"requires": []`` is documented as "no licence"; ``[[…], []]`` (a stray empty list)
    silently made a drug category need nothing."""
    text = json.dumps(
        {
            "version": "1",
            "categories": {"drugs": {"name_zh": "药", "name_en": "Drugs", "requires": requires}},
        }
    )
    with pytest.raises(ConfigError, match=r"categories\.drugs: requires\[\d\] is an empty"):
        parse_category_policy(text, source="mine.json")


def test_what_an_empty_alternative_does_today_is_no_pass_for_a_banned_name(
    tmp_path: Path,
) -> None:
    """Whatever the fix, ``"requires": []`` stays documented as licence-free; a banned
    category in the same file still fails."""
    path = category_file(tmp_path / "mine.json", {"tea": TEA, "vapes": VAPES})
    report = verify(declaring("茶", "电子烟"), as_of=AS_OF, policy=Policy(categories_file=path))
    assert report.codes == ("category.banned",)
    assert report.decision is F


# --------------------------------------------------------------------------- reloading, threads


def test_a_category_file_changed_between_verifications_is_read_again(tmp_path: Path) -> None:
    path = category_file(tmp_path / "mine.json", {"tea": TEA})
    verifier = Verifier(as_of=AS_OF, policy=Policy(categories_file=path))
    record = declaring("茶")
    assert verifier.verify(record).decision is P
    banned_tea = {k: v for k, v in TEA.items() if k != "requires"} | {"banned": True}
    category_file(path, {"tea": banned_tea})
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert verifier.verify(record).codes == ("category.banned",)
    assert verifier.verify(record).decision is F


def test_a_category_file_removed_after_the_policy_was_made_fails_closed(tmp_path: Path) -> None:
    path = category_file(tmp_path / "mine.json", {"tea": TEA})
    verifier = Verifier(as_of=AS_OF, policy=Policy(categories_file=path, decisions={"*": "pass"}))
    path.unlink()
    report = verifier.verify(declaring("茶"))
    assert "engine.check_error" in report.codes
    assert report.decision is R


def test_a_verifier_shared_by_threads_decides_as_it_does_alone(tmp_path: Path) -> None:
    """A policy is immutable and the category file cache is shared: many threads with
    different per-call policies get the answers one thread gets."""
    path = category_file(tmp_path / "mine.json", {"tea": TEA, "vapes": VAPES})
    policies = [
        Policy(),
        Policy(categories_file=path),
        Policy(decisions={"license.expired": "review"}),
        Policy(decisions={"*": "pass"}),
    ]
    records = [
        shop(),
        shop(expired=["food_business"]),
        declaring("茶", "电子烟"),
        declaring("烟花"),
    ]
    verifier = Verifier(as_of=AS_OF)
    jobs = [(r, p) for r in range(len(records)) for p in range(len(policies))] * 8

    def run(job: tuple[int, int]) -> tuple[Decision, tuple[str, ...]]:
        report = verifier.verify(copy.deepcopy(records[job[0]]), policy=policies[job[1]])
        return report.decision, report.codes

    alone = {job: run(job) for job in set(jobs)}
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            together = list(pool.map(run, jobs))
    finally:
        sys.setswitchinterval(switch)
    assert together == [alone[job] for job in jobs]
    assert alone[(2, 3)][0] is F  # the file's ban, not passed by "*": "pass"
    assert alone[(1, 2)][0] is R
    assert alone[(1, 3)][0] is P


# --------------------------------------------------------------------------- the docs


def test_the_policy_docs_name_every_code_decisions_cannot_pass() -> None:
    text = (ROOT / "docs" / "verify.md").read_text(encoding="utf-8")
    section = text.split("## Policy", 1)[1].split("## The report", 1)[0]
    fail_closed = {
        entry.code for entry in catalogue() if (entry.rule or "").startswith("fail closed")
    }
    for code in sorted(fail_closed | PASSED_ONLY_BY_NAME | NEVER_PASSED):
        group = code.split(".")[0] + ".*"
        assert f"`{code}`" in section or f"`{group}`" in section, code
