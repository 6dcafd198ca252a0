"""Coverage: each declared sales category against the documents it needs.

Every category the seller declares (``Merchant.categories``) is looked up in the category
policy (:mod:`qualcheck.checks.categories`; the bundled one or the policy's
``categories_file``) and judged:

* not in the policy → ``category.unknown`` (review: a person decides what it needs),
  with ``category.mentions_restricted`` (review) for each banned or special-permit
  category whose name stands inside it (``电子烟及配件``: a hint, which a policy may make
  a rejection);
* banned from online sale → ``category.banned``;
* allowed only with a special permit qualcheck cannot verify → ``category.special_permit``;
* no document of a kind that would allow it → ``category.license_missing``, or
  ``category.possibly_exempt`` (review) when the category names an exemption that may free
  the goods sold from the documents and that qualcheck cannot decide (class II devices on
  the list exempt from business filing);
* documents of the right kind but the wrong type (a food-sales licence for catering, a
  wholesale drug licence for sales to consumers, a class II filing for class III
  devices) → ``category.license_unsuitable``, with the document's index in ``ctx``;
* a document that fits but whose scope lists no item covering it — none mentions the
  policy's keywords, or the one that does excludes (不含…, 除…外) what was declared or is
  limited (仅限…) to other goods — → ``category.scope_not_covering``; one a person must
  confirm → ``category.license_needs_review``.

Findings sit at ``categories[i]``, the declared entry.  A category declared twice (by id
and by alias, say) is judged once, at its first entry, against every name it was declared
by (``散装食品`` and ``散装熟食`` both name ``bulk_food``; a scope excluding 散装熟食 does
not cover the second).  Whether a document is still valid on the day is the
validity check's business, not this one's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck._memo import LONGEST_NAME, remembered
from qualcheck._scrub import scrub
from qualcheck.checks import CheckSkipped, Context, at, check
from qualcheck.checks.categories import (
    Category,
    CategoryPolicy,
    Coverage,
    CoverageStatus,
    DocumentIssue,
    DocumentSet,
    EntryReading,
    Treatment,
    assess_coverage,
    category_policy_for,
    part_name_zh,
    show_values,
)
from qualcheck.checks.validity import replaced_documents
from qualcheck.models import DOCUMENT_KINDS, Merchant

__all__ = ["CODES", "DeclaredEntry", "coverage", "declared_categories"]

CODES = define(
    Code(
        "category.banned",
        Severity.ERROR,
        "Category {category!r} ({name_en}) may not be sold online ({basis}): take the goods"
        " down and remove the category.",
        "类目“{name_zh}”禁止网络销售（{basis_zh}），请下架相关商品并删除该类目。",
    ),
    Code(
        "category.special_permit",
        Severity.WARNING,
        "Category {category!r} ({name_en}) needs a {permit_en}, which qualcheck cannot"
        " verify: check it by hand.",
        "类目“{name_zh}”须持有{permit_zh}，qualcheck无法核验，请人工核查。",
        rule="special permits are not among the documents qualcheck verifies",
    ),
    Code(
        "category.license_missing",
        Severity.ERROR,
        "Category {category!r} ({name_en}) needs {required_en}; the record holds none: upload"
        " one, or remove the category.",
        "类目“{name_zh}”需要{required_zh}，但档案中没有，请上传相应证件或删除该类目。",
    ),
    Code(
        "category.possibly_exempt",
        Severity.WARNING,
        "Category {category!r} ({name_en}) needs {required_en}, which the record does not"
        " hold, unless the goods sold fall under {exemption_en}: confirm by hand.",
        "类目“{name_zh}”需要{required_zh}，档案中没有；除非所售商品属于{exemption_zh}，"
        "请人工确认。",
        rule="exemptions that depend on the goods sold are decided by a person",
    ),
    Code(
        "category.license_unsuitable",
        Severity.ERROR,
        "Category {category!r} ({name_en}): documents[{document}] ({title_en}) is of the"
        " wrong type ({part} is {actual}, not {expected}); the category needs {required_en}:"
        " upload one, or remove the category.",
        "类目“{name_zh}”：第{document:nth}份证件（{title_zh}）类型不符（{part_zh}：{actual_zh}，"
        "应为{expected_zh}）；该类目需要{required_zh}，请上传相应证件或删除该类目。",
    ),
    Code(
        "category.scope_not_covering",
        Severity.WARNING,
        "Category {category!r} ({name_en}): the scope of documents[{document}] ({title_en})"
        " lists no item covering it: none mentions {keywords_en} without excluding it"
        " (不含, 除…外), limiting the item (仅限) to other goods or listing only device"
        " catalogue groups that do not hold them. Check the scope, or upload a document whose"
        " scope covers the category.",
        "类目“{name_zh}”：第{document:nth}份证件（{title_zh}）的许可范围中没有涵盖该类目的"
        "项目：没有含“{keywords_zh}”且未将其排除（不含、除…外）、未限定于其他商品（仅限）、"
        "也未仅列出不含该商品的医疗器械分类目录类别的项目。请核对许可范围，或上传许可范围涵盖该类目的证件。",
        rule="scope items are matched to keywords as text, reading their exclusions,"
        " limitations and device catalogue groups; a person reads the scope",
    ),
    Code(
        "category.license_needs_review",
        Severity.WARNING,
        "Category {category!r} ({name_en}): documents[{document}] ({title_en}) covers it"
        " only if {reason_en}; confirm by hand.",
        "类目“{name_zh}”：第{document:nth}份证件（{title_zh}）仅在{reason_zh}时涵盖该类目，"
        "请人工确认。",
        rule="the category policy asks a person to confirm this kind of document",
    ),
    Code(
        "category.unknown",
        Severity.WARNING,
        "Declared category {declared!r} is not in the category policy; a person decides"
        " which licences it needs.",
        "申报类目“{declared}”不在类目政策中，需人工判断所需许可。",
        rule="categories outside the policy are reviewed, never passed",
    ),
    Code(
        "category.mentions_restricted",
        Severity.WARNING,
        "Declared category {declared!r} is not in the category policy, but it holds"
        " {found!r}, a name of category {category!r} ({name_en}), which is {treatment_en}:"
        " a person decides whether these are the goods.",
        "申报类目“{declared}”不在类目政策中，但含有“{found}”，即{treatment_zh}类目“{name_zh}”的"
        "名称，需人工判断是否为该类商品。",
        rule="a restricted category's name inside an unknown category name is a hint for"
        " the reviewer, not a match",
    ),
)

_TREATMENT_WORDS = {
    Treatment.BANNED: ("banned from online sale", "禁止网络销售的"),
    Treatment.SPECIAL_PERMIT: ("sold only with a special permit", "须持特殊许可销售的"),
}


def _mention(declared: str, name: str, category: Category) -> Finding:
    """``category.mentions_restricted``: ``name`` of ``category`` inside ``declared``."""
    treatment_en, treatment_zh = _TREATMENT_WORDS[category.treatment]
    return Finding.of(
        "category.mentions_restricted",
        declared=scrub(declared),
        found=name,
        treatment_en=treatment_en,
        treatment_zh=treatment_zh,
        **_about(category),
    )


def _about(category: Category) -> dict[str, Any]:
    return {"category": category.id, "name_en": category.name_en, "name_zh": category.name_zh}


def _issue_finding(category: Category, issue: DocumentIssue) -> Finding:
    document = DOCUMENT_KINDS[issue.kind]
    need = issue.requirement
    ctx: dict[str, Any] = {
        **_about(category),
        "document": issue.document,
        "kind": issue.kind,
        "title_en": document.TITLE,
        "title_zh": document.TITLE_ZH,
    }
    if issue.problem == "unsuitable":
        assert issue.part is not None
        assert issue.actual is not None
        return Finding.of(
            "category.license_unsuitable",
            **ctx,
            part=issue.part,
            part_zh=part_name_zh(issue.part),
            actual=show_values((issue.actual,)),
            expected=show_values(need.expected(issue.part)),
            actual_zh=show_values((issue.actual,), zh=True),
            expected_zh=show_values(need.expected(issue.part), zh=True),
            required_en=category.required_en,
            required_zh=category.required_zh,
        )
    if issue.problem == "scope_not_covering":
        return Finding.of(
            "category.scope_not_covering",
            **ctx,
            keywords=list(need.scope_any),
            keywords_en=" or ".join(need.scope_any),
            keywords_zh="”或“".join(need.scope_any),
        )
    if issue.part is not None:  # the number does not show the part the policy asks about
        expected = need.expected(issue.part)
        reason_en = f"its {issue.part} (not shown by its number) is {show_values(expected)}"
        part_zh = part_name_zh(issue.part)
        reason_zh = f"其{part_zh}（编号中未体现）为{show_values(expected, zh=True)}"
    else:
        reason_en, reason_zh = need.review_en or "", need.review_zh or ""
    return Finding.of(
        "category.license_needs_review", **ctx, reason_en=reason_en, reason_zh=reason_zh
    )


def _findings(result: Coverage) -> Iterator[Finding]:
    category = result.category
    status = result.status
    if status is CoverageStatus.COVERED:
        return
    if status is CoverageStatus.BANNED:
        yield Finding.of(
            "category.banned",
            **_about(category),
            basis="; ".join(category.basis),
            basis_zh="；".join(category.basis_zh or category.basis),
        )
    elif status is CoverageStatus.SPECIAL_PERMIT:
        yield Finding.of(
            "category.special_permit",
            **_about(category),
            permit_en=category.permit_en,
            permit_zh=category.permit_zh,
        )
    elif status is CoverageStatus.MISSING and category.exemption_en is not None:
        yield Finding.of(
            "category.possibly_exempt",
            **_about(category),
            required_en=category.required_en,
            required_zh=category.required_zh,
            exemption_en=category.exemption_en,
            exemption_zh=category.exemption_zh,
        )
    elif status is CoverageStatus.MISSING:
        yield Finding.of(
            "category.license_missing",
            **_about(category),
            required_en=category.required_en,
            required_zh=category.required_zh,
        )
    else:
        for issue in result.issues:
            yield _issue_finding(category, issue)


@check("coverage", codes=tuple(CODES))
def coverage(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """Declared sales categories: the documents each needs; banned and permit-only ones."""
    if not merchant.categories:
        raise CheckSkipped("no categories declared")
    policy = category_policy_for(context.policy.categories_file)
    # an ended licence its renewal replaced covers nothing: the renewal's scope is the seller's
    replaced = replaced_documents(merchant.documents, context.as_of)
    documents = DocumentSet(merchant.documents, left_out=replaced)
    for index, declared, reading, judged in _read_entries(merchant.categories, policy):
        if reading.unknown:
            # quoted back scrubbed: a value in the wrong field may be a phone or ID number
            yield at(Finding.of("category.unknown", declared=scrub(declared)), "categories", index)
            for name, category in reading.mentioned:
                yield at(_mention(declared, name, category), "categories", index)
        for category, declared_as in judged:
            result = assess_coverage(category, documents, declared=declared_as)
            if result.status is not CoverageStatus.COVERED:
                for finding in _findings(result):
                    yield at(finding, "categories", index)


_Judged = tuple[tuple[Category, tuple[str, ...]], ...]


@dataclasses.dataclass(frozen=True, slots=True)
class DeclaredEntry:
    """One entry of ``Merchant.categories`` as the policy reads it."""

    index: int
    declared: str
    unknown: bool
    """Part of the entry names no category (:meth:`CategoryPolicy.read_entry`)."""
    categories: _Judged
    """The categories judged at this entry, each with every name the seller declared it
    by (a category declared twice is judged once, at its first entry)."""


def declared_categories(
    categories: Sequence[str], policy: CategoryPolicy
) -> Iterator[DeclaredEntry]:
    """The non-blank entries of ``categories`` read by ``policy``, in order.

    >>> from qualcheck.checks.categories import load_category_policy
    >>> entries = declared_categories(["散装食品", "", "散装熟食"], load_category_policy())
    >>> [(e.index, [(c.id, names) for c, names in e.categories]) for e in entries]
    [(0, [('bulk_food', ('散装食品', '散装熟食'))]), (2, [])]
    """
    for index, declared, reading, judged in _read_entries(categories, policy):
        yield DeclaredEntry(index, declared, reading.unknown, judged)


def _entry_size(policy: object, declared: str) -> int:
    """The length of the declared entry :func:`_read_entry` reads."""
    return len(declared)


@remembered(maxsize=4096, longest=LONGEST_NAME, size=_entry_size)
def _read_entry(policy: CategoryPolicy, declared: str) -> EntryReading:
    """``policy.read_entry(declared)``, remembered: platforms declare from a fixed tree of
    category names, so the same entries come back merchant after merchant."""
    return policy.read_entry(declared)


def _read_entries(
    categories: Sequence[str], policy: CategoryPolicy
) -> list[tuple[int, str, EntryReading, _Judged]]:
    """:func:`declared_categories` as plain tuples, each entry with its reading (the
    coverage check reads every merchant's entries: this spares it building the
    dataclass, and reading an entry twice — more entries than the cache holds were read
    twice, 20,000 unknown ones in seconds)."""
    readings = [
        (index, declared, _read_entry(policy, declared))
        for index, declared in enumerate(categories)
        if declared.strip()
    ]
    names: dict[str, list[str]] = {}
    for _, _, reading in readings:
        for name, category in reading.named:
            names.setdefault(category.id, []).append(name)
    entries = []
    for index, declared, reading in readings:
        judged = []
        for _, category in reading.named:
            declared_as = names.pop(category.id, None)
            if declared_as is not None:
                judged.append((category, tuple(declared_as)))
        entries.append((index, declared, reading, tuple(judged)))
    return entries
