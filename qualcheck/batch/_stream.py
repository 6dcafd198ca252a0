"""Verify many records in order, a bounded number at a time.

:func:`iter_verify` is a plain generator for blocking code (a web worker, a script, a
database cursor); :func:`averify_many` an async generator for code that runs in an event
loop.  Both yield one :class:`~qualcheck.Report` per record, in input order (unless
``ordered=False``), and hold at most ``concurrency`` records in flight: a million records
stream through in constant memory.  Only registry look-ups overlap — the checks
themselves are quick and run one after the other.  At most ``concurrency`` look-ups are
in flight; up to four times as many records are read ahead, so that one slow look-up does
not hold up the others while the reports wait to come out in order.

>>> import datetime, random
>>> from qualcheck.testing import make_merchant
>>> as_of = datetime.date(2026, 11, 29)
>>> rng = random.Random(5)
>>> records = [make_merchant("food_shop", as_of=as_of, rng=rng),
...            make_merchant("pharmacy", as_of=as_of, rng=rng, expired=["drug_business"]),
...            "{not json"]
>>> [report.decision.value for report in iter_verify(records, as_of=as_of)]
['pass', 'fail', 'review']

A :class:`~qualcheck.registries.RegistryAbort` (bad credentials, an exhausted quota)
stops the stream: look-ups not yet started are dropped, those in flight are finished, the
reports of the records before the first one that could not finish are yielded, then the
exception propagates.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import datetime
import os
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Iterable,
    Iterator,
    Mapping,
)
from typing import TYPE_CHECKING, Any, TypeVar

from qualcheck.batch._inputs import InputRecord, amend_report
from qualcheck.exceptions import ConfigError
from qualcheck.registries import LookupResult, RegistryAbort, RegistryQuery

if TYPE_CHECKING:
    from qualcheck._report import Report
    from qualcheck._verify import Verifier
    from qualcheck.policy import Policy
    from qualcheck.registries import Registry

__all__ = ["averify_many", "averify_tagged", "iter_verify", "make_verifier"]

T = TypeVar("T")

READ_AHEAD = 4
"""Records read ahead of the last report yielded, per unit of concurrency: a slow look-up
at the head of the line does not stop the others while the reports wait to come out in
order."""

DEFAULT_THREADS = 8
"""``iter_verify``'s default: look-ups in flight at once (in worker threads)."""
DEFAULT_CONCURRENCY = 16
"""``averify_many``'s default: look-ups in flight at once."""


def make_verifier(
    verifier: Verifier | None = None,
    *,
    as_of: datetime.date | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> Verifier:
    """``verifier`` (a new one if ``None``) with ``as_of``, ``policy`` and ``registry``
    replaced by those given (``None`` keeps the verifier's)."""
    from qualcheck._verify import Verifier

    if verifier is None:
        return Verifier(as_of=as_of, policy=policy, registry=registry)
    if as_of is None and policy is None and registry is None:
        return verifier
    return Verifier(
        as_of=as_of if as_of is not None else verifier.as_of,
        policy=policy if policy is not None else verifier.policy,
        checks=verifier.checks,
        registry=registry if registry is not None else verifier.registry,
    )


def _records_checked(records: Any, function: str) -> None:
    """Refuse a ``records`` argument that is one record or a file's name rather than an
    iterable of records: iterating it would verify its keys or its characters, one
    *review* report each, and never the records meant."""
    if isinstance(records, (str, bytes, bytearray, os.PathLike, Mapping)) or hasattr(
        records, "model_dump"
    ):
        raise TypeError(
            f"{function}() takes an iterable of records (dicts, JSON texts or Merchants), "
            f"not a {type(records).__name__}: verify one record with verify(record), "
            f"or read a file with {function}(qualcheck.batch.iter_input(path), ...)"
        )


def _checked(concurrency: int) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ConfigError(f"concurrency must be an int >= 1, not {concurrency!r}")
    return concurrency


def iter_verify(
    records: Iterable[Any],
    *,
    as_of: datetime.date | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
    verifier: Verifier | None = None,
    concurrency: int = DEFAULT_THREADS,
) -> Iterator[Report]:
    """A report for each of ``records`` (mappings, JSON texts or merchants), in order.

    ``verifier`` supplies the configuration (``as_of``, ``policy``, ``registry`` given
    here override its own).  Without a registry the records are verified one after the
    other; with one, up to ``concurrency`` records are verified at once in worker threads
    — the registry's ``lookup`` must be thread-safe, as the bundled registries are — and
    the reports still come out in input order.  ``records`` is read lazily, at most
    ``4 × concurrency`` records ahead of the report last yielded.
    One record, or a file's name, given as ``records`` is a :class:`TypeError`.

    A record that cannot be read gives a report saying so (decision *review*).  A
    :class:`~qualcheck.registries.RegistryAbort` ends the iteration: records not yet
    started are dropped, those in flight finish, the reports before the first record that
    could not finish are yielded, then the exception is raised.  Closing the generator
    early waits for the look-ups in flight.
    """
    _records_checked(records, "iter_verify")
    chosen = make_verifier(verifier, as_of=as_of, policy=policy, registry=registry)
    threads = _checked(concurrency)
    if chosen.registry is None or threads == 1:
        return (_verify_one(chosen, record) for record in records)
    return _threaded(chosen, iter(records), threads)


def _verify_one(verifier: Verifier, record: Any) -> Report:
    """The report of ``record``; an :class:`InputRecord` (from :func:`iter_input`) is
    verified by its ``record``, with its unreadable CSV cells as findings."""
    if isinstance(record, InputRecord):
        report = verifier.verify(record.record)
        return amend_report(record, report, verifier.policy) if record.problems else report
    return verifier.verify(record)


def _threaded(verifier: Verifier, source: Iterator[Any], threads: int) -> Iterator[Report]:
    failures: list[BaseException] = []

    def watch(future: concurrent.futures.Future[Report]) -> None:
        if future.cancelled():
            return
        error = future.exception()
        if error is not None and not isinstance(error, _Dropped):
            failures.append(error)

    def verify(record: Any) -> Report:
        if failures:  # the run is stopping: start nothing new
            raise _Dropped("the run is stopping")
        return _verify_one(verifier, record)

    window: collections.deque[concurrent.futures.Future[Report]] = collections.deque()
    pool = concurrent.futures.ThreadPoolExecutor(threads, thread_name_prefix="qualcheck-verify")
    limit = threads * READ_AHEAD
    exhausted = False
    try:
        while True:
            while not exhausted and not failures and len(window) < limit:
                try:
                    record = next(source)
                except StopIteration:
                    exhausted = True
                    break
                future = pool.submit(verify, record)
                future.add_done_callback(watch)
                window.append(future)
            if failures:  # drop what has not started; what runs finishes
                for future in window:
                    future.cancel()
            if not window:
                return
            head = window.popleft()
            concurrent.futures.wait([head])
            if head.cancelled() or head.exception() is not None:
                concurrent.futures.wait(window)  # in-flight work ends before the error
                raise failures[0] if failures else head.exception()  # type: ignore[misc]
            yield head.result()
    finally:
        for future in window:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def averify_many(
    records: Iterable[Any] | AsyncIterable[Any],
    *,
    as_of: datetime.date | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
    verifier: Verifier | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    ordered: bool = True,
) -> AsyncIterator[Report]:
    """A report for each of ``records`` (an iterable or an async iterable), verified with
    :meth:`Verifier.averify <qualcheck.Verifier.averify>`, with up to ``concurrency``
    registry look-ups in flight.

    Reports come in input order; with ``ordered=False``, as they complete.  At most
    ``4 × concurrency`` records are read ahead of the reports yielded, whatever the size
    of the input, so memory stays flat.  A :class:`~qualcheck.registries.RegistryAbort`
    stops reading: look-ups not yet started are dropped, those in flight finish, and the
    exception is raised — after the reports of the records before the first one that
    could not finish (in order), or of every record that finished (``ordered=False``).

    >>> import asyncio, datetime
    >>> async def decisions(records):
    ...     return [r.decision.value async for r in averify_many(records, as_of=AS_OF)]
    >>> AS_OF = datetime.date(2026, 11, 29)
    >>> asyncio.run(decisions([{"subject_type": "自然人", "name": "张三"}, "[]"]))
    ['fail', 'review']

    Use :func:`contextlib.aclosing` when you may stop before the end, so that the
    look-ups in flight are cancelled at once rather than when the generator is collected.
    """
    _records_checked(records, "averify_many")
    chosen = make_verifier(verifier, as_of=as_of, policy=policy, registry=registry)
    bound = _checked(concurrency)
    return _reports(
        averify_tagged(chosen, _untagged(records), bound, ordered=ordered), chosen.policy
    )


def _tagged(record: Any) -> tuple[InputRecord | None, Any]:
    if isinstance(record, InputRecord):
        return record, record.record
    return None, record


async def _untagged(
    records: Iterable[Any] | AsyncIterable[Any],
) -> AsyncIterator[tuple[InputRecord | None, Any]]:
    if isinstance(records, AsyncIterable):
        async for record in records:
            yield _tagged(record)
    else:
        for record in records:
            yield _tagged(record)


async def _reports(
    pairs: AsyncGenerator[tuple[InputRecord | None, Report], None], policy: Policy
) -> AsyncIterator[Report]:
    try:
        async for item, report in pairs:
            if item is not None and item.problems:
                report = amend_report(item, report, policy)
            yield report
    finally:
        await pairs.aclose()


class _Dropped(RegistryAbort):
    """A look-up not started because the run is stopping (never reported as such)."""


class _Gate:
    """A registry whose ``alookup`` lets ``limit`` look-ups through at a time, and none
    once the run is stopping."""

    def __init__(self, registry: Registry, limit: int) -> None:
        self.registry = registry
        self.name = registry.name
        self.license_kinds = registry.license_kinds
        self.stopping = False
        self._slots = asyncio.Semaphore(limit)

    def lookup(self, query: RegistryQuery) -> LookupResult:
        return self.registry.lookup(query)

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        async with self._slots:
            if self.stopping:
                raise _Dropped("the run is stopping")
            try:
                return await self.registry.alookup(query)
            except RegistryAbort:
                self.stopping = True  # before the slot goes to a waiting look-up
                raise


async def averify_tagged(
    verifier: Verifier,
    items: AsyncIterator[tuple[T, Any]] | Iterator[tuple[T, Any]],
    concurrency: int,
    *,
    ordered: bool = True,
) -> AsyncGenerator[tuple[T, Report], None]:
    """``(tag, report)`` for each ``(tag, record)`` of ``items``: :func:`averify_many`
    for callers that need to know which record a report belongs to (the batch command
    carries the file and line)."""
    gate = None
    if verifier.registry is not None:
        gate = _Gate(verifier.registry, concurrency)
        verifier = make_verifier(verifier, registry=gate)
    limit = concurrency * READ_AHEAD
    window: collections.deque[tuple[T, asyncio.Task[Report]]] = collections.deque()
    failures: list[BaseException] = []
    exhausted = False

    def watch(task: asyncio.Task[Report]) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if error is not None and not isinstance(error, _Dropped):
            failures.append(error)
            if gate is not None:
                gate.stopping = True

    async def pull() -> tuple[T, Any] | None:
        if isinstance(items, AsyncIterator):
            try:
                return await items.__anext__()
            except StopAsyncIteration:
                return None
        return next(items, None)

    try:
        while True:
            while not exhausted and not failures and len(window) < limit:
                item = await pull()
                if item is None:
                    exhausted = True
                    break
                tag, record = item
                task = asyncio.ensure_future(verifier.averify(record))
                task.add_done_callback(watch)
                window.append((tag, task))
            if not window:
                if failures:  # unordered: every report that finished was yielded
                    raise failures[0]
                return
            if ordered:
                tag, task = window[0]
                await asyncio.wait([task])
                window.popleft()
                if task.exception() is not None:
                    await _settle(window)
                    raise failures[0] if failures else task.exception()  # type: ignore[misc]
                yield tag, task.result()
                continue
            await asyncio.wait([task for _, task in window], return_when=asyncio.FIRST_COMPLETED)
            still: collections.deque[tuple[T, asyncio.Task[Report]]] = collections.deque()
            finished: list[tuple[T, asyncio.Task[Report]]] = []
            for tag, task in window:
                (finished if task.done() else still).append((tag, task))
            window = still
            for tag, task in finished:
                if task.exception() is None:
                    yield tag, task.result()
    finally:
        if gate is not None:
            gate.stopping = True
        for _, task in window:
            task.cancel()
        if window:
            await asyncio.gather(*(task for _, task in window), return_exceptions=True)
        if isinstance(items, AsyncGenerator):
            await items.aclose()


async def _settle(window: Iterable[tuple[Any, asyncio.Task[Any]]]) -> None:
    tasks = [task for _, task in window]
    if tasks:
        await asyncio.wait(tasks)
