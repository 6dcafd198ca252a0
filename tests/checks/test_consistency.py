"""Consistency: every document names the seller — USCC, name, legal representative, region."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, verify
from qualcheck.checks import Context
from qualcheck.checks.consistency import consistency, normalize_name
from qualcheck.models import Merchant
from qualcheck.policy import Policy
from qualcheck.testing import (
    make_device_business,
    make_drug_business,
    make_drug_info,
    make_food_business,
    make_food_filing,
    make_food_production,
    make_ric,
    make_uscc,
)

AS_OF = datetime.date(2026, 3, 15)
RNG = random.Random(314)
NAME = "深圳市示例食品有限公司"
REP = "王五"
USCC = make_uscc(entity_type="1", region="440305", rng=RNG)  # Guangdong (44), enterprise
OTHER_USCC = make_uscc(entity_type="1", region="440305", rng=RNG)
INDIVIDUAL_USCC = make_uscc(entity_type="2", region="440305", rng=RNG)
COOP_USCC = make_uscc(entity_type="3", region="440305", rng=RNG)
SOCIAL_USCC = make_uscc(authority="5", entity_type="1", region="440305", rng=RNG)
REP_ID = make_ric(rng=RNG)
OTHER_ID = make_ric(rng=RNG)
JY = make_food_business(form=1, region="440305", rng=RNG)
JY_BEIJING = make_food_business(form=1, region="110105", rng=RNG)
SC = make_food_production(region="440305", rng=RNG)
SC_ZHEJIANG = make_food_production(region="330106", rng=RNG)
YB_SICHUAN = make_food_filing(region="510104", rng=RNG)
DRUG = make_drug_business(province="粤", rng=RNG)
DRUG_BEIJING = make_drug_business(province="京", rng=RNG)
DRUG_INFO_SHANGHAI = make_drug_info(province="沪", rng=RNG)
DEVICE_HUBEI = make_device_business(province="鄂", rng=RNG)


def merchant(*documents: dict[str, Any], **fields: Any) -> Merchant:
    record: dict[str, Any] = {
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "legal_representative": {"name": REP, "id_number": REP_ID},
        "documents": list(documents),
    }
    record.update(fields)
    return Merchant.model_validate(record)


def found(m: Merchant) -> list[tuple[str, str]]:
    out = []
    for finding in consistency(m, Context(as_of=AS_OF, policy=Policy())):
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in finding.path)
        out.append((finding.code, path))
    return out


def licence(**fields: Any) -> dict[str, Any]:
    return {"kind": "business_license", "number": USCC, "holder_name": NAME, **fields}


def jy(number: str = JY, **fields: Any) -> dict[str, Any]:
    return {"kind": "food_business", "number": number, "holder_name": NAME, **fields}


def identity(number: str, **fields: Any) -> dict[str, Any]:
    return {"kind": "identity", "number": number, **fields}


CASES: list[tuple[str, Merchant, list[tuple[str, str]]]] = [
    # everything matches
    ("consistent", merchant(licence(legal_representative=REP), jy(holder_uscc=USCC)), []),
    # the USCC's registration type (positions 1-2) against the declared kind of subject
    (
        "enterprise-with-an-individual-business-uscc",
        merchant(licence(number=INDIVIDUAL_USCC), uscc=INDIVIDUAL_USCC),
        [("consistency.subject_type_mismatch", "$.subject_type")],
    ),
    (
        "individual-business-with-its-own-uscc",
        merchant(licence(number=INDIVIDUAL_USCC), uscc=INDIVIDUAL_USCC, subject_type="个体工商户"),
        [],
    ),
    (
        "individual-business-with-an-enterprise-uscc",
        merchant(licence(), subject_type="个体工商户"),
        [("consistency.subject_type_mismatch", "$.subject_type")],
    ),
    (
        "branch-with-an-enterprise-uscc",
        merchant(licence(), subject_type="branch"),
        [],
    ),
    (
        "cooperative-uscc-declared-as-other",
        merchant(licence(number=COOP_USCC), uscc=COOP_USCC, subject_type="other"),
        [("consistency.subject_type_mismatch", "$.subject_type")],
    ),
    (
        "a-social-organisation-is-not-judged",  # authority 5 (民政): no market-subject type
        merchant(licence(number=SOCIAL_USCC), uscc=SOCIAL_USCC, subject_type="other"),
        [],
    ),
    # an individual business without a trade name: its licence shows a placeholder
    *(
        (
            f"no-trade-name-{placeholder}",
            merchant(
                licence(number=INDIVIDUAL_USCC, holder_name=placeholder),
                uscc=INDIVIDUAL_USCC,
                subject_type="个体工商户",
                name="示例小吃店",
            ),
            [],
        )
        for placeholder in ("*", "无字号", "/", "无")
    ),
    # a placeholder is no name (the platform's empty cell), never another holder's: the
    # business licence's number (the USCC) ties it; a JY number does not
    ("a-placeholder-on-an-enterprise-licence-is-no-name", merchant(licence(holder_name="*")), []),
    (
        "a-placeholder-on-an-enterprise-jy-ties-nothing",
        merchant(jy(holder_name="*")),
        [("consistency.holder_missing", "$.documents[0].holder_name")],
    ),
    # no USCC on the record: the business licence's number stands for it
    ("uscc-from-the-licence", merchant(licence(), jy(holder_uscc=USCC), uscc=None), []),
    (
        "uscc-from-the-licence-differs",
        merchant(licence(), jy(holder_uscc=OTHER_USCC), uscc=None),
        [("consistency.uscc_mismatch", "$.documents[1].holder_uscc")],
    ),
    # a business licence whose number (the USCC) is another company's
    (
        "licence-number-mismatch",
        merchant(licence(number=OTHER_USCC)),
        [("consistency.uscc_mismatch", "$.documents[0].number")],
    ),
    # a licence naming another USCC as its holder
    (
        "holder-uscc-mismatch",
        merchant(licence(), jy(holder_uscc=OTHER_USCC)),
        [("consistency.uscc_mismatch", "$.documents[1].holder_uscc")],
    ),
    # both on one business licence: each place is reported
    (
        "both-uscc-places",
        merchant(licence(number=OTHER_USCC, holder_uscc=OTHER_USCC)),
        [
            ("consistency.uscc_mismatch", "$.documents[0].number"),
            ("consistency.uscc_mismatch", "$.documents[0].holder_uscc"),
        ],
    ),
    # no USCC on the record: nothing to compare with
    ("no-uscc", merchant(jy(holder_uscc=OTHER_USCC), uscc=None), []),
    # another company's name
    (
        "name-mismatch",
        merchant(jy(holder_name="广州市另一家贸易有限公司")),
        [("consistency.name_mismatch", "$.documents[0].holder_name")],
    ),
    # a branch: the name contains the seller's → similar, for review
    (
        "branch-name",
        merchant(jy(holder_name="深圳市示例食品有限公司南山分公司")),
        [("consistency.name_similar", "$.documents[0].holder_name")],
    ),
    # a shop name contained in the registered name → similar
    (
        "shop-name",
        merchant(jy(holder_name="示例食品")),
        [("consistency.name_similar", "$.documents[0].holder_name")],
    ),
    # full-width brackets against half-width ones compare equal
    (
        "full-width-brackets",
        merchant(jy(holder_name="示例（深圳）食品有限公司"), name="示例(深圳)食品有限公司"),
        [],
    ),
    # spaces (also ideographic ones) do not matter
    (
        "spaces",
        merchant(jy(holder_name="深圳市 示例食品\u3000有限公司 ")),
        [],
    ),
    # 有限责任公司 and 有限公司 are the same legal form
    (
        "legal-form-variant",
        merchant(jy(holder_name="深圳市示例食品有限责任公司")),
        [],
    ),
    # 股份有限公司 and 股份公司 too
    (
        "joint-stock-variant",
        merchant(jy(holder_name="示例食品股份公司"), name="示例食品股份有限公司"),
        [],
    ),
    # full-width Latin letters and case
    (
        "full-width-latin",
        merchant(jy(holder_name="ＡＢＣ食品有限公司"), name="abc食品有限公司"),
        [],
    ),
    # no holder name nor USCC on the document: nothing ties it to the seller (review)
    (
        "no-holder-name",
        merchant({"kind": "food_business", "number": JY}),
        [("consistency.holder_missing", "$.documents[0].holder_name")],
    ),
    (
        "no-holder-name-but-uscc",
        merchant({"kind": "food_business", "number": JY, "holder_uscc": USCC}),
        [],
    ),
    # the person in charge on the licence is not the legal representative: soft
    (
        "legal-rep-mismatch",
        merchant(jy(legal_representative="赵六")),
        [("consistency.legal_rep_mismatch", "$.documents[0].legal_representative")],
    ),
    # the same person, written with a space
    ("legal-rep-spaces", merchant(jy(legal_representative="王 五")), []),
    # no legal representative on the record: nothing to compare
    ("no-legal-rep", merchant(jy(legal_representative="赵六"), legal_representative=None), []),
    # the legal representative's identity document matches
    ("identity-matches", merchant(identity(REP_ID, holder_name=REP)), []),
    # ... or carries another number
    (
        "identity-id-mismatch",
        merchant(identity(OTHER_ID, holder_name=REP)),
        [("consistency.id_mismatch", "$.documents[0].number")],
    ),
    # ... or another person's name
    (
        "identity-name-mismatch",
        merchant(identity(REP_ID, holder_name="赵六")),
        [("consistency.name_mismatch", "$.documents[0].holder_name")],
    ),
    # a natural person: the identity document names the seller
    (
        "natural-person-identity",
        merchant(
            identity(REP_ID, holder_name="李四"),
            subject_type="natural_person",
            name="李四",
            uscc=None,
            legal_representative=None,
        ),
        [],
    ),
    # a JY licence issued in Beijing to a Guangdong seller: soft (branches exist)
    (
        "region-jy",
        merchant(jy(JY_BEIJING)),
        [("consistency.region_mismatch", "$.documents[0].number")],
    ),
    # a JY licence from Guangdong: fine
    ("region-jy-same", merchant(jy(JY)), []),
    # SC licences carry their region too
    (
        "region-sc",
        merchant({"kind": "food_production", "number": SC_ZHEJIANG, "holder_name": NAME}),
        [("consistency.region_mismatch", "$.documents[0].number")],
    ),
    (
        "region-sc-same",
        merchant({"kind": "food_production", "number": SC, "holder_name": NAME}),
        [],
    ),
    # a pre-packaged food filing from Sichuan
    (
        "region-yb",
        merchant({"kind": "food_filing", "number": YB_SICHUAN, "holder_name": NAME}),
        [("consistency.region_mismatch", "$.documents[0].number")],
    ),
    # a drug licence issued by Beijing (京)
    (
        "region-drug",
        merchant({"kind": "drug_business", "number": DRUG_BEIJING, "holder_name": NAME}),
        [("consistency.region_mismatch", "$.documents[0].number")],
    ),
    (
        "region-drug-same",
        merchant({"kind": "drug_business", "number": DRUG, "holder_name": NAME}),
        [],
    ),
    # internet drug information certificate from Shanghai (沪)
    (
        "region-drug-info",
        merchant({"kind": "drug_info", "number": DRUG_INFO_SHANGHAI, "holder_name": NAME}),
        [("consistency.region_mismatch", "$.documents[0].number")],
    ),
    # device licence from Hubei (鄂)
    (
        "region-device",
        merchant({"kind": "device_business", "number": DEVICE_HUBEI, "holder_name": NAME}),
        [("consistency.region_mismatch", "$.documents[0].number")],
    ),
    # the seller has no USCC: the region cannot be compared
    ("region-no-uscc", merchant(jy(JY_BEIJING), uscc=None), []),
]


@pytest.mark.parametrize(
    ("m", "expected"), [pytest.param(m, expected, id=name) for name, m, expected in CASES]
)
def test_consistency(m: Merchant, expected: list[tuple[str, str]]) -> None:
    assert found(m) == expected


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("示例（深圳）科技有限责任公司", "示例(深圳)科技有限公司"),  # full-width brackets
        (" 示例 科技\u3000有限公司 ", "示例科技有限公司"),  # half- and full-width spaces
        ("示例科技股份有限公司", "示例科技股份公司"),  # legal form variant
        ("ａｂｃ科技有限公司", "ABC科技有限公司"),  # NFKC and upper case
        ("示例·科技有限公司", "示例科技有限公司"),  # middle dot
        ("“示例”科技有限公司", "示例科技有限公司"),  # quotation marks
    ],
)
def test_normalize_name(raw: str, normal: str) -> None:
    assert normalize_name(raw) == normal


def test_mismatch_context_names_both_sides() -> None:
    m = merchant(licence(), jy(holder_uscc=OTHER_USCC, holder_name="广州市另一家贸易有限公司"))
    findings = list(consistency(m, Context(as_of=AS_OF, policy=Policy())))
    by_code = {f.code: f for f in findings}
    uscc = by_code["consistency.uscc_mismatch"]
    assert (uscc.ctx["found"], uscc.ctx["expected"]) == (OTHER_USCC, USCC)
    name = by_code["consistency.name_mismatch"]
    assert name.ctx["found"] == "广州市另一家贸易有限公司"
    assert "食品经营许可证" in name.message_zh


def test_region_context() -> None:
    (finding,) = consistency(merchant(jy(JY_BEIJING)), Context(as_of=AS_OF, policy=Policy()))
    assert finding.ctx["found_code"] == "11"
    assert finding.ctx["expected_code"] == "44"
    assert finding.rule  # a soft rule, named
    assert "北京" in finding.message_zh


def test_id_mismatch_never_shows_the_numbers() -> None:
    (finding,) = consistency(
        merchant(identity(OTHER_ID, holder_name=REP)), Context(as_of=AS_OF, policy=Policy())
    )
    text = f"{finding.message} {finding.message_zh} {finding.ctx}"
    assert REP_ID not in text
    assert OTHER_ID not in text


@pytest.mark.parametrize(
    ("doc", "decision"),
    [
        # another company's USCC → fail
        (jy(holder_uscc=OTHER_USCC), Decision.FAIL),
        # another company's name → fail
        (jy(holder_name="广州市另一家贸易有限公司"), Decision.FAIL),
        # a branch name → review
        (jy(holder_name="深圳市示例食品有限公司南山分公司"), Decision.REVIEW),
        # another person in charge → review
        (jy(legal_representative="赵六"), Decision.REVIEW),
        # another province → review
        (jy(JY_BEIJING), Decision.REVIEW),
        # another identity number → fail
        (identity(OTHER_ID, holder_name=REP), Decision.FAIL),
    ],
)
def test_decisions_through_verify(doc: dict[str, Any], decision: Decision) -> None:
    validity = {"valid_from": "2022-01-01", "valid_to": "2026-12-31"}
    record = {
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "legal_representative": {"name": REP, "id_number": REP_ID},
        "documents": [licence(valid_to="长期"), {**doc, **validity}],
    }
    report = verify(record, as_of=AS_OF)
    assert report.decision is decision, report.codes


@pytest.mark.parametrize(
    ("holder", "code"),
    [
        ("深圳示例食品有限公司", "consistency.name_similar"),  # the place written short
        ("广东省深圳市示例食品有限公司", "consistency.name_similar"),  # with its province
        ("示例食品（深圳）有限公司", "consistency.name_similar"),  # in brackets
        ("广东示例食品有限公司", "consistency.name_similar"),  # the province holds 深圳
        ("深圳市示例食品有限責任公司", "consistency.name_similar"),  # traditional characters
        ("深圳市南山区示例食品有限公司", "consistency.name_similar"),  # a district of it
        ("广州市示例食品有限公司", "consistency.name_mismatch"),  # another city
        ("示例食品（广州）有限公司", "consistency.name_mismatch"),
        ("浙江示例食品有限公司", "consistency.name_mismatch"),  # another province
        ("深圳市示范食品有限公司", "consistency.name_mismatch"),  # another trade name
        ("深圳市示例食品股份有限公司", "consistency.name_mismatch"),  # another legal form
        ("长城示例食品有限公司", "consistency.name_mismatch"),  # 长城 is no place
        ("深圳中山食品有限公司", "consistency.name_mismatch"),  # 中山 as trade name: another
    ],
)
def test_a_place_written_otherwise_is_a_near_miss(holder: str, code: str) -> None:
    assert found(merchant(jy(holder_name=holder))) == [(code, "$.documents[0].holder_name")]


@pytest.mark.parametrize(
    ("name", "holder", "code"),
    [
        # a trade name that is a place too (中山, 朝阳) is set aside when both names give it
        ("深圳市中山食品有限公司", "深圳中山食品有限公司", "consistency.name_similar"),
        ("深圳市中山食品有限公司", "广州中山食品有限公司", "consistency.name_mismatch"),
        ("北京市朝阳区示例有限公司", "长春市朝阳区示例有限公司", "consistency.name_mismatch"),
        ("北京市朝阳区示例有限公司", "北京朝阳区示例有限公司", "consistency.name_similar"),
        # autonomous places by their short names; Hong Kong and Macao
        ("延边朝鲜族自治州示例有限公司", "延边示例有限公司", "consistency.name_similar"),
        ("恩施土家族苗族自治州示例有限公司", "湘西示例有限公司", "consistency.name_mismatch"),
        ("长阳土家族自治县示例有限公司", "长阳示例有限公司", "consistency.name_similar"),
        ("香港特别行政区示例有限公司", "示例（香港）有限公司", "consistency.name_similar"),
        ("香港示例有限公司", "澳门示例有限公司", "consistency.name_mismatch"),
    ],
)
def test_places_both_names_give_are_set_aside(name: str, holder: str, code: str) -> None:
    m = merchant(jy(holder_name=holder), name=name)
    assert found(m) == [(code, "$.documents[0].holder_name")]


def test_a_near_miss_is_review_and_a_mismatch_fail() -> None:
    for holder, decision in (
        ("示例食品（深圳）有限公司", Decision.REVIEW),
        ("示例食品（广州）有限公司", Decision.FAIL),
    ):
        record = {
            "subject_type": "enterprise",
            "name": NAME,
            "uscc": USCC,
            "documents": [licence(valid_to="长期"), jy(holder_name=holder, valid_to="2027-12-31")],
            "categories": ["预包装食品"],
        }
        report = verify(record, as_of=AS_OF)
        assert report.decision is decision, report.codes
        (finding,) = (f for f in report.findings if f.code.startswith("consistency.name"))
        assert finding.json_path == "$.documents[1].holder_name"
        assert holder in finding.message_zh


def test_places_are_compared_at_their_most_specific() -> None:
    assert found(
        merchant(jy(holder_name="广东省广州市示例食品有限公司"), name="深圳示例食品有限公司")
    )[0] == ("consistency.name_mismatch", "$.documents[0].holder_name")
