"""Audit of the policy, third round: a platform that keeps its own policy and category
files for years.

The contract (docs/verify.md#policy, docs/categories.md#using-your-own-policy):

* a policy file and a category file are JSON objects (UTF-8, a byte-order mark and CRLF
  allowed); anything else — another encoding, comments, a key given twice, a value of the
  wrong type, an unknown key — is a ``ConfigError`` naming the file and the path of the
  option inside it;
* a category file replaces the bundled policy; nothing of the bundled one reaches it
  across upgrades, and what a category means is written in the file, not read from its id
  (``registration_exempt``; an entry without the key keeps the meaning its id had);
* no override passes what qualcheck could not look at, banned goods, or (through a
  prefix) a missing document; an official error the platform passes stays in the report,
  with its severity and the decision the policy gave it;
* a policy is a value: pickled to batch workers it decides as it did;
* ``qualcheck schema policy`` and ``qualcheck schema categories`` describe the files, and
  every option is documented with its default.
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import pickle
import random
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, AS_OF_TEXT, ROOT, food_shop, natural_person, run_cli
from audit_support import write_file as write

from qualcheck import Decision, Policy, verify
from qualcheck._codes import Finding, Severity, catalogue
from qualcheck.checks.categories import (
    BUNDLED_FILE,
    LEGACY_REGISTRATION_EXEMPT,
    CategoryFile,
    load_category_policy,
    parse_category_policy,
)
from qualcheck.exceptions import ConfigError
from qualcheck.policy import NEVER_PASSED, PASSED_ONLY_BY_NAME
from qualcheck.testing import make_ric

jsonschema = pytest.importorskip("jsonschema")

P, R, F = Decision.PASS, Decision.REVIEW, Decision.FAIL
PERSON_ID = make_ric(birth_date=datetime.date(1979, 10, 2), rng=random.Random(319))
BUNDLED = ROOT / "qualcheck" / BUNDLED_FILE
DOCS = ROOT / "docs"


def tea_category(**extra: Any) -> dict[str, Any]:
    """A platform's tea category: a food seller's licence (JY, form 1)."""
    need: dict[str, Any] = {"kind": "food_business", "business_form": ["1"]}
    need.update(extra.pop("need", {}))
    return {"name_zh": "茶叶", "name_en": "Tea", "aliases": ["茶"], "requires": [[need]], **extra}


def category_file(path: Path, categories: dict[str, Any]) -> Path:
    return write(path, {"version": "platform-7", "categories": categories})


def policy_file(folder: Path, options: dict[str, Any], categories: Any = None) -> Path:
    """A policy file (and, given ``categories``, its category file next to it)."""
    if categories is not None:
        category_file(folder / "categories.json", categories)
        options = {**options, "categories_file": "categories.json"}
    return write(folder / "policy.json", options)


def config_error(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        Policy.from_file(path)
    return str(info.value)


def farmer(category: str, turnover: int = 300_000) -> dict[str, Any]:
    """A natural person above the small-trading limit, declaring ``category`` only."""
    return natural_person(
        "audit-policy3-farmer", "李四", PERSON_ID, category, declared_annual_turnover_yuan=turnover
    )


def decided(record: dict[str, Any], policy: Policy) -> tuple[Decision, tuple[str, ...]]:
    report = verify(record, as_of=AS_OF, policy=policy)
    return report.decision, report.codes


# ===================================================== the policy file: every wrong type


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"expiring_soon_days": [30]}, "expiring_soon_days"),
        ({"expiring_soon_days": {"days": 30}}, "expiring_soon_days"),
        ({"expiring_soon_days": True}, "expiring_soon_days"),
        ({"reverify_after_months": "six"}, "reverify_after_months"),
        ({"reverify_after_months": 0}, "reverify_after_months"),
        ({"reverify_after_months": None}, "reverify_after_months"),
        ({"turnover_limit_yuan": "10万"}, "turnover_limit_yuan"),
        ({"turnover_limit_yuan": 100000.5}, "turnover_limit_yuan"),
        ({"turnover_limit_yuan": -1}, "turnover_limit_yuan"),
        ({"categories_file": 7}, "categories_file"),
        ({"categories_file": ["a.json"]}, "categories_file"),
        ({"categories_file": ""}, "categories_file"),
        ({"decisions": ["license.expired"]}, "decisions"),
        ({"decisions": "license.*=pass"}, "decisions"),
        ({"decisions": {"license.expired": True}}, "decisions['license.expired']"),
        ({"decisions": {"license.expired": 1}}, "decisions['license.expired']"),
        ({"decisions": {"license.expired": None}}, "decisions['license.expired']"),
        ({"decisions": {"license.expired": {"decision": "pass"}}}, "decisions['license.expired']"),
        ({"decisions": {"license.expired": "通过"}}, "decisions['license.expired']"),
    ],
)
def test_every_option_of_the_wrong_type_names_file_and_path(
    tmp_path: Path, options: dict[str, Any], path: str
) -> None:
    file = policy_file(tmp_path, options)
    message = config_error(file)
    assert str(file) in message
    assert path in message
    assert "Traceback" not in message


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('{"expiring_soon_days": 5, // a comment\n}', "not JSON"),
        ('{"expiring_soon_days": 5 /* why */}', "not JSON"),
        ("# platform policy\nexpiring_soon_days = 5\n", "not JSON"),
        ('{"expiring_soon_days": 5,}', "not JSON"),
        ('{"decisions": {"license.*": "review", "license.*": "pass"}}', "'license.*' is given"),
        ('{"expiring_soon_days": 5, "expiring_soon_days": 50}', "'expiring_soon_days' is given"),
        (
            '{"decisions": {"license.expired": "pass"}}'.encode("gbk") + "注释".encode("gbk"),
            "UTF-8",
        ),
        ('{"decisions": {"过期": "pass"}}'.encode("gb18030"), "not UTF-8"),
        ('{"expiring_soon_days": 5}'.encode("utf-16-le"), "not JSON"),  # NULs are UTF-8
        ('{"$schema": "policy.schema.json", "expiring_soon_days": 5}', "'$schema'"),
        ("[]", "must hold a JSON object"),
        ("", "not JSON"),
    ],
)
def test_a_policy_file_written_wrongly_is_an_error_naming_it(
    tmp_path: Path, content: str | bytes, said: str
) -> None:
    """Comments and trailing commas are not JSON: they are refused, never half-read; a
    ``$schema`` key is an unknown option (the schema forbids extra keys too)."""
    file = write(tmp_path / "platform-policy.json", content)
    message = config_error(file)
    assert str(file) in message
    assert said in message


@pytest.mark.parametrize(
    "raw",
    [
        b'\xef\xbb\xbf{\r\n  "expiring_soon_days": 45,\r\n'
        b'  "decisions": {"license.*": "fail"}\r\n}',
        b'{\r\n\t"expiring_soon_days": 45,\r\n\t"decisions": {\r\n'
        b'\t\t"license.*": "fail"\r\n\t}\r\n}\r\n',
    ],
)
def test_a_policy_file_from_a_windows_editor_is_read(tmp_path: Path, raw: bytes) -> None:
    policy = Policy.from_file(write(tmp_path / "p.json", raw))
    assert policy.expiring_soon_days == 45
    assert dict(policy.decisions) == {"license.*": F}


# ===================================================== the category file: every wrong type


NEED = "requires[0][0]"


@pytest.mark.parametrize(
    ("category", "where", "what"),
    [
        (
            tea_category(need={"scope_required": "true", "scope_any": ["茶"]}),
            NEED,
            "scope_required",
        ),
        (tea_category(need={"scope_required": 1, "scope_any": ["茶"]}), NEED, "scope_required"),
        (tea_category(need={"scope_any": "茶叶"}), NEED, "scope_any"),
        (tea_category(need={"scope_any": [["茶叶"]]}), NEED, "scope_any[0]"),
        (tea_category(need={"scope_any": ["茶"], "scope_when": "食品"}), NEED, "scope_when"),
        (tea_category(need={"business_form": 1}), NEED, "business_form"),
        (tea_category(need={"business_form": [1]}), NEED, "business_form"),
        (tea_category(need={"kind": ["food_business"]}), NEED, "kind"),
        (tea_category(need={"review_en": 5, "review_zh": "人工"}), NEED, "review_en"),
        (tea_category(need={"label_en": "JY", "label_zh": None}), NEED, "label_zh"),
        (tea_category(aliases="茶"), "aliases", "aliases"),
        (tea_category(aliases=["茶", 7]), "aliases[1]", "aliases"),
        (tea_category(basis="食品安全法"), "basis", "basis"),
        (tea_category(note=["x"]), "note", "note"),
        (tea_category(exemption="edible agricultural products"), "exemption", "exemption"),
        (tea_category(exemption={"name_zh": "食用农产品"}), "exemption.name_en", "name_en"),
        (tea_category(registration_exempt=True), "registration_exempt", "registration_exempt"),
        (tea_category(registration_exempt="farm"), "registration_exempt", "own_produce"),
        (tea_category(synonyms=["茶", "茗"]), "synonyms[0]", "synonyms"),
        (tea_category(broader={"茶": "饮品"}), "broader.茶", "broader"),
        ({"name_zh": "茶叶", "name_en": "Tea", "banned": "yes"}, "banned", "banned"),
        (
            {"name_zh": "茶叶", "name_en": "Tea", "special_permit": "茶叶专卖"},
            "special_permit",
            "special_permit",
        ),
        (
            {"name_zh": "茶叶", "name_en": "Tea", "requires": [{"kind": "food_filing"}]},
            "requires[0]",
            "requires",
        ),
        ({"name_zh": 7, "name_en": "Tea", "requires": []}, "name_zh", "name_zh"),
        (
            {"name_zh": "茶叶", "name_en": "Tea", "requires": [], "aliasses": ["茶"]},
            "aliasses",
            "aliasses",
        ),
    ],
)
def test_every_category_option_of_the_wrong_type_names_both_files_and_the_path(
    tmp_path: Path, category: dict[str, Any], where: str, what: str
) -> None:
    """``where`` is the path inside ``categories.tea``; ``what`` the key named."""
    file = policy_file(tmp_path, {}, {"tea": category})
    message = config_error(file)
    assert str(file) in message
    assert str(tmp_path / "categories.json") in message
    assert f"categories.tea.{where}" in message
    assert what in message


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (
            '{"version": "1", "categories": {"tea": {"name_zh": "茶叶", "name_en": "Tea",'
            ' "banned": true, "banned": false}}}',
            "categories.tea: key 'banned' is given twice",
        ),
        (
            '{"version": "1", "categories": {"tea": {"name_zh": "茶叶", "name_en": "Tea",'
            ' "requires": [[{"kind": "food_filing", "kind": "cma"}]]}}}',
            "categories.tea.requires[0][0]: key 'kind' is given twice",
        ),
        (
            '{"version": "1", // exported from the platform\n "categories": {}}',
            "Invalid JSON",
        ),
    ],
)
def test_a_category_file_written_wrongly_names_where(tmp_path: Path, raw: str, said: str) -> None:
    write(tmp_path / "categories.json", raw)
    file = write(tmp_path / "policy.json", {"categories_file": "categories.json"})
    message = config_error(file)
    assert str(tmp_path / "categories.json") in message
    assert said in message


def test_a_category_file_in_gbk_is_an_error_naming_it(tmp_path: Path) -> None:
    text = json.dumps({"version": "1", "categories": {"tea": tea_category()}}, ensure_ascii=False)
    write(tmp_path / "categories.json", text.encode("gbk"))
    file = write(tmp_path / "policy.json", {"categories_file": "categories.json"})
    message = config_error(file)
    assert str(tmp_path / "categories.json") in message
    assert "utf-8" in message.lower()


def test_a_category_file_with_bom_and_crlf_is_read(tmp_path: Path) -> None:
    text = json.dumps({"version": "1", "categories": {"tea": tea_category()}}, indent=2)
    write(tmp_path / "categories.json", "\ufeff" + text.replace("\n", "\r\n"))
    file = write(tmp_path / "policy.json", {"categories_file": "categories.json"})
    policy = Policy.from_file(file)
    assert decided({**food_shop(), "categories": ["茶"]}, policy) == (P, ())


# ============================================ a platform's file across qualcheck upgrades


def test_a_platform_file_names_its_categories_its_own_way(tmp_path: Path) -> None:
    """Ids and names of the platform's tree (its own ids, its department paths as aliases)
    are its own: the bundled policy's ids mean nothing to it."""
    categories = {
        "cat_1001_tea": tea_category(aliases=["食品饮料/茶叶", "茶"]),
        "cat_2001_apparel": {"name_zh": "服装", "name_en": "Apparel", "requires": []},
        "cat_9001_vapes": {"name_zh": "电子烟", "name_en": "E-cigarettes", "banned": True},
    }
    policy = Policy.from_file(policy_file(tmp_path, {}, categories))
    assert decided({**food_shop(), "categories": ["食品饮料/茶叶", "服装"]}, policy) == (P, ())
    decision, codes = decided({**food_shop(), "categories": ["电子烟"]}, policy)
    assert (decision, codes) == (F, ("category.banned",))
    # a category the bundled policy bans but this file leaves out: reviewed, never passed
    assert decided({**food_shop(), "categories": ["疫苗"]}, policy) == (R, ("category.unknown",))


def test_a_renamed_category_keeps_the_registration_exemption_only_when_the_file_says_so(
    tmp_path: Path,
) -> None:
    """The exemption of a natural person selling its own produce used to be read from the
    bundled ids alone: a platform naming its farm category otherwise failed its farmers
    above the limit, with nothing in its file to say why.  The file now says it."""
    produce = {"name_zh": "食用农产品", "name_en": "Farm produce", "requires": []}
    same_id = Policy.from_file(policy_file(tmp_path, {}, {"edible_agricultural_products": produce}))
    assert decided(farmer("食用农产品"), same_id) == (R, ("merchant.exemption_own_produce",))
    (tmp_path / "renamed").mkdir()
    renamed = Policy.from_file(policy_file(tmp_path / "renamed", {}, {"farm_products": produce}))
    assert decided(farmer("食用农产品"), renamed) == (F, ("merchant.exemption_exceeded",))
    (tmp_path / "said").mkdir()
    said = {**produce, "registration_exempt": "own_produce"}
    written = Policy.from_file(policy_file(tmp_path / "said", {}, {"farm_products": said}))
    assert decided(farmer("食用农产品"), written) == (R, ("merchant.exemption_own_produce",))


def test_an_id_that_once_meant_an_exemption_may_drop_it(tmp_path: Path) -> None:
    """A platform whose ``handicrafts`` are not household handicrafts says so with
    ``null``; left out, the id keeps the meaning it had."""
    crafts = {"name_zh": "工艺品", "name_en": "Crafts", "requires": []}
    legacy = Policy.from_file(policy_file(tmp_path, {}, {"handicrafts": crafts}))
    assert decided(farmer("工艺品"), legacy) == (R, ("merchant.exemption_own_produce",))
    (tmp_path / "null").mkdir()
    dropped = {**crafts, "registration_exempt": None}
    policy = Policy.from_file(policy_file(tmp_path / "null", {}, {"handicrafts": dropped}))
    assert decided(farmer("工艺品"), policy) == (F, ("merchant.exemption_exceeded",))


def test_convenience_services_under_the_platforms_own_id(tmp_path: Path) -> None:
    services = {
        "name_zh": "家政",
        "name_en": "Housekeeping",
        "requires": [],
        "registration_exempt": "convenience_services",
    }
    produce = {
        "name_zh": "农产品",
        "name_en": "Produce",
        "requires": [],
        "registration_exempt": "own_produce",
    }
    policy = Policy.from_file(policy_file(tmp_path, {}, {"svc_1": services, "agri_1": produce}))
    record = {**farmer("家政"), "categories": ["家政", "农产品"]}
    assert decided(record, policy) == (R, ("merchant.exemption_convenience_services",))
    assert decided(farmer("农产品"), policy) == (R, ("merchant.exemption_own_produce",))


@pytest.mark.parametrize(
    "category",
    [
        {"name_zh": "烟草", "name_en": "Tobacco", "banned": True},
        {
            "name_zh": "烟花",
            "name_en": "Fireworks",
            "special_permit": {"name_zh": "许", "name_en": "p"},
        },
    ],
)
def test_banned_or_permit_goods_free_nobody_from_registration(category: dict[str, Any]) -> None:
    text = json.dumps(
        {"version": "1", "categories": {"x": {**category, "registration_exempt": "own_produce"}}}
    )
    with pytest.raises(ConfigError, match=r"categories\.x: .*registration_exempt needs requires"):
        parse_category_policy(text, source="mine.json")


def test_the_bundled_file_writes_the_exemption_the_legacy_ids_carried() -> None:
    """The bundled file says it; the legacy table only keeps older platform files as they
    were — so they agree, and a bundled rename could not silently drop it."""
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))["categories"]
    written = {
        cid: c["registration_exempt"] for cid, c in data.items() if "registration_exempt" in c
    }
    assert written == dict(LEGACY_REGISTRATION_EXEMPT)
    bundled = load_category_policy()
    assert {c.id: c.registration_exempt for c in bundled if c.registration_exempt} == written


def test_a_copy_of_the_bundled_file_judges_as_the_bundled_policy(tmp_path: Path) -> None:
    """Start from a copy (as documented): the same decisions, food_or_farm_produce's
    review included."""
    write(tmp_path / "categories.json", BUNDLED.read_bytes())
    copy = Policy.from_file(write(tmp_path / "p.json", {"categories_file": "categories.json"}))
    for record in (farmer("坚果"), {**food_shop(), "documents": food_shop()["documents"][:1]}):
        record = {**record, "categories": ["坚果", "南北干货"]}
        assert decided(record, copy) == decided(record, Policy())
    assert decided({**food_shop(), "categories": ["坚果"], "documents": []}, copy)[0] is not P


def test_food_or_farm_produce_overridden_by_a_stricter_platform(tmp_path: Path) -> None:
    """A platform that wants every nut seller to hold a food licence drops the exemption
    in its file: the seller without one fails (the platform's choice), never passes."""
    nuts = {
        "name_zh": "坚果",
        "name_en": "Nuts",
        "requires": [[{"kind": "food_business", "business_form": ["1"]}]],
    }
    policy = Policy.from_file(policy_file(tmp_path, {}, {"food_or_farm_produce": nuts}))
    shop = {**food_shop(), "categories": ["坚果"], "documents": food_shop()["documents"][:1]}
    assert decided(shop, policy) == (F, ("category.license_missing",))
    assert decided(shop, Policy())[1] == ("category.possibly_exempt",)


# ================================== a licence whose scope does not mention the category


def _scope_seller(scope: str) -> dict[str, Any]:
    record = {**food_shop(), "categories": ["茶"]}
    record["documents"] = [dict(document) for document in record["documents"]]
    record["documents"][1]["scope"] = scope
    return record


@pytest.mark.parametrize(
    ("scope", "required", "expected"),
    [
        # the scope lists tea: covered, whichever way the file asks
        ("预包装食品销售（含茶叶）", False, P),
        ("预包装食品销售（含茶叶）", True, P),
        # the scope does not mention tea: never passed
        ("散装食品销售（不含散装熟食）", False, R),
        ("散装食品销售（不含散装熟食）", True, F),
        # the scope excludes tea: never passed
        ("预包装食品销售（不含茶叶）", False, R),
        ("预包装食品销售（不含茶叶）", True, F),
    ],
)
def test_a_licence_whose_scope_does_not_name_the_category(
    tmp_path: Path, scope: str, required: bool, expected: Decision
) -> None:
    need: dict[str, Any] = {"scope_any": ["茶叶"]}
    if required:
        need["scope_required"] = True
    policy = Policy.from_file(policy_file(tmp_path, {}, {"tea": tea_category(need=need)}))
    decision, codes = decided(_scope_seller(scope), policy)
    assert decision is expected, codes
    if expected is not P:
        assert any(code.startswith("category.") for code in codes)


def test_a_scope_override_is_reported_not_hidden(tmp_path: Path) -> None:
    """A platform passing ``category.scope_not_covering`` by name passes the seller, and
    the report still says that the scope does not cover the tea."""
    need = {"scope_any": ["茶叶"]}
    options = {"decisions": {"category.scope_not_covering": "pass"}}
    policy = Policy.from_file(policy_file(tmp_path, options, {"tea": tea_category(need=need)}))
    report = verify(_scope_seller("散装食品销售"), as_of=AS_OF, policy=policy)
    assert report.decision is P
    (finding,) = [f for f in report.findings if f.code == "category.scope_not_covering"]
    assert finding.decision is P


@pytest.mark.parametrize(
    ("need", "said"),
    [
        ({"scope_required": True}, "scope_required is given without scope_any"),
        (
            {"scope_required": True, "scope_any": ["茶"], "scope_when": ["食品"]},
            "scope_required and scope_when exclude each other",
        ),
        ({"scope_required": True, "scope_any": [" "]}, "scope_any holds an empty keyword"),
        ({"scope_requried": True, "scope_any": ["茶"]}, "'scope_requried' is not an option"),
    ],
)
def test_scope_required_written_wrongly_names_the_requirement(
    tmp_path: Path, need: dict[str, Any], said: str
) -> None:
    file = policy_file(tmp_path, {}, {"tea": tea_category(need=need)})
    message = config_error(file)
    assert f"categories.tea.{NEED}" in message
    assert said in message


def test_scope_required_false_is_as_if_left_out(tmp_path: Path) -> None:
    need = {"scope_any": ["茶叶"], "scope_required": False}
    policy = Policy.from_file(policy_file(tmp_path, {}, {"tea": tea_category(need=need)}))
    (tmp_path / "plain").mkdir()
    plain = {"tea": tea_category(need={"scope_any": ["茶叶"]})}
    left_out = Policy.from_file(policy_file(tmp_path / "plain", {}, plain))
    for scope in ("散装食品销售", "预包装食品销售（含茶叶）", "预包装食品销售（不含茶叶）"):
        assert decided(_scope_seller(scope), policy) == decided(_scope_seller(scope), left_out)


def test_passing_unknown_categories_by_name_still_fails_the_bundled_banned_goods() -> None:
    """``{"category.unknown": "pass"}`` is the platform's word for names qualcheck does
    not know; what the bundled policy bans is known, and fails."""
    lenient = Policy(decisions={"category.unknown": "pass"})
    for name in ("枪支", "疫苗", "毒鼠强"):
        assert decided({**food_shop(), "categories": [name]}, lenient) == (
            F,
            ("category.banned",),
        )


# ============================================= overrides that try to turn a FAIL into PASS


def _fail_closed_codes() -> list[str]:
    return [e.code for e in catalogue() if (e.rule or "").startswith("fail closed")]


def test_the_fail_closed_codes_include_those_the_docs_name() -> None:
    documented = {
        "engine.check_error",
        "registry.unavailable",
        "registry.incomplete",
        "license.validity_missing",
        "license.term_conflict",
    }
    assert documented <= set(_fail_closed_codes())
    assert any(code.startswith("record.") for code in _fail_closed_codes())


@pytest.mark.parametrize("code", _fail_closed_codes())
@pytest.mark.parametrize("how", ["code", "prefix", "star"])
def test_no_override_passes_what_could_not_be_looked_at(code: str, how: str) -> None:
    pattern = {"code": code, "prefix": code.split(".")[0] + ".*", "star": "*"}[how]
    finding = Finding(code=code, severity=Severity.WARNING, message="m", message_zh="m")
    assert Policy(decisions={pattern: "pass"}).decide(finding) is R
    assert Policy(decisions={pattern: "fail"}).decide(finding) is F


@pytest.mark.parametrize("code", sorted(NEVER_PASSED | PASSED_ONLY_BY_NAME))
def test_no_prefix_passes_a_gate_code(code: str) -> None:
    entry = next(e for e in catalogue() if e.code == code)
    finding = Finding(code=code, severity=entry.severity, message="m", message_zh="m")
    for pattern in ("*", code.split(".")[0] + ".*"):
        assert Policy(decisions={pattern: "pass"}).decide(finding) is not P


def test_a_passed_official_error_is_visible_in_every_output(tmp_path: Path) -> None:
    """docs: "any other code may be decided as the platform chooses, official errors
    included" — the finding stays, with its severity ``error`` and decision ``pass``,
    in the report, its JSON and the CLI's lines."""
    record = food_shop()
    record["documents"][1]["validity"] = "2021.06.12-2026.06.11"
    source = write(tmp_path / "r.json", record)
    file = policy_file(tmp_path, {"decisions": {"license.expired": "pass"}})
    report = verify(record, as_of=AS_OF, policy=Policy.from_file(file))
    (finding,) = report.findings
    assert (finding.code, finding.severity, finding.decision) == ("license.expired", "error", P)
    result = run_cli("verify", str(source), "--as-of", AS_OF_TEXT, "--policy", str(file), "--json")
    assert result.returncode == 0, result.stderr
    (line,) = [json.loads(text) for text in result.stdout.splitlines()]
    assert [(f["code"], f["severity"], f["decision"]) for f in line["findings"]] == [
        ("license.expired", "error", "pass")
    ]
    text = run_cli("verify", str(source), "--as-of", AS_OF_TEXT, "--policy", str(file))
    assert re.search(r"pass +license\.expired", text.stdout)


# ================================================ shared across threads and processes


def _decide_in_child(policy: Policy, record: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    report = verify(record, as_of=AS_OF, policy=policy)
    return report.decision.value, report.codes


def test_a_policy_pickles_to_what_it_was(tmp_path: Path) -> None:
    file = policy_file(
        tmp_path,
        {"expiring_soon_days": 45, "decisions": {"license.*": "fail", "category.unknown": "pass"}},
        {"tea": tea_category()},
    )
    policy = Policy.from_file(file)
    copy = pickle.loads(pickle.dumps(policy))
    assert copy == policy
    assert copy.categories_file == tmp_path / "categories.json"
    with pytest.raises(TypeError):
        copy.decisions["license.expired"] = P  # type: ignore[index]


def test_a_spawned_worker_decides_as_the_parent(tmp_path: Path) -> None:
    """Batch workers are spawned and get the policy pickled: the same options, the same
    category file, the same decisions."""
    file = policy_file(
        tmp_path, {"decisions": {"category.unknown": "fail"}}, {"tea": tea_category()}
    )
    policy = Policy.from_file(file)
    records = [{**food_shop(), "categories": ["茶"]}, {**food_shop(), "categories": ["疫苗"]}]
    here = [_decide_in_child(policy, record) for record in records]
    assert here == [("pass", ()), ("fail", ("category.unknown",))]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        there = pool.starmap(_decide_in_child, [(policy, record) for record in records])
    assert there == here


# ========================================================= schema and documented defaults


def _schema(name: str) -> dict[str, Any]:
    result = run_cli("schema", name)
    assert result.returncode == 0, result.stderr
    schema: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_the_policy_schema_gives_every_option_with_its_default() -> None:
    schema = _schema("policy")
    defaults = Policy()
    assert set(schema["properties"]) == set(Policy.model_fields)
    for name, prop in schema["properties"].items():
        if name != "decisions":
            assert prop["default"] == (getattr(defaults, name)), name
    assert schema["additionalProperties"] is False
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"expiring_soon_days": 60, "decisions": {"license.*": "fail"}})
    assert not validator.is_valid({"decisions": {"license.expired": "PASS"}})


def test_the_category_file_has_a_schema_the_bundled_file_meets() -> None:
    schema = _schema("categories")
    assert schema == CategoryFile.model_json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    bundled = json.loads(BUNDLED.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(bundled)) == []
    spec = schema["$defs"]["CategorySpec"]["properties"]
    assert "registration_exempt" in spec
    bad = {"version": "1", "categories": {"tea": {**tea_category(), "banned": "yes"}}}
    assert not validator.is_valid(bad)


def test_the_docs_list_every_policy_option_with_its_default() -> None:
    text = (DOCS / "verify.md").read_text(encoding="utf-8")
    for name, field in Policy.model_fields.items():
        row = re.search(rf"^\| `{name}` \| ([^|]+) \|", text, re.MULTILINE)
        assert row is not None, name
        if isinstance(field.default, int):
            assert row.group(1).strip() == str(field.default), name
    assert "schema [merchant|document|report|policy|categories]" in text


def test_the_docs_describe_every_category_option() -> None:
    text = (DOCS / "categories.md").read_text(encoding="utf-8")
    from qualcheck.checks.categories import CategorySpec, RequirementSpec

    for name in (*CategorySpec.model_fields, *RequirementSpec.model_fields):
        assert f"`{name}`" in text or f'`"{name}"' in text, name
    assert "qualcheck schema categories" in text


# ============================================== one batch, one category policy


def _batch_with_a_file_edited_midway(
    tmp_path: Path, workers: int
) -> tuple[int, list[dict[str, Any]], Path]:
    """A batch of tea sellers whose category file is edited (tea banned) while the batch
    runs: the registry's first look-up does it."""
    from qualcheck.batch._runner import BatchOptions, run_batch
    from qualcheck.testing import MockRegistry

    categories = category_file(tmp_path / "categories.json", {"tea": tea_category()})
    policy = write(
        tmp_path / "policy.json",
        {"categories_file": "categories.json", "decisions": {"registry.not_found": "pass"}},
    )
    records = [{**food_shop(), "merchant_id": f"tea-{i}", "categories": ["茶"]} for i in range(6)]
    source = write(tmp_path / "in.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    queries: list[Any] = []

    def edit_at_the_second_record(query: Any) -> bool:
        queries.append(query)
        if len(queries) == 2:  # the first record is judged by the file as it was
            banned = {"name_zh": "茶叶", "name_en": "Tea", "aliases": ["茶"], "banned": True}
            coffee = {"name_zh": "咖啡", "name_en": "Coffee", "requires": []}
            category_file(categories, {"tea": banned, "coffee": coffee})
        return False

    registry = MockRegistry()
    registry.force_rule(edit_at_the_second_record, "unavailable")
    out = tmp_path / "out.jsonl"
    options = BatchOptions(
        inputs=(str(source),),
        out=str(out),
        as_of=AS_OF,
        policy=str(policy),
        concurrency=1,
        workers=workers,
        quiet=True,
    )
    status = run_batch(options, registry=registry if workers == 1 else None)
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return status, results, categories


def test_a_category_file_edited_during_a_batch_does_not_mix_two_policies(
    tmp_path: Path,
) -> None:
    """The checkpoint names the category file's hash so that one output is never judged
    by two policies (docs/batch.md); a file edited while the batch runs must not change
    the decisions of the records after the edit."""
    status, results, categories = _batch_with_a_file_edited_midway(tmp_path, workers=1)
    assert len(results) == 6
    assert "banned" in categories.read_text(encoding="utf-8")  # the edit happened
    codes = {tuple(sorted(finding["code"] for finding in r["findings"])) for r in results}
    assert len(codes) == 1, codes
    assert all("category.banned" not in code for code in codes)
    assert status in (0, 1, 3)


def test_the_batch_leaves_no_copy_of_the_category_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    (tmp_path / "job").mkdir()
    _batch_with_a_file_edited_midway(tmp_path / "job", workers=1)
    assert list(temp.iterdir()) == []


def test_the_next_batch_reads_the_edited_file(tmp_path: Path) -> None:
    """Pinned for one run only: the next run judges by the file as it now is."""
    from qualcheck.batch._runner import BatchOptions, run_batch

    _batch_with_a_file_edited_midway(tmp_path, workers=1)
    out = tmp_path / "again.jsonl"
    options = BatchOptions(
        inputs=(str(tmp_path / "in.jsonl"),),
        out=str(out),
        as_of=AS_OF,
        policy=str(tmp_path / "policy.json"),
        quiet=True,
    )
    assert run_batch(options) == 1
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(r["decision"] == "fail" for r in results)
    assert all("category.banned" in [f["code"] for f in r["findings"]] for r in results)
