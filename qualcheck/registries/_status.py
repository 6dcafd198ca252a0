"""Registration status: the registries' many spellings mapped to a small enum.

Registries spell the same status many ways — ``存续``, ``在业``, ``存续（在营、开业、在册）``,
``吊销，未注销`` with a full- or half-width comma, GSXT's numeric state codes, English
labels.  :func:`normalize_status` maps them all to :class:`RegistryStatus` by normalised
substring match, where the words of an ended or troubled registration win over the words
of an active one (``吊销，未注销`` contains no "active" word, but ``存续（吊销）``-style mixes
must not read as active), and anything unrecognised is ``unknown`` — never ``active``.
A negated word says nothing (``未吊销`` is not revoked), a negated active word is not
active (``未开业``, ``not in business``), and a deregistration still under way
(``简易注销公告中``, ``注销中``, ``正在进行简易注销``) is not yet ``cancelled``: the entity
is being wound up.  An active status says nothing else: an active word with anything
qualcheck does not know as harmless beside it (``存续（失联）``, ``在营（列入严重违法失信名单）``,
``存续（经营期限届满）``) is ``unknown``, not ``active``.  Traditional characters read as
simplified ones (``註銷`` is ``注销``), and an order to close (``责令关闭``, like 吊销 and
撤销 a cause of dissolution in the Company Law) reads as revoked.

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
>>> normalize_status("存续（失联）").value, normalize_status("註銷").value
('unknown', 'cancelled')

A licence a registry lists (行政许可) has a status of its own, read by
:func:`license_standing`: ended, suspended, in force, not stated — or unrecognised, which is
never read as in force.

>>> [license_standing(raw).value for raw in ("有效", "已注销", "暂停", "", "待审核")]
['in_force', 'ended', 'suspended', 'unstated', 'unknown']
>>> license_standing("未吊销").value, license_standing("未生效").value
('in_force', 'unknown')
"""

from __future__ import annotations

import enum
import re
import unicodedata

from qualcheck._memo import LONGEST_NAME, remembered

__all__ = ["LicenseStanding", "RegistryStatus", "license_standing", "normalize_status"]


class RegistryStatus(str, enum.Enum):
    """Where a registration stands, as far as a platform's admission gate cares."""

    ACTIVE = "active"
    """存续 / 在营 / 开业 / 在册: registered and trading."""
    REVOKED = "revoked"
    """吊销 (licence revoked, not yet deregistered), 撤销 (registration annulled) or
    责令关闭 (ordered closed)."""
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

    @property
    def label_zh(self) -> str:
        """The status in Chinese, for messages about a source that gave no spelling of
        its own (an adapter that set the enum).

        >>> RegistryStatus.REVOKED.label_zh, RegistryStatus.UNKNOWN.label_zh
        ('吊销或撤销', '未说明')
        """
        return _STATUS_ZH[self]


_STATUS_ZH = {
    RegistryStatus.ACTIVE: "存续",
    RegistryStatus.REVOKED: "吊销或撤销",
    RegistryStatus.CANCELLED: "注销",
    RegistryStatus.MOVED_OUT: "迁出",
    RegistryStatus.LIQUIDATING: "清算",
    RegistryStatus.SUSPENDED: "停业或歇业",
    RegistryStatus.UNKNOWN: "未说明",
}


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
    (RegistryStatus.REVOKED, ("吊销", "撤销", "责令关闭", "revoked", "annulled")),
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
# What may stand beside an active word in an active status (在营（开业）企业, 正常经营,
# 在业（个体工商户）, Active - In Business): anything else beside it makes the status unknown.
_ACTIVE_FILLER = (
    "个体工商户",
    "分支机构",
    "个体户",
    "分公司",
    "个体",
    "企业",
    "公司",
    "状态",
    "登记",
    "经营",
    "营业",
    "中",
    "status",
    "company",
    "business",
    "entity",
    "and",
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
    # doubt: an active word with a question mark or a pending check is not a plain answer
    "?",
    "待核",
    "待定",
    "待确认",
    "存疑",
    "疑似",
)
# An ended word under a negation states that the entity is *not* in that state (吊销，未注销:
# revoked, not deregistered; 存续，未吊销): the phrase is dropped before matching.
_NEGATED = re.compile(
    r"(?:尚未|并未|未曾|未|没有|无|not|never)"
    r"(?:办理|被)?(?:注销|吊销|撤销|责令关闭|迁出|清算|停业|歇业"
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
    "进行简易注销",
    "进行注销",
    "注销进行中",
    "注销审核",
    "注销受理",
    "告知注销",  # 已告知注销: a notice, not (yet) a deregistration; doubtful, so review
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


def normalize_status(raw: object) -> RegistryStatus:
    """The :class:`RegistryStatus` of a registry's status value (``unknown`` if unclear)."""
    if raw is None or isinstance(raw, bool) or not isinstance(raw, str | int | float):
        return RegistryStatus.UNKNOWN  # a list, an object …: no status one can read
    # remembered by its text: ``True == 1.0`` and a list has no hash, so the value itself
    # is no key
    return _status_of(raw if type(raw) is str else str(raw))


@remembered(maxsize=1024, longest=LONGEST_NAME)
def _status_of(raw: str) -> RegistryStatus:
    """:func:`normalize_status` of text."""
    text = _NOISE.sub("", _fold(raw))
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
            found = status if status is not RegistryStatus.ACTIVE or _plain(text) else found
            break
    if pending and found not in (RegistryStatus.REVOKED, RegistryStatus.CANCELLED):
        return RegistryStatus.LIQUIDATING
    return found


def _fold(text: str) -> str:
    """``text`` in NFKC, lower case, its traditional characters simplified (存續 → 存续)."""
    from qualcheck.checks._hanzi import to_simplified  # here: registries load before checks

    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


_ACTIVE_PARTS = tuple(
    sorted({*dict(_WORDS)[RegistryStatus.ACTIVE], *_ACTIVE_FILLER}, key=len, reverse=True)
)


def _plain(text: str) -> bool:
    """Whether ``text`` (folded, without noise) is an active status and nothing else: no
    negation or doubt, and nothing but active words and harmless filler."""
    if any(word in text for word in _NOT_ACTIVE):
        return False
    for part in _ACTIVE_PARTS:
        text = text.replace(part, "")
    return not text


class LicenseStanding(str, enum.Enum):
    """Where a licence stands by the status a registry lists for it."""

    IN_FORCE = "in_force"
    """有效 / 正常 / 在用 …: in force, as far as the status says; its dates still count."""
    ENDED = "ended"
    """吊销 / 注销 / 撤销 / 撤回 / 失效 / 过期 / 作废 …: no longer a licence."""
    SUSPENDED = "suspended"
    """暂停 / 中止 / 停业 …, or a cancellation under way (注销中): not usable now, perhaps
    again later."""
    UNSTATED = "unstated"
    """No status given: the dates decide."""
    UNKNOWN = "unknown"
    """A status qualcheck does not recognise: never read as in force."""


# Checked in this order; negated ended words (未吊销, 未注销) are dropped first.
_LICENSE_WORDS: tuple[tuple[LicenseStanding, tuple[str, ...]], ...] = (
    (
        LicenseStanding.ENDED,
        (
            "吊销",
            "注销",
            "撤销",
            "撤回",
            "失效",
            "过期",
            "作废",
            "无效",
            "终止",
            "废止",
            "有效期满",  # the term has run out
            "有效期已满",
            "有效期届满",
            "有效期已届满",
            "已到期",
            "revoked",
            "cancelled",
            "canceled",
            "withdrawn",
            "expired",
            "invalid",
            "terminated",
            "lapsed",
            "void",
        ),
    ),
    (
        LicenseStanding.SUSPENDED,
        ("暂停", "中止", "停业", "停产", "歇业", "suspended", "paused", "inactive"),
    ),
    (
        LicenseStanding.IN_FORCE,
        (
            "有效",
            "正常",
            "在用",
            "使用中",
            "正在使用",
            "生效",
            "存续",
            "在营",
            "已发证",
            "已核发",
            "已许可",
            "准予许可",
            "valid",
            "active",
            "normal",
            "inforce",
            "effective",
            "issued",
            "granted",
            "current",
        ),
    ),
)
# An in-force word under these is not in force (未生效, 非正常, 不予许可, not valid, a term
# that has run out: 期满延续).
_LICENSE_NOT_IN_FORCE = (
    "非",
    "不",
    "未",
    "待",
    "异常",
    "期满",
    "届满",
    "到期",
    "not",
    "non",
    "pending",
)
# What sources write for "no status": the dates decide.  ("unknown", like 未知, is a
# status the source could not tell, not a missing one: it is not in force.)
_LICENSE_PLACEHOLDERS = frozenset({"无", "暂无", "空", "none", "null", "nil", "na", "n/a"})
# Negated ended words (未吊销), an end still to come (即将过期, 临期: in force until its
# date) and the label of an end date (到期日) say nothing ends the licence: they are
# dropped before matching.
_LICENSE_NEGATED = re.compile(
    r"(?:尚未|并未|未曾|未|没有|not|never)(?:被)?(?:吊销|注销|撤销|撤回|失效|过期|作废|暂停|中止"
    r"|期满|届满|到期|revoked|cancelled|canceled|withdrawn|expired|suspended)"
    r"|(?:即将|将要|快要|临近|接近)(?:过期|到期|失效|期满|届满)|临期|到期(?:日期|日|时间)"
    r"|expiringsoon|expiressoon|abouttoexpire|nearexpiry"
)


def license_standing(raw: object) -> LicenseStanding:
    """The :class:`LicenseStanding` of a licence status as a registry spells it.

    A value that is neither text nor a number (a list, an object) is no status one can
    read: ``unknown``, never in force.
    """
    if raw is None or isinstance(raw, bool):
        return LicenseStanding.UNSTATED
    if not isinstance(raw, str | int | float):
        return LicenseStanding.UNKNOWN
    return _license_standing(str(raw))


@remembered(maxsize=1024, longest=LONGEST_NAME)
def _license_standing(raw: str) -> LicenseStanding:
    text = _NOISE.sub("", _fold(raw))
    if not text or text in _LICENSE_PLACEHOLDERS:
        return LicenseStanding.UNSTATED
    negated = _LICENSE_NEGATED.sub("", text)
    if "已注销" not in negated and any(phrase in negated for phrase in _PENDING_DEREGISTRATION):
        # being cancelled: not to be relied on, not yet ended — unless the status also
        # ends it otherwise (吊销，注销中: revoked, deregistration under way)
        for phrase in _PENDING_DEREGISTRATION:
            negated = negated.replace(phrase, "")
        ended = dict(_LICENSE_WORDS)[LicenseStanding.ENDED]
        if any(word in negated for word in ended):
            return LicenseStanding.ENDED
        return LicenseStanding.SUSPENDED
    for standing, words in _LICENSE_WORDS:
        if any(word in negated for word in words):
            if standing is LicenseStanding.IN_FORCE and any(
                word in negated for word in _LICENSE_NOT_IN_FORCE
            ):
                return LicenseStanding.UNKNOWN
            return standing
    if negated != text and not negated:  # only a negation (未吊销): nothing ends it
        return LicenseStanding.IN_FORCE
    return LicenseStanding.UNKNOWN
