"""Audit: the open items of the last session — names without a trade name, names in Latin
letters, a flood of unknown categories, and values hidden under keys of the platform's own.

Contract (docs/verify.md "What consistency compares" and "The record", docs/models.md
"Field names", docs/registries/index.md "The registered name against the declared one"):

* an individual business without a trade name (its licence or the registry shows ``*``,
  ``无字号``, or its operator's name) is named by its operator: a record named by him, or
  giving him as its operator, is that seller; a record that gives another name and no
  operator is tied by its USCC alone — reviewed (``name_similar``, the operator rule's
  *similar*), never a silent pass;
* a name in Latin letters (a foreign-invested enterprise's English name) cannot be
  compared with a name in Chinese characters: reviewed (``name_not_comparable``), never
  failed, on documents and against the registry; two Latin names compare as names (case,
  punctuation, Co./Company, Ltd./Limited, Corp./Corporation alike);
* declared categories are read once each, in time linear in their number, and every
  unknown one is named in its own finding;
* a field that decides a verification (a validity date, a number, a USCC, documents,
  categories), given under a key of the platform's own and not as the field, is reported
  (``record.invalid_value``, review) unless the field gives the same value; other keys of
  the platform's own stay ignored.

Personal numbers: none.  USCCs are generated.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from audit_support import AS_OF, Fixed, food_shop, json_paths, registry_merchant

from qualcheck import Decision, Report, verify
from qualcheck.checks.categories import CategoryPolicy, load_category_policy
from qualcheck.registries import LookupResult, MemoryRegistry, RegistryRecord
from qualcheck.registries._record import ElementMatch
from qualcheck.testing import make_uscc

RNG = random.Random(20261201)
INDIVIDUAL = make_uscc(entity_type="2", region="330106", rng=RNG)
COMPANY = make_uscc(entity_type="1", region="110105", rng=RNG)
OPERATOR = "李四"
SHOP = "杭州市西湖区老李水果店"


def seller(name: str, operator: str | None, *, uscc: str = INDIVIDUAL, **licence: Any) -> Any:
    """A seller with its long-term business licence (``licence`` set over it); an
    individual business when ``uscc`` is one's."""
    record = registry_merchant("audit-open", uscc, name, operator or "")
    if operator is None:
        del record["legal_representative"]
    if uscc == INDIVIDUAL:
        record["subject_type"] = "个体工商户"
    record["documents"][0].update(licence)
    return record


def against(record: dict[str, Any], **row: Any) -> Report:
    """``record`` verified against a registry holding ``row`` for its USCC."""
    registry = MemoryRegistry([{"uscc": record["uscc"], "status": "存续", **row}])
    return verify(record, as_of=AS_OF, registry=registry)


def name_codes(report: Report) -> list[str]:
    return [code for code in report.codes if ".name_" in code]


# ------------------------------------------------- 1. no trade name: the operator names it

NO_TRADE_NAME = [OPERATOR, "*", "无字号", "（无）", "/"]
REGISTERED_WITHOUT_TRADE_NAME = [*NO_TRADE_NAME, f"（{OPERATOR}）"]


@pytest.mark.parametrize("holder", NO_TRADE_NAME)
def test_a_licence_without_trade_name_does_not_tie_another_name(holder: str) -> None:
    """Defect (fixed, fail-open): the licence of 李四's business without a trade name, in
    a record named 王五 that gives no operator, passed — only the USCC tied it.  The
    record's name is neither the registered name nor the operator: review."""
    record = seller("王五", None, holder_name=holder, legal_representative=OPERATOR)
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    assert report.codes == ("consistency.name_similar",)
    assert json_paths(report) == ["$.documents[0].holder_name"]
    assert OPERATOR in report.findings[0].message


@pytest.mark.parametrize("registered", REGISTERED_WITHOUT_TRADE_NAME)
def test_a_registry_without_trade_name_does_not_tie_another_name(registered: str) -> None:
    """Defect (fixed, fail-open): the registry's answer showing no trade name (the
    operator as the name, or a placeholder) and operator 李四 passed a record named 王五
    with no operator."""
    report = against(seller("王五", None), name=registered, legal_representative=OPERATOR)
    assert report.decision is Decision.REVIEW, report.codes
    assert name_codes(report) == ["registry.name_similar"]
    assert json_paths(report)[-1] == "$.name"


@pytest.mark.parametrize("holder", NO_TRADE_NAME)
@pytest.mark.parametrize(
    ("name", "operator"),
    [
        (OPERATOR, None),  # named by its operator
        (OPERATOR, OPERATOR),
        (SHOP, OPERATOR),  # a shop name, and the operator the licence shows
    ],
)
def test_an_individual_business_named_by_its_operator_still_passes(
    holder: str, name: str, operator: str | None
) -> None:
    """The legitimate cases: the record is named by the operator, or gives him."""
    printed = f"{OPERATOR}（经营者）"
    offline = seller(name, operator, holder_name=holder, legal_representative=printed)
    assert verify(offline, as_of=AS_OF).decision is Decision.PASS
    online = against(seller(name, operator), name=holder, legal_representative=printed)
    assert (online.decision, online.codes) == (Decision.PASS, ())


def test_a_masked_operator_that_fits_the_record_s_name_passes() -> None:
    record = seller(OPERATOR, None, holder_name="*", legal_representative="李*")
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


@pytest.mark.parametrize("holder", ["*", OPERATOR])
def test_another_operator_is_never_a_pass(holder: str) -> None:
    """The record gives operator 王五, the licence (or registry) 李四: reviewed or failed,
    as before."""
    offline = seller("王五", "王五", holder_name=holder, legal_representative=OPERATOR)
    assert verify(offline, as_of=AS_OF).decision is not Decision.PASS
    online = against(seller("王五", "王五"), name=holder, legal_representative=OPERATOR)
    assert online.decision is not Decision.PASS
    assert "registry.legal_rep_mismatch" in online.codes


def test_a_company_is_never_named_by_its_legal_representative() -> None:
    """The operator rule is for individual businesses: unchanged for a company."""
    record = seller("北京示例科技有限公司", None, uscc=COMPANY, holder_name=OPERATOR)
    record["documents"][0]["legal_representative"] = OPERATOR
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "consistency.name_mismatch" in report.codes


# ------------------------------------------------------- 2. names in Latin letters

ENGLISH = "Apple Electronic Products Trading (Beijing) Co., Ltd."
CHINESE = "苹果电子产品商贸（北京）有限公司"


@pytest.mark.parametrize(
    ("declared", "printed"),
    [
        (ENGLISH, CHINESE),
        (CHINESE, ENGLISH),
        ("ＡＰＰＬＥ　ＴＲＡＤＩＮＧ　ＬＩＭＩＴＥＤ", CHINESE),
    ],
)
def test_an_english_name_against_a_chinese_one_is_reviewed_not_failed(
    declared: str, printed: str
) -> None:
    """Defect (fixed, false fail): a foreign-invested enterprise declared by its English
    name failed as a name mismatch against its Chinese licence (and registry)."""
    record = seller(declared, "张三", uscc=COMPANY, holder_name=printed)
    report = verify(record, as_of=AS_OF)
    assert (report.decision, report.codes) == (
        Decision.REVIEW,
        ("consistency.name_not_comparable",),
    )
    finding = report.findings[0]
    assert finding.rule
    assert finding.json_path == "$.documents[0].holder_name"
    assert "汉字" in finding.message_zh
    online = against(
        seller(declared, "张三", uscc=COMPANY), name=printed, legal_representative="张三"
    )
    assert (online.decision, online.codes) == (Decision.REVIEW, ("registry.name_not_comparable",))
    assert online.findings[0].ctx["registry_name"] == printed


def test_a_verification_denying_an_english_name_is_reviewed() -> None:
    """A three-element verification holds the Chinese name: it denies an English one all
    the same — not comparable, not another name."""
    denied = RegistryRecord(matches=ElementMatch(uscc=True, name=False), source="fixed")
    report = verify(
        seller(ENGLISH, "张三", uscc=COMPANY),
        as_of=AS_OF,
        registry=Fixed(LookupResult.found(denied)),
    )
    assert report.decision is Decision.REVIEW, report.codes
    assert name_codes(report) == ["registry.name_not_comparable"]


@pytest.mark.parametrize(
    "spelt",
    [
        "APPLE ELECTRONIC PRODUCTS TRADING (BEIJING) COMPANY LIMITED",
        "Apple Electronic Products Trading（Beijing）Co Ltd",
        "apple electronic products trading (beijing) co., limited",
    ],
)
def test_two_latin_names_compare_as_names(spelt: str) -> None:
    """Case, punctuation and the legal form's spelling (Co./Company, Ltd./Limited) do not
    tell two Latin names apart."""
    record = seller(ENGLISH, "张三", uscc=COMPANY, holder_name=spelt)
    assert verify(record, as_of=AS_OF).decision is Decision.PASS
    online = against(seller(ENGLISH, "张三", uscc=COMPANY), name=spelt, legal_representative="张三")
    assert online.decision is Decision.PASS


@pytest.mark.parametrize(
    ("declared", "printed"),
    [
        ("Example Holdings Corporation", "Example Holdings Corp."),
        ("Example Systems Incorporated", "EXAMPLE SYSTEMS INC"),
        ("Example Limited", "Example Ltd."),
    ],
)
def test_other_latin_legal_forms_compare_alike(declared: str, printed: str) -> None:
    record = seller(declared, "张三", uscc=COMPANY, holder_name=printed)
    assert verify(record, as_of=AS_OF).decision is Decision.PASS


@pytest.mark.parametrize(
    ("declared", "printed"),
    [
        ("Apple Trading (Beijing) Co., Ltd.", "Orange Trading (Beijing) Co., Ltd."),
        ("TCL科技集团股份有限公司", "TCL实业控股股份有限公司"),  # Latin inside Chinese names
    ],
)
def test_other_names_in_one_script_still_fail(declared: str, printed: str) -> None:
    record = seller(declared, "张三", uscc=COMPANY, holder_name=printed)
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert report.codes == ("consistency.name_mismatch",)


# ------------------------------------------------------- 3. a flood of unknown categories


def test_twenty_thousand_unknown_categories_are_each_named(monkeypatch: Any) -> None:
    """Defect (fixed, slow): 20,000 unknown categories took seconds — each entry was read
    twice (once more than the reading cache holds), and each unknown entry was searched
    for every banned name.  Each entry is now read once; every unknown one is still
    named in its own finding."""
    reads: list[str] = []
    original = CategoryPolicy.read_entry

    def counted(self: CategoryPolicy, declared: str) -> Any:
        reads.append(declared)
        return original(self, declared)

    monkeypatch.setattr(CategoryPolicy, "read_entry", counted)
    record = food_shop()
    record["categories"] = [f"未知类目{index}" for index in range(20_000)]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert len(reads) == len(set(reads)) == 20_000
    assert report.codes == ("category.unknown",) * 20_000
    assert {f.ctx["declared"] for f in report.findings} == set(record["categories"])


def _mentions_by_every_name(policy: CategoryPolicy, text: str) -> list[tuple[str, str]]:
    """What :meth:`CategoryPolicy.mentions` found before: every restricted name tried."""
    from qualcheck.checks.categories import normalize_name

    squeezed = normalize_name(text)
    spaced = " ".join(text.casefold().split())
    found: dict[str, str] = {}
    for name, pattern, category in policy._restricted:
        if category.id in found:
            continue
        inside = name in squeezed if pattern is None else bool(pattern.search(spaced))
        if inside:
            found[category.id] = name
    return [(name, category) for category, name in found.items()]


def _texts() -> Iterator[str]:
    policy = load_category_policy()
    for name, _, _ in policy._restricted:
        yield f"配件{name}套装"
        yield f"{name}"
        yield f"Some {name} accessories"
    yield from ("电子烟及配件", "vape配件", "vapeur", "日用百货", "", "x")


def test_mentions_find_what_trying_every_name_found() -> None:
    policy = load_category_policy()
    for text in _texts():
        found = [(name, category.id) for name, category in policy.mentions(text)]
        assert found == _mentions_by_every_name(policy, text), text


# ----------------------------------------------- 4. values under keys of the platform's own


def _food_licence(record: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return next((i, d) for i, d in enumerate(record["documents"]) if d["kind"] == "food_business")


def test_a_validity_hidden_under_a_key_of_the_platform_s_own_is_reported() -> None:
    """Defect (fixed, fail-open): ``"extra": {"valid_to": "2020-01-01"}`` on a licence
    valid to a later day was ignored in silence."""
    record = food_shop()
    index, licence = _food_licence(record)
    licence["extra"] = {"valid_to": "2020-01-01"}
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert report.codes == ("record.invalid_value",)
    assert json_paths(report) == [f"$.documents[{index}].extra.valid_to"]
    assert "'extra'" in report.findings[0].message
    assert "“extra”" in report.findings[0].message_zh


@pytest.mark.parametrize(
    "group",
    [
        {"categories": ["烟花爆竹"]},
        {"documents": [{"kind": "food_business", "number": "JY13301060000000"}]},
        {"uscc": make_uscc(rng=random.Random(3))},
    ],
)
def test_merchant_fields_under_a_key_of_the_platform_s_own_are_reported(
    group: dict[str, Any],
) -> None:
    record = food_shop()
    record["platform_data"] = group
    report = verify(record, as_of=AS_OF)
    assert report.decision is not Decision.PASS
    (key,) = group
    assert f"$.platform_data.{key}" in json_paths(report)


def test_a_chinese_key_inside_a_group_is_read_as_its_field() -> None:
    record = food_shop()
    index, licence = _food_licence(record)
    licence["备注"] = {"有效期至": "2020-01-01"}
    report = verify(record, as_of=AS_OF)
    assert json_paths(report) == [f"$.documents[{index}].备注.有效期至"]


def test_groups_of_the_platform_s_own_stay_ignored_otherwise() -> None:
    """A contact's name, an address, an OCR result that repeats the field, an empty
    value: no finding — the platform's own data."""
    record = food_shop()
    _, licence = _food_licence(record)
    record["contact"] = {"name": "李经理", "address": "杭州市", "phone_type": "mobile"}
    record["ocr"] = {"uscc": record["uscc"].lower(), "categories": ""}
    licence["ocr"] = {"number": licence["number"], "kind": "无", "valid_from": ""}
    licence["audit"] = {"status": "approved", "deep": {"valid_to": "2020-01-01"}}
    report = verify(record, as_of=AS_OF)
    assert (report.decision, report.codes) == (Decision.PASS, ())


# ------------------------------------------------------- more names: found while hunting


@pytest.mark.parametrize(
    "placeholder", ["无", "*", "/", "N/A", "见附件", "同营业执照", "名称：", "——"]
)
def test_a_seller_named_by_a_placeholder_is_reviewed(placeholder: str) -> None:
    """Defect (fixed, fail-open): a record whose own name is a placeholder passed — no
    document's holder name was compared with it, only the USCC tied them."""
    record = food_shop()
    record["name"] = placeholder
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert report.codes == ("record.invalid_value",)
    assert json_paths(report) == ["$.name"]


def test_a_natural_person_named_by_a_placeholder_is_reviewed() -> None:
    record = seller("无", "张三", uscc=COMPANY)
    record["subject_type"] = "自然人"
    assert "$.name" in json_paths(verify(record, as_of=AS_OF))


@pytest.mark.parametrize("registered", [SHOP, "*", OPERATOR])
def test_an_individual_business_without_trade_name_giving_its_operator_passes(
    registered: str,
) -> None:
    """A record named ``无字号`` (copied from its licence) that gives its operator is named
    by him: it passes offline, and against a registry showing him (it failed as a name
    mismatch against a registered trade name)."""
    record = seller("无字号", OPERATOR, holder_name="无字号", legal_representative=OPERATOR)
    assert verify(record, as_of=AS_OF).decision is Decision.PASS
    report = against(record, name=registered, legal_representative=OPERATOR)
    assert (report.decision, report.codes) == (Decision.PASS, ())
    other = against(record, name=registered, legal_representative="王五")
    assert other.decision is not Decision.PASS


def test_an_operator_printed_with_his_role_names_the_business() -> None:
    """Defect (fixed, false fail): a licence printing its operator as ``李四（经营者）``
    next to the trade name failed a record named by the operator (the role was compared
    as part of his name; the registry already left it out)."""
    record = seller(OPERATOR, None, holder_name=SHOP, legal_representative=f"{OPERATOR}（经营者）")
    assert verify(record, as_of=AS_OF).decision is Decision.PASS
