"""Pydantic models of merchants and their documents.

See :mod:`qualcheck.models.merchant`, :mod:`qualcheck.models.documents` and
:mod:`qualcheck.models.identity`.
"""

from __future__ import annotations

from qualcheck.models.documents import (
    DOCUMENT_KINDS,
    BusinessLicense,
    CMACertificate,
    CNCAApproval,
    DeviceBusinessLicense,
    Document,
    DocumentBase,
    DrugBusinessLicense,
    DrugInfoCertificate,
    FoodBusinessLicense,
    FoodFiling,
    FoodProductionLicense,
    IdentityDocument,
    document_adapter,
    document_kind,
)
from qualcheck.models.identity import DocumentNumber, IdentityNumber, IdentityType
from qualcheck.models.merchant import Merchant, Person, Shop, SubjectType

__all__ = [
    "DOCUMENT_KINDS",
    "BusinessLicense",
    "CMACertificate",
    "CNCAApproval",
    "DeviceBusinessLicense",
    "Document",
    "DocumentBase",
    "DocumentNumber",
    "DrugBusinessLicense",
    "DrugInfoCertificate",
    "FoodBusinessLicense",
    "FoodFiling",
    "FoodProductionLicense",
    "IdentityDocument",
    "IdentityNumber",
    "IdentityType",
    "Merchant",
    "Person",
    "Shop",
    "SubjectType",
    "document_adapter",
    "document_kind",
]
