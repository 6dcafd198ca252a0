"""The decision of a verification: pass < review < fail, and the largest wins.

>>> combine([Decision.PASS, Decision.REVIEW])
<Decision.REVIEW: 'review'>
>>> combine([])
<Decision.PASS: 'pass'>
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

__all__ = ["Decision", "combine"]


class Decision(str, enum.Enum):
    """What the platform should do with the seller.

    ``pass``: admit; ``review``: a person must look (a soft rule failed, or a check could
    not run — qualcheck fails closed); ``fail``: an official rule or a hard requirement
    is broken.
    """

    PASS = "pass"
    REVIEW = "review"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        """0 for pass, 1 for review, 2 for fail."""
        return _RANK[self]


_RANK = {Decision.PASS: 0, Decision.REVIEW: 1, Decision.FAIL: 2}


def combine(decisions: Iterable[Decision]) -> Decision:
    """The largest decision (``pass`` when there is none)."""
    return max(decisions, key=_RANK.__getitem__, default=Decision.PASS)
