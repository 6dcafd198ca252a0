"""The fault matrix: each bundled adapter, against its provider emulator served by a REAL
HTTP server on loopback, through the sync and the async driver.

For every provider and every fault — a timeout, a slow body, 429 with Retry-After, 5xx, a
connection reset, malformed JSON, the wrong content type, an oversized body, the provider's
no-result code, its quota code, bad credentials — the look-up ends in a LookupResult
(found, not found, or failed with the right reason) and never raises, except quota and
authentication failures, which raise RegistryAbort with a message that holds no
credential.  ``driver_mode`` (from conftest) runs every test once sync and once async.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from qualcheck.registries import (
    HttpAdapter,
    LicenseRecord,
    LookupResult,
    LookupStatus,
    RegistryAbort,
    RegistryQuery,
)
from qualcheck.registries.aliyun import AliyunAdapter
from qualcheck.registries.qichacha import QichachaAdapter
from qualcheck.registries.tianyancha import TianyanchaAdapter
from qualcheck.testing.provider_emulators import (
    AliyunEmulator,
    ProviderEmulator,
    QichachaEmulator,
    TianyanchaEmulator,
)
from qualcheck.testing.registry_server import RegistryServer, Reply

from .samples import sample_record

USCC = "91350100M000100Y43"
MISSING = "91110000600037341L"
RECORD = sample_record(
    registration_number=None, scope=None, address=None, former_names=(), term_to="长期"
)
FOUND = RegistryQuery(uscc=USCC, name="福州示例食品有限公司", legal_representative="王五")
NOT_FOUND = RegistryQuery(uscc=MISSING, name="福州示例食品有限公司", legal_representative="王五")

# Short waits: the whole file runs in seconds.  The read timeout is short only where a
# timeout is the fault under test (a loaded CI machine must not time out a plain answer).
FAST: dict[str, Any] = {
    "attempts": 2,
    "backoff_base": 0.01,
    "backoff_max": 0.02,
    "connect_timeout": 2.0,
    "read_timeout": 3.0,
    "deadline": 8.0,
    "retry_after_max": 1.0,
    "breaker_fail_max": None,
    "max_body_bytes": 64 * 1024,
}


@dataclass(frozen=True)
class Provider:
    """How to build one provider's emulator and adapter, and its quota code."""

    name: str
    secrets: tuple[str, ...]
    emulator: Callable[[], ProviderEmulator]
    adapter: Callable[[str, bool], HttpAdapter]  # (base URL, right credentials?)
    quota: tuple[str, int | None, str]  # (code to force, HTTP status, expected reason)


PROVIDERS = {
    "tianyancha": Provider(
        "tianyancha",
        ("tyc-fault-token",),
        lambda: TianyanchaEmulator([RECORD], token="tyc-fault-token"),
        lambda url, good: TianyanchaAdapter(
            "tyc-fault-token" if good else "tyc-wrong-token", base_url=url
        ),
        ("300007", None, "quota"),  # 剩余次数不足
    ),
    "qichacha": Provider(
        "qichacha",
        ("qcc-fault-key", "qcc-fault-secret"),
        lambda: QichachaEmulator([RECORD], key="qcc-fault-key", secret="qcc-fault-secret"),
        lambda url, good: QichachaAdapter(
            "qcc-fault-key", "qcc-fault-secret" if good else "qcc-wrong-secret", base_url=url
        ),
        ("109", None, "quota"),  # 超过每日系统限制
    ),
    "aliyun": Provider(
        "aliyun",
        ("LTAI-fault-id", "ali-fault-secret"),
        lambda: AliyunEmulator(
            [RECORD], access_key_id="LTAI-fault-id", access_key_secret="ali-fault-secret"
        ),
        lambda url, good: AliyunAdapter(
            "LTAI-fault-id", "ali-fault-secret" if good else "ali-wrong-secret", base_url=url
        ),
        # cloudauth reports arrears as 403 Forbidden.AccountAccessDenied (无权限，可能是未开通
        # 服务，或已欠费): the run stops with reason forbidden
        ("Forbidden.AccountAccessDenied", 403, "forbidden"),
    ),
}

PAD = b'{"pad": "' + b"x" * 200 + b'"}'

SHORT_READ = {"read_timeout": 0.3}

# fault → (what the server answers instead of the emulator, the reason of the failed result,
# driver options for the fault)
FAULTS: dict[str, tuple[Reply, str, dict[str, Any]]] = {
    "timeout": (Reply(delay=2.0), "timeout", SHORT_READ),
    "slow_body": (Reply(body=PAD, body_delay=0.6, chunk_size=16), "timeout", SHORT_READ),
    "429_retry_after": (
        Reply(429, {"message": "Too Many Requests"}, headers={"Retry-After": "60"}),
        "rate_limited",
        {},
    ),
    "5xx": (
        Reply(503, "<html>503 Service Unavailable</html>", content_type="text/html"),
        "http_503",
        {},
    ),
    "connection_reset": (Reply(reset=True), "connection_reset", {}),
    "malformed_json": (
        Reply(200, b'{"error_code": 0, "Status": "200", "result": {'),
        "malformed",
        {},
    ),
    "wrong_content_type": (
        Reply(200, "<html><body>系统维护中</body></html>", content_type="text/html; charset=utf-8"),
        "wrong_content_type",
        {},
    ),
    "oversized": (Reply(200, b'{"pad": "' + b"x" * 100_000 + b'"}'), "oversized", {}),
}


@pytest.fixture(params=sorted(PROVIDERS))
def provider(request: pytest.FixtureRequest) -> Provider:
    return PROVIDERS[request.param]


def no_secret(provider: Provider, *texts: object) -> None:
    for text in texts:
        for secret in provider.secrets:
            assert secret not in str(text)


def serve(
    provider: Provider,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
    *,
    good: bool = True,
    **options: Any,
) -> tuple[RegistryServer, ProviderEmulator, Any]:
    emulator = provider.emulator()
    server = registry_server_factory(emulator)
    registry = open_registry(provider.adapter(server.url, good), **{**FAST, **options})
    return server, emulator, registry


def test_found(
    provider: Provider,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    server, _, registry = serve(provider, registry_server_factory, open_registry)
    result = registry.lookup(FOUND)
    assert result.status is LookupStatus.FOUND
    assert result.record is not None
    assert result.record.uscc == USCC
    assert len(server.requests) == 1
    no_secret(provider, result, result.evidence())


def test_multi_step_flow_with_licences(
    registry_server_factory: Callable[..., RegistryServer], open_registry: Callable[..., Any]
) -> None:
    licences = [
        LicenseRecord(number=f"JY1350102{i:07d}", name="食品经营许可证", valid_to="长期")
        for i in range(3)
    ]
    record = RECORD.model_copy(update={"licenses": tuple(licences)})
    server = registry_server_factory(TianyanchaEmulator([record], token="tyc-fault-token"))
    adapter = TianyanchaAdapter("tyc-fault-token", base_url=server.url, page_size=2)
    registry = open_registry(adapter, **FAST)
    result = registry.lookup(RegistryQuery(uscc=USCC, license_kinds=("food_business",)))
    assert result.status is LookupStatus.FOUND
    assert result.record is not None
    assert [lic.number for lic in result.record.licenses] == [lic.number for lic in licences]
    assert result.license_kinds == frozenset({"food_business"})
    assert [incoming.path for incoming in server.requests] == [
        "/services/open/ic/baseinfo/normal",
        "/services/open/m/getLicense/2.0",
        "/services/open/m/getLicense/2.0",
    ]


def test_no_result_code_is_not_found(
    provider: Provider,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    _, _, registry = serve(provider, registry_server_factory, open_registry)
    result = registry.lookup(NOT_FOUND)
    assert result.status is LookupStatus.NOT_FOUND
    assert result.provider_code
    no_secret(provider, result, result.evidence())


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_transport_and_answer_faults_are_failed_results(
    provider: Provider,
    fault: str,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    reply, reason, options = FAULTS[fault]
    server, _, registry = serve(provider, registry_server_factory, open_registry, **options)
    server.inject(reply, times=None)
    result: LookupResult = registry.lookup(FOUND)  # never raises
    assert (result.status, result.reason) == (LookupStatus.FAILED, reason), result.detail
    assert result.source == provider.name
    assert result.detail
    no_secret(provider, result.detail, result.evidence())


def test_429_then_an_answer_is_retried(
    provider: Provider,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    server, _, registry = serve(provider, registry_server_factory, open_registry)
    server.inject(Reply(429, {"message": "slow down"}, headers={"Retry-After": "0"}))
    assert registry.lookup(FOUND).status is LookupStatus.FOUND
    assert len(server.requests) == 2


def test_5xx_then_an_answer_is_retried(
    provider: Provider,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    server, _, registry = serve(provider, registry_server_factory, open_registry)
    server.inject(Reply(502, "bad gateway", content_type="text/plain"))
    assert registry.lookup(FOUND).status is LookupStatus.FOUND
    assert len(server.requests) == 2


def test_quota_code_aborts(
    provider: Provider,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    code, status, reason = provider.quota
    server, emulator, registry = serve(provider, registry_server_factory, open_registry)
    emulator.force(code, times=5, http_status=status)
    with pytest.raises(RegistryAbort) as caught:
        registry.lookup(FOUND)
    assert caught.value.reason == reason
    assert caught.value.source == provider.name
    assert len(server.requests) == 1  # an abort is never retried
    no_secret(provider, caught.value, caught.value.message)


@pytest.mark.parametrize(
    "name",
    [
        "tianyancha",
        "qichacha",
        "aliyun",
    ],
)
def test_bad_credentials_abort(
    name: str,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    provider = PROVIDERS[name]
    server, _, registry = serve(provider, registry_server_factory, open_registry, good=False)
    with pytest.raises(RegistryAbort) as caught:
        registry.lookup(FOUND)
    assert caught.value.reason == "auth"
    assert len(server.requests) == 1
    no_secret(provider, caught.value)
    for wrong in ("tyc-wrong-token", "qcc-wrong-secret", "ali-wrong-secret"):
        assert wrong not in str(caught.value)


@pytest.mark.parametrize(
    ("code", "status", "reason"),
    [
        ("InsufficientBalance", 400, "quota"),
        ("InvalidAccessKeyId.NotFound", 404, "auth"),
        ("Throttling.User", 400, "rate_limited"),
        ("InvalidParameter", 401, "bad_request"),  # cloudauth's 401 is a parameter error
    ],
)
def test_aliyun_error_codes_behind_4xx(
    code: str,
    status: int,
    reason: str,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    provider = PROVIDERS["aliyun"]
    _, emulator, registry = serve(provider, registry_server_factory, open_registry)
    emulator.force(code, times=5, http_status=status)
    if reason in ("quota", "auth"):
        with pytest.raises(RegistryAbort) as caught:
            registry.lookup(FOUND)
        assert caught.value.reason == reason
    else:
        result = registry.lookup(FOUND)
        assert (result.status, result.reason) == (LookupStatus.FAILED, reason)
