"""Audit, round 2: the embedded SqliteRegistry — file faults, data faults, loading and
concurrency — on real SQLite files and through ``qualcheck.verify``.

Contract (docs/registries/embedded.md, qualcheck/registries/sqlite.py): a look-up never
raises; a missing, locked, corrupt or closed file gives a failed look-up (decision
*review*, never *pass*); a file that is not a readable qualcheck registry raises
RegistryError at opening naming the file; many readers and one writer share the file.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, EXAMPLES, PHONE, RIC, food_shop, no_traceback, run_cli

from qualcheck import Decision, Report, verify
from qualcheck.registries import (
    LookupResult,
    LookupStatus,
    RegistryError,
    RegistryQuery,
    RegistryStatus,
    SqliteRegistry,
)
from qualcheck.registries._rows import EntityRow, RowError, read_rows
from qualcheck.testing import make_uscc

SHOP_USCC = "91330106JU6XYHXB07"  # the first example seller, in examples/registry.sqlite
SHOP_NAME = "杭州示例优选食品有限公司"
RNG = random.Random(20261130)


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    path = tmp_path / "registry.sqlite"
    shutil.copy(EXAMPLES / "registry.sqlite", path)
    return path


def edit(path: Path, *statements: str) -> None:
    """Change a registry file behind qualcheck's back (as another tool would)."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def check(registry: SqliteRegistry) -> Report:
    return verify(food_shop(), as_of=AS_OF, registry=registry)


def registry_codes(report: Report) -> list[str]:
    return [code for code in report.codes if code.startswith("registry.")]


def failed_closed(report: Report, reason: str = "registry_error") -> None:
    assert report.decision is not Decision.PASS
    assert "registry.unavailable" in report.codes
    assert report.registry is not None
    assert (report.registry.status, report.registry.reason) == ("failed", reason)


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(f"{path.name}-"))


# --------------------------------------------------------------------------- file faults


@pytest.mark.parametrize("keep", [0, 100, 4096, 3 * 4096, -4096])
def test_a_zero_byte_or_truncated_snapshot_never_passes(snapshot: Path, keep: int) -> None:
    snapshot.write_bytes(snapshot.read_bytes()[:keep])
    message = ""
    try:
        registry = SqliteRegistry(snapshot)
    except RegistryError as exc:
        message = exc.message
    if message:  # refused at opening, naming the file and what is wrong with it
        assert str(snapshot) in message
        assert "empty" in message or "damaged" in message, message
        return
    with registry:
        report = check(registry)
    assert report.decision is not Decision.PASS, report.codes


def test_a_snapshot_replaced_by_an_atomic_rename_is_read_afresh(
    snapshot: Path, tmp_path: Path
) -> None:
    """Publishing a new snapshot = renaming a finished file into place; a long-running
    process must not keep answering from the old file through its pooled connections."""
    new = tmp_path / "next.sqlite"
    shutil.copy(snapshot, new)
    edit(
        new,
        "UPDATE entities SET record_json = json_set(record_json, '$.status', '吊销，未注销')"
        f" WHERE uscc = '{SHOP_USCC}'",
        "DELETE FROM licenses WHERE kind <> 'food_business'",
    )
    with SqliteRegistry(snapshot) as registry:
        assert check(registry).decision is Decision.PASS  # a pooled connection now exists
        assert "drug_business" in registry.license_kinds
        os.replace(new, snapshot)
        report = check(registry)
        assert report.decision is Decision.FAIL
        assert "registry.status_revoked" in report.codes
        assert registry.license_kinds == {"food_business"}  # learnt again from the new file
    assert side_files(snapshot) == []


def test_a_snapshot_deleted_while_open_fails_closed_and_recovers(snapshot: Path) -> None:
    kept = snapshot.read_bytes()
    with SqliteRegistry(snapshot) as registry:
        assert check(registry).decision is Decision.PASS
        for path in (snapshot, *(snapshot.parent / name for name in side_files(snapshot))):
            path.unlink()
        report = check(registry)
        failed_closed(report)
        result = registry.lookup(RegistryQuery(uscc=SHOP_USCC))
        assert result.detail is not None
        assert "no registry file" in result.detail
        snapshot.write_bytes(kept)
        assert check(registry).decision is Decision.PASS


def _as_nobody(work: Callable[[], Any]) -> Any:
    """Run ``work`` in a forked child as the user ``nobody`` (root ignores file modes)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            out = work()
        except BaseException as exc:
            out = f"raised {exc!r}"
        os.write(write, json.dumps(out).encode())
        os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 65536):
        data += chunk
    os.close(read)
    os.waitpid(pid, 0)
    return json.loads(data)


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """A folder with a snapshot that the test process cannot write to (under /tmp, so that
    ``nobody`` can reach it when the tests run as root)."""
    if os.geteuid() == 0 and not hasattr(os, "fork"):
        pytest.skip("needs fork to drop root")
    folder = Path(tempfile.mkdtemp(prefix="qualcheck-ro-"))
    os.chmod(folder, 0o755)
    shutil.copy(EXAMPLES / "registry.sqlite", folder / "registry.sqlite")
    yield folder
    os.chmod(folder, 0o755)
    shutil.rmtree(folder)


def _lookup_in(folder: Path) -> Any:
    def work() -> Any:
        with SqliteRegistry(folder / "registry.sqlite") as registry:
            result = registry.lookup(RegistryQuery(uscc=SHOP_USCC))
            report = check(registry)
            return [result.status.value, result.detail, report.decision.value]

    if os.geteuid() == 0:
        return _as_nobody(work)
    return work()


@pytest.mark.parametrize("left_over", [None, "-wal", "-shm"])
def test_a_snapshot_in_a_read_only_folder_is_read(read_only_folder: Path, left_over: str) -> None:
    """A snapshot shipped in a read-only image or mount: SQLite cannot create the -shm/-wal
    files WAL mode reads with; qualcheck reads the file as immutable instead."""
    if left_over is not None:
        (read_only_folder / f"registry.sqlite{left_over}").write_bytes(b"")
    os.chmod(read_only_folder / "registry.sqlite", 0o444)
    os.chmod(read_only_folder, 0o555)
    status, detail, decision = _lookup_in(read_only_folder)
    assert (status, decision) == ("found", "pass"), detail
    os.chmod(read_only_folder, 0o755)
    expected = [] if left_over is None else [f"registry.sqlite{left_over}"]
    assert side_files(read_only_folder / "registry.sqlite") == expected


def test_a_read_only_folder_with_uncheckpointed_commits_fails_closed(
    read_only_folder: Path,
) -> None:
    """A -wal holding commits the file lacks cannot be read without -shm: reading the file
    alone would answer from older data, so the look-up fails."""
    path = read_only_folder / "registry.sqlite"
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute(
            "UPDATE entities SET record_json = json_set(record_json, '$.status', '注销')"
        )
        shutil.copy(f"{path}-wal", read_only_folder / "held.wal")
    finally:
        writer.close()  # checkpoints and removes the -wal
    shutil.copy(EXAMPLES / "registry.sqlite", path)  # the file without those commits
    shutil.move(read_only_folder / "held.wal", f"{path}-wal")
    (read_only_folder / "registry.sqlite-shm").unlink(missing_ok=True)
    os.chmod(read_only_folder, 0o555)
    status, detail, decision = _lookup_in(read_only_folder)
    assert (status, decision) == ("failed", "review")
    assert "read-only" in detail
    assert "registry.sqlite-wal" in detail


_HOLD_WRITE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
if sys.argv[2] == "exclusive":
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
else:
    conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE entities SET record_json = json_set(record_json, '$.status', '吊销')")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("committed", flush=True)
sys.stdin.readline()
conn.close()
"""


@pytest.fixture
def writer_process(snapshot: Path) -> Iterator[Callable[[str], subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(mode: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", _HOLD_WRITE, str(snapshot), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "holding"
        return process

    yield start
    for process in started:
        for stream in (process.stdin, process.stdout):
            try:
                if stream is not None:
                    stream.close()  # the writer's stdin at its end: it rolls back, exits
            except BrokenPipeError:
                pass
        process.wait(timeout=20)


def _step(process: subprocess.Popen[str]) -> str:
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write("\n")
    process.stdin.flush()
    return process.stdout.readline().strip()


def test_a_writer_in_another_process_neither_blocks_readers_nor_shows_uncommitted_data(
    snapshot: Path, writer_process: Callable[[str], subprocess.Popen[str]], tmp_path: Path
) -> None:
    writer = writer_process("immediate")
    with SqliteRegistry(snapshot, timeout=0.2) as registry:
        assert check(registry).decision is Decision.PASS  # the committed data
        # a second loader waits `timeout`, then stops with a message, not a traceback
        extra = tmp_path / "more.jsonl"
        extra.write_text(json.dumps({"uscc": SHOP_USCC, "name": SHOP_NAME}), encoding="utf-8")
        with (
            SqliteRegistry(snapshot, readonly=False, timeout=0.2) as second,
            pytest.raises(RegistryError, match="locked"),
        ):
            second.load(extra)
        assert _step(writer) == "committed"
        report = check(registry)  # the same registry object sees the commit
        assert report.decision is Decision.FAIL
        assert "registry.status_revoked" in report.codes


def test_a_second_loader_on_the_command_line_reports_the_lock(
    snapshot: Path, writer_process: Callable[[str], subprocess.Popen[str]], tmp_path: Path
) -> None:
    writer_process("immediate")
    extra = tmp_path / "more.jsonl"
    extra.write_text(json.dumps({"uscc": SHOP_USCC, "name": SHOP_NAME}), encoding="utf-8")
    result = run_cli("registry", "load", str(extra), "--db", str(snapshot), env=None, timeout=60)
    no_traceback(result)
    assert result.returncode == 2
    assert "locked" in result.stderr
    assert str(snapshot) in result.stderr


def test_an_exclusive_lock_held_longer_than_the_timeout_fails_closed(
    snapshot: Path, writer_process: Callable[[str], subprocess.Popen[str]]
) -> None:
    writer = writer_process("exclusive")
    with SqliteRegistry(snapshot, timeout=0.1) as registry:  # opening does not raise
        failed_closed(check(registry))
        assert _step(writer) == "committed"
        failed_closed(check(registry))  # an exclusive connection keeps its lock
        _step(writer)
        writer.wait(timeout=20)
        assert "registry.status_revoked" in check(registry).codes


def test_a_copy_without_its_wal_lacks_the_latest_commits(snapshot: Path, tmp_path: Path) -> None:
    """Documented limitation: commits still in the -wal are not in the main file; a copy of
    the file alone is the state of the last checkpoint, a consistent older snapshot."""
    writer = sqlite3.connect(snapshot, isolation_level=None)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute(
            "UPDATE entities SET record_json = json_set(record_json, '$.status', '吊销')"
        )
        alone, with_wal = tmp_path / "alone.sqlite", tmp_path / "with-wal.sqlite"
        shutil.copy(snapshot, alone)
        shutil.copy(snapshot, with_wal)
        shutil.copy(f"{snapshot}-wal", f"{with_wal}-wal")
    finally:
        writer.close()
    with SqliteRegistry(alone) as registry:
        assert check(registry).decision is Decision.PASS  # the state before the update
    with SqliteRegistry(with_wal) as registry:
        assert "registry.status_revoked" in check(registry).codes


# --------------------------------------------------------------------------- schema


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("DROP TABLE former_names", "table former_names"),
        ("DROP TABLE licenses", "table licenses"),
        ("DROP TABLE meta", "table meta"),
        ("ALTER TABLE entities DROP COLUMN extra_json", "entities.extra_json"),
        ("ALTER TABLE entities RENAME COLUMN record_json TO record", "entities.record_json"),
        ("ALTER TABLE licenses RENAME COLUMN holder TO owner", "licenses.holder"),
    ],
)
def test_a_registry_missing_part_of_its_schema_is_refused_naming_it(
    snapshot: Path, tmp_path: Path, statement: str, named: str
) -> None:
    damaged = tmp_path / "damaged.sqlite"
    shutil.copy(snapshot, damaged)
    edit(damaged, statement)
    for readonly in (True, False):
        with pytest.raises(RegistryError) as raised:
            SqliteRegistry(damaged, readonly=readonly)
        assert raised.value.reason == "damaged"
        assert str(damaged) in raised.value.message
        assert named in raised.value.message
    # the same damage arriving after opening: the look-ups fail, they do not half-answer
    with SqliteRegistry(snapshot) as registry:
        assert check(registry).decision is Decision.PASS
        os.replace(damaged, snapshot)
        failed_closed(check(registry))


@pytest.mark.parametrize("version", [0, -1])
def test_an_older_or_unknown_schema_version_is_refused(snapshot: Path, version: int) -> None:
    edit(snapshot, f"PRAGMA user_version = {version}")
    with pytest.raises(RegistryError, match="unknown registry schema version") as raised:
        SqliteRegistry(snapshot)
    assert raised.value.reason == "schema_version"


def _zero_index_page(path: Path, index: str) -> None:
    conn = sqlite3.connect(path)
    try:
        (page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,))
        (size,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    start = (page[0] - 1) * size
    data[start + 8 : start + size] = bytes(size - 8)  # keep the page header, lose the cells
    path.write_bytes(bytes(data))


def test_a_damaged_index_is_found_by_check_though_lookups_cannot_tell(snapshot: Path) -> None:
    """A page of the USCC index lost: SQLite answers "no row" without an error, so the
    registered seller looks unregistered — never a pass, and `check` finds the damage."""
    _zero_index_page(snapshot, "sqlite_autoindex_entities_1")
    with SqliteRegistry(snapshot) as registry:
        assert check(registry).decision is not Decision.PASS
        problems = registry.check()
        assert problems
        assert registry.check(quick=True)
    result = run_cli("registry", "check", "--db", str(snapshot))
    no_traceback(result)
    assert result.returncode == 1
    assert "damaged" in result.stdout


def test_check_of_a_sound_and_of_a_truncated_file(snapshot: Path, tmp_path: Path) -> None:
    with SqliteRegistry(snapshot) as registry:
        assert registry.check() == []
    result = run_cli("registry", "check", "--db", str(snapshot), "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"db": str(snapshot), "ok": True, "problems": []}
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(snapshot.read_bytes()[:8192])
    result = run_cli("registry", "check", "--db", str(truncated))
    no_traceback(result)
    assert result.returncode == 1
    assert "damaged" in result.stdout
    text = tmp_path / "text.sqlite"
    text.write_text("uscc,name\n", encoding="utf-8")
    result = run_cli("registry", "check", "--db", str(text))
    assert result.returncode == 2
    assert "not a qualcheck registry" in result.stderr


def test_two_entities_under_one_uscc_are_never_picked_from(snapshot: Path) -> None:
    """A file edited by hand without the UNIQUE constraint: two rows for one USCC."""
    conn = sqlite3.connect(snapshot)
    try:
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'entities'").fetchone()
        conn.executescript(
            "PRAGMA foreign_keys = OFF; BEGIN;"
            "ALTER TABLE entities RENAME TO entities_old;"
            + sql.replace("uscc TEXT UNIQUE", "uscc TEXT").replace(
                "registration_number TEXT UNIQUE", "registration_number TEXT"
            )
            + "; INSERT INTO entities SELECT * FROM entities_old;"
            "INSERT INTO entities (uscc, name, name_norm, status, loaded_at, record_json)"
            f" SELECT uscc, '另一家公司', '另一家公司', 'revoked', loaded_at,"
            " json_set(record_json, '$.name', '另一家公司') FROM entities_old"
            f" WHERE uscc = '{SHOP_USCC}';"
            "DROP TABLE entities_old; COMMIT;"
        )
    finally:
        conn.close()
    with SqliteRegistry(snapshot) as registry:
        report = check(registry)
    failed_closed(report, "malformed")


# --------------------------------------------------------------------------- data faults


@pytest.mark.parametrize(
    ("change", "decision", "codes"),
    [
        ("json_set(record_json, '$.status', json('null'))", "review", ["registry.status_unknown"]),
        ("json_set(record_json, '$.status', '经营异常')", "review", ["registry.status_unknown"]),
        ("json_set(record_json, '$.status', 'weird')", "review", ["registry.status_unknown"]),
        ("json_set(record_json, '$.status', json('[\"存续\"]'))", "review", None),
        ("json_set(record_json, '$.zzz_unknown', 1, '$.licenses_extra', 2)", "pass", []),
        ("json_set(record_json, '$.former_names', 5)", "review", ["registry.unavailable"]),
        ("json_set(record_json, '$.established_on', 'someday')", "review", None),
        ("'[]'", "review", ["registry.unavailable"]),
        ("'null'", "review", ["registry.unavailable"]),
        ("x'00ff'", "review", ["registry.unavailable"]),
        ("json_remove(record_json, '$.status')", "review", ["registry.status_unknown"]),
    ],
)
def test_a_stored_record_that_is_odd_never_passes_unless_it_is_sound(
    snapshot: Path, change: str, decision: str, codes: list[str] | None
) -> None:
    edit(snapshot, f"UPDATE entities SET record_json = {change} WHERE uscc = '{SHOP_USCC}'")
    with SqliteRegistry(snapshot) as registry:
        report = check(registry)
    assert report.decision.value == decision, report.codes
    if codes is not None:
        assert registry_codes(report) == codes


def test_a_stored_licence_that_no_longer_reads_fails_closed(snapshot: Path) -> None:
    edit(snapshot, f"UPDATE licenses SET record_json = '{{' WHERE holder = '{SHOP_USCC}'")
    with SqliteRegistry(snapshot) as registry:
        failed_closed(check(registry), "malformed")


@pytest.mark.parametrize(
    "word",
    [
        "weird",
        "经营异常",
        "不存续",
        "有效",
        "0",
        "10",
        # an active word in doubt (a question mark, a check pending) is no plain answer
        "存续？",
        "存续（待核实）",
    ],
)
def test_an_unknown_status_word_loaded_is_never_active(tmp_path: Path, word: str) -> None:
    uscc = make_uscc(region="330106", rng=RNG)
    with SqliteRegistry.create(tmp_path / "r.sqlite") as registry:
        registry.load([json.dumps({"uscc": uscc, "name": "示例有限公司", "status": word})])
        record = registry.lookup(RegistryQuery(uscc=uscc)).record
    assert record is not None
    assert record.status is not RegistryStatus.ACTIVE
    assert record.status_raw == word


def test_a_name_of_several_entities_is_ambiguous_even_with_one_legal_representative(
    tmp_path: Path,
) -> None:
    first, second, third = (make_uscc(region="330106", rng=RNG) for _ in range(3))
    with SqliteRegistry.create(tmp_path / "r.sqlite") as registry:
        registry.load(
            [
                json.dumps(record, ensure_ascii=False)
                for record in (
                    {"uscc": first, "name": "杭州示例商行", "legal_representative": "张三"},
                    {"uscc": second, "name": "杭州 示例商行", "legal_representative": "张三"},
                    {"uscc": third, "name": "杭州新示例商行", "former_names": "杭州示例商行"},
                )
            ]
        )
        for query in (
            RegistryQuery(name="杭州示例商行"),
            RegistryQuery(name="杭州示例商行", legal_representative="张三"),
            RegistryQuery(name="杭州示例商行", legal_representative="李四"),
        ):
            result = registry.lookup(query)
            assert (result.status, result.reason) == (LookupStatus.FAILED, "ambiguous")
            assert result.record is None
        # the current name of one entity beats the former name of another
        only = registry.lookup(RegistryQuery(name="杭州新示例商行"))
        assert only.record is not None
        assert only.record.uscc == third


@pytest.mark.parametrize(
    ("valid_to", "expected"),
    [
        ("长期", "long"),
        ("9999-12-31", "long"),
        ("永久", "long"),
        ("", "open"),
        ("-", "open"),
        ("0", "rejected"),
        ("00000000", "rejected"),
    ],
)
def test_licence_end_forms(tmp_path: Path, valid_to: str, expected: str) -> None:
    rows = list(
        read_rows(
            [
                "许可证编号,统一社会信用代码,许可文件名称,有效期自,有效期至",
                f"JY13301067319160,{SHOP_USCC},食品经营许可证,2023-06-12,{valid_to}",
            ]
        )
    )
    (row,) = rows
    if expected == "rejected":
        assert isinstance(row, RowError)
        assert (row.line, row.field) == (2, "有效期至")
        return
    assert not isinstance(row, RowError)
    validity = row.license.validity  # type: ignore[union-attr]
    assert validity is not None
    assert validity.valid_to is None
    assert validity.long_term is (expected == "long")


def test_a_licence_moved_to_another_holder_is_no_longer_the_old_holders(snapshot: Path) -> None:
    other = make_uscc(region="330106", rng=RNG)
    with SqliteRegistry(snapshot, readonly=False) as registry:
        report = registry.load(
            [
                json.dumps({"uscc": other, "name": "杭州另一食品有限公司", "status": "存续"}),
                json.dumps(
                    {
                        "record_type": "license",
                        "number": "JY13301067319160",
                        "kind": "food_business",
                        "holder_uscc": other,
                        "valid_to": "2028-06-11",
                    }
                ),
            ]
        )
        assert report.errors == []
        result = check(registry)
    assert result.decision is not Decision.PASS
    assert "registry.license_not_found" in result.codes


# --------------------------------------------------------------------------- loading


def test_a_header_naming_a_column_twice_takes_the_first_non_empty_cell() -> None:
    """docs: "Of several columns that mean the same field the first non-empty one wins" —
    also when the header repeats one name (a CSV row read into a dict kept the last)."""
    rows = list(
        read_rows(
            [
                "统一社会信用代码,企业名称,统一社会信用代码,企业名称,备注,备注",
                f"{SHOP_USCC},甲公司,,乙公司,第一,第二",
                f",丙公司,{SHOP_USCC},,,第二",
            ]
        )
    )
    assert all(isinstance(row, EntityRow) for row in rows), rows
    first, second = (row.record for row in rows)  # type: ignore[union-attr]
    assert (first.uscc, first.name) == (SHOP_USCC, "甲公司")
    assert (second.uscc, second.name) == (SHOP_USCC, "丙公司")
    assert rows[0].extra == {"备注": "第一"}  # type: ignore[union-attr]
    assert rows[1].extra == {"备注": "第二"}  # type: ignore[union-attr]


def test_an_oversized_cell_stops_the_file_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(
        "企业名称,统一社会信用代码,经营范围\n"
        f"甲公司,{SHOP_USCC},{'食品销售' * 40_000}\n"
        "乙公司,91370102TDFTAP3UX3,餐饮服务\n",
        encoding="utf-8",
    )
    with SqliteRegistry.create(tmp_path / "r.sqlite") as registry:
        report = registry.load(path)
    assert report.loaded == 0
    assert not report.ok
    (error,) = report.errors
    assert error.line == 2
    assert "not read" in error.message


def test_huge_rows_load_and_read_back(tmp_path: Path) -> None:
    uscc = make_uscc(region="330106", rng=RNG)
    scope = "食品销售；" * 20_000  # 100 000 characters
    licences = [
        {"number": f"JY1330106{index:07d}", "kind": "food_business", "valid_to": "2030-01-01"}
        for index in range(300)
    ]
    record = {
        "uscc": uscc,
        "name": "杭州示例大型食品有限公司",
        "status": "存续",
        "scope": scope,
        "former_names": [f"杭州示例旧名{index}有限公司" for index in range(500)],
        "licenses": licences,
    }
    with SqliteRegistry.create(tmp_path / "r.sqlite") as registry:
        report = registry.load([json.dumps(record, ensure_ascii=False)])
        assert (report.loaded, report.licenses, report.errors) == (1, 300, [])
        result = registry.lookup(RegistryQuery(uscc=uscc, license_kinds=("food_business",)))
        assert result.record is not None
        assert result.record.scope == scope.strip()
        assert len(result.record.licenses) == 300
        by_former = registry.lookup(RegistryQuery(name="杭州示例旧名499有限公司"))
        assert by_former.record is not None
        assert by_former.record.uscc == uscc


def test_personal_numbers_in_an_export_never_reach_reports_or_the_command_line(
    tmp_path: Path,
) -> None:
    export = tmp_path / "companies.csv"
    export.write_text(
        "企业名称,统一社会信用代码,法定代表人,登记状态,法定代表人证件号,联系电话\n"
        f"{SHOP_NAME},{SHOP_USCC},李四 {RIC},存续,{RIC},{PHONE}\n"
        f"坏行有限公司,{PHONE},王五,存续,{RIC},{PHONE}\n",
        encoding="utf-8",
    )
    db = tmp_path / "r.sqlite"
    loaded = run_cli("registry", "load", str(export), "--db", str(db))
    stats = run_cli("registry", "stats", "--db", str(db), "--json")
    assert loaded.returncode == 3  # the second row's USCC is a phone number
    for output in (loaded.stdout, loaded.stderr, stats.stdout, stats.stderr):
        assert RIC not in output
        assert PHONE not in output
    with SqliteRegistry(db) as registry:
        report = check(registry)
    assert "registry.legal_rep_mismatch" in report.codes
    dumped = report.model_dump_json()
    assert RIC not in dumped
    assert PHONE not in dumped


def test_a_load_that_breaks_mid_way_keeps_whole_batches_only(tmp_path: Path) -> None:
    """Documented: batches committed before a failure stay; the batch under way is rolled
    back as one — never half a batch, and readers never see its rows."""
    usccs = [make_uscc(region="330106", rng=RNG) for _ in range(25)]

    def lines() -> Iterator[str]:
        for index, uscc in enumerate(usccs):
            if index == 23:
                raise OSError("the export's disk went away")
            yield json.dumps({"uscc": uscc, "name": f"示例{index}有限公司", "status": "存续"})

    path = tmp_path / "r.sqlite"
    with SqliteRegistry.create(path) as registry:
        with pytest.raises(OSError, match="went away"):
            registry.load(lines(), batch_size=10)
        assert registry.stats()["entities"] == 20
        assert registry.stats()["loads"] == 0
        statuses = [registry.lookup(RegistryQuery(uscc=uscc)).status for uscc in usccs]
    assert statuses == [LookupStatus.FOUND] * 20 + [LookupStatus.NOT_FOUND] * 5


_READER = """
import json, os, sys
from qualcheck.registries import RegistryQuery, SqliteRegistry
usccs = json.loads(sys.argv[2])
seen = []
parent = os.getppid()
with SqliteRegistry(sys.argv[1]) as registry:
    print("ready", flush=True)
    last = False
    while not last:  # until the load has ended, then one whole round more
        last = os.path.exists(sys.argv[3]) or os.getppid() != parent  # (or the test died)
        results = [registry.lookup(RegistryQuery(uscc=uscc)) for uscc in usccs]
        bad = [r.detail for r in results if r.status.value == "failed"]
        seen.append([sum(r.status.value == "found" for r in results), bad])
print(json.dumps(seen))
"""


def test_reader_processes_during_a_load_never_fail_and_never_lose_a_row(
    snapshot: Path, tmp_path: Path
) -> None:
    """Readers look up every row again and again while a load writes them, and once more
    after it: no look-up fails, a row once seen stays, and the last round sees them all."""
    usccs = [make_uscc(region="440305", rng=RNG) for _ in range(200)]
    loaded = tmp_path / "loaded"  # made once the load has ended: the readers' last round
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", _READER, str(snapshot), json.dumps(usccs), str(loaded)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,  # unbuffered: readline() takes "ready" alone, communicate() the rest
        )
        for _ in range(3)
    ]
    try:
        for reader in readers:
            assert reader.stdout is not None
            assert reader.stdout.readline().strip() == b"ready"
        with SqliteRegistry(snapshot, readonly=False) as registry:
            report = registry.load(
                (json.dumps({"uscc": uscc, "name": f"示例{i}店"}) for i, uscc in enumerate(usccs)),
                batch_size=25,
            )
        assert report.loaded == 200
    finally:
        loaded.touch()
        outputs = [reader.communicate(timeout=60) for reader in readers]
    for reader, (output, errors) in zip(readers, outputs, strict=True):
        assert output, f"reader exited {reader.returncode} with nothing read: {errors[-2000:]!r}"
        seen = json.loads(output)
        counts = [count for count, _ in seen]
        assert [bad for _, bad in seen if bad] == []
        assert counts == sorted(counts)  # a row once seen stays
        assert counts[-1] == 200  # a round begun after the load sees every row
    with SqliteRegistry(snapshot) as registry:
        assert all(registry.lookup(RegistryQuery(uscc=u)).record is not None for u in usccs)


# --------------------------------------------------------------------------- concurrency


def test_threads_and_an_event_loop_share_one_registry_while_the_file_is_replaced(
    snapshot: Path, tmp_path: Path
) -> None:
    renamed = tmp_path / "renamed.sqlite"
    shutil.copy(snapshot, renamed)
    edit(
        renamed,
        "UPDATE entities SET record_json = json_set(record_json, '$.name', '新名称有限公司')"
        f" WHERE uscc = '{SHOP_USCC}'",
    )
    query = RegistryQuery(uscc=SHOP_USCC, license_kinds=("food_business",))
    results: list[LookupResult] = []
    errors: list[BaseException] = []
    go = threading.Barrier(5)

    def worker() -> None:
        try:
            go.wait()
            for _ in range(150):
                results.append(registry.lookup(query))
        except BaseException as exc:  # pragma: no cover - the assertion below shows it
            errors.append(exc)

    async def many() -> list[LookupResult]:
        return list(await asyncio.gather(*(registry.alookup(query) for _ in range(150))))

    with SqliteRegistry(snapshot) as registry:
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        go.wait()
        results += asyncio.run(many())
        os.replace(renamed, snapshot)
        results += asyncio.run(many())
        for thread in threads:
            thread.join()
        after = registry.lookup(query)
    assert errors == []
    assert len(results) == 4 * 150 + 2 * 150
    assert {result.status for result in results} == {LookupStatus.FOUND}
    assert {result.record.name for result in results if result.record} <= {
        SHOP_NAME,
        "新名称有限公司",
    }
    assert after.record is not None
    assert after.record.name == "新名称有限公司"
    assert all(len(result.record.licenses) == 1 for result in results if result.record)


def test_closing_while_lookups_run_gives_found_or_closed_never_an_error(snapshot: Path) -> None:
    registry = SqliteRegistry(snapshot)
    query = RegistryQuery(uscc=SHOP_USCC)
    results: list[LookupResult] = []
    errors: list[BaseException] = []
    go = threading.Barrier(7)

    def worker() -> None:
        try:
            go.wait()
            for _ in range(200):
                results.append(registry.lookup(query))
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    go.wait()
    registry.lookup(query)
    registry.close()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {(r.status, r.reason) for r in results} <= {
        (LookupStatus.FOUND, None),
        (LookupStatus.FAILED, "registry_error"),
    }
    assert registry.lookup(query).detail == "the registry was closed"
    assert side_files(snapshot) == []  # every connection closed, the WAL folded back


def test_a_directory_given_as_registry_is_named_as_such(tmp_path: Path) -> None:
    from qualcheck import ConfigError
    from qualcheck.registries._spec import open_registry

    with pytest.raises(ConfigError, match="is a directory"):
        open_registry(str(tmp_path))
