"""The driver's guards, kept apart from the HTTP code: rate limit, watchdog, breaker, backoff.

* :class:`RateLimiter` spreads requests over time with pyrate-limiter: a sliding window of
  ``R`` requests a second *and* a window a fifth of that size, so that a burst never
  exceeds a fifth of a second's worth — a provider that limits with a token bucket (most
  gateways) then never answers 429, and waiting for the small window costs little
  throughput.  Blocking, sync and async, bounded by a timeout.
* :class:`Watchdog` shuts the socket of a sync response whose look-up ran past its
  deadline, so that a body trickling in byte by byte cannot hold a thread longer than the
  deadline (the async driver cancels instead).
* :func:`make_breaker` builds the pybreaker circuit breaker, whose counters stand still
  inside :func:`uncounted` (a look-up cancelled by its caller is neither a success nor a
  failure); :func:`backoff` the tenacity wait (exponential with jitter, or the
  ``Retry-After`` the registry asked for); :func:`retry_after_seconds` reads that header
  (seconds or an HTTP date).

>>> [(rate.limit, rate.interval) for rate in rates(200)]
[(40, 200), (200, 1000)]
>>> retry_after_seconds("120"), retry_after_seconds("soon")
(120.0, None)

The libraries are imported when a guard is built, not with this module.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime
import email.utils
import heapq
import itertools
import math
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pybreaker
    from pyrate_limiter import Rate
    from tenacity import RetryCallState
    from tenacity.wait import wait_base

__all__ = [
    "RateLimiter",
    "Watchdog",
    "backoff",
    "make_breaker",
    "rates",
    "retry_after_seconds",
    "uncounted",
]


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """A ``Retry-After`` header in seconds (``None`` when absent or unreadable).

    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0)
    10.0
    """
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        seconds = when.timestamp() - (time.time() if now is None else now)
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


# -- rate limit ---------------------------------------------------------------------------


def rates(per_second: float) -> list[Rate]:
    """The pyrate-limiter rates for ``per_second`` requests a second (see the module docs)."""
    from pyrate_limiter import Rate

    limit = max(1, round(per_second))
    window = Rate(limit, math.ceil(limit * 1000 / per_second))
    if limit < 5:
        return [window]
    fine_limit = limit // 5
    fine = Rate(fine_limit, math.ceil(fine_limit * 1000 / per_second))
    if fine.interval >= window.interval or fine_limit / fine.interval < limit / window.interval:
        return [window]
    return [fine, window]


class RateLimiter:
    """At most ``per_second`` acquisitions a second, evenly spread (pyrate-limiter 3 or 4)."""

    def __init__(self, per_second: float, name: str = "registry") -> None:
        import pyrate_limiter

        self.per_second = per_second
        self.name = name
        self._v4 = hasattr(pyrate_limiter.Limiter, "try_acquire_async")
        if self._v4:
            self._limiter = pyrate_limiter.Limiter(rates(per_second), buffer_ms=1)
        else:  # pragma: no cover - pyrate-limiter 3.x: poll without raising
            self._limiter = pyrate_limiter.Limiter(
                rates(per_second),
                raise_when_fail=False,  # type: ignore[call-arg,unused-ignore]
            )
        self._poll = min(0.05, max(0.001, 0.5 / per_second))

    def acquire(self, timeout: float) -> bool:
        """Wait (blocking) for a permit, at most ``timeout`` seconds; ``False`` if none came."""
        if self._v4:
            return bool(self._limiter.try_acquire(self.name, timeout=max(0.0, timeout)))
        end = time.monotonic() + timeout  # pragma: no cover
        while not self._limiter.try_acquire(self.name):  # pragma: no cover
            if time.monotonic() + self._poll > end:
                return False
            time.sleep(self._poll)
        return True  # pragma: no cover

    async def aacquire(self, timeout: float) -> bool:
        """Wait in the event loop for a permit, at most ``timeout`` seconds."""
        if self._v4:
            return bool(await self._limiter.try_acquire_async(self.name, timeout=max(0.0, timeout)))
        end = time.monotonic() + timeout  # pragma: no cover
        while not self._limiter.try_acquire(self.name):  # pragma: no cover
            if time.monotonic() + self._poll > end:
                return False
            await asyncio.sleep(self._poll)
        return True  # pragma: no cover

    def close(self) -> None:
        """Stop the limiter's background leak thread."""
        close = getattr(self._limiter, "close", None)
        if close is not None:
            close()


# -- watchdog -----------------------------------------------------------------------------


class Watchdog:
    """Runs an action at a given monotonic time unless it was disarmed first.

    One daemon thread, started on first use, stopped by :meth:`close`.  An action runs
    under the watchdog's lock, so once :meth:`disarm` returns it is not running and will
    not run.

    >>> fired = []
    >>> dog = Watchdog()
    >>> token = dog.arm(time.monotonic(), lambda: fired.append(1))
    >>> for _ in range(200):
    ...     if fired:
    ...         break
    ...     time.sleep(0.01)
    >>> dog.disarm(dog.arm(time.monotonic() + 60, lambda: fired.append(2)))
    >>> dog.close()
    >>> fired
    [1]
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._actions: dict[int, Callable[[], object]] = {}
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None
        self._closed = False

    def arm(self, when: float, action: Callable[[], object]) -> int:
        """Run ``action`` at ``when`` (``time.monotonic()`` seconds); returns a token."""
        with self._cond:
            if self._closed:
                raise RuntimeError("the watchdog is closed")
            token = next(self._ids)
            self._actions[token] = action
            heapq.heappush(self._heap, (when, token))
            if len(self._heap) > 64 and len(self._heap) > 4 * len(self._actions):
                self._heap = [entry for entry in self._heap if entry[1] in self._actions]
                heapq.heapify(self._heap)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="qualcheck-registry-watchdog", daemon=True
                )
                self._thread.start()
            else:
                self._cond.notify()
        return token

    def disarm(self, token: int) -> None:
        """Do not run the action of ``token`` (if it has not run)."""
        with self._cond:
            self._actions.pop(token, None)

    def close(self) -> None:
        """Drop every pending action and stop the thread."""
        with self._cond:
            self._closed = True
            self._actions.clear()
            self._heap.clear()
            self._cond.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                while self._heap and self._heap[0][1] not in self._actions:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                when, token = self._heap[0]
                wait = when - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
                action = self._actions.pop(token)
                with contextlib.suppress(Exception):
                    action()


# -- circuit breaker and backoff ----------------------------------------------------------

_UNCOUNTED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "qualcheck_breaker_uncounted", default=False
)


@contextlib.contextmanager
def uncounted() -> Iterator[None]:
    """Within this block (in this thread or task only), the breakers of :func:`make_breaker`
    count nothing: pybreaker takes every outcome it is told of for a success or a failure,
    and a success resets the failure counter (and closes a half-open circuit) — wrong for
    a look-up its caller cancelled, which says nothing about the registry.  Wrap the
    breaker's exit in it for such a look-up: the counters and the state stay as they were.

    >>> breaker = make_breaker(3, 30, name="doc", exclude=(lambda exc: True,))
    >>> breaker.fail_counter
    0
    >>> breaker._state_storage.increment_counter()
    >>> with uncounted():
    ...     breaker._state_storage.reset_counter()
    >>> breaker.fail_counter
    1
    """
    token = _UNCOUNTED.set(True)
    try:
        yield
    finally:
        _UNCOUNTED.reset(token)


def _storage() -> pybreaker.CircuitBreakerStorage:
    """pybreaker's memory storage, whose counters stand still inside :func:`uncounted`."""
    import pybreaker

    class _Storage(pybreaker.CircuitMemoryStorage):
        def increment_counter(self) -> None:
            if not _UNCOUNTED.get():
                super().increment_counter()

        def reset_counter(self) -> None:
            if not _UNCOUNTED.get():
                super().reset_counter()

        def increment_success_counter(self) -> None:
            if not _UNCOUNTED.get():
                super().increment_success_counter()

        def reset_success_counter(self) -> None:
            if not _UNCOUNTED.get():
                super().reset_success_counter()

    return _Storage(pybreaker.STATE_CLOSED)


def make_breaker(
    fail_max: int,
    reset_timeout: float,
    *,
    name: str,
    exclude: tuple[type[BaseException] | Callable[[BaseException], bool], ...],
) -> pybreaker.CircuitBreaker:
    """A pybreaker circuit breaker that re-raises the failure that trips it (instead of
    its own error), ignoring ``exclude`` (exception types, or predicates saying which
    exceptions are not failures), counting nothing inside :func:`uncounted`, and logs
    its state changes."""
    import logging

    import pybreaker

    log = logging.getLogger("qualcheck.registries")

    class _Log(pybreaker.CircuitBreakerListener):
        def state_change(
            self,
            cb: pybreaker.CircuitBreaker,
            old_state: pybreaker.CircuitBreakerState | None,
            new_state: pybreaker.CircuitBreakerState,
        ) -> None:
            level = logging.WARNING if new_state.name == "open" else logging.INFO
            log.log(level, "%s: circuit breaker %s", name, new_state.name)

    kwargs: dict[str, Any] = {
        "fail_max": fail_max,
        "reset_timeout": reset_timeout,
        "exclude": list(exclude),
        "listeners": [_Log()],
        "name": name,
        "state_storage": _storage(),
    }
    try:
        return pybreaker.CircuitBreaker(**kwargs, throw_new_error_on_trip=False)
    except TypeError:  # pragma: no cover - pybreaker < 1.0 always raises its own error
        return pybreaker.CircuitBreaker(**kwargs)


def backoff(
    base: float, maximum: float, retry_after: Callable[[RetryCallState], float | None]
) -> wait_base:
    """A tenacity wait: what ``retry_after`` returns for the failed attempt, when it
    returns a number; else exponential backoff from ``base`` to ``maximum`` seconds with
    "equal jitter" (half the delay fixed, half random)."""
    import tenacity

    half = base / 2
    exponential = tenacity.wait_exponential(multiplier=half, max=maximum / 2) + (
        tenacity.wait_random_exponential(multiplier=half, max=maximum / 2)
    )

    class _Backoff(tenacity.wait.wait_base):
        def __call__(self, retry_state: RetryCallState) -> float:
            asked = retry_after(retry_state)
            return asked if asked is not None else exponential(retry_state)

    return _Backoff()
