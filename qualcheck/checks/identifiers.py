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
from qualcheck.models.identity import DocumentNumber

__all__ = ["identifiers"]


def _number_findings(
    context: Context, kind: str, value: str, *path: str | int
) -> Iterator[Finding]:
    for finding in context.number_findings(kind, value):
        yield at(finding, *path)


def _identity_findings(context: Context, number: str, *path: str | int) -> Iterator[Finding]:
    """A resident-ID number's findings; for a passport's or a travel permit's number, which
    is not built on GB 11643, the review its document needs."""
    if isinstance(number, DocumentNumber):
        kind = number.id_type
        finding = Finding.of(
            "ric.unverifiable_document", document=kind.label, document_zh=kind.label_zh
        )
        yield at(finding, *path)
    else:
        yield from _number_findings(context, "ric", str(number), *path)


def _phone_findings(raw: str) -> Iterator[Finding]:
    from qualcheck.phones import phone_findings

    for finding in phone_findings(raw):
        if finding.severity is Severity.ERROR:  # a wrong contact number needs a person,
            finding = dataclasses.replace(finding, severity=Severity.WARNING)  # not a rejection
        yield at(finding, "contact_phone")


@check("identifiers", codes=(*(f"{kind}.*" for kind in numbers.KINDS), "phone.*"))
def identifiers(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """Every number in the record, with the soft findings of its kind, and the phone."""
    if merchant.uscc is not None:
        yield from _number_findings(context, "uscc", merchant.uscc, "uscc")
    person = merchant.legal_representative
    if person is not None and person.id_number is not None:
        yield from _identity_findings(
            context, person.id_number, "legal_representative", "id_number"
        )
    for index, document in enumerate(merchant.documents):
        if isinstance(document, IdentityDocument):
            yield from _identity_findings(context, document.number, "documents", index, "number")
        else:
            yield from _number_findings(
                context, document.NUMBER_KIND, str(document.number), "documents", index, "number"
            )
        if document.holder_uscc is not None:
            yield from _number_findings(
                context, "uscc", document.holder_uscc, "documents", index, "holder_uscc"
            )
    if merchant.contact_phone:
        yield from _phone_findings(merchant.contact_phone)
