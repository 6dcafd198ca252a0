"""``qualcheck due IN…`` — sellers due for re-verification and documents expired or expiring,
most urgent first: the morning work list of a compliance team."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from typing import Any, TextIO

from qualcheck.cli._output import iso_date, whole_number

__all__ = ["register", "run"]

_EPILOG = """\
order: expired documents (longest ago first), unreadable records, sellers due for
re-verification (never verified, then longest overdue first), documents expiring (soonest
first).  ID numbers and phones are never shown.  Exit status: 0 listed (even if the list is
empty), 2 usage or configuration error."""

_CELL = 48
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})
"""Left raw by JSON, taken for a line end by many readers: escaped in JSON lines."""
_CSV_FIELDS = (
    "status",
    "days",
    "date",
    "merchant_id",
    "name",
    "document",
    "document_title",
    "number",
    "last_verified_at",
    "reason",
    "file",
    "line",
)


_days = whole_number(0, what="whole number of days")


def register(commands: Any) -> None:
    """Add the ``due`` sub-command."""
    parser = commands.add_parser(
        "due",
        help="list sellers due for re-verification and documents expired or expiring",
        description="List sellers due for re-verification (the policy's"
        " reverify_after_months, default 6, since the last verification end on or before the"
        " date: the last day to re-verify in time is listed; or never verified) and documents"
        " that expired or expire within DAYS, most urgent first.  Reads JSON Lines or CSV"
        " (the column mapping of 'qualcheck batch') as a stream.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", metavar="IN", nargs="+", help="input files; '-' = stdin")
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="DATE",
        help="the date to judge against (default: today in China)",
    )
    parser.add_argument(
        "--within",
        type=_days,
        default=None,
        metavar="DAYS",
        help="list documents expiring within DAYS (default: the policy's expiring_soon_days, 30)",
    )
    parser.add_argument(
        "--format",
        dest="output_format",
        choices=("table", "csv", "jsonl"),
        default="table",
        help="output format (default table)",
    )
    parser.add_argument("--policy", metavar="FILE", default=None, help="a policy file (JSON)")
    parser.add_argument(
        "--input-format",
        choices=("auto", "jsonl", "csv"),
        default="auto",
        help="format of the inputs (default: by file name, then by the first byte)",
    )
    parser.add_argument("--encoding", default="utf-8", help="text encoding of the inputs")
    parser.set_defaults(run=run)


def _printable(text: str) -> str:
    r"""``text`` with any lone surrogate (a ``\ud800`` escape in the input, a file name
    that is not UTF-8) as its ``\udXXX`` escape, so that writing it never fails (in a
    JSON line the escape is the same string)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _cut(text: str, width: int = _CELL) -> str:
    """``text`` cut to ``width`` display columns (CJK characters count two)."""
    if _width(text) <= width:
        return text
    out = ""
    for char in text:
        if _width(out + char) > width - 1:
            break
        out += char
    return out + "…"


def _table(items: list[Any], out: TextIO) -> None:
    header = ("STATUS", "WHEN", "MERCHANT", "NAME", "DOCUMENT", "NUMBER", "SOURCE")
    rows = [
        tuple(
            _printable(cell)  # widths counted on what is printed
            for cell in (
                item.status,
                _cut(item.describe().removeprefix("unreadable: ")),
                item.merchant_id or "-",
                _cut(item.name or "-"),
                item.document_title or "-",
                item.number or "-",
                f"{item.file}:{item.line}" if item.file else "-",
            )
        )
        for item in items
    ]
    widths = [max(_width(cell) for cell in column) for column in zip(header, *rows, strict=False)]
    for row in (header, *rows):
        cells = (_pad(cell, width) for cell, width in zip(row, widths, strict=True))
        out.write("  ".join(cells).rstrip() + "\n")


def run(args: argparse.Namespace) -> int:
    """List what is due; returns the exit status."""
    from qualcheck.batch import due_items, urgency
    from qualcheck.batch._inputs import iter_inputs
    from qualcheck.exceptions import ConfigError
    from qualcheck.numbers._dates import today
    from qualcheck.policy import Policy

    as_of = args.as_of or today()

    def warn(message: str) -> None:
        print(f"qualcheck due: {message}", file=sys.stderr)

    items = []
    records = 0
    try:
        policy = Policy.from_file(args.policy) if args.policy else None
        within = args.within
        for item in iter_inputs(
            args.inputs, format=args.input_format, encoding=args.encoding, warn=warn
        ):
            records += 1
            found = []
            if item.record is not None:  # None: a CSV row that could not be read at all
                found = due_items(
                    item.record,
                    as_of=as_of,
                    policy=policy,
                    within=within,
                    file=item.file,
                    line=item.line,
                )
            problems = [p for p in item.problems if p.column != "shops"]
            if problems and not any(entry.status == "unreadable" for entry in found):
                reason = f"{problems[0].column}: {problems[0].reason}"
                found.append(_unreadable(found, item.merchant_id, reason, item.file, item.line))
            items.extend(found)
    except ConfigError as exc:
        warn(str(exc))
        return 2
    except OSError as exc:
        warn(f"cannot read {exc.filename or ''}: {exc.strerror or exc}")
        return 2
    items.sort(key=urgency)
    out = sys.stdout
    if args.output_format == "jsonl":
        for entry in items:
            line = json.dumps(entry.to_dict(), ensure_ascii=False)
            out.write(_printable(line.translate(_LINE_BREAKS)) + "\n")
    elif args.output_format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_CSV_FIELDS)
        for entry in items:
            data = entry.to_dict()
            writer.writerow(
                ["" if data[key] is None else _printable(str(data[key])) for key in _CSV_FIELDS]
            )
    else:
        _table(items, out)
    counts = dict.fromkeys(("expired", "unreadable", "reverification_due", "expiring"), 0)
    for entry in items:
        counts[entry.status] += 1
    days = args.within if args.within is not None else (policy or Policy()).expiring_soon_days
    summary = (
        f"{len(items)} due as of {as_of}: {counts['expired']} expired,"
        f" {counts['unreadable']} unreadable, {counts['reverification_due']} to re-verify,"
        f" {counts['expiring']} expiring within {days} days ({records} records read)"
    )
    if args.output_format == "table":
        out.write(f"\n{summary}\n")
    else:
        print(f"qualcheck due: {summary}", file=sys.stderr)
    return 0


def _unreadable(
    found: list[Any], merchant_id: str | None, reason: str, file: str, line: int
) -> Any:
    from qualcheck._scrub import scrub
    from qualcheck.batch import DueItem

    name = next((entry.name for entry in found if entry.name), None)
    shown = None if merchant_id is None else scrub(merchant_id)  # a personal number masked
    return DueItem("unreadable", merchant_id=shown, name=name, reason=reason, file=file, line=line)
