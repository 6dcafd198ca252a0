"""Caches bounded in memory as well as in entries: what is remembered of seller-supplied text.

``functools.lru_cache(maxsize=n)`` bounds the number of entries, not their size: fed
records with scopes or names of a hundred thousand characters, each distinct, the caches
of scope reading and name comparison would keep gigabytes.  :func:`remembered` remembers
answers for arguments up to ``longest`` characters in an LRU cache of ``maxsize``
entries (real scopes, names and keys are far shorter, and those that recur are short), and
for longer ones only the last :data:`RECENT` (a record reads its scope several times; the
memory they hold is then a few times the largest recent input, whatever the number of
records).  The wrapper keeps ``cache_clear`` and ``cache_info`` (of the short arguments'
cache; ``cache_clear`` empties both).

>>> @remembered(maxsize=2, longest=4)
... def shout(text: str) -> str:
...     return text.upper()
>>> [shout(text) for text in ("abc", "abcdefgh", "abcdefgi", "abcdefgj", "abcdefgk", "abcdefgl")]
['ABC', 'ABCDEFGH', 'ABCDEFGI', 'ABCDEFGJ', 'ABCDEFGK', 'ABCDEFGL']
>>> shout.cache_info().currsize, shout.recent_info().currsize
(1, 4)
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["LONGEST_NAME", "LONGEST_SCOPE", "RECENT", "remembered", "text_size", "texts_size"]

_P = ParamSpec("_P")
_R = TypeVar("_R")

LONGEST_NAME = 256
"""The longest name, key or status remembered (a registered name is at most a few dozen
characters)."""

RECENT = 4
"""Calls with longer arguments remembered (the last ones only)."""

LONGEST_SCOPE = 2048
"""The longest scope remembered, all its parts together (a licence's scope is a few hundred
characters; a business licence's rarely over a thousand)."""


def text_size(value: object, *_: object, **__: object) -> int:
    """The length of ``value`` (text)."""
    return len(value)  # type: ignore[arg-type]


def texts_size(texts: tuple[str, ...], *_: object, **__: object) -> int:
    """The length of the texts in ``texts`` together."""
    return sum(map(len, texts))


def remembered(
    *, maxsize: int, longest: int, size: Callable[..., int] = text_size
) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """An LRU cache of ``maxsize`` entries for calls whose ``size(*args)`` is at most
    ``longest``; other calls are not remembered."""

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        recent = functools.lru_cache(maxsize=RECENT)(function)

        def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            if size(*args, **kwargs) <= longest:
                return cached(*args, **kwargs)  # type: ignore[arg-type]
            return recent(*args, **kwargs)  # type: ignore[arg-type]

        def call_text(text: str) -> _R:  # the common case, without packing arguments
            if len(text) <= longest:
                return cached(text)
            return recent(text)

        def call_texts(texts: tuple[str, ...]) -> _R:
            if sum(map(len, texts)) <= longest:
                return cached(texts)
            return recent(texts)

        def cache_clear() -> None:
            cached.cache_clear()
            recent.cache_clear()

        if size is text_size and _one_argument(function):
            call = call_text  # type: ignore[assignment]
        elif size is texts_size and _one_argument(function):
            call = call_texts  # type: ignore[assignment]
        functools.update_wrapper(call, function)
        call.cache_clear = cache_clear  # type: ignore[attr-defined]
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.recent_info = recent.cache_info  # type: ignore[attr-defined]
        return call

    return decorate


def _one_argument(function: Callable[..., object]) -> bool:
    """Whether ``function`` takes exactly one argument, by position."""
    parameters = list(inspect.signature(function).parameters.values())
    return len(parameters) == 1 and parameters[0].kind in (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    )
