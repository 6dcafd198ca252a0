"""Audit: real-world numbers are never rejected by a guessed rule; official-rule breaks are.

Project rule: only official algorithms and structures make a number ``invalid``;
empirical or regional rules (food-licence check digits, region tables, pilot-era USCCs,
code tables from secondary sources …) give ``review`` and name their rule
(``Finding.rule``).

Every row of ``REAL`` is a number of a company or an authority that was printed on a
public page (site footers, licence notices, platform notes) or is a worked example of
the project's domain reference (``domain.md``).  Footers quoted from public GitHub
repositories are cited by the site they copy and the id of the stored file in the code
index.  Personal numbers (``ric``) are only ever generated (``qualcheck.testing.make_ric``)
and belong to nobody.

Dates are pinned (``AS_OF``) so that rules that depend on today give the same answer
every day.
"""

# ruff: noqa: E501  (tables of numbers with their sources, one row per line)
from __future__ import annotations

import datetime
import random

import pytest
from audit_support import RealNumber as Row
from audit_support import (
    assert_accepted_with_named_rules,
    assert_real_number_read,
    describe_check,
    real_number_ids,
)

from qualcheck.numbers import Verdict, check, identify
from qualcheck.testing import make_ric

AS_OF = datetime.date(2026, 11, 29)


# fmt: off
REAL: list[Row] = [
    # ------------------------------------------------------------------ uscc
    Row("uscc", "91350100M000100Y43", "domain.md §1.3 worked example ('官方示例')"),
    Row("uscc", "91110000600037341L", "domain.md §1.3 (python-stdnum doctest)"),
    Row("uscc", "914403001922038216", "domain.md §1.3, 华为技术有限公司"),
    Row("uscc", "91110108795101314G", "domain.md §1.3 (bluesky335/IDCheck test data)"),
    Row("uscc", "91120222MA06DG3067", "domain.md §1.3 (bluesky335/IDCheck test data)"),
    Row("uscc", "91512081MA62K0260E", "domain.md §1.3 (yizhanzhixiao.com Q&A)"),
    Row("uscc", "12440600MB2C07549J", "domain.md §1.3 (xbeginagain/generator issue #2), 事业单位"),
    Row("uscc", "12340000485319959Y", "domain.md §1.3, 事业单位"),
    # Fujian pilot-era codes: legal, fail only position 18 -> review (uscc.pilot_checksum)
    Row("uscc", "91350100M0001TGQXM", "domain.md §1.7, 福建恒跃柳工机械销售有限公司"),
    Row("uscc", "91350211M0000XUF46", "domain.md §1.7, 厦门云上晴空航空科技有限公司"),
    Row("uscc", "91350203M0001FUE2P", "domain.md §1.7 / github.com/chinabugotech/hutool/issues/2020"),
    Row("uscc", "911101083303521997", "footer of 北京宗易汇网络科技有限公司 (code index file 41016038599)"),
    Row("uscc", "91320200MA1MGN8MXH", "footer of 北大荒 shop site, Wuxi (code index file 2804473154)"),
    Row("uscc", "91110108MA018FG04E", "footer of www.luckincoffee.com (code index file 10268166024)"),
    Row("uscc", "91420112MA4KW4L44W", "header of a Wuhan online pharmacy (code index file 15142140421)"),
    Row("uscc", "91330100799655058B", "阿里巴巴（中国）网络技术有限公司 (code index file 56758877329)"),
    Row("uscc", "92340111MAD2LARQ9N", "个体工商户 site footer linking gsxt.gov.cn (code index file 7750662799)"),
    Row("uscc", "92361130MA386N427K", "个体工商户 (code index file 21157297062)"),
    Row("uscc", "92140727MAE8C7WN66", "祁县天天开心商贸行(个体工商户) (code index file 60266347692)"),
    Row("uscc", "51310110501144395U", "社会团体, 上海市杨浦区民政局 (code index file 61469286901)"),
    Row("uscc", "53100000500019795A", "基金会, 登记管理机关 民政部 (code index file 17395884697)"),
    Row("uscc", "12310000425022547M", "上海工程技术大学 (code index file 43452176895)"),
    Row("uscc", "12100000470095016Q", "浙江大学 (code index file 1270845122)"),
    Row("uscc", "12100000425006117P", "复旦大学 (code index file 55195349416)"),
    # region 133100 (雄安新区) is not in the region table -> review (uscc.region_unknown)
    Row("uscc", "91133100MA0D8N1J7G", "Xiong'an company profile (code index file 19145200508)"),
    # -------------------------------------------------------------- orgcode
    Row("orgcode", "60003734-1", "domain.md §1.5 / §12"),
    Row("orgcode", "M000100Y-4", "domain.md §1.5 (inside the official USCC example)"),
    Row("orgcode", "D2143569-X", "domain.md §1.5"),
    Row("orgcode", "40170530-0", "domain.md §1.5"),
    Row("orgcode", "79510131-4", "positions 9-17 of the real USCC 91110108795101314G"),
    Row("orgcode", "19220382-1", "positions 9-17 of 914403001922038216 (华为)"),
    Row("orgcode", "42502254-7", "positions 9-17 of 12310000425022547M (上海工程技术大学)"),
    # ---------------------------------------------------------------- regno
    Row("regno", "330106000129004", "domain.md §2 (Hangzhou 西湖区 site footer)"),
    Row("regno", "540000100003419", "注册号 in a Tibet company footer (code index file 40029528263)"),
    Row("regno", "310000400735611", "凯滢（上海）医疗器械有限公司, foreign-invested (code index file 40643976778)"),
    # -------------------------------------------------------- food_business
    Row("food_business", "JY13301080111719", "网易 footer (domain.md §4.2; code index file 26274767243 and 9 more copies)"),
    Row("food_business", "JY13101060025900", "飞牛网 footer (code index file 3222875646)"),
    Row("food_business", "JY13202020009651", "北大荒 shop footer, Wuxi (code index file 2804473154)"),
    Row("food_business", "JY23506230105266", "restaurant receipt print template, Fujian (code index file 15036630126)"),
    Row("food_business", "JY21117021542763", "restaurant receipt template (domain.md §4.2; code index file 8571903962)"),
    # Beijing local numbering -> review (food_business.region_beijing_local)
    Row("food_business", "JY11108071215650", "footer of 北京宗易汇网络科技有限公司 (code index file 41016038599)"),
    Row("food_business", "JY21108111531829", "footer of www.luckincoffee.com (code index file 10268166024)"),
    Row("food_business", "JY11105300065940", "domain.md §4.2 (Beijing deviation example)"),
    # region 420134 not in the region table -> review
    Row("food_business", "JY14201340007600", "header of a Wuhan online pharmacy (code index file 15142140421)"),
    # ------------------------------------------------------ food_production
    Row("food_production", "SC11532139200465", "domain.md §4.4, 洋河"),
    Row("food_production", "SC11834010705158", "domain.md §4.4, 洽洽"),
    Row("food_production", "SC12744040400094", "domain.md §4.4, 汤臣倍健 (also code index file 17477415047)"),
    Row("food_production", "SC10811310111839", "domain.md §4.4, 亿滋食品(北京) (also code index file 38278928996)"),
    Row("food_production", "SC11834020305037", "三只松鼠股份有限公司 product page (code index file 8315037659)"),
    Row("food_production", "SC10744030704994", "label print template (code index file 39488829779)"),
    Row("food_production", "SC12442011202449", "武汉海之最食品有限公司 product page (code index file 31012818369)"),
    Row("food_production", "SC11453282248002", "勐海陈升茶业有限公司 product page (code index file 55167270316)"),
    Row("food_production", "SC12437010500152", "product page (code index file 43452767489)"),
    Row("food_production", "SC12441112200063", "河南豪峰食品有限公司 product page (code index file 22026500846)"),
    Row("food_production", "SC12444190004599", "东莞市乐盟食品有限公司 product page (code index file 22026500846)"),
    Row("food_production", "SC10123018401210", "黑龙江五常 rice product page (code index file 30758337436)"),
    Row("food_production", "SC11435078200021", "福建武夷山国家级自然保护区正山茶业 product page (code index file 15049549806)"),
    Row("food_production", "SC12432012400284", "product page (code index file 34427802102)"),
    # ---------------------------------------------------------- food_filing
    # the one real national-format number found; fails the extrapolated MOD 11,10 -> review
    Row("food_filing", "YB14401150078431", "certificate quoted in a Pinduoduo operating note (code index file 58965695150)"),
    # Beijing, 15 digits after YB -> review (food_filing.national_format_mismatch)
    Row("food_filing", "YB110511044101515", "footer of market.douban.com, 北京豆瓣豆品文化有限公司 (code index file 24735513645)"),
    # platforms enter the USCC when the certificate shows no number (same Pinduoduo note)
    Row("food_filing", "92340111MAD2LARQ9N", "USCC given for a filing (Pinduoduo note, code index file 58965695150)", "uscc"),
    # -------------------------------------------------------- drug_business
    Row("drug_business", "粤BA1710104", "健客网上药店 www.jianke.com header (domain.md §5.1; code index file 26104646833)"),
    Row("drug_business", "鄂BA0277058", "header of a Wuhan online pharmacy (code index file 15142140421)"),
    # 2024+ format, examples printed in the Hainan MPA numbering notice of 2024-01-12
    # (m.jesusavila.com/ypYiGai/Itemhyzxf1f07f9c438cafbf.html)
    Row("drug_business", "琼AA898000001", "Hainan MPA notice 2024-01-12: wholesale, legal person"),
    Row("drug_business", "琼AB898000001", "Hainan MPA notice 2024-01-12: wholesale, non-legal person"),
    Row("drug_business", "琼BA898000001", "Hainan MPA notice 2024-01-12: retail-chain HQ, legal person"),
    Row("drug_business", "琼BB898000001", "Hainan MPA notice 2024-01-12: retail-chain HQ, non-legal person"),
    Row("drug_business", "琼CA898510001", "Hainan MPA notice 2024-01-12: chain store, 琼海"),
    Row("drug_business", "琼CA898520001", "Hainan MPA notice 2024-01-12: chain store, 文昌"),
    Row("drug_business", "琼DA898100023", "independent pharmacy, 海口 — shaped by the Hainan notice's rule (not a real licence)"),
    # ------------------------------------------------------------ drug_info
    Row("drug_info", "(京)-经营性-2014-0008", "domain.md §5.3; JD.com footer (code index file 37873297240)"),
    Row("drug_info", "(浙)-经营性-2017-0008", "domain.md §5.3 (code index file 19071445029)"),
    Row("drug_info", "(京)-经营性-2017-0020", "Baidu footer (code index file 19766686440)"),
    Row("drug_info", "（浙）-经营性-2018-0010", "domain.md §5.3; Taobao footer (code index file 23216744754)"),
    Row("drug_info", "（浙)-经营性-2018-0002", "footer, mixed full-width/ASCII brackets (code index file 2491186122)"),
    Row("drug_info", "（粤）—经营性—2018—0092", "Tmall footer, em dashes (code index file 43454668483)"),
    Row("drug_info", "（粤）—经营性—2013—0001", "medcn.com footer, em dashes (code index file 35027785678)"),
    Row("drug_info", "（鄂）-经营性-2018-0009", "header of a Wuhan online pharmacy (code index file 15142140421)"),
    Row("drug_info", "（京）-经营性-2013-0011", "国美在线 footer (code index file 45370328550)"),
    Row("drug_info", "（京）-经营性-2018-0221", "footer (code index file 33608998721)"),
    Row("drug_info", "（粤）-经营性-2015-0002", "广州诚益信息科技有限公司 footer (code index file 10422676358)"),
    Row("drug_info", "（沪）-经营性-2016-0011", "ele.me footer (code index file 26581568769)"),
    Row("drug_info", "(川)-经营性-2017-0003", "footer (code index file 30242842048)"),
    Row("drug_info", "(浙)-经营性-2009-0002", "older footer (code index file 4154608033)"),
    Row("drug_info", "(京)-经营性-2009-0016", "older footer (code index file 3647435634)"),
    Row("drug_info", "(京)-非经营性-2011-0034", "domain.md §5.3 (code index file 14778714423)"),
    Row("drug_info", "(京)-非经营性-2014-0090", "footer (code index file 63577732235)"),
    Row("drug_info", "(京)-非经营性-2016-0110", "domain.md §5.3; Qunar footer (code index file 2899313913)"),
    Row("drug_info", "(京)-非经营性-2017-0022", "footer (code index file 5131789592)"),
    Row("drug_info", "(京)-非经营性-2018-0025", "footer (code index file 45525177387)"),
    Row("drug_info", "(京)-非经营性-2019-0072", "footer (code index file 16494626659)"),
    Row("drug_info", "（京）-非经营性-2013-0066", "国家药监局（京）-非经营性-2013-0066 footer (code index file 1930105983)"),
    Row("drug_info", "（京）-非经营性-2015-0001", "footer (code index file 25193249206)"),
    Row("drug_info", "(京) - 非经营性-2015-0087", "footer, spaces around a dash (code index file 6907779746)"),
    Row("drug_info", "京-非经营性-2016-0081", "footer, no brackets (code index file 43473410199)"),
    Row("drug_info", "(沪)-非经营性-2013-0034", "domain.md §5.3 (code index file 41625354154)"),
    Row("drug_info", "（沪）- 非经营性 - 2011-0128", "footer, spaces around dashes (code index file 10988495403)"),
    Row("drug_info", "(沪)-非经营性-2011-0052", "footer (code index file 44332977425)"),
    Row("drug_info", "(沪)-非经营性-2008-0051", "土豆网 footer (code index file 21479003311)"),
    Row("drug_info", "(沪)-非经营性-2016-0011", "yao123.com footer (code index file: repo q846224423/yaojiusong)"),
    Row("drug_info", "(粤)-非经营性-2005-0002", "domain.md §5.3 (code index file 32292460580)"),
    Row("drug_info", "（粤）-非经营性-2020-0102", "footer (code index file 18185629798)"),
    Row("drug_info", "(粤）-非经营性-2017-0017", "footer, mixed brackets (code index file 13250796910)"),
    Row("drug_info", "(晋)-非经营性-2008-0007", "亚宝药业集团股份有限公司 footer (code index file 1359418147)"),
    Row("drug_info", "（鲁）-非经营性-2016-0001", "山东新华医疗器械股份有限公司 footer (code index file 34289773948)"),
    Row("drug_info", "（苏）-非经营性-2016-0005", "footer (code index file 44437885882)"),
    Row("drug_info", "(川)-非经营性-2016-0026", "成都照耀网络科技有限公司 footer (code index file 17160070777)"),
    Row("drug_info", "（闽）非经营性20180013", "footer, no dashes (code index file 3901326751)"),
    # ------------------------------------------------------ device_business
    Row("device_business", "粤穗食药监械经营许20171161号", "domain.md §6.2; Tmall footer (code index file 37862111431)"),
    Row("device_business", "沪嘉食药监械经营许20187006号", "domain.md §6.2; Xiaohongshu footer (code index file 26258472870)"),
    Row("device_business", "沪浦食药监械经营许20160226号", "domain.md §6.2; B. Braun (code index file 4403404775)"),
    Row("device_business", "桂南食药监械经营许20170354号", "domain.md §6.2 (code index file 9911040707)"),
    Row("device_business", "京丰食药监械经营许20150100号", "domain.md §6.2 (code index file 42742679737)"),
    Row("device_business", "京海食药监械经营许20180099号", "北京计尔康爱的阁生殖保健用品配送有限公司 (code index file 69113089006)"),
    Row("device_business", "粤东食药监械经营许20140015号", "健客网上药店 www.jianke.com header (code index file 26104646833)"),
    Row("device_business", "粤东食药监械经营许20140914号", "健客网上药店 www.jianke.com header (code index file 26104646833)"),
    Row("device_business", "桂柳食药监械经营备20210631号", "domain.md §6.2 (code index file 56382408984)"),
    Row("device_business", "京经食药监械经营备20170029", "domain.md §6.2, without 号 (code index file 45525177387)"),
    Row("device_business", "京丰食药监械经营备20150159号", "footer (code index file 33611357900)"),
    Row("device_business", "皖马食药监械经营备20140017号", "马鞍山市川洋大药房连锁有限公司年陡店 (code index file 69113089006)"),
    Row("device_business", "皖阜食药监械经营备20160723号", "footer (code index file 46894909374)"),
    Row("device_business", "浙杭食药监械经营备20171029号", "footer (code index file 24129627017)"),
    Row("device_business", "闽厦食药监械经营备20140106", "footer, without 号 (code index file 3901326751)"),
    Row("device_business", "粤深食药监械经营备20151274号", "footer (code index file 65748727763)"),
    Row("device_business", "粤东食药监械经营备20203930", "footer, without 号 (code index file 18185629798)"),
    Row("device_business", "粤穗食药监械经营备20212362号", "company profile (code index file 57414680777)"),
    Row("device_business", "浙杭药监械经营备20250018号", "post-2018 药监 infix (code index file 51801693136)"),
    Row("device_business", "鄂汉食药监械经营备2018H006号", "Wuhan online pharmacy header, letter in the serial (code index file 15142140421)"),
    # ----------------------------------------------------------------- cnca
    Row("cnca", "CNCA-R-2002-001", "domain.md §7.1, CQC; CNCA 2024 公告第11号"),
    Row("cnca", "CNCA-R-2002-002", "方圆标志认证集团; CNCA 2025 公告第21号"),
    Row("cnca", "CNCA-R-2002-005", "中国船级社质量认证有限公司; CNCA 2024 公告第11号"),
    Row("cnca", "CNCA-R-2002-012", "广州赛宝认证中心服务有限公司; CNCA 2024 公告第11号"),
    Row("cnca", "CNCA-R-2002-021", "华夏认证中心有限公司; CNCA 2025 公告第21号"),
    Row("cnca", "CNCA-R-2002-087", "domain.md §7.1"),
    Row("cnca", "CNCA-R-2002-105", "中环联合（北京）认证中心有限公司; CNCA 2024 公告第11号"),
    Row("cnca", "CNCA-R-2003-091", "北京鉴衡认证中心有限公司; CNCA 2025 公告第21号"),
    Row("cnca", "CNCA-R-2003-117", "domain.md §7.1, 上海英格尔认证有限公司"),
    Row("cnca", "CNCA-R-2017-293", "奥鹏认证有限公司 (code index file 43169988841)"),
    Row("cnca", "CNCA-R-2017-318", "亿信标准认证集团有限公司 (code index file 20405340119)"),
    Row("cnca", "CNCA-RF-2002-07", "domain.md §7.1 (cx.cnca.cn rzjgId)"),
    Row("cnca", "CNCA-RF-2003-27", "domain.md §7.1 (cx.cnca.cn rzjgId)"),
    # 中国林业科学研究院林业科技信息研究所, 国家认监委2024年第11号公告
    # (www.cnca.gov.cn/zwxx/gg/2024/art/2024/art_82acd2a2836e4e7ca2be267222282d5b.html),
    # quoted in code index file 55146783143: serials are sequential and passed 999
    Row("cnca", "CNCA-R-2024-1364", "CNCA 2024 公告第11号 (4-digit serial)"),
    # ------------------------------------------------------------------ cma
    Row("cma", "152701060345", "陕西 检验检测机构, 发证日期 2015-10-08 (code index file 16282031052)"),
    Row("cma", "172705340018", "铜川 motor-vehicle inspection station report (code index file 18100457744)"),
    Row("cma", "211900000001", "domain.md §7.2 synthetic example (structure only)"),
]
# fmt: on


@pytest.mark.parametrize("row", REAL, ids=real_number_ids(REAL))
def test_real_number_is_read(row: Row) -> None:
    """A real, correctly issued number is valid or review (a review names its rule),
    ``identify`` checks it as its own kind (the shapes do not overlap) and its pydantic
    type reads it."""
    assert_real_number_read(row)


# ------------------------------------------------------------------ soft rules that
# depend on the date: still never a rejection


def test_legacy_drug_licence_after_2028_is_review_not_invalid() -> None:
    for number in ("粤BA1710104", "鄂BA0277058"):
        result = check("drug_business", number, as_of=datetime.date(2029, 1, 1))
        assert result.verdict is Verdict.REVIEW, describe_check(result)
        assert_accepted_with_named_rules(result)


# ------------------------------------------------------------- how platforms get them

_DASHES = ("-", "－", "—", "–", "‐", "−")


def _full_width(text: str) -> str:
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text
    )


VARIANT_BASES: list[tuple[str, str, str]] = [
    ("uscc", "91110108795101314G", "91110108795101314G"),
    ("uscc", "92340111MAD2LARQ9N", "92340111MAD2LARQ9N"),
    ("orgcode", "79510131-4", "795101314"),
    ("regno", "310000400735611", "310000400735611"),
    ("food_business", "JY13301080111719", "JY13301080111719"),
    ("food_production", "SC11834020305037", "SC11834020305037"),
    ("drug_business", "粤BA1710104", "粤BA1710104"),
    ("drug_business", "琼CA898510001", "琼CA898510001"),
    ("cma", "152701060345", "152701060345"),
]


def _variants(number: str) -> list[str]:
    head, tail = number[: len(number) // 2], number[len(number) // 2 :]
    out = [
        number.lower(),
        _full_width(number),
        f"  {number}  ",
        f"{head} {tail}",
        f"{head}\n{tail}",
        f"{head}\r\n{tail}",
        f"{head}\u00a0{tail}",
        f"{head}\u3000{tail}",
        f"{head}\u200b{tail}",
        f"\t{number}\n",
        f"'{number}",
        " ".join(number[i : i + 4] for i in range(0, len(number), 4)),
    ]
    out.extend(f"{head}{dash}{tail}" for dash in _DASHES)
    return out


@pytest.mark.parametrize(
    ("kind", "number", "canonical"), VARIANT_BASES, ids=[f"{k}:{n}" for k, n, _ in VARIANT_BASES]
)
def test_input_variants_normalise(kind: str, number: str, canonical: str) -> None:
    """Spaces, line breaks, full-width, lower case, dash variants: same canonical number."""
    for variant in _variants(number):
        result = check(kind, variant, as_of=AS_OF)
        assert result.verdict is not Verdict.INVALID, (repr(variant), describe_check(result))
        assert result.normalized == canonical, (repr(variant), result.normalized)


STRUCTURED_VARIANTS: list[tuple[str, str, str]] = [
    ("drug_info", "（京）－经营性－２０１４－０００８", "(京)-经营性-2014-0008"),
    ("drug_info", "(京)–经营性–2014–0008", "(京)-经营性-2014-0008"),
    ("drug_info", "(京)经营性2014 0008", "(京)-经营性-2014-0008"),
    ("drug_info", "(京)-经营性-\n2014-0008", "(京)-经营性-2014-0008"),
    ("cnca", "cnca-r-2002-001", "CNCA-R-2002-001"),
    ("cnca", "ＣＮＣＡ－Ｒ－２００２－００１", "CNCA-R-2002-001"),
    ("cnca", "CNCA—RF—2003—27", "CNCA-RF-2003-27"),
    ("cnca", "CNCA R 2002 001", "CNCA-R-2002-001"),
    ("cnca", "CNCAR2002001", "CNCA-R-2002-001"),
    ("device_business", "粤穗食药监械经营许 2017 1161 号", "粤穗食药监械经营许20171161"),
    ("device_business", "粤穗食药监械经营许20171161 号", "粤穗食药监械经营许20171161"),
    ("device_business", "沪嘉食药监械经营许2018-7006号", "沪嘉食药监械经营许20187006"),
    ("device_business", "京经食药监械经营备20170029号\n", "京经食药监械经营备20170029"),
    ("device_business", "桂柳食药监械经营备２０２１０６３１号", "桂柳食药监械经营备20210631"),
    ("food_filing", "yb1-440115-007843-1", "YB14401150078431"),
    ("food_filing", "ＹＢ１４４０１１５００７８４３１", "YB14401150078431"),
]


@pytest.mark.parametrize(
    ("kind", "number", "canonical"),
    STRUCTURED_VARIANTS,
    ids=[f"{k}:{n!r}" for k, n, _ in STRUCTURED_VARIANTS],
)
def test_structured_input_variants_normalise(kind: str, number: str, canonical: str) -> None:
    result = check(kind, number, as_of=AS_OF)
    assert_accepted_with_named_rules(result)
    assert result.normalized == canonical, (repr(number), result.normalized)


# A number pasted together with the label printed next to it (footers, OCR of a
# licence).  These are not rule errors: they show whether the input handling copes.
LABELLED: list[tuple[str, str]] = [
    ("uscc", "统一社会信用代码：91110108795101314G"),
    ("food_business", "食品经营许可证：JY13301080111719"),
    ("food_business", "编号：JY13301080111719"),
    ("food_production", "生产许可证编号：SC11834020305037"),
    ("drug_business", "药品经营许可证：粤BA1710104"),
    ("drug_info", "互联网药品信息服务资格证书编号：（浙）-经营性-2018-0010"),
    ("device_business", "医疗器械经营许可证：沪嘉食药监械经营许20187006号"),
]


@pytest.mark.parametrize(("kind", "number"), LABELLED, ids=[f"{k}:{n}" for k, n in LABELLED])
def test_number_with_printed_label_is_not_rejected(kind: str, number: str) -> None:
    assert_accepted_with_named_rules(check(kind, number, as_of=AS_OF))


# ------------------------------------------------------------------ generated RICs


def _mod11_2(body17: str) -> str:
    """GB 11643 check character, written out again here (not qualcheck's)."""
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body17))
    return "10X98765432"[total % 11]


_RNG = random.Random(20261129)
GENERATED_RICS: list[tuple[str, str]] = [
    ("resident", make_ric(birth_date=datetime.date(1987, 9, 8), rng=_RNG)),
    ("resident-2000-02-29", make_ric(birth_date=datetime.date(2000, 2, 29), rng=_RNG)),
    ("resident-born-as_of", make_ric(birth_date=AS_OF, rng=_RNG)),
    (
        "resident-1880-retired-county",
        make_ric(birth_date=datetime.date(1880, 1, 1), region="440524", rng=_RNG),
    ),
    (
        "resident-code-younger-than-holder",
        make_ric(birth_date=datetime.date(1960, 5, 1), region="500157", rng=_RNG),
    ),
    (
        "resident-retired-code",
        make_ric(birth_date=datetime.date(1995, 5, 1), region="500105", rng=_RNG),
    ),
    ("hk_permit", make_ric(holder="hk_permit", rng=_RNG)),
    ("macao_permit", make_ric(holder="macao_permit", rng=_RNG)),
    ("taiwan_permit", make_ric(holder="taiwan_permit", rng=_RNG)),
    ("foreigner_pr", make_ric(holder="foreigner_pr", rng=_RNG)),
]


@pytest.mark.parametrize(("label", "number"), GENERATED_RICS, ids=[g[0] for g in GENERATED_RICS])
def test_generated_ric_is_accepted(label: str, number: str) -> None:
    assert _mod11_2(number[:17]) == number[17]
    assert_accepted_with_named_rules(check("ric", number, as_of=AS_OF))
    assert identify(number, as_of=AS_OF).kind == "ric"
    lower = number.lower()
    assert (
        check("ric", f" {lower[:6]} {lower[6:14]} {lower[14:]} ", as_of=AS_OF).normalized == number
    )


def test_generated_legacy_15_digit_ric_is_review_with_named_rule() -> None:
    full = make_ric(birth_date=datetime.date(1965, 3, 4), rng=random.Random(15))
    legacy = full[:6] + full[8:17]
    result = check("ric", legacy, as_of=AS_OF)
    assert result.verdict is Verdict.REVIEW, describe_check(result)
    assert_accepted_with_named_rules(result)


# ------------------------------------------------------- official rules do reject


def _with_date(ric: str, yyyymmdd: str) -> str:
    body = ric[:6] + yyyymmdd + ric[14:17]
    return body + _mod11_2(body)


_BASE_RIC = make_ric(birth_date=datetime.date(1987, 9, 8), rng=random.Random(1))
_WRONG_RIC_CHECK = _BASE_RIC[:17] + ("0" if _BASE_RIC[17] != "0" else "1")


def _uscc_with_check(code: str, char: str) -> str:
    return code[:17] + char


# fmt: off
BROKEN: list[tuple[str, str, str, str]] = [
    # (kind, number, expected finding code, why)
    ("uscc", _uscc_with_check("91110108795101314G", "H"), "uscc.checksum", "real USCC, check char changed"),
    ("uscc", _uscc_with_check("914403001922038216", "7"), "uscc.checksum", "华为 USCC, check char changed"),
    ("uscc", _uscc_with_check("92340111MAD2LARQ9N", "P"), "uscc.checksum", "个体工商户 USCC, check char changed"),
    ("uscc", "91110108795101314", "uscc.length", "real USCC missing its last character"),
    ("uscc", "91110108795101314GG", "uscc.length", "real USCC with a character too many"),
    ("uscc", "9111010879510I314G", "uscc.charset", "letter I is never used"),
    ("uscc", "362322198709086409", "uscc.org_code_checksum", "domain.md §1.8: an ID number passing pos 18 by chance"),
    ("uscc", "52110101MJ0018899X", "uscc.checksum", "printed on a page but fails both official checks (typo or mock)"),
    ("orgcode", "79510131-5", "orgcode.checksum", "real org code, check char changed"),
    ("orgcode", "40170530-1", "orgcode.checksum", "domain.md §1.5 example with a wrong check"),
    ("regno", "440301102738452", "regno.checksum", "domain.md §2 negative example"),
    ("regno", "33010600012900", "regno.length", "14 digits"),
    ("ric", _with_date(_BASE_RIC, "19870230"), "ric.birth_date", "generated, 30 February"),
    ("ric", _with_date(_BASE_RIC, "19871301"), "ric.birth_date", "generated, month 13"),
    ("ric", _with_date(_BASE_RIC, "19870229"), "ric.birth_date", "generated, 29 February of a common year"),
    ("ric", _with_date(_BASE_RIC, "20270101"), "ric.birth_date_future", "generated, born after AS_OF"),
    ("ric", _WRONG_RIC_CHECK, "ric.checksum", "generated, wrong MOD 11-2 character"),
    ("ric", _BASE_RIC[:16], "ric.length", "generated, 16 characters"),
    ("food_business", "JY1330108011171", "food_business.length", "real JY missing a digit"),
    ("food_business", "JY43301080111719", "food_business.business_form", "business form 4"),
    ("food_production", "SC1274451020125", "food_production.length", "OCR-truncated SC (15 characters)"),
    ("food_production", "SC31532139200465", "food_production.product_type", "product type 3"),
    ("drug_business", "粤EA1710104", "drug_business.business_type", "business-type letter E"),
    ("drug_business", "粤BA171010", "drug_business.length", "6 digits"),
    ("drug_business", "港AA898000001", "drug_business.province", "not a mainland province"),
    ("drug_info", "(京)-经营-2014-0008", "drug_info.format", "service type misspelt"),
    ("drug_info", "(港)-经营性-2014-0008", "drug_info.province", "not a mainland province"),
    ("drug_info", "(京)-经营性-2027-0008", "drug_info.year_future", "issued after AS_OF's year"),
    ("device_business", "粤穗食药监械经营许2017116号", "device_business.format", "3-digit serial"),
    ("device_business", "粤穗食药监械经营许20271161号", "device_business.year_future", "year after AS_OF's year"),
    ("cnca", "CNCA-X-2002-001", "cnca.format", "not R/RF"),
    ("cnca", "CNCA-R-2027-001", "cnca.year_future", "approval year after AS_OF's year"),
    ("cma", "15270106034", "cma.length", "real CMA number missing a digit"),
    ("cma", "2719O0000001", "cma.charset", "letter O for zero"),
    ("cma", "271900000001", "cma.year_future", "issue year 2027 after AS_OF"),
]
# fmt: on


@pytest.mark.parametrize(
    ("kind", "number", "code", "why"), BROKEN, ids=[f"{k}:{c}:{n}" for k, n, c, _ in BROKEN]
)
def test_official_rule_break_is_invalid(kind: str, number: str, code: str, why: str) -> None:
    result = check(kind, number, as_of=AS_OF)
    assert result.verdict is Verdict.INVALID, (why, describe_check(result))
    assert [f.code for f in result.findings] == [code], (why, describe_check(result))
    assert result.findings[0].rule is None, (why, describe_check(result))
