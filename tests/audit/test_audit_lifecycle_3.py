"""Audit, third round: the seller's kind of subject, the registration duty of natural
persons, and re-verification (``verify`` and ``qualcheck due``).

Contract (qualcheck/checks/lifecycle.py, docs/verify.md, domain.md §8):
* A record declared as a natural person that shows a registration -- its own USCC, its
  business licence's, or (giving neither) a document's ``holder_uscc`` of a market subject
  (91, 92, 93) -- contradicts its own documents: reviewed
  (``consistency.subject_type_mismatch``, on the document that shows it), never passed and
  never failed as an unregistered seller.
* 网络交易监督管理办法 art. 8 [T]: a natural person is exempt from registration only while
  the yearly turnover of all its shops together is at most 100,000 yuan; the limit itself
  is allowed; a turnover that is missing or unreadable is reviewed, never passed.
* Art. 24: re-verify every six months; the six months end on the same day (a day the month
  lacks: its last day); a date after ``as_of`` is reviewed; never verified is due on the
  work list.
"""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, food_shop, json_paths, natural_person, write_jsonl

from qualcheck import Decision, verify
from qualcheck.batch import due_items
from qualcheck.cli import main
from qualcheck.testing import make_merchant, make_ric, make_uscc

PERSON_ID = make_ric(birth_date=datetime.date(1990, 1, 2), rng=random.Random(20261130))
PERSON = "李四"
MISMATCH = "consistency.subject_type_mismatch"


def _person(category: str = "服装", **fields: Any) -> dict[str, Any]:
    return natural_person("audit-lifecycle-3", PERSON, PERSON_ID, category, **fields)


def _food_licence(holder_uscc: str, holder_name: str | None = PERSON) -> dict[str, Any]:
    """The example shop's food business licence (JY), issued to ``holder_uscc``."""
    licence = dict(food_shop()["documents"][1])
    licence["holder_uscc"] = holder_uscc
    licence["legal_representative"] = PERSON
    if holder_name is None:
        licence.pop("holder_name")
    else:
        licence["holder_name"] = holder_name
    return licence


# ------------------------------------------- a "natural person" whose licence shows a registration


INDIVIDUAL_USCC = make_uscc(entity_type="2", region="330106", rng=random.Random(92))


@pytest.mark.parametrize("holder_name", [PERSON, "杭州市西湖区李四食品店", None])
@pytest.mark.parametrize("category", ["服装", "预包装食品", "散装食品"])
@pytest.mark.parametrize("turnover", [50_000, 500_000, None])
def test_a_natural_person_whose_food_licence_shows_an_individual_business_is_reviewed(
    holder_name: str | None, category: str, turnover: int | None
) -> None:
    # the known fail-open: a JY licence issued to a 92… individual business in the name of
    # the "natural person" passed; the record contradicts its own document
    record = _person(
        category,
        documents=[_food_licence(INDIVIDUAL_USCC, holder_name)],
        declared_annual_turnover_yuan=turnover,
    )
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    found = [f for f in report.findings if f.code == MISMATCH]
    assert [f.json_path for f in found] == ["$.documents[0].holder_uscc"]
    assert "个体工商户" in found[0].message_zh
    assert "自然人" in found[0].message_zh
    # it shows a registration: "must register" / "above the exemption" would be false
    assert not {
        "merchant.registration_required",
        "merchant.exemption_exceeded",
        "merchant.uscc_missing",
    } & set(report.codes)


@pytest.mark.parametrize("entity_type", ["1", "3"])
def test_a_natural_person_whose_licence_shows_a_company_or_cooperative_is_reviewed(
    entity_type: str,
) -> None:
    holder = make_uscc(entity_type=entity_type, region="330106", rng=random.Random(7))
    record = _person("预包装食品", documents=[_food_licence(holder)])
    report = verify(record, as_of=AS_OF)
    assert report.decision is not Decision.PASS
    assert MISMATCH in report.codes
    assert "$.documents[0].holder_uscc" in json_paths(report)


def test_a_borrowed_company_licence_still_fails_on_its_name() -> None:
    # the example company's own JY licence (name, USCC, representative all the company's)
    licence = dict(food_shop()["documents"][1])
    record = _person("预包装食品", documents=[licence], declared_annual_turnover_yuan=500_000)
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL, report.codes
    assert "consistency.name_mismatch" in report.codes


def test_the_record_uscc_still_decides_before_a_documents_holder_uscc() -> None:
    # an individual business declared as one, its JY licence naming it: no mismatch
    record = make_merchant("individual_business", as_of=AS_OF, rng=random.Random(3))
    record["documents"].append(_food_licence(record["uscc"], record["name"]))
    record["documents"][-1]["legal_representative"] = record["legal_representative"]["name"]
    report = verify(record, as_of=AS_OF)
    assert MISMATCH not in report.codes, report.codes


def test_a_natural_person_with_an_identity_card_only_keeps_the_person_checks() -> None:
    card = {"kind": "identity", "number": PERSON_ID, "holder_name": PERSON}
    report = verify(_person(documents=[card], declared_annual_turnover_yuan=300_000), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "merchant.exemption_exceeded" in report.codes  # an ID card shows no registration
    assert MISMATCH not in report.codes


# ------------------------------------------------------------------ turnover


@pytest.mark.parametrize(
    "turnover", ["10万元", "10万", "¥100,000.00", "100,000", "100000", "RMB 100,000", 100_000]
)
def test_turnover_at_the_limit_in_any_written_form_is_exempt(turnover: Any) -> None:
    report = verify(_person(declared_annual_turnover_yuan=turnover), as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes


@pytest.mark.parametrize(
    ("turnover", "shown"), [("100000.5", "100000.5"), ("10.5万元", "105000"), (100_001, "100001")]
)
def test_turnover_above_the_limit_fails_and_says_how_much(turnover: Any, shown: str) -> None:
    report = verify(_person(declared_annual_turnover_yuan=turnover), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert report.codes == ("merchant.exemption_exceeded",)
    finding = report.findings[0]
    assert finding.json_path == "$.declared_annual_turnover_yuan"
    assert shown in finding.message
    assert shown in finding.message_zh


def _shops(*turnovers: Any) -> list[dict[str, Any]]:
    platforms = ["淘宝", "拼多多", "抖音", "京东"]
    shops = []
    for index, turnover in enumerate(turnovers):
        shop: dict[str, Any] = {"shop_id": f"s-{index}", "platform": platforms[index]}
        if turnover is not None:
            shop["annual_turnover_yuan"] = turnover
        shops.append(shop)
    return shops


def test_shops_on_several_platforms_add_up_to_the_limit() -> None:
    report = verify(_person(shops=_shops("6万元", "30000", 10_000)), as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes


def test_shops_on_several_platforms_add_up_above_the_limit() -> None:
    report = verify(_person(shops=_shops("6万元", "30000", "10000.01")), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert report.codes == ("merchant.exemption_exceeded",)
    assert json_paths(report) == ["$.shops"]


def test_a_declared_total_below_its_own_shops_is_not_believed() -> None:
    record = _person(declared_annual_turnover_yuan=90_000, shops=_shops(60_000, 50_000))
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "110000" in report.findings[0].message


def test_one_shop_of_unknown_turnover_is_reviewed_and_shops_above_fail_anyway() -> None:
    below = verify(_person(shops=_shops(60_000, None)), as_of=AS_OF)
    assert below.decision is Decision.REVIEW
    assert below.codes == ("merchant.turnover_unknown",)
    above = verify(_person(shops=_shops(160_000, None)), as_of=AS_OF)
    assert above.decision is Decision.FAIL
    assert above.codes == ("merchant.exemption_exceeded",)


@pytest.mark.parametrize("turnover", [None, "", "约10万", "未知", "NaN", "-5", "100 000"])
def test_missing_or_unreadable_turnover_is_reviewed_never_passed(turnover: Any) -> None:
    fields = {} if turnover is None else {"declared_annual_turnover_yuan": turnover}
    report = verify(_person(**fields), as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    assert "merchant.turnover_unknown" in report.codes
    assert set(json_paths(report)) == {"$.declared_annual_turnover_yuan"}


# ------------------------------------------------------------------ registered subjects


def test_an_enterprise_giving_a_personal_id_as_its_uscc_fails_without_leaking_it() -> None:
    for seed in range(4):
        ric = make_ric(rng=random.Random(seed))
        record = food_shop()
        record["uscc"] = ric
        report = verify(record, as_of=AS_OF)
        assert report.decision is Decision.FAIL, (seed, report.codes)
        assert "$.uscc" in json_paths(report)
        assert ric not in report.to_json()


def test_a_branch_with_its_person_in_charge_passes() -> None:
    record = food_shop()
    record["subject_type"] = "分公司"
    record["legal_representative"] = {"name": "王五"}
    for document in record["documents"]:
        document["legal_representative"] = "王五"
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes


@pytest.mark.parametrize("declared", ["个体工商户", "个体户", "individual_business"])
def test_an_individual_business_with_its_operator_passes(declared: str) -> None:
    record = make_merchant("individual_business", as_of=AS_OF, rng=random.Random(7))
    record["subject_type"] = declared
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes


def test_an_individual_business_declared_as_an_enterprise_is_reviewed() -> None:
    record = make_merchant("individual_business", as_of=AS_OF, rng=random.Random(7))
    record["subject_type"] = "有限责任公司"
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert report.codes == (MISMATCH,)
    assert json_paths(report) == ["$.subject_type"]


def test_an_enterprise_without_a_uscc_but_a_licence_showing_one_still_fails() -> None:
    record = food_shop()
    del record["uscc"]
    record["documents"] = [record["documents"][1]]  # the JY licence only
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "merchant.uscc_missing" in report.codes


# ------------------------------------------------------------------ re-verification


@pytest.mark.parametrize(
    ("last", "as_of", "codes", "said"),
    [
        ("2026-05-31", "2026-11-30", (), "due today (2026-11-30)"),
        ("2026-05-31", "2026-12-01", ("merchant.reverification_due",), "due since 2026-11-30"),
        ("2026-05-30", "2026-11-30", (), "due today (2026-11-30)"),
        ("2026-12-01", "2026-11-30", ("merchant.verified_in_future",), "after 2026-11-30"),
        ("2026-11-30T20:00:00Z", "2026-11-30", ("merchant.verified_in_future",), "2026-12-01"),
        ("9999-12-31", "2026-11-30", ("merchant.verified_in_future",), "after 2026-11-30"),
        (None, "2026-11-30", (), "never verified"),
    ],
)
def test_reverification_on_verify_and_the_due_list(
    last: str | None, as_of: str, codes: tuple[str, ...], said: str
) -> None:
    record = food_shop()
    if last is None:
        del record["last_verified_at"]
    else:
        record["last_verified_at"] = last
    day = datetime.date.fromisoformat(as_of)
    report = verify(record, as_of=day)
    assert report.codes == codes
    if codes:
        assert report.decision is Decision.REVIEW
        assert json_paths(report) == ["$.last_verified_at"]
    descriptions = [
        item.describe()
        for item in due_items(record, as_of=day)
        if item.status == "reverification_due"
    ]
    assert len(descriptions) == 1, descriptions
    assert said in descriptions[0]


def test_due_lists_the_future_the_missing_and_the_last_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        dict(food_shop(), merchant_id="future", last_verified_at="2026-12-24"),
        dict(food_shop(), merchant_id="never", last_verified_at=None),
        dict(food_shop(), merchant_id="last-day", last_verified_at="2026-05-31"),
        dict(food_shop(), merchant_id="fresh", last_verified_at="2026-11-01"),
    ]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    status = main(["due", str(source), "--as-of", "2026-11-30", "--format", "jsonl"])
    out = capsys.readouterr().out
    assert status == 0
    listed = {json.loads(line)["merchant_id"] for line in out.splitlines()}
    assert listed == {"future", "never", "last-day"}


def test_the_command_line_reviews_the_registered_natural_person_without_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = _person("预包装食品", documents=[_food_licence(INDIVIDUAL_USCC)])
    path = write_jsonl(tmp_path / "sellers.jsonl", [record])
    main(["verify", str(path), "--as-of", AS_OF.isoformat(), "--json"])
    captured = capsys.readouterr()
    [line] = [json.loads(text) for text in captured.out.splitlines()]
    assert line["decision"] == "review"
    assert [f["json_path"] for f in line["findings"] if f["code"] == MISMATCH] == [
        "$.documents[0].holder_uscc"
    ]
    assert PERSON_ID not in captured.out + captured.err
