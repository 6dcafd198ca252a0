"""How deep a parsed JSON value nests, measured without recursion.

A record nested hundreds of levels deep is no seller's record, and how deep Python can
follow it depends on the call stack at hand (a worker process and the main one differ).
Records parsed from text are held to a fixed limit instead, so that the same text is read
the same way everywhere.

>>> too_deep({"a": [[1]]}, limit=3), too_deep({"a": [[1]]}, limit=2)
(False, True)
>>> too_deep("text")
False
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_NESTING", "too_deep"]

MAX_NESTING = 500
"""The deepest nesting of objects and arrays read from a record's text."""


def too_deep(value: Any, limit: int = MAX_NESTING) -> bool:
    """Whether ``value`` nests dicts and lists more than ``limit`` levels deep."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False
