"""Audit round 2: the ``qualcheck`` command line in a platform engineer's daily use.

Contract (docs/cli.md, qualcheck/cli/__init__.py): exit 0 all pass, 1 any fail, 3 any
review, 2 usage or configuration error (nothing verified when a file named cannot be
opened), never a traceback for bad input; a file holds a JSON object, a JSON array or
JSON Lines whatever its name; JSON Lines are streamed; ``--json`` prints one valid JSON
object a line; data shown on a terminal cannot drive it (escape sequences, carriage
returns, bidirectional overrides are shown escaped); ``--as-of`` takes ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from audit_support import (
    AS_OF_TEXT,
    EXAMPLE_LINES,
    EXAMPLE_RECORDS,
    cli_env,
    food_shop,
    no_traceback,
    qualcheck_command,
    run_cli,
    write_jsonl,
)

from qualcheck.cli import main
from qualcheck.cli._records import NotUtf8, Source, read_records

TWO = EXAMPLE_LINES[:2]  # two records that pass as of AS_OF
IDS = [record["merchant_id"] for record in EXAMPLE_RECORDS[:2]]
UNSAFE = ("\x1b", "\r", "\x9b", "\x07", "\u202e", "\u2028", "\x7f")
"""Characters a terminal acts on: none may reach the output raw."""


def verify_cli(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return run_cli("verify", *args, "--as-of", AS_OF_TEXT, **kwargs)


def json_lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.split("\n") if line]


def labels(stdout: str) -> list[str]:
    """The report lines (decision, source, merchant id) of the human output."""
    return [line for line in stdout.splitlines() if line and not line.startswith(" ")]


# --- what a file holds, whatever its name ---------------------------------------------


def test_json_lines_in_a_json_file_and_an_array_in_a_jsonl_file(tmp_path: Path) -> None:
    lines = tmp_path / "export.json"
    lines.write_text("\n".join(TWO) + "\n", encoding="utf-8")
    array = tmp_path / "export.jsonl"
    array.write_text(json.dumps(EXAMPLE_RECORDS[:2], ensure_ascii=False, indent=2), "utf-8")
    result = verify_cli(str(lines), str(array))
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert labels(result.stdout) == [
        f"PASS    {lines}:1 {IDS[0]}",
        f"PASS    {lines}:2 {IDS[1]}",
        f"PASS    {array}[0] {IDS[0]}",
        f"PASS    {array}[1] {IDS[1]}",
    ]


def test_stdin_with_bom_crlf_and_blank_lines() -> None:
    data = ("\r\n\r\n" + TWO[0] + "\r\n\r\n" + TWO[1] + "\r\n").encode("utf-8-sig")
    result = verify_cli("-", "--json", stdin=data)
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert [(r["source"], r["merchant_id"]) for r in json_lines(result.stdout)] == [
        ({"file": "-", "line": 3}, IDS[0]),
        ({"file": "-", "line": 5}, IDS[1]),
    ]


def test_stdin_is_utf8_whatever_the_locale_says() -> None:
    """Fixed defect: standard input was decoded in the locale's encoding (a GB18030
    terminal, a Windows code page) while files are read as UTF-8: the same export
    passed as a file and was unreadable (exit 2, 'not UTF-8') when piped."""
    data = ("\n".join(TWO) + "\n").encode("utf-8")
    result = verify_cli("-", env=cli_env(PYTHONIOENCODING="gb18030"), stdin=data)
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert labels(result.stdout) == [f"PASS    -:1 {IDS[0]}", f"PASS    -:2 {IDS[1]}"]


def test_single_object_on_one_line_keeps_the_file_name_label(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text("\n" + TWO[0] + "\n\n", encoding="utf-8")
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(EXAMPLE_RECORDS[1], ensure_ascii=False, indent=2), "utf-8")
    result = verify_cli(str(one), str(pretty))
    assert result.returncode == 0, result.stderr
    assert labels(result.stdout) == [f"PASS    {one} {IDS[0]}", f"PASS    {pretty} {IDS[1]}"]


def test_a_record_that_is_a_json_string_holding_json_is_for_review(tmp_path: Path) -> None:
    path = tmp_path / "double.jsonl"
    path.write_text(json.dumps(TWO[0], ensure_ascii=False) + "\n", encoding="utf-8")
    result = verify_cli(str(path))
    no_traceback(result)
    assert result.returncode == 3
    assert "record.not_an_object" in result.stdout
    assert "PASS" not in result.stdout


def test_a_file_named_like_an_option(tmp_path: Path) -> None:
    (tmp_path / "--json").write_text("\n".join(TWO) + "\n", encoding="utf-8")
    result = run_cli("verify", "--as-of", AS_OF_TEXT, "--", "--json", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert labels(result.stdout) == [f"PASS    --json:1 {IDS[0]}", f"PASS    --json:2 {IDS[1]}"]


# --- files that cannot be read ----------------------------------------------------------


@pytest.mark.parametrize("bad", ["missing", "directory", "pattern"])
def test_a_file_that_cannot_be_opened_stops_the_run_before_anything_is_verified(
    tmp_path: Path, bad: str
) -> None:
    """Fixed defect: `verify a.jsonl missing.jsonl b.jsonl` verified and printed a.jsonl,
    then stopped with exit 2 at the missing file, b.jsonl never read: a partial run that a
    job could mistake for the whole.  Every file is checked before any is verified."""
    good = write_jsonl(tmp_path / "a.jsonl", [TWO[0]])
    later = write_jsonl(tmp_path / "b.jsonl", [TWO[1]])
    names = {"missing": "missing.jsonl", "directory": ".", "pattern": "exports/*.jsonl"}
    if bad == "directory":
        names["directory"] = str(tmp_path)
    result = verify_cli(str(good), names[bad], str(later), cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"cannot read {names[bad]}" in result.stderr
    expected = {
        "missing": "No such file",
        "directory": "Is a directory",
        "pattern": "a pattern that matched no file?",
    }
    assert expected[bad] in result.stderr


@pytest.mark.parametrize(("encoding", "name"), [("gb18030", "GB18030"), ("utf-16", "UTF-16")])
def test_file_in_another_encoding_names_the_line_and_what_to_do(
    tmp_path: Path, encoding: str, name: str
) -> None:
    """A GB18030 export, or a file saved by Windows Notepad as "Unicode" (UTF-16): exit 2,
    the line named, the conversion spelt out (it said only 'not UTF-8 text ('utf-8' codec
    can't decode byte 0xba in position 69 …)' before)."""
    path = tmp_path / "export.jsonl"
    path.write_bytes(("\n".join(TWO) + "\n").encode(encoding))
    result = verify_cli(str(path))
    no_traceback(result)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"cannot read {path}: line 1 is not UTF-8" in result.stderr
    assert f"iconv -f {name} -t UTF-8" in result.stderr
    assert "--encoding" in result.stderr


def test_a_line_not_utf8_in_the_middle_of_a_stream_keeps_what_came_before(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        (TWO[0] + "\n" + TWO[1] + "\n").encode("utf-8")
        + TWO[0].encode("gb18030")
        + b"\n"
        + TWO[1].encode("utf-8")
    )
    result = verify_cli(str(path), "--json")
    no_traceback(result)
    assert result.returncode == 2  # never 0: the file was not read to its end
    assert [r["source"]["line"] for r in json_lines(result.stdout)] == [1, 2]
    assert "line 3 is not UTF-8" in result.stderr


# --- JSON Lines are streamed ----------------------------------------------------------


def test_json_lines_are_streamed_not_read_whole(tmp_path: Path) -> None:
    """Fixed defect: every file was read whole, then split and listed before the first
    record was verified — 225 MB of memory for a 50 MB export, and nothing printed before
    the end of standard input.  JSON Lines now go a line at a time: the first reports
    come out while the input is still open."""
    with subprocess.Popen(
        [*qualcheck_command(), "verify", "-", "--json", "--as-of", AS_OF_TEXT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=cli_env(),
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            process.stdin.write(("\n".join(TWO) + "\n").encode("utf-8"))
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], 120)  # a guard, no timing
            assert ready, "no report before the end of the input: records are not streamed"
            first = json.loads(process.stdout.readline())
            assert first["source"] == {"file": "-", "line": 1}
            assert first["merchant_id"] == IDS[0]
            process.stdin.close()
            rest = process.stdout.read().decode("utf-8")
            assert process.wait(timeout=120) == 0
        finally:
            if process.poll() is None:
                process.kill()
    assert [r["merchant_id"] for r in json_lines(rest)] == [IDS[1]]


def test_read_records_reads_json_lines_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(TWO) + "\n" + "\xff not json\n" * 3, encoding="utf-8")
    with path.open("ab") as out:
        out.write(b"\xff\xfe\n")  # line 6: not UTF-8
    records = read_records(str(path))
    assert next(records) == (Source(str(path), line=1), TWO[0])
    assert next(records) == (Source(str(path), line=2), TWO[1])
    assert [source.line for source, _ in (next(records) for _ in range(3))] == [3, 4, 5]
    with pytest.raises(NotUtf8, match="line 6"):
        next(records)


# --- --as-of, --policy, --registry, --lang ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("20261129", "(write 2026-11-29)"),
        ("2026/11/29", "(write 2026-11-29)"),
        ("2026年11月29日", "(write 2026-11-29)"),
        ("2026-W48-7", ""),
        ("1764345600", ""),  # a Unix time stamp
        ("2026-02-30", "day is out of range"),
    ],
)
def test_as_of_is_yyyy_mm_dd_on_every_python(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, hint: str
) -> None:
    """Fixed defect: on Python 3.11+ `--as-of 20261129` and `--as-of 2026-W48-7` were read
    (date.fromisoformat grew), on 3.10 refused: the same cron line judged or failed by
    the interpreter.  Now YYYY-MM-DD only, and a date written another way is spelt back."""
    path = write_jsonl(tmp_path / "in.jsonl", [TWO[0]])
    with pytest.raises(SystemExit) as stopped:
        main(["verify", str(path), "--as-of", value])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --as-of: not a date (YYYY-MM-DD): {value!r}" in err
    assert hint in err


@pytest.mark.parametrize(("as_of", "status"), [("9999-12-31", 1), ("1900-01-01", 1)])
def test_far_dates_judge_without_a_crash(tmp_path: Path, as_of: str, status: int) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", EXAMPLE_LINES)
    result = run_cli("verify", str(path), "--as-of", as_of, "--json")
    no_traceback(result)
    assert result.returncode == status
    reports = json_lines(result.stdout)
    assert len(reports) == len(EXAMPLE_LINES)
    # the food shop's licence has expired by 9999, is not yet valid in 1900 (a seller
    # with a long-term licence never verified before may still pass: no date ends it)
    assert reports[0]["decision"] == "fail"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("expiring_soon_days = 30\n", "not JSON"),  # TOML is not read
        ("", "not JSON"),
        ('{"expiring_soon_day": 30}', "unknown policy option 'expiring_soon_day'"),
        ("[]", "policy"),
    ],
)
def test_policy_file_errors_name_the_problem(tmp_path: Path, content: str, message: str) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(content, encoding="utf-8")
    records = write_jsonl(tmp_path / "in.jsonl", [TWO[0]])
    result = verify_cli(str(records), "--policy", str(policy))
    no_traceback(result)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("qualcheck verify: ")
    assert message in result.stderr


def test_policy_or_registry_that_is_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    records = write_jsonl(tmp_path / "in.jsonl", [TWO[0]])
    for option in ("--policy", "--registry"):
        result = verify_cli(str(records), option, str(tmp_path))
        no_traceback(result)
        assert result.returncode == 2, option
        assert result.stdout == ""
        assert str(tmp_path) in result.stderr


def test_lang_must_be_en_or_zh(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = write_jsonl(tmp_path / "in.jsonl", [TWO[0]])
    with pytest.raises(SystemExit) as stopped:
        main(["verify", str(records), "--lang", "fr"])
    assert stopped.value.code == 2
    assert "argument --lang: invalid choice: 'fr'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", ["id", "verify", "checks", "codes", "schema", "batch", "due", "registry"]
)
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([command, "--help"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: qualcheck {command}")


def test_version_and_no_command() -> None:
    from qualcheck import __version__

    version = run_cli("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"qualcheck {__version__}"
    nothing = run_cli()
    assert nothing.returncode == 2
    assert "required: COMMAND" in nothing.stderr


# --- output a terminal cannot be driven by ----------------------------------------------


def _hostile_record() -> dict[str, Any]:
    record = food_shop()
    record["merchant_id"] = "m-1\x1b[31mRED\x1b[0m\rPASS    forged"
    record["name"] = "\x1b]0;title\x07杭州\u202e示例\x9b31m" + "长" * 5000
    record["documents"][0]["holder_name"] = "\x1b[2J清屏\u2028公司\x7f"
    return record


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_control_characters_in_names_are_shown_escaped(tmp_path: Path, lang: str) -> None:
    """Fixed defect: a merchant_id or name holding an escape sequence reached the terminal
    raw (`\\x1b[2J` cleared it, `\\r` overwrote the decision with a forged PASS, U+202E
    reversed the line); the Chinese messages quote names unescaped.  Human output now
    shows every such character as an escape."""
    path = write_jsonl(tmp_path / "evil.jsonl", [_hostile_record(), "bad \x1b[31m json"])
    result = verify_cli(str(path), "--lang", lang)
    no_traceback(result)
    assert result.returncode == 1
    for char in UNSAFE:
        assert char not in result.stdout, repr(char)
    assert labels(result.stdout)[0] == (
        f"FAIL    {path}:1 m-1\\x1b[31mRED\\x1b[0m\\x0dPASS    forged"
    )
    assert "\\x1b[2J清屏\\u2028公司\\x7f" in result.stdout
    assert labels(result.stdout)[1] == f"REVIEW  {path}:2"
    assert len(labels(result.stdout)) == 2  # no line forged by a line separator


def test_json_output_is_one_valid_object_a_line_with_hostile_text(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "evil.jsonl", [_hostile_record(), "{not json \x1b", '"\u2028"', "[1,"]
    )
    result = verify_cli(str(path), "--json")
    no_traceback(result)
    assert result.returncode == 1  # the first record fails on the name
    for char in UNSAFE:
        assert char not in result.stdout, repr(char)
    reports = json_lines(result.stdout)
    assert [r["source"]["line"] for r in reports] == [1, 2, 3, 4]
    assert reports[0]["merchant_id"] == _hostile_record()["merchant_id"]  # escaped, not lost
    assert [r["decision"] for r in reports[1:]] == ["review"] * 3


def test_id_values_are_shown_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["id", "auto", "\r91350100M000100Y43", "9135\x1b[2J0100M000100Y43"])
    out = capsys.readouterr().out
    assert status == 1  # the second is no number
    for char in UNSAFE:
        assert char not in out, repr(char)
    assert "valid    uscc             \\x0d91350100M000100Y43" in out
    assert "invalid  unknown          9135\\x1b[2J0100M000100Y43" in out


def test_id_odd_values_from_stdin() -> None:
    data = b"\xef\xbb\xbf91350100M000100Y43\r\n\n# comment\n   \n\x00\n\xff\xfe\n" + b"9" * 100_000
    result = run_cli("id", "auto", "-", "--json", stdin=data)
    no_traceback(result)
    assert result.returncode == 1
    results = json_lines(result.stdout)
    assert [r["verdict"] for r in results] == ["valid", "invalid", "invalid", "invalid"]
    assert results[1]["input"] == "\x00"
    assert results[2]["input"] == "\ufffd\ufffd"


# --- checks and codes -------------------------------------------------------------------


def test_every_code_checks_lists_is_in_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checks", "--json"]) == 0
    checks = json_lines(capsys.readouterr().out)
    assert main(["codes", "--json"]) == 0
    catalogue = {entry["code"]: entry for entry in json_lines(capsys.readouterr().out)}
    assert checks
    assert all(check["codes"] for check in checks)
    for check in checks:
        for code in check["codes"]:
            assert catalogue[code["code"]]["severity"] == code["severity"], code


def test_codes_prefix_any_case_and_none_matching(capsys: pytest.CaptureFixture[str]) -> None:
    """Fixed defect: `qualcheck codes RIC` or a misspelt prefix printed nothing and
    exited 0, as if the catalogue were empty."""
    assert main(["codes", "RIC"]) == 0
    out = capsys.readouterr().out
    assert out
    assert all(line.startswith("ric.") for line in out.splitlines())
    assert main(["codes", "nosuch"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "qualcheck codes: no finding code starts with 'nosuch'" in captured.err


def test_console_script_from_a_closed_stdin_reads_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qualcheck", "verify", "-", "--as-of", AS_OF_TEXT],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=cli_env(),
        timeout=120,
        check=False,
    )
    assert b"Traceback" not in done.stderr
    assert done.returncode == 0  # no record: nothing printed (docs/cli.md)
    assert done.stdout == b""


def _without_stdin() -> None:
    os.close(0)  # in the child, before exec: started as `qualcheck … <&-`


@pytest.mark.parametrize("command", [["verify", "-"], ["id", "auto", "-"]])
def test_dash_with_standard_input_closed_is_a_usage_error(command: list[str]) -> None:
    """Fixed defect: `qualcheck verify - <&-` (a cron job, a service without stdin) died
    with a traceback (AttributeError: 'NoneType' object has no attribute 'read'), exit 1
    — read as 'a record failed'."""
    done = subprocess.run(
        [sys.executable, "-m", "qualcheck", *command],
        stdin=subprocess.DEVNULL,
        preexec_fn=_without_stdin,
        capture_output=True,
        env=cli_env(),
        timeout=120,
        check=False,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert done.returncode == 2
    assert done.stdout == b""
    assert f"qualcheck {command[0]}: cannot read -: standard input is closed" in err


@pytest.mark.parametrize(
    "command",
    [
        ["codes", "--json"],
        ["checks"],
        ["schema", "report"],
        ["id", "auto", "91350100M000100Y43", "--json"],
        ["verify", "-", "--json", "--as-of", AS_OF_TEXT],
    ],
)
def test_output_to_a_closed_pipe_exits_141_without_a_traceback(command: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (`head`, a crashed consumer) is gone
    try:
        done = subprocess.run(
            [sys.executable, "-m", "qualcheck", *command],
            input=("\n".join(TWO) + "\n").encode("utf-8"),
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=cli_env(),
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert b"Traceback" not in done.stderr
    assert done.stderr == b""
    assert done.returncode == 141
