"""The look-up cache: what is kept, for how long, and how it is stored."""

from __future__ import annotations

import datetime
import sqlite3
import time
import types
from pathlib import Path

import pytest

from qualcheck.registries import LicenseRecord, LookupResult, LookupStatus, RegistryRecord, _cache
from qualcheck.registries._cache import DiskCache, MemoryCache, dump_result, load_result, open_cache

RECORD = RegistryRecord(
    name="示例食品有限公司",
    uscc="91350100M000100Y43",
    legal_representative="张三",
    status="存续（在营、开业、在册）",
    established_on="2015-03-02",
    term_from="2015-03-02",
    term_to="长期",
    former_names="旧名有限公司；更旧名公司",
    licenses=[{"number": "JY13501000000001", "kind": "food_business", "valid_to": "2027-01-01"}],
    source="example",
    fetched_at=datetime.datetime(2026, 11, 29, 8, 0, tzinfo=datetime.timezone.utc),
    request_id="req-1",
)
FOUND = LookupResult.found(RECORD, license_kinds=("food_business",))
MISSING = LookupResult.not_found("example", request_id="req-2", provider_code="201")
FAILED = LookupResult.failed("example", "timeout", "no answer")


def test_a_result_survives_json() -> None:
    again = load_result(dump_result(FOUND))
    assert again.record == RECORD
    assert isinstance(again.record.licenses[0], LicenseRecord)
    assert (again.status, again.license_kinds, again.request_id) == (
        LookupStatus.FOUND,
        frozenset({"food_business"}),
        "req-1",
    )
    assert again.fetched_at == RECORD.fetched_at
    assert again.cached
    missing = load_result(dump_result(MISSING))
    assert (missing.status, missing.record, missing.provider_code) == (
        LookupStatus.NOT_FOUND,
        None,
        "201",
    )


def test_memory_cache_keeps_answers_for_their_time(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]  # the test's own clock: a pause of a busy machine does not age answers
    monkeypatch.setattr(_cache, "time", types.SimpleNamespace(monotonic=lambda: now[0]))
    cache = MemoryCache(ttl=60, not_found_ttl=0.05)
    cache.set("found", FOUND)
    cache.set("missing", MISSING)
    cache.set("failed", FAILED)
    assert cache.get("failed") is None
    assert cache.get("found") is not None
    now[0] += 0.04
    assert cache.get("missing") is not None
    now[0] += 0.02  # past the not-found time to live only
    assert cache.get("missing") is None
    hit = cache.get("found")
    assert hit is not None
    assert hit.cached
    assert hit.record == RECORD
    cache.close()
    assert cache.get("found") is None


def test_memory_cache_is_bounded() -> None:
    cache = MemoryCache(ttl=60, not_found_ttl=60, maxsize=2)
    for key in ("a", "b", "c"):
        cache.set(key, MISSING)
    assert sum(cache.get(key) is not None for key in ("a", "b", "c")) == 2


def test_disk_cache_is_sqlite_with_json_text(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, ttl=60, not_found_ttl=0.05)
    cache.set("found", FOUND)
    cache.set("missing", MISSING)
    cache.set("failed", FAILED)
    cache.close()
    with sqlite3.connect(tmp_path / "cache.db") as db:
        stored = dict(db.execute("SELECT key, value FROM Cache").fetchall())
    db.close()
    assert set(stored) == {"found", "missing"}
    assert '"uscc":"91350100M000100Y43"' in stored["found"]  # text, not a pickle

    again = DiskCache(tmp_path, ttl=60, not_found_ttl=0.05)
    try:
        time.sleep(0.1)
        assert again.get("missing") is None
        hit = again.get("found")
        assert hit is not None
        assert hit.cached
        assert hit.record == RECORD
    finally:
        again.close()


def test_disk_cache_drops_an_unreadable_entry(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, ttl=60, not_found_ttl=60)
    try:
        cache._cache.set("odd", '{"status": "nonsense"}')
        assert cache.get("odd") is None
        assert cache._cache.get("odd") is None
    finally:
        cache.close()


@pytest.mark.parametrize(("spec", "kind"), [(None, type(None)), ("memory", MemoryCache)])
def test_open_cache(spec: str | None, kind: type) -> None:
    cache = open_cache(spec, ttl=1, not_found_ttl=1)
    assert isinstance(cache, kind)
    if cache is not None:
        cache.close()


def test_open_cache_with_a_path(tmp_path: Path) -> None:
    cache = open_cache(tmp_path / "c", ttl=1, not_found_ttl=1)
    assert isinstance(cache, DiskCache)
    cache.close()
