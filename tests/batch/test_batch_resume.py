"""Kill ``qualcheck batch`` at random points — SIGKILL, SIGINT, SIGTERM — and rerun it:
the output ends with every input record exactly once, the same results as a run that
was never interrupted (apart from audit ids and timestamps)."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from batch_helpers import (
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

RECORDS = 4000  # enough that three short interruptions cannot finish it on a fast machine
PLAN = (
    signal.SIGKILL,
    signal.SIGINT,
    signal.SIGKILL,
    signal.SIGTERM,
    signal.SIGKILL,
    signal.SIGINT,
)
FINISHED = (0, 1, 3)


def _argv(source: Path, out: Path) -> list[str]:
    return [
        "batch",
        str(source),
        "--out",
        str(out),
        "--as-of",
        AS_OF_TEXT,
        "--commit-every",
        "37",
        "--progress-interval",
        "0.05",
    ]


class _Watch:
    """Reads a process's standard error; ``working`` is set at its first progress line."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.lines: list[str] = []
        self.working = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stderr is not None
        for raw in process.stderr:
            line = raw.decode("utf-8", "replace")
            self.lines.append(line)
            if "records/s" in line:
                self.working.set()
        self.working.set()  # ended before any progress: stop waiting

    def join(self) -> str:
        self._thread.join(timeout=60)
        return "".join(self.lines)


def test_killed_at_random_points_then_resumed(
    tmp_path: Path, popen: Callable[..., subprocess.Popen[bytes]]
) -> None:
    source = write_lines(tmp_path / "sellers.jsonl", merchant_lines(RECORDS, seed=21))
    reference_out = tmp_path / "reference.jsonl"
    done = run_captured(qualcheck_command(*_argv(source, reference_out), "--quiet"))
    assert done.returncode in FINISHED, done.stderr.decode()
    reference = stable(read_results(reference_out))
    assert len(reference) == RECORDS

    out = tmp_path / "results.jsonl"
    checkpoint = checkpoint_path(out)
    rng = random.Random(2026)
    interrupted = 0
    for signum in PLAN:
        process = popen(*_argv(source, out), cwd=tmp_path)
        watch = _Watch(process)
        assert watch.working.wait(timeout=120)
        time.sleep(rng.uniform(0.0, 0.1))  # a resumed run has less left to do each time
        if process.poll() is None:
            process.send_signal(signum)
        status = process.wait(timeout=120)
        stderr = watch.join()
        summary = "records →" in stderr and "interrupted" not in stderr
        if status in FINISHED or summary:  # it ended before the signal came (or as it came)
            break
        interrupted += 1
        if signum == signal.SIGKILL:
            assert status == -signal.SIGKILL
            continue
        assert status == 128 + signum, stderr
        assert "finishing the records in flight" in stderr
        assert "rerun the same command to continue" in stderr
        saved = json.loads(checkpoint.read_text(encoding="utf-8"))
        assert out.stat().st_size == saved["output_bytes"]  # a clean checkpoint
        assert saved["records"] == len(out.read_text(encoding="utf-8").splitlines())

    assert interrupted >= 3
    last = run_captured(qualcheck_command(*_argv(source, out)))
    assert last.returncode == done.returncode, last.stderr.decode()
    assert not checkpoint.exists()
    results = read_results(out)
    lines = Counter(result["line"] for result in results)
    assert sorted(lines) == list(range(1, RECORDS + 1))
    assert set(lines.values()) == {1}  # every line exactly once
    assert stable(results) == reference
    assert len({result["audit_id"] for result in results}) == RECORDS


SLOW_REGISTRY = '''
import asyncio
import time

from qualcheck.registries import LookupResult


class Registry:
    """Not found for everyone, 20 ms late."""

    name = "slow"
    license_kinds = frozenset()

    def lookup(self, query):
        time.sleep(0.02)
        return LookupResult.not_found(self.name)

    async def alookup(self, query):
        await asyncio.sleep(0.02)
        return LookupResult.not_found(self.name)
'''


def test_sigint_with_registry_lookups_in_flight(
    tmp_path: Path, popen: Callable[..., subprocess.Popen[bytes]]
) -> None:
    (tmp_path / "slow_registry_for_batch.py").write_text(SLOW_REGISTRY, encoding="utf-8")
    source = write_lines(tmp_path / "in.jsonl", merchant_lines(600, seed=5, malformed_every=0))
    out = tmp_path / "out.jsonl"
    argv = [*_argv(source, out), "--registry", "slow_registry_for_batch:Registry"]
    argv += ["--concurrency", "8"]
    env = {**subprocess_env(), "PYTHONPATH": str(tmp_path)}
    process = subprocess.Popen(
        qualcheck_command(*argv),
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        watch = _Watch(process)
        assert watch.working.wait(timeout=120)
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=120)
        stderr = watch.join()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()
    assert status == 130, stderr
    assert "SIGINT: finishing the records in flight" in stderr
    saved = json.loads(checkpoint_path(out).read_text(encoding="utf-8"))
    assert out.stat().st_size == saved["output_bytes"]
    assert 0 < saved["records"] < 600
    done = subprocess.run(
        qualcheck_command(*argv), env=env, capture_output=True, check=False, timeout=300
    )
    assert done.returncode in FINISHED, done.stderr.decode()
    assert f"resuming after {saved['records']:,} records" in done.stderr.decode()
    results = read_results(out)
    assert [r["line"] for r in results] == list(range(1, 601))
    assert {r["registry"]["status"] for r in results if r["registry"]} == {"not_found"}
