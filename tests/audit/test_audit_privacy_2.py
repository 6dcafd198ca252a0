"""Audit round 2: every channel where a full personal number could leak.

The standard (docs/verify.md "Privacy", docs/models.md "Personal data", docs/cli.md,
docs/batch.md, docs/testing.md): resident-ID numbers, phone numbers and the numbers of a
representative's identity documents (resident ID, Hong Kong/Macao/Taiwan residence permit,
foreigner's permanent residence ID, travel permit, passport) are masked in reprs, logs,
reports and command-line output by default.  ``test_audit_privacy.py`` (round 1) covered
the plain spellings in a report; this round attacks the spellings a naive pattern misses
(full-width digits, ``x``, ideographic spaces, tabs, several spaces, full-width dashes,
zero-width characters), the other documents' numbers, and the channels beyond the report:
exceptions, model reprs, the command line, logs, the pytest plugin, the FastAPI example
and the registry adapters.

Each check states both halves: the number appears in *no* spelling, and its masked form
does (so the value was quoted, masked, rather than dropped or never reached).  Every
personal number here is generated (``qualcheck.testing.make_ric``) or synthetic.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
import logging
import random
import re
import unicodedata
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest
from audit_support import AS_OF, AS_OF_TEXT, food_shop
from pydantic import ValidationError

from qualcheck import Decision, Report, verify
from qualcheck._scrub import scrub
from qualcheck.cli import main
from qualcheck.exceptions import InvalidNumber
from qualcheck.models import IdentityDocument, Merchant, Person
from qualcheck.numbers import ric
from qualcheck.registries import DriverOptions, HttpRegistry, RegistryQuery, RegistryRecord
from qualcheck.registries.aliyun import AliyunAdapter
from qualcheck.registries.tianyancha import TianyanchaAdapter
from qualcheck.testing import make_merchant, make_ric
from qualcheck.testing.provider_emulators import AliyunEmulator, TianyanchaEmulator
from qualcheck.testing.registry_server import RegistryServer
from qualcheck.types import ResidentID

pytest_plugins = ["pytester"]


def _with_x(seed: int) -> str:
    """A generated resident-ID number whose check character is X."""
    rng = random.Random(seed)
    while True:
        number = make_ric(birth_date=datetime.date(1975, 7, 7), rng=rng)
        if number.endswith("X"):
            return number


RIC = make_ric(birth_date=datetime.date(1988, 3, 14), rng=random.Random(20261201))
RIC_X = _with_x(20261202)
HK_PERMIT = make_ric(holder="hk_permit", birth_date=datetime.date(1990, 5, 6), rng=random.Random(3))
TW_PERMIT = make_ric(holder="taiwan_permit", rng=random.Random(4))
PR_2023 = make_ric(
    holder="foreigner_pr", birth_date=datetime.date(1980, 1, 2), rng=random.Random(5)
)
PHONE = "13912345678"
NUMBERS = {"resident": RIC, "x": RIC_X, "hk": HK_PERMIT, "tw": TW_PERMIT, "pr": PR_2023}
# synthetic numbers of documents not built on GB 11643 (no public rule: any shape is fine)
PASSPORT = "E81736254"
HK_TRAVEL = "H8173625401"
PR_OLD = "USA310080173625"


def full_width(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if char.isalnum() else char for char in text)


def spellings(number: str) -> dict[str, str]:
    """The ways a person or a form writes an 18-character number."""
    head, birth, tail = number[:6], number[6:14], number[14:]
    return {
        "plain": number,
        "lower": number.lower(),
        "spaced": f"{head} {birth} {tail}",
        "full_width": full_width(number),
        "full_width_lower": full_width(number.lower()),
        "ideographic_space": f"{head}\u3000{birth}\u3000{tail}",
        "tabs": f"{head}\t{birth}\t{tail}",
        "double_spaces": f"{head}  {birth}  {tail}",
        "full_width_dashes": f"{head}\uff0d{birth}\uff0d{tail}",
        "zero_width": f"{head}\u200b{birth}\u200b{tail}",
        "groups_of_four": " ".join(number[i : i + 4] for i in range(0, 18, 4)),
    }


_ESCAPE = re.compile(r"\\+(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[tnrfv])")


def flat(text: str) -> str:
    """``text`` as a reader sees the numbers in it: full-width folded, upper case, escapes
    (``\\u3000``, ``\\t``) and every separator removed, masks (``*``) kept."""
    folded = _ESCAPE.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"[^0-9A-Za-z*]", "", folded).upper()


def assert_private(text: str, number: str, *, quoted: bool = True) -> None:
    """No spelling of ``number`` is in ``text`` (nor, for an ID number, its birth date);
    with ``quoted``, its masked form is."""
    shown = flat(text)
    assert number.upper() not in shown, f"{number} leaks in: {text[:2000]}"
    if len(number) == 18 and number[6:14].isdigit():
        assert number[6:14] not in shown, f"the birth date of {number} leaks in: {text[:2000]}"
    if quoted:
        masked = re.escape(number[:3]) + r"[0-9A-Z]{0,3}\*{4,}[0-9]{0,2}" + re.escape(number[-4:])
        assert re.search(masked, shown), f"{number} is not shown masked in: {text[:2000]}"


def report_text(report: Report) -> str:
    return report.to_json() + repr(report) + str(report) + report.model_dump_json()


def var(record: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(record)
    target: Any = out
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return out


# --- the scrubber: every spelling ---------------------------------------------------------------

SPELLING_CASES = [
    pytest.param(number, style, written, id=f"{kind}-{style}")
    for kind, number in NUMBERS.items()
    for style, written in spellings(number).items()
]


@pytest.mark.parametrize(("number", "style", "written"), SPELLING_CASES)
def test_scrub_masks_every_spelling_of_an_id_number(number: str, style: str, written: str) -> None:
    """Defect (fixed in _scrub.py): full-width digits, ideographic spaces, tabs, runs of
    spaces, full-width dashes and zero-width characters went through whole."""
    for text in (f"名称：{written}。", f"cannot read {written!r}", written):
        assert_private(scrub(text), number)


@pytest.mark.parametrize(
    "written",
    [
        "13912345678",
        "139 1234 5678",
        "139-1234-5678",
        "+86 139 1234 5678",
        "0086 139 1234 5678",
        "8613912345678",
        full_width("13912345678"),
        "139\u30001234\u30005678",
        "139\t1234\t5678",
        "电话13912345678转",
    ],
)
def test_scrub_masks_every_spelling_of_a_mobile_number(written: str) -> None:
    for text in (written, repr(written), f"No. 5 {written}"):
        assert_private(scrub(text), PHONE)


def test_scrub_finds_numbers_side_by_side() -> None:
    """An ID number followed at once by a phone number (OCR of a form): both masked; a
    group of other digits before a mobile number does not hide it."""
    assert_private(scrub(RIC_X + PHONE), RIC_X)
    assert_private(scrub(RIC_X + PHONE), PHONE)
    assert_private(scrub(f"No.5 {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}"), PHONE)


@pytest.mark.parametrize("between", [" ", "-", " / "])
def test_scrub_masks_two_phone_numbers_written_in_groups_side_by_side(between: str) -> None:
    """Two mobile numbers in groups of 3-4-4 next to each other: eighteen of their digits
    look like an ID number but have neither its birth date nor its check digit, so each
    phone number is masked as one, and neither keeps more than its first three and last
    four digits in sight."""
    first, second = "139 1234 5678", "138 8765 4321"
    masked = scrub(f"{first}{between}{second}")
    assert masked == f"139 **** 5678{between}138 **** 4321"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        (PASSPORT, "*********"),
        (HK_TRAVEL, "H********01"),
        (PR_OLD, "USA**********25"),
        ("EA1736254", "*********"),
        (full_width(HK_TRAVEL), full_width("H") + "*" * 8 + full_width("01")),
    ],
)
def test_scrub_masks_other_identity_documents(number: str, masked: str) -> None:
    """Passports, travel permits and 2004/2017 permanent-residence IDs typed into a name or
    a date are masked as ``ric.mask`` masks them (they were quoted whole)."""
    assert scrub(f"holder '{number}'") == f"holder '{masked}'"


@pytest.mark.parametrize(
    "text",
    [
        "JY14403050000010",
        "SC10644010500159",
        "91330106JU6XYHXB07",
        "CNCA-R-2002-001",
        "2024-11-23",
        "2019年4月2日至2039年4月1日",
        "2023.06.12-2028.06.11",
        "GB 2760-2014",
        "(浙)-经营性-2023-0001",
        "110105",
        "E1234567 8",
    ],
)
def test_scrub_leaves_other_numbers_alone(text: str) -> None:
    assert scrub(text) == text


# --- exceptions and model reprs ---------------------------------------------------------------


def bad_check(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def bad_birth(number: str) -> str:
    return number[:10] + "1332" + number[14:]


@pytest.mark.parametrize(
    "number", [bad_check(RIC), bad_check(RIC_X), bad_birth(RIC), bad_birth(HK_PERMIT)]
)
@pytest.mark.parametrize("style", ["plain", "lower", "full_width", "spaced"])
def test_invalid_number_exceptions_do_not_quote_the_number(number: str, style: str) -> None:
    """InvalidNumber names the rule and the position, never the number; so do the
    ValidationError texts of every model holding one (hide_input_in_errors)."""
    written = spellings(number)[style]
    with pytest.raises(InvalidNumber) as caught:
        ResidentID(written)
    error = caught.value
    text = f"{error} {error!r} {error.message} {error.message_zh} {error.ctx} {error.to_finding()}"
    assert_private(text, number, quoted=False)
    assert error.code in ("ric.checksum", "ric.birth_date")
    for build in (
        lambda: Person(name="张三", id_number=written),
        lambda: IdentityDocument(number=written, holder_name="张三"),
        lambda: Merchant.model_validate(
            {
                "subject_type": "natural_person",
                "name": "张三",
                "legal_representative": {"name": "张三", "id_number": written},
            }
        ),
    ):
        with pytest.raises(ValidationError) as failed:
            build()
        shown = f"{failed.value} {failed.value!r} {failed.value.errors(include_input=False)}"
        assert_private(shown, number, quoted=False)
        assert error.code in shown


def test_validation_error_errors_and_json_hold_the_input() -> None:
    """Documented (docs/models.md): pydantic's ``errors()`` and ``json()`` carry each
    error's ``input`` whatever ``hide_input_in_errors`` says — use
    ``errors(include_input=False)`` before logging or answering with them."""
    with pytest.raises(ValidationError) as failed:
        Person(name="张三", id_number=bad_check(RIC))
    assert failed.value.errors()[0]["input"] == bad_check(RIC)
    assert bad_check(RIC) in failed.value.json()
    assert "input" not in failed.value.errors(include_input=False)[0]


@pytest.mark.parametrize(
    ("number", "id_type", "masked"),
    [
        (RIC_X, None, RIC_X[:6] + "*" * 8 + RIC_X[-4:]),
        (HK_PERMIT, "港澳台居民居住证", HK_PERMIT[:6] + "*" * 8 + HK_PERMIT[-4:]),
        (PR_2023, "外国人永久居留身份证", PR_2023[:6] + "*" * 8 + PR_2023[-4:]),
        (PASSPORT, "护照", "*********"),
        (HK_TRAVEL, "回乡证", "H********01"),
        ("81736254", "台胞证", "********"),
    ],
)
def test_identity_reprs_mask_every_document_number(
    number: str, id_type: str | None, masked: str
) -> None:
    person = Person(name="张三", id_number=full_width(number.lower()), id_type=id_type)
    document = IdentityDocument(number=number, holder_name="张三", id_type=id_type)
    merchant = Merchant.model_validate(
        {
            "subject_type": "natural_person",
            "name": "张三",
            "legal_representative": person,
            "documents": [document],
        }
    )
    shown = [repr(obj) for obj in (person, document, merchant, person.id_number, document.number)]
    shown += [str(obj) for obj in (person, document, merchant)]  # str() of a number is whole
    for text in shown:
        assert number.upper() not in flat(text)
        assert masked in text
    # the value itself is kept (the platform stores it): explicit access only
    assert str(person.id_number) == number.upper()
    assert merchant.model_dump()["documents"][0]["number"] == number


def test_dumps_keep_the_full_number_and_the_digest_is_a_hash() -> None:
    """What a platform persists: ``model_dump``/``model_dump_json`` of the models keep
    the numbers (explicit access, to store the file); the report never does, and its
    ``input_digest`` is the SHA-256 of the whole record."""
    record = food_shop()
    record["legal_representative"] = {"name": "张三", "id_number": RIC_X}
    record["contact_phone"] = PHONE
    merchant = Merchant.model_validate(record)
    assert RIC_X in merchant.model_dump_json()
    assert merchant.model_dump()["contact_phone"] == PHONE
    report = verify(record, as_of=AS_OF)
    assert_private(report_text(report), RIC_X, quoted=False)
    assert PHONE not in flat(report_text(report))
    assert re.fullmatch(r"[0-9a-f]{64}", report.input_digest)
    assert report.input_digest != hashlib.sha256(RIC_X.encode()).hexdigest()


# --- findings: ctx and messages in both languages ---------------------------------------------

PLACES = {
    "name": ("name",),
    "merchant_id": ("merchant_id",),
    "category": ("categories", 0),
    "date": ("documents", 1, "valid_to"),
    "holder_name": ("documents", 1, "holder_name"),
    "document_legal_rep": ("documents", 1, "legal_representative"),
    "legal_rep_name": ("legal_representative", "name"),
    "document_kind": ("documents", 1, "kind"),
}
STYLES = ["full_width", "ideographic_space", "tabs", "double_spaces", "full_width_dashes", "lower"]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("style", STYLES)
def test_an_id_number_in_the_wrong_field_is_quoted_masked(place: str, style: str) -> None:
    """Defect (fixed in _scrub.py): every finding that quotes a value — name and legal
    representative mismatches, category.unknown, record.invalid_value,
    record.unknown_document_kind — and the report's ``merchant_id`` printed an ID number
    whole when it was written full-width or grouped by other than single ASCII spaces."""
    record = food_shop()
    if place == "legal_rep_name":
        record["legal_representative"] = {"name": "张三"}
    written = spellings(RIC_X)[style]
    report = verify(var(record, PLACES[place], written), as_of=AS_OF)
    assert report.decision is not Decision.PASS or place == "merchant_id"
    assert_private(report_text(report), RIC_X)
    for finding in report.findings:
        quoted = json.dumps([finding.message, finding.message_zh, finding.ctx], ensure_ascii=False)
        assert_private(quoted, RIC_X, quoted=False)


@pytest.mark.parametrize("number", [PASSPORT, HK_TRAVEL, PR_OLD, HK_PERMIT, PR_2023])
def test_another_documents_number_in_a_name_is_quoted_masked(number: str) -> None:
    report = verify(var(food_shop(), ("name",), number), as_of=AS_OF)
    assert "consistency.name_mismatch" in report.codes
    assert number not in report_text(report)


@pytest.mark.parametrize("style", ["plain", "full_width", "spaced", "ideographic_space"])
def test_a_phone_in_the_id_field_and_an_id_in_the_phone_field(style: str) -> None:
    record = food_shop()
    record["legal_representative"] = {"name": "张三", "id_number": full_width(PHONE)}
    record["contact_phone"] = spellings(RIC_X)[style]
    report = verify(record, as_of=AS_OF)
    assert report.decision is not Decision.PASS
    text = report_text(report)
    assert_private(text, RIC_X, quoted=False)
    assert PHONE not in flat(text)


@pytest.mark.parametrize("field", ["address", "scope"])
def test_an_id_number_inside_free_text_never_reaches_the_report(field: str) -> None:
    record = food_shop()
    text = f"浙江省杭州市{spellings(RIC_X)['full_width']}号，电话{PHONE}"
    if field == "scope":
        record["documents"][0]["scope"] = record["documents"][0]["scope"] + "；" + text
    else:
        record["address"] = text
    report = verify(record, as_of=AS_OF)
    assert_private(report_text(report), RIC_X, quoted=False)
    assert PHONE not in flat(report_text(report))


def test_a_legal_representative_id_mismatch_and_a_holder_that_differs() -> None:
    """Two identity documents of the same person with different numbers, one of them held
    by another name: the findings name paths, never the numbers."""
    record: dict[str, Any] = {
        "subject_type": "natural_person",
        "name": "张三",
        "legal_representative": {"name": "张三", "id_number": RIC},
        "declared_annual_turnover_yuan": 1000,
        "documents": [
            {
                "kind": "identity",
                "number": RIC_X,
                "holder_name": "李四",
                "validity": "2020-01-01至2040-01-01",
            },
            {
                "kind": "identity",
                "number": HK_PERMIT,
                "holder_name": "张三",
                "validity": "2024-01-01至2029-01-01",
            },
        ],
    }
    report = verify(record, as_of=AS_OF)
    assert report.decision is not Decision.PASS
    text = report_text(report)
    for number in (RIC, RIC_X, HK_PERMIT):
        assert_private(text, number, quoted=False)


# --- logs ---------------------------------------------------------------------------------------


def _personal_record() -> dict[str, Any]:
    record = food_shop()
    record["legal_representative"] = {"name": "张三", "id_number": RIC_X}
    record["contact_phone"] = PHONE
    record["merchant_id"] = RIC_X
    record["address"] = "地址" + RIC_X
    return record


def _entity(record: dict[str, Any]) -> RegistryRecord:
    return RegistryRecord(
        name=record["name"],
        uscc=record["uscc"],
        legal_representative="张三",
        status="存续",
        term_from="2010-01-01",
        term_to="长期",
    )


def test_no_personal_number_in_debug_logs_of_http_lookups(caplog: pytest.LogCaptureFixture) -> None:
    """Every logger (qualcheck, qualcheck.registries, httpx, httpcore) at DEBUG, through a
    real HTTP round trip on loopback: a found entity, an unknown one, and the element
    verification that sends the legal representative's ID number (Alibaba ENT_4META)."""
    record = _personal_record()
    unknown = copy.deepcopy(record)
    unknown["uscc"] = unknown["documents"][0]["number"] = "91350100M000100Y43"
    with caplog.at_level(logging.DEBUG):
        server = RegistryServer(TianyanchaEmulator([_entity(record)], token="t0ken")).start()
        try:
            adapter = TianyanchaAdapter("t0ken", base_url=server.url)
            with HttpRegistry(adapter, DriverOptions(attempts=2)) as registry:
                reports = [verify(r, as_of=AS_OF, registry=registry) for r in (record, unknown)]
        finally:
            server.stop()
        server = RegistryServer(
            AliyunEmulator(
                [_entity(record)],
                access_key_id="kid",
                access_key_secret="ksecret",
                cert_numbers={record["uscc"]: RIC_X},
            )
        ).start()
        try:
            adapter4 = AliyunAdapter(
                "kid",
                "ksecret",
                base_url=server.url,
                info_type="ENT_4META",
                cert_no_for=lambda query: RIC_X,
            )
            with HttpRegistry(adapter4, DriverOptions(attempts=1)) as registry:
                reports.append(verify(record, as_of=AS_OF, registry=registry))
        finally:
            server.stop()
    assert [r.registry.status for r in reports if r.registry] == ["found", "not_found", "found"]
    assert "HTTP Request" in caplog.text  # httpx did log, at INFO
    assert_private(caplog.text, RIC_X, quoted=False)
    assert PHONE not in flat(caplog.text)
    for report in reports:
        assert_private(report_text(report), RIC_X)  # merchant_id and address quoted masked


def test_a_registry_query_carries_no_id_number() -> None:
    """The query the engine hands an adapter holds the representative's name, never a
    number: an ID goes to a provider only through an explicit ``cert_no_for``."""
    seen: list[RegistryQuery] = []

    class Spy:
        name = "spy"
        license_kinds: frozenset[str] = frozenset()

        def lookup(self, query: RegistryQuery) -> Any:
            seen.append(query)
            from qualcheck.registries import LookupResult

            return LookupResult.not_found("spy")

    verify(_personal_record(), as_of=AS_OF, registry=Spy())
    assert seen
    assert_private(repr(seen) + seen[0].key, RIC_X, quoted=False)


@pytest.mark.parametrize("style", ["lower", "spaced", "full_width"])
def test_a_provider_echoing_the_id_number_in_another_spelling_is_masked(style: str) -> None:
    """Fixed defect (registries/_adapter_support.py): the Alibaba adapter removes the
    sent ID number from a provider's message by exact replacement only; an echo with a
    lower-case x, spaces or full-width digits reaches ``detail`` (and the warning log)."""
    adapter = AliyunAdapter(
        "kid",
        "ksecret",
        info_type="ENT_4META",
        cert_no_for=lambda query: RIC_X,
        clock=lambda: 1700000000,
        nonce=lambda: "n1",
    )
    step = next(
        adapter.flow(
            RegistryQuery(
                uscc="91350100M000100Y43", name="福州示例有限公司", legal_representative="王五"
            )
        )
    )
    echo = spellings(RIC_X)[style]
    body = {
        "RequestId": "R",
        "Code": "InvalidParameter",
        "Message": f"The specified parameter LegalPersonCertNo {echo} is invalid",
    }
    response = httpx.Response(200, json=body, request=step.request)
    result = step.parse(response)
    assert_private(f"{result!r} {result.evidence()} {result.detail}", RIC_X, quoted=False)


# --- the command line -------------------------------------------------------------------------


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def records_file(tmp_path: Path) -> Path:
    fw_name = var(food_shop(), ("name",), spellings(RIC_X)["full_width"])
    spaced_category = var(food_shop(), ("categories", 0), spellings(RIC_X)["ideographic_space"])
    bad_id = var(
        food_shop(), ("legal_representative",), {"name": "张三", "id_number": bad_check(RIC_X)}
    )
    by_id = var(food_shop(), ("merchant_id",), spellings(RIC_X)["tabs"])
    lines = [json.dumps(r, ensure_ascii=False) for r in (fw_name, spaced_category, bad_id, by_id)]
    # a line that is not JSON, quoting an ID number (the decode error must not echo it)
    lines.append(
        f'{{"merchant_id": "{RIC_X}", "legal_representative": {{"id_number": "{RIC_X}"}} oops'
    )
    return _write(tmp_path / "sellers.jsonl", lines)


@pytest.mark.parametrize("extra", [[], ["--json"], ["--lang", "zh"], ["--lang", "zh", "--verbose"]])
def test_verify_command_masks_every_spelling(
    records_file: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    status = main(["verify", str(records_file), "--as-of", AS_OF_TEXT, *extra])
    captured = capsys.readouterr()
    assert status == 1
    assert_private(captured.out + captured.err, RIC_X)
    if "--json" in extra:
        lines = [json.loads(line) for line in captured.out.splitlines()]
        assert len(lines) == 5
        assert lines[4]["decision"] == "review"


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_batch_command_masks_every_spelling(
    records_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out = tmp_path / f"results.{suffix}"
    status = main(["batch", str(records_file), "--out", str(out), "--as-of", AS_OF_TEXT, "-q"])
    captured = capsys.readouterr()
    assert status == 1
    assert_private(out.read_text(encoding="utf-8") + captured.out + captured.err, RIC_X)


def _due(capsys: pytest.CaptureFixture[str], path: Path, fmt: str) -> str:
    main(["due", str(path), "--as-of", AS_OF_TEXT, "--within", "99999", "--format", fmt])
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl"])
def test_due_command_masks_merchant_ids_and_identity_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    person = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(9))
    for document in person["documents"]:
        if document["kind"] == "identity":
            document["number"] = RIC_X
            document["valid_to"], document["valid_from"] = "2027-01-31", "2007-01-31"
            document.pop("validity", None)
    person["legal_representative"] = {"name": person["name"], "id_number": RIC_X}
    person["merchant_id"] = spellings(RIC_X)["tabs"]
    path = _write(tmp_path / "due.jsonl", [json.dumps(person, ensure_ascii=False)])
    text = _due(capsys, path, fmt)
    assert "identity" in text
    assert_private(text, RIC_X)


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl"])
def test_due_command_masks_a_personal_number_in_the_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Fixed defect (batch/_due.py): the list of what is due prints the merchant's
    name as given — an ID or phone number typed into the name is printed whole (in any
    spelling), though the reports quote the same name masked."""
    record = var(food_shop(), ("name",), f"{RIC_X} {PHONE}")
    text = _due(capsys, _write(tmp_path / "due.jsonl", [json.dumps(record)]), fmt)
    assert "JY" in text
    assert_private(text, RIC_X)
    assert PHONE not in flat(text)


def test_verify_command_error_for_a_file_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(json.dumps({"name": "张三", "id": RIC_X}, ensure_ascii=False).encode("gbk"))
    assert main(["verify", str(path)]) == 2
    captured = capsys.readouterr()
    assert "not UTF-8" in captured.err
    assert_private(captured.out + captured.err, RIC_X, quoted=False)


@pytest.mark.parametrize(
    ("value", "secret", "shown"),
    [
        (PHONE, PHONE, "139****5678"),  # read as a local food-filing number: was printed whole
        ("139 1234 5678", PHONE, "139 **** 5678"),
        (RIC_X + "1", RIC_X, None),  # an ID number with a digit too many: was printed whole
        (RIC_X[:17], RIC_X[:17], None),  # … or a digit too few (its birth date with it)
        (full_width(RIC_X), RIC_X, None),
        (PASSPORT, PASSPORT, "*********"),
    ],
)
def test_id_command_masks_what_may_be_personal(
    capsys: pytest.CaptureFixture[str], value: str, secret: str, shown: str | None
) -> None:
    """Defect (fixed in cli/_id_command.py): ``qualcheck id auto`` printed a mobile
    number, and an ID number with one digit too many or too few, whole."""
    for extra in ([], ["--json"], ["--lang", "zh"]):
        main(["id", "auto", value, *extra])
        out = capsys.readouterr().out
        assert secret not in flat(out)
        assert RIC_X[6:14] not in flat(out)
        if shown is not None:
            assert shown in out
    main(["id", "auto", value, "--json", "--reveal"])
    assert json.loads(capsys.readouterr().out)["input"] == value


def test_id_command_prints_a_valid_business_number_whole(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Masking is for what may be personal: a valid licence number stays readable."""
    main(["id", "auto", "JY14403050000010", "--json"])
    assert json.loads(capsys.readouterr().out)["input"] == "JY14403050000010"


@pytest.mark.parametrize("kind", ["ric", "uscc", "food_business", "auto"])
@pytest.mark.parametrize("number", [bad_check(RIC_X), bad_birth(RIC), HK_PERMIT, PR_2023])
def test_id_command_masks_id_numbers_of_any_kind(
    capsys: pytest.CaptureFixture[str], kind: str, number: str
) -> None:
    main(["id", kind, number, "--json"])
    main(["id", kind, spellings(number)["spaced"]])
    assert_private(capsys.readouterr().out, number, quoted=False)


# --- the pytest plugin --------------------------------------------------------------------------

PLUGIN_TESTS = f"""
import datetime, random
from qualcheck import verify
from qualcheck.testing import assert_decision, assert_finding, make_merchant

AS_OF = datetime.date(2026, 11, 29)

def record():
    seller = make_merchant("food_shop", as_of=AS_OF, rng=random.Random(1))
    seller["legal_representative"] = {{"name": "张三", "id_number": "{bad_check(RIC_X)}"}}
    seller["name"] = "{RIC_X}"
    seller["merchant_id"] = "{full_width(RIC_X)}"
    return seller

def test_where_explanation():
    assert verify(record(), as_of=AS_OF).passed

def test_helper():
    assert_decision(verify(record(), as_of=AS_OF), "pass")

def test_helper_bad_argument():
    assert_decision(verify(record(), as_of=AS_OF), "{RIC_X}")

def test_compare():
    assert verify(record(), as_of=AS_OF) == "pass"

def test_printed():
    print(record())
    assert_finding(verify(record(), as_of=AS_OF), "license.expired")
"""


@pytest.mark.parametrize("tb", ["auto", "long", "short", "native"])
def test_plugin_masks_personal_numbers_in_failed_tests(pytester: pytest.Pytester, tb: str) -> None:
    """Defect (fixed in testing/pytest_plugin.py and assertions.py): pytest's explanation
    of ``assert verify(record()).passed`` printed the record — ID number and all — and a
    long traceback showed the helpers' arguments; captured output too."""
    pytester.makepyfile(PLUGIN_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", f"--tb={tb}", "-l", "-rA")
    result.assert_outcomes(failed=5)
    text = result.stdout.str() + result.stderr.str()
    for number in (RIC_X, bad_check(RIC_X)):
        assert_private(text, number, quoted=False)
    assert re.search(re.escape(RIC_X[:3]) + r"\*{11}" + re.escape(RIC_X[-4:]), text)


def test_plugin_reveals_on_request(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PLUGIN_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", "--qualcheck-reveal")
    result.assert_outcomes(failed=5)
    assert RIC_X in result.stdout.str()


# --- the FastAPI example ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Any:
    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with")
        from fastapi.testclient import TestClient
    import fastapi_onboarding

    return TestClient(fastapi_onboarding.app)


@pytest.mark.parametrize(
    ("path", "style"),
    [
        (("documents", 1, "valid_to"), "plain"),
        (("documents", 1, "valid_to"), "spaced"),
        (("documents", 1, "kind"), "plain"),
        (("documents", 1, "kind"), "full_width"),
        (("legal_representative",), "bad_check"),
        (("declared_annual_turnover_yuan",), "plain"),
    ],
)
def test_fastapi_422_never_echoes_an_id_number(
    client: Any, path: tuple[Any, ...], style: str
) -> None:
    """Defect (fixed in examples/fastapi_onboarding.py): the 422 answer quoted the
    unreadable value in ``message`` and ``ctx`` (``record.invalid_value``,
    ``record.unknown_document_kind``)."""
    value: Any = (
        {"name": "张三", "id_number": bad_check(RIC_X)}
        if style == "bad_check"
        else spellings(RIC_X)[style]
    )
    response = client.post(
        "/merchants/verify", params={"as_of": AS_OF_TEXT}, json=var(food_shop(), path, value)
    )
    assert response.status_code == 422
    assert response.json()["decision"] in ("review", "fail")
    for number in (RIC_X, bad_check(RIC_X)):
        assert_private(response.text, number, quoted=False)


def test_fastapi_report_masks_a_personal_merchant_id(client: Any) -> None:
    record = var(food_shop(), ("merchant_id",), RIC_X)
    record["legal_representative"] = {"name": "张三", "id_number": RIC_X}
    response = client.post("/merchants/verify", params={"as_of": AS_OF_TEXT}, json=record)
    assert response.status_code == 200
    assert_private(response.text, RIC_X)


def test_fastapi_json_that_does_not_parse(client: Any) -> None:
    body = f'{{"legal_representative": {{"id_number": "{RIC_X}"}} oops'.encode()
    response = client.post(
        "/merchants/verify",
        params={"as_of": AS_OF_TEXT},
        content=body,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert_private(response.text, RIC_X, quoted=False)


# --- proposals for files this audit does not own ------------------------------------------------


@pytest.mark.parametrize("field", ["address", "name", "merchant_id"])
def test_merchant_repr_masks_numbers_in_free_text(field: str) -> None:
    """Fixed defect (models/merchant.py, documents.py): ``repr(merchant)`` prints
    free-text fields verbatim, so an ID or phone number in the address, the name or the
    merchant id (a platform keying sellers by phone) is logged whole by ``log.debug(
    "%r", merchant)``.  The report masks the same merchant id."""
    record = var(food_shop(), (field,), f"示例{RIC_X} {PHONE}")
    merchant = Merchant.model_validate(record)
    assert_private(repr(merchant) + str(merchant), RIC_X)
    assert PHONE not in repr(merchant)


def test_ric_mask_hides_the_birth_date_of_every_form() -> None:
    for number in (RIC_X, HK_PERMIT, PR_2023, bad_check(RIC), full_width(RIC_X.lower())):
        assert_private(ric.mask(number), ric.compact(number), quoted=True)
