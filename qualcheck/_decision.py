"""The decision of a verification: pass < review < fail, and the largest wins.

>>> combine([Decision.PASS, Decision.REVIEW])
<Decision.REVIEW: 'review'>
>>> combine([])
<Decision.PASS: 'pass'>

Decisions compare by that order, not as the strings they also are (``"fail" < "pass"``
as text), so that ``max`` and ``>=`` mean what a platform means by them:

>>> max([Decision.FAIL, Decision.PASS]), Decision.FAIL >= Decision.REVIEW
(<Decision.FAIL: 'fail'>, True)
>>> sorted(["fail", Decision.PASS, "review"], key=Decision)
[<Decision.PASS: 'pass'>, 'review', 'fail']
"""

from __future__ import annotations

from collections.abc import Iterable

from qualcheck._ranked import RankedStrEnum

__all__ = ["Decision", "combine"]


class Decision(RankedStrEnum):
    """What the platform should do with the seller.

    ``pass``: admit; ``review``: a person must look (a soft rule failed, or a check could
    not run — qualcheck fails closed); ``fail``: an official rule or a hard requirement
    is broken.  Ordered ``pass < review < fail`` (also against the plain strings
    ``"pass"``, ``"review"`` and ``"fail"``; any other string is a ``TypeError``).
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
    """The largest decision (``pass`` when there is none); plain strings ``"pass"`` …
    are read as the decisions they name."""
    best, rank = Decision.PASS, 0
    for decision in decisions:  # the first of the largest, as max() gives it
        if type(decision) is not Decision:
            decision = Decision(decision)
        if _RANK[decision] > rank:
            best, rank = decision, _RANK[decision]
    return best
