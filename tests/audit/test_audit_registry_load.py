"""Adversarial audit of ``qualcheck registry load|stats`` and of ``qualcheck id|schema|checks``.

The contract (docs/registries/embedded.md, docs/cli.md): a bad row is reported as
``FILE:LINE: field: message`` and the rest is loaded; never a traceback; exit status 0 all
loaded, 3 rows rejected, 2 usage error; nothing lost or duplicated; personal numbers never
printed in full.
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
from pathlib import Path

import pytest

from qualcheck.registries import RegistryQuery, SqliteRegistry
from tests.audit.audit_support import (
    AS_OF_TEXT,
    PHONE,
    RIC,
    food_shop,
    no_traceback,
    run_cli,
    write_jsonl,
)

USCC_A = "91330106JU6XYHXB07"
USCC_B = "91370102TDFTAP3UX3"
USCC_C = "91320102DM93J4CY35"
HEADER_ZH = "企业名称,统一社会信用代码,法定代表人,登记状态,成立日期,营业期限自,营业期限至"


def load(tmp_path: Path, *files: Path | str, db: Path | None = None, extra: tuple[str, ...] = ()):
    db = db or tmp_path / "reg.sqlite"
    result = run_cli("registry", "load", *map(str, files), "--db", str(db), *extra)
    no_traceback(result)
    return result


def stats(db: Path) -> dict:
    result = run_cli("registry", "stats", "--db", str(db), "--json")
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def record(db: Path, uscc: str):
    with SqliteRegistry(db) as registry:
        found = registry.lookup(RegistryQuery(uscc=uscc))
    assert found.status.value == "found", (found.status, found)
    return found.record


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def load_json(tmp_path: Path, *files: Path, db: Path | None = None) -> list[dict]:
    result = load(tmp_path, *files, db=db, extra=("--json",))
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


# --- encodings and line endings -----------------------------------------------------------


def test_bom_chinese_headers(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "c.csv",
        "\ufeff" + HEADER_ZH + "\n"
        f"甲有限公司,{USCC_A},张三,存续,2019年4月2日,2019-04-02,长期\n"
        f"乙有限公司,{USCC_B},李四,在业,20220520,,\n",
    )
    result = load(tmp_path, csv)
    assert result.returncode == 0, result.stdout + result.stderr
    db = tmp_path / "reg.sqlite"
    assert stats(db)["entities"] == 2
    assert record(db, USCC_A).name == "甲有限公司"


def test_gbk_csv_reported_not_crashed(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "gbk.csv",
        HEADER_ZH + "\n" + f"甲有限公司,{USCC_A},张三,存续,2019年4月2日,,\n",
        encoding="gbk",
    )
    result = load(tmp_path, csv)
    assert result.returncode in (2, 3), result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "UTF-8" in out
    if result.returncode == 3:
        assert f"{csv}:1: " in result.stdout


def test_gbk_row_after_utf8_rows_reported_at_its_line(tmp_path: Path) -> None:
    head = ("name,uscc,status\n" + f"Alpha Ltd,{USCC_A},存续\n").encode()
    bad = f"乙有限公司,{USCC_B},存续\n".encode("gbk")
    tail = f"Gamma Ltd,{USCC_C},存续\n".encode()
    csv = tmp_path / "mixed.csv"
    csv.write_bytes(head + bad + tail)
    result = load(tmp_path, csv)
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"{csv}:3: not UTF-8" in result.stdout
    assert stats(tmp_path / "reg.sqlite")["entities"] == 1


def test_crlf(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "crlf.csv",
        HEADER_ZH + "\n" + f"甲有限公司,{USCC_A},张三,存续,2019年4月2日,,长期\n"
        f"乙有限公司,{USCC_B},李四,存续,2019年2月30日,,\n",
        newline="\r\n",
    )
    result = load(tmp_path, csv)
    assert result.returncode == 3
    assert f"{csv}:3: 成立日期: " in result.stdout
    rec = record(tmp_path / "reg.sqlite", USCC_A)
    assert rec.name == "甲有限公司"
    assert rec.term is not None
    assert rec.term.long_term
    assert "\r" not in (rec.status_raw or "")


def test_crlf_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(
        (json.dumps({"uscc": USCC_A, "name": "甲有限公司"}, ensure_ascii=False) + "\r\n").encode()
        * 2
    )
    result = load(tmp_path, path)
    assert result.returncode == 0, result.stdout


# --- headers ------------------------------------------------------------------------------


def test_english_headers_spelled_loosely(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "en.csv",
        "Company Name,Credit-Code,Legal Representative,STATUS,Established_On\n"
        f"Alpha Ltd,{USCC_A},张三,存续,2019-04-02\n",
    )
    result = load(tmp_path, csv)
    assert result.returncode == 0, result.stdout
    rec = record(tmp_path / "reg.sqlite", USCC_A)
    assert (rec.name, rec.legal_representative, rec.status.value) == ("Alpha Ltd", "张三", "active")
    assert rec.established_on == datetime.date(2019, 4, 2)


def test_unknown_columns_kept(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "u.csv",
        f"企业名称,统一社会信用代码,行业门类\n甲有限公司,{USCC_A},批发和零售业\n",
    )
    result = load(tmp_path, csv)
    assert result.returncode == 0
    with sqlite3.connect(tmp_path / "reg.sqlite") as conn:
        dumped = "".join(str(row) for row in conn.execute("SELECT * FROM entities"))
    assert "批发和零售业" in dumped or "\\u6279" in dumped


def test_missing_id_column_reported(tmp_path: Path) -> None:
    csv = write(tmp_path / "m.csv", "企业名称,法定代表人\n甲有限公司,张三\n")
    result = load(tmp_path, csv)
    assert result.returncode in (2, 3), result.stdout
    assert f"{csv}:1: " in result.stdout + result.stderr
    assert "统一社会信用代码" in result.stdout + result.stderr


def test_licence_file_without_holder_reported(tmp_path: Path) -> None:
    csv = write(tmp_path / "l.csv", "许可证编号,许可文件名称\nJY13301067319160,食品经营许可证\n")
    result = load(tmp_path, csv)
    assert result.returncode in (2, 3)
    assert f"{csv}:1: " in result.stdout + result.stderr


# --- rows ---------------------------------------------------------------------------------


def test_duplicate_uscc_last_row_wins_no_duplicate(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "d.csv",
        f"企业名称,统一社会信用代码\n旧名有限公司,{USCC_A}\n新名有限公司,{USCC_A}\n",
    )
    reports = load_json(tmp_path, csv)
    assert reports[0]["loaded"] + reports[0]["updated"] == 2
    db = tmp_path / "reg.sqlite"
    assert stats(db)["entities"] == 1
    assert record(db, USCC_A).name == "新名有限公司"


def test_duplicate_uscc_lower_case_and_spaced_is_same_entity(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "d.csv",
        f"企业名称,统一社会信用代码\n甲有限公司,{USCC_A}\n甲有限公司,{USCC_A.lower()}\n",
    )
    load(tmp_path, csv)
    assert stats(tmp_path / "reg.sqlite")["entities"] == 1


def test_quoted_fields_with_commas_and_newlines_keep_line_numbers(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "q.csv",
        "企业名称,统一社会信用代码,经营范围,住所,成立日期\n"
        f'甲有限公司,{USCC_A},"食品销售,\n日用百货","浙江省杭州市,文三路478号",2019-04-02\n'
        f"乙有限公司,{USCC_B},,,2019年2月30日\n"
        f"丙有限公司,{USCC_C},,,2019-04-02\n",
    )
    result = load(tmp_path, csv)
    assert result.returncode == 3
    assert f"{csv}:4: 成立日期: " in result.stdout, result.stdout
    db = tmp_path / "reg.sqlite"
    rec = record(db, USCC_A)
    assert rec.scope == "食品销售,\n日用百货"
    assert rec.address == "浙江省杭州市,文三路478号"
    assert stats(db)["entities"] == 2


def test_unterminated_quote_does_not_swallow_silently(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "q.csv",
        f'企业名称,统一社会信用代码\n"甲有限公司,{USCC_A}\n乙有限公司,{USCC_B}\n',
    )
    result = load(tmp_path, csv)
    # either rows are reported or loaded: every data line is accounted for
    rep = load_json(tmp_path, csv, db=tmp_path / "other.sqlite")[0]
    assert rep["loaded"] + rep["updated"] + rep["skipped"] >= 1, (rep, result.stdout)


def test_empty_file_and_header_only(tmp_path: Path) -> None:
    empty = write(tmp_path / "e.csv", "")
    header = write(tmp_path / "h.csv", HEADER_ZH + "\n")
    blank = write(tmp_path / "b.jsonl", "\n\n")
    result = load(tmp_path, empty, header, blank)
    assert result.returncode == 0, result.stdout + result.stderr
    assert stats(tmp_path / "reg.sqlite")["entities"] == 0


def test_jsonl_invalid_lines_reported_rest_loaded(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [
            {"uscc": USCC_A, "name": "甲有限公司"},
            "{not json",
            "[1, 2]",
            "",
            '"a string"',
            {"uscc": USCC_B, "name": "乙有限公司", "established_on": "2019-02-30"},
            {"record_type": "robot", "uscc": USCC_C},
            {"uscc": USCC_C, "name": "丙有限公司"},
        ],
    )
    result = load(tmp_path, path)
    assert result.returncode == 3
    out = result.stdout
    for line in (2, 3, 5, 6, 7):
        assert f"{path}:{line}: " in out, (line, out)
    assert f"{path}:6: established_on: " in out
    assert stats(tmp_path / "reg.sqlite")["entities"] == 2


def test_jsonl_licence_inside_entity_error_path(tmp_path: Path) -> None:
    line = {
        "uscc": USCC_A,
        "name": "甲有限公司",
        "licenses": [
            {"number": "JY13301067319160", "kind": "food_business", "valid_to": "2028-06-11"},
            {"number": "JY13301067319161", "kind": "food_business", "valid_to": "2028-13-40"},
        ],
    }
    path = write_jsonl(tmp_path / "r.jsonl", [line])
    result = load(tmp_path, path)
    assert result.returncode == 3
    assert f"{path}:1: licenses[1].valid_to: " in result.stdout, result.stdout


def test_uscc_bad_checksum_is_loaded(tmp_path: Path) -> None:
    bad = USCC_A[:-1] + ("0" if USCC_A[-1] != "0" else "1")
    csv = write(tmp_path / "c.csv", f"企业名称,统一社会信用代码\n甲有限公司,{bad}\n")
    result = load(tmp_path, csv)
    assert result.returncode == 0, result.stdout
    assert record(tmp_path / "reg.sqlite", bad).name == "甲有限公司"


def test_short_uscc_reported_in_documented_form(tmp_path: Path) -> None:
    csv = write(tmp_path / "c.csv", "企业名称,统一社会信用代码\n甲有限公司,9133010\n")
    result = load(tmp_path, csv)
    assert result.returncode == 3
    assert f"{csv}:2: 统一社会信用代码: a USCC has 18 letters and digits" in result.stdout


@pytest.mark.parametrize("text", ["2019年4月2日", "二〇一九年四月二日", "2019.04.02", "20190402"])
def test_chinese_date_forms(tmp_path: Path, text: str) -> None:
    csv = write(tmp_path / "c.csv", f"统一社会信用代码,成立日期\n{USCC_A},{text}\n")
    result = load(tmp_path, csv)
    assert result.returncode == 0, result.stdout
    assert record(tmp_path / "reg.sqlite", USCC_A).established_on == datetime.date(2019, 4, 2)


@pytest.mark.parametrize("text", ["长期", "无固定期限", "9999-12-31", "9999年12月31日"])
def test_long_term_tokens(tmp_path: Path, text: str) -> None:
    csv = write(
        tmp_path / "c.csv", f"统一社会信用代码,营业期限自,营业期限至\n{USCC_A},2019-04-02,{text}\n"
    )
    result = load(tmp_path, csv)
    assert result.returncode == 0, result.stdout
    term = record(tmp_path / "reg.sqlite", USCC_A).term
    assert term is not None
    assert term.long_term
    assert term.valid_to is None


def test_term_range_column(tmp_path: Path) -> None:
    csv = write(tmp_path / "c.csv", f"统一社会信用代码,营业期限\n{USCC_A},2019年4月2日至长期\n")
    result = load(tmp_path, csv)
    assert result.returncode == 0, result.stdout
    term = record(tmp_path / "reg.sqlite", USCC_A).term
    assert term.valid_from == datetime.date(2019, 4, 2)
    assert term.long_term


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("存续（在营、开业、在册）", "active"),
        ("存续(在营、开业、在册)", "active"),
        ("在业", "active"),
        ("开业", "active"),
        ("吊销，未注销", "revoked"),
        ("吊销,未注销", "revoked"),
        ("注销", "cancelled"),
        ("吊销，已注销", "cancelled"),
        ("迁出", "moved_out"),
        ("清算", "liquidating"),
        ("停业", "suspended"),
        ("1", "active"),
        ("2", "revoked"),
        ("4", "cancelled"),
    ],
)
def test_status_spellings(tmp_path: Path, raw: str, status: str) -> None:
    csv = write(tmp_path / "c.csv", f'统一社会信用代码,登记状态\n{USCC_A},"{raw}"\n')
    result = load(tmp_path, csv)
    assert result.returncode == 0, result.stdout
    rec = record(tmp_path / "reg.sqlite", USCC_A)
    assert (rec.status.value, rec.status_raw) == (status, raw)


# --- loading twice, the database file -----------------------------------------------------


def test_load_twice_is_idempotent(tmp_path: Path) -> None:
    entities = write(
        tmp_path / "c.csv",
        f"企业名称,统一社会信用代码\n甲有限公司,{USCC_A}\n乙有限公司,{USCC_B}\n",
    )
    licences = write(
        tmp_path / "l.csv",
        "许可证编号,许可文件名称,统一社会信用代码,有效期至\n"
        f"JY13301067319160,食品经营许可证,{USCC_A},2028-06-11\n",
    )
    first = load_json(tmp_path, entities, licences)
    second = load_json(tmp_path, entities, licences)
    assert [r["loaded"] for r in first] == [2, 1]
    assert [r["loaded"] for r in second] == [0, 0], second
    assert [r["updated"] for r in second] == [2, 1], second
    data = stats(tmp_path / "reg.sqlite")
    assert data["entities"] == 2
    assert data["licenses"] == {"food_business": 1}
    assert data["loads"] == 4 or data["loads"] == 2


def test_same_file_twice_in_one_command(tmp_path: Path) -> None:
    csv = write(tmp_path / "c.csv", f"企业名称,统一社会信用代码\n甲有限公司,{USCC_A}\n")
    result = load(tmp_path, csv, csv)
    assert result.returncode == 0
    assert stats(tmp_path / "reg.sqlite")["entities"] == 1


def test_db_in_missing_directory(tmp_path: Path) -> None:
    csv = write(tmp_path / "c.csv", f"企业名称,统一社会信用代码\n甲有限公司,{USCC_A}\n")
    db = tmp_path / "no" / "such" / "dir" / "reg.sqlite"
    result = load(tmp_path, csv, db=db)
    if result.returncode == 0:
        assert stats(db)["entities"] == 1
    else:
        assert result.returncode == 2, result.stdout + result.stderr
        assert str(db.parent) in result.stderr or str(db) in result.stderr


def test_read_only_db(tmp_path: Path) -> None:
    csv = write(tmp_path / "c.csv", f"企业名称,统一社会信用代码\n甲有限公司,{USCC_A}\n")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root ignores file modes: a path on a file system that cannot be written
        result = load(tmp_path, csv, db=Path("/proc/self/qualcheck-audit.sqlite"))
    else:
        db = tmp_path / "reg.sqlite"
        assert load(tmp_path, csv, db=db).returncode == 0
        db.chmod(0o444)
        tmp_path.chmod(0o555)
        try:
            result = load(tmp_path, csv, db=db)
        finally:
            tmp_path.chmod(0o755)
            db.chmod(0o644)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("qualcheck registry: ")


def test_db_is_a_directory(tmp_path: Path) -> None:
    csv = write(tmp_path / "c.csv", f"企业名称,统一社会信用代码\n甲有限公司,{USCC_A}\n")
    folder = tmp_path / "dir.sqlite"
    folder.mkdir()
    result = load(tmp_path, csv, db=folder)
    assert result.returncode == 2, result.stdout + result.stderr


def test_load_into_non_registry_file_leaves_it_alone(tmp_path: Path) -> None:
    csv = write(tmp_path / "c.csv", f"企业名称,统一社会信用代码\n甲有限公司,{USCC_A}\n")
    text = tmp_path / "notes.txt"
    text.write_text("my notes\n", encoding="utf-8")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
    before = other.read_bytes()
    for db in (text, other):
        result = load(tmp_path, csv, db=db)
        assert result.returncode == 2, (db, result.stdout, result.stderr)
        assert str(db) in result.stderr
    assert text.read_text(encoding="utf-8") == "my notes\n"
    assert other.read_bytes() == before


def test_load_into_empty_db_file(tmp_path: Path) -> None:
    csv = write(tmp_path / "c.csv", f"企业名称,统一社会信用代码\n甲有限公司,{USCC_A}\n")
    db = tmp_path / "empty.sqlite"
    db.write_bytes(b"")
    result = load(tmp_path, csv, db=db)
    assert result.returncode in (0, 2), result.stdout + result.stderr
    if result.returncode == 0:
        assert stats(db)["entities"] == 1


def test_missing_input_file_is_usage_error_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "reg.sqlite"
    result = load(tmp_path, tmp_path / "nope.csv", db=db)
    assert result.returncode == 2
    assert not db.exists()


def test_input_is_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "d.csv"
    folder.mkdir()
    result = load(tmp_path, folder)
    assert result.returncode == 2, result.stdout + result.stderr


def test_unknown_format_is_usage_error(tmp_path: Path) -> None:
    csv = write(tmp_path / "c.csv", f"统一社会信用代码\n{USCC_A}\n")
    result = load(tmp_path, csv, extra=("--format", "xlsx"))
    assert result.returncode == 2


def test_stdin_load(tmp_path: Path) -> None:
    db = tmp_path / "reg.sqlite"
    data = (json.dumps({"uscc": USCC_A, "name": "甲有限公司"}, ensure_ascii=False) + "\n").encode()
    result = run_cli("registry", "load", "-", "--db", str(db), stdin=data)
    no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert record(db, USCC_A).name == "甲有限公司"


def test_stdin_gbk(tmp_path: Path) -> None:
    db = tmp_path / "reg.sqlite"
    data = (HEADER_ZH + "\n" + f"甲有限公司,{USCC_A},张三,存续,,,\n").encode("gbk")
    result = run_cli("registry", "load", "-", "--db", str(db), "--format", "csv", stdin=data)
    no_traceback(result)
    assert result.returncode in (2, 3), result.stdout + result.stderr
    assert "UTF-8" in result.stdout + result.stderr


# --- stats --------------------------------------------------------------------------------


def test_stats_missing_file(tmp_path: Path) -> None:
    result = run_cli("registry", "stats", "--db", str(tmp_path / "nope.sqlite"))
    no_traceback(result)
    assert result.returncode == 2
    assert not (tmp_path / "nope.sqlite").exists()


@pytest.mark.parametrize("content", [b"", b"hello\n", b"SQLite format 3\x00" + b"\x00" * 200])
def test_stats_non_registry_file(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "x.sqlite"
    db.write_bytes(content)
    result = run_cli("registry", "stats", "--db", str(db))
    no_traceback(result)
    assert result.returncode == 2, result.stdout + result.stderr
    assert db.read_bytes() == content


def test_stats_other_sqlite_db(tmp_path: Path) -> None:
    db = tmp_path / "o.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
    result = run_cli("registry", "stats", "--db", str(db))
    no_traceback(result)
    assert result.returncode == 2
    assert str(db) in result.stderr


def test_stats_directory(tmp_path: Path) -> None:
    result = run_cli("registry", "stats", "--db", str(tmp_path))
    no_traceback(result)
    assert result.returncode == 2


# --- the loaded data is used ---------------------------------------------------------------


def test_verify_uses_loaded_registry(tmp_path: Path) -> None:
    merchant = food_shop()
    rec = write_jsonl(tmp_path / "rec.jsonl", [merchant])
    csv = write(
        tmp_path / "c.csv",
        "企业名称,统一社会信用代码,法定代表人,登记状态\n"
        f"{merchant['name']},{merchant['uscc']},{merchant['legal_representative']['name']},吊销，未注销\n",
    )
    db = tmp_path / "reg.sqlite"
    assert load(tmp_path, csv, db=db).returncode == 0
    result = run_cli("verify", str(rec), "--registry", str(db), "--as-of", AS_OF_TEXT, "--json")
    no_traceback(result)
    report = json.loads(result.stdout.splitlines()[0])
    codes = [f["code"] for f in report["findings"]]
    assert "registry.status_revoked" in codes, codes
    assert result.returncode == 1

    # reload as active: the same merchant is no longer revoked
    fixed = write(
        tmp_path / "c2.csv",
        "企业名称,统一社会信用代码,法定代表人,登记状态\n"
        f"{merchant['name']},{merchant['uscc']},{merchant['legal_representative']['name']},存续\n",
    )
    assert load(tmp_path, fixed, db=db).returncode == 0
    result = run_cli("verify", str(rec), "--registry", str(db), "--as-of", AS_OF_TEXT, "--json")
    codes = [f["code"] for f in json.loads(result.stdout.splitlines()[0])["findings"]]
    assert "registry.status_revoked" not in codes, codes


def test_verify_unregistered_uscc_not_found(tmp_path: Path) -> None:
    merchant = food_shop()
    rec = write_jsonl(tmp_path / "rec.jsonl", [merchant])
    csv = write(tmp_path / "c.csv", f"企业名称,统一社会信用代码\n{merchant['name']},{USCC_B}\n")
    db = tmp_path / "reg.sqlite"
    load(tmp_path, csv, db=db)
    result = run_cli("verify", str(rec), "--registry", str(db), "--as-of", AS_OF_TEXT, "--json")
    codes = [f["code"] for f in json.loads(result.stdout.splitlines()[0])["findings"]]
    assert "registry.not_found" in codes, codes


# --- personal data ------------------------------------------------------------------------


def test_personal_numbers_not_echoed_in_row_errors(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "p.jsonl",
        [
            {
                "uscc": USCC_A,
                "legal_representative": {"name": "张三", "id_number": RIC, "phone": PHONE},
            },
            {"uscc": USCC_B, "established_on": RIC},
            {"uscc": USCC_C, "fetched_at": PHONE},
            f'{{"uscc": "{USCC_A}", "phone": "{PHONE}", "id": "{RIC}"',
        ],
    )
    result = load(tmp_path, path)
    assert result.returncode == 3
    json_result = load(tmp_path, path, extra=("--json",))
    for out in (result.stdout + result.stderr, json_result.stdout + json_result.stderr):
        assert RIC not in out, out
        assert PHONE not in out, out


def test_phone_in_shifted_uscc_column_not_echoed(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "c.csv", f"企业名称,统一社会信用代码,法定代表人\n甲有限公司,{PHONE},张三\n"
    )
    result = load(tmp_path, csv)
    assert result.returncode == 3
    assert f"{csv}:2: 统一社会信用代码: " in result.stdout
    assert PHONE not in result.stdout + result.stderr, result.stdout


def test_stats_does_not_print_people(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "p.jsonl",
        [{"uscc": USCC_A, "legal_representative": "张三", "联系电话": PHONE, "证件号码": RIC}],
    )
    load(tmp_path, path)
    result = run_cli("registry", "stats", "--db", str(tmp_path / "reg.sqlite"), "--json")
    assert RIC not in result.stdout
    assert PHONE not in result.stdout


# --- qualcheck id / schema / checks -------------------------------------------------------


def test_id_stdin_blank_and_comment_lines(tmp_path: Path) -> None:
    data = b"\n  \n# comment\n91350100M000100Y43\n\r\n91330106JU6XYHXB07\n"
    result = run_cli("id", "uscc", "-", "--json", stdin=data)
    no_traceback(result)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [line["input"] for line in lines] == ["91350100M000100Y43", "91330106JU6XYHXB07"], lines


def test_id_stdin_only_blank_lines(tmp_path: Path) -> None:
    result = run_cli("id", "uscc", "-", stdin=b"\n\n\n")
    no_traceback(result)
    assert result.returncode in (0, 2), result.stdout + result.stderr


def test_id_very_long_line() -> None:
    result = run_cli("id", "auto", "-", "--json", stdin=b"9" * 1_000_000 + b"\n")
    no_traceback(result)
    assert result.returncode == 1, result.stderr[-500:]
    out = json.loads(result.stdout.splitlines()[0])
    assert out["verdict"] == "invalid"
    assert len(result.stdout) < 2_100_000


def test_id_long_argument() -> None:
    result = run_cli("id", "uscc", "A" * 100_000, "--json")
    no_traceback(result)
    assert result.returncode == 1


def test_id_binary_garbage_stdin() -> None:
    garbage = bytes(range(256)) * 8 + b"\n\xff\xfe\x00\x00\n\x80abc\n"
    result = run_cli("id", "auto", "-", "--json", stdin=garbage)
    no_traceback(result)
    assert result.returncode in (1, 2), result.stdout[-500:] + result.stderr[-500:]
    for line in result.stdout.splitlines():
        json.loads(line)


def test_id_nul_bytes_argument_via_stdin_ric() -> None:
    result = run_cli("id", "ric", "-", "--json", stdin=f"\x00{RIC}\x00\n".encode())
    no_traceback(result)
    assert RIC not in result.stdout + result.stderr


def test_id_ric_masked_even_when_invalid() -> None:
    bad = RIC[:-1] + ("0" if RIC[-1] != "0" else "1")
    for args in (("ric", bad), ("auto", bad), ("ric", RIC), ("ric", RIC, "--json")):
        result = run_cli("id", *args)
        no_traceback(result)
        assert bad not in result.stdout + result.stderr
        assert RIC not in result.stdout + result.stderr


def test_id_usage_errors() -> None:
    for args in (
        ("id",),
        ("id", "uscc"),
        ("id", "bogus", "X"),
        ("id", "uscc", "X", "--as-of", "x"),
    ):
        result = run_cli(*args)
        no_traceback(result)
        assert result.returncode == 2, (args, result.returncode, result.stderr)


@pytest.mark.parametrize("kind", [None, "merchant", "document", "report", "policy"])
def test_schema_is_json(kind: str | None) -> None:
    result = run_cli("schema", *([kind] if kind else []))
    no_traceback(result)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert isinstance(schema, dict)
    assert "properties" in schema or "$defs" in schema


def test_schema_unknown_kind_is_usage_error() -> None:
    result = run_cli("schema", "bogus")
    no_traceback(result)
    assert result.returncode == 2


def test_checks_json_lines() -> None:
    result = run_cli("checks", "--json")
    no_traceback(result)
    assert result.returncode == 0
    out = result.stdout.strip()
    try:
        data = json.loads(out)
        items = data if isinstance(data, list) else [data]
    except ValueError:
        items = [json.loads(line) for line in out.splitlines()]
    assert items
    plain = run_cli("checks")
    assert plain.returncode == 0
    assert plain.stdout.strip()
