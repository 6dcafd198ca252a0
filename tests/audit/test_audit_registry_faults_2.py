"""Audit, round 2: registry faults over real HTTP end in REVIEW (or an abort), never PASS.

Each bundled adapter runs through ``HttpRegistry`` against the loopback ``RegistryServer``
(its provider emulator, with faults injected), and through ``verify`` / ``averify``.
Contract (docs/registries/driver.md, adapters.md, the registries brief): a registry that
fails gives ``registry.unavailable`` with a stable reason word, never a pass; the deadline
bounds a whole look-up; the body cap holds after decoding; redirects are not followed;
cancellation is not an outage; failures are not cached; no credential anywhere.

Cases already covered by test_audit_registry_faults.py and tests/registries are not
repeated here.
"""

from __future__ import annotations

import asyncio
import copy
import gzip
import json
import logging
import threading
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from audit_support import AS_OF, fast_driver_options, food_shop, registry_merchant

from qualcheck import Decision, Report, averify, verify
from qualcheck.registries import (
    HttpAdapter,
    LicenseRecord,
    LookupStatus,
    RegistryAbort,
    RegistryQuery,
    RegistryRecord,
)
from qualcheck.registries.aliyun import AliyunAdapter
from qualcheck.registries.driver import DriverOptions, HttpRegistry
from qualcheck.registries.qichacha import QichachaAdapter
from qualcheck.registries.tianyancha import TianyanchaAdapter
from qualcheck.testing.provider_emulators import (
    AliyunEmulator,
    ProviderEmulator,
    QichachaEmulator,
    TianyanchaEmulator,
)
from qualcheck.testing.registry_server import Incoming, RegistryServer, Reply

USCC = "91350100M000100Y43"
OTHER_USCC = "91110000600037341L"
NAME = "福州示例食品有限公司"
REP = "王五"
TOKEN, QCC_KEY, QCC_SECRET = "tyc-AUDIT2-tok", "qcc-AUDIT2-key", "qcc-AUDIT2-sec"
ALI_ID, ALI_SECRET = "LTAI-AUDIT2-id", "ali-AUDIT2-sec"
SECRETS = (TOKEN, QCC_KEY, QCC_SECRET, ALI_ID, ALI_SECRET)
FOOD_LICENCE = "JY13301067319160"
ENTITY = RegistryRecord(
    name=NAME,
    uscc=USCC,
    legal_representative=REP,
    status="存续（在营、开业、在册）",
    term_from="2010-01-01",
    term_to="长期",
    scope="食品销售",
    licenses=(
        LicenseRecord(
            number=FOOD_LICENCE,
            name="食品经营许可证",
            valid_from="2023-06-12",
            valid_to="2028-06-11",
            scope="预包装食品销售",
        ),
    ),
)
OTHER = RegistryRecord(
    name="北京别家科技有限公司", uscc=OTHER_USCC, legal_representative="赵六", status="存续"
)
MERCHANT = registry_merchant("audit2-1", USCC, NAME, REP)
OPTIONS: DriverOptions = fast_driver_options()


@dataclass(frozen=True)
class Provider:
    name: str
    emulator: Callable[[], ProviderEmulator]
    adapter: Callable[[str], HttpAdapter]
    code_key: str
    """The envelope's code field, and a code that would contradict a success."""
    contradiction: Any


PROVIDERS = {
    "tianyancha": Provider(
        "tianyancha",
        lambda: TianyanchaEmulator([ENTITY, OTHER, SHOP], token=TOKEN),
        lambda url: TianyanchaAdapter(TOKEN, base_url=url),
        "error_code",
        300000,
    ),
    "qichacha": Provider(
        "qichacha",
        lambda: QichachaEmulator([ENTITY, OTHER], key=QCC_KEY, secret=QCC_SECRET),
        lambda url: QichachaAdapter(QCC_KEY, QCC_SECRET, base_url=url),
        "Status",
        "201",
    ),
    "aliyun": Provider(
        "aliyun",
        lambda: AliyunEmulator([ENTITY, OTHER], access_key_id=ALI_ID, access_key_secret=ALI_SECRET),
        lambda url: AliyunAdapter(ALI_ID, ALI_SECRET, base_url=url),
        "Code",
        "InvalidParameter",
    ),
}


class Served:
    """A provider's emulator on loopback (``handler`` may wrap it), an HttpRegistry in
    front of it, and the first good answer the emulator gave (to re-encode)."""

    def __init__(
        self,
        provider: Provider,
        options: DriverOptions = OPTIONS,
        wrap: Callable[[Callable[[Incoming], Reply]], Callable[[Incoming], Reply]] | None = None,
        **registry: Any,
    ) -> None:
        self.provider = provider
        self.emulator = provider.emulator()
        self.good: Reply | None = None
        self.server = RegistryServer(wrap(self._emulate) if wrap else self._emulate).start()
        self.registry = HttpRegistry(provider.adapter(self.server.url), options, **registry)

    def _emulate(self, incoming: Incoming) -> Reply:
        reply = self.emulator(incoming)
        if self.good is None and reply.status == 200:
            self.good = reply
        return reply

    def good_payload(self) -> bytes:
        """The emulator's answer for the merchant (asked once, outside any fault)."""
        if self.good is None:
            report = self.verify()
            assert report.decision is Decision.PASS, report.findings
        assert self.good is not None
        self.server.reset()
        return self.good.payload()

    def verify(self, record: dict[str, Any] | None = None, **kwargs: Any) -> Report:
        kwargs.setdefault("as_of", AS_OF)
        return verify(copy.deepcopy(record or MERCHANT), registry=self.registry, **kwargs)

    def close(self) -> None:
        self.registry.close()
        self.server.stop()


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[Callable[..., Served]]:
    opened: list[Served] = []

    def open_(name: str, *args: Any, **kwargs: Any) -> Served:
        running = Served(PROVIDERS[name], *args, **kwargs)
        opened.append(running)
        return running

    yield open_
    for running in opened:
        running.close()


def no_secret(*texts: object) -> None:
    for text in texts:
        shown = str(text)
        for secret in SECRETS:
            assert secret not in shown, f"credential in {shown[:200]!r}"


def assert_review(report: Report, reason: str | None, caplog: pytest.LogCaptureFixture) -> None:
    """Decision review, finding registry.unavailable with ``reason``, no credential in the
    report, its messages or the log."""
    assert report.decision is Decision.REVIEW, report.findings
    assert "registry.unavailable" in report.codes, report.codes
    assert report.registry is not None
    assert report.registry.status == "failed"
    if reason is not None:
        assert report.registry.reason == reason, report.registry
    finding = next(f for f in report.findings if f.code == "registry.unavailable")
    assert finding.ctx["reason"] == report.registry.reason
    no_secret(report.to_json(), repr(report), *(f.message for f in report.findings), caplog.text)


@pytest.fixture(autouse=True)
def _log_everything(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="qualcheck.registries")
    caplog.set_level(logging.DEBUG, logger="httpx")


# --- the deadline bounds a whole look-up, the head of the answer included -------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_head_trickling_in_ends_at_the_deadline(
    served: Callable[..., Served], mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Defect (sync): the watchdog was armed only once the headers had arrived, and
    httpx's read timeout is per read: a status line and headers sent four bytes every
    50 ms (each read well within read_timeout) held a lookup() past its deadline for as
    long as the head lasted.  Now every socket read of the driver's client ends by the
    deadline: the look-up fails as ``timeout``."""
    running = served("tianyancha")
    running.server.inject(Reply(body={"x": 1}, head_delay=0.05, chunk_size=4), times=None)
    if mode == "sync":
        report = running.verify()
    else:

        async def go() -> Report:
            try:
                return await averify(
                    copy.deepcopy(MERCHANT), as_of=AS_OF, registry=running.registry
                )
            finally:
                await running.registry.aclose()

        report = asyncio.run(go())
    assert_review(report, "timeout", caplog)


# --- compressed bodies: the cap holds after decoding, without inflating everything -----------

SPACES = 24 * 1024 * 1024


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {
        "gzip": gzip.compress(b" " * SPACES, 6),
        "deflate": zlib.compress(b" " * SPACES, 6),
    }


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
@pytest.mark.parametrize("framing", ["length", "chunked"])
def test_a_decompression_bomb_is_oversized_without_inflating_it(
    served: Callable[..., Served],
    bombs: dict[str, bytes],
    coding: str,
    framing: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Defect: the cap was checked on decoded chunks, but httpx inflates a whole network
    read at once: a 50 KB deflate body took ~130 MB of memory before failing as
    ``oversized``.  Now the driver decodes with a budget of the cap."""
    running = served("tianyancha")
    headers = {"Content-Encoding": coding}
    if framing == "chunked":
        headers["Transfer-Encoding"] = "chunked"
    running.server.inject(Reply(body=bombs[coding], headers=headers, chunk_size=65536), times=None)
    tracemalloc.start()
    try:
        report = running.verify()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_review(report, "oversized", caplog)
    assert peak < 16 * 1024 * 1024, peak


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


ENCODED: dict[str, tuple[Callable[[bytes], bytes], str, str | None]] = {
    "gzip": (gzip.compress, "gzip", None),
    "x-gzip": (gzip.compress, "x-gzip", None),
    "deflate-zlib": (zlib.compress, "deflate", None),
    "deflate-raw": (_raw_deflate, "deflate", None),
    "gzip-twice": (lambda b: gzip.compress(gzip.compress(b)), "gzip, gzip", None),
    "identity": (lambda b: b, "identity", None),
    "gzip-label-on-plain-json": (lambda b: b, "gzip", "malformed"),
    "gzip-cut-short": (lambda b: gzip.compress(b)[:-12], "gzip", "malformed"),
    "brotli-not-asked-for": (lambda b: b, "br", "malformed"),
    "unknown-coding": (gzip.compress, "snappy", "malformed"),
}


@pytest.mark.parametrize("case", sorted(ENCODED))
def test_encoded_answers(
    served: Callable[..., Served], case: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Encodings the driver asks for (Accept-Encoding: gzip, deflate) are read; a label
    that lies, a stream cut short, or a coding it cannot decode is ``malformed`` — a
    coding unknown to httpx used to be passed through undecoded."""
    encode, coding, reason = ENCODED[case]
    running = served("tianyancha")
    good = running.good_payload()
    running.server.inject(Reply(body=encode(good), headers={"Content-Encoding": coding}))
    report = running.verify()
    if reason is None:
        assert report.decision is Decision.PASS, report.findings
    else:
        assert_review(report, reason, caplog)
    asked = running.server.requests[-1].headers.get("accept-encoding", "")
    assert asked == "gzip, deflate"


# --- 200 answers that are not a usable answer ---------------------------------------------


def _gbk(body: bytes) -> bytes:
    return body.decode("utf-8").encode("gbk")


BODIES: dict[str, tuple[Callable[[Served], Reply], str | None]] = {
    "json-string": (lambda s: Reply(body=b'"ok"'), "malformed"),
    "json-number": (lambda s: Reply(body=b"200"), "malformed"),
    "json-empty-object": (lambda s: Reply(body=b"{}"), "malformed"),
    "json-true": (lambda s: Reply(body=b"true"), "malformed"),
    "deep-nesting": (
        lambda s: Reply(body=b'{"a": ' + b"[" * 30000 + b"]" * 30000 + b"}"),
        "malformed",
    ),
    "huge-integer": (
        lambda s: Reply(body=b'{"%s": %s}' % (s.provider.code_key.encode(), b"9" * 6000)),
        "malformed",
    ),
    "nan-code": (
        lambda s: Reply(body=b'{"%s": NaN}' % s.provider.code_key.encode()),
        None,
    ),
    "repeated-code-key": (
        lambda s: Reply(
            body=b"{"
            + json.dumps({s.provider.code_key: s.provider.contradiction})[1:-1].encode()
            + b", "
            + s.good_payload()[1:]
        ),
        "malformed",
    ),
    "html-waf-page-labelled-json": (
        lambda s: Reply(body="<html><title>访问验证</title>滑动验证码</html>"),
        "malformed",
    ),
    "login-page": (
        lambda s: Reply(body="<form action=/login>", content_type="text/html; charset=utf-8"),
        "wrong_content_type",
    ),
    "gbk-without-charset": (
        lambda s: Reply(body=_gbk(s.good_payload()), content_type="application/json"),
        "malformed",
    ),
    "unknown-charset": (
        lambda s: Reply(
            body=_gbk(s.good_payload()), content_type="application/json; charset=x-martian"
        ),
        "malformed",
    ),
}


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
@pytest.mark.parametrize("case", sorted(BODIES))
def test_unusable_200_bodies_are_review(
    served: Callable[..., Served], provider: str, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A JSON value that is no envelope, nesting past the recursion limit, an integer past
    Python's digit limit, NaN for a code, a WAF or login page, bytes in an undeclared or
    unknown charset: review.  Defect: a key repeated in one object (``{"error_code":
    300000, …, "error_code": 0}``) was read by its last value — a status written twice
    decided by whichever came last; it is an ambiguous answer, now ``malformed``."""
    running = served(provider)
    make, reason = BODIES[case]
    reply = make(running)
    running.server.inject(reply, times=None)
    report = running.verify()
    if case.endswith("charset") and reply.payload().isascii():  # Alibaba Cloud's answer:
        assert report.decision is Decision.PASS  # ASCII reads the same in any charset
        return
    assert_review(report, reason, caplog)


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
@pytest.mark.parametrize("case", ["bom", "gbk-declared", "latin1-declared-but-utf8"])
def test_readable_encodings_of_a_good_answer_pass(
    served: Callable[..., Served], provider: str, case: str
) -> None:
    """A UTF-8 byte order mark is read; a GBK body with ``charset=GBK`` is read in GBK
    (it used to be ``malformed`` for ever); a UTF-8 body under a wrong charset label is
    still read as UTF-8 (JSON's own encoding wins; decoding it as Latin-1 would turn the
    name into mojibake and fail the seller on a name mismatch)."""
    running = served(provider)
    good = running.good_payload()
    reply = {
        "bom": Reply(body=b"\xef\xbb\xbf" + good),
        "gbk-declared": Reply(body=_gbk(good), content_type="application/json; charset=GBK"),
        "latin1-declared-but-utf8": Reply(
            body=good, content_type="application/json; charset=ISO-8859-1"
        ),
    }[case]
    running.server.inject(reply)
    assert running.verify().decision is Decision.PASS


@pytest.mark.parametrize(
    ("provider", "body"),
    [
        (
            "tianyancha",
            {
                "error_code": 0,
                "result": {"name": NAME, "creditCode": 91350100, "regStatus": "存续"},
            },
        ),
        (
            "qichacha",
            {
                "Status": "200",
                "Result": {"VerifyResult": 1, "Data": [{"Name": NAME, "CreditCode": 913501}]},
            },
        ),
    ],
)
def test_a_uscc_sent_as_a_number_is_malformed(
    served: Callable[..., Served], provider: str, body: Any, caplog: pytest.LogCaptureFixture
) -> None:
    running = served(provider)
    running.server.inject(Reply(body=body), times=None)
    assert_review(running.verify(), "malformed", caplog)


def test_a_boolean_verdict_is_no_verdict(caplog: pytest.LogCaptureFixture) -> None:
    """Defect: Tianyancha's verification ``result`` was compared with ``in (1, "1")``,
    and ``True == 1`` in Python: ``"result": true`` confirmed all three elements.  The
    contract is 0, 1 or 2; a boolean is ``malformed``."""
    emulator = TianyanchaEmulator([ENTITY], token=TOKEN)
    with RegistryServer(emulator) as server:
        server.inject(Reply(body={"error_code": 0, "reason": "ok", "result": {"result": True}}))
        adapter = TianyanchaAdapter(TOKEN, base_url=server.url, mode="verify")
        with HttpRegistry(adapter, OPTIONS) as registry:
            report = verify(copy.deepcopy(MERCHANT), as_of=AS_OF, registry=registry)
    assert_review(report, "malformed", caplog)


# --- redirects: never followed, never off-host ----------------------------------------------


@pytest.mark.parametrize(
    "location", ["/elsewhere", "/services/open/ic/baseinfo/normal", "OTHER"], ids=str
)
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_a_failed_lookup(
    served: Callable[..., Served], status: int, location: str, caplog: pytest.LogCaptureFixture
) -> None:
    running = served("tianyancha")
    with RegistryServer(lambda incoming: Reply(body={"error_code": 0})) as other:
        target = other.url + "/steal" if location == "OTHER" else location
        running.server.inject(Reply(status, b"", headers={"Location": target}), times=None)
        report = running.verify()
        assert other.requests == []
    assert_review(report, f"http_{status}", caplog)
    assert len(running.server.requests) == 1  # a redirect is not retried


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_a_client_that_follows_redirects_is_not_led_off_host(
    served: Callable[..., Served], provider: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Defect: with the caller's own httpx client made with ``follow_redirects=True``, a
    302 to another origin was followed — the request (Qichacha's Token and Timespan
    headers with it) went to the other host, and *its* answer was parsed as the
    registry's.  The driver now never follows a redirect, whatever the client."""
    stolen: list[Incoming] = []

    def thief(incoming: Incoming) -> Reply:
        stolen.append(incoming)
        return Reply(body={"error_code": 0, "Status": "200", "Code": "200", "result": {}})

    with RegistryServer(thief) as other, httpx.Client(follow_redirects=True) as client:
        running = served(provider, client=client)
        running.server.inject(
            Reply(302, b"", headers={"Location": other.url + "/collect"}), times=None
        )
        report = running.verify()
    assert stolen == []
    assert_review(report, "http_302", caplog)


# --- Retry-After, 401/403/429/503 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "reason", "requests"),
    [
        (Reply(503, b"", headers={"Retry-After": "-5"}), None, 2),
        (Reply(503, b"", headers={"Retry-After": "nan"}), None, 2),
        (Reply(503, b"", headers={"Retry-After": "Mon, 01 Jan 2001 00:00:00 GMT"}), None, 2),
        (Reply(429, b""), None, 2),
        (Reply(429, b"", headers={"Retry-After": "inf"}), "rate_limited", 1),
        (Reply(429, b"", headers={"Retry-After": "1e400"}), "rate_limited", 1),
        (Reply(503, b"", headers={"Retry-After": "86400"}), "http_503", 1),
    ],
    ids=["negative", "nan", "date-in-the-past", "429-bare", "inf", "1e400", "a-day"],
)
def test_retry_after_values(
    served: Callable[..., Served],
    first: Reply,
    reason: str | None,
    requests: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A negative, unreadable or past Retry-After is "retry now" (then the answer
    passes); one that is infinite or longer than retry_after_max fails at once, without
    a second request."""
    running = served("tianyancha")
    running.server.inject(first)
    report = running.verify()
    if reason is None:
        assert report.decision is Decision.PASS, report.findings
    else:
        assert_review(report, reason, caplog)
    assert len(running.server.requests) == requests


@pytest.mark.parametrize("status", [503, 502, 504, 500, 429])
def test_a_burst_of_errors_is_retried_a_bounded_number_of_times(
    served: Callable[..., Served], status: int, caplog: pytest.LogCaptureFixture
) -> None:
    options = DriverOptions(
        attempts=3,
        backoff_base=0.01,
        backoff_max=0.02,
        deadline=1.5,
        breaker_fail_max=None,
        verify_tls=False,  # plain HTTP: no TLS context to build within the deadline
    )
    running = served("qichacha", options)
    running.server.inject(Reply(status, b""), times=2)
    assert running.verify().decision is Decision.PASS
    assert len(running.server.requests) == 3
    running.server.reset()
    running.server.inject(Reply(status, b""), times=None)
    report = running.verify()
    assert_review(report, "rate_limited" if status == 429 else f"http_{status}", caplog)
    assert len(running.server.requests) == 3


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
@pytest.mark.parametrize(("status", "reason"), [(401, "auth"), (403, "forbidden")])
def test_401_403_with_retry_after_abort_without_a_retry(
    served: Callable[..., Served], provider: str, status: int, reason: str
) -> None:
    running = served(provider)
    running.server.inject(
        Reply(
            status, "<html>denied</html>", headers={"Retry-After": "0"}, content_type="text/html"
        ),
        times=None,
    )
    with pytest.raises(RegistryAbort) as caught:
        running.verify()
    assert caught.value.reason == reason
    assert len(running.server.requests) == 1
    no_secret(caught.value, repr(caught.value), caught.value.args)


# --- an answer about another company ---------------------------------------------------------


def test_tianyancha_answering_another_company_does_not_confirm_the_seller(
    served: Callable[..., Served],
) -> None:
    running = served("tianyancha", wrap=lambda emulate: _always_about(emulate, OTHER_USCC))
    report = running.verify()
    assert report.decision is not Decision.PASS
    assert {"registry.uscc_mismatch", "registry.name_mismatch"} <= set(report.codes)


def test_qichacha_answering_another_company_does_not_confirm_the_seller(
    served: Callable[..., Served],
) -> None:
    running = served("qichacha", wrap=lambda emulate: _always_about(emulate, OTHER_USCC))
    report = running.verify()
    assert report.decision is not Decision.PASS
    assert "registry.uscc_mismatch" in report.codes


def _always_about(emulate: Callable[[Incoming], Reply], uscc: str) -> Callable[[Incoming], Reply]:
    """Whatever is asked, ask the emulator about ``uscc`` (a registry answering about
    another company)."""

    def handler(incoming: Incoming) -> Reply:
        query = {k: (uscc if v == USCC else v) for k, v in incoming.query.items()}
        return emulate(
            Incoming(incoming.method, incoming.path, query, incoming.headers, incoming.body)
        )

    return handler


def test_an_entity_established_after_as_of_does_not_pass(served: Callable[..., Served]) -> None:
    """Fixed defect: a registry record whose operating term starts (or whose entity was
    established) after ``as_of`` — impossible for an entity trading on that day, and for a
    look-up made today a data error — passes."""
    body = {
        "error_code": 0,
        "reason": "ok",
        "result": {
            "name": NAME,
            "creditCode": USCC,
            "legalPersonName": REP,
            "regStatus": "存续",
            "estiblishTime": 4102444800000,  # 2100-01-01
            "fromTime": 4102444800000,
        },
    }
    running = served("tianyancha")
    running.server.inject(Reply(body=body), times=None)
    assert running.verify().decision is not Decision.PASS


# --- async: the same faults, cancellation, a shared client ----------------------------------

ASYNC_FAULTS: dict[str, tuple[Reply, str]] = {
    "reset": (Reply(reset=True), "connection_reset"),
    "503": (Reply(503, b""), "http_503"),
    "html": (Reply(200, "<html/>", content_type="text/html"), "wrong_content_type"),
    "not-json": (Reply(200, b"{nope"), "malformed"),
    "gzip-bomb": (
        Reply(200, gzip.compress(b"0" * (4 * 1024 * 1024)), headers={"Content-Encoding": "gzip"}),
        "oversized",
    ),
    "chunked-oversized": (
        Reply(200, b"[" + b"0," * 40000 + b"0]", headers={"Transfer-Encoding": "chunked"}),
        "oversized",
    ),
    "short-body": (
        Reply(200, b'{"a": 1', headers={"Content-Length": "900", "Connection": "close"}),
        "connection_reset",
    ),
    "redirect": (Reply(302, b"", headers={"Location": "/x"}), "http_302"),
    "slow-body": (Reply(body=b"{" + b" " * 400 + b"}", body_delay=0.15, chunk_size=16), "timeout"),
}


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_async_faults_are_review(
    served: Callable[..., Served], provider: str, caplog: pytest.LogCaptureFixture
) -> None:
    running = served(provider)

    async def go() -> dict[str, Report]:
        reports = {}
        try:
            for name, (reply, _) in ASYNC_FAULTS.items():
                running.server.inject(reply, times=None)
                reports[name] = await averify(
                    copy.deepcopy(MERCHANT), as_of=AS_OF, registry=running.registry
                )
                running.server.reset()
        finally:
            await running.registry.aclose()
        return reports

    for name, report in asyncio.run(go()).items():
        assert_review(report, ASYNC_FAULTS[name][1], caplog)


def test_cancelled_lookups_do_not_open_the_circuit(served: Callable[..., Served]) -> None:
    """Defect: pybreaker counted every exception leaving the guarded block, and a
    cancelled ``alookup`` raises ``CancelledError`` there: three look-ups cancelled by
    their caller (a request timeout upstream, a batch shutting down) opened the circuit,
    and the next look-ups failed ``circuit_open`` without asking.  Only transient
    failures count now.  The cancelled look-ups' connections are not reused: the next
    answer is the right one."""
    options = DriverOptions(attempts=1, deadline=5.0, read_timeout=2.0, breaker_fail_max=3)
    running = served("tianyancha", options)
    slow_body = Reply(
        body={"error_code": 0, "reason": "ok", "result": {"name": "别家", "creditCode": "X"}},
        body_delay=0.2,
        chunk_size=8,
    )

    async def go() -> tuple[str, Any, Any]:
        try:
            for reply in (Reply(body={}, delay=1.0), slow_body, slow_body, slow_body):
                running.server.inject(reply)
                task = asyncio.create_task(running.registry.alookup(RegistryQuery(uscc=USCC)))
                await asyncio.sleep(0.15)
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
            state = running.registry.breaker_state
            running.server.reset()
            after = await running.registry.alookup(RegistryQuery(uscc=USCC))
            other = await running.registry.alookup(RegistryQuery(uscc=OTHER_USCC))
        finally:
            await running.registry.aclose()
        return state, after, other

    state, after, other = asyncio.run(go())
    assert state == "closed"
    assert after.status is LookupStatus.FOUND
    assert after.record.uscc == USCC
    assert other.status is LookupStatus.FOUND
    assert other.record.uscc == OTHER_USCC


def _per_query_faults(emulate: Callable[[Incoming], Reply]) -> Callable[[Incoming], Reply]:
    """USCC answers normally, OTHER_USCC resets the connection, anything else is slow."""

    def handler(incoming: Incoming) -> Reply:
        keyword = incoming.query.get("keyword")
        if keyword == OTHER_USCC:
            return Reply(reset=True)
        if keyword != USCC:
            return Reply(body={"error_code": 0}, delay=2.0)
        return emulate(incoming)

    return handler


SLOW_USCC = "91440300MA5FXT4K8Q"
MIXED = [USCC, OTHER_USCC, SLOW_USCC] * 6


def _check_mixed(results: list[Any]) -> None:
    for asked, result in zip(MIXED, results, strict=False):
        if asked == USCC:
            assert result.status is LookupStatus.FOUND, result
            assert result.record.uscc == USCC
        else:
            assert result.status is LookupStatus.FAILED, result
            assert result.reason == ("connection_reset" if asked == OTHER_USCC else "timeout")
        no_secret(repr(result), result.detail)


def test_concurrent_async_lookups_sharing_a_client_keep_their_own_answers(
    served: Callable[..., Served],
) -> None:
    running = served("tianyancha", wrap=_per_query_faults)

    async def go() -> list[Any]:
        try:
            return await asyncio.gather(
                *(running.registry.alookup(RegistryQuery(uscc=uscc)) for uscc in MIXED)
            )
        finally:
            await running.registry.aclose()

    _check_mixed(asyncio.run(go()))


def test_concurrent_sync_lookups_sharing_a_client_keep_their_own_answers(
    served: Callable[..., Served],
) -> None:
    running = served("tianyancha", wrap=_per_query_faults)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda u: running.registry.lookup(RegistryQuery(uscc=u)), MIXED))
    _check_mixed(results)
    assert threading.active_count() < 40


# --- cache ----------------------------------------------------------------------------------


@pytest.mark.parametrize("cache", ["memory", "disk"])
def test_a_failed_lookup_is_not_cached(
    served: Callable[..., Served], cache: str, tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    options = DriverOptions(
        attempts=1,
        breaker_fail_max=None,
        cache="memory" if cache == "memory" else str(tmp_path / "cache"),
    )
    running = served("qichacha", options)
    for fault, reason in [
        (Reply(200, b"{bad"), "malformed"),
        (Reply(503, b""), "http_503"),
        (Reply(200, {"Status": "200", "Result": None}), "malformed"),
    ]:
        running.server.inject(fault)
        assert_review(running.verify(), reason, caplog)
    first = running.verify()
    second = running.verify()
    assert first.decision is Decision.PASS
    assert second.decision is Decision.PASS
    assert len(running.server.requests) == 4  # three failures and one answer, then a hit
    assert second.registry is not None
    assert second.registry.cached


def test_a_cached_answer_is_judged_on_each_as_of_day(served: Callable[..., Served]) -> None:
    """The cache keeps the registry's answer, not the decision: the same cached record
    passes before the end of its operating term and is reviewed after it."""
    import datetime

    ends = AS_OF + datetime.timedelta(days=10)
    entity = ENTITY.model_copy(update={"term": None})
    entity = RegistryRecord.model_validate(
        {**entity.model_dump(), "term": None, "term_from": "2010-01-01", "term_to": ends}
    )
    options = DriverOptions(attempts=1, breaker_fail_max=None, cache="memory")
    running = served("tianyancha", options)
    running.emulator = TianyanchaEmulator([entity], token=TOKEN)
    before = running.verify(as_of=AS_OF)
    after = running.verify(as_of=ends + datetime.timedelta(days=1))
    assert before.decision is Decision.PASS
    assert after.decision is Decision.REVIEW
    assert "registry.term_expired" in after.codes
    assert after.registry is not None
    assert after.registry.cached
    assert len(running.server.requests) == 1


# --- a licence listing that fails -----------------------------------------------------------

LICENSED = food_shop()  # the example food shop, with a food business licence
SHOP = RegistryRecord(
    name=LICENSED["name"],
    uscc=LICENSED["uscc"],
    legal_representative=LICENSED["legal_representative"]["name"],
    status="存续",
    term_from="2019-04-02",
    term_to="长期",
    scope="食品销售",
    licenses=(
        LicenseRecord(
            number=LICENSED["documents"][1]["number"],
            name="食品经营许可证",
            valid_from="2023-06-12",
            valid_to="2028-06-11",
            scope=LICENSED["documents"][1]["scope"],
        ),
    ),
)
LISTING_FAULTS = {
    "unreadable": Reply(body={"error_code": 0, "reason": "ok", "result": {"total": "1"}}),
    "provider-code": Reply(body={"error_code": 300008, "reason": "缺少必要参数"}),
}


def _listing_fails(reply: Reply) -> Callable[[Callable[[Incoming], Reply]], Any]:
    def wrap(emulate: Callable[[Incoming], Reply]) -> Callable[[Incoming], Reply]:
        def handler(incoming: Incoming) -> Reply:
            return reply if "getLicense" in incoming.path else emulate(incoming)

        return handler

    return wrap


@pytest.mark.parametrize("fault", sorted(LISTING_FAULTS))
def test_a_failed_licence_listing_is_reported_and_not_cached(
    served: Callable[..., Served], fault: str
) -> None:
    """The base record stands (a revoked status must still fail the seller), the
    licences are not claimed as covered, and the result says why; it is not cached, so
    the listing is asked again next time."""
    options = DriverOptions(attempts=1, breaker_fail_max=None, cache="memory")
    running = served("tianyancha", options, wrap=_listing_fails(LISTING_FAULTS[fault]))
    query = RegistryQuery(uscc=SHOP.uscc, name=SHOP.name, license_kinds=("food_business",))
    result = running.registry.lookup(query)
    assert result.status is LookupStatus.FOUND
    assert result.license_kinds == frozenset()
    assert result.reason in ("malformed", "bad_request")
    assert result.detail is not None
    assert "licence listing" in result.detail
    assert running.registry.lookup(query).cached is False


@pytest.mark.parametrize("fault", sorted(LISTING_FAULTS))
def test_a_failed_licence_listing_never_passes(served: Callable[..., Served], fault: str) -> None:
    """Fixed defect: the seller's food licence was asked about, the listing failed, and the
    record passes with no finding saying the licence was not confirmed."""
    baseline = served("tianyancha").verify(LICENSED)
    assert baseline.decision is Decision.PASS, baseline.findings
    running = served("tianyancha", wrap=_listing_fails(LISTING_FAULTS[fault]))
    report = running.verify(LICENSED)
    assert report.decision is Decision.REVIEW


def test_a_shared_cache_keeps_two_endpoints_apart(tmp_path: Path) -> None:
    """A disk cache shared by a staging and a production registry (the same adapter at
    another ``base_url``) never answers one from the other."""
    options = DriverOptions(cache=str(tmp_path), attempts=1)
    query = RegistryQuery(uscc=USCC, license_kinds=())
    names = []
    for name in ("预发布示例有限公司", "生产示例有限公司"):
        entity = ENTITY.model_copy(update={"name": name})
        server = RegistryServer(TianyanchaEmulator([entity], token=TOKEN)).start()
        try:
            adapter = TianyanchaAdapter(TOKEN, base_url=server.url, licenses=False)
            with HttpRegistry(adapter, options) as registry:
                result = registry.lookup(query)
        finally:
            server.stop()
        assert result.record is not None, result
        names.append(result.record.name)
    assert names == ["预发布示例有限公司", "生产示例有限公司"]
