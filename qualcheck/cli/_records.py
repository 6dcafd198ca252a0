"""Reading merchant records from JSON and JSON Lines files, one record at a time.

A file whose first non-blank character is ``[`` is a JSON array of records; a file that
parses as one JSON object is one record; anything else is JSON Lines (one record a line,
blank lines skipped).  A line that is not valid JSON is still yielded, as text, so that
the engine reports it: no record is ever lost.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Source", "read_records"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: the file and its line (JSON Lines) or index (array)."""

    file: str
    line: int | None = None
    index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, without the parts that do not apply."""
        out: dict[str, Any] = {"file": self.file}
        if self.line is not None:
            out["line"] = self.line
        if self.index is not None:
            out["index"] = self.index
        return out


def _text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8-sig")


def read_records(name: str) -> Iterator[tuple[Source, Any]]:
    """Every record of the file ``name`` (``-`` for standard input) with its source.

    ``OSError`` propagates for a file that cannot be read.
    """
    text = _text(name)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(text)
        except (ValueError, RecursionError):
            records = None
        if isinstance(records, list):
            for index, record in enumerate(records):
                yield Source(name, index=index), record
            return
    if stripped.startswith("{"):
        try:
            yield Source(name), json.loads(text)
            return
        except (ValueError, RecursionError):
            pass  # several objects: JSON Lines
    # Lines end at \n (or \r\n) only: JSON text may hold U+2028, U+0085 … inside strings,
    # which str.splitlines would take for line ends.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip():
            yield Source(name, line=number), line
