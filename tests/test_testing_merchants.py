"""Merchant factories and hypothesis strategies of ``qualcheck.testing``."""

from __future__ import annotations

import datetime
import random
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcheck import Decision, verify
from qualcheck._codes import Severity
from qualcheck.exceptions import ConfigError
from qualcheck.models import Merchant
from qualcheck.numbers import get
from qualcheck.testing import INVALID_REASONS, PROFILES, VALID_MAKERS, make_merchant
from qualcheck.testing.merchants import _PROFILES, DOCUMENTS
from qualcheck.testing.strategies import merchants, numbers

AS_OF = datetime.date(2026, 11, 29)
SEEDS = range(8)


def _verify(profile: str, seed: int = 0, **knobs: Any) -> Any:
    record = make_merchant(profile, as_of=AS_OF, rng=random.Random(seed), **knobs)
    return verify(record, as_of=AS_OF)


def _knob_cases() -> list[tuple[str, dict[str, Any], str, str]]:
    """(profile, knobs, the one finding code, decision) for every knob on every profile."""
    cases: list[tuple[str, dict[str, Any], str, str]] = []
    for profile in PROFILES:
        spec = _PROFILES[profile]
        for key in spec.expiring:
            cases.append((profile, {"expired": [key]}, "license.expired", "fail"))
            cases.append((profile, {"expiring": [key]}, "license.expiring_soon", "review"))
        for key in spec.documents:
            if key == "business_license":
                code, decision = "document.business_license_missing", "review"
            elif key == "identity":
                code, decision = "merchant.identity_missing", "fail"
            else:
                code, decision = "category.license_missing", "fail"
            cases.append((profile, {"missing": [key]}, code, decision))
        cases.append((profile, {"name_mismatch": True}, "consistency.name_mismatch", "fail"))
        if profile != "natural_person":
            cases.append((profile, {"uscc_mismatch": True}, "consistency.uscc_mismatch", "fail"))
        cases.append((profile, {"banned": ["vaccines"]}, "category.banned", "fail"))
        cases.append((profile, {"banned": ["stupefying_drugs"]}, "category.banned", "fail"))
        cases.append((profile, {"banned": ["fireworks"]}, "category.special_permit", "review"))
        cases.append(
            (profile, {"last_verified_months_ago": 7}, "merchant.reverification_due", "review")
        )
    cases.append(
        ("natural_person", {"turnover_yuan": 100_001}, "merchant.exemption_exceeded", "fail")
    )
    return cases


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("seed", SEEDS)
def test_every_profile_passes(profile: str, seed: int) -> None:
    record = make_merchant(profile, as_of=AS_OF, rng=random.Random(seed))
    Merchant.model_validate(record)  # valid against the models
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes
    assert not [f for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)]


@pytest.mark.parametrize(
    ("profile", "knobs", "code", "decision"),
    _knob_cases(),
    ids=lambda value: value if isinstance(value, str) else repr(value),
)
def test_knob_gives_exactly_its_finding(
    profile: str, knobs: dict[str, Any], code: str, decision: str
) -> None:
    for seed in SEEDS[:3]:
        report = _verify(profile, seed, **knobs)
        assert set(report.codes) == {code}
        assert report.decision.value == decision


@pytest.mark.parametrize("profile", PROFILES)
def test_knobs_that_keep_passing(profile: str) -> None:
    assert _verify(profile, last_verified_months_ago=6).decision is Decision.PASS
    assert _verify(profile, last_verified_months_ago=0).decision is Decision.PASS
    assert _verify(profile, turnover_yuan=100_000).decision is Decision.PASS


def test_knobs_combine() -> None:
    report = _verify(
        "pharmacy",
        expired=["drug_business"],
        expiring=["drug_info"],
        name_mismatch=True,
        banned=["fireworks"],
    )
    assert set(report.codes) == {
        "license.expired",
        "license.expiring_soon",
        "consistency.name_mismatch",
        "category.special_permit",
    }
    assert report.decision is Decision.FAIL


def test_records_are_reproducible_and_consistent() -> None:
    first = make_merchant("food_shop", as_of=AS_OF, rng=random.Random(5))
    assert first == make_merchant("food_shop", as_of=AS_OF, rng=random.Random(5))
    region = first["uscc"][2:8]
    licence = first["documents"][1]
    assert licence["number"][3:9] == region
    assert licence["holder_uscc"] == first["uscc"]
    assert "示例" in first["name"]
    assert first["contact_phone"].replace(" ", "").replace("-", "").endswith("13800138000")


def test_default_as_of_is_today() -> None:
    record = make_merchant("restaurant", rng=random.Random(2))
    assert verify(record).decision is Decision.PASS


@pytest.mark.parametrize(
    ("args", "knobs", "message"),
    [
        (("shop",), {}, "profiles: food_shop"),
        (("food_shop",), {"expired": ["drug_business"]}, "choices: business_license"),
        (("food_shop",), {"expired": "food_business"}, "list"),
        (("individual_business",), {"expiring": ["food_filing"]}, "choices: business_license"),
        (("restaurant",), {"missing": ["cma"]}, "choices: business_license, food_business"),
        (("restaurant",), {"banned": ["catering"]}, "choices: "),
        (("natural_person",), {"uscc_mismatch": True}, "no USCC"),
        (("food_shop",), {"expired": ["food_business"], "missing": ["food_business"]}, "more"),
        (("food_shop",), {"last_verified_months_ago": -1}, "int >= 0"),
        (("food_shop",), {"turnover_yuan": 1.5}, "int >= 0"),
        (("natural_person",), {"missing": ["identity"], "name_mismatch": True}, "not missing"),
    ],
)
def test_unknown_profile_or_knob_value(
    args: tuple[str], knobs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        make_merchant(*args, as_of=AS_OF, rng=random.Random(0), **knobs)


def test_documents_table() -> None:
    assert set(DOCUMENTS) == set(PROFILES)
    assert DOCUMENTS["pharmacy"] == ("business_license", "drug_business", "drug_info")


def test_strategies_are_not_imported_by_the_package() -> None:
    code = "import sys, qualcheck.testing; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- hypothesis strategies -------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(merchants(as_of=AS_OF))
def test_any_merchant_verifies(record: dict[str, Any]) -> None:
    report = verify(record, as_of=AS_OF)
    assert report.decision in (Decision.PASS, Decision.REVIEW, Decision.FAIL)


@settings(max_examples=40, deadline=None)
@given(merchants(failing=True, as_of=AS_OF))
def test_failing_merchants_fail(record: dict[str, Any]) -> None:
    assert verify(record, as_of=AS_OF).decision is Decision.FAIL


@settings(max_examples=25, deadline=None)
@given(merchants(failing=False, as_of=AS_OF))
def test_passing_merchants_pass(record: dict[str, Any]) -> None:
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_merchants_of_one_profile(data: st.DataObject) -> None:
    profile = data.draw(st.sampled_from(PROFILES))
    record = data.draw(merchants(profile, failing=True, as_of=AS_OF))
    assert record["merchant_id"].startswith(f"test-{profile}-")
    assert verify(record, as_of=AS_OF).decision is Decision.FAIL


def test_merchants_unknown_profile() -> None:
    with pytest.raises(ConfigError, match="profiles: "):
        merchants("shop")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_valid_numbers(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(sorted(VALID_MAKERS)))
    number = data.draw(numbers(kind))
    assert get(kind).check(number).verdict.value == "valid", (kind, number)


_REASONS = [(kind, reason) for kind, reasons in INVALID_REASONS.items() for reason in reasons]


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_invalid_numbers(data: st.DataObject) -> None:
    kind, reason = data.draw(st.sampled_from(_REASONS))
    number = data.draw(numbers(kind, reason=reason))
    codes = [finding.code for finding in get(kind).check(number).findings]
    assert f"{kind}.{reason}" in codes, (kind, reason, number, codes)


def test_numbers_unknown_reason() -> None:
    with pytest.raises(ConfigError, match="reasons for uscc: "):
        numbers("uscc", reason="nonsense")
