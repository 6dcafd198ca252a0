"""Helpers shared by the bundled HTTP adapters (Tianyancha, Qichacha, Alibaba Cloud).

Nothing here does I/O.  The pieces:

* :func:`read_credential` and :func:`read_base_url` take a value from an argument or the
  environment; a missing credential raises :class:`~qualcheck.registries.RegistryAbort`
  (``reason="auth"``) naming the variable to set — never a value.
* :class:`Secret` holds a credential so that it cannot leak through a ``repr``, a log line
  or a traceback's locals display.
* :func:`read_json` reads a provider's JSON envelope from a response, turning an oversized
  body, the wrong content type or malformed JSON into a
  :class:`~qualcheck.registries.RegistryResponseError` with the stable reasons
  ``oversized``, ``wrong_content_type`` and ``malformed``.  An object that repeats a key
  is malformed (parsers disagree on which value wins: ``{"regStatus": "吊销",
  "regStatus": "存续"}`` is no answer); a body that is not UTF-8 is read only in a
  Chinese national charset its ``Content-Type`` declares (GB 2312, GBK, GB 18030).
* :class:`CodeMap` maps a provider's own result codes to what qualcheck does with them:
  carry on (``ok``), *not found*, a failed look-up (``bad_request``, ``provider_error`` …),
  a transient error that the driver retries, or an abort (``auth``, ``quota``,
  ``forbidden``).  Codes nobody documented become ``provider_error`` failures — never an
  abort, and never a success.
* :class:`EntityReader` reads the text fields of one entity in a provider's answer and
  says when the entity is malformed: a field present with the wrong type (a list, an
  object, a number where text is expected), or no field that identifies the entity.

>>> rules = CodeMap("Example", "code", {
...     "0": CodeRule.ok("成功"),
...     "404": CodeRule.not_found("无结果"),
...     "429": CodeRule.retry("rate_limited", "请求过快"),
...     "401": CodeRule.abort("auth", "密钥无效", "check EXAMPLE_TOKEN"),
... })
>>> rules.rule("404").action, rules.rule(12345).reason
(<Action.NOT_FOUND: 'not_found'>, 'provider_error')
>>> rules.check("401", "密钥无效")
Traceback (most recent call last):
    ...
qualcheck.registries._errors.RegistryAbort: Example refused the request (code 401: 密钥无效): ...
>>> Secret("s3cr3t")
Secret('***')
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime
import enum
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from qualcheck._scrub import scrub as personal_scrub
from qualcheck.dates import parse_date
from qualcheck.registries._errors import (
    RegistryAbort,
    RegistryResponseError,
    RegistryUnavailable,
)
from qualcheck.registries._record import LookupResult, RegistryRecord, normalize_identifier

if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "GATEWAY_CODES",
    "JSON_CONTENT_TYPES",
    "Action",
    "CodeMap",
    "CodeRule",
    "EntityReader",
    "ProviderAdapter",
    "ProviderAnswer",
    "Secret",
    "build_record",
    "check_mode",
    "date_from_ms",
    "gateway_rule",
    "lenient_date",
    "names_from",
    "now_utc",
    "read_base_url",
    "read_credential",
    "read_json",
    "registry_date",
    "retry_after",
    "scrub",
    "unidentified",
]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
"""The largest response body an adapter reads (2 MiB); a registry answer is a few kB."""

JSON_CONTENT_TYPES: frozenset[str] = frozenset({"application/json", "text/json"})
"""Media types read as JSON (``application/<anything>+json`` is accepted too)."""

_CHINA = datetime.timezone(datetime.timedelta(hours=8))
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_MESSAGE_LIMIT = 200


class Secret:
    """A credential that does not show itself: ``repr`` and ``str`` print ``***``.

    >>> token = Secret("abc")
    >>> f"{token}", token.reveal()
    ('***', 'abc')
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The credential itself, for building a request."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"


def read_credential(
    value: str | None, *, env: str, source: str, argument: str, title: str | None = None
) -> Secret:
    """``value``, else the environment variable ``env``; neither set (or blank) raises
    :class:`~qualcheck.registries.RegistryAbort` with ``reason="auth"``.

    >>> read_credential(None, env="QUALCHECK_DOCTEST_UNSET", source="example", argument="token")
    Traceback (most recent call last):
        ...
    qualcheck.registries._errors.RegistryAbort: example: no token given; pass token=... or ...
    """
    if value is None:
        value = os.environ.get(env)
    if value is None or not value.strip():
        raise RegistryAbort(
            f"{title or source}: no {argument} given; pass {argument}=... or set the"
            f" environment variable {env}",
            source=source,
            reason="auth",
        )
    return Secret(value.strip())


def check_mode(mode: str, *, title: str) -> str:
    """``mode`` if it is ``"info"`` or ``"verify"``, else a
    :class:`~qualcheck.exceptions.ConfigError` naming the adapter."""
    if mode not in ("info", "verify"):
        from qualcheck.exceptions import ConfigError

        raise ConfigError(f"{title}: mode must be 'info' or 'verify', not {mode!r}")
    return mode


def read_base_url(value: str | None, *, env: str, default: str, source: str) -> str:
    """``value``, else the environment variable ``env``, else ``default``; without a
    trailing slash.  Anything but an ``http(s)://`` URL is a
    :class:`~qualcheck.exceptions.ConfigError`.

    >>> read_base_url("https://example.test/api/", env="QUALCHECK_DOCTEST_UNSET",
    ...               default="https://x.test", source="Example")
    'https://example.test/api'
    """
    from qualcheck.exceptions import ConfigError

    url = (value if value is not None else os.environ.get(env) or default).strip()
    if not url.startswith(("https://", "http://")):
        raise ConfigError(
            f"{source}: the base URL must start with https:// or http:// (set by the base_url"
            f" argument or {env})"
        )
    return url.rstrip("/")


def scrub(text: str, *secrets: Secret | None) -> str:
    """``text`` shortened to 200 characters with every secret's value replaced by ``***``.

    Provider messages go into exception messages and failure details; a provider that
    echoes a key back must not put it there.

    >>> scrub("bad key abc123", Secret("abc123"))
    'bad key ***'
    """
    for secret in secrets:
        if secret is not None and secret.reveal():
            text = text.replace(secret.reveal(), "***")
    text = personal_scrub(" ".join(text.split()))  # an ID number the provider echoes back
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


def read_json(
    response: httpx.Response,
    *,
    source: str,
    title: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    content_types: frozenset[str] = JSON_CONTENT_TYPES,
) -> dict[str, Any]:
    """The JSON object in ``response``'s body.

    Raises :class:`~qualcheck.registries.RegistryResponseError` with ``reason``
    ``oversized`` (more than ``max_bytes``), ``wrong_content_type`` (not a JSON media
    type) or ``malformed`` (not JSON, or JSON that is not an object).  Messages describe
    the answer, never the request (whose URL may hold a key).  ``source`` is the
    registry's name, ``title`` how messages spell it.
    """
    title = title or source
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _oversized(source, title, int(declared), max_bytes)
    body = response.content
    if len(body) > max_bytes:
        raise _oversized(source, title, len(body), max_bytes)
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in content_types and not (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        shown = media_type or "no content type"
        raise RegistryResponseError(
            f"{title} answered with {shown!s}, not JSON (HTTP {response.status_code})",
            source=source,
            reason="wrong_content_type",
        )
    try:
        data = json.loads(_json_text(body, response), object_pairs_hook=_unique_keys)
    except _RepeatedKey:
        raise RegistryResponseError(
            f"{title} answered with JSON that repeats a key in one object (an ambiguous answer)",
            source=source,
            reason="malformed",
        ) from None
    except (ValueError, RecursionError, LookupError):
        raise RegistryResponseError(
            f"{title} answered with a body that is not valid JSON ({len(body)} bytes)",
            source=source,
            reason="malformed",
        ) from None
    if not isinstance(data, dict):
        raise RegistryResponseError(
            f"{title} answered with JSON that is not an object ({type(data).__name__})",
            source=source,
            reason="malformed",
        )
    return data


class _RepeatedKey(ValueError):
    """A JSON object with a key twice."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _RepeatedKey
    return data


_GB_CHARSETS = frozenset({"gb2312", "gbk", "cp936", "x-gbk", "gb18030", "euc-cn", "csgb2312"})
"""The Chinese national charsets a registry may declare; all are read with GB 18030,
their superset (as browsers do: WHATWG Encoding, "gbk" uses the gb18030 decoder), so that
a name with a character beyond GB 2312 or GBK (喆, 䶮) is read, not refused."""


def _json_text(body: bytes, response: httpx.Response) -> bytes | str:
    """``body`` as :func:`json.loads` should read it: as it is when it is UTF-8 (or
    UTF-16/32 with a byte order mark, which ``json`` detects) — JSON's own encoding, which
    wins over a charset declared wrongly — else decoded with GB 18030 when the
    ``Content-Type`` declares a Chinese national charset (GB 2312, GBK, GB 18030).  Any
    other declared charset is not trusted to read a body that is not UTF-8: a single-byte
    one (ISO-8859-1, the default of many servers) decodes *any* bytes, so GBK read as
    Latin-1 or Big5 would give a registered name in mojibake — a mis-read, never an
    answer (``ValueError``: malformed)."""
    charset = response.charset_encoding
    if not charset or body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        if charset.strip().lower() not in _GB_CHARSETS:
            raise ValueError(f"not UTF-8, and charset {charset[:20]!r} is not read") from None
        return body.decode("gb18030")
    return body


def _oversized(source: str, title: str, size: int, limit: int) -> RegistryResponseError:
    return RegistryResponseError(
        f"{title} answered with {size} bytes, more than the {limit}-byte limit",
        source=source,
        reason="oversized",
    )


def date_from_ms(value: object) -> datetime.date | None:
    """A Unix timestamp in milliseconds (int, float or digit string; negative for dates
    before 1970) as a date in China time; ``None`` for empty or unreadable values, and
    for the empty values of programs: ``0`` and dates before 1900 (.NET's and Go's
    0001-01-01) are no registry's dates.

    >>> date_from_ms(1262275200000), date_from_ms(-315648000000), date_from_ms(None)
    (datetime.date(2010, 1, 1), datetime.date(1960, 1, 1), None)
    >>> date_from_ms(0), date_from_ms(-62135596800000)
    (None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        millis = float(str(value).strip())
        moment = _EPOCH + datetime.timedelta(milliseconds=millis)
    except (ValueError, OverflowError):
        return None
    day = moment.astimezone(_CHINA).date()
    return None if millis == 0 or day.year < 1900 else day


def lenient_date(value: object) -> datetime.date | str | None:
    """:func:`~qualcheck.dates.parse_date` that keeps long-term markers (``长期``, a year
    9999 end) as ``"长期"`` and gives ``None`` for what it cannot read — one unreadable
    date must not lose a whole registry record.

    >>> lenient_date("2019-03-01 00:00:00"), lenient_date("无固定期限"), lenient_date("n/a")
    (datetime.date(2019, 3, 1), '长期', None)
    >>> lenient_date("9999-09-09")
    '长期'
    """
    from qualcheck.dates import is_long_term

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if is_long_term(value):
        return "长期"
    try:
        parsed = parse_date(value)
    except ValueError:
        return None
    if parsed is not None and parsed.year == 9999:
        return "长期"
    return parsed


_SIGNED_DIGITS = re.compile(r"[+-]?\d+(?:\.\d+)?")


def registry_date(value: object) -> datetime.date | str | None:
    """A date as a provider that documents millisecond timestamps may still send it: a
    number, or a string of digits, is milliseconds (:func:`date_from_ms`) — except eight
    digits, ``YYYYMMDD``; any other string is read by :func:`lenient_date`
    (``2015-03-02``, ``2015-03-02 00:00:00``, ``长期`` …).  Unreadable values and
    placeholders (``-``, ``""``, ``null``) give ``None``; a year-9999 end gives ``"长期"``.

    A date a wrapper or a proxy spells out must not be dropped while the same date in
    milliseconds is read: a term that ended, or a deregistration date under an active
    status, would then pass unseen.

    >>> registry_date(1262275200000), registry_date("1262275200000")
    (datetime.date(2010, 1, 1), datetime.date(2010, 1, 1))
    >>> registry_date("2015-03-02 00:00:00"), registry_date("20150302"), registry_date("-")
    (datetime.date(2015, 3, 2), datetime.date(2015, 3, 2), None)
    >>> registry_date(253402185600000), registry_date("无固定期限")
    ('长期', '长期')
    """
    if value is None or isinstance(value, bool):
        return None
    day: datetime.date | str | None
    if isinstance(value, (int, float)):
        day = date_from_ms(value)
    elif isinstance(value, str) and _SIGNED_DIGITS.fullmatch(value.strip()):
        text = value.strip()
        day = lenient_date(text) if len(text) == 8 else date_from_ms(text)
    else:
        return lenient_date(value)
    if isinstance(day, datetime.date) and day.year == 9999:
        return "长期"
    return day


_NAME_SEPARATORS = re.compile(r"[;；、,，|\n]+")


def names_from(value: object, *keys: str) -> list[str]:
    """The names in a provider's list of names, however it is spelled: a list of strings,
    a list of objects holding a name under one of ``keys`` (``{"Name": …, "ChangeDate":
    …}``), or one string of names joined by ``;``, ``；``, ``、`` or ``,``.  Anything else
    gives no names (former names are lenient: one odd entry does not lose a record).

    >>> names_from("甲公司;乙公司"), names_from([{"Name": "甲公司"}, "乙公司", 3], "Name")
    (['甲公司', '乙公司'], ['甲公司', '乙公司'])
    """
    items: list[Any] = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, Mapping):
            item = next((item[key] for key in keys if isinstance(item.get(key), str)), None)
        if isinstance(item, str):
            names.extend(part.strip() for part in _NAME_SEPARATORS.split(item) if part.strip())
    return names


def build_record(fields: Mapping[str, Any], *, source: str, title: str) -> RegistryRecord:
    """A :class:`~qualcheck.registries.RegistryRecord` from ``fields`` (empty values
    left out), dropping top-level fields the model rejects — a reversed term, an odd
    date — rather than losing the record; :class:`RegistryResponseError` (``malformed``)
    when even that fails.

    >>> build_record({"name": "甲公司", "term_from": "2024-01-01", "term_to": "2019-01-01"},
    ...              source="example", title="Example").term is None
    True
    """
    from pydantic import ValidationError

    data = {key: value for key, value in fields.items() if value is not None and value != ""}
    data = {key: value for key, value in data.items() if value != ()}
    data["source"] = source
    for _ in range(3):
        try:
            return RegistryRecord.model_validate(data)
        except ValidationError as exc:
            bad = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
            bad &= set(data) - {"source"}
            if not bad:  # an error not tied to one field: the loose term keys land here
                bad = {"term_from", "term_to", "term"} & set(data)
            if not bad:
                break
            for key in bad:
                data.pop(key, None)
    raise RegistryResponseError(
        f"{title} answered with a record qualcheck cannot read", source=source, reason="malformed"
    )


class EntityReader:
    """Reads the text fields of one entity object in a provider's answer, remembering the
    fields that are present with the wrong type instead of dropping them silently.

    ``null`` and blank strings are "not reported" (``None``); a string is stripped; with
    ``integers=True`` an integer is read as its digits (Alibaba Cloud's numeric status).
    Anything else — a list, an object, a boolean, another number — is unreadable, and
    :meth:`problem` then describes the entity as malformed.  Descriptions name fields,
    never values, so they hold no personal data.

    >>> reader = EntityReader({"name": ["甲公司"], "creditCode": None, "regStatus": "存续"})
    >>> reader.text("name"), reader.text("creditCode"), reader.text("regStatus")
    (None, None, '存续')
    >>> reader.problem("Example", identity=("name", "creditCode"))
    'Example answered a record whose name is not text'
    >>> EntityReader({"regStatus": "存续"}).problem("Example", identity=("name", "creditCode"))
    'Example answered a record that names no entity: no name or creditCode'
    """

    __slots__ = ("_data", "_read", "unreadable")

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data
        self._read: dict[str, str | None] = {}
        self.unreadable: list[str] = []
        """The fields present with the wrong type, in the order they were read."""

    def text(self, key: str, *, integers: bool = False) -> str | None:
        """The text of field ``key`` (``None`` when not reported or unreadable)."""
        value = self._data.get(key)
        text: str | None = None
        if isinstance(value, str):
            text = value.strip() or None
        elif integers and isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        elif value is not None and key not in self.unreadable:
            self.unreadable.append(key)
        self._read[key] = text
        return text

    def problem(self, title: str, *, identity: tuple[str, ...]) -> str | None:
        """Why the entity is malformed, or ``None``: fields present with the wrong type,
        else none of the ``identity`` fields (read before with :meth:`text`) holding text.
        ``title`` names the provider in the description."""
        if self.unreadable:
            verb = "is" if len(self.unreadable) == 1 else "are"
            return f"{title} answered a record whose {', '.join(self.unreadable)} {verb} not text"
        if identity and not any(self._read.get(key) for key in identity):
            *others, last = identity
            fields = f"{', '.join(others)} or {last}" if others else last
            return f"{title} answered a record that names no entity: no {fields}"
        return None


UNIDENTIFIED = "unidentified"
"""The ``reason`` of a found result whose record does not show it is the entity asked for."""


def unidentified(found: LookupResult, asked: str | None, uscc: str, number: str) -> LookupResult:
    """``found`` — the answer to a query by the identifier ``asked`` (a USCC, or an old
    registration number) — marked incomplete (``reason`` ``unidentified``, and a detail
    naming the provider's fields ``uscc`` and ``number``, never values) when its record
    carries no USCC and no registration number equal to ``asked``: a record named by its
    name alone does not show that it is the entity with that USCC, so the registry check
    must not confirm the seller by the name (``registry.incomplete``, review).  A record
    with another USCC is left as it is: the registry check compares it
    (``registry.uscc_mismatch``).  Returned unchanged otherwise.

    >>> from qualcheck.registries import RegistryRecord
    >>> named = LookupResult.found(RegistryRecord(name="甲公司", source="x"))
    >>> unidentified(named, "91350100M000100Y43", "creditCode", "regNumber").reason
    'unidentified'
    >>> unidentified(named, None, "creditCode", "regNumber").reason is None
    True
    """
    record = found.record
    if not asked or record is None or record.uscc:
        return found
    if record.registration_number == normalize_identifier(asked):
        return found
    note = (
        f"the answer names the entity without the identifier asked for (no {uscc}, and no"
        f" {number} equal to it), so it does not show that it is the entity with that USCC"
    )
    detail = f"{found.detail}; {note}" if found.detail else note
    return dataclasses.replace(found, reason=found.reason or UNIDENTIFIED, detail=detail)


def now_utc(clock: Callable[[], float]) -> datetime.datetime:
    """The moment ``clock`` (seconds since the epoch) gives, as an aware UTC datetime."""
    return datetime.datetime.fromtimestamp(clock(), datetime.timezone.utc)


# --- provider codes ------------------------------------------------------------------------


class Action(str, enum.Enum):
    """What a provider's result code makes the adapter do."""

    OK = "ok"
    """Read the answer."""
    NOT_FOUND = "not_found"
    """The provider knows no such entity: ``LookupResult.not_found``."""
    FAIL = "fail"
    """This look-up failed and retrying will not help: ``LookupResult.failed``."""
    RETRY = "retry"
    """Transient: raise ``RegistryUnavailable`` so the driver retries with back-off."""
    ABORT = "abort"
    """Credentials, quota or permission: raise ``RegistryAbort`` and stop the run."""


@dataclass(frozen=True, slots=True)
class CodeRule:
    """How one provider code is handled: the :class:`Action`, the stable ``reason``
    word, the provider's meaning and, for aborts, what the operator should do."""

    action: Action
    reason: str
    meaning: str
    hint: str = ""

    @classmethod
    def ok(cls, meaning: str) -> CodeRule:
        """A success code."""
        return cls(Action.OK, "ok", meaning)

    @classmethod
    def not_found(cls, meaning: str) -> CodeRule:
        """A "no such entity" code."""
        return cls(Action.NOT_FOUND, "not_found", meaning)

    @classmethod
    def fail(cls, reason: str, meaning: str, hint: str = "") -> CodeRule:
        """A code that fails this look-up (``bad_request``, ``provider_error`` …)."""
        return cls(Action.FAIL, reason, meaning, hint)

    @classmethod
    def retry(cls, reason: str, meaning: str, hint: str = "") -> CodeRule:
        """A transient code (``rate_limited``, ``provider_error``), retried by the driver."""
        return cls(Action.RETRY, reason, meaning, hint)

    @classmethod
    def abort(cls, reason: str, meaning: str, hint: str) -> CodeRule:
        """A code that stops the run (``auth``, ``quota``, ``forbidden``)."""
        return cls(Action.ABORT, reason, meaning, hint)


_UNKNOWN = CodeRule.fail("provider_error", "code not documented; treated as a failed look-up")


@dataclass(frozen=True, slots=True)
class ProviderAnswer:
    """A provider's envelope after its code was checked: the code, its rule, the
    provider's message (scrubbed), the payload and the provider's request id."""

    code: str
    rule: CodeRule
    message: str
    data: Any
    request_id: str | None = None


class CodeMap:
    """A provider's result codes → :class:`CodeRule`.

    ``title`` names the provider in messages, ``source`` is the registry's name
    (default: ``title`` in lower case) and ``label`` the name of its code field
    (``error_code``, ``Status``, ``Code``).  With ``prefixes=True`` a dotted code with no
    rule of its own (``Throttling.User``) uses the rule of its first part
    (``Throttling``).  Codes without a rule give a ``provider_error`` failure.
    """

    def __init__(
        self,
        title: str,
        label: str,
        rules: Mapping[str, CodeRule],
        *,
        source: str | None = None,
        prefixes: bool = False,
    ) -> None:
        self.title = title
        self.label = label
        self.source = source or title.lower()
        self._rules = dict(rules)
        self._prefixes = prefixes

    def __iter__(self) -> Iterator[tuple[str, CodeRule]]:
        return iter(self._rules.items())

    def __len__(self) -> int:
        return len(self._rules)

    def rule(self, code: object) -> CodeRule:
        """The rule for ``code`` (compared as text)."""
        text = str(code).strip()
        found = self._rules.get(text)
        if found is None and self._prefixes and "." in text:
            found = self._rules.get(text.split(".", 1)[0])
        return found if found is not None else _UNKNOWN

    def check(
        self,
        code: object,
        message: str = "",
        *,
        retry_after: float | None = None,
    ) -> CodeRule:
        """The rule for ``code``; raises for transient codes (``RegistryUnavailable``)
        and aborts (``RegistryAbort``).  ``message`` is the provider's own text (already
        scrubbed of credentials)."""
        rule = self.rule(code)
        text = str(code).strip()
        if rule.action is Action.RETRY:
            raise RegistryUnavailable(
                f"{self.title} is busy ({self._describe(text, rule, message)}); retrying later",
                source=self.source,
                reason=rule.reason,
                provider_code=text,
                retry_after=retry_after,
            )
        if rule.action is Action.ABORT:
            raise RegistryAbort(
                f"{self.title} refused the request ({self._describe(text, rule, message)}):"
                f" {rule.hint}",
                source=self.source,
                reason=rule.reason,
                provider_code=text,
            )
        return rule

    def failed(self, answer: ProviderAnswer) -> LookupResult:
        """The failed :class:`~qualcheck.registries.LookupResult` for an answer whose
        rule is a failure."""
        detail = f"{self.title} answered {self._describe(answer.code, answer.rule, answer.message)}"
        if answer.rule.hint:
            detail += f"; {answer.rule.hint}"
        return LookupResult.failed(
            self.source,
            answer.rule.reason,
            detail,
            request_id=answer.request_id,
            provider_code=answer.code,
        )

    def _describe(self, code: str, rule: CodeRule, message: str) -> str:
        text = f"{self.label} {code}: {rule.meaning}"
        if message and message not in rule.meaning:
            text += f" — {message}"
        return text


class ProviderAdapter:
    """What the bundled provider adapters share: the base URL they call (argument, else
    environment variable, else the provider's default), the clock that signs and stamps,
    the largest answer they read, and how they name themselves in messages.

    Subclasses set ``name`` (the source) and ``TITLE`` (how messages spell the provider)
    and call ``super().__init__`` after reading their own options.
    """

    name: str
    TITLE: ClassVar[str]

    def __init__(
        self,
        *,
        base_url: str | None,
        url_env: str,
        default_url: str,
        clock: Callable[[], float],
        max_bytes: int,
    ) -> None:
        self.base_url = read_base_url(base_url, env=url_env, default=default_url, source=self.TITLE)
        self._clock = clock
        self._max_bytes = max_bytes

    def _credential(self, value: str | None, *, env: str, argument: str) -> Secret:
        """A credential given as ``argument``, else read from ``env`` (missing: abort)."""
        return read_credential(
            value, env=env, source=self.name, argument=argument, title=self.TITLE
        )

    def _read_json(self, response: httpx.Response) -> dict[str, Any]:
        """The JSON object in ``response`` (see :func:`read_json`)."""
        return read_json(response, source=self.name, title=self.TITLE, max_bytes=self._max_bytes)

    def _now(self) -> datetime.datetime:
        """This adapter's clock as an aware UTC datetime (``fetched_at``)."""
        return now_utc(self._clock)


def retry_after(response: httpx.Response) -> float | None:
    """The answer's ``Retry-After`` header in seconds (a number or an HTTP date), or
    ``None``: passed with a provider's own "too frequent" code, even in an HTTP 200, so
    that the driver waits as long as the provider asked (within its deadline)."""
    from qualcheck.registries._resilience import retry_after_seconds

    return retry_after_seconds(response.headers.get("retry-after"))


# --- Alibaba Cloud API Gateway -------------------------------------------------------------

GATEWAY_CODES = CodeMap(
    "Alibaba Cloud API Gateway",
    "X-Ca-Error-Message",
    {
        "Throttled by USER Flow Control": CodeRule.retry("rate_limited", "因用户流控被限制"),
        "Throttled by APP Flow Control": CodeRule.retry("rate_limited", "因APP流控被限制"),
        "Throttled by API Flow Control": CodeRule.retry("rate_limited", "因API流控被限制"),
        "Throttled by DOMAIN Flow Control": CodeRule.retry("rate_limited", "因二级域名流控被限制"),
        "Quota Exhausted": CodeRule.abort("quota", "调用次数已用完", "buy more calls for this API"),
        "Quota Expired": CodeRule.abort("quota", "购买次数已过期", "renew the purchased calls"),
        "User Arrears": CodeRule.abort("quota", "用户已欠费", "top up the Alibaba Cloud account"),
        "Expiry of Authorization": CodeRule.abort(
            "forbidden", "已经超出api授权时间范围", "renew the API authorisation"
        ),
        "Unauthorized": CodeRule.abort(
            "forbidden", "APP 未获得授权", "authorise the app for this API"
        ),
        "Invalid AppKey": CodeRule.abort("auth", "AppKey 无效或不存在", "check the AppKey"),
        "Invalid AppSecret": CodeRule.abort("auth", "APP 的Secret 错误", "check the AppSecret"),
        "Invalid AppCode": CodeRule.abort("auth", "AppCode 无效", "check the AppCode"),
        "Invalid Signature": CodeRule.abort("auth", "签名无效", "check the AppKey and AppSecret"),
        "Empty Signature": CodeRule.abort("auth", "签名为空", "check the AppKey and AppSecret"),
        "Timestamp Expired": CodeRule.abort(
            "auth", "时间戳过时", "check the system clock (UTC, within 15 minutes)"
        ),
        "Invalid Timestamp": CodeRule.abort(
            "auth", "时间戳不合法", "check the system clock (UTC, within 15 minutes)"
        ),
        "Invalid Url": CodeRule.abort("forbidden", "Url 无效", "check the base URL"),
        "Invalid Domain": CodeRule.abort("forbidden", "域名无效", "check the base URL"),
    },
    source="api_gateway",
)
"""What Alibaba Cloud's API Gateway (the gateway of the 云市场 market APIs) says in its
``X-Ca-Error-Message`` header when it refuses a call itself, before any provider sees it,
usually with an empty body.  Its throttling comes with HTTP **403**, like a missing
permission: read by the status alone it would stop the run as ``forbidden``; its quota
and key errors come with HTTP 400, which alone would be a per-record ``bad_request``."""


def gateway_rule(message: str | None) -> CodeRule | None:
    """The :data:`GATEWAY_CODES` rule for an ``X-Ca-Error-Message`` header, compared
    without case up to its first comma (``Invalid Signature, Server StringToSign:…``);
    ``None`` for an absent or unknown message (the HTTP status then decides).

    >>> gateway_rule("Throttled by APP Flow Control").action, gateway_rule("x") is None
    (<Action.RETRY: 'retry'>, True)
    >>> gateway_rule("Invalid Signature, Server StringToSign:GET\\\\n...").reason
    'auth'
    """
    if not message:
        return None
    phrase = " ".join(message.split(",", 1)[0].split()).lower()
    for known, rule in GATEWAY_CODES:
        if known.lower() == phrase:
            return rule
    return None
