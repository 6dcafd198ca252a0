"""Benchmark ``qualcheck batch`` on a large generated input (not a test).

Usage::

    pip install -e '.[batch]'
    python bench/batch.py [--records 1000000] [--registry-records 6000] [--workdir DIR]

1. Generates N merchants (default 1,000,000) as JSON Lines with ``qualcheck.testing``'s
   ``make_merchant`` — every profile, some licences expired or expiring, some sellers due
   for re-verification, one line in a hundred malformed — each record with numbers of its
   own (no cache sees a number twice).  The file is kept in ``--workdir`` and reused.
2. Runs ``qualcheck batch`` on it offline, as a child process, and reports records per
   second (inside the run, and over the whole command with its start-up) and the peak
   resident set size the kernel measured for the child (target: under 200 MB for 1M);
   then again with ``--workers N`` (default: one per CPU), and prints the speed-up over
   one process.
3. Starts the loopback registry server (``python -m qualcheck.testing.registry_server
   --latency 0.05``: every answer 50 ms late) and runs the batch on the first
   ``--registry-records`` records with ``--registry`` pointing at a small HTTP adapter
   driven by :class:`~qualcheck.registries.HttpRegistry`, at several concurrencies; the
   throughput is compared with the bound concurrency / latency.
"""

from __future__ import annotations

import sys

# Run as a script, this file's folder comes first on sys.path and bench/numbers.py would
# shadow the standard library's ``numbers`` module; drop that entry before anything imports it.
if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    del sys.path[0]

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import subprocess
import tempfile
import textwrap
import time
from pathlib import Path

from qualcheck import __version__
from qualcheck.testing import PROFILES, make_merchant

AS_OF = datetime.date(2026, 11, 29)
TARGET_RSS_MB = 200
LATENCY = 0.05
TARGET_FRACTION = 0.9

ADAPTER = '''
"""An HTTP adapter for the benchmark: asks the loopback server, which echoes the query;
the answer confirms what the seller declared (an active company)."""

import asyncio
import os
import time

import httpx

from qualcheck.registries import LookupResult, RegistryRecord, Step
from qualcheck.registries.driver import DriverOptions, HttpRegistry


class EchoAdapter:
    name = "loopback"
    license_kinds = frozenset()

    def __init__(self, url):
        self.url = url

    def flow(self, query):
        yield Step(
            httpx.Request("GET", self.url, params={"uscc": query.uscc or "", "name": query.name}),
            lambda response: response.json(),
            label="echo",
        )
        record = RegistryRecord(
            name=query.name,
            uscc=query.uscc,
            legal_representative=query.legal_representative,
            status="存续",
            source=self.name,
        )
        return LookupResult.found(record)


class SleepRegistry:
    """No HTTP at all: every answer 50 ms late (asyncio.sleep).  The batch pipeline's own
    bound, for comparison with the HTTP driver."""

    name = "sleeper"
    license_kinds = frozenset()

    def _found(self, query):
        record = RegistryRecord(
            name=query.name,
            uscc=query.uscc,
            legal_representative=query.legal_representative,
            status="存续",
            source=self.name,
        )
        return LookupResult.found(record)

    def lookup(self, query):
        time.sleep(float(os.environ["BENCH_LATENCY"]))
        return self._found(query)

    async def alookup(self, query):
        await asyncio.sleep(float(os.environ["BENCH_LATENCY"]))
        return self._found(query)


def make():
    options = DriverOptions(
        concurrency=int(os.environ["BENCH_CONCURRENCY"]), breaker_fail_max=None, attempts=1
    )
    return HttpRegistry(EchoAdapter(os.environ["BENCH_URL"]), options=options)
'''


def generate(path: Path, count: int, seed: int = 2026) -> float:
    """Write ``count`` generated merchants to ``path``; seconds spent (0 if reused)."""
    if path.exists():
        return 0.0
    start = time.perf_counter()
    rng = random.Random(seed)
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8") as stream:
        for index in range(count):
            if index % 100 == 99:
                stream.write('{"subject_type": "enterprise", "name": \n')
                continue
            profile = PROFILES[index % len(PROFILES)]
            document = "identity" if profile == "natural_person" else "business_license"
            knobs: dict[str, object] = {}
            if index % 10 == 1:
                knobs["expired"] = [document]
            elif index % 10 == 2:
                knobs["expiring"] = [document]
            if index % 6 == 3:
                knobs["last_verified_months_ago"] = rng.randint(0, 12)
            record = make_merchant(profile, as_of=AS_OF, rng=rng, **knobs)  # type: ignore[arg-type]
            record["merchant_id"] = f"bench-{index:07d}"
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.replace(path)
    return time.perf_counter() - start


def lookups_only(source: Path, target: Path, count: int) -> Path:
    """The first ``count`` records of ``source`` that the registry is asked about (a
    registered seller: a USCC, not a natural person; readable), in ``target``."""
    kept = 0
    with source.open("rb") as reader, target.open("wb") as writer:
        for line in reader:
            if kept >= count:
                break
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("uscc") and record.get("subject_type") != "自然人":
                writer.write(line)
                kept += 1
    return target


# The child reports its own peak RSS (VmHWM: the high-water mark of its address space).
# ru_maxrss from wait4 would not do: after a (v)fork it can hold the parent's size.
CHILD = """
import sys
from qualcheck.cli import main
status = main(sys.argv[1:])
try:
    with open("/proc/self/status", encoding="ascii") as stream:
        peak = next(line.split()[1] for line in stream if line.startswith("VmHWM:"))
except OSError:
    peak = "0"
sys.stderr.write(f"VmHWM {peak} kB\\n")
raise SystemExit(status)
"""


def run_batch(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, int, str]:
    """Run ``qualcheck batch`` as a child: (wall seconds, in-run records/s, peak RSS MB
    (0 where /proc is missing), exit status, standard error)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "batch", *argv],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    wall = time.perf_counter() - start
    stderr = done.stderr.decode("utf-8", "replace")
    found = re.search(r"in this run, [^,]+, ([\d,]+) records/s", stderr)
    rate = float(found.group(1).replace(",", "")) if found else 0.0
    peak = re.search(r"VmHWM (\d+) kB", stderr)
    rss = int(peak.group(1)) / 1024 if peak else 0.0
    return wall, rate, rss, done.returncode, stderr


def start_server(latency: float) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "qualcheck.testing.registry_server", "--latency", str(latency)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    if not url.startswith("http"):
        server.kill()
        raise SystemExit(f"the loopback registry server did not start ({url!r})")
    return server, url


def stop_server(server: subprocess.Popen[str]) -> dict[str, float]:
    assert server.stdin is not None
    assert server.stdout is not None
    server.stdin.close()  # the server stops when its standard input closes
    stats = server.stdout.read().strip().splitlines()
    server.stdout.close()
    server.wait(timeout=30)
    return json.loads(stats[-1]) if stats else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000, help="records offline")
    parser.add_argument(
        "--registry-records", type=int, default=6_000, help="records with the registry"
    )
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[16, 64], help="concurrencies to try"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="also run offline with this many worker processes (default: one per CPU; 1 skips)",
    )
    parser.add_argument("--workdir", default=None, help="keep (and reuse) the input here")
    args = parser.parse_args()

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="qcbench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        _bench(args, workdir)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def _bench(args: argparse.Namespace, workdir: Path) -> None:
    source = workdir / f"merchants-{args.records}.jsonl"
    generated = generate(source, args.records)
    size_mb = source.stat().st_size / 1e6
    env = dict(os.environ)
    print(
        f"qualcheck {__version__}, Python {platform.python_version()}, {platform.machine()},"
        f" {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start"
    )
    made = f"generated in {generated:.0f} s" if generated else "reused"
    print(
        f"input: {args.records:,} generated merchants, {size_mb:,.0f} MB of JSON Lines ({made}),"
        f" as_of {AS_OF}\n"
    )

    out = workdir / "results.jsonl"
    wall, rate_offline, rss, status, stderr = run_batch(
        [str(source), "-o", str(out), "--as-of", AS_OF.isoformat(), "--restart"], env
    )
    with out.open("rb") as results:
        written = sum(1 for _ in results)
    out.unlink()
    if status not in (0, 1, 3) or written != args.records:
        raise SystemExit(f"offline batch failed (exit {status}, {written} results):\n{stderr}")
    rss_ok = "ok" if rss < TARGET_RSS_MB else "MISSED"
    print(f"{'':<40} {'records':>10} {'records/s':>10} {'peak RSS':>10}   target")
    print(
        f"{'offline (JSONL in, JSONL out)':<40} {args.records:>10,} {rate_offline:>10,.0f}"
        f" {rss:>7.1f} MB   < {TARGET_RSS_MB} MB {rss_ok}"
    )
    print(
        f"{'  same, whole command (start-up incl.)':<40} {'':>10} {args.records / wall:>10,.0f}"
        f"            {datetime.timedelta(seconds=round(wall))} wall"
    )
    summary = [line for line in stderr.splitlines() if "decisions:" in line]
    if summary:
        print(f"  {summary[0].strip()}")
    if args.workers > 1:
        wall_n, rate_n, rss_n, status_n, stderr_n = run_batch(
            [
                *(str(source), "-o", str(out), "--as-of", AS_OF.isoformat(), "--restart"),
                "--workers",
                str(args.workers),
            ],
            env,
        )
        with out.open("rb") as results:
            written_n = sum(1 for _ in results)
        out.unlink()
        if status_n != status or written_n != args.records:
            raise SystemExit(f"batch --workers failed (exit {status_n}):\n{stderr_n}")
        label = f"offline, --workers {args.workers}"
        print(
            f"{label:<40} {args.records:>10,} {rate_n:>10,.0f} {rss_n:>7.1f} MB   parent only;"
            f" {rate_n / rate_offline:.2f}× one process ({args.records / wall_n:,.0f}/s whole)"
        )

    adapter = workdir / "qualcheck_bench_echo.py"
    adapter.write_text(textwrap.dedent(ADAPTER), encoding="utf-8")
    subset = lookups_only(source, workdir / "registry-input.jsonl", args.registry_records)
    server, url = start_server(LATENCY)
    print(
        f"\nwith a registry, every answer {LATENCY * 1000:.0f} ms late; {args.registry_records:,}"
        " registered sellers (one look-up each); bound = concurrency / latency"
    )
    print(f"{'':<46} {'records':>10} {'records/s':>10} {'bound':>10}   fraction (target ≥ 0.9)")
    kinds = (
        ("HTTP loopback (HttpRegistry)", "qualcheck_bench_echo:make"),
        ("no I/O (asyncio.sleep)", "qualcheck_bench_echo:SleepRegistry"),
    )
    try:
        for label, spec in kinds:
            for concurrency in args.concurrency:
                env_registry = {
                    **env,
                    "PYTHONPATH": os.pathsep.join([str(workdir), env.get("PYTHONPATH", "")]),
                    "BENCH_URL": url,
                    "BENCH_CONCURRENCY": str(concurrency),
                    "BENCH_LATENCY": str(LATENCY),
                }
                argv = [str(subset), "-o", str(workdir / "registry-results.jsonl")]
                argv += ["--as-of", AS_OF.isoformat(), "--registry", spec, "--restart"]
                argv += ["--concurrency", str(concurrency)]
                _, rate, rss, status, stderr = run_batch(argv, env_registry)
                if status not in (0, 1, 3):
                    raise SystemExit(f"registry batch failed (exit {status}):\n{stderr}")
                bound = concurrency / LATENCY
                fraction = rate / bound
                ok = "ok" if fraction >= TARGET_FRACTION else "below"
                found = re.search(r"registry errors: ([\d,]+)", stderr)
                errors = found.group(1) if found else "?"
                print(
                    f"{f'{label}, concurrency {concurrency}':<46}"
                    f" {args.registry_records:>10,} {rate:>10,.0f} {bound:>10,.0f}"
                    f"   {fraction:.2f} {ok}  (registry errors {errors}, peak RSS {rss:.0f} MB)"
                )
    finally:
        stats = stop_server(server)
    if stats:
        print(
            f"server: {int(stats.get('requests', 0)):,} requests,"
            f" at most {int(stats.get('max_in_flight', 0))} in flight"
        )
    print(
        f"(offline, one core verifies about {rate_offline:,.0f} records/s: a fraction below 1 at"
        " high concurrency is the CPU, not the pipeline)"
    )


if __name__ == "__main__":
    main()
