"""python-stdnum as a test-only oracle on generated USCCs and RICs.

qualcheck and python-stdnum must agree on every input except where qualcheck differs on
purpose.  The documented differences, each checked by a classifier below:

USCC
  D1  letters at positions 1-2 (authorities A, N, Y; G… seen in the wild): stdnum requires
      digits, qualcheck accepts (unknown codes only ask for review).
  D2  the inner GB 11714 check character (position 17): stdnum does not check it.
  D3  positions 3-4 must be a province code (or 10 for 100000): stdnum does not check it.
  D4  Fujian pilot-era codes (region 35, organisation code M000…, inner check right,
      position 18 "wrong"): stdnum rejects them, qualcheck accepts them for review.
RIC
  D5  stdnum requires the county code to exist in its table *in the birth year*;
      qualcheck checks the region separately, as a soft finding, against every code
      ever valid (codes reflect registration, not birth).
  D6  birth dates after today: stdnum accepts them, qualcheck rejects them.
  D7  positions 1-2 must be a province code (qualcheck, official); stdnum only looks the
      county up (so it agrees, except where D5 already explains the difference).
  D8  residence permits (810000/820000/830000), the 2023 permanent-residence ID starting
      with 9 and legacy 15-digit numbers: stdnum rejects them, qualcheck accepts them.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from qualcheck.numbers import ric, uscc
from qualcheck.numbers._checksums import (
    GB32100_ALPHABET,
    gb11714_check,
    gb32100_check,
    mod11_2_check,
)
from qualcheck.numbers._dates import today_compact
from qualcheck.numbers._provinces import PROVINCES
from qualcheck.testing import make_ric, make_uscc

N = 100_000
RNG_SEED = 20261129


DIGITS = "0123456789"


def _mutate(
    number: str,
    rng: random.Random,
    alphabet: str,
    random_body: Callable[[], str],
    check: Callable[[str], str],
) -> str:
    """One substitution, one adjacent transposition, or a random string (half of those
    with the right check character, so that the other rules are exercised)."""
    choice = rng.random()
    index = rng.randrange(len(number))
    if choice < 0.5:
        return number[:index] + rng.choice(alphabet) + number[index + 1 :]
    if choice < 0.7 and index < len(number) - 1:
        return number[:index] + number[index + 1] + number[index] + number[index + 2 :]
    body = random_body()
    return body + (rng.choice(alphabet) if choice < 0.85 else check(body))


def _uscc_difference(number: str) -> str | None:
    """Which documented difference explains a disagreement on ``number`` (None: none)."""
    code = uscc.compact(number)
    if not code[:2].isdigit():
        return "D1"
    if code[2:4] not in PROVINCES and code[2:4] != "10":
        return "D3"
    if code[2:4] == "35" and code[8:12] == "M000" and gb11714_check(code[8:16]) == code[16]:
        return "D4"
    if gb11714_check(code[8:16]) != code[16]:
        return "D2"
    return None


def _stdnum_birthplace_fails(number: str) -> bool:
    try:
        stdnum_ric.get_birth_place(number)
    except Exception:  # stdnum raises InvalidComponent, and KeyError on some codes
        return True
    return False


def _ric_difference(number: str) -> str | None:
    code = ric.compact(number)
    if len(code) == 15 or code[:2] in ("81", "82", "83") or code[:1] == "9":
        return "D8"
    if len(code) == 18 and code[:2] not in PROVINCES:
        return "D7"
    if len(code) == 18 and code[6:14] > today_compact():
        return "D6"
    if _stdnum_birthplace_fails(code):
        return "D5"
    return None


def _stdnum_ric_is_valid(number: str) -> bool:
    try:
        return bool(stdnum_ric.is_valid(number))
    except Exception:  # stdnum's ric.is_valid can raise KeyError (a known stdnum bug)
        return False


def _compare(
    inputs: list[str],
    ours: Callable[[str], bool],
    theirs: Callable[[str], bool],
    explain: Callable[[str], str | None],
) -> Counter[str]:
    differences: Counter[str] = Counter()
    unexplained = []
    for number in inputs:
        if ours(number) == theirs(number):
            continue
        reason = explain(number)
        if reason is None:
            unexplained.append(number)
        else:
            differences[reason] += 1
    assert unexplained == [], unexplained[:20]
    return differences


def test_generated_usccs_agree() -> None:
    rng = random.Random(RNG_SEED)
    authorities = "123456789"
    inputs = [make_uscc(authority=rng.choice(authorities), rng=rng) for _ in range(N)]
    differences = _compare(inputs, uscc.is_valid, stdnum_uscc.is_valid, _uscc_difference)
    assert differences == Counter()  # numeric authorities: full agreement


def test_mutated_usccs_agree_except_documented_differences() -> None:
    rng = random.Random(RNG_SEED + 1)

    def body() -> str:  # digits where stdnum wants them, so that it gets to the check
        return "".join(rng.choice(DIGITS) for _ in range(8)) + "".join(
            rng.choice(GB32100_ALPHABET) for _ in range(9)
        )

    inputs = [
        _mutate(make_uscc(rng=rng), rng, GB32100_ALPHABET, body, gb32100_check) for _ in range(N)
    ]
    differences = _compare(inputs, uscc.is_valid, stdnum_uscc.is_valid, _uscc_difference)
    assert set(differences) <= {"D1", "D2", "D3", "D4"}
    assert differences["D2"] > 1000  # the inner check catches what stdnum lets through
    assert differences["D3"] > 100


def test_letter_authorities_are_a_documented_difference() -> None:
    number = make_uscc(authority="N", rng=random.Random(1))
    assert uscc.is_valid(number)
    assert not stdnum_uscc.is_valid(number)
    assert _uscc_difference(number) == "D1"


def test_generated_rics_agree_except_documented_differences() -> None:
    rng = random.Random(RNG_SEED + 2)
    inputs = [make_ric(rng=rng) for _ in range(N)]
    differences = _compare(inputs, ric.is_valid, _stdnum_ric_is_valid, _ric_difference)
    assert set(differences) <= {"D5"}


def test_mutated_rics_agree_except_documented_differences() -> None:
    rng = random.Random(RNG_SEED + 3)

    def body() -> str:
        return "".join(rng.choice(DIGITS) for _ in range(17))

    inputs = [_mutate(make_ric(rng=rng), rng, DIGITS + "X", body, mod11_2_check) for _ in range(N)]
    differences = _compare(inputs, ric.is_valid, _stdnum_ric_is_valid, _ric_difference)
    assert set(differences) <= {"D5", "D6", "D7", "D8"}


def test_the_1880_example_is_a_documented_difference() -> None:
    assert ric.is_valid("440524188001010014")
    assert not _stdnum_ric_is_valid("440524188001010014")
    assert _ric_difference("440524188001010014") == "D5"
