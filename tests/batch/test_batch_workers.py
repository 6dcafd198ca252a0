"""``qualcheck batch --workers N``: verification in N processes gives the output of one
process, record for record and in order; an interrupted run resumes with every record
exactly once; a worker that dies stops the run at its last checkpoint."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from batch_helpers import (
    AS_OF,
    AS_OF_TEXT,
    merchant_lines,
    qualcheck_command,
    read_results,
    run_captured,
    stable,
    write_lines,
)

from qualcheck.batch._checkpoint import checkpoint_path
from qualcheck.batch._runner import EXIT_USAGE, BatchOptions, run_batch
from qualcheck.batch._workers import CHUNK

RECORDS = 1300  # several chunks per worker, a last chunk cut short
FINISHED = (0, 1, 3)


def _batch(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return run_captured(qualcheck_command("batch", *argv, "--as-of", AS_OF_TEXT, "--quiet"))


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workers")
    return write_lines(folder / "sellers.jsonl", merchant_lines(RECORDS, seed=33))


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_workers_write_what_one_process_writes(source: Path, tmp_path: Path, suffix: str) -> None:
    assert RECORDS > 2 * 2 * CHUNK
    one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    single = _batch(str(source), "--out", str(one))
    double = _batch(str(source), "--out", str(two), "--workers", "2")
    assert single.returncode in FINISHED, single.stderr.decode()
    assert double.returncode == single.returncode, double.stderr.decode()
    first, second = read_results(one), read_results(two)
    assert [result["line"] for result in second] == list(range(1, RECORDS + 1))
    assert stable(second) == stable(first)


def test_a_run_with_workers_resumes_with_every_record_once(
    source: Path, tmp_path: Path, popen: Callable[..., subprocess.Popen[bytes]]
) -> None:
    reference_out = tmp_path / "reference.jsonl"
    done = _batch(str(source), "--out", str(reference_out))
    reference = stable(read_results(reference_out))

    out = tmp_path / "results.jsonl"
    argv = ("batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT)
    process = popen(*argv, "--workers", "2", "--commit-every", "50", cwd=tmp_path)
    checkpoint = checkpoint_path(out)
    deadline = time.monotonic() + 120
    while not checkpoint.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=120)
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    if status not in FINISHED:  # interrupted (not finished before the signal came)
        assert status == 128 + signal.SIGTERM, stderr
        assert "rerun the same command to continue" in stderr
    # the rest, once in one process: the worker count is not part of the run's identity
    last = _batch(str(source), "--out", str(out))
    assert last.returncode == done.returncode, last.stderr.decode()
    assert not checkpoint.exists()
    results = read_results(out)
    lines = Counter(result["line"] for result in results)
    assert sorted(lines) == list(range(1, RECORDS + 1))
    assert set(lines.values()) == {1}
    assert stable(results) == reference


def test_a_dead_worker_stops_the_run_at_its_checkpoint(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    options = BatchOptions(
        inputs=(str(source),), out=str(out), as_of=AS_OF, workers=2, commit_every=20
    )
    stderr = io.StringIO()
    status: list[int] = []
    runner = threading.Thread(target=lambda: status.append(run_batch(options, stderr=stderr)))
    runner.start()
    deadline = time.monotonic() + 120
    while not multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.01)
    children = multiprocessing.active_children()
    assert children
    while not out.exists() or out.stat().st_size == 0:  # the first results are in
        assert runner.is_alive(), f"the run ended before writing: {status} {stderr.getvalue()}"
        assert time.monotonic() < deadline, f"no results within the deadline: {stderr.getvalue()}"
        time.sleep(0.01)
    pid = children[0].pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    runner.join(timeout=120)
    if status == [EXIT_USAGE]:
        assert "a worker process died" in stderr.getvalue()
        assert checkpoint_path(out).exists()
    else:  # every chunk was already verified when the worker died
        assert status[0] in FINISHED
    rerun = _batch(str(source), "--out", str(out), "--workers", "2")
    assert rerun.returncode in FINISHED, rerun.stderr.decode()
    lines = Counter(result["line"] for result in read_results(out))
    assert sorted(lines) == list(range(1, RECORDS + 1))
    assert set(lines.values()) == {1}


_HALF_A_RESULT = '''
import datetime, os, struct, sys
from qualcheck.batch._runner import BatchOptions, run_batch
from qualcheck.checks import check


def half_a_result(merchant, context):
    """Dies while sending a result: the pool's result pipe holds half a message."""
    frame = sys._getframe()
    while frame.f_code.co_name != "_process_worker":
        frame = frame.f_back
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 1 << 20) + b"half")
    os._exit(1)


if __name__ == "__main__":
    check("die_mid_result", codes=[])(half_a_result)
    options = BatchOptions(inputs=(sys.argv[1],), out="results.jsonl",
                           as_of=datetime.date(2026, 11, 29), workers=2, quiet=True)
    print(run_batch(options), flush=True)
'''


def test_a_worker_dead_in_the_middle_of_a_result_does_not_hang_the_run(
    source: Path, tmp_path: Path
) -> None:
    """A worker killed while writing a result leaves half a message in the pool's result
    pipe; the pool's own thread would wait for the rest for ever, and the run with it at
    exit.  The run ends as one whose worker died."""
    script = tmp_path / "dies.py"
    script.write_text(_HALF_A_RESULT, encoding="utf-8")
    done = run_captured([sys.executable, str(script), str(source)], cwd=tmp_path, timeout=180)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().split() == [str(EXIT_USAGE)]


def test_workers_are_for_offline_runs(source: Path, tmp_path: Path) -> None:
    snapshot = Path(__file__).resolve().parents[2] / "examples" / "registry.sqlite"
    done = _batch(
        str(source), "--out", str(tmp_path / "o.jsonl"), "--workers", "2", "--registry",
        str(snapshot),
    )  # fmt: skip
    assert done.returncode == 2
    assert "--workers verifies offline" in done.stderr.decode()


@pytest.mark.parametrize("workers", ["0", "-1", "two"])
def test_workers_must_be_a_positive_count(source: Path, tmp_path: Path, workers: str) -> None:
    done = _batch(str(source), "--out", str(tmp_path / "o.jsonl"), "--workers", workers)
    assert done.returncode == 2
    assert "--workers" in done.stderr.decode()


def test_batch_options_refuse_a_bad_worker_count(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "in.jsonl", merchant_lines(3))
    options = BatchOptions(inputs=(str(source),), out=str(tmp_path / "o.jsonl"), workers=0)
    stderr = io.StringIO()
    assert run_batch(options, stderr=stderr) == EXIT_USAGE
    assert "--workers must be at least 1" in stderr.getvalue()
