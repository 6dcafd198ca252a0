"""``qualcheck id KIND VALUE…`` — check identifiers of one kind, or of any kind with ``auto``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

from qualcheck import numbers
from qualcheck._scrub import scrub
from qualcheck.cli._output import exit_status, iso_date, terminal_safe, write_json_line
from qualcheck.numbers import CheckResult, Verdict, ric
from qualcheck.numbers._dates import is_calendar_date

__all__ = ["register", "run"]

_MARKS = {Verdict.VALID: "valid", Verdict.REVIEW: "review", Verdict.INVALID: "invalid"}


def register(commands: Any) -> None:
    """Add the ``id`` sub-command to the parser's sub-commands."""
    parser = commands.add_parser(
        "id",
        help="check identifiers (USCC, resident ID, licence numbers …)",
        description=(
            "Check identifiers of one KIND, or detect the kind with 'auto'. "
            "'-' as VALUE reads one value a line from standard input "
            "(blank lines and lines starting with '#' are skipped)."
        ),
        epilog="Exit status: 0 all valid, 1 any invalid, 3 any review (none invalid), 2 usage.",
    )
    parser.add_argument(
        "kind",
        metavar="KIND",
        choices=("auto", *numbers.KINDS),
        help="one of: auto, " + ", ".join(numbers.KINDS),
    )
    parser.add_argument("values", metavar="VALUE", nargs="+", help="values to check; '-' = stdin")
    parser.add_argument("--json", action="store_true", help="one JSON object a line")
    parser.add_argument(
        "--reveal", action="store_true", help="show personal numbers (resident IDs) unmasked"
    )
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="language of messages in the human output (default: en)",
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="DATE",
        help="judge date rules as of DATE (default: today in China)",
    )
    parser.set_defaults(run=run)


def _values(arguments: list[str]) -> Iterator[str]:
    for value in arguments:
        if value != "-":
            yield value
            continue
        for line in _stdin_lines():
            text = line.removeprefix("\ufeff").rstrip("\r\n")
            if text.strip() and not text.lstrip().startswith("#"):
                yield text


def _stdin_lines() -> Iterator[str]:
    """Standard input's lines; read as bytes where it can be, so that a line that is not
    UTF-8 is one bad value (its bytes replaced by U+FFFD), not a crash."""
    if sys.stdin is None:  # started with standard input closed (`<&-`)
        raise _StdinClosed
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream given in place of stdin (tests, embedding)
        yield from sys.stdin
        return
    for raw in buffer:
        yield raw.decode("utf-8", "replace")


class _StdinClosed(Exception):
    """'-' was given, but the command was started with standard input closed."""


def _shown(result: CheckResult[Any], *, reveal: bool) -> dict[str, Any]:
    """The result as printed: :meth:`CheckResult.to_dict` masks resident-ID numbers (and
    values of their shape); a value its kind does not accept as valid is masked too where
    it may be personal — a mobile number, another identity document's number, an ID number
    with a digit too many or too few (:func:`_masked`)."""
    data = result.to_dict(reveal=reveal)
    if reveal or result.verdict is Verdict.VALID:
        return data
    for key in ("input", "normalized"):
        if isinstance(data[key], str):
            data[key] = _masked(data[key])
    return data


def _masked(text: str) -> str:
    """``text`` with personal numbers masked (:func:`qualcheck._scrub.scrub`); a run of 16
    to 19 digits (the last may be X) whose 7th to 14th digits are a date — an ID number
    mistyped — is masked as one (its birth date hidden)."""
    shown = scrub(text)
    if shown != text:
        return shown
    try:
        code = ric.compact(text)
    except ValueError:
        return text
    digits = code[:-1] if code.endswith("X") else code
    if 16 <= len(code) <= 19 and digits.isdigit() and is_calendar_date(code[6:14]):
        return code[:6] + "*" * (len(code) - 10) + code[-4:]
    return text


def _human(result: CheckResult[Any], *, reveal: bool, lang: str) -> str:
    data = _shown(result, reveal=reveal)
    lines = [f"{_MARKS[result.verdict]:<8} {result.kind:<16} {data['input']}"]
    if data["normalized"] is not None and data["normalized"] != data["input"]:
        lines.append(f"    normalized: {data['normalized']}")
    for key, value in (data["parts"] or {}).items():
        if value is not None:
            lines.append(f"    {key}: {value}")
    for finding in result.findings:
        where = f" (position {finding.position})" if finding.position else ""
        message = finding.message_zh if lang == "zh" else finding.message
        lines.append(f"    {finding.severity.value} {finding.code}{where}: {message}")
    return "\n".join(terminal_safe(line) for line in lines)


def run(args: argparse.Namespace) -> int:
    """Check every value, print results in input order, return the exit status."""
    try:
        return _run(args)
    except _StdinClosed:
        print("qualcheck id: cannot read -: standard input is closed", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    verdicts: list[Verdict] = []
    module = None if args.kind == "auto" else numbers.get(args.kind)
    for value in _values(args.values):
        if module is None:
            result = numbers.identify(value, as_of=args.as_of)
        else:
            result = module.check(value, as_of=args.as_of)
        verdicts.append(result.verdict)
        if args.json:
            write_json_line(_shown(result, reveal=args.reveal))
        else:
            print(_human(result, reveal=args.reveal, lang=args.lang))
        sys.stdout.flush()
    return exit_status(verdicts)
