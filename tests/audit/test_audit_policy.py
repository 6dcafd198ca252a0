"""Audit of the verification policy: its options, the decision overrides per finding code,
policy files, category policy files, and how a :class:`~qualcheck.Verifier` holds a policy.

The contract: docs/verify.md (Policy, failing closed), docs/categories.md (the file format,
using your own policy), docs/cli.md (exit status 2 for a bad policy file),
docs/registries/index.md ("an outage is recorded, never passed") and the docstrings of
:mod:`qualcheck.policy` and :mod:`qualcheck._decision`.  Every record comes from the
testing toolkit (generated numbers only).
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import json
import pickle
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from audit_support import write_file as write

from qualcheck import Decision, Policy, Verifier, verify
from qualcheck._codes import Finding, catalogue
from qualcheck._decision import combine
from qualcheck.batch import due_items
from qualcheck.checks import CheckSpec, Context, default_checks
from qualcheck.checks.categories import load_category_policy, parse_category_policy
from qualcheck.cli import main
from qualcheck.exceptions import ConfigError
from qualcheck.models import Merchant
from qualcheck.policy import DEFAULT_POLICY
from qualcheck.testing import MockRegistry, make_merchant

P, R, F = Decision.PASS, Decision.REVIEW, Decision.FAIL
AS_OF = datetime.date(2026, 11, 29)
KNOWN_OPTIONS = (
    "categories_file",
    "decisions",
    "expiring_soon_days",
    "reverify_after_months",
    "turnover_limit_yuan",
)
INT_OPTIONS = ("expiring_soon_days", "reverify_after_months", "turnover_limit_yuan")
FAIL_CLOSED_CODES = sorted(
    entry.code for entry in catalogue() if (entry.rule or "").startswith("fail closed")
)


def shop(seed: int = 3, **knobs: Any) -> dict[str, Any]:
    """A generated food shop that passes as of AS_OF (or fails as the knobs ask)."""
    return make_merchant("food_shop", as_of=AS_OF, rng=random.Random(seed), **knobs)


def with_food_licence_ending(day: datetime.date) -> dict[str, Any]:
    record = shop()
    licence = next(doc for doc in record["documents"] if doc["kind"] == "food_business")
    licence["valid_to"] = day.isoformat()
    return record


def unavailable_registry(record: dict[str, Any], outcome: str = "timeout") -> MockRegistry:
    registry = MockRegistry()
    registry.add_merchant(record)
    registry.force(record["uscc"], outcome)
    return registry


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


TEA_POLICY: dict[str, Any] = {
    "version": "audit-1",
    "categories": {
        "tea": {
            "name_zh": "茶叶",
            "name_en": "Tea",
            "aliases": ["茶"],
            "requires": [[{"kind": "food_filing"}], [{"kind": "food_business"}]],
            "basis": ["食品安全法 (2021) art. 35"],
        },
        "vapes": {
            "name_zh": "电子烟",
            "name_en": "E-cigarettes",
            "banned": True,
            "basis": ["platform rule"],
        },
    },
}


def tea_policy(**changes: Any) -> dict[str, Any]:
    policy = copy.deepcopy(TEA_POLICY)
    for category, spec in changes.items():
        policy["categories"][category] = spec
    return policy


# --------------------------------------------------------------------------- options


def test_the_documented_defaults() -> None:
    policy = Policy()
    assert (policy.expiring_soon_days, policy.reverify_after_months) == (30, 6)
    assert policy.turnover_limit_yuan == 100_000
    assert policy.categories_file is None
    assert policy.decisions == {}
    assert policy == DEFAULT_POLICY
    assert tuple(sorted(Policy.model_fields)) == KNOWN_OPTIONS


@pytest.mark.parametrize(
    "option",
    [
        "expire_soon_days",  # a typo
        "Expiring_soon_days",  # another case
        "expiring-soon-days",  # TOML-style dashes
        "decision",  # singular
        "reverify_months",
        "as_of",  # a Verifier setting, not a policy option
    ],
)
def test_an_unknown_option_is_an_error_naming_it(option: str) -> None:
    with pytest.raises(ConfigError) as info:
        Policy(**{option: 1})
    message = str(info.value)
    assert f"unknown policy option {option!r}" in message
    for known in KNOWN_OPTIONS:  # the known ones are listed, so the fix is obvious
        assert known in message


@pytest.mark.parametrize("option", INT_OPTIONS)
@pytest.mark.parametrize(
    "value",
    [
        True,  # an int to Python, but never a number of days, months or yuan
        False,
        None,
        30.5,
        "thirty",
        "1e5",
        [30],
        {"days": 30},
        float("nan"),
        float("inf"),
        -1,
    ],
)
def test_a_bad_number_is_an_error_naming_the_option(option: str, value: Any) -> None:
    with pytest.raises(ConfigError, match=option):
        Policy(**{option: value})


@pytest.mark.parametrize("option", INT_OPTIONS)
def test_a_whole_number_written_otherwise_is_read(option: str) -> None:
    """The value is unambiguous: 30.0 and "30" are thirty (lax, as pydantic reads ints)."""
    assert getattr(Policy(**{option: 30.0}), option) == 30
    assert getattr(Policy(**{option: "30"}), option) == 30


def test_the_least_values() -> None:
    assert Policy(expiring_soon_days=0).expiring_soon_days == 0  # no warning window at all
    assert Policy(turnover_limit_yuan=0).turnover_limit_yuan == 0
    assert Policy(reverify_after_months=1).reverify_after_months == 1
    with pytest.raises(ConfigError, match="reverify_after_months"):
        Policy(reverify_after_months=0)  # "re-verify every 0 months" means nothing


@pytest.mark.parametrize(
    "options",
    [
        {"expiring_soon_days": 10**9},
        {"expiring_soon_days": 10**30},
        {"reverify_after_months": 10**6},
        {"reverify_after_months": 10**30},
        {"turnover_limit_yuan": 10**30},
    ],
)
def test_huge_values_do_not_break_a_verification(options: dict[str, Any]) -> None:
    policy = Policy(**options)
    record = shop(last_verified_months_ago=2)
    report = verify(record, as_of=AS_OF, policy=policy)
    assert "engine.check_error" not in report.codes  # no check overflowed
    due_items(record, as_of=AS_OF, policy=policy)  # nor does the due list
    if "expiring_soon_days" in options:  # every licence with an end date is "soon"
        assert report.codes == ("license.expiring_soon",)
    else:
        assert report.decision is P


# --------------------------------------------------------------------------- decisions


@pytest.mark.parametrize(
    ("pattern", "hint"),
    [
        ("licence.expired", "'license.expired'"),  # British spelling
        ("license.expierd", "'license.expired'"),  # transposed letters
        ("license.expired ", "'license.expired'"),  # a trailing space
        ("License.Expired", None),  # codes are lower case
        ("license", "'license.*'"),  # a group without its star: not a prefix
        ("licence.*", "'license.*'"),  # a prefix of nothing
        ("no_such_thing.*", None),
        ("license.*.x", "only end a prefix"),  # a star inside
        ("*license", "only end a prefix"),
        ("**", "only end a prefix"),
        ("", None),
    ],
)
def test_an_override_of_no_code_is_an_error_naming_it(pattern: str, hint: str | None) -> None:
    """A typo must not be an override that silently does nothing."""
    with pytest.raises(ConfigError) as info:
        Policy(decisions={pattern: "pass"})
    message = str(info.value)
    assert repr(pattern) in message
    assert "in decisions" in message
    if hint is not None:
        assert hint in message


@pytest.mark.parametrize(
    "pattern",
    ["*", "lic*", "license.*", "license.expir*", "license.expired*", "registry.status_*"],
)
def test_prefixes_of_known_codes_are_accepted(pattern: str) -> None:
    assert Policy(decisions={pattern: "review"}).decisions == {pattern: R}


def test_every_catalogue_code_may_be_overridden() -> None:
    every = {entry.code: "fail" for entry in catalogue()}
    assert len(Policy(decisions=every).decisions) == len(every)


@pytest.mark.parametrize(
    "value", ["PASS", "Pass", " pass", "ignore", "allow", True, 0, None, ["pass"]]
)
def test_a_decision_must_be_pass_review_or_fail(value: Any) -> None:
    with pytest.raises(ConfigError) as info:
        Policy(decisions={"license.expired": value})
    assert "license.expired" in str(info.value)
    assert "'pass', 'review' or 'fail'" in str(info.value)


@pytest.mark.parametrize("decisions", [["license.*"], "license.*", None, {1: "pass"}])
def test_decisions_must_map_codes_to_decisions(decisions: Any) -> None:
    with pytest.raises(ConfigError, match="decisions"):
        Policy(decisions=decisions)


def test_decision_members_are_accepted_as_values() -> None:
    assert Policy(decisions={"license.expired": Decision.REVIEW}).decisions == {
        "license.expired": R
    }


def expiring_finding() -> Finding:
    report = verify(with_food_licence_ending(AS_OF + datetime.timedelta(days=10)), as_of=AS_OF)
    (finding,) = report.findings
    assert finding.code == "license.expiring_soon"
    return Finding(finding.code, finding.severity, finding.message, finding.message_zh)


@pytest.mark.parametrize(
    ("decisions", "expected"),
    [
        ({}, R),  # a warning: review
        ({"license.expiring_soon": "pass"}, P),
        ({"license.*": "fail"}, F),
        ({"*": "pass"}, P),
        ({"*": "fail", "license.*": "pass"}, P),  # the longer prefix wins
        ({"license.*": "pass", "*": "fail"}, P),  # in any order
        ({"license.*": "fail", "license.expiring*": "pass"}, P),
        ({"license.expiring*": "pass", "license.expiring_soon": "fail"}, F),  # exact wins
        ({"license.expired": "fail"}, R),  # another code: no effect
        ({"license.expired*": "fail"}, R),  # a prefix of another code only
    ],
)
def test_the_most_specific_override_wins(decisions: dict[str, str], expected: Decision) -> None:
    assert Policy(decisions=decisions).decide(expiring_finding()) is expected


def test_an_official_error_may_be_passed_by_the_platform() -> None:
    """Documented (docs/verify.md: the policy "may decide otherwise per code"): a platform
    may soften an official rule's failure; nothing that was looked at is hidden — the
    finding stays in the report."""
    record = shop(expired=["food_business"])
    assert verify(record, as_of=AS_OF).decision is F
    report = verify(record, as_of=AS_OF, policy=Policy(decisions={"license.expired": "pass"}))
    assert report.codes == ("license.expired",)
    assert report.findings[0].decision is P
    assert report.decision is P


def test_a_platform_may_make_a_warning_or_an_info_fail() -> None:
    record = with_food_licence_ending(AS_OF + datetime.timedelta(days=3))
    strict = Policy(decisions={"license.expiring_soon": "fail"})
    assert verify(record, as_of=AS_OF, policy=strict).decision is F
    info = Finding.of("regno.superseded")
    assert Policy().decide(info) is P
    assert Policy(decisions={"regno.*": "fail"}).decide(info) is F


def test_each_finding_records_the_decision_under_the_policy_used() -> None:
    record = shop(expired=["food_business"])
    review = Policy(decisions={"license.expired": "review"})
    assert [f.decision for f in verify(record, as_of=AS_OF).findings] == [F]
    assert [f.decision for f in verify(record, as_of=AS_OF, policy=review).findings] == [R]
    assert verify(record, as_of=AS_OF, policy=review).decision is R


def test_registry_not_found_may_be_softened_as_documented() -> None:
    """docs/registries/index.md: ``{"decisions": {"registry.not_found": "review"}}``."""
    record = shop()
    registry = MockRegistry()  # knows nobody
    assert verify(record, as_of=AS_OF, registry=registry).decision is F
    soft = Policy(decisions={"registry.not_found": "review"})
    report = verify(record, as_of=AS_OF, registry=registry, policy=soft)
    assert (report.codes, report.decision) == (("registry.not_found",), R)


# --------------------------------------------------------------------------- failing closed


def test_the_fail_closed_codes_are_the_ones_that_could_not_look() -> None:
    assert "engine.check_error" in FAIL_CLOSED_CODES
    assert "registry.unavailable" in FAIL_CLOSED_CODES
    assert "record.unreadable" in FAIL_CLOSED_CODES
    assert "record.entry_dropped" in FAIL_CLOSED_CODES
    assert "license.validity_missing" in FAIL_CLOSED_CODES


@pytest.mark.parametrize("code", FAIL_CLOSED_CODES)
@pytest.mark.parametrize("pattern", ["exact", "group", "*"])
def test_no_override_passes_a_fail_closed_code(code: str, pattern: str) -> None:
    key = {"exact": code, "group": code.split(".")[0] + ".*", "*": "*"}[pattern]
    finding = Finding.of(code)
    assert Policy(decisions={key: "pass"}).decide(finding) is R
    assert Policy(decisions={key: "review"}).decide(finding) is R
    assert Policy(decisions={key: "fail"}).decide(finding) is F  # stricter is allowed


LENIENT = [
    {"registry.unavailable": "pass"},
    {"registry.*": "pass"},
    {"*": "pass"},
    {"*": "pass", "registry.unavailable": "pass", "engine.*": "pass"},
]


@pytest.mark.parametrize("decisions", LENIENT)
@pytest.mark.parametrize("outcome", ["unavailable", "timeout", "malformed"])
def test_a_registry_outage_is_never_passed(decisions: dict[str, str], outcome: str) -> None:
    """docs/registries/index.md: "An outage is recorded, never passed"."""
    record = shop()
    registry = unavailable_registry(record, outcome)
    policy = Policy(decisions=decisions)
    report = verify(record, as_of=AS_OF, registry=registry, policy=policy)
    assert report.codes == ("registry.unavailable",)
    assert report.findings[0].decision is R
    assert report.decision is R
    async_report = asyncio.run(
        Verifier(as_of=AS_OF, policy=policy, registry=registry).averify(record)
    )
    assert async_report.decision is R
    lazy = list(Verifier(as_of=AS_OF, policy=policy).iter_findings(record, registry=registry))
    assert [(f.code, f.decision) for f in lazy] == [("registry.unavailable", R)]


def test_a_registry_outage_may_be_made_a_failure() -> None:
    record = shop()
    policy = Policy(decisions={"registry.unavailable": "fail"})
    report = verify(record, as_of=AS_OF, registry=unavailable_registry(record), policy=policy)
    assert report.decision is F


def raising_check(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """Raises, as a check with a bug does."""
    yield from ()
    raise RuntimeError("a bug")


@pytest.mark.parametrize("decisions", [{"engine.check_error": "pass"}, {"*": "pass"}])
def test_a_check_that_could_not_run_is_never_passed(decisions: dict[str, str]) -> None:
    broken = CheckSpec("broken", raising_check, (), "a check that raises")
    verifier = Verifier(
        as_of=AS_OF, policy=Policy(decisions=decisions), checks=[*default_checks(), broken]
    )
    report = verifier.verify(shop())
    assert report.codes == ("engine.check_error",)
    assert report.findings[0].decision is R
    assert report.decision is R


def test_an_unreadable_record_is_never_passed() -> None:
    report = verify("{not json", as_of=AS_OF, policy=Policy(decisions={"*": "pass"}))
    assert "record.not_json" in report.codes
    assert all(finding.decision is R for finding in report.findings)
    assert report.decision is R


def test_a_dropped_entry_is_never_passed() -> None:
    record = shop()
    record["documents"].append({"kind": "food_business", "number": ["JY"], "valid_to": {}})
    for decisions in ({"record.*": "pass"}, {"*": "pass"}):
        report = verify(record, as_of=AS_OF, policy=Policy(decisions=decisions))
        assert "record.entry_dropped" in report.codes
        assert report.decision is R


def test_an_unreadable_term_is_never_passed() -> None:
    record = shop()
    licence = next(doc for doc in record["documents"] if doc["kind"] == "food_business")
    del licence["valid_to"]
    policy = Policy(decisions={"license.validity_missing": "pass"})
    report = verify(record, as_of=AS_OF, policy=policy)
    assert report.codes == ("license.validity_missing",)
    assert report.decision is R


@pytest.mark.parametrize("decisions", LENIENT[1:])
def test_a_lenient_policy_still_passes_what_could_be_looked_at(decisions: dict[str, str]) -> None:
    """The floor applies to the fail-closed codes only: the rest follows the policy."""
    record = shop(expired=["food_business"])
    registry = MockRegistry()
    registry.add_merchant(record)
    report = verify(record, as_of=AS_OF, registry=registry, policy=Policy(decisions=decisions))
    assert "license.expired" in report.codes  # the registry knows it too
    assert "registry.unavailable" not in report.codes
    assert report.decision is (P if "*" in decisions else F)


# --------------------------------------------------------------------------- immutability


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.__setitem__("license.expired", P),
        lambda d: d.__delitem__("license.*"),
        lambda d: d.update({"license.expired": P}),
        lambda d: d.setdefault("license.expired", P),
        lambda d: d.pop("license.*"),
        lambda d: d.popitem(),
        lambda d: d.clear(),
    ],
)
def test_the_decisions_of_a_policy_cannot_be_changed(change: Any) -> None:
    policy = Policy(decisions={"license.*": "fail"})
    with pytest.raises(TypeError, match="cannot be changed"):
        change(policy.decisions)
    assert policy.decisions == {"license.*": F}


def test_the_default_policy_cannot_be_changed_through_a_verifier() -> None:
    """A shared default changed by one caller would change every other verification."""
    verifier = Verifier(as_of=AS_OF)
    with pytest.raises(TypeError):
        verifier.policy.decisions["license.expired"] = P
    with pytest.raises(TypeError):
        verifier.policy.decisions |= {"license.expired": P}
    with pytest.raises(Exception, match="frozen"):
        verifier.policy.expiring_soon_days = 0  # type: ignore[misc]
    assert Policy() == DEFAULT_POLICY
    assert verify(shop(expired=["food_business"]), as_of=AS_OF).decision is F


def test_changing_the_mapping_given_does_not_change_the_policy() -> None:
    given = {"license.expired": "pass"}
    policy = Policy(decisions=given)
    given["license.expired"] = "fail"
    given["license.*"] = "pass"
    assert policy.decisions == {"license.expired": P}


def test_verifiers_do_not_share_policy_changes() -> None:
    record = shop(expired=["food_business"])
    lenient = Verifier(as_of=AS_OF, policy=Policy(decisions={"license.expired": "pass"}))
    default = Verifier(as_of=AS_OF)
    assert lenient.verify(record).decision is P
    assert default.verify(record).decision is F
    lenient.policy = Policy(decisions={"license.expired": "review"})  # its own setting
    assert lenient.verify(record).decision is R
    assert default.verify(record).decision is F
    assert verify(record, as_of=AS_OF).decision is F


def test_a_policy_per_call_does_not_change_the_verifiers() -> None:
    record = shop(expired=["food_business"])
    policy = Policy(decisions={"license.expired": "review"})
    verifier = Verifier(as_of=AS_OF, policy=policy)
    lenient = Policy(decisions={"license.expired": "pass"})
    assert verifier.verify(record, policy=lenient).decision is P
    assert verifier.verify(record).decision is R  # its own again
    assert verifier.policy is policy
    assert verifier.verify(record, policy=None).decision is F  # None: the bundled policy


def test_a_policy_is_a_value() -> None:
    policy = Policy(expiring_soon_days=7, decisions={"license.*": "fail"})
    same = Policy(decisions={"license.*": "fail"}, expiring_soon_days=7)
    assert policy == same
    assert hash(policy) == hash(same)  # frozen: usable as a key (a cache per policy)
    assert {policy: 1}[same] == 1
    assert pickle.loads(pickle.dumps(policy)) == policy  # to worker processes
    assert copy.deepcopy(policy) == policy
    assert policy.model_copy(deep=True).decisions == {"license.*": F}
    assert Policy.model_validate_json(policy.model_dump_json()) == policy
    assert json.loads(policy.model_dump_json())["decisions"] == {"license.*": "fail"}


# --------------------------------------------------------------------------- dates and limits


@pytest.mark.parametrize(
    ("days", "left", "codes"),
    [
        (30, 30, ("license.expiring_soon",)),  # within N days, inclusive
        (30, 31, ()),
        (30, 0, ("license.expiring_soon",)),  # the last valid day
        (30, -1, ("license.expired",)),
        (0, 0, ("license.expiring_soon",)),  # N=0: only a licence ending today
        (0, 1, ()),
        (0, -1, ("license.expired",)),
        (365, 365, ("license.expiring_soon",)),
        (365, 366, ()),
    ],
)
def test_expiring_soon_days_against_as_of(days: int, left: int, codes: tuple[str, ...]) -> None:
    record = with_food_licence_ending(AS_OF + datetime.timedelta(days=left))
    policy = Policy(expiring_soon_days=days)
    assert verify(record, as_of=AS_OF, policy=policy).codes == codes
    # the same, with the date held by a verifier and moved per call
    verifier = Verifier(as_of=AS_OF - datetime.timedelta(days=1), policy=policy)
    assert verifier.verify(record, as_of=AS_OF).codes == codes


def test_due_reads_the_policys_window() -> None:
    record = with_food_licence_ending(AS_OF + datetime.timedelta(days=45))

    def expiring(policy: Policy | None) -> list[tuple[str, int | None]]:
        items = due_items(record, as_of=AS_OF, policy=policy)
        return [(item.status, item.days) for item in items if item.status == "expiring"]

    assert expiring(None) == []  # 45 days: outside the default 30
    assert expiring(Policy(expiring_soon_days=45)) == [("expiring", 45)]
    assert expiring(Policy(expiring_soon_days=44)) == []


@pytest.mark.parametrize(
    ("months", "last", "due"),
    [
        (6, datetime.date(2026, 5, 29), False),  # exactly six months ago: not yet
        (6, datetime.date(2026, 5, 28), True),
        (1, datetime.date(2026, 10, 29), False),
        (1, datetime.date(2026, 10, 28), True),
        (12, datetime.date(2025, 11, 29), False),
        (12, datetime.date(2025, 11, 28), True),
    ],
)
def test_reverify_after_months(months: int, last: datetime.date, due: bool) -> None:
    record = shop()
    record["last_verified_at"] = last.isoformat()
    report = verify(record, as_of=AS_OF, policy=Policy(reverify_after_months=months))
    assert report.codes == (("merchant.reverification_due",) if due else ())


@pytest.mark.parametrize(
    ("limit", "turnover", "exceeded"),
    [
        (100_000, 100_000, False),  # at the limit: still exempt (art. 8: above it)
        (100_000, 100_001, True),
        (50_000, 50_001, True),
        (0, 1, True),
        (200_000, 150_000, False),
    ],
)
def test_turnover_limit_yuan(limit: int, turnover: int, exceeded: bool) -> None:
    record = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(5))
    record["declared_annual_turnover_yuan"] = turnover
    report = verify(record, as_of=AS_OF, policy=Policy(turnover_limit_yuan=limit))
    assert ("merchant.exemption_exceeded" in report.codes) is exceeded


# --------------------------------------------------------------------------- the decision order


def test_pass_review_fail_are_ordered_and_the_largest_wins() -> None:
    assert [d.rank for d in (P, R, F)] == [0, 1, 2]
    assert combine([]) is P
    for decisions, expected in (([P, R], R), ([R, P], R), ([F, P, R], F), ([P, P], P)):
        assert combine(decisions) is expected
    with pytest.raises(ValueError, match="PASS"):
        Decision("PASS")


# --------------------------------------------------------------------------- policy files


def test_a_policy_file_is_read(tmp_path: Path) -> None:
    options = {
        "expiring_soon_days": 60,
        "reverify_after_months": 3,
        "turnover_limit_yuan": 50_000,
        "decisions": {"consistency.region_mismatch": "pass", "license.*": "fail"},
    }
    path = write(tmp_path / "policy.json", options)
    for given in (path, str(path)):
        assert Policy.from_file(given) == Policy(**options)


@pytest.mark.parametrize("name", ["policy.txt", "policy.toml", "policy"])
def test_a_policy_file_is_json_whatever_its_name(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, {"expiring_soon_days": 7})
    assert Policy.from_file(path).expiring_soon_days == 7


def test_a_policy_file_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    """Records may (docs/verify.md reads them as UTF-8 with or without a BOM); so may the
    policy, which Windows editors save that way."""
    path = write(tmp_path / "policy.json", b'\xef\xbb\xbf{"expiring_soon_days": 5}')
    assert Policy.from_file(path).expiring_soon_days == 5


def test_an_empty_object_is_the_default_policy(tmp_path: Path) -> None:
    assert Policy.from_file(write(tmp_path / "policy.json", "{}")) == DEFAULT_POLICY


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("", "not JSON"),  # empty
        ("  \n", "not JSON"),
        ("expiring_soon_days = 60\n", "not JSON"),  # TOML: not supported
        ('[decisions]\n"license.*" = "fail"\n', "not JSON"),
        ("{not json", "not JSON"),
        ("null", "must hold a JSON object"),
        ("[]", "must hold a JSON object"),
        ('"review"', "must hold a JSON object"),
        ("60", "must hold a JSON object"),
        (b"\xd5\xfe{}", "cannot read policy file"),  # GBK, not UTF-8
        (b"\xff\xfe{\x00}\x00", "cannot read policy file"),  # UTF-16
        ('{"expiring_soon_days": 5, "expiring_soon_days": 0}', "'expiring_soon_days' is given"),
        ('{"decisions": {"license.*": "pass", "license.*": "fail"}}', "'license.*' is given"),
        ('{"expire_soon_days": 5}', "unknown policy option 'expire_soon_days'"),
        ('{"expiring_soon_days": true}', "expiring_soon_days"),
        ('{"expiring_soon_days": "soon"}', "expiring_soon_days"),
        ('{"expiring_soon_days": NaN}', "expiring_soon_days"),
        ('{"decisions": {"licence.expired": "pass"}}', "'licence.expired'"),
        ('{"decisions": {"license.expired": "ignore"}}', "license.expired"),
        ('{"categories_file": ""}', "categories_file"),
        ('{"categories_file": "nowhere.json"}', "cannot read category policy"),
        ('{"categories_file": "policy.json"}', "invalid category policy"),  # itself
    ],
)
def test_a_bad_policy_file_is_an_error_naming_it(
    tmp_path: Path, content: str | bytes, said: str
) -> None:
    path = write(tmp_path / "policy.json", content)
    with pytest.raises(ConfigError) as info:
        Policy.from_file(path)
    message = str(info.value)
    assert str(path) in message
    assert said in message


def test_a_missing_policy_file_and_a_folder_are_errors_naming_them(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.json", tmp_path):
        with pytest.raises(ConfigError, match="cannot read policy file") as info:
            Policy.from_file(path)
        assert str(path) in str(info.value)


def test_a_relative_categories_file_is_next_to_the_policy_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    write(folder / "tea.json", TEA_POLICY)
    policy_file = write(folder / "policy.json", {"categories_file": "tea.json"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # not where the policy file is
    policy = Policy.from_file(policy_file)
    assert policy.categories_file == folder / "tea.json"
    record = shop()
    record["categories"] = ["茶", "电子烟"]
    report = verify(record, as_of=AS_OF, policy=policy)
    assert [(f.code, f.json_path) for f in report.findings] == [
        ("category.banned", "$.categories[1]")
    ]


def test_a_relative_categories_file_in_code_is_fixed_when_the_policy_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read when the policy is made (docs/categories.md): moving elsewhere
    afterwards must not make the policy name another file, or none."""
    write(tmp_path / "tea.json", TEA_POLICY)
    monkeypatch.chdir(tmp_path)
    policy = Policy(categories_file="tea.json")
    assert policy.categories_file == tmp_path / "tea.json"
    monkeypatch.chdir(tmp_path.parent)
    record = shop()
    record["categories"] = ["电子烟"]
    report = verify(record, as_of=AS_OF, policy=policy)
    assert report.codes == ("category.banned",)


# --------------------------------------------------------------------------- the command line


def test_cli_verify_with_a_policy_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    records = write(tmp_path / "shops.json", shop(expired=["food_business"]))
    soft = write(tmp_path / "soft.json", {"decisions": {"license.expired": "review"}})
    assert cli(capsys, "verify", str(records), "--as-of", AS_OF.isoformat())[0] == 1
    status, out, _ = cli(
        capsys, "verify", str(records), "--as-of", AS_OF.isoformat(), "--policy", str(soft)
    )
    assert status == 3
    assert "license.expired" in out
    bom = write(tmp_path / "bom.json", b"\xef\xbb\xbf" + soft.read_bytes())
    status, _, _ = cli(
        capsys, "verify", str(records), "--as-of", AS_OF.isoformat(), "--policy", str(bom)
    )
    assert status == 3


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "No such file"),  # missing
        ("folder", "Is a directory"),
        ("", "not JSON"),
        ("expiring_soon_days = 60\n", "not JSON"),
        (b"\xd5\xfe{}", "cannot read policy file"),
        ('{"decisions": {"licence.expired": "pass"}}', "'licence.expired'"),
        ('{"decisions": {"license": "pass"}}', "'license.*'"),
        ('{"expiring_soon_days": -3}', "expiring_soon_days"),
        ('{"expiring_soon_days": 5, "expiring_soon_days": 0}', "given twice"),
    ],
)
@pytest.mark.parametrize("command", ["verify", "due", "batch"])
def test_cli_a_bad_policy_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: str | bytes | None,
    said: str,
    command: str,
) -> None:
    """docs/cli.md and docs/batch.md: exit status 2, a message naming the file, no output."""
    records = tmp_path / "shops.jsonl"
    records.write_text(json.dumps(shop(), ensure_ascii=False) + "\n", encoding="utf-8")
    if content is None:
        policy = tmp_path / "nope.json"
    elif content == "folder":
        policy = tmp_path / "policy.d"
        policy.mkdir()
    else:
        policy = write(tmp_path / "policy.json", content)
    extra = ["--out", str(tmp_path / "out.jsonl"), "--quiet"] if command == "batch" else []
    status, out, err = cli(capsys, command, str(records), "--policy", str(policy), *extra)
    assert status == 2
    assert out == ""
    assert str(policy) in err
    assert said in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists() or not (tmp_path / "out.jsonl").read_text()


# --------------------------------------------------------------------------- category policy files


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"tea": {"name_zh": "茶叶", "requires": []}}, "categories.tea.name_en"),
        (
            {"tea": {"name_zh": "茶叶", "name_en": "Tea", "requires": [], "banned": True}},
            "categories.tea",
        ),
        ({"tea": {"name_zh": "茶叶", "name_en": "Tea"}}, "categories.tea"),  # no treatment
        (
            {"tea": {"name_zh": "茶叶", "name_en": "Tea", "requires": [[{"kind": "food"}]]}},
            "categories.tea.requires[0][0].kind",
        ),
        (
            {
                "tea": {
                    "name_zh": "茶叶",
                    "name_en": "Tea",
                    "requires": [[{"kind": "food_business", "business_form": [1]}]],
                }
            },
            "business_form",
        ),
        (
            {"tea": {"name_zh": "茶叶", "name_en": "Tea", "requires": [], "colour": "green"}},
            "categories.tea.colour",
        ),
        (
            {"tea": {"name_zh": "茶叶", "name_en": "Tea", "banned": "yes"}},
            "categories.tea.banned",
        ),
        ({"Tea": {"name_zh": "茶叶", "name_en": "Tea", "requires": []}}, "'Tea'"),
    ],
)
def test_a_bad_category_file_is_an_error_naming_the_category_and_key(
    tmp_path: Path, change: dict[str, Any], named: str
) -> None:
    path = write(tmp_path / "mine.json", tea_policy(**change))
    with pytest.raises(ConfigError) as info:
        load_category_policy(path)
    assert str(path) in str(info.value)
    assert named in str(info.value)
    with pytest.raises(ConfigError) as made:  # and the policy naming it cannot be made
        Policy(categories_file=path)
    assert named in str(made.value)


@pytest.mark.parametrize(
    "alias",
    [
        "电子烟",  # the other category's Chinese name
        "e-cigarettes",  # its English name in another case
        "ｖａｐｅｓ",  # its id, full-width
        "电子 烟",  # with a space
    ],
)
def test_an_alias_naming_another_category_is_an_error_naming_both(alias: str) -> None:
    text = json.dumps(
        tea_policy(tea={"name_zh": "茶叶", "name_en": "Tea", "aliases": [alias], "requires": []}),
        ensure_ascii=False,
    )
    with pytest.raises(ConfigError) as info:
        parse_category_policy(text, source="mine.json")
    message = str(info.value)
    assert "'mine.json'" in message
    assert "'tea'" in message  # which two categories share the name
    assert "vapes" in message
    assert "also names category" in message


def test_a_category_file_bans_what_the_platform_bans(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.json", TEA_POLICY)
    policy = Policy(categories_file=path)
    record = shop()
    record["categories"] = ["茶", "电子烟", "ＴＥＡ"]
    report = verify(record, as_of=AS_OF, policy=policy)
    assert report.decision is F
    (banned,) = report.findings
    assert (banned.code, banned.json_path, banned.decision) == (
        "category.banned",
        "$.categories[1]",
        F,
    )
    assert banned.ctx["basis"]  # the file's basis is cited
    # the bundled policy bans 电子烟 too, on its own basis (the e-cigarette measures)
    bundled = verify(record, as_of=AS_OF)
    (bundled_ban,) = [f for f in bundled.findings if f.code == "category.banned"]
    assert bundled_ban.json_path == "$.categories[1]"
    assert "电子烟管理办法" in bundled_ban.ctx["basis"]
    assert bundled_ban.ctx["basis"] != banned.ctx["basis"]
    # the bundled categories are gone with a file of one's own: 预包装食品 is unknown now
    record["categories"] = ["预包装食品"]
    assert verify(record, as_of=AS_OF, policy=policy).codes == ("category.unknown",)


def test_a_category_file_that_turns_bad_later_fails_closed(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.json", TEA_POLICY)
    policy = Policy(categories_file=path)
    lenient = Policy(categories_file=path, decisions={"*": "pass"})
    record = shop()
    record["categories"] = ["茶"]
    assert verify(record, as_of=AS_OF, policy=policy).decision is P
    write(path, '{"version": "broken", "categories": {}}')  # another size: read again
    for chosen in (policy, lenient):
        report = verify(record, as_of=AS_OF, policy=chosen)
        assert "engine.check_error" in report.codes  # the checks that read categories
        assert report.decision is R


def test_a_category_file_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.json", b"\xef\xbb\xbf" + json.dumps(TEA_POLICY).encode())
    assert load_category_policy(path).resolve("茶") is not None


# --------------------------------------------------------------------------- Verifier(policy=…)


@pytest.mark.parametrize("policy", [{"expiring_soon_days": 5}, "policy.json"])
def test_a_policy_that_is_not_a_policy_is_a_type_error(policy: Any) -> None:
    with pytest.raises(TypeError, match="Policy"):
        Verifier(as_of=AS_OF, policy=policy).verify(shop())
