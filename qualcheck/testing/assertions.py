"""Assertions about a :class:`~qualcheck.Report` whose failure message shows the report.

A failing ``assert report.decision == "pass"`` only says that two values differ; these
helpers say why, by listing the decision, every finding and the checks that did not run::

    AssertionError: expected decision 'pass', got 'fail'
    report: decision fail as of 2026-01-01, 1 finding
      fail license.expired at $.documents[1].validity.valid_to: The food business ...
    checks not run:
      coverage: skipped (no categories declared)

Every message is passed through the engine's scrubber, so a resident-ID or mobile number
that a record holds in the wrong field (a name, a date) and a finding quotes back is
printed masked (``139****5678``), never whole.

The module imports no pydantic: the report class is only looked up when a report is
checked (by then it is loaded anyway).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qualcheck._decision import Decision
from qualcheck._scrub import scrub

if TYPE_CHECKING:
    from qualcheck._report import Report, ReportFinding

__all__ = ["assert_decision", "assert_finding", "assert_no_finding", "format_report"]


def format_report(report: Report) -> str:
    """The report as a few readable lines: decision, findings, checks that did not run.

    One finding a line, ``decision code at json_path: message``; checks that were skipped
    or errored follow with their reason.  ID and mobile numbers are masked.
    """
    count = len(report.findings)
    lines = [
        f"report: decision {report.decision.value} as of {report.as_of.isoformat()}, "
        f"{count} finding{'' if count == 1 else 's'}"
    ]
    lines.extend(f"  {_finding_line(finding)}" for finding in report.findings)
    not_run = [check for check in report.checks if check.status in ("skipped", "errored")]
    if not_run:
        lines.append("checks not run:")
        for check in not_run:
            reason = f" ({check.reason})" if check.reason else ""
            lines.append(f"  {check.name}: {check.status}{reason}")
    return scrub("\n".join(lines))


def assert_decision(report: Report, expected: str | Decision) -> None:
    """Assert that the report's decision is ``expected`` (``"pass"``, ``"review"``, ``"fail"``
    or a :class:`~qualcheck.Decision`)."""
    __tracebackhide__ = True
    _check_report(report)
    wanted = _decision(expected, "expected")
    if report.decision is not wanted:
        raise AssertionError(
            f"expected decision {wanted.value!r}, got {report.decision.value!r}\n"
            + format_report(report)
        )


def assert_finding(
    report: Report,
    code: str,
    *,
    path: str | None = None,
    decision: str | Decision | None = None,
) -> ReportFinding:
    """Assert that the report has a finding ``code``; return the first that matches.

    ``path`` narrows the search to one location, given as the finding's JSON path
    (``"$.documents[1].validity.valid_to"``; the leading ``$.`` may be left out);
    ``decision`` to the decision the finding calls for.
    """
    __tracebackhide__ = True
    _check_report(report)
    wanted_path = _json_path(path) if path is not None else None
    wanted_decision = _decision(decision, "decision") if decision is not None else None
    with_code = [finding for finding in report.findings if finding.code == code]
    for finding in with_code:
        if wanted_path is not None and finding.json_path != wanted_path:
            continue
        if wanted_decision is not None and finding.decision is not wanted_decision:
            continue
        return finding
    wanted = code
    if wanted_path is not None:
        wanted += f" at {wanted_path}"
    if wanted_decision is not None:
        wanted += f" with decision {wanted_decision.value!r}"
    if with_code:
        found = "; ".join(
            f"{finding.decision.value} at {finding.json_path}" for finding in with_code
        )
        detail = f"{code} was found, but not as asked: {found}"
    else:
        detail = f"no finding {code}"
    raise AssertionError(scrub(f"expected finding {wanted}: {detail}\n") + format_report(report))


def assert_no_finding(report: Report, code: str) -> None:
    """Assert that the report has no finding ``code``."""
    __tracebackhide__ = True
    _check_report(report)
    found = [finding for finding in report.findings if finding.code == code]
    if found:
        places = ", ".join(finding.json_path for finding in found)
        raise AssertionError(
            scrub(f"expected no finding {code}, found {len(found)} (at {places})\n")
            + format_report(report)
        )


def _finding_line(finding: ReportFinding) -> str:
    return f"{finding.decision.value} {finding.code} at {finding.json_path}: {finding.message}"


def _check_report(report: Any) -> None:
    __tracebackhide__ = True
    from qualcheck._report import Report

    if not isinstance(report, Report):
        raise TypeError(f"expected a qualcheck Report, got {type(report).__name__}")


def _decision(value: str | Decision, name: str) -> Decision:
    __tracebackhide__ = True  # its arguments may be personal: not in a traceback
    if isinstance(value, Decision):
        return value
    try:
        return Decision(value)
    except ValueError:
        choices = ", ".join(repr(d.value) for d in Decision)
        raise ValueError(scrub(f"{name} must be one of {choices}, not {value!r}")) from None


def _json_path(path: str) -> str:
    if path.startswith("$"):
        return path
    return "$" + path if path.startswith("[") else "$." + path
