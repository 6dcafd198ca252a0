"""The embedded registry: a local SQLite snapshot of registry data, the default source.

A platform loads its registry exports — CSV files from a data platform or registry
(Chinese or English headers), JSON Lines — into one SQLite file, and qualcheck confirms
merchants against it without a network:
``qualcheck registry load companies.csv licences.csv --db registry.sqlite`` or
:meth:`SqliteRegistry.load`.  The rows are read as :mod:`qualcheck.registries._rows`
describes; bad rows are reported with their line numbers and field names, the rest are
loaded.

The file
    has a versioned schema (``PRAGMA user_version``; ``PRAGMA application_id`` marks it
    as a qualcheck registry).  Entities are indexed by USCC, registration number and
    normalised name, former names (曾用名) by normalised name, licences by holder and
    kind.  Each row keeps the JSON of its full record, so nothing read is lost.
Loading
    upserts: an entity row replaces the entity with its USCC (or registration number),
    keeping identifiers the old row had and the new one lacks; a licence row replaces the
    licence with its number; an entity row with a ``licenses`` array replaces that
    entity's licences.  Rows are committed in batches (``batch_size``), so a load that
    fails half-way keeps the batches before; loading the same file again is harmless.
Concurrency
    many readers, one writer.  The file is in WAL mode, so look-ups go on while a load
    writes.  Look-ups take a connection from a small pool (each connection is used by one
    thread at a time); a second writer waits up to ``timeout`` seconds for the first.  A
    new snapshot renamed into place is read from the next look-up on; a snapshot in a
    read-only folder is read as immutable.
Failures
    a look-up never raises: a missing, locked or corrupt file gives a failed
    :class:`~qualcheck.registries.LookupResult` with the reason ``registry_error`` (the
    decision becomes *review*).  Opening a file that is not a qualcheck registry (or a
    damaged one), or one written by a newer qualcheck, raises
    :class:`~qualcheck.registries.RegistryError` naming the file.  :meth:`SqliteRegistry.check`
    runs SQLite's integrity check.

``license_kinds`` — the licence kinds the snapshot can vouch for — defaults to the kinds
present in the file: a snapshot loaded without food licences does not claim that a
seller's food licence is unregistered.

>>> import tempfile, pathlib
>>> from qualcheck.registries import RegistryQuery
>>> folder = tempfile.TemporaryDirectory()
>>> path = pathlib.Path(folder.name) / "registry.sqlite"
>>> with SqliteRegistry.create(path) as registry:
...     report = registry.load(["统一社会信用代码,企业名称,法定代表人,登记状态",
...                             "91350100M000100Y43,示例有限公司,张三,吊销，未注销"])
>>> report.loaded, report.errors
(1, [])
>>> with SqliteRegistry(path) as registry:
...     result = registry.lookup(RegistryQuery(uscc="91350100M000100Y43"))
>>> result.source, result.record.name, result.record.status.value, result.record.status_raw
('sqlite:registry.sqlite', '示例有限公司', 'revoked', '吊销，未注销')
>>> folder.cleanup()
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcheck._version import __version__
from qualcheck.checks.consistency import normalize_name
from qualcheck.exceptions import ConfigError
from qualcheck.registries._errors import RegistryError
from qualcheck.registries._record import (
    LicenseRecord,
    LookupResult,
    RegistryQuery,
    RegistryRecord,
)
from qualcheck.registries._rows import (
    EntityRow,
    ExportReader,
    Format,
    LicenseRow,
    RowError,
)
from qualcheck.registries.memory import ambiguous, by_name, found

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "LoadReport", "RowError", "SqliteRegistry"]

logger = logging.getLogger("qualcheck.registries")

SCHEMA_VERSION = 1
"""The schema version this qualcheck writes and reads (``PRAGMA user_version``)."""

APPLICATION_ID = 0x51434B52
"""``PRAGMA application_id`` of a qualcheck registry file ("QCKR")."""

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        uscc TEXT UNIQUE,
        registration_number TEXT UNIQUE,
        name TEXT,
        name_norm TEXT,
        legal_representative TEXT,
        status TEXT NOT NULL,
        status_raw TEXT,
        established_on TEXT,
        term_from TEXT,
        term_to TEXT,
        term_long_term INTEGER,
        scope TEXT,
        address TEXT,
        source TEXT,
        fetched_at TEXT,
        loaded_at TEXT NOT NULL,
        record_json TEXT NOT NULL,
        extra_json TEXT,
        CHECK (uscc IS NOT NULL OR registration_number IS NOT NULL)
    )""",
    "CREATE INDEX entities_name_norm ON entities (name_norm)",
    """CREATE TABLE former_names (
        entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        name_norm TEXT NOT NULL,
        PRIMARY KEY (entity_id, name_norm)
    )""",
    "CREATE INDEX former_names_norm ON former_names (name_norm)",
    """CREATE TABLE licenses (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        kind TEXT,
        holder TEXT NOT NULL,
        holder_uscc TEXT,
        name TEXT,
        valid_from TEXT,
        valid_to TEXT,
        long_term INTEGER,
        scope TEXT,
        issuer TEXT,
        status_raw TEXT,
        source TEXT,
        loaded_at TEXT NOT NULL,
        record_json TEXT NOT NULL,
        extra_json TEXT
    )""",
    "CREATE INDEX licenses_holder ON licenses (holder, kind)",
    """CREATE TABLE loads (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        loaded INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        licenses INTEGER NOT NULL
    )""",
)

_ENTITY_FIELDS = (
    "uscc",
    "registration_number",
    "name",
    "name_norm",
    "legal_representative",
    "status",
    "status_raw",
    "established_on",
    "term_from",
    "term_to",
    "term_long_term",
    "scope",
    "address",
    "source",
    "fetched_at",
    "loaded_at",
    "record_json",
    "extra_json",
)
_INSERT_ENTITY = (
    f"INSERT INTO entities ({', '.join(_ENTITY_FIELDS)})"
    f" VALUES ({', '.join('?' for _ in _ENTITY_FIELDS)})"
)
_UPDATE_ENTITY = (
    f"UPDATE entities SET {', '.join(f'{name} = ?' for name in _ENTITY_FIELDS)} WHERE id = ?"
)
_LICENSE_FIELDS = (
    "number",
    "kind",
    "holder",
    "holder_uscc",
    "name",
    "valid_from",
    "valid_to",
    "long_term",
    "scope",
    "issuer",
    "status_raw",
    "source",
    "loaded_at",
    "record_json",
    "extra_json",
)
_UPSERT_LICENSE = (
    f"INSERT INTO licenses ({', '.join(_LICENSE_FIELDS)})"
    f" VALUES ({', '.join('?' for _ in _LICENSE_FIELDS)})"
    " ON CONFLICT (number) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _LICENSE_FIELDS[1:])
)
_SELECT_ENTITY = (
    "SELECT e.id, e.uscc, e.registration_number, e.legal_representative, e.record_json,"
    " e.loaded_at FROM entities e"
)
_MAX_IDLE = 16
_REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "entities": ("id", *_ENTITY_FIELDS),
    "former_names": ("entity_id", "name", "name_norm"),
    "licenses": ("id", *_LICENSE_FIELDS),
    "loads": (
        "source",
        "format",
        "started_at",
        "finished_at",
        "loaded",
        "updated",
        "skipped",
        "licenses",
    ),
}
"""The tables and columns qualcheck reads and writes (a file lacking any is damaged)."""


@dataclass
class LoadReport:
    """What one :meth:`SqliteRegistry.load` did.

    ``loaded`` rows created an entity or licence, ``updated`` rows replaced one,
    ``skipped`` rows were rejected — each with one or more ``errors`` (line, field,
    message); ``licenses`` counts the licences written, stand-alone or inside entity lines.
    """

    source: str
    format: str
    loaded: int = 0
    updated: int = 0
    skipped: int = 0
    licenses: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row was loaded."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "source": self.source,
            "format": self.format,
            "loaded": self.loaded,
            "updated": self.updated,
            "skipped": self.skipped,
            "licenses": self.licenses,
            "errors": [
                {"line": error.line, "field": error.field, "message": error.message}
                for error in self.errors
            ],
        }


class _Rejected(Exception):
    """A row the database cannot take (a conflict with rows already there)."""

    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error


class _Closed(Exception):
    pass


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _file_path(path: str | os.PathLike[str]) -> Path:
    """``path`` as the registry file's path; an in-memory name is refused (to sqlite3 it is
    a database each pooled connection would see empty; here it would be a file of that
    name)."""
    if os.fspath(path) in ("", ":memory:"):
        raise ConfigError(
            f"SqliteRegistry needs a file path, not {os.fspath(path)!r}; for a registry in"
            " memory use qualcheck.registries.MemoryRegistry"
        )
    return Path(path)


class SqliteRegistry:
    """A registry snapshot in an SQLite file (see the module documentation).

    ``path``
        the file.  Opened read-only by default; ``readonly=False`` opens it for loading
        too, creating it (and its schema) when missing.
    ``name``
        the source name recorded as evidence; default ``sqlite:<file name>``.
    ``license_kinds``
        the licence kinds the snapshot covers; default the kinds present in the file when
        it was opened (and after each :meth:`load` through this object).
    ``timeout``
        seconds to wait for a lock held by another connection.

    Close it (or use it as a context manager) to release its connections.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        name: str | None = None,
        license_kinds: Iterable[str] | None = None,
        readonly: bool = True,
        timeout: float = 5.0,
    ) -> None:
        self.path = _file_path(path)
        self._file = self.path.resolve()  # later connections must not follow a chdir
        self.name = name if name is not None else f"sqlite:{self.path.name}"
        self.readonly = readonly
        self._timeout = timeout
        self._explicit_kinds = frozenset(license_kinds) if license_kinds is not None else None
        self.license_kinds: frozenset[str] = self._explicit_kinds or frozenset()
        self._kinds_known = self._explicit_kinds is not None
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        # The file the pooled connections read, as (device, inode): a snapshot replaced by
        # renaming a new file into place, or deleted, is noticed at the next look-up.
        self._identity: tuple[int, int] | None = None
        self._born: dict[int, tuple[int, int]] = {}  # id(connection) -> the file it reads
        self._closed = False
        self._writer: sqlite3.Connection | None = None
        if not readonly:
            self._writer = self._open_writer()
            try:
                self._refresh_kinds(self._writer)
            except sqlite3.Error as exc:
                self.close()
                raise self._error(f"cannot read {self.path}: {exc}", "registry_error") from None
        elif not self._file.exists():
            logger.warning("%s: no registry file at %s; look-ups will fail", self.name, path)
        else:
            try:
                conn = self._acquire()  # raises RegistryError: not a registry
            except sqlite3.Error as exc:
                logger.warning("%s: cannot open %s now (%s)", self.name, path, exc)
            else:
                try:
                    self._refresh_kinds(conn)
                except sqlite3.Error as exc:
                    logger.warning("%s: cannot read %s (%s)", self.name, path, exc)
                finally:
                    self._release(conn)

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        name: str | None = None,
        license_kinds: Iterable[str] | None = None,
        timeout: float = 5.0,
    ) -> SqliteRegistry:
        """A new, empty registry file at ``path``, open for loading.

        Raises ``FileExistsError`` if something is there already (open an existing
        registry for loading with ``SqliteRegistry(path, readonly=False)``).
        """
        if _file_path(path).exists():
            raise FileExistsError(
                f"{path} exists; open it with SqliteRegistry(path, readonly=False)"
            )
        return cls(path, name=name, license_kinds=license_kinds, readonly=False, timeout=timeout)

    def __repr__(self) -> str:
        mode = "read-only" if self.readonly else "writable"
        return f"SqliteRegistry({str(self.path)!r}, name={self.name!r}, {mode})"

    # --- connections ----------------------------------------------------------------------

    def _error(self, message: str, reason: str) -> RegistryError:
        return RegistryError(message, source=self.name, reason=reason)

    def _writer_error(self, exc: sqlite3.Error) -> RegistryError:
        """Why the file cannot be opened for writing — naming a folder that does not
        exist, which SQLite reports only as "unable to open database file"."""
        folder = self._file.parent
        hint = "" if folder.is_dir() else f" (no folder {folder}: create it first)"
        return self._error(f"cannot open {self.path} for writing: {exc}{hint}", "registry_error")

    def _check_schema(self, conn: sqlite3.Connection) -> bool:
        """Whether the file is empty (no schema yet); raises :class:`RegistryError` for a
        file that is not a registry this qualcheck reads."""
        try:
            (application,) = conn.execute("PRAGMA application_id").fetchone()
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if application == 0 and version == 0:
                (tables,) = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                if tables == 0:
                    return True
        except sqlite3.OperationalError:
            raise  # locked, unreadable: a passing condition, not the file's nature
        except sqlite3.DatabaseError as exc:
            what = "not an SQLite database" if "not a database" in str(exc) else "damaged"
            raise self._error(
                f"{self.path} is not a qualcheck registry ({what}: {exc})", "not_a_registry"
            ) from None
        if application != APPLICATION_ID:
            raise self._error(
                f"{self.path} is an SQLite database but not a qualcheck registry",
                "not_a_registry",
            )
        if version > SCHEMA_VERSION:
            raise self._error(
                f"{self.path} has registry schema version {version}, newer than this"
                f" qualcheck reads ({SCHEMA_VERSION}): upgrade qualcheck",
                "schema_version",
            )
        if version < 1:
            raise self._error(
                f"{self.path} has an unknown registry schema version ({version})",
                "schema_version",
            )
        lacking = []
        for table, columns in _REQUIRED_COLUMNS.items():
            have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if not have:
                lacking.append(f"table {table}")
            else:
                lacking += [f"{table}.{column}" for column in columns if column not in have]
        if lacking:
            raise self._error(
                f"{self.path} is a damaged qualcheck registry: it lacks {', '.join(lacking)}"
                " (load the exports into a new file)",
                "damaged",
            )
        return False

    def _connect_reader(self) -> sqlite3.Connection:
        # mode=rw never creates a file, and unlike mode=ro lets the last connection to close
        # remove the WAL side files; query_only forbids writes.  A write-protected file is
        # opened read-only by SQLite itself.
        try:
            return self._open_reader(f"{self._file.as_uri()}?mode=rw")
        except sqlite3.OperationalError as exc:
            if os.access(self._file.parent, os.W_OK):
                raise
            # A folder nobody may write to (a read-only mount, a deployed image): SQLite
            # cannot create the -shm/-wal files a WAL-mode file is read with.  Nobody can
            # write the file without them either, so it is read as immutable — unless a
            # left-over -wal holds commits the file lacks.
            wal = Path(f"{self._file}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise sqlite3.OperationalError(
                    f"{exc}; the folder is read-only and {wal.name} holds changes not yet"
                    " in the file (copy the snapshot after closing every writer)"
                ) from None
            return self._open_reader(f"{self._file.as_uri()}?mode=ro&immutable=1")

    def _open_reader(self, uri: str) -> sqlite3.Connection:
        conn = sqlite3.connect(
            uri, uri=True, timeout=self._timeout, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA query_only = ON")
            if self._check_schema(conn):
                raise self._error(
                    f"{self.path} is empty, not a qualcheck registry (create one with"
                    " `qualcheck registry load`)",
                    "not_a_registry",
                )
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_writer(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self._file, timeout=self._timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise self._writer_error(exc) from None
        try:
            empty = self._check_schema(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if empty:
                conn.execute("BEGIN IMMEDIATE")
                if self._check_schema(conn):  # nobody created it meanwhile
                    for statement in _SCHEMA:
                        conn.execute(statement)
                    conn.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)",
                        [("created_at", _now()), ("qualcheck_version", __version__)],
                    )
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.close()
            raise self._writer_error(exc) from None
        except BaseException:
            conn.close()
            raise
        return conn

    # A pool rather than a connection per thread: a connection is used by one thread at a
    # time (never by two at once), the number of connections is bounded by the peak number
    # of concurrent look-ups instead of growing with every thread that ever asked (short-lived
    # threads, executors), and close() reaches them all.
    #
    # Each look-up first looks at the file's identity: a connection keeps reading the file
    # it opened even after that file was deleted or replaced (a new snapshot renamed into
    # place), so connections to a file that is no longer at the path are closed — a
    # deleted file fails the look-up, a replaced one is read afresh.
    def _acquire(self) -> sqlite3.Connection:
        if self._closed:
            raise _Closed
        try:
            info = os.stat(self._file)
        except OSError as exc:
            self._retire(None)
            if isinstance(exc, FileNotFoundError):
                raise sqlite3.OperationalError(f"no registry file at {self.path}") from None
            raise sqlite3.OperationalError(exc.strerror or str(exc)) from None
        identity = (info.st_dev, info.st_ino)
        if identity != self._identity:
            self._retire(identity)
        with self._lock:
            if self._closed:
                raise _Closed
            # only a connection to the file this look-up saw: another thread, which saw the
            # file before a replacement, may have retired the pool back to the old one
            if self._idle and self._born.get(id(self._idle[-1])) == identity:
                return self._idle.pop()
        conn = self._connect_reader()
        with self._lock:
            self._born[id(conn)] = identity
        return conn

    def _retire(self, identity: tuple[int, int] | None) -> None:
        """The file at the path is now ``identity`` (``None``: none): close the idle
        connections to the previous one, and learn its licence kinds again."""
        with self._lock:
            if identity == self._identity:
                return
            if self._identity is not None and self._explicit_kinds is None:
                self._kinds_known = False
            self._identity = identity
            stale, self._idle = self._idle, []
            for conn in stale:
                self._born.pop(id(conn), None)
        for conn in stale:
            conn.close()

    def _release(self, conn: sqlite3.Connection, *, broken: bool = False) -> None:
        with self._lock:
            current = self._born.get(id(conn)) == self._identity
            if current and not broken and not self._closed and len(self._idle) < _MAX_IDLE:
                self._idle.append(conn)
                return
            self._born.pop(id(conn), None)
        conn.close()

    def _refresh_kinds(self, conn: sqlite3.Connection) -> None:
        if self._explicit_kinds is not None:
            return
        rows = conn.execute("SELECT DISTINCT kind FROM licenses WHERE kind IS NOT NULL")
        self.license_kinds = frozenset(kind for (kind,) in rows)
        self._kinds_known = True

    def close(self) -> None:
        """Close every connection (connections in use close when their look-up ends)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            for conn in idle:
                self._born.pop(id(conn), None)
            writer, self._writer = self._writer, None
        for conn in idle:
            conn.close()
        if writer is not None:
            with self._write_lock:
                writer.close()

    def __enter__(self) -> SqliteRegistry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- look-ups -------------------------------------------------------------------------

    def lookup(self, query: RegistryQuery) -> LookupResult:
        """Answer ``query`` from the snapshot; never raises (a missing, locked or corrupt
        file gives a failed result with the reason ``registry_error``)."""
        try:
            conn = self._acquire()
        except _Closed:
            return LookupResult.failed(self.name, "registry_error", "the registry was closed")
        except RegistryError as exc:
            return LookupResult.failed(self.name, "registry_error", exc.message)
        except sqlite3.Error as exc:
            return LookupResult.failed(
                self.name, "registry_error", f"cannot open {self.path.name}: {exc}"
            )
        broken = False
        try:
            if not self._kinds_known:
                self._refresh_kinds(conn)
            return self._answer(conn, query)
        except sqlite3.Error as exc:
            broken = True
            return LookupResult.failed(
                self.name, "registry_error", f"cannot read {self.path.name}: {exc}"
            )
        except ValueError as exc:  # a stored record that no longer reads (pydantic)
            return LookupResult.failed(
                self.name, "malformed", f"a stored record of {self.path.name} is unreadable: {exc}"
            )
        finally:
            self._release(conn, broken=broken)

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        """:meth:`lookup` in a worker thread.

        Not inline: a look-up measured about 90 µs on a warm file, 250 µs with two
        licences listed (the indexed queries, then pydantic reading the stored JSON) — far
        from "a few µs" — and a cold page cache or a lock wait (up to ``timeout``) can make
        it milliseconds or seconds, which would stall every other task of the event loop.
        The thread hand-off costs more than it saves only for a loop doing nothing else.
        """
        return await asyncio.to_thread(self.lookup, query)

    def _answer(self, conn: sqlite3.Connection, query: RegistryQuery) -> LookupResult:
        rows: list[Any]
        if query.uscc:
            # LIMIT 2, not 1: a file whose identifiers are not unique (edited by hand, its
            # constraints dropped) must not have one of several entities picked
            rows = conn.execute(
                f"{_SELECT_ENTITY} WHERE e.uscc = ? LIMIT 2", (query.uscc,)
            ).fetchall()
            if not rows:
                rows = conn.execute(
                    f"{_SELECT_ENTITY} WHERE e.registration_number = ? LIMIT 2", (query.uscc,)
                ).fetchall()
            if len(rows) > 1:
                return LookupResult.failed(
                    self.name,
                    "malformed",
                    f"{self.path.name} lists several entities under {query.uscc}",
                )
        else:
            key = normalize_name(query.name or "")
            current = conn.execute(
                f"{_SELECT_ENTITY} WHERE e.name_norm = ? ORDER BY e.id", (key,)
            ).fetchall()
            former = (
                []
                if current
                else conn.execute(
                    f"{_SELECT_ENTITY} JOIN former_names f ON f.entity_id = e.id"
                    " WHERE f.name_norm = ? ORDER BY e.id",
                    (key,),
                ).fetchall()
            )
            rows = by_name(current, former, query.legal_representative, lambda row: row[3])
        if not rows:
            return LookupResult.not_found(self.name)
        if len(rows) > 1:
            return ambiguous(self.name, query, len(rows))
        _, uscc, registration, _, record_json, loaded_at = rows[0]
        record = RegistryRecord.model_validate_json(record_json)
        asked = sorted(frozenset(query.license_kinds) & self.license_kinds)
        licenses: tuple[LicenseRecord, ...] = ()
        if asked:
            holders = [key for key in (uscc, registration) if key]
            sql = (
                "SELECT record_json FROM licenses"
                f" WHERE holder IN ({', '.join('?' for _ in holders)})"
                f" AND kind IN ({', '.join('?' for _ in asked)}) ORDER BY kind, number"
            )
            licenses = tuple(
                LicenseRecord.model_validate_json(text)
                for (text,) in conn.execute(sql, (*holders, *asked))
            )
        record = record.model_copy(update={"licenses": licenses})
        fetched = record.fetched_at or datetime.datetime.fromisoformat(loaded_at)
        return found(
            record, query, source=self.name, covered=self.license_kinds, fetched_at=fetched
        )

    # --- loading --------------------------------------------------------------------------

    def load(
        self,
        source: str | os.PathLike[str] | Iterable[str],
        *,
        format: Format = "auto",
        batch_size: int = 1000,
        source_name: str | None = None,
    ) -> LoadReport:
        """Load an export — a path, or an iterable of lines — into the snapshot.

        ``format`` is ``"auto"`` (by the file's suffix, else by its first line), ``"csv"``
        or ``"jsonl"``.  Bad rows are reported in the :class:`LoadReport` with their line
        numbers and fields; the other rows are loaded, ``batch_size`` rows a transaction.
        ``source_name`` (default: the path) is recorded for rows that name no source.

        Raises :class:`RegistryError` when the registry is read-only or the database
        fails (rows of the batches committed before stay), ``OSError`` when the file
        cannot be opened.
        """
        writer = self._writer
        if writer is None:
            raise self._error(
                f"{self.path} is open read-only: open it with readonly=False (or"
                " SqliteRegistry.create) to load",
                "readonly",
            )
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        with self._write_lock, ExportReader(source, format=format) as reader:
            label = source_name or reader.name
            report = LoadReport(source=label, format=reader.format)
            started = _now()
            bad_lines: set[int] = set()
            pending = 0
            try:
                writer.execute("BEGIN IMMEDIATE")
                for row in reader:
                    if isinstance(row, RowError):
                        report.errors.append(row)
                        bad_lines.add(row.line)
                        continue
                    writer.execute("SAVEPOINT row")
                    try:
                        created, licenses = self._write(writer, row, label, started)
                    except _Rejected as rejected:
                        writer.execute("ROLLBACK TO row")
                        writer.execute("RELEASE row")
                        report.errors.append(rejected.error)
                        bad_lines.add(row.line)
                        continue
                    except sqlite3.IntegrityError as exc:
                        writer.execute("ROLLBACK TO row")
                        writer.execute("RELEASE row")
                        report.errors.append(RowError(row.line, None, f"rejected: {exc}"))
                        bad_lines.add(row.line)
                        continue
                    writer.execute("RELEASE row")
                    report.loaded += created
                    report.updated += not created
                    report.licenses += licenses
                    pending += 1
                    if pending >= batch_size:
                        writer.execute("COMMIT")
                        writer.execute("BEGIN IMMEDIATE")
                        pending = 0
                report.skipped = len(bad_lines)
                finished = _now()
                writer.execute(
                    "INSERT INTO loads (source, format, started_at, finished_at, loaded,"
                    " updated, skipped, licenses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        label,
                        report.format,
                        started,
                        finished,
                        report.loaded,
                        report.updated,
                        report.skipped,
                        report.licenses,
                    ),
                )
                writer.execute(
                    "INSERT INTO meta (key, value) VALUES ('last_load_at', ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (finished,),
                )
                writer.execute("COMMIT")
            except sqlite3.Error as exc:
                if writer.in_transaction:
                    writer.execute("ROLLBACK")
                raise self._error(
                    f"loading {label} into {self.path} failed: {exc} (batches committed"
                    " before were kept)",
                    "registry_error",
                ) from None
            except BaseException:
                if writer.in_transaction:
                    writer.execute("ROLLBACK")
                raise
            self._refresh_kinds(writer)
        return report

    def _write(
        self, conn: sqlite3.Connection, row: EntityRow | LicenseRow, source: str, now: str
    ) -> tuple[bool, int]:
        """Write one row; (whether it created a row, licences written)."""
        if isinstance(row, LicenseRow):
            created = self._write_license(conn, row.license, row.holder, source, now, row.extra)
            return created, 1
        record = row.record
        by_uscc = (
            conn.execute("SELECT id FROM entities WHERE uscc = ?", (record.uscc,)).fetchone()
            if record.uscc
            else None
        )
        by_number = (
            conn.execute(
                "SELECT id, uscc FROM entities WHERE registration_number = ?",
                (record.registration_number,),
            ).fetchone()
            if record.registration_number
            else None
        )
        if by_number is not None and (
            (by_uscc is not None and by_number[0] != by_uscc[0])
            or (by_uscc is None and by_number[1] is not None and record.uscc is not None)
        ):
            raise _Rejected(
                RowError(
                    row.line,
                    "registration_number",
                    f"registration number {record.registration_number} belongs to another"
                    f" entity ({by_number[1] or 'one without a USCC'})",
                )
            )
        target = by_uscc[0] if by_uscc is not None else by_number[0] if by_number else None
        if target is not None:
            old_uscc, old_number = conn.execute(
                "SELECT uscc, registration_number FROM entities WHERE id = ?", (target,)
            ).fetchone()
            record = record.model_copy(
                update={
                    "uscc": record.uscc or old_uscc,
                    "registration_number": record.registration_number or old_number,
                }
            )
        term = record.term
        values = (
            record.uscc,
            record.registration_number,
            record.name,
            normalize_name(record.name) if record.name else None,
            record.legal_representative,
            record.status.value,
            record.status_raw,
            _iso(record.established_on),
            _iso(term.valid_from) if term else None,
            _iso(term.valid_to) if term else None,
            int(term.long_term) if term else None,
            record.scope,
            record.address,
            record.source or source,
            record.fetched_at.isoformat() if record.fetched_at else None,
            now,
            record.model_dump_json(exclude={"licenses"}),
            json.dumps(row.extra, ensure_ascii=False, default=str) if row.extra else None,
        )
        if target is None:
            cursor = conn.execute(_INSERT_ENTITY, values)
            entity_id = cursor.lastrowid
        else:
            conn.execute(_UPDATE_ENTITY, (*values, target))
            conn.execute("DELETE FROM former_names WHERE entity_id = ?", (target,))
            entity_id = target
        conn.executemany(
            "INSERT OR IGNORE INTO former_names (entity_id, name, name_norm) VALUES (?, ?, ?)",
            [(entity_id, former, normalize_name(former)) for former in record.former_names],
        )
        written = 0
        if row.licenses_given:
            holders = [key for key in (record.uscc, record.registration_number) if key]
            conn.execute(
                f"DELETE FROM licenses WHERE holder IN ({', '.join('?' for _ in holders)})",
                holders,
            )
            for license in record.licenses:
                self._write_license(conn, license, holders[0], source, now, {})
                written += 1
        return target is None, written

    @staticmethod
    def _write_license(
        conn: sqlite3.Connection,
        license: LicenseRecord,
        holder: str,
        source: str,
        now: str,
        extra: dict[str, Any],
    ) -> bool:
        exists = conn.execute("SELECT 1 FROM licenses WHERE number = ?", (license.number,))
        created = exists.fetchone() is None
        validity = license.validity
        conn.execute(
            _UPSERT_LICENSE,
            (
                license.number,
                license.kind,
                holder,
                license.holder_uscc,
                license.name,
                _iso(validity.valid_from) if validity else None,
                _iso(validity.valid_to) if validity else None,
                int(validity.long_term) if validity else None,
                license.scope,
                license.issuer,
                license.status_raw,
                source,
                now,
                license.model_dump_json(),
                json.dumps(extra, ensure_ascii=False, default=str) if extra else None,
            ),
        )
        return created

    # --- statistics -----------------------------------------------------------------------

    def check(self, *, quick: bool = False) -> list[str]:
        """SQLite's integrity check of the file: the problems found, ``[]`` when it is sound.

        A damaged page can hide rows without any error — a look-up would then answer *not
        found* — so check a snapshot after copying or moving it.  ``quick`` runs
        ``PRAGMA quick_check`` (it does not compare the indexes with the rows), else
        ``PRAGMA integrity_check``; both read the whole file.  Raises
        :class:`RegistryError` when the file cannot be read at all.
        """
        conn = self._connection()
        pragma = "quick_check" if quick else "integrity_check"
        try:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        except sqlite3.DatabaseError as exc:
            self._release(conn, broken=True)
            return [str(exc)]
        self._release(conn)
        return [str(message) for (message,) in rows if message != "ok"]

    def _connection(self) -> sqlite3.Connection:
        """A pooled connection, or :class:`RegistryError` saying why there is none."""
        try:
            return self._acquire()
        except _Closed:
            raise self._error("the registry was closed", "registry_error") from None
        except sqlite3.Error as exc:
            raise self._error(f"cannot open {self.path}: {exc}", "registry_error") from None

    def stats(self) -> dict[str, Any]:
        """What the snapshot holds: entities, licences per kind, statuses, schema version,
        last load time, sources (entities per source), and more.

        Raises :class:`RegistryError` when the file cannot be read.
        """
        conn = self._connection()
        broken = False
        try:

            def counts(sql: str) -> dict[str, int]:
                return {str(key): int(count) for key, count in conn.execute(sql)}

            (version,) = conn.execute("PRAGMA user_version").fetchone()
            (entities,) = conn.execute("SELECT count(*) FROM entities").fetchone()
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            (loads,) = conn.execute("SELECT count(*) FROM loads").fetchone()
            return {
                "path": str(self.path),
                "name": self.name,
                "schema_version": version,
                "entities": entities,
                "statuses": counts(
                    "SELECT status, count(*) FROM entities GROUP BY status"
                    " ORDER BY count(*) DESC, status"
                ),
                "licenses": counts(
                    "SELECT coalesce(kind, 'unknown'), count(*) FROM licenses GROUP BY kind"
                    " ORDER BY kind"
                ),
                "license_kinds": sorted(self.license_kinds),
                "former_names": conn.execute("SELECT count(*) FROM former_names").fetchone()[0],
                "sources": counts(
                    "SELECT coalesce(source, ''), count(*) FROM entities GROUP BY source"
                    " ORDER BY count(*) DESC, source"
                ),
                "loads": loads,
                "last_load": meta.get("last_load_at"),
                "created_at": meta.get("created_at"),
            }
        except sqlite3.Error as exc:
            broken = True
            raise self._error(f"cannot read {self.path}: {exc}", "registry_error") from None
        finally:
            self._release(conn, broken=broken)
