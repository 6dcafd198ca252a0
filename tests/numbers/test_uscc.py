"""USCC (GB 32100): official rules invalidate, soft rules ask for review."""

from __future__ import annotations

import datetime

import pytest

from qualcheck import (
    Decision,
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    Verdict,
    verify,
)
from qualcheck.numbers import uscc
from qualcheck.testing import make_uscc


@pytest.mark.parametrize(
    "number",
    [
        "91350100M000100Y43",  # worked example called "official" in GB 32100 explainers
        "91110000600037341L",  # check character is a letter
        "914403001922038216",  # all-digit organisation code
        "91110108795101314G",
        "91120222MA06DG3067",  # MA… codes assigned by the code centre
        "91512081MA62K0260E",
        "12440600MB2C07549J",  # 事业单位 (authority 1, type 2)
        "12340000485319959Y",
        "92141127MA0KD1Y64A",  # 个体工商户; rejected by a too-strict regex elsewhere
    ],
)
def test_real_numbers_are_valid(number: str) -> None:
    assert uscc.validate(number) == number
    result = uscc.check(number)
    assert result.verdict is Verdict.VALID, result.findings
    assert result.normalized == number


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (
            "９１３５０１００Ｍ０００１００Ｙ４３",
            "91350100M000100Y43",
        ),  # full-width digits and letters
        ("91350100m000100y43", "91350100M000100Y43"),  # lower case
        (" 9135 0100-M000 100Y 43 ", "91350100M000100Y43"),  # spaces and hyphens
        ("91350100\u200bM000100Y43\ufeff", "91350100M000100Y43"),  # zero-width characters
        ("91350100M000100Y43\u3000", "91350100M000100Y43"),  # ideographic space
        ("91350100–M000100Y43", "91350100M000100Y43"),  # en dash
    ],
)
def test_normalisation(raw: str, canonical: str) -> None:
    assert uscc.compact(raw) == canonical
    assert uscc.validate(raw) == canonical
    assert uscc.check(raw).input == raw  # the raw input is kept for display


@pytest.mark.parametrize(
    ("number", "error", "code", "position"),
    [
        ("91350100M000100Y4", InvalidLength, "uscc.length", None),  # 17 characters
        ("91350100M000100Y433", InvalidLength, "uscc.length", None),  # 19 characters
        ("", InvalidLength, "uscc.length", None),
        # the numbers a USCC replaced, with valid check characters, are named as such
        ("330106000129004", InvalidLength, "uscc.registration_number", None),
        ("330106000129005", InvalidLength, "uscc.length", None),  # check digit wrong
        ("60003734-1", InvalidLength, "uscc.org_code_given", None),
        ("M000100Y4", InvalidLength, "uscc.org_code_given", None),
        ("600037342", InvalidLength, "uscc.length", None),
        ("91350100M0001OOY43", InvalidFormat, "uscc.charset", 14),  # letter O typed for 0
        ("9135010OM000100Y43", InvalidFormat, "uscc.charset", 8),
        ("91350100M000100I43", InvalidFormat, "uscc.charset", 16),  # I is never used
        ("9135A100M000100Y43", InvalidFormat, "uscc.region_format", 5),  # letter in region
        ("91000000M000100Y4X", InvalidComponent, "uscc.province", 3),  # no province 00
        ("91110000600037341M", InvalidChecksum, "uscc.checksum", 18),
        ("91110108795101314H", InvalidChecksum, "uscc.checksum", 18),
        ("91110000600037431L", InvalidChecksum, "uscc.checksum", 18),  # transposed digits
        ("362322198709086409", InvalidChecksum, "uscc.org_code_checksum", 17),  # an ID number
        ("123456789012345678", InvalidChecksum, "uscc.org_code_checksum", 17),  # outer passes
    ],
)
def test_official_rules(
    number: str, error: type[Exception], code: str, position: int | None
) -> None:
    with pytest.raises(error) as caught:
        uscc.validate(number)
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert caught.value.position == position  # type: ignore[attr-defined]
    assert caught.value.message_zh  # type: ignore[attr-defined]
    result = uscc.check(number)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]
    assert not uscc.is_valid(number)


def test_o_for_zero_hint() -> None:
    finding = uscc.check("91350100M0001OOY43").findings[0]
    assert "perhaps '0' was meant" in finding.message
    assert finding.ctx["char"] == "O"


def test_resident_id_typed_into_uscc_field_is_not_valid() -> None:
    # passes the outer mod-31 check by chance, fails the inner GB 11714 check
    from qualcheck.numbers._checksums import gb32100_check

    number = "362322198709086409"
    assert gb32100_check(number[:17]) == number[17]
    assert not uscc.is_valid(number)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("91350100M0001TGQXM", "1"),  # Fujian pilot-era codes: legal, position 18 "wrong"
        ("91350211M0000XUF46", "R"),
        ("91350203M0001FUE2P", "J"),
    ],
)
def test_pilot_codes_ask_for_review(number: str, expected: str) -> None:
    assert uscc.validate(number) == number
    assert uscc.is_valid(number)
    result = uscc.check(number)
    assert result.verdict is Verdict.REVIEW
    [finding] = result.findings
    assert finding.code == "uscc.pilot_checksum"
    assert finding.rule is not None
    assert finding.ctx == {"expected": expected, "actual": number[-1]}
    assert result.parts is not None
    assert result.parts.pilot


def test_pilot_exception_needs_all_three_conditions() -> None:
    with pytest.raises(InvalidChecksum):  # same shape outside Fujian
        uscc.validate("91110100M0001TGQXM")
    with pytest.raises(InvalidChecksum):  # Fujian, but not an M000 organisation code
        uscc.validate("91350100M100100Y4B")
    with pytest.raises(InvalidChecksum):  # Fujian and M000, but the inner check fails too
        uscc.validate("91350211M0000XUF56")


def test_a_typo_in_the_check_character_of_a_fujian_m000_code_is_review() -> None:
    # the pilot rule cannot tell a typo from a pilot code: a person (or the registry) must
    result = uscc.check("91350100M000100Y4W")
    assert result.verdict is Verdict.REVIEW
    assert result.findings[0].code == "uscc.pilot_checksum"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("G1110000MA00000005", "uscc.authority_unknown"),  # letter authority seen in the wild
        ("99350100M000100Y4R", "uscc.type_unknown"),  # 99: not in the published table
        ("91350199M000100Y4B", "uscc.region_unknown"),  # province 35, unknown county
        ("91110000PDY000013W", "uscc.org_code_reserved"),  # reserved internal range
    ],
)
def test_soft_rules(number: str, code: str) -> None:
    from qualcheck.numbers._checksums import gb11714_check, gb32100_check

    body = number[:16] + gb11714_check(number[8:16])
    number = body + gb32100_check(body)
    result = uscc.check(number)
    assert result.verdict is Verdict.REVIEW
    assert code in [f.code for f in result.findings]
    assert all(f.rule for f in result.findings)
    assert uscc.is_valid(number)


def test_parse() -> None:
    parts = uscc.parse("91350100M000100Y43")
    assert parts.authority == "9"
    assert parts.entity_type == "1"
    assert parts.entity_type_name == "企业"
    assert parts.entity_type_name_en == "enterprise"
    assert parts.region_code == "350100"
    assert parts.region_name is not None
    assert parts.region_name.startswith("福建省")
    assert parts.org_code == "M000100Y4"
    assert parts.check_char == "3"
    assert not parts.pilot
    assert parts.to_dict()["org_code"] == "M000100Y4"


def test_letter_authorities_from_the_table() -> None:
    from qualcheck.testing import make_uscc

    for authority in ("A", "N", "Y"):
        number = make_uscc(authority=authority)
        assert uscc.check(number).verdict is Verdict.VALID
        assert uscc.parse(number).authority_name is not None


def test_calc_check_digit_and_format() -> None:
    assert uscc.calc_check_digit("91350100M000100Y4") == "3"
    assert uscc.calc_check_digit("91350100M000100Y43") == "3"  # extra characters ignored
    assert uscc.format("91350100 m000100y43") == "91350100M000100Y43"
    with pytest.raises(InvalidFormat):
        uscc.calc_check_digit("9135")


def test_check_result_to_dict() -> None:
    data = uscc.check("91350211M0000XUF46").to_dict()
    assert data["verdict"] == "review"
    assert data["kind"] == "uscc"
    assert data["findings"][0]["code"] == "uscc.pilot_checksum"
    assert data["findings"][0]["severity"] == "warning"
    assert data["parts"]["org_code"] == "M0000XUF4"


@pytest.mark.parametrize(
    "raw",
    [
        "'91350100M000100Y43",  # a spreadsheet's text marker
        '"91350100M000100Y43"',  # copied with its quotes
        "“91350100M000100Y43”",  # Chinese quotes
    ],
)
def test_quotes_around_the_value_are_dropped(raw: str) -> None:
    assert uscc.validate(raw) == "91350100M000100Y43"


def test_an_old_licence_number_in_a_record_is_named_for_what_it_is() -> None:

    record = {
        "merchant_id": "old-licence",
        "subject_type": "enterprise",
        "name": "示例商贸有限公司",
        "uscc": make_uscc(entity_type="1"),
        "documents": [{"kind": "营业执照", "number": "注册号：330106000129004"}],
    }
    report = verify(record, as_of=datetime.date(2026, 11, 29))
    codes = {(f.code, f.json_path) for f in report.findings}
    assert ("uscc.registration_number", "$.documents[0].number") in codes
    assert report.decision is Decision.FAIL


def test_the_registrar_of_xiongan_is_a_known_region() -> None:
    # real USCCs of companies registered in 雄安新区 carry its registrar's code 133100
    for number in ("91133100MA0D8N1J7G", "91133100MABRLCFR5Q"):
        assert uscc.check(number).verdict is Verdict.VALID, number
