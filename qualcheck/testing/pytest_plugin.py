"""The qualcheck pytest plugin: fixtures for verifying records in tests, readable failures.

Installed with qualcheck (entry point ``pytest11``), so it loads in every pytest run;
disable it with ``-p no:qualcheck``.  It provides:

* ``qualcheck_as_of`` — the date the checks judge against.  Fixed, so that tests do not
  change as licences expire: :data:`DEFAULT_AS_OF` unless the ini option
  ``qualcheck_as_of`` or the command-line option ``--qualcheck-as-of`` says otherwise
  (an ISO date, or ``today`` for the current date in China).
* ``qualcheck_policy`` — the :class:`~qualcheck.Policy` to verify with (the defaults);
  redefine the fixture to test with your own.
* ``qualcheck_verifier`` — a :class:`~qualcheck.Verifier` with that date and policy
  (and no registry).
* ``qualcheck_registry`` — a fresh :class:`~qualcheck.testing.MockRegistry` for each test:
  ``add_merchant`` what should exist, ``force`` the outcomes to test.
* ``qualcheck_registry_verifier`` — ``qualcheck_verifier`` that also asks
  ``qualcheck_registry``.
* a rendering of a report in a failed ``assert report == …``.
* personal numbers masked in the report of a failed test: an ID or mobile number in the
  test id (a parameter), in a skip or xfail reason, in the traceback, in pytest's
  explanation of an assertion (``where {'name': '110105********002X', …} =
  make_record()``), in a local variable or in captured output is shown masked
  (``110***********002X``, ``139****5678``), as the engine's messages are.
  ``--qualcheck-reveal`` (or the ini option ``qualcheck_reveal = true``) shows
  them whole, for a suite whose numbers are all generated.

The assertion helpers live in :mod:`qualcheck.testing.assertions`.  The module stays
cheap to import (no pydantic): the engine is imported when a fixture is used.
"""

from __future__ import annotations

import dataclasses
import datetime
import sys
from typing import TYPE_CHECKING, Any

import pytest

from qualcheck._decision import Decision
from qualcheck._scrub import scrub
from qualcheck.testing.assertions import format_report

if TYPE_CHECKING:
    from qualcheck._report import Report
    from qualcheck._verify import Verifier
    from qualcheck.policy import Policy
    from qualcheck.testing.mock_registry import MockRegistry

__all__ = [
    "DEFAULT_AS_OF",
    "qualcheck_as_of",
    "qualcheck_policy",
    "qualcheck_registry",
    "qualcheck_registry_verifier",
    "qualcheck_verifier",
]

DEFAULT_AS_OF = datetime.date(2026, 1, 1)
"""The ``as_of`` of the fixtures when nothing is configured."""

_INI = "qualcheck_as_of"
_TODAY = "today"
_REVEAL = "qualcheck_reveal"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--qualcheck-as-of`` and the ini option ``qualcheck_as_of``."""
    help_text = (
        "date the qualcheck fixtures verify as of: YYYY-MM-DD, or 'today' "
        f"(default {DEFAULT_AS_OF.isoformat()})"
    )
    group = parser.getgroup("qualcheck")
    group.addoption("--qualcheck-as-of", dest=_INI, default=None, metavar="DATE", help=help_text)
    parser.addini(_INI, help_text, default=DEFAULT_AS_OF.isoformat())
    reveal_help = "show ID and mobile numbers whole in the reports of failed tests"
    group.addoption("--qualcheck-reveal", dest=_REVEAL, action="store_true", help=reveal_help)
    parser.addini(_REVEAL, reveal_help, type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    """Reject a malformed date before any test runs."""
    _configured_as_of(config)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Mask personal numbers in the report of a failed test (see the module)."""
    outcome = yield
    report = outcome.get_result()
    if report.passed or _revealed(item.config):
        return
    _mask_longrepr(report)
    wasxfail = getattr(report, "wasxfail", None)
    if isinstance(wasxfail, str):
        report.wasxfail = scrub(wasxfail)
    report.sections = [(name, scrub(content)) for name, content in report.sections]


def _mask_longrepr(report: Any) -> None:
    """Mask the failure text; a skip keeps its ``(path, line, reason)`` form, which
    pytest's terminal and summary read (another object there is an internal error)."""
    longrepr = report.longrepr
    if longrepr is None:
        return
    if isinstance(longrepr, tuple):
        path, line, reason = longrepr
        report.longrepr = (path, line, scrub(reason))
        return
    text = str(longrepr)
    masked = scrub(text)
    if masked != text:  # else keep pytest's own object (and its colours)
        report.longrepr = _MaskedRepr(masked, getattr(longrepr, "reprcrash", None))


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """A parameter that is text holding an ID or mobile number gets a masked test id
    (``test_x[139****5678]``): the id is printed for every test with ``-v`` and in the
    summary; pytest tells equal ids apart by a suffix.  Other values keep pytest's id."""
    if not isinstance(val, str) or _revealed(config):
        return None
    masked = scrub(val)
    return masked if masked != val else None


def _revealed(config: pytest.Config) -> bool:
    return bool(config.getoption(_REVEAL, default=False) or config.getini(_REVEAL))


class _MaskedRepr:
    """A failed test's report, as text with personal numbers masked; ``reprcrash`` (the
    line of the short summary) masked too."""

    def __init__(self, text: str, crash: Any) -> None:
        self.text = text
        self.reprcrash = crash
        message = getattr(crash, "message", None)
        if (
            isinstance(message, str)
            and dataclasses.is_dataclass(crash)
            and not isinstance(crash, type)
        ):
            self.reprcrash = dataclasses.replace(crash, message=scrub(message))

    def toterminal(self, out: Any) -> None:
        for line in self.text.splitlines():
            out.line(line, red=line.startswith("E "), bold=line.startswith("E "))

    def __str__(self) -> str:
        return self.text


def _configured_as_of(config: pytest.Config) -> datetime.date | None:
    """The configured date; ``None`` for ``today``."""
    option = config.getoption(_INI, default=None)
    text = str(option if option is not None else config.getini(_INI)).strip()
    if text.lower() == _TODAY:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        source = "--qualcheck-as-of" if option is not None else "ini option qualcheck_as_of"
        raise pytest.UsageError(
            f"{source} must be a date (YYYY-MM-DD) or 'today', not {text!r}"
        ) from None


@pytest.fixture
def qualcheck_as_of(pytestconfig: pytest.Config) -> datetime.date:
    """The date the checks judge against (see the module's documentation)."""
    configured = _configured_as_of(pytestconfig)
    if configured is not None:
        return configured
    from qualcheck.numbers._dates import today

    return today()


@pytest.fixture
def qualcheck_policy() -> Policy:
    """The policy of ``qualcheck_verifier``: the defaults.  Redefine it to use your own."""
    from qualcheck.policy import DEFAULT_POLICY

    # a copy of its own for each test: a test that changes its ``decisions`` mapping
    # must not change the policy of the tests after it
    return DEFAULT_POLICY.model_copy(deep=True)


@pytest.fixture
def qualcheck_verifier(qualcheck_as_of: datetime.date, qualcheck_policy: Policy) -> Verifier:
    """A verifier with the fixed ``qualcheck_as_of`` and ``qualcheck_policy``."""
    from qualcheck._verify import Verifier

    return Verifier(as_of=qualcheck_as_of, policy=qualcheck_policy)


@pytest.fixture
def qualcheck_registry() -> MockRegistry:
    """An empty :class:`~qualcheck.testing.MockRegistry` (unknown queries: not found)."""
    from qualcheck.testing.mock_registry import MockRegistry

    return MockRegistry()


@pytest.fixture
def qualcheck_registry_verifier(
    qualcheck_as_of: datetime.date, qualcheck_policy: Policy, qualcheck_registry: MockRegistry
) -> Verifier:
    """A verifier with the fixed date and policy that confirms against
    ``qualcheck_registry``."""
    from qualcheck._verify import Verifier

    return Verifier(as_of=qualcheck_as_of, policy=qualcheck_policy, registry=qualcheck_registry)


def pytest_assertrepr_compare(
    config: pytest.Config, op: str, left: object, right: object
) -> list[str] | None:
    """Explain a failed ``==`` between two reports, or between a report and a decision."""
    report_module = sys.modules.get("qualcheck._report")
    if op != "==" or report_module is None:  # no report can exist before the module loads
        return None
    report_class: type[Report] = report_module.Report
    left_is = isinstance(left, report_class)
    right_is = isinstance(right, report_class)
    if left_is and right_is:
        return _compare_reports(left, right)  # type: ignore[arg-type]
    if left_is or right_is:
        report: Report = left if left_is else right  # type: ignore[assignment]
        other = right if left_is else left
        if isinstance(other, (Decision, str)):
            return _compare_with_decision(report, other)
    return None


def _compare_reports(left: Report, right: Report) -> list[str]:
    differing = [
        name for name in type(left).model_fields if getattr(left, name) != getattr(right, name)
    ]
    lines = ["two qualcheck reports differ in: " + ", ".join(differing)]
    if {"audit_id", "created_at"} & set(differing):
        lines.append("(every report has its own audit_id and created_at: compare")
        lines.append(" report.decision, report.codes or report.findings instead)")
    lines.extend(["left:", *_indented(left), "right:", *_indented(right)])
    return lines


def _compare_with_decision(report: Report, other: Any) -> list[str]:
    value = scrub(other.value if isinstance(other, Decision) else str(other))
    return [
        f"a qualcheck Report is never equal to a decision ({value!r}); the report's decision"
        f" is {report.decision.value!r}",
        "use assert_decision(report, ...) or compare report.decision",
        *format_report(report).splitlines(),
    ]


def _indented(report: Report) -> list[str]:
    return ["  " + line for line in format_report(report).splitlines()]
