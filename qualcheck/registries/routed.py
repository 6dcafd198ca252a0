"""Route look-ups by document kind: one registry for the entity, others for licences.

Platforms often confirm the entity with one source (a commercial API, the SQLite snapshot
of the business registry) and licences with another (a snapshot of the food or drug
authority's licence export).  :class:`RoutedRegistry` asks the entity registry about the
entity and, for each licence kind routed elsewhere, the registry that lists that kind,
and merges the answers into one :class:`~qualcheck.registries.LookupResult`.

It fails closed: if any of the registries asked could not answer, the whole look-up is
*failed* (the decision becomes *review*), naming the registry and its reason; one that
answered only in part (a licence listing that failed beside its record) makes the merged
answer incomplete, with its reason (``registry.incomplete``, *review*); an abort from any
of them stops the run.  There is no fallback: a registry that is down is not replaced by
another's answer.

>>> from qualcheck.registries import MemoryRegistry, RegistryQuery
>>> companies = MemoryRegistry([{"name": "示例食品有限公司", "uscc": "91350100M000100Y43",
...                              "status": "存续"}], name="companies", license_kinds=())
>>> food = MemoryRegistry([{"name": "示例食品有限公司", "uscc": "91350100M000100Y43",
...                         "licenses": [{"number": "JY13501000000017", "kind": "food_business"}]}],
...                       name="food-licences")
>>> routed = RoutedRegistry(companies, {"food_business": food})
>>> sorted(routed.license_kinds)
['food_business']
>>> result = routed.lookup(RegistryQuery(uscc="91350100M000100Y43",
...                                      license_kinds=("food_business",)))
>>> result.source, [lic.number for lic in result.record.licenses]
('companies', ['JY13501000000017'])
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterable, Mapping

from qualcheck.exceptions import ConfigError
from qualcheck.registries._protocol import Registry
from qualcheck.registries._record import LookupResult, LookupStatus, RegistryQuery

__all__ = ["RoutedRegistry"]


class RoutedRegistry:
    """Ask ``entity`` about the entity and ``licenses[kind]`` about licences of ``kind``.

    Licence kinds not routed are asked of ``entity`` (when it covers them).
    """

    def __init__(self, entity: Registry, licenses: Mapping[str, Registry]) -> None:
        for kind, registry in licenses.items():
            if kind not in registry.license_kinds:
                raise ConfigError(
                    f"routed registry: {registry.name!r} does not list {kind!r} licences"
                )
        self.entity = entity
        self.routes = dict(licenses)
        self.name = entity.name
        self.license_kinds = frozenset(entity.license_kinds) | frozenset(self.routes)

    def __repr__(self) -> str:
        routes = ", ".join(f"{kind}={reg.name}" for kind, reg in sorted(self.routes.items()))
        return f"RoutedRegistry(entity={self.entity.name!r}, {routes})"

    def _plan(
        self, query: RegistryQuery
    ) -> tuple[RegistryQuery, list[tuple[Registry, RegistryQuery]]]:
        own = tuple(kind for kind in query.license_kinds if kind not in self.routes)
        groups: dict[int, tuple[Registry, list[str]]] = {}
        for kind in query.license_kinds:
            registry = self.routes.get(kind)
            if registry is not None:
                groups.setdefault(id(registry), (registry, []))[1].append(kind)
        asks = [
            (registry, dataclasses.replace(query, license_kinds=tuple(kinds)))
            for registry, kinds in groups.values()
        ]
        return dataclasses.replace(query, license_kinds=own), asks

    @staticmethod
    def _merge(
        entity: LookupResult, answers: Iterable[tuple[Registry, RegistryQuery, LookupResult]]
    ) -> LookupResult:
        if entity.status is not LookupStatus.FOUND or entity.record is None:
            return entity
        licenses = list(entity.record.licenses)
        covered = set(entity.license_kinds)
        partial = entity
        for registry, asked, answer in answers:
            if answer.status is LookupStatus.FAILED:
                return LookupResult.failed(
                    registry.name,
                    answer.reason or "provider_error",
                    f"licence look-up at {registry.name} failed: {answer.detail or answer.reason}",
                    request_id=answer.request_id,
                    provider_code=answer.provider_code,
                )
            if answer.status is LookupStatus.FOUND:
                covered |= answer.license_kinds
                if answer.reason and not partial.reason:  # answered in part: say so
                    partial = dataclasses.replace(
                        partial,
                        reason=answer.reason,
                        detail=f"licence look-up at {registry.name}:"
                        f" {answer.detail or answer.reason}",
                        provider_code=answer.provider_code,
                    )
            else:  # the licence source knows no such holder: it lists none of the kinds asked
                covered |= set(asked.license_kinds) & registry.license_kinds
            if answer.record is not None:
                licenses.extend(answer.record.licenses)
        record = entity.record.model_copy(update={"licenses": tuple(licenses)})
        return dataclasses.replace(partial, record=record, license_kinds=frozenset(covered))

    def lookup(self, query: RegistryQuery) -> LookupResult:
        """Ask the entity registry, then each licence registry (blocking)."""
        own, asks = self._plan(query)
        entity = self.entity.lookup(own)
        if entity.status is not LookupStatus.FOUND:
            return entity
        return self._merge(
            entity, [(registry, sub, registry.lookup(sub)) for registry, sub in asks]
        )

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        """Ask every registry concurrently (in an event loop)."""
        own, asks = self._plan(query)
        answers = await asyncio.gather(
            self.entity.alookup(own), *(registry.alookup(sub) for registry, sub in asks)
        )
        merged = [(reg, sub, answer) for (reg, sub), answer in zip(asks, answers[1:], strict=True)]
        return self._merge(answers[0], merged)
