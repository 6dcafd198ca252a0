"""Test helpers for platform developers: generators of valid and precisely invalid numbers.

Every generator takes an optional ``rng`` (a :class:`random.Random`) so that tests are
reproducible, and never produces a real person's number on purpose: resident IDs are
generated from random sequence digits.

>>> import random
>>> from qualcheck.numbers import uscc
>>> uscc.is_valid(make_valid("uscc", rng=random.Random(1)))
True
>>> bad = make_invalid("uscc", "checksum", rng=random.Random(1))
>>> [f.code for f in uscc.check(bad).findings]
['uscc.checksum']
"""

from __future__ import annotations

from qualcheck.testing._gen_core import make_orgcode, make_regno, make_ric, make_uscc
from qualcheck.testing._numbers import (
    INVALID_REASONS,
    make_invalid,
    make_valid,
)

__all__ = [
    "INVALID_REASONS",
    "make_invalid",
    "make_orgcode",
    "make_regno",
    "make_ric",
    "make_uscc",
    "make_valid",
]
