"""Policy: how findings become a decision, and the options the checks read.

By default a finding of severity ``error`` makes the decision ``fail``, ``warning``
makes it ``review`` and ``info`` leaves it at ``pass``; ``decisions`` overrides that per
code or per prefix (``"license.*"``), the most specific entry winning.  Every key of
``decisions`` must name a finding code of the catalogue (or, ending in ``*``, a prefix of
at least one): a misspelt code is an error, not an override that silently does nothing.

A finding whose rule is *fail closed* — a check that could not run
(``engine.check_error``), a registry that could not answer (``registry.unavailable``), a
record or an entry that could not be read (``record.*``), a term that cannot be read
(``license.validity_missing``) — is decided at least ``review``: no override lowers it.
Unknown options are an error, not silently ignored; a policy is immutable.

>>> policy = Policy(expiring_soon_days=60, decisions={"license.expiring_soon": "pass"})
>>> policy.expiring_soon_days
60
>>> Policy(expire_soon_days=60)
Traceback (most recent call last):
    ...
qualcheck.exceptions.ConfigError: unknown policy option 'expire_soon_days'; ...
>>> Policy(decisions={"licence.expired": "pass"})
Traceback (most recent call last):
    ...
qualcheck.exceptions.ConfigError: unknown finding code 'licence.expired' in decisions (did you mean 'license.expired'?); ...
>>> from qualcheck._codes import Finding
>>> lenient = Policy(decisions={"registry.*": "pass"})
>>> lenient.decide(Finding.of("registry.unavailable", source="s", reason="timeout")).value
'review'
"""  # noqa: E501

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from qualcheck._codes import Finding, Severity, lookup
from qualcheck._decision import Decision
from qualcheck.exceptions import ConfigError

__all__ = ["DEFAULT_POLICY", "Policy"]

_BY_SEVERITY = {
    Severity.ERROR: Decision.FAIL,
    Severity.WARNING: Decision.REVIEW,
    Severity.INFO: Decision.PASS,
}

_FAIL_CLOSED = "fail closed"
"""How the rule of a code that is never passed begins (``engine.check_error``, ``record.*``,
``registry.unavailable`` …): qualcheck could not look, so it does not pass."""

_INT_OPTIONS = ("expiring_soon_days", "reverify_after_months", "turnover_limit_yuan")


class _Decisions(dict[str, Decision]):
    """The ``decisions`` of a policy: a mapping that cannot be changed, so that a policy
    shared by verifiers (``DEFAULT_POLICY`` above all) stays what it was made."""

    __slots__ = ()

    def _immutable(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a policy's decisions cannot be changed; make a new Policy(decisions=...)")

    __setitem__ = __delitem__ = _immutable
    clear = pop = popitem = setdefault = update = _immutable
    __ior__ = _immutable

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __copy__(self) -> _Decisions:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Decisions:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Decisions, (dict(self),))

    def __repr__(self) -> str:
        return dict.__repr__(self)


def _known_codes() -> list[str]:
    from qualcheck._codes import catalogue  # imports every module that defines codes

    return [entry.code for entry in catalogue()]


def _check_pattern(pattern: str, known: list[str]) -> None:
    """``pattern`` names a known code, or (ending in ``*``) a prefix of at least one."""
    groups = sorted({code.split(".")[0] for code in known})
    star = pattern.find("*")
    if star == -1:
        if pattern in known:
            return
        what = "finding code"
        close = difflib.get_close_matches(pattern, known, n=1, cutoff=0.8)
        if pattern in groups:
            hint: str | None = f"did you mean {pattern + '.*'!r}?"
        else:
            hint = f"did you mean {close[0]!r}?" if close else None
    elif star == len(pattern) - 1:
        prefix = pattern[:-1]
        if any(code.startswith(prefix) for code in known):
            return
        what = "prefix"
        close = difflib.get_close_matches(prefix.rstrip("."), groups, n=1, cutoff=0.8)
        hint = f"did you mean {close[0] + '.*'!r}?" if close else None
    else:
        what, hint = "pattern", "a '*' may only end a prefix ('license.*')"
    suffix = f" ({hint})" if hint else ""
    raise ConfigError(
        f"unknown {what} {pattern!r} in decisions{suffix}; `qualcheck codes` lists the"
        " finding codes (a code of your own check must be defined before the policy is made)"
    )


def _fails_closed(finding: Finding) -> bool:
    """The finding's rule is never passed: qualcheck could not look."""
    try:
        rule = lookup(finding.code).rule
    except KeyError:  # a finding built by hand with a code no module defines
        rule = finding.rule
    return rule is not None and rule.startswith(_FAIL_CLOSED)


class Policy(BaseModel):
    """Options of the checks and the mapping of findings to decisions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    expiring_soon_days: int = Field(
        30, ge=0, description="A licence expiring within this many days is reported."
    )
    reverify_after_months: int = Field(
        6,
        ge=1,
        description="A seller last verified longer ago than this is due for re-verification"
        " (网络交易监督管理办法 art. 24: at least every six months).",
    )
    turnover_limit_yuan: int = Field(
        100_000,
        ge=0,
        description="Yearly online turnover above which a natural person must register"
        " (网络交易监督管理办法 art. 8).",
    )
    categories_file: Path | None = Field(
        None,
        description="A category policy (JSON) replacing the bundled one.",
    )
    decisions: dict[str, Decision] = Field(
        default_factory=_Decisions,
        description="Decision per finding code or prefix ('license.*'), overriding severity.",
    )

    @model_validator(mode="before")
    @classmethod
    def _known_options_only(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(cls.model_fields))
            if unknown:
                raise ConfigError(
                    f"unknown policy option {unknown[0]!r}; "
                    f"known options: {', '.join(sorted(cls.model_fields))}"
                )
        return data

    @field_validator(*_INT_OPTIONS, mode="before")
    @classmethod
    def _not_a_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):  # an int to Python, but ``true`` days is a mistake
            raise ValueError(f"expected a whole number, not {value!r}")
        return value

    @field_validator("categories_file", mode="before")
    @classmethod
    def _not_empty(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():  # Path("") would be the folder
            raise ValueError("an empty path; leave the option out for the bundled policy")
        return value

    @field_validator("categories_file")
    @classmethod
    def _readable_category_policy(cls, path: Path | None) -> Path | None:
        if path is not None:  # read it now: a bad file is a configuration error, not a
            from qualcheck.checks.categories import category_policy_for  # review per record

            path = path.absolute()  # the file read now, wherever the process goes later
            category_policy_for(path)
        return path

    @field_validator("decisions")
    @classmethod
    def _known_codes_only(cls, decisions: dict[str, Decision]) -> dict[str, Decision]:
        if decisions:
            known = _known_codes()
            for pattern in decisions:
                _check_pattern(pattern, known)
        return _Decisions(decisions)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise ConfigError(_describe(exc)) from None

    @classmethod
    def from_file(cls, path: str | Path) -> Policy:
        """Load a policy from a JSON file (an object of options; UTF-8, with or without a
        byte-order mark).  Errors are :class:`~qualcheck.exceptions.ConfigError` naming
        the file."""
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read policy file {name!r}: {exc}") from None
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys)
        except ConfigError as exc:
            raise ConfigError(f"policy file {name!r}: {exc}") from None
        except ValueError as exc:
            raise ConfigError(
                f"cannot read policy file {name!r}: not JSON ({exc}); a policy file is"
                " one JSON object of options"
            ) from None
        if not isinstance(data, dict):
            raise ConfigError(f"policy file {name!r} must hold a JSON object")
        categories = data.get("categories_file")
        if isinstance(categories, str) and categories and not Path(categories).is_absolute():
            data["categories_file"] = Path(path).parent / categories  # next to the policy
        try:
            return cls(**data)
        except ConfigError as exc:
            raise ConfigError(f"policy file {name!r}: {exc}") from None

    def decide(self, finding: Finding) -> Decision:
        """The decision one finding calls for under this policy (at least ``review`` for a
        finding whose rule is fail closed)."""
        decision = self._decide(finding)
        if decision is Decision.PASS and _fails_closed(finding):
            return Decision.REVIEW
        return decision

    def _decide(self, finding: Finding) -> Decision:
        code = finding.code
        if code in self.decisions:
            return self.decisions[code]
        best: tuple[int, Decision] | None = None
        for pattern, decision in self.decisions.items():
            wildcard = pattern.endswith("*") and code.startswith(pattern[:-1])
            if wildcard and (best is None or len(pattern) > best[0]):
                best = (len(pattern), decision)
        return best[1] if best is not None else _BY_SEVERITY[finding.severity]


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (the second would silently win)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ConfigError(f"key {key!r} is given twice")
        out[key] = value
    return out


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    error = (first.get("ctx") or {}).get("error")
    if isinstance(error, ConfigError):  # raised by a validator (an unknown option): as is
        return str(error)
    where = ".".join(str(part) for part in first["loc"]) or "policy"
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"invalid policy option {where}: {message}"


DEFAULT_POLICY = Policy()
"""The policy used when none is given."""
