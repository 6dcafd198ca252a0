"""Identifiers: soft findings of every number, and the contact phone, at their place."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, Severity, verify
from qualcheck.checks import Context
from qualcheck.checks.identifiers import identifiers
from qualcheck.models import Merchant
from qualcheck.policy import Policy
from qualcheck.testing import make_food_business, make_invalid, make_ric, make_uscc

AS_OF = datetime.date(2026, 3, 15)
RNG = random.Random(1115)
NAME = "福州市示例贸易有限公司"
USCC = make_uscc(region="350102", rng=RNG)
PILOT_USCC = "91350211M0000XUF46"  # a Fujian pilot-era code: its check character is off
REP_ID = make_ric(rng=RNG)
UNKNOWN_REGION_ID = make_invalid("ric", "region_unknown", rng=RNG)
JY = make_food_business(form=1, region="350102", rng=RNG)
JY_SOFT_CHECK = make_invalid("food_business", "checksum", rng=RNG)  # empirical rule only
PHONE = "138 0013 8000"  # the customary fictional example number


def merchant(**fields: Any) -> Merchant:
    record: dict[str, Any] = {"subject_type": "enterprise", "name": NAME, "uscc": USCC}
    record.update(fields)
    return Merchant.model_validate(record)


def found(m: Merchant) -> list[tuple[str, str, Severity]]:
    out = []
    for finding in identifiers(m, Context(as_of=AS_OF, policy=Policy())):
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in finding.path)
        out.append((finding.code, path, finding.severity))
    return out


W = Severity.WARNING
LICENCE = {"kind": "business_license", "number": USCC}

CASES: list[tuple[str, Merchant, list[tuple[str, str, Severity]]]] = [
    # valid numbers everywhere, a mainland mobile number: nothing to say
    (
        "all-valid",
        merchant(
            legal_representative={"name": "王五", "id_number": REP_ID},
            contact_phone=PHONE,
            documents=[LICENCE, {"kind": "food_business", "number": JY, "holder_uscc": USCC}],
        ),
        [],
    ),
    # a pilot-era USCC: review, at the seller's USCC
    ("pilot-uscc", merchant(uscc=PILOT_USCC), [("uscc.pilot_checksum", "$.uscc", W)]),
    # an ID number from a region not in the table, at the legal representative's ID
    (
        "ric-region-unknown",
        merchant(legal_representative={"name": "王五", "id_number": UNKNOWN_REGION_ID}),
        [("ric.region_unknown", "$.legal_representative.id_number", W)],
    ),
    # the same number on an identity document: at the document's number
    (
        "ric-region-unknown-document",
        merchant(documents=[LICENCE, {"kind": "identity", "number": UNKNOWN_REGION_ID}]),
        [("ric.region_unknown", "$.documents[1].number", W)],
    ),
    # a JY number whose empirical check digit does not match: review, never invalid
    (
        "jy-empirical-checksum",
        merchant(documents=[LICENCE, {"kind": "food_business", "number": JY_SOFT_CHECK}]),
        [("food_business.checksum", "$.documents[1].number", W)],
    ),
    # a pilot USCC repeated on the licence and as a holder USCC: one finding per place
    (
        "repeated-number",
        merchant(
            uscc=PILOT_USCC,
            documents=[
                {"kind": "business_license", "number": PILOT_USCC},
                {"kind": "food_business", "number": JY, "holder_uscc": PILOT_USCC},
            ],
        ),
        [
            ("uscc.pilot_checksum", "$.uscc", W),
            ("uscc.pilot_checksum", "$.documents[0].number", W),
            ("uscc.pilot_checksum", "$.documents[1].holder_uscc", W),
        ],
    ),
    # a phone number that cannot exist: review (a person calls), not fail
    ("phone-invalid", merchant(contact_phone="12345"), [("phone.invalid", "$.contact_phone", W)]),
    # letters are not a phone number
    (
        "phone-not-a-number",
        merchant(contact_phone="请联系客服"),
        [("phone.invalid", "$.contact_phone", W)],
    ),
    # a foreign number: review
    (
        "phone-foreign",
        merchant(contact_phone="+1 201-555-0123"),
        [("phone.not_chinese", "$.contact_phone", W)],
    ),
    # a Beijing landline in the usual form
    ("phone-landline", merchant(contact_phone="（010）1234-5678"), []),
    # an empty phone is no phone
    ("phone-empty", merchant(contact_phone=""), []),
]


@pytest.mark.parametrize(
    ("m", "expected"), [pytest.param(m, expected, id=name) for name, m, expected in CASES]
)
def test_identifiers(m: Merchant, expected: list[tuple[str, str, Severity]]) -> None:
    assert found(m) == expected


# (document kind, reason): soft findings of each licence kind, reported at the number
SOFT_DOCUMENT_NUMBERS = [
    ("food_business", "region_unknown"),
    ("food_business", "region_beijing_local"),
    ("food_production", "checksum"),
    ("food_production", "category_unknown"),
    ("food_filing", "local_format"),
    ("food_filing", "checksum"),
    ("drug_info", "year_early"),
    ("device_business", "infix_unknown"),
    ("device_business", "year_early"),
    ("cnca", "year_early"),
    ("cma", "authority_unknown"),
    ("cma", "serial_zero"),
    ("cma", "year_early"),
]


@pytest.mark.parametrize(("kind", "reason"), SOFT_DOCUMENT_NUMBERS)
def test_soft_document_numbers(kind: str, reason: str) -> None:
    number = make_invalid(kind, reason, rng=random.Random(f"{kind}.{reason}"))
    m = merchant(documents=[LICENCE, {"kind": kind, "number": number}])
    assert found(m) == [(f"{kind}.{reason}", "$.documents[1].number", W)]


def test_findings_keep_their_rule_and_position() -> None:
    (finding,) = identifiers(merchant(uscc=PILOT_USCC), Context(as_of=AS_OF, policy=Policy()))
    assert finding.rule is not None
    assert "pilot" in finding.rule
    assert finding.position == 18
    assert finding.ctx == {"expected": "R", "actual": "6"}


def test_phone_never_in_findings() -> None:
    for phone in ("12345", "+1 201-555-0123", "138 0013 800"):
        for finding in identifiers(
            merchant(contact_phone=phone), Context(as_of=AS_OF, policy=Policy())
        ):
            text = f"{finding.message} {finding.message_zh} {finding.ctx}"
            assert phone not in text
            assert phone.replace(" ", "") not in text


def test_each_number_is_checked_once_per_verification() -> None:
    context = Context(as_of=AS_OF, policy=Policy())
    first = context.number_findings("uscc", PILOT_USCC)
    assert context.number_findings("uscc", PILOT_USCC) is first
    assert Context(as_of=AS_OF, policy=Policy()).number_findings("uscc", PILOT_USCC) is not first


def test_soft_findings_make_review_and_official_ones_fail() -> None:
    base = {
        "subject_type": "enterprise",
        "name": NAME,
        "documents": [{"kind": "business_license", "number": PILOT_USCC, "valid_to": "长期"}],
    }
    # a soft rule → review
    assert verify({**base, "uscc": PILOT_USCC}, as_of=AS_OF).decision is Decision.REVIEW
    # an invalid phone → review, not fail
    report = verify(
        {**base, "uscc": PILOT_USCC, "contact_phone": "12345"},
        as_of=AS_OF,
        policy=Policy(decisions={"uscc.pilot_checksum": "pass"}),
    )
    decisions = {finding.code: finding.decision for finding in report.findings}
    assert decisions["phone.invalid"] is Decision.REVIEW
    assert decisions["uscc.pilot_checksum"] is Decision.PASS  # the platform accepts these
    assert report.decision is Decision.REVIEW
    # an official rule broken (a USCC check character) → fail
    broken = make_invalid("uscc", "checksum", rng=random.Random(1))
    assert verify({**base, "uscc": broken}, as_of=AS_OF).decision is Decision.FAIL
