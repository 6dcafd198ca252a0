"""Audit: seller records built from OCR of licence photos and from scraped or exported
licence text.

Chinese platforms onboard a seller by photographing the 营业执照, 食品经营许可证,
药品经营许可证, 医疗器械经营许可证/备案凭证 and 身份证, running OCR, and handing the fields —
often the printed label with its value — to their verification code.  OCR keeps what the
document prints and adds its own noise: dates without zero padding or with spaces
(``2020 年 1 月 1 日``), full-width digits, Chinese numerals on some certificates, ``曰``
for ``日``; numbers broken by spaces and line breaks, in lower case, with the label printed
next to them (the business licence prints 统一社会信用代码 and the identity card 公民身份号码
*without* a colon); names with the label in front (``法定代表人：张三``, ``名称 …``) or a line
break inside; scopes over several lines, numbered, with the registration boilerplate.

Contract: docs/models.md (fields, "Values as OCR reads them", "Dates and validity"),
docs/types.md "Dates" and "Validity periods", docs/numbers/index.md "Printed labels",
docs/verify.md (codes, paths, fail closed, privacy), docs/batch.md (CSV columns) and the
reference /work/shared/reference/domain.md (GB 32100 charset without I O S V Z; GB 11643;
card terms by age).  Each test asserts the decision and the findings (code and path).

What must hold: a legitimate OCR form the docs accept is read, and read right; anything
unreadable is a clear finding naming the field (``record.invalid_value`` at the path, or
the number's own code at the position of the bad character) and never a PASS; a label is
dropped only where it names the field being read (``有效期至：…`` is no issue date); no
crash; resident-ID numbers stay out of reprs and reports.

Defects this audit found and fixed (their tests stay as regression tests):

* a scope line wrapped by OCR inside an item (``散装食品\\n销售（不含散装熟食）``) was split
  at the line break, leaving the exclusion on a fragment: the seller of the excluded goods
  PASSED (``test_a_wrapped_scope_line_keeps_its_exclusion``);
* ``统一社会信用代码 9111…`` and ``公民身份号码1101…`` — the labels as the business licence
  and the identity card print them, without a colon — made a valid number fail
  (``uscc.length``, ``ric.length``: a record rejected, a natural person without identity);
* ``法定代表人：张三``, ``名称 …``, ``姓名 …`` were compared as names (review for a mismatch
  that is none, and the label sent to a registry); an individual business's licence
  without a trade name, OCR'd as ``名称 *``, FAILED with ``consistency.name_mismatch``;
* ``发证日期：…`` / ``成立日期：…``, ``曰`` for ``日``, ``二O二O年`` / ``二0二0年`` for
  ``二〇二〇年``, ``2015. 03. 02``, ``2015.03.02一2035.03.02`` (OCR's 一 for the dash),
  ``…起长期有效`` and the identity card's sides (``人像面``/``国徽面``) were unreadable.

Every personal number is generated (``qualcheck.testing``): it belongs to nobody.
"""

from __future__ import annotations

import copy
import datetime
import json
import random
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from qualcheck import Decision, Report, verify
from qualcheck.batch import iter_input
from qualcheck.dates import Validity, parse_date
from qualcheck.models import IdentityDocument, Merchant, Person, document_adapter, document_kind
from qualcheck.testing import make_merchant, make_ric

D = datetime.date
AS_OF = D(2026, 11, 29)
LOOKALIKES = {"0": "O", "1": "I", "2": "Z", "5": "S", "U": "V"}
"""A USCC symbol and the letter OCR reads for it, which GB 32100 leaves out of its charset."""


def _record(profile: str, seed: int) -> dict[str, Any]:
    return make_merchant(profile, as_of=AS_OF, rng=random.Random(seed))


def food_shop() -> dict[str, Any]:
    """An enterprise food shop (business licence, JY licence) that passes as of AS_OF, with
    its JY licence's dates set as the tests expect them."""
    record = _record("food_shop", 11)
    licence = record["documents"][1]
    for key in ("valid_from", "valid_to"):
        licence.pop(key)
    licence["issue_date"] = "2024年03月17日"
    licence["validity"] = "2024年03月17日至2029年03月16日"
    return record


def pharmacy() -> dict[str, Any]:
    return _record("pharmacy", 12)  # business licence, drug_business, drug_info


def device_seller() -> dict[str, Any]:
    return _record("device_seller", 13)  # business licence, device_business (许)


def natural_person() -> dict[str, Any]:
    return _record("natural_person", 14)  # one resident identity card, born 1969


def individual_business() -> dict[str, Any]:
    return _record("individual_business", 15)  # business licence (92…), food filing


def located(report: Report) -> list[tuple[str, str]]:
    return [(finding.code, finding.json_path) for finding in report.findings]


def judged(record: dict[str, Any]) -> tuple[Decision, list[tuple[str, str]]]:
    report = verify(record, as_of=AS_OF)
    return report.decision, located(report)


def test_the_base_records_pass() -> None:
    for make in (food_shop, pharmacy, device_seller, natural_person, individual_business):
        assert judged(make()) == (Decision.PASS, []), make.__name__


# ------------------------------------------------------------------ dates as OCR reads them

OCR_DATES: list[tuple[str, D]] = [
    ("2020年1月1日", D(2020, 1, 1)),  # no zero padding
    ("2020 年 01 月 01 日", D(2020, 1, 1)),  # spaces between the parts
    ("2020 年 1 月 1 日", D(2020, 1, 1)),
    ("2020\n年01月01日", D(2020, 1, 1)),  # a line break inside
    ("２０２０年０１月０１日", D(2020, 1, 1)),  # full-width digits
    ("２０２０．１．１", D(2020, 1, 1)),
    ("2020-1-1", D(2020, 1, 1)),
    ("2020.1.1", D(2020, 1, 1)),
    ("2020/1/1", D(2020, 1, 1)),
    ("2020. 1. 1", D(2020, 1, 1)),  # OCR's spaces after the dots
    ("2015 . 03 . 02", D(2015, 3, 2)),
    ("2020年1月1号", D(2020, 1, 1)),
    ("2020年01月01曰", D(2020, 1, 1)),  # 曰 for 日: one stroke apart
    ("二〇二〇年一月一日", D(2020, 1, 1)),  # 发证日期 on some certificates
    ("二零二零年十二月三十一日", D(2020, 12, 31)),
    ("二〇二三年五月二十日", D(2023, 5, 20)),
    ("二O二O年一月一日", D(2020, 1, 1)),  # the letter O for 〇
    ("二0二0年十月十日", D(2020, 10, 10)),  # the digit 0 for 〇, as typed by hand
    ("二〇二〇年一月一曰", D(2020, 1, 1)),
    ("20200101", D(2020, 1, 1)),
]


@pytest.mark.parametrize(("text", "expected"), OCR_DATES, ids=[t for t, _ in OCR_DATES])
def test_ocr_dates_are_read(text: str, expected: D) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), OCR_DATES, ids=[t for t, _ in OCR_DATES])
def test_ocr_issue_dates_in_a_record(text: str, expected: D) -> None:
    record = food_shop()
    record["documents"][0]["issue_date"] = text
    record["documents"][0]["established_on"] = text
    merchant = Merchant.model_validate(record)
    licence = merchant.documents[0]
    assert (licence.issue_date, licence.established_on) == (expected, expected)  # type: ignore[attr-defined]
    assert judged(record) == (Decision.PASS, [])


# 发证日期 and 成立日期 with their labels: read where the label names the field
LABELLED_DATES: list[tuple[str, str, D]] = [
    ("issue_date", "发证日期：2024年03月17日", D(2024, 3, 17)),
    ("issue_date", "发证日期 2024年3月17日", D(2024, 3, 17)),
    ("issue_date", "发证日期2024.03.17", D(2024, 3, 17)),
    ("issue_date", "签发日期: 2024-03-17", D(2024, 3, 17)),
    ("issue_date", "发证日期：二〇二四年三月十七日", D(2024, 3, 17)),
    ("issue_date", "备案日期：2024年3月17日", D(2024, 3, 17)),
    ("established_on", "成立日期：2015年04月19日", D(2015, 4, 19)),
    ("established_on", "成立日期 2015年4月19日", D(2015, 4, 19)),
    ("established_on", "注册日期：2015-04-19", D(2015, 4, 19)),
]


@pytest.mark.parametrize(("field", "text", "expected"), LABELLED_DATES)
def test_a_date_printed_with_its_own_label_is_read(field: str, text: str, expected: D) -> None:
    record = food_shop()
    record["documents"][0][field] = text
    assert getattr(Merchant.model_validate(record).documents[0], field) == expected
    assert judged(record) == (Decision.PASS, [])


# a label of another field is never read as this one's: the value stays unreadable
FOREIGN_LABELS: list[tuple[str, str]] = [
    ("issue_date", "有效期至：2028年06月11日"),  # the end of the term, not the issue date
    ("issue_date", "成立日期：2015年04月19日"),
    ("issue_date", "营业期限：2015年04月19日"),
    ("established_on", "发证日期：2024年03月17日"),
    ("established_on", "有效期至：2028年06月11日"),
]


@pytest.mark.parametrize(("field", "text"), FOREIGN_LABELS)
def test_another_fields_label_is_not_read(field: str, text: str) -> None:
    record = food_shop()
    record["documents"][0][field] = text
    decision, findings = judged(record)
    assert (decision, findings) == (
        Decision.REVIEW,
        [("record.invalid_value", f"$.documents[0].{field}")],
    )


# what OCR garbles beyond reading: a clear record.invalid_value at the field, never a pass
UNREADABLE_DATES: list[str] = [
    "2020年01月",  # no day
    "2O20-01-01",  # a letter in the year
    "2020年O1月01日",
    "2020年1月l日",  # l for 1
    "2024年03月17日至2029年03月16日",  # a whole period in a date field
    "2024年02月30日",  # no such day
    "2020年13月01日",
    "OOOO年一月一日",  # no numeral: no year
    "2024年03月17日 星期一",  # 2024-03-17 was a Sunday
]


@pytest.mark.parametrize("text", UNREADABLE_DATES)
def test_an_unreadable_issue_date_is_review(text: str) -> None:
    with pytest.raises(ValueError, match="cannot read a date"):
        parse_date(text)
    record = food_shop()
    record["documents"][1]["issue_date"] = text
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.REVIEW
    assert located(report) == [("record.invalid_value", "$.documents[1].issue_date")]
    finding = report.findings[0]
    assert finding.ctx["field"] == "issue_date"
    assert "发证日期" in finding.message_zh


# ------------------------------------------------------------------------ periods as printed

OCR_PERIODS: list[tuple[str, D | None, D | None, bool]] = [
    ("2024年03月17日至2029年03月16日", D(2024, 3, 17), D(2029, 3, 16), False),
    ("2024年3月17日至2029年3月16日", D(2024, 3, 17), D(2029, 3, 16), False),
    ("2024 年 03 月 17 日 至 2029 年 03 月 16 日", D(2024, 3, 17), D(2029, 3, 16), False),
    ("自2024年03月17日至2029年03月16日", D(2024, 3, 17), D(2029, 3, 16), False),
    ("自2024年03月17日起至2029年03月16日止", D(2024, 3, 17), D(2029, 3, 16), False),
    ("有效期：2024年03月17日至2029年03月16日", D(2024, 3, 17), D(2029, 3, 16), False),
    ("有效期限 2024.03.17-2029.03.16", D(2024, 3, 17), D(2029, 3, 16), False),
    ("2024.03.17－2029.03.16", D(2024, 3, 17), D(2029, 3, 16), False),
    ("2024.03.17—2029.03.16", D(2024, 3, 17), D(2029, 3, 16), False),
    ("2024.03.17一2029.03.16", D(2024, 3, 17), D(2029, 3, 16), False),  # OCR's 一 for -
    ("2024. 03. 17-2029. 03. 16", D(2024, 3, 17), D(2029, 3, 16), False),
    ("2024年03月17日至\n2029年03月16日", D(2024, 3, 17), D(2029, 3, 16), False),
    ("２０２４年０３月１７日至２０２９年０３月１６日", D(2024, 3, 17), D(2029, 3, 16), False),
    ("二〇二四年三月十七日至二〇二九年三月十六日", D(2024, 3, 17), D(2029, 3, 16), False),
    ("有效期至：2029年03月16日", None, D(2029, 3, 16), False),
    ("有效期至 2029年03月16日", None, D(2029, 3, 16), False),
]
LONG_TERM_PERIODS: list[str] = [
    "自2015年03月02日至长期",
    "营业期限：2015年03月02日 至 长期",
    "营业期限 2015年03月02日至长期",
    "营业期限\n2015年03月02日至长期",
    "营业期限自2015年03月02日至长期",
    "2015年03月02日至长期有效",
    "2015年03月02日至 永久",
    "2015年3月2日至无固定期限",
    "2015年03月02日起长期有效",
    "自2015年03月02日起长期有效",
    "2015.03.02-长期",
    "2015.03.02一长期",
    "2015年03月02日至（长期）",
]


@pytest.mark.parametrize(
    ("text", "start", "end", "long_term"), OCR_PERIODS, ids=[p[0] for p in OCR_PERIODS]
)
def test_ocr_periods_are_read(text: str, start: D | None, end: D | None, long_term: bool) -> None:
    period = Validity.model_validate(text)
    assert (period.valid_from, period.valid_to, period.long_term) == (start, end, long_term)
    record = food_shop()
    record["documents"][1]["validity"] = text
    assert judged(record) == (Decision.PASS, [])


@pytest.mark.parametrize("text", LONG_TERM_PERIODS)
def test_long_term_business_periods_are_read(text: str) -> None:
    period = Validity.model_validate(text)
    assert (period.valid_from, period.valid_to, period.long_term) == (D(2015, 3, 2), None, True)
    record = food_shop()
    record["documents"][0]["valid_from"] = "2015年03月02日"
    record["documents"][0].pop("valid_to")
    record["documents"][0]["validity"] = text  # the same start, said twice
    assert judged(record) == (Decision.PASS, [])


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("自2024年03月17日", "有效期至：2029年03月16日"),
        ("2024年3月17日起", "2029年3月16日止"),
        ("2024. 03. 17", "至 2029.03.16"),
        ("二〇二四年三月十七日", "截止日期：2029-03-16"),
    ],
)
def test_the_two_ends_given_apart(start: str, end: str) -> None:
    record = food_shop()
    licence = record["documents"][1]
    licence.pop("validity")
    licence.update(valid_from=start, valid_to=end)
    period = Merchant.model_validate(record).documents[1].validity
    assert period == Validity(valid_from=D(2024, 3, 17), valid_to=D(2029, 3, 16))
    assert judged(record) == (Decision.PASS, [])


UNREADABLE_PERIODS: list[str] = [
    "2024.03.17 2029.03.16",  # the dash lost: two dates side by side
    "2024年03月17日 2029年03月16日",
    "2024年03月17日2029年03月16日",
    "2024.03.172029.03.16",
    "2024年03月17日至2029年03月16日至长期",  # two ends
    "2024年03月17日至2029年03月",  # the day of the end lost
    "2024年03月17日至2029年O3月16日",
    "营业期限：2024年03月17日至2029年03月16日（副本）",
    "2024年03月17日",  # one date: the start or the end?
]


@pytest.mark.parametrize("text", UNREADABLE_PERIODS)
def test_an_unreadable_period_of_a_licence_is_review(text: str) -> None:
    record = food_shop()
    record["documents"][1]["validity"] = text
    decision, findings = judged(record)
    assert decision is Decision.REVIEW  # fail closed: a five-year licence without a term
    assert ("license.validity_missing", "$.documents[1].validity") in findings
    assert {code for code, _ in findings} == {"record.invalid_value", "license.validity_missing"}
    assert all(path.startswith("$.documents[1].validity") for _, path in findings)


def test_a_period_without_its_end_is_a_missing_term() -> None:
    record = food_shop()
    record["documents"][1]["validity"] = "2024年03月17日至"  # OCR lost the end
    assert judged(record) == (
        Decision.REVIEW,
        [("license.validity_missing", "$.documents[1].validity")],
    )


def test_an_expired_period_read_from_ocr_fails() -> None:
    record = food_shop()
    record["documents"][1]["validity"] = "二〇二一年三月十七日至二〇二六年三月十六日"
    assert judged(record) == (
        Decision.FAIL,
        [("license.expired", "$.documents[1].validity.valid_to")],
    )


# ---------------------------------------------------------------------- USCC as OCR reads it


def uscc_forms(code: str) -> list[str]:
    spaced = " ".join(code[i : i + 4] for i in range(0, 18, 4))
    wide = "".join(chr(ord(char) + 0xFEE0) for char in code)
    return [
        code.lower(),
        spaced,
        code[:9] + "\n" + code[9:],  # the code wrapped over two lines
        wide,
        wide.lower(),
        f"统一社会信用代码：{code}",
        f"统一社会信用代码:\n{code}",
        f"统一社会信用代码 {code}",  # as the licence prints it: no colon
        f"统一社会信用代码\n{code}",
        f"统一社会信用代码{code}",
        f"社会信用代码 {spaced}",
        f"“{code}”",
    ]


def test_uscc_ocr_forms_are_read() -> None:
    base = food_shop()
    code = base["uscc"]
    for form in uscc_forms(code):
        record = copy.deepcopy(base)
        record["uscc"] = form
        record["documents"][0]["number"] = form
        record["documents"][1]["holder_uscc"] = form
        merchant = Merchant.model_validate(record)
        assert merchant.uscc == merchant.documents[0].number == code, form
        assert judged(record) == (Decision.PASS, []), form


def test_uscc_lookalike_letters_are_named_never_passed() -> None:
    """GB 32100 leaves I O S V Z out of the charset because they look like 1 0 5 U 2: a
    USCC read with one of them is invalid, and the finding names the position, the
    character and the symbol it probably is."""
    base = food_shop()
    code = base["uscc"]
    tried = 0
    for index, char in enumerate(code):
        if char not in LOOKALIKES:
            continue
        tried += 1
        misread = code[:index] + LOOKALIKES[char] + code[index + 1 :]
        record = copy.deepcopy(base)
        record["uscc"] = misread
        report = verify(record, as_of=AS_OF)
        assert report.decision is Decision.FAIL
        assert located(report) == [("uscc.charset", "$.uscc")]
        finding = report.findings[0]
        assert finding.position == index + 1
        assert finding.ctx["char"] == LOOKALIKES[char]
        assert repr(char) in finding.message
        assert str(index + 1) in finding.message
        assert f"第{index + 1}位" in finding.message_zh
    assert tried >= 3


def test_a_misread_licence_number_drops_the_licence_and_says_why() -> None:
    record = food_shop()
    code = record["uscc"]
    index = next(i for i, char in enumerate(code) if char in LOOKALIKES)
    record["documents"][0]["number"] = code[:index] + LOOKALIKES[code[index]] + code[index + 1 :]
    decision, findings = judged(record)
    assert decision is Decision.FAIL
    assert findings == [
        ("uscc.charset", "$.documents[0].number"),
        ("record.entry_dropped", "$.documents[0]"),
        ("document.business_license_missing", "$.documents"),
    ]


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ("{}号", "uscc.length"),  # a 号 read after the code
        ("{}。", "uscc.length"),
        ("{} (1-1)", "uscc.length"),  # the copy number of the 副本 read with it
        ("【{}】", "uscc.length"),
        ("（统一社会信用代码）{}", "uscc.length"),
    ],
)
def test_uscc_with_ocr_debris_is_a_clear_finding(form: str, code: str) -> None:
    record = food_shop()
    record["uscc"] = form.format(record["uscc"])
    assert judged(record) == (Decision.FAIL, [(code, "$.uscc")])


# ----------------------------------------------------------- licence numbers as OCR reads them


def test_food_business_licence_number_forms() -> None:
    base = food_shop()
    number = base["documents"][1]["number"]
    for form in (
        number.lower(),
        f"{number[:2]} {number[2:9]} {number[9:]}",
        f"许可证编号：{number}",
        f"许可证编号 {number}",  # without its colon
        f"许可证编号{number}",
        f"经营许可证编号:\n{number}",
        "".join(chr(ord(char) + 0xFEE0) for char in number),
    ):
        record = copy.deepcopy(base)
        record["documents"][1]["number"] = form
        assert Merchant.model_validate(record).documents[1].number == number, form
        assert judged(record) == (Decision.PASS, []), form


def test_a_food_business_licence_number_misread_names_the_position() -> None:
    record = food_shop()
    number = record["documents"][1]["number"]
    index = number.index("0", 2) if "0" in number[2:] else number.index("1", 2)
    record["documents"][1]["number"] = number[:index] + "O" + number[index + 1 :]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert located(report) == [
        ("food_business.charset", "$.documents[1].number"),
        ("record.entry_dropped", "$.documents[1]"),
        ("category.license_missing", "$.categories[0]"),  # 预包装食品: a filing or a licence
        ("category.license_missing", "$.categories[1]"),  # 散装食品: a licence
    ]
    assert report.findings[0].position == index + 1


@pytest.mark.parametrize(
    "form",
    [
        "（{p}）-非经营性-{rest}",
        "({p})-非经营性-{rest}",
        "{p}-非经营性-{rest}",  # the brackets lost
        "（ {p} ）－非经营性－{rest}",
        "（{p}）—非经营性—{rest}",
        "证书编号：（{p}）-非经营性-{rest}",
        "证书编号（{p}）-非经营性-{rest}",  # the label without its colon
        "证书编号 {p} 非经营性 {rest}",
        "【{p}】-非经营性-{rest}",  # square brackets of every kind read as round ones
        "「{p}」-非经营性-{rest}",
        "〔{p}〕-非经营性-{rest}",
        "［{p}］-非经营性-{rest}",
        "[{p}]-非经营性-{rest}",
    ],
)
def test_drug_information_certificate_forms(form: str) -> None:
    base = pharmacy()
    number = base["documents"][2]["number"]  # (粤)-非经营性-2025-0839
    province, rest = number[1], number.split("-", 2)[2]
    record = copy.deepcopy(base)
    record["documents"][2]["number"] = form.format(p=province, rest=rest)
    assert Merchant.model_validate(record).documents[2].number == number
    assert judged(record) == (Decision.PASS, [])


@pytest.mark.parametrize("brackets", ["《》", "<>", "‹›"])
def test_drug_information_certificate_other_brackets_are_a_clear_finding(brackets: str) -> None:
    """Round brackets, square ones of every kind (read as round) or none are read around
    the province; anything else is refused at the first character — never read as another
    number, never a pass."""
    record = pharmacy()
    number = record["documents"][2]["number"]
    record["documents"][2]["number"] = brackets[0] + number[1] + brackets[1] + number[3:]
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert located(report)[:2] == [
        ("drug_info.format", "$.documents[2].number"),
        ("record.entry_dropped", "$.documents[2]"),
    ]
    assert report.findings[0].position == 1


def test_drug_and_device_licence_number_forms() -> None:
    base = pharmacy()
    drug = base["documents"][1]["number"]  # 粤DA020748190
    for form in (drug.lower(), f"{drug[:3]} {drug[3:7]} {drug[7:]}", f"许可证编号：{drug}",
                 f"许可证编号 {drug}", f"药品经营许可证{drug}"):  # fmt: skip
        record = copy.deepcopy(base)
        record["documents"][1]["number"] = form
        assert Merchant.model_validate(record).documents[1].number == drug, form
        assert judged(record) == (Decision.PASS, []), form
    base = device_seller()
    device = base["documents"][1]["number"]  # 皖合药监械经营许20260601号
    canonical = device.removesuffix("号")
    for form in (canonical, device, f"许可证编号：{device}", f"许可证编号 {device}",
                 f"许可证编号{device}", " ".join(device)):  # fmt: skip
        record = copy.deepcopy(base)
        record["documents"][1]["number"] = form
        assert Merchant.model_validate(record).documents[1].number == canonical, form
        assert judged(record) == (Decision.PASS, []), form


def test_misread_drug_and_device_numbers_are_clear_findings() -> None:
    record = pharmacy()
    # a full stop read after the number is debris (a 号 after it is read: test_audit_numbers_4)
    record["documents"][1]["number"] += "。"
    decision, findings = judged(record)
    assert decision is Decision.FAIL
    assert findings[:2] == [
        ("drug_business.charset", "$.documents[1].number"),
        ("record.entry_dropped", "$.documents[1]"),
    ]
    record = device_seller()
    number = record["documents"][1]["number"]
    record["documents"][1]["number"] = number.replace("2026", "2O26", 1)  # O in the year
    decision, findings = judged(record)
    assert decision is Decision.FAIL
    assert findings[:2] == [
        ("device_business.format", "$.documents[1].number"),
        ("record.entry_dropped", "$.documents[1]"),
    ]


def test_a_device_serial_with_a_letter_is_reviewed_not_passed() -> None:
    # letters are allowed in a serial (鄂汉…备2018H006号), so 0601 read as O601 is a soft finding
    record = device_seller()
    record["documents"][1]["number"] = record["documents"][1]["number"].replace("0601", "O601")
    assert judged(record) == (
        Decision.REVIEW,
        [("device_business.serial_unusual", "$.documents[1].number")],
    )


def test_food_filing_number_forms() -> None:
    base = individual_business()
    number = base["documents"][1]["number"]
    for form in (f"备案编号：{number}", f"备案编号 {number}", number.lower(),
                 f"{number[:2]} {number[2:9]} {number[9:]}"):  # fmt: skip
        record = copy.deepcopy(base)
        record["documents"][1]["number"] = form
        assert Merchant.model_validate(record).documents[1].number == number, form
        assert judged(record) == (Decision.PASS, []), form
    record = copy.deepcopy(base)
    record["documents"][1]["number"] = number + "号"  # dropped after a national number
    assert Merchant.model_validate(record).documents[1].number == number
    assert judged(record) == (Decision.PASS, [])
    record["documents"][1]["number"] = number + "号号"  # but not twice
    assert judged(record) == (
        Decision.REVIEW,
        [("food_filing.national_format_mismatch", "$.documents[1].number")],
    )


def test_labels_never_eat_a_number_that_begins_with_a_province() -> None:
    """Licence numbers begin with a province abbreviation; a label holds none, so a number
    whose own characters look like a label's is never cut."""
    record = device_seller()
    number = record["documents"][1]["number"]
    assert Merchant.model_validate(record).documents[1].number == number.removesuffix("号")
    local = "粤食备证书【2021】440305000123号"  # a local filing number with 证书 in it
    filing = document_adapter().validate_python({"kind": "food_filing", "number": local})
    assert filing.number == local


# ------------------------------------------------------------------ names as OCR reads them


def _name_forms(name: str) -> list[str]:
    half = len(name) // 2
    return [
        f"{name}\n",
        " ".join(name),  # spaces between the characters
        f"{name[:half]}\n{name[half:]}",  # a line break inside the name
        f"名称：{name}",
        f"名称 {name}",  # the business licence prints no colon
        f"名称\n{name}",
        f"企业名称：{name}",
    ]


def test_holder_and_seller_names_as_ocr_reads_them() -> None:
    base = food_shop()
    name = base["name"]
    for form in _name_forms(name):
        for where in ("holder", "seller"):
            record = copy.deepcopy(base)
            if where == "holder":
                record["documents"][0]["holder_name"] = form
            else:
                record["name"] = form
            assert judged(record) == (Decision.PASS, []), (where, form)
    record = copy.deepcopy(base)
    record["name"] = f"名称：{name}"
    assert Merchant.model_validate(record).name == name


@pytest.mark.parametrize("printed", ["名称 *", "名称：*", "名称\n*", "名称 无字号", "名称：/"])
def test_an_individual_business_without_a_trade_name_as_ocr_reads_it(printed: str) -> None:
    """Regression: the licence of an individual business without a trade name prints
    ``名称 *``; read with its label the placeholder was compared as a name — a FAIL."""
    record = individual_business()
    record["documents"][0]["holder_name"] = printed
    record["documents"][0]["legal_representative"] = (
        "经营者 " + record["legal_representative"]["name"]
    )
    assert judged(record) == (Decision.PASS, [])


def test_brackets_in_names_full_or_half_width() -> None:
    base = food_shop()
    name = base["name"].replace("有限公司", "（永州）有限公司")
    for seller, holder in ((name, name.replace("（", "(").replace("）", ")")),
                           (name.replace("（", "(").replace("）", ")"), name)):  # fmt: skip
        record = copy.deepcopy(base)
        record["name"] = seller
        for document in record["documents"]:
            document["holder_name"] = holder
        assert judged(record) == (Decision.PASS, []), (seller, holder)


def test_a_traditional_name_is_similar_not_the_same() -> None:
    record = food_shop()
    traditional = record["name"].replace("鲜", "鮮")
    assert traditional != record["name"]
    record["documents"][0]["holder_name"] = traditional
    assert judged(record) == (
        Decision.REVIEW,
        [("consistency.name_similar", "$.documents[0].holder_name")],
    )


def test_a_label_never_hides_another_sellers_name() -> None:
    record = food_shop()
    record["documents"][0]["holder_name"] = "名称：永州示例其他商贸有限公司"
    decision, findings = judged(record)
    assert decision is Decision.FAIL
    assert findings == [("consistency.name_mismatch", "$.documents[0].holder_name")]


LEGAL_REPRESENTATIVES = [
    "法定代表人：{n}",
    "法定代表人 {n}",
    "法定代表人\n{n}",
    "法定代表人{n}",
    "法定代表人（负责人）：{n}",
    "负责人：{n}",
    "经营者：{n}",
    "执行事务合伙人 {n}",
    "{spaced}",
]


@pytest.mark.parametrize("form", LEGAL_REPRESENTATIVES)
def test_legal_representatives_as_ocr_reads_them(form: str) -> None:
    base = food_shop()
    name = base["legal_representative"]["name"]
    text = form.format(n=name, spaced=" ".join(name))
    for where in ("record", "record_text", "licence"):
        record = copy.deepcopy(base)
        if where == "record":
            record["legal_representative"] = {"name": text}
        elif where == "record_text":
            record["legal_representative"] = text  # a name alone, as documents print it
        else:
            record["documents"][0]["legal_representative"] = text
        merchant = Merchant.model_validate(record)
        read = " ".join(name) if form == "{spaced}" else name  # spaces are the checks' to fold
        if where == "licence":
            assert merchant.documents[0].legal_representative == read
        else:
            assert merchant.legal_representative == Person(name=read)
        assert judged(record) == (Decision.PASS, []), (where, text)


def test_a_label_never_hides_another_legal_representative() -> None:
    record = food_shop()
    record["documents"][0]["legal_representative"] = "法定代表人：钱七"
    assert judged(record) == (
        Decision.REVIEW,  # a soft finding: representatives change
        [("consistency.legal_rep_mismatch", "$.documents[0].legal_representative")],
    )


def test_a_short_label_joined_to_a_name_is_kept() -> None:
    # 法 is a surname: 法人张三 without a separator is not taken apart, and is compared as given
    record = food_shop()
    name = record["legal_representative"]["name"]
    record["documents"][0]["legal_representative"] = f"法人{name}"
    assert judged(record) == (
        Decision.REVIEW,
        [("consistency.legal_rep_mismatch", "$.documents[0].legal_representative")],
    )
    record["documents"][0]["legal_representative"] = f"法人：{name}"
    assert judged(record) == (Decision.PASS, [])


@pytest.mark.parametrize(
    "printed",
    [
        "类型：有限责任公司（自然人投资或控股）",
        "类型 有限责任公司(自然人投资或控股)",
        "企业类型：有限责任公司",
    ],
)
def test_the_printed_type_with_its_label(printed: str) -> None:
    record = food_shop()
    record["subject_type"] = printed
    assert Merchant.model_validate(record).subject_type.value == "enterprise"
    assert judged(record) == (Decision.PASS, [])
    record["subject_type"] = "类型：外国（地区）企业常驻代表机构"  # may not trade: refused
    assert judged(record) == (
        Decision.REVIEW,
        [("record.invalid_value", "$.subject_type"), ("record.unreadable", "$")],
    )


# -------------------------------------------------------------------- scopes as printed


PRINTED_SCOPES = [
    "1.预包装食品销售（含冷藏冷冻食品）\n2.散装食品销售（不含散装熟食）\n3.网络经营",
    "（1）预包装食品销售（含冷藏冷冻食品）\n（2）散装食品销售（不含散装熟食）",
    "1、预包装食品销售（含冷藏冷冻食品） 2、散装食品销售（不含散装熟食）",
    "经营项目：预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）",
    "预包装食品销售（含冷藏冷冻食品），散装食品销售（不含散装熟食）。",
    "预包装食品销售(含冷藏冷冻食品);散装食品销售(不含散装熟食)",
    "预包装食品销售（含冷藏冷冻\n食品）；散装食品销售（不含\n散装熟食）",  # wrapped lines
    "预包装食品销售（含冷藏冷冻食品）；散装食\n品销售（不含散装熟食）",
    "预 包 装 食 品 销 售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）",
    "預包裝食品銷售（含冷藏冷凍食品）；散裝食品銷售（不含散裝熟食）",
    "预包装食品销售\n散装食品销售（不含散装熟食）\n网络经营",
]


@pytest.mark.parametrize("scope", PRINTED_SCOPES)
def test_food_licence_scopes_as_printed(scope: str) -> None:
    record = food_shop()  # declares 预包装食品 and 散装食品
    record["documents"][1]["scope"] = scope
    assert judged(record) == (Decision.PASS, [])
    record["documents"][1]["scope"] = [scope]  # one entry holding the printed text
    assert judged(record) == (Decision.PASS, [])


@pytest.mark.parametrize(
    "scope",
    [
        "散装食品\n销售（不含散装熟食）",  # one item wrapped by OCR
        "预包装食品销售；散装食品\n销售（不含散装熟食）",
        "预包装食品销售\n散装食品\n销售（不含散装熟食）",
        "散装食品销售\n（不含散装熟食）",
        "散装食品销售（不含散\n装熟食）",
        "散装\n食品销售（仅限\n预包装）",
    ],
)
def test_a_wrapped_scope_line_keeps_its_exclusion(scope: str) -> None:
    """Regression: split at the line break, ``销售（不含散装熟食）`` was an item of its own and
    ``散装食品`` covered the cooked food it excludes — a PASS."""
    record = food_shop()
    record["categories"] = ["散装熟食"]  # declared under the name the licence excludes
    for given in (scope, [scope]):
        record["documents"][1]["scope"] = given
        assert judged(record) == (
            Decision.REVIEW,
            [("category.scope_not_covering", "$.categories[0]")],
        ), given


def test_scope_items_are_kept_as_printed() -> None:
    documents = document_adapter()
    base = {"kind": "food_business", "number": food_shop()["documents"][1]["number"]}
    read = documents.validate_python(
        {**base, "scope": "1.预包装食品销售（含冷藏冷冻食品）\n2.散装食品销售（不含散装熟食）"}
    ).scope
    assert read == ("1.预包装食品销售（含冷藏冷冻食品）", "2.散装食品销售（不含散装熟食）")
    read = documents.validate_python(
        {**base, "scope": "预包装食品销售；散装食\n品销售（不含散装熟食）"}
    ).scope
    assert read == ("预包装食品销售", "散装食品销售（不含散装熟食）")
    read = documents.validate_python({**base, "scope": "热食类食品制售\n冷食类食品制售"}).scope
    assert read == ("热食类食品制售", "冷食类食品制售")  # line by line: one item a line


BUSINESS_SCOPES = [
    "一般项目：日用百货销售；文具用品零售（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。"
    "许可项目：食品销售（仅销售预包装食品）（依法须经批准的项目，经相关部门批准后方可开展经营活动，"
    "具体经营项目以相关部门批准文件或许可证件为准）",
    "许可项目：食品销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门"
    "批准文件或许可证件为准）\n一般项目：日用百货销售；文具用品零售。（除依法须经批准的项目外，凭营业执照"
    "依法自主开展经营活动）",
    "经营范围：食品销售（仅销售预包装食品）；\n日用百货销售；\n文具用品零售",
]


@pytest.mark.parametrize("scope", BUSINESS_SCOPES)
def test_business_licence_scopes_with_their_boilerplate(scope: str) -> None:
    record = individual_business()  # declares prepackaged food and general goods
    record["documents"][0]["scope"] = scope
    assert judged(record) == (Decision.PASS, [])


# ------------------------------------------------------------------------ identity cards


def test_identity_card_front_as_ocr_reads_it() -> None:
    base = natural_person()
    number = base["documents"][0]["number"]
    wide = "".join(chr(ord(char) + 0xFEE0) for char in number)
    for form in (
        f"公民身份号码 {number}",  # the card prints no colon
        f"公民身份号码{number}",
        f"公民身份号码：{number}",
        f"公民身份号码\n{number[:6]} {number[6:14]} {number[14:]}",
        f"身份证号码：{number.lower()}",
        wide,
    ):
        record = copy.deepcopy(base)
        record["documents"][0]["number"] = form
        record["documents"][0]["holder_name"] = f"姓名 {base['name']}"
        report = verify(record, as_of=AS_OF)
        assert (report.decision, located(report)) == (Decision.PASS, []), form
        card = Merchant.model_validate(record).documents[0]
        assert card.number == number
        assert card.holder_name == base["name"]
        assert number not in repr(card)
        assert number[-4:] in repr(card)  # masked, not dropped
        assert number not in report.to_json()
        assert number[6:14] not in report.to_json()


@pytest.mark.parametrize(
    ("kind", "id_type"),
    [
        ("居民身份证（人像面）", "resident_id_card"),
        ("身份证国徽面", "resident_id_card"),
        ("身份证头像面", "resident_id_card"),
        ("身份证背面", "resident_id_card"),
        ("居民身份证正反面", "resident_id_card"),
    ],
)
def test_identity_card_sides_name_the_card(kind: str, id_type: str) -> None:
    assert document_kind(kind) == ("identity", id_type)
    record = natural_person()
    record["documents"][0]["kind"] = kind
    assert judged(record) == (Decision.PASS, [])


@pytest.mark.parametrize(
    "validity",
    [
        "2026.05.05-长期",
        "有效期限 2026.05.05-长期",
        "有效期限：2026.05.05-长期",
        "有效期限\n2026.05.05-长期",
        "2026.05.05 - 长期",
        "2026.05.05一长期",  # OCR's 一 for the dash
        "2026. 05. 05-长期",
        "2026.05.05-长期有效",
        "２０２６．０５．０５－长期",
    ],
)
def test_identity_card_back_as_ocr_reads_it(validity: str) -> None:
    record = natural_person()  # the holder was born in 1969: long-term from 46
    card = record["documents"][0]
    card["validity"] = validity
    card["issuing_authority"] = "签发机关 " + card["issuing_authority"]
    assert Merchant.model_validate(record).documents[0].validity == Validity(
        valid_from=D(2026, 5, 5), long_term=True
    )
    assert judged(record) == (Decision.PASS, [])


def test_identity_card_back_with_an_end_date() -> None:
    born = D(1995, 6, 1)
    number = make_ric(birth_date=born, rng=random.Random(20261129))
    record = natural_person()
    record["name"] = "陈小明"
    card = record["documents"][0]
    card.update(number=number, holder_name="姓名 陈小明", validity="有效期限 2021.03.02-2031.03.02")
    assert judged(record) == (Decision.PASS, [])  # 25 on its first day: ten years
    card["validity"] = "有效期限 2021.03.02-2041.03.02"  # twenty years at 25: too long
    assert judged(record) == (
        Decision.REVIEW,
        [("license.term_too_long", "$.documents[0].validity")],
    )
    card["validity"] = "2016.03.02-2026.03.02"
    assert judged(record) == (
        Decision.FAIL,
        [("license.expired", "$.documents[0].validity.valid_to")],
    )


def test_front_and_back_given_as_two_documents_do_not_pass() -> None:
    """An OCR pipeline may hand over each side as a document of its own: the back has no
    number (so it cannot be read) and the front no term.  Never a pass."""
    record = natural_person()
    card = record["documents"][0]
    front = {"kind": "身份证人像面", "number": card["number"], "holder_name": card["holder_name"]}
    back = {"kind": "身份证国徽面", "issuing_authority": card["issuing_authority"],
            "validity": card["validity"]}  # fmt: skip
    record["documents"] = [front, back]
    decision, findings = judged(record)
    assert decision is Decision.REVIEW
    assert ("record.missing_field", "$.documents[1].number") in findings
    assert ("record.entry_dropped", "$.documents[1]") in findings
    assert ("license.validity_missing", "$.documents[0].validity") in findings


@pytest.mark.parametrize(
    ("mangle", "code"),
    [
        (lambda n: n[:10] + "O" + n[11:], "ric.charset"),  # O for 0 in the birth date
        (lambda n: n[:-1] + ("8" if n[-1] != "8" else "3"), "ric.checksum"),
        (lambda n: n + "号", "ric.length"),
        (lambda n: n[:-1], "ric.length"),
    ],
)
def test_a_misread_identity_number_is_named_and_kept_private(mangle: Any, code: str) -> None:
    record = natural_person()
    number = record["documents"][0]["number"]
    bad = mangle(number)
    record["documents"][0]["number"] = "公民身份号码 " + bad
    report = verify(record, as_of=AS_OF)
    assert report.decision is Decision.FAIL
    assert located(report) == [
        (code, "$.documents[0].number"),
        ("record.entry_dropped", "$.documents[0]"),
        ("merchant.identity_missing", "$"),
    ]
    text = report.to_json()
    assert bad not in text
    assert number[6:14] not in text
    with pytest.raises(ValidationError) as caught:
        IdentityDocument(number=bad, holder_name="孙八")
    assert bad not in str(caught.value)
    assert number[6:14] not in str(caught.value)


def test_a_legal_representatives_id_number_with_its_label() -> None:
    record = food_shop()
    number = make_ric(birth_date=D(1980, 5, 6), rng=random.Random(7))
    name = record["legal_representative"]["name"]
    record["legal_representative"] = {
        "name": f"法定代表人：{name}",
        "id_number": f"公民身份号码 {number[:6]} {number[6:14]} {number[14:]}",
    }
    merchant = Merchant.model_validate(record)
    assert merchant.legal_representative == Person(name=name, id_number=number)
    assert number not in repr(merchant)
    report = verify(record, as_of=AS_OF)
    assert (report.decision, located(report)) == (Decision.PASS, [])
    assert number not in report.to_json()


# ------------------------------------------------------------------- a CSV export of OCR text


def test_a_csv_export_of_ocr_text(tmp_path: Path) -> None:
    base = food_shop()
    licence = base["documents"][1]
    name, code, person = base["name"], base["uscc"], base["legal_representative"]["name"]
    header = (
        "商户编号,类型,商户名称,统一社会信用代码,法定代表人,经营类目,营业执照.编号,营业执照.营业期限,"
        "营业执照.名称,食品经营许可证.许可证编号,食品经营许可证.发证日期,食品经营许可证.有效期至,"
        "食品经营许可证.经营项目,食品经营许可证.名称"
    )
    rows = [
        f'c-1,类型：有限责任公司（自然人投资或控股）,"名称 {name}","统一社会信用代码 {code}",'
        f'法定代表人：{person},预包装食品|散装食品,{code},"营业期限：2015年04月19日 至 长期",'
        f'名称：{name},"许可证编号 {licence["number"]}",发证日期：二〇二四年三月十七日,'
        f'有效期至：2029年03月16日,"1.预包装食品销售（含冷藏冷冻食品）\n2.散装食品销售（不含散装熟食）",'
        f'"名称 {name}"',
        f"c-2,有限责任公司,{name},{code},{person},预包装食品,{code},2015年04月19日至长期,{name},"
        f"{licence['number']},2024年3月17日,有效期至：2029年O3月16日,预包装食品销售,{name}",
    ]
    path = tmp_path / "ocr.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    items = list(iter_input(path))
    assert [(item.merchant_id, item.problems) for item in items] == [("c-1", ()), ("c-2", ())]
    first, second = (verify(item.record, as_of=AS_OF) for item in items)
    assert (first.decision, located(first)) == (Decision.PASS, [])
    assert second.decision is Decision.REVIEW
    assert ("record.invalid_value", "$.documents[1].valid_to") in located(second)
    assert ("license.validity_missing", "$.documents[1].validity") in located(second)


def test_a_jsonl_record_of_ocr_fields_round_trips() -> None:
    """The same OCR record as JSON text verifies like the dict."""
    record = food_shop()
    record["uscc"] = "统一社会信用代码 " + record["uscc"]
    record["documents"][0]["validity"] = "营业期限：2015年04月19日 至 长期"
    record["documents"][0].pop("valid_from")
    record["documents"][0].pop("valid_to")
    record["documents"][1]["issue_date"] = "发证日期：2024年03月17日"
    text = json.dumps(record, ensure_ascii=False)
    assert judged(json.loads(text)) == (Decision.PASS, [])
    report = verify(text, as_of=AS_OF)
    assert (report.decision, located(report)) == (Decision.PASS, [])


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("營業執照", "business_license"),
        ("營業執照（副本）", "business_license"),
        ("食品經營許可證", "food_business"),
        ("藥品經營許可證", "drug_business"),
        ("醫療器械經營許可證", "device_business"),
        ("居民身份證", "identity"),
    ],
)
def test_a_title_in_traditional_characters_names_its_kind(title: str, kind: str) -> None:
    found = document_kind(title)
    assert found is not None
    assert found[0] == kind


def test_a_licence_titled_in_traditional_characters_is_verified() -> None:
    record = food_shop()
    assert record["documents"][0]["kind"] == "business_license"
    record["documents"][0]["kind"] = "營業執照（副本）"
    assert judged(record) == (Decision.PASS, [])


def test_a_title_in_traditional_characters_naming_nothing_is_still_unknown() -> None:
    assert document_kind("排汙許可證") is None
