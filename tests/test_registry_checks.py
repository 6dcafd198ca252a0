"""The engine with a registry: the ``registry.*`` checks, evidence, fail-closed paths.

The registries here are the testing toolkit's ``MockRegistry`` and small classes written
below — the protocol is all the engine needs (third-party registries plug in the same way).
"""

from __future__ import annotations

import asyncio
import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, Verifier, averify, verify
from qualcheck.dates import Validity
from qualcheck.registries import (
    ElementMatch,
    LookupResult,
    RegistryAbort,
    RegistryQuery,
    RegistryRecord,
)
from qualcheck.testing import MockRegistry, assert_finding, make_merchant, make_ric

AS_OF = datetime.date(2026, 11, 29)


def merchant(profile: str = "food_shop", seed: int = 7, **knobs: Any) -> dict[str, Any]:
    return make_merchant(profile, as_of=AS_OF, rng=random.Random(seed), **knobs)


def registered(record: dict[str, Any], **changes: Any) -> MockRegistry:
    registry = MockRegistry(name="test-registry")
    registry.add_merchant(record, **changes)
    return registry


def registry_codes(report: Any) -> list[str]:
    return [code for code in report.codes if code.startswith("registry.")]


@pytest.mark.parametrize(
    "profile",
    [
        "food_shop",
        "restaurant",
        "pharmacy",
        "device_seller",
        "certification_body",
        "testing_lab",
        "individual_business",
    ],
)
def test_a_matching_registry_record_passes(profile: str) -> None:
    record = merchant(profile)
    report = verify(record, as_of=AS_OF, registry=registered(record))
    assert report.decision is Decision.PASS, report.codes
    assert report.registry is not None
    assert (report.registry.source, report.registry.status) == ("test-registry", "found")
    outcome = {check.name: check.status for check in report.checks}
    assert outcome["registry"] == "passed"


def test_without_a_registry_the_check_is_skipped_and_says_why() -> None:
    report = verify(merchant(), as_of=AS_OF)
    assert report.decision is Decision.PASS
    skipped = {check.name: check.reason for check in report.checks if check.status == "skipped"}
    assert skipped["registry"] == "no registry configured"
    assert report.registry is None


def test_natural_persons_are_not_looked_up() -> None:
    registry = MockRegistry(default="not_found")
    report = verify(merchant("natural_person"), as_of=AS_OF, registry=registry)
    assert registry.calls == []
    assert "registry.not_found" not in report.codes


def test_an_unreadable_record_is_not_looked_up_and_is_never_passed() -> None:
    registry = MockRegistry()
    report = verify({"subject_type": 17}, as_of=AS_OF, registry=registry)
    assert registry.calls == []
    assert report.decision is not Decision.PASS


@pytest.mark.parametrize(
    ("outcome", "code", "decision"),
    [
        ("not_found", "registry.not_found", Decision.FAIL),
        ("revoked", "registry.status_revoked", Decision.FAIL),
        ("cancelled", "registry.status_cancelled", Decision.FAIL),
        ("suspended", "registry.status_suspended", Decision.REVIEW),
        ("status_unknown", "registry.status_unknown", Decision.REVIEW),
        ("former_name", "registry.name_former", Decision.REVIEW),
        ("legal_rep_changed", "registry.legal_rep_mismatch", Decision.REVIEW),
        ("unavailable", "registry.unavailable", Decision.REVIEW),
        ("timeout", "registry.unavailable", Decision.REVIEW),
        ("malformed", "registry.unavailable", Decision.REVIEW),
    ],
)
def test_forced_outcomes_give_their_finding(outcome: str, code: str, decision: Decision) -> None:
    record = merchant()
    registry = registered(record)
    registry.force(record["uscc"], outcome)
    report = verify(record, as_of=AS_OF, registry=registry)
    assert registry_codes(report) == [code]
    assert report.decision is decision
    finding = assert_finding(report, code)
    assert finding.ctx["source"] == "test-registry"
    datetime.datetime.fromisoformat(finding.ctx["fetched_at"])  # evidence: when it was asked


@pytest.mark.parametrize("outcome", ["auth_failure", "quota_exhausted"])
def test_aborts_stop_the_verification(outcome: str) -> None:
    record = merchant()
    registry = registered(record)
    registry.force(record["uscc"], outcome)
    with pytest.raises(RegistryAbort) as raised:
        verify(record, as_of=AS_OF, registry=registry)
    assert raised.value.reason in {"auth", "quota"}


def test_failed_lookup_evidence_names_the_reason() -> None:
    record = merchant()
    registry = registered(record)
    registry.force(record["uscc"], "timeout")
    report = verify(record, as_of=AS_OF, registry=registry)
    finding = assert_finding(report, "registry.unavailable")
    assert finding.ctx["reason"] == "timeout"
    assert "timeout" in finding.message
    assert finding.message_zh.endswith("未能给出结果（超时），需要人工复核。")
    assert report.registry is not None
    assert report.registry.status == "failed"


@pytest.mark.parametrize(
    ("reason", "zh"),
    [("http_503", "HTTP状态码503"), ("circuit_open", "熔断"), ("some_new_word", "some_new_word")],
)
def test_failure_reasons_are_said_in_chinese_where_known(reason: str, zh: str) -> None:
    from qualcheck.registries import LookupResult

    record = merchant()

    class Failing(MockRegistry):
        def lookup(self, query: Any) -> LookupResult:
            return LookupResult.failed(self.name, reason, "a detail")

    report = verify(record, as_of=AS_OF, registry=Failing())
    finding = assert_finding(report, "registry.unavailable")
    assert finding.ctx["reason"] == reason
    assert zh in finding.message_zh


def test_a_name_that_is_not_a_former_name_fails() -> None:
    record = merchant()
    report = verify(record, as_of=AS_OF, registry=registered(record, name="另一家示例有限公司"))
    finding = assert_finding(report, "registry.name_mismatch")
    assert finding.path == ("name",)
    assert finding.ctx["registry_name"] == "另一家示例有限公司"
    assert report.decision is Decision.FAIL


@pytest.mark.parametrize(
    ("registered_name", "code", "decision"),
    [
        ("杭州示例优选食品有限公司", "registry.name_similar", "review"),  # the place short
        ("示例优选食品（杭州）有限公司", "registry.name_similar", "review"),  # in brackets
        ("杭州市示例優選食品有限公司", "registry.name_similar", "review"),  # traditional
        ("宁波市示例优选食品有限公司", "registry.name_mismatch", "fail"),  # another city
    ],
)
def test_a_registered_name_written_otherwise_is_similar(
    registered_name: str, code: str, decision: str
) -> None:
    record = merchant()
    record["name"] = "杭州市示例优选食品有限公司"
    for document in record["documents"]:
        document["holder_name"] = record["name"]
    report = verify(record, as_of=AS_OF, registry=registered(record, name=registered_name))
    finding = assert_finding(report, code)
    assert finding.path == ("name",)
    assert finding.ctx["registry_name"] == registered_name
    assert report.decision.value == decision


def test_names_are_compared_after_normalisation() -> None:
    record = merchant()
    shown = record["name"].replace("有限公司", " 有限 公司 ")
    report = verify(record, as_of=AS_OF, registry=registered(record, name=shown))
    assert registry_codes(report) == []


def test_a_different_uscc_in_the_registry_fails() -> None:
    record = merchant()
    other = merchant(seed=99)["uscc"]
    report = verify(record, as_of=AS_OF, registry=registered(record, uscc=other))
    # the mock finds the entity by name; the registry's USCC is not the declared one
    registry = MockRegistry(name="test-registry")
    registry.add_merchant(record, uscc=other)
    report = verify(record, as_of=AS_OF, registry=registry)
    finding = assert_finding(report, "registry.uscc_mismatch")
    assert finding.ctx["registry_uscc"] == other


def test_one_of_several_legal_representatives_is_enough() -> None:
    record = merchant()
    rep = record["legal_representative"]["name"]
    registry = registered(record, legal_representative=f"某某、{rep}")
    assert registry_codes(verify(record, as_of=AS_OF, registry=registry)) == []


def test_an_ended_operating_term_asks_for_review() -> None:
    record = merchant()
    registry = registered(record, term_from="2006-01-01", term_to="2026-01-01")
    report = verify(record, as_of=AS_OF, registry=registry)
    assert registry_codes(report) == ["registry.term_expired"]
    assert report.decision is Decision.REVIEW


def test_a_long_term_operating_term_is_fine() -> None:
    record = merchant()
    registry = registered(record, term_from="2006-01-01", term_to="长期")
    assert registry_codes(verify(record, as_of=AS_OF, registry=registry)) == []


def test_a_scope_without_the_category_keywords_asks_for_review() -> None:
    record = merchant("pharmacy")
    registry = registered(record, scope="计算机软件开发；技术服务")
    report = verify(record, as_of=AS_OF, registry=registry)
    findings = [f for f in report.findings if f.code == "registry.scope_not_covering"]
    assert findings
    assert all(f.path[0] == "categories" for f in findings)
    assert report.decision is Decision.REVIEW


def test_licence_missing_from_the_listing_asks_for_review() -> None:
    record = merchant()
    registry = registered(record, licenses=())
    report = verify(record, as_of=AS_OF, registry=registry)
    finding = assert_finding(report, "registry.license_not_found")
    assert finding.path[0] == "documents"
    assert finding.path[-1] == "number"
    assert report.decision is Decision.REVIEW


def test_licence_ended_in_the_registry_fails() -> None:
    record = merchant()
    licence = next(doc for doc in record["documents"] if doc["kind"] == "food_business")
    registry = registered(
        record,
        licenses=[
            {
                "number": licence["number"],
                "kind": "food_business",
                "valid_from": "2019-01-01",
                "valid_to": "2024-01-01",
            }
        ],
    )
    report = verify(record, as_of=AS_OF, registry=registry)
    finding = assert_finding(report, "registry.license_expired")
    assert finding.ctx["valid_to"] == "2024-01-01"
    assert report.decision is Decision.FAIL


def _listed_with_status(status: str | None, valid_to: str | None = None) -> Any:
    record = merchant()
    licence = next(doc for doc in record["documents"] if doc["kind"] == "food_business")
    listing = {
        "number": licence["number"],
        "kind": "food_business",
        "valid_from": "2020-01-02",
        "valid_to": valid_to or licence["valid_to"],  # the document's own end by default
        "status_raw": status,
    }
    return verify(record, as_of=AS_OF, registry=registered(record, licenses=[listing]))


@pytest.mark.parametrize(
    ("status", "code", "decision"),
    [
        ("有效", None, Decision.PASS),
        ("正常（未吊销）", None, Decision.PASS),
        ("In force", None, Decision.PASS),
        (None, None, Decision.PASS),
        ("暂无", None, Decision.PASS),
        ("吊销", "registry.license_revoked", Decision.FAIL),
        ("已撤回", "registry.license_revoked", Decision.FAIL),
        ("暂停生产经营", "registry.license_suspended", Decision.REVIEW),
        ("注销中", "registry.license_suspended", Decision.REVIEW),
        ("Suspended", "registry.license_suspended", Decision.REVIEW),
        ("待审核", "registry.license_status_unknown", Decision.REVIEW),
        ("未生效", "registry.license_status_unknown", Decision.REVIEW),
        ("变更中", "registry.license_status_unknown", Decision.REVIEW),
        ("X-17", "registry.license_status_unknown", Decision.REVIEW),
    ],
)
def test_a_listed_licence_status_is_read_and_never_guessed_in_force(
    status: str | None, code: str | None, decision: Decision
) -> None:
    report = _listed_with_status(status)
    assert registry_codes(report) == ([code] if code else [])
    assert report.decision is decision
    if code:
        finding = assert_finding(report, code)
        assert finding.ctx["status_raw"] == status
        assert finding.path[0] == "documents"


@pytest.mark.parametrize(
    ("status", "codes"),
    [
        ("待审核", ["registry.license_status_unknown", "registry.license_expired"]),
        ("暂停", ["registry.license_suspended", "registry.license_expired"]),
        ("有效", ["registry.license_expired"]),
        ("吊销", ["registry.license_revoked"]),
    ],
)
def test_a_licence_status_short_of_ended_does_not_hide_an_expired_end(
    status: str, codes: list[str]
) -> None:
    report = _listed_with_status(status, valid_to="2025-01-01")
    assert registry_codes(report) == codes
    assert report.decision is Decision.FAIL


def test_licence_kinds_the_registry_does_not_cover_are_not_judged() -> None:
    record = merchant()
    registry = MockRegistry(name="no-licences", license_kinds=())
    registry.add_merchant(record, licenses=())
    report = verify(record, as_of=AS_OF, registry=registry)
    assert registry_codes(report) == []
    assert registry.calls[0].license_kinds == ()


class ElementOnly:
    """A verification-only source (三要素核验): it confirms elements, returns no data."""

    name = "elements"
    license_kinds: frozenset[str] = frozenset()

    def __init__(self, matches: ElementMatch) -> None:
        self.matches = matches

    def lookup(self, query: RegistryQuery) -> LookupResult:
        return LookupResult.found(
            RegistryRecord(matches=self.matches, source=self.name, request_id="req-1")
        )

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        return self.lookup(query)


@pytest.mark.parametrize(
    ("matches", "codes"),
    [
        (ElementMatch(uscc=True, name=True, legal_representative=True), []),
        (
            ElementMatch(uscc=True, name=False, legal_representative=True),
            ["registry.name_mismatch"],
        ),
        (
            ElementMatch(uscc=True, name=False, legal_representative=True, former_name=True),
            ["registry.name_former"],
        ),
        (
            ElementMatch(uscc=True, name=True, legal_representative=False),
            ["registry.legal_rep_mismatch"],
        ),
        (ElementMatch(uscc=False), ["registry.uscc_mismatch"]),
        (ElementMatch(), ["registry.elements_unconfirmed"]),
    ],
)
def test_element_verification_verdicts(matches: ElementMatch, codes: list[str]) -> None:
    report = verify(merchant(), as_of=AS_OF, registry=ElementOnly(matches))
    assert registry_codes(report) == codes
    for finding in report.findings:
        if finding.code.startswith("registry."):
            assert finding.ctx["request_id"] == "req-1"


class Broken:
    name = "broken"
    license_kinds: frozenset[str] = frozenset()

    def lookup(self, query: RegistryQuery) -> LookupResult:
        raise RuntimeError("bug in a third-party registry")

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        raise KeyError("bug")


def test_a_registry_that_raises_is_a_failed_lookup_not_a_crash() -> None:
    report = verify(merchant(), as_of=AS_OF, registry=Broken())
    assert registry_codes(report) == ["registry.unavailable"]
    assert assert_finding(report, "registry.unavailable").ctx["reason"] == "provider_error"
    assert report.decision is Decision.REVIEW
    areport = asyncio.run(averify(merchant(), as_of=AS_OF, registry=Broken()))
    assert registry_codes(areport) == ["registry.unavailable"]


def test_averify_asks_alookup_and_reports_like_verify() -> None:
    record = merchant("pharmacy")
    registry = registered(record)
    registry.force(record["uscc"], "revoked")
    sync = verify(record, as_of=AS_OF, registry=registry)
    done = asyncio.run(Verifier(as_of=AS_OF, registry=registry).averify(record))
    assert done.codes == sync.codes
    assert done.decision is Decision.FAIL


def test_iter_findings_asks_the_registry() -> None:
    record = merchant()
    registry = registered(record)
    registry.force(record["uscc"], "cancelled")
    codes = [f.code for f in Verifier(as_of=AS_OF, registry=registry).iter_findings(record)]
    assert codes == ["registry.status_cancelled"]


def test_a_per_call_registry_overrides_the_verifiers() -> None:
    record = merchant()
    verifier = Verifier(as_of=AS_OF, registry=MockRegistry(default="not_found"))
    assert "registry.not_found" in verifier.verify(record).codes
    assert verifier.verify(record, registry=None).registry is None
    assert verifier.verify(record, registry=registered(record)).decision is Decision.PASS


def test_the_query_carries_the_declared_elements_and_licence_kinds() -> None:
    record = merchant("pharmacy")
    registry = registered(record)
    verify(record, as_of=AS_OF, registry=registry)
    (query,) = registry.calls
    assert query.uscc == record["uscc"]
    assert query.name == record["name"]
    assert query.legal_representative == record["legal_representative"]["name"]
    kinds = {doc["kind"] for doc in record["documents"]} - {"business_license", "identity"}
    assert set(query.license_kinds) == kinds


def test_the_uscc_comes_from_the_business_licence_when_the_record_has_none() -> None:
    record = merchant()
    uscc = record.pop("uscc")
    registry = MockRegistry()
    registry.add_merchant({**record, "uscc": uscc})
    verify(record, as_of=AS_OF, registry=registry)
    assert registry.calls[0].uscc == uscc


def test_the_report_json_carries_the_registry_evidence() -> None:
    record = merchant()
    report = verify(record, as_of=AS_OF, registry=registered(record))
    data = report.model_dump(mode="json")
    assert data["registry"]["source"] == "test-registry"
    assert data["registry"]["status"] == "found"


def test_a_verification_source_that_reports_a_bad_status_still_fails() -> None:
    class Revoked(ElementOnly):
        def lookup(self, query: RegistryQuery) -> LookupResult:
            return LookupResult.found(
                RegistryRecord(
                    status="吊销，未注销",  # type: ignore[arg-type]
                    matches=ElementMatch(uscc=True, name=True, legal_representative=True),
                    source=self.name,
                )
            )

    report = verify(merchant(), as_of=AS_OF, registry=Revoked(ElementMatch()))
    assert registry_codes(report) == ["registry.status_revoked"]


def test_an_info_source_without_a_status_asks_for_review() -> None:
    record = merchant()
    registry = MockRegistry(name="no-status")
    registry.add_merchant(record, status=None, status_raw=None)
    report = verify(record, as_of=AS_OF, registry=registry)
    assert registry_codes(report) == ["registry.status_unknown"]


class Fixed:
    """A source that answers every query with the same found record."""

    name = "fixed"
    license_kinds: frozenset[str] = frozenset()

    def __init__(self, **fields: Any) -> None:
        self.record = RegistryRecord(**fields, source=self.name, request_id="req-2")

    def lookup(self, query: RegistryQuery) -> LookupResult:
        return LookupResult.found(self.record)

    async def alookup(self, query: RegistryQuery) -> LookupResult:
        return self.lookup(query)


OTHER_USCC = merchant(seed=99)["uscc"]


@pytest.mark.parametrize(
    ("declare_uscc", "fields", "codes", "decision"),
    [
        # a status alone identifies nothing: never a pass
        (True, {"status": "存续"}, ["registry.elements_unconfirmed"], Decision.REVIEW),
        (False, {"status": "存续"}, ["registry.elements_unconfirmed"], None),
        (
            True,
            {"status": "存续", "registration_number": "350100100012345"},
            ["registry.elements_unconfirmed"],
            Decision.REVIEW,
        ),
        (
            True,
            {"status": "吊销，未注销"},
            ["registry.status_revoked", "registry.elements_unconfirmed"],
            Decision.FAIL,
        ),
        # a USCC is compared with the declared one …
        (True, {"status": "存续", "uscc": "<declared>"}, [], Decision.PASS),
        (True, {"status": "存续", "uscc": OTHER_USCC}, ["registry.uscc_mismatch"], Decision.FAIL),
        # … or, without one on the record, with the business licence's number
        (False, {"status": "存续", "uscc": "<declared>"}, [], Decision.PASS),
        (False, {"status": "存续", "registration_number": "<declared>"}, [], Decision.PASS),
        (False, {"status": "存续", "uscc": OTHER_USCC}, ["registry.uscc_mismatch"], Decision.FAIL),
    ],
)
def test_a_found_record_that_identifies_nothing_is_never_passed(
    declare_uscc: bool, fields: dict[str, Any], codes: list[str], decision: Decision | None
) -> None:
    record = merchant()
    declared = record["uscc"]
    if not declare_uscc:
        del record["uscc"]  # the business licence still carries the number
    fields = {key: declared if value == "<declared>" else value for key, value in fields.items()}
    report = verify(record, as_of=AS_OF, registry=Fixed(**fields))
    assert registry_codes(report) == codes
    if decision is not None:
        assert report.decision is decision
    for finding in report.findings:
        if finding.code.startswith("registry."):
            assert finding.ctx["request_id"] == "req-2"


# ------------------------------------------------------ the licence as the registry lists it


def _licence_listed(record: dict[str, Any], kind: str, **update: Any) -> MockRegistry:
    """A registry that lists ``record`` as it is, but its ``kind`` licence with ``update``."""
    registry = MockRegistry(name="test-registry")
    base = registry.add_merchant(record)
    licences = tuple(
        licence.model_copy(update=update) if licence.kind == kind else licence
        for licence in base.licenses
    )
    registry.add(base.model_copy(update={"licenses": licences}))
    return registry


def _food_doc(record: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return next((i, d) for i, d in enumerate(record["documents"]) if d["kind"] == "food_business")


def test_a_licence_the_registry_lists_with_a_narrower_scope_is_reviewed() -> None:
    record = merchant()  # declares prepackaged_food and bulk_food; the licence lists both
    index, _ = _food_doc(record)
    registry = _licence_listed(record, "food_business", scope="预包装食品销售（含冷藏冷冻食品）")
    report = verify(record, as_of=AS_OF, registry=registry)
    assert registry_codes(report) == ["registry.license_scope_not_covering"]
    assert report.decision is Decision.REVIEW
    finding = assert_finding(report, "registry.license_scope_not_covering")
    assert finding.path == ("documents", index, "scope")
    assert finding.ctx["category"] == "bulk_food"
    assert finding.ctx["entry"] == record["categories"].index("bulk_food")
    assert finding.ctx["document"] == index
    assert finding.ctx["registry_scope"] == "预包装食品销售（含冷藏冷冻食品）"
    assert finding.ctx["source"] == "test-registry"
    assert "散装食品" in finding.message_zh
    assert "预包装食品销售（含冷藏冷冻食品）" in finding.message_zh


@pytest.mark.parametrize(
    "scope",
    [
        None,
        "",
        "   ",
        "预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）；网络经营",
        "预包装食品销售,散装食品销售",
        "預包裝食品銷售；散裝食品銷售",  # traditional characters read as simplified
        "食品经营许可证",  # names no scope word of the policy: says nothing to compare
        "食品销售经营者（网络经营）",
    ],
)
def test_a_listed_scope_that_covers_or_says_nothing_comparable_is_fine(scope: str | None) -> None:
    record = merchant()
    report = verify(
        record, as_of=AS_OF, registry=_licence_listed(record, "food_business", scope=scope)
    )
    assert registry_codes(report) == []
    assert report.decision is Decision.PASS


def test_a_listed_exclusion_of_the_declared_goods_is_read() -> None:
    record = merchant()
    _, document = _food_doc(record)
    document["scope"] = "预包装食品销售；散装食品销售（含散装熟食）"
    record["categories"] = ["散装熟食"]
    listed = "预包装食品销售；散装食品销售（不含散装熟食）"
    report = verify(
        record, as_of=AS_OF, registry=_licence_listed(record, "food_business", scope=listed)
    )
    assert registry_codes(report) == ["registry.license_scope_not_covering"]
    assert assert_finding(report, "registry.license_scope_not_covering").ctx["entry"] == 0
    record["categories"] = ["散装食品"]  # the bulk food it does not exclude
    report = verify(
        record, as_of=AS_OF, registry=_licence_listed(record, "food_business", scope=listed)
    )
    assert registry_codes(report) == []


def test_a_category_the_document_does_not_cover_either_is_left_to_coverage() -> None:
    record = merchant()
    _, document = _food_doc(record)
    document["scope"] = "预包装食品销售"
    registry = _licence_listed(record, "food_business", scope="预包装食品销售（含冷藏冷冻食品）")
    report = verify(record, as_of=AS_OF, registry=registry)
    assert "category.scope_not_covering" in report.codes
    assert registry_codes(report) == []


def test_an_ended_licence_is_not_compared_by_scope() -> None:
    record = merchant()
    registry = _licence_listed(record, "food_business", scope="预包装食品销售", status_raw="吊销")
    report = verify(record, as_of=AS_OF, registry=registry)
    assert registry_codes(report) == ["registry.license_revoked"]


def test_a_drug_licence_listed_without_prescription_drugs_is_reviewed_for_them() -> None:
    record = merchant("pharmacy")
    index = next(i for i, d in enumerate(record["documents"]) if d["kind"] == "drug_business")
    record["documents"][index]["scope"] = "处方药；非处方药；中成药；化学药"
    registry = _licence_listed(record, "drug_business", scope="非处方药；中成药；化学药")
    report = verify(record, as_of=AS_OF, registry=registry)
    assert registry_codes(report) == ["registry.license_scope_not_covering"]
    finding = assert_finding(report, "registry.license_scope_not_covering")
    assert finding.ctx["category"] == "prescription_drugs"
    assert finding.path == ("documents", index, "scope")


def test_a_quoted_registry_scope_is_short_and_masked() -> None:
    record = merchant()
    person = make_ric(rng=random.Random(3))
    listed = f"预包装食品销售（联系人{person}）；" + "日用百货销售；" * 60
    report = verify(
        record, as_of=AS_OF, registry=_licence_listed(record, "food_business", scope=listed)
    )
    shown = assert_finding(report, "registry.license_scope_not_covering").ctx["registry_scope"]
    assert len(shown) <= 200
    assert shown.endswith("…")
    assert person not in shown
    assert person not in report.to_json()


@pytest.mark.parametrize(
    ("listed", "document_to", "claimed"),
    [
        ({"valid_from": "2020-01-01", "valid_to": "2027-06-30"}, None, "<document>"),
        ({"valid_from": "2020-01-01", "valid_to": "2031-05-30"}, "2031-05-31", "2031-05-31"),
        ({"valid_from": "2020-01-01", "valid_to": "2030-01-01"}, "长期", "long-term"),
        ({"valid_from": "2020-01-01", "valid_to": "2039-01-01"}, None, None),
        ({"valid_from": "2020-01-01", "valid_to": "2031-05-31"}, "2031-05-31", None),
        ({"valid_from": "2020-01-01", "long_term": True}, None, None),
        ({"valid_from": "2020-01-01"}, None, None),
    ],
)
def test_a_document_valid_longer_than_its_registered_licence_is_reviewed(
    listed: dict[str, Any], document_to: str | None, claimed: str | None
) -> None:
    record = merchant()
    index, document = _food_doc(record)
    if document_to is not None:
        document["valid_to"] = document_to
    registry = _licence_listed(record, "food_business", validity=Validity(**listed))
    report = verify(record, as_of=AS_OF, registry=registry)
    if claimed is None:
        assert registry_codes(report) == []
        return
    assert registry_codes(report) == ["registry.license_validity_mismatch"]
    finding = assert_finding(report, "registry.license_validity_mismatch")
    assert finding.path == ("documents", index, "validity")
    assert finding.ctx["registry_valid_to"] == listed["valid_to"]
    if claimed == "<document>":
        claimed = datetime.datetime.strptime(document["valid_to"], "%Y/%m/%d").date().isoformat()
    assert finding.ctx["document_valid_to"] == claimed
    assert finding.ctx["document_valid_to_zh"] == ("长期" if claimed == "long-term" else claimed)
    assert report.decision is not Decision.PASS


def test_a_registered_end_already_past_is_an_expired_licence_not_a_mismatch() -> None:
    record = merchant()
    ended = Validity(valid_from="2020-01-01", valid_to="2025-01-01")
    report = verify(
        record, as_of=AS_OF, registry=_licence_listed(record, "food_business", validity=ended)
    )
    assert registry_codes(report) == ["registry.license_expired"]


@pytest.mark.parametrize(
    ("profile", "kind", "scope", "categories", "listed", "category"),
    [
        # 热食类食品制售 names no keyword of the policy, but it is an item of the document's
        # scope too: the listing is a scope, and it leaves out pre-packaged food
        (
            "restaurant",
            "food_business",
            "热食类食品制售；预包装食品销售",
            ["catering", "prepackaged_food"],
            "热食类食品制售",
            "prepackaged_food",
        ),
        # a filing listed without the health food its document includes
        (
            "individual_business",
            "food_filing",
            "预包装食品（含保健食品）销售",
            ["prepackaged_food", "health_food"],
            "预包装食品销售",
            "health_food",
        ),
    ],
)
def test_a_listing_in_the_documents_terms_is_compared(
    profile: str, kind: str, scope: str, categories: list[str], listed: str, category: str
) -> None:
    record = merchant(profile)
    index = next(i for i, d in enumerate(record["documents"]) if d["kind"] == kind)
    record["documents"][index]["scope"] = scope
    record["categories"] = categories
    report = verify(record, as_of=AS_OF, registry=_licence_listed(record, kind, scope=listed))
    assert registry_codes(report) == ["registry.license_scope_not_covering"]
    finding = assert_finding(report, "registry.license_scope_not_covering")
    assert (finding.ctx["category"], finding.ctx["entry"]) == (category, 1)
    assert finding.path == ("documents", index, "scope")
    same = _licence_listed(record, kind, scope=scope)  # as the document says: confirmed
    assert registry_codes(verify(record, as_of=AS_OF, registry=same)) == []


@pytest.mark.parametrize("listed", ["准予许可", "食品经营许可证新办", "延续", "食品经营许可"])
def test_a_listing_that_states_a_decision_or_a_title_is_not_compared(listed: str) -> None:
    record = merchant()
    report = verify(
        record, as_of=AS_OF, registry=_licence_listed(record, "food_business", scope=listed)
    )
    assert registry_codes(report) == []
    _, document = _food_doc(record)
    del document["scope"]  # not even against a document that states none
    report = verify(
        record, as_of=AS_OF, registry=_licence_listed(record, "food_business", scope=listed)
    )
    assert registry_codes(report) == []
