"""Single-flight: at most one look-up per key in flight; the other callers wait for it.

:class:`~qualcheck.registries.HttpRegistry` asks a paid provider.  A batch with many shops
of one company, or ``averify_many`` over records that share a USCC, starts the same
look-up many times at once — before the first answer reaches the cache.  A
:class:`SingleFlight` table lets the first caller of a key (the *leader*) run the
look-up and the others (*waiters*) wait for its outcome, from asyncio tasks or from
threads alike:

* :meth:`SingleFlight.join` makes the caller the leader of a new :class:`Flight`, or
  returns the flight in progress — unless that one started more than ``stale_after``
  seconds ago: a leader ends by its deadline, and one that has not (a task left pending
  in an event loop that no longer runs, an adapter stuck in its own code) must not hold
  every later caller of its key; a new flight replaces it in the table;
* the leader ends it with :meth:`SingleFlight.land` (an outcome, handed to every waiter)
  or :meth:`SingleFlight.abandon` (cancelled, interrupted: no outcome); either way the
  flight leaves the table first, so a later caller starts afresh;
* a waiter calls :meth:`SingleFlight.wait` (blocking) or :meth:`SingleFlight.await_` (in
  its event loop) with its *own* time left, and gets the outcome, :attr:`Missed.ABANDONED`
  (the leader stopped without one: try again, one waiter becomes the leader) or
  :attr:`Missed.TIMED_OUT`.  A waiter cancelled or timed out leaves the flight as it is.

Nothing is kept once a flight lands: what outlives it is the cache's business.

>>> flights: SingleFlight[str] = SingleFlight()
>>> first, leads = flights.join("k")
>>> second, also_leads = flights.join("k")
>>> leads, also_leads, first is second, len(flights)
(True, False, True, 1)
>>> flights.wait(second, 0.0)
<Missed.TIMED_OUT: 'timed out'>
>>> flights.land(first, "answer")
>>> flights.wait(second, 0.0), len(flights)
('answer', 0)
>>> third, leads = flights.join("k")
>>> flights.abandon(third)
>>> leads, flights.wait(third, 1.0)
(True, <Missed.ABANDONED: 'abandoned'>)
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import enum
import threading
import time
from typing import Generic, TypeVar

__all__ = ["Flight", "Missed", "SingleFlight"]

_T = TypeVar("_T")


class Missed(enum.Enum):
    """Why a waiter got no outcome."""

    ABANDONED = "abandoned"
    """The leader stopped without an outcome (cancelled, interrupted): try again."""
    TIMED_OUT = "timed out"
    """The waiter's own time ran out first."""


class Flight(Generic[_T]):
    """One look-up in flight: its key, where its leader runs, and its outcome to come."""

    __slots__ = ("_future", "key", "loop", "started")

    def __init__(self, key: str, loop: asyncio.AbstractEventLoop | None) -> None:
        self.key = key
        self.loop = loop
        """The leader's event loop (``None``: a blocking call)."""
        self.started = time.monotonic()
        self._future: concurrent.futures.Future[_T | Missed] = concurrent.futures.Future()

    def __repr__(self) -> str:
        state = "landed" if self._future.done() else "in flight"
        return f"<Flight {state}>"

    def blocks_this_thread(self) -> bool:
        """Whether waiting for this flight *blocking* would hold its own leader: the
        leader is a task of the event loop running in this very thread (a sync look-up
        made from a coroutine), which cannot move while the thread waits."""
        if self.loop is None:
            return False
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            return False
        return running is self.loop

    def _settle(self, outcome: _T | Missed) -> None:
        if not self._future.done():
            self._future.set_result(outcome)


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class SingleFlight(Generic[_T]):
    """The flights in progress, by key (see the module docs); safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flights: dict[str, Flight[_T]] = {}

    def __len__(self) -> int:
        """How many flights are in progress."""
        return len(self._flights)

    def join(
        self,
        key: str,
        loop: asyncio.AbstractEventLoop | None = None,
        *,
        stale_after: float = float("inf"),
    ) -> tuple[Flight[_T], bool]:
        """The flight of ``key`` and whether the caller leads it (it started it).
        ``loop`` is the caller's event loop, ``None`` for a blocking caller; a flight
        older than ``stale_after`` seconds is not joined but replaced."""
        with self._lock:
            flight = self._flights.get(key)
            if flight is not None and time.monotonic() - flight.started <= stale_after:
                return flight, False
            flight = self._flights[key] = Flight(key, loop)
            return flight, True

    def _remove(self, flight: Flight[_T]) -> None:
        with self._lock:
            if self._flights.get(flight.key) is flight:
                del self._flights[flight.key]

    def land(self, flight: Flight[_T], outcome: _T) -> None:
        """End ``flight`` with ``outcome``, which its waiters get."""
        self._remove(flight)
        flight._settle(outcome)

    def abandon(self, flight: Flight[_T]) -> None:
        """End ``flight`` without an outcome: its waiters get :attr:`Missed.ABANDONED`."""
        self._remove(flight)
        flight._settle(Missed.ABANDONED)

    @staticmethod
    def wait(flight: Flight[_T], timeout: float) -> _T | Missed:
        """Block until ``flight`` ends, at most ``timeout`` seconds."""
        try:
            return flight._future.result(timeout=max(0.0, timeout))
        except concurrent.futures.TimeoutError:
            return Missed.TIMED_OUT

    @staticmethod
    async def await_(flight: Flight[_T], timeout: float) -> _T | Missed:
        """Wait in the event loop until ``flight`` ends, at most ``timeout`` seconds.
        Cancelling the waiter leaves the flight alone."""
        future = flight._future
        if not future.done():
            loop = asyncio.get_running_loop()
            woken: asyncio.Future[None] = loop.create_future()

            def wake(_: object) -> None:
                with contextlib.suppress(RuntimeError):  # the waiter's loop has closed
                    loop.call_soon_threadsafe(_wake, woken)

            future.add_done_callback(wake)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(woken, max(0.0, timeout))
            if not future.done():
                return Missed.TIMED_OUT
        return future.result()

    def forked(self) -> None:
        """In a child process after ``fork``: the parent's leaders do not run here."""
        self._lock = threading.Lock()
        self._flights = {}
