"""Consistency: do the documents belong to this seller?

Every document must name the seller: the same USCC, the same holder name after
normalisation (full-width and half-width forms, brackets, spaces and legal-form variants
such as 有限责任公司/有限公司 compare equal; a name in Latin letters against one in
Chinese characters cannot be compared, and is reviewed), and the same legal
representative.  A licence's region (or issuing province) far from the seller's
registration region is a soft finding: branches and multi-site businesses exist.

A document must also be *tied* to the seller: its USCC (a business licence's number, a
``holder_uscc``) or its holder name compared with the record's — an identity document's
number or name —, or a registry listing it as the seller's licence.  A licence number
does not say whose it is (a JY, SC or drug licence number does not carry the USCC), so a
document that names no holder, or only a placeholder (``无``, ``/``, ``见附件``), a masked
name or the seller's shop name, is reviewed (``consistency.holder_missing``).

>>> normalize_name("示例（深圳）科技有限责任公司 ")
'示例(深圳)科技有限公司'
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from qualcheck._codes import Code, Finding, Severity, define, with_article
from qualcheck._memo import LONGEST_NAME, remembered
from qualcheck._scrub import scrub
from qualcheck.checks import Context, at, check
from qualcheck.checks._hanzi import to_simplified
from qualcheck.checks._names import same_but_for_place
from qualcheck.exceptions import InvalidNumber
from qualcheck.models import (
    BusinessLicense,
    DocumentBase,
    IdentityDocument,
    Merchant,
    SubjectType,
)
from qualcheck.models._printed import HOLDER_LABELS, no_value_or_pointer
from qualcheck.models.merchant import licence_type_kind, registered_kinds
from qualcheck.numbers import ric
from qualcheck.numbers._provinces import ABBREVIATIONS, PROVINCES
from qualcheck.numbers.uscc import AUTHORITIES

__all__ = [
    "branch_of",
    "consistency",
    "holds_no_name",
    "in_latin_letters",
    "masked_as",
    "near_miss",
    "no_value",
    "normalize_name",
    "operator_rule",
    "other_script",
    "same_person",
    "written_otherwise",
]

_NAME_RULE = "holder names compared after normalisation (wording may differ)"
_SCRIPT_RULE = (
    "a name in Latin letters (a foreign-invested enterprise's English name) is no"
    " translation qualcheck can check of a name in Chinese characters"
)

CODES = define(
    Code(
        "consistency.uscc_mismatch",
        Severity.ERROR,
        "The {document} is issued to USCC {found}, not to the seller's {expected}: upload the"
        " seller's own document, or correct the USCC.",
        "{document_zh}载明的统一社会信用代码为{found}，与商户的{expected}不一致，"
        "请上传本商户的证件或更正统一社会信用代码。",
    ),
    Code(
        "consistency.name_mismatch",
        Severity.ERROR,
        "The {document} is issued to {found!r}, not to {expected!r}: upload the seller's own"
        " document, or correct the name.",
        "{document_zh}的持证主体为“{found}”，与商户名称“{expected}”不一致，"
        "请上传本商户的证件或更正名称。",
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
        "consistency.name_not_comparable",
        Severity.WARNING,
        "The {document} is issued to {found!r}, the record names {expected!r}: one name is"
        " in Latin letters, the other in Chinese characters, and they cannot be compared. A"
        " person must confirm that both name the seller.",
        "{document_zh}的持证主体“{found}”与商户名称“{expected}”一为拉丁字母、一为汉字，"
        "无法比对，需人工核实是否为同一主体。",
        rule=_SCRIPT_RULE,
    ),
    Code(
        "consistency.holder_missing",
        Severity.WARNING,
        "Nothing ties the {document} to the seller: {reason}. A person must confirm whose it is.",
        "无法确认{document_zh}属于本商户：{reason_zh}，需人工核实。",
        rule="a document is the seller's when its holder's name or USCC (an identity"
        " document's name or number) is compared with the record's, or a registry lists it"
        " as the seller's: a licence number alone does not say whose it is",
    ),
    Code(
        "consistency.legal_rep_mismatch",
        Severity.WARNING,
        "The {document} names {found!r} as legal representative or person in charge, but the"
        " record names {expected!r}: confirm who it is now and update the record or the"
        " document.",
        "{document_zh}载明的法定代表人（负责人）为“{found}”，与商户登记的“{expected}”不一致，"
        "请核实现任人员并更新记录或证件。",
        rule="a licence's person in charge may differ from the legal representative",
    ),
    Code(
        "consistency.id_mismatch",
        Severity.ERROR,
        "The identity document's number is not the legal representative's (or operator's)"
        " ID number given in the record: correct the number, or upload that person's own"
        " identity document.",
        "身份证件号码与记录中的法定代表人（经营者）身份证件号码不一致，"
        "请更正号码或上传其本人的身份证件。",
    ),
    Code(
        "consistency.subject_type_mismatch",
        Severity.WARNING,
        "The record says the seller is {declared:a}, but its USCC {uscc_type} is that of"
        " {registered}: the checks for the declared kind may not be the right ones; check"
        " the subject type.",
        "记录申报的主体类型为{declared_zh}，但统一社会信用代码前两位{uscc_type}表示{registered_zh}，"
        "按申报类型进行的核验可能不适用，请核对主体类型。",
        rule="GB 32100 positions 1-2 tell the registering authority and the kind of subject"
        " (9x: market subjects registered by SAMR)",
    ),
    Code(
        "consistency.entity_type_mismatch",
        Severity.WARNING,
        "The {document} gives the type {entity_type!r}, that of {found}, but the record says the"
        " seller is {declared:a}: check the subject type.",
        "{document_zh}所载类型“{entity_type}”表示{found_zh}，与记录申报的主体类型{declared_zh}"
        "不一致，请核对主体类型。",
        rule="the type (类型) printed on a business licence names the kind of subject; an"
        " enterprise's and its branch's (or a co-operative's and its branch's) are not told"
        " apart",
    ),
    Code(
        "consistency.region_mismatch",
        Severity.WARNING,
        "The {document} was issued in {found} (province {found_code}), but the seller is"
        " registered in {expected} (province {expected_code}): confirm the document is the"
        " seller's.",
        "{document_zh}的发证地为{found}（省级代码{found_code}），商户登记地为{expected}"
        "（省级代码{expected_code}），请核实该证件是否属于本商户。",
        rule="documents are usually issued where the seller is registered (branches differ)",
    ),
)

_USCC_TYPE_NAMES = {
    "91": ("an enterprise (or its branch)", "企业（或其分支机构）"),
    "92": ("an individual business", "个体工商户"),
    "93": ("a farmers' co-operative (or its branch)", "农民专业合作社（或其分支机构）"),
}
_PLACEHOLDER_NAMES = frozenset({"无", "无字号", "空", "空白", "NONE", "NULL", "N/A", "NA"})
"""What an individual business's licence shows as its name when it has no trade name,
besides a run of stars, slashes or dashes (:data:`_PLACEHOLDER_MARKS`)."""
_PLACEHOLDER_MARKS = re.compile(r"[*/\\\-_~\u2010-\u2015\u2212\u2500\u2501]+")
_HOLDER_LABEL_SET = frozenset(HOLDER_LABELS.split())
_LABEL_END = re.compile(r"(?<![:：\s])[:：\s]+$")
"""Colons and spaces ending a label; tried only where a run of them starts (a search
tried at every character of a long run rescans the rest of the run: quadratic)."""
_NAME_RUN = re.compile(r"[^\W_]{6}")
"""Six letters or characters in a row: no placeholder (无字号, NONE), pointer (同营业执照)
or label (经营者名称) is that long, so a text holding them is a name."""
_PLACEHOLDER_BRACKETS = str.maketrans("", "", "()[]【】〔〕<>《》")

_LEGAL_FORMS = (
    ("有限责任公司", "有限公司"),
    ("股份有限公司", "股份公司"),
    ("农民专业合作社", "专业合作社"),  # the law's name of the form; names need 专业合作社
)
_KIND_MARK = "(个体工商户)"
"""The kind of subject an individual business's name may end with: no part of the name."""
_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
"""Unicode's default-ignorable code points (zero-width characters, soft hyphen, bidi
controls, variation selectors, Hangul fillers, tags): invisible, they never tell two
names apart."""
_INVISIBLE = re.compile(f"[{_IGNORABLE}]+")
_NOISE = re.compile(
    r"[\s·•・.。,，、'\"“”‘’"  # spaces, punctuation, the dots between parts of a name
    r"\u2027\u2219\u22c5\u00b7"  # ‧ ∙ ⋅ ·: more dots seen between parts of a name
    r"\-\u2010-\u2015\u2212"  # hyphens and dashes (names hold no punctuation)
    f"{_IGNORABLE}]+"
)
_BRACKETS = str.maketrans("[〔【〖〘〚]〕】〗〙〛", "((((((" + "))))))")
"""Other brackets written for the round ones a registered name uses (NFKC has made
（） and ［］ half-width already)."""


@remembered(maxsize=16384, longest=LONGEST_NAME)
def normalize_name(name: str) -> str:
    """A name in the form used for comparison: NFKC, without spaces, dots, dashes and
    invisible characters, brackets of any shape as ``()``, upper case, legal forms unified
    (有限责任公司 → 有限公司, 股份有限公司 → 股份公司, 农民专业合作社 → 专业合作社) and an
    individual business's closing ``（个体工商户）`` left out.

    >>> normalize_name("示例【杭州】食品店（个体工商户）\u200e")
    '示例(杭州)食品店'

    A name in Latin letters ends in its legal form's short spelling (Company Limited,
    Co., Limited → CO LTD, LTD; Corporation → CORP; Incorporated → INC):

    >>> normalize_name("Apple Trading (Beijing) Company Limited")
    'APPLETRADING(BEIJING)COLTD'
    """
    text = _NOISE.sub("", unicodedata.normalize("NFKC", name)).translate(_BRACKETS).upper()
    if text.isascii():
        for ending, short in _LATIN_FORMS:
            text = ending.sub(short, text, count=1)
        return text
    for variant, canonical in _LEGAL_FORMS:
        text = text.replace(variant, canonical)
    return text.removesuffix(_KIND_MARK) if text != _KIND_MARK else text


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def in_latin_letters(name: str) -> bool:
    """Whether a name is written in Latin letters, without a Chinese character (a
    foreign-invested enterprise's English name, a name in pinyin): two letters or more,
    and more letters than digits — a passport's number typed into a name is no name.

    >>> [in_latin_letters(n) for n in ("Apple Inc.", "ＡＰＰＬＥ", "3M", "E12345678", "TCL科技")]
    [True, True, False, False, False]
    """
    if _HAN.search(name) is not None:
        return False
    text = unicodedata.normalize("NFKC", name)
    letters = len(_LATIN_LETTER.findall(text))
    return letters >= 2 and letters > sum(char.isdigit() for char in text)


def other_script(first: str, second: str) -> bool:
    """Whether one name is in Latin letters (:func:`in_latin_letters`) and the other holds
    Chinese characters: two such names cannot be compared, only a person can tell a
    translation from another name.

    >>> other_script("Apple Trading (Beijing) Co., Ltd.", "苹果商贸（北京）有限公司")
    True
    >>> [other_script(name, "TCL科技集团股份有限公司") for name in ("TCL Corp", "TCL实业有限公司")]
    [True, False]
    """
    return any(
        in_latin_letters(one) and _HAN.search(two) is not None
        for one, two in ((first, second), (second, first))
    )


_LATIN_FORMS = (
    (re.compile(r"(?:COMPANY|CO)(?:LIMITED|LTD)$"), "COLTD"),
    (re.compile(r"LIMITED$"), "LTD"),
    (re.compile(r"CORPORATION$"), "CORP"),
    (re.compile(r"INCORPORATED$"), "INC"),
    (re.compile(r"COMPANY$"), "CO"),
)
"""A Latin name's legal form, spelt out or short, as its short spelling (once: the first
that fits)."""

_FORM_AT_END = re.compile(
    r"(?:股份公司|有限公司|公司|个人独资企业|专业合作社"
    r"|合伙企业(?:\((?:普通|有限|特殊普通)合伙\))?)$"
)
"""The legal form a normalised enterprise name ends with."""


def _without_form(normalized: str) -> str:
    """A normalised name without the legal form it ends with: ``示例食品有限公司`` →
    ``示例食品``."""
    return _FORM_AT_END.sub("", normalized)


def _near_miss(found: str, wanted: str, raw_found: str, raw_wanted: str) -> bool:
    """Whether two normalised names that differ are likely one seller's: one holds the
    other (a branch, a shop name), the one held being a name — not a bare legal form
    (``有限公司``) or one character — or :func:`written_otherwise`.  Another legal form
    (有限公司 and 股份有限公司) is another name: a converted company's licences must
    carry its new name."""
    shorter, longer = sorted((found, wanted), key=len)
    if shorter in longer and len(_without_form(shorter)) >= 2:
        return True
    return written_otherwise(raw_found, raw_wanted) or _branch_written_otherwise(found, wanted)


_BRANCH_NAME = re.compile(r"(.+?公司)(.+)")
"""A branch's name: its head office's (up to the first ``公司``) and its own part
(``华为技术有限公司`` + ``北京分公司``, ``…银行股份公司`` + ``北京市分行``)."""
_ROUND_BRACKETS = str.maketrans("", "", "()")


def _branch_written_otherwise(found: str, wanted: str) -> bool:
    """Whether two normalised names are one branch's written otherwise: the same but for
    brackets (``某某有限公司（北京分公司）``), or the same head office's with branch parts
    that differ only in how their place is written (``北京分行``, ``北京市分行``).  Another
    branch (``朝阳分公司``, ``海淀分公司``; ``北京第一分公司``) is another name.

    >>> _branch_written_otherwise("示例有限公司(北京分公司)", "示例有限公司北京分公司")
    True
    >>> _branch_written_otherwise("示例银行股份公司北京分行", "示例银行股份公司北京市分行")
    True
    >>> _branch_written_otherwise("示例有限公司朝阳分公司", "示例有限公司海淀分公司")
    False
    """
    first, second = found.translate(_ROUND_BRACKETS), wanted.translate(_ROUND_BRACKETS)
    if first == second:
        return True
    one, two = _BRANCH_NAME.fullmatch(first), _BRANCH_NAME.fullmatch(second)
    if one is None or two is None or one[1] != two[1]:
        return False
    return same_but_for_place(one[2], two[2])


def branch_of(first: str, second: str) -> bool:
    """Whether one name is the other's with more after its legal form: a branch's and its
    head office's (``示例有限公司北京分公司``, ``示例有限公司``) — two registered subjects,
    each with its own USCC.

    >>> branch_of("示例有限公司", "示例有限公司（北京分公司）")
    True
    >>> branch_of("示例食品", "示例食品有限公司")
    False
    """
    shorter, longer = sorted((normalize_name(first), normalize_name(second)), key=len)
    return (
        len(longer) > len(shorter)
        and longer.startswith(shorter)
        and _FORM_AT_END.search(shorter) is not None
    )


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


_TRUNCATED_RULE = (
    "two copies of one ID number that differ only in the last 3 digits, zeroed in one: a"
    " spreadsheet keeps 15 digits of a number, so the copy was damaged, not replaced"
)


def _id_mismatch(given: str, shown: str) -> Finding:
    """``consistency.id_mismatch``; reviewed, not failed, when one number is the other as a
    spreadsheet's 15 digits leave it (``…319107`` and ``…319000``): the record shows its
    own damage, and a number ending in 000 that passes its check may be either.

    >>> _id_mismatch("152830197501319107", "152830197501319000").severity.value
    'warning'
    >>> _id_mismatch("152830197501319107", "152830197501319115").severity.value
    'error'
    """
    finding = Finding.of("consistency.id_mismatch")
    zeroed = "000" in (given[15:], shown[15:])
    if len(given) == len(shown) == 18 and given[:15] == shown[:15] and zeroed:
        return dataclasses.replace(finding, severity=Severity.WARNING, rule=_TRUNCATED_RULE)
    return finding


def _no_value(text: str) -> bool:
    """Whether a printed field holds no value: ``*``, ``/``, ``—``, ``——`` (stars,
    slashes, dashes), ``无``, ``无字号``, also in brackets (``（无）``) — what an individual
    business's licence shows for want of a trade name, and a licence for want of a
    person in charge."""
    if _NAME_RUN.search(text):
        return False  # six letters in a row: longer than any placeholder
    squeezed = _INVISIBLE.sub("", "".join(unicodedata.normalize("NFKC", text).split()))
    squeezed = squeezed.upper().translate(_PLACEHOLDER_BRACKETS)
    return squeezed in _PLACEHOLDER_NAMES or _PLACEHOLDER_MARKS.fullmatch(squeezed) is not None


def _individual_business(merchant: Merchant) -> bool:
    """Whether the seller is an individual business: declared so, or shown so by its USCC
    (92…: one declared as a natural person, say, is checked as what it shows)."""
    if merchant.subject_type is SubjectType.INDIVIDUAL_BUSINESS:
        return True
    uscc = merchant.effective_uscc
    return uscc is not None and registered_kinds(uscc) == frozenset(
        {SubjectType.INDIVIDUAL_BUSINESS}
    )


def operator_rule(merchant: Merchant, printed: str | None, found: str, wanted: str) -> str | None:
    """The operator rule: for an individual business whose record, or the other side (a
    document, a registry's answer), names it by its operator (经营者) while the other
    gives its trade name (字号).  ``printed`` is the operator the other side names
    (:func:`normalize_name`'d, ``None`` if it names none), ``found`` the other side's name
    and ``wanted`` the record's (normalised).  ``"same"`` when the record is named by the
    operator the other side names (it ties the trade name to him), or the other side is
    named by its operator alone and the record gives that operator; ``"similar"`` when only
    the record names the operator, the other side shows him masked (``王*``), or the other
    side is named by its operator alone (no trade name) while the record gives another
    name and no operator — nothing but the USCC ties that name to him; else ``None`` (not
    an individual business, or another operator: the names are compared as names).

    >>> from qualcheck.models import Merchant
    >>> shop = Merchant(merchant_id="m", subject_type="个体工商户", name="王五",
    ...                 legal_representative={"name": "王五"})
    >>> [operator_rule(shop, printed, "西湖区老王水果店", "王五")
    ...  for printed in ("王五", None, "王*", "李四")]
    ['same', 'similar', 'similar', None]
    >>> unnamed = Merchant(merchant_id="m", subject_type="个体工商户", name="老王水果店")
    >>> operator_rule(unnamed, "李四", "李四", "老王水果店")  # whose is 老王水果店?
    'similar'
    """
    if not _individual_business(merchant):
        return None
    person = merchant.legal_representative
    recorded = normalize_name(person.name) if person is not None else None
    if wanted and printed == wanted and recorded in (None, wanted):
        return "same"
    if found and printed == found and recorded in (None, found):
        return "same" if recorded == found else "similar"
    if recorded is not None and recorded in (wanted, found) and printed is None:
        return "similar"
    for name in (wanted, found):
        if printed and name and _masked_as(printed, name) and recorded in (None, name):
            return "similar"  # a masked operator fits the name, but does not show it
    return None


def _operator_for_name(
    merchant: Merchant, document: DocumentBase, found: str, wanted: str
) -> str | None:
    """:func:`operator_rule` for a document, whose operator is its printed legal
    representative (a role after the name left out: ``王五（经营者）``); an identity
    document names the person: no trade name on it."""
    if isinstance(document, IdentityDocument):
        return None
    printed = _ROLE_AFTER.sub("", document.legal_representative or "")
    return operator_rule(merchant, normalize_name(printed) if printed else None, found, wanted)


def _name_findings(
    merchant: Merchant, document: DocumentBase, expected_name: str
) -> Iterator[Finding]:
    """The holder name against the name expected: equal after :func:`normalize_name`, a
    near miss (review) or another name (fail)."""
    holder = document.holder_name
    if not holder:
        return
    found_name, wanted = normalize_name(holder), normalize_name(expected_name)
    if found_name == wanted:
        return
    if other_script(holder, expected_name):
        yield at(
            Finding.of(
                "consistency.name_not_comparable",
                found=scrub(holder),
                expected=scrub(expected_name),
                **_names(document),
            ),
            "holder_name",
        )
        return
    operator = _operator_for_name(merchant, document, found_name, wanted)
    if operator == "same":
        return
    similar = operator == "similar" or _near_miss(found_name, wanted, holder, expected_name)
    code = "consistency.name_similar" if similar else "consistency.name_mismatch"
    yield at(
        Finding.of(  # names are quoted scrubbed: an ID or a phone typed into one
            code, found=scrub(holder), expected=scrub(expected_name), **_names(document)
        ),
        "holder_name",
    )


def _operator_named_findings(
    merchant: Merchant, document: DocumentBase, expected_name: str
) -> Iterator[Finding]:
    """An individual business's licence with no trade name (``*``, ``无字号``) names the
    business by the operator it prints: the record's name is compared with him by the
    operator rule — the same seller when the record is named by him or gives him as its
    operator; *similar* (review) when the record gives another name and no operator
    (only the USCC ties it); nothing when the record gives another operator (the
    legal representative's mismatch says so) or the licence shows no operator."""
    printed = _ROLE_AFTER.sub("", document.legal_representative or "")
    if isinstance(document, IdentityDocument) or not printed or _no_value(printed):
        return
    operator, wanted = normalize_name(printed), normalize_name(expected_name)
    if operator == wanted or _masked_as(operator, wanted):
        return
    if operator_rule(merchant, operator, operator, wanted) == "similar":
        yield at(
            Finding.of(
                "consistency.name_similar",
                found=scrub(f"{document.holder_name} ({printed})"),
                expected=scrub(expected_name),
                **_names(document),
            ),
            "holder_name",
        )


def _no_name(text: str) -> bool:
    """Whether a holder's name field holds no name: a placeholder (``无``, ``/``, ``*``,
    ``—``, an empty cell, also in brackets), a pointer elsewhere or an unknown
    (``见附件``, ``同上``, ``同营业执照``, ``不详``), or a label alone (``名称：``).

    >>> [_no_name(text) for text in ("（无）", "见附件", "名称：", "示例有限公司")]
    [True, True, True, False]
    """
    if _NAME_RUN.search(text):
        return False  # six letters in a row: longer than any placeholder, pointer or label
    if _no_value(text) or no_value_or_pointer(text) or not normalize_name(text):
        return True  # a placeholder, a pointer, or nothing but dots, dashes and spaces
    squeezed = _INVISIBLE.sub("", "".join(unicodedata.normalize("NFKC", text).split()))
    return _LABEL_END.sub("", squeezed) in _HOLDER_LABEL_SET


def holds_no_name(text: str) -> bool:
    """Whether a name field (a holder's, the seller's) holds no name: a placeholder
    (``无``, ``无字号``, ``*``, ``N/A``, also in brackets), a pointer elsewhere or an
    unknown (``见附件``, ``同营业执照``, ``不详``), a label alone (``名称：``), or nothing
    but dots and dashes.

    >>> [holds_no_name(text) for text in ("无字号", "同营业执照", "——", "示例有限公司")]
    [True, True, True, False]
    """
    return _no_name(text)


def _holder_state(merchant: Merchant, document: DocumentBase, expected_name: str | None) -> str:
    """What the document's holder name can tell: ``"name"`` (a name to compare with
    ``expected_name``), or why it ties nothing — ``"absent"``, ``"no_value"``
    (:func:`_no_name`), ``"nobody"`` (the record has no name to compare it with),
    ``"masked"`` (``张*``, ``示例**有限公司``, fitting the name expected) or ``"shop"``
    (the name of one of the seller's shops: a platform's label, no licence holder)."""
    holder = document.holder_name
    if not holder:
        return "absent"
    if _no_name(holder):
        return "no_value"
    if not expected_name or _no_name(expected_name):
        return "nobody"
    found, wanted = normalize_name(holder), normalize_name(expected_name)
    if found == wanted:
        return "name"
    if _masked_as(found, wanted):
        return "masked"
    if not isinstance(document, IdentityDocument) and found in _shop_names(merchant):
        return "shop"
    return "name"


def _shop_names(merchant: Merchant) -> frozenset[str]:
    """The names of the seller's shops, normalised — but for one ending in a legal form
    (``…有限公司``): that is a registered name, compared as one."""
    names = (normalize_name(shop.name) for shop in merchant.shops if shop.name)
    return frozenset(name for name in names if name and not _FORM_AT_END.search(name))


def _person_expected(merchant: Merchant, expected_uscc: str | None) -> str | None:
    """The name an identity document must bear: the natural-person seller's, else the
    legal representative's (operator's) — the record's, or, when the record names none,
    the one printed on the seller's business licence (tied to it by its number)."""
    if merchant.subject_type is SubjectType.NATURAL_PERSON and not _no_name(merchant.name):
        return merchant.name
    person = merchant.legal_representative
    if person is not None:
        return person.name
    for document in merchant.documents:
        printed = document.legal_representative
        if document.kind != "business_license" or str(document.number) != expected_uscc:
            continue
        name = _ROLE_AFTER.sub("", printed or "")
        if name and not _no_value(name) and "*" not in name and not _PEOPLE_APART.search(name):
            return name  # one name, shown whole (not ``张*``, not ``张三、李四``)
    return None


def _untied(document: DocumentBase, state: str) -> Finding:
    """``consistency.holder_missing`` for a document nothing ties to the seller, saying
    what its holder name and its USCC (an identity document's number) could not tell."""
    identity = isinstance(document, IdentityDocument)
    field, field_zh = (
        ("holder's name", "持有人姓名") if identity else ("holder name", "持证主体名称")
    )
    shown = scrub(document.holder_name or "")
    reasons = {
        "absent": (f"it gives no {field}", f"未载明{field_zh}"),
        "no_value": (f"its {field} {shown!r} is no name", f"{field_zh}“{shown}”不是名称"),
        "nobody": (
            f"the record gives no name to compare its {field} with",
            f"记录中没有可与{field_zh}比对的名称",
        ),
        "masked": (f"its {field} {shown!r} is masked", f"{field_zh}“{shown}”经过遮蔽"),
        "shop": (
            f"its {field} {shown!r} is the seller's shop name, not a licence holder's",
            f"{field_zh}“{shown}”为商户的店铺名称，而非持证主体的名称",
        ),
    }
    name_reason = reasons[state]
    if identity:
        number_reason = (
            "the record gives no ID number to compare its number with",
            "记录中没有可与证件号码比对的身份证件号码",
        )
    elif document.holder_uscc is None:
        number_reason = ("it gives no holder USCC", "未载明持证主体的统一社会信用代码")
    else:
        number_reason = (
            "the record gives no USCC of the seller to compare its holder USCC with",
            "记录中没有可与证件所载代码比对的商户统一社会信用代码",
        )
    return Finding.of(
        "consistency.holder_missing",
        reason=f"{name_reason[0]}; {number_reason[0]}",
        reason_zh=f"{name_reason[1]}；{number_reason[1]}",
        **_names(document),
    )


def _holder_findings(
    merchant: Merchant, document: DocumentBase, expected_uscc: str | None, listed: bool
) -> Iterator[Finding]:
    """The document's holder against the seller: its USCC (a business licence's number,
    its ``holder_uscc``) or, on an identity document, its number against the record's ID
    number; its holder name against the seller's name (the person's, on an identity
    document).  A document none of which is compared, and that the registry does not list
    as the seller's (``listed``), is tied to nobody: ``consistency.holder_missing``."""
    tied = listed
    if isinstance(document, IdentityDocument):
        person = merchant.legal_representative
        expected_name = _person_expected(merchant, expected_uscc)
        given = person.id_number if person is not None else None
        if given is not None:
            tied = True
            if not _same_id_number(str(given), str(document.number)):
                yield at(_id_mismatch(str(given), str(document.number)), "number")
    else:
        expected_name = merchant.name
        if expected_uscc is not None:
            found = document.number if document.kind == "business_license" else None
            for field, value in (("number", found), ("holder_uscc", document.holder_uscc)):
                if value is None:
                    continue
                tied = True
                if value != expected_uscc:
                    yield at(
                        Finding.of(
                            "consistency.uscc_mismatch",
                            found=value,
                            expected=expected_uscc,
                            **_names(document),
                        ),
                        field,
                    )
    state = _holder_state(merchant, document, expected_name)
    if state == "name" and expected_name:
        tied = True
        yield from _name_findings(merchant, document, expected_name)
    elif state == "no_value" and expected_name and not _no_name(expected_name):
        yield from _operator_named_findings(merchant, document, expected_name)
    if not tied:
        yield at(_untied(document, state), "holder_name")


_ROLE_AFTER = re.compile(
    r"(?<!\s)\s*[(（\[【〔]\s*(?:法定代表人|法人代表|负责人|主要负责人|经营者|投资人"
    r"|执行事务合伙人|首席代表)\s*[)）\]】〕]\s*$"
)
"""A role printed after a person's name: ``张三（负责人）``.  Tried only where a run of
white space starts (or where there is none), so that a long run is scanned once."""
_PEOPLE_APART = re.compile(r"[、,，;；/／]")
"""What separates the names of several people printed in one field."""
_STARS = re.compile(r"\*+")


def _masked_as(masked: str, name: str) -> bool:
    """Whether ``masked`` (normalised, its hidden characters shown as ``*``) may be
    ``name``: every run of stars stands for one character or more, and some character
    is shown (``张*``, ``张*三``, ``张**``; ``**`` alone hides everything)."""
    if "*" not in masked or not masked.strip("*"):
        return False
    pattern = ".+".join(re.escape(part) for part in _STARS.split(masked))
    return re.fullmatch(pattern, name) is not None


def _same_person(printed: str, expected: str) -> bool:
    """Whether a document's legal representative (or person in charge) may be the one
    the record names: the same name after :func:`normalize_name`, a role after it
    (``张三（负责人）``), a masked form of it (``张*三``), or one of several names;
    traditional characters read as simplified ones (``陳大文`` is ``陈大文``)."""
    wanted = normalize_name(expected)
    if normalize_name(printed) == wanted:  # the common case: the same name
        return True
    printed, wanted = to_simplified(printed), normalize_name(to_simplified(expected))
    for entry in _PEOPLE_APART.split(_ROLE_AFTER.sub("", printed)):
        name = normalize_name(entry)
        if name and (name == wanted or _masked_as(name, wanted) or _masked_as(wanted, name)):
            return True
    return False


def same_person(printed: str, expected: str) -> bool:
    """Whether a printed (or registered) legal representative may be the person the
    record names: the same name after :func:`normalize_name` (spaces, middle dots and
    case aside), a role after it (``张三（负责人）``), a masked form of it (``张*``,
    ``张**``), or one of several names; traditional characters as simplified ones.

    >>> [same_person(p, "阿卜杜·热合曼") for p in ("阿卜杜热合曼", "阿*", "**", "李四")]
    [True, True, False, False]
    >>> same_person("陳大文（負責人）", "陈大文")
    True
    """
    return _same_person(printed, expected)


def masked_as(masked: str, name: str) -> bool:
    """Whether a masked name (``张*``, ``北京**科技有限公司``: each run of stars one
    character or more, some character shown) may be ``name``; both normalised.

    >>> [masked_as("北京**科技有限公司", n) for n in ("北京示例科技有限公司", "上海示例有限公司")]
    [True, False]
    """
    return _masked_as(masked, name)


def no_value(text: str) -> bool:
    """Whether a printed (or registered) name field holds no value: ``*``, ``/``, ``—``,
    ``无``, ``无字号``, also in brackets — an individual business without a trade name.

    >>> [no_value(text) for text in ("*", "（无字号）", "王五")]
    [True, True, False]
    """
    return _no_value(text)


def near_miss(first: str, second: str) -> bool:
    """Whether two names that differ are likely one seller's, as a document's holder name
    is judged (``consistency.name_similar``): one holds the other, or they are one name
    written otherwise (the place, traditional characters, a branch's part in brackets or
    its place written otherwise).

    >>> near_miss("示例有限公司（北京分公司）", "示例有限公司北京市分公司")
    True
    >>> near_miss("示例有限公司", "另一有限公司")
    False
    """
    return _near_miss(normalize_name(first), normalize_name(second), first, second)


def _legal_rep_findings(merchant: Merchant, document: DocumentBase) -> Iterator[Finding]:
    person = merchant.legal_representative
    printed = document.legal_representative
    if person is None or not printed or _same_person(printed, person.name):
        return
    if not _no_value(printed):  # nobody printed (``/``, ``无``, ``*``): nothing to compare
        yield at(
            Finding.of(
                "consistency.legal_rep_mismatch",
                found=scrub(printed),
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


def _registration_shown(
    merchant: Merchant, uscc: str | None
) -> tuple[str, tuple[str | int, ...]] | None:
    """The registered subject's USCC the record shows and where: its own (or its business
    licence's), else the first document's holder USCC whose kind is known (a food business
    licence issued to a 92… individual business, in a record that gives no USCC)."""
    if uscc is not None:
        return uscc, ("subject_type",)
    for index, document in enumerate(merchant.documents):
        holder = document.holder_uscc
        if holder is not None and registered_kinds(holder) is not None:
            return holder, ("documents", index, "holder_uscc")
    return None


def _registered_names(uscc: str) -> tuple[str, str]:
    """What a USCC's positions 1-2 say the subject is, in English and Chinese: a market
    subject's type, else the organisation type and registering authority GB 32100 names
    (``事业单位（登记管理部门：机构编制）``)."""
    if uscc[:2] in _USCC_TYPE_NAMES:
        return _USCC_TYPE_NAMES[uscc[:2]]
    authority, authority_en, types = AUTHORITIES[uscc[0]]
    kind, kind_en = types.get(uscc[1], ("组织", "organisation"))
    if uscc[1] == "9" or kind == "其他":
        kind, kind_en = "组织", "organisation"
    return (
        f"an organisation registered by the {authority_en} authority ({kind_en}), not a market"
        " subject",
        f"{authority}部门登记的{kind}（非市场主体）",
    )


_ONE_REGISTRATION = (
    frozenset({SubjectType.ENTERPRISE, SubjectType.BRANCH}),
    frozenset({SubjectType.COOPERATIVE, SubjectType.BRANCH}),
)
"""Kinds a licence's type and a record may name for one seller: platforms file a branch
as an enterprise (its USCC, 91, is of the same type), a co-operative's branch as either."""
_OFFICE_NAMES = (
    "a foreign enterprise's resident representative office, which may engage in no"
    " profit-making activity",
    "外国企业常驻代表机构（依法不得从事营利性活动）",
)
_LONGEST_SHOWN = 64


def _entity_type_findings(
    merchant: Merchant, document: DocumentBase, uscc: str | None
) -> Iterator[Finding]:
    """A business licence whose printed type (``entity_type``) names another kind of
    subject than the record declares — an individual business's for an enterprise, a
    representative office's for any seller — is reviewed; unless the USCC already says
    the same (``consistency.subject_type_mismatch``), or the type is one this library
    does not read."""
    if not isinstance(document, BusinessLicense):  # the one kind that prints a type
        return
    printed = document.entity_type
    if not printed:
        return
    found = licence_type_kind(printed)
    declared = merchant.subject_type
    if found is None or found == declared:
        return
    if isinstance(found, SubjectType):
        if any({found, declared} <= kinds for kinds in _ONE_REGISTRATION):
            return
        shown_by_uscc = registered_kinds(uscc) if uscc is not None else None
        if shown_by_uscc is not None and found in shown_by_uscc and declared not in shown_by_uscc:
            return  # the USCC's mismatch says it already
        found_en, found_zh = found.label, found.label_zh
        found_en = with_article(found_en)
    else:
        found_en, found_zh = _OFFICE_NAMES
    text = printed.strip()
    if len(text) > _LONGEST_SHOWN:
        text = text[:_LONGEST_SHOWN] + "…"
    finding = Finding.of(
        "consistency.entity_type_mismatch",
        entity_type=scrub(text),
        found=found_en,
        found_zh=found_zh,
        declared=declared.label,
        declared_zh=declared.label_zh,
        **_names(document),
    )
    yield at(finding, "entity_type")


def _subject_type_findings(merchant: Merchant, uscc: str | None) -> Iterator[Finding]:
    shown = _registration_shown(merchant, uscc)
    if shown is None:
        return
    uscc, where = shown
    registered = registered_kinds(uscc)
    if registered is None or merchant.subject_type in registered:
        return
    declared, declared_zh = merchant.subject_type.label, merchant.subject_type.label_zh
    registered_en, registered_zh = _registered_names(uscc)
    yield at(
        Finding.of(
            "consistency.subject_type_mismatch",
            declared=declared,
            declared_zh=declared_zh,
            uscc_type=uscc[:2],
            registered=registered_en,
            registered_zh=registered_zh,
        ),
        *where,
    )


@check("consistency", codes=tuple(CODES))
def consistency(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """Every document names the seller: USCC, holder name, legal representative, region;
    a document that names no holder to compare is reviewed; and the USCC's registration
    type fits the declared kind of subject."""
    from qualcheck.checks.registry import listed_documents  # it imports this module

    uscc = merchant.effective_uscc
    listed = listed_documents(merchant, context.registry_result)
    yield from _subject_type_findings(merchant, uscc)
    for index, document in enumerate(merchant.documents):
        for found in (
            _holder_findings(merchant, document, uscc, index in listed),
            _legal_rep_findings(merchant, document),
            _region_findings(document, context, uscc),
            _entity_type_findings(merchant, document, uscc),
        ):
            for finding in found:
                yield at(finding, "documents", index)
