"""Streaming merchant records out of JSON Lines and CSV files, with where each came from.

JSON Lines: one JSON object a line; blank lines are skipped; a line that is not JSON is
still yielded (as text) so that the verification reports it — no line is ever lost.

CSV: a header row, then one merchant a row.  The header names the fields of the
record (see :data:`CSV_COLUMNS`; case and surrounding spaces do not matter, unknown
columns are ignored, empty cells are left out):

* ``merchant_id``, ``subject_type``, ``name``, ``uscc``, ``address``,
  ``contact_phone``, ``last_verified_at``, ``declared_annual_turnover_yuan`` — as in a
  JSON record;
* ``legal_representative`` or ``legal_representative_name``, and
  ``legal_representative_id`` — the person's name and ID number;
* ``categories`` — category ids or names separated by ``|``, ``;``, ``,`` or their
  full-width forms (``；``, ``，``, ``、``);
* ``documents`` and ``shops`` — JSON arrays, as in a JSON record;
* ``KIND.FIELD`` — one document per kind: ``food_business.number``,
  ``food_business.valid_to``, ``business_license.validity`` … (any field of the
  document; ``KIND`` is a document kind, see :data:`qualcheck.models.DOCUMENT_KINDS`).
  ``KIND.N.FIELD`` (``food_business.2.number``) adds a second document of a kind.  A
  document exists when any of its cells is filled; documents from these columns come
  after those of a ``documents`` cell.

>>> import io, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = folder / "sellers.csv"
>>> _ = path.write_text(
...     "merchant_id,subject_type,name,uscc,categories,food_business.number,"
...     "food_business.valid_to\\n"
...     "m-1,enterprise,示例有限公司,91350100M000100Y43,prepackaged_food|bulk_food,"
...     "JY13501020000014,2027-01-31\\n", encoding="utf-8")
>>> [item] = iter_input(path)
>>> item.file, item.line, item.merchant_id
('...sellers.csv', 2, 'm-1')
>>> item.record["categories"]
['prepackaged_food', 'bulk_food']
>>> item.record["documents"]  # doctest: +NORMALIZE_WHITESPACE
[{'kind': 'food_business', 'number': 'JY13501020000014',
  'valid_to': '2027-01-31'}]
>>> item.column_of(("documents", 0, "validity", "valid_to"))
'food_business.valid_to'
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from qualcheck._json_keys import loads_noting_duplicates
from qualcheck._nesting import too_deep
from qualcheck._reasons import json_reason_zh
from qualcheck._scrub import scrub
from qualcheck._spelling import (
    DOCUMENT_NAMES_ZH,
    MERCHANT_NAMES_ZH,
    camel,
    chinese_key,
    chinese_names,
)
from qualcheck.exceptions import ConfigError

if TYPE_CHECKING:
    from qualcheck._report import Report
    from qualcheck.policy import Policy

__all__ = [
    "CSV_COLUMNS",
    "CellProblem",
    "InputRecord",
    "Position",
    "detect_format",
    "iter_input",
    "iter_inputs",
]

InputFormat = Literal["auto", "jsonl", "csv"]

_PLAIN = (
    "merchant_id",
    "subject_type",
    "name",
    "uscc",
    "address",
    "contact_phone",
    "last_verified_at",
    "declared_annual_turnover_yuan",
)
_PERSON = {
    "legal_representative": "name",
    "legal_representative_name": "name",
    "legal_representative_id": "id_number",
}
_JSON_COLUMNS = ("documents", "shops")
CSV_COLUMNS: tuple[str, ...] = (*_PLAIN, *_PERSON, "categories", *_JSON_COLUMNS)
"""The plain CSV columns; ``KIND.FIELD`` columns add documents (see the module docs)."""

_COLUMN_ALIASES = {
    camel(column).lower(): column for column in CSV_COLUMNS if camel(column) != column
}
"""Other headers of the plain columns: the camelCase spellings (``merchantId``; headers
are compared in lower case)."""
_COLUMN_NAMES_ZH = {
    name: column
    for name, column in chinese_names(MERCHANT_NAMES_ZH).items()
    if column in CSV_COLUMNS
}
"""Chinese headers of the plain columns, as platforms' exports name them: the merchant's
Chinese field names, which a JSON record is read with too
(:data:`qualcheck._spelling.MERCHANT_NAMES_ZH`)."""
_FIELD_NAMES_ZH = {
    name: field for name, field in chinese_names(DOCUMENT_NAMES_ZH).items() if field != "kind"
}
"""Chinese names of a document's fields in ``KIND.FIELD`` columns, those of a document in a
JSON record (:data:`qualcheck._spelling.DOCUMENT_NAMES_ZH`); the kind is the column's."""


@functools.cache
def _camel_fields() -> dict[str, str]:
    """The camelCase spellings of documents' fields and kinds, in lower case as headers
    are compared (``validto`` → ``valid_to``, ``foodbusiness`` → ``food_business``)."""
    from qualcheck.models.documents import DOCUMENT_KINDS, DOCUMENT_SPELLINGS

    names = (*DOCUMENT_SPELLINGS.fields, *DOCUMENT_KINDS)
    return {camel(name).lower(): name for name in names if camel(name) != name}


def _canonical_column(name: str) -> str:
    """A header cell (trimmed, lower case) as the column qualcheck knows: a Chinese header
    (``统一社会信用代码``), and in ``KIND.FIELD`` a document's title for the kind and a
    Chinese field name (``食品经营许可证.有效期至`` → ``food_business.valid_to``)."""
    from qualcheck.models.documents import DOCUMENT_KINDS, document_kind

    if name in _COLUMN_ALIASES:
        return _COLUMN_ALIASES[name]
    if not name.isascii() and chinese_key(name) in _COLUMN_NAMES_ZH:
        return _COLUMN_NAMES_ZH[chinese_key(name)]
    if "." not in name:
        return name
    prefix, _, key = name.rpartition(".")
    kind, _, number = prefix.partition(".")
    if kind not in DOCUMENT_KINDS:
        found = document_kind(kind)
        kind = found[0] if found is not None else _camel_fields().get(kind, kind)
    zh = _FIELD_NAMES_ZH.get(chinese_key(key)) if not key.isascii() else None
    key = zh or _camel_fields().get(key, key)
    return f"{kind}.{number}.{key}" if number else f"{kind}.{key}"


_CATEGORY_SEPARATORS = re.compile(r"[|;,，；、]")
_CSV_ERRORS_ZH = (
    (re.compile(r"field larger than field limit \((\d+)\)"), "单元格超过{0}个字符的上限"),
    (re.compile(r"new-line character seen in unquoted field"), "未加引号的单元格中含有换行符"),
    (re.compile(r"line contains NUL"), "含有NUL字符"),
    (re.compile(r"unexpected end of data"), "数据意外结束（引号未闭合）"),
    (re.compile(r"'.' expected after '.'"), "引号之后应为分隔符"),
)


def _csv_error_zh(exc: csv.Error) -> str:
    """The Chinese reason of a row the CSV reader refused (never its English text).

    >>> _csv_error_zh(csv.Error("field larger than field limit (131072)"))
    'CSV格式错误：单元格超过131072个字符的上限'
    >>> _csv_error_zh(csv.Error("something new"))
    'CSV格式错误，无法读取该行'
    """
    for pattern, chinese in _CSV_ERRORS_ZH:
        match = pattern.search(str(exc))
        if match is not None:
            return "CSV格式错误：" + chinese.format(*match.groups())
    return "CSV格式错误，无法读取该行"


_WARN = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Position:
    """Where reading stopped: the file (index among the inputs), the byte offset and the
    number of the next line to read (1-based)."""

    file_index: int
    offset: int
    line: int


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A cell (or a whole row) that could not be read: the column and why (``reason``,
    and ``reason_zh`` in Chinese when it is known)."""

    column: str
    reason: str
    reason_zh: str | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where the fields of a record built from a CSV row came from."""

    documents: tuple[str | None, ...]
    """For each document: its column prefix (``food_business``), ``None`` for one from
    the ``documents`` cell."""
    person: tuple[tuple[str, str], ...]
    header: frozenset[str]
    written: dict[str, str] = field(default_factory=dict)
    """Columns given under another name (a Chinese header) → the header as written."""


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One record of an input file.

    ``record`` is what to verify: a mapping (a JSON object, or a CSV row mapped to a
    record), another JSON value, or the line itself (text, or bytes that are not text in
    the file's encoding) when it is not JSON — the verification reports it.  ``line`` is
    the first line of the record; ``merchant_id`` is read from the record when it has
    one; ``problems`` name CSV cells that could not be read (they are left out of
    ``record``); ``end`` is where the next record starts.
    """

    file: str
    line: int
    record: Any = field(repr=False)
    merchant_id: str | None
    end: Position
    problems: tuple[CellProblem, ...] = ()
    columns: _Columns | None = field(default=None, repr=False)

    def column_of(self, path: Sequence[str | int]) -> str | None:
        """The CSV column a finding's path points into, as the header names it (``None``
        for JSON Lines, or when no column holds it)."""
        column = self._column_of(path)
        if column is None or self.columns is None:
            return column
        return self.columns.written.get(column, column)

    def _column_of(self, path: Sequence[str | int]) -> str | None:
        columns = self.columns
        if columns is None or not path:
            return None
        head = path[0]
        if head == "documents" and len(path) > 1 and isinstance(path[1], int):
            if not 0 <= path[1] < len(columns.documents):
                return "documents"
            prefix = columns.documents[path[1]]
            if prefix is None:
                return "documents"
            rest = [part for part in path[2:] if isinstance(part, str)]
            if not rest:
                return prefix
            if rest[0] == "validity" and len(rest) > 1 and f"{prefix}.{rest[1]}" in columns.header:
                return f"{prefix}.{rest[1]}"
            if rest[0] == "validity" and f"{prefix}.validity" not in columns.header:
                loose = [f"{prefix}.{key}" for key in ("valid_to", "valid_from")]
                return next((name for name in loose if name in columns.header), prefix)
            return f"{prefix}.{rest[0]}"
        if head == "legal_representative":
            wanted = path[1] if len(path) > 1 else "name"
            return next((col for col, key in columns.person if key == wanted), None)
        if isinstance(head, str) and head in columns.header:
            return head
        return None


def detect_format(path: str | Path, first: bytes = b"") -> Literal["jsonl", "csv"]:
    """``csv`` for a ``.csv``/``.tsv`` name, ``jsonl`` for ``.jsonl``/``.ndjson``/``.json``;
    otherwise ``jsonl`` when the first non-blank byte of ``first`` is ``{``.

    >>> detect_format("sellers.CSV"), detect_format("x.txt", b' {"name": 1}')
    ('csv', 'jsonl')
    """
    suffix = Path(str(path)).suffix.lower()
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "jsonl" if first.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"{") else "csv"


def _merchant_id(value: Any) -> str | None:
    """The ``merchant_id`` of a record — under that name, in camelCase or under a Chinese
    name (``商户编号``), as the models read it — to join a result back to its record."""
    if isinstance(value, dict):
        found = value.get("merchant_id")
        if found is None and "merchant_id" not in value:  # rarely: looked for by name
            key = next((k for k in value if _names_merchant_id(k)), None)
            found = None if key is None else value[key]
        if isinstance(found, (str, int)) and not isinstance(found, bool):
            return str(found)
    return None


def _names_merchant_id(key: Any) -> bool:
    """Whether ``key`` is ``merchantId`` or a Chinese name of ``merchant_id``."""
    if type(key) is not str:
        return False
    if key.isascii():
        return key == "merchantId"
    return len(key) <= 64 and _COLUMN_NAMES_ZH.get(chinese_key(key)) == "merchant_id"


class _Raw(io.RawIOBase):
    """A byte stream that cannot peek (a replaced standard input) as a raw stream, for an
    ``io.BufferedReader`` that can."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _open(name: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    if name == "-":
        stream: Any = sys.stdin.buffer
        if not hasattr(stream, "peek"):  # a replaced standard input
            stream = io.BufferedReader(_Raw(stream))
        return contextlib.nullcontext(stream)
    return open(name, "rb")


def _is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name == "utf-8"


def _disguised_utf8(raw: bytes) -> bool:
    """Whether ``raw`` (read in an encoding other than UTF-8) is UTF-8 text with more than
    ASCII in it: another encoding would read it without an error as other characters
    (``福州`` in UTF-8 reads as ``绂忓窞`` in GB18030), while text of a Chinese encoding is
    hardly ever valid UTF-8 as well.

    >>> _disguised_utf8("福州".encode()), _disguised_utf8("福州".encode("gb18030"))
    (True, False)
    >>> _disguised_utf8(b"plain ASCII")
    False
    """
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _not_text(encoding: str, utf8: bool) -> CellProblem:
    """The problem of a line that is not text in ``encoding``, or (``utf8``) is UTF-8 text
    where ``encoding`` was given: either way it is not read, never read as mojibake."""
    if utf8:
        return CellProblem(
            "row",
            f"not {encoding} text but UTF-8: not read (the file mixes encodings, or is UTF-8)",
            f"不是{encoding}编码的文本，而是UTF-8编码：未读取（文件混用了多种编码，或本身为UTF-8编码）",
        )
    return CellProblem("row", f"not {encoding} text", f"不是{encoding}编码的文本")


class _Lines:
    """The physical lines of a binary file, decoded, counting bytes and lines."""

    def __init__(self, stream: IO[bytes], encoding: str, offset: int, line: int) -> None:
        self.stream = stream
        self.encoding = encoding
        self.utf8 = _is_utf8(encoding)
        self.offset = offset
        self.read = line - 1  # lines consumed
        self.undecodable: CellProblem | None = None
        """Why the last row read is not text in the encoding (``None``: it is)."""

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        raw = self.stream.readline()
        if not raw:
            raise StopIteration
        if self.offset == 0 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
            self.offset = len(codecs.BOM_UTF8)
        self.offset += len(raw)
        self.read += 1
        if not self.utf8 and _disguised_utf8(raw):
            self.undecodable = _not_text(self.encoding, True)
            return raw.decode("utf-8")  # split into cells, but never verified
        try:
            return raw.decode(self.encoding)
        except UnicodeDecodeError:
            self.undecodable = _not_text(self.encoding, False)
            return raw.decode(self.encoding, "replace")


def _jsonl(
    name: str, index: int, stream: IO[bytes], start: Position | None, encoding: str
) -> Iterator[InputRecord]:
    offset, number = (start.offset, start.line) if start is not None else (0, 1)
    utf8 = _is_utf8(encoding)
    for raw in stream:
        line = number
        number += 1
        if offset == 0 and raw.startswith(codecs.BOM_UTF8):
            offset = len(codecs.BOM_UTF8)
            raw = raw[len(codecs.BOM_UTF8) :]
        offset += len(raw)
        if not raw.strip():
            continue
        end = Position(index, offset, number)
        if not utf8 and _disguised_utf8(raw):  # never verified as mojibake
            found = _merchant_id(_loads(raw.decode("utf-8"))[0])
            yield InputRecord(name, line, None, found, end, (_not_text(encoding, True),))
            continue
        try:
            text = raw.decode(encoding).rstrip("\r\n")
        except UnicodeDecodeError:
            if utf8:  # the engine reports bytes that are not UTF-8 text (record.not_json)
                yield InputRecord(name, line, raw.rstrip(b"\r\n"), None, end)
            else:  # never handed on as bytes: the engine would read them as UTF-8
                yield InputRecord(name, line, None, None, end, (_not_text(encoding, False),))
            continue
        value, twice = _loads(text)
        if value is _NOT_JSON or twice or too_deep(value) or isinstance(value, str):
            # as text: read (and refused) the same way everywhere — not JSON, a key given
            # twice, nested too deeply; a JSON string (a record encoded twice) is not an
            # object, as 'qualcheck verify' says, never its content
            found = _merchant_id(value) if twice else None
            yield InputRecord(name, line, text, found, end)
            continue
        yield InputRecord(name, line, value, _merchant_id(value), end)


_NOT_JSON = object()


def _loads(text: str) -> tuple[Any, bool]:
    """``text`` parsed as JSON (:data:`_NOT_JSON` when it is not), and whether an object
    in it gives a key twice with different values (the engine reports which)."""
    try:
        value, twice = loads_noting_duplicates(text)
    except (ValueError, RecursionError):
        return _NOT_JSON, False
    return value, bool(twice)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What to do with each column of a CSV header, worked out once per file."""

    actions: tuple[tuple[int, str, str, str], ...]
    """(cell index, action, key, column): action is plain, person, categories, json or
    document (key = the document's prefix, column's last part the field)."""
    header: frozenset[str]
    width: int
    written: dict[str, str] = field(default_factory=dict)
    repeated: tuple[tuple[int, int, str], ...] = ()
    """(cell index, index of the first cell of the same field, header as written) of a
    column that gives a field an earlier column gives already (``uscc`` twice, or
    ``name`` and ``商户名称``): only the first is read, and a row where the two differ is
    reported."""


def _plan(header: Sequence[str], warn: _WARN | None, name: str) -> _Plan:
    from qualcheck.models.documents import _VALIDITY_KEYS, DOCUMENT_KINDS

    actions: list[tuple[int, str, str, str]] = []
    given = [cell.strip().lower() for cell in header]
    names = [_canonical_column(column) for column in given]
    written = {
        name: header[index].strip() for index, name in enumerate(names) if name != given[index]
    }
    firsts: dict[tuple[str, str, str], int] = {}
    repeated: list[tuple[int, int, str]] = []
    notes: list[str] = []  # said once the header turns out readable at all

    def add(index: int, action: str, key: str, column: str) -> None:
        target = (action, key, column if action == "document" else "")
        if target in firsts:  # the same field again: read once, compared in each row
            first = firsts[target]
            repeated.append((index, first, header[index].strip()))
            notes.append(
                f"{name}: column {header[index].strip()!r} gives the same field as"
                f" column {header[first].strip()!r}; the first is read, and a row where"
                " they differ is reported"
            )
            return
        firsts[target] = index
        actions.append((index, action, key, column))

    for index, column in enumerate(names):
        if column in _PLAIN:
            add(index, "plain", column, column)
        elif column in _PERSON:
            add(index, "person", _PERSON[column], column)
        elif column == "categories":
            add(index, "categories", column, column)
        elif column in _JSON_COLUMNS:
            add(index, "json", column, column)
        elif "." in column:
            prefix, _, key = column.rpartition(".")
            kind, _, number = prefix.partition(".")
            if kind in DOCUMENT_KINDS and key and (not number or number.isdigit()):
                add(index, "document", prefix, key)
                if key not in _VALIDITY_KEYS and key not in DOCUMENT_KINDS[kind].model_fields:
                    notes.append(
                        f"{name}: column {header[index].strip()!r}: {key!r} is not a field"
                        f" of a {DOCUMENT_KINDS[kind].TITLE}; its cells are not read"
                    )
            else:
                notes.append(
                    f"{name}: column {header[index].strip()!r} ignored:"
                    f" {kind!r} is not a document kind"
                )
    if not actions:  # nothing of any row could be read: say so once
        # a file without a header: its first row is a seller's data, personal numbers too
        shown = ", ".join(scrub(repr(cell.strip())) for cell in header[:5]) or "an empty line"
        separator = next((mark for mark in (";", "\t", "|") if any(mark in c for c in header)), "")
        hint = (
            f"; its cells seem to be separated by {separator!r}: save it with commas (or"
            " tabs, as a .tsv file)"
            if separator and len(header) == 1
            else ""
        )
        raise ConfigError(
            f"{name}: the CSV header ({shown}) names no column qualcheck reads"
            f" (merchant_id, name, uscc, KIND.FIELD … see docs/batch.md){hint}"
        )
    if warn is not None:
        for note in notes:
            warn(scrub(note))
    return _Plan(tuple(actions), frozenset(names), len(names), written, tuple(repeated))


_FORMULA_TEXT = re.compile(r'="(.*)"', re.DOTALL)
_ROUNDED = re.compile(r"[+-]?\d+(?:\.\d*)?[eE]\+?\d+")
_NUMBERED = frozenset(
    {"merchant_id", "uscc", "contact_phone", "id_number", "number", "holder_uscc"}
)
"""Columns of identifiers, which Excel turns into numbers and rounds."""


def _cell(text: str) -> str:
    """A CSV cell's value: trimmed, and without the formula quoting Excel users give a
    long number so that it stays text (``="91350100M000100Y43"``).

    >>> _cell(' ="91350100M000100Y43" '), _cell('="a ""b"" c"'), _cell("=1+1")
    ('91350100M000100Y43', 'a "b" c', '=1+1')
    """
    value = text.strip()
    match = _FORMULA_TEXT.fullmatch(value)
    return value if match is None else match.group(1).replace('""', '"').strip()


def _rounded(column: str, value: str) -> CellProblem:
    """The problem of an identifier cell in scientific notation (``9.13501E+17``): Excel
    showed the number rounded, and saved it so — the digits are lost."""
    return CellProblem(
        column,
        f"{value!r} is a number in scientific notation, as Excel shows a long number: its"
        " digits are lost; format the column as text before saving",
        f"“{value}”为科学计数法数字（Excel对长数字的显示方式），原有数字已丢失；"
        "请在保存前将该列设置为文本格式",
    )


def _from_row(
    plan: _Plan, row: Sequence[str]
) -> tuple[dict[str, Any], list[CellProblem], _Columns]:
    record: dict[str, Any] = {}
    problems: list[CellProblem] = []
    person: dict[str, str] = {}
    person_columns: list[tuple[str, str]] = []
    groups: dict[str, dict[str, Any]] = {}
    listed: list[Any] = []
    width = len(row)
    for index, action, key, column in plan.actions:
        if index >= width:
            continue
        value = _cell(row[index])
        if not value:
            continue
        if _ROUNDED.fullmatch(value) and (key in _NUMBERED or column in _NUMBERED):
            name = f"{key}.{column}" if action == "document" else column
            problems.append(_rounded(plan.written.get(name, name), value))
        if action == "plain":
            record[key] = value
        elif action == "person":
            person[key] = value
            person_columns.append((column, key))
        elif action == "categories":
            record[key] = [
                part.strip() for part in _CATEGORY_SEPARATORS.split(value) if part.strip()
            ]
        elif action == "json":
            try:
                parsed, twice = loads_noting_duplicates(value)
            except (ValueError, RecursionError) as exc:
                problems.append(
                    CellProblem(column, f"not JSON ({exc})", f"不是JSON（{json_reason_zh(exc)}）")
                )
                continue
            if twice:  # never judged on one of two readings of the cell
                where = "".join(
                    f"[{part}]" if isinstance(part, int) else f".{part}" for part in twice[0]
                )
                problems.append(
                    CellProblem(
                        column,
                        f"{where.lstrip('.')} is given twice, with different values",
                        f"{where.lstrip('.')}出现两次且取值不同",
                    )
                )
                continue
            if isinstance(parsed, dict):
                parsed = [parsed]
            if not isinstance(parsed, list):
                problems.append(
                    CellProblem(
                        column, "expected a JSON array of objects", "应为由对象组成的JSON数组"
                    )
                )
                continue
            if key == "documents":
                listed = parsed
            else:
                record[key] = parsed
        else:
            groups.setdefault(key, {"kind": key.partition(".")[0]})[column] = value
    for index, first, column in plan.repeated:
        again = _cell(row[index]) if index < width else ""
        if again and again != (_cell(row[first]) if first < width else ""):
            problems.append(
                CellProblem(
                    column,
                    "differs from an earlier column of the same field (the first is read)",
                    "与表头中同一字段的前一列取值不同（采用前一列）",
                )
            )
    if width > plan.width and any(cell.strip() for cell in row[plan.width :]):
        extra = width - plan.width
        cells = "cell" if extra == 1 else "cells"
        problems.append(
            CellProblem("row", f"{extra} {cells} more than the header", f"比表头多{extra}个单元格")
        )
    if person:
        record["legal_representative"] = person
    if listed or groups:
        record["documents"] = [*listed, *groups.values()]
    prefixes: tuple[str | None, ...] = (None,) * len(listed) + tuple(groups)
    return record, problems, _Columns(prefixes, tuple(person_columns), plan.header, plan.written)


def _csv(
    name: str,
    index: int,
    stream: IO[bytes],
    start: Position | None,
    encoding: str,
    warn: _WARN | None,
) -> Iterator[InputRecord]:
    lines = _Lines(stream, encoding, 0, 1)
    # strict: a quote never closed (to the end of the file) or text after a closing quote
    # is an error reported on its row, not rows silently swallowed into one cell
    delimiter = "\t" if Path(name).suffix.lower() == ".tsv" else ","
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        if _LONE_CR in str(exc):  # the whole file read as one line
            raise ConfigError(
                f"{name}: the CSV header holds a carriage return (\\r) outside quotes: its"
                " lines end with \\r alone (an old Mac export); save it as 'CSV UTF-8', or"
                " convert the line ends (tr '\\r' '\\n')"
            ) from None
        raise ConfigError(f"{name}: cannot read the CSV header: {exc}") from None
    if lines.undecodable is not None:  # every row would be unreadable: say so once
        raise ConfigError(f"{name}: {_header_remedy(encoding, lines.undecodable)}")
    plan = _plan(header, warn if start is None else None, name)
    if start is not None and start.offset > lines.offset:
        stream.seek(start.offset)
        lines.offset, lines.read = start.offset, start.line - 1
    while True:
        first = lines.read + 1
        lines.undecodable = None
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            end = Position(index, lines.offset, lines.read + 1)
            reason, reason_zh = str(exc), _csv_error_zh(exc)
            if _LONE_CR in reason:  # Python's advice is for programmers, not for this
                reason = f"{_LONE_CR} (a carriage return, \\r, in a cell not enclosed in quotes)"
            if lines.read > first:  # the lines read as one row, unusable
                reason += f" (lines {first}-{lines.read} read as one row)"
                reason_zh += f"（第{first}至{lines.read}行被读作一行）"
            problem = CellProblem("row", reason, reason_zh)
            yield InputRecord(name, first, None, None, end, (problem,))
            continue
        end = Position(index, lines.offset, lines.read + 1)
        if not any(cell.strip() for cell in row):
            continue
        record, problems, columns = _from_row(plan, row)
        if lines.undecodable is not None:  # never verified as mojibake: the id if it is
            found = _merchant_id(record)  # plain ASCII, to join the result back
            found = found if found is not None and found.isascii() else None
            yield InputRecord(name, first, None, found, end, (lines.undecodable,))
            continue
        yield InputRecord(name, first, record, _merchant_id(record), end, tuple(problems), columns)


_LONE_CR = "new-line character seen in unquoted field"


def _header_remedy(encoding: str, problem: CellProblem) -> str:
    """What to say of a CSV header that is not text in ``encoding``, with the remedy.

    >>> _header_remedy("gb18030", _not_text("gb18030", True))  # doctest: +ELLIPSIS
    'the CSV header is UTF-8 text, not gb18030: the file is UTF-8, read it without ...'
    """
    if "but UTF-8" in problem.reason:
        return (
            f"the CSV header is UTF-8 text, not {encoding}: the file is UTF-8, read it"
            " without --encoding (UTF-8 is the default)"
        )
    remedy = (
        "--encoding gb18030 for an Excel export from a Chinese Windows"
        if _is_utf8(encoding)
        else "--encoding ENC; an Excel export from a Chinese Windows is gb18030"
    )
    return f"the CSV header is not {encoding} text; give the file's encoding ({remedy})"


def _file_encoding(name: str, head: bytes, encoding: str) -> str:
    """The encoding to read the input ``name`` in, whose first bytes are ``head``: UTF-8
    when it starts with UTF-8's byte order mark, whatever ``encoding`` says (the mark is
    what Excel's "CSV UTF-8" writes; read in GB18030 it would be mojibake); a UTF-16 (or
    UTF-32) byte order mark — Excel's "Unicode text" — stops the run with the remedy."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ConfigError(
            f"{name}: UTF-16 text (it starts with a UTF-16 byte order mark, as Excel's"
            " 'Unicode text' does); save it as 'CSV UTF-8', or convert it to UTF-8"
            " (iconv -f UTF-16 -t UTF-8; tab-separated, give the result a .tsv name)"
        )
    return encoding


def _line_encoding(encoding: str) -> None:
    """Refuse an encoding the line reader cannot split: one in which a line feed is not
    the byte ``\\n`` (UTF-16, UTF-32), or no text encoding at all (``base64``)."""
    try:
        newline = "\n".encode(encoding)
    except (LookupError, UnicodeError, TypeError):
        newline = b""
    if newline != b"\n":
        raise ConfigError(
            f"cannot read {encoding} input: batch reads text encodings in which a line"
            " ends with the byte \\n (utf-8, gb18030, gbk, big5 …); convert the file to"
            f" UTF-8 first (iconv -f {encoding} -t UTF-8)"
        )


def _refuse_array(name: str, head: bytes) -> None:
    """Stop at an input that holds a JSON array (standard input and ``--input-format
    jsonl`` included): read as lines it would give one result, or one for each line of
    its text, instead of one for each of its records."""
    if head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"["):
        raise ConfigError(
            f"{name}: a JSON array; batch reads JSON Lines (one object a line)"
            " or CSV — convert it (jq -c '.[]'), or use 'qualcheck verify'"
        )


def iter_input(
    path: str | Path,
    *,
    format: InputFormat = "auto",
    encoding: str = "utf-8",
    warn: _WARN | None = None,
) -> Iterator[InputRecord]:
    """Every record of the JSON Lines or CSV file ``path`` (``-``: standard input), as
    :class:`InputRecord` objects, read as they are needed.  ``format="auto"`` goes by the
    file name, then by the first byte (see :func:`detect_format`); ``warn`` receives
    notes about CSV columns that are ignored.  ``OSError`` propagates."""
    return iter_inputs([str(path)], format=format, encoding=encoding, warn=warn)


def iter_inputs(
    names: Sequence[str],
    *,
    format: InputFormat = "auto",
    encoding: str = "utf-8",
    start: Position | None = None,
    warn: _WARN | None = None,
) -> Iterator[InputRecord]:
    """The records of several files in turn, from ``start`` (a :attr:`InputRecord.end`
    of an earlier read) when given."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ConfigError(f"unknown encoding {encoding!r}") from None
    _line_encoding(encoding)
    for index, name in enumerate(names):
        if start is not None and index < start.file_index:
            continue
        begin = start if start is not None and index == start.file_index else None
        with _open(name) as stream:
            kind = format
            head = stream.peek(512)[:512]  # type: ignore[attr-defined]
            own = _file_encoding(name, head, encoding)
            if kind != "csv":
                if kind == "auto":
                    kind = detect_format(name, head)
                _refuse_array(name, head)
            if begin is not None and kind == "jsonl":
                stream.seek(begin.offset)
            if kind == "csv":
                yield from _csv(name, index, stream, begin, own, warn)
            else:
                yield from _jsonl(name, index, stream, begin, own)


def amend_report(item: InputRecord, report: Report, policy: Policy) -> Report:
    """``report`` (of ``item.record``) with a ``record.invalid_value`` finding for each
    cell of ``item.problems``, decided by ``policy``; at least *review* when nothing of the
    row could be read.  What ``qualcheck batch`` and :func:`iter_verify` report."""
    import dataclasses

    from qualcheck._decision import Decision, combine
    from qualcheck._record import invalid_value
    from qualcheck._report import ReportFinding

    extra = []
    for problem in item.problems:
        finding = invalid_value(problem.column, problem.reason, problem.reason_zh)
        if problem.column in ("documents", "shops"):
            finding = dataclasses.replace(finding, path=(problem.column,))
        extra.append(ReportFinding.of(finding, policy.decide(finding), "record"))
    findings = tuple(extra) + (report.findings if item.record is not None else ())
    decisions = [report.decision, *(finding.decision for finding in extra)]
    if item.record is None:  # nothing could be read: review at least
        decisions.append(Decision.REVIEW)
    return report.model_copy(update={"findings": findings, "decision": combine(decisions)})
