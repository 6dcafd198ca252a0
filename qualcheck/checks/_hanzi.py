"""Traditional Chinese characters read as their simplified forms, for comparing names.

Sellers and platforms sometimes write category names and licence scopes in traditional
characters (醫療器械, 處方藥).  :func:`to_simplified` replaces every traditional character
by its simplified form, one character for one character, so that a traditional name
compares equal to the simplified one.  The table, ``qualcheck/data/traditional.json``, is
derived from OpenCC's character dictionaries by ``scripts/gen_traditional.py``.
Characters that are also in use as simplified characters (乾 → 干 or 乾, 於 → 于 or 於,
瞭, 藉, 夥, 徵) are not in it and stay as written, so simplified names keep their meaning
(a handful that GB 2312 also lists, 後 and 摺 among them, are folded all the same: both
spellings then read alike);
where OpenCC lists several simplified forms of a purely traditional character (線 → 线 or
缐) its default is used.  This is character conversion, not OpenCC's phrase-aware
conversion: it is meant for comparing keys, not for display.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

__all__ = ["DATA_FILE", "to_simplified"]

DATA_FILE = "data/traditional.json"
"""The traditional → simplified table, relative to the ``qualcheck`` package."""


@functools.cache
def _table() -> dict[int, str]:
    """The ``str.translate`` table, read from :data:`DATA_FILE` on first use."""
    text = resources.files("qualcheck").joinpath(DATA_FILE).read_text(encoding="utf-8")
    mapping = json.loads(text)["map"]
    if not isinstance(mapping, dict) or not all(
        isinstance(key, str) and isinstance(value, str) and len(key) == len(value) == 1
        for key, value in mapping.items()
    ):
        raise ValueError(f"qualcheck/{DATA_FILE}: 'map' must map one character to one character")
    return str.maketrans(mapping)


def to_simplified(text: str) -> str:
    """``text`` with its traditional characters replaced by their simplified forms.

    Characters that are also simplified characters are left as they are, and so is
    everything that is not Chinese.  The result never changes when converted again.

    >>> to_simplified("醫療器械")
    '医疗器械'
    >>> to_simplified("隱形眼鏡")
    '隐形眼镜'
    >>> to_simplified("乾貨")  # 乾 is also a simplified character (乾坤): left alone
    '乾货'
    >>> to_simplified("abc")
    'abc'
    """
    if text.isascii():
        return text
    return text.translate(_table())
