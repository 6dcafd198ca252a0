"""Shared pieces of the adversarial audit tests: the pinned date, example records, the
command line as a subprocess, and generated personal numbers (never real people's)."""

from __future__ import annotations

import copy
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, ClassVar, NamedTuple

from pydantic import TypeAdapter

from qualcheck import Decision, Report
from qualcheck._codes import Severity
from qualcheck.numbers import CheckResult, Verdict, check, get, identify
from qualcheck.testing import make_ric
from qualcheck.types import NumberValidator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
AS_OF = datetime.date(2026, 11, 29)
AS_OF_TEXT = AS_OF.isoformat()

EXAMPLE_LINES = (EXAMPLES / "merchants.jsonl").read_text(encoding="utf-8").splitlines()
EXAMPLE_RECORDS: list[dict[str, Any]] = [json.loads(line) for line in EXAMPLE_LINES]
PASSING = [0, 1, 2, 3, 4, 5, 6, 7]
"""Indices of the example records that pass as of AS_OF."""

# generated personal numbers: random sequence digits, belonging to nobody
RIC = make_ric(birth_date=datetime.date(1987, 9, 8), rng=random.Random(20261129))
RIC_BIRTH = "19870908"
PHONE = "13912345678"
PHONE_SPACED = "139 1234 5678"


def natural_person(
    merchant_id: str, name: str, id_number: str, category: str, **fields: Any
) -> dict[str, Any]:
    """A natural-person seller (自然人: no USCC, an identity number) declaring
    ``category``; ``fields`` are set over it."""
    record: dict[str, Any] = {
        "merchant_id": merchant_id,
        "subject_type": "自然人",
        "name": name,
        "legal_representative": {"name": name, "id_number": id_number},
        "categories": [category],
    }
    record.update(fields)
    return record


def food_shop() -> dict[str, Any]:
    """A fresh copy of the first example (a food shop that passes as of AS_OF)."""
    return copy.deepcopy(EXAMPLE_RECORDS[0])


def example(index: int) -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE_RECORDS[index])


def json_paths(report: Report) -> list[str]:
    return [finding.json_path for finding in report.findings]


def not_pass(report: Report) -> bool:
    return report.decision is not Decision.PASS


def qualcheck_command() -> list[str]:
    """The console script next to this interpreter (the README documents ``qualcheck``)."""
    script = Path(sys.executable).with_name("qualcheck")
    if script.exists():
        return [str(script)]
    found = shutil.which("qualcheck")
    return [found] if found else [sys.executable, "-m", "qualcheck"]


def cli_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("QUALCHECK_")}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def run_cli(
    *args: str,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    timeout: float = 60,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*qualcheck_command(), *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=timeout,
        env=env if env is not None else cli_env(),
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback (most recent call last)" not in result.stderr, result.stderr[-2000:]


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text(
        "".join(
            (record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)) + "\n"
            for record in records
        ),
        encoding="utf-8",
    )
    return path


def write_file(path: Path, content: str | bytes | dict[str, Any]) -> Path:
    """Write ``content`` to ``path``: bytes as they are, text as UTF-8, a dict as JSON."""
    if isinstance(content, dict):
        content = json.dumps(content, ensure_ascii=False)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def deep_json(depth: int = 100_000) -> str:
    """JSON nested far deeper than the interpreter's recursion limit."""
    return "[" * depth + "]" * depth


class ScopeSellers:
    """Generated sellers — ``device`` (device business licence), ``drug`` (drug business
    licence), ``food`` (food business licence) — that pass as of AS_OF, whose licence's
    scope a test sets."""

    PROFILES: ClassVar[dict[str, tuple[str, str]]] = {
        "device": ("device_seller", "device_business"),
        "drug": ("pharmacy", "drug_business"),
        "food": ("food_shop", "food_business"),
    }

    def __init__(self, seeds: dict[str, int]) -> None:
        from qualcheck.testing import make_merchant

        self.records = {
            key: make_merchant(profile, as_of=AS_OF, rng=random.Random(seeds[key]))
            for key, (profile, _) in self.PROFILES.items()
        }

    def kind(self, seller: str) -> str:
        """The kind of the licence whose scope the tests set."""
        return self.PROFILES[seller][1]

    def record(self, seller: str, categories: list[str], scope: str | list[str]) -> dict[str, Any]:
        """A copy of the seller declaring ``categories``, its licence holding ``scope``."""
        out = copy.deepcopy(self.records[seller])
        out["categories"] = categories
        (document,) = [doc for doc in out["documents"] if doc["kind"] == self.kind(seller)]
        document["scope"] = scope
        return out

    def judged(
        self, seller: str, categories: list[str], scope: str | list[str]
    ) -> tuple[Decision, tuple[str, ...]]:
        from qualcheck import verify

        report = verify(self.record(seller, categories, scope), as_of=AS_OF)
        return report.decision, report.codes

    def covered(self, seller: str, categories: list[str], scope: str | list[str]) -> None:
        assert self.judged(seller, categories, scope) == (Decision.PASS, ()), scope


def describe_check(result: CheckResult) -> str:  # type: ignore[type-arg]
    """A number check's verdict and findings, for assertion messages."""
    return f"{result.verdict.value} " + "; ".join(
        f"{f.code} [{f.severity.value}, rule={f.rule!r}]: {f.message}" for f in result.findings
    )


def assert_accepted_with_named_rules(result: CheckResult) -> None:  # type: ignore[type-arg]
    """The number is not invalid, nothing is an error, and every warning names its rule
    (the project's rule for real numbers: only official algorithms reject)."""
    assert result.verdict is not Verdict.INVALID, describe_check(result)
    for finding in result.findings:
        assert finding.severity is not Severity.ERROR, describe_check(result)
        if finding.severity is Severity.WARNING:
            assert finding.rule, describe_check(result)


def registry_merchant(
    merchant_id: str, uscc: str, name: str, representative: str
) -> dict[str, Any]:
    """An enterprise with only its long-term business licence: what a registry confirms."""
    return {
        "merchant_id": merchant_id,
        "subject_type": "enterprise",
        "name": name,
        "uscc": uscc,
        "legal_representative": {"name": representative},
        "documents": [
            {
                "kind": "business_license",
                "number": uscc,
                "holder_name": name,
                "valid_from": "2010-01-01",
                "valid_to": "长期",
            },
        ],
    }


def fast_driver_options() -> Any:
    """``DriverOptions`` for loopback fault tests: two attempts, short waits, a 0.8 s
    deadline, no circuit breaker, a 64 KiB body cap; no TLS context (plain HTTP on
    loopback): building one is part of a registry's first look-up, and on a busy machine
    it took 0.2 s and more of the 0.8 s, so that an instant answer failed as ``timeout``."""
    from qualcheck.registries.driver import DriverOptions

    return DriverOptions(
        verify_tls=False,
        attempts=2,
        backoff_base=0.01,
        backoff_max=0.02,
        connect_timeout=1.0,
        read_timeout=0.25,
        deadline=0.8,
        retry_after_max=0.5,
        breaker_fail_max=None,
        max_body_bytes=64 * 1024,
    )


class RealNumber(NamedTuple):
    """A real number harvested from a public page, and where it was printed."""

    kind: str
    number: str
    source: str
    identify_as: str | None = None
    """Kind ``identify`` must pick; ``None``: the row's own kind."""


def real_number_ids(rows: list[RealNumber]) -> list[str]:
    """Test ids for a table of real numbers: ``kind:number``."""
    return [f"{row.kind}:{row.number}" for row in rows]


def canonical_number(kind: str, number: str) -> str:
    """``number`` in the canonical form of ``kind`` as of :data:`AS_OF`."""
    return get(kind).validate(number, as_of=AS_OF)


def assert_real_number_read(row: RealNumber) -> None:
    """A real, correctly issued number is not rejected (a review names its rule),
    ``identify`` checks it as its own kind, and the pydantic type built on
    ``qualcheck.numbers`` gives its canonical form, with or without an ``as_of``."""
    assert_accepted_with_named_rules(check(row.kind, row.number, as_of=AS_OF))
    found = identify(row.number, as_of=AS_OF)
    assert found.kind == (row.identify_as or row.kind), describe_check(found)
    assert found.verdict is not Verdict.INVALID, describe_check(found)
    canonical = canonical_number(row.kind, row.number)
    adapter: TypeAdapter[str] = TypeAdapter(Annotated[str, NumberValidator(row.kind)])
    assert adapter.validate_python(row.number) == canonical
    assert adapter.validate_python(row.number, context={"as_of": AS_OF}) == canonical


def assert_rows_new(rows: list[RealNumber], earlier: tuple[RealNumber, ...]) -> None:
    """Every row is a number ``earlier`` rounds do not hold, and none is repeated."""
    held = {(row.kind, canonical_number(row.kind, row.number)) for row in earlier}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.kind, canonical_number(row.kind, row.number))
        assert key not in held, row
        assert key not in seen, row
        seen.add(key)


def assert_review(report: Report, reason: str) -> str:
    """REVIEW with ``registry.unavailable`` for ``reason``; returns the finding's detail."""
    assert report.decision is Decision.REVIEW, report.findings
    assert report.registry is not None
    assert report.registry.reason == reason, report.registry
    finding = next(f for f in report.findings if f.code == "registry.unavailable")
    detail = finding.ctx.get("detail")
    assert isinstance(detail, str), finding.ctx
    assert detail, finding.ctx
    return detail


class Fixed:
    """A registry that answers every query with one result (a ``LookupResult``)."""

    name = "fixed"
    license_kinds: frozenset[str] = frozenset()

    def __init__(self, result: Any) -> None:
        self.result = result

    def lookup(self, query: Any) -> Any:
        return self.result

    async def alookup(self, query: Any) -> Any:
        return self.result


def company_request(base_url: str, query: Any) -> Any:
    """``GET {base_url}/company?uscc=…&name=…&rep=…`` for a registry query (an
    ``httpx.Request``): the question the audits' loopback company APIs answer."""
    import httpx  # only here: importing the audits' helpers must not import httpx

    params = {
        "uscc": query.uscc or "",
        "name": query.name or "",
        "rep": query.legal_representative or "",
    }
    return httpx.Request(
        "GET", f"{base_url}/company", params=params, headers={"Accept": "application/json"}
    )


def company_result(source: str, data: Any) -> Any:
    """The ``LookupResult`` of a loopback company API's answer ``{"record": … | null}``."""
    from qualcheck.registries import LookupResult, RegistryRecord

    if data["record"] is None:
        return LookupResult.not_found(source)
    return LookupResult.found(RegistryRecord(**data["record"], source=source))


def record_nodes(
    node: Any, path: tuple[Any, ...] = (), deepest: int | None = None
) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value inside ``node`` (not ``node`` itself) with its path of keys and indices,
    depth first; below ``deepest`` levels (``None``: all) not looked into."""
    items: Any = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        yield (*path, key), value
        if deepest is None or len(path) < deepest:
            yield from record_nodes(value, (*path, key), deepest)


def fuzz_settings(examples: int) -> Any:
    """Hypothesis settings for the fuzzing audits: ``examples`` records, no deadline and
    no example database, derandomized (the same inputs on every run), and no health check
    for slow or large inputs (hostile records are both)."""
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
