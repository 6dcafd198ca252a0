"""The verification engine: a record in, a :class:`~qualcheck.Report` out.

>>> from qualcheck import verify
>>> report = verify({"subject_type": "enterprise", "name": "示例有限公司",
...                  "uscc": "91350100M000100Y43"}, as_of=datetime.date(2026, 11, 29))
>>> report.decision.value
'review'
>>> report.codes
('document.business_license_missing',)
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck._decision import Decision, combine
from qualcheck._record import read_record
from qualcheck._report import CheckOutcome, Report, ReportFinding
from qualcheck._version import __version__
from qualcheck.checks import CheckSkipped, CheckSpec, Context, default_checks
from qualcheck.numbers._dates import today
from qualcheck.policy import DEFAULT_POLICY, Policy

__all__ = ["USE_VERIFIER_DEFAULT", "Verifier", "iter_findings", "verify"]

define(
    Code(
        "engine.check_error",
        Severity.WARNING,
        "Check {check!r} could not run ({error}); the record needs review.",
        "核验项“{check}”未能执行（{error}），需要人工复核。",
        rule="fail closed: a check that could not run is never passed",
    ),
)

_UNREADABLE = "the record could not be read into a merchant"


class _UseDefault:
    """Sentinel: use the verifier's setting (``None`` is a meaningful value elsewhere)."""

    def __repr__(self) -> str:
        return "USE_VERIFIER_DEFAULT"


USE_VERIFIER_DEFAULT: Any = _UseDefault()


@dataclass(slots=True)
class _Run:
    """What one verification produced, gathered while findings stream out."""

    findings: list[ReportFinding] = field(default_factory=list)
    outcomes: list[CheckOutcome] = field(default_factory=list)
    errored: bool = False
    merchant_id: str | None = None


def digest(record: Any) -> str:
    """SHA-256 of the record as given (canonical JSON; a model is dumped first)."""
    if hasattr(record, "model_dump"):
        record = record.model_dump(mode="json")
    if isinstance(record, (bytes, bytearray)):
        payload = bytes(record)
    elif isinstance(record, str):
        payload = record.encode("utf-8", "surrogatepass")  # lone surrogates do occur
    else:
        try:
            text = json.dumps(
                record, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
            )
        except (TypeError, ValueError, RecursionError):  # keys that do not sort, cycles …
            try:  # still a digest: verify never raises for bad input
                text = repr(record)
            except RecursionError:  # nested too deeply even to print: the type stands in
                text = f"<{type(record).__name__} nested too deeply>"
        payload = text.encode("utf-8", "surrogatepass")
    return hashlib.sha256(payload).hexdigest()


def _run(
    record: Any, context: Context, checks: Sequence[CheckSpec], run: _Run
) -> Iterator[ReportFinding]:
    policy = context.policy
    merchant, problems, original_path = read_record(record, as_of=context.as_of)
    for finding in problems:
        wrapped = ReportFinding.of(finding, policy.decide(finding), "record")
        run.findings.append(wrapped)
        yield wrapped
    if merchant is None:
        run.errored = True  # no check could run: review at least, whatever the policy says
        run.outcomes.extend(
            CheckOutcome(name=spec.name, status="skipped", reason=_UNREADABLE) for spec in checks
        )
        return
    run.merchant_id = merchant.merchant_id
    for spec in checks:
        found = 0
        try:
            for finding in spec.run(merchant, context):
                found += 1
                if original_path is not None:  # entries were left out: name the input's places
                    finding = dataclasses.replace(finding, path=original_path(finding.path))
                wrapped = ReportFinding.of(finding, policy.decide(finding), spec.name)
                run.findings.append(wrapped)
                yield wrapped
        except CheckSkipped as skipped:
            run.outcomes.append(CheckOutcome(name=spec.name, status="skipped", reason=str(skipped)))
            continue
        except Exception as exc:  # fail closed: record the error, never pass
            run.errored = True
            error = Finding.of("engine.check_error", check=spec.name, error=type(exc).__name__)
            decision = combine([policy.decide(error), Decision.REVIEW])
            wrapped = ReportFinding.of(error, decision, spec.name)
            run.findings.append(wrapped)
            run.outcomes.append(
                CheckOutcome(name=spec.name, status="errored", reason=type(exc).__name__)
            )
            yield wrapped
            continue
        run.outcomes.append(CheckOutcome(name=spec.name, status="failed" if found else "passed"))


class Verifier:
    """Holds configuration — ``as_of``, ``policy``, the checks — for many verifications.

    **Parameters:**

    * ``as_of`` — the date the checks judge against; ``None`` (the default) means today
      in China, read at each verification.
    * ``policy`` — a :class:`~qualcheck.Policy` (default: the bundled defaults).
    * ``checks`` — the checks to run (default: every bundled check).
    """

    def __init__(
        self,
        *,
        as_of: datetime.date | None = None,
        policy: Policy | None = None,
        checks: Iterable[CheckSpec] | None = None,
    ) -> None:
        self.as_of = as_of
        self.policy = policy or DEFAULT_POLICY
        self.checks = tuple(checks) if checks is not None else default_checks()

    def _context(self, as_of: Any, policy: Any) -> Context:
        chosen_as_of = self.as_of if as_of is USE_VERIFIER_DEFAULT else as_of
        chosen_policy = self.policy if policy is USE_VERIFIER_DEFAULT else policy
        return Context(as_of=chosen_as_of or today(), policy=chosen_policy or DEFAULT_POLICY)

    def iter_findings(
        self, record: Any, *, as_of: Any = USE_VERIFIER_DEFAULT, policy: Any = USE_VERIFIER_DEFAULT
    ) -> Iterator[ReportFinding]:
        """Every finding, as the checks produce them (lazy)."""
        yield from _run(record, self._context(as_of, policy), self.checks, _Run())

    def verify(
        self, record: Any, *, as_of: Any = USE_VERIFIER_DEFAULT, policy: Any = USE_VERIFIER_DEFAULT
    ) -> Report:
        """Verify one record (a :class:`~qualcheck.Merchant`, a mapping or JSON text).

        Never raises for a business outcome or bad input: everything ends in the report.
        """
        context = self._context(as_of, policy)
        run = _Run()
        for _ in _run(record, context, self.checks, run):
            pass
        decisions = [finding.decision for finding in run.findings]
        if run.errored:
            decisions.append(Decision.REVIEW)
        return Report(
            decision=combine(decisions),
            findings=tuple(run.findings),
            checks=tuple(run.outcomes),
            as_of=context.as_of,
            merchant_id=run.merchant_id,
            input_digest=digest(record),
            audit_id=secrets.token_hex(16),
            qualcheck_version=__version__,
            created_at=datetime.datetime.now(datetime.timezone.utc),
        )


_DEFAULT_VERIFIER: list[Verifier] = []


def _default() -> Verifier:
    if not _DEFAULT_VERIFIER:
        _DEFAULT_VERIFIER.append(Verifier())
    return _DEFAULT_VERIFIER[0]


def verify(
    record: Any, *, as_of: datetime.date | None = None, policy: Policy | None = None
) -> Report:
    """Verify one merchant record with the bundled checks; see :class:`Verifier`."""
    return _default().verify(record, as_of=as_of, policy=policy)


def iter_findings(
    record: Any, *, as_of: datetime.date | None = None, policy: Policy | None = None
) -> Iterator[ReportFinding]:
    """Every finding about one record, lazily; see :meth:`Verifier.iter_findings`."""
    return _default().iter_findings(record, as_of=as_of, policy=policy)
