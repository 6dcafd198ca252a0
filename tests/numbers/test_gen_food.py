"""Food generators: valid makers give ``valid``, invalid makers give exactly their code."""

from __future__ import annotations

import random

import pytest

from qualcheck import ConfigError, Severity, Verdict
from qualcheck._codes import lookup
from qualcheck.numbers import food_business, food_filing, food_production, get
from qualcheck.testing import _gen_food, make_invalid, make_valid
from qualcheck.testing._gen_food import make_food_business, make_food_filing, make_food_production

SEEDS = range(300)
KINDS = ("food_business", "food_production", "food_filing")
REASONS = [(kind, reason) for kind in KINDS for reason in sorted(_gen_food.INVALID[kind])]
# raised by calc_check_digit only: check() never reports it, so no maker can exist
NOT_FROM_CHECK = {"food_filing.no_check_digit"}


@pytest.mark.parametrize("kind", KINDS)
def test_valid_makers(kind: str) -> None:
    module = get(kind)
    for seed in SEEDS:
        number = _gen_food.VALID[kind](rng=random.Random(seed))
        result = module.check(number)
        assert result.verdict is Verdict.VALID, (number, result.findings)


@pytest.mark.parametrize(("kind", "reason"), REASONS)
def test_invalid_makers(kind: str, reason: str) -> None:
    code = f"{kind}.{reason}"
    error = lookup(code).severity is Severity.ERROR
    for seed in SEEDS:
        number = _gen_food.INVALID[kind][reason](random.Random(seed))
        result = get(kind).check(number)
        codes = [finding.code for finding in result.findings]
        assert codes == [code], (number, codes)
        assert result.verdict is (Verdict.INVALID if error else Verdict.REVIEW), number


@pytest.mark.parametrize("kind", KINDS)
def test_every_code_has_a_maker(kind: str) -> None:
    module = get(kind)
    defined = set(module.CODES)  # type: ignore[attr-defined]
    made = {f"{kind}.{reason}" for reason in _gen_food.INVALID[kind]}
    assert made == defined - NOT_FROM_CHECK


@pytest.mark.parametrize("form", [1, 2, 3, "1", "2", "3"])
def test_food_business_form(form: int | str) -> None:
    for seed in range(20):
        parts = food_business.parse(make_food_business(form=form, rng=random.Random(seed)))
        assert parts.business_form == str(form)


@pytest.mark.parametrize("region", ["440305", "110105", "420106", "650102"])
def test_region_is_kept(region: str) -> None:
    rng = random.Random(1)
    assert food_business.parse(make_food_business(region=region, rng=rng)).region_code == region
    assert food_production.parse(make_food_production(region=region, rng=rng)).region_code == region
    assert food_filing.parse(make_food_filing(region=region, rng=rng)).region_code == region


@pytest.mark.parametrize(
    ("kind", "category", "name"),
    [(1, 15, "酒类"), (1, "08", "饼干"), ("1", 27, "保健食品"), (2, 3, "复配食品添加剂")],
)
def test_food_production_kind_and_category(kind: int | str, category: int | str, name: str) -> None:
    number = make_food_production(kind=kind, category=category, rng=random.Random(5))
    parts = food_production.parse(number)
    assert (parts.product_type, parts.category_name) == (str(kind), name)
    assert food_production.check(number).verdict is Verdict.VALID


@pytest.mark.parametrize("form", [1, 2])
def test_food_filing_form(form: int) -> None:
    parts = food_filing.parse(make_food_filing(form=form, rng=random.Random(2)))
    assert (parts.scheme, parts.business_form) == ("national", str(form))


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_food_business(form=4),
        lambda: make_food_business(region="449999"),  # not a known code
        lambda: make_food_business(region="810000"),  # not mainland
        lambda: make_food_production(kind=3),
        lambda: make_food_production(kind=2, category=4),  # additives have 01-03
        lambda: make_food_filing(form=3),
    ],
)
def test_bad_options_are_refused(make: object) -> None:
    with pytest.raises(ConfigError):
        make()  # type: ignore[operator]


def test_dispatch_through_the_testing_package() -> None:
    rng = random.Random(9)
    assert food_filing.check(make_valid("food_filing", rng=rng)).verdict is Verdict.VALID
    bad = make_invalid("food_production", "superseded_licence", rng=rng)
    assert bad.startswith("QS")


def test_same_seed_same_number() -> None:
    assert make_food_business(rng=random.Random(42)) == make_food_business(rng=random.Random(42))
