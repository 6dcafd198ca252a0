"""Benchmark the number validators against python-stdnum in the same run (not a test).

Usage::

    pip install -e '.[test]'
    python bench/numbers.py [--n 50000] [--repeat 5]

Prints, for every kind, the time per call of ``is_valid`` and ``check`` over N generated
inputs; for USCC and RIC the time of python-stdnum's ``is_valid`` on the *same* inputs and
the ratio (targets: USCC ≤ 0.3, RIC ≤ 0.1); and the cost of ``import qualcheck`` in a
fresh interpreter as a ratio to ``from pydantic import BaseModel`` (target ≤ 1.5).
"""

from __future__ import annotations

import sys

# Run as a script, this file's folder comes first on sys.path and its name would shadow
# the standard library's ``numbers`` module; drop that entry before anything imports it.
if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    del sys.path[0]

import argparse
import platform
import random
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence

from qualcheck import __version__, numbers
from qualcheck.testing import make_valid


def per_call(func: Callable[[str], object], inputs: Sequence[str], repeat: int) -> float:
    """Best time per call in microseconds over ``repeat`` passes of a plain loop."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for value in inputs:
            func(value)
        best = min(best, time.perf_counter() - start)
    return best / len(inputs) * 1e6


def import_time(statement: str, runs: int) -> float:
    """Median wall time in ms of ``statement`` in a fresh interpreter, minus bare start-up."""

    def once(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    baseline = statistics.median(once("pass") for _ in range(runs))
    return (statistics.median(once(statement) for _ in range(runs)) - baseline) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000, help="inputs per kind")
    parser.add_argument("--repeat", type=int, default=5, help="passes; the best is reported")
    parser.add_argument("--import-runs", type=int, default=15)
    args = parser.parse_args()

    import stdnum
    from stdnum.cn import ric as stdnum_ric
    from stdnum.cn import uscc as stdnum_uscc

    print(
        f"qualcheck {__version__}, python-stdnum {stdnum.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    print(f"{args.n} generated inputs per kind, best of {args.repeat} passes, µs per call\n")
    print(f"{'kind':<16} {'is_valid':>9} {'check':>9} {'stdnum':>9} {'ratio':>7}  target")

    def stdnum_ric_is_valid(number: str) -> bool:
        try:  # stdnum's ric.is_valid raises KeyError for some region codes
            return bool(stdnum_ric.is_valid(number))
        except KeyError:
            return False

    rng = random.Random(2026)
    oracle = {"uscc": (stdnum_uscc.is_valid, 0.3), "ric": (stdnum_ric_is_valid, 0.1)}
    for kind in numbers.KINDS:
        module = numbers.get(kind)
        inputs = [make_valid(kind, rng=rng) for _ in range(args.n)]
        valid_time = per_call(module.is_valid, inputs, args.repeat)
        check_time = per_call(module.check, inputs, max(1, args.repeat // 2))
        line = f"{kind:<16} {valid_time:>9.2f} {check_time:>9.2f}"
        if kind in oracle:
            theirs, target = oracle[kind]
            accepted = sum(map(theirs, inputs))
            their_time = per_call(theirs, inputs, args.repeat)
            ratio = valid_time / their_time
            verdict = "ok" if ratio <= target else "MISSED"
            line += f" {their_time:>9.2f} {ratio:>7.3f}  ≤ {target} {verdict}"
            line += f"  (stdnum accepts {accepted}/{args.n})"
            both = [number for number in inputs if theirs(number)]
            if len(both) < len(inputs):
                ours_both = per_call(module.is_valid, both, args.repeat)
                theirs_both = per_call(theirs, both, args.repeat)
                line += (
                    f"\n{'  only those':<16} {ours_both:>9.2f} {'':>9} {theirs_both:>9.2f}"
                    f" {ours_both / theirs_both:>7.3f}  ≤ {target}"
                    f" {'ok' if ours_both / theirs_both <= target else 'MISSED'}"
                )
        print(line)

    print()
    ours = import_time("import qualcheck", args.import_runs)
    pydantic = import_time("from pydantic import BaseModel", args.import_runs)
    httpx_loaded = subprocess.run(
        [sys.executable, "-c", "import sys, qualcheck; print('httpx' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ratio = ours / pydantic
    print(
        f"import qualcheck: {ours:.1f} ms; from pydantic import BaseModel: {pydantic:.1f} ms; "
        f"ratio {ratio:.2f} (target ≤ 1.5 {'ok' if ratio <= 1.5 else 'MISSED'}); "
        f"httpx imported: {httpx_loaded}"
    )


if __name__ == "__main__":
    main()
