"""Policy: how findings become a decision, and the options the checks read.

By default a finding of severity ``error`` makes the decision ``fail``, ``warning``
makes it ``review`` and ``info`` leaves it at ``pass``; ``decisions`` overrides that per
code or per prefix (``"license.*"``), the most specific entry winning.  Every key of
``decisions`` must name a finding code of the catalogue (or, ending in ``*``, a prefix of
at least one): a misspelt code is an error, not an override that silently does nothing.

A finding whose rule is *fail closed* — a check that could not run
(``engine.check_error``), a registry that could not answer (``registry.unavailable``,
``registry.incomplete``), a record or an entry that could not be read (``record.*``), a
term that cannot be read (``license.validity_missing``) — is decided at least ``review``:
no override lowers it.  ``category.banned`` is never passed either (``"pass"`` for it is
an error: a platform allows a category in its category file).  A finding saying that a
document the gate requires is absent or unseen (:data:`PASSED_ONLY_BY_NAME`) is passed
only by an entry naming its code: a prefix's ``"pass"`` (``"category.*"``, ``"*"``) does
not reach it.  Unknown options are an error, not silently ignored; a policy is immutable,
and a copy with changes (``model_copy(update=...)``) is checked like a new one.

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
>>> Policy(decisions={"category.*": "pass"}).decide(Finding.of("category.license_missing",
...     declared="茶叶", required_en="a licence", required_zh="许可证")).value
'fail'
"""  # noqa: E501

from __future__ import annotations

import difflib
import json
import os
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
from qualcheck._scrub import scrub
from qualcheck.exceptions import ConfigError

__all__ = [
    "DEFAULT_POLICY",
    "MAX_POLICY_FILE_BYTES",
    "NEVER_PASSED",
    "PASSED_ONLY_BY_NAME",
    "Policy",
]

_BY_SEVERITY = {
    Severity.ERROR: Decision.FAIL,
    Severity.WARNING: Decision.REVIEW,
    Severity.INFO: Decision.PASS,
}

_FAIL_CLOSED = "fail closed"
"""How the rule of a code that is never passed begins (``engine.check_error``, ``record.*``,
``registry.unavailable`` …): qualcheck could not look, so it does not pass."""

_INT_OPTIONS = ("expiring_soon_days", "reverify_after_months", "turnover_limit_yuan")

NEVER_PASSED = frozenset({"category.banned"})
"""Codes no policy passes (``"pass"`` for one is a :class:`ConfigError`; through a prefix
it does not apply): a platform that allows banned goods says so in its category file."""

PASSED_ONLY_BY_NAME = frozenset(
    {
        "category.license_missing",
        "category.possibly_exempt",
        "category.special_permit",
        "category.unknown",
        "document.business_license_missing",
        "merchant.identity_missing",
        "merchant.uscc_missing",
    }
)
"""Codes saying that a document the admission gate requires is absent, or one qualcheck
cannot see (a special permit, an exemption, a category outside the policy): a prefix's
``"pass"`` (``"category.*"``, ``"*"``) does not reach them; an entry naming the code
does."""

MAX_POLICY_FILE_BYTES = 1 << 20
"""The largest policy file read (a policy naming every code is a few kilobytes)."""

_MAX_NESTING = 32
"""The deepest nesting of a policy file's JSON (a valid one nests two levels)."""


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
        f"unknown {what} {scrub(repr(pattern))} in decisions{suffix}; `qualcheck codes` lists the"
        " finding codes (a code of your own check must be defined before the policy is made)"
    )


def _check_never_passed(pattern: str, decision: Decision) -> None:
    """``pattern`` does not pass a code that is never passed (``category.banned``)."""
    if pattern in NEVER_PASSED and decision is Decision.PASS:
        raise ConfigError(
            f"decisions[{pattern!r}]: 'pass' is not allowed: banned goods may not be sold"
            " online; a platform that allows a category makes it `requires` or"
            " `special_permit` in its own category file (categories_file), citing its basis"
            " ('review' or 'fail' may be given)"
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
                    f"unknown policy option {scrub(repr(unknown[0]))}; "
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
            _regular_file(path)
            category_policy_for(path)
        return path

    @field_validator("decisions")
    @classmethod
    def _known_codes_only(cls, decisions: dict[str, Decision]) -> dict[str, Decision]:
        if decisions:
            known = _known_codes()
            for pattern, decision in decisions.items():
                _check_pattern(pattern, known)
                _check_never_passed(pattern, decision)
        return _Decisions(decisions)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise ConfigError(_describe(exc)) from None

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Policy:
        """As pydantic's, with errors as :class:`~qualcheck.exceptions.ConfigError`."""
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError as exc:
            raise ConfigError(_describe(exc)) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Policy:
        """A policy from JSON text, read as :meth:`from_file` reads a file's (a key given
        twice, or nesting no policy has, is an error)."""
        if isinstance(json_data, (bytes, bytearray)):
            try:
                json_data = bytes(json_data).decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ConfigError(f"cannot read policy JSON: not UTF-8 ({exc})") from None
        return cls.model_validate(_parse_object(json_data, "policy JSON"), **kwargs)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Policy:
        """A copy; with ``update``, a new policy made of this one's options and the changes,
        checked like any other (pydantic's copy would take the changes unchecked)."""
        if not update:
            return super().model_copy(deep=deep)
        options = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self)(**{**options, **update})

    @classmethod
    def from_file(cls, path: str | Path) -> Policy:
        """Load a policy from a JSON file (an object of options; UTF-8, with or without a
        byte-order mark; at most :data:`MAX_POLICY_FILE_BYTES`).  Errors are
        :class:`~qualcheck.exceptions.ConfigError` naming the file and the field."""
        name = str(path)
        data = _parse_object(_read_policy_file(path), f"policy file {name!r}")
        categories = data.get("categories_file")
        if isinstance(categories, str) and categories and not Path(categories).is_absolute():
            data["categories_file"] = Path(path).parent / categories  # next to the policy
        try:
            return cls(**data)
        except ConfigError as exc:
            raise ConfigError(f"policy file {name!r}: {exc}") from None

    def decide(self, finding: Finding) -> Decision:
        """The decision one finding calls for under this policy (at least ``review`` for a
        finding whose rule is fail closed, and for ``category.banned``)."""
        decision = self._decide(finding)
        if type(decision) is not Decision:  # a str from a policy built unchecked
            decision = Decision(decision)
        if decision is Decision.PASS and (finding.code in NEVER_PASSED or _fails_closed(finding)):
            return Decision.REVIEW
        return decision

    def _decide(self, finding: Finding) -> Decision:
        code = finding.code
        if code in self.decisions:
            return self.decisions[code]
        named_only = code in PASSED_ONLY_BY_NAME or code in NEVER_PASSED
        best: tuple[int, Decision] | None = None
        for pattern, decision in self.decisions.items():
            wildcard = pattern.endswith("*") and code.startswith(pattern[:-1])
            if named_only and decision == Decision.PASS:
                continue  # a prefix's pass does not reach a missing document
            if wildcard and (best is None or len(pattern) > best[0]):
                best = (len(pattern), decision)
        return best[1] if best is not None else _BY_SEVERITY[finding.severity]


def _regular_file(path: Path) -> None:
    """``path`` is a file (not a folder, a device or a pipe): the category policy is read
    again whenever it changes, and a device such as ``/dev/zero`` never ends."""
    try:
        if path.is_file():
            return
    except OSError:  # a name too long, say: the reading below says why
        return
    if path.exists():
        raise ValueError(f"{str(path)!r} is not a file (a folder, a device or a pipe)")


def _read_policy_file(path: str | Path) -> str:
    """The text of a policy file, refusing one longer than :data:`MAX_POLICY_FILE_BYTES`
    (``/dev/zero`` would never end).  A pipe (``--policy <(…)``) is read too."""
    name = str(path)
    try:
        with open(os.fspath(path), "rb") as file:
            raw = file.read(MAX_POLICY_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"cannot read policy file {name!r}: {exc}") from None
    if len(raw) > MAX_POLICY_FILE_BYTES:
        raise ConfigError(
            f"cannot read policy file {name!r}: longer than {MAX_POLICY_FILE_BYTES} bytes;"
            " a policy file is one small JSON object of options"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"cannot read policy file {name!r}: not UTF-8 ({exc}); save it as UTF-8"
        ) from None


class _Pairs(list[tuple[str, Any]]):
    """A JSON object's members as written, so that a key given twice can be named with
    the path to it."""

    __slots__ = ()


def _parse_object(text: str, what: str) -> dict[str, Any]:
    """``text`` as a JSON object of options; errors name ``what`` and the field."""
    try:
        data = json.loads(text, object_pairs_hook=_Pairs)
    except RecursionError:
        data = None
        deep = True
    except ValueError as exc:
        raise ConfigError(
            f"cannot read {what}: not JSON ({exc}); a policy file is one JSON object of options"
        ) from None
    else:
        deep = False
    if deep:
        raise ConfigError(f"{what}: nested more than {_MAX_NESTING} levels deep")
    if not isinstance(data, _Pairs):
        raise ConfigError(f"{what} must hold a JSON object")
    try:
        out: dict[str, Any] = _unique_keys(data, "", 1)
    except ValueError as exc:
        raise ConfigError(f"{what}: {exc}") from None
    return out


def _unique_keys(value: Any, where: str, depth: int) -> Any:
    """``value`` with its objects as dicts, refusing a key given twice (the second would
    silently win) and nesting deeper than :data:`_MAX_NESTING`."""
    if depth > _MAX_NESTING:
        raise ValueError(f"{where or 'the policy'} is nested more than {_MAX_NESTING} levels")
    if isinstance(value, _Pairs):
        out: dict[str, Any] = {}
        for key, item in value:
            if key in out:
                inside = f"{where}: " if where else ""
                raise ValueError(f"{inside}key {key!r} is given twice")
            out[key] = _unique_keys(item, _step(where, key), depth + 1)
        return out
    if isinstance(value, list):
        return [_unique_keys(item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value)]
    return value


def _step(where: str, key: object) -> str:
    """The path to ``key`` inside ``where``: ``expiring_soon_days``,
    ``decisions['license.*']`` (a code holds dots, so keys inside are quoted)."""
    if not where:
        return str(key)
    return f"{where}[{str(key)!r}]"


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    error = (first.get("ctx") or {}).get("error")
    if isinstance(error, ConfigError):  # raised by a validator (an unknown option): as is
        return str(error)
    where = ""
    for part in first["loc"]:
        if part == "[key]":  # pydantic's mark of a mapping's key
            where += " (the key)"
        else:
            where = _step(where, part)
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"invalid policy option {where or 'policy'}: {message}"


DEFAULT_POLICY = Policy()
"""The policy used when none is given."""
