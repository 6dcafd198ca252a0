"""Each bundled adapter's provider-code table in docs/registries/adapters.md matches its
code map, row for row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qualcheck.registries import aliyun, qichacha, tianyancha
from qualcheck.registries._adapter_support import Action

DOCS = Path(__file__).resolve().parents[2] / "docs" / "registries" / "adapters.md"
WORDS = {
    Action.OK: "success",
    Action.NOT_FOUND: "not found",
    Action.FAIL: "failed",
    Action.RETRY: "retried",
    Action.ABORT: "abort",
}


def documented_rows(label: str) -> dict[str, tuple[str, str, str]]:
    """The rows of the table whose header starts with ``| label | meaning | …``."""
    header = f"| {label} | meaning | qualcheck | reason |"
    rows: dict[str, tuple[str, str, str]] = {}
    lines = iter(DOCS.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if line.startswith(header):
            break
    for line in lines:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if not cells[0].startswith("---"):
            rows[cells[0].strip("`")] = (cells[1], cells[2], cells[3])
    return rows


@pytest.mark.parametrize("module", [aliyun, qichacha, tianyancha], ids=lambda m: m.__name__)
def test_the_code_table_in_the_docs_matches(module: Any) -> None:
    codes = module.CODES
    expected = {
        code: (
            rule.meaning,
            WORDS[rule.action],
            rule.reason if rule.action in (Action.FAIL, Action.RETRY, Action.ABORT) else "—",
        )
        for code, rule in codes
    }
    assert documented_rows(codes.label) == expected
