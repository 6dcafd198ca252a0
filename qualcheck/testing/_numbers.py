"""Dispatch over the per-kind generators: ``make_valid(kind)`` and ``make_invalid(kind, reason)``.

Generator modules (``_gen_*.py``) each declare ``VALID`` (kind → maker of valid numbers,
taking keyword arguments and ``rng``) and ``INVALID`` (kind → reason → maker).  A reason
is the part of a finding code after the kind: ``make_invalid("uscc", "checksum")``
returns a number whose ``check`` reports ``uscc.checksum``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from qualcheck.exceptions import ConfigError
from qualcheck.numbers import get
from qualcheck.testing import _gen_core, _gen_drug, _gen_food

__all__ = ["INVALID_REASONS", "VALID_MAKERS", "make_invalid", "make_valid"]

_MODULES = (_gen_core, _gen_food, _gen_drug)

VALID_MAKERS: Mapping[str, Callable[..., str]] = {
    kind: maker for module in _MODULES for kind, maker in module.VALID.items()
}
"""Kind → function making a valid number of that kind."""

_INVALID: dict[str, Mapping[str, Callable[[random.Random], str]]] = {
    kind: reasons for module in _MODULES for kind, reasons in module.INVALID.items()
}

INVALID_REASONS: Mapping[str, tuple[str, ...]] = {
    kind: tuple(sorted(reasons)) for kind, reasons in _INVALID.items()
}
"""Kind → the reasons ``make_invalid`` can produce (finding-code suffixes)."""


def make_valid(kind: str, *, rng: random.Random | None = None, **options: Any) -> str:
    """A number of ``kind`` that ``check`` finds valid; ``options`` go to the kind's maker."""
    get(kind)  # raises UnknownKind with the list of kinds
    return VALID_MAKERS[kind](rng=rng, **options)


def make_invalid(kind: str, reason: str, *, rng: random.Random | None = None) -> str:
    """A number of ``kind`` whose ``check`` reports the finding ``f"{kind}.{reason}"``."""
    get(kind)
    reasons = _INVALID[kind]
    if reason not in reasons:
        raise ConfigError(
            f"no generator for {kind}.{reason}; reasons for {kind}: {', '.join(sorted(reasons))}"
        )
    return reasons[reason](rng or random.Random())
