"""Audit: every kind of seller a platform really onboards, as ``verify`` treats it.

Contract (qualcheck/checks/lifecycle.py, checks/consistency.py, models/merchant.py,
docs/models.md#subject-types, docs/verify.md, domain.md §1.4):
* GB 32100 positions 1-2 are official: 91 enterprise (branches included), 92 individual
  business, 93 farmers' co-operative (its branches included); a code of another
  registering authority (12 事业单位, 51 社会团体, 52 民办非企业单位, 53 基金会 …) is no
  market subject.  A declared kind those digits contradict is reviewed
  (``consistency.subject_type_mismatch``) -- never passed silently, never failed on a
  guess; digits the standard does not publish decide nothing.
* A "natural person" whose record shows a registration (any USCC of a known authority) is
  checked as the registered subject it shows, never failed as an unregistered person.
* Branches (分公司) hold their own USCC and licence: the head office's name on the record
  and the branch's on the licence (or the branch's part written in brackets, its place
  written otherwise) is a near miss (review), another branch's or another company's
  licence is not the seller's (fail).
* Natural persons: the 100,000-yuan exemption (art. 8 of the Online Trading Measures),
  own farm produce, household handicrafts and convenience services (E-Commerce Law art.
  10) reviewed above it, licensed categories need registration.
* ``subject_type`` spellings platforms use are read, or refused naming the field and why.

Real company USCCs below are public (domain.md §1.3: 华为技术有限公司, a 事业单位 code);
other numbers are generated, personal ones always.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from audit_support import AS_OF, json_paths, natural_person, not_pass

from qualcheck import Decision, Merchant, verify
from qualcheck.registries import MemoryRegistry
from qualcheck.testing import make_ric, make_uscc

RNG = random.Random(20261130)
HUAWEI = "914403001922038216"  # 华为技术有限公司 (domain.md §1.3)
HUAWEI_NAME = "华为技术有限公司"
INSTITUTION = "12340000485319959Y"  # a 事业单位 code (domain.md §1.3)
BRANCH = make_uscc(entity_type="1", region="110108", rng=RNG)
INDIVIDUAL = make_uscc(entity_type="2", region="330106", rng=RNG)
COOPERATIVE = make_uscc(entity_type="3", region="530102", rng=RNG)
SOCIETY = make_uscc(authority="5", entity_type="1", region="110000", rng=RNG)
NON_ENTERPRISE = make_uscc(authority="5", entity_type="2", region="110105", rng=RNG)
FOUNDATION = make_uscc(authority="5", entity_type="3", region="100000", rng=RNG)
LAW_FIRM = make_uscc(authority="3", entity_type="1", region="110105", rng=RNG)
UNPUBLISHED_TYPE = make_uscc(entity_type="9", region="330106", rng=RNG)  # 99: not in GB 32100
PERSON_ID = make_ric(birth_date=datetime.date(1988, 4, 5), rng=RNG)
MISMATCH = "consistency.subject_type_mismatch"


def _licence(number: str, holder: str, person: str = "李四", **fields: Any) -> dict[str, Any]:
    """A long-term business licence (or registration certificate) whose number is ``number``."""
    document = {
        "kind": "business_license",
        "number": number,
        "holder_name": holder,
        "legal_representative": person,
        "valid_from": "2016-03-01",
        "valid_to": "长期",
    }
    document.update(fields)
    return document


def _seller(
    subject_type: Any, name: str, uscc: str | None, *documents: dict[str, Any], person: str = "李四"
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "merchant_id": "audit-subjects",
        "subject_type": subject_type,
        "name": name,
        "legal_representative": {"name": person},
        "documents": list(documents),
    }
    if uscc is not None:
        record["uscc"] = uscc
    return record


def _own(subject_type: Any, name: str, uscc: str, person: str = "李四") -> dict[str, Any]:
    """A seller with its own USCC and its own licence in its own name."""
    return _seller(subject_type, name, uscc, _licence(uscc, name, person), person=person)


def _codes(record: dict[str, Any], **options: Any) -> tuple[Decision, tuple[str, ...]]:
    report = verify(record, as_of=AS_OF, **options)
    return report.decision, report.codes


def _mismatch(record: dict[str, Any]) -> Any:
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    (found,) = [f for f in report.findings if f.code == MISMATCH]
    return found


# ------------------------------------------------------------------ enterprises and spellings


@pytest.mark.parametrize(
    "declared",
    [
        "企业",
        "公司",
        "有限责任公司",
        "有限责任公司（自然人投资或控股）",
        "enterprise",
        "Company",
        "limited company",
        "有限责任公司（外国法人独资）",
        "外商投资企业",
        "中外合资",
        "foreign-invested enterprise",
    ],
)
def test_a_real_company_passes_under_every_name_of_its_kind(declared: str) -> None:
    assert _codes(_own(declared, HUAWEI_NAME, HUAWEI, "赵明路")) == (Decision.PASS, ())


@pytest.mark.parametrize(
    ("declared", "name"),
    [
        ("个人独资企业", "杭州市西湖区示例贸易商行"),
        ("个人独资", "杭州市西湖区示例贸易商行"),
        ("合伙企业", "杭州示例投资合伙企业（有限合伙）"),
        ("合伙", "杭州示例投资合伙企业（有限合伙）"),
        ("有限合伙", "杭州示例投资合伙企业（有限合伙）"),
        ("普通合伙", "杭州示例会计咨询合伙企业（普通合伙）"),
        ("sole proprietorship", "杭州市西湖区示例贸易商行"),
        ("partnership", "杭州示例投资合伙企业（有限合伙）"),
    ],
)
def test_sole_proprietorships_and_partnerships_are_enterprises(declared: str, name: str) -> None:
    # 个人独资 / 合伙 / 有限合伙 were refused as unknown kinds (review, nothing checked)
    uscc = make_uscc(entity_type="1", region="330106", rng=random.Random(name))
    assert _codes(_own(declared, name, uscc)) == (Decision.PASS, ())


# ---------------------------------------------------------------------------------- branches


BRANCH_NAME = "华为技术有限公司北京分公司"


@pytest.mark.parametrize(
    "declared", ["分公司", "分支机构", "branch", "有限责任公司分公司（自然人独资）"]
)
def test_a_branch_with_its_own_uscc_and_licence_passes(declared: str) -> None:
    assert _codes(_own(declared, BRANCH_NAME, BRANCH)) == (Decision.PASS, ())


def test_a_branch_declared_as_an_enterprise_is_no_contradiction() -> None:
    # 91 is the type of enterprises and their branches alike: nothing certain to review
    assert _codes(_own("企业", BRANCH_NAME, BRANCH)) == (Decision.PASS, ())


@pytest.mark.parametrize(
    ("recorded", "printed"),
    [
        (HUAWEI_NAME, BRANCH_NAME),  # the platform keeps the head office's name
        (BRANCH_NAME, HUAWEI_NAME),
        ("华为技术有限公司（北京分公司）", BRANCH_NAME),  # the branch's part in brackets
        ("中国示例银行股份有限公司北京分行", "中国示例银行股份有限公司北京市分行"),
        ("示例餐饮管理有限公司杭州分公司", "示例餐饮管理有限公司杭州市分公司"),
    ],
)
def test_a_branch_named_otherwise_is_reviewed_never_failed(recorded: str, printed: str) -> None:
    # the brackets and the place written otherwise were failed as another holder's licence
    record = _seller("分公司", recorded, BRANCH, _licence(BRANCH, printed))
    assert _codes(record) == (Decision.REVIEW, ("consistency.name_similar",))


@pytest.mark.parametrize(
    "printed",
    [
        "华为技术有限公司上海分公司",  # another branch of the same company
        "华为技术有限公司北京第一分公司",
        "示例科技有限公司北京分公司",  # another company's branch
        "示例科技有限公司",
    ],
)
def test_another_branch_or_company_on_the_licence_fails(printed: str) -> None:
    record = _seller("分公司", BRANCH_NAME, BRANCH, _licence(BRANCH, printed))
    decision, codes = _codes(record)
    assert decision is Decision.FAIL
    assert "consistency.name_mismatch" in codes


def test_a_branch_showing_the_head_offices_licence_fails() -> None:
    """A branch is a market subject of its own (its own USCC and licence): the head
    office's licence is another subject's."""
    record = _seller("分公司", BRANCH_NAME, BRANCH, _licence(HUAWEI, HUAWEI_NAME, "赵明路"))
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "consistency.uscc_mismatch" in report.codes
    assert "$.documents[0].number" in json_paths(report)


def test_the_head_offices_uscc_on_a_branchs_record_fails_against_the_registry() -> None:
    """Offline, a USCC does not say whose it is; the registry does: the code is the head
    office's, the record names the branch."""
    registry = MemoryRegistry(
        [{"uscc": HUAWEI, "name": HUAWEI_NAME, "legal_representative": "赵明路", "status": "存续"}]
    )
    record = _seller("分公司", BRANCH_NAME, HUAWEI, _licence(HUAWEI, BRANCH_NAME))
    decision, codes = _codes(record, registry=registry)
    assert decision is Decision.FAIL
    assert "registry.name_mismatch" in codes


# ------------------------------------------------------------------- individual businesses


SHOP = "杭州市西湖区老王水果店"


@pytest.mark.parametrize(
    "declared", ["个体工商户", "个体户", "个体", "个体（家庭经营）", "individual business"]
)
def test_an_individual_business_with_a_trade_name_passes(declared: str) -> None:
    assert _codes(_own(declared, SHOP, INDIVIDUAL, "王五")) == (Decision.PASS, ())


@pytest.mark.parametrize("printed", ["*", "无", "无字号", "/", "王五"])
@pytest.mark.parametrize("operator", ["王五", "王五（经营者）"])
def test_an_individual_business_without_a_trade_name_is_named_by_its_operator(
    printed: str, operator: str
) -> None:
    record = _seller(
        "个体工商户", "王五", INDIVIDUAL, _licence(INDIVIDUAL, printed, operator), person="王五"
    )
    assert _codes(record) == (Decision.PASS, ())


def test_an_individual_business_named_by_its_operator_on_the_record_passes() -> None:
    record = _seller(
        "个体工商户", "王五", INDIVIDUAL, _licence(INDIVIDUAL, SHOP, "王五"), person="王五"
    )
    assert _codes(record) == (Decision.PASS, ())


@pytest.mark.parametrize("declared", ["个人", "自然人", "natural person"])
def test_an_individual_business_declared_as_a_person_is_reviewed_not_failed(declared: str) -> None:
    # named by its operator, as a person is: the name was failed against the trade name
    # its licence prints, though the operator on it is the same person
    record = _seller(
        declared, "王五", INDIVIDUAL, _licence(INDIVIDUAL, SHOP, "王五"), person="王五"
    )
    found = _mismatch(record)
    assert found.json_path == "$.subject_type"
    assert "个体工商户" in found.message_zh
    assert "自然人" in found.message_zh


def test_an_individual_business_declared_as_a_person_is_looked_up_in_the_registry() -> None:
    # a "natural person" was never looked up: a cancelled individual business was reviewed
    # for the mismatch only, its registry status unseen
    registry = MemoryRegistry(
        [{"uscc": INDIVIDUAL, "name": SHOP, "legal_representative": "王五", "status": "注销"}]
    )
    record = _seller("个人", SHOP, INDIVIDUAL, _licence(INDIVIDUAL, SHOP, "王五"), person="王五")
    report = verify(record, as_of=AS_OF, registry=registry)
    assert report.decision is Decision.FAIL, report.codes
    assert "registry.status_cancelled" in report.codes


@pytest.mark.parametrize("declared", ["企业", "农民专业合作社", "分公司", "事业单位"])
def test_an_individual_business_declared_as_another_kind_is_reviewed(declared: str) -> None:
    found = _mismatch(_own(declared, SHOP, INDIVIDUAL, "王五"))
    assert found.ctx["uscc_type"] == "92"


# -------------------------------------------------------------------------- co-operatives


COOP_NAME = "昆明市五华区示例蔬菜种植专业合作社"


@pytest.mark.parametrize(
    "declared", ["农民专业合作社", "专业合作社", "合作社", "co-op", "coop", "farmers cooperative"]
)
def test_a_cooperative_passes(declared: str) -> None:
    assert _codes(_own(declared, COOP_NAME, COOPERATIVE, "王五")) == (Decision.PASS, ())


@pytest.mark.parametrize("declared", ["分支机构", "农民专业合作社分支机构"])
def test_a_cooperatives_branch_shares_its_type_and_passes(declared: str) -> None:
    # a co-operative's branch has a 93 code too: "分支机构" was reviewed as a mismatch
    name = COOP_NAME + "官渡分社"
    assert _codes(_own(declared, name, COOPERATIVE, "王五")) == (Decision.PASS, ())


@pytest.mark.parametrize("declared", ["企业", "个体工商户", "其他组织"])
def test_a_cooperative_declared_as_another_kind_is_reviewed(declared: str) -> None:
    assert _mismatch(_own(declared, COOP_NAME, COOPERATIVE)).ctx["uscc_type"] == "93"


# ---------------------------------------- organisations other authorities register (1x, 3x, 5x)


ORGANISATIONS = [
    ("事业单位", "安徽省示例研究所", INSTITUTION, "事业单位"),
    ("事业单位法人", "安徽省示例研究所", INSTITUTION, "事业单位"),
    ("社会团体", "北京市示例行业协会", SOCIETY, "社会团体"),
    ("民办非企业单位", "北京市东城区示例培训学校", NON_ENTERPRISE, "民办非企业单位"),
    ("民非", "北京市东城区示例培训学校", NON_ENTERPRISE, "民办非企业单位"),
    ("社会服务机构", "北京市东城区示例培训学校", NON_ENTERPRISE, "民办非企业单位"),
    ("基金会", "中国示例公益基金会", FOUNDATION, "基金会"),
    ("律师事务所", "北京市示例律师事务所", LAW_FIRM, "律师执业机构"),
    ("public institution", "安徽省示例研究所", INSTITUTION, "事业单位"),
]


@pytest.mark.parametrize(("declared", "name", "uscc", "kind_zh"), ORGANISATIONS)
def test_an_organisation_with_its_registration_certificate_passes(
    declared: str, name: str, uscc: str, kind_zh: str
) -> None:
    # 社会服务机构 (the Charity Law's name of a 民办非企业单位), 民非 and 律师事务所 were refused
    assert _codes(_own(declared, name, uscc, "王五")) == (Decision.PASS, ())


@pytest.mark.parametrize(("declared", "name", "uscc", "kind_zh"), ORGANISATIONS)
@pytest.mark.parametrize("claimed", ["企业", "个体工商户", "农民专业合作社", "分公司"])
def test_an_organisation_declared_as_a_market_subject_is_reviewed(
    declared: str, name: str, uscc: str, kind_zh: str, claimed: str
) -> None:
    # a 12/5x/3x code is no market subject: declared as one, it passed unseen
    found = _mismatch(_own(claimed, name, uscc, "王五"))
    assert found.json_path == "$.subject_type"
    assert found.ctx["uscc_type"] == uscc[:2]
    assert kind_zh in found.message_zh
    assert "非市场主体" in found.message_zh
    assert "not a market subject" in found.message


@pytest.mark.parametrize(("declared", "name", "uscc", "kind_zh"), ORGANISATIONS)
def test_an_organisation_declared_as_a_natural_person_is_reviewed_not_failed(
    declared: str, name: str, uscc: str, kind_zh: str
) -> None:
    # was a fail: checked as a person without an identity document and turnover
    record = _own("个人", name, uscc, "王五")
    found = _mismatch(record)
    assert "自然人" in found.message_zh
    codes = verify(record, as_of=AS_OF).codes
    assert "merchant.identity_missing" not in codes
    assert "merchant.turnover_unknown" not in codes


def test_an_organisation_without_its_certificate_is_asked_for_it_by_its_name() -> None:
    report = verify(_seller("事业单位", "安徽省示例研究所", INSTITUTION), as_of=AS_OF)
    assert report.codes == ("document.business_license_missing",)
    (finding,) = report.findings
    assert "事业单位法人证书" in finding.message_zh
    assert "registration certificate" in finding.message


def test_a_company_without_its_licence_is_asked_for_the_business_licence() -> None:
    report = verify(_seller("企业", HUAWEI_NAME, HUAWEI), as_of=AS_OF)
    (finding,) = report.findings
    assert finding.code == "document.business_license_missing"
    assert finding.message_zh.startswith("档案中没有营业执照：")
    assert "登记证书" not in finding.message_zh


@pytest.mark.parametrize("declared", ["企业", "个体工商户", "个人", "分公司", "其他组织"])
def test_a_type_digit_the_standard_does_not_publish_decides_nothing(declared: str) -> None:
    """99 is no published type: the number is reviewed on its own account, the declared
    kind is not judged against a guess."""
    report = verify(_own(declared, "杭州示例商贸有限公司", UNPUBLISHED_TYPE), as_of=AS_OF)
    assert MISMATCH not in report.codes
    assert "uscc.type_unknown" in report.codes
    assert report.decision is Decision.REVIEW


# --------------------------------------------------------------------------- natural persons


def _person(category: str, turnover: Any) -> dict[str, Any]:
    return natural_person(
        "audit-subjects-person", "王五", PERSON_ID, category, declared_annual_turnover_yuan=turnover
    )


@pytest.mark.parametrize(
    ("category", "turnover", "expected"),
    [
        ("服装", "100000", (Decision.PASS, ())),
        ("服装", "10万元", (Decision.PASS, ())),
        ("服装", "100000.01", (Decision.FAIL, ("merchant.exemption_exceeded",))),
        ("服装", None, (Decision.REVIEW, ("merchant.turnover_unknown",))),
        (
            "edible_agricultural_products",
            300_000,
            (Decision.REVIEW, ("merchant.exemption_own_produce",)),
        ),
        ("handicrafts", 300_000, (Decision.REVIEW, ("merchant.exemption_own_produce",))),
        (
            "convenience_services",
            300_000,
            (Decision.REVIEW, ("merchant.exemption_convenience_services",)),
        ),
    ],
)
def test_a_natural_persons_turnover_and_exemptions(
    category: str, turnover: Any, expected: tuple[Decision, tuple[str, ...]]
) -> None:
    assert _codes(_person(category, turnover)) == expected


def test_a_natural_person_catering_must_register_whatever_the_turnover() -> None:
    decision, codes = _codes(_person("catering", 1_000))
    assert decision is Decision.FAIL
    assert "merchant.registration_required" in codes


def test_a_natural_person_without_any_identity_fails() -> None:
    record = _person("服装", 1_000)
    record["legal_representative"] = {"name": "王五"}
    assert _codes(record) == (Decision.FAIL, ("merchant.identity_missing",))


@pytest.mark.parametrize("declared", ["person", "Natural Person", "自然人", "个人", "个人卖家"])
def test_person_spellings_are_read_as_natural_persons(declared: str) -> None:
    merchant = Merchant.model_validate({"subject_type": declared, "name": "王五"})
    assert merchant.subject_type.value == "natural_person"


# ------------------------------------------------------------------ spellings that are refused


@pytest.mark.parametrize("declared", ["individual", "Individual", "personal", "个人店铺", "个人店"])
def test_a_name_of_either_kind_is_refused_naming_the_field_and_why(declared: str) -> None:
    report = verify(_own(declared, SHOP, INDIVIDUAL, "王五"), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    (finding,) = [f for f in report.findings if f.code == "record.invalid_value"]
    assert finding.json_path == "$.subject_type"
    assert "individual business" in finding.message
    assert "natural person" in finding.message
    assert "个体工商户" in finding.message_zh
    assert "自然人" in finding.message_zh
    assert "主体类型" in finding.message_zh


@pytest.mark.parametrize(
    "declared",
    [
        "外国企业常驻代表机构",
        "外国（地区）企业常驻代表机构",
        "常驻代表机构",
        "representative office",
    ],
)
def test_a_representative_office_is_refused_as_no_seller(declared: str) -> None:
    """A foreign enterprise's resident representative office may engage in no
    profit-making activity (外国企业常驻代表机构登记管理条例 art. 2): never passed."""
    report = verify(_seller(declared, "美国示例公司北京代表处", None), as_of=AS_OF)
    assert not_pass(report)
    (finding,) = [f for f in report.findings if f.code == "record.invalid_value"]
    assert finding.json_path == "$.subject_type"
    assert "profit-making" in finding.message
    assert "营利性活动" in finding.message_zh


@pytest.mark.parametrize("declared", ["1", "公司制", "", "   ", None, 2, ["企业"]])
def test_other_unreadable_kinds_are_reviewed_at_the_field(declared: Any) -> None:
    report = verify(_own(declared, HUAWEI_NAME, HUAWEI), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert "$.subject_type" in json_paths(report)


# ------------------------------------------- a person's ID number in the record's uscc column


@pytest.mark.parametrize(
    "person",
    [
        None,
        "王五",
        {"name": "王五"},
        {"name": "王五", "id_number": ""},
        {"name": "王五", "id_number": PERSON_ID},
    ],
)
def test_a_natural_persons_id_number_given_as_the_uscc_is_read_as_the_id(person: Any) -> None:
    # one "证件号码" column for every kind of seller: the person was failed on the number's
    # USCC check digits (uscc.province / uscc.checksum), though a person has no USCC
    record = _person("服装", 5_000)
    record["uscc"] = PERSON_ID
    if person is None:
        del record["legal_representative"]
    else:
        record["legal_representative"] = person
    report = verify(record, as_of=AS_OF)
    assert (report.decision, report.codes) == (Decision.PASS, ())
    assert PERSON_ID not in repr(Merchant.model_validate(record))


def test_a_natural_persons_id_as_the_uscc_still_counts_as_the_id_it_is() -> None:
    """Read as the ID, the number is judged as one: a first-generation number is outdated."""
    record = _person("服装", 5_000)
    record["uscc"] = "110105491231002"  # GB 11643-1989 example (domain.md §3.1)
    del record["legal_representative"]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert "merchant.identity_outdated" in report.codes


def test_an_id_as_the_uscc_beside_another_id_number_is_not_passed() -> None:
    other = make_ric(birth_date=datetime.date(1991, 2, 3), rng=random.Random(5))
    record = _person("服装", 5_000)
    record["uscc"] = other
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert any(code.startswith("uscc.") for code in report.codes)
    assert other not in report.model_dump_json()


def test_an_enterprise_giving_an_id_number_as_its_uscc_still_fails() -> None:
    report = verify(_seller("企业", HUAWEI_NAME, PERSON_ID), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert any(code.startswith("uscc.") for code in report.codes)
    assert PERSON_ID not in report.model_dump_json()


# ------------------------------------------------------- the type (类型) printed on the licence


def _typed(subject_type: str, name: str, uscc: str, printed: str) -> dict[str, Any]:
    return _seller(subject_type, name, uscc, _licence(uscc, name, entity_type=printed))


@pytest.mark.parametrize(
    ("declared", "printed"),
    [
        ("企业", "有限责任公司（自然人投资或控股）"),
        ("企业", "有限责任公司分公司（自然人独资）"),  # a branch filed as an enterprise
        ("分公司", "其他有限责任公司"),
        ("企业", "个人独资企业"),
        ("企业", "普通合伙企业"),
        ("企业", "某种未知类型"),  # a type this library does not read decides nothing
    ],
)
def test_a_licence_type_of_the_same_registration_passes(declared: str, printed: str) -> None:
    assert _codes(_typed(declared, HUAWEI_NAME, HUAWEI, printed)) == (Decision.PASS, ())


@pytest.mark.parametrize(
    ("declared", "printed", "kind_zh"),
    [
        ("企业", "个体工商户", "个体工商户"),
        ("企业", "农民专业合作社", "农民专业合作社"),
        ("企业", "外国（地区）企业常驻代表机构", "常驻代表机构"),
        ("分公司", "外国企业常驻代表机构", "常驻代表机构"),
    ],
)
def test_a_licence_type_of_another_kind_is_reviewed(
    declared: str, printed: str, kind_zh: str
) -> None:
    # the printed type was read nowhere: a representative office's licence type passed
    report = verify(_typed(declared, HUAWEI_NAME, HUAWEI, printed), as_of=AS_OF)
    assert report.decision is Decision.REVIEW, report.codes
    (finding,) = report.findings
    assert finding.code == "consistency.entity_type_mismatch"
    assert finding.json_path == "$.documents[0].entity_type"
    assert kind_zh in finding.message_zh


def test_a_licence_type_the_uscc_already_contradicts_is_reported_once() -> None:
    report = verify(_typed("企业", SHOP, INDIVIDUAL, "个体工商户"), as_of=AS_OF)
    assert report.codes == (MISMATCH,)


def test_a_personal_number_typed_into_the_licence_type_is_not_quoted() -> None:
    report = verify(_typed("企业", HUAWEI_NAME, HUAWEI, f"个体工商户{PERSON_ID}"), as_of=AS_OF)
    assert PERSON_ID not in report.model_dump_json()
