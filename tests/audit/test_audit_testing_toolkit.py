"""Audit: the toolkit for unit-testing seller records (``qualcheck.testing``).

Contract (docs/testing.md and the docstrings of ``qualcheck.testing``):

* every valid maker gives a number ``check`` finds ``valid``, for many seeds and every
  documented option (provinces, forms, categories, years, entity types, holders); an
  option that cannot make a well-formed number is a ``ConfigError`` naming it;
* every reason of ``make_invalid`` gives exactly the promised code;
* makers are deterministic for a seed and share no random state;
* generated resident IDs belong to nobody: their county code was gone before the first
  resident ID numbers were assigned (1984);
* ``make_merchant`` records pass as of the given date — month ends, leap days, year
  boundaries included — and each knob adds exactly its finding;
* the hypothesis strategies give only what they promise, and shrink to such examples;
* assertion helpers and the plugin print reports without an unmasked ID or phone; each
  test gets its own policy;
* the Faker provider works with the zh_CN locale;
* ``MockRegistry`` answers as the registry contract says: statuses, not found and failed
  look-ups never pass.

Only generated personal numbers are used.
"""

from __future__ import annotations

import asyncio
import datetime
import random
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from qualcheck import Decision, Report, Verifier, verify
from qualcheck._codes import lookup
from qualcheck.exceptions import ConfigError
from qualcheck.numbers import KINDS, get, regions, ric
from qualcheck.numbers._provinces import MAINLAND_ABBREVIATIONS, PROVINCES
from qualcheck.numbers.cma import AUTHORITIES as CMA_AUTHORITIES
from qualcheck.numbers.food_production import CATEGORIES
from qualcheck.numbers.uscc import AUTHORITIES
from qualcheck.registries import LookupStatus, RegistryAbort, RegistryQuery, normalize_status
from qualcheck.testing import (
    INVALID_REASONS,
    OUTCOMES,
    PROFILES,
    MockRegistry,
    make_cma,
    make_cnca,
    make_device_business,
    make_drug_business,
    make_drug_info,
    make_food_business,
    make_food_filing,
    make_food_production,
    make_invalid,
    make_merchant,
    make_regno,
    make_ric,
    make_uscc,
    make_valid,
)
from qualcheck.testing.assertions import (
    assert_decision,
    assert_finding,
    assert_no_finding,
    format_report,
)
from qualcheck.testing.merchants import _PROFILES
from qualcheck.testing.strategies import merchants, numbers

pytest_plugins = ["pytester"]

AS_OF = datetime.date(2026, 11, 29)
MAINLAND = sorted(set(PROVINCES) - {"71", "81", "82"})
PHONE = "13912345678"

AWKWARD_DATES = [
    datetime.date(2016, 1, 1),  # the first supported day
    datetime.date(2019, 6, 30),
    datetime.date(2024, 2, 29),  # leap day
    datetime.date(2024, 3, 31),
    datetime.date(2025, 8, 31),  # six months before is in February
    datetime.date(2025, 12, 31),  # year boundary
    datetime.date(2026, 1, 1),
    datetime.date(2026, 10, 31),
    datetime.date(2028, 2, 29),
    datetime.date(2030, 5, 31),
    datetime.date(2099, 12, 31),  # the last supported day
]


def _load_codes() -> None:
    for kind in KINDS:
        get(kind)  # each kind defines its finding codes on import


def _verdict(kind: str, number: str, as_of: datetime.date | None = None) -> str:
    return get(kind).check(number, as_of=as_of).verdict.value


def _codes(kind: str, number: str) -> list[str]:
    """Finding codes above information level (``regno.superseded`` is always noted)."""
    return [f.code for f in get(kind).check(number).findings if f.severity.value != "info"]


# --- valid makers: every documented option ------------------------------------------------


def test_uscc_every_authority_and_published_type_is_valid() -> None:
    for authority, (_, _, types) in AUTHORITIES.items():
        for entity_type in types:
            for seed in range(15):
                number = make_uscc(
                    authority=authority, entity_type=entity_type, rng=random.Random(seed)
                )
                assert number[:2] == authority + entity_type
                assert _verdict("uscc", number) == "valid", number


def test_uscc_and_regno_every_province_and_region_kind_are_valid() -> None:
    rng = random.Random(1)
    current = regions.codes(current_only=True)
    retired = [code for code in regions.codes() if code not in set(current)]
    samples = [p + "0000" for p in PROVINCES] + ["100000", *current[::37], *retired[::41]]
    for region in samples:
        number = make_uscc(region=region, rng=rng)
        assert number[2:8] == region
        assert _verdict("uscc", number) == "valid", (region, number)
        regno = make_regno(region=region, rng=rng)
        assert regno[:6] == region
        assert _verdict("regno", regno) == "valid", (region, regno)
    for entity_class in "0123456789":
        number = make_regno(entity_class=entity_class, rng=rng)
        assert number[6] == entity_class
        assert _verdict("regno", number) == "valid"


@pytest.mark.parametrize(
    "holder", ["resident", "hk_permit", "macao_permit", "taiwan_permit", "foreigner_pr"]
)
def test_ric_every_holder_sex_and_birth_date(holder: str) -> None:
    births = [
        None,
        datetime.date(1870, 1, 1),
        datetime.date(1949, 12, 31),
        datetime.date(2000, 2, 29),
        AS_OF,
    ]
    for sex in (None, "M", "F"):
        for birth in births:
            for seed in range(6):
                number = make_ric(holder=holder, sex=sex, birth_date=birth, rng=random.Random(seed))
                assert _verdict("ric", number, AS_OF) == "valid", number
                parts = ric.parse(number, as_of=AS_OF)
                assert parts.holder_type == holder
                if sex is not None:
                    assert parts.sex == sex
                if birth is not None:
                    assert parts.birth_date == birth


def test_ric_with_a_region_of_every_province() -> None:
    rng = random.Random(2)
    for province in sorted(set(PROVINCES) - {"81", "82"}):
        region = province + "0000"
        number = make_ric(region=region, rng=rng)
        assert number[:6] == region
        assert _verdict("ric", number) == "valid", number
    for province in MAINLAND:
        number = make_ric(holder="foreigner_pr", region=province + "0000", rng=rng)
        assert number[:3] == "9" + province
        assert _verdict("ric", number) == "valid", number


def test_food_numbers_every_form_category_and_province() -> None:
    rng = random.Random(3)
    for province in MAINLAND:
        counties = [c for c in regions.codes(current_only=True) if c.startswith(province)]
        for region in (province + "0000", counties[0], counties[-1]):
            for form in (1, 2, 3, "1"):
                number = make_food_business(form=form, region=region, rng=rng)
                assert number[2] == str(form)
                assert number[3:9] == region
                assert _verdict("food_business", number) == "valid", number
            for form in (1, 2):
                number = make_food_filing(form=form, region=region, rng=rng)
                assert _verdict("food_filing", number) == "valid", number
    for kind, table in CATEGORIES.items():
        for category in table:
            for value in (category, int(category)):
                number = make_food_production(kind=int(kind), category=value, rng=rng)
                assert number[2:5] == kind + category
                assert _verdict("food_production", number) == "valid", number


def test_drug_device_cnca_cma_every_province_and_year() -> None:
    rng = random.Random(4)
    provinces = sorted(MAINLAND_ABBREVIATIONS) + MAINLAND
    for province in provinces:
        for business_type in "ABCD":
            for legal_person in "AB":
                for legacy in (False, True):
                    number = make_drug_business(
                        business_type=business_type,
                        legal_person=legal_person,
                        province=province,
                        legacy=legacy,
                        rng=rng,
                    )
                    assert number[1:3] == business_type + legal_person
                    # as of AS_OF: a legacy number is for review from 2029 on, as documented
                    assert _verdict("drug_business", number, AS_OF) == "valid", number
        for year in (2000, 2014, 2020, AS_OF.year):
            for paid in (True, False):
                number = make_drug_info(paid=paid, year=year, province=province, rng=rng)
                assert _verdict("drug_info", number) == "valid", number
            number = make_device_business(year=year, province=province, rng=rng)
            assert _verdict("device_business", number) == "valid", number
            if year >= 2014:  # class II filings exist since 2014
                number = make_device_business(filing=True, year=year, province=province, rng=rng)
                assert _verdict("device_business", number) == "valid", number
    for year in range(2002, AS_OF.year + 1):
        for foreign in (True, False):
            assert _verdict("cnca", make_cnca(foreign=foreign, year=year, rng=rng)) == "valid"
    for authority in [*CMA_AUTHORITIES, *sorted(MAINLAND_ABBREVIATIONS)]:
        for year in (2015, AS_OF.year):
            number = make_cma(year=year, authority=authority, rng=rng)
            assert _verdict("cma", number) == "valid", number
        # 12-digit numbers began in 2015: an earlier year is reported for review
        number = make_cma(year=2000, authority=authority, rng=rng)
        assert _verdict("cma", number) == "review", number


def test_a_chosen_year_after_today_is_valid_as_of_that_year() -> None:
    later = AS_OF.year + 3
    number = make_cnca(year=later, rng=random.Random(1))
    assert _verdict("cnca", number, datetime.date(later, 1, 1)) == "valid"
    assert _verdict("cnca", number, datetime.date(later - 1, 12, 31)) == "invalid"


@pytest.mark.parametrize("kind", KINDS)
def test_make_valid_is_valid_for_many_seeds(kind: str) -> None:
    for seed in range(400):
        number = make_valid(kind, rng=random.Random(seed))
        assert _verdict(kind, number) == "valid", number
        assert _codes(kind, number) == []


# --- option errors: a clear ConfigError naming the option ------------------------------------


@pytest.mark.parametrize(
    ("make", "options", "field"),
    [
        (make_uscc, {"authority": "Z"}, "authority"),
        (make_uscc, {"entity_type": "I"}, "entity_type"),  # I is not a USCC character
        (make_uscc, {"entity_type": "12"}, "entity_type"),
        (make_uscc, {"region": "830000"}, "region"),  # a permit code, not a registrar's
        (make_uscc, {"region": "4201"}, "region"),
        (make_regno, {"region": "990101"}, "region"),
        (make_regno, {"entity_class": "X"}, "entity_class"),
        (make_ric, {"sex": "male"}, "sex"),  # was silently taken as female
        (make_ric, {"holder": "citizen"}, "holder"),  # was silently a resident
        (make_ric, {"holder": "hk_permit", "region": "420106"}, "region"),  # was ignored
        (make_ric, {"region": "100000"}, "region"),  # no province: ric.province
        (make_ric, {"region": "810000"}, "region"),  # a resident's number is no permit
        (make_ric, {"region": "42010"}, "region"),
        (make_ric, {"birth_date": "1990-01-01"}, "birth_date"),
        (make_food_business, {"form": 4}, "form"),
        (make_food_business, {"region": "810000"}, "region"),
        (make_food_production, {"kind": 2, "category": 15}, "category"),
        (make_drug_business, {"province": "港"}, "province"),
        (make_cnca, {"year": "2010"}, "year"),
        (make_cma, {"authority": "32"}, "authority"),
    ],
)
def test_an_option_that_cannot_make_a_number_is_a_config_error(
    make: Any, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(ConfigError, match=field):
        make(rng=random.Random(0), **options)


@pytest.mark.parametrize(
    ("kind", "make", "options", "code"),
    [
        ("uscc", make_uscc, {"entity_type": "8"}, "uscc.type_unknown"),
        ("uscc", make_uscc, {"region": "429999"}, "uscc.region_unknown"),
        ("ric", make_ric, {"region": "429999"}, "ric.region_unknown"),
        ("ric", make_ric, {"birth_date": datetime.date(1860, 5, 1)}, "ric.birth_date_implausible"),
        ("cnca", make_cnca, {"year": 2000}, "cnca.year_early"),
        ("drug_info", make_drug_info, {"year": 1999}, "drug_info.year_early"),
        (
            "device_business",
            make_device_business,
            {"filing": True, "year": 2010},
            "device_business.filing_early",
        ),
    ],
)
def test_a_soft_choice_gives_the_number_check_questions(
    kind: str, make: Any, options: dict[str, Any], code: str
) -> None:
    number = make(rng=random.Random(0), **options)
    assert _codes(kind, number) == [code]
    assert _verdict(kind, number) == "review"


# --- invalid makers ------------------------------------------------------------------------


_REASONS = [(kind, reason) for kind, reasons in INVALID_REASONS.items() for reason in reasons]


@pytest.mark.parametrize(("kind", "reason"), _REASONS)
def test_every_reason_gives_exactly_its_code(kind: str, reason: str) -> None:
    _load_codes()
    code = f"{kind}.{reason}"
    expected = "invalid" if lookup(code).severity.value == "error" else "review"
    for seed in range(150):
        number = make_invalid(kind, reason, rng=random.Random(seed))
        assert _codes(kind, number) == [code], (seed, number)
        assert _verdict(kind, number) == expected


# --- determinism and shared state --------------------------------------------------------


def test_same_seed_same_output_and_no_global_random_state() -> None:
    random.seed(12345)
    expected = [random.random() for _ in range(3)]
    random.seed(12345)
    for kind in KINDS:
        assert make_valid(kind, rng=random.Random(9)) == make_valid(kind, rng=random.Random(9))
        make_valid(kind)  # without rng: a fresh generator, not the module's
        for reason in INVALID_REASONS.get(kind, ()):
            first = make_invalid(kind, reason, rng=random.Random(9))
            assert first == make_invalid(kind, reason, rng=random.Random(9))
    for profile in PROFILES:
        first = make_merchant(profile, as_of=AS_OF, rng=random.Random(9))
        assert first == make_merchant(profile, as_of=AS_OF, rng=random.Random(9))
        make_merchant(profile, as_of=AS_OF)
    assert [random.random() for _ in range(3)] == expected


def test_records_do_not_depend_on_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A record is the same whatever day the test runs, for a past or a future ``as_of``."""
    import qualcheck.testing.merchants as merchants_module

    profiles = list(PROFILES)
    for as_of in (datetime.date(2024, 5, 31), datetime.date(2030, 6, 30)):
        made = []
        for today in (datetime.date(2026, 12, 31), datetime.date(2031, 1, 1)):
            monkeypatch.setattr(merchants_module, "today", lambda today=today: today)
            made.append([make_merchant(p, as_of=as_of, rng=random.Random(4)) for p in profiles])
        assert made[0] == made[1]
        for record in made[0]:
            assert verify(record, as_of=as_of).decision is Decision.PASS


# --- generated personal IDs belong to nobody -----------------------------------------------


def _retired_before_ids(code: str) -> bool:
    """The code was gone before 1984, when the first resident ID numbers were assigned."""
    region = regions.lookup(code)
    return region is not None and region.last_year is not None and region.last_year <= 1982


def test_resident_ids_carry_a_code_retired_before_id_numbers_existed() -> None:
    for seed in range(300):
        rng = random.Random(seed)
        birth = rng.choice([None, datetime.date(1955, 3, 1), datetime.date(2001, 7, 9)])
        number = make_ric(birth_date=birth, rng=rng)
        assert _retired_before_ids(number[:6]), number
        assert not any(regions.existed_in(number[:6], year) for year in range(1984, 2027))
        assert _verdict("ric", number) == "valid"
    for seed in range(50):  # legacy 15-digit numbers too
        number = make_invalid("ric", "legacy_15", rng=random.Random(seed))
        assert _retired_before_ids(number[:6]), number


@pytest.mark.parametrize("seed", range(12))
def test_natural_person_records_hold_nobodys_id(seed: int) -> None:
    record = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(seed))
    (identity,) = record["documents"]
    assert _retired_before_ids(identity["number"][:6])


@pytest.mark.parametrize("seed", range(20))
def test_id_card_term_fits_the_holders_age(seed: int) -> None:
    """居民身份证法 art. 5: 16-25 ten years, 26-45 twenty years, 46 and over long-term."""
    record = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(seed))
    (identity,) = record["documents"]
    birth = ric.parse(identity["number"]).birth_date
    assert birth is not None
    start_text, end_text = identity["validity"].split("-")
    start = datetime.datetime.strptime(start_text, "%Y.%m.%d").date()
    age = start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))
    if end_text == "长期":
        assert age >= 46
    else:
        end = datetime.datetime.strptime(end_text, "%Y.%m.%d").date()
        years = round((end - start).days / 365.25)
        assert years == (10 if age <= 25 else 20), (age, years)
        assert 16 <= age <= 45


# --- merchant records: every profile, awkward dates -----------------------------------------


@pytest.mark.parametrize("as_of", AWKWARD_DATES, ids=str)
@pytest.mark.parametrize("profile", PROFILES)
def test_records_pass_on_awkward_dates(profile: str, as_of: datetime.date) -> None:
    for seed in range(4):
        for months in (None, 0, 1, 5, 6):
            record = make_merchant(
                profile, as_of=as_of, rng=random.Random(seed), last_verified_months_ago=months
            )
            report = verify(record, as_of=as_of)
            assert report.decision is Decision.PASS, (seed, months, report.codes)
            assert report.codes == ()


@pytest.mark.parametrize("as_of", AWKWARD_DATES, ids=str)
@pytest.mark.parametrize("profile", PROFILES)
def test_knobs_add_exactly_their_finding_on_awkward_dates(
    profile: str, as_of: datetime.date
) -> None:
    spec = _PROFILES[profile]
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"last_verified_months_ago": 7}, "merchant.reverification_due", "review"),
        ({"name_mismatch": True}, "consistency.name_mismatch", "fail"),
    ]
    for key in spec.expiring:
        cases.append(({"expired": [key]}, "license.expired", "fail"))
        cases.append(({"expiring": [key]}, "license.expiring_soon", "review"))
    for seed in range(2):
        for knobs, code, decision in cases:
            record = make_merchant(profile, as_of=as_of, rng=random.Random(seed), **knobs)
            report = verify(record, as_of=as_of)
            assert set(report.codes) == {code}, (knobs, report.codes)
            assert report.decision.value == decision


def test_six_months_ago_from_a_month_end_is_not_due() -> None:
    # 2025-08-31 less six months: February has no 31st; the reverification check adds the
    # months back with the day clamped, so the record must be verified on 2025-03-01
    as_of = datetime.date(2025, 8, 31)
    record = make_merchant(
        "food_shop", as_of=as_of, rng=random.Random(1), last_verified_months_ago=6
    )
    assert record["last_verified_at"] == "2025-03-01"
    assert verify(record, as_of=as_of).decision is Decision.PASS
    due = make_merchant("food_shop", as_of=as_of, rng=random.Random(1), last_verified_months_ago=7)
    assert due["last_verified_at"] == "2025-01-31"
    assert verify(due, as_of=as_of).codes == ("merchant.reverification_due",)


@pytest.mark.parametrize("as_of", [datetime.date(2016, 1, 1), datetime.date(2018, 12, 31)])
def test_certification_approval_year_is_not_after_as_of(as_of: datetime.date) -> None:
    for seed in range(40):
        record = make_merchant("certification_body", as_of=as_of, rng=random.Random(seed))
        (approval,) = [doc for doc in record["documents"] if doc["kind"] == "cnca"]
        assert 2002 <= int(approval["number"][-8:-4]) <= as_of.year, approval["number"]
        assert verify(record, as_of=as_of).decision is Decision.PASS


@pytest.mark.parametrize(
    "as_of",
    [
        datetime.date(2015, 12, 31),
        datetime.date(2100, 1, 1),
        datetime.datetime(2026, 11, 29, 8, 0),
        "2026-11-29",
    ],
    ids=repr,
)
def test_unsupported_as_of_is_a_config_error(as_of: Any) -> None:
    with pytest.raises(ConfigError, match="as_of"):
        make_merchant("food_shop", as_of=as_of, rng=random.Random(0))


@pytest.mark.parametrize(
    "knobs",
    [
        {"last_verified_months_ago": 10**6},  # was a ValueError from datetime
        {"last_verified_months_ago": True},
        {"turnover_yuan": False},
    ],
    ids=repr,
)
def test_bad_knob_values_are_config_errors(knobs: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match=next(iter(knobs))):
        make_merchant("natural_person", as_of=AS_OF, rng=random.Random(0), **knobs)


def test_knobs_combine_with_a_missing_licence() -> None:
    for profile in PROFILES:
        if profile == "natural_person":
            continue
        licence = _PROFILES[profile].documents[-1]
        for knob, code in (
            ("name_mismatch", "consistency.name_mismatch"),
            ("uscc_mismatch", "consistency.uscc_mismatch"),
        ):
            record = make_merchant(
                profile, as_of=AS_OF, rng=random.Random(2), missing=[licence], **{knob: True}
            )
            report = verify(record, as_of=AS_OF)
            assert set(report.codes) == {code, "category.license_missing"}, report.codes


# --- hypothesis strategies -----------------------------------------------------------------

_DATES = st.sampled_from(AWKWARD_DATES)


@settings(
    max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data(), _DATES, st.booleans())
def test_strategy_records_decide_as_promised(
    data: st.DataObject, as_of: datetime.date, failing: bool
) -> None:
    record = data.draw(merchants(failing=failing, as_of=as_of))
    report = verify(record, as_of=as_of)
    assert report.decision is (Decision.FAIL if failing else Decision.PASS), report.codes


def test_strategies_shrink_to_examples_they_promise() -> None:
    as_of = datetime.date(2025, 8, 31)
    smallest = find(
        merchants(failing=True, as_of=as_of),
        lambda record: True,
        settings=settings(database=None, max_examples=50),
    )
    assert verify(smallest, as_of=as_of).decision is Decision.FAIL
    passing = find(
        merchants(failing=False, as_of=as_of),
        lambda record: True,
        settings=settings(database=None, max_examples=50),
    )
    assert verify(passing, as_of=as_of).decision is Decision.PASS
    number = find(
        numbers("ric", reason="checksum"), lambda n: True, settings=settings(database=None)
    )
    assert _codes("ric", number) == ["ric.checksum"]
    first = find(numbers("uscc"), lambda n: True, settings=settings(database=None))
    assert first == make_valid("uscc", rng=random.Random(0))  # the seed shrinks to 0


# --- assertion helpers and the pytest plugin: no unmasked ID or phone ------------------------


def _leaky_report() -> tuple[Report, str]:
    """A report whose findings quote an ID number and a phone typed into name fields."""
    number = make_ric(rng=random.Random(31))
    record = make_merchant("food_shop", as_of=AS_OF, rng=random.Random(2))
    record["name"] = "示例公司" + number
    record["documents"][0]["holder_name"] = PHONE
    return verify(record, as_of=AS_OF), number


def _assert_masked(text: str, number: str) -> None:
    for secret in (number, number[6:14], PHONE, PHONE[3:7] + PHONE[7:]):
        assert secret not in text, f"{secret!r} appears in {text!r}"
    assert "*" in text


def test_helpers_mask_ids_and_phones_that_findings_quote() -> None:
    report, number = _leaky_report()
    assert "consistency.name_mismatch" in report.codes
    _assert_masked(format_report(report), number)
    for helper in (
        lambda: assert_decision(report, "pass"),
        lambda: assert_finding(report, "license.expired"),
        lambda: assert_finding(report, "consistency.name_mismatch", path="name"),
        lambda: assert_no_finding(report, "consistency.name_mismatch"),
    ):
        with pytest.raises(AssertionError) as caught:
            helper()
        _assert_masked(str(caught.value), number)
        assert "consistency.name_mismatch" in str(caught.value)


def test_a_failed_report_comparison_prints_no_unmasked_id(pytester: pytest.Pytester) -> None:
    number = make_ric(rng=random.Random(31))
    pytester.makepyfile(
        f"""
        import datetime, random
        from qualcheck import verify
        from qualcheck.testing import make_merchant

        def report():
            as_of = datetime.date(2026, 11, 29)
            record = make_merchant("food_shop", as_of=as_of, rng=random.Random(2))
            record["name"] = "示例公司{number}"
            record["documents"][0]["holder_name"] = "{PHONE}"
            return verify(record, as_of=as_of)

        def test_with_a_decision():
            assert report() == "pass"

        def test_two_reports():
            assert report() == report()
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-vv")
    result.assert_outcomes(failed=2)
    output = result.stdout.str()
    assert "never equal to a decision" in output
    assert "two qualcheck reports differ in: audit_id, created_at" in output
    _assert_masked(output, number)


def test_each_test_gets_its_own_policy(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        def test_changes_it(qualcheck_policy):
            with pytest.raises(TypeError):  # a policy is immutable
                qualcheck_policy.decisions["license.expired"] = "pass"

        def test_sees_the_default(qualcheck_policy, qualcheck_verifier):
            assert qualcheck_policy.decisions == {}
            assert qualcheck_verifier.policy.decisions == {}
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


# --- Faker provider, zh_CN ------------------------------------------------------------------


def test_faker_provider_with_zh_cn() -> None:
    faker = pytest.importorskip("faker")
    from qualcheck.testing.faker_provider import QualcheckProvider

    def seeded() -> Any:
        fake = faker.Faker("zh_CN")
        fake.add_provider(QualcheckProvider)
        fake.seed_instance(2026)
        return fake

    first, second = seeded(), seeded()
    for kind in KINDS:
        number = first.qualification_number(kind)
        assert number == second.qualification_number(kind)
        assert _verdict(kind, number) == "valid"
    for kind, reason in _REASONS:
        number = first.invalid_number(kind, reason)
        assert number == second.invalid_number(kind, reason)
        assert f"{kind}.{reason}" in _codes(kind, number)
    assert _retired_before_ids(first.resident_id()[:6])
    assert _retired_before_ids(second.resident_id()[:6])
    record = first.merchant_record("natural_person", as_of=AS_OF)
    assert record == second.merchant_record("natural_person", as_of=AS_OF)
    assert verify(record, as_of=AS_OF).decision is Decision.PASS
    assert re.fullmatch(r"[\u4e00-\u9fff]+", first.name())  # still a zh_CN Faker


def test_faker_provider_with_several_locales() -> None:
    faker = pytest.importorskip("faker")
    from qualcheck.testing.faker_provider import QualcheckProvider

    fake = faker.Faker(["zh_CN", "en_US"])
    for factory in fake.factories:  # as docs/testing.md says
        factory.add_provider(QualcheckProvider)
    fake.seed_instance(1)
    assert _verdict("uscc", fake.uscc()) == "valid"
    assert _verdict("ric", fake["zh_CN"].resident_id()) == "valid"


# --- MockRegistry against the registry contract -------------------------------------------

_OUTCOME_FINDINGS = {
    "found": ("pass", ()),
    "not_found": ("fail", ("registry.not_found",)),
    "revoked": ("fail", ("registry.status_revoked",)),
    "cancelled": ("fail", ("registry.status_cancelled",)),
    "suspended": ("review", ("registry.status_suspended",)),
    "status_unknown": ("review", ("registry.status_unknown",)),
    "former_name": ("review", ("registry.name_former",)),
    "legal_rep_changed": ("review", ("registry.legal_rep_mismatch",)),
    "unavailable": ("review", ("registry.unavailable",)),
    "timeout": ("review", ("registry.unavailable",)),
    "malformed": ("review", ("registry.unavailable",)),
}


def test_the_outcome_table_covers_every_outcome() -> None:
    assert set(_OUTCOME_FINDINGS) | {"auth_failure", "quota_exhausted"} == set(OUTCOMES)


@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize("added", [True, False], ids=["added", "never-added"])
def test_every_outcome_gives_exactly_its_finding(outcome: str, added: bool) -> None:
    for profile in ("food_shop", "pharmacy", "testing_lab", "individual_business"):
        record = make_merchant(profile, as_of=AS_OF, rng=random.Random(3))
        for identifier in (record["uscc"], record["name"]):
            registry = MockRegistry()
            if added:
                registry.add_merchant(record)
            registry.force(identifier, outcome)
            verifier = Verifier(as_of=AS_OF, registry=registry)
            if outcome in ("auth_failure", "quota_exhausted"):
                with pytest.raises(RegistryAbort):
                    verifier.verify(record)
                with pytest.raises(RegistryAbort):
                    asyncio.run(verifier.averify(record))
                continue
            decision, codes = _OUTCOME_FINDINGS[outcome]
            for report in (verifier.verify(record), asyncio.run(verifier.averify(record))):
                assert (report.decision.value, report.codes) == (decision, codes), profile


@pytest.mark.parametrize("outcome", sorted(set(OUTCOMES) - {"found"}))
def test_no_outcome_but_found_passes_even_as_default(outcome: str) -> None:
    record = make_merchant("restaurant", as_of=AS_OF, rng=random.Random(8))
    verifier = Verifier(as_of=AS_OF, registry=MockRegistry(default=outcome))
    if outcome in ("auth_failure", "quota_exhausted"):
        with pytest.raises(RegistryAbort):
            verifier.verify(record)
        return
    assert verifier.verify(record).decision is not Decision.PASS


def test_mock_answers_follow_the_registry_result_shapes() -> None:
    record = make_merchant("pharmacy", as_of=AS_OF, rng=random.Random(4))
    registry = MockRegistry()
    entity = registry.add_merchant(record)
    assert entity.status.value == "active"
    query = RegistryQuery(uscc=record["uscc"].lower(), license_kinds=("drug_business",))
    found = registry.lookup(query)  # identifiers are compared normalised
    assert found.status is LookupStatus.FOUND
    assert found.record is not None
    assert [lic.kind for lic in found.record.licenses] == ["drug_business"]
    assert registry.lookup(RegistryQuery(uscc=make_uscc(rng=random.Random(1)))).status is (
        LookupStatus.NOT_FOUND
    )
    for outcome, status in (
        ("revoked", "revoked"),
        ("cancelled", "cancelled"),
        ("suspended", "suspended"),
        ("status_unknown", "unknown"),
    ):
        registry.force(record["uscc"], outcome)
        answer = registry.lookup(query)
        assert answer.record is not None
        assert answer.record.status.value == status
        assert normalize_status(answer.record.status_raw).value == status
    registry.force(record["uscc"], "timeout")
    failed = registry.lookup(query)
    assert failed.status is LookupStatus.FAILED
    assert failed.reason == "timeout"


# --- defects found outside the toolkit, now fixed ----


def test_device_licence_numbered_after_today_passes_as_of_a_later_date() -> None:
    year = datetime.date.today().year + 2
    as_of = datetime.date(year, 6, 30)
    record = make_merchant("device_seller", as_of=as_of, rng=random.Random(1))
    (device,) = [doc for doc in record["documents"] if doc["kind"] == "device_business"]
    device["number"] = make_device_business(
        year=year, province=record["uscc"][2:4], rng=random.Random(1)
    )
    assert verify(record, as_of=as_of).codes == ()


def test_a_finding_quoting_a_name_masks_an_id_in_it() -> None:
    report, number = _leaky_report()
    text = report.to_json() + repr(report.findings)
    for secret in (number, PHONE):
        assert secret not in text
