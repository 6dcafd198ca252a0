"""Registration status: the registries' many spellings mapped to a small enum.

Registries spell the same status many ways — ``存续``, ``在业``, ``存续（在营、开业、在册）``,
``吊销，未注销`` with a full- or half-width comma, GSXT's numeric state codes, English
labels.  :func:`normalize_status` maps them all to :class:`RegistryStatus` by normalised
substring match, where the words of an ended or troubled registration win over the words
of an active one (``吊销，未注销`` contains no "active" word, but ``存续（吊销）``-style mixes
must not read as active), and anything unrecognised is ``unknown`` — never ``active``.
A negated word says nothing (``未吊销`` is not revoked), a negated active word is not
active (``未开业``, ``not in business``), and a deregistration still under way
(``简易注销公告中``, ``注销中``) is not yet ``cancelled``: the entity is being wound up.

>>> normalize_status("存续（在营、开业、在册）")
<RegistryStatus.ACTIVE: 'active'>
>>> normalize_status("吊销,未注销").value, normalize_status("吊销，已注销").value
('revoked', 'cancelled')
>>> normalize_status("迁往外省市").value, normalize_status("清算中").value
('moved_out', 'liquidating')
>>> normalize_status("非正常户").value, normalize_status("").value
('unknown', 'unknown')
>>> normalize_status("简易注销公告中").value, normalize_status("Not in business").value
('liquidating', 'unknown')
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata

__all__ = ["RegistryStatus", "normalize_status"]


class RegistryStatus(str, enum.Enum):
    """Where a registration stands, as far as a platform's admission gate cares."""

    ACTIVE = "active"
    """存续 / 在营 / 开业 / 在册: registered and trading."""
    REVOKED = "revoked"
    """吊销 (licence revoked, not yet deregistered) or 撤销 (registration annulled)."""
    CANCELLED = "cancelled"
    """注销: deregistered; the entity no longer exists."""
    MOVED_OUT = "moved_out"
    """迁出: moved to another registration authority; look it up there."""
    LIQUIDATING = "liquidating"
    """清算: being wound up, including a deregistration under way (注销中, 简易注销公告)."""
    SUSPENDED = "suspended"
    """停业 / 歇业: trading suspended."""
    UNKNOWN = "unknown"
    """Anything else, including statuses qualcheck does not recognise."""


# GSXT state codes as mirrored by registry clients (1 存续, 2 吊销未注销, 3 吊销已注销, 4 注销,
# 5 撤销, 6 迁出, 9 其他).
_NUMERIC = {
    "1": RegistryStatus.ACTIVE,
    "2": RegistryStatus.REVOKED,
    "3": RegistryStatus.CANCELLED,
    "4": RegistryStatus.CANCELLED,
    "5": RegistryStatus.REVOKED,
    "6": RegistryStatus.MOVED_OUT,
    "9": RegistryStatus.UNKNOWN,
}

# Checked in this order: the first group with a matching word decides.  "Ended" words come
# before "active" ones, and negated phrases (未注销) are removed before matching 注销.
_WORDS: tuple[tuple[RegistryStatus, tuple[str, ...]], ...] = (
    (
        RegistryStatus.CANCELLED,
        ("已注销", "注销", "deregistered", "cancelled", "canceled", "dissolved"),
    ),
    (RegistryStatus.REVOKED, ("吊销", "撤销", "revoked", "annulled")),
    (RegistryStatus.LIQUIDATING, ("清算", "破产", "liquidat", "bankrupt")),
    (RegistryStatus.MOVED_OUT, ("迁出", "迁往", "迁移", "movedout", "relocated")),
    (RegistryStatus.SUSPENDED, ("停业", "歇业", "suspended", "dormant")),
    (
        RegistryStatus.ACTIVE,
        (
            "存续",
            "在营",
            "在业",
            "开业",
            "在册",
            "正常",
            "仍注册",
            "登记成立",
            "确立",
            "active",
            "inbusiness",
            "operating",
            "registered",
            "existing",
            "normal",
        ),
    ),
)
# Words that mean the status is not a plain active one even though an active word appears
# (非正常户 contains 正常; 不在营 contains 在营; "not in business" contains "in business"): they
# make the answer unknown.  Negated *ended* words are removed before this (see _NEGATED).
_NOT_ACTIVE = (
    "非",
    "不",
    "未",
    "异常",
    "暂停",
    "停止",
    "终止",
    "中止",
    "inactive",
    "abnormal",
    "not",
    "non",
    "nolonger",
    "ceased",
    "unregistered",
)
# An ended word under a negation states that the entity is *not* in that state (吊销，未注销:
# revoked, not deregistered; 存续，未吊销): the phrase is dropped before matching.
_NEGATED = re.compile(
    r"(?:尚未|并未|未曾|未|没有|无|not|never)"
    r"(?:办理)?(?:注销|吊销|撤销|迁出|清算|停业|歇业"
    r"|deregistered|cancelled|canceled|revoked|dissolved|liquidated|suspended|movedout)"
)
# A deregistration still under way (notice period of 简易注销, a filed application): the
# entity exists and is being wound up, so it reads as liquidating, not cancelled — unless
# the status also says it is deregistered (已注销) or revoked.
_PENDING_DEREGISTRATION = (
    "简易注销公告",
    "注销公告",
    "正在注销",
    "注销中",
    "拟注销",
    "待注销",
    "申请注销",
    "注销申请",
    "注销程序",
    "注销办理",
    "pendingderegistration",
    "deregistrationpending",
    "deregistrationinprogress",
    "beingderegistered",
    "beingdissolved",
)
_NOISE = re.compile(
    r"[\s,，、;；:：()（）\[\]【】<>《》\"'“”‘’_\-–—/·.]+"
    r"|[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]"  # zero-width characters, soft hyphens
)


@functools.lru_cache(maxsize=1024)
def normalize_status(raw: object) -> RegistryStatus:
    """The :class:`RegistryStatus` of a registry's status value (``unknown`` if unclear)."""
    if raw is None or isinstance(raw, bool):
        return RegistryStatus.UNKNOWN
    text = _NOISE.sub("", unicodedata.normalize("NFKC", str(raw))).lower()
    if not text:
        return RegistryStatus.UNKNOWN
    if text in _NUMERIC:
        return _NUMERIC[text]
    text = _NEGATED.sub("", text)
    pending = "已注销" not in text and any(phrase in text for phrase in _PENDING_DEREGISTRATION)
    if pending:
        for phrase in _PENDING_DEREGISTRATION:
            text = text.replace(phrase, "")
    found = RegistryStatus.UNKNOWN
    for status, words in _WORDS:
        if any(word in text for word in words):
            if status is RegistryStatus.ACTIVE and any(word in text for word in _NOT_ACTIVE):
                found = RegistryStatus.UNKNOWN
            else:
                found = status
            break
    if pending and found not in (RegistryStatus.REVOKED, RegistryStatus.CANCELLED):
        return RegistryStatus.LIQUIDATING
    return found
