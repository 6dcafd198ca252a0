"""Audit, third round: a marketplace engineer wires qualcheck into seller onboarding and the
six-monthly re-verification job from README.md and docs/ alone.

The contract comes from docs/index.md (the public API, common tasks), docs/models.md
(camelCase and Chinese field names, the discriminated union), docs/verify.md (the
report), docs/batch.md (``iter_verify``, the resumable batch from Python), docs/cli.md
(the shown sessions) and docs/categories.md (your own policy).  Every personal number here
is generated (nobody's).
"""

from __future__ import annotations

import asyncio
import datetime
import importlib.resources
import io
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import qualcheck
from qualcheck import ConfigError, Merchant, Policy, Report, SqliteRegistry, Verifier, verify
from qualcheck.batch import BatchOptions, iter_input, iter_verify, run_batch
from qualcheck.models import SubjectType, document_kind
from qualcheck.models.identity import IdentityType
from qualcheck.testing import PROFILES, MockRegistry, make_merchant
from tests.audit.audit_support import (
    AS_OF,
    AS_OF_TEXT,
    EXAMPLE_LINES,
    EXAMPLES,
    PASSING,
    ROOT,
    example,
    no_traceback,
    run_cli,
    write_jsonl,
)

DOCS = ROOT / "docs"
NATURAL_PERSON = {"自然人", "natural_person"}
"""How the example merchants spell a natural person's subject type."""
DOC_PAGES = sorted(DOCS.rglob("*.md"))


def _blocks(page: Path) -> Iterator[tuple[str, str, int]]:
    """``(language, body, line)`` of every fenced block of ``page``."""
    text = page.read_text(encoding="utf-8")
    for match in re.finditer(r"^```(\w*)[^\n]*\n(.*?)^```", text, re.S | re.M):
        yield match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.title() for word in rest)


def _camel_all(value: Any, *, values: bool = False) -> Any:
    """``value`` with every key in camelCase (and, with ``values``, the enumerations
    ``kind``, ``subject_type`` and ``id_type`` too), as a JavaScript backend sends it."""
    if isinstance(value, list):
        return [_camel_all(item, values=values) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if values and key in {"kind", "subject_type", "id_type"} and isinstance(item, str):
            item = _camel(item)
        out[_camel(key)] = _camel_all(item, values=values)
    return out


# --- the docs pages run as tests ------------------------------------------------------


def test_every_docs_page_is_collected_for_its_doctests() -> None:
    """README: "the whole test suite (unit, property, oracle and doctests)" — every page
    under docs/ and the README are doctest-collected, so a sample that drifts fails."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+; qualcheck runs on 3.10 too
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    options = config["tool"]["pytest"]["ini_options"]
    assert {"docs", "README.md"} <= set(options["testpaths"])
    assert "--doctest-glob=*.md" in options["addopts"].split()


def test_every_python_block_of_the_docs_is_a_doctest_or_the_plugin_sample() -> None:
    """A ```python block that is not a doctest does not run: the only one is the test
    module of docs/testing.md, which tests/audit/test_audit_new_user_2.py runs."""
    plain = [
        (page.relative_to(ROOT).as_posix(), body)
        for page in [*DOC_PAGES, ROOT / "README.md"]
        for language, body, _ in _blocks(page)
        if language == "python" and ">>>" not in body
    ]
    assert [page for page, _ in plain] == ["docs/testing.md"]
    assert plain[0][1].count("\ndef test_") == 3


@pytest.mark.parametrize(
    ("page", "needle"),
    [
        ("testing.md", "'...示例仁和药房有限公司'"),
        ("registries/index.md", "登记的许可证 JY... 的许可范围"),
    ],
)
def test_generated_names_in_doctests_do_not_pin_the_region_table(page: str, needle: str) -> None:
    """The generated seller's city and licence number come from the region table: a
    doctest that spelt them out broke when the table gained codes (611e34a)."""
    assert needle in (DOCS / page).read_text(encoding="utf-8")


def _sessions(page: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Each ``$ qualcheck …`` command shown on ``page`` with the lines it prints."""
    for language, body, _ in _blocks(page):
        if language != "text":
            continue
        command: list[str] | None = None
        shown: list[str] = []
        for line in [*body.splitlines(), "$ "]:
            if line.startswith("$ "):
                if command is not None:
                    yield command, shown
                words = line[2:].split()
                command = words[1:] if words[:1] == ["qualcheck"] else None
                shown = []
            else:
                shown.append(line)


def _matches(shown: list[str], printed: list[str]) -> bool:
    """Whether ``printed`` is ``shown`` with ``…`` lines standing for any lines and a
    trailing ``...`` for the rest of a line."""
    pattern = "\n".join(
        ".*?"
        if line.strip() in {"…", "..."}
        else re.escape(line.rstrip()).replace(re.escape("..."), ".*")
        for line in shown
    )
    return re.fullmatch(pattern, "\n".join(line.rstrip() for line in printed), re.S) is not None


CLI_SESSIONS = [
    (page.name, command, shown)
    for page in (DOCS / "cli.md", DOCS / "registries" / "embedded.md")
    for command, shown in _sessions(page)
    if command[:2] != ["registry", "load"]  # needs the page's own exports
]


@pytest.mark.parametrize(
    ("page", "command", "shown"), CLI_SESSIONS, ids=[" ".join(c[1][:2]) for c in CLI_SESSIONS]
)
def test_the_command_line_sessions_shown_print_what_they_show(
    page: str, command: list[str], shown: list[str]
) -> None:
    """docs/cli.md and docs/registries/embedded.md show sessions: run from the checkout's
    root they print what is shown (``…`` for lines left out)."""
    assert len(CLI_SESSIONS) >= 5
    result = run_cli(*command, cwd=ROOT)
    no_traceback(result)
    printed = result.stdout.splitlines()
    if command[:2] == ["registry", "stats"]:
        shown = [line for line in shown if not line.startswith("loads")]
        printed = [line for line in printed if not line.startswith("loads")]
    assert _matches(shown, printed), (page, command, printed)


# --- onboarding from the platform's own JSON ----------------------------------------


def _seller(profile: str, seed: int = 2) -> dict[str, Any]:
    return make_merchant(profile, as_of=AS_OF, rng=random.Random(seed))


@pytest.mark.parametrize("profile", PROFILES)
def test_a_record_in_camel_case_keys_and_values_reads_as_its_snake_case(profile: str) -> None:
    """docs/models.md: camelCase keys are read; the enumerations a JavaScript backend
    serialises in camelCase (``foodBusiness``, ``naturalPerson``, ``residentIdCard``) are
    read too, as upper case (``FOOD_BUSINESS``) already was — not left out as unknown."""
    record = _seller(profile)
    expected = verify(record, as_of=AS_OF)
    for spelt in (_camel_all(record), _camel_all(record, values=True)):
        report = verify(spelt, as_of=AS_OF)
        assert report.decision is expected.decision, (profile, report.codes)
        assert report.codes == expected.codes


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("foodBusiness", "food_business"),
        ("businessLicense", "business_license"),
        ("BusinessLicense", "business_license"),
        ("deviceBusiness", "device_business"),
        ("drugInfo", "drug_info"),
        ("FOOD_FILING", "food_filing"),
        ("FoodBusinessLicense", "food_business"),  # the model's class name; was unknown
        ("food-production", "food_production"),
    ],
)
def test_document_kinds_in_camel_case_name_their_kind(name: str, kind: str) -> None:
    assert document_kind(name) == (kind, None)


@pytest.mark.parametrize("name", ["foodBusinessX", "foodbusinesslicence", "myFoodBusiness"])
def test_a_camel_case_name_of_no_kind_is_still_unknown_and_reviewed(name: str) -> None:
    assert document_kind(name) is None
    record = example(0)
    record["documents"][1]["kind"] = name
    report = verify(record, as_of=AS_OF)
    assert report.decision.value != "pass"
    assert "record.unknown_document_kind" in report.codes


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        ("naturalPerson", SubjectType.NATURAL_PERSON),
        ("individualBusiness", SubjectType.INDIVIDUAL_BUSINESS),
        ("INDIVIDUAL_BUSINESS", SubjectType.INDIVIDUAL_BUSINESS),
        ("Enterprise", SubjectType.ENTERPRISE),
    ],
)
def test_subject_types_in_camel_case_are_read(name: str, subject: SubjectType) -> None:
    profile = {
        SubjectType.NATURAL_PERSON: "natural_person",
        SubjectType.INDIVIDUAL_BUSINESS: "individual_business",
        SubjectType.ENTERPRISE: "restaurant",
    }[subject]
    record = {**_seller(profile), "subject_type": name}
    assert Merchant.model_validate(record).subject_type is subject
    assert verify(record, as_of=AS_OF).passed


@pytest.mark.parametrize(
    ("name", "identity"),
    [
        ("residencePermit", IdentityType.RESIDENCE_PERMIT),
        ("taiwanTravelPermit", IdentityType.TAIWAN_TRAVEL_PERMIT),
        ("residentIdCard", IdentityType.RESIDENT_ID_CARD),
    ],
)
def test_identity_types_in_camel_case_are_read(name: str, identity: IdentityType) -> None:
    assert IdentityType.parse(name) is identity


def test_onboarding_a_seller_from_camel_case_and_chinese_keys_as_the_readme_record() -> None:
    """The README's restaurant, as a platform's JSON text with camelCase and Chinese keys:
    the same decision and codes, each finding at the key the record gives."""
    record = {
        "merchantId": "shop-001",
        "主体类型": "企业",
        "商户名称": "武汉示例餐饮管理有限公司",
        "统一社会信用代码": "91420106MA4K00002M",
        "经营类目": ["catering"],
        "documents": [
            {"证照类型": "营业执照", "编号": "91420106MA4K00002M",
             "名称": "武汉示例餐饮管理有限公司", "有效期起": "2019年3月1日", "有效期至": "长期"},
            {"kind": "foodBusiness", "number": "JY14201060000013",
             "holderName": "武汉示例餐饮管理有限公司", "validFrom": "2022.06.01",
             "validTo": "2026.12.10"},
        ],
    }  # fmt: skip
    report = verify(json.dumps(record, ensure_ascii=False), as_of=AS_OF)
    assert report.decision.value == "fail"
    assert report.codes == ("license.expiring_soon", "category.license_unsuitable")
    assert report.merchant_id == "shop-001"
    assert report.best_finding is not None
    assert report.best_finding.json_path == "$.经营类目[0]"
    assert "餐饮" in report.best_finding.message_zh
    assert "Catering" in report.best_finding.message


# --- the report ---------------------------------------------------------------------


def test_the_report_table_of_docs_verify_lists_every_field_and_property() -> None:
    """docs/verify.md, "The report": ``registry`` (in every report's JSON and the batch
    output) was not listed; nor were ``passed``, ``codes`` and ``by_path``."""
    text = (DOCS / "verify.md").read_text(encoding="utf-8")
    section = text.split("## The report", 1)[1].split("\n## ", 1)[0]
    for field in Report.model_fields:
        assert f"`{field}`" in section, field
    for name in ("passed", "codes", "best_finding", "by_path()", "to_json()", "message_zh"):
        assert f"`{name}`" in section, name


def test_the_report_of_a_registry_check_reads_as_documented() -> None:
    registry = SqliteRegistry(EXAMPLES / "registry.sqlite")
    report = Verifier(as_of=AS_OF, registry=registry).verify(example(8))
    assert report.registry is not None
    assert (report.registry.source, report.registry.status) == ("sqlite:registry.sqlite", "found")
    assert report.registry.fetched_at.tzinfo is not None
    assert set(report.by_path()) == {finding.json_path for finding in report.findings}
    assert not report.passed
    assert Report.model_validate_json(report.to_json()).codes == report.codes
    assert verify(example(0), as_of=AS_OF).registry is None


# --- many records from Python -------------------------------------------------------


@pytest.mark.parametrize(
    "records",
    [
        pytest.param(str(EXAMPLES / "merchants.jsonl"), id="file-name"),
        pytest.param(EXAMPLES / "merchants.jsonl", id="path"),
        pytest.param(EXAMPLE_LINES[0], id="json-text"),
        pytest.param(EXAMPLE_LINES[0].encode(), id="bytes"),
        pytest.param(example(0), id="one-dict"),
        pytest.param(Merchant.model_validate(example(0)), id="one-merchant"),
    ],
)
def test_one_record_or_a_file_name_given_to_iter_verify_is_refused(records: Any) -> None:
    """docs/batch.md: ``iter_verify(rows)`` takes an iterable of records.  A file's name
    was verified character by character, a dict key by key — a *review* report each and
    never the sellers meant; now a TypeError says what to call instead."""
    with pytest.raises(TypeError, match=r"iter_input\(path\)") as raised:
        iter_verify(records, as_of=AS_OF)
    assert "verify(record)" in str(raised.value)

    async def drain() -> None:
        async for _ in qualcheck.averify_many(records, as_of=AS_OF):
            pass

    with pytest.raises(TypeError, match="averify_many"):
        asyncio.run(drain())


def test_iter_verify_still_takes_a_file_object_a_generator_and_iter_input() -> None:
    """A text file is an iterable of JSON lines, as a cursor is of rows."""
    expected = ["pass"] * len(PASSING)
    with (EXAMPLES / "merchants.jsonl").open(encoding="utf-8") as lines:
        decisions = [report.decision.value for report in iter_verify(lines, as_of=AS_OF)]
    assert decisions[: len(PASSING)] == expected
    rows = (json.loads(line) for line in EXAMPLE_LINES[: len(PASSING)])
    assert [r.decision.value for r in iter_verify(rows, as_of=AS_OF)] == expected
    read = iter_verify(iter_input(EXAMPLES / "merchants.jsonl"), as_of=AS_OF)
    assert [report.decision.value for report in read] == decisions


def _sellers(count: int) -> list[dict[str, Any]]:
    rng = random.Random(20261129)
    return [
        {
            **make_merchant(PROFILES[i % len(PROFILES)], as_of=AS_OF, rng=rng),
            "merchantId": f"s-{i}",
        }
        for i in range(count)
    ]


def test_the_resumable_batch_from_python_as_docs_batch_shows(tmp_path: Path) -> None:
    """docs/batch.md named ``run_batch(BatchOptions(...))`` but neither was importable from
    ``qualcheck.batch``; the batch and ``iter_verify`` agree record for record."""
    sellers = _sellers(200)
    sellers[7]["documents"][0]["valid_to"] = "2026-01-01"  # an expired licence
    path = write_jsonl(tmp_path / "due.jsonl", sellers)
    options = BatchOptions(inputs=(path,), out=tmp_path / "results.jsonl", as_of=AS_OF, quiet=True)
    assert options.inputs == (str(path),)
    stderr = io.StringIO()
    assert run_batch(options, stderr=stderr) == 1
    results = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    reports = list(iter_verify(sellers, as_of=AS_OF))
    assert [(r["merchant_id"], r["decision"], r["codes"]) for r in results] == [
        (report.merchant_id, report.decision.value, list(report.codes)) for report in reports
    ]
    assert results[7]["decision"] == "fail"
    assert run_batch(options, stderr=stderr) == 1  # run again: complete, nothing twice
    assert len((tmp_path / "results.jsonl").read_text().splitlines()) == len(sellers)


def test_the_resumable_batch_from_python_with_an_open_registry(tmp_path: Path) -> None:
    registry = MockRegistry(name="snapshot")
    for index in PASSING:
        registry.add_merchant(example(index))
    out = tmp_path / "results.jsonl"
    options = BatchOptions(inputs=(str(EXAMPLES / "merchants.jsonl"),), out=str(out),
                           as_of=AS_OF, quiet=True)  # fmt: skip
    assert run_batch(options, registry=registry) == 1
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["decision"] for r in results[: len(PASSING)]] == ["pass"] * len(PASSING)
    asked = {r["merchant_id"]: r["registry"] for r in results}
    records = map(json.loads, EXAMPLE_LINES)
    people = {r["merchant_id"] for r in records if r["subject_type"] in NATURAL_PERSON}
    assert {mid for mid, lookup in asked.items() if lookup is None} == people  # nothing to ask
    assert {lookup["source"] for lookup in asked.values() if lookup} == {"snapshot"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"inputs": "sellers.jsonl"}, r"inputs must be a tuple of file names, not one str"),
        ({"inputs": Path("sellers.jsonl")}, r"write inputs=\('sellers.jsonl',\)"),
        ({"inputs": ("s.jsonl",), "as_of": AS_OF_TEXT}, r"as_of must be a datetime.date"),
    ],
)
def test_batch_options_refuse_what_would_go_wrong_later(
    options: dict[str, Any], message: str
) -> None:
    """One file name as ``inputs`` would be read as one file per character; an ``as_of``
    in text crashed the run with an AttributeError once it had opened its output."""
    with pytest.raises(TypeError, match=message):
        BatchOptions(out="results.jsonl", **options)


def test_batch_options_take_a_datetime_as_its_day_in_china() -> None:
    moment = datetime.datetime(2026, 11, 29, 20, 0, tzinfo=datetime.timezone.utc)
    options = BatchOptions(inputs=["a.jsonl"], out="out.jsonl", as_of=moment)
    assert (options.inputs, options.as_of) == (("a.jsonl",), datetime.date(2026, 11, 30))


def test_the_batch_command_still_runs_with_an_as_of(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [example(i) for i in PASSING])
    out = tmp_path / "out.jsonl"
    result = run_cli("batch", str(path), "--out", str(out), "--as-of", AS_OF_TEXT, "-q")
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(PASSING)


# --- your own category policy -------------------------------------------------------


def test_extending_the_bundled_category_file_as_docs_categories_says(tmp_path: Path) -> None:
    """docs/categories.md: start from a copy of the bundled file (a package resource in an
    installed package); a name the file already gives another category is refused, naming
    both, rather than shadowing it."""
    text = (DOCS / "categories.md").read_text(encoding="utf-8")
    assert 'importlib.resources.files("qualcheck") / "data" / "categories.json"' in text
    bundled = importlib.resources.files("qualcheck") / "data" / "categories.json"
    data = json.loads(bundled.read_text(encoding="utf-8"))
    data["categories"]["my_vapes"] = {
        "name_zh": "电子烟", "name_en": "Vapes", "banned": True, "basis": ["platform rule"],
    }  # fmt: skip
    clash = tmp_path / "clash.json"
    clash.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"my_vapes.*'电子烟' also names category 'e_cigarettes'"):
        Policy(categories_file=clash)
    data["categories"]["my_vapes"] = {
        "name_zh": "雾化器", "name_en": "Atomisers", "banned": True, "basis": ["platform rule"],
    }  # fmt: skip
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps({"categories_file": "mine.json"}), encoding="utf-8")
    verifier = Verifier(policy=Policy.from_file(policy_file), as_of=AS_OF)
    record = {**example(0), "categories": ["雾化器", "疫苗"]}
    assert verifier.verify(record).codes == ("category.banned", "category.banned")


# --- the registry snapshot ----------------------------------------------------------


def test_loading_into_a_folder_that_does_not_exist_says_so(tmp_path: Path) -> None:
    """SQLite says only "unable to open database file"; the error names the folder."""
    db = tmp_path / "snapshots" / "registry.sqlite"
    result = run_cli("registry", "load", str(EXAMPLES / "registry.jsonl"), "--db", str(db))
    no_traceback(result)
    assert result.returncode == 2
    assert f"no folder {db.parent}: create it first" in result.stderr
    db.parent.mkdir()
    assert (
        run_cli("registry", "load", str(EXAMPLES / "registry.jsonl"), "--db", str(db)).returncode
        == 0
    )
    assert SqliteRegistry(db).name == "sqlite:registry.sqlite"
