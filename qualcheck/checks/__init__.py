"""The checks the engine runs on a merchant, and how to add one.

A check is a small generator function that receives the merchant and a
:class:`Context` (the ``as_of`` date and the policy) and yields
:class:`~qualcheck.Finding` objects with their ``path`` set.  It never decides pass or
fail — the policy does.  It raises :class:`CheckSkipped` when it does not apply (the
report records that it was skipped and why); any other exception is recorded as an
error and makes the decision at least *review*.

Checks register themselves with the :func:`check` decorator, which names the finding
codes they may emit; the docstring's first line is the check's title in the catalogue.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qualcheck import numbers
from qualcheck._codes import Finding
from qualcheck.numbers._dates import CHINA
from qualcheck.policy import Policy

if TYPE_CHECKING:
    from qualcheck.models import Merchant
    from qualcheck.registries import LookupResult

__all__ = [
    "CHECK_MODULES",
    "CheckFunction",
    "CheckSkipped",
    "CheckSpec",
    "Context",
    "at",
    "check",
    "default_checks",
]

CHECK_MODULES = (
    "qualcheck.checks.identifiers",
    "qualcheck.checks.validity",
    "qualcheck.checks.consistency",
    "qualcheck.checks.coverage",
    "qualcheck.checks.lifecycle",
    "qualcheck.checks.registry",
)
"""The modules of the bundled checks, in the order they run."""


@dataclass(frozen=True, slots=True)
class Context:
    """What every check may read: the date it judges as of, the policy, and the
    registry's answer about the merchant when a registry was asked (``registry_result``;
    ``registry_skip_reason`` says why there is none).

    A context lives for one verification; :meth:`number_findings` remembers each number's
    findings so that checks share them (a USCC appears on the record and on every licence).
    ``numbers_validated`` is true when the engine itself validated the merchant's typed
    numbers as of ``as_of`` (it read the record): only their soft rules are left to run.
    """

    as_of: datetime.date
    policy: Policy
    registry_result: LookupResult | None = None
    registry_skip_reason: str | None = None
    numbers_validated: bool = False
    _numbers: dict[tuple[str, str], tuple[Finding, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # a datetime is a date to the type checker, but it cannot be compared with the
        # documents' dates: its day, in China when it is aware (as verify reads it)
        as_of = self.as_of
        if type(as_of) is not datetime.date and isinstance(as_of, datetime.datetime):
            if as_of.tzinfo is not None:
                as_of = as_of.astimezone(CHINA)
            object.__setattr__(self, "as_of", as_of.date())

    def number_findings(self, kind: str, value: str) -> tuple[Finding, ...]:
        """The ``qualcheck.numbers`` findings of ``value`` as ``kind`` on ``as_of``, computed
        once per verification (``value`` is a typed field of the merchant)."""
        key = (kind, value)
        found = self._numbers.get(key)
        if found is None:
            if self.numbers_validated:
                found = numbers.soft_findings(kind, value, as_of=self.as_of)
            else:
                found = numbers.findings(kind, value, as_of=self.as_of)
            self._numbers[key] = found
        return found


CheckFunction = Callable[["Merchant", Context], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check: its name, function, the codes it may emit and its title."""

    name: str
    function: CheckFunction
    codes: tuple[str, ...]
    title: str

    def run(self, merchant: Merchant, context: Context) -> Iterator[Finding]:
        """Run the check (exceptions propagate; the engine records them)."""
        yield from self.function(merchant, context)


class CheckSkipped(Exception):
    """Raised by a check that does not apply to this merchant; the message says why."""


_REGISTRY: dict[str, CheckSpec] = {}


def check(name: str, *, codes: Iterable[str]) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under ``name`` that may emit ``codes``."""

    def register(function: CheckFunction) -> CheckFunction:
        doc = (function.__doc__ or "").strip()
        if not doc:
            raise ValueError(f"check {name!r} needs a docstring: it is the catalogue text")
        if name in _REGISTRY and _REGISTRY[name].function is not function:
            raise ValueError(f"a check named {name!r} is already registered")
        _REGISTRY[name] = CheckSpec(name, function, tuple(codes), doc.splitlines()[0])
        return function

    return register


def default_checks() -> tuple[CheckSpec, ...]:
    """Every bundled check, in running order (the order of :data:`CHECK_MODULES`, whatever
    order they were imported in; checks registered from elsewhere come last)."""
    for module in CHECK_MODULES:
        importlib.import_module(module)
    rank = {module: index for index, module in enumerate(CHECK_MODULES)}
    return tuple(
        sorted(_REGISTRY.values(), key=lambda spec: rank.get(spec.function.__module__, len(rank)))
    )


def at(finding: Finding, *path: str | int) -> Finding:
    """``finding`` located at ``path`` inside the record (prefixing any path it has).

    Built with the constructor, in field order (``dataclasses.replace`` costs twice as much
    and this runs for every finding)."""
    return Finding(
        finding.code,
        finding.severity,
        finding.message,
        finding.message_zh,
        finding.position,
        finding.rule,
        finding.ctx,
        (*path, *finding.path),
    )
