"""``qualcheck batch`` end to end on generated files: JSON Lines and CSV in and out, bad
and malformed lines, progress and summary, a registry that aborts, checkpoints."""

from __future__ import annotations

import csv
import io
import json
import random
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import AS_OF, AS_OF_TEXT, merchant_lines, read_results, stable, write_lines

from qualcheck.batch._checkpoint import checkpoint_path
from qualcheck.testing import make_food_business, make_merchant, make_uscc

Run = Callable[..., tuple[int, str, str]]


def expected_decisions(lines: list[str]) -> list[str]:
    from qualcheck import verify

    return [verify(line, as_of=AS_OF).decision.value for line in lines]


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_in_jsonl_out(tmp_path: Path, run_cli: Run) -> None:
    lines = merchant_lines(60, seed=3)
    source = write_lines(tmp_path / "sellers.jsonl", [*lines[:30], "", *lines[30:]])
    out = tmp_path / "results.jsonl"
    status, stdout, stderr = run_cli("batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT)
    results = read_results(out)
    assert stdout == ""
    assert [r["line"] for r in results] == [n for n in range(1, 62) if n != 31]
    assert [r["decision"] for r in results] == expected_decisions(lines)
    assert status == 1  # some licences expired
    assert not checkpoint_path(out).exists()  # a finished run leaves no checkpoint
    by_line = {r["line"]: r for r in results}
    assert by_line[9]["codes"] == ["record.not_json"]
    assert by_line[9]["merchant_id"] is None
    assert by_line[18]["codes"] == ["record.not_an_object"]
    empty_name = by_line[27]
    assert empty_name["findings"][0]["path"] == "$.name"
    assert empty_name["findings"][0]["code"] == "record.invalid_value"
    good = by_line[1]
    assert good["merchant_id"] == "m-000000"
    assert good["as_of"] == AS_OF_TEXT
    assert good["registry"] is None
    assert len(good["audit_id"]) == 32
    assert "60 records" in stderr
    assert "decisions: pass" in stderr
    assert "license.expired" in stderr  # among the most frequent findings


def test_exit_status_review_and_pass(tmp_path: Path, run_cli: Run) -> None:
    rng = random.Random(4)
    passing = [make_merchant("restaurant", as_of=AS_OF, rng=rng) for _ in range(3)]
    source = write_lines(tmp_path / "ok.jsonl", [json.dumps(r) for r in passing])
    out = tmp_path / "ok-results.jsonl"
    assert run_cli("batch", str(source), "-o", str(out), "--as-of", AS_OF_TEXT, "-q")[0] == 0
    review = make_merchant("restaurant", as_of=AS_OF, rng=rng, expiring=["food_business"])
    source = write_lines(tmp_path / "soon.jsonl", [json.dumps(r) for r in [*passing, review]])
    status, _, stderr = run_cli("batch", str(source), "-o", str(out), "--as-of", AS_OF_TEXT, "-q")
    assert (status, stderr) == (3, "")


def test_several_inputs_and_undecodable_bytes(tmp_path: Path, run_cli: Run) -> None:
    first = write_lines(tmp_path / "a.jsonl", merchant_lines(5, seed=1, malformed_every=0))
    second = tmp_path / "b.jsonl"
    second.write_bytes(b'\xef\xbb\xbf{"subject_type": "enterprise", "name": "x"}\n\xff\xfe{}\n')
    out = tmp_path / "out.jsonl"
    run_cli("batch", str(first), str(second), "-o", str(out), "--as-of", AS_OF_TEXT)
    results = read_results(out)
    assert [(Path(r["file"]).name, r["line"]) for r in results] == [
        *[("a.jsonl", n) for n in range(1, 6)],
        ("b.jsonl", 1),
        ("b.jsonl", 2),
    ]
    assert results[5]["codes"][0] == "merchant.uscc_missing"  # the BOM was skipped
    assert results[6]["codes"] == ["record.not_json"]


# --------------------------------------------------------------------------- CSV


def _csv_input(tmp_path: Path) -> tuple[Path, str, str]:
    rng = random.Random(11)
    uscc = make_uscc(entity_type="1", region="330106", rng=rng)
    jy = make_food_business(form=1, region="330106", rng=rng)
    header = [
        "Merchant_ID",
        "subject_type",
        "name",
        "uscc",
        "legal_representative_name",
        "legal_representative_id",
        "contact_phone",
        "categories",
        "last_verified_at",
        "business_license.number",
        "business_license.validity",
        "food_business.number",
        "food_business.valid_from",
        "food_business.valid_to",
        "food_business.holder_uscc",
        "documents",
        "platform_notes",
        "food_busines.number",
    ]
    name = "杭州示例食品有限公司"
    base = {
        "Merchant_ID": "c-1",
        "subject_type": "企业",
        "name": name,
        "uscc": uscc,
        "legal_representative_name": "张三",
        "legal_representative_id": "11010519491231002X",
        "contact_phone": "13800138000",
        "categories": "prepackaged_food|bulk_food",
        "last_verified_at": "2026-10-01",
        "business_license.number": uscc,
        "business_license.validity": "2015年3月1日至长期",
        "food_business.number": jy,
        "food_business.valid_from": "2023-01-01",
        "food_business.valid_to": "2027-12-31",
        "food_business.holder_uscc": uscc,  # what ties the licence to the seller
        "documents": "",
        "platform_notes": "VIP",
    }
    rows = [
        base,
        {**base, "Merchant_ID": "c-2", "food_business.valid_to": "2026-10-31"},  # expired
        {**base, "Merchant_ID": "c-3", "food_business.valid_to": "not a date"},
        {**base, "Merchant_ID": "c-4", "documents": "[{oops"},
        dict.fromkeys(header, ""),  # a blank row is skipped
        {**base, "Merchant_ID": "c-5", "name": "多行\n名称有限公司"},
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    text = buffer.getvalue() + "c-6,enterprise,额外单元格有限公司" + "," * len(header) + "extra\r\n"
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path, uscc, jy


def test_csv_in_csv_out(tmp_path: Path, run_cli: Run) -> None:
    source, _, _ = _csv_input(tmp_path)
    out = tmp_path / "results.csv"
    status, _, stderr = run_cli("batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT)
    assert "column 'food_busines.number' ignored" in stderr
    results = read_results(out)
    assert [(r["merchant_id"], r["line"]) for r in results] == [
        ("c-1", 2),
        ("c-2", 3),
        ("c-3", 4),
        ("c-4", 5),
        ("c-5", 7),
        ("c-6", 9),
    ]
    decisions = {r["merchant_id"]: r["decision"] for r in results}
    assert decisions["c-1"] == "pass"
    assert decisions["c-2"] == "fail"
    by_id = {r["merchant_id"]: r for r in results}
    assert by_id["c-2"]["codes"] == ["license.expired"]
    assert by_id["c-2"]["findings"][0]["column"] == "food_business.valid_to"
    bad_date = by_id["c-3"]["findings"][0]
    assert (bad_date["code"], bad_date["column"]) == (
        "record.invalid_value",
        "food_business.valid_to",
    )
    assert decisions["c-3"] == "review"
    bad_json = by_id["c-4"]["findings"][0]
    assert bad_json["column"] == "documents"
    assert bad_json["path"] == "$.documents"
    assert "not JSON" in bad_json["message"]
    assert decisions["c-4"] == "review"
    assert "row" in by_id["c-6"]["findings"][0]["message"]
    text = out.read_text(encoding="utf-8")
    assert "11010519491231002X" not in text
    assert "13800138000" not in text
    assert status == 1


def test_csv_in_jsonl_out_and_jsonl_in_csv_out(tmp_path: Path, run_cli: Run) -> None:
    source, _, _ = _csv_input(tmp_path)
    out = tmp_path / "results.txt"
    run_cli("batch", str(source), "-o", str(out), "--format", "jsonl", "--as-of", AS_OF_TEXT)
    from_csv = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(from_csv) == 6
    assert from_csv[1]["findings"][0]["column"] == "food_business.valid_to"
    lines = merchant_lines(20, seed=5)
    jsonl = write_lines(tmp_path / "records.data", lines)  # detected from the first byte
    csv_out = tmp_path / "r.csv"
    run_cli("batch", str(jsonl), "-o", str(csv_out), "--as-of", AS_OF_TEXT, "-q")
    rows = read_results(csv_out)
    assert [r["decision"] for r in rows] == expected_decisions(lines)
    assert list(rows[0]) == [
        "file",
        "line",
        "merchant_id",
        "decision",
        "codes",
        "findings",
        "registry_source",
        "registry_status",
        "registry_reason",
        "registry_request_id",
        "registry_fetched_at",
        "as_of",
        "input_digest",
        "audit_id",
        "created_at",
    ]


def test_jsonl_in_another_encoding_never_reads_a_bad_line_as_utf8(
    tmp_path: Path, run_cli: Run
) -> None:
    good = make_merchant("food_shop", as_of=AS_OF, rng=random.Random(8))
    good["name"] = "福州示例“好”食品有限公司"
    for document in good["documents"]:
        document["holder_name"] = good["name"]
    source = tmp_path / "gb.jsonl"
    line = json.dumps(good, ensure_ascii=False)
    # the same record twice: once in GB18030, once (by mistake) in UTF-8, which is never
    # read as GB18030 (mojibake), whether its bytes happen to be GB18030 text or not
    source.write_bytes(line.encode("gb18030") + b"\n" + line.encode("utf-8") + b"\n")
    out = tmp_path / "out.jsonl"
    argv = ("batch", str(source), "-o", str(out), "--encoding", "gb18030", "--as-of", AS_OF_TEXT)
    status, _, _ = run_cli(*argv)
    first, second = read_results(out)
    assert first["decision"] == "pass", first["codes"]
    assert second["decision"] == "review"
    assert second["codes"] == ["record.invalid_value"]
    assert second["findings"][0]["message"] == (
        "Field 'row' could not be read: not gb18030 text but UTF-8: not read (the file mixes"
        " encodings, or is UTF-8)"
    )
    assert second["findings"][0]["message_zh"].startswith(
        "字段“该行”无法读取：不是gb18030编码的文本，而是UTF-8编码"
    )
    assert status == 3


def test_csv_in_another_encoding(tmp_path: Path, run_cli: Run) -> None:
    source = tmp_path / "gbk.csv"
    source.write_bytes("merchant_id,subject_type,name\ng-1,自然人,张三\n".encode("gb18030"))
    out = tmp_path / "gbk-results.jsonl"
    run_cli("batch", str(source), "-o", str(out), "--encoding", "gb18030", "--as-of", AS_OF_TEXT)
    [result] = read_results(out)
    assert result["merchant_id"] == "g-1"
    assert "record.invalid_value" not in result["codes"]
    run_cli("batch", str(source), "-o", str(out), "--as-of", AS_OF_TEXT, "--restart")
    [result] = read_results(out)
    assert result["codes"][0] == "record.invalid_value"  # not UTF-8: the row says so
    assert result["findings"][0]["column"] == "row"


# --------------------------------------------------------------------------- progress


def test_progress_lines_and_quiet(tmp_path: Path, run_cli: Run) -> None:
    source = write_lines(tmp_path / "in.jsonl", merchant_lines(12, seed=2))
    out = tmp_path / "out.jsonl"
    _, _, stderr = run_cli(
        "batch", str(source), "-o", str(out), "--as-of", AS_OF_TEXT, "--progress-interval", "1e-9"
    )
    progress = [line for line in stderr.splitlines() if "records/s," in line]
    assert len(progress) >= 10
    assert "(100%)" in progress[-1]
    assert "pass" in progress[-1]
    assert "ETA" in progress[-1]
    _, _, stderr = run_cli("batch", str(source), "-o", str(out), "--as-of", AS_OF_TEXT, "-q")
    assert stderr == ""


# --------------------------------------------------------------------------- checkpoints


def test_changed_input_is_not_resumed(tmp_path: Path, run_cli: Run) -> None:
    source = write_lines(tmp_path / "in.jsonl", merchant_lines(10, seed=2))
    out = tmp_path / "out.jsonl"
    checkpoint = checkpoint_path(out)
    checkpoint.write_text("{broken", encoding="utf-8")
    status, _, stderr = run_cli("batch", str(source), "-o", str(out), "--as-of", AS_OF_TEXT)
    assert status == 2
    assert "--restart" in stderr
    status, _, _ = run_cli("batch", str(source), "-o", str(out), "--as-of", AS_OF_TEXT, "--restart")
    assert status in (1, 3)
    assert len(read_results(out)) == 10


def test_usage_errors(tmp_path: Path, run_cli: Run) -> None:
    source = write_lines(tmp_path / "in.jsonl", merchant_lines(3, seed=2))
    status, _, stderr = run_cli("batch", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o"))
    assert (status, "no such file" in stderr) == (2, True)
    status, _, stderr = run_cli("batch", str(source), "-o", str(source))
    assert (status, "also an input" in stderr) == (2, True)
    status, _, stderr = run_cli("batch", str(source), "-o", str(tmp_path / "no" / "out"))
    assert (status, "no such directory" in stderr) == (2, True)
    status, _, stderr = run_cli("batch", str(source), "-o", str(tmp_path / "o"), "--policy", "nope")
    assert (status, "policy" in stderr) == (2, True)
    array = tmp_path / "array.txt"
    array.write_text('[{"name": "x"}]', encoding="utf-8")
    status, _, stderr = run_cli("batch", str(array), "-o", str(tmp_path / "o"))
    assert (status, "JSON array" in stderr) == (2, True)
    with pytest.raises(SystemExit):
        run_cli("batch", str(source), "-o", str(tmp_path / "o"), "--concurrency", "0")


# --------------------------------------------------------------------------- registry


REGISTRY_MODULE = '''
import os

from qualcheck.registries import RegistryAbort
from qualcheck.testing import MockRegistry


class Registry(MockRegistry):
    """Not found for everyone; the look-up number $ABORT_AT aborts (bad credentials)."""

    def __init__(self):
        super().__init__(name="flaky")
        self.count = 0

    def lookup(self, query):
        self.count += 1
        if self.count == int(os.environ.get("ABORT_AT", "0")):
            raise RegistryAbort("the key was revoked", source=self.name, reason="auth")
        return super().lookup(query)

    async def alookup(self, query):
        return self.lookup(query)
'''


def test_registry_abort_checkpoint_and_resume(
    tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "flaky_registry_for_batch.py"
    module.write_text(textwrap.dedent(REGISTRY_MODULE), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    rng = random.Random(8)
    records = [make_merchant("food_shop", as_of=AS_OF, rng=rng, expired=["food_business"])]
    records += [make_merchant("food_shop", as_of=AS_OF, rng=rng) for _ in range(39)]
    source = write_lines(tmp_path / "in.jsonl", [json.dumps(r) for r in records])
    out = tmp_path / "out.jsonl"
    argv = ["batch", str(source), "-o", str(out), "--as-of", AS_OF_TEXT, "--commit-every", "1"]
    argv += ["--registry", "flaky_registry_for_batch:Registry", "--concurrency", "4"]

    monkeypatch.setenv("ABORT_AT", "25")
    status, _, stderr = run_cli(*argv)
    assert status == 4
    assert "stopped by the registry (auth): the key was revoked" in stderr
    assert "rerun the same command" in stderr
    assert checkpoint_path(out).exists()
    partial = read_results(out)
    assert [r["line"] for r in partial] == list(range(1, len(partial) + 1))
    assert 20 <= len(partial) < 25

    monkeypatch.delenv("ABORT_AT")
    status, _, stderr = run_cli(*argv)
    assert f"resuming after {len(partial)} records" in stderr
    assert status == 1  # the failing record is in the first, resumed part
    assert not checkpoint_path(out).exists()
    resumed = read_results(out)
    assert [r["line"] for r in resumed] == list(range(1, 41))
    assert resumed[: len(partial)] == partial  # the committed part is kept as it was
    assert {r["registry"]["source"] for r in resumed} == {"flaky"}
    assert Counter(r["registry"]["status"] for r in resumed) == {"not_found": 40}
    assert "registry errors: 0" in stderr

    fresh = tmp_path / "fresh.jsonl"
    run_cli(*argv[:3], str(fresh), *argv[4:])
    assert stable(read_results(fresh)) == stable(resumed)


def test_registry_errors_in_summary(
    tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "timeout_registry_for_batch.py"
    module.write_text(
        "from qualcheck.testing import MockRegistry\n\n"
        "def Registry():\n"
        "    registry = MockRegistry(name='slow')\n"
        "    registry.force_rule(lambda query: True, 'timeout')\n"
        "    return registry\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    source = write_lines(tmp_path / "in.jsonl", merchant_lines(6, seed=9, malformed_every=0))
    out = tmp_path / "out.csv"
    status, _, stderr = run_cli(
        "batch", str(source), "-o", str(out), "--registry", "timeout_registry_for_batch:Registry"
    )
    assert status in (1, 3)
    assert "registry errors: 6 (timeout 6)" in stderr
    rows = read_results(out)
    assert {(r["registry_status"], r["registry_reason"]) for r in rows} == {("failed", "timeout")}
    assert all("registry.unavailable" in r["codes"] for r in rows)


def test_result_dict_masks_nothing_personal(tmp_path: Path, run_cli: Run) -> None:
    record: dict[str, Any] = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(1))
    record["legal_representative"] = {"name": "张三", "id_number": "11010519491231002"}
    record["contact_phone"] = "1380013800"
    source = write_lines(tmp_path / "p.jsonl", [json.dumps(record, ensure_ascii=False)])
    out = tmp_path / "p-out.jsonl"
    run_cli("batch", str(source), "-o", str(out), "--as-of", AS_OF_TEXT)
    text = out.read_text(encoding="utf-8")
    identity = record["documents"][0]["number"]
    for secret in (identity, "11010519491231002", "1380013800"):
        assert secret not in text


def test_changed_input_or_date_after_an_abort(
    tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "flaky_registry_for_batch2.py"
    module.write_text(textwrap.dedent(REGISTRY_MODULE), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    rng = random.Random(12)
    records = [make_merchant("food_shop", as_of=AS_OF, rng=rng) for _ in range(12)]
    source = write_lines(tmp_path / "in.jsonl", [json.dumps(r) for r in records])
    out = tmp_path / "out.csv"
    argv = ["batch", str(source), "-o", str(out), "--commit-every", "1"]
    argv += ["--registry", "flaky_registry_for_batch2:Registry", "--concurrency", "1"]
    monkeypatch.setenv("ABORT_AT", "5")
    assert run_cli(*argv, "--as-of", AS_OF_TEXT)[0] == 4
    monkeypatch.delenv("ABORT_AT")
    status, _, stderr = run_cli(*argv, "--as-of", "2026-12-01")
    assert status == 2
    assert "as_of '2026-11-29', not '2026-12-01'" in stderr
    with source.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(records[0]) + "\n")
    status, _, stderr = run_cli(*argv)
    assert status == 2
    assert "changed since" in stderr
    assert "--restart" in stderr
    status, _, _ = run_cli(*argv, "--restart", "--as-of", AS_OF_TEXT)
    assert status in (1, 3)
    assert [r["line"] for r in read_results(out)] == list(range(1, 14))


def test_changed_category_file_is_not_resumed(
    tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The category file a policy names decides coverage, so a run is not resumed once it
    changed: the resumed part would be judged by other rules than the committed part."""
    module = tmp_path / "flaky_registry_for_batch3.py"
    module.write_text(textwrap.dedent(REGISTRY_MODULE), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    bundled = Path(__file__).parents[2] / "qualcheck" / "data" / "categories.json"
    categories = tmp_path / "categories.json"
    categories.write_bytes(bundled.read_bytes())
    policy = tmp_path / "policy.json"
    policy.write_text('{"categories_file": "categories.json"}', encoding="utf-8")
    rng = random.Random(13)
    records = [make_merchant("food_shop", as_of=AS_OF, rng=rng) for _ in range(8)]
    source = write_lines(tmp_path / "in.jsonl", [json.dumps(r) for r in records])
    out = tmp_path / "out.jsonl"
    argv = ["batch", str(source), "-o", str(out), "--commit-every", "1", "--as-of", AS_OF_TEXT]
    argv += ["--registry", "flaky_registry_for_batch3:Registry", "--concurrency", "1"]
    argv += ["--policy", str(policy)]
    monkeypatch.setenv("ABORT_AT", "4")
    status, _, stderr = run_cli(*argv)
    assert status == 4, stderr
    monkeypatch.delenv("ABORT_AT")
    data = json.loads(categories.read_text(encoding="utf-8"))
    categories.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    status, _, stderr = run_cli(*argv)
    assert status == 2
    assert "categories_sha256" in stderr
    assert "--restart" in stderr
    status, _, _ = run_cli(*argv, "--restart")
    assert status in (0, 1, 3)
    assert [r["line"] for r in read_results(out)] == list(range(1, 9))


def test_standard_input_is_read_but_not_resumable(
    tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = "".join(line + "\n" for line in merchant_lines(4, seed=6, malformed_every=0))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    out = tmp_path / "from-stdin.jsonl"
    status, _, _ = run_cli("batch", "-", "-o", str(out), "--as-of", AS_OF_TEXT, "--resume")
    assert status in (0, 1, 3)
    assert [(r["file"], r["line"]) for r in read_results(out)] == [("-", n) for n in range(1, 5)]
    assert not checkpoint_path(out).exists()


def test_progress_bar_with_tqdm() -> None:
    from qualcheck.batch._progress import Progress, choose_mode

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    assert choose_mode(stream, quiet=False) == "bar"
    assert choose_mode(stream, quiet=True) == "off"
    assert choose_mode(io.StringIO(), quiet=False) == "lines"
    progress = Progress("bar", stream, total_bytes=2000, initial_bytes=500, initial_records=5)
    progress.update(records=10, done_bytes=1000, decisions={"pass": 8, "fail": 2}, force=True)
    progress.close()
    shown = stream.getvalue()
    assert "qualcheck batch:" in shown
    assert "50%" in shown
    assert "10 records" in shown
    assert "pass 8, fail 2" in shown


def test_a_merchant_id_that_is_a_personal_number_is_masked(tmp_path: Path, run_cli: Run) -> None:
    """A platform keying sellers by phone or ID number: outputs never show the number
    whole, in the results (read or unreadable record) or in the list of what is due."""
    from qualcheck.testing import make_ric

    rng = random.Random(8)
    phone, ric = "13912345678", make_ric(rng=rng)
    by_phone = make_merchant("food_shop", as_of=AS_OF, rng=rng)
    by_phone["merchant_id"] = phone
    by_id = {"merchant_id": ric, "subject_type": "enterprise"}  # unreadable: no name
    source = write_lines(tmp_path / "in.jsonl", [json.dumps(by_phone), json.dumps(by_id)])
    out = tmp_path / "results.jsonl"
    run_cli("batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT, "-q")
    text = out.read_text(encoding="utf-8")
    assert [r["merchant_id"] for r in read_results(out)] == [
        "139****5678",
        ric[:3] + "*" * 11 + ric[-4:],
    ]
    _, due_out, _ = run_cli("due", str(source), "--as-of", AS_OF_TEXT, "--within", "9999")
    for shown in (text, due_out):
        assert phone not in shown
        assert ric not in shown
