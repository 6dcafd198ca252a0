"""The look-up cache of :class:`~qualcheck.registries.HttpRegistry`: in memory, or on disk.

Only answers are kept — *found* for ``cache_ttl`` seconds, *not found* for
``not_found_ttl`` — never a failed look-up, so that an outage is asked again next time,
nor a found answer carrying a failure ``reason`` (a part of it failed).
Keys are ``"<adapter name>|<endpoint>|<SHA-256 of query.key>"``, where the endpoint is a
digest of the adapter's ``base_url`` and ``mode``: a cache shared by a staging and a
production registry keeps their answers apart, and no key holds the query's names.

* ``"memory"``: a :class:`cachetools.TLRUCache` (each entry with its own time to live)
  behind a lock, holding the :class:`~qualcheck.registries.LookupResult` objects.
* a path: a :class:`diskcache.Cache` in that directory (an SQLite file, ``cache.db``,
  that survives restarts and can be shared by processes); entries are stored as JSON text,
  never pickled.  A directory that cannot be opened as a cache (a file, an unreadable
  or corrupted database) is a :class:`~qualcheck.exceptions.ConfigError` when the cache
  is opened; later, a read or write that fails (the database locked by another process
  for longer than :data:`DISK_TIMEOUT`, a full disk, damage) is logged and skipped — the
  look-up asks the registry, or keeps its answer without storing it — never raised.

>>> from qualcheck.registries import LookupResult, RegistryRecord
>>> cache = open_cache("memory", ttl=60, not_found_ttl=10)
>>> record = RegistryRecord(name="示例有限公司", uscc="91350100M000100Y43", source="example")
>>> cache.set("example|91350100M000100Y43|||", LookupResult.found(record))
>>> cache.get("example|91350100M000100Y43|||").cached
True
>>> cache.set("example|x", LookupResult.failed("example", "timeout", "no answer"))
>>> cache.get("example|x") is None
True
>>> load_result(dump_result(LookupResult.found(record))).record == record
True

The cache libraries are imported when a cache is opened, not with this module.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import os
import sqlite3
import threading
import time
from typing import Any, Protocol

from qualcheck.exceptions import ConfigError
from qualcheck.registries._record import LookupResult, LookupStatus, RegistryRecord

__all__ = ["DISK_TIMEOUT", "ResultCache", "dump_result", "load_result", "open_cache"]

log = logging.getLogger("qualcheck.registries")

DISK_TIMEOUT = 0.5
"""Seconds a disk-cache read or write waits for a database another process holds
(diskcache's default, 60 s, would hold a look-up far past its deadline)."""

_KEPT = (LookupStatus.FOUND, LookupStatus.NOT_FOUND)


def _keep(result: LookupResult) -> bool:
    """Whether ``result`` is an answer to keep: found or not found, and complete (a found
    answer with a failure ``reason`` — a licence listing that failed — is asked again)."""
    return result.status in _KEPT and not result.reason


class ResultCache(Protocol):
    """What the driver needs of a cache."""

    def get(self, key: str) -> LookupResult | None:
        """The cached answer (with ``cached=True``), or ``None``."""
        ...

    def set(self, key: str, result: LookupResult) -> None:
        """Keep ``result`` when it is an answer (found or not found); ignore failures."""
        ...

    def close(self) -> None:
        """Release files and connections."""
        ...

    def forked(self) -> None:
        """Called in a child process after ``fork``: drop what the parent holds."""
        ...


def dump_result(result: LookupResult) -> str:
    """``result`` as JSON text (the record through ``model_dump(mode="json")``)."""
    data: dict[str, Any] = {
        "status": result.status.value,
        "source": result.source,
        "record": result.record.model_dump(mode="json") if result.record is not None else None,
        "fetched_at": result.fetched_at.isoformat(),
        "request_id": result.request_id,
        "provider_code": result.provider_code,
        "license_kinds": sorted(result.license_kinds),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load_result(text: str) -> LookupResult:
    """The :class:`~qualcheck.registries.LookupResult` that :func:`dump_result` wrote,
    marked ``cached=True``."""
    data = json.loads(text)
    record = data.get("record")
    return LookupResult(
        LookupStatus(data["status"]),
        data["source"],
        record=RegistryRecord.model_validate(record) if record is not None else None,
        fetched_at=datetime.datetime.fromisoformat(data["fetched_at"]),
        request_id=data.get("request_id"),
        provider_code=data.get("provider_code"),
        license_kinds=frozenset(data.get("license_kinds") or ()),
        cached=True,
    )


class MemoryCache:
    """Answers in a :class:`cachetools.TLRUCache` of at most ``maxsize`` entries."""

    def __init__(self, *, ttl: float, not_found_ttl: float, maxsize: int = 10_000) -> None:
        import cachetools

        self._ttl = ttl
        self._not_found_ttl = not_found_ttl
        self._lock = threading.Lock()
        self._data: cachetools.TLRUCache[str, LookupResult] = cachetools.TLRUCache(
            maxsize=maxsize, ttu=self._expires, timer=time.monotonic
        )

    def _expires(self, key: str, value: LookupResult, now: float) -> float:
        return now + (self._ttl if value.status is LookupStatus.FOUND else self._not_found_ttl)

    def get(self, key: str) -> LookupResult | None:
        with self._lock:
            result = self._data.get(key)
        return dataclasses.replace(result, cached=True) if result is not None else None

    def set(self, key: str, result: LookupResult) -> None:
        if not _keep(result):
            return
        with self._lock:
            self._data[key] = result

    def close(self) -> None:
        with self._lock:
            self._data.clear()

    def forked(self) -> None:
        self._lock = threading.Lock()  # another thread may have held it at the fork


class DiskCache:
    """Answers in a :class:`diskcache.Cache` (SQLite) in ``directory``."""

    def __init__(self, directory: str | os.PathLike[str], *, ttl: float, not_found_ttl: float):
        import diskcache  # type: ignore[import-untyped]

        self.directory = os.fspath(directory)
        self._ttl = ttl
        self._not_found_ttl = not_found_ttl
        self._errors: tuple[type[BaseException], ...] = (sqlite3.Error, OSError, diskcache.Timeout)
        try:
            self._cache = diskcache.Cache(self.directory, timeout=DISK_TIMEOUT)
        except self._errors as exc:
            raise ConfigError(
                f"DriverOptions.cache: {self.directory!r} cannot be used as a cache directory"
                f" ({type(exc).__name__}: {exc}); give a writable directory, or remove a"
                " damaged cache.db"
            ) from None

    def _skipped(self, action: str, exc: BaseException) -> None:
        log.warning(
            "registry cache in %s: %s skipped (%s: %s)",
            self.directory,
            action,
            type(exc).__name__,
            exc,
        )

    def get(self, key: str) -> LookupResult | None:
        try:
            text = self._cache.get(key)
        except self._errors as exc:  # locked, damaged: ask the registry
            self._skipped("read", exc)
            return None
        if not isinstance(text, str):
            return None
        try:
            return load_result(text)
        except (ValueError, KeyError, TypeError):  # written by another version: ask again
            try:
                self._cache.delete(key)
            except self._errors as exc:
                self._skipped("clean-up", exc)
            return None

    def set(self, key: str, result: LookupResult) -> None:
        if not _keep(result):
            return
        ttl = self._ttl if result.status is LookupStatus.FOUND else self._not_found_ttl
        try:
            self._cache.set(key, dump_result(result), expire=ttl)
        except self._errors as exc:  # the answer stands; it is just not kept
            self._skipped("write", exc)

    def close(self) -> None:
        self._cache.close()

    def forked(self) -> None:
        """diskcache opens a new SQLite connection in a new process by itself."""


def open_cache(
    spec: str | os.PathLike[str] | None,
    *,
    ttl: float,
    not_found_ttl: float,
    maxsize: int = 10_000,
) -> ResultCache | None:
    """``None`` for no cache, ``"memory"``, or a directory path for an SQLite cache."""
    if spec is None:
        return None
    if isinstance(spec, str) and spec == "memory":
        return MemoryCache(ttl=ttl, not_found_ttl=not_found_ttl, maxsize=maxsize)
    return DiskCache(spec, ttl=ttl, not_found_ttl=not_found_ttl)
