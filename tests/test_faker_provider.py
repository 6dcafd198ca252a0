"""The Faker provider: valid numbers of every kind, invalid by reason, seeded output."""

from __future__ import annotations

import datetime

import pytest
from faker import Faker

from qualcheck import numbers, verify
from qualcheck.testing import INVALID_REASONS, VALID_MAKERS
from qualcheck.testing.faker_provider import QualcheckProvider

AS_OF = datetime.date(2026, 11, 29)


@pytest.fixture
def fake() -> Faker:
    faker = Faker("zh_CN")
    faker.add_provider(QualcheckProvider)
    faker.seed_instance(2026)
    return faker


@pytest.mark.parametrize("kind", sorted(VALID_MAKERS))
def test_every_kind_is_valid(fake: Faker, kind: str) -> None:
    for _ in range(50):
        number = fake.qualification_number(kind)
        assert numbers.get(kind).check(number).verdict.value == "valid", number


@pytest.mark.parametrize(
    ("kind", "reason"),
    [(kind, reason) for kind in INVALID_REASONS for reason in INVALID_REASONS[kind]],
)
def test_invalid_numbers_fail_as_asked(fake: Faker, kind: str, reason: str) -> None:
    number = fake.invalid_number(kind, reason)
    codes = [finding.code for finding in numbers.get(kind).check(number).findings]
    assert f"{kind}.{reason}" in codes


def test_seeding_makes_output_reproducible() -> None:
    first, second = Faker("zh_CN"), Faker("zh_CN")
    for faker in (first, second):
        faker.add_provider(QualcheckProvider)
        faker.seed_instance(5)
    assert [first.uscc() for _ in range(5)] == [second.uscc() for _ in range(5)]
    assert first.resident_id(sex="F") == second.resident_id(sex="F")


def test_options_reach_the_makers(fake: Faker) -> None:
    assert fake.uscc(region="420106")[2:8] == "420106"
    number = fake.resident_id(birth_date=datetime.date(1990, 5, 17), sex="F")
    parts = numbers.ric.parse(number)
    assert parts.birth_date == datetime.date(1990, 5, 17)
    assert int(number[16]) % 2 == 0


def test_merchant_records_pass(fake: Faker) -> None:
    record = fake.merchant_record("restaurant", as_of=AS_OF)
    assert verify(record, as_of=AS_OF).decision.value == "pass"
    failing = fake.merchant_record("pharmacy", as_of=AS_OF, expired=["drug_business"])
    assert "license.expired" in verify(failing, as_of=AS_OF).codes
