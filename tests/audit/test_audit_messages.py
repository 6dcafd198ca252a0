"""Audit: the findings' messages as a seller (Chinese) and an auditor (English) read them.

Contract (qualcheck/_codes.py ``Code.render``, docs/codes.md): ``message_zh`` is Chinese
throughout — documents named as people count them (第2份证件), not by JSON path; dates in
prose as Chinese documents write them (2026年3月5日), ISO kept only inside a quoted
value; quoted input in “…”, never Python's '…'; no ``None``, no unfilled slot.  The
English message has no ``None``, no "a(n)", no doubled punctuation.  A finding whose
problem the seller can fix says what to do.  ``ctx`` keeps its machine values (ISO
dates, 0-based indices).  The scenarios are those of test_audit_chinese_messages.py.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest
from audit_support import AS_OF
from test_audit_chinese_messages import _scenarios

from qualcheck import verify
from qualcheck._codes import Code, Severity
from qualcheck.dates import parse_date
from qualcheck.exceptions import UnreadableValue

_QUOTED_ZH = re.compile(r"“[^”]*”")
_ISO = re.compile(r"(?<![0-9])\d{4}-\d{2}-\d{2}(?![0-9])")


@functools.cache
def _findings() -> tuple[Any, ...]:
    found = []
    for label, record, registry in _scenarios():
        for finding in verify(record, as_of=AS_OF, registry=registry).findings:
            found.append((label, finding))
    return tuple(found)


def test_chinese_messages_name_documents_and_dates_in_chinese() -> None:
    assert len(_findings()) > 80
    for label, finding in _findings():
        zh = finding.message_zh
        assert "documents[" not in zh, (label, zh)
        assert "None" not in zh, (label, zh)
        assert "'" not in zh, (label, zh)
        prose = _QUOTED_ZH.sub("", zh)
        assert not _ISO.search(prose), (label, finding.code, zh)


def test_english_messages_have_no_python_spelling_or_doubled_marks() -> None:
    for label, finding in _findings():
        en = finding.message
        assert "None" not in en, (label, en)
        assert "a(n)" not in en, (label, en)
        assert not re.search(r"[?.:;][.:;]", en.replace("...", "")), (label, en)


def test_ctx_keeps_machine_values() -> None:
    for _, finding in _findings():
        if finding.code == "license.superseded":
            assert isinstance(finding.ctx["renewal"], int)
            assert _ISO.fullmatch(str(finding.ctx["valid_to"]))
            return
    pytest.fail("no license.superseded finding")


_ACTIONS = {
    "license.expired": ("upload the renewed", "请提供换发后"),
    "license.not_yet_valid": ("check the date", "请核对日期"),
    "license.issue_date_future": ("correct the issue date", "请按证件更正发证日期"),
    "license.validity_missing": ("enter the term", "请按证件填写有效期"),
    "license.long_term_unexpected": ("enter the end date", "请按证件填写有效期截止日期"),
    "license.term_conflict": ("remove the copy", "删除不属实的一份"),
    "document.business_license_missing": ("upload it", "请上传营业执照"),
    "merchant.verified_in_future": ("correct the date", "请更正该日期"),
    "consistency.name_mismatch": ("correct the name", "请上传本商户的证件或更正名称"),
    "consistency.uscc_mismatch": ("correct the USCC", "更正统一社会信用代码"),
    "consistency.id_mismatch": ("correct the number", "请更正号码"),
    "consistency.legal_rep_mismatch": ("update the record", "请核实现任人员"),
    "consistency.region_mismatch": ("confirm the document", "请核实该证件"),
    "category.banned": ("remove the category", "请下架相关商品"),
    "category.license_missing": ("upload one", "请上传相应证件"),
    "category.license_unsuitable": ("upload one", "请上传相应证件"),
    "category.scope_not_covering": ("Check the scope", "请核对许可范围"),
    "registry.not_found": ("check the USCC", "请核对申报的统一社会信用代码"),
    "registry.name_mismatch": ("correct the", "请更正名称"),
    "registry.name_former": ("update the name", "请更新名称"),
    "registry.uscc_mismatch": ("correct the USCC", "请核对并更正"),
    "registry.license_expired": ("upload the renewed", "请提供换发后"),
}


@pytest.mark.parametrize("code", sorted(_ACTIONS))
def test_a_fixable_finding_says_what_to_do(code: str) -> None:
    en, zh = _ACTIONS[code]
    shown = [finding for _, finding in _findings() if finding.code == code]
    assert shown, code
    for finding in shown:
        assert en in finding.message, finding.message
        assert zh in finding.message_zh, finding.message_zh


def test_documents_are_counted_from_one_in_chinese() -> None:
    for label, finding in _findings():
        if finding.code in ("category.license_unsuitable", "registry.license_validity_mismatch"):
            index = finding.ctx["document"]
            assert f"第{index + 1}份证件" in finding.message_zh, (label, finding.message_zh)
            assert f"documents[{index}]" in finding.message  # the English keeps the path


def test_the_kind_of_subject_takes_its_article() -> None:
    shown = {f.code: f.message for _, f in _findings()}
    assert "the seller is an enterprise" in shown["consistency.subject_type_mismatch"]
    assert "that of an individual business" in shown["consistency.entity_type_mismatch"]


def test_prose_specs_render_and_fall_back() -> None:
    code = Code("x.t", Severity.INFO, "{k:a}; {i:nth}", "{d:date}；第{i:nth}份；{e:date}")
    assert code.render({"k": "other organisation", "i": 0, "d": "2020-02-29", "e": "长期"}) == (
        "an other organisation; 1",
        "2020年2月29日；第1份；长期",
    )
    en, zh = code.render({})  # missing slots stay visible, nothing raises
    assert "{d}" in zh
    assert "{k}" in en


@pytest.mark.parametrize(
    ("value", "en_part", "zh_part"),
    [
        ([None], "list [null]", "无法从列表读出日期"),
        ("Mon Mar 5 2024", "is not a Mon", "不是“Mon”"),
        ("二〇二〇年正月初一", "'二〇二〇年正月初一'", "无法从“二〇二〇年正月初一”读出日期"),
        ("x" * 80, "...", "x…”读出日期"),
    ],
)
def test_date_reasons_quote_input_as_each_language_does(
    value: Any, en_part: str, zh_part: str
) -> None:
    with pytest.raises(UnreadableValue) as caught:
        parse_date(value)
    assert en_part in str(caught.value)
    assert "None" not in str(caught.value)
    assert zh_part in caught.value.message_zh
    assert "'" not in caught.value.message_zh


def test_phone_and_lookalike_hints_end_with_one_mark() -> None:
    from qualcheck import numbers
    from qualcheck.phones import phone_findings

    (phone,) = phone_findings("87654321")
    assert phone.message.endswith("the area code may be missing.")
    (uscc,) = numbers.findings("uscc", "91110000600037341S")
    assert uscc.message.endswith("perhaps '5' was meant.")
