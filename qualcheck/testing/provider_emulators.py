"""Emulators of the commercial registry APIs, for testing adapters and the code around them.

Each emulator is built from :class:`~qualcheck.registries.RegistryRecord` objects and the
credentials it should accept, and is a handler — a plain function from
:class:`~qualcheck.testing._http_types.Incoming` to
:class:`~qualcheck.testing._http_types.Reply` — so it can be called directly (no sockets)
or served by :class:`~qualcheck.testing.registry_server.RegistryServer` on loopback.  It
answers the documented endpoints the way the provider does: the provider's envelope, codes
and field names, millisecond timestamps where the provider uses them, Chinese status
strings; it checks the credentials and signatures (a wrong one gets the provider's own
authentication code) and answers unknown entities with the provider's "no result" code.

:meth:`force` makes the next calls answer a given provider code — ``force(109)`` is
Qichacha's "daily limit reached" — so that every code path can be tested.

======================  ===================================================================
emulator                endpoints
======================  ===================================================================
TianyanchaEmulator      ``/services/open/ic/baseinfo/normal``, ``/services/open/m/getLicense/2.0``,
                        ``/services/open/ic/verify/2.0``; header ``Authorization``
QichachaEmulator        ``/EnterpriseInfo/Verify``, ``/ECIThreeElVerify/GetInfo``; ``key`` +
                        ``Token``/``Timespan`` headers
AliyunEmulator          ``EntElementVerifyV2`` (RPC, signature version 1.0; GET query or
                        POST form)
======================  ===================================================================

>>> from qualcheck.registries import RegistryRecord
>>> from qualcheck.testing._http_types import Incoming
>>> record = RegistryRecord(name="福州示例有限公司", uscc="91350100M000100Y43",
...                         legal_representative="王五", status="存续", established_on="2010-01-01")
>>> emulator = TianyanchaEmulator([record], token="t-123")
>>> reply = emulator(Incoming("GET", "/services/open/ic/baseinfo/normal",
...                           {"keyword": "91350100M000100Y43"}, {"authorization": "t-123"}))
>>> body = reply.body
>>> body["error_code"], body["result"]["regStatus"], body["result"]["estiblishTime"]
(0, '存续', 1262275200000)
>>> emulator(Incoming("GET", "/services/open/ic/baseinfo/normal", {"keyword": "x"},
...                   {"authorization": "t-123"})).body["error_code"]
300000
>>> emulator.force(300007)                     # the next call: no calls left
>>> emulator(Incoming("GET", "/services/open/ic/baseinfo/normal",
...                   {"keyword": "91350100M000100Y43"}, {"authorization": "t-123"})).body
{'error_code': 300007, 'reason': '剩余次数不足', 'result': None}

Without a server, :func:`run_flow` runs an adapter's flow against an emulator — each
request converted with :func:`incoming`, each reply with :func:`respond`:

>>> from qualcheck.registries import RegistryQuery, TianyanchaAdapter
>>> adapter = TianyanchaAdapter(token="t-123", licenses=False)
>>> result = run_flow(adapter.flow(RegistryQuery(uscc="91350100M000100Y43")), emulator)
>>> result.status.value, result.record.name, result.record.legal_representative
('found', '福州示例有限公司', '王五')
"""

from __future__ import annotations

import base64
import collections
import datetime
import hashlib
import hmac
import itertools
import threading
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote

from qualcheck.registries._record import LicenseRecord, RegistryRecord, normalize_identifier
from qualcheck.registries._status import RegistryStatus
from qualcheck.testing._http_types import Handler, Incoming, Reply

if TYPE_CHECKING:
    import httpx

    from qualcheck.registries._protocol import Flow
    from qualcheck.registries._record import LookupResult

__all__ = [
    "AliyunEmulator",
    "ProviderEmulator",
    "QichachaEmulator",
    "TianyanchaEmulator",
    "incoming",
    "respond",
    "run_flow",
]

_CHINA = datetime.timezone(datetime.timedelta(hours=8))
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)

_STATUS_WORDS = {
    RegistryStatus.ACTIVE: "存续（在营、开业、在册）",
    RegistryStatus.REVOKED: "吊销，未注销",
    RegistryStatus.CANCELLED: "注销",
    RegistryStatus.MOVED_OUT: "迁出",
    RegistryStatus.LIQUIDATING: "清算",
    RegistryStatus.SUSPENDED: "停业",
    RegistryStatus.UNKNOWN: "其他",
}
_LICENSE_NAMES = {
    "food_business": "食品经营许可证",
    "food_production": "食品生产许可证",
    "food_filing": "仅销售预包装食品备案",
    "drug_business": "药品经营许可证",
    "drug_info": "互联网药品信息服务资格证书",
    "device_business": "医疗器械经营许可证",
    "cnca": "认证机构批准书",
    "cma": "检验检测机构资质认定证书",
}


def _millis(day: datetime.date | None) -> int | None:
    if day is None:
        return None
    moment = datetime.datetime(day.year, day.month, day.day, tzinfo=_CHINA)
    return int((moment - _EPOCH).total_seconds() * 1000)


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day is not None else ""


def _name_key(name: str | None) -> str:
    if not name:
        return ""
    from qualcheck.checks.consistency import normalize_name

    return str(normalize_name(name))


def _person_key(name: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def _status_text(record: RegistryRecord) -> str:
    return record.status_raw or _STATUS_WORDS[record.status]


class ProviderEmulator:
    """What the three emulators share: the records, indexed by USCC, registration number
    and name; the call counter ``calls``; and :meth:`force`."""

    def __init__(self, records: Iterable[RegistryRecord]) -> None:
        self.records: tuple[RegistryRecord, ...] = tuple(records)
        self._by_key: dict[str, RegistryRecord] = {}
        for record in self.records:
            for key in (record.uscc, record.registration_number):
                if key:
                    self._by_key.setdefault(normalize_identifier(key), record)
            if record.name:
                self._by_key.setdefault("name:" + _name_key(record.name), record)
        self._lock = threading.Lock()
        self._forced: collections.deque[tuple[str, int | None]] = collections.deque()
        self.calls = 0

    def find(self, key: str | None) -> RegistryRecord | None:
        """The record whose USCC, registration number or name is ``key``."""
        if not key or not key.strip():
            return None
        return self._by_key.get(normalize_identifier(key)) or self._by_key.get(
            "name:" + _name_key(key)
        )

    def force(self, code: int | str, times: int = 1, *, http_status: int | None = None) -> None:
        """Answer the next ``times`` calls that pass the credential check with the
        provider code ``code``, at HTTP ``http_status`` (default: 200, or for Alibaba
        Cloud the code's usual status).  Calls are queued: ``force(a); force(b)`` answers
        ``a`` then ``b``."""
        with self._lock:
            self._forced.extend([(str(code), http_status)] * times)

    def _count(self) -> None:
        with self._lock:
            self.calls += 1

    def _take_forced(self) -> tuple[str, int | None] | None:
        """The next forced answer; taken only by calls whose credentials passed."""
        with self._lock:
            return self._forced.popleft() if self._forced else None


# --- Tianyancha -----------------------------------------------------------------------------


class TianyanchaEmulator(ProviderEmulator):
    """Tianyancha's OpenAPI: envelope ``{"error_code", "reason", "result"}``, HTTP 200.

    A missing or wrong ``Authorization`` header gets ``300009`` (账号信息有误); an unknown
    keyword ``300000`` (经查无结果); a missing parameter ``300008``; an unknown path
    ``300010``.  Licence pages hold at most 20 items (``pageSize`` above 20 is read as
    20), like the real API.
    """

    BASEINFO = "/services/open/ic/baseinfo/normal"
    LICENSES = "/services/open/m/getLicense/2.0"
    VERIFY = "/services/open/ic/verify/2.0"
    MAX_PAGE_SIZE = 20

    def __init__(self, records: Iterable[RegistryRecord], *, token: str) -> None:
        super().__init__(records)
        self._token = token

    def __repr__(self) -> str:
        return f"TianyanchaEmulator({len(self.records)} records)"

    @staticmethod
    def _envelope(code: int | str, result: Any = None, status: int = 200) -> Reply:
        from qualcheck.registries.tianyancha import CODES

        number: int | str = int(code) if str(code).isdigit() else code
        reason = "ok" if number == 0 else CODES.rule(number).meaning
        return Reply(status, {"error_code": number, "reason": reason, "result": result})

    def __call__(self, incoming: Incoming) -> Reply:
        self._count()
        if incoming.headers.get("authorization") != self._token:
            return self._envelope(300009)
        forced = self._take_forced()
        if forced is not None:
            return self._envelope(forced[0], status=forced[1] or 200)
        if incoming.path == self.BASEINFO:
            return self._baseinfo(incoming.query)
        if incoming.path == self.LICENSES:
            return self._licenses(incoming.query)
        if incoming.path == self.VERIFY:
            return self._verify(incoming.query)
        return self._envelope(300010)

    def _baseinfo(self, query: Mapping[str, str]) -> Reply:
        keyword = query.get("keyword", "")
        if not keyword.strip():
            return self._envelope(300008)
        record = self.find(keyword)
        if record is None:
            return self._envelope(300000)
        term = record.term
        result = {
            "name": record.name,
            "creditCode": record.uscc,
            "regNumber": record.registration_number,
            "orgNumber": record.uscc[8:17] if record.uscc and len(record.uscc) == 18 else None,
            "legalPersonName": record.legal_representative,
            "regStatus": _status_text(record),
            "estiblishTime": _millis(record.established_on),
            "fromTime": _millis(term.valid_from if term else None),
            "toTime": _millis(term.valid_to if term else None),
            "businessScope": record.scope,
            "regLocation": record.address,
            "historyNames": ";".join(record.former_names) or None,
            "historyNameList": list(record.former_names),
        }
        return self._envelope(0, result)

    def _licenses(self, query: Mapping[str, str]) -> Reply:
        keyword = query.get("keyword", "")
        if not keyword.strip():
            return self._envelope(300008)
        record = self.find(keyword)
        if record is None or not record.licenses:
            return self._envelope(300000)
        try:
            size = min(max(int(query.get("pageSize", "20")), 1), self.MAX_PAGE_SIZE)
            page = max(int(query.get("pageNum", "1")), 1)
        except ValueError:
            return self._envelope(300008)
        chosen = record.licenses[(page - 1) * size : page * size]
        items = [_tianyancha_license(lic) for lic in chosen]
        return self._envelope(0, {"total": len(record.licenses), "items": items})

    def _verify(self, query: Mapping[str, str]) -> Reply:
        code, name, person = (query.get(k, "") for k in ("code", "name", "legalPersonName"))
        if not (code.strip() and name.strip() and person.strip()):
            return self._envelope(300008)
        record = self.find(code)
        if record is None or normalize_identifier(code) not in {
            normalize_identifier(v) for v in (record.uscc, record.registration_number) if v
        }:
            return self._envelope(300000)
        person_ok = _person_key(person) == _person_key(record.legal_representative)
        if person_ok and _name_key(name) == _name_key(record.name):
            return self._envelope(0, {"result": 1, "remark": "验证成功"})
        if person_ok and _name_key(name) in {_name_key(n) for n in record.former_names}:
            return self._envelope(
                0, {"result": 2, "remark": "输入企业名疑似曾用名，其他两要素一致"}
            )
        return self._envelope(0, {"result": 0, "remark": "验证失败"})


def _tianyancha_license(lic: LicenseRecord) -> dict[str, Any]:
    validity = lic.validity
    to_date: str | None = None
    if validity is not None:
        to_date = "长期" if validity.long_term else (_iso(validity.valid_to) or None)
    return {
        "licencenumber": lic.number,
        "licencename": lic.name or _LICENSE_NAMES.get(lic.kind or "", "行政许可"),
        "fromdate": _iso(validity.valid_from) if validity else None,
        "todate": to_date,
        "scope": lic.scope,
        "department": lic.issuer,
        "source": "市场监督管理局",
    }


# --- Qichacha -------------------------------------------------------------------------------


class QichachaEmulator(ProviderEmulator):
    """Qichacha's OpenAPI: envelope ``{"Status", "Message", "OrderNumber", "Paging",
    "Result"}``, HTTP 200.

    An unknown ``key`` gets ``101`` (KEY无效); a wrong ``Token`` ``107`` (签名错误); a
    ``Timespan`` more than ``max_skew`` seconds from ``clock()`` ``115`` (checked only when
    a ``clock`` is given).  An unknown entity gets ``201`` (查询无结果) from
    ``/EnterpriseInfo/Verify`` and ``VerifyResult 0`` (统一社会信用代码有误) from
    ``/ECIThreeElVerify/GetInfo``.
    """

    INFO = "/EnterpriseInfo/Verify"
    VERIFY = "/ECIThreeElVerify/GetInfo"

    def __init__(
        self,
        records: Iterable[RegistryRecord],
        *,
        key: str,
        secret: str,
        clock: Any = None,
        max_skew: float = 600.0,
    ) -> None:
        super().__init__(records)
        self._key = key
        self._secret = secret
        self._clock = clock
        self._max_skew = max_skew
        self._orders = itertools.count(1)

    def __repr__(self) -> str:
        return f"QichachaEmulator({len(self.records)} records)"

    def _envelope(self, status: str, result: Any = None, prefix: str = "QCC") -> Reply:
        from qualcheck.registries.qichacha import CODES

        meaning = CODES.rule(status).meaning
        tag = "【有效请求】" if status in ("200", "201") else "【无效请求】"
        body = {
            "Status": status,
            "Message": tag + meaning,
            "OrderNumber": f"{prefix}2024{next(self._orders):012d}",
            "Paging": None,
            "Result": result,
        }
        return Reply(200, body)

    def _authenticate(self, incoming: Incoming) -> str | None:
        if incoming.query.get("key") != self._key:
            return "101"
        timespan = incoming.headers.get("timespan", "")
        token = incoming.headers.get("token", "")
        if not timespan.isdigit():
            return "107"
        expected = hashlib.md5((self._key + timespan + self._secret).encode("utf-8"))
        if not hmac.compare_digest(token, expected.hexdigest().upper()):
            return "107"
        if self._clock is not None and abs(float(self._clock()) - int(timespan)) > self._max_skew:
            return "115"
        return None

    def __call__(self, incoming: Incoming) -> Reply:
        self._count()
        refused = self._authenticate(incoming)
        if refused is not None:
            return self._envelope(refused)
        forced = self._take_forced()
        if forced is not None:
            reply = self._envelope(forced[0])
            return Reply(forced[1] or 200, reply.body)
        if incoming.path == self.INFO:
            return self._info(incoming.query)
        if incoming.path == self.VERIFY:
            return self._verify(incoming.query)
        return Reply(404, "<html><body>404 Not Found</body></html>", content_type="text/html")

    def _info(self, query: Mapping[str, str]) -> Reply:
        keyword = query.get("searchKey", "")
        if len(keyword.strip()) < 2:
            return self._envelope("213" if keyword.strip() else "202")
        record = self.find(keyword)
        if record is None:
            return self._envelope("201", prefix="ENTINFO")
        return self._envelope(
            "200", {"VerifyResult": 1, "Data": [_qichacha_entry(record)]}, prefix="ENTINFO"
        )

    def _verify(self, query: Mapping[str, str]) -> Reply:
        code, name, person = (query.get(k, "") for k in ("creditCode", "companyName", "operName"))
        if not (code.strip() and name.strip() and person.strip()):
            return self._envelope("202")
        record = self.find(code)
        if record is None or record.uscc != normalize_identifier(code):
            verdict = 0
        elif _name_key(name) != _name_key(record.name):
            verdict = 2
        elif _person_key(person) != _person_key(record.legal_representative):
            verdict = 3
        else:
            verdict = 1
        return self._envelope("200", {"VerifyResult": verdict}, prefix="ECI3EL")


def _qichacha_date(day: datetime.date | None) -> str:
    return f"{day.isoformat()} 00:00:00" if day is not None else ""


def _qichacha_entry(record: RegistryRecord) -> dict[str, Any]:
    term = record.term
    term_end = ""
    if term is not None:
        term_end = "无固定期限" if term.long_term else _qichacha_date(term.valid_to)
    key_no = hashlib.md5((record.uscc or record.name or "").encode("utf-8")).hexdigest()
    return {
        "KeyNo": key_no,
        "Name": record.name,
        "CreditCode": record.uscc or "",
        "No": record.registration_number or "",
        "OrgNo": record.uscc[8:17] if record.uscc and len(record.uscc) == 18 else "",
        "OperName": record.legal_representative or "",
        "Status": _status_text(record),
        "StartDate": _qichacha_date(record.established_on),
        "TermStart": _qichacha_date(term.valid_from if term else None),
        "TermEnd": term_end,
        "Scope": record.scope or "",
        "Address": record.address or "",
        "OriginalName": [{"Name": name, "ChangeDate": ""} for name in record.former_names],
        "RevokeInfo": None,
    }


# --- Alibaba Cloud --------------------------------------------------------------------------

_ALIYUN_STATUS = {
    RegistryStatus.ACTIVE: "1",
    RegistryStatus.MOVED_OUT: "2",
    RegistryStatus.CANCELLED: "3",
    RegistryStatus.REVOKED: "4",
    RegistryStatus.SUSPENDED: "6",
    RegistryStatus.LIQUIDATING: "0",
    RegistryStatus.UNKNOWN: "0",
}
_ALIYUN_ERRORS: dict[str, tuple[int, str]] = {
    "MissingParameter": (400, "The input parameter is mandatory for processing this request."),
    "InvalidParameter": (401, "The specified parameter is invalid."),
    "InvalidAccessKeyId.NotFound": (404, "Specified access key is not found."),
    "InvalidAccessKeyId.Inactive": (400, "Specified access key is disabled."),
    "SignatureDoesNotMatch": (400, "Specified signature is not matched with our calculation."),
    "IncompleteSignature": (400, "The request signature does not conform to standards."),
    "InvalidTimeStamp.Expired": (400, "Specified time stamp or date value is expired."),
    "SignatureNonceUsed": (400, "Specified signature nonce was used already."),
    "InvalidAction.NotFound": (404, "Specified api is not found, please check your url."),
    "Forbidden.AccountAccessDenied": (403, "Service not activated or account in arrears."),
    "Forbidden.RAMUserAccessDenied": (403, "The RAM user is not authorized."),
    "InsufficientBalance": (400, "Your account does not have enough balance."),
    "Throttling.User": (400, "Request was denied due to user flow control."),
    "Throttling.Api": (429, "Request was denied due to api flow control."),
    "InternalError": (500, "The request processing has failed due to some unknown error."),
    "ServiceUnavailable": (503, "The request has failed due to a temporary failure."),
}


def _aliyun_encode(text: str) -> str:
    return quote(text, safe="")


class AliyunEmulator(ProviderEmulator):
    """Alibaba Cloud ``EntElementVerifyV2`` on ``cloudauth``: RPC parameters in the query
    (GET) or a form body (POST), answers ``{"RequestId", "Code", "Message", "Result"}``.

    It checks the signature (its own implementation of signature version 1.0) and
    answers like the gateway: an unknown AccessKeyId ``404 InvalidAccessKeyId.NotFound``;
    a wrong signature ``400 SignatureDoesNotMatch``; a reused ``SignatureNonce``
    ``400 SignatureNonceUsed``; a ``Timestamp`` more than ``max_skew`` seconds from
    ``clock()`` ``400 InvalidTimeStamp.Expired`` (when a ``clock`` is given); a missing
    business parameter ``400 MissingParameter``.  An unknown ``LicenseNo`` gets
    ``BizCode 3``; a mismatch ``BizCode 2`` with the ``ReasonDetail`` flags.  The legal
    representative's ID number is compared with ``cert_numbers[uscc]`` when given (else
    accepted) and never echoed.
    """

    def __init__(
        self,
        records: Iterable[RegistryRecord],
        *,
        access_key_id: str,
        access_key_secret: str,
        cert_numbers: Mapping[str, str] | None = None,
        clock: Any = None,
        max_skew: float = 900.0,
    ) -> None:
        super().__init__(records)
        self._key_id = access_key_id
        self._key_secret = access_key_secret
        self._cert_numbers = {normalize_identifier(k): v for k, v in (cert_numbers or {}).items()}
        self._clock = clock
        self._max_skew = max_skew
        self._nonces: collections.OrderedDict[str, None] = collections.OrderedDict()

    def __repr__(self) -> str:
        return f"AliyunEmulator({len(self.records)} records)"

    @staticmethod
    def _error(code: str, status: int | None = None) -> Reply:
        default_status, message = _ALIYUN_ERRORS.get(code, (400, "The request failed."))
        body = {
            "RequestId": str(uuid.uuid4()).upper(),
            "HostId": "cloudauth.aliyuncs.com",
            "Code": code,
            "Message": message,
        }
        return Reply(status or default_status, body)

    @staticmethod
    def _params(incoming: Incoming) -> dict[str, str]:
        params = dict(incoming.query)
        content_type = incoming.headers.get("content-type", "")
        if incoming.body and content_type.startswith("application/x-www-form-urlencoded"):
            # a body that is not UTF-8 reads as what the gateway makes of it: a
            # signature that does not match, not an emulator crash
            text = incoming.body.decode("utf-8", errors="replace")
            params.update(parse_qsl(text, keep_blank_values=True))
        return params

    def _signature(self, params: Mapping[str, str], method: str) -> str:
        pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
        canonical = "&".join(f"{_aliyun_encode(k)}={_aliyun_encode(v)}" for k, v in pairs)
        to_sign = "&".join((method, _aliyun_encode("/"), _aliyun_encode(canonical)))
        key = (self._key_secret + "&").encode("utf-8")
        return base64.b64encode(hmac.new(key, to_sign.encode("utf-8"), "sha1").digest()).decode()

    def _authenticate(self, params: Mapping[str, str], method: str) -> str | None:
        if not params.get("AccessKeyId"):
            return "MissingParameter"
        if params["AccessKeyId"] != self._key_id:
            return "InvalidAccessKeyId.NotFound"
        signature = params.get("Signature", "")
        if not signature or not params.get("SignatureNonce") or not params.get("Timestamp"):
            return "IncompleteSignature"
        if not hmac.compare_digest(signature, self._signature(params, method.upper())):
            return "SignatureDoesNotMatch"
        if self._clock is not None:
            try:
                stamp = datetime.datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ")
            except ValueError:
                return "InvalidTimeStamp.Expired"
            moment = stamp.replace(tzinfo=datetime.timezone.utc).timestamp()
            if abs(float(self._clock()) - moment) > self._max_skew:
                return "InvalidTimeStamp.Expired"
        with self._lock:
            nonce = params["SignatureNonce"]
            if nonce in self._nonces:
                return "SignatureNonceUsed"
            self._nonces[nonce] = None
            while len(self._nonces) > 100_000:
                self._nonces.popitem(last=False)
        return None

    def __call__(self, incoming: Incoming) -> Reply:
        self._count()
        params = self._params(incoming)
        refused = self._authenticate(params, incoming.method)
        if refused is not None:
            return self._error(refused)
        if params.get("Action") != "EntElementVerifyV2" or params.get("Version") != "2022-11-25":
            return self._error("InvalidAction.NotFound")
        forced = self._take_forced()
        if forced is not None:
            return self._error(forced[0], forced[1])
        return self._verify(params)

    def _verify(self, params: Mapping[str, str]) -> Reply:
        info_type = params.get("InfoVerifyType", "")
        required = ["SceneCode", "MerchantBizId", "MerchantUserId", "UserAuthorization"]
        required += ["InfoVerifyType", "LicenseNo", "EntName"]
        if info_type in ("ENT_3META", "ENT_4META"):
            required.append("LegalPersonName")
        if info_type == "ENT_4META":
            required.append("LegalPersonCertNo")
        if any(not params.get(name) for name in required):
            return self._error("MissingParameter")
        if info_type not in ("ENT_2META", "ENT_3META", "ENT_4META"):
            return self._error("InvalidParameter")
        license_no = normalize_identifier(params["LicenseNo"])
        record = self.find(license_no)
        if record is None or license_no not in {
            normalize_identifier(v) for v in (record.uscc, record.registration_number) if v
        }:
            return self._ok({"BizCode": "3"})
        flags = []
        if _name_key(params["EntName"]) != _name_key(record.name):
            flags.append("EntNameFlag")
        if info_type != "ENT_2META" and _person_key(params["LegalPersonName"]) != _person_key(
            record.legal_representative
        ):
            flags.append("LegalPersonNameFlag")
        expected_cert = self._cert_numbers.get(license_no)
        given_cert = normalize_identifier(params.get("LegalPersonCertNo", ""))
        cert_checked = info_type == "ENT_4META" and expected_cert is not None
        if cert_checked and given_cert != normalize_identifier(expected_cert or ""):
            flags.append("LegalPersonCertNoFlag")
        result: dict[str, Any] = {
            "BizCode": "2" if flags else "1",
            "ReasonDetail": ",".join(flags) or None,
            "Status": _ALIYUN_STATUS[record.status],
        }
        term = record.term
        if term is not None:
            end = "9999-09-09" if term.long_term else _iso(term.valid_to)
            result["OpenTime"] = f"{_iso(term.valid_from)}/{end}"
        return self._ok(result)

    @staticmethod
    def _ok(result: Mapping[str, Any]) -> Reply:
        body = {
            "RequestId": str(uuid.uuid4()).upper(),
            "Code": "Success",
            "Message": "success",
            "Result": {key: value for key, value in result.items() if value is not None},
        }
        return Reply(200, body)


# --- sans-IO helpers ------------------------------------------------------------------------


def incoming(request: httpx.Request) -> Incoming:
    """``request`` as the loopback server would hand it to a handler."""
    return Incoming(
        request.method.upper(),
        request.url.path or "/",
        dict(request.url.params),
        {name.lower(): value for name, value in request.headers.items()},
        request.read(),
    )


def respond(handler: Handler, request: httpx.Request) -> httpx.Response:
    """The ``httpx.Response`` that ``handler`` gives ``request``, without a network.

    Only the status, headers, content type and body of the :class:`Reply` are used; its
    faults (``delay``, ``body_delay``, ``reset``) need the real server.
    """
    import httpx

    reply = handler(incoming(request))
    headers = dict(reply.headers)
    if reply.content_type and not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = reply.content_type
    return httpx.Response(reply.status, headers=headers, content=reply.payload(), request=request)


def run_flow(flow: Flow, handler: Handler, *, max_steps: int = 50) -> LookupResult:
    """Drive an adapter's flow by hand against ``handler`` and return its result.

    Every response is given to the step's ``parse`` whatever its HTTP status (the driver
    decides itself about non-2xx answers); exceptions ``parse`` raises propagate, so a
    test sees the :class:`~qualcheck.registries.RegistryError` an answer produces.
    """
    try:
        step = next(flow)
        for _ in range(max_steps):
            value = step.parse(respond(handler, step.request))
            step = flow.send(value)
    except StopIteration as stop:
        result: LookupResult = stop.value
        return result
    finally:
        flow.close()
    raise RuntimeError(f"the flow took more than {max_steps} steps")
