"""SqliteRegistry on real files: loading, upserts, look-ups, concurrency, failures, schema."""

from __future__ import annotations

import asyncio
import datetime
import json
import random
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qualcheck.exceptions import ConfigError
from qualcheck.registries import (
    LookupResult,
    LookupStatus,
    Registry,
    RegistryError,
    RegistryQuery,
    RegistryRecord,
    RegistryStatus,
    SqliteRegistry,
)
from qualcheck.registries.sqlite import APPLICATION_ID, SCHEMA_VERSION, LoadReport
from qualcheck.testing import make_food_business, make_food_filing, make_regno, make_uscc

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RNG = random.Random(2026)
USCC_A = make_uscc(region="330106", rng=RNG)
USCC_B = make_uscc(region="440305", entity_type="2", rng=RNG)
USCC_C = make_uscc(region="320102", rng=RNG)
REGNO = make_regno(region="420106", rng=RNG)
JY_A = make_food_business(form=1, region="330106", rng=RNG)
JY_B = make_food_business(form=2, region="440305", rng=RNG)
YB = make_food_filing(region="420106", rng=RNG)
FOOD = ("food_business", "food_filing")

ENTITY_CSV = (
    "\ufeff企业名称,统一社会信用代码,注册号,法定代表人,登记状态,成立日期,营业期限自,营业期限至,"
    "经营范围,住所,曾用名\n"
    f"杭州示例食品有限公司,{USCC_A},,张三,存续（在营、开业、在册）,2019年4月2日,2019-04-02,长期,"
    "食品销售,浙江省杭州市西湖区示例路1号,杭州示例旧名有限公司\n"
    f"深圳市南山区示例火锅店,{USCC_B},,李四,在业,20200818,,,餐饮服务,广东省深圳市南山区示例街5号,\n"
    f"武汉示例便利店,,{REGNO},王五,吊销，未注销,1625500800000,,,食品销售,湖北省武汉市示例路2号,\n"
)
LICENSE_CSV = (
    "许可证编号,许可文件名称,统一社会信用代码/注册号,有效期自,有效期至,许可内容,许可机关\n"
    f"{JY_A},食品经营许可证,{USCC_A},2023年6月12日,2028年6月11日,预包装食品销售,杭州市西湖区市场监督管理局\n"
    f"{JY_B},食品经营许可证,{USCC_B},2022-07-01,2027-06-30,热食类食品制售,深圳市市场监督管理局\n"
    f"{YB},仅销售预包装食品备案,{REGNO},,,预包装食品销售,武汉市武昌区市场监督管理局\n"
)


def jsonl(*records: dict[str, Any]) -> list[str]:
    return [json.dumps(record, ensure_ascii=False) for record in records]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A registry loaded from an entity CSV and a licence CSV."""
    path = tmp_path / "registry.sqlite"
    with SqliteRegistry.create(path) as registry:
        entities = registry.load(write(tmp_path / "entities.csv", ENTITY_CSV))
        licences = registry.load(write(tmp_path / "licences.csv", LICENSE_CSV))
    assert (entities.loaded, entities.errors) == (3, [])
    assert (licences.loaded, licences.licenses, licences.errors) == (3, 3, [])
    return path


@pytest.fixture
def registry(db: Path) -> Iterator[SqliteRegistry]:
    with SqliteRegistry(db) as opened:
        yield opened


def found(result: LookupResult) -> RegistryRecord:
    assert result.status is LookupStatus.FOUND, (result.reason, result.detail)
    assert result.record is not None
    return result.record


# --------------------------------------------------------------------------- look-ups


def test_satisfies_the_registry_protocol(registry: SqliteRegistry) -> None:
    assert isinstance(registry, Registry)
    assert registry.name == "sqlite:registry.sqlite"
    assert registry.readonly


def test_lookups_by_uscc_registration_number_name_and_former_name(
    registry: SqliteRegistry,
) -> None:
    record = found(registry.lookup(RegistryQuery(uscc=USCC_A)))
    assert (record.name, record.legal_representative) == ("杭州示例食品有限公司", "张三")
    assert (record.status, record.status_raw) == (RegistryStatus.ACTIVE, "存续（在营、开业、在册）")
    assert record.established_on == datetime.date(2019, 4, 2)
    assert record.term is not None
    assert record.term.long_term
    assert record.former_names == ("杭州示例旧名有限公司",)
    assert record.source == "sqlite:registry.sqlite"
    by_number = found(registry.lookup(RegistryQuery(uscc=REGNO)))
    assert (by_number.uscc, by_number.registration_number) == (None, REGNO)
    assert by_number.status is RegistryStatus.REVOKED
    assert by_number.established_on == datetime.date(2021, 7, 6)  # a millisecond timestamp
    assert found(registry.lookup(RegistryQuery(name="杭州示例食品有限责任公司"))).uscc == USCC_A
    assert found(registry.lookup(RegistryQuery(name="杭州示例旧名有限公司"))).uscc == USCC_A
    assert registry.lookup(RegistryQuery(uscc=USCC_C)).status is LookupStatus.NOT_FOUND
    unknown = registry.lookup(RegistryQuery(uscc=USCC_C, name="杭州示例食品有限公司"))
    assert unknown.status is LookupStatus.NOT_FOUND  # no fall-back from an identifier to the name


def test_licence_kinds_default_to_those_in_the_file(db: Path, tmp_path: Path) -> None:
    with SqliteRegistry(db) as registry:
        assert registry.license_kinds == {"food_business", "food_filing"}
    bare = tmp_path / "bare.sqlite"
    with SqliteRegistry.create(bare) as writer:
        writer.load(jsonl({"uscc": USCC_A, "name": "甲"}))
        assert writer.license_kinds == frozenset()
    with SqliteRegistry(bare) as registry:
        assert registry.license_kinds == frozenset()
        result = registry.lookup(RegistryQuery(uscc=USCC_A, license_kinds=("food_business",)))
        assert result.license_kinds == frozenset()  # it cannot vouch for food licences
    with SqliteRegistry(bare, license_kinds=["food_business"]) as registry:
        result = registry.lookup(RegistryQuery(uscc=USCC_A, license_kinds=("food_business",)))
        assert result.license_kinds == {"food_business"}
        assert found(result).licenses == ()


def test_licences_of_the_asked_kinds_are_listed(registry: SqliteRegistry) -> None:
    none_asked = registry.lookup(RegistryQuery(uscc=USCC_A))
    assert found(none_asked).licenses == ()
    assert none_asked.license_kinds == frozenset()
    asked = registry.lookup(RegistryQuery(uscc=USCC_A, license_kinds=("food_business", "cma")))
    (licence,) = found(asked).licenses
    assert asked.license_kinds == {"food_business"}
    assert (licence.number, licence.kind, licence.holder_uscc) == (JY_A, "food_business", USCC_A)
    assert licence.validity is not None
    assert licence.validity.valid_to == datetime.date(2028, 6, 11)
    assert licence.issuer == "杭州市西湖区市场监督管理局"
    filing = found(registry.lookup(RegistryQuery(uscc=REGNO, license_kinds=FOOD)))
    assert [lic.number for lic in filing.licenses] == [YB]  # held under the registration number


def test_fetched_at_is_the_records_or_the_load_time(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    fetched = "2026-11-20T09:00:00+08:00"
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    with SqliteRegistry.create(path) as registry:
        registry.load(jsonl({"uscc": USCC_A, "fetched_at": fetched}, {"uscc": USCC_B}))
        given = registry.lookup(RegistryQuery(uscc=USCC_A))
        loaded = registry.lookup(RegistryQuery(uscc=USCC_B))
    assert given.fetched_at == datetime.datetime.fromisoformat(fetched)
    assert before <= loaded.fetched_at <= datetime.datetime.now(datetime.timezone.utc)


def test_ambiguous_names(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with SqliteRegistry.create(path) as registry:
        registry.load(
            jsonl(
                {"uscc": USCC_A, "name": "示例便利店", "legal_representative": "张三"},
                {"uscc": USCC_B, "name": "示例便利店", "legal_representative": "李四"},
            )
        )
        chosen = registry.lookup(RegistryQuery(name="示例便利店", legal_representative="李四"))
        assert found(chosen).uscc == USCC_B
        result = registry.lookup(RegistryQuery(name="示例便利店"))
    assert (result.status, result.reason) == (LookupStatus.FAILED, "ambiguous")


def test_async_lookups(registry: SqliteRegistry) -> None:
    queries = [RegistryQuery(uscc=USCC_A), RegistryQuery(uscc=USCC_C), RegistryQuery(uscc=REGNO)]

    async def run() -> list[LookupResult]:
        return list(await asyncio.gather(*(registry.alookup(q) for q in queries * 20)))

    results = asyncio.run(run())
    expected = [registry.lookup(query) for query in queries] * 20
    assert [(r.status, r.record) for r in results] == [(r.status, r.record) for r in expected]
    assert [r.status for r in expected[:3]] == [
        LookupStatus.FOUND,
        LookupStatus.NOT_FOUND,
        LookupStatus.FOUND,
    ]


# --------------------------------------------------------------------------- loading


def test_bad_rows_are_reported_and_the_rest_loaded(tmp_path: Path) -> None:
    csv_path = write(
        tmp_path / "bad.csv",
        "统一社会信用代码,企业名称,成立日期\n"
        f"{USCC_A},甲,2019-04-02\n"
        f"{USCC_B},乙,2019年2月30日\n"
        ",丙,2019-04-02\n"
        f"{USCC_C},丁,\n",
    )
    jsonl_path = write(
        tmp_path / "bad.jsonl",
        "\n".join(
            [
                *jsonl({"uscc": make_uscc(rng=RNG), "name": "戊"}),
                "{oops",
                *jsonl({"record_type": "license", "number": JY_B, "holder_uscc": USCC_C}),
                *jsonl({"record_type": "license", "number": "X-1", "holder_uscc": USCC_C}),
            ]
        ),
    )
    with SqliteRegistry.create(tmp_path / "r.sqlite") as registry:
        from_csv = registry.load(csv_path)
        from_jsonl = registry.load(jsonl_path)
        assert registry.stats()["entities"] == 3
    assert (from_csv.format, from_csv.loaded, from_csv.updated, from_csv.skipped) == (
        "csv",
        2,
        0,
        2,
    )
    assert [(e.line, e.field) for e in from_csv.errors] == [
        (3, "成立日期"),
        (4, "统一社会信用代码"),
    ]
    assert not from_csv.ok
    assert (from_jsonl.format, from_jsonl.loaded, from_jsonl.skipped, from_jsonl.licenses) == (
        "jsonl",
        2,
        2,
        1,
    )
    assert [(e.line, e.field) for e in from_jsonl.errors] == [(2, None), (4, "kind")]
    assert from_jsonl.to_dict()["errors"][0]["line"] == 2


def test_upserts_replace_entities_and_keep_identifiers(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with SqliteRegistry.create(path) as registry:
        registry.load(
            jsonl(
                {"registration_number": REGNO, "name": "武汉示例便利店", "former_names": ["旧名"]}
            )
        )
        report = registry.load(
            jsonl(
                {
                    "uscc": USCC_B,
                    "registration_number": REGNO,
                    "name": "武汉示例便利店",
                    "status": "注销",
                },
                {"uscc": USCC_B, "name": "武汉示例超市", "status": "存续"},
            )
        )
        assert (report.loaded, report.updated) == (0, 2)
        record = found(registry.lookup(RegistryQuery(uscc=REGNO)))
        assert (record.uscc, record.registration_number, record.name) == (
            USCC_B,
            REGNO,
            "武汉示例超市",
        )
        assert record.status is RegistryStatus.ACTIVE
        assert record.former_names == ()
        assert registry.lookup(RegistryQuery(name="旧名")).status is LookupStatus.NOT_FOUND
        assert registry.stats()["entities"] == 1


def test_a_registration_number_of_another_entity_is_rejected(tmp_path: Path) -> None:
    with SqliteRegistry.create(tmp_path / "r.sqlite") as registry:
        registry.load(jsonl({"uscc": USCC_A, "registration_number": REGNO}))
        report = registry.load(jsonl({"uscc": USCC_B, "registration_number": REGNO}))
        assert (report.loaded, report.skipped) == (0, 1)
        (error,) = report.errors
        assert (error.line, error.field) == (1, "registration_number")
        assert USCC_A in error.message
        assert registry.lookup(RegistryQuery(uscc=USCC_B)).status is LookupStatus.NOT_FOUND


def test_licences_replace_by_number_and_entity_lines_replace_their_list(tmp_path: Path) -> None:
    with SqliteRegistry.create(tmp_path / "r.sqlite") as registry:
        registry.load(
            jsonl(
                {"uscc": USCC_A, "name": "甲", "licenses": [{"number": JY_A}, {"number": YB}]},
                {"uscc": USCC_B, "name": "乙"},
            )
        )

        def numbers(uscc: str) -> list[str]:
            record = found(registry.lookup(RegistryQuery(uscc=uscc, license_kinds=FOOD)))
            return [lic.number for lic in record.licenses]

        assert numbers(USCC_A) == [JY_A, YB]
        # a stand-alone licence line moves the licence to its holder
        moved = registry.load(
            jsonl({"record_type": "license", "number": YB, "holder_uscc": USCC_B})
        )
        assert (moved.loaded, moved.updated, moved.licenses) == (0, 1, 1)
        assert (numbers(USCC_A), numbers(USCC_B)) == ([JY_A], [YB])
        # an entity line without "licenses" keeps them; with "licenses" replaces them
        registry.load(jsonl({"uscc": USCC_A, "name": "甲"}))
        assert numbers(USCC_A) == [JY_A]
        registry.load(jsonl({"uscc": USCC_A, "name": "甲", "licenses": []}))
        assert numbers(USCC_A) == []
        assert registry.stats()["licenses"] == {"food_filing": 1}


def test_loading_is_batched_and_a_failure_keeps_earlier_batches(tmp_path: Path) -> None:
    rng = random.Random(3)
    numbers = [make_uscc(region="330106", rng=rng) for _ in range(25)]

    rows = [
        json.dumps({"uscc": number, "name": f"公司{index}"}, ensure_ascii=False)
        for index, number in enumerate(numbers)
    ]

    def lines() -> Iterator[str]:
        for index, row in enumerate(rows):
            if index == 23:
                raise RuntimeError("the export stream broke")
            yield row

    with SqliteRegistry.create(tmp_path / "r.sqlite") as registry:
        with pytest.raises(RuntimeError):
            registry.load(lines(), format="jsonl", batch_size=10)
        assert registry.stats()["entities"] == 20  # two batches of ten committed
        report = registry.load(rows, batch_size=7)
        assert (report.loaded, report.updated) == (5, 20)
        assert registry.stats()["entities"] == 25
        with pytest.raises(ValueError, match="batch_size"):
            registry.load([], batch_size=0)


def test_a_record_reads_back_as_it_was_loaded(tmp_path: Path) -> None:
    record = RegistryRecord(
        name="示例有限公司",
        uscc=USCC_A,
        registration_number=REGNO,
        legal_representative="张三",
        status="吊销，未注销",
        established_on="2019年4月2日",
        term="2019-04-02至2039-04-01",
        scope="食品销售",
        address="某地",
        former_names=("旧名有限公司", "更旧名有限公司"),
        licenses=[{"number": JY_A, "kind": "food_business", "validity": "2023-06-12至2028-06-11"}],
        fetched_at=datetime.datetime(2026, 11, 20, 1, 0, tzinfo=datetime.timezone.utc),
        request_id="req-1",
    )
    with SqliteRegistry.create(tmp_path / "r.sqlite", name="snap") as registry:
        registry.load([record.model_dump_json()])
        back = found(registry.lookup(RegistryQuery(uscc=USCC_A, license_kinds=("food_business",))))
    licence = record.licenses[0].model_copy(update={"holder_uscc": USCC_A})
    assert back == record.model_copy(update={"source": "snap", "licenses": (licence,)})


def test_stats(db: Path) -> None:
    with SqliteRegistry(db) as registry:
        stats = registry.stats()
    assert stats["schema_version"] == SCHEMA_VERSION
    assert stats["entities"] == 3
    assert stats["statuses"] == {"active": 2, "revoked": 1}
    assert stats["licenses"] == {"food_business": 2, "food_filing": 1}
    assert stats["license_kinds"] == ["food_business", "food_filing"]
    assert stats["former_names"] == 1
    assert stats["sources"] == {str(db.parent / "entities.csv"): 3}
    assert stats["loads"] == 2
    datetime.datetime.fromisoformat(stats["last_load"])
    datetime.datetime.fromisoformat(stats["created_at"])


def test_a_read_only_registry_cannot_load_and_create_refuses_an_existing_file(db: Path) -> None:
    with SqliteRegistry(db) as registry, pytest.raises(RegistryError, match="read-only") as raised:
        registry.load([])
    assert raised.value.reason == "readonly"
    with pytest.raises(FileExistsError):
        SqliteRegistry.create(db)
    with SqliteRegistry(db, readonly=False) as writer:  # an existing registry opens for writing
        assert writer.load(jsonl({"uscc": USCC_C})).loaded == 1


# --------------------------------------------------------------------------- concurrency


def test_concurrent_readers_while_a_writer_loads(db: Path) -> None:
    rng = random.Random(8)
    rows = [
        json.dumps({"uscc": make_uscc(rng=rng), "name": f"批量{index}"}, ensure_ascii=False)
        for index in range(600)
    ]
    lock = threading.Lock()
    statuses: list[LookupStatus] = []
    during_write: list[LookupStatus] = []
    writing = threading.Event()  # the writer is inside a write transaction
    read_during_write = threading.Event()
    done = threading.Event()

    def read(registry: SqliteRegistry) -> None:
        for _ in range(20_000):  # bounded; normally ends when the load is done
            result = registry.lookup(RegistryQuery(uscc=USCC_A, license_kinds=FOOD))
            with lock:
                statuses.append(result.status)
                if writing.is_set():
                    during_write.append(result.status)
                    if len(during_write) >= 40:
                        read_during_write.set()
            if done.is_set():
                return

    def export() -> Iterator[str]:
        for index, row in enumerate(rows):
            if index == 275:  # mid-batch: the write transaction is open
                writing.set()
                read_during_write.wait(timeout=20)
                writing.clear()
            yield row

    with SqliteRegistry(db) as reader, SqliteRegistry(db, readonly=False) as writer:
        threads = [threading.Thread(target=read, args=(reader,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        report = writer.load(export(), format="jsonl", batch_size=50)
        done.set()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
        assert read_during_write.is_set()
        assert report.loaded == 600
        assert set(statuses) == {LookupStatus.FOUND}
        assert reader.stats()["entities"] == 603  # readers see committed loads
        assert len(reader._idle) <= 16  # the pool stays small


def test_a_second_writer_waits_and_then_loads(db: Path) -> None:
    with SqliteRegistry(db, readonly=False) as first, SqliteRegistry(db, readonly=False) as second:
        assert first.load(jsonl({"uscc": USCC_C, "name": "一"})).loaded == 1
        assert second.load(jsonl({"uscc": USCC_C, "name": "二"})).updated == 1
        assert found(first.lookup(RegistryQuery(uscc=USCC_C))).name == "二"


# --------------------------------------------------------------------------- failures


def test_a_missing_file_gives_failed_lookups(tmp_path: Path) -> None:
    with SqliteRegistry(tmp_path / "nowhere.sqlite") as registry:
        result = registry.lookup(RegistryQuery(uscc=USCC_A))
        assert (result.status, result.reason) == (LookupStatus.FAILED, "registry_error")
        assert result.source == "sqlite:nowhere.sqlite"
        assert registry.license_kinds == frozenset()
        with pytest.raises(RegistryError):
            registry.stats()
    assert not (tmp_path / "nowhere.sqlite").exists()  # reading never creates a file


def test_a_file_deleted_after_opening(db: Path) -> None:
    registry = SqliteRegistry(db)
    registry.close()  # no idle connection keeps the old file open
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    result = registry.lookup(RegistryQuery(uscc=USCC_A))
    assert result.status is LookupStatus.FAILED
    with SqliteRegistry(db) as again:
        assert again.lookup(RegistryQuery(uscc=USCC_A)).status is LookupStatus.FAILED


def test_a_corrupt_file_gives_failed_lookups(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 2 * page
    data[page:] = b"\xa5" * (len(data) - page)  # every page after the header page
    db.write_bytes(bytes(data))
    with SqliteRegistry(db) as registry:
        result = registry.lookup(RegistryQuery(uscc=USCC_A))
    assert (result.status, result.reason) == (LookupStatus.FAILED, "registry_error")
    assert result.detail is not None
    assert "registry.sqlite" in result.detail


def test_a_locked_file_gives_failed_lookups(db: Path) -> None:
    locker = sqlite3.connect(db, isolation_level=None)
    try:
        locker.execute("PRAGMA locking_mode = EXCLUSIVE")
        locker.execute("BEGIN EXCLUSIVE")
        registry = SqliteRegistry(db, timeout=0.05)  # opening does not raise
        result = registry.lookup(RegistryQuery(uscc=USCC_A))
        assert (result.status, result.reason) == (LookupStatus.FAILED, "registry_error")
        assert result.detail is not None
        assert "locked" in result.detail
        assert registry.license_kinds == frozenset()  # not known yet
    finally:
        locker.close()
    with registry:
        found(registry.lookup(RegistryQuery(uscc=USCC_A)))
        assert registry.license_kinds == {"food_business", "food_filing"}  # learnt on first use


def test_a_closed_registry_gives_failed_lookups(db: Path) -> None:
    registry = SqliteRegistry(db)
    registry.close()
    result = registry.lookup(RegistryQuery(uscc=USCC_A))
    assert (result.status, result.reason, result.detail) == (
        LookupStatus.FAILED,
        "registry_error",
        "the registry was closed",
    )


# --------------------------------------------------------------------------- schema


def test_a_newer_schema_version_is_refused_naming_the_file(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    for readonly in (True, False):
        with pytest.raises(RegistryError, match="newer than this qualcheck") as raised:
            SqliteRegistry(db, readonly=readonly)
        assert str(db) in str(raised.value)
        assert raised.value.reason == "schema_version"


def test_files_that_are_not_registries_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    garbage = write(tmp_path / "garbage.sqlite", "this is not an SQLite database at all " * 40)
    unknown = tmp_path / "unknown.sqlite"
    conn = sqlite3.connect(unknown)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    for path, words in (
        (other, "not a qualcheck registry"),
        (garbage, "not an SQLite database"),
        (unknown, "unknown registry schema version"),
    ):
        for readonly in (True, False):
            with pytest.raises(RegistryError, match=words) as raised:
                SqliteRegistry(path, readonly=readonly)
            assert str(path) in raised.value.message


def test_an_empty_file_is_refused_read_only_and_initialised_for_writing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    with pytest.raises(RegistryError, match="is empty"):
        SqliteRegistry(empty)
    with SqliteRegistry(empty, readonly=False) as registry:
        assert registry.load(jsonl({"uscc": USCC_A})).loaded == 1
    conn = sqlite3.connect(empty)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()


def test_no_wal_side_files_are_left_behind(db: Path) -> None:
    with SqliteRegistry(db) as registry:
        found(registry.lookup(RegistryQuery(uscc=USCC_A)))
    assert sorted(path.name for path in db.parent.iterdir() if path.name.startswith(db.name)) == [
        db.name
    ]


# --------------------------------------------------------------------------- the example


def test_the_shipped_example_answers_like_a_fresh_load_of_its_jsonl(tmp_path: Path) -> None:
    """examples/registry.sqlite is built from examples/registry.jsonl with
    ``qualcheck registry load``; this keeps the two from drifting apart."""
    shipped = EXAMPLES / "registry.sqlite"
    fresh = tmp_path / "fresh.sqlite"
    with SqliteRegistry.create(fresh) as writer:
        report = writer.load(EXAMPLES / "registry.jsonl")
    assert report.ok, report.errors
    lines = [
        json.loads(line) for line in (EXAMPLES / "registry.jsonl").read_text("utf-8").splitlines()
    ]
    merchants = [
        json.loads(line) for line in (EXAMPLES / "merchants.jsonl").read_text("utf-8").splitlines()
    ]
    kinds = ("food_business", "food_filing", "food_production", "drug_business", "drug_info")
    kinds += ("device_business", "cnca", "cma")
    queries = [
        RegistryQuery(uscc=line["uscc"], license_kinds=kinds) for line in lines if "uscc" in line
    ]
    queries += [RegistryQuery(name=line["name"]) for line in lines if "name" in line]
    queries += [
        RegistryQuery(uscc=m.get("uscc"), name=m["name"], license_kinds=kinds) for m in merchants
    ]
    with SqliteRegistry(shipped, name="examples") as a, SqliteRegistry(fresh, name="examples") as b:
        assert a.license_kinds == b.license_kinds
        stats_a, stats_b = a.stats(), b.stats()
        for key in ("entities", "statuses", "licenses", "former_names", "sources"):
            assert stats_a[key] == stats_b[key], key
        for query in queries:
            left, right = a.lookup(query), b.lookup(query)
            assert (left.status, left.record, left.license_kinds) == (
                right.status,
                right.record,
                right.license_kinds,
            ), query
    assert not Path(f"{shipped}-wal").exists()
    assert not Path(f"{shipped}-shm").exists()


EXAMPLE_OUTCOMES = {
    # merchant id: (look-up status, what differs from the declaration)
    "ex-01-food-shop": ("found", None),
    "ex-08-individual-business": ("found", None),
    "ex-09-expired-licence": ("found", "licence ended 2026-02-28"),
    "ex-10-name-mismatch": ("found", "no food licence of its own"),
    "ex-11-uscc-mismatch": ("not_found", None),
    "ex-13-banned-category": ("found", "revoked"),
    "ex-15-wholesale-drugs-retail": ("found", "legal representative 许八"),
    "ex-16-pilot-uscc": ("found", "declared name is a former name"),
}


def test_the_example_registry_differs_from_the_examples_where_it_should() -> None:
    merchants = {
        record["merchant_id"]: record
        for record in map(
            json.loads, (EXAMPLES / "merchants.jsonl").read_text("utf-8").splitlines()
        )
    }
    with SqliteRegistry(EXAMPLES / "registry.sqlite") as registry:
        results = {}
        for merchant_id, (status, _) in EXAMPLE_OUTCOMES.items():
            merchant = merchants[merchant_id]
            kinds = tuple(doc["kind"] for doc in merchant["documents"])
            query = RegistryQuery(uscc=merchant["uscc"], name=merchant["name"], license_kinds=kinds)
            results[merchant_id] = result = registry.lookup(query)
            assert result.status.value == status, merchant_id
        for merchant_id in ("ex-07-natural-person", "ex-17-natural-person-over-threshold"):
            name = merchants[merchant_id]["name"]
            assert registry.lookup(RegistryQuery(name=name)).status is LookupStatus.NOT_FOUND
    shop = found(results["ex-01-food-shop"])
    assert [lic.number for lic in shop.licenses] == ["JY13301067319160"]
    assert found(results["ex-08-individual-business"]).registration_number is not None
    (expired,) = found(results["ex-09-expired-licence"]).licenses
    assert expired.validity is not None
    assert expired.validity.valid_to == datetime.date(2026, 2, 28)
    assert found(results["ex-10-name-mismatch"]).licenses == ()
    revoked = found(results["ex-13-banned-category"])
    assert (revoked.status, revoked.status_raw) == (RegistryStatus.REVOKED, "吊销，未注销")
    assert found(results["ex-15-wholesale-drugs-retail"]).legal_representative == "许八"
    renamed = found(results["ex-16-pilot-uscc"])
    assert renamed.name != merchants["ex-16-pilot-uscc"]["name"]
    assert merchants["ex-16-pilot-uscc"]["name"] in renamed.former_names


def test_load_report_defaults() -> None:
    report = LoadReport(source="x", format="csv")
    assert report.ok
    assert report.to_dict() == {
        "source": "x",
        "format": "csv",
        "loaded": 0,
        "updated": 0,
        "skipped": 0,
        "licenses": 0,
        "errors": [],
    }


@pytest.mark.parametrize("path", [":memory:", ""])
def test_an_in_memory_path_is_refused_not_made_a_file(
    path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for opening in (SqliteRegistry, SqliteRegistry.create):
        with pytest.raises(ConfigError, match="MemoryRegistry"):
            opening(path)
    assert list(tmp_path.iterdir()) == []
