"""MockRegistry: forced outcomes per identifier and by rule, calls, the pytest fixtures."""

from __future__ import annotations

import asyncio
import datetime
import random

import pytest

from qualcheck import Merchant, Verifier
from qualcheck.exceptions import ConfigError
from qualcheck.registries import LookupStatus, Registry, RegistryAbort, RegistryQuery
from qualcheck.testing import OUTCOMES, MockRegistry, assert_decision, make_merchant

AS_OF = datetime.date(2026, 11, 29)


def record(seed: int = 1, profile: str = "food_shop") -> dict:
    return make_merchant(profile, as_of=AS_OF, rng=random.Random(seed))


def test_it_satisfies_the_registry_protocol() -> None:
    assert isinstance(MockRegistry(), Registry)


def test_unknown_queries_get_the_default() -> None:
    query = RegistryQuery(uscc="91350100M000100Y43")
    assert MockRegistry().lookup(query).status is LookupStatus.NOT_FOUND
    assert MockRegistry(default="timeout").lookup(query).reason == "timeout"
    found = MockRegistry(default="found").lookup(RegistryQuery(name="示例公司"))
    assert found.status is LookupStatus.FOUND  # a forced entity is made up from the query
    assert found.record is not None
    assert found.record.name == "示例公司"


def test_an_unknown_outcome_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="unknown outcome 'gone'"):
        MockRegistry().force("x", "gone")
    with pytest.raises(ConfigError):
        MockRegistry(default="gone")


def test_force_by_uscc_or_by_name() -> None:
    one, two = record(1), record(2)
    registry = MockRegistry()
    registry.add_merchant(one)
    registry.add_merchant(two)
    registry.force(one["name"], "cancelled")
    verifier = Verifier(as_of=AS_OF, registry=registry)
    assert verifier.verify(one).codes == ("registry.status_cancelled",)
    assert verifier.verify(two).codes == ()


def test_rules_apply_after_forced_identifiers() -> None:
    one, two = record(1), record(2)
    registry = MockRegistry()
    registry.add_merchant(one)
    registry.add_merchant(two)
    registry.force_rule(lambda query: bool(query.license_kinds), "unavailable")
    registry.force(one["uscc"], "revoked")
    verifier = Verifier(as_of=AS_OF, registry=registry)
    assert verifier.verify(one).codes == ("registry.status_revoked",)
    assert verifier.verify(two).codes == ("registry.unavailable",)


def test_calls_and_clear() -> None:
    one = record(1)
    registry = MockRegistry()
    registry.add_merchant(one)
    registry.force(one["uscc"], "timeout")
    Verifier(as_of=AS_OF, registry=registry).verify(one)
    assert [query.uscc for query in registry.calls] == [one["uscc"]]
    registry.clear()
    assert registry.calls == []
    assert Verifier(as_of=AS_OF, registry=registry).verify(one).codes == ()


def test_add_merchant_takes_a_model_and_changes() -> None:
    one = record(3, "pharmacy")
    registry = MockRegistry()
    entity = registry.add_merchant(Merchant.model_validate(one), status="停业")
    assert entity.status.value == "suspended"
    assert {lic.kind for lic in entity.licenses} == {"drug_business", "drug_info"}
    assert Verifier(as_of=AS_OF, registry=registry).verify(one).codes == (
        "registry.status_suspended",
    )


def test_only_the_licence_kinds_asked_are_listed() -> None:
    one = record(3, "pharmacy")
    registry = MockRegistry(license_kinds={"drug_business"})
    registry.add_merchant(one)
    result = registry.lookup(
        RegistryQuery(uscc=one["uscc"], license_kinds=("drug_business", "drug_info"))
    )
    assert result.license_kinds == frozenset({"drug_business"})
    assert result.record is not None
    assert {lic.kind for lic in result.record.licenses} == {"drug_business"}


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_outcome_works_sync_and_async(outcome: str) -> None:
    one = record(4)
    registry = MockRegistry()
    registry.add_merchant(one)
    registry.force(one["uscc"], outcome)
    verifier = Verifier(as_of=AS_OF, registry=registry)
    if outcome in ("auth_failure", "quota_exhausted"):
        with pytest.raises(RegistryAbort):
            verifier.verify(one)
        with pytest.raises(RegistryAbort):
            asyncio.run(verifier.averify(one))
        return
    sync, done = verifier.verify(one), asyncio.run(verifier.averify(one))
    assert sync.codes == done.codes
    if outcome == "found":
        assert sync.decision.value == "pass"
    else:
        assert sync.decision.value in ("review", "fail")


def test_the_fixtures(
    qualcheck_registry: MockRegistry,
    qualcheck_registry_verifier: Verifier,
    qualcheck_as_of: datetime.date,
) -> None:
    one = make_merchant("restaurant", as_of=qualcheck_as_of, rng=random.Random(9))
    assert qualcheck_registry_verifier.registry is qualcheck_registry
    assert_decision(qualcheck_registry_verifier.verify(one), "fail")  # not registered yet
    qualcheck_registry.add_merchant(one)
    assert_decision(qualcheck_registry_verifier.verify(one), "pass")


def test_a_merchant_whose_documents_are_named_by_title_is_registered_with_its_licences() -> None:
    titled = record(3)
    for document in titled["documents"]:
        document["kind"] = {"business_license": "营业执照", "food_business": "食品经营许可证"}.get(
            document["kind"], document["kind"]
        )
    registry = MockRegistry()
    entry = registry.add_merchant(titled)
    kinds = [document["kind"] for document in record(3)["documents"]]
    assert [licence.kind for licence in entry.licenses] == [
        kind for kind in kinds if kind != "business_license"
    ]
    assert entry.licenses
    assert Verifier(as_of=AS_OF, registry=registry).verify(titled).codes == ()
