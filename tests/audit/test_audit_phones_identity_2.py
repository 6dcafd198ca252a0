"""Audit round 2: contact phones and the identity documents of natural persons.

The contract (docs/types.md "Phone numbers", docs/verify.md "The checks" and "Privacy",
docs/models.md "Identity documents" and "Personal data", reference §3.1-3.3):

* a contact phone is read in the forms platforms store it (``+86``, ``0086``, ``86``,
  brackets, hyphens, full-width digits, a label before it, an extension, a note), and a
  number a spreadsheet stored as a number is its digits.  Business numbers (400/800) are
  contact numbers.  A number that cannot be read — a short service number, a landline
  without its area code, two numbers, a digit too many — asks for review: it is never a
  reason to fail a seller (``phone.invalid`` and ``phone.not_chinese`` are *review*);
* libphonenumber's numbering plan is third-party data that lags behind new ranges, so a
  real number it does not know (the 149 data-card range) must come out review, not fail;
* identity documents: the resident ID card, the Hong Kong/Macao/Taiwan residence permit
  and the foreigner's permanent residence ID are checked with GB 11643; passports and
  travel permits (回乡证, 台胞证) cannot be checked and ask for review.  Their types are
  read by English or Chinese names — also in traditional characters, as Hong Kong and
  Taiwan write them — and a type no one knows never makes a number be judged by GB 11643;
* a card's term follows the law (居民身份证法 art. 5 by the holder's age, residence
  permits 5 years): an expired card fails, a longer term than the law gives asks for
  review.  No rule on a seller's age exists in the reference, so none is invented;
* phones and document numbers never appear in a report, its JSON, the command line's
  output, and are masked in reprs.

Every personal number here is generated (``make_ric``) or made up; 138-0013-8000 is the
customary example mobile number, 010-12345678 libphonenumber's example landline.
"""

from __future__ import annotations

import datetime
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, AS_OF_TEXT, PHONE, PHONE_SPACED, example, json_paths

from qualcheck import Decision, Report, Severity, verify
from qualcheck.cli import main
from qualcheck.models import IdentityDocument, Merchant, Person, document_kind
from qualcheck.models.identity import DocumentNumber, IdentityType
from qualcheck.phones import mask_phone, normalize_phone, phone_findings, phone_type
from qualcheck.testing import make_ric

NATURAL_PERSON = 6
"""Index of the natural-person example (examples/merchants/07-natural-person.json)."""
MOBILE = "+8613800138000"
BEIJING = "+861012345678"


def seller(**changes: Any) -> dict[str, Any]:
    """The natural-person example (it passes as of AS_OF) with top-level ``changes``."""
    record = example(NATURAL_PERSON)
    record.update(changes)
    return record


def with_identity(number: object, **document: Any) -> dict[str, Any]:
    """The natural-person example showing the identity document ``number`` (and the
    document's other ``document`` fields; a ``validity`` replaces the example's)."""
    record = seller()
    record["documents"][0].update(number=number, **document)
    return record


def codes(report: Report) -> list[str]:
    return [finding.code for finding in report.findings]


def judged(record: dict[str, Any]) -> tuple[Decision, list[str]]:
    report = verify(record, as_of=AS_OF)
    return report.decision, codes(report)


def ric_born(born: datetime.date, holder: str = "resident", seed: int = 7) -> str:
    """A generated ID number (of nobody) of a holder born on ``born``."""
    return make_ric(birth_date=born, holder=holder, rng=random.Random(seed))


# --- phones as platforms store them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+86 138 0013 8000", MOBILE),
        ("0086-13800138000", MOBILE),
        ("86 13800138000", MOBILE),  # the country code without + or 00
        ("+(86)13800138000", MOBILE),
        ("+86 013800138000", MOBILE),  # the trunk 0 kept after the country code
        ("138.0013.8000", MOBILE),
        ("１３８－００１３－８０００", MOBILE),  # full-width digits and dashes
        ("138\u200b0013\u200b8000", MOBILE),  # zero-width spaces from a copied web page
        ("电话：13800138000", MOBILE),  # a label before it
        ("手机:138-0013-8000", MOBILE),
        ("Tel: 13800138000", MOBILE),
        ("13800138000（张先生）", MOBILE),  # a note in brackets
        ("13800138000 张先生", MOBILE),  # a note after it, without brackets
        ("13800138000，张先生", MOBILE),
        ("13800138000转", MOBILE),  # an extension word with no extension
        ("(010)12345678", BEIJING),
        ("010-1234-5678", BEIJING),
        ("+86 (0)10 1234 5678", BEIJING),
        ("0755 8888 8888", "+8675588888888"),
        ("（0571）88888888", "+8657188888888"),
        ("010-12345678-8001", BEIJING),  # 总机-分机: the extension is dropped
        ("010-12345678转8001", BEIJING),
        ("010-12345678 分机 8001", BEIJING),
        ("0571-88888888-123", "+8657188888888"),
    ],
)
def test_platform_forms_are_read(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164
    assert phone_findings(raw) == ()


@pytest.mark.parametrize(
    "prefix",
    [
        # 5G-era and newer ranges (190-199 but 194), virtual operators (162, 165, 167, 170,
        # 171), 166, 172, 173, 175-178, data cards with voice (145, 147), 1740x (satellite)
        *("190", "191", "192", "193", "195", "196", "197", "198", "199"),
        *("162", "165", "166", "167", "170", "171", "172", "173"),
        *("175", "176", "177", "178", "145", "147", "17400"),
    ],
)
def test_new_mobile_ranges_are_valid_mobiles(prefix: str) -> None:
    number = prefix + "12345678"[: 11 - len(prefix)]
    assert len(number) == 11
    assert phone_findings(number) == (), number
    assert phone_type(number) == "mobile"


@pytest.mark.parametrize(
    "number", ["400-810-8888", "4008108888", "800-810-8888", "+86 400 810 8888"]
)
def test_business_numbers_are_contact_numbers(number: str) -> None:
    assert phone_findings(number) == ()
    assert phone_type(number) == "other"
    assert judged(seller(contact_phone=number)) == (Decision.PASS, [])


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("95588", "local_only"),  # a bank's short service number
        ("12315", "local_only"),  # the consumer complaints line
        ("62345678", "local_only"),  # a landline without its area code
        ("138001380001", "not_assigned"),  # a digit too many
        ("1380013800", "not_assigned"),  # a digit missing
        ("0755-888888888", "not_assigned"),
        ("13800138000/13900139000", "several_numbers"),
        ("13800138000、13900139000", "several_numbers"),
        ("13800138000 或 13900139000", "several_numbers"),
        ("1.38001E+10", "not_a_number"),  # a spreadsheet's scientific notation: digits lost
        ("13800138000-123", "too_long"),
    ],
)
def test_numbers_that_cannot_be_read_ask_for_review_never_fail(number: str, reason: str) -> None:
    assert [(f.code, f.ctx["reason"]) for f in phone_findings(number)] == [
        ("phone.invalid", reason)
    ]
    report = verify(seller(contact_phone=number), as_of=AS_OF)
    assert report.decision is Decision.REVIEW, codes(report)
    assert [(f.code, f.severity, f.json_path) for f in report.findings] == [
        ("phone.invalid", Severity.WARNING, "$.contact_phone")
    ]


def test_a_real_number_libphonenumber_does_not_know_is_review_not_fail() -> None:
    # 149 is China Telecom's data-card range with voice; libphonenumber's data lacks it
    # (google/libphonenumber#1976): third-party data may not fail a seller
    assert [f.code for f in phone_findings("14912345678")] == ["phone.invalid"]
    report = verify(seller(contact_phone="149 1234 5678"), as_of=AS_OF)
    assert report.decision is Decision.REVIEW, codes(report)


def test_an_unreadable_contact_number_names_why_it_is_only_reviewed() -> None:
    report = verify(seller(contact_phone="95588"), as_of=AS_OF)
    (finding,) = report.findings
    assert finding.severity is Severity.WARNING
    assert finding.rule  # every warning says which soft rule it stands for


@pytest.mark.parametrize("phone", [13800138000, 13800138000.0])
def test_numbers_stored_as_numbers_are_their_digits(phone: object) -> None:
    assert judged(seller(contact_phone=phone)) == (Decision.PASS, [])
    assert Merchant.model_validate(seller(contact_phone=phone)).contact_phone_e164 == MOBILE


@pytest.mark.parametrize("phone", [True, [PHONE], {"mobile": PHONE}, float("nan")])
def test_a_phone_of_another_shape_is_unreadable_not_passed(phone: object) -> None:
    report = verify(seller(contact_phone=phone), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert json_paths(report) == ["$.contact_phone"]
    assert PHONE not in report.to_json()


@pytest.mark.parametrize("placeholder", ["", "   ", None])
def test_no_contact_phone_is_not_a_finding(placeholder: object) -> None:
    assert judged(seller(contact_phone=placeholder)) == (Decision.PASS, [])


@pytest.mark.parametrize("placeholder", ["无", "暂无", "-", "/"])
def test_a_placeholder_is_no_contact_phone(placeholder: str) -> None:
    assert judged(seller(contact_phone=placeholder)) == (Decision.PASS, [])


@pytest.mark.parametrize(
    ("phone", "country_code"),
    [("+852 5123 4567", 852), ("+853 6612 3456", 853), ("+886 912 345 678", 886)],
)
def test_a_hong_kong_macao_or_taiwan_contact_number_is_reviewed(
    phone: str, country_code: int
) -> None:
    report = verify(seller(contact_phone=phone), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    (finding,) = report.findings
    assert (finding.code, finding.ctx) == ("phone.not_chinese", {"country_code": country_code})
    assert finding.rule


# --- phones are personal data ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (13800138000.0, "+86138****8000"),  # a float from a spreadsheet: its digits
        (13800138000, "+86138****8000"),
        ("13800138000 张先生", "+86138****8000"),
        ("+86 149 1234 5678", "+861******5678"),  # not valid for libphonenumber: masked more
        ("13800138000/13900139000", "138***************9000"),
    ],
)
def test_mask_phone(value: object, masked: str) -> None:
    assert mask_phone(value) == masked


PHONE_FORMS = [
    PHONE,
    PHONE_SPACED,
    "+86 139 1234 5678",
    "0086-139-1234-5678",
    "１３９１２３４５６７８",
    "139 1234 567",  # invalid: a digit missing
    "13912345678/13812345678",
    "+852 5123 4567",
]


_VOLATILE = re.compile(r"\d{4}-\d{2}-\d{2}T[\d:.+]+Z?|\b[0-9a-f]{32}\b")
"""Time stamps and audit ids: their digits may hold a phone's four by chance."""


def _stable(text: str) -> str:
    return _VOLATILE.sub("", text)


def _secrets(phone: str) -> list[str]:
    digits = "".join(char for char in phone if char.isdigit())
    return [phone, digits, digits[3:7] if len(digits) >= 11 else digits[-8:-4]]


@pytest.mark.parametrize("phone", PHONE_FORMS)
def test_phones_never_in_a_report_nor_a_repr(phone: str) -> None:
    record = seller(contact_phone=phone)
    report = verify(record, as_of=AS_OF)
    texts = [report.to_json(), repr(report), repr(Merchant.model_validate(record))]
    texts += [f.message + f.message_zh + json.dumps(f.ctx) for f in report.findings]
    for secret in _secrets(phone):
        for text in texts:
            assert secret not in _stable(text), (secret, text[:200])


@pytest.mark.parametrize("json_output", [False, True])
def test_phones_never_in_the_command_line_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], json_output: bool
) -> None:
    path = tmp_path / "sellers.jsonl"
    lines = [json.dumps(seller(contact_phone=phone), ensure_ascii=False) for phone in PHONE_FORMS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    main(["verify", str(path), "--as-of", AS_OF_TEXT, *(["--json"] if json_output else [])])
    out = capsys.readouterr()
    assert "phone.invalid" in out.out  # the invalid ones were judged and reported
    for phone in PHONE_FORMS:
        for secret in _secrets(phone):
            assert secret not in _stable(out.out + out.err), secret


# --- identity document types as records name them ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # traditional characters, as Hong Kong, Macao and Taiwan residents write them
        ("台胞證", IdentityType.TAIWAN_TRAVEL_PERMIT),
        ("臺灣居民來往大陸通行證", IdentityType.TAIWAN_TRAVEL_PERMIT),
        ("回鄉證", IdentityType.HK_MACAO_TRAVEL_PERMIT),
        ("港澳居民來往內地通行證", IdentityType.HK_MACAO_TRAVEL_PERMIT),
        ("護照", IdentityType.PASSPORT),
        ("身份證", IdentityType.RESIDENT_ID_CARD),
        ("港澳臺居民居住證", IdentityType.RESIDENCE_PERMIT),
        ("外國人永久居留身份證", IdentityType.PERMANENT_RESIDENCE_CARD),
        # the titles the documents print, and the names selection lists use
        ("中华人民共和国居民身份证", IdentityType.RESIDENT_ID_CARD),
        ("中华人民共和国护照", IdentityType.PASSPORT),
        ("普通护照", IdentityType.PASSPORT),
        ("因私护照", IdentityType.PASSPORT),
        ("Foreign passport", IdentityType.PASSPORT),
        ("港澳回乡证", IdentityType.HK_MACAO_TRAVEL_PERMIT),
        ("香港居民居住证", IdentityType.RESIDENCE_PERMIT),
        ("澳门居民居住证", IdentityType.RESIDENCE_PERMIT),
        ("台湾居民来往大陆通行证（台胞证）", IdentityType.TAIWAN_TRAVEL_PERMIT),
        ("港澳居民来往内地通行证(回乡证)", IdentityType.HK_MACAO_TRAVEL_PERMIT),
    ],
)
def test_identity_type_names(name: str, expected: IdentityType) -> None:
    assert IdentityType.parse(name) is expected


@pytest.mark.parametrize(
    "name",
    [
        "港澳通行证",  # mainland residents' permit to travel to Hong Kong and Macao
        "大陆居民往来台湾通行证",  # mainland residents' permit to travel to Taiwan
        "护照（过期）",  # says something else in brackets
        "护照（台胞证）",  # two different documents
        "身份证（护照）",
        "居住证",  # the mainland residence permit of a migrant: not this document
    ],
)
def test_names_of_other_things_are_no_identity_type(name: str) -> None:
    assert IdentityType.parse(name) is None


def test_a_taiwan_seller_writing_traditional_characters_is_reviewed_not_failed() -> None:
    record = with_identity("12345678", id_type="台胞證", validity="2024.01.01-2029.01.01")
    record["legal_representative"] = {"name": "周九", "id_type": "臺胞證", "id_number": "12345678"}
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, codes(report)
    assert codes(report) == ["ric.unverifiable_document", "ric.unverifiable_document"]


def test_the_title_the_card_prints_is_an_identity_document() -> None:
    record = with_identity(example(NATURAL_PERSON)["documents"][0]["number"])
    record["documents"][0]["kind"] = "中华人民共和国居民身份证"
    assert judged(record) == (Decision.PASS, [])
    assert document_kind("中华人民共和国居民身份证（正面）") == (
        "identity",
        IdentityType.RESIDENT_ID_CARD,
    )


@pytest.mark.parametrize("number", ["0123456701(B)", "0123456701（D）", "01234567 01 (1)"])
def test_an_old_taiwan_permit_number_with_its_office_code_is_kept(number: str) -> None:
    # before 2008-09-25: the 8-digit lifelong number, 2 digits of issue count and the
    # issuing office's code in brackets
    document = IdentityDocument(number=number, id_type="台胞证", holder_name="周九")
    assert isinstance(document.number, DocumentNumber)
    assert str(document.number).startswith("0123456701")
    assert "2345670" not in repr(document)
    report = verify(with_identity(number, id_type="台胞证"), as_of=AS_OF)
    assert report.decision is Decision.REVIEW, codes(report)
    assert codes(report) == ["ric.unverifiable_document"]


def test_an_unknown_type_is_an_error_of_the_type_not_of_the_number() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as info:
        IdentityDocument.model_validate({"number": "12345678", "id_type": "军官证"})
    assert [error["loc"] for error in info.value.errors()] == [("id_type",)]
    with pytest.raises(ValidationError) as info:
        Person.model_validate({"name": "周九", "id_number": "A1234567", "id_type": "军官证"})
    assert [error["loc"] for error in info.value.errors()] == [("id_type",)]


@pytest.mark.parametrize(
    ("id_type", "number"), [("军官证", "12345678"), ("香港身份证", "A123456(7)")]
)
def test_a_document_of_a_type_no_one_knows_is_reviewed_not_failed(
    id_type: str, number: str
) -> None:
    decision, found = judged(with_identity(number, id_type=id_type))
    assert decision is Decision.REVIEW, found
    assert "ric.length" not in found


def test_an_unknown_type_never_passes_a_valid_id_number() -> None:
    record = with_identity(example(NATURAL_PERSON)["documents"][0]["number"], id_type="军官证")
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert [(f.code, f.json_path) for f in report.findings] == [
        ("record.invalid_value", "$.documents[0].id_type")
    ]


def test_an_id_number_of_the_gb11643_form_is_checked_whatever_the_type() -> None:
    number = example(NATURAL_PERSON)["documents"][0]["number"]
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    for id_type in ("军官证", "passport", "台胞證"):
        decision, found = judged(with_identity(wrong, id_type=id_type))
        assert decision is Decision.FAIL, (id_type, found)
        assert "ric.checksum" in found


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "holder",
    ["买买提·艾力", "买买提•艾力", "买买提・艾力", "买买提.艾力", "买买提．艾力", "买买提艾力"],
)
def test_a_minority_name_written_with_any_middle_dot_is_the_same_name(holder: str) -> None:
    record = seller(name="买买提·艾力")
    record["documents"][0]["holder_name"] = holder
    assert judged(record) == (Decision.PASS, [])


@pytest.mark.parametrize(
    "name", ["周", "欧阳娜娜", "阿卜杜热西提·买买提明·阿不都热合曼", "John Smith"]
)
def test_short_and_long_names_are_accepted(name: str) -> None:
    record = seller(name=name)
    record["documents"][0]["holder_name"] = name
    assert judged(record) == (Decision.PASS, [])


# --- the card's term ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "validity", "decision", "code"),
    [
        # 居民身份证法 art. 5: under 16 five years, 16-25 ten, 26-45 twenty, 46+ long-term,
        # by the holder's age on the card's first day
        ((2014, 5, 1), "2024.06.20-2029.06.20", Decision.PASS, None),
        ((2014, 5, 1), "2024.06.20-2034.06.20", Decision.REVIEW, "license.term_too_long"),
        ((2010, 6, 20), "2026.06.20-2036.06.20", Decision.PASS, None),  # 16 that day: 10 y
        ((2010, 6, 20), "2026.06.19-2036.06.19", Decision.REVIEW, "license.term_too_long"),
        ((1980, 6, 20), "2026.06.20-长期", Decision.PASS, None),  # 46 that day: long-term
        ((1980, 6, 20), "2026.06.19-长期", Decision.REVIEW, "license.long_term_unexpected"),
        ((1980, 6, 20), "2018.06.20-2048.06.20", Decision.REVIEW, "license.term_too_long"),
        # expired, expiring, not yet valid
        ((1975, 1, 31), "2006.06.20-2026.06.20", Decision.FAIL, "license.expired"),
        ((1975, 1, 31), "2006.12.20-2026.12.20", Decision.REVIEW, "license.expiring_soon"),
        ((1975, 1, 31), "2027.06.20-长期", Decision.FAIL, "license.not_yet_valid"),
    ],
)
def test_resident_id_card_terms(
    born: tuple[int, int, int], validity: str, decision: Decision, code: str | None
) -> None:
    number = ric_born(datetime.date(*born))
    report = verify(with_identity(number, validity=validity), as_of=AS_OF)
    assert report.decision is decision, codes(report)
    assert codes(report) == ([code] if code else [])
    assert all(f.json_path.startswith("$.documents[0].validity") for f in report.findings)


@pytest.mark.parametrize("holder", ["hk_permit", "macao_permit", "taiwan_permit"])
@pytest.mark.parametrize(
    ("validity", "decision"),
    [
        ("2024.06.20-2029.06.19", Decision.PASS),  # 国办发〔2018〕81号 art. 6: 5 years
        ("2024.06.20-2034.06.19", Decision.REVIEW),
        ("2024.06.20-长期", Decision.REVIEW),
        ("2019.06.20-2024.06.19", Decision.FAIL),
    ],
)
def test_residence_permit_terms(holder: str, validity: str, decision: Decision) -> None:
    number = ric_born(datetime.date(1990, 1, 1), holder=holder)
    assert judged(with_identity(number, validity=validity))[0] is decision


@pytest.mark.parametrize("validity", ["2024.06.20-长期", "2024.06.20-2044.06.19"])
def test_a_permanent_residence_id_beyond_its_term_is_reviewed(validity: str) -> None:
    number = ric_born(datetime.date(1980, 1, 1), holder="foreigner_pr")
    assert judged(with_identity(number, validity=validity))[0] is Decision.REVIEW


def test_a_permanent_residence_id_within_its_term_passes() -> None:
    number = ric_born(datetime.date(1980, 1, 1), holder="foreigner_pr")
    assert judged(with_identity(number, validity="2024.06.20-2034.06.19")) == (Decision.PASS, [])


@pytest.mark.parametrize("validity", ["2010.01.01-2020.01.01", "2016.01.01-2026.01.01"])
def test_an_expired_passport_fails(validity: str) -> None:
    decision, found = judged(with_identity("E12345678", id_type="护照", validity=validity))
    assert decision is Decision.FAIL
    assert "license.expired" in found


def test_a_minor_seller_is_judged_by_the_card_alone() -> None:
    # the reference states no minimum age for a seller: no rule is invented
    number = ric_born(datetime.date(2010, 5, 1))
    assert judged(with_identity(number, validity="2026.06.20-2036.06.20")) == (Decision.PASS, [])


def test_a_birth_date_after_the_day_of_the_check_fails() -> None:
    number = ric_born(AS_OF + datetime.timedelta(days=1))
    decision, found = judged(with_identity(number))
    assert decision is Decision.FAIL
    assert "ric.birth_date_future" in found


def test_a_first_generation_number_is_no_current_identity() -> None:
    number = ric_born(datetime.date(1975, 1, 31))
    legacy = number[:6] + number[8:17]  # the 15-digit form (GB 11643-1989)
    decision, found = judged(with_identity(legacy))
    assert decision is Decision.FAIL
    assert "merchant.identity_outdated" in found


# --- a foreign natural-person seller, end to end -----------------------------------------------


def test_a_foreign_seller_with_a_passport_and_a_foreign_phone() -> None:
    record = with_identity("X12345678", id_type="外国护照", validity="2020.01.01-2030.01.01")
    record.update(name="John Smith", contact_phone="+1 201-555-0123")
    record["documents"][0]["holder_name"] = "John Smith"
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert sorted(codes(report)) == ["phone.not_chinese", "ric.unverifiable_document"]
    text = report.to_json() + repr(Merchant.model_validate(record))
    assert "X12345678" not in text
    assert "555" not in text


# --- every document number masked --------------------------------------------------------------


DOCUMENT_NUMBERS = [
    (None, ric_born(datetime.date(1987, 9, 8))),
    (None, ric_born(datetime.date(1987, 9, 8), holder="hk_permit")),
    (None, ric_born(datetime.date(1987, 9, 8), holder="macao_permit")),
    (None, ric_born(datetime.date(1987, 9, 8), holder="taiwan_permit")),
    (None, ric_born(datetime.date(1987, 9, 8), holder="foreigner_pr")),
    (None, "USA310870908234"),  # a 2004/2017 permanent residence ID (made up)
    ("护照", "EA7654321"),
    ("外国护照", "X76543219"),
    ("回乡证", "H7654321901"),
    ("台胞證", "76543219"),
    ("台胞证", "7654321901(B)"),
]


def _hidden_parts(number: str) -> list[str]:
    digits = "".join(char for char in number if char.isalnum())
    parts = [digits]
    if len(digits) == 18:
        parts.append(digits[6:14])  # the birth date
    else:
        parts.append(digits[2:-2])
    return parts


@pytest.mark.parametrize(("id_type", "number"), DOCUMENT_NUMBERS)
def test_every_identity_number_is_masked_in_reprs(id_type: str | None, number: str) -> None:
    document = IdentityDocument(number=number, id_type=id_type, holder_name="周九")
    person = Person(name="周九", id_number=number, id_type=id_type)
    record = with_identity(number, id_type=id_type)
    record["legal_representative"] = {"name": "周九", "id_number": number, "id_type": id_type}
    texts = [repr(document), repr(person), repr(Merchant.model_validate(record))]
    for secret in _hidden_parts(number):
        for text in texts:
            assert secret not in _stable(text), (secret, text[:200])


@pytest.mark.parametrize("json_output", [False, True])
def test_every_identity_number_is_absent_from_reports_and_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], json_output: bool
) -> None:
    records = []
    for id_type, number in DOCUMENT_NUMBERS:
        record = with_identity(number, id_type=id_type)
        record["legal_representative"] = {"name": "周九", "id_number": number, "id_type": id_type}
        records.append(record)
        report = verify(record, as_of=AS_OF)
        for secret in _hidden_parts(number):
            assert secret not in report.to_json()
    path = tmp_path / "sellers.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    main(["verify", str(path), "--as-of", AS_OF_TEXT, *(["--json"] if json_output else [])])
    out = capsys.readouterr()
    assert "ric.unverifiable_document" in out.out
    for _, number in DOCUMENT_NUMBERS:
        for secret in _hidden_parts(number):
            assert secret not in _stable(out.out + out.err), secret
