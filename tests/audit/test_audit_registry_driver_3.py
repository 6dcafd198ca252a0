"""Audit, round 3, of the registry driver: single-flight, and what a cancellation counts.

Everything here goes over real HTTP to the loopback ``RegistryServer``, which counts the
requests it gets.  The contract (docs/registries/driver.md, "Single flight"):

* look-ups of the same query (same adapter, endpoint and ``RegistryQuery.key``) made
  while one of them is in flight — asyncio tasks or threads — send one request: the
  others wait for its outcome.  Answers never cross queries;
* a failure of that look-up is handed to its waiters (each gets REVIEW with a finding
  whose detail says the outcome was shared) and is cached no more than any failure is:
  the next look-up asks again;
* each waiter is bounded by its *own* deadline: a look-up that runs past its own does not
  hold the others past theirs;
* a cancelled or interrupted look-up neither cancels nor hangs those waiting for it: one
  of them asks the registry, the others wait for that one;
* nothing is left in flight after an answer, a failure, an abort or a cancellation;
* the circuit breaker counts a cancelled or interrupted look-up as nothing at all — not a
  failure, and not a success that would reset the count of failures in a row.

Cases covered by the earlier driver audits and tests/registries are not repeated.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from audit_support import AS_OF, assert_review, company_request, company_result, registry_merchant

from qualcheck import Decision, Report, averify, verify
from qualcheck.batch import averify_many
from qualcheck.registries import (
    LookupResult,
    LookupStatus,
    RegistryAbort,
    RegistryQuery,
    RegistryRecord,
    Step,
)
from qualcheck.registries.driver import DriverOptions, HttpRegistry
from qualcheck.registries.tianyancha import TianyanchaAdapter
from qualcheck.testing import make_uscc
from qualcheck.testing.provider_emulators import TianyanchaEmulator
from qualcheck.testing.registry_server import Incoming, RegistryServer, Reply

USCC = "91350100M000100Y43"
OTHER_USCC = "91110000600037341L"
NAME = "福州示例食品有限公司"
REP = "王五"
SHARED = "shared with the same look-up, already in flight for another caller"
COMPANIES = [make_uscc(entity_type="1", rng=random.Random(seed)) for seed in range(4)]


def shop(index: int, uscc: str = USCC, name: str = NAME) -> dict[str, Any]:
    """One shop of a company: many shops share the company's USCC, name and
    representative."""
    return registry_merchant(f"shop-{index}", uscc, name, REP)


def echo(incoming: Incoming) -> Reply:
    """The company asked about, named as asked: an answer shows which question it
    belongs to."""
    query = incoming.query
    record = {
        "uscc": query.get("uscc", ""),
        "name": query.get("name", ""),
        "legal_representative": query.get("rep", ""),
        "status": "存续",
    }
    return Reply(body={"record": record})


class EchoAdapter:
    """A sans-IO adapter for :func:`echo`; ``parse_hook`` runs inside each step's parse
    (a slow or interrupted adapter)."""

    license_kinds: frozenset[str] = frozenset()

    def __init__(self, url: str, parse_hook: Callable[[], None] | None = None) -> None:
        self.base_url = url
        self.name = "echo-api"
        self.parse_hook = parse_hook

    def parse(self, response: httpx.Response) -> Any:
        if self.parse_hook is not None:
            self.parse_hook()
        return response.json()

    def flow(self, query: RegistryQuery) -> Any:
        request = company_request(self.base_url, query)
        data = yield Step(request, self.parse, label="company")
        return company_result(self.name, data)


def options(**changes: Any) -> DriverOptions:
    """Loopback options: one attempt, a 5 s deadline, no breaker, room for 64 at once."""
    base: dict[str, Any] = {
        "attempts": 1,
        "backoff_base": 0.01,
        "backoff_max": 0.02,
        "read_timeout": 5.0,
        "deadline": 5.0,
        "breaker_fail_max": None,
        "concurrency": 64,
    }
    base.update(changes)
    return DriverOptions(**base)


def query(uscc: str = USCC, name: str = NAME) -> RegistryQuery:
    return RegistryQuery(uscc=uscc, name=name, legal_representative=REP)


@pytest.fixture
def server() -> Iterator[RegistryServer]:
    with RegistryServer(echo) as running:
        yield running


def gathered(registry: HttpRegistry, queries: list[RegistryQuery]) -> list[LookupResult]:
    """``alookup`` every query at once in a new event loop (the registry closed there)."""

    async def run() -> list[LookupResult]:
        async with registry:
            return list(await asyncio.gather(*(registry.alookup(q) for q in queries)))

    return asyncio.run(run())


def threaded(registry: HttpRegistry, queries: list[RegistryQuery]) -> list[LookupResult]:
    """``lookup`` every query at once, one thread each."""
    with registry, ThreadPoolExecutor(len(queries)) as pool:
        return list(pool.map(registry.lookup, queries))


MODES = {"async": gathered, "threads": threaded}


async def until(condition: Callable[[], bool]) -> None:
    """Yield to the event loop until ``condition`` holds (bounded: 10 s)."""
    for _ in range(1000):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition never held")


# --- one request for many callers of one query --------------------------------------------------


def test_fifty_shops_of_one_company_in_averify_many_send_one_request() -> None:
    """The brief's case: a batch with fifty shops of one company, verified fifty at a
    time over a slow registry, asked the paid provider fifty times before the first answer
    reached the cache.  Now one request; every shop passes; the 49 that waited say so
    (``cached``: they sent nothing)."""

    async def run(server: RegistryServer) -> list[Report]:
        async with HttpRegistry(EchoAdapter(server.url), options()) as registry:
            records = [shop(i) for i in range(50)]
            reports = averify_many(records, as_of=AS_OF, registry=registry, concurrency=50)
            got = [report async for report in reports]
            assert registry.in_flight == 0
            return got

    with RegistryServer(echo, latency=0.3) as server:
        reports = asyncio.run(run(server))
        assert len(server.requests) == 1
    assert [r.merchant_id for r in reports] == [f"shop-{i}" for i in range(50)]
    assert all(r.decision is Decision.PASS for r in reports), reports[0].findings
    lookups = [r.registry for r in reports if r.registry is not None]
    assert sorted(lookup.cached for lookup in lookups) == [False] + [True] * 49
    assert len({lookup.request_id for lookup in lookups}) == 1  # one answer, one audit trail


def test_fifty_threads_verifying_one_company_send_one_request() -> None:
    with RegistryServer(echo, latency=0.3) as server:
        with (
            HttpRegistry(EchoAdapter(server.url), options()) as registry,
            ThreadPoolExecutor(50) as pool,
        ):
            reports = list(
                pool.map(lambda i: verify(shop(i), as_of=AS_OF, registry=registry), range(50))
            )
            assert registry.in_flight == 0
        assert len(server.requests) == 1
    assert all(r.decision is Decision.PASS for r in reports), reports[0].findings


def test_a_real_provider_flow_is_asked_once_for_fifty_shops() -> None:
    """With the bundled Tianyancha adapter (a flow of several steps) against its emulator:
    fifty shops of one company cost what one costs."""
    entity = RegistryRecord(
        name=NAME, uscc=USCC, legal_representative=REP, status="存续", term_to="长期"
    )

    def requests_for(count: int) -> tuple[int, list[Report]]:
        async def run(server: RegistryServer) -> list[Report]:
            adapter = TianyanchaAdapter("tyc-DRIVER3-token", base_url=server.url)
            async with HttpRegistry(adapter, options()) as registry:
                records = [shop(i) for i in range(count)]
                stream = averify_many(records, as_of=AS_OF, registry=registry, concurrency=count)
                return [report async for report in stream]

        emulator = TianyanchaEmulator([entity], token="tyc-DRIVER3-token")
        with RegistryServer(emulator, latency=0.2) as server:
            reports = asyncio.run(run(server))
            return len(server.requests), reports

    one, _ = requests_for(1)
    fifty, reports = requests_for(50)
    assert fifty == one
    assert all(r.decision is Decision.PASS for r in reports), reports[0].findings


@pytest.mark.parametrize("mode", MODES)
def test_answers_never_cross_queries(server: RegistryServer, mode: str) -> None:
    """Ten companies, five callers each, plus the same USCC declared under another name
    (a different question: its own request, its own answer) — all at once."""
    server.latency = 0.2
    companies = [(f"9135010000000{i:04d}X", f"示例公司{i}") for i in range(10)]
    companies.append((USCC, "另一个名字有限公司"))
    companies.append((USCC, NAME))
    queries = [query(uscc, name) for uscc, name in companies for _ in range(5)]
    results = MODES[mode](HttpRegistry(EchoAdapter(server.url), options()), queries)
    for asked, result in zip(queries, results, strict=True):
        assert result.record is not None
        assert (result.record.uscc, result.record.name) == (asked.uscc, asked.name)
    assert len(server.requests) == len(companies)


# --- a failure is shared with the waiters, and kept no longer than any failure -----------------


@pytest.mark.parametrize("mode", MODES)
def test_a_failed_look_up_is_review_for_every_waiter_and_asked_again_next_time(
    server: RegistryServer, mode: str
) -> None:
    server.inject(Reply(503, {"error": "busy"}, delay=0.3))
    registry = HttpRegistry(EchoAdapter(server.url), options(cache="memory"))
    results = MODES[mode](registry, [query()] * 20)
    assert len(server.requests) == 1
    assert [r.reason for r in results] == ["http_503"] * 20
    details = sorted(r.detail or "" for r in results)
    assert details == ["step 'company': HTTP 503"] + [f"step 'company': HTTP 503; {SHARED}"] * 19
    assert not any(r.cached for r in results)
    assert registry.in_flight == 0
    with HttpRegistry(EchoAdapter(server.url), options(cache="memory")) as again:
        assert again.lookup(query()).status is LookupStatus.FOUND
    assert len(server.requests) == 2


def test_shops_waiting_for_a_failed_look_up_are_review_with_a_finding_that_explains() -> None:
    async def run(server: RegistryServer) -> list[Report]:
        async with HttpRegistry(EchoAdapter(server.url), options()) as registry:
            records = [shop(i) for i in range(12)]
            stream = averify_many(records, as_of=AS_OF, registry=registry, concurrency=12)
            return [report async for report in stream]

    with RegistryServer(echo) as server:
        server.inject(Reply(502, "bad gateway", content_type="text/plain", delay=0.3))
        reports = asyncio.run(run(server))
        assert len(server.requests) == 1
    details = [assert_review(report, "http_502") for report in reports]
    assert sum(SHARED in detail for detail in details) == 11


def test_a_failure_after_the_answer_is_not_handed_to_callers_that_come_later(
    server: RegistryServer,
) -> None:
    """The outcome of a look-up goes to those that waited for it, not to a look-up that
    starts after it ended: that one asks the registry itself."""
    with HttpRegistry(EchoAdapter(server.url), options()) as registry:
        server.inject(Reply(503, {"error": "busy"}))
        assert registry.lookup(query()).reason == "http_503"
        assert registry.lookup(query()).status is LookupStatus.FOUND
        assert registry.in_flight == 0
    assert len(server.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_an_abort_reaches_every_waiter_and_none_passes(server: RegistryServer, mode: str) -> None:
    """Bad credentials (HTTP 401) met by one look-up: every caller waiting for it stops
    the same way (each with its own exception object), one request was sent."""
    server.inject(Reply(401, {"error": "bad key"}, delay=0.3))
    registry = HttpRegistry(EchoAdapter(server.url), options())

    def ask(q: RegistryQuery) -> Any:
        try:
            return registry.lookup(q)
        except RegistryAbort as exc:
            return exc

    if mode == "async":

        async def run() -> list[Any]:
            async with registry:
                asks = (registry.alookup(q) for q in [query()] * 10)
                return list(await asyncio.gather(*asks, return_exceptions=True))

        outcomes = asyncio.run(run())
    else:
        with registry, ThreadPoolExecutor(10) as pool:
            outcomes = list(pool.map(ask, [query()] * 10))
    assert all(isinstance(o, RegistryAbort) and o.reason == "auth" for o in outcomes), outcomes
    assert len({id(o) for o in outcomes}) == 10
    assert len(server.requests) == 1
    assert registry.in_flight == 0


# --- each waiter within its own deadline ----------------------------------------------------------


class Stall:
    """A parse hook that holds the first parse until released (an adapter stuck in its
    own code, which no deadline of the sync driver can cut)."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1
        if self.calls == 1:
            self.entered.set()
            assert self.release.wait(10)


def test_a_waiter_is_review_at_its_own_deadline_when_the_look_up_it_waits_for_overruns(
    server: RegistryServer,
) -> None:
    """A thread's look-up stuck in the adapter past the deadline: threads waiting for it
    get REVIEW (``timeout``) at their own deadline, saying what they waited for —
    while it is still stuck."""
    stall = Stall()
    registry = HttpRegistry(EchoAdapter(server.url, stall), options(deadline=0.5))
    with registry, ThreadPoolExecutor(4) as pool:
        leader = pool.submit(registry.lookup, query())
        assert stall.entered.wait(10)
        waiters = [pool.submit(verify, shop(i), as_of=AS_OF, registry=registry) for i in range(3)]
        reports = [waiter.result(10) for waiter in waiters]
        assert not leader.done()  # the waiters came back while it was still stuck
        stall.release.set()
        assert leader.result(10).status is LookupStatus.FOUND
    for report in reports:
        detail = assert_review(report, "timeout")
        assert "waiting for the same look-up, already in flight" in detail
    assert registry.in_flight == 0


def test_an_async_waiter_is_review_at_its_own_deadline_too(server: RegistryServer) -> None:
    """The same from an event loop, waiting for a thread's stuck look-up."""
    stall = Stall()
    registry = HttpRegistry(EchoAdapter(server.url, stall), options(deadline=0.5))

    async def wait_in_loop() -> Report:
        try:
            return await averify(shop(1), as_of=AS_OF, registry=registry)
        finally:
            await registry.aclose()

    with ThreadPoolExecutor(1) as pool:
        leader = pool.submit(registry.lookup, query())
        assert stall.entered.wait(10)
        report = asyncio.run(wait_in_loop())
        assert not leader.done()
        stall.release.set()
        leader.result(10)
    assert "already in flight" in assert_review(report, "timeout")


def test_a_look_up_left_pending_in_a_stopped_event_loop_does_not_hold_its_query_forever(
    server: RegistryServer,
) -> None:
    """An ``alookup`` task left pending in an event loop that stopped running (the
    coroutine that started it returned): its query must not wait for it for ever.  A
    caller during its deadline gets REVIEW; once the deadline has passed, the next one
    asks the registry afresh."""
    server.inject(Reply(body={"record": None}, delay=3.0))
    registry = HttpRegistry(EchoAdapter(server.url), options(deadline=0.5))
    loop = asyncio.new_event_loop()
    try:

        async def start() -> asyncio.Task[LookupResult]:
            task = asyncio.ensure_future(registry.alookup(query()))
            await until(lambda: len(server.requests) == 1)
            return task

        pending = loop.run_until_complete(start())
        first = registry.lookup(query())  # the loop is not running: the task cannot move
        second = registry.lookup(query())
        loop.run_until_complete(asyncio.wait([pending]))
        loop.run_until_complete(registry.aclose())
    finally:
        loop.close()
    assert first.reason == "timeout"
    assert "already in flight" in (first.detail or "")
    assert second.status is LookupStatus.FOUND
    assert pending.result().reason == "timeout"  # its own deadline passed meanwhile
    assert registry.in_flight == 0


def test_a_sync_look_up_inside_the_loop_of_a_pending_async_one_does_not_wait_for_it(
    server: RegistryServer,
) -> None:
    """``verify`` (sync) called from a coroutine while an ``alookup`` of the same query is
    in flight in that very loop: waiting would block the loop, and with it the look-up
    waited for, until the deadline (a false REVIEW).  It asks on its own."""
    server.inject(Reply(body={"record": None}, delay=0.3))  # the async one: slow, not found
    registry = HttpRegistry(EchoAdapter(server.url), options(deadline=2.0))

    async def inside() -> tuple[LookupResult, Report]:
        try:
            task = asyncio.ensure_future(registry.alookup(query()))
            await until(lambda: len(server.requests) == 1)
            report = verify(shop(1), as_of=AS_OF, registry=registry)
            return await task, report
        finally:
            await registry.aclose()

    slow, report = asyncio.run(inside())
    assert report.decision is Decision.PASS, report.findings
    assert slow.status is LookupStatus.NOT_FOUND
    assert len(server.requests) == 2


# --- cancelling or interrupting the look-up others wait for -------------------------------------


def test_cancelling_the_look_up_others_wait_for_neither_cancels_nor_hangs_them(
    server: RegistryServer,
) -> None:
    server.inject(Reply(body={"record": None}, delay=3.0))  # held until cancelled

    async def run() -> tuple[list[LookupResult], int]:
        async with HttpRegistry(EchoAdapter(server.url), options()) as registry:
            leader = asyncio.ensure_future(registry.alookup(query()))
            await until(lambda: len(server.requests) == 1)
            waiters = [asyncio.ensure_future(registry.alookup(query())) for _ in range(10)]
            await asyncio.sleep(0.05)  # the waiters have joined
            leader.cancel()
            with pytest.raises(asyncio.CancelledError):
                await leader
            results = list(await asyncio.gather(*waiters))
            return results, registry.in_flight

    results, in_flight = asyncio.run(run())
    assert [r.status for r in results] == [LookupStatus.FOUND] * 10
    assert len(server.requests) == 2  # one waiter asked again; the others waited for it
    assert in_flight == 0


def test_cancelling_waiters_leaves_the_look_up_and_the_other_waiters_alone(
    server: RegistryServer,
) -> None:
    server.latency = 0.3

    async def run() -> tuple[LookupResult, list[Any], int]:
        async with HttpRegistry(EchoAdapter(server.url), options()) as registry:
            leader = asyncio.ensure_future(registry.alookup(query()))
            await until(lambda: len(server.requests) == 1)
            waiters = [asyncio.ensure_future(registry.alookup(query())) for _ in range(6)]
            await asyncio.sleep(0.05)
            for waiter in waiters[::2]:
                waiter.cancel()
            outcomes = list(await asyncio.gather(*waiters, return_exceptions=True))
            return await leader, outcomes, registry.in_flight

    answer, outcomes, in_flight = asyncio.run(run())
    assert answer.status is LookupStatus.FOUND
    assert [isinstance(o, asyncio.CancelledError) for o in outcomes] == [True, False] * 3
    assert all(o.status is LookupStatus.FOUND for o in outcomes[1::2])
    assert len(server.requests) == 1
    assert in_flight == 0


class Interrupted(BaseException):
    """Stands for an interruption of a thread (``KeyboardInterrupt``, ``SystemExit``)."""


def test_an_interrupted_thread_does_not_hang_the_threads_waiting_for_it(
    server: RegistryServer,
) -> None:
    stall = Stall()

    def interrupt_first() -> None:
        stall()
        if stall.calls == 1:
            raise Interrupted

    registry = HttpRegistry(EchoAdapter(server.url, interrupt_first), options())
    with registry, ThreadPoolExecutor(8) as pool:
        leader = pool.submit(registry.lookup, query())
        assert stall.entered.wait(10)
        waiters = [pool.submit(registry.lookup, query()) for _ in range(6)]
        stall.release.set()
        with pytest.raises(Interrupted):
            leader.result(10)
        results = [waiter.result(10) for waiter in waiters]
    assert [r.status for r in results] == [LookupStatus.FOUND] * 6
    assert 2 <= len(server.requests) <= 7  # some waiters may have joined after the first ended
    assert registry.in_flight == 0


def test_nothing_stays_in_flight_after_a_batch_is_cancelled(server: RegistryServer) -> None:
    server.latency = 0.5

    async def run() -> int:
        async with HttpRegistry(EchoAdapter(server.url), options()) as registry:

            async def consume() -> None:
                records = [shop(i, COMPANIES[i % 4]) for i in range(40)]
                stream = averify_many(records, as_of=AS_OF, registry=registry, concurrency=16)
                async with contextlib.aclosing(stream) as reports:
                    async for _ in reports:
                        pass

            task = asyncio.ensure_future(consume())
            await until(lambda: len(server.requests) >= 4)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return registry.in_flight

    assert asyncio.run(run()) == 0
    assert len(server.requests) == 4  # four companies, four requests, however many shops


# --- the circuit breaker: a cancellation is not a success ---------------------------------------


def breaker_options(**changes: Any) -> DriverOptions:
    return options(breaker_fail_max=2, breaker_reset_timeout=60, **changes)


def test_a_cancelled_look_up_does_not_reset_the_count_of_failures_in_a_row(
    server: RegistryServer,
) -> None:
    """The brief's open item: a look-up cancelled while the circuit is closed counted as a
    success in pybreaker and reset its failure count, so a registry failing every other
    look-up (with cancellations in between) never opened the circuit."""

    async def run() -> tuple[int, str]:
        async with HttpRegistry(EchoAdapter(server.url), breaker_options()) as registry:
            server.inject(Reply(503, {"error": "down"}))
            assert (await registry.alookup(query())).reason == "http_503"
            server.inject(Reply(body={"record": None}, delay=3.0))
            task = asyncio.ensure_future(registry.alookup(query(OTHER_USCC)))
            await until(lambda: len(server.requests) == 2)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert registry._breaker is not None
            count = registry._breaker.fail_counter
            server.inject(Reply(503, {"error": "down"}))
            assert (await registry.alookup(query())).reason == "http_503"
            return count, registry.breaker_state

    count, state = asyncio.run(run())
    assert count == 1
    assert state == "open"


def test_an_interrupted_look_up_is_neither_failure_nor_success(server: RegistryServer) -> None:
    """The same for a thread interrupted in the adapter's code."""

    def interrupt() -> None:
        raise Interrupted

    failing = HttpRegistry(EchoAdapter(server.url), breaker_options())
    with failing:
        server.inject(Reply(503, {"error": "down"}))
        assert failing.lookup(query()).reason == "http_503"
        failing.adapter.parse_hook = interrupt  # type: ignore[attr-defined]
        with pytest.raises(Interrupted):
            failing.lookup(query())
        assert failing._breaker is not None
        assert failing._breaker.fail_counter == 1
        failing.adapter.parse_hook = None  # type: ignore[attr-defined]
        server.inject(Reply(503, {"error": "down"}))
        assert failing.lookup(query()).reason == "http_503"
        assert failing.breaker_state == "open"


@pytest.mark.parametrize("mode", MODES)
def test_many_callers_of_one_failing_query_count_as_one_failure(
    server: RegistryServer, mode: str
) -> None:
    """Twenty callers of one query against a registry that is down: one look-up was made,
    one failure counted — the circuit does not open on a burst of one question."""
    server.inject(Reply(503, {"error": "down"}, delay=0.3))
    registry = HttpRegistry(EchoAdapter(server.url), breaker_options())
    results = MODES[mode](registry, [query()] * 20)
    assert {r.reason for r in results} == {"http_503"}
    assert registry.breaker_state == "closed"
    assert registry._breaker is not None
    assert registry._breaker.fail_counter == 1


@pytest.mark.parametrize("mode", MODES)
def test_callers_of_the_half_open_trial_query_share_its_outcome(
    server: RegistryServer, mode: str
) -> None:
    """After the reset timeout, twenty callers of one query: the trial is their one
    look-up (not one trial and nineteen ``circuit_open``), and its answer closes the
    circuit."""
    registry = HttpRegistry(
        EchoAdapter(server.url), options(breaker_fail_max=1, breaker_reset_timeout=0.2)
    )
    server.inject(Reply(503, {"error": "down"}))
    assert registry.lookup(query(OTHER_USCC)).reason == "http_503"
    assert registry.breaker_state == "open"
    threading.Event().wait(0.3)  # past the reset timeout (not a timing assert)
    server.latency = 0.2
    results = MODES[mode](registry, [query()] * 20)
    assert [r.status for r in results] == [LookupStatus.FOUND] * 20
    assert registry.breaker_state == "closed"
    assert len(server.requests) == 2


def test_an_unexpected_error_of_the_look_up_is_review_for_its_waiters_not_a_retry_each(
    server: RegistryServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A look-up that ends in an error the driver does not expect (here the cache's
    ``set``, standing for any such bug): its waiters get REVIEW saying so — they do not
    each ask the registry again, one after the other, until their deadlines."""
    server.latency = 0.3
    registry = HttpRegistry(EchoAdapter(server.url), options(cache="memory"))
    assert registry._cache is not None

    def broken(key: str, result: LookupResult) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(registry._cache, "set", broken)
    with registry, ThreadPoolExecutor(8) as pool:
        reports = list(
            pool.map(lambda i: verify(shop(i), as_of=AS_OF, registry=registry), range(8))
        )
    details = [assert_review(report, "provider_error") for report in reports]
    assert sum(SHARED in detail and "raised OSError" in detail for detail in details) == 7
    assert len(server.requests) == 1
    assert registry.in_flight == 0
