"""``qualcheck checks`` and ``qualcheck schema`` — what the engine checks, and the shapes
of its input and output."""

from __future__ import annotations

import argparse
import json
from typing import Any

from qualcheck.cli._output import write_json_line

__all__ = ["register"]

_SCHEMAS = ("merchant", "document", "report", "policy", "categories")


def register(commands: Any) -> None:
    """Add the ``checks`` and ``schema`` sub-commands."""
    checks = commands.add_parser(
        "checks",
        help="list the checks of 'verify' and the finding codes each may emit",
        description="List the checks 'qualcheck verify' runs, with their finding codes.",
    )
    checks.add_argument("--json", action="store_true", help="one JSON object a line")
    checks.set_defaults(run=run_checks)
    schema = commands.add_parser(
        "schema",
        help="print a JSON Schema (merchant, document, report, policy, categories)",
        description=(
            "Print the JSON Schema of a merchant record, a document, a report, a policy"
            " or a category policy file (categories_file)."
        ),
    )
    schema.add_argument(
        "name",
        nargs="?",
        default="merchant",
        choices=_SCHEMAS,
        metavar="NAME",
        help=f"one of: {', '.join(_SCHEMAS)} (default: merchant)",
    )
    schema.set_defaults(run=run_schema)


def _codes_of(patterns: tuple[str, ...], known: dict[str, Any]) -> list[Any]:
    selected = []
    for code, entry in known.items():
        for pattern in patterns:
            if code == pattern or (pattern.endswith(".*") and code.startswith(pattern[:-1])):
                selected.append(entry)
                break
    return selected


def run_checks(args: argparse.Namespace) -> int:
    """Print every check with its title and codes; always succeeds."""
    from qualcheck._codes import catalogue
    from qualcheck.checks import default_checks

    known = {entry.code: entry for entry in catalogue()}
    for spec in default_checks():
        entries = _codes_of(spec.codes, known)
        if args.json:
            write_json_line(
                {
                    "check": spec.name,
                    "title": spec.title,
                    "codes": [
                        {"code": e.code, "severity": e.severity.value, "message": e.en}
                        for e in entries
                    ],
                }
            )
            continue
        print(f"{spec.name}: {spec.title}")
        for entry in entries:
            print(f"    {entry.code:<40} {entry.severity.value:<8} {entry.en}")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema named by ``args.name``."""
    from pydantic import TypeAdapter

    from qualcheck import Policy, Report
    from qualcheck.checks.categories import CategoryFile
    from qualcheck.models import Document, Merchant

    adapters: dict[str, Any] = {
        "merchant": TypeAdapter(Merchant),
        "document": TypeAdapter(Document),
        "report": TypeAdapter(Report),
        "policy": TypeAdapter(Policy),
        "categories": TypeAdapter(CategoryFile),
    }
    schema = adapters[args.name].json_schema(
        mode="serialization" if args.name == "report" else "validation"
    )
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0
