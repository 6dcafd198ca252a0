"""Audit, second round: re-verification every six months, the registration exemption of
natural persons, and ``qualcheck due`` / :func:`qualcheck.batch.due_items`.

Contract (docs/batch.md, docs/verify.md, domain.md §8):
* 网络交易监督管理办法 art. 24: re-verify every seller at least every six months.  The six
  months run from the last verification and end on the same day six months later (a day
  the month lacks: its last day).  A verification on that last day is in time, so
  ``verify`` reports ``merchant.reverification_due`` only from the next day; the morning
  work list of that last day must already name the seller ("due today"), or a platform
  that re-verifies what the list names is always one day late.
* Dates are read in China's time zone; never verified is due on the list (and a first
  verification for ``verify``); a date that cannot be read is due and says why, naming
  ``last_verified_at``; a date after ``as_of`` is due (the clock cannot be trusted).
* 电子商务法 art. 10 [L]: the exemption covers own farm produce and handicrafts, and
  "依法无须取得许可的便民劳务活动和零星小额交易活动": a natural person selling goods that
  only a licence can cover is not exempt, whatever the turnover.  Art. 8 [T]: at most
  100,000 yuan a year, all shops added up.
* A "natural person" whose record gives a market subject's USCC (an individual business
  declared as a person) is registered: reviewed for the mismatch, never failed as an
  unregistered seller.
"""

from __future__ import annotations

import copy
import datetime
import json
import random
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, AS_OF_TEXT, PHONE, food_shop, natural_person, write_jsonl

from qualcheck import Decision, verify
from qualcheck.batch import due_items, urgency
from qualcheck.cli import main
from qualcheck.testing import make_merchant, make_ric

PERSON_ID = make_ric(birth_date=datetime.date(1991, 3, 14), rng=random.Random(20261130))


def _on(last: Any, as_of: datetime.date) -> tuple[list[str], tuple[str, ...]]:
    """(what the due list says about re-verification, the codes ``verify`` reports)."""
    record = food_shop()
    record["last_verified_at"] = last
    said = [
        item.describe()
        for item in due_items(record, as_of=as_of)
        if item.status == "reverification_due"
    ]
    return said, verify(record, as_of=as_of).codes


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _due_cli(
    capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, list[dict[str, Any]], str]:
    status = main(["due", *argv, "--format", "jsonl"])
    captured = capsys.readouterr()
    return status, [json.loads(line) for line in captured.out.splitlines()], captured.err


# ------------------------------------------------------------------ six months


@pytest.mark.parametrize(
    ("last", "last_day"),
    [
        ("2026-05-29", "2026-11-29"),
        ("2026-05-31", "2026-11-30"),  # no 31 November: the month's last day
        ("2024-02-29", "2024-08-29"),  # a leap day
        ("2023-08-31", "2024-02-29"),  # into a leap February
        ("2026-08-31", "2027-02-28"),
        ("2026-12-31", "2027-06-30"),
    ],
)
def test_the_last_day_in_time_is_on_that_days_list_and_passes_verify(
    last: str, last_day: str
) -> None:
    end = _day(last_day)
    before = end - datetime.timedelta(days=1)
    after = end + datetime.timedelta(days=1)
    assert _on(last, before) == ([], ())
    # on the last day: the list names it, a verification that day is in time
    assert _on(last, end) == ([f"due today ({end})"], ())
    # the next day: overdue for both
    assert _on(last, after) == ([f"due since {end} (1 day)"], ("merchant.reverification_due",))


def test_overdue_days_are_counted_from_the_last_day_in_time() -> None:
    [item] = due_items(dict(food_shop(), last_verified_at="2026-03-15"), as_of=AS_OF)
    assert (item.date, item.days, item.describe()) == (
        _day("2026-09-15"),
        75,
        "due since 2026-09-15 (75 days)",
    )
    assert item.to_dict()["description"] == item.describe()


@pytest.mark.parametrize(
    ("last", "overdue"),
    [
        ("2026-05-28T15:59:59Z", True),  # 23:59:59 on the 28th in Shanghai
        ("2026-05-28T16:00:00Z", False),  # midnight of the 29th in Shanghai
        ("2026-05-28T23:30:00+00:00", False),  # UTC late evening: the 29th in China
        ("2026-05-28T20:00:00-08:00", False),  # 12:00 on the 29th in Shanghai
        ("2026-05-29T07:59:00+08:00", False),
        (1779984000000, False),  # milliseconds: 2026-05-29 00:00 in Shanghai
        (1779983999000, True),  # one second earlier: still the 28th
        (1779984000, False),  # the same moment in seconds
        ("1779983999000", True),  # as text
        (datetime.datetime(2026, 5, 28, 16, 30, tzinfo=datetime.UTC), False),
        (datetime.datetime(2026, 5, 28, 23, 30), True),  # naive: taken as China's clock
        ("2026年5月29日", False),
        ("二〇二六年五月二十八日", True),
        ("2026.05.29", False),
        ("2026/5/28", True),
        ("20260529", False),
    ],
)
def test_date_forms_and_time_zones_count_in_china(last: Any, overdue: bool) -> None:
    said, codes = _on(last, AS_OF)
    if overdue:
        assert said == ["due since 2026-11-28 (1 day)"]
        assert codes == ("merchant.reverification_due",)
    else:
        assert said == ["due today (2026-11-29)"]
        assert codes == ()


@pytest.mark.parametrize("last", ["2026-11-30", "2027-05-29", "9999-12-31"])
def test_a_verification_after_as_of_is_due_and_reviewed(last: str) -> None:
    said, codes = _on(last, AS_OF)
    assert said == [f"last verified {last}, after {AS_OF}"]
    assert codes == ("merchant.verified_in_future",)
    report = verify(dict(food_shop(), last_verified_at=last), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert [f.json_path for f in report.findings] == ["$.last_verified_at"]


@pytest.mark.parametrize("last", [None, "", "  "])
def test_never_verified_is_due_on_the_list_and_a_first_verification_for_verify(
    last: Any,
) -> None:
    said, codes = _on(last, AS_OF)
    assert said == ["never verified"]
    report = verify(dict(food_shop(), last_verified_at=last), as_of=AS_OF)
    assert {c.name: c.status for c in report.checks}["reverification"] == "skipped"
    assert codes == ()


@pytest.mark.parametrize(
    ("last", "why"),
    [
        ("2026年5月", "'2026年5月'"),  # no day
        ("05/28/2026", "ambiguous"),
        ("无", "'无'"),
        ("长期", "long-term"),
        (46170, "46170"),  # a spreadsheet's serial day number
        (True, "bool"),
        ("2026-02-30", "2026-02-30"),
    ],
)
def test_an_unreadable_last_verification_is_due_and_names_the_field(last: Any, why: str) -> None:
    record = dict(food_shop(), last_verified_at=last)
    [item] = due_items(record, as_of=AS_OF)
    assert item.status == "reverification_due"
    assert item.describe().startswith("last verification date unreadable (last_verified_at: ")
    assert why in item.describe()
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert [(f.code, f.json_path) for f in report.findings] == [
        ("record.invalid_value", "$.last_verified_at")
    ]


def test_a_phone_typed_as_the_last_verification_date_is_masked_in_the_list() -> None:
    [item] = due_items(dict(food_shop(), last_verified_at=PHONE), as_of=AS_OF)
    assert "last_verified_at" in item.describe()
    assert PHONE not in json.dumps(item.to_dict(), ensure_ascii=False)


def test_a_shorter_policy_period_is_counted_the_same_way() -> None:
    from qualcheck import Policy

    policy = Policy(reverify_after_months=3)
    record = dict(food_shop(), last_verified_at="2026-08-31")
    said = [i.describe() for i in due_items(record, as_of=_day("2026-11-30"), policy=policy)]
    assert said == ["due today (2026-11-30)"]
    assert verify(record, as_of=_day("2026-11-30"), policy=policy).codes == ()
    later = verify(record, as_of=_day("2026-12-01"), policy=policy).codes
    assert later == ("merchant.reverification_due",)


# ------------------------------------------------------------------ natural persons


def _person(**fields: Any) -> dict[str, Any]:
    return natural_person("audit-lifecycle-2-person", "李四", PERSON_ID, "服装", **fields)


@pytest.mark.parametrize(
    ("turnover", "decision"),
    [
        ("10万元", Decision.PASS),
        ("100,000.00", Decision.PASS),
        ("¥100,000", Decision.PASS),
        ("１００，０００元", Decision.PASS),  # full-width, as typed in a Chinese form
        ("1e5", Decision.PASS),
        (100_000, Decision.PASS),  # exactly the limit is exempt
        ("100000.01", Decision.FAIL),
        ("10.00001万", Decision.FAIL),
        (100_000.001, Decision.FAIL),
    ],
)
def test_turnover_at_and_above_the_limit(turnover: Any, decision: Decision) -> None:
    report = verify(_person(declared_annual_turnover_yuan=turnover), as_of=AS_OF)
    assert report.decision is decision, report.codes
    if decision is Decision.FAIL:
        assert [f.json_path for f in report.findings] == ["$.declared_annual_turnover_yuan"]


@pytest.mark.parametrize("turnover", ["十万", "-1", -100_000, "10万以内", "100 000", "NaN", "10w"])
def test_turnover_that_cannot_be_read_is_review_naming_the_field(turnover: Any) -> None:
    report = verify(_person(declared_annual_turnover_yuan=turnover), as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    assert ("record.invalid_value", "$.declared_annual_turnover_yuan") in [
        (f.code, f.json_path) for f in report.findings
    ]
    assert "merchant.turnover_unknown" in report.codes


def test_an_amount_in_the_message_is_written_in_digits() -> None:
    report = verify(_person(declared_annual_turnover_yuan="1e6"), as_of=AS_OF)
    [finding] = report.findings
    assert "1000000 yuan" in finding.message
    assert "1000000元" in finding.message_zh
    assert "E+" not in finding.message + finding.message_zh


def test_a_yearly_turnover_column_in_chinese_is_the_declared_turnover(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "people.csv"
    source.write_text(
        "商户编号,主体类型,名称,法定代表人,法定代表人身份证号,经营类目,年交易额\n"
        f"p-1,自然人,李四,李四,{PERSON_ID},服装,100000\n"
        f'p-2,自然人,李四,李四,{PERSON_ID},服装,"100,000.01"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    status = main(["batch", str(source), "--out", str(out), "--as-of", AS_OF_TEXT, "--quiet"])
    capsys.readouterr()
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert status == 1
    assert [(r["merchant_id"], r["decision"]) for r in results] == [
        ("p-1", "pass"),
        ("p-2", "fail"),
    ]
    assert results[1]["codes"] == ["merchant.exemption_exceeded"]


def _licence_in_own_name(person: dict[str, Any]) -> dict[str, Any]:
    licence = copy.deepcopy(food_shop()["documents"][1])  # a food business licence (JY)
    for key in ("holder_uscc", "legal_representative", "address"):
        licence.pop(key, None)
    licence["holder_name"] = person["name"]
    return licence


@pytest.mark.parametrize(
    ("category", "turnover"),
    [("餐饮", 5_000), ("散装食品", 5_000), ("处方药", 1), ("第三类医疗器械", 0), ("餐饮", None)],
)
def test_a_natural_person_selling_licensed_goods_is_not_exempt(
    category: str, turnover: int | None
) -> None:
    # E-Commerce Law art. 10 [L]: only trading that needs no licence is exempt -- even
    # with the licence on file (it was issued to a registered subject, not to a person)
    record = _person(categories=["服装", category], declared_annual_turnover_yuan=turnover)
    record["documents"] = [_licence_in_own_name(record)]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL, report.codes
    found = [f for f in report.findings if f.code == "merchant.registration_required"]
    assert [f.json_path for f in found] == ["$.categories[1]"]
    assert "须依法办理市场主体登记" in found[0].message_zh


@pytest.mark.parametrize("category", ["服装", "食用农产品", "手工艺品", "家政服务", "化妆品"])
def test_licence_free_goods_keep_the_exemption(category: str) -> None:
    report = verify(
        _person(categories=[category], declared_annual_turnover_yuan=80_000), as_of=AS_OF
    )
    assert report.decision is Decision.PASS, report.codes


@pytest.mark.parametrize("turnover", [3_000, 300_000])
def test_an_individual_business_declared_as_a_natural_person_is_reviewed_not_failed(
    turnover: int,
) -> None:
    record = make_merchant("individual_business", as_of=AS_OF, rng=random.Random(3))
    record["subject_type"] = "自然人"
    record["declared_annual_turnover_yuan"] = turnover
    report = verify(record, as_of=AS_OF)
    # its USCC (92…) and business licence show the registration: "must register" and
    # "identify the person" would be false; the declared kind is what needs a person
    assert report.decision is Decision.REVIEW, report.codes
    assert report.codes == ("consistency.subject_type_mismatch",)


def test_a_natural_person_with_a_registered_uscc_but_no_licence_is_reviewed() -> None:
    record = _person(uscc="92331102XKFLJ2K06Q", declared_annual_turnover_yuan=500_000)
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    assert set(report.codes) == {
        "consistency.subject_type_mismatch",
        "document.business_license_missing",
    }


def test_a_natural_person_without_a_registration_still_meets_the_limit() -> None:
    report = verify(_person(declared_annual_turnover_yuan=300_000), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert report.codes == ("merchant.exemption_exceeded",)


# ------------------------------------------------------------------ qualcheck due

CSV_HEADER = "商户编号,主体类型,名称,上次核验日期\n"


def test_due_reads_mixed_date_forms_from_a_chinese_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "export.csv"
    source.write_text(
        CSV_HEADER + "c-1,企业,甲示例有限公司,2026-05-29\n"
        "c-2,企业,乙示例有限公司,2026年5月28日\n"
        "c-3,企业,丙示例有限公司,2026-05-28T16:30:00Z\n"
        "c-4,企业,丁示例有限公司,1779983999000\n"
        "c-5,企业,戊示例有限公司,46170\n"
        "c-6,企业,己示例有限公司,\n"
        "c-7,企业,庚示例有限公司,2026/10/01\n",
        encoding="utf-8",
    )
    status, items, err = _due_cli(capsys, str(source), "--as-of", AS_OF_TEXT)
    assert status == 0
    assert "(7 records read)" in err
    said = {item["merchant_id"]: item["description"] for item in items}
    assert said == {
        "c-1": "due today (2026-11-29)",
        "c-2": "due since 2026-11-28 (1 day)",
        "c-3": "due today (2026-11-29)",
        "c-4": "due since 2026-11-28 (1 day)",
        "c-5": said["c-5"],
        "c-6": "never verified",
    }
    assert said["c-5"].startswith("last verification date unreadable (last_verified_at:")
    assert [item["merchant_id"] for item in items][:2] == ["c-5", "c-6"]  # no date: first


def test_due_lists_every_record_of_a_merchant_given_twice_and_those_without_an_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        dict(food_shop(), merchant_id="dup", last_verified_at="2026-01-10"),
        dict(food_shop(), merchant_id="dup", last_verified_at="2026-11-01"),  # the later
        dict(food_shop(), merchant_id="dup", last_verified_at="2025-12-01"),
        {k: v for k, v in food_shop().items() if k != "merchant_id"} | {"last_verified_at": None},
    ]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    status, items, _ = _due_cli(capsys, str(source), "--as-of", AS_OF_TEXT)
    assert status == 0
    # each record judged on its own: nothing merged, nothing dropped
    assert [(i["merchant_id"], i["line"], i["description"]) for i in items] == [
        (None, 4, "never verified"),
        ("dup", 3, "due since 2026-06-01 (181 days)"),
        ("dup", 1, "due since 2026-07-10 (142 days)"),
    ]


def test_due_loses_and_repeats_nothing_and_is_ordered_the_same_every_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(7)
    lines = []
    for number in range(300):
        last = AS_OF - datetime.timedelta(days=rng.randrange(150, 400))
        lines.append(dict(food_shop(), merchant_id=f"m-{number}", last_verified_at=str(last)))
    source = write_jsonl(tmp_path / "many.jsonl", lines)
    status, first, err = _due_cli(capsys, str(source), "--as-of", AS_OF_TEXT)
    _, second, _ = _due_cli(capsys, str(source), "--as-of", AS_OF_TEXT)
    assert status == 0
    assert first == second
    expected = {
        f"m-{n}"
        for n, record in enumerate(lines)
        if _day(record["last_verified_at"]) <= _day("2026-05-29")
    }
    listed = [item["merchant_id"] for item in first]
    assert len(listed) == len(set(listed))
    assert set(listed) == expected
    assert f"({len(lines)} records read)" in err
    overdue = [item["days"] for item in first]
    assert overdue == sorted(overdue, reverse=True)  # the longest overdue first


def test_due_items_sorted_by_urgency_put_due_today_after_the_overdue() -> None:
    records = [
        dict(food_shop(), merchant_id="today", last_verified_at="2026-05-29"),
        dict(food_shop(), merchant_id="late", last_verified_at="2026-05-01"),
        dict(food_shop(), merchant_id="never", last_verified_at=None),
    ]
    items = sorted((i for r in records for i in due_items(r, as_of=AS_OF)), key=urgency)
    assert [i.merchant_id for i in items] == ["never", "late", "today"]


@pytest.mark.parametrize("content", ["", "\n\n", CSV_HEADER])
def test_due_on_an_empty_export_says_zero_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    source = tmp_path / ("empty.csv" if content == CSV_HEADER else "empty.jsonl")
    source.write_text(content, encoding="utf-8")
    status, items, err = _due_cli(capsys, str(source), "--as-of", AS_OF_TEXT)
    assert (status, items) == (0, [])
    assert "(0 records read)" in err


def test_the_due_table_says_due_today_and_one_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        dict(food_shop(), merchant_id="today", last_verified_at="2026-05-29"),
        dict(food_shop(), merchant_id="late", last_verified_at="2026-05-28"),
    ]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    assert main(["due", str(source), "--as-of", AS_OF_TEXT]) == 0
    out = capsys.readouterr().out
    assert "due today (2026-11-29)" in out
    assert "due since 2026-11-28 (1 day) " in out
    assert "2 to re-verify" in out
