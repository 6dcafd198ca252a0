"""Lifecycle: what a subject must hold for what it is, and when it is due for re-verification."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, verify
from qualcheck.checks import CheckSkipped, Context
from qualcheck.checks.lifecycle import reverification, subject
from qualcheck.models import Merchant
from qualcheck.policy import Policy
from qualcheck.testing import make_invalid, make_ric, make_uscc

AS_OF = datetime.date(2026, 3, 15)
RNG = random.Random(2603)
USCC = make_uscc(entity_type="1", region="330106", rng=RNG)
PERSON_ID = make_ric(rng=RNG)
LICENCE = {"kind": "business_license", "number": USCC, "valid_to": "长期"}


def record(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "subject_type": "enterprise",
        "name": "杭州示例电子商务有限公司",
        "uscc": USCC,
        "documents": [LICENCE],
    }
    base.update(fields)
    return base


def person(**fields: Any) -> dict[str, Any]:
    """A natural-person seller, identified by the ID number, within the exemption."""
    base: dict[str, Any] = {
        "subject_type": "natural_person",
        "name": "李四",
        "legal_representative": {"name": "李四", "id_number": PERSON_ID},
        "declared_annual_turnover_yuan": 20_000,
    }
    base.update(fields)
    return base


def shops(*turnovers: float | str | None) -> list[dict[str, Any]]:
    return [
        {"shop_id": f"s{i}", "platform": "示例平台", "annual_turnover_yuan": value}
        for i, value in enumerate(turnovers)
    ]


def found(
    data: dict[str, Any], *, policy: Policy | None = None, as_of: datetime.date = AS_OF
) -> list[tuple[str, str]]:
    m = Merchant.model_validate(data)
    out = []
    for finding in subject(m, Context(as_of=as_of, policy=policy or Policy())):
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in finding.path)
        out.append((finding.code, path))
    return out


SUBJECT_CASES: list[tuple[str, dict[str, Any], Policy | None, list[tuple[str, str]]]] = [
    # an enterprise with its USCC and business licence
    ("enterprise-complete", record(), None, []),
    # no USCC and no licence
    (
        "enterprise-nothing",
        record(uscc=None, documents=[]),
        None,
        [
            ("merchant.uscc_missing", "$.uscc"),
            ("document.business_license_missing", "$.documents"),
        ],
    ),
    # the USCC without the licence itself: a warning
    (
        "licence-missing",
        record(documents=[]),
        None,
        [("document.business_license_missing", "$.documents")],
    ),
    # the licence without the USCC on the record: the licence's number is the USCC
    ("uscc-on-the-licence-only", record(uscc=None), None, []),
    # every registered subject type needs a USCC
    (
        "branch",
        record(subject_type="分公司", uscc=None, documents=[]),
        None,
        [
            ("merchant.uscc_missing", "$.uscc"),
            ("document.business_license_missing", "$.documents"),
        ],
    ),
    (
        "individual-business",
        record(subject_type="个体工商户", uscc=None, documents=[]),
        None,
        [
            ("merchant.uscc_missing", "$.uscc"),
            ("document.business_license_missing", "$.documents"),
        ],
    ),
    (
        "cooperative",
        record(subject_type="cooperative", uscc=None, documents=[]),
        None,
        [
            ("merchant.uscc_missing", "$.uscc"),
            ("document.business_license_missing", "$.documents"),
        ],
    ),
    (
        "other",
        record(subject_type="其他组织", uscc=None, documents=[]),
        None,
        [
            ("merchant.uscc_missing", "$.uscc"),
            ("document.business_license_missing", "$.documents"),
        ],
    ),
    # a natural person needs neither USCC nor licence
    ("natural-person", person(), None, []),
    # ... but an identity: an identity document is enough
    (
        "natural-person-identity-document",
        person(
            legal_representative=None,
            documents=[{"kind": "identity", "number": PERSON_ID, "holder_name": "李四"}],
        ),
        None,
        [],
    ),
    # the person's name without an ID number is not
    (
        "natural-person-no-identity",
        person(legal_representative={"name": "李四"}),
        None,
        [("merchant.identity_missing", "$")],
    ),
    # no person at all
    (
        "natural-person-no-person",
        person(legal_representative=None),
        None,
        [("merchant.identity_missing", "$")],
    ),
    # turnover not declared: the exemption cannot be checked
    (
        "turnover-unknown",
        person(declared_annual_turnover_yuan=None),
        None,
        [("merchant.turnover_unknown", "$.declared_annual_turnover_yuan")],
    ),
    # exactly at the limit: still exempt ("not more than 100,000 yuan")
    ("turnover-at-limit", person(declared_annual_turnover_yuan=100_000), None, []),
    # a fen above the limit
    (
        "turnover-over-limit",
        person(declared_annual_turnover_yuan="100000.01"),
        None,
        [("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan")],
    ),
    # well above
    (
        "turnover-far-over",
        person(declared_annual_turnover_yuan=1_500_000),
        None,
        [("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan")],
    ),
    # a platform with a lower limit in its policy
    (
        "policy-limit",
        person(declared_annual_turnover_yuan=60_000),
        Policy(turnover_limit_yuan=50_000),
        [("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan")],
    ),
    # the shops' turnovers are summed when no total is declared: 60k + 50k > 100k
    (
        "shops-summed-over",
        person(declared_annual_turnover_yuan=None, shops=shops(60_000, 50_000)),
        None,
        [("merchant.exemption_exceeded", "$.shops")],
    ),
    # 40k + 60k = 100k: at the limit
    (
        "shops-summed-at-limit",
        person(declared_annual_turnover_yuan=None, shops=shops(40_000, "60000.00")),
        None,
        [],
    ),
    # one shop's turnover unknown: the sum is unknown
    (
        "shops-one-unknown",
        person(declared_annual_turnover_yuan=None, shops=shops(40_000, None)),
        None,
        [("merchant.turnover_unknown", "$.declared_annual_turnover_yuan")],
    ),
    # a declared total is taken when the shops do not show more
    (
        "declared-total",
        person(declared_annual_turnover_yuan=90_000, shops=shops(40_000, 50_000)),
        None,
        [],
    ),
    # ... but not below what its own shops add up to: they add up (art. 8)
    (
        "declared-below-its-shops",
        person(declared_annual_turnover_yuan=90_000, shops=shops(80_000, 80_000)),
        None,
        [("merchant.exemption_exceeded", "$.shops")],
    ),
    # one shop over the limit is enough, whatever the others did
    (
        "one-shop-over-one-unknown",
        person(declared_annual_turnover_yuan=None, shops=shops(120_000, None)),
        None,
        [("merchant.exemption_exceeded", "$.shops")],
    ),
    # the known part under the limit, the rest unknown: cannot be judged
    (
        "one-shop-under-one-unknown",
        person(declared_annual_turnover_yuan=None, shops=shops(20_000, None)),
        None,
        [("merchant.turnover_unknown", "$.declared_annual_turnover_yuan")],
    ),
    # only farm products: may be its own produce (E-Commerce Law art. 10): review
    (
        "own-produce-over-the-limit",
        person(categories=["食用农产品"], declared_annual_turnover_yuan=150_000),
        None,
        [("merchant.exemption_own_produce", "$.declared_annual_turnover_yuan")],
    ),
    # only licence-free convenience services (art. 10, Measures art. 8): review
    (
        "convenience-services-over-the-limit",
        person(categories=["家政服务", "保洁"], declared_annual_turnover_yuan=500_000),
        None,
        [("merchant.exemption_convenience_services", "$.declared_annual_turnover_yuan")],
    ),
    (
        "convenience-services-and-own-produce-over-the-limit",
        person(categories=["理发", "手工艺品"], declared_annual_turnover_yuan=500_000),
        None,
        [("merchant.exemption_convenience_services", "$.declared_annual_turnover_yuan")],
    ),
    (
        "convenience-services-and-other-goods-over-the-limit",
        person(categories=["搬家", "日用百货"], declared_annual_turnover_yuan=500_000),
        None,
        [("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan")],
    ),
    (
        "lock-opening-is-no-listed-convenience-service",
        person(categories=["开锁"], declared_annual_turnover_yuan=500_000),
        None,
        [("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan")],
    ),
    (
        "produce-and-other-goods-over-the-limit",
        person(categories=["食用农产品", "日用百货"], declared_annual_turnover_yuan=150_000),
        None,
        [("merchant.exemption_exceeded", "$.declared_annual_turnover_yuan")],
    ),
    # all problems at once
    (
        "natural-person-everything",
        person(legal_representative=None, declared_annual_turnover_yuan=None),
        None,
        [
            ("merchant.identity_missing", "$"),
            ("merchant.turnover_unknown", "$.declared_annual_turnover_yuan"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("data", "policy", "expected"),
    [
        pytest.param(data, policy, expected, id=name)
        for name, data, policy, expected in SUBJECT_CASES
    ],
)
def test_subject(
    data: dict[str, Any], policy: Policy | None, expected: list[tuple[str, str]]
) -> None:
    assert found(data, policy=policy) == expected


def test_exemption_context() -> None:
    m = Merchant.model_validate(
        person(declared_annual_turnover_yuan=None, shops=shops(70_000, 40_000))
    )
    (finding,) = subject(m, Context(as_of=AS_OF, policy=Policy()))
    assert finding.ctx == {"turnover": "110000", "limit": 100_000}
    assert "110000" in finding.message_zh
    assert "100000" in finding.message


def test_uscc_missing_names_the_subject_type() -> None:
    m = Merchant.model_validate(record(subject_type="个体工商户", uscc=None, documents=[]))
    finding, _licence_missing = subject(m, Context(as_of=AS_OF, policy=Policy()))
    assert finding.ctx["subject"] == "individual business"
    assert finding.message_zh.startswith("个体工商户")


# --------------------------------------------------------------------------- re-verification


def due(last: str, as_of: str, months: int = 6) -> list[str]:
    m = Merchant.model_validate(record(last_verified_at=last))
    context = Context(
        as_of=datetime.date.fromisoformat(as_of), policy=Policy(reverify_after_months=months)
    )
    return [finding.code for finding in reverification(m, context)]


DUE = "merchant.reverification_due"
FUTURE = "merchant.verified_in_future"

REVERIFICATION_CASES = [
    # (last verified, as_of, months, codes)
    ("2026-01-10", "2026-03-15", 6, []),  # two months ago
    ("2025-09-15", "2026-03-15", 6, []),  # exactly six months ago: not more than six
    ("2025-09-14", "2026-03-15", 6, [DUE]),  # six months and a day
    ("2024-01-01", "2026-03-15", 6, [DUE]),  # long ago
    # due six months after the last verification, counted from that day; a day the month
    # lacks becomes its last day
    ("2026-02-28", "2026-08-28", 6, []),  # 28 Feb + 6 months = 28 Aug
    ("2026-02-28", "2026-08-31", 6, [DUE]),  # ... so three days overdue on 31 Aug
    ("2024-02-29", "2024-08-29", 6, []),  # leap year
    ("2024-02-29", "2024-08-30", 6, [DUE]),
    ("2025-04-30", "2025-10-30", 6, []),
    ("2025-04-30", "2025-10-31", 6, [DUE]),  # 30 Apr + 6 months = 30 Oct
    ("2026-06-30", "2026-12-31", 6, [DUE]),
    ("2025-08-31", "2026-02-28", 6, []),  # 31 Aug + 6 months = 28 Feb (no 31 Feb)
    ("2025-08-31", "2026-03-01", 6, [DUE]),
    ("2026-05-31", "2026-11-30", 6, []),  # 31 May + 6 months = 30 Nov
    ("2026-05-31", "2026-12-01", 6, [DUE]),
    ("2025-07-15", "2026-01-15", 6, []),  # across the year end
    ("2025-07-14", "2026-01-15", 6, [DUE]),
    ("2026-02-28", "2026-03-28", 1, []),  # a platform re-verifying monthly
    ("2026-02-28", "2026-03-29", 1, [DUE]),
    ("2026-01-31", "2026-02-28", 1, []),  # 31 Jan + 1 month = 28 Feb
    ("2026-01-31", "2026-03-01", 1, [DUE]),
    ("2025-03-15", "2026-03-15", 12, []),  # a platform re-verifying yearly
    ("2025-03-14", "2026-03-15", 12, [DUE]),
    ("2026-03-15", "2026-03-15", 6, []),  # verified today
    ("2026-03-16", "2026-03-15", 6, [FUTURE]),  # verified tomorrow?
    ("2026年3月20日", "2026-03-15", 6, [FUTURE]),  # the same, written in Chinese
]


@pytest.mark.parametrize(("last", "as_of", "months", "codes"), REVERIFICATION_CASES)
def test_reverification(last: str, as_of: str, months: int, codes: list[str]) -> None:
    assert due(last, as_of, months) == codes


def test_reverification_finding() -> None:
    m = Merchant.model_validate(record(last_verified_at="2025-01-02"))
    (finding,) = reverification(m, Context(as_of=AS_OF, policy=Policy()))
    assert finding.path == ("last_verified_at",)
    assert finding.ctx == {
        "last_verified_at": datetime.date(2025, 1, 2),
        "months": 6,
        "as_of": AS_OF,
    }
    assert finding.rule is not None
    assert "24" in finding.rule


def test_never_verified_is_skipped() -> None:
    m = Merchant.model_validate(record())
    with pytest.raises(CheckSkipped, match="never verified"):
        list(reverification(m, Context(as_of=AS_OF, policy=Policy())))
    report = verify(record(), as_of=AS_OF)
    outcome = {check.name: check for check in report.checks}["reverification"]
    assert outcome.status == "skipped"
    assert outcome.reason is not None
    assert "never verified" in outcome.reason
    assert report.decision is Decision.PASS  # a first verification is not a problem


@pytest.mark.parametrize(
    ("data", "decision"),
    [
        (record(), Decision.PASS),  # complete enterprise
        (record(uscc=None, documents=[]), Decision.FAIL),  # a registered subject without USCC
        (record(uscc=None), Decision.PASS),  # ... shown on its business licence
        (record(documents=[]), Decision.REVIEW),  # no business licence on file
        (person(), Decision.PASS),  # exempt natural person
        (person(declared_annual_turnover_yuan=None), Decision.REVIEW),  # turnover unknown
        (person(declared_annual_turnover_yuan=100_001), Decision.FAIL),  # must register
        (person(legal_representative=None), Decision.FAIL),  # no identity
        (record(last_verified_at="2025-01-01"), Decision.REVIEW),  # re-verification due
        (record(last_verified_at="2026-12-01"), Decision.REVIEW),  # verified in the future
    ],
)
def test_decisions_through_verify(data: dict[str, Any], decision: Decision) -> None:
    report = verify(data, as_of=AS_OF)
    assert report.decision is decision, report.codes


def test_check_catalogue_lists_each_code_once() -> None:
    from qualcheck.checks import default_checks

    specs = {spec.name: spec for spec in default_checks()}
    assert set(specs["reverification"].codes) == {DUE, FUTURE}
    assert not set(specs["subject"].codes) & {DUE, FUTURE}


def test_a_natural_person_identified_only_by_a_first_generation_number() -> None:
    # 居民身份证法 art. 23: first-generation (15-digit) cards stopped being valid on
    # 2013-01-01; such a number identifies nobody today
    legacy = make_invalid("ric", "legacy_15", rng=random.Random(15))
    data = person(legal_representative={"name": "李四", "id_number": legacy})
    assert found(data) == [("merchant.identity_outdated", "$")]
    assert verify(data, as_of=AS_OF).decision is Decision.FAIL
    current = {"kind": "identity", "number": PERSON_ID, "holder_name": "李四"}
    assert found({**data, "documents": [current]}) == []  # a current one besides: fine
