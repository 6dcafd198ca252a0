"""The checkpoint that makes ``qualcheck batch`` resumable, and the running totals it keeps.

A checkpoint sits next to the output (``OUT.checkpoint``, JSON).  It names the run —
the inputs (absolute path, size, modification time and a SHA-256 of the first 64 KiB of
each) and the arguments that change the results — and says how far the run got: how
many records are committed, how many bytes of the output hold them, where in the inputs
the next record starts, and the totals so far (decisions, finding codes, registry
errors, time spent).

The batch appends results to the output and, every thousand records or two seconds,
*commits*: it flushes and fsyncs the output, then replaces the checkpoint atomically
(written beside it, fsynced, renamed).  Whenever the process dies — SIGINT, SIGTERM,
``kill -9``, a power cut — the checkpoint on disk describes a prefix of the output that
is complete; a rerun truncates the output to that length and reads on from the saved
position, so each input record ends up in the output exactly once.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = checkpoint_path(folder / "results.jsonl")
>>> path.name
'results.jsonl.checkpoint'
>>> totals = Totals()
>>> totals.add("review", ["license.expiring_soon"], None)
>>> saved = Checkpoint({"inputs": [], "arguments": {}}, 1, 120, None, totals, 0.5, 1)
>>> save(path, saved)
>>> load(path).totals.decisions
Counter({'review': 1})
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcheck.batch._inputs import Position
from qualcheck.exceptions import ConfigError

__all__ = [
    "Checkpoint",
    "Totals",
    "checkpoint_path",
    "describe_mismatch",
    "identify_inputs",
    "load",
    "remove",
    "save",
]

VERSION = 1
_HEAD_BYTES = 64 * 1024


@dataclass
class Totals:
    """Counts over every record committed: decisions, finding codes, registry errors."""

    decisions: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    registry_errors: Counter[str] = field(default_factory=Counter)

    @property
    def records(self) -> int:
        """Records counted."""
        return sum(self.decisions.values())

    def add(self, decision: str, codes: Iterable[str], registry_error: str | None) -> None:
        """Count one result: its decision, each distinct code once, a failed look-up's
        reason."""
        self.decisions[decision] += 1
        self.codes.update(list(dict.fromkeys(codes)))  # each once, in a stable order
        if registry_error is not None:
            self.registry_errors[registry_error] += 1

    def copy(self) -> Totals:
        """An independent copy."""
        return Totals(Counter(self.decisions), Counter(self.codes), Counter(self.registry_errors))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "decisions": dict(self.decisions),
            "codes": dict(self.codes),
            "registry_errors": dict(self.registry_errors),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Totals:
        """The inverse of :meth:`to_dict`."""
        return cls(
            Counter(data.get("decisions", {})),
            Counter(data.get("codes", {})),
            Counter(data.get("registry_errors", {})),
        )


@dataclass
class Checkpoint:
    """How far a run got (see the module docs)."""

    identity: dict[str, Any]
    records: int
    output_bytes: int
    position: Position | None
    totals: Totals
    elapsed: float
    runs: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        position = self.position
        return {
            "qualcheck_checkpoint": VERSION,
            "identity": self.identity,
            "records": self.records,
            "output_bytes": self.output_bytes,
            "position": None
            if position is None
            else {
                "file_index": position.file_index,
                "offset": position.offset,
                "line": position.line,
            },
            "totals": self.totals.to_dict(),
            "elapsed_seconds": round(self.elapsed, 3),
            "runs": self.runs,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Checkpoint:
        """The inverse of :meth:`to_dict` (``KeyError``/``TypeError`` if malformed)."""
        if data.get("qualcheck_checkpoint") != VERSION:
            raise ValueError(f"checkpoint version {data.get('qualcheck_checkpoint')!r}")
        where = data["position"]
        position = (
            None
            if where is None
            else Position(int(where["file_index"]), int(where["offset"]), int(where["line"]))
        )
        return cls(
            identity=dict(data["identity"]),
            records=int(data["records"]),
            output_bytes=int(data["output_bytes"]),
            position=position,
            totals=Totals.from_dict(data["totals"]),
            elapsed=float(data["elapsed_seconds"]),
            runs=int(data["runs"]),
        )


def checkpoint_path(out: str | os.PathLike[str]) -> Path:
    """The checkpoint of the output ``out``: ``OUT.checkpoint`` beside it."""
    path = Path(out)
    return path.with_name(path.name + ".checkpoint")


def identify_inputs(names: Sequence[str]) -> list[dict[str, Any]]:
    """What identifies each input: absolute path, size, modification time (ns) and the
    SHA-256 of its first 64 KiB.  ``OSError`` propagates."""
    out = []
    for name in names:
        path = Path(name)
        info = path.stat()
        with path.open("rb") as stream:
            head = hashlib.sha256(stream.read(_HEAD_BYTES)).hexdigest()
        out.append(
            {
                "path": str(path.resolve()),
                "size": info.st_size,
                "mtime_ns": info.st_mtime_ns,
                "head_sha256": head,
            }
        )
    return out


def describe_mismatch(saved: Mapping[str, Any], current: Mapping[str, Any]) -> str | None:
    """Why the checkpoint ``saved`` does not belong to the run ``current`` (their
    identities), or ``None`` when it does."""
    before, now = saved.get("inputs", []), current.get("inputs", [])
    if [item.get("path") for item in before] != [item.get("path") for item in now]:
        return "it was written for other input files"
    for old, new in zip(before, now, strict=True):
        for key, what in (
            ("size", "size"),
            ("mtime_ns", "modification time"),
            ("head_sha256", "content"),
        ):
            if old.get(key) != new.get(key):
                return f"input {new['path']} changed since (its {what})"
    old_args, new_args = saved.get("arguments", {}), current.get("arguments", {})
    for key in sorted(set(old_args) | set(new_args)):
        if old_args.get(key) != new_args.get(key):
            return f"it was written with {key} {old_args.get(key)!r}, not {new_args.get(key)!r}"
    return None


def load(path: Path) -> Checkpoint | None:
    """The checkpoint at ``path``, ``None`` if there is none; ``ConfigError`` if it
    cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"cannot read the checkpoint {path}: {exc.strerror or exc}") from None
    try:
        return Checkpoint.from_dict(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"the checkpoint {path} cannot be read ({type(exc).__name__}: {exc});"
            " rerun with --restart to start over"
        ) from None


def _fsync_directory(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform opens directories
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def save(path: Path, checkpoint: Checkpoint) -> None:
    """Write ``checkpoint`` to ``path`` atomically and durably."""
    temporary = path.with_name(path.name + ".tmp")
    data = json.dumps(checkpoint.to_dict(), ensure_ascii=False, indent=1)
    with temporary.open("w", encoding="utf-8") as stream:
        stream.write(data + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)
    _fsync_directory(path.parent)


def remove(path: Path) -> None:
    """Remove the checkpoint at ``path`` (and a leftover temporary file), durably."""
    for leftover in (path, path.with_name(path.name + ".tmp")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    _fsync_directory(path.parent)
