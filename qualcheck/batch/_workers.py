"""Offline batch verification in worker processes (``qualcheck batch --workers N``).

Verification is CPU-bound, and one Python process verifies on one core.  With
``--workers N`` the batch hands chunks of records to N processes and writes their results
in input order, so the output, the checkpoint and a resumed run are exactly those of a
one-process run; only the wall time changes.  The parent reads the inputs, writes the
output and decides when to stop: the workers ignore Ctrl-C, and on a signal the parent
stops handing out chunks and writes the ones in flight.  Each worker builds its own
:class:`~qualcheck.Verifier` from the run's ``as_of`` and policy.

Only offline runs use workers: with a registry the time goes to waiting for answers, and
``--concurrency`` overlaps the look-ups in one process.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import itertools
import json
import multiprocessing
import signal
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from qualcheck.batch._inputs import InputRecord

if TYPE_CHECKING:
    from qualcheck._verify import Verifier
    from qualcheck.batch._runner import OutputFormat, Written, _Writer
    from qualcheck.policy import Policy

__all__ = ["CHUNK", "verify_in_processes"]

CHUNK = 200
"""Records per task: large enough that handing them over costs little, small enough that
a stop is quick."""

_STATE: tuple[Verifier, _Writer] | None = None
"""The worker's verifier and writer (set by :func:`_start` in each worker)."""


def _start(as_of: datetime.date, policy: Policy, output_format: OutputFormat) -> None:
    """Worker start-up: its own verifier; Ctrl-C is the parent's to handle."""
    from qualcheck._verify import Verifier
    from qualcheck.batch._runner import _Writer

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _STATE
    _STATE = (Verifier(as_of=as_of, policy=policy), _Writer(output_format))


_Packed = tuple[InputRecord, str | None]


def _pack(items: list[InputRecord]) -> list[_Packed]:
    """A chunk as it crosses to a worker: a record read from JSON goes as JSON text, which
    is quicker to send and read back than pickled dicts (the same value, so the same
    digest); anything else as it is."""
    packed: list[_Packed] = []
    for item in items:
        if type(item.record) is dict:
            try:
                text = json.dumps(item.record, ensure_ascii=False)
            except (TypeError, ValueError):  # not JSON after all: pickled as it is
                packed.append((item, None))
            else:
                packed.append((dataclasses.replace(item, record=None), text))
        else:
            packed.append((item, None))
    return packed


def _unpack(packed: _Packed) -> InputRecord:
    item, text = packed
    return item if text is None else dataclasses.replace(item, record=json.loads(text))


def _verify_chunk(chunk: list[_Packed]) -> list[Written]:
    """The results of one chunk, in order (runs in a worker)."""
    from qualcheck.batch._runner import written

    assert _STATE is not None, "worker not started"
    verifier, writer = _STATE
    results = []
    for packed in chunk:
        item = _unpack(packed)
        results.append(written(item, verifier.verify(item.record), verifier.policy, writer))
    return results


def verify_in_processes(
    items: Iterator[InputRecord],
    *,
    workers: int,
    as_of: datetime.date,
    policy: Policy,
    output_format: OutputFormat,
) -> Iterator[tuple[InputRecord, Written]]:
    """``(item, result)`` for every item, in input order, verified by ``workers``
    processes.  At most two chunks per worker are in flight, so memory stays flat; when
    ``items`` ends (the run is stopping, say) the chunks in flight are still yielded."""
    context = multiprocessing.get_context("spawn")  # no inherited locks or threads
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(as_of, policy, output_format)
    )
    window: collections.deque[tuple[list[InputRecord], Future[list[Written]]]]
    window = collections.deque()
    try:
        while True:
            chunk = list(itertools.islice(items, CHUNK))
            if chunk:
                window.append((chunk, pool.submit(_verify_chunk, _pack(chunk))))
            if window and (not chunk or len(window) >= 2 * workers):
                done, future = window.popleft()
                yield from zip(done, future.result(), strict=True)
            if not chunk and not window:
                return
    finally:
        for _, future in window:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
