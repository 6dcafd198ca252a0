"""Offline batch verification in worker processes (``qualcheck batch --workers N``).

Verification is CPU-bound, and one Python process verifies on one core.  With
``--workers N`` the batch hands chunks of records to N processes and writes their results
in input order, so the output, the checkpoint and a resumed run are exactly those of a
one-process run; only the wall time changes.  The parent reads the inputs, writes the
output and decides when to stop:

* the workers run with the parent's checks (custom ones registered at run time included)
  and finding codes, the run's ``as_of`` and its policy;
* they start with SIGINT and SIGTERM blocked and then leave the parent's process group, so
  that a Ctrl-C at the terminal (or a signal sent to the group) reaches the parent alone,
  which stops handing out chunks and writes the ones in flight; a worker also ignores a
  SIGINT sent to it;
* a worker exits when the parent dies (``kill -9``): no worker outlives its run;
* a worker that dies (even halfway through sending its results) stops the run, and the
  pool is taken down without waiting for it: no thread of it is left for the exit to
  wait on;
* a chunk holds at most :data:`CHUNK` records and about :data:`CHUNK_CHARS` characters of
  them, and the records of the chunks in flight are kept as text only, so that memory
  stays flat however large the records;
* when reading the input fails (a later input is a JSON array, an input is gone) the
  chunks already read are verified and yielded before the error is raised, as a
  one-process run writes every record before the error.

Only offline runs use workers: with a registry the time goes to waiting for answers, and
``--concurrency`` overlaps the look-ups in one process.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import dataclasses
import datetime
import json
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from qualcheck.batch._inputs import InputRecord
from qualcheck.exceptions import ConfigError

if TYPE_CHECKING:
    from qualcheck._codes import Code
    from qualcheck._verify import Verifier
    from qualcheck.batch._runner import OutputFormat, Written, _Writer
    from qualcheck.checks import CheckSpec
    from qualcheck.policy import Policy

__all__ = ["CHUNK", "CHUNK_CHARS", "usable_workers", "verify_in_processes"]

CHUNK = 200
"""Records per task: large enough that handing them over costs little, small enough that
a stop is quick."""

CHUNK_CHARS = 1 << 20
"""A chunk is closed early once its records hold this many characters (of JSON text), so
that the chunks in flight stay small when the records are large."""

_STOP_SIGNALS = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name)
)

_STATE: tuple[Verifier, _Writer] | ConfigError | None = None
"""The worker's verifier and writer, or why it could not make them (set by :func:`_start`
in each worker)."""

_UNSENDABLE = (
    "define its function at the top level of a module (not under"
    ' `if __name__ == "__main__":` or inside a function), or verify in one process'
)


@contextlib.contextmanager
def _stop_signals_blocked() -> Iterator[None]:
    """SIGINT and SIGTERM held back in this thread (delivered when the block ends); a
    process started meanwhile starts with them blocked, so that a Ctrl-C during its
    start-up does not kill it before :func:`_start` has run."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _exit_with_parent() -> None:
    """Exit as soon as the parent process is gone (killed with ``kill -9``, say): a worker
    waiting for its next chunk would otherwise wait for ever."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="qualcheck-parent-watch", daemon=True).start()


def _start(
    as_of: datetime.date,
    policy: Policy,
    output_format: OutputFormat,
    checks: tuple[tuple[str, bytes], ...],
    codes: tuple[Code, ...],
) -> None:
    """Worker start-up: its own verifier with the parent's checks (each pickled apart, so
    that one that cannot be loaded here is named) and codes; the stop signals are the
    parent's to handle."""
    from qualcheck._codes import define
    from qualcheck._verify import Verifier
    from qualcheck.batch._runner import _Writer

    if hasattr(os, "setsid"):
        with contextlib.suppress(OSError):  # out of the group a Ctrl-C is sent to
            os.setsid()
    if hasattr(signal, "pthread_sigmask"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool's terminate() must work,
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # even if sent already
    else:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    global _STATE
    try:
        define(*codes)
    except ValueError as exc:  # a code of the parent's defined otherwise here
        _STATE = ConfigError(f"--workers: {exc} in a worker process; verify in one process")
        return
    loaded = []
    for name, data in checks:
        try:
            loaded.append(pickle.loads(data))
        except Exception as exc:  # its function does not exist in a worker
            _STATE = ConfigError(
                f"--workers: the check {name!r} cannot be loaded in a worker process"
                f" ({type(exc).__name__}: {exc}); {_UNSENDABLE}"
            )
            return
    _STATE = (Verifier(as_of=as_of, policy=policy, checks=loaded), _Writer(output_format))


_Packed = tuple[InputRecord, str | None]


def _pack(item: InputRecord) -> tuple[_Packed, int]:
    """A record as it crosses to a worker, and its size in characters: a record read from
    JSON goes as JSON text, which is quicker to send and read back than pickled dicts (the
    same value, so the same digest); anything else as it is."""
    record = item.record
    if type(record) is dict:
        try:
            text = json.dumps(record, ensure_ascii=False)
        except (TypeError, ValueError, RecursionError):  # not JSON after all: pickled
            return (item, None), 0
        return (dataclasses.replace(item, record=None), text), len(text)
    size = len(record) if isinstance(record, (str, bytes)) else 0
    return (item, None), size


def _receipt(item: InputRecord) -> InputRecord:
    """``item`` as kept while its chunk is in flight: without its record."""
    return item if item.record is None else dataclasses.replace(item, record=None)


def _unpack(packed: _Packed) -> InputRecord:
    item, text = packed
    return item if text is None else dataclasses.replace(item, record=json.loads(text))


def _verify_chunk(chunk: list[_Packed]) -> list[Written]:
    """The results of one chunk, in order (runs in a worker)."""
    from qualcheck.batch._runner import written

    assert _STATE is not None, "worker not started"
    if isinstance(_STATE, ConfigError):
        raise _STATE
    verifier, writer = _STATE
    results = []
    for packed in chunk:
        item = _unpack(packed)
        results.append(written(item, verifier.verify(item.record), verifier.policy, writer))
    return results


def _startup_arguments(
    as_of: datetime.date,
    policy: Policy,
    output_format: OutputFormat,
    checks: Sequence[CheckSpec] | None,
) -> tuple[Any, ...]:
    """What each worker starts from; a check that cannot be sent to another process is a
    :class:`~qualcheck.exceptions.ConfigError` naming it (one that cannot be loaded there
    is one too, raised by the chunks sent to the worker)."""
    from qualcheck._codes import catalogue
    from qualcheck.checks import default_checks

    pickled = []
    for spec in default_checks() if checks is None else checks:
        try:
            pickled.append((spec.name, pickle.dumps(spec)))
        except Exception as exc:  # a lambda, a function defined inside another …
            raise ConfigError(
                f"--workers: the check {spec.name!r} cannot be sent to a worker process"
                f" ({type(exc).__name__}: {exc}); {_UNSENDABLE}"
            ) from None
    return (as_of, policy, output_format, tuple(pickled), tuple(catalogue()))


WORKERS_PER_CPU = 4
"""Processes started at most for each CPU this process may run on (and at least
:data:`MIN_WORKERS` in all): verification is CPU-bound, so more only cost memory — every
worker holds its own interpreter and two chunks are read ahead for each."""
MIN_WORKERS = 8


def usable_workers(requested: int) -> int:
    """How many of the ``requested`` worker processes to start on this machine: never
    more than :data:`WORKERS_PER_CPU` per CPU available (at least :data:`MIN_WORKERS`),
    so that ``--workers 1000`` neither starts a thousand interpreters nor reads two
    thousand chunks ahead.

    >>> usable_workers(2)
    2
    >>> usable_workers(10**9) == max(MIN_WORKERS, WORKERS_PER_CPU * _cpus())
    True
    """
    return max(1, min(requested, max(MIN_WORKERS, WORKERS_PER_CPU * _cpus())))


def _cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        with contextlib.suppress(OSError):
            return max(1, len(affinity(0)))
    return os.cpu_count() or 1


def verify_in_processes(
    items: Iterator[InputRecord],
    *,
    workers: int,
    as_of: datetime.date,
    policy: Policy,
    output_format: OutputFormat,
    checks: Sequence[CheckSpec] | None = None,
) -> Iterator[tuple[InputRecord, Written]]:
    """``(item, result)`` for every item, in input order, verified by ``workers``
    processes with ``checks`` (default: the checks registered now, as a
    :class:`~qualcheck.Verifier` made now would run).  The items come back without their
    ``record`` (the result is what was made of it).  At most two chunks per worker are in
    flight, so memory stays flat; when ``items`` ends (the run is stopping, say) the
    chunks in flight are still yielded, and when reading ``items`` raises, the records
    read before are yielded before the error is raised again."""
    workers = usable_workers(workers)
    initargs = _startup_arguments(as_of, policy, output_format, checks)
    context = multiprocessing.get_context("spawn")  # no inherited locks or threads
    with _stop_signals_blocked():
        pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start, initargs=initargs
        )
    window: collections.deque[tuple[list[InputRecord], Future[list[Written]]]]
    window = collections.deque()
    failure: Exception | None = None
    try:
        while failure is None:
            kept: list[InputRecord] = []
            chunk: list[_Packed] = []
            size = 0
            try:
                while len(chunk) < CHUNK and size < CHUNK_CHARS:
                    item = next(items, None)
                    if item is None:
                        break
                    packed, chars = _pack(item)
                    chunk.append(packed)
                    kept.append(packed[0] if packed[1] is not None else _receipt(item))
                    size += chars
            except Exception as exc:  # the records read so far are still verified
                failure = exc
            if chunk:
                with _stop_signals_blocked():  # the first submissions start the workers
                    future = pool.submit(_verify_chunk, chunk)
                window.append((kept, future))
            del chunk
            ended = failure is not None or not kept
            while window and (ended or len(window) >= 2 * workers):
                done, pending = window.popleft()
                yield from zip(done, _results(pool, pending), strict=True)
            if ended:
                break
        if failure is not None:
            raise failure
    except BaseException:  # a dead worker, a stop, a failed write: end the workers now
        _abandon(pool)
        raise
    pool.shutdown(wait=True)


_WATCH_SECONDS = 1.0
"""How often the parent, waiting for a chunk, checks that every worker is alive."""


def _worker_processes(pool: ProcessPoolExecutor) -> list[multiprocessing.process.BaseProcess]:
    # the pool's own table of its workers (private, but in every Python since 3.2)
    processes = getattr(pool, "_processes", None) or {}
    return list(processes.values())


def _results(pool: ProcessPoolExecutor, future: Future[list[Written]]) -> list[Written]:
    """The results of one chunk.  A worker that died is a ``BrokenProcessPool`` even when
    the pool itself does not notice: Python 3.11's pool can deadlock when a worker is
    killed while a chunk is being handed over (CPython gh-94777), and the run would wait
    for ever."""
    while True:
        try:
            return future.result(timeout=_WATCH_SECONDS)
        except concurrent.futures.TimeoutError:
            if any(process.exitcode is not None for process in _worker_processes(pool)):
                raise BrokenProcessPool("a worker process died") from None


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Stop the pool without waiting for it (it may be deadlocked): kill the workers, then
    free the pool's threads, which the interpreter joins at exit.

    The chunks not yet handed out are not cancelled: the pool marks them failed once it
    sees its workers dead (Python 3.11's pool stops with an error on a cancelled one)."""
    processes = _worker_processes(pool)
    # the pool's private parts, as _processes (shutdown forgets them)
    manager = getattr(pool, "_executor_manager_thread", None)
    results = getattr(pool, "_result_queue", None)
    calls = getattr(pool, "_call_queue", None)
    pool.shutdown(wait=False)
    for process in processes:
        if process.exitcode is None:
            process.kill()
    for process in processes:
        process.join(timeout=5)
    if any(process.exitcode is None for process in processes):
        return  # a worker that did not die still reads and writes the pool's pipes
    if manager is not None and manager.is_alive():
        _close_end(getattr(results, "_writer", None))
        manager.join(timeout=_MANAGER_SECONDS)
    # the manager has ended, or is stuck where it no longer reads that end (an older 3.11
    # waits for the feeder thread without closing it first)
    _close_end(getattr(calls, "_reader", None))


_MANAGER_SECONDS = 10.0
"""How long an abandoned pool's manager thread is given to end once it is freed."""


def _close_end(connection: object) -> None:
    """Close the parent's end of one of the pool's pipes, once every worker is dead.

    * The result pipe: a worker killed while it was writing a result leaves half a message
      there, and the pool's manager thread reads on for the rest for ever (CPython 3.11).
      The parent holds the last writing end; closing it turns that wait into an end of
      file, which the manager takes as a broken pool.
    * The task pipe: the thread feeding it may be stuck writing a chunk no worker will
      read, and the interpreter joins it at exit.  The parent holds the last reading end;
      closing it (after the manager, which closes it too) fails that write."""
    close = getattr(connection, "close", None)
    if callable(close):
        with contextlib.suppress(OSError):
            close()
