"""The seller as a subject: what it must hold for what it is, and when it is due again.

* A registered subject (enterprise, branch, individual business, co-operative, other
  organisation) has a USCC and shows its business licence (E-Commerce Law art. 15, 27) —
  an organisation registered by another authority (事业单位, 社会团体 …) its registration
  certificate, kept as a ``business_license`` document all the same.
* A natural person selling without registration (Online Trading Measures art. 8) is
  identified by an identity document, and stays exempt only while the yearly turnover of
  all its shops is at most 100,000 yuan (the policy's ``turnover_limit_yuan``) — unless
  it sells only its own farm produce or household handicrafts, or offers only
  licence-free convenience services (E-Commerce Law art. 10), which is reviewed.  The
  small-trading exemption covers only trading that needs no licence (E-Commerce Law
  art. 10: "依法无须取得许可的…零星小额交易活动"): a natural person selling goods that
  need a licence whatever the alternative (bulk food, catering, drugs …) must register,
  whatever its turnover.
* A record declared as a natural person whose USCC is that of a registered subject (91,
  92, 93: an individual business declared as a person, say; or 12, 51 …: an organisation
  registered by another authority) shows a registration: it is checked as the registered
  subject it shows, and the mismatch is reviewed (``consistency.subject_type_mismatch``)
  — never failed as an unregistered seller.  A record that gives no USCC of its own but
  holds a document whose holder USCC is one (a food business licence issued to a 92…
  individual business) shows it just as well: the mismatch is reviewed on that document.
* Platforms re-verify every seller at least every six months (art. 24; the policy's
  ``reverify_after_months``).
"""

from __future__ import annotations

import calendar
import datetime
import decimal
from collections.abc import Iterator

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck._scrub import scrub
from qualcheck.checks import CheckSkipped, Context, at, check
from qualcheck.checks.categories import Category, Requirement, Treatment, category_policy_for
from qualcheck.models import Merchant, SubjectType
from qualcheck.models.merchant import registered_kinds
from qualcheck.numbers.uscc import AUTHORITIES

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
        "No {document} in the file: the USCC alone cannot show the name, term and scope it"
        " registers; upload it.",
        "档案中没有{document_zh}：仅凭统一社会信用代码无法核对其上登记的名称、期限和范围，"
        "请上传{document_zh}。",
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
        "merchant.identity_outdated",
        Severity.ERROR,
        "The natural-person seller is identified only by a first-generation (15-digit) ID"
        " number, which has not been valid since 2013-01-01: a current identity document is"
        " needed.",
        "自然人经营者仅提供了第一代（15位）身份证号码，该证件自2013年1月1日起停止使用，"
        "须提供有效的身份证件。",
    ),
    Code(
        "merchant.exemption_own_produce",
        Severity.WARNING,
        "Yearly turnover of {turnover} yuan is above the {limit} yuan of the small-trading"
        " exemption, but the seller declares only farm products or handicrafts: one who"
        " sells its own farm or sideline products or household handicrafts needs no"
        " registration whatever the turnover; confirm which it is.",
        "年交易额{turnover}元超过零星小额交易免于登记的上限{limit}元，但经营者仅申报农产品或"
        "手工艺品：销售自产农副产品、家庭手工业产品的个人无论交易额多少均无需登记，须人工确认。",
        rule="电子商务法 art. 10: own farm and sideline products and household handicrafts need"
        " no registration",
    ),
    Code(
        "merchant.exemption_convenience_services",
        Severity.WARNING,
        "Yearly turnover of {turnover} yuan is above the {limit} yuan of the small-trading"
        " exemption, but the seller declares only licence-free convenience services (with"
        " own farm products or handicrafts at most): an individual offering such services"
        " needs no registration whatever the turnover; confirm which it is.",
        "年交易额{turnover}元超过零星小额交易免于登记的上限{limit}元，但经营者仅申报无须许可的"
        "便民劳务（至多另有自产农副产品、手工艺品）：个人从事此类便民劳务活动无论交易额多少均"
        "无需登记，须人工确认。",
        rule="电子商务法 art. 10, 网络交易监督管理办法 art. 8: licence-free convenience labour"
        " services need no registration",
    ),
    Code(
        "merchant.registration_required",
        Severity.ERROR,
        "A natural person trading in '{category}' must register as a market subject,"
        " whatever its turnover: the category needs an administrative licence, and the"
        " registration exemption covers only trading that needs none (E-Commerce Law"
        " art. 10).",
        "自然人经营“{category_zh}”须依法办理市场主体登记，与交易额无关：该类目须取得行政许可，"
        "而免于登记仅适用于依法无须取得许可的零星小额交易活动（《电子商务法》第十条）。",
    ),
    Code(
        "merchant.reverification_due",
        Severity.WARNING,
        "Last verified on {last_verified_at}, more than {months} months before {as_of}:"
        " re-verify the seller.",
        "上次核验日期为{last_verified_at:date}，距核验日{as_of:date}已超过{months}个月，须重新核验。",
        rule="网络交易监督管理办法 art. 24: re-verify at least every six months",
    ),
    Code(
        "merchant.verified_in_future",
        Severity.WARNING,
        "Last verified on {last_verified_at}, which is after {as_of}: correct the date.",
        "上次核验日期{last_verified_at:date}晚于核验日{as_of:date}，请更正该日期。",
        rule="dates in the record are not after the verification date",
    ),
)


def _months_after(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; a day the month lacks becomes its last day
    (2026-08-31 + 6 months = 2027-02-28)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    if year > datetime.MAXYEAR:
        return datetime.date.max
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


OWN_PRODUCE_CATEGORIES = frozenset(
    {"edible_agricultural_products", "food_or_farm_produce", "handicrafts"}
)
"""The bundled categories a natural person may sell as its own farm or sideline produce or
household handicrafts, which need no registration whatever the turnover (E-Commerce Law
art. 10); ``food_or_farm_produce`` (坚果, 南北干货) may be either, which a person confirms.
The check reads each category's ``registration_exempt`` (``own_produce``), not its id."""

CONVENIENCE_SERVICE_CATEGORIES = frozenset({"convenience_services"})
"""The bundled categories of licence-free convenience labour services (cleaning, laundry,
haircuts, moving …), which need no registration whatever the turnover (E-Commerce Law
art. 10, Online Trading Measures art. 8); read as ``registration_exempt``
(``convenience_services``)."""


_LICENCE_KINDS = frozenset(
    {"food_business", "food_production", "drug_business", "drug_info", "cnca", "cma"}
)
"""Document kinds that are administrative licences, issued only to registered subjects
(a food filing or a class II device filing is not a licence)."""


def _registered(uscc: str) -> bool:
    """Whether a USCC is that of a registered subject: its registering authority (position
    1) is one GB 32100 names, the type (position 2) known or not — no natural person has
    a USCC."""
    return uscc[:1] in AUTHORITIES


def _shows_registration(merchant: Merchant) -> bool:
    """Whether the record gives the USCC of a registered subject (:func:`_registered`: a
    market subject, 91, 92, 93, or another organisation, 12 事业单位, 51 社会团体 …): its
    own (or its business licence's), else — when it gives none — a document's holder USCC
    (a food business licence issued to a 92… individual business, say)."""
    uscc = merchant.effective_uscc
    if uscc is not None:
        return _registered(uscc)
    return any(
        document.holder_uscc is not None and _registered(document.holder_uscc)
        for document in merchant.documents
    )


def _is_licence(need: Requirement) -> bool:
    if need.kind == "device_business":  # a licence only when a filing cannot do
        return need.expected("filing") == (False,)
    return need.kind in _LICENCE_KINDS


def _needs_licence(category: Category) -> bool:
    """Whether every way to meet ``category`` takes an administrative licence (and the
    policy names no exemption from it, which a person would judge)."""
    if category.exemption_en is not None or category.exemption_zh is not None:
        return False
    return category.treatment is Treatment.REQUIRES_DOCUMENTS and all(
        any(_is_licence(need) for need in alternative) for alternative in category.alternatives
    )


def _licensed_categories(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """``merchant.registration_required`` for each declared category that only a licence
    can meet: a natural person is not exempt from registration for it (E-Commerce Law
    art. 10; Online Trading Measures art. 8)."""
    policy = category_policy_for(context.policy.categories_file)
    for index, declared in enumerate(merchant.categories):
        if not declared.strip():
            continue
        for _, category in policy.read_entry(declared).named:
            if _needs_licence(category):
                finding = Finding.of(
                    "merchant.registration_required",
                    category=category.name_en,
                    category_zh=category.name_zh,
                )
                yield at(finding, "categories", index)
                break


def _amount_text(amount: decimal.Decimal) -> str:
    """``amount`` as digits (``1E+6`` → ``1000000``); a huge exponent stays as it is."""
    if amount.is_finite() and -30 < amount.adjusted() < 30:
        return format(amount, "f")
    return str(amount)


def _identity_numbers(merchant: Merchant) -> list[str]:
    person = merchant.legal_representative
    numbers = [str(doc.number) for _, doc in merchant.documents_of("identity")]
    if person is not None and person.id_number is not None:
        numbers.append(str(person.id_number))
    return numbers


def _turnover_floor(merchant: Merchant) -> tuple[decimal.Decimal | None, str]:
    """The least the seller's yearly turnover can be, and where the record says so.

    All shops add up (art. 8) and no turnover is negative: a declared total below what its
    own shops show cannot be the total, and shops whose turnover is unknown add at least
    nothing.  ``None`` when neither a total nor every shop's turnover is known and the known
    part proves nothing.
    """
    declared = merchant.declared_annual_turnover_yuan
    known = [shop.annual_turnover_yuan for shop in merchant.shops]
    shops_sum = sum((value for value in known if value is not None), decimal.Decimal(0))
    complete = bool(known) and all(value is not None for value in known)
    if declared is not None and declared >= shops_sum:
        return declared, "declared_annual_turnover_yuan"
    if declared is not None or complete or shops_sum > 0:
        return shops_sum, "shops"
    return None, "declared_annual_turnover_yuan"


def _exemption_code(merchant: Merchant, context: Context) -> str:
    """The finding for a natural person above the small-trading limit: review when every
    declared category is one art. 10 exempts whatever the turnover, else fail."""
    exceeded = "merchant.exemption_exceeded"
    if not merchant.categories:
        return exceeded
    policy = category_policy_for(context.policy.categories_file)
    readings = [policy.read_entry(declared) for declared in merchant.categories if declared.strip()]
    if not readings or any(reading.unknown or not reading.named for reading in readings):
        return exceeded
    # what the category file says, not the id: a platform's file names its categories
    exempt = {category.registration_exempt for reading in readings for _, category in reading.named}
    if exempt == {"own_produce"}:
        return "merchant.exemption_own_produce"
    if exempt <= {"own_produce", "convenience_services"}:
        return "merchant.exemption_convenience_services"
    return exceeded


def _natural_person(merchant: Merchant, context: Context) -> Iterator[Finding]:
    identities = _identity_numbers(merchant)
    if not identities:
        yield Finding.of("merchant.identity_missing")
    elif all(len(number) == 15 and number.isdigit() for number in identities):
        # first-generation numbers only (a 2004/2017 permanent-residence ID has 15
        # characters too, but starts with 3 letters, and is still valid)
        yield Finding.of("merchant.identity_outdated")
    limit = context.policy.turnover_limit_yuan
    floor, where = _turnover_floor(merchant)
    unknown_part = merchant.declared_annual_turnover_yuan is None and any(
        shop.annual_turnover_yuan is None for shop in merchant.shops
    )
    if floor is not None and floor > limit:
        code = _exemption_code(merchant, context)
        # scrubbed: a mobile number typed into a turnover field reads as an amount
        yield at(Finding.of(code, turnover=scrub(_amount_text(floor)), limit=limit), where)
    elif floor is None or unknown_part:
        yield at(
            Finding.of("merchant.turnover_unknown", limit=limit), "declared_annual_turnover_yuan"
        )
    yield from _licensed_categories(merchant, context)


_REVERIFICATION_CODES = ("merchant.reverification_due", "merchant.verified_in_future")


@check("subject", codes=tuple(code for code in CODES if code not in _REVERIFICATION_CODES))
def subject(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """The seller holds what its kind of subject must: USCC and licence, or an identity."""
    if merchant.subject_type is SubjectType.NATURAL_PERSON and not _shows_registration(merchant):
        yield from _natural_person(merchant, context)
        return
    # neither on the record nor on a business licence; a "natural person" here shows its
    # registration only as a document's holder USCC, which consistency reviews
    if merchant.effective_uscc is None and merchant.subject_type is not SubjectType.NATURAL_PERSON:
        english, chinese = merchant.subject_type.label, merchant.subject_type.label_zh
        yield at(Finding.of("merchant.uscc_missing", subject=english, subject_zh=chinese), "uscc")
    if not any(document.kind == "business_license" for document in merchant.documents):
        english, chinese = _registration_document(merchant)
        finding = Finding.of(
            "document.business_license_missing", document=english, document_zh=chinese
        )
        yield at(finding, "documents")


_CERTIFICATE = (
    "business licence or registration certificate (an organisation registered by another"
    " authority than market regulation holds its 事业单位法人证书, 社会团体法人登记证书,"
    " 民办非企业单位登记证书, 基金会法人登记证书 …)",
    "营业执照或登记证书（非市场监管部门登记的组织持事业单位法人证书、社会团体法人登记证书、"
    "民办非企业单位登记证书、基金会法人登记证书等）",
)


def _registration_document(merchant: Merchant) -> tuple[str, str]:
    """The document whose number is the seller's USCC, in English and Chinese: a market
    subject's business licence (营业执照); for an organisation another authority
    registers (declared ``other``, or its USCC says so: 12 事业单位, 51 社会团体 …), its
    registration certificate, which a record keeps as a ``business_license`` too."""
    uscc = merchant.effective_uscc
    kinds = registered_kinds(uscc) if uscc is not None else None
    if merchant.subject_type is SubjectType.OTHER or kinds == frozenset({SubjectType.OTHER}):
        return _CERTIFICATE
    return "business licence", "营业执照"


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
    elif _months_after(last, months) < context.as_of:
        yield at(
            Finding.of(
                "merchant.reverification_due",
                last_verified_at=last,
                months=months,
                as_of=context.as_of,
            ),
            "last_verified_at",
        )
