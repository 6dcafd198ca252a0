"""The engine: decisions, policy, the verifier and the report."""

from __future__ import annotations

import dataclasses
import datetime
import json
import random
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import qualcheck
from qualcheck import (
    USE_VERIFIER_DEFAULT,
    ConfigError,
    Decision,
    Finding,
    Policy,
    Report,
    ReportFinding,
    Severity,
    VerificationFailed,
    Verifier,
    iter_findings,
    verify,
)
from qualcheck._decision import combine
from qualcheck.checks import CheckSkipped, CheckSpec, Context, default_checks
from qualcheck.models import Merchant
from qualcheck.numbers import _dates, ric
from qualcheck.phones import mask_phone
from qualcheck.policy import DEFAULT_POLICY
from qualcheck.testing import make_food_business, make_invalid, make_ric, make_uscc

AS_OF = datetime.date(2026, 3, 15)
RNG = random.Random(4242)
NAME = "成都示例科技有限公司"
USCC = make_uscc(entity_type="1", region="510104", rng=RNG)
LICENCE = {"kind": "business_license", "number": USCC, "holder_name": NAME, "valid_to": "长期"}
P, R, F = Decision.PASS, Decision.REVIEW, Decision.FAIL
CHECKS = default_checks()  # imports the check modules, which define their finding codes


def record(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "merchant_id": "m-7",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "documents": [LICENCE],
    }
    base.update(fields)
    return base


EXPIRED_JY = {
    "kind": "food_business",
    "number": make_food_business(form=1, region="510104", rng=RNG),
    "holder_name": NAME,
    "valid_from": "2020-01-01",
    "valid_to": "2024-12-31",
}


# --------------------------------------------------------------------------- decisions


@pytest.mark.parametrize(
    ("decisions", "expected"),
    [
        ([], P),  # nothing found: pass
        ([P], P),
        ([P, P], P),
        ([P, R], R),  # the largest wins
        ([R, P], R),  # whatever the order
        ([R, F, P], F),
        ([F, F], F),
        ((d for d in (R, P)), R),  # any iterable
    ],
)
def test_combine(decisions: Any, expected: Decision) -> None:
    assert combine(decisions) is expected


def test_decision_order_and_values() -> None:
    assert [d.rank for d in (P, R, F)] == [0, 1, 2]
    assert [d.value for d in Decision] == ["pass", "review", "fail"]
    assert Decision("review") is R


# --------------------------------------------------------------------------- policy


def test_policy_defaults() -> None:
    policy = Policy()
    assert policy == DEFAULT_POLICY
    assert policy.expiring_soon_days == 30
    assert policy.reverify_after_months == 6
    assert policy.turnover_limit_yuan == 100_000
    assert policy.categories_file is None
    assert policy.decisions == {}


def test_unknown_option_is_named() -> None:
    with pytest.raises(ConfigError, match="unknown policy option 'expire_soon_days'") as info:
        Policy(expire_soon_days=60)
    assert "expiring_soon_days" in str(info.value)  # the known options are listed


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"expiring_soon_days": -1}, "expiring_soon_days"),  # negative
        ({"expiring_soon_days": "soon"}, "expiring_soon_days"),  # not a number
        ({"reverify_after_months": 0}, "reverify_after_months"),  # at least one month
        ({"turnover_limit_yuan": -100}, "turnover_limit_yuan"),
        ({"decisions": {"license.expired": "maybe"}}, "license.expired"),  # no such decision
        ({"decisions": ["license.*"]}, "decisions"),  # not a mapping
    ],
)
def test_bad_option_values(options: dict[str, Any], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        Policy(**options)


def test_policy_is_frozen() -> None:
    with pytest.raises(ValidationError):
        DEFAULT_POLICY.expiring_soon_days = 1  # type: ignore[misc]


def finding(code: str) -> Finding:
    return Finding.of(code, document="d", document_zh="d", valid_to="x", days=1, as_of="y")


DECIDE_CASES = [
    # (decisions, code, expected)
    ({}, "license.expired", F),  # error → fail
    ({}, "license.expiring_soon", R),  # warning → review
    ({"license.expired": "review"}, "license.expired", R),  # exact code
    ({"license.*": "review"}, "license.expired", R),  # prefix
    ({"license.*": "review"}, "consistency.name_mismatch", F),  # other prefix: severity
    ({"license.*": "pass", "license.expired": "fail"}, "license.expired", F),  # exact wins
    ({"license.*": "pass", "license.expired": "fail"}, "license.expiring_soon", P),
    ({"license.*": "fail", "license.expir*": "pass"}, "license.expiring_soon", P),  # longest
    ({"license.expir*": "pass", "license.*": "fail"}, "license.expired", P),  # in any order
    ({"license.expir*": "pass", "license.*": "fail"}, "license.not_yet_valid", F),
    ({"*": "review"}, "license.expired", R),  # everything
    ({"*": "review", "license.*": "fail"}, "license.expiring_soon", F),
]


@pytest.mark.parametrize(("decisions", "code", "expected"), DECIDE_CASES)
def test_decide(decisions: dict[str, str], code: str, expected: Decision) -> None:
    assert Policy(decisions=decisions).decide(finding(code)) is expected


def test_decide_info_passes() -> None:
    assert Policy().decide(Finding.of("regno.superseded")) is P


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read policy file"),  # missing
        ("{not json", "cannot read policy file"),
        (b"\xff\xfe{}", "cannot read policy file"),  # not UTF-8
        ("[1, 2]", "must hold a JSON object"),
        ('"review"', "must hold a JSON object"),
        ('{"expire_soon_days": 60}', "unknown policy option 'expire_soon_days'"),
        ('{"expiring_soon_days": -5}', "expiring_soon_days"),
        ('{"decisions": {"license.*": "never"}}', "license.*"),
        ('{"categories_file": "nowhere.json"}', "cannot read category policy"),  # missing
        ('{"categories_file": "policy.json"}', "invalid category policy"),  # not one
    ],
)
def test_policy_from_bad_file(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    path = tmp_path / "policy.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("*", r"\*")):
        Policy.from_file(path)


def test_policy_from_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    options = {
        "expiring_soon_days": 60,
        "reverify_after_months": 3,
        "decisions": {"license.*": "fail", "consistency.region_mismatch": "pass"},
    }
    path.write_text(json.dumps(options), encoding="utf-8")
    for source in (path, str(path)):
        policy = Policy.from_file(source)
        assert policy.expiring_soon_days == 60
        assert policy.reverify_after_months == 3
        assert policy.decisions == {"license.*": F, "consistency.region_mismatch": P}


# --------------------------------------------------------------------------- the engine


def spec(name: str, function: Any, codes: tuple[str, ...] = ()) -> CheckSpec:
    return CheckSpec(name, function, codes, f"{name} check")


def boom(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """Finds one thing, then fails."""
    yield finding("license.expiring_soon")
    raise KeyError("lost")


def skipping(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """Does not apply."""
    raise CheckSkipped("not for this seller")
    yield  # pragma: no cover - makes this a generator


def quiet(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """Finds nothing."""
    return iter(())


def test_a_check_that_raises_is_recorded_and_fails_closed() -> None:
    verifier = Verifier(as_of=AS_OF, checks=[spec("boom", boom), spec("quiet", quiet)])
    report = verifier.verify(record())
    assert report.codes == ("license.expiring_soon", "engine.check_error")
    error = report.findings[1]
    assert error.check == "boom"
    assert error.ctx == {"check": "boom", "error": "KeyError"}
    assert error.decision is R
    assert report.decision is R
    assert [(c.name, c.status) for c in report.checks] == [("boom", "errored"), ("quiet", "passed")]
    assert report.checks[0].reason == "KeyError"  # the type only: a message may hold personal data


@pytest.mark.parametrize(
    ("override", "decision"),
    [
        ("pass", R),  # no policy lowers a check that could not run below review
        ("review", R),
        ("fail", F),  # but a platform may treat it as a failure
    ],
)
def test_check_error_decision(override: str, decision: Decision) -> None:
    policy = Policy(decisions={"engine.check_error": override, "license.*": "pass"})
    verifier = Verifier(as_of=AS_OF, policy=policy, checks=[spec("boom", boom)])
    report = verifier.verify(record())
    assert report.findings[-1].decision is decision
    assert report.decision is decision


def test_a_skipped_check_is_recorded() -> None:
    verifier = Verifier(as_of=AS_OF, checks=[spec("skipping", skipping), spec("quiet", quiet)])
    report = verifier.verify(record())
    assert report.findings == ()
    assert report.decision is P
    (skipped, passed) = report.checks
    assert (skipped.name, skipped.status, skipped.reason) == (
        "skipping",
        "skipped",
        "not for this seller",
    )
    assert (passed.name, passed.status) == ("quiet", "passed")


def test_bundled_checks_run_in_order() -> None:
    names = [c.name for c in verify(record(), as_of=AS_OF).checks]
    assert names == [s.name for s in default_checks()]
    assert names == [
        "identifiers",
        "validity",
        "consistency",
        "coverage",
        "subject",
        "reverification",
        "registry",
    ]


def test_running_order_does_not_depend_on_import_order() -> None:
    code = (
        "import qualcheck.checks.lifecycle, qualcheck.checks.consistency\n"
        "from qualcheck.checks import default_checks\n"
        "print(' '.join(spec.name for spec in default_checks()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [
        "identifiers",
        "validity",
        "consistency",
        "coverage",
        "subject",
        "reverification",
        "registry",
    ]


def test_every_check_documents_its_codes() -> None:
    from qualcheck._codes import catalogue

    known = {entry.code for entry in catalogue()}
    for check in default_checks():
        assert check.title
        assert check.codes
        for pattern in check.codes:
            if pattern.endswith("*"):
                assert any(code.startswith(pattern[:-1]) for code in known), pattern
            else:
                assert pattern in known, pattern


def test_unreadable_record_never_passes_whatever_the_policy() -> None:
    report = verify([], as_of=AS_OF, policy=Policy(decisions={"*": "pass"}))
    assert report.findings[0].decision is R  # fail closed, whatever the policy says
    assert report.decision is R


def test_findings_of_a_passing_record_can_pass() -> None:
    policy = Policy(decisions={"license.expired": "pass"})
    report = verify(record(documents=[LICENCE, EXPIRED_JY]), as_of=AS_OF, policy=policy)
    assert report.codes == ("license.expired",)
    assert report.decision is P
    assert report.passed


# --------------------------------------------------------------------------- the report


def of_severity(severity: str) -> Finding:
    """A finding of an error, a warning or an info code."""
    if severity == "error":
        return Finding.of("merchant.uscc_missing", subject="s", subject_zh="s")
    if severity == "warning":
        return Finding.of("record.invalid_value", field="f", reason="r")
    return Finding.of("regno.superseded")


def made(*items: tuple[str, Decision, tuple[str | int, ...]]) -> Report:
    """A report holding findings given as (severity, decision, path)."""
    findings = tuple(
        ReportFinding.of(dataclasses.replace(of_severity(severity), path=path), decision, "test")
        for severity, decision, path in items
    )
    decision = combine(finding.decision for finding in findings)
    return verify(record(), as_of=AS_OF).model_copy(
        update={"findings": findings, "decision": decision}
    )


BEST_CASES = [
    # (findings as (severity, decision, path), index of the best one)
    ([], None),
    ([("warning", R, ("a",))], 0),
    ([("warning", R, ("a",)), ("error", F, ("b",))], 1),  # fail first
    ([("error", R, ("a", 1, "b")), ("warning", R, ("a",))], 0),  # then severity
    ([("warning", R, ("a", 1, "b")), ("warning", R, ("a",))], 1),  # then the shallowest path
    ([("warning", R, ("a",)), ("warning", R, ("b",))], 0),  # then report order
    ([("info", P, ()), ("warning", P, ("a", 0))], 1),  # all pass: severity decides
    ([("error", P, ()), ("info", R, ("a",))], 1),  # a policy decision beats severity
]


@pytest.mark.parametrize(("items", "best"), BEST_CASES)
def test_best_finding(
    items: list[tuple[str, Decision, tuple[str | int, ...]]], best: int | None
) -> None:
    report = made(*items)
    if best is None:
        assert report.best_finding is None
    else:
        assert report.best_finding is report.findings[best]


def test_by_path_and_json_path() -> None:
    report = made(
        ("warning", R, ("documents", 1, "validity")),
        ("error", F, ()),
        ("warning", R, ("documents", 1, "validity")),
        ("info", P, ("shops", 0, "name")),
    )
    grouped = report.by_path()
    assert list(grouped) == ["$.documents[1].validity", "$", "$.shops[0].name"]
    assert [f.code for f in grouped["$.documents[1].validity"]] == ["record.invalid_value"] * 2


def test_to_pydantic_errors() -> None:
    report = made(("error", F, ("uscc",)), ("info", P, ("x",)), ("warning", R, ("documents", 0)))
    errors = report.to_pydantic_errors()
    assert [(e["type"], e["loc"]) for e in errors] == [
        ("merchant.uscc_missing", ("uscc",)),
        ("record.invalid_value", ("documents", 0)),
    ]
    assert errors[1]["ctx"] == {"field": "f", "reason": "r"}
    assert errors[1]["msg"] == "Field 'f' could not be read: r"


def test_to_json_round_trip() -> None:
    report = verify(record(documents=[LICENCE, EXPIRED_JY]), as_of=AS_OF)
    text = report.to_json()
    data = json.loads(text)
    assert data["decision"] == "fail"
    assert data["as_of"] == "2026-03-15"
    assert data["qualcheck_version"] == qualcheck.__version__
    assert data["findings"][0]["json_path"] == "$.documents[1].validity.valid_to"
    assert data["findings"][0]["ctx"]["valid_to"] == "2024-12-31"
    again = Report.model_validate_json(text)
    assert again.to_json() == text
    assert again.decision is report.decision
    assert again.codes == report.codes
    assert again.findings[0].path == ("documents", 1, "validity", "valid_to")
    assert "\n" in report.to_json(indent=2)
    assert "食品经营许可证" in text  # readable UTF-8, no \u escapes


def test_report_fields() -> None:
    report = verify(record(), as_of=AS_OF)
    assert report.as_of == AS_OF
    assert report.merchant_id == "m-7"
    assert report.created_at.tzinfo is not None
    assert len(report.audit_id) == 32
    assert report.audit_id != verify(record(), as_of=AS_OF).audit_id


def test_raise_for_decision() -> None:
    passed = verify(record(), as_of=AS_OF)
    assert passed.raise_for_decision() is passed
    review = verify(record(documents=[]), as_of=AS_OF)
    assert review.decision is R
    with pytest.raises(VerificationFailed) as info:
        review.raise_for_decision()
    assert info.value.report is review
    assert review.raise_for_decision(allow_review=True) is review
    failed = verify(record(documents=[LICENCE, EXPIRED_JY]), as_of=AS_OF)
    for allow_review in (False, True):
        with pytest.raises(VerificationFailed) as info:
            failed.raise_for_decision(allow_review=allow_review)
        assert info.value.report is failed
    message = str(info.value)
    assert message.startswith("verification decision is fail: license.expired at $.documents[1]")
    assert isinstance(info.value, qualcheck.QualcheckError)


def test_input_digest() -> None:
    first = verify(record(), as_of=AS_OF).input_digest
    reordered = dict(reversed(list(record().items())))
    assert verify(reordered, as_of=AS_OF).input_digest == first  # canonical JSON
    assert verify(record(), as_of=datetime.date(2027, 1, 1)).input_digest == first
    assert verify(record(merchant_id="m-8"), as_of=AS_OF).input_digest != first
    assert verify(record(name=NAME + " "), as_of=AS_OF).input_digest != first  # as given
    assert len(first) == 64
    text = json.dumps(record())
    assert verify(text, as_of=AS_OF).input_digest == verify(text, as_of=AS_OF).input_digest
    # inputs that do not serialise still get a digest, and no exception
    for odd in ({1: "a", "b": 2}, {"x": {1, 2}}, object()):
        assert len(verify(odd, as_of=AS_OF).input_digest) == 64


def test_no_personal_data_in_the_report() -> None:
    rep_id = make_ric(birth_date=datetime.date(1988, 7, 6), rng=RNG)
    other_id = make_ric(birth_date=datetime.date(1991, 2, 3), rng=RNG)
    soft_id = make_invalid("ric", "region_unknown", rng=RNG)
    bad_id = make_invalid("ric", "checksum", rng=RNG)
    phone = "13800138000"
    data = {
        "subject_type": "natural_person",
        "name": "李四",
        "legal_representative": {"name": "李四", "id_number": rep_id},
        "contact_phone": phone,
        "declared_annual_turnover_yuan": 150_000,
        "documents": [
            {"kind": "identity", "number": other_id, "holder_name": "李四", "valid_to": "长期"},
            {"kind": "identity", "number": soft_id, "valid_to": "2020-01-01"},
            {"kind": "identity", "number": bad_id},
        ],
    }
    for as_given in (data, json.dumps(data), {**data, "contact_phone": "138 0013 800"}):
        report = verify(as_given, as_of=AS_OF)
        text = report.to_json() + repr(report) + str(report.to_pydantic_errors())
        for number in (rep_id, other_id, soft_id, bad_id):
            assert number not in text
            assert ric.mask(number) not in text  # not even masked
            assert number[6:14] not in text  # the birth date
        for birth in ("1988-07-06", "19880706", "1988年7月6日", "1991-02-03"):
            assert birth not in text
        for form in (phone, "+86" + phone, mask_phone(phone), "138 0013 800", "1380013800"):
            assert form not in text
    assert {
        "consistency.id_mismatch",
        "ric.region_unknown",
        "ric.checksum",
        "phone.invalid",
    } <= set(report.codes)


# --------------------------------------------------------------------------- API


def test_iter_findings_is_lazy() -> None:
    ran: list[str] = []

    def first(merchant: Merchant, context: Context) -> Iterator[Finding]:
        ran.append("first")
        yield finding("license.expiring_soon")
        yield finding("license.expired")

    def second(merchant: Merchant, context: Context) -> Iterator[Finding]:
        ran.append("second")
        yield finding("license.expired")

    verifier = Verifier(as_of=AS_OF, checks=[spec("first", first), spec("second", second)])
    stream = verifier.iter_findings(record())
    assert ran == []  # nothing runs before the first finding is asked for
    assert next(stream).code == "license.expiring_soon"
    assert ran == ["first"]
    assert [f.check for f in stream] == ["first", "second"]
    assert ran == ["first", "second"]


def test_iter_findings_matches_verify() -> None:
    data = record(documents=[LICENCE, EXPIRED_JY], uscc=make_invalid("uscc", "checksum", rng=RNG))
    streamed = iter_findings(data, as_of=AS_OF)
    assert isinstance(streamed, types.GeneratorType)
    assert tuple(streamed) == verify(data, as_of=AS_OF).findings


def china_clock(monkeypatch: pytest.MonkeyPatch, utc: datetime.datetime) -> None:
    """Make ``today()`` read the clock at ``utc``."""
    monkeypatch.setattr(_dates, "time", types.SimpleNamespace(time=utc.timestamp))
    monkeypatch.setattr(_dates, "_today", (0.0, 0.0, "", datetime.date.min))


def test_default_as_of_is_today_in_china(monkeypatch: pytest.MonkeyPatch) -> None:
    # 17:00 UTC on 14 March is already 01:00 on 15 March in China
    china_clock(monkeypatch, datetime.datetime(2026, 3, 14, 17, 0, tzinfo=datetime.timezone.utc))
    verifier = Verifier()
    assert verifier.verify(record()).as_of == datetime.date(2026, 3, 15)
    assert verify(record()).as_of == datetime.date(2026, 3, 15)
    # read at each verification, not when the verifier was made
    china_clock(monkeypatch, datetime.datetime(2026, 3, 15, 16, 0, tzinfo=datetime.timezone.utc))
    assert verifier.verify(record()).as_of == datetime.date(2026, 3, 16)


def test_use_verifier_default_versus_none(monkeypatch: pytest.MonkeyPatch) -> None:
    china_clock(monkeypatch, datetime.datetime(2026, 6, 1, 4, 0, tzinfo=datetime.timezone.utc))
    verifier = Verifier(as_of=AS_OF, policy=Policy(expiring_soon_days=90))
    jy = {**EXPIRED_JY, "valid_from": "2022-01-01", "valid_to": "2026-05-01"}  # 47 days left
    rows = [
        # (as_of, policy, as_of used, codes)
        # the verifier's date and its 90-day window
        (USE_VERIFIER_DEFAULT, USE_VERIFIER_DEFAULT, AS_OF, ("license.expiring_soon",)),
        # as_of=None means today (1 June 2026), not the verifier's date
        (None, USE_VERIFIER_DEFAULT, datetime.date(2026, 6, 1), ("license.expired",)),
        # policy=None means the bundled policy (30 days), not the verifier's
        (USE_VERIFIER_DEFAULT, None, AS_OF, ()),
        # explicit values win
        (datetime.date(2025, 1, 1), Policy(), datetime.date(2025, 1, 1), ()),
    ]
    for as_of, policy, used, codes in rows:
        report = verifier.verify(record(documents=[LICENCE, jy]), as_of=as_of, policy=policy)
        assert (report.as_of, report.codes) == (used, codes), (as_of, policy)
        streamed = verifier.iter_findings(
            record(documents=[LICENCE, jy]), as_of=as_of, policy=policy
        )
        assert tuple(f.code for f in streamed) == codes
    assert repr(USE_VERIFIER_DEFAULT) == "USE_VERIFIER_DEFAULT"
    assert Verifier().as_of is None
    assert Verifier().policy is DEFAULT_POLICY


def test_verify_accepts_a_merchant_model() -> None:
    m = Merchant.model_validate(record())
    report = verify(m, as_of=AS_OF)
    assert report.decision is P
    assert report.input_digest == verify(m, as_of=AS_OF).input_digest


def test_public_names() -> None:
    for name in ("verify", "iter_findings", "Verifier", "Report", "Policy", "Decision"):
        assert name in qualcheck.__all__
        assert getattr(qualcheck, name) is not None
    assert qualcheck.Severity is Severity


DOCS = Path(__file__).resolve().parents[1] / "docs" / "verify.md"


def json_blocks(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    return [json.loads(block.split("```")[0]) for block in text.split("```json\n")[1:]]


def test_the_documented_record_passes() -> None:
    record_example, policy_example = json_blocks(DOCS)
    report = verify(record_example, as_of=AS_OF)
    assert report.decision is P, report.codes
    assert report.merchant_id == "shop-20260315-0001"
    statuses = {check.name: check.status for check in report.checks}
    assert statuses.pop("registry") == "skipped"  # no registry given
    assert all(status == "passed" for status in statuses.values())
    policy = Policy(**policy_example)
    assert policy.expiring_soon_days == 60


EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "merchants.jsonl"


def _located_codes(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


@pytest.mark.parametrize(
    "example",
    [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line],
    ids=lambda example: str(example.get("merchant_id")),
)
def test_a_record_and_its_model_give_the_same_findings(example: dict[str, Any]) -> None:
    # A raw record is validated by the engine, which then runs only the numbers' soft
    # rules; a merchant model built elsewhere has its numbers validated again.
    as_of = datetime.date(2026, 11, 29)
    try:
        merchant = Merchant.model_validate(example)
    except ValidationError:
        pytest.skip("not readable as a whole: the engine salvages it")
    from_record, from_model = verify(example, as_of=as_of), verify(merchant, as_of=as_of)
    assert _located_codes(from_record) == _located_codes(from_model)
    assert from_record.decision is from_model.decision


def test_a_model_validated_today_is_judged_again_as_of_an_earlier_day() -> None:
    born = datetime.date(2025, 6, 1)
    person = {"name": "王五", "id_number": make_ric(birth_date=born, rng=random.Random(7))}
    merchant = Merchant.model_validate(record(legal_representative=person))
    earlier = datetime.date(2025, 1, 1)  # before the representative was born
    report = verify(merchant, as_of=earlier)
    assert "ric.birth_date_future" in report.codes
    assert report.decision is F
    raw = verify(record(legal_representative=person), as_of=earlier)
    assert raw.decision is not P
    assert any(f.json_path == "$.legal_representative.id_number" for f in raw.findings)


def test_assembled_results_equal_what_pydantic_builds() -> None:
    # The engine builds its result objects without model_construct's bookkeeping:
    # they must hold every field and be indistinguishable from pydantic-built ones.
    report = verify(record(documents=[LICENCE, EXPIRED_JY]), as_of=AS_OF)
    assert report.findings
    assert report.checks
    for obj in (report, *report.findings, *report.checks):
        cls = type(obj)
        assert set(obj.__dict__) == set(cls.model_fields)
        assert obj.model_fields_set == set(cls.model_fields)
        rebuilt = cls.model_construct(**obj.__dict__)
        assert obj == rebuilt
        assert repr(obj) == repr(rebuilt)
        assert obj.model_dump_json() == rebuilt.model_dump_json()
        with pytest.raises(ValidationError):  # still frozen
            obj.__setattr__(next(iter(cls.model_fields)), None)


def test_a_policy_files_category_policy_is_found_next_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    bundled = Path(qualcheck.__file__).parent / "data" / "categories.json"
    (folder / "categories.json").write_text(bundled.read_text(encoding="utf-8"), "utf-8")
    (folder / "policy.json").write_text('{"categories_file": "categories.json"}', "utf-8")
    monkeypatch.chdir(tmp_path)  # not the policy's folder
    policy = Policy.from_file(folder / "policy.json")
    assert policy.categories_file == folder / "categories.json"


def test_a_missing_category_policy_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="cannot read category policy"):
        Policy(categories_file=Path("/nonexistent/categories.json"))


def test_at_equals_dataclasses_replace() -> None:
    from qualcheck.checks import at

    finding = dataclasses.replace(
        Finding.of("uscc.checksum", position=18, expected="L", actual="M"), path=("uscc",)
    )
    assert at(finding, "documents", 0) == dataclasses.replace(
        finding, path=("documents", 0, "uscc")
    )
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "code",
        "severity",
        "message",
        "message_zh",
        "position",
        "rule",
        "ctx",
        "path",
    ]  # the order at() builds findings in


def test_as_of_may_be_a_datetime_standing_for_its_day_in_china() -> None:
    evening_utc = datetime.datetime(2026, 11, 28, 20, 0, tzinfo=datetime.timezone.utc)
    naive = datetime.datetime(2026, 11, 29, 23, 59)
    for as_of in (evening_utc, naive):
        report = verify(record(), as_of=as_of)
        assert report.as_of == datetime.date(2026, 11, 29)
        assert "engine.check_error" not in report.codes
    assert Verifier(as_of=naive).verify(record()).as_of == datetime.date(2026, 11, 29)


@pytest.mark.parametrize("as_of", ["2026-11-29", 20261129, 1.5])
def test_as_of_of_another_type_is_a_type_error_naming_it(as_of: Any) -> None:
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date"):
        verify(record(), as_of=as_of)
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date"):
        Verifier(as_of=as_of)
