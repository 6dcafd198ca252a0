"""Audit, consistency round 2: names, USCCs, representatives and regions as platforms see them.

Contract (docs/verify.md "What consistency compares"; DESIGN.md "Decisions that hold across
the code"; registries-and-users.md §4.3 and §6.2 "same name after normalisation, same USCC,
same legal rep/负责人"): holder names are compared after normalisation (NFKC, brackets of
any shape, white space and line breaks, dots between the parts of a name, hyphens,
invisible characters, case, legal-form variants); a name holding the other, or differing
only in how its place is written or in traditional characters, is *similar* (review); any
other difference — one character, another place, another legal form — fails.  Every
document carries the seller's USCC (fail otherwise: a parent's licence does not cover its
branch).  The legal representative and the issuing province are soft rules: a warning
that names its rule, never a fail.  Findings name the field they are about.

Beyond tests/audit/test_audit_domain_consistency.py: OCR line breaks, other bracket shapes,
（中国）, invisible characters beyond ZWSP/ZWJ/BOM, co-operatives and individual businesses,
branches and parents, masked and combined representatives, 雄安 and 兵团 regions.
Generated numbers only (``qualcheck.testing``).
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from audit_support import AS_OF, RIC

from qualcheck import Decision, Report, verify
from qualcheck._codes import Severity
from qualcheck.checks.consistency import normalize_name
from qualcheck.numbers import food_business
from qualcheck.testing import make_food_business, make_food_production, make_ric, make_uscc

REGION = "330106"  # Hangzhou, Xihu district
USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(4101))
PARENT_USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(4102))
BRANCH_USCC = make_uscc(entity_type="1", region=REGION, rng=random.Random(4103))
NAME = "杭州示例优选食品有限公司"
BRANCH = "杭州示例优选食品有限公司西湖分公司"
REP = "张三"
JY = make_food_business(form=1, region=REGION, rng=random.Random(4104))


def _licence(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "business_license",
        "number": USCC,
        "holder_name": NAME,
        "legal_representative": REP,
        "validity": "2019-04-02至长期",
        **fields,
    }


def _food(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "food_business",
        "number": JY,
        "holder_name": NAME,
        "holder_uscc": USCC,
        "legal_representative": REP,
        "valid_from": "2023-06-12",
        "valid_to": "2028-06-11",
        **fields,
    }


def _seller(*documents: dict[str, Any], **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "merchant_id": "audit-consistency-2",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "legal_representative": {"name": REP},
        "categories": ["食品销售"],
        "documents": list(documents) if documents else [_licence(), _food()],
    }
    record.update(fields)
    return record


def _run(record: dict[str, Any]) -> Report:
    return verify(record, as_of=AS_OF)


def _found(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


def _holder(holder_name: str, merchant_name: str = NAME) -> Report:
    """The seller named ``merchant_name`` (its food licence too); its business licence
    issued to ``holder_name``."""
    return _run(
        _seller(
            _licence(holder_name=holder_name), _food(holder_name=merchant_name), name=merchant_name
        )
    )


def test_baseline_passes() -> None:
    report = _run(_seller())
    assert (report.decision, report.codes) == (Decision.PASS, ())


# --- names: written otherwise, the same name -------------------------------------------


@pytest.mark.parametrize(
    ("merchant_name", "holder_name"),
    [
        (NAME, NAME + "\n"),  # a trailing newline from a form
        (NAME, "杭州示例优选\n食品有限公司"),  # OCR broke the line inside the name
        (NAME, "杭州示例优选\r\n食品有限\n公司"),
        (NAME, "杭州示例优选\u00a0食品有限公司\u2028"),  # NBSP, LINE SEPARATOR
        (NAME, "杭州示例-优选食品有限公司"),  # a hyphen typed into the name
        ("示例优选食品〔杭州〕有限公司", "示例优选食品（杭州）有限公司"),
        ("示例优选食品【杭州】有限公司", "示例优选食品(杭州)有限公司"),
        ("示例优选食品［杭州］有限公司", "示例优选食品（杭州）有限公司"),
        ("示例（中国）投资有限公司", "示例(中国)投资有限公司"),
        ("ＡＢＣ示例３号食品有限公司", "abc示例3号食品有限责任公司"),
        ("示例优选食品股份有限公司", "示例优选食品股份公司"),
    ],
    ids=[
        "trailing-newline",
        "ocr-line-break",
        "crlf",
        "nbsp-line-separator",
        "hyphen",
        "tortoise-shell-brackets",
        "lenticular-brackets",
        "full-width-square-brackets",
        "china-in-brackets",
        "full-width-case-form",
        "joint-stock-form",
    ],
)
def test_a_name_written_otherwise_passes(merchant_name: str, holder_name: str) -> None:
    report = _holder(holder_name, merchant_name)
    assert (report.decision, report.codes) == (Decision.PASS, ())


@pytest.mark.parametrize(
    "invisible",
    [
        "\u00ad",  # SOFT HYPHEN
        "\u034f",  # COMBINING GRAPHEME JOINER
        "\u180e",  # MONGOLIAN VOWEL SEPARATOR
        "\u200e",  # LEFT-TO-RIGHT MARK
        "\u202c",  # POP DIRECTIONAL FORMATTING
        "\u2060",  # WORD JOINER
        "\u2061",  # FUNCTION APPLICATION
        "\u3164",  # HANGUL FILLER
        "\ufe0f",  # VARIATION SELECTOR-16
        "\U000e0020",  # TAG SPACE
    ],
)
def test_invisible_characters_never_tell_names_apart(invisible: str) -> None:
    # DESIGN.md: "zero-width characters removed"; registries-and-users.md §4.3 names
    # zero-width characters and the soft hyphen as an evasion route.  Every default-
    # ignorable code point is invisible: two names that look the same are the same.
    report = _holder(f"杭州示例{invisible}优选食品有限公司{invisible}")
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_invisible_characters_do_not_hide_a_real_difference() -> None:
    report = _holder("杭州示例优\u200b良\u200e食品有限公司")
    assert report.decision is Decision.FAIL
    assert _found(report) == [("consistency.name_mismatch", "$.documents[0].holder_name")]


def test_random_spacing_and_invisible_characters_keep_a_name() -> None:
    rng = random.Random(4105)
    noise = [" ", "\u3000", "\n", "\t", "\u200b", "\ufeff", "\u200d", "\u00ad", "·"]
    for _ in range(25):
        spelled = "".join(char + rng.choice(["", "", *noise]) for char in NAME)
        report = _holder(spelled)
        assert report.decision is Decision.PASS, (spelled, report.codes)


def test_farmers_cooperative_with_or_without_farmers_is_one_name() -> None:
    # 农民专业合作社 is the legal form, names carry 专业合作社: the same form written two ways
    coop = make_uscc(entity_type="3", region=REGION, rng=random.Random(4106))
    name = "杭州市西湖区示例茶叶专业合作社"
    record = _seller(
        _licence(number=coop, holder_name="杭州市西湖区示例茶叶农民专业合作社"),
        subject_type="农民专业合作社",
        name=name,
        uscc=coop,
        categories=["普通商品"],
    )
    report = _run(record)
    assert (report.decision, report.codes) == (Decision.PASS, ())


# --- names: near misses (review) and other names (fail) --------------------------------


@pytest.mark.parametrize(
    ("merchant_name", "holder_name"),
    [
        ("示例（中国）投资有限公司", "示例投资（中国）有限公司"),  # （中国） moved
        ("示例（中国）投资有限公司", "示例投资有限公司"),  # （中国） left out
        ("北京示例科技有限公司", "示例科技有限公司"),  # region prefix left out
        (NAME, BRANCH),  # a branch's licence
        (NAME, "杭州示例優選食品有限公司"),  # traditional characters
    ],
    ids=["china-moved", "china-left-out", "region-prefix", "branch", "traditional"],
)
def test_a_near_miss_is_review_naming_the_holder_name(merchant_name: str, holder_name: str) -> None:
    report = _holder(holder_name, merchant_name)
    assert report.decision is Decision.REVIEW
    assert _found(report) == [("consistency.name_similar", "$.documents[0].holder_name")]
    (finding,) = report.findings
    assert finding.rule
    assert holder_name.strip() in finding.message_zh
    assert "营业执照" in finding.message_zh


@pytest.mark.parametrize(
    ("merchant_name", "holder_name"),
    [
        (NAME, "杭州示例优良食品有限公司"),  # one character
        ("ABC示例食品有限公司", "ABD示例食品有限公司"),  # one Latin letter
        ("北京示例科技有限公司", "上海示例科技有限公司"),  # another place
        (NAME, "杭州示例优选食品股份有限公司"),  # another legal form
        ("杭州市西湖区示例茶叶专业合作社", "杭州市西湖区示范茶叶专业合作社"),
        (NAME, "有限公司"),  # a bare legal form holds nothing of the name
        (NAME, "示"),  # one character is no name
        # a dash or a dot alone is no name at all, not another holder's: see
        # test_audit_consistency_3.py (the business licence's number ties it)
    ],
    ids=[
        "one-character",
        "one-letter",
        "other-place",
        "other-legal-form",
        "coop-one-character",
        "bare-legal-form",
        "single-character",
    ],
)
def test_another_name_fails(merchant_name: str, holder_name: str) -> None:
    report = _holder(holder_name, merchant_name)
    if normalize_name(holder_name) == normalize_name(merchant_name):
        pytest.fail(f"test data: {holder_name!r} is the same name")
    assert report.decision is Decision.FAIL
    assert _found(report) == [("consistency.name_mismatch", "$.documents[0].holder_name")]
    (finding,) = report.findings
    assert finding.severity is Severity.ERROR
    assert "holder_name" in finding.json_path


def test_mismatch_message_names_document_and_both_names() -> None:
    report = _holder("杭州示例优良食品有限公司")
    (finding,) = report.findings
    assert "杭州示例优良食品有限公司" in finding.message_zh
    assert NAME in finding.message_zh
    assert "营业执照" in finding.message_zh
    assert "business licence" in finding.message


def test_an_id_number_typed_into_a_holder_name_is_masked_in_the_finding() -> None:
    report = _holder(f"杭州示例食品{RIC}")
    assert report.decision is Decision.FAIL
    for finding in report.findings:
        assert RIC not in finding.message
        assert RIC not in finding.message_zh
        assert RIC[6:14] not in finding.message_zh


# --- branches and parents ---------------------------------------------------------------


def test_a_parents_licence_does_not_cover_its_branch() -> None:
    # a branch has its own USCC and its own licences; the parent's food licence, carrying
    # the parent's USCC, is another subject's
    record = _seller(
        _licence(number=BRANCH_USCC, holder_name=BRANCH, legal_representative="李四"),
        _food(holder_uscc=PARENT_USCC, holder_name=NAME, legal_representative="王五"),
        subject_type="分公司",
        name=BRANCH,
        uscc=BRANCH_USCC,
        legal_representative={"name": "李四"},
    )
    report = _run(record)
    assert report.decision is Decision.FAIL
    assert ("consistency.uscc_mismatch", "$.documents[1].holder_uscc") in _found(report)
    (finding,) = (f for f in report.findings if f.code == "consistency.uscc_mismatch")
    assert PARENT_USCC in finding.message_zh
    assert BRANCH_USCC in finding.message_zh
    assert "食品经营许可证" in finding.message_zh


def test_a_branchs_licence_does_not_cover_its_parent() -> None:
    report = _run(_seller(_licence(), _food(holder_uscc=BRANCH_USCC, holder_name=BRANCH)))
    assert report.decision is Decision.FAIL
    assert _found(report) == [
        ("consistency.uscc_mismatch", "$.documents[1].holder_uscc"),
        ("consistency.name_similar", "$.documents[1].holder_name"),
    ]


def test_a_parents_licence_without_its_uscc_is_review_for_the_branch() -> None:
    document = _food(holder_name=NAME)
    del document["holder_uscc"]
    record = _seller(
        _licence(number=BRANCH_USCC, holder_name=BRANCH),
        document,
        subject_type="branch",
        name=BRANCH,
        uscc=BRANCH_USCC,
    )
    report = _run(record)
    assert report.decision is Decision.REVIEW
    assert _found(report) == [("consistency.name_similar", "$.documents[1].holder_name")]


# --- individual businesses ----------------------------------------------------------------

IB_USCC = make_uscc(entity_type="2", region=REGION, rng=random.Random(4107))
TRADE_NAME = "杭州市西湖区老王烧烤店"


def _individual(
    name: str, holder: str, operator: str | None = REP, printed: str | None = REP
) -> Report:
    licence: dict[str, Any] = {
        "kind": "business_license",
        "number": IB_USCC,
        "holder_name": holder,
        "validity": "2020-01-02至长期",
    }
    if printed is not None:
        licence["legal_representative"] = printed
    record: dict[str, Any] = {
        "subject_type": "个体工商户",
        "name": name,
        "uscc": IB_USCC,
        "categories": ["普通商品"],
        "documents": [licence],
    }
    if operator is not None:
        record["legal_representative"] = {"name": operator}
    return _run(record)


def test_individual_business_named_by_its_operator_whose_licence_prints_him_passes() -> None:
    # the platform recorded the operator's name; the licence gives the trade name and
    # prints the same operator (经营者): one seller
    report = _individual(REP, TRADE_NAME)
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_individual_business_named_by_its_operator_alone_is_review() -> None:
    report = _individual(REP, TRADE_NAME, printed=None)
    assert report.decision is Decision.REVIEW
    assert _found(report) == [("consistency.name_similar", "$.documents[0].holder_name")]


def test_individual_business_named_by_another_person_fails() -> None:
    report = _individual("李四", TRADE_NAME)
    assert report.decision is Decision.FAIL
    assert _found(report) == [("consistency.name_mismatch", "$.documents[0].holder_name")]


def test_individual_business_whose_licence_prints_another_operator_fails() -> None:
    report = _individual(REP, TRADE_NAME, operator=REP, printed="李四")
    assert report.decision is Decision.FAIL
    assert _found(report) == [
        ("consistency.name_mismatch", "$.documents[0].holder_name"),
        ("consistency.legal_rep_mismatch", "$.documents[0].legal_representative"),
    ]


def test_individual_business_kind_mark_is_no_part_of_the_name() -> None:
    report = _individual(TRADE_NAME, TRADE_NAME + "（个体工商户）")
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_individual_business_of_another_trade_name_fails() -> None:
    report = _individual(TRADE_NAME, "杭州市西湖区老李烧烤店")
    assert report.decision is Decision.FAIL
    assert _found(report) == [("consistency.name_mismatch", "$.documents[0].holder_name")]


def test_individual_business_identity_of_another_person_still_fails() -> None:
    # the operator rule is for trade names: an identity card names a person
    ric = make_ric(rng=random.Random(4108))
    record = {
        "subject_type": "个体工商户",
        "name": REP,
        "uscc": IB_USCC,
        "legal_representative": {"name": REP, "id_number": ric},
        "categories": ["普通商品"],
        "documents": [
            {
                "kind": "business_license",
                "number": IB_USCC,
                "holder_name": REP,
                "validity": "2020-01-02至长期",
            },
            {
                "kind": "identity",
                "number": ric,
                "holder_name": "李四",
                "valid_from": "2020-01-01",
                "valid_to": "2040-01-01",
            },
        ],
    }
    report = _run(record)
    assert report.decision is Decision.FAIL
    assert ("consistency.name_mismatch", "$.documents[1].holder_name") in _found(report)


# --- USCC ---------------------------------------------------------------------------------


def test_holder_uscc_in_lower_case_with_spaces_and_hyphens_is_the_seller() -> None:
    spelled = f" {USCC[:2].lower()} {USCC[2:8]}-{USCC[8:17].lower()}-{USCC[17]} "
    report = _run(_seller(_licence(), _food(holder_uscc=spelled)))
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_a_document_without_holder_uscc_is_compared_by_name() -> None:
    document = _food()
    del document["holder_uscc"]
    report = _run(_seller(_licence(), document))
    assert (report.decision, report.codes) == (Decision.PASS, ())
    document["holder_name"] = "杭州示例良品食品有限公司"
    report = _run(_seller(_licence(), document))
    assert _found(report) == [("consistency.name_mismatch", "$.documents[1].holder_name")]


def test_an_old_registration_number_as_holder_uscc_does_not_pass() -> None:
    # 330106000129004: a real 15-digit 注册号 (domain.md §2); licences printing one are
    # the pre-2015 form: not the seller's USCC, never PASS, reported where it sits
    report = _run(_seller(_licence(), _food(holder_uscc="330106000129004")))
    assert report.decision is Decision.FAIL
    assert ("uscc.registration_number", "$.documents[1].holder_uscc") in _found(report)


def test_another_companys_uscc_fails_even_with_the_right_name() -> None:
    report = _run(_seller(_licence(), _food(holder_uscc=PARENT_USCC)))
    assert report.decision is Decision.FAIL
    assert _found(report) == [("consistency.uscc_mismatch", "$.documents[1].holder_uscc")]


@pytest.mark.parametrize("blank", ["", " ", "无", "/", "—"])
def test_a_blank_holder_uscc_is_no_uscc(blank: str) -> None:
    # a platform export's empty cell: the record's own uscc reads it as "none given"
    report = _run(_seller(_licence(), _food(holder_uscc=blank)))
    assert (report.decision, report.codes) == (Decision.PASS, ())


# --- legal representative (soft) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("recorded", "printed"),
    [
        ("阿卜杜拉·买买提", "阿卜杜拉•买买提"),  # BULLET
        ("阿卜杜拉·买买提", "阿卜杜拉．买买提"),  # FULLWIDTH FULL STOP
        ("阿卜杜拉·买买提", "阿卜杜拉.买买提"),
        ("阿卜杜拉·买买提", "阿卜杜拉・买买提"),  # KATAKANA MIDDLE DOT
        ("阿卜杜拉·买买提", "阿卜杜拉‧买买提"),  # HYPHENATION POINT
        ("阿卜杜拉·买买提", "阿卜杜拉 买买提"),
        ("阿卜杜拉·买买提", "阿卜杜拉-买买提"),
        (REP, "张 三"),
        (REP, "张*"),  # masked as exports show it
        ("张三丰", "张**"),
        (REP, "张＊"),
        ("张三丰", "张*丰"),
        (REP, "张三（负责人）"),  # the role printed after the name
        (REP, "法定代表人（负责人）：张三"),  # the combined label
        (REP, "负责人：张三"),
        (REP, "张三、李四"),  # several executive partners
        (REP, "/"),  # nobody printed
        (REP, "无"),
        (REP, "**"),
    ],
)
def test_the_same_representative_written_otherwise_passes(recorded: str, printed: str) -> None:
    record = _seller(
        _licence(legal_representative=printed),
        _food(legal_representative=recorded),
        legal_representative={"name": recorded},
    )
    report = _run(record)
    assert (report.decision, report.codes) == (Decision.PASS, ())


@pytest.mark.parametrize("printed", ["李四", "李*", "张*丰", "张三丰", "张"])
def test_another_representative_is_a_named_warning_never_a_fail(printed: str) -> None:
    # soft: a licence may name its person in charge; representatives change first
    report = _run(_seller(_licence(), _food(legal_representative=printed)))
    assert report.decision is Decision.REVIEW
    assert _found(report) == [
        ("consistency.legal_rep_mismatch", "$.documents[1].legal_representative")
    ]
    (finding,) = report.findings
    assert finding.severity is Severity.WARNING
    assert finding.rule
    assert printed in finding.message_zh
    assert REP in finding.message_zh


# --- regions (soft) -------------------------------------------------------------------------


def _regional(uscc_region: str, number: str, **fields: Any) -> Report:
    uscc = make_uscc(entity_type="1", region=uscc_region, rng=random.Random(4109))
    document = _food(number=number, holder_uscc=uscc, **fields)
    return _run(_seller(_licence(number=uscc), document, uscc=uscc))


def test_xiongan_seller_with_a_hebei_licence_passes() -> None:
    report = _regional("133100", make_food_business(region="130102", rng=random.Random(1)))
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_xiongan_seller_with_a_beijing_licence_is_a_named_warning() -> None:
    report = _regional("133100", make_food_business(region="110105", rng=random.Random(2)))
    assert report.decision is Decision.REVIEW
    assert _found(report) == [("consistency.region_mismatch", "$.documents[1].number")]
    (finding,) = report.findings
    assert finding.rule
    assert "北京" in finding.message_zh
    assert "河北" in finding.message_zh


def test_xpcc_city_seller_with_its_licence_passes() -> None:
    # 石河子市 659001: a city of the Xinjiang Production and Construction Corps, coded
    # under Xinjiang (65) in GB/T 2260
    report = _regional("659001", make_food_business(region="659001", rng=random.Random(3)))
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_a_province_code_outside_the_table_is_no_region_mismatch() -> None:
    # 66 (used for the Corps in some systems) is not a GB/T 2260 province: the number's
    # own soft finding asks for review; consistency invents no region to compare
    body = "JY1660101000001"
    number = body + food_business.calc_check_digit(body)
    report = _regional("659001", number)
    assert report.decision is Decision.REVIEW
    assert "consistency.region_mismatch" not in report.codes


def test_a_moved_company_is_only_warned() -> None:
    # registered in Zhejiang (USCC 33…), producing in Shanghai: SC from 31
    sc = make_food_production(region="310115", rng=random.Random(4))
    record = _seller(
        _licence(),
        _food(),
        {
            "kind": "food_production",
            "number": sc,
            "holder_name": NAME,
            "holder_uscc": USCC,
            "valid_from": "2023-01-10",
            "valid_to": "2028-01-09",
        },
    )
    report = _run(record)
    assert report.decision is Decision.REVIEW
    assert ("consistency.region_mismatch", "$.documents[2].number") in _found(report)
    assert all(f.severity is not Severity.ERROR for f in report.findings)


@pytest.mark.parametrize(
    "issuer",
    ["市场监督管理局", "上海市浦东新区市场监督管理局", "雄安新区综合执法局", "兵团市场监督管理局"],
)
def test_the_issuing_authoritys_text_is_not_judged(issuer: str) -> None:
    report = _run(_seller(_licence(issuing_authority=issuer), _food(issuing_authority=issuer)))
    assert (report.decision, report.codes) == (Decision.PASS, ())


def test_normalize_name_is_idempotent_on_real_variants() -> None:
    for raw in (
        "示例【杭州】食品店（个体工商户）",
        "阿卜杜拉•买买提\u200b",
        "ＡＢＣ示例３号食品有限责任公司",
        "杭州市西湖区示例茶叶农民专业合作社",
        NAME + "\n",
    ):
        once = normalize_name(raw)
        assert normalize_name(once) == once, raw
