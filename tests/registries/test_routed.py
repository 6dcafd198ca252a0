"""RoutedRegistry: entity from one registry, licences by kind from others; fail closed."""

from __future__ import annotations

import asyncio
import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, verify
from qualcheck.exceptions import ConfigError
from qualcheck.registries import (
    LookupStatus,
    MemoryRegistry,
    RegistryAbort,
    RegistryQuery,
    RoutedRegistry,
)
from qualcheck.testing import MockRegistry, make_merchant

AS_OF = datetime.date(2026, 11, 29)


def pharmacy() -> dict[str, Any]:
    return make_merchant("pharmacy", as_of=AS_OF, rng=random.Random(21))


def split(record: dict[str, Any]) -> tuple[MockRegistry, MockRegistry]:
    companies = MockRegistry(name="companies", license_kinds=())
    companies.add_merchant(record, licenses=())
    drugs = MockRegistry(name="drug-authority", license_kinds={"drug_business", "drug_info"})
    drugs.add_merchant(record)
    return companies, drugs


def routed(record: dict[str, Any]) -> tuple[RoutedRegistry, MockRegistry, MockRegistry]:
    companies, drugs = split(record)
    return (
        RoutedRegistry(companies, {"drug_business": drugs, "drug_info": drugs}),
        companies,
        drugs,
    )


def run(registry: RoutedRegistry, query: RegistryQuery, mode: str) -> Any:
    if mode == "sync":
        return registry.lookup(query)
    return asyncio.run(registry.alookup(query))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_licences_come_from_the_registry_of_their_kind(mode: str) -> None:
    record = pharmacy()
    registry, companies, drugs = routed(record)
    query = RegistryQuery(uscc=record["uscc"], license_kinds=("drug_business", "drug_info"))
    result = run(registry, query, mode)
    assert result.status is LookupStatus.FOUND
    assert result.source == "companies"
    assert result.license_kinds == frozenset({"drug_business", "drug_info"})
    assert {lic.kind for lic in result.record.licenses} == {"drug_business", "drug_info"}
    assert companies.calls[0].license_kinds == ()
    assert set(drugs.calls[0].license_kinds) == {"drug_business", "drug_info"}
    assert len(drugs.calls) == 1  # one question per registry, not per kind


def test_the_engine_passes_a_matching_seller() -> None:
    record = pharmacy()
    registry, _, _ = routed(record)
    assert verify(record, as_of=AS_OF, registry=registry).decision is Decision.PASS


def test_a_licence_unknown_to_its_authority_is_not_found() -> None:
    record = pharmacy()
    companies, _ = split(record)
    drugs = MockRegistry(name="drug-authority", license_kinds={"drug_business"})
    registry = RoutedRegistry(companies, {"drug_business": drugs})
    report = verify(record, as_of=AS_OF, registry=registry)
    assert [c for c in report.codes if c.startswith("registry.")] == ["registry.license_not_found"]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_failed_licence_lookup_fails_the_whole_lookup(mode: str) -> None:
    record = pharmacy()
    registry, _, drugs = routed(record)
    drugs.force(record["uscc"], "timeout")
    query = RegistryQuery(uscc=record["uscc"], license_kinds=("drug_business",))
    result = run(registry, query, mode)
    assert (result.status, result.source, result.reason) == (
        LookupStatus.FAILED,
        "drug-authority",
        "timeout",
    )
    report = verify(record, as_of=AS_OF, registry=registry)
    assert "registry.unavailable" in report.codes
    assert report.decision is Decision.REVIEW


def test_the_entity_answer_wins_when_it_is_not_found() -> None:
    record = pharmacy()
    registry, companies, _ = routed(record)
    companies.force(record["uscc"], "not_found")
    report = verify(record, as_of=AS_OF, registry=registry)
    assert [c for c in report.codes if c.startswith("registry.")] == ["registry.not_found"]


def test_an_abort_from_a_licence_registry_stops_the_run() -> None:
    record = pharmacy()
    registry, _, drugs = routed(record)
    drugs.force(record["uscc"], "quota_exhausted")
    with pytest.raises(RegistryAbort):
        verify(record, as_of=AS_OF, registry=registry)


def test_a_route_to_a_registry_without_that_kind_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="does not list 'cma' licences"):
        RoutedRegistry(MemoryRegistry(), {"cma": MemoryRegistry(license_kinds=())})
