"""Alibaba Cloud (阿里云) enterprise element verification, ``EntElementVerifyV2``.

A sans-IO :class:`~qualcheck.registries.HttpAdapter`; run it with
:class:`~qualcheck.registries.HttpRegistry`.  The API (product ``cloudauth``, version
``2022-11-25``) confirms two, three or four elements of an entity — USCC and name
(``ENT_2META``), plus the legal representative's name (``ENT_3META``, the default), plus
the legal representative's ID number (``ENT_4META``) — and reports the registration
status (``Status``) and the operating term (``OpenTime``, ``"start/end"``).

Requests are RPC-style calls signed with Alibaba Cloud's signature version 1.0
(:func:`rpc_signature`: HMAC-SHA1 over the sorted, percent-encoded parameters, keyed with
``AccessKeySecret + "&"``).  They are sent as ``POST`` with a form body, so that the
AccessKey id, the signature and the personal data of a four-element check stay out of
URLs (which proxies and access logs record).  Each request carries a fresh
``SignatureNonce`` and a fresh ``MerchantBizId`` (32 hex digits): Alibaba Cloud asks for a
unique business id per call, for troubleshooting, so qualcheck records it as evidence next
to the ``RequestId``.

Answers:

* ``Code`` ``200``/``Success``/``OK`` → ``Result.BizCode``: ``1`` all elements match;
  ``2`` some do not — ``ReasonDetail`` names them (``LicenseNoFlag``, ``EntNameFlag``,
  ``LegalPersonNameFlag``, ``LegalPersonCertNoFlag``; an ID-number mismatch is reported as
  a legal-representative mismatch, since :class:`~qualcheck.registries.ElementMatch` has
  no field for the ID number); ``3`` not found.
* ``Status`` is a number in this API: ``1`` in operation, ``2`` moved out, ``3``
  deregistered (注销), ``4`` revoked (吊销), ``5`` annulled (撤销), ``6`` suspended, ``0``
  other; spelled-out statuses are read with :func:`~qualcheck.registries.normalize_status`.
  A ``Status`` that is neither text nor an integer (a list, an object) is a failed
  look-up (``malformed``): an unreadable status is never "no status reported".
* ``OpenTime`` ends in year 9999 (``2018-09-25/9999-09-09``) for "no fixed term".
* Error codes (:data:`CODES`): ``InvalidAccessKeyId.*``, ``SignatureDoesNotMatch``,
  ``IncompleteSignature``, ``InvalidTimeStamp.*`` → abort ``auth``; ``Forbidden.*`` and
  ``InvalidAction.*`` → abort ``forbidden``; ``InsufficientBalance`` → abort ``quota``;
  ``Throttling.*`` → transient ``rate_limited``; ``ServiceUnavailable``,
  ``InternalError``, ``SignatureNonceUsed`` → transient; ``MissingParameter``,
  ``InvalidParameter`` → failed ``bad_request``; anything else → failed
  ``provider_error``.  Alibaba Cloud sends these with an HTTP error status (400, 403, 404,
  500, 503); the JSON body is read whatever the status.

The legal representative's ID number (``ENT_4META``) is personal data: it is sent in the
request body only, scrubbed from any provider message, and never appears in a record, a
message or evidence.  :class:`~qualcheck.registries.RegistryQuery` has no field for it, so
``ENT_4META`` takes a ``cert_no_for(query)`` callable that returns it.

Configuration: ``access_key_id=``/``access_key_secret=`` or
``QUALCHECK_ALIYUN_ACCESS_KEY_ID``/``QUALCHECK_ALIYUN_ACCESS_KEY_SECRET``; ``base_url=`` or
``QUALCHECK_ALIYUN_URL`` (default ``https://cloudauth.aliyuncs.com``).

>>> from qualcheck.registries import RegistryQuery
>>> adapter = AliyunAdapter("id", "secret", clock=lambda: 1700000000, nonce=lambda: "n1")
>>> adapter
AliyunAdapter(base_url='https://cloudauth.aliyuncs.com', info_type='ENT_3META', ...)
>>> step = next(adapter.flow(RegistryQuery(uscc="91350100M000100Y43", name="福州示例有限公司",
...                                       legal_representative="王五")))
>>> step.request.method, step.request.url.path, b"AccessKeyId" in step.request.url.query
('POST', '/', False)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Literal
from urllib.parse import quote

import httpx

from qualcheck.registries._adapter_support import (
    DEFAULT_MAX_BYTES,
    Action,
    CodeMap,
    CodeRule,
    EntityReader,
    ProviderAdapter,
    ProviderAnswer,
    Secret,
    build_record,
    lenient_date,
    retry_after,
    scrub,
)
from qualcheck.registries._errors import RegistryResponseError
from qualcheck.registries._protocol import Flow, Step
from qualcheck.registries._record import ElementMatch, LookupResult, RegistryQuery
from qualcheck.registries._status import RegistryStatus

__all__ = [
    "ACTION",
    "CODES",
    "DEFAULT_BASE_URL",
    "KEY_ID_ENV",
    "KEY_SECRET_ENV",
    "STATUS_CODES",
    "URL_ENV",
    "VERSION",
    "AliyunAdapter",
    "percent_encode",
    "rpc_signature",
]

SOURCE = "aliyun"
DEFAULT_BASE_URL = "https://cloudauth.aliyuncs.com"
KEY_ID_ENV = "QUALCHECK_ALIYUN_ACCESS_KEY_ID"
KEY_SECRET_ENV = "QUALCHECK_ALIYUN_ACCESS_KEY_SECRET"
URL_ENV = "QUALCHECK_ALIYUN_URL"
ACTION = "EntElementVerifyV2"
VERSION = "2022-11-25"

InfoType = Literal["ENT_2META", "ENT_3META", "ENT_4META"]
_INFO_TYPES = ("ENT_2META", "ENT_3META", "ENT_4META")

_KEYS_HINT = (
    f"check the AccessKey pair (access_key_id=/access_key_secret= or {KEY_ID_ENV}/{KEY_SECRET_ENV})"
)

CODES = CodeMap(
    "Alibaba Cloud",
    "Code",
    {
        "200": CodeRule.ok("成功"),
        "Success": CodeRule.ok("成功"),
        "OK": CodeRule.ok("成功"),
        "MissingParameter": CodeRule.fail("bad_request", "缺少必须参数"),
        "InvalidParameter": CodeRule.fail("bad_request", "参数不合法"),
        "400": CodeRule.fail("bad_request", "参数不能为空"),
        "401": CodeRule.fail("bad_request", "参数非法"),
        "InvalidAccessKeyId": CodeRule.abort("auth", "AccessKeyId 不存在或已禁用", _KEYS_HINT),
        "SignatureDoesNotMatch": CodeRule.abort("auth", "签名不匹配", _KEYS_HINT),
        "IncompleteSignature": CodeRule.abort("auth", "签名不完整", _KEYS_HINT),
        "InvalidTimeStamp": CodeRule.abort(
            "auth", "时间戳无效或已过期", "check the system clock (UTC, within 15 minutes)"
        ),
        "Forbidden": CodeRule.abort(
            "forbidden",
            "无权限",
            "enable the cloudauth service, settle any arrears and grant the RAM user"
            " AliyunYundunCloudAuthFullAccess",
        ),
        "InvalidAction": CodeRule.abort(
            "forbidden", "API 不存在", f"check the base URL (base_url= or {URL_ENV})"
        ),
        "InsufficientBalance": CodeRule.abort("quota", "余额不足", "top up the account"),
        "Throttling": CodeRule.retry("rate_limited", "请求被流控"),
        "SignatureNonceUsed": CodeRule.retry("provider_error", "SignatureNonce 已使用"),
        "ServiceUnavailable": CodeRule.retry("provider_error", "服务暂不可用"),
        "InternalError": CodeRule.retry("provider_error", "内部错误"),
        "500": CodeRule.retry("provider_error", "系统错误"),
    },
    source=SOURCE,
    prefixes=True,
)
"""Alibaba Cloud's ``Code`` values and how the adapter treats them; a dotted code without
a rule of its own (``Throttling.User``, ``Forbidden.RAM``) takes the rule of its first
part.  Undocumented codes give a ``provider_error`` failure."""

STATUS_CODES: dict[str, RegistryStatus] = {
    "1": RegistryStatus.ACTIVE,
    "2": RegistryStatus.MOVED_OUT,
    "3": RegistryStatus.CANCELLED,
    "4": RegistryStatus.REVOKED,
    "5": RegistryStatus.REVOKED,
    "6": RegistryStatus.SUSPENDED,
    "0": RegistryStatus.UNKNOWN,
}
"""``Result.Status`` of EntElementVerifyV2 → :class:`~qualcheck.registries.RegistryStatus`
(1 在营, 2 迁出, 3 注销, 4 吊销, 5 撤销, 6 停业, 0 其他) — not GSXT's numbering."""

_SCENE_CODE = re.compile(r"[A-Za-z0-9_]{1,32}")
_USER_ID = re.compile(r"[A-Za-z0-9]{1,32}")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")

_FLAGS = {
    "LicenseNoFlag": "uscc",
    "EntNameFlag": "name",
    "LegalPersonNameFlag": "legal_representative",
    "LegalPersonCertNoFlag": "legal_representative",
}


def percent_encode(text: str) -> str:
    """Percent-encoding as the signature needs it: UTF-8, everything but ``A-Z a-z 0-9 -
    _ . ~`` encoded, a space as ``%20`` (never ``+``), ``*`` as ``%2A``.

    >>> percent_encode("a b*c~/é")
    'a%20b%2Ac~%2F%C3%A9'
    """
    return quote(text, safe="")


def rpc_signature(params: Mapping[str, str], secret: str, method: str = "GET") -> str:
    """Alibaba Cloud's RPC signature, version 1.0.

    The canonical query string joins ``percent_encode(name)=percent_encode(value)`` for
    every parameter but ``Signature``, sorted by name, with ``&``; the string to sign is
    ``METHOD&%2F&`` followed by the percent-encoded canonical string; the signature is the
    Base64 HMAC-SHA1 of that string keyed with ``secret + "&"``.
    """
    canonical = "&".join(
        f"{percent_encode(name)}={percent_encode(value)}"
        for name, value in sorted(params.items())
        if name != "Signature"
    )
    to_sign = f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new((secret + "&").encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(digest.digest()).decode("ascii")


def _new_nonce() -> str:
    return uuid.uuid4().hex


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None


class AliyunAdapter(ProviderAdapter):
    """Alibaba Cloud ``EntElementVerifyV2`` (see the module docs).

    ``access_key_id``/``access_key_secret``: the AccessKey pair (else the environment;
    missing → abort ``auth``).  ``info_type``: ``ENT_2META``, ``ENT_3META`` or
    ``ENT_4META``.  ``scene_code`` (default ``qualcheck``) and ``merchant_user_id``
    (default ``qualcheck``) are the caller-chosen labels the API requires;
    ``user_authorization`` says whether the merchant authorised the check (sent as
    ``1``/``0``).  ``cert_no_for(query)`` returns the legal representative's ID number for
    ``ENT_4META``.  ``clock`` (Unix seconds) and ``nonce`` (a unique string each call)
    make signatures testable.
    """

    name = SOURCE
    TITLE = "Alibaba Cloud"
    license_kinds: frozenset[str] = frozenset()

    def __init__(
        self,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        *,
        base_url: str | None = None,
        scene_code: str | None = None,
        info_type: InfoType = "ENT_3META",
        merchant_user_id: str = "qualcheck",
        user_authorization: bool = True,
        cert_no_for: Callable[[RegistryQuery], str | None] | None = None,
        clock: Callable[[], float] = time.time,
        nonce: Callable[[], str] = _new_nonce,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        from qualcheck.exceptions import ConfigError

        if info_type not in _INFO_TYPES:
            raise ConfigError(
                f"Alibaba Cloud: info_type must be one of {', '.join(_INFO_TYPES)},"
                f" not {info_type!r}"
            )
        if scene_code is not None and not _SCENE_CODE.fullmatch(scene_code):
            raise ConfigError(
                "Alibaba Cloud: scene_code is up to 32 letters, digits and underscores"
            )
        if not _USER_ID.fullmatch(merchant_user_id):
            raise ConfigError("Alibaba Cloud: merchant_user_id is up to 32 letters and digits")
        if info_type == "ENT_4META" and cert_no_for is None:
            raise ConfigError(
                "Alibaba Cloud: ENT_4META needs cert_no_for=, a function giving the legal"
                " representative's ID number for a query"
            )
        self._key_id = self._credential(access_key_id, env=KEY_ID_ENV, argument="access_key_id")
        self._key_secret = self._credential(
            access_key_secret, env=KEY_SECRET_ENV, argument="access_key_secret"
        )
        self.scene_code = scene_code or "qualcheck"
        self.info_type: InfoType = info_type
        self.merchant_user_id = merchant_user_id
        self.user_authorization = user_authorization
        self._cert_no_for = cert_no_for
        self._nonce = nonce
        super().__init__(
            base_url=base_url,
            url_env=URL_ENV,
            default_url=DEFAULT_BASE_URL,
            clock=clock,
            max_bytes=max_bytes,
        )

    def __repr__(self) -> str:
        return (
            f"AliyunAdapter(base_url={self.base_url!r}, info_type={self.info_type!r},"
            f" scene_code={self.scene_code!r})"
        )

    def _elements(self) -> tuple[str, ...]:
        if self.info_type == "ENT_2META":
            return ("uscc", "name")
        return ("uscc", "name", "legal_representative")

    def flow(self, query: RegistryQuery) -> Flow:
        """One signed ``EntElementVerifyV2`` call (see the module docs for the answers).

        The query needs the USCC and the name, and for ``ENT_3META``/``ENT_4META`` the
        legal representative; without them the look-up fails with ``bad_request``
        before any request.
        """
        missing = [element for element in self._elements() if not getattr(query, element)]
        cert_no = self._cert_no_for(query) if self._cert_no_for is not None else None
        if self.info_type == "ENT_4META" and not cert_no:
            missing.append("legal representative's ID number")
        if missing:
            return LookupResult.failed(
                SOURCE,
                "bad_request",
                f"Alibaba Cloud {self.info_type} verification needs: {', '.join(missing)}",
            )
        biz_id = _NOT_ALNUM.sub("", self._nonce())[:32] or uuid.uuid4().hex
        params = self._params(query, biz_id, cert_no)
        parse = self._parser(query, biz_id, Secret(cert_no) if cert_no else None)
        request = httpx.Request(
            "POST", self.base_url + "/", data=params, headers={"Accept": "application/json"}
        )
        result: LookupResult = yield Step(request, parse, "ent_element_verify")
        return result

    def _params(self, query: RegistryQuery, biz_id: str, cert_no: str | None) -> dict[str, str]:
        params = {
            "Action": ACTION,
            "Version": VERSION,
            "Format": "JSON",
            "AccessKeyId": self._key_id.reveal(),
            "SignatureMethod": "HMAC-SHA1",
            "SignatureVersion": "1.0",
            "SignatureNonce": self._nonce(),
            "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self._clock())),
            "SceneCode": self.scene_code,
            "MerchantBizId": biz_id,
            "MerchantUserId": self.merchant_user_id,
            "UserAuthorization": "1" if self.user_authorization else "0",
            "InfoVerifyType": self.info_type,
            "LicenseNo": query.uscc or "",
            "EntName": query.name or "",
        }
        if self.info_type != "ENT_2META":
            params["LegalPersonName"] = query.legal_representative or ""
        if cert_no:
            params["LegalPersonCertNo"] = cert_no
        params["Signature"] = rpc_signature(params, self._key_secret.reveal(), "POST")
        return params

    def _answer(
        self, response: httpx.Response, biz_id: str, cert_no: Secret | None
    ) -> ProviderAnswer:
        envelope = self._read_json(response)
        code = _text(envelope.get("Code"))
        if code is None:
            raise RegistryResponseError(
                f"Alibaba Cloud answered HTTP {response.status_code} without a Code",
                source=SOURCE,
                reason="malformed",
            )
        message = scrub(str(envelope.get("Message") or ""), self._key_id, self._key_secret, cert_no)
        rule = CODES.check(code, message, retry_after=retry_after(response))
        request_id = f"{_text(envelope.get('RequestId')) or '-'};MerchantBizId={biz_id}"
        return ProviderAnswer(code, rule, message, envelope.get("Result"), request_id)

    def _parser(
        self, query: RegistryQuery, biz_id: str, cert_no: Secret | None
    ) -> Callable[[httpx.Response], LookupResult]:
        def parse(response: httpx.Response) -> LookupResult:
            answer = self._answer(response, biz_id, cert_no)
            if answer.rule.action is Action.NOT_FOUND:  # no such code in this map, kept safe
                return LookupResult.not_found(SOURCE, request_id=answer.request_id)
            if answer.rule.action is Action.FAIL:
                failed = CODES.failed(answer)
                if response.status_code >= 400:  # the driver hears an error status by a raise
                    raise RegistryResponseError(
                        failed.detail or f"Alibaba Cloud answered Code {answer.code}",
                        source=SOURCE,
                        reason=failed.reason or "provider_error",
                        provider_code=failed.provider_code,
                    )
                return failed
            result = answer.data if isinstance(answer.data, dict) else {}
            biz_code = _text(result.get("BizCode"))
            if biz_code == "3":
                return LookupResult.not_found(
                    SOURCE, request_id=answer.request_id, provider_code="BizCode 3"
                )
            if biz_code not in ("1", "2"):
                raise RegistryResponseError(
                    "Alibaba Cloud answered without a BizCode of 1, 2 or 3",
                    source=SOURCE,
                    reason="malformed",
                )
            read = EntityReader(result)
            reason_detail = read.text("ReasonDetail") if biz_code == "2" else None
            status = read.text("Status", integers=True)
            problem = read.problem("Alibaba Cloud", identity=())
            if problem is not None:  # e.g. a Status in a list: unreadable, never silence
                return LookupResult.failed(
                    SOURCE, "malformed", problem, request_id=answer.request_id
                )
            matches = self._matches(biz_code, reason_detail)
            fields: dict[str, Any] = {
                "uscc": query.uscc if matches.uscc else None,
                "name": query.name if matches.name else None,
                "legal_representative": (
                    query.legal_representative if matches.legal_representative else None
                ),
                "matches": matches,
                "fetched_at": self._now(),
                "request_id": answer.request_id,
                **_status(status),
                **_term(result.get("OpenTime")),
            }
            return LookupResult.found(build_record(fields, source=SOURCE, title="Alibaba Cloud"))

        return parse

    def _matches(self, biz_code: str, reason_detail: str | None) -> ElementMatch:
        sent = self._elements()
        if biz_code == "1":
            return ElementMatch(**dict.fromkeys(sent, True))
        flagged = {
            _FLAGS[flag.strip()]
            for flag in (reason_detail or "").replace("，", ",").split(",")
            if flag.strip() in _FLAGS
        }
        if not flagged:  # a mismatch without saying which: nothing is confirmed
            return ElementMatch()
        return ElementMatch(**{element: element not in flagged for element in sent})


def _status(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    mapped = STATUS_CODES.get(text)
    if mapped is None:
        return {"status": text}
    return {"status": mapped, "status_raw": text}


def _term(raw: Any) -> dict[str, Any]:
    text = _text(raw)
    if text is None:
        return {}
    parts = text.split("/")
    if len(parts) != 2:
        return {}
    start, end = (lenient_date(part) for part in parts)
    return {
        "term_from": None if start == "长期" else start,
        "term_to": end,
    }
