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

A checkpoint carries a SHA-256 of its own content and one of the last 64 KiB of the
output prefix it describes: a checkpoint that was edited, damaged or copied from
another run, or an output that was replaced or edited since, is refused rather than
resumed (a rerun that trusted it could lose or repeat records).

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
>>> _ = path.write_text(path.read_text().replace('"records": 1', '"records": 9'))
>>> load(path)
Traceback (most recent call last):
...
qualcheck.exceptions.ConfigError: the checkpoint ... cannot be read (its checksum does not match
its content: edited or damaged); rerun with --restart to start over
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
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
    "output_tail",
    "remove",
    "save",
]

VERSION = 2
"""2: the checkpoint's own checksum and the output's tail hash (version 1 had neither)."""
_HEAD_BYTES = 64 * 1024
TAIL_BYTES = 64 * 1024
"""How much of the end of the committed output the checkpoint's ``output_tail_sha256``
covers."""


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
        """The inverse of :meth:`to_dict` (``ValueError`` if malformed)."""
        return cls(*(_counts(data, key) for key in ("decisions", "codes", "registry_errors")))


def _counts(data: Any, key: str) -> Counter[str]:
    """``data[key]`` as counts of names (``ValueError`` unless a mapping of names to
    whole numbers of at least 0)."""
    value = _field(data, key, dict)
    if not all(isinstance(name, str) for name in value):
        raise ValueError(f"{key}: not a mapping of names")
    return Counter({name: _whole(value, name) for name in value})


def _field(data: Any, key: str, kind: type | tuple[type, ...]) -> Any:
    """``data[key]``, which must be of ``kind`` (``ValueError`` otherwise)."""
    if not isinstance(data, dict):
        raise ValueError(f"not a JSON object where {key!r} was expected")
    if key not in data:
        raise ValueError(f"{key!r} is missing")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(f"{key!r} is not what a checkpoint holds there")
    return value


def _whole(data: Any, key: str) -> int:
    """``data[key]``, a whole number of at least 0 (``ValueError`` otherwise)."""
    value: int = _field(data, key, int)
    if value < 0:
        raise ValueError(f"{key!r} is negative")
    return value


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
    output_tail: str = ""
    """SHA-256 (hex) of the last :data:`TAIL_BYTES` of the output's first
    ``output_bytes`` bytes (see :func:`output_tail`)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, with its checksum."""
        body = self._body()
        return {**body, "checksum": _checksum(body)}

    def _body(self) -> dict[str, Any]:
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
            "output_tail_sha256": self.output_tail,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Checkpoint:
        """The inverse of :meth:`to_dict`; ``ValueError`` saying why if ``data`` is not a
        checkpoint of this version, its checksum does not match or a field is malformed."""
        if not isinstance(data, dict) or "qualcheck_checkpoint" not in data:
            raise ValueError("not a qualcheck checkpoint")
        if data["qualcheck_checkpoint"] != VERSION:
            raise ValueError(
                f"checkpoint version {data['qualcheck_checkpoint']!r}, this qualcheck"
                f" writes version {VERSION}"
            )
        body = {key: value for key, value in data.items() if key != "checksum"}
        if data.get("checksum") != _checksum(body):
            raise ValueError("its checksum does not match its content: edited or damaged")
        identity = _field(data, "identity", dict)
        inputs = _field(identity, "inputs", list)
        _field(identity, "arguments", dict)
        for entry in inputs:
            _field(entry, "path", str)
            for key in ("size", "mtime_ns"):
                _whole(entry, key)
            _field(entry, "head_sha256", str)
        where = _field(data, "position", (dict, type(None)))
        position = None
        if where is not None:
            position = Position(
                _whole(where, "file_index"), _whole(where, "offset"), _whole(where, "line")
            )
            if position.file_index >= len(inputs) and inputs:
                raise ValueError("its position is past the last input")
            if inputs and position.offset > inputs[position.file_index]["size"]:
                raise ValueError("its position is past the end of its input")
        totals = Totals.from_dict(_field(data, "totals", dict))
        records = _whole(data, "records")
        if totals.records != records:
            raise ValueError(f"its totals count {totals.records} records, not {records}")
        elapsed = _field(data, "elapsed_seconds", (int, float))
        return cls(
            identity=identity,
            records=records,
            output_bytes=_whole(data, "output_bytes"),
            position=position,
            totals=totals,
            elapsed=float(elapsed),
            runs=_whole(data, "runs"),
            output_tail=_field(data, "output_tail_sha256", str),
        )


def _checksum(body: Mapping[str, Any]) -> str:
    """SHA-256 of a checkpoint's content (canonical JSON, keys sorted)."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def output_tail(read: Callable[[int, int], bytes], size: int) -> str:
    """SHA-256 (hex) of the last :data:`TAIL_BYTES` of the first ``size`` bytes of an
    output, read with ``read(offset, length)``."""
    start = max(0, size - TAIL_BYTES)
    return hashlib.sha256(read(start, size - start)).hexdigest()


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
    except UnicodeDecodeError:
        text = ""  # not text: refused below as not a checkpoint
    try:
        data = json.loads(text)
    except ValueError as exc:
        reason = f"not JSON: {exc}"
    else:
        try:
            return Checkpoint.from_dict(data)
        except ValueError as exc:
            reason = str(exc)
    raise ConfigError(
        f"the checkpoint {path} cannot be read ({reason}); rerun with --restart to start over"
    )


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
    # ASCII: a path that is not UTF-8 (a file name in GBK bytes) is kept as \u escapes
    data = json.dumps(checkpoint.to_dict(), indent=1)
    with temporary.open("w", encoding="ascii") as stream:
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
