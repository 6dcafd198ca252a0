"""TianyanchaAdapter, sans-IO: the flow is driven by hand with httpx.Response objects built
in the test or answered by the Tianyancha emulator (no sockets)."""

from __future__ import annotations

import datetime
import json
import random
from typing import Any

import httpx
import pytest

from qualcheck.exceptions import ConfigError
from qualcheck.registries import (
    HttpAdapter,
    LicenseRecord,
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
from qualcheck.registries.tianyancha import CODES, LICENSE_KINDS, TianyanchaAdapter, license_kind
from qualcheck.testing import (
    make_device_business,
    make_drug_business,
    make_drug_info,
    make_food_business,
    make_food_production,
    make_uscc,
)
from qualcheck.testing.provider_emulators import TianyanchaEmulator, run_flow

from .samples import sample_record

TOKEN = "tyc-token-5f8e2a"
NOW = 1_700_000_000.0
USCC = "91350100M000100Y43"
RNG = random.Random(20240501)
OTHER_USCC = make_uscc(rng=RNG)
FOOD = make_food_business(rng=RNG)
PRODUCTION = make_food_production(rng=RNG)
DRUG = make_drug_business(rng=RNG)
DRUG_INFO = make_drug_info(rng=RNG)
DEVICE = make_device_business(rng=RNG)


def adapter(**options: Any) -> TianyanchaAdapter:
    options.setdefault("clock", lambda: NOW)
    return TianyanchaAdapter(TOKEN, **options)


def envelope(code: int = 0, result: Any = None, reason: str = "ok") -> dict[str, Any]:
    return {"error_code": code, "reason": reason, "result": result}


def answer(
    request: httpx.Request,
    body: Any = None,
    *,
    status: int = 200,
    content_type: str = "application/json;charset=UTF-8",
    raw: bytes | None = None,
) -> httpx.Response:
    content = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
    return httpx.Response(
        status, headers={"content-type": content_type}, content=content, request=request
    )


def finish(flow: Any, value: Any) -> LookupResult:
    try:
        flow.send(value)
    except StopIteration as stop:
        result: LookupResult = stop.value
        return result
    raise AssertionError("the flow asked for another step")


def baseinfo(**overrides: Any) -> dict[str, Any]:
    result = {
        "name": "福州示例食品有限公司",
        "creditCode": USCC,
        "regNumber": "350100100012345",
        "legalPersonName": "王五",
        "regStatus": "存续（在营、开业、在册）",
        "estiblishTime": 1262275200000,  # 2010-01-01 00:00 China time
        "fromTime": 1262275200000,
        "toTime": 1577808000000,  # 2020-01-01
        "businessScope": "食品销售；餐饮服务",
        "regLocation": "福建省福州市鼓楼区示例路1号",
        "historyNames": "福州旧名有限公司;福州更旧名有限公司",
        "historyNameList": ["福州旧名有限公司", "福州更旧名有限公司"],
    }
    result.update(overrides)
    return result


def info_record(flow_adapter: TianyanchaAdapter, result: dict[str, Any]) -> RegistryRecord:
    flow = flow_adapter.flow(RegistryQuery(uscc=USCC))
    step = next(flow)
    outcome = finish(flow, step.parse(answer(step.request, envelope(0, result))))
    assert outcome.status is LookupStatus.FOUND
    assert outcome.record is not None
    return outcome.record


# --- construction and configuration ---------------------------------------------------------


def test_satisfies_the_http_adapter_protocol() -> None:
    instance = adapter()
    assert isinstance(instance, HttpAdapter)
    assert instance.name == "tianyancha"
    assert instance.license_kinds == LICENSE_KINDS


def test_repr_and_messages_hold_no_token() -> None:
    instance = adapter()
    assert TOKEN not in repr(instance)
    assert TOKEN not in str(vars(instance))


def test_blank_token_in_the_environment_aborts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCHECK_TIANYANCHA_TOKEN", "   ")
    with pytest.raises(RegistryAbort, match="QUALCHECK_TIANYANCHA_TOKEN"):
        TianyanchaAdapter()


def test_token_and_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCHECK_TIANYANCHA_TOKEN", "env-token-77")
    monkeypatch.setenv("QUALCHECK_TIANYANCHA_URL", "http://127.0.0.1:9/tyc/")
    instance = TianyanchaAdapter()
    step = next(instance.flow(RegistryQuery(uscc=USCC)))
    assert str(step.request.url).startswith("http://127.0.0.1:9/tyc/services/open/ic/")
    assert step.request.headers["authorization"] == "env-token-77"
    assert "env-token-77" not in repr(instance)


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCHECK_TIANYANCHA_TOKEN", "env-token")
    monkeypatch.setenv("QUALCHECK_TIANYANCHA_URL", "http://127.0.0.1:9")
    step = next(
        TianyanchaAdapter("arg-token", base_url="https://tyc.test").flow(RegistryQuery(uscc=USCC))
    )
    assert step.request.headers["authorization"] == "arg-token"
    assert step.request.url.host == "tyc.test"


def test_default_base_url_is_https(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUALCHECK_TIANYANCHA_URL", raising=False)
    assert adapter().base_url == "https://open.api.tianyancha.com"


@pytest.mark.parametrize(
    "options",
    [
        {"base_url": "open.api.tianyancha.com"},  # no scheme
        {"base_url": "ftp://example.test"},  # not HTTP
        {"mode": "search"},  # no such mode
    ],
)
def test_bad_configuration_is_a_config_error(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        adapter(**options)


# --- the base-information request and its fields -------------------------------------------


def test_baseinfo_request_shape() -> None:
    step = next(adapter().flow(RegistryQuery(uscc=" 9135 0100m000100y43 ")))
    request = step.request
    assert (request.method, request.url.path) == ("GET", "/services/open/ic/baseinfo/normal")
    assert dict(request.url.params) == {"keyword": USCC}  # normalised
    assert request.headers["authorization"] == TOKEN
    assert request.headers["accept"] == "application/json"
    assert step.label == "baseinfo"


def test_a_query_by_name_sends_the_name() -> None:
    step = next(adapter().flow(RegistryQuery(name="福州示例食品有限公司")))
    assert step.request.url.params["keyword"] == "福州示例食品有限公司"


def test_every_field_is_mapped() -> None:
    record = info_record(adapter(), baseinfo())
    assert record.name == "福州示例食品有限公司"
    assert record.uscc == USCC
    assert record.registration_number == "350100100012345"
    assert record.legal_representative == "王五"
    assert record.status is RegistryStatus.ACTIVE
    assert record.status_raw == "存续（在营、开业、在册）"
    assert record.established_on == datetime.date(2010, 1, 1)
    assert record.term is not None
    assert record.term.valid_from == datetime.date(2010, 1, 1)
    assert record.term.valid_to == datetime.date(2020, 1, 1)
    assert record.scope == "食品销售；餐饮服务"
    assert record.address == "福建省福州市鼓楼区示例路1号"
    assert record.former_names == ("福州旧名有限公司", "福州更旧名有限公司")
    assert record.source == "tianyancha"
    assert record.fetched_at == datetime.datetime.fromtimestamp(NOW, datetime.timezone.utc)
    assert record.request_id is None
    assert record.licenses == ()
    assert record.matches is None


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # historyNameList wins; the current name and duplicates are dropped
        ({"historyNameList": ["甲", "福州示例食品有限公司", "甲"]}, ("甲",)),
        # only the joined string (half- and full-width semicolons)
        ({"historyNameList": None, "historyNames": "甲;乙；丙;"}, ("甲", "乙", "丙")),
        # neither
        ({"historyNameList": [], "historyNames": None}, ()),
    ],
)
def test_former_names(overrides: dict[str, Any], expected: tuple[str, ...]) -> None:
    assert info_record(adapter(), baseinfo(**overrides)).former_names == expected


D2010 = datetime.date(2010, 1, 1)
D2020 = datetime.date(2020, 1, 1)


@pytest.mark.parametrize(
    ("overrides", "established", "term"),
    [
        # a company from 1960: negative milliseconds
        (
            {"estiblishTime": -315648000000, "fromTime": None, "toTime": None},
            datetime.date(1960, 1, 1),
            None,
        ),
        # no toTime: the end is not given (not claimed as long-term)
        ({"toTime": None}, D2010, (D2010, None, False)),
        # a year-9999 end is the long-term marker
        ({"toTime": 253402185600000}, D2010, (D2010, None, True)),
        # milliseconds as a string
        ({"estiblishTime": "1262275200000"}, D2010, (D2010, D2020, False)),
        # an unreadable timestamp is dropped, not fatal
        ({"estiblishTime": "not-a-date"}, None, (D2010, D2020, False)),
        # a reversed term is dropped, the rest of the record kept
        ({"fromTime": 1577808000000, "toTime": 1262275200000}, D2010, None),
    ],
)
def test_dates(overrides: dict[str, Any], established: Any, term: Any) -> None:
    record = info_record(adapter(), baseinfo(**overrides))
    assert record.established_on == established
    if term is None:
        assert record.term is None
    else:
        assert record.term is not None
        assert (record.term.valid_from, record.term.valid_to, record.term.long_term) == term


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("存续", RegistryStatus.ACTIVE),
        ("在业", RegistryStatus.ACTIVE),
        ("存续（在营、开业、在册）", RegistryStatus.ACTIVE),
        ("吊销，未注销", RegistryStatus.REVOKED),
        ("吊销,未注销", RegistryStatus.REVOKED),
        ("注销", RegistryStatus.CANCELLED),
        ("迁出", RegistryStatus.MOVED_OUT),
        ("清算中", RegistryStatus.LIQUIDATING),
        ("停业", RegistryStatus.SUSPENDED),
        ("非正常户", RegistryStatus.UNKNOWN),  # contains 正常 but is not active
        (None, RegistryStatus.UNKNOWN),  # missing → unknown, never active
    ],
)
def test_status_strings(raw: str | None, status: RegistryStatus) -> None:
    record = info_record(adapter(), baseinfo(regStatus=raw))
    assert record.status is status
    assert record.status_raw == raw


def test_empty_strings_become_none() -> None:
    record = info_record(adapter(), baseinfo(regNumber="", businessScope="  ", regLocation=None))
    assert (record.registration_number, record.scope, record.address) == (None, None, None)


# --- licences ---------------------------------------------------------------------------------


def licence_item(number: str, name: str, **overrides: Any) -> dict[str, Any]:
    item = {
        "licencenumber": number,
        "licencename": name,
        "fromdate": "2021-03-01",
        "todate": "2026-02-28",
        "scope": "预包装食品销售",
        "department": "福州市市场监督管理局",
        "source": "市场监督管理局",
    }
    item.update(overrides)
    return item


def run_licences(
    pages: list[dict[str, Any]], *, kinds: tuple[str, ...] = ("food_business",), **options: Any
) -> tuple[LookupResult, list[httpx.Request]]:
    """Answer the base info, then each licence page from ``pages`` (envelopes)."""
    flow = adapter(**options).flow(RegistryQuery(uscc=USCC, license_kinds=kinds))
    step = next(flow)
    requests = []
    value = step.parse(answer(step.request, envelope(0, baseinfo())))
    for page in pages:
        try:
            step = flow.send(value)
        except StopIteration as stop:
            return stop.value, requests
        requests.append(step.request)
        value = step.parse(answer(step.request, page))
    return finish(flow, value), requests


def test_licences_are_listed_and_mapped() -> None:
    items = [
        licence_item(FOOD, "食品经营许可证"),
        licence_item(DRUG, "药品经营许可证", todate="长期"),
    ]
    result, requests = run_licences([envelope(0, {"total": 2, "items": items})])
    assert len(requests) == 1
    request = requests[0]
    assert request.url.path == "/services/open/m/getLicense/2.0"
    assert dict(request.url.params) == {"keyword": USCC, "pageSize": "20", "pageNum": "1"}
    assert request.headers["authorization"] == TOKEN
    assert result.status is LookupStatus.FOUND
    assert result.license_kinds == frozenset({"food_business"})
    assert result.record is not None
    food, drug = result.record.licenses
    assert food == LicenseRecord(
        number=FOOD,
        kind="food_business",
        name="食品经营许可证",
        holder_uscc=USCC,
        valid_from="2021-03-01",
        valid_to="2026-02-28",
        scope="预包装食品销售",
        issuer="福州市市场监督管理局",
    )
    assert drug.kind == "drug_business"
    assert drug.validity is not None
    assert drug.validity.long_term


@pytest.mark.parametrize(
    ("number", "name", "kind"),
    [
        (FOOD, "行政许可", "food_business"),  # the number decides
        (PRODUCTION, "", "food_production"),
        (DRUG, "许可证", "drug_business"),
        (DRUG_INFO, "", "drug_info"),
        (DEVICE, "", "device_business"),
        ("X-2021-001", "食品经营许可证", "food_business"),  # number unknown: the name decides
        ("X-2021-001", "食品生产许可证", "food_production"),
        ("X-2021-001", "药品经营许可证", "drug_business"),
        ("X-2021-001", "第二类医疗器械经营备案凭证", "device_business"),
        ("X-2021-001", "医疗器械经营许可证", "device_business"),
        ("X-2021-001", "互联网药品信息服务资格证书", "drug_info"),
        ("X-2021-001", "仅销售预包装食品备案", "food_filing"),
        ("X-2021-001", "食品流通许可证", "food_business"),  # the 2015 predecessor
        ("X-2021-001", "排污许可证", None),  # not a kind qualcheck knows
        ("X-2021-001", None, None),
    ],
)
def test_licence_kind_detection(number: str, name: str | None, kind: str | None) -> None:
    assert license_kind(number, name) == kind


def test_licence_listing_not_asked_for_makes_no_request() -> None:
    flow = adapter().flow(RegistryQuery(uscc=USCC, license_kinds=("cnca",)))
    step = next(flow)
    result = finish(flow, step.parse(answer(step.request, envelope(0, baseinfo()))))
    assert result.status is LookupStatus.FOUND
    assert result.license_kinds == frozenset()


def test_licences_false_lists_nothing() -> None:
    instance = adapter(licenses=False)
    assert instance.license_kinds == frozenset()
    flow = instance.flow(RegistryQuery(uscc=USCC, license_kinds=("food_business",)))
    step = next(flow)
    result = finish(flow, step.parse(answer(step.request, envelope(0, baseinfo()))))
    assert result.license_kinds == frozenset()


def test_no_licences_is_a_complete_empty_list() -> None:
    result, _ = run_licences([envelope(300000, None, "经查无结果")])
    assert result.status is LookupStatus.FOUND
    assert result.record is not None
    assert result.record.licenses == ()
    assert result.license_kinds == frozenset({"food_business"})  # covered: none registered


def test_licence_pages_are_followed() -> None:
    numbers = [make_food_business(rng=random.Random(i)) for i in range(45)]
    items = [licence_item(n, "食品经营许可证") for n in numbers]
    pages = [envelope(0, {"total": 45, "items": items[i : i + 20]}) for i in (0, 20, 40)]
    result, requests = run_licences(pages)
    assert [r.url.params["pageNum"] for r in requests] == ["1", "2", "3"]
    assert result.record is not None
    assert [lic.number for lic in result.record.licenses] == numbers
    assert result.license_kinds == frozenset({"food_business"})


def test_licence_pagination_is_bounded() -> None:
    numbers = [make_food_business(rng=random.Random(i)) for i in range(45)]
    items = [licence_item(n, "食品经营许可证") for n in numbers]
    pages = [envelope(0, {"total": 45, "items": items[i : i + 20]}) for i in (0, 20, 40)]
    result, requests = run_licences(pages, max_license_pages=2)
    assert len(requests) == 2  # the bound
    assert result.record is not None
    assert len(result.record.licenses) == 40  # kept …
    assert result.license_kinds == frozenset()  # … but not claimed complete


def test_page_size_is_sent() -> None:
    result, requests = run_licences(
        [envelope(0, {"total": 1, "items": [licence_item(FOOD, "食品经营许可证")]})], page_size=5
    )
    assert requests[0].url.params["pageSize"] == "5"
    assert result.license_kinds == frozenset({"food_business"})


def test_a_failed_licence_listing_keeps_the_record() -> None:
    result, _ = run_licences([envelope(300008, None, "缺少必要参数")])
    assert result.status is LookupStatus.FOUND
    assert result.record is not None
    assert result.record.name == "福州示例食品有限公司"
    assert result.license_kinds == frozenset()  # nothing claimed


def test_unreadable_licence_items_are_skipped() -> None:
    items = [
        "junk",
        {"licencenumber": "", "licencename": "食品经营许可证"},
        licence_item(FOOD, "食品经营许可证", fromdate="2026-01-01", todate="2020-01-01"),
    ]
    result, _ = run_licences([envelope(0, {"total": 3, "items": items})])
    assert result.record is not None
    (only,) = result.record.licenses
    assert only.number == FOOD
    assert only.validity is None  # the reversed dates are dropped, the licence kept


# --- verify mode ------------------------------------------------------------------------------

VERIFY_QUERY = RegistryQuery(uscc=USCC, name="福州示例食品有限公司", legal_representative="王五")


def verify(body: dict[str, Any], query: RegistryQuery = VERIFY_QUERY) -> LookupResult:
    flow = adapter(mode="verify").flow(query)
    step = next(flow)
    assert step.request.url.path == "/services/open/ic/verify/2.0"
    assert dict(step.request.url.params) == {
        "code": USCC,
        "name": "福州示例食品有限公司",
        "legalPersonName": "王五",
    }
    return finish(flow, step.parse(answer(step.request, body)))


def test_verify_all_match() -> None:
    result = verify(envelope(0, {"result": 1, "remark": "验证成功"}))
    assert result.status is LookupStatus.FOUND
    record = result.record
    assert record is not None
    assert record.matches is not None
    assert (record.matches.uscc, record.matches.name, record.matches.legal_representative) == (
        True,
        True,
        True,
    )
    assert not record.matches.former_name
    assert (record.uscc, record.name, record.legal_representative) == (
        USCC,
        "福州示例食品有限公司",
        "王五",
    )
    assert record.status is RegistryStatus.UNKNOWN
    assert record.status_raw is None


def test_verify_former_name() -> None:
    result = verify(envelope(0, {"result": 2, "remark": "输入企业名疑似曾用名，其他两要素一致"}))
    record = result.record
    assert record is not None
    assert record.matches is not None
    assert record.matches.former_name
    assert record.matches.name is False
    assert record.matches.uscc
    assert record.matches.legal_representative
    assert record.name is None
    assert record.former_names == ("福州示例食品有限公司",)


def test_verify_failed_confirms_nothing() -> None:
    result = verify(envelope(0, {"result": 0, "remark": "验证失败"}))
    assert result.status is LookupStatus.FOUND
    record = result.record
    assert record is not None
    assert record.matches is not None
    # the API does not say which element failed: nothing is confirmed
    assert (record.matches.uscc, record.matches.name, record.matches.legal_representative) == (
        None,
        None,
        None,
    )
    assert not record.matches.former_name
    assert (record.uscc, record.name, record.legal_representative) == (None, None, None)


def test_verify_no_result_is_not_found() -> None:
    result = verify(envelope(300000, None, "经查无结果"))
    assert result.status is LookupStatus.NOT_FOUND
    assert result.provider_code == "300000"


@pytest.mark.parametrize("body", [envelope(0, {"result": 7}), envelope(0, None)])
def test_verify_unreadable_result(body: dict[str, Any]) -> None:
    with pytest.raises(RegistryResponseError) as caught:
        verify(body)
    assert caught.value.reason == "malformed"


@pytest.mark.parametrize(
    "query",
    [
        RegistryQuery(uscc=USCC, name="福州示例食品有限公司"),  # no legal representative
        RegistryQuery(name="福州示例食品有限公司", legal_representative="王五"),  # no USCC
    ],
)
def test_verify_needs_three_elements(query: RegistryQuery) -> None:
    flow = adapter(mode="verify").flow(query)
    with pytest.raises(StopIteration) as stop:
        next(flow)
    result: LookupResult = stop.value.value
    assert (result.status, result.reason) == (LookupStatus.FAILED, "bad_request")


def test_verify_mode_lists_no_licences() -> None:
    assert adapter(mode="verify").license_kinds == frozenset()


# --- error codes and unusable answers --------------------------------------------------------


def parse_code(code: int, reason: str = "x") -> Any:
    step = next(adapter().flow(RegistryQuery(uscc=USCC)))
    return step.parse(answer(step.request, envelope(code, None, reason)))


@pytest.mark.parametrize(
    ("code", "rule"), [(code, rule) for code, rule in CODES if rule.action is not Action.OK]
)
def test_every_documented_code(code: str, rule: Any) -> None:
    if rule.action is Action.NOT_FOUND:
        result = parse_code(int(code))
        assert result.status is LookupStatus.NOT_FOUND
        assert result.provider_code == code
    elif rule.action is Action.FAIL:
        result = parse_code(int(code))
        assert (result.status, result.reason, result.provider_code) == (
            LookupStatus.FAILED,
            rule.reason,
            code,
        )
        assert code in (result.detail or "")
    elif rule.action is Action.RETRY:
        with pytest.raises(RegistryUnavailable) as caught:
            parse_code(int(code))
        assert (caught.value.reason, caught.value.provider_code) == (rule.reason, code)
    else:
        with pytest.raises(RegistryAbort) as caught:
            parse_code(int(code))
        assert (caught.value.reason, caught.value.provider_code) == (rule.reason, code)
        assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    ("code", "action", "reason"),
    [
        (300000, Action.NOT_FOUND, "not_found"),
        (300001, Action.RETRY, "provider_error"),
        (300002, Action.ABORT, "auth"),
        (300003, Action.ABORT, "auth"),
        (300004, Action.RETRY, "rate_limited"),
        (300005, Action.ABORT, "forbidden"),
        (300006, Action.ABORT, "quota"),
        (300007, Action.ABORT, "quota"),
        (300008, Action.FAIL, "bad_request"),
        (300009, Action.ABORT, "auth"),
        (300010, Action.ABORT, "forbidden"),
        (300099, Action.FAIL, "provider_error"),  # undocumented: a failure, never an abort
        (-1, Action.FAIL, "provider_error"),
    ],
)
def test_code_classes(code: int, action: Action, reason: str) -> None:
    rule = CODES.rule(code)
    assert (rule.action, rule.reason) == (action, reason)


def test_an_undocumented_code_is_a_failed_result() -> None:
    result = parse_code(300099, "新错误")
    assert (result.status, result.reason, result.provider_code) == (
        LookupStatus.FAILED,
        "provider_error",
        "300099",
    )
    assert "新错误" in (result.detail or "")


def test_a_provider_message_echoing_the_token_is_scrubbed() -> None:
    with pytest.raises(RegistryAbort) as caught:
        parse_code(300009, f"token {TOKEN} 账号信息有误")
    assert TOKEN not in str(caught.value)
    assert "***" in str(caught.value)
    result = parse_code(300099, f"echo {TOKEN}")
    assert TOKEN not in (result.detail or "")


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"content_type": "text/html", "raw": b"<html>502</html>"}, "wrong_content_type"),
        ({"content_type": "", "raw": b"{}"}, "wrong_content_type"),
        ({"raw": b'{"error_code": 0, "result": '}, "malformed"),
        ({"raw": b"[1, 2]"}, "malformed"),
        ({"raw": b'{"reason": "ok", "result": {}}'}, "malformed"),  # no error_code
        ({"raw": b'{"error_code": 0, "result": null}'}, "malformed"),  # success without data
        ({"raw": b'{"error_code": 0, "result": {"name": "x"}}' + b" " * 5000}, "oversized"),
    ],
)
def test_unusable_answers(kwargs: dict[str, Any], reason: str) -> None:
    step = next(adapter(max_bytes=4096).flow(RegistryQuery(uscc=USCC)))
    with pytest.raises(RegistryResponseError) as caught:
        step.parse(answer(step.request, **kwargs))
    assert caught.value.reason == reason
    assert TOKEN not in str(caught.value)


def test_json_with_a_vendor_media_type_is_read() -> None:
    step = next(adapter().flow(RegistryQuery(uscc=USCC)))
    record = step.parse(
        answer(step.request, envelope(0, baseinfo()), content_type="application/vnd.tyc+json")
    )
    assert record.name == "福州示例食品有限公司"


# --- against the emulator ---------------------------------------------------------------------

RECORD = sample_record(
    licenses=[
        LicenseRecord(
            number=FOOD,
            name="食品经营许可证",
            valid_from="2021-03-01",
            valid_to="2026-02-28",
            issuer="福州市市场监督管理局",
        ),
        LicenseRecord(number=DRUG, kind="drug_business", valid_from="2020-01-01", valid_to="长期"),
    ],
)


def test_round_trip_through_the_emulator() -> None:
    emulator = TianyanchaEmulator([RECORD], token=TOKEN)
    query = RegistryQuery(uscc=USCC, license_kinds=("food_business", "drug_business"))
    result = run_flow(adapter().flow(query), emulator)
    assert result.status is LookupStatus.FOUND
    record = result.record
    assert record is not None
    for field in ("name", "uscc", "registration_number", "legal_representative", "status"):
        assert getattr(record, field) == getattr(RECORD, field)
    assert record.established_on == RECORD.established_on
    assert record.term == RECORD.term
    assert record.former_names == RECORD.former_names
    assert [(lic.number, lic.kind) for lic in record.licenses] == [
        (FOOD, "food_business"),
        (DRUG, "drug_business"),
    ]
    assert record.licenses[1].validity is not None
    assert record.licenses[1].validity.long_term
    assert result.license_kinds == frozenset({"food_business", "drug_business"})


def test_unknown_entity_through_the_emulator() -> None:
    emulator = TianyanchaEmulator([RECORD], token=TOKEN)
    result = run_flow(adapter().flow(RegistryQuery(uscc=OTHER_USCC)), emulator)
    assert (result.status, result.provider_code) == (LookupStatus.NOT_FOUND, "300000")


def test_wrong_token_through_the_emulator() -> None:
    emulator = TianyanchaEmulator([RECORD], token="the-right-one")
    with pytest.raises(RegistryAbort) as caught:
        run_flow(adapter().flow(RegistryQuery(uscc=USCC)), emulator)
    assert caught.value.reason == "auth"
    assert TOKEN not in str(caught.value)
    assert "QUALCHECK_TIANYANCHA_TOKEN" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "person", "expected"),
    [
        ("福州示例食品有限公司", "王五", (True, True, True, False)),
        ("福州旧名有限公司", "王五", (True, False, True, True)),
        ("福州示例食品有限公司", "赵六", (None, None, None, False)),
    ],
)
def test_verify_through_the_emulator(name: str, person: str, expected: tuple[Any, ...]) -> None:
    emulator = TianyanchaEmulator([RECORD], token=TOKEN)
    query = RegistryQuery(uscc=USCC, name=name, legal_representative=person)
    result = run_flow(adapter(mode="verify").flow(query), emulator)
    assert result.record is not None
    assert result.record.matches is not None
    m = result.record.matches
    assert (m.uscc, m.name, m.legal_representative, m.former_name) == expected
