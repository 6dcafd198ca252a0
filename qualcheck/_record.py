"""Reading a raw merchant record into the models without ever crashing.

A record that does not validate is not rejected wholesale: every validation error
becomes a finding that names the field (``$.documents[1].number``), the unreadable part
is left out (an optional field, or the document that holds it), and the rest is
validated again so that the other checks can still run.  Number errors keep their own
finding codes (a pydantic error type equals the finding code, e.g. ``uscc.checksum``);
structural problems get ``record.*`` codes, which ask for review.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Mapping, MutableMapping
from typing import Any

from pydantic import ValidationError

from qualcheck._codes import _CATALOGUE, Code, Finding, Severity, define

__all__ = ["parse_record"]

_RULE = "fail closed: an unreadable record is never passed"
_MAX_ROUNDS = 64

define(
    Code(
        "record.not_an_object",
        Severity.WARNING,
        "The record is not a JSON object ({type}); nothing could be verified.",
        "记录不是JSON对象（{type}），无法核验。",
        rule=_RULE,
    ),
    Code(
        "record.not_json",
        Severity.WARNING,
        "The record is not valid JSON ({reason}); nothing could be verified.",
        "记录不是有效的JSON（{reason}），无法核验。",
        rule=_RULE,
    ),
    Code(
        "record.missing_field",
        Severity.WARNING,
        "Required field {field!r} is missing.",
        "缺少必填字段“{field}”。",
        rule=_RULE,
    ),
    Code(
        "record.invalid_value",
        Severity.WARNING,
        "Field {field!r} could not be read: {reason}",
        "字段“{field}”无法读取：{reason}",
        rule=_RULE,
    ),
    Code(
        "record.unknown_document_kind",
        Severity.WARNING,
        "Document kind {tag!r} is not known; expected one of {expected}.",
        "证照类型“{tag}”未知，应为以下之一：{expected}。",
        rule=_RULE,
    ),
    Code(
        "record.entry_dropped",
        Severity.WARNING,
        "This entry (a document or a shop) could not be read and was left out of the other checks.",
        "该条目（证照或店铺）无法读取，未参与其他核验。",
        rule=_RULE,
    ),
    Code(
        "record.unreadable",
        Severity.WARNING,
        "The record could not be read into a merchant; only the problems above are known.",
        "记录无法解析为商户信息，仅发现上述问题。",
        rule=_RULE,
    ),
)


def _field(loc: tuple[str | int, ...]) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "record"


def _finding(error: Mapping[str, Any], path: tuple[str | int, ...]) -> Finding:
    kind = str(error["type"])
    ctx = dict(error.get("ctx") or {})
    if kind in _CATALOGUE:  # a qualcheck number type: the error type is the finding code
        position = ctx.pop("position", None)
        finding = Finding.of(kind, position=position if isinstance(position, int) else None, **ctx)
    elif kind == "missing":
        finding = Finding.of("record.missing_field", field=_field(path))
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        finding = Finding.of(
            "record.unknown_document_kind",
            tag=str(ctx.get("tag", "")),
            expected=str(ctx.get("expected_tags", "")),
        )
    else:
        finding = Finding.of("record.invalid_value", field=_field(path), reason=error["msg"])
    return dataclasses.replace(finding, path=path)


def _clean_loc(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """``loc`` without the discriminated-union tags pydantic inserts
    (``documents.0.food_business.number`` → ``documents.0.number``)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, Mapping) and part not in node and node.get("kind") == part:
            continue
        out.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(out)


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _prune(data: dict[str, Any], path: tuple[str | int, ...], dropped: list[Finding]) -> bool:
    """Remove the deepest part of ``path`` that exists: the bad field, or — once that is
    gone and still required — the list entry (document, shop) holding it.  False when
    only a required top-level field is left, which cannot be removed."""
    for depth in range(len(path), 0, -1):
        parent, key = _get(data, path[: depth - 1]), path[depth - 1]
        if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
            del parent[key]
            dropped.append(_finding_at("record.entry_dropped", path[:depth]))
            return True
        if isinstance(parent, MutableMapping) and key in parent:
            del parent[key]
            return True
    return False


def _finding_at(code: str, path: tuple[str | int, ...]) -> Finding:
    return dataclasses.replace(Finding.of(code), path=path)


def parse_record(record: Any) -> tuple[Any, list[Finding]]:
    """Read ``record`` (a Merchant, a mapping, or JSON text) into a Merchant.

    Returns the merchant (``None`` if nothing usable remained) and the findings about
    what could not be read.
    """
    from qualcheck.models import Merchant

    if isinstance(record, Merchant):
        return record, []
    if isinstance(record, (str, bytes, bytearray)):
        try:
            record = json.loads(record)
        except ValueError as exc:
            return None, [Finding.of("record.not_json", reason=str(exc))]
    if not isinstance(record, Mapping):
        return None, [Finding.of("record.not_an_object", type=type(record).__name__)]
    try:
        return Merchant.model_validate(record), []
    except ValidationError:
        pass  # salvage what can be read, on a copy: the caller's record is never changed
    work: dict[str, Any] = copy.deepcopy(dict(record))
    findings: list[Finding] = []
    reported: set[tuple[str | int, ...]] = set()
    first_round = True
    for _ in range(_MAX_ROUNDS):
        try:
            return Merchant.model_validate(work), findings
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=False)
        paths = [_clean_loc(work, tuple(error["loc"])) for error in errors]
        if first_round:  # later rounds only show what pruning removed
            for error, path in zip(errors, paths, strict=True):
                if path not in reported:
                    reported.add(path)
                    findings.append(_finding(error, path))
            first_round = False
        dropped: list[Finding] = []
        if not _prune(work, paths[0], dropped):
            findings.append(Finding.of("record.unreadable"))
            return None, findings
        findings.extend(dropped)
    findings.append(Finding.of("record.unreadable"))
    return None, findings
