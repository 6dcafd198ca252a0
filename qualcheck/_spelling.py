"""Field names as other backends spell them: the camelCase of Java and JavaScript JSON.

A platform whose backend serialises its objects the Java or JavaScript way writes
``holderName``, ``validTo`` and ``legalRepresentative`` where qualcheck's fields are
``holder_name``, ``valid_to`` and ``legal_representative``.  The models read the exact
camelCase spelling of each of their fields as that field (:func:`respell`, called by each
model's before-validator, so that the validators that read the raw keys see them too);
their JSON Schema and ``model_dump`` keep the snake_case names.  A record that gives a
field in both spellings with different values is an error that names the field
(``spelling_conflict``): the record states two values, and neither may be silently
chosen.

Keys that are neither — ``HolderName``, ``holder-name``, ``holdername``, a field in
another case or with other separators (:func:`near_miss`) — are not read: the
verification engine reports each of them (``record.invalid_value``) rather than pass a
record whose data it never looked at.  Any other key is the platform's own and is ignored.

>>> camel("declared_annual_turnover_yuan"), camel("uscc")
('declaredAnnualTurnoverYuan', 'uscc')
>>> names = Spellings(("holder_name", "valid_to", "number"))
>>> respell({"holderName": "示例有限公司", "validTo": "2028-06-11", "number": "1"}, names)
{'number': '1', 'holder_name': '示例有限公司', 'valid_to': '2028-06-11'}
>>> names.near_miss("Holder-Name"), names.near_miss("holder_name"), names.near_miss("shopCode")
('holder_name', None, None)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic_core import PydanticCustomError

from qualcheck._reasons import field_label_zh

__all__ = ["Spellings", "camel", "respell"]

_SEPARATORS = re.compile(r"[\s_\-.]+")
_LONGEST_KEY = 64
"""Longer keys misspell no field (the longest has 29 characters): not compared."""


@functools.lru_cache(maxsize=512)
def camel(name: str) -> str:
    """The camelCase spelling of the snake_case field name ``name``."""
    first, *rest = name.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


@functools.lru_cache(maxsize=1024)
def _loose_key(key: str) -> str:
    """``key`` as near misses are compared: NFKC, case-folded, without spaces,
    underscores, hyphens and dots (``Holder-Name`` → ``holdername``)."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", key).casefold())


class Spellings:
    """The keys a model reads: its field names (``fields``), and the camelCase spelling of
    each (the ``camel`` map, camelCase → field); near misses are looked up by
    :meth:`near_miss`."""

    __slots__ = ("camel", "fields", "loose")

    def __init__(self, fields: Iterable[str]) -> None:
        self.fields = frozenset(fields)
        self.camel = {camel(name): name for name in sorted(self.fields) if camel(name) != name}
        self.loose = {_loose_key(name): name for name in sorted(self.fields)}

    def near_miss(self, key: str) -> str | None:
        """The field ``key`` misspells — the same letters in another case or with other
        separators, and neither the field's name nor its camelCase — else ``None``."""
        if len(key) > _LONGEST_KEY or key in self.fields or key in self.camel:
            return None
        return self.loose.get(_loose_key(key))


def same_value(first: Any, second: Any) -> bool:
    """Whether two spellings of one field give the same value: equal, or text that only
    differs in white space and in full-width forms (NFKC)."""
    if first == second:
        return True
    if isinstance(first, str) and isinstance(second, str):
        return _plain_text(first) == _plain_text(second)
    return False


def _plain_text(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def conflict(field: str, key: str) -> PydanticCustomError:
    """The error of a field given both as ``field`` and as ``key`` with different values
    (the values are not quoted: they may be personal numbers)."""
    return PydanticCustomError(
        "spelling_conflict",
        "{field} is given twice, as {field} and as {key}, with different values",
        {
            "field": field,
            "key": key,
            "reason_zh": f"{field_label_zh(field)}以{field}和{key}两种写法填写了两次，且取值不同",
        },
    )


def respell(
    data: dict[str, Any],
    spellings: Spellings,
    same: Callable[[str, Any, Any], bool] | None = None,
) -> dict[str, Any]:
    """``data`` with every key that is the camelCase spelling of a field renamed to the
    field (a new dict when any is; ``data`` itself, untouched, when none is).  A field
    given both ways is kept when the two values agree (:func:`same_value`, or ``same``
    called with the field and both values), else an error of type ``spelling_conflict``
    names it."""
    if data.keys().isdisjoint(spellings.camel):  # the common case: snake_case only
        return data
    out = dict(data)
    for key, field in spellings.camel.items():
        if key not in out:
            continue
        value = out.pop(key)
        if field not in out:
            out[field] = value
            continue
        agree = same_value(out[field], value) if same is None else same(field, out[field], value)
        if not agree:
            raise conflict(field, key)
    return out


def respelled(data: Any, spellings: Spellings) -> Any:
    """:func:`respell` for a mapping of any type; anything else as it is."""
    if type(data) is dict:
        return respell(data, spellings)
    if isinstance(data, Mapping):
        return respell(dict(data), spellings)
    return data
