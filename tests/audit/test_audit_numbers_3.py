"""Audit round 3 of the rarer licence numbers: more real numbers, and hostile input.

The kinds: Internet drug-information certificates (``drug_info``), drug business
licences (``drug_business``), device business licences and Class II filings
(``device_business``), food production licences and filings (``food_production``,
``food_filing``), certification-body approvals (``cnca``), CMA certificates (``cma``),
organisation codes (``orgcode``) and old registration numbers (``regno``).

The contract under test (DESIGN.md, docs/numbers/*.md):

* a real number is never rejected; only an official rule rejects, and every soft
  (empirical or regional) rule that fails warns and names its rule;
* every rejection names its rule (a stable code, and the position where one applies);
* printed forms are read: labels, spaces, full-width characters, any dash, zero-width
  characters; a number that is not one is not rescued by normalisation;
* nothing crashes, and no message carries a raw control character.

Real numbers carry the public page they were printed on (the id of the stored file in the
public code index, as in the earlier rounds). No personal number appears; dates are
pinned (``AS_OF``).
"""

# ruff: noqa: E501  (tables of numbers with their sources, one row per line)
from __future__ import annotations

import datetime

import pytest
from audit_support import (
    AS_OF,
    assert_accepted_with_named_rules,
    assert_real_number_read,
    assert_rows_new,
    describe_check,
    real_number_ids,
)
from audit_support import RealNumber as Row
from pydantic import ValidationError

from qualcheck import Decision, Severity, verify
from qualcheck.numbers import Verdict, check, get, identify
from qualcheck.numbers._normalize import MAX_INPUT_LENGTH
from tests.audit.test_audit_real_numbers import REAL as FIRST
from tests.audit.test_audit_real_numbers_2 import REAL as SECOND
from tests.audit.test_audit_real_numbers_2 import _alias, _canonical, _number_failures, _record

# fmt: off
REAL: list[Row] = [
    # ----------------------------------------------------------- drug_info
    Row("drug_info", "（京）非经营性-2021-0150", "footer '互联网药品信息服务资格证书编号（京）非经营性-2021-0150': bracket, no dash, then dashes (code index file 42832539356)"),
    Row("drug_info", "(粤)-经营性-2021-0044", "footer link '互联网药品信息服务资格证书编号:(粤)-经营性-2021-0044' (code index file 28574479758)"),
    Row("drug_info", "(渝)-经营性-2021-0017", "footer '互联网药品信息服务资格证：      (渝)-经营性-2021-0017' (code index file 67323644911)"),
    Row("drug_info", "沪-经营性-2023-0144", "footer '互联网药品信息服务资格证书：沪-经营性-2023-0144', no brackets (code index file 14029499369; bracketed in files 40560419826, 53606242853)"),
    Row("drug_info", "(京)-经营性-2023-0001", "footer '互联网药品信息服务资格证编号(京)-经营性-2023-0001' (code index files 22199420630, 22270713458)"),
    Row("drug_info", "沪-非经营性-2023-0143", "footer next to 沪ICP备13002172号-3 (code index file 45928091037)"),
    Row("drug_info", "(京)-非经营性-2020-0003", "page button '互联网药品信息服务资格证编号(京)-非经营性-2020-0003' (code index file 10197013231)"),
    Row("drug_info", "(湘)-经营性-2020-0005", "footer '互联网药品信息服务资格证书:(湘)-经营性-2020-0005' (code index file 18443780095)"),
    Row("drug_info", "（沪）-经营性-2019-0052", "footer '互联网药品信息服务资格证书：（沪）-经营性-2019-0052' (code index files 23217497637, 10441510740)"),
    Row("drug_info", "（沪）-经营性-2019-0006", "footer '互联网药品信息服务资格证编号（沪）-经营性-2019-0006' (code index files 16584933447, 16628551273, 1288596839)"),
    Row("drug_info", "(闽)-经营性-2019-0016", "footer link (code index file 32660631402)"),
    # ------------------------------------------------------------------ cma
    Row("cma", "162721110151", "陕西省特种设备检验检测研究院, Shaanxi CMA holder list '162721110151、172721110020、…' (code index file 16409035451)"),
    Row("cma", "172721110020", "陕西省特种设备检验检测研究院, the second number of the same cell (code index file 16409035451)"),
    # -------------------------------------------------------------- orgcode
    # positions 9-17 of real USCCs (the 主体标识码 is the organisation code), with
    # letters in the body: GB 11714 values all 36 symbols
    Row("orgcode", "MA54XR35-3", "positions 9-17 of 91441900MA54XR353T, Dongguan (code index file 56768623417)"),
    Row("orgcode", "MA1MGN8M-X", "positions 9-17 of 91320200MA1MGN8MXH, Wuxi (code index file 2804473154)"),
    Row("orgcode", "MA018FG0-4", "positions 9-17 of 91110108MA018FG04E, luckincoffee.com footer (code index file 10268166024)"),
    Row("orgcode", "MA4KW4L4-4", "positions 9-17 of 91420112MA4KW4L44W, Wuhan online pharmacy (code index file 15142140421)"),
    Row("orgcode", "MA5QFK3G-6", "positions 9-17 of 91450200MA5QFK3G6Y, the 桂柳食药监械经营备20210631号 holder (code index file 56382408984)"),
    Row("orgcode", "79965505-8", "positions 9-17 of 91330100799655058B, 阿里巴巴（中国）网络技术有限公司 (code index file 56758877329)"),
    Row("orgcode", "47009501-6", "positions 9-17 of 12100000470095016Q, 浙江大学 (code index file 1270845122)"),
]
# fmt: on

_IDS = real_number_ids(REAL)


def test_rows_are_new_and_unique() -> None:
    """Every row is a number the first two rounds do not hold, and none is repeated."""
    assert_rows_new(REAL, (*FIRST, *SECOND))


@pytest.mark.parametrize("row", REAL, ids=_IDS)
def test_real_number_is_read(row: Row) -> None:
    assert_real_number_read(row)


_DOC_ROWS = [row for row in REAL if row.kind not in ("orgcode", "regno")]


@pytest.mark.parametrize("row", _DOC_ROWS, ids=[f"{r.kind}:{r.number}" for r in _DOC_ROWS])
def test_number_in_a_document_does_not_fail(row: Row) -> None:
    assert _number_failures(row.kind, row.number) == []


# The line of the page, as printed (label, spaces, brackets of either width): read whole.
# fmt: off
AS_PRINTED: list[tuple[str, str, str]] = [
    ("drug_info", "互联网药品信息服务资格证书编号（京）非经营性-2021-0150", "(京)-非经营性-2021-0150"),
    ("drug_info", "互联网药品信息服务资格证书编号:(粤)-经营性-2021-0044", "(粤)-经营性-2021-0044"),
    ("drug_info", "互联网药品信息服务资格证：      (渝)-经营性-2021-0017", "(渝)-经营性-2021-0017"),
    ("drug_info", "互联网药品信息服务资格证书：沪-经营性-2023-0144", "(沪)-经营性-2023-0144"),
    ("drug_info", "互联网药品信息服务资格证书：(沪)-经营性-2023-0144", "(沪)-经营性-2023-0144"),
    ("drug_info", "互联网药品信息服务资格证编号(京)-经营性-2023-0001", "(京)-经营性-2023-0001"),
    ("drug_info", "互联网药品信息服务资格证编号（沪）-经营性-2019-0006", "(沪)-经营性-2019-0006"),
    ("drug_info", "互联网药品信息服务资格证（粤）-非经营性-2020-0102", "(粤)-非经营性-2020-0102"),
    ("cma", "CMA证书编号：162721110151", "162721110151"),
    ("cma", "CMA 资质认定证书号：172721110020", "172721110020"),
    ("cma", "资质认定证书编号162721110151", "162721110151"),
    ("device_business", "医疗器械经营备案：鄂汉食药监械经营备2018H006号", "鄂汉食药监械经营备2018H006"),
    ("orgcode", "组织机构代码：MA54XR35-3", "MA54XR353"),
]
# fmt: on


@pytest.mark.parametrize(
    ("kind", "text", "canonical"), AS_PRINTED, ids=[t for _, t, _ in AS_PRINTED]
)
def test_the_printed_line_is_read(kind: str, text: str, canonical: str) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert_accepted_with_named_rules(result)
    assert result.normalized == canonical
    assert result.input == text
    assert identify(text, as_of=AS_OF).kind == kind


# ---------------------------------------------------------------- CMA: the years


def test_a_cma_number_before_twelve_digit_numbering_asks_for_review() -> None:
    """12-digit numbers came with the 2015 measures: 20YY before 2015 was accepted
    silently (a 'valid' CMA number of the year 2000); it now warns and names its rule."""
    for number, year in (("001900000001", 2000), ("141900000001", 2014)):
        result = check("cma", number, as_of=AS_OF)
        assert result.verdict is Verdict.REVIEW, describe_check(result)
        (finding,) = result.findings
        assert finding.code == "cma.year_early"
        assert finding.rule
        assert "2015" in finding.rule
        assert finding.position == 1
        assert str(year) in finding.message
        assert str(year) in finding.message_zh
    assert check("cma", "150012100123", as_of=AS_OF).verdict is Verdict.VALID  # 2015 itself


def test_a_cma_number_before_2015_is_not_passed_in_a_document() -> None:
    """Fail-open before this round: the record passed."""
    report = verify(_record("cma", "001900000001"), as_of=AS_OF)
    assert report.decision is not Decision.PASS
    assert "cma.year_early" in report.codes


@pytest.mark.parametrize("number", ["2012002644Z", "2009002644Z", "2012 0026 44z"])
def test_a_pre_2015_cma_number_is_named_as_superseded(number: str) -> None:
    """The numbers of the regime before 2015 (a Q&A page shows one laboratory's
    2009002644Z renewed as 2012002644Z: 22.wendadaohang.com/zd/ITIhIfhS2.html) were
    refused as 'character Z is not a digit'; they now get their own code."""
    result = check("cma", number, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == ["cma.superseded_format"]
    assert "2015" in result.findings[0].message
    assert "2015" in result.findings[0].message_zh
    assert identify(number, as_of=AS_OF).kind == "cma"
    failures = _number_failures("cma", number)
    assert any("cma.superseded_format" in failure for failure in failures), failures


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        ("162721110151、172721110020", "cma.charset", 13),  # two numbers in one cell
        ("16272111O151", "cma.charset", 9),  # letter O for 0
        ("l62721110151", "cma.charset", 1),  # letter l for 1
        ("1627211101S1", "cma.charset", 11),  # S for 5
        ("(2017)(陕)质监认字002号", "cma.charset", 1),  # another authorisation's number
        ("991900000001", "cma.year_future", 1),  # 2099
    ],
)
def test_what_is_not_a_cma_number_is_rejected_by_a_named_rule(
    text: str, code: str, position: int
) -> None:
    result = check("cma", text, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID
    assert [(f.code, f.position) for f in result.findings] == [(code, position)]


# ----------------------------------------------------- provinces, years, brackets

# (kind, value, code): a province that is not a mainland one, or not a province at all
# fmt: off
BAD_PROVINCES: list[tuple[str, str, str]] = [
    ("drug_info", "(港)-经营性-2014-0008", "drug_info.province"),
    ("drug_info", "(台)-非经营性-2014-0008", "drug_info.province"),
    ("drug_info", "(北京)-经营性-2014-0008", "drug_info.format"),
    ("drug_info", "(北理工)-经营性-2019-0510", "drug_info.format"),  # a template's fake province (code index file 5769878509)
    ("drug_business", "港AA898000001", "drug_business.province"),
    ("drug_business", "澳DA8510001", "drug_business.province"),
    ("drug_business", "中AA898000001", "drug_business.province"),
    ("device_business", "港九食药监械经营许20150123号", "device_business.province"),
    ("device_business", "台北食药监械经营许20150123号", "device_business.province"),
    ("device_business", "国食药监械经营许20150123号", "device_business.province"),
]
# fmt: on


@pytest.mark.parametrize(
    ("kind", "value", "code"), BAD_PROVINCES, ids=[v for _, v, _ in BAD_PROVINCES]
)
def test_a_wrong_province_is_rejected_by_name(kind: str, value: str, code: str) -> None:
    result = check(kind, value, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID, describe_check(result)
    assert [f.code for f in result.findings] == [code]
    assert result.findings[0].position in (1, 2)  # the province, after any bracket


# (kind, number, as_of, expected code or None for valid, severity)
# fmt: off
YEARS: list[tuple[str, str, datetime.date, str | None]] = [
    ("drug_info", "(京)-经营性-2026-0008", AS_OF, None),  # this year: fine
    ("drug_info", "(京)-经营性-2027-0008", AS_OF, "drug_info.year_future"),
    ("drug_info", "(京)-经营性-2027-0008", datetime.date(2027, 1, 1), None),
    ("drug_info", "(京)-经营性-1999-0008", AS_OF, "drug_info.year_early"),
    ("drug_info", "(京)-经营性-1899-0008", AS_OF, "drug_info.format"),
    ("device_business", "京朝食药监械经营许20270123号", AS_OF, "device_business.year_future"),
    ("device_business", "京朝食药监械经营许19990123号", AS_OF, "device_business.year_early"),
    ("device_business", "京朝食药监械经营备20100123号", AS_OF, "device_business.filing_early"),
    ("device_business", "京朝食药监械经营许20100123号", AS_OF, None),  # licences predate 2014
    ("device_business", "京朝食药监械经营许18990123号", AS_OF, "device_business.format"),
    ("cnca", "CNCA-R-2027-001", AS_OF, "cnca.year_future"),
    ("cnca", "CNCA-R-2001-001", AS_OF, "cnca.year_early"),
    ("cnca", "CNCA-RF-1999-07", AS_OF, "cnca.year_early"),
    ("cnca", "CNCA-R-1899-001", AS_OF, "cnca.format"),
    ("cma", "271900000001", AS_OF, "cma.year_future"),
    ("cma", "141900000001", AS_OF, "cma.year_early"),
    ("drug_business", "粤BA1710104", datetime.date(2029, 1, 1), "drug_business.legacy_expired"),
]
# fmt: on


@pytest.mark.parametrize(
    ("kind", "number", "as_of", "code"), YEARS, ids=[f"{n}@{d}" for _, n, d, _ in YEARS]
)
def test_years_in_the_future_and_before_the_scheme(
    kind: str, number: str, as_of: datetime.date, code: str | None
) -> None:
    """A year after ``as_of`` is impossible (error); a year before the scheme existed is
    doubtful (warning naming its rule); a year outside 19xx/20xx is not a year (format)."""
    result = check(kind, number, as_of=as_of)
    if code is None:
        assert result.verdict is Verdict.VALID, describe_check(result)
        return
    assert [f.code for f in result.findings] == [code], describe_check(result)
    (finding,) = result.findings
    if finding.severity is Severity.WARNING:
        assert result.verdict is Verdict.REVIEW
        assert finding.rule, describe_check(result)
    else:
        assert result.verdict is Verdict.INVALID
        assert finding.rule is None
        assert finding.position is not None


@pytest.mark.parametrize(
    "text",
    ["(京)", "（京）", "[京]", "［京］", "【京】", "〔京〕", "「京」", "（京)", "(京）", "京"],
)
def test_drug_info_province_in_any_bracket_a_page_prints(text: str) -> None:
    result = check("drug_info", f"{text}-经营性-2014-0008", as_of=AS_OF)
    assert result.verdict is Verdict.VALID, describe_check(result)
    assert result.normalized == "(京)-经营性-2014-0008"


@pytest.mark.parametrize("text", ["{京}", "<京>", "《京》", "(京", "京)", "((京))"])
def test_drug_info_brackets_no_page_prints_are_named(text: str) -> None:
    result = check("drug_info", f"{text}-经营性-2014-0008", as_of=AS_OF)
    assert result.verdict is Verdict.INVALID, describe_check(result)
    assert [f.code for f in result.findings] == ["drug_info.format"]
    assert result.findings[0].position is not None


@pytest.mark.parametrize(
    "text",
    [
        "京朝食药监械经营许（2015）0123号",
        "京朝食药监械经营许[2015]0123号",
        "京朝食药监械经营许〔2015〕0123号",
        "（京朝）食药监械经营许20150123号",
    ],
)
def test_brackets_inside_a_device_number_are_named(text: str) -> None:
    result = check("device_business", text, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID
    assert [f.code for f in result.findings] == ["device_business.format"]
    assert result.findings[0].position is not None


# ----------------------------------------------------------------- OCR confusions

# Where a position must be a digit, a look-alike letter is rejected, naming the code and
# the position; where the rules allow letters (a device serial: Wuhan printed 2018H006),
# the number is accepted for review with a warning naming its rule.
# fmt: off
OCR: list[tuple[str, str, str, int]] = [
    ("drug_info", "(京)-经营性-2O14-0008", "drug_info.format", 9),
    ("drug_info", "(京)-经营性-2014-OOO8", "drug_info.format", 14),
    ("drug_business", "琼AA8980000O1", "drug_business.charset", 11),
    ("drug_business", "粤BA17101O4", "drug_business.charset", 9),
    ("drug_business", "琼A4898000001", "drug_business.charset", 3),
    ("device_business", "京朝食药监械经营许2O150123号", "device_business.format", 10),
    ("device_business", "京朝食药监械经营许Z0150123号", "device_business.format", 10),
    ("food_production", "SC1014401050O123", "food_production.charset", 13),
    ("food_production", "SCl0144010500123", "food_production.charset", 3),
    ("food_production", "5C10144010500123", "food_production.prefix", 1),
    ("cnca", "CNCA-R-2O02-001", "cnca.format", 8),
    ("cnca", "CNCA-R-2002-00l", "cnca.format", 15),  # after the two digits "00"
    ("regno", "3301060001290O4", "regno.charset", 14),
    ("orgcode", "3153O839-2", "orgcode.checksum", 9),  # the body may hold letters: the check character catches it
]
# fmt: on


@pytest.mark.parametrize(("kind", "text", "code", "position"), OCR, ids=[t for _, t, _, _ in OCR])
def test_a_look_alike_letter_where_a_digit_belongs_is_rejected_by_name(
    kind: str, text: str, code: str, position: int
) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID, describe_check(result)
    assert [(f.code, f.position) for f in result.findings] == [(code, position)]
    with pytest.raises(ValidationError):
        _alias(kind).validate_python(text, context={"as_of": AS_OF})


@pytest.mark.parametrize("text", ["京朝食药监械经营许2015O123号", "京朝食药监械经营许2015Ol23号"])
def test_a_look_alike_letter_in_a_device_serial_asks_for_review(text: str) -> None:
    result = check("device_business", text, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == ["device_business.serial_unusual"]
    assert result.findings[0].rule


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("food_filing", "YB144O1060012345"),  # O in the region: not the national format
        ("food_filing", "YB1440106001234S"),  # S for 5 in the check digit
    ],
)
def test_a_look_alike_letter_in_a_filing_number_asks_for_review(kind: str, text: str) -> None:
    """Local filing numbers may hold letters, so a YB number with one is accepted for
    review as a mistyped national number — with a warning that names its rule."""
    result = check(kind, text, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == ["food_filing.national_format_mismatch"]
    assert result.findings[0].rule


# --------------------------------------------------------------- labels and 号


@pytest.mark.parametrize(
    ("kind", "text", "canonical"),
    [
        (
            "device_business",
            "许可证编号：京朝食药监械经营许20150123号",
            "京朝食药监械经营许20150123",
        ),
        ("device_business", "京朝食药监械经营许 2015 0123 号", "京朝食药监械经营许20150123"),
        ("food_production", "食品生产许可证编号：SC10144010500123号", "SC10144010500123"),
        ("food_filing", "备案编号：YB14401060012345", "YB14401060012345"),
        ("food_filing", "仅销售预包装食品备案YB14401060012345", "YB14401060012345"),
        # a 号 after a national number, as pages print one after JY/SC numbers (it asked
        # for review as a 'mistyped national number' before)
        ("food_filing", "备案编号：YB13101060018558号", "YB13101060018558"),
        ("food_filing", "YB14401150078431 号", "YB14401150078431"),
        ("drug_business", "药品经营许可证编号：琼AA898000001", "琼AA898000001"),
        ("cnca", "认证机构批准号：cnca-r-2002-001", "CNCA-R-2002-001"),
        ("regno", "注册号：330106000129004", "330106000129004"),
        ("regno", "注册号330106000129004", "330106000129004"),
        ("orgcode", "组织机构代码证31530839-2", "315308392"),
    ],
)
def test_labels_are_dropped(kind: str, text: str, canonical: str) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert_accepted_with_named_rules(result)
    assert result.normalized == canonical


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        # the national codes are never printed with a 号: it is debris
        ("regno", "330106000129004号", "regno.length"),
        ("orgcode", "31530839-2号", "orgcode.length"),
        # one 号 at most, and never inside
        ("device_business", "京朝食药监械经营许20150123号号", "device_business.format"),
        ("device_business", "京朝食药监械经营许2015号0123", "device_business.format"),
        # a label that is part of a wider text is not dropped
        ("device_business", "京朝食药监械经营许20150123号（副本）", "device_business.format"),
        ("device_business", "京朝食药监械经营许可证20150123号", "device_business.format"),
    ],
)
def test_hao_where_the_number_has_none_is_named(kind: str, text: str, code: str) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID, describe_check(result)
    assert [f.code for f in result.findings] == [code]


def test_the_brief_s_examples_of_each_form() -> None:
    """The shapes the brief lists; SC/YB examples are illustrative (their check digit
    does not follow the empirical rule, which only warns)."""
    for kind, text in [
        ("cma", "190012345678"),
        ("cnca", "CNCA-R-2002-001"),
        ("device_business", "京食药监械经营许20150123号"),
        ("device_business", "京朝食药监械经营备20150123号"),
        ("drug_info", "(京)-经营性-2016-0012"),
        ("food_production", "SC10144010500123"),
        ("food_filing", "YB14401060012345"),
    ]:
        result = check(kind, text, as_of=AS_OF)
        assert_accepted_with_named_rules(result)
        assert identify(text, as_of=AS_OF).kind == kind
    assert check("drug_business", "粤AA7550001", as_of=AS_OF).verdict is Verdict.VALID


# ------------------------------------------------ long strings, control characters

_SAMPLES = {
    "drug_info": "(京)-经营性-2014-0008",
    "drug_business": "琼AA898000001",
    "device_business": "京朝食药监械经营许20150123号",
    "food_production": "SC11532139200465",
    "food_filing": "YB14401150078431",
    "cnca": "CNCA-R-2002-001",
    "cma": "162721110151",
    "orgcode": "31530839-2",
    "regno": "330106000129004",
}


@pytest.mark.parametrize("kind", sorted(_SAMPLES))
def test_very_long_input_is_refused_before_any_work(kind: str) -> None:
    for text in (_SAMPLES[kind] * 20, "1" * 10_000, "京" * (MAX_INPUT_LENGTH + 1)):
        result = check(kind, text, as_of=AS_OF)
        assert result.verdict is Verdict.INVALID
        assert [f.code for f in result.findings] == ["number.too_long"]
        assert str(MAX_INPUT_LENGTH) in result.findings[0].message
        assert not get(kind).is_valid(text, as_of=AS_OF)


_CONTROL = ["\x00", "\x07", "\x1b[31m", "\x7f", "\u202e", "\u2066"]
_INVISIBLE = ["\u200b", "\ufeff", "\u00a0", "\u3000", "\t", "\n", "\u2028", "\x85"]
"""Zero-width characters and white space of every kind (line separators included)."""


@pytest.mark.parametrize("kind", sorted(_SAMPLES))
def test_control_characters_are_rejected_and_never_echoed_raw(kind: str) -> None:
    """A control character inside a number makes it invalid, by the kind's own rule; no
    message quotes it raw (the Chinese messages did: “\\x1b…” reached logs and terminals
    as an escape sequence, a NUL or a bidi override)."""
    sample = _SAMPLES[kind]
    middle = len(sample) // 2
    for char in _CONTROL:
        text = sample[:middle] + char + sample[middle:]
        result = check(kind, text, as_of=AS_OF)
        assert result.verdict is Verdict.INVALID, (text, describe_check(result))
        for finding in result.findings:
            assert finding.code.startswith(kind + "."), describe_check(result)
            assert finding.message.isprintable(), finding.message
            assert finding.message_zh.isprintable(), finding.message_zh


@pytest.mark.parametrize("kind", sorted(_SAMPLES))
def test_invisible_separators_are_dropped(kind: str) -> None:
    sample = _SAMPLES[kind]
    canonical = _canonical(kind, sample)
    middle = len(sample) // 2
    for char in _INVISIBLE:
        result = check(kind, sample[:middle] + char + sample[middle:], as_of=AS_OF)
        assert result.normalized == canonical, repr(char)
        assert result.verdict is check(kind, sample, as_of=AS_OF).verdict


@pytest.mark.parametrize("kind", sorted(_SAMPLES))
def test_full_width_input_reads_as_ascii(kind: str) -> None:
    sample = _SAMPLES[kind]
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in sample)
    assert check(kind, wide, as_of=AS_OF).normalized == _canonical(kind, sample)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("food_filing", "YB14401060012345,YB24401060012346"),
        ("food_filing", "YB14401060012345、YB24401060012346"),
        ("drug_business", "琼AA898000001、琼AA898000002"),
        ("device_business", "京朝食药监械经营许20150123号/京朝食药监械经营备20150124号"),
    ],
)
def test_two_numbers_in_one_cell_are_not_one_number(kind: str, text: str) -> None:
    assert check(kind, text, as_of=AS_OF).verdict is Verdict.INVALID


@pytest.mark.parametrize(
    ("number", "zh"),
    [
        (
            "JY13501040006708",
            "食品经营许可证",
        ),  # real, 福州中榕 footer (code index file 13326173015)
        ("SC11464010500015", "食品生产许可证"),  # real, 宁夏果果老爹 (code index file 2436853803)
    ],
)
def test_a_food_licence_number_in_the_filing_field_is_named(number: str, zh: str) -> None:
    """A JY or SC licence typed as a filing number asked for review as an 'unrecognised
    local filing format'; the reviewer is now told which licence it is."""
    result = check("food_filing", number, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    (finding,) = result.findings
    assert finding.code == "food_filing.licence_given"
    assert finding.rule
    assert zh in finding.message_zh
    report = verify(_record("food_filing", number), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert "food_filing.licence_given" in report.codes


def test_a_local_filing_number_keeps_its_hao() -> None:
    result = check("food_filing", "粤食备440106000123号", as_of=AS_OF)
    assert result.normalized == "粤食备440106000123号"
    assert [f.code for f in result.findings] == ["food_filing.local_format"]
    assert check("food_filing", "YB14401150078431号号", as_of=AS_OF).verdict is Verdict.REVIEW


def test_two_filing_numbers_separated_by_a_space_ask_for_review() -> None:
    """Spaces are separators, so two YB numbers with a space between read as one
    32-character local filing number: accepted only for review, naming the rule."""
    result = check("food_filing", "YB14401060012345 YB24401060012346", as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW
    assert [f.code for f in result.findings] == ["food_filing.national_format_mismatch"]
    assert result.findings[0].rule
