"""Reading registry exports — CSV and JSON Lines — into records, one numbered row at a time.

The embedded registry (:class:`~qualcheck.registries.SqliteRegistry`) is loaded from what
platforms already have: a spreadsheet export of a registry or data platform (CSV, English
or the usual Chinese column headers, UTF-8 with or without a BOM) or JSON Lines.  This
module turns each row into a :class:`RegistryRecord` (an entity), a
:class:`LicenseRecord` (a stand-alone licence) or :class:`RowError` objects naming the
line and the field — a bad row never stops the rows after it.

* **CSV.**  The first non-blank row is the header.  A header with a licence-number column
  (``number``, ``许可证编号``, ``备案编号`` …) makes a *licence* file, anything else an
  *entity* file; :data:`ENTITY_COLUMNS` and :data:`LICENSE_COLUMNS` list the names read
  (compared after NFKC, case-folding and dropping spaces, ``_`` and ``-``).  Unknown
  columns are kept as the row's ``extra``.  Empty cells and placeholders (``-``, ``/``,
  ``暂无``) are empty.
* **JSON Lines.**  One object a line.  An entity line has :class:`RegistryRecord`'s fields
  (or the CSV names) and may carry its licences in a ``licenses`` array; a line with
  ``"record_type": "license"`` is a stand-alone licence naming its holder in
  ``holder_uscc``.  A :class:`RegistryRecord` dumped with ``model_dump_json()`` reads back
  unchanged.

Dates are read by :mod:`qualcheck.dates` (``2024年11月23日``, ``20241123``, millisecond
timestamps, ``长期`` …).  A licence's ``kind`` is a document kind (``food_business`` …), a
Chinese licence name (``食品经营许可证``) or, when absent, worked out from the licence
name or number.

>>> rows = list(read_rows(["企业名称,统一社会信用代码,登记状态,成立日期",
...                        "示例有限公司,91350100M000100Y43,在业,2019年4月2日",
...                        "坏行有限公司,91350100M000100Y43,存续,2019年2月30日"]))
>>> rows[0].record.status.value, rows[0].record.established_on
('active', datetime.date(2019, 4, 2))
>>> print(rows[1])
3: 成立日期: cannot read a date from '2019年2月30日': day is out of range for month (2019-02-30)
"""

from __future__ import annotations

import csv
import datetime
import itertools
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from pydantic import ValidationError

from qualcheck._scrub import scrub
from qualcheck.models.documents import DOCUMENT_KINDS
from qualcheck.registries._record import LicenseRecord, RegistryRecord, normalize_identifier

__all__ = [
    "ENTITY_COLUMNS",
    "LICENSE_COLUMNS",
    "LICENSE_DOCUMENT_KINDS",
    "EntityRow",
    "ExportReader",
    "Format",
    "LicenseRow",
    "Row",
    "RowError",
    "license_kind",
    "read_rows",
]

Format = Literal["auto", "jsonl", "csv"]

LICENSE_DOCUMENT_KINDS: frozenset[str] = frozenset(DOCUMENT_KINDS) - {
    "business_license",
    "identity",
}
"""The document kinds that are administrative licences a registry can list."""

CHINA = datetime.timezone(datetime.timedelta(hours=8))


@dataclass(frozen=True, slots=True)
class RowError:
    """A row (or one field of it) that could not be read; ``line`` is 1-based, ``field``
    the column or key as the file spells it (``None`` for the whole row)."""

    line: int
    field: str | None
    message: str

    def __post_init__(self) -> None:
        # messages quote the cell; a misplaced cell may hold an ID or phone number
        object.__setattr__(self, "message", scrub(self.message))

    def __str__(self) -> str:
        if self.field:
            return f"{self.line}: {self.field}: {self.message}"
        return f"{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A registered entity read from ``line``.

    ``licenses_given`` is true when the row carried a ``licenses`` array (which then is
    the entity's complete list); ``extra`` holds the columns qualcheck does not read.
    """

    line: int
    record: RegistryRecord
    licenses_given: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        """The identifiers licences may name this entity by (USCC, registration number)."""
        return tuple(key for key in (self.record.uscc, self.record.registration_number) if key)


@dataclass(frozen=True, slots=True)
class LicenseRow:
    """A stand-alone licence read from ``line``, held by the entity ``holder`` (a USCC or
    a registration number, normalised)."""

    line: int
    license: LicenseRecord
    holder: str
    extra: dict[str, Any] = field(default_factory=dict)


Row = EntityRow | LicenseRow | RowError
"""What :func:`read_rows` yields."""


# --- column names -------------------------------------------------------------------------


def _column_key(name: str) -> str:
    """A header or key as it is compared: NFKC, lower case, no spaces, ``_`` or ``-``."""
    return re.sub(r"[\s_\-\ufeff]+", "", unicodedata.normalize("NFKC", name)).lower()


def _table(aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {_column_key(alias): name for name, names in aliases.items() for alias in names}


_ENTITY_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "company_name",
        "entity_name",
        "企业名称",
        "名称",
        "公司名称",
        "主体名称",
        "市场主体名称",
        "单位名称",
        "企业(机构)名称",
        "个体工商户名称",
    ),
    "uscc": (
        "uscc",
        "credit_code",
        "unified_social_credit_code",
        "统一社会信用代码",
        "社会信用代码",
    ),
    "registration_number": ("registration_number", "reg_number", "regno", "注册号", "工商注册号"),
    "identifier": (
        "统一社会信用代码/注册号",
        "注册号/统一社会信用代码",
        "统一社会信用代码(注册号)",
    ),
    "legal_representative": (
        "legal_representative",
        "legal_person",
        "法定代表人",
        "法人",
        "法人代表",
        "法定代表人/负责人",
        "法定代表人(负责人)",
        "法定代表人/经营者",
        "法定代表人/负责人/经营者",
        "经营者",
        "负责人",
        "执行事务合伙人",
        "投资人",
    ),
    "status": ("status", "登记状态", "经营状态", "企业状态", "状态"),
    "established_on": ("established_on", "成立日期", "成立时间", "注册日期"),
    "revoked_on": ("revoked_on", "吊销日期"),
    "cancelled_on": ("cancelled_on", "注销日期"),
    "term": ("term", "营业期限", "经营期限"),
    "term_from": ("term_from", "营业期限自", "经营期限自", "营业期限起", "经营期限起"),
    "term_to": ("term_to", "营业期限至", "经营期限至", "营业期限止", "经营期限止"),
    "term_long_term": ("term_long_term",),
    "scope": ("scope", "business_scope", "经营范围"),
    "address": (
        "address",
        "住所",
        "地址",
        "注册地址",
        "企业地址",
        "经营场所",
        "主要经营场所",
        "住所/经营场所",
    ),
    "former_names": ("former_names", "曾用名", "历史名称"),
    "source": ("source", "来源", "数据来源"),
    "fetched_at": ("fetched_at", "采集时间", "更新时间"),
    "request_id": ("request_id",),
    "status_raw": ("status_raw",),
    "matches": ("matches",),
    "licenses": ("licenses", "licences", "行政许可", "许可信息"),
    "record_type": ("record_type",),
}
_LICENSE_ALIASES: dict[str, tuple[str, ...]] = {
    "number": (
        "number",
        "license_number",
        "licence_number",
        "许可证编号",
        "许可文件编号",
        "许可编号",
        "许可证号",
        "证书编号",
        "备案编号",
        "备案号",
    ),
    "kind": ("kind", "license_kind", "licence_kind", "许可类别", "许可类型", "证照类型"),
    "holder_uscc": ("holder_uscc", "uscc", "统一社会信用代码", "社会信用代码"),
    "holder_registration_number": ("holder_registration_number", "registration_number", "注册号"),
    "holder_identifier": _ENTITY_ALIASES["identifier"],
    "name": ("name", "license_name", "licence_name", "许可文件名称", "许可证名称", "证书名称"),
    "validity": ("validity", "有效期", "有效期限", "许可有效期"),
    "valid_from": ("valid_from", "有效期自", "有效期起", "许可有效期自", "有效期开始日期"),
    "valid_to": ("valid_to", "有效期至", "有效期止", "许可有效期至", "有效期截止日期"),
    "long_term": ("long_term",),
    "scope": ("scope", "许可内容", "许可范围", "经营项目"),
    "issuer": ("issuer", "许可机关", "发证机关", "许可机构", "发证机构"),
    "status_raw": ("status_raw", "status", "状态", "许可状态"),
    "record_type": ("record_type",),
}

ENTITY_COLUMNS: dict[str, str] = _table(_ENTITY_ALIASES)
"""Entity file: normalised column name → :class:`RegistryRecord` field.  ``identifier``
(``统一社会信用代码/注册号``) is a USCC when it has 18 characters, else a registration
number."""

LICENSE_COLUMNS: dict[str, str] = _table(_LICENSE_ALIASES)
"""Licence file: normalised column name → :class:`LicenseRecord` field (and the holder)."""

_LICENSE_NUMBER_COLUMNS = frozenset(_column_key(alias) for alias in _LICENSE_ALIASES["number"])
_PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "暂无", "null", "none"})
_VALUE_ERROR = re.compile(r"^(?:Value|Assertion) error, ")

# Licence names (许可文件名称) and kind labels → document kind; first match wins.
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("食品经营许可", "food_business"),
    ("食品生产许可", "food_production"),
    ("食品经营备案", "food_filing"),
    ("预包装食品", "food_filing"),
    ("药品经营许可", "drug_business"),
    ("互联网药品信息", "drug_info"),
    ("医疗器械经营", "device_business"),
    ("医疗器械网络销售", "device_business"),
    ("认证机构", "cnca"),
    ("检验检测机构", "cma"),
    ("资质认定", "cma"),
)


def license_kind(kind: object = None, name: str | None = None, number: str | None = None) -> str:
    """The document kind of a licence: from ``kind`` (a kind name or a Chinese licence
    name), else from the licence ``name``, else from the ``number``'s format.

    Raises ``ValueError`` when it cannot be told.

    >>> license_kind("食品经营许可证"), license_kind(name="药品经营许可证")
    ('food_business', 'drug_business')
    >>> license_kind(number="JY13301067319160")
    'food_business'
    """
    if kind not in (None, ""):
        text = unicodedata.normalize("NFKC", str(kind)).strip()
        key = text.lower().replace("-", "_").replace(" ", "_")
        if key in LICENSE_DOCUMENT_KINDS:
            return key
        found = _kind_from_words(text)
        if found is None:
            raise ValueError(
                f"unknown licence kind {text!r} (one of {', '.join(sorted(LICENSE_DOCUMENT_KINDS))}"
                " or a licence name such as 食品经营许可证)"
            )
        return found
    if name:
        found = _kind_from_words(unicodedata.normalize("NFKC", name))
        if found is not None:
            return found
    if number:
        from qualcheck import numbers

        for candidate in numbers.detect(number):
            if candidate in LICENSE_DOCUMENT_KINDS:
                return candidate
    raise ValueError("cannot tell the licence kind from its number or name: give the kind")


def _kind_from_words(text: str) -> str | None:
    return next((kind for word, kind in _KIND_WORDS if word in text), None)


# --- reading one row ----------------------------------------------------------------------


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or text.lower() in _PLACEHOLDERS
    return False


_Data = Mapping[str, Any] | Sequence[tuple[str, Any]]
"""A JSON object, or a CSV row as (header, cell) pairs — a header may repeat a name."""


def _gather(
    data: _Data, columns: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """Map the keys of ``data`` to fields: (values, field → key as written, unknown keys)."""
    values: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items() if isinstance(data, Mapping) else data:
        name = columns.get(_column_key(str(key)))
        if name is None:
            if not _empty(value):
                extra.setdefault(str(key), value)  # a repeated column: the first non-empty
            continue
        if _empty(value):
            spelled.setdefault(name, str(key))  # to name the column in an error
            continue
        if name in values:  # the first non-empty of synonymous columns wins
            continue
        values[name] = value.strip() if isinstance(value, str) else value
        spelled[name] = str(key)
    return values, spelled, extra


def _split_identifier(values: dict[str, Any], spelled: dict[str, str], prefix: str) -> None:
    """``统一社会信用代码/注册号``: an 18-character value is a USCC, anything else a
    registration number (unless those columns are given too)."""
    value = values.pop(f"{prefix}identifier", None)
    if value is None:
        return
    key = spelled.pop(f"{prefix}identifier")
    target = "uscc" if len(normalize_identifier(str(value))) == 18 else "registration_number"
    target = f"{prefix}{target}" if prefix else target
    if target not in values:
        values[target] = value
        spelled[target] = key


def _fetched_at(value: Any) -> Any:
    """A naive time is China time; a bare date is midnight in China."""
    if isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            from qualcheck.dates import parse_date

            day = parse_date(text)  # ValueError names the input
            if day is None:
                return None
            moment = datetime.datetime(day.year, day.month, day.day)
        value = moment
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=CHINA)
    return value


def _validation_errors(
    exc: ValidationError, line: int, spelled: Mapping[str, str], prefix: str = ""
) -> list[RowError]:
    errors = []
    for error in exc.errors(include_url=False, include_input=False):
        loc = error["loc"]
        head = str(loc[0]) if loc else ""
        where = _spelled_field(head, spelled)
        nested = _PERIOD_KEYS.get(head, {}).get(str(loc[1])) if len(loc) > 1 else None
        if nested is not None and nested in spelled:  # a period given as loose columns:
            where, loc = spelled[nested], loc[1:]  # name the column, not period.field
        rest = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc[1:])
        message = _VALUE_ERROR.sub("", str(error["msg"]))
        errors.append(
            RowError(line, f"{prefix}{where}{rest}" if where else prefix or None, message)
        )
    return errors


_PERIOD_KEYS = {
    "term": {"valid_from": "term_from", "valid_to": "term_to"},
    "validity": {"valid_from": "valid_from", "valid_to": "valid_to"},
}
"""A period's fields → the loose columns they are read from."""


def _spelled_field(model_field: str, spelled: Mapping[str, str]) -> str:
    if model_field in spelled:
        return spelled[model_field]
    if model_field == "term":
        loose = [spelled[key] for key in ("term_from", "term_to") if key in spelled]
        return "/".join(loose) or "term"
    if model_field == "validity":
        loose = [spelled[key] for key in ("valid_from", "valid_to") if key in spelled]
        return "/".join(loose) or "validity"
    return model_field


def _license(
    data: _Data, line: int, *, owner: tuple[str, ...] = (), prefix: str = ""
) -> LicenseRow | list[RowError]:
    """A licence from a mapping (a CSV row, a JSON object); ``owner`` holds the keys (USCC,
    registration number) of the entity whose line lists the licence."""
    values, spelled, extra = _gather(data, LICENSE_COLUMNS)
    values.pop("record_type", None)
    _split_identifier(values, spelled, "holder_")
    errors: list[RowError] = []
    raw_number = values.get("number")
    if raw_number is None:
        return [RowError(line, f"{prefix}number", "a licence needs its number")]
    try:
        values["kind"] = license_kind(values.get("kind"), values.get("name"), str(raw_number))
    except ValueError as exc:
        errors.append(RowError(line, f"{prefix}{spelled.get('kind', 'kind')}", str(exc)))
    registration = values.pop("holder_registration_number", None)
    registration_key = spelled.pop("holder_registration_number", None)
    named = values.get("holder_uscc")
    named_holder = normalize_identifier(str(named)) if named is not None else None
    if registration is not None:
        registration = normalize_identifier(str(registration))
    holder: str | None
    if owner:
        holder = owner[0]
        if named_holder is not None and named_holder not in owner:
            errors.append(
                RowError(
                    line,
                    f"{prefix}{spelled['holder_uscc']}",
                    f"the licence names holder {named_holder}, not this entity",
                )
            )
        if named is None and len(holder) == 18:
            values["holder_uscc"] = holder
    else:
        holder = named_holder or registration
        if holder is None:
            errors.append(
                RowError(
                    line,
                    f"{prefix}{spelled.get('holder_uscc', 'holder_uscc')}",
                    "a licence needs its holder's USCC (统一社会信用代码) or registration"
                    " number (注册号)",
                )
            )
        elif named_holder is None and registration_key is not None:
            extra[registration_key] = registration
    try:
        record = LicenseRecord.model_validate(values)
    except ValidationError as exc:
        errors.extend(_validation_errors(exc, line, spelled, prefix))
    if errors or holder is None:
        return errors
    return LicenseRow(line, record, holder, extra)


def _entity(data: _Data, line: int) -> EntityRow | list[RowError]:
    """An entity (with its licences, when the mapping lists them) from a mapping."""
    values, spelled, extra = _gather(data, ENTITY_COLUMNS)
    values.pop("record_type", None)
    _split_identifier(values, spelled, "")
    errors: list[RowError] = []
    licenses = values.pop("licenses", None)
    licenses_given = licenses is not None
    licenses_key = spelled.pop("licenses", "licenses")
    if "fetched_at" in values:
        try:
            values["fetched_at"] = _fetched_at(values["fetched_at"])
        except ValueError as exc:
            errors.append(RowError(line, spelled["fetched_at"], str(exc)))
            del values["fetched_at"]
    try:
        record = RegistryRecord.model_validate(values)
    except ValidationError as exc:
        errors.extend(_validation_errors(exc, line, spelled))
        record = None
    if record is not None:
        if not (record.uscc or record.registration_number):
            column = spelled.get("uscc") or spelled.get("identifier")
            errors.append(
                RowError(
                    line,
                    column or spelled.get("registration_number", "uscc"),
                    "an entity needs a USCC (统一社会信用代码) or a registration number (注册号)",
                )
            )
        elif record.uscc is not None and not re.fullmatch(r"[0-9A-Z]{18}", record.uscc):
            errors.append(
                RowError(
                    line,
                    spelled.get("uscc", "uscc"),
                    f"a USCC has 18 letters and digits, got {record.uscc!r}",
                )
            )
    items: list[LicenseRecord] = []
    if licenses_given:
        if not isinstance(licenses, list) or not all(isinstance(i, Mapping) for i in licenses):
            errors.append(RowError(line, licenses_key, "expected an array of licence objects"))
        else:
            keys = (record.uscc, record.registration_number) if record is not None else ()
            owner = tuple(key for key in keys if key) or ("",)
            for index, item in enumerate(licenses):
                read = _license(item, line, owner=owner, prefix=f"{licenses_key}[{index}].")
                if isinstance(read, LicenseRow):
                    items.append(read.license)
                else:
                    errors.extend(read)
    if errors or record is None:
        return errors
    if licenses_given:
        record = record.model_copy(update={"licenses": tuple(items)})
    return EntityRow(line, record, licenses_given, extra)


def _read_object(data: Mapping[str, Any], line: int) -> Iterator[Row]:
    kind = data.get("record_type")
    text = str(kind).strip().lower() if kind is not None else "entity"
    if text in ("license", "licence"):
        read: EntityRow | LicenseRow | list[RowError] = _license(data, line)
    elif text == "entity":
        read = _entity(data, line)
    else:
        read = [RowError(line, "record_type", f"unknown record_type {kind!r} (entity or license)")]
    if isinstance(read, list):
        yield from read
    else:
        yield read


# --- reading a file -----------------------------------------------------------------------


class ExportReader:
    """The rows of one export: a path, or an iterable of lines (an open text file, a list).

    ``format`` ``"auto"`` reads ``.csv``/``.tsv`` files as CSV and ``.jsonl``/``.ndjson``/
    ``.json`` files as JSON Lines; otherwise a first non-blank line starting with ``{``
    means JSON Lines.  After construction ``format`` is ``"csv"`` or ``"jsonl"`` and
    ``name`` names the source (the path, or ``<lines>``).  Close it, or use it as a context
    manager, when reading a path.
    """

    def __init__(
        self, source: str | os.PathLike[str] | Iterable[str], *, format: Format = "auto"
    ) -> None:
        if format not in ("auto", "jsonl", "csv"):
            raise ValueError(f"unknown format {format!r}: auto, jsonl or csv")
        self._file: BinaryIO | None = None
        lines: Iterable[str]
        if isinstance(source, (str, os.PathLike)):
            path = Path(source)
            self.name = str(source)
            self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
            lines = self._decode(self._file)
            suffix = path.suffix.lower()
            if format == "auto" and suffix in (".csv", ".tsv"):
                format = "csv"
            elif format == "auto" and suffix in (".jsonl", ".ndjson", ".json"):
                format = "jsonl"
        else:
            self.name = "<lines>"
            lines = source
        self._lines: Iterator[str] = iter(lines)
        self._peeked: list[str] = []
        self._count = 0  # lines taken from self._lines
        self._error: RowError | None = None
        if format == "auto":
            format = "jsonl" if self._first_character() == "{" else "csv"
        self.format: Literal["jsonl", "csv"] = format

    def _decode(self, file: BinaryIO) -> Iterator[str]:
        """The file's lines as text, one at a time, so that bytes that are not UTF-8 are
        reported at their own line (the rows before are read)."""
        for number, raw in enumerate(file, start=1):
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                self._error = _not_utf8(number, exc)
                return

    def _take(self) -> Iterator[str]:
        try:
            for line in self._lines:
                self._count += 1
                yield line
        except UnicodeDecodeError as exc:  # an open text file given as the source
            self._error = _not_utf8(self._count + 1, exc)

    def _first_character(self) -> str:
        for line in self._take():
            self._peeked.append(line)
            text = line.lstrip("\ufeff \t\r\n")
            if text:
                return text[0]
        return ""

    def _numbered(self) -> Iterator[str]:
        """The lines, the BOM removed from the first."""
        lines = itertools.chain(self._peeked, self._take())
        first = next(lines, None)
        if first is None:
            return
        yield first.removeprefix("\ufeff")
        yield from lines

    def __iter__(self) -> Iterator[Row]:
        rows = self._csv() if self.format == "csv" else self._jsonl()
        yield from rows
        if self._error is not None:
            yield self._error
            self._error = None

    def _jsonl(self) -> Iterator[Row]:
        for number, line in enumerate(self._numbered(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as exc:
                yield RowError(number, None, f"not valid JSON: {exc}")
                continue
            if not isinstance(data, dict):
                yield RowError(number, None, f"expected a JSON object, got {type(data).__name__}")
                continue
            yield from _read_object(data, number)

    def _csv(self) -> Iterator[Row]:
        lines = self._numbered()
        peek = next(lines, None)
        if peek is None:
            return
        chained = itertools.chain([peek], lines)
        delimiter = "\t" if "\t" in peek and "," not in peek else ","
        reader = csv.reader(chained, delimiter=delimiter)
        header: list[str] | None = None
        columns: Mapping[str, str] = {}
        read_row: Any = None
        start = 1
        try:
            for cells in reader:
                line, start = start, reader.line_num + 1
                if not any(cell.strip() for cell in cells):
                    continue
                if header is None:
                    header = [cell.strip() for cell in cells]
                    keys = {_column_key(cell) for cell in header}
                    if keys & _LICENSE_NUMBER_COLUMNS:
                        columns, read_row = LICENSE_COLUMNS, _license
                    else:
                        columns, read_row = ENTITY_COLUMNS, _entity
                    problem = _header_problem(header, columns)
                    if problem is not None:
                        yield RowError(line, None, problem)
                        return
                    continue
                if len(cells) > len(header):
                    yield RowError(
                        line, None, f"{len(cells)} cells but the header has {len(header)} columns"
                    )
                    continue
                # pairs, not a dict: of a column the header names twice the first non-empty
                # cell counts, as of synonymous columns; short rows: the rest empty
                row = list(zip(header, cells, strict=False))
                read = read_row(row, line)
                if isinstance(read, list):
                    yield from read
                else:
                    yield read
        except csv.Error as exc:  # the reader cannot tell where the bad row ends: stop
            yield RowError(
                start, None, f"unreadable CSV: {exc}; the rows from here on were not read"
            )

    def close(self) -> None:
        """Close the file (when reading a path)."""
        if self._file is not None:
            self._file.close()

    def __enter__(self) -> ExportReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _not_utf8(line: int, exc: UnicodeDecodeError) -> RowError:
    return RowError(
        line,
        None,
        f"not UTF-8 text ({exc.reason}); save the export as UTF-8 (Excel: CSV UTF-8);"
        " the rows from here on were not read",
    )


def _header_problem(header: list[str], columns: Mapping[str, str]) -> str | None:
    fields = {columns[key] for key in map(_column_key, header) if key in columns}
    if columns is LICENSE_COLUMNS:
        if not fields & {"holder_uscc", "holder_registration_number", "holder_identifier"}:
            return (
                "a licence file needs a holder column: 统一社会信用代码 (holder_uscc) or"
                " 注册号 (registration_number)"
            )
        return None
    if not fields:
        return "no known column in the header (see the column mapping in the documentation)"
    if not fields & {"uscc", "registration_number", "identifier"}:
        return (
            "an entity file needs a 统一社会信用代码 (uscc) or 注册号 (registration_number) column"
        )
    return None


def read_rows(
    source: str | os.PathLike[str] | Iterable[str], *, format: Format = "auto"
) -> Iterator[Row]:
    """Every row of an export (a path or an iterable of lines), in order: entities,
    licences and errors (see the module documentation)."""
    with ExportReader(source, format=format) as reader:
        yield from reader
