"""Audit round 4: identity numbers where they should not be, and where they are damaged.

The contract (docs/numbers/ric.md, docs/numbers/uscc.md, docs/models.md "Identity
documents", docs/types.md, reference §3.1-3.3):

* a resident-ID number is personal data wherever it is typed: in a USCC field, a licence
  number, an organisation code.  It is refused there, but nothing about it — a finding's
  message or context, a result's ``to_dict`` or ``repr``, the command line — shows more of
  it than ``ric.mask`` does (the first 6 and last 4 characters: no birth-date digit);
* a natural person's number with no ``id_type`` is judged by GB 11643 only when it has the
  form of a resident-ID number, right or mistyped (15 or 18 characters, a long run of
  digits).  A number of another document's form (a 台胞证's 8 or 10 digits, a passport's
  letters and digits) is not rejected by a guess: it is kept unchecked and reviewed, and
  the finding (``ric.id_type_needed``) asks for ``id_type``;
* a number a spreadsheet or an export damaged — written as a JSON number, in scientific
  notation, masked with ``*`` — is unreadable (``record.invalid_value``, review), never
  judged as the number it stood for;
* an 18-digit number ending in ``000`` whose check character holds is accepted: about
  1 in 1,100 real numbers ends so, and the text alone shows no damage.

Every personal number is generated (``make_ric``) or completed with its MOD 11-2 check;
travel-permit and passport numbers are made up.
"""

from __future__ import annotations

import datetime
import json
import random
from typing import Any

import pytest
from audit_support import AS_OF, example, food_shop, run_cli

from qualcheck import Decision, Report, Severity, numbers, verify
from qualcheck.models import IdentityDocument, Person
from qualcheck.models.identity import DocumentNumber, IdentityType
from qualcheck.numbers import ric, uscc
from qualcheck.numbers._checksums import mod11_2_check
from qualcheck.testing import make_ric

NATURAL_PERSON = 6
"""Index of the natural-person example (it passes as of AS_OF)."""
BIRTH = datetime.date(1987, 9, 8)


def generated(seed: int, holder: str = "resident", day: datetime.date = BIRTH) -> str:
    """A generated number (of nobody)."""
    return make_ric(birth_date=day, holder=holder, rng=random.Random(seed))


def birth_windows(number: str) -> set[str]:
    """Every run of 5 characters of ``number`` that holds a digit of its birth date (or,
    for a 15-digit number, of its YYMMDD): what a masked number never shows."""
    first, end = (6, 12) if len(number) == 15 else (6, 14)
    return {
        number[start : start + 5]
        for start in range(len(number) - 4)
        if start < end and start + 5 > first
    }


def leaked(text: str, number: str) -> set[str]:
    """The birth-date windows of ``number`` found in ``text``."""
    return {window for window in birth_windows(number) if window in text}


def report_text(report: Report) -> str:
    """Everything a report shows: its JSON, its repr and str, each message."""
    parts = [report.to_json(), repr(report), str(report)]
    for finding in report.findings:
        parts += [finding.message, finding.message_zh, json.dumps(finding.ctx, default=str)]
    return "\n".join(parts)


def judged(record: dict[str, Any]) -> tuple[Decision, list[tuple[str, str]]]:
    """The decision and (code, JSON path) of each finding."""
    report = verify(record, as_of=AS_OF)
    return report.decision, [(f.code, f.json_path) for f in report.findings]


def with_identity(number: object, **document: Any) -> dict[str, Any]:
    """The natural-person example showing the identity document ``number``."""
    record = example(NATURAL_PERSON)
    record["documents"][0].update(number=number, **document)
    return record


def with_representative(number: object, **person: Any) -> dict[str, Any]:
    """The food shop example whose legal representative gives ``number``."""
    record = food_shop()
    record["legal_representative"] = {"name": "张三", "id_number": number, **person}
    return record


# --- 1. a resident-ID number in a business number's field stays masked ------------------------

RESIDENT_IDS = [generated(seed) for seed in range(12)]
"""Generated numbers: some fail the USCC province rule, some its check characters."""


@pytest.mark.parametrize("number", RESIDENT_IDS)
def test_a_resident_id_as_the_sellers_uscc_fails_and_shows_no_birth_date(number: str) -> None:
    record = food_shop()
    record["uscc"] = number
    record["documents"][0]["number"] = number  # the business licence
    record["documents"][1]["holder_uscc"] = number
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    paths = {f.json_path for f in report.findings if f.code.startswith("uscc.")}
    assert paths == {"$.uscc", "$.documents[0].number", "$.documents[1].holder_uscc"}
    assert not leaked(report_text(report), number)


def test_the_uscc_region_finding_masks_a_resident_id_and_says_what_it_is() -> None:
    """Fixed defect (numbers/uscc.py): ``uscc.province`` quoted positions 3-8 of the value,
    two of them the first digits of a birth year, and did not say the value is an ID."""
    number = next(n for n in RESIDENT_IDS if n[2:4] not in ("11", "12", "13", "14", "15"))
    (finding,) = uscc.findings(number)
    assert finding.code == "uscc.province"
    assert finding.ctx["region"] == number[2:6] + "**"
    assert "resident-ID number" in finding.message
    assert "身份证号码" in finding.message_zh
    assert not leaked(finding.message + finding.message_zh + str(finding.ctx), number)


def test_a_real_uscc_with_a_wrong_province_quotes_its_region_in_full() -> None:
    (finding,) = uscc.findings("91000000M000100Y4X")
    assert finding.ctx["region"] == "000000"
    assert finding.message.endswith("province code.")
    assert "身份证" not in finding.message_zh


@pytest.mark.parametrize("kind", sorted(set(numbers.KINDS) - {"ric"}))
@pytest.mark.parametrize("form", ["18", "15"])
def test_no_number_kind_quotes_the_birth_date_of_an_id_typed_into_it(kind: str, form: str) -> None:
    """Fixed defect (numbers/_steps.py, drug_info.py, device_business.py): a format finding
    quoted the first 8 characters where the number went wrong: for an ID number, its
    region and the first two digits of the birth date (``15283087``: born in 1987).

    (A 15-digit number that passes the registration number's check — 1 in 10 — is a
    registration number as far as anyone can tell, and is shown as one.)"""
    for number in RESIDENT_IDS[:6]:
        value = number if form == "18" else number[:6] + number[8:17]
        result = numbers.check(kind, value)
        if result.is_valid:
            continue
        shown = json.dumps(result.to_dict(), ensure_ascii=False) + repr(result)
        shown += "".join(f.message + f.message_zh for f in result.findings)
        assert not leaked(shown, value), (kind, value)


def test_a_check_result_repr_masks_a_resident_id() -> None:
    """Fixed defect (numbers/_base.py): ``repr(ric.check(...))`` — what a log line shows —
    printed the number and its birth date and sex; ``to_dict`` masked them."""
    number = RESIDENT_IDS[0]
    for result in (ric.check(number), numbers.identify(number), uscc.check(number)):
        shown = repr(result)
        assert number not in shown
        assert "birth_date" not in shown
        assert ric.mask(number) in shown
    assert ric.check(number).input == number  # the attributes themselves are whole


def test_a_check_result_repr_of_a_business_number_stays_readable() -> None:
    shown = repr(uscc.check("91350100M000100Y43"))
    assert "input='91350100M000100Y43'" in shown
    assert "org_code='M000100Y4'" in shown


@pytest.mark.parametrize("kind", ["uscc", "drug_info", "device_business", "cnca"])
def test_the_command_line_shows_no_birth_date_of_an_id_in_another_field(kind: str) -> None:
    long_form = RESIDENT_IDS[1]
    short_form = long_form[:6] + long_form[8:17]
    for arguments in (["id", kind, long_form, short_form], ["id", kind, long_form, "--json"]):
        result = run_cli(*arguments)
        assert result.returncode == 1, result.stderr
        assert not leaked(result.stdout + result.stderr, long_form)
        assert not leaked(result.stdout + result.stderr, short_form)


# --- 2. another document's number without id_type: reviewed, not rejected ---------------------

OTHER_FORMS = {
    "12345678": "台胞证 since 2015 (8 digits)",
    "0123456701": "台胞证 before 2015 (10 digits)",
    "0123456701(B)": "台胞证 before 2015, with the issuing office's letter",
    "K12345678": "a foreign passport (letter and 8 digits)",
    "123456789": "a foreign passport (9 digits)",
    "AB1234567": "a foreign passport (2 letters and 7 digits)",
}


@pytest.mark.parametrize("number", sorted(OTHER_FORMS))
def test_another_documents_number_without_id_type_is_reviewed_not_failed(number: str) -> None:
    """Fixed defect (models/identity.py, checks/identifiers.py): a 台胞证's 8 digits given
    with no id_type failed as a resident-ID number of the wrong length, and the document
    was dropped — a real document rejected by a guess at which one it is."""
    decision, found = judged(with_identity(number))
    assert decision is Decision.REVIEW
    assert found == [("ric.id_type_needed", "$.documents[0].number")]
    decision, found = judged(with_representative(number))
    assert decision is Decision.REVIEW
    assert found == [("ric.id_type_needed", "$.legal_representative.id_number")]


def test_the_id_type_finding_is_a_named_soft_rule() -> None:
    report = verify(with_identity("12345678"), as_of=AS_OF)
    (finding,) = report.findings
    assert finding.severity is Severity.WARNING
    assert finding.rule
    assert "id_type" in finding.message
    assert "证件类型" in finding.message_zh


def test_the_number_is_kept_unchecked_and_masked() -> None:
    document = IdentityDocument(number="0123 4567 01（B）", holder_name="陈大文")
    assert document.id_type is None
    assert isinstance(document.number, DocumentNumber)
    assert document.number.id_type is IdentityType.OTHER
    assert str(document.number) == "0123456701B"
    assert "0123456701" not in repr(document)


def test_once_id_type_is_given_the_document_is_named() -> None:
    decision, found = judged(with_identity("12345678", id_type="台胞证"))
    assert decision is Decision.REVIEW
    assert found == [("ric.unverifiable_document", "$.documents[0].number")]


@pytest.mark.parametrize(
    ("number", "document"),
    [
        ("H12345678", "hk_macao_travel_permit"),
        ("M1234567801", "hk_macao_travel_permit"),
        ("E12345678", "passport"),
        ("EA1234567", "passport"),
        ("G12345678", "passport"),
    ],
)
def test_an_unmistakable_form_still_names_its_document(number: str, document: str) -> None:
    person = Person(name="陈大文", id_number=number)
    assert person.id_type is IdentityType(document)
    decision, found = judged(with_identity(number))
    assert (decision, found) == (
        Decision.REVIEW,
        [("ric.unverifiable_document", "$.documents[0].number")],
    )


def test_an_old_permanent_residence_id_is_still_read_as_one() -> None:
    decision, found = judged(with_identity("USA310080101234"))
    assert (decision, found) == (Decision.REVIEW, [("ric.pr_old_form", "$.documents[0].number")])


@pytest.mark.parametrize(
    ("mangle", "code"),
    [
        (lambda n: n[:-1], "ric.length"),  # a digit missing
        (lambda n: n + "1", "ric.length"),  # a digit too many
        (lambda n: n[:-2], "ric.length"),  # two missing
        (lambda n: n[:10] + "O" + n[11:], "ric.charset"),  # O for 0
        (lambda n: n[:-1] + ("8" if n[-1] != "8" else "3"), "ric.checksum"),
    ],
)
def test_a_mistyped_resident_id_without_id_type_still_fails(mangle: Any, code: str) -> None:
    """The other-document reading is for short numbers only: a resident-ID number with a
    digit too many or too few, or a wrong character, is still refused by GB 11643."""
    number = mangle(generated(5))
    decision, found = judged(with_identity(number))
    assert decision is Decision.FAIL
    assert (code, "$.documents[0].number") in found
    decision, found = judged(with_representative(number))
    assert (decision, found) == (Decision.FAIL, [(code, "$.legal_representative.id_number")])


@pytest.mark.parametrize("number", ["1234", "12345", "N/A", "-"])
def test_a_scrap_of_a_number_is_not_taken_for_a_document(number: str) -> None:
    decision, _ = judged(with_identity(number))
    assert decision is not Decision.PASS


# --- 3. numbers a spreadsheet or an export damaged ---------------------------------------------

TRUNCATED = next(
    n[:15] + "000"
    for n in (generated(seed, day=datetime.date(1975, 1, 31)) for seed in range(5000))
    if mod11_2_check(n[:15] + "00") == "0"
)
"""A generated number with its last three digits zeroed, as Excel's 15 digits leave it,
whose check character happens to hold (1 in 11 such numbers)."""


def test_a_number_ending_in_000_with_a_valid_check_is_accepted() -> None:
    """Decision: not flagged.  Positions 16-17 are ``00`` and the check ``0`` for about
    1 in 1,100 real numbers; the text alone cannot tell those from a truncated one, and a
    warning would send them all to review for nothing.  The damage is caught where it
    shows: a number written as a number or in scientific notation (below)."""
    assert ric.is_valid(TRUNCATED)
    assert judged(with_identity(TRUNCATED))[0] is Decision.PASS


@pytest.mark.parametrize("truncated_first", [True, False])
def test_a_copy_truncated_by_a_spreadsheet_is_reviewed_not_failed(truncated_first: bool) -> None:
    """Fixed defect (checks/consistency.py): the record's own evidence of spreadsheet damage
    — the identity document's number is the legal representative's with its last three
    digits zeroed — failed as two different people's numbers (``consistency.id_mismatch``);
    it is reviewed, with the rule that says why."""
    whole = next(
        n
        for n in (generated(seed, day=datetime.date(1975, 1, 31)) for seed in range(5000))
        if n[15:] != "000" and mod11_2_check(n[:15] + "00") == "0"
    )
    copies = [whole[:15] + "000", whole] if truncated_first else [whole, whole[:15] + "000"]
    record = with_identity(copies[0])
    record["legal_representative"] = {"name": "周九", "id_number": copies[1]}
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    (finding,) = report.findings
    assert (finding.code, finding.json_path) == ("consistency.id_mismatch", "$.documents[0].number")
    assert finding.severity is Severity.WARNING
    assert "spreadsheet" in str(finding.rule)


def test_two_numbers_that_differ_otherwise_still_fail() -> None:
    first, second = generated(1), generated(2)
    record = with_identity(first)
    record["legal_representative"] = {"name": "周九", "id_number": second}
    decision, found = judged(record)
    assert (decision, found) == (
        Decision.FAIL,
        [("consistency.id_mismatch", "$.documents[0].number")],
    )


def assert_unreadable_at(record: dict[str, Any], path: str, reason: str, reason_zh: str) -> None:
    """``record`` is reviewed, with one ``record.invalid_value`` at ``path`` whose messages
    give the reason (English ``reason``, Chinese ``reason_zh``)."""
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, path
    (finding,) = [f for f in report.findings if f.json_path == path]
    assert finding.code == "record.invalid_value"
    assert reason in finding.message
    assert reason_zh in finding.message_zh


@pytest.mark.parametrize("value", [int(TRUNCATED), float(TRUNCATED), 1.528301975013191e17])
def test_an_id_number_written_as_a_json_number_is_unreadable(value: object) -> None:
    for record, path in (
        (with_identity(value), "$.documents[0].number"),
        (with_representative(value), "$.legal_representative.id_number"),
    ):
        assert_unreadable_at(record, path, "as text", "文本")


@pytest.mark.parametrize("value", ["1.52830E+17", "1.52830197501319E+17", "1.5283e17"])
def test_a_number_in_scientific_notation_is_unreadable_not_wrong(value: str) -> None:
    """Fixed defect (types.py): ``1.52830E+17`` — what Excel shows of an ID number and saves
    into a CSV — failed as an ID of 11 characters; its digits are lost, not wrong."""
    for record, path in (
        (with_identity(value), "$.documents[0].number"),
        (with_representative(value), "$.legal_representative.id_number"),
        ({**food_shop(), "uscc": value}, "$.uscc"),
    ):
        assert_unreadable_at(record, path, "scientific notation", "科学计数法")


@pytest.mark.parametrize("mask", [(4, 4), (6, 4), (3, 3)])
def test_a_masked_number_given_as_data_is_unreadable_not_wrong(mask: tuple[int, int]) -> None:
    """Fixed defect (types.py): a number an export masked (``1101**********1234``, as
    platforms show it) failed as a resident ID with a wrong character."""
    number = generated(9)
    start, end = mask
    masked = number[:start] + "*" * (18 - start - end) + number[-end:]
    for record, path in (
        (with_identity(masked), "$.documents[0].number"),
        (with_representative(masked), "$.legal_representative.id_number"),
    ):
        assert_unreadable_at(record, path, "masked", "")


def test_a_masked_number_under_its_label_in_full_width_stars_is_unreadable() -> None:
    number = generated(9)
    masked = f"公民身份号码：{number[:6]}{'＊' * 8}{number[-4:]}"
    report = verify(with_representative(masked), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert [f.code for f in report.findings] == ["record.invalid_value"]


def test_a_single_star_is_a_typo_not_a_mask() -> None:
    number = generated(9)
    decision, found = judged(with_identity(number[:7] + "*" + number[8:]))
    assert decision is Decision.FAIL
    assert ("ric.charset", "$.documents[0].number") in found


# --- 4. the forms of GB 11643 numbers, further ---------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        lambda n: n.lower(),
        lambda n: "".join(chr(ord(c) + 0xFEE0) for c in n),  # full-width
        lambda n: f"{n[:6]} {n[6:14]} {n[14:]}",
        lambda n: f"{n[:6]}-{n[6:14]}-{n[14:]}",
        lambda n: f" 公民身份号码：{n} ",
    ],
)
def test_a_resident_id_in_any_written_form_passes(written: Any) -> None:
    number = next(
        n for n in (generated(s, day=datetime.date(1960, 1, 2)) for s in range(99)) if n[-1] == "X"
    )
    record = with_identity(written(number), validity="2010.05.01-长期")
    assert judged(record) == (Decision.PASS, [])
    person = Person(name="周九", id_number=written(number))
    assert str(person.id_number) == number


@pytest.mark.parametrize(
    ("holder", "prefix"),
    [("hk_permit", "810000"), ("macao_permit", "820000"), ("taiwan_permit", "830000")],
)
def test_residence_permits_are_read_with_their_five_year_term(holder: str, prefix: str) -> None:
    number = generated(2, holder=holder)
    assert number.startswith(prefix)
    assert ric.parse(number).holder_type == holder
    assert judged(with_identity(number, validity="2023.01.01-2028.01.01")) == (Decision.PASS, [])
    decision, found = judged(with_identity(number, validity="2023.01.01-2033.01.01"))
    assert (decision, found) == (
        Decision.REVIEW,
        [("license.term_too_long", "$.documents[0].validity")],
    )


def test_a_permit_under_another_code_of_its_province_asks_for_review() -> None:
    body = "83010019800101011"
    decision, found = judged(with_identity(body + mod11_2_check(body)))
    assert decision is Decision.REVIEW
    assert ("ric.region_unknown", "$.documents[0].number") in found


def test_the_2023_permanent_residence_id_is_checked_with_mod_11_2() -> None:
    number = generated(4, holder="foreigner_pr")
    assert number[0] == "9"
    record = with_representative(number, id_type="外国人永久居留身份证")
    assert judged(record) == (Decision.PASS, [])
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")
    decision, found = judged(with_representative(wrong))
    assert (decision, found) == (
        Decision.FAIL,
        [("ric.checksum", "$.legal_representative.id_number")],
    )


def test_a_permanent_residence_id_declared_a_residence_permit_is_reviewed() -> None:
    number = generated(4, holder="foreigner_pr")
    decision, found = judged(with_representative(number, id_type="港澳台居民居住证"))
    assert (decision, found) == (
        Decision.REVIEW,
        [("ric.id_type_mismatch", "$.legal_representative.id_type")],
    )


def test_a_15_digit_number_of_a_legal_representative_is_reviewed_not_failed() -> None:
    number = generated(6)
    decision, found = judged(with_representative(number[:6] + number[8:17]))
    assert (decision, found) == (
        Decision.REVIEW,
        [("ric.legacy_15", "$.legal_representative.id_number")],
    )


def test_a_15_digit_number_with_an_impossible_date_fails() -> None:
    decision, found = judged(with_representative("110105870230123"))
    assert (decision, found) == (
        Decision.FAIL,
        [("ric.birth_date", "$.legal_representative.id_number")],
    )


def test_a_multiplication_sign_for_the_check_x_is_read_as_x() -> None:
    """Fixed defect (numbers/ric.py): ``×``, which Chinese input methods offer when one
    types the check character X, failed as a character not allowed; it is read as ``X``
    in the last position only."""
    number = next(n for n in (generated(s) for s in range(99)) if n[-1] == "X")
    typed = number[:-1] + "×"
    assert ric.validate(typed) == number
    assert judged(with_representative(typed)) == (Decision.PASS, [])
    assert ric.check(number[:5] + "×" + number[6:]).findings[0].code == "ric.charset"
