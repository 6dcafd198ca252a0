"""Success answers that do not say what a success must: each bundled adapter, through
``HttpRegistry`` (sync and async) against a REAL HTTP server on loopback.

The contract (docs/registries/adapters.md, "Malformed answers and no-result signals"):

* a success whose entity names nothing — no name, no USCC, no registration number — or
  whose identifying or status fields have the wrong type (a list, an object, a number
  where text is expected) is a failed look-up with reason ``malformed``, never *found*;
* a success without entity data is ``malformed`` too; only the provider's own no-result
  signal (Tianyancha ``300000``, Qichacha ``201`` or ``VerifyResult 0``, Alibaba Cloud
  ``BizCode 3``) is *not found*;
* a failure detail names the fields, never their values (no personal data).

Each case answers every request with the same body (``RegistryServer.inject``); the
Tianyancha licence cases answer the base information from the emulator and only the
licence listing with the case's body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from qualcheck.registries import HttpAdapter, LicenseRecord, LookupStatus, RegistryQuery
from qualcheck.registries.aliyun import AliyunAdapter
from qualcheck.registries.qichacha import QichachaAdapter
from qualcheck.registries.tianyancha import TianyanchaAdapter
from qualcheck.testing.provider_emulators import (
    AliyunEmulator,
    ProviderEmulator,
    QichachaEmulator,
    TianyanchaEmulator,
)
from qualcheck.testing.registry_server import Incoming, RegistryServer, Reply

from .samples import sample_record

USCC = "91350100M000100Y43"
REGNO = "350100100012345"
NAME = "福州示例食品有限公司"
REP = "王五"
RECORD = sample_record()
QUERY = RegistryQuery(uscc=USCC, name=NAME, legal_representative=REP)
PERSONAL = (NAME, USCC, REP, REGNO)

FAST: dict[str, Any] = {
    "attempts": 2,
    "backoff_base": 0.01,
    "backoff_max": 0.02,
    "connect_timeout": 2.0,
    "read_timeout": 3.0,
    "deadline": 8.0,
    "breaker_fail_max": None,
}


@dataclass(frozen=True)
class Provider:
    emulator: Callable[[], ProviderEmulator]
    adapter: Callable[[str], HttpAdapter]


PROVIDERS = {
    "tianyancha": Provider(
        lambda: TianyanchaEmulator([RECORD], token="tyc-t"),
        lambda url: TianyanchaAdapter("tyc-t", base_url=url),
    ),
    "qichacha": Provider(
        lambda: QichachaEmulator([RECORD], key="qcc-k", secret="qcc-s"),
        lambda url: QichachaAdapter("qcc-k", "qcc-s", base_url=url),
    ),
    "aliyun": Provider(
        lambda: AliyunEmulator([RECORD], access_key_id="ali-id", access_key_secret="ali-s"),
        lambda url: AliyunAdapter("ali-id", "ali-s", base_url=url),
    ),
}


def tyc(result: Any, code: int = 0) -> dict[str, Any]:
    return {"error_code": code, "reason": "ok", "result": result}


def qcc(result: Any, status: str = "200") -> dict[str, Any]:
    return {"Status": status, "Message": "查询成功", "OrderNumber": "ENT-1", "Result": result}


def ali(result: Any) -> dict[str, Any]:
    return {"RequestId": "R-1", "Code": "Success", "Message": "success", "Result": result}


def qcc_entry(**fields: Any) -> dict[str, Any]:
    entry = {"Name": NAME, "CreditCode": USCC, "No": REGNO, "OperName": REP, "Status": "存续"}
    entry.update(fields)
    return entry


TYC_FULL = {"name": NAME, "creditCode": USCC, "legalPersonName": REP, "regStatus": "存续"}


@dataclass(frozen=True)
class Case:
    provider: str
    body: dict[str, Any]
    status: LookupStatus
    reason: str | None = None
    detail: str = ""  # a part of the failure's detail


MALFORMED, NOT_FOUND, FOUND = LookupStatus.FAILED, LookupStatus.NOT_FOUND, LookupStatus.FOUND

CASES: dict[str, Case] = {
    # --- Tianyancha: the entity names nothing, or a field has the wrong type -------------
    "tyc-status-only": Case(
        "tianyancha", tyc({"regStatus": "存续"}), MALFORMED, "malformed", "names no entity"
    ),
    "tyc-identity-null": Case(
        "tianyancha",
        tyc({"name": None, "creditCode": None, "regNumber": None, "regStatus": "存续"}),
        MALFORMED,
        "malformed",
        "no name, creditCode or regNumber",
    ),
    "tyc-identity-blank": Case(
        "tianyancha",
        tyc({"name": " ", "creditCode": "", "regStatus": "存续"}),
        MALFORMED,
        "malformed",
        "names no entity",
    ),
    "tyc-name-list": Case(
        "tianyancha", tyc({**TYC_FULL, "name": [NAME]}), MALFORMED, "malformed", "name is not"
    ),
    "tyc-uscc-object": Case(
        "tianyancha",
        tyc({**TYC_FULL, "creditCode": {"value": USCC}}),
        MALFORMED,
        "malformed",
        "creditCode is not text",
    ),
    "tyc-uscc-number": Case(
        "tianyancha",
        tyc({**TYC_FULL, "creditCode": 913501}),
        MALFORMED,
        "malformed",
        "creditCode",
    ),
    "tyc-status-list": Case(
        "tianyancha",
        tyc({**TYC_FULL, "regStatus": ["吊销"]}),
        MALFORMED,
        "malformed",
        "regStatus is not text",
    ),
    "tyc-status-bool": Case(
        "tianyancha", tyc({**TYC_FULL, "regStatus": True}), MALFORMED, "malformed", "regStatus"
    ),
    "tyc-two-wrong": Case(
        "tianyancha",
        tyc({**TYC_FULL, "name": 1, "legalPersonName": [REP]}),
        MALFORMED,
        "malformed",
        "name, legalPersonName are not text",
    ),
    "tyc-result-null": Case("tianyancha", tyc(None), MALFORMED, "malformed"),
    "tyc-result-empty": Case("tianyancha", tyc({}), MALFORMED, "malformed"),
    "tyc-result-list": Case("tianyancha", tyc([TYC_FULL]), MALFORMED, "malformed"),
    "tyc-result-string": Case("tianyancha", tyc("ok"), MALFORMED, "malformed"),
    "tyc-no-result-code": Case("tianyancha", tyc(None, 300000), NOT_FOUND),
    # found by name alone for a query by USCC: kept, but marked as not showing the USCC
    "tyc-name-only": Case(
        "tianyancha", tyc({"name": NAME, "regStatus": "存续"}), FOUND, "unidentified"
    ),
    "tyc-uscc-only": Case("tianyancha", tyc({"creditCode": USCC, "regStatus": "存续"}), FOUND),
    "tyc-regno-only": Case("tianyancha", tyc({"regNumber": REGNO}), FOUND, "unidentified"),
    # --- Qichacha: success without entity data is not "not found" --------------------------
    "qcc-result-null": Case(
        "qichacha", qcc(None), MALFORMED, "malformed", "Result as null, not entities"
    ),
    "qcc-result-string": Case("qichacha", qcc("ok"), MALFORMED, "malformed", "Result as a string"),
    "qcc-result-number": Case("qichacha", qcc(0), MALFORMED, "malformed", "Result as a number"),
    "qcc-result-empty-list": Case(
        "qichacha", qcc([]), MALFORMED, "malformed", "without entity data"
    ),
    "qcc-no-data": Case(
        "qichacha", qcc({"Status": "存续"}), MALFORMED, "malformed", "without entity data"
    ),
    "qcc-data-empty-list": Case(
        "qichacha", qcc({"Data": []}), MALFORMED, "malformed", "without entity data"
    ),
    "qcc-verify-1-without-data": Case(
        "qichacha", qcc({"VerifyResult": 1, "Data": None}), MALFORMED, "malformed"
    ),
    "qcc-data-string": Case(
        "qichacha", qcc({"Data": "x"}), MALFORMED, "malformed", "Result.Data as a string"
    ),
    "qcc-data-not-objects": Case(
        "qichacha", qcc({"Data": ["x", 1]}), MALFORMED, "malformed", "not objects"
    ),
    "qcc-verify-odd": Case(
        "qichacha", qcc({"VerifyResult": 7, "Data": [qcc_entry()]}), MALFORMED, "malformed"
    ),
    "qcc-verify-0-with-entity": Case(
        "qichacha",
        qcc({"VerifyResult": 0, "Data": [qcc_entry()]}),
        MALFORMED,
        "malformed",
        "VerifyResult 0",
    ),
    "qcc-status-only": Case(
        "qichacha",
        qcc({"Data": [{"Status": "存续"}]}),
        MALFORMED,
        "malformed",
        "no Name, CreditCode or No",
    ),
    "qcc-identity-null": Case(
        "qichacha",
        qcc({"Data": [qcc_entry(Name=None, CreditCode=None, No="")]}),
        MALFORMED,
        "malformed",
        "names no entity",
    ),
    "qcc-name-list": Case(
        "qichacha",
        qcc({"Data": [qcc_entry(Name=[NAME])]}),
        MALFORMED,
        "malformed",
        "Name is not text",
    ),
    "qcc-status-object": Case(
        "qichacha",
        qcc({"Data": [qcc_entry(Status={"text": "吊销"})]}),
        MALFORMED,
        "malformed",
        "Status is not text",
    ),
    "qcc-no-result-code": Case("qichacha", qcc(None, "201"), NOT_FOUND),
    "qcc-verify-0": Case("qichacha", qcc({"VerifyResult": 0}), NOT_FOUND),
    "qcc-verify-0-data-null": Case("qichacha", qcc({"VerifyResult": 0, "Data": None}), NOT_FOUND),
    "qcc-verify-0-data-empty": Case("qichacha", qcc({"VerifyResult": "0", "Data": []}), NOT_FOUND),
    "qcc-name-only": Case(
        "qichacha", qcc({"Data": [qcc_entry(CreditCode="", No="")]}), FOUND, "unidentified"
    ),
    "qcc-regno-only": Case(
        "qichacha", qcc({"Data": {"No": REGNO, "Status": "存续"}}), FOUND, "unidentified"
    ),
    # --- Alibaba Cloud: a status present but unreadable is never silence ------------------
    "ali-status-list": Case(
        "aliyun",
        ali({"BizCode": "1", "Status": ["4"]}),
        MALFORMED,
        "malformed",
        "Status is not text",
    ),
    "ali-status-object": Case(
        "aliyun", ali({"BizCode": "1", "Status": {"value": "4"}}), MALFORMED, "malformed"
    ),
    "ali-status-bool": Case(
        "aliyun", ali({"BizCode": "1", "Status": True}), MALFORMED, "malformed"
    ),
    "ali-status-float": Case(
        "aliyun", ali({"BizCode": "1", "Status": 4.0}), MALFORMED, "malformed"
    ),
    "ali-reason-detail-list": Case(
        "aliyun",
        ali({"BizCode": "2", "ReasonDetail": ["EntNameFlag"], "Status": "1"}),
        MALFORMED,
        "malformed",
        "ReasonDetail",
    ),
    "ali-result-null": Case("aliyun", ali(None), MALFORMED, "malformed"),
    "ali-no-result-code": Case("aliyun", ali({"BizCode": "3"}), NOT_FOUND),
    "ali-status-number": Case("aliyun", ali({"BizCode": "1", "Status": 4}), FOUND),
}


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_success_answers_are_read_strictly(
    case_id: str,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    case = CASES[case_id]
    provider = PROVIDERS[case.provider]
    server = registry_server_factory(provider.emulator())
    server.inject(Reply(200, case.body), times=None)
    registry = open_registry(provider.adapter(server.url), **FAST)
    result = registry.lookup(QUERY)  # never raises
    assert (result.status, result.reason) == (case.status, case.reason), result.detail
    assert result.source == case.provider
    if case.status is LookupStatus.FOUND:
        assert result.record is not None
    if case.status is LookupStatus.FAILED:
        assert result.record is None
        assert case.detail in (result.detail or "")
        for value in PERSONAL:  # the detail names fields, never their values
            assert value not in (result.detail or "")
    assert len(server.requests) == 1  # malformed is not retried


def test_qichacha_keeps_the_order_number_of_a_malformed_answer(
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    provider = PROVIDERS["qichacha"]
    server = registry_server_factory(provider.emulator())
    server.inject(Reply(200, qcc({"Data": [{"Status": "存续"}]})), times=None)
    result = open_registry(provider.adapter(server.url), **FAST).lookup(QUERY)
    assert (result.status, result.request_id) == (LookupStatus.FAILED, "ENT-1")


def test_aliyun_numeric_status_is_read(
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    provider = PROVIDERS["aliyun"]
    server = registry_server_factory(provider.emulator())
    server.inject(Reply(200, ali({"BizCode": "1", "Status": 4})), times=None)
    result = open_registry(provider.adapter(server.url), **FAST).lookup(QUERY)
    assert result.record is not None
    assert (result.record.status.value, result.record.status_raw) == ("revoked", "4")


# --- Tianyancha's licence listing: only 300000 means "no licences" ---------------------------

LICENCE = LicenseRecord(number="JY13501020000001", name="食品经营许可证", valid_to="长期")
LISTINGS: dict[str, tuple[dict[str, Any], frozenset[str]]] = {
    "result-null": (tyc(None), frozenset()),
    "result-list": (tyc([]), frozenset()),
    "items-missing": (tyc({"total": 0}), frozenset()),
    "items-object": (tyc({"total": 1, "items": {"licencenumber": "x"}}), frozenset()),
    "total-missing": (tyc({"items": []}), frozenset()),
    "total-text": (tyc({"total": "1", "items": []}), frozenset()),
    "no-licences-code": (tyc(None, 300000), frozenset({"food_business"})),
    "empty-listing": (tyc({"total": 0, "items": []}), frozenset({"food_business"})),
}


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_an_unreadable_licence_listing_claims_no_coverage(
    listing: str,
    registry_server_factory: Callable[..., RegistryServer],
    open_registry: Callable[..., Any],
) -> None:
    body, covered = LISTINGS[listing]
    emulator = TianyanchaEmulator(
        [RECORD.model_copy(update={"licenses": (LICENCE,)})], token="tyc-t"
    )

    def handler(incoming: Incoming) -> Reply:
        if incoming.path == "/services/open/m/getLicense/2.0":
            return Reply(200, body)
        return emulator(incoming)

    server = registry_server_factory(handler)
    registry = open_registry(TianyanchaAdapter("tyc-t", base_url=server.url), **FAST)
    result = registry.lookup(RegistryQuery(uscc=USCC, license_kinds=("food_business",)))
    assert result.status is LookupStatus.FOUND  # the record is kept …
    assert result.record is not None
    assert result.record.name == NAME
    assert result.record.licenses == ()
    assert result.license_kinds == covered  # … and coverage claimed only when read
