"""The batch run behind ``qualcheck batch``: stream inputs through the verifier into an
output file, commit it with a checkpoint, report progress and a summary.

:func:`run_batch` takes :class:`BatchOptions` and returns the exit status of the
command line (0 pass, 1 fail, 3 review, 2 usage or configuration error, 4 stopped by the
registry, 130/143 interrupted by SIGINT/SIGTERM).  The formats and the checkpoint are
described in ``docs/batch.md`` and :mod:`qualcheck.batch._checkpoint`.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import dataclasses
import datetime
import hashlib
import io
import json
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, Literal, TextIO

from qualcheck._scrub import scrub
from qualcheck.batch import _checkpoint
from qualcheck.batch._checkpoint import Checkpoint, Totals, checkpoint_path
from qualcheck.batch._inputs import (
    InputFormat,
    InputRecord,
    Position,
    amend_report,
    iter_inputs,
)
from qualcheck.batch._progress import Progress, choose_mode
from qualcheck.exceptions import ConfigError

if TYPE_CHECKING:
    from qualcheck._report import Report
    from qualcheck._verify import Verifier
    from qualcheck.policy import Policy
    from qualcheck.registries import Registry

__all__ = ["CSV_FIELDS", "EXIT_ABORTED", "BatchOptions", "result_dict", "run_batch"]

OutputFormat = Literal["jsonl", "csv"]

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_REVIEW, EXIT_ABORTED = 0, 1, 2, 3, 4
STDIN = STDOUT = "-"
"""An input ``-`` is standard input; an output ``-`` is standard output (not resumable)."""
_EXIT_SIGNAL = 128

CSV_FIELDS = (
    "file",
    "line",
    "merchant_id",
    "decision",
    "codes",
    "findings",
    "registry_source",
    "registry_status",
    "registry_reason",
    "registry_request_id",
    "registry_fetched_at",
    "as_of",
    "input_digest",
    "audit_id",
    "created_at",
)
"""The columns of a CSV output, in order."""
_TOP_CODES = 10


@dataclass(frozen=True)
class BatchOptions:
    """What ``qualcheck batch`` was asked to do (see ``qualcheck batch --help``): the
    ``inputs`` (file names, ``-`` standard input) and ``out``; ``policy`` is the name of
    a JSON policy file and ``registry`` a ``--registry`` spec (pass an open registry to
    :func:`run_batch` instead); ``restart`` starts over rather than resuming."""

    inputs: tuple[str, ...]
    out: str
    output_format: OutputFormat | None = None
    input_format: InputFormat = "auto"
    encoding: str = "utf-8"
    as_of: datetime.date | None = None
    policy: str | None = None
    registry: str | None = None
    concurrency: int = 16
    workers: int = 1
    quiet: bool = False
    restart: bool = False
    commit_every: int = 1000
    commit_seconds: float = 2.0
    progress_interval: float = 10.0

    def __post_init__(self) -> None:
        """File names given as paths or in a list are read as ``str`` in a tuple; one name
        alone, or an ``as_of`` that is not a date, is a :class:`TypeError` saying so."""
        if isinstance(self.inputs, (str, bytes, os.PathLike)):
            raise TypeError(
                f"inputs must be a tuple of file names, not one {type(self.inputs).__name__}:"
                f" write inputs=({str(self.inputs)!r},)"
            )
        object.__setattr__(self, "inputs", tuple(os.fspath(name) for name in self.inputs))
        object.__setattr__(self, "out", os.fspath(self.out))
        if self.as_of is not None:
            from qualcheck._verify import _as_of_date

            object.__setattr__(self, "as_of", _as_of_date(self.as_of))


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _findings(item: InputRecord, report: Report) -> list[dict[str, Any]]:
    out = []
    problems = {problem.column for problem in item.problems}
    for finding in report.findings:
        entry: dict[str, Any] = {
            "code": finding.code,
            "decision": finding.decision.value,
            "severity": finding.severity.value,
            "path": finding.json_path,
        }
        column = item.column_of(finding.path)
        if column is None and finding.check == "record" and finding.ctx.get("field") in problems:
            column = finding.ctx["field"]  # a cell that could not be read
        if column is not None:
            entry["column"] = column
        entry["message"] = finding.message
        entry["message_zh"] = finding.message_zh
        if finding.ctx:
            entry["ctx"] = {key: _iso(value) for key, value in finding.ctx.items()}
        out.append(entry)
    return out


def _shown(merchant_id: str | None) -> str | None:
    """A merchant id as the outputs show it: personal numbers masked (:func:`scrub`)."""
    return None if merchant_id is None else scrub(merchant_id)


def result_dict(item: InputRecord, report: Report) -> dict[str, Any]:
    """The result of one record as written to a JSON Lines output."""
    lookup = report.registry
    return {
        "file": item.file,
        "line": item.line,
        "merchant_id": report.merchant_id or _shown(item.merchant_id),
        "decision": report.decision.value,
        "codes": list(report.codes),
        "findings": _findings(item, report),
        "registry": None
        if lookup is None
        else {
            "source": lookup.source,
            "status": lookup.status,
            "reason": lookup.reason,
            "request_id": lookup.request_id,
            "fetched_at": lookup.fetched_at.isoformat(),
            "cached": lookup.cached,
        },
        "as_of": report.as_of.isoformat(),
        "input_digest": report.input_digest,
        "audit_id": report.audit_id,
        "created_at": report.created_at.isoformat(),
    }


_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})
"""Characters that JSON leaves raw in a string but that many line readers (Python's
``str.splitlines``, JavaScript before ES2019) take for the end of a line: escaped, so that
one result is one line for every reader."""


def _dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.translate(_LINE_BREAKS)  # only ever inside strings: still the same JSON


def _encode(text: str) -> bytes:
    r"""``text`` as UTF-8; a lone surrogate (a ``\ud800`` escape in the input, a file name
    that is not UTF-8) is written as its ``\udXXX`` escape — in JSON the same string —
    rather than failing the run."""
    return text.encode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class Written:
    """One record's result as the output holds it, with what the totals count."""

    data: bytes
    decision: str
    codes: tuple[str, ...]
    registry_error: str | None


def written(item: InputRecord, report: Report, policy: Policy, writer: _Writer) -> Written:
    """The result of ``item`` (verified into ``report``) as written, its unreadable CSV
    cells added as findings."""
    if item.problems:
        report = amend_report(item, report, policy)
    lookup = report.registry
    error = (lookup.reason or "error") if lookup is not None and lookup.status == "failed" else None
    return Written(writer.record(item, report), report.decision.value, report.codes, error)


class _Writer:
    """Turns results into the bytes of the output format."""

    def __init__(self, output_format: OutputFormat) -> None:
        self.format = output_format
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\n")

    def header(self) -> bytes:
        if self.format != "csv":
            return b""
        return self._row(CSV_FIELDS)

    def _row(self, cells: Any) -> bytes:
        self._csv.writerow(cells)
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return _encode(text)

    def record(self, item: InputRecord, report: Report) -> bytes:
        data = result_dict(item, report)
        if self.format == "jsonl":
            return _encode(_dumps(data) + "\n")
        lookup = data["registry"] or {}
        return self._row(
            (
                data["file"],
                data["line"],
                data["merchant_id"] or "",
                data["decision"],
                " ".join(data["codes"]),
                _dumps(data["findings"]) if data["findings"] else "",
                lookup.get("source", ""),
                lookup.get("status", ""),
                lookup.get("reason") or "",
                lookup.get("request_id") or "",
                lookup.get("fetched_at", ""),
                data["as_of"],
                data["input_digest"],
                data["audit_id"],
                data["created_at"],
            )
        )


class _Output:
    """The output file (opened and locked by :func:`_lock_output`), appended to from
    ``offset`` (0: a fresh run); ``committed`` bytes are on disk for sure.  A ``stream``
    (standard output) is only written to and flushed: it is never truncated, synced or
    closed."""

    def __init__(self, file: IO[bytes], offset: int, *, stream: bool = False) -> None:
        self._file = file
        self._stream = stream
        if not stream:
            self._file.truncate(offset)
            self._file.seek(offset)
        self.size = offset
        self.committed = self.size

    def write(self, data: bytes) -> None:
        self._file.write(data)
        self.size += len(data)

    def sync(self) -> int:
        self._file.flush()
        if not self._stream:
            os.fsync(self._file.fileno())
        self.committed = self.size
        return self.size

    def tail(self) -> str:
        """The checkpoint's hash of the end of what is committed."""
        file = self._file
        return _checkpoint.output_tail(
            lambda start, length: _read_at(file, start, length), self.committed
        )

    def close(self) -> None:
        """Close the file; a failure here loses nothing (what counts was synced by the last
        commit, and a failed write has been reported already)."""
        if self._stream:
            with contextlib.suppress(OSError, ValueError):
                self._file.flush()
            return
        with contextlib.suppress(OSError):
            self._file.close()


def _read_at(file: IO[bytes], start: int, length: int) -> bytes:
    """``length`` bytes of ``file`` from ``start`` (its position is left as it was)."""
    if hasattr(os, "pread"):
        return os.pread(file.fileno(), length, start)
    return _seek_read(file, start, length)


def _seek_read(file: IO[bytes], start: int, length: int) -> bytes:
    where = file.tell()
    try:
        file.seek(start)
        return file.read(length)
    finally:
        file.seek(where)


def _lock_output(path: Path) -> tuple[IO[bytes], bool]:
    """The output ``path`` opened for reading and writing — created if missing, never
    truncated here — and locked, so that a second run of the batch on the same output
    (a cron job that starts again while the first still runs) stops with a
    :class:`ConfigError` instead of writing the same file; and whether it was created.
    The lock is released when the file is closed (or the process dies)."""
    existed = path.exists()
    file = open(path, "r+b" if existed else "w+b")  # noqa: SIM115 - the job closes it
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks of this kind
        return file, not existed
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        file.close()
        raise ConfigError(
            f"another qualcheck batch is writing {path} (its lock is held); let it finish or"
            " stop it, then run the same command again"
        ) from None
    except OSError:  # a file system without locks: run unlocked
        pass
    return file, not existed


def _sha256(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None


def _category_bytes(policy: Policy | None) -> bytes | None:
    """The bytes of the category file ``policy`` names (``None`` without one)."""
    if policy is None or policy.categories_file is None:
        return None
    try:
        return Path(policy.categories_file).read_bytes()
    except OSError as exc:
        name = policy.categories_file
        raise ConfigError(f"cannot read {name}: {exc.strerror or exc}") from None


def _pin_categories(policy: Policy | None, data: bytes | None) -> tuple[Policy | None, Path | None]:
    """``policy`` reading a private copy of its category file (``data``, the bytes hashed
    into the checkpoint), and the folder holding the copy: one run, one category policy,
    in every worker, however the file is edited while the batch runs."""
    if policy is None or policy.categories_file is None or data is None:
        return policy, None
    original = policy.categories_file
    folder = Path(tempfile.mkdtemp(prefix="qualcheck-batch-categories-"))
    copy = folder / original.name
    try:
        copy.write_bytes(data)
        return policy.model_copy(update={"categories_file": copy}), folder
    except BaseException as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, ConfigError):  # edited between two reads: say which file
            raise ConfigError(
                f"the category policy {str(original)!r} changed while the batch started;"
                f" run it again ({str(exc).replace(str(copy), str(original))})"
            ) from None
        raise


def _say(stream: TextIO, message: str) -> None:
    stream.write(f"qualcheck batch: {message}\n")
    stream.flush()


class _Job:
    """One run of the batch (see :func:`run_batch`)."""

    def __init__(
        self,
        options: BatchOptions,
        stderr: TextIO,
        registry: Registry | None,
        registry_owned: bool,
        verifier: Verifier,
        identity: dict[str, Any],
        resumable: bool,
        saved: Checkpoint | None,
        output_format: OutputFormat,
        input_sizes: list[int] | None,
        output_file: IO[bytes],
    ) -> None:
        self.options = options
        self.output_file = output_file
        self.stderr = stderr
        self.registry = registry
        self.registry_owned = registry_owned
        self.verifier = verifier
        self.identity = identity
        self.resumable = resumable
        self.saved = saved
        self.writer = _Writer(output_format)
        self.input_sizes = input_sizes
        self.checkpoint = checkpoint_path(options.out)
        self.totals = saved.totals.copy() if saved is not None else Totals()
        self.position: Position | None = saved.position if saved is not None else None
        self.stop_signal: int | None = None
        self._stop_noticed = False
        self._previous_handlers: dict[int, Any] = {}
        self._uncommitted = 0
        self._started = time.monotonic()
        self._last_commit = self._started
        self.output: _Output | None = None
        self.progress: Progress | None = None
        self.pinned: Path | None = None
        """The folder of the category file's copy the run reads, removed at its end."""

    def unpin(self) -> None:
        """Remove the copy of the category file (:func:`_pin_categories`)."""
        if self.pinned is not None:
            shutil.rmtree(self.pinned, ignore_errors=True)
            self.pinned = None

    # ------------------------------------------------------------------ progress

    def _done_bytes(self) -> int:
        if self.input_sizes is None or self.position is None:
            return 0
        index = self.position.file_index
        return sum(self.input_sizes[:index]) + self.position.offset

    # ------------------------------------------------------------------ signals

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # only a flag: writing here could re-enter a write the signal interrupted
        if self.stop_signal is not None:
            raise KeyboardInterrupt
        self.stop_signal = signum

    def _on_loop_signal(self, signum: int) -> None:
        self._on_signal(signum, None)
        self._stopping()

    def _stopping(self) -> bool:
        """True once a signal asked to stop (said once on standard error)."""
        if self.stop_signal is None:
            return False
        if not self._stop_noticed:
            self._stop_noticed = True
            if not self.options.quiet:
                _say(
                    self.stderr,
                    f"{signal.Signals(self.stop_signal).name}: finishing the records in flight"
                    " (send it again to stop at once)",
                )
        return True

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous_handlers[signum] = signal.getsignal(signum)
            signal.signal(signum, self._on_signal)

    def _restore_signals(self) -> None:
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)
        self._previous_handlers.clear()

    # ------------------------------------------------------------------ records

    def _until_stopped(self, items: Iterator[InputRecord]) -> Iterator[tuple[InputRecord, Any]]:
        for item in items:
            if self._stopping():
                return
            yield item, item.record

    def _add(self, item: InputRecord, report: Report) -> None:
        self._account(item, written(item, report, self.verifier.policy, self.writer))

    def _account(self, item: InputRecord, result: Written) -> None:
        """Write one record's result, count it and commit when it is time."""
        assert self.output is not None
        self.output.write(result.data)
        self.totals.add(result.decision, result.codes, result.registry_error)
        self.position = item.end
        self._uncommitted += 1
        now = time.monotonic()
        if (
            self._uncommitted >= self.options.commit_every
            or now - self._last_commit >= self.options.commit_seconds
        ):
            self.commit()
        if self.progress is not None:
            self.progress.update(
                records=self.totals.records,
                done_bytes=self._done_bytes(),
                decisions=self.totals.decisions,
            )

    def commit(self) -> None:
        """Make everything written so far durable, then record it in the checkpoint."""
        assert self.output is not None
        offset = self.output.sync()
        self._uncommitted = 0
        self._last_commit = time.monotonic()
        if not self.resumable:
            return
        previous = self.saved
        _checkpoint.save(
            self.checkpoint,
            Checkpoint(
                identity=self.identity,
                records=self.totals.records,
                output_bytes=offset,
                position=self.position,
                totals=self.totals,
                elapsed=(previous.elapsed if previous else 0.0) + self._elapsed(),
                runs=(previous.runs if previous else 0) + 1,
                output_tail=self.output.tail(),
            ),
        )

    def _commit_quietly(self) -> None:
        """Commit what can be committed; on failure the previous checkpoint stands."""
        with contextlib.suppress(OSError):
            self.commit()

    def _elapsed(self) -> float:
        return time.monotonic() - self._started

    def _items(self) -> Iterator[InputRecord]:
        def warn(message: str) -> None:
            _say(self.stderr, message)

        return iter_inputs(
            self.options.inputs,
            format=self.options.input_format,
            encoding=self.options.encoding,
            start=self.position,
            warn=warn,
        )

    def _run_sync(self) -> None:
        verify = self.verifier.verify
        for item, record in self._until_stopped(self._items()):
            self._add(item, verify(record))

    def _run_processes(self) -> None:
        from qualcheck.batch._workers import verify_in_processes

        items = (item for item, _ in self._until_stopped(self._items()))
        as_of = self.verifier.as_of
        assert as_of is not None  # a batch always runs as of a fixed date
        results = verify_in_processes(
            items,
            workers=self.options.workers,
            as_of=as_of,
            policy=self.verifier.policy,
            output_format=self.writer.format,
        )
        for item, result in results:
            self._account(item, result)

    async def _run_async(self) -> None:
        from qualcheck.batch._stream import averify_tagged

        loop = asyncio.get_running_loop()
        handled: list[int] = []
        if self._previous_handlers:  # in the loop, a signal can be said at once
            for signum in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(signum, self._on_loop_signal, signum)
                except (NotImplementedError, RuntimeError):  # not on this platform
                    break
                handled.append(signum)
        pairs = averify_tagged(
            self.verifier, self._until_stopped(self._items()), self.options.concurrency
        )
        try:
            async for item, report in pairs:
                self._add(item, report)
        finally:
            for handled_signal in handled:
                loop.remove_signal_handler(handled_signal)
            await pairs.aclose()
            if self.registry_owned:
                aclose = getattr(self.registry, "aclose", None)
                if aclose is not None:
                    await aclose()
                    self.registry_owned = False

    # ------------------------------------------------------------------ the run

    def _open_output(self) -> None:
        saved = self.saved
        if saved is None:
            if self.resumable:
                _checkpoint.remove(self.checkpoint)
            self.output = _Output(self.output_file, 0, stream=self.options.out == STDOUT)
            self.output.write(self.writer.header())
        else:
            self.output = _Output(self.output_file, saved.output_bytes)

    def _close_registry(self) -> None:
        if self.registry_owned:
            close = getattr(self.registry, "close", None)
            if callable(close):
                close()
            self.registry_owned = False

    def run(self) -> int:
        """Run to the end, to a signal or to a registry abort; returns the exit status."""
        from qualcheck.registries import RegistryAbort

        stderr, options = self.stderr, self.options
        abort: RegistryAbort | None = None
        try:
            self._open_output()
        except OSError as exc:
            self._close_registry()
            if options.out != STDOUT:
                with contextlib.suppress(OSError):
                    self.output_file.close()
            _say(stderr, f"cannot write {options.out}: {exc.strerror or exc}")
            return EXIT_USAGE
        assert self.output is not None
        self.progress = Progress(
            choose_mode(stderr, options.quiet),
            stderr,
            total_bytes=sum(self.input_sizes) if self.input_sizes is not None else None,
            initial_records=self.totals.records,
            initial_bytes=self._done_bytes(),
            every=options.progress_interval,
        )
        if self.saved is not None and not options.quiet:
            _say(
                stderr,
                f"resuming after {self.saved.records:,} records"
                f" (checkpoint {self.checkpoint.name})",
            )
        self._install_signals()
        try:
            try:
                if self.registry is None and self.options.workers > 1:
                    self._run_processes()
                elif self.registry is None:
                    self._run_sync()
                else:
                    asyncio.run(self._run_async())
            except RegistryAbort as exc:
                abort = exc
            except ConfigError as exc:  # an input that turned out unreadable (a JSON array)
                if self.saved is None and self.totals.records == 0 and self.resumable:
                    # nothing done: the corrected command (--encoding …) starts afresh
                    with contextlib.suppress(OSError):
                        _checkpoint.remove(self.checkpoint)
                else:
                    self._commit_quietly()
                _say(stderr, str(exc))
                return EXIT_USAGE
            except OSError as exc:  # an input gone, a full disk …
                if isinstance(exc, BrokenPipeError) and options.out == STDOUT:
                    raise  # its reader went away: the command line exits 141
                self._commit_quietly()
                _say(stderr, f"I/O error: {exc}; the last checkpoint stands")
                return EXIT_USAGE
            except BrokenProcessPool as exc:  # a worker killed (out of memory, a signal)
                self._commit_quietly()
                if self.stop_signal is None:
                    _say(
                        stderr,
                        f"a worker process died ({exc}); rerun the same command to continue",
                    )
                    return EXIT_USAGE
                # the stop signal reached the workers too (systemd stops every process of
                # the unit): the interruption asked for, said by _finish below
            self.commit()
            finished = abort is None and self.stop_signal is None
            if finished and self.resumable:
                _checkpoint.remove(self.checkpoint)
        except KeyboardInterrupt:  # a second signal: stop now, the last checkpoint stands
            self._restore_signals()
            self.progress.close()
            _say(stderr, "stopped at once; rerun the same command to continue")
            return _EXIT_SIGNAL + signal.SIGINT
        finally:
            self._restore_signals()
            self.progress.close()
            self.output.close()
            self._close_registry()
        return self._finish(abort)

    def _finish(self, abort: Exception | None) -> int:
        stderr, options = self.stderr, self.options
        if not options.quiet:
            self._summary()
        if abort is not None:
            reason = getattr(abort, "reason", "")
            _say(
                stderr,
                f"stopped by the registry ({reason}): {abort}. {self.totals.records:,} records"
                " are saved; fix the cause and rerun the same command to continue.",
            )
            return EXIT_ABORTED
        if self.stop_signal is not None:
            name = signal.Signals(self.stop_signal).name
            where = (
                "rerun the same command to continue"
                if self.resumable
                else "standard input cannot be resumed"
            )
            _say(stderr, f"interrupted ({name}) after {self.totals.records:,} records; {where}.")
            return _EXIT_SIGNAL + self.stop_signal
        decisions = self.totals.decisions
        if decisions.get("fail"):
            return EXIT_FAIL
        if decisions.get("review"):
            return EXIT_REVIEW
        return EXIT_OK

    def _summary(self) -> None:
        totals, stderr = self.totals, self.stderr
        elapsed = self._elapsed()
        earlier = self.saved.records if self.saved is not None else 0
        here = totals.records - earlier
        rate = here / elapsed if elapsed > 0 else 0.0
        lines = [
            f"{totals.records:,} records → {_output_name(self.options.out)}"
            f" ({here:,} in this run, {datetime.timedelta(seconds=round(elapsed))},"
            f" {rate:,.0f} records/s)",
        ]
        if earlier:
            spent = self.saved.elapsed if self.saved is not None else 0.0
            lines.append(
                f"  resumed: {earlier:,} records from {self.saved.runs if self.saved else 0}"
                f" earlier run(s) ({datetime.timedelta(seconds=round(spent))})"
            )
        decisions = ", ".join(
            f"{name} {totals.decisions.get(name, 0):,}" for name in ("pass", "review", "fail")
        )
        lines.append(f"  decisions: {decisions}")
        if totals.codes:
            top = totals.codes.most_common(_TOP_CODES)
            lines.append("  most frequent findings (records):")
            lines.extend(f"    {count:>9,}  {code}" for code, count in top)
        if totals.registry_errors:
            errors = ", ".join(
                f"{reason} {count:,}" for reason, count in totals.registry_errors.most_common()
            )
            lines.append(f"  registry errors: {sum(totals.registry_errors.values()):,} ({errors})")
        elif self.registry is not None or self.identity["arguments"].get("registry"):
            lines.append("  registry errors: 0")
        stderr.write("qualcheck batch: " + "\n".join(lines) + "\n")
        stderr.flush()


def _output_name(out: str) -> str:
    return "standard output" if out == STDOUT else out


def _output_format(options: BatchOptions) -> OutputFormat:
    if options.output_format is not None:
        return options.output_format
    return "csv" if Path(options.out).suffix.lower() == ".csv" else "jsonl"


def _usable_workers(options: BatchOptions, stderr: TextIO) -> BatchOptions:
    """``options`` with no more workers than this machine can use (said unless quiet)."""
    if options.workers <= 1:
        return options
    from qualcheck.batch._workers import usable_workers

    usable = usable_workers(options.workers)
    if usable == options.workers:
        return options
    if not options.quiet:
        _say(
            stderr,
            f"--workers {options.workers}: more processes than {usable} do not verify"
            f" faster here; verifying with {usable}",
        )
    return dataclasses.replace(options, workers=usable)


def _check_paths(options: BatchOptions) -> list[str]:
    """The input files named (standard input left out), once they and ``--out`` are
    known to be usable: files that exist, an output in a folder that exists, and never
    an input (by name, as a hard link, or redirected to standard input from it)."""
    files = [name for name in options.inputs if name != STDIN]
    out = Path(options.out)
    if options.out != STDOUT:
        if out.is_dir():
            raise ConfigError(f"--out {options.out} is a directory")
        if not out.resolve().parent.is_dir():
            raise ConfigError(f"--out {options.out}: no such directory")
    for name in options.inputs:
        if options.out != STDOUT and _same_file(name, out):
            where = " (standard input is read from it)" if name == STDIN else ""
            raise ConfigError(f"--out {options.out} is also an input{where}")
        if name == STDIN:
            continue
        if Path(name).is_dir():
            raise ConfigError(f"cannot read {name}: it is a directory")
        if not Path(name).is_file():
            raise ConfigError(f"cannot read {name}: no such file")
    return files


def _same_file(name: str, out: Path) -> bool:
    """Whether the input ``name`` (``-``: standard input) is the file ``out``: by its
    path, or under another name (a hard link, standard input redirected from it) —
    writing the output would truncate the input before it is read."""
    if name != STDIN and Path(name).resolve() == out.resolve():
        return True
    try:
        theirs = os.stat(out)
        ours = os.fstat(sys.stdin.fileno()) if name == STDIN else os.stat(name)
    except (OSError, ValueError, AttributeError):  # no output yet, no real standard input
        return False
    return stat.S_ISREG(ours.st_mode) and (ours.st_dev, ours.st_ino) == (
        theirs.st_dev,
        theirs.st_ino,
    )


def _prepare(options: BatchOptions, stderr: TextIO, registry: Registry | None) -> _Job:
    if options.concurrency < 1:
        raise ConfigError(f"--concurrency must be at least 1, not {options.concurrency}")
    if options.workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {options.workers}")
    if options.workers > 1 and (registry is not None or options.registry is not None):
        raise ConfigError(
            "--workers verifies offline; with a registry the look-ups overlap instead"
            " (--concurrency)"
        )
    if options.commit_every < 1:
        raise ConfigError(f"--commit-every must be at least 1, not {options.commit_every}")
    if not options.inputs:
        raise ConfigError("no input files")
    if list(options.inputs).count("-") > 1:
        raise ConfigError("standard input ('-') can be read only once")
    options = _usable_workers(options, stderr)
    files = _check_paths(options)
    out = Path(options.out)
    if options.out == STDOUT:  # a stream: nothing to lock, resume or leave behind
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            raise ConfigError("--out -: standard output takes no bytes here; name a file")
        sys.stdout.flush()
        return _prepare_locked(options, stderr, registry, stream, False, False, files)
    resumable = "-" not in options.inputs
    try:
        output_file, created = _lock_output(out)
    except OSError as exc:
        raise ConfigError(f"cannot write {options.out}: {exc.strerror or exc}") from None
    try:
        return _prepare_locked(options, stderr, registry, output_file, created, resumable, files)
    except BaseException:
        with contextlib.suppress(OSError):
            if created and out.stat().st_size == 0:  # leave no empty output behind
                out.unlink()
        output_file.close()
        raise


def _prepare_locked(
    options: BatchOptions,
    stderr: TextIO,
    registry: Registry | None,
    output_file: IO[bytes],
    created: bool,
    resumable: bool,
    files: list[str],
) -> _Job:
    from qualcheck import Verifier, __version__
    from qualcheck.numbers._dates import today
    from qualcheck.policy import Policy

    out = Path(options.out)
    output_format = _output_format(options)
    try:
        inputs = _checkpoint.identify_inputs(files) if resumable else []
    except OSError as exc:
        raise ConfigError(f"cannot read {exc.filename}: {exc.strerror or exc}") from None
    policy = Policy.from_file(options.policy) if options.policy else None
    categories = _category_bytes(policy)
    if registry is not None:
        registry_name: str | None = options.registry or str(getattr(registry, "name", "registry"))
    else:
        registry_name = options.registry
    arguments: dict[str, Any] = {
        "output_format": output_format,
        "input_format": options.input_format,
        "encoding": options.encoding,
        "as_of": options.as_of.isoformat() if options.as_of else None,
        "policy_sha256": _sha256(options.policy) if options.policy else None,
        # the category file a policy names changes decisions as much as the policy itself
        "categories_sha256": (
            hashlib.sha256(categories).hexdigest() if categories is not None else None
        ),
        "registry": registry_name,
        # another version may judge the same record otherwise: never mixed in one output
        "qualcheck": __version__,
    }
    saved = None
    if resumable and not options.restart:
        saved = _checkpoint.load(checkpoint_path(out))
    if saved is not None:
        if options.as_of is None:  # a run resumed on another day keeps its date
            arguments["as_of"] = saved.identity.get("arguments", {}).get("as_of")
        why = _checkpoint.describe_mismatch(
            saved.identity, {"inputs": inputs, "arguments": arguments}
        )
        if why is not None:
            raise ConfigError(
                f"cannot resume from {checkpoint_path(out)}: {why}. Rerun with --restart to"
                " start over (the output is rewritten), or with the interrupted run's arguments"
            )
        if created:
            raise ConfigError(
                f"cannot resume: {options.out} is gone, but its checkpoint"
                f" {checkpoint_path(out).name} is still there; rerun with --restart"
            )
        size = out.stat().st_size
        if size < saved.output_bytes:
            raise ConfigError(
                f"cannot resume: {options.out} is shorter than its checkpoint says"
                f" ({size} < {saved.output_bytes} bytes); rerun with --restart"
            )
        tail = _checkpoint.output_tail(
            lambda start, length: _read_at(output_file, start, length), saved.output_bytes
        )
        if tail != saved.output_tail:
            raise ConfigError(
                f"cannot resume: {options.out} is not the output its checkpoint describes"
                " (replaced or edited since); rerun with --restart"
            )
    as_of_text = arguments["as_of"]
    as_of = datetime.date.fromisoformat(as_of_text) if as_of_text else today()
    arguments["as_of"] = as_of.isoformat()
    owned = False
    if registry is None and options.registry is not None:
        from qualcheck.registries import RegistryAbort, RegistryError
        from qualcheck.registries._spec import open_registry

        try:
            registry = open_registry(options.registry)
        except RegistryAbort:
            raise
        except RegistryError as exc:  # not a registry, an unknown provider …: usage
            raise ConfigError(str(exc)) from None
        owned = True
    sizes = None
    if resumable:
        sizes = [int(entry["size"]) for entry in inputs]
    policy, pinned = _pin_categories(policy, categories)
    try:
        verifier = Verifier(as_of=as_of, policy=policy, registry=registry)
        job = _Job(
            options,
            stderr,
            registry,
            owned,
            verifier,
            {"inputs": inputs, "arguments": arguments},
            resumable,
            saved,
            output_format,
            sizes,
            output_file,
        )
    except BaseException:
        if pinned is not None:
            shutil.rmtree(pinned, ignore_errors=True)
        raise
    job.pinned = pinned
    return job


def run_batch(
    options: BatchOptions,
    *,
    registry: Registry | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``qualcheck batch`` with ``options``; returns its exit status.

    ``registry`` is an already open registry to use instead of ``options.registry``
    (it is not closed); messages, progress and the summary go to ``stderr``.
    """
    from qualcheck.registries import RegistryAbort

    err = stderr if stderr is not None else sys.stderr
    try:
        job = _prepare(options, err, registry)
    except (ConfigError, RegistryAbort) as exc:
        _say(err, str(exc))
        return EXIT_USAGE
    try:
        return job.run()
    finally:
        job.unpin()
