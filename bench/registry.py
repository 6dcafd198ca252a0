"""Benchmark the HTTP registry driver against the loopback server (not a test).

Usage::

    pip install -e '.[registry]'
    python bench/registry.py [--latency 0.05] [--concurrency 64] [--rate 200] [--seconds 3]

Starts ``python -m qualcheck.testing.registry_server`` in a subprocess, answering after
``--latency`` seconds, and drives :class:`~qualcheck.registries.HttpRegistry` (async) at it:

(a) throughput at ``--concurrency`` look-ups in flight, as a fraction of the bound
    concurrency / latency (64 / 0.05 s = 1280 look-ups/s; target ≥ 0.9);
(b) with a rate limit R (``--rate``) set in both the server (a token bucket answering 429)
    and the driver: throughput / R (target ≥ 0.95) and the 429s provoked (target 0);
(c) a cache hit makes no request (the server's request count; memory and SQLite caches).

For (a) it also measures a bare asyncio HTTP/1.1 client (no httpx, no driver, no parsing)
sending the same requests at the same concurrency: the most this machine, this server and
the kernel allow, against which the driver's ratio can be read.

The adapter is the bundled Tianyancha adapter against its emulator
(``qualcheck.testing.provider_emulators``) when both exist, else a small inline echo
adapter; the output says which.  Each look-up is one request (base information, no
licence pages).  Also prints the CPU time the client and the server used, since on a small
machine the client's CPU is the likely limit.
"""

from __future__ import annotations

import sys

# Run as a script, this file's folder comes first on sys.path, and bench/numbers.py would
# shadow the standard library's ``numbers`` module; drop that entry before anything imports
# it.  (The server subprocess loads this file by path for its handler: nothing to drop.)
if __name__ == "__main__" and sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    del sys.path[0]

import argparse
import asyncio
import json
import os
import platform
import random
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from qualcheck import __version__
from qualcheck.registries import LookupResult, RegistryQuery, RegistryRecord, Step
from qualcheck.registries.driver import DriverOptions, HttpRegistry
from qualcheck.testing import make_uscc

TOKEN = "bench-token-not-a-secret"
RECORDS = 64
TARGET_BOUND = 0.9
TARGET_RATE = 0.95


def make_records(n: int = RECORDS) -> list[RegistryRecord]:
    """``n`` companies with their own USCCs (the same on every call)."""
    rng = random.Random(2026)
    return [
        RegistryRecord(
            name=f"福州示例{i}号贸易有限公司",
            uscc=make_uscc(region="350102", rng=rng),
            legal_representative="王五",
            status="存续",
            established_on="2015-03-02",
            term_from="2015-03-02",
            term_to="长期",
            scope="食品销售；日用百货销售",
            address="福建省福州市鼓楼区示例路1号",
            source="tianyancha",
        )
        for i in range(n)
    ]


class _LazyTianyancha:
    """The server-side handler (loaded by the server subprocess with ``--handler
    bench/registry.py:tianyancha_handler``): the Tianyancha emulator over
    :func:`make_records`."""

    def __init__(self) -> None:
        self._emulator: Any = None

    def __call__(self, incoming: Any) -> Any:
        if self._emulator is None:
            from qualcheck.testing.provider_emulators import TianyanchaEmulator

            self._emulator = TianyanchaEmulator(make_records(), token=TOKEN)
        return self._emulator(incoming)


tianyancha_handler = _LazyTianyancha()


class EchoAdapter:
    """The inline fallback: one GET answered by the server's JSON echo."""

    name = "echo"
    license_kinds: frozenset[str] = frozenset()

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def flow(self, query: RegistryQuery) -> Any:
        request = httpx.Request("GET", f"{self.base_url}/lookup", params={"id": query.uscc})
        data = yield Step(request, lambda response: response.json(), label="lookup")
        record = RegistryRecord(uscc=data["query"]["id"], status="存续", source=self.name)
        return LookupResult.found(record)


def real_adapter_available() -> bool:
    try:
        import qualcheck.registries.tianyancha
        import qualcheck.testing.provider_emulators  # noqa: F401
    except ImportError:
        return False
    return True


class Server:
    """The loopback server in a subprocess; :meth:`stop` returns its counters."""

    def __init__(self, *, latency: float, rate_limit: float | None, real: bool) -> None:
        command = [sys.executable, "-m", "qualcheck.testing.registry_server"]
        command += ["--latency", str(latency)]
        if rate_limit is not None:
            command += ["--rate-limit", str(rate_limit)]
        if real:
            command += ["--handler", f"{Path(__file__).resolve()}:tianyancha_handler"]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://"):
            self.process.kill()
            raise SystemExit(f"the server did not start (said {self.url!r})")

    def stop(self) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        line = self.process.stdout.readline()
        self.process.wait(timeout=30)
        self.process.stdout.close()
        stats: dict[str, Any] = json.loads(line)
        return stats


def make_adapter(url: str, real: bool) -> Any:
    if real:
        from qualcheck.registries.tianyancha import TianyanchaAdapter

        return TianyanchaAdapter(token=TOKEN, base_url=url, licenses=False)
    return EchoAdapter(url)


async def drive(
    registry: HttpRegistry, queries: Sequence[RegistryQuery], concurrency: int
) -> tuple[float, float, Counter[str]]:
    """Wall seconds, client CPU seconds and outcome counts of looking ``queries`` up with
    ``concurrency`` workers."""
    pending = iter(queries)
    outcomes: Counter[str] = Counter()

    async def worker() -> None:
        for query in pending:
            result = await registry.alookup(query)
            outcomes[result.reason or result.status.value] += 1

    cpu, start = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start, time.process_time() - cpu, outcomes


def queries_for(n: int) -> list[RegistryQuery]:
    records = make_records()
    return [RegistryQuery(uscc=records[i % len(records)].uscc) for i in range(n)]


def phase_bound(args: argparse.Namespace, real: bool) -> dict[str, Any]:
    bound = args.concurrency / args.latency
    server = Server(latency=args.latency, rate_limit=None, real=real)
    options = DriverOptions(concurrency=args.concurrency)  # the defaults otherwise

    async def run() -> tuple[float, float, Counter[str]]:
        async with HttpRegistry(make_adapter(server.url, real), options) as registry:
            await drive(registry, queries_for(args.concurrency * 2), args.concurrency)  # warm up
            return await drive(registry, queries_for(int(bound * args.seconds)), args.concurrency)

    try:
        elapsed, cpu, outcomes = asyncio.run(run())
    finally:
        stats = server.stop()
    done = sum(outcomes.values())
    return {
        "bound": bound,
        "rate": done / elapsed,
        "elapsed": elapsed,
        "client_cpu": cpu,
        "server": stats,
        "outcomes": outcomes,
    }


def phase_floor(args: argparse.Namespace, real: bool) -> float:
    """Look-ups/s of a bare asyncio HTTP/1.1 client (no httpx, no driver, no parsing) over
    the same server, latency and concurrency: what this machine allows at all."""
    server = Server(latency=args.latency, rate_limit=None, real=real)
    host, port = server.url.removeprefix("http://").rsplit(":", 1)
    adapter = make_adapter(server.url, real)
    request = next(adapter.flow(queries_for(1)[0])).request
    head = [f"GET {request.url.raw_path.decode()} HTTP/1.1", f"Host: {host}"]
    head += [f"{name}: {value}" for name, value in request.headers.items() if name != "host"]
    raw = ("\r\n".join(head) + "\r\n\r\n").encode()
    per_connection = max(1, int(args.concurrency / args.latency * args.seconds) // args.concurrency)

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        for _ in range(per_connection):
            writer.write(raw)
            answer = await reader.readuntil(b"\r\n\r\n")
            length = next(
                int(line.split(b":", 1)[1])
                for line in answer.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
        writer.close()
        await writer.wait_closed()

    async def run() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(connection() for _ in range(args.concurrency)))
        return time.perf_counter() - start

    try:
        elapsed = asyncio.run(run())
    finally:
        server.stop()
    return per_connection * args.concurrency / elapsed


def phase_rate(args: argparse.Namespace, real: bool) -> dict[str, Any]:
    server = Server(latency=args.latency, rate_limit=args.rate, real=real)
    options = DriverOptions(concurrency=args.concurrency, rate_limit=args.rate)

    async def run() -> tuple[float, float, Counter[str]]:
        async with HttpRegistry(make_adapter(server.url, real), options) as registry:
            n = int(args.rate * max(args.seconds, 5))
            return await drive(registry, queries_for(n), args.concurrency)

    try:
        elapsed, _cpu, outcomes = asyncio.run(run())
    finally:
        stats = server.stop()
    done = sum(outcomes.values())
    return {"rate": done / elapsed, "elapsed": elapsed, "server": stats, "outcomes": outcomes}


def phase_cache(args: argparse.Namespace, real: bool) -> list[tuple[str, int, bool, bool]]:
    """For each cache: requests the server saw for two look-ups of one query, and whether
    the second (or, for SQLite, a new registry's) answer came from the cache."""
    rows = []
    query = queries_for(1)[0]
    with tempfile.TemporaryDirectory() as directory:
        for cache in ("memory", directory):
            server = Server(latency=args.latency, rate_limit=None, real=real)
            options = DriverOptions(cache=cache)
            try:
                with HttpRegistry(make_adapter(server.url, real), options) as registry:
                    first = registry.lookup(query)
                    second = registry.lookup(query)
                if cache != "memory":  # a new registry (a restart) reads the file
                    with HttpRegistry(make_adapter(server.url, real), options) as registry:
                        second = registry.lookup(query)
            finally:
                stats = server.stop()
            name = "memory" if cache == "memory" else "SQLite (new registry)"
            rows.append((name, stats["requests"], first.cached, second.cached))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="server latency, seconds")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--rate", type=float, default=200.0, help="R, requests per second")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of phase (a)")
    args = parser.parse_args()

    real = real_adapter_available()
    adapter = (
        "tianyancha (bundled TianyanchaAdapter against TianyanchaEmulator)"
        if real
        else "inline echo adapter (qualcheck.registries.tianyancha not found)"
    )
    load = f", load average {os.getloadavg()[0]:.2f} at start" if hasattr(os, "getloadavg") else ""
    print(
        f"qualcheck {__version__}, httpx {httpx.__version__}, Python {platform.python_version()},"
        f" {platform.machine()}, {os.cpu_count()} CPUs{load}"
    )
    print(
        f"adapter: {adapter}; server: python -m qualcheck.testing.registry_server in a"
        f" subprocess, latency {args.latency * 1000:.0f} ms; client: HttpRegistry.alookup\n"
    )

    floor = phase_floor(args, real)
    a = phase_bound(args, real)
    ratio_a = a["rate"] / a["bound"]
    b = phase_rate(args, real)
    ratio_b = b["rate"] / args.rate
    rejected = b["server"]["rejected"]
    cache_rows = phase_cache(args, real)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"{'measure':<52} {'value':>10} {'ratio':>7}  target")
    print(
        f"{f'(a) look-ups/s at concurrency {args.concurrency}':<52} {a['rate']:>10.0f}"
        f" {ratio_a:>7.3f}  ≥ {TARGET_BOUND} of {a['bound']:.0f}/s {verdict(ratio_a >= 0.9)}"
    )
    print(
        f"{'    same load, bare asyncio client (no httpx/driver)':<52} {floor:>10.0f}"
        f" {floor / a['bound']:>7.3f}  (what the machine allows)"
    )
    print(
        f"{f'(b) look-ups/s with rate limit R = {args.rate:g}/s':<52} {b['rate']:>10.1f}"
        f" {ratio_b:>7.3f}  ≥ {TARGET_RATE} of R {verdict(ratio_b >= TARGET_RATE)}"
    )
    print(f"{'(b) 429s provoked':<52} {rejected:>10d} {'':>7}  0 {verdict(rejected == 0)}")
    for name, requests, first_cached, second_cached in cache_rows:
        ok = requests == 1 and not first_cached and second_cached
        label = f"(c) cache {name}: requests for 2 look-ups"
        print(f"{label:<52} {requests:>10d} {'':>7}  1, 2nd cached {verdict(ok)}")

    server_cpu = a["server"]["cpu_seconds"]
    print(
        f"\n(a) {sum(a['outcomes'].values())} look-ups in {a['elapsed']:.2f} s"
        f" ({dict(a['outcomes'])}); client CPU {a['client_cpu']:.2f} s"
        f" ({a['client_cpu'] / a['elapsed'] * 100:.0f}% of one core); server CPU"
        f" {server_cpu:.2f} s over its life ({a['server']['requests']} requests,"
        f" {a['server']['connections']} connections, at most"
        f" {a['server']['max_in_flight']} in flight)"
    )
    print(
        f"(b) {sum(b['outcomes'].values())} look-ups in {b['elapsed']:.2f} s"
        f" ({dict(b['outcomes'])}); server saw {b['server']['requests']} requests"
    )


if __name__ == "__main__":
    main()
