"""The HTTP driver against a real server on loopback, through the sync and the async client.

Every test that uses ``open_registry`` runs twice (``driver_mode`` = sync, async).  The
adapter is a small two-step "echo registry" written here: ``/search`` answers an envelope
with a code, ``/detail`` the record.  It sends a credential in the query string and in a
header, so that every test can check the credential never comes back out.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from qualcheck.exceptions import ConfigError
from qualcheck.registries import (
    Flow,
    LookupResult,
    LookupStatus,
    RegistryAbort,
    RegistryQuery,
    RegistryRecord,
    RegistryResponseError,
    RegistryUnavailable,
    Step,
)
from qualcheck.registries._resilience import retry_after_seconds
from qualcheck.registries.driver import DriverOptions, HttpRegistry
from qualcheck.testing.registry_server import Incoming, RegistryServer, Reply

SECRET = "sk-QC-5e1f9b7d0c"
TOKEN = "tok-QC-a83c21ff"
USCC = "91350100M000100Y43"
MISSING = "91350100M000200Y00"
QUERY = RegistryQuery(uscc=USCC)

# Short waits everywhere: a retry sleeps milliseconds, not seconds.  Plain HTTP on loopback
# needs no TLS context (building one costs ~90 ms a client); the defaults are tested below.
FAST: dict[str, Any] = {
    "verify_tls": False,
    "backoff_base": 0.01,
    "backoff_max": 0.05,
    "deadline": 10.0,
    "read_timeout": 5.0,
}


def parse_envelope(response: httpx.Response) -> bool:
    """True: found; False: not found; provider codes raise."""
    data = response.json()
    code = data["code"]
    if code == 0:
        return True
    if code == 1:
        return False
    if code == 9:
        raise RegistryUnavailable(
            "provider busy (code 9)", reason="rate_limited", provider_code="9"
        )
    if code == 7:
        raise RegistryResponseError(
            "bad parameter (code 7)", reason="bad_request", provider_code="7"
        )
    if code == 8:
        raise RegistryAbort("quota exhausted (code 8): top up the account", reason="quota")
    return bool(data["missing"])  # any other code: a KeyError, like a careless adapter


def parse_detail(response: httpx.Response) -> dict[str, Any]:
    data: dict[str, Any] = response.json()
    return data


class EchoRegistry:
    """The test adapter (see the module docs)."""

    license_kinds = frozenset({"food_business"})

    def __init__(
        self, base_url: str, *, name: str = "echo", accept_json: bool = False, bug: str = ""
    ) -> None:
        self.base_url = base_url
        self.name = name
        self.accept_json = accept_json
        self.bug = bug

    def _request(self, path: str, uscc: str | None) -> httpx.Request:
        headers = {"Authorization": f"Bearer {TOKEN}", "X-Api-Key": SECRET}
        if self.accept_json:
            headers["Accept"] = "application/json"
        return httpx.Request(
            "GET",
            f"{self.base_url}{path}",
            params={"id": uscc or "", "key": SECRET},
            headers=headers,
        )

    def flow(self, query: RegistryQuery) -> Flow:
        if self.bug == "before":
            raise ValueError(f"broken before the first request {SECRET}")
        found = yield Step(self._request("/search", query.uscc), parse_envelope, "search")
        if not found:
            return LookupResult.not_found(self.name)
        if self.bug == "yield":
            yield "not a step"  # type: ignore[misc]
        detail = yield Step(self._request("/detail", query.uscc), parse_detail, "detail")
        if self.bug == "flow":
            raise KeyError(f"no such field {SECRET}")
        if self.bug == "result":
            return detail  # type: ignore[return-value]
        record = RegistryRecord(**detail, source=self.name)
        return LookupResult.found(record, license_kinds=self.license_kinds)


def echo_registry(search_code: int = 0) -> Callable[[Incoming], Reply]:
    """The server side of :class:`EchoRegistry`."""

    def handle(incoming: Incoming) -> Reply:
        uscc = incoming.query.get("id", "")
        if incoming.path == "/search":
            return Reply(body={"code": 1 if uscc == MISSING else search_code})
        if incoming.path == "/detail":
            return Reply(
                body={"name": "示例有限公司", "uscc": uscc, "status": "存续", "scope": "食品销售"}
            )
        return Reply(404, {"error": "no such path"})

    return handle


def paths(server: RegistryServer) -> list[str]:
    return [incoming.path for incoming in server.requests]


@pytest.fixture
def server(registry_server: RegistryServer) -> RegistryServer:
    registry_server.handler = echo_registry()
    return registry_server


def assert_clean(*texts: object) -> None:
    for text in texts:
        assert SECRET not in str(text)
        assert TOKEN not in str(text)


# -- answers ----------------------------------------------------------------------------------


def test_found_runs_both_steps(server: RegistryServer, open_registry: Callable[..., Any]) -> None:
    registry = open_registry(EchoRegistry(server.url), **FAST)
    result = registry.lookup(QUERY)
    assert result.status is LookupStatus.FOUND
    assert result.record is not None
    assert (result.record.uscc, result.record.status.value) == (USCC, "active")
    assert result.license_kinds == {"food_business"}
    assert not result.cached
    assert paths(server) == ["/search", "/detail"]
    sent = server.requests[0]
    assert sent.query["key"] == SECRET  # the adapter's request went out as built
    assert sent.headers["user-agent"].startswith("qualcheck/")
    assert server.connections == 1  # both steps on one kept-alive connection


def test_not_found_is_a_result(server: RegistryServer, open_registry: Callable[..., Any]) -> None:
    result = open_registry(EchoRegistry(server.url), **FAST).lookup(RegistryQuery(uscc=MISSING))
    assert result.status is LookupStatus.NOT_FOUND
    assert paths(server) == ["/search"]


def test_a_flow_may_answer_without_a_request(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    class Local:
        name, license_kinds = "local", frozenset[str]()

        def flow(self, query: RegistryQuery) -> Flow:
            return LookupResult.not_found(self.name)
            yield  # a generator that never yields  # type: ignore[unreachable]

    assert open_registry(Local()).lookup(QUERY).status is LookupStatus.NOT_FOUND
    assert server.requests == []


# -- faults -----------------------------------------------------------------------------------


def test_timeout_fails_after_the_attempts(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.inject(Reply(delay=3.0), times=None)
    registry = open_registry(EchoRegistry(server.url), **{**FAST, "read_timeout": 0.2}, attempts=2)
    result = registry.lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "timeout")
    assert "search" in (result.detail or "")
    assert len(server.requests) == 2


def test_timeout_then_answer_is_retried(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.inject(Reply(delay=3.0))
    registry = open_registry(EchoRegistry(server.url), **{**FAST, "read_timeout": 0.2})
    assert registry.lookup(QUERY).status is LookupStatus.FOUND
    assert paths(server) == ["/search", "/search", "/detail"]


def test_slow_body_is_cut_at_the_deadline(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    # 200 chunks, one every 0.1 s: 20 s to send; each read is quick, only the deadline helps.
    slow = Reply(body={"code": 0, "pad": "x" * 2000}, body_delay=0.1, chunk_size=10)
    server.inject(slow, times=None)
    registry = open_registry(EchoRegistry(server.url), **{**FAST, "deadline": 1.0})
    started = time.monotonic()
    result = registry.lookup(QUERY)
    elapsed = time.monotonic() - started
    assert (result.status, result.reason) == (LookupStatus.FAILED, "timeout")
    assert "deadline" in (result.detail or "")
    assert elapsed < 5.0  # far below the 20 s the body would take
    assert len(server.requests) == 1


def test_429_with_retry_after_is_waited_for(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.inject(Reply(429, {"error": "slow down"}, headers={"Retry-After": "1"}))
    registry = open_registry(EchoRegistry(server.url), **FAST)
    started = time.monotonic()
    result = registry.lookup(QUERY)
    assert result.status is LookupStatus.FOUND
    assert time.monotonic() - started >= 0.95  # it waited as asked (backoff alone is 50 ms)
    assert paths(server) == ["/search", "/search", "/detail"]


def test_retry_after_as_an_http_date() -> None:
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:05 GMT", now=1445412480.0) == 5.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:05 GMT", now=1445412490.0) == 0.0
    assert retry_after_seconds("-3") == 0.0
    assert retry_after_seconds("") is None


def test_retry_after_beyond_the_cap_fails_at_once(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.inject(Reply(429, headers={"Retry-After": "120"}), times=None)
    registry = open_registry(EchoRegistry(server.url), **FAST, retry_after_max=5)
    started = time.monotonic()
    result = registry.lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "rate_limited")
    assert "Retry-After 120 s" in (result.detail or "")
    assert time.monotonic() - started < 5  # it did not sleep 120 s, nor the cap
    assert len(server.requests) == 1


def test_retry_after_beyond_the_deadline_fails_without_sleeping(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.inject(Reply(503, headers={"Retry-After": "20"}), times=None)
    registry = open_registry(EchoRegistry(server.url), **{**FAST, "deadline": 2.0})
    started = time.monotonic()
    result = registry.lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "http_503")
    assert "deadline" in (result.detail or "")
    assert time.monotonic() - started < 2.0
    assert len(server.requests) == 1


def test_5xx_then_success_is_retried(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.inject(Reply(503), Reply(502))
    result = open_registry(EchoRegistry(server.url), **FAST).lookup(QUERY)
    assert result.status is LookupStatus.FOUND
    assert paths(server) == ["/search", "/search", "/search", "/detail"]


def test_5xx_forever_fails_after_the_attempts(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.inject(Reply(500, "oops", content_type="text/plain"), times=None)
    result = open_registry(EchoRegistry(server.url), **FAST, attempts=4).lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "http_500")
    assert result.detail == "step 'search': HTTP 500 (4 attempts)"
    assert len(server.requests) == 4


def test_a_retry_runs_the_flow_again(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    # the second step fails once: the whole flow is asked again, with fresh requests
    def handler(incoming: Incoming) -> Reply:
        if incoming.path == "/detail" and paths(server).count("/detail") == 1:
            return Reply(503)
        return echo_registry()(incoming)

    server.handler = handler
    result = open_registry(EchoRegistry(server.url), **FAST).lookup(QUERY)
    assert result.status is LookupStatus.FOUND
    assert paths(server) == ["/search", "/detail", "/search", "/detail"]


def test_connection_reset(server: RegistryServer, open_registry: Callable[..., Any]) -> None:
    server.inject(Reply(reset=True), times=None)
    result = open_registry(EchoRegistry(server.url), **FAST, attempts=2).lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "connection_reset")
    assert len(server.requests) == 2
    server.reset()
    server.inject(Reply(reset=True))
    result = open_registry(EchoRegistry(server.url), **FAST).lookup(QUERY)
    assert result.status is LookupStatus.FOUND


def test_connect_error(open_registry: Callable[..., Any]) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    registry = open_registry(EchoRegistry(f"http://127.0.0.1:{port}"), **FAST, attempts=2)
    result = registry.lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "connect_error")


def test_malformed_json_is_not_retried(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.inject(Reply(body='{"code": 0,'))
    result = open_registry(EchoRegistry(server.url), **FAST).lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "malformed")
    assert result.detail == "step 'search': could not read the answer (JSONDecodeError)"
    assert len(server.requests) == 1


def test_wrong_content_type(server: RegistryServer, open_registry: Callable[..., Any]) -> None:
    page = Reply(200, "<html><body>维护中</body></html>", content_type="text/html")
    server.inject(page)
    result = open_registry(EchoRegistry(server.url), **FAST).lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "wrong_content_type")
    # a step that asks for JSON (Accept) is refused any other type, even a readable one
    server.inject(Reply(body={"code": 0}, content_type="text/plain"))
    strict = open_registry(EchoRegistry(server.url, accept_json=True), **FAST)
    result = strict.lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "wrong_content_type")
    assert "text/plain" in (result.detail or "")
    assert len(server.requests) == 2


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_oversized_body(
    server: RegistryServer, open_registry: Callable[..., Any], framing: str
) -> None:
    headers = {"Transfer-Encoding": "chunked"} if framing == "chunked" else {}
    server.inject(Reply(body={"code": 0, "pad": "x" * 50_000}, headers=headers))
    result = open_registry(EchoRegistry(server.url), **FAST, max_body_bytes=4096).lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "oversized")
    assert "4096 bytes" in (result.detail or "")
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [400, 404, 422])
def test_4xx_is_a_bad_request_and_not_retried(
    server: RegistryServer, open_registry: Callable[..., Any], status: int
) -> None:
    server.inject(Reply(status, {"error": "no"}))
    result = open_registry(EchoRegistry(server.url), **FAST).lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, "bad_request")
    assert f"HTTP {status}" in (result.detail or "")
    assert len(server.requests) == 1


@pytest.mark.parametrize(("status", "reason"), [(401, "auth"), (403, "forbidden")])
def test_401_403_abort_without_the_credential(
    server: RegistryServer, open_registry: Callable[..., Any], status: int, reason: str
) -> None:
    server.inject(Reply(status, {"error": f"bad key {SECRET}"}))
    registry = open_registry(EchoRegistry(server.url), **FAST)
    with pytest.raises(RegistryAbort) as caught:
        registry.lookup(QUERY)
    error = caught.value
    assert (error.reason, error.source) == (reason, "echo")
    assert f"HTTP {status}" in str(error)
    assert not isinstance(error.__cause__ or error.__context__, httpx.HTTPError)
    assert_clean(str(error), repr(error), error.args)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, 8, "abort:quota"),  # the adapter recognises its quota code behind a 400
        (404, 9, "rate_limited"),  # … a "busy" code behind a 404: retried, then failed
        (401, 7, "bad_request"),  # … a parameter error behind a 401: no abort
        (400, 0, "bad_request"),  # parse accepts the body: the status decides
        (400, "odd", "bad_request"),  # parse cannot read it (a KeyError): the status decides
        (503, 7, "http_503"),  # a transient status stays transient unless the adapter says so
        (401, 0, "abort:auth"),
    ],
)
def test_a_json_error_body_is_shown_to_the_adapter(
    server: RegistryServer,
    open_registry: Callable[..., Any],
    status: int,
    code: object,
    expected: str,
) -> None:
    server.inject(Reply(status, {"code": code}), times=None)
    registry = open_registry(EchoRegistry(server.url), **FAST, attempts=2)
    if expected.startswith("abort:"):
        with pytest.raises(RegistryAbort) as caught:
            registry.lookup(QUERY)
        assert caught.value.reason == expected.split(":")[1]
        return
    result = registry.lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, expected)
    assert len(server.requests) == (2 if expected in ("rate_limited", "http_503") else 1)


# -- what adapters raise ------------------------------------------------------------------------


def test_adapter_unavailable_is_retried(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.handler = echo_registry(search_code=9)
    result = open_registry(EchoRegistry(server.url), **FAST).lookup(QUERY)
    assert (result.status, result.reason, result.provider_code) == (
        LookupStatus.FAILED,
        "rate_limited",
        "9",
    )
    assert result.detail == "step 'search': provider busy (code 9) (3 attempts)"
    assert len(server.requests) == 3


def test_adapter_response_error_fails(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.handler = echo_registry(search_code=7)
    result = open_registry(EchoRegistry(server.url), **FAST).lookup(QUERY)
    assert (result.reason, result.provider_code) == ("bad_request", "7")
    assert len(server.requests) == 1


def test_adapter_abort_propagates(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.handler = echo_registry(search_code=8)
    with pytest.raises(RegistryAbort, match="quota exhausted") as caught:
        open_registry(EchoRegistry(server.url), **FAST).lookup(QUERY)
    assert (caught.value.reason, caught.value.source) == ("quota", "echo")


@pytest.mark.parametrize(
    ("bug", "reason", "requests"),
    [
        ("parse", "malformed", 1),  # a KeyError in parse (a strange answer)
        ("before", "provider_error", 0),
        ("yield", "provider_error", 1),
        ("flow", "provider_error", 2),
        ("result", "provider_error", 2),
    ],
)
def test_an_adapter_bug_is_a_failed_lookup(
    server: RegistryServer,
    open_registry: Callable[..., Any],
    caplog: pytest.LogCaptureFixture,
    bug: str,
    reason: str,
    requests: int,
) -> None:
    if bug == "parse":
        server.handler = echo_registry(search_code=5)
    caplog.set_level(logging.DEBUG, logger="qualcheck.registries")
    result = open_registry(EchoRegistry(server.url, bug=bug), **FAST).lookup(QUERY)
    assert (result.status, result.reason) == (LookupStatus.FAILED, reason)
    assert len(server.requests) == requests
    assert_clean(result.detail, caplog.text)


# -- guards -------------------------------------------------------------------------------------


def test_circuit_breaker_opens_and_closes(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.inject(Reply(503), times=None)
    registry = open_registry(
        EchoRegistry(server.url),
        **FAST,
        attempts=1,
        breaker_fail_max=2,
        breaker_reset_timeout=0.3,
    )
    assert [registry.lookup(QUERY).reason for _ in range(2)] == ["http_503", "http_503"]
    assert registry.registry.breaker_state == "open"
    shut = registry.lookup(QUERY)
    assert (shut.status, shut.reason) == (LookupStatus.FAILED, "circuit_open")
    assert len(server.requests) == 2  # no request while open

    server.reset()  # the registry recovers
    for _ in range(100):  # bounded: the breaker lets a trial through after 0.3 s
        result = registry.lookup(QUERY)
        if result.reason != "circuit_open":
            break
        time.sleep(0.02)
    assert result.status is LookupStatus.FOUND
    assert registry.registry.breaker_state == "closed"


def test_answers_and_bad_requests_do_not_open_the_breaker(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    registry = open_registry(EchoRegistry(server.url), **FAST, breaker_fail_max=1)
    server.inject(Reply(400), Reply(body="{"), times=1)
    assert [registry.lookup(QUERY).reason for _ in range(2)] == ["bad_request", "malformed"]
    assert registry.lookup(RegistryQuery(uscc=MISSING)).status is LookupStatus.NOT_FOUND
    assert registry.registry.breaker_state == "closed"


def test_rate_limit_spreads_requests(
    registry_server_factory: Callable[..., RegistryServer], open_registry: Callable[..., Any]
) -> None:
    # 60 one-request look-ups at once against a server that allows 50 a second (burst 50)
    rate = 50
    limited = registry_server_factory(echo_registry(), rate_limit=rate)
    queries = [RegistryQuery(uscc=MISSING, name=f"公司{i}") for i in range(60)]
    registry = open_registry(
        EchoRegistry(limited.url), **FAST, attempts=1, rate_limit=rate, concurrency=64
    )
    results = registry.lookup_many(queries)
    assert limited.rejected == 0
    assert all(result.status is LookupStatus.NOT_FOUND for result in results)
    assert len(limited.requests) == 60


def test_without_the_rate_limit_the_server_refuses(
    registry_server_factory: Callable[..., RegistryServer], open_registry: Callable[..., Any]
) -> None:
    # the control for the test above: the same 60 look-ups without the client's limit
    # provoke 429s.  The server allows 10 a second (burst 10), so that refusals come
    # however slowly a loaded machine sends the burst (unless it takes over 5 s).
    limited = registry_server_factory(echo_registry(), rate_limit=10)
    queries = [RegistryQuery(uscc=MISSING, name=f"公司{i}") for i in range(60)]
    registry = open_registry(EchoRegistry(limited.url), **FAST, attempts=1, concurrency=64)
    results = registry.lookup_many(queries)
    assert limited.rejected > 0
    assert {result.reason for result in results} >= {"rate_limited"}


def test_waiting_for_the_rate_limit_ends_at_the_deadline(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    # one request every 20 s: the second look-up would wait far beyond its deadline, which
    # is long enough for the first one's round trip on a loaded machine
    registry = open_registry(
        EchoRegistry(server.url), **{**FAST, "deadline": 2.0}, rate_limit=0.05, attempts=1
    )
    assert registry.lookup(RegistryQuery(uscc=MISSING)).status is LookupStatus.NOT_FOUND
    late = registry.lookup(RegistryQuery(uscc=MISSING, name="another"))
    assert (late.status, late.reason) == (LookupStatus.FAILED, "timeout")
    assert "waiting for the rate limit" in (late.detail or "")
    assert len(server.requests) == 1


def test_concurrency_limit(
    registry_server_factory: Callable[..., RegistryServer], open_registry: Callable[..., Any]
) -> None:
    slow = registry_server_factory(echo_registry(), latency=0.05)
    queries = [RegistryQuery(uscc=f"9135010000000{i:04d}X") for i in range(12)]
    registry = open_registry(EchoRegistry(slow.url), **FAST, concurrency=3)
    results = registry.lookup_many(queries)
    assert all(result.status is LookupStatus.FOUND for result in results)
    assert 1 <= slow.max_in_flight <= 3
    assert slow.connections <= 3


def test_deadline_bounds_the_retries(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    server.inject(Reply(503), times=None)
    registry = open_registry(
        EchoRegistry(server.url),
        **{**FAST, "deadline": 0.5, "backoff_base": 0.2, "backoff_max": 0.4},
        attempts=100,
    )
    started = time.monotonic()
    result = registry.lookup(QUERY)
    # Usually the driver sees that the next wait would pass the deadline and reports the
    # last answer (503); on a loaded machine the last attempt itself may run into the
    # deadline (timeout).  Either way it fails, says why, and stops near the deadline.
    assert result.status is LookupStatus.FAILED
    assert result.reason in ("http_503", "timeout")
    assert "deadline of 0.5 s" in (result.detail or "")
    assert time.monotonic() - started < 0.5 + 0.25  # the request in flight is cut at the deadline
    assert 1 <= len(server.requests) < 100


# -- cache --------------------------------------------------------------------------------------


def test_memory_cache_hit_makes_no_request(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    registry = open_registry(EchoRegistry(server.url), **FAST, cache="memory")
    first = registry.lookup(QUERY)
    second = registry.lookup(QUERY)
    assert (first.cached, second.cached) == (False, True)
    assert second.record == first.record
    assert registry.lookup(RegistryQuery(uscc=MISSING)).status is LookupStatus.NOT_FOUND
    missing_again = registry.lookup(RegistryQuery(uscc=MISSING))
    assert (missing_again.status, missing_again.cached) == (LookupStatus.NOT_FOUND, True)
    assert paths(server) == ["/search", "/detail", "/search"]


def test_failed_results_are_not_cached(
    server: RegistryServer, open_registry: Callable[..., Any]
) -> None:
    registry = open_registry(EchoRegistry(server.url), **FAST, attempts=1, cache="memory")
    server.inject(Reply(500))
    assert registry.lookup(QUERY).reason == "http_500"
    result = registry.lookup(QUERY)
    assert (result.status, result.cached) == (LookupStatus.FOUND, False)
    assert paths(server) == ["/search", "/search", "/detail"]


def test_sqlite_cache_survives_a_new_registry(
    server: RegistryServer, driver_mode: str, tmp_path: Any, open_registry: Callable[..., Any]
) -> None:
    directory = tmp_path / "registry-cache"
    first = open_registry(EchoRegistry(server.url), **FAST, cache=directory)
    assert first.lookup(QUERY).cached is False
    first.close()
    assert (directory / "cache.db").is_file()
    second = open_registry(EchoRegistry(server.url), **FAST, cache=str(directory))
    again = second.lookup(QUERY)
    assert (again.status, again.cached) == (LookupStatus.FOUND, True)
    assert again.record is not None
    assert again.record.uscc == USCC
    assert len(server.requests) == 2  # the first registry's two steps only
    # another adapter name is another key
    other = open_registry(EchoRegistry(server.url, name="other"), **FAST, cache=directory)
    assert other.lookup(QUERY).cached is False


# -- credentials --------------------------------------------------------------------------------


def test_no_credential_in_results_errors_or_logs(
    server: RegistryServer, open_registry: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    registry = open_registry(EchoRegistry(server.url), **{**FAST, "read_timeout": 0.2})
    faults = [
        Reply(500, f"error for key {SECRET}", content_type="text/plain"),
        Reply(429, headers={"Retry-After": "0"}),
        Reply(delay=1.0),
        Reply(reset=True),
        Reply(body=f"<html>{SECRET}</html>", content_type="text/html"),
        Reply(body='{"code": 0, "key": "' + SECRET + '"'),
        Reply(400, {"echo": SECRET}),
    ]
    texts: list[object] = []
    for fault in faults:
        server.inject(fault, times=None)
        result = registry.lookup(QUERY)
        assert result.status is LookupStatus.FAILED
        texts += [result.detail, repr(result), result.evidence()]
        server.reset()
    for status in (401, 403):
        server.inject(Reply(status, {"msg": SECRET}))
        with pytest.raises(RegistryAbort) as caught:
            registry.lookup(QUERY)
        texts += [str(caught.value), repr(caught.value)]
    assert_clean(*texts, caplog.text, repr(registry.registry))
    assert "search" in caplog.text  # the log did say what happened


# -- life cycle and options ---------------------------------------------------------------------


def test_registry_protocol_and_closing(server: RegistryServer) -> None:
    from qualcheck.registries import Registry

    registry = HttpRegistry(EchoRegistry(server.url))
    assert isinstance(registry, Registry)
    assert (registry.name, registry.license_kinds) == ("echo", frozenset({"food_business"}))
    registry.close()
    registry.close()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        registry.lookup(QUERY)


def test_own_clients_are_used_and_not_closed(server: RegistryServer) -> None:
    with httpx.Client() as client:
        with HttpRegistry(EchoRegistry(server.url), client=client) as registry:
            assert registry.lookup(QUERY).status is LookupStatus.FOUND
        assert not client.is_closed

    async def run() -> None:
        async with httpx.AsyncClient() as client:
            async with HttpRegistry(EchoRegistry(server.url), async_client=client) as registry:
                assert (await registry.alookup(QUERY)).status is LookupStatus.FOUND
            assert not client.is_closed

    asyncio.run(run())


def test_transport_is_used(server: RegistryServer) -> None:
    with HttpRegistry(
        EchoRegistry(server.url), transport=httpx.HTTPTransport(retries=0)
    ) as registry:
        assert registry.lookup(QUERY).status is LookupStatus.FOUND
    with httpx.Client() as client, pytest.raises(ConfigError):
        HttpRegistry(EchoRegistry(server.url), client=client, transport=httpx.HTTPTransport())


def test_async_side_belongs_to_one_loop(server: RegistryServer) -> None:
    registry = HttpRegistry(EchoRegistry(server.url))

    async def one() -> LookupResult:
        return await registry.alookup(QUERY)

    loop = asyncio.new_event_loop()
    try:
        assert loop.run_until_complete(one()).status is LookupStatus.FOUND
        elsewhere = asyncio.run(one())  # a failed look-up that says why, never a raise
        assert elsewhere.status is LookupStatus.FAILED
        assert elsewhere.detail is not None
        assert "another event loop" in elsewhere.detail
        loop.run_until_complete(registry.aclose())
    finally:
        loop.close()


@pytest.mark.parametrize(
    "bad",
    [
        {"attempts": 0},
        {"deadline": 0},
        {"read_timeout": -1},
        {"concurrency": 0},
        {"rate_limit": 0},
        {"breaker_fail_max": 0},
        {"max_body_bytes": 0},
        {"cache": " "},
        {"backoff_base": 2.0, "backoff_max": 1.0},
        {"retry_after_max": -1},
        {"attempts": True},
    ],
)
def test_options_are_validated(bad: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        DriverOptions(**bad)


def test_options_defaults() -> None:
    options = DriverOptions()
    assert (options.attempts, options.concurrency, options.breaker_fail_max) == (3, 16, 5)
    assert (options.breaker_reset_timeout, options.max_body_bytes) == (30.0, 1024 * 1024)
    assert (options.cache_ttl, options.not_found_ttl) == (7 * 86400, 86400)
    assert options.verify_tls is True
    with pytest.raises(AttributeError):
        options.attempts = 5  # type: ignore[misc]
