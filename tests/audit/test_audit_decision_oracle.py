"""Audit: a differential oracle for coverage x validity x subject decisions.

The oracle below is a small model of the documented rules, written from docs/categories.md
(the bundled category table), docs/verify.md ("The checks", "Policy"), docs/models.md (the
document table: which documents expire) and docs/codes.md (severities), not from the
implementation.  It covers a slice of the domain:

* sellers: an enterprise (USCC 91…), an individual business (92…), a natural person;
* categories: general goods, pre-packaged food, food sales, catering, own-produced food,
  OTC and prescription drugs, drug wholesale, class II and III devices, certification and
  testing services, vaccines (banned) and fireworks (special permit);
* documents: the business licence (or, for a natural person, the identity card) and one
  licence relevant to the category (or two, the base document valid), each absent, valid,
  expired, expiring in 10 days, not yet valid, issued to another company's USCC (an
  identity card: another person's), naming another company, or naming no holder; terms
  on the days either side of each boundary of validity;
* a natural person's turnover (below, above the limit, not declared) and whether a
  registered subject's record gives its USCC (else only its documents do).

Triage of the disagreements found while building it (oracle simplifications, fixed here):
a filing "not yet valid" by its filing date is ``license.issue_date_future``; a natural
person holding a licence issued to an enterprise's USCC is checked as the registered
subject it shows (review, no ``merchant.registration_required``); an individual business
whose only USCC is an enterprise's is ``consistency.subject_type_mismatch``.  Engine
defect (fixed in qualcheck/checks/validity.py): a filing whose recorded start is after
``as_of`` passed.

Every record is built from generated numbers of one region, with everything else
consistent (names, legal representative, scopes that cover the category), so that only the
axis under test can change the decision.  The oracle predicts the decision and the key
finding codes; ``verify`` must agree on the decision and report every key code.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from qualcheck import Decision, Report, verify
from qualcheck.testing import (
    make_cma,
    make_cnca,
    make_device_business,
    make_drug_business,
    make_food_business,
    make_food_filing,
    make_food_production,
    make_ric,
    make_uscc,
)
from tests.audit.audit_support import AS_OF

REGION = "350102"  # 福州市鼓楼区: every number of a record is issued in one province
PROVINCE = "35"
AUTHORITY = "福州市鼓楼区市场监督管理局"
PERSON = "陈立明"
OTHER_PERSON = "林海燕"
SUBJECTS = ("enterprise", "individual_business", "natural_person")
STATES = (
    "absent",
    "valid",
    "expired",
    "expiring",
    "not_yet_valid",
    "other_holder",  # another company's USCC (an identity card: another person's name)
    "other_name",  # another company's name and no USCC (identity card: another person's)
    "no_holder",  # neither holder name nor holder USCC
)
OTHER_COMPANY = "福州另一示例贸易有限公司"
TURNOVER_LIMIT = 100_000
TURNOVERS = (50_000, 180_000, None)
PASS, REVIEW, FAIL = Decision.PASS, Decision.REVIEW, Decision.FAIL


# --- the oracle: the documented rules ---------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Variant:
    """A document a seller may hold for a category: its kind and the parts of its number."""

    key: str
    kind: str
    parts: tuple[tuple[str, str], ...] = ()
    filing: bool = False
    """A filing (YB, a class II device 备案): never expires (docs/models.md)."""


VARIANTS = {
    "yb": Variant("yb", "food_filing", filing=True),
    "jy1": Variant("jy1", "food_business", (("business_form", "1"),)),
    "jy1_zhishou": Variant("jy1_zhishou", "food_business", (("business_form", "1"),)),
    "jy2": Variant("jy2", "food_business", (("business_form", "2"),)),
    "jy3": Variant("jy3", "food_business", (("business_form", "3"),)),
    "sc": Variant("sc", "food_production"),
    "drug_a": Variant("drug_a", "drug_business", (("business_type", "A"),)),
    "drug_b": Variant("drug_b", "drug_business", (("business_type", "B"),)),
    "drug_d": Variant("drug_d", "drug_business", (("business_type", "D"),)),
    "device_filing": Variant("device_filing", "device_business", filing=True),
    "device_licence": Variant("device_licence", "device_business"),
    "cnca": Variant("cnca", "cnca"),
    "cma": Variant("cma", "cma"),
}


@dataclasses.dataclass(frozen=True)
class Rule:
    """One category as docs/categories.md tables it.

    ``accepts`` maps a variant to what it gives: ``"ok"`` (an alternative is met),
    ``"review"`` (met only after a person confirms: license_needs_review) or
    ``"unsuitable"`` (the right kind, the wrong type).  A variant not listed is of no kind
    the category asks for.  ``licence_only``: every alternative is a licence (no filing),
    so a natural person must register (verify.md, the subject check).
    """

    category: str
    treatment: str  # "requires", "none", "banned", "special_permit"
    accepts: tuple[tuple[str, str], ...] = ()
    variants: tuple[str, ...] = ()
    licence_only: bool = False


RULES = (
    Rule("general_goods", "none"),
    Rule(
        "prepackaged_food",
        "requires",
        (("yb", "ok"), ("jy1", "ok"), ("jy2", "ok"), ("jy3", "unsuitable")),
        ("yb", "jy1", "jy2", "jy3"),
    ),
    Rule(
        "food_sales",
        "requires",
        (("jy1", "ok"), ("jy2", "unsuitable")),
        ("jy1", "jy2", "yb"),
        licence_only=True,
    ),
    Rule(
        "catering",
        "requires",
        (("jy2", "ok"), ("jy1_zhishou", "review"), ("jy1", "unsuitable")),
        ("jy2", "jy1", "jy1_zhishou"),
        licence_only=True,
    ),
    Rule("own_produced_food", "requires", (("sc", "ok"),), ("sc", "jy1"), licence_only=True),
    Rule(
        "otc_drugs",
        "requires",
        (("drug_d", "ok"), ("drug_b", "review"), ("drug_a", "unsuitable")),
        ("drug_d", "drug_b", "drug_a"),
        licence_only=True,
    ),
    Rule(
        "prescription_drugs",
        "requires",
        (("drug_d", "ok"), ("drug_a", "unsuitable")),
        ("drug_d", "drug_a"),
        licence_only=True,
    ),
    Rule(
        "drug_wholesale",
        "requires",
        (("drug_a", "ok"), ("drug_d", "unsuitable")),
        ("drug_a", "drug_d"),
        licence_only=True,
    ),
    Rule(
        "medical_devices_class_2",
        "requires",
        (("device_filing", "ok"), ("device_licence", "ok")),
        ("device_filing", "device_licence"),
    ),
    Rule(
        "medical_devices_class_3",
        "requires",
        (("device_licence", "ok"), ("device_filing", "unsuitable")),
        ("device_licence", "device_filing"),
        licence_only=True,
    ),
    Rule("certification_services", "requires", (("cnca", "ok"),), ("cnca", "cma"), True),
    Rule("testing_services", "requires", (("cma", "ok"),), ("cma", "cnca"), True),
    Rule("vaccines", "banned", variants=("drug_d",)),
    Rule("fireworks", "special_permit"),
)
RULE_BY_ID = {rule.category: rule for rule in RULES}

# how platforms write the same things (docs/categories.md table, docs/models.md kinds and
# subject types): each record picks one spelling, so that no decision hangs on it
CATEGORY_NAMES = {
    "general_goods": ("普通商品", "日用百货"),
    "prepackaged_food": ("仅销售预包装食品", "预包装食品"),
    "food_sales": ("食品销售",),
    "catering": ("餐饮服务", "外卖"),
    "own_produced_food": ("自产食品",),
    "otc_drugs": ("非处方药", "OTC"),
    "prescription_drugs": ("处方药",),
    "drug_wholesale": ("药品批发",),
    "medical_devices_class_2": ("第二类医疗器械",),
    "medical_devices_class_3": ("第三类医疗器械",),
    "certification_services": ("认证服务",),
    "testing_services": ("检验检测服务",),
    "vaccines": ("疫苗",),
    "fireworks": ("烟花爆竹",),
}
SUBJECT_NAMES = {
    "enterprise": ("企业", "有限责任公司"),
    "individual_business": ("个体工商户",),
    "natural_person": ("自然人",),
}
TITLES = {
    "business_license": "营业执照",
    "identity": "居民身份证",
    "yb": "仅销售预包装食品备案",
    "sc": "食品生产许可证",
    "device_filing": "第二类医疗器械经营备案凭证",
    "device_licence": "医疗器械经营许可证",
    "cnca": "认证机构批准书",
    "cma": "检验检测机构资质认定证书",
    **dict.fromkeys(("jy1", "jy1_zhishou", "jy2", "jy3"), "食品经营许可证"),
    **dict.fromkeys(("drug_a", "drug_b", "drug_d"), "药品经营许可证"),
}


def _spelt(name: str, others: tuple[str, ...], rng: random.Random) -> str:
    """``name`` or one of its other spellings."""
    return rng.choice((name, *others))


@dataclasses.dataclass(frozen=True)
class Case:
    """One combination: the seller, its category, its base document and one licence."""

    subject: str
    category: str
    base: str  # state of the business licence (identity card for a natural person)
    licences: tuple[tuple[str, str], ...]
    """(variant, state) of each licence present, in record order."""
    turnover: int | None = 50_000
    """A natural person's declared yearly turnover (None: not declared)."""
    uscc_in_record: bool = True
    """A registered subject's record gives its USCC (else only its documents do)."""

    @property
    def label(self) -> str:
        held = ",".join(f"{variant}={state}" for variant, state in self.licences) or "none"
        extra = f"/turnover={self.turnover}" if self.subject == "natural_person" else ""
        extra += "" if self.uscc_in_record else "/no-record-uscc"
        return f"{self.subject}/{self.category}/base={self.base}/{held}{extra}"


@dataclasses.dataclass(frozen=True)
class Expectation:
    """What the oracle allows: the decisions and the codes that must be reported."""

    decisions: frozenset[Decision]
    codes: frozenset[str]


def _validity_finding(state: str, filing: bool) -> tuple[Decision, str | None]:
    """The validity and holder-name verdict on one present document in ``state`` (whose
    USCC it names is judged by :func:`_uscc_verdicts`)."""
    if state in ("valid", "other_holder"):
        return PASS, None
    if state == "other_name":
        return FAIL, "consistency.name_mismatch"
    if state == "no_holder":
        return REVIEW, "consistency.holder_missing"
    if filing and (state in ("expired", "expiring") or state.startswith("end")):
        return PASS, None  # a filing never expires: an end date on it is not its term
    if state in BOUNDARIES:
        return {
            "ends_today": (REVIEW, "license.expiring_soon"),
            "ended_yesterday": (FAIL, "license.expired"),
            "ends_in_30": (REVIEW, "license.expiring_soon"),
            "ends_in_31": (PASS, None),
            "starts_today": (PASS, None),
            "starts_tomorrow": (FAIL, "license.not_yet_valid"),
        }[state]
    if filing and state == "not_yet_valid":
        return FAIL, "license.issue_date_future"  # a filing has only its filing date
    return {
        "expired": (FAIL, "license.expired"),
        "expiring": (REVIEW, "license.expiring_soon"),
        "not_yet_valid": (FAIL, "license.not_yet_valid"),
    }[state]


def _coverage(rule: Rule, case: Case) -> tuple[Decision, str | None]:
    """The coverage verdict: documents judged by kind and type only (validity and holder
    are other checks' business, docs/categories.md)."""
    if rule.treatment == "none":
        return PASS, None
    if rule.treatment == "banned":
        return FAIL, "category.banned"
    if rule.treatment == "special_permit":
        return REVIEW, "category.special_permit"
    rank = {"ok": 3, "review": 2, "unsuitable": 1}
    met = [dict(rule.accepts).get(variant, "") for variant, _ in case.licences]
    given = max(met, key=lambda value: rank.get(value, 0), default="")
    if given == "ok":
        return PASS, None
    if given == "review":
        return REVIEW, "category.license_needs_review"
    if given == "unsuitable":
        return FAIL, "category.license_unsuitable"
    return FAIL, "category.license_missing"


def _shows_registered_subject(case: Case) -> bool:
    """A natural person holding a licence issued to a registered subject's USCC is checked
    as the registered subject it shows (verify.md, the subject check)."""
    return case.subject == "natural_person" and any(
        state == "other_holder" for _, state in case.licences
    )


def _base_verdict(case: Case) -> tuple[Decision, str | None]:
    """The business licence (identity card) and the subject check."""
    if case.subject == "natural_person":
        if case.base == "absent":
            if _shows_registered_subject(case):
                return REVIEW, "document.business_license_missing"
            return FAIL, "merchant.identity_missing"
        if case.base in ("other_holder", "other_name"):
            return FAIL, "consistency.name_mismatch"
        return _validity_finding(case.base, filing=False)
    if case.base == "absent":
        if not case.uscc_in_record:
            return FAIL, "merchant.uscc_missing"  # no USCC anywhere the docs read it
        return REVIEW, "document.business_license_missing"
    if case.base == "no_holder":
        return PASS, None  # a business licence is tied by its number, the USCC
    return _validity_finding(case.base, filing=False)


def _uscc_verdicts(case: Case) -> list[tuple[Decision, str | None]]:
    """A registered subject's documents against its USCC: the record's, else its business
    licence's number; another USCC fails (verify.md, What consistency compares)."""
    if case.subject == "natural_person":
        return []
    licence_of_other = case.base == "other_holder"
    if case.uscc_in_record:
        seller = "own"
    elif case.base == "absent":
        return []
    else:
        seller = "other" if licence_of_other else "own"
    named = [] if case.base == "absent" else ["other" if licence_of_other else "own"]
    for _, state in case.licences:
        if state == "other_holder":
            named.append("other")
        elif state not in ("other_name", "no_holder"):
            named.append("own")
    verdicts: list[tuple[Decision, str | None]] = []
    if any(uscc != seller for uscc in named):
        verdicts.append((FAIL, "consistency.uscc_mismatch"))
    if seller == "other" and case.subject == "individual_business":
        # the other company's USCC is an enterprise's (91): not the declared kind
        verdicts.append((REVIEW, "consistency.subject_type_mismatch"))
    return verdicts


def _subject_verdicts(rule: Rule, case: Case) -> list[tuple[Decision, str | None]]:
    """What the subject check adds for a natural person: registration for a category only
    a licence meets; a registered subject shown by a document is reviewed and needs its
    business licence (it is checked as that subject, so it needs no registration)."""
    if case.subject != "natural_person":
        return []
    if _shows_registered_subject(case):
        return [
            (REVIEW, "consistency.subject_type_mismatch"),
            (REVIEW, "document.business_license_missing"),
        ]
    verdicts: list[tuple[Decision, str | None]] = []
    if rule.licence_only:
        verdicts.append((FAIL, "merchant.registration_required"))
    if case.turnover is None:
        verdicts.append((REVIEW, "merchant.turnover_unknown"))
    elif case.turnover > TURNOVER_LIMIT:
        verdicts.append((FAIL, "merchant.exemption_exceeded"))
    return verdicts


def oracle(case: Case) -> Expectation:
    """The decision the docs give ``case``, and the codes they name for it."""
    rule = RULE_BY_ID[case.category]
    verdicts = [
        _coverage(rule, case),
        _base_verdict(case),
        *_subject_verdicts(rule, case),
        *_uscc_verdicts(case),
    ]
    for variant, state in case.licences:
        if not (case.subject == "natural_person" and state == "other_holder"):
            verdicts.append(_validity_finding(state, VARIANTS[variant].filing))
    decisions = {max(v for v, _ in verdicts)}
    if case.subject == "natural_person" and rule.treatment == "special_permit":
        decisions |= {FAIL}  # a permit is a licence: registration may be asked
    codes = frozenset(code for _, code in verdicts if code is not None)
    return Expectation(frozenset(decisions), codes)


# --- the records: generated numbers, everything else consistent -------------------------


HOLDER_STATES = ("other_holder", "other_name", "no_holder")
BOUNDARIES = {
    # state: (first day, last day) relative to as_of; the end date is the last valid day
    # and expiring_soon_days (30) counts inclusively (verify.md, Policy)
    "ends_today": (-1000, 0),
    "ended_yesterday": (-1000, -1),
    "ends_in_30": (-1000, 30),
    "ends_in_31": (-1000, 31),
    "starts_today": (0, 1000),
    "starts_tomorrow": (1, 1000),
}
"""States about whose document it is: its term is a valid one."""


def _day(offset: int) -> datetime.date:
    return AS_OF + datetime.timedelta(days=offset)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years)


def _written(day: datetime.date, style: int) -> str:
    """``day`` as Chinese documents print it."""
    if style == 0:
        return day.isoformat()
    if style == 1:
        return f"{day.year}年{day.month}月{day.day}日"
    if style == 2:
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    return day.strftime("%Y.%m.%d")


def _span(state: str, years: int) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of a ``years`` term in ``state``."""
    if state in BOUNDARIES:
        first, last = BOUNDARIES[state]
        return _day(first), _day(last)
    if state == "not_yet_valid":
        start = _day(20)
        return start, _add_years(start, years) - datetime.timedelta(days=1)
    end = {"expired": _day(-30), "expiring": _day(10)}.get(state, _day(700))
    return _add_years(end + datetime.timedelta(days=1), -years), end


def _term(state: str, years: int, rng: random.Random) -> dict[str, str]:
    """The term fields of a ``years`` licence in ``state``, written in one of the forms
    licences and platform forms use (two fields, or one range)."""
    start, end = _span("valid" if state in HOLDER_STATES else state, years)
    style = rng.randrange(4)
    issued = min(start, _day(-5))
    fields = {"issue_date": _written(issued, style)}
    if rng.random() < 0.5:
        fields.update(valid_from=_written(start, style), valid_to=_written(end, style))
    else:
        fields["validity"] = f"{_written(start, style)}至{_written(end, style)}"
    return fields


SCOPES = {
    "yb": "预包装食品（含冷藏冷冻食品）销售",
    "jy1": "预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）",
    "jy1_zhishou": "预包装食品销售（含冷藏冷冻食品）；热食类食品制售",
    "jy2": "热食类食品制售；冷食类食品制售；预包装食品销售",
    "jy3": "热食类食品制售",
    "sc": "糕点",
    "drug_a": "处方药、甲类非处方药、乙类非处方药：中成药、化学药制剂、抗生素制剂",
    "drug_b": "处方药、甲类非处方药、乙类非处方药：中成药、化学药制剂",
    "drug_d": "处方药、甲类非处方药、乙类非处方药：中成药、化学药制剂",
    "device_filing": "第二类医疗器械：6820普通诊察器械；6864医用卫生材料及敷料",
    "device_licence": "Ⅱ类、Ⅲ类：6815注射穿刺器械；6866医用高分子材料及制品",
    "cnca": "质量管理体系认证；环境管理体系认证",
    "cma": "食品；水和废水",
}


def _number(variant: str, rng: random.Random) -> str:
    """A real-format number of ``variant``, issued in the seller's province."""
    makers = {
        "yb": lambda: make_food_filing(form=2, region=REGION, rng=rng),
        "jy1": lambda: make_food_business(form=1, region=REGION, rng=rng),
        "jy1_zhishou": lambda: make_food_business(form=1, region=REGION, rng=rng),
        "jy2": lambda: make_food_business(form=2, region=REGION, rng=rng),
        "jy3": lambda: make_food_business(form=3, region=REGION, rng=rng),
        "sc": lambda: make_food_production(kind=1, category="24", region=REGION, rng=rng),
        "drug_a": lambda: make_drug_business(business_type="A", province=PROVINCE, rng=rng),
        "drug_b": lambda: make_drug_business(business_type="B", province=PROVINCE, rng=rng),
        "drug_d": lambda: make_drug_business(business_type="D", province=PROVINCE, rng=rng),
        "device_filing": lambda: make_device_business(
            filing=True, year=2023, province=PROVINCE, rng=rng
        ),
        "device_licence": lambda: make_device_business(year=2023, province=PROVINCE, rng=rng),
        "cnca": lambda: make_cnca(year=2012, rng=rng),
        "cma": lambda: make_cma(year=2023, authority="闽", rng=rng),
    }
    return makers[variant]()


@dataclasses.dataclass(frozen=True)
class Seller:
    """The seller's own identifiers."""

    subject: str
    name: str
    uscc: str | None
    other_uscc: str


def _seller(subject: str, rng: random.Random) -> Seller:
    other = make_uscc(entity_type="1", region=REGION, rng=rng)
    if subject == "enterprise":
        uscc = make_uscc(entity_type="1", region=REGION, rng=rng)
        return Seller(subject, "福州示例健康科技有限公司", uscc, other)
    if subject == "individual_business":
        uscc = make_uscc(entity_type="2", region=REGION, rng=rng)
        return Seller(subject, "福州市鼓楼区示例健康商行", uscc, other)
    return Seller(subject, PERSON, None, other)


def _holder(document: dict[str, Any], state: str, seller: Seller) -> None:
    """Name the holder of ``document`` as ``state`` asks."""
    if state == "other_holder":
        document["holder_uscc"] = seller.other_uscc
    elif state == "other_name":
        document["holder_name"] = OTHER_COMPANY
        document.pop("holder_uscc", None)
    elif state == "no_holder":
        document.pop("holder_name", None)
        document.pop("holder_uscc", None)


def _licence(key: str, state: str, seller: Seller, rng: random.Random) -> dict[str, Any]:
    variant = VARIANTS[key]
    document: dict[str, Any] = {
        "kind": _spelt(variant.kind, (TITLES[key],), rng),
        "number": _number(key, rng),
        "holder_name": seller.name,
        "legal_representative": PERSON,
        "issuing_authority": AUTHORITY,
        "scope": SCOPES[key],
    }
    if seller.uscc is not None:
        document["holder_uscc"] = seller.uscc
    _holder(document, state, seller)
    if variant.filing:  # a filing prints its filing date, no term
        document["issue_date"] = _day(20 if state == "not_yet_valid" else -400).isoformat()
        if state in ("expired", "expiring") or state.startswith("end"):
            document["valid_to"] = _span(state, 5)[1].isoformat()  # an end written on it
        elif state.startswith("starts"):  # the filing's first day, as a start
            start = _span(state, 5)[0]
            document["issue_date"] = min(start, _day(-5)).isoformat()
            document["validity"] = f"{start.isoformat()}至长期"
    else:
        document.update(_term(state, 5, rng))
    return document


def _business_license(case: Case, seller: Seller, rng: random.Random) -> dict[str, Any]:
    assert seller.uscc is not None
    document: dict[str, Any] = {
        "kind": _spelt("business_license", (TITLES["business_license"],), rng),
        "number": seller.uscc,
        "holder_name": seller.name,
        "legal_representative": PERSON,
        "entity_type": "个体工商户" if case.subject == "individual_business" else "有限责任公司",
        "issuing_authority": AUTHORITY,
        "scope": "日用百货销售；第二类医疗器械销售",
    }
    if case.base == "other_holder":
        document["number"] = seller.other_uscc
    else:
        _holder(document, case.base, seller)
    if case.base in ("valid", *HOLDER_STATES):
        started = _day(-2000).isoformat()
        document.update(issue_date=started, validity=f"{started}至长期")
    else:
        document.update(_term(case.base, 20, rng))
    return document


def _identity(case: Case, rng: random.Random) -> dict[str, Any]:
    """An ID card of 20 years (holder aged 26-45 on its first day)."""
    start, end = _span("valid" if case.base in HOLDER_STATES else case.base, 20)
    if case.base in ("expired", "expiring"):  # the last day as asked, printed as the
        start = _add_years(end, -20)  # anniversary of the first (居民身份证: 2006.01.01-2026.01.01)
    else:
        end += datetime.timedelta(days=1)
    document: dict[str, Any] = {
        "kind": _spelt("identity", (TITLES["identity"],), rng),
        "number": make_ric(birth_date=_add_years(start, -30), rng=rng),
        "holder_name": PERSON,
        "validity": f"{start:%Y.%m.%d}-{end:%Y.%m.%d}",
    }
    if case.base in ("other_holder", "other_name"):
        document["holder_name"] = OTHER_PERSON
    elif case.base == "no_holder":
        del document["holder_name"]
    return document


def build_record(case: Case, rng: random.Random) -> dict[str, Any]:
    """The seller's record for ``case``."""
    seller = _seller(case.subject, rng)
    documents: list[dict[str, Any]] = []
    if case.base != "absent":
        if case.subject == "natural_person":
            documents.append(_identity(case, rng))
        else:
            documents.append(_business_license(case, seller, rng))
    for variant, state in case.licences:
        documents.append(_licence(variant, state, seller, rng))
    record: dict[str, Any] = {
        "merchant_id": f"oracle-{rng.randrange(10**6):06d}",
        "subject_type": _spelt(case.subject, SUBJECT_NAMES[case.subject], rng),
        "name": seller.name,
        "legal_representative": PERSON,
        "categories": [_spelt(case.category, CATEGORY_NAMES[case.category], rng)],
        "documents": documents,
    }
    if seller.uscc is not None and case.uscc_in_record:
        record["uscc"] = seller.uscc
    elif case.turnover is not None:
        record["declared_annual_turnover_yuan"] = case.turnover
    return record


# --- the comparison ------------------------------------------------------------------


def single_cases() -> Iterator[Case]:
    """Every seller, category and base-document state with no licence or one licence."""
    for subject, rule, base in itertools.product(SUBJECTS, RULES, STATES):
        natural = subject == "natural_person"
        for turnover, in_record in itertools.product(
            TURNOVERS if natural else TURNOVERS[:1], (True,) if natural else (True, False)
        ):
            yield Case(subject, rule.category, base, (), turnover, in_record)
            for variant, state in itertools.product(rule.variants, STATES[1:]):
                licences = ((variant, state),)
                yield Case(subject, rule.category, base, licences, turnover, in_record)


def pair_cases() -> Iterator[Case]:
    """Two licences of different variants, each in any state, the base document valid."""
    for subject, rule in itertools.product(SUBJECTS, RULES):
        for first, second in itertools.combinations(rule.variants, 2):
            for states in itertools.product(STATES[1:], repeat=2):
                yield Case(
                    subject,
                    rule.category,
                    "valid",
                    tuple(zip((first, second), states, strict=True)),
                )


def boundary_cases() -> Iterator[Case]:
    """Each licence with a term on the days either side of a boundary of validity."""
    for subject, rule, state in itertools.product(SUBJECTS, RULES, BOUNDARIES):
        for variant in rule.variants:
            yield Case(subject, rule.category, "valid", ((variant, state),))


def all_cases() -> Iterator[Case]:
    """The combinations compared."""
    yield from single_cases()
    yield from pair_cases()
    yield from boundary_cases()


def disagreement(expected: Expectation, report: Report) -> str | None:
    """The kind of disagreement between the oracle and ``report``, or None."""
    decision = report.decision
    if decision not in expected.decisions:
        worst = max(expected.decisions)
        if decision == PASS:
            return "fail-open"
        if decision == FAIL:
            return "false fail"
        return "review where fail" if worst == FAIL else "review where pass"
    missing = expected.codes - set(report.codes)
    if missing:
        return "missing code"
    return None


@functools.cache
def comparison() -> tuple[int, tuple[tuple[str, str, str, str], ...]]:
    """(combinations checked, disagreements as (kind, case, expected, got))."""
    rng = random.Random(20261130)
    found: list[tuple[str, str, str, str]] = []
    checked = 0
    for case in all_cases():
        record = build_record(case, rng)
        report = verify(record, as_of=AS_OF)
        expected = oracle(case)
        checked += 1
        kind = disagreement(expected, report)
        if kind is not None:
            want = f"{sorted(d.value for d in expected.decisions)} {sorted(expected.codes)}"
            got = f"{report.decision.value} {list(report.codes)}"
            found.append((kind, case.label, want, got))
    return checked, tuple(found)


def test_oracle_checks_thousands_of_combinations() -> None:
    checked, _ = comparison()
    assert checked >= 3000


def test_engine_agrees_with_the_oracle() -> None:
    _, found = comparison()
    kinds = Counter(kind for kind, *_ in found)
    shown = "\n".join(" | ".join(row) for row in found[:40])
    assert not found, f"{dict(kinds)}\n{shown}"


def test_oracle_sees_every_decision() -> None:
    """The slice is not one-sided: the oracle expects each decision somewhere."""
    seen = Counter(max(oracle(case).decisions) for case in all_cases())
    assert set(seen) == {PASS, REVIEW, FAIL}


# --- regressions for the disagreements that were engine defects -------------------------


def _filing_record(kind: str, number: str, category: str, **dates: str) -> dict[str, Any]:
    """An enterprise with its business licence and one filing carrying ``dates``."""
    rng = random.Random(7)
    uscc = make_uscc(entity_type="1", region=REGION, rng=rng)
    name = "福州示例健康科技有限公司"
    return {
        "subject_type": "enterprise",
        "name": name,
        "uscc": uscc,
        "categories": [category],
        "documents": [
            {
                "kind": "business_license",
                "number": uscc,
                "holder_name": name,
                "validity": "2015-06-01至长期",
            },
            {"kind": kind, "number": number, "holder_name": name, "holder_uscc": uscc, **dates},
        ],
    }


FILINGS = [
    (
        "food_filing",
        make_food_filing(form=2, region=REGION, rng=random.Random(1)),
        "prepackaged_food",
    ),
    (
        "device_business",
        make_device_business(filing=True, year=2023, province=PROVINCE, rng=random.Random(1)),
        "medical_devices_class_2",
    ),
]


@pytest.mark.parametrize(("kind", "number", "category"), FILINGS)
@pytest.mark.parametrize(
    "dates",
    [
        {"validity": f"{_day(1).isoformat()}至长期"},
        {"valid_from": _day(1).isoformat(), "issue_date": _day(-5).isoformat()},
        {"valid_from": f"{_day(30):%Y年%m月%d日}"},
    ],
)
def test_a_filing_that_starts_after_as_of_is_not_yet_valid(
    kind: str, number: str, category: str, dates: dict[str, str]
) -> None:
    """A filing never expires, but it is in force only from its first day: one recorded
    as starting after as_of was passed (fail-open); it is license.not_yet_valid (fail)."""
    report = verify(_filing_record(kind, number, category, **dates), as_of=AS_OF)
    assert report.decision is FAIL
    assert [f.json_path for f in report.findings if f.code == "license.not_yet_valid"] == [
        "$.documents[1].validity.valid_from"
    ]


@pytest.mark.parametrize(("kind", "number", "category"), FILINGS)
@pytest.mark.parametrize(
    "dates",
    [
        {"validity": f"{AS_OF.isoformat()}至长期"},
        {"valid_from": _day(-400).isoformat()},
        {"issue_date": _day(-400).isoformat(), "valid_to": _day(-30).isoformat()},
    ],
)
def test_a_filing_in_force_still_passes(
    kind: str, number: str, category: str, dates: dict[str, str]
) -> None:
    """Starting today or earlier, a filing passes; an end written on it is not its term
    (docs/models.md: filings never expire)."""
    report = verify(_filing_record(kind, number, category, **dates), as_of=AS_OF)
    assert report.decision is PASS, report.codes


def test_an_individual_business_licence_without_an_end_still_starts_on_its_day() -> None:
    """The 92 licence that prints no 营业期限 keeps its start check (the branch the fix
    widened)."""
    rng = random.Random(3)
    uscc = make_uscc(entity_type="2", region=REGION, rng=rng)
    name = "福州市鼓楼区示例健康商行"
    record: dict[str, Any] = {
        "subject_type": "个体工商户",
        "name": name,
        "uscc": uscc,
        "categories": ["普通商品"],
        "documents": [
            {
                "kind": "营业执照",
                "number": uscc,
                "holder_name": name,
                "valid_from": _day(3).isoformat(),
            }
        ],
    }
    assert verify(record, as_of=AS_OF).codes == ("license.not_yet_valid",)
    record["documents"][0]["valid_from"] = _day(-3).isoformat()
    assert verify(record, as_of=AS_OF).decision is PASS
