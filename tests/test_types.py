"""Pydantic types over qualcheck.numbers: validation, normalisation, error types, JSON schema.

Resident-ID numbers here are generated (``make_ric``) or the illustrative number of
GB 11643, never a real person's.
"""

from __future__ import annotations

import copy
import datetime
import json
import pickle
import random
import re
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from qualcheck import Finding, InvalidChecksum, Severity, UnknownKind, numbers
from qualcheck._codes import lookup
from qualcheck.numbers import ric
from qualcheck.testing import INVALID_REASONS, make_invalid, make_ric, make_valid
from qualcheck.types import (
    USCC,
    CMANo,
    CNCANo,
    DeviceBusinessNo,
    DrugBusinessNo,
    DrugInfoNo,
    FoodBusinessNo,
    FoodFilingNo,
    FoodProductionNo,
    NumberValidator,
    OrgCode,
    RegNo,
    ResidentID,
)

GB11643_EXAMPLE = "11010519491231002X"
AS_OF = datetime.date(2026, 11, 29)

ALIASES: dict[str, Any] = {
    "uscc": USCC,
    "orgcode": OrgCode,
    "regno": RegNo,
    "ric": ResidentID,
    "food_business": FoodBusinessNo,
    "food_production": FoodProductionNo,
    "food_filing": FoodFilingNo,
    "drug_business": DrugBusinessNo,
    "drug_info": DrugInfoNo,
    "device_business": DeviceBusinessNo,
    "cnca": CNCANo,
    "cma": CMANo,
}


class Seller(BaseModel):
    uscc: USCC
    food_licence: FoodBusinessNo | None = None
    legal_rep_id: ResidentID


def _errors(type_: Any, value: object, **kwargs: Any) -> list[Any]:
    with pytest.raises(ValidationError) as info:
        TypeAdapter(type_).validate_python(value, **kwargs)
    return info.value.errors()


def test_every_kind_has_a_type() -> None:
    assert set(ALIASES) == set(numbers.KINDS)


@pytest.mark.parametrize(
    ("type_", "raw", "canonical"),
    [
        (USCC, "91350100M000100Y43", "91350100M000100Y43"),  # already canonical
        (USCC, "９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),  # full-width
        (USCC, " 9135 0100-m000 100y 43 ", "91350100M000100Y43"),  # spaces, dash, lower case
        (OrgCode, "60003734-1", "600037341"),  # printed form with hyphen
        (RegNo, "330106 000129004", "330106000129004"),  # space
        (FoodBusinessNo, "jy 1440305 0000010", "JY14403050000010"),  # lower case, spaces
        (FoodProductionNo, "SC-1014-4030-5000-17", "SC10144030500017"),  # dashes
        (FoodFilingNo, "ＹＢ２４４０３０５０００００１４", "YB24403050000014"),  # full-width
        (DrugBusinessNo, "琼ａａ 8980-00001", "琼AA898000001"),  # full-width letters
        (DrugInfoNo, "（京）－经营性－2014－0008", "(京)-经营性-2014-0008"),  # full-width brackets
        (DeviceBusinessNo, "粤穗食药监械经营许20171161号", "粤穗食药监械经营许20171161"),  # 号
        (CNCANo, "cnca—rf—2003—27", "CNCA-RF-2003-27"),  # em dashes, lower case
        (CMANo, "2119 0000 0001", "211900000001"),  # grouped digits
    ],
)
def test_values_are_canonical(type_: Any, raw: str, canonical: str) -> None:
    value = TypeAdapter(type_).validate_python(raw)
    assert value == canonical
    assert type(value) is str


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (GB11643_EXAMPLE, GB11643_EXAMPLE),  # canonical
        ("11010519491231002x", GB11643_EXAMPLE),  # lower-case x
        ("１１０１０５１９４９１２３１００２Ｘ", GB11643_EXAMPLE),  # full-width
        ("110105 19491231 002X", GB11643_EXAMPLE),  # spaces
        ("110105491231002", "110105491231002"),  # legacy 15 digits (soft rule: still valid)
    ],
)
def test_resident_id_normalises(raw: str, canonical: str) -> None:
    value = TypeAdapter(ResidentID).validate_python(raw)
    assert value == canonical
    assert isinstance(value, ResidentID)


def test_through_a_model() -> None:
    rep_id = make_ric(rng=random.Random(3))
    seller = Seller(uscc="９１３５０１００ｍ０００１００ｙ４３", legal_rep_id=rep_id.lower())
    assert seller.uscc == "91350100M000100Y43"
    assert seller.food_licence is None
    assert seller.legal_rep_id == rep_id
    assert isinstance(seller.legal_rep_id, ResidentID)
    again = Seller.model_validate_json(seller.model_dump_json())
    assert again == seller


@pytest.mark.parametrize(
    ("type_", "raw", "code"),
    [
        (USCC, "91110000600037341M", "uscc.checksum"),  # wrong GB 32100 check character
        (USCC, "362322198709086409", "uscc.org_code_checksum"),  # a resident ID in a USCC field
        (USCC, "9111000060003734", "uscc.length"),  # 16 characters
        (USCC, "91110000600O37341L", "uscc.charset"),  # letter O
        (OrgCode, "40170530-1", "orgcode.checksum"),  # GB 11714 check
        (RegNo, "440301102738452", "regno.checksum"),  # MOD 11,10 check
        (ResidentID, "110105194912310021", "ric.checksum"),  # MOD 11-2 check
        (ResidentID, "110105194902300023", "ric.birth_date"),  # 30 February
        (FoodBusinessNo, "JY44403050000010", "food_business.business_form"),  # form 4
        (FoodProductionNo, "SC31532139200465", "food_production.product_type"),  # type 3
        (DrugBusinessNo, "琼EA898000001", "drug_business.business_type"),  # type E
        (DrugInfoNo, "(港)-经营性-2014-0008", "drug_info.province"),  # not mainland
        (DeviceBusinessNo, "港九食药监械经营许20171161号", "device_business.province"),
        (CMANo, "21190000001", "cma.length"),  # 11 digits
    ],
)
def test_error_type_is_the_finding_code(type_: Any, raw: str, code: str) -> None:
    errors = _errors(type_, raw)
    assert len(errors) == 1
    assert errors[0]["type"] == code
    assert errors[0]["input"] == raw


def test_error_type_in_a_model_and_its_location() -> None:
    with pytest.raises(ValidationError) as info:
        Seller(
            uscc="91110000600037341M",
            food_licence="JY44403050000010",
            legal_rep_id=GB11643_EXAMPLE,
        )
    errors = {error["loc"]: error for error in info.value.errors()}
    assert errors[("uscc",)]["type"] == "uscc.checksum"
    assert errors[("uscc",)]["ctx"] == {"expected": "L", "actual": "M", "position": 18}
    assert errors[("food_licence",)]["type"] == "food_business.business_form"
    json.loads(info.value.json())  # ctx is serialisable


def test_error_rebuilds_the_finding() -> None:
    error = _errors(USCC, "91110000600037341M")[0]
    finding = Finding.of(error["type"], **error["ctx"])
    assert finding.message == error["msg"]
    assert finding.position == 18
    with pytest.raises(InvalidChecksum) as info:
        numbers.get("uscc").validate("91110000600037341M")
    assert info.value.to_finding() == finding


def test_every_official_rule_of_every_kind_fails_with_its_code() -> None:
    for kind in numbers.KINDS:
        numbers.get(kind)  # imports the module, which defines its codes
    rng = random.Random(11)
    checked = 0
    for kind, reasons in INVALID_REASONS.items():
        for reason in reasons:
            code = f"{kind}.{reason}"
            number = make_invalid(kind, reason, rng=rng)
            adapter = TypeAdapter(ALIASES[kind])
            if lookup(code).severity is Severity.ERROR:
                errors = _errors(ALIASES[kind], number)
                assert errors[0]["type"] == code, (number, errors)
                checked += 1
            else:  # soft rules never fail validation; the engine reports them
                assert adapter.validate_python(number) == numbers.get(kind).validate(number)
    assert checked >= 30


@pytest.mark.parametrize(
    ("value", "comment"),
    [
        (91350100, "an int"),
        (b"91350100M000100Y43", "bytes"),
        (None, "None"),
        (["91350100M000100Y43"], "a list"),
    ],
)
def test_only_text_is_accepted(value: object, comment: str) -> None:
    for type_ in (USCC, ResidentID):
        assert _errors(type_, value)[0]["type"] == "string_type", comment


def test_soft_rules_do_not_fail() -> None:
    # Fujian pilot-era code: fails only the position-18 check, which check() reports.
    assert TypeAdapter(USCC).validate_python("91350211M0000XUF46") == "91350211M0000XUF46"
    assert numbers.check("uscc", "91350211M0000XUF46").verdict.value == "review"


def test_as_of_from_the_validation_context() -> None:
    number = make_ric(birth_date=datetime.date(2020, 5, 1), rng=random.Random(5))
    adapter = TypeAdapter(ResidentID)
    assert adapter.validate_python(number) == number  # born before today
    errors = _errors(ResidentID, number, context={"as_of": datetime.date(2019, 1, 1)})
    assert errors[0]["type"] == "ric.birth_date_future"
    errors = _errors(ResidentID, number, context={"as_of": datetime.datetime(2019, 1, 1, 12, 0)})
    assert errors[0]["type"] == "ric.birth_date_future"
    cnca = TypeAdapter(CNCANo)
    assert cnca.validate_python("CNCA-R-2020-001", context={"as_of": AS_OF}) == "CNCA-R-2020-001"
    errors = _errors(CNCANo, "CNCA-R-2020-001", context={"as_of": datetime.date(2019, 6, 1)})
    assert errors[0]["type"] == "cnca.year_future"
    # a context without as_of, or not a mapping, means today
    assert adapter.validate_python(number, context={"other": 1}) == number


def test_number_validator_checks_its_kind() -> None:
    with pytest.raises(UnknownKind):
        NumberValidator("passport")
    marker = NumberValidator("uscc")
    assert marker == NumberValidator("uscc")
    assert hash(marker) == hash(NumberValidator("uscc"))
    custom = TypeAdapter(Annotated[str, NumberValidator("orgcode")])
    assert custom.validate_python("D2143569-X") == "D2143569X"


_ABBR = "云京冀吉宁川新晋桂沪津浙渝湘滇琼甘皖秦粤苏蒙藏蜀豫贵赣辽鄂闽陇陕青鲁黑黔"

SCHEMAS: dict[str, tuple[str, list[str], str]] = {
    "uscc": (
        "^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$",
        ["91350100M000100Y43", "92420106MA4K00002J"],
        "USCC (Unified Social Credit Code, 统一社会信用代码)",
    ),
    "orgcode": (
        "^[0-9A-Z]{8}[0-9X]$",
        ["600037341", "D2143569X"],
        "Organisation code (组织机构代码, GB 11714)",
    ),
    "regno": (
        "^[0-9]{15}$",
        ["330106000129004", "440301102738453"],
        "Registration number (工商注册号, GS 15-2006)",
    ),
    "ric": (
        "^(?:[0-9]{17}[0-9X]|[0-9]{15}|[A-Z]{3}[0-9]{12})$",
        [GB11643_EXAMPLE],
        "RIC (Resident Identity Card number, 公民身份号码)",
    ),
    "food_business": (
        "^JY[123][0-9]{13}$",
        ["JY14403050000010", "JY13301080111719"],
        "JY (Food Business Licence, 食品经营许可证)",
    ),
    "food_production": (
        "^SC[12][0-9]{13}$",
        ["SC10144030500017", "SC20244030500019"],
        "SC (Food Production Licence, 食品生产许可证)",
    ),
    "food_filing": (
        r"^(?=(?:[^0-9]*[0-9]){6})[0-9A-Z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff()\[\]〔〕【】]{6,40}$",
        ["YB24403050000014", "YB14403050000010"],
        "YB (Pre-packaged Food Sales Filing Number, 仅销售预包装食品备案编号)",
    ),
    "drug_business": (
        f"^[{_ABBR}][A-D][AB](?:[0-9]{{9}}|[0-9]{{7}})$",
        ["琼AA898000001", "琼DA898100023"],
        "Drug business licence (药品经营许可证编号)",
    ),
    "drug_info": (
        rf"^\([{_ABBR}]\)-(?:经营性|非经营性)-(?:19|20)[0-9]{{2}}-[0-9]{{4}}$",
        ["(京)-经营性-2014-0008", "(沪)-非经营性-2013-0034"],
        "Internet drug information service certificate (互联网药品信息服务资格证书编号)",
    ),
    "device_business": (
        rf"^[{_ABBR}][\u4e00-\u9fff]{{0,7}}械经营[许备](?:19|20)[0-9]{{2}}"
        r"(?:[0-9]{4,6}|(?=[0-9A-Z]{1,6}$)[0-9]*[A-Z][0-9A-Z]*)$",
        ["粤穗食药监械经营许20171161", "京经食药监械经营备20170029"],
        "Medical device business licence or filing (医疗器械经营许可证/备案编号)",
    ),
    "cnca": (
        "^CNCA-RF?-(?:19|20)[0-9]{2}-[0-9]{2,4}$",
        ["CNCA-R-2002-001", "CNCA-RF-2003-27"],
        "CNCA-R (Certification Body Approval Number, 认证机构批准号)",
    ),
    "cma": (
        "^[0-9]{12}$",
        ["211900000001"],
        "CMA (Inspection and Testing Body Qualification Certificate, 检验检测机构资质认定证书编号)",
    ),
}


@pytest.mark.parametrize("kind", numbers.KINDS)
def test_json_schema_is_pinned(kind: str) -> None:
    pattern, examples, description = SCHEMAS[kind]
    expected = {
        "type": "string",
        "pattern": pattern,
        "examples": examples,
        "description": description,
        "x-qualcheck-kind": kind,
    }
    for mode in ("validation", "serialization"):
        assert TypeAdapter(ALIASES[kind]).json_schema(mode=mode) == expected


def test_json_schema_in_a_model() -> None:
    schema = Seller.model_json_schema()
    assert schema["properties"]["uscc"]["x-qualcheck-kind"] == "uscc"
    assert schema["properties"]["uscc"]["title"] == "Uscc"
    assert schema["properties"]["legal_rep_id"]["examples"] == [GB11643_EXAMPLE]
    licence = schema["properties"]["food_licence"]["anyOf"]
    assert licence[0]["pattern"] == "^JY[123][0-9]{13}$"
    assert licence[1] == {"type": "null"}
    json.dumps(schema)


@pytest.mark.parametrize("kind", numbers.KINDS)
def test_examples_validate_and_match_the_pattern(kind: str) -> None:
    module: Any = numbers.get(kind)
    assert module.EXAMPLES
    assert 1 <= len(module.EXAMPLES) <= 2
    for example in module.EXAMPLES:
        assert module.validate(example) == example
        assert numbers.check(kind, example).is_valid
        assert re.fullmatch(module.PATTERN, example), example
    assert module.PATTERN.startswith("^")
    assert module.PATTERN.endswith("$")
    assert "EXAMPLES" in module.__all__
    assert "PATTERN" in module.__all__


@pytest.mark.parametrize("kind", numbers.KINDS)
def test_generated_numbers_match_the_pattern(kind: str) -> None:
    module: Any = numbers.get(kind)
    rng = random.Random(kind)
    for _ in range(300):
        canonical = module.validate(make_valid(kind, rng=rng))
        assert re.fullmatch(module.PATTERN, canonical), canonical


# --- ResidentID ---------------------------------------------------------------------------


def test_resident_id_repr_is_masked() -> None:
    number = make_ric(rng=random.Random(8))
    value = ResidentID(number)
    assert repr(value) == f"ResidentID('{number[:6]}********{number[-4:]}')"
    assert value.masked == ric.mask(number)
    assert number not in repr(value)
    assert str(value) == number
    assert f"{value}" == number


def test_resident_id_repr_is_masked_inside_a_model() -> None:
    number = make_ric(rng=random.Random(9))
    seller = Seller(uscc="91350100M000100Y43", legal_rep_id=number)
    assert number not in repr(seller)
    assert "legal_rep_id=ResidentID('" in repr(seller)
    assert number not in str(seller)  # str() of a model shows the field reprs too
    assert number not in repr(seller.model_dump())


def test_resident_id_serialises_in_full() -> None:
    number = make_ric(rng=random.Random(10))
    seller = Seller(uscc="91350100M000100Y43", legal_rep_id=number)
    assert seller.model_dump()["legal_rep_id"] == number
    assert seller.model_dump(mode="json")["legal_rep_id"] == number
    assert type(seller.model_dump(mode="json")["legal_rep_id"]) is str
    assert json.loads(seller.model_dump_json())["legal_rep_id"] == number


def test_model_with_resident_id_pickles_and_copies() -> None:
    seller = Seller(uscc="91350100M000100Y43", legal_rep_id=make_ric(rng=random.Random(12)))
    for clone in (
        pickle.loads(pickle.dumps(seller)),
        copy.deepcopy(seller),
        seller.model_copy(deep=True),
    ):
        assert clone == seller
        assert isinstance(clone.legal_rep_id, ResidentID)
        assert repr(clone) == repr(seller)
    value = ResidentID(GB11643_EXAMPLE)
    assert pickle.loads(pickle.dumps(value)) == value
    assert type(pickle.loads(pickle.dumps(value))) is ResidentID


def test_resident_id_parts_and_construction() -> None:
    birth = datetime.date(1990, 2, 28)
    number = make_ric(birth_date=birth, sex="F", rng=random.Random(13))
    value = ResidentID(number.lower())
    assert value.parts.birth_date == birth
    assert value.parts.sex == "F"
    assert ResidentID("110105 19491231 002x") == GB11643_EXAMPLE
    with pytest.raises(InvalidChecksum):
        ResidentID("110105194912310021")


def test_hide_input_in_errors_keeps_the_number_out_of_messages() -> None:
    class Private(BaseModel):
        model_config = ConfigDict(hide_input_in_errors=True)
        legal_rep_id: ResidentID

    bad = "110105194912310021"
    with pytest.raises(ValidationError) as info:
        Private(legal_rep_id=bad)
    assert bad not in str(info.value)
    assert info.value.errors()[0]["type"] == "ric.checksum"
