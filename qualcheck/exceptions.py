"""The exceptions qualcheck raises.

::

    QualcheckError
     ├── InvalidNumber (also ValueError)      a number breaks an official rule
     │    ├── InvalidFormat                   wrong characters or shape
     │    │    └── InvalidLength              wrong number of characters
     │    ├── InvalidChecksum                 a check character does not match
     │    └── InvalidComponent                a part is impossible (date, province …)
     ├── UnknownKind (also LookupError)       no number kind of that name
     └── ConfigError (also ValueError)        a bad option or argument

Every :class:`InvalidNumber` carries a stable ``code`` (the finding code, e.g.
``uscc.checksum``), the 1-based ``position`` where it applies (or ``None``), machine
parameters in ``ctx`` and messages in English (``str(exc)``, ``exc.message``) and Chinese
(``exc.message_zh``).

>>> from qualcheck.numbers import uscc
>>> try:
...     uscc.validate("91110000600037341M")
... except InvalidChecksum as exc:
...     print(exc.code, exc.position, exc.ctx["expected"])
uscc.checksum 18 L
"""

from __future__ import annotations

from typing import Any

from qualcheck._codes import Finding, Severity, lookup

__all__ = [
    "ConfigError",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "InvalidNumber",
    "QualcheckError",
    "UnknownKind",
    "UnreadableValue",
]


class QualcheckError(Exception):
    """Root of every exception qualcheck raises on purpose."""


class InvalidNumber(QualcheckError, ValueError):
    """A number breaks an official rule (format, length, check character, component)."""

    def __init__(self, code: str, *, position: int | None = None, **ctx: Any) -> None:
        self.code = code
        self.position = position
        self.ctx = ctx
        self.message, self.message_zh = lookup(code).render({"position": position, **ctx})
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.code, self.position, self.ctx))

    def to_finding(self) -> Finding:
        """The error as a :class:`~qualcheck.Finding` of severity ``error``."""
        return Finding(
            code=self.code,
            severity=Severity.ERROR,
            message=self.message,
            message_zh=self.message_zh,
            position=self.position,
            ctx=self.ctx,
        )


def _rebuild(
    cls: type[InvalidNumber], code: str, position: int | None, ctx: dict[str, Any]
) -> InvalidNumber:
    return cls(code, position=position, **ctx)


class InvalidFormat(InvalidNumber):
    """The number has characters or a shape its kind never has."""


class InvalidLength(InvalidFormat):
    """The number has the wrong number of characters."""


class InvalidChecksum(InvalidNumber):
    """A check character does not match the official algorithm."""


class InvalidComponent(InvalidNumber):
    """A part of the number is impossible: a date, a province, a year in the future."""


class UnknownKind(QualcheckError, LookupError):
    """No number kind has that name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown number kind"


class UnreadableValue(QualcheckError, ValueError):
    """A value (a date, a validity period, an amount …) cannot be read; the message says
    why in English, ``message_zh`` in Chinese.  A ``ValueError``, so pydantic reports it
    as a validation error of the field.

    >>> from qualcheck.dates import parse_date
    >>> try:
    ...     parse_date("2023年2月30日")
    ... except UnreadableValue as exc:
    ...     print(exc.message_zh)
    无法从“2023年2月30日”读出日期：该月没有这一天（2023-02-30）
    """

    def __init__(self, message: str, message_zh: str) -> None:
        # the value it quotes may be personal (an ID number in a date field): masked here,
        # so that no message of a ValidationError, log or traceback holds it whole
        from qualcheck._scrub import scrub  # here: qualcheck.numbers imports this module

        super().__init__(scrub(message))
        self.message_zh = scrub(message_zh)

    def __reduce__(self) -> tuple[Any, ...]:  # both messages survive pickling and copying
        return (type(self), (str(self), self.message_zh))


class ConfigError(QualcheckError, ValueError):
    """An option, argument or configuration value is not acceptable."""
