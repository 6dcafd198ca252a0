"""Finding codes, severities and the catalogue that documents them.

Every finding qualcheck emits has a stable dotted code (``uscc.checksum``,
``ric.region_unknown`` …).  Codes are declared next to the rule that emits them with
:func:`define`, each with a default severity and an English and a Chinese message
template; the catalogue (:func:`catalogue`) gathers them for the docs and the CLI.
Codes are never renamed: consumers branch on them, never on message text.

This module is pure Python (no pydantic, no httpx) so that ``qualcheck.numbers`` stays
cheap to import.

>>> import qualcheck.numbers.uscc
>>> entry = lookup("uscc.checksum")
>>> entry.severity
<Severity.ERROR: 'error'>
>>> entry.render({"expected": "3", "actual": "Z"})[0]
"Check character is 'Z', but the GB 32100 check gives '3'."
"""

from __future__ import annotations

import datetime
import functools
import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from qualcheck._ranked import RankedStrEnum

__all__ = ["Code", "Finding", "Severity", "catalogue", "define", "lookup"]


class Severity(RankedStrEnum):
    """How much a finding weighs.

    ``error`` — an official rule is broken; ``warning`` — a soft (empirical or regional)
    rule failed and a person should review; ``info`` — worth knowing, changes nothing.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info (for sorting and maxima)."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class _KeepMissing(dict[str, Any]):
    """Format mapping that leaves unknown placeholders visible instead of raising; a
    Chinese variant (``reason_zh``) not given falls back to the value it translates."""

    def __missing__(self, key: str) -> str:
        if key.endswith("_zh") and key[:-3] in self:
            return str(self[key[:-3]])
        return "{" + key + "}"


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of the finding catalogue.

    ``rule`` names the soft rule for codes whose rule is empirical or regional (their
    findings never make a number invalid); it is ``None`` for official rules.
    """

    code: str
    severity: Severity
    en: str
    zh: str
    rule: str | None = None

    def render(self, ctx: Mapping[str, Any]) -> tuple[str, str]:
        """Return the (English, Chinese) messages with ``ctx`` filled in.

        The English templates quote input with ``!r``; the Chinese ones quote it in
        “…”, so text values are given to them with non-printable characters escaped
        the same way (a NUL, an escape sequence or a bidi override typed into a number
        never reaches a log or a terminal raw).

        >>> Code("x.y", Severity.ERROR, "{found!r}", "“{found}”").render({"found": "2\x1b[0m"})
        ("'2\\x1b[0m'", '“2\\x1b[0m”')

        Three format specs write a value as prose does, ``ctx`` keeping it as it is:
        ``{d:date}`` an ISO date as Chinese documents write it, ``{i:nth}`` a 0-based
        index as the 1-based ordinal people count in, ``{k:a}`` an English noun with
        its article.

        >>> Code("x.z", Severity.INFO, "{k:a}", "{d:date}、第{i:nth}份").render(
        ...     {"k": "enterprise", "d": "2026-03-05", "i": 1})
        ('an enterprise', '2026年3月5日、第2份')
        """
        values = printable = _KeepMissing(ctx)
        for key, value in ctx.items():  # a loop, not a comprehension: most text is printable
            if isinstance(value, str) and not value.isprintable():
                if printable is values:
                    printable = _KeepMissing(ctx)
                printable[key] = _escaped(value)
        return _fill(self.en, values), _fill(self.zh, printable)


_PROSE_FIELD = re.compile(r"\{(\w+):(date|nth|a)\}")
"""A slot written as prose: ``{name:date}``, ``{name:nth}`` or ``{name:a}``."""
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@functools.lru_cache(maxsize=1024)
def _prose_slots(template: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """``template`` with each prose slot ``{name:spec}`` renamed ``{name:spec}`` →
    ``{name__spec}`` (so that ``format_map`` fills it), and the (name, spec) pairs; the
    template as it is when it has none (most)."""
    slots = tuple(dict.fromkeys(_PROSE_FIELD.findall(template)))
    if not slots:
        return template, ()
    return _PROSE_FIELD.sub(r"{\1__\2}", template), slots


def _fill(template: str, values: dict[str, Any]) -> str:
    """``template`` filled from ``values`` (a :class:`_KeepMissing`, whose missing slots
    stay visible), its prose slots written by :func:`_prose`."""
    plain, slots = _prose_slots(template)
    for name, spec in slots:
        values[f"{name}__{spec}"] = _prose(values[name], spec)
    return plain.format_map(values)


def _prose(value: Any, spec: str) -> str:
    """``value`` written by the prose ``spec`` (see :meth:`Code.render`); a value the spec
    does not fit (``长期`` for a date, a missing slot) as it is."""
    if spec == "date":
        return _date_zh(value)
    if spec == "nth":
        counted = isinstance(value, int) and not isinstance(value, bool)
        return str(value + 1) if counted else str(value)
    return with_article(str(value))


def with_article(noun: str) -> str:
    """``noun`` with the English indefinite article its first letter takes.

    >>> with_article("enterprise"), with_article("branch")
    ('an enterprise', 'a branch')
    """
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _date_zh(value: object) -> str:
    """An ISO date (or a :class:`datetime.date`) as Chinese prose writes it; anything
    else as it is.

    >>> _date_zh("2026-03-05"), _date_zh(datetime.date(2013, 1, 1)), _date_zh("长期")
    ('2026年3月5日', '2013年1月1日', '长期')
    """
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    text = str(value)
    found = _ISO_DATE.fullmatch(text)
    if found is None:
        return text
    return f"{int(found[1])}年{int(found[2])}月{int(found[3])}日"


def _escaped(text: str) -> str:
    """``text`` with its non-printable characters written as ``repr`` writes them."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


_CATALOGUE: dict[str, Code] = {}

_TYPES_ZH = {
    "NoneType": "空值（null）",
    "bool": "布尔值",
    "int": "整数",
    "float": "数字",
    "Decimal": "数字",
    "str": "文本",
    "bytes": "字节串",
    "bytearray": "字节串",
    "list": "列表",
    "tuple": "列表",
    "dict": "对象",
}


def type_zh(value: object) -> str:
    """What ``value`` is, in Chinese, for messages that say what was given instead.

    >>> type_zh(None), type_zh([1]), type_zh(object())
    ('空值（null）', '列表', 'object类型的值')
    """
    name = type(value).__name__
    return _TYPES_ZH.get(name, f"{name}类型的值")


def define(*codes: Code) -> Mapping[str, Code]:
    """Register codes in the catalogue and return them keyed by code.

    Re-defining a code with different content is an error (codes are stable).
    """
    for entry in codes:
        existing = _CATALOGUE.get(entry.code)
        if existing is not None and existing != entry:
            raise ValueError(f"finding code {entry.code!r} is already defined differently")
        _CATALOGUE[entry.code] = entry
    return MappingProxyType({entry.code: entry for entry in codes})


def lookup(code: str) -> Code:
    """Return the catalogue entry of ``code`` (``KeyError`` if no module defines it).

    A code whose module was not imported yet is found too: the modules that define codes
    are imported on the first miss."""
    found = _CATALOGUE.get(code)
    if found is None:
        catalogue()
        found = _CATALOGUE[code]
    return found


_ENGINE_MODULES = ("qualcheck.phones", "qualcheck._record", "qualcheck._verify")


def catalogue(modules: Iterable[str] = ()) -> list[Code]:
    """Every defined code, sorted; imports the modules that define codes first, so that
    none is missing."""
    from qualcheck.checks import CHECK_MODULES
    from qualcheck.numbers import KINDS

    kinds = (f"qualcheck.numbers.{kind}" for kind in KINDS)
    for name in (*kinds, *_ENGINE_MODULES, *CHECK_MODULES, *modules):
        importlib.import_module(name)
    return [_CATALOGUE[key] for key in sorted(_CATALOGUE)]


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a check found: a stable code, a severity and messages in two languages.

    ``position`` is the 1-based character position in the normalised number where the
    finding applies (``None`` when it concerns the whole value); ``path`` locates the
    value inside a record (empty for a bare number); ``ctx`` holds machine-readable
    parameters.  Personal data never goes into ``ctx`` or the messages.

    >>> import qualcheck.numbers.uscc
    >>> f = Finding.of("uscc.checksum", position=18, expected="3", actual="Z")
    >>> f.code, f.severity.value, f.position
    ('uscc.checksum', 'error', 18)
    """

    code: str
    severity: Severity
    message: str
    message_zh: str
    position: int | None = None
    rule: str | None = None
    ctx: Mapping[str, Any] = field(default_factory=dict)
    path: tuple[str | int, ...] = ()

    @classmethod
    def of(
        cls,
        code: str,
        *,
        position: int | None = None,
        severity: Severity | None = None,
        **ctx: Any,
    ) -> Finding:
        """Build a finding from its catalogue entry, rendering the messages from ``ctx``."""
        entry = _CATALOGUE.get(code) or lookup(code)
        en, zh = entry.render({"position": position, **ctx})
        # positional, in field order: this runs for every finding
        return cls(code, severity or entry.severity, en, zh, position, entry.rule, ctx)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``severity`` as its string value)."""
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "message_zh": self.message_zh,
        }
        if self.position is not None:
            out["position"] = self.position
        if self.rule is not None:
            out["rule"] = self.rule
        if self.ctx:
            out["ctx"] = dict(self.ctx)
        if self.path:
            out["path"] = list(self.path)
        return out
