"""The normalised answers registries give, and the question qualcheck asks them.

Every adapter — the embedded SQLite snapshot, the in-memory one, the commercial HTTP APIs —
answers a :class:`RegistryQuery` with a :class:`LookupResult`: *found* (with a
:class:`RegistryRecord`), *not found* (a result, not an error) or *failed* (an outage or
an unusable answer, which makes the decision *review*).

>>> record = RegistryRecord(name="示例有限公司", uscc="91350100M000100Y43",
...                         status="存续（在营、开业、在册）", source="example", term_to="长期")
>>> record.status, record.status_raw, record.term.long_term
(<RegistryStatus.ACTIVE: 'active'>, '存续（在营、开业、在册）', True)
>>> LookupResult.not_found("example").status
<LookupStatus.NOT_FOUND: 'not_found'>
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from qualcheck._scrub import scrub, scrub_repr_args
from qualcheck.dates import OptionalChinaDate, Validity, _show
from qualcheck.registries._status import RegistryStatus, normalize_status

__all__ = [
    "ElementMatch",
    "LicenseRecord",
    "LookupResult",
    "LookupStatus",
    "RegistryQuery",
    "RegistryRecord",
    "normalize_identifier",
]

_SPACES = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")
_IDENTIFIER_NOISE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff\-–—_]+")


def normalize_identifier(value: str) -> str:
    """A number in the form registries and caches key on: NFKC, no spaces or dashes,
    upper case.

    >>> normalize_identifier(" ９１３５０１００ｍ０００１００ｙ４３ ")
    '91350100M000100Y43'
    """
    return _IDENTIFIER_NOISE.sub("", unicodedata.normalize("NFKC", value)).upper()


_MODEL_CONFIG = ConfigDict(
    frozen=True, extra="ignore", str_strip_whitespace=True, hide_input_in_errors=True
)
"""Registry rows may hold personal data (an individual business's operator, an export's
phone column): errors do not quote the input, and ``repr`` masks personal numbers."""


def _masked_repr(obj: RegistryQuery | LookupResult) -> str:
    """``obj`` as the dataclass ``repr`` would print it, personal numbers masked (a
    query's name or a failure's detail may hold a phone number)."""
    shown = ", ".join(f"{f.name}={getattr(obj, f.name)!r}" for f in dataclasses.fields(obj))
    return scrub(f"{type(obj).__name__}({shown})")


_TERM_KEYS = {"term_from": "valid_from", "term_to": "valid_to", "term_long_term": "long_term"}
_VALIDITY_KEYS = ("valid_from", "valid_to", "long_term")


def _split_names(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(part for part in re.split(r"[；;、,，|\n]+", value) if part.strip())
    return value


class LicenseRecord(BaseModel):
    """An administrative licence as a registry lists it (行政许可).

    ``kind`` is a document kind (``food_business``, ``drug_business`` …) when the source
    says or the number shows it; ``validity`` accepts ``valid_from``/``valid_to`` loose.
    """

    model_config = _MODEL_CONFIG

    number: str = Field(min_length=1)
    kind: str | None = None
    name: str | None = Field(default=None, description="许可文件名称, e.g. 食品经营许可证")
    holder_uscc: str | None = None
    validity: Validity | None = None
    scope: str | None = None
    issuer: str | None = Field(default=None, description="许可机关")
    status_raw: str | None = Field(
        default=None, description="the licence's status as the source spells it"
    )

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return scrub_repr_args(super().__repr_args__())

    @model_validator(mode="before")
    @classmethod
    def _gather(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            data = dict(data)
            loose = {key: data.pop(key) for key in _VALIDITY_KEYS if key in data}
            if any(value not in (None, "") for value in loose.values()) and not data.get(
                "validity"
            ):
                data["validity"] = {k: v for k, v in loose.items() if v not in (None, "")}
        return data

    @field_validator("number")
    @classmethod
    def _tidy(cls, value: str) -> str:
        return _SPACES.sub("", unicodedata.normalize("NFKC", value)).upper()

    @field_validator("holder_uscc")
    @classmethod
    def _normalise(cls, value: str | None) -> str | None:
        return normalize_identifier(value) if value else None


class ElementMatch(BaseModel):
    """The verdicts of an element-verification API (企业二/三/四要素核验): for each element
    qualcheck sent, whether the registry confirmed it (``None``: not checked).

    ``former_name`` is true when the registry said the name matches a former name.
    """

    model_config = _MODEL_CONFIG

    uscc: bool | None = None
    name: bool | None = None
    legal_representative: bool | None = None
    former_name: bool = False


class RegistryRecord(BaseModel):
    """What a registry knows about one registered entity, in qualcheck's terms.

    ``status`` accepts the registry's own spelling (kept in ``status_raw``) and maps it
    with :func:`~qualcheck.registries.normalize_status`; unknown spellings give
    ``unknown``, never ``active``.  ``term`` is the operating term (营业期限), read from
    ``term`` or loose ``term_from``/``term_to``.  ``revoked_on`` and ``cancelled_on`` are
    the dates of a revocation or deregistration the source reports beside the status (a
    record that gives one under an active status contradicts itself: review).  ``matches``
    holds element-verification verdicts for sources that confirm rather than return data.
    """

    model_config = _MODEL_CONFIG

    name: str | None = None
    uscc: str | None = None
    registration_number: str | None = None
    legal_representative: str | None = None
    status: RegistryStatus = RegistryStatus.UNKNOWN
    status_raw: str | None = None
    established_on: OptionalChinaDate = None
    revoked_on: OptionalChinaDate = Field(
        default=None, description="吊销日期 (revokeDate, RevokeDate)"
    )
    cancelled_on: OptionalChinaDate = Field(
        default=None, description="注销日期 (cancelDate, CancelDate)"
    )
    term: Validity | None = None
    scope: str | None = None
    address: str | None = None
    former_names: tuple[str, ...] = ()
    licenses: tuple[LicenseRecord, ...] = ()
    matches: ElementMatch | None = None
    source: str = ""
    fetched_at: datetime.datetime | None = None
    request_id: str | None = None

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        return scrub_repr_args(super().__repr_args__())

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        raw = data.get("status")
        if raw is None:  # not reported: unknown, never active
            data.pop("status", None)
        elif isinstance(raw, (str, int)) and not isinstance(raw, (bool, RegistryStatus)):
            text = str(raw).strip()
            data.setdefault("status_raw", text or None)
            data["status"] = normalize_status(text)
        elif not isinstance(raw, RegistryStatus):  # a list, an object …: not a status
            data.setdefault("status_raw", _show(raw))  # one can read, so unknown
            data["status"] = RegistryStatus.UNKNOWN
        loose = {_TERM_KEYS[key]: data.pop(key) for key in list(data) if key in _TERM_KEYS}
        loose = {key: value for key, value in loose.items() if value not in (None, "")}
        if loose and not data.get("term"):
            data["term"] = loose
        data["former_names"] = _split_names(data.get("former_names") or ())
        return data

    @field_validator("uscc", "registration_number")
    @classmethod
    def _normalise(cls, value: str | None) -> str | None:
        return normalize_identifier(value) if value else None


@dataclass(frozen=True, slots=True)
class RegistryQuery:
    """What qualcheck asks a registry about one merchant.

    ``uscc`` (or a registration number) identifies the entity; ``name`` and
    ``legal_representative`` are what the seller declared, for sources that verify
    elements; ``license_kinds`` are the document kinds whose licences the engine wants
    listed (a source answers those it covers).
    """

    uscc: str | None = None
    name: str | None = None
    legal_representative: str | None = None
    license_kinds: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (self.uscc or self.name):
            raise ValueError("a registry query needs a uscc or a name")
        if self.uscc is not None:
            object.__setattr__(self, "uscc", normalize_identifier(self.uscc))

    def __repr__(self) -> str:
        return _masked_repr(self)

    @property
    def key(self) -> str:
        """The cache key: the normalised identifier (or name), the declared elements and
        the licence kinds."""
        parts = (
            self.uscc or "",
            unicodedata.normalize("NFKC", self.name or "").strip(),
            unicodedata.normalize("NFKC", self.legal_representative or "").strip(),
            ",".join(sorted(self.license_kinds)),
        )
        # a separator inside a part is escaped: "甲|王五" + "" never reads as "甲" + "王五"
        return "|".join(part.replace("\\", "\\\\").replace("|", "\\|") for part in parts)


class LookupStatus(str, enum.Enum):
    """How a look-up ended."""

    FOUND = "found"
    NOT_FOUND = "not_found"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class LookupResult:
    """The answer to one :class:`RegistryQuery`.

    ``reason`` and ``detail`` explain a failure (``timeout``, ``http_503``, ``malformed``,
    ``circuit_open`` …) — on a *found* result, the failure of a part of the answer (a
    licence listing that could not be read): the record stands, the answer is incomplete;
    ``license_kinds`` are the licence kinds the source covered, so
    that a licence missing from ``record.licenses`` means "not registered" only where the
    source could have listed it.  ``cached`` is true when the answer came from a cache.
    """

    status: LookupStatus
    source: str
    record: RegistryRecord | None = None
    fetched_at: datetime.datetime = field(
        default_factory=lambda: datetime.datetime.now(datetime.timezone.utc)
    )
    request_id: str | None = None
    reason: str | None = None
    detail: str | None = None
    provider_code: str | None = None
    license_kinds: frozenset[str] = frozenset()
    cached: bool = False

    def __post_init__(self) -> None:
        # A failure always names its reason (the findings quote it): one given without a
        # reason word is a provider failure no other word describes.
        if self.status == LookupStatus.FAILED and not (self.reason and self.reason.strip()):
            object.__setattr__(self, "reason", "provider_error")

    def __repr__(self) -> str:
        return _masked_repr(self)

    @classmethod
    def found(
        cls,
        record: RegistryRecord,
        *,
        license_kinds: frozenset[str] | tuple[str, ...] = frozenset(),
        request_id: str | None = None,
    ) -> LookupResult:
        """A found entity (source, fetched-at and request id taken from the record)."""
        fetched = record.fetched_at or datetime.datetime.now(datetime.timezone.utc)
        return cls(
            LookupStatus.FOUND,
            record.source,
            record=record,
            fetched_at=fetched,
            request_id=request_id or record.request_id,
            license_kinds=frozenset(license_kinds),
        )

    @classmethod
    def not_found(
        cls, source: str, *, request_id: str | None = None, provider_code: str | None = None
    ) -> LookupResult:
        """The source answered, and knows no such entity."""
        return cls(
            LookupStatus.NOT_FOUND, source, request_id=request_id, provider_code=provider_code
        )

    @classmethod
    def failed(
        cls,
        source: str,
        reason: str,
        detail: str,
        *,
        request_id: str | None = None,
        provider_code: str | None = None,
    ) -> LookupResult:
        """The look-up could not be completed (the decision becomes *review*); an empty
        ``reason`` is ``provider_error``."""
        return cls(
            LookupStatus.FAILED,
            source,
            reason=reason,
            detail=detail,
            request_id=request_id,
            provider_code=provider_code,
        )

    def evidence(self) -> dict[str, Any]:
        """Where the answer came from, for a finding's ``ctx``: source, fetched-at (ISO),
        request id, and the failure reason when there is one."""
        out: dict[str, Any] = {"source": self.source, "fetched_at": self.fetched_at.isoformat()}
        if self.request_id:
            out["request_id"] = self.request_id
        if self.reason:
            out["reason"] = self.reason
        if self.provider_code:
            out["provider_code"] = self.provider_code
        if self.cached:
            out["cached"] = True
        return out
