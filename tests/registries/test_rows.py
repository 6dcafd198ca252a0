"""Reading registry exports (CSV, JSON Lines) into records, with line numbers for bad rows."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from typing import Any

import pytest

from qualcheck.models.documents import DOCUMENT_KINDS
from qualcheck.registries import LicenseRecord, RegistryRecord, RegistryStatus
from qualcheck.registries._rows import (
    LICENSE_DOCUMENT_KINDS,
    EntityRow,
    ExportReader,
    LicenseRow,
    Row,
    RowError,
    license_kind,
    read_rows,
)
from qualcheck.testing import make_food_business, make_regno, make_uscc

RNG = random.Random(404)
USCC_A = make_uscc(region="330106", rng=RNG)
USCC_B = make_uscc(region="440305", entity_type="2", rng=RNG)
REGNO = make_regno(region="420106", rng=RNG)
JY = make_food_business(form=1, region="330106", rng=RNG)
CHINA = datetime.timezone(datetime.timedelta(hours=8))


def rows(lines: list[str], **options: Any) -> list[Row]:
    return list(read_rows(lines, **options))


def entities(items: list[Row]) -> list[EntityRow]:
    return [item for item in items if isinstance(item, EntityRow)]


def errors(items: list[Row]) -> list[RowError]:
    return [item for item in items if isinstance(item, RowError)]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --------------------------------------------------------------------------- CSV entities


def test_chinese_headers_with_a_bom_map_to_record_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path / "企业.csv",
        "\ufeff企业名称,统一社会信用代码,注册号,法定代表人,登记状态,成立日期,营业期限自,营业期限至,"
        "经营范围,住所,曾用名\n"
        f"杭州示例食品有限公司,{USCC_A},{REGNO},张三,存续（在营、开业、在册）,2019年4月2日,20190402,长期,"
        "食品销售,浙江省杭州市西湖区示例路1号,杭州示例旧名有限公司；杭州更旧名有限公司\n",
    )
    (row,) = list(read_rows(path))
    assert isinstance(row, EntityRow)
    record = row.record
    assert (record.name, record.uscc, record.registration_number) == (
        "杭州示例食品有限公司",
        USCC_A,
        REGNO,
    )
    assert record.legal_representative == "张三"
    assert (record.status, record.status_raw) == (RegistryStatus.ACTIVE, "存续（在营、开业、在册）")
    assert record.established_on == datetime.date(2019, 4, 2)
    assert record.term is not None
    assert (record.term.valid_from, record.term.valid_to, record.term.long_term) == (
        datetime.date(2019, 4, 2),
        None,
        True,
    )
    assert (record.scope, record.address) == ("食品销售", "浙江省杭州市西湖区示例路1号")
    assert record.former_names == ("杭州示例旧名有限公司", "杭州更旧名有限公司")
    assert row.line == 2
    assert not row.licenses_given


def test_english_headers_and_spelling_variants_of_column_names() -> None:
    items = rows(
        [
            "Name, USCC ,Legal-Representative,STATUS,established_on,Term,business_scope,extra col",
            f"示例有限公司,{USCC_A.lower()},李四,在业,2024-11-23,2020/01/01~长期,餐饮服务,kept",
        ]
    )
    (row,) = entities(items)
    assert row.record.uscc == USCC_A  # normalised
    assert row.record.legal_representative == "李四"
    assert row.record.term is not None
    assert row.record.term.long_term
    assert row.record.scope == "餐饮服务"
    assert row.extra == {"extra col": "kept"}


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("存续", RegistryStatus.ACTIVE),
        ("在业", RegistryStatus.ACTIVE),
        ("开业", RegistryStatus.ACTIVE),
        ("存续（在营、开业、在册）", RegistryStatus.ACTIVE),
        ("吊销，未注销", RegistryStatus.REVOKED),
        ("吊销,未注销", RegistryStatus.REVOKED),
        ("吊销，已注销", RegistryStatus.CANCELLED),
        ("注销", RegistryStatus.CANCELLED),
        ("迁出", RegistryStatus.MOVED_OUT),
        ("清算中", RegistryStatus.LIQUIDATING),
        ("停业", RegistryStatus.SUSPENDED),
        ("非正常户", RegistryStatus.UNKNOWN),
        ("2", RegistryStatus.REVOKED),
        ("", RegistryStatus.UNKNOWN),
    ],
)
def test_status_spellings(raw: str, status: RegistryStatus) -> None:
    (row,) = entities(rows(["统一社会信用代码,经营状态", f'{USCC_A},"{raw}"']))
    assert row.record.status is status
    assert row.record.status_raw == (raw or None)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024年11月23日", datetime.date(2024, 11, 23)),
        ("20241123", datetime.date(2024, 11, 23)),
        ("1732291200000", datetime.date(2024, 11, 23)),
        ("2024.11.23", datetime.date(2024, 11, 23)),
        ("二〇二四年十一月二十三日", datetime.date(2024, 11, 23)),
        ("-", None),
        ("暂无", None),
    ],
)
def test_dates_in_the_forms_exports_use(cell: str, expected: datetime.date | None) -> None:
    (row,) = entities(rows(["统一社会信用代码,成立日期", f"{USCC_A},{cell}"]))
    assert row.record.established_on == expected


def test_term_end_long_term_markers() -> None:
    items = rows(
        [
            "统一社会信用代码,营业期限自,营业期限至",
            f"{USCC_A},2019-01-01,无固定期限",
            f"{USCC_B},2019-01-01,9999-12-31",
        ]
    )
    assert [row.record.term and row.record.term.long_term for row in entities(items)] == [
        True,
        True,
    ]


def test_combined_identifier_column_is_split_by_length() -> None:
    items = rows(["企业名称,统一社会信用代码/注册号", f"甲,{USCC_A}", f"乙,{REGNO}"])
    first, second = entities(items)
    assert (first.record.uscc, first.record.registration_number) == (USCC_A, None)
    assert (second.record.uscc, second.record.registration_number) == (None, REGNO)


def test_synonymous_columns_first_non_empty_wins() -> None:
    (row,) = entities(rows(["统一社会信用代码,法定代表人,经营者", f"{USCC_A},,王五"]))
    assert row.record.legal_representative == "王五"


def test_quoted_multi_line_cells_keep_line_numbers_right(tmp_path: Path) -> None:
    path = write(
        tmp_path / "multi.csv",
        "统一社会信用代码,经营范围,成立日期\r\n"
        f'{USCC_A},"食品销售；\r\n餐饮服务",2019-01-01\r\n'
        f"{USCC_B},餐饮服务,2019-02-30\r\n",
    )
    items = list(read_rows(path))
    (good,) = entities(items)
    assert good.line == 2
    assert good.record.scope == "食品销售；\r\n餐饮服务"
    (error,) = errors(items)
    assert (error.line, error.field) == (4, "成立日期")


def test_tab_separated_exports() -> None:
    (row,) = entities(rows(["统一社会信用代码\t企业名称\n", f"{USCC_A}\t示例有限公司\n"]))
    assert row.record.name == "示例有限公司"


# --------------------------------------------------------------------------- bad rows


def test_bad_rows_are_reported_with_line_and_field_and_the_rest_are_read() -> None:
    items = rows(
        [
            "企业名称,统一社会信用代码,成立日期,营业期限自,营业期限至",
            f"好一,{USCC_A},2019-04-02,2019-04-02,长期",
            "坏日期,91330106MA2B3C4D5E,2019年2月30日,,",
            "无代码,,2019-04-02,,",
            "短代码,9133010,2019-04-02,,",
            "",
            f"倒置期限,{USCC_B},2019-04-02,2024-01-01,2020-01-01",
            f"好二,{USCC_B},,,",
            f"多列,{USCC_B},,,,多余",
        ]
    )
    assert [row.record.name for row in entities(items)] == ["好一", "好二"]
    found = [(error.line, error.field) for error in errors(items)]
    assert found == [
        (3, "成立日期"),
        (4, "统一社会信用代码"),
        (5, "统一社会信用代码"),
        (7, "营业期限自/营业期限至"),
        (9, None),
    ]
    messages = {error.line: error.message for error in errors(items)}
    assert "2019年2月30日" in messages[3]
    assert "registration number" in messages[4]
    assert "18" in messages[5]
    assert "after valid_to" in messages[7]
    assert str(errors(items)[0]).startswith("3: 成立日期: cannot read a date")


def test_a_header_without_an_identifier_column_stops_the_file() -> None:
    items = rows(["企业名称,法定代表人", "示例有限公司,张三"])
    assert items == [
        RowError(
            1,
            None,
            "an entity file needs a 统一社会信用代码 (uscc) or 注册号 (registration_number) column",
        )
    ]
    (unknown,) = rows(["foo,bar", "1,2"])
    assert isinstance(unknown, RowError)
    assert "no known column" in unknown.message


def test_a_file_in_another_encoding_is_reported_not_crashed_on(tmp_path: Path) -> None:
    path = write(
        tmp_path / "gbk.csv",
        f"统一社会信用代码,企业名称\n{USCC_A},示例有限公司\n",
        encoding="gbk",
    )
    items = list(read_rows(path))
    assert len(items) == 1
    assert isinstance(items[0], RowError)
    assert "UTF-8" in items[0].message


def test_undecodable_bytes_midway_keep_the_rows_before(tmp_path: Path) -> None:
    good = f"统一社会信用代码,企业名称\n{USCC_A},示例有限公司\n".encode()
    path = tmp_path / "mixed.csv"
    path.write_bytes(good + "乙公司".encode("gbk") + b"," + USCC_B.encode() + b"\n")
    items = list(read_rows(path))
    assert [type(item) for item in items] == [EntityRow, RowError]
    assert isinstance(items[1], RowError)
    assert items[1].line == 3


# --------------------------------------------------------------------------- CSV licences


def test_a_licence_file_is_recognised_by_its_header() -> None:
    items = rows(
        [
            "许可证编号,许可文件名称,统一社会信用代码,企业名称,有效期自,有效期至,许可内容,许可机关",
            f"{JY},食品经营许可证,{USCC_A},示例有限公司,2023年6月12日,2028年6月11日,预包装食品销售,"
            "杭州市西湖区市场监督管理局",
        ]
    )
    (row,) = items
    assert isinstance(row, LicenseRow)
    assert row.holder == USCC_A
    licence = row.license
    assert (licence.number, licence.kind, licence.holder_uscc) == (JY, "food_business", USCC_A)
    assert licence.validity is not None
    assert licence.validity.valid_to == datetime.date(2028, 6, 11)
    assert (licence.scope, licence.issuer) == ("预包装食品销售", "杭州市西湖区市场监督管理局")
    assert row.extra == {"企业名称": "示例有限公司"}


def test_licence_kind_from_kind_name_or_number() -> None:
    items = rows(
        [
            "number,kind,name,holder_uscc,validity",
            f"{JY},,,{USCC_A},2023-06-12至2028-06-11",
            f"粤DA020031482,药品经营许可证,,{USCC_A},",
            f"YB24201061278619,,仅销售预包装食品备案,{USCC_A},",
            f"X-123,cma,,{USCC_A},",
            f"X-456,,,{USCC_A},",
            f"X-789,ufo,,{USCC_A},",
            f",food_business,,{USCC_A},",
        ]
    )
    kinds = [row.license.kind for row in items if isinstance(row, LicenseRow)]
    assert kinds == ["food_business", "drug_business", "food_filing", "cma"]
    assert [(error.line, error.field) for error in errors(items)] == [
        (6, "kind"),
        (7, "kind"),
        (8, "number"),
    ]


def test_a_licence_names_its_holder_by_uscc_or_registration_number() -> None:
    items = rows(["许可证编号,注册号", f"{JY},{REGNO}"])
    (row,) = items
    assert isinstance(row, LicenseRow)
    assert (row.holder, row.license.holder_uscc) == (REGNO, None)
    (problem,) = rows(["许可证编号,许可文件名称", f"{JY},食品经营许可证"])
    assert isinstance(problem, RowError)
    assert "holder column" in problem.message
    (missing,) = rows(["许可证编号,统一社会信用代码", f"{JY},"])
    assert isinstance(missing, RowError)
    assert (missing.line, missing.field) == (2, "统一社会信用代码")


def test_license_kind_function() -> None:
    assert license_kind("Food-Business") == "food_business"
    assert license_kind(name="医疗器械经营许可证") == "device_business"
    assert license_kind(number="CNCA-R-2004-131") == "cnca"
    with pytest.raises(ValueError, match="unknown licence kind"):
        license_kind("ufo")
    with pytest.raises(ValueError, match="cannot tell"):
        license_kind(number="hello")


def test_licence_kinds_are_the_document_kinds_but_business_licence_and_identity() -> None:
    assert set(DOCUMENT_KINDS) - LICENSE_DOCUMENT_KINDS == {"business_license", "identity"}


# --------------------------------------------------------------------------- JSON Lines


def line(**data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def test_json_lines_entities_with_licences_and_stand_alone_licences() -> None:
    items = rows(
        [
            line(
                uscc=USCC_A,
                name="示例有限公司",
                status="存续",
                established_on=1732291200000,
                licenses=[{"number": JY, "valid_from": "2023-06-12", "valid_to": "2028-06-11"}],
            ),
            "",
            line(record_type="license", number="粤DA020031482", holder_uscc=USCC_B),
            line(
                record_type="license",
                number="CNCA-R-2004-131",
                注册号=REGNO,
                许可文件名称="认证机构批准书",
            ),
            line(uscc=USCC_B, 企业名称="中文键也行", 法定代表人="赵六"),
        ]
    )
    entity, licence, by_number, chinese = items
    assert isinstance(entity, EntityRow)
    assert entity.licenses_given
    (own,) = entity.record.licenses
    assert (own.kind, own.holder_uscc) == ("food_business", USCC_A)
    assert entity.record.established_on == datetime.date(2024, 11, 23)
    assert isinstance(licence, LicenseRow)
    assert (licence.line, licence.holder, licence.license.kind) == (3, USCC_B, "drug_business")
    assert isinstance(by_number, LicenseRow)
    assert (by_number.holder, by_number.license.kind) == (REGNO, "cnca")
    assert isinstance(chinese, EntityRow)
    assert (chinese.record.name, chinese.record.legal_representative) == ("中文键也行", "赵六")


def test_bad_json_lines() -> None:
    items = rows(
        [
            line(uscc=USCC_A, name="好"),
            "{not json",
            "[1, 2]",
            line(record_type="person", uscc=USCC_A),
            line(uscc=USCC_A, licenses=[{"number": JY, "holder_uscc": USCC_B}]),
            line(uscc=USCC_A, licenses={"number": JY}),
            line(uscc=USCC_A, licenses=[{"number": JY}, {"number": "?", "kind": "ufo"}]),
            line(record_type="license", number=JY),
            line(uscc=USCC_A, fetched_at="yesterday"),
            line(uscc=USCC_B, name="也好", licenses=[]),
        ]
    )
    assert [row.record.name for row in entities(items)] == ["好", "也好"]
    assert [(error.line, error.field) for error in errors(items)] == [
        (2, None),
        (3, None),
        (4, "record_type"),
        (5, "licenses[0].holder_uscc"),
        (6, "licenses"),
        (7, "licenses[1].kind"),
        (8, "holder_uscc"),
        (9, "fetched_at"),
    ]
    assert "not valid JSON" in errors(items)[0].message


def test_a_dumped_record_reads_back_unchanged() -> None:
    record = RegistryRecord(
        name="示例有限公司",
        uscc=USCC_A,
        registration_number=REGNO,
        legal_representative="张三",
        status="吊销，未注销",
        established_on="2019年4月2日",
        term_from="2019-04-02",
        term_to="2039-04-01",
        scope="食品销售",
        address="某地",
        former_names=("旧名有限公司",),
        licenses=[
            LicenseRecord(
                number=JY,
                kind="food_business",
                name="食品经营许可证",
                holder_uscc=USCC_A,
                validity="2023-06-12至2028-06-11",
                scope="预包装食品销售",
                issuer="某局",
                status_raw="有效",
            )
        ],
        source="gsxt",
        fetched_at=datetime.datetime(2026, 11, 20, 9, 0, tzinfo=CHINA),
        request_id="r-1",
    )
    (row,) = rows([record.model_dump_json()])
    assert isinstance(row, EntityRow)
    assert row.record == record
    assert row.extra == {}


def test_fetched_at_without_a_zone_is_china_time() -> None:
    (row,) = entities(rows([line(uscc=USCC_A, fetched_at="2026-11-20 09:00:00")]))
    assert row.record.fetched_at == datetime.datetime(2026, 11, 20, 9, 0, tzinfo=CHINA)
    (day,) = entities(rows(["统一社会信用代码,采集时间", f"{USCC_A},2026年11月20日"]))
    assert day.record.fetched_at == datetime.datetime(2026, 11, 20, tzinfo=CHINA)


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.csv", f"统一社会信用代码\n{USCC_A}\n", "csv"),
        ("a.tsv", f"统一社会信用代码\n{USCC_A}\n", "csv"),
        ("a.jsonl", line(uscc=USCC_A) + "\n", "jsonl"),
        ("a.ndjson", line(uscc=USCC_A) + "\n", "jsonl"),
        ("a.txt", "\n\n" + line(uscc=USCC_A) + "\n", "jsonl"),
        ("a.txt", f"统一社会信用代码\n{USCC_A}\n", "csv"),
        ("a.txt", "\ufeff" + line(uscc=USCC_A) + "\n", "jsonl"),
    ],
)
def test_format_detection(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = write(tmp_path / name, text)
    with ExportReader(path) as reader:
        assert reader.format == expected
        assert [type(row) for row in reader] == [EntityRow]


def test_format_can_be_forced_and_a_bom_on_lines_is_dropped() -> None:
    (row,) = rows(["\ufeff" + line(uscc=USCC_A)], format="jsonl")
    assert isinstance(row, EntityRow)
    (header_row,) = rows(["\ufeff统一社会信用代码", USCC_A])
    assert isinstance(header_row, EntityRow)
    with pytest.raises(ValueError, match="unknown format"):
        ExportReader([], format="xml")  # type: ignore[arg-type]


def test_empty_sources_give_no_rows(tmp_path: Path) -> None:
    assert rows([]) == []
    assert rows(["", "  "]) == []
    assert list(read_rows(write(tmp_path / "empty.csv", ""))) == []
