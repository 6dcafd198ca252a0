"""The HTTP driver: run a sans-IO :class:`~qualcheck.registries.HttpAdapter` over httpx.

:class:`HttpRegistry` wraps an adapter into a :class:`~qualcheck.registries.Registry`.
For each query it runs the adapter's flow — sending every :class:`~qualcheck.registries.Step`
with a sync :class:`httpx.Client` (``lookup``) or an :class:`httpx.AsyncClient`
(``alookup``) and sending the parsed value back into the flow — and owns everything an
adapter should not: timeouts and an overall deadline per look-up, bounded retries with
backoff (honouring ``Retry-After``), a rate limit, a concurrency limit, a circuit breaker, a
cache, single flight (callers of a question already in flight wait for that look-up:
:mod:`qualcheck.registries._singleflight`), a cap on response bodies, and the mapping of
every HTTP-level problem to a stable ``reason``.  :class:`DriverOptions` configures it;
``docs/registries/driver.md`` explains each part.

Whatever happens, ``lookup`` returns a :class:`~qualcheck.registries.LookupResult` —
found, not found, or failed with a reason (``timeout``, ``http_503``, ``malformed`` …) —
and raises only :class:`~qualcheck.registries.RegistryAbort` (bad credentials, no
permission, an exhausted quota).  No credential reaches a result, an exception or a log
line: details are built from reason words, step labels, status codes and provider codes,
never from request URLs or headers.

>>> import httpx
>>> from qualcheck.registries import LookupResult, RegistryQuery, RegistryRecord, Step
>>> from qualcheck.testing.registry_server import RegistryServer, Reply
>>> class Echo:
...     name, license_kinds = "echo", frozenset()
...     def __init__(self, url):
...         self.url = url
...     def flow(self, query):
...         data = yield Step(httpx.Request("GET", self.url, params={"id": query.uscc}),
...                           lambda response: response.json(), label="base")
...         record = RegistryRecord(uscc=data["query"]["id"], status="存续", source=self.name)
...         return LookupResult.found(record)
>>> with RegistryServer() as server, HttpRegistry(Echo(server.url)) as registry:
...     result = registry.lookup(RegistryQuery(uscc="91350100M000100Y43"))
...     server.inject(Reply(503), times=3)
...     failed = registry.lookup(RegistryQuery(uscc="91350100M000100Y43"))
>>> result.status.value, result.record.status.value
('found', 'active')
>>> failed.status.value, failed.reason, failed.detail
('failed', 'http_503', "step 'base': HTTP 503 (3 attempts)")
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import dataclasses
import datetime
import hashlib
import importlib
import logging
import os
import threading
import time
import traceback
import weakref
import zlib
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import httpx  # at run time, so that get_type_hints resolves the public signatures

from qualcheck._scrub import scrub
from qualcheck._version import __version__
from qualcheck.exceptions import ConfigError
from qualcheck.registries._cache import ResultCache, open_cache
from qualcheck.registries._errors import (
    RegistryAbort,
    RegistryError,
    RegistryUnavailable,
)
from qualcheck.registries._protocol import Flow, HttpAdapter, Step
from qualcheck.registries._record import LookupResult, LookupStatus, RegistryQuery
from qualcheck.registries._resilience import (
    RateLimiter,
    Watchdog,
    backoff,
    make_breaker,
    retry_after_seconds,
    uncounted,
)
from qualcheck.registries._singleflight import Flight, Missed, SingleFlight

if TYPE_CHECKING:
    import pybreaker
    from tenacity import RetryCallState

__all__ = ["DriverOptions", "HttpRegistry"]

log = logging.getLogger("qualcheck.registries")
_T = TypeVar("_T")

_TRANSIENT_STATUSES = frozenset({408, 425, 429})
_UNREADABLE = frozenset({"malformed", "wrong_content_type", "oversized"})
_SENT_URLS: dict[int, weakref.ref[Any]] = {}
"""The URL objects (by identity) of the driver's live requests, whose query strings
httpx's own log must not show."""
_FILTER_LOCK = threading.Lock()


class _HideQueries(logging.Filter):
    """Masks the query values of the driver's requests in httpx's ``HTTP Request:`` lines
    (where credentials such as an API key in the query string would otherwise appear),
    and personal numbers in their paths (``/persons/<ID number>``: an adapter of the
    platform's own may put one there)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not isinstance(args, tuple) or len(args) < 2:
            return True
        url: Any = args[1]
        sent = _SENT_URLS.get(id(url))
        if sent is None or id(sent()) != id(url):  # the very object (ids can be reused)
            return True
        params = "&".join(f"{name}=***" for name in dict.fromkeys(url.params.keys()))
        where = scrub(str(url.copy_with(query=None, userinfo=b"")))
        masked = where + (f"?{params}" if params else "")
        record.args = (args[0], masked, *args[2:])
        return True


def _remember_url(url: httpx.URL) -> None:
    key = id(url)
    _SENT_URLS[key] = weakref.ref(url, lambda _: _SENT_URLS.pop(key, None))


def _endpoint_key(adapter: HttpAdapter) -> str:
    """Which service an adapter asks, for cache keys: a digest of its ``base_url`` and
    ``mode`` (when it has them), so that a cache shared by a staging and a production
    registry, or by two modes of one API, never answers one from the other.

    >>> class Adapter:
    ...     base_url, mode = "https://staging.example", "info"
    >>> _endpoint_key(Adapter()) == _endpoint_key(Adapter()), len(_endpoint_key(Adapter()))
    (True, 12)
    >>> other = Adapter(); other.base_url = "https://api.example"
    >>> _endpoint_key(other) == _endpoint_key(Adapter())
    False
    """
    where = f"{getattr(adapter, 'base_url', '')}|{getattr(adapter, 'mode', '')}"
    return hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:12]


_LIVE: weakref.WeakSet[HttpRegistry] = weakref.WeakSet()
"""The open registries of this process, to reset in a child after ``fork``."""


def _after_fork_in_child() -> None:
    for registry in list(_LIVE):
        registry._forked()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _hide_queries_in_httpx_logs() -> None:
    with _FILTER_LOCK:
        httpx_log = logging.getLogger("httpx")
        if not any(isinstance(existing, _HideQueries) for existing in httpx_log.filters):
            httpx_log.addFilter(_HideQueries())


_DEFAULT_USER_AGENT = f"qualcheck/{__version__}"


@dataclass(frozen=True)
class DriverOptions:
    """How :class:`HttpRegistry` talks to a registry (times in seconds).

    Timeouts (``connect_timeout``, ``read_timeout`` — between two reads —,
    ``write_timeout``, ``pool_timeout``) apply to each request; ``deadline`` bounds a whole
    look-up, every step, retry and wait included.  ``attempts`` counts the first try;
    backoff between attempts grows from ``backoff_base`` to ``backoff_max`` with jitter,
    or follows the registry's ``Retry-After`` up to ``retry_after_max`` (a longer one
    fails the look-up as ``rate_limited`` at once).  ``rate_limit`` is in requests per
    second (``None``: no limit); ``concurrency`` caps requests in flight.  The circuit
    breaker opens after ``breaker_fail_max`` look-ups in a row failed for transient reasons
    (``None``: no breaker) and lets a trial through after ``breaker_reset_timeout``.
    ``cache`` is ``None``, ``"memory"`` or a directory for an SQLite cache that survives
    restarts; found answers are kept ``cache_ttl``, not-found ones ``not_found_ttl``,
    failures never.  Bodies above ``max_body_bytes`` fail as ``oversized``.
    ``verify_tls`` and ``user_agent`` apply to the clients the driver creates.

    >>> DriverOptions(attempts=0)
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.ConfigError: DriverOptions.attempts must be >= 1, not 0
    """

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    write_timeout: float = 10.0
    pool_timeout: float = 10.0
    deadline: float = 30.0
    attempts: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    retry_after_max: float = 30.0
    rate_limit: float | None = None
    concurrency: int = 16
    breaker_fail_max: int | None = 5
    breaker_reset_timeout: float = 30.0
    cache: str | os.PathLike[str] | None = None
    cache_ttl: float = 7 * 24 * 3600.0
    not_found_ttl: float = 24 * 3600.0
    cache_maxsize: int = 10_000
    max_body_bytes: int = 1024 * 1024
    verify_tls: bool = True
    user_agent: str = field(default=_DEFAULT_USER_AGENT)

    def __post_init__(self) -> None:
        positive = (
            "connect_timeout",
            "read_timeout",
            "write_timeout",
            "pool_timeout",
            "deadline",
            "backoff_base",
            "backoff_max",
            "breaker_reset_timeout",
            "cache_ttl",
            "not_found_ttl",
        )
        for name in positive:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ConfigError(f"DriverOptions.{name} must be a number > 0, not {value!r}")
        at_least_one = ("attempts", "concurrency", "cache_maxsize", "max_body_bytes")
        for name in at_least_one:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"DriverOptions.{name} must be >= 1, not {value!r}")
        if not (isinstance(self.retry_after_max, (int, float)) and self.retry_after_max >= 0):
            raise ConfigError("DriverOptions.retry_after_max must be >= 0")
        if self.rate_limit is not None and not (
            isinstance(self.rate_limit, (int, float)) and self.rate_limit > 0
        ):
            raise ConfigError("DriverOptions.rate_limit must be > 0 requests per second, or None")
        if self.breaker_fail_max is not None and (
            isinstance(self.breaker_fail_max, bool)
            or not isinstance(self.breaker_fail_max, int)
            or self.breaker_fail_max < 1
        ):
            raise ConfigError("DriverOptions.breaker_fail_max must be >= 1, or None")
        if (
            isinstance(self.cache, str)
            and self.cache != "memory"
            and (not self.cache.strip() or self.cache.strip().lower() == "memory")
        ):
            message = "DriverOptions.cache must be None, 'memory' or a directory path"
            raise ConfigError(f"{message}, not {self.cache!r}")
        if self.backoff_max < self.backoff_base:
            raise ConfigError("DriverOptions.backoff_max must be >= backoff_base")


# -- failures inside the driver -------------------------------------------------------------


class _Failure(Exception):
    """A look-up attempt that went wrong: ``retryable`` ones are tried again; ``outage``
    ones count against the circuit breaker."""

    def __init__(
        self,
        reason: str,
        message: str,
        *,
        retryable: bool,
        outage: bool | None = None,
        retry_after: float | None = None,
        provider_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.retryable = retryable
        self.outage = retryable if outage is None else outage
        self.retry_after = retry_after
        self.provider_code = provider_code


class _OutOfTime(Exception):
    """Raised by the retry sleep when the wait would pass the deadline."""


class _Outage(Exception):
    """Tells the circuit breaker that a look-up failed for a transient reason."""


@dataclass
class _Progress:
    """Where a look-up is, for the detail of a failure."""

    label: str = ""
    attempt: int = 0
    last: _Failure | None = None
    waiting: str = ""


def _label(step: Step) -> str:
    """The step's label for details and logs, personal numbers masked (an adapter of the
    platform's own may name a step after what it asks)."""
    return scrub(step.label) if step.label else "request"


def _media_type(response: httpx.Response) -> str:
    value: str = response.headers.get("content-type", "")
    return value.split(";", 1)[0].strip().lower()


def _is_json(media_type: str) -> bool:
    return media_type in ("application/json", "text/json") or media_type.endswith("+json")


def _expects_json(request: httpx.Request) -> bool:
    return "json" in request.headers.get("accept", "").lower()


def _from_error(exc: RegistryError, label: str) -> _Failure:
    """A :class:`RegistryError` raised by an adapter, as a driver failure."""
    transient = isinstance(exc, RegistryUnavailable)
    return _Failure(
        exc.reason,
        f"{label}: {exc.message}",
        retryable=transient,
        retry_after=exc.retry_after if isinstance(exc, RegistryUnavailable) else None,
        provider_code=exc.provider_code,
    )


def _bug(where: str, exc: BaseException) -> str:
    """Log an adapter's unexpected exception (type and traceback lines, not its message,
    which may hold anything) and name it for a detail."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.debug("%s raised %s:\n%s", where, type(exc).__name__, frames)
    return type(exc).__name__


_DECODABLE = frozenset({"gzip", "x-gzip", "deflate", "identity"})
_ACCEPT_ENCODING = "gzip, deflate"


class _Layer:
    """One content coding to undo: gzip, or deflate (zlib-wrapped, or raw as some
    servers send it: tried when the first bytes are not a zlib header)."""

    __slots__ = ("coding", "decoder", "started")

    def __init__(self, coding: str) -> None:
        self.coding = coding
        gzip = coding in ("gzip", "x-gzip")
        self.decoder: Any = zlib.decompressobj(zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS)
        self.started = False

    def decompress(self, data: bytes, budget: int) -> bytes:
        """At most ``budget`` bytes decoded from ``data`` (``unconsumed_tail`` says if
        there was more); ``zlib.error`` when the data cannot be decoded."""
        try:
            out: bytes = self.decoder.decompress(data, budget)
        except zlib.error:
            if self.coding != "deflate" or self.started:
                raise
            self.decoder = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self.decoder.decompress(data, budget)
        self.started = True
        return out


class _Body:
    """Collects a response body from its raw bytes, undoing its ``Content-Encoding``
    (gzip, deflate), and fails as ``oversized`` past the limit — counting the raw bytes
    and the decoded ones, and never inflating more than the limit allows: a few kilobytes
    of gzip can stand for gigabytes."""

    def __init__(self, limit: int, label: str, encoding: str = "") -> None:
        self.limit = limit
        self.label = label
        self.size = 0
        self.raw_size = 0
        self.chunks: list[bytes] = []
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        unknown = [c for c in codings if c not in _DECODABLE]
        if unknown:
            raise _Failure(
                "malformed",
                f"step '{label}': the answer is encoded with {unknown[0][:20]!r}, which"
                " qualcheck does not decode (it asks for gzip or deflate)",
                retryable=False,
            )
        # undone in the reverse order of their application
        self._layers = [_Layer(c) for c in reversed(codings) if c != "identity"]

    def _too_large(self) -> _Failure:
        return _Failure(
            "oversized",
            f"step '{self.label}': the answer is larger than {self.limit} bytes",
            retryable=False,
        )

    def _undecodable(self) -> _Failure:
        return _Failure(
            "malformed",
            f"step '{self.label}': the answer could not be decoded (Content-Encoding)",
            retryable=False,
        )

    def _decode(self, chunk: bytes, layers: list[_Layer]) -> bytes:
        for layer in layers:
            if not chunk:
                break
            try:
                chunk = layer.decompress(chunk, self.limit - self.size + 1)
            except zlib.error:
                raise self._undecodable() from None
            if layer.decoder.unconsumed_tail:  # stopped at the budget: over the limit
                raise self._too_large()
        return chunk

    def _keep(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise self._too_large()
        if chunk:
            self.chunks.append(chunk)

    def add(self, chunk: bytes) -> None:
        """Add a chunk of the body as received (before decoding)."""
        self.raw_size += len(chunk)
        if self.raw_size > self.limit:
            raise self._too_large()
        self._keep(self._decode(chunk, self._layers))

    def finish(self) -> None:
        """The body has ended: flush the decoders; a compressed stream cut short is
        malformed."""
        for index, layer in enumerate(self._layers):
            try:
                tail = layer.decoder.flush()
            except zlib.error:
                raise self._undecodable() from None
            self._keep(self._decode(tail, self._layers[index + 1 :]))
            if self.raw_size and not layer.decoder.eof:
                raise self._undecodable()

    def bytes(self) -> bytes:
        return b"".join(self.chunks)


# -- the driver -----------------------------------------------------------------------------


def _require_extra(options: DriverOptions) -> None:
    """:class:`ConfigError` naming what to install when a package of the ``registry`` extra
    that ``options`` need is missing (``pip install .`` installs none of them)."""
    needed = ["tenacity"]
    if options.breaker_fail_max is not None:
        needed.append("pybreaker")
    if options.rate_limit:
        needed.append("pyrate_limiter")
    if options.cache == "memory":
        needed.append("cachetools")
    elif options.cache is not None:
        needed.append("diskcache")
    missing = []
    for name in needed:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise ConfigError(
            f"HttpRegistry needs {', '.join(missing)} (the 'registry' extra):"
            " pip install 'qualcheck[registry]'"
        )


class HttpRegistry:
    """A :class:`~qualcheck.registries.Registry` that runs ``adapter`` over HTTP.

    Pass ``client`` / ``async_client`` to use your own httpx clients (they are not closed
    by :meth:`close`, and their TLS and proxy settings win); otherwise the driver creates
    them on first use, with ``transport`` / ``async_transport`` if given.  Use it as a
    context manager (``with`` for ``lookup``, ``async with`` for ``alookup``) or call
    :meth:`close` / :meth:`aclose`.  The async side belongs to the event loop that first
    used it.
    """

    def __init__(
        self,
        adapter: HttpAdapter,
        options: DriverOptions | None = None,
        *,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if client is not None and transport is not None:
            raise ConfigError("pass either client or transport, not both")
        if async_client is not None and async_transport is not None:
            raise ConfigError("pass either async_client or async_transport, not both")
        options = options if options is not None else DriverOptions()
        _require_extra(options)
        _hide_queries_in_httpx_logs()
        self.adapter = adapter
        self.options = options
        self.name: str = adapter.name
        self.license_kinds: frozenset[str] = frozenset(adapter.license_kinds)
        self._endpoint = _endpoint_key(adapter)
        self._client = client
        self._owns_client = client is None
        self._async_client = async_client
        self._owns_async_client = async_client is None
        self._transport = transport
        self._async_transport = async_transport
        self._lock = threading.Lock()
        self._closed = False
        self._slots = threading.BoundedSemaphore(options.concurrency)
        self._async_slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._watchdog = Watchdog()
        self._cache: ResultCache | None = open_cache(
            options.cache,
            ttl=options.cache_ttl,
            not_found_ttl=options.not_found_ttl,
            maxsize=options.cache_maxsize,
        )
        self._limiter = (
            RateLimiter(options.rate_limit, name=self.name) if options.rate_limit else None
        )
        self._limit = options.max_body_bytes
        self._retry_kwargs: dict[str, Any] | None = None
        self._breaker: pybreaker.CircuitBreaker | None = None
        self._breaker_error: type[BaseException] = _NeverRaised
        if options.breaker_fail_max is not None:
            import pybreaker

            self._breaker = make_breaker(
                options.breaker_fail_max,
                options.breaker_reset_timeout,
                name=self.name,
                exclude=(_not_an_outage,),
            )
            self._breaker_error = pybreaker.CircuitBreakerError
        self._trial_lock = threading.Lock()
        self._trial_running = False
        self._flights: SingleFlight[LookupResult | RegistryAbort] = SingleFlight()
        _LIVE.add(self)

    def _forked(self) -> None:
        """In a child process after ``fork``: nothing the parent is using is shared.

        The pooled connections of the clients the driver made belong to the parent (a
        child reading from one could get the answer to the parent's question): the child
        makes its own clients, leaving the parent's untouched (not closed: closing could
        disturb the parent's connections).  Locks, semaphores, the watchdog's thread and
        the rate limiter are made afresh (another thread may have held a lock at the fork;
        threads do not survive it).  Clients passed in by the caller are the caller's to
        replace.
        """
        self._lock = threading.Lock()
        self._trial_lock = threading.Lock()
        self._trial_running = False
        self._flights.forked()
        self._slots = threading.BoundedSemaphore(self.options.concurrency)
        self._watchdog = Watchdog()
        if self._owns_client:
            self._client = None
        if self._owns_async_client:
            self._async_client = None
        self._loop = None
        self._async_slots = None
        if self._limiter is not None:
            self._limiter = RateLimiter(self.options.rate_limit or 1.0, name=self.name)
        if self._cache is not None:
            self._cache.forked()

    def __repr__(self) -> str:
        state = "closed" if self._closed else self.breaker_state
        return f"<HttpRegistry {self.name!r} {state}>"

    @property
    def breaker_state(self) -> str:
        """``closed``, ``open`` or ``half-open`` (``closed`` without a breaker)."""
        return str(self._breaker.current_state) if self._breaker is not None else "closed"

    @property
    def in_flight(self) -> int:
        """How many distinct look-ups are running now (callers of the same query wait for
        the one running instead of starting another: see the module docs)."""
        return len(self._flights)

    # -- life cycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the sync client the driver made, the cache and the rate limiter.

        An async client the driver made is closed by :meth:`aclose`.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            client, self._client = self._client, None
        _LIVE.discard(self)
        if client is not None and self._owns_client:
            client.close()
        self._watchdog.close()
        if self._limiter is not None:
            self._limiter.close()
        if self._cache is not None:
            self._cache.close()

    async def aclose(self) -> None:
        """Close everything, the async client the driver made included."""
        client, self._async_client = self._async_client, None
        if client is not None and self._owns_async_client:
            await client.aclose()
        self.close()

    def __enter__(self) -> HttpRegistry:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> HttpRegistry:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"the {self.name} HttpRegistry is closed")

    def _limits(self) -> httpx.Limits:
        import httpx

        size = self.options.concurrency
        return httpx.Limits(max_connections=size, max_keepalive_connections=size)

    def _timeout(self) -> httpx.Timeout:
        import httpx

        o = self.options
        return httpx.Timeout(
            connect=o.connect_timeout,
            read=o.read_timeout,
            write=o.write_timeout,
            pool=o.pool_timeout,
        )

    def _sync_client(self) -> httpx.Client:
        client = self._client
        if client is not None:
            return client
        import httpx

        with self._lock:
            self._check_open()
            if self._client is None:
                from qualcheck.registries._transport import sync_transport

                transport = self._transport or sync_transport(
                    verify=self.options.verify_tls, limits=self._limits()
                )
                self._client = httpx.Client(
                    transport=transport,
                    timeout=self._timeout(),
                    limits=self._limits(),
                    verify=self.options.verify_tls,
                    headers={"User-Agent": self.options.user_agent},
                )
            return self._client

    def _async_parts(self) -> tuple[httpx.AsyncClient, asyncio.Semaphore]:
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
            self._async_slots = asyncio.Semaphore(self.options.concurrency)
        elif self._loop is not loop:
            raise RuntimeError(
                f"the {self.name} HttpRegistry was first used in another event loop; make"
                " one HttpRegistry per loop (or pass async_client)"
            )
        if self._async_client is None:
            import httpx

            from qualcheck.registries._transport import AsyncioTransport

            transport = self._async_transport or AsyncioTransport(
                verify=self.options.verify_tls, max_idle=self.options.concurrency
            )
            self._async_client = httpx.AsyncClient(
                transport=transport,
                timeout=self._timeout(),
                limits=self._limits(),
                verify=self.options.verify_tls,
                headers={"User-Agent": self.options.user_agent},
            )
        assert self._async_slots is not None
        return self._async_client, self._async_slots

    # -- look-ups ---------------------------------------------------------------------------

    def _key(self, query: RegistryQuery) -> str:
        """The cache key of ``query``: the adapter, the endpoint and a SHA-256 of the
        query's key — never the query itself, which holds the seller's name and the legal
        representative's (a disk cache keeps its keys in plain text)."""
        digest = hashlib.sha256(query.key.encode("utf-8", "surrogatepass")).hexdigest()
        return f"{self.name}|{self._endpoint}|{digest}"

    def _cached(self, query: RegistryQuery) -> tuple[str, LookupResult | None]:
        """The cache key of ``query`` and the cached answer, if any (checks the registry
        is open first)."""
        self._check_open()
        key = self._key(query)
        return key, self._hit(key)

    def _hit(self, key: str) -> LookupResult | None:
        """The cached answer under ``key`` that this registry still accepts, if any."""
        hit = self._cache.get(key) if self._cache is not None else None
        if hit is not None and not self._fresh(hit):
            log.debug("%s: cached answer older than this registry keeps them", self.name)
            hit = None
        if hit is not None:
            log.debug("%s: cache hit (%s)", self.name, hit.status.value)
        return hit

    def _fresh(self, hit: LookupResult) -> bool:
        """Whether a cached answer is younger than *this* registry's time to live for it:
        a disk cache shared with a service that keeps answers longer (the writer sets
        the expiry) must not hand out an answer older than this one accepts."""
        o = self.options
        ttl = o.cache_ttl if hit.status is LookupStatus.FOUND else o.not_found_ttl
        fetched = hit.fetched_at
        if fetched.tzinfo is None:
            fetched = fetched.replace(tzinfo=datetime.timezone.utc)
        age = (datetime.datetime.now(datetime.timezone.utc) - fetched).total_seconds()
        return -ttl <= age <= ttl

    def _other_loop(self) -> LookupResult | None:
        """A failed result when the async side belongs to another event loop (one that
        is closed, or still open): the finding then says what to change."""
        loop = self._loop
        if loop is None or loop is asyncio.get_running_loop():
            return None
        state = "has been closed" if loop.is_closed() else "is still open"
        return LookupResult.failed(
            self.name,
            "provider_error",
            f"this HttpRegistry was first used in another event loop, which {state}; make"
            " one HttpRegistry per event loop (with asyncio.run, one per run)",
        )

    def lookup(self, query: RegistryQuery) -> LookupResult:
        """Answer ``query`` with the sync client (see the module docs)."""
        key, hit = self._cached(query)
        if hit is not None:
            return hit
        deadline = time.monotonic() + self.options.deadline
        while True:
            flight, leader = self._flights.join(key, stale_after=self.options.deadline)
            if leader:  # the answer may have landed since the cache was read (threads)
                with self._leading(flight) as land:
                    return land(self._hit(key) or self._lookup_now(query, key, deadline))
            if flight.blocks_this_thread():  # its leader waits for this thread: go alone
                return self._lookup_now(query, key, deadline)
            shared = self._shared(self._flights.wait(flight, deadline - time.monotonic()))
            if shared is not None:
                return shared
            key, hit = self._cached(query)  # the leader stopped: ask again, one of us leads
            if hit is not None:
                return hit

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        """Answer ``query`` with the async client (see the module docs)."""
        key, hit = self._cached(query)
        if hit is not None:
            return hit
        elsewhere = self._other_loop()
        if elsewhere is not None:
            log.warning("%s: %s", self.name, elsewhere.detail)
            return elsewhere
        deadline = time.monotonic() + self.options.deadline
        loop = asyncio.get_running_loop()
        while True:
            flight, leader = self._flights.join(key, loop, stale_after=self.options.deadline)
            if leader:  # nothing ran since the cache was read: no second read
                with self._leading(flight) as land:
                    return land(await self._alookup_now(query, key, deadline))
            outcome = await self._flights.await_(flight, deadline - time.monotonic())
            shared = self._shared(outcome)
            if shared is not None:
                return shared
            key, hit = self._cached(query)  # the leader stopped: ask again, one of us leads
            if hit is not None:
                return hit

    def _lookup_now(self, query: RegistryQuery, key: str, deadline: float) -> LookupResult:
        """Ask the registry (sync): breaker, retries, the answer kept in the cache."""
        if time.monotonic() >= deadline:
            return self._waited_too_long()
        progress = _Progress()
        try:
            with self._guard():
                result, outage = self._retrying(query, deadline, progress)
                if outage:
                    raise _Outage
        except _Outage:
            pass
        except self._breaker_error:
            return self._circuit_open()
        return self._finish(key, result)

    async def _alookup_now(self, query: RegistryQuery, key: str, deadline: float) -> LookupResult:
        """:meth:`_lookup_now` in the event loop, cancelled at the deadline."""
        if time.monotonic() >= deadline:
            return self._waited_too_long()
        progress = _Progress()
        try:
            with self._guard():
                try:
                    result, outage = await _within(
                        self._aretrying(query, deadline, progress), deadline - time.monotonic()
                    )
                except asyncio.TimeoutError:
                    result, outage = self._deadline_passed(progress), True
                if outage:
                    raise _Outage
        except _Outage:
            pass
        except self._breaker_error:
            return self._circuit_open()
        return self._finish(key, result)

    # -- single flight ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _leading(
        self, flight: Flight[LookupResult | RegistryAbort]
    ) -> Iterator[Callable[[LookupResult], LookupResult]]:
        """Lead ``flight``: yields ``land``, which hands a result to the flight's waiters
        (and returns it).  An abort is handed on too, and an unexpected error as a failed
        look-up (its waiters would meet it again, one after the other); a leader
        cancelled or interrupted abandons the flight — its waiters ask again.  The flight
        leaves the table whatever happens."""
        landed = False

        def land(result: LookupResult) -> LookupResult:
            nonlocal landed
            self._flights.land(flight, result)
            landed = True
            return result

        try:
            yield land
        except RegistryAbort as exc:
            self._flights.land(flight, exc)
            raise
        except Exception as exc:
            detail = f"the look-up raised {type(exc).__name__}"
            self._flights.land(flight, LookupResult.failed(self.name, "provider_error", detail))
            raise
        finally:
            if not landed:
                self._flights.abandon(flight)  # no-op once landed with an error

    def _shared(self, outcome: LookupResult | RegistryAbort | Missed) -> LookupResult | None:
        """What a waiter returns for the outcome of the flight it waited for: the
        leader's answer (marked ``cached``: this caller sent nothing), the leader's
        failure (its detail says it was shared), a timeout of the waiter's own, or
        ``None`` when the leader stopped without an outcome.  An abort is raised."""
        if outcome is Missed.ABANDONED:
            log.debug("%s: the look-up this one waited for stopped; asking again", self.name)
            return None
        if outcome is Missed.TIMED_OUT:
            return self._waited_too_long()
        if isinstance(outcome, RegistryAbort):
            try:
                error = copy.copy(outcome)  # each caller its own exception
            except Exception:  # an adapter's subclass that cannot be copied
                error = outcome
            raise error
        assert isinstance(outcome, LookupResult)
        log.debug("%s: answered by the same look-up in flight (%s)", self.name, outcome.status)
        if outcome.detail:
            note = "shared with the same look-up, already in flight for another caller"
            outcome = dataclasses.replace(outcome, detail=f"{outcome.detail}; {note}")
        if outcome.status is not LookupStatus.FAILED:
            outcome = dataclasses.replace(outcome, cached=True)
        return outcome

    def _waited_too_long(self) -> LookupResult:
        detail = (
            f"the deadline of {self.options.deadline:g} s passed waiting for the same look-up,"
            " already in flight for another caller"
        )
        log.warning("%s: look-up failed: timeout — %s", self.name, detail)
        return LookupResult.failed(self.name, "timeout", detail)

    def _guard(self) -> contextlib.AbstractContextManager[Any]:
        if self._breaker is None:
            return contextlib.nullcontext()
        return self._guarded()

    @contextlib.contextmanager
    def _guarded(self) -> Iterator[None]:
        """The circuit breaker around one look-up.  Once the circuit has opened, one
        look-up at a time is the trial (pybreaker lets every look-up through while it
        is half-open): the others fail at once, as while it is open, instead of piling
        onto a registry that may just be recovering.  A trial cancelled or interrupted
        by its caller decides nothing: the circuit stays half-open for the next one.

        Only a transient failure (:class:`_Outage`) counts as a failure, and an answer or
        an abort as a success (the registry is up).  A look-up cancelled or interrupted
        by its caller (or stopped by an unexpected error) is neither: pybreaker would
        take it for a success — resetting the failure count of a closed circuit, closing
        a half-open one — so its exit runs :func:`uncounted`."""
        assert self._breaker is not None
        with self._trial_lock:
            trial = self._breaker.current_state != "closed"
            if trial and self._trial_running:
                raise self._breaker_error("a trial look-up is under way")
            self._trial_running = self._trial_running or trial
        interrupted = False
        try:
            with contextlib.ExitStack() as exiting, self._breaker.calling():
                try:
                    yield
                except BaseException as exc:
                    interrupted = not isinstance(exc, (_Outage, RegistryAbort))
                    if interrupted:  # active while the breaker's exit runs (inner first)
                        exiting.enter_context(uncounted())
                    raise
        finally:
            if trial:
                with self._trial_lock:
                    if interrupted and self._breaker.current_state == "closed":
                        # a pybreaker without success counters closes the circuit on
                        # any success: a cancelled trial proves nothing
                        self._breaker.half_open()
                    self._trial_running = False

    def _finish(self, key: str, result: LookupResult) -> LookupResult:
        if result.status is LookupStatus.FAILED:
            detail = scrub(result.detail or "")  # an adapter of the platform may quote the query
            log.warning("%s: look-up failed: %s — %s", self.name, result.reason, detail)
            if result.detail and detail != result.detail:
                result = dataclasses.replace(result, detail=detail)
        elif self._cache is not None:
            self._cache.set(key, result)
        return result

    def _circuit_open(self) -> LookupResult:
        detail = (
            f"circuit breaker open after {self.options.breaker_fail_max} look-ups in a row"
            f" failed; a trial look-up is let through {self.options.breaker_reset_timeout:g} s"
            " after it opened"
        )
        log.debug("%s: %s", self.name, detail)
        return LookupResult.failed(self.name, "circuit_open", detail)

    def _failed(self, failure: _Failure, progress: _Progress, note: str = "") -> LookupResult:
        detail = failure.message
        if progress.attempt > 1:
            detail += f" ({progress.attempt} attempts)"
        if note:
            detail += f"; {note}"
        return LookupResult.failed(
            self.name, failure.reason, detail, provider_code=failure.provider_code
        )

    def _deadline_passed(self, progress: _Progress) -> LookupResult:
        where = f"step '{progress.label}'" if progress.label else "the look-up"
        if progress.waiting:
            detail = (
                f"{where}: the deadline of {self.options.deadline:g} s passed waiting for"
                f" {progress.waiting}"
            )
        else:
            detail = (
                f"{where}: no complete answer within the deadline of {self.options.deadline:g} s"
            )
        if progress.attempt > 1:
            detail += f" (attempt {progress.attempt})"
        return LookupResult.failed(self.name, "timeout", detail)

    # -- retries ----------------------------------------------------------------------------

    def _retry_options(self) -> dict[str, Any]:
        """tenacity's options (made once: building strategy classes per look-up is slow)."""
        options = self._retry_kwargs
        if options is not None:
            return options
        import tenacity

        o = self.options
        cap = o.retry_after_max
        name = self.name

        class _HopelessWait(tenacity.stop.stop_base):
            """Stop when the registry asks to wait longer than the cap."""

            def __call__(self, retry_state: RetryCallState) -> bool:
                asked = _asked_wait(retry_state)
                return asked is not None and asked > cap

        def before_sleep(retry_state: RetryCallState) -> None:
            outcome = retry_state.outcome
            failure = outcome.exception() if outcome is not None and outcome.failed else None
            if not isinstance(failure, _Failure):  # pragma: no cover - only _Failure is retried
                return
            wait = getattr(retry_state, "upcoming_sleep", None)
            if wait is None:  # tenacity < 8.3
                wait = getattr(getattr(retry_state, "next_action", None), "sleep", 0.0)
            log.info(
                "%s: %s (%s); attempt %d of %d in %.2f s",
                name,
                failure.message,
                failure.reason,
                retry_state.attempt_number + 1,
                o.attempts,
                wait,
            )

        options = {
            "stop": tenacity.stop_after_attempt(o.attempts) | _HopelessWait(),
            "wait": backoff(o.backoff_base, o.backoff_max, _asked_wait),
            "retry": tenacity.retry_if_exception(
                lambda exc: isinstance(exc, _Failure) and exc.retryable
            ),
            "reraise": True,
            "before_sleep": before_sleep,
        }
        self._retry_kwargs = options
        return options

    def _give_up(self, failure: _Failure, progress: _Progress) -> tuple[LookupResult, bool]:
        note = ""
        if failure.retry_after is not None and failure.retry_after > self.options.retry_after_max:
            note = (
                f"Retry-After {failure.retry_after:g} s is longer than"
                f" retry_after_max {self.options.retry_after_max:g} s"
            )
        return self._failed(failure, progress, note), failure.outage

    def _out_of_time(self, progress: _Progress) -> tuple[LookupResult, bool]:
        failure = progress.last
        if failure is None:  # pragma: no cover - the sleep follows a failure
            return self._deadline_passed(progress), True
        note = f"no time for another attempt within the deadline of {self.options.deadline:g} s"
        return self._failed(failure, progress, note), True

    def _sleeper(self, deadline: float) -> Callable[[float], None]:
        def sleep(seconds: float) -> None:
            if time.monotonic() + seconds >= deadline:
                raise _OutOfTime
            time.sleep(seconds)

        return sleep

    def _retrying(
        self, query: RegistryQuery, deadline: float, progress: _Progress
    ) -> tuple[LookupResult, bool]:
        """The look-up with retries.  The first attempt runs as it is (most look-ups need
        no retry machinery); a transient failure is then handed to tenacity as its first
        attempt's outcome, and tenacity decides whether, when and how often to try again."""
        import tenacity

        progress.attempt = 1
        try:
            return self._run_flow(query, deadline, progress), False
        except _Failure as failure:
            progress.last = failure
            if not failure.retryable:
                return self._give_up(failure, progress)
        try:
            for attempt in tenacity.Retrying(
                sleep=self._sleeper(deadline), **self._retry_options()
            ):
                with attempt:
                    number = attempt.retry_state.attempt_number
                    if number == 1:  # the first attempt's failure, for tenacity to judge
                        assert progress.last is not None
                        raise progress.last
                    progress.attempt = number
                    try:
                        return self._run_flow(query, deadline, progress), False
                    except _Failure as failure:
                        progress.last = failure
                        raise
        except _Failure as failure:
            return self._give_up(failure, progress)
        except _OutOfTime:
            return self._out_of_time(progress)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _aretrying(
        self, query: RegistryQuery, deadline: float, progress: _Progress
    ) -> tuple[LookupResult, bool]:
        """:meth:`_retrying` in the event loop."""
        import tenacity

        progress.attempt = 1
        try:
            return await self._arun_flow(query, deadline, progress), False
        except _Failure as failure:
            progress.last = failure
            if not failure.retryable:
                return self._give_up(failure, progress)

        async def sleep(seconds: float) -> None:
            if time.monotonic() + seconds >= deadline:
                raise _OutOfTime
            await asyncio.sleep(seconds)

        try:
            async for attempt in tenacity.AsyncRetrying(sleep=sleep, **self._retry_options()):
                with attempt:
                    number = attempt.retry_state.attempt_number
                    if number == 1:  # the first attempt's failure, for tenacity to judge
                        assert progress.last is not None
                        raise progress.last
                    progress.attempt = number
                    try:
                        return await self._arun_flow(query, deadline, progress), False
                    except _Failure as failure:
                        progress.last = failure
                        raise
        except _Failure as failure:
            return self._give_up(failure, progress)
        except _OutOfTime:
            return self._out_of_time(progress)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- the flow ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _adapter_code(self) -> Iterator[None]:
        """Run the adapter's code: an abort stops the run, a registry error fails the
        look-up as the error says, anything else is an adapter bug (failed, not retried)."""
        try:
            yield
        except _Failure:
            raise
        except RegistryAbort as exc:
            raise self._abort(exc) from None
        except RegistryError as exc:
            raise _from_error(exc, "flow") from None
        except Exception as exc:
            kind = _bug(f"{self.name}.flow", exc)
            raise _Failure(
                "provider_error", f"the {self.name} adapter failed ({kind})", retryable=False
            ) from None

    def _open_flow(self, query: RegistryQuery) -> Flow:
        with self._adapter_code():
            return self.adapter.flow(query)

    def _advance(self, flow: Flow, value: Any, first: bool) -> Step | LookupResult:
        """The flow's next step, or its result."""
        with self._adapter_code():
            try:
                item = next(flow) if first else flow.send(value)
            except StopIteration as stop:
                result = stop.value
                if not isinstance(result, LookupResult):
                    raise _Failure(
                        "provider_error",
                        f"the {self.name} adapter returned {type(result).__name__},"
                        " not a LookupResult",
                        retryable=False,
                    ) from None
                return result
        if not isinstance(item, Step):
            raise _Failure(
                "provider_error",
                f"the {self.name} adapter yielded {type(item).__name__}, not a Step",
                retryable=False,
            )
        return item

    @staticmethod
    def _close_flow(flow: Flow) -> None:
        with contextlib.suppress(Exception):
            flow.close()

    def _run_flow(self, query: RegistryQuery, deadline: float, progress: _Progress) -> LookupResult:
        flow = self._open_flow(query)
        try:
            item = self._advance(flow, None, first=True)
            while isinstance(item, Step):
                progress.label = _label(item)
                value = self._exchange(item, deadline)
                item = self._advance(flow, value, first=False)
            return item
        finally:
            self._close_flow(flow)

    async def _arun_flow(
        self, query: RegistryQuery, deadline: float, progress: _Progress
    ) -> LookupResult:
        flow = self._open_flow(query)
        try:
            item = self._advance(flow, None, first=True)
            while isinstance(item, Step):
                progress.label = _label(item)
                value = await self._aexchange(item, deadline, progress)
                item = self._advance(flow, value, first=False)
            return item
        finally:
            self._close_flow(flow)

    # -- one exchange -----------------------------------------------------------------------

    def _remaining(self, step: Step, deadline: float) -> float:
        """Seconds left before the deadline; none left fails the look-up as ``timeout``."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._too_late(step)
        return remaining

    def _too_late(self, step: Step, waiting_for: str = "") -> _Failure:
        where = f" waiting for {waiting_for}" if waiting_for else ""
        return _Failure(
            "timeout",
            f"step '{_label(step)}': the deadline of {self.options.deadline:g} s passed{where}",
            retryable=False,
            outage=True,
        )

    def _prepare(self, step: Step, deadline: float) -> httpx.Request:
        import httpx

        remaining = self._remaining(step, deadline)
        o = self.options
        request = step.request
        if "user-agent" not in request.headers:
            request.headers["User-Agent"] = o.user_agent
        if "accept-encoding" not in request.headers:  # what _Body can decode
            request.headers["Accept-Encoding"] = _ACCEPT_ENCODING
        request.extensions["timeout"] = httpx.Timeout(
            connect=min(o.connect_timeout, remaining),
            read=min(o.read_timeout, remaining),
            write=min(o.write_timeout, remaining),
            pool=min(o.pool_timeout, remaining),
        ).as_dict()
        _remember_url(request.url)
        return request

    def _exchange(self, step: Step, deadline: float) -> Any:
        from qualcheck.registries._transport import deadline_scope

        with deadline_scope(deadline):  # every read and write ends by the deadline
            return self._exchange_within(step, deadline)

    def _exchange_within(self, step: Step, deadline: float) -> Any:
        import httpx

        client = self._sync_client()
        request = self._prepare(step, deadline)
        if not self._slots.acquire(timeout=self._remaining(step, deadline)):
            raise self._too_late(step, "a free connection slot")
        try:
            if self._limiter is not None and not self._limiter.acquire(
                self._remaining(step, deadline)
            ):
                raise self._too_late(step, "the rate limit")
            started = time.monotonic()
            try:
                response = client.send(request, stream=True, follow_redirects=False)
            except httpx.HTTPError as exc:
                raise self._transport_failure(step, exc, deadline) from None
            try:
                stream = response.extensions.get("network_stream")
                token = self._watchdog.arm(deadline, lambda: _shut(stream)) if stream else None
                try:
                    problem = self._check_head(step, request, response)
                    if problem is not None and not _json_error_body(response, self._limit):
                        raise problem
                    body: _Body | None = None
                    try:
                        if _whole(response):
                            response.read()
                        else:
                            body = _Body(self._limit, _label(step), _encoding(response))
                            for chunk in response.iter_raw():
                                body.add(chunk)
                            body.finish()
                    except _Failure as failure:  # oversized, undecodable
                        raise problem or failure from None
                finally:
                    if token is not None:
                        self._watchdog.disarm(token)
            except httpx.HTTPError as exc:
                raise self._transport_failure(step, exc, deadline) from None
            finally:
                response.close()
        finally:
            self._slots.release()
        if problem is not None:
            self._reconsider(step, request, response, body, started, problem)
        return self._parse(step, request, response, body, started)

    async def _aexchange(self, step: Step, deadline: float, progress: _Progress) -> Any:
        import httpx

        client, slots = self._async_parts()
        request = self._prepare(step, deadline)
        progress.waiting = "a free connection slot"
        async with slots:
            progress.waiting = "the rate limit"
            if self._limiter is not None and not await self._limiter.aacquire(
                self._remaining(step, deadline)
            ):
                raise self._too_late(step, "the rate limit")
            progress.waiting = ""
            started = time.monotonic()
            try:
                response = await client.send(request, stream=True, follow_redirects=False)
            except httpx.HTTPError as exc:
                raise self._transport_failure(step, exc, deadline) from None
            try:
                problem = self._check_head(step, request, response)
                if problem is not None and not _json_error_body(response, self._limit):
                    raise problem
                body: _Body | None = None
                try:
                    if _whole(response):
                        await response.aread()
                    else:
                        body = _Body(self._limit, _label(step), _encoding(response))
                        async for chunk in response.aiter_raw():
                            body.add(chunk)
                        body.finish()
                except _Failure as failure:  # oversized, undecodable
                    raise problem or failure from None
            except httpx.HTTPError as exc:
                raise self._transport_failure(step, exc, deadline) from None
            finally:
                await response.aclose()
        if problem is not None:
            self._reconsider(step, request, response, body, started, problem)
        return self._parse(step, request, response, body, started)

    # -- classification (shared by both paths) ----------------------------------------------

    def _abort(self, exc: RegistryAbort) -> RegistryAbort:
        if not exc.source:
            exc.source = self.name
        return exc

    def _transport_failure(self, step: Step, exc: Exception, deadline: float) -> _Failure:
        import httpx

        label = _label(step)
        kind = type(exc).__name__
        if time.monotonic() >= deadline:
            return _Failure(
                "timeout",
                f"step '{label}': no complete answer within the deadline of"
                f" {self.options.deadline:g} s",
                retryable=False,
                outage=True,
            )
        if isinstance(exc, httpx.TimeoutException):
            phase = {
                httpx.ConnectTimeout: "connecting",
                httpx.ReadTimeout: "waiting for the answer",
                httpx.WriteTimeout: "sending the request",
                httpx.PoolTimeout: "waiting for a pooled connection",
            }.get(type(exc), "waiting")
            return _Failure("timeout", f"step '{label}': timed out {phase}", retryable=True)
        if isinstance(exc, (httpx.ConnectError, httpx.ProxyError)):
            return _Failure(
                "connect_error", f"step '{label}': could not connect ({kind})", retryable=True
            )
        if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)):
            return _Failure(
                "connection_reset",
                f"step '{label}': the connection was closed or reset ({kind})",
                retryable=True,
            )
        if isinstance(exc, httpx.DecodingError):
            return _Failure(
                "malformed", f"step '{label}': the answer could not be decoded", retryable=False
            )
        if isinstance(exc, httpx.NetworkError):
            return _Failure(
                "connection_reset", f"step '{label}': network error ({kind})", retryable=True
            )
        return _Failure(
            "provider_error",
            f"step '{label}': the request could not be sent ({kind})",
            retryable=False,
        )

    def _check_head(
        self, step: Step, request: httpx.Request, response: httpx.Response
    ) -> RegistryAbort | _Failure | None:
        """What the status line says: ``None`` for 2xx, else the failure the status means
        (returned: a JSON error body may say more, see :meth:`_reconsider`).  Raises for a
        2xx the step cannot use (another media type than the JSON it asked for, a body
        declared larger than the limit)."""
        label = _label(step)
        status = response.status_code
        if status >= 400:
            gateway = self._gateway_refusal(response, label)
            if gateway is not None:
                return gateway
        if status == 401 or status == 403:
            reason = "auth" if status == 401 else "forbidden"
            what = (
                "refused the credentials; check the key or token configured for it"
                if status == 401
                else "denied access; the account may lack permission for this API, or the"
                " calling IP address is not allowed"
            )
            return RegistryAbort(
                f"{self.name} {what} (HTTP {status} at step '{label}')",
                source=self.name,
                reason=reason,
            )
        if status == 429 or status >= 500 or status in _TRANSIENT_STATUSES:
            retry_after = retry_after_seconds(response.headers.get("retry-after"))
            reason = "rate_limited" if status == 429 else f"http_{status}"
            what = "rate limited (HTTP 429)" if status == 429 else f"HTTP {status}"
            if retry_after is not None:
                what += f", Retry-After {retry_after:g} s"
            return _Failure(
                reason, f"step '{label}': {what}", retryable=True, retry_after=retry_after
            )
        if 400 <= status < 500:
            return _Failure(
                "bad_request",
                f"step '{label}': the registry rejected the request (HTTP {status})",
                retryable=False,
            )
        if not 200 <= status < 300:
            return _Failure(f"http_{status}", f"step '{label}': HTTP {status}", retryable=False)
        media_type = _media_type(response)
        if _expects_json(request) and not _is_json(media_type):
            raise _Failure(
                "wrong_content_type",
                f"step '{label}': expected JSON, got {media_type or 'no content type'}",
                retryable=False,
            )
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.options.max_body_bytes:
            raise _Failure(
                "oversized",
                f"step '{label}': the answer is larger than {self.options.max_body_bytes} bytes",
                retryable=False,
            )
        return None

    def _gateway_refusal(
        self, response: httpx.Response, label: str
    ) -> RegistryAbort | _Failure | None:
        """What an API gateway's own refusal means when it says which one in
        ``X-Ca-Error-Message`` (Alibaba Cloud's API Gateway, in front of the market APIs):
        its throttling, sent with HTTP 403, is retried instead of stopping the run, and
        its key and quota errors, sent with HTTP 400, stop the run instead of failing
        every record.  ``None`` for a message the gateway table does not know."""
        from qualcheck.registries._adapter_support import Action, gateway_rule

        message = response.headers.get("x-ca-error-message")
        rule = gateway_rule(message)
        if rule is None or message is None:
            return None
        phrase = " ".join(message.split(",", 1)[0].split())[:60]
        what = (
            f"{self.name}: the API gateway refused the call (HTTP {response.status_code},"
            f" X-Ca-Error-Message {phrase}: {rule.meaning}) at step '{label}'"
        )
        if rule.action is Action.ABORT:
            return RegistryAbort(f"{what}; {rule.hint}", source=self.name, reason=rule.reason)
        retry_after = retry_after_seconds(response.headers.get("retry-after"))
        return _Failure(
            rule.reason,
            f"step '{label}': the API gateway refused the call (HTTP {response.status_code},"
            f" X-Ca-Error-Message {phrase}: {rule.meaning})",
            retryable=rule.action is Action.RETRY,
            retry_after=retry_after,
            provider_code=phrase,
        )

    def _reconsider(
        self,
        step: Step,
        request: httpx.Request,
        response: httpx.Response,
        body: _Body | None,
        started: float,
        problem: RegistryAbort | _Failure,
    ) -> NoReturn:
        """An error status with a JSON body: let the step's ``parse`` read the provider's
        code first.  What the adapter recognises wins — an abort; a transient error (with
        its own ``Retry-After``); for a 4xx, any failure but an unreadable answer.  An
        answer the adapter cannot place, or accepts, fails as the status says."""
        try:
            self._parse(step, request, response, body, started)
        except RegistryAbort:
            raise
        except _Failure as failure:
            transient_status = isinstance(problem, _Failure) and problem.retryable
            if failure.retryable or (not transient_status and failure.reason not in _UNREADABLE):
                raise
        raise problem

    def _parse(
        self,
        step: Step,
        request: httpx.Request,
        response: httpx.Response,
        body: _Body | None,
        started: float,
    ) -> Any:
        import httpx

        label = _label(step)
        elapsed = (time.monotonic() - started) * 1000
        if body is None:  # read whole: a Content-Length within the limit, no encoding
            complete = response
            size = len(response.content)
        else:  # read in chunks up to the limit: a response of its own for parse
            skip = {"content-encoding", "content-length", "transfer-encoding"}
            headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in skip]
            complete = httpx.Response(
                response.status_code,
                headers=headers,
                content=body.bytes(),
                request=request,
                extensions={"http_version": response.extensions.get("http_version", b"HTTP/1.1")},
            )
            size = body.size
        log.debug(
            "%s: step '%s' HTTP %d, %d bytes in %.0f ms",
            self.name,
            label,
            response.status_code,
            size,
            elapsed,
        )
        try:
            return step.parse(complete)
        except RegistryAbort as exc:
            raise self._abort(exc) from None
        except RegistryError as exc:
            raise _from_error(exc, f"step '{label}'") from None
        except Exception as exc:
            kind = _bug(f"{self.name} step '{label}' parse", exc)
            media_type = _media_type(response)
            if media_type and not _is_json(media_type) and isinstance(exc, ValueError):
                raise _Failure(
                    "wrong_content_type",
                    f"step '{label}': could not read an answer of type {media_type} ({kind})",
                    retryable=False,
                ) from None
            raise _Failure(
                "malformed", f"step '{label}': could not read the answer ({kind})", retryable=False
            ) from None


async def _within(awaitable: Coroutine[Any, Any, _T], seconds: float) -> _T:
    """``await awaitable``, cancelled after ``seconds`` (``asyncio.TimeoutError``); with
    ``asyncio.timeout`` where there is one (3.11+: no extra task), else ``wait_for``."""
    timeout = getattr(asyncio, "timeout", None)
    if timeout is None:  # pragma: no cover - Python 3.10
        return await asyncio.wait_for(awaitable, seconds)
    async with timeout(seconds):
        return await awaitable


def _not_an_outage(exc: BaseException) -> bool:
    """What the circuit breaker does not count as a failure: anything but a transient
    failure of the look-up — an abort, and a look-up cancelled or interrupted by its
    caller (which says nothing about the registry)."""
    return not isinstance(exc, _Outage)


class _NeverRaised(Exception):
    """Stands for the breaker's error when there is no breaker."""


def _json_error_body(response: httpx.Response, limit: int) -> bool:
    """Whether an error status came with a JSON body worth showing the adapter (some
    providers, Alibaba Cloud among them, send their error codes that way)."""
    length = response.headers.get("content-length", "")
    small = not length.isdigit() or int(length) <= limit
    return _is_json(_media_type(response)) and small and response.status_code >= 400


def _encoding(response: httpx.Response) -> str:
    """The response's ``Content-Encoding`` header(s), joined."""
    return ",".join(response.headers.get_list("content-encoding"))


def _whole(response: httpx.Response) -> bool:
    """Whether the body can be read in one go: its length is declared (and was checked
    against the limit) and it is not compressed (a compressed body could inflate past it)."""
    headers = response.headers
    return "content-encoding" not in headers and headers.get("content-length", "").isdigit()


def _asked_wait(retry_state: RetryCallState) -> float | None:
    outcome = retry_state.outcome
    exc = outcome.exception() if outcome is not None and outcome.failed else None
    return exc.retry_after if isinstance(exc, _Failure) else None


def _shut(stream: Any) -> None:
    """Shut a sync response's socket down: the blocked read returns, the look-up ends."""
    import socket

    sock = stream.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
