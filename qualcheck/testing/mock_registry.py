"""A registry whose answers a test decides: :class:`MockRegistry`.

Platform tests need a registry they control — a company that exists, one that was
revoked, a registry that times out or rejects the credentials — without a network or a
real provider.  ``MockRegistry`` satisfies the :class:`~qualcheck.registries.Registry`
protocol (``lookup`` and ``alookup``), so the sync and the async verifier both use it.

* :meth:`MockRegistry.add_merchant` registers what a merchant record declares (name,
  USCC, legal representative, business scope, licences) as an active entity, so that the
  registry check passes it; :meth:`MockRegistry.add` takes any
  :class:`~qualcheck.registries.RegistryRecord`.
* :meth:`MockRegistry.force` fixes the outcome for one identifier (a USCC or a name);
  :meth:`MockRegistry.force_rule` for every query a predicate accepts; ``default`` is the
  outcome for queries nothing else answers.  An outcome about an entity that was never
  added answers with an entity made up from the query (name, USCC, legal
  representative); it says nothing about licences, so it brings the outcome's own
  finding and no ``registry.license_not_found``.
* ``calls`` lists every query asked, for assertions.

Outcomes (:data:`OUTCOMES`): ``found``, ``not_found``, ``revoked``, ``cancelled``,
``suspended``, ``status_unknown``, ``former_name``, ``legal_rep_changed``,
``unavailable``, ``timeout``, ``malformed``, ``auth_failure``, ``quota_exhausted``.  The
last two raise :class:`~qualcheck.registries.RegistryAbort`, as a real adapter does.

>>> import datetime, random
>>> from qualcheck import verify
>>> from qualcheck.testing import make_merchant
>>> as_of = datetime.date(2026, 11, 29)
>>> record = make_merchant("food_shop", as_of=as_of, rng=random.Random(3))
>>> registry = MockRegistry()
>>> registry.add_merchant(record).status.value
'active'
>>> verify(record, as_of=as_of, registry=registry).decision.value
'pass'
>>> registry.force(record["uscc"], "revoked")
>>> verify(record, as_of=as_of, registry=registry).codes
('registry.status_revoked',)
>>> registry.force(record["uscc"], "timeout")
>>> report = verify(record, as_of=as_of, registry=registry)
>>> report.decision.value, report.codes
('review', ('registry.unavailable',))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from qualcheck.checks.consistency import normalize_name
from qualcheck.checks.registry import LICENSE_KINDS
from qualcheck.exceptions import ConfigError
from qualcheck.models.documents import DOCUMENT_KINDS, document_kind
from qualcheck.registries import (
    LicenseRecord,
    LookupResult,
    RegistryAbort,
    RegistryQuery,
    RegistryRecord,
    normalize_identifier,
)

__all__ = ["OUTCOMES", "MockRegistry", "Outcome"]

Outcome = Literal[
    "found",
    "not_found",
    "revoked",
    "cancelled",
    "suspended",
    "status_unknown",
    "former_name",
    "legal_rep_changed",
    "unavailable",
    "timeout",
    "malformed",
    "auth_failure",
    "quota_exhausted",
]
OUTCOMES: tuple[str, ...] = get_args(Outcome)
"""Every outcome :meth:`MockRegistry.force` accepts."""

_STATUS_OF = {
    "revoked": "吊销，未注销",
    "cancelled": "注销",
    "suspended": "歇业",
    "status_unknown": "其他（待核实）",
}
_FAILURES = {
    "unavailable": ("http_503", "the mock registry answered 503"),
    "timeout": ("timeout", "the mock registry did not answer in time"),
    "malformed": ("malformed", "the mock registry's answer was not valid JSON"),
}
_ABORTS = {
    "auth_failure": ("auth", "the mock registry rejected the credentials"),
    "quota_exhausted": ("quota", "the mock registry's quota is exhausted"),
}


def _as_mapping(merchant: Any) -> Mapping[str, Any]:
    """A record dict, or a model's dump; anything else is a :class:`ConfigError`."""
    if hasattr(merchant, "model_dump"):
        merchant = merchant.model_dump(mode="json")
    if not isinstance(merchant, Mapping):
        raise ConfigError(
            f"add_merchant takes a merchant record (a dict or a Merchant),"
            f" not {type(merchant).__name__}"
        )
    return merchant


def _representative(merchant: Mapping[str, Any]) -> Any:
    """The legal representative's name, given as ``{"name": ...}`` or as the name."""
    given = merchant.get("legal_representative")
    return given.get("name") if isinstance(given, Mapping) else given or None


def _documents(merchant: Any) -> list[Mapping[str, Any]]:
    """The merchant's documents, each with its kind itself where a title names it."""
    merchant = _as_mapping(merchant)
    documents = [doc for doc in merchant.get("documents") or () if isinstance(doc, Mapping)]
    return [_with_kind(doc) for doc in documents]


def _with_kind(document: Mapping[str, Any]) -> Mapping[str, Any]:
    given = document.get("kind")
    if not isinstance(given, str) or given in DOCUMENT_KINDS:
        return document
    found = document_kind(given)
    return document if found is None else {**document, "kind": found[0]}


def _license(document: Mapping[str, Any]) -> LicenseRecord:
    validity = document.get("validity")
    loose = {key: document[key] for key in ("valid_from", "valid_to") if key in document}
    return LicenseRecord.model_validate(
        {
            "number": document["number"],
            "kind": document["kind"],
            "validity": validity if validity is not None else (loose or None),
            "scope": "；".join(document.get("scope") or ()) or None
            if not isinstance(document.get("scope"), str)
            else document["scope"],
        }
    )


@dataclass(frozen=True, slots=True)
class _Rule:
    accepts: Callable[[RegistryQuery], bool]
    outcome: str


class MockRegistry:
    """A registry for tests with forced outcomes (see the module docs)."""

    def __init__(
        self,
        records: Iterable[RegistryRecord | Mapping[str, Any]] = (),
        *,
        name: str = "mock",
        license_kinds: Iterable[str] | None = None,
        default: str = "not_found",
    ) -> None:
        self.name = name
        self.license_kinds = frozenset(LICENSE_KINDS if license_kinds is None else license_kinds)
        self.default = self._checked(default)
        self.calls: list[RegistryQuery] = []
        self._records: dict[str, RegistryRecord] = {}
        self._forced: dict[str, str] = {}
        self._rules: list[_Rule] = []
        for record in records:
            self.add(record)

    def __repr__(self) -> str:
        return f"MockRegistry(name={self.name!r}, records={len(self._records)})"

    @staticmethod
    def _checked(outcome: str) -> str:
        if outcome not in OUTCOMES:
            raise ConfigError(f"unknown outcome {outcome!r}; outcomes: {', '.join(OUTCOMES)}")
        return outcome

    @staticmethod
    def _keys(uscc: str | None, name: str | None) -> list[str]:
        keys = [normalize_identifier(uscc)] if uscc else []
        if name:
            keys.append("name:" + normalize_name(name))
        return keys

    def add(self, record: RegistryRecord | Mapping[str, Any]) -> None:
        """Register an entity (found by its USCC or its name)."""
        entity = record if isinstance(record, RegistryRecord) else RegistryRecord(**record)
        if not entity.source:
            entity = entity.model_copy(update={"source": self.name})
        for key in self._keys(entity.uscc, entity.name):
            self._records[key] = entity

    def add_merchant(self, merchant: Any, **changes: Any) -> RegistryRecord:
        """Register what ``merchant`` (a record dict or a :class:`~qualcheck.Merchant`)
        declares as an active entity holding its licences; ``changes`` override
        :class:`~qualcheck.registries.RegistryRecord` fields.  Returns the record."""
        data = _as_mapping(merchant)
        documents = _documents(data)
        licence = next((doc for doc in documents if doc.get("kind") == "business_license"), {})
        scope = licence.get("scope")
        # a licence without a number cannot be listed (nor found) by a registry
        licences = [
            _license(doc)
            for doc in documents
            if doc.get("kind") in LICENSE_KINDS and isinstance(doc.get("number"), str)
        ]
        fields: dict[str, Any] = {
            "name": data.get("name"),
            "uscc": data.get("uscc") or licence.get("number"),
            "legal_representative": _representative(data),
            "status": "存续（在营、开业、在册）",
            "scope": scope if isinstance(scope, str) else "；".join(scope or ()) or None,
            "licenses": licences,
            "source": self.name,
        }
        record = RegistryRecord(**{**fields, **changes})
        self.add(record)
        return record

    def force(self, identifier: str, outcome: str) -> None:
        """Answer every query about ``identifier`` (a USCC or a name) with ``outcome``."""
        self._checked(outcome)
        for key in self._keys(identifier, None) + self._keys(None, identifier):
            self._forced[key] = outcome

    def force_rule(self, accepts: Callable[[RegistryQuery], bool], outcome: str) -> None:
        """Answer every query ``accepts`` returns true for with ``outcome`` (rules are
        tried in the order given, after :meth:`force`)."""
        self._rules.append(_Rule(accepts, self._checked(outcome)))

    def clear(self) -> None:
        """Forget forced outcomes, rules and calls (records stay)."""
        self._forced.clear()
        self._rules.clear()
        self.calls.clear()

    def _outcome(self, query: RegistryQuery) -> tuple[str, RegistryRecord | None]:
        keys = self._keys(query.uscc, query.name)
        record = next((self._records[key] for key in keys if key in self._records), None)
        forced = next((self._forced[key] for key in keys if key in self._forced), None)
        if forced is None:
            forced = next((rule.outcome for rule in self._rules if rule.accepts(query)), None)
        if forced is None:
            forced = "found" if record is not None else self.default
        return forced, record

    def _entity(self, outcome: str, record: RegistryRecord | None, query: RegistryQuery) -> Any:
        if record is None:  # a forced outcome about an entity never added: make one up
            record = RegistryRecord.model_validate(
                {
                    "name": query.name,
                    "uscc": query.uscc,
                    "legal_representative": query.legal_representative,
                    "status": "存续",
                    "source": self.name,
                }
            )
        changes: dict[str, Any] = {}
        if outcome in _STATUS_OF:
            changes["status"] = _STATUS_OF[outcome]
        elif outcome == "former_name":
            changes = {"name": f"{record.name}（新）", "former_names": (record.name or "",)}
        elif outcome == "legal_rep_changed":
            changes["legal_representative"] = "新任代表"
        if changes:
            data = {**record.model_dump(), **changes}
            if "status" in changes:  # the new status's own spelling, not the old one's
                data.pop("status_raw", None)
            record = RegistryRecord(**data)
        wanted = set(query.license_kinds) & self.license_kinds
        licenses = tuple(lic for lic in record.licenses if lic.kind in wanted)
        return record.model_copy(update={"licenses": licenses})

    def lookup(self, query: RegistryQuery) -> LookupResult:
        """Answer ``query`` as forced (see the module docs)."""
        self.calls.append(query)
        outcome, record = self._outcome(query)
        if outcome in _ABORTS:
            reason, message = _ABORTS[outcome]
            raise RegistryAbort(message, source=self.name, reason=reason)
        if outcome in _FAILURES:
            reason, detail = _FAILURES[outcome]
            return LookupResult.failed(self.name, reason, detail)
        if outcome == "not_found":
            return LookupResult.not_found(self.name)
        # a made-up entity lists no licences and says so: its answer covers no licence kind
        kinds = (
            frozenset(query.license_kinds) & self.license_kinds
            if record is not None
            else frozenset()
        )
        return LookupResult.found(self._entity(outcome, record, query), license_kinds=kinds)

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        """:meth:`lookup`, awaitable."""
        return self.lookup(query)
