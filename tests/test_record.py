"""Reading raw records: validation errors become findings at the field's path, and the rest
of the record is salvaged so that the other checks still run.  Never a crash, never a pass
for a record that could not be read."""

from __future__ import annotations

import copy
import datetime
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from qualcheck import Decision, Report, verify
from qualcheck._record import parse_record
from qualcheck.models import DOCUMENT_KINDS, Merchant
from qualcheck.testing import (
    make_drug_business,
    make_food_business,
    make_food_filing,
    make_invalid,
    make_ric,
    make_uscc,
)

AS_OF = datetime.date(2026, 3, 15)
RNG = random.Random(8080)
NAME = "上海示例餐饮管理有限公司"
USCC = make_uscc(region="310104", rng=RNG)
BAD_USCC = make_invalid("uscc", "checksum", rng=RNG)
JY_CATERING = make_food_business(form=2, region="310104", rng=RNG)
JY_SELLER = make_food_business(form=1, region="310104", rng=RNG)
YB = make_food_filing(region="310104", rng=RNG)
BAD_DRUG = make_invalid("drug_business", "charset", rng=RNG)
SHORT_DRUG = make_invalid("drug_business", "length", rng=RNG)
LICENCE = {"kind": "business_license", "number": USCC, "holder_name": NAME, "valid_to": "长期"}


def jy(number: str = JY_CATERING, **fields: Any) -> dict[str, Any]:
    base = {
        "kind": "food_business",
        "number": number,
        "holder_name": NAME,
        "valid_from": "2023-01-01",
        "valid_to": "2027-12-31",
        "scope": "热食类食品制售",
    }
    base.update(fields)
    return base


def record(**fields: Any) -> dict[str, Any]:
    """A catering company that passes."""
    base: dict[str, Any] = {
        "merchant_id": "m-1",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "categories": ["catering"],
        "documents": [LICENCE, jy()],
    }
    base.update(fields)
    return base


def located(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


def statuses(report: Report) -> dict[str, str]:
    return {check.name: check.status for check in report.checks}


def test_the_base_record_passes() -> None:
    report = verify(record(), as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes
    assert report.merchant_id == "m-1"


# --------------------------------------------------------------------------- salvage

SALVAGE_CASES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    # an invalid USCC at the top: reported at $.uscc, dropped, and the other checks run
    # (the licence's number no longer matches anything, the subject has no USCC)
    (
        "top-level-uscc",
        record(uscc=BAD_USCC),  # left out: the business licence's number stands for it
        [("uscc.checksum", "$.uscc")],
    ),
    # an invalid number inside a document: the document is left out, the others checked
    (
        "document-number",
        record(documents=[LICENCE, {"kind": "drug_business", "number": BAD_DRUG}, jy()]),
        [
            ("drug_business.charset", "$.documents[1].number"),
            ("record.entry_dropped", "$.documents[1]"),
        ],
    ),
    # the documents after a dropped one keep their own index in the findings
    (
        "later-index-kept",
        record(
            documents=[
                LICENCE,
                {"kind": "drug_business", "number": BAD_DRUG},
                {"kind": "drug_business", "number": SHORT_DRUG},
                jy(valid_from="2021-01-01", valid_to="2025-12-31"),
            ]
        ),
        [
            ("drug_business.charset", "$.documents[1].number"),
            ("drug_business.length", "$.documents[2].number"),
            ("record.entry_dropped", "$.documents[1]"),
            ("record.entry_dropped", "$.documents[2]"),
            ("license.expired", "$.documents[3].validity.valid_to"),
        ],
    ),
    # an unknown kind of document
    (
        "unknown-kind",
        record(documents=[LICENCE, {"kind": "tax_registration", "number": "E12345678"}, jy()]),
        [
            ("record.unknown_document_kind", "$.documents[1]"),
            ("record.entry_dropped", "$.documents[1]"),
        ],
    ),
    # a document without a kind
    (
        "missing-kind",
        record(documents=[LICENCE, jy(), {"number": YB}]),
        [
            ("record.missing_field", "$.documents[2].kind"),
            ("record.entry_dropped", "$.documents[2]"),
        ],
    ),
    # a document that is not an object
    (
        "document-not-object",
        record(documents=[LICENCE, "营业执照.jpg", jy()]),
        [
            ("record.invalid_value", "$.documents[1]"),
            ("record.entry_dropped", "$.documents[1]"),
        ],
    ),
    # an optional number that is wrong: the field goes, the document stays
    (
        "holder-uscc",
        record(documents=[LICENCE, jy(holder_uscc=BAD_USCC)]),
        [("uscc.checksum", "$.documents[1].holder_uscc")],
    ),
    # an unreadable date on the record: the field is left out
    (
        "bad-last-verified",
        record(last_verified_at="上周"),
        [("record.invalid_value", "$.last_verified_at")],
    ),
    # an unreadable issue date on a document: the document stays
    (
        "bad-issue-date",
        record(documents=[LICENCE, jy(issue_date="2023-13-45")]),
        [("record.invalid_value", "$.documents[1].issue_date")],
    ),
    # an unreadable end date, given at the document's top level as most exports do: the
    # path is the input's, the document stays, and its term is missing (review)
    (
        "bad-valid-to-loose",
        record(documents=[LICENCE, jy(valid_to="明年")]),
        [
            ("record.invalid_value", "$.documents[1].valid_to"),
            ("license.validity_missing", "$.documents[1].validity"),
        ],
    ),
    # the same inside a nested validity object
    (
        "bad-valid-to-nested",
        record(
            documents=[
                LICENCE,
                {
                    "kind": "food_business",
                    "number": JY_CATERING,
                    "holder_name": NAME,
                    "validity": {"valid_from": "2023-01-01", "valid_to": "20x7"},
                },
            ]
        ),
        [
            ("record.invalid_value", "$.documents[1].validity.valid_to"),
            ("license.validity_missing", "$.documents[1].validity"),
        ],
    ),
    # dates the wrong way round
    (
        "reversed-validity",
        record(documents=[LICENCE, jy(valid_from="2027-12-31", valid_to="2023-01-01")]),
        [
            ("record.invalid_value", "$.documents[1].validity"),
            ("license.validity_missing", "$.documents[1].validity"),
        ],
    ),
    # a negative turnover on a shop: the value goes, the shop stays
    (
        "negative-turnover",
        record(shops=[{"shop_id": "s1", "annual_turnover_yuan": -5}]),
        [("record.invalid_value", "$.shops[0].annual_turnover_yuan")],
    ),
    # a shop without its id
    (
        "shop-without-id",
        record(shops=[{"name": "旗舰店"}]),
        [("record.missing_field", "$.shops[0].shop_id"), ("record.entry_dropped", "$.shops[0]")],
    ),
    # an unknown subject type is not guessed
    (
        "bad-subject-type",
        record(subject_type="company limited"),
        [("record.invalid_value", "$.subject_type"), ("record.unreadable", "$")],
    ),
    # no name: nothing can be verified
    (
        "missing-name",
        {k: v for k, v in record().items() if k != "name"},
        [("record.missing_field", "$.name"), ("record.unreadable", "$")],
    ),
    # a blank name is no name
    (
        "blank-name",
        record(name="   "),
        [("record.invalid_value", "$.name"), ("record.unreadable", "$")],
    ),
    # a period given twice, differently: the loose key is reported and left out, the
    # document keeps its ``validity``
    (
        "validity-and-a-contradicting-valid-to",
        record(documents=[LICENCE, jy(validity="2023.01.01-2027.12.31", valid_to="2020-01-01")]),
        [("record.invalid_value", "$.documents[1].valid_to")],
    ),
    (
        "validity-and-an-unreadable-valid-from",
        record(documents=[LICENCE, jy(validity="2023.01.01-2027.12.31", valid_from="2023-02-30")]),
        [("record.invalid_value", "$.documents[1].valid_from")],
    ),
    # an unreadable validity next to loose keys: reported, then the loose keys are read
    (
        "unreadable-validity-next-to-loose-keys",
        record(documents=[LICENCE, jy(validity="junk", valid_to=None)]),
        [
            ("record.invalid_value", "$.documents[1].validity"),
            ("license.validity_missing", "$.documents[1].validity"),
        ],
    ),
    # the documents are not a list
    (
        "documents-not-list",
        record(documents={"kind": "food_business"}),
        [
            ("record.invalid_value", "$.documents"),
            ("category.license_missing", "$.categories[0]"),
            ("document.business_license_missing", "$.documents"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"), [pytest.param(d, e, id=name) for name, d, e in SALVAGE_CASES]
)
def test_salvage(data: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    report = verify(data, as_of=AS_OF)
    assert located(report) == expected
    assert report.decision is not Decision.PASS


def test_other_checks_still_run_after_a_bad_field() -> None:
    report = verify(record(uscc=BAD_USCC), as_of=AS_OF)
    assert statuses(report) == {
        "identifiers": "passed",
        "validity": "passed",
        "consistency": "passed",
        "coverage": "passed",
        "subject": "passed",  # the business licence shows the USCC
        "reverification": "skipped",
        "registry": "skipped",
    }
    assert report.decision is Decision.FAIL  # an official rule is broken
    (first,) = [f for f in report.findings if f.code == "uscc.checksum"]
    assert first.check == "record"
    assert first.position == 18


def test_dropped_required_document_fails_coverage() -> None:
    broken = jy(number=make_invalid("food_business", "length", rng=random.Random(2)))
    report = verify(record(documents=[LICENCE, broken]), as_of=AS_OF)
    assert "category.license_missing" in report.codes
    assert report.decision is Decision.FAIL


def test_unreadable_record_skips_every_check() -> None:
    report = verify({"subject_type": "enterprise"}, as_of=AS_OF)
    assert located(report) == [("record.missing_field", "$.name"), ("record.unreadable", "$")]
    assert set(statuses(report).values()) == {"skipped"}
    assert report.decision is Decision.REVIEW
    assert report.merchant_id is None


NOT_A_RECORD: list[tuple[str, Any, str, dict[str, Any]]] = [
    # (name, input, code, ctx)
    ("list", [record()], "record.not_an_object", {"type": "list", "type_zh": "列表"}),
    ("none", None, "record.not_an_object", {"type": "NoneType", "type_zh": "空值（null）"}),
    ("int", 42, "record.not_an_object", {"type": "int", "type_zh": "整数"}),
    ("json-array-text", "[1, 2]", "record.not_an_object", {"type": "list", "type_zh": "列表"}),
    ("json-string-text", '"商户"', "record.not_an_object", {"type": "str", "type_zh": "文本"}),
]


@pytest.mark.parametrize(
    ("data", "code", "ctx"), [pytest.param(d, c, x, id=n) for n, d, c, x in NOT_A_RECORD]
)
def test_not_an_object(data: Any, code: str, ctx: dict[str, Any]) -> None:
    report = verify(data, as_of=AS_OF)
    (finding,) = report.findings
    assert (finding.code, finding.json_path, finding.ctx) == (code, "$", ctx)
    assert report.decision is Decision.REVIEW
    assert set(statuses(report).values()) == {"skipped"}


@pytest.mark.parametrize("text", ['{"name": "x",', "not json", b"\xff\xfe", "", "\ud800"])
def test_invalid_json_text(text: str | bytes) -> None:
    report = verify(text, as_of=AS_OF)
    assert report.codes == ("record.not_json",)
    assert report.decision is Decision.REVIEW


@pytest.mark.parametrize("form", ["str", "bytes"])
def test_json_text_is_read(form: str) -> None:
    text = json.dumps(record(), ensure_ascii=False)
    report = verify(text if form == "str" else text.encode("utf-8"), as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes
    assert report.merchant_id == "m-1"


def test_a_merchant_model_is_taken_as_is() -> None:
    m = Merchant.model_validate(record())
    assert parse_record(m) == (m, [])
    assert verify(m, as_of=AS_OF).decision is Decision.PASS


def test_the_callers_record_is_never_changed() -> None:
    data = record(
        uscc=BAD_USCC,
        last_verified_at="上周",
        documents=[LICENCE, {"kind": "drug_business", "number": BAD_DRUG}, jy(valid_to="明年")],
        shops=[{"name": "无编号"}, {"shop_id": "s2", "annual_turnover_yuan": -1}],
    )
    before = copy.deepcopy(data)
    report = verify(data, as_of=AS_OF)
    assert len(report.findings) > 5
    assert data == before


def test_pydantic_error_type_is_the_finding_code() -> None:
    data = record(uscc=BAD_USCC, documents=[LICENCE, {"kind": "drug_business", "number": BAD_DRUG}])
    with pytest.raises(ValidationError) as info:
        Merchant.model_validate(data)
    errors = info.value.errors()
    report = verify(data, as_of=AS_OF)
    for error in errors:
        (finding,) = [f for f in report.findings if f.code == error["type"]]
        ctx = dict(error["ctx"])
        assert finding.position == ctx.pop("position")
        assert finding.ctx == ctx
        assert finding.message == error["msg"]
    assert {e["type"] for e in errors} == {"uscc.checksum", "drug_business.charset"}


def test_parse_record_returns_findings_with_paths() -> None:
    merchant, findings = parse_record(record(documents=[LICENCE, {"kind": "x", "number": "1"}]))
    assert isinstance(merchant, Merchant)
    assert [d.kind for d in merchant.documents] == ["business_license"]
    assert [(f.code, f.path) for f in findings] == [
        ("record.unknown_document_kind", ("documents", 1)),
        ("record.entry_dropped", ("documents", 1)),
    ]


def test_record_findings_use_the_as_of_date() -> None:
    # a CNCA approval number from 2027: in the future as of 2026, fine as of 2028
    data = record(documents=[LICENCE, jy(), {"kind": "cnca", "number": "CNCA-R-2027-001"}])
    assert "cnca.year_future" in verify(data, as_of=datetime.date(2026, 3, 15)).codes
    assert "cnca.year_future" not in verify(data, as_of=datetime.date(2028, 3, 15)).codes


def nested(depth: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth):
        node["a"] = {}
        node = node["a"]
    return root


def test_python_oddities_never_raise() -> None:
    cyclic: dict[str, Any] = record(subject_type="?")
    cyclic["self"] = cyclic
    shared = jy()
    odd_inputs = [
        # (record, the codes of the record check)
        (record(extra=nested(5000)), ()),  # deeper than the recursion limit, but ignored
        (record(subject_type="?", extra=nested(5000)), ("record.invalid_value",)),
        (record(documents=[LICENCE, jy(scope=[nested(3000)])]), ("record.invalid_value",)),
        (cyclic, ("record.invalid_value",)),
        ({1: "a", "b": 2}, ("record.missing_field", "record.missing_field")),
        (record(documents=[LICENCE, shared, shared]), ()),  # one dict twice
        ('{"name": "\ud800"}', ("record.missing_field",)),  # a lone surrogate in JSON text
        (record(name="\ud800"), ()),  # ... or in a dict
    ]
    for data, codes in odd_inputs:
        report = verify(data, as_of=AS_OF)
        record_codes = [f.code for f in report.findings if f.check == "record"]
        assert record_codes[: len(codes)] == list(codes)
        assert len(report.input_digest) == 64


def test_tuples_are_read_like_lists() -> None:
    data = record(documents=(LICENCE, {"kind": "tax_registration"}, jy(valid_to="2026-03-01")))
    report = verify(data, as_of=AS_OF)
    assert located(report) == [
        ("record.unknown_document_kind", "$.documents[1]"),
        ("record.entry_dropped", "$.documents[1]"),
        ("license.expired", "$.documents[2].validity.valid_to"),
    ]


# --------------------------------------------------------------------------- properties

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["长期", "2024-02-29", "2024年13月1日", "0", "", " ", "JY1"])
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
MERCHANT_FIELDS = sorted(Merchant.model_fields)
DOCUMENT_FIELDS = sorted({name for cls in DOCUMENT_KINDS.values() for name in cls.model_fields})
documents_ish = st.dictionaries(
    st.sampled_from([*DOCUMENT_FIELDS, "valid_from", "valid_to", "long_term"]),
    json_values | st.sampled_from([*DOCUMENT_KINDS, USCC, JY_CATERING, YB]),
    max_size=6,
)
records_ish = st.dictionaries(
    st.sampled_from(MERCHANT_FIELDS) | st.text(max_size=6),
    json_values
    | st.lists(documents_ish, max_size=3)
    | st.sampled_from(["enterprise", "natural_person", "个体工商户", NAME, USCC]),
    max_size=8,
)


def check_report(report: Report) -> None:
    """What every report holds, whatever the input."""
    assert isinstance(report.decision, Decision)
    assert {check.name for check in report.checks} >= {"identifiers", "validity", "subject"}
    if any(f.code in ("record.unreadable", "record.not_an_object") for f in report.findings):
        assert report.decision is not Decision.PASS
    Report.model_validate_json(report.to_json())


@SETTINGS
@given(data=records_ish)
def test_arbitrary_dicts_never_raise(data: dict[str, Any]) -> None:
    before = copy.deepcopy(data)
    check_report(verify(data, as_of=AS_OF))
    assert repr(data) == repr(before)  # repr: NaN != NaN


@SETTINGS
@given(data=json_values)
def test_arbitrary_json_never_raises(data: Any) -> None:
    check_report(verify(data, as_of=AS_OF))
    check_report(verify(json.dumps(data), as_of=AS_OF))


# The property of the issue: with a declared category whose required document (a catering
# licence, JY business form 2) is missing, expired, not yet valid, someone else's or
# unreadable, no mutation of the rest of the record makes the seller pass.

NOT_COVERING = [
    jy(number=JY_SELLER),  # a food seller's licence (form 1), not a caterer's
    {"kind": "food_filing", "number": YB, "holder_name": NAME},  # a filing is not enough
    jy(valid_from="2020-01-01", valid_to="2024-12-31"),  # expired
    jy(valid_from="2020-01-01", valid_to="2026-03-14"),  # expired yesterday
    jy(valid_from="2026-04-01", valid_to="2031-03-31"),  # not yet valid
    jy(valid_from=None, valid_to=None),  # no term
    jy(holder_name="另一家餐饮有限公司"),  # another company's licence
    jy(holder_uscc=make_uscc(region="310104", rng=RNG)),  # another company's USCC
    jy(number=make_invalid("food_business", "business_form", rng=RNG)),  # unreadable number
    jy(number=JY_CATERING[:-2]),  # truncated number
    {"kind": "drug_business", "number": make_drug_business(rng=RNG), "valid_to": "2029-01-01"},
]

mutations = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "merchant_id",
                "subject_type",
                "name",
                "uscc",
                "legal_representative",
                "address",
                "contact_phone",
                "shops",
                "declared_annual_turnover_yuan",
                "last_verified_at",
                "extra",
            ]
        ),
        st.one_of(st.just("<delete>"), json_values),
    ),
    max_size=4,
)


@SETTINGS
@given(
    documents=st.lists(st.sampled_from(NOT_COVERING) | documents_ish, max_size=4),
    licence=st.booleans(),
    category=st.sampled_from(["catering", "餐饮", "外卖", ["catering", "general_goods"]]),
    changes=mutations,
)
def test_missing_or_expired_required_document_never_passes(
    documents: list[dict[str, Any]], licence: bool, category: Any, changes: list[tuple[str, Any]]
) -> None:
    data = record(
        categories=category if isinstance(category, list) else [category],
        documents=([LICENCE] if licence else []) + documents,
    )
    for field, value in changes:
        if value == "<delete>":
            data.pop(field, None)
        else:
            data[field] = value
    report = verify(data, as_of=AS_OF)
    check_report(report)
    assert report.decision is not Decision.PASS, report.codes


@SETTINGS
@given(changes=mutations, seed=st.integers(0, 2**16))
def test_mutated_valid_records_never_raise(changes: list[tuple[str, Any]], seed: int) -> None:
    data = record()
    rng = random.Random(seed)
    for field, value in changes:
        if value == "<delete>":
            data.pop(field, None)
        elif rng.random() < 0.5:  # or inside the catering licence
            data["documents"][1] = {**data["documents"][1], field: value}
        else:
            data[field] = value
    check_report(verify(data, as_of=AS_OF))


def test_validation_errors_do_not_echo_personal_data() -> None:
    bad_id = make_invalid("ric", "checksum", rng=random.Random(5))
    data = {
        "subject_type": "natural_person",
        "name": "李四",
        "legal_representative": {"name": "李四", "id_number": bad_id},
        "documents": [{"kind": "identity", "number": bad_id}],
    }
    with pytest.raises(ValidationError) as info:
        Merchant.model_validate(data)
    assert "ric.checksum" in str(info.value)
    assert bad_id not in str(info.value)


def test_a_personal_number_in_a_date_field_is_not_echoed() -> None:
    number = make_ric(region="110105")
    record = {
        "subject_type": "enterprise",
        "name": "示例有限公司",
        "last_verified_at": number,  # an ID number typed into a date field
    }
    report = verify(record, as_of=datetime.date(2026, 11, 29))
    assert "record.invalid_value" in report.codes
    assert number not in report.to_json()
    assert (
        "13800138000"
        not in verify(
            {**record, "last_verified_at": "13800138000"}, as_of=datetime.date(2026, 11, 29)
        ).to_json()
    )


@pytest.mark.parametrize(
    ("validity", "loose", "valid_to"),
    [
        ("2023.01.01-2027.12.31", {"valid_to": "2027年12月31日"}, datetime.date(2027, 12, 31)),
        ({"valid_from": "2023-01-01"}, {"valid_to": "2027-12-31"}, datetime.date(2027, 12, 31)),
        ("2023-01-01至长期", {"valid_to": "永久", "long_term": True}, None),
        ("2023-01-01至长期", {"long_term": "true"}, None),
    ],
)
def test_a_period_given_both_ways_is_merged_when_it_agrees(
    validity: Any, loose: dict[str, Any], valid_to: datetime.date | None
) -> None:
    document = DOCUMENT_KINDS["food_business"].model_validate(
        {**jy(), "valid_from": None, "valid_to": None, "validity": validity, **loose}
        | ({} if "valid_from" in loose else {"valid_from": "2023-01-01"})
    )
    assert document.validity is not None
    assert document.validity.valid_to == valid_to
    assert document.validity.valid_from == datetime.date(2023, 1, 1)


def test_a_period_given_both_ways_differently_is_an_error_naming_the_key() -> None:
    with pytest.raises(ValidationError) as caught:
        DOCUMENT_KINDS["food_business"].model_validate(
            jy(validity="2023.01.01-2027.12.31", valid_to="2026-12-31")
        )
    error = caught.value.errors()[0]
    assert error["type"] == "validity_conflict"
    assert error["ctx"]["field"] == "valid_to"
    assert "given twice" in error["msg"]


def test_json_text_with_a_byte_order_mark_is_read_as_text_or_bytes() -> None:
    text = "\ufeff" + json.dumps(record(), ensure_ascii=False)
    for form in (text, text.encode("utf-8")):
        report = verify(form, as_of=AS_OF)
        assert report.decision is Decision.PASS, report.codes


def test_an_unreadable_value_is_explained_without_pydantic_prefixes() -> None:
    report = verify(record(documents=[LICENCE, jy(issue_date="2023年2月30日")]), as_of=AS_OF)
    finding = next(f for f in report.findings if f.code == "record.invalid_value")
    assert not finding.ctx["reason"].startswith("Value error")
    assert "Value error" not in finding.message
    assert "Value error" not in finding.message_zh


@pytest.mark.parametrize("depth", [499, 501, 990, 5000])
def test_text_nested_too_deeply_is_refused_by_a_fixed_limit(depth: int) -> None:
    nested = '{"a":' * depth + "1" + "}" * depth
    text = '{"merchant_id": "deep", "name": ' + nested + "}"
    report = verify(text, as_of=AS_OF)
    assert report.decision is not Decision.PASS
    refused = [f for f in report.findings if f.code == "record.not_json"]
    assert bool(refused) is (depth + 1 > 500)
    if refused:
        assert refused[0].ctx["reason"] == "nested too deeply to read"


def test_json_null_text_is_not_an_object_not_too_deep() -> None:
    report = verify("null", as_of=AS_OF)
    assert report.codes == ("record.not_an_object",)
