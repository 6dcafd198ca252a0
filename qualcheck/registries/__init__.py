"""Registry adapters: confirm a merchant against a registry, not just a checksum.

A valid check digit proves nothing about existence.  A registry adapter answers a
:class:`RegistryQuery` with a :class:`LookupResult` — found (with a normalised
:class:`RegistryRecord`), not found, or failed — and the engine's ``registry.*`` checks
compare it with what the seller declared.

Bundled: :class:`SqliteRegistry` (a local snapshot loaded from CSV or JSON Lines),
:class:`MemoryRegistry`, and :class:`HttpRegistry`, the driver that runs a sans-IO
:class:`HttpAdapter` (Tianyancha, Qichacha, Alibaba Cloud) with timeouts, retries, rate
limits, a circuit breaker and a cache.  The HTTP parts are imported on first use, so
``import qualcheck.registries`` does not import httpx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcheck._lazy import lazy_getattr as _lazy_getattr
from qualcheck.registries._errors import (
    RegistryAbort,
    RegistryError,
    RegistryResponseError,
    RegistryUnavailable,
)
from qualcheck.registries._protocol import Flow, HttpAdapter, Registry, Step
from qualcheck.registries._record import (
    ElementMatch,
    LicenseRecord,
    LookupResult,
    LookupStatus,
    RegistryQuery,
    RegistryRecord,
    normalize_identifier,
)
from qualcheck.registries._status import RegistryStatus, normalize_status

if TYPE_CHECKING:
    from qualcheck.registries.aliyun import AliyunAdapter
    from qualcheck.registries.driver import DriverOptions, HttpRegistry
    from qualcheck.registries.memory import MemoryRegistry
    from qualcheck.registries.qichacha import QichachaAdapter
    from qualcheck.registries.routed import RoutedRegistry
    from qualcheck.registries.sqlite import LoadReport, RowError, SqliteRegistry
    from qualcheck.registries.tianyancha import TianyanchaAdapter

__all__ = [
    "AliyunAdapter",
    "DriverOptions",
    "ElementMatch",
    "Flow",
    "HttpAdapter",
    "HttpRegistry",
    "LicenseRecord",
    "LoadReport",
    "LookupResult",
    "LookupStatus",
    "MemoryRegistry",
    "QichachaAdapter",
    "Registry",
    "RegistryAbort",
    "RegistryError",
    "RegistryQuery",
    "RegistryRecord",
    "RegistryResponseError",
    "RegistryStatus",
    "RegistryUnavailable",
    "RoutedRegistry",
    "RowError",
    "SqliteRegistry",
    "Step",
    "TianyanchaAdapter",
    "normalize_identifier",
    "normalize_status",
]

_LAZY = {
    "AliyunAdapter": "qualcheck.registries.aliyun",
    "DriverOptions": "qualcheck.registries.driver",
    "HttpRegistry": "qualcheck.registries.driver",
    "MemoryRegistry": "qualcheck.registries.memory",
    "QichachaAdapter": "qualcheck.registries.qichacha",
    "LoadReport": "qualcheck.registries.sqlite",
    "RowError": "qualcheck.registries.sqlite",
    "RoutedRegistry": "qualcheck.registries.routed",
    "SqliteRegistry": "qualcheck.registries.sqlite",
    "TianyanchaAdapter": "qualcheck.registries.tianyancha",
}


__getattr__ = _lazy_getattr(__name__, _LAZY, globals())
