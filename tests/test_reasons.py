"""Reasons in Chinese: a value that cannot be read is explained to a seller in Chinese
(field label and reason), not in English inside the Chinese message."""

from __future__ import annotations

import datetime
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from qualcheck import verify
from qualcheck._codes import Finding
from qualcheck._reasons import field_label_zh, json_reason_zh, pydantic_reason_zh
from qualcheck.dates import Validity, parse_date
from qualcheck.exceptions import UnreadableValue
from qualcheck.testing import make_merchant

AS_OF = datetime.date(2026, 11, 29)

# words that may stand in a Chinese message: formats, standards and quoted input
_ALLOWED = {"JSON", "CSV", "UTF", "ISO", "Unix", "YYYY", "YYYYMMDD", "YYYYMMDDhhmm"}
_ALLOWED |= {"YYYYMMDDhhmmss", "true", "false", "uXXXX", "True", "False", "None"}
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”")


def english_words(text: str) -> list[str]:
    """Words of four or more Latin letters outside quotes and the allowed terms."""
    bare = _QUOTED.sub("", text)
    return [word for word in re.findall(r"[A-Za-z]{4,}", bare) if word not in _ALLOWED]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value",
    [
        "2023年2月30日",
        "2024-13-01",
        "13/02/2024",
        "45292",
        "长期",
        "2024-11-23 星期一",
        "星期一",
        "二〇二四年十三十月一日",
        "March 2024",
        "Mar 5 6 2024",
        "20241301",
        "20241123250000",
        "202411231030",
        "99999999999999999999",
        "2024-11-23T25:00",
        "not a date",
        "日期" * 100,
        1e300,
        float("nan"),
        [2024, 11, 23],
    ],
)
def test_every_date_error_has_a_chinese_reason(value: Any) -> None:
    with pytest.raises(UnreadableValue) as caught:
        parse_date(value)
    assert caught.value.message_zh != str(caught.value)
    assert re.search(r"[\u4e00-\u9fff]", caught.value.message_zh)
    assert english_words(caught.value.message_zh) == []


@pytest.mark.parametrize(
    "value",
    [
        "2020-01-01 2025-01-01 2030",
        "2020-01-01至2021-01-01至2022-01-01",
        "2025-01-01至2020-01-01",
        ("2020-01-01",),
        {"valid_to": "长期", "long_term": False},
        {"valid_to": "2030-01-01", "long_term": True},
    ],
)
def test_validity_errors_have_chinese_reasons(value: Any) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        Validity.model_validate(value)
    reasons = [pydantic_reason_zh(error) for error in caught.value.errors()]
    assert all(reason and english_words(reason) == [] for reason in reasons), reasons


# --------------------------------------------------------------------------- records


def test_chinese_labels_and_reasons_in_a_report() -> None:
    record = make_merchant("food_shop", as_of=AS_OF, rng=random.Random(2))
    record["documents"][1]["issue_date"] = "2023年2月30日"
    report = verify(record, as_of=AS_OF)
    finding = next(f for f in report.findings if f.code == "record.invalid_value")
    assert finding.message_zh == (
        "字段“发证日期”无法读取：无法从“2023年2月30日”读出日期：该月没有这一天（2023-02-30）"
    )
    assert finding.message.startswith("Field 'issue_date' could not be read: cannot read a date")
    assert finding.ctx["field"] == "issue_date"  # the machine context keeps its keys
    assert finding.ctx["reason"].startswith("cannot read a date from '2023年2月30日'")


def test_missing_field_is_named_in_chinese() -> None:
    record = make_merchant("food_shop", as_of=AS_OF, rng=random.Random(2))
    del record["documents"][1]["number"]
    report = verify(record, as_of=AS_OF)
    finding = next(f for f in report.findings if f.code == "record.missing_field")
    assert finding.message_zh == "缺少必填字段“证照编号”。"
    assert finding.message == "Required field 'number' is missing."


@pytest.mark.parametrize(
    ("text", "zh"),
    [
        ("{", "第1行第2列：此处应为以双引号括起的属性名"),
        ("[1,", "第1行第4列：此处应为一个值"),
        ('{"a":1} x', "第1行第9列：JSON值之后还有多余内容"),
        ('{"a":"\\q"}', "第1行第7列：含有无效的转义序列"),
        ('{"a" 1}', "第1行第6列：此处缺少冒号分隔符"),
        ('{"a": "x\n"}', "第1行第9列：含有无效的控制字符"),
        ('{"a": "x', "第1行第7列：字符串没有结束"),
        ("[" * 600 + "]" * 600, "嵌套层级过深，无法读取"),
    ],
)
def test_text_that_is_not_json_is_explained_in_chinese(text: str, zh: str) -> None:
    report = verify(text, as_of=AS_OF)
    assert report.codes == ("record.not_json",)
    assert report.findings[0].message_zh == f"记录不是有效的JSON（{zh}），无法核验。"


def test_a_finding_built_without_chinese_context_falls_back_to_the_english() -> None:
    finding = Finding.of("record.invalid_value", field="color", reason="not a colour")
    assert finding.message_zh == "字段“color”无法读取：not a colour"
    assert "{" not in Finding.of("record.not_json", reason="bad").message_zh


def test_labels_and_json_reasons() -> None:
    assert field_label_zh("food_business.valid_to") == "食品经营许可证.有效期至"
    assert field_label_zh("something_else") == "something_else"
    assert json_reason_zh(ValueError("other")) == "other"
    assert (
        json_reason_zh(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")) == "不是UTF-8编码的文本"
    )
    assert pydantic_reason_zh({"type": "no_such_type", "ctx": {}}) is None
    assert pydantic_reason_zh({"type": "greater_than_equal", "ctx": {"ge": 0}}) == "应不小于0"


# --------------------------------------------------------------------------- batch input


def test_csv_cell_problems_are_explained_in_chinese(tmp_path: Path) -> None:
    from qualcheck.batch import iter_input, iter_verify

    path = tmp_path / "sellers.csv"
    record = make_merchant("food_shop", as_of=AS_OF, rng=random.Random(3))
    path.write_text(
        "merchant_id,subject_type,name,uscc,documents,shops\n"
        f"c-1,企业,{record['name']},{record['uscc']},[oops,5,extra\n",
        encoding="utf-8",
    )
    item = next(iter_input(path))
    assert {problem.column for problem in item.problems} == {"documents", "shops", "row"}
    report = next(iter_verify(iter_input(path), as_of=AS_OF))
    messages = [f.message_zh for f in report.findings if f.code == "record.invalid_value"]
    assert messages == [
        "字段“证照”无法读取：不是JSON（第1行第2列：此处应为一个值）",
        "字段“店铺”无法读取：应为由对象组成的JSON数组",
        "字段“该行”无法读取：比表头多1个单元格",
    ]
    assert all(english_words(message) == [] for message in messages)


def test_cell_problem_repr_and_equality_ignore_the_chinese_reason() -> None:
    from qualcheck.batch import CellProblem

    assert CellProblem("row", "x", "甲") == CellProblem("row", "x")
    assert repr(CellProblem("row", "x", "甲")) == "CellProblem(column='row', reason='x')"
    assert json.dumps(CellProblem("row", "x").reason) == '"x"'


@pytest.mark.parametrize(
    ("value", "zh"), [(None, "空值（null）"), (b"x", "字节串"), (1.5, "数字"), ([1], "列表")]
)
def test_what_was_given_instead_of_text_is_said_in_chinese(value: Any, zh: str) -> None:
    from qualcheck import numbers
    from qualcheck.phones import phone_findings

    (finding,) = numbers.findings("uscc", value)
    assert finding.message_zh == f"应为文本，实际为{zh}。"
    assert finding.ctx["type"] == type(value).__name__
    assert zh in next(iter(phone_findings(value))).message_zh
    if not isinstance(value, (bytes, list)):
        report = verify(json.dumps(value), as_of=AS_OF)
        assert report.findings[0].message_zh == f"记录不是JSON对象（而是{zh}），无法核验。"
