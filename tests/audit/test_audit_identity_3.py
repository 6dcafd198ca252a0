"""Audit round 3: identity documents and contact phones in the forms sellers give them.

The contract (docs/models.md "Identity documents", docs/numbers/ric.md, docs/types.md
"Phone numbers", reference §3.1-3.3):

* GB 11643 numbers: only official rules reject (length, characters, province, a real
  birth date not after ``as_of``, the MOD 11-2 check); the region table, the legacy
  15-digit form, an early birth year and the permanent-residence layout warn and name
  their rule.  A 15-digit number is read (19xx, 18xx for sequences 996-999) but a
  first-generation card is no current identity document (居民身份证法 art. 23);
* residence permits (810000/820000/830000) and the foreigner's permanent residence ID
  (2004/2017 3 letters + 12 digits; 2023 ``9`` + 17 characters with the MOD 11-2 check)
  are GB 11643 documents; passports and travel permits (回乡证 H/M + 8 or 10 digits,
  台胞证 8 digits or the old 10 with the office letter) are kept and reviewed;
* an ``id_type`` naming another document than the one a GB 11643 number belongs to is
  reviewed at ``id_type`` (``ric.id_type_mismatch``), except the generic resident card
  that forms fill in by default;
* a contact phone is read in every written form, never fails a seller, and two numbers
  in one field are named as such, also when only a space separates them;
* numbers are masked in reprs and reports.

Every personal number is generated (``make_ric``) or made up; 138-0013-8000 is the
customary example mobile number, 010-12345678 libphonenumber's example landline.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from audit_support import AS_OF, example

from qualcheck import Decision, Report, Severity, verify
from qualcheck.models import IdentityDocument, Person
from qualcheck.models.identity import DocumentNumber, IdentityType, number_document
from qualcheck.numbers import ric
from qualcheck.numbers._checksums import mod11_2_check
from qualcheck.phones import mask_phone, normalize_phone, phone_findings, phone_type
from qualcheck.testing import make_ric

NATURAL_PERSON = 6
"""Index of the natural-person example (it passes as of AS_OF)."""
TERM_5 = "2024.01.01-2029.01.01"
TERM_10 = "2024.01.01-2034.01.01"


def with_identity(number: object, **document: Any) -> dict[str, Any]:
    """The natural-person example showing the identity document ``number``."""
    record = example(NATURAL_PERSON)
    record["documents"][0].update(number=number, **document)
    return record


def judged(record: dict[str, Any]) -> tuple[Decision, list[tuple[str, str]]]:
    """The decision and (code, path) of each finding."""
    report = verify(record, as_of=AS_OF)
    return report.decision, [(f.code, ".".join(map(str, f.path))) for f in report.findings]


def born(day: datetime.date, holder: str = "resident", seed: int = 3) -> str:
    """A generated number (of nobody) of a holder born on ``day``."""
    return make_ric(birth_date=day, holder=holder, rng=random.Random(seed))


def with_check(body: str) -> str:
    """``body`` (17 digits) with its MOD 11-2 check character."""
    return body + mod11_2_check(body)


def leaks(report: Report, *secrets: str) -> list[str]:
    """The ``secrets`` found in the report's JSON and its repr."""
    text = report.to_json() + repr(report)
    return [secret for secret in secrets if secret in text]


# --- GB 11643 numbers: official rules reject, empirical ones warn ------------------------------


def test_a_15_digit_number_is_read_with_its_century_and_named_outdated() -> None:
    number = born(datetime.date(1965, 3, 4))
    legacy = number[:6] + number[8:17]
    assert ric.upgrade(legacy) == number
    assert [f.code for f in ric.findings(legacy, as_of=AS_OF)] == ["ric.legacy_15"]
    decision, found = judged(with_identity(legacy))
    assert ("ric.legacy_15", "documents.0.number") in found
    assert ("merchant.identity_outdated", "") in found  # a first-generation card: art. 23
    assert decision is Decision.FAIL


def test_a_15_digit_centenarian_is_born_in_the_1800s() -> None:
    assert ric.parse("110105991231996").birth_date == datetime.date(1899, 12, 31)
    assert ric.upgrade("110105991231996").startswith("11010518991231996")


def test_a_lower_case_x_is_the_check_character() -> None:
    number = next(
        n for n in (born(AS_OF.replace(year=1960), seed=s) for s in range(99)) if n[-1] == "X"
    )
    decision, found = judged(with_identity(number.lower(), validity="2010.05.01-长期"))
    assert ric.validate(number.lower()) == number
    assert (decision, found) == (Decision.PASS, [])


@pytest.mark.parametrize("year", [1880, 1899])
def test_people_born_before_1900_are_not_rejected(year: int) -> None:
    number = born(datetime.date(year, 6, 1))
    assert ric.is_valid(number)
    assert ric.findings(number, as_of=AS_OF) == ()


def test_an_implausibly_early_year_warns_with_its_rule() -> None:
    (finding,) = ric.findings(born(datetime.date(1869, 12, 31)), as_of=AS_OF)
    assert finding.code == "ric.birth_date_implausible"
    assert finding.severity is Severity.WARNING
    assert finding.rule


def test_a_birth_date_after_as_of_is_rejected_and_as_of_itself_is_not() -> None:
    tomorrow = born(AS_OF + datetime.timedelta(days=1))
    assert [f.code for f in ric.findings(tomorrow, as_of=AS_OF)] == ["ric.birth_date_future"]
    assert ric.findings(born(AS_OF), as_of=AS_OF) == ()
    decision, found = judged(with_identity(tomorrow))
    assert ("ric.birth_date_future", "documents.0.number") in found
    assert decision is Decision.FAIL


@pytest.mark.parametrize("day", ["19960229", "20000229", "20240229"])
def test_29_february_of_a_leap_year_is_a_birth_date(day: str) -> None:
    assert ric.findings(with_check("110105" + day + "123"), as_of=AS_OF) == ()


@pytest.mark.parametrize("day", ["19990229", "19000229", "20230229"])
def test_29_february_of_a_common_year_is_no_birth_date(day: str) -> None:
    number = with_check("110105" + day + "123")
    assert [f.code for f in ric.findings(number, as_of=AS_OF)] == ["ric.birth_date"]


def test_29_february_in_the_15_digit_form() -> None:
    assert [f.code for f in ric.findings("110105960229123")] == ["ric.legacy_15"]
    assert [f.code for f in ric.findings("110105000229123")] == ["ric.birth_date"]  # 1900


def test_a_card_of_someone_born_on_29_february_has_the_term_of_their_age() -> None:
    number = born(datetime.date(2000, 2, 29))
    before = IdentityDocument(  # the day before the 16th birthday (1 March 2016)
        number=number, holder_name="张三", valid_from="2016-02-28", valid_to="2021-02-28"
    )
    after = IdentityDocument(
        number=number, holder_name="张三", valid_from="2016-03-01", valid_to="2026-03-01"
    )
    assert (before.max_term_years, after.max_term_years) == (5, 10)


@pytest.mark.parametrize("region", ["110102", "110103", "320802", "512201"])
def test_a_region_code_no_longer_in_use_is_read(region: str) -> None:
    number = with_check(region + "19800101123")
    assert ric.findings(number, as_of=AS_OF) == ()


def test_a_region_code_no_table_knows_warns_and_names_its_rule() -> None:
    number = with_check("110200" + "19800101123")
    (finding,) = ric.findings(number, as_of=AS_OF)
    assert finding.code == "ric.region_unknown"
    assert finding.severity is Severity.WARNING
    decision, found = judged(with_identity(number, validity="2010.05.01-2030.05.01"))
    assert decision is Decision.REVIEW
    assert found == [("ric.region_unknown", "documents.0.number")]


# --- residence permits and permanent residence IDs ---------------------------------------------


@pytest.mark.parametrize("holder", ["hk_permit", "macao_permit", "taiwan_permit"])
def test_a_residence_permit_passes_with_its_five_year_term(holder: str) -> None:
    number = born(datetime.date(1990, 5, 5), holder)
    assert number[:6] in ("810000", "820000", "830000")
    assert judged(with_identity(number, validity=TERM_5)) == (Decision.PASS, [])
    decision, found = judged(with_identity(number, validity=TERM_10))
    assert decision is Decision.REVIEW
    assert found == [("license.term_too_long", "documents.0.validity")]


def test_a_permit_area_code_with_a_county_warns() -> None:
    number = with_check("810100" + "19900505123")
    assert [f.code for f in ric.findings(number, as_of=AS_OF)] == ["ric.region_unknown"]


def test_a_2023_permanent_residence_id_passes_and_its_check_digit_is_official() -> None:
    number = born(datetime.date(1980, 5, 5), "foreigner_pr")
    assert number[0] == "9"
    assert judged(with_identity(number, validity=TERM_10)) == (Decision.PASS, [])
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    decision, found = judged(with_identity(wrong, validity=TERM_10))
    assert decision is Decision.FAIL
    assert ("ric.checksum", "documents.0.number") in found


@pytest.mark.parametrize(
    "number", ["USA310080101234", "usa 310080 101234", "ＵＳＡ３１００８０１０１２３４"]
)
def test_an_old_permanent_residence_id_is_reviewed_never_rejected(number: str) -> None:
    decision, found = judged(with_identity(number, validity=TERM_10))
    assert decision is Decision.REVIEW
    assert found == [("ric.pr_old_form", "documents.0.number")]
    assert "310080" not in verify(with_identity(number), as_of=AS_OF).to_json()


# --- documents whose numbers follow no public rule ---------------------------------------------


@pytest.mark.parametrize(
    ("number", "id_type", "kind"),
    [
        ("H12345678", None, IdentityType.HK_MACAO_TRAVEL_PERMIT),
        ("m1234567801", None, IdentityType.HK_MACAO_TRAVEL_PERMIT),
        ("H 1234 5678 01", "港澳居民来往内地通行证", IdentityType.HK_MACAO_TRAVEL_PERMIT),
        ("12345678", "台胞证", IdentityType.TAIWAN_TRAVEL_PERMIT),
        ("1234567801(B)", "台湾居民来往大陆通行证", IdentityType.TAIWAN_TRAVEL_PERMIT),
        ("0123456701（B）", "台胞證", IdentityType.TAIWAN_TRAVEL_PERMIT),
        ("E12345678", None, IdentityType.PASSPORT),
        ("ＥＡ１２３４５６７", None, IdentityType.PASSPORT),
        ("G12345678", None, IdentityType.PASSPORT),
        ("X1234567", "外国护照", IdentityType.PASSPORT),
    ],
)
def test_other_documents_are_kept_masked_and_reviewed(
    number: str, id_type: str | None, kind: IdentityType
) -> None:
    fields = {} if id_type is None else {"id_type": id_type}
    document = IdentityDocument(number=number, holder_name="陈大文", **fields)
    assert isinstance(document.number, DocumentNumber)
    assert document.number.id_type is kind
    assert "12345" not in repr(document)
    decision, found = judged(with_identity(number, **fields))
    assert decision is Decision.REVIEW
    assert found == [("ric.unverifiable_document", "documents.0.number")]
    assert not leaks(verify(with_identity(number, **fields), as_of=AS_OF), "12345")


# --- id_type against the number's own document -------------------------------------------------


@pytest.mark.parametrize(
    ("holder", "id_type", "validity"),
    [
        ("resident", "护照", TERM_10),
        ("resident", "外国人永久居留身份证", TERM_10),
        ("resident", "港澳台居民居住证", TERM_10),
        ("resident", "回乡证", TERM_10),
        ("hk_permit", "护照", TERM_5),
        ("foreigner_pr", "台湾居民居住证", TERM_10),
    ],
)
def test_an_id_type_naming_another_document_is_reviewed_at_id_type(
    holder: str, id_type: str, validity: str
) -> None:
    number = born(datetime.date(1980, 5, 5), holder)
    decision, found = judged(with_identity(number, id_type=id_type, validity=validity))
    assert decision is Decision.REVIEW
    assert found == [("ric.id_type_mismatch", "documents.0.id_type")]
    report = verify(with_identity(number, id_type=id_type, validity=validity), as_of=AS_OF)
    (finding,) = report.findings
    assert finding.rule
    assert "证件类型" in finding.message_zh
    assert not leaks(report, number[6:14], number[-4:])


@pytest.mark.parametrize(
    ("holder", "id_type"),
    [
        ("hk_permit", "身份证"),  # the generic name forms fill in: the 公民身份号码 all the same
        ("foreigner_pr", "居民身份证"),
        ("resident", "其他"),
        ("hk_permit", "港澳居民居住证"),
        ("taiwan_permit", "台湾居民居住证"),
        ("foreigner_pr", "永久居留证"),
    ],
)
def test_a_matching_or_generic_id_type_is_no_finding(holder: str, id_type: str) -> None:
    number = born(datetime.date(1980, 5, 5), holder)
    validity = TERM_5 if holder.endswith("permit") else TERM_10
    assert judged(with_identity(number, id_type=id_type, validity=validity)) == (Decision.PASS, [])


def test_a_representative_id_type_against_the_number_is_named() -> None:
    record = example(0)
    number = record["legal_representative"]["id_number"]
    record["legal_representative"]["id_type"] = "护照"
    report = verify(record, as_of=AS_OF)
    found = [(f.code, ".".join(map(str, f.path))) for f in report.findings]
    assert ("ric.id_type_mismatch", "legal_representative.id_type") in found
    assert report.decision is Decision.REVIEW
    assert not leaks(report, number[6:14])
    assert "1963" not in repr(Person(name="张三", id_type="护照", id_number=number))


def test_number_document_tells_every_gb_11643_form() -> None:
    assert number_document(born(datetime.date(1980, 1, 1))) is IdentityType.RESIDENT_ID_CARD
    assert number_document("110105491231002") is IdentityType.RESIDENT_ID_CARD
    for holder in ("hk_permit", "macao_permit", "taiwan_permit"):
        assert (
            number_document(born(AS_OF.replace(year=1990), holder)) is IdentityType.RESIDENCE_PERMIT
        )
    assert number_document("USA310080101234") is IdentityType.PERMANENT_RESIDENCE_CARD
    assert number_document(born(AS_OF.replace(year=1990), "foreigner_pr")) is (
        IdentityType.PERMANENT_RESIDENCE_CARD
    )


# --- contact phones ------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["190", "192", "196", "199", "162", "165", "167", "170", "171"])
def test_current_mobile_ranges_are_mobiles(prefix: str) -> None:
    number = prefix + "12345678"
    assert phone_findings(number) == ()
    assert phone_type(number) == "mobile"


@pytest.mark.parametrize("prefix", ["140", "144", "146", "148", "149"])
def test_data_only_ranges_are_reviewed_at_the_field_never_failed(prefix: str) -> None:
    record = example(NATURAL_PERSON)
    record["contact_phone"] = prefix + "12345678"
    decision, found = judged(record)
    assert decision is Decision.REVIEW
    assert found == [("phone.invalid", "contact_phone")]


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("400-810-8888", "+864008108888"),
        ("800 810 8888", "+868008108888"),
        ("+86 400 810 8888", "+864008108888"),
        ("010-12345678", "+861012345678"),
        ("(0755)8888-8888转123", "+8675588888888"),
        ("010-12345678 ext. 801", "+861012345678"),
        ("0571-88888888-123", "+8657188888888"),
        ("0086 10 12345678", "+861012345678"),
        ("86-138-0013-8000", "+8613800138000"),
        ("+86 0 10 12345678", "+861012345678"),
        ("１３８ ００１３ ８０００", "+8613800138000"),
        ("1 3 8 0 0 1 3 8 0 0 0", "+8613800138000"),
    ],
)
def test_written_forms_are_read(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164
    assert phone_findings(raw) == ()


def test_a_landline_without_its_area_code_asks_for_it() -> None:
    (finding,) = phone_findings("8888 8888")
    assert finding.ctx["reason"] == "local_only"


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000 13900139000",  # only a space between them
        "13800138000　13900139000",  # an ideographic space
        "138-0013-8000  139-0013-9000",
        "手机13800138000 座机010-12345678",
        "13800138000/010-12345678",
    ],
)
def test_two_phones_in_one_field_are_named_as_two(raw: str) -> None:
    (finding,) = phone_findings(raw)
    assert finding.ctx["reason"] == "several_numbers"
    record = example(NATURAL_PERSON)
    record["contact_phone"] = raw
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert [".".join(map(str, f.path)) for f in report.findings] == ["contact_phone"]
    assert not leaks(report, "0013", "0138", "0139", "12345678")


@pytest.mark.parametrize(
    "raw",
    ["010 12345678", "0755 8888 8888", "86 13800138000", "13800138000 转 8001", "0086130 12340000"],
)
def test_groups_of_one_number_are_not_two_numbers(raw: str) -> None:
    assert phone_findings(raw) == ()


@pytest.mark.parametrize(
    "raw", ["13800138000 13900139000", "１３８００１３８０００", "010-12345678转8001", "95588"]
)
def test_phones_are_masked_in_every_form(raw: str) -> None:
    masked = mask_phone(raw)
    assert "0013" not in masked
    assert "1234" not in masked
    assert "9558" not in masked
