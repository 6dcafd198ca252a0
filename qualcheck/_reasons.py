"""Why a value could not be read, in English and in Chinese.

The ``record.*`` findings quote a reason (a date that does not exist, a value of the
wrong type …).  Sellers read the Chinese message, so the reason is given in both
languages: the models raise :class:`~qualcheck.exceptions.UnreadableValue`, which
carries both; pydantic's own
error types and JSON syntax errors are put into Chinese here; field names get their
Chinese labels (``issue_date`` → 发证日期).  Anything not known here keeps its English
text in the Chinese message rather than losing it.

>>> field_label_zh("issue_date"), field_label_zh("food_business.2.valid_to")
('发证日期', '食品经营许可证.2.有效期至')
>>> pydantic_reason_zh({"type": "string_type", "ctx": {}})
'应为文本'
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from qualcheck.exceptions import UnreadableValue

__all__ = ["field_label_zh", "json_reason_zh", "pydantic_reason_zh", "registry_reason_zh"]


_FIELDS_ZH = {
    "address": "地址",
    "annual_turnover_yuan": "年营业额（元）",
    "business_form": "主体业态",
    "business_mode": "经营方式",
    "categories": "经营类目",
    "contact_phone": "联系电话",
    "declared_annual_turnover_yuan": "申报年营业额（元）",
    "documents": "证照",
    "entity_type": "类型",
    "established_on": "成立日期",
    "food_categories": "食品类别",
    "holder_name": "持证主体名称",
    "holder_uscc": "持证主体统一社会信用代码",
    "id_number": "证件号码",
    "id_type": "证件类型",
    "issue_date": "发证日期",
    "issuing_authority": "发证机关",
    "kind": "证照类型",
    "last_verified_at": "上次核验日期",
    "legal_representative": "法定代表人（负责人）",
    "long_term": "长期有效",
    "merchant_id": "商户编号",
    "name": "名称",
    "network_operation": "网络经营",
    "number": "证照编号",
    "platform": "平台",
    "record": "记录",
    "row": "该行",
    "scope": "经营范围（许可范围）",
    "shop_id": "店铺编号",
    "shops": "店铺",
    "subject_type": "主体类型",
    "uscc": "统一社会信用代码",
    "valid_from": "有效期起",
    "valid_to": "有效期至",
    "validity": "有效期",
    # document kinds, as in CSV column prefixes (food_business.valid_to)
    "business_license": "营业执照",
    "food_business": "食品经营许可证",
    "food_filing": "仅销售预包装食品备案",
    "food_production": "食品生产许可证",
    "drug_business": "药品经营许可证",
    "drug_info": "互联网药品信息服务资格证书",
    "device_business": "医疗器械经营许可证（备案凭证）",
    "cnca": "认证机构批准书",
    "cma": "检验检测机构资质认定证书",
    "identity": "身份证件",
}


def field_label_zh(name: str) -> str:
    """The Chinese label of a field or a CSV column (each dotted part translated, a
    field's camelCase spelling too; unknown parts kept as written).

    >>> field_label_zh("validTo"), field_label_zh("ValidTo")
    ('有效期至', 'ValidTo')
    """
    return ".".join(_FIELDS_ZH.get(part) or _camel_label(part) for part in name.split("."))


_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])([A-Z])")


def _camel_label(part: str) -> str:
    """The label of the field ``part`` is the exact camelCase spelling of, else ``part``."""
    snake = _CAMEL_HUMP.sub(r"_\1", part).lower()
    first, *rest = snake.split("_")
    if first + "".join(word.capitalize() for word in rest) != part:  # holderUSCC: no field's
        return part
    return _FIELDS_ZH.get(snake, part)


_PYDANTIC_ZH = {
    "string_type": "应为文本",
    "string_sub_type": "应为文本",
    "string_unicode": "应为有效的Unicode文本",
    "string_too_short": "至少应有{min_length}个字符",
    "string_too_long": "最多{max_length}个字符",
    "string_pattern_mismatch": "格式不符",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_parsing_size": "整数超出范围",
    "int_from_float": "应为整数，不能有小数部分",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_type": "应为是或否（true/false）",
    "bool_parsing": "应为是或否（true/false）",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "set_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "dataclass_type": "应为对象",
    "too_short": "至少应有{min_length}项",
    "too_long": "最多{max_length}项",
    "extra_forbidden": "不是可识别的字段",
    "date_type": "应为日期",
    "date_parsing": "不是有效的日期",
    "date_from_datetime_parsing": "不是有效的日期",
    "date_from_datetime_inexact": "应为日期，不能带时间",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "不是有效的日期时间",
    "greater_than": "应大于{gt}",
    "greater_than_equal": "应不小于{ge}",
    "less_than": "应小于{lt}",
    "less_than_equal": "应不大于{le}",
    "recursion_loop": "数据中存在循环引用",
    "none_required": "应为空",
    "validity_conflict": "{field_zh}填写了两次且不一致：有效期中为{first}，单独填写为{second}",
    "identity_type": "不是可识别的证件类型，应为以下之一：{expected_zh}",
}


_CHOICE = re.compile(r"'([^']*)'")


def _choices_zh(expected: str) -> str:
    """pydantic's list of accepted values (``'a', 'b' or 'c'``) as a Chinese list; the
    values of a kind of subject by their Chinese names, which the field accepts too.

    >>> _choices_zh("'enterprise', 'branch' or 'other'")
    '企业、分支机构、其他组织'
    >>> _choices_zh("'a', 'b' or 'c'")
    "'a'、'b'、'c'"
    """
    from qualcheck.models.merchant import SubjectType

    values = _CHOICE.findall(expected)
    subjects = {member.value: member.label_zh for member in SubjectType}
    if values and all(value in subjects for value in values):
        return "、".join(subjects[value] for value in values)
    return expected.replace(" or ", "、").replace(", ", "、")


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def pydantic_reason_zh(error: Mapping[str, Any]) -> str | None:
    """The Chinese reason of one pydantic error (an item of ``ValidationError.errors()``),
    ``None`` when none is known: an :class:`~qualcheck.exceptions.UnreadableValue`'s own,
    or the error type's."""
    ctx = error.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, UnreadableValue):
        return cause.message_zh
    zh = ctx.get("reason_zh")
    if isinstance(zh, str):
        return zh
    template = _PYDANTIC_ZH.get(str(error.get("type")))
    if template is None:
        return None
    values = _Blank({key: value for key, value in ctx.items() if key != "error"})
    if isinstance(values.get("expected"), str):  # pydantic's "'a', 'b' or 'c'"
        values["expected"] = _choices_zh(values["expected"])
    if "field" in values:
        values["field_zh"] = field_label_zh(str(values["field"]))
    return template.format_map(values)


_JSON_ZH = (
    ("Expecting property name enclosed in double quotes", "此处应为以双引号括起的属性名"),
    ("Expecting value", "此处应为一个值"),
    ("Expecting ',' delimiter", "此处缺少逗号分隔符"),
    ("Expecting ':' delimiter", "此处缺少冒号分隔符"),
    ("Unterminated string starting at", "字符串没有结束"),
    ("Invalid control character at", "含有无效的控制字符"),
    ("Invalid \\escape", "含有无效的转义序列"),
    ("Invalid \\uXXXX escape", "含有无效的\\uXXXX转义"),
    ("Extra data", "JSON值之后还有多余内容"),
    ("Illegal trailing comma before end of object", "对象末尾多了逗号"),
    ("Illegal trailing comma before end of array", "数组末尾多了逗号"),
    ("Unexpected UTF-8 BOM", "文本开头有多余的UTF-8字节顺序标记（BOM）"),
)
_UNDECODABLE = re.compile(r"'([A-Za-z0-9_-]+)' codec can't decode")


def json_reason_zh(exc: Exception) -> str:
    """The Chinese reason of a JSON syntax error (with its line and column), or of bytes
    that are not UTF-8; other errors keep their English text.

    >>> import json
    >>> try:
    ...     json.loads('{"a": 1,}')
    ... except ValueError as exc:
    ...     print(json_reason_zh(exc))
    第1行第9列：此处应为以双引号括起的属性名
    """
    if isinstance(exc, json.JSONDecodeError):
        for english, chinese in _JSON_ZH:
            if exc.msg.startswith(english):
                return f"第{exc.lineno}行第{exc.colno}列：{chinese}"
        return f"第{exc.lineno}行第{exc.colno}列：不符合JSON语法"
    if isinstance(exc, UnicodeDecodeError):
        return f"不是{_codec_name(exc.encoding)}编码的文本"
    undecodable = _UNDECODABLE.search(str(exc))
    if undecodable is not None:
        return f"不是{_codec_name(undecodable[1])}编码的文本"
    if isinstance(exc, RecursionError):
        return "嵌套层级过深，无法读取"
    return str(exc)


def _codec_name(codec: str) -> str:
    """A codec as people write it: ``utf-16-le`` → UTF-16, ``gb18030`` → GB18030."""
    name = codec.upper().replace("_", "-")
    for suffix in ("-LE", "-BE", "-SIG"):
        name = name.removesuffix(suffix)
    return name


_REGISTRY_ZH = {
    "timeout": "超时",
    "connect_error": "无法连接",
    "connection_reset": "连接中断",
    "rate_limited": "请求过于频繁，被限流",
    "malformed": "返回内容无法解析",
    "wrong_content_type": "返回内容类型不符",
    "oversized": "返回内容过大",
    "bad_request": "请求被拒绝",
    "provider_error": "数据源出错",
    "registry_error": "数据源出错",
    "unavailable": "数据源不可用",
    "circuit_open": "近期连续失败，已暂停查询（熔断）",
    "auth": "认证失败",
    "quota": "查询额度已用尽",
    "forbidden": "无权访问",
    "ambiguous": "按名称查到多个主体，请按统一社会信用代码查询",
    "unidentified": "返回的主体未载明所查询的统一社会信用代码或注册号",
}


def registry_reason_zh(reason: str | None) -> str | None:
    """The Chinese for a registry failure's stable ``reason`` word (``timeout``,
    ``http_503`` …); ``None`` for a word not known here.

    >>> registry_reason_zh("timeout"), registry_reason_zh("http_503")
    ('超时', 'HTTP状态码503')
    """
    if reason is None:
        return None
    word = reason.strip().lower()
    if word.startswith("http_") and word[5:].isascii() and word[5:].isdigit():
        return f"HTTP状态码{word[5:]}"
    return _REGISTRY_ZH.get(word)
