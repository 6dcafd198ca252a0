"""The provider emulators, called directly with Incoming objects (no sockets): they must
answer like the providers, check credentials and signatures, and obey force()."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from qualcheck.registries import LicenseRecord, RegistryRecord
from qualcheck.testing._http_types import Incoming, Reply
from qualcheck.testing.provider_emulators import (
    AliyunEmulator,
    ProviderEmulator,
    QichachaEmulator,
    TianyanchaEmulator,
)

from .samples import sample_record

USCC = "91350100M000100Y43"
REGNO = "350100100012345"
NOW = 1_700_000_000

RECORD = sample_record(
    licenses=[
        LicenseRecord(number=f"JY1350102{i:07d}", name="食品经营许可证", valid_to="长期")
        for i in range(25)
    ],
)
CANCELLED = RegistryRecord(
    name="厦门已注销有限公司", uscc="91350200MA0000001X", status="注销", legal_representative="李四"
)


def test_every_emulator_is_a_provider_emulator() -> None:
    for cls in (TianyanchaEmulator, QichachaEmulator, AliyunEmulator):
        assert issubclass(cls, ProviderEmulator)


def test_find_by_uscc_registration_number_and_name() -> None:
    emulator = TianyanchaEmulator([RECORD, CANCELLED], token="t")
    assert emulator.find(" 9135 0100m000100y43") is RECORD
    assert emulator.find(REGNO) is RECORD
    assert emulator.find("福州示例食品有限公司") is RECORD
    assert emulator.find("厦门已注销有限公司") is CANCELLED
    assert emulator.find("nobody") is None
    assert emulator.find("") is None


# --- Tianyancha -------------------------------------------------------------------------------


def tyc(path: str, token: str | None = "t", **query: str) -> Incoming:
    headers = {"authorization": token} if token is not None else {}
    return Incoming("GET", path, query, headers)


BASE = "/services/open/ic/baseinfo/normal"
LICENSES = "/services/open/m/getLicense/2.0"
VERIFY = "/services/open/ic/verify/2.0"


def test_tianyancha_baseinfo_fields() -> None:
    reply = TianyanchaEmulator([RECORD], token="t")(tyc(BASE, keyword=USCC))
    assert reply.status == 200
    assert reply.content_type.startswith("application/json")
    body = reply.body
    assert (body["error_code"], body["reason"]) == (0, "ok")
    result = body["result"]
    # 2010-01-01 00:00 in China is 2009-12-31 16:00 UTC
    midnight = datetime.datetime(2009, 12, 31, 16, tzinfo=datetime.timezone.utc)
    assert result["estiblishTime"] == int(midnight.timestamp()) * 1000
    assert result["fromTime"] == result["estiblishTime"]
    assert result["name"] == "福州示例食品有限公司"
    assert result["creditCode"] == USCC
    assert result["regNumber"] == REGNO
    assert result["orgNumber"] == "M000100Y4"
    assert result["legalPersonName"] == "王五"
    assert result["regStatus"] == "存续（在营、开业、在册）"
    assert result["historyNames"] == "福州旧名有限公司"
    assert result["historyNameList"] == ["福州旧名有限公司"]


def test_tianyancha_status_words_without_a_raw_status() -> None:
    record = RegistryRecord(name="甲", uscc=USCC, status="revoked")  # English: raw is "revoked"
    plain = RegistryRecord.model_validate({"name": "乙", "uscc": USCC, "status": "吊销"})
    assert (
        TianyanchaEmulator([plain], token="t")(tyc(BASE, keyword=USCC)).body["result"]["regStatus"]
        == "吊销"
    )
    assert record.status_raw == "revoked"


@pytest.mark.parametrize(
    ("incoming", "code"),
    [
        (tyc(BASE, token=None, keyword=USCC), 300009),  # no Authorization header
        (tyc(BASE, token="wrong", keyword=USCC), 300009),
        (tyc(BASE, keyword="91110000600037341L"), 300000),  # unknown
        (tyc(BASE), 300008),  # no keyword
        (tyc("/services/open/nothing"), 300010),
        (tyc(LICENSES, keyword="91110000600037341L"), 300000),
        (tyc(LICENSES, keyword=CANCELLED.uscc or ""), 300000),  # no licences
        (tyc(LICENSES, keyword=USCC, pageSize="x"), 300008),
        (tyc(VERIFY, code=USCC, name="福州示例食品有限公司"), 300008),
        (tyc(VERIFY, code="91110000600037341L", name="x", legalPersonName="y"), 300000),
    ],
)
def test_tianyancha_codes(incoming: Incoming, code: int) -> None:
    reply = TianyanchaEmulator([RECORD, CANCELLED], token="t")(incoming)
    assert reply.status == 200
    assert reply.body["error_code"] == code
    assert reply.body["result"] is None
    assert reply.body["reason"]


def test_tianyancha_licence_pages() -> None:
    emulator = TianyanchaEmulator([RECORD], token="t")
    first = emulator(tyc(LICENSES, keyword=USCC, pageSize="50", pageNum="1")).body["result"]
    assert first["total"] == 25
    assert len(first["items"]) == 20  # page size capped at 20
    second = emulator(tyc(LICENSES, keyword=USCC, pageSize="20", pageNum="2")).body["result"]
    assert len(second["items"]) == 5
    beyond = emulator(tyc(LICENSES, keyword=USCC, pageNum="9")).body["result"]
    assert beyond == {"total": 25, "items": []}
    item = first["items"][0]
    assert item["licencenumber"] == "JY13501020000000"
    assert (item["licencename"], item["todate"]) == ("食品经营许可证", "长期")


@pytest.mark.parametrize(
    ("name", "person", "result"),
    [
        ("福州示例食品有限公司", "王五", 1),
        ("福州示例食品有限公司（分公司）", "王五", 0),
        ("福州旧名有限公司", "王五", 2),
        ("福州旧名有限公司", "赵六", 0),
        ("福州示例食品有限公司", "赵六", 0),
    ],
)
def test_tianyancha_verify(name: str, person: str, result: int) -> None:
    reply = TianyanchaEmulator([RECORD], token="t")(
        tyc(VERIFY, code=USCC, name=name, legalPersonName=person)
    )
    assert reply.body["error_code"] == 0
    assert reply.body["result"]["result"] == result
    assert reply.body["result"]["remark"]


def test_tianyancha_force_for_n_calls_then_normal() -> None:
    emulator = TianyanchaEmulator([RECORD], token="t")
    emulator.force(300004, times=2)
    emulator.force("300006", http_status=200)
    codes = [emulator(tyc(BASE, keyword=USCC)).body["error_code"] for _ in range(4)]
    assert codes == [300004, 300004, 300006, 0]
    assert emulator.calls == 4


def test_force_can_change_the_http_status() -> None:
    emulator = TianyanchaEmulator([RECORD], token="t")
    emulator.force(300001, http_status=502)
    reply = emulator(tyc(BASE, keyword=USCC))
    assert (reply.status, reply.body["error_code"]) == (502, 300001)


# --- Qichacha ---------------------------------------------------------------------------------


def qcc(
    path: str,
    *,
    key: str = "k",
    secret: str = "s",
    timespan: str = str(NOW),
    token: str | None = None,
    **query: str,
) -> Incoming:
    token = token or hashlib.md5(f"{key}{timespan}{secret}".encode()).hexdigest().upper()
    return Incoming("GET", path, {"key": key, **query}, {"token": token, "timespan": timespan})


INFO = "/EnterpriseInfo/Verify"
THREE = "/ECIThreeElVerify/GetInfo"


def qichacha(**options: Any) -> QichachaEmulator:
    return QichachaEmulator([RECORD, CANCELLED], key="k", secret="s", **options)


def test_qichacha_info_fields() -> None:
    body = qichacha()(qcc(INFO, searchKey=USCC)).body
    assert (body["Status"], body["Message"]) == ("200", "【有效请求】查询成功")
    assert body["OrderNumber"]
    (entry,) = body["Result"]["Data"]
    assert entry["Name"] == "福州示例食品有限公司"
    assert entry["CreditCode"] == USCC
    assert entry["No"] == REGNO
    assert entry["OperName"] == "王五"
    assert entry["Status"] == "存续（在营、开业、在册）"
    assert entry["StartDate"] == "2010-01-01 00:00:00"
    assert (entry["TermStart"], entry["TermEnd"]) == ("2010-01-01 00:00:00", "2030-12-31 00:00:00")
    assert entry["OriginalName"] == [{"Name": "福州旧名有限公司", "ChangeDate": ""}]
    cancelled = qichacha()(qcc(INFO, searchKey=CANCELLED.uscc or "")).body["Result"]["Data"][0]
    assert (cancelled["Status"], cancelled["TermEnd"]) == ("注销", "")


def test_qichacha_order_numbers_differ() -> None:
    emulator = qichacha()
    orders = {emulator(qcc(INFO, searchKey=USCC)).body["OrderNumber"] for _ in range(3)}
    assert len(orders) == 3


@pytest.mark.parametrize(
    ("incoming", "status"),
    [
        (qcc(INFO, key="other", searchKey=USCC), "101"),  # unknown key
        (qcc(INFO, searchKey=USCC, token="0" * 32), "107"),  # wrong token
        (qcc(INFO, searchKey=USCC, timespan="soon"), "107"),
        (qcc(INFO, searchKey="91110000600037341L"), "201"),
        (qcc(INFO, searchKey="福"), "213"),
        (qcc(INFO), "202"),
        (qcc(THREE, creditCode=USCC), "202"),
    ],
)
def test_qichacha_codes(incoming: Incoming, status: str) -> None:
    reply = qichacha()(incoming)
    assert reply.status == 200
    assert reply.body["Status"] == status
    assert reply.body["Message"].startswith("【")


def test_qichacha_checks_the_timespan_against_its_clock() -> None:
    emulator = qichacha(clock=lambda: NOW + 601)
    assert emulator(qcc(INFO, searchKey=USCC)).body["Status"] == "115"
    assert qichacha(clock=lambda: NOW + 599)(qcc(INFO, searchKey=USCC)).body["Status"] == "200"


@pytest.mark.parametrize(
    ("code", "name", "person", "verdict"),
    [
        (USCC, "福州示例食品有限公司", "王五", 1),
        (USCC, "福州别的有限公司", "王五", 2),
        (USCC, "福州示例食品有限公司", "赵六", 3),
        (USCC, "福州别的有限公司", "赵六", 2),  # the name is checked first
        ("91110000600037341L", "福州示例食品有限公司", "王五", 0),
        (REGNO, "福州示例食品有限公司", "王五", 0),  # a USCC is required here
    ],
)
def test_qichacha_three_elements(code: str, name: str, person: str, verdict: int) -> None:
    body = qichacha()(qcc(THREE, creditCode=code, companyName=name, operName=person)).body
    assert (body["Status"], body["Result"]["VerifyResult"]) == ("200", verdict)


def test_qichacha_force() -> None:
    emulator = qichacha()
    emulator.force(109)
    assert emulator(qcc(INFO, searchKey=USCC)).body["Status"] == "109"
    assert emulator(qcc(INFO, searchKey=USCC)).body["Status"] == "200"


def test_qichacha_unknown_path_is_an_html_404() -> None:
    reply = qichacha()(qcc("/Nope/Nothing", searchKey=USCC))
    assert (reply.status, reply.content_type) == (404, "text/html")


# --- Alibaba Cloud ----------------------------------------------------------------------------


def signed(params: dict[str, str], secret: str, method: str) -> dict[str, str]:
    pairs = sorted(params.items())
    canonical = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    text = f"{method}&%2F&{quote(canonical, safe='')}"
    mac = hmac.new(f"{secret}&".encode(), text.encode(), hashlib.sha1).digest()
    return {**params, "Signature": base64.b64encode(mac).decode()}


def ali_params(nonce: str = "n-1", **overrides: str) -> dict[str, str]:
    params = {
        "Action": "EntElementVerifyV2",
        "Version": "2022-11-25",
        "Format": "JSON",
        "AccessKeyId": "id",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": nonce,
        "Timestamp": "2023-11-14T22:13:20Z",
        "SceneCode": "qualcheck",
        "MerchantBizId": "b1",
        "MerchantUserId": "u1",
        "UserAuthorization": "1",
        "InfoVerifyType": "ENT_3META",
        "LicenseNo": USCC,
        "EntName": "福州示例食品有限公司",
        "LegalPersonName": "王五",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v != "<drop>"}


def post(params: dict[str, str], secret: str = "sec") -> Incoming:
    body = urlencode(signed(params, secret, "POST")).encode()
    headers = {"content-type": "application/x-www-form-urlencoded"}
    return Incoming("POST", "/", {}, headers, body)


def get(params: dict[str, str], secret: str = "sec") -> Incoming:
    return Incoming("GET", "/", signed(params, secret, "GET"), {})


def aliyun(**options: Any) -> AliyunEmulator:
    return AliyunEmulator(
        [RECORD, CANCELLED], access_key_id="id", access_key_secret="sec", **options
    )


@pytest.mark.parametrize("send", [post, get])
def test_aliyun_accepts_signed_get_and_post(send: Any) -> None:
    reply = aliyun(clock=lambda: NOW)(send(ali_params()))
    assert reply.status == 200
    body = reply.body
    assert (body["Code"], body["Message"]) == ("Success", "success")
    assert body["RequestId"]
    assert body["Result"] == {"BizCode": "1", "Status": "1", "OpenTime": "2010-01-01/2030-12-31"}


@pytest.mark.parametrize(
    ("incoming", "status", "code"),
    [
        (post(ali_params(AccessKeyId="<drop>")), 400, "MissingParameter"),
        (post(ali_params(AccessKeyId="other")), 404, "InvalidAccessKeyId.NotFound"),
        (post(ali_params(), secret="wrong"), 400, "SignatureDoesNotMatch"),
        (post(ali_params(SignatureNonce="<drop>")), 400, "IncompleteSignature"),
        (post(ali_params(Action="DescribeRegions")), 404, "InvalidAction.NotFound"),
        (post(ali_params(Version="2019-03-07")), 404, "InvalidAction.NotFound"),
        (post(ali_params(LegalPersonName="<drop>")), 400, "MissingParameter"),
        (post(ali_params(InfoVerifyType="ENT_9META")), 401, "InvalidParameter"),
        (post(ali_params(InfoVerifyType="ENT_4META")), 400, "MissingParameter"),
    ],
)
def test_aliyun_errors(incoming: Incoming, status: int, code: str) -> None:
    reply = aliyun()(incoming)
    assert (reply.status, reply.body["Code"]) == (status, code)
    assert reply.body["RequestId"]
    assert reply.body["Message"]


def test_aliyun_refuses_a_reused_nonce() -> None:
    emulator = aliyun()
    assert emulator(post(ali_params(nonce="same"))).status == 200
    reply = emulator(post(ali_params(nonce="same")))
    assert (reply.status, reply.body["Code"]) == (400, "SignatureNonceUsed")


def test_aliyun_checks_the_timestamp_against_its_clock() -> None:
    late = aliyun(clock=lambda: NOW + 901)(post(ali_params()))
    assert (late.status, late.body["Code"]) == (400, "InvalidTimeStamp.Expired")
    garbled = aliyun(clock=lambda: NOW)(post(ali_params(Timestamp="yesterday")))
    assert garbled.body["Code"] == "InvalidTimeStamp.Expired"


@pytest.mark.parametrize(
    ("overrides", "result"),
    [
        ({"LicenseNo": "91110000600037341L"}, {"BizCode": "3"}),
        (
            {"EntName": "别的公司"},
            {"BizCode": "2", "ReasonDetail": "EntNameFlag", "Status": "1"},
        ),
        (
            {"EntName": "别的公司", "LegalPersonName": "赵六"},
            {"BizCode": "2", "ReasonDetail": "EntNameFlag,LegalPersonNameFlag", "Status": "1"},
        ),
        (
            {"InfoVerifyType": "ENT_2META", "LegalPersonName": "<drop>"},
            {"BizCode": "1", "Status": "1"},
        ),
        (
            {
                "LicenseNo": "91350200MA0000001X",
                "EntName": "厦门已注销有限公司",
                "LegalPersonName": "李四",
            },
            {"BizCode": "1", "Status": "3"},
        ),
    ],
)
def test_aliyun_biz_codes(overrides: dict[str, str], result: dict[str, str]) -> None:
    body = aliyun()(post(ali_params(**overrides))).body
    body["Result"].pop("OpenTime", None)
    assert body["Result"] == result


def test_aliyun_long_term_open_time() -> None:
    record = RegistryRecord(
        name="福州示例食品有限公司",
        uscc=USCC,
        legal_representative="王五",
        term_from="2018-09-25",
        term_to="长期",
    )
    emulator = AliyunEmulator([record], access_key_id="id", access_key_secret="sec")
    assert emulator(post(ali_params())).body["Result"]["OpenTime"] == "2018-09-25/9999-09-09"


def test_aliyun_four_elements_never_echo_the_id_number() -> None:
    cert = "110105194912310020"  # the standard's illustrative number, not a person's
    emulator = aliyun(cert_numbers={USCC: cert})
    good = emulator(post(ali_params(InfoVerifyType="ENT_4META", LegalPersonCertNo=cert)))
    assert good.body["Result"]["BizCode"] == "1"
    bad = emulator(
        post(ali_params(nonce="n-2", InfoVerifyType="ENT_4META", LegalPersonCertNo="x" * 18))
    )
    assert bad.body["Result"]["ReasonDetail"] == "LegalPersonCertNoFlag"
    for reply in (good, bad):
        assert cert.encode() not in reply.payload()


def test_aliyun_force_uses_the_code_http_status_unless_told() -> None:
    emulator = aliyun()
    emulator.force("Throttling.User")
    emulator.force("ServiceUnavailable")
    emulator.force("Forbidden.RAM", http_status=403)
    emulator.force("Something.New")
    replies = [emulator(post(ali_params(nonce=f"f{i}"))) for i in range(5)]
    assert [(r.status, r.body["Code"]) for r in replies[:4]] == [
        (400, "Throttling.User"),
        (503, "ServiceUnavailable"),
        (403, "Forbidden.RAM"),
        (400, "Something.New"),
    ]
    assert replies[4].body["Code"] == "Success"


def test_auth_is_checked_before_forced_codes() -> None:
    emulator = aliyun()
    emulator.force("Throttling.User")
    assert emulator(post(ali_params(), secret="wrong")).body["Code"] == "SignatureDoesNotMatch"
    assert emulator(post(ali_params(nonce="n-9"))).body["Code"] == "Throttling.User"


def test_replies_are_replies() -> None:
    for reply in (
        TianyanchaEmulator([RECORD], token="t")(tyc(BASE, keyword=USCC)),
        qichacha()(qcc(INFO, searchKey=USCC)),
        aliyun()(post(ali_params())),
    ):
        assert isinstance(reply, Reply)
        assert reply.payload().startswith(b"{")
