"""Registry: what a registry says about the merchant against what the merchant declared.

Runs only when the verifier has a registry (``Verifier(registry=…)``, ``verify(…,
registry=…)``, ``qualcheck verify --registry …``); otherwise it is skipped and the report
says so.  The engine asks the registry once per record (:func:`registry_query`) before the
checks run and hands the answer to this check through the :class:`~qualcheck.checks.Context`.

* the look-up failed (outage, timeout, malformed answer, open circuit) →
  ``registry.unavailable`` — *review*, never *pass*;
* no such entity → ``registry.not_found``;
* the registration is revoked or cancelled → ``registry.status_revoked`` /
  ``registry.status_cancelled`` (fail); moved out, liquidating, suspended or a status
  qualcheck does not recognise → review;
* a verification-only source confirmed no element and named none as failing, or a found
  record identifies nothing (no name, no USCC or registration number that could be
  compared with the declared ones) → ``registry.elements_unconfirmed`` (review);
* the declared name differs → ``registry.name_mismatch``, or ``registry.name_former``
  when it is one of the entity's former names, also written otherwise (review), or
  ``registry.name_similar`` when the consistency check would read the pair as near (the
  place, traditional characters, a branch's part written otherwise, one name holding the
  other — but a head office's and its branch's, two subjects; review).  An individual
  business follows the consistency check's operator rule, the registry's legal
  representative being its operator: named by him on one side and by its trade name on
  the other is the same seller when the registry shows him, similar when it shows nobody
  or a masked name; a registry's placeholder for a trade name (``*``, ``无字号``) names
  the business by its operator (a record named otherwise that gives no operator is
  similar: only its USCC ties it), and an operator's name in brackets (``（王五）``) is
  that name; a masked name (``北京**科技有限公司``) is compared as the name it fits; a
  name in Latin letters against one in Chinese characters cannot be compared →
  ``registry.name_not_comparable`` (review);
* the registry's USCC differs from the declared one → ``registry.uscc_mismatch``;
* the legal representative differs → ``registry.legal_rep_mismatch`` (review: they change
  more often than documents are refreshed), compared as a document's is (a role after
  the name, a masked name that fits, one of several);
* the record contradicts its status: an active (or other not-ended) status beside a
  revocation or deregistration date → ``registry.status_conflict`` (review);
* the operating term (营业期限) ended → ``registry.term_expired`` (review); it, or the
  entity itself, begins after ``as_of`` → ``registry.term_not_started`` (review);
* the registry dates the entity's establishment after a date a document gives (its
  成立日期, issue date or validity start: a document older than its holder) →
  ``registry.established_after_documents`` (review);
* the registry answered only in part (a licence listing failed while the entity's record
  came back) → ``registry.incomplete`` (review), besides what the part it gave shows;
* the business scope mentions nothing a declared category needs →
  ``registry.scope_not_covering`` (review; keyword rule);
* a licence document the registry could have listed is not listed (a listed licence
  that names another holder's USCC is not this entity's) →
  ``registry.license_not_found`` (review: listings are incomplete); listed but ended →
  ``registry.license_expired``; listed with a status that ends it (吊销, 注销, 撤销, 失效 …)
  → ``registry.license_revoked``; suspended or being cancelled (暂停, 注销中) →
  ``registry.license_suspended`` (review); a status qualcheck does not recognise →
  ``registry.license_status_unknown`` (review, never read as in force).  A number listed
  more than once (an old entry next to the renewed one) is judged by its best entry,
  whatever the order;
* a licence listed as in force to an earlier day than its document says (or with an end
  where the document says long-term) → ``registry.license_validity_mismatch`` (review);
* a declared category the documents' scopes cover but the scopes the registry lists for
  the same licences do not → ``registry.license_scope_not_covering`` (review), at the
  document whose listing lost it, or ``registry.license_listed_scope_not_covering``
  (review) when that document states no scope of its own; a listed scope that names
  none of the policy's scope words (in its items or their inclusions, exclusions and
  limitations) and shares no item with the document's is not compared (a licence's
  title, 准予许可), nor the scope of an ended licence.

Every finding carries the registry's evidence in ``ctx``: ``source``, ``fetched_at``,
``request_id`` when the source gave one, and the registry's raw value where one applies
(free text — names, statuses — with anything shaped like a resident-ID or mobile number
masked: a registry's data-entry slip must not put a personal number into a report).
"""

from __future__ import annotations

import contextlib
import datetime
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

from qualcheck import numbers
from qualcheck._codes import Code, Finding, Severity, define
from qualcheck._memo import LONGEST_SCOPE, remembered, texts_size
from qualcheck._reasons import registry_reason_zh
from qualcheck._scrub import scrub
from qualcheck.checks import CheckSkipped, Context, at, check
from qualcheck.checks.categories import (
    Category,
    CategoryPolicy,
    Treatment,
    assess_coverage,
    category_policy_for,
)
from qualcheck.checks.consistency import (
    branch_of,
    holds_no_name,
    in_latin_letters,
    masked_as,
    near_miss,
    no_value,
    normalize_name,
    operator_rule,
    other_script,
    same_person,
    written_otherwise,
)
from qualcheck.checks.coverage import declared_categories
from qualcheck.checks.scope import ScopeUnreadable, mentions, read_items, read_scope
from qualcheck.models import Merchant, SubjectType
from qualcheck.models.documents import DocumentBase, _split_scope
from qualcheck.registries._record import (
    ElementMatch,
    LicenseRecord,
    LookupResult,
    LookupStatus,
    RegistryQuery,
    RegistryRecord,
    normalize_identifier,
)
from qualcheck.registries._status import LicenseStanding, RegistryStatus, license_standing

__all__ = [
    "CODES",
    "LICENSE_KINDS",
    "SCOPE_WORDS",
    "listed_documents",
    "registry",
    "registry_query",
]

_FAIL_CLOSED = "fail closed: a registry that could not answer is never a pass"

CODES = define(
    Code(
        "registry.unavailable",
        Severity.WARNING,
        "The registry {source} could not answer ({reason}): the record needs review.",
        "登记机关数据源 {source} 未能给出结果（{reason_zh}），需要人工复核。",
        rule=_FAIL_CLOSED,
    ),
    Code(
        "registry.not_found",
        Severity.ERROR,
        "The registry {source} has no entity with this identifier: check the USCC and the"
        " name declared.",
        "数据源 {source} 查无此主体，请核对申报的统一社会信用代码和名称。",
    ),
    Code(
        "registry.status_revoked",
        Severity.ERROR,
        "The registry {source} lists the business licence as revoked ({status_raw}).",
        "数据源 {source} 显示该主体营业执照已被吊销或撤销（{status_raw_zh}）。",
    ),
    Code(
        "registry.status_cancelled",
        Severity.ERROR,
        "The registry {source} lists the entity as deregistered ({status_raw}).",
        "数据源 {source} 显示该主体已注销（{status_raw_zh}）。",
    ),
    Code(
        "registry.status_moved_out",
        Severity.WARNING,
        "The registry {source} lists the entity as moved to another registration authority"
        " ({status_raw}): confirm it there.",
        "数据源 {source} 显示该主体已迁出（{status_raw_zh}），请向迁入地核实。",
        rule="a moved-out entity still exists; its new authority holds the current record",
    ),
    Code(
        "registry.status_liquidating",
        Severity.WARNING,
        "The registry {source} lists the entity as in liquidation ({status_raw}).",
        "数据源 {source} 显示该主体正在清算（{status_raw_zh}）。",
        rule="an entity in liquidation may still trade to wind up its business",
    ),
    Code(
        "registry.status_suspended",
        Severity.WARNING,
        "The registry {source} lists the entity as suspended ({status_raw}).",
        "数据源 {source} 显示该主体停业或歇业（{status_raw_zh}）。",
        rule="a suspended entity may resume; a person decides",
    ),
    Code(
        "registry.status_unknown",
        Severity.WARNING,
        "The registry {source} gives a status qualcheck does not recognise"
        " ({status_raw}): the record needs review.",
        "数据源 {source} 返回的登记状态无法识别（{status_raw_zh}），需要人工复核。",
        rule="unrecognised statuses are never read as active",
    ),
    Code(
        "registry.status_conflict",
        Severity.WARNING,
        "The registry {source} gives the status {status_raw} but also a {event} date"
        " ({date}): the record contradicts itself and needs review.",
        "数据源 {source} 登记状态为“{status_raw_zh}”，同时载有{event_zh}日期（{date:date}），"
        "记录自相矛盾，需要人工复核。",
        rule="a record that contradicts itself is never read as active",
    ),
    Code(
        "registry.elements_unconfirmed",
        Severity.WARNING,
        "The registry {source} did not confirm the declared elements (it does not say which"
        " one differs): the record needs review.",
        "数据源 {source} 未能确认申报的要素一致（未说明哪一项不一致），需要人工复核。",
        rule="a verification that names no failing element confirms nothing",
    ),
    Code(
        "registry.name_mismatch",
        Severity.ERROR,
        "The declared name differs from the registered name {registry_name!r}: correct the"
        " name, or check the USCC.",
        "申报名称与登记名称“{registry_name}”不一致，请更正名称或核对统一社会信用代码。",
    ),
    Code(
        "registry.name_former",
        Severity.WARNING,
        "The declared name is a former name of the entity; it is now registered as"
        " {registry_name!r}: update the name.",
        "申报名称为该主体的曾用名，现登记名称为“{registry_name}”，请更新名称。",
        rule="a former name is the same entity under an outdated name; a person decides",
    ),
    Code(
        "registry.name_similar",
        Severity.WARNING,
        "The declared name is close to the registered name {registry_name!r} but not the"
        " same (one holds the other; the place, a branch's part or traditional characters"
        " written otherwise; an individual business named by its operator): the record"
        " should hold the registered name.",
        "申报名称与登记名称“{registry_name}”相近但不一致（相互包含，地名、分支机构名称写法"
        "或繁简字体不同，或个体工商户以经营者姓名申报），应填写登记名称。",
        rule="names the consistency check reads as near (one holding the other, a place or"
        " a branch's part written otherwise, traditional characters, an individual"
        " business's operator the registry does not show) name the same entity; a person"
        " confirms",
    ),
    Code(
        "registry.name_not_comparable",
        Severity.WARNING,
        "The declared name and the registered name {registry_name!r} are one in Latin"
        " letters, the other in Chinese characters: they cannot be compared, and a person"
        " must confirm that they name the same entity.",
        "申报名称与登记名称“{registry_name}”一为拉丁字母、一为汉字，无法比对，需人工核实"
        "是否为同一主体。",
        rule="a name in Latin letters (a foreign-invested enterprise's English name) is no"
        " translation qualcheck can check of a name in Chinese characters; a registry's"
        " verification of an English name against its Chinese record denies it all the same",
    ),
    Code(
        "registry.uscc_mismatch",
        Severity.ERROR,
        "The registry {source} does not confirm the declared USCC (it lists {registry_uscc}):"
        " correct the USCC.",
        "数据源 {source} 未能核实申报的统一社会信用代码（登记为 {registry_uscc}），"
        "请核对并更正统一社会信用代码。",
    ),
    Code(
        "registry.legal_rep_mismatch",
        Severity.WARNING,
        "The declared legal representative differs from the one the registry {source} lists:"
        " update the record if the representative has changed.",
        "申报的法定代表人（经营者、负责人）与数据源 {source} 登记的不一致，如已变更请更新记录。",
        rule="legal representatives change more often than documents are refreshed",
    ),
    Code(
        "registry.term_expired",
        Severity.WARNING,
        "The entity's operating term ended on {term_to} (registry {source}).",
        "该主体营业期限已于{term_to:date}届满（数据源 {source}）。",
        rule="an entity past its operating term may have renewed it after the snapshot",
    ),
    Code(
        "registry.term_not_started",
        Severity.WARNING,
        "The registry {source} dates the entity's term from {term_from}, after {as_of}.",
        "数据源 {source} 显示该主体营业期限自{term_from:date}起，晚于核验日{as_of:date}。",
        rule="an entity cannot trade before its term starts: a later date is a data error"
        " or the check is run for a day before the registration",
    ),
    Code(
        "registry.established_after_documents",
        Severity.WARNING,
        "The registry {source} dates the entity's establishment to {established_on}, after"
        " the {field} ({document_date}) on documents[{document}].",
        "数据源 {source} 登记的成立日期{established_on:date}晚于第{document:nth}份证件所载"
        "{field_zh}（{document_date:date}）。",
        rule="a document cannot be older than the entity it was issued to: the document or"
        " the record is another entity's or wrong; a person compares them",
    ),
    Code(
        "registry.incomplete",
        Severity.WARNING,
        "The registry {source} answered only in part ({reason}): the record needs review.",
        "数据源 {source} 仅返回部分结果（{reason_zh}），需要人工复核。",
        rule=_FAIL_CLOSED,
    ),
    Code(
        "registry.scope_not_covering",
        Severity.WARNING,
        "The registered business scope mentions none of {words} needed to sell {category!r}.",
        "登记的经营范围未包含销售“{name_zh}”所需的“{words_zh}”。",
        rule="business scope is matched by keywords of the licences the category needs",
    ),
    Code(
        "registry.license_not_found",
        Severity.WARNING,
        "The registry {source} lists no licence {number} for this entity.",
        "数据源 {source} 未查到该主体的许可证 {number}。",
        rule="registry licence listings are incomplete; a person confirms the licence",
    ),
    Code(
        "registry.license_expired",
        Severity.ERROR,
        "The registry {source} lists licence {number} as valid only to {valid_to}: upload the"
        " renewed licence.",
        "数据源 {source} 显示许可证 {number} 有效期至{valid_to:date}，已过期，"
        "请提供换发后的许可证。",
    ),
    Code(
        "registry.license_revoked",
        Severity.ERROR,
        "The registry {source} lists licence {number} as revoked, cancelled or otherwise"
        " no longer valid ({status_raw}).",
        "数据源 {source} 显示许可证 {number} 已被吊销、注销或已失效（{status_raw}）。",
    ),
    Code(
        "registry.license_suspended",
        Severity.WARNING,
        "The registry {source} lists licence {number} as suspended or being cancelled"
        " ({status_raw}).",
        "数据源 {source} 显示许可证 {number} 已暂停或正在注销（{status_raw}）。",
        rule="a suspended licence may be restored; a person decides",
    ),
    Code(
        "registry.license_scope_not_covering",
        Severity.WARNING,
        "Category {category!r} ({name_en}): the scope on documents[{document}] covers it, but"
        " the scope the registry {source} lists for licence {number} does not"
        " ({registry_scope}).",
        "类目“{name_zh}”：第{document:nth}份证件所载许可范围涵盖该类目，但数据源 {source}"
        " 登记的许可证 {number} 的许可范围不涵盖（{registry_scope}）。",
        rule="the scope a registry lists for a licence is read as the document's is; a listed"
        " scope that names none of the category policy's scope words for its kind is not"
        " compared",
    ),
    Code(
        "registry.license_listed_scope_not_covering",
        Severity.WARNING,
        "Category {category!r} ({name_en}): documents[{document}] states no scope, and the"
        " scope the registry {source} lists for licence {number} does not cover it"
        " ({registry_scope}).",
        "类目“{name_zh}”：第{document:nth}份证件未载明许可范围，而数据源 {source}"
        " 登记的许可证 {number} 的许可范围不涵盖该类目（{registry_scope}）。",
        rule="a document that states no scope is held to the scope its registry lists; a"
        " listed scope naming none of the category policy's scope words is not compared",
    ),
    Code(
        "registry.license_validity_mismatch",
        Severity.WARNING,
        "The registry {source} lists licence {number} as valid to {registry_valid_to};"
        " documents[{document}] says {document_valid_to}: check that the document is the"
        " current one.",
        "数据源 {source} 登记的许可证 {number} 有效期至{registry_valid_to:date}，"
        "第{document:nth}份证件所载为{document_valid_to_zh:date}，请核对证件是否为最新版本。",
        rule="a document that claims a longer validity than its registered licence may be"
        " outdated or altered; a person compares them",
    ),
    Code(
        "registry.license_status_unknown",
        Severity.WARNING,
        "The registry {source} lists licence {number} with a status qualcheck does not"
        " recognise ({status_raw}): the record needs review.",
        "数据源 {source} 返回的许可证 {number} 状态无法识别（{status_raw}），需要人工复核。",
        rule="unrecognised licence statuses are never read as in force",
    ),
)

LICENSE_KINDS = frozenset(
    {
        "food_business",
        "food_filing",
        "food_production",
        "drug_business",
        "drug_info",
        "device_business",
        "cnca",
        "cma",
    }
)
"""Document kinds a registry may list as administrative licences."""

SCOPE_WORDS: dict[str, tuple[str, ...]] = {
    "food_business": ("食品", "餐饮"),
    "food_filing": ("食品",),
    "food_production": ("食品",),
    "drug_business": ("药品", "药"),
    "drug_info": ("药品", "互联网信息服务"),
    "device_business": ("医疗器械",),
    "cnca": ("认证",),
    "cma": ("检验", "检测"),
}
"""For each licence kind, words of which the business scope (经营范围) must mention one."""

_STATUS_CODES = {
    RegistryStatus.REVOKED: "registry.status_revoked",
    RegistryStatus.CANCELLED: "registry.status_cancelled",
    RegistryStatus.MOVED_OUT: "registry.status_moved_out",
    RegistryStatus.LIQUIDATING: "registry.status_liquidating",
    RegistryStatus.SUSPENDED: "registry.status_suspended",
    RegistryStatus.UNKNOWN: "registry.status_unknown",
}
_NO_LOOKUP = (SubjectType.NATURAL_PERSON,)
_NOT_MEDICINES = re.compile(r"农药|兽药")


def registry_query(merchant: Merchant, license_kinds: frozenset[str]) -> RegistryQuery | None:
    """The question to ask a registry about ``merchant`` (``None``: nothing to look up).

    The USCC comes from the record or, failing that, from its business licence; licence
    kinds are those of the merchant's documents that the registry can list.  A natural
    person has nothing to look up — unless the record gives a USCC after all (an
    individual business declared as a person): the subject it shows is looked up.
    """
    if merchant.subject_type in _NO_LOOKUP and merchant.effective_uscc is None:
        return None
    uscc = merchant.effective_uscc
    kinds = sorted({doc.kind for doc in merchant.documents if doc.kind in license_kinds})
    representative = merchant.legal_representative
    return RegistryQuery(
        uscc=uscc,
        name=merchant.name,
        legal_representative=representative.name if representative is not None else None,
        license_kinds=tuple(kinds),
    )


def _evidence(result: LookupResult, **raw: Any) -> dict[str, Any]:
    return {**result.evidence(), **{key: value for key, value in raw.items() if value}}


def _entity_findings(
    merchant: Merchant, record: RegistryRecord, result: LookupResult
) -> Iterator[Finding]:
    matched = record.matches
    code = _STATUS_CODES.get(record.status)
    # A verification-only source (三要素核验) that reports no status says nothing about it.
    if code is not None and not (matched is not None and record.status_raw is None):
        raw = record.status_raw or record.status.value
        raw_zh = record.status_raw or record.status.label_zh
        yield Finding.of(
            code, **_evidence(result), status_raw=scrub(raw), status_raw_zh=scrub(raw_zh)
        )
    if not _confirms_identity(merchant, record):
        yield Finding.of("registry.elements_unconfirmed", **_evidence(result))
    yield from _name_findings(merchant, record, result)
    declared_uscc, uscc_path = merchant.effective_uscc, _uscc_path(merchant)
    if declared_uscc and record.uscc and normalize_identifier(declared_uscc) != record.uscc:
        yield at(
            Finding.of("registry.uscc_mismatch", **_evidence(result), registry_uscc=record.uscc),
            *uscc_path,
        )
    elif matched is not None and matched.uscc is False:
        yield at(
            Finding.of("registry.uscc_mismatch", **_evidence(result), registry_uscc="—"),
            *uscc_path,
        )
    representative = merchant.legal_representative
    if representative is not None:
        listed = record.legal_representative
        differs = matched is not None and matched.legal_representative is False
        if listed and not differs and not no_value(listed):  # ``/``, ``无``: nobody shown
            differs = not same_person(listed, representative.name)
        if differs:
            yield at(
                Finding.of("registry.legal_rep_mismatch", **_evidence(result)),
                "legal_representative",
                "name",
            )


def _uscc_path(merchant: Merchant) -> tuple[str | int, ...]:
    """Where the record declares its USCC: ``uscc``, else its business licence's number."""
    if merchant.uscc is None:
        for index, _ in merchant.documents_of("business_license"):
            return ("documents", index, "number")
    return ("uscc",)


def _declared_identifiers(merchant: Merchant) -> set[str]:
    """The identifiers the merchant declared: its USCC and its business licence's number."""
    declared = [merchant.uscc]
    declared += [doc.number for doc in merchant.documents if doc.kind == "business_license"]
    return {normalize_identifier(number) for number in declared if number}


def _confirms_identity(merchant: Merchant, record: RegistryRecord) -> bool:
    """True when ``record`` says something about *this* merchant's identity.

    A registered name is always compared with the declared one, and a USCC with the
    declared USCC; a verification source must confirm or deny an element.  A found record
    with none of that (a status alone, say) identifies nothing, and must not pass.
    """
    matched = record.matches
    if matched is not None:  # a verification source: its verdicts speak, not echoes
        return bool(record.name) or not _unconfirmed(matched)
    if _registered_name(record):
        return True
    if record.uscc and merchant.effective_uscc:  # compared: uscc_mismatch when they differ
        return True
    listed = {number for number in (record.uscc, record.registration_number) if number}
    return bool(listed & _declared_identifiers(merchant))


def _unconfirmed(matched: ElementMatch) -> bool:
    """True when a verification confirmed no element and blamed none either."""
    verdicts = (matched.uscc, matched.name, matched.legal_representative)
    return all(verdict is None for verdict in verdicts) and not matched.former_name


_WHOLE_BRACKETED = re.compile(r"\s*[(（\[【〔]\s*([^()（）\[\]【】〔〕]+?)(?<!\s)\s*[)）\]】〕]\s*")
"""A name wholly in brackets: how registries print an individual business's operator
when it has no trade name (``（王五）``).  The name ends at a character that is not white
space: a run of white space is then scanned once, not again from each of its characters."""
_ROLE_AFTER = re.compile(r"(?<!\s)\s*[(（]\s*(?:经营者|负责人|法定代表人|投资人)\s*[)）]\s*$")
"""A role after the operator's name; tried where a run of white space starts (scanned once)."""


def _registered_name(record: RegistryRecord) -> str | None:
    """The registry's name as compared with the declared one: none for a placeholder
    (``*``, ``无``, ``无字号``: an individual business without a trade name), and an
    operator's name printed in brackets in its place (``（王五）``) without them."""
    name = record.name
    if not name or no_value(name):
        return None
    bracketed = _WHOLE_BRACKETED.fullmatch(name)
    return bracketed[1] if bracketed is not None else name


def _registered_operator(merchant: Merchant, record: RegistryRecord) -> str | None:
    """The operator (经营者) the registry names, normalised, for the operator rule: its
    legal representative (a role after it left out), else — for a verification source —
    the record's when the registry confirmed it."""
    listed = record.legal_representative
    if listed and not no_value(listed):
        return normalize_name(_ROLE_AFTER.sub("", listed))
    person = merchant.legal_representative
    matched = record.matches
    if person is not None and matched is not None and matched.legal_representative:
        return normalize_name(person.name)
    return None


def _former(declared: str, record: RegistryRecord) -> bool:
    """Whether ``declared`` is one of the entity's former names, or one written otherwise
    (the place, traditional characters)."""
    wanted = normalize_name(declared)
    return any(
        normalize_name(name) == wanted or written_otherwise(name, declared)
        for name in record.former_names
    )


def _similar(registered: str, declared: str) -> bool:
    """Whether the registered and declared names are near, as the consistency check
    judges a document's holder name (:func:`~qualcheck.checks.consistency.near_miss`) —
    but for a head office's name and its branch's: the registry answered for the USCC,
    and a branch is a subject of its own."""
    return near_miss(registered, declared) and not branch_of(registered, declared)


def _unmasked(merchant: Merchant, found: str, declared: str) -> str | None:
    """A masked registered name (``北京**科技有限公司``, ``王*``: registries hide part of an
    operator's name) as the name it fits — the declared one, else the record's legal
    representative (an individual business's operator) — as the consistency check leaves
    a masked holder name that fits uncompared; ``None`` if it fits neither."""
    person = merchant.legal_representative
    names = [declared] + ([normalize_name(person.name)] if person is not None else [])
    return next((name for name in names if masked_as(found, name)), None)


def _not_comparable(record: RegistryRecord, result: LookupResult) -> Finding:
    """``registry.name_not_comparable``: the declared name and the registered one are in
    Latin letters and Chinese characters (the registered one ``—`` when a verification
    source denied the name without showing it)."""
    shown = scrub(record.name) if record.name else "—"
    return Finding.of("registry.name_not_comparable", **_evidence(result), registry_name=shown)


def _declared_name(merchant: Merchant) -> str:
    """The name the record declares: its ``name``, or — when that holds no name (``无字号``,
    ``*``: an individual business without a trade name) — the operator it gives, who names
    such a business (the operator rule)."""
    person = merchant.legal_representative
    if person is not None and holds_no_name(merchant.name) and not holds_no_name(person.name):
        return person.name
    return merchant.name


def _named_otherwise_than(merchant: Merchant, operator: str | None, declared: str) -> bool:
    """For a registry that holds no trade name (a placeholder): whether the record names
    the business otherwise than by the registry's operator and gives no operator, so that
    only the USCC ties its name (the operator rule's *similar*).  The record named by him
    (also as a masked name fits), or giving him as its operator, is the same seller; one
    giving another operator is the legal representative's mismatch."""
    if operator is None or operator == declared or masked_as(operator, declared):
        return False
    return operator_rule(merchant, operator, operator, declared) == "similar"


def _name_findings(
    merchant: Merchant, record: RegistryRecord, result: LookupResult
) -> Iterator[Finding]:
    """The declared name against the registered one, as the consistency check compares a
    document's: equal after normalisation, a former name (review), near or named by an
    individual business's operator (review, or nothing when the registry names that
    operator: the operator rule), or another name (fail).  A placeholder for a name
    (an individual business without a trade name) names the business by the operator the
    registry shows (:func:`_named_otherwise_than`); a record named by a placeholder that
    gives its operator is named by him (:func:`_declared_name`).  A name in Latin letters
    against one in Chinese characters is not compared (review)."""
    matched = record.matches
    declared = normalize_name(_declared_name(merchant))
    registered = _registered_name(record)
    operator = _registered_operator(merchant, record)
    if registered:
        found = normalize_name(registered)
        if "*" in found:  # masked: compared as the name it fits, if any
            found = _unmasked(merchant, found, declared) or found
        rule = operator_rule(merchant, operator, found, declared)
        if found == declared or rule == "same":
            return
        former = _former(merchant.name, record)
        if not former and other_script(registered, merchant.name):
            yield at(_not_comparable(record, result), "name")
            return
        similar = not former and (rule == "similar" or _similar(registered, merchant.name))
    elif record.name:  # a placeholder: no trade name; the operator names the business
        if not _named_otherwise_than(merchant, operator, declared):
            return
        former, similar = False, True
    elif matched is not None and matched.name is False:
        if not matched.former_name and in_latin_letters(merchant.name):
            yield at(_not_comparable(record, result), "name")  # its record is in Chinese
            return
        former = matched.former_name
        rule = None if former else operator_rule(merchant, operator, "", declared)
        if rule == "same":
            return
        similar = rule == "similar"
    else:
        return
    shown = scrub(record.name) if record.name else "—"
    code = "registry.name_former" if former else "registry.name_mismatch"
    if similar:
        code = "registry.name_similar"
    yield at(Finding.of(code, **_evidence(result), registry_name=shown), "name")


_ENDED = (RegistryStatus.REVOKED, RegistryStatus.CANCELLED)
_EVENTS = (("revoked_on", "revocation", "吊销"), ("cancelled_on", "deregistration", "注销"))


def _conflict_findings(record: RegistryRecord, result: LookupResult) -> Iterator[Finding]:
    """A revocation or deregistration date under a status that is not ended (存续 with a
    注销日期): the record contradicts itself.  (Under an ended status the status speaks.)"""
    if record.status in _ENDED:
        return
    for attribute, event, event_zh in _EVENTS:
        day: datetime.date | None = getattr(record, attribute)
        if day is None:
            continue
        raw = scrub(record.status_raw or record.status.value)
        raw_zh = scrub(record.status_raw or record.status.label_zh)
        yield Finding.of(
            "registry.status_conflict",
            **_evidence(result),
            status_raw=raw,
            status_raw_zh=raw_zh,
            event=event,
            event_zh=event_zh,
            date=day.isoformat(),
        )
        return


# Dates a document gives that its holder must already have existed on.
_DOCUMENT_DATES = (
    ("established_on", "establishment date", "成立日期"),
    ("issue_date", "issue date", "发证日期"),
    ("valid_from", "validity start", "有效期起始日"),
)


def _established_findings(
    merchant: Merchant, record: RegistryRecord, result: LookupResult
) -> Iterator[Finding]:
    """Documents dated before the day the registry says the entity was established: for
    each, its earliest such date."""
    established = record.established_on
    if established is None:
        return
    for index, document in enumerate(merchant.documents):
        if document.kind == "identity":  # a person's document, older than the entity
            continue
        earlier = [
            (day, path, field, field_zh)
            for path, field, field_zh in _DOCUMENT_DATES
            if (day := _document_date(document, path)) is not None and day < established
        ]
        if not earlier:
            continue
        day, path, field, field_zh = min(earlier)
        finding = Finding.of(
            "registry.established_after_documents",
            **_evidence(result),
            established_on=established.isoformat(),
            document=index,
            field=field,
            field_zh=field_zh,
            document_date=day.isoformat(),
        )
        yield at(finding, "documents", index, "validity" if path == "valid_from" else path)


def _document_date(document: DocumentBase, name: str) -> datetime.date | None:
    """A document's date by name (``valid_from`` from its validity); ``None`` if not given."""
    if name == "valid_from":
        return document.validity.valid_from if document.validity is not None else None
    value = getattr(document, name, None)
    return value if isinstance(value, datetime.date) else None


def _term_findings(
    record: RegistryRecord, result: LookupResult, context: Context
) -> Iterator[Finding]:
    term = record.term
    if term is not None and term.valid_to is not None and term.valid_to < context.as_of:
        yield Finding.of(
            "registry.term_expired", **_evidence(result), term_to=term.valid_to.isoformat()
        )
    starts = [day for day in (term.valid_from if term else None, record.established_on) if day]
    start = max(starts, default=None)  # either one after as_of: not yet an entity that trades
    if start is not None and start > context.as_of:
        yield Finding.of(
            "registry.term_not_started",
            **_evidence(result),
            term_from=start.isoformat(),
            as_of=context.as_of.isoformat(),
        )


def _scope_findings(
    merchant: Merchant, record: RegistryRecord, result: LookupResult, context: Context
) -> Iterator[Finding]:
    if not record.scope or not merchant.categories:
        return
    scope = _scope_text(record.scope)
    policy = category_policy_for(context.policy.categories_file)
    judged: set[str] = set()
    named = [
        (index, category)
        for index, declared in enumerate(merchant.categories)
        if declared.strip()
        for _, category in policy.read_entry(declared).named
    ]
    for index, category in named:
        if category.id in judged:
            continue
        judged.add(category.id)
        if category.treatment is not Treatment.REQUIRES_DOCUMENTS:
            continue
        words: list[str] = []
        for alternative in category.alternatives:
            for requirement in alternative:
                for word in SCOPE_WORDS.get(requirement.kind, ()):
                    if word not in words:
                        words.append(word)
        if words and not any(word in scope for word in words):
            finding = Finding.of(
                "registry.scope_not_covering",
                **_evidence(result),
                category=category.id,
                name_en=category.name_en,
                name_zh=category.name_zh,
                words=" / ".join(words),
                words_zh="”或“".join(words),
            )
            yield at(finding, "categories", index)


def _number_key(kind: str, number: str) -> str:
    """``number`` in the compact form of its kind (``…许20240243号`` and ``…许20240243``
    are the same licence), or merely normalised when the kind cannot read it; a trailing
    号 ("number") is no part of any kind's number, whichever kind a registry appends it to
    (``JY14403050000010号``)."""
    with contextlib.suppress(Exception):  # a registry's odd spelling: compare it as it is
        number = numbers.get(kind).compact(number)
    # dashes too: registries drop or keep them
    return normalize_identifier(number).removesuffix("号")


def _scope_text(scope: str) -> str:
    """What a business scope names, for keyword matching: its items and what they include,
    read by :func:`~qualcheck.checks.scope.read_scope` — so what it excludes
    (日用百货销售（不含食品）, 除药品外的…, 不得从事食品经营) is not in it — without the
    pesticides and veterinary drugs whose 药 is no medicine for people."""
    try:
        reading = read_scope(scope)
    except ScopeUnreadable:  # brackets nested past reading: it names nothing (fail closed)
        return ""
    named = ";".join(part for item in reading.items for part in (item.head, *item.included))
    return normalize_name(_NOT_MEDICINES.sub("", named))


def _standing(license: LicenseRecord) -> LicenseStanding:
    """Where the licence stands by its listed status (吊销, 暂停, 有效 …)."""
    return license_standing(license.status_raw)


# How much an entry of a licence number keeps it usable, for picking the best of two.
_STANDING_RANK = {
    LicenseStanding.IN_FORCE: 3,
    LicenseStanding.UNSTATED: 3,
    LicenseStanding.UNKNOWN: 2,
    LicenseStanding.SUSPENDED: 1,
    LicenseStanding.ENDED: 0,
}
_STANDING_CODES = {
    LicenseStanding.ENDED: "registry.license_revoked",
    LicenseStanding.SUSPENDED: "registry.license_suspended",
    LicenseStanding.UNKNOWN: "registry.license_status_unknown",
}


def _rank(license: LicenseRecord) -> tuple[int, datetime.date, datetime.date]:
    """How well an entry of a licence number keeps it usable: its status (in force or
    unstated, then unrecognised, suspended, ended), then its end (no end date: long-term,
    or not stated), then its start (the later one is the newer entry)."""
    validity = license.validity
    end = validity.valid_to if validity is not None else None
    start = validity.valid_from if validity is not None else None
    return (
        _STANDING_RANK[_standing(license)],
        end or datetime.date.max,
        start or datetime.date.min,
    )


def _listed(kind: str, licenses: tuple[LicenseRecord, ...]) -> dict[str, tuple[LicenseRecord, ...]]:
    """The registry's licences by compact number: for a number listed more than once (a
    renewed licence often keeps its number), its best entries by :func:`_rank` — one,
    unless several tie — whatever the order."""
    listed: dict[str, list[LicenseRecord]] = {}
    for license in licenses:
        key = _number_key(kind, license.number)
        entries = listed.get(key)
        if entries is None or _rank(license) > _rank(entries[0]):
            listed[key] = [license]
        elif _rank(license) == _rank(entries[0]):
            entries.append(license)
    return {key: tuple(entries) for key, entries in listed.items()}


def _own_licenses(merchant: Merchant, record: RegistryRecord) -> tuple[LicenseRecord, ...]:
    """The listed licences that may be this entity's: all but those naming as their holder
    a USCC that is neither the record's nor a declared one (another entity's licence,
    listed by mistake, confirms nothing about this one)."""
    holders = {record.uscc, record.registration_number} | _declared_identifiers(merchant)
    uscc = numbers.get("uscc")
    return tuple(
        license
        for license in record.licenses
        if not license.holder_uscc
        or license.holder_uscc in holders
        or not uscc.is_valid(license.holder_uscc)
    )


_Matched = tuple[int, str, tuple[LicenseRecord, ...]]
"""``(document index, compact number, the licence's best entries)``; no entry: not listed."""


def _matched_licenses(
    merchant: Merchant, record: RegistryRecord, result: LookupResult
) -> Iterator[_Matched]:
    """:data:`_Matched` for each document of a kind the registry was asked about."""
    listed: dict[str, dict[str, tuple[LicenseRecord, ...]]] = {}  # number kind → number → …
    for index, document in enumerate(merchant.documents):
        if document.kind not in result.license_kinds:
            continue
        kind = document.NUMBER_KIND
        if kind not in listed:
            listed[kind] = _listed(kind, _own_licenses(merchant, record))
        number = _number_key(kind, document.number)
        yield index, number, listed[kind].get(number, ())


def listed_documents(merchant: Merchant, result: LookupResult | None) -> frozenset[int]:
    """The indices of ``merchant``'s documents that the registry's answer lists as this
    entity's licences (by number, among :func:`_own_licenses`, of a kind it was asked
    about): the registry ties them to the seller, whatever their status.  Empty without
    an answer that found the entity."""
    if result is None or result.status is not LookupStatus.FOUND or result.record is None:
        return frozenset()
    matched = _matched_licenses(merchant, result.record, result)
    return frozenset(index for index, _, entries in matched if entries)


def _license_findings(
    merchant: Merchant,
    matched: list[_Matched],
    result: LookupResult,
    context: Context,
) -> Iterator[Finding]:
    for index, number, entries in matched:
        if not entries:
            finding = Finding.of("registry.license_not_found", **_evidence(result), number=number)
            yield at(finding, "documents", index, "number")
            continue
        license = entries[0]
        standing = _standing(license)
        status_code = _STANDING_CODES.get(standing)
        if status_code is not None:
            finding = Finding.of(
                status_code,
                **_evidence(result),
                number=number,
                status_raw=scrub(license.status_raw or ""),
            )
            yield at(finding, "documents", index, "number")
        if standing is LicenseStanding.ENDED:  # ended whatever its dates say
            continue
        valid_to = license.validity.valid_to if license.validity is not None else None
        if valid_to is not None and valid_to < context.as_of:
            finding = Finding.of(
                "registry.license_expired",
                **_evidence(result),
                number=number,
                valid_to=valid_to.isoformat(),
            )
            yield at(finding, "documents", index, "number")
        elif valid_to is not None:
            yield from _validity_findings(merchant, index, number, valid_to, result)


def _validity_findings(
    merchant: Merchant, index: int, number: str, listed_to: datetime.date, result: LookupResult
) -> Iterator[Finding]:
    """The document claims to be valid longer than the registry's entry, still in force,
    says (long-term, or to a later day)."""
    validity = merchant.documents[index].validity
    if validity is None:
        return
    if validity.long_term:
        claimed, claimed_zh = "long-term", "长期"
    elif validity.valid_to is not None and validity.valid_to > listed_to:
        claimed = claimed_zh = validity.valid_to.isoformat()
    else:
        return
    finding = Finding.of(
        "registry.license_validity_mismatch",
        **_evidence(result),
        number=number,
        document=index,
        registry_valid_to=listed_to.isoformat(),
        document_valid_to=claimed,
        document_valid_to_zh=claimed_zh,
    )
    yield at(finding, "documents", index, "validity")


_SCOPE_SHOWN = 200
"""Characters of a registry's licence scope quoted in a finding."""
_UNREADABLE: tuple[str, ...] = ("?",)
"""A listed scope too deeply nested to read, read as naming nothing (fail closed)."""

_Variant = tuple[DocumentBase, str]
"""A document with the scope a registry lists for it, and that scope as quoted."""


def _shown(text: str) -> str:
    """A listed scope as a finding quotes it: on one line, personal numbers masked (before
    it is cut, so that no part of one is left bare), at most :data:`_SCOPE_SHOWN` long."""
    shown = scrub(" ".join(text.split()))
    if len(shown) > _SCOPE_SHOWN:
        shown = scrub(shown[: _SCOPE_SHOWN - 1]) + "…"
    return shown


def _ended(license: LicenseRecord, as_of: datetime.date) -> bool:
    """Whether the listed licence has ended, by its status or its end date."""
    validity = license.validity
    if validity is not None and validity.valid_to is not None and validity.valid_to < as_of:
        return True
    return _standing(license) is LicenseStanding.ENDED


def _listed_variants(
    policy: CategoryPolicy, document: DocumentBase, entries: tuple[LicenseRecord, ...]
) -> tuple[_Variant, ...]:
    """The document with each scope its licence's best entries list that differs from its
    own and says something comparable (sorted: several only when entries tie).  None when
    an entry lists the document's own scope: that entry confirms it."""
    variants: dict[tuple[str, ...], str] = {}
    for license in entries:
        if not license.scope:
            continue
        scope = _split_scope(unicodedata.normalize("NFKC", license.scope))
        if scope == document.scope:
            return ()
        try:
            comparable = _reads_as_scope(policy, scope) or _shares_an_item(document.scope, scope)
        except ScopeUnreadable:  # brackets nested past reading: it names nothing we can read
            scope, comparable = _UNREADABLE, True
        if comparable:
            variants.setdefault(scope, license.scope)
    return tuple(
        (document.model_copy(update={"scope": scope}), _shown(text))
        for scope, text in sorted(variants.items())
    )


def _not_covering(
    category: Category,
    declared: tuple[str, ...],
    documents: Sequence[DocumentBase],
    listed: dict[int, tuple[_Variant, ...]],
) -> list[tuple[int, _Variant]]:
    """The listed documents whose listings leave ``category`` uncovered where the documents
    as they are cover it: each listing that does so on its own, else each one whose
    document restores the cover, else all of them.  A licence listed by several entries
    that tie is read by the one that covers the category, if one does."""

    def covered(replaced: dict[int, DocumentBase]) -> bool:
        as_listed = [replaced.get(index, document) for index, document in enumerate(documents)]
        return assess_coverage(category, as_listed, declared=declared).covered

    if not covered({}):
        return []  # the coverage check says why
    chosen = {
        index: next((v for v in variants if covered({index: v[0]})), variants[0])
        for index, variants in listed.items()
    }
    every = {index: variant[0] for index, variant in chosen.items()}
    if covered(every):
        return []
    culprits = [index for index in chosen if not covered({index: every[index]})] or [
        index for index in chosen if covered({i: d for i, d in every.items() if i != index})
    ]
    return [(index, chosen[index]) for index in culprits or chosen]


def _license_scope_findings(
    merchant: Merchant, matched: list[_Matched], result: LookupResult, context: Context
) -> Iterator[Finding]:
    """Categories the documents' scopes cover that the scopes the registry lists for the
    same licences do not."""
    if not merchant.categories:
        return
    policy = category_policy_for(context.policy.categories_file)
    listed: dict[int, tuple[_Variant, ...]] = {}
    numbers_of: dict[int, str] = {}
    for index, number, entries in matched:
        document = merchant.documents[index]
        if not entries or _ended(entries[0], context.as_of):
            continue
        variants = _listed_variants(policy, document, entries)
        if variants:
            listed[index], numbers_of[index] = variants, number
    if not listed:
        return
    documents = list(merchant.documents)
    for entry in declared_categories(merchant.categories, policy):
        for category, declared_as in entry.categories:
            kinds = category.document_kinds
            relevant = {i: v for i, v in listed.items() if documents[i].kind in kinds}
            if not relevant:
                continue
            for index, (_, shown) in _not_covering(category, declared_as, documents, relevant):
                finding = Finding.of(
                    "registry.license_scope_not_covering"
                    if documents[index].scope
                    else "registry.license_listed_scope_not_covering",
                    **_evidence(result),
                    category=category.id,
                    name_en=category.name_en,
                    name_zh=category.name_zh,
                    entry=entry.index,
                    document=index,
                    number=numbers_of[index],
                    registry_scope=shown,
                )
                yield at(finding, "documents", index, "scope")


def _scope_size(policy: object, scope: tuple[str, ...]) -> int:
    """The length of the listed scope :func:`_reads_as_scope` is asked about."""
    return texts_size(scope)


@remembered(maxsize=256, longest=LONGEST_SCOPE, size=_scope_size)
def _reads_as_scope(policy: CategoryPolicy, scope: tuple[str, ...]) -> bool:
    """Whether a listed scope names any of the words the policy reads scopes by — in an
    item, in what it includes, excludes or is limited to, or in a clause on the whole
    scope (``食品销售（不含散装食品）`` names 散装食品: it excludes it).  One that does not
    (``食品经营许可证``, the licence's own title; ``准予许可``, the decision) says nothing a
    scope could be held to, unless it shares an item with the document's
    (:func:`_shares_an_item`)."""
    words = policy.scope_words()
    reading = read_items(scope)
    texts = [text for item in reading.items for text in (*item.texts, *item.excluded)]
    texts += [*reading.excluded, *(text for limit in reading.limited_to for text in limit)]
    return any(mentions(word, text) for word in words for text in texts)


def _shares_an_item(own: tuple[str, ...], listed: tuple[str, ...]) -> bool:
    """Whether the listed scope has an item the document's scope has too (热食类食品制售 in
    both): then it is the same kind of listing, and what it leaves out counts."""
    if not own:
        return False
    heads = {item.head for item in read_items(own).items if item.head}
    return any(item.head in heads for item in read_items(listed).items)


def _failure(code: str, result: LookupResult) -> Finding:
    """A finding that the registry failed to answer (in whole or in part), saying why."""
    evidence = _evidence(result)
    zh = registry_reason_zh(result.reason)
    if zh is not None:
        evidence["reason_zh"] = zh
    # a registry of the platform's own may quote what it was asked
    detail = None if result.detail is None else scrub(result.detail)
    return Finding.of(code, **evidence, detail=detail)


@check("registry", codes=tuple(CODES))
def registry(merchant: Merchant, context: Context) -> Iterator[Finding]:
    """The registry's record of the entity: existence, status, name, representative,
    scope and licences."""
    result = context.registry_result
    if result is None:
        reason = context.registry_skip_reason or "no registry configured"
        raise CheckSkipped(reason)
    if result.status is LookupStatus.FAILED:
        yield _failure("registry.unavailable", result)
        return
    if result.status is LookupStatus.NOT_FOUND or result.record is None:
        yield Finding.of("registry.not_found", **_evidence(result))
        return
    record = result.record
    if result.reason:  # a part of the answer failed (a licence listing): never a silent pass
        yield _failure("registry.incomplete", result)
    yield from _entity_findings(merchant, record, result)
    yield from _conflict_findings(record, result)
    yield from _term_findings(record, result, context)
    yield from _established_findings(merchant, record, result)
    yield from _scope_findings(merchant, record, result, context)
    matched = list(_matched_licenses(merchant, record, result))
    yield from _license_findings(merchant, matched, result, context)
    yield from _license_scope_findings(merchant, matched, result, context)
