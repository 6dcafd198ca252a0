"""Coverage of device goods by the catalogue groups a licence's scope lists.

Contract (docs/categories.md, "Catalogue groups" and the file format's
``catalogue_groups``): a device scope that lists catalogue groups after a class lists what
the licence allows.  Goods whose groups the policy knows (contact lenses: group 6822 of the
2002 catalogue, whose item 6822-1 is 角膜接触镜及护理用液, and group 16 眼科器械 of the 2017
one) are covered by such a class only if a group it lists holds them; otherwise the finding
is ``category.scope_not_covering`` — a warning, so review, never a failure.  Goods whose
groups are not known (第三类医疗器械 declared as such) are covered as before, and so is
everything else the scope reader does: a class without groups covers every class III
product, exclusions exclude, limitations limit, numbered lists are lists.

Scopes are written as 医疗器械经营许可证 print them: 2002 and 2017 groups, with and
without names, editions and class words, in lists, after colons and in brackets, full-width
and traditional, on one line or several.
"""

from __future__ import annotations

import copy
import datetime
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from qualcheck import Decision, Policy, Verifier, verify
from qualcheck.checks.categories import (
    assess_coverage,
    load_category_policy,
    parse_category_policy,
)
from qualcheck.checks.scope import catalogue_codes, excludes_group, read_scope
from qualcheck.exceptions import ConfigError
from qualcheck.models import DeviceBusinessLicense
from qualcheck.testing import make_device_business, make_merchant

AS_OF = datetime.date(2026, 11, 29)
SCOPE_CODE = "category.scope_not_covering"
LICENCE = make_device_business(filing=False, rng=random.Random(20261230))
DOCS = Path(__file__).resolve().parents[2] / "docs" / "categories.md"
BUNDLED = Path(__file__).resolve().parents[2] / "qualcheck" / "data" / "categories.json"

LENS = "隐形眼镜"
C3 = "第三类医疗器械"


def record(categories: list[str], scope: str | list[str]) -> dict[str, Any]:
    """A seller with one device business licence holding ``scope``."""
    return {
        "subject_type": "enterprise",
        "name": "示例眼镜有限公司",
        "uscc": "91350100M000100Y43",
        "categories": categories,
        "documents": [{"kind": "device_business", "number": LICENCE, "scope": scope}],
    }


def category_findings(categories: list[str], scope: str | list[str]) -> list[tuple[str, str]]:
    """The coverage findings for ``categories`` on a licence holding ``scope``, with the
    decision each maps to."""
    report = verify(record(categories, scope), as_of=AS_OF)
    return [
        (finding.code, finding.decision.value)
        for finding in report.findings
        if finding.code.startswith("category.")
    ]


def covered(declared: str, scope: str | list[str]) -> bool:
    found = category_findings([declared], scope)
    assert found in ([], [(SCOPE_CODE, "review")]), found  # review at worst, never fail
    return not found


# ------------------------------------------------------------------- groups that hold them

COVERED: list[Any] = [
    # declared, scope
    # 2002 groups, in every wording
    (LENS, "Ⅲ类：6822医用光学器具、仪器及内窥镜设备"),
    (LENS, "第三类医疗器械：6822医用光学器具、仪器及内窥镜设备"),
    (LENS, "Ⅲ类：6822-1角膜接触镜及护理用液"),
    (LENS, "III类：6822"),
    (LENS, "三类：6822"),
    (LENS, "第Ⅲ类医疗器械：6822"),
    (LENS, "Ⅲ类：6815,6821,6822"),
    (LENS, "Ⅲ类：6815，6821，6822"),
    (LENS, "三类：6821、6822"),
    (LENS, "Ⅲ类：6815注射穿刺器械；6822医用光学器具、仪器及内窥镜设备；6866医用高分子材料及制品"),
    (LENS, "2002年分类目录：Ⅲ类：6815,6821,6822；Ⅱ类：6820,6826"),
    (LENS, "Ⅲ类（2002版）：6822医用光学器具、仪器及内窥镜设备"),
    (LENS, "Ⅲ类（2002年分类目录）：6822"),
    (LENS, "Ⅲ类：2002版6822"),
    (LENS, "第三类医疗器械：6822类"),
    (LENS, "Ⅲ类：６８２２医用光学器具、仪器及内窥镜设备"),  # full-width digits
    (LENS, "Ⅲ类:6815 6821 6822"),  # groups run together once white space is gone
    (LENS, "Ⅲ类：6815/6822"),
    (LENS, "批发：Ⅲ类6815；零售：Ⅲ类6822"),
    (LENS, "医疗器械经营（第三类）：6822医用光学器具、仪器及内窥镜设备"),
    # 2017 groups
    (LENS, "Ⅲ类：16眼科器械"),
    (LENS, "Ⅲ类（2017版）：16眼科器械"),
    (LENS, "2017年分类目录：三类：16眼科器械；二类：07医用诊察和监护器械"),
    (LENS, "第三类医疗器械：16-06"),
    (LENS, "Ⅲ类：07医用诊察和监护器械,14注输、护理和防护器械,16眼科器械;Ⅱ类:07,14,22"),
    (LENS, "Ⅲ类：2017版16-06"),
    # a class listed twice, by both editions: either list
    (LENS, "Ⅲ类（2002版）：6815注射穿刺器械；Ⅲ类（2017版）：16眼科器械"),
    (LENS, "一、Ⅲ类（2002版）：6815注射穿刺器械；二、Ⅲ类（2017版）：16眼科器械"),
    # classes sharing one list
    (LENS, "Ⅱ、Ⅲ类：6815注射穿刺器械、6822医用光学器具、仪器及内窥镜设备"),
    (LENS, "Ⅱ类、Ⅲ类：6822"),
    # line breaks and items given one by one
    (LENS, "Ⅲ类：6815注射穿刺器械\n6822医用光学器具\nⅡ类：6820普通诊察器械"),
    (LENS, "Ⅲ类：\n6815注射穿刺器械\n6822医用光学器具、仪器及内窥镜设备"),  # one group a line
    (LENS, "Ⅲ类：6815注射穿刺器械；\r\n6822医用光学器具、仪器及内窥镜设备"),
    (LENS, "Ⅲ类：6815注射穿刺器械6822医用光学器具"),  # two lines joined
    (LENS, ["Ⅲ类：6815注射穿刺器械", "6822医用光学器具、仪器及内窥镜设备"]),
    # traditional characters
    (LENS, "第三類醫療器械：6822醫用光學器具、儀器及內窺鏡設備"),
    ("隱形眼鏡", "Ⅲ類：6822"),
    # every name of the goods
    ("美瞳", "Ⅲ类：6815,6822"),
    ("彩色隐形眼镜", "Ⅲ类：16眼科器械"),
    ("角膜接触镜", "Ⅲ类：6822-1角膜接触镜及护理用液"),
    ("Contact Lenses", "Ⅲ类：6822"),
    ("医药健康 > 隐形眼镜", "Ⅲ类：6822"),
    # a limitation to a group that holds them, in a bracket or standing alone
    (LENS, "第三类医疗器械（仅限6822）"),
    (LENS, "第三类医疗器械（6822医用光学器具、仪器及内窥镜设备）"),
    (LENS, "Ⅲ类（6815、6821、6822）"),
    (LENS, "第三类医疗器械（仅限16-06角膜接触镜）"),
    (LENS, "第三类医疗器械，以上仅限6822"),
    (LENS, "第三类医疗器械（仅限销售6822-1角膜接触镜及护理用液）"),
    # an item of the list that names the goods holds them
    (LENS, "Ⅲ类：6866角膜接触镜"),
    (LENS, "Ⅲ类：6821医用电子仪器设备（含角膜接触镜）"),
    # the mode of sale and the edition in brackets narrow nothing
    (LENS, "Ⅲ类：6822医用光学器具、仪器及内窥镜设备（网络经营）"),
    (LENS, "Ⅲ类：6822（零售）"),
    # an exclusion of other goods, or of an item of the group the goods are not known by
    (LENS, "Ⅲ类：6822医用光学器具、仪器及内窥镜设备（不含内窥镜）"),
    (LENS, "第三类医疗器械（不含6840体外诊断试剂）"),
    (LENS, "第三类医疗器械（不含6822-2）"),
]


@pytest.mark.parametrize(("declared", "scope"), COVERED)
def test_a_listed_group_that_holds_the_goods_covers_them(
    declared: str, scope: str | list[str]
) -> None:
    assert covered(declared, scope)


# ---------------------------------------------------------------- groups that do not hold

NOT_COVERED: list[Any] = [
    # the audit's case: class III limited to groups that do not hold contact lenses
    (LENS, "第三类医疗器械：6821医用电子仪器设备"),
    (LENS, "Ⅲ类：6815注射穿刺器械；6866医用高分子材料及制品"),
    (LENS, "III类：6815注射穿刺器械；6866医用高分子材料及制品；II类：6820普通诊察器械"),
    (LENS, "Ⅲ类：6815,6821"),
    (LENS, "三类：6821、6823"),
    (LENS, "2002年分类目录：Ⅲ类：6815,6821；Ⅱ类：6820,6822"),  # 6822 is class II here
    (LENS, "Ⅲ类：6815注射穿刺器械\nⅡ类：6822医用光学器具、仪器及内窥镜设备"),
    (LENS, ["Ⅲ类：6815注射穿刺器械", "Ⅱ类：6822医用光学器具、仪器及内窥镜设备"]),
    (LENS, "Ⅲ类（2002版）：6815注射穿刺器械；6866医用高分子材料及制品"),
    (LENS, "Ⅲ类：６８２１"),
    (LENS, "Ⅱ、Ⅲ类：6815注射穿刺器械、6866医用高分子材料及制品"),
    (LENS, "一、Ⅲ类（2002版）：6815注射穿刺器械；二、Ⅲ类（2017版）：14注输、护理和防护器械"),
    # 2017 groups
    (LENS, "Ⅲ类：07医用诊察和监护器械,14注输、护理和防护器械;Ⅱ类:16眼科器械"),
    (LENS, "2017年分类目录：三类：07医用诊察和监护器械；二类：16眼科器械"),
    # every name of the goods, traditional characters too
    ("美瞳", "第三类医疗器械：6821医用电子仪器设备"),
    ("彩色隐形眼镜", "Ⅲ类：6815"),
    ("角膜接触镜", "Ⅲ类：6815"),
    ("Contact Lenses", "Ⅲ类：6815"),
    ("隱形眼鏡", "第三類醫療器械：6821醫用電子儀器設備"),
    ("医药健康 > 隐形眼镜", "Ⅲ类：6815"),
    # a limitation to a group that does not hold them
    (LENS, "第三类医疗器械（仅限6821）"),
    (LENS, "第三类医疗器械（6821医用电子仪器设备）"),
    (LENS, "Ⅲ类（6815、6821）"),
    (LENS, "第三类医疗器械，以上仅限6821"),
    # a group that holds them, excluded
    (LENS, "第三类医疗器械（不含6822）"),
    (LENS, "第三类医疗器械（除6822医用光学器具、仪器及内窥镜设备外）"),
    (LENS, "第三类医疗器械（16眼科器械除外）"),
    (LENS, "第三类医疗器械；不含6822"),
    # the group that holds them, limited to other goods or excluding them
    (LENS, "Ⅲ类：6815；6822（仅限彩色隐形眼镜）"),
    (LENS, "Ⅲ类：6815；6822医用光学器具、仪器及内窥镜设备（不含角膜接触镜）"),
    (LENS, "Ⅲ类：6822医用光学器具、仪器及内窥镜设备（仅限彩色隐形眼镜）"),
]


@pytest.mark.parametrize(("declared", "scope"), NOT_COVERED)
def test_listed_groups_that_do_not_hold_the_goods_are_reviewed(
    declared: str, scope: str | list[str]
) -> None:
    # review, never fail: the rule reads text
    assert category_findings([declared], scope) == [(SCOPE_CODE, "review")]


def test_a_category_declared_by_two_names_is_held_to_the_groups_of_each() -> None:
    # judged once, for both names: class III at large is covered, contact lenses are not
    assert category_findings([C3, LENS], "Ⅲ类：6815注射穿刺器械") == [(SCOPE_CODE, "review")]
    assert category_findings([C3, LENS], "Ⅲ类：6815,6822") == []


# ----------------------------------------------------------- goods whose groups are unknown

UNKNOWN_GROUPS: list[Any] = [
    # declared, scope: covered as before
    (C3, "第三类医疗器械：6821医用电子仪器设备"),
    (C3, "Ⅲ类：6815注射穿刺器械；6866医用高分子材料及制品"),
    (C3, "2002年分类目录：Ⅲ类：6815,6821；Ⅱ类：6820,6826"),
    (C3, "Ⅲ类（2017版）：14注输、护理和防护器械"),
    ("三类医疗器械", "Ⅲ类：6815"),
    ("class 3 medical devices", "三类：6821、6823"),
    (C3, "第三类医疗器械（不含6822）"),
    # a class without groups covers every class III product, contact lenses included
    (LENS, "第三类医疗器械"),
    (LENS, "三类医疗器械经营"),
    (LENS, "Ⅲ类医疗器械（网络经营）"),
    (LENS, "第二类、第三类医疗器械"),
    (LENS, "Ⅱ、Ⅲ类医疗器械（不含体外诊断试剂）"),
    # a list that holds more than groups is not read as a list of groups
    (LENS, "Ⅲ类：6821医用电子仪器设备；体外诊断试剂"),
    (LENS, "Ⅲ类：6821医用电子仪器设备，角膜接触镜"),
    (LENS, "Ⅲ类：医用光学器具、仪器及内窥镜设备"),
    (LENS, "Ⅲ类：全部"),
    # a range is no group
    (LENS, "Ⅲ类：6801~6877"),
    (LENS, "Ⅲ类：6801-6877"),
    # groups without a class: the scope names no class and is not held to it
    (LENS, "6815注射穿刺器械；6821医用电子仪器设备"),
]


@pytest.mark.parametrize(("declared", "scope"), UNKNOWN_GROUPS)
def test_goods_of_unknown_groups_and_lists_of_more_than_groups_are_covered_as_before(
    declared: str, scope: str
) -> None:
    assert covered(declared, scope)


@pytest.mark.parametrize(
    ("declared", "scope"),
    [
        # what the scope reader did before still holds for goods with groups
        (LENS, "第三类医疗器械（不含隐形眼镜）"),
        (LENS, "第三类医疗器械（仅限彩色隐形眼镜）"),
        (LENS, "第三类医疗器械（仅限体外诊断试剂）"),
        (LENS, "第二类医疗器械"),
        (LENS, "Ⅱ类：6822医用光学器具、仪器及内窥镜设备"),
        (LENS, "Ⅲ类：16眼科器械（仅限角膜接触镜护理产品）"),
        (C3, "第三类医疗器械（6822医用光学器具、仪器及内窥镜设备）"),  # limited to some goods
        (C3, "第三类医疗器械（仅限6822）"),
    ],
)
def test_exclusions_limitations_and_classes_read_as_before(declared: str, scope: str) -> None:
    assert category_findings([declared], scope) == [(SCOPE_CODE, "review")]


def test_a_generated_device_seller_is_held_to_its_groups() -> None:
    made = make_merchant("device_seller", as_of=AS_OF, rng=random.Random(20261231))
    made["categories"] = [LENS]
    (licence,) = [d for d in made["documents"] if "经营许" in d.get("number", "")]
    licence["scope"] = "III类：6815注射穿刺器械；6866医用高分子材料及制品；II类：6820普通诊察器械"
    report = verify(made, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert report.codes == (SCOPE_CODE,)
    licence["scope"] = (
        "III类：6815注射穿刺器械；6822医用光学器具、仪器及内窥镜设备；II类：6820普通诊察器械"
    )
    assert verify(made, as_of=AS_OF).decision is Decision.PASS


# ------------------------------------------------------------------------- the API


def test_assess_coverage_reads_the_groups_of_the_declared_name() -> None:
    policy = load_category_policy()
    category = policy.resolve(LENS)
    assert category is not None
    assert dict(category.catalogue_groups)[LENS] == ("6822-1", "16")
    licence = DeviceBusinessLicense(number=LICENCE, scope=("第三类医疗器械：6821医用电子仪器设备",))
    assert assess_coverage(category, [licence], declared=[LENS]).status.value == "needs_review"
    # the category's Chinese name stands for the declared names: no groups, covered
    assert assess_coverage(category, [licence]).covered
    assert assess_coverage(category, [licence], declared=["三类器械"]).covered


@pytest.mark.parametrize(
    ("entry", "codes"),
    [
        ("6822", ("6822",)),
        ("6822-1角膜接触镜及护理用液", ("6822-1",)),
        ("16眼科器械", ("16",)),
        ("16-06-01", ("16-06-01",)),
        ("2002版6822", ("6822",)),
        ("2017年分类目录16-06", ("16-06",)),
        ("681568216822", ("6815", "6821", "6822")),
        ("6822类", ("6822",)),
        ("07医用诊察和监护器械", ("07",)),
        ("23", ()),  # no group of the 2017 catalogue
        ("00", ()),
        ("6801~6877", ()),
        ("6801-6877", ()),
        ("68221", ()),
        ("2002", ()),
        ("医用光学器具", ()),
        ("第三类6822", ()),  # a class before it: not at the start
        ("", ()),
    ],
)
def test_catalogue_codes(entry: str, codes: tuple[str, ...]) -> None:
    assert catalogue_codes(entry) == codes


def test_an_excluded_group_must_hold_the_whole_of_a_known_one() -> None:
    assert excludes_group(("6822", "16"), ["6822医用光学器具、仪器及内窥镜设备"])
    assert excludes_group(("6822-1",), ["6822"])
    assert excludes_group(("6822",), ["三类6822"])
    assert not excludes_group(("6822",), ["6822-2"])
    assert not excludes_group(("6822",), ["6821", "体外诊断试剂"])


def test_sections_are_read_item_by_item() -> None:
    reading = read_scope("Ⅱ、Ⅲ类：6815注射穿刺器械、6866医用高分子材料及制品；Ⅰ类：6822")
    heads = [item.head for item in reading.items]
    assert heads == [
        "ii类:6815注射穿刺器械",
        "iii类:6815注射穿刺器械",
        "6866医用高分子材料及制品",
        "i类:6822",
    ]


# ---------------------------------------------------------------------- hostile scopes

HOSTILE: list[Any] = [
    # scope, covered
    ("；".join(["Ⅲ类：6821"] * 2000), False),
    ("；".join(["Ⅲ类：6821"] * 2000 + ["Ⅲ类：6822"]), True),
    ("；".join(["Ⅲ类：6821", "Ⅱ类：6822"] * 1000), False),
    ("Ⅲ类：" + "，".join(["6821"] * 3000), False),
    ("Ⅲ类：" + "，".join(["6821"] * 3000 + ["6822"]), True),
    ("Ⅲ类：" + "6821" * 4000, False),  # one run of 2002 groups
    ("Ⅲ类：" + "68" * 5000, False),  # 6868 … : 2500 groups shaped like 2002 ones
    ("Ⅲ类：" + "68" * 5001 + "6", True),  # no group: not read as a list of groups
    ("Ⅲ类：6822" + "-1" * 5000, True),
    ("Ⅲ类：" + "2002年" * 2000 + "6821", True),
    ("Ⅲ类：" + "i" * 5000 + "类6821", True),  # no class: not a list of groups
    ("Ⅲ类：6821" + "医" * 5000 + "6821" * 100, False),
    ("iii类" * 3000 + "：6821", False),
    ("第三类医疗器械（仅限" + "6821、" * 2000 + "）", False),
    ("第三类医疗器械（不含" + "6821、" * 2000 + "6822）", False),
    ("；".join(f"Ⅲ类：68{n % 100:02d}；6815" for n in range(1000)), True),  # 6822 among them
]


@pytest.mark.parametrize(("scope", "expected"), HOSTILE)
def test_hostile_scopes_are_judged_without_a_crash(scope: str, expected: bool) -> None:
    assert covered(LENS, scope) is expected


# ------------------------------------------------------------------ a policy of one's own


def _policy_file(tmp_path: Path, extra: dict[str, Any]) -> Path:
    """The bundled policy with ``extra`` merged into its categories."""
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    for category_id, changes in extra.items():
        data["categories"].setdefault(category_id, {}).update(changes)
    path = tmp_path / "my-categories.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_platform_adds_the_groups_of_a_product_in_its_own_file(tmp_path: Path) -> None:
    # a platform that has checked the groups of medical masks (2002: 6864; 2017: 14) adds
    # them to the everyday class II devices
    path = _policy_file(
        tmp_path,
        {
            "medical_devices_class_2_everyday": {
                "catalogue_groups": [
                    {
                        "names": ["医用口罩", "医用外科口罩", "医用防护口罩"],
                        "groups": ["6864", "14"],
                    }
                ]
            }
        },
    )
    verifier = Verifier(policy=Policy(categories_file=path), as_of=AS_OF)

    def judged(declared: str, scope: str) -> list[str]:
        report = verifier.verify(record([declared], scope))
        return [f.code for f in report.findings if f.code.startswith("category.")]

    listing = "Ⅱ类：6820普通诊察器械；6866医用高分子材料及制品"
    assert judged("医用口罩", listing) == [SCOPE_CODE]
    assert judged("医用外科口罩", listing) == [SCOPE_CODE]
    assert judged("医用口罩", "Ⅱ类：6820普通诊察器械；6864医用卫生材料及敷料") == []
    assert judged("医用口罩", "Ⅱ类（2017版）：14注输、护理和防护器械") == []
    assert judged("医用口罩", "第二类医疗器械") == []
    # names without groups are read as before
    assert judged("血压计", listing) == []
    # the bundled policy does not know the groups of masks
    assert category_findings(["医用口罩"], listing) == []


def test_the_documented_example_file_reads_as_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("## The file format")
    block = re.search(r"```json\n(.*?)```", text[start:], re.S)
    assert block is not None
    policy = parse_category_policy(block.group(1), source="docs example")
    lenses = policy.resolve("隐形眼镜")
    assert lenses is not None
    licence = "Ⅲ类：6821医用电子仪器设备"

    def status(scope: str) -> str:
        document = DeviceBusinessLicense(number=LICENCE, scope=(scope,))
        return assess_coverage(lenses, [document], declared=["隐形眼镜"]).status.value

    assert status(licence) == "needs_review"
    assert status("Ⅲ类：6815,6821,6822") == "covered"
    assert status("Ⅲ类（2017版）：16眼科器械") == "covered"


def _category(**changes: Any) -> str:
    spec: dict[str, Any] = {
        "name_zh": "隐形眼镜",
        "name_en": "Contact lenses",
        "aliases": ["美瞳"],
        "requires": [[{"kind": "device_business", "scope_any": ["三类"]}]],
        "catalogue_groups": [{"names": ["隐形眼镜"], "groups": ["6822", "16"]}],
    }
    spec.update(changes)
    return json.dumps({"version": "1", "categories": {"lenses": spec}}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"catalogue_groups": [{"names": ["隐形眼镜"], "groups": ["6822x"]}]},
            "categories.lenses.catalogue_groups[0].groups: '6822x' is not a catalogue group",
        ),
        (
            {"catalogue_groups": [{"names": ["隐形眼镜"], "groups": ["23"]}]},
            "'23' is not a catalogue group",
        ),
        (
            {"catalogue_groups": [{"names": ["隐形眼镜"], "groups": ["68156822"]}]},
            "'68156822' is not a catalogue group",
        ),
        (
            {"catalogue_groups": [{"names": ["隐形眼镜"], "groups": [6822]}]},
            "categories.lenses.catalogue_groups[0].groups[0]",
        ),
        ({"catalogue_groups": [{"names": ["隐形眼镜"], "groups": []}]}, "groups"),
        ({"catalogue_groups": [{"names": [], "groups": ["6822"]}]}, "names"),
        (
            {"catalogue_groups": [{"names": ["角膜接触镜"], "groups": ["6822"]}]},
            "catalogue_groups[0].names[0]: '角膜接触镜' is not a name of the category",
        ),
        (
            {"catalogue_groups": [{"names": ["隐形眼镜"], "group": ["6822"]}]},
            "categories.lenses.catalogue_groups[0]",
        ),
        ({"catalogue_groups": {"隐形眼镜": ["6822"]}}, "categories.lenses.catalogue_groups"),
        (
            {"requires": None, "banned": True},
            "catalogue_groups needs requires",
        ),
    ],
)
def test_an_invalid_catalogue_groups_entry_is_a_config_error(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_category_policy(_category(**changes), source="mine.json")
    assert "invalid category policy 'mine.json'" in str(raised.value)
    assert message in str(raised.value)


def test_names_of_the_category_are_compared_normalised() -> None:
    policy = parse_category_policy(
        _category(
            catalogue_groups=[{"names": [" 美 瞳 ", "ＣＯＮＴＡＣＴ lenses"], "groups": ["16"]}]
        ),
        source="mine.json",
    )
    category = policy.resolve("美瞳")
    assert category is not None
    assert dict(category.catalogue_groups) == {"美瞳": ("16",), "contactlenses": ("16",)}


def test_a_name_given_twice_has_the_groups_of_both_entries() -> None:
    policy = parse_category_policy(
        _category(
            catalogue_groups=[
                {"names": ["隐形眼镜"], "groups": ["6822"]},
                {"names": ["隐形眼镜", "美瞳"], "groups": ["16", "6822"]},
            ]
        ),
        source="mine.json",
    )
    category = policy.resolve("隐形眼镜")
    assert category is not None
    assert dict(category.catalogue_groups) == {"隐形眼镜": ("6822", "16"), "美瞳": ("16", "6822")}


def test_records_are_not_changed_by_being_judged() -> None:
    made = record([LENS], "Ⅲ类：6815；6822")
    before = copy.deepcopy(made)
    verify(made, as_of=AS_OF)
    assert made == before


# ------------------------------------------------- 除 right after a class, with no 外


@pytest.mark.parametrize(
    "scope",
    [
        "第三类医疗器械除隐形眼镜",
        "Ⅲ类除角膜接触镜",
        "第三类医疗器械除角膜接触镜及护理用液",
    ],
)
def test_an_exception_right_after_the_class_excludes_without_its_closing_word(scope: str) -> None:
    assert not covered(LENS, scope)
    assert covered(C3, scope)  # the class at large is still licensed


def test_a_word_beginning_with_chu_elsewhere_is_no_exception() -> None:
    assert covered(LENS, "第三类医疗器械；除湿机销售")
