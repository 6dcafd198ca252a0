"""GB/T 2260 administrative-division codes, current and historical.

Numbers embed the region code that was valid *when they were issued* (a resident ID
keeps the county code of its first registration; a USCC keeps its registrar's code), and
codes are retired, created and sometimes re-used.  So membership is tested against every
code ever valid, and a miss is a soft finding, never a rejection.

The table is bundled in ``data/regions.tsv`` (see its header for source, licence and
date; ``scripts/build_regions.py`` rebuilds it) and is loaded on first use.  Special
codes that are not county-level divisions are always known: 100000 (national-level
registrar), 133100 (the registrar of 雄安新区), 710000 (Taiwan, GB/T 2260),
810000/820000/830000 (residence permits of Hong Kong, Macao and Taiwan residents).

>>> lookup("420106").name
'武昌区'
>>> full_name("420106")
'湖北省武汉市武昌区'
>>> is_known("830000"), is_known("429999")
(True, False)

Places also keep being known by their former names (襄樊市 is 襄阳市 since 2010):
``data/region_renames.tsv`` (``scripts/build_region_renames.py``) lists them with the
current code of the place they became, loaded on first use of :func:`successors` or
:func:`former_names` only.

>>> successors("襄樊市")
('420600',)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from qualcheck.numbers._provinces import PROVINCES

__all__ = [
    "SPECIAL_CODES",
    "FormerName",
    "Region",
    "codes",
    "existed_in",
    "former_names",
    "full_name",
    "is_known",
    "lookup",
    "successors",
]


@dataclass(frozen=True, slots=True)
class Region:
    """One GB/T 2260 code.  ``first_year``/``last_year`` are ``None`` when open-ended."""

    code: str
    name: str
    first_year: int | None = None
    last_year: int | None = None

    @property
    def is_current(self) -> bool:
        """True if the code is in the newest edition of the table."""
        return self.last_year is None


SPECIAL_CODES: dict[str, Region] = {
    "100000": Region("100000", "国家级"),
    # 雄安新区's registrar: on the USCCs of companies registered there (91133100MA0D8N1J7G);
    # the new area is no county-level division of the table
    "133100": Region("133100", "河北省雄安新区"),
    "710000": Region("710000", "台湾省"),
    "810000": Region("810000", "香港特别行政区"),
    "820000": Region("820000", "澳门特别行政区"),
    "830000": Region("830000", "台湾居民"),
}


_GROUPING = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
"""Names of GB/T 2260 grouping codes, left out when names are composed."""


@functools.cache
def _table() -> dict[str, Region]:
    table: dict[str, Region] = {}
    text = resources.files("qualcheck.numbers").joinpath("data/regions.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, first, last = line.split("\t")
        table[code] = Region(code, name, int(first) if first else None, int(last) if last else None)
    for code, region in SPECIAL_CODES.items():
        table.setdefault(code, region)
    return table


def lookup(code: str) -> Region | None:
    """The region with this six-digit code (current or historical), or ``None``."""
    return _table().get(code)


def is_known(code: str) -> bool:
    """True if ``code`` is, or ever was, a valid code (or is one of the special codes)."""
    return code in _table()


def existed_in(code: str, year: int) -> bool | None:
    """Whether ``code`` was valid in ``year``; ``None`` if the code is unknown.

    Open-ended ranges count as valid; this is a soft fact (dates of changes are not
    always recorded), so use it for warnings only.
    """
    region = lookup(code)
    if region is None:
        return None
    after_start = region.first_year is None or region.first_year <= year
    before_end = region.last_year is None or year <= region.last_year
    return after_start and before_end


@functools.cache
def full_name(code: str) -> str | None:
    """Province, prefecture and county names joined, e.g. ``'湖北省武汉市武昌区'``."""
    region = lookup(code)
    if region is None:
        return None
    province = PROVINCES.get(code[:2])
    if code in SPECIAL_CODES or province is None or code.endswith("0000"):
        return region.name
    names = [province.name]
    prefecture = lookup(code[:4] + "00")
    if prefecture is not None and prefecture.code != code and prefecture.name not in _GROUPING:
        names.append(prefecture.name)
    names.append(region.name)
    return "".join(names)


def codes(*, current_only: bool = False) -> tuple[str, ...]:
    """Every code in the bundled table (without the special codes), sorted.

    >>> "420106" in codes(current_only=True)
    True
    """
    return tuple(
        sorted(
            code
            for code, region in _table().items()
            if code not in SPECIAL_CODES and (region.is_current or not current_only)
        )
    )


@dataclass(frozen=True, slots=True)
class FormerName:
    """A name a place bore before it was renamed or converted: ``name`` under ``code``
    until ``year`` (the year of the change); ``successor`` is the current code of the
    place it became (``code`` itself when the code was kept)."""

    name: str
    code: str
    year: int
    successor: str


@functools.cache
def _former_names() -> dict[str, tuple[FormerName, ...]]:
    found: dict[str, list[FormerName]] = {}
    data = resources.files("qualcheck.numbers").joinpath("data/region_renames.tsv")
    for line in data.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, code, year, successor = line.split("\t")
        found.setdefault(name, []).append(FormerName(name, code, int(year), successor))
    return {name: tuple(rows) for name, rows in found.items()}


def former_names() -> tuple[FormerName, ...]:
    """Every former name in the bundled list (one entry per name and code it bore).

    Derived from the change events of the region table's source by stated rules: renames
    and conversions of a whole place only, and no name that is still a place's (see
    ``scripts/build_region_renames.py``).  Not every rename is there.
    """
    return tuple(row for rows in _former_names().values() for row in rows)


def successors(name: str) -> tuple[str, ...]:
    """The current codes of the place a former name (written in full) now belongs to,
    sorted; ``()`` if the name is not a known former name.

    >>> [full_name(code) for code in successors("思茅地区")]  # 思茅地区 → 思茅市 → 普洱市
    ['云南省普洱市']
    >>> successors("徽州地区"), successors("大庸市")
    (('341000',), ('430800',))
    >>> successors("襄阳市"), successors("襄樊")  # a current name; a short form
    ((), ())
    """
    return tuple(sorted({row.successor for row in _former_names().get(name, ())}))
