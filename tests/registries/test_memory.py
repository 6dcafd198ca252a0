"""MemoryRegistry: look-up order, names and former names, licence kinds, replacement."""

from __future__ import annotations

import asyncio
import datetime
import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from qualcheck.registries import (
    LookupStatus,
    MemoryRegistry,
    Registry,
    RegistryQuery,
    RegistryRecord,
    RegistryStatus,
)
from qualcheck.registries._rows import LICENSE_DOCUMENT_KINDS
from qualcheck.testing import make_food_business, make_regno, make_uscc

RNG = random.Random(11)
USCC = make_uscc(region="330106", rng=RNG)
OTHER = make_uscc(region="330106", rng=RNG)
THIRD = make_uscc(region="440305", rng=RNG)
REGNO = make_regno(region="330106", rng=RNG)
JY = make_food_business(form=1, region="330106", rng=RNG)
DRUG = "浙AA571267933"  # the example wholesaler's (generated) number
FETCHED = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.timezone.utc)


def entity(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "杭州示例食品有限公司",
        "uscc": USCC,
        "registration_number": REGNO,
        "legal_representative": "张三",
        "status": "存续",
        "former_names": ["杭州示例旧名有限公司"],
        "licenses": [
            {"number": JY, "kind": "food_business", "valid_to": "2028-06-11"},
            {"number": DRUG, "kind": "drug_business"},
        ],
        "fetched_at": FETCHED,
    }
    return {**base, **changes}


def test_satisfies_the_registry_protocol() -> None:
    registry = MemoryRegistry()
    assert isinstance(registry, Registry)
    assert registry.name == "memory"
    assert registry.license_kinds == LICENSE_DOCUMENT_KINDS
    assert "business_license" not in registry.license_kinds
    assert len(registry) == 0


@pytest.mark.parametrize(
    "query",
    [
        RegistryQuery(uscc=USCC),
        RegistryQuery(uscc=USCC.lower()),
        RegistryQuery(uscc=REGNO),  # a 15-digit registration number in the uscc field
        RegistryQuery(name="杭州示例食品有限公司"),
        RegistryQuery(name=" 杭州示例食品有限责任公司 "),  # normalised: legal forms, spaces
        RegistryQuery(name="杭州示例旧名有限公司"),  # a former name
    ],
)
def test_found_by_uscc_registration_number_name_or_former_name(query: RegistryQuery) -> None:
    registry = MemoryRegistry([entity()], name="mem")
    result = registry.lookup(query)
    assert result.status is LookupStatus.FOUND
    assert result.source == "mem"
    assert result.record is not None
    assert result.record.uscc == USCC
    assert result.record.source == "mem"
    assert result.fetched_at == FETCHED


def test_an_unregistered_identifier_is_not_found_even_if_the_name_is() -> None:
    registry = MemoryRegistry([entity()])
    result = registry.lookup(RegistryQuery(uscc=OTHER, name="杭州示例食品有限公司"))
    assert result.status is LookupStatus.NOT_FOUND
    assert result.record is None
    assert registry.lookup(RegistryQuery(name="无此公司")).status is LookupStatus.NOT_FOUND


def test_a_current_name_wins_over_a_former_name() -> None:
    registry = MemoryRegistry(
        [
            entity(),
            entity(
                uscc=OTHER, registration_number=None, name="杭州示例旧名有限公司", former_names=[]
            ),
        ]
    )
    result = registry.lookup(RegistryQuery(name="杭州示例旧名有限公司"))
    assert result.record is not None
    assert result.record.uscc == OTHER


def test_several_entities_of_one_name_are_narrowed_by_the_legal_representative() -> None:
    registry = MemoryRegistry(
        [
            entity(
                uscc=USCC, registration_number=None, name="示例便利店", legal_representative="张三"
            ),
            entity(
                uscc=OTHER, registration_number=None, name="示例便利店", legal_representative="李四"
            ),
        ]
    )
    chosen = registry.lookup(RegistryQuery(name="示例便利店", legal_representative="李四"))
    assert chosen.record is not None
    assert chosen.record.uscc == OTHER
    for query in (
        RegistryQuery(name="示例便利店"),
        RegistryQuery(name="示例便利店", legal_representative="王五"),
    ):
        result = registry.lookup(query)
        assert (result.status, result.reason) == (LookupStatus.FAILED, "ambiguous")
        assert result.detail is not None
        assert "2 registered entities" in result.detail


def test_licences_listed_are_those_asked_for_and_covered() -> None:
    registry = MemoryRegistry([entity()])
    none_asked = registry.lookup(RegistryQuery(uscc=USCC))
    assert none_asked.record is not None
    assert none_asked.record.licenses == ()
    assert none_asked.license_kinds == frozenset()
    food = registry.lookup(RegistryQuery(uscc=USCC, license_kinds=("food_business", "cma")))
    assert food.record is not None
    assert [lic.number for lic in food.record.licenses] == [JY]
    assert food.license_kinds == {"food_business", "cma"}
    # entity data is always there
    assert (food.record.name, food.record.status) == ("杭州示例食品有限公司", RegistryStatus.ACTIVE)


def test_explicit_licence_kinds_restrict_what_is_vouched_for() -> None:
    registry = MemoryRegistry([entity()], license_kinds=["drug_business"])
    result = registry.lookup(
        RegistryQuery(uscc=USCC, license_kinds=("food_business", "drug_business"))
    )
    assert result.license_kinds == {"drug_business"}
    assert result.record is not None
    assert [lic.number for lic in result.record.licenses] == [DRUG]


def test_fetched_at_is_the_records_or_now() -> None:
    registry = MemoryRegistry([entity(fetched_at=None)])
    before = datetime.datetime.now(datetime.timezone.utc)
    result = registry.lookup(RegistryQuery(uscc=USCC))
    assert before <= result.fetched_at <= datetime.datetime.now(datetime.timezone.utc)


def test_add_replaces_by_uscc_or_registration_number_and_unindexes_old_names() -> None:
    registry = MemoryRegistry([entity()])
    record = registry.add(entity(name="杭州新名有限公司", status="吊销，未注销", former_names=[]))
    assert isinstance(record, RegistryRecord)
    assert len(registry) == 1
    assert (
        registry.lookup(RegistryQuery(name="杭州示例食品有限公司")).status is LookupStatus.NOT_FOUND
    )
    assert (
        registry.lookup(RegistryQuery(name="杭州示例旧名有限公司")).status is LookupStatus.NOT_FOUND
    )
    result = registry.lookup(RegistryQuery(name="杭州新名有限公司"))
    assert result.record is not None
    assert result.record.status is RegistryStatus.REVOKED
    registry.add(RegistryRecord(registration_number=REGNO, name="只有注册号"))
    assert len(registry) == 1
    by_number = registry.lookup(RegistryQuery(uscc=REGNO))
    assert by_number.record is not None
    assert by_number.record.name == "只有注册号"
    registry.add(entity(uscc=THIRD, registration_number=None))
    assert len(registry) == 2
    assert "records=2" in repr(registry)


def test_alookup_answers_like_lookup() -> None:
    registry = MemoryRegistry([entity()])
    queries = [
        RegistryQuery(uscc=USCC),
        RegistryQuery(uscc=OTHER),
        RegistryQuery(name="杭州示例旧名有限公司"),
    ]

    async def run() -> list[Any]:
        return await asyncio.gather(*(registry.alookup(query) for query in queries))

    results = asyncio.run(run())
    assert [result.status for result in results] == [
        LookupStatus.FOUND,
        LookupStatus.NOT_FOUND,
        LookupStatus.FOUND,
    ]


def test_threads_adding_and_looking_up() -> None:
    registry = MemoryRegistry()
    rng = random.Random(5)
    numbers = [make_uscc(region="330106", rng=rng) for _ in range(200)]

    def add(number: str) -> None:
        registry.add({"uscc": number, "name": f"示例{number}有限公司", "status": "存续"})

    def look(number: str) -> LookupStatus:
        return registry.lookup(RegistryQuery(name=f"示例{number}有限公司")).status

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(add, numbers))
        statuses = list(pool.map(look, numbers))
    assert statuses == [LookupStatus.FOUND] * len(numbers)
