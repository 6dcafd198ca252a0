"""Consistency: do the documents belong to this seller?

Every document must name the seller: the same USCC, the same holder name after
normalisation (full-width and half-width forms, brackets, spaces and legal-form variants
such as 有限责任公司/有限公司 compare equal), and the same legal representative.  A
licence's region (or issuing province) far from the seller's registration region is a
soft finding: branches and multi-site businesses exist.

>>> normalize_name("示例（深圳）科技有限责任公司 ")
'示例(深圳)科技有限公司'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from qualcheck._codes import Code, Finding, Severity, define
from qualcheck._scrub import scrub
from qualcheck.checks import Context, at, check
from qualcheck.checks._hanzi import to_simplified
from qualcheck.checks._names import same_but_for_place
from qualcheck.exceptions import InvalidNumber
from qualcheck.models import DocumentBase, IdentityDocument, Merchant, SubjectType
from qualcheck.numbers import ric
from qualcheck.numbers._provinces import ABBREVIATIONS, PROVINCES

__all__ = ["consistency", "normalize_name"]

_NAME_RULE = "holder names compared after normalisation (wording may differ)"

CODES = define(
    Code(
        "consistency.uscc_mismatch",
        Severity.ERROR,
        "The {document} is issued to USCC {found}, not to the seller's {expected}.",
        "{document_zh}载明的统一社会信用代码为{found}，与商户的{expected}不一致。",
    ),
    Code(
        "consistency.name_mismatch",
        Severity.ERROR,
        "The {document} is issued to {found!r}, not to {expected!r}.",
        "{document_zh}的持证主体为“{found}”，与商户名称“{expected}”不一致。",
    ),
    Code(
        "consistency.name_similar",
        Severity.WARNING,
        "The {document} is issued to {found!r}, close to {expected!r} but not the same (one"
        " contains the other, or only the place or traditional characters are written"
        " differently): a branch, a shop name, a former name or a typing variant?",
        "{document_zh}的持证主体“{found}”与商户名称“{expected}”相近但不完全一致（相互包含，"
        "或仅地名写法、繁简字体不同）：是否为分支机构、门店名称、曾用名或录入差异？",
        rule=_NAME_RULE,
    ),
    Code(
        "consistency.legal_rep_mismatch",
        Severity.WARNING,
        "The {document} names {found!r} as legal representative or person in charge, the"
        " record names {expected!r}.",
        "{document_zh}载明的法定代表人（负责人）为“{found}”，与商户登记的“{expected}”不一致。",
        rule="a licence's person in charge may differ from the legal representative",
    ),
    Code(
        "consistency.id_mismatch",
        Severity.ERROR,
        "The identity document's number is not the legal representative's (or operator's)"
        " ID number given in the record.",
        "身份证件号码与记录中的法定代表人（经营者）身份证件号码不一致。",
    ),
    Code(
        "consistency.subject_type_mismatch",
        Severity.WARNING,
        "The record says the seller is a(n) {declared}, but its USCC {uscc_type} is that of"
        " {registered}: the checks for the declared kind may not be the right ones.",
        "记录申报的主体类型为{declared_zh}，但统一社会信用代码前两位{uscc_type}表示{registered_zh}，"
        "按申报类型进行的核验可能不适用。",
        rule="GB 32100 positions 1-2 tell the kind of market subject (9x: registered by SAMR)",
    ),
    Code(
        "consistency.region_mismatch",
        Severity.WARNING,
        "The {document} was issued in {found} (province {found_code}), the seller is"
        " registered in {expected} (province {expected_code}).",
        "{document_zh}的发证地为{found}（省级代码{found_code}），商户登记地为{expected}"
        "（省级代码{expected_code}）。",
        rule="documents are usually issued where the seller is registered (branches differ)",
    ),
)

_SUBJECT_BY_USCC_TYPE = {  # GB 32100 positions 1-2 for market subjects (authority 9)
    "91": frozenset({SubjectType.ENTERPRISE, SubjectType.BRANCH}),
    "92": frozenset({SubjectType.INDIVIDUAL_BUSINESS}),
    "93": frozenset({SubjectType.COOPERATIVE}),
}
_USCC_TYPE_NAMES = {
    "91": ("an enterprise", "企业"),
    "92": ("an individual business", "个体工商户"),
    "93": ("a farmers' co-operative", "农民专业合作社"),
}
_PLACEHOLDER_NAMES = frozenset({"无", "无字号", "空", "空白", "NONE", "NULL", "N/A", "NA"})
"""What an individual business's licence shows as its name when it has no trade name,
besides a run of stars, slashes or dashes (:data:`_PLACEHOLDER_MARKS`)."""
_PLACEHOLDER_MARKS = re.compile(r"[*/\\\-_~\u2010-\u2015\u2212\u2500\u2501]+")
_PLACEHOLDER_BRACKETS = str.maketrans("", "", "()[]【】〔〕<>《》")

_LEGAL_FORMS = (
    ("有限责任公司", "有限公司"),
    ("股份有限公司", "股份公司"),
)
_NOISE = re.compile(
    r"[\s·•・.。,，、'\"“”‘’"  # spaces, punctuation, the dots between parts of a name
    r"\u2027\u2219\u22c5\u00b7"  # ‧ ∙ ⋅ ·: more dots seen between parts of a name
    r"\u200b-\u200d\u2060\ufeff\u00ad]+"  # zero-width characters and soft hyphens
)


@functools.lru_cache(maxsize=16384)
def normalize_name(name: str) -> str:
    """A name in the form used for comparison (NFKC, no spaces, unified legal forms)."""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", name)).upper()
    for variant, canonical in _LEGAL_FORMS:
        text = text.replace(variant, canonical)
    return text


def written_otherwise(first: str, second: str) -> bool:
    """Whether two names are one name written otherwise: they differ, after
    :func:`normalize_name`, only in traditional characters or in how their place is
    written (``杭州市…``, ``杭州…``, ``…（杭州）有限公司``; see ``checks._names``).

    >>> written_otherwise("杭州市示例優選食品有限責任公司", "示例优选食品（杭州）有限公司")
    True
    """
    return same_but_for_place(
        normalize_name(to_simplified(first)), normalize_name(to_simplified(second))
    )


def _names(document: DocumentBase) -> dict[str, Any]:
    return {"document": document.TITLE, "document_zh": document.TITLE_ZH}


def _abbreviation_province(number: str) -> str | None:
    province = ABBREVIATIONS.get(number[:1])
    return province.code if province is not None else None


_PROVINCE_OF: dict[str, Callable[[str], str | None]] = {
    "food_business": lambda number: number[3:5],
    "food_filing": lambda number: number[3:5] if number.startswith("YB") else None,
    "food_production": lambda number: number[5:7],
    "drug_business": _abbreviation_province,
    "device_business": _abbreviation_province,
    "drug_info": lambda number: _abbreviation_province(number[1:]),
}
"""Where a document's number tells the issuing province (read from the canonical number,
without decoding the rest of it)."""


def _province_of(document: DocumentBase, context: Context) -> str | None:
    """The two-digit province a document was issued in, where its number tells."""
    read = _PROVINCE_OF.get(document.kind)
    return read(str(document.number)) if read is not None else None


def _same_id_number(first: str, second: str) -> bool:
    """Whether two ID numbers are one: equal, or a 15-digit number and its 18-digit form."""
    if first == second:
        return True
    if len(first) == len(second):
        return False
    try:
        return ric.upgrade(first) == ric.upgrade(second)
    except InvalidNumber:  # another document's number: only equality tells
        return False


def _no_trade_name(name: str) -> bool:
    """Whether an individual business's licence gives ``name`` for want of a trade name:
    ``*``, ``/``, ``—``, ``——`` (stars, slashes, dashes), ``无``, ``无字号``, also in
    brackets (``（无）``)."""
    text = normalize_name(name).translate(_PLACEHOLDER_BRACKETS)
    return text in _PLACEHOLDER_NAMES or _PLACEHOLDER_MARKS.fullmatch(text) is not None


def _holder_findings(
    merchant: Merchant, document: DocumentBase, expected_uscc: str | None
) -> Iterator[Finding]:
    if isinstance(document, IdentityDocument):
        person = merchant.legal_representative
        expected_name = (
            merchant.name if merchant.subject_type is SubjectType.NATURAL_PERSON else None
        ) or (person.name if person else None)
        given = person.id_number if person is not None else None
        if given is not None and not _same_id_number(str(given), str(document.number)):
            yield at(Finding.of("consistency.id_mismatch"), "number")
    else:
        expected_name = merchant.name
        if expected_uscc is not None:
            found = document.number if document.kind == "business_license" else None
            for field, value in (("number", found), ("holder_uscc", document.holder_uscc)):
                if value is not None and value != expected_uscc:
                    yield at(
                        Finding.of(
                            "consistency.uscc_mismatch",
                            found=value,
                            expected=expected_uscc,
                            **_names(document),
                        ),
                        field,
                    )
    if (
        merchant.subject_type is SubjectType.INDIVIDUAL_BUSINESS
        and document.holder_name is not None
        and _no_trade_name(document.holder_name)
    ):
        return  # a licence without a trade name (无字号): no name to compare
    if document.holder_name and expected_name:
        found_name, wanted = normalize_name(document.holder_name), normalize_name(expected_name)
        if found_name != wanted:
            similar = (
                found_name in wanted
                or wanted in found_name
                or written_otherwise(document.holder_name, expected_name)
            )
            code = "consistency.name_similar" if similar else "consistency.name_mismatch"
            yield at(
                Finding.of(  # names are quoted scrubbed: an ID or a phone typed into one
                    code,
                    found=scrub(document.holder_name),
                    expected=scrub(expected_name),
                    **_names(document),
                ),
                "holder_name",
            )


def _legal_rep_findings(merchant: Merchant, document: DocumentBase) -> Iterator[Finding]:
    person = merchant.legal_representative
    if person is None or not document.legal_representative:
        return
    if normalize_name(document.legal_representative) != normalize_name(person.name):
        yield at(
            Finding.of(
                "consistency.legal_rep_mismatch",
                found=scrub(document.legal_representative),
                expected=scrub(person.name),
                **_names(document),
            ),
            "legal_representative",
        )


def _region_findings(
    document: DocumentBase, context: Context, uscc: str | None
) -> Iterator[Finding]:
    if uscc is None or uscc[2:4] not in PROVINCES:
        return
    found = _province_of(document, context)
    expected = uscc[2:4]
    if found is None or found == expected or found not in PROVINCES:
        return
    yield at(
        Finding.of(
            "consistency.region_mismatch",
            found=PROVINCES[found].name,
            found_code=found,
            expected=PROVINCES[expected].name,
            expected_code=expected,
            **_names(document),
        ),
        "number",
    )


def _subject_type_findings(merchant: Merchant, uscc: str | None) -> Iterator[Finding]:
    if uscc is None:
        return
    registered = _SUBJECT_BY_USCC_TYPE.get(uscc[:2])
    if registered is None or merchant.subject_type in registered:
        return
    declared, declared_zh = merchant.subject_type.label, merchant.subject_type.label_zh
    registered_en, registered_zh = _USCC_TYPE_NAMES[uscc[:2]]
    yield at(
        Finding.of(
            "consistency.subject_type_mismatch",
            declared=declared,
            declared_zh=declared_zh,
            uscc_type=uscc[:2],
            registered=registered_en,
            registered_zh=registered_zh,
        ),
        "subject_type",
    )


@check("consistency", codes=tuple(CODES))
def consistency(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """Every document names the seller: USCC, holder name, legal representative, region;
    and the USCC's registration type fits the declared kind of subject."""
    uscc = merchant.effective_uscc
    yield from _subject_type_findings(merchant, uscc)
    for index, document in enumerate(merchant.documents):
        for found in (
            _holder_findings(merchant, document, uscc),
            _legal_rep_findings(merchant, document),
            _region_findings(document, context, uscc),
        ):
            for finding in found:
                yield at(finding, "documents", index)
