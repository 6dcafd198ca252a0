"""Audit of ``qualcheck batch --workers N`` (docs/batch.md, "--workers" and "Performance").

The contract under attack: with workers the output holds every input record exactly once,
in input order, with the results of a one-process run (apart from audit ids and
timestamps), the same summary and exit status; an interrupted run (SIGINT once or twice,
SIGTERM, SIGKILL of the parent, a worker killed) resumes with the same command, with any
number of workers, and leaves no process behind; memory stays flat however large the
records; personal numbers are never printed unmasked.  Inputs: hostile JSON Lines, CSV
with cell problems, ``.tsv``, gb18030, standard input, several files, the chunk
boundaries, a policy with a relative category file, custom checks from Python.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import (
    AS_OF,
    AS_OF_TEXT,
    merchant_lines,
    qualcheck_command,
    read_results,
    run_captured,
    stable,
    subprocess_env,
    write_lines,
)

from qualcheck.batch._checkpoint import checkpoint_path
from qualcheck.batch._workers import CHUNK, CHUNK_CHARS
from qualcheck.testing import make_merchant, make_ric

FINISHED = (0, 1, 3)
OTHER_DAY = "2026-07-01"  # not today: a rerun without --as-of must keep it
TAG = "QC_AUDIT_WORKERS_TAG"
LINUX_PROC = Path("/proc/self/environ").exists()
needs_proc = pytest.mark.skipif(not LINUX_PROC, reason="finds worker processes in /proc")
SUMMARY_HEAD = re.compile(r"^qualcheck batch: ([\d,]+) records → .* \(([\d,]+) in this run, ")


# ---------------------------------------------------------------------------- helpers


def _env(tag: str | None = None, hash_seed: str = "0") -> dict[str, str]:
    env = subprocess_env()
    # codes counted as often are listed in an order that depends on the hash seed (see
    # test_the_summary_lists_codes_in_the_same_order_every_time): fixed to compare summaries
    env["PYTHONHASHSEED"] = hash_seed
    if tag is not None:
        env[TAG] = tag  # inherited by the workers: how the tests find them in /proc
    return env


def _batch(
    *argv: str,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    as_of: str | None = AS_OF_TEXT,
    quiet: bool = True,
    hash_seed: str = "0",
) -> subprocess.CompletedProcess[bytes]:
    extra = ["--as-of", as_of] if as_of is not None else []
    extra += ["--quiet"] if quiet else ["--progress-interval", "3600"]
    return run_captured(
        qualcheck_command("batch", *argv, *extra),
        cwd=cwd,
        env=_env(hash_seed=hash_seed),
        stdin=stdin if stdin is not None else b"",
    )


def _summary(stderr: bytes) -> tuple[tuple[str, str], list[str]]:
    """The summary's record counts and its lines after the first (which holds the output's
    name, the time and the rate)."""
    lines = stderr.decode("utf-8").splitlines()
    heads = [index for index, line in enumerate(lines) if SUMMARY_HEAD.match(line)]
    assert heads, stderr.decode("utf-8", "replace")
    match = SUMMARY_HEAD.match(lines[heads[-1]])
    assert match is not None
    return (match.group(1), match.group(2)), lines[heads[-1] + 1 :]


def _warnings(stderr: bytes) -> list[str]:
    """What the run said before its summary (column warnings, errors)."""
    lines = stderr.decode("utf-8").splitlines()
    heads = [index for index, line in enumerate(lines) if SUMMARY_HEAD.match(line)]
    return lines[: heads[-1]] if heads else lines


def _same_with_workers(
    folder: Path,
    inputs: list[str],
    *extra: str,
    workers: int = 2,
    suffix: str = ".jsonl",
    stdin: bytes | None = None,
) -> list[dict[str, Any]]:
    """Run the batch in one process and with ``workers``: the same exit status, summary,
    messages and results (record for record, in order).  Returns the results."""
    one, many = folder / f"one{suffix}", folder / f"many{suffix}"
    single = _batch(*inputs, "--out", str(one), *extra, quiet=False, stdin=stdin)
    multi = _batch(
        *inputs, "--out", str(many), *extra, "--workers", str(workers), quiet=False, stdin=stdin
    )
    assert b"Traceback" not in single.stderr + multi.stderr, multi.stderr.decode()
    assert single.returncode in FINISHED, single.stderr.decode()
    assert multi.returncode == single.returncode, multi.stderr.decode()
    assert _summary(multi.stderr) == _summary(single.stderr)
    assert _warnings(multi.stderr) == _warnings(single.stderr)
    first, second = read_results(one), read_results(many)
    assert stable(second) == stable(first)
    assert not checkpoint_path(many).exists()
    return second


def _lines_once(results: list[dict[str, Any]], expected: list[tuple[str, int]]) -> None:
    """Every expected (file, line) exactly once, in input order."""
    assert [(result["file"], int(result["line"])) for result in results] == expected


def _proc_state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def _tagged(tag: str) -> dict[int, bytes]:
    """Live processes (not zombies) started with ``TAG=tag`` in their environment, with
    their command lines."""
    found = {}
    marker = f"{TAG}={tag}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker in environ.split(b"\0") and _proc_state(int(entry.name)) not in (None, "Z"):
            found[int(entry.name)] = cmdline
    return found


def _workers_of(tag: str, parent: int) -> list[int]:
    pids = []
    for pid, cmdline in _tagged(tag).items():
        if b"spawn_main" not in cmdline:
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            pids.append(pid)
    return pids


def _wait_until(condition: Callable[[], bool], seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _none_left(tag: str, seconds: float = 10) -> dict[int, bytes]:
    """The processes of the run still alive ``seconds`` after it ended (none, we hope)."""
    _wait_until(lambda: not _tagged(tag), seconds)
    return _tagged(tag)


class _Run:
    """A batch started in the background in its own session, with its standard error read
    as it comes."""

    def __init__(self, argv: list[str], cwd: Path, tag: str) -> None:
        self.tag = tag
        self.process = subprocess.Popen(
            qualcheck_command(*argv),
            cwd=cwd,
            env=_env(tag),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, as a shell job has
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for raw in self.process.stderr:
            self.lines.append(raw.decode("utf-8", "replace"))

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def wait(self) -> tuple[int, str]:
        status = self.process.wait(timeout=180)
        self._reader.join(timeout=30)
        return status, "".join(self.lines)


@pytest.fixture
def start() -> Iterator[Callable[..., _Run]]:
    """``start(argv, cwd)`` runs a batch in the background; whatever the test leaves
    running (the batch, its workers) is killed afterwards, by process id."""
    runs: list[_Run] = []

    def begin(argv: list[str], cwd: Path) -> _Run:
        run = _Run(argv, cwd, uuid.uuid4().hex)
        runs.append(run)
        return run

    yield begin
    for run in runs:
        if run.process.poll() is None:
            run.process.kill()
        run.process.wait()
        if LINUX_PROC:
            for pid in _tagged(run.tag):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if run.process.stderr is not None:
            run.process.stderr.close()


# ---------------------------------------------------------------------------- inputs


def _ric(seed: int) -> str:
    return make_ric(rng=random.Random(seed))


def _hostile_jsonl(path: Path) -> list[bytes]:
    """JSON Lines at their worst, among ordinary sellers, across several chunks."""
    person = _ric(1)
    rows: list[bytes] = []
    good = [line.encode("utf-8") for line in merchant_lines(2 * CHUNK + 50, seed=11)]
    odd: list[bytes] = [
        b"\xff\xfe{not utf-8 at all}",
        b'{"merchant_id": "latin-1", "name": "caf\xe9 \xe4\xf6"}',
        b"[1, 2, 3]",
        b'"just a string"',
        b"42",
        b"null",
        b"true",
        b"1e400",
        '{"merchant_id": "nan", "name": "示例", "declared_annual_turnover_yuan": NaN}'.encode(),
        b'{"merchant_id": "inf", "declared_annual_turnover_yuan": Infinity, "x": -Infinity}',
        b'{"merchant_id": "dup", "name": "\xe7\x94\xb2", "name": "\xe7\xa4\xba\xe4\xbe\x8b\xe6'
        b'\x9c\x89\xe9\x99\x90\xe5\x85\xac\xe5\x8f\xb8", "merchant_id": "dup-2"}',
        ('{"merchant_id": "deep", "name": ' + '{"a": ' * 60 + '"x"' + "}" * 60 + "}").encode(),
        ('{"merchant_id": "deeper", "documents": ' + "[" * 300 + "1" + "]" * 300 + "}").encode(),
        b'{"merchant_id": 12345678901234567890123, "uscc": 91350100}',
        b'{"merchant_id": ["a", "list"], "name": true}',
        b'{"merchant_id": "surrogate", "name": "\\ud800 \\udfff"}',
        b'{"merchant_id": "ctrl", "name": "a\\u0000b\\u001f"}',
        b"   ",
        b"",
        b"{truncated",
        ('{"merchant_id": "big", "name": "' + "大" * (CHUNK_CHARS + 10) + '"}').encode(),
        json.dumps(
            {
                "merchant_id": "pii",
                "subject_type": "individual_business",
                "name": person,
                "legal_representative": {"name": "张三", "id_number": person},
                "categories": [f"卖 {person}"],
                "address": person,
            },
            ensure_ascii=False,
        ).encode(),
        f"{{not json {person}".encode(),
    ]
    for index, line in enumerate(good):
        rows.append(line + (b"\r" if index % 17 == 0 else b""))
        if index % 20 == 5 and odd:
            rows.append(odd.pop(0))
    rows.extend(odd)
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(rows) + b"\n")
    return rows


CSV_HEADER = [
    "merchant_id", "subject_type", "name", "uscc", "categories", "legal_representative",
    "legal_representative_id", "contact_phone", "documents", "business_license.number",
    "business_license.validity", "food_business.number", "food_business.valid_to",
    "mystery.number", "notes",
]  # fmt: skip


def _csv_rows(count: int, separator: str = ",") -> list[str]:
    """A header and ``count`` rows of sellers (generated numbers) with cell problems here
    and there: a documents cell that is not JSON or not an array, a cell too many, blank
    rows (every 23rd, from the 10th), an unknown document kind in the header."""
    rng = random.Random(5)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for index in range(count):
        record = make_merchant("food_shop", as_of=AS_OF, rng=rng)
        uscc = record["uscc"]
        documents = "" if index % 7 else '[{"kind": "cnca", "number": "CNCA-R-2002-001"}]'
        if index % 11 == 3:
            documents = "[oops"  # not JSON
        if index % 13 == 4:
            documents = '"a string"'  # JSON, not an array of objects
        cells = [
            f"c-{index}",
            "企业" if index % 2 else "enterprise",
            record["name"],
            uscc,
            "prepackaged_food|bulk_food" if index % 3 else "预包装食品；散装食品",
            "李四",
            _ric(100 + index),
            "13912345678",
            documents,
            uscc,
            "2019-05-20至长期",
            f"JY1350102{index:07d}",
            "2027-01-31" if index % 4 else "2026-12-10",
            "x",
            "",
        ]
        if index % 19 == 7:
            cells.append("one too many")
        if index % 23 == 9:
            cells = [""] * len(CSV_HEADER)  # a blank row
        writer.writerow(cells)
    return buffer.getvalue().splitlines()


# ---------------------------------------------------------------------------- same output


def test_hostile_json_lines_give_what_one_process_gives(tmp_path: Path) -> None:
    source = tmp_path / "hostile.jsonl"
    rows = _hostile_jsonl(source)
    results = _same_with_workers(tmp_path, [str(source)])
    expected_count = sum(1 for row in rows if row.strip())
    assert len(results) == expected_count
    lines = [int(result["line"]) for result in results]
    assert lines == sorted(lines)
    assert len(set(lines)) == len(lines)
    by_id = {result["merchant_id"]: result for result in results}
    assert by_id["big"]["decision"] != "pass"  # a name of a million characters
    assert "record.not_an_object" in {code for r in results for code in r["codes"]}
    assert all(result["decision"] != "pass" for result in results if result["merchant_id"] is None)


@pytest.mark.parametrize("workers", [2, 3])
def test_csv_with_cell_problems_gives_what_one_process_gives(tmp_path: Path, workers: int) -> None:
    source = write_lines(tmp_path / "sellers.csv", _csv_rows(CHUNK + 60))
    results = _same_with_workers(tmp_path, [str(source)], workers=workers)
    columns = {finding.get("column") for result in results for finding in result["findings"]}
    assert {"documents", "row"} <= columns  # the cell problems are reported by column


def test_a_tsv_file_gives_what_one_process_gives(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "sellers.tsv", _csv_rows(40, separator="\t"))
    results = _same_with_workers(tmp_path, [str(source)])
    assert len(results) == 40 - 2  # rows 9 and 32 are blank


def test_a_gb18030_export_gives_what_one_process_gives(tmp_path: Path) -> None:
    rows = _csv_rows(30)
    data = "\n".join(rows).encode("gb18030") + b"\n"
    data += b"c-x,\xff\xfe\x80,broken\n"  # not gb18030 text
    source = tmp_path / "export.csv"
    source.write_bytes(data)
    results = _same_with_workers(tmp_path, [str(source)], "--encoding", "gb18030")
    assert results[-1]["decision"] != "pass"
    assert any(finding.get("column") == "row" for finding in results[-1]["findings"])


@pytest.mark.parametrize(
    ("count", "workers"),
    [
        (0, 2),  # an empty input
        (1, 2),  # fewer records than a chunk
        (CHUNK, 2),  # exactly one chunk
        (2 * CHUNK * 2, 2),  # exactly the chunks in flight
        (2 * CHUNK * 2 + 1, 2),  # one more
        (5, 8),  # more workers than chunks
        (3 * CHUNK, 3),
    ],
)
def test_every_record_once_in_order_at_the_chunk_boundaries(
    tmp_path: Path, count: int, workers: int
) -> None:
    source = write_lines(tmp_path / "in.jsonl", merchant_lines(count, seed=count + 1))
    results = _same_with_workers(tmp_path, [str(source)], workers=workers)
    _lines_once(results, [(str(source), line) for line in range(1, count + 1)])


def test_an_input_of_blank_lines_only(tmp_path: Path) -> None:
    source = tmp_path / "blank.jsonl"
    source.write_bytes(b"\n  \n\r\n\n")
    assert _same_with_workers(tmp_path, [str(source)]) == []


def test_standard_input_with_workers(tmp_path: Path) -> None:
    lines = merchant_lines(CHUNK + 7, seed=8)
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    results = _same_with_workers(tmp_path, ["-"], stdin=data)
    _lines_once(results, [("-", line) for line in range(1, len(lines) + 1)])


def test_several_inputs_into_a_csv_output(tmp_path: Path) -> None:
    first = write_lines(tmp_path / "a.jsonl", merchant_lines(CHUNK - 3, seed=21))
    second = write_lines(tmp_path / "b.csv", _csv_rows(25))
    third = write_lines(tmp_path / "c.ndjson", merchant_lines(CHUNK + 9, seed=22))
    inputs = [str(first), str(second), str(third)]
    results = _same_with_workers(tmp_path, inputs, "--format", "csv", suffix=".csv")
    expected = [(str(first), n) for n in range(1, CHUNK - 3 + 1)]
    expected += [
        (str(second), int(result["line"])) for result in results if result["file"] == str(second)
    ]
    expected += [(str(third), n) for n in range(1, CHUNK + 9 + 1)]
    _lines_once(results, expected)


def test_a_policy_with_a_relative_category_file_from_another_folder(tmp_path: Path) -> None:
    conf, elsewhere = tmp_path / "conf", tmp_path / "run"
    conf.mkdir()
    elsewhere.mkdir()
    (conf / "cats.json").write_text(
        json.dumps(
            {"version": "audit-1", "categories": {
                "tea": {"name_zh": "茶叶", "name_en": "Tea", "aliases": ["茶"],
                        "requires": [[{"kind": "food_filing"}]], "basis": ["audit"]},
                "vapes": {"name_zh": "电子烟", "name_en": "E-cigarettes", "banned": True,
                          "basis": ["platform rule"]}}},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )  # fmt: skip
    (conf / "policy.json").write_text(
        json.dumps({"categories_file": "cats.json", "expiring_soon_days": 60}), encoding="utf-8"
    )
    lines = []
    for index, line in enumerate(merchant_lines(CHUNK + 20, seed=4, malformed_every=0)):
        record = json.loads(line)
        record["categories"] = ["电子烟"] if index % 3 == 0 else ["茶"]
        lines.append(json.dumps(record, ensure_ascii=False))
    write_lines(elsewhere / "in.jsonl", lines)
    argv = ["batch", "in.jsonl", "--policy", "../conf/policy.json", "--as-of", AS_OF_TEXT]
    outputs = {}
    for workers in ("1", "2"):
        out = f"out{workers}.jsonl"
        done = run_captured(
            qualcheck_command(*argv, "--out", out, "--workers", workers, "--quiet"),
            cwd=elsewhere,
            env=_env(),
        )
        assert done.returncode == 1, done.stderr.decode()
        outputs[workers] = read_results(elsewhere / out)
    assert stable(outputs["2"]) == stable(outputs["1"])
    banned = [r for r in outputs["2"] if "category.banned" in r["codes"]]
    assert len(banned) == len(range(0, CHUNK + 20, 3))  # the policy's own categories


def test_a_json_array_among_the_inputs_stops_where_one_process_stops(tmp_path: Path) -> None:
    first = write_lines(tmp_path / "a.jsonl", merchant_lines(2 * CHUNK + 30, seed=9))
    array = tmp_path / "b.json"
    array.write_text('[{"merchant_id": "x"}]\n', encoding="utf-8")
    outputs, statuses = {}, {}
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        done = _batch(str(first), str(array), "--out", str(out), "--workers", workers)
        statuses[workers] = (done.returncode, done.stderr.decode())
        outputs[workers] = read_results(out)
    assert statuses["2"] == statuses["1"]
    assert statuses["2"][0] == 2
    assert "a JSON array" in statuses["2"][1]
    assert stable(outputs["2"]) == stable(outputs["1"])
    assert len(outputs["2"]) == 2 * CHUNK + 30  # every record before the array, as in one


def test_personal_numbers_are_not_printed_with_workers(tmp_path: Path) -> None:
    people = [_ric(900 + index) for index in range(6)]
    lines = merchant_lines(CHUNK, seed=12)
    for index, person in enumerate(people):
        record = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(index))
        record["merchant_id"] = f"p-{index}"
        record["legal_representative"] = {"name": "王五", "id_number": person}
        record["name"] = f"{person} 的店"
        record["categories"] = [person, f"医药 > {person[:6]} {person[6:]}"]
        record["documents"] = [{"kind": "identity", "number": person, "valid_to": person}]
        lines.insert(index * 30, json.dumps(record, ensure_ascii=False))
    lines.append(f'{{"merchant_id": "raw", "id": {people[0]}')  # not JSON, quoted back?
    csv_source = tmp_path / "people.csv"
    csv_source.write_text(
        "merchant_id,name,legal_representative_id,documents\n"
        + "".join(f'q-{i},{p},{p},"[{p}"\n' for i, p in enumerate(people)),
        encoding="utf-8",
    )
    source = write_lines(tmp_path / "people.jsonl", lines)
    out = tmp_path / "results.jsonl"
    done = _batch(str(source), str(csv_source), "--out", str(out), "--workers", "2", quiet=False)
    assert done.returncode in FINISHED, done.stderr.decode()
    stderr = done.stderr.decode()
    written = out.read_text(encoding="utf-8")
    for person in people:
        assert person not in stderr
        assert person not in written
        assert person[:6] + " " + person[6:] not in written


def test_runtime_checks_and_codes_reach_the_workers(tmp_path: Path) -> None:
    """From Python: a check registered at run time (here under the ``__main__`` guard) runs
    in the workers as in one process; a check that cannot be sent to a worker is a
    configuration error naming it, never a run without it."""
    write_lines(tmp_path / "in.jsonl", merchant_lines(CHUNK + 30, seed=13))
    script = tmp_path / "platform_job.py"
    script.write_text(
        '''
import datetime, json, sys
from qualcheck import Code, Severity
from qualcheck._codes import Finding, define
from qualcheck.checks import check
from qualcheck.batch._runner import BatchOptions, run_batch


def test_accounts(merchant, context):
    """Platform rule: a seller whose name says 示例 is a test account."""
    if "示例" in (merchant.name or ""):
        yield Finding.of("acme.test_account")


def nested():
    def inner(merchant, context):
        """A check defined inside a function: it cannot be pickled."""
        return iter(())

    return inner


def run(workers, out):
    options = BatchOptions(inputs=("in.jsonl",), out=out, as_of=datetime.date(2026, 11, 29),
                           workers=workers, quiet=True)
    return run_batch(options)


if __name__ == "__main__":
    define(Code("acme.test_account", Severity.ERROR, "a test account", "测试账户"))
    check("acme_test_accounts", codes=["acme.test_account"])(test_accounts)
    statuses = [run(1, "one.jsonl"), run(2, "two.jsonl")]

    def local(merchant, context):
        """A check defined under the main guard: a worker does not have it."""
        return iter(())

    check("acme_local", codes=[])(local)
    statuses.append(run(2, "three.jsonl"))
    check("acme_nested", codes=[])(nested())
    statuses.append(run(2, "four.jsonl"))
    print(json.dumps(statuses))
''',
        encoding="utf-8",
    )
    done = run_captured([sys.executable, str(script)], cwd=tmp_path, env=_env())
    assert done.returncode == 0, done.stderr.decode()
    statuses = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert statuses[0] in FINISHED
    assert statuses[1] == statuses[0]
    one, two = read_results(tmp_path / "one.jsonl"), read_results(tmp_path / "two.jsonl")
    assert any("acme.test_account" in result["codes"] for result in one)
    assert stable(two) == stable(one)
    assert statuses[2:] == [2, 2]
    stderr = done.stderr.decode()
    assert "the check 'acme_local' cannot be loaded in a worker process" in stderr
    assert "the check 'acme_nested' cannot be sent to a worker process" in stderr
    assert "Traceback" not in stderr
    assert "worker process died" not in stderr


def test_large_records_keep_memory_flat(tmp_path: Path) -> None:
    """Two hundred records a chunk is fine for sellers of a kilobyte; for sellers of a
    hundred kilobytes (a licence scope pasted a thousand times) the chunks in flight must
    not hold hundreds of them: the peak of any process stays near a one-process run's."""
    lines = []
    rng = random.Random(3)
    for index in range(300):
        record = make_merchant("food_shop", as_of=AS_OF, rng=rng)
        record["merchant_id"] = f"fat-{index}"
        for document in record["documents"]:
            if document["kind"] == "food_business":
                document["scope"] = "预包装食品销售（含冷藏冷冻食品）；" * 3000
        lines.append(json.dumps(record, ensure_ascii=False))
    source = write_lines(tmp_path / "fat.jsonl", lines)
    measure = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    peaks = {}
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        argv = qualcheck_command("batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT,
                                 "--quiet", "--workers", workers)  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-c", measure, *argv],
            env=_env(),
            capture_output=True,
            check=True,
            timeout=300,
        )
        status, peak = done.stdout.decode().split()
        assert int(status) in FINISHED
        peaks[workers] = int(peak)  # KiB, the largest process of the run
    assert stable(read_results(tmp_path / "out2.jsonl")) == stable(
        read_results(tmp_path / "out1.jsonl")
    )
    assert peaks["2"] < 2 * peaks["1"], peaks


def test_records_nested_near_the_recursion_limit(tmp_path: Path) -> None:
    lines = []
    for depth in range(940, 1001):
        name = '{"a":' * depth + '"x"' + "}" * depth
        lines.append(f'{{"merchant_id":"d{depth}","name":{name}}}')
        lines.append(f'{{"merchant_id":"l{depth}","documents":{"[" * depth}1{"]" * depth}}}')
    source = write_lines(tmp_path / "deep.jsonl", lines)
    _same_with_workers(tmp_path, [str(source)])


def test_the_summary_lists_codes_in_the_same_order_every_time(tmp_path: Path) -> None:
    record = make_merchant(
        "food_shop", as_of=AS_OF, rng=random.Random(2), expired=["food_business"]
    )
    record.update(uscc="91350100M000100Y4X", last_verified_at="2020-01-01")
    record["categories"] = ["烟花", "电子烟", "不存在的类目"]
    source = write_lines(tmp_path / "in.jsonl", [json.dumps(record, ensure_ascii=False)] * 3)
    summaries = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        done = _batch(str(source), "--out", str(tmp_path / "out.jsonl"), quiet=False,
                      hash_seed=seed)  # fmt: skip
        assert done.returncode in FINISHED, done.stderr.decode()
        _, lines = _summary(done.stderr)
        assert len([line for line in lines if line.strip().startswith("3 ")]) >= 3  # ties
        summaries.add(tuple(lines))
    assert len(summaries) == 1, summaries


# ---------------------------------------------------------------------------- interruptions


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """6,000 sellers (long enough to interrupt) and their one-process results as of
    OTHER_DAY."""
    folder = tmp_path_factory.mktemp("audit-workers")
    source = write_lines(folder / "sellers.jsonl", merchant_lines(6000, seed=41))
    reference = folder / "reference.jsonl"
    done = _batch(str(source), "--out", str(reference), as_of=OTHER_DAY)
    assert done.returncode in FINISHED, done.stderr.decode()
    return source, stable(read_results(reference))


def _argv(source: Path, out: Path, workers: int, *, as_of: str | None = OTHER_DAY) -> list[str]:
    argv = ["batch", str(source), "--out", str(out), "--workers", str(workers)]
    argv += ["--commit-every", "50", "--progress-interval", "3600"]
    return argv + (["--as-of", as_of] if as_of is not None else [])


def _complete(
    source: Path, out: Path, reference: list[dict[str, Any]], workers: int, *, as_of: bool = True
) -> None:
    """Rerun the same command (with ``workers``): the output then holds every record once,
    the results of one uninterrupted process."""
    done = _batch(
        str(source), "--out", str(out), "--workers", str(workers),
        as_of=OTHER_DAY if as_of else None,
    )  # fmt: skip
    assert done.returncode in FINISHED, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert not checkpoint_path(out).exists()
    results = read_results(out)
    lines = Counter(int(result["line"]) for result in results)
    assert sorted(lines) == list(range(1, len(reference) + 1))
    assert set(lines.values()) == {1}
    assert stable(results) == reference


def _mid_run(
    start: Callable[..., _Run], tmp_path: Path, source: Path, workers: int
) -> tuple[_Run, Path]:
    """A run with ``workers`` workers, once it has saved a checkpoint (or ended)."""
    out = tmp_path / "results.jsonl"
    run = start(_argv(source, out, workers), tmp_path)
    assert _wait_until(lambda: checkpoint_path(out).exists() or run.process.poll() is not None)
    return run, out


def _resumed(
    run: _Run,
    source: Path,
    out: Path,
    reference: list[dict[str, Any]],
    workers: int,
    *,
    as_of: bool = True,
) -> None:
    """No process of the interrupted run is left, and a rerun completes its output."""
    assert not _none_left(run.tag)
    _complete(source, out, reference, workers, as_of=as_of)


@needs_proc
def test_killed_parent_leaves_no_worker_and_resumes_with_other_workers(
    tmp_path: Path, many: tuple[Path, list[dict[str, Any]]], start: Callable[..., _Run]
) -> None:
    source, reference = many
    run, out = _mid_run(start, tmp_path, source, 2)
    workers = _workers_of(run.tag, run.process.pid)
    if run.process.poll() is None:
        assert workers, "the workers of a running batch"
        run.process.send_signal(signal.SIGKILL)
    run.wait()
    left = _none_left(run.tag)
    assert not left, f"processes outlived the killed batch: {left}"
    # the rest with three workers and without --as-of: the first run's date is kept
    _complete(source, out, reference, 3, as_of=False)


@needs_proc
def test_ctrl_c_at_the_terminal_while_the_workers_start(
    tmp_path: Path, many: tuple[Path, list[dict[str, Any]]], start: Callable[..., _Run]
) -> None:
    """A terminal sends Ctrl-C to the whole foreground process group: a worker still
    starting must not die of it (exit 2, tracebacks); the batch stops as interrupted."""
    source, reference = many
    out = tmp_path / "results.jsonl"
    run = start(_argv(source, out, 2), tmp_path)
    assert _wait_until(lambda: bool(_workers_of(run.tag, run.process.pid)), 60)
    os.killpg(run.process.pid, signal.SIGINT)
    status, stderr = run.wait()
    assert "Traceback" not in stderr
    assert "worker process died" not in stderr
    assert status == 128 + signal.SIGINT, stderr
    assert "interrupted (SIGINT)" in stderr
    assert "rerun the same command" in stderr
    _resumed(run, source, out, reference, 2)


@needs_proc
def test_ctrl_c_at_the_terminal_mid_run(
    tmp_path: Path, many: tuple[Path, list[dict[str, Any]]], start: Callable[..., _Run]
) -> None:
    source, reference = many
    run, out = _mid_run(start, tmp_path, source, 2)
    if run.process.poll() is None:
        os.killpg(run.process.pid, signal.SIGINT)
    status, stderr = run.wait()
    assert "Traceback" not in stderr
    if status not in FINISHED:
        assert status == 128 + signal.SIGINT, stderr
        assert "finishing the records in flight" in stderr
    _resumed(run, source, out, reference, 1)


@needs_proc
def test_sigint_twice_stops_at_once(
    tmp_path: Path, many: tuple[Path, list[dict[str, Any]]], start: Callable[..., _Run]
) -> None:
    source, reference = many
    run, out = _mid_run(start, tmp_path, source, 2)
    if run.process.poll() is None:
        run.process.send_signal(signal.SIGINT)
        _wait_until(lambda: run.said("send it again") or run.process.poll() is not None, 30)
        if run.process.poll() is None:
            run.process.send_signal(signal.SIGINT)
    status, stderr = run.wait()
    assert "Traceback" not in stderr
    if status not in FINISHED:
        assert status == 128 + signal.SIGINT, stderr
        assert "stopped at once" in stderr or "interrupted (SIGINT)" in stderr
    _resumed(run, source, out, reference, 3)


@needs_proc
def test_a_killed_worker_stops_the_run_and_the_rerun_completes(
    tmp_path: Path, many: tuple[Path, list[dict[str, Any]]], start: Callable[..., _Run]
) -> None:
    source, reference = many
    run, out = _mid_run(start, tmp_path, source, 2)
    workers = _workers_of(run.tag, run.process.pid)
    if run.process.poll() is None and workers:
        os.kill(workers[0], signal.SIGKILL)
    status, stderr = run.wait()
    assert "Traceback" not in stderr
    if status not in FINISHED:
        assert status == 2, stderr
        assert "a worker process died" in stderr
        assert "rerun the same command" in stderr
        assert checkpoint_path(out).exists()
    _resumed(run, source, out, reference, 1)


@needs_proc
def test_sigterm_resumes_without_as_of_and_with_another_worker_count(
    tmp_path: Path, many: tuple[Path, list[dict[str, Any]]], start: Callable[..., _Run]
) -> None:
    source, reference = many
    run, out = _mid_run(start, tmp_path, source, 3)
    if run.process.poll() is None:
        run.process.send_signal(signal.SIGTERM)
    status, stderr = run.wait()
    if status not in FINISHED:
        assert status == 128 + signal.SIGTERM, stderr
        assert "interrupted (SIGTERM)" in stderr
        saved = json.loads(checkpoint_path(out).read_text(encoding="utf-8"))
        assert saved["identity"]["arguments"]["as_of"] == OTHER_DAY
    _resumed(run, source, out, reference, 2, as_of=False)
    assert {result["as_of"] for result in read_results(out)} == {OTHER_DAY}


@needs_proc
def test_sigterm_to_every_process_of_the_run_is_an_interruption(
    tmp_path: Path, many: tuple[Path, list[dict[str, Any]]], start: Callable[..., _Run]
) -> None:
    source, reference = many
    run, out = _mid_run(start, tmp_path, source, 2)
    assert run.process.poll() is None, "finished before it could be stopped"
    workers = _workers_of(run.tag, run.process.pid)
    run.process.send_signal(signal.SIGTERM)
    assert _wait_until(lambda: run.said("finishing the records in flight"), 30)
    for pid in workers:
        with contextlib.suppress(ProcessLookupError):  # done with its records already
            os.kill(pid, signal.SIGTERM)
    status, stderr = run.wait()
    assert status == 128 + signal.SIGTERM, stderr
    _resumed(run, source, out, reference, 2)
