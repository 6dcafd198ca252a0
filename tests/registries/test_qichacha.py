"""QichachaAdapter, sans-IO: the flow is driven by hand with httpx.Response objects built in
the test or answered by the Qichacha emulator (no sockets)."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

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
from qualcheck.registries.qichacha import CODES, QichachaAdapter, qichacha_token
from qualcheck.testing.provider_emulators import QichachaEmulator, run_flow

from .samples import sample_record

KEY = "qcc-appkey-3c1d"
SECRET = "qcc-secret-9f7b"
NOW = 1_700_000_000.0
USCC = "91350100M000100Y43"
OTHER_USCC = "91110000600037341L"


def adapter(**options: Any) -> QichachaAdapter:
    options.setdefault("clock", lambda: NOW)
    return QichachaAdapter(KEY, SECRET, **options)


def envelope(status: str = "200", result: Any = None, order: str = "ORD123") -> dict[str, Any]:
    return {
        "Status": status,
        "Message": "【有效请求】查询成功" if status == "200" else "【无效请求】",
        "OrderNumber": order,
        "Paging": None,
        "Result": result,
    }


def answer(
    request: httpx.Request,
    body: Any = None,
    *,
    content_type: str = "application/json; charset=utf-8",
    raw: bytes | None = None,
) -> httpx.Response:
    content = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
    return httpx.Response(
        200, headers={"content-type": content_type}, content=content, request=request
    )


def entry(**overrides: Any) -> dict[str, Any]:
    data = {
        "KeyNo": "f1e2d3",
        "Name": "福州示例食品有限公司",
        "CreditCode": USCC,
        "OperName": "王五",
        "Status": "存续（在营、开业、在册）",
        "StartDate": "2010-01-01 00:00:00",
        "RegistCapi": "100万元人民币",
        "No": "350100100012345",
        "TermStart": "2010-01-01 00:00:00",
        "TermEnd": "2030-12-31 00:00:00",
        "Scope": "食品销售",
        "Address": "福建省福州市鼓楼区示例路1号",
        "OriginalName": [{"Name": "福州旧名有限公司", "ChangeDate": "2015-06-01"}],
        "RevokeInfo": None,
    }
    data.update(overrides)
    return data


def run(body: Any, query: RegistryQuery | None = None, **options: Any) -> LookupResult:
    flow = adapter(**options).flow(query or RegistryQuery(uscc=USCC))
    step = next(flow)
    result: LookupResult = step.parse(answer(step.request, body))
    with pytest.raises(StopIteration) as stop:
        flow.send(result)
    assert stop.value.value is result
    return result


def found(body: Any, query: RegistryQuery | None = None) -> RegistryRecord:
    result = run(body, query)
    assert result.status is LookupStatus.FOUND
    assert result.record is not None
    return result.record


# --- construction, configuration, signing ---------------------------------------------------


def test_satisfies_the_http_adapter_protocol() -> None:
    instance = adapter()
    assert isinstance(instance, HttpAdapter)
    assert (instance.name, instance.license_kinds) == ("qichacha", frozenset())


def test_token_is_upper_md5_of_key_timespan_secret() -> None:
    step = next(adapter().flow(RegistryQuery(uscc=USCC)))
    expected = hashlib.md5(f"{KEY}1700000000{SECRET}".encode()).hexdigest().upper()
    assert step.request.headers["token"] == expected
    assert step.request.headers["timespan"] == "1700000000"
    assert qichacha_token(KEY, "1700000000", SECRET) == expected


def test_timespan_follows_the_clock() -> None:
    times = iter([1_700_000_000.9, 1_700_000_123.2])
    instance = QichachaAdapter(KEY, SECRET, clock=lambda: next(times))
    first = next(instance.flow(RegistryQuery(uscc=USCC))).request
    second = next(instance.flow(RegistryQuery(uscc=USCC))).request
    assert (first.headers["timespan"], second.headers["timespan"]) == ("1700000000", "1700000123")
    assert first.headers["token"] != second.headers["token"]


def test_info_request_shape() -> None:
    step = next(adapter().flow(RegistryQuery(uscc=USCC)))
    request = step.request
    assert (request.method, request.url.scheme, request.url.host) == (
        "GET",
        "https",
        "api.qichacha.com",
    )
    assert request.url.path == "/EnterpriseInfo/Verify"
    assert dict(request.url.params) == {"key": KEY, "searchKey": USCC}
    assert step.label == "enterprise_info"


def test_repr_and_state_hold_no_secret() -> None:
    instance = adapter()
    for text in (repr(instance), str(vars(instance))):
        assert KEY not in text
        assert SECRET not in text


def test_configuration_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCHECK_QICHACHA_KEY", "env-key")
    monkeypatch.setenv("QUALCHECK_QICHACHA_SECRET", "env-secret")
    monkeypatch.setenv("QUALCHECK_QICHACHA_URL", "http://127.0.0.1:9/qcc")
    instance = QichachaAdapter(clock=lambda: NOW)
    request = next(instance.flow(RegistryQuery(uscc=USCC))).request
    assert str(request.url).startswith("http://127.0.0.1:9/qcc/EnterpriseInfo/Verify?")
    assert request.url.params["key"] == "env-key"
    expected = hashlib.md5(b"env-key1700000000env-secret").hexdigest().upper()
    assert request.headers["token"] == expected


def test_bad_mode_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        adapter(mode="fuzzy")


# --- enterprise information -----------------------------------------------------------------


def test_every_field_is_mapped() -> None:
    record = found(envelope("200", {"VerifyResult": 1, "Data": [entry()]}, order="ENT42"))
    assert record.name == "福州示例食品有限公司"
    assert record.uscc == USCC
    assert record.registration_number == "350100100012345"
    assert record.legal_representative == "王五"
    assert record.status is RegistryStatus.ACTIVE
    assert record.status_raw == "存续（在营、开业、在册）"
    assert record.established_on == datetime.date(2010, 1, 1)
    assert record.term is not None
    assert (record.term.valid_from, record.term.valid_to) == (
        datetime.date(2010, 1, 1),
        datetime.date(2030, 12, 31),
    )
    assert record.scope == "食品销售"
    assert record.address == "福建省福州市鼓楼区示例路1号"
    assert record.former_names == ("福州旧名有限公司",)
    assert record.request_id == "ENT42"  # the OrderNumber
    assert record.source == "qichacha"
    assert record.fetched_at == datetime.datetime.fromtimestamp(NOW, datetime.timezone.utc)
    assert record.matches is None


def test_order_number_is_the_request_id_of_the_result() -> None:
    result = run(envelope("200", {"Data": [entry()]}, order="ENT77"))
    assert result.request_id == "ENT77"


@pytest.mark.parametrize(
    ("term_end", "expected"),
    [
        ("无固定期限", (None, True)),  # long-term
        ("长期", (None, True)),
        ("9999-12-31 00:00:00", (None, True)),
        ("", (None, False)),  # not given
        ("2030-12-31", (datetime.date(2030, 12, 31), False)),
        ("garbage", (None, False)),  # unreadable: dropped
    ],
)
def test_term_end(term_end: str, expected: tuple[Any, bool]) -> None:
    record = found(envelope("200", {"Data": [entry(TermEnd=term_end)]}))
    assert record.term is not None
    assert (record.term.valid_to, record.term.long_term) == expected


@pytest.mark.parametrize(
    ("revoke_info", "expected"),
    [
        (None, (None, None)),
        (
            {"RevokeDate": "2021-03-04 00:00:00", "CancelDate": ""},
            (datetime.date(2021, 3, 4), None),
        ),
        (
            {"CancelDate": "2022-05-06", "CancelReason": "决议解散"},
            (None, datetime.date(2022, 5, 6)),
        ),
        ({"RevokeDate": "9999-12-31", "CancelDate": "garbage"}, (None, None)),  # no end date
        ("not an object", (None, None)),
    ],
)
def test_revoke_info_gives_the_end_dates(revoke_info: Any, expected: tuple[Any, Any]) -> None:
    record = found(envelope("200", {"Data": [entry(RevokeInfo=revoke_info)]}))
    assert (record.revoked_on, record.cancelled_on) == expected


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("存续（在营、开业、在册）", RegistryStatus.ACTIVE),
        ("在业", RegistryStatus.ACTIVE),
        ("吊销，未注销", RegistryStatus.REVOKED),
        ("注销", RegistryStatus.CANCELLED),
        ("撤销", RegistryStatus.REVOKED),
        ("迁出", RegistryStatus.MOVED_OUT),
        ("清算", RegistryStatus.LIQUIDATING),
        ("停业", RegistryStatus.SUSPENDED),
        ("", RegistryStatus.UNKNOWN),
        ("其他", RegistryStatus.UNKNOWN),
    ],
)
def test_status_strings(raw: str, status: RegistryStatus) -> None:
    assert found(envelope("200", {"Data": [entry(Status=raw)]})).status is status


def test_former_names_skip_the_current_name_and_duplicates() -> None:
    names = [
        {"Name": "甲公司", "ChangeDate": ""},
        {"Name": "福州示例食品有限公司"},
        {"Name": "甲公司"},
        "乙公司",
        {"ChangeDate": "2020-01-01"},
    ]
    record = found(envelope("200", {"Data": [entry(OriginalName=names)]}))
    assert record.former_names == ("甲公司", "乙公司")


def test_the_entry_with_the_queried_uscc_is_taken() -> None:
    data = [entry(CreditCode=OTHER_USCC, Name="别家公司"), entry()]
    assert found(envelope("200", {"Data": data})).name == "福州示例食品有限公司"


def test_a_registration_number_query_matches_no() -> None:
    data = [entry(CreditCode=OTHER_USCC, Name="别家公司", No="110000000000001"), entry()]
    record = found(envelope("200", {"Data": data}), RegistryQuery(uscc="350100100012345"))
    assert record.uscc == USCC


def test_a_single_entry_is_taken_even_with_another_code() -> None:
    # the engine then compares the USCC it got with the declared one
    record = found(envelope("200", {"Data": [entry(CreditCode=OTHER_USCC)]}))
    assert record.uscc == OTHER_USCC


def test_several_entries_none_asked_for_fail() -> None:
    data = [entry(CreditCode=OTHER_USCC), entry(CreditCode="91110000600037341L", Name="丙")]
    result = run(envelope("200", {"Data": data}, order="ENT9"))
    assert (result.status, result.reason, result.request_id) == (
        LookupStatus.FAILED,
        "provider_error",
        "ENT9",
    )


def test_a_query_by_name_takes_the_entry_with_that_name() -> None:
    data = [entry(Name="福州示例食品有限公司分公司", CreditCode=OTHER_USCC), entry()]
    query = RegistryQuery(name="福州示例食品有限公司")
    step = next(adapter().flow(query))
    assert step.request.url.params["searchKey"] == "福州示例食品有限公司"
    assert found(envelope("200", {"Data": data}), query).uscc == USCC


@pytest.mark.parametrize(
    "result",
    [
        {"VerifyResult": 0, "Data": []},  # VerifyResult 0: 数据不存在, Qichacha's own signal
        {"VerifyResult": 0, "Data": None},
        {"VerifyResult": 0},
        {"VerifyResult": "0"},
    ],
)
def test_verify_result_0_in_a_success_answer_is_not_found(result: Any) -> None:
    outcome = run(envelope("200", result, order="ENT3"))
    assert (outcome.status, outcome.request_id) == (LookupStatus.NOT_FOUND, "ENT3")
    assert outcome.provider_code == "VerifyResult 0"


@pytest.mark.parametrize(
    "result",
    [
        None,  # a success without data is unreadable, not "not found" (that is 201)
        "ok",
        [],
        {"Data": []},
        {"VerifyResult": 1},
        {"Status": "存续"},
        {"VerifyResult": 0, "Data": [entry()]},  # contradicts itself
        {"Data": [entry(Name=None, CreditCode="", No=None)]},  # names no entity
        {"Data": [entry(CreditCode=[USCC])]},  # a field of the wrong type
    ],
)
def test_a_success_answer_without_a_readable_entity_is_malformed(result: Any) -> None:
    outcome = run(envelope("200", result, order="ENT4"))
    assert (outcome.status, outcome.reason, outcome.request_id) == (
        LookupStatus.FAILED,
        "malformed",
        "ENT4",
    )


@pytest.mark.parametrize(
    "result",
    [
        [entry()],  # Result as the list itself
        {"Data": entry()},  # Data as one object
        entry(),  # Result as the entity
    ],
)
def test_result_shapes(result: Any) -> None:
    assert found(envelope("200", result)).uscc == USCC


# --- three-element verification -------------------------------------------------------------

VERIFY_QUERY = RegistryQuery(uscc=USCC, name="福州示例食品有限公司", legal_representative="王五")


def verify(verdict: Any, query: RegistryQuery = VERIFY_QUERY) -> LookupResult:
    flow = adapter(mode="verify").flow(query)
    step = next(flow)
    assert step.request.url.path == "/ECIThreeElVerify/GetInfo"
    assert dict(step.request.url.params) == {
        "key": KEY,
        "creditCode": USCC,
        "companyName": "福州示例食品有限公司",
        "operName": "王五",
    }
    result: LookupResult = step.parse(
        answer(step.request, envelope("200", {"VerifyResult": verdict}, "ECI1"))
    )
    return result


@pytest.mark.parametrize(
    ("verdict", "matches", "name", "person"),
    [
        (1, (True, True, True), "福州示例食品有限公司", "王五"),
        ("1", (True, True, True), "福州示例食品有限公司", "王五"),
        (2, (True, False, None), None, None),  # name differs; the person was not reported
        (3, (True, True, False), "福州示例食品有限公司", None),  # legal representative differs
    ],
)
def test_verify_results(
    verdict: Any, matches: tuple[Any, ...], name: str | None, person: str | None
) -> None:
    result = verify(verdict)
    assert result.status is LookupStatus.FOUND
    record = result.record
    assert record is not None
    assert record.matches is not None
    m = record.matches
    assert (m.uscc, m.name, m.legal_representative) == matches
    assert not m.former_name
    assert (record.uscc, record.name, record.legal_representative) == (USCC, name, person)
    assert record.request_id == "ECI1"


def test_verify_wrong_uscc_is_not_found() -> None:
    result = verify(0)
    assert (result.status, result.request_id, result.provider_code) == (
        LookupStatus.NOT_FOUND,
        "ECI1",
        "VerifyResult 0",
    )


@pytest.mark.parametrize("verdict", [None, 4, "x"])
def test_verify_unreadable(verdict: Any) -> None:
    with pytest.raises(RegistryResponseError) as caught:
        verify(verdict)
    assert caught.value.reason == "malformed"


def test_verify_needs_three_elements() -> None:
    flow = adapter(mode="verify").flow(RegistryQuery(uscc=USCC, name="福州示例食品有限公司"))
    with pytest.raises(StopIteration) as stop:
        next(flow)
    assert stop.value.value.reason == "bad_request"


# --- status codes -----------------------------------------------------------------------------


def parse_status(status: str, message: str = "") -> Any:
    step = next(adapter().flow(RegistryQuery(uscc=USCC)))
    body = envelope(status, None, "ORD-E")
    if message:
        body["Message"] = message
    return step.parse(answer(step.request, body))


@pytest.mark.parametrize(
    ("code", "rule"), [(code, rule) for code, rule in CODES if rule.action is not Action.OK]
)
def test_every_documented_code(code: str, rule: Any) -> None:
    if rule.action is Action.NOT_FOUND:
        result = parse_status(code)
        assert (result.status, result.provider_code, result.request_id) == (
            LookupStatus.NOT_FOUND,
            code,
            "ORD-E",
        )
    elif rule.action is Action.FAIL:
        result = parse_status(code)
        assert (result.status, result.reason, result.provider_code, result.request_id) == (
            LookupStatus.FAILED,
            rule.reason,
            code,
            "ORD-E",
        )
    elif rule.action is Action.RETRY:
        with pytest.raises(RegistryUnavailable) as caught:
            parse_status(code)
        assert (caught.value.reason, caught.value.provider_code) == (rule.reason, code)
    else:
        with pytest.raises(RegistryAbort) as caught:
            parse_status(code)
        assert (caught.value.reason, caught.value.provider_code) == (rule.reason, code)
        for secret in (KEY, SECRET):
            assert secret not in str(caught.value)


@pytest.mark.parametrize(
    ("codes", "action", "reason"),
    [
        (["201"], Action.NOT_FOUND, "not_found"),
        (["202", "213", "215", "223", "224"], Action.FAIL, "bad_request"),
        (["205", "203", "199"], Action.RETRY, "provider_error"),
        (["120", "122"], Action.RETRY, "rate_limited"),
        (["110"], Action.FAIL, "rate_limited"),  # wait two hours: not retried, run goes on
        (["101", "107", "115"], Action.ABORT, "auth"),
        (["102", "103", "109", "112", "116"], Action.ABORT, "quota"),
        (["105", "111", "214"], Action.ABORT, "forbidden"),
        (["121", "207", "208"], Action.FAIL, "provider_error"),
        (["999", "abc"], Action.FAIL, "provider_error"),  # undocumented
    ],
)
def test_code_classes(codes: list[str], action: Action, reason: str) -> None:
    for code in codes:
        rule = CODES.rule(code)
        assert (rule.action, rule.reason) == (action, reason), code


def test_110_is_a_failure_without_retry() -> None:
    result = parse_status("110")
    assert (result.status, result.reason) == (LookupStatus.FAILED, "rate_limited")
    assert "two hours" in (result.detail or "")


def test_numeric_status_is_read() -> None:
    step = next(adapter().flow(RegistryQuery(uscc=USCC)))
    body = {"Status": 201, "Message": "查询无结果", "OrderNumber": "O", "Result": None}
    assert step.parse(answer(step.request, body)).status is LookupStatus.NOT_FOUND


def test_provider_message_echoing_credentials_is_scrubbed() -> None:
    with pytest.raises(RegistryAbort) as caught:
        parse_status("101", f"【无效请求】KEY无效 {KEY} / {SECRET}")
    text = str(caught.value)
    assert KEY not in text
    assert SECRET not in text


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"content_type": "text/html", "raw": b"<html>busy</html>"}, "wrong_content_type"),
        ({"raw": b"{'Status': '200'}"}, "malformed"),
        ({"raw": b'"200"'}, "malformed"),
        ({"raw": b'{"Message": "no status"}'}, "malformed"),
        ({"raw": b'{"Status": "200"}' + b" " * 5000}, "oversized"),
    ],
)
def test_unusable_answers(kwargs: dict[str, Any], reason: str) -> None:
    step = next(adapter(max_bytes=4096).flow(RegistryQuery(uscc=USCC)))
    with pytest.raises(RegistryResponseError) as caught:
        step.parse(answer(step.request, **kwargs))
    assert caught.value.reason == reason


# --- against the emulator ---------------------------------------------------------------------

RECORD = sample_record(term_to="长期")


def test_round_trip_through_the_emulator() -> None:
    emulator = QichachaEmulator([RECORD], key=KEY, secret=SECRET)
    result = run_flow(adapter().flow(RegistryQuery(uscc=USCC)), emulator)
    record = result.record
    assert record is not None
    for field in (
        "name",
        "uscc",
        "registration_number",
        "legal_representative",
        "status",
        "established_on",
        "term",
        "scope",
        "address",
        "former_names",
    ):
        assert getattr(record, field) == getattr(RECORD, field), field
    assert result.request_id is not None


def test_unknown_entity_through_the_emulator() -> None:
    emulator = QichachaEmulator([RECORD], key=KEY, secret=SECRET)
    result = run_flow(adapter().flow(RegistryQuery(uscc=OTHER_USCC)), emulator)
    assert (result.status, result.provider_code) == (LookupStatus.NOT_FOUND, "201")


@pytest.mark.parametrize(
    ("key", "secret", "clock", "code"),
    [
        ("wrong-key", SECRET, None, "101"),  # KEY无效
        (KEY, "wrong-secret", None, "107"),  # the Token does not match
        (KEY, SECRET, NOW + 3600, "115"),  # a Timespan an hour off
    ],
)
def test_auth_failures_through_the_emulator(
    key: str, secret: str, clock: float | None, code: str
) -> None:
    emulator = QichachaEmulator(
        [RECORD], key=KEY, secret=SECRET, clock=(lambda: clock) if clock else None
    )
    instance = QichachaAdapter(key, secret, clock=lambda: NOW)
    with pytest.raises(RegistryAbort) as caught:
        run_flow(instance.flow(RegistryQuery(uscc=USCC)), emulator)
    assert (caught.value.reason, caught.value.provider_code) == ("auth", code)
    for text in (key, secret, KEY, SECRET):
        assert text not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "person", "matches"),
    [
        ("福州示例食品有限公司", "王五", (True, True, True)),
        ("福州别名有限公司", "王五", (True, False, None)),
        ("福州示例食品有限公司", "赵六", (True, True, False)),
    ],
)
def test_verify_through_the_emulator(name: str, person: str, matches: tuple[Any, ...]) -> None:
    emulator = QichachaEmulator([RECORD], key=KEY, secret=SECRET)
    query = RegistryQuery(uscc=USCC, name=name, legal_representative=person)
    result = run_flow(adapter(mode="verify").flow(query), emulator)
    assert result.record is not None
    assert result.record.matches is not None
    m = result.record.matches
    assert (m.uscc, m.name, m.legal_representative) == matches


def test_verify_unknown_uscc_through_the_emulator() -> None:
    emulator = QichachaEmulator([RECORD], key=KEY, secret=SECRET)
    query = RegistryQuery(uscc=OTHER_USCC, name="福州示例食品有限公司", legal_representative="王五")
    result = run_flow(adapter(mode="verify").flow(query), emulator)
    assert result.status is LookupStatus.NOT_FOUND
