"""hypothesis strategies for numbers of every kind and for merchant records.

Import this module only in tests: it needs hypothesis (a test dependency of qualcheck,
not a runtime one), so ``qualcheck.testing`` does not import it.

* :func:`numbers` — valid numbers of a kind, or numbers that fail with the finding
  ``f"{kind}.{reason}"`` (built with :func:`~qualcheck.testing.make_invalid`);
* :func:`merchants` — raw merchant records built with
  :func:`~qualcheck.testing.make_merchant`, with random profiles and knobs: any record,
  only passing ones (``failing=False``) or only failing ones (``failing=True``).

Both draw a seed for a :class:`random.Random`, so hypothesis shrinks and replays them.

>>> import datetime
>>> from hypothesis import given, settings
>>> from qualcheck import verify
>>> from qualcheck.numbers import uscc
>>> as_of = datetime.date(2026, 11, 29)
>>> @settings(max_examples=5, database=None)
... @given(numbers("uscc"), merchants("food_shop", failing=True, as_of=as_of))
... def test(number, record):
...     assert uscc.is_valid(number)
...     assert verify(record, as_of=as_of).decision.value != "pass"
>>> test()
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from qualcheck._lazy import missing_extra

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:  # say which extra brings it, not just its name
    raise missing_extra(exc, __name__, "test") from exc

from qualcheck.exceptions import ConfigError
from qualcheck.numbers import get
from qualcheck.testing._numbers import INVALID_REASONS, make_invalid, make_valid
from qualcheck.testing.merchants import (
    _PROFILES,
    _TURNOVER_LIMIT,
    PROFILES,
    _category_kinds,
    make_merchant,
)

__all__ = ["merchants", "numbers"]

_SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def numbers(kind: str, *, reason: str | None = None) -> st.SearchStrategy[str]:
    """Numbers of ``kind``: valid ones, or (with ``reason``) ones whose ``check`` reports
    the finding ``f"{kind}.{reason}"`` (see :data:`~qualcheck.testing.INVALID_REASONS`).

    An unknown kind or reason raises at once, not when the strategy is drawn from.
    """
    get(kind)  # UnknownKind, with the list of kinds
    if reason is None:
        return _SEEDS.map(lambda seed: make_valid(kind, rng=random.Random(seed)))
    reasons = INVALID_REASONS.get(kind, ())
    if reason not in reasons:
        raise ConfigError(
            f"no generator for {kind}.{reason}; reasons for {kind}: {', '.join(reasons)}"
        )
    return _SEEDS.map(lambda seed: make_invalid(kind, reason, rng=random.Random(seed)))


def _fails(profile: str, knobs: dict[str, Any]) -> bool:
    """Whether ``verify`` fails a record made with ``knobs`` (see make_merchant's table)."""
    banned_ids, _ = _category_kinds()
    return bool(
        knobs["expired"]
        or any(key != "business_license" for key in knobs["missing"])
        or knobs["name_mismatch"]
        or knobs["uscc_mismatch"]
        or set(knobs["banned"]) & banned_ids
        or (
            profile == "natural_person"
            and knobs["turnover_yuan"] is not None
            and knobs["turnover_yuan"] > _TURNOVER_LIMIT
        )
    )


@st.composite
def _merchant(
    draw: st.DrawFn, profile: str | None, failing: bool | None, as_of: datetime.date | None
) -> dict[str, Any]:
    name = profile if profile is not None else draw(st.sampled_from(PROFILES))
    spec = _PROFILES[name]
    natural = name == "natural_person"
    seed = draw(_SEEDS)
    if failing is False:
        passing: dict[str, Any] = {
            "last_verified_months_ago": draw(st.none() | st.integers(0, 6)),
            "turnover_yuan": draw(
                st.none() | st.integers(0, _TURNOVER_LIMIT if natural else 10**8)
            ),
        }
        return make_merchant(name, as_of=as_of, rng=random.Random(seed), **passing)

    knobs: dict[str, Any] = {"expired": [], "expiring": [], "missing": []}
    for key in spec.documents:
        states = ["ok", "ok", "missing"]
        if key in spec.expiring:
            states += ["expired", "expiring"]
        state = draw(st.sampled_from(states))
        if state != "ok":
            knobs[state].append(key)
    some_document = len(knobs["missing"]) < len(spec.documents)
    knobs["name_mismatch"] = some_document and draw(st.booleans())
    knobs["uscc_mismatch"] = some_document and not natural and draw(st.booleans())
    banned_ids, permit_ids = _category_kinds()
    categories = sorted(banned_ids | permit_ids)
    knobs["banned"] = draw(st.lists(st.sampled_from(categories), max_size=2, unique=True))
    knobs["last_verified_months_ago"] = draw(st.none() | st.integers(0, 24))
    knobs["turnover_yuan"] = draw(st.none() | st.integers(0, 300_000))
    if failing and not _fails(name, knobs):
        options = ["banned"] + (["name_mismatch"] if some_document else [])
        options += ["turnover_yuan"] if natural else ["uscc_mismatch"] if some_document else []
        forced = draw(st.sampled_from(options))
        if forced == "banned":
            knobs["banned"].append(draw(st.sampled_from(sorted(banned_ids))))
        elif forced == "turnover_yuan":
            knobs["turnover_yuan"] = draw(st.integers(_TURNOVER_LIMIT + 1, 10**7))
        else:
            knobs[forced] = True
    return make_merchant(name, as_of=as_of, rng=random.Random(seed), **knobs)


def merchants(
    profile: str | None = None,
    *,
    failing: bool | None = None,
    as_of: datetime.date | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Raw merchant records from :func:`~qualcheck.testing.make_merchant`.

    ``profile`` is one of :data:`~qualcheck.testing.PROFILES` (random by default).
    ``failing=None`` draws any knobs (decisions pass, review or fail); ``failing=True``
    only records ``verify`` fails; ``failing=False`` only records it passes.  Dates are
    relative to ``as_of`` (default today in China): verify with the same ``as_of``.
    """
    if profile is not None and profile not in _PROFILES:
        raise ConfigError(f"unknown profile {profile!r}; profiles: {', '.join(PROFILES)}")
    return _merchant(profile, failing, as_of)
