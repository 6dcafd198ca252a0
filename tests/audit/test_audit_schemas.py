"""The JSON Schemas qualcheck publishes, against the models they describe.

A schema is a promise to clients: one that checks its requests against the validation
schema must never have a record refused that qualcheck accepts (a schema stricter than
the model breaks clients), and where the schema can tell — required fields, document
kinds, the canonical form of what a model serialises — it refuses what the model refuses.
Formats are asserted (``format_checker``), as many clients' validators do.
"""

from __future__ import annotations

import copy
import datetime
import importlib
import json
import random
import re
import warnings
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from audit_support import AS_OF, AS_OF_TEXT, EXAMPLE_RECORDS, EXAMPLES
from pydantic import TypeAdapter, ValidationError

from qualcheck import Merchant, Policy, Report, numbers, verify
from qualcheck.cli import main
from qualcheck.models import Document, Person
from qualcheck.models.identity import IdentityType
from qualcheck.testing import PROFILES, make_merchant, make_ric, make_valid
from qualcheck.types import ResidentID

jsonschema = pytest.importorskip("jsonschema")
Validator = jsonschema.Draft202012Validator

SCHEMA_NAMES = ("merchant", "document", "report", "policy", "categories")
MERCHANT_FILES = sorted((EXAMPLES / "merchants").glob("*.json"))
UNREADABLE = "18-unreadable-date.json"

# --- helpers ------------------------------------------------------------------------------


def cli_schema(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["schema", *args]) == 0
    out = capsys.readouterr().out
    schema = json.loads(out)
    assert isinstance(schema, dict)
    return schema


def validator(schema: dict[str, Any]) -> Any:
    Validator.check_schema(schema)
    return Validator(schema, format_checker=Validator.FORMAT_CHECKER)


MERCHANT_IN = validator(Merchant.model_json_schema(mode="validation"))
MERCHANT_OUT = validator(Merchant.model_json_schema(mode="serialization"))
REPORT_OUT = validator(TypeAdapter(Report).json_schema(mode="serialization"))


def schema_errors(checker: Any, record: Any) -> list[str]:
    """What ``checker`` refuses in ``record``: ``path: message`` per deepest error."""
    found = []
    for error in checker.iter_errors(record):
        leaves = [error, *error.context] if error.context else [error]
        for leaf in leaves:
            found.append(f"{'.'.join(map(str, leaf.absolute_path))}: {leaf.message[:120]}")
    return found


def model_accepts(record: Any) -> bool:
    try:
        Merchant.model_validate(record)
    except ValidationError:
        return False
    return True


def assert_schema_accepts(record: dict[str, Any]) -> None:
    """The model reads ``record`` — so must the validation schema."""
    assert model_accepts(record), "the model must accept the record (test premise)"
    assert schema_errors(MERCHANT_IN, record) == []


def assert_both_refuse(record: dict[str, Any]) -> None:
    assert not model_accepts(record), "the model must refuse the record (test premise)"
    assert schema_errors(MERCHANT_IN, record) != []


def example_file(stem: str) -> dict[str, Any]:
    data = json.loads((EXAMPLES / "merchants" / f"{stem}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def food_shop() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE_RECORDS[0])


def natural_person() -> dict[str, Any]:
    return example_file("07-natural-person")


_DOCUMENT_DATES = (
    "validity",
    "valid_from",
    "valid_to",
    "long_term",
    "issue_date",
    "established_on",
)


def plain(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` without what the proposed changes to files this audit does not own are
    about (subject names, date and validity forms, scopes as text), so that a test looks
    at one thing."""
    record = copy.deepcopy(record)
    record["subject_type"] = Merchant.model_validate(
        {"subject_type": record["subject_type"], "name": "x"}
    ).subject_type.value
    record.pop("last_verified_at", None)
    for document in record.get("documents") or ():
        for key in (*_DOCUMENT_DATES, "scope"):
            document.pop(key, None)
    return record


def generated(seed: int = 2026) -> Iterator[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    for profile in PROFILES:
        for _ in range(8):  # the generator varies its date forms (4 styles) and layouts
            yield profile, make_merchant(profile, as_of=AS_OF, rng=rng)


def kind_module(kind: str) -> ModuleType:
    return importlib.import_module(f"qualcheck.numbers.{kind}")


def number_type(kind: str) -> Any:
    if kind == "ric":
        return ResidentID
    return next(
        alias
        for alias in vars(importlib.import_module("qualcheck.types")).values()
        if getattr(alias, "__metadata__", None)
        and getattr(alias.__metadata__[0], "kind", None) == kind
    )


# --- the schema command -------------------------------------------------------------------


@pytest.mark.parametrize("name", [None, *SCHEMA_NAMES])
def test_every_schema_the_command_prints_is_valid_json_schema(
    capsys: pytest.CaptureFixture[str], name: str | None
) -> None:
    schema = cli_schema(capsys, *([name] if name else []))
    Validator.check_schema(schema)  # the Draft 2020-12 metaschema, regexes included
    text = json.dumps(schema, ensure_ascii=False)
    for pattern in re.findall(r'"(?:x-qualcheck-)?pattern": ("(?:[^"\\]|\\.)*")', text):
        re.compile(json.loads(pattern))
    # every $ref resolves
    for ref in re.findall(r'"\$ref": "#/\$defs/([^"]+)"', text):
        assert ref in schema["$defs"], ref


@pytest.mark.parametrize(
    ("name", "model", "mode"),
    [
        ("merchant", Merchant, "validation"),
        ("document", Document, "validation"),
        ("report", Report, "serialization"),
        ("policy", Policy, "validation"),
    ],
)
def test_the_command_prints_the_models_schemas(
    capsys: pytest.CaptureFixture[str], name: str, model: Any, mode: str
) -> None:
    """Input shapes in validation mode, the report (output) in serialization mode."""
    assert cli_schema(capsys, name) == TypeAdapter(model).json_schema(mode=mode)  # type: ignore[arg-type]


def test_the_default_schema_is_the_merchants(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_schema(capsys) == cli_schema(capsys, "merchant")


def test_an_unknown_schema_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["schema", "shop"])
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert "merchant" in captured.err
    assert "Traceback" not in captured.err


def test_the_schema_output_is_utf8_text(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    main(["schema"])
    out = capsys.readouterr().out
    assert "统一社会信用代码" in out  # not \\u escapes: the Chinese titles stay readable


# --- number types -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", numbers.KINDS)
def test_number_schema_examples_match_their_own_pattern(kind: str) -> None:
    adapter = TypeAdapter(number_type(kind))
    out = adapter.json_schema(mode="serialization")
    into = adapter.json_schema(mode="validation")
    assert out["pattern"] == into["pattern"] == kind_module(kind).PATTERN
    assert out["examples"] == into["examples"]
    assert out["description"] == into["description"] == kind_module(kind).TITLE
    assert out["x-qualcheck-kind"] == into["x-qualcheck-kind"] == kind
    for example in out["examples"]:
        assert re.search(out["pattern"], example), example
        assert validator(out).is_valid(example)
        assert validator(into).is_valid(example)
        assert adapter.validate_python(example) == example  # an example is canonical


@pytest.mark.parametrize("kind", numbers.KINDS)
def test_canonical_numbers_match_the_serialization_pattern(kind: str) -> None:
    adapter = TypeAdapter(number_type(kind))
    out = validator(adapter.json_schema(mode="serialization"))
    rng = random.Random(f"{kind}-out")
    for _ in range(100):
        value = adapter.validate_python(make_valid(kind, rng=rng))
        assert out.is_valid(adapter.dump_python(value, mode="json")), value


def test_the_schema_states_the_canonical_form_the_type_reads_more() -> None:
    """docs/types.md, docs/cli.md: ``pattern`` is the canonical form in both modes; the
    type also reads looser input (full-width, spaces, lower case) and normalises it."""
    adapter = TypeAdapter(number_type("uscc"))
    schema = adapter.json_schema(mode="validation")
    assert schema["pattern"] == adapter.json_schema(mode="serialization")["pattern"]
    loose = "９１３５ ０１００ ｍ０００ １００ｙ ４３"
    assert adapter.validate_python(loose) == "91350100M000100Y43"
    assert not validator(schema).is_valid(loose)  # the schema describes what to send
    assert validator(schema).is_valid("91350100M000100Y43")


# --- identity fields ----------------------------------------------------------------------


def test_identity_number_schema_covers_both_kinds_of_number() -> None:
    ric = make_ric(rng=random.Random(7))
    for mode, key in (("validation", "pattern"), ("serialization", "pattern")):
        schema = Person.model_json_schema(mode=mode)
        options = schema["properties"]["id_number"]["anyOf"]
        [number] = [option for option in options if option.get("type") == "string"]
        assert number[key] == "^[0-9A-Z]{4,20}$"
        assert "passport" not in number.get("pattern", "")
        for canonical in (ric, "E12345678", "H1234567801", "11010519491231002X"):
            assert re.search(number[key], canonical)
    out = validator(Person.model_json_schema(mode="serialization"))
    for person in (
        Person(name="张三", id_number=ric),
        Person(name="John Smith", id_type="护照", id_number="e 1234 5678"),
        Person(name="陈大文", id_number="h12345678"),
    ):
        assert out.is_valid(person.model_dump(mode="json")), person


def test_identity_type_schema_still_lists_the_types() -> None:
    schema = Person.model_json_schema(mode="validation")
    assert schema["$defs"]["IdentityType"]["enum"] == [member.value for member in IdentityType]
    options = schema["properties"]["id_type"]["anyOf"]
    assert {"$ref": "#/$defs/IdentityType"} in options
    assert options[-1] == {"type": "null"}


def test_identity_schemas_keep_the_model_behaviour() -> None:
    """Only the schema changed: the fields read and refuse what they did."""
    person = Person(name="John Smith", id_type="护照", id_number="x1234567")
    assert person.id_type is IdentityType.PASSPORT
    assert str(person.id_number) == "X1234567"
    with pytest.raises(ValidationError) as exc:
        Person(name="张三", id_type="驾驶证", id_number="E12345678")
    assert "identity_type" in {error["type"] for error in exc.value.errors()}
    with pytest.raises(ValidationError) as exc:
        Person(name="张三", id_number="110105194912310021")
    assert exc.value.errors()[0]["type"] == "ric.checksum"


# --- the merchant input schema against the model ------------------------------------------


def test_a_passport_holding_representative_is_accepted_by_the_schema() -> None:
    record = plain(food_shop())
    record["legal_representative"] = {
        "name": "John Smith",
        "id_type": "passport",
        "id_number": "E12345678",
    }
    record["documents"] = []
    assert_schema_accepts(record)
    record["legal_representative"] = {"name": "陈大文", "id_number": "H12345678"}
    assert_schema_accepts(record)


def test_what_the_schema_can_tell_it_refuses() -> None:
    missing_type = food_shop()
    del missing_type["subject_type"]
    missing_name = food_shop()
    del missing_name["name"]
    empty_name = food_shop()
    empty_name["name"] = ""
    unknown_kind = food_shop()
    unknown_kind["documents"].append({"kind": "tax_registration", "number": "E12345678"})
    no_number = food_shop()
    del no_number["documents"][0]["number"]
    negative = natural_person()
    negative["declared_annual_turnover_yuan"] = -5
    number_as_number = food_shop()
    number_as_number["uscc"] = 91350100
    person_without_name = food_shop()
    person_without_name["legal_representative"] = {"id_number": "11010519491231002X"}
    for record in (
        missing_type,
        missing_name,
        empty_name,
        unknown_kind,
        no_number,
        negative,
        number_as_number,
        person_without_name,
    ):
        assert_both_refuse(record)


def test_serialised_merchants_match_the_serialization_schema() -> None:
    """The other way round: what the model holds and dumps is in canonical form, and the
    serialization schema asserts it (patterns, enums, ISO dates)."""
    records = [*EXAMPLE_RECORDS, *(record for _, record in generated())]
    for record in filter(model_accepts, records):
        merchant = Merchant.model_validate(record)
        dumped = merchant.model_dump(mode="json")
        assert schema_errors(MERCHANT_OUT, dumped) == [], record.get("merchant_id")


def test_a_dumped_merchant_is_accepted_by_the_input_schema_and_reads_back() -> None:
    for record in filter(model_accepts, EXAMPLE_RECORDS):
        merchant = Merchant.model_validate(record)
        dumped = merchant.model_dump(mode="json")
        assert schema_errors(MERCHANT_IN, dumped) == []
        assert Merchant.model_validate(dumped) == merchant


def test_amounts_as_written_are_accepted_by_the_schema() -> None:
    for amount in ("10万", "100,000.00", "¥100000元", 100000, "", None):
        record = plain(natural_person())
        record["declared_annual_turnover_yuan"] = amount
        record["shops"] = [{"shop_id": "s-1", "annual_turnover_yuan": amount}]
        assert_schema_accepts(record)


def test_generated_records_are_read_by_the_model() -> None:
    """The premise of the test above: every generated record is one the model reads."""
    assert all(model_accepts(record) for _, record in generated())


def test_the_one_example_the_model_refuses() -> None:
    """Only 18 has a date no calendar has (2023年2月30日): the model refuses it, and no
    schema can tell (a date is free text) — verify reports the field for review."""
    refused = [
        path.name
        for path in MERCHANT_FILES
        if not model_accepts(json.loads(path.read_text(encoding="utf-8")))
    ]
    assert refused == [UNREADABLE]
    report = verify(example_file(UNREADABLE[:-5]), as_of=AS_OF)
    assert report.decision.value == "review"
    assert "record.invalid_value" in report.codes


# --- reports ------------------------------------------------------------------------------


def report_records() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in MERCHANT_FILES:
        yield path.stem, json.loads(path.read_text(encoding="utf-8"))
    yield from generated(seed=11)


def test_report_json_validates_against_the_report_schema() -> None:
    for name, record in report_records():
        report = verify(record, as_of=AS_OF)
        assert schema_errors(REPORT_OUT, json.loads(report.to_json())) == [], name


def test_report_json_with_registry_evidence_validates_against_the_report_schema() -> None:
    from qualcheck.registries import SqliteRegistry

    with SqliteRegistry(EXAMPLES / "registry.sqlite") as registry:
        reports = [
            (name, verify(record, as_of=AS_OF, registry=registry))
            for name, record in report_records()
        ]
    assert any(report.registry is not None for _, report in reports)
    assert any(code.startswith("registry.") for _, report in reports for code in report.codes)
    for name, report in reports:
        assert schema_errors(REPORT_OUT, json.loads(report.to_json(indent=2))) == [], name


def test_verify_json_lines_validate_against_the_report_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    capsys.readouterr()
    main(["verify", str(EXAMPLES / "merchants.jsonl"), "--json", "--as-of", AS_OF_TEXT])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(EXAMPLE_RECORDS)
    for line in lines:
        assert schema_errors(REPORT_OUT, json.loads(line)) == []


def test_the_report_schema_refuses_what_is_no_report() -> None:
    report = verify(food_shop(), as_of=AS_OF)
    data = json.loads(report.to_json())
    assert REPORT_OUT.is_valid(data)
    for broken in (
        {**data, "decision": "maybe"},
        {key: value for key, value in data.items() if key != "audit_id"},
        {**data, "as_of": "29.11.2026"},
    ):
        assert not REPORT_OUT.is_valid(broken)


def test_the_report_schema_documents_the_computed_json_path() -> None:
    schema = TypeAdapter(Report).json_schema(mode="serialization")
    finding = schema["$defs"]["ReportFinding"]
    assert "json_path" in finding["properties"]
    assert "json_path" in finding["required"]


# --- the FastAPI example ------------------------------------------------------------------

fastapi = pytest.importorskip("fastapi")
pytest.importorskip("httpx")
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with")
    from fastapi.testclient import TestClient


import fastapi_onboarding as onboarding  # noqa: E402 - after the skips (pyproject: pythonpath)

URL = "/merchants/verify"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(onboarding.app)


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    schema = onboarding.app.openapi()
    assert isinstance(schema, dict)
    return schema


def component(openapi: dict[str, Any], ref: dict[str, Any]) -> Any:
    """A validator of ``ref`` (``{"$ref": "#/components/schemas/..."}``) in the document."""
    schema = {**ref, "components": openapi["components"]}
    return Validator(schema, format_checker=Validator.FORMAT_CHECKER)


def operation(openapi: dict[str, Any]) -> dict[str, Any]:
    result = openapi["paths"][URL]["post"]
    assert isinstance(result, dict)
    return result


def passport_record() -> dict[str, Any]:
    """A natural-person seller whose identity is shown by a passport, typed as a form
    would: a Chinese subject type and ``10万``."""
    return {
        "merchant_id": "ex-passport",
        "subject_type": "自然人",
        "name": "John Smith",
        "legal_representative": {
            "name": "John Smith",
            "id_type": "护照",
            "id_number": "e1234 5678",
        },
        "contact_phone": "139 1234 5678",
        "declared_annual_turnover_yuan": "10万",
        "categories": ["general_goods"],
        "documents": [
            {
                "kind": "identity",
                "id_type": "护照",
                "number": "E12345678",
                "holder_name": "John Smith",
            }
        ],
    }


def test_openapi_generation_works(openapi: dict[str, Any]) -> None:
    assert openapi["openapi"].startswith("3.1")
    schemas = openapi["components"]["schemas"]
    assert {"Merchant", "Report", "Person", "IdentityType", "SubjectType"} <= set(schemas)
    for schema in schemas.values():
        Validator.check_schema(schema)
    json.dumps(openapi, ensure_ascii=False)


def test_openapi_request_schema_accepts_a_canonical_passport_record(
    openapi: dict[str, Any],
) -> None:
    body = operation(openapi)["requestBody"]["content"]["application/json"]["schema"]
    checker = component(openapi, body)
    record = passport_record()
    record["subject_type"] = "natural_person"
    record["declared_annual_turnover_yuan"] = 100000
    record["legal_representative"] = {
        "name": "John Smith",
        "id_type": "passport",
        "id_number": "E12345678",
    }
    record["contact_phone"] = "+8613912345678"
    record["documents"] = [
        {"kind": "identity", "id_type": "hk_macao_travel_permit", "number": "H12345678"}
    ]
    assert model_accepts(record)
    assert schema_errors(checker, record) == []


def test_openapi_documents_the_422_answer(openapi: dict[str, Any], client: TestClient) -> None:
    responses = operation(openapi)["responses"]
    schema = responses["422"]["content"]["application/json"]["schema"]
    record = food_shop()
    record["uscc"] = record["uscc"][:-1] + ("0" if record["uscc"][-1] != "0" else "1")
    response = client.post(URL, params={"as_of": AS_OF_TEXT}, json=record)
    assert response.status_code == 422
    assert schema_errors(component(openapi, schema), response.json()) == []
    ok = client.post(URL, params={"as_of": AS_OF_TEXT}, json=food_shop())
    assert ok.status_code == 200
    report_schema = responses["200"]["content"]["application/json"]["schema"]
    assert schema_errors(component(openapi, report_schema), ok.json()) == []


def test_passport_chinese_subject_type_and_10wan_end_to_end(client: TestClient) -> None:
    record = passport_record()
    response = client.post(URL, params={"as_of": AS_OF_TEXT}, json=record)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["merchant_id"] == "ex-passport"
    codes = {finding["code"] for finding in report["findings"]}
    assert "ric.unverifiable_document" in codes  # a person must look at the passport
    assert report["decision"] == "review"  # never pass on a document nobody checked
    assert "merchant.exemption_exceeded" not in codes  # 10万 is 100,000, under the limit
    assert schema_errors(REPORT_OUT, report) == []
    for secret in ("E12345678", "e1234 5678", "13912345678", "139 1234 5678", "1234 5678"):
        assert secret not in response.text
    assert "E****" not in response.text  # not even masked: reports hold no personal data


def test_10wan_is_read_as_100000_not_10(client: TestClient) -> None:
    """Over the exemption limit only if 10万 were misread as something larger; a turnover
    of 1000万 is over it, so the reading is checked both ways."""
    record = passport_record()
    record["declared_annual_turnover_yuan"] = "1000万"
    codes = {
        f["code"]
        for f in client.post(URL, params={"as_of": AS_OF_TEXT}, json=record).json()["findings"]
    }
    assert "merchant.exemption_exceeded" in codes


def test_malformed_body_is_422_without_echoing_an_id_number(client: TestClient) -> None:
    ric = make_ric(birth_date=datetime.date(1987, 9, 8), rng=random.Random(99))
    record = food_shop()
    record["legal_representative"]["id_number"] = ric
    text = json.dumps(record, ensure_ascii=False)
    for body in (text[:-1], text.replace(f'"{ric}"', f'"{ric}" "x"'), text[: text.index(ric) + 10]):
        response = client.post(
            URL,
            params={"as_of": AS_OF_TEXT},
            content=body.encode("utf-8"),
            headers={"content-type": "application/json"},
        )
        assert response.status_code == 422, body[-40:]
        payload = response.json()
        assert payload["decision"] in ("review", "fail")
        assert [f["code"] for f in payload["findings"]] == ["record.not_json"]
        for secret in (ric, ric[:10], "19870908"):
            assert secret not in response.text


@pytest.mark.parametrize(
    "person",
    [
        {"name": "John Smith", "id_type": "护照", "id_number": "E1"},  # too short
        {"name": "John Smith", "id_type": "驾驶证", "id_number": "E12345678"},  # unknown type
        {"name": "", "id_number": "SECRET-ID-18-CHARS"},
    ],
)
def test_invalid_identity_is_422_without_echoing_it(
    client: TestClient, person: dict[str, Any]
) -> None:
    record = food_shop()
    record["legal_representative"] = person
    response = client.post(URL, params={"as_of": AS_OF_TEXT}, json=record)
    assert response.status_code == 422
    body = response.json()
    assert body["findings"]
    assert all(f["json_path"].startswith("$.legal_representative") for f in body["findings"])
    assert person["id_number"] not in response.text
    assert "SECRET" not in response.text
    assert all("input" not in finding for finding in body["findings"])


def test_a_resident_id_and_phone_never_reach_the_response(client: TestClient) -> None:
    ric = make_ric(birth_date=datetime.date(1990, 3, 7), rng=random.Random(5))
    record = natural_person()
    record["legal_representative"] = {"name": "周九", "id_number": ric}
    record["documents"][0]["number"] = ric
    record["contact_phone"] = "+86 139-1234-5678"
    response = client.post(URL, params={"as_of": AS_OF_TEXT}, json=record)
    assert response.status_code == 200
    for secret in (ric, ric.lower(), ric[:6] + "****", "19900307", "13912345678", "1234-5678"):
        assert secret not in response.text


def test_report_response_schema_is_the_serialization_schema(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert "json_path" in schemas["ReportFinding"]["properties"]
    merchant = schemas["Merchant"]
    assert "uscc" in merchant["properties"]
    # the request schema states the canonical form of an input number
    assert '"pattern"' in json.dumps(schemas["Merchant"]) or "$ref" in json.dumps(
        merchant["properties"]["uscc"]
    )


def test_path_helper_keeps_real_fields_named_like_kinds() -> None:
    """``_path`` drops the ``kind`` tag pydantic inserts after a document index only."""
    assert onboarding._path(("body", "documents", 0, "cma", "number")) == ("documents", 0, "number")
    assert onboarding._path(("body", "uscc")) == ("uscc",)
    assert onboarding._json_path(("documents", 0, "number")) == "$.documents[0].number"


def test_root_path_and_unknown_errors_fail_closed() -> None:
    finding = onboarding.error_finding(
        {"type": "model_attributes_type", "loc": ("body",), "msg": "x"}
    )
    assert finding.code == "record.invalid_value"
    assert finding.path == ()
    assert onboarding.POLICY.decide(finding).rank >= 1  # never pass
