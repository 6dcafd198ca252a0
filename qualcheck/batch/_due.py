"""What is due: sellers to re-verify and documents that expired or are about to.

Platforms re-verify every seller at least every six months (网络交易监督管理办法 art. 24;
the policy's ``reverify_after_months``) and must act before a licence lapses.
:func:`due_items` lists, for one record, what needs doing as of a date:

* ``expired`` — a document whose term ended before ``as_of``;
* ``unreadable`` — the record, or one of its documents, could not be read: its terms
  cannot be shown to be current (qualcheck fails closed);
* ``reverification_due`` — the ``reverify_after_months`` after the last verification end
  on or before ``as_of``: the last day of the period (2026-05-29 → 2026-11-29) is the last
  day to re-verify in time, so the seller is on that day's list (a verification that day
  is in time: ``verify`` reports ``merchant.reverification_due`` only from the next day);
  or never verified, or on a date that cannot be read or lies after ``as_of`` (the clock
  cannot be trusted);
* ``expiring`` — a document whose term ends within ``within`` days (default: the
  policy's ``expiring_soon_days``, 30).

:func:`urgency` sorts them: expired first, longest ago first; then unreadable; then due,
never verified and longest overdue first; then expiring, soonest first.  Identity
document numbers are masked; phones and ID numbers are never shown.

>>> import datetime, random
>>> from qualcheck.testing import make_merchant
>>> as_of = datetime.date(2026, 11, 29)
>>> record = make_merchant("restaurant", as_of=as_of, rng=random.Random(2),
...                        expiring=["food_business"], last_verified_months_ago=7)
>>> items = sorted(due_items(record, as_of=as_of), key=urgency)
>>> [(item.status, item.document) for item in items]
[('reverification_due', None), ('expiring', 'food_business')]
>>> items[0].describe()
'due since 2026-10-29 (31 days)'
>>> [item.describe() for item in due_items(dict(record, last_verified_at="2026-05-29"),
...                                         as_of=as_of) if item.document is None]
['due today (2026-11-29)']
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from qualcheck._scrub import scrub
from qualcheck.numbers import ric

__all__ = ["DueItem", "DueStatus", "due_items", "urgency"]

DueStatus = Literal["expired", "unreadable", "reverification_due", "expiring"]
_RANK = {"expired": 0, "unreadable": 1, "reverification_due": 2, "expiring": 3}


@dataclass(frozen=True, slots=True)
class DueItem:
    """One thing to do about one seller (see the module docs).

    ``days``: for ``expired``, days since the last day of validity; for
    ``reverification_due``, days past the due date (``None``: never verified); for
    ``expiring``, days left.  ``date``: the last day of validity, or the last day to
    re-verify in time (``days`` 0: today).  ``number`` is the document's number (masked for identity
    documents); ``reason`` says what could not be read.
    """

    status: DueStatus
    days: int | None = None
    date: datetime.date | None = None
    merchant_id: str | None = None
    name: str | None = None
    document: str | None = None
    document_title: str | None = None
    number: str | None = None
    last_verified_at: datetime.date | None = None
    reason: str | None = None
    file: str | None = None
    line: int | None = None

    def describe(self) -> str:
        """What is due, in words (English)."""
        if self.status == "expired":
            return f"expired {self.date} ({_days(self.days)} ago)"
        if self.status == "expiring":
            return f"expires {self.date} (in {_days(self.days)})"
        if self.status == "reverification_due":
            if self.reason is not None:
                return self.reason
            if self.last_verified_at is None:
                return "never verified"
            if self.days == 0:
                return f"due today ({self.date})"
            return f"due since {self.date} ({_days(self.days)})"
        return f"unreadable: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO text)."""
        return {
            "status": self.status,
            "days": self.days,
            "date": self.date.isoformat() if self.date else None,
            "merchant_id": self.merchant_id,
            "name": self.name,
            "document": self.document,
            "document_title": self.document_title,
            "number": self.number,
            "last_verified_at": self.last_verified_at.isoformat()
            if self.last_verified_at
            else None,
            "reason": self.reason,
            "file": self.file,
            "line": self.line,
            "description": self.describe(),
        }


def _days(days: int | None) -> str:
    return "1 day" if days == 1 else f"{days} days"


def _unreadable_date(problems: list[Any]) -> str | None:
    """Why ``last_verified_at`` could not be read (the field named, the value shown only
    as the reader quoted it, personal numbers masked), or ``None`` when it could."""
    for problem in problems:
        if problem.path[:1] == ("last_verified_at",):
            why = problem.ctx.get("reason") or problem.message
            return scrub(f"last verification date unreadable (last_verified_at: {why})")
    return None


def urgency(item: DueItem) -> tuple[Any, ...]:
    """Sort key: most urgent first (see the module docs)."""
    if item.status in ("expired", "reverification_due"):
        within = -(item.days if item.days is not None else 10**9)
    elif item.status == "expiring":
        within = item.days if item.days is not None else 0
    else:
        within = 0
    return (_RANK[item.status], within, item.file or "", item.line or 0, item.document or "")


def _number(document: Any) -> str:
    number = str(document.number)
    return ric.mask(number) if document.kind == "identity" else number


def due_items(
    record: Any,
    *,
    as_of: datetime.date | None = None,
    policy: Any = None,
    within: int | None = None,
    file: str | None = None,
    line: int | None = None,
) -> list[DueItem]:
    """What is due about ``record`` (a mapping, JSON text or :class:`~qualcheck.Merchant`)
    as of ``as_of`` (default: today in China), unsorted; ``file`` and ``line`` are
    copied into the items."""
    from qualcheck._record import read_record
    from qualcheck.checks.lifecycle import _months_after
    from qualcheck.checks.validity import _expires, _renewals
    from qualcheck.numbers._dates import today
    from qualcheck.policy import DEFAULT_POLICY

    as_of = as_of or today()
    policy = policy or DEFAULT_POLICY
    days_ahead = policy.expiring_soon_days if within is None else within
    merchant, problems, _ = read_record(record, as_of=as_of)
    merchant_id = None
    if merchant is not None:
        merchant_id = merchant.merchant_id
    elif isinstance(record, Mapping) and isinstance(record.get("merchant_id"), (str, int)):
        merchant_id = str(record["merchant_id"])
    if merchant_id is not None:  # an id that is a personal number is shown masked
        merchant_id = scrub(merchant_id)
    name = scrub(merchant.name) if merchant is not None else None  # a number typed as name
    where: dict[str, Any] = {"merchant_id": merchant_id, "name": name, "file": file, "line": line}
    items: list[DueItem] = []
    if merchant is None:
        reason = problems[0].message if problems else "the record could not be read"
        return [DueItem("unreadable", reason=reason, **where)]
    for problem in problems:
        if problem.code == "record.entry_dropped" and problem.path[:1] == ("documents",):
            place = "documents" + "".join(f"[{part}]" for part in problem.path[1:])
            items.append(DueItem("unreadable", reason=f"{place} could not be read", **where))
    last = merchant.last_verified_at
    months = policy.reverify_after_months
    unreadable_date = _unreadable_date(problems)
    if last is None and unreadable_date:  # given, but not a date: due, and said so
        items.append(DueItem("reverification_due", reason=unreadable_date, **where))
    elif last is None:
        items.append(DueItem("reverification_due", **where))
    elif last > as_of:  # a date to come: the six months cannot be counted from it
        reason = f"last verified {last}, after {as_of}"
        items.append(DueItem("reverification_due", last_verified_at=last, reason=reason, **where))
    elif (due := _months_after(last, months)) <= as_of:  # the last day in time included
        items.append(
            DueItem(
                "reverification_due",
                days=(as_of - due).days,
                date=due,
                last_verified_at=last,
                **where,
            )
        )
    renewed = _renewals(merchant.documents, as_of)  # replaced by a renewal on file
    for index, document in enumerate(merchant.documents):
        validity = document.validity
        if not _expires(document) or index in renewed:
            continue
        if validity is None or validity.valid_to is None:
            if validity is None or not validity.long_term:  # no readable end: fail closed
                items.append(
                    DueItem(
                        "unreadable",
                        reason=f"documents[{index}] has no readable term",
                        document=document.kind,
                        document_title=document.TITLE,
                        number=_number(document),
                        last_verified_at=last,
                        **where,
                    )
                )
            continue
        left = (validity.valid_to - as_of).days
        if left < 0:
            status: DueStatus = "expired"
            days = -left
        elif left <= days_ahead:
            status, days = "expiring", left
        else:
            continue
        items.append(
            DueItem(
                status,
                days=days,
                date=validity.valid_to,
                document=document.kind,
                document_title=document.TITLE,
                number=_number(document),
                last_verified_at=last,
                **where,
            )
        )
    return items
