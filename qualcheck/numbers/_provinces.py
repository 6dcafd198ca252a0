"""Province-level divisions of GB/T 2260 and their one-character abbreviations.

Five provinces have two abbreviations in use (川/蜀, 贵/黔, 云/滇, 陕/秦, 甘/陇); both map
to the same province.  Licence numbers begin with an abbreviation, so the reverse
mapping is what licence validators use.

>>> PROVINCES["42"].name
'湖北省'
>>> by_abbreviation("滇").code
'53'
>>> by_abbreviation("X") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ABBREVIATIONS", "PROVINCES", "Province", "by_abbreviation"]


@dataclass(frozen=True, slots=True)
class Province:
    """A province-level division: two-digit code, name, English name, abbreviations."""

    code: str
    name: str
    name_en: str
    abbreviations: tuple[str, ...]


_TABLE = (
    ("11", "北京市", "Beijing", "京"),
    ("12", "天津市", "Tianjin", "津"),
    ("13", "河北省", "Hebei", "冀"),
    ("14", "山西省", "Shanxi", "晋"),
    ("15", "内蒙古自治区", "Inner Mongolia", "蒙"),
    ("21", "辽宁省", "Liaoning", "辽"),
    ("22", "吉林省", "Jilin", "吉"),
    ("23", "黑龙江省", "Heilongjiang", "黑"),
    ("31", "上海市", "Shanghai", "沪"),
    ("32", "江苏省", "Jiangsu", "苏"),
    ("33", "浙江省", "Zhejiang", "浙"),
    ("34", "安徽省", "Anhui", "皖"),
    ("35", "福建省", "Fujian", "闽"),
    ("36", "江西省", "Jiangxi", "赣"),
    ("37", "山东省", "Shandong", "鲁"),
    ("41", "河南省", "Henan", "豫"),
    ("42", "湖北省", "Hubei", "鄂"),
    ("43", "湖南省", "Hunan", "湘"),
    ("44", "广东省", "Guangdong", "粤"),
    ("45", "广西壮族自治区", "Guangxi", "桂"),
    ("46", "海南省", "Hainan", "琼"),
    ("50", "重庆市", "Chongqing", "渝"),
    ("51", "四川省", "Sichuan", "川蜀"),
    ("52", "贵州省", "Guizhou", "贵黔"),
    ("53", "云南省", "Yunnan", "云滇"),
    ("54", "西藏自治区", "Tibet", "藏"),
    ("61", "陕西省", "Shaanxi", "陕秦"),
    ("62", "甘肃省", "Gansu", "甘陇"),
    ("63", "青海省", "Qinghai", "青"),
    ("64", "宁夏回族自治区", "Ningxia", "宁"),
    ("65", "新疆维吾尔自治区", "Xinjiang", "新"),
    ("71", "台湾省", "Taiwan", "台"),
    ("81", "香港特别行政区", "Hong Kong", "港"),
    ("82", "澳门特别行政区", "Macao", "澳"),
)

PROVINCES: dict[str, Province] = {
    code: Province(code, name, name_en, tuple(abbrs)) for code, name, name_en, abbrs in _TABLE
}
"""Province-level divisions keyed by their two-digit GB/T 2260 prefix."""

ABBREVIATIONS: dict[str, Province] = {
    abbr: province for province in PROVINCES.values() for abbr in province.abbreviations
}
"""Every one-character abbreviation (both forms for the five double ones) → province."""

MAINLAND_ABBREVIATIONS = frozenset(
    abbr for abbr, province in ABBREVIATIONS.items() if province.code not in {"71", "81", "82"}
)
"""Abbreviations of the 31 mainland provinces: the ones mainland licences begin with."""


def by_abbreviation(char: str) -> Province | None:
    """The province whose abbreviation is ``char``, or ``None``."""
    return ABBREVIATIONS.get(char)
