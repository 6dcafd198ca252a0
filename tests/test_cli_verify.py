"""``qualcheck verify``, ``checks`` and ``schema``: output, order, exit status."""

from __future__ import annotations

import datetime
import io
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qualcheck.checks import default_checks
from qualcheck.cli import main
from qualcheck.testing import make_food_business, make_invalid, make_uscc

AS_OF = "2026-03-15"
RNG = random.Random(99)
NAME = "南京示例食品有限公司"
USCC = make_uscc(entity_type="1", region="320102", rng=RNG)
LICENCE = {"kind": "business_license", "number": USCC, "holder_name": NAME, "valid_to": "长期"}


def jy(valid_to: str) -> dict[str, Any]:
    return {
        "kind": "food_business",
        "number": make_food_business(form=1, region="320102", rng=RNG),
        "holder_name": NAME,
        "valid_from": "2022-01-01",
        "valid_to": valid_to,
    }


def merchant(merchant_id: str, *documents: dict[str, Any]) -> dict[str, Any]:
    return {
        "merchant_id": merchant_id,
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "categories": ["food_sales"] if documents else [],
        "documents": [LICENCE, *documents],
    }


PASSING = merchant("ok-1", jy("2026-12-31"))
REVIEW = merchant("soon-2", jy("2026-03-20"))  # expires in five days
FAILING = merchant("old-3", jy("2025-12-31"))  # expired


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    sys.stdin = io.StringIO(stdin)
    try:
        status = main(list(argv))
    finally:
        sys.stdin = sys.__stdin__
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write(tmp_path: Path, name: str, content: Any) -> str:
    path = tmp_path / name
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def jsonl(*records: Any) -> str:
    return "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
    )


def lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


# --------------------------------------------------------------------------- verify


@pytest.mark.parametrize(
    ("records", "status"),
    [
        ([PASSING], 0),  # all pass
        ([PASSING, REVIEW], 3),  # any review, none fail
        ([REVIEW, FAILING, PASSING], 1),  # any fail
        ([FAILING], 1),
    ],
)
def test_exit_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, records: list[Any], status: int
) -> None:
    path = write(tmp_path, "m.json", records)
    assert run(capsys, "verify", path, "--as-of", AS_OF)[0] == status


def test_json_object(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "one.json", json.dumps(PASSING, indent=2, ensure_ascii=False))
    status, out, _ = run(capsys, "verify", path, "--as-of", AS_OF)
    assert status == 0
    assert out.splitlines() == [f"PASS    {path} ok-1"]
    status, out, _ = run(capsys, "verify", path, "--as-of", AS_OF, "--verbose")
    assert out.splitlines() == [  # skipped checks only with --verbose
        f"PASS    {path} ok-1",
        "    (reverification skipped: never verified before (first verification))",
        "    (registry skipped: no registry configured)",
    ]


def test_json_array(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "all.json", [PASSING, REVIEW, FAILING])
    status, out, _ = run(capsys, "verify", path, "--as-of", AS_OF)
    assert status == 1
    heads = [line for line in out.splitlines() if not line.startswith(" ")]
    assert heads == [
        f"PASS    {path}[0] ok-1",
        f"REVIEW  {path}[1] soon-2",
        f"FAIL    {path}[2] old-3",
    ]
    assert "    review license.expiring_soon at $.documents[1].validity.valid_to: " in out
    assert "    fail   license.expired at $.documents[1].validity.valid_to: " in out


def test_json_lines_with_a_malformed_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = jsonl(PASSING, '{"merchant_id": "broken", "name": ', "", REVIEW)
    path = write(tmp_path, "m.jsonl", text)
    status, out, _ = run(capsys, "verify", path, "--as-of", AS_OF, "--json")
    reports = lines(out)
    # the malformed line is reported, not lost; the blank line is skipped
    assert [r["source"] for r in reports] == [
        {"file": path, "line": 1},
        {"file": path, "line": 2},
        {"file": path, "line": 4},
    ]
    assert [r["decision"] for r in reports] == ["pass", "review", "review"]
    assert [f["code"] for f in reports[1]["findings"]] == ["record.not_json"]
    assert status == 3


def test_json_output_is_the_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", [FAILING])
    status, out, _ = run(capsys, "verify", "--json", "--as-of", AS_OF, path)
    (report,) = lines(out)
    assert status == 1
    assert report["source"] == {"file": path, "index": 0}
    assert report["decision"] == "fail"
    assert report["as_of"] == AS_OF
    assert report["merchant_id"] == "old-3"
    assert {"findings", "checks", "input_digest", "audit_id", "qualcheck_version"} <= set(report)
    finding = report["findings"][0]
    assert finding["code"] == "license.expired"
    assert finding["json_path"] == "$.documents[1].validity.valid_to"
    assert finding["path"] == ["documents", 1, "validity", "valid_to"]
    assert "食品经营许可证" in out  # UTF-8 kept readable


def test_several_files_in_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first = write(tmp_path, "1.json", FAILING)
    second = write(tmp_path, "2.jsonl", jsonl(PASSING, REVIEW))
    status, out, _ = run(capsys, "verify", first, second, "--as-of", AS_OF, "--json")
    assert [(r["source"], r["merchant_id"]) for r in lines(out)] == [
        ({"file": first}, "old-3"),
        ({"file": second, "line": 1}, "ok-1"),
        ({"file": second, "line": 2}, "soon-2"),
    ]
    assert status == 1


def test_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "verify", "-", "--as-of", AS_OF, "--json", stdin=jsonl(PASSING, REVIEW)
    )
    assert [(r["source"], r["decision"]) for r in lines(out)] == [
        ({"file": "-", "line": 1}, "pass"),
        ({"file": "-", "line": 2}, "review"),
    ]
    assert status == 3


def test_utf8_bom_is_accepted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(PASSING).encode("utf-8"))
    assert run(capsys, "verify", str(path), "--as-of", AS_OF)[0] == 0


def test_lang_zh(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", FAILING)
    _, english, _ = run(capsys, "verify", path, "--as-of", AS_OF)
    _, chinese, _ = run(capsys, "verify", path, "--as-of", AS_OF, "--lang", "zh")
    assert "expired on 2025-12-31" in english
    assert "食品经营许可证已于2025年12月31日到期" in chinese
    assert "expired on" not in chinese


def test_lang_zh_verbose_says_why_checks_were_skipped_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from qualcheck import verify
    from qualcheck.cli._verify_command import _REASONS_ZH
    from qualcheck.testing import make_merchant

    records = [
        make_merchant(profile, as_of=datetime.date(2026, 11, 29), rng=random.Random(1))
        for profile in ("food_shop", "natural_person")
    ]
    records.append({**records[0], "categories": []})
    records.append({**records[0], "last_verified_at": None})
    records.append({"name": 5})
    path = write(tmp_path, "many.json", records)
    _, chinese, _ = run(capsys, "verify", path, "--as-of", AS_OF, "--lang", "zh", "--verbose")
    skipped = [line for line in chinese.splitlines() if "未执行" in line]
    assert skipped
    assert all(line.startswith("    （") and line.endswith("）") for line in skipped)
    assert not any(reason in chinese for reason in _REASONS_ZH)  # none left in English
    # every reason a bundled check gives for skipping has its Chinese
    reasons = {
        check.reason
        for record in records
        for check in verify(record, as_of=datetime.date(2026, 11, 29)).checks
        if check.status == "skipped"
    }
    assert reasons <= set(_REASONS_ZH), reasons - set(_REASONS_ZH)


def test_as_of_changes_the_verdict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", FAILING)
    assert run(capsys, "verify", path, "--as-of", "2025-06-01")[0] == 0
    assert run(capsys, "verify", path, "--as-of", "2025-12-15")[0] == 3  # expiring soon
    assert run(capsys, "verify", path, "--as-of", "2026-01-01")[0] == 1


def test_policy_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = write(tmp_path, "a.json", [PASSING, REVIEW, FAILING])
    # the platform accepts expiring licences, and asks for review of expired ones
    lenient = write(
        tmp_path,
        "policy.json",
        {"decisions": {"license.expiring_soon": "pass", "license.expired": "review"}},
    )
    status, out, _ = run(capsys, "verify", data, "--as-of", AS_OF, "--policy", lenient, "--json")
    assert [r["decision"] for r in lines(out)] == ["pass", "pass", "review"]
    assert status == 3
    # a wider window: the passing record's licence (291 days left) now expires "soon"
    wide = write(tmp_path, "wide.json", {"expiring_soon_days": 365})
    status, out, _ = run(capsys, "verify", data, "--as-of", AS_OF, "--policy", wide, "--json")
    assert [r["decision"] for r in lines(out)] == ["review", "review", "fail"]


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (None, "cannot read policy file"),  # missing
        ("{not json", "cannot read policy file"),
        ('{"expire_soon_days": 3}', "unknown policy option 'expire_soon_days'"),
        ('{"decisions": {"license.expired": "ignore"}}', "license.expired"),
    ],
)
def test_bad_policy_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, policy: str | None, message: str
) -> None:
    data = write(tmp_path, "a.json", PASSING)
    path = str(tmp_path / "policy.json") if policy is None else write(tmp_path, "p.json", policy)
    status, out, err = run(capsys, "verify", data, "--policy", path)
    assert status == 2
    assert out == ""
    assert message in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "verify", str(tmp_path / "nope.json"))
    assert status == 2
    assert "cannot read" in err
    assert "nope.json" in err


def test_not_utf8_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps(PASSING, ensure_ascii=False).encode("gbk"))
    status, _, err = run(capsys, "verify", str(path))
    assert status == 2
    assert "not UTF-8" in err


@pytest.mark.parametrize("as_of", ["2026-13-01", "yesterday", "15/03/2026"])
def test_bad_as_of(capsys: pytest.CaptureFixture[str], tmp_path: Path, as_of: str) -> None:
    path = write(tmp_path, "a.json", PASSING)
    with pytest.raises(SystemExit) as info:
        main(["verify", path, "--as-of", as_of])
    assert info.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["verify"], ["verify", "x.json", "--lang", "fr"], ["schema", "shop"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
    capsys.readouterr()


def test_no_personal_data_on_screen(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from qualcheck.testing import make_ric

    person_id = make_ric(rng=RNG)
    wrong_id = make_invalid("ric", "checksum", rng=RNG)
    record = {
        "subject_type": "natural_person",
        "name": "李四",
        "legal_representative": {"name": "李四", "id_number": person_id},
        "contact_phone": "138 0013 800",
        "documents": [{"kind": "identity", "number": wrong_id}],
    }
    path = write(tmp_path, "p.json", record)
    for extra in ([], ["--json"], ["--lang", "zh"]):
        _, out, err = run(capsys, "verify", path, "--as-of", AS_OF, *extra)
        for secret in (person_id, wrong_id, person_id[6:14], "13800138"):
            assert secret not in out + err


def test_subprocess(tmp_path: Path) -> None:
    path = write(tmp_path, "m.jsonl", jsonl(PASSING, REVIEW))
    result = subprocess.run(
        [sys.executable, "-m", "qualcheck", "verify", path, "--as-of", AS_OF, "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 3, result.stderr
    assert [json.loads(line)["decision"] for line in result.stdout.splitlines()] == [
        "pass",
        "review",
    ]


# --------------------------------------------------------------------------- checks, schema


def test_checks_lists_every_check_with_its_codes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "checks")
    assert status == 0
    names = [line.split(":")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert names == [spec.name for spec in default_checks()]
    for code in ("license.expired", "consistency.uscc_mismatch", "uscc.checksum", "phone.invalid"):
        assert f"    {code} " in out
    assert "merchant.reverification_due" in out


def test_checks_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "checks", "--json")
    assert status == 0
    entries = {entry["check"]: entry for entry in lines(out)}
    assert list(entries) == [spec.name for spec in default_checks()]
    for entry in entries.values():
        assert entry["title"]
        assert entry["codes"], entry["check"]
        for code in entry["codes"]:
            assert set(code) == {"code", "severity", "message"}
            assert code["severity"] in ("error", "warning", "info")
    validity = [c["code"] for c in entries["validity"]["codes"]]
    assert "license.expired" in validity
    assert "license.expiring_soon" in validity
    reverification = [c["code"] for c in entries["reverification"]["codes"]]
    assert sorted(reverification) == [
        "merchant.reverification_due",
        "merchant.verified_in_future",
    ]
    identifiers = {c["code"].split(".")[0] for c in entries["identifiers"]["codes"]}
    assert {"uscc", "ric", "food_business", "cma", "phone"} <= identifiers


@pytest.mark.parametrize("name", ["merchant", "document", "report", "policy"])
def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str], name: str) -> None:
    status, out, _ = run(capsys, "schema", name)
    assert status == 0
    schema = json.loads(out)
    assert isinstance(schema, dict)
    assert "properties" in schema or "oneOf" in schema or "$ref" in schema
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)


def test_merchant_schema(capsys: pytest.CaptureFixture[str]) -> None:
    _, default, _ = run(capsys, "schema")
    _, out, _ = run(capsys, "schema", "merchant")
    assert default == out
    schema = json.loads(out)
    assert {"subject_type", "name"} <= set(schema["required"])
    uscc = next(s for s in schema["properties"]["uscc"]["anyOf"] if s.get("type") == "string")
    assert uscc["pattern"].startswith("^")
    assert uscc["x-qualcheck-kind"] == "uscc"
    assert "91350100M000100Y43" in uscc["examples"]
    documents = schema["properties"]["documents"]["items"]
    assert documents["discriminator"]["propertyName"] == "kind"


def test_records_validate_against_the_merchant_schema(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    _, out, _ = run(capsys, "schema", "merchant")
    validator = jsonschema.Draft202012Validator(json.loads(out))
    for record in (PASSING, REVIEW, FAILING):
        validator.validate({**record, "documents": [LICENCE]})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**PASSING, "uscc": "not a uscc"})


def test_document_and_policy_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "schema", "document")
    document = json.loads(out)
    assert document["discriminator"]["propertyName"] == "kind"
    assert len(document["oneOf"]) == 10
    _, out, _ = run(capsys, "schema", "policy")
    policy = json.loads(out)
    assert policy["additionalProperties"] is False
    assert set(policy["properties"]) == {
        "expiring_soon_days",
        "reverify_after_months",
        "turnover_limit_yuan",
        "categories_file",
        "decisions",
    }
    _, out, _ = run(capsys, "schema", "report")
    assert "json_path" in out  # the computed path is part of the serialised report
