"""The ``qualcheck`` command line: thin wrappers over the library.

Exit status (shared by every command that judges something): 0 everything valid /
passed, 1 anything invalid / failed, 3 anything for review (and nothing invalid),
2 usage error, 4 stopped by the registry (bad credentials, exhausted quota).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Sequence
from typing import Any

from qualcheck._version import __version__
from qualcheck.cli import (
    _batch_command,
    _checks_command,
    _codes_command,
    _due_command,
    _id_command,
    _registry_command,
    _verify_command,
)

__all__ = [
    "EXIT_ABORTED",
    "EXIT_BROKEN_PIPE",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_REVIEW",
    "EXIT_USAGE",
    "build_parser",
    "console",
    "main",
]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_REVIEW = 3
EXIT_ABORTED = 4
EXIT_BROKEN_PIPE = 141
"""The output was cut short (its reader closed the pipe): 128 + SIGPIPE, as a shell reports it."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="qualcheck",
        description="Verify the qualifications of sellers on Chinese online marketplaces.",
        epilog="Exit status: 0 all pass (or valid), 1 any fail (or invalid), 3 any review,"
        " 2 usage error, 4 stopped by the registry, 141 output cut short.",
    )
    parser.add_argument("--version", action="version", version=f"qualcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    _id_command.register(commands)
    _verify_command.register(commands)
    _checks_command.register(commands)
    _codes_command.register(commands)
    _registry_command.register(commands)
    _batch_command.register(commands)
    _due_command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used as the console script)."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # said by the command's own parser: its usage, and the option meant
        command = _command_parser(parser, args)
        command.error(f"unrecognized arguments: {' '.join(unknown)}{_meant(command, unknown)}")
    try:
        status: int = args.run(args)
    except BrokenPipeError:  # e.g. `qualcheck verify … | head`: the output was cut short
        # Not every result was written, so this is never "all passed" (0): exit as a
        # process killed by SIGPIPE would (128 + 13), with standard output pointed at
        # /dev/null so that the interpreter's last flush does not fail again.
        _silence_stdout()
        sys.stderr.close()
        return EXIT_BROKEN_PIPE
    return status


def _command_parser(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> argparse.ArgumentParser:
    """The parser of the sub-command ``args`` ran (``registry load`` …), else ``parser``."""
    current = parser
    while True:
        commands = [a for a in current._actions if isinstance(a, argparse._SubParsersAction)]
        chosen: Any = getattr(args, commands[0].dest, None) if commands else None
        if not commands or chosen not in commands[0].choices:
            return current
        current = commands[0].choices[chosen]


def _meant(parser: argparse.ArgumentParser, unknown: list[str]) -> str:
    """`` (did you mean --as-of?)`` for a misspelt option, else nothing.

    >>> parser = build_parser()
    >>> args, unknown = parser.parse_known_args(["verify", "x.jsonl", "--asof", "2026-11-29"])
    >>> _command_parser(parser, args).prog, unknown, _meant(_command_parser(parser, args), unknown)
    ('qualcheck verify', ['--asof', '2026-11-29'], ' (did you mean --as-of?)')
    """
    known = [option for action in parser._actions for option in action.option_strings]
    for given in unknown:
        if given.startswith("--"):
            close = difflib.get_close_matches(given.split("=", 1)[0], known, n=1, cutoff=0.75)
            if close:
                return f" (did you mean {close[0]}?)"
    return ""


def _silence_stdout() -> None:
    """Point standard output at /dev/null (when it is a file descriptor at all)."""
    try:
        target = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file: a test's capture, say
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, target)
    finally:
        os.close(devnull)


def console() -> None:
    """Entry point of the ``qualcheck`` console script."""
    raise SystemExit(main())
