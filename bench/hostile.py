"""How verification time grows with hostile input sizes (not a test).

Usage::

    python bench/hostile.py [--sizes 1000,100000,1000000] [--budget 20] [--only FIELD]

Puts a text of each size — random Chinese text and repeated near-matches of the patterns the
code reads (digits with separators, 年月日 dates, open brackets, 号, legal-form suffixes,
spaces, zero-width characters) — into every text field of a passing food shop, one field at
a time, and prints the seconds ``verify`` takes for each.  Each measurement runs in a child
process killed after ``--budget`` seconds (printed as ``>budget``), so one stall does not
stop the table.  Then times records with many documents, shops, people, categories and
findings.  The growth from one size to the next (×10 input) should be about ×10 (linear).
"""

from __future__ import annotations

import sys

if sys.path and sys.path[0] and __file__.startswith(sys.path[0]):
    del sys.path[0]

import argparse
import copy
import datetime
import json
import multiprocessing
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "merchants.jsonl"
AS_OF = datetime.date(2026, 11, 29)

FIELDS: dict[str, tuple[Any, ...]] = {
    "name": ("name",),
    "address": ("address",),
    "merchant_id": ("merchant_id",),
    "contact_phone": ("contact_phone",),
    "rep.name": ("legal_representative", "name"),
    "rep.id_number": ("legal_representative", "id_number"),
    "shop.name": ("shops", 0, "name"),
    "shop.platform": ("shops", 0, "platform"),
    "category": ("categories", 0),
    "notes (unknown key)": ("notes",),
    "bl.holder_name": ("documents", 0, "holder_name"),
    "bl.entity_type": ("documents", 0, "entity_type"),
    "bl.address": ("documents", 0, "address"),
    "bl.issuing_authority": ("documents", 0, "issuing_authority"),
    "bl.scope": ("documents", 0, "scope"),
    "bl.legal_representative": ("documents", 0, "legal_representative"),
    "bl.number": ("documents", 0, "number"),
    "bl.established_on": ("documents", 0, "established_on"),
    "bl.valid_to": ("documents", 0, "valid_to"),
    "fb.scope": ("documents", 1, "scope"),
    "fb.validity": ("documents", 1, "validity"),
    "fb.issue_date": ("documents", 1, "issue_date"),
    "fb.business_form": ("documents", 1, "business_form"),
    "fb.holder_name": ("documents", 1, "holder_name"),
    "last_verified_at": ("last_verified_at",),
}

_HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
    "压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安"
    "场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
    "温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连"
    "断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精"
    "值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
    "圆包火住调满县局照参红细引听该铁价严"
)


def random_text(size: int) -> str:
    rng = random.Random(size)
    return "".join(rng.choice(_HANZI) for _ in range(size))


def repeat(unit: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return make


PATTERNS: dict[str, Callable[[int], str]] = {
    "random hanzi": random_text,
    "digits": repeat("1"),
    "digits-sep": repeat("1-"),
    "digit dots": repeat("12.3"),
    "digit spaces": repeat("1 "),
    "dates 年月日": repeat("2023年5月8日"),
    "年月日 bare": repeat("年月日"),
    "digit 年": repeat("1年"),
    "iso dates": repeat("2023-05-08"),
    "open （": repeat("（"),
    "open (": repeat("("),
    "（a": repeat("（甲"),
    "号": repeat("号"),
    "1号": repeat("1号"),
    "有限公司": repeat("有限公司"),
    "（分公司）": repeat("（分公司）"),
    "spaces": repeat(" "),
    "zero-width": repeat("\u200b"),
    "a zw": repeat("a\u200b"),
    "许可项目：": repeat("许可项目："),
    "不含": repeat("（不含"),
    "仅限": repeat("仅限"),
    "；": repeat("食品销售；"),
    "长期": repeat("长期"),
    "至": repeat("2023.06.12至"),
    "uscc": repeat("91330106JU6XYHXB07"),
    "ric": repeat("330106196304189592 "),
    "phone": repeat("13800138000 "),
    "ASCII letters": repeat("ab"),
    "、": repeat("、"),
    "escape": repeat("\\u00"),
}


def food_shop() -> dict[str, Any]:
    return json.loads(EXAMPLES.read_text(encoding="utf-8").splitlines()[0])


def put(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(record)
    node: Any = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def _timed(record: Any, queue: Any) -> None:
    from qualcheck import verify

    start = time.perf_counter()
    report = verify(record, as_of=AS_OF)
    queue.put((time.perf_counter() - start, report.decision.value, len(report.findings)))


def measure(record: Any, budget: float) -> tuple[float | None, str, int]:
    """Seconds to verify ``record`` in a child process; ``None`` past ``budget``."""
    queue: Any = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(target=_timed, args=(record, queue))
    child.start()
    child.join(budget)
    if child.is_alive():
        child.kill()
        child.join()
        return None, "-", 0
    try:
        return queue.get(timeout=1)
    except Exception:
        return None, "crash", 0


def fmt(result: tuple[float | None, str, int], budget: float) -> str:
    seconds, decision, _ = result
    return f">{budget:.0f}s" if seconds is None else f"{seconds:.3f}{decision[0]}"


def text_fields(sizes: list[int], budget: float, only: str | None) -> None:
    from qualcheck import verify

    base = food_shop()
    verify(base, as_of=AS_OF)  # imports and warms up before the children fork
    print(f"{'field':<22} {'pattern':<14} " + " ".join(f"{s:>10,}" for s in sizes))
    for field, path in FIELDS.items():
        if only and only not in field:
            continue
        for name, make in PATTERNS.items():
            cells = []
            for size in sizes:
                result = measure(put(base, path, make(size)), budget)
                cells.append(fmt(result, budget))
                if result[0] is None or result[0] > budget / 4:
                    cells += ["skip"] * (len(sizes) - len(cells))
                    break
            print(f"{field:<22} {name:<14} " + " ".join(f"{c:>10}" for c in cells), flush=True)


def many(budget: float) -> None:
    from qualcheck.testing import make_merchant

    base = food_shop()
    rng = random.Random(1)
    print("\ncounts (seconds per verify)")
    for count in (10, 100, 1_000, 10_000):
        row = []
        documents = [copy.deepcopy(base["documents"][i % 2]) for i in range(count)]
        row.append(("documents", put(base, ("documents",), documents)))
        shops = [dict(base["shops"][0], shop_id=f"s{i}") for i in range(count)]
        row.append(("shops", put(base, ("shops",), shops)))
        cats = [f"类目{i}" for i in range(count)]
        row.append(("unknown categories", put(base, ("categories",), cats)))
        known = (base["categories"] * count)[:count]
        row.append(("repeated categories", put(base, ("categories",), known)))
        bad_docs = [
            {"kind": "food_business", "number": f"JY1330106{i:07d}", "holder_name": f"别家{i}"}
            for i in range(count)
        ]
        row.append(("bad documents", put(base, ("documents",), base["documents"] + bad_docs)))
        row.append(
            (
                "generated docs",
                put(
                    base,
                    ("documents",),
                    [
                        d
                        for _ in range(count // 10 + 1)
                        for d in make_merchant("food_shop", as_of=AS_OF, rng=rng)["documents"]
                    ][:count],
                ),
            )
        )
        for name, record in row:
            result = measure(record, budget)
            print(f"  {name:<22} {count:>7,}  {fmt(result, budget):>10}  findings={result[2]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--budget", type=float, default=20.0)
    parser.add_argument("--only", default=None)
    parser.add_argument("--counts", action="store_true", help="only the counts table")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if not args.counts:
        text_fields(sizes, args.budget, args.only)
    many(args.budget)


if __name__ == "__main__":
    main()
