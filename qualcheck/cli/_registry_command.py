"""``qualcheck registry load|stats|check`` — manage the embedded registry (a local SQLite
snapshot).

``load FILE…`` reads CSV or JSON Lines exports into the snapshot and prints, per file, the
counts and each rejected row as ``FILE:LINE: field: message``; ``stats`` prints what the
snapshot holds; ``check`` runs SQLite's integrity check on it (exit status 1 when damaged).
``--db`` defaults to ``$QUALCHECK_REGISTRY``, else
``./qualcheck-registry.sqlite``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from qualcheck.cli._output import write_json_line

__all__ = [
    "DEFAULT_DB",
    "ENV_DB",
    "default_db",
    "register",
    "run_check",
    "run_load",
    "run_stats",
]

ENV_DB = "QUALCHECK_REGISTRY"
DEFAULT_DB = "qualcheck-registry.sqlite"


def default_db() -> str:
    """``$QUALCHECK_REGISTRY``, else ``qualcheck-registry.sqlite`` in the current folder."""
    return os.environ.get(ENV_DB) or DEFAULT_DB


def register(commands: Any) -> None:
    """Add the ``registry`` sub-command and its own sub-commands."""
    parser = commands.add_parser(
        "registry",
        help="load and inspect the embedded registry (a local SQLite snapshot)",
        description=(
            "Manage the embedded registry: a local SQLite snapshot of registry data that"
            " 'verify' can confirm merchants against."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    db_help = f"the registry file (default: ${ENV_DB}, else ./{DEFAULT_DB})"

    load = actions.add_parser(
        "load",
        help="load CSV or JSON Lines exports into the registry",
        description=(
            "Load registry exports into the snapshot (created if missing). CSV files may use"
            " English or the usual Chinese column headers; JSON Lines hold one entity (or"
            " licence) a line. '-' reads standard input. Rows are upserted by USCC (or"
            " registration number) and licence number; bad rows are reported and skipped."
        ),
        epilog="Exit status: 0 every row loaded, 3 some rows rejected, 2 usage error.",
    )
    load.add_argument("files", metavar="FILE", nargs="+", help="export files; '-' = stdin")
    load.add_argument("--db", metavar="PATH", default=None, help=db_help)
    load.add_argument(
        "--format",
        choices=("auto", "csv", "jsonl"),
        default="auto",
        help="the files' format (default: by suffix, else by content)",
    )
    load.add_argument("--json", action="store_true", help="one JSON object a file")
    load.set_defaults(run=run_load)

    stats = actions.add_parser(
        "stats",
        help="show what the registry holds",
        description="Show the entities, statuses, licences and loads of the snapshot.",
        epilog="Exit status: 0, or 2 when the registry cannot be read.",
    )
    stats.add_argument("--db", metavar="PATH", default=None, help=db_help)
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.set_defaults(run=run_stats)

    check = actions.add_parser(
        "check",
        help="check the registry file for damage",
        description=(
            "Run SQLite's integrity check on the snapshot: a damaged page can hide rows"
            " without an error (a look-up would answer 'not found'). Check a snapshot after"
            " copying or moving it."
        ),
        epilog="Exit status: 0 sound, 1 damaged, 2 when the registry cannot be read.",
    )
    check.add_argument("--db", metavar="PATH", default=None, help=db_help)
    check.add_argument(
        "--quick", action="store_true", help="quick_check: do not compare indexes with rows"
    )
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(run=run_check)


def _fail(message: str) -> int:
    print(f"qualcheck registry: {message}", file=sys.stderr)
    return 2


def run_load(args: argparse.Namespace) -> int:
    """Load every file; 0 all rows loaded, 3 some rejected, 2 usage error."""
    from qualcheck.registries import RegistryError, SqliteRegistry

    path = args.db or default_db()
    if args.files.count("-") > 1:
        return _fail("'-' (standard input) can be given once")
    missing = [name for name in args.files if name != "-" and not os.path.isfile(name)]
    if missing:
        return _fail(f"cannot read {missing[0]}: no such file")
    rejected = False
    try:
        registry = SqliteRegistry(path, readonly=False)
    except RegistryError as exc:
        return _fail(exc.message)
    with registry:
        for name in args.files:
            source = sys.stdin if name == "-" else name
            try:
                report = registry.load(source, format=args.format, source_name=name)
            except OSError as exc:
                return _fail(f"cannot read {name}: {exc.strerror or exc}")
            except RegistryError as exc:
                return _fail(exc.message)
            rejected = rejected or not report.ok
            if args.json:
                write_json_line({"file": name, "db": path, **report.to_dict()})
            else:
                print(
                    f"{name} ({report.format}): {report.loaded} new, {report.updated} updated,"
                    f" {report.skipped} rejected; {report.licenses} licences written"
                )
                for error in report.errors:
                    where = f"{error.field}: " if error.field else ""
                    print(f"{name}:{error.line}: {where}{error.message}")
            sys.stdout.flush()
        if not args.json:
            stats = registry.stats()
            licences = sum(stats["licenses"].values())
            print(f"{path}: {stats['entities']} entities, {licences} licences")
    return 3 if rejected else 0


def run_stats(args: argparse.Namespace) -> int:
    """Print the registry's statistics; 2 when it cannot be read."""
    from qualcheck.registries import RegistryError, SqliteRegistry

    path = args.db or default_db()
    if not os.path.isfile(path):
        return _fail(f"no registry at {path} (create one with 'qualcheck registry load')")
    try:
        with SqliteRegistry(path) as registry:
            stats = registry.stats()
    except RegistryError as exc:
        return _fail(exc.message)
    if args.json:
        write_json_line(stats)
        return 0

    def listing(counts: dict[str, int]) -> str:
        return ", ".join(f"{key} {count}" for key, count in counts.items()) or "none"

    print(f"registry        {stats['path']} (schema version {stats['schema_version']})")
    print(f"entities        {stats['entities']}")
    print(f"  statuses      {listing(stats['statuses'])}")
    print(f"  former names  {stats['former_names']}")
    print(f"licences        {sum(stats['licenses'].values())}")
    print(f"  kinds         {listing(stats['licenses'])}")
    print(f"sources         {listing(stats['sources'])}")
    print(f"loads           {stats['loads']}, last {stats['last_load'] or 'never'}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Check the file's integrity; 0 sound, 1 damaged, 2 when it cannot be read."""
    from qualcheck.registries import RegistryError, SqliteRegistry

    path = args.db or default_db()
    if not os.path.isfile(path):
        return _fail(f"no registry at {path}")
    try:
        with SqliteRegistry(path) as registry:
            problems = registry.check(quick=args.quick)
    except RegistryError as exc:
        if exc.reason in ("damaged", "registry_error") or "damaged" in exc.message:
            problems = [exc.message]
        else:
            return _fail(exc.message)
    if args.json:
        write_json_line({"db": path, "ok": not problems, "problems": problems})
    elif problems:
        print(f"{path}: damaged ({len(problems)} problem{'s' * (len(problems) > 1)})")
        for problem in problems[:20]:
            print(f"  {problem}")
        if len(problems) > 20:
            print(f"  … and {len(problems) - 20} more")
    else:
        print(f"{path}: ok")
    return 1 if problems else 0
