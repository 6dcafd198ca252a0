"""Check-character algorithms used by the number kinds, each with worked examples.

>>> gb32100_check("91350100M000100Y4")
'3'
>>> gb11714_check("M000100Y")
'4'
>>> mod11_2_check("11010519491231002")
'X'
>>> mod11_10_check("44030110273845")
'3'
"""

from __future__ import annotations

from operator import getitem

__all__ = [
    "GB11714_WEIGHTS",
    "GB32100_ALPHABET",
    "GB32100_WEIGHTS",
    "MOD11_2_WEIGHTS",
    "gb11714_check",
    "gb32100_check",
    "mod11_2_check",
    "mod11_10_check",
]

GB32100_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 USCC symbols in value order (no I, O, S, V, Z)."""

GB32100_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
"""Weights ``3**(i-1) mod 31`` for positions 1–17 of a USCC."""

GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
"""Weights for the 8 body characters of a GB 11714 organisation code."""

MOD11_2_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
"""ISO 7064 MOD 11-2 weights ``2**(18-i) mod 11`` for 17 characters (GB 11643)."""

# One table per position: character -> value * weight, so a checksum is one ``map``.
_GB32100_TABLES = tuple(
    {char: value * weight for value, char in enumerate(GB32100_ALPHABET)}
    for weight in GB32100_WEIGHTS
)
_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_GB11714_TABLES = tuple(
    {char: value * weight for value, char in enumerate(_BASE36)} for weight in GB11714_WEIGHTS
)
_MOD11_2_TABLES = tuple(
    {str(digit): digit * weight for digit in range(10)} for weight in MOD11_2_WEIGHTS
)
_MOD11_2_CHARS = "10X98765432"


def gb32100_check(body: str) -> str:
    """GB 32100 check character for the first 17 characters of a USCC.

    ``body`` must hold only USCC symbols (``KeyError`` otherwise).
    """
    total = sum(map(getitem, _GB32100_TABLES, body))
    return GB32100_ALPHABET[-total % 31]


def gb11714_check(body: str) -> str:
    """GB 11714 check character for 8 organisation-code characters (36-symbol values).

    >>> gb11714_check("60003734"), gb11714_check("D2143569"), gb11714_check("40170530")
    ('1', 'X', '0')
    """
    remainder = 11 - sum(map(getitem, _GB11714_TABLES, body)) % 11
    return "X" if remainder == 10 else "0" if remainder == 11 else str(remainder)


def mod11_2_check(body: str) -> str:
    """ISO 7064 MOD 11-2 check character for 17 digits (resident ID, GB 11643)."""
    return _MOD11_2_CHARS[sum(map(getitem, _MOD11_2_TABLES, body)) % 11]


def _mod11_10_step(product: int, value: int) -> int:
    """One step of ISO 7064 MOD 11,10: the product carried after a digit of ``value``."""
    return ((product + value) % 10 or 10) * 2 % 11


# One table per carried product (1-10): digit -> the next product, so a step is a lookup.
_MOD11_10_NEXT = tuple(
    {str(digit): _mod11_10_step(product, digit) for digit in range(10)} for product in range(11)
)
_MOD11_10_CHARS = tuple(str((11 - product) % 10) for product in range(11))


def mod11_10_check(digits: str) -> str:
    """ISO 7064 MOD 11,10 (hybrid) check digit for a string of decimal digits.

    >>> mod11_10_check("33010600012900")
    '4'
    """
    product = 10
    try:
        for char in digits:
            product = _MOD11_10_NEXT[product][char]
    except KeyError:  # not an ASCII digit: the arithmetic on its code point, as ever
        product = 10
        for char in digits:
            product = _mod11_10_step(product, ord(char) - 48)
    return _MOD11_10_CHARS[product]
