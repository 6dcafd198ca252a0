"""The seller as a subject: what it must hold for what it is, and when it is due again.

* A registered subject (enterprise, branch, individual business, co-operative, other
  organisation) has a USCC and shows its business licence (E-Commerce Law art. 15, 27).
* A natural person selling without registration (Online Trading Measures art. 8) is
  identified by an identity document, and stays exempt only while the yearly turnover of
  all its shops is at most 100,000 yuan (the policy's ``turnover_limit_yuan``).
* Platforms re-verify every seller at least every six months (art. 24; the policy's
  ``reverify_after_months``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck.checks import CheckSkipped, Context, at, check
from qualcheck.models import Merchant, SubjectType

__all__ = ["reverification", "subject"]

CODES = define(
    Code(
        "merchant.uscc_missing",
        Severity.ERROR,
        "The seller ({subject}) must give its unified social credit code (USCC).",
        "{subject_zh}须提供统一社会信用代码。",
    ),
    Code(
        "document.business_license_missing",
        Severity.WARNING,
        "No business licence in the file: the USCC alone cannot show the licence's name,"
        " term and scope.",
        "档案中没有营业执照：仅凭统一社会信用代码无法核对执照上的名称、期限和经营范围。",
        rule="the business licence itself is kept on file (E-Commerce Law art. 27)",
    ),
    Code(
        "merchant.identity_missing",
        Severity.ERROR,
        "A natural-person seller must be identified by an identity document or ID number.",
        "自然人经营者须提供身份证件或身份证件号码。",
    ),
    Code(
        "merchant.turnover_unknown",
        Severity.WARNING,
        "A natural-person seller's yearly turnover is not declared; the registration"
        " exemption (at most {limit} yuan a year) cannot be checked.",
        "自然人经营者未申报年交易额，无法核对免于登记的条件（年交易额不超过{limit}元）。",
        rule="网络交易监督管理办法 art. 8 (turnover monitored by the platform)",
    ),
    Code(
        "merchant.exemption_exceeded",
        Severity.ERROR,
        "Yearly turnover of {turnover} yuan is above the {limit} yuan a natural person may"
        " reach without registering: the seller must register as a market subject.",
        "年交易额{turnover}元超过自然人免于登记的上限{limit}元，须依法办理市场主体登记。",
    ),
    Code(
        "merchant.reverification_due",
        Severity.WARNING,
        "Last verified on {last_verified_at}, more than {months} months before {as_of}:"
        " re-verify the seller.",
        "上次核验日期为{last_verified_at}，距{as_of}已超过{months}个月，须重新核验。",
        rule="网络交易监督管理办法 art. 24: re-verify at least every six months",
    ),
    Code(
        "merchant.verified_in_future",
        Severity.WARNING,
        "Last verified on {last_verified_at}, which is after {as_of}.",
        "上次核验日期{last_verified_at}晚于{as_of}。",
        rule="dates in the record are not after the verification date",
    ),
)

_SUBJECT_NAMES = {
    SubjectType.ENTERPRISE: ("enterprise", "企业"),
    SubjectType.BRANCH: ("branch", "分支机构"),
    SubjectType.INDIVIDUAL_BUSINESS: ("individual business", "个体工商户"),
    SubjectType.COOPERATIVE: ("farmers' co-operative", "农民专业合作社"),
    SubjectType.NATURAL_PERSON: ("natural person", "自然人"),
    SubjectType.OTHER: ("organisation", "其他组织"),
}


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _natural_person(merchant: Merchant, context: Context) -> Iterator[Finding]:
    person = merchant.legal_representative
    has_id = bool(merchant.documents_of("identity")) or (
        person is not None and person.id_number is not None
    )
    if not has_id:
        yield Finding.of("merchant.identity_missing")
    limit = context.policy.turnover_limit_yuan
    turnover = merchant.annual_turnover_yuan
    if turnover is None:
        yield at(
            Finding.of("merchant.turnover_unknown", limit=limit), "declared_annual_turnover_yuan"
        )
    elif turnover > limit:
        declared = merchant.declared_annual_turnover_yuan is not None
        yield at(
            Finding.of("merchant.exemption_exceeded", turnover=str(turnover), limit=limit),
            "declared_annual_turnover_yuan" if declared else "shops",  # the sum over shops
        )


_REVERIFICATION_CODES = ("merchant.reverification_due", "merchant.verified_in_future")


@check("subject", codes=tuple(code for code in CODES if code not in _REVERIFICATION_CODES))
def subject(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """The seller holds what its kind of subject must: USCC and licence, or an identity."""
    if merchant.subject_type is SubjectType.NATURAL_PERSON:
        yield from _natural_person(merchant, context)
        return
    english, chinese = _SUBJECT_NAMES[merchant.subject_type]
    if merchant.uscc is None:
        yield at(Finding.of("merchant.uscc_missing", subject=english, subject_zh=chinese), "uscc")
    if not merchant.documents_of("business_license"):
        yield at(Finding.of("document.business_license_missing"), "documents")


@check("reverification", codes=_REVERIFICATION_CODES)
def reverification(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """A seller verified before is re-verified within the policy's months (default six)."""
    last = merchant.last_verified_at
    if last is None:
        raise CheckSkipped("never verified before (first verification)")
    months = context.policy.reverify_after_months
    if last > context.as_of:
        yield at(
            Finding.of("merchant.verified_in_future", last_verified_at=last, as_of=context.as_of),
            "last_verified_at",
        )
    elif last < _months_before(context.as_of, months):
        yield at(
            Finding.of(
                "merchant.reverification_due",
                last_verified_at=last,
                months=months,
                as_of=context.as_of,
            ),
            "last_verified_at",
        )
