"""Test helpers for platform developers: generators of valid and precisely invalid numbers.

Every generator takes an optional ``rng`` (a :class:`random.Random`) so that tests are
reproducible (without one, each call draws from a fresh generator).  Resident IDs belong
to nobody: by default their county code was retired before the first resident ID numbers
were assigned (see :func:`make_ric`).

>>> import random
>>> from qualcheck.numbers import uscc
>>> uscc.is_valid(make_valid("uscc", rng=random.Random(1)))
True
>>> bad = make_invalid("uscc", "checksum", rng=random.Random(1))
>>> [f.code for f in uscc.check(bad).findings]
['uscc.checksum']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck._lazy import lazy_getattr as _lazy_getattr
from qualcheck.testing._gen_core import make_orgcode, make_regno, make_ric, make_uscc
from qualcheck.testing._gen_drug import (
    make_cma,
    make_cnca,
    make_device_business,
    make_drug_business,
    make_drug_info,
)
from qualcheck.testing._gen_food import make_food_business, make_food_filing, make_food_production
from qualcheck.testing._numbers import INVALID_REASONS, VALID_MAKERS, make_invalid, make_valid
from qualcheck.testing.assertions import assert_decision, assert_finding, assert_no_finding
from qualcheck.testing.merchants import PROFILES, make_merchant

if TYPE_CHECKING:
    from qualcheck.testing._http_types import Incoming, Reply
    from qualcheck.testing.mock_registry import OUTCOMES, MockRegistry
    from qualcheck.testing.registry_server import RegistryServer

__all__ = [
    "INVALID_REASONS",
    "OUTCOMES",
    "PROFILES",
    "VALID_MAKERS",
    "Incoming",
    "MockRegistry",
    "RegistryServer",
    "Reply",
    "assert_decision",
    "assert_finding",
    "assert_no_finding",
    "make_cma",
    "make_cnca",
    "make_device_business",
    "make_drug_business",
    "make_drug_info",
    "make_food_business",
    "make_food_filing",
    "make_food_production",
    "make_invalid",
    "make_merchant",
    "make_orgcode",
    "make_regno",
    "make_ric",
    "make_uscc",
    "make_valid",
]

_LAZY = {
    "Incoming": "qualcheck.testing._http_types",
    "MockRegistry": "qualcheck.testing.mock_registry",
    "OUTCOMES": "qualcheck.testing.mock_registry",
    "RegistryServer": "qualcheck.testing.registry_server",
    "Reply": "qualcheck.testing._http_types",
}


__getattr__ = _lazy_getattr(__name__, _LAZY, globals())
