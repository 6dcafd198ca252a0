"""The example merchants in ``examples/`` get the decisions and findings their README lists.

The examples are documentation: this keeps them from rotting when the checks, the category
policy or the models change.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from qualcheck import Decision, Merchant, verify
from qualcheck.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MERCHANTS = EXAMPLES / "merchants"
AS_OF = datetime.date(2026, 11, 29)

PASS, REVIEW, FAIL = Decision.PASS, Decision.REVIEW, Decision.FAIL

EXPECTED: dict[str, tuple[Decision, tuple[str, ...]]] = {
    "01-food-shop": (PASS, ()),
    "02-restaurant": (PASS, ()),
    "03-pharmacy": (PASS, ()),
    "04-device-seller": (PASS, ()),
    "05-certification-body": (PASS, ()),
    "06-testing-lab": (PASS, ()),
    "07-natural-person": (PASS, ()),
    "08-individual-business": (PASS, ()),
    "09-expired-licence": (FAIL, ("license.expired",)),
    "10-name-mismatch": (FAIL, ("consistency.name_mismatch", "consistency.legal_rep_mismatch")),
    "11-uscc-mismatch": (FAIL, ("consistency.uscc_mismatch",)),
    "12-catering-filing-only": (FAIL, ("category.license_missing",)),
    "13-banned-category": (FAIL, ("category.banned",)),
    "14-fireworks-permit": (REVIEW, ("category.special_permit",)),
    "15-wholesale-drugs-retail": (FAIL, ("category.license_unsuitable",)),
    "16-pilot-uscc": (REVIEW, ("uscc.pilot_checksum",)),
    "17-natural-person-over-threshold": (FAIL, ("merchant.exemption_exceeded",)),
    "18-unreadable-date": (REVIEW, ("record.invalid_value",)),
}
"""File stem → the decision as of ``AS_OF`` and the codes that must be among the findings."""

REGISTRY = EXAMPLES / "registry.sqlite"
REGISTRY_FINDINGS: dict[str, tuple[str, ...]] = {
    "09-expired-licence": ("registry.license_expired",),
    "10-name-mismatch": ("registry.license_not_found",),
    "11-uscc-mismatch": ("registry.not_found",),
    "13-banned-category": ("registry.status_revoked",),
    "15-wholesale-drugs-retail": ("registry.legal_rep_mismatch",),
    "16-pilot-uscc": ("registry.name_former",),
}
"""File stem → the ``registry.*`` codes it gets against ``examples/registry.sqlite`` (the
others get none; the decisions stay those of :data:`EXPECTED`)."""

UNREADABLE = {"18-unreadable-date"}
"""Examples that hold a field the models cannot read (on purpose: they show salvage)."""


def load(stem: str) -> dict[str, Any]:
    data = json.loads((MERCHANTS / f"{stem}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_every_example_is_listed() -> None:
    assert sorted(path.stem for path in MERCHANTS.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_decision_and_findings(stem: str) -> None:
    decision, codes = EXPECTED[stem]
    report = verify(load(stem), as_of=AS_OF)
    found = [(f.decision.value, f.code, f.json_path) for f in report.findings]
    assert report.decision is decision, found
    for code in codes:
        assert code in report.codes, found
    if decision is PASS:
        assert not [f for f in report.findings if f.decision is not PASS], found
    assert report.merchant_id == f"ex-{stem}"
    assert not [c for c in report.checks if c.status == "errored"]


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_shape(stem: str) -> None:
    """A JSON object with a merchant id that the models read whole (except the salvage
    example): the engine's findings are about the seller, not about the file."""
    record = load(stem)
    assert record["merchant_id"] == f"ex-{stem}"
    if stem in UNREADABLE:
        with pytest.raises(ValidationError):
            Merchant.model_validate(record)
        return
    merchant = Merchant.model_validate(record)
    assert len(merchant.documents) == len(record["documents"])


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_no_full_id_number_in_the_report(stem: str) -> None:
    record = load(stem)
    numbers = [doc["number"] for doc in record["documents"] if doc["kind"] == "identity"]
    person = record.get("legal_representative") or {}
    if person.get("id_number"):
        numbers.append(person["id_number"])
    text = verify(record, as_of=AS_OF).to_json()
    for number in numbers:
        assert number not in text


def test_jsonl_holds_the_files_in_order() -> None:
    lines = (EXAMPLES / "merchants.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [load(stem) for stem in sorted(EXPECTED)]


def test_readme_lists_the_same_decisions_and_codes() -> None:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w-]+)\.json` \|[^|]*\| (\w+) \| ([^|]*) \|$", text, re.M)
    listed = {
        stem: (Decision(decision), tuple(re.findall(r"`([\w.]+)`", codes)))
        for stem, decision, codes in rows
    }
    assert listed == EXPECTED


def test_the_readme_command(capsys: pytest.CaptureFixture[str]) -> None:
    """``qualcheck verify examples/merchants.jsonl --as-of 2026-11-29``: one report a line,
    in order, exit status 1 (some examples fail on purpose)."""
    status = main(
        ["verify", str(EXAMPLES / "merchants.jsonl"), "--as-of", AS_OF.isoformat(), "--json"]
    )
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1
    assert [(r["merchant_id"], r["decision"]) for r in reports] == [
        (f"ex-{stem}", decision.value) for stem, (decision, _) in sorted(EXPECTED.items())
    ]


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_against_the_example_registry(stem: str) -> None:
    from qualcheck.registries import SqliteRegistry

    with SqliteRegistry(REGISTRY) as registry:
        report = verify(load(stem), as_of=AS_OF, registry=registry)
    codes = tuple(code for code in report.codes if code.startswith("registry."))
    assert codes == REGISTRY_FINDINGS.get(stem, ()), report.codes
    assert report.decision is EXPECTED[stem][0]
    natural = stem in ("07-natural-person", "17-natural-person-over-threshold")
    assert (report.registry is None) == natural
    if not natural:
        assert report.registry is not None
        assert report.registry.source == "sqlite:registry.sqlite"


def test_readme_lists_the_registry_findings() -> None:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    section = text.split("## Against the example registry", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([\w-]+)\.json` \| ([^|]*) \|", section, re.M)
    listed = {stem: tuple(re.findall(r"`([\w.]+)`", codes)) for stem, codes in rows}
    assert listed == REGISTRY_FINDINGS


def test_the_readme_main_command_with_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "verify",
            str(EXAMPLES / "merchants.jsonl"),
            "--registry",
            str(REGISTRY),
            "--as-of",
            AS_OF.isoformat(),
            "--json",
        ]
    )
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1
    assert [(r["merchant_id"], r["decision"]) for r in reports] == [
        (f"ex-{stem}", decision.value) for stem, (decision, _) in sorted(EXPECTED.items())
    ]
