"""Audit: personal data in reports, reprs and logs.

Contract (docs/verify.md "Privacy", docs/batch.md "Output"): resident-ID numbers, phone
numbers and birth dates never appear in a report or its JSON; "the engine's messages mask
anything shaped like a resident ID or a mobile number".  Only generated numbers are used.
"""

from __future__ import annotations

import datetime
import json
import logging
import random
from typing import Any

import pytest
from audit_support import AS_OF, PHONE, PHONE_SPACED, RIC, RIC_BIRTH, food_shop

from qualcheck import Report, verify
from qualcheck.models import Merchant
from qualcheck.testing import INVALID_REASONS, MockRegistry, make_invalid, make_merchant, make_ric


def report_text(report: Report) -> str:
    return report.to_json() + json.dumps(report.model_dump(mode="json"), ensure_ascii=False)


def assert_absent(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text, f"{secret!r} appears in the output"


# --- what must hold, and does ----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_natural_person_numbers_never_in_report(seed: int) -> None:
    record = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(seed))
    number = next(doc["number"] for doc in record["documents"] if doc["kind"] == "identity")
    record["contact_phone"] = PHONE
    report = verify(record, as_of=AS_OF)
    assert_absent(report_text(report), number, number[6:14], PHONE)
    assert_absent(repr(Merchant.model_validate(record)), number, PHONE)


@pytest.mark.parametrize("reason", INVALID_REASONS["ric"])
def test_invalid_id_numbers_are_not_echoed(reason: str) -> None:
    bad = make_invalid("ric", reason, rng=random.Random(5))
    record = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(1))
    for doc in record["documents"]:
        if doc["kind"] == "identity":
            doc["number"] = bad
    record["legal_representative"] = {"name": "李四", "id_number": bad}
    text = report_text(verify(record, as_of=AS_OF))
    assert_absent(text, bad)
    if len(bad) >= 14:
        assert_absent(text, bad[6:14])


def test_id_number_in_the_uscc_fields_is_not_echoed() -> None:
    record = food_shop()
    record["uscc"] = RIC
    record["documents"][1]["holder_uscc"] = RIC
    record["documents"][0]["number"] = RIC
    assert_absent(report_text(verify(record, as_of=AS_OF)), RIC, RIC_BIRTH)


def test_no_personal_data_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    record = make_merchant("restaurant", as_of=AS_OF, rng=random.Random(2))
    record["legal_representative"] = {"name": "张三", "id_number": RIC}
    record["contact_phone"] = PHONE
    registry = MockRegistry()
    registry.add_merchant(record)
    with caplog.at_level(logging.DEBUG):
        verify(record, as_of=AS_OF, registry=registry)
        registry.force(record["uscc"], "unavailable")
        verify(record, as_of=AS_OF, registry=registry)
    assert_absent(caplog.text, RIC, PHONE)


# --- personal numbers in the wrong field -------------------------------------------------------


def test_id_number_declared_as_a_category_is_masked() -> None:
    """Defect: category.unknown quotes the declared category verbatim in message,
    message_zh and ctx — an ID number typed into the category field is echoed in full."""
    record = food_shop()
    record["categories"] = [*record["categories"], RIC]
    assert_absent(report_text(verify(record, as_of=AS_OF)), RIC, RIC_BIRTH)


def test_mobile_number_declared_as_a_category_is_masked() -> None:
    """Defect: same path (category.unknown) for a mobile number."""
    record = food_shop()
    record["categories"] = [*record["categories"], PHONE]
    assert_absent(report_text(verify(record, as_of=AS_OF)), PHONE)


@pytest.mark.parametrize(
    "value",
    [PHONE_SPACED, "139-1234-5678", "+86 139 1234 5678"],
)
def test_spaced_mobile_number_in_a_date_field_is_masked(value: str) -> None:
    """Defect: record.invalid_value quotes the unreadable value; _record._scrub masks only
    unbroken digit runs, so a mobile number written with spaces or dashes (the form the
    project's own examples use) is echoed in full."""
    record = food_shop()
    record["last_verified_at"] = value
    record["documents"][0]["valid_to"] = value
    assert_absent(report_text(verify(record, as_of=AS_OF)), value, "1234 5678", "1234-5678")


def test_spaced_id_number_in_a_date_field_is_masked() -> None:
    """Defect: same, for an ID number written in groups (as printed on many forms); the
    birth date is echoed too."""
    spaced = f"{RIC[:6]} {RIC[6:14]} {RIC[14:]}"
    record = food_shop()
    record["documents"][0]["valid_from"] = spaced
    assert_absent(report_text(verify(record, as_of=AS_OF)), spaced, RIC_BIRTH)


def test_report_repr_of_natural_person_has_no_numbers() -> None:
    ric = make_ric(birth_date=datetime.date(1990, 2, 28), rng=random.Random(8))
    record: dict[str, Any] = {
        "subject_type": "natural_person",
        "name": "张三",
        "legal_representative": {"name": "张三", "id_number": ric},
        "contact_phone": PHONE_SPACED,
        "declared_annual_turnover_yuan": 1000,
        "documents": [
            {
                "kind": "identity",
                "number": ric,
                "holder_name": "张三",
                "validity": "2020-01-01至2040-01-01",
            }
        ],
    }
    report = verify(record, as_of=AS_OF)
    assert_absent(repr(report) + str(report) + report_text(report), ric, "19900228", "1234 5678")
