"""Property tests: generated numbers validate; single errors in USCCs and RICs are caught."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcheck.numbers import KINDS, Verdict, get, ric, uscc
from qualcheck.numbers._checksums import GB32100_ALPHABET
from qualcheck.testing import INVALID_REASONS, make_invalid, make_ric, make_uscc, make_valid

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
seeds = st.integers(min_value=0, max_value=2**32 - 1)


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(seed=seeds)
def test_generated_numbers_are_valid(kind: str, seed: int) -> None:
    number = make_valid(kind, rng=random.Random(seed))
    result = get(kind).check(number)
    assert result.verdict is Verdict.VALID, (number, result.findings)
    assert get(kind).validate(number) == result.normalized


REASONS = [(kind, reason) for kind in KINDS for reason in INVALID_REASONS.get(kind, ())]


@pytest.mark.parametrize(("kind", "reason"), REASONS)
@settings(max_examples=60, deadline=None)
@given(seed=seeds)
def test_invalid_generators_fail_exactly_as_asked(kind: str, reason: str, seed: int) -> None:
    from qualcheck import Severity
    from qualcheck._codes import lookup

    number = make_invalid(kind, reason, rng=random.Random(seed))
    code = f"{kind}.{reason}"
    result = get(kind).check(number)
    codes = [finding.code for finding in result.findings]
    if lookup(code).severity is Severity.ERROR:
        assert result.verdict is Verdict.INVALID, (number, codes)
        assert codes == [code], number
    else:
        assert result.verdict is Verdict.REVIEW, (number, codes)
        assert code in codes, number


@SETTINGS
@given(seed=seeds, data=st.data())
def test_every_single_substitution_in_a_uscc_is_caught(seed: int, data: st.DataObject) -> None:
    number = make_uscc(rng=random.Random(seed))
    index = data.draw(st.integers(0, 17))
    replacement = data.draw(st.sampled_from(GB32100_ALPHABET + "IOSVZ"))
    mutated = number[:index] + replacement + number[index + 1 :]
    if mutated != number:
        assert uscc.check(mutated).verdict is not Verdict.VALID


@SETTINGS
@given(seed=seeds, index=st.integers(0, 16))
def test_every_adjacent_transposition_in_a_uscc_is_caught(seed: int, index: int) -> None:
    number = make_uscc(rng=random.Random(seed))
    swapped = number[:index] + number[index + 1] + number[index] + number[index + 2 :]
    if swapped != number:
        assert uscc.check(swapped).verdict is not Verdict.VALID


@SETTINGS
@given(seed=seeds, data=st.data())
def test_every_single_substitution_in_a_ric_is_caught(seed: int, data: st.DataObject) -> None:
    number = make_ric(rng=random.Random(seed))
    index = data.draw(st.integers(0, 17))
    replacement = data.draw(st.sampled_from("0123456789X"))
    mutated = number[:index] + replacement + number[index + 1 :]
    if mutated != number:
        assert ric.check(mutated).verdict is not Verdict.VALID


@SETTINGS
@given(seed=seeds, index=st.integers(0, 16))
def test_every_adjacent_transposition_in_a_ric_is_caught(seed: int, index: int) -> None:
    number = make_ric(rng=random.Random(seed))
    swapped = number[:index] + number[index + 1] + number[index] + number[index + 2 :]
    if swapped != number:
        assert ric.check(swapped).verdict is not Verdict.VALID


@SETTINGS
@given(text=st.text(max_size=40))
def test_arbitrary_text_never_raises(text: str) -> None:
    for kind in KINDS:
        module = get(kind)
        valid = module.is_valid(text)
        result = module.check(text)
        assert valid == result.is_valid


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=100, deadline=None)
@given(seed=seeds, data=st.data())
def test_findings_without_parts_equal_the_findings_of_check(
    kind: str, seed: int, data: st.DataObject
) -> None:
    from qualcheck import numbers

    reasons = INVALID_REASONS.get(kind, ())
    reason = data.draw(st.sampled_from(("valid", *reasons)))
    rng = random.Random(seed)
    number = make_valid(kind, rng=rng) if reason == "valid" else make_invalid(kind, reason, rng=rng)
    assert numbers.findings(kind, number) == get(kind).check(number).findings
