"""The pytest plugin (fixtures, readable failures) and the assertion helpers."""

from __future__ import annotations

import datetime
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qualcheck import Decision, Report, verify
from qualcheck.testing import make_food_business, make_uscc
from qualcheck.testing.assertions import (
    assert_decision,
    assert_finding,
    assert_no_finding,
    format_report,
)
from qualcheck.testing.pytest_plugin import DEFAULT_AS_OF

pytest_plugins = ["pytester"]

AS_OF = datetime.date(2026, 3, 15)
RNG = random.Random(2611)
NAME = "成都示例科技有限公司"
USCC = make_uscc(entity_type="1", region="510104", rng=RNG)
JY = make_food_business(form=2, region="510104", rng=RNG)
EXPIRED = "$.documents[1].validity.valid_to"


def record(*, expired: bool = False) -> dict[str, Any]:
    documents: list[dict[str, Any]] = [
        {"kind": "business_license", "number": USCC, "holder_name": NAME, "valid_to": "长期"}
    ]
    if expired:
        documents.append(
            {
                "kind": "food_business",
                "number": JY,
                "holder_name": NAME,
                "valid_from": "2020-01-01",
                "valid_to": "2024-12-31",
            }
        )
    return {
        "merchant_id": "m-1",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "documents": documents,
    }


@pytest.fixture(scope="module")
def passing() -> Report:
    return verify(record(), as_of=AS_OF)


@pytest.fixture(scope="module")
def failing() -> Report:
    return verify(record(expired=True), as_of=AS_OF)


# --------------------------------------------------------------------------- helpers


def test_the_records_decide_as_the_tests_expect(passing: Report, failing: Report) -> None:
    assert passing.decision is Decision.PASS
    assert passing.codes == ()
    assert failing.decision is Decision.FAIL
    assert failing.codes == ("license.expired",)


def test_format_report_lists_decision_findings_and_checks_not_run(failing: Report) -> None:
    lines = format_report(failing).splitlines()
    assert lines[0] == "report: decision fail as of 2026-03-15, 1 finding"
    assert lines[1].startswith(f"  fail license.expired at {EXPIRED}: The food business licence")
    assert lines[2] == "checks not run:"
    assert "  coverage: skipped (no categories declared)" in lines


@pytest.mark.parametrize("expected", ["pass", Decision.PASS])
def test_assert_decision_passes(passing: Report, expected: str | Decision) -> None:
    assert_decision(passing, expected)


def test_assert_decision_fails_with_the_report(failing: Report) -> None:
    with pytest.raises(AssertionError) as raised:
        assert_decision(failing, "pass")
    message = str(raised.value)
    assert message.startswith("expected decision 'pass', got 'fail'\n")
    assert f"fail license.expired at {EXPIRED}: " in message


def test_assert_decision_rejects_an_unknown_decision(passing: Report) -> None:
    with pytest.raises(ValueError, match="expected must be one of 'pass', 'review', 'fail'"):
        assert_decision(passing, "passed")


def test_helpers_reject_what_is_not_a_report() -> None:
    with pytest.raises(TypeError, match="expected a qualcheck Report, got dict"):
        assert_decision({"decision": "pass"}, "pass")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"path": EXPIRED},
        {"path": "documents[1].validity.valid_to"},  # the leading $. may be left out
        {"decision": "fail"},
        {"path": EXPIRED, "decision": Decision.FAIL},
    ],
)
def test_assert_finding_returns_the_finding(failing: Report, options: dict[str, Any]) -> None:
    finding = assert_finding(failing, "license.expired", **options)
    assert finding.code == "license.expired"
    assert finding.json_path == EXPIRED


def test_assert_finding_fails_when_the_code_is_absent(passing: Report) -> None:
    with pytest.raises(AssertionError) as raised:
        assert_finding(passing, "license.expired")
    message = str(raised.value)
    assert message.startswith("expected finding license.expired: no finding license.expired\n")
    assert "report: decision pass as of 2026-03-15, 0 findings" in message


@pytest.mark.parametrize(
    ("options", "wanted"),
    [
        ({"path": "$.documents[0]"}, "license.expired at $.documents[0]"),
        ({"decision": "review"}, "license.expired with decision 'review'"),
    ],
)
def test_assert_finding_fails_when_the_finding_differs(
    failing: Report, options: dict[str, Any], wanted: str
) -> None:
    with pytest.raises(AssertionError) as raised:
        assert_finding(failing, "license.expired", **options)
    first = str(raised.value).splitlines()[0]
    assert first == (
        f"expected finding {wanted}: license.expired was found, but not as asked: fail at {EXPIRED}"
    )


def test_assert_no_finding(passing: Report, failing: Report) -> None:
    assert_no_finding(passing, "license.expired")
    assert_no_finding(failing, "license.expiring_soon")
    with pytest.raises(AssertionError) as raised:
        assert_no_finding(failing, "license.expired")
    message = str(raised.value)
    assert message.startswith(f"expected no finding license.expired, found 1 (at {EXPIRED})\n")
    assert "report: decision fail" in message


# --------------------------------------------------------------------------- the plugin

# The records of the generated test files: numbers made here, so the files need no rng.
RECORDS = f"""
import datetime
NAME = {NAME!r}
USCC = {USCC!r}
JY = {JY!r}
LICENCE = {{"kind": "business_license", "number": USCC, "holder_name": NAME, "valid_to": "长期"}}
FOOD = {{"kind": "food_business", "number": JY, "holder_name": NAME,
        "valid_from": "2021-07-01", "valid_to": "2026-06-30"}}
GOOD = {{"subject_type": "enterprise", "name": NAME, "uscc": USCC, "documents": [LICENCE]}}
FOOD_SHOP = dict(GOOD, documents=[LICENCE, FOOD])
"""


def test_the_plugin_is_loaded_through_its_entry_point(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--trace-config", "--co")
    result.stdout.fnmatch_lines(["*PLUGIN registered: <module 'qualcheck.testing.pytest_plugin'*"])


def test_fixtures_and_helpers_in_a_passing_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        RECORDS
        + """
from qualcheck import Decision, Policy, Verifier
from qualcheck.testing.assertions import assert_decision, assert_finding, assert_no_finding

def test_as_of(qualcheck_as_of):
    assert qualcheck_as_of == datetime.date(2026, 1, 1)

def test_verifier(qualcheck_verifier, qualcheck_policy):
    assert isinstance(qualcheck_verifier, Verifier)
    assert qualcheck_verifier.as_of == datetime.date(2026, 1, 1)
    assert qualcheck_verifier.policy is qualcheck_policy == Policy()

def test_good(qualcheck_verifier):
    report = qualcheck_verifier.verify(GOOD)
    assert_decision(report, "pass")
    assert_no_finding(report, "license.expired")

def test_food_shop(qualcheck_verifier):
    report = qualcheck_verifier.verify(FOOD_SHOP)
    assert_decision(report, Decision.PASS)
    assert_no_finding(report, "license.expiring_soon")  # 180 days left
"""
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_a_failing_helper_shows_the_report(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        RECORDS
        + """
from qualcheck.testing.assertions import assert_decision, assert_finding

def test_decision(qualcheck_verifier):
    report = qualcheck_verifier.verify(FOOD_SHOP, as_of=datetime.date(2026, 8, 1))
    assert_decision(report, "pass")

def test_finding(qualcheck_verifier):
    assert_finding(qualcheck_verifier.verify(GOOD), "license.expired")
"""
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: expected decision 'pass', got 'fail'",
            "E       report: decision fail as of 2026-08-01, 1 finding",
            "E         fail license.expired at $.documents[[]1].validity.valid_to: *2026-06-30*",
            "E       checks not run:",
            "E         coverage: skipped (no categories declared)",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: expected finding license.expired: no finding license.expired",
            "E       report: decision pass as of 2026-01-01, 0 findings",
        ]
    )
    # __tracebackhide__: the helper's own frames are not in the traceback
    result.stdout.no_fnmatch_line("*raise AssertionError*")


def test_the_policy_fixture_can_be_redefined(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        RECORDS
        + """
import pytest
from qualcheck import Policy
from qualcheck.testing.assertions import assert_decision, assert_finding

@pytest.fixture
def qualcheck_policy():
    return Policy(expiring_soon_days=365, decisions={"license.expiring_soon": "fail"})

def test_strict(qualcheck_verifier):
    report = qualcheck_verifier.verify(FOOD_SHOP)
    assert_finding(report, "license.expiring_soon", decision="fail")
    assert_decision(report, "fail")
"""
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("configure", "args", "expected"),
    [
        (False, ["--qualcheck-as-of=2027-02-03"], "2027-02-03"),
        (True, [], "2025-05-05"),  # the ini option
        (True, ["--qualcheck-as-of", "2027-02-03"], "2027-02-03"),  # the command line wins
    ],
)
def test_as_of_is_configurable(
    pytester: pytest.Pytester, configure: bool, args: list[str], expected: str
) -> None:
    if configure:
        pytester.makeini("[pytest]\nqualcheck_as_of = 2025-05-05\n")
    pytester.makepyfile(
        f"""
def test_as_of(qualcheck_as_of, qualcheck_verifier):
    assert qualcheck_as_of.isoformat() == {expected!r}
    assert qualcheck_verifier.as_of == qualcheck_as_of
"""
    )
    pytester.runpytest("-p", "no:cacheprovider", *args).assert_outcomes(passed=1)


def test_as_of_today(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
from qualcheck.numbers._dates import today

def test_as_of(qualcheck_as_of):
    assert qualcheck_as_of == today()
"""
    )
    pytester.runpytest("-p", "no:cacheprovider", "--qualcheck-as-of=today").assert_outcomes(
        passed=1
    )


def test_a_malformed_as_of_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--qualcheck-as-of=29.11.2026")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--qualcheck-as-of must be a date (YYYY-MM-DD) or 'today', not '29.11.2026'*"]
    )


def test_comparing_a_report_with_a_decision_is_explained(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        RECORDS
        + """
def test_compare(qualcheck_verifier):
    report = qualcheck_verifier.verify(GOOD)
    assert report == "pass"
"""
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: assert a qualcheck Report is never equal to a decision"
            " ('pass'); the report's decision is 'pass'",
            "E         use assert_decision(report, ...) or compare report.decision",
            "E         report: decision pass as of 2026-01-01, 0 findings",
        ]
    )


def test_comparing_two_reports_is_explained(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        RECORDS
        + """
def test_compare(qualcheck_verifier):
    assert qualcheck_verifier.verify(GOOD) == qualcheck_verifier.verify(FOOD_SHOP)
"""
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-vv")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E       assert two qualcheck reports differ in: input_digest, audit_id, created_at",
            "E         (every report has its own audit_id and created_at: compare",
            "E          report.decision, report.codes or report.findings instead)",
            "E         left:",
            "E           report: decision pass as of 2026-01-01, 0 findings",
            "E         right:",
        ]
    )


def test_other_comparisons_are_left_alone(passing: Report) -> None:
    from qualcheck.testing.pytest_plugin import pytest_assertrepr_compare

    config: Any = None
    assert pytest_assertrepr_compare(config, "==", 1, 2) is None
    assert pytest_assertrepr_compare(config, "!=", passing, "pass") is None
    assert pytest_assertrepr_compare(config, "==", passing, 3) is None


def test_importing_the_plugin_does_not_load_pydantic() -> None:
    code = (
        "import sys, qualcheck.testing.pytest_plugin, qualcheck.testing.assertions\n"
        "print(sorted(m for m in ('pydantic', 'qualcheck._report', 'qualcheck.models')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_default_as_of_is_documented() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "testing.md").read_text(encoding="utf-8")
    assert f"{DEFAULT_AS_OF.isoformat()} unless you set the ini" in docs
