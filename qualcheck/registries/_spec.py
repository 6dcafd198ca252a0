"""Open a registry from a short text — what ``qualcheck verify --registry SPEC`` takes.

* a path to an SQLite snapshot (``registry.sqlite``) → :class:`SqliteRegistry`;
* ``tianyancha``, ``qichacha`` or ``aliyun`` → that provider's adapter, configured from the
  environment, run by :class:`HttpRegistry`;
* ``package.module:Name`` → an importable class (or factory) called without arguments:
  a :class:`~qualcheck.registries.Registry` is used as it is, an
  :class:`~qualcheck.registries.HttpAdapter` is wrapped in :class:`HttpRegistry`.
  Third-party adapters plug in this way, without registration.

>>> open_registry("no-such-file.sqlite")
Traceback (most recent call last):
    ...
qualcheck.exceptions.ConfigError: registry 'no-such-file.sqlite': no such file; ...
"""

from __future__ import annotations

import difflib
import importlib
import re
from pathlib import Path
from typing import Any

from qualcheck.exceptions import ConfigError
from qualcheck.registries._protocol import HttpAdapter, Registry

__all__ = ["PROVIDERS", "open_registry"]

PROVIDERS = {
    "tianyancha": ("qualcheck.registries.tianyancha", "TianyanchaAdapter"),
    "qichacha": ("qualcheck.registries.qichacha", "QichachaAdapter"),
    "aliyun": ("qualcheck.registries.aliyun", "AliyunAdapter"),
}
"""Provider names ``open_registry`` knows, with the adapter class each stands for."""

_DOTTED = re.compile(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*")


def _as_registry(spec: str, made: Any) -> Registry:
    if isinstance(made, Registry):
        return made
    if isinstance(made, HttpAdapter):
        from qualcheck.registries.driver import HttpRegistry

        return HttpRegistry(made)
    raise ConfigError(
        f"registry {spec!r}: {type(made).__name__} is neither a Registry (name, license_kinds,"
        " lookup, alookup) nor an HttpAdapter (name, license_kinds, flow)"
    )


def _import(spec: str) -> Any:
    module_name, _, attribute = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(f"registry {spec!r}: cannot import {module_name!r} ({exc})") from None
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise ConfigError(f"registry {spec!r}: {module_name} has no {attribute!r}") from None


def open_registry(spec: str) -> Registry:
    """The registry ``spec`` names (see the module docs); :class:`ConfigError` if none."""
    text = spec.strip()
    if not text:
        raise ConfigError("registry: empty specification")
    provider = PROVIDERS.get(text.lower())
    if provider is not None:
        module, name = provider
        return _as_registry(text, getattr(importlib.import_module(module), name)())
    module_part = text.partition(":")[0]
    if ":" in text and not Path(text).exists() and _DOTTED.fullmatch(module_part):
        factory = _import(text)
        try:
            made = factory()
        except TypeError as exc:
            message = f"registry {spec!r}: cannot be built without arguments ({exc})"
            raise ConfigError(message) from None
        return _as_registry(text, made)
    path = Path(text)
    if path.is_dir():
        raise ConfigError(f"registry {spec!r}: is a directory, not an SQLite snapshot file")
    if not path.is_file():
        close = difflib.get_close_matches(text.lower(), PROVIDERS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(
            f"registry {spec!r}: no such file{hint}; expected an SQLite snapshot file,"
            f" one of {', '.join(PROVIDERS)}, or package.module:Name"
        )
    from qualcheck.registries.sqlite import SqliteRegistry

    return SqliteRegistry(path)
