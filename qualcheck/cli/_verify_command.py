"""``qualcheck verify FILE…`` — verify merchant records and print one report per record."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from qualcheck.cli._output import iso_date, write_json_line
from qualcheck.cli._records import read_records

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
        help="judge validity as of DATE (default: today in China)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON report a line")
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="language of the messages in the human output",
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
    return "\n".join(lines)


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

    try:
        policy = Policy.from_file(args.policy) if args.policy else None
        registry = _open_registry(args.registry)
    except (ConfigError, RegistryError) as exc:  # a registry that cannot be opened too
        print(f"qualcheck verify: {exc}", file=sys.stderr)
        return 2
    verifier = Verifier(as_of=args.as_of, policy=policy, registry=registry)
    try:
        return _verify_files(args, verifier)
    except RegistryAbort as exc:
        print(f"qualcheck verify: stopped: {exc}", file=sys.stderr)
        return 4
    finally:
        close = getattr(registry, "close", None)
        if callable(close):
            close()


def _verify_files(args: argparse.Namespace, verifier: Any) -> int:
    from qualcheck import Decision

    decisions: set[Decision] = set()
    for name in args.files:
        try:
            records = list(read_records(name))
        except OSError as exc:
            print(f"qualcheck verify: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        except UnicodeDecodeError as exc:  # a binary file, or another encoding
            print(f"qualcheck verify: cannot read {name}: not UTF-8 text ({exc})", file=sys.stderr)
            return 2
        for source, record in records:
            report = verifier.verify(record)
            decisions.add(report.decision)
            if args.json:
                write_json_line({"source": source.to_dict(), **report.model_dump(mode="json")})
            else:
                where = source.file + (
                    f":{source.line}"
                    if source.line
                    else f"[{source.index}]"
                    if source.index is not None
                    else ""
                )
                label = f"{where} {report.merchant_id or ''}".rstrip()
                print(_human(report, label, args.lang, args.verbose))
            sys.stdout.flush()
    if Decision.FAIL in decisions:
        return 1
    if Decision.REVIEW in decisions:
        return 3
    return 0
