"""Values as licences and identity cards print them: with their label in front.

Platforms fill records from the text an OCR service reads off a licence photo, and that
text keeps the label printed next to the value: ``法定代表人：张三``, ``名称 杭州示例食品有限
公司`` (the business licence and the identity card print no colon), ``发证日期：2023年5月8日``.
The readers here drop a label that names the field being read — never another field's:
``有效期至：2028年06月11日`` is no issue date, and stays unreadable there — when a value
follows it.  Names hold no colon (neither an enterprise's name nor a person's may), so a
known label before a colon or white space can only be a label.  Without one, only a
person's label that no name can begin is dropped (``法定代表人张三``): a holder's name may
begin with any word (``名称科技有限公司``, ``持证人服务中心`` are names), and 法 and 姓 are
surnames (``法人张三``, ``姓名扬`` stay as given — compared as names, a review at worst).

>>> person_name("法定代表人：张三"), person_name("负责人 李四"), person_name("经营者王五")
('张三', '李四', '王五')
>>> holder_name("名称 杭州示例食品有限公司"), holder_name("姓名\\n张三")
('杭州示例食品有限公司', '张三')
>>> holder_name("名　　称　杭州示例食品有限公司"), subject_type("类 型 有限责任公司")  # spread
('杭州示例食品有限公司', '有限责任公司')
>>> holder_name("名称："), person_name("法人张三")  # no value; 法人 needs a separator
('名称：', '法人张三')
>>> holder_name("名称科技有限公司"), holder_name("持证人服务中心")  # names, not labels
('名称科技有限公司', '持证人服务中心')
>>> dates = {"issue_date": "发证日期：2023年5月8日", "established_on": "有效期至：2028年06月11日"}
>>> drop_document_labels(dates)
>>> dates
{'issue_date': '2023年5月8日', 'established_on': '有效期至：2028年06月11日'}
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = [
    "HOLDER_LABELS",
    "POINTERS",
    "drop_document_labels",
    "holder_name",
    "no_value_or_pointer",
    "person_name",
    "subject_type",
]

_QUALIFIER = r"(?:\s*[(（][^()（）]{1,12}[)）])?"
"""A qualifier in brackets after a label: 法定代表人（负责人）, 名称（字号）."""


_Labels = tuple[re.Pattern[str], frozenset[str]]
"""A label pattern, and the characters a value it may match can begin with."""


def _spaced(label: str) -> str:
    """A pattern of ``label`` printed with white space between its characters, as the
    business licence spreads its short labels over the width of the longest
    (``名　　称``, ``类　　型``, ``住　　所``)."""
    return r"\s*".join(map(re.escape, label))


def _label_pattern(labels: str, separated: str = "") -> _Labels:
    """A label at the start of a value, then a colon, white space or (unless the label is
    one of ``separated``, which could begin a name) the value itself."""
    words = "|".join(map(_spaced, sorted(labels.split(), key=len, reverse=True)))
    alone = "|".join(map(_spaced, sorted(separated.split(), key=len, reverse=True)))
    joined = rf"(?:{words}){_QUALIFIER}(?:\s*[:：]\s*|\s+|(?=\S))"
    apart = rf"(?:{alone}){_QUALIFIER}(?:\s*[:：]\s*|\s+)"
    firsts = frozenset(word[0] for word in (*labels.split(), *separated.split()))
    if not alone:
        return re.compile(rf"^\s*{joined}"), firsts
    if not words:
        return re.compile(rf"^\s*{apart}"), firsts
    return re.compile(rf"^\s*(?:{joined}|{apart})"), firsts


_PERSON = _label_pattern(
    "法定代表人 法定代表人姓名 法人代表 负责人 经营者 经营者姓名 投资人 执行事务合伙人",
    separated="法人 姓名",
)
HOLDER_LABELS = (
    "名称 企业名称 单位名称 机构名称 主体名称 商户名称 经营者名称 持证主体 持证单位 持证人"
    " 备案主体 姓名"
)
"""The labels printed before a holder's name, separated by spaces."""
_HOLDER = _label_pattern("", separated=HOLDER_LABELS)
_ISSUE_DATE = _label_pattern(
    "发证日期 签发日期 颁发日期 发照日期 核准日期 登记日期 备案日期 批准日期 发证时间 备案时间"
)
_ESTABLISHED = _label_pattern("成立日期 注册日期 成立时间 注册时间")
_SUBJECT_TYPE = _label_pattern("类型 企业类型 主体类型 市场主体类型")


def _without(labels: _Labels, value: Any) -> Any:
    """``value`` without the label ``labels`` finds at its start, when a value follows;
    anything else as it is (so that an error quotes the value as given)."""
    if type(value) is not str or len(value) > 256:
        return value
    pattern, firsts = labels
    if value[:1] not in firsts and not value[:1].isspace():  # most values: no label
        return value
    match = pattern.match(value)
    if match is None or not value[match.end() :].strip():
        return value
    return value[match.end() :]


_DOCUMENT_FIELDS = (
    ("holder_name", _HOLDER),
    ("legal_representative", _PERSON),
    ("issue_date", _ISSUE_DATE),
    ("established_on", _ESTABLISHED),
)


NO_VALUE = frozenset({"", "无", "暂无", "没有", "/", "-", "--", "—", "——", "null", "none", "n/a"})
"""What forms and exports write in a field that has no value."""


def no_value(value: Any) -> bool:
    """Whether ``value`` is a text that stands for no value (an empty cell, 无, / …).

    >>> no_value(" 无 "), no_value("／"), no_value("N/A"), no_value("91110000X")
    (True, True, True, False)
    """
    if not isinstance(value, str) or (
        len(value) > 4 and not value[0].isspace() and not value[-1].isspace()
    ):
        return False  # longer than any, and nothing around it to strip: a value
    stripped = value.strip()
    return (
        len(stripped) <= 4
        and unicodedata.normalize("NFKC", stripped).strip().casefold() in NO_VALUE
    )


POINTERS = frozenset(
    {
        "空",
        "空白",
        "见附件",
        "详见附件",
        "见附页",
        "详见附页",
        "附后",
        "同上",
        "同营业执照",
        "见营业执照",
        "略",
        "未知",
        "不详",
        "待定",
    }
)
"""What forms write in a field to send the reader elsewhere (见附件, 同上), or to say the
value is not known (不详): no value either."""
_MARKS = re.compile(r"[*/\\\-_~\u00b7\u2010-\u2015\u2212\u2500\u2501]+")
_BRACKETS = "()[]【】〔〕"
_WORD_RUN = re.compile(r"[^\W_]{6}")
"""Six letters, digits or characters in a row: longer than any pointer (同营业执照)."""


def no_value_or_pointer(value: Any) -> bool:
    """Whether ``value`` holds no value: :func:`no_value`, a pointer elsewhere or an
    unknown (:data:`POINTERS`), or a run of stars, slashes, dashes or dots (``***``),
    also in brackets (``（见附件）``).

    >>> [no_value_or_pointer(text) for text in ("见附件", "（同上）", "***", "91110000X")]
    [True, True, True, False]
    """
    if no_value(value):
        return True
    if not isinstance(value, str) or len(value) > 32 or _WORD_RUN.search(value):
        return False  # six letters or digits in a row (a USCC, a name): no pointer
    text = "".join(unicodedata.normalize("NFKC", value).split()).strip(_BRACKETS)
    return text in POINTERS or _MARKS.fullmatch(text) is not None


def drop_document_labels(data: dict[str, Any]) -> None:
    """Drop, in place, the labels printed before a document's holder name, legal
    representative, issue date and date of establishment (one call per document: these
    fields are read for every document of every record).

    >>> data = {"holder_name": "名称 示例有限公司", "issue_date": "发证日期：2023年5月8日"}
    >>> drop_document_labels(data)
    >>> data
    {'holder_name': '示例有限公司', 'issue_date': '2023年5月8日'}
    """
    for key, labels in _DOCUMENT_FIELDS:
        value = data.get(key)
        if type(value) is str and value and (value[0] in labels[1] or value[0].isspace()):
            data[key] = _without(labels, value)


def person_name(value: Any) -> Any:
    """A person's name printed with its label (法定代表人, 负责人, 经营者, 投资人,
    执行事务合伙人; 法人 and 姓名 only before a colon or white space)."""
    return _without(_PERSON, value)


def holder_name(value: Any) -> Any:
    """A holder's (or seller's) name printed with its label (名称, 企业名称, 经营者名称,
    持证主体, 姓名 …) before a colon or white space."""
    return _without(_HOLDER, value)


def subject_type(value: Any) -> Any:
    """A subject type printed with its label: a business licence's ``类型 有限责任公司…``."""
    return _without(_SUBJECT_TYPE, value)
