"""qualcheck — verify the qualifications of sellers on Chinese online marketplaces.

>>> import qualcheck
>>> qualcheck.numbers.get("uscc").validate("91350100M000100Y43")
'91350100M000100Y43'
"""

from __future__ import annotations

from qualcheck import numbers
from qualcheck._codes import Code, Finding, Severity, catalogue
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
)
from qualcheck.numbers import CheckResult, Verdict, detect

__all__ = [
    "CheckResult",
    "Code",
    "ConfigError",
    "Finding",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "InvalidNumber",
    "QualcheckError",
    "Severity",
    "UnknownKind",
    "Verdict",
    "__version__",
    "catalogue",
    "detect",
    "numbers",
]

for _name in ("CheckResult", "Code", "Finding", "Severity", "Verdict", "catalogue", "detect"):
    globals()[_name].__module__ = "qualcheck"
