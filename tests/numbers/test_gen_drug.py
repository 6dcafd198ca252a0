"""Drug, device, CNCA and CMA generators: valid makers give ``valid``, invalid ones their code."""

from __future__ import annotations

import datetime
import random

import pytest

from qualcheck import ConfigError, Severity, Verdict
from qualcheck._codes import lookup
from qualcheck.numbers import cma, cnca, device_business, drug_business, drug_info, get
from qualcheck.testing import _gen_drug, make_invalid, make_valid
from qualcheck.testing._gen_drug import (
    make_cma,
    make_cnca,
    make_device_business,
    make_drug_business,
    make_drug_info,
)

SEEDS = range(300)
KINDS = ("drug_business", "drug_info", "device_business", "cnca", "cma")
REASONS = [(kind, reason) for kind in KINDS for reason in sorted(_gen_drug.INVALID[kind])]
# Codes no maker can promise today: legacy_format is information (verdict valid), and
# legacy_expired is reported only from 2029; both come from make_drug_business(legacy=True).
NOT_FROM_MAKERS = {"drug_business.legacy_format", "drug_business.legacy_expired"}


@pytest.mark.parametrize("kind", KINDS)
def test_valid_makers(kind: str) -> None:
    module = get(kind)
    for seed in SEEDS:
        number = _gen_drug.VALID[kind](rng=random.Random(seed))
        result = module.check(number)
        assert result.verdict is Verdict.VALID, (number, result.findings)
        assert result.findings == (), number
        assert module.validate(number) == result.normalized


@pytest.mark.parametrize("kind", KINDS)
def test_valid_makers_stay_valid(kind: str) -> None:
    # default years are in the past: the numbers stay valid in later years too
    later = datetime.date(2040, 1, 1)
    for seed in range(50):
        number = _gen_drug.VALID[kind](rng=random.Random(seed))
        assert get(kind).check(number, as_of=later).verdict is Verdict.VALID, number


@pytest.mark.parametrize(("kind", "reason"), REASONS)
def test_invalid_makers(kind: str, reason: str) -> None:
    code = f"{kind}.{reason}"
    error = lookup(code).severity is Severity.ERROR
    for seed in SEEDS:
        number = _gen_drug.INVALID[kind][reason](random.Random(seed))
        result = get(kind).check(number)
        codes = [finding.code for finding in result.findings]
        assert codes == [code], (number, codes)
        assert result.verdict is (Verdict.INVALID if error else Verdict.REVIEW), number


@pytest.mark.parametrize("kind", KINDS)
def test_every_code_has_a_maker(kind: str) -> None:
    defined = set(get(kind).CODES)  # type: ignore[attr-defined]
    made = {f"{kind}.{reason}" for reason in _gen_drug.INVALID[kind]}
    assert made == defined - NOT_FROM_MAKERS


def test_legacy_drug_business_numbers() -> None:
    for seed in range(50):
        number = make_drug_business(legacy=True, rng=random.Random(seed))
        assert len(number) == 10
        before = drug_business.check(number, as_of=datetime.date(2028, 12, 31))
        assert before.verdict is Verdict.VALID
        assert [f.code for f in before.findings] == ["drug_business.legacy_format"]
        after = drug_business.check(number, as_of=datetime.date(2029, 1, 1))
        assert after.verdict is Verdict.REVIEW
        assert [f.code for f in after.findings] == ["drug_business.legacy_expired"]


@pytest.mark.parametrize(
    ("options", "fields"),
    [
        ({"business_type": "A", "legal_person": "B"}, {"business_type": "A", "legal_person": "B"}),
        ({"business_type": "C"}, {"business_type": "C", "sells_to_consumers": True}),
        ({"province": "琼"}, {"province_code": "46"}),
        ({"province": "46"}, {"province_abbreviation": "琼"}),
        ({"province": "滇"}, {"province_code": "53", "province_abbreviation": "滇"}),
        ({"legacy": True}, {"legacy": True, "area_code": None}),
    ],
)
def test_drug_business_options(options: dict[str, object], fields: dict[str, object]) -> None:
    parts = drug_business.parse(
        make_drug_business(rng=random.Random(4), **options),  # type: ignore[arg-type]
        as_of=datetime.date(2026, 1, 1),
    )
    for name, value in fields.items():
        assert getattr(parts, name) == value, name


def test_drug_business_area_code_follows_the_telephone_area_code() -> None:
    for seed in range(20):
        hainan = drug_business.parse(make_drug_business(province="琼", rng=random.Random(seed)))
        assert (hainan.area_code or "")[:3] == "898"  # 0898 without the leading 0
        beijing = drug_business.parse(make_drug_business(province="京", rng=random.Random(seed)))
        assert (beijing.area_code or "")[:3] == "010"  # 3-digit area codes are kept


def test_drug_info_options() -> None:
    number = make_drug_info(paid=False, year=2012, province="沪", rng=random.Random(1))
    parts = drug_info.parse(number)
    assert (parts.paid, parts.year, parts.province_abbreviation) == (False, 2012, "沪")
    assert number == drug_info.validate(number)  # canonical form


def test_device_business_options() -> None:
    number = make_device_business(filing=True, year=2019, province="44", rng=random.Random(1))
    assert number.endswith("号")
    parts = device_business.parse(number)
    assert (parts.filing, parts.year, parts.province_code) == (True, 2019, "44")
    assert parts.city_abbreviation in ("穗", "深")


def test_cnca_options() -> None:
    assert cnca.parse(make_cnca(foreign=True, year=2005, rng=random.Random(1))).foreign_invested
    parts = cnca.parse(make_cnca(year=2010, rng=random.Random(1)))
    assert (parts.foreign_invested, parts.year, len(parts.serial)) == (False, 2010, 3)


@pytest.mark.parametrize(
    ("authority", "code"),
    [
        ("19", "19"),  # CMA authority code (Guangdong)
        ("00", "00"),  # national
        ("粤", "19"),  # province abbreviation
        ("新", "31"),
        ("滇", "25"),  # second abbreviation of Yunnan
    ],
)
def test_cma_options(authority: str, code: str) -> None:
    parts = cma.parse(make_cma(year=2022, authority=authority, rng=random.Random(1)))
    assert (parts.year, parts.authority) == (2022, code)


@pytest.mark.parametrize(
    ("maker", "options"),
    [
        (make_drug_business, {"business_type": "E"}),
        (make_drug_business, {"legal_person": "C"}),
        (make_drug_business, {"province": "港"}),
        (make_drug_info, {"province": "81"}),
        (make_device_business, {"year": 1800}),
        (make_cnca, {"year": "2002"}),
        (make_cma, {"year": 1999}),
        (make_cma, {"authority": "32"}),  # beyond the table (not the GB code of Jiangsu)
        (make_cma, {"authority": "港"}),
    ],
)
def test_bad_options_raise_config_error(maker: object, options: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        maker(**options)  # type: ignore[operator]


@pytest.mark.parametrize("kind", KINDS)
def test_dispatch_through_the_testing_package(kind: str) -> None:
    rng = random.Random(9)
    assert get(kind).check(make_valid(kind, rng=rng)).verdict is Verdict.VALID
    reason = sorted(_gen_drug.INVALID[kind])[0]
    codes = [f.code for f in get(kind).check(make_invalid(kind, reason, rng=rng)).findings]
    assert codes == [f"{kind}.{reason}"]
