"""Audit: how coverage reads the device and drug classes in a licence's scope.

Contract (docs/categories.md "Decisions and doubts", bullets *Drug classes in the scope*
and *Class II devices*; "How a scope is read"; qualcheck/checks/scope.py; domain.md §5.1,
§6.1):

* a class II seller's filing or licence whose scope names device classes must name class
  II (第二类, 二类, Ⅱ类), a class III seller's licence class III; a scope naming only
  catalogue codes (6815注射穿刺器械, 07医用诊察和监护器械) is not held to a class;
* classes enumerated before one 类 (Ⅱ、Ⅲ类, 第二、三类, 甲、乙类非处方药) name each class;
* an exclusion naming the declared product (第二类医疗器械（不含避孕套） for 避孕套) is
  ``category.scope_not_covering`` — review, never fail; exclusions of *some* products
  (（不含体外诊断试剂）) leave the class covered;
* where a drug licence's scope names classes, prescription drugs need 处方药, OTC drugs
  非处方药 (甲类 or 乙类) or 处方药, and a declared class of OTC drug must be listed;
* a bracket naming only the mode of sale (网络经营) or a catalogue edition is ignored.

Both error directions are attacked with wordings printed on real licences and filings
(2002 catalogue codes 6815/6821/6840/6866, 2017 codes 01/07/14/22, Ⅱ类：…；Ⅲ类：…,
full-width and half-width punctuation, traditional characters, line breaks, 含/不含/除…外/
仅限) and hostile ones: a licence that covers the goods must not be reviewed by a
misreading, and one that excludes them must never pass.  Every record is a generated
seller (``make_merchant("device_seller" / "pharmacy")``) judged by ``qualcheck.verify``;
the registry's business-scope check is judged with ``MockRegistry``.

The audit found fifteen misreadings (除A、B外 lists, mode-of-sale brackets, numbered
lists read as enumerations, Arabic class numerals, synonyms of excluded products,
zero-width characters …); their tests now pass as regression tests.
"""

from __future__ import annotations

import copy
import datetime
import random
from typing import Any

import pytest

from qualcheck import Decision, verify
from qualcheck.checks.scope import read_scope
from qualcheck.models import DeviceBusinessLicense, DrugBusinessLicense
from qualcheck.testing import MockRegistry, make_merchant

AS_OF = datetime.date(2026, 11, 29)
SCOPE_REVIEW = ("category.scope_not_covering",)

_DEVICE_SELLER = make_merchant("device_seller", as_of=AS_OF, rng=random.Random(20261201))
_PHARMACY = make_merchant("pharmacy", as_of=AS_OF, rng=random.Random(20261202))

C2 = "第二类医疗器械"
C3 = "第三类医疗器械"


def _document(record: dict[str, Any], kind: str) -> dict[str, Any]:
    (document,) = [doc for doc in record["documents"] if doc["kind"] == kind]
    return document


def device_record(
    categories: list[str], scope: str | list[str] | None, *, filing: bool = False
) -> dict[str, Any]:
    """The generated device seller declaring ``categories``, its device document holding
    ``scope``; ``filing``: a class II filing (备) of the same issuer instead of the
    licence (许)."""
    record = copy.deepcopy(_DEVICE_SELLER)
    record["categories"] = categories
    document = _document(record, "device_business")
    if scope is None:
        document.pop("scope", None)
    else:
        document["scope"] = scope
    if filing:
        document["number"] = document["number"].replace("许", "备")
        for key in ("valid_from", "valid_to"):  # a filing has no term
            document.pop(key, None)
    return record


def pharmacy_record(categories: list[str], scope: str | list[str]) -> dict[str, Any]:
    """The generated pharmacy (drug licence D) declaring ``categories``, its drug licence
    holding ``scope``."""
    record = copy.deepcopy(_PHARMACY)
    record["categories"] = categories
    _document(record, "drug_business")["scope"] = scope
    return record


def judged(record: dict[str, Any], **options: Any) -> tuple[Decision, tuple[str, ...]]:
    report = verify(record, as_of=AS_OF, **options)
    return report.decision, report.codes


def assert_covered(record: dict[str, Any]) -> None:
    assert judged(record) == (Decision.PASS, ())


def assert_scope_review(record: dict[str, Any]) -> None:
    # review, never fail, and nothing but the scope finding
    assert judged(record) == (Decision.REVIEW, SCOPE_REVIEW)


# --------------------------------------------------------------------------- devices

DEVICE_COVERED: list[Any] = [
    # declared, scope, filing
    # class II and class III on one licence, in the wordings licences print
    ([C2, C3], "Ⅱ类：6815注射穿刺器械；Ⅲ类：6866医用高分子材料及制品", False),
    ([C2, C3], "Ⅲ类：6815注射穿刺器械；6866医用高分子材料及制品；Ⅱ类：6820普通诊察器械", False),
    ([C2, C3], "二类、三类医疗器械", False),
    ([C2, C3], "第二类、第三类医疗器械", False),
    ([C2, C3], "第二类和第三类医疗器械", False),
    ([C2, C3], "二类医疗器械、三类医疗器械", False),
    ([C2, C3], "Ⅱ类、Ⅲ类医疗器械（不含体外诊断试剂）", False),
    ([C2, C3], "2002年分类目录：Ⅲ类：6815,6821,6822；Ⅱ类：6820,6826", False),
    ([C2, C3], "Ⅲ类:07医用诊察和监护器械,14注输、护理和防护器械;Ⅱ类:07,14,22", False),
    ([C2, C3], "2017年分类目录：三类：07医用诊察和监护器械；二类：07医用诊察和监护器械", False),
    ([C2, C3], "批发：Ⅲ类6815；零售：Ⅱ类6820", False),
    ([C2, C3], "三类医疗器械（除6840体外诊断试剂外）；二类医疗器械", False),
    ([C2, C3], "医疗器械经营（第二类、第三类）", False),
    ([C2, C3], "Ⅲ类：6815注射穿刺器械\nⅡ类：6820普通诊察器械", False),
    ([C2, C3], "Ⅲ类：6815注射穿刺器械\r\nⅡ类：6820普通诊察器械", False),
    ([C2, C3], ["Ⅲ类：6815注射穿刺器械", "Ⅱ类：6820普通诊察器械"], False),
    ([C2, C3], "ＩＩ类、ＩＩＩ类医疗器械", False),  # full-width letters
    ([C2, C3], "Ⅱ类（2017版）：07医用诊察和监护器械；Ⅲ类（2002版）：6815注射穿刺器械", False),
    # enumerated before one 类, in any order and with any separator
    ([C2, C3], "Ⅱ、Ⅲ类：6815注射穿刺器械、6866医用高分子材料及制品", False),
    ([C2, C3], "第Ⅱ、Ⅲ类医疗器械", False),
    ([C2, C3], "第二、三类医疗器械", False),
    ([C2, C3], "二、三类：6815", False),
    ([C2, C3], "Ⅲ、Ⅱ类医疗器械", False),
    ([C2, C3], "III、II类医疗器械", False),
    ([C2, C3], "三、二类医疗器械", False),
    ([C2, C3], "II,III类医疗器械", False),
    ([C2, C3], "Ⅱ，Ⅲ类医疗器械", False),
    ([C2, C3], "一、二、三类医疗器械", False),
    ([C2, C3], "Ⅱ/Ⅲ类医疗器械", False),
    ([C2, C3], "第二類、第三類醫療器械", False),  # traditional
    ([C2, C3], "第三類醫療器械；第二類醫療器械", False),
    # exclusions of some products leave the class covered
    ([C2], "II类医疗器械（除体外诊断试剂）", False),
    ([C2], "第二类医疗器械（不含体外诊断试剂）", True),
    ([C2], "第二类医疗器械（6840体外诊断试剂除外）", True),
    ([C3], "第三类医疗器械（不含体外诊断试剂）", False),
    ([C3], "三类医疗器械(体外诊断试剂除外)", False),
    # class II filings
    ([C2], "第二类医疗器械", True),
    ([C2], "第Ⅱ类医疗器械", True),
    ([C2], "Ⅱ类:6820,6826,6864", True),
    ([C2], "二类：6866医用高分子材料及制品；6864医用卫生材料及敷料", True),
    ([C2], "6820普通诊察器械；6826物理治疗及康复设备", True),  # catalogue codes only
    ([C2], "07医用诊察和监护器械；09物理治疗器械", True),
    ([C2], "第二类医疗器械销售（网络经营）", True),
    ([C2], None, True),
    # everyday class II products
    (["血压计"], "第二类医疗器械（不含避孕套）", True),
    (["避孕套"], "第二类医疗器械（仅限避孕套）", True),
    (["避孕套"], "第二類醫療器械（僅限避孕套）", True),
    (["避孕套"], "二类：6866医用高分子材料及制品（避孕套）", True),
    (["医用口罩"], "Ⅱ类：6864医用卫生材料及敷料；6866医用高分子材料及制品", True),
    (["血糖试纸"], "Ⅱ类：6840体外诊断试剂", True),
    (["电子体温计"], "第二类医疗器械（不含避孕套）", True),
    # real licences defeated today
    pytest.param([C3], "三类：6840体外诊断试剂（诊断试剂不需低温冷藏运输贮存）", False),
    pytest.param(
        [C2, C3],
        "Ⅲ类：6840体外诊断试剂（诊断试剂不需低温冷藏运输贮存）；Ⅱ类：6820普通诊察器械",
        False,
    ),
    pytest.param(["血糖试纸"], "二类：6840体外诊断试剂（诊断试剂不需低温冷藏运输贮存）", True),
    pytest.param([C2], "第二类医疗器械（零售）", True),
    pytest.param([C2], "第二类医疗器械（批零兼营）", True),
    pytest.param([C2], "第二类医疗器械（仅限零售）", True),
    pytest.param([C2], "第二类医疗器械（6840体外诊断试剂、6864医用卫生材料及敷料除外）", True),
    pytest.param(["血压计"], "第二类医疗器械（避孕套、医用口罩除外）", True),
    pytest.param([C2], "第二类医疗器械（不含第二类体外诊断试剂）", True),
    pytest.param([C3], "第三类医疗器械（除三类体外诊断试剂外）", False),
    pytest.param(["血压计"], "第二类医疗器械（不含第二类体外诊断试剂）", True),
    pytest.param([C2, C3], "第二、第三类医疗器械", False),
    pytest.param([C2, C3], "第Ⅱ、第Ⅲ类医疗器械", False),
    pytest.param([C2, C3], "II, III类医疗器械", False),
    pytest.param([C2, C3], "Ⅱ， Ⅲ类医疗器械", False),
    pytest.param([C2, C3], "二三类医疗器械", False),
    pytest.param([C2, C3], "第二及第三类医疗器械", False),
    pytest.param([C2, C3], "Ⅱ、Ⅲ類：6815注射穿刺器械", False),
    pytest.param(["安全套"], "第二类医疗器械（仅限避孕套）", True),
]


@pytest.mark.parametrize(("declared", "scope", "filing"), DEVICE_COVERED)
def test_device_scope_that_covers_the_goods_passes(
    declared: list[str], scope: str | list[str] | None, filing: bool
) -> None:
    assert_covered(device_record(declared, scope, filing=filing))


DEVICE_REVIEWED: list[Any] = [
    # class II goods on a scope naming device classes but not class II
    ([C2], "Ⅲ类：6815注射穿刺器械；6866医用高分子材料及制品", False),
    ([C2], "第三类医疗器械", False),
    ([C2], "第三類醫療器械", False),
    ([C2], "第Ⅲ类医疗器械", False),
    ([C2], "三类：6821医用电子仪器设备，6822医用光学器具、仪器及内窥镜设备", False),
    ([C2], "Ⅰ、Ⅲ类医疗器械", False),
    ([C2], "第一、三类医疗器械", False),
    ([C2], "一类医疗器械；三类医疗器械", False),
    ([C2], "第一类医疗器械", True),
    ([C2], "2017年分类目录：三类：07医用诊察和监护器械；14注输、护理和防护器械", False),
    (["血压计"], "Ⅲ类：6815注射穿刺器械", False),
    (["避孕套"], "第三类医疗器械", False),
    # excluding class II
    ([C2], "医疗器械（二类除外）", True),
    ([C2], "医疗器械（除第二类外）", True),
    ([C2], "Ⅲ类医疗器械（不含Ⅱ类）", False),
    ([C2], "第三类医疗器械；不含第二类医疗器械", False),
    ([C2], "Ⅲ类医疗器械；Ⅱ类医疗器械除外", False),
    ([C2], "医疗器械（不含第二类医疗器械）", True),
    # class III goods on a scope naming device classes but not class III
    ([C3], "第二类医疗器械", False),
    ([C3], "第Ⅱ类医疗器械", False),
    ([C3], "Ⅰ、Ⅱ类医疗器械", False),
    ([C3], "第一、二类医疗器械", False),
    ([C3], "II类医疗器械（除体外诊断试剂）", False),
    ([C3], "Ⅱ类:6820,6826,6864", False),
    ([C3], "医疗器械（三类除外）", False),
    (["隐形眼镜"], "Ⅱ类：6822医用光学器具、仪器及内窥镜设备", False),
    # limited to other goods
    ([C3], "第三类医疗器械（仅限体外诊断试剂）", False),
    ([C2], "第二类医疗器械（仅限避孕套）", True),
    (["血压计"], "第二类医疗器械（仅限避孕套）", True),
    (["血压计"], "第二類醫療器械（僅限避孕套）", True),
    # the declared product excluded, in every wording
    (["避孕套"], "第二类医疗器械（不含避孕套）", True),
    (["避孕套"], "第二類醫療器械（不含避孕套）", True),
    (["避孕套"], "第二类医疗器械(除避孕套外)", True),
    (["避孕套"], "第Ⅱ類醫療器械（除避孕套以外）", True),
    (["避孕套"], "第二类医疗器械【避孕套除外】", True),
    (["避孕套"], "第二类医疗器械（不包括避孕套）", True),
    (["避孕套"], "Ⅱ类：6866医用高分子材料及制品（不包括避孕套）", True),
    (["避孕套"], "第二类医疗器械（不含避孕套、医用口罩）", True),
    (["医用口罩"], "第二类医疗器械（不含避孕套、医用口罩）", True),
    (["避孕套"], "第二类医疗器械（除避孕套、医用口罩外）", True),
    (["避孕套"], "第二类医疗器械，不含避孕套", True),
    (["避孕套"], "Ⅱ类：6820普通诊察器械；6866医用高分子材料及制品（以上不含避孕套）", True),
    (["避孕套"], "第二类医疗器械（6840体外诊断试剂、避孕套除外）", True),
    (["医用口罩"], "第二类医疗器械（不含口罩）", True),
    (["避孕套"], "第二类医疗器械（不含避孕套）", False),  # on a licence too
    (["避孕套"], "6866医用高分子材料及制品（不含避孕套）", True),  # codes only: still excluded
    # hostile: no class may be made of what was not written
    ([C2], "Ⅲ类：6815注射穿刺器械、Ⅰ、Ⅱ型导管类产品", False),
    ([C2], "Ⅲ类：ABCⅡ、Ⅲ类产品", False),
    ([C2], "Ⅲ类：6877介入器材；甲、乙类非处方药", False),
    ([C2], "Ⅲ类：6823医用超声仪器及有关设备、II、III型超声探头", False),
    ([C2], "三类:6822 II,III级激光类", False),
    ([C2], "1、Ⅲ类：6815；2、Ⅲ类：6866", False),
    ([C2], "一、第三类医疗器械；二、第三类体外诊断试剂", False),
    # silent passes today
    pytest.param(
        [C2],
        "一、Ⅲ类（2002版）：6815注射穿刺器械；二、Ⅲ类（2017版）：14注输、护理和防护器械",
        False,
    ),
    pytest.param([C2], "一、Ⅲ类：6815注射穿刺器械\n二、Ⅲ类：6866医用高分子材料及制品", False),
    pytest.param(["血压计"], "一、Ⅲ类：6815注射穿刺器械；二、Ⅲ类：6866医用高分子材料及制品", False),
    pytest.param(["避孕套"], "第二类医疗器械（避孕套、医用口罩除外）", True),
    pytest.param(["避孕套"], "第二类医疗器械（避孕套，医用口罩除外）", True),
    pytest.param(["医用口罩"], "第二类医疗器械（除避孕套、口罩外）", True),
    pytest.param([C3], "第三类医疗器械（仅限第三类体外诊断试剂）", False),
    pytest.param([C2], "第二类医疗器械（仅限第二类体外诊断试剂）", True),
    pytest.param([C2], "第3类医疗器械：6815注射穿刺器械", False),
    pytest.param(["血压计"], "3类：6815注射穿刺器械", False),
    pytest.param(["避孕套"], "除6840体外诊断试剂、避孕套外的第二类医疗器械", True),
    pytest.param(["安全套"], "第二类医疗器械（不含避孕套）", True),
    pytest.param(["额温枪"], "第二类医疗器械（不含体温计）", True),
    pytest.param(["验孕棒"], "第二类医疗器械（不含早孕试纸）", True),
    pytest.param(["避孕套"], "第二类医疗器械（不含避\u200b孕套）", True),
    pytest.param(["血压计"], "医疗器械（不含Ⅱ类）", True),
    pytest.param(["避孕套"], "医疗器械（除Ⅱ类外）", True),
    pytest.param(["血压计"], "医疗器械；II类除外", True),
]


@pytest.mark.parametrize(("declared", "scope", "filing"), DEVICE_REVIEWED)
def test_device_scope_that_does_not_cover_the_goods_is_reviewed(
    declared: list[str], scope: str | list[str], filing: bool
) -> None:
    assert_scope_review(device_record(declared, scope, filing=filing))


def test_the_generated_device_seller_passes() -> None:
    # the toolkit's licence lists both classes (Ⅲ类：…；Ⅱ类：…); without a scope, the
    # licence is not held to a class
    assert_covered(copy.deepcopy(_DEVICE_SELLER))
    assert_covered(device_record(list(_DEVICE_SELLER["categories"]), None))


def test_a_filing_for_class_iii_goods_is_unsuitable_whatever_its_scope() -> None:
    # the number decides: a filing (备) never allows class III, even listing 三类
    decision, codes = judged(device_record([C3], "Ⅱ、Ⅲ类医疗器械", filing=True))
    assert decision is Decision.FAIL
    assert codes == ("category.license_unsuitable",)


def test_each_class_is_judged_on_its_own() -> None:
    # one licence, two declared classes: only the class the scope lacks is reviewed
    record = device_record([C2, C3], "Ⅲ类：6815注射穿刺器械")
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert [(f.code, f.json_path) for f in report.findings] == [
        ("category.scope_not_covering", "$.categories[0]")
    ]


# --------------------------------------------------------------------------- drugs

PHARMACY_FULL = [
    "处方药、甲类非处方药、乙类非处方药：中成药、化学药制剂、抗生素制剂、生化药品、生物制品（除疫苗）",
    "处方药，甲类非处方药，乙类非处方药",
    "处方药;甲类非处方药;乙类非处方药",
    "乙类非处方药、甲类非处方药、处方药",
    "甲类非处方药；乙类非处方药；处方药",
    "甲、乙类非处方药、处方药",
    "处方药、甲、乙类非处方药：中成药、化学药制剂",
    "处方药及甲、乙类非处方药",
    "处方药和甲、乙类非处方药",
    "乙、甲类非处方药；处方药",
    "处方药、非处方药（甲类、乙类）：中成药、化学药制剂",
    "非处方药（甲类、乙类）、处方药",
    "处方药 甲类非处方药 乙类非处方药",
    "处方药\n甲类非处方药\n乙类非处方药",
    "處方藥、甲類非處方藥、乙類非處方藥",
    "处方药（不含冷藏药品）、甲类非处方药、乙类非处方药",
]


@pytest.mark.parametrize("scope", PHARMACY_FULL)
@pytest.mark.parametrize("declared", ["处方药", "非处方药", "甲类非处方药", "乙类非处方药", "OTC"])
def test_a_pharmacy_licensed_for_every_class_covers_every_class(declared: str, scope: str) -> None:
    assert_covered(pharmacy_record([declared], scope))


DRUG_COVERED: list[Any] = [
    # declared, scope
    (["乙类非处方药"], "乙类非处方药：中成药、化学药制剂"),
    (["非处方药"], "甲类、乙类非处方药"),
    (["甲类非处方药"], "甲类、乙类非处方药"),
    (["甲类非处方药"], "甲、乙类非处方药"),
    (["乙类非处方药"], "甲、乙类非处方药"),
    (["甲类非处方药"], "乙、甲类非处方药"),
    (["甲类非处方药"], "甲，乙类非处方药"),
    pytest.param(["甲类非处方药"], "甲/乙类非处方药"),
    (["甲类非处方药", "乙类非处方药"], "甲、乙类非处方药：中成药、化学药制剂、抗生素制剂"),
    (["甲类非处方药"], "甲类非处方药（不含乙类）"),
    (["甲类非处方药"], "中成药（甲类非处方药、乙类非处方药）"),
    (["甲类非处方药"], "非处方药"),  # a class not named is no mismatch
    (["非处方药"], "处方药"),
    (["处方药"], "中药饮片、中成药、化学药制剂、抗生素制剂、生化药品、生物制品（除疫苗）"),
    (["处方药"], "中药饮片,中成药,化学药制剂,抗生素制剂,生化药品(以上含冷藏药品)"),
    (["非处方药"], "中成药、化学药制剂（不含处方药）"),
    pytest.param(["非处方药"], "非处方药（甲、乙类）"),
    pytest.param(["OTC"], "非处方药（甲类、乙类）"),
    pytest.param(["处方药"], "处方药与非处方药（甲、乙类）"),
    pytest.param(["甲类非处方药"], "甲类和乙类非处方药"),
    pytest.param(["甲类非处方药"], "甲类及乙类非处方药"),
    pytest.param(["甲类非处方药"], "甲乙类非处方药"),
    pytest.param(["甲类非处方药"], "甲乙类非处方药：中成药、化学药制剂"),
    pytest.param(["甲类非处方药"], "甲、乙類非處方藥"),
]


@pytest.mark.parametrize(("declared", "scope"), DRUG_COVERED)
def test_drug_scope_that_covers_the_goods_passes(declared: list[str], scope: str) -> None:
    assert_covered(pharmacy_record(declared, scope))


DRUG_REVIEWED: list[Any] = [
    # prescription drugs on OTC-only scopes, in every form
    (["处方药"], "乙类非处方药"),
    (["处方药"], "甲类、乙类非处方药"),
    (["处方药"], "甲、乙类非处方药：中成药、化学药制剂"),
    (["处方药"], "乙、甲类非处方药"),
    (["处方药"], "非处方药"),
    (["处方药"], "非处方药（甲、乙类）"),
    (["处方药"], "非处方药（乙类）：中成药、化学药制剂"),
    (["处方药"], "甲類、乙類非處方藥"),
    (["处方药"], "乙类非处方药（不含处方药）"),
    (["处方药"], "中成药、化学药制剂、抗生素制剂（以上仅限乙类非处方药）"),
    (["处方药"], "中成药、化学药制剂、抗生素制剂、生化药品（除处方药外）"),
    (["处方药"], "药品零售（仅限乙类非处方药）"),
    (["Rx"], "甲乙类非处方药"),
    (["药品"], "甲、乙类非处方药"),
    # a class of OTC drug the scope does not list
    (["甲类非处方药"], "乙类非处方药"),
    (["甲类非处方药"], "乙类非处方药：中成药、化学药制剂"),
    (["甲类非处方药"], "非处方药（乙类）"),
    (["甲类非处方药"], "乙、丙类非处方药"),
    (["甲类非处方药"], "非处方药（不含甲类）"),
    (["甲类非处方药"], "甲、乙类非处方药（不含甲类非处方药）"),
    (["乙类非处方药"], "甲类非处方药"),
    (["乙类非处方药"], "非处方药（甲类）"),
    (["甲类非处方药"], "一、处方药（不含甲类非处方药）；二、乙类非处方药"),
    # OTC drugs at large on a class-B-only scope: class A ones may not be sold there
    (["非处方药"], "乙类非处方药"),
    (["非处方药"], "乙类非处方药：中成药、化学药制剂"),
    (["非处方药"], "非处方药（乙类）：中成药、化学药制剂"),
    # OTC drugs excluded
    (["非处方药"], "中成药、化学药制剂（不含非处方药）"),
    (["非处方药"], "处方药（不含非处方药）"),
    pytest.param(["甲类非处方药"], "乙类非处方药；甲、乙类传染病防护用品"),
    pytest.param(["甲类非处方药"], "乙类非处方药；甲类"),
    pytest.param(["处方药"], "乙类非\u200b处方药"),
    pytest.param(["处方药"], "乙类非\u00ad处方药"),
    pytest.param(["甲类非处方药"], "乙\u200b类非处方药"),
]


@pytest.mark.parametrize(("declared", "scope"), DRUG_REVIEWED)
def test_drug_scope_that_does_not_cover_the_goods_is_reviewed(
    declared: list[str], scope: str
) -> None:
    assert_scope_review(pharmacy_record(declared, scope))


def test_the_generated_pharmacy_passes() -> None:
    assert_covered(copy.deepcopy(_PHARMACY))


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("scope", "items"),
    [
        (
            "Ⅱ、Ⅲ类：6815注射穿刺器械、6866医用高分子材料及制品",
            ("Ⅱ、Ⅲ类：6815注射穿刺器械", "6866医用高分子材料及制品"),
        ),
        ("第二、三类医疗器械；6820普通诊察器械", ("第二、三类医疗器械", "6820普通诊察器械")),
        ("预包装食品、二、三类医疗器械", ("预包装食品", "二、三类医疗器械")),
        ("甲、乙类非处方药、处方药", ("甲、乙类非处方药", "处方药")),
        # roman numerals in product names are no enumeration of classes
        (
            "Ⅲ类：6815注射穿刺器械、Ⅰ、Ⅱ型导管类产品",
            ("Ⅲ类：6815注射穿刺器械", "Ⅰ", "Ⅱ型导管类产品"),
        ),
        ("Ⅲ类：ABCⅡ、Ⅲ类产品", ("Ⅲ类：ABCⅡ", "Ⅲ类产品")),
        ("6822医用光学器具、仪器及内窥镜设备", ("6822医用光学器具", "仪器及内窥镜设备")),
        pytest.param("甲、乙類非處方藥、處方藥", ("甲、乙類非處方藥", "處方藥")),
        pytest.param("II, III类医疗器械", ("II, III类医疗器械",)),
        pytest.param("一、Ⅲ类：6815；二、Ⅲ类：6866", ("一", "Ⅲ类：6815", "二", "Ⅲ类：6866")),
    ],
)
def test_a_scope_printed_as_one_text_is_split_into_items(
    scope: str, items: tuple[str, ...]
) -> None:
    assert (
        DeviceBusinessLicense(
            number=_document(_DEVICE_SELLER, "device_business")["number"], scope=scope
        ).scope
        == items
    )
    assert (
        DrugBusinessLicense(
            number=_document(_PHARMACY, "drug_business")["number"], scope=scope
        ).scope
        == items
    )


@pytest.mark.parametrize(
    ("scope", "excluded"),
    [
        ("第三类医疗器械（除体外诊断试剂外）", ("体外诊断试剂",)),
        ("第二类医疗器械（6840体外诊断试剂除外）", ("6840体外诊断试剂",)),
        ("第二类医疗器械（不含体外诊断试剂）", ("体外诊断试剂",)),
        ("第二类医疗器械（除避孕套以外）", ("避孕套",)),
        pytest.param("第二类医疗器械（除体外诊断试剂）", ("体外诊断试剂",)),
        pytest.param("II类医疗器械（除6840体外诊断试剂）", ("6840体外诊断试剂",)),
        pytest.param("第二类医疗器械（避孕套、医用口罩除外）", ("避孕套", "医用口罩")),
        pytest.param("第二类医疗器械（除避孕套、口罩外）", ("避孕套", "口罩")),
    ],
)
def test_what_a_device_scope_excludes(scope: str, excluded: tuple[str, ...]) -> None:
    (item,) = read_scope(scope).items
    assert (item.excluded, item.limited_to) == (excluded, ())


_CLASS_WORDS = ("一类", "二类", "三类", "i类", "ii类", "iii类", "甲类", "乙类", "丙类")


def _class_words(text: str) -> set[str]:
    """The class words in a normalised scope, as words (ii类 is not in iii类)."""
    found = set()
    for word in _CLASS_WORDS:
        start = 0
        while (at := text.find(word, start)) >= 0:
            start = at + 1
            if word[0] == "i" and at and text[at - 1] in "abcdefghijklmnopqrstuvwxyz0123456789":
                continue
            found.add(word)
    return found


@pytest.mark.parametrize(
    ("scope", "classes"),
    [
        ("Ⅱ、Ⅲ类：6815", {"ii类", "iii类"}),
        ("第二、三类医疗器械", {"二类", "三类"}),
        ("一、二、三类医疗器械", {"一类", "二类", "三类"}),
        ("甲、乙类非处方药", {"甲类", "乙类"}),
        ("乙、丙类非处方药", {"乙类", "丙类"}),
        ("II,III类", {"ii类", "iii类"}),
        # nothing made of what was not written
        ("Ⅲ类：6815注射穿刺器械、Ⅰ、Ⅱ型导管", {"iii类"}),
        ("Ⅲ类：ABCⅡ、Ⅲ类产品", {"iii类"}),
        ("Ⅲ类：6823超声仪器、II、III型探头", {"iii类"}),
        ("三类：6822医用光学器具（Ⅰ、Ⅱ级激光）", {"三类"}),
        ("Ⅲ类：6815；甲、乙级医院配送", {"iii类"}),
        ("三类：6846植入材料（单、双焦人工晶体类）", {"三类"}),
        ("三类：6815（一次性使用无菌注射器、二、三通类）", {"三类"}),
        ("2、3类医疗器械", set()),
        ("Ⅲ类医疗器械；指甲、乙醇类消毒用品", {"iii类"}),
        pytest.param("一、Ⅲ类：6815；二、Ⅲ类：6866", {"iii类"}),
        pytest.param("一、iii类：6815", {"iii类"}),
    ],
)
def test_enumerated_classes_name_each_class_and_no_other(scope: str, classes: set[str]) -> None:
    assert _class_words(read_scope(scope).text) == classes


# --------------------------------------------------------------------------- registry


def _with_registry(record: dict[str, Any], business_scope: str) -> tuple[Decision, tuple[str, ...]]:
    registry = MockRegistry()
    registry.add_merchant(record, scope=business_scope)
    return judged(record, registry=registry)


@pytest.mark.parametrize(
    ("profile", "business_scope"),
    [
        ("device_seller", "许可项目：第三类医疗器械经营。一般项目：第二类医疗器械销售"),
        (
            "device_seller",
            "许可项目：第三类医疗器械经营；一般项目：第一类医疗器械销售；第二类医疗器械销售",
        ),
        (
            "device_seller",
            "一般项目：第二类医疗器械销售（不含体外诊断试剂）；许可项目：第三类医疗器械经营",
        ),
        ("device_seller", "二、三类医疗器械销售"),
        ("device_seller", "第二類醫療器械銷售；第三類醫療器械經營"),
        ("pharmacy", "药品零售；第二类医疗器械销售；保健食品（预包装）销售"),
        ("pharmacy", "许可项目：药品零售；药品互联网信息服务"),
    ],
)
def test_a_registered_business_scope_naming_the_trade_passes(
    profile: str, business_scope: str
) -> None:
    record = copy.deepcopy(_DEVICE_SELLER if profile == "device_seller" else _PHARMACY)
    assert _with_registry(record, business_scope) == (Decision.PASS, ())


@pytest.mark.parametrize(
    ("profile", "business_scope"),
    [
        ("device_seller", "一般项目：日用百货销售（除医疗器械外）"),
        ("device_seller", "日用百货销售（不含医疗器械）"),
        ("device_seller", "日用百货销售；医疗器械除外"),
        ("device_seller", "日用百货（医疗器械、药品除外）"),
        ("device_seller", "日用百货（药品、医疗器械除外）"),
        ("device_seller", "日用百货销售；不得从事医疗器械经营"),
        ("pharmacy", "日用百货销售（不含药品）；农药、兽药销售"),
        ("pharmacy", "除药品外的日用百货销售"),
        pytest.param("device_seller", "除药品、医疗器械外的其他商品销售"),
        pytest.param("pharmacy", "除医疗器械、药品外的其他商品销售"),
    ],
)
def test_a_registered_business_scope_excluding_the_trade_is_reviewed(
    profile: str, business_scope: str
) -> None:
    record = copy.deepcopy(_DEVICE_SELLER if profile == "device_seller" else _PHARMACY)
    decision, codes = _with_registry(record, business_scope)
    assert decision is Decision.REVIEW
    assert codes
    assert set(codes) == {"registry.scope_not_covering"}


def test_registry_and_coverage_together_on_a_class_ii_and_iii_seller() -> None:
    # the registry lists the licence with its scope; the document's own scope is read
    record = device_record([C2, C3], "Ⅱ、Ⅲ类：6815注射穿刺器械；6820普通诊察器械")
    assert _with_registry(record, "许可项目：第三类医疗器械经营。一般项目：第二类医疗器械销售") == (
        Decision.PASS,
        (),
    )
    record = device_record([C2, C3], "Ⅲ类：6815注射穿刺器械")
    assert _with_registry(record, "许可项目：第三类医疗器械经营") == (Decision.REVIEW, SCOPE_REVIEW)
