"""The common result types of ``qualcheck.numbers`` and helpers that build module functions.

Every kind module exposes ``compact``, ``validate``, ``is_valid``, ``format``, ``parse``
and ``check``; :func:`make_is_valid` and :func:`make_check` build the last two from the
module's own rules so that the contracts (``is_valid`` never raises, ``check`` never
raises for bad input) hold for every kind in the same way.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from qualcheck._codes import Finding, Severity
from qualcheck.exceptions import InvalidFormat, InvalidNumber
from qualcheck.numbers._dates import is_calendar_date

__all__ = [
    "Analyse",
    "Analysis",
    "Check",
    "CheckResult",
    "Findings",
    "IsValid",
    "Parts",
    "Soft",
    "Validate",
    "Verdict",
    "display_input",
    "looks_like_resident_id",
    "make_check",
    "make_findings",
    "make_is_valid",
    "mask_middle",
    "mask_personal",
]


class Verdict(str, enum.Enum):
    """The three-valued answer of ``check``.

    ``valid``: every official and soft rule holds. ``review``: no official rule is broken
    but a soft (empirical or regional) rule failed, or the number is of a legacy form —
    a person or a registry should confirm it. ``invalid``: an official rule is broken.
    """

    VALID = "valid"
    REVIEW = "review"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class Parts:
    """Base of the decoded parts of a number (one frozen dataclass per kind).

    ``PERSONAL_FIELDS`` names fields that are personal data; :meth:`to_dict` leaves them
    out unless ``reveal=True``.
    """

    PERSONAL_FIELDS: ClassVar[frozenset[str]] = frozenset()

    def to_dict(self, *, reveal: bool = True) -> dict[str, Any]:
        """The parts as a JSON-ready dict (dates as ISO strings, enums as values)."""
        out: dict[str, Any] = {}
        for item in dataclasses.fields(self):
            if not reveal and item.name in self.PERSONAL_FIELDS:
                continue
            value = getattr(self, item.name)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, enum.Enum):
                value = value.value
            out[item.name] = value
        return out


P = TypeVar("P", bound=Parts)


def mask_middle(value: str, keep_start: int = 6, keep_end: int = 4) -> str:
    """Replace the middle of ``value`` with ``*``, keeping its length.

    >>> mask_middle("11010519491231002X")
    '110105********002X'
    >>> mask_middle("abc")
    '***'
    """
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


@dataclass(frozen=True, slots=True)
class CheckResult(Generic[P]):
    """What ``check`` found out about one value.

    ``normalized`` is the canonical form when the verdict is valid or review, and the
    normalised input (best effort, possibly ``None``) when it is invalid.  ``personal``
    marks kinds whose numbers are personal data: :meth:`to_dict` masks them unless
    ``reveal=True``.
    """

    kind: str
    input: str
    verdict: Verdict
    normalized: str | None
    parts: P | None
    findings: tuple[Finding, ...]
    personal: bool = False
    shape_matched: bool = True

    @property
    def is_valid(self) -> bool:
        """True for the verdicts valid and review (no official rule broken)."""
        return self.verdict is not Verdict.INVALID

    @property
    def holds_personal_data(self) -> bool:
        """True for personal kinds, and for any value that is not valid for its kind but
        has the shape of a resident-ID number (an ID typed into the wrong field)."""
        if self.personal:
            return True
        return self.verdict is not Verdict.VALID and looks_like_resident_id(
            self.normalized or self.input
        )

    def __repr__(self) -> str:
        """The fields as the dataclass shows them, but masked as :meth:`to_dict` masks
        them: a result printed to a log shows no resident-ID number, birth date or sex.
        (The attributes themselves are unmasked.)"""
        values: dict[str, Any] = {item.name: getattr(self, item.name) for item in _FIELDS}
        if self.holds_personal_data:
            values["input"] = mask_personal(self.input)
            if self.normalized:
                values["normalized"] = mask_personal(self.normalized)
            values["parts"] = _MaskedParts(self.parts) if self.personal and self.parts else None
        shown = ", ".join(f"{name}={value!r}" for name, value in values.items())
        return f"{type(self).__name__}({shown})"

    def to_dict(self, *, reveal: bool = False) -> dict[str, Any]:
        """A JSON-ready dict; personal numbers and parts are masked unless ``reveal``.

        A value that looks like a resident-ID number is masked whatever its kind (and the
        parts of such a value are left out when the kind is not a personal one).
        """
        hide = not reveal and self.holds_personal_data
        parts: dict[str, Any] | None = None
        if self.parts is not None and (self.personal or not hide):
            parts = self.parts.to_dict(reveal=not hide)
        return {
            "input": mask_personal(self.input) if hide else self.input,
            "kind": self.kind,
            "verdict": self.verdict.value,
            "normalized": (
                mask_personal(self.normalized) if hide and self.normalized else self.normalized
            ),
            "parts": parts,
            "findings": [finding.to_dict() for finding in self.findings],
        }


_FIELDS = dataclasses.fields(CheckResult)


@dataclass(frozen=True, slots=True)
class _MaskedParts:
    """The parts of a personal number as ``repr`` shows them: the personal fields left out."""

    parts: Parts

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.parts.to_dict(reveal=False).items())
        return f"{type(self.parts).__name__}({shown})"


def mask_personal(text: str) -> str:
    """``text`` masked as an identity number is (:func:`qualcheck.numbers.ric.mask`: a
    15-digit number keeps only its last 3, which hold no birth-date digit)."""
    from qualcheck.numbers import ric  # ric builds on this module

    try:
        return ric.mask(text)
    except ValueError:  # not even cleanable (too long …): hide all but the ends
        return mask_middle(text, 1, 2)


_RESIDENT_ID_SHAPE = re.compile(r"[1-9][0-9]{5}(?:18|19|20)[0-9]{9}[0-9X]|[1-9][0-9]{14}")


def looks_like_resident_id(text: str) -> bool:
    """True if ``text`` has the shape of a resident-ID number (18 or 15 digits with a
    plausible birth date), whatever its check character: used to mask by default.

    >>> looks_like_resident_id("11010519491231002X"), looks_like_resident_id("91350100M000100Y43")
    (True, False)
    """
    compacted = text.replace(" ", "").replace("-", "").upper()
    if _RESIDENT_ID_SHAPE.fullmatch(compacted) is None:
        return False
    birth = compacted[6:14] if len(compacted) == 18 else "19" + compacted[6:12]
    return is_calendar_date(birth)


def verdict_of(findings: Iterable[Finding]) -> Verdict:
    """``invalid`` if any finding is an error, ``review`` if any is a warning, else valid."""
    worst = max((finding.severity.rank for finding in findings), default=0)
    if worst >= Severity.ERROR.rank:
        return Verdict.INVALID
    if worst >= Severity.WARNING.rank:
        return Verdict.REVIEW
    return Verdict.VALID


@dataclass(frozen=True, slots=True)
class Analysis(Generic[P]):
    """What a module's rules make of a value that broke no official rule.

    ``shape_matched`` is False when the value is accepted only as a catch-all (for
    example an unrecognised local filing number): ``detect`` and ``identify`` then prefer
    kinds whose shape the value really has.
    """

    canonical: str
    parts: P
    findings: tuple[Finding, ...] = ()
    shape_matched: bool = True


def display_input(value: object) -> str:
    """The raw input as text for display (``repr`` for what is not text)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return repr(value)


class Analyse(Protocol[P]):
    """A module's full rule set: raises on official rules, returns soft findings."""

    def __call__(self, number: object, *, as_of: datetime.date | None = None) -> Analysis[P]:
        """Analyse ``number`` as of ``as_of`` (default: today in China)."""


class Validate(Protocol):
    """A module's ``validate``."""

    def __call__(self, number: object, *, as_of: datetime.date | None = None) -> str:
        """Validate ``number`` as of ``as_of`` (default: today in China)."""


class Check(Protocol[P]):
    """A module's ``check``."""

    def __call__(self, number: object, *, as_of: datetime.date | None = None) -> CheckResult[P]:
        """Check ``number`` as of ``as_of`` (default: today in China)."""


class IsValid(Protocol):
    """A module's ``is_valid``."""

    def __call__(self, number: object, *, as_of: datetime.date | None = None) -> bool:
        """Whether ``number`` breaks no official rule as of ``as_of``."""


def make_check(
    kind: str,
    analyse: Analyse[P],
    compact: Callable[[object], str],
    *,
    personal: bool = False,
) -> Check[P]:
    """Build a kind's ``check`` from its ``analyse`` (which raises on official rules)."""

    def check(number: object, *, as_of: datetime.date | None = None) -> CheckResult[P]:
        try:
            analysis = analyse(number, as_of=as_of)
        except InvalidNumber as exc:
            try:
                normalized: str | None = compact(number)
            except InvalidNumber:
                normalized = None
            return CheckResult(
                kind,
                display_input(number),
                Verdict.INVALID,
                normalized,
                None,
                (exc.to_finding(),),
                personal,
                not isinstance(exc, InvalidFormat),
            )
        return CheckResult(
            kind,
            display_input(number),
            verdict_of(analysis.findings),
            analysis.canonical,
            analysis.parts,
            analysis.findings,
            personal,
            analysis.shape_matched,
        )

    check.__doc__ = (
        f"Check a {kind} number: official rules, soft rules and decoded parts.\n\n"
        "Never raises for bad input: an invalid value gives a result whose verdict is\n"
        "``invalid`` with the finding that explains it."
    )
    return check


class Soft(Protocol):
    """A module's soft rules on a number that passed ``validate`` (its canonical form)."""

    def __call__(self, code: str, as_of: datetime.date | None) -> tuple[Finding, ...]:
        """The findings of the soft rules (and of the facts worth knowing)."""


class Findings(Protocol):
    """A module's ``findings``."""

    def __call__(
        self, number: object, *, as_of: datetime.date | None = None
    ) -> tuple[Finding, ...]:
        """The findings ``check`` would give, without decoding the parts."""


def make_findings(validate: Validate, soft: Soft) -> Findings:
    """Build a kind's ``findings``: what ``check`` finds, without decoding the parts.

    For engines that need only the findings of many numbers; never raises for bad input
    (an invalid number gives the one error finding, as in ``check``).
    """

    def findings(number: object, *, as_of: datetime.date | None = None) -> tuple[Finding, ...]:
        try:
            code = validate(number, as_of=as_of)
        except InvalidNumber as exc:
            return (exc.to_finding(),)
        return soft(code, as_of)

    findings.__doc__ = (
        "The findings ``check`` gives, without decoding the parts (cheaper); never raises\n"
        "for bad input."
    )
    return findings


def make_is_valid(validate: Validate) -> IsValid:
    """Build a kind's ``is_valid`` from its ``validate``: a bool, never an exception."""

    def is_valid(number: object, *, as_of: datetime.date | None = None) -> bool:
        try:
            validate(number, as_of=as_of)
        except InvalidNumber:
            return False
        return True

    is_valid.__doc__ = (
        "True unless an official rule proves the number wrong; never raises.\n\n"
        "Numbers that only fail a soft rule (``check`` gives ``review``) count as valid."
    )
    return is_valid
