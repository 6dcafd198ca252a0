"""The public API as platform code uses it: objects built in Python, round trips through
dumps, JSON, pickles and worker processes, subclasses, copies with changes, equality,
reprs, the JSON Schemas and the annotations (mypy --strict).

The contract (docs/models.md, docs/verify.md, docs/index.md): a record gets the same
decision however it reaches ``verify`` — a dict, a ``Merchant`` built from Python values,
its ``model_dump()`` in either mode, its JSON, a pickled or deep-copied instance, a
platform's subclass; a ``Merchant`` changed after validation is read again, so that a
value validation would not have made never passes unchecked; a report read back from its
JSON is the same report; everything a worker pool or a task queue moves survives the trip;
no ``repr``, ``str``, exception or log line holds a personal number whole.

Found here: a copy of a document made with another number (``model_copy(update=…)``) kept
the decoded parts of the number it was copied from (a class II filing's), so a class III
device licence without a term passed; a merchant copied with a value validation refuses
(an empty name, a contradictory term) or does not make (a USCC not normalised) was judged
as it stood — passed, or failed on its lower-case USCC; the models' optional fields were
required for type checkers (``Field(None, …)`` hides the default from mypy), so typed
platform code could not build a ``Person(name=…)``.
"""

from __future__ import annotations

import concurrent.futures
import copy
import datetime
import decimal
import io
import json
import logging
import pickle
import random
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import pydantic
import pytest
from audit_support import (
    AS_OF,
    EXAMPLE_RECORDS,
    EXAMPLES,
    PASSING,
    PHONE,
    PHONE_SPACED,
    RIC,
    ROOT,
    example,
    food_shop,
    not_pass,
)
from pydantic import TypeAdapter

from qualcheck import (
    Decision,
    Finding,
    InvalidChecksum,
    InvalidLength,
    Merchant,
    Person,
    Policy,
    Report,
    Shop,
    SubjectType,
    UnknownKind,
    VerificationFailed,
    Verifier,
    numbers,
    verify,
)
from qualcheck.dates import Validity, parse_date
from qualcheck.models import (
    BusinessLicense,
    DeviceBusinessLicense,
    FoodBusinessLicense,
    document_adapter,
)
from qualcheck.models.merchant import unchanged_since_validation
from qualcheck.registries import RegistryAbort, SqliteRegistry
from qualcheck.registries._errors import RegistryUnavailable
from qualcheck.testing import PROFILES, make_merchant
from qualcheck.types import USCC, NumberValidator, ResidentID
from tests.audit.test_audit_real_numbers import REAL as REAL_1
from tests.audit.test_audit_real_numbers_2 import REAL as REAL_2

jsonschema = pytest.importorskip("jsonschema")

DEVICE_SELLER = 3
"""Example 3: a device seller with a class II filing (备) and a class III licence (许)."""
NATURAL_PERSON = 6
EXPIRED = 8
"""Example 8: a food business licence expired (fail)."""

Decided = tuple[str, tuple[str, ...]]


def decided(record: Any) -> Decided:
    report = verify(record, as_of=AS_OF)
    return report.decision.value, tuple(sorted(report.codes))


def validated(index: int) -> Merchant:
    return Merchant.model_validate(example(index), context={"as_of": AS_OF})


def model_records() -> Iterator[tuple[str, dict[str, Any]]]:
    """The bundled examples and generated records of every profile that the model reads."""
    files = sorted((EXAMPLES / "merchants").glob("*.json"))
    named = [(f"jsonl-{i}", record) for i, record in enumerate(EXAMPLE_RECORDS)]
    named += [(path.stem, json.loads(path.read_text(encoding="utf-8"))) for path in files]
    rng = random.Random(20261129)
    named += [
        (f"{profile}-{n}", make_merchant(profile, as_of=AS_OF, rng=rng))
        for profile in PROFILES
        for n in range(2)
    ]
    for name, record in named:
        try:
            Merchant.model_validate(record, context={"as_of": AS_OF})
        except pydantic.ValidationError:
            continue
        yield name, record


MODEL_RECORDS = list(model_records())


# --- a merchant built from Python objects ---------------------------------------------------


def built_food_shop() -> Merchant:
    """Example 0 (a food shop that passes) built in code from Python values: enums, dates,
    ``Decimal``, the number types, nested model instances, a ``Validity`` and a pair."""
    holder = "杭州示例优选食品有限公司"
    uscc = "91330106JU6XYHXB07"
    licence = BusinessLicense(
        number=uscc,
        holder_name=holder,
        entity_type="有限责任公司(自然人投资或控股)",
        legal_representative="张三",
        issuing_authority="杭州市西湖区市场监督管理局",
        established_on=datetime.date(2019, 4, 2),
        issue_date=datetime.date(2023, 5, 8),
        validity=Validity(valid_from=datetime.date(2019, 4, 2), long_term=True),
        scope=("一般项目：食品销售（仅销售预包装食品）", "食用农产品零售", "日用百货销售"),
    )
    food = FoodBusinessLicense.model_validate(
        {
            "number": "JY13301067319160",
            "holder_name": holder,
            "holder_uscc": USCC_TYPE.validate_python(uscc),
            "legal_representative": "张三",
            "issue_date": datetime.date(2023, 6, 12),
            "validity": (datetime.date(2023, 6, 12), datetime.date(2028, 6, 11)),
            "business_form": "食品销售经营者",
            "network_operation": True,
            "scope": ["预包装食品销售（含冷藏冷冻食品）", "散装食品销售（不含散装熟食）"],
        }
    )
    return Merchant(
        merchant_id="ex-01-food-shop",
        subject_type=SubjectType.ENTERPRISE,
        name=holder,
        uscc=uscc,
        legal_representative=Person(
            name="张三", id_number=ResidentID_TYPE.validate_python("330106196304189592")
        ),
        address="浙江省杭州市西湖区文三路478号示例大厦1幢101室",
        contact_phone="13800138000",
        shops=(
            Shop(
                shop_id="tm-100001", platform="天猫", annual_turnover_yuan=decimal.Decimal(3860000)
            ),
        ),
        categories=("预包装食品", "散装食品"),
        documents=(licence, food),
        last_verified_at=datetime.date(2026, 8, 15),
    )


USCC_TYPE: TypeAdapter[str] = TypeAdapter(USCC)
ResidentID_TYPE: TypeAdapter[ResidentID] = TypeAdapter(ResidentID)


def test_a_merchant_built_from_python_objects_is_decided_like_its_dict() -> None:
    built = built_food_shop()
    assert decided(built) == decided(food_shop()) == ("pass", ())
    assert decided(built.model_dump()) == decided(built.model_dump_json()) == ("pass", ())


def test_changes_made_in_python_are_decided_like_the_same_changes_in_the_dict() -> None:
    """The same expired licence and banned category, given as Python values and as text."""
    built = built_food_shop()
    food = built.documents[1]
    assert isinstance(food, FoodBusinessLicense)
    expired = FoodBusinessLicense.model_validate(
        {**food.model_dump(), "validity": (datetime.date(2021, 1, 1), datetime.date(2026, 2, 28))}
    )
    as_objects = Merchant.model_validate(
        {
            **built.model_dump(),
            "documents": (built.documents[0], expired),
            "categories": ("烟花爆竹",),
        }
    )
    record = food_shop()
    record["documents"][1]["validity"] = "2021年1月1日至2026年2月28日"
    record["categories"] = ["烟花爆竹"]
    assert decided(as_objects) == decided(record)
    assert decided(record)[0] == "fail"


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2026, 8, 15),
        datetime.datetime(2026, 8, 15, 9, 30),
        datetime.datetime(2026, 8, 15, 1, 0, tzinfo=datetime.timezone.utc),  # 09:00 in China
        datetime.datetime(2026, 8, 14, 16, 30, tzinfo=datetime.timezone.utc),  # 00:30 the 15th
        "2026-08-15",
        "2026年8月15日",
    ],
    ids=repr,
)
def test_a_date_given_as_a_python_value_is_its_day_in_china(value: Any) -> None:
    merchant = Merchant.model_validate({**food_shop(), "last_verified_at": value})
    assert merchant.last_verified_at == datetime.date(2026, 8, 15)


@pytest.mark.parametrize(
    "value",
    [120000, 120000.0, decimal.Decimal("120000"), decimal.Decimal("1.2E+5"), "12万", "120,000.00"],
)
def test_an_amount_given_as_a_python_number_is_the_same_amount(value: Any) -> None:
    record = {**example(NATURAL_PERSON), "declared_annual_turnover_yuan": value}
    assert Merchant.model_validate(record).declared_annual_turnover_yuan == 120000
    assert decided(record) == ("fail", ("merchant.exemption_exceeded",))


@pytest.mark.parametrize(
    "value",
    [decimal.Decimal("NaN"), decimal.Decimal("Infinity"), float("nan"), float("inf"), True, -1],
    ids=repr,
)
def test_an_amount_no_one_can_judge_is_reviewed_at_its_field(value: Any) -> None:
    report = verify(
        {**example(NATURAL_PERSON), "declared_annual_turnover_yuan": value}, as_of=AS_OF
    )
    assert report.decision is Decision.REVIEW
    assert "$.declared_annual_turnover_yuan" in [f.json_path for f in report.findings]


# --- round trips of a merchant ------------------------------------------------------------


ROUND_TRIPS: dict[str, Callable[[Merchant], Any]] = {
    "instance": lambda m: m,
    "model_dump": lambda m: m.model_dump(),
    "model_dump json": lambda m: m.model_dump(mode="json"),
    "model_dump_json": lambda m: m.model_dump_json(),
    "model_validate_json": lambda m: Merchant.model_validate_json(m.model_dump_json()),
    "model_validate": lambda m: Merchant.model_validate(m.model_dump()),
    "pickle": lambda m: pickle.loads(pickle.dumps(m)),
    "deepcopy": copy.deepcopy,
    "copy": copy.copy,
    "model_copy": lambda m: m.model_copy(),
    "exclude_none": lambda m: m.model_dump(mode="json", exclude_none=True),
    "exclude_unset": lambda m: m.model_dump(exclude_unset=True),
    "json transport": lambda m: json.loads(json.dumps(m.model_dump(mode="json"))),
}


@pytest.mark.parametrize("trip", ROUND_TRIPS)
def test_every_round_trip_of_a_merchant_keeps_its_decision_and_findings(trip: str) -> None:
    for name, record in MODEL_RECORDS:
        merchant = Merchant.model_validate(record, context={"as_of": AS_OF})
        assert decided(ROUND_TRIPS[trip](merchant)) == decided(record), name


def test_a_merchant_reads_back_equal_from_its_dumps() -> None:
    for name, record in MODEL_RECORDS:
        merchant = Merchant.model_validate(record, context={"as_of": AS_OF})
        text = merchant.model_dump_json()
        again = Merchant.model_validate_json(text, context={"as_of": AS_OF})
        assert again == merchant, name
        assert hash(again) == hash(merchant), name
        assert again.model_dump_json() == text, name


def test_a_dump_without_defaults_loses_the_kinds_and_is_never_passed() -> None:
    """``exclude_defaults`` leaves out each document's ``kind`` (its default): the documents
    cannot be read back, which is reported, never passed (docs/models.md says to store the
    full dump)."""
    for index in PASSING:
        merchant = validated(index)
        if not merchant.documents:
            continue
        report = verify(merchant.model_dump(mode="json", exclude_defaults=True), as_of=AS_OF)
        assert report.decision is not Decision.PASS, index
        assert "record.missing_field" in report.codes, index


def test_masked_numbers_read_back_are_never_the_number() -> None:
    """What qualcheck shows masked — a ``repr``, ``CheckResult.to_dict()`` — fed back as
    the record's value is a number that cannot be read, never the number, never a pass."""
    masked = numbers.check("ric", RIC).to_dict()["normalized"]
    assert masked != RIC
    assert "*" in masked
    person = example(NATURAL_PERSON)
    person["documents"][0]["number"] = masked
    shop = food_shop()
    shop["legal_representative"]["id_number"] = re.search(
        r"ResidentID\('([^']*)'\)", repr(validated(0).legal_representative)
    )[1]  # type: ignore[index]
    for record, path in (
        (person, "$.documents[0].number"),
        (shop, "$.legal_representative.id_number"),
    ):
        report = verify(record, as_of=AS_OF)
        assert report.decision is not Decision.PASS
        assert path in [f.json_path for f in report.findings]


def test_the_reports_masked_merchant_id_is_only_shown_masked() -> None:
    report = verify({**food_shop(), "merchant_id": PHONE}, as_of=AS_OF)
    assert report.merchant_id == "139****5678"
    again = Report.model_validate_json(report.to_json())
    assert again.merchant_id == "139****5678"
    assert PHONE not in again.to_json()


# --- the report round trip ------------------------------------------------------------------


def all_reports() -> list[Report]:
    with SqliteRegistry(EXAMPLES / "registry.sqlite") as registry:
        reports = [verify(record, as_of=AS_OF, registry=registry) for record in EXAMPLE_RECORDS]
    reports += [verify(record, as_of=AS_OF) for _, record in MODEL_RECORDS]
    reports += [verify(record, as_of=AS_OF) for record in ("not json", [1], {"name": "x"})]
    return reports


REPORTS = all_reports()

REPORT_TRIPS: dict[str, Callable[[Report], Report]] = {
    "json.loads": lambda r: Report.model_validate(json.loads(r.to_json())),
    "model_validate_json": lambda r: Report.model_validate_json(r.to_json(indent=2)),
    "model_dump": lambda r: Report.model_validate(r.model_dump()),
    "model_dump json": lambda r: Report.model_validate(r.model_dump(mode="json")),
    "pickle": lambda r: pickle.loads(pickle.dumps(r)),
    "deepcopy": copy.deepcopy,
}


def as_json(value: Any) -> Any:
    """``value`` as JSON gives it back (dates as ISO text, tuples as lists)."""
    return json.loads(json.dumps(value, default=str))


@pytest.mark.parametrize("trip", REPORT_TRIPS)
def test_a_report_read_back_is_the_same_report(trip: str) -> None:
    """docs/index.md: ``Report.model_validate_json(text)`` reads the audit record back.
    Compared by its JSON: ``ctx`` values that were dates come back as their ISO text."""
    for report in REPORTS:
        again = REPORT_TRIPS[trip](report)
        assert again.to_json() == report.to_json()
        assert (again.decision, again.codes, again.passed) == (
            report.decision,
            report.codes,
            report.passed,
        )
        best, best_again = report.best_finding, again.best_finding
        assert (best and best.json_path) == (best_again and best_again.json_path)
        assert again.by_path().keys() == report.by_path().keys()
        assert as_json(again.to_pydantic_errors()) == as_json(report.to_pydantic_errors())


def test_a_report_read_back_raises_for_its_decision_as_before() -> None:
    for report in REPORTS:
        again = Report.model_validate_json(report.to_json())
        for allow_review in (False, True):
            try:
                report.raise_for_decision(allow_review=allow_review)
                raised = None
            except VerificationFailed as exc:
                raised = str(exc)
            if raised is None:
                assert again.raise_for_decision(allow_review=allow_review) is again
            else:
                with pytest.raises(VerificationFailed) as caught:
                    again.raise_for_decision(allow_review=allow_review)
                assert str(caught.value) == raised


# --- pickling, copying, worker processes ----------------------------------------------------


def public_objects() -> dict[str, Any]:
    merchant = validated(DEVICE_SELLER)
    report = verify(example(EXPIRED), as_of=AS_OF)
    with SqliteRegistry(EXAMPLES / "registry.sqlite") as registry:
        with_registry = verify(example(0), as_of=AS_OF, registry=registry)
    return {
        "merchant": merchant,
        "natural person": validated(NATURAL_PERSON),
        "person": Person.model_validate(
            {"name": "John Smith", "id_type": "护照", "id_number": "E12345678"}
        ),
        "shop": Shop.model_validate({"shop_id": "s-1", "annual_turnover_yuan": "10万"}),
        "documents": merchant.documents,
        "validity": Validity.model_validate("2019年3月1日至长期"),
        "report": report,
        "report finding": report.findings[0],
        "check outcome": report.checks[0],
        "registry lookup": with_registry.registry,
        "finding": Finding.of("license.expired", valid_to="2026-02-28", days=1, as_of="x"),
        "policy": Policy(expiring_soon_days=60, decisions={"license.expiring_soon": "review"}),
        "subject type": SubjectType.INDIVIDUAL_BUSINESS,
        "decision": Decision.REVIEW,
    }


@pytest.mark.parametrize("name", list(public_objects()))
def test_public_objects_survive_pickling_and_copying_equal(name: str) -> None:
    value = public_objects()[name]
    for again in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value), copy.copy(value)):
        assert again == value
        assert repr(again) == repr(value)
        if isinstance(value, Merchant):
            assert unchanged_since_validation(again)  # not read again by verify


def test_a_pickled_verifier_verifies_as_the_original() -> None:
    policy = Policy(expiring_soon_days=600)  # example 0's food licence: 560 days left
    verifier = Verifier(as_of=AS_OF, policy=policy)
    again = pickle.loads(pickle.dumps(verifier))
    for index in range(len(EXAMPLE_RECORDS)):
        assert decided_by(again, example(index)) == decided_by(verifier, example(index)), index
    assert again.policy == policy
    assert decided_by(again, example(0))[1] == ("license.expiring_soon",)


def decided_by(verifier: Verifier, record: Any) -> Decided:
    report = verifier.verify(record)
    return report.decision.value, tuple(sorted(report.codes))


def caught(function: Callable[[], Any]) -> BaseException:
    try:
        function()
    except BaseException as exc:
        return exc
    raise AssertionError("nothing was raised")


def public_exceptions() -> dict[str, BaseException]:
    failed = verify(example(EXPIRED), as_of=AS_OF)
    return {
        "InvalidChecksum": caught(lambda: numbers.get("uscc").validate("91110000600037341M")),
        "InvalidLength": caught(lambda: numbers.get("ric").validate("1101051949")),
        "UnknownKind": caught(lambda: numbers.get("passport")),
        "ConfigError": caught(lambda: Verifier(checks=[])),
        "UnreadableValue": caught(lambda: parse_date("2023年2月30日")),
        "ValidationError": caught(
            lambda: Merchant.model_validate(
                {"subject_type": "enterprise", "name": "", "uscc": "91110000600037341M"}
            )
        ),
        "VerificationFailed": caught(failed.raise_for_decision),
        "RegistryAbort": RegistryAbort("bad credentials for 13912345678"),
        "RegistryUnavailable": RegistryUnavailable("timed out"),
    }


@pytest.mark.parametrize("name", list(public_exceptions()))
def test_exceptions_survive_pickling_and_copying(name: str) -> None:
    """A process pool or a task queue pickles what a worker raises: an exception whose
    ``__init__`` takes other arguments than its ``args`` used to fail to unpickle."""
    exc = public_exceptions()[name]
    for again in (pickle.loads(pickle.dumps(exc)), copy.copy(exc), copy.deepcopy(exc)):
        assert type(again) is type(exc)
        assert str(again) == str(exc)
        for attribute in ("code", "position", "ctx", "message", "message_zh"):
            assert getattr(again, attribute, None) == getattr(exc, attribute, None)
        if isinstance(exc, VerificationFailed):
            assert isinstance(again, VerificationFailed)
            assert again.report == exc.report
        if isinstance(exc, pydantic.ValidationError):
            assert isinstance(again, pydantic.ValidationError)
            options: dict[str, Any] = {"include_input": False, "include_context": False}
            assert again.errors(**options) == exc.errors(**options)


def _raise_for(report: Report) -> Report:
    return report.raise_for_decision()


@pytest.fixture(scope="module")
def pool() -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as executor:
        yield executor


def test_a_worker_pool_verifies_and_returns_the_report(
    pool: concurrent.futures.ProcessPoolExecutor,
) -> None:
    merchant = validated(DEVICE_SELLER)
    futures = [
        pool.submit(verify, merchant, as_of=AS_OF),
        pool.submit(verify, example(EXPIRED), as_of=AS_OF),
        pool.submit(Verifier(as_of=AS_OF).verify, merchant.model_dump_json()),
    ]
    reports = [future.result(timeout=120) for future in futures]
    assert [r.decision for r in reports] == [Decision.PASS, Decision.FAIL, Decision.PASS]
    assert reports[1].codes == verify(example(EXPIRED), as_of=AS_OF).codes


@pytest.mark.parametrize(
    ("function", "args", "raised"),
    [
        (Report.raise_for_decision, "failed report", VerificationFailed),
        (numbers.get("uscc").validate, ("91110000600037341M",), InvalidChecksum),
        (numbers.get("ric").validate, ("1101051949",), InvalidLength),
        (numbers.get, ("passport",), UnknownKind),
        (Merchant.model_validate, ({"subject_type": "enterprise"},), pydantic.ValidationError),
    ],
    ids=lambda value: getattr(value, "__name__", None) if isinstance(value, type) else None,
)
def test_what_a_worker_raises_reaches_the_caller_whole(
    pool: concurrent.futures.ProcessPoolExecutor, function: Any, args: Any, raised: type
) -> None:
    if args == "failed report":
        args = (verify(example(EXPIRED), as_of=AS_OF),)
    with pytest.raises(raised) as exc_info:
        pool.submit(function, *args).result(timeout=120)
    local = caught(lambda: function(*args))
    assert str(exc_info.value) == str(local)
    if isinstance(local, VerificationFailed):
        assert exc_info.value.report == local.report  # type: ignore[attr-defined]


def test_a_task_queue_moving_json_gets_the_same_decision() -> None:
    """Celery-style: the merchant goes as JSON, the report comes back as JSON."""
    for name, record in MODEL_RECORDS:
        merchant = Merchant.model_validate(record, context={"as_of": AS_OF})
        message = json.dumps({"merchant": merchant.model_dump(mode="json")}, ensure_ascii=False)
        answer = verify(json.loads(message)["merchant"], as_of=AS_OF).to_json()
        back = Report.model_validate_json(answer)
        assert (back.decision.value, tuple(sorted(back.codes))) == decided(record), name


# --- subclasses and a platform's own keys ---------------------------------------------------


class PlatformMerchant(Merchant):
    """A platform's merchant: the model with the platform's own fields."""

    tenant: str
    shop_code: str | None = None
    risk_score: int = 0


class PlatformFoodLicence(FoodBusinessLicense):
    """A platform's licence: with where the platform keeps the scan."""

    scan_url: str | None = None


def test_a_platform_subclass_is_verified_like_the_model() -> None:
    for index in range(len(EXAMPLE_RECORDS)):
        record = example(index)
        try:
            mine = PlatformMerchant.model_validate({**record, "tenant": "t-1", "shop_code": "S9"})
        except pydantic.ValidationError:
            continue
        assert (mine.tenant, mine.shop_code) == ("t-1", "S9")
        assert decided(mine) == decided(record), index
        assert decided(pickle.loads(pickle.dumps(mine))) == decided(record), index
        again = PlatformMerchant.model_validate_json(mine.model_dump_json())
        assert again == mine


def test_a_platform_subclass_changed_after_validation_is_read_again() -> None:
    mine = PlatformMerchant.model_validate({**food_shop(), "tenant": "t-1"})
    changed = mine.model_copy(update={"name": ""})
    assert decided(changed) == decided({**food_shop(), "name": ""})
    assert not_pass(verify(changed, as_of=AS_OF))


def test_a_platform_document_subclass_is_verified_like_the_model() -> None:
    merchant = validated(0)
    food = merchant.documents[1]
    mine = PlatformFoodLicence.model_validate({**food.model_dump(), "scan_url": "https://x/1"})
    with_mine = Merchant.model_validate(
        {**merchant.model_dump(), "documents": (merchant.documents[0], mine)}
    )
    assert decided(with_mine) == decided(food_shop()) == ("pass", ())
    expired = mine.model_copy(
        update={
            "validity": Validity(
                valid_from=datetime.date(2022, 1, 1), valid_to=datetime.date(2026, 2, 1)
            )
        }
    )
    changed = merchant.model_copy(update={"documents": (merchant.documents[0], expired)})
    assert decided(changed) == ("fail", ("license.expired",))


def test_a_platforms_own_keys_are_ignored_as_documented() -> None:
    """docs/models.md: a platform's own fields can stay in the record, at every level."""
    record = food_shop()
    record.update({"tenant": "t-1", "auditStatus": 2, "备注": "VIP", "risk": {"score": 3}})
    record["legal_representative"]["phoneVerified"] = True
    record["shops"][0]["shopCode"] = "S9"
    record["documents"][1]["scanUrl"] = "https://example.invalid/1.png"
    assert decided(record) == ("pass", ())
    dumped = Merchant.model_validate(record).model_dump()
    assert "tenant" not in dumped
    assert "scanUrl" not in dumped["documents"][1]


# --- model_copy(update=…): changes pydantic takes unchecked ------------------------------------


def test_a_copy_with_another_number_decodes_its_own_number() -> None:
    """Found: ``parts`` was a cached property, and ``model_copy`` copies the cache: a copy
    with a class III licence number still said ``is_filing`` (class II, no term)."""
    merchant = validated(DEVICE_SELLER)
    filing, licence = merchant.documents[1], merchant.documents[2]
    assert isinstance(filing, DeviceBusinessLicense)
    assert isinstance(licence, DeviceBusinessLicense)
    assert filing.is_filing
    assert not licence.is_filing
    as_licence = filing.model_copy(update={"number": licence.number})
    assert not as_licence.is_filing
    assert as_licence.parts.device_class == 3
    assert filing.model_copy(update={"number": filing.number}).parts == filing.parts


def test_a_filing_copied_into_a_class_iii_licence_without_a_term_is_not_passed() -> None:
    """Found (fail-open): a class II filing copied with a class III licence's number and
    scope — no term, as a filing has none — passed; its dict is reviewed."""
    merchant = validated(DEVICE_SELLER)
    verify(merchant, as_of=AS_OF)  # decodes every number once, as a platform's first run does
    filing, licence = merchant.documents[1], merchant.documents[2]
    forged = filing.model_copy(update={"number": licence.number, "scope": licence.scope})
    changed = merchant.model_copy(update={"documents": (*merchant.documents[:2], forged)})
    assert (
        decided(changed)
        == decided(changed.model_dump())
        == ("review", ("license.validity_missing",))
    )


def term(**fields: Any) -> Validity:
    return Validity.model_construct(
        **{"valid_from": None, "valid_to": None, "long_term": False, **fields}
    )


COPIED: list[tuple[str, dict[str, Any], Callable[[dict[str, Any]], None]]] = []
"""(name, update of the food shop's merchant, the same change made to its dict)."""


def _copied(
    name: str, update: dict[str, Any]
) -> Callable[[Callable[[dict[str, Any]], None]], None]:
    def register(change: Callable[[dict[str, Any]], None]) -> None:
        COPIED.append((name, update, change))

    return register


@_copied("empty name", {"name": ""})
def _(record: dict[str, Any]) -> None:
    record["name"] = ""


@_copied("blank name", {"name": "   "})
def _(record: dict[str, Any]) -> None:
    record["name"] = "   "


@_copied("uscc in lower case", {"uscc": "91330106ju6xyhxb07"})
def _(record: dict[str, Any]) -> None:
    record["uscc"] = "91330106ju6xyhxb07"


@_copied("uscc with spaces", {"uscc": "9133 0106 JU6X YHXB 07"})
def _(record: dict[str, Any]) -> None:
    record["uscc"] = "9133 0106 JU6X YHXB 07"


@_copied("negative turnover", {"declared_annual_turnover_yuan": decimal.Decimal(-1)})
def _(record: dict[str, Any]) -> None:
    record["declared_annual_turnover_yuan"] = -1


def _document_change(**fields: Any) -> dict[str, Any]:
    merchant = Merchant.model_validate(food_shop())
    changed = merchant.documents[1].model_copy(update=fields)
    return {"documents": (merchant.documents[0], changed)}


@_copied(
    "long term with an end",
    _document_change(validity=term(valid_to=datetime.date(2025, 1, 1), long_term=True)),
)
def _(record: dict[str, Any]) -> None:
    record["documents"][1]["validity"] = {"valid_to": "2025-01-01", "long_term": True}


@_copied(
    "start after the end",
    _document_change(
        validity=term(valid_from=datetime.date(2030, 1, 1), valid_to=datetime.date(2028, 6, 11))
    ),
)
def _(record: dict[str, Any]) -> None:
    record["documents"][1]["validity"] = {"valid_from": "2030-01-01", "valid_to": "2028-06-11"}


@_copied("long term, no end", _document_change(validity=term(long_term=True)))
def _(record: dict[str, Any]) -> None:
    record["documents"][1]["validity"] = "长期"


@_copied("holder uscc in lower case", _document_change(holder_uscc="91330106ju6xyhxb07"))
def _(record: dict[str, Any]) -> None:
    record["documents"][1]["holder_uscc"] = "91330106ju6xyhxb07"


@_copied("representative without a name", {"legal_representative": Person.model_construct(name="")})
def _(record: dict[str, Any]) -> None:
    record["legal_representative"] = {"name": ""}


@pytest.mark.parametrize(("name", "update", "change"), COPIED, ids=[c[0] for c in COPIED])
def test_a_copy_with_changes_is_decided_like_the_dict_with_them(
    name: str, update: dict[str, Any], change: Callable[[dict[str, Any]], None]
) -> None:
    """Found: ``model_copy(update=…)`` takes its values unchecked, and verify judged the
    copy as it stood: an empty name and contradictory terms passed or failed on what
    validation refuses, a USCC in lower case failed as "another USCC"."""
    record = food_shop()
    change(record)
    merchant = Merchant.model_validate(food_shop())
    copied = merchant.model_copy(update=update)
    assert not unchanged_since_validation(copied)
    assert decided(copied) == decided(record)
    assert decided(merchant.model_copy(deep=True, update=update)) == decided(record)


def test_contradictory_terms_and_empty_names_are_never_passed_by_copying() -> None:
    merchant = Merchant.model_validate(food_shop())
    for name, update, _ in COPIED:
        if "uscc" not in name:
            assert not_pass(verify(merchant.model_copy(update=update), as_of=AS_OF)), name


def test_what_is_not_changed_is_not_read_again() -> None:
    merchant = validated(0)
    same = [
        merchant.model_copy(),
        merchant.model_copy(deep=True),
        merchant.model_copy(update={"name": merchant.name}),
        copy.copy(merchant),
        copy.deepcopy(merchant),
        pickle.loads(pickle.dumps(merchant)),
    ]
    assert all(unchanged_since_validation(m) for m in same)
    assert not unchanged_since_validation(Merchant.model_construct(**dict(merchant)))
    assert not unchanged_since_validation(merchant.model_copy(update={"name": "另一个"}))


# --- equality, hashing, repr and str ---------------------------------------------------------


def test_equality_and_hash_are_by_value() -> None:
    merchant = validated(DEVICE_SELLER)
    again = Merchant.model_validate(merchant.model_dump())
    verify(merchant, as_of=AS_OF)  # decodes numbers, caches them on the documents
    assert again == merchant
    assert hash(again) == hash(merchant)
    assert len({merchant, again, copy.deepcopy(merchant)}) == 1
    assert Merchant.model_construct(**dict(merchant)) == merchant
    assert merchant.model_copy(update={"name": "另一个"}) != merchant
    assert merchant.documents[1] == again.documents[1]
    assert dict(merchant).keys() == Merchant.model_fields.keys()
    assert dict(merchant.documents[1]).keys() == type(merchant.documents[1]).model_fields.keys()


SECRETS = (
    RIC,
    RIC[6:14],
    PHONE,
    PHONE_SPACED,
    "13800138000",
    "138-0013-8000",
    "330106196304189592",
)


def personal_merchant() -> Merchant:
    record = food_shop()
    record["merchant_id"] = RIC
    record["legal_representative"] = {"name": "张三", "id_number": RIC}
    record["contact_phone"] = PHONE_SPACED
    record["address"] = f"浙江省杭州市 联系人电话{PHONE}"
    record["shops"][0]["shop_id"] = PHONE
    record["documents"].append(
        {
            "kind": "identity",
            "number": RIC,
            "holder_name": "张三",
            "validity": "2018.06.20-2038.06.20",
        }
    )
    return Merchant.model_validate(record)


def shown(value: Any) -> list[str]:
    return [repr(value), str(value), f"{value}", f"{value!r}"]


def assert_no_secret(texts: list[str]) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, (secret, text[:300])


def test_reprs_and_strs_of_every_public_object_mask_personal_numbers() -> None:
    merchant = personal_merchant()
    report = verify(merchant, as_of=AS_OF)
    objects: list[Any] = [
        merchant,
        merchant.legal_representative,
        merchant.shops,
        merchant.documents,
        *merchant.documents,
        Person.model_validate({"name": "陈大文", "id_number": "H1234567801"}),
        report,
        report.findings,
        *report.findings,
        verify({"subject_type": "自然人", "name": RIC, "contact_phone": PHONE}, as_of=AS_OF),
        numbers.check("ric", RIC),
        numbers.check("uscc", RIC),
        numbers.identify(RIC),
        numbers.check("ric", RIC[:17] + ("0" if RIC[17] != "0" else "1")),
    ]
    for value in objects:
        assert_no_secret(shown(value))
    assert_no_secret([report.to_json(), json.dumps(report.to_pydantic_errors(), default=str)])


def test_validation_errors_of_the_models_do_not_quote_personal_numbers() -> None:
    wrong = RIC[:17] + ("0" if RIC[17] != "0" else "1")
    bad_records: list[dict[str, Any]] = [
        {"subject_type": RIC, "name": "x"},
        {"subject_type": "enterprise", "name": "x", "uscc": RIC + "1"},
        {
            "subject_type": "自然人",
            "name": "x",
            "legal_representative": {"name": "x", "id_number": wrong},
        },
        {"subject_type": "enterprise", "name": "x", "declared_annual_turnover_yuan": PHONE + "元x"},
        {"subject_type": "enterprise", "name": "x", "last_verified_at": PHONE},
        {"subject_type": "enterprise", "name": "x", "documents": [{"kind": RIC, "number": RIC}]},
        {
            "subject_type": "enterprise",
            "name": "x",
            "documents": [{"kind": "identity", "number": wrong}],
        },
    ]
    for record in bad_records:
        with pytest.raises(pydantic.ValidationError) as exc_info:
            Merchant.model_validate(record)
        exc = exc_info.value
        texts = [
            str(exc),
            repr(exc),
            exc.json(include_input=False),
            str(exc.errors(include_input=False)),
        ]
        assert_no_secret(texts)
        assert all(wrong not in text and wrong[6:14] not in text for text in texts)


def test_a_logged_verification_failure_holds_no_personal_number(
    caplog: pytest.LogCaptureFixture,
) -> None:
    record = food_shop()
    record["merchant_id"] = PHONE
    record["name"] = f"张三 {RIC}"  # a number typed into the name: a mismatch quoted masked
    record["legal_representative"] = {"name": RIC, "id_number": RIC}
    report = verify(record, as_of=AS_OF)
    logger = logging.getLogger("platform.onboarding")
    with caplog.at_level(logging.INFO, logger="platform.onboarding"):
        try:
            report.raise_for_decision()
        except VerificationFailed as exc:
            logger.exception("onboarding refused %s", exc.report.merchant_id)
            logger.info("args %r, report %r", exc.args, exc.report)
    assert caplog.records, "the failure was logged"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s %(exc_info)s"))
    for entry in caplog.records:
        handler.handle(entry)
    assert_no_secret([caplog.text, stream.getvalue()])


# --- JSON Schema ---------------------------------------------------------------------------


def cli_schema(name: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "qualcheck", "schema", name],
        capture_output=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "PATH": ""},
        timeout=120,
    )
    schema = json.loads(result.stdout.decode("utf-8"))
    assert isinstance(schema, dict)
    return schema


def test_the_bundled_examples_validate_against_the_printed_schema() -> None:
    """Every bundled example the model reads — and its dump — is valid under the schema
    ``qualcheck schema`` prints (what a client validating its requests uses)."""
    schema = cli_schema("merchant")
    assert schema == Merchant.model_json_schema()
    checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for name, record in MODEL_RECORDS:
        if name.startswith(tuple(PROFILES)):
            continue
        merchant = Merchant.model_validate(record, context={"as_of": AS_OF})
        errors = [e.message for e in checker.iter_errors(merchant.model_dump(mode="json"))]
        assert errors == [], name


REAL_ROWS = [(row.kind, row.number) for row in (*REAL_1, *REAL_2)]


NUMBER_TYPES: dict[str, Any] = {
    kind: Annotated[str, NumberValidator(kind)] for kind in numbers.KINDS
}


def number_schema(kind: str, mode: Any) -> dict[str, Any]:
    schema: dict[str, Any] = TypeAdapter(NUMBER_TYPES[kind]).json_schema(mode=mode)
    return schema


def test_the_schema_patterns_accept_every_real_number_the_validator_accepts() -> None:
    """A schema stricter than the validator breaks the client that checks its requests:
    the canonical form of every real number in the audits' tables (the form the models
    keep and dump) matches its kind's pattern, in both modes."""
    assert len(REAL_ROWS) > 100
    for kind, number in REAL_ROWS:
        canonical = TypeAdapter(NUMBER_TYPES[kind]).validate_python(
            number, context={"as_of": AS_OF}
        )
        for mode in ("validation", "serialization"):
            pattern = number_schema(kind, mode)["pattern"]
            assert re.search(pattern, canonical), (kind, number, canonical, mode)


def test_every_number_field_of_the_models_accepts_the_real_numbers_of_its_kind() -> None:
    """The model schemas carry a pattern on each number field (an identity number's
    covers other documents' numbers too): the real numbers of its kind match it."""
    patterns: set[tuple[str, str]] = set()
    for schema in (Merchant.model_json_schema(), document_adapter().json_schema()):
        for definition in [schema, *schema.get("$defs", {}).values()]:
            for field in definition.get("properties", {}).values():
                for option in [field, *field.get("anyOf", [])]:
                    if option.get("x-qualcheck-kind"):
                        patterns.add((option["x-qualcheck-kind"], option["pattern"]))
    assert {"uscc", "ric", "food_business", "device_business", "cnca", "cma"} <= {
        kind for kind, _ in patterns
    }
    for kind, pattern in patterns:
        rows = [number for row_kind, number in REAL_ROWS if row_kind == kind]
        for number in rows:
            canonical = TypeAdapter(NUMBER_TYPES[kind]).validate_python(
                number, context={"as_of": AS_OF}
            )
            assert re.search(pattern, canonical), (kind, number, pattern)


# --- typing --------------------------------------------------------------------------------


PLATFORM_CODE = '''
"""Platform code written from the docs, checked with mypy --strict."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterator
from typing import Any

from qualcheck import (
    CheckResult, Decision, Finding, InvalidNumber, Merchant, Person, Policy, Report,
    ReportFinding, Severity, Shop, SubjectType, VerificationFailed, Verifier, averify,
    identify, iter_findings, iter_verify, numbers, scrub, verify,
)
from qualcheck.models import BusinessLicense, Document, FoodBusinessLicense, IdentityType
from qualcheck.types import USCC

AS_OF = datetime.date(2026, 11, 29)


def build() -> Merchant:
    documents: list[Document] = [
        BusinessLicense(number="91350100M000100Y43", holder_name="示例有限公司"),
        FoodBusinessLicense(number="JY13301067319160", network_operation=True),
    ]
    return Merchant(
        subject_type=SubjectType.ENTERPRISE,
        name="示例有限公司",
        uscc="91350100M000100Y43",
        legal_representative=Person(name="张三"),
        shops=(Shop(shop_id="s-1", annual_turnover_yuan=decimal.Decimal(100000)),),
        documents=tuple(documents),
        last_verified_at=AS_OF,
    )


def passport_holder() -> Person:
    return Person(name="John Smith", id_type=IdentityType.PASSPORT)


def decide(record: dict[str, object]) -> tuple[Decision, list[str]]:
    report: Report = verify(record, as_of=AS_OF)
    paths = [finding.json_path for finding in report.findings]
    best: ReportFinding | None = report.best_finding
    if best is not None and best.severity is Severity.ERROR:
        paths.append(best.code)
    return report.decision, paths


def gate(merchant: Merchant, verifier: Verifier) -> bool:
    try:
        verifier.verify(merchant).raise_for_decision(allow_review=True)
    except VerificationFailed as exc:
        return exc.report.passed
    return True


def many(records: list[dict[str, Any]]) -> Iterator[str]:
    for report in iter_verify(records, as_of=AS_OF):
        yield report.to_json()


def stored(text: str) -> Report:
    return Report.model_validate_json(text)


def one_number(value: str) -> str | None:
    result: CheckResult[Any] = numbers.check("uscc", value)
    try:
        return numbers.get(identify(value).kind).validate(value) or result.normalized
    except InvalidNumber as exc:
        finding: Finding = exc.to_finding()
        return scrub(finding.message)


async def async_gate(record: dict[str, object]) -> Decision:
    return (await averify(record, as_of=AS_OF)).decision


def main() -> None:
    verifier = Verifier(as_of=AS_OF, policy=Policy(expiring_soon_days=60))
    merchant = Merchant.model_validate_json(build().model_dump_json())
    uscc: USCC | None = merchant.uscc
    changed = merchant.model_copy(update={"name": "另一个"})
    print(gate(changed, verifier), uscc, passport_holder(), one_number("x"))
    print(decide(merchant.model_dump()), list(many([merchant.model_dump(mode="json")])))
    print([finding.code for finding in iter_findings(merchant, as_of=AS_OF)])
    print(stored(verify(merchant).to_json()).decision is Decision.PASS)
'''


def test_platform_code_written_from_the_docs_type_checks_under_mypy_strict(tmp_path: Path) -> None:
    """Found: ``Field(None, description=…)`` hides the default from type checkers, so every
    optional field with a description was a required argument (``Person(name=…)`` was
    "Missing named argument 'id_type'")."""
    source = tmp_path / "platform_code.py"
    source.write_text(textwrap.dedent(PLATFORM_CODE), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            str(source),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
