"""Audit (second round): ``qualcheck batch`` on large and messy inputs.

Contract (docs/batch.md, docs/cli.md): every input record gives exactly one result, in
input order, with its ``file``, ``line``, ``merchant_id``, ``decision`` and
``input_digest`` — whatever the line ends, byte-order marks, blank lines, broken lines,
very long lines or bytes in another encoding; a file holding a JSON array is refused
(exit 2) rather than read as one record; interrupted by SIGINT or SIGTERM (130/143) the
same command resumes and the output holds every record exactly once; the summary counts
what the output holds and the exit status is its worst decision (0 pass, 1 fail, 3
review, 2 usage).  Standard input (``-``) is read; ``--out -`` writes to standard output.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from audit_support import (
    AS_OF_TEXT,
    EXAMPLE_LINES,
    EXAMPLE_RECORDS,
    PHONE,
    RIC,
    cli_env,
    food_shop,
    no_traceback,
    qualcheck_command,
    run_cli,
    write_file,
    write_jsonl,
)

from qualcheck.batch._checkpoint import checkpoint_path
from qualcheck.batch._runner import BatchOptions, run_batch
from qualcheck.batch._workers import MIN_WORKERS, WORKERS_PER_CPU, usable_workers

PASSING_LINE = EXAMPLE_LINES[0]
EXPIRED_LINE = EXAMPLE_LINES[8]  # ex-09: a food licence expired before AS_OF (fail)
DIGEST = re.compile(r"[0-9a-f]{64}")


def batch(source: str | Path, out: str | Path, *extra: str, **kwargs: Any) -> Any:
    """``qualcheck batch`` as a subprocess, pinned to AS_OF and quiet unless asked."""
    args = ["batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT, *extra]
    return run_cli(*args, **kwargs)


def results(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def summary_decisions(stderr: str) -> dict[str, int]:
    """The ``decisions:`` line of the summary, as numbers."""
    found = re.search(r"decisions: pass ([\d,]+), review ([\d,]+), fail ([\d,]+)", stderr)
    assert found is not None, stderr
    counts = [int(value.replace(",", "")) for value in found.groups()]
    return dict(zip(("pass", "review", "fail"), counts, strict=True))


def counts(decisions: list[str]) -> dict[str, int]:
    """How many of each decision, as the summary counts them."""
    return {name: decisions.count(name) for name in ("pass", "review", "fail")}


def worst(decisions: list[str]) -> int:
    """The exit status the CLI contract gives a set of decisions."""
    return 1 if "fail" in decisions else 3 if "review" in decisions else 0


def assert_complete(got: list[dict[str, Any]], lines: list[int]) -> None:
    """One result per record, on the lines given, in order, each with what joins it back."""
    assert [result["line"] for result in got] == lines
    for result in got:
        assert result["decision"] in ("pass", "review", "fail")
        assert DIGEST.fullmatch(result["input_digest"]), result
        assert "merchant_id" in result


def messy_jsonl() -> tuple[bytes, list[int], list[str | None]]:
    """A JSON Lines export as real systems write them: a byte-order mark, CRLF and LF
    mixed, blank and whitespace-only lines, a comment, a line of another encoding, a
    NUL byte, a JSON NUL escape, a broken line in the middle, a 10 MB line and a last
    line without its line feed.  Returns the bytes, the line of each record and the
    merchant id each result should carry."""
    big = json.loads(PASSING_LINE)
    big["merchant_id"] = "big"
    big["address"] = "福州市" + "很长的地址" * 2_000_000  # about 30 MB of UTF-8, 10 M chars
    nul = json.loads(PASSING_LINE)
    nul["merchant_id"] = "nul\u0000id"
    parts: list[tuple[bytes, bytes, str | None]] = [
        (b"\xef\xbb\xbf" + PASSING_LINE.encode(), b"\r\n", "ex-01-food-shop"),
        (b"", b"\r\n", None),
        (b"   \t ", b"\n", None),
        (b"# exported 2026-11-29", b"\n", "-"),
        ('{"merchant_id": "gbk", "name": "福州"}'.encode("gb18030"), b"\n", "-"),
        (b'{"merchant_id": "raw\x00nul"}', b"\n", "-"),
        (json.dumps(nul).encode(), b"\r\n", "nul\u0000id"),
        (b'{"merchant_id": "cut", "name": ', b"\n", "-"),
        (json.dumps(big, ensure_ascii=False).encode(), b"\n", "big"),
        (EXPIRED_LINE.encode(), b"\r\n", "ex-09-expired-licence"),
        (b"", b"\n", None),
        (EXAMPLE_LINES[1].encode(), b"", "ex-02-restaurant"),
    ]
    data = b"".join(body + end for body, end, _ in parts)
    lines = [number for number, (_, _, mid) in enumerate(parts, 1) if mid is not None]
    ids = [None if mid == "-" else mid for _, _, mid in parts if mid is not None]
    return data, lines, ids


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_messy_jsonl_export_gives_one_result_per_record(tmp_path: Path, workers: str) -> None:
    data, lines, ids = messy_jsonl()
    source = write_file(tmp_path / "messy.jsonl", data)
    out = tmp_path / "out.jsonl"
    done = batch(source, out, "--workers", workers)
    no_traceback(done)
    got = results(out)
    assert_complete(got, lines)
    assert [result["merchant_id"] for result in got] == ids
    decisions = [result["decision"] for result in got]
    # the first, the NUL-escaped id and the last (no line feed); the 10 MB address is
    # longer than the models read: refused, so that record is reviewed
    assert decisions.count("pass") == 3
    assert decisions[ids.index("big")] == "review"
    assert "fail" in decisions  # the expired licence after the 10 MB line is judged
    assert done.returncode == worst(decisions) == 1
    assert summary_decisions(done.stderr) == counts(decisions)


def test_standard_input_reads_the_same_records(tmp_path: Path) -> None:
    data, lines, ids = messy_jsonl()
    out = tmp_path / "out.jsonl"
    done = batch("-", out, "--quiet", stdin=data)
    no_traceback(done)
    got = results(out)
    assert_complete(got, lines)
    assert [result["file"] for result in got] == ["-"] * len(lines)
    assert [result["merchant_id"] for result in got] == ids
    assert done.returncode == 1
    assert not checkpoint_path(out).exists()


def test_a_messy_csv_export_gives_one_result_per_row(tmp_path: Path) -> None:
    """BOM, CRLF, a quoted line break, blank lines, NUL bytes, a 10 MB cell (over the CSV
    reader's limit: reported, and reading goes on), a last row without its line end."""
    header = "merchant_id,subject_type,name,uscc,address"
    company = "企业,福州示例餐饮有限公司,91350100M000100Y43"
    rows = [
        header,
        f"c-1,{company},福州",
        f'c-2,{company},"福州\r\n鼓楼区"',
        "",
        f"c-3,{company}," + "x" * 10_000_000,
        f"c-4,{company},nul\x00here",
        ",,,,",
        f"c-5,{company},福州",
    ]
    source = write_file(tmp_path / "messy.csv", "\ufeff" + "\r\n".join(rows))
    out = tmp_path / "out.jsonl"
    done = batch(source, out)
    no_traceback(done)
    got = results(out)
    assert_complete(got, [2, 3, 6, 7, 9])
    assert [result["merchant_id"] for result in got] == ["c-1", "c-2", None, "c-4", "c-5"]
    too_big = got[2]
    assert too_big["decision"] == "review"
    assert [f.get("column") for f in too_big["findings"]] == ["row"]
    assert summary_decisions(done.stderr) == counts([r["decision"] for r in got])
    assert done.returncode == worst([r["decision"] for r in got])


# ---------------------------------------------------------------- JSON arrays and strings


@pytest.fixture(scope="module")
def array_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSON array of 10,000 records (an export ``qualcheck verify`` reads)."""
    records = [
        dict(EXAMPLE_RECORDS[index % len(EXAMPLE_RECORDS)], merchant_id=f"m-{index}")
        for index in range(10_000)
    ]
    path = tmp_path_factory.mktemp("array") / "sellers.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("how", "extra"),
    [
        ("file", ()),
        ("file", ("--input-format", "jsonl")),
        ("file", ("--workers", "2")),
        ("stdin", ()),
        ("stdin", ("--input-format", "jsonl")),
        ("pretty", ("--input-format", "jsonl")),
    ],
)
def test_a_json_array_is_refused_never_read_as_fewer_records(
    tmp_path: Path, array_file: Path, how: str, extra: tuple[str, ...]
) -> None:
    """Defects: from standard input the array was taken for a CSV file ("the CSV header
    ('[{"merchant_id": "m-0"' …) names no column"); with --input-format jsonl its
    10,000 records gave one result (record.not_an_object), or, pretty-printed, one
    record.not_json result for each of its 400,000 lines."""
    out = tmp_path / "out.jsonl"
    source: str | Path = array_file
    stdin = None
    if how == "stdin":
        source, stdin = "-", array_file.read_bytes()
    elif how == "pretty":
        source = tmp_path / "pretty.json"
        source.write_text(json.dumps(json.loads(array_file.read_text("utf-8")), indent=2), "utf-8")
    done = batch(source, out, "--quiet", *extra, stdin=stdin)
    no_traceback(done)
    assert done.returncode == 2
    assert "a JSON array" in done.stderr
    assert "CSV header" not in done.stderr
    assert not out.exists() or out.read_bytes() == b""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_json_string_line_is_not_an_object(tmp_path: Path, workers: str) -> None:
    """Defect: a line holding a JSON string — a record encoded twice, as some exports
    write them — was decoded and verified as the record it spells (``fail`` for the
    expired licence, ``pass`` for a good one), or reported as ``record.not_json`` when
    the string is no JSON; ``qualcheck verify`` reads the same line as
    ``record.not_an_object`` and the docs promise that for a line that is not an
    object."""
    lines = [json.dumps(PASSING_LINE), json.dumps("plain text"), PASSING_LINE]
    source = write_jsonl(tmp_path / "strings.jsonl", lines)
    out = tmp_path / "out.jsonl"
    done = batch(source, out, "--quiet", "--workers", workers)
    no_traceback(done)
    got = results(out)
    assert [(r["merchant_id"], r["decision"], r["codes"]) for r in got] == [
        (None, "review", ["record.not_an_object"]),
        (None, "review", ["record.not_an_object"]),
        ("ex-01-food-shop", "pass", []),
    ]
    assert done.returncode == 3
    verified = run_cli("verify", str(source), "--as-of", AS_OF_TEXT, "--json")
    reports = [json.loads(line) for line in verified.stdout.splitlines()]
    assert [[f["code"] for f in report["findings"]] for report in reports] == [
        r["codes"] for r in got
    ]


def test_the_same_record_twice_gives_two_results_keyed_by_line(tmp_path: Path) -> None:
    """Both are reported, with the same digest (the same record) but their own line and
    audit id: results are keyed by (file, line), never by merchant_id."""
    source = write_jsonl(tmp_path / "twice.jsonl", [PASSING_LINE, EXPIRED_LINE, PASSING_LINE])
    out = tmp_path / "out.jsonl"
    done = batch(source, out, "--quiet")
    first, _, again = results(out)
    assert (first["line"], again["line"]) == (1, 3)
    assert first["merchant_id"] == again["merchant_id"] == "ex-01-food-shop"
    assert first["input_digest"] == again["input_digest"]
    assert first["audit_id"] != again["audit_id"]
    assert done.returncode == 1


# ---------------------------------------------------------------- where the output goes


@pytest.mark.parametrize(("fmt", "workers"), [("jsonl", "1"), ("csv", "1"), ("jsonl", "2")])
def test_output_to_standard_output(tmp_path: Path, fmt: str, workers: str) -> None:
    """Defect: ``--out -`` wrote a file named ``-`` (and ``-.checkpoint`` while it ran);
    ``--out /dev/stdout`` to a pipe stopped with "not seekable": there was no way to
    stream results to another program."""
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE, "oops", EXPIRED_LINE])
    done = run_cli(
        "batch", str(source), "--out", "-", "--format", fmt, "--workers", workers,
        "--as-of", AS_OF_TEXT, cwd=tmp_path,
    )  # fmt: skip
    no_traceback(done)
    assert done.returncode == 1
    assert not (tmp_path / "-").exists()
    assert not (tmp_path / "-.checkpoint").exists()
    if fmt == "jsonl":
        got = [json.loads(line) for line in done.stdout.splitlines()]
        assert [(r["line"], r["decision"]) for r in got] == [
            (1, "pass"),
            (2, "review"),
            (3, "fail"),
        ]
    else:
        rows = done.stdout.splitlines()
        assert rows[0].startswith("file,line,merchant_id,decision")
        assert len(rows) == 4
    assert "→ standard output" in done.stderr
    assert summary_decisions(done.stderr) == {"pass": 1, "review": 1, "fail": 1}


def test_output_to_a_reader_that_goes_away_exits_141(tmp_path: Path) -> None:
    """``qualcheck batch big.jsonl --out - | head -1``: not every result was written,
    so the run says so (141, as ``verify`` does), without a traceback."""
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE] * 20_000)
    process = subprocess.Popen(
        [*qualcheck_command(), "batch", str(source), "--out", "-", "--as-of", AS_OF_TEXT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == 141
    assert json.loads(first)["line"] == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("where", ["missing", "under_a_file", "a_directory"])
def test_output_in_a_place_that_cannot_hold_it(tmp_path: Path, where: str) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE])
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    out = {
        "missing": tmp_path / "no" / "such" / "out.jsonl",
        "under_a_file": tmp_path / "file" / "out.jsonl",
        "a_directory": tmp_path / "folder",
    }[where]
    done = batch(source, out)
    no_traceback(done)
    assert done.returncode == 2
    assert str(out) in done.stderr


@pytest.mark.parametrize("target", ["/dev/full", "/proc/version"])
def test_output_that_cannot_be_written(tmp_path: Path, target: str) -> None:
    """Defect: an output whose writes fail with EIO (``/proc/version`` as root) ended in
    a traceback from closing it; now exit 2 with the error named."""
    if not Path(target).exists():
        pytest.skip(f"no {target} here")
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE, EXPIRED_LINE])
    done = batch(source, target, "--quiet")
    no_traceback(done)
    assert done.returncode == 2
    assert done.stderr.strip()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes read-only files"
)
def test_a_read_only_output(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE])
    out = tmp_path / "out.jsonl"
    out.write_text("earlier results\n")
    out.chmod(0o444)
    done = batch(source, out)
    no_traceback(done)
    assert done.returncode == 2
    assert "cannot write" in done.stderr


@pytest.mark.parametrize("how", ["hard_link", "stdin"])
def test_an_output_that_is_an_input_under_another_name(tmp_path: Path, how: str) -> None:
    """Defect: ``--out`` a hard link of the input, or standard input redirected from the
    output file, truncated the input before it was read: zero records, exit 0 ("every
    record passed") and the export destroyed."""
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE, EXPIRED_LINE])
    before = source.read_bytes()
    if how == "hard_link":
        out = tmp_path / "results.jsonl"
        os.link(source, out)
        done = batch(source, out)
    else:
        out = source
        done = _batch_stdin_from(source, out)
    no_traceback(done)
    assert done.returncode == 2
    assert "also an input" in done.stderr
    assert source.read_bytes() == before


def _batch_stdin_from(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``qualcheck batch - --out OUT < SOURCE`` (standard input is the file itself)."""
    with source.open("rb") as stdin:
        done = subprocess.run(
            [*qualcheck_command(), "batch", "-", "--out", str(out), "--as-of", AS_OF_TEXT],
            stdin=stdin,
            capture_output=True,
            env=cli_env(),
            timeout=60,
            check=False,
        )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


# ---------------------------------------------------------------- --workers


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", ""])
def test_workers_that_are_no_count_are_usage_errors(tmp_path: Path, value: str) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE])
    out = tmp_path / "out.jsonl"
    done = batch(source, out, "--workers", value)
    no_traceback(done)
    assert done.returncode == 2
    assert "--workers" in done.stderr
    assert not out.exists()


def test_a_huge_worker_count_starts_only_what_the_machine_can_use(tmp_path: Path) -> None:
    """Defect: ``--workers 500`` (a typo for 50, or 5) started a process for every chunk
    of 200 records and read 1,000 chunks ahead before writing the first result — 42
    interpreters for 20,000 records on a 2-CPU machine, the whole input in memory for a
    big one, and no checkpoint meanwhile.  Now capped (said on standard error); the
    output is that of one process."""
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE, "oops", EXPIRED_LINE] * 100)
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    alone = batch(source, one, "--quiet")
    capped = batch(source, many, "--workers", "99999999")
    no_traceback(capped)
    usable = usable_workers(99_999_999)
    assert f"verifying with {usable}" in capped.stderr
    assert capped.returncode == alone.returncode == 1
    strip = ("audit_id", "created_at")
    assert [{k: v for k, v in r.items() if k not in strip} for r in results(many)] == [
        {k: v for k, v in r.items() if k not in strip} for r in results(one)
    ]


def test_usable_workers_bound() -> None:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    bound = max(MIN_WORKERS, WORKERS_PER_CPU * (cpus or 1))
    assert usable_workers(1) == 1
    assert usable_workers(MIN_WORKERS) == MIN_WORKERS
    assert usable_workers(bound) == bound
    assert usable_workers(bound + 1) == usable_workers(10**9) == bound


# ---------------------------------------------------------------- signals and resume


def _wait_for_results(process: subprocess.Popen[bytes], out: Path, count: int) -> None:
    """Until ``out`` holds ``count`` complete lines (or the run has ended)."""
    while process.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= count:
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.02)


@pytest.mark.parametrize(
    ("signum", "workers", "suffix"),
    [
        (signal.SIGINT, "1", ".jsonl"),
        (signal.SIGTERM, "1", ".csv"),
        (signal.SIGTERM, "2", ".jsonl"),
        (signal.SIGINT, "2", ".csv"),
    ],
    ids=["SIGINT-jsonl", "SIGTERM-csv", "SIGTERM-workers-jsonl", "SIGINT-workers-csv"],
)
def test_a_signal_mid_run_then_resume_writes_every_record_once(
    tmp_path: Path, signum: int, workers: str, suffix: str
) -> None:
    """A real process, a real signal, then the same command: every record exactly once,
    in order; the summary of the finishing run counts the whole output and the exit
    status is its worst decision.  Inputs with a BOM and CRLF line ends (and for CSV a
    quoted line break) so that a resume position is counted in bytes, not characters."""
    count = 3000
    if suffix == ".jsonl":
        body = [PASSING_LINE, "not json", EXPIRED_LINE] * (count // 3)
        source = write_file(tmp_path / "in.jsonl", "\ufeff" + "\r\n".join(body) + "\r\n")
        lines = list(range(1, count + 1))
    else:
        header = "merchant_id,subject_type,name,uscc,address"
        company = "企业,福州示例餐饮有限公司,91350100M000100Y43"
        body = [f'c-{n},{company},"福州\r\n鼓楼区"' for n in range(count)]
        source = write_file(tmp_path / "in.csv", "\ufeff" + "\r\n".join([header, *body]) + "\r\n")
        lines = list(range(2, 2 * count + 1, 2))
    out = tmp_path / "out.jsonl"
    argv = [*qualcheck_command(), "batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT]
    argv += ["--workers", workers, "--commit-every", "7"]
    process = subprocess.Popen(
        argv, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _wait_for_results(process, out, 50)
        process.send_signal(signum)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in err.decode()
    assert process.returncode == 128 + signum, err.decode()
    first = results(out)
    assert len(first) < count  # interrupted, as asked
    assert [r["line"] for r in first] == lines[: len(first)]
    assert checkpoint_path(out).exists()
    again = run_cli(*argv[len(qualcheck_command()) :])
    no_traceback(again)
    got = results(out)
    assert_complete(got, lines)
    assert len({r["audit_id"] for r in got}) == count
    decisions = [r["decision"] for r in got]
    assert summary_decisions(again.stderr) == counts(decisions)
    assert again.returncode == worst(decisions)
    assert not checkpoint_path(out).exists()


# ---------------------------------------------------------------- progress, dates


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_without_tqdm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the ``batch`` extra a terminal gets the plain progress lines, and the run
    is the same."""
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm → ImportError
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE, EXPIRED_LINE] * 20)
    out = tmp_path / "out.jsonl"
    stderr = _Terminal()
    options = BatchOptions(
        inputs=(str(source),),
        out=str(out),
        as_of=datetime.date.fromisoformat(AS_OF_TEXT),
        progress_interval=1e-9,
    )
    assert run_batch(options, stderr=stderr) == 1
    shown = stderr.getvalue()
    assert re.search(r"qualcheck batch: \d+ records \(\d+%\)", shown), shown
    assert "40 records → " in shown
    assert len(results(out)) == 40


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12", "UTC", "Asia/Shanghai"])
def test_without_as_of_the_date_is_today_in_china_whatever_the_zone(
    tmp_path: Path, zone: str
) -> None:
    china = datetime.timezone(datetime.timedelta(hours=8))
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE])
    out = tmp_path / "out.jsonl"
    before = datetime.datetime.now(china).date()
    done = run_cli("batch", str(source), "--out", str(out), "--quiet", env=cli_env(TZ=zone))
    after = datetime.datetime.now(china).date()
    no_traceback(done)
    (result,) = results(out)
    assert result["as_of"] in {before.isoformat(), after.isoformat()}


@pytest.mark.parametrize("text", ["2026-11-29T00:00+08:00", "2026-11-29Z", "29/11/2026", ""])
def test_as_of_with_a_time_or_zone_is_a_usage_error(tmp_path: Path, text: str) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [PASSING_LINE])
    done = run_cli("batch", str(source), "--out", str(tmp_path / "o.jsonl"), "--as-of", text)
    no_traceback(done)
    assert done.returncode == 2
    assert "--as-of" in done.stderr


# ---------------------------------------------------------------- privacy of the results


def test_results_carry_no_personal_numbers_from_messy_lines(tmp_path: Path) -> None:
    """Personal numbers in the fields that are echoed most (merchant id, name, a broken
    line, a date field) never reach the results, the summary or standard output."""
    named = food_shop()
    named["name"] = RIC
    dated = food_shop()
    dated["last_verified_at"] = PHONE
    lines = [
        json.dumps({"merchant_id": RIC}),
        json.dumps(named, ensure_ascii=False),
        json.dumps(dated, ensure_ascii=False),
        f'{{"merchant_id": "{PHONE}", "name": "cut',
        json.dumps(json.dumps({"merchant_id": PHONE})),
    ]
    source = write_jsonl(tmp_path / "in.jsonl", lines)
    for out in ("out.jsonl", "out.csv", "-"):
        done = run_cli(
            "batch", str(source), "--out", out, "--as-of", AS_OF_TEXT, cwd=tmp_path
        )  # fmt: skip
        no_traceback(done)
        written = done.stdout if out == "-" else (tmp_path / out).read_text(encoding="utf-8")
        assert len(written.splitlines()) == len(lines) + (out == "out.csv")
        for secret in (RIC, PHONE, RIC[6:14] + RIC[14:]):
            assert secret not in written + done.stderr, (out, secret)
