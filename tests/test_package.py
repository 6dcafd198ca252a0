"""Package-level contracts: flat public API, cheap import, finding catalogue."""

from __future__ import annotations

import subprocess
import sys

import qualcheck
from qualcheck import catalogue


def test_all_is_complete() -> None:
    names = qualcheck.__all__
    for name in names:
        assert hasattr(qualcheck, name), name
    from types import ModuleType

    public = {
        name
        for name in dir(qualcheck)
        if not name.startswith("_") and not isinstance(getattr(qualcheck, name), ModuleType)
    }
    assert public - set(names) <= {"annotations", "TYPE_CHECKING", "Any"}


def test_public_objects_claim_the_flat_namespace() -> None:
    for name in ("CheckResult", "Finding", "Severity", "Verdict", "detect"):
        assert getattr(qualcheck, name).__module__ == "qualcheck"


def test_import_does_not_pull_in_heavy_modules() -> None:
    code = (
        "import sys, qualcheck; "
        "heavy = [m for m in ('httpx', 'stdnum') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_code_has_both_languages_and_a_stable_shape() -> None:
    entries = catalogue()
    assert len({entry.code for entry in entries}) == len(entries)
    for entry in entries:
        assert entry.en.strip(), entry.code
        assert entry.zh.strip(), entry.code
        assert entry.code == entry.code.lower()
        prefix, _, reason = entry.code.partition(".")
        assert prefix, entry.code
        assert reason, entry.code
        if entry.severity.value == "warning":
            assert entry.rule, f"soft code {entry.code} must name its rule"


def test_docs_catalogue_is_up_to_date() -> None:
    from pathlib import Path

    from qualcheck._codes_doc import render_codes_page

    page = Path(__file__).parent.parent / "docs" / "codes.md"
    assert page.read_text(encoding="utf-8") == render_codes_page(), (
        "docs/codes.md is stale: run python scripts/gen_codes_doc.py"
    )
