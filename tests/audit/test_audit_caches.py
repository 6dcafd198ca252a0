"""Audit: no cache changes a decision.

Contract: a report depends on the record and the call's settings (``as_of``, the policy and
its category file, the verifier, the registry) only — never on what the process verified
before, in which order, in which thread, under which hash seed, or on the order of the
record's keys (the digest is canonical: docs/performance.md).  "Today" is today in China:
never a day that has ended, and a clock set back (a test freezing time) is obeyed.  Caches
stay bounded in memory however many distinct, however long values they are fed, and
nothing a caller mutates reaches a later report.
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any
from unittest.mock import ANY

import pytest
from audit_support import AS_OF, EXAMPLE_RECORDS, EXAMPLES, ROOT, food_shop, natural_person
from pydantic import TypeAdapter, ValidationError

from qualcheck import Merchant, Policy, Report, Verifier, verify
from qualcheck.checks import categories
from qualcheck.checks.consistency import normalize_name
from qualcheck.numbers import _dates
from qualcheck.registries import SqliteRegistry
from qualcheck.registries._status import RegistryStatus, normalize_status
from qualcheck.testing import PROFILES, make_merchant, make_ric
from qualcheck.types import NumberValidator

DAY = datetime.timedelta(days=1)
HERE = Path(__file__).resolve()


# --------------------------------------------------------------------------- the records


def records() -> list[dict[str, Any]]:
    """The examples, generated merchants of every profile, and records on the edges of
    ``AS_OF``: a resident ID born the day before, on, after it; a food licence ending then;
    a seller due for re-verification; a natural person near the turnover limit."""
    out = [copy.deepcopy(record) for record in EXAMPLE_RECORDS]
    rng = random.Random(20)
    for profile in PROFILES:
        out.append(make_merchant(profile, as_of=AS_OF, rng=rng))
        out.append(make_merchant(profile, as_of=AS_OF, rng=rng, last_verified_months_ago=6))
    out.append(make_merchant("food_shop", as_of=AS_OF, rng=rng, expiring=["food_business"]))
    for delta in (-1, 0, 1, 2, 31):
        born = make_ric(birth_date=AS_OF + delta * DAY, rng=random.Random(delta + 100))
        out.append(
            natural_person(
                f"np{delta}", "张三", born, "手工艺品", declared_annual_turnover_yuan=99_999
            )
        )
        out.append(shop_ending_on(AS_OF + delta * DAY, seed=delta))
    return out


def shop_ending_on(day: datetime.date, seed: int = 5) -> dict[str, Any]:
    """A food shop whose food licence's last day is ``day``."""
    shop = make_merchant("food_shop", as_of=AS_OF, rng=random.Random(seed))
    shop["documents"][1]["validity"] = f"2024年6月17日至{day.year}年{day.month}月{day.day}日"
    return shop


SETTINGS: dict[str, dict[str, Any]] = {
    "as_of": {"as_of": AS_OF},
    "day_before": {"as_of": AS_OF - DAY},
    "day_after": {"as_of": AS_OF + DAY},
    "two_days_after": {"as_of": AS_OF + 2 * DAY},
    "forty_days_after": {"as_of": AS_OF + 40 * DAY},
    "as_datetime": {"as_of": datetime.datetime(2026, 11, 29, 20, tzinfo=datetime.UTC)},
    "expiring_60": {"as_of": AS_OF, "policy": Policy(expiring_soon_days=60)},
    "reverify_3": {"as_of": AS_OF, "policy": Policy(reverify_after_months=3)},
    "turnover_1": {"as_of": AS_OF, "policy": Policy(turnover_limit_yuan=1)},
    "pass_expiry": {"as_of": AS_OF, "policy": Policy(decisions={"license.*": "pass"})},
    "today": {},
}


def normalized(report: Report) -> dict[str, Any]:
    """The report as JSON, without what differs from run to run by design: the audit id,
    the time it was made, the version, the time a registry answered."""
    data: dict[str, Any] = json.loads(report.to_json())
    for key in ("audit_id", "created_at", "qualcheck_version"):
        data.pop(key)
    if data.get("registry"):
        data["registry"].pop("fetched_at")
    for finding in data["findings"]:
        finding["ctx"].pop("fetched_at", None)
    return data


def reports(name: str, items: list[dict[str, Any]], *, shared: bool) -> list[dict[str, Any]]:
    """The normalised reports of ``items`` under the setting ``name``: through one new
    ``Verifier`` made with it, or through ``verify(..., **setting)``."""
    setting = SETTINGS[name]
    if shared:
        return [normalized(verify(record, **setting)) for record in items]
    verifier = Verifier(**setting)
    return [normalized(verifier.verify(record)) for record in items]


def script_env(**extra: str) -> dict[str, str]:
    """The environment of this file run as a script: the tree under test first."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QUALCHECK_")}
    paths = [str(ROOT), str(HERE.parent), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    env.update(extra)
    return env


def run_script(*args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HERE), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=script_env(**env),
    )


def finish(process: subprocess.Popen[str]) -> Any:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out)


# --------------------------------------------------------------------------- settings


@pytest.fixture(scope="module")
def fresh() -> dict[str, list[dict[str, Any]]]:
    """For every setting, the reports a fresh process gives (one process per setting, so
    that no cache was filled under another)."""
    processes = {name: run_script("fresh", name) for name in SETTINGS}
    return {name: finish(process) for name, process in processes.items()}


def test_the_settings_change_decisions(fresh: dict[str, list[dict[str, Any]]]) -> None:
    """The comparison below means something: the settings do change reports."""
    decisions = {name: [r["decision"] for r in fresh[name]] for name in SETTINGS}
    for name in ("day_before", "day_after", "forty_days_after", "turnover_1", "pass_expiry"):
        assert decisions[name] != decisions["as_of"], name
    codes = {name: [[f["code"] for f in r["findings"]] for r in fresh[name]] for name in SETTINGS}
    for name in ("expiring_60", "reverify_3", "two_days_after"):
        assert codes[name] != codes["as_of"], name
    assert fresh["as_datetime"] == fresh["day_after"]  # 20:00 UTC is the next day in China


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_process_in_any_order_gives_a_fresh_process_s_reports(
    fresh: dict[str, list[dict[str, Any]]], seed: int
) -> None:
    items = records()
    order = [*SETTINGS, *reversed(SETTINGS)]
    random.Random(seed).shuffle(order)
    if datetime.datetime.now(_dates.CHINA).time() >= datetime.time(23, 59, 30):
        order.remove("today")  # the fresh processes ran on another day
        order.remove("today")
    for name in order:
        for shared in (True, False):
            got = reports(name, items, shared=shared)
            for index, (mine, theirs) in enumerate(zip(got, fresh[name], strict=True)):
                assert mine == theirs, (name, shared, index)


def test_records_verified_one_by_one_under_alternating_days() -> None:
    """The same records, interleaved: each as of the day after, then as of the day, then
    the day before — each report as that day's alone."""
    items = records()
    alone = {day: [normalized(verify(r, as_of=day)) for r in items] for day in (AS_OF,)}
    verifier = Verifier()
    for index, record in enumerate(items):
        for day in (AS_OF + DAY, AS_OF, AS_OF - DAY, AS_OF):
            got = normalized(verifier.verify(record, as_of=day))
            if day == AS_OF:
                assert got == alone[AS_OF][index], index


def test_a_category_file_rewritten_in_place_is_read_again(tmp_path: Path) -> None:
    """A category file changed with its size and modification time put back (``cp -p``,
    ``rsync -t``, a configuration tool restoring times) is the new file, not the old one."""
    text = (ROOT / "qualcheck" / categories.BUNDLED_FILE).read_text("utf-8")
    path = tmp_path / "categories.json"
    path.write_text(text, encoding="utf-8")
    stamp = os.stat(path)
    policy = Policy(categories_file=path)
    shop = food_shop()
    before = verify(shop, as_of=AS_OF, policy=policy)
    assert before.decision.value == "pass", before.codes
    # the same bytes but one: food sellers' licences (business form 1) no longer count
    changed = text.replace('"business_form": ["1"]', '"business_form": ["3"]')
    assert changed != text
    assert len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    now = os.stat(path)
    assert (now.st_size, now.st_mtime_ns, now.st_ino) == (
        stamp.st_size,
        stamp.st_mtime_ns,
        stamp.st_ino,
    )
    after = verify(shop, as_of=AS_OF, policy=policy)
    assert after.decision.value == "fail", after.codes
    assert {"category.license_missing", "category.license_unsuitable"} & set(after.codes)


def test_category_files_remembered_are_bounded(tmp_path: Path) -> None:
    source = (ROOT / "qualcheck" / categories.BUNDLED_FILE).read_text("utf-8")
    for index in range(categories._FILES_KEPT + 20):
        path = tmp_path / f"c{index}.json"
        path.write_text(source, encoding="utf-8")
        categories.category_policy_for(path)
    assert len(categories._FILE_CACHE) <= categories._FILES_KEPT


# --------------------------------------------------------------------------- today


class Clock:
    """``time.time`` made to answer a chosen instant, as freezegun would."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


MIDNIGHT = datetime.datetime(2026, 11, 30, tzinfo=_dates.CHINA).timestamp()
"""Midnight in China at the end of AS_OF (2026-11-29)."""


@pytest.mark.parametrize("after", [0.0, 0.001, 0.3, 0.999])
def test_a_licence_ending_today_is_expired_the_moment_the_day_ends(
    clock: Clock, after: float
) -> None:
    """``as_of`` left out just before midnight in China, then just after: the report made
    after midnight is as of the new day (the licence has expired) — today is remembered
    for a second, but never past midnight."""
    shop = shop_ending_on(AS_OF)
    clock.now = MIDNIGHT - 0.2
    before = verify(shop)
    assert before.as_of == AS_OF
    assert "license.expired" not in before.codes
    clock.now = MIDNIGHT + after
    report = verify(shop)
    assert report.as_of == AS_OF + DAY
    assert "license.expired" in report.codes
    assert report.decision.value == "fail"
    assert _dates.today() == AS_OF + DAY
    assert _dates.today_compact() == "20261130"


def test_a_clock_set_back_is_obeyed(clock: Clock) -> None:
    """A test that freezes time to an earlier day (freezegun patches ``time.time``) gets
    reports as of that day, not the day the process first read."""
    shop = shop_ending_on(AS_OF)
    clock.now = MIDNIGHT + 10
    assert verify(shop).as_of == AS_OF + DAY
    clock.now = MIDNIGHT - 3 * 86_400
    report = verify(shop)
    assert report.as_of == AS_OF - 2 * DAY
    assert "license.expired" not in report.codes


def test_a_resident_born_tomorrow_is_refused_after_a_clock_set_back(clock: Clock) -> None:
    born = make_ric(birth_date=AS_OF + DAY, rng=random.Random(3))
    seller = natural_person("np", "张三", born, "手工艺品", declared_annual_turnover_yuan=1000)
    clock.now = MIDNIGHT + 10  # the day of birth: valid
    assert "ric.birth_date_future" not in verify(seller).codes
    Merchant.model_validate(seller)
    clock.now = MIDNIGHT - 10  # the day before: not born yet
    assert "ric.birth_date_future" in verify(seller).codes
    with pytest.raises(ValidationError):
        Merchant.model_validate(seller)


def test_a_number_s_remembered_answer_is_the_day_s_own(clock: Clock) -> None:
    """The number types remember valid answers; an approval numbered in a year that has
    not begun is refused, even though the same number was accepted on a day of that year
    (the clock set back across new year, as a test freezing time does)."""
    adapter: TypeAdapter[str] = TypeAdapter(Annotated[str, NumberValidator("cnca")])
    new_year = datetime.datetime(2027, 1, 1, tzinfo=_dates.CHINA).timestamp()
    clock.now = new_year + 5
    assert adapter.validate_python("CNCA-R-2027-001") == "CNCA-R-2027-001"
    clock.now = new_year - 5
    with pytest.raises(ValidationError, match="2027"):
        adapter.validate_python("CNCA-R-2027-001")
    context = {"as_of": datetime.date(2027, 6, 1)}
    assert adapter.validate_python("CNCA-R-2027-001", context=context) == "CNCA-R-2027-001"


def test_one_verification_judges_every_number_as_of_its_own_day(clock: Clock) -> None:
    """A verification begun on the last instant of a day, as of that day: the numbers too
    are judged as of it, however far the clock moves while the record is read."""
    born = make_ric(birth_date=AS_OF + DAY, rng=random.Random(4))
    seller = natural_person("np", "张三", born, "手工艺品", declared_annual_turnover_yuan=1000)
    clock.now = MIDNIGHT - 0.0001
    verifier = Verifier()
    run = verifier._begin(None, None)  # the day is fixed here …
    assert run.as_of == AS_OF
    clock.now = MIDNIGHT + 5  # … and the record read after midnight
    report = verifier.verify(seller, as_of=run.as_of)
    assert "ric.birth_date_future" in report.codes


# --------------------------------------------------------------------------- mutation


def test_what_a_caller_changes_in_a_report_reaches_no_later_report() -> None:
    first = verify(EXAMPLE_RECORDS[8], as_of=AS_OF)
    expected = normalized(verify(EXAMPLE_RECORDS[8], as_of=AS_OF))
    for finding in first.findings:
        finding.ctx.clear()
        finding.ctx["injected"] = True
    with pytest.raises(ValidationError):
        first.checks[0].status = "passed"  # type: ignore[misc]
    assert normalized(verify(EXAMPLE_RECORDS[8], as_of=AS_OF)) == expected


def test_what_a_caller_changes_in_a_merchant_reaches_no_later_report() -> None:
    record = food_shop()
    expected = normalized(verify(record, as_of=AS_OF))
    merchant = Merchant.model_validate(record)
    with pytest.raises(ValidationError, match="frozen"):
        merchant.documents[1].scope = ("散装食品销售",)
    assert merchant.documents[1].parts is merchant.documents[1].parts  # computed once
    object.__setattr__(merchant.documents[1].parts, "business_form", "9")
    assert normalized(verify(merchant, as_of=AS_OF)) == {**expected, "input_digest": ANY}
    assert normalized(verify(food_shop(), as_of=AS_OF)) == expected
    assert record == food_shop()  # the caller's record is never modified


def test_a_read_validity_range_handed_out_is_a_copy() -> None:
    from qualcheck import dates

    first = dates._split_range("2019.03.01-2024.02.28")
    first["valid_to"] = "长期"
    first["injected"] = 1
    assert dates._split_range("2019.03.01-2024.02.28") == {
        "valid_from": "2019.03.01",
        "valid_to": "2024.02.28",
    }
    shop = food_shop()
    shop["documents"][1]["validity"] = "2019.03.01-2024.02.28"
    shop["documents"][1].pop("valid_from", None)
    shop["documents"][1].pop("valid_to", None)
    assert "license.expired" in verify(shop, as_of=AS_OF).codes


def test_a_normalised_name_is_text_that_cannot_be_changed() -> None:
    name = normalize_name("示例【杭州】食品店（个体工商户）")
    assert type(name) is str
    assert name == "示例(杭州)食品店"


# --------------------------------------------------------------------------- keys


def test_a_registry_status_is_not_read_through_another_value_s_cache() -> None:
    """``True == 1 == 1.0`` to a dict: a status given as one must not be answered from the
    cache entry of another; a value with no hash is a status one cannot read."""
    assert normalize_status(1) is RegistryStatus.ACTIVE
    assert normalize_status(True) is RegistryStatus.UNKNOWN
    assert normalize_status(1.0) is RegistryStatus.UNKNOWN
    assert normalize_status(True) is RegistryStatus.UNKNOWN
    assert normalize_status(["存续"]) is RegistryStatus.UNKNOWN
    assert normalize_status({"status": "存续"}) is RegistryStatus.UNKNOWN


# --------------------------------------------------------------------------- bounded


def retained(work: Callable[[], None]) -> int:
    """Bytes still allocated after ``work`` and a collection (what caches kept)."""
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        work()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()


def long_records(count: int, size: int) -> Iterator[dict[str, Any]]:
    """Food shops whose scopes and names are long and all different (a hostile batch)."""
    for index in range(count):
        record = food_shop()
        pad = f"{index:08d}" + "食" * size
        record["documents"][1]["scope"] = "预包装食品销售；" + pad
        record["documents"][0]["scope"] = "食品销售；" + pad
        record["name"] += pad[: size // 8]
        record["documents"][1]["holder_name"] = record["name"]
        yield record


def test_long_distinct_scopes_and_names_are_not_kept() -> None:
    """Before: ~210 kB kept per record of 10,000-character scopes, up to the caches' 4096
    entries each (gigabytes with longer scopes)."""
    verifier = Verifier(as_of=AS_OF)
    verifier.verify(food_shop())

    def work() -> None:
        for record in long_records(120, 5000):
            verifier.verify(record)

    kept = retained(work)
    assert kept < 4 * 1024 * 1024, kept


def test_a_hundred_thousand_distinct_names_stay_bounded() -> None:
    def work() -> None:
        for index in range(100_000):
            normalize_name(f"示例{index}号商贸有限公司")

    kept = retained(work)
    info = normalize_name.cache_info()  # type: ignore[attr-defined]
    assert info.currsize <= info.maxsize
    assert kept < 8 * 1024 * 1024, kept


def test_distinct_numbers_keep_the_number_caches_bounded() -> None:
    from qualcheck import types as qualcheck_types
    from qualcheck.testing import make_uscc

    adapter: TypeAdapter[str] = TypeAdapter(Annotated[str, NumberValidator("uscc")])
    rng = random.Random(9)
    numbers = [make_uscc(rng=rng) for _ in range(20_000)]
    for number in numbers:
        adapter.validate_python(number, context={"as_of": AS_OF})
    for cache in qualcheck_types._REMEMBERED.values():
        info = cache.cache_info()  # type: ignore[attr-defined]
        assert info.currsize <= info.maxsize


# --------------------------------------------------------------------------- determinism


def test_reports_are_the_same_under_any_hash_seed_and_key_order() -> None:
    """Byte for byte (but audit id, time and version), finding order and digest included,
    in processes with different ``PYTHONHASHSEED``, the records' keys in another order."""
    processes = [
        run_script("seeded", "0", PYTHONHASHSEED="0"),
        run_script("seeded", "0", PYTHONHASHSEED="4242"),
        run_script("seeded", "7", PYTHONHASHSEED="1"),
        run_script("seeded", "8", PYTHONHASHSEED="random"),
    ]
    results = [finish(process) for process in processes]
    assert all(result == results[0] for result in results[1:])
    digests = [json.loads(report)["input_digest"] for report in results[0]]
    assert len(set(digests)) == len(digests)  # the records differ, so do their digests


def shuffled(value: Any, rng: random.Random) -> Any:
    """``value`` with every object's keys in a random order."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: shuffled(item, rng) for key, item in items}
    if isinstance(value, list):
        return [shuffled(item, rng) for item in value]
    return value


def seeded(seed: int) -> list[str]:
    """The reports of :func:`records` as JSON text, their keys shuffled by ``seed`` (0:
    as written)."""
    rng = random.Random(seed)
    items = [shuffled(record, rng) if seed else record for record in records()]
    return [
        json.dumps(normalized(verify(record, as_of=AS_OF)), ensure_ascii=False) for record in items
    ]


# --------------------------------------------------------------------------- threads


@pytest.fixture
def snapshot(tmp_path: Path) -> Iterator[SqliteRegistry]:
    path = tmp_path / "registry.sqlite"
    shutil.copy(EXAMPLES / "registry.sqlite", path)
    with SqliteRegistry(path) as registry:
        yield registry


CALL_SETTINGS = [name for name in SETTINGS if name != "today"]


def jobs(count: int) -> list[tuple[int, str]]:
    work = [(index, name) for name in CALL_SETTINGS for index in range(count)] * 2
    random.Random(11).shuffle(work)
    return work


@pytest.mark.parametrize("with_registry", [False, True])
def test_one_verifier_shared_by_eight_threads_gives_the_serial_reports(
    snapshot: SqliteRegistry, with_registry: bool
) -> None:
    items = records()
    verifier = Verifier(registry=snapshot if with_registry else None)

    def one(job: tuple[int, str]) -> dict[str, Any]:
        index, name = job
        return normalized(verifier.verify(items[index], **SETTINGS[name]))

    work = jobs(len(items))
    serial = {job: one(job) for job in set(work)}
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(one, work))
    assert [serial[job] for job in work] == parallel
    if with_registry:
        assert any(r["registry"] and r["registry"]["status"] == "found" for r in parallel)


def test_averify_gathered_gives_the_serial_reports(snapshot: SqliteRegistry) -> None:
    items = records()
    verifier = Verifier(registry=snapshot)
    work = jobs(len(items))
    serial = {job: normalized(verifier.verify(items[job[0]], **SETTINGS[job[1]])) for job in work}

    async def gathered() -> list[Report]:
        calls = (verifier.averify(items[index], **SETTINGS[name]) for index, name in work)
        return await asyncio.gather(*calls)

    assert [normalized(report) for report in asyncio.run(gathered())] == [
        serial[job] for job in work
    ]


def main(args: list[str]) -> None:
    """Run as a script: ``fresh SETTING`` or ``seeded SEED`` prints JSON reports."""
    if args[0] == "fresh":
        print(json.dumps(reports(args[1], records(), shared=False), ensure_ascii=False))
    else:
        print(json.dumps(seeded(int(args[1])), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
