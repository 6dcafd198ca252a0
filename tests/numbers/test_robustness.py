"""Contract tests over every kind: junk never raises from is_valid/check and is never valid."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from qualcheck import InvalidNumber, numbers
from qualcheck.numbers import KINDS, NumberModule, Verdict

JUNK: list[Any] = [
    None,
    "",
    " ",
    0,
    123456789012345678,
    1.5,
    False,
    object(),
    b"91350100M000100Y43",  # bytes are not text
    bytearray(b"x"),
    "€".encode(),
    ["91350100M000100Y43"],
    {"number": "91350100M000100Y43"},
    "😴",
    "3²",
    "ⅷ",
    "⑱",
    "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    "x" * 10_000,
    "9" * 200,
    "\x00" * 18,
    "----",
    "（）",
    "\u200b" * 20,
    "null",
    "None",
    "长期",
    "<script>alert(1)</script>",
    "SELECT * FROM merchants",
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("value", JUNK, ids=lambda value: repr(value)[:30])
def test_junk_is_never_valid_and_never_raises(kind: str, value: Any) -> None:
    module = numbers.get(kind)
    assert module.is_valid(value) is False
    result = module.check(value)
    assert result.verdict is Verdict.INVALID
    assert result.findings
    with pytest.raises(InvalidNumber):
        module.validate(value)


@pytest.mark.parametrize("kind", KINDS)
def test_every_module_has_the_common_interface(kind: str) -> None:
    module = numbers.get(kind)
    assert isinstance(module, NumberModule)
    assert kind == module.KIND
    assert module.__doc__
    assert ">>>" in module.__doc__
    for name in ("compact", "validate", "is_valid", "format", "parse", "check"):
        assert callable(getattr(module, name)), name
        assert getattr(module, name).__doc__, name


@pytest.mark.parametrize("kind", KINDS)
def test_as_of_is_accepted_everywhere(kind: str) -> None:
    module: NumberModule = numbers.get(kind)
    as_of = datetime.date(2026, 1, 1)
    assert module.is_valid("?", as_of=as_of) is False
    assert module.check("?", as_of=as_of).verdict is Verdict.INVALID


def test_unknown_kind() -> None:
    from qualcheck import UnknownKind

    with pytest.raises(UnknownKind, match="uscc"):
        numbers.get("nope")
