"""Names a package exports without importing their modules until first used.

``import qualcheck`` stays light (no httpx, no registry drivers): the package maps each
lazy name to its module and lets :func:`lazy_getattr` build its module ``__getattr__``.

>>> import types
>>> namespace: dict = {}
>>> get = lazy_getattr("demo", {"OrderedDict": "collections"}, namespace)
>>> get("OrderedDict").__name__, "OrderedDict" in namespace  # imported, then kept
('OrderedDict', True)
>>> get("nothing")
Traceback (most recent call last):
    ...
AttributeError: module 'demo' has no attribute 'nothing'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_getattr", "missing_extra"]


def lazy_getattr(
    package: str, names: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: a name in ``names`` is imported from its
    module on first use and kept in ``namespace`` (the package's globals)."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__


def missing_extra(exc: ModuleNotFoundError, module: str, extra: str) -> ModuleNotFoundError:
    """The error to raise when ``module`` cannot import what its ``extra`` installs: it
    names the extra and the command, not only the missing package.

    >>> missing_extra(ModuleNotFoundError("x", name="faker"), "qualcheck.demo", "faker")
    ModuleNotFoundError("qualcheck.demo needs faker, which the 'faker' extra installs: pip install 'qualcheck[faker]'")
    """  # noqa: E501
    return ModuleNotFoundError(
        f"{module} needs {exc.name}, which the {extra!r} extra installs:"
        f" pip install 'qualcheck[{extra}]'",
        name=exc.name,
    )
