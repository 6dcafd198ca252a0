"""Every compiled regular expression of the package against crafted inputs (not a test).

Usage::

    python bench/regex_growth.py [--n 2000] [--factor 10] [--only MODULE]

Finds the ``re.Pattern`` objects held by the modules of ``qualcheck`` (module globals, and
inside their dicts, tuples and lists), builds inputs from each pattern's own alphabet — a
literal or a class member repeated, two of them alternating, each with a character the
pattern does not expect at the end — and times ``search``, ``match``, ``fullmatch`` and
a whole ``finditer`` on ``n`` and ``factor × n`` characters.  Prints the patterns whose time
grows more than ``factor × 3`` times (superlinear: a ReDoS or a search that rescans the
rest of the text at every start), with the input that shows it.
"""

from __future__ import annotations

import sys

if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    del sys.path[0]

import argparse
import importlib
import itertools
import pkgutil
import random
import re
import time
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]


def modules() -> Iterator[Any]:
    import qualcheck

    for info in pkgutil.walk_packages(qualcheck.__path__, "qualcheck."):
        if ".testing" in info.name or info.name.endswith("__main__"):
            continue
        try:
            yield importlib.import_module(info.name)
        except Exception as exc:  # an optional dependency missing
            print(f"# {info.name}: not imported ({exc})")


def patterns() -> dict[tuple[str, str], re.Pattern[str]]:
    found: dict[tuple[str, str], re.Pattern[str]] = {}
    seen: set[int] = set()

    def visit(owner: str, name: str, value: Any, depth: int = 0) -> None:
        if isinstance(value, re.Pattern):
            if id(value) not in seen and isinstance(value.pattern, str):
                seen.add(id(value))
                found[owner, name] = value
        elif depth < 3 and isinstance(value, dict):
            for key, item in list(value.items())[:500]:
                visit(owner, f"{name}[{key!r}]", item, depth + 1)
        elif depth < 3 and isinstance(value, (tuple, list, frozenset, set)):
            for index, item in enumerate(list(value)[:500]):
                visit(owner, f"{name}[{index}]", item, depth + 1)
        elif (
            depth < 2
            and hasattr(value, "__dict__")
            and type(value).__module__.startswith("qualcheck")
        ):
            for key, item in vars(value).items():
                visit(owner, f"{name}.{key}", item, depth + 1)

    for module in modules():
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__:
                for key, item in vars(value).items():
                    visit(module.__name__, f"{name}.{key}", item)
            else:
                visit(module.__name__, name, value)
    return found


def alphabet(pattern: re.Pattern[str]) -> list[str]:
    """Characters the pattern names: its literals and a few members of each class."""
    chars: set[str] = set()

    def walk(parsed: Any) -> None:
        for op, arg in parsed:
            name = str(op)
            if name == "LITERAL":
                chars.add(chr(arg))
            elif name == "IN":
                for item_op, item in arg:
                    if str(item_op) == "LITERAL":
                        chars.add(chr(item))
                    elif str(item_op) == "RANGE":
                        low, high = item
                        chars.update({chr(low), chr(high), chr((low + high) // 2)})
                    elif str(item_op) == "CATEGORY":
                        chars.update({"1", " ", "a", "\u3000", "_"})
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                walk(arg[2])
            elif name in ("SUBPATTERN",):
                walk(arg[-1])
            elif name == "ATOMIC_GROUP":
                walk(arg)
            elif name == "BRANCH":
                for branch in arg[1]:
                    walk(branch)
            elif name in ("ASSERT", "ASSERT_NOT"):
                walk(arg[1])
            elif name == "ANY":
                chars.update({"a", "1"})
            elif name == "CATEGORY":
                chars.update({"1", " ", "a"})

    walk(sre_parse.parse(pattern.pattern, pattern.flags))
    chars.update({"1", " "})
    return sorted(chars)


def inputs(chars: list[str], n: int, rng: random.Random) -> Iterator[tuple[str, str]]:
    """(label, text) of about ``n`` characters."""
    units = list(chars)
    pairs = list(itertools.permutations(chars, 2))
    rng.shuffle(pairs)
    units += ["".join(pair) for pair in pairs[:150]]
    triples = [rng.sample(chars, min(3, len(chars))) for _ in range(40)]
    units += ["".join(t) for t in triples]
    for unit in units:
        body = (unit * (n // len(unit) + 1))[:n]
        yield repr(unit), body
        yield repr(unit) + "+!", body + "\x01"


def cost(pattern: re.Pattern[str], text: str) -> float:
    start = time.perf_counter()
    pattern.search(text)
    pattern.match(text)
    pattern.fullmatch(text)
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--only", default=None)
    args = parser.parse_args()
    rng = random.Random(7)
    found = patterns()
    print(f"{len(found)} patterns")
    for (module, name), pattern in sorted(found.items()):
        if args.only and args.only not in module:
            continue
        worst = (0.0, "", 0.0, 0.0)
        for label, text in inputs(alphabet(pattern), args.n, rng):
            small = cost(pattern, text)
            if small < 2e-4:
                continue
            big_text = (text.rstrip("\x01") * args.factor) + (
                "\x01" if text.endswith("\x01") else ""
            )
            big = cost(pattern, big_text)
            growth = big / small
            if growth > worst[0]:
                worst = (growth, label, small, big)
            if big > 2.0:
                break
        growth, label, small, big = worst
        flag = "SUPERLINEAR" if growth > args.factor * 3 else ""
        if flag or big > 0.05:
            print(
                f"{flag:<12} {module}.{name}: ×{growth:.0f} ({small * 1e3:.2f} ms → "
                f"{big * 1e3:.1f} ms) on {label}   /{pattern.pattern[:100]}/",
                flush=True,
            )


if __name__ == "__main__":
    main()
