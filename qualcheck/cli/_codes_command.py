"""``qualcheck codes`` — print the catalogue of finding codes."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from qualcheck._codes import catalogue
from qualcheck.cli._output import write_json_line

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the ``codes`` sub-command."""
    parser = commands.add_parser(
        "codes",
        help="list every finding code with its severity and messages",
        description="List every finding code qualcheck can emit.",
    )
    parser.add_argument(
        "prefix", nargs="?", default="", help="only codes starting with this (any case)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object a line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the catalogue (the codes starting with ``args.prefix``, in any case); a
    prefix no code starts with is a usage error, not an empty catalogue."""
    prefix = args.prefix.lower()
    entries = [entry for entry in catalogue() if entry.code.lower().startswith(prefix)]
    if not entries:
        print(f"qualcheck codes: no finding code starts with {args.prefix!r}", file=sys.stderr)
        return 2
    for entry in entries:
        if args.json:
            write_json_line(
                {
                    "code": entry.code,
                    "severity": entry.severity.value,
                    "rule": entry.rule,
                    "message": entry.en,
                    "message_zh": entry.zh,
                }
            )
        else:
            rule = f"  [soft rule: {entry.rule}]" if entry.rule else ""
            print(f"{entry.code:<34} {entry.severity.value:<8} {entry.en}{rule}")
    return 0
