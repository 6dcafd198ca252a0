"""Audit, round 2: ``qualcheck batch`` / ``qualcheck due`` end to end.

Contract (docs/batch.md, the charter): a batch never loses or duplicates a record, an
interrupted run resumes with the same command and refuses to mix two runs; nothing that
failed ends in PASS; bad input gives an error naming the line or column, never a
traceback; resident IDs and phones are masked in every output; every JSON line parses;
exit status 0 all pass, 1 any fail, 3 any review, 2 usage.  ``due`` lists a seller last
verified more than six months before the date (网络交易监督管理办法 art. 24), or whose
last verification cannot be read.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from audit_support import (
    AS_OF,
    AS_OF_TEXT,
    PHONE,
    RIC,
    cli_env,
    deep_json,
    food_shop,
    no_traceback,
    qualcheck_command,
    run_cli,
    write_jsonl,
)

from qualcheck import iter_verify
from qualcheck.batch import due_items
from qualcheck.batch._checkpoint import checkpoint_path
from qualcheck.batch._runner import BatchOptions, run_batch
from qualcheck.cli import main
from qualcheck.registries import LookupResult, RegistryAbort, RegistryQuery

USCC, NAME = "91350100M000100Y43", "福州示例餐饮有限公司"
CSV_HEADER = "merchant_id,subject_type,name,uscc,business_license.number,business_license.validity"


def csv_row(merchant_id: str, name: str = NAME) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return f"{merchant_id},企业,{quoted},{USCC},{USCC},2019-05-20至长期"


def results(out: Path) -> list[dict[str, Any]]:
    """The results of a JSON Lines or CSV output; every line must parse."""
    data = out.read_bytes()
    assert data.endswith(b"\n") or not data, "a truncated last line"
    text = data.decode("utf-8")
    if out.suffix == ".csv":
        return list(csv.DictReader(io.StringIO(text)))
    assert len(text.splitlines()) == text.count("\n")  # one result, one line, any reader
    return [json.loads(line) for line in text.split("\n")[:-1]]


def lines_of(out: Path) -> list[int]:
    return [int(result["line"]) for result in results(out)]


class _Stop:
    """A registry that answers "not found", and stops the run (quota) at a name holding
    ``at`` — a genuine interruption with a checkpoint, in-process."""

    name = "stop"
    license_kinds: frozenset[str] = frozenset()

    def __init__(self, at: str | None) -> None:
        self.at = at

    def _answer(self, query: RegistryQuery) -> LookupResult:
        if self.at is not None and self.at in (query.name or ""):
            raise RegistryAbort("stop: quota exhausted", source="stop", reason="quota")
        return LookupResult.not_found("stop")

    def lookup(self, query: RegistryQuery) -> LookupResult:
        return self._answer(query)

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        return self._answer(query)


def sellers(path: Path, count: int, *, stop_at: int | None = None) -> Path:
    records = []
    for index in range(count):
        record = food_shop()
        record["merchant_id"] = f"m-{index + 1}"
        if stop_at is not None and index + 1 == stop_at:
            record["name"] += "STOP"
        records.append(record)
    return write_jsonl(path, records)


def batch(source: Path, out: Path, *, stop: str | None = None, **options: Any) -> tuple[int, str]:
    """``run_batch`` in-process with the stopping registry; (exit status, stderr)."""
    err = io.StringIO()
    settings: dict[str, Any] = {"as_of": AS_OF, "quiet": True, "commit_every": 3}
    settings.update(options)
    status = run_batch(
        BatchOptions(inputs=(str(source),), out=str(out), concurrency=1, **settings),
        registry=_Stop(stop),
        stderr=err,
    )
    return status, err.getvalue()


@pytest.fixture
def interrupted(tmp_path: Path) -> tuple[Path, Path]:
    """An input of 40 sellers and the output of a run stopped by the registry at the
    26th, with its checkpoint (25 records)."""
    source = sellers(tmp_path / "in.jsonl", 40, stop_at=26)
    out = tmp_path / "out.jsonl"
    status, err = batch(source, out, stop="STOP")
    assert status == 4, err
    saved = json.loads(checkpoint_path(out).read_text(encoding="utf-8"))
    assert saved["records"] == 25 == len(lines_of(out))
    return source, out  # rerun without ``stop``: the cause fixed


# ---------------------------------------------------------------- resume


def test_sigkill_at_random_moments_on_csv_with_quoted_newlines(tmp_path: Path) -> None:
    count = 2500
    rows = [
        csv_row(f"c-{index}", f"{NAME}\n第{index}分店" if index % 7 == 0 else NAME)
        for index in range(count)
    ]
    source = tmp_path / "in.csv"
    source.write_text(CSV_HEADER + "\r\n" + "\r\n".join(rows) + "\r\n", encoding="utf-8-sig")
    out = tmp_path / "out.csv"
    argv = [*qualcheck_command(), "batch", str(source), "--out", str(out)]
    argv += ["--as-of", AS_OF_TEXT, "--quiet", "--commit-every", "41"]
    rng = random.Random(7)
    killed = 0
    for _ in range(6):
        process = subprocess.Popen(argv, env=cli_env(), stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            if out.exists() and out.stat().st_size > 2000:
                break
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.3))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        _, err = process.communicate(timeout=60)
        assert b"Traceback" not in err, err.decode()
        if process.returncode != -signal.SIGKILL:
            break
        killed += 1
    assert killed >= 2
    done = run_cli(*argv[1:])
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    got = results(out)
    ids = Counter(result["merchant_id"] for result in got)
    assert set(ids) == {f"c-{index}" for index in range(count)}
    assert set(ids.values()) == {1}  # every record exactly once
    assert [row["merchant_id"] for row in got] == [f"c-{index}" for index in range(count)]
    assert all(row["decision"] == "pass" for row in got)
    assert not checkpoint_path(out).exists()


def test_a_partly_written_last_line_is_cut_on_resume(interrupted: tuple[Path, Path]) -> None:
    source, out = interrupted
    with out.open("ab") as stream:
        stream.write(b'{"file":"in.jsonl","line":26,"merchant_id":"m-2')  # killed mid-write
    status, err = batch(source, out)
    assert status == 1, err  # every seller "not found" in the registry
    assert lines_of(out) == list(range(1, 41))


TAMPERED = {
    "truncated": lambda text: text[: len(text) // 2],
    "empty": lambda text: "",
    "not an object": lambda text: "[]",
    "binary": lambda text: "\x00\xff\xfe",
    "records edited": lambda text: text.replace('"records": 25', '"records": 12'),
    "position edited": lambda text: text.replace('"file_index": 0', '"file_index": 3'),
    "older version": lambda text: text.replace(
        '"qualcheck_checkpoint": 2', '"qualcheck_checkpoint": 1'
    ),
}


@pytest.mark.parametrize("how", list(TAMPERED))
def test_a_damaged_or_edited_checkpoint_is_refused(
    interrupted: tuple[Path, Path], how: str
) -> None:
    source, out = interrupted
    checkpoint = checkpoint_path(out)
    text = checkpoint.read_text(encoding="utf-8")
    changed = TAMPERED[how](text)
    assert changed != text
    checkpoint.write_bytes(changed.encode("utf-8", "surrogateescape"))
    before = out.read_bytes()
    status, err = batch(source, out)
    assert status == 2
    assert "Traceback" not in err
    assert str(checkpoint) in err
    assert "--restart" in err
    assert out.read_bytes() == before  # nothing mixed in
    status, err = batch(source, out, restart=True)
    assert status == 1, err
    assert lines_of(out) == list(range(1, 41))


def test_a_checkpoint_copied_from_another_output_is_refused(
    interrupted: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = interrupted
    other = tmp_path / "other.jsonl"
    status, _ = batch(source, other, commit_every=1000)  # the same input, another run
    assert status == 1
    other.write_bytes(other.read_bytes()[: out.stat().st_size])
    checkpoint_path(other).write_bytes(checkpoint_path(out).read_bytes())
    status, err = batch(source, other)
    assert status == 2
    assert "not the output its checkpoint describes" in err


def test_an_output_deleted_with_its_checkpoint_kept(interrupted: tuple[Path, Path]) -> None:
    source, out = interrupted
    out.unlink()
    status, err = batch(source, out)
    assert status == 2
    assert "is gone" in err
    assert "--restart" in err
    assert not out.exists()  # no empty output left behind
    assert batch(source, out, restart=True)[0] == 1
    assert lines_of(out) == list(range(1, 41))


def test_an_output_replaced_since_is_refused(interrupted: tuple[Path, Path]) -> None:
    source, out = interrupted
    data = out.read_bytes()
    out.write_bytes(data.replace(b'"m-25"', b'"m-99"') + b"x" * 100)  # longer, edited
    status, err = batch(source, out)
    assert status == 2
    assert "replaced or edited" in err


@pytest.mark.parametrize("change", ["appended", "edited", "replaced"])
def test_a_changed_input_is_never_mixed(interrupted: tuple[Path, Path], change: str) -> None:
    source, out = interrupted
    text = source.read_text(encoding="utf-8")
    if change == "appended":
        source.write_text(text + json.dumps(food_shop(), ensure_ascii=False) + "\n", "utf-8")
    elif change == "edited":  # the same size, only content within the first 64 KiB
        source.write_text(text.replace('"m-3"', '"m-X"', 1), encoding="utf-8")
    else:
        replacement = source.with_name("new.jsonl")
        sellers(replacement, 40)
        replacement.replace(source)
    status, err = batch(source, out)
    assert status == 2
    assert "changed since" in err
    assert "--restart" in err
    status, _ = batch(source, out, restart=True)
    assert status == 1
    assert len(lines_of(out)) == 41 if change == "appended" else 40


def test_other_options_against_an_old_checkpoint(
    interrupted: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = interrupted
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"expiring_soon_days": 60}), encoding="utf-8")
    for options, named in (
        ({"as_of": AS_OF + datetime.timedelta(days=1)}, "as_of"),
        ({"policy": str(policy)}, "policy_sha256"),
        ({"output_format": "csv"}, "output_format"),
    ):
        status, err = batch(source, out, **options)
        assert status == 2, options
        assert f"written with {named}" in err
    status, err = batch(source, out, as_of=None)  # the first run's date is kept
    assert status == 1, err
    assert {result["as_of"] for result in results(out)} == {AS_OF_TEXT}


def test_a_second_run_on_the_same_output_is_refused_while_one_runs(tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    source = sellers(tmp_path / "in.jsonl", 5)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"")
    with out.open("rb") as held:  # what a running batch holds
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        status, err = batch(source, out)
    assert status == 2
    assert "another qualcheck batch is writing" in err
    assert batch(source, out)[0] == 1  # once it ended
    assert lines_of(out) == [1, 2, 3, 4, 5]


# ---------------------------------------------------------------- JSON Lines inputs


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    """The command line's entry function in-process (quicker than a subprocess, for the
    tests that need no real standard output), as a finished process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return subprocess.CompletedProcess(list(argv), status, out.getvalue(), err.getvalue())


def run_batch_cli(tmp_path: Path, name: str, data: bytes, *extra: str) -> Any:
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / (name + ".out.jsonl")
    done = cli("batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT, *extra)
    return done, out


def test_hostile_json_lines_each_give_one_result(tmp_path: Path) -> None:
    good = json.dumps(food_shop(), ensure_ascii=False).encode("utf-8")
    big = food_shop()
    big["address"] += "号" * 3_500_000  # a line of about 10 MB
    lines = [
        b"\xef\xbb\xbf" + good,  # a byte-order mark
        b"",
        b"   ",
        good + b"\r",  # CRLF
        b"not json",
        b"[1, 2]",
        b"42",
        b'"a string"',
        b"\x00\x00",
        b'{"merchant_id": "m\\ud800x", "name": "\\udc00"}',  # lone surrogates
        json.dumps(big, ensure_ascii=False).encode("utf-8"),
        deep_json(50_000).encode(),
        good[:300],  # the last line cut short, without its line feed
    ]
    done, out = run_batch_cli(tmp_path, "hostile.jsonl", b"\n".join(lines), "--quiet")
    assert done.returncode == 3, done.stderr
    got = results(out)
    assert [result["line"] for result in got] == [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    decisions = [result["decision"] for result in got]
    assert decisions[0] == decisions[1] == "pass"
    # the rest review, the 10 MB address too: longer than the models read, it is refused
    assert set(decisions[2:]) == {"review"}
    assert any(finding["path"] == "$.address" for finding in got[8]["findings"])
    assert got[7]["merchant_id"] == "m\ud800x"  # the id, escaped: it joins back


def test_line_separators_in_values_never_split_a_result(tmp_path: Path) -> None:
    record = food_shop()
    record["merchant_id"] = "a\u2028b\u2029c\x85d"
    record["name"] += "\u2028"
    _, out = run_batch_cli(
        tmp_path, "seps.jsonl", json.dumps(record, ensure_ascii=False).encode() + b"\n"
    )
    assert len(results(out)) == 1
    assert results(out)[0]["merchant_id"] == "a\u2028b\u2029c\x85d"


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("file names of any bytes: Linux")
    name = os.fsdecode(str(tmp_path).encode() + b"/\xc9\xcc\xbb\xa7.jsonl")  # GBK 商户
    source = Path(name)
    sellers(source, 3, stop_at=2)
    out = tmp_path / "out.jsonl"
    status, err = batch(source, out, stop="STOP")
    assert status == 4, err  # the checkpoint of such a name is saved …
    assert batch(source, out)[0] == 1  # … and read back
    got = results(out)
    assert [result["line"] for result in got] == [1, 2, 3]
    assert got[0]["file"] == name


def test_the_same_merchant_twice_is_reported_twice(tmp_path: Path) -> None:
    records = [food_shop(), food_shop()]
    records[1]["documents"][0]["valid_to"] = "2020-01-01"
    done, out = run_batch_cli(
        tmp_path, "twice.jsonl", write_jsonl(tmp_path / "t", records).read_bytes()
    )
    got = results(out)
    assert [(r["line"], r["merchant_id"]) for r in got] == [(1, "ex-01-food-shop")] * 1 + [
        (2, "ex-01-food-shop")
    ]
    assert got[1]["decision"] == "fail"
    assert done.returncode == 1


# ---------------------------------------------------------------- CSV inputs


def test_csv_bom_crlf_and_quoted_newlines_keep_line_numbers(tmp_path: Path) -> None:
    text = "\r\n".join([CSV_HEADER, csv_row("c-1", f"{NAME}\n分店"), csv_row("c-2"), ""])
    done, out = run_batch_cli(tmp_path, "in.csv", text.encode("utf-8-sig"), "--quiet")
    assert done.returncode == 0, done.stderr
    assert [(r["line"], r["merchant_id"]) for r in results(out)] == [(2, "c-1"), (4, "c-2")]


def test_csv_quote_never_closed_is_reported_with_its_lines(tmp_path: Path) -> None:
    rows = [CSV_HEADER, csv_row("c-1"), 'c-2,企业,"' + NAME, csv_row("c-3"), csv_row("c-4")]
    done, out = run_batch_cli(tmp_path, "open.csv", ("\n".join(rows) + "\n").encode())
    got = results(out)
    # the quote opened on line 3 closes on line 4, where the row breaks: both are named,
    # and reading starts afresh on line 5
    assert [(r["line"], r["decision"]) for r in got] == [(2, "pass"), (3, "review"), (5, "pass")]
    [finding] = got[1]["findings"]  # never a pass built of swallowed rows
    assert finding["column"] == "row"
    assert "lines 3-4 read as one row" in finding["message"]
    assert done.returncode == 3
    rows = [CSV_HEADER, csv_row("c-1"), 'c-2,企业,"' + NAME, "c-3", "c-4"]  # open to the end
    _, out = run_batch_cli(tmp_path, "end.csv", ("\n".join(rows) + "\n").encode())
    got = results(out)
    assert [(r["line"], r["decision"]) for r in got] == [(2, "pass"), (3, "review")]
    assert "unexpected end of data (lines 3-5 read as one row)" in json.dumps(got[1])


def test_csv_text_after_a_closing_quote_is_reported(tmp_path: Path) -> None:
    rows = [CSV_HEADER, 'c-1,企业,"福州示例"餐饮有限公司,x,y,z', csv_row("c-2")]
    _, out = run_batch_cli(tmp_path, "after.csv", ("\n".join(rows) + "\n").encode())
    got = results(out)
    assert [(r["line"], r["decision"]) for r in got] == [(2, "review"), (3, "pass")]
    assert got[0]["findings"][0]["column"] == "row"


def test_csv_missing_and_extra_columns(tmp_path: Path) -> None:
    text = "merchant_id,subject_type,name\nc-1,企业,福州示例餐饮有限公司\n"
    _, out = run_batch_cli(tmp_path, "missing.csv", text.encode())
    assert results(out)[0]["decision"] == "fail"  # no USCC, no licence: never a pass
    text = CSV_HEADER + "\n" + csv_row("c-1") + ",extra\n"
    _, out = run_batch_cli(tmp_path, "extra.csv", text.encode())
    [result] = results(out)
    assert result["decision"] == "review"
    assert result["findings"][0]["column"] == "row"


@pytest.mark.parametrize(
    ("second", "cell", "problem"),
    [
        ("uscc", "91110000600037341L", True),
        ("uscc", USCC, False),
        ("统一社会信用代码", "91440300MA5EXAMPLE", True),
    ],
)
def test_csv_duplicate_columns(tmp_path: Path, second: str, cell: str, problem: bool) -> None:
    header = CSV_HEADER + "," + second
    done, out = run_batch_cli(tmp_path, "dup.csv", f"{header}\n{csv_row('c-1')},{cell}\n".encode())
    [result] = results(out)
    assert "gives the same field as column 'uscc'" in done.stderr
    if problem:
        assert result["decision"] == "review"
        assert [f["column"] for f in result["findings"]] == [second]
        assert cell not in json.dumps(result)  # which value won is not guessed aloud
    else:
        assert result["decision"] == "pass"


@pytest.mark.parametrize(
    ("content", "status", "records"), [(b"", 0, 0), (CSV_HEADER.encode() + b"\n", 0, 0)]
)
def test_csv_empty_and_header_only(
    tmp_path: Path, content: bytes, status: int, records: int
) -> None:
    done, out = run_batch_cli(tmp_path, "e.csv", content)
    assert done.returncode == status
    assert f"{records} records" in done.stderr
    assert results(out) == []


def test_csv_in_gb18030_with_and_without_its_encoding(tmp_path: Path) -> None:
    header = CSV_HEADER.replace("merchant_id", "商户编号")
    data = (header + "\n" + csv_row("c-1") + "\n").encode("gb18030")
    done, out = run_batch_cli(tmp_path, "gb.csv", data)
    assert done.returncode == 2  # a header not in UTF-8: nothing verified, the remedy said
    assert "--encoding gb18030" in done.stderr
    assert not checkpoint_path(out).exists()
    done, out = run_batch_cli(tmp_path, "gb.csv", data, "--encoding", "gb18030")
    assert done.returncode == 0, done.stderr
    assert results(out)[0]["merchant_id"] == "c-1"
    data = (CSV_HEADER + "\n" + csv_row("c-1") + "\n").encode("gb18030")  # ASCII header
    done, out = run_batch_cli(tmp_path, "gb2.csv", data)
    assert done.returncode == 3  # each row not UTF-8: review, naming the column "row"
    assert results(out)[0]["findings"][0]["column"] == "row"


@pytest.mark.parametrize("separator", [";", "\t"])
def test_csv_with_another_separator_is_a_clear_error(tmp_path: Path, separator: str) -> None:
    text = (CSV_HEADER + "\n" + csv_row("c-1") + "\n").replace(",", separator)
    done, _ = run_batch_cli(tmp_path, "semi.csv", text.encode())
    assert done.returncode == 2
    assert "names no column qualcheck reads" in done.stderr
    assert f"separated by {separator!r}" in done.stderr
    done, out = run_batch_cli(tmp_path, "tabs.tsv", text.replace(";", "\t").encode())
    assert done.returncode == 0
    assert len(results(out)) == 1  # a .tsv is split at tabs


# ---------------------------------------------------------------- workers


def test_workers_with_hostile_records_lose_nothing(tmp_path: Path) -> None:
    good = json.dumps(food_shop(), ensure_ascii=False)
    lines = [good, deep_json(60_000), '{"merchant_id": "m\\ud800"}', "[[[[", good] * 12
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = run_cli("batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT, "--workers", "2")
    no_traceback(done)
    assert done.returncode == 3, done.stderr
    got = results(out)
    assert [r["line"] for r in got] == list(range(1, 61))  # input order, all of them
    assert [r["decision"] for r in got[:5]] == ["pass", "review", "review", "review", "pass"]
    assert "60 records" in done.stderr


# ---------------------------------------------------------------- exit status, summary


def test_exit_status_and_summary_count_every_record(tmp_path: Path) -> None:
    expired = food_shop()
    expired["documents"][0]["valid_to"] = "2020-01-01"
    cases = [
        ([food_shop()], 0),
        ([food_shop(), "{oops"], 3),
        ([food_shop(), "{oops", expired], 1),
    ]
    for index, (records, status) in enumerate(cases):
        source = write_jsonl(tmp_path / f"in{index}.jsonl", records)
        out = tmp_path / f"out{index}.csv"
        done = cli("batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT)
        assert done.returncode == status, done.stderr
        summary = next(line for line in done.stderr.splitlines() if "decisions:" in line)
        counted = sum(int(part.split()[-1]) for part in summary.split(":")[1].split(","))
        assert counted == len(records) == len(results(out))
    done = run_cli("batch", str(source), "--as-of", AS_OF_TEXT)  # no --out: usage
    assert done.returncode == 2


def test_personal_numbers_masked_in_both_output_formats(tmp_path: Path) -> None:
    record = food_shop()
    record["merchant_id"] = PHONE
    record["legal_representative"]["id_number"] = RIC
    record["last_verified_at"] = RIC  # an unreadable value quoted back
    record["categories"] = [f"{PHONE} 类目"]
    source = write_jsonl(tmp_path / "in.jsonl", [record, "x" + RIC])
    for suffix in ("jsonl", "csv"):
        out = tmp_path / f"out.{suffix}"
        done = cli("batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT)
        text = out.read_text(encoding="utf-8") + done.stderr
        assert RIC not in text
        assert PHONE not in text
        assert RIC[10:14] not in text.replace(AS_OF_TEXT, "")  # birth month-day hidden
    done = cli("due", str(source), "--as-of", AS_OF_TEXT, "--format", "jsonl")
    assert RIC not in done.stdout + done.stderr
    assert PHONE not in done.stdout + done.stderr


# ---------------------------------------------------------------- due


@pytest.mark.parametrize(
    ("as_of", "last", "due"),
    [
        ("2026-08-31", "2026-02-28", True),  # six months on: 2026-08-28
        ("2026-08-31", "2026-03-01", False),
        ("2026-08-28", "2026-02-28", False),  # exactly six months is not more
        ("2026-08-29", "2026-02-28", True),
        ("2024-08-29", "2024-02-29", False),  # a leap day
        ("2024-08-30", "2024-02-29", True),
        ("2027-02-28", "2026-08-31", False),  # a month end into February
        ("2027-03-01", "2026-08-31", True),
        ("2026-11-29", "2026-05-28T15:30:00Z", True),  # 23:30 in Shanghai, on the 28th
        ("2026-11-29", "2026-05-28T16:30:00Z", False),  # 00:30 on the 29th in Shanghai
        ("2026-11-29", "2026-05-29T01:00:00-05:00", False),
    ],
)
def test_six_months_at_month_ends_leap_days_and_offsets(as_of: str, last: str, due: bool) -> None:
    record = food_shop()
    record["last_verified_at"] = last
    date = datetime.date.fromisoformat(as_of)
    items = [i for i in due_items(record, as_of=date) if i.status == "reverification_due"]
    # the list agrees with the batch, or names today as the last day to re-verify in time
    assert bool(items) is due or [i.describe() for i in items] == [f"due today ({as_of})"]
    [report] = iter_verify([record], as_of=date)
    assert ("merchant.reverification_due" in report.codes) is due


@pytest.mark.parametrize(
    ("last", "described"),
    [
        (None, "never verified"),
        ("", "never verified"),
        ("garbage", "last verification date unreadable"),
        ("2026-02-30", "last verification date unreadable"),
        (12345, "last verification date unreadable"),
        ("2027-01-01", "last verified 2027-01-01, after 2026-11-29"),
    ],
)
def test_a_last_verification_that_cannot_be_counted_from_is_due(
    tmp_path: Path, last: Any, described: str
) -> None:
    record = food_shop()
    if last is None:
        record.pop("last_verified_at", None)
    else:
        record["last_verified_at"] = last
    source = write_jsonl(tmp_path / "in.jsonl", [record])
    done = cli("due", str(source), "--as-of", AS_OF_TEXT, "--format", "jsonl")
    assert done.returncode == 0
    items = [json.loads(line) for line in done.stdout.splitlines()]
    assert [i["status"] for i in items] == ["reverification_due"]
    assert items[0]["description"].startswith(described)  # unreadable: and why


@pytest.mark.parametrize("output_format", ["table", "csv", "jsonl"])
def test_due_prints_lone_surrogates_without_crashing(tmp_path: Path, output_format: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"merchant_id": "m\\ud800x", "name": "\\udc00"}\n'
        + json.dumps(food_shop(), ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    done = run_cli("due", str(source), "--as-of", AS_OF_TEXT, "--format", output_format)
    no_traceback(done)
    assert done.returncode == 0
    assert "m\\ud800x" in done.stdout
    if output_format == "jsonl":
        assert json.loads(done.stdout.splitlines()[0])["merchant_id"] == "m\ud800x"


def test_due_and_batch_on_a_csv_with_an_unreadable_row(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    rows = [CSV_HEADER + ",last_verified_at", csv_row("c-1") + ",2026-11-01"]
    rows.append('c-2,企业,"' + NAME)  # a quote never closed
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = cli("due", str(source), "--as-of", AS_OF_TEXT, "--format", "jsonl")
    items = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(i["status"], i["line"]) for i in items] == [("unreadable", 3)]
