"""Audit: ``qualcheck batch`` and ``qualcheck due`` as subprocesses.

Contract (docs/batch.md, docs/cli.md): one result per input record, in input order;
interrupted by SIGINT/SIGTERM (exit 130/143), killed, or stopped by the registry (exit 4),
the same command resumes and the output holds every record exactly once; 2 for usage or
configuration errors.  ``due`` exits 0 and never shows ID numbers or phones.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from audit_support import (
    AS_OF,
    AS_OF_TEXT,
    EXAMPLE_LINES,
    cli_env,
    deep_json,
    no_traceback,
    qualcheck_command,
    run_cli,
    write_jsonl,
)

from qualcheck.testing import PROFILES, make_merchant

SLOW_REGISTRY = '''
import asyncio, os, time
from qualcheck.registries import LookupResult, RegistryAbort


class SlowRegistry:
    """Answers "not found" after a delay; aborts (quota) on a name holding ABORT while
    the file named by QC_AUDIT_ABORT_FLAG exists."""

    name = "slow"
    license_kinds = frozenset()

    def _answer(self, query):
        flag = os.environ.get("QC_AUDIT_ABORT_FLAG")
        if flag and os.path.exists(flag) and "ABORT" in (query.name or ""):
            raise RegistryAbort("slow: quota exhausted (audit)", source="slow", reason="quota")
        return LookupResult.not_found("slow")

    def lookup(self, query):
        time.sleep(float(os.environ.get("QC_AUDIT_DELAY", "0.01")))
        return self._answer(query)

    async def alookup(self, query):
        await asyncio.sleep(float(os.environ.get("QC_AUDIT_DELAY", "0.01")))
        return self._answer(query)
'''


def merchants(path: Path, count: int, *, abort_at: int | None = None) -> Path:
    rng = random.Random(count)
    records = []
    for index in range(count):
        record = make_merchant(PROFILES[index % len(PROFILES)], as_of=AS_OF, rng=rng)
        record["merchant_id"] = f"m-{index + 1}"
        if abort_at is not None and index + 1 == abort_at:
            record["name"] += "ABORT"
        records.append(record)
    return write_jsonl(path, records)


def slow_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    (tmp_path / "qc_audit_slow.py").write_text(SLOW_REGISTRY, encoding="utf-8")
    return cli_env(PYTHONPATH=str(tmp_path), **extra)


def batch_args(source: Path, out: Path, *extra: str) -> list[str]:
    return [
        "batch",
        str(source),
        "--out",
        str(out),
        "--as-of",
        AS_OF_TEXT,
        "--quiet",
        "--commit-every",
        "5",
        *extra,
    ]


def lines_of(out: Path) -> list[int]:
    return [json.loads(line)["line"] for line in out.read_text(encoding="utf-8").splitlines()]


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*qualcheck_command(), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def wait_for_output(process: subprocess.Popen[bytes], out: Path, size: int = 1) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if out.exists() and out.stat().st_size >= size:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    raise AssertionError("the batch wrote nothing")


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGKILL, -signal.SIGKILL)],
    ids=["SIGTERM", "SIGINT", "SIGKILL"],
)
def test_interrupted_batch_resumes_without_loss_or_duplicates(
    tmp_path: Path, signum: int, status: int
) -> None:
    count = 160
    source = merchants(tmp_path / "in.jsonl", count)
    out = tmp_path / "out.jsonl"
    env = slow_env(tmp_path)
    args = batch_args(source, out, "--registry", "qc_audit_slow:SlowRegistry", "--concurrency", "2")
    process = start(args, env)
    wait_for_output(process, out, 2000)
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode == status, err.decode()
    assert b"Traceback" not in err
    first = lines_of(out) if out.exists() else []
    assert len(first) < count  # it was interrupted
    again = run_cli(*args, env=env)
    no_traceback(again)
    assert again.returncode == 1  # every seller is "not found" in the slow registry
    assert lines_of(out) == list(range(1, count + 1))
    assert not Path(str(out) + ".checkpoint").exists()


def test_registry_abort_exits_4_and_resumes(tmp_path: Path) -> None:
    count, abort_at = 120, 60
    source = merchants(tmp_path / "in.jsonl", count, abort_at=abort_at)
    out = tmp_path / "out.jsonl"
    flag = tmp_path / "abort-flag"
    flag.write_text("on")
    env = slow_env(tmp_path, QC_AUDIT_ABORT_FLAG=str(flag), QC_AUDIT_DELAY="0.001")
    args = batch_args(source, out, "--registry", "qc_audit_slow:SlowRegistry", "--concurrency", "4")
    stopped = run_cli(*args, env=env)
    no_traceback(stopped)
    assert stopped.returncode == 4
    assert "quota" in stopped.stderr
    assert lines_of(out) == list(range(1, abort_at))  # the records before it stand
    flag.unlink()  # "fix the cause"
    again = run_cli(*args, env=env)
    no_traceback(again)
    assert again.returncode == 1
    assert lines_of(out) == list(range(1, count + 1))


def test_batch_one_result_per_line_with_bad_lines(tmp_path: Path) -> None:
    lines = [EXAMPLE_LINES[0], "not json", "[1]", "", "null", '{"name": 1}', EXAMPLE_LINES[1]]
    source = write_jsonl(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    result = run_cli(*batch_args(source, out))
    no_traceback(result)
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in results] == [1, 2, 3, 5, 6, 7]
    assert [r["decision"] for r in results] == [
        "pass",
        "review",
        "review",
        "review",
        "review",
        "pass",
    ]
    assert result.returncode == 3


def test_batch_gbk_file_reports_every_line(tmp_path: Path) -> None:
    source = tmp_path / "gbk.jsonl"
    source.write_bytes(("\n".join(EXAMPLE_LINES[:3]) + "\n").encode("gbk"))
    out = tmp_path / "out.jsonl"
    result = run_cli(*batch_args(source, out))
    no_traceback(result)
    assert lines_of(out) == [1, 2, 3]
    assert result.returncode == 3


def test_batch_deeply_nested_line_is_one_result(tmp_path: Path) -> None:
    """Defect: the reader yields the over-deep line as text (it catches RecursionError),
    then verify() re-parses it and the RecursionError escapes: the batch dies with a
    traceback (exit 1), the records after it are never written and no checkpoint is
    left to resume from."""
    source = write_jsonl(tmp_path / "in.jsonl", [EXAMPLE_LINES[0], deep_json(), EXAMPLE_LINES[1]])
    out = tmp_path / "out.jsonl"
    result = run_cli(*batch_args(source, out))
    no_traceback(result)
    assert lines_of(out) == [1, 2, 3]
    assert result.returncode == 3


def test_batch_registry_file_that_is_not_a_registry_is_a_usage_error(tmp_path: Path) -> None:
    """Defect: RegistryError from SqliteRegistry() is not caught by run_batch (only
    ConfigError and RegistryAbort are): traceback and exit 1 instead of 2."""
    source = write_jsonl(tmp_path / "in.jsonl", EXAMPLE_LINES[:2])
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database", encoding="utf-8")
    result = run_cli(*batch_args(source, tmp_path / "out.jsonl", "--registry", str(bogus)))
    no_traceback(result)
    assert result.returncode == 2
    assert "bogus.sqlite" in result.stderr


def test_batch_directory_input_message_is_accurate(tmp_path: Path) -> None:
    """Defect (minor): an input that is a directory is reported as 'no such file'."""
    folder = tmp_path / "folder"
    folder.mkdir()
    result = run_cli(*batch_args(folder, tmp_path / "out.jsonl"))
    no_traceback(result)
    assert result.returncode == 2
    assert "folder" in result.stderr
    assert "no such file" not in result.stderr.lower()


def test_batch_missing_input_names_it(tmp_path: Path) -> None:
    result = run_cli(*batch_args(tmp_path / "absent.jsonl", tmp_path / "out.jsonl"))
    no_traceback(result)
    assert result.returncode == 2
    assert "absent.jsonl" in result.stderr


def test_due_deeply_nested_line(tmp_path: Path) -> None:
    """Defect: `qualcheck due` dies with RecursionError on an over-deep line (exit 1)
    instead of listing it as unreadable (exit 0)."""
    source = write_jsonl(tmp_path / "in.jsonl", [EXAMPLE_LINES[8], deep_json()])
    result = run_cli("due", str(source), "--as-of", AS_OF_TEXT, "--format", "jsonl")
    no_traceback(result)
    assert result.returncode == 0
    statuses = [json.loads(line)["status"] for line in result.stdout.splitlines()]
    assert "unreadable" in statuses
    assert "expired" in statuses


def test_due_masks_personal_numbers(tmp_path: Path) -> None:
    records: list[Any] = []
    secrets: set[str] = set()
    for seed in range(3):
        record = make_merchant(
            "natural_person", as_of=AS_OF, rng=random.Random(seed), expired=["identity"]
        )
        record["contact_phone"] = "13912345678"
        secrets.update(d["number"] for d in record["documents"] if d["kind"] == "identity")
        records.append(record)
    source = write_jsonl(tmp_path / "in.jsonl", records)
    for fmt in ("table", "jsonl"):
        result = run_cli("due", str(source), "--as-of", AS_OF_TEXT, "--format", fmt)
        no_traceback(result)
        assert result.returncode == 0
        assert "expired" in result.stdout
        for secret in secrets | {"13912345678"}:
            assert secret not in result.stdout + result.stderr
