"""Audit, round 3: a chaos matrix — every fault, served over real loopback HTTP, against
every commercial adapter, through ``verify`` / ``averify``.

Contract (docs/registries/driver.md, adapters.md, embedded.md, DESIGN.md "fails closed"):
whatever a registry does — refuses the connection, resets it, stalls, truncates or
mis-frames its body, garbles its compression, answers HTML or its own error code, answers
about another company, answers nothing, answers twice, answers in numbers or nulls —
``verify`` returns a report (it raises only ``RegistryAbort``, for credentials, quota and
permission), the decision is never PASS unless the answer confirms *this* seller, a finding
says why (``registry.unavailable`` with a stable ``reason``), and the look-up ends within
its deadline.  Readable variants of a good answer (a UTF-8 byte order mark, GBK declared
in ``charset``, numbers where strings are usual, a 429 or a 500 before the answer) are read
and pass.

Faults the loopback ``RegistryServer`` cannot produce (a reset or a stall in the middle of
a body, a body shorter than its ``Content-Length``, broken chunked framing, a body of tens
of megabytes streamed without end) come from :class:`RawServer`, a socket server that plays
a byte script.  Earlier rounds (test_audit_registry_faults*.py, _driver_2, _semantics*,
_sqlite_registry*, tests/registries) cover single cases; this file runs the whole matrix
on each adapter, sync and async.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import copy
import dataclasses
import json
import random
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, EXAMPLES, fast_driver_options, food_shop, registry_merchant

from qualcheck import Decision, Report, averify, verify
from qualcheck.checks.registry import registry_query
from qualcheck.models import Merchant
from qualcheck.registries import (
    HttpAdapter,
    RegistryAbort,
    RegistryQuery,
    RegistryRecord,
    SqliteRegistry,
)
from qualcheck.registries import aliyun as aliyun_module
from qualcheck.registries import qichacha as qichacha_module
from qualcheck.registries import tianyancha as tianyancha_module
from qualcheck.registries._adapter_support import Action, CodeMap
from qualcheck.registries.aliyun import AliyunAdapter
from qualcheck.registries.driver import DriverOptions, HttpRegistry
from qualcheck.registries.qichacha import QichachaAdapter
from qualcheck.registries.tianyancha import TianyanchaAdapter
from qualcheck.testing import make_uscc
from qualcheck.testing.provider_emulators import (
    AliyunEmulator,
    ProviderEmulator,
    QichachaEmulator,
    TianyanchaEmulator,
    incoming,
)
from qualcheck.testing.registry_server import RegistryServer, Reply

USCC = "91350100M000100Y43"
OTHER_USCC = "91110000600037341L"
NAME = "福州示例食品有限公司"
OTHER_NAME = "北京别家科技有限公司"
REP = "王五"
TOKEN, QCC_KEY, QCC_SECRET = "tyc-CHAOS-tok", "qcc-CHAOS-key", "qcc-CHAOS-sec"
ALI_ID, ALI_SECRET = "LTAI-CHAOS-id", "ali-CHAOS-sec"
SECRETS = (TOKEN, QCC_KEY, QCC_SECRET, ALI_ID, ALI_SECRET)
ENTITY = RegistryRecord(
    name=NAME,
    uscc=USCC,
    legal_representative=REP,
    status="存续（在营、开业、在册）",
    term_from="2010-01-01",
    term_to="长期",
    established_on="2010-01-01",
)
OTHER = RegistryRecord(name=OTHER_NAME, uscc=OTHER_USCC, legal_representative="赵六", status="存续")
MERCHANT = registry_merchant("chaos-1", USCC, NAME, REP)
OPTIONS: DriverOptions = fast_driver_options()
PATIENT = dataclasses.replace(OPTIONS, read_timeout=30.0, deadline=1.0)
"""Reads may wait longer than the whole look-up: only the deadline can end a stall."""
STALL = 20.0
"""How long a stalling server holds its connection: far past every deadline used here,
so that a look-up ending well before it proves the deadline, not the server, ended it."""
BOUND = STALL / 2


# --- the providers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    name: str
    adapter: Callable[[str], HttpAdapter]
    emulator: Callable[[], ProviderEmulator]
    codes: CodeMap
    error: Callable[[str, str], dict[str, Any]]
    """The provider's envelope for an error code and its meaning."""
    empty: dict[str, Any]
    """A success envelope with an empty result."""

    def answer(self, record: dict[str, Any] = MERCHANT) -> tuple[bytes, str]:
        """The emulator's answer (body, content type) to the adapter's first request
        for ``record``."""
        merchant = Merchant.model_validate(copy.deepcopy(record))
        adapter = self.adapter("http://127.0.0.1:9")
        query = registry_query(merchant, frozenset(adapter.license_kinds))
        assert query is not None
        request = next(adapter.flow(query)).request
        reply = self.emulator()(incoming(request))
        assert reply.status == 200, reply
        return reply.payload(), reply.content_type

    def good(self) -> dict[str, Any]:
        body, _ = self.answer()
        data: dict[str, Any] = json.loads(body)
        return data


PROVIDERS = {
    "tianyancha": Provider(
        "tianyancha",
        lambda url: TianyanchaAdapter(TOKEN, base_url=url),
        lambda: TianyanchaEmulator([ENTITY, OTHER], token=TOKEN),
        tianyancha_module.CODES,
        lambda code, meaning: {"error_code": int(code), "reason": meaning, "result": None},
        {"error_code": 0, "reason": "ok", "result": []},
    ),
    "qichacha": Provider(
        "qichacha",
        lambda url: QichachaAdapter(QCC_KEY, QCC_SECRET, base_url=url),
        lambda: QichachaEmulator([ENTITY, OTHER], key=QCC_KEY, secret=QCC_SECRET),
        qichacha_module.CODES,
        lambda code, meaning: {
            "Status": code,
            "Message": meaning,
            "OrderNumber": "QCC-CHAOS",
            "Result": None,
        },
        {
            "Status": "200",
            "Message": "查询成功",
            "OrderNumber": "QCC-CHAOS",
            "Result": {"Data": []},
        },
    ),
    "aliyun": Provider(
        "aliyun",
        lambda url: AliyunAdapter(ALI_ID, ALI_SECRET, base_url=url),
        lambda: AliyunEmulator([ENTITY, OTHER], access_key_id=ALI_ID, access_key_secret=ALI_SECRET),
        aliyun_module.CODES,
        lambda code, meaning: {"RequestId": "R-CHAOS", "Code": code, "Message": meaning},
        {"RequestId": "R-CHAOS", "Code": "200", "Message": "success", "Result": {}},
    ),
}
NAMES = list(PROVIDERS)


# --- a socket server playing a byte script -------------------------------------------------


@dataclass(frozen=True)
class Script:
    """What :class:`RawServer` does with each request: send ``parts`` (bytes, or an
    iterator of bytes produced as they are sent), then ``end``: ``close`` (FIN),
    ``reset`` (RST) or ``stall`` (hold the connection open, sending nothing, for
    :data:`STALL` seconds or until the server stops)."""

    parts: Callable[[], Iterator[bytes]]
    end: str = "close"


def head(status: int = 200, **headers: str | int) -> bytes:
    """A status line and headers (``Content_Type`` → ``Content-Type``)."""
    lines = [f"HTTP/1.1 {status} X"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class RawServer:
    """A loopback TCP server answering every request with a :class:`Script`, one thread
    per connection.  ``requests`` counts the requests read; ``sent`` the bytes sent."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests = 0
        self.sent = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._threads: list[threading.Thread] = []
        accept = threading.Thread(target=self._accept, daemon=True)
        accept.start()
        self._threads.append(accept)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            worker.start()
            self._threads.append(worker)

    def _read_request(self, conn: socket.socket) -> bool:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            data += chunk
        head_part, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head_part.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            body += chunk
        with self._lock:
            self.requests += 1
        return True

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(STALL)
            try:
                if not self._read_request(conn):
                    return
                for part in self.script.parts():
                    if self._stop.is_set():
                        return
                    conn.sendall(part)
                    with self._lock:
                        self.sent += len(part)
                if self.script.end == "reset":
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
                elif self.script.end == "stall":
                    self._stop.wait(STALL)
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=STALL + 1)


@pytest.fixture
def raw() -> Iterator[Callable[[Script], RawServer]]:
    servers: list[RawServer] = []

    def start(script: Script) -> RawServer:
        server = RawServer(script)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def refused_url() -> str:
    """A loopback URL nobody listens on."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- running a look-up ---------------------------------------------------------------------


def run(
    provider: Provider,
    url: str,
    mode: str,
    options: DriverOptions = OPTIONS,
    record: dict[str, Any] = MERCHANT,
) -> tuple[Report, float]:
    """``verify`` (``mode="sync"``) or ``averify`` of ``record`` against the adapter at
    ``url``; the report and the seconds it took."""
    started = time.monotonic()
    if mode == "sync":
        with HttpRegistry(provider.adapter(url), options) as registry:
            report = verify(copy.deepcopy(record), as_of=AS_OF, registry=registry)
    else:

        async def go() -> Report:
            async with HttpRegistry(provider.adapter(url), options) as registry:
                return await averify(copy.deepcopy(record), as_of=AS_OF, registry=registry)

        report = asyncio.run(go())
    return report, time.monotonic() - started


def no_secret(report: Report) -> None:
    shown = report.to_json() + repr(report)
    for secret in SECRETS:
        assert secret not in shown


def reviewed(report: Report, *reasons: str) -> None:
    """REVIEW with ``registry.unavailable`` whose reason is one of ``reasons``, its
    message naming the reason, no credential shown."""
    assert report.decision is Decision.REVIEW, report.findings
    assert report.registry is not None
    assert report.registry.status == "failed"
    finding = next(f for f in report.findings if f.code == "registry.unavailable")
    if reasons:
        assert finding.ctx["reason"] in reasons, finding.ctx
    assert finding.ctx["reason"] in finding.message
    no_secret(report)


# --- transport and framing faults ----------------------------------------------------------


def _body_faults(body: bytes, content_type: str) -> dict[str, tuple[Script, tuple[str, ...]]]:
    """Faults around a good ``body``: the script, and the reasons a failure may give."""
    half = body[: len(body) // 2]
    framed = head(Content_Type=content_type, Content_Length=len(body))
    chunked = head(Content_Type=content_type, Transfer_Encoding="chunked")
    reset_or_eof = ("connection_reset",)
    return {
        "reset_mid_body": (Script(lambda: iter([framed, half]), "reset"), reset_or_eof),
        "stall_mid_body": (Script(lambda: iter([framed, half]), "stall"), ("timeout",)),
        "stall_after_head": (Script(lambda: iter([framed]), "stall"), ("timeout",)),
        "trickle_past_the_deadline": (
            Script(lambda: itertools_chain([framed], trickle(body)), "close"),
            ("timeout",),
        ),
        "truncated_body": (Script(lambda: iter([framed, half]), "close"), reset_or_eof),
        "chunk_size_not_hex": (
            Script(
                lambda: iter([chunked, b"zz\r\n", body, b"\r\n0\r\n\r\n"]),
            ),
            reset_or_eof,
        ),
        "chunk_longer_than_its_size": (
            Script(
                lambda: iter([chunked, b"4\r\n", body, b"\r\n0\r\n\r\n"]),
            ),
            (*reset_or_eof, "malformed"),
        ),
        "chunked_without_last_chunk": (
            Script(
                lambda: iter([chunked, b"%x\r\n" % len(half), half, b"\r\n"]),
            ),
            reset_or_eof,
        ),
        "gzip_header_then_garbage": (
            Script(
                lambda: iter(
                    [
                        head(Content_Type=content_type, Content_Encoding="gzip", Content_Length=64),
                        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff\x00garbage!" * 6,
                    ]
                ),
            ),
            ("malformed",),
        ),
        "gzip_cut_short": (
            Script(
                lambda: iter(
                    [
                        head(Content_Type=content_type, Content_Encoding="gzip", Content_Length=12),
                        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\x56",
                    ]
                ),
            ),
            ("malformed",),
        ),
        "html_error_page_200": (
            Script(
                lambda: iter(
                    [
                        head(Content_Type="text/html; charset=utf-8", Content_Length=60),
                        b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>".ljust(60),
                    ]
                ),
            ),
            ("wrong_content_type",),
        ),
        "html_error_page_labelled_json": (
            Script(
                lambda: iter(
                    [
                        head(Content_Type=content_type, Content_Length=48),
                        b"<html><body>\xe7\xb3\xbb\xe7\xbb\x9f\xe7\xb9\x81\xe5\xbf\x99</body></html>".ljust(
                            48
                        ),
                    ]
                ),
            ),
            ("malformed",),
        ),
        "huge_declared_length": (
            Script(
                lambda: iter(
                    [head(Content_Type=content_type, Content_Length=40 * 1024 * 1024), half]
                ),
                "stall",
            ),
            ("oversized",),
        ),
        "huge_chunked_stream": (
            Script(
                lambda: itertools_chain(
                    [head(Content_Type=content_type, Transfer_Encoding="chunked")],
                    (b"10000\r\n" + b" " * 0x10000 + b"\r\n" for _ in range(640)),
                ),
            ),
            ("oversized",),
        ),
        "huge_until_close": (
            Script(
                lambda: itertools_chain(
                    [head(Content_Type=content_type, Connection="close")],
                    (b"[" * 0x10000 for _ in range(640)),
                ),
            ),
            ("oversized",),
        ),
        "redirect_elsewhere": (
            Script(
                lambda: iter(
                    [head(302, Location="http://127.0.0.2:9/elsewhere", Content_Length=0)]
                ),
            ),
            ("http_302",),
        ),
        "empty_body_200": (
            Script(lambda: iter([head(Content_Type=content_type, Content_Length=0)])),
            ("malformed",),
        ),
        "no_answer_at_all": (Script(lambda: iter([]), "close"), reset_or_eof),
        "reset_before_answer": (Script(lambda: iter([]), "reset"), reset_or_eof),
        "garbage_status_line": (
            Script(lambda: iter([b"SSH-2.0-OpenSSH_9.6\r\n\r\n"])),
            reset_or_eof,
        ),
    }


def trickle(body: bytes) -> Iterator[bytes]:
    """``body`` a byte every 50 ms: every read comes before a read timeout, the whole
    takes far longer than a deadline."""
    for index in range(len(body)):
        time.sleep(0.05)
        yield body[index : index + 1]


def itertools_chain(*parts: Any) -> Iterator[bytes]:
    for part in parts:
        yield from part


FAULTS = sorted(_body_faults(b"{}", "application/json"))


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", NAMES)
def test_transport_and_framing_faults_are_review_within_the_deadline(
    raw: Callable[[Script], RawServer], name: str, fault: str, mode: str
) -> None:
    provider = PROVIDERS[name]
    body, content_type = provider.answer()
    script, reasons = _body_faults(body, content_type)[fault]
    server = raw(script)
    report, took = run(provider, server.url, mode, PATIENT)
    reviewed(report, *reasons)
    assert took < BOUND, f"{fault} took {took:.1f} s: the deadline did not hold"
    assert server.sent < 8 * 1024 * 1024, "a huge body was read far past the cap"


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("name", NAMES)
def test_connection_refused_is_review(name: str, mode: str) -> None:
    report, took = run(PROVIDERS[name], refused_url(), mode)
    reviewed(report, "connect_error")
    assert took < BOUND


@pytest.mark.parametrize("name", NAMES)
def test_a_redirect_is_not_followed_to_the_other_host(name: str) -> None:
    provider = PROVIDERS[name]
    body, content_type = provider.answer()
    with RegistryServer(lambda _: Reply(body=body, content_type=content_type)) as elsewhere:
        with RegistryServer(
            lambda _: Reply(302, b"", headers={"Location": elsewhere.url + "/stolen"})
        ) as server:
            report, _ = run(provider, server.url, "sync")
        assert elsewhere.requests == [], "the request (and its credentials) went elsewhere"
    reviewed(report, "http_302")


# --- answers: each API's own error vocabulary in a 200 -------------------------------------


def _vocabulary() -> list[tuple[str, str]]:
    """Every documented code but success, of every provider, and one nobody documented."""
    listed = [
        (name, code)
        for name, provider in PROVIDERS.items()
        for code, rule in provider.codes
        if rule.action is not Action.OK
    ]
    return [*listed, *((name, "99999") for name in NAMES)]


def served(provider: Provider, *replies: Reply, options: DriverOptions = OPTIONS) -> Report:
    """``verify`` against a loopback server answering ``replies`` in turn (the last one
    from then on)."""
    *first, last = replies
    with RegistryServer(lambda _: last) as server:
        if first:
            server.inject(*first)
        report, _ = run(provider, server.url, "sync", options)
    return report


@pytest.mark.parametrize(("name", "code"), _vocabulary())
def test_every_provider_error_code_in_a_200_is_never_a_pass(name: str, code: str) -> None:
    provider = PROVIDERS[name]
    rule = provider.codes.rule(code)
    reply = Reply(body=provider.error(code, rule.meaning))
    if rule.action is Action.ABORT:
        with pytest.raises(RegistryAbort) as raised:
            served(provider, reply)
        assert raised.value.reason == rule.reason
        for secret in SECRETS:
            assert secret not in str(raised.value)
        return
    report = served(provider, reply)
    if rule.action is Action.NOT_FOUND:
        assert report.decision is Decision.FAIL
        assert "registry.not_found" in report.codes
        return
    reviewed(report, rule.reason)


# --- answers: readable variants of the good answer pass ------------------------------------


def _gbk(provider: Provider) -> Reply:
    text = json.dumps(provider.good(), ensure_ascii=False)
    return Reply(body=text.encode("gbk"), content_type="application/json; charset=GBK")


def _numbers(value: Any) -> Any:
    """Every string of digits (a code, a verdict, a status number) as a JSON number."""
    if isinstance(value, dict):
        return {key: _numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    if isinstance(value, str) and value.isdigit() and len(value) < 15:
        return int(value)
    return value


READABLE: dict[str, Callable[[Provider], Reply]] = {
    "utf8_bom": lambda p: Reply(body=codecs.BOM_UTF8 + p.answer()[0]),
    "gbk_declared": _gbk,
    "gbk_declared_as_gb2312": lambda p: dataclasses.replace(
        _gbk(p), content_type="application/json;charset=gb2312"
    ),
    "numbers_as_json_numbers": lambda p: Reply(body=_numbers(p.good())),
    "utf8_declared_as_gbk": lambda p: Reply(
        body=p.answer()[0], content_type="application/json; charset=GBK"
    ),
}


@pytest.mark.parametrize("variant", sorted(READABLE))
@pytest.mark.parametrize("name", NAMES)
def test_readable_variants_of_a_good_answer_pass(name: str, variant: str) -> None:
    provider = PROVIDERS[name]
    report = served(provider, READABLE[variant](provider))
    assert report.decision is Decision.PASS, report.findings


CHINESE_ANSWERS = [name for name in NAMES if not PROVIDERS[name].answer()[0].isascii()]
"""The providers whose answer names the entity in Chinese (Alibaba Cloud answers verdicts
and codes only)."""


@pytest.mark.parametrize("name", CHINESE_ANSWERS)
def test_a_gbk_body_without_a_charset_is_never_misread(name: str) -> None:
    provider = PROVIDERS[name]
    text = json.dumps(provider.good(), ensure_ascii=False).encode("gbk")
    report = served(provider, Reply(body=text))
    reviewed(report, "malformed")


@pytest.mark.parametrize("charset", ["ISO-8859-1", "windows-1252", "big5", "shift_jis"])
@pytest.mark.parametrize("name", CHINESE_ANSWERS)
def test_a_gbk_body_labelled_with_another_charset_is_review_not_mojibake(
    name: str, charset: str
) -> None:
    """Found in this round: GBK under ``charset=ISO-8859-1`` (or Big5) was decoded as
    labelled — any bytes are Latin-1 — and the mojibake name failed the real seller on
    ``registry.name_mismatch``."""
    provider = PROVIDERS[name]
    text = json.dumps(provider.good(), ensure_ascii=False).encode("gbk")
    report = served(provider, Reply(body=text, content_type=f"application/json; charset={charset}"))
    reviewed(report, "malformed")


@pytest.mark.parametrize(
    ("rare_name", "encoding", "label"),
    [
        ("福州喆示例食品有限公司", "gbk", "gb2312"),  # 喆: in GBK, not in GB 2312
        ("福州䶮示例食品有限公司", "gb18030", "GBK"),  # 䶮 (U+4DAE): GB 18030 only
    ],
)
@pytest.mark.parametrize("name", CHINESE_ANSWERS)
def test_a_name_beyond_the_declared_gb_charset_is_read(
    name: str, rare_name: str, encoding: str, label: str
) -> None:
    """Found in this round: a gateway that labels GB 18030 (or GBK) as GBK (or GB 2312)
    — the common case — made a seller whose name holds a rarer character unreadable."""
    provider = PROVIDERS[name]
    text = json.dumps(provider.good(), ensure_ascii=False).replace(NAME, rare_name)
    record = copy.deepcopy(MERCHANT)
    record["name"] = record["documents"][0]["holder_name"] = rare_name
    reply = Reply(body=text.encode(encoding), content_type=f"application/json; charset={label}")
    with RegistryServer(lambda _: reply) as server:
        report, _ = run(provider, server.url, "sync", record=record)
    assert report.decision is Decision.PASS, report.findings


@pytest.mark.parametrize("name", NAMES)
def test_429_with_retry_after_is_honoured_then_the_answer_passes(name: str) -> None:
    provider = PROVIDERS[name]
    body, _ = provider.answer()
    busy = Reply(429, {"error": "busy"}, headers={"Retry-After": "0.1"})
    with RegistryServer(lambda _: Reply(body=body)) as server:
        server.inject(busy)
        report, _ = run(provider, server.url, "sync")
        assert len(server.requests) == 2
    assert report.decision is Decision.PASS, report.findings


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("name", NAMES)
def test_a_retry_after_past_the_deadline_is_not_waited_for(name: str, mode: str) -> None:
    provider = PROVIDERS[name]
    body, _ = provider.answer()
    options = dataclasses.replace(OPTIONS, retry_after_max=60.0, deadline=1.0)
    with RegistryServer(lambda _: Reply(body=body)) as server:
        server.inject(Reply(429, {"error": "busy"}, headers={"Retry-After": "15"}))
        report, took = run(provider, server.url, mode, options)
        assert len(server.requests) == 1
    reviewed(report, "rate_limited")
    assert took < BOUND / 2


@pytest.mark.parametrize("name", NAMES)
def test_a_retry_after_past_retry_after_max_fails_at_once(name: str) -> None:
    provider = PROVIDERS[name]
    body, _ = provider.answer()
    with RegistryServer(lambda _: Reply(body=body)) as server:
        server.inject(Reply(429, {"error": "busy"}, headers={"Retry-After": "3600"}))
        report, _ = run(provider, server.url, "sync")
        assert len(server.requests) == 1
    reviewed(report, "rate_limited")
    finding = next(f for f in report.findings if f.code == "registry.unavailable")
    assert "Retry-After" in finding.ctx["detail"]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("name", NAMES)
def test_a_5xx_then_the_answer_is_retried_and_passes(name: str, status: int) -> None:
    provider = PROVIDERS[name]
    body, _ = provider.answer()
    with RegistryServer(lambda _: Reply(body=body)) as server:
        server.inject(Reply(status, "<html>oops</html>", content_type="text/html"))
        report, _ = run(provider, server.url, "sync")
        assert len(server.requests) == 2
    assert report.decision is Decision.PASS, report.findings


# --- answers that must not confirm this seller ---------------------------------------------


def _another_company(provider: Provider) -> Reply:
    """The provider's good answer — about another company (its own USCC and name)."""
    if provider.name == "aliyun":  # a verdict API: "the name and the USCC do not match"
        body = provider.good()
        body["Result"] = {**body["Result"], "BizCode": "2", "ReasonDetail": "LicenseNoFlag"}
        return Reply(body=body)
    other = registry_merchant("chaos-other", OTHER_USCC, OTHER_NAME, "赵六")
    body_bytes, _ = provider.answer(other)
    return Reply(body=body_bytes)


def _nulls(value: Any, keep: frozenset[str]) -> Any:
    """Every leaf value null, but the envelope's own code (``keep``)."""
    if isinstance(value, dict):
        return {k: (v if k in keep else _nulls(v, keep)) for k, v in value.items()}
    if isinstance(value, list):
        return [_nulls(item, keep) for item in value]
    return None


def _repeat_key(provider: Provider, key: str, first: str) -> Reply:
    """The good answer with ``key`` given twice in its object: ``first``, then the real
    value (parsers disagree on which one wins)."""
    text = json.dumps(provider.good(), ensure_ascii=False)
    marker = f'"{key}": '
    assert marker in text, key
    text = text.replace(marker, f"{marker}{json.dumps(first, ensure_ascii=False)}, {marker}", 1)
    return Reply(body=text.encode("utf-8"))


CODE_KEYS = {"tianyancha": "error_code", "qichacha": "Status", "aliyun": "Code"}
STATUS_KEYS = {"tianyancha": "regStatus", "qichacha": "Status", "aliyun": "BizCode"}

UNCONFIRMING: dict[str, Callable[[Provider], Reply]] = {
    "another_company": _another_company,
    "empty_result": lambda p: Reply(body=p.empty),
    "result_null": lambda p: Reply(
        body={**p.good(), "Result" if p.name != "tianyancha" else "result": None}
    ),
    "null_everywhere": lambda p: Reply(body=_nulls(p.good(), frozenset({CODE_KEYS[p.name]}))),
    "null_everywhere_codes_too": lambda p: Reply(body=_nulls(p.good(), frozenset())),
    "json_null": lambda p: Reply(body=b"null"),
    "json_list": lambda p: Reply(body=[p.good(), p.good()]),
    "repeated_status_key": lambda p: _repeat_key(
        p, STATUS_KEYS[p.name], "吊销，未注销" if p.name != "aliyun" else "3"
    ),
    "repeated_code_key": lambda p: _repeat_key(p, CODE_KEYS[p.name], "300000"),
}


@pytest.mark.parametrize("answer", sorted(UNCONFIRMING))
@pytest.mark.parametrize("name", NAMES)
def test_answers_that_do_not_confirm_this_seller_never_pass(name: str, answer: str) -> None:
    provider = PROVIDERS[name]
    report = served(provider, UNCONFIRMING[answer](provider))
    assert report.decision is not Decision.PASS, report.findings
    registry_codes = [code for code in report.codes if code.startswith("registry.")]
    assert registry_codes, report.codes  # a finding says why
    no_secret(report)
    if answer == "another_company":
        assert report.decision is Decision.FAIL
        assert {"registry.uscc_mismatch", "registry.name_mismatch"} & set(report.codes)
    elif answer != "empty_result" or name != "tianyancha":
        assert "registry.unavailable" in report.codes or "registry.not_found" in report.codes


def _qichacha_entries(*statuses: str, uscc: str = USCC) -> Reply:
    good = PROVIDERS["qichacha"].good()
    entry = good["Result"]["Data"]
    entry = entry[0] if isinstance(entry, list) else entry
    data = [{**entry, "CreditCode": uscc, "Status": status} for status in statuses]
    return Reply(body={**good, "Result": {"VerifyResult": 1, "Data": data}})


@pytest.mark.parametrize(
    "statuses",
    [
        ("存续（在营、开业、在册）", "吊销，未注销"),
        ("吊销，未注销", "存续（在营、开业、在册）"),
        ("存续", "注销"),
    ],
)
def test_qichacha_entries_sharing_the_uscc_with_conflicting_statuses_never_pass(
    statuses: tuple[str, ...],
) -> None:
    """Found in this round: the first entry carrying the queried USCC was taken, so an
    answer listing the entity as 存续 and then as 吊销 passed."""
    report = served(PROVIDERS["qichacha"], _qichacha_entries(*statuses))
    reviewed(report, "provider_error")
    finding = next(f for f in report.findings if f.code == "registry.unavailable")
    assert "different entities" in finding.ctx["detail"]


def test_qichacha_entries_that_repeat_one_record_are_that_record() -> None:
    status = "存续（在营、开业、在册）"
    report = served(PROVIDERS["qichacha"], _qichacha_entries(status, status))
    assert report.decision is Decision.PASS, report.findings


def test_qichacha_two_entries_one_of_them_this_seller_is_this_seller() -> None:
    good = PROVIDERS["qichacha"].good()
    entry = good["Result"]["Data"]
    entry = entry[0] if isinstance(entry, list) else entry
    other = {**entry, "CreditCode": OTHER_USCC, "Name": OTHER_NAME, "Status": "注销"}
    body = {**good, "Result": {"VerifyResult": 1, "Data": [other, entry]}}
    assert served(PROVIDERS["qichacha"], Reply(body=body)).decision is Decision.PASS


# --- the circuit breaker: a cancelled trial proves nothing -----------------------------------


async def _cancel_in_flight(registry: HttpRegistry, server: RegistryServer) -> None:
    """Start a look-up, cancel it once the server holds its request."""
    asked = len(server.requests)
    task = asyncio.create_task(registry.alookup(registry_query_for(MERCHANT, registry)))
    while len(server.requests) == asked:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def registry_query_for(record: dict[str, Any], registry: HttpRegistry) -> Any:
    merchant = Merchant.model_validate(copy.deepcopy(record))
    return registry_query(merchant, registry.license_kinds)


@pytest.mark.parametrize("name", NAMES)
def test_a_cancelled_trial_look_up_does_not_close_the_circuit(name: str) -> None:
    """Found in this round (the brief's open item): pybreaker counts an excluded exception
    as a success, so a half-open trial cancelled by its caller closed the circuit — every
    look-up then went to a registry nobody had seen recover.  The trial now stays open: the
    next look-up is the trial."""
    provider = PROVIDERS[name]
    body, _ = provider.answer()
    options = dataclasses.replace(
        OPTIONS,
        attempts=1,
        breaker_fail_max=1,
        breaker_reset_timeout=0.05,
        deadline=5.0,
        read_timeout=5.0,
    )

    async def go() -> tuple[str, str, Any]:
        with RegistryServer(lambda _: Reply(body=body)) as server:
            async with HttpRegistry(provider.adapter(server.url), options) as registry:
                query = registry_query_for(MERCHANT, registry)
                server.inject(Reply(503, "down", content_type="text/plain"))
                failed = await registry.alookup(query)
                assert failed.reason == "http_503"
                assert registry.breaker_state == "open"
                await asyncio.sleep(0.1)  # past the reset timeout: the next look-up is a trial
                server.inject(Reply(body=body, delay=3.0))
                await _cancel_in_flight(registry, server)
                after_cancel = registry.breaker_state
                answered = await registry.alookup(query)
                return after_cancel, registry.breaker_state, answered

    after_cancel, after_answer, answered = asyncio.run(go())
    assert after_cancel != "closed"
    assert answered.status.value == "found"
    assert after_answer == "closed"


# --- many threads through one driver: answers never cross -----------------------------------

CROWD = [
    RegistryRecord(
        name=f"福州示例{index:03d}号食品有限公司",
        uscc=uscc,
        legal_representative=f"王{'一二三四五六七八九十'[index % 10]}",
        status="存续" if index % 3 else "吊销，未注销",
        term_from="2010-01-01",
        term_to="长期",
    )
    for index, uscc in enumerate(
        make_uscc(entity_type="1", rng=random.Random(seed)) for seed in range(8)
    )
]


def _crowd_record(entity: RegistryRecord) -> dict[str, Any]:
    assert entity.uscc
    assert entity.name
    assert entity.legal_representative
    return registry_merchant(
        f"crowd-{entity.uscc}", entity.uscc, entity.name, entity.legal_representative
    )


def _crowd_emulator(name: str) -> ProviderEmulator:
    if name == "tianyancha":
        return TianyanchaEmulator(CROWD, token=TOKEN)
    if name == "qichacha":
        return QichachaEmulator(CROWD, key=QCC_KEY, secret=QCC_SECRET)
    return AliyunEmulator(CROWD, access_key_id=ALI_ID, access_key_secret=ALI_SECRET)


def _expected(entity: RegistryRecord) -> Decision:
    """Every adapter reports the status (Alibaba Cloud as a number): revoked fails."""
    return Decision.FAIL if entity.status.value != "active" else Decision.PASS


@pytest.mark.parametrize("name", NAMES)
def test_many_threads_through_one_driver_each_get_their_own_answer(name: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    provider = PROVIDERS[name]
    work = [CROWD[i % len(CROWD)] for i in range(96)]
    with RegistryServer(_crowd_emulator(name), latency=0.01) as server:
        options = dataclasses.replace(OPTIONS, deadline=10.0, read_timeout=5.0, concurrency=8)
        with HttpRegistry(provider.adapter(server.url), options) as registry:

            def one(entity: RegistryRecord) -> tuple[RegistryRecord, Report]:
                record = _crowd_record(entity)
                return entity, verify(record, as_of=AS_OF, registry=registry)

            with ThreadPoolExecutor(max_workers=24) as pool:
                results = list(pool.map(one, work))
        assert server.max_in_flight > 1, "the look-ups did not overlap"
    for entity, report in results:
        assert report.merchant_id == f"crowd-{entity.uscc}"
        assert report.decision is _expected(entity), (entity.uscc, report.findings)
        assert not {"registry.name_mismatch", "registry.uscc_mismatch"} & set(report.codes)


# --- cancelling averify_many mid-flight -----------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_cancelling_averify_many_mid_flight_leaks_nothing_and_passes_nothing(name: str) -> None:
    from qualcheck.batch import averify_many

    provider = PROVIDERS[name]
    emulator = _crowd_emulator(name)
    records = [_crowd_record(CROWD[i % len(CROWD)]) for i in range(40)]

    def slow(incoming: Any) -> Reply:
        return dataclasses.replace(emulator(incoming), delay=0.3)

    async def go(server: RegistryServer) -> tuple[list[Report], int, Report]:
        options = dataclasses.replace(OPTIONS, deadline=10.0, read_timeout=5.0)
        async with HttpRegistry(provider.adapter(server.url), options) as registry:
            got: list[Report] = []

            async def consume() -> None:
                async with contextlib.aclosing(
                    averify_many(records, as_of=AS_OF, registry=registry, concurrency=8)
                ) as reports:
                    async for report in reports:
                        got.append(report)

            task = asyncio.create_task(consume())
            while server.in_flight < 4:
                await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await asyncio.sleep(0)
            left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            server.handler = emulator
            after = await averify(copy.deepcopy(records[1]), as_of=AS_OF, registry=registry)
            assert registry.breaker_state == "closed"
            return got, len(left), after

    with RegistryServer(slow) as server:
        got, left, after = asyncio.run(go(server))
    assert left == 0, "tasks outlived the cancelled batch"
    assert len(got) < len(records)
    for report in got:  # what came out before the cancel is a real verdict
        uscc = report.merchant_id.removeprefix("crowd-")
        entity = next(e for e in CROWD if e.uscc == uscc)
        assert report.decision is _expected(entity)
    assert after.decision is _expected(CROWD[1])


# --- the embedded SQLite registry, broken under a running verifier ---------------------------

FOOD_SHOP_USCC = "91330106JU6XYHXB07"


def _sql(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            connection.execute(statement)
    finally:
        connection.close()


def _null_record(path: Path) -> None:
    """The shop's stored record with every field null but the identifier, and its nullable
    columns null."""
    keep = {"uscc", "status", "source"}
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        (text,) = connection.execute(
            "SELECT record_json FROM entities WHERE uscc = ?", (FOOD_SHOP_USCC,)
        ).fetchone()
        stored = {key: (value if key in keep else None) for key, value in json.loads(text).items()}
        stored["status"] = "unknown"
        connection.execute(
            "UPDATE entities SET record_json = ?, name = NULL, name_norm = NULL,"
            " legal_representative = NULL, status_raw = NULL, scope = NULL, term_to = NULL"
            " WHERE uscc = ?",
            (json.dumps(stored), FOOD_SHOP_USCC),
        )
    finally:
        connection.close()


SQLITE_FAULTS: dict[str, Callable[[Path], None]] = {
    "file_deleted": lambda path: path.unlink(),
    "file_replaced_by_text": lambda path: path.write_text("uscc,name\n", encoding="utf-8"),
    "entities_table_dropped": lambda path: _sql(path, "DROP TABLE entities"),
    "licenses_table_dropped": lambda path: _sql(path, "DROP TABLE licenses"),
    "record_column_dropped": lambda path: _sql(
        path,
        "ALTER TABLE entities DROP COLUMN extra_json",
        "ALTER TABLE entities DROP COLUMN record_json",
    ),
    "row_of_nulls": _null_record,
    "record_json_not_json": lambda path: _sql(
        path, f"UPDATE entities SET record_json = '{{not json' WHERE uscc = '{FOOD_SHOP_USCC}'"
    ),
    "record_json_a_list": lambda path: _sql(
        path, f"UPDATE entities SET record_json = '[]' WHERE uscc = '{FOOD_SHOP_USCC}'"
    ),
    "licence_rows_of_nulls": lambda path: _sql(
        path,
        'UPDATE licenses SET record_json = \'{"number": null, "kind": null}\''
        f" WHERE holder = '{FOOD_SHOP_USCC}'",
    ),
}


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    path = tmp_path / "registry.sqlite"
    shutil.copy(EXAMPLES / "registry.sqlite", path)
    return path


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("fault", sorted(SQLITE_FAULTS))
def test_a_registry_file_broken_after_opening_is_never_a_pass(
    snapshot: Path, fault: str, mode: str
) -> None:
    with SqliteRegistry(snapshot, timeout=0.2) as registry:
        assert verify(food_shop(), as_of=AS_OF, registry=registry).decision is Decision.PASS
        SQLITE_FAULTS[fault](snapshot)
        lookup = registry.lookup(
            RegistryQuery(uscc=FOOD_SHOP_USCC, license_kinds=("food_business",))
        )
        if mode == "sync":
            report = verify(food_shop(), as_of=AS_OF, registry=registry)
        else:
            report = asyncio.run(averify(food_shop(), as_of=AS_OF, registry=registry))
    assert report.decision is not Decision.PASS, (lookup, report.findings)
    assert [code for code in report.codes if code.startswith("registry.")], report.codes


REVOKE = (
    "UPDATE entities SET record_json = json_set(record_json, '$.status', 'revoked',"
    f" '$.status_raw', '吊销，未注销') WHERE uscc = '{FOOD_SHOP_USCC}'"
)


def test_a_writer_in_an_exclusive_transaction_neither_blocks_nor_leaks_to_readers(
    snapshot: Path,
) -> None:
    """BEGIN EXCLUSIVE in another connection: the snapshot is in WAL mode, so readers go
    on with the last committed state (the uncommitted revocation is not seen), and see
    the revocation once it is committed."""
    with SqliteRegistry(snapshot, timeout=0.3) as registry:
        holder = sqlite3.connect(snapshot, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            holder.execute(REVOKE)
            during = verify(food_shop(), as_of=AS_OF, registry=registry)
            holder.execute("COMMIT")
        finally:
            holder.close()
        after = verify(food_shop(), as_of=AS_OF, registry=registry)
    assert during.decision is Decision.PASS, during.findings
    assert after.decision is Decision.FAIL
    assert "registry.status_revoked" in after.codes


def test_an_exclusive_lock_on_the_file_is_review_within_the_timeout(snapshot: Path) -> None:
    holder = sqlite3.connect(snapshot, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute(REVOKE)
    try:
        with SqliteRegistry(snapshot, timeout=0.3) as registry:
            started = time.monotonic()
            report = verify(food_shop(), as_of=AS_OF, registry=registry)
            took = time.monotonic() - started
            holder.execute("ROLLBACK")
            holder.close()
            after = verify(food_shop(), as_of=AS_OF, registry=registry)
    finally:
        holder.close()
    reviewed(report, "registry_error")
    assert took < BOUND
    assert after.decision is Decision.PASS, after.findings
