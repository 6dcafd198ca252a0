"""Reading merchant records from JSON and JSON Lines files, one record at a time.

A file whose first non-blank character is ``[`` is a JSON array of records; a file that
parses as one JSON object is one record; anything else is JSON Lines (one record a line,
blank lines skipped).  A line that is not valid JSON is still yielded, as text, so that
the engine reports it: no record is ever lost.

JSON Lines are streamed: a file of a million lines is read a line at a time, so memory
stays bounded whatever its size.  A JSON array, and an object spread over several lines,
are read whole (a JSON document cannot be verified before it has been read to its end).
Files and standard input are read as UTF-8 (a byte order mark is dropped) whatever the
locale; a line that is not UTF-8 raises :class:`NotUtf8`, naming the line.
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from qualcheck._json_keys import loads_noting_duplicates

__all__ = ["NotUtf8", "Source", "read_records"]


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


class NotUtf8(ValueError):
    """A line of the input is not UTF-8 text (another encoding, or a binary file)."""

    def __init__(self, line: int, error: UnicodeDecodeError) -> None:
        bad = error.object[error.start : error.start + 1].hex()
        utf16 = line == 1 and bytes(error.object[:2]) in (b"\xff\xfe", b"\xfe\xff")
        source = "UTF-16" if utf16 else "GB18030"  # Windows' "Unicode", or a Chinese export
        super().__init__(
            f"line {line} is not UTF-8 text (byte 0x{bad} at byte {error.start + 1} of the"
            f" line{'; it is UTF-16' if utf16 else ''}); convert the file to UTF-8"
            f" (e.g. iconv -f {source} -t UTF-8), or read it with"
            " 'qualcheck batch --encoding ENC'"
        )
        self.line = line


def _lines(raw: Iterable[bytes]) -> Iterator[tuple[int, str]]:
    """Numbered lines of a byte stream, split at ``\\n`` only (JSON text may hold U+2028,
    U+0085 … inside strings, which ``str.splitlines`` would take for line ends), decoded
    as UTF-8 one by one (a ``\\n`` byte is never part of a UTF-8 or GB18030 sequence), the
    line end and a leading byte order mark removed."""
    for number, chunk in enumerate(raw, start=1):
        if number == 1:
            chunk = chunk.removeprefix(b"\xef\xbb\xbf")
        try:
            line = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotUtf8(number, exc) from None
        yield number, line.removesuffix("\n").removesuffix("\r")


def _stdin_lines() -> Iterator[tuple[int, str]]:
    if sys.stdin is None:  # started with standard input closed (`<&-`)
        raise OSError(errno.EBADF, "standard input is closed")
    buffer: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        yield from _lines(buffer)
        return
    # a text stream given in place of stdin (tests, embedding): already decoded
    text = sys.stdin.read().removeprefix("\ufeff")
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, line.removesuffix("\r")


def _file_lines(name: str) -> Iterator[tuple[int, str]]:
    with Path(name).open("rb") as raw:
        yield from _lines(raw)


def _whole(text: str, name: str, lines: list[tuple[int, str]]) -> Iterator[tuple[Source, Any]]:
    """The records of a file read whole: an array, one object, else JSON Lines."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records, twice = loads_noting_duplicates(text)
        except (ValueError, RecursionError):
            records, twice = None, []
        if isinstance(records, list):
            # a record that gives a key twice goes as its text: the engine reports the key
            texts = _element_texts(text) if twice else []
            marked = {path[0] for path in twice}
            for index, record in enumerate(records):
                yield Source(name, index=index), texts[index] if index in marked else record
            return
    if stripped.startswith("{"):
        try:
            record, twice = loads_noting_duplicates(text)
        except (ValueError, RecursionError):
            pass  # several objects: JSON Lines
        else:
            yield Source(name), text if twice else record
            return
    for number, line in lines:
        if line.strip():
            yield Source(name, line=number), line


def _element_texts(text: str) -> list[str]:
    """The text of each element of the JSON array ``text`` (which parses).

    >>> _element_texts(' [ {"a": 1, "a": 2} ,3]')
    ['{"a": 1, "a": 2}', '3']
    """
    decoder = json.JSONDecoder()
    out: list[str] = []
    at = text.index("[") + 1
    while True:
        at = _skip_space(text, at)
        if text[at] == "]":
            return out
        _, end = decoder.raw_decode(text, at)
        out.append(text[at:end])
        at = _skip_space(text, end)
        at += 1  # the comma, or the closing bracket
        if text[at - 1] == "]":
            return out


def _skip_space(text: str, at: int) -> int:
    while text[at] in " \t\r\n":
        at += 1
    return at


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def read_records(name: str) -> Iterator[tuple[Source, Any]]:
    """Every record of the file ``name`` (``-`` for standard input) with its source.

    ``OSError`` propagates for a file that cannot be read, :class:`NotUtf8` for one that
    is not UTF-8 (when the file is streamed, after the records before the bad line).
    """
    lines = _stdin_lines() if name == "-" else _file_lines(name)
    head: list[tuple[int, str]] = []
    for number, line in lines:
        head.append((number, line))
        if line.strip():
            break
    else:
        return  # nothing but blank lines
    first = head[-1][1].lstrip()
    if first.startswith("[") or not _parses(first):
        # An array, an object over several lines, or a first line that is no JSON at all:
        # read the whole file and work out which (a JSON document is read whole anyway).
        head.extend(lines)
        yield from _whole("\n".join(line for _, line in head), name, head)
        return
    # JSON Lines, streamed; a file of one object on one line is that object (no line).
    number, line = head[-1]
    following = _next_record(lines)
    if following is None:
        yield (Source(name) if first.startswith("{") else Source(name, line=number)), line
        return
    yield Source(name, line=number), line
    yield Source(name, line=following[0]), following[1]
    for number, line in lines:
        if line.strip():
            yield Source(name, line=number), line


def _next_record(lines: Iterator[tuple[int, str]]) -> tuple[int, str] | None:
    for number, line in lines:
        if line.strip():
            return number, line
    return None
