"""``qualcheck due`` and :func:`qualcheck.batch.due_items` with a fixed ``as_of``: what is
due, in order of urgency, with personal data masked."""

from __future__ import annotations

import csv
import datetime
import io
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import AS_OF, AS_OF_TEXT, write_lines

from qualcheck import Policy
from qualcheck.batch import DueItem, due_items, urgency
from qualcheck.testing import make_merchant

Run = Callable[..., tuple[int, str, str]]


def _record(profile: str, seed: int, merchant_id: str, **changes: Any) -> dict[str, Any]:
    record = make_merchant(profile, as_of=AS_OF, rng=random.Random(seed))
    record["merchant_id"] = merchant_id
    record["last_verified_at"] = "2026-10-15"  # recently verified unless changed
    terms = changes.pop("terms", {})
    for document in record["documents"]:
        if document["kind"] in terms:
            for key in ("validity", "valid_from", "valid_to"):
                document.pop(key, None)
            document["valid_from"] = "2021-06-01"
            document["valid_to"] = terms[document["kind"]]
    record.update(changes)
    return record


EXPIRED_LONG = _record("pharmacy", 1, "expired-long", terms={"drug_business": "2026-01-31"})
EXPIRED_RECENT = _record("food_shop", 2, "expired-recent", terms={"food_business": "2026-11-20"})
DUE = _record("restaurant", 3, "due", last_verified_at="2026-04-01")
NEVER = _record("testing_lab", 4, "never", last_verified_at=None)
PERSON = _record("natural_person", 5, "person", terms={"identity": "2026-12-03"})
LATER = _record("device_seller", 6, "later", terms={"device_business": "2026-12-25"})
FINE = _record("certification_body", 7, "fine")
DROPPED = _record("food_shop", 8, "dropped")
DROPPED["documents"][1]["number"] = "JY1"  # unreadable: the licence is left out
IDENTITY = PERSON["documents"][0]["number"]
LINES = [
    json.dumps(record, ensure_ascii=False)
    for record in (FINE, LATER, DUE, PERSON, EXPIRED_RECENT, NEVER, EXPIRED_LONG, DROPPED)
]
LINES.insert(3, "{broken")


def _ids(items: list[DueItem]) -> list[tuple[str, str | None]]:
    return [(item.status, item.merchant_id) for item in items]


def test_due_items_one_record() -> None:
    assert due_items(FINE, as_of=AS_OF) == []
    [item] = due_items(EXPIRED_LONG, as_of=AS_OF)
    assert (item.status, item.document, item.days) == ("expired", "drug_business", 302)
    assert item.date == datetime.date(2026, 1, 31)
    [item] = due_items(DUE, as_of=AS_OF)
    assert (item.status, item.date, item.days) == (
        "reverification_due",
        datetime.date(2026, 10, 1),
        59,
    )
    [item] = due_items(NEVER, as_of=AS_OF)
    assert (item.status, item.days, item.describe()) == (
        "reverification_due",
        None,
        "never verified",
    )
    [item] = due_items(PERSON, as_of=AS_OF)
    assert (item.status, item.days) == ("expiring", 4)
    assert item.number is not None
    assert item.number != IDENTITY
    assert "*" in item.number
    [item] = due_items(LATER, as_of=AS_OF)  # 26 days left, within the default 30
    assert (item.status, item.days) == ("expiring", 26)
    [item] = due_items("{broken", as_of=AS_OF)
    assert item.status == "unreadable"


def test_a_licence_renewed_on_file_is_not_due() -> None:
    record = json.loads(json.dumps(EXPIRED_LONG))
    old = next(doc for doc in record["documents"] if doc["kind"] == "drug_business")
    renewed = {**old, "valid_from": "2026-01-20", "valid_to": "2031-01-19"}
    record["documents"].append(renewed)
    assert due_items(record, as_of=AS_OF) == []


def test_due_items_window_and_policy() -> None:
    assert _ids(due_items(LATER, as_of=AS_OF, within=25)) == []
    assert _ids(due_items(LATER, as_of=AS_OF, within=26)) == [("expiring", "later")]
    strict = Policy(reverify_after_months=1)
    assert _ids(due_items(FINE, as_of=AS_OF, policy=strict)) == [("reverification_due", "fine")]
    policy = Policy(expiring_soon_days=3)
    assert _ids(due_items(PERSON, as_of=AS_OF, policy=policy)) == []


def test_urgency_order() -> None:
    items = [item for line in LINES for item in due_items(line, as_of=AS_OF)]
    assert _ids(sorted(items, key=urgency)) == [
        ("expired", "expired-long"),
        ("expired", "expired-recent"),
        ("unreadable", None),
        ("unreadable", "dropped"),
        ("reverification_due", "never"),
        ("reverification_due", "due"),
        ("expiring", "person"),
        ("expiring", "later"),
    ]


def test_due_command_table(tmp_path: Path, run_cli: Run) -> None:
    source = write_lines(tmp_path / "sellers.jsonl", LINES)
    status, out, err = run_cli("due", str(source), "--as-of", AS_OF_TEXT)
    assert status == 0
    assert err == ""
    rows = out.splitlines()
    assert rows[0].split() == ["STATUS", "WHEN", "MERCHANT", "NAME", "DOCUMENT", "NUMBER", "SOURCE"]
    assert [row.split()[0] for row in rows[1:9]] == [
        "expired",
        "expired",
        "unreadable",
        "unreadable",
        "reverification_due",
        "reverification_due",
        "expiring",
        "expiring",
    ]
    assert "expired 2026-01-31 (302 days ago)" in rows[1]
    assert "sellers.jsonl:4" in rows[3]
    assert rows[-1] == (
        "8 due as of 2026-11-29: 2 expired, 2 unreadable, 2 to re-verify,"
        " 2 expiring within 30 days (9 records read)"
    )
    assert IDENTITY not in out
    assert IDENTITY[:6] + "********" + IDENTITY[-4:] in out
    assert "13800138000" not in out.replace("-", "").replace(" ", "")


def test_due_command_jsonl_csv_and_within(tmp_path: Path, run_cli: Run) -> None:
    source = write_lines(tmp_path / "sellers.jsonl", LINES)
    status, out, err = run_cli("due", str(source), "--as-of", AS_OF_TEXT, "--format", "jsonl")
    assert status == 0
    items = [json.loads(line) for line in out.splitlines()]
    assert [item["merchant_id"] for item in items][:2] == ["expired-long", "expired-recent"]
    assert items[0]["line"] == 8
    assert items[0]["description"] == "expired 2026-01-31 (302 days ago)"
    assert "8 due as of" in err
    status, out, _ = run_cli(
        "due", str(source), "--as-of", AS_OF_TEXT, "--format", "csv", "--within", "5"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["status"] for row in rows] == [
        "expired",
        "expired",
        "unreadable",
        "unreadable",
        "reverification_due",
        "reverification_due",
        "expiring",
    ]
    assert rows[-1]["merchant_id"] == "person"
    assert rows[-1]["days"] == "4"


def test_due_command_reads_csv(tmp_path: Path, run_cli: Run) -> None:
    source = tmp_path / "export.csv"
    source.write_text(
        "merchant_id,subject_type,name,last_verified_at,food_business.number,"
        "food_business.valid_to\n"
        "c-1,enterprise,甲示例有限公司,2026-11-01,JY13501020000014,2026-11-28\n"
        "c-2,enterprise,乙示例有限公司,2025-01-01,,\n"
        "c-3,enterprise,丙示例有限公司,2026-11-01,JY13501020000014,2027-06-30\n"
        "c-4,enterprise,丁示例有限公司,2026-11-01,,,surplus\n",
        encoding="utf-8",
    )
    status, out, _ = run_cli("due", str(source), "--as-of", AS_OF_TEXT, "--format", "jsonl")
    assert status == 0
    items = [json.loads(line) for line in out.splitlines()]
    assert [(i["status"], i["merchant_id"], i["line"]) for i in items] == [
        ("expired", "c-1", 2),
        ("unreadable", "c-4", 5),
        ("reverification_due", "c-2", 3),
    ]
    assert items[1]["reason"] == "row: 1 cell more than the header"


@pytest.mark.parametrize("argv", [["--within", "-1"], ["--as-of", "2026-13-01"]])
def test_due_usage_errors(tmp_path: Path, run_cli: Run, argv: list[str]) -> None:
    source = write_lines(tmp_path / "s.jsonl", LINES)
    with pytest.raises(SystemExit):
        run_cli("due", str(source), *argv)


def test_due_missing_file(tmp_path: Path, run_cli: Run) -> None:
    status, _, err = run_cli("due", str(tmp_path / "missing.jsonl"))
    assert status == 2
    assert "cannot read" in err
