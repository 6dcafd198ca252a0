"""Reading a raw merchant record into the models without ever crashing.

A record that does not validate is not rejected wholesale: every validation error
becomes a finding that names the field (``$.documents[1].number``), the unreadable part
is left out (an optional field, or the document that holds it), and the rest is
validated again so that the other checks can still run.  Number errors keep their own
finding codes (a pydantic error type equals the finding code, e.g. ``uscc.checksum``);
structural problems get ``record.*`` codes, which ask for review.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any, get_args

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from qualcheck._codes import _CATALOGUE, Code, Finding, Severity, define, type_zh
from qualcheck._json_keys import loads_noting_duplicates
from qualcheck._nesting import too_deep
from qualcheck._reasons import field_label_zh, json_reason_zh, pydantic_reason_zh
from qualcheck._scrub import scrub
from qualcheck._spelling import Spellings, camel, chinese_key, same_value
from qualcheck.checks.consistency import holds_no_name
from qualcheck.dates import VALIDITY_SPELLINGS, _blank, is_long_term, parse_date
from qualcheck.models import Merchant, SubjectType
from qualcheck.models._printed import no_value
from qualcheck.models.documents import (
    _VALIDITY_KEYS,
    DOCUMENT_KINDS,
    DOCUMENT_SPELLINGS,
    document_kind,
)
from qualcheck.models.merchant import (
    _MERCHANT_SPELLINGS,
    _PERSON_ID_BESIDE,
    _PERSON_SPELLINGS,
    _SHOP_SPELLINGS,
    unchanged_since_validation,
)

__all__ = ["RecordPath", "parse_record", "read_record"]

RecordPath = tuple[str | int, ...]
"""A location in a record: keys and list indices."""
PathMap = Callable[[RecordPath], RecordPath]
"""Maps a path in the merchant to the same place in the record as given."""

_RULE = "fail closed: an unreadable record is never passed"
_MAX_ROUNDS = 64

define(
    Code(
        "record.not_an_object",
        Severity.WARNING,
        "The record is not a JSON object ({type}); nothing could be verified.",
        "记录不是JSON对象（而是{type_zh}），无法核验。",
        rule=_RULE,
    ),
    Code(
        "record.not_json",
        Severity.WARNING,
        "The record is not valid JSON ({reason}); nothing could be verified.",
        "记录不是有效的JSON（{reason_zh}），无法核验。",
        rule=_RULE,
    ),
    Code(
        "record.missing_field",
        Severity.WARNING,
        "Required field {field!r} is missing.",
        "缺少必填字段“{field_zh}”。",
        rule=_RULE,
    ),
    Code(
        "record.invalid_value",
        Severity.WARNING,
        "Field {field!r} could not be read: {reason}",
        "字段“{field_zh}”无法读取：{reason_zh}",
        rule=_RULE,
    ),
    Code(
        "record.unknown_document_kind",
        Severity.WARNING,
        "Document kind {tag!r} is not known; expected one of {expected}.",
        "证照类型“{tag_zh}”未知，应为以下之一：{expected_zh}。",
        rule=_RULE,
    ),
    Code(
        "record.entry_dropped",
        Severity.WARNING,
        "This entry (a document, a shop or a declared category) could not be read and was"
        " left out of the other checks.",
        "该条目（证照、店铺或申报类目）无法读取，未参与其他核验。",
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


def _field(loc: RecordPath) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "record"


def _finding(error: Mapping[str, Any], path: RecordPath, data: Any = None) -> Finding:
    kind = str(error["type"])
    ctx = dict(error.get("ctx") or {})
    if kind in _CATALOGUE:  # a qualcheck number type: the error type is the finding code
        position = ctx.pop("position", None)
        finding = Finding.of(kind, position=position if isinstance(position, int) else None, **ctx)
    elif kind == "missing":
        finding = missing_field(_field(path))
    elif kind == "union_tag_not_found":  # a document without a ``kind``
        finding = missing_field("kind")
        path = (*path, "kind")
    elif kind == "union_tag_invalid":
        finding = _unknown_kind(ctx, _get(data, (*path, "kind")))
    else:
        reason = scrub(str(error["msg"]).removeprefix("Value error, "))
        reason_zh = pydantic_reason_zh(error)
        finding = invalid_value(
            _field(path), reason, None if reason_zh is None else scrub(reason_zh)
        )
    return dataclasses.replace(finding, path=path)


def _unknown_kind(ctx: Mapping[str, Any], given: Any) -> Finding:
    """``record.unknown_document_kind``: the kind as given (masked: a number typed into
    the wrong cell may be an ID), and the kinds qualcheck knows."""
    from qualcheck.models.documents import DOCUMENT_KINDS

    tag = scrub(str(ctx.get("tag", "")))
    return Finding.of(
        "record.unknown_document_kind",
        tag=tag,
        tag_zh=tag if isinstance(given, str) else type_zh(given),
        expected=str(ctx.get("expected_tags", "")),
        expected_zh="、".join(f"“{key}”（{cls.TITLE_ZH}）" for key, cls in DOCUMENT_KINDS.items()),
    )


def _given_twice(path: RecordPath) -> Finding:
    """``record.invalid_value`` for a key the JSON text gives twice, with different values:
    the last is read, as Python reads JSON, while another reader may take the first."""
    reason = "given twice in the JSON text, with different values (the last is read)"
    reason_zh = "在JSON文本中出现两次且取值不同（采用后一个）"
    return dataclasses.replace(invalid_value(_field(path), reason, reason_zh), path=path)


def missing_field(field: str) -> Finding:
    """``record.missing_field`` for ``field`` (its Chinese label in the Chinese message)."""
    return Finding.of("record.missing_field", field=field, field_zh=field_label_zh(field))


def invalid_value(field: str, reason: str, reason_zh: str | None = None) -> Finding:
    """``record.invalid_value``: ``field`` (a field name or a CSV column) could not be
    read, and why; without a Chinese reason the English one stands in the Chinese message.

    >>> invalid_value("issue_date", "not a date", "不是日期").message_zh
    '字段“发证日期”无法读取：不是日期'
    """
    return Finding.of(
        "record.invalid_value",
        field=field,
        reason=reason,
        field_zh=field_label_zh(field),
        reason_zh=reason if reason_zh is None else reason_zh,
    )


def _child(node: Any, part: str | int) -> Any:
    """``node[part]``, or ``None`` where ``node`` holds no such key or index."""
    try:
        return node[part]
    except (KeyError, IndexError, TypeError):
        return None


def _clean_loc(data: Any, loc: RecordPath) -> RecordPath:
    """``loc`` as a path into ``data``: without the discriminated-union tags pydantic
    inserts (``documents.0.food_business.number`` → ``documents.0.number``), and without
    the ``validity`` a document builds from top-level ``valid_from``/``valid_to`` keys
    (``documents.0.validity.valid_to`` → ``documents.0.valid_to``)."""
    beside = _id_beside(data, loc)
    if beside is not None:
        return beside
    out: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        if isinstance(node, Mapping) and part not in node:
            if part in DOCUMENT_KINDS and _kind_of(node) == part:
                continue
            following = loc[index + 1] if index + 1 < len(loc) else None
            if (
                part == "validity"
                and following in _VALIDITY_KEYS
                and _given_key(node, following) in node
            ):
                continue
            part = _given_key(node, part)  # a field given in camelCase or Chinese: that key
        elif index + 1 < len(loc):
            part = _holder(node, part)
        out.append(part)
        node = _child(node, part)
    return tuple(out)


def _holder(node: Any, key: str | int) -> str | int:
    """``key``, or — when ``node[key]`` is text and another spelling of it holds an object
    (a person given as a name and as an object: the object is read) — that spelling."""
    if not isinstance(key, str) or not isinstance(_child(node, key), str):
        return key
    for given in node:
        if (
            type(given) is str
            and given != key
            and (given == camel(key) or (not given.isascii() and key in _chinese_fields(given)))
            and _is_mapping(node[given])
        ):
            return given
    return key


def _id_beside(record: Any, path: RecordPath) -> RecordPath | None:
    """The key of the legal representative's ID number given next to the merchant's
    fields (``身份证号``) when ``path`` is the person's ``id_number`` read from it, else
    ``None``."""
    if path[:2] != ("legal_representative", "id_number") or not isinstance(record, Mapping):
        return None
    key = next((k for k in record if type(k) is str and _PERSON_ID_BESIDE.chinese_field(k)), None)
    if key is None:
        return None
    person = _child(record, _given_key(record, "legal_representative"))
    if isinstance(person, Mapping) and _PERSON_SPELLINGS.key_of(person, "id_number") is not None:
        return None  # the person's own number (a conflict is reported at the key beside)
    return (key, *path[2:])


def _kind_of(document: Mapping[str, Any]) -> str | None:
    """The kind a document in the record says it is (a title such as 营业执照 read)."""
    given = _entry(document, "kind", DOCUMENT_SPELLINGS)[1]
    if not isinstance(given, str):
        return None
    if given in DOCUMENT_KINDS:  # a kind as itself, without reading it as a title
        return given
    found = document_kind(given)
    return None if found is None else found[0]


def _error_path(data: Any, error: Mapping[str, Any]) -> RecordPath:
    """Where in ``data`` a validation error is: :func:`_clean_loc`, and for a validity key
    given twice (an error of the whole document) the top-level key, which pruning then
    removes, keeping the document with its ``validity``."""
    path = _clean_loc(data, tuple(error["loc"]))
    if error["type"] == "validity_conflict":
        field = (error.get("ctx") or {}).get("field")
        if field in _VALIDITY_KEYS:
            path = (*path, _given_key(_get(data, path), field))
    elif error["type"] == "spelling_conflict":  # the second key: pruning removes it
        key = (error.get("ctx") or {}).get("key")
        if isinstance(key, str):
            path = (*path, key)
    return path


def _given_key(node: Any, key: str | int) -> str | int:
    """``key`` as ``node`` holds it: the field's name, or its camelCase spelling or a
    Chinese name of it when only that is there (``holder_uscc`` → ``holderUscc``,
    ``统一社会信用代码``)."""
    if isinstance(key, str) and isinstance(node, Mapping) and key not in node:
        spelt = camel(key)
        if spelt in node:
            return spelt
        for given in node:
            if type(given) is str and not given.isascii() and key in _chinese_fields(given):
                return given
    return key


def _fields_by_chinese_name(*levels: Spellings) -> dict[str, frozenset[str]]:
    """Chinese name → the fields it names at any of ``levels``."""
    table: dict[str, frozenset[str]] = {}
    for level in levels:
        for name, field in level.chinese.items():
            table[name] = table.get(name, frozenset()) | {field}
    return table


_CHINESE_FIELDS = _fields_by_chinese_name(
    _MERCHANT_SPELLINGS, _PERSON_SPELLINGS, _SHOP_SPELLINGS, DOCUMENT_SPELLINGS, VALIDITY_SPELLINGS
)
"""Chinese name → the fields it names at some level of a record (``名称``: ``name`` of the
merchant and of a shop, ``holder_name`` of a document).  Only to find the key a mapping
gives a field under, for a finding's path: no field is read by it."""


def _chinese_fields(key: str) -> frozenset[str]:
    """The fields the Chinese name ``key`` names at some level of a record."""
    return _CHINESE_FIELDS.get(chinese_key(key), frozenset()) if len(key) <= 64 else frozenset()


def _get(data: Any, path: RecordPath) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


class _Origins:
    """Where the entries of the lists in the working copy were in the caller's record:
    removing a document shifts the ones after it, but findings name the original index."""

    def __init__(self) -> None:
        self._lists: dict[int, tuple[list[Any], list[int]]] = {}

    def __bool__(self) -> bool:
        return bool(self._lists)

    def remove(self, items: list[Any], index: int) -> None:
        """Remove ``items[index]``, remembering where the others were."""
        _, origins = self._lists.setdefault(id(items), (items, list(range(len(items)))))
        del items[index], origins[index]

    def original(self, data: Any, path: RecordPath) -> RecordPath:
        """``path`` in the working copy ``data`` → the same place in the caller's record."""
        out: list[str | int] = []
        node = data
        for part in path:
            if isinstance(part, int) and isinstance(node, list) and id(node) in self._lists:
                origins = self._lists[id(node)][1]
                out.append(origins[part] if 0 <= part < len(origins) else part)
            else:
                out.append(part)
            try:  # a field given in camelCase: its list is under that key
                node = node[_given_key(node, part)]
            except (KeyError, IndexError, TypeError):
                node = None
        return tuple(out)


def _prune(
    data: dict[str, Any], path: RecordPath, dropped: list[Finding], origins: _Origins
) -> bool:
    """Remove the deepest part of ``path`` that exists: the bad field, or — once that is
    gone and still required — the list entry (document, shop) holding it.  False when
    only a required top-level field is left, which cannot be removed."""
    for depth in range(len(path), 0, -1):
        parent, key = _get(data, path[: depth - 1]), path[depth - 1]
        if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
            where = origins.original(data, path[:depth])
            dropped.append(_dropped(where, parent[key]))
            origins.remove(parent, key)
            return True
        if isinstance(parent, MutableMapping):
            if key in parent and _is_id_type_key(key):  # a document no one knows is still
                parent[key] = "other"  # one, whose number GB 11643 does not judge
                return True
            if key in parent:
                del parent[key]
                return True
            loose = [name for name in parent if _is_loose_validity_key(name)]
            if key == "validity" and loose:  # a period given as top-level keys
                for name in loose:
                    del parent[name]
                return True
    return False


_ID_TYPE_KEYS = ("id_type", camel("id_type"))
_LOOSE_VALIDITY_KEYS = (*_VALIDITY_KEYS, *(camel(key) for key in _VALIDITY_KEYS))


def _is_id_type_key(key: Any) -> bool:
    """Whether ``key`` gives an ``id_type``: ``id_type``, ``idType`` or ``证件类型``."""
    return key in _ID_TYPE_KEYS or (
        type(key) is str and not key.isascii() and "id_type" in _chinese_fields(key)
    )


def _is_loose_validity_key(key: Any) -> bool:
    """Whether ``key`` gives a document's ``valid_from``, ``valid_to`` or ``long_term``."""
    if key in _LOOSE_VALIDITY_KEYS:
        return True
    return type(key) is str and VALIDITY_SPELLINGS.chinese_field(key) is not None


def _finding_at(code: str, path: RecordPath) -> Finding:
    return dataclasses.replace(Finding.of(code), path=path)


def _dropped(path: RecordPath, entry: Any) -> Finding:
    """``record.entry_dropped`` at ``path``; for a document whose kind was read (a kind, or
    a title such as 营业执照), that kind in ``ctx["kind"]``: the checks that then find a
    document missing know which kind of document was left out (no ``kind``: it could be
    any)."""
    kind = _kind_of(entry) if path[:1] == ("documents",) and isinstance(entry, Mapping) else None
    if kind is None:
        return _finding_at("record.entry_dropped", path)
    return dataclasses.replace(Finding.of("record.entry_dropped", kind=kind), path=path)


def parse_record(record: Any, *, as_of: datetime.date | None = None) -> tuple[Any, list[Finding]]:
    """Read ``record`` (a Merchant, a mapping, or JSON text) into a Merchant.

    Returns the merchant (``None`` if nothing usable remained) and the findings about
    what could not be read.  Numbers whose rules depend on the date (a birth date or an
    issue year in the future) are judged as of ``as_of`` (default: today in China).
    See :func:`read_record` for the paths of later findings.
    """
    merchant, findings, _ = read_record(record, as_of=as_of)
    return merchant, findings


_TOO_DEEP = object()
"""Stands for text nested deeper than the JSON parser can follow."""


def read_record(
    record: Any, *, as_of: datetime.date | None = None
) -> tuple[Any, list[Finding], PathMap | None]:
    """:func:`parse_record`, and a function that maps a path in the merchant to the same
    place in ``record`` (``None`` when they are the same: nothing was left out of a list)."""
    # the day is always given, today's too: read from the clock again while the record is
    # read, today could already be tomorrow (midnight), and the numbers would be judged as
    # of another day than the checks
    context = {"as_of": as_of} if as_of is not None else None
    if type(record) is not dict:  # a plain dict, the common case, needs none of these tests
        if isinstance(record, Merchant):
            given = _changed_merchant(record)
            if given is None:
                return record, [], None
            record = given  # read again, as a record: each problem named by its field
        if isinstance(record, (str, bytes, bytearray)):
            if isinstance(record, str):  # read like the bytes of a UTF-8 file with a BOM
                record = record.removeprefix("\ufeff")
            try:
                record, twice = loads_noting_duplicates(record)
            except ValueError as exc:
                finding = Finding.of(
                    "record.not_json", reason=str(exc), reason_zh=json_reason_zh(exc)
                )
                return None, [finding], None
            except RecursionError:  # nested deeper than the parser can go
                record = _TOO_DEEP
            if record is _TOO_DEEP or too_deep(record):  # a limit the same on every stack
                reason, reason_zh = "nested too deeply to read", "嵌套层级过深，无法读取"
                finding = Finding.of("record.not_json", reason=reason, reason_zh=reason_zh)
                return None, [finding], None
            if twice and isinstance(record, dict):  # never judged on one of two readings
                merchant, read, path_map = read_record(record, as_of=as_of)
                return merchant, [*map(_given_twice, twice), *read], path_map
        if not isinstance(record, Mapping):
            finding = Finding.of(
                "record.not_an_object", type=type(record).__name__, type_zh=type_zh(record)
            )
            return None, [finding], None
    notes, spelt = _spelling_notes(record)
    errors: list[Any] = []
    try:  # the common case: read at once (every field's type is flat, so a value nested
        # deeper than _DEEPEST is never read into a merchant: it is an error, or recursion)
        merchant = Merchant.model_validate(record, context=context)
    except ValidationError as exc:  # salvage what can be read, on a copy: the caller's
        errors = exc.errors(include_url=False, include_input=False)  # never changed
    except RecursionError:
        pass
    else:
        return merchant, notes + _name_notes(merchant), _path_map(record, None, spelt)
    deep = _too_deep_fields(record)
    work = _working_copy(record)  # the same structure: the errors' locations hold in it
    findings: list[Finding] = notes
    reported: set[RecordPath] = set()
    origins = _Origins()
    removed: list[RecordPath] = []
    first_round = not deep and bool(errors)
    for path in deep:  # last first: a list entry removed shifts none of the others
        findings.append(dataclasses.replace(_too_deep_value(_field(path)), path=path))
        reported.add(path)
        removed.append(path)
        _prune(work, path, findings, origins)
    for _ in range(_MAX_ROUNDS):
        if not first_round:
            try:
                merchant = Merchant.model_validate(work, context=context)
            except ValidationError as exc:
                errors = exc.errors(include_url=False, include_input=False)
            except RecursionError:  # nested too deep for this stack, though not for _DEEPEST
                findings.append(Finding.of("record.unreadable"))
                return None, findings, None
            else:
                return (
                    merchant,
                    findings + _name_notes(merchant),
                    _path_map(record, _remap(work, origins) if origins else None, spelt),
                )
        paths = [_error_path(work, error) for error in errors]
        for error, path in zip(errors, paths, strict=True):
            finding = _finding(error, path, work)
            if not first_round:  # later rounds: only what an error of a whole entry hid,
                # not what pruning caused (a removed field now missing)
                where = origins.original(work, finding.path)
                if _pruned(where, removed):
                    continue
                finding = dataclasses.replace(finding, path=where)
            if finding.path not in reported:
                reported.add(finding.path)
                findings.append(finding)
        first_round = False
        dropped: list[Finding] = []
        removed.append(origins.original(work, paths[0]))
        if not _prune(work, paths[0], dropped, origins):
            findings.append(Finding.of("record.unreadable"))
            return None, findings, None
        findings.extend(dropped)
    findings.append(Finding.of("record.unreadable"))
    return None, findings, None


def _name_notes(merchant: Merchant) -> list[Finding]:
    """``record.invalid_value`` at ``name`` when the seller's name holds no name
    (:func:`~qualcheck.checks.consistency.holds_no_name`): no document's holder, and no
    registered name, can be compared with it, so the record is reviewed rather than
    passed on its USCC alone.
    An individual business without a trade name (``无字号``) that gives its operator is
    named by him: no finding."""
    name = merchant.name
    if not holds_no_name(name):
        return []
    person = merchant.legal_representative
    uscc = merchant.effective_uscc or ""
    individual = merchant.subject_type is SubjectType.INDIVIDUAL_BUSINESS or uscc[:2] == "92"
    if individual and person is not None and not holds_no_name(person.name):
        return []
    shown = scrub(name)
    finding = invalid_value(
        "name",
        f"{shown!r} is no name (a placeholder, a pointer elsewhere or a label alone): no"
        " document's holder can be compared with it; give the registered name",
        f"“{shown}”不是名称（占位符、指向他处的说明或仅有标签），无法与证照的持证主体比对；"
        "应填写登记名称",
    )
    return [dataclasses.replace(finding, path=("name",))]


_DEEPEST = 100
"""The deepest nesting of dicts and lists a record given as objects is read to: no field
nests more than a few levels, and validating (or even printing) a value nested thousands
of levels deep exhausts the interpreter's stack (text is held to
:data:`~qualcheck._nesting.MAX_NESTING` as it is parsed)."""
_ENTRY_LISTS = frozenset(("documents", "shops"))
_NESTED_FIELDS = frozenset(
    ("legal_representative", camel("legal_representative"), "categories", "validity")
)


def _too_deep_value(field: str) -> Finding:
    """``record.invalid_value`` for a field nested deeper than :data:`_DEEPEST`."""
    return invalid_value(
        field,
        f"nested more than {_DEEPEST} levels deep; not read",
        f"嵌套超过{_DEEPEST}层，未读取",
    )


def _field_at(path: RecordPath) -> RecordPath:
    """The field of the record that holds the place ``path``: a top-level field, a field of
    a document or shop (or of its validity), a category entry, a field of the legal
    representative."""
    cut = 1  # the path is _DEEPEST long: its first four parts exist
    if path[0] in _ENTRY_LISTS and isinstance(path[1], int):
        cut = 3 if isinstance(path[2], str) else 2  # a field of the entry, or the entry
        if path[2] in _NESTED_FIELDS and path[3] in _LOOSE_VALIDITY_KEYS:
            cut = 4  # documents.0.validity.valid_to
    elif path[0] in _NESTED_FIELDS:
        cut = 2
    return path[:cut]


def _too_deep_fields(record: Mapping[str, Any]) -> list[RecordPath]:
    """The fields of ``record`` whose values nest dicts and lists more than
    :data:`_DEEPEST` levels deep, last first; found without recursion."""
    found: set[RecordPath] = set()
    stack: list[tuple[Any, RecordPath]] = [(record, ())]
    while stack:
        node, path = stack.pop()
        if len(path) >= _DEEPEST:
            found.add(_field_at(path))
            continue
        if type(node) is dict or isinstance(node, Mapping):
            items: Any = node.items()
        elif type(node) is list or isinstance(node, tuple):
            items = enumerate(node)
        else:
            continue
        for key, child in items:
            if type(child) in _SCALARS:  # most values: no ABC test
                continue
            if isinstance(child, (Mapping, list, tuple)) and not _under(path, found):
                stack.append((child, (*path, key)))
    return sorted(found, key=_sort_key, reverse=True)


_SCALARS = frozenset((str, int, float, bool, type(None)))
"""The types of a record's plain values, which hold nothing nested."""


def _under(path: RecordPath, fields: set[RecordPath]) -> bool:
    """Whether ``path`` is at or under one of ``fields`` (none, in the common case)."""
    return bool(fields) and any(path[: len(field)] == field for field in fields)


def _sort_key(path: RecordPath) -> list[tuple[int, int, str]]:
    """Orders paths of keys and indices: within one list, by index."""
    return [(1, part, "") if isinstance(part, int) else (0, 0, str(part)) for part in path]


def _changed_merchant(merchant: Merchant) -> dict[str, Any] | None:
    """``None`` for a merchant whose fields hold what validation made of them (the common
    case); else its fields as a record to read again.  A merchant changed after validation
    (``model_construct``, ``object.__setattr__``, ``model_copy(update=…)``) may hold a
    text where a validity belongs or a dict where a document does: the checks would stop
    on it, where reading it as a record names each such field.  A value of the right type
    that validation would not have made (an empty name, a number not normalised, a
    document whose decoded number is that of the number it was copied from) is read again
    too: whatever is not the values validation made is (fail closed)."""
    fields = type(merchant).model_fields
    try:
        merchant.model_dump(warnings="error")
    except Exception:  # a value of the wrong type …: read it again
        pass
    else:
        if not unchanged_since_validation(merchant):
            return _fields_of(merchant, fields)
        given = merchant.__dict__
        if all(_may_be(info, given.get(name, _ABSENT)) for name, info in fields.items()):
            return None
    return _fields_of(merchant, fields)


def _fields_of(merchant: Merchant, fields: Mapping[str, FieldInfo]) -> dict[str, Any]:
    """A merchant's fields as a record to read again."""
    for mode in ("json", "python"):  # JSON's types where it can (a set becomes a list)
        try:
            return merchant.model_dump(mode=mode, warnings=False)
        except Exception:  # a value of no JSON type; then one that cannot be dumped at all
            continue
    return {name: getattr(merchant, name, None) for name in fields}


_ABSENT = object()


def _may_be(info: FieldInfo, value: Any) -> bool:
    """Whether a field described by ``info`` may hold ``value`` as far as the dump does
    not tell: a field deleted from the instance may not; ``None`` only where it is
    allowed (the dump writes ``None`` for any field without a warning)."""
    if value is _ABSENT:
        return False
    return value is not None or info.default is None or type(None) in get_args(info.annotation)


def _spelling_notes(record: Mapping[str, Any]) -> tuple[list[Finding], bool]:
    """``record.invalid_value`` for every key that misspells a field (``HolderName``,
    ``holder-name``: not read, so reported rather than silently ignored), and whether any
    key was a field's camelCase spelling (read as the field).  Other keys are the
    platform's own.  The mappings looked at are those the models read: the merchant, its
    legal representative, its shops, its documents and their validity periods (each
    looked into only when it holds a key that is not a field's name: rarely)."""
    notes: list[Finding] = []
    spelt = False
    if not _MERCHANT_SPELLINGS.fields.issuperset(record):
        spelt = _keys_read((), record, _MERCHANT_SPELLINGS, notes)
    key, person = _entry(record, "legal_representative", _MERCHANT_SPELLINGS)
    if _is_mapping(person) and not _PERSON_SPELLINGS.fields.issuperset(person):
        spelt = _keys_read((key,), person, _PERSON_SPELLINGS, notes) or spelt
    shops = record.get("shops")
    if isinstance(shops, (list, tuple)):
        fields = _SHOP_SPELLINGS.fields
        for index, shop in enumerate(shops):
            if _is_mapping(shop) and not fields.issuperset(shop):
                spelt = _keys_read(("shops", index), shop, _SHOP_SPELLINGS, notes) or spelt
    documents = record.get("documents")
    if isinstance(documents, (list, tuple)):
        fields = DOCUMENT_SPELLINGS.fields
        for index, document in enumerate(documents):
            if not _is_mapping(document):
                continue
            if not fields.issuperset(document):
                where: RecordPath = ("documents", index)
                spelt = _keys_read(where, document, DOCUMENT_SPELLINGS, notes) or spelt
            period = document.get("validity")
            if period is None and "validity" not in document:
                key, period = _entry(document, "validity", DOCUMENT_SPELLINGS)
            else:
                key = "validity"
            if _is_mapping(period) and not VALIDITY_SPELLINGS.fields.issuperset(period):
                where = ("documents", index, key)
                spelt = _keys_read(where, period, VALIDITY_SPELLINGS, notes) or spelt
    return notes, spelt


def _is_mapping(value: Any) -> bool:
    """``isinstance(value, Mapping)``, a plain dict (the common case), text and ``None``
    (a validity given as text, or not given) without the ABC."""
    kind = type(value)
    return kind is dict or (kind is not str and value is not None and isinstance(value, Mapping))


def _keys_read(
    path: RecordPath, mapping: Mapping[str, Any], spellings: Spellings, notes: list[Finding]
) -> bool:
    """Whether ``mapping`` (at ``path``) gives a field in camelCase; each key of it that
    misspells a field is added to ``notes`` — unless empty, or repeating the value the
    field is given."""
    spelt = False
    for key, value in mapping.items():
        if type(key) is not str or key in spellings.fields:
            continue
        if key in spellings.camel or spellings.chinese_field(key) is not None:
            spelt = True  # read as the field
            continue
        if not path and _PERSON_ID_BESIDE.chinese_field(key) is not None:
            spelt = True  # the legal representative's ID number, next to the merchant's
            continue
        field = spellings.near_miss(key)
        if field is None:
            if _is_mapping(value):  # the platform's own group of values
                _nested_notes((*path, key), mapping, value, spellings, notes)
            continue
        if _blank(value) or no_value(value):
            continue
        given = _entry(mapping, field, spellings)[1]
        if given is None or not _same(field, given, value):
            notes.append(_misspelt((*path, key), key, field))
    return spelt


_TELLING_FIELDS = frozenset(
    {
        "categories",
        "documents",
        "holder_uscc",
        "id_number",
        "issue_date",
        "kind",
        "long_term",
        "number",
        "uscc",
        "valid_from",
        "valid_to",
        "validity",
    }
)
"""Fields whose value decides a verification (what is sold, which documents, their
numbers and terms): one given under a key of the platform's own, and not as the field,
is reported (:func:`_nested_notes`).  Others (``name``, ``address`` …) are common in a
platform's own groups — a contact's name — and left alone."""


def _nested_notes(
    path: RecordPath,
    mapping: Mapping[str, Any],
    group: Mapping[Any, Any],
    spellings: Spellings,
    notes: list[Finding],
) -> None:
    """A mapping under a key qualcheck does not read (``"extra": {"valid_to": …}``): each
    of its keys that names one of :data:`_TELLING_FIELDS` of ``mapping``'s own level, with
    a value that the field itself does not give (absent there, or another value), is added
    to ``notes`` — it is not read, and may be what decides.  One level down only."""
    for inner, value in group.items():
        field = spellings.field_of(inner)
        if field not in _TELLING_FIELDS or _blank(value) or no_value(value):
            continue
        given = _entry(mapping, field, spellings)[1]
        if given is None or not _same(field, given, value):
            notes.append(_unread(path, inner, field, given is None))


def _unread(path: RecordPath, key: str, field: str, absent: bool) -> Finding:
    """``record.invalid_value`` at ``path`` + ``key``: a field's value given under a key of
    the platform's own (the last of ``path``), not read; the field itself ``absent``
    beside that key, or given another value."""
    group, label = str(path[-1]), field_label_zh(field)
    beside, beside_zh = (
        (f"no {field!r} is given beside it", f"与其同层未填写{label}")
        if absent
        else (f"the {field!r} given beside it differs", f"与其同层的{label}不同")
    )
    finding = invalid_value(
        key,
        f"it stands under {group!r}, a key qualcheck does not read, so its value was not"
        f" looked at ({beside}); give it as {field!r} or leave it out",
        f"位于qualcheck不读取的键“{group}”之下，其值未被核验（{beside_zh}）；"
        f"应作为{field}填写或删除",
    )
    return dataclasses.replace(finding, path=(*path, key))


_DATE_FIELDS = frozenset(("valid_from", "valid_to", "issue_date", "established_on"))
_NUMBER_FIELDS = frozenset(("uscc", "holder_uscc", "number", "id_number"))
_NUMBER_NOISE = re.compile(r"[\s\-]+")


def _compact(number: str) -> str:
    """A number as compared: NFKC, without spaces and hyphens, upper case."""
    return _NUMBER_NOISE.sub("", unicodedata.normalize("NFKC", number)).upper()


def _same(field: str, given: Any, other: Any) -> bool:
    """Whether ``other``, under a key that misspells ``field``, repeats ``given``: the same
    value (:func:`same_value`), or for a date the same day however written
    (``2028-06-11`` and ``2028年6月11日``; both long-term)."""
    if same_value(given, other):
        return True
    if field in _NUMBER_FIELDS and isinstance(given, str) and isinstance(other, str):
        return _compact(given) == _compact(other)
    if field not in _DATE_FIELDS:
        return False
    if is_long_term(given) and is_long_term(other):
        return True
    try:
        day = parse_date(given)
        return day is not None and day == parse_date(other)
    except (ValueError, TypeError, OverflowError):
        return False


def _entry(mapping: Mapping[str, Any], field: str, spellings: Spellings) -> tuple[str, Any]:
    """The key ``mapping`` gives ``field`` under (its name, its camelCase or a Chinese
    name of it: see ``spellings``) and the value (``None`` when none is there)."""
    if field in mapping:
        return field, mapping[field]
    key = spellings.key_of(mapping, field)
    return (camel(field), None) if key is None else (key, mapping[key])


def _misspelt(path: RecordPath, key: str, field: str) -> Finding:
    spelt = camel(field)
    either, either_zh = (
        (f"{field!r} or {spelt!r}", f"{field}或{spelt}")
        if spelt != field
        else (
            repr(field),
            field,
        )
    )
    finding = invalid_value(
        key,
        f"not a field name qualcheck reads, so its value was not looked at; write {either}",
        f"不是qualcheck读取的字段名，其值未被核验；应写作{either_zh}（{field_label_zh(field)}）",
    )
    return dataclasses.replace(finding, path=path)


def _given_path(record: Mapping[str, Any], path: RecordPath) -> RecordPath:
    """``path`` (a merchant's, in the fields' names) with each field the record gives in
    camelCase named as given (``documents.1.holder_uscc`` → ``documents.1.holderUscc``),
    or in Chinese (``documents.1.统一社会信用代码``)."""
    beside = _id_beside(record, path)
    if beside is not None:
        return beside
    out: list[str | int] = []
    node: Any = record
    for index, part in enumerate(path):
        if index + 1 < len(path):
            part = _holder(node, part)
        part = _given_key(node, part)
        out.append(part)
        node = _child(node, part)
    return tuple(out)


def _pruned(path: RecordPath, removed: list[RecordPath]) -> bool:
    """Whether ``path`` is at or under a place already pruned (or holds one)."""
    return any(path[: len(p)] == p or p[: len(path)] == path for p in removed)


def _working_copy(record: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the containers of ``record`` for pruning (mappings become dicts, lists and
    tuples lists; other values are shared), made without recursion so that no depth of
    nesting makes it fail, and keeping shared or cyclic containers shared."""
    root: dict[str, Any] = dict(record)
    copies: dict[int, Any] = {id(record): root}
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        entries = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, value in entries:
            kind = type(value)
            if kind is str or kind is int or kind is float or kind is bool or value is None:
                continue  # the common leaves, without the slower Mapping check
            if id(value) in copies:
                node[key] = copies[id(value)]
                continue
            if isinstance(value, Mapping):
                duplicate: Any = dict(value)
            elif isinstance(value, (list, tuple)):
                duplicate = list(value)
            else:
                continue
            copies[id(value)] = node[key] = duplicate
            stack.append(duplicate)
    return root


def _path_map(
    record: Mapping[str, Any], entries: PathMap | None, spelt: bool = False
) -> PathMap | None:
    """The map from merchant paths to ``record``'s: ``entries`` (for list entries left
    out); when the categories were given as one string (``"食品、药品"``), a category's
    place is that string (``$.categories``, not ``$.categories[1]``); and when fields were
    given in camelCase (``spelt``), their keys as given (``$.documents[1].holderUscc``)."""
    joined = isinstance(record.get("categories"), str)
    if not joined and not spelt:
        return entries

    def original(path: RecordPath) -> RecordPath:
        if joined and len(path) > 1 and path[0] == "categories" and isinstance(path[1], int):
            path = ("categories", *path[2:])
        if entries is not None:
            path = entries(path)
        return _given_path(record, path) if spelt else path

    return original


def _remap(work: dict[str, Any], origins: _Origins) -> PathMap:
    def original(path: RecordPath) -> RecordPath:
        return origins.original(work, path)

    return original
