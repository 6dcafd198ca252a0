"""Audit 2: the toolkit for unit-testing seller records (``qualcheck.testing``).

The contract is docs/testing.md.  This round attacks what the first audit
(test_audit_testing_toolkit.py) left open:

* generated numbers against an independent implementation (python-stdnum 2.2: the check
  characters, the birth date; its whole ``cn.uscc`` check), and at the boundaries of the
  options (years before 1000, leap days, 1900/2099, every type character of every
  authority);
* "belongs to nobody": the county codes of generated resident IDs are checked against
  python-stdnum's historical table (a code our table says was retired, but that another
  county kept using after 1984, is someone's);
* options of the wrong type are a ``ConfigError``, never a ``TypeError`` from inside;
* seeds replay across processes whatever ``PYTHONHASHSEED``;
* every knob of every profile against the decision the table documents;
* hypothesis strategies under hypothesis's default settings (health checks on);
* the pytest plugin in a fresh pytest process (entry point): skips and xfails whose
  reason quotes a number, parametrised IDs, with and without ``--qualcheck-reveal``;
* ``MockRegistry.add_merchant`` with the record shapes ``verify`` accepts;
* the loopback server against malformed requests and replies it cannot send, two
  servers at once, and clean shutdown; the Alibaba Cloud emulator against a body that is
  not UTF-8.
"""

from __future__ import annotations

import datetime
import json
import random
import socket
import subprocess
import sys
import threading
from typing import Any

import httpx
import pytest
from audit_support import AS_OF, PHONE, ROOT
from hypothesis import given, settings
from stdnum import numdb
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from qualcheck import verify
from qualcheck.exceptions import ConfigError
from qualcheck.numbers import regions, ric, uscc
from qualcheck.numbers._checksums import GB32100_ALPHABET
from qualcheck.numbers.uscc import AUTHORITIES
from qualcheck.registries import RegistryRecord
from qualcheck.testing import (
    INVALID_REASONS,
    PROFILES,
    VALID_MAKERS,
    MockRegistry,
    RegistryServer,
    Reply,
    make_invalid,
    make_merchant,
    make_ric,
    make_uscc,
    make_valid,
)
from qualcheck.testing._gen_core import _synthetic_regions
from qualcheck.testing._http_types import Incoming
from qualcheck.testing.merchants import _PROFILES, DOCUMENTS, _category_kinds
from qualcheck.testing.provider_emulators import AliyunEmulator
from qualcheck.testing.strategies import merchants, numbers

pytest_plugins = ["pytester"]

SEEDS = range(40)
FIRST_ID_YEAR = 1984
"""The first resident ID numbers were assigned in 1984 (domain.md §3.1)."""


def _stdnum_uses(code: str) -> list[tuple[int | None, int | None]]:
    """The (first, last) years python-stdnum's table gives ``code`` as a county; an
    empty list when the table has no county under it."""
    info = {
        key: value for _, props in numdb.get("cn/loc").info(code) for key, value in props.items()
    }
    county = info.get("county")
    if not county:
        return []
    uses: list[tuple[int | None, int | None]] = []
    for entry in county.split(","):
        if not entry.startswith("["):
            uses.append((None, None))  # current, no range
            continue
        first, last = entry[1:].split("]", 1)[0].split("-")
        uses.append((int(first) if first else None, int(last) if last else None))
    return uses


# --- generated numbers against python-stdnum ------------------------------------------------


@pytest.mark.parametrize("authority", sorted(a for a in AUTHORITIES if a.isdigit()))
def test_every_uscc_passes_stdnum(authority: str) -> None:
    """python-stdnum checks length, alphabet, digits in positions 1-8 and the check
    character; every generated USCC of a numeric authority passes it (authorities A, N
    and Y put a letter in position 1, which stdnum rejects for real codes too)."""
    for seed in SEEDS:
        number = make_uscc(authority=authority, rng=random.Random(seed))
        assert stdnum_uscc.is_valid(number), number
        assert uscc.check(number).verdict.value == "valid"


@pytest.mark.parametrize("holder", ["resident", "hk_permit", "macao_permit", "taiwan_permit"])
def test_ric_check_digit_and_birth_date_agree_with_stdnum(holder: str) -> None:
    """The parts of stdnum's ``cn.ric`` that are the standard (MOD 11-2, the date)
    agree with every generated number; its extra rule (the county must have existed in
    the birth year) is the pitfall domain.md §3.1 warns against, so default numbers,
    whose county was retired before 1984, are not held to it."""
    for seed in SEEDS:
        rng = random.Random(seed)
        birth = datetime.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
        number = make_ric(holder=holder, birth_date=birth, rng=rng)
        assert number[-1] == stdnum_ric.calc_check_digit(number), number
        assert stdnum_ric.get_birth_date(number) == birth


def test_ric_with_a_current_region_passes_stdnum_whole() -> None:
    for seed in SEEDS:
        rng = random.Random(seed)
        birth = datetime.date(rng.randint(1950, 2005), 2, 28)
        number = make_ric(region="110105", birth_date=birth, rng=rng)  # 朝阳区, never renumbered
        assert stdnum_ric.is_valid(number), number


# --- boundaries of the options --------------------------------------------------------------


@pytest.mark.parametrize(
    "birth",
    [datetime.date(1, 1, 1), datetime.date(999, 12, 31), datetime.date(1000, 2, 28)],
    ids=str,
)
def test_a_birth_year_before_1000_still_makes_an_18_character_number(
    birth: datetime.date,
) -> None:
    """Defect: ``strftime("%Y")`` does not pad years before 1000 on glibc, so
    ``make_ric(birth_date=date(999, 12, 31))`` made a 17-character number
    (``ric.length``); the docs promise a year before 1870 is reported for review."""
    number = make_ric(birth_date=birth, rng=random.Random(1))
    assert len(number) == 18
    result = ric.check(number)
    assert result.verdict.value == "review"
    assert [f.code for f in result.findings] == ["ric.birth_date_implausible"]


@pytest.mark.parametrize(
    "birth",
    [
        datetime.date(1870, 1, 1),
        datetime.date(1900, 2, 28),  # 1900 is no leap year
        datetime.date(2000, 2, 29),
        datetime.date(2096, 2, 29),
        datetime.date(2099, 12, 31),
    ],
    ids=str,
)
@pytest.mark.parametrize("holder", ["resident", "hk_permit", "foreigner_pr"])
def test_birth_date_boundaries(birth: datetime.date, holder: str) -> None:
    number = make_ric(birth_date=birth, holder=holder, rng=random.Random(3))
    day_after = datetime.date(2100, 1, 1)
    assert ric.check(number, as_of=day_after).verdict.value == "valid"
    assert ric.parse(number, as_of=day_after).birth_date == birth


def test_every_type_character_of_every_authority() -> None:
    """Positions 1-2: a published type is valid, any other USCC character is questioned
    (``uscc.type_unknown``, review) — never rejected."""
    for authority, (_, _, types) in AUTHORITIES.items():
        for kind in GB32100_ALPHABET:
            result = uscc.check(
                make_uscc(authority=authority, entity_type=kind, rng=random.Random(0))
            )
            if kind in types:
                assert result.verdict.value == "valid", (authority, kind)
            else:
                assert result.verdict.value == "review", (authority, kind)
                assert [f.code for f in result.findings] == ["uscc.type_unknown"]


# --- nobody's numbers ---------------------------------------------------------------------


def test_default_resident_codes_were_used_by_nobody_after_1984() -> None:
    """Defect: the region table lists 332821-332824 as Zhoushan's counties retired in
    1982, but Lishui's counties (青田县 until 2000 …) used those codes from 1982, and
    512402 was Luzhou's until 1985 — real ID numbers carry them.  No code of the pool may
    be in use, by python-stdnum's historical table, in or after 1984."""
    in_use = {
        code: uses
        for code in _synthetic_regions()
        for uses in [_stdnum_uses(code)]
        if any(last is None or last >= FIRST_ID_YEAR for _, last in uses)
    }
    assert in_use == {}
    for code in ("332821", "332822", "332823", "332824", "512402"):
        assert code not in _synthetic_regions()


def test_generated_ids_of_natural_persons_use_only_the_pool() -> None:
    pool = set(_synthetic_regions())
    for seed in SEEDS:
        assert make_ric(rng=random.Random(seed))[:6] in pool
        record = make_merchant("natural_person", as_of=AS_OF, rng=random.Random(seed))
        assert record["documents"][0]["number"][:6] in pool
        assert make_invalid("ric", "legacy_15", rng=random.Random(seed))[:6] in pool


def test_region_unknown_ids_name_no_place_at_all() -> None:
    """``make_invalid("ric", "region_unknown")`` is a number ``check`` only questions, so
    it must be nobody's too: its code is in neither table, and its prefecture digits
    (71-89) are ones GB/T 2260 gives no prefecture."""
    for seed in range(200):
        number = make_invalid("ric", "region_unknown", rng=random.Random(seed))
        assert not regions.is_known(number[:6])
        assert _stdnum_uses(number[:6]) == []
        assert 71 <= int(number[2:4]) <= 89
        assert [f.code for f in ric.check(number).findings] == ["ric.region_unknown"]


def test_default_birth_dates_are_in_the_past() -> None:
    for seed in SEEDS:
        birth = ric.parse(make_ric(rng=random.Random(seed))).birth_date
        assert birth is not None
        assert birth < datetime.date(2006, 1, 1)


# --- option types --------------------------------------------------------------------------

WRONG_TYPES: list[tuple[str, dict[str, Any]]] = [
    ("food_business", {"region": 440305}),
    ("food_production", {"region": 440305}),
    ("food_filing", {"region": 44}),
    ("food_business", {"region": datetime.date(2020, 1, 1)}),
    ("uscc", {"authority": ["9"]}),
    ("uscc", {"authority": 9}),
    ("drug_business", {"province": ["44"]}),
    ("drug_business", {"province": 44}),
    ("drug_business", {"business_type": ["A"]}),
    ("drug_business", {"legal_person": ["A"]}),
    ("drug_info", {"province": 46}),
    ("device_business", {"province": ["粤"]}),
    ("cma", {"authority": ["19"]}),
    ("cma", {"authority": 19}),
]


@pytest.mark.parametrize(("kind", "options"), WRONG_TYPES, ids=repr)
def test_an_option_of_the_wrong_type_is_a_config_error(kind: str, options: dict[str, Any]) -> None:
    """Defect: these raised ``TypeError`` (``'int' object is not subscriptable``,
    ``unhashable type: 'list'``) from inside the maker."""
    name = next(iter(options))
    with pytest.raises(ConfigError, match=name):
        make_valid(kind, rng=random.Random(1), **options)


# --- reproducible across processes -------------------------------------------------------

_REPLAY = """
import datetime, json, random
from qualcheck.testing import INVALID_REASONS, VALID_MAKERS, PROFILES
from qualcheck.testing import make_invalid, make_merchant, make_valid
out = [make_valid(k, rng=random.Random(seed)) for k in sorted(VALID_MAKERS) for seed in range(5)]
out += [make_invalid(k, reason, rng=random.Random(1))
        for k, reasons in sorted(INVALID_REASONS.items())
        for reason in reasons if not reason.endswith("future")]
out += [json.dumps(make_merchant(p, as_of=datetime.date(2026, 11, 29), rng=random.Random(2)),
                   ensure_ascii=False, sort_keys=True) for p in PROFILES]
print(json.dumps(out, ensure_ascii=False))
"""


def test_seeds_replay_in_other_processes_whatever_the_hash_seed() -> None:
    outputs = set()
    for hash_seed in ("0", "1", "4242"):
        result = subprocess.run(
            [sys.executable, "-c", _REPLAY],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={"PYTHONHASHSEED": hash_seed, "PATH": "/usr/bin:/bin"},
            cwd=ROOT,
            timeout=120,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert len(json.loads(outputs.pop())) > 100


# --- merchant knobs against the documented table -----------------------------------------

_DATES = [datetime.date(2016, 2, 29), datetime.date(2026, 8, 31), datetime.date(2099, 12, 31)]


def _judged(profile: str, as_of: datetime.date, seed: int, **knobs: Any) -> tuple[str, set[str]]:
    record = make_merchant(profile, as_of=as_of, rng=random.Random(seed), **knobs)
    report = verify(record, as_of=as_of)
    return report.decision.value, set(report.codes)


def _documented(profile: str) -> list[tuple[dict[str, Any], str, str]]:
    """(knobs, decision, code) of each row of the knob table that applies to ``profile``."""
    spec = _PROFILES[profile]
    rows: list[tuple[dict[str, Any], str, str]] = []
    for doc in spec.expiring:
        rows.append(({"expired": [doc]}, "fail", "license.expired"))
        rows.append(({"expiring": [doc]}, "review", "license.expiring_soon"))
    for doc in spec.documents:
        if doc == "business_license":
            rows.append(({"missing": [doc]}, "review", "document.business_license_missing"))
        elif doc == "identity":
            rows.append(({"missing": [doc]}, "fail", "merchant.identity_missing"))
        else:
            rows.append(({"missing": [doc]}, "fail", "category.license_missing"))
    rows.append(({"name_mismatch": True}, "fail", "consistency.name_mismatch"))
    if profile != "natural_person":
        rows.append(({"uscc_mismatch": True}, "fail", "consistency.uscc_mismatch"))
    rows.append(({"last_verified_months_ago": 7}, "review", "merchant.reverification_due"))
    return rows


@pytest.mark.parametrize("profile", PROFILES)
def test_every_knob_of_every_profile_gives_its_code_and_decision(profile: str) -> None:
    for knobs, decision, code in _documented(profile):
        for as_of in _DATES:
            for seed in range(3):
                assert _judged(profile, as_of, seed, **knobs) == (decision, {code}), knobs


@pytest.mark.parametrize("profile", ["food_shop", "natural_person", "testing_lab"])
def test_every_banned_and_special_permit_category(profile: str) -> None:
    banned, permit = _category_kinds()
    for category in sorted(banned):
        assert _judged(profile, AS_OF, 1, banned=[category]) == ("fail", {"category.banned"})
    for category in sorted(permit):
        assert _judged(profile, AS_OF, 1, banned=[category]) == (
            "review",
            {"category.special_permit"},
        )


@pytest.mark.parametrize("profile", PROFILES)
def test_six_months_or_fewer_and_the_turnover_limit_pass(profile: str) -> None:
    for as_of in _DATES:
        for months in range(7):
            assert _judged(profile, as_of, months, last_verified_months_ago=months) == (
                "pass",
                set(),
            )
    if profile == "natural_person":
        assert _judged(profile, AS_OF, 1, turnover_yuan=100_000) == ("pass", set())
        assert _judged(profile, AS_OF, 1, turnover_yuan=100_001) == (
            "fail",
            {"merchant.exemption_exceeded"},
        )


def test_a_missing_licence_is_reported_once_per_category_that_needs_it() -> None:
    """The docs said each option adds exactly one finding; a food shop declares two
    categories needing its food business licence, so ``missing`` gives two findings of
    the one code (docs corrected)."""
    record = make_merchant(
        "food_shop", as_of=AS_OF, rng=random.Random(1), missing=["food_business"]
    )
    report = verify(record, as_of=AS_OF)
    assert report.codes == ("category.license_missing", "category.license_missing")
    assert len({f.json_path for f in report.findings}) == 2
    assert DOCUMENTS["food_shop"] == ("business_license", "food_business")


# --- hypothesis strategies under default settings -----------------------------------------


@settings(database=None)
@given(merchants(as_of=AS_OF), merchants(failing=True, as_of=AS_OF))
def test_merchant_strategies_under_default_settings(anything: Any, failing: Any) -> None:
    """Default settings keep every health check (too_slow, filter_too_much …) on."""
    assert verify(anything, as_of=AS_OF).decision.value in ("pass", "review", "fail")
    assert verify(failing, as_of=AS_OF).decision.value == "fail"


@settings(database=None)
@given(merchants(failing=False, as_of=AS_OF))
def test_passing_strategy_under_default_settings(record: Any) -> None:
    assert verify(record, as_of=AS_OF).decision.value == "pass"


@pytest.mark.parametrize("kind", sorted(VALID_MAKERS))
def test_number_strategies_under_default_settings(kind: str) -> None:
    module = __import__(f"qualcheck.numbers.{kind}", fromlist=["check"])
    reason = next(iter(INVALID_REASONS[kind]))

    @settings(database=None)
    @given(numbers(kind), numbers(kind, reason=reason))
    def check(valid: str, invalid: str) -> None:
        assert module.check(valid).verdict.value == "valid"
        assert f"{kind}.{reason}" in [f.code for f in module.check(invalid).findings]

    check()


# --- the pytest plugin in a fresh process ------------------------------------------------

_PLUGIN_SUITE = f"""
import pytest

def test_skipped():
    pytest.skip("the registry has no entry for {PHONE}")

@pytest.mark.skip(reason="card 440301000012345 not loaded")
def test_marked_skip():
    pass

@pytest.mark.xfail(reason="known: {PHONE}")
def test_expected_failure():
    assert False

@pytest.mark.parametrize("phone", ["{PHONE}"])
def test_parametrised(phone):
    assert phone == "x"
"""


def _run_plugin_suite(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_suite=_PLUGIN_SUITE)
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v", "-rA", *args)


def test_a_skip_reason_quoting_a_number_does_not_crash_the_run(pytester: pytest.Pytester) -> None:
    """Defect: the plugin replaced a skip's ``(path, line, reason)`` with its own object,
    and pytest's terminal asserts it is a tuple: ``INTERNALERROR`` — the whole run of any
    project with qualcheck installed died on a skip reason holding a phone number or 15
    digits."""
    result = _run_plugin_suite(pytester)
    output = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in output
    result.assert_outcomes(failed=1, skipped=2, xfailed=1)
    assert PHONE not in output
    assert "440301000012345" not in output
    assert "139****5678" in output
    assert "test_parametrised[139****5678] FAILED" in output


def test_reveal_shows_the_numbers_and_still_does_not_crash(pytester: pytest.Pytester) -> None:
    result = _run_plugin_suite(pytester, "--qualcheck-reveal")
    output = result.stdout.str()
    assert "INTERNALERROR" not in output + result.stderr.str()
    result.assert_outcomes(failed=1, skipped=2, xfailed=1)
    assert f"test_parametrised[{PHONE}] FAILED" in output
    assert "440301000012345" in output


def test_disabled_plugin_leaves_reports_alone(pytester: pytest.Pytester) -> None:
    result = _run_plugin_suite(pytester, "-p", "no:qualcheck")
    result.assert_outcomes(failed=1, skipped=2, xfailed=1)
    assert PHONE in result.stdout.str()


def test_two_parametrised_numbers_keep_two_test_ids(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import pytest
        @pytest.mark.parametrize("phone", ["{PHONE}", "13987655678"])
        def test_each(phone):
            assert phone
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=2)
    assert "13987655678" not in result.stdout.str()


# --- MockRegistry.add_merchant with the shapes verify accepts ----------------------------


def test_add_merchant_takes_a_legal_representative_given_as_a_name() -> None:
    """Defect: ``"legal_representative": "张三"`` (a shape ``verify`` reads) raised
    ``AttributeError: 'str' object has no attribute 'get'``."""
    record = make_merchant("pharmacy", as_of=AS_OF, rng=random.Random(4))
    record["legal_representative"] = record["legal_representative"]["name"]
    registry = MockRegistry()
    entity = registry.add_merchant(record)
    assert entity.legal_representative == record["legal_representative"]
    report = verify(record, as_of=AS_OF, registry=registry)
    assert (report.decision.value, report.codes) == ("pass", ())


def test_add_merchant_skips_a_licence_without_a_number() -> None:
    """Defect: a licence with no number (a record ``verify`` reports, not rejects)
    raised ``KeyError: 'number'``."""
    record = make_merchant("food_shop", as_of=AS_OF, rng=random.Random(4))
    del record["documents"][1]["number"]
    entity = MockRegistry().add_merchant(record)
    assert entity.licenses == ()


@pytest.mark.parametrize("merchant", ["x", None, 42, ["a"]], ids=repr)
def test_add_merchant_of_something_else_is_a_config_error(merchant: Any) -> None:
    with pytest.raises(ConfigError, match="merchant record"):
        MockRegistry().add_merchant(merchant)


# --- the loopback server ---------------------------------------------------------------


def _raw(server: RegistryServer, request: bytes) -> bytes:
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(request)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        return received


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nabcde",
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n",
    ],
    ids=["negative length", "signed length", "chunk size not hex", "negative chunk"],
)
def test_a_malformed_request_gets_400_and_the_server_goes_on(request_bytes: bytes) -> None:
    """Defect: these escaped the connection handler (``ValueError``): the client got a
    closed connection and asyncio logged "Unhandled exception in client_connected_cb"."""
    with RegistryServer() as server:
        assert _raw(server, request_bytes).startswith(b"HTTP/1.1 400 ")
        with httpx.Client(base_url=server.url) as client:
            assert client.get("/after").json()["path"] == "/after"
        assert server.errors == []


def test_a_reply_that_cannot_be_sent_is_a_500_kept_in_errors() -> None:
    """Defect: a body JSON cannot dump closed the connection without an answer, and the
    exception was not in ``errors``, unlike a handler that raises."""
    with RegistryServer(lambda incoming: Reply(body={"when": object()})) as server:
        with httpx.Client(base_url=server.url) as client:
            answer = client.get("/x")
        assert answer.status_code == 500
        assert [type(error) for error in server.errors] == [TypeError]


def test_a_header_beyond_latin_1_is_sent_as_utf_8() -> None:
    """Chinese gateways put Chinese in headers; the reply used to die on
    ``UnicodeEncodeError``."""
    reply = Reply(503, {"error": "busy"}, headers={"X-Reason": "查询失败"})
    with RegistryServer(lambda incoming: reply) as server, httpx.Client() as client:
        answer = client.get(server.url + "/x")
    assert answer.status_code == 503
    assert answer.headers.raw[-1] == (b"X-Reason", "查询失败".encode())
    assert server.errors == []


def test_two_servers_at_once_then_nothing_left() -> None:
    before = {thread.ident for thread in threading.enumerate()}
    servers = [RegistryServer(lambda incoming, n=n: Reply(body={"n": n})) for n in range(2)]
    for server in servers:
        server.start()
    try:
        assert servers[0].port != servers[1].port
        with httpx.Client() as client:
            assert [client.get(s.url).json()["n"] for s in servers] == [0, 1]
    finally:
        for server in servers:
            server.stop()
    assert {thread.ident for thread in threading.enumerate()} <= before
    for server in servers:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((server.host, server.port), timeout=2).close()


# --- provider emulators -------------------------------------------------------------------


def test_aliyun_emulator_answers_a_body_that_is_not_utf_8() -> None:
    """Defect: a GBK form body raised ``UnicodeDecodeError`` from the emulator (a 500
    from the server) where the gateway answers a signature mismatch."""
    emulator = AliyunEmulator(
        [RegistryRecord(name="示例有限公司", uscc="91350100M000100Y43")],
        access_key_id="id",
        access_key_secret="secret",
    )
    body = "AccessKeyId=id&Signature=x&SignatureNonce=1&Timestamp=t&EntName=示例".encode("gbk")
    incoming = Incoming(
        "POST", "/", {}, {"content-type": "application/x-www-form-urlencoded"}, body
    )
    reply = emulator(incoming)
    assert (reply.status, reply.body["Code"]) == (400, "SignatureDoesNotMatch")


def test_docs_name_the_stdnum_difference() -> None:
    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    assert "python-stdnum" in text
