"""Validity: is each document in force on ``as_of``, and for how long still?

Licences carry their term on their face (the number does not encode it).  Filings (food
filing, class II device filing) never expire.  A licence renewed under its number and kept
next to its renewal is superseded; a renewal that starts later is the next term of a
licence in force, not a licence not yet valid.  Two copies of one licence from the same
first day that end on different days contradict each other, and which is genuine cannot be
told: review.  A licence without a readable term cannot be judged, so it asks for review.
Terms longer than the legal maximum, or "long-term" on a licence that cannot be
long-term, are soft findings: the date may have been misread.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from typing import Any

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.checks import Context, at, check
from qualcheck.models import BusinessLicense, DeviceBusinessLicense, DocumentBase, Merchant

__all__ = ["replaced_documents", "validity"]

_TERM_RULE = "legal maximum term of the licence"

CODES = define(
    Code(
        "license.expired",
        Severity.ERROR,
        "The {document} expired on {valid_to} ({days} days before {as_of}): upload the renewed"
        " document.",
        "{document_zh}已于{valid_to:date}到期（至核验日{as_of:date}已过期{days}天），"
        "请提供换发后的有效证件。",
    ),
    Code(
        "license.not_yet_valid",
        Severity.ERROR,
        "The {document} is only valid from {valid_from}, after {as_of}: check the date, or"
        " upload the document in force now.",
        "{document_zh}自{valid_from:date}起生效，晚于核验日{as_of:date}，"
        "请核对日期或提供现行有效的证件。",
    ),
    Code(
        "license.issue_date_future",
        Severity.ERROR,
        "The {document} is dated {issue_date}, after {as_of}: correct the issue date as the"
        " document gives it.",
        "{document_zh}的发证日期{issue_date:date}晚于核验日{as_of:date}，请按证件更正发证日期。",
    ),
    Code(
        "license.expiring_soon",
        Severity.WARNING,
        "The {document} expires on {valid_to}, in {days} days: ask for the renewed one.",
        "{document_zh}将于{valid_to:date}到期（剩余{days}天），请督促换证。",
        rule="expiring within the policy's expiring_soon_days",
    ),
    Code(
        "license.superseded",
        Severity.INFO,
        "The {document} valid to {valid_to} has been renewed: documents[{renewal}], with the"
        " same number, runs until {renewed_to}.",
        "有效期至{valid_to:date}的{document_zh}已换发：同一编号的第{renewal:nth}份证件有效期至"
        "{renewed_to:date}。",
    ),
    Code(
        "license.term_conflict",
        Severity.WARNING,
        "documents[{earlier}] and documents[{later}] are two copies of one {document} (same"
        " number, both from {term_from}) that end on different days, {earlier_to} and"
        " {later_to}: which one is genuine cannot be told; check the originals and remove the"
        " copy that is not.",
        "第{earlier:nth}份与第{later:nth}份证件是同一份{document_zh}（编号相同，均自"
        "{term_from:date}起），截止日期却不同（{earlier_to_zh:date}与{later_to_zh:date}），"
        "无法判断哪一份属实，请核对原件并删除不属实的一份。",
        rule="fail closed: two copies of one licence that disagree on its term are not"
        " assumed valid",
    ),
    Code(
        "license.validity_missing",
        Severity.WARNING,
        "The {document} has no readable term (valid to / long-term); it cannot be judged:"
        " enter the term the document gives.",
        "{document_zh}缺少可读取的有效期（截止日期或长期），无法判断是否有效，请按证件填写有效期。",
        rule="fail closed: a term that cannot be read is not assumed valid",
    ),
    Code(
        "license.long_term_unexpected",
        Severity.WARNING,
        "The {document} is recorded as long-term, but it is issued for at most {years} years:"
        " enter the end date the document gives.",
        "{document_zh}登记为长期有效，但该证照有效期最长为{years}年，请按证件填写有效期截止日期。",
        rule=_TERM_RULE,
    ),
    Code(
        "license.term_too_long",
        Severity.WARNING,
        "The {document} runs from {valid_from} to {valid_to}, longer than the {years} years"
        " it is issued for: check the dates.",
        "{document_zh}有效期自{valid_from:date}至{valid_to:date}，超过法定最长{years}年，"
        "请核对日期。",
        rule=_TERM_RULE,
    ),
)


def _names(document: DocumentBase) -> dict[str, Any]:
    if isinstance(document, DeviceBusinessLicense) and document.is_filing:
        return {"document": "class II device filing", "document_zh": "第二类医疗器械经营备案凭证"}
    return {"document": document.TITLE, "document_zh": document.TITLE_ZH}


def _expires(document: DocumentBase) -> bool:
    if isinstance(document, DeviceBusinessLicense):
        return not document.is_filing
    if isinstance(document, BusinessLicense) and _no_term_printed(document):
        return False
    return document.EXPIRES


def _no_term_printed(licence: BusinessLicense) -> bool:
    """An individual business's licence (USCC 92…) prints no 营业期限 — an individual
    business is registered without one — so one recorded without an end has none to
    judge (an end that is given is still judged)."""
    validity = licence.validity
    return str(licence.number).startswith("92") and (
        validity is None or (validity.valid_to is None and not validity.long_term)
    )


_RENEWAL_LEAD_MONTHS = 6
"""How long before the old term ends a renewal may be granted: applications are due up to
six months ahead (药品管理法实施条例 art. 17, 互联网药品信息服务管理办法 art. 17)."""


def _months_after(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months, a day the month lacks its last day."""
    if day == datetime.date.max:
        return day
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if year > datetime.MAXYEAR:
        return datetime.date.max
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _add_years(day: datetime.date, years: int) -> datetime.date:
    if day.year + years > datetime.MAXYEAR:
        return datetime.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _anniversary(start: datetime.date, years: int) -> datetime.date:
    """The latest end licences print for a term of ``years`` from ``start``: the
    anniversary, one day past the last day the term covers (2021-03-01 → 2026-03-01,
    2019-03-01 → 2024-03-01); from 29 February, the day after the 28th that ends the term
    when the year has no 29th (2020-02-29 → 2025-03-01, as printed besides 2025-02-28).

    >>> _anniversary(datetime.date(2021, 3, 1), 5), _anniversary(datetime.date(2020, 2, 29), 5)
    (datetime.date(2026, 3, 1), datetime.date(2025, 3, 1))
    """
    anniversary = _add_years(start, years)
    if start.day != 29 or start.month != 2:  # the day before + years, + 1 day: the same
        return anniversary
    return max(anniversary, _day_after(_add_years(start - datetime.timedelta(days=1), years)))


def _end(document: DocumentBase) -> datetime.date | None:
    """The last day ``document`` is in force (``date.max`` for long-term), if readable."""
    validity = document.validity
    if validity is None:
        return None
    return datetime.date.max if validity.long_term else validity.valid_to


def _in_force(document: DocumentBase, as_of: datetime.date) -> bool:
    validity, end = document.validity, _end(document)
    if validity is None or end is None or end < as_of:
        return False
    return validity.valid_from is None or validity.valid_from <= as_of


def _renewals(documents: tuple[DocumentBase, ...], as_of: datetime.date) -> dict[int, int]:
    """``{index: index of its renewal}`` (see :func:`_renewal_plan`)."""
    return _renewal_plan(documents, as_of)[0]


def replaced_documents(documents: tuple[DocumentBase, ...], as_of: datetime.date) -> frozenset[int]:
    """Indices of documents that ended before ``as_of`` and are renewed by another on file
    (same kind and number): their scope is no longer the seller's, the renewal's is."""
    return frozenset(
        index
        for index in _renewals(documents, as_of)
        if (end := _end(documents[index])) is not None and end < as_of
    )


def _renewal_plan(
    documents: tuple[DocumentBase, ...], as_of: datetime.date
) -> tuple[dict[int, int], frozenset[int]]:
    """``({index: index of its renewal}, indices of renewals not started yet)``.

    A renewed licence keeps its number (医疗器械经营监督管理办法 art. 16; the food licences
    likewise), and the file often keeps the old one too.  A licence is renewed by another
    document of the same kind and number that runs longer and is either in force on
    ``as_of`` or, not started yet, takes over the day after it ends at the latest (a
    renewal granted before the old term ends and counted from its end).  A document not
    started yet whose number is in force in another document is the next term of a
    licence the seller holds today, not a licence it lacks."""
    kinds = [document.kind for document in documents]
    if len(set(kinds)) == len(kinds):  # one document of each kind: nothing renewed
        return {}, frozenset()
    current: dict[tuple[str, str], int] = {}
    for index, document in enumerate(documents):
        if _expires(document) and _in_force(document, as_of):
            key = (document.kind, str(document.number))
            best = current.get(key)
            if best is None or (_end(document) or as_of) > (_end(documents[best]) or as_of):
                current[key] = index
    renewed: dict[int, int] = {}
    for index, document in enumerate(documents):
        renewal = current.get((document.kind, str(document.number)))
        end = _end(document)
        if renewal is None or renewal == index or end is None:
            continue
        if end < (_end(documents[renewal]) or end) and _starts_later(documents[renewal], document):
            renewed[index] = renewal
    pending: set[int] = set()
    for index, document in enumerate(documents):
        holder = current.get((document.kind, str(document.number)))
        start, end = _start(document), _end(document)
        if holder is None or start is None or start <= as_of or end is None:
            continue
        pending.add(index)  # the next term of a licence in force today
        held_to = _end(documents[holder])
        if held_to is None or end <= held_to:
            continue
        if start <= _day_after(held_to):  # no day without a licence in between
            follows = renewed.get(holder)
            if follows is None or end > (_end(documents[follows]) or end):
                renewed[holder] = index
    return renewed, frozenset(pending)


def _starts_later(renewal: DocumentBase, document: DocumentBase) -> bool:
    """Whether ``renewal`` may be the next term of ``document``: it starts after it, or,
    a start not printed on one of them, it was issued after it (or that is not known
    either).  Two copies of one term — same number, same first day — that print different
    ends contradict each other: neither replaces the other, each is judged (an expired
    copy is not hidden behind a longer one) and the contradiction is reported
    (:func:`_term_conflicts`).  A business licence is the exception: its 营业期限 runs
    from the day the company was established, and a change of the term (变更登记) keeps
    that first day, so the copy issued later is the licence as it stands."""
    first, then = _start(document), _start(renewal)
    if first is not None and then is not None:
        if then != first:
            return then > first
        return isinstance(renewal, BusinessLicense) and _issued_later(renewal, document)
    if document.issue_date is None or renewal.issue_date is None:
        return True
    return _issued_later(renewal, document)


def _issued_later(renewal: DocumentBase, document: DocumentBase) -> bool:
    """Whether both copies print an issue date and ``renewal``'s is the later."""
    issued, reissued = document.issue_date, renewal.issue_date
    return issued is not None and reissued is not None and reissued > issued


def _first_day(document: DocumentBase) -> datetime.date | None:
    """The day a copy's term runs from: its start, or the issue date of a licence that
    prints only its end."""
    return _start(document) or document.issue_date


def _term_conflicts(documents: tuple[DocumentBase, ...], renewed: dict[int, int]) -> dict[int, int]:
    """``{index: index of an earlier copy it contradicts}``: copies of one licence (same
    kind and number) from the same first day (:func:`_first_day`) that end on different
    days, neither replacing the other; each copy is reported once, against the first
    copy of its term."""
    conflicts: dict[int, int] = {}
    if len({document.kind for document in documents}) == len(documents):
        return conflicts  # one document of each kind: no copies
    first_copy: dict[tuple[str, str, datetime.date], int] = {}
    for index, document in enumerate(documents):
        first_day, end = _first_day(document), _end(document)
        if first_day is None or end is None or not _expires(document):
            continue
        earlier = first_copy.setdefault((document.kind, str(document.number), first_day), index)
        if (
            earlier != index
            and _end(documents[earlier]) != end
            and renewed.get(earlier) != index
            and renewed.get(index) != earlier
        ):
            conflicts[index] = earlier
    return conflicts


def _conflict(documents: tuple[DocumentBase, ...], earlier: int, later: int) -> Finding:
    """``license.term_conflict`` of copies ``earlier`` and ``later``, on the later's end."""
    ends = {"earlier_to": _end(documents[earlier]), "later_to": _end(documents[later])}
    shown: dict[str, Any] = {}
    for key, end in ends.items():
        long_term = end == datetime.date.max
        shown[key] = "long-term" if long_term else str(end)
        shown[f"{key}_zh"] = "长期" if long_term else str(end)
    return at(
        Finding.of(
            "license.term_conflict",
            earlier=earlier,
            later=later,
            term_from=_first_day(documents[later]),
            **shown,
            **_names(documents[later]),
        ),
        "documents",
        later,
        "validity",
        "valid_to",
    )


def _start(document: DocumentBase) -> datetime.date | None:
    validity = document.validity
    return validity.valid_from if validity is not None else None


def _day_after(day: datetime.date) -> datetime.date:
    return day if day == datetime.date.max else day + datetime.timedelta(days=1)


def _superseded(document: DocumentBase, renewal: DocumentBase, index: int) -> Finding:
    validity = document.validity
    assert validity is not None
    assert renewal.validity is not None
    renewed_to = renewal.validity.valid_to
    return at(
        Finding.of(
            "license.superseded",
            valid_to=validity.valid_to,
            renewal=index,
            renewed_to=renewed_to.isoformat() if renewed_to is not None else "长期",
            **_names(document),
        ),
        "validity",
        "valid_to",
    )


def _not_yet_valid(document: DocumentBase, as_of: datetime.date) -> Finding | None:
    validity = document.validity
    if validity is None or validity.valid_from is None or validity.valid_from <= as_of:
        return None
    return at(
        Finding.of(
            "license.not_yet_valid",
            valid_from=validity.valid_from,
            as_of=as_of,
            **_names(document),
        ),
        "validity",
        "valid_from",
    )


def _document_findings(
    document: DocumentBase, context: Context, *, next_term: bool = False
) -> Iterator[Finding]:
    """The findings on one document; ``next_term``: it is the next term of a licence in
    force today (see :func:`_renewal_plan`), so its later start is no finding."""
    as_of = context.as_of
    if document.issue_date is not None and document.issue_date > as_of:
        yield at(
            Finding.of(
                "license.issue_date_future",
                issue_date=document.issue_date,
                as_of=as_of,
                **_names(document),
            ),
            "issue_date",
        )
    validity = document.validity
    if not _expires(document):
        # a filing, or a 92 licence without an end, never expires, but it is in force only
        # from its first day: a start recorded after as_of is not yet valid
        late = _not_yet_valid(document, as_of)
        if late is not None:
            yield late
        return
    if validity is None or (validity.valid_to is None and not validity.long_term):
        yield at(Finding.of("license.validity_missing", **_names(document)), "validity")
        return
    late = None if next_term else _not_yet_valid(document, as_of)
    if late is not None:
        yield late
    if validity.long_term:
        years = document.max_term_years
        if years is not None:
            yield at(
                Finding.of("license.long_term_unexpected", years=years, **_names(document)),
                "validity",
            )
        return
    valid_to = validity.valid_to
    assert valid_to is not None  # checked above
    days = (valid_to - as_of).days
    if days < 0:
        yield at(
            Finding.of(
                "license.expired", valid_to=valid_to, days=-days, as_of=as_of, **_names(document)
            ),
            "validity",
            "valid_to",
        )
    elif days <= context.policy.expiring_soon_days:
        yield at(
            Finding.of("license.expiring_soon", valid_to=valid_to, days=days, **_names(document)),
            "validity",
            "valid_to",
        )
    years = document.max_term_years
    start, latest = validity.valid_from, None
    if years is not None and start is not None:
        latest = _anniversary(start, years)
    elif years is not None:
        # the term counted from the issue date, as licences printing only 有效期至 show it:
        # a renewal granted up to six months before the old term ends starts that much
        # later (药品管理法实施条例 art. 17, 互联网药品信息服务管理办法 art. 17); with no
        # date of its own, the document was issued by ``as_of`` at the latest
        start = document.issue_date or as_of
        latest = _months_after(_anniversary(start, years), _RENEWAL_LEAD_MONTHS)
    if start is not None and latest is not None and valid_to > latest:
        yield at(
            Finding.of(
                "license.term_too_long",
                valid_from=start,
                valid_to=valid_to,
                years=years,
                **_names(document),
            ),
            "validity",
        )


@check("validity", codes=tuple(CODES))
def validity(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """Each document is in force on ``as_of``: not expired, not yet to start, not expiring soon."""
    documents = merchant.documents
    renewed, next_terms = _renewal_plan(documents, context.as_of)
    conflicts = _term_conflicts(documents, renewed)
    for index, document in enumerate(documents):
        if index in renewed:  # the renewal is judged in its own right
            renewal = renewed[index]
            yield at(_superseded(document, documents[renewal], renewal), "documents", index)
            continue
        for finding in _document_findings(document, context, next_term=index in next_terms):
            yield at(finding, "documents", index)
        if index in conflicts:
            yield _conflict(documents, conflicts[index], index)
