"""Fixtures of the batch tests: the command line in-process, subprocesses cleaned up."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from batch_helpers import qualcheck_command, subprocess_env

from qualcheck.cli import main


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``run_cli(*argv)`` → (exit status, stdout, stderr) of ``qualcheck`` in-process."""

    def run(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


@pytest.fixture
def popen() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start ``qualcheck`` subprocesses; any still running after the test is killed."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*argv: str, cwd: Path) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            qualcheck_command(*argv),
            cwd=cwd,
            env=subprocess_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stderr is not None:
            process.stderr.close()
