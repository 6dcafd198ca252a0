"""Policy: how findings become a decision, and the options the checks read.

By default a finding of severity ``error`` makes the decision ``fail``, ``warning``
makes it ``review`` and ``info`` leaves it at ``pass``; ``decisions`` overrides that per
code or per prefix (``"license.*"``), the most specific entry winning.  A check that could
not run always makes at least ``review`` (qualcheck fails closed) — no override lowers
that.  Unknown options are an error, not silently ignored.

>>> policy = Policy(expiring_soon_days=60, decisions={"license.expiring_soon": "pass"})
>>> policy.expiring_soon_days
60
>>> Policy(expire_soon_days=60)
Traceback (most recent call last):
    ...
qualcheck.exceptions.ConfigError: unknown policy option 'expire_soon_days'; ...
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from qualcheck._codes import Finding, Severity
from qualcheck._decision import Decision
from qualcheck.exceptions import ConfigError

__all__ = ["DEFAULT_POLICY", "Policy"]

_BY_SEVERITY = {
    Severity.ERROR: Decision.FAIL,
    Severity.WARNING: Decision.REVIEW,
    Severity.INFO: Decision.PASS,
}


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
        default_factory=dict,
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

    @field_validator("categories_file")
    @classmethod
    def _readable_category_policy(cls, path: Path | None) -> Path | None:
        if path is not None:  # read it now: a bad file is a configuration error, not a
            from qualcheck.checks.categories import category_policy_for  # review per record

            category_policy_for(path)
        return path

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise ConfigError(_describe(exc)) from None

    @classmethod
    def from_file(cls, path: str | Path) -> Policy:
        """Load a policy from a JSON file (an object of options)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read policy file {str(path)!r}: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"policy file {str(path)!r} must hold a JSON object")
        categories = data.get("categories_file")
        if isinstance(categories, str) and categories and not Path(categories).is_absolute():
            data["categories_file"] = Path(path).parent / categories  # next to the policy
        return cls(**data)

    def decide(self, finding: Finding) -> Decision:
        """The decision one finding calls for under this policy."""
        code = finding.code
        if code in self.decisions:
            return self.decisions[code]
        best: tuple[int, Decision] | None = None
        for pattern, decision in self.decisions.items():
            wildcard = pattern.endswith("*") and code.startswith(pattern[:-1])
            if wildcard and (best is None or len(pattern) > best[0]):
                best = (len(pattern), decision)
        return best[1] if best is not None else _BY_SEVERITY[finding.severity]


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    error = (first.get("ctx") or {}).get("error")
    if isinstance(error, ConfigError):  # raised by a validator (an unknown option): as is
        return str(error)
    where = ".".join(str(part) for part in first["loc"]) or "policy"
    return f"invalid policy option {where}: {first['msg']}"


DEFAULT_POLICY = Policy()
"""The policy used when none is given."""
