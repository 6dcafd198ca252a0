"""Audit round 3: personal numbers in the forms and code paths rounds 1 and 2 did not try.

The standard (docs/verify.md "Privacy", docs/models.md "Personal data", docs/cli.md,
docs/batch.md; ``qualcheck.scrub``): resident-ID numbers, phone numbers and the numbers
of a person's identity documents are masked wherever qualcheck quotes text back — finding
messages and ``ctx``, reports, command-line output and errors, logs.  A natural person's
home landline is personal data as much as a mobile number.  Business numbers (USCCs,
registration and licence numbers), dates and company names are not, and stay readable.

This round attacks:

* forms: landlines with their area code, Hong Kong/Macao/Taiwan numbers after their
  country code, numbers in brackets, an ID number split by line breaks, inside a URL's
  query string (``%20``), inside JSON inside JSON (``\\\\u3000``), a phone number with a
  trailing ``x``, and a phone number after dates in the same quoted value;
* code paths added lately: ``registry.status_conflict``, ``registry.established_after_
  documents``, ``merchant.registration_required``, the name and legal-representative
  findings, a registry's failure detail, ``due`` reasons, a CSV file without its header
  row, a policy file's unknown keys;
* every log record at DEBUG while records are verified and batch-processed.

Every personal number here is generated (``make_ric``) or a fictional phone number.
"""

from __future__ import annotations

import copy
import datetime
import json
import logging
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from audit_support import AS_OF, AS_OF_TEXT, food_shop, write_file, write_jsonl

from qualcheck import Decision, Report, scrub, verify
from qualcheck.cli import main
from qualcheck.numbers._checksums import gb32100_check, mod11_10_check
from qualcheck.registries import LookupResult, MemoryRegistry, RegistryQuery, RegistryRecord
from qualcheck.testing import make_merchant, make_ric

RIC = make_ric(birth_date=datetime.date(1986, 4, 23), rng=random.Random(20261203))
BIRTH = "19860423"
MOBILE = "13912345678"
LANDLINE, LANDLINE_LOCAL = "010-62345678", "62345678"
HK, HK_LOCAL = "+852 9123 4567", "91234567"
SECRETS = {"id": RIC, "birth": BIRTH, "mobile": MOBILE, "landline": LANDLINE_LOCAL, "hk": HK_LOCAL}
SECRET_TEXT = f"{RIC[:9]}\n{RIC[9:]} 家中电话{LANDLINE} 香港{HK} 手机138-0013-8000 {MOBILE}"
_ESCAPE = re.compile(r"\\+(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[tnrfv])|%[0-9a-fA-F]{2}")


def flat(text: str) -> str:
    """The digits and letters of ``text`` as a reader sees them: full-width folded,
    escapes (``\\n``, ``\\u3000``, ``%20``) and separators removed, masks kept."""
    folded = _ESCAPE.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"[^0-9A-Za-z*]", "", folded).upper()


def leaked(text: str) -> list[str]:
    """Which of the secrets appear, in any spelling, in ``text``."""
    shown = flat(text)
    found = [name for name, secret in SECRETS.items() if secret in shown]
    return found + (["example mobile"] if "13800138000" in shown else [])


def report_text(report: Report) -> str:
    return report.to_json() + repr(report) + str(report) + report.model_dump_json()


def business_uscc(body: str) -> str:
    """An all-digit USCC: ``body`` (17 digits) and its check character."""
    return body + gb32100_check(body)


# --- the scrubber: forms not masked before ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # a landline with its area code, however written
        ("家庭电话 010-62345678", "家庭电话 010-****5678"),
        ("0755-86013388", "0755-****3388"),
        ("(010)62345678", "(010)****5678"),
        ("（0571）8765 4321", "（0571）**** 4321"),
        ("电话：021 5432 1098", "电话：021 **** 1098"),
        ("01062345678", "010****5678"),
        ("0571-8765432", "0571-****432"),  # a 7-digit local number
        ("+86 10 6234 5678", "+86 10 **** 5678"),
        ("+86-571-87654321", "+86-571-****4321"),
        ("010-62345678-801", "010-****5678-801"),  # the extension stays
        # Hong Kong, Macao and Taiwan numbers after their country code
        ("+852 9123 4567", "+852 **** 4567"),
        ("+85291234567", "+852****4567"),
        ("00852-6123-4567", "00852-****-4567"),
        ("(+853) 6612 3456", "(+853) **** 3456"),
        ("+886 912 345 678", "+886 *** **5 678"),
        ("＋886912345678", "＋886*****5678"),
        # mobile numbers in brackets, with a trailing x
        ("+86(138)00138000", "+86(138)****8000"),
        ("13800138000x", "138****8000x"),
        ("13800138000x801", "138****8000x801"),
    ],
)
def test_scrub_masks_landlines_and_numbers_of_hong_kong_macao_taiwan(
    text: str, masked: str
) -> None:
    """Defect (fixed in _scrub.py): none of these was masked — a landline with its area
    code, a +852/+853/+886 number, a mobile number in brackets or before an ``x`` came
    through whole."""
    assert scrub(text) == masked


@pytest.mark.parametrize(
    "written",
    [
        f"{RIC[:9]}\n{RIC[9:]}",
        f"{RIC[:6]}\r\n{RIC[6:14]}\n{RIC[14:]}",
        repr(f"{RIC[:9]}\n{RIC[9:]}"),
        f"https://seller.example/verify?cert_no={RIC}&name=%E5%BC%A0",
        f"q=%E8%BA%AB%E4%BB%BD%E8%AF%81%20{RIC}",  # 身份证 and a space, percent-encoded
        f"a={RIC[:6]}%20{RIC[6:14]}%20{RIC[14:]}",
        json.dumps(json.dumps({"id": f"{RIC[:6]}\u3000{RIC[6:]}"})),  # JSON in JSON
        json.dumps({"log": json.dumps({"id": RIC, "phone": MOBILE})}),
        repr(repr(f"{RIC[:6]}\t{RIC[6:]}")),
        f"2026-08-15 {RIC[:9]}\n{RIC[9:]}",  # after a date, split by a line break
    ],
)
def test_scrub_masks_id_numbers_split_escaped_or_url_encoded(written: str) -> None:
    """Defect (fixed in _scrub.py): a percent-encoded space before an ID number
    (``%20152830…``) made one run of 20 digits, double escapes (``\\\\u3000``) split the
    number, and an ID number after a date lost to a mobile-shaped reading across the two
    (``15 152830198`` — the ID number was printed whole)."""
    masked = scrub(written)
    assert leaked(masked) == []
    assert RIC[:3] in masked
    assert RIC[-4:] in flat(masked)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("2023.06.12-2028.06.11 139-1234-5678", "2023.06.12-2028.06.11 139-****-5678"),
        ("2019-04-02 2039-04-01 13912345678", "2019-04-02 2039-04-01 139****5678"),
        ("2023.06.12 010-62345678", "2023.06.12 010-****5678"),
    ],
)
def test_scrub_masks_a_phone_number_after_dates_and_leaves_the_dates(
    text: str, masked: str
) -> None:
    """Defect (fixed in _scrub.py): the leftmost reading won, so ``06.12-2028.06.11 139``
    was masked as an old 15-digit ID number (dates hidden) and the rest of the mobile
    number, ``1234-5678``, was printed whole."""
    assert scrub(text) == masked


USCC_DIGITS = business_uscc("91110108722619521")
REGNO = "110108000000016"


@pytest.mark.parametrize(
    "text",
    [
        USCC_DIGITS,
        f"统一社会信用代码：{USCC_DIGITS}",
        REGNO,
        f"注册号 {REGNO}",
        "91330106JU6XYHXB07",
        "JY13301067319160",
        "SC10644010500159",
        "浙食药监械经营备20150123号",
        "2023.06.12-2028.06.11",
        "2019-04-02 至 2039-04-01",
        "2019/04/02 - 2039/04/01",
        "（2019）0123456号",
        "400-800-8888",
        "95588",
        "0912-345-678",  # a Taiwanese number without its country code: not told apart
        "852 1234",
        "杭州示例优选食品有限公司",
        "增长100%2019年",
    ],
)
def test_scrub_keeps_business_numbers_dates_and_names_readable(text: str) -> None:
    """Defect (fixed): an all-digit USCC and an old registration number were masked as
    ID numbers.  A business number with a right check character and no birth date where
    an ID number has one stays readable, as do licence numbers, dates and names."""
    assert scrub(text) == text


def test_scrub_still_masks_an_id_number_that_passes_a_business_checksum() -> None:
    """The business-number exception needs both: a right check character *and* no birth
    date — an ID number whose digits happen to pass a USCC checksum is still masked."""
    rng = random.Random(11)
    for _ in range(2000):
        number = make_ric(birth_date=datetime.date(1990, 1, 2), rng=rng)
        if number.isdigit() and gb32100_check(number[:17]) == number[17]:
            break
    else:
        pytest.skip("no generated ID number passed the USCC checksum")
    assert number not in scrub(number)
    old = "110105" + "491231" + "002"  # an old 15-digit ID number (1949-12-31)
    assert mod11_10_check(old[:14]) != old[14] or old not in scrub(old)
    assert scrub(old) == "110*********002"


# --- findings of the new code paths -----------------------------------------------------------


def registry_record(record: dict[str, Any], **changes: Any) -> RegistryRecord:
    base: dict[str, Any] = {
        "uscc": record["uscc"],
        "name": record["name"],
        "legal_representative": "张三",
        "status": "存续",
        "established_on": "2019-04-02",
        "term_from": "2019-04-02",
        "term_to": "长期",
    }
    return RegistryRecord.model_validate({**base, **changes})


def test_registry_findings_quote_personal_numbers_masked() -> None:
    """status_conflict (the status as the registry wrote it), established_after_documents,
    name_mismatch and status_unknown quote the registry's text: a registry that holds a
    person's numbers in those fields (an individual business named by its operator's
    phone) never gets them into the report."""
    record = food_shop()
    entry = registry_record(
        record,
        name=record["name"] + SECRET_TEXT,
        status="存续 " + SECRET_TEXT,
        legal_representative="张三 " + SECRET_TEXT,
        revoked_on="2020-01-01",
        established_on="2030-01-01",
        scope="食品销售 " + SECRET_TEXT,
    )
    report = verify(record, as_of=AS_OF, registry=MemoryRegistry([entry]))
    codes = set(report.codes)
    assert {"registry.status_conflict", "registry.established_after_documents"} <= codes
    assert "registry.name_mismatch" in codes
    assert report.decision is not Decision.PASS
    text = report_text(report)
    assert leaked(text) == []
    assert "010-****5678" in text
    assert "+852 **** 4567" in text
    assert "2030-01-01" in text
    assert "2020-01-01" in text


def test_a_failed_registry_detail_is_masked() -> None:
    """Defect (fixed in checks/registry.py): a registry of the platform's own that says
    why it failed, quoting what it was asked, had its detail copied into the
    registry.unavailable finding whole."""

    class OwnRegistry:
        name = "own"
        license_kinds: frozenset[str] = frozenset()

        def lookup(self, query: RegistryQuery) -> LookupResult:
            return LookupResult.failed("own", "provider_error", f"no answer for {SECRET_TEXT}")

    report = verify(food_shop(), as_of=AS_OF, registry=OwnRegistry())
    assert report.decision is Decision.REVIEW
    text = report_text(report)
    assert leaked(text) == []
    assert "no answer for" in text
    assert "010-****5678" in text


def test_registration_required_and_name_findings_mask_numbers() -> None:
    """A natural person selling licensed goods (merchant.registration_required), with
    personal numbers in the categories, the name and the representative's name."""
    record = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(3))
    record["categories"] = ["药品", "预包装食品", SECRET_TEXT]
    record["name"] = "张三 " + SECRET_TEXT
    record["legal_representative"] = {"name": "张三 " + SECRET_TEXT}
    report = verify(record, as_of=AS_OF)
    assert "merchant.registration_required" in report.codes
    assert report.decision is Decision.FAIL
    assert leaked(report_text(report)) == []


PLACES: dict[str, tuple[str | int, ...]] = {
    "last_verified_at": ("last_verified_at",),
    "valid_to": ("documents", 1, "valid_to"),
    "validity": ("documents", 1, "validity"),
    "issue_date": ("documents", 1, "issue_date"),
    "holder_name": ("documents", 1, "holder_name"),
    "document_kind": ("documents", 1, "kind"),
    "document_legal_rep": ("documents", 0, "legal_representative"),
    "merchant_id": ("merchant_id",),
    "turnover": ("declared_annual_turnover_yuan",),
    "subject_type": ("subject_type",),
    "contact_phone": ("contact_phone",),
}


def with_value(record: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(record)
    target: Any = out
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return out


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("mode", ["replace", "append"])
def test_personal_numbers_in_any_field_are_quoted_masked(place: str, mode: str) -> None:
    """Each field that a finding may quote, holding (or ending in) an ID number split by
    a line break, a landline, a Hong Kong number and mobile numbers with separators.
    Defect (fixed): appended to a date (``2023.06.12-2028.06.11 139-1234-5678``), the
    mobile number's last eight digits were quoted whole, and an ID number split by a line
    break after a date was read as a mobile number (birth date shown)."""
    record = food_shop()
    path = PLACES[place]
    current: Any = record
    for part in path:
        current = current.get(part) if isinstance(current, dict) else current[part]
    value = SECRET_TEXT if mode == "replace" or current is None else f"{current} {SECRET_TEXT}"
    report = verify(with_value(record, path, value), as_of=AS_OF)
    assert leaked(report_text(report)) == []


def test_an_identity_document_dropped_names_only_its_kind() -> None:
    """record.entry_dropped's ctx["kind"] is a known kind read from the entry, never the
    entry's text."""
    record = food_shop()
    record["documents"].append({"title": "营业执照 " + SECRET_TEXT, "number": {"x": RIC}})
    record["documents"].append({"kind": SECRET_TEXT, "number": RIC})
    report = verify(record, as_of=AS_OF)
    assert leaked(report_text(report)) == []
    for finding in report.findings:
        if finding.code == "record.entry_dropped" and "kind" in finding.ctx:
            assert re.fullmatch(r"[a-z_]+", finding.ctx["kind"])


# --- logs at DEBUG --------------------------------------------------------------------------


def test_no_personal_number_in_any_log_record(
    caplog: pytest.LogCaptureFixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every logger at DEBUG while records full of personal numbers are verified with a
    registry that fails, and run through ``verify``, ``batch`` and ``due``."""
    records = [with_value(food_shop(), path, SECRET_TEXT) for path in PLACES.values()]
    failing = MockRegistryFailing()
    with caplog.at_level(logging.DEBUG):
        for record in records:
            verify(record, as_of=AS_OF, registry=failing)
        path = write_jsonl(tmp_path / "sellers.jsonl", records)
        main(["verify", str(path), "--as-of", AS_OF_TEXT, "--json"])
        main(["batch", str(path), "--out", str(tmp_path / "out.jsonl"), "--as-of", AS_OF_TEXT])
        main(["due", str(path), "--as-of", AS_OF_TEXT, "--within", "9999"])
    captured = capsys.readouterr()
    logged = "\n".join(
        f"{rec.name} {rec.getMessage()} {rec.exc_text or ''}" for rec in caplog.records
    )
    assert leaked(logged) == []
    output = captured.out + captured.err + (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert leaked(output) == []
    assert "010-****5678" in output


class MockRegistryFailing:
    """A registry that always fails, quoting its query's name in the detail."""

    name = "failing"
    license_kinds: frozenset[str] = frozenset()

    def lookup(self, query: RegistryQuery) -> LookupResult:
        logging.getLogger("qualcheck.registries").debug("asked for %s", scrub(query.key))
        return LookupResult.failed("failing", "timeout", f"{query.name} {SECRET_TEXT}")


# --- command line: errors that quote a file's content -------------------------------------------


HEADERLESS = f"m-1,张三,{RIC},{LANDLINE},{MOBILE}\nm-2,李四,{RIC},x,y\n"


@pytest.mark.parametrize("command", ["batch", "due"])
def test_a_csv_without_its_header_row_is_not_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Defect (fixed in batch/_inputs.py): a CSV export without its header row is refused
    with its first row quoted as the header — a seller's ID number and phone numbers
    printed whole on stderr."""
    path = write_file(tmp_path / "sellers.csv", HEADERLESS)
    args = [command, str(path), "--as-of", AS_OF_TEXT]
    if command == "batch":
        args += ["--out", str(tmp_path / "out.jsonl")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "names no column" in err
    assert leaked(err) == []
    assert "010-****5678" in err
    assert "m-1" in err


def test_a_csv_column_named_by_a_number_is_noted_masked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_file(
        tmp_path / "sellers.csv",
        f"merchant_id,name,uscc,{MOBILE}.number\nm-1,示例,91330106JU6XYHXB07,1\n",
    )
    main(["due", str(path), "--as-of", AS_OF_TEXT])
    err = capsys.readouterr().err
    assert "ignored" in err
    assert leaked(err) == []


@pytest.mark.parametrize(
    "policy",
    [{RIC: 1}, {"decisions": {RIC: "review"}}, {"decisions": {f"{MOBILE}.*": "review"}}],
)
def test_policy_errors_quote_unknown_keys_masked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], policy: dict[str, Any]
) -> None:
    """Fixed: an unknown policy option or finding code was quoted whole."""
    records = write_jsonl(tmp_path / "sellers.jsonl", [food_shop()])
    path = write_file(tmp_path / "policy.json", policy)
    assert main(["verify", str(records), "--policy", str(path)]) == 2
    err = capsys.readouterr().err
    assert "unknown" in err
    assert leaked(err) == []
