"""Audit: personal identity numbers and identity documents.

Contract (docs/numbers/ric.md, docs/models.md, reference §3.1-3.3 and §12):

* one layout and one check (ISO 7064 MOD 11-2) serve resident IDs, the residence permits of
  Hong Kong / Macao / Taiwan residents (address code 810000 / 820000 / 830000) and the 2023
  permanent-residence ID (position 1 = 9); legacy 15-digit numbers and the 2004/2017
  permanent-residence ID (3 letters + 12 digits) are accepted for review only;
* only official rules reject: a region code missing from GB/T 2260, a permanent-residence
  layout or nationality that does not fit the secondary sources ask for review, naming the
  rule;
* other identity documents (passport, 回乡证, 台胞证) cannot be checked: they must never pass,
  never crash, and be reported clearly — never misread as a resident ID;
* the numbers never appear unmasked in a report, its JSON, a repr or a finding.

Every personal number here is generated (``make_ric``) or a synthetic body completed with the
MOD 11-2 check computed below; passport and permit numbers are made up.
"""

from __future__ import annotations

import datetime
import json
import pickle
import random
from typing import Any

import pytest
from audit_support import AS_OF, example
from pydantic import ConfigDict, TypeAdapter, ValidationError

from qualcheck import Decision, Report, Severity, Verdict, verify
from qualcheck.models import Document, IdentityDocument, Merchant, Person
from qualcheck.models.identity import DocumentNumber, IdentityType
from qualcheck.numbers import ric
from qualcheck.testing import make_ric
from qualcheck.types import ResidentID

NATURAL_PERSON = 6
"""Index of the natural-person example (examples/merchants/07-natural-person.json)."""


def id_check(body: str) -> str:
    """ISO 7064 MOD 11-2 as the reference gives it (§3.1), independent of qualcheck."""
    total = sum(int(char) * pow(2, 17 - index, 11) for index, char in enumerate(body))
    return "10X98765432"[total % 11]


def complete(body: str) -> str:
    assert len(body) == 17, body
    assert body.isdigit(), body
    return body + id_check(body)


RESIDENT = complete("11010119870908123")  # synthetic, Beijing 东城区, 1987-09-08
HK = complete("81000019900101123")
MACAO = complete("82000019851212246")
TAIWAN = complete("83000019791031135")
PR_2023 = complete("93184019800101011")  # 9 | 31 Shanghai | 840 USA | 1980-01-01
PR_OLD = "USA310080101234"  # 2004/2017 card: 3 letters + 12 digits (made up)
FORMS_18 = {"resident": RESIDENT, "hk": HK, "macao": MACAO, "taiwan": TAIWAN, "pr": PR_2023}


def codes(result: Any) -> list[str]:
    return [finding.code for finding in result.findings]


def natural_person(number: str, **identity: Any) -> dict[str, Any]:
    record = example(NATURAL_PERSON)
    assert record["subject_type"] in ("自然人", "natural_person")
    record["documents"][0].update(number=number, **identity)
    return record


def report_texts(report: Report) -> list[str]:
    texts = [report.to_json(), repr(report)]
    for finding in report.findings:
        texts += [finding.message, finding.message_zh, json.dumps(finding.ctx, default=str)]
    return texts


def assert_not_shown(texts: list[str], number: str) -> None:
    compact = ric.compact(number) if len(number) <= 64 else number
    secrets = {compact}
    if len(compact) == 18:
        secrets.add(compact[6:14])  # the birth date
    for text in texts:
        for secret in secrets:
            assert secret not in text, (secret, text[:200])


# --- the MOD 11-2 check on every 18-character form --------------------------------------------


@pytest.mark.parametrize("form", sorted(FORMS_18))
def test_each_form_is_valid_with_the_reference_check(form: str) -> None:
    number = FORMS_18[form]
    assert ric.calc_check_digit(number[:17]) == number[17]
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.VALID, codes(result)


@pytest.mark.parametrize("seed", range(40))
def test_calc_check_digit_matches_the_reference_formula(seed: int) -> None:
    rng = random.Random(seed)
    body = "".join(rng.choice("0123456789") for _ in range(17))
    assert ric.calc_check_digit(body) == id_check(body)


@pytest.mark.parametrize("form", sorted(FORMS_18))
def test_every_single_substitution_is_rejected(form: str) -> None:
    number = FORMS_18[form]
    for index in range(18):
        for char in "0123456789X" if index == 17 else "0123456789":
            mutated = number[:index] + char + number[index + 1 :]
            if mutated != number:
                assert not ric.is_valid(mutated, as_of=AS_OF), mutated


@pytest.mark.parametrize("form", sorted(FORMS_18))
def test_every_adjacent_transposition_is_rejected(form: str) -> None:
    number = FORMS_18[form]
    for index in range(17):
        swapped = number[:index] + number[index + 1] + number[index] + number[index + 2 :]
        if swapped != number:
            assert not ric.is_valid(swapped, as_of=AS_OF), swapped


@pytest.mark.parametrize("form", ["resident", "hk", "pr"])
def test_the_check_character_x_in_every_spelling(form: str) -> None:
    holder = {"resident": "resident", "hk": "hk_permit", "pr": "foreigner_pr"}[form]
    rng = random.Random(11)
    number = next(
        n for n in (make_ric(holder=holder, rng=rng) for _ in range(500)) if n.endswith("X")
    )
    for spelling in ("x", "X", "ｘ", "Ｘ"):
        assert ric.validate(number[:17] + spelling, as_of=AS_OF) == number
    with pytest.raises(ric.InvalidChecksum):
        ric.validate(number[:17] + ("0" if number[17] == "X" else "X"), as_of=AS_OF)


@pytest.mark.parametrize(
    "spelling",
    [
        "{n}",
        "{n} ",
        " {w}",  # full-width digits
        "{a} {b} {c}",
        "{a}-{b}-{c}",
        "{a}\u2014{b}\u2013{c}",  # em and en dashes
        "{a}\u200b{b}\u2060{c}\ufeff",  # zero-width characters
        "{a}\u00a0{b}\u3000{c}",  # no-break and ideographic spaces
        "'{n}",  # a spreadsheet's text marker
        "身份证号：{n}",  # a printed label
    ],
)
def test_normalisation_of_separators_and_widths(spelling: str) -> None:
    number = RESIDENT
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)
    text = spelling.format(n=number, w=wide, a=number[:6], b=number[6:14], c=number[14:])
    assert ric.validate(text, as_of=AS_OF) == number


# --- birth dates ------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["110101", "810000", "820000", "830000"])
def test_future_birth_date_is_invalid_as_of(prefix: str) -> None:
    tomorrow = complete(prefix + "20261130" + "001")
    today = complete(prefix + "20261129" + "001")
    with pytest.raises(ric.InvalidComponent) as caught:
        ric.validate(tomorrow, as_of=AS_OF)
    assert caught.value.code == "ric.birth_date_future"
    assert ric.check(tomorrow, as_of=AS_OF).verdict is Verdict.INVALID
    assert ric.is_valid(today, as_of=AS_OF)  # born on the day of the check
    assert ric.is_valid(tomorrow, as_of=AS_OF + datetime.timedelta(days=1))


@pytest.mark.parametrize(
    ("birth", "verdict", "code"),
    [
        ("18800101", Verdict.VALID, None),  # the standard's own example was born in 1880
        ("18700101", Verdict.VALID, None),
        ("18691231", Verdict.REVIEW, "ric.birth_date_implausible"),
        ("18000101", Verdict.REVIEW, "ric.birth_date_implausible"),
        ("18000229", Verdict.INVALID, "ric.birth_date"),  # 1800 is not a leap year
        ("19000229", Verdict.INVALID, "ric.birth_date"),  # nor is 1900
        ("20000229", Verdict.VALID, None),  # 2000 is
        ("19960229", Verdict.VALID, None),
        ("20230229", Verdict.INVALID, "ric.birth_date"),
        ("19870230", Verdict.INVALID, "ric.birth_date"),
        ("19870431", Verdict.INVALID, "ric.birth_date"),
        ("19871301", Verdict.INVALID, "ric.birth_date"),
        ("19870000", Verdict.INVALID, "ric.birth_date"),
    ],
)
def test_birth_dates(birth: str, verdict: Verdict, code: str | None) -> None:
    for prefix in ("110101", "830000"):
        result = ric.check(complete(prefix + birth + "002"), as_of=AS_OF)
        assert result.verdict is verdict, (prefix, codes(result))
        assert codes(result) == ([code] if code else [])


@pytest.mark.parametrize(
    ("number", "birth"),
    [
        ("110101870908123", datetime.date(1987, 9, 8)),  # 19YY implied
        ("110101000101123", datetime.date(1900, 1, 1)),
        ("110101960229123", datetime.date(1996, 2, 29)),
        ("110101801231996", datetime.date(1880, 12, 31)),  # sequence 996-999: 18YY
    ],
)
def test_legacy_15_digit_birth_dates(number: str, birth: datetime.date) -> None:
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert "ric.legacy_15" in codes(result)
    assert result.parts is not None
    assert result.parts.birth_date == birth
    upgraded = ric.upgrade(number)
    assert upgraded == complete(number[:6] + birth.strftime("%Y%m%d") + number[12:15])


@pytest.mark.parametrize(
    "number",
    [
        "110101970229123",  # 1997-02-29
        "110101000229123",  # 1900-02-29: not a leap year
        "110101000229996",  # 1800-02-29 (sequence 996): not a leap year
        "110101871301123",
    ],
)
def test_legacy_15_digit_impossible_dates_are_invalid(number: str) -> None:
    with pytest.raises(ric.InvalidComponent) as caught:
        ric.validate(number, as_of=AS_OF)
    assert caught.value.code == "ric.birth_date"


# --- address codes: empirical tables never reject ---------------------------------------------


@pytest.mark.parametrize(
    "region",
    ["429999", "110199", "710101", "719999", "810101", "820001", "831234", "830100"],
)
def test_address_codes_missing_from_gb2260_ask_for_review(region: str) -> None:
    number = complete(region + "19870908123")
    assert ric.is_valid(number, as_of=AS_OF)
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert codes(result) == ["ric.region_unknown"]
    assert result.findings[0].rule  # names the soft rule
    assert result.findings[0].severity is Severity.WARNING


def test_taiwan_province_code_and_permit_code_are_not_confused() -> None:
    gb2260_taiwan = ric.parse(complete("71000019870908123"), as_of=AS_OF)
    permit = ric.parse(TAIWAN, as_of=AS_OF)
    assert gb2260_taiwan.holder_type == "resident"
    assert permit.holder_type == "taiwan_permit"
    assert (ric.parse(HK).holder_type, ric.parse(MACAO).holder_type) == (
        "hk_permit",
        "macao_permit",
    )


@pytest.mark.parametrize("prefix", ["00", "10", "20", "39", "80", "84", "89"])
def test_a_prefix_that_is_no_province_is_invalid(prefix: str) -> None:
    with pytest.raises(ric.InvalidComponent) as caught:
        ric.validate(complete(prefix + "010119870908123"), as_of=AS_OF)
    assert caught.value.code == "ric.province"


@pytest.mark.parametrize("prefix", ["71", "81", "82", "83"])
def test_no_15_digit_number_has_a_permit_or_taiwan_code(prefix: str) -> None:
    # first-generation numbers predate the permits and were issued with mainland codes
    assert ric.check(prefix + "0000870908123", as_of=AS_OF).verdict is Verdict.INVALID


# --- permanent-residence IDs -------------------------------------------------------------------


def test_pr_2023_parts() -> None:
    parts = ric.parse(PR_2023, as_of=AS_OF)
    assert (parts.holder_type, parts.nationality_code, parts.region_code) == (
        "foreigner_pr",
        "840",
        "310000",
    )
    assert parts.birth_date == datetime.date(1980, 1, 1)


@pytest.mark.parametrize("nationality", ["000", "999", "900", "001"])
def test_pr_2023_unknown_nationality_asks_for_review(nationality: str) -> None:
    number = complete("931" + nationality + "19800101011")
    assert ric.is_valid(number, as_of=AS_OF)  # not an official rule: never rejects
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert codes(result) == ["ric.pr_nationality"]
    assert result.findings[0].rule
    assert result.findings[0].ctx["nationality"] == nationality


@pytest.mark.parametrize("nationality", ["840", "826", "392", "410", "276", "704", "004", "894"])
def test_pr_2023_known_nationalities_are_valid(nationality: str) -> None:
    number = complete("911" + nationality + "19800101011")
    assert ric.check(number, as_of=AS_OF).verdict is Verdict.VALID


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("90084019800101011", "positions 2-3"),  # 00: no province
        ("97184019800101011", "positions 2-3"),  # 71: no immigration authority in Taiwan
        ("98184019800101011", "positions 2-3"),  # 81
        ("93184020261130011", "positions 7-14"),  # born after as_of
        ("93184019800230011", "positions 7-14"),  # 30 February
    ],
)
def test_pr_2023_layout_problems_ask_for_review(body: str, detail: str) -> None:
    number = complete(body)
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert codes(result) == ["ric.pr_layout"]
    assert detail in result.findings[0].ctx["detail"]


def test_pr_2023_check_character_is_official() -> None:
    wrong = PR_2023[:17] + ("0" if PR_2023[17] != "0" else "1")
    with pytest.raises(ric.InvalidChecksum):
        ric.validate(wrong, as_of=AS_OF)


@pytest.mark.parametrize(
    "spelling", [PR_OLD, "usa310080101234", "USA 3100 8010 1234", "ＵＳＡ310080101234"]
)
def test_pr_old_form_is_accepted_for_review(spelling: str) -> None:
    assert ric.validate(spelling, as_of=AS_OF) == PR_OLD
    result = ric.check(spelling, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert codes(result) == ["ric.pr_old_form"]
    assert result.findings[0].rule
    parts = result.parts
    assert parts is not None
    assert (parts.holder_type, parts.nationality_code, parts.birth_date) == (
        "foreigner_pr",
        "USA",
        None,
    )
    assert not parts.legacy  # not a first-generation resident ID
    assert ric.upgrade(spelling) == PR_OLD  # no 18-digit form exists


@pytest.mark.parametrize("letters", ["ZZZ", "XXA", "ABC", "UKX"])
def test_pr_old_form_unknown_alpha_3_asks_for_review_never_rejects(letters: str) -> None:
    number = letters + PR_OLD[3:]
    assert ric.is_valid(number, as_of=AS_OF)
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert codes(result) == ["ric.pr_old_form", "ric.pr_nationality"]


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("US1310080101234", "ric.charset"),  # 2 letters
        ("USA31008010123X", "ric.charset"),
        ("USA31008010123", "ric.length"),
        ("USA3100801012345", "ric.length"),
    ],
)
def test_pr_old_form_shape_is_strict(number: str, code: str) -> None:
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID
    assert codes(result) == [code]


# --- other identity documents -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "document"),
    [
        ("H12345678", "hk_macao_travel_permit"),
        ("M1234567801", "hk_macao_travel_permit"),
        ("h 1234 5678", "hk_macao_travel_permit"),
        ("E12345678", "passport"),
        ("EA1234567", "passport"),
        ("G12345678", "passport"),
    ],
)
def test_other_documents_are_refused_by_name(number: str, document: str) -> None:
    assert ric.other_document(number) == document
    with pytest.raises(ric.InvalidFormat) as caught:
        ric.validate(number, as_of=AS_OF)
    assert caught.value.code == "ric.other_document"
    assert caught.value.ctx["document_zh"] == ric.OTHER_DOCUMENTS[document][0]
    assert ric.compact(number) not in str(caught.value)


@pytest.mark.parametrize("value", ["12345678", "1234567890", "X1234567", "", None, 12345678, b"H1"])
def test_shapes_shared_with_other_numbers_are_not_guessed(value: object) -> None:
    assert ric.other_document(value) is None  # never raises
    assert ric.check(value, as_of=AS_OF).verdict is Verdict.INVALID


def test_soft_rules_never_crash_on_what_is_not_a_canonical_number() -> None:
    from qualcheck import numbers

    for value in ("E12345678", "AB12CD34EF", "H1234567801", "x", PR_OLD, "12345678"):
        found = numbers.soft_findings("ric", value, as_of=AS_OF)
        assert found == numbers.findings("ric", value, as_of=AS_OF)


# --- masking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "hidden"),
    [
        (RESIDENT, RESIDENT[6:14]),
        (HK, HK[6:14]),
        (PR_2023, PR_2023[6:14]),
        ("110101870908123", "870908"),
        (PR_OLD, PR_OLD[3:13]),
        ("H1234567801", "12345678"),
    ],
)
def test_mask_hides_the_birth_date_of_every_form(number: str, hidden: str) -> None:
    masked = ric.mask(number)
    assert len(masked) == len(number)
    assert hidden not in masked
    assert masked.count("*") >= len(hidden)
    assert ric.mask(number.lower()) == masked


@pytest.mark.parametrize("junk", ["abc", "1234567", "not an id", "12345678901"])
def test_mask_of_junk_shows_at_most_three_characters(junk: str) -> None:
    masked = ric.mask(junk)
    assert len(masked) - masked.count("*") <= 3


# --- the models -------------------------------------------------------------------------------

documents = TypeAdapter(Document, config=ConfigDict(hide_input_in_errors=True))
"""A document adapter that, like the models, keeps the input out of its errors."""


@pytest.mark.parametrize("number", [*FORMS_18.values(), "110101870908123", PR_OLD])
def test_identity_document_holds_every_gb11643_form(number: str) -> None:
    doc = documents.validate_python({"kind": "identity", "number": number.lower()})
    assert isinstance(doc, IdentityDocument)
    assert isinstance(doc.number, ResidentID)
    assert doc.checkable
    assert doc.number == number
    assert number not in repr(doc)


@pytest.mark.parametrize(
    ("id_type", "number", "expected"),
    [
        ("护照", "X1234567", IdentityType.PASSPORT),
        ("passport", "ab 123 4567", IdentityType.PASSPORT),
        ("回乡证", "H12345678", IdentityType.HK_MACAO_TRAVEL_PERMIT),
        ("港澳居民来往内地通行证", "M1234567801", IdentityType.HK_MACAO_TRAVEL_PERMIT),
        ("台胞证", "12345678", IdentityType.TAIWAN_TRAVEL_PERMIT),
        ("台湾居民来往大陆通行证", "1234567801", IdentityType.TAIWAN_TRAVEL_PERMIT),
        ("其他", "A1234567", IdentityType.OTHER),
        (None, "H12345678", IdentityType.HK_MACAO_TRAVEL_PERMIT),  # told by its form
        ("", "E12345678", IdentityType.PASSPORT),
    ],
)
def test_other_documents_are_kept_unchecked_and_masked(
    id_type: str | None, number: str, expected: IdentityType
) -> None:
    doc = documents.validate_python({"kind": "identity", "number": number, "id_type": id_type})
    assert isinstance(doc, IdentityDocument)
    assert isinstance(doc.number, DocumentNumber)
    assert (doc.id_type, doc.number.id_type) == (expected, expected)
    assert not doc.checkable
    assert doc.number == ric.compact(number)
    assert ric.compact(number) not in repr(doc)
    dumped = doc.model_dump_json()
    assert documents.validate_json(dumped) == doc  # round trip
    assert pickle.loads(pickle.dumps(doc.number)) == doc.number
    assert pickle.loads(pickle.dumps(doc.number)).id_type is expected


@pytest.mark.parametrize(
    "id_type", ["居民身份证", "身份证", "resident_id_card", "港澳台居民居住证"]
)
def test_a_declared_id_card_with_a_passport_number_is_refused(id_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        documents.validate_python({"kind": "identity", "number": "E12345678", "id_type": id_type})
    assert caught.value.errors()[0]["type"] == "ric.other_document"
    assert "E12345678" not in str(caught.value)


def test_a_gb11643_number_is_checked_whatever_id_type_says() -> None:
    wrong = RESIDENT[:17] + ("0" if RESIDENT[17] != "0" else "1")
    with pytest.raises(ValidationError) as caught:
        documents.validate_python({"kind": "identity", "number": wrong, "id_type": "passport"})
    assert caught.value.errors()[0]["type"] == "ric.checksum"
    assert wrong not in str(caught.value)
    doc = documents.validate_python({"kind": "identity", "number": RESIDENT, "id_type": "护照"})
    assert isinstance(doc.number, ResidentID)


@pytest.mark.parametrize(
    ("id_type", "error"), [("军官证", "identity_type"), ("港澳通行证", "identity_type")]
)
def test_unknown_id_types_are_errors(id_type: str, error: str) -> None:
    with pytest.raises(ValidationError) as caught:
        documents.validate_python({"kind": "identity", "number": RESIDENT, "id_type": id_type})
    assert [e["type"] for e in caught.value.errors()] == [error]


@pytest.mark.parametrize("number", ["E1!", "护照E123", "E12号码3", "E1", "A" * 21])
def test_an_unreadable_document_number_is_an_error_naming_the_field(number: str) -> None:
    with pytest.raises(ValidationError) as caught:
        documents.validate_python({"kind": "identity", "number": number, "id_type": "passport"})
    error = caught.value.errors()[0]
    assert error["loc"][-1] == "number"
    assert number not in str(caught.value)


def test_person_holds_other_documents_and_masks_them() -> None:
    person = Person(name="John Smith", id_type="护照", id_number="x1234567")
    assert isinstance(person.id_number, DocumentNumber)
    assert "X1234567" not in repr(person)
    plain = Person(name="张三", id_number=RESIDENT)
    assert repr(plain) == f"Person(name='张三', id_number=ResidentID('{ric.mask(RESIDENT)}'))"
    with pytest.raises(ValidationError) as caught:
        Person(name="张三", id_number=RESIDENT[:17] + "Z")
    assert RESIDENT not in str(caught.value)


def test_merchant_repr_masks_every_identity_number() -> None:
    record = natural_person(HK)
    record["legal_representative"] = {"name": "周九", "id_type": "回乡证", "id_number": "H87654321"}
    merchant = Merchant.model_validate(record)
    assert HK not in repr(merchant)
    assert HK[6:14] not in repr(merchant)
    assert "H87654321" not in repr(merchant)


# --- the natural-person seller, end to end ----------------------------------------------------


@pytest.mark.parametrize("form", sorted(FORMS_18))
def test_each_gb11643_form_passes_and_is_never_shown(form: str) -> None:
    number = FORMS_18[form]
    # a residence permit runs 5 years (国办发〔2018〕81号 art. 6), a permanent residence ID
    # 10, not the example card's 20
    terms = {"hk": "2024.06.20-2029.06.20", "macao": "2024.06.20-2029.06.20"}
    terms.update(taiwan="2024.06.20-2029.06.20", pr="2024.06.20-2034.06.19")
    term = {"validity": terms[form]} if form in terms else {}
    for spelling in (number, number.lower(), f"{number[:6]} {number[6:14]} {number[14:]}"):
        record = natural_person(spelling, **term)
        report = verify(record, as_of=AS_OF)
        assert report.decision is Decision.PASS, [f.code for f in report.findings]
        assert_not_shown([*report_texts(report), repr(Merchant.model_validate(record))], number)


@pytest.mark.parametrize(
    ("number", "decision", "code"),
    [
        (complete("42999919870908123"), Decision.REVIEW, "ric.region_unknown"),
        (complete("81010119870908123"), Decision.REVIEW, "ric.region_unknown"),
        (complete("93100019800101011"), Decision.REVIEW, "ric.pr_nationality"),
        (complete("11010120261130123"), Decision.FAIL, "ric.birth_date_future"),
        (complete("11010119870229123"), Decision.FAIL, "ric.birth_date"),
        (RESIDENT[:17] + ("0" if RESIDENT[17] != "0" else "1"), Decision.FAIL, "ric.checksum"),
        ("110101870908123", Decision.FAIL, "merchant.identity_outdated"),
    ],
)
def test_natural_person_decisions(number: str, decision: Decision, code: str) -> None:
    report = verify(natural_person(number), as_of=AS_OF)
    assert report.decision is decision, [f.code for f in report.findings]
    assert code in [f.code for f in report.findings]
    if code.startswith("ric."):
        finding = next(f for f in report.findings if f.code == code)
        assert finding.json_path == "$.documents[0].number"
    assert_not_shown(report_texts(report), number)


@pytest.mark.parametrize(
    ("id_type", "number"),
    [
        ("passport", "X1234567"),
        ("回乡证", "H12345678"),
        ("台胞证", "12345678"),
        (None, "E12345678"),
    ],
)
def test_other_documents_never_pass_never_crash_never_show(
    id_type: str | None, number: str
) -> None:
    report = verify(natural_person(number, id_type=id_type), as_of=AS_OF)
    assert report.decision is not Decision.PASS
    found = [f.code for f in report.findings]
    assert "merchant.identity_missing" not in found  # the document was read, not lost
    assert all(f.json_path.startswith("$.documents[0]") for f in report.findings), found
    assert_not_shown(report_texts(report), number)


@pytest.mark.parametrize(
    ("id_type", "number"),
    [("passport", "X1234567"), ("回乡证", "H12345678"), ("台胞证", "12345678")],
)
def test_other_documents_ask_for_review(id_type: str, number: str) -> None:
    report = verify(natural_person(number, id_type=id_type), as_of=AS_OF)
    assert report.decision is Decision.REVIEW, [f.code for f in report.findings]
    assert [f.code for f in report.findings] == ["ric.unverifiable_document"]


def test_old_permanent_residence_card_asks_for_review() -> None:
    report = verify(natural_person(PR_OLD), as_of=AS_OF)
    assert report.decision is Decision.REVIEW, [f.code for f in report.findings]
    assert [f.code for f in report.findings] == ["ric.pr_old_form"]


def test_old_permanent_residence_card_never_passes_nor_shows() -> None:
    report = verify(natural_person(PR_OLD), as_of=AS_OF)
    assert report.decision is not Decision.PASS
    assert "ric.pr_old_form" in [f.code for f in report.findings]
    assert_not_shown(report_texts(report), PR_OLD)


def test_a_legal_representative_with_a_passport_is_never_passed_silently() -> None:
    record = example(0)  # a food shop that passes as of AS_OF
    record["legal_representative"] = {
        "name": "John Smith",
        "id_type": "护照",
        "id_number": "X1234567",
    }
    report = verify(record, as_of=AS_OF)
    assert report.decision is not Decision.PASS
    about_the_number = [f for f in report.findings if f.json_path.endswith("id_number")]
    assert [f.json_path for f in about_the_number] == ["$.legal_representative.id_number"]
    assert "merchant.identity_missing" not in [f.code for f in report.findings]
    assert_not_shown(report_texts(report), "X1234567")


def test_a_legal_representative_with_a_passport_asks_for_review() -> None:
    record = example(0)  # a food shop that passes as of AS_OF; its legal representative: 张三
    record["legal_representative"] = {"name": "张三", "id_type": "护照", "id_number": "X1234567"}
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, [f.code for f in report.findings]
    assert [(f.code, f.json_path) for f in report.findings] == [
        ("ric.unverifiable_document", "$.legal_representative.id_number")
    ]


def test_the_15_and_18_digit_forms_of_one_number_are_the_same_person() -> None:
    legacy = "610113750131719"  # synthetic; its 18-digit form is on the identity document
    record = natural_person(ric.upgrade(legacy))
    record["legal_representative"] = {"name": record["name"], "id_number": legacy}
    report = verify(record, as_of=AS_OF)
    assert "consistency.id_mismatch" not in [f.code for f in report.findings]


@pytest.mark.parametrize(
    ("identity", "person"),
    [
        ({"id_type": "军官证"}, None),
        ({"id_type": "军官证", "number": "X1234567"}, None),
        ({"id_type": 123}, None),
        ({"id_type": ["passport"]}, None),
        ({"id_type": {"a": 1}}, None),
        ({"id_type": "台胞证", "number": 12345678}, None),
        ({"number": 61011319750131719}, None),
        ({"id_type": "passport", "number": "护照E1234"}, None),
        ({"id_type": "passport", "number": "E1234567\x00"}, None),
        ({"id_type": "passport", "number": "E" * 70}, None),
        ({"id_type": "passport", "number": None}, None),
        ({"id_type": "passport", "number": ""}, None),
        ({}, {"name": "周九", "id_type": "passport", "id_number": 1234}),
        ({}, {"name": "周九", "id_type": "passport", "id_number": "E1"}),
        ({}, {"name": "周九", "id_type": "回乡证"}),
    ],
)
def test_hostile_identity_fields_never_pass_never_crash(
    identity: dict[str, Any], person: dict[str, Any] | None
) -> None:
    record = natural_person(RESIDENT)
    record["documents"][0].update(identity)
    if person is not None:
        record["legal_representative"] = person
    report = verify(record, as_of=AS_OF)
    if identity or person.get("id_number") is not None:  # type: ignore[union-attr]
        assert report.decision is not Decision.PASS, identity
    assert all(finding.message and finding.message_zh for finding in report.findings)
    number = identity.get("number", RESIDENT)
    if isinstance(number, str) and len(number) > 3:
        assert_not_shown(report_texts(report), number)
