"""``numbers.findings`` takes the cheap path (no parts) for every kind and agrees with ``check``."""

from __future__ import annotations

import datetime
import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcheck import Severity, numbers
from qualcheck.numbers import KINDS, get
from qualcheck.testing import make_valid

PINNED = datetime.date(2026, 11, 29)
LATE = datetime.date(2029, 1, 1)  # after the last day of legacy drug business licences
AS_OFS = (PINNED, None, LATE)

TRICKY: dict[str, tuple[object, ...]] = {
    "orgcode": (
        "60003734-1",
        "D2143569-X",
        "ｄ２１４３５６９－ｘ",
        "M000100Y-4",
        "MACJ7YRU4",
        "PDY00001X",  # reserved range
        "PDY00001-X",
        "40170530-1",  # checksum
        "6000373*1",
        "60003734A",
        "60003734",
    ),
    "regno": (
        "330106000129004",
        "440301102738453",
        "440301102738452",  # checksum
        "429999000000018",  # unknown region
        "110100000000015",
        "000301102738453",  # province
        "44030110273845A",
        "44030160000001",
    ),
    "food_filing": (
        "YB24403050000014",  # national
        "YB14403050000010",
        "yb2 440305 000001 4",
        "YB2—440305–000001﹣4",
        "ＹＢ２４４０３０５０００００１４",
        "\ufeffYB24403050000014\u200c",
        "YB24403050000015",  # empirical check digit
        "YB14499990000018",  # unknown region
        "YB19903050000012",  # province unknown
        "YB14499990000019",  # check digit and region: two findings
        "YB19903050000013",  # check digit and province
        "YB34403050000014",  # YB but not national: mismatch
        "YB244030500000140",
        "YB2440305000001",
        "91350100M000100Y43",  # a USCC given
        "9135 0100 m000 100y 43",
        "92420106MA4K00002J",
        "浙食备330106000123",  # local
        "浙食备(2021)330106000123号",
        "浙食备（２０２１）３３０１０６－０００１２３号",
        "川食备〔2022〕第510104000001号",
        "粤食备【2021】440305000123号",
        "沪食备(2021)310104000321",
        "BZ440305000123",
        "JY14403050000010",  # a food business licence given
        "SC10144030500017",  # a food production licence given
        "YB24403050000014号",  # national, printed with 号
        "浙食备ABC12345",  # too few digits
        "YB123",
        "备案号😀123456",
        "330106000123/2021",
        "Résumé123456",
        "3²3²3²3²",
        "١٢٣٤٥٦٧٨",
    ),
    "drug_business": (
        "琼AA898000001",
        "琼DA898100023",
        " 琼 AA 8980 00001 ",
        "琼ＡＡ８９８０００００１",
        "琼\u200bAA898000001\ufeff",
        "粤BA1710104",  # legacy: info until 2028, review after
        "粤ba1710104",
        "蜀BA028000002",
        "秦DA029000001",
        "琼EA898000001",
        "琼AC898000001",
        "港AA898000001",
        "粤1201234",  # 1999 scheme
        "粤BA171010",
        "琼AA8980O0001",
        "琼AA٨٩٨٠٠٠٠٠١",
        "hello",
    ),
    "drug_info": (
        "(京)-经营性-2014-0008",
        "（京）－经营性－2014－0008",
        " ( 京 ) - 经营性 - 2014 - 0008 ",
        "(京)经营性20140008",
        "京-经营性-2014-0008",
        "(京)\u3000经营性\u30002014\u30000008",
        "(沪)-非经营性-2013-0034",
        "（粤）非经营性 2005 0002",
        "(京)-经营性-1999-0008",  # early year
        "(京)非经营性19900001",
        "(蜀)-经营性-2019-0001",
        "(京)-经营性-2027-0008",  # future as of the pinned day
        "(京)-非经营性-2099-0008",
        "(港)-经营性-2014-0008",
        "(京)-经营-2014-0008",
        "(京-经营性-2014-0008",
        "[京]-经营性-2014-0008",
        "(京)-经营性-2O14-0008",
    ),
    "device_business": (
        "粤穗食药监械经营许20171161号",  # licence
        "京经食药监械经营备20170029",  # filing
        " 粤穗 食药监 械经营许 2017 1161 号 ",
        "粤穗食药监械经营许２０１７１１６１号",
        "粤食药监械经营许20171161",
        "粤穗械经营许20171161",
        "沪浦东械经营许20171161",  # city of 2 characters, no infix
        "浙杭市场监管械经营许20210007号",
        "粤广州市监械经营许20210007",
        "粤深圳宝安食药监械经营许20171161号",  # unknown issuer
        "粤穗卫健委械经营许20171161号",
        "粤穗食药监械经营许19991161号",  # early year
        "桂柳食药监械经营备19990631号",
        "桂柳食药监械经营备20100631号",  # filing before filings existed
        "桂柳械经营备20130631号",
        "桂柳食药监械经营备20140001号",
        "粤深圳宝安食药监械经营备19990631",  # unknown issuer and early year
        "粤深圳宝安食药监械经营备20100631",  # unknown issuer and early filing
        "粤穗食药监械经营许20271161号",  # future as of the pinned day
        "港九食药监械经营许20171161号",
        "粤穗食药监械经营许2017116号",
        "粤穗食药监械经营证20171161号",
        "粤穗食药监械经营许20171161号号",
        "鄂汉食药监械经营备2018H006号",  # letter in the serial
        "鄂汉食药监械经营备2018h006",
        "粤穗食药监械经营许201711611号",  # 5-digit serial
        "粤深圳宝安食药监械经营备1999H06",  # unknown issuer, early year, unusual serial
        "粤穗食药监械经营许20171161111号",  # 7-digit serial
        "医疗器械经营许可证：沪嘉食药监械经营许20187006号",  # printed label
    ),
    "cnca": (
        "CNCA-R-2002-001",
        "CNCA-RF-2003-27",
        "cnca-r-2002-001",
        "CNCA—RF—2003—27",
        " ｃｎｃａ－Ｒ－２００２－００１ ",
        "CNCAR2002001",
        "cncarf200207",
        " CNCA R 2003 117 ",
        "CNCA-R-2001-001",  # early year
        "CNCA-RF-1999-07",
        "cnca r 1998 010",
        "CNCA-R-2027-001",  # future as of the pinned day
        "CNCA-RF-2099-01",
        "CNCA-R-F-2003-27",
        "CNCA-X-2002-001",
        "CNCA-R-2002-0011",
        "CNCA-R-2024-1364",  # 4-digit serial
        "CNCA-R-2024-13640",
        "批准号：CNCA-R-2024-1364",  # printed label
        "CNAS-R-2002-001",
    ),
    "cma": (
        "211900000001",
        "2119 0000 0001",
        "２１１９０００００００１",
        "211900000000",  # serial zero
        "214000000001",  # authority unknown
        "211922000001",  # field unknown
        "211900350001",  # department unknown
        "219999990000",  # all four
        "200100000001",
        "990000000001",  # future year
        "271900000001",
        "21190000001",
        "2119O0000001",
        "21190000000١",
        "CMA211900000001",
        "141900000001",  # before 12-digit numbering (2015)
        "2012002644Z",  # the format before 2015
    ),
}
"""Real-shaped inputs per kind, from the module docstrings and tests."""

ODD_VALUES: tuple[object, ...] = (None, 12345, b"91350100M000100Y43", "", " ", "\u200b")

CASES = [
    pytest.param(kind, value, as_of, id=f"{kind}-{index}-{as_of}")
    for kind, values in TRICKY.items()
    for index, value in enumerate((*values, *ODD_VALUES))
    for as_of in AS_OFS
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_the_cheap_path(kind: str) -> None:
    assert callable(getattr(get(kind), "findings", None))


@pytest.mark.parametrize(("kind", "value", "as_of"), CASES)
def test_findings_equal_the_findings_of_check(
    kind: str, value: object, as_of: datetime.date | None
) -> None:
    expected = get(kind).check(value, as_of=as_of).findings
    assert numbers.findings(kind, value, as_of=as_of) == expected


@pytest.mark.parametrize("kind", sorted(TRICKY))
def test_the_table_reaches_every_soft_finding(kind: str) -> None:
    seen = {
        finding.code
        for value in TRICKY[kind]
        for as_of in AS_OFS
        for finding in numbers.findings(kind, value, as_of=as_of)
    }
    codes = get(kind).CODES.values()  # type: ignore[attr-defined]
    soft = {code.code for code in codes if code.severity is not Severity.ERROR}
    assert soft <= seen, soft - seen


_SEPARATORS = " -—（）()\u3000\u200b"


def _alphabet(kind: str) -> str:
    """The characters of a kind's examples, with digits, capitals and separators."""
    module = get(kind)
    examples = "".join(module.EXAMPLES)  # type: ignore[attr-defined]
    return "".join(sorted(set(examples + string.digits + "ABCDEFRXY" + _SEPARATORS)))


def _mutated(kind: str) -> st.SearchStrategy[str]:
    """A valid number of ``kind`` with a few characters replaced, dropped or inserted."""
    alphabet = _alphabet(kind)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        chars = list(make_valid(kind, rng=random.Random(draw(st.integers(0, 2**32 - 1)))))
        for _ in range(draw(st.integers(0, 3))):
            index = draw(st.integers(0, len(chars)))
            action = draw(st.sampled_from(("replace", "drop", "insert")))
            if action == "insert" or index == len(chars):
                chars.insert(index, draw(st.sampled_from(alphabet)))
            elif action == "drop":
                del chars[index]
            else:
                chars[index] = draw(st.sampled_from(alphabet))
        return "".join(chars)

    return build()


def _texts(kind: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=40),
        st.text(alphabet=_alphabet(kind), max_size=40),
        _mutated(kind),
    )


@pytest.mark.parametrize("source", KINDS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_arbitrary_text_gives_the_findings_of_check(source: str, data: st.DataObject) -> None:
    text = data.draw(_texts(source))
    as_of = data.draw(st.none() | st.dates(datetime.date(1995, 1, 1), datetime.date(2040, 12, 31)))
    for kind in KINDS:
        expected = get(kind).check(text, as_of=as_of).findings
        assert numbers.findings(kind, text, as_of=as_of) == expected, (kind, text)
