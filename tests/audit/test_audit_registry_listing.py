"""Audit: a licence as the registry lists it, held against the seller's document.

Contract (docs/registries/index.md, "The listed licence against the document", and the
docstring of qualcheck/checks/registry.py):

* **validity** — a listed end still to come but earlier than the document's (or a listed
  end against a long-term document) is ``registry.license_validity_mismatch`` (review) at
  ``documents[i].validity``; a later listed end (a renewal the document predates), a
  long-term listing, a listing without an end, or the same day are not reported; a listed
  end already past is ``registry.license_expired`` only;
* **scope** — the listed scope is read exactly as a document's scope is (exclusions,
  limitations, traditional characters, full-width punctuation, class enumerations); a
  declared category the documents' scopes cover but the listed scopes do not is
  ``registry.license_scope_not_covering`` (review) at ``documents[i].scope``, with
  ``category``, ``entry``, ``document``, ``number`` and ``registry_scope`` (at most 200
  characters, personal numbers masked) in ``ctx``; a listing that names none of the
  policy's scope words for its kind says nothing comparable and is not judged, nor is the
  scope of an ended licence;
* a number listed more than once is judged by its best entry, whatever the order; numbers
  are compared in their kind's compact form; only kinds the registry covers are judged.

Attacked with every ``make_merchant`` profile and with listings in the forms registries
publish, and hostile ones (markup, JSON, 10,000 characters, brackets nested a thousand
deep).  Personal numbers are generated (``qualcheck.testing``), never real people's.
"""

from __future__ import annotations

import datetime
import itertools
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, EXAMPLES, PHONE

from qualcheck import Decision, Report, verify
from qualcheck._codes import _date_zh
from qualcheck.checks.categories import load_category_policy
from qualcheck.dates import Validity
from qualcheck.registries import SqliteRegistry
from qualcheck.testing import PROFILES, MockRegistry, make_merchant, make_ric

SCOPE_CODE = "registry.license_scope_not_covering"
VALIDITY_CODE = "registry.license_validity_mismatch"
PERSON = make_ric(birth_date=datetime.date(1990, 5, 17), rng=random.Random(20261130))

# ------------------------------------------------------------------------------ helpers


def merchant(profile: str = "food_shop", seed: int = 7) -> dict[str, Any]:
    return make_merchant(profile, as_of=AS_OF, rng=random.Random(seed))


def doc_index(record: dict[str, Any], kind: str) -> int:
    return next(i for i, d in enumerate(record["documents"]) if d["kind"] == kind)


def listing(
    record: dict[str, Any],
    kind: str,
    *entries: dict[str, Any],
    license_kinds: set[str] | None = None,
) -> MockRegistry:
    """A registry that lists ``record`` as it declares itself, except its ``kind`` licence:
    one entry per update of ``entries`` (none given: listed as it is)."""
    registry = MockRegistry(name="snapshot", license_kinds=license_kinds)
    base = registry.add_merchant(record)
    own = [licence for licence in base.licenses if licence.kind == kind]
    others = [licence for licence in base.licenses if licence.kind != kind]
    listed = [own[0].model_copy(update=update) for update in entries] if entries else own
    registry.add(base.model_copy(update={"licenses": (*others, *listed)}))
    return registry


def check(record: dict[str, Any], registry: MockRegistry) -> Report:
    return verify(record, as_of=AS_OF, registry=registry)


def registry_codes(report: Report) -> list[str]:
    return [code for code in report.codes if code.startswith("registry.")]


def scope_findings(report: Report) -> list[Any]:
    return [finding for finding in report.findings if finding.code == SCOPE_CODE]


def assert_readable(report: Report) -> None:
    """Both languages filled in: no template slot left, no empty quotes."""
    for finding in report.findings:
        for message in (finding.message, finding.message_zh):
            assert message
            assert not re.search(r"\{[a-z_]*(![rs])?\}", message), message
            assert "None" not in message, message
            assert "“”" not in message, message


# --------------------------------------------------------- every profile, as it declares


@pytest.mark.parametrize("profile", PROFILES)
def test_every_profile_listed_as_it_declares_itself_passes(profile: str) -> None:
    record = merchant(profile)
    registry = MockRegistry(name="snapshot")
    registry.add_merchant(record)
    report = check(record, registry)
    assert report.decision is Decision.PASS, report.codes
    assert registry_codes(report) == []


@pytest.mark.parametrize("profile", [p for p in PROFILES if p != "natural_person"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_profile_listed_in_other_typography_still_passes(profile: str, seed: int) -> None:
    """The same scope, full-width, in traditional characters, one item a line: the
    same licence."""
    record = merchant(profile, seed)
    registry = MockRegistry(name="snapshot")
    base = registry.add_merchant(record)
    table = str.maketrans({";": "；", ",": "，", "(": "（", ")": "）", ":": "："})
    traditional = str.maketrans(
        {"预": "預", "装": "裝", "销": "銷", "药": "藥", "处": "處", "类": "類", "疗": "療"}
    )
    licences = tuple(
        licence.model_copy(
            update={
                "scope": licence.scope.translate(table).translate(traditional).replace("；", "\r\n")
            }
        )
        if licence.scope
        else licence
        for licence in base.licenses
    )
    registry.add(base.model_copy(update={"licenses": licences}))
    report = check(record, registry)
    assert registry_codes(report) == []
    assert report.decision is Decision.PASS


# ------------------------------------------------------------- listings that contradict

CONTRADICTING = [
    # (profile, kind, listed scope, declared categories or None, categories reported)
    ("food_shop", "food_business", "预包装食品销售", None, ["bulk_food"]),
    ("food_shop", "food_business", "預包裝食品銷售（含冷藏冷凍食品）", None, ["bulk_food"]),
    ("food_shop", "food_business", "食品销售（不含散装食品）", None, ["bulk_food"]),
    ("food_shop", "food_business", "食品销售（散装食品除外）", None, ["bulk_food"]),
    ("food_shop", "food_business", "除散装食品外的食品销售", None, ["bulk_food"]),
    # limited to cooked bulk food: bulk food in general is not covered
    (
        "food_shop",
        "food_business",
        "预包装食品销售\n散装食品销售（仅限散装熟食）",
        None,
        ["bulk_food"],
    ),
    (
        "food_shop",
        "food_business",
        "预包装食品销售；散装食品销售；以上均不含散装熟食",
        ["散装熟食"],
        ["bulk_food"],
    ),
    ("food_shop", "food_business", '{"scope": "预包装食品销售"}', None, ["bulk_food"]),
    ("food_shop", "food_business", "<p>预包装食品销售</p>", None, ["bulk_food"]),
    ("pharmacy", "drug_business", "非处方药（甲类、乙类）；中成药", None, ["prescription_drugs"]),
    ("pharmacy", "drug_business", "中成药、化学药（不含处方药）", None, ["prescription_drugs"]),
    (
        "pharmacy",
        "drug_business",
        "乙类非处方药",
        None,
        ["otc_drugs", "prescription_drugs"],  # class A OTC drugs are not covered
    ),
    (
        "device_seller",
        "device_business",
        "Ⅲ类：6815注射穿刺器械",
        None,
        ["medical_devices_class_2"],
    ),
    ("device_seller", "device_business", "第二类医疗器械", None, ["medical_devices_class_3"]),
    (
        "device_seller",
        "device_business",
        "医疗器械（除第三类外）",
        None,
        ["medical_devices_class_3"],
    ),
    (
        "device_seller",
        "device_business",
        "第一类医疗器械",
        None,
        ["medical_devices_class_2", "medical_devices_class_3"],
    ),
    (
        "device_seller",
        "device_business",
        "II类：6820普通诊察器械",
        ["隐形眼镜", "二类器械"],
        ["medical_devices_class_3"],
    ),
]


@pytest.mark.parametrize(("profile", "kind", "listed", "categories", "reported"), CONTRADICTING)
def test_a_listing_that_contradicts_the_document_is_never_passed(
    profile: str, kind: str, listed: str, categories: list[str] | None, reported: list[str]
) -> None:
    record = merchant(profile)
    if categories is not None:
        record["categories"] = categories
    if profile == "food_shop" and categories == ["散装熟食"]:
        record["documents"][doc_index(record, kind)]["scope"] = "预包装食品销售；散装食品销售"
    report = check(record, listing(record, kind, {"scope": listed}))
    found = scope_findings(report)
    assert sorted(f.ctx["category"] for f in found) == sorted(reported)
    assert_readable(report)
    if not reported:
        assert report.decision is Decision.PASS
        return
    assert report.decision is Decision.REVIEW
    index = doc_index(record, kind)
    for finding in found:
        assert finding.path == ("documents", index, "scope")
        assert finding.ctx["document"] == index
        assert finding.ctx["source"] == "snapshot"
        assert finding.ctx["registry_scope"] == " ".join(listed.split())
        number = record["documents"][index]["number"]
        assert finding.ctx["number"] in (number, number.removesuffix("号"))
        declared = record["categories"][finding.ctx["entry"]]
        resolved = load_category_policy().resolve(declared)
        assert resolved is not None
        assert resolved.id == finding.ctx["category"]
        assert finding.ctx["category"] in finding.message
        assert finding.ctx["registry_scope"] in finding.message_zh


# ----------------------------------------------- listings that cover or say nothing to hold

COVERING = [
    ("food_shop", "food_business", "预包装食品销售,散装食品销售"),
    ("food_shop", "food_business", "預包裝食品銷售；散裝食品銷售（不含散裝熟食）"),
    ("food_shop", "food_business", "1.预包装食品销售\n2.散装食品销售"),
    ("food_shop", "food_business", "①预包装食品销售②散装食品销售"),
    ("food_shop", "food_business", "预包装食品销售（含冷藏冷冻食品）\r\n散装食品销售"),
    ("food_shop", "food_business", "<p>预包装食品销售</p><br/>散装食品销售"),
    ("food_shop", "food_business", '["预包装食品销售", "散装食品销售"]'),
    ("food_shop", "food_business", '{"许可范围": "预包装食品销售；散装食品销售"}'),
    ("food_shop", "food_business", "食品经营许可证"),
    ("food_shop", "food_business", "食品销售经营者"),
    ("food_shop", "food_business", "食品经营"),
    ("food_shop", "food_business", "食品销售；热食类食品制售"),
    ("restaurant", "food_business", "热食类食品制售"),
    ("restaurant", "food_business", "餐饮服务经营者（小型餐馆）"),
    ("pharmacy", "drug_business", "处方药、非处方药（甲类、乙类）"),
    ("pharmacy", "drug_business", "中成药；化学药"),
    ("pharmacy", "drug_business", "药品经营许可证"),
    ("pharmacy", "drug_info", "经营性互联网药品信息服务"),
    ("device_seller", "device_business", "Ⅱ、Ⅲ类：6815注射穿刺器械；6820普通诊察器械"),
    ("device_seller", "device_business", "第二类、第三类医疗器械"),
    ("device_seller", "device_business", "2002年版分类目录：Ⅲ类6815，Ⅱ类6820"),
    ("device_seller", "device_business", "医疗器械经营许可证"),
    ("certification_body", "cnca", "产品认证"),
    ("certification_body", "cnca", "认证机构批准书"),
    ("testing_lab", "cma", "建筑材料"),
    ("individual_business", "food_filing", "仅销售预包装食品"),
    ("individual_business", "food_filing", "预包装食品（含冷藏冷冻食品）销售"),
]


@pytest.mark.parametrize(("profile", "kind", "listed"), COVERING)
def test_a_listing_that_covers_or_says_nothing_comparable_is_not_reported(
    profile: str, kind: str, listed: str
) -> None:
    record = merchant(profile)
    report = check(record, listing(record, kind, {"scope": listed}))
    assert registry_codes(report) == []
    assert report.decision is Decision.PASS


@pytest.mark.parametrize(
    "listed",
    ["（一）预包装食品销售；（二）散装食品销售", "(1)预包装食品销售(2)散装食品销售"],
)
def test_a_listing_numbered_with_brackets_covers_what_it_lists(listed: str) -> None:
    record = merchant()
    report = check(record, listing(record, "food_business", {"scope": listed}))
    assert registry_codes(report) == []


def test_a_document_without_scope_is_held_to_the_listing_alone() -> None:
    """A document that states no scope claims nothing to contradict, but the listing is
    then the only word on what the licence covers."""
    record = merchant()
    index = doc_index(record, "food_business")
    del record["documents"][index]["scope"]
    report = check(record, listing(record, "food_business", {"scope": "预包装食品销售"}))
    assert registry_codes(report) == ["registry.license_listed_scope_not_covering"]
    assert report.decision is Decision.REVIEW
    (finding,) = [f for f in report.findings if f.code.startswith("registry.")]
    assert finding.path == ("documents", index, "scope")
    assert finding.ctx["category"] == "bulk_food"
    assert "未载明许可范围" in finding.message_zh
    covering = "预包装食品销售；散装食品销售"
    report = check(record, listing(record, "food_business", {"scope": covering}))
    assert registry_codes(report) == []


# ------------------------------------------------------------- hostile listed scopes


def test_a_10000_character_listing_is_read_quoted_short_and_masked() -> None:
    record = merchant()
    filler = "日用百货销售；" * 720
    listed = f"预包装食品销售；联系人身份证{PERSON}，电话{PHONE}；{filler}"
    assert len(listed) > 5000
    report = check(record, listing(record, "food_business", {"scope": listed * 2}))
    (finding,) = scope_findings(report)
    shown = finding.ctx["registry_scope"]
    assert len(shown) <= 200
    assert shown.endswith("…")
    text = report.to_json()
    assert PERSON not in text
    assert PHONE not in text
    assert_readable(report)


@pytest.mark.parametrize("offset", range(170, 201))
def test_a_personal_number_cut_by_the_quote_leaves_no_part_of_it_bare(offset: int) -> None:
    """The quote is cut at 200 characters: a number straddling the cut is masked before
    it is cut, never left as its first 9-17 digits."""
    record = merchant()
    listed = "预包装食品销售；" + "百" * (offset - 8) + PERSON + "；日用百货销售"
    report = check(record, listing(record, "food_business", {"scope": listed}))
    (finding,) = scope_findings(report)
    shown = finding.ctx["registry_scope"]
    assert len(shown) <= 200
    bare = [PERSON[k : k + 6] for k in range(3, len(PERSON) - 9)]
    assert not any(part in shown for part in bare), shown[-30:]
    assert not any(part in finding.message_zh for part in bare)


def test_a_listing_nested_past_reading_is_reviewed_not_a_crash() -> None:
    record = merchant()
    listed = "（" * 1200 + "散装食品销售" + "）" * 1200
    report = check(record, listing(record, "food_business", {"scope": listed}))
    assert "engine.check_error" not in report.codes
    assert report.decision is Decision.REVIEW
    assert registry_codes(report) == [SCOPE_CODE]
    assert len(scope_findings(report)[0].ctx["registry_scope"]) <= 200


def test_a_business_scope_nested_past_reading_is_reviewed_not_a_crash() -> None:
    record = merchant()
    registry = MockRegistry(name="snapshot")
    registry.add_merchant(record, scope="（" * 1200 + "食品销售" + "）" * 1200)
    report = check(record, registry)
    assert "engine.check_error" not in report.codes
    assert report.decision is Decision.REVIEW


@pytest.mark.parametrize(
    "listed",
    [
        "",
        "   ",
        "；；；",
        "\n\n",
        "（）",
        "【】（）{}",
        "不含",
        "除外",
        "仅限",
        "以上",
        "?",
        "null",
    ],
)
def test_empty_or_meaningless_listings_say_nothing(listed: str) -> None:
    record = merchant()
    report = check(record, listing(record, "food_business", {"scope": listed}))
    assert registry_codes(report) == []


def test_random_listings_never_crash_and_never_pass_a_listing_that_drops_bulk_food() -> None:
    rng = random.Random(11)
    pieces = [
        "预包装食品销售",
        "（含冷藏冷冻食品）",
        "日用百货",
        "；",
        "，",
        "、",
        "\n",
        "（",
        "）",
    ]
    pieces += ["不含", "除", "外", "仅限", "以上", "類", "Ⅱ", "【", "】", "{", "}", "<br>", PHONE]
    record = merchant()
    for _ in range(60):
        listed = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        report = check(record, listing(record, "food_business", {"scope": listed}))
        assert "engine.check_error" not in report.codes, listed
        assert_readable(report)
        assert PHONE not in report.to_json()
        # it names no bulk food: a listing that reads as a scope does not cover it
        if "预包装食品" in listed.replace("（", "").replace("）", ""):
            read = [f.ctx["category"] for f in scope_findings(report)]
            assert read in ([], ["bulk_food"])


# ----------------------------------------------------- which licence, which entries, which kinds


@pytest.mark.parametrize(
    ("listed_number"),
    ["{n}", "{n}号", " {n} ", "{n_lower}", "{n_wide}"],
)
@pytest.mark.parametrize("profile", ["food_shop", "device_seller"])
def test_a_number_spelled_differently_is_the_same_licence(profile: str, listed_number: str) -> None:
    record = merchant(profile)
    kind = "food_business" if profile == "food_shop" else "device_business"
    number = record["documents"][doc_index(record, kind)]["number"]
    bare = number.removesuffix("号")
    spelled = listed_number.format(
        n=bare,
        n_lower=bare.lower(),
        n_wide="".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in bare),
    )
    narrow = "预包装食品销售" if kind == "food_business" else "III类：6815注射穿刺器械"
    report = check(record, listing(record, kind, {"number": spelled, "scope": narrow}))
    assert registry_codes(report) == [SCOPE_CODE]
    assert "registry.license_not_found" not in report.codes


FULL = "预包装食品销售；散装食品销售"
NARROW = "预包装食品销售"


@pytest.mark.parametrize(
    ("entries", "codes"),
    [
        # the narrower entry is the current one: the old, ended one does not cover for it
        (
            [
                {"scope": NARROW},
                {"scope": FULL, "validity": Validity(valid_to="2024-01-01")},
            ],
            [SCOPE_CODE],
        ),
        ([{"scope": NARROW}, {"scope": FULL, "status_raw": "注销"}], [SCOPE_CODE]),
        # the current entry covers: an old narrower one says nothing any more
        (
            [
                {"scope": FULL},
                {"scope": NARROW, "validity": Validity(valid_to="2024-01-01")},
            ],
            [],
        ),
        # same end, later start: the newer entry (a change of scope) decides
        (
            [
                {
                    "scope": NARROW,
                    "validity": Validity(valid_from="2025-03-01", valid_to="2031-01-01"),
                },
                {
                    "scope": FULL,
                    "validity": Validity(valid_from="2021-01-01", valid_to="2031-01-01"),
                },
            ],
            [SCOPE_CODE],
        ),
        # entries that tie on everything: the licence is read by the one that covers
        ([{"scope": NARROW}, {"scope": FULL}], []),
        ([{"scope": NARROW}, {"scope": "食品经营许可证"}], [SCOPE_CODE]),
        ([{"scope": NARROW}, {"scope": None}], [SCOPE_CODE]),
    ],
)
def test_a_number_listed_several_times_is_judged_whatever_the_order(
    entries: list[dict[str, Any]], codes: list[str]
) -> None:
    record = merchant()
    document = record["documents"][doc_index(record, "food_business")]
    document.pop("validity", None)
    document["valid_from"], document["valid_to"] = "2021-01-01", "2031-01-01"
    base = {"validity": Validity(valid_from="2021-01-01", valid_to="2031-01-01")}
    outcomes = set()
    for order in itertools.permutations(entries):
        report = check(record, listing(record, "food_business", *({**base, **e} for e in order)))
        found = [c for c in registry_codes(report) if c != "registry.license_revoked"]
        outcomes.add(tuple(found))
    assert outcomes == {tuple(codes)}


def test_a_kind_the_registry_does_not_cover_is_not_judged() -> None:
    record = merchant()
    registry = listing(
        record,
        "food_business",
        {"scope": NARROW, "validity": Validity(valid_to="2027-01-01")},
        license_kinds={"drug_business"},
    )
    report = check(record, registry)
    assert registry_codes(report) == []


@pytest.mark.parametrize(
    ("status", "codes"),
    [
        ("吊销", ["registry.license_revoked"]),
        ("注销", ["registry.license_revoked"]),
        ("暂停", ["registry.license_suspended", SCOPE_CODE]),
        ("待审核", ["registry.license_status_unknown", SCOPE_CODE]),
        ("有效", [SCOPE_CODE]),
        (None, [SCOPE_CODE]),
    ],
)
def test_a_listed_status_and_the_scope(status: str | None, codes: list[str]) -> None:
    record = merchant()
    report = check(
        record, listing(record, "food_business", {"scope": NARROW, "status_raw": status})
    )
    assert sorted(registry_codes(report)) == sorted(codes)
    assert report.decision is not Decision.PASS


def test_a_licence_listed_as_expired_is_not_also_compared_by_scope() -> None:
    record = merchant()
    ended = Validity(valid_from="2020-01-01", valid_to="2025-01-01")
    report = check(record, listing(record, "food_business", {"scope": NARROW, "validity": ended}))
    assert registry_codes(report) == ["registry.license_expired"]
    assert report.decision is Decision.FAIL


# ------------------------------------------------------------- two licences of one kind


def _two_licences() -> tuple[dict[str, Any], MockRegistry]:
    """A food shop with a second food-sales licence (another shop) of its own; both cover
    bulk food on paper."""
    record = merchant()
    first = record["documents"][doc_index(record, "food_business")]
    second = dict(first, number=merchant(seed=8)["documents"][1]["number"])
    record["documents"].append(second)
    registry = MockRegistry(name="snapshot")
    registry.add_merchant(record)
    return record, registry


def _relist(registry: MockRegistry, record: dict[str, Any], scopes: dict[int, str]) -> None:
    base = registry.add_merchant(record)
    numbers = {record["documents"][i]["number"]: scope for i, scope in scopes.items()}
    licences = tuple(
        lic.model_copy(update={"scope": numbers[lic.number]}) if lic.number in numbers else lic
        for lic in base.licenses
    )
    registry.add(base.model_copy(update={"licenses": licences}))


def test_of_two_licences_the_one_whose_listing_drops_the_category_is_named() -> None:
    record, registry = _two_licences()
    first, second = 1, 2
    record["documents"][second]["scope"] = "预包装食品销售"  # this one never covered it
    _relist(registry, record, {first: NARROW, second: "预包装食品销售（含冷藏冷冻食品）"})
    report = check(record, registry)
    # the second document still covers bulk food? no: only the first did, and its listing
    # drops it; the second's listing differs from its document but was never the cover
    assert [(f.ctx["document"], f.path) for f in scope_findings(report)] == [
        (first, ("documents", first, "scope"))
    ]


def test_of_two_licences_that_both_cover_one_listing_dropping_it_is_no_loss() -> None:
    record, registry = _two_licences()
    _relist(registry, record, {1: NARROW})
    assert registry_codes(check(record, registry)) == []


def test_of_two_licences_that_both_cover_both_listings_dropping_it_name_both() -> None:
    record, registry = _two_licences()
    _relist(registry, record, {1: NARROW, 2: NARROW + "；日用百货"})
    report = check(record, registry)
    assert sorted(f.ctx["document"] for f in scope_findings(report)) == [1, 2]
    assert {f.ctx["category"] for f in scope_findings(report)} == {"bulk_food"}


# ------------------------------------------------------------------- declared categories


@pytest.mark.parametrize(
    ("categories", "entry"),
    [
        (["bulk_food"], 0),
        (["散装食品"], 0),
        (["日用百货", "散装食品", "bulk_food", "散装食品销售"], 1),
        (["食品 > 散装食品"], 0),
        (["食品饮料 > 休闲零食 > 散装食品"], 0),
        (["  ", "散装食品"], 1),
        (["宠物用品", "散装食品"], 1),
    ],
)
def test_the_declared_entry_is_named(categories: list[str], entry: int) -> None:
    record = merchant()
    record["categories"] = categories
    report = check(record, listing(record, "food_business", {"scope": NARROW}))
    (finding,) = scope_findings(report)
    assert finding.ctx["entry"] == entry
    assert finding.ctx["category"] == "bulk_food"
    assert_readable(report)


@pytest.mark.parametrize(
    "categories", [[], ["宠物用品"], ["日用百货"], ["烟花爆竹"], ["prepackaged_food"]]
)
def test_categories_the_listing_does_not_touch_bring_no_scope_finding(
    categories: list[str],
) -> None:
    record = merchant()
    record["categories"] = categories
    report = check(record, listing(record, "food_business", {"scope": NARROW}))
    assert SCOPE_CODE not in report.codes


def test_a_category_declared_by_a_name_the_listing_excludes_is_read_by_that_name() -> None:
    record = merchant()
    record["documents"][doc_index(record, "food_business")]["scope"] = FULL
    listed = "预包装食品销售；散装食品销售（不含散装熟食）"
    record["categories"] = ["散装食品", "散装熟食"]  # one category, by two names
    (finding,) = scope_findings(check(record, listing(record, "food_business", {"scope": listed})))
    assert finding.ctx["entry"] == 0
    record["categories"] = ["散装食品"]
    report = check(record, listing(record, "food_business", {"scope": listed}))
    assert registry_codes(report) == []


# ------------------------------------------------------------------------------ validity


def _validity_case(document_to: str, listed: Validity) -> tuple[int, Report]:
    record = merchant()
    index = doc_index(record, "food_business")
    document = record["documents"][index]
    document.pop("validity", None)
    document["valid_from"], document["valid_to"] = "2022-01-01", document_to
    return index, check(record, listing(record, "food_business", {"validity": listed}))


@pytest.mark.parametrize(
    ("document_to", "listed", "codes", "claimed"),
    [
        ("2027-06-30", Validity(valid_from="2022-01-01", valid_to="2027-06-30"), [], None),
        (
            "2027-06-30",
            Validity(valid_from="2022-01-01", valid_to="2027-06-29"),
            [VALIDITY_CODE],
            "2027-06-30",
        ),
        ("2027-06-30", Validity(valid_from="2022-01-01", valid_to="2031-06-29"), [], None),
        ("2027-06-30", Validity(valid_from="2022-01-01", long_term=True), [], None),
        ("2027-06-30", Validity(valid_from="2022-01-01", valid_to="9999-12-31"), [], None),
        ("2027-06-30", Validity(valid_from="2022-01-01"), [], None),
        ("长期", Validity(valid_from="2022-01-01", valid_to="长期"), [], None),
        (
            "长期",
            Validity(valid_from="2022-01-01", valid_to="2030-01-01"),
            [VALIDITY_CODE],
            "long-term",
        ),
        (
            "9999-12-31",
            Validity(valid_from="2022-01-01", valid_to="2030-01-01"),
            [VALIDITY_CODE],
            "long-term",
        ),
        (
            "2027-06-30",
            Validity(valid_from="2022-01-01", valid_to="2026-11-28"),
            ["registry.license_expired"],
            None,
        ),
        # the last day is a valid day: not expired, but earlier than the document's
        (
            "2027-06-30",
            Validity(valid_from="2022-01-01", valid_to="2026-11-29"),
            [VALIDITY_CODE],
            "2027-06-30",
        ),
        # a later start (a renewal) with a later end: nothing to report
        ("2027-06-30", Validity(valid_from="2026-07-01", valid_to="2031-06-30"), [], None),
        # a later start with an earlier end: the end decides
        (
            "2027-06-30",
            Validity(valid_from="2024-01-01", valid_to="2027-01-31"),
            [VALIDITY_CODE],
            "2027-06-30",
        ),
    ],
)
def test_listed_validity_against_the_document(
    document_to: str, listed: Validity, codes: list[str], claimed: str | None
) -> None:
    index, report = _validity_case(document_to, listed)
    assert registry_codes(report) == codes
    assert_readable(report)
    if VALIDITY_CODE not in codes:
        return
    assert report.decision is Decision.REVIEW
    finding = next(f for f in report.findings if f.code == VALIDITY_CODE)
    assert finding.path == ("documents", index, "validity")
    assert finding.ctx["document"] == index
    assert finding.ctx["registry_valid_to"] == listed.valid_to.isoformat()  # type: ignore[union-attr]
    assert finding.ctx["document_valid_to"] == claimed
    assert finding.ctx["document_valid_to_zh"] == ("长期" if claimed == "long-term" else claimed)
    assert _date_zh(finding.ctx["registry_valid_to"]) in finding.message_zh  # 2027年6月30日


def test_a_document_without_an_end_is_not_held_to_the_listed_end() -> None:
    record = merchant("individual_business")  # a filing: no validity at all
    listed = Validity(valid_from="2022-01-01", valid_to="2027-01-01")
    report = check(record, listing(record, "food_filing", {"validity": listed}))
    assert registry_codes(report) == []


@pytest.mark.parametrize("status", ["暂停", "待审核"])
def test_a_suspended_or_unrecognised_listing_still_compares_its_end(status: str) -> None:
    record = merchant()
    index = doc_index(record, "food_business")
    document = record["documents"][index]
    document.pop("validity", None)
    document["valid_from"], document["valid_to"] = "2022-01-01", "2031-01-01"
    listed = Validity(valid_from="2022-01-01", valid_to="2027-01-01")
    report = check(
        record, listing(record, "food_business", {"validity": listed, "status_raw": status})
    )
    assert VALIDITY_CODE in report.codes
    assert report.decision is Decision.REVIEW


# ----------------------------------------------------------------- the example registry


DOCUMENTED = {
    # docs/registries/embedded.md, "The example registry"
    "09-expired-licence.json": ["registry.license_expired"],
    "10-name-mismatch.json": ["registry.license_not_found"],
    "11-uscc-mismatch.json": ["registry.not_found"],
    "13-banned-category.json": ["registry.status_revoked"],
    "15-wholesale-drugs-retail.json": ["registry.legal_rep_mismatch"],
    "16-pilot-uscc.json": ["registry.name_former"],
}


def test_the_example_registry_answers_the_examples_as_documented() -> None:
    with SqliteRegistry(EXAMPLES / "registry.sqlite") as registry:
        for path in sorted((EXAMPLES / "merchants").glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            report = verify(record, as_of=AS_OF, registry=registry)
            assert registry_codes(report) == DOCUMENTED.get(path.name, []), path.name
            assert_readable(report)


def test_a_snapshot_loaded_with_a_narrower_listing_is_reviewed(tmp_path: Path) -> None:
    lines = (EXAMPLES / "registry.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    shop = next(row for row in rows if row.get("uscc") == "91330106JU6XYHXB07")
    shop["licenses"][0]["scope"] = "预包装食品销售（含冷藏冷冻食品）"
    shop["licenses"][0]["valid_to"] = "2027-12-31"
    source = tmp_path / "registry.jsonl"
    source.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), "utf-8")
    with SqliteRegistry.create(tmp_path / "registry.sqlite") as writer:
        assert writer.load(source).ok
    record = json.loads((EXAMPLES / "merchants" / "01-food-shop.json").read_text("utf-8"))
    with SqliteRegistry(tmp_path / "registry.sqlite", name="snapshot") as registry:
        report = verify(record, as_of=AS_OF, registry=registry)
    assert sorted(registry_codes(report)) == sorted([SCOPE_CODE, VALIDITY_CODE])
    assert report.decision is Decision.REVIEW
    assert_readable(report)
    scope = next(f for f in report.findings if f.code == SCOPE_CODE)
    assert scope.ctx["category"] == "bulk_food"
    assert scope.ctx["source"] == "snapshot"
