"""``qualcheck batch IN… --out OUT`` — verify large files of merchant records, resumably."""

from __future__ import annotations

import argparse
from typing import Any

from qualcheck.cli._output import iso_date, whole_number

__all__ = ["register", "run"]

_DESCRIPTION = """\
Verify every record of JSON Lines or CSV files and write one result per record (file, line,
merchant id, decision, findings, registry evidence) to OUT, as JSON Lines or CSV.  Reads as
it goes: memory stays flat whatever the size of the input.  Interrupted (Ctrl-C, SIGTERM,
kill -9, a registry that stops the run), the same command continues where it stopped, from
the checkpoint OUT.checkpoint; the output then holds every input record exactly once.
See docs/batch.md for the CSV column mapping and the output format."""

_EPILOG = """\
exit status: 0 all pass, 1 any fail, 3 any review (none fail) — over the whole output,
resumed parts included; 2 usage or configuration error; 4 stopped by the registry
(credentials, quota): fix the cause and rerun; 130/143 interrupted by SIGINT/SIGTERM:
rerun to continue."""


_positive = whole_number(1)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def register(commands: Any) -> None:
    """Add the ``batch`` sub-command."""
    parser = commands.add_parser(
        "batch",
        help="verify large JSON Lines / CSV files into a results file, resumably",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", metavar="IN", nargs="+", help="input files; '-' = stdin")
    parser.add_argument(
        "--out",
        "-o",
        required=True,
        metavar="OUT",
        help="the results file ('-': standard output, which cannot be resumed)",
    )
    parser.add_argument(
        "--format",
        dest="output_format",
        choices=("jsonl", "csv"),
        default=None,
        help="format of OUT (default: csv for a .csv name, else jsonl)",
    )
    parser.add_argument(
        "--input-format",
        choices=("auto", "jsonl", "csv"),
        default="auto",
        help="format of the inputs (default: by file name, then by the first byte)",
    )
    parser.add_argument(
        "--encoding",
        default="utf-8",
        help="text encoding of the inputs (default utf-8; e.g. gb18030 for Excel exports)",
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="DATE",
        help="judge validity as of DATE (default: today in China; a resumed run keeps the"
        " date of its first run)",
    )
    parser.add_argument("--policy", metavar="FILE", default=None, help="a policy file (JSON)")
    parser.add_argument(
        "--registry",
        metavar="SPEC",
        default=None,
        help="confirm each merchant against a registry: an SQLite snapshot file,"
        " 'tianyancha', 'qichacha' or 'aliyun', or 'package.module:Class'",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive,
        default=16,
        metavar="N",
        help="registry look-ups in flight at once (default 16)",
    )
    parser.add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help="verify in N processes, one per core (default 1; at most 4 per CPU; offline"
        " runs only: with --registry the look-ups overlap instead); the output is the same",
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="no progress and no summary; errors only"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--resume",
        dest="restart",
        action="store_false",
        help="continue from OUT.checkpoint when it matches (the default)",
    )
    mode.add_argument(
        "--restart",
        dest="restart",
        action="store_true",
        help="ignore any checkpoint and rewrite OUT from the start",
    )
    parser.add_argument(
        "--commit-every",
        type=_positive,
        default=1000,
        metavar="N",
        help="make the output durable and save the checkpoint every N records (and at"
        " least every two seconds; default 1000)",
    )
    parser.add_argument(
        "--progress-interval",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="seconds between progress lines when stderr is not a terminal (default 10)",
    )
    parser.set_defaults(run=run, restart=False)


def run(args: argparse.Namespace) -> int:
    """Run the batch; returns the exit status."""
    from qualcheck.batch._runner import BatchOptions, run_batch

    options = BatchOptions(
        inputs=tuple(args.inputs),
        out=args.out,
        output_format=args.output_format,
        input_format=args.input_format,
        encoding=args.encoding,
        as_of=args.as_of,
        policy=args.policy,
        registry=args.registry,
        concurrency=args.concurrency,
        workers=args.workers,
        quiet=args.quiet,
        restart=args.restart,
        commit_every=args.commit_every,
        progress_interval=args.progress_interval,
    )
    return run_batch(options)
