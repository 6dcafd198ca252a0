"""The sample entity the adapter and emulator tests share (made up: 示例 names, the
reference's illustrative USCC)."""

from __future__ import annotations

from typing import Any

from qualcheck.registries import RegistryRecord

USCC = "91350100M000100Y43"
REGNO = "350100100012345"
SAMPLE: dict[str, Any] = {
    "name": "福州示例食品有限公司",
    "uscc": USCC,
    "registration_number": REGNO,
    "legal_representative": "王五",
    "status": "存续（在营、开业、在册）",
    "established_on": "2010-01-01",
    "term_from": "2010-01-01",
    "term_to": "2030-12-31",
    "scope": "食品销售",
    "address": "福建省福州市鼓楼区示例路1号",
    "former_names": ("福州旧名有限公司",),
}


def sample_record(**changes: Any) -> RegistryRecord:
    """The sample entity with ``changes`` applied (``None`` leaves a field out)."""
    fields = {key: value for key, value in {**SAMPLE, **changes}.items() if value is not None}
    return RegistryRecord.model_validate(fields)
