"""Pydantic models of merchants and their documents.

See :mod:`qualcheck.models.merchant` and :mod:`qualcheck.models.documents`.
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
)
from qualcheck.models.merchant import Merchant, Person, Shop, SubjectType

__all__ = [
    "DOCUMENT_KINDS",
    "BusinessLicense",
    "CMACertificate",
    "CNCAApproval",
    "DeviceBusinessLicense",
    "Document",
    "DocumentBase",
    "DrugBusinessLicense",
    "DrugInfoCertificate",
    "FoodBusinessLicense",
    "FoodFiling",
    "FoodProductionLicense",
    "IdentityDocument",
    "Merchant",
    "Person",
    "Shop",
    "SubjectType",
]
