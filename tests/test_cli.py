"""The command line: the contract other tools rely on (output shape, order, exit status)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from qualcheck import __version__
from qualcheck.cli import main
from qualcheck.testing import make_ric

VALID_USCC = "91350100M000100Y43"
PILOT_USCC = "91350211M0000XUF46"
BAD_USCC = "91110000600037341M"


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str]:
    sys.stdin = io.StringIO(stdin)
    try:
        status = main(list(argv))
    finally:
        sys.stdin = sys.__stdin__
    return status, capsys.readouterr().out


def json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ([VALID_USCC], 0),
        ([VALID_USCC, PILOT_USCC], 3),  # any review, none invalid
        ([VALID_USCC, PILOT_USCC, BAD_USCC], 1),  # any invalid
    ],
)
def test_exit_status(capsys: pytest.CaptureFixture[str], values: list[str], status: int) -> None:
    assert run(capsys, "id", "uscc", *values)[0] == status


def test_json_lines_in_input_order(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "id", "uscc", "--json", BAD_USCC, VALID_USCC, PILOT_USCC)
    assert status == 1
    lines = json_lines(out)
    assert [line["input"] for line in lines] == [BAD_USCC, VALID_USCC, PILOT_USCC]
    assert [line["verdict"] for line in lines] == ["invalid", "valid", "review"]
    for line in lines:
        assert {"input", "kind", "verdict", "normalized", "findings"} <= set(line)
        assert line["kind"] == "uscc"
        for finding in line["findings"]:  # type: ignore[attr-defined]
            assert {"code", "severity", "message"} <= set(finding)
    assert lines[0]["findings"][0]["code"] == "uscc.checksum"  # type: ignore[index]


def test_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    stdin = f"{VALID_USCC}\n\n# a comment\n  {PILOT_USCC}  \r\n"
    status, out = run(capsys, "id", "uscc", "-", "--json", stdin=stdin)
    assert status == 3
    assert [line["verdict"] for line in json_lines(out)] == ["valid", "review"]


def test_auto_detects_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    values = [VALID_USCC, "60003734-1", "330106000129004", "11010519491231002X", "hello"]
    status, out = run(capsys, "id", "auto", "--json", *values)
    assert status == 1
    kinds = [line["kind"] for line in json_lines(out)]
    assert kinds == ["uscc", "orgcode", "regno", "ric", "unknown"]


def test_resident_ids_are_masked_unless_revealed(capsys: pytest.CaptureFixture[str]) -> None:
    number = make_ric(region="110105")
    _, out = run(capsys, "id", "ric", number)
    assert number not in out
    assert number[6:14] not in out
    assert "110105********" in out
    _, out = run(capsys, "id", "ric", "--json", number)
    assert number not in out
    _, out = run(capsys, "id", "auto", "--json", number)
    assert number not in out
    _, out = run(capsys, "id", "ric", "--reveal", number)
    assert number in out


def test_resident_id_in_the_wrong_field_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    number = make_ric(region="110105")
    for kind in ("uscc", "regno", "food_filing", "auto"):
        _, out = run(capsys, "id", kind, "--json", number)
        assert number[6:14] not in out, kind
        _, out = run(capsys, "id", kind, number)
        assert number[6:14] not in out, kind


def test_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, "id", "uscc", PILOT_USCC)
    assert out.startswith("review")
    assert "uscc.pilot_checksum" in out
    assert "org_code: M0000XUF4" in out
    _, out = run(capsys, "id", "uscc", "--lang", "zh", BAD_USCC)
    assert "校验码" in out


def test_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "id", "ric", "110105203001010028", "--as-of", "2031-01-01")[0] != 1
    assert run(capsys, "id", "ric", "110105203001010028", "--as-of", "2026-01-01")[0] == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["id", "passport", "123"],  # unknown kind
        ["id", "uscc"],  # no value
        ["id", "uscc", "x", "--as-of", "yesterday"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2


def test_codes_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "codes", "uscc", "--json")
    assert status == 0
    codes = [line["code"] for line in json_lines(out)]
    assert "uscc.checksum" in codes
    assert all(str(code).startswith("uscc") for code in codes)


def test_console_script_runs_as_a_process() -> None:
    version = subprocess.run(
        [sys.executable, "-m", "qualcheck", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"qualcheck {__version__}"
    done = subprocess.run(
        [sys.executable, "-m", "qualcheck", "id", "auto", "-", "--json"],
        input=f"{VALID_USCC}\n{BAD_USCC}\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert [json.loads(line)["verdict"] for line in done.stdout.splitlines()] == [
        "valid",
        "invalid",
    ]
    helped = subprocess.run(
        [sys.executable, "-m", "qualcheck", "--help"], capture_output=True, text=True, check=True
    )
    assert "id" in helped.stdout
