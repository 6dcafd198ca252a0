"""Tianyancha (天眼查) OpenAPI: company base information, licences and three-element checks.

A sans-IO :class:`~qualcheck.registries.HttpAdapter`; run it with
:class:`~qualcheck.registries.HttpRegistry`.  Every request carries the header
``Authorization: <token>``; every answer is the envelope
``{"error_code": int, "reason": str, "result": ...}``.

Two modes:

``mode="info"`` (default)
    ``GET /services/open/ic/baseinfo/normal?keyword=`` (企业基本信息) gives the record:
    name, USCC, registration number, legal representative, ``regStatus``, the
    establishment date and operating term (millisecond timestamps), scope, address and
    former names.  A record that names no entity (no ``name``, ``creditCode`` or
    ``regNumber``) or holds a text field of the wrong type (a list, an object, a number)
    is a failed look-up (``malformed``), never *found*.  When the query asks for licence
    kinds this source lists (see :data:`LICENSE_KINDS`),
    ``GET /services/open/m/getLicense/2.0`` (行政许可) is read page by page, up to
    ``max_license_pages`` pages; a page that fails (an unreadable listing, a failure
    code) claims no coverage, and the found result then carries the failure's
    ``reason`` and ``detail`` (``the licence listing failed: …``) so that it is never
    taken for a complete answer (and is not cached).  A verification ``result`` that is
    not 0, 1 or 2 — ``true`` included — is ``malformed``.
``mode="verify"``
    ``GET /services/open/ic/verify/2.0?code=&name=&legalPersonName=`` (企业三要素验证)
    confirms the declared USCC, name and legal representative; the record holds the
    verdicts in ``matches`` (see :meth:`TianyanchaAdapter.flow`).

Configuration: ``token=`` or ``QUALCHECK_TIANYANCHA_TOKEN``; ``base_url=`` or
``QUALCHECK_TIANYANCHA_URL`` (default ``https://open.api.tianyancha.com``: the reference
documents ``http://``, public clients use the same host over HTTPS, and TLS is on by
default — set the variable to the ``http://`` URL if your account needs it).

The error codes (:data:`CODES`): ``0`` success; ``300000`` no result (*not found*, a
result); ``300004`` too frequent (retried); ``300002``/``300003``/``300009`` account
invalid, expired or wrong → abort ``auth``; ``300006``/``300007`` no balance or calls left
→ abort ``quota``; ``300005`` no permission for this API and ``300010`` no such URL →
abort ``forbidden``; ``300008`` missing parameter → failed ``bad_request``; ``300001``
request failed → retried; anything else → failed ``provider_error``.

>>> import httpx
>>> from qualcheck.registries import RegistryQuery
>>> adapter = TianyanchaAdapter(token="t-123", licenses=False)
>>> adapter
TianyanchaAdapter(base_url='https://open.api.tianyancha.com', mode='info', licenses=False)
>>> flow = adapter.flow(RegistryQuery(uscc="91350100M000100Y43"))
>>> step = next(flow)
>>> step.label, step.request.url.path, step.request.headers["authorization"]
('baseinfo', '/services/open/ic/baseinfo/normal', 't-123')
>>> body = {"error_code": 0, "reason": "ok", "result": {
...     "name": "福州示例有限公司", "creditCode": "91350100M000100Y43",
...     "legalPersonName": "王五", "regStatus": "存续", "estiblishTime": 1262275200000}}
>>> reply = httpx.Response(200, json=body, request=step.request)
>>> try:
...     flow.send(step.parse(reply))
... except StopIteration as stop:
...     result = stop.value
>>> result.status.value, result.record.status.value, result.record.established_on
('found', 'active', datetime.date(2010, 1, 1))
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
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
    registry_date,
    retry_after,
    scrub,
    unidentified,
)
from qualcheck.registries._errors import RegistryResponseError
from qualcheck.registries._protocol import Flow, Step
from qualcheck.registries._record import (
    ElementMatch,
    LicenseRecord,
    LookupResult,
    RegistryQuery,
    RegistryRecord,
)

__all__ = [
    "CODES",
    "DEFAULT_BASE_URL",
    "LICENSE_KINDS",
    "TOKEN_ENV",
    "URL_ENV",
    "TianyanchaAdapter",
    "license_kind",
]

SOURCE = "tianyancha"
DEFAULT_BASE_URL = "https://open.api.tianyancha.com"
TOKEN_ENV = "QUALCHECK_TIANYANCHA_TOKEN"
URL_ENV = "QUALCHECK_TIANYANCHA_URL"

BASEINFO_PATH = "/services/open/ic/baseinfo/normal"
LICENSE_PATH = "/services/open/m/getLicense/2.0"
VERIFY_PATH = "/services/open/ic/verify/2.0"

_TOKEN_HINT = f"check the token (token= or {TOKEN_ENV})"

CODES = CodeMap(
    "Tianyancha",
    "error_code",
    {
        "0": CodeRule.ok("请求成功"),
        "300000": CodeRule.not_found("经查无结果"),
        "300001": CodeRule.retry("provider_error", "请求失败"),
        "300002": CodeRule.abort("auth", "账号失效", _TOKEN_HINT + " and the account status"),
        "300003": CodeRule.abort("auth", "账号过期", "renew the Tianyancha account"),
        "300004": CodeRule.retry("rate_limited", "访问频率过快"),
        "300005": CodeRule.abort(
            "forbidden", "无权限访问此api", "enable this API for the account on Tianyancha"
        ),
        "300006": CodeRule.abort("quota", "余额不足", "top up the Tianyancha account"),
        "300007": CodeRule.abort("quota", "剩余次数不足", "buy more calls for this API"),
        "300008": CodeRule.fail("bad_request", "缺少必要参数"),
        "300009": CodeRule.abort("auth", "账号信息有误", _TOKEN_HINT),
        "300010": CodeRule.abort(
            "forbidden", "URL不存在", f"check the base URL (base_url= or {URL_ENV})"
        ),
    },
    source=SOURCE,
)
"""Tianyancha's ``error_code`` values and how the adapter treats them.

Codes 300001–300010 are listed identically by several independent public clients; codes
not listed here give a ``provider_error`` failure (never an abort, never a success)."""

LICENSE_KINDS: frozenset[str] = frozenset(
    {"food_business", "food_production", "drug_business", "drug_info"}
)
"""Licence kinds the 行政许可 listing is taken to cover: a licence of these kinds that is
missing from the list reads as "not registered".  Device business and pre-packaged food
*filings* (备案) are not administrative licences, so they are parsed when listed but not
claimed as covered."""

LICENSE_NUMBER_KINDS: frozenset[str] = frozenset(
    {
        "food_business",
        "food_production",
        "food_filing",
        "drug_business",
        "drug_info",
        "device_business",
        "cnca",
        "cma",
    }
)

# Licence names → document kinds, first match wins.  食品流通许可证 and 餐饮服务许可证 are
# the predecessors of the 食品经营许可证 (merged in 2015).
_NAME_KINDS: tuple[tuple[str, str], ...] = (
    ("食品经营许可", "food_business"),
    ("食品流通许可", "food_business"),
    ("餐饮服务许可", "food_business"),
    ("食品生产许可", "food_production"),
    ("预包装食品", "food_filing"),
    ("互联网药品信息服务", "drug_info"),
    ("药品经营许可", "drug_business"),
    ("医疗器械经营", "device_business"),
    ("认证机构", "cnca"),
    ("检验检测机构资质认定", "cma"),
)


def license_kind(number: str, name: str | None = None) -> str | None:
    """The document kind of a listed licence: from its number when exactly one licence
    kind accepts it (:func:`qualcheck.numbers.detect`), else from its name
    (``食品经营许可证`` → ``food_business`` …), else ``None``.

    >>> license_kind("JY13501020012345"), license_kind("x-123", "药品经营许可证")
    ('food_business', 'drug_business')
    >>> license_kind("x-123", "排污许可证") is None
    True
    """
    from qualcheck.numbers import detect

    kinds = [kind for kind in detect(number) if kind in LICENSE_NUMBER_KINDS]
    if len(kinds) == 1:
        return kinds[0]
    if name:
        for word, kind in _NAME_KINDS:
            if word in name:
                return kind
    return None


@dataclass(frozen=True, slots=True)
class _Page:
    total: int
    licenses: tuple[LicenseRecord, ...]
    size: int


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _former_names(result: Mapping[str, Any], current: str | None) -> tuple[str, ...]:
    """``historyNameList`` (a list, or — as some clients type it — one string of names),
    else ``historyNames`` (``;``-separated), without the current name and repeats."""
    names = names_from(result.get("historyNameList"), "name", "historyName")
    if not names:
        names = names_from(result.get("historyNames"), "name", "historyName")
    seen: dict[str, None] = {}
    for name in names:
        if name != current:
            seen.setdefault(name, None)
    return tuple(seen)


class TianyanchaAdapter(ProviderAdapter):
    """The Tianyancha OpenAPI (see the module docs).

    ``token``: the API token (else ``QUALCHECK_TIANYANCHA_TOKEN``; missing → abort
    ``auth``).  ``mode``: ``"info"`` or ``"verify"``.  ``licenses``: list administrative
    licences when the query asks for licence kinds (``info`` mode only), reading at most
    ``max_license_pages`` pages of ``page_size`` items; a longer list is kept but not
    claimed as complete.  ``clock`` stamps ``fetched_at``.
    """

    name = SOURCE
    TITLE = "Tianyancha"

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        mode: Literal["info", "verify"] = "info",
        licenses: bool = True,
        page_size: int = 20,
        max_license_pages: int = 5,
        clock: Callable[[], float] = time.time,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        check_mode(mode, title=self.TITLE)
        self._token = self._credential(token, env=TOKEN_ENV, argument="token")
        self.mode = mode
        self.licenses = licenses
        self.page_size = max(1, page_size)
        self.max_license_pages = max(1, max_license_pages)
        super().__init__(
            base_url=base_url,
            url_env=URL_ENV,
            default_url=DEFAULT_BASE_URL,
            clock=clock,
            max_bytes=max_bytes,
        )
        self.license_kinds: frozenset[str] = (
            LICENSE_KINDS if licenses and mode == "info" else frozenset()
        )

    def __repr__(self) -> str:
        return (
            f"TianyanchaAdapter(base_url={self.base_url!r}, mode={self.mode!r},"
            f" licenses={self.licenses!r})"
        )

    # --- requests ---------------------------------------------------------------------

    def _request(self, path: str, params: Mapping[str, Any]) -> httpx.Request:
        return httpx.Request(
            "GET",
            self.base_url + path,
            params=dict(params),
            headers={"Authorization": self._token.reveal(), "Accept": "application/json"},
        )

    def _answer(self, response: httpx.Response) -> ProviderAnswer:
        envelope = self._read_json(response)
        code = envelope.get("error_code")
        if code is None or isinstance(code, (bool, dict, list)):
            raise RegistryResponseError(
                "Tianyancha answered without an error_code", source=SOURCE, reason="malformed"
            )
        message = scrub(str(envelope.get("reason") or ""), self._token)
        rule = CODES.check(code, message, retry_after=retry_after(response))
        return ProviderAnswer(str(code).strip(), rule, message, envelope.get("result"))

    # --- flow ---------------------------------------------------------------------------

    def flow(self, query: RegistryQuery) -> Flow:
        """The exchanges answering ``query``.

        ``info`` mode: base information, then licence pages when asked for.
        ``verify`` mode (needs the USCC or registration number, the name and the legal
        representative) reads Tianyancha's ``result``:

        * ``1`` (验证成功) — all three match;
        * ``2`` (name looks like a former name, the other two match) — ``name`` false,
          ``former_name`` true, and the declared name is kept as a former name;
        * ``0`` (验证失败) — the registry confirms *nothing* and does not say which element
          failed: the record has no name or USCC, and ``matches`` has every element
          ``None`` (unconfirmed) — a registry check must read that as "could not confirm"
          (review), not as "not checked";
        * ``error_code 300000`` — not found.
        """
        if self.mode == "verify":
            return (yield from self._verify_flow(query))
        return (yield from self._info_flow(query))

    def _info_flow(self, query: RegistryQuery) -> Flow:
        keyword = query.uscc or query.name or ""
        outcome = yield Step(
            self._request(BASEINFO_PATH, {"keyword": keyword}), self._parse_baseinfo, "baseinfo"
        )
        if isinstance(outcome, LookupResult):
            return outcome
        record: RegistryRecord = outcome
        wanted = self.license_kinds & frozenset(query.license_kinds)
        if not wanted:
            return unidentified(LookupResult.found(record), query.uscc, "creditCode", "regNumber")
        licenses: list[LicenseRecord] = []
        listed_items = 0
        complete = False
        failure: LookupResult | None = None
        holder = record.uscc or keyword
        parse_page = self._license_parser(record.uscc)
        for page in range(1, self.max_license_pages + 1):
            params = {"keyword": holder, "pageSize": self.page_size, "pageNum": page}
            listed = yield Step(
                self._request(LICENSE_PATH, params), parse_page, f"licenses[{page}]"
            )
            if isinstance(listed, LookupResult):  # the listing failed: keep the record,
                failure = listed  # claim no coverage, and say why (never a silent pass)
                break
            licenses.extend(listed.licenses)
            listed_items += listed.size
            if listed.size == 0 or listed_items >= listed.total:
                complete = True
                break
        record = record.model_copy(update={"licenses": tuple(licenses)})
        found = LookupResult.found(record, license_kinds=wanted if complete else frozenset())
        if failure is not None:
            found = dataclasses.replace(
                found,
                reason=failure.reason,
                detail=f"the licence listing failed: {failure.detail}",
                provider_code=failure.provider_code,
            )
        return unidentified(found, query.uscc, "creditCode", "regNumber")

    def _parse_baseinfo(self, response: httpx.Response) -> RegistryRecord | LookupResult:
        answer = self._answer(response)
        if answer.rule.action is Action.NOT_FOUND:
            return LookupResult.not_found(SOURCE, provider_code=answer.code)
        if answer.rule.action is Action.FAIL:
            return CODES.failed(answer)
        result = answer.data
        if not isinstance(result, dict) or not result:
            raise RegistryResponseError(
                "Tianyancha answered error_code 0 without a company",
                source=SOURCE,
                reason="malformed",
            )
        read = EntityReader(result)
        name = read.text("name")
        term_from = registry_date(result.get("fromTime"))
        fields: dict[str, Any] = {
            "name": name,
            "uscc": read.text("creditCode"),
            "registration_number": read.text("regNumber"),
            "legal_representative": read.text("legalPersonName"),
            "status": read.text("regStatus"),
            "established_on": _day(result.get("estiblishTime")),
            "revoked_on": _day(result.get("revokeDate")),
            "cancelled_on": _day(result.get("cancelDate")),
            "term_from": None if term_from == "长期" else term_from,
            "term_to": registry_date(result.get("toTime")),
            "scope": read.text("businessScope"),
            "address": read.text("regLocation"),
            "former_names": _former_names(result, name),
            "source": SOURCE,
            "fetched_at": self._now(),
        }
        problem = read.problem("Tianyancha", identity=("name", "creditCode", "regNumber"))
        if problem is not None:  # a success that does not identify an entity: never found
            return LookupResult.failed(SOURCE, "malformed", problem)
        return build_record(fields, source=SOURCE, title="Tianyancha")

    def _license_parser(
        self, holder: str | None
    ) -> Callable[[httpx.Response], _Page | LookupResult]:
        def parse(response: httpx.Response) -> _Page | LookupResult:
            answer = self._answer(response)
            if answer.rule.action is Action.NOT_FOUND:
                return _Page(0, (), 0)
            if answer.rule.action is Action.FAIL:
                return CODES.failed(answer)
            # error_code 0 must carry {"total": n, "items": [...]}; anything else is an
            # unreadable listing, not "no licences" (that is 300000): claim nothing
            result = answer.data
            items = result.get("items") if isinstance(result, dict) else None
            total = result.get("total") if isinstance(result, dict) else None
            if not isinstance(items, list) or not isinstance(total, int) or isinstance(total, bool):
                return LookupResult.failed(
                    SOURCE,
                    "malformed",
                    "Tianyancha answered error_code 0 without a listing of total and items",
                )
            parsed = tuple(lic for item in items if (lic := _license(item, holder)) is not None)
            return _Page(max(total, 0), parsed, len(items))

        return parse

    def _verify_flow(self, query: RegistryQuery) -> Flow:
        if not (query.uscc and query.name and query.legal_representative):
            return LookupResult.failed(
                SOURCE,
                "bad_request",
                "Tianyancha three-element verification needs the USCC (or registration"
                " number), the name and the legal representative",
            )
        params = {
            "code": query.uscc,
            "name": query.name,
            "legalPersonName": query.legal_representative,
        }
        outcome = yield Step(
            self._request(VERIFY_PATH, params), self._verify_parser(query), "verify"
        )
        result: LookupResult = outcome
        return result

    def _verify_parser(self, query: RegistryQuery) -> Callable[[httpx.Response], LookupResult]:
        def parse(response: httpx.Response) -> LookupResult:
            answer = self._answer(response)
            if answer.rule.action is Action.NOT_FOUND:
                return LookupResult.not_found(SOURCE, provider_code=answer.code)
            if answer.rule.action is Action.FAIL:
                return CODES.failed(answer)
            data = answer.data
            verdict = data.get("result") if isinstance(data, dict) else None
            if isinstance(verdict, bool):  # true == 1 in Python: no verdict of 0, 1 or 2
                verdict = None
            fields: dict[str, Any] = {"source": SOURCE, "fetched_at": self._now()}
            if verdict in (1, "1"):
                fields.update(
                    uscc=query.uscc,
                    name=query.name,
                    legal_representative=query.legal_representative,
                    matches=ElementMatch(uscc=True, name=True, legal_representative=True),
                )
            elif verdict in (2, "2"):
                fields.update(
                    uscc=query.uscc,
                    legal_representative=query.legal_representative,
                    former_names=(query.name,),
                    matches=ElementMatch(
                        uscc=True, name=False, legal_representative=True, former_name=True
                    ),
                )
            elif verdict in (0, "0"):
                fields["matches"] = ElementMatch()
            else:
                raise RegistryResponseError(
                    "Tianyancha answered the verification without a result of 0, 1 or 2",
                    source=SOURCE,
                    reason="malformed",
                )
            return LookupResult.found(build_record(fields, source=SOURCE, title="Tianyancha"))

        return parse


def _day(value: Any) -> Any:
    """A date of the record (``estiblishTime``, ``revokeDate`` …): milliseconds or a
    spelled-out date; a long-term marker is no such date."""
    day = registry_date(value)
    return None if day == "长期" else day


def _license(item: Any, holder: str | None) -> LicenseRecord | None:
    if not isinstance(item, dict):
        return None
    number = _text(item.get("licencenumber"))
    if number is None:
        return None
    name = _text(item.get("licencename"))
    fields: dict[str, Any] = {
        "number": number,
        "kind": license_kind(number, name),
        "name": name,
        "valid_from": lenient_date(item.get("fromdate")),
        "valid_to": lenient_date(item.get("todate")),
        "scope": _text(item.get("scope")),
        "issuer": _text(item.get("department")),
        "holder_uscc": holder,
    }
    from pydantic import ValidationError

    for drop in ((), ("valid_from", "valid_to")):
        data = {k: v for k, v in fields.items() if v is not None and k not in drop}
        try:
            return LicenseRecord.model_validate(data)
        except ValidationError:
            continue
    return None
