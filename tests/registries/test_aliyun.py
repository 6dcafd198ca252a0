"""AliyunAdapter (EntElementVerifyV2), sans-IO: the flow is driven by hand with
httpx.Response objects built in the test or answered by the Alibaba Cloud emulator."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import itertools
import json
import random
import re
from typing import Any
from urllib.parse import parse_qsl, quote

import httpx
import pytest

from qualcheck.exceptions import ConfigError
from qualcheck.registries import (
    HttpAdapter,
    LookupResult,
    LookupStatus,
    RegistryAbort,
    RegistryQuery,
    RegistryRecord,
    RegistryResponseError,
    RegistryStatus,
    RegistryUnavailable,
)
from qualcheck.registries._adapter_support import Action
from qualcheck.registries.aliyun import CODES, AliyunAdapter, percent_encode, rpc_signature
from qualcheck.testing import make_ric
from qualcheck.testing.provider_emulators import AliyunEmulator, run_flow

KEY_ID = "LTAI-test-key-id-81"
KEY_SECRET = "aliyun-secret-4d2c9e"
NOW = 1_700_000_000.0  # 2023-11-14T22:13:20Z
USCC = "91350100M000100Y43"
NAME = "福州示例食品有限公司"
PERSON = "王五"
CERT_NO = make_ric(rng=random.Random(5))  # generated: belongs to nobody
QUERY = RegistryQuery(uscc=USCC, name=NAME, legal_representative=PERSON)


def counter() -> Any:
    numbers = itertools.count(1)
    return lambda: f"nonce{next(numbers):04d}"


def adapter(**options: Any) -> AliyunAdapter:
    options.setdefault("clock", lambda: NOW)
    options.setdefault("nonce", counter())
    return AliyunAdapter(KEY_ID, KEY_SECRET, **options)


def form(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.read().decode(), keep_blank_values=True))


def answer(
    request: httpx.Request,
    body: Any = None,
    *,
    status: int = 200,
    content_type: str = "application/json;charset=utf-8",
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    content = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
    return httpx.Response(
        status,
        headers={"content-type": content_type, **(headers or {})},
        content=content,
        request=request,
    )


def success(result: dict[str, Any], request_id: str = "REQ-1") -> dict[str, Any]:
    return {"RequestId": request_id, "Code": "Success", "Message": "success", "Result": result}


def run(body: Any, query: RegistryQuery = QUERY, *, status: int = 200, **options: Any) -> Any:
    flow = adapter(**options).flow(query)
    step = next(flow)
    result = step.parse(answer(step.request, body, status=status))
    with pytest.raises(StopIteration) as stop:
        flow.send(result)
    assert stop.value.value is result
    return result


# --- the signature ----------------------------------------------------------------------------


def test_published_signature_vector() -> None:
    # Alibaba Cloud's own worked example of signature version 1.0 (ECS DescribeRegions,
    # AccessKey testid/testsecret); the expected value is the one the documentation prints.
    params = {
        "Timestamp": "2016-02-23T12:46:24Z",
        "Format": "XML",
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "Version": "2014-05-26",
        "SignatureVersion": "1.0",
    }
    assert rpc_signature(params, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def hand_signature(params: dict[str, str], secret: str, method: str) -> str:
    """The signature computed here from the specification, step by step."""
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    canonical = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    string_to_sign = method + "&%2F&" + quote(canonical, safe="")
    mac = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


def test_the_request_is_signed_correctly() -> None:
    step = next(adapter().flow(QUERY))
    params = form(step.request)
    assert params["Signature"] == hand_signature(params, KEY_SECRET, "POST")


def test_chinese_and_reserved_characters_are_encoded_in_the_signature() -> None:
    query = RegistryQuery(uscc=USCC, name="福州 示例*(食品)~有限公司", legal_representative="王 五")
    params = form(next(adapter().flow(query)).request)
    assert params["EntName"] == "福州 示例*(食品)~有限公司"
    assert params["Signature"] == hand_signature(params, KEY_SECRET, "POST")


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("AZaz09-_.~", "AZaz09-_.~"),  # unreserved: kept
        (" ", "%20"),  # never '+'
        ("*", "%2A"),
        ("/", "%2F"),
        ("=&", "%3D%26"),
        ("+", "%2B"),
        ("福", "%E7%A6%8F"),  # UTF-8, upper-case hex
    ],
)
def test_percent_encoding(text: str, encoded: str) -> None:
    assert percent_encode(text) == encoded


# --- the request ------------------------------------------------------------------------------


def test_request_shape() -> None:
    step = next(adapter().flow(QUERY))
    request = step.request
    assert (request.method, str(request.url)) == ("POST", "https://cloudauth.aliyuncs.com/")
    assert request.url.query == b""  # nothing in the URL
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    params = form(request)
    assert params == {
        "Action": "EntElementVerifyV2",
        "Version": "2022-11-25",
        "Format": "JSON",
        "AccessKeyId": KEY_ID,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": "nonce0002",
        "Timestamp": "2023-11-14T22:13:20Z",
        "SceneCode": "qualcheck",
        "MerchantBizId": "nonce0001",
        "MerchantUserId": "qualcheck",
        "UserAuthorization": "1",
        "InfoVerifyType": "ENT_3META",
        "LicenseNo": USCC,
        "EntName": NAME,
        "LegalPersonName": PERSON,
        "Signature": params["Signature"],
    }
    assert step.label == "ent_element_verify"


def test_biz_id_and_nonce_are_fresh_for_every_request() -> None:
    instance = AliyunAdapter(KEY_ID, KEY_SECRET)  # the default uuid nonce
    seen = [form(next(instance.flow(QUERY)).request) for _ in range(5)]
    biz_ids = {params["MerchantBizId"] for params in seen}
    nonces = {params["SignatureNonce"] for params in seen}
    assert len(biz_ids) == len(nonces) == 5
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in biz_ids)  # ≤ 32 letters/digits


def test_two_element_check_sends_no_person() -> None:
    params = form(next(adapter(info_type="ENT_2META").flow(QUERY)).request)
    assert params["InfoVerifyType"] == "ENT_2META"
    assert "LegalPersonName" not in params
    assert "LegalPersonCertNo" not in params


def test_four_element_check_sends_the_id_number_in_the_body_only() -> None:
    instance = adapter(info_type="ENT_4META", cert_no_for=lambda query: CERT_NO)
    request = next(instance.flow(QUERY)).request
    assert form(request)["LegalPersonCertNo"] == CERT_NO
    assert CERT_NO not in str(request.url)
    assert CERT_NO not in repr(instance)


def test_options_are_sent() -> None:
    instance = adapter(scene_code="onboarding_1", merchant_user_id="u42", user_authorization=False)
    params = form(next(instance.flow(QUERY)).request)
    assert (params["SceneCode"], params["MerchantUserId"], params["UserAuthorization"]) == (
        "onboarding_1",
        "u42",
        "0",
    )


@pytest.mark.parametrize(
    ("options", "query", "missing"),
    [
        ({}, RegistryQuery(uscc=USCC, name=NAME), "legal_representative"),
        ({"info_type": "ENT_2META"}, RegistryQuery(uscc=USCC), "name"),
        ({}, RegistryQuery(name=NAME, legal_representative=PERSON), "uscc"),
        (
            {"info_type": "ENT_4META", "cert_no_for": lambda query: None},
            QUERY,
            "ID number",
        ),
    ],
)
def test_missing_elements_fail_before_any_request(
    options: dict[str, Any], query: RegistryQuery, missing: str
) -> None:
    flow = adapter(**options).flow(query)
    with pytest.raises(StopIteration) as stop:
        next(flow)
    result: LookupResult = stop.value.value
    assert (result.status, result.reason) == (LookupStatus.FAILED, "bad_request")
    assert missing in (result.detail or "")


# --- configuration ---------------------------------------------------------------------------


def test_satisfies_the_http_adapter_protocol() -> None:
    instance = adapter()
    assert isinstance(instance, HttpAdapter)
    assert (instance.name, instance.license_kinds) == ("aliyun", frozenset())


def test_repr_and_state_hold_no_secret() -> None:
    instance = adapter()
    for text in (repr(instance), str(vars(instance))):
        assert KEY_ID not in text
        assert KEY_SECRET not in text


def test_configuration_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCHECK_ALIYUN_ACCESS_KEY_ID", "env-id")
    monkeypatch.setenv("QUALCHECK_ALIYUN_ACCESS_KEY_SECRET", "env-secret")
    monkeypatch.setenv("QUALCHECK_ALIYUN_URL", "http://127.0.0.1:9")
    instance = AliyunAdapter(clock=lambda: NOW, nonce=counter())
    request = next(instance.flow(QUERY)).request
    assert str(request.url) == "http://127.0.0.1:9/"
    params = form(request)
    assert params["AccessKeyId"] == "env-id"
    assert params["Signature"] == hand_signature(params, "env-secret", "POST")


@pytest.mark.parametrize(
    "options",
    [
        {"info_type": "ENT_5META"},
        {"info_type": "ENT_4META"},  # without cert_no_for
        {"base_url": "cloudauth.aliyuncs.com"},
    ],
)
def test_bad_configuration_is_a_config_error(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        adapter(**options)


# --- answers ----------------------------------------------------------------------------------


def test_all_elements_match() -> None:
    result = run(success({"BizCode": "1", "Status": "1", "OpenTime": "2010-01-01/2030-12-31"}))
    assert result.status is LookupStatus.FOUND
    record: RegistryRecord = result.record
    assert record.matches is not None
    m = record.matches
    assert (m.uscc, m.name, m.legal_representative, m.former_name) == (True, True, True, False)
    assert (record.uscc, record.name, record.legal_representative) == (USCC, NAME, PERSON)
    assert record.status is RegistryStatus.ACTIVE
    assert record.status_raw == "1"
    assert record.term is not None
    assert (record.term.valid_from, record.term.valid_to, record.term.long_term) == (
        datetime.date(2010, 1, 1),
        datetime.date(2030, 12, 31),
        False,
    )
    assert record.source == "aliyun"
    assert record.fetched_at == datetime.datetime.fromtimestamp(NOW, datetime.timezone.utc)
    # RequestId and the MerchantBizId qualcheck sent are both evidence
    assert record.request_id == "REQ-1;MerchantBizId=nonce0001"
    assert result.request_id == "REQ-1;MerchantBizId=nonce0001"


def test_two_elements_match() -> None:
    record = run(success({"BizCode": "1"}), info_type="ENT_2META").record
    m = record.matches
    assert (m.uscc, m.name, m.legal_representative) == (True, True, None)  # not sent


@pytest.mark.parametrize(
    ("detail", "matches"),
    [
        ("EntNameFlag", (True, False, True)),
        ("LegalPersonNameFlag", (True, True, False)),
        ("LicenseNoFlag", (False, True, True)),
        ("LegalPersonNameFlag,EntNameFlag", (True, False, False)),
        ("EntNameFlag，LicenseNoFlag", (False, False, True)),  # a full-width comma
        ("", (None, None, None)),  # a mismatch without saying which: nothing confirmed
        ("SomethingNewFlag", (None, None, None)),
    ],
)
def test_mismatch_flags(detail: str, matches: tuple[Any, ...]) -> None:
    result = run(success({"BizCode": "2", "ReasonDetail": detail, "Status": "1"}))
    assert result.status is LookupStatus.FOUND
    m = result.record.matches
    assert (m.uscc, m.name, m.legal_representative) == matches
    record = result.record
    assert record.uscc == (USCC if matches[0] else None)  # only confirmed values are kept
    assert record.name == (NAME if matches[1] else None)


def test_an_id_number_mismatch_is_a_legal_representative_mismatch() -> None:
    instance_options = {"info_type": "ENT_4META", "cert_no_for": lambda query: CERT_NO}
    body = success({"BizCode": "2", "ReasonDetail": "LegalPersonCertNoFlag", "Status": "1"})
    result = run(body, **instance_options)
    m = result.record.matches
    assert (m.uscc, m.name, m.legal_representative) == (True, True, False)
    assert CERT_NO not in repr(result)


def test_not_found() -> None:
    result = run(success({"BizCode": "3"}, request_id="REQ-9"))
    assert (result.status, result.provider_code, result.request_id) == (
        LookupStatus.NOT_FOUND,
        "BizCode 3",
        "REQ-9;MerchantBizId=nonce0001",
    )


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("1", RegistryStatus.ACTIVE),
        ("2", RegistryStatus.MOVED_OUT),
        ("3", RegistryStatus.CANCELLED),
        ("4", RegistryStatus.REVOKED),
        ("5", RegistryStatus.REVOKED),  # 撤销
        ("6", RegistryStatus.SUSPENDED),
        ("0", RegistryStatus.UNKNOWN),
        ("9", RegistryStatus.UNKNOWN),  # not in the table
        ("存续", RegistryStatus.ACTIVE),  # spelled out
        ("吊销，未注销", RegistryStatus.REVOKED),
    ],
)
def test_status_codes(raw: str, status: RegistryStatus) -> None:
    record = run(success({"BizCode": "1", "Status": raw})).record
    assert record.status is status
    assert record.status_raw == raw


@pytest.mark.parametrize(
    ("open_time", "term"),
    [
        ("2018-09-25/9999-09-09", (datetime.date(2018, 9, 25), None, True)),  # no fixed term
        ("2018-09-25/9999-12-31", (datetime.date(2018, 9, 25), None, True)),
        ("2018-09-25/长期", (datetime.date(2018, 9, 25), None, True)),
        ("2018-09-25/", (datetime.date(2018, 9, 25), None, False)),
        ("2018-09-25", None),  # not a range: dropped
        ("2030-01-01/2020-01-01", None),  # reversed: dropped
        ("", None),
    ],
)
def test_open_time(open_time: str, term: Any) -> None:
    record = run(success({"BizCode": "1", "Status": "1", "OpenTime": open_time})).record
    if term is None:
        assert record.term is None
    else:
        assert (record.term.valid_from, record.term.valid_to, record.term.long_term) == term


@pytest.mark.parametrize("result", [{"BizCode": "7"}, {}, None])
def test_unreadable_biz_code(result: Any) -> None:
    with pytest.raises(RegistryResponseError) as caught:
        run(success(result) if result is not None else {"Code": "Success", "RequestId": "R"})
    assert caught.value.reason == "malformed"


# --- error codes --------------------------------------------------------------------------------


def error_body(code: str, message: str = "failed") -> dict[str, Any]:
    return {
        "RequestId": "REQ-E",
        "HostId": "cloudauth.aliyuncs.com",
        "Code": code,
        "Message": message,
    }


def parse_error(code: str, status: int = 400, message: str = "failed", **kw: Any) -> Any:
    step = next(adapter(**kw).flow(QUERY))
    return step.parse(answer(step.request, error_body(code, message), status=status))


@pytest.mark.parametrize(
    ("code", "rule"), [(code, rule) for code, rule in CODES if rule.action is not Action.OK]
)
def test_every_documented_code(code: str, rule: Any) -> None:
    if rule.action is Action.FAIL:
        with pytest.raises(RegistryResponseError) as failed:  # behind an error status: a raise
            parse_error(code)
        assert (failed.value.reason, failed.value.provider_code) == (rule.reason, code)
        result = parse_error(code, 200)  # behind 200: the failed result, with its request id
        assert (result.status, result.reason, result.provider_code) == (
            LookupStatus.FAILED,
            rule.reason,
            code,
        )
        assert result.request_id == "REQ-E;MerchantBizId=nonce0001"
    elif rule.action is Action.RETRY:
        with pytest.raises(RegistryUnavailable) as caught:
            parse_error(code, 503)
        assert (caught.value.reason, caught.value.provider_code) == (rule.reason, code)
    else:
        assert rule.action is Action.ABORT
        with pytest.raises(RegistryAbort) as caught:
            parse_error(code)
        assert (caught.value.reason, caught.value.provider_code) == (rule.reason, code)
        for secret in (KEY_ID, KEY_SECRET):
            assert secret not in str(caught.value)


@pytest.mark.parametrize(
    ("code", "status", "action", "reason"),
    [
        ("InvalidAccessKeyId.NotFound", 404, Action.ABORT, "auth"),
        ("InvalidAccessKeyId.Inactive", 400, Action.ABORT, "auth"),
        ("SignatureDoesNotMatch", 400, Action.ABORT, "auth"),
        ("InvalidTimeStamp.Expired", 400, Action.ABORT, "auth"),
        ("Forbidden.RAM", 403, Action.ABORT, "forbidden"),
        ("Forbidden.AccountAccessDenied", 403, Action.ABORT, "forbidden"),
        ("InvalidAction.NotFound", 404, Action.ABORT, "forbidden"),
        ("InsufficientBalance", 400, Action.ABORT, "quota"),
        ("Throttling.User", 400, Action.RETRY, "rate_limited"),
        ("Throttling.Api", 429, Action.RETRY, "rate_limited"),
        ("ServiceUnavailable", 503, Action.RETRY, "provider_error"),
        ("InternalError", 500, Action.RETRY, "provider_error"),
        ("SignatureNonceUsed", 400, Action.RETRY, "provider_error"),
        ("MissingParameter", 400, Action.FAIL, "bad_request"),
        ("InvalidParameter", 401, Action.FAIL, "bad_request"),  # cloudauth's 401 is not auth
        ("InvalidParameter.LicenseNo", 400, Action.FAIL, "bad_request"),
        ("Some.NewCode", 400, Action.FAIL, "provider_error"),
    ],
)
def test_code_classes_at_their_http_status(
    code: str, status: int, action: Action, reason: str
) -> None:
    assert (CODES.rule(code).action, CODES.rule(code).reason) == (action, reason)
    if action is Action.ABORT:
        with pytest.raises(RegistryAbort) as abort:
            parse_error(code, status)
        assert abort.value.reason == reason
    elif action is Action.RETRY:
        with pytest.raises(RegistryUnavailable) as retry:
            parse_error(code, status)
        assert retry.value.reason == reason
    else:
        with pytest.raises(RegistryResponseError) as failed:
            parse_error(code, status)
        assert failed.value.reason == reason


def test_retry_after_is_passed_on() -> None:
    step = next(adapter().flow(QUERY))
    response = answer(
        step.request, error_body("Throttling.User"), status=429, headers={"Retry-After": "2"}
    )
    with pytest.raises(RegistryUnavailable) as caught:
        step.parse(response)
    assert caught.value.retry_after == 2.0


def test_personal_data_is_scrubbed_from_provider_messages() -> None:
    options = {"info_type": "ENT_4META", "cert_no_for": lambda query: CERT_NO}
    message = f"The specified parameter LegalPersonCertNo {CERT_NO} is invalid"
    result = parse_error("InvalidParameter", 200, message, **options)
    assert result.reason == "bad_request"
    assert CERT_NO not in (result.detail or "")
    assert CERT_NO not in str(result.evidence())
    with pytest.raises(RegistryResponseError) as failed:
        parse_error("InvalidParameter", 400, message, **options)
    assert CERT_NO not in str(failed.value)
    with pytest.raises(RegistryAbort) as caught:
        parse_error("SignatureDoesNotMatch", 400, f"{KEY_ID} {CERT_NO}", **options)
    assert CERT_NO not in str(caught.value)
    assert KEY_ID not in str(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        (
            {"content_type": "text/html", "raw": b"<html>502 Bad Gateway</html>"},
            "wrong_content_type",
        ),
        ({"raw": b"{"}, "malformed"),
        ({"raw": b'{"RequestId": "R"}'}, "malformed"),  # no Code
        ({"raw": b'{"Code": "Success"}' + b" " * 5000}, "oversized"),
    ],
)
def test_unusable_answers(kwargs: dict[str, Any], reason: str) -> None:
    step = next(adapter(max_bytes=4096).flow(QUERY))
    with pytest.raises(RegistryResponseError) as caught:
        step.parse(answer(step.request, **kwargs))
    assert caught.value.reason == reason


# --- against the emulator ---------------------------------------------------------------------

RECORD = RegistryRecord(
    name=NAME,
    uscc=USCC,
    legal_representative=PERSON,
    status="吊销，未注销",
    term_from="2010-01-01",
    term_to="长期",
)


def emulator(**options: Any) -> AliyunEmulator:
    return AliyunEmulator([RECORD], access_key_id=KEY_ID, access_key_secret=KEY_SECRET, **options)


def test_round_trip_through_the_emulator() -> None:
    result = run_flow(adapter().flow(QUERY), emulator(clock=lambda: NOW))
    record = result.record
    assert record is not None
    assert record.matches is not None
    assert (record.uscc, record.name, record.legal_representative) == (USCC, NAME, PERSON)
    assert record.status is RegistryStatus.REVOKED
    assert record.term == RECORD.term
    assert result.request_id is not None
    assert result.request_id.endswith(";MerchantBizId=nonce0001")


def test_four_elements_through_the_emulator() -> None:
    certs = {USCC: CERT_NO}
    ok = adapter(info_type="ENT_4META", cert_no_for=lambda query: CERT_NO)
    assert run_flow(
        ok.flow(QUERY), emulator(cert_numbers=certs)
    ).record.matches.legal_representative
    other = make_ric(rng=random.Random(6))
    wrong = adapter(info_type="ENT_4META", cert_no_for=lambda query: other)
    result = run_flow(wrong.flow(QUERY), emulator(cert_numbers=certs))
    assert result.record.matches.legal_representative is False
    assert other not in repr(result)


def test_unknown_entity_through_the_emulator() -> None:
    query = RegistryQuery(uscc="91110000600037341L", name=NAME, legal_representative=PERSON)
    assert run_flow(adapter().flow(query), emulator()).status is LookupStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("key_id", "secret", "clock", "code"),
    [
        ("LTAI-unknown", KEY_SECRET, NOW, "InvalidAccessKeyId.NotFound"),
        (KEY_ID, "wrong-secret", NOW, "SignatureDoesNotMatch"),
        (KEY_ID, KEY_SECRET, NOW + 3600, "InvalidTimeStamp.Expired"),
    ],
)
def test_auth_failures_through_the_emulator(
    key_id: str, secret: str, clock: float, code: str
) -> None:
    instance = AliyunAdapter(key_id, secret, clock=lambda: clock, nonce=counter())
    with pytest.raises(RegistryAbort) as caught:
        run_flow(instance.flow(QUERY), emulator(clock=lambda: NOW))
    assert (caught.value.reason, caught.value.provider_code) == ("auth", code)
    for text in (key_id, secret, KEY_SECRET):
        assert text not in str(caught.value)


def test_a_reused_nonce_is_refused_by_the_emulator() -> None:
    fixed = adapter(nonce=lambda: "always-the-same")
    handler = emulator()
    assert run_flow(fixed.flow(QUERY), handler).status is LookupStatus.FOUND
    with pytest.raises(RegistryUnavailable) as caught:
        run_flow(fixed.flow(QUERY), handler)
    assert caught.value.provider_code == "SignatureNonceUsed"


@pytest.mark.parametrize(
    "options",
    [
        {"scene_code": "场景"},  # not letters, digits, underscores
        {"scene_code": "x" * 33},
        {"merchant_user_id": "user-1"},  # a dash
    ],
)
def test_labels_are_checked(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        adapter(**options)


def test_a_nonce_with_dashes_still_gives_a_valid_biz_id() -> None:
    instance = adapter(nonce=lambda: "1b4e28ba-2fa1-11d2-883f-0016d3cca427")
    params = form(next(instance.flow(QUERY)).request)
    assert params["MerchantBizId"] == "1b4e28ba2fa111d2883f0016d3cca427"
