"""``qualcheck registry load|stats``: output, bad rows, exit status, the --db default."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from qualcheck.cli import main
from qualcheck.registries import LookupStatus, RegistryQuery, SqliteRegistry
from qualcheck.testing import make_food_business, make_uscc

RNG = random.Random(77)
USCC_A = make_uscc(region="330106", rng=RNG)
USCC_B = make_uscc(region="330106", rng=RNG)
JY = make_food_business(form=1, region="330106", rng=RNG)

GOOD_CSV = (
    "\ufeff企业名称,统一社会信用代码,法定代表人,登记状态,成立日期\n"
    f"杭州示例食品有限公司,{USCC_A},张三,存续,2019年4月2日\n"
)
BAD_CSV = (
    "企业名称,统一社会信用代码,法定代表人,登记状态,成立日期\n"
    f"好公司,{USCC_B},李四,在业,20190402\n"
    f"坏日期公司,{make_uscc(rng=RNG)},王五,在业,2019年2月30日\n"
    "无代码公司,,赵六,在业,2019-04-02\n"
)
LICENCES_JSONL = (
    json.dumps(
        {"record_type": "license", "number": JY, "holder_uscc": USCC_A, "valid_to": "2028-06-11"}
    )
    + "\n"
)


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    sys.stdin = io.StringIO(stdin)
    try:
        status = main(list(argv))
    finally:
        sys.stdin = sys.__stdin__
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_load_and_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "r.sqlite")
    entities = write(tmp_path / "企业.csv", GOOD_CSV)
    licences = write(tmp_path / "licences.jsonl", LICENCES_JSONL)
    status, out, err = run(capsys, "registry", "load", entities, licences, "--db", db)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"{entities} (csv): 1 new, 0 updated, 0 rejected; 0 licences written",
        f"{licences} (jsonl): 1 new, 0 updated, 0 rejected; 1 licences written",
        f"{db}: 1 entities, 1 licences",
    ]
    status, out, _ = run(capsys, "registry", "stats", "--db", db)
    assert status == 0
    assert "entities        1" in out
    assert "active 1" in out
    assert "food_business 1" in out
    status, out, _ = run(capsys, "registry", "stats", "--db", db, "--json")
    stats = json.loads(out)
    assert (stats["entities"], stats["licenses"], stats["loads"]) == (1, {"food_business": 1}, 2)
    assert stats["sources"] == {entities: 1}
    with SqliteRegistry(db) as registry:
        result = registry.lookup(RegistryQuery(uscc=USCC_A, license_kinds=("food_business",)))
    assert result.status is LookupStatus.FOUND


def test_bad_rows_are_printed_as_file_line_field_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "r.sqlite")
    bad = write(tmp_path / "bad.csv", BAD_CSV)
    status, out, _ = run(capsys, "registry", "load", bad, "--db", db)
    assert status == 3
    lines = out.splitlines()
    assert lines[0] == f"{bad} (csv): 1 new, 0 updated, 2 rejected; 0 licences written"
    assert lines[1].startswith(f"{bad}:3: 成立日期: cannot read a date from '2019年2月30日'")
    assert lines[2].startswith(f"{bad}:4: 统一社会信用代码: an entity needs a USCC")
    assert lines[3] == f"{db}: 1 entities, 0 licences"
    status, out, _ = run(capsys, "registry", "load", bad, "--db", db, "--json")
    assert status == 3
    (report,) = map(json.loads, out.splitlines())
    assert (report["file"], report["db"], report["updated"], report["skipped"]) == (bad, db, 1, 2)
    assert [(e["line"], e["field"]) for e in report["errors"]] == [
        (3, "成立日期"),
        (4, "统一社会信用代码"),
    ]
    junk = write(tmp_path / "junk.jsonl", "{oops\n")
    status, out, _ = run(capsys, "registry", "load", junk, "--db", db)
    assert status == 3
    assert out.splitlines()[1].startswith(f"{junk}:1: not valid JSON")


def test_standard_input_and_a_forced_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "r.sqlite")
    status, out, _ = run(capsys, "registry", "load", "-", "--db", db, stdin=GOOD_CSV)
    assert status == 0
    assert out.startswith("- (csv): 1 new")
    odd = write(tmp_path / "export.txt", LICENCES_JSONL)
    status, out, _ = run(capsys, "registry", "load", odd, "--db", db, "--format", "jsonl")
    assert status == 0
    assert f"{odd} (jsonl): 1 new" in out


def test_the_db_defaults_to_the_environment_then_the_current_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    entities = write(tmp_path / "e.csv", GOOD_CSV)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUALCHECK_REGISTRY", raising=False)
    assert run(capsys, "registry", "load", entities)[0] == 0
    assert (tmp_path / "qualcheck-registry.sqlite").is_file()
    elsewhere = tmp_path / "env.sqlite"
    monkeypatch.setenv("QUALCHECK_REGISTRY", str(elsewhere))
    assert run(capsys, "registry", "load", entities)[0] == 0
    status, out, _ = run(capsys, "registry", "stats", "--json")
    assert status == 0
    assert json.loads(out)["path"] == str(elsewhere)


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "r.sqlite")
    status, _, err = run(capsys, "registry", "load", str(tmp_path / "missing.csv"), "--db", db)
    assert status == 2
    assert "missing.csv" in err
    assert not Path(db).exists()  # nothing is created for a command that cannot run
    status, _, err = run(capsys, "registry", "stats", "--db", db)
    assert status == 2
    assert "no registry at" in err
    other = tmp_path / "other.sqlite"
    other.write_text("not a database " * 100, encoding="utf-8")
    entities = write(tmp_path / "e.csv", GOOD_CSV)
    for argv in (("load", entities), ("stats",)):
        status, _, err = run(capsys, "registry", *argv, "--db", str(other))
        assert status == 2
        assert "not a qualcheck registry" in err
    status, _, err = run(capsys, "registry", "load", "-", "-", "--db", db)
    assert status == 2
    for argv in (
        ["registry"],
        ["registry", "load"],
        ["registry", "load", entities, "--format", "xml"],
        ["registry", "drop"],
    ):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
    capsys.readouterr()


def test_subprocess(tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite")
    bad = write(tmp_path / "bad.csv", BAD_CSV)
    loaded = subprocess.run(
        [sys.executable, "-m", "qualcheck", "registry", "load", bad, "--db", db],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert loaded.returncode == 3, loaded.stderr
    assert f"{bad}:3: 成立日期:" in loaded.stdout
    stats = subprocess.run(
        [sys.executable, "-m", "qualcheck", "registry", "stats", "--db", db, "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert json.loads(stats.stdout)["entities"] == 1


def test_a_misspelt_provider_name_gets_a_hint() -> None:
    from qualcheck.exceptions import ConfigError
    from qualcheck.registries._spec import open_registry

    with pytest.raises(ConfigError, match=r"did you mean 'tianyancha'\?.*package\.module:Name"):
        open_registry("tianyanca")


@pytest.mark.parametrize("cache", ["Memory", " memory ", "MEMORY"])
def test_a_cache_spelt_like_memory_is_refused_not_made_a_directory(cache: str) -> None:
    from qualcheck.exceptions import ConfigError
    from qualcheck.registries import DriverOptions

    with pytest.raises(ConfigError, match="cache"):
        DriverOptions(cache=cache)
