"""Memory stays flat: ``qualcheck batch`` on six times more records peaks at about the
same resident set size.  The child reads its own high-water mark (``VmHWM`` in
``/proc/self/status``) when the run is over; no timing is involved."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import AS_OF_TEXT, merchant_lines, subprocess_env

SMALL, LARGE = 5_000, 30_000
ALLOWED_GROWTH_MB = 25  # a report kept per record would be ~100 MB over 25,000 records
CHILD = """
import sys
from qualcheck.cli import main
status = main(sys.argv[1:])
with open("/proc/self/status", encoding="ascii") as stream:
    peak = next(line.split()[1] for line in stream if line.startswith("VmHWM:"))
sys.stderr.write(f"VmHWM {peak} kB\\n")
raise SystemExit(status)
"""

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="needs /proc (Linux)"
)


def _write(path: Path, count: int, templates: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for index in range(count):
            line = templates[index % len(templates)]
            stream.write(re.sub(r'"m-\d+"', f'"m-{index:06d}"', line, count=1) + "\n")
    return path


def _peak_rss_mb(source: Path, out: Path) -> float:
    """Run the batch in a child process; its peak resident set size in MB."""
    argv = ["batch", str(source), "-o", str(out), "--as-of", AS_OF_TEXT, "--quiet"]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *argv],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode in (0, 1, 3), done.stderr
    found = re.search(r"VmHWM (\d+) kB", done.stderr)
    assert found is not None, done.stderr
    return int(found.group(1)) / 1024


def test_peak_memory_does_not_grow_with_the_input(tmp_path: Path) -> None:
    templates = merchant_lines(240, seed=13)
    small = _write(tmp_path / "small.jsonl", SMALL, templates)
    large = _write(tmp_path / "large.jsonl", LARGE, templates)
    small_mb = _peak_rss_mb(small, tmp_path / "small-out.jsonl")
    large_mb = _peak_rss_mb(large, tmp_path / "large-out.jsonl")
    with (tmp_path / "large-out.jsonl").open(encoding="utf-8") as results:
        assert sum(1 for _ in results) == LARGE
    print(f"peak RSS: {SMALL} records {small_mb:.1f} MB, {LARGE} records {large_mb:.1f} MB")
    assert large_mb - small_mb < ALLOWED_GROWTH_MB, (small_mb, large_mb)
