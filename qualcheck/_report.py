"""The report of a verification: a decision with the findings and checks behind it."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, computed_field

from qualcheck._codes import Finding, Severity
from qualcheck._decision import Decision
from qualcheck.exceptions import QualcheckError

__all__ = ["CheckOutcome", "Report", "ReportFinding", "VerificationFailed"]

CheckStatus = Literal["passed", "failed", "skipped", "errored"]

_Model = TypeVar("_Model", bound=BaseModel)
_set_attribute = object.__setattr__


def assemble(cls: type[_Model], values: dict[str, Any]) -> _Model:
    """An instance of ``cls`` from ``values``, which hold every field, already valid.

    What ``model_construct`` does for the engine's result objects, without its per-field
    bookkeeping (defaults, aliases), which costs several µs per object; ``values`` becomes
    the instance's ``__dict__``, so the caller hands over a fresh dict.
    """
    instance = cls.__new__(cls)
    _set_attribute(instance, "__dict__", values)
    _set_attribute(instance, "__pydantic_fields_set__", set(values))
    _set_attribute(instance, "__pydantic_extra__", None)
    _set_attribute(instance, "__pydantic_private__", None)
    return instance


def json_path(path: Iterable[str | int]) -> str:
    """``('documents', 1, 'validity')`` → ``'$.documents[1].validity'``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


class ReportFinding(BaseModel):
    """A finding as it appears in a report: the finding, its decision and its origin."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    decision: Decision
    path: tuple[str | int, ...] = ()
    message: str
    message_zh: str
    ctx: dict[str, Any] = Field(default_factory=dict)
    check: str
    rule: str | None = None
    position: int | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def json_path(self) -> str:
        """The location in the record, e.g. ``$.documents[1].validity``."""
        return json_path(self.path)

    @classmethod
    def of(cls, finding: Finding, decision: Decision, check: str) -> ReportFinding:
        """Wrap an engine finding (no re-validation: the engine built every part)."""
        return assemble(
            cls,
            {
                "code": finding.code,
                "severity": finding.severity,
                "decision": decision,
                "path": finding.path,
                "message": finding.message,
                "message_zh": finding.message_zh,
                "ctx": dict(finding.ctx),
                "check": check,
                "rule": finding.rule,
                "position": finding.position,
            },
        )


class CheckOutcome(BaseModel):
    """What became of one check: passed, failed (it found something), skipped or errored."""

    model_config = ConfigDict(frozen=True)

    name: str
    status: CheckStatus
    reason: str | None = None


class RegistryLookup(BaseModel):
    """Which registry was asked about the merchant, when, and how it ended — kept in the
    report for the audit trail whatever the decision."""

    model_config = ConfigDict(frozen=True)

    source: str
    status: Literal["found", "not_found", "failed"]
    fetched_at: datetime.datetime
    request_id: str | None = None
    reason: str | None = None
    cached: bool = False

    @classmethod
    def of(cls, result: Any) -> RegistryLookup:
        """The evidence of a :class:`~qualcheck.registries.LookupResult`."""
        return cls(
            source=result.source,
            status=result.status.value,
            fetched_at=result.fetched_at,
            request_id=result.request_id,
            reason=result.reason,
            cached=result.cached,
        )


class Report(BaseModel):
    """The answer of :func:`qualcheck.verify`.

    ``decision`` is the largest decision any finding calls for (``review`` at least when
    a check errored); ``input_digest`` is the SHA-256 of the record as given, for the
    audit trail; personal data never appears in the report.
    """

    model_config = ConfigDict(frozen=True)

    decision: Decision
    findings: tuple[ReportFinding, ...] = ()
    checks: tuple[CheckOutcome, ...] = ()
    as_of: datetime.date
    merchant_id: str | None = None
    registry: RegistryLookup | None = None
    input_digest: str
    audit_id: str
    qualcheck_version: str
    created_at: datetime.datetime

    @property
    def passed(self) -> bool:
        """True if the decision is ``pass``."""
        return self.decision is Decision.PASS

    @property
    def codes(self) -> tuple[str, ...]:
        """The finding codes, in report order."""
        return tuple(finding.code for finding in self.findings)

    @property
    def best_finding(self) -> ReportFinding | None:
        """The finding to show a person first.

        Relevance: the decision it calls for (fail first), then severity, then the
        shallowest path, then report order.  The heuristic may change between versions.
        """
        if not self.findings:
            return None
        ranked = sorted(
            enumerate(self.findings),
            key=lambda item: (
                -item[1].decision.rank,
                -item[1].severity.rank,
                len(item[1].path),
                item[0],
            ),
        )
        return ranked[0][1]

    def by_path(self) -> dict[str, list[ReportFinding]]:
        """Findings grouped by JSON path (``'$'`` for the record as a whole)."""
        grouped: dict[str, list[ReportFinding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.json_path, []).append(finding)
        return grouped

    def to_json(self, *, indent: int | None = None) -> str:
        """The report as JSON (UTF-8 text kept readable)."""
        data = self.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, indent=indent, separators=_separators(indent))

    def to_pydantic_errors(self) -> list[dict[str, Any]]:
        """Findings that are not ``pass`` as pydantic-style error dicts (type, loc, msg, ctx)."""
        return [
            {"type": f.code, "loc": f.path, "msg": f.message, "ctx": f.ctx}
            for f in self.findings
            if f.decision is not Decision.PASS
        ]

    def raise_for_decision(self, *, allow_review: bool = False) -> Report:
        """Raise :class:`VerificationFailed` unless the decision is pass (or review, when
        ``allow_review``); returns the report so that calls chain."""
        if self.decision is Decision.FAIL or (
            self.decision is Decision.REVIEW and not allow_review
        ):
            raise VerificationFailed(self)
        return self


def _separators(indent: int | None) -> tuple[str, str]:
    return (",", ": ") if indent is not None else (",", ":")


class VerificationFailed(QualcheckError):
    """The decision was not acceptable; ``report`` holds the whole report."""

    def __init__(self, report: Report) -> None:
        self.report = report
        best = report.best_finding
        reason = f": {best.code} at {best.json_path}: {best.message}" if best else ""
        super().__init__(f"verification decision is {report.decision.value}{reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Rebuilt from the report: pickled (a process pool, a task queue) or copied, the
        exception keeps its report."""
        return (type(self), (self.report,))
