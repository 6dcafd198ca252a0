"""Audit: the commercial registry adapters against what the providers really send.

Every case is served over real loopback HTTP (``RegistryServer``) and judged by
``verify`` through ``HttpRegistry`` — never a mocked client.  Contract
(docs/registries/adapters.md, driver.md, index.md): a clean confirmation passes; a
provider's "no such entity" is ``registry.not_found`` (fail, documented); a failure is
``registry.unavailable`` (review) or, for keys, quota and permission, a ``RegistryAbort``
after one request; a rate limit is retried within the deadline, as long as the provider
asked; anything else that does not confirm *this* seller ends in review (or fail where a
status says so) with a finding that explains.

Earlier rounds (tests/registries, test_audit_registry_*.py) cover each documented code in
a 200, HTML/empty/null/truncated bodies, GBK, gzip and conflicting entries.  This file
goes where they did not:

* dates a wrapper spells out (``"2020-01-01"``) where Tianyancha documents milliseconds —
  dropped before, so an ended term or a deregistration date under 存续 passed unseen;
* former names sent as one string (``historyNameList``, ``OriginalName``) — lost before,
  so a seller trading under its former name *failed* on ``registry.name_mismatch``;
* an answer that names the entity by its name alone, for a query by USCC — it confirmed
  the seller before;
* a ``Retry-After`` sent with a body-level "too frequent" code in an HTTP 200 — ignored
  before;
* Alibaba Cloud API Gateway refusals (``X-Ca-Error-Message``): its throttling comes
  with HTTP 403 and stopped the whole run as ``forbidden``; its key errors come with HTTP
  400 and reviewed every record instead of stopping;
* field variance that must still pass (numbers as strings, capital as ``100万人民币``,
  punctuation variants of statuses, several fuzzy-search hits) or fail where the status
  says so.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from audit_support import AS_OF, assert_review, fast_driver_options, registry_merchant

from qualcheck import Decision, Report, verify
from qualcheck.registries import HttpAdapter, LookupStatus, RegistryAbort, RegistryQuery
from qualcheck.registries.aliyun import AliyunAdapter
from qualcheck.registries.driver import DriverOptions, HttpRegistry
from qualcheck.registries.qichacha import QichachaAdapter
from qualcheck.registries.tianyancha import TianyanchaAdapter
from qualcheck.testing.registry_server import RegistryServer, Reply

USCC = "91350100M000100Y43"
OTHER_USCC = "91110000600037341L"
REGNO = "350100100012345"
NAME = "福州示例食品有限公司"
FORMER = "福州旧称食品有限公司"
REP = "王五"
TOKEN, QCC_KEY, QCC_SECRET = "tyc-PROV-tok", "qcc-PROV-key", "qcc-PROV-sec"
ALI_ID, ALI_SECRET = "LTAI-PROV-id", "ali-PROV-sec"
SECRETS = (TOKEN, QCC_KEY, QCC_SECRET, ALI_ID, ALI_SECRET)
MERCHANT = registry_merchant("prov-1", USCC, NAME, REP)
OPTIONS: DriverOptions = fast_driver_options()

ADAPTERS: dict[str, Callable[[str], HttpAdapter]] = {
    "tianyancha": lambda url: TianyanchaAdapter(TOKEN, base_url=url),
    "qichacha": lambda url: QichachaAdapter(QCC_KEY, QCC_SECRET, base_url=url),
    "aliyun": lambda url: AliyunAdapter(ALI_ID, ALI_SECRET, base_url=url),
}
NAMES = sorted(ADAPTERS)


# --- the providers' answers ----------------------------------------------------------------


def tyc_entity(**fields: Any) -> dict[str, Any]:
    """Tianyancha's 企业基本信息 of the seller, as documented (milliseconds), with
    ``fields`` replaced (``None`` removes one)."""
    entity: dict[str, Any] = {
        "name": NAME,
        "creditCode": USCC,
        "regNumber": REGNO,
        "legalPersonName": REP,
        "regStatus": "存续",
        "estiblishTime": 1262275200000,  # 2010-01-01, China time
        "fromTime": 1262275200000,
        "toTime": None,
        "regCapital": "100万人民币",
        "businessScope": "食品销售",
    }
    entity.update(fields)
    return {key: value for key, value in entity.items() if value is not None or key == "toTime"}


def tyc(result: Any, code: int | str = 0, reason: str = "ok") -> dict[str, Any]:
    return {"error_code": code, "reason": reason, "result": result}


def qcc_entry(**fields: Any) -> dict[str, Any]:
    """Qichacha's 企业信息核验 entry of the seller, with ``fields`` replaced."""
    entry: dict[str, Any] = {
        "KeyNo": "k1",
        "Name": NAME,
        "CreditCode": USCC,
        "No": REGNO,
        "OperName": REP,
        "Status": "存续（在营、开业、在册）",
        "StartDate": "2010-01-01 00:00:00",
        "TermStart": "2010-01-01 00:00:00",
        "TermEnd": "无固定期限",
        "RegistCapi": "100万元人民币",
    }
    entry.update(fields)
    return entry


def qcc(result: Any, status: str | int = "200", message: str = "查询成功") -> dict[str, Any]:
    return {"Status": status, "Message": message, "OrderNumber": "ENTINFO-PROV", "Result": result}


def qcc_found(*entries: dict[str, Any]) -> dict[str, Any]:
    return qcc({"VerifyResult": 1, "Data": list(entries)})


def ali(result: Any, code: str = "200", message: str = "success") -> dict[str, Any]:
    return {"RequestId": "R-PROV", "Code": code, "Message": message, "Result": result}


GOOD: dict[str, dict[str, Any]] = {
    "tianyancha": tyc(tyc_entity()),
    "qichacha": qcc_found(qcc_entry()),
    "aliyun": ali({"BizCode": "1", "Status": "1", "OpenTime": "2010-01-01/9999-09-09"}),
}
"""Each provider's clean confirmation of the seller."""


# --- running ------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    """What a look-up through the loopback server gave: the report, or the abort, and
    how many requests the server saw."""

    report: Report | None
    abort: RegistryAbort | None
    requests: int

    @property
    def decided(self) -> Report:
        assert self.report is not None, self.abort
        return self.report


def served(
    name: str,
    *replies: Reply,
    record: dict[str, Any] = MERCHANT,
    options: DriverOptions = OPTIONS,
) -> Outcome:
    """``verify`` of ``record`` against adapter ``name`` at a loopback server answering
    ``replies`` in turn (the last one from then on)."""
    *first, last = replies
    with RegistryServer(lambda _: last) as server:
        if first:
            server.inject(*first)
        with HttpRegistry(ADAPTERS[name](server.url), options) as registry:
            try:
                report = verify(copy.deepcopy(record), as_of=AS_OF, registry=registry)
            except RegistryAbort as abort:
                return Outcome(None, abort, len(server.requests))
        return Outcome(report, None, len(server.requests))


def no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def decision(outcome: Outcome) -> tuple[Decision, tuple[str, ...]]:
    report = outcome.decided
    no_secret(report.to_json())
    return report.decision, report.codes


def declared_as(name: str) -> dict[str, Any]:
    """The seller, declaring ``name`` (on the record and its licence)."""
    record = copy.deepcopy(MERCHANT)
    record["name"] = record["documents"][0]["holder_name"] = name
    return record


@pytest.mark.parametrize("name", NAMES)
def test_a_clean_confirmation_passes(name: str) -> None:
    outcome = served(name, Reply(body=GOOD[name]))
    assert decision(outcome) == (Decision.PASS, ())
    assert outcome.requests == 1


# --- dates as the providers (and their wrappers) spell them ---------------------------------

ENDED_TERM = ["2020-01-01", "2020-01-01 00:00:00", "2020/1/1", "1577808000000", 1577808000000]
"""An operating term that ended on 2020-01-01, in the spellings seen in clients and
wrappers of Tianyancha's 企业基本信息 (documented: milliseconds)."""


@pytest.mark.parametrize("to_time", ENDED_TERM, ids=[repr(t) for t in ENDED_TERM])
def test_tianyancha_an_ended_term_is_seen_however_it_is_spelled(to_time: Any) -> None:
    """Found in this round: ``toTime`` as ``"2020-01-01"`` was dropped (only milliseconds
    were read), the term became unknown and the seller passed."""
    body = tyc(tyc_entity(toTime=to_time))
    assert decision(served("tianyancha", Reply(body=body))) == (
        Decision.REVIEW,
        ("registry.term_expired",),
    )


@pytest.mark.parametrize(
    "to_time", ["长期", "无固定期限", "永续经营", "9999-12-31", 253402185600000, "-", "", None]
)
def test_tianyancha_no_fixed_term_and_placeholders_pass(to_time: Any) -> None:
    body = tyc(tyc_entity(toTime=to_time, fromTime="2010-01-01 00:00:00"))
    assert decision(served("tianyancha", Reply(body=body))) == (Decision.PASS, ())


@pytest.mark.parametrize("cancel_date", ["2019-05-06", "2019-05-06 00:00:00", 1557072000000])
def test_tianyancha_a_deregistration_date_under_an_active_status_is_review(
    cancel_date: Any,
) -> None:
    """Found in this round: a spelled-out ``cancelDate`` under ``存续`` was dropped; in
    milliseconds the same record was ``registry.status_conflict``."""
    body = tyc(tyc_entity(cancelDate=cancel_date))
    assert decision(served("tianyancha", Reply(body=body))) == (
        Decision.REVIEW,
        ("registry.status_conflict",),
    )


def test_tianyancha_eight_digits_are_a_date_not_milliseconds() -> None:
    """``"20150302"`` read as milliseconds is 1970-01-01; it is 2015-03-02."""
    body = tyc(tyc_entity(estiblishTime="20150302"))
    with (
        RegistryServer(lambda _: Reply(body=body)) as server,
        HttpRegistry(ADAPTERS["tianyancha"](server.url), OPTIONS) as registry,
    ):
        result = registry.lookup(RegistryQuery(uscc=USCC))
    assert result.record is not None
    assert str(result.record.established_on) == "2015-03-02"


@pytest.mark.parametrize(
    ("term_end", "expected"),
    [
        ("2020-01-01", (Decision.REVIEW, ("registry.term_expired",))),
        (1577808000000, (Decision.REVIEW, ("registry.term_expired",))),
        ("无固定期限", (Decision.PASS, ())),
        ("长期", (Decision.PASS, ())),
        ("-", (Decision.PASS, ())),
        ("", (Decision.PASS, ())),
        (None, (Decision.PASS, ())),
    ],
)
def test_qichacha_term_end_spellings(term_end: Any, expected: tuple[Decision, Any]) -> None:
    body = qcc_found(qcc_entry(TermEnd=term_end))
    assert decision(served("qichacha", Reply(body=body))) == expected


# --- former names in the shapes the providers use -------------------------------------------


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("tianyancha", tyc(tyc_entity(historyNameList=[FORMER]))),
        ("tianyancha", tyc(tyc_entity(historyNameList=FORMER))),
        ("tianyancha", tyc(tyc_entity(historyNameList=f"{FORMER};北京另一旧称有限公司"))),
        ("tianyancha", tyc(tyc_entity(historyNameList=[{"name": FORMER}]))),
        ("tianyancha", tyc(tyc_entity(historyNames=f"{FORMER}；"))),
        ("qichacha", qcc_found(qcc_entry(OriginalName=[{"Name": FORMER, "ChangeDate": "2015"}]))),
        ("qichacha", qcc_found(qcc_entry(OriginalName=FORMER))),
        ("qichacha", qcc_found(qcc_entry(OriginalName=[FORMER]))),
    ],
)
def test_a_seller_under_its_former_name_is_reviewed_not_failed(
    name: str, body: dict[str, Any]
) -> None:
    """Found in this round: former names sent as one string (a public Go client types
    ``historyNameList`` as a string) were lost, and a seller still trading under its
    former name failed on ``registry.name_mismatch``."""
    outcome = served(name, Reply(body=body), record=declared_as(FORMER))
    assert decision(outcome) == (Decision.REVIEW, ("registry.name_former",))


def test_another_name_than_the_former_ones_still_fails() -> None:
    body = tyc(tyc_entity(historyNameList=FORMER))
    outcome = served("tianyancha", Reply(body=body), record=declared_as("厦门别家食品有限公司"))
    assert decision(outcome) == (Decision.FAIL, ("registry.name_mismatch",))


# --- which entity the answer is about --------------------------------------------------------

UNIDENTIFIED = {
    "tianyancha-no-creditCode": ("tianyancha", tyc(tyc_entity(creditCode=None, regNumber=None))),
    "tianyancha-blank-creditCode-other-regNumber": (
        "tianyancha",
        tyc(tyc_entity(creditCode="", regNumber="110108000000016")),
    ),
    "qichacha-no-CreditCode": ("qichacha", qcc_found(qcc_entry(CreditCode=None, No=None))),
    "qichacha-blank-CreditCode-other-No": (
        "qichacha",
        qcc_found(qcc_entry(CreditCode="", No="110108000000016")),
    ),
    "qichacha-entity-as-Result": ("qichacha", qcc(qcc_entry(CreditCode="-", No=""))),
}


@pytest.mark.parametrize("case", sorted(UNIDENTIFIED))
def test_an_answer_naming_the_entity_by_name_alone_does_not_confirm_the_uscc(case: str) -> None:
    """Found in this round: queried by the USCC, an answer that carried the declared
    name but no USCC (nor the registration number asked for) confirmed the seller: a
    name proves nothing about whose USCC was declared."""
    name, body = UNIDENTIFIED[case]
    outcome = served(name, Reply(body=body))
    report = outcome.decided
    assert report.decision is Decision.REVIEW, report.findings
    finding = next(f for f in report.findings if f.code == "registry.incomplete")
    assert finding.ctx["reason"] == "unidentified"
    assert "without the identifier asked for" in finding.ctx["detail"]
    assert finding.ctx["reason_zh"]
    assert REP not in finding.ctx["detail"]
    assert NAME not in finding.ctx["detail"]


@pytest.mark.parametrize("name", ["tianyancha", "qichacha"])
def test_a_revoked_status_still_fails_in_an_answer_without_the_uscc(name: str) -> None:
    body = (
        tyc(tyc_entity(creditCode=None, regStatus="吊销，未注销"))
        if name == "tianyancha"
        else qcc_found(qcc_entry(CreditCode=None, No=None, Status="吊销，未注销"))
    )
    report = served(name, Reply(body=body)).decided
    assert report.decision is Decision.FAIL
    assert {"registry.status_revoked", "registry.incomplete"} <= set(report.codes)


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("tianyancha", tyc(tyc_entity(creditCode=None))),
        ("qichacha", qcc_found(qcc_entry(CreditCode=None))),
    ],
)
def test_an_old_entity_found_by_its_registration_number_is_complete(
    name: str, body: dict[str, Any]
) -> None:
    """An entity registered before USCCs, asked for by its registration number and
    answered with it, is identified."""
    with (
        RegistryServer(lambda _: Reply(body=body)) as server,
        HttpRegistry(ADAPTERS[name](server.url), OPTIONS) as registry,
    ):
        result = registry.lookup(RegistryQuery(uscc=REGNO))
    assert result.status is LookupStatus.FOUND
    assert result.reason is None, result.detail


@pytest.mark.parametrize("name", ["tianyancha", "qichacha"])
def test_an_answer_for_another_uscc_fails(name: str) -> None:
    body = (
        tyc(tyc_entity(creditCode=OTHER_USCC))
        if name == "tianyancha"
        else qcc_found(qcc_entry(CreditCode=OTHER_USCC, No=""))
    )
    assert decision(served(name, Reply(body=body))) == (
        Decision.FAIL,
        ("registry.uscc_mismatch",),
    )


def test_qichacha_fuzzy_hits_take_the_one_with_the_uscc_never_the_first() -> None:
    """Three hits of a fuzzy search: the seller's own entry (revoked) is the second; the
    first, an active namesake, must not speak for it."""
    first = qcc_entry(Name=NAME, CreditCode=OTHER_USCC, No="")
    own = qcc_entry(Status="吊销，未注销")
    third = qcc_entry(Name="福州示例食品有限公司鼓楼分公司", CreditCode="91350102MA00000001", No="")
    report = served("qichacha", Reply(body=qcc_found(first, own, third))).decided
    assert report.decision is Decision.FAIL
    assert report.codes == ("registry.status_revoked",)


def test_qichacha_fuzzy_hits_without_the_uscc_are_review() -> None:
    hits = [
        qcc_entry(Name=f"福州示例食品有限公司{index}", CreditCode=code, No="")
        for index, code in enumerate((OTHER_USCC, "91350102MA00000001"))
    ]
    assert_review(served("qichacha", Reply(body=qcc_found(*hits))).decided, "provider_error")


# --- status strings and field variance -------------------------------------------------------

STATUSES = [
    ("存续（在营、开业、在册）", Decision.PASS, ()),
    ("存续(在营,开业,在册)", Decision.PASS, ()),
    ("在业", Decision.PASS, ()),
    ("开业", Decision.PASS, ()),
    ("吊销，未注销", Decision.FAIL, ("registry.status_revoked",)),
    ("吊销,未注销", Decision.FAIL, ("registry.status_revoked",)),
    ("吊销，已注销", Decision.FAIL, ("registry.status_cancelled",)),
    ("注销", Decision.FAIL, ("registry.status_cancelled",)),
    ("迁出", Decision.REVIEW, ("registry.status_moved_out",)),
]


@pytest.mark.parametrize(("status", "expected", "codes"), STATUSES)
@pytest.mark.parametrize("name", ["tianyancha", "qichacha"])
def test_status_spellings_through_each_provider(
    name: str, status: str, expected: Decision, codes: tuple[str, ...]
) -> None:
    body = (
        tyc(tyc_entity(regStatus=status))
        if name == "tianyancha"
        else qcc_found(qcc_entry(Status=status))
    )
    got, got_codes = decision(served(name, Reply(body=body)))
    assert got is expected, got_codes
    assert set(codes) <= set(got_codes)


def test_a_deregistered_entity_with_its_date_fails() -> None:
    body = qcc_found(
        qcc_entry(
            Status="注销", RevokeInfo={"CancelDate": "2019-05-06", "CancelReason": "决议解散"}
        )
    )
    assert decision(served("qichacha", Reply(body=body)))[0] is Decision.FAIL
    body = tyc(tyc_entity(regStatus="注销", cancelDate="2019-05-06"))
    assert decision(served("tianyancha", Reply(body=body)))[0] is Decision.FAIL


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("tianyancha", tyc(tyc_entity(), code="0")),
        ("tianyancha", tyc(tyc_entity(regCapital=100, estiblishTime="1262275200000"))),
        ("qichacha", qcc({"VerifyResult": "1", "Data": qcc_entry()}, status=200)),
        ("qichacha", qcc_found(qcc_entry(StartDate=1262275200000, RegistCapi=100))),
        ("aliyun", ali({"BizCode": 1, "Status": 1, "OpenTime": "2010-01-01/9999-09-09"})),
    ],
)
def test_numbers_as_strings_or_ints_still_pass(name: str, body: dict[str, Any]) -> None:
    assert decision(served(name, Reply(body=body))) == (Decision.PASS, ())


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("tianyancha", tyc(tyc_entity(legalPersonName={"name": REP, "type": 1}))),
        ("qichacha", qcc_found(qcc_entry(OperName={"Name": REP, "KeyNo": "p1"}))),
    ],
)
def test_a_legal_person_as_an_object_is_review_not_a_silent_drop(
    name: str, body: dict[str, Any]
) -> None:
    detail = assert_review(served(name, Reply(body=body)).decided, "malformed")
    assert "not text" in detail
    assert REP not in detail


# --- body-level rate limits with Retry-After -------------------------------------------------

RATE_LIMITED = {
    "tianyancha-300004": ("tianyancha", tyc(None, 300004, "访问频率过快")),
    "qichacha-120": ("qichacha", qcc(None, "120", "系统流量异常")),
    "qichacha-122": ("qichacha", qcc(None, "122", "超过并发限制")),
}


@pytest.mark.parametrize("case", sorted(RATE_LIMITED))
def test_a_body_level_rate_limit_is_retried_then_passes(case: str) -> None:
    name, body = RATE_LIMITED[case]
    busy = Reply(body=body, headers={"Retry-After": "0.05"})
    outcome = served(name, busy, Reply(body=GOOD[name]))
    assert decision(outcome) == (Decision.PASS, ())
    assert outcome.requests == 2


@pytest.mark.parametrize("case", sorted(RATE_LIMITED))
def test_a_body_level_rate_limit_honours_its_retry_after(case: str) -> None:
    """Found in this round: a ``Retry-After`` sent with the provider's own "too frequent"
    code in an HTTP 200 was ignored — the driver asked again after its own short
    back-off, however long the provider had asked it to wait."""
    name, body = RATE_LIMITED[case]
    outcome = served(name, Reply(body=body, headers={"Retry-After": "3600"}))
    detail = assert_review(outcome.decided, "rate_limited")
    assert outcome.requests == 1
    assert "Retry-After" in detail


# --- Alibaba Cloud API Gateway refusals (X-Ca-Error-Message) ----------------------------------


def gateway(status: int, message: str, **headers: str) -> Reply:
    """An API Gateway refusal: an empty body, the reason in ``X-Ca-Error-Message``."""
    return Reply(
        status,
        b"",
        headers={"X-Ca-Request-Id": "GW-1", "X-Ca-Error-Message": message, **headers},
        content_type="",
    )


THROTTLED = [
    "Throttled by USER Flow Control",
    "Throttled by APP Flow Control",
    "Throttled by API Flow Control",
    "Throttled by DOMAIN Flow Control",
]


@pytest.mark.parametrize("message", THROTTLED)
@pytest.mark.parametrize("name", NAMES)
def test_gateway_throttling_with_403_is_retried_not_an_abort(name: str, message: str) -> None:
    """Found in this round: the gateway sends its throttling with HTTP 403, and the
    status alone stopped the whole run as ``forbidden``."""
    outcome = served(name, gateway(403, message), Reply(body=GOOD[name]))
    assert decision(outcome) == (Decision.PASS, ())
    assert outcome.requests == 2


@pytest.mark.parametrize("name", NAMES)
def test_gateway_throttling_that_persists_is_review_naming_it(name: str) -> None:
    outcome = served(name, gateway(403, "Throttled by API Flow Control"))
    detail = assert_review(outcome.decided, "rate_limited")
    assert "Throttled by API Flow Control" in detail


@pytest.mark.parametrize(
    ("status", "message", "reason"),
    [
        (400, "Invalid AppKey", "auth"),
        (400, "Invalid AppSecret", "auth"),
        (
            400,
            f"Invalid Signature, Server StringToSign:`GET#application/json###x-ca-key:{QCC_KEY}#/`",
            "auth",
        ),
        (401, "Empty Signature", "auth"),
        (400, "Timestamp Expired", "auth"),
        (403, "Quota Exhausted", "quota"),
        (403, "User Arrears", "quota"),
        (403, "Unauthorized", "forbidden"),
        (400, "Invalid Url", "forbidden"),
    ],
)
@pytest.mark.parametrize("name", NAMES)
def test_gateway_key_and_quota_errors_stop_the_run_after_one_request(
    name: str, status: int, message: str, reason: str
) -> None:
    """Found in this round: ``Invalid AppKey`` (HTTP 400) was a per-record
    ``bad_request``, so a wrong key reviewed every seller of a batch instead of stopping
    it; the message says what the gateway refused, and never echoes what it quoted."""
    outcome = served(name, gateway(status, message))
    assert outcome.abort is not None, outcome.report
    assert outcome.abort.reason == reason
    assert outcome.requests == 1
    shown = str(outcome.abort)
    assert message.split(",")[0] in shown
    assert "StringToSign" not in shown
    no_secret(shown)


@pytest.mark.parametrize(("status", "reason"), [(400, "bad_request"), (404, "bad_request")])
def test_an_unknown_gateway_message_leaves_the_status_to_decide(status: int, reason: str) -> None:
    outcome = served("qichacha", gateway(status, "Something New"))
    assert_review(outcome.decided, reason)


def test_an_unknown_gateway_message_with_403_still_aborts() -> None:
    outcome = served("tianyancha", gateway(403, "Something New"))
    assert outcome.abort is not None
    assert outcome.abort.reason == "forbidden"
