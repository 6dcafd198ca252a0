"""Audit: merchant records as platforms really have them — CRM exports, onboarding forms,
spreadsheet rows turned into dicts, another service's JSON — through ``qualcheck.verify``
and the ``Merchant`` model.

The contract (docs/models.md "Merchant", "Subject types", "Person and Shop"; docs/verify.md
"The record"; docs/types.md "Phone numbers"; the issue): a value is read correctly, or it
gives a clear finding at the field as given in the record; never a crash, never a silent
misread, never *pass* for something unreadable that matters; extra keys are ignored; no
phone or ID number in ``report.to_json()`` or ``repr(report)``.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
from typing import Any

import pytest
from audit_support import AS_OF, PHONE, PHONE_SPACED, RIC, example

from qualcheck import Decision, Report, verify
from qualcheck.models import Merchant, Person, SubjectType
from qualcheck.phones import mask_phone, normalize_phone, phone_findings
from qualcheck.testing import make_uscc

ENTERPRISE = 0  # a food shop (enterprise, USCC 91…) that passes as of AS_OF
INDIVIDUAL = 7  # an individual business (USCC 92…) that passes
NATURAL = 6  # a natural person with two shops (42000 + 26500.50 yuan) that passes

PERSONAL = (PHONE, PHONE[3:7] + PHONE[7:], PHONE_SPACED, RIC, RIC[6:14], RIC[-8:])
"""What must never show in a report: the generated phone and ID number, and their parts."""


def verified(record: Any) -> Report:
    report = verify(record, as_of=AS_OF)
    text, shown = report.to_json(), repr(report)
    for secret in PERSONAL:
        assert secret not in text, (secret, text)
        assert secret not in shown, (secret, shown)
    return report


def findings(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


def changed(index: int, **fields: Any) -> dict[str, Any]:
    record = example(index)
    record.update(fields)
    return record


def test_bases_pass() -> None:
    for index in (ENTERPRISE, INDIVIDUAL, NATURAL):
        assert verified(example(index)).decision is Decision.PASS


# --- subject types ------------------------------------------------------------------------

ENTERPRISE_NAMES = [
    "企业", "公司", "有限公司", "有限责任公司", "股份有限公司", "个人独资企业", "合伙企业",
    "有限合伙企业", "enterprise", "Enterprise", "ENTERPRISE", "company", "Company",
    " 企业 ", "企 业", "ｅｎｔｅｒｐｒｉｓｅ", "\u3000公司\u3000",
]  # fmt: skip


@pytest.mark.parametrize("written", ENTERPRISE_NAMES)
def test_enterprise_subject_names_are_read(written: str) -> None:
    """个人独资企业 and 合伙企业 are enterprises (USCC 91…), not natural persons."""
    report = verified(changed(ENTERPRISE, subject_type=written))
    assert report.decision is Decision.PASS, findings(report)


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("分公司", SubjectType.BRANCH),
        ("分支机构", SubjectType.BRANCH),
        ("个体工商户", SubjectType.INDIVIDUAL_BUSINESS),
        ("个体户", SubjectType.INDIVIDUAL_BUSINESS),
        ("individual business", SubjectType.INDIVIDUAL_BUSINESS),
        ("Individual-Business", SubjectType.INDIVIDUAL_BUSINESS),
        ("农民专业合作社", SubjectType.COOPERATIVE),
        ("合作社", SubjectType.COOPERATIVE),
        ("co-operative", SubjectType.COOPERATIVE),
        ("自然人", SubjectType.NATURAL_PERSON),
        ("个人", SubjectType.NATURAL_PERSON),
        ("个人卖家", SubjectType.NATURAL_PERSON),
        ("Natural Person", SubjectType.NATURAL_PERSON),
        ("natural_person", SubjectType.NATURAL_PERSON),
        ("事业单位", SubjectType.OTHER),
        ("社会组织", SubjectType.OTHER),
        ("社会团体", SubjectType.OTHER),
        ("民办非企业单位", SubjectType.OTHER),
        ("其他组织", SubjectType.OTHER),
    ],
)
def test_subject_names_as_chinese_systems_write_them(written: str, kind: SubjectType) -> None:
    merchant = Merchant.model_validate({"subject_type": written, "name": "示例"})
    assert merchant.subject_type is kind


def test_individual_business_names_pass_with_their_own_uscc() -> None:
    for written in ("个体工商户", "个体户", "individual business"):
        report = verified(changed(INDIVIDUAL, subject_type=written))
        assert report.decision is Decision.PASS, (written, findings(report))


def test_natural_person_names_keep_the_registration_exemption() -> None:
    for written in ("自然人", "个人", "个人卖家", "natural person"):
        report = verified(changed(NATURAL, subject_type=written))
        assert report.decision is Decision.PASS, (written, findings(report))


def test_a_subject_name_of_another_kind_than_the_uscc_is_reviewed() -> None:
    """事业单位 is read (as ``other``), but a 91 USCC says enterprise: review, at the field."""
    report = verified(changed(ENTERPRISE, subject_type="事业单位"))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("consistency.subject_type_mismatch", "$.subject_type")]


@pytest.mark.parametrize(
    "written", ["1", "2", 1, 2, "individual", "个人店铺?", "（企业）", "", None, True, ["企业"]]
)
def test_unreadable_subject_types_are_refused_at_the_field(written: Any) -> None:
    """Bare codes mean different kinds in different systems, ``individual`` may be an
    individual business or a natural person: refused, never guessed."""
    report = verified(changed(ENTERPRISE, subject_type=written))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [
        ("record.invalid_value", "$.subject_type"),
        ("record.unreadable", "$"),
    ]


def test_missing_subject_type_names_the_field() -> None:
    record = example(ENTERPRISE)
    del record["subject_type"]
    report = verified(record)
    assert report.decision is Decision.REVIEW
    assert ("record.missing_field", "$.subject_type") in findings(report)


# --- turnover -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        (100000, 100000),
        (99999.5, decimal.Decimal("99999.5")),
        (decimal.Decimal("100000"), 100000),
        ("100000", 100000),
        ("100,000.00", 100000),
        ("１００，０００", 100000),
        ("10万", 100000),
        ("10万元", 100000),
        ("5.5万", 55000),
        ("¥100000", 100000),
        ("￥ 100,000", 100000),
        ("RMB 100000", 100000),
        ("100000元", 100000),
        ("1e5", 100000),
        ("1.2亿", 120000000),
        ("1,000,000", 1000000),
    ],
)
def test_turnover_forms_are_read_as_yuan(written: Any, amount: Any) -> None:
    merchant = Merchant.model_validate(
        {"subject_type": "自然人", "name": "王五", "declared_annual_turnover_yuan": written}
    )
    assert merchant.declared_annual_turnover_yuan == amount
    shop = Merchant.model_validate(
        {
            "subject_type": "自然人",
            "name": "王五",
            "shops": [{"shop_id": "s", "annual_turnover_yuan": written}],
        }
    )
    assert shop.shops[0].annual_turnover_yuan == amount


def test_ten_wan_is_never_ten() -> None:
    """The limit is 100,000 yuan: 10万 is at it (pass), 10.5万 above it (fail)."""
    at_limit = verified(changed(NATURAL, declared_annual_turnover_yuan="10万"))
    assert at_limit.decision is Decision.PASS
    above = verified(changed(NATURAL, declared_annual_turnover_yuan="10.5万元"))
    assert above.decision is Decision.FAIL
    assert findings(above) == [("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan")]
    assert above.findings[0].ctx["turnover"] in ("105000", "105000.0")


def test_shop_turnover_in_wan_adds_up() -> None:
    record = example(NATURAL)
    record["shops"][0]["annual_turnover_yuan"] = "8万"
    record["shops"][1]["annual_turnover_yuan"] = "3万元"
    report = verified(record)
    assert report.decision is Decision.FAIL
    assert findings(report) == [("merchant.exemption_exceeded", "$.shops")]


@pytest.mark.parametrize(
    "written",
    ["五万", "十万元", "10w", "1,00,000", "100,00", "-5", -5, "-5万", math.nan, "NaN",
     math.inf, "Infinity", True, False, [1], {"yuan": 1}, "100000元/年", "约10万"],
)  # fmt: skip
def test_unreadable_declared_turnover_is_refused_at_the_field(written: Any) -> None:
    """Never read in part; the natural person's exemption cannot pass on it: the shops'
    own turnovers are removed so the declared figure is all there is."""
    record = changed(NATURAL, declared_annual_turnover_yuan=written, shops=[])
    report = verified(record)
    assert report.decision is not Decision.PASS
    assert ("record.invalid_value", "$.declared_annual_turnover_yuan") in findings(report)
    assert ("merchant.turnover_unknown", "$.declared_annual_turnover_yuan") in findings(report)


def test_unreadable_turnover_says_what_is_expected_without_quoting_it() -> None:
    report = verified(changed(NATURAL, declared_annual_turnover_yuan=f"约{PHONE}元"))
    finding = report.findings[0]
    assert finding.code == "record.invalid_value"
    assert "10万元" in finding.message


@pytest.mark.parametrize("written", ["10w", "-1", "nan", True, "abc"])
def test_unreadable_shop_turnover_is_refused_at_the_shop(written: Any) -> None:
    record = example(NATURAL)
    record["shops"][0]["annual_turnover_yuan"] = written
    report = verified(record)
    assert report.decision is Decision.REVIEW
    assert findings(report) == [
        ("record.invalid_value", "$.shops[0].annual_turnover_yuan"),
        ("merchant.turnover_unknown", "$.declared_annual_turnover_yuan"),
    ]


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_an_empty_turnover_cell_is_no_turnover(empty: Any) -> None:
    """Spreadsheets give empty cells: no figure, so the exemption cannot be checked —
    review for a natural person, and nothing at all for an enterprise."""
    person = verified(changed(NATURAL, declared_annual_turnover_yuan=empty, shops=[]))
    assert person.decision is Decision.REVIEW
    assert findings(person) == [("merchant.turnover_unknown", "$.declared_annual_turnover_yuan")]
    company = verified(changed(ENTERPRISE, declared_annual_turnover_yuan=empty))
    assert company.decision is Decision.PASS


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        (13800138000, "+8613800138000"),
        (13800138000.0, "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("0086 138 0013 8000", "+8613800138000"),
        ("138 0013 8000 (张)", "+8613800138000"),
        ("138 0013 8000（张先生）", "+8613800138000"),
        ("１３８００１３８０００", "+8613800138000"),
        ("(010)12345678", "+861012345678"),
        ("010-1234-5678转801", "+861012345678"),
        ("010-12345678-801", "+861012345678"),
        ("0755-12345678", "+8675512345678"),
        ("400-800-8888", "+864008008888"),
        ("800-810-8888", "+868008108888"),
    ],
)
def test_phone_forms_are_read(written: Any, e164: str) -> None:
    merchant = Merchant.model_validate(
        {"subject_type": "企业", "name": "x", "contact_phone": written}
    )
    assert merchant.contact_phone_e164 == e164
    report = verified(changed(ENTERPRISE, contact_phone=written))
    assert report.decision is Decision.PASS, findings(report)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("62345678", "local_only"),  # a landline without its area code
        ("8888-6666", "local_only"),
        ("1234567", None),
        ("13800138000/13900139000", "several_numbers"),
        ("13800138000,13900139000", "several_numbers"),
        ("13800138000；13900139000", "several_numbers"),
        ("010-12345678 或 13800138000", "several_numbers"),
        ("1380013800", None),
        ("95588", None),
        ("0755-2345678-12", None),  # the part before the extension is no number either
    ],
)
def test_unusable_phones_are_reviewed_at_the_field(written: str, reason: str | None) -> None:
    report = verified(changed(ENTERPRISE, contact_phone=written))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("phone.invalid", "$.contact_phone")]
    if reason is not None:
        assert report.findings[0].ctx["reason"] == reason


def test_two_numbers_are_not_read_as_one_with_an_extension() -> None:
    """libphonenumber reads ``a;b`` as ``a`` with extension ``b``: a silent misread."""
    with pytest.raises(ValueError, match="more than one number"):
        normalize_phone("13800138000;13900139000")
    assert normalize_phone("tel:+86-10-12345678;ext=801") == "+861012345678"


@pytest.mark.parametrize("written", ["+852 5123 4567", "+853 6612 3456", "+886 912 345 678"])
def test_hong_kong_macao_taiwan_numbers_are_soft_findings(written: str) -> None:
    report = verified(changed(ENTERPRISE, contact_phone=written))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("phone.not_chinese", "$.contact_phone")]


@pytest.mark.parametrize("written", [True, [PHONE], {"mobile": PHONE}, 1.5])
def test_phone_of_the_wrong_type_is_refused_at_the_field(written: Any) -> None:
    report = verified(changed(ENTERPRISE, contact_phone=written))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("record.invalid_value", "$.contact_phone")]


def test_generated_phone_never_shows() -> None:
    """The generated number, in the phone field and in fields it does not belong in."""
    for readable in (int(PHONE), f"{PHONE_SPACED} (张)", f"+86 {PHONE_SPACED}"):
        assert verified(changed(ENTERPRISE, contact_phone=readable)).decision is Decision.PASS
    for fields in (
        {"contact_phone": f"{PHONE}/{PHONE_SPACED}"},
        {"categories": ["预包装食品", PHONE]},
        {"categories": f"预包装食品，{PHONE_SPACED}"},
        {"legal_representative": PHONE},
        {"legal_representative": RIC},
        {"last_verified_at": PHONE},
        {"contact_phone": RIC},
        {"subject_type": RIC},
        {"name": f"杭州示例优选食品有限公司{PHONE}"},
    ):
        report = verified(changed(ENTERPRISE, **fields))
        assert report.decision is not Decision.PASS, fields
    assert mask_phone(f"{PHONE}/{PHONE}").count("*") >= 4


def test_phone_findings_never_quote_the_number() -> None:
    for written in (f"{PHONE}/13800138000", f"{PHONE_SPACED}-8", RIC):
        for finding in phone_findings(written):
            assert PHONE not in json.dumps(finding.ctx) + finding.message + finding.message_zh


# --- categories -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "预包装食品,散装食品",
        "预包装食品；散装食品",
        "预包装食品|散装食品",
        "预包装食品\t散装食品",
        "预包装食品\r\n散装食品",
        ["预包装食品", "", "散装食品"],
        ["预包装食品", None, "散装食品"],
        ["预包装食品", "预包装食品", "散装食品"],
        ["prepackaged_food", "预包装 食品", "bulk_food"],
    ],
)
def test_category_lists_as_exported(written: Any) -> None:
    report = verified(changed(ENTERPRISE, categories=written))
    assert report.decision is Decision.PASS, findings(report)


@pytest.mark.parametrize(
    "written",
    [["预包装食品", "火星特产"], ["预包装食品", "预包装食品/火星特产"]],
)
def test_unknown_category_is_never_passed(written: Any) -> None:
    report = verified(changed(ENTERPRISE, categories=written))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("category.unknown", "$.categories[1]")]


def test_unknown_category_in_one_string_is_never_passed() -> None:
    """The finding names the field given (``$.categories``, or the split part's index)
    and quotes the declared part."""
    report = verified(changed(ENTERPRISE, categories="预包装食品，火星特产"))
    assert report.decision is Decision.REVIEW
    assert report.codes == ("category.unknown",)
    assert report.findings[0].json_path.startswith("$.categories")
    assert report.findings[0].ctx["declared"] == "火星特产"


def test_unknown_category_of_a_natural_person_is_reviewed() -> None:
    report = verified(changed(NATURAL, categories=["普通商品", "火星特产"]))
    assert report.decision is Decision.REVIEW
    assert ("category.unknown", "$.categories[1]") in findings(report)


@pytest.mark.parametrize("entry", [123, ["散装食品"], {"id": "bulk_food"}, math.nan])
def test_a_category_entry_of_the_wrong_type_is_reviewed_at_its_index(entry: Any) -> None:
    report = verified(changed(ENTERPRISE, categories=["预包装食品", entry]))
    assert report.decision is Decision.REVIEW
    assert ("record.invalid_value", "$.categories[1]") in findings(report)


def test_categories_as_a_mapping_are_refused() -> None:
    report = verified(changed(ENTERPRISE, categories={"a": "预包装食品"}))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("record.invalid_value", "$.categories")]


def test_banned_category_fails_in_any_list_form() -> None:
    for written in (["普通商品", "迷药"], "普通商品、迷药", ["普通商品", None, " 迷药 "]):
        report = verified(changed(ENTERPRISE, categories=written))
        assert report.decision is Decision.FAIL, written
        assert "category.banned" in report.codes


# --- identifiers, names and people ----------------------------------------------------------


def test_merchant_and_shop_ids_given_as_numbers() -> None:
    record = changed(NATURAL, merchant_id=20261129)
    record["shops"][0]["shop_id"] = 100001
    report = verified(record)
    assert report.decision is Decision.PASS, findings(report)
    assert report.merchant_id == "20261129"


@pytest.mark.parametrize("written", [True, 1.5, [1]])
def test_merchant_id_of_another_type_is_refused_at_the_field(written: Any) -> None:
    report = verified(changed(ENTERPRISE, merchant_id=written))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("record.invalid_value", "$.merchant_id")]


def test_names_with_spaces_and_full_width_brackets() -> None:
    record = example(ENTERPRISE)
    record["name"] = "杭州示例优选食品有限公司（西湖） "
    for document in record["documents"]:
        document["holder_name"] = " 杭州示例优选食品有限公司(西湖)"
    assert verified(record).decision is Decision.PASS


@pytest.mark.parametrize(
    "written",
    [
        "91330106ju6xyhxb07",
        "9133 0106 JU6X YHXB 07",
        "９１３３０１０６ＪＵ６ＸＹＨＸＢ０７",
        "统一社会信用代码：91330106JU6XYHXB07",
        " 91330106JU6XYHXB07\t",
    ],
)
def test_uscc_as_written(written: str) -> None:
    assert verified(changed(ENTERPRISE, uscc=written)).decision is Decision.PASS


@pytest.mark.parametrize("empty", ["", "  ", "无", "/", "-", None])
def test_an_empty_uscc_cell_is_no_uscc(empty: Any) -> None:
    """A natural person has none; an enterprise then needs it on its business licence."""
    assert verified(changed(NATURAL, uscc=empty)).decision is Decision.PASS
    assert verified(changed(ENTERPRISE, uscc=empty)).decision is Decision.PASS
    record = changed(ENTERPRISE, uscc=empty)
    record["documents"] = record["documents"][1:]
    report = verified(record)
    assert report.decision is Decision.FAIL
    assert ("merchant.uscc_missing", "$.uscc") in findings(report)


def test_a_wrong_uscc_still_fails_at_the_field() -> None:
    uscc = make_uscc(entity_type="1")
    broken = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")
    report = verified(changed(ENTERPRISE, uscc=broken))
    assert report.decision is Decision.FAIL
    assert ("uscc.checksum", "$.uscc") in findings(report)


@pytest.mark.parametrize("uscc", [91330106, 9.133e17, ["91330106JU6XYHXB07"]])
def test_uscc_of_the_wrong_type_is_refused_at_the_field(uscc: Any) -> None:
    report = verified(changed(NATURAL, uscc=uscc))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("record.invalid_value", "$.uscc")]


def test_legal_representative_given_as_a_name() -> None:
    merchant = Merchant.model_validate(changed(ENTERPRISE, legal_representative=" 张三 "))
    assert merchant.legal_representative == Person(name="张三")
    assert verified(changed(ENTERPRISE, legal_representative="张三")).decision is Decision.PASS
    other = verified(changed(ENTERPRISE, legal_representative="李四"))
    assert other.decision is Decision.REVIEW
    assert "consistency.legal_rep_mismatch" in other.codes


@pytest.mark.parametrize("written", [["张三"], [{"name": "张三"}], 123, {"name": ""}])
def test_legal_representative_of_another_shape_is_refused_at_the_field(written: Any) -> None:
    report = verified(changed(ENTERPRISE, legal_representative=written))
    assert report.decision is Decision.REVIEW
    paths = [path for code, path in findings(report) if code == "record.invalid_value"]
    assert paths
    assert all(path.startswith("$.legal_representative") for path in paths)


def test_natural_person_identity_given_as_a_bare_name_is_missing() -> None:
    """A name is not an identity: the exempt seller then fails for want of one."""
    record = changed(NATURAL, legal_representative="王五")
    record["documents"] = []
    report = verified(record)
    assert report.decision is Decision.FAIL
    assert "merchant.identity_missing" in report.codes


# --- documents, shops and nulls ------------------------------------------------------------


@pytest.mark.parametrize("shape", ["by_kind", "json_text", "one_document"], ids=lambda shape: shape)
def test_documents_of_another_shape_are_refused_at_the_field(shape: str) -> None:
    record = example(ENTERPRISE)
    documents = record["documents"]
    record["documents"] = {
        "by_kind": {document["kind"]: document for document in documents},
        "json_text": json.dumps(documents, ensure_ascii=False),
        "one_document": documents[0],
    }[shape]
    report = verified(record)
    # nothing read, yet the record holds documents: the food licence may be among them,
    # so its absence is reviewed, not failed (tests/audit/test_audit_records_2.py)
    assert report.decision is Decision.REVIEW
    assert findings(report)[0] == ("record.invalid_value", "$.documents")
    assert "category.license_missing" in report.codes


@pytest.mark.parametrize("shape", ["one_shop", "by_id", "json_text"])
def test_shops_of_another_shape_are_refused_at_the_field(shape: str) -> None:
    record = example(NATURAL)
    shops = record["shops"]
    record["shops"] = {
        "one_shop": shops[0],
        "by_id": {shop["shop_id"]: shop for shop in shops},
        "json_text": json.dumps(shops, ensure_ascii=False),
    }[shape]
    report = verified(record)
    assert report.decision is Decision.REVIEW  # the turnover is unknown without the shops
    assert findings(report) == [
        ("record.invalid_value", "$.shops"),
        ("merchant.turnover_unknown", "$.declared_annual_turnover_yuan"),
    ]


@pytest.mark.parametrize(
    "field",
    ["merchant_id", "uscc", "legal_representative", "address", "contact_phone", "shops",
     "categories", "declared_annual_turnover_yuan", "last_verified_at"],
)  # fmt: skip
def test_null_in_an_optional_field_is_no_value(field: str) -> None:
    assert verified(changed(ENTERPRISE, **{field: None})).decision is Decision.PASS


def test_null_documents_are_no_documents_and_fail_what_needs_them() -> None:
    company = verified(changed(ENTERPRISE, documents=None))
    assert company.decision is Decision.FAIL
    assert ("document.business_license_missing", "$.documents") in findings(company)
    assert ("category.license_missing", "$.categories[0]") in findings(company)
    person = verified(changed(NATURAL, documents=None))
    assert person.decision is Decision.FAIL
    assert "merchant.identity_missing" in person.codes


def test_null_shops_of_a_natural_person_leave_the_turnover_unknown() -> None:
    report = verified(changed(NATURAL, shops=None))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("merchant.turnover_unknown", "$.declared_annual_turnover_yuan")]


@pytest.mark.parametrize("field", ["subject_type", "name"])
def test_null_in_a_required_field_is_unreadable(field: str) -> None:
    report = verified(changed(ENTERPRISE, **{field: None}))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("record.invalid_value", f"$.{field}"), ("record.unreadable", "$")]


def test_every_field_null_is_never_passed() -> None:
    record = dict.fromkeys(example(ENTERPRISE))
    report = verified(record)
    assert report.decision is Decision.REVIEW
    assert "record.unreadable" in report.codes


def test_extra_keys_are_ignored_everywhere() -> None:
    record = changed(ENTERPRISE, 备注="老客户", _id={"$oid": "65f0"}, created_at="not a date")
    record["shops"][0]["店铺等级"] = ["金牌", None]
    record["legal_representative"]["手机"] = PHONE
    for document in record["documents"]:
        document["ocr_confidence"] = 0.97
        document["图片"] = "https://example.invalid/licence.jpg"
    assert verified(record).decision is Decision.PASS


# --- last_verified_at -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["2026-08-15", "2026年8月15日", "2026.08.15", "2026/08/15", "20260815", 20260815,
     "2026-08-15T10:30:00+08:00", "2026-08-14T20:00:00Z", "2026-08-15 10:30:00",
     "Aug 15, 2026", 1786723200000, "２０２６年８月１５日"],
)  # fmt: skip
def test_last_verified_at_forms(written: Any) -> None:
    merchant = Merchant.model_validate(changed(ENTERPRISE, last_verified_at=written))
    assert merchant.last_verified_at == datetime.date(2026, 8, 15)
    assert verified(changed(ENTERPRISE, last_verified_at=written)).decision is Decision.PASS


@pytest.mark.parametrize("written", ["03/04/2026", "昨天", "2026-02-30", True, PHONE])
def test_unreadable_last_verified_at_is_reviewed_at_the_field(written: Any) -> None:
    report = verified(changed(ENTERPRISE, last_verified_at=written))
    assert report.decision is Decision.REVIEW
    assert findings(report) == [("record.invalid_value", "$.last_verified_at")]


def test_json_text_and_merchant_give_the_same_report() -> None:
    record = changed(
        NATURAL,
        subject_type="个人卖家",
        declared_annual_turnover_yuan="6.85万元",
        categories="普通商品|食用农产品",
        contact_phone=int("13800138000"),
        merchant_id=7,
    )
    from_dict = verified(record)
    from_text = verified(json.dumps(record, ensure_ascii=False))
    from_model = verified(Merchant.model_validate(record))
    assert from_dict.decision is from_text.decision is from_model.decision is Decision.PASS
    assert from_dict.codes == from_text.codes == from_model.codes == ()
