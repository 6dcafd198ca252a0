"""qualcheck — verify the qualifications of sellers on Chinese online marketplaces.

>>> import qualcheck
>>> qualcheck.numbers.get("uscc").validate("91350100M000100Y43")
'91350100M000100Y43'

The models, the engine and the report (which need pydantic) are imported on first use,
so ``import qualcheck`` stays cheap for code that only validates numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck import numbers
from qualcheck._codes import Code, Finding, Severity, catalogue
from qualcheck._decision import Decision
from qualcheck._lazy import lazy_getattr as _lazy_getattr
from qualcheck._version import __version__
from qualcheck.exceptions import (
    ConfigError,
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    InvalidNumber,
    QualcheckError,
    UnknownKind,
    UnreadableValue,
)
from qualcheck.numbers import CheckResult, Verdict, detect, identify

if TYPE_CHECKING:
    from qualcheck._report import (
        CheckOutcome,
        RegistryLookup,
        Report,
        ReportFinding,
        VerificationFailed,
    )
    from qualcheck._scrub import scrub
    from qualcheck._verify import USE_VERIFIER_DEFAULT, Verifier, averify, iter_findings, verify
    from qualcheck.batch import averify_many, iter_verify
    from qualcheck.models import Document, Merchant, Person, Shop, SubjectType
    from qualcheck.policy import Policy
    from qualcheck.registries import (
        DriverOptions,
        HttpRegistry,
        LookupResult,
        MemoryRegistry,
        RegistryAbort,
        RegistryQuery,
        RegistryRecord,
        RegistryStatus,
        SqliteRegistry,
    )

__all__ = [
    "USE_VERIFIER_DEFAULT",
    "CheckOutcome",
    "CheckResult",
    "Code",
    "ConfigError",
    "Decision",
    "Document",
    "DriverOptions",
    "Finding",
    "HttpRegistry",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "InvalidNumber",
    "LookupResult",
    "MemoryRegistry",
    "Merchant",
    "Person",
    "Policy",
    "QualcheckError",
    "RegistryAbort",
    "RegistryLookup",
    "RegistryQuery",
    "RegistryRecord",
    "RegistryStatus",
    "Report",
    "ReportFinding",
    "Severity",
    "Shop",
    "SqliteRegistry",
    "SubjectType",
    "UnknownKind",
    "UnreadableValue",
    "Verdict",
    "VerificationFailed",
    "Verifier",
    "__version__",
    "averify",
    "averify_many",
    "catalogue",
    "detect",
    "identify",
    "iter_findings",
    "iter_verify",
    "numbers",
    "scrub",
    "verify",
]

_LAZY = {
    "CheckOutcome": "qualcheck._report",
    "Report": "qualcheck._report",
    "ReportFinding": "qualcheck._report",
    "VerificationFailed": "qualcheck._report",
    "USE_VERIFIER_DEFAULT": "qualcheck._verify",
    "Verifier": "qualcheck._verify",
    "iter_findings": "qualcheck._verify",
    "verify": "qualcheck._verify",
    "Document": "qualcheck.models",
    "Merchant": "qualcheck.models",
    "Person": "qualcheck.models",
    "Shop": "qualcheck.models",
    "SubjectType": "qualcheck.models",
    "Policy": "qualcheck.policy",
    "RegistryLookup": "qualcheck._report",
    "averify": "qualcheck._verify",
    "averify_many": "qualcheck.batch",
    "iter_verify": "qualcheck.batch",
    "DriverOptions": "qualcheck.registries",
    "HttpRegistry": "qualcheck.registries",
    "LookupResult": "qualcheck.registries",
    "MemoryRegistry": "qualcheck.registries",
    "RegistryAbort": "qualcheck.registries",
    "RegistryQuery": "qualcheck.registries",
    "RegistryRecord": "qualcheck.registries",
    "RegistryStatus": "qualcheck.registries",
    "SqliteRegistry": "qualcheck.registries",
    "scrub": "qualcheck._scrub",
}


__getattr__ = _lazy_getattr(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


for _name in (
    "CheckResult",
    "Code",
    "Decision",
    "Finding",
    "Severity",
    "Verdict",
    "catalogue",
    "detect",
    "identify",
):
    globals()[_name].__module__ = "qualcheck"
