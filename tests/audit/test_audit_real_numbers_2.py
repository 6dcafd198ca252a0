"""Audit round 2: more real-world numbers, their printed forms, and document titles as labels.

The first audit (``test_audit_real_numbers.py``) covered mostly drug-information
certificates, USCCs and device numbers.  This round adds numbers of the kinds it
covered thinly — food production licences (SC) above all, food business licences (JY)
of Beijing and other provinces, a national-format filing number (YB), a pre-2024 drug
business licence, CNCA approvals and organisation codes — each printed on a public page
(product pages, site footers, receipt templates, data files) and cited by the id of the
stored file in the public code index, like the first audit.

Every number is checked four ways: ``numbers.check`` (never ``invalid``; a warning names
its rule), ``identify`` (the right kind), the pydantic types (``NumberValidator``) and a
document in ``qualcheck.verify`` (no failing finding caused by the number).  Each is
then printed the ways pages and OCR print it: spaced, full width, with the label in
front (``食品经营许可证编号：JY…``, ``许可证编号 JY…``), a label in brackets of either
width, and the document's own title with the issuer's province or city in front
(``北京市医疗器械经营许可证京朝食药监械经营许…``).

No personal number appears here; dates are pinned (``AS_OF``).
"""

# ruff: noqa: E501  (tables of numbers with their sources, one row per line)
from __future__ import annotations

import datetime
from typing import Annotated, Any

import pytest
from audit_support import RealNumber as Row
from audit_support import (
    assert_accepted_with_named_rules,
    assert_real_number_read,
    assert_rows_new,
    describe_check,
    real_number_ids,
)
from pydantic import TypeAdapter, ValidationError

from qualcheck import Decision, verify
from qualcheck.numbers import Verdict, check, get, identify
from qualcheck.types import NumberValidator

AS_OF = datetime.date(2026, 11, 29)


# fmt: off
REAL: list[Row] = [
    # -------------------------------------------------------- food_business (JY)
    Row("food_business", "JY13501040006708", "footer of 福州中榕网络科技有限公司, next to 营业执照91350104315308392G (code index file 13326173015)"),
    # Beijing local numbering -> review (food_business.region_beijing_local)
    Row("food_business", "JY11117051464030", "Beijing restaurant receipt print template '食品经营许可证号：…' (code index file 7868537304)"),
    Row("food_business", "JY11113080533669", "footer '食品经营许可证JY11113080533669号' of a Beijing site (code index file 40836241227)"),
    # Dongguan (441900, a city without counties): town-level code 441908 not in the region table -> review
    Row("food_business", "JY14419082492249", "company record with USCC 91441900MA54XR353T, 东莞市寮步镇 (code index file 56768623417)"),
    # ---------------------------------------------------------- food_filing (YB)
    Row("food_filing", "YB13101060018558", "备案编号 quoted from a Shanghai seller's page next to USCC 9131000009421894XY (code index files 68282421435, 68576732332)"),
    # ------------------------------------------------------------------- uscc
    Row("uscc", "91350104315308392G", "营业执照 in the footer of 福州中榕网络科技有限公司 (code index file 13326173015)"),
    Row("uscc", "91441900MA54XR353T", "东莞 company record (code index file 56768623417)"),
    Row("uscc", "9131000009421894XY", "Shanghai seller, quoted with its YB filing (code index file 68282421435)"),
    # ---------------------------------------------------------------- orgcode
    Row("orgcode", "31530839-2", "positions 9-17 of the real USCC 91350104315308392G"),
    Row("orgcode", "09421894-X", "positions 9-17 of the real USCC 9131000009421894XY (check character X)"),
    # ------------------------------------------------------ food_production (SC)
    Row("food_production", "SC11464010500015", "宁夏果果老爹食品有限公司 product page (code index file 2436853803)"),
    Row("food_production", "SC11837048101233", "枫情水岸 oat product page (code index file 38694944269)"),
    Row("food_production", "SC12636098200051", "江西樟树市正康医药生物科技有限公司 product page (code index file 8303147360)"),
    Row("food_production", "SC11432010400101", "product page (code index files 37385175174, 36979596860)"),
    Row("food_production", "SC11435078213641", "武夷山茶之源茶业有限公司 product page (code index file 28736429676)"),
    Row("food_production", "SC10737110203268", "product registration note '生产许可证：SC10737110203268' (code index file 62425883130)"),
    Row("food_production", "SC12433011007301", "杭州衡美食品科技有限公司 product page (code index file 25905513326)"),
    Row("food_production", "SC12336098200173", "扁桃仁粉 label, OCR write-up (code index file 67185851541)"),
    Row("food_production", "SC12221021200659", "product page (code index file 32458278587)"),
    Row("food_production", "SC12742098400010", "湖北达利食品有限公司 product page (code index file 21627598779)"),
    Row("food_production", "SC10935058201141", "福建省泉州喜多多食品有限公司 product page (code index file 8303147360)"),
    Row("food_production", "SC10437052300320", "山东华协食品有限公司 product page (code index file 25905513326)"),
    Row("food_production", "SC10437160200650", "山东隆鑫菲特食品有限公司 product page (code index file 25905513326)"),
    Row("food_production", "SC11137170100190", "山东范府食品有限公司 product page (code index file 25905513326)"),
    Row("food_production", "SC10212011600523", "product page (code index file 43748802499)"),
    Row("food_production", "SC11861043103206", "陕西新慧电子商务有限公司 product page (code index file 32458278587)"),
    Row("food_production", "SC11351090100010", "label text extracted from a PDF (code index file 61337770952)"),
    Row("food_production", "SC11234012105080", "合肥市金鑫园食品有限公司 product page (code index file 25905513326)"),
    Row("food_production", "SC11333011001024", "杭州万隆果干食品有限公司 (知味观藕粉) product page (code index file 8303147360)"),
    Row("food_production", "SC10636098210852", "江西金衡康生物科技有限公司 product page (code index file 17068594109)"),
    Row("food_production", "SC10734122230595", "安徽感喻药业有限公司 product page (code index file 36959766694)"),
    Row("food_production", "SC10741018302531", "烧凉粉 label, OCR result (code index files 54491282639, 54616836779)"),
    Row("food_production", "SC11833018501652", "坚果礼盒 product page (code index file 46345729718)"),
    Row("food_production", "SC10435062700051", "调味料 label text (code index file 57625791840)"),
    Row("food_production", "SC10432128200992", "靖江市津津食品有限公司 (良品铺子猪肉脯) product page (code index file 8315037659)"),
    # empirical MOD 11,10 fails -> review (food_production.checksum)
    Row("food_production", "SC12744030500626", "鹰牌花旗参茶, 健康药业（中国）有限公司 product page (code index file 36959766694)"),
    Row("food_production", "SC11453010306856", "Kunming producer, printed in lower case 'sc1…' (code index file 39508732009)"),
    Row("food_production", "SC10633042101885", "product page (code index file 43452767489)"),
    # development-zone region codes not in GB/T 2260 -> review (food_production.region_unknown)
    Row("food_production", "SC11333019700024", "杭州郝姆斯食品有限公司 (百草味) product page (code index files 31438125259, 8315037659)"),
    Row("food_production", "SC12434017430075", "label text in an extraction example (code index file 9275764614)"),
    Row("food_production", "SC10443061200101", "岳阳 producer product page (code index file 39897276216)"),
    Row("food_production", "SC10441019300064", "product page (code index file 44265796980)"),
    Row("food_production", "SC10633019702613", "杭州统一企业有限公司 product page (code index files 19517885640, 27285955972)"),
    Row("food_production", "SC10734161105864", "Anhui producer product page (code index file 41609764002)"),
    # -------------------------------------------------------- drug_business
    # pre-2024 province form: info finding drug_business.legacy_format only
    Row("drug_business", "京AA0100126", "北京康大时代医药有限公司, 批发, pharmacy-lookup API sample (code index file 1426538239)"),
    # ------------------------------------------------------------------ cnca
    Row("cnca", "CNCA-R-2002-022", "certification body query script (code index file 29461712731)"),
    Row("cnca", "CNCA-R-2002-041", "certificate page template (code index file 16346766670)"),
    Row("cnca", "CNCA-R-2002-006", "certificate text quoted in a false-positive note (code index file 70133968468)"),
]
# fmt: on


def _alias(kind: str) -> TypeAdapter[str]:
    return TypeAdapter(Annotated[str, NumberValidator(kind)])


def _canonical(kind: str, number: str) -> str:
    return get(kind).validate(number, as_of=AS_OF)


_IDS = real_number_ids(REAL)


def test_rows_are_new_and_unique() -> None:
    """Every row is a number the first audit does not hold, and none is repeated."""
    from tests.audit.test_audit_real_numbers import REAL as FIRST

    assert_rows_new(REAL, tuple(FIRST))


@pytest.mark.parametrize("row", REAL, ids=_IDS)
def test_real_number_is_read(row: Row) -> None:
    assert_real_number_read(row)


# ------------------------------------------------------------------ in a document

_DOCUMENT_KIND = {
    "uscc": "business_license",
    "food_business": "food_business",
    "food_filing": "food_filing",
    "food_production": "food_production",
    "drug_business": "drug_business",
    "drug_info": "drug_info",
    "device_business": "device_business",
    "cnca": "cnca",
    "cma": "cma",
}
"""The document whose number each kind is (``orgcode`` and ``regno`` have none)."""

_HOLDER_USCC = "91350104315308392G"


def _record(kind: str, number: str) -> dict[str, Any]:
    # a business licence must name the seller's own USCC: the seller's is the row's then
    uscc = _canonical(kind, number) if kind == "uscc" else _HOLDER_USCC
    return {
        "merchant_id": "audit-2",
        "subject_type": "enterprise",
        "name": "示例有限公司",
        "uscc": uscc,
        "documents": [
            {
                "kind": "business_license",
                "number": uscc,
                "holder_name": "示例有限公司",
                "validity": "2015-01-01至长期",
            },
            {"kind": _DOCUMENT_KIND[kind], "number": number, "holder_name": "示例有限公司"},
        ],
    }


def _number_failures(kind: str, number: str) -> list[str]:
    """Findings of ``verify`` that fail the document holding ``number`` or drop it."""
    report = verify(_record(kind, number), as_of=AS_OF)
    return [
        f"{f.code} {f.decision.value} {f.json_path}: {f.message}"
        for f in report.findings
        if f.json_path.startswith("$.documents[1]")
        and (f.decision is Decision.FAIL or f.code.startswith("record."))
    ]


_DOC_ROWS = [row for row in REAL if row.kind in _DOCUMENT_KIND]


@pytest.mark.parametrize("row", _DOC_ROWS, ids=[f"{r.kind}:{r.number}" for r in _DOC_ROWS])
def test_number_in_a_document_does_not_fail(row: Row) -> None:
    assert _number_failures(row.kind, row.number) == []


def test_broken_number_in_a_document_fails() -> None:
    """The document check is not vacuous: a broken number of a row fails there."""
    failures = _number_failures("food_production", "SC1274403050062")  # 15 characters
    assert any("food_production.length" in f for f in failures), failures


# ------------------------------------------------------------------ printed forms


def _full_width(text: str) -> str:
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text
    )


_LABELS: dict[str, tuple[str, ...]] = {
    "food_business": (
        "食品经营许可证编号：",
        "许可证编号 ",
        "食品经营许可证",
        "食品经营许可证号：",
        "《食品经营许可证》",
        "【食品经营许可证】编号",
        "［食品经营许可证］",
        "北京市食品经营许可证（副本）编号",
    ),
    "food_production": (
        "生产许可证编号：",
        "食品生产许可证编号:",
        "食品生产许可证编号 ",
        "食品生产许可证",
        "【食品生产许可证编号】",
        "江苏省食品生产许可证",
    ),
    "food_filing": (
        "备案编号：",
        "备案编号 ",
        "仅销售预包装食品备案凭证",
        "上海市仅销售预包装食品经营者备案凭证编号",
    ),
    "uscc": ("统一社会信用代码：", "营业执照", "《营业执照》"),
    "orgcode": ("组织机构代码：", "组织机构代码 "),
    "drug_business": (
        "药品经营许可证：",
        "药品经营许可证",
        "北京市药品经营许可证",
        "【药品经营许可证编号】",
    ),
    "cnca": ("认证机构批准号：", "批准号 ", "认证机构批准书"),
}


def _printed_forms(kind: str, number: str) -> list[str]:
    head, tail = number[: len(number) // 2], number[len(number) // 2 :]
    forms = [
        _full_width(number),
        f" {head} {tail} ",
        f"{head}\u3000{tail}",
        " ".join(number[i : i + 4] for i in range(0, len(number), 4)),
        number.lower(),
    ]
    for label in _LABELS.get(kind, ()):
        forms.append(label + number)
        forms.append(_full_width(label) + number)
        forms.append(label + " " + _full_width(number))
    return forms


@pytest.mark.parametrize("row", REAL, ids=_IDS)
def test_printed_forms_are_read(row: Row) -> None:
    canonical = _canonical(row.kind, row.number)
    adapter = _alias(row.kind)
    for form in _printed_forms(row.kind, row.number):
        result = check(row.kind, form, as_of=AS_OF)
        assert_accepted_with_named_rules(result)
        assert result.normalized == canonical, (form, result.normalized)
        assert identify(form, as_of=AS_OF).kind == (row.identify_as or row.kind), form
        assert adapter.validate_python(form) == canonical, form


# A sample of the printed forms, through a document as well (verify is slower).
_DOC_FORMS: list[tuple[str, str]] = [
    ("food_business", "食品经营许可证编号：JY13501040006708"),
    ("food_business", "许可证编号 JY11117051464030"),
    ("food_business", "食品经营许可证JY11113080533669号"),
    ("food_business", "【食品经营许可证】JY14419082492249"),
    ("food_business", "［食品经营许可证］ＪＹ１３５０１０４０００６７０８"),
    ("food_production", "食品生产许可证编号：SC11464010500015"),
    ("food_production", "生产许可证编号:sc11453010306856"),
    ("food_production", "SC1143 5078 2136 41"),
    ("food_filing", "备案编号：YB13101060018558"),
    ("drug_business", "北京市药品经营许可证京AA0100126"),
    ("cnca", "批准号: cnca-r-2002-022"),
    ("device_business", "北京市医疗器械经营许可证京朝食药监械经营许20150123号"),
    ("device_business", "深圳市第二类医疗器械经营备案凭证粤深食药监械经营备20151274号"),
    ("drug_business", "广东省药品经营许可证粤AA0200001"),
]


@pytest.mark.parametrize(("kind", "form"), _DOC_FORMS, ids=[f for _, f in _DOC_FORMS])
def test_printed_form_in_a_document_does_not_fail(kind: str, form: str) -> None:
    assert _number_failures(kind, form) == []


# ------------------------------------------------ document titles as labels (no colon)

# (kind, input, canonical): the title of the document, possibly after the names of the
# province / city / district that issued it, printed right before a number that itself
# begins with a province abbreviation.
# fmt: off
TITLED: list[tuple[str, str, str]] = [
    ("device_business", "北京市医疗器械经营许可证京朝食药监械经营许20150123号", "京朝食药监械经营许20150123"),
    ("device_business", "医疗器械经营许可证京朝食药监械经营许20150123号", "京朝食药监械经营许20150123"),
    ("device_business", "北京市 医疗器械经营许可证 京丰食药监械经营许20150100号", "京丰食药监械经营许20150100"),
    ("device_business", "上海市医疗器械经营许可证沪嘉食药监械经营许20187006号", "沪嘉食药监械经营许20187006"),
    ("device_business", "广东省广州市医疗器械经营许可证编号粤穗食药监械经营许20171161号", "粤穗食药监械经营许20171161"),
    ("device_business", "第二类医疗器械经营备案凭证京经食药监械经营备20170029", "京经食药监械经营备20170029"),
    ("device_business", "深圳市第二类医疗器械经营备案凭证粤深食药监械经营备20151274号", "粤深食药监械经营备20151274"),
    ("device_business", "《医疗器械经营许可证》桂南食药监械经营许20170354号", "桂南食药监械经营许20170354"),
    ("device_business", "浙江省杭州市第二类医疗器械经营备案凭证浙杭药监械经营备20250018号", "浙杭药监械经营备20250018"),
    ("drug_business", "广东省药品经营许可证粤AA0200001", "粤AA0200001"),
    ("drug_business", "北京市药品经营许可证京AA0100126", "京AA0100126"),
    ("drug_business", "药品经营许可证粤BA1710104", "粤BA1710104"),
    ("drug_business", "湖北省药品经营许可证（副本）鄂BA0277058", "鄂BA0277058"),
    ("drug_business", "海南省药品经营许可证编号琼CA898510001", "琼CA898510001"),
    ("drug_business", "【药品经营许可证】粤BA1710104", "粤BA1710104"),
    ("drug_info", "互联网药品信息服务资格证书京-非经营性-2016-0081", "(京)-非经营性-2016-0081"),
    ("drug_info", "北京市互联网药品信息服务资格证书(京)-经营性-2014-0008", "(京)-经营性-2014-0008"),
    ("food_business", "北京市食品经营许可证JY11117051464030", "JY11117051464030"),
    ("food_business", "食品经营许可证JY11113080533669号", "JY11113080533669"),
    ("food_production", "江苏省食品生产许可证SC11532139200465", "SC11532139200465"),
    ("uscc", "营业执照91350104315308392G", "91350104315308392G"),
    ("cnca", "认证机构批准书CNCA-R-2002-022", "CNCA-R-2002-022"),
    ("cma", "检验检测机构资质认定证书152701060345", "152701060345"),
]
# fmt: on


@pytest.mark.parametrize(("kind", "text", "canonical"), TITLED, ids=[t for _, t, _ in TITLED])
def test_document_title_is_dropped(kind: str, text: str, canonical: str) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert_accepted_with_named_rules(result)
    assert result.normalized == canonical
    assert result.input == text
    assert identify(text, as_of=AS_OF).kind == kind
    assert _alias(kind).validate_python(text) == canonical


# A real number's own leading province characters are never cut; what is not a complete
# title is not a label; a title never rescues a broken number.
# fmt: off
NOT_TITLES: list[tuple[str, str, str, str]] = [
    # (kind, input, expected normalized or finding code, why)
    ("device_business", "京朝食药监械经营许20150123号", "京朝食药监械经营许20150123", "the number alone: unchanged"),
    ("device_business", "粤穗食药监械经营许20171161号", "粤穗食药监械经营许20171161", "the number alone: unchanged"),
    ("drug_business", "粤AA0200001", "粤AA0200001", "the number alone: unchanged"),
    ("drug_business", "京AA0100126", "京AA0100126", "the number alone: unchanged"),
]
BROKEN_AFTER_TITLE: list[tuple[str, str, str, str]] = [
    ("drug_business", "广东省药品经营许可证粤EA1710104", "drug_business.business_type", "business-type letter E"),
    ("drug_business", "北京市药品经营许可证京AA010012", "drug_business.length", "a digit lost"),
    ("device_business", "北京市医疗器械经营许可证京朝食药监械经营许2015012号", "device_business.format", "3-digit serial"),
    ("device_business", "北京市医疗器械经营许可证京朝食药监械经营许20270123号", "device_business.year_future", "year after AS_OF"),
    ("food_business", "北京市食品经营许可证JY4110530006594", "food_business.length", "15 characters"),
    ("food_production", "江苏省食品生产许可证SC31532139200465", "food_production.product_type", "product type 3"),
]
STILL_INVALID: list[tuple[str, str, str]] = [
    ("device_business", "北京市京朝食药监械经营许20150123号", "a place name alone is not a title"),
    ("device_business", "北京市医疗器械京朝食药监械经营许20150123号", "an incomplete title is not a label"),
    ("device_business", "北京市医疗器械经营许可证", "a title and no number"),
    ("drug_business", "广东省药品经营许可证", "a title and no number"),
    ("drug_business", "广东省药店粤AA0200001", "not a document title"),
    ("food_business", "JY11113080533669号号", "one 号 at most"),
    ("food_business", "JY1111308053366号9", "号 inside the number"),
    # a bracketed label that is not a document title stays OCR debris (as in
    # test_audit_ocr_records.py: '（统一社会信用代码）9111…' is a clear finding)
    ("food_business", "【许可证编号】JY13501040006708", "bracketed generic label"),
    ("uscc", "（统一社会信用代码）91350104315308392G", "bracketed generic label"),
]
# fmt: on


@pytest.mark.parametrize(
    ("kind", "text", "canonical", "why"), NOT_TITLES, ids=[t for _, t, _, _ in NOT_TITLES]
)
def test_leading_province_characters_are_kept(
    kind: str, text: str, canonical: str, why: str
) -> None:
    assert get(kind).compact(text) in (canonical, canonical + "号"), why
    result = check(kind, text, as_of=AS_OF)
    assert_accepted_with_named_rules(result)
    assert result.normalized == canonical, why


@pytest.mark.parametrize(
    ("kind", "text", "code", "why"),
    BROKEN_AFTER_TITLE,
    ids=[t for _, t, _, _ in BROKEN_AFTER_TITLE],
)
def test_title_never_rescues_a_broken_number(kind: str, text: str, code: str, why: str) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID, (why, describe_check(result))
    assert [f.code for f in result.findings] == [code], (why, describe_check(result))
    assert result.findings[0].rule is None
    with pytest.raises(ValidationError):
        _alias(kind).validate_python(text, context={"as_of": AS_OF})


@pytest.mark.parametrize(
    ("kind", "text", "why"), STILL_INVALID, ids=[t for _, t, _ in STILL_INVALID]
)
def test_what_is_not_a_title_stays_invalid(kind: str, text: str, why: str) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID, (why, describe_check(result))
    assert not get(kind).is_valid(text, as_of=AS_OF), why


def test_trailing_hao_after_a_licence_number_is_dropped() -> None:
    """The 号 after a JY/SC number is dropped, and after the other numbers that never hold
    one (test_audit_numbers_4 reads each kind's 第…号 forms)."""
    assert (
        check("food_business", "JY13501040006708号", as_of=AS_OF).normalized == "JY13501040006708"
    )
    assert (
        check("food_production", "SC11464010500015 号", as_of=AS_OF).normalized
        == "SC11464010500015"
    )
    for kind, number in (("cnca", "CNCA-R-2002-022号"), ("drug_info", "(京)-经营性-2014-0008号")):
        assert check(kind, number, as_of=AS_OF).normalized == number[:-1], number
