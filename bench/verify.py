"""Benchmark the verification engine against pydantic-only validation in the same run (not a test).

Usage::

    pip install -e .
    python bench/verify.py [--n 20000] [--repeat 5]

Cycles the example merchants (``examples/merchants.jsonl``: shops, a restaurant, a
pharmacy, natural persons, failing records, one that needs salvage …) to N records, each
with its own numbers (serial digits redrawn, check characters recomputed, so that no cache
sees the same number in two records, as in a real batch), and times,
on one core and as of a fixed date, ``Verifier.verify`` of every record (dict in,
``Report`` out) and ``Merchant.model_validate`` of the same records.  Prints µs per
merchant and merchants per second for both, the ratio verify / pydantic-only, and the
targets (≥ 20,000 merchants/s/core; ratio ≤ 5×).  Then shows where the time goes: reading
the record into a ``Merchant``, each check (run in the engine's order, sharing one context
per merchant as the engine does), and the rest (findings, digest, the report); and the
examples that take longest.
"""

from __future__ import annotations

import sys

# Run as a script, this file's folder comes first on sys.path and bench/numbers.py would
# shadow the standard library's ``numbers`` module; drop that entry before anything imports it.
if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    del sys.path[0]

import argparse
import copy
import dataclasses
import datetime
import itertools
import json
import os
import platform
import random
import time
import types
import typing
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import pydantic
from pydantic import ValidationError

from qualcheck import InvalidNumber, Merchant, Verifier, __version__, numbers
from qualcheck import _verify as engine
from qualcheck.dates import Validity
from qualcheck.numbers._checksums import gb11714_check, gb32100_check, mod11_2_check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "merchants.jsonl"
AS_OF = datetime.date(2026, 11, 29)
TARGET_RATE = 20_000
TARGET_RATIO = 5.0


def pin_to_one_core() -> str:
    """Pin this process to one CPU where the OS allows it; say which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def best_time(func: Callable[[Any], object], inputs: Sequence[Any], repeat: int) -> float:
    """Best wall time in seconds of ``repeat`` passes of a plain loop over ``inputs``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for value in inputs:
            func(value)
        best = min(best, time.perf_counter() - start)
    return best


def pydantic_only(record: dict[str, Any]) -> object:
    """What the comparison times: the models alone (an unreadable record raises)."""
    try:
        return Merchant.model_validate(record)
    except ValidationError:
        return None


def bare(annotation: Any, made: dict[type, type] | None = None) -> Any:
    """``annotation`` with the same nesting of the merchant, its people, shops and
    documents (the discriminated union on ``kind``), and every other value accepted as
    given (``Any``; a validity or a scope arrives as text): the models' shape without a
    single validator of ours, the floor of any pydantic reading of the record."""
    made = {} if made is None else made
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is Validity:
        return Any
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation not in made:
            fields: dict[str, Any] = {
                name: (bare(field.annotation, made), None)
                for name, field in annotation.model_fields.items()
            }
            made[annotation] = pydantic.create_model(
                f"Bare{annotation.__name__}",
                __config__=pydantic.ConfigDict(extra="ignore"),
                **fields,
            )
        return made[annotation]
    if origin is Literal:
        return annotation
    if origin is Annotated:
        inner, *extras = args
        found = [getattr(extra, "discriminator", None) for extra in extras]
        discriminator = next((name for name in found if name), None)
        members = bare(inner, made)
        if discriminator is None:
            return members
        return Annotated[members, pydantic.Field(discriminator=discriminator)]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        member = bare(args[0], made)
        return Any if member is Any else tuple[member, ...]  # type: ignore[valid-type]
    if origin in (Union, types.UnionType):
        members = tuple(bare(arg, made) for arg in args)
        return Any if Any in members else Union[members]  # noqa: UP007
    if annotation is type(None):
        return annotation
    return Any


def _fresh(kind: str, number: str, rng: random.Random) -> str:
    """Another number of ``kind`` with the same region, form and verdict as ``number``: the
    serial digits are redrawn and the check characters recomputed.  The number itself
    when no such variant is found (a pilot-era USCC, say)."""
    module = numbers.get(kind)
    try:
        code = module.validate(number)
    except InvalidNumber:
        return number
    verdict = module.check(code).verdict
    for _ in range(20):
        if kind == "uscc":
            org = code[8:12] + "".join(rng.choice("0123456789") for _ in range(4))
            body = code[:8] + org + gb11714_check(org)
            candidate = body + gb32100_check(body)
        elif kind == "ric" and len(code) == 18:
            body = code[:14] + f"{rng.randrange(100):02d}" + code[16]
            candidate = body + mod11_2_check(body)
        elif hasattr(module, "calc_check_digit") and kind != "ric":
            body = code[:-5] + f"{rng.randrange(10_000):04d}"
            candidate = body + module.calc_check_digit(body)  # type: ignore[attr-defined]
        else:  # no check character: redraw the last digits of the serial
            digits = len(code) - len(code.rstrip("0123456789"))
            width = min(3, digits)
            candidate = code[: len(code) - width] + f"{rng.randrange(10**width):0{width}d}"
        try:
            if module.check(candidate).verdict is verdict and candidate != code:
                return candidate
        except InvalidNumber:
            continue
    return number


def distinct_records(
    examples: Sequence[dict[str, Any]], n: int, seed: int = 2026
) -> list[dict[str, Any]]:
    """``n`` records cycling ``examples``, each with numbers of its own (the same number
    where a record repeats it), so that no cache sees a number twice across records."""
    rng = random.Random(seed)
    out = []
    for index, example in enumerate(itertools.islice(itertools.cycle(examples), n)):
        record = copy.deepcopy(example)
        fresh: dict[tuple[str, str], str] = {}

        def swap(kind: str, value: Any, fresh: dict[tuple[str, str], str] = fresh) -> Any:
            if not isinstance(value, str):
                return value
            key = (kind, value)
            if key not in fresh:
                fresh[key] = _fresh(kind, value, rng)
            return fresh[key]

        record["merchant_id"] = f"{record.get('merchant_id')}-{index}"
        record["uscc"] = swap("uscc", record.get("uscc"))
        person = record.get("legal_representative")
        if isinstance(person, dict) and "id_number" in person:
            person["id_number"] = swap("ric", person["id_number"])
        for document in record.get("documents") or ():
            if not isinstance(document, dict):
                continue
            kind = {"business_license": "uscc", "identity": "ric"}.get(
                str(document.get("kind")), str(document.get("kind"))
            )
            if kind in numbers.KINDS and "number" in document:
                document["number"] = swap(kind, document["number"])
            if "holder_uscc" in document:
                document["holder_uscc"] = swap("uscc", document["holder_uscc"])
        out.append(record)
    return out


def breakdown(
    verifier: Verifier, records: Sequence[dict[str, Any]], repeat: int
) -> tuple[float, dict[str, float]]:
    """Seconds for all ``records`` in the fastest of ``repeat`` passes: the whole
    ``verify``, and the stages inside those same calls — reading the record, each check,
    the input digest — timed by wrappers the engine calls in their place (so every stage
    sees the caches as a real verification does; the wrappers add well under 1 µs)."""
    spent: dict[str, float] = {}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                result = function(*args, **kwargs)
                if name in check_names:  # a check is a generator: time its findings too
                    result = list(result)
                return result
            finally:
                spent[name] += time.perf_counter() - start

        return run

    check_names = {spec.name for spec in verifier.checks}
    stages = ["read record", *(spec.name for spec in verifier.checks), "input digest"]
    checks = [
        dataclasses.replace(spec, function=timed(spec.name, spec.function))
        for spec in verifier.checks
    ]
    instrumented = Verifier(as_of=verifier.as_of, policy=verifier.policy, checks=checks)
    originals = {"read_record": engine.read_record, "digest": engine.digest}
    engine.read_record = timed("read record", originals["read_record"])  # type: ignore[assignment]
    engine.digest = timed("input digest", originals["digest"])  # type: ignore[assignment]
    best_total, best = float("inf"), {}
    try:
        for _ in range(repeat):
            spent.update(dict.fromkeys(stages, 0.0))
            start = time.perf_counter()
            for record in records:
                instrumented.verify(record)
            total = time.perf_counter() - start
            if total < best_total:
                best_total, best = total, dict(spent)
    finally:
        engine.read_record = originals["read_record"]  # type: ignore[assignment]
        engine.digest = originals["digest"]  # type: ignore[assignment]
    return best_total, best


def floor(records: Sequence[dict[str, Any]], models_us: float, repeat: int) -> None:
    """Print what no verification in this design can go below: reading the record into
    models of the same shape with no validator of ours, plus the input digest the report
    carries, against the 50 µs per merchant that 20,000 merchants/s allows."""
    shape = bare(Merchant)
    n = len(records)
    shape_us = best_time(shape.model_validate, records, repeat) / n * 1e6
    digest_us = best_time(engine.digest, records, repeat) / n * 1e6
    budget = 1e6 / TARGET_RATE
    print(f"\nthe floor of this design (µs per merchant; 20,000/s leaves {budget:.1f} µs):")
    rows = [
        ("the models' shape, no validator of ours", shape_us),
        ("the input digest (canonical JSON, SHA-256)", digest_us),
        ("  together: the floor before any check", shape_us + digest_us),
        ("pydantic-only (our models) + digest", models_us + digest_us),
    ]
    for name, micros in rows:
        print(f"  {name:<46} {micros:>8.2f}  {micros / budget * 100:>5.1f}% of the budget")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="merchants per pass")
    parser.add_argument("--repeat", type=int, default=5, help="passes; the best is reported")
    args = parser.parse_args()

    pinned = pin_to_one_core()
    examples = [
        json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line
    ]
    records = distinct_records(examples, args.n)
    verifier = Verifier(as_of=AS_OF)
    decisions = Counter(verifier.verify(record).decision.value for record in examples)
    same = sum(
        verifier.verify(record).decision == verifier.verify(example).decision
        for record, example in zip(records, itertools.cycle(examples))
    )

    print(
        f"qualcheck {__version__}, pydantic {pydantic.VERSION}, "
        f"Python {platform.python_version()}, {platform.machine()}, {pinned}"
    )
    print(
        f"{args.n} merchants ({len(examples)} examples cycled: "
        + ", ".join(f"{count} {name}" for name, count in sorted(decisions.items()))
        + f"; numbers redrawn so that each record has its own, {same}/{args.n} records keep"
        f" their example's decision), as_of {AS_OF}, best of {args.repeat} passes\n"
    )

    # passes alternate, so that both see the same machine (a shared VM drifts by tens of %)
    verify_s, models_s = float("inf"), float("inf")
    for _ in range(args.repeat):
        verify_s = min(verify_s, best_time(verifier.verify, records, 1))
        models_s = min(models_s, best_time(pydantic_only, records, 1))
    verify_us, models_us = verify_s / args.n * 1e6, models_s / args.n * 1e6
    rate, models_rate = args.n / verify_s, args.n / models_s
    ratio = verify_s / models_s
    rate_ok = "ok" if rate >= TARGET_RATE else "MISSED"
    ratio_ok = "ok" if ratio <= TARGET_RATIO else "MISSED"

    print(f"{'':<30} {'µs/merchant':>12} {'merchants/s':>12}")
    print(
        f"{'verify (dict → Report)':<30} {verify_us:>12.1f} {rate:>12,.0f}"
        f"   target ≥ {TARGET_RATE:,}/s {rate_ok}"
    )
    print(f"{'pydantic-only (model_validate)':<30} {models_us:>12.1f} {models_rate:>12,.0f}")
    print(f"{'ratio verify / pydantic-only':<30} {ratio:>11.2f}× {'':>12}   target ≤ 5× {ratio_ok}")

    floor(records, models_us, args.repeat)

    total_s, stages = breakdown(verifier, records, args.repeat)
    rest = max(total_s - sum(stages.values()), 0.0)
    print(
        "\nwhere the time goes (µs per merchant, timed inside the verifications of one more"
        f" pass, {total_s / args.n * 1e6:.1f} µs per merchant with the timers):"
    )
    rest_name = "the rest (policy, findings, outcomes, Report)"
    for name, seconds in [*stages.items(), (rest_name, rest)]:
        share = seconds / total_s * 100
        print(f"  {name:<46} {seconds / args.n * 1e6:>8.2f}  {share:>5.1f}%")

    loops = max(1, args.n // len(examples) // 10)
    each = {
        str(record.get("merchant_id")): best_time(verifier.verify, [record] * loops, args.repeat)
        / loops
        * 1e6
        for record in examples
    }
    slowest = sorted(each.items(), key=lambda item: -item[1])[:3]
    print(
        "\nslowest examples (µs per verify): "
        + ", ".join(f"{name} {micros:.0f}" for name, micros in slowest)
        + f"; median {sorted(each.values())[len(each) // 2]:.0f}"
    )


if __name__ == "__main__":
    main()
