"""Validators for every identifier a Chinese merchant file holds, one module per kind.

Every kind module has the same interface:

``compact(number) -> str``
    normalise (full-width → ASCII, spaces/dashes/zero-width dropped, upper-case);
``validate(number) -> str``
    check the official rules and return the canonical form, or raise an
    :class:`~qualcheck.exceptions.InvalidNumber` carrying a stable ``code``, the
    ``position`` and messages in English and Chinese;
``is_valid(number) -> bool``
    ``validate`` as a boolean; never raises, whatever it is given;
``format(number) -> str``
    the printed form;
``parse(number) -> Parts``
    validate and decode the parts into a frozen dataclass;
``check(number) -> CheckResult``
    the three-valued answer (valid / review / invalid) with findings for the soft
    rules too; never raises for bad input;
``calc_check_digit(number) -> str``
    where the kind has a check character.

Only official algorithms make a number invalid.  Empirical and regional rules (region
tables, the empirical check digit of food licences, …) give ``review`` with a finding
that names the rule.

>>> from qualcheck import numbers
>>> numbers.get("uscc").is_valid("91350100M000100Y43")
True
>>> numbers.check("orgcode", "60003734-1").verdict.value
'valid'
>>> numbers.detect("91350100M000100Y43")
('uscc',)
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any, Protocol, cast, runtime_checkable

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.exceptions import UnknownKind
from qualcheck.numbers._base import CheckResult, Parts, Verdict, display_input, mask_middle
from qualcheck.numbers._dates import is_calendar_date

__all__ = [
    "KINDS",
    "CheckResult",
    "NumberModule",
    "Parts",
    "Verdict",
    "check",
    "detect",
    "findings",
    "get",
    "identify",
    "mask_middle",
    "soft_findings",
]

define(
    Code(
        "number.unrecognised",
        Severity.ERROR,
        "Not recognised as any supported kind of number.",
        "无法识别为任何受支持的编号类型。",
    ),
)

KINDS: tuple[str, ...] = (
    "uscc",
    "orgcode",
    "regno",
    "ric",
    "food_business",
    "food_production",
    "food_filing",
    "drug_business",
    "drug_info",
    "device_business",
    "cnca",
    "cma",
)
"""Every number kind, in the order ``detect`` prefers them."""


@runtime_checkable
class NumberModule(Protocol):
    """The common interface every kind module satisfies."""

    KIND: str
    TITLE: str
    compact: Callable[[object], str]
    validate: Callable[..., str]
    is_valid: Callable[..., bool]
    format: Callable[[object], str]
    parse: Callable[..., Any]
    check: Callable[..., CheckResult[Any]]


def get(kind: str) -> NumberModule:
    """The module of ``kind`` (one of :data:`KINDS`).

    >>> get("ric").KIND
    'ric'
    >>> get("passport")
    Traceback (most recent call last):
        ...
    qualcheck.exceptions.UnknownKind: unknown number kind 'passport'; ...
    """
    module = _MODULES.get(kind)
    if module is None:
        if kind not in KINDS:
            raise UnknownKind(f"unknown number kind {kind!r}; choose one of: {', '.join(KINDS)}")
        module = _MODULES[kind] = importlib.import_module(f"qualcheck.numbers.{kind}")
    return cast(NumberModule, module)


_MODULES: dict[str, ModuleType] = {}


def check(kind: str, number: object, *, as_of: datetime.date | None = None) -> CheckResult[Any]:
    """Shortcut for ``get(kind).check(number, as_of=as_of)``."""
    return get(kind).check(number, as_of=as_of)


def findings(
    kind: str, number: object, *, as_of: datetime.date | None = None
) -> tuple[Finding, ...]:
    """The findings ``check`` gives, without decoding the parts where the kind allows it.

    For engines that check many numbers and need only the findings.

    >>> [f.code for f in findings("uscc", "91350211M0000XUF46")]
    ['uscc.pilot_checksum']
    """
    module = get(kind)
    fast = getattr(module, "findings", None)
    if fast is not None:
        return fast(number, as_of=as_of)  # type: ignore[no-any-return]
    return module.check(number, as_of=as_of).findings


def soft_findings(
    kind: str, code: str, *, as_of: datetime.date | None = None
) -> tuple[Finding, ...]:
    """The findings of the soft rules alone, for a number ``validate`` already accepted.

    For engines whose models validated the number on the way in (the typed fields of
    :class:`~qualcheck.Merchant`): the official rules are not run again.  ``code`` must be
    the canonical form ``validate(number, as_of=as_of)`` returned; for anything else use
    :func:`findings`, which gives the same answer for such a code.

    >>> [f.code for f in soft_findings("uscc", "91350211M0000XUF46")]
    ['uscc.pilot_checksum']
    """
    module: Any = get(kind)  # every kind module has ``_soft``: the rules ``findings`` adds
    found: tuple[Finding, ...] = module._soft(code, as_of)
    return found


_VERDICT_ORDER = {Verdict.VALID: 0, Verdict.REVIEW: 1, Verdict.INVALID: 2}


def _rank(result: CheckResult[Any]) -> tuple[int, int]:
    """Sort key: results whose shape matched first, then by verdict."""
    return int(not result.shape_matched), _VERDICT_ORDER[result.verdict]


def _check_all(number: object, as_of: datetime.date | None) -> list[CheckResult[Any]]:
    results = [get(kind).check(number, as_of=as_of) for kind in KINDS]
    results.sort(key=_rank)  # stable: ties keep the order of KINDS
    return results


def detect(number: object, *, as_of: datetime.date | None = None) -> tuple[str, ...]:
    """The kinds ``number`` can be: those whose ``check`` is not invalid, valid ones first.

    Useful for a licence number typed into a free-text field.  An empty tuple means no
    kind accepts it.  Kinds that would accept the value only as a catch-all (an
    unrecognised local filing format) are left out; ``identify`` still falls back to them.

    >>> detect("(京)-经营性-2014-0008")
    ('drug_info',)
    """
    return tuple(
        result.kind
        for result in _check_all(number, as_of)
        if result.verdict is not Verdict.INVALID and result.shape_matched
    )


def identify(number: object, *, as_of: datetime.date | None = None) -> CheckResult[Any]:
    """Check ``number`` as the kind it most likely is (what ``qualcheck id auto`` does).

    Kinds whose shape the value has come first: the first that finds it valid, else the
    first that asks for review, else the first invalid one (so the finding explains what
    is wrong); then kinds that accept it only as a catch-all (an unrecognised local
    format, for review); else a result of kind ``unknown`` with the finding
    ``number.unrecognised``.

    >>> identify("110105194912310021").findings[0].code
    'ric.checksum'
    >>> identify("hello").kind
    'unknown'
    >>> identify("H12345678").findings[0].code  # a travel permit's number, not an ID's
    'ric.other_document'
    """
    results = _check_all(number, as_of)
    best = results[0]
    if best.verdict is not Verdict.INVALID and best.shape_matched:
        return best
    for result in results:  # a passport's or a travel permit's number: say so (masked)
        if (
            result.kind == "ric"
            and result.findings[:1]
            and (result.findings[0].code == "ric.other_document")
        ):
            return result
    if not best.shape_matched:
        return best if best.verdict is not Verdict.INVALID else _unrecognised(number)
    for result in results:
        # An 18-digit string with a real date at positions 7-14 is an ID number with a typo
        # far more often than a USCC with one.
        normalized = result.normalized or ""
        if result.kind == "ric" and result.shape_matched and is_calendar_date(normalized[6:14]):
            return result
    return best


def _unrecognised(number: object) -> CheckResult[Any]:
    return CheckResult(
        "unknown",
        display_input(number),
        Verdict.INVALID,
        None,
        None,
        (Finding.of("number.unrecognised"),),
        shape_matched=False,
    )


def __getattr__(name: str) -> NumberModule:
    """A kind's module as an attribute, imported on first use: ``numbers.uscc`` works
    without ``import qualcheck.numbers.uscc`` first.

    >>> from qualcheck import numbers
    >>> numbers.food_filing.KIND
    'food_filing'
    >>> numbers.passport
    Traceback (most recent call last):
        ...
    AttributeError: module 'qualcheck.numbers' has no attribute 'passport'
    """
    if name in KINDS:
        return get(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(KINDS))
