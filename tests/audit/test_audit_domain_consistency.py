"""Audit, domain: the consistency check on names, USCCs, legal representatives, regions.

Contract (issue; docs/verify.md "The checks"; DESIGN.md "Decisions that hold across the
code"): holder names are compared after normalisation -- NFKC, （）/(), spaces, zero-width
characters removed, legal-form variants (有限责任公司/有限公司) -- and a different name is a
fail; a name that contains the other (branch, shop name) is review; every document names
the same USCC (fail otherwise); the legal representative and the issuing region are soft
rules (review).  registries-and-users.md §4.3 (normalisation: NFKC, zero-width characters
U+200B/U+FEFF, whitespace) and §6.2 (same name after normalisation, same USCC, same legal
rep/负责人).
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, verify
from qualcheck.testing import make_drug_business, make_food_business, make_uscc

AS_OF = datetime.date(2026, 11, 29)
REGION = "330106"
USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(31))
OTHER_USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(32))
NAME = "杭州示例优选食品有限公司"
JY_HERE = make_food_business(form=1, region=REGION, rng=random.Random(33))
JY_GUANGDONG = make_food_business(form=1, region="440106", rng=random.Random(34))


def _licence(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "business_license",
        "number": USCC,
        "holder_name": NAME,
        "legal_representative": "张三",
        "validity": "2019-04-02至长期",
        **fields,
    }


def _food(number: str = JY_HERE, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "food_business",
        "number": number,
        "holder_name": NAME,
        "holder_uscc": USCC,
        "legal_representative": "张三",
        "valid_from": "2023-06-12",
        "valid_to": "2028-06-11",
        **fields,
    }


def _seller(*documents: dict[str, Any], **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "merchant_id": "audit-domain-consistency",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "legal_representative": {"name": "张三"},
        "categories": ["食品销售"],
        "documents": list(documents) if documents else [_licence(), _food()],
    }
    record.update(fields)
    return record


def _names(merchant_name: str, holder_name: str) -> tuple[Decision, tuple[str, ...]]:
    """The merchant named ``merchant_name`` (its food licence too), its business licence
    issued to ``holder_name``."""
    record = _seller(
        _licence(holder_name=holder_name), _food(holder_name=merchant_name), name=merchant_name
    )
    report = verify(record, as_of=AS_OF)
    return report.decision, report.codes


def test_baseline_passes() -> None:
    assert verify(_seller(), as_of=AS_OF).decision is Decision.PASS


@pytest.mark.parametrize(
    ("merchant_name", "holder_name"),
    [
        ("杭州示例（优选）食品有限公司", "杭州示例(优选)食品有限公司"),
        ("杭州示例优选食品有限公司", "杭州示例优选食品有限责任公司"),
        ("杭州示例优选食品股份有限公司", "杭州示例优选食品股份公司"),
        ("ＡＢＣ杭州示例食品有限公司", "ABC杭州示例食品有限公司"),
        ("abc杭州示例食品有限公司", "ABC杭州示例食品有限公司"),
        ("杭州示例３号食品有限公司", "杭州示例3号食品有限公司"),
        ("杭州示例优选食品有限公司", "杭州 示例 优选食品　有限公司 "),
    ],
    ids=[
        "brackets",
        "youxian-zeren",
        "gufen",
        "fullwidth-letters",
        "letter-case",
        "fullwidth-digit",
        "spaces",
    ],
)
def test_same_name_after_normalisation_passes(merchant_name: str, holder_name: str) -> None:
    assert _names(merchant_name, holder_name) == (Decision.PASS, ())


@pytest.mark.parametrize(
    "holder_name",
    [
        "杭州示例优选食品有限公司\u200b",  # ZERO WIDTH SPACE, left by copy-paste / OCR
        "杭州示例\u200d优选食品有限公司",  # ZERO WIDTH JOINER
        "\ufeff杭州示例优选食品有限公司",  # BYTE ORDER MARK / ZERO WIDTH NO-BREAK SPACE
    ],
    ids=["zwsp", "zwj", "bom"],
)
def test_zero_width_characters_do_not_make_names_differ(holder_name: str) -> None:
    # DESIGN.md: "Input is normalised once (NFKC, zero-width characters removed, ...)";
    # registries-and-users.md §4.3: normalisation must drop zero-width characters.
    # The names are identical to the eye and after the promised normalisation.
    assert _names(NAME, holder_name) == (Decision.PASS, ())


@pytest.mark.parametrize(
    ("merchant_name", "holder_name"),
    [
        (NAME, "杭州示例优选食品有限公司西湖分公司"),  # a branch's licence
        ("杭州示例优选食品有限公司西湖分公司", NAME),  # a branch selling on the HQ's file
        (NAME, "示例优选食品有限公司"),
    ],
    ids=["branch-licence", "branch-seller", "without-place"],
)
def test_contained_name_is_review(merchant_name: str, holder_name: str) -> None:
    assert _names(merchant_name, holder_name) == (Decision.REVIEW, ("consistency.name_similar",))


def test_different_name_fails() -> None:
    assert _names(NAME, "杭州示例良品食品有限公司") == (
        Decision.FAIL,
        ("consistency.name_mismatch",),
    )


def test_different_holder_uscc_fails() -> None:
    report = verify(_seller(_licence(), _food(holder_uscc=OTHER_USCC)), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert report.codes == ("consistency.uscc_mismatch",)


def test_holder_uscc_in_lower_case_and_full_width_passes() -> None:
    fullwidth = USCC.lower().translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    report = verify(_seller(_licence(), _food(holder_uscc=fullwidth)), as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes


def test_business_licence_of_another_uscc_fails() -> None:
    report = verify(_seller(_licence(number=OTHER_USCC), _food()), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "consistency.uscc_mismatch" in report.codes


def test_legal_rep_on_an_old_licence_is_review() -> None:
    # soft: legal representatives change more often than licences are refreshed
    report = verify(_seller(_licence(), _food(legal_representative="李四")), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert report.codes == ("consistency.legal_rep_mismatch",)
    assert report.findings[0].rule


def test_licence_from_another_province_is_review() -> None:
    # a company that moved (or a branch elsewhere): region is a SOFT rule
    report = verify(_seller(_licence(), _food(JY_GUANGDONG)), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert report.codes == ("consistency.region_mismatch",)
    assert report.findings[0].rule


@pytest.mark.parametrize("abbreviation", ["黔", "贵"])
def test_double_province_abbreviations_match_the_uscc(abbreviation: str) -> None:
    # domain.md §9.3: accept both forms of the five double abbreviations
    uscc = make_uscc(entity_type="1", region="520102", rng=random.Random(35))
    number = (
        abbreviation
        + make_drug_business(business_type="D", province="52", rng=random.Random(36))[1:]
    )
    name = "贵阳示例大药房有限公司"
    record = {
        "subject_type": "enterprise",
        "name": name,
        "uscc": uscc,
        "categories": ["非处方药"],
        "documents": [
            {
                "kind": "business_license",
                "number": uscc,
                "holder_name": name,
                "validity": "2019-04-02至长期",
            },
            {
                "kind": "drug_business",
                "number": number,
                "holder_name": name,
                "holder_uscc": uscc,
                "valid_from": "2024-03-01",
                "valid_to": "2029-02-28",
            },
        ],
    }
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, report.codes


def test_individual_business_named_after_its_operator_passes() -> None:
    uscc = make_uscc(entity_type="2", region=REGION, rng=random.Random(37))
    record = {
        "subject_type": "个体工商户",
        "name": "张三",
        "uscc": uscc,
        "legal_representative": {"name": "张三"},
        "categories": ["普通商品"],
        "documents": [
            {
                "kind": "business_license",
                "number": uscc,
                "holder_name": "张三",
                "legal_representative": "张三",
                "validity": "2020-01-02至长期",
            }
        ],
    }
    assert verify(record, as_of=AS_OF).decision is Decision.PASS
