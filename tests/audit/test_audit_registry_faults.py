"""Audit: registry faults end in REVIEW or FAIL, never PASS, through ``verify``.

Each bundled adapter (Tianyancha, Qichacha, Alibaba Cloud) runs through ``HttpRegistry``
against the loopback ``RegistryServer`` serving its provider emulator, with faults
injected.  Contract (docs/registries/driver.md, adapters.md): a failed look-up is the
finding ``registry.unavailable`` (review, never pass); an unusable answer is a failed
look-up (``malformed`` …), not a success and not a definitive "not found"; bad
credentials and exhausted quotas raise ``RegistryAbort`` and the CLI exits 4.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from audit_support import (
    AS_OF,
    AS_OF_TEXT,
    cli_env,
    fast_driver_options,
    no_traceback,
    registry_merchant,
    run_cli,
)

from qualcheck import Decision, Report, averify, verify
from qualcheck.registries import HttpAdapter, RegistryAbort, RegistryRecord
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
NAME = "福州示例食品有限公司"
REP = "王五"
ENTITY = RegistryRecord(
    name=NAME,
    uscc=USCC,
    legal_representative=REP,
    status="存续（在营、开业、在册）",
    term_from="2010-01-01",
    term_to="长期",
    scope="食品销售",
)
MERCHANT = registry_merchant("audit-1", USCC, NAME, REP)
OPTIONS: DriverOptions = fast_driver_options()


@dataclass(frozen=True)
class Provider:
    name: str
    emulator: Callable[[], ProviderEmulator]
    adapter: Callable[[str], HttpAdapter]


PROVIDERS = {
    "tianyancha": Provider(
        "tianyancha",
        lambda: TianyanchaEmulator([ENTITY], token="tyc-audit"),
        lambda url: TianyanchaAdapter("tyc-audit", base_url=url),
    ),
    "qichacha": Provider(
        "qichacha",
        lambda: QichachaEmulator([ENTITY], key="qcc-key", secret="qcc-secret"),
        lambda url: QichachaAdapter("qcc-key", "qcc-secret", base_url=url),
    ),
    "aliyun": Provider(
        "aliyun",
        lambda: AliyunEmulator([ENTITY], access_key_id="LTAI-audit", access_key_secret="ali-s"),
        lambda url: AliyunAdapter("LTAI-audit", "ali-s", base_url=url),
    ),
}


@pytest.fixture(params=sorted(PROVIDERS))
def provider(request: pytest.FixtureRequest) -> Provider:
    return PROVIDERS[request.param]


class Served:
    """A provider's emulator on loopback, and an HttpRegistry in front of it."""

    def __init__(self, provider: Provider, handler: Any = None) -> None:
        self.emulator = provider.emulator()
        self.server = RegistryServer(handler or self.emulator).start()
        self.registry = HttpRegistry(provider.adapter(self.server.url), OPTIONS)

    def verify(self, record: dict[str, Any] | None = None) -> Report:
        return verify(copy.deepcopy(record or MERCHANT), as_of=AS_OF, registry=self.registry)

    def close(self) -> None:
        self.registry.close()
        self.server.stop()


@pytest.fixture
def served(provider: Provider) -> Iterator[Served]:
    running = Served(provider)
    yield running
    running.close()


def assert_failed_closed(report: Report, reason: str | None = None) -> None:
    assert report.decision is not Decision.PASS, report.findings
    assert "registry.unavailable" in report.codes, report.codes
    assert report.registry is not None
    assert report.registry.status == "failed"
    if reason is not None:
        assert report.registry.reason == reason


def test_baseline_found_passes(served: Served) -> None:
    assert served.verify().decision is Decision.PASS


PAD = b'{"pad": "' + b"x" * 300 + b'"}'
TRANSPORT_FAULTS: dict[str, tuple[Reply, str | None]] = {
    "http_500": (Reply(500, "boom", content_type="text/plain"), "http_500"),
    "http_502": (Reply(502, "<html>bad gateway</html>", content_type="text/html"), "http_502"),
    "http_503_json": (Reply(503, {"message": "busy"}), "http_503"),
    "http_504_empty": (Reply(504, b""), "http_504"),
    "429_no_retry_after": (Reply(429, b""), "rate_limited"),
    "429_huge_retry_after": (Reply(429, b"", headers={"Retry-After": "9" * 30}), "rate_limited"),
    "429_retry_after_date": (
        Reply(429, b"", headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}),
        "rate_limited",
    ),
    "slow_headers": (Reply(delay=1.5), "timeout"),
    "slow_body_drip": (Reply(body=PAD, body_delay=0.2, chunk_size=8), "timeout"),
    "reset": (Reply(reset=True), "connection_reset"),
    "close_mid_body": (
        Reply(
            body=b'{"error_code": 0, "Status": "200", "Code": "2',
            headers={"Content-Length": "400", "Connection": "close"},
        ),
        "connection_reset",
    ),
    "empty_body": (Reply(200, b""), "malformed"),
    "not_json": (Reply(200, b"<<not json>>"), "malformed"),
    "json_list": (Reply(200, [1, 2, 3]), "malformed"),
    "json_null": (Reply(200, None), "malformed"),
    "huge_body": (Reply(200, b'{"pad": "' + b"x" * 200_000 + b'"}'), "oversized"),
    "huge_chunked_body": (
        Reply(200, b'{"pad": "' + b"x" * 200_000 + b'"}', headers={"Transfer-Encoding": "chunked"}),
        "oversized",
    ),
    "redirect_loop": (Reply(302, b"", headers={"Location": "/"}), None),
    "wrong_content_type": (
        Reply(200, {"error_code": 0}, content_type="text/html"),
        "wrong_content_type",
    ),
    "invalid_utf8": (
        Reply(
            200,
            b'{"error_code": 0, "Status": "200", "Code": "200",'
            b' "result": {"name": "\xff\xfe"}, "Result": "\xff"}',
        ),
        None,
    ),
    "bad_gzip": (Reply(200, b"not gzip", headers={"Content-Encoding": "gzip"}), None),
    "http_204": (Reply(204, b""), None),
    "http_404_json": (Reply(404, {"message": "nope"}), None),
}


@pytest.mark.parametrize("fault", sorted(TRANSPORT_FAULTS))
def test_transport_and_body_faults_never_pass(served: Served, fault: str) -> None:
    reply, reason = TRANSPORT_FAULTS[fault]
    served.server.inject(reply, times=None)
    assert_failed_closed(served.verify(), reason)


def test_async_verify_fails_closed(provider: Provider) -> None:
    running = Served(provider)
    try:
        running.server.inject(Reply(503, b"", content_type="text/plain"), times=None)

        async def go() -> Report:
            try:
                return await averify(
                    copy.deepcopy(MERCHANT), as_of=AS_OF, registry=running.registry
                )
            finally:
                await running.registry.aclose()

        assert_failed_closed(asyncio.run(go()), "http_503")
    finally:
        running.close()


# --- 200 answers whose body is an error, or of the wrong shape ---------------------------------

BODY_ERRORS: dict[str, list[tuple[dict[str, Any], str]]] = {
    "tianyancha": [
        ({"error_code": 300001, "reason": "请求失败", "result": None}, "provider_error"),
        ({"error_code": 300004, "reason": "访问频率过快"}, "rate_limited"),
        ({"error_code": 300008, "reason": "缺少必要参数"}, "bad_request"),
        (
            {
                "error_code": 123456,
                "reason": "?",
                "result": {"name": NAME, "creditCode": USCC, "regStatus": "存续"},
            },
            "provider_error",
        ),
        ({"error_code": 0.0, "result": {"name": NAME, "creditCode": USCC}}, "provider_error"),
        ({"reason": "no code", "result": {"name": NAME}}, "malformed"),
        ({"error_code": 0, "result": None}, "malformed"),
        ({"error_code": 0, "result": [{"name": NAME}]}, "malformed"),
    ],
    "qichacha": [
        ({"Status": "203", "Message": "系统查询异常"}, "provider_error"),
        ({"Status": "202", "Message": "参数错误"}, "bad_request"),
        (
            {"Status": "999", "Result": {"Data": [{"Name": NAME, "CreditCode": USCC}]}},
            "provider_error",
        ),
        ({"Message": "no status"}, "malformed"),
        (
            {
                "Status": "200",
                "Result": {
                    "Data": [{"Name": "甲", "CreditCode": "X1"}, {"Name": "乙", "CreditCode": "X2"}]
                },
            },
            "provider_error",
        ),
    ],
    "aliyun": [
        ({"Code": "ServiceUnavailable", "Message": "x"}, "provider_error"),
        ({"Code": "InvalidParameter", "Message": "x"}, "bad_request"),
        ({"Code": "Weird.Code", "Result": {"BizCode": "1"}}, "provider_error"),
        ({"Result": {"BizCode": "1"}}, "malformed"),
        ({"Code": "200", "Result": {"BizCode": "9"}}, "malformed"),
        ({"Code": "200", "Result": [{"BizCode": "1"}]}, "malformed"),
        ({"Code": "200"}, "malformed"),
    ],
}
BODY_CASES = [(name, i) for name, cases in BODY_ERRORS.items() for i in range(len(cases))]


@pytest.mark.parametrize(("name", "index"), BODY_CASES, ids=[f"{n}-{i}" for n, i in BODY_CASES])
def test_error_codes_and_unusable_bodies_in_a_200_never_pass(name: str, index: int) -> None:
    body, reason = BODY_ERRORS[name][index]
    running = Served(PROVIDERS[name])
    try:
        running.server.inject(Reply(200, body), times=None)
        assert_failed_closed(running.verify(), reason)
    finally:
        running.close()


UNKNOWN_STATUS: dict[str, dict[str, Any]] = {
    "tianyancha": {
        "error_code": 0,
        "result": {
            "name": NAME,
            "creditCode": USCC,
            "legalPersonName": REP,
            "regStatus": "火星营业中",
        },
    },
    "qichacha": {
        "Status": "200",
        "Result": {
            "Data": [{"Name": NAME, "CreditCode": USCC, "OperName": REP, "Status": "火星营业中"}]
        },
    },
    "aliyun": {"Code": "200", "Result": {"BizCode": "1", "Status": "77"}},
}


@pytest.mark.parametrize("name", sorted(UNKNOWN_STATUS))
def test_unknown_status_strings_are_review(name: str) -> None:
    running = Served(PROVIDERS[name])
    try:
        running.server.inject(Reply(200, UNKNOWN_STATUS[name]), times=None)
        report = running.verify()
        assert report.decision is Decision.REVIEW
        assert "registry.status_unknown" in report.codes
    finally:
        running.close()


NAMELESS: dict[str, dict[str, Any]] = {
    "tianyancha-status-only": {"error_code": 0, "reason": "ok", "result": {"regStatus": "存续"}},
    "tianyancha-null-fields": {
        "error_code": 0,
        "reason": "ok",
        "result": {"name": None, "creditCode": None, "legalPersonName": None, "regStatus": "存续"},
    },
    "tianyancha-name-is-a-list": {
        "error_code": 0,
        "result": {
            "name": [NAME],
            "creditCode": [USCC],
            "legalPersonName": REP,
            "regStatus": "存续",
        },
    },
    "qichacha-status-only": {"Status": "200", "Result": {"Data": [{"Status": "存续"}]}},
    "qichacha-null-fields": {
        "Status": "200",
        "Result": {
            "Data": [{"Name": None, "CreditCode": None, "OperName": None, "Status": "存续"}]
        },
    },
}


@pytest.mark.parametrize("case", sorted(NAMELESS))
def test_found_answer_that_names_no_entity_never_passes(case: str) -> None:
    """Defect: a success answer whose record lacks the name and the USCC (missing, null,
    or of the wrong type — the adapters drop unreadable fields) is a *found* record that
    confirms nothing but a status; the registry check compares only the fields present,
    so the seller PASSes on an answer that does not identify it.  It must at least be
    review (a malformed answer, or 'registry could not confirm')."""
    running = Served(PROVIDERS[case.split("-")[0]])
    try:
        running.server.inject(Reply(200, NAMELESS[case]), times=None)
        report = running.verify()
        assert report.decision is not Decision.PASS, report.registry
        assert any(code.startswith("registry.") for code in report.codes)
    finally:
        running.close()


@pytest.mark.parametrize("status", [["4"], {"value": "4"}], ids=["list", "object"])
def test_aliyun_unreadable_status_never_passes(status: Any) -> None:
    """Defect: AliyunAdapter._status drops a Status it cannot read as text (here a
    revoked '4' wrapped in a list/object), and the engine treats a verification source
    without a status as silent about it: PASS."""
    running = Served(PROVIDERS["aliyun"])
    try:
        running.server.inject(
            Reply(200, {"Code": "200", "Result": {"BizCode": "1", "Status": status}}), times=None
        )
        report = running.verify()
        assert report.decision is not Decision.PASS
        assert any(code.startswith("registry.") for code in report.codes)
    finally:
        running.close()


@pytest.mark.parametrize(
    "result", [None, "ok", {"Status": "存续"}], ids=["null", "string", "no-data"]
)
def test_qichacha_success_without_data_is_not_a_definitive_not_found(result: Any) -> None:
    """Defect: Qichacha's own no-result code is 201; a 200 'success' whose Result is null,
    a string or has no Data is an unreadable answer, but the adapter returns *not found*
    and the seller FAILs with registry.not_found.  It should be a failed look-up
    (registry.unavailable, reason malformed): review."""
    running = Served(PROVIDERS["qichacha"])
    try:
        running.server.inject(Reply(200, {"Status": "200", "Result": result}), times=None)
        report = running.verify()
        assert "registry.not_found" not in report.codes
        assert_failed_closed(report, "malformed")
    finally:
        running.close()


# --- aborts -------------------------------------------------------------------------------------

ABORTS = [
    ("tianyancha", "300002", None, "auth"),
    ("tianyancha", "300007", None, "quota"),
    ("tianyancha", "300005", None, "forbidden"),
    ("qichacha", "101", None, "auth"),
    ("qichacha", "112", None, "quota"),
    ("aliyun", "InvalidAccessKeyId.NotFound", 404, "auth"),
    ("aliyun", "SignatureDoesNotMatch", 400, "auth"),
    ("aliyun", "InsufficientBalance", 400, "quota"),
]


@pytest.mark.parametrize(
    ("name", "code", "status", "reason"), ABORTS, ids=[f"{a[0]}-{a[1]}" for a in ABORTS]
)
def test_auth_and_quota_codes_raise_registry_abort(
    name: str, code: str, status: int | None, reason: str
) -> None:
    running = Served(PROVIDERS[name])
    try:
        running.emulator.force(code, times=10, http_status=status)
        with pytest.raises(RegistryAbort) as caught:
            running.verify()
        assert caught.value.reason == reason
    finally:
        running.close()


@pytest.mark.parametrize(("status", "reason"), [(401, "auth"), (403, "forbidden")])
def test_http_401_403_raise_registry_abort(provider: Provider, status: int, reason: str) -> None:
    running = Served(provider)
    try:
        running.server.inject(Reply(status, b"", content_type="text/plain"), times=None)
        with pytest.raises(RegistryAbort) as caught:
            running.verify()
        assert caught.value.reason == reason
    finally:
        running.close()


def test_cli_exits_4_on_abort_and_keeps_earlier_reports(tmp_path: Any) -> None:
    """The first record is looked up normally; the second one's look-up answers 300007
    (no calls left): exit 4, the first report printed, no credential in the output."""
    emulator = TianyanchaEmulator([ENTITY], token="tyc-cli-token")
    other = "91110000600037341L"

    def handler(incoming: Incoming) -> Reply:
        if incoming.query.get("keyword") == other:
            return Reply(200, {"error_code": 300007, "reason": "剩余次数不足", "result": None})
        return emulator(incoming)

    second = copy.deepcopy(MERCHANT)
    second["merchant_id"], second["uscc"] = "audit-2", other
    second["documents"][0]["number"] = other
    third = copy.deepcopy(MERCHANT)
    third["merchant_id"] = "audit-3"
    path = tmp_path / "in.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (MERCHANT, second, third)),
        encoding="utf-8",
    )
    with RegistryServer(handler) as server:
        env = cli_env(
            QUALCHECK_TIANYANCHA_TOKEN="tyc-cli-token", QUALCHECK_TIANYANCHA_URL=server.url
        )
        result = run_cli(
            "verify",
            str(path),
            "--json",
            "--as-of",
            AS_OF_TEXT,
            "--registry",
            "tianyancha",
            env=env,
        )
    no_traceback(result)
    assert result.returncode == 4, result.stderr
    printed = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [(r["merchant_id"], r["decision"]) for r in printed] == [("audit-1", "pass")]
    assert "tyc-cli-token" not in result.stdout + result.stderr
