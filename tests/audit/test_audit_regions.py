"""Audit of the GB/T 2260 region table (``qualcheck/numbers/data/regions.tsv``), the
script that builds it (``scripts/build_regions.py``) and its use on resident ID numbers.

The contract (docs/regions.md): the table knows every code that was ever valid, current
or retired, with the name of its newest holder (of a code given to another place after
1984: its first holder from 1984 on) and the years it was valid; a number keeps the code
valid when it was issued, so a retired code must still be read; an unknown code is only a
warning (``ric.region_unknown`` / ``uscc.region_unknown``), never a rejection.

The facts below are not taken from the table: each sample comes from a list of the time,
the Ministry of Civil Affairs' yearly code lists as kept in the public repository
cn/GB2260 (``mca/198312.tsv``, ``mca/198412.tsv``, ``mca/199012.tsv``: December 1983,
1984 and 1990; the lists of 1981 and 1982 for 浙江), or, for 丽水地区, from the ID-number
region tables of several public ID validators (all give 332500 浙江省丽水地区, 332522
青田县 …; none has a 3328xx code).  Where a code was renamed later under the same
number, the table shows the newest name (by rule), and the old name must be a recorded
former name or one of the renames the former-name list leaves out by its stated rules.

Numbers are generated (``qualcheck.testing.make_ric``/``make_uscc``); no real person's.
"""

from __future__ import annotations

import datetime
import importlib.util
import random
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest
from audit_support import AS_OF, food_shop

from qualcheck import Decision, Severity, Verdict, verify
from qualcheck._codes import catalogue
from qualcheck.numbers import regions, ric, uscc
from qualcheck.numbers._checksums import mod11_2_check
from qualcheck.numbers.regions import Region
from qualcheck.testing import make_ric, make_uscc

ROOT = Path(__file__).resolve().parents[2]
HEADER = [
    line
    for line in resources.files("qualcheck.numbers")
    .joinpath("data/regions.tsv")
    .read_text("utf-8")
    .splitlines()
    if line.startswith("#")
]

# --------------------------------------------------------------------------- sources

MCA_1983 = """
212100 铁岭地区 212101 铁岭市 212102 铁法市 212121 铁岭县 212122 开原县
212200 朝阳地区 212201 朝阳市 212221 朝阳县 212222 建平县 212223 凌源县
212224 喀喇沁左翼蒙古族自治县 212225 建昌县 212226 北票县
222200 通化地区 222202 浑江市 222221 海龙县 232200 嫩江地区 232400 合江地区 232421 富锦县
310111 吴淞区 310223 宝山县 330103 下城区 330202 镇明区 330302 城区
332400 金华地区 332401 金华市 332402 衢州市 332421 兰溪县 332430 龙游县 332431 磐安县
332500 丽水地区 332521 丽水县 332522 青田县 332524 龙泉县
332600 台州地区 332621 临海县 332622 黄岩县 332700 舟山地区 332721 定海县 332724 嵊泗县
342700 徽州地区 342701 屯溪市 342830 贵池县 350300 莆田市 350422 永安县
"""
"""(code, name) pairs of the ministry's list of December 1983 (cn/GB2260 mca/198312.tsv)."""

MCA_1984 = """
231120 绥芬河市 232302 安达市 320114 雨花台区 320326 新沂县 320521 沙洲县 320824 宿迁县
321029 仪征县
329001 泰州市 329003 常熟市 330107 半山区 330303 龙湾区 332430 龙游县 332529 景宁畲族自治县
332601 椒江市 340901 黄山市 342126 亳县 350128 平潭县 352102 邵武市 360500 新余市
362402 井冈山市 370406 山亭区 372301 滨州市 372602 莱芜市 372603 新泰市 410107 新密区
410900 濮阳市 412502 义马市 420602 襄城区 420611 郊区 422801 恩施市 429001 随州市
429002 老河口市 429021 神农架林区 430225 酃县 432200 岳阳地区 432902 冷水滩市
440524 潮阳县 440623 顺德县 442129 儋县 442201 三亚市 442527 东莞县 449001 潮州市
449002 中山市 452201 合山市
"""
"""(code, name) pairs of the ministry's list of December 1984 (cn/GB2260 mca/198412.tsv),
the first year of resident ID numbers."""

MCA_1990 = """
210102 和平区 210111 苏家屯区 210112 东陵区 210121 新民县 210222 新金县 210311 旧堡区
210403 露天区 210422 新宾满族自治县 210505 南芬区 210621 凤城满族自治县 210623 东沟县
210725 北镇满族自治县 210804 鲅鱼圈区 210824 盖县 211005 弓长岭区 211122 盘山县
211300 朝阳市 211302 双塔区 211303 龙城区 211323 凌源县 211400 锦西市 211405 葫芦岛区
219001 瓦房店市 219005 铁法市 219007 开原市 220105 二道河子区 220125 双阳县
220302 铁西区 220402 龙山区 220600 浑江市 220602 八道江区 220603 三岔子区
222300 白城地区 222303 扶余市 222405 龙井市 229001 公主岭市 229007 榆树市
230107 动力区 230208 梅里斯达斡尔族区 230222 讷河县 230716 上甘岭区 230824 友谊县
231027 虎林县 232100 松花江地区 232101 双城市 232300 绥化地区 232302 安达市
232600 黑河地区 232700 大兴安岭地区 232723 漠河县 239001 绥芬河市 239006 密山市
310102 南市区 310112 闵行区 310221 上海县 310224 川沙县 310230 崇明县
320205 马山区 320222 无锡县 320325 邳县 320524 吴县 320624 南通县 320800 淮阴市
321028 泰县 329001 泰州市 329004 张家港市 329010 淮安市 329015 溧阳市
330103 下城区 330104 江干区 330126 建德县 330206 北仑区 330227 鄞县 330321 瓯海县
330402 城区 330425 桐乡县 330702 婺城区 330721 金华县 330821 衢县 330902 定海区
332500 丽水地区 332501 丽水市 332502 龙泉市 332522 青田县 332523 云和县 332525 庆元县
332526 缙云县 332527 遂昌县 332528 松阳县 332529 景宁畲族自治县
332600 台州地区 332601 椒江市 332602 临海市 332603 黄岩市 332623 温岭县 332627 玉环县
339001 余姚市 339003 兰溪市 339006 江山市 339011 诸暨市
340102 东市区 340205 鸠江区 341000 黄山市 342100 阜阳地区 342102 亳州市 342103 界首市
342200 宿县地区 342300 滁县地区 342327 嘉山县 342500 宣城地区 342501 宣城市
342900 池州地区 342901 贵池市
513225 南坪县 513500 黔江地区 513523 黔江土家族苗族自治县 519001 广汉市 519003 都江堰市
520202 盘县特区 520221 水城县 522100 遵义地区 522101 遵义市 522102 赤水市 522121 遵义县
522125 道真仡佬族苗族自治县 522130 仁怀县 522132 习水县 522200 铜仁地区 522201 铜仁市
522230 万山特区 522400 毕节地区 522421 毕节县 522500 安顺地区 522501 安顺市 522522 开阳县
522525 清镇县 522601 凯里市
530126 路南彝族自治县 530200 东川市 532131 水富县 532224 宣威县 532331 禄丰县
532721 思茅县 532821 景洪县 533101 畹町市 533121 潞西县 533421 中甸县
542121 昌都县 542134 盐井县 542135 碧土县 542136 妥坝县 542137 生达县 542528 隆格尔县
610121 长安县 610202 城区 610203 郊区 610221 耀县 612101 渭南市 612501 商州市
612626 吴旗县 620502 秦城区 620503 北道区 622126 安西县 622600 陇南地区 622621 武都县
622801 西峰市 632100 海东地区 632121 平安县 632721 玉树县 640104 郊区 640205 石嘴山区
642100 银南地区 642101 吴忠市 642200 固原地区 650107 南山矿区 650108 东山区
652322 米泉县 652923 库车县 654001 奎屯市 654100 伊犁地区 654222 乌苏县
"""
"""(code, name) pairs of the ministry's list of December 1990 (cn/GB2260 mca/199012.tsv),
across the provinces: prefectures (地区) and county-level units of the ID-number era."""

RENAMED_UNDER_THE_SAME_CODE = {
    ("320205", "马山区"): "锡山区",
    ("320800", "淮阴市"): "淮安市",
    ("330302", "城区"): "鹿城区",
    ("330402", "城区"): "南湖区",
    ("340102", "东市区"): "瑶海区",
    ("530126", "路南彝族自治县"): "石林彝族自治县",
    ("610202", "城区"): "王益区",
    ("610203", "郊区"): "印台区",
    ("640104", "郊区"): "兴庆区",
    ("650107", "南山矿区"): "达坂城区",
}
"""Later renames under the same code that the former-name list leaves out by its rules
(generic names such as 城区/郊区, or a name that lived on under another code)."""


def pairs(text: str) -> list[tuple[str, str]]:
    words = text.split()
    return list(zip(words[::2], words[1::2], strict=True))


def former(code: str, name: str) -> bool:
    """True if ``name`` is a recorded former name of the place under ``code``."""
    return any(row.code == code for row in regions.former_names() if row.name == name)


def assert_named_then(code: str, name: str, year: int) -> None:
    """``code`` is known, valid in ``year``, and named ``name`` or its later holder's name."""
    region = regions.lookup(code)
    assert region is not None, (code, name)
    assert regions.existed_in(code, year) is True, (region, year)
    if region.name != name:
        later = RENAMED_UNDER_THE_SAME_CODE.get((code, name))
        assert later == region.name or former(code, name), (code, name, region)


# --------------------------------------------------------------------------- the lists of the time


@pytest.mark.parametrize(("code", "name"), pairs(MCA_1983))
def test_every_code_of_the_1983_list_is_known_valid_then_and_named(code: str, name: str) -> None:
    assert_named_then(code, name, 1983)


@pytest.mark.parametrize(("code", "name"), pairs(MCA_1984))
def test_every_code_of_the_1984_list_is_known_valid_then_and_named(code: str, name: str) -> None:
    assert_named_then(code, name, 1984)


@pytest.mark.parametrize(("code", "name"), pairs(MCA_1990))
def test_every_code_of_the_1990_list_is_known_valid_then_and_named(code: str, name: str) -> None:
    assert_named_then(code, name, 1990)


def test_the_samples_span_the_whole_table() -> None:
    provinces = {code[:2] for code, _ in pairs(MCA_1983) + pairs(MCA_1990)}
    assert len(provinces) >= 15
    assert len(pairs(MCA_1990)) >= 150


# --------------------------------------------------------------------------- 丽水地区 and 3328xx

LISHUI_1990 = [code for code, _ in pairs(MCA_1990) if code.startswith("3325")]


@pytest.mark.parametrize("code", LISHUI_1990)
def test_lishui_prefecture_is_3325_until_2000(code: str) -> None:
    # 丽水地区 became 丽水市 (3311xx) in 2000; its two county-level cities were re-coded
    # 332581/332582 in 1995 (the source's data), the rest kept their codes until 2000.
    region = regions.lookup(code)
    assert region is not None
    assert region.last_year is not None, region
    assert 1995 <= region.last_year <= 2000, region
    assert (regions.full_name(code) or "").startswith("浙江省丽水地区")
    assert regions.existed_in(code, 1994) is True
    assert regions.existed_in(code, 2001) is False
    assert regions.lookup("332500") == Region("332500", "丽水地区", None, 2000)


def test_3328_codes_are_no_lishui_codes_and_no_id_number_era_codes() -> None:
    # python-stdnum's table (from Wikipedia) gives 3328xx to 丽水地区 for 1982-2000; the
    # ministry's lists of 1981, 1982, 1983 and 1990 all have 丽水地区 at 3325.
    lishui = {name for code, name in pairs(MCA_1990) if code.startswith("3325")}
    codes = [code for code in regions.codes() if code.startswith("3328")]
    assert codes == ["332800", "332821", "332822", "332823", "332824"]
    for code in codes:
        region = regions.lookup(code)
        assert region is not None
        assert region.name not in lishui | {"丽水地区", "丽水县", "龙泉县"}, region
        assert "丽水" not in (regions.full_name(code) or ""), code
        assert region.last_year is not None, region
        assert region.last_year <= 1982, region
        assert regions.existed_in(code, 1984) is False  # no resident ID number is older


def test_the_build_script_says_why_3328_is_not_lishui() -> None:
    text = (ROOT / "scripts" / "build_regions.py").read_text("utf-8")
    assert "332821-332824" in text
    assert "python-stdnum" in text


# --------------------------------------------------------------------------- resident IDs


def resident(code: str, born: datetime.date, seed: int = 7) -> str:
    return make_ric(region=code, birth_date=born, rng=random.Random(seed))


OLD_PREFECTURE_IDS = [
    # (county code, a birth date of someone first registered while it was valid)
    *[(code, datetime.date(1970, 6, 1)) for code in LISHUI_1990],
    *[(code, datetime.date(1966, 2, 3)) for code, _ in pairs(MCA_1990) if code[:4] == "5221"],
    *[(code, datetime.date(1962, 8, 9)) for code, _ in pairs(MCA_1983) if code[:4] == "2122"],
    *[(code, datetime.date(1975, 4, 4)) for code, _ in pairs(MCA_1990) if code[:4] == "3326"],
    ("330103", datetime.date(1980, 1, 1)),  # 杭州市下城区, merged into 拱墅区 in 2021
    ("532331", datetime.date(1985, 5, 5)),  # 禄丰县, 禄丰市 since 2021
    ("231120", datetime.date(1968, 8, 8)),  # 绥芬河市 in the ministry's 1984 list
    ("440524", datetime.date(1969, 9, 9)),  # 潮阳县, retired 1993
]


@pytest.mark.parametrize(("code", "born"), OLD_PREFECTURE_IDS)
def test_an_id_number_of_an_old_prefecture_is_read_with_its_place(
    code: str, born: datetime.date
) -> None:
    number = resident(code, born)
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is Verdict.VALID, result
    assert [f.code for f in result.findings] == []
    parts = ric.parse(number, as_of=AS_OF)
    assert parts.region_code == code
    region = regions.lookup(code)
    assert region is not None
    assert parts.region_name is not None
    assert parts.region_name.endswith(region.name)


@pytest.mark.parametrize("code", ["330103", "532331", "332522", "522101", "212201"])
def test_a_seller_whose_representative_has_such_a_number_passes(code: str) -> None:
    record = food_shop()
    record["legal_representative"]["id_number"] = resident(code, datetime.date(1971, 7, 7))
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes
    assert "ric.region_unknown" not in report.codes


# --------------------------------------------------------------------------- codes the source lacks


@pytest.mark.parametrize(
    ("code", "name", "full"),
    [
        ("330103", "下城区", "浙江省杭州市下城区"),
        ("532331", "禄丰县", "云南省楚雄彝族自治州禄丰县"),
    ],
)
def test_codes_retired_in_2021_without_a_code_in_the_change_lists_are_known(
    code: str, name: str, full: str
) -> None:
    assert regions.lookup(code) == Region(code, name, None, 2021)
    assert regions.full_name(code) == full
    assert regions.existed_in(code, 1990)
    assert regions.existed_in(code, 2021)
    assert regions.existed_in(code, 2022) is False
    assert code not in regions.codes(current_only=True)


def test_the_header_names_the_codes_added_from_other_records() -> None:
    (line,) = [line for line in HEADER if line.startswith("# added from other records")]
    assert "330103 下城区" in line
    assert "532331 禄丰县" in line
    assert "231120 绥芬河市" in line


# --------------------------------------------------------------------------- re-used numbers


def current_cities_with_districts() -> Iterator[str]:
    current = regions.codes(current_only=True)
    for code in current:
        region = regions.lookup(code)
        assert region is not None
        if code.endswith("00") and not code.endswith("0000") and region.name.endswith("市"):
            children = [c for c in current if c[:4] == code[:4] and c != code]
            if any((regions.lookup(c) or region).name.endswith("区") for c in children):
                yield code


def test_every_current_city_with_districts_has_its_xxxx01() -> None:
    """Current, or held by a code retired after 1984 that ID numbers carry."""
    shadowed = []
    for city in current_cities_with_districts():
        group = regions.lookup(city[:4] + "01")
        if group is None or (not group.is_current and (group.last_year or 0) <= 1984):
            shadowed.append((city, group))
    assert shadowed == []


@pytest.mark.parametrize(
    ("code", "full"),
    [
        ("330301", "浙江省温州市市辖区"),  # 东城区 until 1983 (ministry's 1980 list)
        ("610401", "陕西省咸阳市市辖区"),  # 咸阳市 1983-1984 in the source
        ("220301", "吉林省四平市市辖区"),  # 铁西区 1983-1984 (the ministry has 220302)
        ("321201", "江苏省泰州市市辖区"),  # 泰州市 1983-1984 (the ministry's 1984: 329001)
    ],
)
def test_a_number_held_only_before_ids_began_is_the_grouping_code(code: str, full: str) -> None:
    assert regions.lookup(code) == Region(code, "市辖区", None, None)
    assert regions.full_name(code) == full
    registrar = make_uscc(region=code, rng=random.Random(11))
    assert uscc.findings(registrar, as_of=AS_OF) == ()
    assert uscc.parse(registrar).region_name == full


@pytest.mark.parametrize(
    ("code", "name", "born"),
    [
        # the ministry's list of December 1984 (cn/GB2260 mca/198412.tsv)
        ("350501", "永安市", datetime.date(1966, 3, 3)),  # 泉州市's 市辖区 has it today
        ("449001", "潮州市", datetime.date(1960, 1, 1)),  # 顺德市 had it 1992-1995
        ("449002", "中山市", datetime.date(1958, 5, 5)),  # 台山市 had it 1992-1995
    ],
)
def test_a_number_re_used_after_ids_began_keeps_its_first_holder(
    code: str, name: str, born: datetime.date
) -> None:
    region = regions.lookup(code)
    assert region is not None
    assert region.name == name
    assert regions.existed_in(code, 1984) is True
    number = resident(code, born)
    assert ric.findings(number, as_of=AS_OF) == ()
    assert (ric.parse(number, as_of=AS_OF).region_name or "").endswith(name)


def test_a_current_unit_keeps_its_01_code() -> None:
    assert regions.lookup("520201") == Region("520201", "钟山区", None, None)


# --------------------------------------------------------------------------- 港澳台 and specials


@pytest.mark.parametrize(
    ("code", "name"),
    [("710000", "台湾省"), ("810000", "香港特别行政区"), ("820000", "澳门特别行政区")],
)
def test_gb2260_codes_of_taiwan_hong_kong_and_macao(code: str, name: str) -> None:
    region = regions.lookup(code)
    assert region == Region(code, name, None, None)
    assert regions.full_name(code) == name


@pytest.mark.parametrize("holder", ["hk_permit", "macao_permit", "taiwan_permit"])
def test_residence_permits_are_read_without_a_region_finding(holder: str) -> None:
    number = make_ric(holder=holder, birth_date=datetime.date(1990, 1, 2), rng=random.Random(4))
    assert number[:6] in ("810000", "820000", "830000")
    assert regions.is_known(number[:6])
    assert ric.findings(number, as_of=AS_OF) == ()
    assert ric.parse(number, as_of=AS_OF).region_name == regions.full_name(number[:6])


def test_830000_is_no_gb2260_code_but_known() -> None:
    # GB/T 2260 has Taiwan as 710000; 830000 is the area code of Taiwan residents' permits.
    assert "830000" not in regions.codes()
    assert regions.lookup("830000") == regions.SPECIAL_CODES["830000"]


# --------------------------------------------------------------------------- only a warning


@pytest.mark.parametrize("code", ["332899", "710100", "810100", "522199", "212299"])
def test_an_unknown_county_code_warns_names_its_rule_and_never_rejects(code: str) -> None:
    assert not regions.is_known(code)
    body = code + "19800101123"
    number = body + mod11_2_check(body)
    result = ric.check(number, as_of=AS_OF)
    assert result.verdict is not Verdict.INVALID, result
    (finding,) = result.findings
    assert finding.code == "ric.region_unknown"
    assert finding.severity is Severity.WARNING
    assert finding.rule
    record = food_shop()
    record["legal_representative"]["id_number"] = number
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    assert report.codes == ("ric.region_unknown",)


def test_an_unknown_registrar_region_only_warns() -> None:
    number = make_uscc(region="332899", rng=random.Random(3))
    result = uscc.check(number, as_of=AS_OF)
    assert result.verdict is not Verdict.INVALID, result
    assert [(f.code, f.severity) for f in result.findings] == [
        ("uscc.region_unknown", Severity.WARNING)
    ]


def test_every_finding_of_the_region_table_is_a_warning_that_names_its_rule() -> None:
    found = [
        entry
        for entry in catalogue()
        if entry.code.endswith(("region_unknown", "region_beijing_local"))
    ]
    kinds = {entry.code.split(".")[0] for entry in found}
    assert kinds >= {"ric", "uscc", "regno", "food_business", "food_production", "food_filing"}
    for entry in found:
        assert entry.severity is Severity.WARNING, entry.code
        assert entry.rule, entry.code


def test_existed_in_is_known_for_every_code_in_the_table() -> None:
    for code in regions.codes():
        region = regions.lookup(code)
        assert region is not None
        years = [region.first_year or 1980, region.last_year or AS_OF.year]
        assert all(regions.existed_in(code, year) is True for year in years), region


# --------------------------------------------------------------------------- the build script


@pytest.fixture(scope="module")
def build() -> Iterator[ModuleType]:
    """``scripts/build_regions.py`` as a module (it needs no wheel for these functions)."""
    spec = importlib.util.spec_from_file_location(
        "build_regions", ROOT / "scripts" / "build_regions.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_regions"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("build_regions", None)


def test_the_grouping_rule_merges_only_a_code_retired_by_1984(build: ModuleType) -> None:
    row = build.Row
    rows = {
        "330300": row("330300", "温州市", None, None),
        "330301": row("330301", "东城区", None, 1983),
        "330302": row("330302", "鹿城区", None, None),
        "350500": row("350500", "泉州市", 1985, None),
        "350501": row("350501", "永安市", 1984, 1985),
        "350502": row("350502", "鲤城区", 1985, None),
        "520200": row("520200", "六盘水市", None, None),
        "520201": row("520201", "钟山区", None, None),
        "520202": row("520202", "盘县特区", None, 1999),
    }
    stats = build.Stats()
    build.add_grouping_codes(rows, stats)
    assert rows["330301"] == row("330301", "市辖区", None, None)
    assert rows["350501"] == row("350501", "永安市", 1984, 1985)  # in ID numbers: kept
    assert rows["520201"] == row("520201", "钟山区", None, None)  # current: kept
    assert stats.counts["merged by rule into a re-used number: xxxx01 市辖区"] == 1


def test_a_code_re_used_after_1984_keeps_its_first_holders_name(build: ModuleType) -> None:
    history = build.History(
        exists={1984, 1990, 1992, 1994},
        starts={1984, 1992},
        ends={1991, 1995},
        names=[(1984, 1, "潮州市"), (1990, 2, "潮州市"), (1992, 3, "顺德市"), (1994, 4, "顺德市")],
    )
    assert build.retired_name(history) == "潮州市"
    renamed = build.History(
        exists={1990, 1994}, ends={1995}, names=[(1990, 1, "甲县"), (1994, 2, "乙县")]
    )
    assert build.retired_name(renamed) == "乙县"


def test_the_codes_recorded_elsewhere_are_the_tables(build: ModuleType) -> None:
    for code, (name, first, last) in build.RECORDED_ELSEWHERE.items():
        assert regions.lookup(code) == Region(code, name, first, last)


def test_a_code_recorded_elsewhere_that_the_source_gains_stops_the_build(
    build: ModuleType,
) -> None:
    rows = {"330103": build.Row("330103", "下城区", None, 2021)}
    with pytest.raises(build.SourceError, match="330103"):
        build.add_recorded_elsewhere(rows, build.Stats())
