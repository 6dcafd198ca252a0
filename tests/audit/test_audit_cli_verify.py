"""Audit: ``qualcheck verify`` as a subprocess.

Contract (docs/cli.md): exit 0 all pass, 1 any fail, 3 any review, 2 usage or
configuration error (a file that cannot be read or is not UTF-8, a bad policy file, a bad
option, a registry that cannot be opened), 4 stopped by the registry.  Exactly one result
per input record, in order; a line that is not JSON is still reported with its line.
Personal numbers never appear in the output.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from audit_support import (
    AS_OF,
    AS_OF_TEXT,
    EXAMPLE_LINES,
    PHONE,
    RIC,
    deep_json,
    no_traceback,
    run_cli,
    write_jsonl,
)

from qualcheck.testing import make_merchant

TWO = EXAMPLE_LINES[:2]  # two passing records


def verify_cli(*args: str, **kwargs: Any):  # type: ignore[no-untyped-def]
    return run_cli("verify", *args, "--as-of", AS_OF_TEXT, **kwargs)


def json_results(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_empty_and_blank_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n\n   \n\t\n", encoding="utf-8")
    result = verify_cli(str(empty), str(blank), "--json")
    no_traceback(result)
    assert result.returncode in (0, 2)
    assert result.stdout.strip() == ""


def test_json_lines_variants(tmp_path: Path) -> None:
    variants = {
        "crlf.jsonl": ("\r\n".join(TWO) + "\r\n").encode("utf-8"),
        "bom.jsonl": ("\n".join(TWO) + "\n").encode("utf-8-sig"),
        "blank-between.jsonl": ("\n\n" + TWO[0] + "\n\n\n" + TWO[1] + "\n\n").encode("utf-8"),
    }
    for name, content in variants.items():
        (tmp_path / name).write_bytes(content)
    result = verify_cli(*(str(tmp_path / name) for name in variants), "--json")
    no_traceback(result)
    results = json_results(result.stdout)
    assert [(Path(r["source"]["file"]).name, r["merchant_id"]) for r in results] == [
        (name, merchant)
        for name in variants
        for merchant in ("ex-01-food-shop", "ex-02-restaurant")
    ]
    assert {r["decision"] for r in results} == {"pass"}
    assert result.returncode == 0


def test_json_array_and_single_object_files(tmp_path: Path) -> None:
    records = [json.loads(line) for line in TWO]
    array = tmp_path / "array.json"
    array.write_text(json.dumps([*records, 1, "x", None], ensure_ascii=False, indent=2), "utf-8")
    single = tmp_path / "one.json"
    single.write_text(json.dumps(records[0], ensure_ascii=False, indent=2), "utf-8")
    result = verify_cli(str(array), str(single), "--json")
    no_traceback(result)
    results = json_results(result.stdout)
    assert [(Path(r["source"]["file"]).name, r["source"].get("index")) for r in results] == [
        *(("array.json", i) for i in range(5)),
        ("one.json", None),
    ]
    assert [r["decision"] for r in results] == [
        "pass",
        "pass",
        "review",
        "review",
        "review",
        "pass",
    ]
    assert result.returncode == 3


def test_invalid_lines_between_valid_ones(tmp_path: Path) -> None:
    lines = [TWO[0], "not json", "[1, 2]", '{"subject_type": "enterprise"', "null", TWO[1], "42"]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    result = verify_cli(str(path), "--json")
    no_traceback(result)
    results = json_results(result.stdout)
    assert [r["source"]["line"] for r in results] == list(range(1, len(lines) + 1))
    assert [r["decision"] for r in results] == ["pass", *["review"] * 4, "pass", "review"]
    assert result.returncode == 3


def test_deeply_nested_line_is_one_result(tmp_path: Path) -> None:
    """Defect: a JSON Lines line nested deeper than the recursion limit crashes the whole
    command with a RecursionError traceback (exit 1, the records after it are lost)."""
    path = write_jsonl(tmp_path / "deep.jsonl", [TWO[0], deep_json(), TWO[1]])
    result = verify_cli(str(path), "--json")
    no_traceback(result)
    results = json_results(result.stdout)
    assert [r["source"]["line"] for r in results] == [1, 2, 3]
    assert result.returncode == 3


@pytest.mark.parametrize("separator", ["\u2028", "\x85"])
def test_unicode_line_separator_inside_a_string_is_not_a_record_boundary(
    tmp_path: Path, separator: str
) -> None:
    """Defect: cli/_records.py splits JSON Lines with str.splitlines(), which also breaks at
    U+2028, U+2029 and U+0085 — characters JSON allows unescaped inside strings (and
    json.dumps(ensure_ascii=False) writes raw).  One record becomes several 'not JSON'
    results and every later line number is off; `qualcheck batch` reads the same file
    correctly."""
    record = json.loads(TWO[0])
    record["address"] = record["address"] + separator + "二号楼"
    path = write_jsonl(tmp_path / "sep.jsonl", [record, TWO[1]])
    result = verify_cli(str(path), "--json")
    no_traceback(result)
    results = json_results(result.stdout)
    assert [(r["source"]["line"], r["decision"]) for r in results] == [(1, "pass"), (2, "pass")]
    assert result.returncode == 0


def test_gbk_file_is_a_usage_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(("\n".join(TWO) + "\n").encode("gbk"))
    result = verify_cli(str(path))
    no_traceback(result)
    assert result.returncode == 2
    assert "gbk.jsonl" in result.stderr


def test_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = verify_cli(str(tmp_path))
    no_traceback(result)
    assert result.returncode == 2
    assert str(tmp_path) in result.stderr


def test_missing_file_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file.jsonl"
    result = verify_cli(str(missing))
    no_traceback(result)
    assert result.returncode == 2
    assert "no-such-file.jsonl" in result.stderr


def test_stdin(tmp_path: Path) -> None:
    data = ("\n".join([TWO[0], "not json", TWO[1]]) + "\n").encode("utf-8")
    result = verify_cli("-", "--json", stdin=data)
    no_traceback(result)
    results = json_results(result.stdout)
    assert [(r["source"]["file"], r["source"]["line"]) for r in results] == [
        ("-", 1),
        ("-", 2),
        ("-", 3),
    ]
    assert result.returncode == 3


def test_json_output_one_object_per_record_in_order(tmp_path: Path) -> None:
    path = tmp_path / "examples.jsonl"
    path.write_text("\n".join(EXAMPLE_LINES) + "\n", encoding="utf-8")
    result = verify_cli(str(path), "--json")
    no_traceback(result)
    results = json_results(result.stdout)
    assert len(results) == len(EXAMPLE_LINES)
    assert [r["source"]["line"] for r in results] == list(range(1, len(EXAMPLE_LINES) + 1))
    assert [r["merchant_id"] for r in results] == [
        json.loads(line)["merchant_id"] for line in EXAMPLE_LINES
    ]
    assert result.returncode == 1  # some examples fail


def test_human_output_in_chinese_names_each_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "zh.jsonl", [TWO[0], "not json", EXAMPLE_LINES[8]])
    result = verify_cli(str(path), "--lang", "zh")
    no_traceback(result)
    heads = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert [h.split()[:2] for h in heads] == [
        ["PASS", f"{path}:1"],
        ["REVIEW", f"{path}:2"],
        ["FAIL", f"{path}:3"],
    ]
    assert "记录不是有效的JSON" in result.stdout
    assert result.returncode == 1


@pytest.mark.parametrize("value", ["2026-02-30", "29/11/2026"])
def test_bad_as_of_is_a_usage_error(tmp_path: Path, value: str) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", TWO)
    result = run_cli("verify", str(path), "--as-of", value)
    no_traceback(result)
    assert result.returncode == 2
    assert "--as-of" in result.stderr


def test_policy_with_an_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", TWO)
    policy = tmp_path / "policy.json"
    policy.write_text('{"expire_soon_days": 60}', encoding="utf-8")
    result = verify_cli(str(path), "--policy", str(policy))
    no_traceback(result)
    assert result.returncode == 2
    assert "expire_soon_days" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("content", ["not json", '{"decisions": {"license.expired": "maybe"}}'])
def test_bad_policy_files_are_usage_errors(tmp_path: Path, content: str) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", TWO)
    policy = tmp_path / "policy.json"
    policy.write_text(content, encoding="utf-8")
    result = verify_cli(str(path), "--policy", str(policy))
    no_traceback(result)
    assert result.returncode == 2
    assert "policy" in result.stderr


def test_policy_naming_a_missing_categories_file_is_a_usage_error(tmp_path: Path) -> None:
    """Defect: a policy whose categories_file does not exist is accepted; every record
    then gets engine.check_error ('coverage' could not run) and the command exits 3 —
    instead of 2 with a message, as for any other bad policy file (docs/cli.md)."""
    path = write_jsonl(tmp_path / "a.jsonl", TWO)
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"categories_file": str(tmp_path / "nope.json")}), "utf-8")
    result = verify_cli(str(path), "--policy", str(policy))
    no_traceback(result)
    assert result.returncode == 2, result.stdout
    assert "nope.json" in result.stderr


def _not_a_registry(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.sqlite"
    if kind == "text":
        path.write_text("hello, not a database", encoding="utf-8")
    elif kind == "other_schema":
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
        connection.close()
    else:  # empty
        path.write_bytes(b"")
    return path


@pytest.mark.parametrize("kind", ["text", "other_schema"])
def test_registry_file_that_is_not_a_registry_is_a_usage_error(tmp_path: Path, kind: str) -> None:
    """Defect: `--registry FILE` where FILE is not a qualcheck registry raises
    RegistryError out of main() (traceback, exit 1 = "some record failed") instead of
    exit 2 "a registry that cannot be opened" (docs/cli.md).  cli/_verify_command.run
    catches only ConfigError and RegistryAbort."""
    path = write_jsonl(tmp_path / "a.jsonl", TWO)
    registry = _not_a_registry(tmp_path, kind)
    result = verify_cli(str(path), "--registry", str(registry))
    no_traceback(result)
    assert result.returncode == 2
    assert registry.name in result.stderr


def test_provider_without_credentials_is_a_usage_error(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", TWO)
    result = verify_cli(str(path), "--registry", "qichacha")
    no_traceback(result)
    assert result.returncode == 2
    assert "QUALCHECK_QICHACHA_KEY" in result.stderr


@pytest.mark.parametrize("options", [["--json"], ["--lang", "zh", "--verbose"]])
def test_output_holds_no_full_id_or_phone(tmp_path: Path, options: list[str]) -> None:
    records = []
    secrets = {PHONE, RIC}
    for seed in range(3):
        record = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(seed))
        secrets.update(d["number"] for d in record["documents"] if d["kind"] == "identity")
        record["contact_phone"] = PHONE
        records.append(record)
    shop = json.loads(TWO[0])
    shop["legal_representative"]["id_number"] = RIC
    shop["contact_phone"] = "+86 139 1234 5678"
    records.append(shop)
    broken = json.loads(TWO[1])
    broken["legal_representative"] = {"name": "王五", "id_number": RIC[:-1] + "0"}  # bad check
    records.append(broken)
    path = write_jsonl(tmp_path / "pii.jsonl", records)
    result = verify_cli(str(path), *options)
    no_traceback(result)
    assert result.returncode in (1, 3)
    for secret in secrets | {RIC[:-1] + "0"}:
        assert secret not in result.stdout + result.stderr, secret
        assert secret[6:14] not in result.stdout + result.stderr or len(secret) < 18
    assert "139 1234 5678" not in result.stdout
