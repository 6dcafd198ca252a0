"""Audit: the embedded SqliteRegistry under file faults, through ``verify``.

Contract (docs/registries/embedded.md): a missing, locked or corrupt file, or a closed
registry, gives a failed look-up (reason ``registry_error``) — review, never pass; a file
that is not a qualcheck registry raises RegistryError at opening, naming the file.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from audit_support import AS_OF, EXAMPLES, food_shop

from qualcheck import Decision, Report, verify
from qualcheck.registries import RegistryError, SqliteRegistry


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    path = tmp_path / "registry.sqlite"
    shutil.copy(EXAMPLES / "registry.sqlite", path)
    return path


def failed_closed(report: Report) -> None:
    assert report.decision is not Decision.PASS
    assert "registry.unavailable" in report.codes
    assert report.registry is not None
    assert report.registry.status == "failed"


def test_baseline(snapshot: Path) -> None:
    with SqliteRegistry(snapshot) as registry:
        assert verify(food_shop(), as_of=AS_OF, registry=registry).decision is Decision.PASS


def test_missing_file(tmp_path: Path) -> None:
    with SqliteRegistry(tmp_path / "missing.sqlite") as registry:
        failed_closed(verify(food_shop(), as_of=AS_OF, registry=registry))


def _other_schema(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE companies (uscc TEXT, name TEXT)")
    connection.commit()
    connection.close()


@pytest.mark.parametrize("kind", ["text", "empty", "other_schema", "truncated", "newer_version"])
def test_file_that_is_not_a_registry_raises_registry_error_naming_it(
    tmp_path: Path, snapshot: Path, kind: str
) -> None:
    path = tmp_path / f"{kind}.sqlite"
    if kind == "text":
        path.write_text("name,uscc\n示例,123\n", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "other_schema":
        _other_schema(path)
    elif kind == "truncated":
        path.write_bytes(snapshot.read_bytes()[:4096])
    else:
        shutil.copy(snapshot, path)
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA user_version = 99")
        connection.commit()
        connection.close()
    with pytest.raises(RegistryError) as caught:
        SqliteRegistry(path)
    assert path.name in str(caught.value)


@pytest.fixture
def locked(snapshot: Path) -> Iterator[Path]:
    holder = sqlite3.connect(snapshot, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE meta SET value = value")
    yield snapshot
    holder.execute("ROLLBACK")
    holder.close()


def test_locked_database(locked: Path) -> None:
    with SqliteRegistry(locked, timeout=0.2) as registry:
        report = verify(food_shop(), as_of=AS_OF, registry=registry)
    failed_closed(report)
    assert report.registry is not None
    assert report.registry.reason == "registry_error"


def test_file_overwritten_after_opening(snapshot: Path) -> None:
    registry = SqliteRegistry(snapshot)
    try:
        snapshot.write_bytes(b"garbage " * 2000)
        failed_closed(verify(food_shop(), as_of=AS_OF, registry=registry))
    finally:
        registry.close()


def test_closed_registry(snapshot: Path) -> None:
    registry = SqliteRegistry(snapshot)
    registry.close()
    failed_closed(verify(food_shop(), as_of=AS_OF, registry=registry))


def test_registry_that_is_a_directory(tmp_path: Path) -> None:
    with SqliteRegistry(tmp_path) as registry:
        failed_closed(verify(food_shop(), as_of=AS_OF, registry=registry))


def test_stored_record_that_no_longer_reads(snapshot: Path) -> None:
    connection = sqlite3.connect(snapshot)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(entities)")]
    json_column = next(name for name in columns if name.endswith("json") and "extra" not in name)
    connection.execute(f"UPDATE entities SET {json_column} = '{{not json'")
    connection.commit()
    connection.close()
    with SqliteRegistry(snapshot) as registry:
        failed_closed(verify(food_shop(), as_of=AS_OF, registry=registry))
