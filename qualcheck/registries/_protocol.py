"""The two shapes a registry adapter can take.

* A :class:`Registry` answers queries itself, synchronously and asynchronously — the
  SQLite snapshot, the in-memory registry, a test double, or
  :class:`~qualcheck.registries.HttpRegistry` wrapping an HTTP adapter.
* An :class:`HttpAdapter` is sans-IO: for a query it returns a *flow*, a generator that
  yields :class:`Step` objects (an ``httpx.Request`` and the function that reads its
  response) and finally returns a :class:`~qualcheck.registries.LookupResult`.  The
  driver sends each request — with timeouts, retries, rate limits, a circuit breaker and
  a cache — and sends the parsed value back into the flow.  The same adapter therefore
  runs under a sync and an async client, and is tested without a network.

Third-party adapters need no registration: any class with these attributes works.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from qualcheck.registries._record import LookupResult, RegistryQuery

if TYPE_CHECKING:
    import httpx

__all__ = ["Flow", "HttpAdapter", "Registry", "Step"]


@runtime_checkable
class Registry(Protocol):
    """Anything that answers :class:`~qualcheck.registries.RegistryQuery` objects.

    ``name`` is the source name recorded as evidence; ``license_kinds`` are the document
    kinds whose licences it can list.  ``lookup`` and ``alookup`` return a
    :class:`~qualcheck.registries.LookupResult` — *not found* and outages included — and
    raise only :class:`~qualcheck.registries.RegistryAbort`.
    """

    name: str
    license_kinds: frozenset[str]

    def lookup(self, query: RegistryQuery) -> LookupResult:
        """Answer ``query`` (blocking)."""
        ...

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        """Answer ``query`` (in an event loop)."""
        ...


@dataclass(frozen=True, slots=True)
class Step:
    """One HTTP exchange of a flow: the request to send and how to read its response.

    ``parse`` receives a 2xx response, or an error status whose body is JSON (a provider's
    envelope may say more than the status; behind an error status only a raise is heard,
    otherwise the status decides); it returns any value (sent back into the flow) or
    raises a
    :class:`~qualcheck.registries.RegistryError` subclass — ``RegistryUnavailable`` for a
    provider's transient code (retried), ``RegistryResponseError`` for an unusable answer,
    ``RegistryAbort`` to stop the run.  ``label`` names the step in evidence and logs.
    """

    request: httpx.Request
    parse: Callable[[httpx.Response], Any]
    label: str = ""


Flow = Generator[Step, Any, LookupResult]
"""What :meth:`HttpAdapter.flow` returns."""


@runtime_checkable
class HttpAdapter(Protocol):
    """A sans-IO adapter for an HTTP registry API (see the module docs)."""

    name: str
    license_kinds: frozenset[str]

    def flow(self, query: RegistryQuery) -> Flow:
        """The exchanges that answer ``query``, ending in a ``LookupResult``."""
        ...
