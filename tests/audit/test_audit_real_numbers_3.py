"""Audit round 3: real numbers of the kinds earlier rounds covered thinly, and numbers
printed in brackets after their label.

The first two rounds (``test_audit_real_numbers.py``, ``_2.py``) held three old 15-digit
registration numbers, a handful of organisation codes and few drug-information
certificates issued after 2019.  This round adds more of those — registration numbers and
an organisation code printed on contracts, footers and contact pages, certificates of
Shanghai and Beijing issued 2018-2023 (printed without brackets, ``沪-非经营性-2023-0143``)
— and a Beijing device licence and food licence from one site footer, each cited by the id
of the stored file in the public code index.

That footer prints its numbers *in brackets after the document's title*:
``医疗器械经营许可证（京东食药监械经营许20200039号）``, ``食品经营许可证（JY11101172150475）``.
Both were rejected (``device_business.format``, ``food_business.length``): the title was
dropped as a label but the brackets around the number stayed.  Fixed in
``qualcheck/numbers/_normalize.py``: once a label is dropped, one pair of brackets that
encloses all of the rest goes too — never the ``(京)`` that begins a drug-information
number, which closes before the end; with no label, a bracketed number is left as it is.

Every number is checked the four ways of the earlier rounds: ``numbers.check`` (never
``invalid``; a warning names its rule), ``identify`` (the right kind), the pydantic types
and a document in ``qualcheck.verify`` (no failing finding from the number).

Not covered, for want of real numbers in the stored sources: CMA certificates, national
YB filings, drug business licences of the 2024 format and device numbers with the
post-2022 药监 infix (the only ones found were mock data).  Device online-sales filings
(``粤深械网备202005070014``) and platform filings (``（京）网械平台备字（2018）第00005号``)
are other documents, for which qualcheck has no kind.

No personal number appears here; dates are pinned (``AS_OF``).
"""

# ruff: noqa: E501  (tables of numbers with their sources, one row per line)
from __future__ import annotations

from typing import Annotated

import pytest
from audit_support import AS_OF, assert_real_number_read, assert_rows_new, real_number_ids
from audit_support import RealNumber as Row
from pydantic import TypeAdapter, ValidationError

from qualcheck.numbers import Verdict, check, get, identify
from qualcheck.types import NumberValidator
from tests.audit.test_audit_real_numbers_2 import _DOCUMENT_KIND, _number_failures

# fmt: off
REAL: list[Row] = [
    # --------------------------------------------------------- regno (GS 15-2006)
    Row("regno", "110107018557568", "企业法人营业执照注册号 of 北京竞财投资服务有限公司 in a loan contract (code index files 38339384003, 9935417741)"),
    Row("regno", "440106000137161", "企业法人营业执照注册号 in the footer of 广州创智凌云信息科技有限公司 (code index file 30920909404)"),
    Row("regno", "331127000009583", "企业法人营业执照注册号 in a footer next to 浙B2-20120027 (code index files 25390039350, 25133212926)"),
    # foreign-invested (position 7 is 4), 番禺's retired code 440126
    Row("regno", "440126400014294", "营业执照注册号 of 海天塑料机械（广州）有限公司, contact page (code index file 16945893348)"),
    # ------------------------------------------------------------ orgcode
    Row("orgcode", "70821441-8", "组织机构代码证号 of 海天塑料机械（广州）有限公司, same page (code index file 16945893348)"),
    # ---------------------------------------------------------- drug_info
    Row("drug_info", "沪-经营性-2023-0144", "小红书 footer, no brackets (code index files 14029499369, 35237818834, 65741011997)"),
    Row("drug_info", "(沪)-经营性-2018-0011", "older 小红书 footer (code index file 26258472870)"),
    Row("drug_info", "沪-非经营性-2022-0011", "bilibili footer, no brackets (code index file 69068572357)"),
    Row("drug_info", "沪-非经营性-2023-0143", "bilibili footer next to 沪市文演（经）00-2253 (code index file 45928091037)"),
    Row("drug_info", "(京)-非经营性-2020-0003", "footer of 北京河狸家信息技术有限公司 (code index file 10197013231)"),
    # ---------------------------------------------- one Beijing footer (领先未来)
    Row("device_business", "京东食药监械经营许20200039号", "领先未来 footer, printed '医疗器械经营许可证（…号）' (code index file 35502714929)"),
    Row("food_business", "JY11101172150475", "领先未来 footer, printed '食品经营许可证（…）' (code index file 35502714929)"),
]
# fmt: on

_IDS = real_number_ids(REAL)


def _alias(kind: str) -> TypeAdapter[str]:
    return TypeAdapter(Annotated[str, NumberValidator(kind)])


def _canonical(kind: str, number: str) -> str:
    return get(kind).validate(number, as_of=AS_OF)


def test_rows_are_new_and_unique() -> None:
    """Every row is a number the earlier rounds do not hold, and none is repeated."""
    from tests.audit.test_audit_real_numbers import REAL as FIRST
    from tests.audit.test_audit_real_numbers_2 import REAL as SECOND

    assert_rows_new(REAL, (*FIRST, *SECOND))


@pytest.mark.parametrize("row", REAL, ids=_IDS)
def test_real_number_is_read(row: Row) -> None:
    assert_real_number_read(row)


_DOC_ROWS = [row for row in REAL if row.kind in _DOCUMENT_KIND]


@pytest.mark.parametrize("row", _DOC_ROWS, ids=[f"{r.kind}:{r.number}" for r in _DOC_ROWS])
def test_number_in_a_document_does_not_fail(row: Row) -> None:
    assert _number_failures(row.kind, row.number) == []


# ----------------------------------------------- the number in brackets after its label

# (kind, printed text, canonical): the two forms of the footer above, and the same form
# for the other kinds, with either width of bracket and with a colon.
# fmt: off
BRACKETED: list[tuple[str, str, str]] = [
    ("device_business", "医疗器械经营许可证（京东食药监械经营许20200039号）", "京东食药监械经营许20200039"),
    ("food_business", "食品经营许可证（JY11101172150475）", "JY11101172150475"),
    ("food_business", "食品经营许可证(JY11101172150475)", "JY11101172150475"),
    ("food_business", "食品经营许可证：（JY11101172150475）", "JY11101172150475"),
    ("food_business", "北京市食品经营许可证 【JY11101172150475】", "JY11101172150475"),
    ("food_business", "食品经营许可证（JY11113080533669号）", "JY11113080533669"),
    ("device_business", "第二类医疗器械经营备案凭证（粤深食药监械经营备20151274号）", "粤深食药监械经营备20151274"),
    ("drug_info", "互联网药品信息服务资格证书（(京)-非经营性-2020-0003）", "(京)-非经营性-2020-0003"),
    ("drug_info", "互联网药品信息服务资格证书（沪-非经营性-2023-0143）", "(沪)-非经营性-2023-0143"),
    ("drug_business", "药品经营许可证(粤BA1710104)", "粤BA1710104"),
    ("uscc", "营业执照（91350104315308392G）", "91350104315308392G"),
    ("regno", "营业执照注册号（440106000137161）", "440106000137161"),
    ("food_production", "食品生产许可证编号：(SC11834020305037)", "SC11834020305037"),
]
# fmt: on


@pytest.mark.parametrize(("kind", "text", "canonical"), BRACKETED, ids=[t for _, t, _ in BRACKETED])
def test_number_in_brackets_after_its_label_is_read(kind: str, text: str, canonical: str) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert result.verdict is not Verdict.INVALID, result.findings
    assert result.normalized == canonical
    assert result.input == text
    assert identify(text, as_of=AS_OF).kind == kind
    assert _alias(kind).validate_python(text) == canonical


@pytest.mark.parametrize(
    ("kind", "text"),
    [(k, t) for k, t, _ in BRACKETED if k in _DOCUMENT_KIND],
    ids=[t for k, t, _ in BRACKETED if k in _DOCUMENT_KIND],
)
def test_bracketed_number_in_a_document_does_not_fail(kind: str, text: str) -> None:
    assert _number_failures(kind, text) == []


def test_drug_info_province_bracket_is_kept() -> None:
    """The ``(京)`` that begins a drug-information number is not taken for brackets around it."""
    for text in (
        "互联网药品信息服务资格证书(京)-非经营性-2020-0003",
        "互联网药品信息服务资格证书：(京)-非经营性-2020-0003",
    ):
        assert check("drug_info", text, as_of=AS_OF).normalized == "(京)-非经营性-2020-0003"


# fmt: off
STILL_INVALID: list[tuple[str, str, str, str]] = [
    # (kind, text, expected finding code, why)
    ("food_business", "(JY11101172150475)", "food_business.length", "brackets without a label: left as they are"),
    ("food_business", "食品经营许可证（JY11101172150475", "food_business.length", "an opening bracket that never closes"),
    ("food_business", "食品经营许可证（JY1110117）2150475）", "food_business.length", "a bracket closing inside the number"),
    ("food_business", "食品经营许可证（JY1110117215047）", "food_business.length", "brackets never rescue a lost digit"),
    ("device_business", "医疗器械经营许可证（京东食药监械经营许2020003号）", "device_business.format", "3-digit serial in brackets"),
    ("uscc", "营业执照（91350104315308392H）", "uscc.checksum", "wrong check character in brackets"),
]
# fmt: on


@pytest.mark.parametrize(
    ("kind", "text", "code", "why"), STILL_INVALID, ids=[t for _, t, _, _ in STILL_INVALID]
)
def test_brackets_never_rescue_a_broken_number(kind: str, text: str, code: str, why: str) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID, why
    assert [f.code for f in result.findings] == [code], (why, result.findings)
    with pytest.raises(ValidationError):
        _alias(kind).validate_python(text, context={"as_of": AS_OF})
