"""JSON text parsed as :func:`json.loads` parses it, noting the keys an object gives twice.

``{"documents": [an expired licence], "documents": [a valid one]}`` is valid JSON to
Python, which keeps the last value; another reader (the platform's own, a database's
JSON type) may keep the first.  A record is never verified on one reading while the
platform shows the other: the keys given twice with different values are noted, by
their path, so that the engine reports them.

>>> value, twice = loads_noting_duplicates('{"a": 1, "b": {"c": 2, "c": 3}, "a": 1}')
>>> value, twice
({'a': 1, 'b': {'c': 3}}, [('b', 'c')])
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["loads_noting_duplicates"]

_Path = tuple[str | int, ...]


def loads_noting_duplicates(text: str | bytes) -> tuple[Any, list[_Path]]:
    """``text`` parsed (``ValueError`` and ``RecursionError`` propagate, as from
    :func:`json.loads`), and the path of every key an object gives twice with different
    values (the value read is the last, as :func:`json.loads` reads it)."""
    twice: dict[int, tuple[dict[str, Any], list[str]]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            keys = _differing(items)
            if keys:  # the object is kept alive here, so that its id stays its own
                twice[id(out)] = (out, keys)
        return out

    value = json.loads(text, object_pairs_hook=pairs)
    return value, (_paths(value, twice) if twice else [])


def _differing(items: list[tuple[str, Any]]) -> list[str]:
    """The keys given more than once in ``items`` with values that differ."""
    first: dict[str, Any] = {}
    keys: list[str] = []
    for key, item in items:
        if key in first and first[key] != item and key not in keys:
            keys.append(key)
        first.setdefault(key, item)
    return keys


def _paths(value: Any, twice: dict[int, tuple[dict[str, Any], list[str]]]) -> list[_Path]:
    """The paths (in ``value``) of the keys noted in ``twice``, walking without recursion
    (the value may be nested as deeply as the parser allows)."""
    found: list[_Path] = []
    stack: list[tuple[Any, _Path]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            noted = twice.get(id(node))
            if noted is not None and noted[0] is node:
                found.extend((*path, key) for key in noted[1])
            stack.extend((child, (*path, key)) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, (*path, index)) for index, child in enumerate(node))
    return sorted(found, key=lambda path: [str(part) for part in path])
