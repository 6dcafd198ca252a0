"""Audit round 4: where personal data goes besides the report.

The standard (docs/verify.md "Privacy", docs/models.md "Personal data",
docs/registries/driver.md "Credentials and personal data"): resident-ID numbers, phone
numbers and the numbers of a representative's identity documents are masked in reprs,
logs, exception messages and command-line output by default — whoever writes the text:
qualcheck, httpx and httpcore under a platform's ``logging.basicConfig(level=DEBUG)``,
pydantic, or a registry adapter of the platform's own that quotes what it was asked.  What
qualcheck keeps on disk (the registry cache, batch output and checkpoints) holds no query
in plain text.  The models' ``model_dump`` keeps the values: the platform stores them.

Rounds 1–3 (test_audit_privacy*.py) covered reports, the scrubber's spellings, the CLI,
the plugin and the bundled adapters' own messages.  This round attacks:

* every log record at DEBUG (message, ``args`` and any ``extra`` attribute) of look-ups
  through each bundled HTTP adapter and mode, sync and async, and through an adapter of
  the platform's that puts an ID number in the URL path, its step label or its errors;
* the registry's disk cache, batch output (JSONL, CSV) and checkpoint files;
* pydantic ``ValidationError`` texts of every model (the date messages, the document-kind
  tag) and the ``repr`` of registry records, queries and results;
* ``raise_for_decision``'s exception, the CLI's "stopped" line, the FastAPI example's 422;
* other spellings: old 15-digit IDs, residence permits (81/82/83), old and new foreigner's
  permanent residence IDs, H/M travel permits, a Taiwan travel permit after its name,
  ``+86 138 0013 8000``, ``0086 …`` and ``(010) 8888-8888``.

Every personal number is generated (``make_ric``) or fictional.
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import hashlib
import json
import logging
import random
import re
import sqlite3
import sys
import traceback
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from audit_support import AS_OF, AS_OF_TEXT, food_shop, write_file, write_jsonl
from pydantic import BaseModel, ValidationError

from qualcheck import Decision, Report, VerificationFailed, averify, scrub, verify
from qualcheck.cli import main
from qualcheck.dates import Validity, parse_date
from qualcheck.exceptions import UnreadableValue
from qualcheck.models import IdentityDocument, Merchant, Person, Shop
from qualcheck.registries import (
    DriverOptions,
    HttpRegistry,
    LicenseRecord,
    LookupResult,
    RegistryAbort,
    RegistryQuery,
    RegistryRecord,
    RegistryResponseError,
    RegistryUnavailable,
    Step,
)
from qualcheck.registries.aliyun import AliyunAdapter
from qualcheck.registries.qichacha import QichachaAdapter
from qualcheck.registries.tianyancha import TianyanchaAdapter
from qualcheck.testing import assert_decision, assert_finding, make_merchant, make_ric
from qualcheck.testing.provider_emulators import (
    AliyunEmulator,
    QichachaEmulator,
    TianyanchaEmulator,
)
from qualcheck.testing.registry_server import RegistryServer

RIC = make_ric(birth_date=datetime.date(1984, 10, 17), rng=random.Random(20261204))
BIRTH = "19841017"
MOBILE = "13800138000"
LANDLINE_LOCAL = "88888888"
OLD_15 = "110105" + "491231" + "002"  # an old 15-digit ID number: born 1949-12-31
HK_RESIDENCE = make_ric(
    holder="hk_permit", birth_date=datetime.date(1991, 2, 3), rng=random.Random(7)
)
MO_RESIDENCE = make_ric(
    holder="macao_permit", birth_date=datetime.date(1992, 3, 4), rng=random.Random(8)
)
TW_RESIDENCE = make_ric(
    holder="taiwan_permit", birth_date=datetime.date(1993, 4, 5), rng=random.Random(9)
)
PR_NEW = make_ric(
    holder="foreigner_pr", birth_date=datetime.date(1979, 6, 7), rng=random.Random(10)
)
PR_OLD = "CAN310079060712"  # 2004/2017 form: 3 letters and 12 digits (synthetic)
HK_TRAVEL = "H8273645102"  # 回乡证, 10-digit form (synthetic)
MO_TRAVEL = "M82736451"  # 回乡证, 8-digit form (synthetic)
TW_TRAVEL = "82736451"  # 台胞证 (synthetic)

SECRETS = {
    "id": RIC,
    "birth": BIRTH,
    "mobile": MOBILE,
    "landline": LANDLINE_LOCAL,
    "old_15": OLD_15,
    "hk_residence": HK_RESIDENCE,
    "mo_residence": MO_RESIDENCE,
    "tw_residence": TW_RESIDENCE,
    "pr_new": PR_NEW,
    "pr_old": PR_OLD,
    "hk_travel": HK_TRAVEL,
    "mo_travel": MO_TRAVEL,
    "tw_travel": TW_TRAVEL,
}
PERSONAL = (
    f"{RIC[:6]}\u3000{RIC[6:14]}\u3000{RIC[14:].lower()} 手机 +86 138 0013 8000"
    f" 家中电话 (010) 8888-8888 旧证 {OLD_15} 台胞证号码：{TW_TRAVEL} 回乡证 {HK_TRAVEL}"
)
"""Personal numbers as a person types them into any free-text field."""
_ESCAPE = re.compile(r"\\+(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[tnrfv])|%[0-9a-fA-F]{2}")


def flat(text: str) -> str:
    """The letters and digits of ``text`` as a reader sees them (full-width folded,
    escapes and separators removed, masks kept)."""
    folded = _ESCAPE.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"[^0-9A-Za-z*]", "", folded).upper()


def leaked(text: str) -> list[str]:
    """Which secrets appear, in any spelling, in ``text``."""
    shown = flat(text)
    return [name for name, secret in SECRETS.items() if flat(secret) in shown]


_STANDARD = set(vars(logging.LogRecord("x", logging.INFO, "x", 1, "x", None, None))) | {
    "message",
    "asctime",
}


def record_text(record: logging.LogRecord) -> str:
    """All a handler or formatter can print of ``record``: the message, its arguments,
    every ``extra`` attribute and the exception text."""
    extras = {key: value for key, value in vars(record).items() if key not in _STANDARD}
    return " ".join(
        [record.name, record.getMessage(), repr(record.args), repr(extras), record.exc_text or ""]
    )


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record_text(record) for record in caplog.records)


def report_text(report: Report) -> str:
    findings = " ".join(repr(finding) for finding in report.findings)
    return f"{report.to_json()} {report!r} {report} {report.model_dump_json()} {findings}"


# --- httpx, httpcore and qualcheck at DEBUG through every bundled adapter -------------------------


def _registry_entry(record: dict[str, Any]) -> RegistryRecord:
    return RegistryRecord(
        name=record["name"],
        uscc=record["uscc"],
        legal_representative=record["legal_representative"]["name"],
        status="存续",
        term_from="2015-01-01",
        term_to="长期",
    )


def _personal_seller() -> dict[str, Any]:
    """An individual business named by its operator and phone (as many are), with the
    operator's ID number and a contact phone."""
    record = food_shop()
    record["subject_type"] = "individual_business"
    record["name"] = f"张三 {MOBILE}"
    for document in record["documents"]:
        if "holder_name" in document:
            document["holder_name"] = record["name"]
    record["legal_representative"] = {"name": "张三", "id_number": RIC}
    record["contact_phone"] = "+86 138 0013 8000"
    return record


ADAPTERS: dict[str, Callable[[list[RegistryRecord]], tuple[Any, Any]]] = {
    "tianyancha-info": lambda entries: (
        TianyanchaEmulator(entries, token="t0k"),
        lambda url: TianyanchaAdapter("t0k", base_url=url),
    ),
    "tianyancha-verify": lambda entries: (
        TianyanchaEmulator(entries, token="t0k"),
        lambda url: TianyanchaAdapter("t0k", base_url=url, mode="verify"),
    ),
    "qichacha-info": lambda entries: (
        QichachaEmulator(entries, key="k3y", secret="s3cret"),
        lambda url: QichachaAdapter("k3y", "s3cret", base_url=url),
    ),
    "qichacha-verify": lambda entries: (
        QichachaEmulator(entries, key="k3y", secret="s3cret"),
        lambda url: QichachaAdapter("k3y", "s3cret", base_url=url, mode="verify"),
    ),
    "aliyun-4meta": lambda entries: (
        AliyunEmulator(
            entries,
            access_key_id="kid",
            access_key_secret="ksecret",
            cert_numbers={entry.uscc or "": RIC for entry in entries},
        ),
        lambda url: AliyunAdapter(
            "kid", "ksecret", base_url=url, info_type="ENT_4META", cert_no_for=lambda q: RIC
        ),
    ),
}


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("adapter", ADAPTERS)
def test_debug_logs_of_every_http_adapter_hold_no_personal_number(
    caplog: pytest.LogCaptureFixture, adapter: str, mode: str
) -> None:
    """A platform's ``logging.basicConfig(level=logging.DEBUG)``: httpx logs each request
    URL (whose query holds the seller's name and the representative's name in the
    three-element checks), httpcore each phase.  The driver's filter shows the query
    values as ``***``; the Alibaba check sends the ID number in the POST body, which no
    logger prints.  A second seller, unknown to the registry, goes through the not-found
    path."""
    seller = _personal_seller()
    unknown = copy.deepcopy(seller)
    unknown["uscc"] = unknown["documents"][0]["number"] = "91350100M000100Y43"
    emulator, build = ADAPTERS[adapter]([_registry_entry(seller)])
    with caplog.at_level(logging.DEBUG), RegistryServer(emulator) as server:
        registry = HttpRegistry(build(server.url), DriverOptions(attempts=1))
        if mode == "sync":
            with registry:
                reports = [verify(r, as_of=AS_OF, registry=registry) for r in (seller, unknown)]
        else:

            async def run() -> list[Report]:
                async with registry:
                    return [
                        await averify(r, as_of=AS_OF, registry=registry) for r in (seller, unknown)
                    ]

            reports = asyncio.run(run())
    assert [r.registry.status for r in reports if r.registry] == ["found", "not_found"]
    requests = [r for r in caplog.records if r.name == "httpx" and "HTTP Request" in r.message]
    assert len(requests) >= 2  # the channel was exercised
    text = logged(caplog)
    assert leaked(text) == []
    assert "%E5%BC%A0%E4%B8%89" not in text  # 张三 percent-encoded in a query string
    names = {r.name for r in caplog.records}
    assert names >= {"httpx", "qualcheck.registries"}
    assert mode == "async" or "httpcore.http11" in names
    for report in reports:
        assert leaked(report_text(report)) == []


class _PathAdapter:
    """A platform's own REST registry: the ID number and the phone in the URL path and
    in the query string (``GET /persons/<id>/phones/<phone>?cert_no=<id>``)."""

    name = "own-rest"
    license_kinds: frozenset[str] = frozenset()

    def __init__(self, url: str) -> None:
        self.url = url

    def flow(self, query: RegistryQuery) -> Iterator[Step]:
        request = httpx.Request(
            "GET", f"{self.url}/persons/{RIC}/phones/{MOBILE}", params={"cert_no": RIC}
        )
        yield Step(request, lambda response: response.json(), label="person")
        return LookupResult.not_found(self.name)


@pytest.mark.parametrize("client", ["driver's", "platform's"])
def test_an_id_number_in_a_url_path_is_masked_in_httpx_logs(
    caplog: pytest.LogCaptureFixture, client: str
) -> None:
    """Defect (fixed in registries/driver.py): the filter on the httpx logger masked
    only query values, so an ID number or phone number in the URL path of a platform's
    own adapter was logged whole at INFO — also through a client the platform passes."""
    with caplog.at_level(logging.DEBUG), RegistryServer() as server:
        own = httpx.Client() if client == "platform's" else None
        try:
            with HttpRegistry(_PathAdapter(server.url), client=own) as registry:
                result = registry.lookup(RegistryQuery(uscc="91350100M000100Y43"))
        finally:
            if own is not None:
                own.close()
        assert server.requests[0].path.startswith(f"/persons/{RIC}/")  # sent whole
    assert result.status.value == "not_found"
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    masked_path = f"/persons/{RIC[:3]}{'*' * 11}{RIC[-4:]}/phones/138****8000"
    assert any(masked_path in line and "cert_no=***" in line for line in lines)
    assert leaked(logged(caplog)) == []


class _QuotingAdapter:
    """A platform's adapter that names its step after the query and quotes the query
    in the errors it raises (as a hurried integration does)."""

    name = "own-quoting"
    license_kinds: frozenset[str] = frozenset()

    def __init__(self, url: str, error: type[Exception]) -> None:
        self.url = url
        self.error = error

    def flow(self, query: RegistryQuery) -> Iterator[Step]:
        def parse(response: httpx.Response) -> Any:
            raise self.error(f"no answer for {query.name} ({PERSONAL})", source=self.name)

        yield Step(httpx.Request("GET", self.url), parse, label=f"look up {query.name}")
        return LookupResult.not_found(self.name)


@pytest.mark.parametrize("error", [RegistryUnavailable, RegistryResponseError, RegistryAbort])
def test_a_platform_adapter_quoting_what_it_asked_is_masked_everywhere(
    caplog: pytest.LogCaptureFixture, error: type[Exception]
) -> None:
    """Defect (fixed in registries/_errors.py and driver.py): the retry line at INFO
    (``attempt 2 of 2``) quoted the error's message whole, the DEBUG line of each
    exchange the step label, ``LookupResult.detail`` and ``repr(result)`` kept both, and
    a ``RegistryAbort`` left ``verify`` with its message whole — only the final WARNING
    line was masked."""
    query = RegistryQuery(
        uscc="91350100M000100Y43", name=f"张三 {MOBILE}", legal_representative="张三"
    )
    options = DriverOptions(attempts=2, backoff_base=0.01, backoff_max=0.02)
    with (
        caplog.at_level(logging.DEBUG),
        RegistryServer() as server,
        HttpRegistry(_QuotingAdapter(server.url, error), options) as registry,
    ):
        if error is RegistryAbort:
            with pytest.raises(RegistryAbort) as stopped:
                registry.lookup(query)
            shown = f"{stopped.value} {stopped.value!r} {stopped.value.message}"
            shown += "".join(traceback.format_exception(stopped.value))
        else:
            result = registry.lookup(query)
            assert result.status.value == "failed"
            shown = f"{result!r} {result.detail} {result.evidence()}"
            assert "no answer for 张三 138****8000" in (result.detail or "")
    assert leaked(shown) == []
    assert "010) ****-8888" in shown
    if error is RegistryUnavailable:
        assert any("attempt 2 of 2" in r.getMessage() for r in caplog.records)
    assert leaked(logged(caplog)) == []


def _write_registry_module(folder: Path) -> str:
    """A module with registries of the platform's own, for ``--registry module:Class``."""
    name = "own_registries_privacy4"
    source = f"""
from qualcheck.registries import LookupResult, RegistryAbort

PERSONAL = {PERSONAL!r}


class Locked:
    name = "locked"
    license_kinds = frozenset()

    def lookup(self, query):
        message = f"the account of {{PERSONAL}} is locked"
        raise RegistryAbort(message, source="locked", reason="auth")

    async def alookup(self, query):
        return self.lookup(query)


class Broken:
    name = "broken"
    license_kinds = frozenset()

    def lookup(self, query):
        raise KeyError(f"no row for {{PERSONAL}}")

    async def alookup(self, query):
        return self.lookup(query)
"""
    write_file(folder / f"{name}.py", source)
    return name


@pytest.mark.parametrize("registry", ["Locked", "Broken"])
@pytest.mark.parametrize("command", ["verify", "batch"])
def test_the_command_line_never_prints_what_a_registry_quoted(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    registry: str,
    command: str,
) -> None:
    """Defect (fixed in registries/_errors.py): ``qualcheck verify`` printed ``stopped:
    <message>`` and ``qualcheck batch`` ``stopped by the registry (auth): <message>`` with
    the personal numbers a registry's abort message quoted.  An unexpected exception in a
    registry is named by its type only."""
    monkeypatch.syspath_prepend(str(tmp_path))
    module = _write_registry_module(tmp_path)
    sellers = write_jsonl(tmp_path / "sellers.jsonl", [_personal_seller()])
    args = [command, str(sellers), "--as-of", AS_OF_TEXT, "--registry", f"{module}:{registry}"]
    out = tmp_path / "out.jsonl"
    if command == "batch":
        args += ["--out", str(out)]
    status = main(args)
    sys.modules.pop(module, None)
    captured = capsys.readouterr()
    text = captured.out + captured.err + (out.read_text("utf-8") if out.exists() else "")
    assert status == (4 if registry == "Locked" else 3)
    assert leaked(text) == []
    if registry == "Locked":
        assert "138 **** 8000" in captured.err  # quoted, masked
    else:  # named by its type only
        assert "registry.unavailable" in text


# --- data at rest ---------------------------------------------------------------------------------


def test_the_disk_cache_keeps_no_query_in_plain_text(tmp_path: Path) -> None:
    """Defect (fixed in registries/driver.py): the disk cache's keys (an SQLite file
    that survives restarts) were ``adapter|endpoint|uscc|name|legal representative|…`` —
    the seller's name (here with its phone number) and the representative's name in
    plain text.  Keys now hold a SHA-256 of the query; the cache still answers."""
    seller = _personal_seller()
    seller.pop("uscc")
    seller["documents"] = [d for d in seller["documents"] if d["kind"] != "business_license"]
    emulator = TianyanchaEmulator([], token="t0k")
    with RegistryServer(emulator) as server:
        adapter = TianyanchaAdapter("t0k", base_url=server.url)
        options = DriverOptions(attempts=1, cache=tmp_path / "cache")
        with HttpRegistry(adapter, options) as registry:
            first = verify(seller, as_of=AS_OF, registry=registry)
        with HttpRegistry(TianyanchaAdapter("t0k", base_url=server.url), options) as registry:
            second = verify(seller, as_of=AS_OF, registry=registry)
        asked = len(server.requests)
    assert first.registry is not None
    assert first.registry.status == "not_found"
    assert second.registry is not None
    assert second.registry.cached
    assert asked == 1
    with sqlite3.connect(tmp_path / "cache" / "cache.db") as db:
        keys = [row[0] for row in db.execute("SELECT key FROM Cache")]
    db.close()
    assert len(keys) == 1
    assert re.fullmatch(r"tianyancha\|[0-9a-f]{12}\|[0-9a-f]{64}", keys[0])
    assert "张三" not in keys[0]
    stored = (tmp_path / "cache" / "cache.db").read_bytes()
    assert MOBILE.encode() not in stored
    assert "张三".encode() not in stored


def test_cache_keys_tell_queries_apart() -> None:
    """The digest keeps every part of the query: two queries that differ only in the
    legal representative or a licence kind are two cache entries."""
    registry = HttpRegistry(TianyanchaAdapter("t0k", base_url="http://127.0.0.1:9"))
    base = RegistryQuery(uscc="91350100M000100Y43", name="示例", legal_representative="王五")
    others = [
        RegistryQuery(uscc="91350100M000100Y43", name="示例", legal_representative="赵六"),
        RegistryQuery(
            uscc="91350100M000100Y43",
            name="示例",
            legal_representative="王五",
            license_kinds=("food_business",),
        ),
    ]
    keys = {registry._key(query) for query in (base, *others)}
    registry.close()
    assert len(keys) == 3
    digest = hashlib.sha256(base.key.encode()).hexdigest()
    assert registry._key(base).endswith(digest)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_batch_output_and_checkpoint_hold_no_personal_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Every file the batch leaves (results in either format, the checkpoint) and every
    line it prints, for records whose personal numbers sit in every free-text field; no
    temporary file is left behind."""
    records = []
    for field in ("name", "merchant_id", "address", "categories"):
        record = _personal_seller()
        record[field] = [PERSONAL] if field == "categories" else PERSONAL
        records.append(record)
    (tmp_path / "in").mkdir()
    sellers = write_jsonl(tmp_path / "in" / "sellers.jsonl", records)
    out = tmp_path / "out" / f"results.{fmt}"
    out.parent.mkdir()
    argv = ["batch", str(sellers), "--out", str(out), "--as-of", AS_OF_TEXT, "--commit-every", "1"]
    main(argv)
    captured = capsys.readouterr()
    written = {path.name: path.read_text("utf-8") for path in out.parent.iterdir()}
    assert set(written) <= {out.name, out.name + ".checkpoint"}
    assert out.name in written
    for name, text in written.items():
        assert leaked(text) == [], name
    assert leaked(captured.out + captured.err) == []
    assert "138 **** 8000" in written[out.name]


# --- pydantic: validation errors and reprs --------------------------------------------------------

BAD_RIC = RIC[:17] + ("0" if RIC[17] != "0" else "1")
INVALID: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (IdentityDocument, {"number": RIC, "holder_name": "张三", "valid_to": MOBILE}),
    (IdentityDocument, {"number": RIC, "holder_name": "张三", "validity": f"{RIC}至长期"}),
    (IdentityDocument, {"number": BAD_RIC, "holder_name": "张三"}),
    (Person, {"name": "张三", "id_number": RIC, "id_type": MOBILE}),
    (Person, {"name": "张三", "id_number": OLD_15[:8] + "13" + OLD_15[10:]}),  # month 13
    (Shop, {"name": ["x"], "url": {"u": RIC}}),
    (Merchant, {"subject_type": "enterprise", "name": "x", "last_verified_at": int(MOBILE)}),
    (Merchant, {"subject_type": "enterprise", "name": "x", "documents": [{"kind": RIC}]}),
    (
        Merchant,
        {"subject_type": "enterprise", "name": "x", "documents": [{"kind": f"台胞证 {TW_TRAVEL}"}]},
    ),
    (
        Merchant,
        {
            "subject_type": "enterprise",
            "name": "x",
            "documents": [{"kind": "food_business", "number": "JY13301080111719", "valid_to": RIC}],
        },
    ),
    (RegistryRecord, {"name": "x", "established_on": RIC}),
    (RegistryRecord, {"name": ["x", MOBILE], "term_to": f"{MOBILE}"}),
    (LicenseRecord, {"number": RIC, "validity": {"valid_to": MOBILE}}),
    (LicenseRecord, {"number": ["x"], "holder_uscc": 5, "issuer": {"id": RIC}}),
]


@pytest.mark.parametrize(("model", "data"), INVALID, ids=lambda v: getattr(v, "__name__", None))
def test_validation_errors_never_quote_a_personal_number(
    model: type[BaseModel], data: dict[str, Any]
) -> None:
    """Defects (fixed in dates.py, exceptions.py, models/documents.py,
    registries/_record.py): ``hide_input_in_errors`` hides pydantic's ``input_value``,
    but (1) the date and validity messages quoted the value themselves (``cannot read a
    date from '13800138000'``), (2) pydantic's message for an unknown document kind
    quotes the tag (``Input tag '<ID number>' found using 'kind'``), and (3)
    ``RegistryRecord`` and ``LicenseRecord`` (rows of a registry export) printed every
    input whole.  ``errors(include_input=False)`` is the documented way to log them."""
    with pytest.raises(ValidationError) as failed:
        model.model_validate(data)
    error = failed.value
    text = f"{error} {error!r} {error.errors(include_input=False)} {error.title}"
    text += "".join(traceback.format_exception(error))
    assert leaked(text) == []
    assert error.error_count() >= 1


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        (MOBILE, "138****8000"),
        (int(MOBILE), "138****8000"),
        ("x" * 43 + RIC, RIC[:3] + "*"),  # cut at 60 characters: masked first, then cut
        (f"{RIC[:6]} {RIC[6:14]} {RIC[14:]}", RIC[:3] + "*** "),
        ("(010) 8888-8888", "(010) ****-8888"),
    ],
)
def test_unreadable_values_are_quoted_masked(value: object, kept: str) -> None:
    """Defect (fixed in dates.py and exceptions.py): ``UnreadableValue`` (a
    ``ValueError`` pydantic turns into a validation error message) quoted the value
    whole, in English and in Chinese; cut to 60 characters first, an ID number could
    lose its last digits and so escape a later scrub with its birth date shown."""
    for parse in (parse_date, lambda v: Validity.model_validate({"valid_to": v})):
        with pytest.raises((UnreadableValue, ValidationError)) as failed:
            parse(value)
        error = failed.value
        zh = getattr(error, "message_zh", "")
        text = f"{error} {error!r} {zh}"
        assert leaked(text) == []
        assert BIRTH[:6] not in flat(text)
    assert kept in str(UnreadableValue(f"cannot read {value!r}", f"无法读出{value!r}"))


def test_unreadable_value_survives_pickling_masked() -> None:
    import pickle

    error = UnreadableValue(f"cannot read {MOBILE}", f"无法读出{MOBILE}")
    copied = pickle.loads(pickle.dumps(error))
    assert str(copied) == "cannot read 138****8000"
    assert copied.message_zh == "无法读出138****8000"


def test_registry_records_queries_and_results_mask_their_repr() -> None:
    """Defect (fixed in registries/_record.py): ``repr`` of a ``RegistryRecord`` (a row
    of the platform's registry export, an individual business named by its phone), a
    ``LicenseRecord``, a ``RegistryQuery`` (the seller's declared name) and a
    ``LookupResult`` (the failure detail of a platform's registry) printed every value
    whole — what ``log.debug("%r", result)`` writes.  The values themselves stay."""
    record = RegistryRecord(
        name=f"张三 {MOBILE}",
        uscc="91350100M000100Y43",
        legal_representative=f"张三 {RIC}",
        address=PERSONAL,
        scope="食品销售",
        status="存续",
        licenses=[LicenseRecord(number=RIC, holder_uscc="91350100M000100Y43")],
    )
    query = RegistryQuery(
        uscc="91350100M000100Y43", name=f"张三 {MOBILE}", legal_representative="张三"
    )
    results = [
        LookupResult.found(record),
        LookupResult.failed("own", "timeout", f"no answer for {PERSONAL}"),
    ]
    shown = [repr(record), str(record), repr(record.licenses[0]), repr(query), *map(repr, results)]
    shown.append(repr(list(record.__rich_repr__())))
    for text in shown:
        assert leaked(text) == [], text
    assert "张三 138****8000" in repr(query)
    assert "91350100M000100Y43" in repr(record)  # business numbers stay readable
    assert record.name == f"张三 {MOBILE}"
    assert record.licenses[0].number == RIC
    assert query.name == f"张三 {MOBILE}"


IDENTITIES = [
    pytest.param(OLD_15, None, id="old-15-digit"),
    pytest.param(RIC.lower(), None, id="lower-x"),
    pytest.param(HK_RESIDENCE, "港澳台居民居住证", id="hk-residence-permit"),
    pytest.param(MO_RESIDENCE, "港澳台居民居住证", id="macao-residence-permit"),
    pytest.param(TW_RESIDENCE, "港澳台居民居住证", id="taiwan-residence-permit"),
    pytest.param(PR_NEW, "外国人永久居留身份证", id="pr-2023"),
    pytest.param(PR_OLD, "外国人永久居留身份证", id="pr-2004"),
    pytest.param(HK_TRAVEL, "港澳居民来往内地通行证", id="hk-travel-permit"),
    pytest.param(MO_TRAVEL, "回乡证", id="macao-travel-permit"),
    pytest.param(TW_TRAVEL, "台胞证", id="taiwan-travel-permit"),
]


@pytest.mark.parametrize(("number", "id_type"), IDENTITIES)
def test_every_identity_document_is_masked_in_reprs_and_reports(
    number: str, id_type: str | None
) -> None:
    """Every shape of a representative's identity number: masked in ``repr``, ``str``
    and ``__rich_repr__`` of the person, the document and the merchant, absent from the
    report (and from ``raise_for_decision``'s exception); kept by ``model_dump``."""
    extra = {"id_type": id_type} if id_type else {}
    record = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(4))
    for document in record["documents"]:
        if document["kind"] == "identity":
            document.update(number=number, **extra)
    record["legal_representative"] = {"name": record["name"], "id_number": number, **extra}
    record["contact_phone"] = "0086 138 0013 8000"
    record["declared_annual_turnover_yuan"] = 10**9  # over the exemption: not a pass
    merchant = Merchant.model_validate(record)
    person = merchant.legal_representative
    assert person is not None
    identity = next(d for d in merchant.documents if d.kind == "identity")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dumped = merchant.model_dump_json()
        report = verify(record, as_of=AS_OF)
    texts = [repr(merchant), str(merchant), repr(person), str(person), repr(identity)]
    texts += [repr(list(obj.__rich_repr__())) for obj in (merchant, person, identity)]
    texts += [report_text(report), *(str(w.message) for w in caught)]
    with pytest.raises(VerificationFailed) as failed:
        report.raise_for_decision(allow_review=False)
    texts.append("".join(traceback.format_exception(failed.value)) + repr(failed.value))
    for text in texts:
        assert flat(number) not in flat(text), text[:500]
        assert MOBILE not in flat(text)
    assert report.decision is not Decision.PASS
    assert flat(number) in flat(dumped)  # the platform's copy keeps the value


# --- the scrubber: the shapes of this round -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("+86 138 0013 8000", "+86 138 **** 8000"),
        ("0086 138 0013 8000", "0086 138 **** 8000"),
        ("(010) 8888-8888", "(010) ****-8888"),
        ("（010）8888-8888", "（010）****-8888"),
        (OLD_15, "110*********002"),
        (f"{OLD_15[:6]} {OLD_15[6:12]} {OLD_15[12:]}", "110*** ****** 002"),
        (HK_TRAVEL, "H********02"),
        (MO_TRAVEL, "*********"),
        ("m82736451", "*********"),
        (PR_OLD, "CAN**********12"),
        (f"台胞证 {TW_TRAVEL}", "台胞证 ********"),
        (f"台胞证号码：{TW_TRAVEL}", "台胞证号码：********"),
        ("台湾居民来往大陆通行证号 0827364510(B)", "台湾居民来往大陆通行证号 **********(B)"),
        ("台胞证：８２７３６４５１", "台胞证：********"),
        ("台胞证 2019 年换发", "台胞证 2019 年换发"),  # a year, not a number
        ("台州 82736451", "台州 82736451"),  # no document named: an 8-digit number stays
    ],
)
def test_scrub_masks_the_shapes_of_this_round(text: str, masked: str) -> None:
    """Defect (fixed in _scrub.py): a Taiwan resident's travel permit number (8 digits,
    10 in the older form) has no form of its own and was never masked — also where the
    text names it (``台胞证号码：82736451`` in a name or an address).  It is masked after
    its name now; a bare 8-digit number stays (a licence or order number)."""
    assert scrub(text) == masked


@pytest.mark.parametrize("number", [HK_RESIDENCE, MO_RESIDENCE, TW_RESIDENCE, PR_NEW])
def test_scrub_masks_residence_permits_and_the_new_permanent_residence_id(number: str) -> None:
    assert scrub(number) == number[:3] + "*" * 11 + number[-4:]
    assert scrub(number.lower()) == number.lower()[:3] + "*" * 11 + number.lower()[-4:]


def test_a_taiwan_travel_permit_in_a_name_is_quoted_masked() -> None:
    record = food_shop()
    record["name"] = f"张三（台胞证号码：{TW_TRAVEL}）"
    report = verify(record, as_of=AS_OF)
    assert "consistency.name_mismatch" in report.codes
    assert TW_TRAVEL not in report_text(report)
    assert "台胞证号码：********" in report.to_json()


# --- the testing toolkit and the FastAPI example --------------------------------------------------


def test_assertion_helpers_mask_every_shape() -> None:
    record = food_shop()
    record["name"] = PERSONAL
    record["categories"] = [*record["categories"], "(010) 8888-8888"]
    report = verify(record, as_of=AS_OF)
    messages = []
    for check in (
        lambda: assert_decision(report, "pass"),
        lambda: assert_finding(report, "license.expired", path=f"$.{RIC}"),
        lambda: assert_decision(report, PERSONAL),
    ):
        with pytest.raises((AssertionError, ValueError)) as failed:
            check()
        messages.append(str(failed.value))
    assert all(leaked(message) == [] for message in messages), messages
    assert "consistency.name_mismatch" in messages[0]


@pytest.fixture(scope="module")
def client() -> Any:
    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    import fastapi_onboarding

    return TestClient(fastapi_onboarding.app)


@pytest.mark.parametrize(
    ("params", "body"),
    [
        ({"as_of": MOBILE}, food_shop()),
        ({"as_of": RIC}, food_shop()),
        ({}, [RIC, MOBILE]),
        ({}, RIC),
        ({}, {**food_shop(), "subject_type": PERSONAL}),
        ({}, {**food_shop(), "legal_representative": {"name": "张三", "id_number": OLD_15[:-1]}}),
        ({}, {**food_shop(), "legal_representative": {"name": "张", "id_type": MOBILE}}),
        ({}, {**food_shop(), "documents": [{"kind": f"台胞证 {TW_TRAVEL}", "number": RIC}]}),
        ({}, {**food_shop(), "shops": [{"name": {"x": RIC}, "url": PERSONAL}]}),
        ({}, {**food_shop(), "last_verified_at": "(010) 8888-8888"}),
    ],
)
def test_fastapi_422_echoes_no_personal_number(
    client: Any, params: dict[str, str], body: Any
) -> None:
    """FastAPI's own 422 handler answers each error's ``input``; the example's handler
    answers codes, paths and masked parameters — for a query parameter as well as the
    body, a body that is not an object, and values of every shape."""
    response = client.post("/merchants/verify", params={"as_of": AS_OF_TEXT, **params}, json=body)
    assert response.status_code == 422
    assert response.json()["decision"] in ("review", "fail")
    assert leaked(response.text) == []


# --- logs of a whole run at DEBUG -----------------------------------------------------------------


def test_no_log_record_of_a_run_carries_personal_data_in_args_or_extra(
    caplog: pytest.LogCaptureFixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """qualcheck's own loggers at DEBUG — message, ``args`` (a formatter may print them
    with ``%r``) and ``extra`` attributes — while records with personal numbers in every
    free-text field are verified, batch-processed, listed as due, and looked up in an
    SQLite registry that holds them."""
    records = []
    for field in ("name", "merchant_id", "address"):
        record = _personal_seller()
        record[field] = PERSONAL
        records.append(record)
    sellers = write_jsonl(tmp_path / "sellers.jsonl", records)
    export = write_jsonl(
        tmp_path / "registry.jsonl",
        [{**_registry_entry(records[0]).model_dump(mode="json"), "address": PERSONAL}],
    )
    db = tmp_path / "registry.sqlite"
    printed = []
    with caplog.at_level(logging.DEBUG):
        main(["registry", "load", str(export), "--db", str(db)])
        loaded = capsys.readouterr()
        for record in records:
            verify(record, as_of=AS_OF)
        main(["verify", str(sellers), "--as-of", AS_OF_TEXT, "--registry", str(db), "--json"])
        verified = capsys.readouterr()
        main(["batch", str(sellers), "--out", str(tmp_path / "o.csv"), "--as-of", AS_OF_TEXT])
        main(["due", str(sellers), "--as-of", AS_OF_TEXT, "--within", "9999"])
        printed = [loaded, verified, capsys.readouterr()]
    assert leaked(logged(caplog)) == []
    assert all(leaked(c.out + c.err) == [] for c in printed)
    reports = [json.loads(line) for line in verified.out.splitlines()]
    assert [report["registry"]["status"] for report in reports] == ["found"] * 3
