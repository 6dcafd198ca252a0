"""Rows read by ``iter_input`` handed to the Python API, tab-separated files, and the due
list's fail-closed reading of a term it cannot read."""

from __future__ import annotations

import asyncio
import datetime
import random
from pathlib import Path

import pytest

from qualcheck import Decision
from qualcheck.batch import averify_many, due_items, iter_input, iter_verify
from qualcheck.testing import make_ric

AS_OF = datetime.date(2026, 11, 29)
RIC = make_ric(birth_date=datetime.date(1985, 4, 2), rng=random.Random(11))
USCC, NAME = "91350100M000100Y43", "福州示例餐饮有限公司"
HEADER = (
    "merchant_id,subject_type,name,uscc,legal_representative_id,"
    "business_license.number,business_license.validity"
)


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "sellers.csv"
    rows = [
        HEADER,
        f"c-1,企业,{NAME},{USCC},{RIC},{USCC},2019-05-20至长期",
        f"c-2,企业,{NAME},{USCC},,{USCC},2019-05-20至长期,an extra cell",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_row_repr_does_not_show_the_personal_numbers(tmp_path: Path) -> None:
    first = next(iter(iter_input(_csv(tmp_path))))
    assert RIC in str(first.record)  # the record itself is the input, as given
    assert RIC not in repr(first)
    assert "c-1" in repr(first)


def test_iter_verify_reads_rows_and_keeps_their_cell_problems(tmp_path: Path) -> None:
    rows = list(iter_input(_csv(tmp_path)))
    assert rows[1].problems  # the extra cell
    reports = list(iter_verify(rows, as_of=AS_OF))
    assert [report.merchant_id for report in reports] == ["c-1", "c-2"]
    assert "record.not_an_object" not in reports[0].codes
    assert "record.invalid_value" in reports[1].codes
    assert reports[1].decision is not Decision.PASS
    # the rows' records alone lose the cell problem: a row must be handed over whole
    plain = list(iter_verify((row.record for row in rows), as_of=AS_OF))
    assert "record.invalid_value" not in plain[1].codes


def test_averify_many_reads_rows_and_keeps_their_cell_problems(tmp_path: Path) -> None:
    rows = list(iter_input(_csv(tmp_path)))

    async def run() -> list[tuple[str | None, tuple[str, ...]]]:
        return [(r.merchant_id, r.codes) async for r in averify_many(rows, as_of=AS_OF)]

    results = dict(asyncio.run(run()))
    assert "record.not_an_object" not in results["c-1"]
    assert "record.invalid_value" in results["c-2"]


@pytest.mark.parametrize("suffix", [".tsv", ".TSV"])
def test_a_tab_separated_file_is_split_at_tabs(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"sellers{suffix}"
    path.write_text(f"merchant_id\tsubject_type\tname\nt-1\tenterprise\t{NAME}\n", encoding="utf-8")
    row = next(iter(iter_input(path)))
    assert row.record["merchant_id"] == "t-1"
    assert row.record["name"] == NAME


@pytest.mark.parametrize(
    ("valid_to", "listed"),
    [
        ("2026-02-30", ["unreadable"]),  # a day the month does not have
        (None, ["unreadable"]),  # a licence that expires, with no end date given
        ("长期", []),  # long-term: nothing to list
    ],
)
def test_the_due_list_names_a_licence_whose_term_it_cannot_read(
    valid_to: str | None, listed: list[str]
) -> None:
    licence = {"kind": "food_business", "number": "JY23501021588133", "valid_from": "2023-06-01"}
    if valid_to is not None:
        licence["valid_to"] = valid_to
    seller = {
        "merchant_id": "u-1",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "last_verified_at": "2026-11-01",
        "documents": [
            {"kind": "business_license", "number": USCC, "validity": "2019-05-20至长期"},
            licence,
        ],
    }
    items = due_items(seller, as_of=AS_OF)
    assert [item.status for item in items] == listed
    if listed:
        assert items[0].reason == "documents[1] has no readable term"
        assert items[0].document == "food_business"
