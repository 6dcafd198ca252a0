"""Data and helpers shared by the batch tests: generated merchant files with good, failing
and malformed lines, reading results back, the command line as a subprocess."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from qualcheck.testing import PROFILES, make_merchant

AS_OF = datetime.date(2026, 11, 29)
AS_OF_TEXT = AS_OF.isoformat()
MALFORMED = ("{not json", '["a list"]', '{"subject_type": "enterprise", "name": ""}')


def merchant_lines(count: int, seed: int = 1, *, malformed_every: int = 9) -> list[str]:
    """``count`` JSON Lines: passing sellers of every profile, some with an expired or an
    expiring licence or due for re-verification, and every ``malformed_every``-th line
    broken (not JSON, not an object, an empty name)."""
    rng = random.Random(seed)
    out = []
    for index in range(count):
        if malformed_every and index % malformed_every == malformed_every - 1:
            out.append(MALFORMED[index // malformed_every % len(MALFORMED)])
            continue
        profile = PROFILES[index % len(PROFILES)]
        knobs: dict[str, Any] = {}
        main_doc = "identity" if profile == "natural_person" else "business_license"
        if index % 5 == 1:
            knobs["expired"] = [main_doc]
        elif index % 5 == 2:
            knobs["expiring"] = [main_doc]
        if index % 4 == 3:
            knobs["last_verified_months_ago"] = 7
        record = make_merchant(profile, as_of=AS_OF, rng=rng, **knobs)
        record["merchant_id"] = f"m-{index:06d}"
        out.append(json.dumps(record, ensure_ascii=False))
    return out


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def read_results(path: Path) -> list[dict[str, Any]]:
    """The results of a JSON Lines or CSV output, as dicts (CSV findings decoded)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        for row in rows:
            row["line"] = int(row["line"])
            row["codes"] = row["codes"].split()
            row["findings"] = json.loads(row["findings"]) if row["findings"] else []
        return rows
    return [json.loads(line) for line in text.splitlines()]


VOLATILE = ("audit_id", "created_at", "registry_fetched_at", "fetched_at")


def _without_volatile(ctx: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in ctx.items() if key not in VOLATILE}


def stable(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Results without what differs between two runs of the same input."""
    out = []
    for result in results:
        kept = {key: value for key, value in result.items() if key not in VOLATILE}
        kept["findings"] = [
            {
                **finding,
                "ctx": {k: v for k, v in finding.get("ctx", {}).items() if k not in VOLATILE},
            }
            for finding in kept["findings"]
        ]
        if isinstance(kept.get("registry"), dict):
            kept["registry"] = {k: v for k, v in kept["registry"].items() if k != "fetched_at"}
        out.append(kept)
    return out


def qualcheck_command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "qualcheck", *argv]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_captured(
    argv: list[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: bytes = b"",
    timeout: float = 300,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``argv`` to its end (within ``timeout`` seconds) with ``stdin`` as its input and
    its output captured; its exit status is the caller's to judge."""
    return subprocess.run(
        argv,
        cwd=cwd,
        env=subprocess_env() if env is None else env,
        input=stdin,
        capture_output=True,
        check=False,
        timeout=timeout,
    )
