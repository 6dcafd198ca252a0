"""``iter_verify`` and ``averify_many``: input order, bounded concurrency and read-ahead,
registry aborts, early closing."""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from batch_helpers import AS_OF

from qualcheck import Verifier, averify_many, iter_verify
from qualcheck.exceptions import ConfigError
from qualcheck.registries import LookupResult, RegistryAbort, RegistryQuery
from qualcheck.testing import MockRegistry, make_merchant

RECORDS = [
    {**make_merchant("food_shop", as_of=AS_OF, rng=random.Random(seed)), "merchant_id": f"m-{seed}"}
    for seed in range(24)
]
IDS = [record["merchant_id"] for record in RECORDS]


class CountingRegistry:
    """Answers "not found" after a short, varying wait; counts look-ups in flight.  The
    USCC in ``abort_on`` raises :class:`RegistryAbort`."""

    name = "counting"
    license_kinds: frozenset[str] = frozenset()

    def __init__(self, abort_on: str | None = None, seed: int = 7) -> None:
        self.abort_on = abort_on
        self.in_flight = 0
        self.most = 0
        self.calls = 0
        self.aborted = False
        self.after_abort = 0  # look-ups started after one aborted
        self._lock = threading.Lock()
        self._delays = random.Random(seed)

    def _enter(self) -> float:
        with self._lock:
            self.calls += 1
            self.after_abort += self.aborted
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            return self._delays.uniform(0.005, 0.03)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _answer(self, query: RegistryQuery) -> LookupResult:
        if query.uscc == self.abort_on:
            self.aborted = True
            raise RegistryAbort("credentials rejected", source=self.name, reason="auth")
        return LookupResult.not_found(self.name)

    def lookup(self, query: RegistryQuery) -> LookupResult:
        delay = self._enter()
        try:
            time.sleep(delay)
            return self._answer(query)
        finally:
            self._leave()

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        delay = self._enter()
        try:
            await asyncio.sleep(delay)
            return self._answer(query)
        finally:
            self._leave()


class Source:
    """Records handed out one at a time, counting how many were taken."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.taken = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for record in self.records:
            self.taken += 1
            yield record

    async def aiter(self) -> AsyncIterator[dict[str, Any]]:
        for record in self.records:
            self.taken += 1
            await asyncio.sleep(0)
            yield record


# --------------------------------------------------------------------------- iter_verify


def test_iter_verify_without_registry_is_lazy_and_ordered() -> None:
    source = Source(RECORDS)
    reports = iter_verify(source, as_of=AS_OF)
    assert source.taken == 0
    first = next(reports)
    assert first.merchant_id == IDS[0]
    assert source.taken == 1
    assert [first.merchant_id] + [r.merchant_id for r in reports] == IDS


@pytest.mark.parametrize("concurrency", [1, 4])
def test_iter_verify_with_registry_keeps_order_and_bounds(concurrency: int) -> None:
    registry = CountingRegistry()
    source = Source(RECORDS)
    seen = []
    for report in iter_verify(source, as_of=AS_OF, registry=registry, concurrency=concurrency):
        seen.append(report.merchant_id)
        assert source.taken - len(seen) <= 4 * concurrency  # read-ahead is bounded
        assert report.registry is not None
        assert report.registry.status == "not_found"
    assert seen == IDS
    assert registry.calls == len(RECORDS)
    assert registry.most <= concurrency
    if concurrency > 1:
        assert registry.most > 1  # look-ups did overlap


def test_iter_verify_abort_yields_the_records_before_then_raises() -> None:
    abort_at = 10
    registry = CountingRegistry(abort_on=RECORDS[abort_at]["uscc"])
    seen: list[str | None] = []
    reports = iter_verify(RECORDS, as_of=AS_OF, registry=registry, concurrency=4)
    with pytest.raises(RegistryAbort, match="credentials rejected"):
        seen.extend(report.merchant_id for report in reports)
    assert seen == IDS[:abort_at]
    assert registry.in_flight == 0  # in-flight look-ups ended before the error
    assert registry.after_abort == 0  # what had not started was dropped
    assert registry.most <= 4


def test_iter_verify_closed_early_waits_for_lookups() -> None:
    registry = CountingRegistry()
    reports = iter_verify(RECORDS, as_of=AS_OF, registry=registry, concurrency=6)
    assert next(reports).merchant_id == IDS[0]
    reports.close()  # type: ignore[attr-defined]
    assert registry.in_flight == 0
    assert registry.calls <= 1 + 6 * 4


def test_iter_verify_takes_a_verifier_and_overrides() -> None:
    mock = MockRegistry()
    mock.add_merchant(RECORDS[0])
    verifier = Verifier(as_of=AS_OF, registry=mock)
    [report] = iter_verify(RECORDS[:1], verifier=verifier)
    assert report.registry is not None
    assert report.registry.status == "found"
    assert report.as_of == AS_OF
    later = AS_OF.replace(year=2027)
    [report] = iter_verify(RECORDS[:1], verifier=verifier, as_of=later)
    assert report.as_of == later


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_concurrency_must_be_a_positive_int(bad: Any) -> None:
    with pytest.raises(ConfigError, match="concurrency"):
        iter_verify(RECORDS, concurrency=bad)
    with pytest.raises(ConfigError, match="concurrency"):
        averify_many(RECORDS, concurrency=bad)


def test_unreadable_records_give_reports() -> None:
    reports = list(iter_verify(["{oops", 42, {"subject_type": "x"}], as_of=AS_OF))
    assert [r.decision.value for r in reports] == ["review", "review", "review"]
    assert reports[0].codes == ("record.not_json",)
    assert reports[1].codes == ("record.not_an_object",)


# --------------------------------------------------------------------------- averify_many


async def _collect(**options: Any) -> tuple[list[str | None], CountingRegistry, Source]:
    registry = options.pop("registry", None) or CountingRegistry()
    source = Source(RECORDS)
    records: Any = source.aiter() if options.pop("async_source", False) else source
    concurrency = options.get("concurrency", 16)
    seen: list[str | None] = []
    async for report in averify_many(records, as_of=AS_OF, registry=registry, **options):
        seen.append(report.merchant_id)
        assert source.taken - len(seen) <= 4 * concurrency
    return seen, registry, source


@pytest.mark.parametrize("async_source", [False, True])
def test_averify_many_ordered_and_bounded(async_source: bool) -> None:
    seen, registry, _ = asyncio.run(_collect(concurrency=5, async_source=async_source))
    assert seen == IDS
    assert 1 < registry.most <= 5


def test_averify_many_unordered_yields_every_report() -> None:
    seen, registry, _ = asyncio.run(_collect(concurrency=8, ordered=False))
    assert sorted(seen, key=str) == sorted(IDS)
    assert registry.most <= 8


@pytest.mark.parametrize("ordered", [True, False])
def test_averify_many_abort(ordered: bool) -> None:
    abort_at = 9
    registry = CountingRegistry(abort_on=RECORDS[abort_at]["uscc"])

    async def run() -> list[str | None]:
        seen: list[str | None] = []

        async def consume() -> None:
            async for report in averify_many(
                RECORDS, as_of=AS_OF, registry=registry, concurrency=4, ordered=ordered
            ):
                seen.append(report.merchant_id)

        with pytest.raises(RegistryAbort):
            await consume()
        return seen

    seen = asyncio.run(run())
    assert registry.in_flight == 0
    assert registry.after_abort == 0  # nothing started after the abort
    assert registry.most <= 4
    if ordered:  # the records before the aborting one
        assert seen == IDS[:abort_at]
    else:  # every record whose look-up had started, but the one that aborted
        assert IDS[abort_at] not in seen
        assert registry.calls == len(seen) + 1


def test_averify_many_closed_early_cancels_lookups() -> None:
    registry = CountingRegistry()

    async def run() -> str | None:
        stream = averify_many(RECORDS, as_of=AS_OF, registry=registry, concurrency=6)
        async with contextlib.aclosing(stream):  # type: ignore[type-var]
            async for report in stream:
                return report.merchant_id
        return None

    assert asyncio.run(run()) == IDS[0]
    assert registry.in_flight == 0


def test_averify_many_with_mock_registry_outcomes() -> None:
    mock = MockRegistry()
    for record in RECORDS[:3]:
        mock.add_merchant(record)
    mock.force(RECORDS[1]["uscc"], "revoked")
    mock.force(RECORDS[2]["uscc"], "timeout")

    async def run() -> list[Any]:
        return [r async for r in averify_many(RECORDS[:3], as_of=AS_OF, registry=mock)]

    reports = asyncio.run(run())
    assert [r.decision.value for r in reports] == ["pass", "fail", "review"]
    assert reports[1].codes == ("registry.status_revoked",)
    assert reports[2].codes == ("registry.unavailable",)
