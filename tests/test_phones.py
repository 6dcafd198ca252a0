"""Contact phone numbers: E.164 normalisation, type, findings and masking.

Every number here is fictional: 138-0013-8000 is the customary Chinese example number,
010-12345678 and the foreign numbers are libphonenumber's own example numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcheck import ConfigError, InvalidFormat, Severity
from qualcheck._codes import lookup
from qualcheck.phones import mask_phone, normalize_phone, phone_findings, phone_type

MOBILE = "+8613800138000"
BEIJING = "+861012345678"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("13800138000", MOBILE),  # mobile, digits only
        ("138 0013 8000", MOBILE),  # grouped with spaces
        ("138-0013-8000", MOBILE),  # grouped with hyphens
        ("+86 138 0013 8000", MOBILE),  # international
        ("+8613800138000", MOBILE),  # already E.164
        ("0086 13800138000", MOBILE),  # international prefix 00
        ("0086-138-0013-8000", MOBILE),  # international prefix, hyphens
        ("+86-13800138000", MOBILE),  # hyphen after the country code
        ("１３８００１３８０００", MOBILE),  # full-width digits
        ("＋８６ １３８ ００１３ ８０００", MOBILE),  # full-width plus, ideographic spaces
        ("tel:+86-138-0013-8000", MOBILE),  # RFC 3966 URI
        ("010-12345678", BEIJING),  # Beijing landline with its trunk prefix
        ("(010)12345678", BEIJING),  # area code in brackets
        ("（010）1234-5678", BEIJING),  # full-width brackets
        ("010 1234 5678", BEIJING),  # spaces
        ("+86 10 1234 5678", BEIJING),  # international landline
        ("+86 (10) 12345678", BEIJING),  # area code in brackets after the country code
        ("010-12345678转8001", BEIJING),  # extension (转) dropped: E.164 has none
        ("010-12345678 分机 8001", BEIJING),  # extension (分机)
        ("010-12345678 ext. 8001", BEIJING),  # extension, English
        ("0755-12345678", "+8675512345678"),  # Shenzhen: three-digit area code
        ("021-5555 6666", "+862155556666"),  # Shanghai
        ("400-800-8888", "+864008008888"),  # 400 business number
        ("+852 5123 4567", "+85251234567"),  # Hong Kong mobile
        ("00852 5123 4567", "+85251234567"),  # Hong Kong, 00 prefix
        ("+1 201-555-0123", "+12015550123"),  # United States
        ("+44 7400 123456", "+447400123456"),  # United Kingdom mobile
    ],
)
def test_normalize_phone(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("5123 4567", "HK", "+85251234567"),  # a Hong Kong number dialled in Hong Kong
        ("201-555-0123", "US", "+12015550123"),  # a US number dialled in the US
        ("+86 138 0013 8000", "US", MOBILE),  # with a country code the region does not matter
    ],
)
def test_normalize_phone_other_regions(raw: str, region: str, e164: str) -> None:
    assert normalize_phone(raw, region) == e164


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("12345", "local_only"),  # too short to be anything but a local number
        ("+86 10 1234", "local_only"),  # area code and four digits
        ("1380013800", "not_assigned"),  # a mobile with a digit missing
        ("138001380001", "not_assigned"),  # a mobile with a digit too many
        ("12345678", "not_assigned"),  # eight digits and no area code
        ("+999 123 4567", "invalid_country_code"),  # no country +999
        ("hello", "not_a_number"),  # letters
        ("", "not_a_number"),  # empty
        ("   ", "not_a_number"),  # white space
        ("1" * 20, "too_long"),  # far too long
        ("1" * 100, "too_long"),  # longer than any input we parse
        ("+86 " + "1" * 18, "too_long"),  # too long after the country code
    ],
)
def test_invalid_numbers(raw: str, reason: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        normalize_phone(raw)
    exc = info.value
    assert exc.code == "phone.invalid"
    assert exc.ctx["reason"] == reason
    assert exc.message
    assert exc.message_zh
    digits = "".join(char for char in raw if char.isdigit())
    if len(digits) >= 5:  # the number never appears in messages or ctx
        for text in (exc.message, exc.message_zh, *map(str, exc.ctx.values())):
            assert digits not in text


@pytest.mark.parametrize("value", [None, 13800138000, b"13800138000"])
def test_non_text_is_invalid(value: object) -> None:
    with pytest.raises(InvalidFormat) as info:
        normalize_phone(value)  # type: ignore[arg-type]
    assert info.value.code == "phone.invalid"
    assert info.value.ctx["reason"] == "not_text"


def test_unknown_region_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'XX'"):
        normalize_phone("13800138000", "XX")


def test_codes() -> None:
    invalid = lookup("phone.invalid")
    assert invalid.severity is Severity.ERROR
    assert invalid.rule is None
    not_chinese = lookup("phone.not_chinese")
    assert not_chinese.severity is Severity.WARNING
    assert not_chinese.rule is not None
    assert "mainland" in not_chinese.rule
    for entry in (invalid, not_chinese):
        assert entry.en
        assert entry.zh


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (MOBILE, "mobile"),  # E.164 mobile
        ("138-0013-8000", "mobile"),  # raw mobile
        (BEIJING, "landline"),  # E.164 landline
        ("0755-12345678", "landline"),  # raw landline
        ("400-800-8888", "other"),  # 400 business number
        ("+852 5123 4567", "mobile"),  # Hong Kong mobile
        ("+852 2123 4567", "landline"),  # Hong Kong landline
        ("+1 201-555-0123", "other"),  # US: fixed line or mobile, cannot tell
    ],
)
def test_phone_type(raw: str, expected: str) -> None:
    assert phone_type(raw) == expected


def test_phone_type_rejects_invalid() -> None:
    with pytest.raises(InvalidFormat):
        phone_type("12345")


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        ("13800138000", []),  # mainland mobile
        ("010-12345678", []),  # mainland landline
        ("400-800-8888", []),  # mainland business number
        ("+852 5123 4567", ["phone.not_chinese"]),  # Hong Kong is not mainland
        ("+853 6612 3456", ["phone.not_chinese"]),  # Macao
        ("+886 912 345 678", ["phone.not_chinese"]),  # Taiwan
        ("+1 201-555-0123", ["phone.not_chinese"]),  # United States
        ("12345", ["phone.invalid"]),  # invalid
        (None, ["phone.invalid"]),  # missing
        (object(), ["phone.invalid"]),  # junk never raises
    ],
)
def test_phone_findings(raw: object, codes: list[str]) -> None:
    findings = phone_findings(raw)
    assert [finding.code for finding in findings] == codes
    for finding in findings:
        assert finding.message
        assert finding.message_zh
        assert "5123" not in finding.message + finding.message_zh + str(finding.ctx)


def test_not_chinese_names_the_country_code_only() -> None:
    (finding,) = phone_findings("+852 5123 4567")
    assert finding.ctx == {"country_code": 852}
    assert finding.severity is Severity.WARNING
    assert finding.rule is not None
    assert "+852" in finding.message


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13800138000", "+86138****8000"),  # mobile: first 3 and last 4
        ("+86 138 0013 8000", "+86138****8000"),  # international input
        ("１３８００１３８０００", "+86138****8000"),  # full-width
        ("010-12345678", "+8610****5678"),  # Beijing landline: area code and last 4
        ("0755-12345678", "+86755****5678"),  # Shenzhen landline
        ("400-800-8888", "+8640****8888"),  # 10-digit 400 number: at least 4 hidden
        ("+852 5123 4567", "+852****4567"),  # Hong Kong: short number, 4 hidden
        ("1380013800", "13****3800"),  # invalid: digits masked, 4 hidden
        ("+999 123 4567", "+99****4567"),  # invalid country code: digits masked
        ("12345", "****5"),  # short invalid number: only the last digit kept
        ("1234", "****"),  # four digits: all hidden
        ("hello", ""),  # no digits
        ("", ""),  # empty
        (None, ""),  # None
        (13800138000, "+86138****8000"),  # an int
        (b"13800138000", "+86138****8000"),  # bytes: read from their str()
        ("x" * 1000 + "13800138000", ""),  # long junk: the digits are beyond the limit
    ],
)
def test_mask_phone(value: object, masked: str) -> None:
    assert mask_phone(value) == masked


def test_mask_phone_never_raises() -> None:
    for junk in (object(), [1, 2, 3], 3.5, "😀", "\x00", "+", "++86", float("nan")):
        assert isinstance(mask_phone(junk), str)


@settings(max_examples=500, deadline=None)
@given(
    digits=st.text(alphabet="0123456789", min_size=9, max_size=12),
    prefix=st.sampled_from(["", "0", "1", "+86", "0086", "+86 ", "(0", "01"]),
    separator=st.sampled_from(["", " ", "-"]),
)
def test_plain_mainland_fast_path_agrees_with_libphonenumber(
    digits: str, prefix: str, separator: str
) -> None:
    import phonenumbers

    from qualcheck.phones import _parse, _plain_cn

    raw = prefix + digits[:3] + separator + digits[3:]
    fast = _plain_cn(raw)
    if fast is None:
        return
    number = _parse(raw, "CN")
    assert fast == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("13800138000", "+8613800138000"),  # plain mobile
        ("+86 138-0013-8000", "+8613800138000"),  # with country code and separators
        ("0086 13800138000", "+8613800138000"),
        ("010-12345678", "+861012345678"),  # Beijing landline with trunk prefix
        ("(0755)12345678", "+8675512345678"),
    ],
)
def test_plain_mainland_forms_take_the_fast_path(raw: str, e164: str) -> None:
    from qualcheck.phones import _plain_cn

    assert _plain_cn(raw) == e164
    assert normalize_phone(raw) == e164
