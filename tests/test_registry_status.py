"""Registration statuses: the registries' spellings → RegistryStatus; unknown is never active."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from qualcheck.registries import RegistryRecord, RegistryStatus, normalize_status

A, R, C = RegistryStatus.ACTIVE, RegistryStatus.REVOKED, RegistryStatus.CANCELLED
M, L, S, U = (
    RegistryStatus.MOVED_OUT,
    RegistryStatus.LIQUIDATING,
    RegistryStatus.SUSPENDED,
    RegistryStatus.UNKNOWN,
)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("存续", A),
        ("在业", A),
        ("开业", A),
        ("在营", A),
        ("正常", A),
        ("仍注册", A),  # Hong Kong registry wording
        ("存续（在营、开业、在册）", A),  # the exact-match whitelist bug: must be active
        ("存续(在营、开业、在册)", A),  # half-width brackets
        ("在营（开业）企业", A),
        ("登记成立", A),
        ("1", A),  # GSXT state code
        ("Active", A),
        ("In Business", A),
        ("吊销，未注销", R),
        ("吊销,未注销", R),  # half-width comma
        ("吊销", R),
        ("吊销企业", R),
        ("撤销登记", R),
        ("2", R),
        ("5", R),
        ("吊销，已注销", C),
        ("注销", C),
        ("注销企业", C),
        ("已注销", C),
        ("3", C),
        ("4", C),
        ("Deregistered", C),
        ("迁出", M),
        ("迁往外省市", M),
        ("6", M),
        ("清算中", L),
        ("停业", S),
        ("歇业", S),
        ("非正常户", U),  # contains 正常 but is not
        ("经营异常", U),
        ("不在营", U),
        ("其他", U),
        ("9", U),
        ("", U),
        ("   ", U),
        (None, U),
        ("inactive", U),
        ("unregistered", U),
        ("？？", U),
    ],
)
def test_status_spellings(raw: object, status: RegistryStatus) -> None:
    assert normalize_status(raw) is status


def test_full_width_and_spaces_do_not_matter() -> None:
    assert normalize_status(" 存 续 ") is A
    assert normalize_status("ＡＣＴＩＶＥ") is A


@given(st.text(max_size=12))
def test_ended_words_always_win(noise: str) -> None:
    # noise that negates the word (未, 没有, not …) or says it is under way (正在, 拟, 待,
    # 申请) changes what the status says: that is the negation rule, tested above
    folded = unicodedata.normalize("NFKC", noise).lower()
    assume(not any(mark in folded for mark in "未没无尚并拟待申正") and "no" not in folded)
    for word, status in (("注销", C), ("吊销", R)):
        found = normalize_status(f"存续{noise}{word}")
        assert found is not A
        assert found in (status, C, R)  # 吊销…注销 mixes read as the harsher one


@given(st.text(max_size=20))
def test_never_raises_and_unknown_text_is_not_active(text: str) -> None:
    status = normalize_status(text)
    assert isinstance(status, RegistryStatus)


def test_record_keeps_the_raw_spelling() -> None:
    record = RegistryRecord(status="吊销,未注销", source="x")  # type: ignore[arg-type]
    assert record.status is R
    assert record.status_raw == "吊销,未注销"
    assert RegistryRecord(source="x").status is U


@pytest.mark.parametrize("status", [["1"], {"v": "存续"}, ("存续",), True, 1.5])
def test_a_status_that_is_not_text_is_unknown(status: object) -> None:
    from qualcheck.registries import RegistryRecord, RegistryStatus

    record = RegistryRecord(name="示例有限公司", status=status, source="test")
    assert record.status is RegistryStatus.UNKNOWN
    assert record.status_raw is not None
