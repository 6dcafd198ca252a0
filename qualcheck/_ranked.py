"""String enums ordered by rank, not as the text they also are.

``Decision`` and ``Severity`` are strings (they serialise as ``"fail"``, ``"error"``), but
``"fail" < "pass"`` as text; ordered as text, ``max`` and ``>=`` would mean the wrong thing.

>>> import enum
>>> class Size(RankedStrEnum):
...     SMALL = "small"
...     LARGE = "large"
...     @property
...     def rank(self) -> int:
...         return 0 if self is Size.SMALL else 1
>>> Size.LARGE > Size.SMALL, Size.SMALL < "large", max(["large", Size.SMALL], key=Size)
(True, True, 'large')
"""

from __future__ import annotations

import enum

__all__ = ["RankedStrEnum"]


class RankedStrEnum(str, enum.Enum):
    """A string enum whose members compare by :attr:`rank`, also against the plain
    strings that name them; any other string is a ``TypeError``."""

    @property
    def rank(self) -> int:
        """The member's place in the order (subclasses define it)."""
        raise NotImplementedError

    def _other_rank(self, other: object) -> int | None:
        """The rank of ``other`` (a member or its value), ``None`` if not a string."""
        if isinstance(other, str):
            try:
                return type(self)(other).rank
            except ValueError:
                raise TypeError(f"cannot order a {type(self).__name__} and {other!r}") from None
        return None

    def __lt__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank < rank

    def __le__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank <= rank

    def __gt__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank > rank

    def __ge__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else self.rank >= rank
