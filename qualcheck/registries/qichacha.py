"""Qichacha (企查查) OpenAPI: enterprise information and three-element verification.

A sans-IO :class:`~qualcheck.registries.HttpAdapter`; run it with
:class:`~qualcheck.registries.HttpRegistry`.  Requests are signed the way Qichacha
documents: the query parameter ``key=<AppKey>`` and the headers ``Timespan`` (Unix
seconds) and ``Token = upper(md5(AppKey + Timespan + SecretKey))``.  Answers are the
envelope ``{"Status": "200", "Message": ..., "OrderNumber": ..., "Result": ...}``; the
``OrderNumber`` becomes the look-up's request id.

Two modes:

``mode="info"`` (default)
    ``GET /EnterpriseInfo/Verify?searchKey=`` (企业信息核验) → ``Result.Data[]``; the entry
    whose ``CreditCode`` (or registration number ``No``) is the queried USCC is taken, or
    the only entry, or — for a query by name — the entry with that exact name; several
    different entries with the queried USCC are a failed look-up (``provider_error``).
    ``VerifyResult`` 0 (数据不存在) without entity data is *not found*, like ``201``; a
    ``200`` with no entity and no ``VerifyResult`` 0, or an entry that names no entity
    (no ``Name``, ``CreditCode`` or ``No``) or holds a text field of the wrong type, is a
    failed look-up (``malformed``) — never *not found*, never *found*.
``mode="verify"``
    ``GET /ECIThreeElVerify/GetInfo?creditCode=&companyName=&operName=`` (企业三要素核验)
    → ``Result.VerifyResult`` (see :meth:`QichachaAdapter.flow`).

Qichacha has no licence listing: ``license_kinds`` is empty.

Configuration: ``key=``/``secret=`` or ``QUALCHECK_QICHACHA_KEY``/``QUALCHECK_QICHACHA_SECRET``;
``base_url=`` or ``QUALCHECK_QICHACHA_URL`` (default ``https://api.qichacha.com``).  The
``clock`` gives ``Timespan``, so signatures are testable.

Status codes (:data:`CODES`) — 200 success; 201 no result → *not found*; 202, 213, 215,
223, 224 parameter errors → failed ``bad_request``; 205, 120, 203, 199 → transient
(retried); 122 concurrency limit → transient ``rate_limited``; **110** "the same query
failed repeatedly, wait two hours" → failed ``rate_limited`` *without* retry (retrying
inside the two hours only prolongs the block, and other queries still work, so the run
goes on); 101, 107, 115 → abort ``auth``; 102, 103, 109, 112, 116 → abort ``quota``;
105, 111, 214 → abort ``forbidden``; 121, 207, 208 → failed ``provider_error``.

>>> import httpx
>>> from qualcheck.registries import RegistryQuery
>>> adapter = QichachaAdapter(key="k", secret="s", clock=lambda: 1700000000)
>>> step = next(adapter.flow(RegistryQuery(uscc="91350100M000100Y43")))
>>> step.request.url.path, step.request.headers["timespan"], step.request.headers["token"]
('/EnterpriseInfo/Verify', '1700000000', '438332D68F7CA81925B1129C10156CD2')
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping
from typing import Any, Literal

import httpx

from qualcheck.registries._adapter_support import (
    DEFAULT_MAX_BYTES,
    Action,
    CodeMap,
    CodeRule,
    EntityReader,
    ProviderAdapter,
    ProviderAnswer,
    build_record,
    check_mode,
    lenient_date,
    names_from,
    retry_after,
    scrub,
    unidentified,
)
from qualcheck.registries._errors import RegistryResponseError
from qualcheck.registries._protocol import Flow, Step
from qualcheck.registries._record import (
    ElementMatch,
    LookupResult,
    RegistryQuery,
    normalize_identifier,
)

__all__ = [
    "CODES",
    "DEFAULT_BASE_URL",
    "KEY_ENV",
    "SECRET_ENV",
    "URL_ENV",
    "QichachaAdapter",
    "qichacha_token",
]

SOURCE = "qichacha"
DEFAULT_BASE_URL = "https://api.qichacha.com"
KEY_ENV = "QUALCHECK_QICHACHA_KEY"
SECRET_ENV = "QUALCHECK_QICHACHA_SECRET"
URL_ENV = "QUALCHECK_QICHACHA_URL"

INFO_PATH = "/EnterpriseInfo/Verify"
VERIFY_PATH = "/ECIThreeElVerify/GetInfo"

_KEYS_HINT = f"check the AppKey and SecretKey (key=/secret= or {KEY_ENV}/{SECRET_ENV})"

CODES = CodeMap(
    "Qichacha",
    "Status",
    {
        "200": CodeRule.ok("查询成功"),
        "201": CodeRule.not_found("查询无结果"),
        "202": CodeRule.fail("bad_request", "参数错误"),
        "213": CodeRule.fail("bad_request", "参数长度不能小于2"),
        "215": CodeRule.fail("bad_request", "不支持的关键字"),
        "223": CodeRule.fail("bad_request", "参数模糊"),
        "224": CodeRule.fail("bad_request", "参数无效"),
        "205": CodeRule.retry("provider_error", "等待处理中"),
        "120": CodeRule.retry("rate_limited", "系统流量异常"),
        "203": CodeRule.retry("provider_error", "系统查询异常"),
        "199": CodeRule.retry("provider_error", "未知错误"),
        "122": CodeRule.retry("rate_limited", "超过并发限制"),
        "110": CodeRule.fail(
            "rate_limited",
            "当前相同查询连续出错，请等2小时后重试",
            "Qichacha blocks this query for two hours; retry it later",
        ),
        "101": CodeRule.abort("auth", "KEY无效", _KEYS_HINT),
        "107": CodeRule.abort(
            "auth",
            "IP禁止或签名错误",
            _KEYS_HINT + ", the system clock and the account's IP whitelist",
        ),
        "115": CodeRule.abort("auth", "身份验证错误或过期", _KEYS_HINT + " and the system clock"),
        "102": CodeRule.abort("quota", "账户欠费", "top up the Qichacha account"),
        "103": CodeRule.abort("quota", "账户暂停", "reactivate the Qichacha account"),
        "109": CodeRule.abort("quota", "超过每日系统限制", "wait for tomorrow's allowance"),
        "112": CodeRule.abort("quota", "余量不足或过期", "buy more calls for this API"),
        "116": CodeRule.abort("quota", "每日调用总量限制", "wait for tomorrow's allowance"),
        "105": CodeRule.abort("forbidden", "接口已下线", "this Qichacha API is offline"),
        "111": CodeRule.abort("forbidden", "权限未开通", "enable this API for the account"),
        "214": CodeRule.abort("forbidden", "未购买", "purchase this API for the account"),
        "121": CodeRule.fail("provider_error", "数据不能出境"),
        "207": CodeRule.fail("provider_error", "数据超过5000条"),
        "208": CodeRule.fail("provider_error", "不支持此公司类型"),
    },
    source=SOURCE,
)
"""Qichacha's ``Status`` values and how the adapter treats them (undocumented codes give a
``provider_error`` failure)."""


def qichacha_token(key: str, timespan: str, secret: str) -> str:
    """The ``Token`` header: ``upper(md5(AppKey + Timespan + SecretKey))``.

    >>> qichacha_token("k", "1700000000", "s")
    '438332D68F7CA81925B1129C10156CD2'
    """
    return hashlib.md5((key + timespan + secret).encode("utf-8")).hexdigest().upper()


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None


def _same_name(left: str | None, right: str | None) -> bool:
    if not left or not right:
        return False
    from qualcheck.checks.consistency import normalize_name

    return bool(normalize_name(left) == normalize_name(right))


def _end_dates(revoke_info: Any) -> dict[str, Any]:
    """The revocation and deregistration dates of Qichacha's ``RevokeInfo`` (absent, or
    not an object: none given)."""
    if not isinstance(revoke_info, Mapping):
        return {}
    dates = {
        "revoked_on": lenient_date(revoke_info.get("RevokeDate")),
        "cancelled_on": lenient_date(revoke_info.get("CancelDate")),
    }
    return {key: value for key, value in dates.items() if value != "长期"}


class QichachaAdapter(ProviderAdapter):
    """The Qichacha OpenAPI (see the module docs).

    ``key``/``secret``: the AppKey and SecretKey (else ``QUALCHECK_QICHACHA_KEY`` /
    ``QUALCHECK_QICHACHA_SECRET``; missing → abort ``auth``).  ``mode``: ``"info"`` or
    ``"verify"``.  ``clock`` (Unix seconds) signs the requests.
    """

    name = SOURCE
    TITLE = "Qichacha"
    license_kinds: frozenset[str] = frozenset()

    def __init__(
        self,
        key: str | None = None,
        secret: str | None = None,
        *,
        base_url: str | None = None,
        mode: Literal["info", "verify"] = "info",
        clock: Callable[[], float] = time.time,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        check_mode(mode, title=self.TITLE)
        self._key = self._credential(key, env=KEY_ENV, argument="key")
        self._secret = self._credential(secret, env=SECRET_ENV, argument="secret")
        self.mode = mode
        super().__init__(
            base_url=base_url,
            url_env=URL_ENV,
            default_url=DEFAULT_BASE_URL,
            clock=clock,
            max_bytes=max_bytes,
        )

    def __repr__(self) -> str:
        return f"QichachaAdapter(base_url={self.base_url!r}, mode={self.mode!r})"

    def _request(self, path: str, params: Mapping[str, str]) -> httpx.Request:
        timespan = str(int(self._clock()))
        key = self._key.reveal()
        return httpx.Request(
            "GET",
            self.base_url + path,
            params={"key": key, **params},
            headers={
                "Token": qichacha_token(key, timespan, self._secret.reveal()),
                "Timespan": timespan,
                "Accept": "application/json",
            },
        )

    def _answer(self, response: httpx.Response) -> ProviderAnswer:
        envelope = self._read_json(response)
        status = _text(envelope.get("Status"))
        if status is None:
            raise RegistryResponseError(
                "Qichacha answered without a Status", source=SOURCE, reason="malformed"
            )
        message = scrub(str(envelope.get("Message") or ""), self._key, self._secret)
        rule = CODES.check(status, message, retry_after=retry_after(response))
        order = _text(envelope.get("OrderNumber"))
        return ProviderAnswer(status, rule, message, envelope.get("Result"), order)

    def flow(self, query: RegistryQuery) -> Flow:
        """The exchange answering ``query``.

        ``verify`` mode needs the USCC, the name and the legal representative, and reads
        ``VerifyResult``:

        * ``1`` (一致) — all three match;
        * ``2`` (企业名称不一致) — USCC confirmed, name false, legal representative not
          reported (``None``);
        * ``3`` (法定代表人名称不一致) — USCC and name confirmed, legal representative false;
        * ``0`` (统一社会信用代码有误) — no entity has this USCC: *not found* (Qichacha
          checks the code first; a wrong code names nothing the other elements could be
          compared with).
        """
        if self.mode == "verify":
            if not (query.uscc and query.name and query.legal_representative):
                return LookupResult.failed(
                    SOURCE,
                    "bad_request",
                    "Qichacha three-element verification needs the USCC, the name and the"
                    " legal representative",
                )
            params = {
                "creditCode": query.uscc,
                "companyName": query.name,
                "operName": query.legal_representative,
            }
            parse = self._verify_parser(query)
            result: LookupResult = yield Step(self._request(VERIFY_PATH, params), parse, "verify")
            return result
        keyword = query.uscc or query.name or ""
        parse = self._info_parser(query)
        found: LookupResult = yield Step(
            self._request(INFO_PATH, {"searchKey": keyword}), parse, "enterprise_info"
        )
        return found

    def _terminal(self, answer: ProviderAnswer) -> LookupResult | None:
        if answer.rule.action is Action.NOT_FOUND:
            return LookupResult.not_found(
                SOURCE, request_id=answer.request_id, provider_code=answer.code
            )
        if answer.rule.action is Action.FAIL:
            return CODES.failed(answer)
        return None

    def _info_parser(self, query: RegistryQuery) -> Callable[[httpx.Response], LookupResult]:
        def parse(response: httpx.Response) -> LookupResult:
            answer = self._answer(response)
            terminal = self._terminal(answer)
            if terminal is not None:
                return terminal
            entries = _entries(answer.data)
            if isinstance(entries, str):  # Status 200 without a readable answer
                return LookupResult.failed(
                    SOURCE,
                    "malformed",
                    f"Qichacha answered Status 200 {entries}",
                    request_id=answer.request_id,
                )
            if not entries:  # VerifyResult 0: Qichacha's own "no such entity"
                return LookupResult.not_found(
                    SOURCE, request_id=answer.request_id, provider_code="VerifyResult 0"
                )
            entry = _pick(entries, query)
            if isinstance(entry, str):
                return LookupResult.failed(
                    SOURCE,
                    "provider_error",
                    f"Qichacha answered {entry}",
                    request_id=answer.request_id,
                    provider_code=answer.code,
                )
            return self._record(entry, answer.request_id, query.uscc)

        return parse

    def _record(
        self, entry: Mapping[str, Any], request_id: str | None, asked: str | None = None
    ) -> LookupResult:
        """The found record of ``entry`` (a failed look-up when it is malformed); for a
        query by the identifier ``asked``, marked incomplete when nothing in it shows it
        is that entity (see :func:`~qualcheck.registries._adapter_support.unidentified`)."""
        read = EntityReader(entry)
        name = read.text("Name")
        former: list[str] = []
        for text in names_from(entry.get("OriginalName"), "Name"):  # a list, or one string
            if text != name and text not in former:
                former.append(text)
        fields: dict[str, Any] = {
            "name": name,
            "uscc": read.text("CreditCode"),
            "registration_number": read.text("No"),
            "legal_representative": read.text("OperName"),
            "status": read.text("Status"),
            "established_on": lenient_date(entry.get("StartDate")),
            "term_from": lenient_date(entry.get("TermStart")),
            "term_to": lenient_date(entry.get("TermEnd")),
            **_end_dates(entry.get("RevokeInfo")),
            "scope": read.text("Scope"),
            "address": read.text("Address"),
            "former_names": tuple(former),
            "fetched_at": self._now(),
            "request_id": request_id,
        }
        problem = read.problem("Qichacha", identity=("Name", "CreditCode", "No"))
        if problem is not None:  # a success that does not identify an entity: never found
            return LookupResult.failed(SOURCE, "malformed", problem, request_id=request_id)
        if fields["established_on"] == "长期":
            fields["established_on"] = None
        if fields["term_from"] == "长期":
            fields["term_from"] = None
        found = LookupResult.found(build_record(fields, source=SOURCE, title="Qichacha"))
        return unidentified(found, asked, "CreditCode", "No")

    def _verify_parser(self, query: RegistryQuery) -> Callable[[httpx.Response], LookupResult]:
        def parse(response: httpx.Response) -> LookupResult:
            answer = self._answer(response)
            terminal = self._terminal(answer)
            if terminal is not None:
                return terminal
            data = answer.data if isinstance(answer.data, dict) else {}
            verdict = _text(data.get("VerifyResult"))
            fields: dict[str, Any] = {
                "fetched_at": self._now(),
                "request_id": answer.request_id,
                "uscc": query.uscc,
            }
            if verdict == "0":
                return LookupResult.not_found(
                    SOURCE, request_id=answer.request_id, provider_code="VerifyResult 0"
                )
            if verdict == "1":
                fields.update(
                    name=query.name,
                    legal_representative=query.legal_representative,
                    matches=ElementMatch(uscc=True, name=True, legal_representative=True),
                )
            elif verdict == "2":
                fields["matches"] = ElementMatch(uscc=True, name=False)
            elif verdict == "3":
                fields.update(
                    name=query.name,
                    matches=ElementMatch(uscc=True, name=True, legal_representative=False),
                )
            else:
                raise RegistryResponseError(
                    "Qichacha answered the verification without a VerifyResult of 0-3",
                    source=SOURCE,
                    reason="malformed",
                )
            return LookupResult.found(build_record(fields, source=SOURCE, title="Qichacha"))

        return parse


_ENTITY_KEYS = ("Name", "CreditCode", "No")


def _describe(value: Any) -> str:
    """What JSON value ``value`` is, for a message (never the value itself)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _entries(result: Any) -> list[Mapping[str, Any]] | str:
    """The entities in an ``EnterpriseInfo/Verify`` ``Result``, or why it is unreadable.

    Read: ``{"VerifyResult": 1, "Data": {…} or [{…}, …]}``, a list of entities, or the
    entity itself.  An empty list means *not found*, and comes only from Qichacha's own
    no-result signal, ``VerifyResult`` 0 (数据不存在) without entity data; a success that
    carries neither entities nor that signal is unreadable — never *not found*.
    """
    verdict: str | None = None
    if isinstance(result, list):
        items: list[Any] = result
    elif isinstance(result, dict):
        raw = result.get("VerifyResult")
        if raw is not None:
            verdict = _text(raw)
            if verdict not in ("0", "1"):
                return "with a VerifyResult that is neither 0 nor 1"
        data = result.get("Data")
        if isinstance(data, list):
            items = data
        elif isinstance(data, dict):
            items = [data]
        elif data is not None:
            return f"with Result.Data as {_describe(data)}, not entities"
        elif any(key in result for key in _ENTITY_KEYS):
            items = [result]
        else:
            items = []
    else:
        return f"with Result as {_describe(result)}, not entities"
    if any(not isinstance(item, dict) for item in items):
        return "with entries that are not objects"
    entries: list[Mapping[str, Any]] = [item for item in items if item]
    if verdict == "0":
        if entries:
            return "with VerifyResult 0 (no such entity) and entity data"
        return []
    if not entries:
        return "without entity data (and without VerifyResult 0)"
    return entries


def _distinct(entries: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """``entries`` without repeats (an entry listed twice, field for field, is one)."""
    seen: dict[str, Mapping[str, Any]] = {}
    for entry in entries:
        seen.setdefault(json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str), entry)
    return list(seen.values())


def _pick(entries: list[Mapping[str, Any]], query: RegistryQuery) -> Mapping[str, Any] | str:
    """The entry answering ``query``: the one with the queried USCC (or registration
    number), else the only one (the engine then compares its USCC with the declared one),
    else the one with exactly the queried name; else why no single entry answers.

    Entries that carry the queried USCC but differ (one 存续, one 吊销) are no answer: taking
    the first would let the order of a list decide whether a revoked entity passes.

    >>> one = {"Name": "甲公司", "CreditCode": "91350100M000100Y43", "Status": "存续"}
    >>> query = RegistryQuery(uscc="91350100M000100Y43")
    >>> _pick([one, dict(one)], query) == one
    True
    >>> _pick([one, {**one, "Status": "吊销"}], query)
    '2 different entities with the USCC asked for'
    """
    if query.uscc:
        same = _distinct(
            [
                entry
                for entry in entries
                if any(
                    (value := _text(entry.get(field))) and normalize_identifier(value) == query.uscc
                    for field in ("CreditCode", "No")
                )
            ]
        )
        if len(same) == 1:
            return same[0]
        if same:
            return f"{len(same)} different entities with the USCC asked for"
    distinct = _distinct(entries)
    if len(distinct) == 1:
        return distinct[0]
    named = _distinct([e for e in distinct if _same_name(_text(e.get("Name")), query.name)])
    if len(named) == 1:
        return named[0]
    return f"{len(entries)} entities and none is the one asked for"
