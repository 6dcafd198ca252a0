"""Fixtures for the registry tests: a real HTTP server on loopback, and a way to run the
same test through the sync and the async driver.

* ``registry_server`` — a started :class:`~qualcheck.testing.registry_server.RegistryServer`
  (no handler: it echoes); set ``registry_server.handler`` in the test.
* ``registry_server_factory`` — ``factory(handler=None, **options)`` for a server with
  latency or a rate limit; every server made is stopped after the test.
* ``driver_mode`` — ``"sync"`` and ``"async"``: a test that uses ``open_registry`` runs
  once with each.
* ``open_registry`` — ``open_registry(adapter, **driver_options)`` returns a
  :class:`DriverSession` whose ``lookup``/``lookup_many`` go through ``HttpRegistry.lookup``
  or ``alookup``; closed after the test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from qualcheck.registries import HttpAdapter, LookupResult, RegistryQuery
from qualcheck.registries.driver import DriverOptions, HttpRegistry
from qualcheck.testing.registry_server import Handler, RegistryServer


@pytest.fixture
def registry_server() -> Iterator[RegistryServer]:
    with RegistryServer() as server:
        yield server


@pytest.fixture
def registry_server_factory() -> Iterator[Callable[..., RegistryServer]]:
    servers: list[RegistryServer] = []

    def make(handler: Handler | None = None, **options: Any) -> RegistryServer:
        server = RegistryServer(handler, **options).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


class DriverSession:
    """One :class:`HttpRegistry`, driven sync or async (one event loop for the session)."""

    def __init__(self, mode: str, registry: HttpRegistry) -> None:
        self.mode = mode
        self.registry = registry
        self._loop = asyncio.new_event_loop() if mode == "async" else None

    def lookup(self, query: RegistryQuery) -> LookupResult:
        if self._loop is None:
            return self.registry.lookup(query)
        return self._loop.run_until_complete(self.registry.alookup(query))

    def lookup_many(self, queries: Sequence[RegistryQuery]) -> list[LookupResult]:
        """Look ``queries`` up at the same time (threads, or tasks)."""
        if self._loop is None:
            with ThreadPoolExecutor(max_workers=len(queries)) as pool:
                return list(pool.map(self.registry.lookup, queries))

        async def gather() -> list[LookupResult]:
            return list(await asyncio.gather(*(self.registry.alookup(q) for q in queries)))

        return self._loop.run_until_complete(gather())

    def close(self) -> None:
        """Close the registry (and the event loop); idempotent."""
        if self._loop is None:
            self.registry.close()
            return
        if self._loop.is_closed():
            return
        try:
            self._loop.run_until_complete(self.registry.aclose())
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
        finally:
            self._loop.close()


@pytest.fixture(params=["sync", "async"])
def driver_mode(request: pytest.FixtureRequest) -> str:
    mode: str = request.param
    return mode


@pytest.fixture
def open_registry(driver_mode: str) -> Iterator[Callable[..., DriverSession]]:
    sessions: list[DriverSession] = []

    def make(adapter: HttpAdapter, **options: Any) -> DriverSession:
        session = DriverSession(driver_mode, HttpRegistry(adapter, DriverOptions(**options)))
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()
