"""Audit round 4 of the licence and certificate numbers: printed forms of each era.

The kinds: USCC and organisation codes (against python-stdnum as an oracle), old
registration numbers, drug business licences of the 2004-2023 and 2024 formats
(``drug_business``), Internet drug-information certificates (``drug_info``), device
business licences and Class II filings of the 食药监 and 药监/市监 eras
(``device_business``), certification-body approvals (``cnca``) and CMA certificates
(``cma``).

The contract under test (docs/numbers/index.md, docs/numbers/<kind>.md):

* a licence or certificate number as printed on a real document is read: spaces,
  full-width characters, any dash, brackets of every width, a trailing 号 or a ``第…号``
  around it, a printed label or mark in front; none of these numbers holds a 第 or a 号,
  so dropping them never turns a wrong number into a right one (the national codes are
  never printed with 号: there it stays debris, as test_audit_ocr_records states);
* only an official rule rejects, and each rejection names its rule; a number of another
  kind typed in the field (a device *product* registration number in the business-licence
  field) is rejected by the kind's format rule, never read as a business number;
* USCC check characters agree with an independent implementation on many generated
  numbers (python-stdnum, a test-time oracle only).

Numbers are synthetic in the shapes the documents print; no personal number appears and
dates are pinned (``AS_OF``).
"""

from __future__ import annotations

import random

import pytest
from audit_support import AS_OF, assert_accepted_with_named_rules, describe_check
from stdnum.cn import uscc as stdnum_uscc

from qualcheck.numbers import Verdict, check, get, identify
from qualcheck.numbers import uscc as our_uscc
from qualcheck.numbers._checksums import gb11714_check, gb32100_check

# --------------------------------------------------------------- each form of each era

# (kind, printed text, canonical number, finding codes expected)
# fmt: off
PRINTED: list[tuple[str, str, str, list[str]]] = [
    # drug business licence, 2004-2023 format (7 digits): noted as legacy until 2028
    ("drug_business", "浙AA5710001", "浙AA5710001", ["drug_business.legacy_format"]),
    ("drug_business", "京AB0110003", "京AB0110003", ["drug_business.legacy_format"]),
    ("drug_business", "浙DA5710001号", "浙DA5710001", ["drug_business.legacy_format"]),
    ("drug_business", "第浙CB5710012号", "浙CB5710012", ["drug_business.legacy_format"]),
    ("drug_business", "浙 AA 571 0001 号", "浙AA5710001", ["drug_business.legacy_format"]),
    ("drug_business", "浙ＡＡ５７１０００１", "浙AA5710001", ["drug_business.legacy_format"]),
    ("drug_business", "许可证号：第浙AA5710001号", "浙AA5710001", ["drug_business.legacy_format"]),
    # drug business licence, 2024 format (9 digits)
    ("drug_business", "浙AA571000001", "浙AA571000001", []),
    ("drug_business", "浙AA571000001号", "浙AA571000001", []),
    ("drug_business", "第琼CB898510001号", "琼CB898510001", []),
    ("drug_business", "京ＢＡ０１０００００１２", "京BA010000012", []),
    # Internet drug information certificates, brackets of every width
    ("drug_info", "(京)-经营性-2021-0001", "(京)-经营性-2021-0001", []),
    ("drug_info", "(浙)-非经营性-2019-0032", "(浙)-非经营性-2019-0032", []),
    ("drug_info", "（京）－经营性－２０２１－０００１", "(京)-经营性-2021-0001", []),
    ("drug_info", "【浙】-非经营性-2019-0032", "(浙)-非经营性-2019-0032", []),
    ("drug_info", "〔浙〕非经营性2019-0032", "(浙)-非经营性-2019-0032", []),
    ("drug_info", "［京］—经营性—2021—0001", "(京)-经营性-2021-0001", []),
    ("drug_info", "(京）-经营性-2021-0001", "(京)-经营性-2021-0001", []),
    ("drug_info", "(京)-经营性-2021-0001号", "(京)-经营性-2021-0001", []),
    ("drug_info", "第（浙）-非经营性-2019-0032号", "(浙)-非经营性-2019-0032", []),
    ("drug_info", "证书编号：(京) - 经营性 - 2021 - 0001 号", "(京)-经营性-2021-0001", []),
    # device licences and filings, 食药监 era (2014-2018) and 药监/市监 era (2018-)
    ("device_business", "浙杭食药监械经营许20160012号", "浙杭食药监械经营许20160012", []),
    ("device_business", "浙杭药监械经营许20230045号", "浙杭药监械经营许20230045", []),
    ("device_business", "浙杭食药监械经营备20150001号", "浙杭食药监械经营备20150001", []),
    ("device_business", "浙杭药监械经营备20220088号", "浙杭药监械经营备20220088", []),
    ("device_business", "第浙杭药监械经营许20230045号", "浙杭药监械经营许20230045", []),
    ("device_business", "浙杭 药监械 经营备 2022 0088 号", "浙杭药监械经营备20220088", []),
    ("device_business", "浙杭药监械经营许２０２３００４５号", "浙杭药监械经营许20230045", []),
    ("device_business", "编号：第浙杭食药监械经营许20160012号", "浙杭食药监械经营许20160012", []),
    # certification-body approvals
    ("cnca", "CNCA-R-2002-001", "CNCA-R-2002-001", []),
    ("cnca", "CNCA-RF-2003-27", "CNCA-RF-2003-27", []),
    ("cnca", "ＣＮＣＡ－Ｒ－２００２－００１", "CNCA-R-2002-001", []),
    ("cnca", "CNCA–RF–2013–21号", "CNCA-RF-2013-21", []),
    ("cnca", "批准号：第CNCA-R-2017-120号", "CNCA-R-2017-120", []),
    # CMA certificates: the mark printed in front, 第…号
    ("cma", "CMA 161112050123", "161112050123", []),
    ("cma", "CMA161112050123", "161112050123", []),
    ("cma", "ＣＭＡ：１６１１１２０５０１２３", "161112050123", []),
    ("cma", "第161112050123号", "161112050123", []),
    ("cma", "CMA证书编号：161112050123号", "161112050123", []),
    # a label printed without a colon, then 第…号
    ("device_business", "许可证编号第浙杭药监械经营许20230045号", "浙杭药监械经营许20230045", []),
    ("drug_business", "药品经营许可证第浙AA571000001号", "浙AA571000001", []),
    ("cma", "证书编号第161112050123号", "161112050123", []),
    ("drug_info", "资格证书编号第（浙）-非经营性-2019-0032号", "(浙)-非经营性-2019-0032", []),
]
# fmt: on


@pytest.mark.parametrize(("kind", "text", "canonical", "codes"), PRINTED)
def test_a_printed_number_is_read(kind: str, text: str, canonical: str, codes: list[str]) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert_accepted_with_named_rules(result)
    assert result.normalized == canonical, describe_check(result)
    assert [f.code for f in result.findings] == codes
    assert get(kind).validate(text, as_of=AS_OF) == canonical


@pytest.mark.parametrize(("kind", "text", "canonical", "codes"), PRINTED)
def test_identify_reads_the_printed_number_as_its_kind(
    kind: str, text: str, canonical: str, codes: list[str]
) -> None:
    """A 第…号 or a mark does not make the number unrecognisable."""
    result = identify(text, as_of=AS_OF)
    assert result.normalized is not None, describe_check(result)
    assert result.kind == kind, describe_check(result)
    assert result.normalized == canonical


# ------------------------------------------------------- what 第/号 must not rescue

# (kind, text, code): the wrapper is dropped, what is inside is still judged by the rules
# fmt: off
STILL_WRONG: list[tuple[str, str, str]] = [
    ("drug_business", "第浙AA571001号", "drug_business.length"),      # a digit lost
    ("drug_business", "浙EA5710001号", "drug_business.business_type"),
    ("drug_business", "港AA571000001号", "drug_business.province"),
    ("drug_business", "浙AA5710001号号", "drug_business.charset"),    # one 号 at most
    ("drug_business", "浙AA571号0001", "drug_business.charset"),      # never inside
    ("drug_info", "(京)-经营性-2021-001号", "drug_info.format"),
    ("drug_info", "第(港)-经营性-2021-0001号", "drug_info.province"),
    ("drug_info", "(京)-非营利性-2021-0001", "drug_info.format"),
    ("cnca", "CNCA-L-2011-001号", "cnca.format"),
    ("cnca", "CNCA-R-2002-1号", "cnca.format"),
    ("cma", "CMA 16111205012", "cma.length"),
    ("cma", "CMA 2015110012A", "cma.superseded_format"),  # pre-2015 certificate, mark and all
    ("cma", "CNAS L1234", "cma.charset"),                   # another scheme's number
    ("cma", "第16111205O123号", "cma.charset"),
    # the national codes are never printed with 号 or 第…号: debris is reported
    ("uscc", "91110108795101314G号", "uscc.length"),
    ("regno", "第330106000129004号", "regno.length"),
    ("orgcode", "31530839-2号", "orgcode.length"),
]
# fmt: on


@pytest.mark.parametrize(("kind", "text", "code"), STILL_WRONG)
def test_the_wrapper_does_not_rescue_a_wrong_number(kind: str, text: str, code: str) -> None:
    result = check(kind, text, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID, describe_check(result)
    assert [f.code for f in result.findings] == [code]
    assert not get(kind).is_valid(text, as_of=AS_OF)


def test_a_local_food_filing_keeps_its_di_and_hao() -> None:
    """The local filing formats hold a 第 and a 号 of their own; they are not cut."""
    result = check("food_filing", "川食备〔2022〕第510104000001号", as_of=AS_OF)
    assert result.verdict is not Verdict.INVALID, describe_check(result)
    assert result.normalized is not None
    assert result.normalized.endswith("号")


# ------------------------------------------- device registration vs business numbers

# product registration and filing numbers, and production licences: not business numbers
# fmt: off
NOT_BUSINESS_NUMBERS = [
    "国械注准20153211234",             # Class III product registration (national)
    "浙械注准20192140001",             # Class II product registration (provincial)
    "浙杭械备20170001号",              # Class I product filing
    "浙食药监械生产许20150001号",      # production licence
    "浙杭食药监械生产备20150001号",    # Class I production filing
    "国械注进20163461234",             # imported product registration
]
# fmt: on


@pytest.mark.parametrize("text", NOT_BUSINESS_NUMBERS)
def test_a_device_product_or_production_number_is_not_a_business_number(text: str) -> None:
    result = check("device_business", text, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID, describe_check(result)
    assert [f.code for f in result.findings] == ["device_business.format"]
    assert result.findings[0].position is not None
    assert "械经营" in result.findings[0].message_zh
    assert identify(text, as_of=AS_OF).kind != "device_business"


# ---------------------------------------------------------- USCC against python-stdnum

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_PROVINCES = ("11", "31", "33", "44", "51", "65")


def _generated_bodies(count: int, seed: int) -> list[str]:
    """17-character USCC bodies with a digit-only first 8 (stdnum's rule) and a valid
    embedded organisation code check character at position 17."""
    rng = random.Random(seed)
    bodies = []
    for _ in range(count):
        head = rng.choice("123456789") + rng.choice("123459")
        region = rng.choice(_PROVINCES) + "".join(rng.choice("0123456789") for _ in range(4))
        org = "".join(rng.choice(_ALPHABET) for _ in range(8))
        bodies.append(head + region + org + gb11714_check(org))
    return bodies


def test_uscc_check_character_agrees_with_stdnum() -> None:
    for body in _generated_bodies(3000, seed=18):
        assert gb32100_check(body) == stdnum_uscc.calc_check_digit(body + "0"), body
        assert our_uscc.calc_check_digit(body) == stdnum_uscc.calc_check_digit(body + "0")


def test_uscc_validity_agrees_with_stdnum_for_every_check_character() -> None:
    """For each body every one of the 31 check characters: exactly the one stdnum accepts
    is accepted (our extra official rules hold by construction of the bodies)."""
    for body in _generated_bodies(300, seed=4):
        for char in _ALPHABET:
            number = body + char
            ours = our_uscc.is_valid(number)
            assert ours == stdnum_uscc.is_valid(number), number
            if ours:
                assert check("uscc", f" {number.lower()} ", as_of=AS_OF).normalized == number


def test_a_single_character_error_is_caught_as_stdnum_catches_it() -> None:
    """One substituted character in a valid code: whenever stdnum rejects it, so do we
    (our extra rules may reject more, never fewer)."""
    rng = random.Random(7)
    for body in _generated_bodies(300, seed=11):
        number = body + gb32100_check(body)
        position = rng.randrange(18)
        other = rng.choice(_ALPHABET.replace(number[position], ""))
        mutated = number[:position] + other + number[position + 1 :]
        if not stdnum_uscc.is_valid(mutated):
            assert not our_uscc.is_valid(mutated), mutated
