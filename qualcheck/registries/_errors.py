"""What can go wrong when asking a registry, as exceptions with a stable ``reason``.

Only :class:`RegistryAbort` leaves :func:`qualcheck.verify`: bad credentials, an exhausted
quota or a banned IP make every further look-up pointless, so the run stops with a clear
message.  The other errors are turned into a failed :class:`~qualcheck.registries.LookupResult`
by the driver (after retries, for :class:`RegistryUnavailable`) and end as the finding
``registry.unavailable`` — the decision is *review*, never *pass*.

No message built here holds a credential: adapters pass provider codes and messages, never
request URLs or headers.  Nor a whole personal number: a message is passed through
:func:`qualcheck.scrub` (an adapter of the platform's own may quote the ID number or the
phone number it asked about), so the driver's details and logs, the command line's
"stopped" line and a traceback show it masked.
"""

from __future__ import annotations

from qualcheck._scrub import scrub
from qualcheck.exceptions import QualcheckError

__all__ = [
    "RegistryAbort",
    "RegistryError",
    "RegistryResponseError",
    "RegistryUnavailable",
]


class RegistryError(QualcheckError):
    """A registry look-up went wrong.

    ``source`` names the registry, ``reason`` is a stable machine word (``timeout``,
    ``http_503``, ``malformed``, ``auth`` …) and ``provider_code`` the provider's own code
    when it sent one.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str = "",
        reason: str = "error",
        provider_code: str | None = None,
    ) -> None:
        message = scrub(message)  # an adapter of the platform's may quote what it was asked
        super().__init__(message)
        self.message = message
        self.source = source
        self.reason = reason
        self.provider_code = provider_code

    def __reduce__(self) -> tuple[object, ...]:  # keep keyword arguments through pickling
        return (
            _rebuild,
            (type(self), self.message, self.source, self.reason, self.provider_code),
        )


def _rebuild(
    cls: type[RegistryError], message: str, source: str, reason: str, provider_code: str | None
) -> RegistryError:
    return cls(message, source=source, reason=reason, provider_code=provider_code)


class RegistryUnavailable(RegistryError):
    """A transient failure — timeout, connection error, 429, 5xx, a provider's "busy"
    code.  Retried by the driver; ``retry_after`` (seconds) is honoured when the registry
    said how long to wait."""

    def __init__(
        self,
        message: str,
        *,
        source: str = "",
        reason: str = "unavailable",
        provider_code: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, source=source, reason=reason, provider_code=provider_code)
        self.retry_after = retry_after


class RegistryResponseError(RegistryError):
    """An answer that cannot be used and will not improve on retry: malformed JSON, the
    wrong content type, an oversized body, a parameter the provider rejects."""


class RegistryAbort(RegistryError):
    """Stop the run: bad credentials (``reason='auth'``), an exhausted quota (``quota``),
    a banned IP or missing permission (``forbidden``).  Never retried."""
