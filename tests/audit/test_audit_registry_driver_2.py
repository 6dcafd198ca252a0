"""Audit, round 2, of the registry driver: retries, rate limit, breaker, cache, concurrency.

Everything here goes over real HTTP to the loopback ``RegistryServer``.  The contract
(docs/registries/driver.md): transient failures (429 with ``Retry-After`` in seconds or as
an HTTP date, 5xx, resets, a body cut by the read timeout) are retried within the
deadline; 4xx never are, 401/403 abort; the rate limit holds under 200 concurrent
look-ups; the breaker opens after ``breaker_fail_max`` outages, lets **one** trial through
and is per registry; only answers are cached, each for its own time, under a key that no
other query shares; a broken disk cache never breaks or holds a look-up; a driver used
after ``fork`` never mixes its answers with the parent's; and every failure ends in
REVIEW with a finding that says why.

Cases covered by test_audit_registry_faults*.py and tests/registries are not repeated.
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import email.utils
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from audit_support import (
    AS_OF,
    assert_review,
    company_request,
    company_result,
    food_shop,
    registry_merchant,
)

from qualcheck import Decision, Report, averify, verify
from qualcheck.exceptions import ConfigError
from qualcheck.registries import (
    LicenseRecord,
    LookupResult,
    LookupStatus,
    MemoryRegistry,
    RegistryAbort,
    RegistryQuery,
    RegistryRecord,
    RoutedRegistry,
    Step,
)
from qualcheck.registries.driver import DriverOptions, HttpRegistry
from qualcheck.registries.tianyancha import TianyanchaAdapter
from qualcheck.testing.provider_emulators import TianyanchaEmulator
from qualcheck.testing.registry_server import Incoming, RegistryServer, Reply

USCC = "91350100M000100Y43"
OTHER_USCC = "91110000600037341L"
NAME = "福州示例食品有限公司"
REP = "王五"
MERCHANT = registry_merchant("driver2-1", USCC, NAME, REP)


def company(uscc: str, name: str = NAME, rep: str = REP) -> dict[str, Any]:
    return {"uscc": uscc, "name": name, "legal_representative": rep, "status": "存续"}


class CompanyApi:
    """A registry API: ``GET /company?uscc=…&name=…&rep=…`` answers the company's record
    as JSON (``null``: not found); it echoes the declared elements so that an answer
    shows which question it belongs to."""

    def __init__(self, companies: list[dict[str, Any]] | None = None) -> None:
        self.companies = {c["uscc"]: c for c in companies or [company(USCC)]}

    def __call__(self, incoming: Incoming) -> Reply:
        found = self.companies.get(incoming.query.get("uscc", ""))
        if found is None:
            return Reply(body={"record": None, "asked": dict(incoming.query)})
        return Reply(body={"record": found, "asked": dict(incoming.query)})


class CompanyAdapter:
    """A sans-IO adapter for :class:`CompanyApi`."""

    license_kinds: frozenset[str] = frozenset()

    def __init__(self, url: str, name: str = "company-api") -> None:
        self.base_url = url
        self.name = name

    def flow(self, query: RegistryQuery) -> Any:
        request = company_request(self.base_url, query)
        data = yield Step(request, lambda response: response.json(), label="company")
        return company_result(self.name, data)


def options(**changes: Any) -> DriverOptions:
    """Short loopback options: two attempts, tiny backoff, a 1.5 s deadline, no breaker, no
    TLS context (plain HTTP; building one would take part of the first look-up's deadline)."""
    base: dict[str, Any] = {
        "verify_tls": False,
        "attempts": 2,
        "backoff_base": 0.01,
        "backoff_max": 0.02,
        "read_timeout": 0.3,
        "deadline": 1.5,
        "retry_after_max": 1.0,
        "breaker_fail_max": None,
    }
    base.update(changes)
    return DriverOptions(**base)


@pytest.fixture
def server() -> Iterator[RegistryServer]:
    with RegistryServer(CompanyApi()) as running:
        yield running


@pytest.fixture
def open_registry(server: RegistryServer) -> Iterator[Callable[..., HttpRegistry]]:
    made: list[HttpRegistry] = []

    def make(**changes: Any) -> HttpRegistry:
        registry = HttpRegistry(CompanyAdapter(server.url), options(**changes))
        made.append(registry)
        return registry

    yield make
    for registry in made:
        registry.close()


def check(registry: Any, record: dict[str, Any] | None = None) -> Report:
    return verify(copy.deepcopy(record or MERCHANT), as_of=AS_OF, registry=registry)


def query(uscc: str = USCC, **kwargs: Any) -> RegistryQuery:
    return RegistryQuery(uscc=uscc, **kwargs)


def in_loop(registry: HttpRegistry, work: Callable[[], Any]) -> Any:
    """Run the coroutine ``work()`` in a new event loop, then close the registry's async
    side in that loop."""

    async def run() -> Any:
        try:
            return await work()
        finally:
            await registry.aclose()

    return asyncio.run(run())


# --- retries: what is retried, what is not, and the deadline over all of them ---------------------


def test_baseline_passes(open_registry: Callable[..., HttpRegistry]) -> None:
    report = check(open_registry())
    assert report.decision is Decision.PASS, report.findings


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_statuses_are_retried(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry], status: int
) -> None:
    server.inject(Reply(status, {"error": "busy"}))
    result = open_registry().lookup(query())
    assert result.status is LookupStatus.FOUND
    assert len(server.requests) == 2


def test_retry_after_as_an_http_date_is_honoured_over_http(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    """A 429 whose ``Retry-After`` is an HTTP date (already reached) is retried; one a
    day ahead is beyond ``retry_after_max``: failed at once, and the detail says why."""
    now = email.utils.formatdate(time.time() - 1, usegmt=True)
    registry = open_registry()
    server.inject(Reply(429, {"error": "slow down"}, headers={"Retry-After": now}))
    assert registry.lookup(query()).status is LookupStatus.FOUND
    assert len(server.requests) == 2
    server.reset()
    later = email.utils.formatdate(time.time() + 86400, usegmt=True)
    server.inject(Reply(429, {"error": "slow down"}, headers={"Retry-After": later}), times=None)
    report = check(registry)
    detail = assert_review(report, "rate_limited")
    assert "retry_after_max" in detail
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [400, 404, 409, 422])
def test_client_errors_are_never_retried_and_never_pass(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry], status: int
) -> None:
    server.inject(Reply(status, b"no", content_type="text/plain"), times=None)
    detail = assert_review(check(open_registry(attempts=5)), "bad_request")
    assert f"HTTP {status}" in detail
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [401, 403])
def test_auth_errors_abort_after_one_request_even_with_retries_left(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry], status: int
) -> None:
    server.inject(Reply(status, b"denied", content_type="text/plain"), times=None)
    with pytest.raises(RegistryAbort):
        check(open_registry(attempts=5))
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (Reply(reset=True), "connection_reset"),
        # the head comes at once, the body stalls longer than read_timeout mid-way
        (
            Reply(body=b'{"record": null' + b" " * 4000 + b"}", body_delay=0.6, chunk_size=64),
            "timeout",
        ),
    ],
    ids=["reset", "read-timeout-mid-body"],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_resets_and_stalled_bodies_are_retried_then_reviewed(
    server: RegistryServer,
    open_registry: Callable[..., HttpRegistry],
    fault: Reply,
    reason: str,
    mode: str,
) -> None:
    registry = open_registry(deadline=3.0)
    server.inject(fault)
    if mode == "sync":
        once = registry.lookup(query())
    else:
        once = in_loop(registry, lambda: registry.alookup(query()))
    assert once.status is LookupStatus.FOUND, once
    assert len(server.requests) == 2
    server.reset()
    server.inject(fault, times=None)
    other = open_registry(deadline=3.0)
    record = copy.deepcopy(MERCHANT)
    if mode == "sync":
        report = check(other, record)
    else:
        report = in_loop(other, lambda: averify(record, as_of=AS_OF, registry=other))
    assert_review(report, reason)
    assert len(server.requests) == 2  # attempts=2: bounded


def test_the_deadline_bounds_many_attempts(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    """50 attempts allowed, each answer 0.2 s late with a 503: the 1 s deadline stops the
    retries long before the attempts run out, and the finding says so."""
    server.inject(Reply(503, {"error": "busy"}, delay=0.2), times=None)
    report = check(open_registry(attempts=50, deadline=1.0, read_timeout=0.5))
    assert report.decision is Decision.REVIEW
    assert report.registry is not None
    assert report.registry.reason in ("http_503", "timeout")
    assert len(server.requests) < 10


# --- rate limit under concurrency -----------------------------------------------------------------


def many_companies(count: int) -> list[dict[str, Any]]:
    """``count`` companies keyed by distinct (not necessarily valid) identifiers."""
    return [company(f"9135010000000{index:04d}X", f"示例公司{index}") for index in range(count)]


def test_200_async_lookups_under_a_rate_limit_are_all_answered_without_a_429(
    server: RegistryServer,
) -> None:
    companies = many_companies(200)
    with RegistryServer(CompanyApi(companies), rate_limit=150) as limited:
        registry = HttpRegistry(
            CompanyAdapter(limited.url), options(rate_limit=150, deadline=20.0, concurrency=32)
        )

        async def everyone() -> list[LookupResult]:
            asks = (registry.alookup(query(c["uscc"])) for c in companies)
            return list(await asyncio.gather(*asks))

        results = in_loop(registry, everyone)
        assert [r.status for r in results] == [LookupStatus.FOUND] * 200
        assert [r.record.uscc for r in results if r.record] == [c["uscc"] for c in companies]
        assert limited.rejected == 0
        assert len(limited.requests) == 200


def test_threads_share_the_rate_limit(server: RegistryServer) -> None:
    companies = many_companies(120)
    with RegistryServer(CompanyApi(companies), rate_limit=100) as limited:
        with (
            HttpRegistry(
                CompanyAdapter(limited.url), options(rate_limit=100, deadline=20.0)
            ) as registry,
            ThreadPoolExecutor(8) as pool,
        ):
            results = list(pool.map(lambda c: registry.lookup(query(c["uscc"])), companies))
        assert all(r.status is LookupStatus.FOUND for r in results)
        assert [r.record.uscc for r in results if r.record] == [c["uscc"] for c in companies]
        assert limited.rejected == 0


# --- circuit breaker ------------------------------------------------------------------------------


def open_the_circuit(server: RegistryServer, registry: HttpRegistry, fail_max: int) -> None:
    server.inject(Reply(503, {"error": "down"}), times=None)
    for _ in range(fail_max):
        assert registry.lookup(query()).reason == "http_503"
    assert registry.breaker_state == "open"
    server.reset()


def wait_for_half_open(registry: HttpRegistry, reset_timeout: float) -> None:
    time.sleep(reset_timeout + 0.1)  # the reset timeout elapses (not a timing assert)


def test_an_open_circuit_is_review_that_says_so_and_sends_nothing(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    registry = open_registry(attempts=1, breaker_fail_max=3, breaker_reset_timeout=60)
    open_the_circuit(server, registry, 3)
    detail = assert_review(check(registry), "circuit_open")
    assert "circuit breaker open" in detail
    assert server.requests == []


@pytest.mark.parametrize("mode", ["async", "threads"])
def test_a_half_open_circuit_lets_one_trial_through(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry], mode: str
) -> None:
    """After the reset timeout, 20 look-ups of 20 companies at once against a registry
    still down: one trial reaches it (and re-opens the circuit); the others fail at once
    as ``circuit_open`` instead of piling onto a registry that may be recovering.  (Twenty
    look-ups of *one* company share the trial's outcome instead: see
    test_audit_registry_driver_3.py.)"""
    registry = open_registry(
        attempts=1, breaker_fail_max=2, breaker_reset_timeout=0.3, read_timeout=2.0, deadline=3.0
    )
    open_the_circuit(server, registry, 2)
    wait_for_half_open(registry, 0.3)
    server.inject(Reply(503, {"error": "still down"}, delay=0.3), times=None)
    queries = [query(c["uscc"]) for c in many_companies(20)]
    if mode == "async":

        async def twenty() -> list[LookupResult]:
            return list(await asyncio.gather(*(registry.alookup(q) for q in queries)))

        results = in_loop(registry, twenty)
    else:
        with ThreadPoolExecutor(20) as pool:
            results = list(pool.map(registry.lookup, queries))
    reasons = sorted(r.reason or "" for r in results)
    assert reasons == ["circuit_open"] * 19 + ["http_503"], reasons
    assert len(server.requests) == 1
    assert registry.breaker_state == "open"


def test_a_successful_trial_closes_the_circuit(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    registry = open_registry(attempts=1, breaker_fail_max=2, breaker_reset_timeout=0.3)
    open_the_circuit(server, registry, 2)
    wait_for_half_open(registry, 0.3)
    assert registry.lookup(query()).status is LookupStatus.FOUND
    assert registry.breaker_state == "closed"
    assert check(registry).decision is Decision.PASS


def test_each_registry_has_its_own_breaker(server: RegistryServer) -> None:
    """One provider down does not stop look-ups at another."""
    with RegistryServer(CompanyApi()) as healthy:
        down = HttpRegistry(
            CompanyAdapter(server.url, "down-api"), options(attempts=1, breaker_fail_max=2)
        )
        up = HttpRegistry(CompanyAdapter(healthy.url, "up-api"), options(breaker_fail_max=2))
        with down, up:
            open_the_circuit(server, down, 2)
            assert up.breaker_state == "closed"
            assert check(up).decision is Decision.PASS
            assert check(down).registry.reason == "circuit_open"  # type: ignore[union-attr]


def test_not_found_answers_never_open_the_circuit(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    registry = open_registry(attempts=1, breaker_fail_max=2)
    for index in range(5):
        assert registry.lookup(query(f"9135010000000{index:04d}X")).status is (
            LookupStatus.NOT_FOUND
        )
    assert registry.breaker_state == "closed"


def test_a_cached_answer_is_served_while_the_circuit_is_open(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    registry = open_registry(attempts=1, breaker_fail_max=2, cache="memory")
    assert check(registry).decision is Decision.PASS
    server.inject(Reply(503, {"error": "down"}), times=None)
    for index in range(2):
        assert registry.lookup(query(OTHER_USCC, name=str(index))).reason == "http_503"
    assert registry.breaker_state == "open"
    report = check(registry)
    assert report.decision is Decision.PASS, report.findings
    assert report.registry is not None
    assert report.registry.cached


# --- cache ----------------------------------------------------------------------------------------


class Clock:
    """A monotonic clock the test moves by hand (for the memory cache's TTLs)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    import types

    from qualcheck.registries import _cache

    fake = Clock()
    monkeypatch.setattr(
        _cache, "time", types.SimpleNamespace(monotonic=fake.monotonic, time=time.time)
    )
    return fake


def test_found_and_not_found_are_kept_each_for_its_own_time(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry], clock: Clock
) -> None:
    registry = open_registry(cache="memory", cache_ttl=100.0, not_found_ttl=10.0)
    registry.lookup(query())
    registry.lookup(query(OTHER_USCC))
    assert len(server.requests) == 2
    clock.now += 9.9
    assert registry.lookup(query()).cached
    assert registry.lookup(query(OTHER_USCC)).cached
    clock.now += 0.2  # past not_found_ttl: a seller that registered since is found
    assert registry.lookup(query()).cached
    assert not registry.lookup(query(OTHER_USCC)).cached
    clock.now += 90.0  # past cache_ttl
    assert not registry.lookup(query()).cached
    assert len(server.requests) == 4


def test_a_query_by_name_never_gets_another_querys_answer(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    """Cache keys must not collide: a name holding the key's separator, a name that is a
    USCC, the same name with and without a representative."""
    registry = open_registry(cache="memory")
    asks = [
        RegistryQuery(name="甲公司", legal_representative="王五"),
        RegistryQuery(name="甲公司|王五"),
        RegistryQuery(name="甲公司|王五|"),
        RegistryQuery(name=USCC),
        RegistryQuery(uscc=USCC),
        RegistryQuery(uscc=USCC, name="甲公司"),
        RegistryQuery(name="甲公司|王五", legal_representative="赵六"),
        RegistryQuery(name="甲公司", legal_representative="王五|赵六"),
    ]
    answers = [registry.lookup(ask) for ask in asks]
    assert not any(answer.cached for answer in answers)
    assert len(server.requests) == len(asks)
    assert [r.query for r in server.requests] == [
        {"uscc": a.uscc or "", "name": a.name or "", "rep": a.legal_representative or ""}
        for a in asks
    ]


def test_a_cached_answer_older_than_this_registrys_ttl_is_not_served(
    server: RegistryServer, tmp_path: Path
) -> None:
    """Two services share a disk cache; one keeps answers a year.  The other, configured
    for a week, must not serve a months-old record as a fresh verification."""
    year = 365 * 24 * 3600.0
    keeper = HttpRegistry(CompanyAdapter(server.url), options(cache=tmp_path, cache_ttl=year))
    with keeper:
        stored = keeper.lookup(query())
    assert stored.status is LookupStatus.FOUND
    from qualcheck.registries._cache import dump_result

    old = LookupResult.found(
        stored.record,  # type: ignore[arg-type]
    )
    old = LookupResult(
        LookupStatus.FOUND,
        old.source,
        record=old.record,
        fetched_at=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=200),
    )
    import diskcache  # type: ignore[import-untyped]

    with diskcache.Cache(os.fspath(tmp_path)) as raw:
        (key,) = list(raw.iterkeys())
        raw.set(key, dump_result(old), expire=year)
    with HttpRegistry(CompanyAdapter(server.url), options(cache=tmp_path)) as weekly:
        fresh = weekly.lookup(query())
    assert fresh.status is LookupStatus.FOUND
    assert not fresh.cached
    assert len(server.requests) == 2


# --- a disk cache that is broken, locked or not a directory ---------------------------------------


def test_a_cache_path_that_is_a_file_is_a_config_error(
    server: RegistryServer, tmp_path: Path
) -> None:
    path = tmp_path / "cache"
    path.write_text("not a directory")
    with pytest.raises(ConfigError, match="cache"):
        HttpRegistry(CompanyAdapter(server.url), options(cache=path))


def test_a_corrupted_cache_database_is_a_config_error(
    server: RegistryServer, tmp_path: Path
) -> None:
    (tmp_path / "cache.db").write_bytes(b"this is not an sqlite database " * 200)
    with pytest.raises(ConfigError, match="cache"):
        HttpRegistry(CompanyAdapter(server.url), options(cache=tmp_path))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_locked_cache_neither_breaks_nor_holds_a_lookup(
    server: RegistryServer, tmp_path: Path, mode: str
) -> None:
    """Another process holds the cache database's write lock (a long clean-up): the
    look-up still answers from the registry, within its deadline, and does not raise."""
    registry = HttpRegistry(CompanyAdapter(server.url), options(cache=tmp_path, deadline=1.5))
    registry.lookup(query(OTHER_USCC))  # the database exists
    lock = sqlite3.connect(tmp_path / "cache.db", timeout=0)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        if mode == "sync":
            report = check(registry)
            registry.close()
        else:
            report = in_loop(
                registry, lambda: averify(copy.deepcopy(MERCHANT), as_of=AS_OF, registry=registry)
            )
        elapsed = time.monotonic() - started
    finally:
        lock.rollback()
        lock.close()
    assert report.decision is Decision.PASS, report.findings
    assert elapsed < 10  # not diskcache's 60 s busy wait (a bound, not a timing measure)


# --- RoutedRegistry: a licence registry that answered only in part --------------------------------

SHOP = food_shop()
SHOP_ENTITY = {
    "name": SHOP["name"],
    "uscc": SHOP["uscc"],
    "legal_representative": SHOP["legal_representative"]["name"],
    "status": "存续",
    "term_from": "2019-04-02",
    "term_to": "长期",
    "scope": "食品销售",
}
SHOP_LICENCE = LicenseRecord(
    number=SHOP["documents"][1]["number"],
    name="食品经营许可证",
    valid_from="2023-06-12",
    valid_to="2028-06-11",
    scope=SHOP["documents"][1]["scope"],
)
TYC_TOKEN = "tyc-DRIVER2-token"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_routed_licence_listing_that_failed_in_part_is_review(mode: str) -> None:
    """The entity comes from the business registry, food licences from Tianyancha; the
    Tianyancha licence listing fails (its base record came back).  The merged answer
    must say so — the food licence was never confirmed — and the seller is reviewed."""
    listed = RegistryRecord(**SHOP_ENTITY, licenses=(SHOP_LICENCE,))
    emulator = TianyanchaEmulator([listed], token=TYC_TOKEN)

    def handler(incoming: Incoming) -> Reply:
        if "getLicense" in incoming.path:
            return Reply(body={"error_code": 0, "reason": "ok", "result": {"total": "1"}})
        return emulator(incoming)

    companies = MemoryRegistry([SHOP_ENTITY], name="companies", license_kinds=())
    with RegistryServer(handler) as server:
        tianyancha = HttpRegistry(TianyanchaAdapter(TYC_TOKEN, base_url=server.url), options())
        routed = RoutedRegistry(companies, {"food_business": tianyancha})
        record = copy.deepcopy(SHOP)
        if mode == "sync":
            report = verify(record, as_of=AS_OF, registry=routed)
            tianyancha.close()
        else:
            report = in_loop(tianyancha, lambda: averify(record, as_of=AS_OF, registry=routed))
    assert report.decision is Decision.REVIEW, report.findings
    assert "registry.incomplete" in report.codes
    finding = next(f for f in report.findings if f.code == "registry.incomplete")
    assert "licence listing" in str(finding.ctx.get("detail"))


def test_a_routed_licence_registry_that_is_down_names_itself() -> None:
    """No fallback is taken silently: the licence registry's outage is the answer."""
    companies = MemoryRegistry([SHOP_ENTITY], name="companies", license_kinds=())
    with RegistryServer() as server:
        server.inject(Reply(503, {"error": "down"}), times=None)
        adapter = TianyanchaAdapter(TYC_TOKEN, base_url=server.url)
        with HttpRegistry(adapter, options()) as tianyancha:
            routed = RoutedRegistry(companies, {"food_business": tianyancha})
            report = verify(copy.deepcopy(SHOP), as_of=AS_OF, registry=routed)
    detail = assert_review(report, "http_503")
    assert "licence look-up at" in detail
    assert report.registry is not None
    assert report.registry.source == tianyancha.name


# --- event loops, cancellation, the sync API inside a loop ----------------------------------------


def test_a_registry_used_in_a_second_event_loop_is_review_that_explains(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    """A script verifying record by record, each in its own event loop: the async side
    belongs to the first loop, so the later records are reviewed — with a finding that
    says why and what to change, not "the registry raised RuntimeError"."""
    registry = open_registry()
    first = asyncio.new_event_loop()
    try:
        one = first.run_until_complete(
            averify(copy.deepcopy(MERCHANT), as_of=AS_OF, registry=registry)
        )
        two = asyncio.run(averify(copy.deepcopy(MERCHANT), as_of=AS_OF, registry=registry))
        first.run_until_complete(registry.aclose())
    finally:
        first.close()
    assert one.decision is Decision.PASS, one.findings
    detail = assert_review(two, "provider_error")
    assert "first used in another event loop" in detail
    assert "one HttpRegistry per event loop" in detail


def test_a_registry_busy_in_another_running_loop_is_review_that_explains(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    import threading

    registry = open_registry()
    started, stop = threading.Event(), threading.Event()

    async def hold() -> None:
        try:
            await registry.alookup(query())
            started.set()
            while not stop.is_set():
                await asyncio.sleep(0.01)
        finally:
            await registry.aclose()

    holder = threading.Thread(target=lambda: asyncio.run(hold()))
    holder.start()
    try:
        assert started.wait(10)
        report = asyncio.run(averify(copy.deepcopy(MERCHANT), as_of=AS_OF, registry=registry))
    finally:
        stop.set()
        holder.join(10)
    detail = assert_review(report, "provider_error")
    assert "event loop" in detail


def test_cancelled_lookups_release_their_slots(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    """Five look-ups cancelled while they wait on a slow registry (concurrency 1): the
    slot comes back, the next look-up answers, the circuit stays closed."""
    registry = open_registry(concurrency=1, breaker_fail_max=2, deadline=5.0, read_timeout=2.0)

    async def scenario() -> LookupResult:
        server.inject(Reply(body={"record": None, "asked": {}}, delay=1.0), times=5)
        tasks = [asyncio.ensure_future(registry.alookup(query(OTHER_USCC))) for _ in range(5)]
        await asyncio.sleep(0.2)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        server.reset()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(registry.alookup(query(OTHER_USCC, name="x")), 0.0001)
        return await registry.alookup(query())

    result = in_loop(registry, scenario)
    assert result.status is LookupStatus.FOUND
    assert registry.breaker_state == "closed"


def test_the_sync_api_inside_a_running_event_loop(
    server: RegistryServer, open_registry: Callable[..., HttpRegistry]
) -> None:
    """``verify`` (sync) called from a coroutine: it blocks the loop, but answers, and a
    registry that hangs is cut at the deadline and reviewed."""
    registry = open_registry(deadline=1.0, read_timeout=0.5)

    async def inside() -> tuple[Report, Report]:
        good = check(registry)
        server.inject(Reply(delay=3.0), times=None)
        return good, check(registry, registry_merchant("driver2-2", OTHER_USCC, NAME, REP))

    good, hanging = asyncio.run(inside())
    assert good.decision is Decision.PASS, good.findings
    assert_review(hanging, "timeout")


# --- fork -----------------------------------------------------------------------------------------


def echo_name(incoming: Incoming) -> Reply:
    """A record named as asked: an answer shows which question it belongs to."""
    record = company(USCC, incoming.query.get("name", ""))
    return Reply(body={"record": record, "asked": dict(incoming.query)})


def wrong_or_failed(registry: HttpRegistry, prefix: str) -> dict[str, int]:
    """80 look-ups by name: how many got another question's answer, how many failed."""
    wrong = failed = 0
    for index in range(80):
        name = f"{prefix}{index}"
        result = registry.lookup(query(name=name))
        if result.status is LookupStatus.FAILED:
            failed += 1
        elif result.record is None or result.record.name != name:
            wrong += 1
    return {"wrong": wrong, "failed": failed}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_never_gets_the_parents_answers(server: RegistryServer) -> None:
    """A registry made before a fork (a web server preloading its app, a prefork worker
    pool) and used on both sides at once: each side's answers belong to its own
    questions, never to the other process's (they must not share a pooled connection)."""
    server.handler = echo_name
    registry = HttpRegistry(CompanyAdapter(server.url), options(deadline=5.0, read_timeout=2.0))
    assert registry.lookup(query(name="warm-up")).status is LookupStatus.FOUND  # pooled
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        code = 1
        try:
            os.close(read)
            os.write(write, json.dumps(wrong_or_failed(registry, "child")).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    parent = wrong_or_failed(registry, "parent")
    _, status = os.waitpid(pid, 0)
    child = json.loads(os.read(read, 65536) or b"null")
    os.close(read)
    registry.close()
    assert os.waitstatus_to_exitcode(status) == 0
    assert child == {"wrong": 0, "failed": 0}
    assert parent == {"wrong": 0, "failed": 0}
