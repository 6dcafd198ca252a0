"""``qualcheck verify FILE…`` — verify merchant records and print one report per record."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Iterator
from typing import Any

from qualcheck.cli._output import iso_date, terminal_safe, write_json_line
from qualcheck.cli._records import NotUtf8, Source, read_records

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add the ``verify`` sub-command."""
    parser = commands.add_parser(
        "verify",
        help="verify merchant records (JSON or JSON Lines files)",
        description=(
            "Verify merchant records: a JSON object, a JSON array of objects, or JSON Lines "
            "(one object a line). '-' reads standard input."
        ),
        epilog="Exit status: 0 all pass, 1 any fail, 3 any review (none fail), 2 usage or"
        " configuration error, 4 stopped by the registry (credentials, quota).",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", help="record files; '-' = stdin")
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="DATE",
        help="judge validity as of DATE, written YYYY-MM-DD (default: today in China)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON report a line")
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="language of the messages in the human output (default: en)",
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        default=None,
        help="a policy file (JSON) with options and decision overrides",
    )
    parser.add_argument(
        "--registry",
        metavar="SPEC",
        default=None,
        help="confirm each merchant against a registry: an SQLite snapshot file,"
        " 'tianyancha', 'qichacha' or 'aliyun' (credentials from the environment), or"
        " 'package.module:Class' for your own adapter",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also list the checks that were skipped (errored ones are always listed)",
    )
    parser.set_defaults(run=run)


def _human(report: Any, label: str, lang: str, verbose: bool = False) -> str:
    lines = [f"{report.decision.value.upper():<7} {label}"]
    for finding in report.findings:
        message = finding.message_zh if lang == "zh" else finding.message
        lines.append(
            f"    {finding.decision.value:<6} {finding.code} at {finding.json_path}: {message}"
        )
    shown = ("skipped", "errored") if verbose else ("errored",)
    for check in (check for check in report.checks if check.status in shown):
        if lang == "zh":
            status = "未执行" if check.status == "skipped" else "出错"
            reason = _REASONS_ZH.get(check.reason or "", check.reason)
            lines.append(f"    （{check.name} {status}：{reason}）")
        else:
            lines.append(f"    ({check.name} {check.status}: {check.reason})")
    return "\n".join(terminal_safe(line) for line in lines)


_REASONS_ZH = {
    "no registry configured": "未配置登记机关数据源",
    "the record could not be read into a merchant": "记录无法解析为商户信息",
    "natural-person sellers have no registration to look up": "自然人卖家没有可查询的登记",
    "no categories declared": "未申报经营类目",
    "never verified before (first verification)": "此前未核验过（首次核验）",
}
"""Why a bundled check was skipped, in Chinese (``--lang zh --verbose``)."""


def _open_registry(spec: str | None) -> Any:
    if spec is None:
        return None
    from qualcheck.registries._spec import open_registry

    return open_registry(spec)


def run(args: argparse.Namespace) -> int:
    """Verify every record of every file; print reports in input order."""
    from qualcheck import Policy, Verifier
    from qualcheck.exceptions import ConfigError
    from qualcheck.registries import RegistryAbort, RegistryError

    unreadable = _unreadable(args.files)
    if unreadable:  # before anything is verified: a run is all its files or none
        for message in unreadable:
            _error(message)
        return 2
    try:
        policy = Policy.from_file(args.policy) if args.policy else None
        registry = _open_registry(args.registry)
    except (ConfigError, RegistryError) as exc:  # a registry that cannot be opened too
        _error(str(exc))
        return 2
    verifier = Verifier(as_of=args.as_of, policy=policy, registry=registry)
    try:
        return _verify_files(args, verifier)
    except RegistryAbort as exc:
        _error(f"stopped: {exc}")
        return 4
    finally:
        close = getattr(registry, "close", None)
        if callable(close):
            close()


def _error(message: str) -> None:
    print(f"qualcheck verify: {terminal_safe(message)}", file=sys.stderr)


def _unreadable(names: list[str]) -> list[str]:
    """Why each file that cannot be opened cannot be, checked before any is read (a
    misspelt or missing file is not found after the others were verified)."""
    problems = []
    for name in names:
        if name == "-":
            if sys.stdin is None:  # started with standard input closed (`<&-`)
                problems.append("cannot read -: standard input is closed")
            continue
        try:
            mode = os.stat(name).st_mode
        except OSError as exc:
            problem = exc.strerror or str(exc)
            if isinstance(exc, FileNotFoundError) and any(c in name for c in "*?["):
                problem += " (a pattern that matched no file?)"
            problems.append(f"cannot read {name}: {problem}")
            continue
        if stat.S_ISDIR(mode):
            problems.append(f"cannot read {name}: Is a directory")
        elif not os.access(name, os.R_OK):
            problems.append(f"cannot read {name}: Permission denied")
    return problems


class _ReadFailed(Exception):
    """A file could not be read to its end (the message says why)."""


def _records(name: str) -> Iterator[tuple[Source, Any]]:
    """The records of ``name``, errors in reading it as :class:`_ReadFailed` (so that an
    ``OSError`` of writing the output, a closed pipe, is not taken for one)."""
    records = read_records(name)
    while True:
        try:
            item = next(records, None)
        except NotUtf8 as exc:
            raise _ReadFailed(f"cannot read {name}: {exc}") from None
        except OSError as exc:
            raise _ReadFailed(f"cannot read {name}: {exc.strerror or exc}") from None
        if item is None:
            return
        yield item


def _verify_files(args: argparse.Namespace, verifier: Any) -> int:
    from qualcheck import Decision

    decisions: set[Decision] = set()
    try:
        for name in args.files:
            for source, record in _records(name):
                report = verifier.verify(record)
                decisions.add(report.decision)
                _show(args, source, report)
                sys.stdout.flush()
    except _ReadFailed as exc:  # the reports printed so far stand
        _error(str(exc))
        return 2
    if Decision.FAIL in decisions:
        return 1
    if Decision.REVIEW in decisions:
        return 3
    return 0


def _show(args: argparse.Namespace, source: Source, report: Any) -> None:
    if args.json:
        write_json_line({"source": source.to_dict(), **report.model_dump(mode="json")})
        return
    where = source.file + (
        f":{source.line}"
        if source.line
        else f"[{source.index}]"
        if source.index is not None
        else ""
    )
    label = f"{where} {report.merchant_id or ''}".rstrip()
    print(_human(report, label, args.lang, args.verbose))
