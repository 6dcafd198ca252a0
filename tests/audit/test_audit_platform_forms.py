"""Audit of five readers of what platforms store, added on 2026-11-29.

1. a business licence's printed type (类型) as the subject type
   (``qualcheck.models.merchant._subject_by_licence_type``; docs/models.md "Subject types");
2. a document's title as its kind (``qualcheck.models.documents.document_kind`` and
   ``_canonical_kind``, ``qualcheck._record._kind_of``, ``MockRegistry``; docs/models.md
   "The discriminated union");
3. the words printed around one end of a validity period (``qualcheck.dates._endpoint``;
   docs/types.md "Validity periods");
4. holder names written otherwise (``qualcheck.checks.consistency.written_otherwise`` and
   ``qualcheck.checks._names``), in the consistency and the registry checks;
5. an individual business's licence without a term (USCC 92…,
   ``qualcheck.checks.validity._no_term_printed``).

Each test states the documented contract (docs, docstrings, the reference's facts) and
attacks it; decisions are checked through ``verify`` as of 2026-11-29.  Above all, nothing
may end in PASS where the law or the docs require otherwise, and two different sellers must
never be read as one.  The defects this audit found (a
hostile type that crashed verify, void documents read as licences, false similarities of
different sellers, a 92 licence starting later that passed …) are fixed; their tests stay as
regression tests.

The records start from examples/merchants.jsonl: index 0 is a food shop (USCC 91…) and
index 7 an individual business (USCC 92…), both passing as of the pinned date.  Other
identifiers are generated (``make_uscc``, ``make_ric``): they belong to nobody.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, AS_OF_TEXT, example, no_traceback, run_cli, write_jsonl
from pydantic import ValidationError

from qualcheck import Decision, Merchant, Report, verify
from qualcheck.checks._names import name_core
from qualcheck.checks.consistency import normalize_name, written_otherwise
from qualcheck.dates import Validity
from qualcheck.models import IdentityType, SubjectType, document_adapter, document_kind
from qualcheck.models.documents import DOCUMENT_KINDS
from qualcheck.testing import MockRegistry, make_ric, make_uscc

FOOD_SHOP, INDIVIDUAL, NATURAL = 0, 7, 6  # examples that pass as of AS_OF


def located(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


def frozen(record: Any) -> str:
    """The record as canonical JSON, to tell whether anything changed it."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=repr)


def subject_of(printed: str) -> SubjectType | None:
    """The subject type ``printed`` is read as, or ``None`` when it is refused."""
    try:
        return Merchant.model_validate({"subject_type": printed, "name": "示例"}).subject_type
    except ValidationError as exc:
        where = [error["loc"] for error in exc.errors()]
    assert where == [("subject_type",)]
    return None


class _Spy:
    """A compiled pattern that records the length of every text it is applied to."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.lengths: list[int] = []

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        self.lengths.append(len(text))
        return self.pattern.sub(repl, text, count)

    def search(self, text: str) -> re.Match[str] | None:
        self.lengths.append(len(text))
        return self.pattern.search(text)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


# ============================================================== 1. subject types from 类型

ENTERPRISE_TYPES = [
    "有限责任公司（自然人投资或控股的法人独资）",
    "有限责任公司(自然人投资或控股的法人独资)",
    "有限责任公司（非自然人投资或控股的法人独资）",
    "有限责任公司（外国法人独资）",
    "有限责任公司（中外合资）",
    "有限责任公司（国有独资）",
    "股份有限公司（港澳台投资、上市）",
    "股份有限公司(非上市、自然人投资或控股)",
    "其他股份有限公司(上市)",
    "一人有限责任公司",
    "全民所有制",
    "集体所有制",
    "联营",
    "个人独资企业",  # a sole proprietorship is an enterprise (91), not a natural person
    "普通合伙企业",
    "特殊普通合伙企业",
    "有限合伙企业",
    "非公司私营企业",
    "外商投资企业",
    "中外合作经营企业",
    "有限责任公司（（自然人投资或控股））",  # nested brackets
    "有限责任公司(（自然人投资或控股）)",  # nested, half- and full-width
    "有限责任公司（自然人投资或控股)",  # mixed widths
    " 有限责任公司 （自然人投资或控股） ",
    "Limited Liability Company",
    "limited-liability company",
    "JOINT STOCK COMPANY",
]
BRANCH_TYPES = [
    "全民所有制分支机构（非法人）",
    "有限责任公司分公司（自然人投资或控股的法人独资）",
    "股份有限公司分公司（上市、国有控股）",
    "个人独资企业分支机构",
    "合伙企业分支机构",
    "外国（地区）公司分支机构",
    "外商投资企业分支机构",
    "内资企业法人分支机构",
]
INDIVIDUAL_TYPES = ["个体工商户（个人经营）", "个体工商户(家庭经营)", "个体（家庭经营）", "个体户"]
COOPERATIVE_TYPES = ["农民专业合作社（联合社）", "农民专业合作社分支机构", "农民专业合作社联合社"]


@pytest.mark.parametrize(
    ("printed", "subject"),
    [
        *((printed, SubjectType.ENTERPRISE) for printed in ENTERPRISE_TYPES),
        *((printed, SubjectType.BRANCH) for printed in BRANCH_TYPES),
        *((printed, SubjectType.INDIVIDUAL_BUSINESS) for printed in INDIVIDUAL_TYPES),
        *((printed, SubjectType.COOPERATIVE) for printed in COOPERATIVE_TYPES),
    ],
)
def test_a_printed_licence_type_names_its_subject(printed: str, subject: SubjectType) -> None:
    """docs/models.md: the type is read by its legal form, whatever its qualifiers in
    brackets (nested ones too, in either width)."""
    assert subject_of(printed) is subject


@pytest.mark.parametrize(
    ("printed", "subject"),
    [
        ("集体分支机构（非法人）", SubjectType.BRANCH),
        ("股份制", SubjectType.ENTERPRISE),
        ("股份制分支机构", SubjectType.BRANCH),
    ],
)
def test_collective_and_joint_stock_types_are_read(printed: str, subject: SubjectType) -> None:
    """The 企业(机构)类型 table of the former SAIC lists 3300 股份制, 4320 集体分支机构（非法人）
    and 4330 股份制分支机构 next to 3100 全民所有制 and 4310 全民所有制分支机构（非法人）, which
    are read; a collective's branch is a branch like a state-owned enterprise's."""
    assert subject_of(printed) is subject


@pytest.mark.parametrize(
    "printed",
    [
        "1",  # bare codes: each system numbers the kinds its own way
        "2",
        "3",
        "9",
        "91",
        "92",
        "外国（地区）企业常驻代表机构",  # may not trade
        "外国企业常驻代表处",
        "港澳台企业常驻代表机构",
        "个人独资企业常驻代表机构",
        "个人经营",  # a qualifier alone
        "家庭经营",
        "（个体）",
        "()",
        "有限责任公司（自然人投资或控股",  # a bracket never closed
        "有限责任公司自然人投资或控股）",
        "个体)",
        "Representative Office",
        "individual",  # an individual business, or a natural person?
    ],
)
def test_what_names_no_subject_stays_refused(printed: str) -> None:
    assert subject_of(printed) is None
    record = example(FOOD_SHOP)
    record["subject_type"] = printed
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert ("record.invalid_value", "$.subject_type") in located(report)


def test_person_words_are_never_read_as_a_registered_form() -> None:
    """个人 is a natural person (docs/models.md table), never an individual business; a sole
    proprietorship (个人独资企业) is an enterprise, not a natural person."""
    assert subject_of("个人") is SubjectType.NATURAL_PERSON
    assert subject_of("自然人") is SubjectType.NATURAL_PERSON
    assert subject_of("个人独资企业") is SubjectType.ENTERPRISE
    assert subject_of("个人独资企业分支机构") is SubjectType.BRANCH


@pytest.mark.parametrize(
    "printed",
    [
        "有限责任公司【自然人投资或控股】",
        "有限责任公司〔自然人投资或控股〕",
        "有限责任公司［自然人投资或控股］",
        "有限責任公司（自然人投資或控股）",  # traditional characters
        "個體工商戶",
    ],
)
def test_other_brackets_and_scripts_are_never_misread(printed: str) -> None:
    """Brackets other than （） and traditional characters are either read as the form they
    bracket or refused — never read as another kind."""
    expected = SubjectType.INDIVIDUAL_BUSINESS if "個體" in printed else SubjectType.ENTERPRISE
    assert subject_of(printed) in (expected, None)


def _coop_record(subject_type: str) -> dict[str, Any]:
    record = example(FOOD_SHOP)
    uscc = make_uscc(entity_type="3", region="330106", rng=random.Random(93))
    record["uscc"] = uscc
    record["documents"][0]["number"] = uscc
    record["documents"][0]["entity_type"] = "农民专业合作社"
    record["documents"][1]["holder_uscc"] = uscc
    record["subject_type"] = subject_type
    return record


@pytest.mark.parametrize(
    ("uscc_type", "printed", "fits"),
    [
        *(("91", printed, True) for printed in ENTERPRISE_TYPES[:14] + BRANCH_TYPES),
        ("91", "个体工商户（个人经营）", False),
        ("91", "农民专业合作社（联合社）", False),
        ("92", "个体工商户（个人经营）", True),
        ("92", "个体（家庭经营）", True),
        ("92", "有限责任公司（自然人独资）", False),
        ("92", "个人独资企业", False),  # an enterprise (91), not an individual business
        ("92", "农民专业合作社", False),
        ("93", "农民专业合作社（联合社）", True),
        ("93", "农民专业合作社分支机构", True),  # a co-op's branch shares its type 93
        ("93", "有限责任公司（自然人投资或控股）", False),
        ("93", "个体工商户（家庭经营）", False),
    ],
)
def test_a_printed_type_is_held_to_the_uscc_type(uscc_type: str, printed: str, fits: bool) -> None:
    """GB 32100 positions 1-2 (reference §1.4): 91 enterprise incl. branches, 92 individual
    business, 93 farmers' co-operative.  A declared kind of another type is reviewed at the
    field (consistency.subject_type_mismatch); one that fits passes."""
    if uscc_type == "91":
        record = example(FOOD_SHOP)
        record["subject_type"] = printed
    elif uscc_type == "92":
        record = example(INDIVIDUAL)
        record["subject_type"] = printed
    else:
        record = _coop_record(printed)
    report = verify(record, as_of=AS_OF)
    if fits:
        assert report.decision is Decision.PASS, located(report)
    else:
        assert report.decision is Decision.REVIEW
        assert located(report) == [("consistency.subject_type_mismatch", "$.subject_type")]
        (finding,) = report.findings
        assert uscc_type in finding.message
        assert uscc_type in finding.message_zh


def test_a_hostile_type_of_repeated_branch_words_is_refused_without_a_crash() -> None:
    """verify() never raises for bad input (docs/verify.md): a type that names nothing is
    refused at its field, whatever its length."""
    record = example(FOOD_SHOP)
    record["subject_type"] = "分支机构" * 1000
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert ("record.invalid_value", "$.subject_type") in located(report)


def test_deeply_nested_brackets_in_a_type_take_bounded_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import qualcheck.models.merchant as merchant_module

    spy = _Spy(merchant_module._QUALIFIER)
    monkeypatch.setattr(merchant_module, "_QUALIFIER", spy)
    depth = 20_000
    assert subject_of("（" * depth + "有限公司" + "）" * depth) is None
    assert len(spy.lengths) <= 64, f"{len(spy.lengths)} passes over the text"


# ============================================================== 2. document titles as kinds


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("营业执照（副本）", "business_license"),
        ("营业执照(副本)", "business_license"),
        ("营业执照 （副本）", "business_license"),
        ("营业执照副本", "business_license"),
        ("营业执照 副本", "business_license"),
        ("营业执照（正本）", "business_license"),
        ("营业执照正本", "business_license"),
        ("营业执照（电子版）", "business_license"),
        ("营业执照电子版", "business_license"),
        ("营业执照（副本）（电子版）", "business_license"),
        ("营 业 执 照", "business_license"),
        ("ＢＵＳＩＮＥＳＳ　ＬＩＣＥＮＣＥ", "business_license"),
        ("Business-Licence", "business_license"),
        ("个体工商户营业执照", "business_license"),
        ("食品经营许可证（副本）", "food_business"),
        ("食品经营许可证副本", "food_business"),
        ("食品生产许可证（正本）", "food_production"),
        ("药品经营许可证（副本）", "drug_business"),
        ("第二类医疗器械经营备案凭证", "device_business"),
        ("第三类医疗器械经营许可证", "device_business"),
        ("CMA 证书", "cma"),
        ("Internet Drug Information Certificate", "drug_info"),
    ],
)
def test_a_title_with_a_copy_qualifier_names_its_kind(title: str, kind: str) -> None:
    assert document_kind(title) == (kind, None)


@pytest.mark.parametrize(
    "title",
    [
        "营业执照【副本】",
        "营业执照［副本］",
        "营业执照〔副本〕",
        "营业执照\u200b（副本）",  # a zero-width space copied in from a web page
        "营\u200b业执照",
    ],
)
def test_a_copy_qualifier_in_other_brackets_names_the_kind(title: str) -> None:
    """DESIGN: input is normalised once (NFKC, zero-width characters removed, full-width
    brackets …); docs/models.md: a copy's qualifier is ignored."""
    assert document_kind(title) == ("business_license", None)


VOIDED_TITLES = [
    ("营业执照（作废）", 0),
    ("营业执照（已吊销）", 0),
    ("营业执照（已注销）", 0),
    ("营业执照(样本)", 0),
    ("食品经营许可证（已注销）", 1),
    ("食品经营许可证（申请中）", 1),
]


@pytest.mark.parametrize(("title", "index"), VOIDED_TITLES)
def test_a_title_saying_the_document_is_void_is_not_that_document(title: str, index: int) -> None:
    """docs/models.md: "with a copy's qualifier ignored (营业执照（副本）, 正本, 电子版)" and
    "A title is matched as a whole": only a copy's qualifier is dropped.  A document whose
    title says it is void may not admit the seller."""
    assert document_kind(title) is None
    record = example(FOOD_SHOP)
    record["documents"][index]["kind"] = title
    assert verify(record, as_of=AS_OF).decision is not Decision.PASS


@pytest.mark.parametrize(
    "title",
    [
        "食品经营许可证号",  # longer texts that hold a title
        "营业执照号码",
        "营业执照注册号",
        "食品经营许可证申请书",
        "食品经营许可证明",
        "营业执照复印件说明",
        "营业执照/备案凭证",
        "食品经营",  # shorter texts
        "许可证",
        "医疗器械",
        "第一类医疗器械备案凭证",  # a class I product filing is no business document
        "身份证号码",
        "其他（副本）",
        "（副本）",
        "副本",
        "电子版",
    ],
)
def test_a_text_that_is_not_a_whole_title_names_no_kind(title: str) -> None:
    assert document_kind(title) is None


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("营業執照", "business_license"),  # traditional characters, even mixed: the same title
        ("營業執照（副本）", "business_license"),
        ("食品經營許可證", "food_business"),
    ],
)
def test_a_title_in_traditional_characters_is_the_same_title(title: str, kind: str) -> None:
    assert document_kind(title) == (kind, None)


@pytest.mark.parametrize(("title", "index"), [("營業執照", 0), ("食品經營許可證", 1)])
def test_a_traditional_title_is_read_at_its_place(title: str, index: int) -> None:
    record = example(FOOD_SHOP)
    record["documents"][index]["kind"] = title
    assert verify(record, as_of=AS_OF).decision is verify(example(FOOD_SHOP), as_of=AS_OF).decision


@pytest.mark.parametrize(("title", "index"), [("营业执照（作废）", 0), ("食品經營許可證明", 1)])
def test_an_unread_title_is_an_unknown_kind_at_its_place(title: str, index: int) -> None:
    record = example(FOOD_SHOP)
    record["documents"][index]["kind"] = title
    report = verify(record, as_of=AS_OF)
    assert report.decision is not Decision.PASS
    assert located(report)[:2] == [
        ("record.unknown_document_kind", f"$.documents[{index}]"),
        ("record.entry_dropped", f"$.documents[{index}]"),
    ]


@pytest.mark.parametrize(
    "kind", [None, 1, 1.5, True, ["营业执照"], {"title": "营业执照"}, "", "   ", "x" * 10_000]
)
def test_a_kind_that_is_not_a_title_is_refused_at_its_document(kind: Any) -> None:
    record = example(FOOD_SHOP)
    record["documents"][0]["kind"] = kind
    before = frozen(record)
    report = verify(record, as_of=AS_OF)
    assert frozen(record) == before
    assert report.decision is Decision.REVIEW
    assert located(report) == [
        ("record.unknown_document_kind", "$.documents[0]"),
        ("record.entry_dropped", "$.documents[0]"),
        ("document.business_license_missing", "$.documents"),
    ]


@pytest.mark.parametrize(
    ("kind", "id_type", "number", "expected"),
    [
        ("居民身份证", None, "RIC", IdentityType.RESIDENT_ID_CARD),
        ("身份证（副本）", None, "RIC", IdentityType.RESIDENT_ID_CARD),
        ("身份证件", None, "RIC", None),
        ("identity", None, "RIC", None),
        ("护照", None, "E12345678", IdentityType.PASSPORT),
        ("Passport", None, "E12345678", IdentityType.PASSPORT),
        ("护照", "", "E12345678", IdentityType.PASSPORT),
        ("护照", "回乡证", "H12345678", IdentityType.HK_MACAO_TRAVEL_PERMIT),  # kept as given
        ("港澳居民居住证", None, "810000", IdentityType.RESIDENCE_PERMIT),
    ],
)
def test_an_identity_title_names_its_type_unless_one_is_given(
    kind: str, id_type: str | None, number: str, expected: IdentityType | None
) -> None:
    if number == "RIC":
        number = make_ric(rng=random.Random(11))
    elif number == "810000":
        number = make_ric(holder="hk_permit", rng=random.Random(12))
    data: dict[str, Any] = {"kind": kind, "number": number}
    if id_type is not None:
        data["id_type"] = id_type
    before = frozen(data)
    document = document_adapter().validate_python(data)
    assert frozen(data) == before
    assert document.kind == "identity"
    assert document.id_type is expected  # a generic title names no type: a resident ID
    assert number not in repr(document)


def test_an_identity_title_does_not_make_another_number_a_resident_id() -> None:
    """A passport's number under the title 居民身份证 is not a resident ID: the document is
    refused at its number and the natural person is left without an identity."""
    record = example(NATURAL)
    record["documents"][0]["kind"] = "居民身份证"
    record["documents"][0]["number"] = "E12345678"
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert located(report)[0] == ("ric.other_document", "$.documents[0].number")
    assert ("merchant.identity_missing", "$") in located(report)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("number", "JY1330106731916X", "food_business.charset"),
        ("holder_uscc", "91330106JU6XYHXB08", "uscc.checksum"),
        ("issue_date", "2023年2月30日", "record.invalid_value"),
        ("validity", "2028.06.12-2023.06.11", "record.invalid_value"),
        ("valid_to", "2029.06.11", "record.invalid_value"),  # given twice, differently
        ("scope", {"not": "a scope"}, "record.invalid_value"),
    ],
)
@pytest.mark.parametrize(
    "title", ["食品经营许可证", "食品经营许可证（副本）", "Food Business Licence"]
)
def test_findings_in_a_titled_document_name_the_records_own_places(
    title: str, field: str, value: Any, code: str
) -> None:
    record = example(FOOD_SHOP)
    record["documents"][1]["kind"] = title
    record["documents"][1][field] = value
    before = frozen(record)
    report = verify(record, as_of=AS_OF)
    assert frozen(record) == before
    assert report.decision is not Decision.PASS
    assert (code, f"$.documents[1].{field}") in located(report)
    for finding in report.findings:  # never a union tag in a path
        assert not set(map(str, finding.path)) & set(DOCUMENT_KINDS), finding.path


def test_a_titled_business_licence_with_bad_dates_is_judged_at_its_place() -> None:
    record = example(FOOD_SHOP)
    record["documents"][0]["kind"] = "营业执照（副本）"
    record["documents"][0]["valid_to"] = "2020年1月1日"
    record["documents"][0]["established_on"] = "2019年2月30日"
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert set(located(report)) == {
        ("license.expired", "$.documents[0].validity.valid_to"),
        ("record.invalid_value", "$.documents[0].established_on"),
    }


def test_titles_in_the_model_mock_registry_and_schema() -> None:
    """The model's kind is always the kind itself; MockRegistry registers titled licences
    under their kinds; the JSON Schemas still list only the kinds (titles are input, not
    schema); the record given is never changed."""
    record = example(FOOD_SHOP)
    record["documents"][0]["kind"] = "营业执照（副本）"
    record["documents"][1]["kind"] = "食品经营许可证（正本）"
    before = frozen(record)
    merchant = Merchant.model_validate(record)
    assert [document.kind for document in merchant.documents] == [
        "business_license",
        "food_business",
    ]
    registry = MockRegistry(name="audit")
    registered = registry.add_merchant(record)
    assert [(lic.kind, lic.number) for lic in registered.licenses] == [
        ("food_business", record["documents"][1]["number"])
    ]
    assert registered.uscc == record["uscc"]
    report = verify(record, as_of=AS_OF, registry=registry)
    assert report.decision is Decision.PASS, located(report)
    assert frozen(record) == before
    schema = Merchant.model_json_schema()
    items = schema["properties"]["documents"]["items"]
    assert items["discriminator"]["propertyName"] == "kind"
    assert set(items["discriminator"]["mapping"]) == set(DOCUMENT_KINDS)
    text = json.dumps(schema, ensure_ascii=False)
    assert set(re.findall(r'"kind": \{[^{}]*"const": "([^"]+)"', text)) == set(DOCUMENT_KINDS)


def _titled_file(tmp_path: Path) -> Path:
    shop = example(FOOD_SHOP)
    shop["documents"][0]["kind"] = "营业执照（副本）"
    shop["documents"][1]["kind"] = "食品经营许可证"
    individual = example(INDIVIDUAL)
    individual["documents"][0]["kind"] = "个体工商户营业执照"
    individual["documents"][1]["kind"] = "仅销售预包装食品备案"
    broken = example(FOOD_SHOP)
    broken["documents"][1]["kind"] = "食品经营许可证（副本）"
    broken["documents"][1]["number"] = "JY1330106731916X"
    return write_jsonl(tmp_path / "titled.jsonl", [shop, individual, broken])


def test_qualcheck_verify_reads_titled_kinds_in_a_jsonl_file(tmp_path: Path) -> None:
    path = _titled_file(tmp_path)
    result = run_cli("verify", str(path), "--as-of", AS_OF_TEXT, "--json")
    no_traceback(result)
    assert result.returncode == 1, result.stderr  # one record fails
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [line["decision"] for line in lines] == ["pass", "pass", "fail"]
    assert [line["source"]["line"] for line in lines] == [1, 2, 3]
    paths = [finding["path"] for finding in lines[2]["findings"]]
    assert ["documents", 1, "number"] in paths
    assert all("food_business" not in map(str, path) for path in paths)


def test_qualcheck_batch_reads_titled_kinds(tmp_path: Path) -> None:
    path = _titled_file(tmp_path)
    out = tmp_path / "out.jsonl"
    result = run_cli("batch", str(path), "--out", str(out), "--as-of", AS_OF_TEXT, "--quiet")
    no_traceback(result)
    assert result.returncode == 1, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(row["line"], row["decision"]) for row in rows] == [
        (1, "pass"),
        (2, "pass"),
        (3, "fail"),
    ]
    assert ("food_business.charset", "$.documents[1].number") in [
        (finding["code"], finding["path"]) for finding in rows[2]["findings"]
    ]


# ============================================================== 3. words around one end


@pytest.mark.parametrize(
    "printed",
    [
        "有效期至：2027年02月28日",
        "有效期至:2027年02月28日",
        "有效期至 ： 2027年02月28日",
        "有效期至2027年02月28日",
        "\u3000有效期至\u30002027年2月28日\u3000",
        "2027年02月28日止",
        "2027年02月28日 为止",
        "至2027年02月28日",
        "到 2027-02-28",
        "截至2027-02-28",
        "截止2027-02-28",
        "截止日期：2027-02-28",
        "截止到2027.02.28",
        "有效期至：2027年02月28日止",
        "证书有效期至：2027年02月28日",
        "经营期限：至2027年02月28日",
        "有效期至：２０２７年０２月２８日",
        "有效期至：20270228",
    ],
)
def test_an_end_printed_with_its_words_reads(printed: str) -> None:
    validity = Validity(valid_to=printed)
    assert (validity.valid_to, validity.long_term) == (AS_OF.replace(2027, 2, 28), False)


@pytest.mark.parametrize("printed", ["至长期", "至 长期", "有效期至：长期", "有效期至：长期有效"])
def test_a_long_term_end_printed_with_its_words_reads(printed: str) -> None:
    validity = Validity(valid_from="2019-03-01", valid_to=printed)
    assert (validity.valid_to, validity.long_term) == (None, True)


@pytest.mark.parametrize(
    "printed",
    ["自2019年3月1日", "自 2019年3月1日", "从2019年3月1日", "2019年3月1日起", "自2019年3月1日起"],
)
def test_a_start_printed_with_its_words_reads(printed: str) -> None:
    assert Validity(valid_from=printed).valid_from == AS_OF.replace(2019, 3, 1)


def _food_licence_ends(valid_from: Any, valid_to: Any) -> dict[str, Any]:
    record = example(FOOD_SHOP)
    licence = record["documents"][1]
    del licence["validity"]
    licence["valid_from"] = valid_from
    licence["valid_to"] = valid_to
    return record


@pytest.mark.parametrize(
    ("field", "printed"),
    [
        ("valid_to", "有效期至：2024年02月30日"),
        ("valid_to", "有效期至：XX"),
        ("valid_to", "有效期至："),
        ("valid_to", "至"),
        ("valid_to", "截止"),
        ("valid_to", "至今"),
        ("valid_to", "2028年06月11日前"),  # "before": whether the day is included is not said
        ("valid_to", "至2028年06月11日前"),
        ("valid_to", "有效期至：2028年06月11日前"),
        ("valid_to", "截止2028年06月11日之前"),
        ("valid_to", "有效期至2028年6月11日（含）"),
        ("valid_to", "自2028年06月11日"),  # a start's words around an end
        ("valid_to", "2028年06月11日起"),
        # a range in one end whose start is not the start given (the same start: read,
        # docs/types.md, since the third validity audit)
        ("valid_to", "2022年06月12日至2028年06月11日"),
        ("valid_to", "證書有效期至：2028年06月11日"),  # a traditional label is not read
        ("valid_from", "至2023年6月12日"),  # an end's words around a start
        ("valid_from", "2023年6月12日止"),
        ("valid_from", "自XX"),
        ("valid_from", "2023年6月12日前"),
    ],
)
def test_words_around_an_unreadable_end_quote_the_value_as_given(field: str, printed: str) -> None:
    """docs/types.md: only when what is left reads as a date (or long-term) — otherwise the
    value as given is reported as unreadable; nothing unreadable ends in PASS."""
    ends = {"valid_from": "2023.06.12", "valid_to": "2028.06.11", field: printed}
    record = _food_licence_ends(ends["valid_from"], ends["valid_to"])
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    finding = next(f for f in report.findings if f.json_path == f"$.documents[1].{field}")
    assert finding.code == "record.invalid_value"
    assert repr(printed) in finding.message
    assert f"“{printed}”" in finding.message_zh  # Chinese quotes in the Chinese text


@pytest.mark.parametrize("printed", ["自长期", "有效期：长期", "从长期"])
def test_a_start_of_only_words_and_long_term_quotes_the_value_as_given(printed: str) -> None:
    record = _food_licence_ends(printed, "2028.06.11")
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    (finding,) = [f for f in report.findings if f.json_path == "$.documents[1].valid_from"]
    assert repr(printed) in finding.message


def test_an_end_printed_with_its_words_is_judged() -> None:
    expired = _food_licence_ends("自2021年3月1日", "有效期至：2026年02月28日")
    report = verify(expired, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert located(report) == [("license.expired", "$.documents[1].validity.valid_to")]
    soon = _food_licence_ends("2021年12月10日起", "2026年12月09日止")
    assert located(verify(soon, as_of=AS_OF)) == [
        ("license.expiring_soon", "$.documents[1].validity.valid_to")
    ]
    later = _food_licence_ends("自2027年1月1日", "至2031年12月31日")
    report = verify(later, as_of=AS_OF)
    assert report.decision is not Decision.PASS
    assert ("license.not_yet_valid", "$.documents[1].validity.valid_from") in located(report)


def _licence_given_twice(validity: Any, loose: dict[str, Any]) -> Report:
    """The food shop verified with its food licence's term given as ``validity`` and again
    as the ``loose`` top-level keys."""
    record = example(FOOD_SHOP)
    record["documents"][1]["validity"] = validity
    record["documents"][1].update(loose)
    return verify(record, as_of=AS_OF)


@pytest.mark.parametrize(
    ("validity", "loose"),
    [
        ("2023.06.12-2028.06.11", {"valid_to": "2029年06月11日"}),
        ("2023.06.12-2028.06.11", {"valid_to": "有效期至：2029年06月11日"}),
        ("2023.06.12-2028.06.11", {"valid_from": "自2023年6月13日"}),
        ("2023.06.12-2028.06.11", {"valid_to": "至长期"}),
        ("2023.06.12-2028.06.11", {"valid_to": "有效期至：2028年06月11日前"}),
        ("有效期至：2028年06月11日", {"valid_to": "2028年06月12日止"}),
        ({"valid_from": "2023-06-12", "long_term": True}, {"valid_to": "有效期至2028年6月11日"}),
    ],
)
def test_an_end_given_twice_differently_is_still_a_conflict(validity: Any, loose: Any) -> None:
    report = _licence_given_twice(validity, loose)
    assert report.decision is not Decision.PASS
    ((key, value),) = loose.items()
    finding = next(f for f in report.findings if f.json_path == f"$.documents[1].{key}")
    assert finding.code == "record.invalid_value"
    assert repr(value) in finding.message


@pytest.mark.parametrize(
    ("validity", "loose"),
    [
        ("2023.06.12-2028.06.11", {"valid_to": "有效期至：2028年06月11日"}),
        ("2023.06.12-2028.06.11", {"valid_to": "2028年06月11日止"}),
        ("2023.06.12-2028.06.11", {"valid_to": "至2028-06-11"}),
        ("2023.06.12-2028.06.11", {"valid_from": "自2023年6月12日"}),
        ("2023.06.12-2028.06.11", {"valid_from": "2023年6月12日起"}),
        ("有效期至：2028年06月11日", {"valid_to": "2028年06月11日止"}),
        ({"valid_from": "自2023年6月12日", "valid_to": "2028-06-11"}, {"valid_from": "2023-06-12"}),
    ],
)
def test_the_same_end_written_two_ways_is_no_conflict(validity: Any, loose: Any) -> None:
    report = _licence_given_twice(validity, loose)
    assert report.decision is Decision.PASS, located(report)


@pytest.mark.parametrize(
    ("validity", "loose"),
    [
        ("2019年4月2日至长期", {"valid_to": "至长期"}),
        ({"valid_from": "2019-04-02", "valid_to": "至长期"}, {"long_term": "是"}),
        ({"valid_from": "2019-04-02", "long_term": True}, {"valid_to": "至长期"}),
    ],
)
def test_the_same_long_term_written_two_ways_is_no_conflict(validity: Any, loose: Any) -> None:
    record = example(FOOD_SHOP)
    licence = record["documents"][0]
    del licence["valid_from"], licence["valid_to"]
    licence["validity"] = validity
    licence.update(loose)
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, located(report)


@pytest.mark.parametrize(
    ("field", "printed"),
    [("valid_to", "2028" + " " * 5_000 + "止x"), ("valid_from", "2023" + " " * 5_000 + "起x")],
)
def test_a_very_long_end_is_refused_without_being_scanned(
    monkeypatch: pytest.MonkeyPatch, field: str, printed: str
) -> None:
    """qualcheck.dates: text longer than _MAX_INPUT (256) "is neither a date nor a range:
    not remembered, not scanned" — a range string that long is refused before it is
    split; one end must be too."""
    import qualcheck.dates as dates

    spies = {name: _Spy(getattr(dates, name)) for name in ("_END_WORDS", "_START_WORDS")}
    for name, spy in spies.items():
        monkeypatch.setattr(dates, name, spy)
    with pytest.raises(ValidationError) as caught:
        Validity(**{field: printed})
    assert [error["loc"] for error in caught.value.errors()] == [(field,)]
    scanned = [length for spy in spies.values() for length in spy.lengths]
    assert max(scanned, default=0) <= dates._MAX_INPUT


# ============================================================== 4. names written otherwise


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("杭州示例优选食品有限公司", "杭州市示例优选食品有限公司"),
        ("杭州示例优选食品有限公司", "浙江省杭州市示例优选食品有限公司"),
        ("杭州示例优选食品有限公司", "示例优选食品（杭州）有限公司"),
        ("杭州示例优选食品有限公司", "示例优选食品(杭州市)有限公司"),
        ("杭州示例优选食品有限公司", "浙江杭州示例优选食品有限公司"),
        ("杭州示例优选食品有限公司", "杭州示例優選食品有限責任公司"),
        ("杭州市西湖区示例食品店", "杭州示例食品店"),
        ("武汉市武昌区示例便利店", "武昌区示例便利店"),
        ("义乌示例贸易有限公司", "浙江省义乌市示例贸易有限公司"),  # a county-level city
        ("恩施示例茶业有限公司", "恩施土家族苗族自治州示例茶业有限公司"),
        ("新疆示例果业有限公司", "新疆维吾尔自治区示例果业有限公司"),
        ("广西示例糖业有限公司", "广西壮族自治区示例糖业有限公司"),
        ("阿拉善示例有限公司", "阿拉善盟示例有限公司"),
    ],
)
def test_one_name_written_otherwise_is_similar(first: str, second: str) -> None:
    assert written_otherwise(first, second)
    assert written_otherwise(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("杭州示例优选食品有限公司", "宁波示例优选食品有限公司"),  # cities of one province
        ("浙江省杭州市示例有限公司", "浙江省宁波市示例有限公司"),
        ("杭州示例有限公司", "示例有限公司（宁波）"),
        ("示例食品（杭州）有限公司", "示例食品（宁波）有限公司"),
        ("杭州市西湖区示例食品店", "杭州市上城区示例食品店"),  # districts of one city
        ("武汉市武昌区示例便利店", "武汉市洪山区示例便利店"),
        ("义乌示例贸易有限公司", "东阳示例贸易有限公司"),  # county-level cities
        ("广东省广州市示例食品有限公司", "深圳示例食品有限公司"),
        ("北京市朝阳区示例商店", "辽宁省朝阳市示例商店"),  # one name, two places
        ("杭州长城食品有限公司", "宁波长城食品有限公司"),  # 长城 is no place
        ("杭州", "杭州市"),  # names that are only a place: no name to compare
        ("市辖区示例有限公司", "示例有限公司"),  # a grouping of the table is no place
        ("杭州示例优选食品有限公司", "杭州示例优选食品股份有限公司"),  # another legal form
        ("杭州示例优选食品有限公司", "杭州示范优选食品有限公司"),  # another trade name
    ],
)
def test_names_of_other_places_or_other_sellers_are_not_similar(first: str, second: str) -> None:
    assert not written_otherwise(first, second)
    assert not written_otherwise(second, first)


FALSE_SIMILAR = [
    ("杭州朝阳食品有限公司", "宁波朝阳食品有限公司"),  # a trade name that is a place
    ("杭州东方食品有限公司", "宁波东方食品有限公司"),
    ("广州中山食品有限公司", "深圳中山食品有限公司"),
    ("上海通州食品有限公司", "北京通州食品有限公司"),
    ("北京市朝阳区示例商店", "长春市朝阳区示例商店"),  # one district name, two cities
    ("杭州市西湖区示例食品店", "南昌市西湖区示例食品店"),
    ("北京市通州区示例商店", "南通市通州区示例商店"),
    ("北京朝阳示例有限公司", "辽宁朝阳示例有限公司"),
]


@pytest.mark.parametrize(("first", "second"), FALSE_SIMILAR)
def test_sellers_of_different_cities_sharing_a_place_word_are_not_similar(
    first: str, second: str
) -> None:
    """_names: "Names whose places differ (杭州示例… and 宁波示例…) are different sellers"."""
    assert not written_otherwise(first, second)


def _seller(name: str, holder: str | None = None) -> dict[str, Any]:
    record = example(FOOD_SHOP)
    record["name"] = name
    for document in record["documents"]:
        document["holder_name"] = name
    if holder is not None:
        record["documents"][1]["holder_name"] = holder
    return record


@pytest.mark.parametrize(
    ("seller", "holder", "code", "decision"),
    [
        (
            "杭州市示例优选食品有限公司",
            "示例优选食品（杭州）有限公司",
            "name_similar",
            Decision.REVIEW,
        ),
        (
            "杭州市示例优选食品有限公司",
            "浙江省杭州市示例優選食品有限公司",
            "name_similar",
            Decision.REVIEW,
        ),
        (
            "杭州市示例优选食品有限公司",
            "示例优选食品（宁波）有限公司",
            "name_mismatch",
            Decision.FAIL,
        ),
        (
            "杭州市西湖区示例食品有限公司",
            "杭州市上城区示例食品有限公司",
            "name_mismatch",
            Decision.FAIL,
        ),
    ],
)
def test_the_consistency_check_tells_a_near_miss_from_another_seller(
    seller: str, holder: str, code: str, decision: Decision
) -> None:
    report = verify(_seller(seller, holder), as_of=AS_OF)
    assert report.decision is decision
    assert located(report) == [(f"consistency.{code}", "$.documents[1].holder_name")]
    (finding,) = report.findings
    for message in (finding.message, finding.message_zh):
        assert holder in message
        assert seller in message
        assert "{" not in message
        assert "}" not in message
    assert ("繁简" in finding.message_zh) is (code == "name_similar")


@pytest.mark.parametrize(("seller", "holder"), FALSE_SIMILAR[:2] + FALSE_SIMILAR[4:6])
def test_a_licence_of_another_citys_seller_fails_consistency(seller: str, holder: str) -> None:
    report = verify(_seller(seller, holder), as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert located(report) == [("consistency.name_mismatch", "$.documents[1].holder_name")]


def _registered_as(seller: str, registered: str) -> Report:
    record = _seller(seller)
    registry = MockRegistry(name="audit-registry")
    registry.add_merchant(record, name=registered)
    return verify(record, as_of=AS_OF, registry=registry)


@pytest.mark.parametrize(
    ("seller", "registered", "code", "decision"),
    [
        (
            "杭州市示例优选食品有限公司",
            "示例优选食品（杭州）有限公司",
            "name_similar",
            Decision.REVIEW,
        ),
        ("杭州市示例优选食品有限公司", "杭州示例優選食品有限公司", "name_similar", Decision.REVIEW),
        (
            "杭州市示例优选食品有限公司",
            "宁波市示例优选食品有限公司",
            "name_mismatch",
            Decision.FAIL,
        ),
        (
            "杭州市西湖区示例食品有限公司",
            "杭州市上城区示例食品有限公司",
            "name_mismatch",
            Decision.FAIL,
        ),
        ("义乌示例贸易有限公司", "东阳示例贸易有限公司", "name_mismatch", Decision.FAIL),
    ],
)
def test_the_registry_check_tells_a_near_miss_from_another_entity(
    seller: str, registered: str, code: str, decision: Decision
) -> None:
    report = _registered_as(seller, registered)
    assert report.decision is decision
    assert located(report) == [(f"registry.{code}", "$.name")]
    (finding,) = report.findings
    assert finding.ctx["registry_name"] == registered
    for message in (finding.message, finding.message_zh):
        assert registered in message
        assert "{" not in message
        assert "}" not in message
    if code == "name_similar":
        assert "traditional characters" in finding.message
        assert "繁简" in finding.message_zh


@pytest.mark.parametrize(("seller", "registered"), FALSE_SIMILAR[:1] + FALSE_SIMILAR[4:5])
def test_an_entity_of_another_city_is_a_registry_mismatch(seller: str, registered: str) -> None:
    report = _registered_as(seller, registered)
    assert report.decision is Decision.FAIL
    assert located(report) == [("registry.name_mismatch", "$.name")]


def test_a_registered_name_is_quoted_scrubbed() -> None:
    """A personal number typed into a registered name is masked in every message."""
    number = make_ric(rng=random.Random(21))
    report = _registered_as("杭州市示例优选食品有限公司", f"示例优选食品（杭州）有限公司{number}")
    assert report.decision is not Decision.PASS
    assert number not in report.to_json()


def test_name_cores_keep_what_is_not_a_place() -> None:
    assert (
        name_core(normalize_name("浙江省杭州市示例优选食品有限公司"))[0] == "示例优选食品有限公司"
    )
    assert name_core(normalize_name("长城示例食品有限公司"))[0] == "长城示例食品有限公司"
    assert name_core(normalize_name("示例（集团）有限公司"))[0] == "示例(集团)有限公司"


# ============================================================== 5. individual business terms


def _individual(**licence: Any) -> dict[str, Any]:
    record = example(INDIVIDUAL)
    document = record["documents"][0]
    document.pop("valid_to", None)
    document.update(licence)
    return record


@pytest.mark.parametrize(
    "licence",
    [
        {},
        {"valid_from": "2021-07-06"},
        {"valid_from": "2021年7月6日起"},
        {"long_term": False},
        {"long_term": "否", "valid_from": "2021-07-06"},
        {"valid_to": "长期"},
        {"valid_to": "至长期"},
    ],
)
def test_an_individual_business_licence_without_a_term_passes(licence: dict[str, Any]) -> None:
    """docs/verify.md: an individual business's business licence (USCC 92…) prints no 营业期限,
    so one recorded without an end has no term to miss."""
    report = verify(_individual(**licence), as_of=AS_OF)
    assert report.decision is Decision.PASS, located(report)


@pytest.mark.parametrize("spelling", ["lower", "fullwidth", "spaced"])
def test_a_92_uscc_written_otherwise_is_still_an_individual_business(spelling: str) -> None:
    record = _individual()
    number = record["documents"][0]["number"]
    written = {
        "lower": number.lower(),
        "fullwidth": _fullwidth(number),
        "spaced": f"{number[:6]} {number[6:12]} {number[12:]}",
    }[spelling]
    assert unicodedata.normalize("NFKC", written).replace(" ", "").upper() == number
    record["documents"][0]["number"] = written
    record["uscc"] = written
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.PASS, located(report)


@pytest.mark.parametrize(
    ("licence", "expected", "decision"),
    [
        ({"valid_to": "2025-01-01"}, "license.expired", Decision.FAIL),
        ({"valid_to": "有效期至：2025年01月01日"}, "license.expired", Decision.FAIL),
        (
            {"valid_from": "2021-07-06", "valid_to": "2026-12-10"},
            "license.expiring_soon",
            Decision.REVIEW,
        ),
    ],
)
def test_an_individual_business_licence_end_that_is_given_is_judged(
    licence: dict[str, Any], expected: str, decision: Decision
) -> None:
    report = verify(_individual(**licence), as_of=AS_OF)
    assert report.decision is decision
    assert located(report) == [(expected, "$.documents[0].validity.valid_to")]


@pytest.mark.parametrize("field", ["valid_to", "validity"])
def test_an_individual_business_licence_with_an_unreadable_term_is_reviewed(field: str) -> None:
    report = verify(_individual(**{field: "XX"}), as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert located(report) == [("record.invalid_value", f"$.documents[0].{field}")]


@pytest.mark.parametrize("entity_type", ["1", "3"])
@pytest.mark.parametrize("licence", [{}, {"valid_from": "2021-07-06"}, {"long_term": False}])
def test_licences_of_enterprises_and_co_operatives_still_need_a_term(
    entity_type: str, licence: dict[str, Any]
) -> None:
    """Only type 92 prints no term: a 91 or 93 licence of the same shape is reviewed."""
    record = _individual(**licence)
    uscc = make_uscc(entity_type=entity_type, region="420106", rng=random.Random(9))
    record["uscc"] = uscc
    record["documents"][0]["number"] = uscc
    record["documents"][1]["holder_uscc"] = uscc
    record["subject_type"] = "有限责任公司" if entity_type == "1" else "农民专业合作社"
    record["documents"][0]["entity_type"] = record["subject_type"]  # not 个体工商户's type
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert located(report) == [("license.validity_missing", "$.documents[0].validity")]


@pytest.mark.parametrize("valid_from", ["2027-01-01", "自2027年1月1日"])
def test_an_individual_business_licence_not_yet_valid_is_not_passed(valid_from: str) -> None:
    """docs/verify.md: each document is in force on as_of — not starting later; only the
    missing end of a 92 licence is excused."""
    report = verify(_individual(valid_from=valid_from), as_of=AS_OF)
    assert report.decision is not Decision.PASS
    assert located(report) == [("license.not_yet_valid", "$.documents[0].validity.valid_from")]
