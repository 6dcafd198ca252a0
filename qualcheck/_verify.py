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
import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck._decision import Decision, combine
from qualcheck._record import read_record
from qualcheck._report import (
    CheckOutcome,
    CheckStatus,
    RegistryLookup,
    Report,
    ReportFinding,
    assemble,
)
from qualcheck._scrub import scrub
from qualcheck._version import __version__
from qualcheck.checks import CheckSkipped, CheckSpec, Context, default_checks
from qualcheck.checks.categories import category_policy_for
from qualcheck.checks.registry import registry_query
from qualcheck.exceptions import ConfigError
from qualcheck.models.documents import DOCUMENT_KINDS
from qualcheck.numbers._dates import CHINA, today
from qualcheck.policy import DEFAULT_POLICY, Policy
from qualcheck.registries import LookupResult, Registry, RegistryAbort, RegistryQuery

if TYPE_CHECKING:
    from qualcheck.models import Merchant

__all__ = ["USE_VERIFIER_DEFAULT", "Verifier", "averify", "iter_findings", "verify"]

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
    """One verification: its date and policy, the record read into a merchant (``None``
    if it could not be), and what the checks produced, gathered while findings stream out.
    """

    as_of: datetime.date
    policy: Policy
    merchant: Merchant | None = None
    original_path: Callable[[tuple[str | int, ...]], tuple[str | int, ...]] | None = None
    """Maps model paths back to the input's (``None``: they are the same)."""
    validated: bool = False
    """The merchant was validated here, as of ``as_of``."""
    findings: list[ReportFinding] = field(default_factory=list)
    outcomes: list[CheckOutcome] = field(default_factory=list)
    errored: bool = False
    registry: RegistryLookup | None = None
    unread: frozenset[str | None] = frozenset()
    """The kinds of the documents that could not be read (``None``: of a kind not known,
    or the whole ``documents`` field): see :func:`_capped`."""


_CANONICAL_JSON = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str, check_circular=False
)
"""Canonical JSON for the digest, made once (a cycle ends in RecursionError, caught)."""


def _canonical_encoder() -> Callable[[Any], str]:
    """``_CANONICAL_JSON.encode`` for what the digest encodes (anything but ``str``): the
    C encoder it would make on every call, made once with the same settings (the same
    text), where the interpreter has one."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _CANONICAL_JSON.encode
    settings = _CANONICAL_JSON
    chunks = make(
        None,  # no markers: check_circular=False
        settings.default,
        json.encoder.encode_basestring,  # ensure_ascii=False
        settings.indent,
        settings.key_separator,
        settings.item_separator,
        settings.sort_keys,
        settings.skipkeys,
        settings.allow_nan,
    )

    def encode(value: Any) -> str:
        return "".join(chunks(value, 0))

    return encode


_encode_canonical = _canonical_encoder()


def digest(record: Any) -> str:
    """SHA-256 of the record as given (canonical JSON; a model is dumped first)."""
    if type(record) is dict:  # the common case, without the tests below
        try:
            text = _encode_canonical(record)
        except (TypeError, ValueError, RecursionError):
            text = _unencodable(record)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if hasattr(record, "model_dump"):
        try:
            record = record.model_dump(mode="json", warnings=False)
        except Exception:  # a model changed after validation (a value of no JSON type …)
            record = _unencodable(record)
    if isinstance(record, (bytes, bytearray)):
        payload = bytes(record)
    elif isinstance(record, str):
        payload = record.encode("utf-8", "surrogatepass")  # lone surrogates do occur
    else:
        try:
            text = _encode_canonical(record)
        except (TypeError, ValueError, RecursionError):  # keys that do not sort, cycles …
            text = _unencodable(record)
        payload = text.encode("utf-8", "surrogatepass")
    return hashlib.sha256(payload).hexdigest()


def _unencodable(record: Any) -> str:
    """The text the digest hashes for a record JSON cannot encode (keys that do not sort,
    cycles …): still a digest, since verify never raises for bad input."""
    try:
        return repr(record)
    except (RecursionError, ValueError) as exc:  # too deep or too long even to print
        return f"<{type(record).__name__}: {type(exc).__name__}>"


def _as_policy(value: object) -> Policy:
    """``value`` as the policy to use: the defaults for ``None``; anything but a
    :class:`~qualcheck.Policy` is a caller's mistake, said at once."""
    if value is None:
        return DEFAULT_POLICY
    if isinstance(value, Policy):
        return value
    raise TypeError(
        "policy must be a qualcheck.Policy (Policy(**options) or Policy.from_file(path)),"
        f" not {type(value).__name__}"
    )


@functools.lru_cache(maxsize=4096)
def _outcome(name: str, status: CheckStatus, reason: str | None) -> CheckOutcome:
    """A check's outcome; outcomes are frozen, so equal ones are shared."""
    return assemble(CheckOutcome, {"name": name, "status": status, "reason": reason})


def _read(record: Any, run: _Run, checks: Sequence[CheckSpec]) -> list[ReportFinding]:
    """Read the record into ``run``'s merchant; returns the problems (also in ``run``)."""
    policy = run.policy
    merchant, problems, run.original_path = read_record(record, as_of=run.as_of)
    if not problems and merchant is not None:  # the common case: a record read whole
        run.merchant, run.validated = merchant, merchant is not record
        return []
    wrapped = [ReportFinding.of(finding, policy.decide(finding), "record") for finding in problems]
    run.findings.extend(wrapped)
    run.unread = _unread_kinds(problems)
    if merchant is None:
        run.errored = True  # no check could run: review at least, whatever the policy says
        run.outcomes.extend(_outcome(spec.name, "skipped", _UNREADABLE) for spec in checks)
    else:
        run.merchant, run.validated = merchant, merchant is not record
    return wrapped


def _check(run: _Run, context: Context, checks: Sequence[CheckSpec]) -> Iterator[ReportFinding]:
    """Run the checks on the read merchant, streaming their findings into ``run``."""
    merchant, original_path, policy = run.merchant, run.original_path, run.policy
    if merchant is None:
        return
    for spec in checks:
        found = 0
        try:
            for finding in spec.function(merchant, context):  # spec.run, one frame less
                found += 1
                if original_path is not None:  # entries were left out: name the input's places
                    finding = dataclasses.replace(finding, path=original_path(finding.path))
                decision = _capped(finding, policy.decide(finding), run)
                wrapped = ReportFinding.of(finding, decision, spec.name)
                run.findings.append(wrapped)
                yield wrapped
        except CheckSkipped as skipped:
            run.outcomes.append(_outcome(spec.name, "skipped", str(skipped)))
            continue
        except Exception as exc:  # fail closed: record the error, never pass
            run.errored = True
            error = Finding.of("engine.check_error", check=spec.name, error=type(exc).__name__)
            decision = combine([policy.decide(error), Decision.REVIEW])
            wrapped = ReportFinding.of(error, decision, spec.name)
            run.findings.append(wrapped)
            run.outcomes.append(_outcome(spec.name, "errored", type(exc).__name__))
            yield wrapped
            continue
        run.outcomes.append(_outcome(spec.name, "failed" if found else "passed", None))


_SOUGHT = {
    "category.license_missing": frozenset(DOCUMENT_KINDS) - {"business_license", "identity"},
    "merchant.uscc_missing": frozenset({"business_license"}),
    "merchant.identity_missing": frozenset({"identity"}),
}
"""Findings that a document is missing, and the kinds of document each may look for (a
category's own kinds are asked of the category policy: :func:`_sought`)."""


def _unread_kinds(problems: Iterable[Finding]) -> frozenset[str | None]:
    """The kinds of the documents reading left out (``None`` for a document of a kind not
    known, and for a ``documents`` field that could not be read at all)."""
    kinds: set[str | None] = set()
    for problem in problems:
        if problem.path[:1] != ("documents",):
            continue
        if problem.code == "record.entry_dropped":
            kind = problem.ctx.get("kind")
            kinds.add(kind if isinstance(kind, str) else None)
        elif len(problem.path) == 1:  # documents given in a shape that cannot be read
            kinds.add(None)
    return frozenset(kinds)


def _sought(finding: Finding, policy: Policy) -> frozenset[str] | None:
    """The kinds of document ``finding`` says are missing (``None``: it says none is)."""
    sought = _SOUGHT.get(finding.code)
    if sought is None or finding.code != "category.license_missing":
        return sought
    try:
        category = category_policy_for(policy.categories_file).categories.get(
            str(finding.ctx.get("category"))
        )
    except Exception:  # the file changed under us: any licence may be the one
        return sought
    return sought if category is None else category.document_kinds


def _capped(finding: Finding, decision: Decision, run: _Run) -> Decision:
    """``decision``, but *review* for a *fail* finding that a document is missing when a
    document left out of the record as unreadable may be it: the record holds a document
    qualcheck could not read, which does not show that the seller has none (fail closed:
    a person looks)."""
    if decision is not Decision.FAIL or not run.unread:
        return decision
    sought = _sought(finding, run.policy)
    if sought is not None and (None in run.unread or not sought.isdisjoint(run.unread)):
        return Decision.REVIEW
    return decision


def _query(registry: Registry | None, run: _Run) -> tuple[RegistryQuery | None, str | None]:
    """The registry question for the read merchant, or why there is none."""
    if registry is None:
        return None, "no registry configured"
    if run.merchant is None:
        return None, _UNREADABLE
    query = registry_query(run.merchant, frozenset(registry.license_kinds))
    if query is None:
        return None, "natural-person sellers have no registration to look up"
    return query, None


def _lookup_failed(registry: Registry, exc: Exception) -> LookupResult:
    """A registry that raised instead of answering: a failed look-up (fail closed)."""
    source = str(getattr(registry, "name", "") or type(registry).__name__)
    return LookupResult.failed(
        source, "provider_error", f"the registry raised {type(exc).__name__}"
    )


def _answer(registry: Registry, result: object) -> LookupResult:
    """What a registry returned, if it is a :class:`LookupResult`; anything else (``None``
    from a branch that forgot to return, a provider's raw JSON) is a failed look-up — never
    "no registry", which would let the record pass (fail closed)."""
    if isinstance(result, LookupResult):
        return result
    source = str(getattr(registry, "name", "") or type(registry).__name__)
    return LookupResult.failed(
        source,
        "provider_error",
        f"the registry returned {type(result).__name__}, not a LookupResult",
    )


def _context(run: _Run, result: LookupResult | None, skip_reason: str | None) -> Context:
    """The checks' context: the run's date and policy, with the registry's answer."""
    if result is not None:
        run.registry = RegistryLookup.of(result)
    return Context(
        as_of=run.as_of,
        policy=run.policy,
        registry_result=result,
        registry_skip_reason=skip_reason,
        numbers_validated=run.validated,
    )


def _as_of_date(value: Any) -> datetime.date:
    """The day ``as_of`` names: a date; a datetime's day (in China time when it is aware).

    >>> _as_of_date(datetime.datetime(2026, 11, 28, 20, 0, tzinfo=datetime.timezone.utc))
    datetime.date(2026, 11, 29)
    >>> _as_of_date("2026-11-29")
    Traceback (most recent call last):
        ...
    TypeError: as_of must be a datetime.date, not str (convert text first, e.g. ...)
    """
    if type(value) is datetime.date:
        return value
    if isinstance(value, datetime.datetime):
        return (value.astimezone(CHINA) if value.tzinfo is not None else value).date()
    if isinstance(value, datetime.date):
        return value
    hint = (
        " (convert text first, e.g. datetime.date.fromisoformat('2026-11-29'))"
        if isinstance(value, str)
        else ""
    )
    raise TypeError(f"as_of must be a datetime.date, not {type(value).__name__}{hint}")


def _as_registry(value: object) -> Registry | None:
    """``value`` as the registry to ask: ``None``, or an object of the
    :class:`~qualcheck.registries.Registry` shape.  A path, a provider's name or an HTTP
    adapter given in its place is a caller's mistake, said at once — not an
    ``AttributeError`` at the first record, nor every record reviewed as if the registry
    were down.

    >>> _as_registry("examples/registry.sqlite")
    Traceback (most recent call last):
        ...
    TypeError: registry must be a registry object, not str: ...SqliteRegistry(path)...
    """
    if value is None:
        return None
    kind = type(value).__name__
    if isinstance(value, (str, bytes, os.PathLike)):
        raise TypeError(
            f"registry must be a registry object, not {kind}: open a snapshot with"
            " SqliteRegistry(path), or run a provider's adapter in HttpRegistry(adapter)"
            " (qualcheck.registries)"
        )
    if not (hasattr(value, "lookup") or hasattr(value, "alookup")) and hasattr(value, "flow"):
        raise TypeError(
            f"registry is an HTTP adapter ({kind}), not a registry: run it in the driver,"
            " HttpRegistry(adapter, DriverOptions(...)) (the 'registry' extra)"
        )
    missing = [name for name in ("license_kinds", "lookup") if not hasattr(value, name)]
    if missing == ["lookup"] and hasattr(value, "alookup"):
        missing = []  # an async-only registry, for averify
    if missing:
        raise TypeError(
            f"registry must have the shape of qualcheck.registries.Registry (name,"
            f" license_kinds, lookup, alookup); {kind} has no {' or '.join(missing)}"
        )
    return value  # type: ignore[return-value]  # checked above: it has the Registry shape


def _as_checks(value: Iterable[CheckSpec] | None) -> tuple[CheckSpec, ...]:
    """The checks to run: every bundled one for ``None``; otherwise
    :class:`~qualcheck.checks.CheckSpec` objects, at least one (a verifier without checks
    would pass every record: fail closed).

    >>> _as_checks(["identifiers"])
    Traceback (most recent call last):
        ...
    TypeError: checks must be CheckSpec objects (qualcheck.checks.default_checks()...), not str
    """
    if value is None:
        return default_checks()
    given: tuple[object, ...] = (value,) if isinstance(value, (str, bytes)) else tuple(value)
    checks = tuple(item for item in given if isinstance(item, CheckSpec))
    if len(checks) < len(given):
        wrong = next(item for item in given if not isinstance(item, CheckSpec))
        raise TypeError(
            "checks must be CheckSpec objects (qualcheck.checks.default_checks() lists"
            f" the bundled ones; select by their .name), not {type(wrong).__name__}"
        )
    if not checks:
        raise ConfigError("checks is empty: a verifier without checks would pass every record")
    return checks


class Verifier:
    """Holds configuration — ``as_of``, ``policy``, the checks, a registry — for many
    verifications.

    **Parameters:**

    * ``as_of`` — the date the checks judge against; ``None`` (the default) means today
      in China, read at each verification.  A ``datetime`` stands for its day (an aware
      one in China time); anything else raises ``TypeError``.
    * ``policy`` — a :class:`~qualcheck.Policy` (default: the bundled defaults).
    * ``checks`` — the checks to run, :class:`~qualcheck.checks.CheckSpec` objects
      (default: every bundled check); none at all is a ``ConfigError``.
    * ``registry`` — a registry to confirm each merchant against (any object with the
      :class:`~qualcheck.registries.Registry` shape: ``SqliteRegistry``, ``HttpRegistry``
      …); ``None`` skips the registry check.  A path or an HTTP adapter in its place is a
      ``TypeError``.  Its look-up failures make the decision *review*; a
      :class:`~qualcheck.registries.RegistryAbort` (bad credentials, quota) propagates
      and stops the run.
    """

    def __init__(
        self,
        *,
        as_of: datetime.date | None = None,
        policy: Policy | None = None,
        checks: Iterable[CheckSpec] | None = None,
        registry: Registry | None = None,
    ) -> None:
        self.as_of = None if as_of is None else _as_of_date(as_of)
        self.policy = _as_policy(policy)
        self.checks = _as_checks(checks)
        self.registry = _as_registry(registry)

    def _begin(self, as_of: Any, policy: Any) -> _Run:
        """A verification as of the chosen day, under the chosen policy."""
        chosen_as_of = self.as_of if as_of is USE_VERIFIER_DEFAULT else as_of
        chosen_policy = self.policy if policy is USE_VERIFIER_DEFAULT else policy
        day = today() if chosen_as_of is None else _as_of_date(chosen_as_of)
        return _Run(day, _as_policy(chosen_policy))

    def _registry(self, registry: Any) -> Registry | None:
        if registry is USE_VERIFIER_DEFAULT:
            return self.registry
        return _as_registry(registry)

    def _conclude(
        self, record: Any, run: _Run, answer: tuple[LookupResult | None, str | None]
    ) -> Report:
        """Run the checks on the read record, with the registry's answer, into a report."""
        for _ in _check(run, _context(run, *answer), self.checks):
            pass
        return _report(record, run)

    def _ask(self, registry: Registry | None, run: _Run) -> tuple[LookupResult | None, str | None]:
        query, skip_reason = _query(registry, run)
        if query is None or registry is None:
            return None, skip_reason
        try:
            return _answer(registry, registry.lookup(query)), None
        except RegistryAbort:
            raise
        except Exception as exc:  # a registry must answer; one that raises is a failed look-up
            return _lookup_failed(registry, exc), None

    async def _aask(
        self, registry: Registry | None, run: _Run
    ) -> tuple[LookupResult | None, str | None]:
        query, skip_reason = _query(registry, run)
        if query is None or registry is None:
            return None, skip_reason
        try:
            return _answer(registry, await registry.alookup(query)), None
        except RegistryAbort:
            raise
        except Exception as exc:  # as in _ask: fail closed
            return _lookup_failed(registry, exc), None

    def iter_findings(
        self,
        record: Any,
        *,
        as_of: Any = USE_VERIFIER_DEFAULT,
        policy: Any = USE_VERIFIER_DEFAULT,
        registry: Any = USE_VERIFIER_DEFAULT,
    ) -> Iterator[ReportFinding]:
        """Every finding, as the checks produce them (lazy)."""
        run = self._begin(as_of, policy)
        yield from _read(record, run, self.checks)
        answer = self._ask(self._registry(registry), run)
        yield from _check(run, _context(run, *answer), self.checks)

    def verify(
        self,
        record: Any,
        *,
        as_of: Any = USE_VERIFIER_DEFAULT,
        policy: Any = USE_VERIFIER_DEFAULT,
        registry: Any = USE_VERIFIER_DEFAULT,
    ) -> Report:
        """Verify one record (a :class:`~qualcheck.Merchant`, a mapping or JSON text).

        Never raises for a business outcome, bad input or a registry outage: everything
        ends in the report.  Only :class:`~qualcheck.registries.RegistryAbort` is raised.
        """
        run = self._begin(as_of, policy)
        _read(record, run, self.checks)
        return self._conclude(record, run, self._ask(self._registry(registry), run))

    async def averify(
        self,
        record: Any,
        *,
        as_of: Any = USE_VERIFIER_DEFAULT,
        policy: Any = USE_VERIFIER_DEFAULT,
        registry: Any = USE_VERIFIER_DEFAULT,
    ) -> Report:
        """:meth:`verify` in an event loop: the registry is asked with ``alookup``."""
        run = self._begin(as_of, policy)
        _read(record, run, self.checks)
        return self._conclude(record, run, await self._aask(self._registry(registry), run))


def _shown_id(merchant: Merchant | None) -> str | None:
    """The merchant's id as reports show it: a platform that keys its sellers by ID or
    phone number gets the number masked, as everywhere else (:func:`scrub`)."""
    if merchant is None or merchant.merchant_id is None:
        return None
    return scrub(merchant.merchant_id)


def _report(record: Any, run: _Run) -> Report:
    decisions = [finding.decision for finding in run.findings]
    if run.errored:
        decisions.append(Decision.REVIEW)
    return assemble(  # every part is built here: no re-validation
        Report,
        {
            "decision": combine(decisions),
            "findings": tuple(run.findings),
            "checks": tuple(run.outcomes),
            "as_of": run.as_of,
            "merchant_id": _shown_id(run.merchant),
            "registry": run.registry,
            "input_digest": digest(record),
            "audit_id": os.urandom(16).hex(),  # secrets.token_hex(16), one call less
            "qualcheck_version": __version__,
            "created_at": datetime.datetime.now(datetime.timezone.utc),
        },
    )


_DEFAULT_VERIFIER: list[Verifier] = []


def _default() -> Verifier:
    if not _DEFAULT_VERIFIER:
        _DEFAULT_VERIFIER.append(Verifier())
    return _DEFAULT_VERIFIER[0]


def verify(
    record: Any,
    *,
    as_of: datetime.date | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> Report:
    """Verify one merchant record with the bundled checks; see :class:`Verifier`."""
    return _default().verify(record, as_of=as_of, policy=policy, registry=registry)


async def averify(
    record: Any,
    *,
    as_of: datetime.date | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> Report:
    """Verify one merchant record in an event loop; see :meth:`Verifier.averify`."""
    return await _default().averify(record, as_of=as_of, policy=policy, registry=registry)


def iter_findings(
    record: Any,
    *,
    as_of: datetime.date | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> Iterator[ReportFinding]:
    """Every finding about one record, lazily; see :meth:`Verifier.iter_findings`."""
    return _default().iter_findings(record, as_of=as_of, policy=policy, registry=registry)
