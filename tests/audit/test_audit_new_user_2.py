"""Audit, second round: a platform engineer's first hours with qualcheck — the flat public
API, what ships in the package, the extras, the help of every command, the code samples
of docs/ that are not doctests, and the errors of the usual mistakes.

The contract comes from README.md and docs/ (index, verify, models, cli, batch,
registries, testing, numbers).  Every personal number here is generated (nobody's).
"""

from __future__ import annotations

import copy
import datetime
import importlib.resources
import inspect
import json
import os
import pickle
import re
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pydantic
import pytest

import qualcheck
from qualcheck import (
    ConfigError,
    Decision,
    Merchant,
    Policy,
    Report,
    UnreadableValue,
    VerificationFailed,
    Verifier,
    iter_findings,
    iter_verify,
    verify,
)
from qualcheck.checks import default_checks
from qualcheck.cli import main
from qualcheck.registries import MemoryRegistry
from tests.audit.audit_support import (
    AS_OF,
    EXAMPLE_RECORDS,
    EXAMPLES,
    PASSING,
    RIC,
    ROOT,
    example,
    food_shop,
    no_traceback,
    not_pass,
    run_cli,
)

pytest_plugins = ["pytester"]

DOCS = ROOT / "docs"


def _fenced(page: Path, language: str) -> list[str]:
    """The code blocks of ``language`` on a docs page, in order."""
    text = page.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with this checkout first on the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


# --- the public API --------------------------------------------------------------------


def test_the_public_api_table_of_docs_index_is_all() -> None:
    """docs/index.md, "The public API": the table is ``qualcheck.__all__``, name for name."""
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    section = text.split("## The public API", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`" in line]
    listed = {name for row in rows for name in re.findall(r"`(\w+)`", row.split("|")[2])}
    assert listed == set(qualcheck.__all__)


def test_every_public_name_is_documented_and_star_import_gives_all() -> None:
    namespace: dict[str, Any] = {}
    exec("from qualcheck import *", namespace)
    assert set(qualcheck.__all__) <= set(namespace)
    undocumented = [
        name
        for name in qualcheck.__all__
        if not isinstance(getattr(qualcheck, name), str)
        and not (inspect.getdoc(getattr(qualcheck, name)) or "").strip()
    ]
    assert undocumented == []


def _public_callables() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for name in qualcheck.__all__:
        value = getattr(qualcheck, name)
        if inspect.isfunction(value):
            found.append((name, value))
        elif inspect.isclass(value):
            found.append((f"{name}.__init__", value.__init__))
            found += [
                (f"{name}.{attr}", member)
                for attr, member in vars(value).items()
                if inspect.isfunction(member) and not attr.startswith("_")
            ]
    return found


_BATCH_FUNCTIONS = {"iter_verify", "averify_many"}
"""Left out: their hints name the engine's types, imported only for type checking so that
`qualcheck due` does not load the engine (about 0.7 s)."""


@pytest.mark.parametrize(
    ("name", "function"),
    [item for item in _public_callables() if item[0] not in _BATCH_FUNCTIONS],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_type_hints_of_public_signatures_resolve(name: str, function: Any) -> None:
    """``typing.get_type_hints`` (FastAPI, pydantic's validate_call, typeguard, autodoc)
    resolves every public signature — HttpRegistry's httpx types included."""
    typing.get_type_hints(function)


def test_import_is_light_and_numbers_need_neither_pydantic_nor_httpx() -> None:
    """``import qualcheck`` and number checks load neither pydantic nor httpx; a kind's
    module is an attribute of ``qualcheck.numbers`` without importing it first."""
    out = _python(
        "import sys, qualcheck\n"
        "from qualcheck import numbers\n"
        "assert numbers.uscc.validate('91350100M000100Y43') == '91350100M000100Y43'\n"
        "assert numbers.food_business.check('JY14403050000010').kind == 'food_business'\n"
        "numbers.identify('JY14403050000010'); numbers.detect('91350100M000100Y43')\n"
        "print(sorted(m for m in ('pydantic', 'httpx') if m in sys.modules))\n"
        "qualcheck.verify({'subject_type': 'natural_person', 'name': 'x'})\n"
        "print('httpx' in sys.modules)\n"
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["[]", "False"]


def test_an_unknown_number_kind_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="'passport'"):
        _ = qualcheck.numbers.passport
    assert {"uscc", "ric", "cma"} <= set(dir(qualcheck.numbers))


# --- what ships ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("package", "resource"),
    [
        ("qualcheck", "py.typed"),
        ("qualcheck", "data/categories.json"),
        ("qualcheck", "data/traditional.json"),
        ("qualcheck.numbers", "data/regions.tsv"),
        ("qualcheck.numbers", "data/region_renames.tsv"),
    ],
)
def test_data_files_are_package_resources(package: str, resource: str) -> None:
    """The data files are read as package resources (as docs/index.md tells a platform to
    copy categories.json), so they ship in the wheel with the package."""
    path = importlib.resources.files(package).joinpath(resource)
    assert path.is_file()
    if resource.endswith(".json"):
        assert json.loads(path.read_text(encoding="utf-8"))


def _pyproject() -> dict[str, Any]:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+; qualcheck runs on 3.10 too
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return project


def test_the_wheel_takes_the_whole_package_and_the_documented_entry_points() -> None:
    project = _pyproject()
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["qualcheck"]
    assert project["project"]["scripts"] == {"qualcheck": "qualcheck.cli:console"}
    plugin = project["project"]["entry-points"]["pytest11"]["qualcheck"]
    assert plugin == "qualcheck.testing.pytest_plugin"
    assert "Typing :: Typed" in project["project"]["classifiers"]


def _requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=\[; ]", requirement, maxsplit=1)[0] for requirement in requirements}


def test_the_extras_install_what_docs_index_says() -> None:
    """docs/index.md's table of extras, and docs/registries/driver.md's list for the
    ``registry`` extra."""
    extras = _pyproject()["project"]["optional-dependencies"]
    assert _requirement_names(extras["registry"]) == {
        "tenacity",
        "pybreaker",
        "pyrate-limiter",
        "cachetools",
        "diskcache",
    }
    assert _requirement_names(extras["batch"]) == {"tqdm"}
    assert _requirement_names(extras["faker"]) == {"faker"}
    test = extras["test"]
    assert "qualcheck[registry,faker,batch]" in test  # "all of the above"
    assert {"pytest", "hypothesis"} <= _requirement_names(test)
    core = _requirement_names(_pyproject()["project"]["dependencies"])
    assert {"pydantic", "httpx"} <= core  # `pip install .` is enough for SqliteRegistry


@pytest.mark.parametrize(
    ("module", "blocked", "extra"),
    [
        ("qualcheck.testing.strategies", "hypothesis", "qualcheck[test]"),
        ("qualcheck.testing.faker_provider", "faker", "qualcheck[faker]"),
    ],
)
def test_a_missing_extra_is_named_with_the_command_that_installs_it(
    module: str, blocked: str, extra: str
) -> None:
    out = _python(
        f"import sys; sys.modules[{blocked!r}] = None\n"
        "try:\n"
        f"    import {module}\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ModuleNotFoundError")  # pytest.importorskip still works
    assert extra in out.stdout


# --- the usual mistakes in a call ---------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "code"),
    [
        (None, "record.not_an_object"),
        ("not json", "record.not_json"),
        ("", "record.not_json"),
        (EXAMPLES / "merchants" / "01-food-shop.json", "record.not_an_object"),
        (str(EXAMPLES / "merchants" / "01-food-shop.json"), "record.not_json"),
        ([EXAMPLE_RECORDS[0], EXAMPLE_RECORDS[1]], "record.not_an_object"),
        (json.dumps([EXAMPLE_RECORDS[0]]), "record.not_an_object"),
        (42, "record.not_an_object"),
    ],
    ids=["None", "not-json", "empty", "Path", "path-text", "list", "json-array", "int"],
)
def test_what_is_not_one_record_is_reviewed_never_passed_nor_raised(record: Any, code: str) -> None:
    """docs/verify.md, "One record, not a file or a list": review with a record.* code."""
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert report.codes == (code,)
    assert [finding.json_path for finding in report.findings] == ["$"]


def test_many_records_go_through_iter_verify() -> None:
    reports = list(iter_verify([example(i) for i in PASSING], as_of=AS_OF))
    assert [report.decision for report in reports] == [Decision.PASS] * len(PASSING)


def test_json_bytes_read_as_json_text() -> None:
    text = json.dumps(food_shop(), ensure_ascii=False)
    assert verify(text.encode("utf-8"), as_of=AS_OF).decision is Decision.PASS
    assert (
        verify(text.encode("utf-8"), as_of=AS_OF).input_digest
        == verify(text, as_of=AS_OF).input_digest
    )


def test_as_of_as_text_says_how_to_read_it() -> None:
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date, not str.*fromisoformat"):
        verify(food_shop(), as_of="2026-11-29")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="as_of"):
        Verifier(as_of=20261129)  # type: ignore[arg-type]


def test_as_of_as_a_datetime_is_its_day() -> None:
    record = example(8)  # its food licence ran out on 2026-02-28
    as_datetime = verify(record, as_of=datetime.datetime(2026, 2, 28, 23, 59))
    assert as_datetime.as_of == datetime.date(2026, 2, 28)
    assert as_datetime.codes == verify(record, as_of=datetime.date(2026, 2, 28)).codes


@pytest.mark.parametrize("keyword", ["lang", "registy", "expiring_soon_days", "strict", "reveal"])
def test_an_unknown_keyword_is_a_type_error_naming_it(keyword: str) -> None:
    with pytest.raises(TypeError, match=repr(keyword)):
        verify(food_shop(), as_of=AS_OF, **{keyword: "fr"})
    with pytest.raises(TypeError, match=repr(keyword)):
        Verifier(**{keyword: 60})


@pytest.mark.parametrize("policy", [{"expiring_soon_days": 60}, "strict", 60])
def test_a_policy_that_is_not_a_policy_says_how_to_make_one(policy: Any) -> None:
    expected = r"policy must be a qualcheck\.Policy.*Policy\(\*\*options\)"
    with pytest.raises(TypeError, match=expected):
        verify(food_shop(), as_of=AS_OF, policy=policy)
    with pytest.raises(TypeError, match="policy must be"):
        Verifier(policy=policy)


_NOT_REGISTRIES = {
    "path-text": str(EXAMPLES / "registry.sqlite"),
    "Path": EXAMPLES / "registry.sqlite",
    "provider-name": "tianyancha",
    "dict": {"uscc": "91350100M000100Y43"},
    "object": object(),
}


@pytest.mark.parametrize("registry", list(_NOT_REGISTRIES.values()), ids=list(_NOT_REGISTRIES))
@pytest.mark.parametrize("record", [0, 6], ids=["enterprise", "natural-person"])
def test_a_registry_that_is_not_a_registry_is_a_type_error_naming_it(
    registry: Any, record: int
) -> None:
    """Was an AttributeError ('str' object has no attribute 'license_kinds') from inside
    the engine, for natural persons too."""
    with pytest.raises(TypeError, match=r"^registry "):
        verify(example(record), as_of=AS_OF, registry=registry)
    with pytest.raises(TypeError, match=r"^registry "):
        Verifier(registry=registry)
    with pytest.raises(TypeError, match=r"^registry "):
        Verifier(as_of=AS_OF).verify(example(record), registry=registry)


def test_a_path_as_registry_names_sqlite_registry() -> None:
    with pytest.raises(TypeError, match=r"SqliteRegistry\(path\)"):
        verify(food_shop(), as_of=AS_OF, registry=str(EXAMPLES / "registry.sqlite"))


def test_an_http_adapter_as_registry_says_to_run_it_in_the_driver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Was every record reviewed as ``registry.unavailable`` ('tianyancha could not
    answer'): operators would have looked for an outage that was a wiring mistake."""
    from qualcheck.registries import TianyanchaAdapter

    monkeypatch.setenv("QUALCHECK_TIANYANCHA_TOKEN", "not-a-real-token")
    with pytest.raises(TypeError, match=r"HTTP adapter \(TianyanchaAdapter\).*HttpRegistry"):
        verify(food_shop(), as_of=AS_OF, registry=TianyanchaAdapter())


def test_real_registries_are_still_taken() -> None:
    registry = MemoryRegistry()
    report = Verifier(as_of=AS_OF, registry=registry).verify(food_shop())
    assert report.registry is not None
    assert not_pass(report)  # the memory registry knows nobody: not found


@pytest.mark.parametrize("checks", ["identifiers", ["identifiers", "validity"], [None]])
def test_checks_that_are_not_check_specs_are_a_type_error(checks: Any) -> None:
    with pytest.raises(TypeError, match=r"checks must be CheckSpec objects.*default_checks"):
        Verifier(checks=checks)


@pytest.mark.parametrize("checks", [[], (), iter(())])
def test_no_checks_at_all_is_a_config_error_not_a_pass_for_everything(checks: Any) -> None:
    """Was a Verifier that passed every record, an expired licence included."""
    with pytest.raises(ConfigError, match="checks is empty"):
        Verifier(checks=checks)


def test_checks_chosen_by_name_still_run() -> None:
    chosen = [spec for spec in default_checks() if spec.name == "validity"]
    report = Verifier(as_of=AS_OF, checks=chosen).verify(example(8))
    assert report.codes == ("license.expired",)


@pytest.mark.parametrize(
    ("fields", "missing"),
    [({"name": "福州示例餐饮有限公司"}, "subject_type"), ({"subject_type": "enterprise"}, "name")],
)
def test_a_merchant_built_in_code_without_a_required_field_names_it(
    fields: dict[str, Any], missing: str
) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        Merchant(**fields, legal_representative={"name": "张三", "id_number": RIC})
    assert [error["loc"] for error in caught.value.errors()] == [(missing,)]
    assert RIC not in str(caught.value)


def test_a_merchant_built_in_code_is_verified_like_its_dict() -> None:
    record = food_shop()
    merchant = Merchant.model_validate(record)
    assert verify(merchant, as_of=AS_OF).codes == verify(record, as_of=AS_OF).codes == ()


# --- the report ---------------------------------------------------------------------------


def test_raise_for_decision_as_documented() -> None:
    passed = verify(food_shop(), as_of=AS_OF)
    assert passed.raise_for_decision() is passed
    review = verify(example(13), as_of=AS_OF)  # fireworks: a permit checked by hand
    assert review.decision is Decision.REVIEW
    assert review.raise_for_decision(allow_review=True) is review
    with pytest.raises(VerificationFailed, match=r"^verification decision is review: category"):
        review.raise_for_decision()
    failed = verify(example(8), as_of=AS_OF)
    with pytest.raises(VerificationFailed) as caught:
        failed.raise_for_decision(allow_review=True)
    assert caught.value.report is failed
    assert "license.expired at $.documents[1].validity.valid_to" in str(caught.value)


def test_verification_failed_survives_pickling_and_copying() -> None:
    """A process pool or a task queue pickles the exception: it used to be rebuilt from
    its message alone (AttributeError: 'str' object has no attribute 'best_finding')."""
    failed = verify(example(8), as_of=AS_OF)
    with pytest.raises(VerificationFailed) as caught:
        failed.raise_for_decision()
    for again in (pickle.loads(pickle.dumps(caught.value)), copy.copy(caught.value)):
        assert isinstance(again, VerificationFailed)
        assert again.report == failed
        assert str(again) == str(caught.value)


def test_unreadable_value_keeps_both_messages_through_pickling() -> None:
    from qualcheck.dates import parse_date

    with pytest.raises(UnreadableValue) as caught:
        parse_date("2023年2月30日")
    again = pickle.loads(pickle.dumps(caught.value))
    assert (str(again), again.message_zh) == (str(caught.value), caught.value.message_zh)


@pytest.mark.parametrize("index", range(len(EXAMPLE_RECORDS)))
def test_iter_findings_yields_the_findings_of_the_report(index: int) -> None:
    record = example(index)
    lazily = [(f.code, f.json_path, f.decision) for f in iter_findings(record, as_of=AS_OF)]
    report = verify(record, as_of=AS_OF)
    assert lazily == [(f.code, f.json_path, f.decision) for f in report.findings]


def test_to_json_reads_back_and_holds_no_personal_number() -> None:
    record = food_shop()
    record["legal_representative"] = {"name": "张三", "id_number": RIC}
    record["documents"][1]["valid_to"] = "2026年12月10日"  # expiring soon
    report = verify(record, as_of=AS_OF)
    text = report.to_json()
    assert RIC not in text
    assert RIC[6:14] not in text
    again = Report.model_validate_json(text)
    assert again.to_json() == text
    assert json.loads(report.to_json(indent=2)) == json.loads(text)


# --- docs samples that are not doctests -----------------------------------------------------


def test_the_record_of_docs_verify_passes_as_the_page_says() -> None:
    """docs/verify.md, "The record": the full JSON record passes as of 15 March 2026."""
    record = json.loads(_fenced(DOCS / "verify.md", "json")[0])
    report = verify(record, as_of=datetime.date(2026, 3, 15))
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_the_policy_file_of_docs_verify_reads(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(_fenced(DOCS / "verify.md", "json")[1], encoding="utf-8")
    policy = Policy.from_file(path)
    assert policy.expiring_soon_days == 60
    assert policy.decisions["license.*"] is Decision.FAIL


def test_the_category_file_of_docs_categories_is_a_valid_policy(tmp_path: Path) -> None:
    path = tmp_path / "categories.json"
    path.write_text(_fenced(DOCS / "categories.md", "json")[0], encoding="utf-8")
    seller = {
        "subject_type": "enterprise",
        "name": "福州示例餐饮有限公司",
        "uscc": "91350100M000100Y43",
        "categories": ["外卖", "疫苗"],
        "documents": [
            {
                "kind": "business_license",
                "number": "91350100M000100Y43",
                "holder_name": "福州示例餐饮有限公司",
                "validity": "2019-05-20至长期",
            }
        ],
    }
    report = verify(seller, as_of=AS_OF, policy=Policy(categories_file=path))
    assert set(report.codes) == {"category.license_missing", "category.banned"}


def test_the_python_samples_of_docs_registries_construct(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/registries/adapters.md and driver.md: the Python samples (shown as text) build
    a registry and a verifier; nothing is asked."""
    pytest.importorskip("tenacity")
    from qualcheck.registries import DriverOptions, HttpRegistry, TianyanchaAdapter

    monkeypatch.setenv("QUALCHECK_TIANYANCHA_TOKEN", "not-a-real-token")
    registry = HttpRegistry(
        TianyanchaAdapter(mode="info"), DriverOptions(rate_limit=20, cache="memory")
    )
    with registry:
        assert Verifier(registry=registry).registry is registry


def test_the_pytest_sample_of_docs_testing_passes(pytester: pytest.Pytester) -> None:
    """docs/testing.md: the test module shown (not a doctest) passes with the plugin."""
    sample = [block for block in _fenced(DOCS / "testing.md", "python") if ">>>" not in block]
    assert len(sample) == 1
    pytester.makepyfile(test_sample=sample[0])
    result = pytester.runpytest("-p", "no:randomly", "-q")
    result.assert_outcomes(passed=3)


# --- the command line ---------------------------------------------------------------------

COMMANDS = [
    ["id"],
    ["verify"],
    ["checks"],
    ["schema"],
    ["codes"],
    ["registry"],
    ["registry", "load"],
    ["registry", "stats"],
    ["registry", "check"],
    ["batch"],
    ["due"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: qualcheck {' '.join(command)} ")
    assert "show this help message and exit" in out


def test_the_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("id", "verify", "checks", "schema", "codes", "registry", "batch", "due"):
        assert re.search(rf"^\s+{command}\s+\S", out, re.M), command


def test_schema_help_names_its_choices_and_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["schema", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the help
    assert "merchant, document, report, policy, categories (default: merchant)" in out


@pytest.mark.parametrize(
    ("argv", "prog", "meant"),
    [
        (["verify", "x.jsonl", "--asof", "2026-11-29"], "qualcheck verify", "--as-of"),
        (["batch", "x.jsonl", "--out", "o.jsonl", "--restrat"], "qualcheck batch", "--restart"),
        (["registry", "stats", "--dbb", "r.sqlite"], "qualcheck registry stats", "--db"),
        (["id", "uscc", "91350100M000100Y43", "--revael"], "qualcheck id", "--reveal"),
        (["due", "x.jsonl", "--witin", "7"], "qualcheck due", "--within"),
    ],
)
def test_a_misspelt_option_is_named_by_its_command_with_the_one_meant(
    argv: list[str], prog: str, meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was ``qualcheck: error: unrecognized arguments`` with the top-level usage."""
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert f"{prog}: error: unrecognized arguments: " in err
    assert f"(did you mean {meant}?)" in err
    assert f"usage: {prog} " in err


def test_an_extra_argument_without_a_likely_option_is_still_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["checks", "extra"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "qualcheck checks: error: unrecognized arguments: extra" in err
    assert "did you mean" not in err


def test_python_dash_m_qualcheck_runs_the_command_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "qualcheck", "verify", "-", "--as-of", "2026-11-29"],
        input=json.dumps(food_shop(), ensure_ascii=False),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("PASS ")


def test_the_console_script_version_and_no_command() -> None:
    version = run_cli("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"qualcheck {qualcheck.__version__}"
    bare = run_cli()
    assert bare.returncode == 2
    assert "COMMAND" in bare.stderr
    no_traceback(bare)
