"""Contact phone numbers: normalised to E.164, typed, masked for logs.

Sellers write phone numbers in many ways: ``138-0013-8000``, ``+86 138 0013 8000``,
``0086 13800138000``, ``(010)12345678``, ``010-12345678``, with full-width digits or
brackets, with an extension (``转 8001``, ``010-12345678-8001``) or a note
(``（张先生）``).  :func:`normalize_phone` turns them into E.164 (``+8613800138000``) with
Google's libphonenumber rules (the ``phonenumbers`` package, imported only when a function
needs it: it is slow to import); an extension is dropped, E.164 has no room for it.

Two finding codes are defined here: ``phone.invalid`` (error; libphonenumber says the
number cannot exist) and ``phone.not_chinese`` (warning, a soft rule: a seller's contact
number is expected to be a mainland number).  Phone numbers are personal data: they never
go into a finding's ``ctx`` or message, and :func:`mask_phone` is the form for logs.

The numbers below are fictional: 138-0013-8000 is the customary example number, the
others are libphonenumber's own examples.

>>> normalize_phone("（010）1234-5678")
'+861012345678'
>>> normalize_phone("+86 １３８ ００１３ ８０００")
'+8613800138000'
>>> phone_type("+8613800138000"), phone_type("010-12345678")
('mobile', 'landline')
>>> mask_phone("138 0013 8000"), mask_phone("010-12345678")
('+86138****8000', '+8610****5678')
>>> normalize_phone("12345")
Traceback (most recent call last):
    ...
qualcheck.exceptions.InvalidFormat: Not a valid phone number: it is too short; ...
>>> [f.code for f in phone_findings("+1 201-555-0123")]
['phone.not_chinese']
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from typing import TYPE_CHECKING, Literal

from qualcheck._codes import Code, Finding, Severity, define, type_zh
from qualcheck.exceptions import ConfigError, InvalidFormat

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

__all__ = ["PhoneType", "mask_phone", "normalize_phone", "phone_findings", "phone_type"]

CODES = define(
    Code(
        "phone.invalid",
        Severity.ERROR,
        "Not a valid phone number: {detail}.",
        "不是有效的电话号码：{detail_zh}。",
    ),
    Code(
        "phone.not_chinese",
        Severity.WARNING,
        "The contact number is not a mainland China number (country code +{country_code}).",
        "联系电话不是中国大陆号码（国家和地区代码 +{country_code}）。",
        rule="a seller's contact number is expected to be a mainland China number",
    ),
)

PhoneType = Literal["mobile", "landline", "other"]
"""What :func:`phone_type` returns."""

_MAX_LENGTH = 64
# Chinese words for "extension" → a form libphonenumber reads as one.
_EXTENSION = re.compile(r"\s*(?:转|轉|分机|分機)\s*")
# (reason, English detail, Chinese detail), by libphonenumber's parse error type.
_PARSE_ERRORS = {
    0: ("invalid_country_code", "the country code is not valid", "国家和地区代码无效"),
    1: ("not_a_number", "it does not look like a phone number", "看起来不像电话号码"),
    2: ("too_short", "it is too short after the international prefix", "国际冠码后的号码过短"),
    3: ("too_short", "it is too short", "号码过短"),
    4: ("too_long", "it is too long", "号码过长"),
}
# The same for a number that parses but is not valid, by libphonenumber's ValidationResult.
_NOT_VALID = {
    1: _PARSE_ERRORS[0],
    2: _PARSE_ERRORS[3],
    3: _PARSE_ERRORS[4],
    4: ("local_only", "it is too short; the area code may be missing", "号码过短，可能缺少区号"),
    5: ("invalid_length", "it has the wrong number of digits", "位数不正确"),
}
_NOT_ASSIGNED = ("not_assigned", "no such number is in its numbering plan", "号码不在编号计划内")
_SEVERAL = ("several_numbers", "it holds more than one number", "包含多个号码")
# Where records put a second number: 13800138000/13900139000, …；…, … 或 …
_NUMBER_SEPARATORS = re.compile(r"[/,;、|]|或|和|及")
_MIN_NUMBER_DIGITS = 7  # a part with fewer digits is an extension or a note, not a number
# … or only a space (``13800138000 13900139000``, ``手机13800138000 座机010-12345678``):
# there two parts of 10 digits or more (a mobile, a landline with its area code) are two
# numbers, which no grouping of one number (``0086130 12340000``, 7 and 8) reaches
_SPACES = re.compile(r"\s+")
_MIN_WHOLE_NUMBER_DIGITS = 10
# A note in brackets without a digit (``138 0013 8000（张先生）``) says nothing about the number.
_NOTE = re.compile(r"\([^0-9()]*\)|【[^0-9【】]*】|\[[^0-9\[\]]*\]")
# … and so does one after the number without brackets (``13800138000 张先生``): Chinese
# text and no digit to the end (an extension, ``转 8001``, has digits and stays)
_TRAILING_NOTE = re.compile(r"(?<=[0-9])[\s,;:]*[\u3400-\u4dbf\u4e00-\u9fff][^0-9]*$")
# 总机-分机: a mainland landline with its area code, a hyphen and an extension.
# A mainland local number: 7 or 8 digits, the first not 0 or 1 (GB/T 5800 numbering).
_LOCAL_CN = re.compile(r"[2-9][0-9]{6,7}")
_HYPHEN_EXTENSION = re.compile(r"(\(?0[1-9][0-9]{1,2}\)?[ -]?[0-9]{7,8})-([0-9]{1,6})")


def _invalid(reason: tuple[str, str, str]) -> InvalidFormat:
    return InvalidFormat("phone.invalid", reason=reason[0], detail=reason[1], detail_zh=reason[2])


@functools.cache
def _check_region(region: str) -> str:
    import phonenumbers

    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigError(f"unknown region {region!r}: expected an ISO 3166 code such as 'CN'")
    return region


def _digit_count(text: str) -> int:
    return sum(1 for char in text if "0" <= char <= "9")


def _several_numbers(text: str) -> bool:
    """True when ``text`` holds two numbers: two parts of 7 digits or more between
    punctuation or words (``/``, ``；``, ``或``), or two of 10 or more between spaces."""
    parts = _NUMBER_SEPARATORS.split(text)
    if sum(1 for part in parts if _digit_count(part) >= _MIN_NUMBER_DIGITS) > 1:
        return True
    parts = _SPACES.split(text)
    return sum(1 for part in parts if _digit_count(part) >= _MIN_WHOLE_NUMBER_DIGITS) > 1


def _parse(raw: object, region: str) -> PhoneNumber:
    """Parse and validate, or raise ``InvalidFormat("phone.invalid")``."""
    import phonenumbers

    _check_region(region)
    if not isinstance(raw, str):
        type_name = type(raw).__name__
        raise _invalid(
            ("not_text", f"expected text, got {type_name}", f"应为文本，实际为{type_zh(raw)}")
        )
    if len(raw) > _MAX_LENGTH:
        raise _invalid(_PARSE_ERRORS[4])
    text = _TRAILING_NOTE.sub("", _NOTE.sub(" ", unicodedata.normalize("NFKC", raw)).rstrip())
    # two numbers in one field are not one number (libphonenumber would read the second
    # after a ";" as the first's extension)
    if _several_numbers(text.removeprefix("tel:").split(";ext=")[0]):
        raise _invalid(_SEVERAL)
    text = _EXTENSION.sub(" ext. ", text)
    hyphenated = _HYPHEN_EXTENSION.fullmatch(text.strip()) if region == "CN" else None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise _invalid(_PARSE_ERRORS.get(exc.error_type, _PARSE_ERRORS[1])) from None
    if not phonenumbers.is_valid_number(number):
        if hyphenated is not None:  # 010-12345678-801: the last group is the extension
            return _parse(f"{hyphenated[1]} ext. {hyphenated[2]}", region)
        if region == "CN" and _LOCAL_CN.fullmatch(text.translate(_SEPARATORS).strip()):
            raise _invalid(_NOT_VALID[4])  # 7 or 8 digits: a landline without area code
        possible = phonenumbers.is_possible_number_with_reason(number)
        raise _invalid(_NOT_VALID.get(possible, _NOT_ASSIGNED))
    return number


_PLAIN = re.compile(r"(?:\+86|0086)?(1[0-9]{10})|0([1-9][0-9]{8,10})")
_SEPARATORS = str.maketrans("", "", " -()")


@functools.cache
def _cn_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """libphonenumber's own CN patterns: general, mobile and fixed-line national numbers."""
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None
    assert metadata.general_desc is not None
    assert metadata.mobile is not None
    assert metadata.fixed_line is not None
    return (
        re.compile(str(metadata.general_desc.national_number_pattern)),
        re.compile(str(metadata.mobile.national_number_pattern)),
        re.compile(str(metadata.fixed_line.national_number_pattern)),
    )


def _plain_cn(raw: object) -> str | None:
    """E.164 for a plainly written mainland mobile (``13800138000``, ``+86 138…``) or
    landline with its trunk prefix (``010-12345678``), judged by libphonenumber's own CN
    patterns without a full parse; ``None`` for anything else (the full parse decides)."""
    if not isinstance(raw, str) or not raw.isascii():
        return None
    match = _PLAIN.fullmatch(raw.translate(_SEPARATORS))
    if match is None:
        return None
    general, mobile, fixed = _cn_patterns()
    national = match.group(1) or match.group(2)
    pattern = mobile if match.group(1) else fixed
    if general.fullmatch(national) and pattern.fullmatch(national):
        return "+86" + national
    return None


def normalize_phone(raw: str, region: str = "CN") -> str:
    """The E.164 form of ``raw`` (``+8613800138000``), or raise ``InvalidFormat``.

    ``region`` is where a number written without country code is dialled from
    (``"CN"``: ``010-12345678`` is a Beijing landline).  The error's code is
    ``phone.invalid``, with the machine reason in ``ctx["reason"]``: ``not_text``,
    ``not_a_number``, ``invalid_country_code``, ``too_short``, ``too_long``,
    ``invalid_length``, ``local_only`` (a landline without its area code),
    ``not_assigned`` (possible length, but outside the numbering plan) or
    ``several_numbers`` (``13800138000/13900139000``: which one is meant is not guessed).
    A note without a digit, in brackets (``（张先生）``) or in Chinese after the number
    (``13800138000 张先生``), is ignored, and so is an extension:
    ``转 801``, ``ext. 801``, or in ``CN`` a hyphenated last group after a landline with
    its area code (``010-12345678-801``).
    An unknown ``region`` raises :class:`~qualcheck.exceptions.ConfigError`.

    >>> normalize_phone("0086-138-0013-8000")
    '+8613800138000'
    >>> normalize_phone("010-12345678转8001")
    '+861012345678'
    """
    if region == "CN":
        plain = _plain_cn(raw)
        if plain is not None:
            return plain
    import phonenumbers

    return phonenumbers.format_number(_parse(raw, region), phonenumbers.PhoneNumberFormat.E164)


def phone_type(number: str, region: str = "CN") -> PhoneType:
    """``"mobile"``, ``"landline"`` or ``"other"`` (toll-free, 400 numbers, VoIP …).

    Takes E.164 or anything :func:`normalize_phone` accepts, and raises like it.
    Numbers that may be either kind (as in the United States) are ``"other"``.

    >>> phone_type("400-800-8888")
    'other'
    """
    import phonenumbers

    kind = phonenumbers.number_type(_parse(number, region))
    if kind == phonenumbers.PhoneNumberType.MOBILE:
        return "mobile"
    if kind == phonenumbers.PhoneNumberType.FIXED_LINE:
        return "landline"
    return "other"


def phone_findings(raw: object, region: str = "CN") -> tuple[Finding, ...]:
    """The findings about a seller's contact number; empty for a valid mainland number.

    ``phone.invalid`` when the number is not valid, ``phone.not_chinese`` when it is a
    valid number outside mainland China (Hong Kong, Macao and Taiwan included).  Never
    raises for bad input.

    >>> phone_findings("13800138000")
    ()
    >>> [(f.code, f.ctx["reason"]) for f in phone_findings("138 0013 800")]
    [('phone.invalid', 'not_assigned')]
    """
    if region == "CN" and _plain_cn(raw) is not None:
        return ()
    import phonenumbers

    try:
        number = _parse(raw, region)
    except InvalidFormat as exc:
        return (exc.to_finding(),)
    if phonenumbers.region_code_for_number(number) != "CN":
        return (Finding.of("phone.not_chinese", country_code=number.country_code),)
    return ()


def _mask_digits(digits: str, keep_start: int) -> str:
    """Hide at least four digits (more in long numbers); keep at most the last four."""
    hidden = max(4, len(digits) - keep_start - 4)
    keep_end = min(4, max(0, len(digits) - hidden))
    keep_start = max(0, min(keep_start, len(digits) - hidden - keep_end))
    masked = len(digits) - keep_start - keep_end
    return digits[:keep_start] + "*" * masked + digits[keep_start + masked :]


def _mask_valid(text: str, region: str) -> str:
    import phonenumbers

    number = _parse(text, region)
    national = phonenumbers.national_significant_number(number)
    keep = 3
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE:
        keep = phonenumbers.length_of_geographical_area_code(number) or 3
    return f"+{number.country_code}{_mask_digits(national, keep)}"


def _mask_any(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text[:_MAX_LENGTH])
    digits = "".join(char for char in folded if "0" <= char <= "9")
    if not digits:
        return ""
    return ("+" if folded.lstrip().startswith("+") else "") + _mask_digits(digits, 3)


def mask_phone(value: object, region: str = "CN") -> str:
    """The number with its middle hidden, for logs: ``+86138****8000``.

    A valid number keeps its country code, the first 3 digits of a mobile (the area
    code of a landline) and the last 4.  Anything else — invalid numbers, junk,
    ``None`` — keeps at most its first 3 and last 4 digits, at least 4 hidden; this
    never raises.

    >>> mask_phone("+86 755 1234 5678"), mask_phone("138-0013-800"), mask_phone(None)
    ('+86755****5678', '13****3800', '')
    """
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)  # 13800138000.0, as a spreadsheet stores a number: its digits
    text = value if isinstance(value, str) else str(value)
    try:
        return _mask_valid(text, region)
    except Exception:  # masking is for logs: it must never fail
        return _mask_any(text)
