"""An in-memory registry: records held in a dict, for tests, examples and small tools.

:class:`MemoryRegistry` answers :class:`~qualcheck.registries.RegistryQuery` objects the
way the embedded SQLite snapshot does — same look-up order, same licence rules — from
:class:`~qualcheck.registries.RegistryRecord` objects (or mappings) given to it.

Look-up order: the query's ``uscc`` as a USCC, then as a registration number (a 15-digit
注册号 may stand in the ``uscc`` field); only when the query has no identifier, its
``name`` — the current name first, else a former name (曾用名).  An identifier that is not
registered is *not found* even when the name is: falling back to the name would confirm a
seller whose number names nobody.  Several entities of one name are narrowed by the
declared legal representative; if still several, the look-up fails with the reason
``ambiguous`` (a person decides).

A found record lists only its licences of the kinds the query asks for (none when it asks
none) that the registry covers; ``license_kinds`` of the result says which kinds those
are, so that a licence missing from the list means "not registered" only where the
registry could have listed it.

>>> from qualcheck.registries import RegistryQuery
>>> registry = MemoryRegistry([{
...     "name": "示例有限公司", "uscc": "91350100M000100Y43", "status": "存续",
...     "former_names": ["示例旧名有限公司"], "legal_representative": "张三",
...     "licenses": [{"number": "JY13501000000019", "kind": "food_business"}],
... }])
>>> result = registry.lookup(RegistryQuery(name="示例旧名有限公司"))
>>> result.status.value, result.record.name, result.record.licenses
('found', '示例有限公司', ())
>>> result = registry.lookup(RegistryQuery(uscc="91350100M000100Y43",
...                                        license_kinds=("food_business",)))
>>> [lic.number for lic in result.record.licenses], sorted(result.license_kinds)
(['JY13501000000019'], ['food_business'])
>>> registry.lookup(RegistryQuery(uscc="91110000600037341L", name="示例有限公司")).status.value
'not_found'
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from qualcheck.checks.consistency import normalize_name
from qualcheck.registries._record import LookupResult, RegistryQuery, RegistryRecord
from qualcheck.registries._rows import LICENSE_DOCUMENT_KINDS

__all__ = ["MemoryRegistry"]

T = TypeVar("T")


class MemoryRegistry:
    """A registry held in memory (see the module documentation).

    ``license_kinds`` are the licence kinds the registry covers — by default every
    licence document kind (``food_business``, ``drug_business`` … all but the business
    licence and identity documents).  A record added with the USCC (or, lacking one, the
    registration number) of an earlier one replaces it.  Safe to use from several threads.
    """

    def __init__(
        self,
        records: Iterable[RegistryRecord | Mapping[str, Any]] = (),
        *,
        name: str = "memory",
        license_kinds: Iterable[str] | None = None,
    ) -> None:
        self.name = name
        self.license_kinds: frozenset[str] = (
            frozenset(license_kinds) if license_kinds is not None else LICENSE_DOCUMENT_KINDS
        )
        self._lock = threading.Lock()
        self._records: dict[int, RegistryRecord] = {}
        self._next = 0
        self._by_uscc: dict[str, int] = {}
        self._by_registration: dict[str, int] = {}
        self._by_name: dict[str, set[int]] = {}
        self._by_former_name: dict[str, set[int]] = {}
        for record in records:
            self.add(record)

    def __len__(self) -> int:
        return len(self._records)

    def __repr__(self) -> str:
        return f"MemoryRegistry(name={self.name!r}, records={len(self)})"

    def add(self, record: RegistryRecord | Mapping[str, Any]) -> RegistryRecord:
        """Add (or replace) one record; mappings are read as :class:`RegistryRecord`."""
        if not isinstance(record, RegistryRecord):
            record = RegistryRecord.model_validate(record)
        with self._lock:
            slot = self._by_uscc.get(record.uscc) if record.uscc else None
            if slot is None and record.registration_number:
                slot = self._by_registration.get(record.registration_number)
            if slot is None:
                slot, self._next = self._next, self._next + 1
            else:
                self._unindex(slot)
            self._records[slot] = record
            self._index(slot, record)
        return record

    def _index(self, slot: int, record: RegistryRecord) -> None:
        if record.uscc:
            self._by_uscc[record.uscc] = slot
        if record.registration_number:
            self._by_registration[record.registration_number] = slot
        if record.name:
            self._by_name.setdefault(normalize_name(record.name), set()).add(slot)
        for former in record.former_names:
            self._by_former_name.setdefault(normalize_name(former), set()).add(slot)

    def _unindex(self, slot: int) -> None:
        old = self._records.pop(slot)
        if old.uscc and self._by_uscc.get(old.uscc) == slot:
            del self._by_uscc[old.uscc]
        number = old.registration_number
        if number and self._by_registration.get(number) == slot:
            del self._by_registration[number]
        names = [(self._by_name, old.name)] if old.name else []
        names += [(self._by_former_name, former) for former in old.former_names]
        for index, name in names:
            slots = index.get(normalize_name(name))
            if slots is not None:
                slots.discard(slot)
                if not slots:
                    del index[normalize_name(name)]

    def lookup(self, query: RegistryQuery) -> LookupResult:
        """Answer ``query`` from the records held (never raises)."""
        with self._lock:
            if query.uscc:
                slot = self._by_uscc.get(query.uscc)
                if slot is None:
                    slot = self._by_registration.get(query.uscc)
                candidates = [self._records[slot]] if slot is not None else []
            else:
                key = normalize_name(query.name or "")
                current = [self._records[s] for s in sorted(self._by_name.get(key, ()))]
                former = [self._records[s] for s in sorted(self._by_former_name.get(key, ()))]
                candidates = by_name(
                    current, former, query.legal_representative, lambda r: r.legal_representative
                )
        if not candidates:
            return LookupResult.not_found(self.name)
        if len(candidates) > 1:
            return ambiguous(self.name, query, len(candidates))
        record = candidates[0]
        fetched = record.fetched_at or datetime.datetime.now(datetime.timezone.utc)
        return found(
            record, query, source=self.name, covered=self.license_kinds, fetched_at=fetched
        )

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        """:meth:`lookup`, run inline: a few dictionary look-ups never block the loop."""
        return self.lookup(query)


# --- shared with the SQLite registry -----------------------------------------------------


def by_name(
    current: Sequence[T],
    former: Sequence[T],
    legal_representative: str | None,
    representative: Callable[[T], str | None],
) -> list[T]:
    """The entities a name look-up answers with: those of that current name, else those
    with it as a former name; several are narrowed by the declared legal representative
    (kept all when none matches)."""
    pool = list(current) or list(former)
    if len(pool) > 1 and legal_representative:
        wanted = normalize_name(legal_representative)
        same = [item for item in pool if normalize_name(representative(item) or "") == wanted]
        pool = same or pool
    return pool


def ambiguous(source: str, query: RegistryQuery, count: int) -> LookupResult:
    """A name look-up that found several entities: failed, reason ``ambiguous``."""
    return LookupResult.failed(
        source,
        "ambiguous",
        f"{count} registered entities are named {query.name!r}; look up by USCC",
    )


def found(
    record: RegistryRecord,
    query: RegistryQuery,
    *,
    source: str,
    covered: frozenset[str],
    fetched_at: datetime.datetime,
) -> LookupResult:
    """The found answer: ``record`` with only its licences of the asked, covered kinds."""
    asked = frozenset(query.license_kinds) & covered
    licenses = tuple(lic for lic in record.licenses if lic.kind in asked)
    answer = record.model_copy(
        update={"licenses": licenses, "source": source, "fetched_at": fetched_at}
    )
    return LookupResult.found(answer, license_kinds=asked)
