"""Write docs/codes.md, the catalogue of finding codes, from the code definitions.

Usage: ``python scripts/gen_codes_doc.py`` (from the repository root).
"""

from __future__ import annotations

from pathlib import Path

from qualcheck._codes_doc import render_codes_page


def main() -> None:
    """Regenerate the page in place."""
    page = Path(__file__).resolve().parent.parent / "docs" / "codes.md"
    page.write_text(render_codes_page(), encoding="utf-8")
    print(f"wrote {page}")


if __name__ == "__main__":
    main()
