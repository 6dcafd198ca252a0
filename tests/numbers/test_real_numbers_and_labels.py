"""Real numbers that guessed rules used to reject, and numbers pasted with their label.

* ``device_business``: the serial width is not fixed by any rule in force (domain.md §6.2
  [T/U], §11.11), so a serial other than 4 digits is a warning
  (``device_business.serial_unusual``), not a format error;
* ``cnca``: approval serials run on across the years and passed 999, so 4-digit serials
  are real;
* a label printed before a number (``统一社会信用代码：…``) is dropped by the shared
  normalisation, for every kind, in ``validate``, ``check``, ``identify`` and the
  pydantic types — and it never rescues a broken number.
"""

# ruff: noqa: E501  (tables of numbers with their sources, one row per line)
from __future__ import annotations

import datetime
from typing import Annotated, NamedTuple

import pytest
from pydantic import TypeAdapter, ValidationError

from qualcheck import Severity
from qualcheck.numbers import Verdict, check, detect, get, identify
from qualcheck.types import NumberValidator

AS_OF = datetime.date(2026, 11, 29)


class Real(NamedTuple):
    kind: str
    number: str
    canonical: str
    codes: tuple[str, ...]
    source: str


# fmt: off
REAL: list[Real] = [
    Real("device_business", "鄂汉食药监械经营备2018H006号", "鄂汉食药监械经营备2018H006",
         ("device_business.serial_unusual",),
         "header of a licensed Wuhan online pharmacy, next to its regulator's lookup link (code index file 15142140421)"),
    Real("device_business", "鄂汉食药监械经营备 2018h006", "鄂汉食药监械经营备2018H006",
         ("device_business.serial_unusual",), "the same, typed in lower case with a space"),
    Real("cnca", "CNCA-R-2024-1364", "CNCA-R-2024-1364", (),
         "中国林业科学研究院林业科技信息研究所, 国家认监委2024年第11号公告 (code index file 55146783143)"),
    Real("cnca", "cnca—r—2024—1364", "CNCA-R-2024-1364", (), "the same, lower case with em dashes"),
    Real("cnca", "CNCAR20241364", "CNCA-R-2024-1364", (), "the same, without dashes"),
]
# fmt: on


def _alias(kind: str) -> TypeAdapter[str]:
    return TypeAdapter(Annotated[str, NumberValidator(kind)])


@pytest.mark.parametrize("row", REAL, ids=[f"{r.kind}:{r.number}" for r in REAL])
def test_real_number_is_accepted(row: Real) -> None:
    result = check(row.kind, row.number, as_of=AS_OF)
    assert result.verdict is (Verdict.REVIEW if row.codes else Verdict.VALID), result.findings
    assert result.normalized == row.canonical
    assert tuple(f.code for f in result.findings) == row.codes
    for finding in result.findings:
        assert finding.severity is Severity.WARNING
        assert finding.rule
    module = get(row.kind)
    assert module.validate(row.number, as_of=AS_OF) == row.canonical
    assert module.is_valid(row.number, as_of=AS_OF)
    assert identify(row.number, as_of=AS_OF).kind == row.kind
    assert detect(row.number, as_of=AS_OF)[0] == row.kind
    assert _alias(row.kind).validate_python(row.number) == row.canonical


def test_letter_serial_is_decoded() -> None:
    parts = get("device_business").parse("鄂汉食药监械经营备2018H006号", as_of=AS_OF)
    assert (parts.province_name, parts.city_abbreviation, parts.filing) == ("湖北省", "汉", True)
    assert (parts.year, parts.serial) == (2018, "H006")
    finding = check("device_business", "鄂汉食药监械经营备2018H006号").findings[0]
    assert finding.position == 14
    assert dict(finding.ctx) == {"serial": "H006"}
    assert "H006" in finding.message
    assert "H006" in finding.message_zh


# (number, verdict, codes): the serial rules of device_business, one row per case
# fmt: off
SERIALS: list[tuple[str, Verdict, tuple[str, ...]]] = [
    ("粤穗食药监械经营许20171161号", Verdict.VALID, ()),
    ("粤穗食药监械经营许201711611号", Verdict.REVIEW, ("device_business.serial_unusual",)),  # 5 digits
    ("粤穗食药监械经营许2017116111号", Verdict.REVIEW, ("device_business.serial_unusual",)),  # 6 digits
    ("粤穗食药监械经营许2017H006号", Verdict.REVIEW, ("device_business.serial_unusual",)),
    ("粤穗食药监械经营许2017H6号", Verdict.REVIEW, ("device_business.serial_unusual",)),
    ("粤穗食药监械经营许2017A号", Verdict.REVIEW, ("device_business.serial_unusual",)),
    ("粤穗食药监械经营许2017AB1234号", Verdict.REVIEW, ("device_business.serial_unusual",)),
    ("粤穗食药监械经营许2017116号", Verdict.INVALID, ("device_business.format",)),  # lost digit
    ("粤穗食药监械经营许201711号", Verdict.INVALID, ("device_business.format",)),
    ("粤穗食药监械经营许2017号", Verdict.INVALID, ("device_business.format",)),  # no serial
    ("粤穗食药监械经营许20171161111号", Verdict.INVALID, ("device_business.format",)),  # 7 digits
    ("粤穗食药监械经营许2017ABC12345号", Verdict.INVALID, ("device_business.format",)),  # 8 characters
    ("粤穗食药监械经营许2017H0.6号", Verdict.INVALID, ("device_business.format",)),
    ("粤穗食药监械经营许201H1161号", Verdict.INVALID, ("device_business.format",)),  # letter in the year
    ("粤穗食药监械经营许20271161号", Verdict.INVALID, ("device_business.year_future",)),
    (
        "粤深圳宝安食药监械经营备1999H06",
        Verdict.REVIEW,
        ("device_business.infix_unknown", "device_business.year_early", "device_business.serial_unusual"),
    ),
]
# fmt: on


@pytest.mark.parametrize(("number", "verdict", "codes"), SERIALS, ids=[s[0] for s in SERIALS])
def test_device_serial_rules(number: str, verdict: Verdict, codes: tuple[str, ...]) -> None:
    result = check("device_business", number, as_of=AS_OF)
    assert result.verdict is verdict, result.findings
    assert tuple(f.code for f in result.findings) == codes


# (number, verdict): the serial widths of cnca
CNCA_SERIALS: list[tuple[str, Verdict]] = [
    ("CNCA-R-2002-01", Verdict.VALID),
    ("CNCA-R-2002-001", Verdict.VALID),
    ("CNCA-R-2024-1364", Verdict.VALID),
    ("CNCA-RF-2003-27", Verdict.VALID),
    ("CNCA-RF-2024-1001", Verdict.VALID),
    ("CNCA-R-2002-1", Verdict.INVALID),
    ("CNCA-R-2024-13640", Verdict.INVALID),
    ("CNCA-R-2024-1364A", Verdict.INVALID),
]


@pytest.mark.parametrize(("number", "verdict"), CNCA_SERIALS, ids=[s[0] for s in CNCA_SERIALS])
def test_cnca_serial_widths(number: str, verdict: Verdict) -> None:
    result = check("cnca", number, as_of=AS_OF)
    assert result.verdict is verdict, result.findings
    if verdict is Verdict.INVALID:
        assert [f.code for f in result.findings] == ["cnca.format"]


# ------------------------------------------------------------------- printed labels

# (kind, input, canonical)
# fmt: off
LABELLED: list[tuple[str, str, str]] = [
    ("uscc", "统一社会信用代码：91110108795101314G", "91110108795101314G"),
    ("food_business", "食品经营许可证：JY13301080111719", "JY13301080111719"),
    ("food_business", "编号：JY13301080111719", "JY13301080111719"),
    ("food_production", "生产许可证编号：SC11834020305037", "SC11834020305037"),
    ("drug_business", "药品经营许可证：粤BA1710104", "粤BA1710104"),
    ("drug_info", "互联网药品信息服务资格证书编号：（浙）-经营性-2018-0010", "(浙)-经营性-2018-0010"),
    ("device_business", "医疗器械经营许可证：沪嘉食药监械经营许20187006号", "沪嘉食药监械经营许20187006"),
    # English labels (the letters before a colon cannot be the number's: none has a colon)
    ("uscc", "USCC: 91110108795101314G", "91110108795101314G"),
    ("uscc", "Unified Social Credit Code: 91110108795101314G", "91110108795101314G"),
    ("cma", "CMA No.: 201919012345", "201919012345"),
    # variants: ASCII colon, spaces, brackets, Latin letters in a Chinese label, several colons
    ("uscc", "统一社会信用代码: 91110108795101314G", "91110108795101314G"),
    ("uscc", " 统一社会信用代码 ： 9111 0108 7951 0131 4G ", "91110108795101314G"),
    ("uscc", "注册号/统一社会信用代码：91110108795101314G", "91110108795101314G"),
    ("uscc", "统一社会信用代码(USCC)：91110108795101314G", "91110108795101314G"),
    ("uscc", "“统一社会信用代码：91110108795101314G”", "91110108795101314G"),
    ("food_business", "食品经营许可证（副本）编号：JY13301080111719", "JY13301080111719"),
    ("food_business", "证照信息：编号：JY13301080111719", "JY13301080111719"),
    ("food_filing", "备案编号：YB14401150078431", "YB14401150078431"),
    ("device_business", "第二类医疗器械经营备案凭证编号：鄂汉食药监械经营备2018H006号", "鄂汉食药监械经营备2018H006"),
    ("cnca", "认证机构批准号：CNCA-R-2024-1364", "CNCA-R-2024-1364"),
    ("cnca", "批准号: cnca-rf-2003-27", "CNCA-RF-2003-27"),
    ("cma", "CMA证书编号：152701060345", "152701060345"),
    ("orgcode", "组织机构代码：79510131-4", "795101314"),
    ("regno", "注册号：310000400735611", "310000400735611"),
]
# fmt: on


@pytest.mark.parametrize(("kind", "number", "canonical"), LABELLED, ids=[n for _, n, _ in LABELLED])
def test_printed_label_is_dropped(kind: str, number: str, canonical: str) -> None:
    module = get(kind)
    assert module.compact(number) == canonical
    assert module.validate(number, as_of=AS_OF) == canonical
    result = check(kind, number, as_of=AS_OF)
    assert result.verdict is not Verdict.INVALID, result.findings
    assert result.normalized == canonical
    assert result.input == number  # the raw input is kept
    assert identify(number, as_of=AS_OF).kind == kind
    assert _alias(kind).validate_python(number) == canonical


# Not a label: left in place, so the input stays invalid (as it was before labels were dropped).
NOT_LABELS: list[tuple[str, str, str]] = [
    ("food_business", "JY:13301080111719", "the JY of the number: dropped, the rest is no JY"),
    ("uscc", "X: 91110108795101314G", "one letter: not a label"),
    ("food_business", "JY1330108:0111719", "a colon inside the number"),
    ("uscc", "编号1：91110108795101314G", "a digit in the label"),
    ("uscc", "：91110108795101314G", "nothing before the colon"),
    ("uscc", "统一社会信用代码：", "nothing after the colon"),
    ("uscc", "统一社会信用代码：——", "no letter or digit after the colon"),
    ("uscc", "统一社会信用代码#：91110108795101314G", "'#' is not a label character"),
    ("uscc", "91110108795101314G：统一社会信用代码", "the label after the number"),
]


@pytest.mark.parametrize(("kind", "number", "why"), NOT_LABELS, ids=[n for _, n, _ in NOT_LABELS])
def test_what_is_not_a_label_is_kept(kind: str, number: str, why: str) -> None:
    assert check(kind, number, as_of=AS_OF).verdict is Verdict.INVALID, why
    assert not get(kind).is_valid(number, as_of=AS_OF), why
    with pytest.raises(ValidationError):
        _alias(kind).validate_python(number)


# Official-rule breaks from tests/audit/test_audit_real_numbers.py (BROKEN, the rows that
# are not generated): still invalid with the same code, with or without a label.
# fmt: off
BROKEN: list[tuple[str, str, str]] = [
    ("uscc", "91110108795101314H", "uscc.checksum"),
    ("uscc", "914403001922038217", "uscc.checksum"),
    ("uscc", "92340111MAD2LARQ9P", "uscc.checksum"),
    ("uscc", "91110108795101314", "uscc.length"),
    ("uscc", "91110108795101314GG", "uscc.length"),
    ("uscc", "9111010879510I314G", "uscc.charset"),
    ("uscc", "362322198709086409", "uscc.org_code_checksum"),
    ("uscc", "52110101MJ0018899X", "uscc.checksum"),
    ("orgcode", "79510131-5", "orgcode.checksum"),
    ("orgcode", "40170530-1", "orgcode.checksum"),
    ("regno", "440301102738452", "regno.checksum"),
    ("regno", "33010600012900", "regno.length"),
    ("food_business", "JY1330108011171", "food_business.length"),
    ("food_business", "JY43301080111719", "food_business.business_form"),
    ("food_production", "SC1274451020125", "food_production.length"),
    ("food_production", "SC31532139200465", "food_production.product_type"),
    ("drug_business", "粤EA1710104", "drug_business.business_type"),
    ("drug_business", "粤BA171010", "drug_business.length"),
    ("drug_business", "港AA898000001", "drug_business.province"),
    ("drug_info", "(京)-经营-2014-0008", "drug_info.format"),
    ("drug_info", "(港)-经营性-2014-0008", "drug_info.province"),
    ("drug_info", "(京)-经营性-2027-0008", "drug_info.year_future"),
    ("device_business", "粤穗食药监械经营许2017116号", "device_business.format"),
    ("device_business", "粤穗食药监械经营许20271161号", "device_business.year_future"),
    ("cnca", "CNCA-X-2002-001", "cnca.format"),
    ("cnca", "CNCA-R-2027-001", "cnca.year_future"),
    ("cma", "15270106034", "cma.length"),
    ("cma", "2719O0000001", "cma.charset"),
    ("cma", "271900000001", "cma.year_future"),
]
# fmt: on


@pytest.mark.parametrize("label", ["", "编号：", "许可证编号: "])
@pytest.mark.parametrize(("kind", "number", "code"), BROKEN, ids=[f"{k}:{n}" for k, n, _ in BROKEN])
def test_broken_numbers_stay_invalid(kind: str, number: str, code: str, label: str) -> None:
    result = check(kind, label + number, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == [code]
    assert result.findings[0].rule is None
