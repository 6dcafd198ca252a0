"""``examples/fastapi_onboarding.py``: the onboarding endpoint, through FastAPI's TestClient."""

from __future__ import annotations

import json
import random
import warnings
from pathlib import Path
from typing import Any

import pytest

from qualcheck.testing import make_invalid, make_ric

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    # Recent Starlette versions deprecate their httpx-based client in favour of another
    # package; the client still works, and this test only needs it to send requests.
    warnings.filterwarnings("ignore", message="Using `httpx` with")
    from fastapi.testclient import TestClient

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
URL = "/merchants/verify"
AS_OF = {"as_of": "2026-11-29"}


import fastapi_onboarding as onboarding  # noqa: E402 - after the skips (pyproject: pythonpath)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(onboarding.app)


def example(stem: str) -> dict[str, Any]:
    data = json.loads((EXAMPLES / "merchants" / f"{stem}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_passing_merchant(client: TestClient) -> None:
    record = example("01-food-shop")
    response = client.post(URL, params=AS_OF, json=record)
    assert response.status_code == 200
    report = response.json()
    assert report["decision"] == "pass"
    assert report["findings"] == []
    assert report["as_of"] == "2026-11-29"
    assert report["merchant_id"] == "ex-01-food-shop"
    assert {check["name"] for check in report["checks"]} >= {"identifiers", "coverage"}
    assert record["legal_representative"]["id_number"] not in response.text


def test_failing_merchant_is_a_report_not_an_error(client: TestClient) -> None:
    response = client.post(URL, params=AS_OF, json=example("09-expired-licence"))
    assert response.status_code == 200
    report = response.json()
    assert report["decision"] == "fail"
    [finding] = [f for f in report["findings"] if f["code"] == "license.expired"]
    assert finding["json_path"] == "$.documents[1].validity.valid_to"
    assert finding["decision"] == "fail"
    assert "到期" in finding["message_zh"]


def test_as_of_is_optional_and_decides_validity(client: TestClient) -> None:
    record = example("09-expired-licence")  # the food licence runs to 2026-02-28
    earlier = client.post(URL, params={"as_of": "2025-06-01"}, json=record).json()
    assert earlier["decision"] == "pass"
    assert earlier["as_of"] == "2025-06-01"
    assert client.post(URL, json=record).status_code == 200  # as_of: today in China
    assert client.post(URL, params={"as_of": "29.11.2026"}, json=record).status_code == 422


def test_invalid_number_is_422_with_the_finding_code(client: TestClient) -> None:
    record = example("01-food-shop")
    record["uscc"] = record["uscc"][:-1] + ("0" if record["uscc"][-1] != "0" else "1")
    response = client.post(URL, params=AS_OF, json=record)
    assert response.status_code == 422
    body = response.json()
    assert body["decision"] == "fail"
    [finding] = body["findings"]
    assert finding["code"] == "uscc.checksum"
    assert finding["path"] == ["uscc"]
    assert finding["json_path"] == "$.uscc"
    assert finding["position"] == 18
    assert finding["message"]
    assert finding["message_zh"]


def test_document_paths_leave_out_the_kind_tag(client: TestClient) -> None:
    record = example("01-food-shop")
    record["documents"][1]["number"] = "JY1330106000001X"
    record["documents"][0]["issue_date"] = "2023年2月30日"
    record["documents"].append({"kind": "tax_registration", "number": "E12345678"})
    response = client.post(URL, params=AS_OF, json=record)
    assert response.status_code == 422
    found = {(f["code"], f["json_path"], f["decision"]) for f in response.json()["findings"]}
    assert found == {
        ("food_business.charset", "$.documents[1].number", "fail"),
        ("record.invalid_value", "$.documents[0].issue_date", "review"),
        ("record.unknown_document_kind", "$.documents[2]", "review"),
    }


def test_missing_field_is_review_at_least(client: TestClient) -> None:
    record = example("01-food-shop")
    del record["subject_type"]
    response = client.post(URL, params=AS_OF, json=record)
    assert response.status_code == 422
    body = response.json()
    assert body["decision"] == "review"
    assert [f["code"] for f in body["findings"]] == ["record.missing_field"]


@pytest.mark.parametrize("reason", ["checksum", "birth_date", "region_unknown", "length"])
def test_422_never_echoes_an_id_number(client: TestClient, reason: str) -> None:
    rng = random.Random(2026)
    record = example("01-food-shop")
    bad = make_invalid("ric", reason, rng=rng)
    good = make_ric(region="330106", rng=rng)
    record["legal_representative"]["id_number"] = bad
    record["documents"].append({"kind": "identity", "number": good, "holder_name": "张三"})
    record["uscc"] = "not a uscc"  # make sure the record is rejected whatever the reason
    response = client.post(URL, params=AS_OF, json=record)
    assert response.status_code == 422
    assert bad not in response.text
    assert good not in response.text
    assert bad[6:14] not in response.text  # nor the birth date in it
    assert all("input" not in finding for finding in response.json()["findings"])


def test_openapi_schema_carries_the_number_patterns(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert URL in schema["paths"]
    uscc = schema["components"]["schemas"]["Merchant"]["properties"]["uscc"]
    assert any(option.get("x-qualcheck-kind") == "uscc" for option in uscc["anyOf"])
