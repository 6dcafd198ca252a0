"""Identifiers: every number in the record through ``qualcheck.numbers``.

The models already reject numbers that break an official rule, so what this check adds
are the soft findings (region unknown, empirical check digits, pilot-era codes, legacy
forms …) with the place in the record where each number sits, and the contact phone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from qualcheck import numbers
from qualcheck._codes import Finding, Severity
from qualcheck.checks import Context, at, check
from qualcheck.models import IdentityDocument, Merchant
from qualcheck.models.identity import (
    DocumentNumber,
    IdentityType,
    number_document,
    untyped_other_number,
)
from qualcheck.phones import phone_findings

__all__ = ["identifiers"]


def _identity_findings(
    context: Context, number: str, declared: IdentityType | None
) -> tuple[Finding, ...]:
    """A resident-ID number's findings; for a passport's or a travel permit's number, which
    is not built on GB 11643, the review its document needs (and, for a number kept so
    only for its form, with no ``id_type``, the type that must be given)."""
    if untyped_other_number(number, declared):
        return (Finding.of("ric.id_type_needed"),)
    if isinstance(number, DocumentNumber):
        kind = number.id_type
        return (
            Finding.of("ric.unverifiable_document", document=kind.label, document_zh=kind.label_zh),
        )
    return context.number_findings("ric", str(number))


_GENERIC_TYPES = (None, IdentityType.OTHER, IdentityType.RESIDENT_ID_CARD)


def _type_mismatch(number: str, declared: IdentityType | None) -> Finding | None:
    """``ric.id_type_mismatch`` when ``declared`` names a document other than the one a
    GB 11643 number belongs to (a passport's type with a resident-ID number, a residence
    permit's with a resident's number): the number is checked as what it is, and a person
    verifies which document was shown.  ``None`` for no type, ``other``, a match, and the
    resident identity card: ``身份证`` is what forms fill in by default, and a residence
    permit's or a permanent residence ID's number is the holder's 公民身份号码 all the same."""
    if isinstance(number, DocumentNumber) or declared in _GENERIC_TYPES:
        return None
    found = number_document(number)
    if found is declared:
        return None
    assert declared is not None  # for mypy: None returned above
    return Finding.of(
        "ric.id_type_mismatch",
        found=found.label,
        found_zh=found.label_zh,
        declared=declared.label,
        declared_zh=declared.label_zh,
    )


_CONTACT_PHONE_RULE = (
    "a contact number that cannot be read is reviewed by a person, never a reason to reject"
    " the seller (libphonenumber's numbering plan lags behind new ranges)"
)


@check("identifiers", codes=(*(f"{kind}.*" for kind in numbers.KINDS), "phone.*"))
def identifiers(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """Every number in the record, with the soft findings of its kind, and the phone."""
    number_findings = context.number_findings
    if merchant.uscc is not None:
        for finding in number_findings("uscc", merchant.uscc):
            yield at(finding, "uscc")
    person = merchant.legal_representative
    if person is not None and person.id_number is not None:
        for finding in _identity_findings(context, person.id_number, person.id_type):
            yield at(finding, "legal_representative", "id_number")
        mismatch = _type_mismatch(person.id_number, person.id_type)
        if mismatch is not None:
            yield at(mismatch, "legal_representative", "id_type")
    for index, document in enumerate(merchant.documents):
        if isinstance(document, IdentityDocument):
            found = _identity_findings(context, document.number, document.id_type)
            mismatch = _type_mismatch(document.number, document.id_type)
            if mismatch is not None:
                yield at(mismatch, "documents", index, "id_type")
        else:
            found = number_findings(document.NUMBER_KIND, str(document.number))
        for finding in found:
            yield at(finding, "documents", index, "number")
        if document.holder_uscc is not None:
            for finding in number_findings("uscc", document.holder_uscc):
                yield at(finding, "documents", index, "holder_uscc")
    if merchant.contact_phone:
        for finding in phone_findings(merchant.contact_phone):
            if finding.severity is Severity.ERROR:  # a wrong contact number needs a person,
                finding = dataclasses.replace(  # not a rejection
                    finding, severity=Severity.WARNING, rule=_CONTACT_PHONE_RULE
                )
            yield at(finding, "contact_phone")
