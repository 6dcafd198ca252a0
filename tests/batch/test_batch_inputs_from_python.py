"""Rows read by ``iter_input`` handed to the Python API, tab-separated files, and the due
list's fail-closed reading of a term it cannot read."""

from __future__ import annotations

import asyncio
import datetime
import random
from pathlib import Path

import pytest

from qualcheck import Decision
from qualcheck.batch import averify_many, due_items, iter_input, iter_verify
from qualcheck.testing import make_ric

AS_OF = datetime.date(2026, 11, 29)
RIC = make_ric(birth_date=datetime.date(1985, 4, 2), rng=random.Random(11))
USCC, NAME = "91350100M000100Y43", "福州示例餐饮有限公司"
HEADER = (
    "merchant_id,subject_type,name,uscc,legal_representative_id,"
    "business_license.number,business_license.validity"
)


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "sellers.csv"
    rows = [
        HEADER,
        f"c-1,企业,{NAME},{USCC},{RIC},{USCC},2019-05-20至长期",
        f"c-2,企业,{NAME},{USCC},,{USCC},2019-05-20至长期,an extra cell",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_row_repr_does_not_show_the_personal_numbers(tmp_path: Path) -> None:
    first = next(iter(iter_input(_csv(tmp_path))))
    assert RIC in str(first.record)  # the record itself is the input, as given
    assert RIC not in repr(first)
    assert "c-1" in repr(first)


def test_iter_verify_reads_rows_and_keeps_their_cell_problems(tmp_path: Path) -> None:
    rows = list(iter_input(_csv(tmp_path)))
    assert rows[1].problems  # the extra cell
    reports = list(iter_verify(rows, as_of=AS_OF))
    assert [report.merchant_id for report in reports] == ["c-1", "c-2"]
    assert "record.not_an_object" not in reports[0].codes
    assert "record.invalid_value" in reports[1].codes
    assert reports[1].decision is not Decision.PASS
    # the rows' records alone lose the cell problem: a row must be handed over whole
    plain = list(iter_verify((row.record for row in rows), as_of=AS_OF))
    assert "record.invalid_value" not in plain[1].codes


def test_averify_many_reads_rows_and_keeps_their_cell_problems(tmp_path: Path) -> None:
    rows = list(iter_input(_csv(tmp_path)))

    async def run() -> list[tuple[str | None, tuple[str, ...]]]:
        return [(r.merchant_id, r.codes) async for r in averify_many(rows, as_of=AS_OF)]

    results = dict(asyncio.run(run()))
    assert "record.not_an_object" not in results["c-1"]
    assert "record.invalid_value" in results["c-2"]


@pytest.mark.parametrize("suffix", [".tsv", ".TSV"])
def test_a_tab_separated_file_is_split_at_tabs(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"sellers{suffix}"
    path.write_text(f"merchant_id\tsubject_type\tname\nt-1\tenterprise\t{NAME}\n", encoding="utf-8")
    row = next(iter(iter_input(path)))
    assert row.record["merchant_id"] == "t-1"
    assert row.record["name"] == NAME


@pytest.mark.parametrize(
    ("valid_to", "listed"),
    [
        ("2026-02-30", ["unreadable"]),  # a day the month does not have
        (None, ["unreadable"]),  # a licence that expires, with no end date given
        ("长期", []),  # long-term: nothing to list
    ],
)
def test_the_due_list_names_a_licence_whose_term_it_cannot_read(
    valid_to: str | None, listed: list[str]
) -> None:
    licence = {"kind": "food_business", "number": "JY23501021588133", "valid_from": "2023-06-01"}
    if valid_to is not None:
        licence["valid_to"] = valid_to
    seller = {
        "merchant_id": "u-1",
        "subject_type": "enterprise",
        "name": NAME,
        "uscc": USCC,
        "last_verified_at": "2026-11-01",
        "documents": [
            {"kind": "business_license", "number": USCC, "validity": "2019-05-20至长期"},
            licence,
        ],
    }
    items = due_items(seller, as_of=AS_OF)
    assert [item.status for item in items] == listed
    if listed:
        assert items[0].reason == "documents[1] has no readable term"
        assert items[0].document == "food_business"


CHINESE_HEADER = (
    "商户编号,主体类型,商户名称,统一社会信用代码,经营类目,法定代表人,法定代表人身份证号,"
    "营业执照.编号,营业执照.营业期限,食品经营许可证.许可证编号,食品经营许可证.有效期起,"
    "食品经营许可证.有效期至,食品经营许可证.许可范围,食品经营许可证.统一社会信用代码"
)


def test_chinese_headers_name_the_columns(tmp_path: Path) -> None:
    """A platform's export with Chinese headers, and documents named by their titles."""
    from qualcheck.testing import make_food_business

    jy = make_food_business(form=1, region="350102", rng=random.Random(3))
    path = tmp_path / "导出.csv"
    rows = [
        CHINESE_HEADER,
        f"c-1,有限责任公司（自然人投资或控股）,{NAME},{USCC},预包装食品|散装食品,张三,{RIC},"
        f"{USCC},2019-05-20至长期,{jy},2023-06-01,有效期至：2028年05月31日,"
        f"预包装食品销售；散装食品销售,{USCC}",
        f"c-2,企业,{NAME},{USCC},预包装食品,张三,,{USCC},2019-05-20至长期,{jy},2023-06-01,"
        f"2028-05-31x,预包装食品销售,{USCC}",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    first, second = iter_input(path)
    assert first.merchant_id == "c-1"
    assert first.record["legal_representative"] == {"name": "张三", "id_number": RIC}
    assert first.record["categories"] == ["预包装食品", "散装食品"]
    assert [doc["kind"] for doc in first.record["documents"]] == [
        "business_license",
        "food_business",
    ]
    assert first.record["documents"][1]["valid_to"] == "有效期至：2028年05月31日"
    reports = list(iter_verify([first, second], as_of=AS_OF))
    assert reports[0].decision is Decision.PASS, reports[0].codes
    assert reports[1].decision is Decision.REVIEW
    path_of = {f.code: f.path for f in reports[1].findings}
    assert second.column_of(path_of["record.invalid_value"]) == "食品经营许可证.有效期至"
    assert first.column_of(("legal_representative", "id_number")) == "法定代表人身份证号"
    assert first.column_of(("uscc",)) == "统一社会信用代码"


def test_a_csv_header_not_in_the_encoding_given_is_a_config_error(tmp_path: Path) -> None:
    from qualcheck.exceptions import ConfigError

    path = tmp_path / "export.csv"
    path.write_bytes("商户编号,商户名称\nm1,示例有限公司\n".encode("gb18030"))
    with pytest.raises(ConfigError, match=r"export\.csv: the CSV header is not utf-8 text"):
        list(iter_input(path))
    (item,) = iter_input(path, encoding="gb18030")
    assert item.record == {"merchant_id": "m1", "name": "示例有限公司"}
