"""An onboarding endpoint: verify a seller's record before the seller may list anything.

Run it from the repository root, with qualcheck installed::

    pip install fastapi uvicorn
    uvicorn examples.fastapi_onboarding:app

and post a record (the interactive docs are at http://127.0.0.1:8000/docs)::

    curl -s -H 'content-type: application/json' -d @examples/merchants/01-food-shop.json \\
        'http://127.0.0.1:8000/merchants/verify?as_of=2026-11-29'

``POST /merchants/verify`` takes a :class:`qualcheck.Merchant` as its body and answers

* **200** with the :class:`qualcheck.Report` whenever the record could be read — whatever
  the decision (``pass``, ``review`` or ``fail``): the onboarding flow branches on
  ``decision`` and shows the seller the findings' messages (``message_zh`` in Chinese);
* **422** when FastAPI could not read the body into a ``Merchant``.  qualcheck's number
  types raise pydantic errors whose ``type`` *is* the finding code (``uscc.checksum``,
  ``ric.birth_date`` …), so the handler below turns every validation error into a finding
  with the same code, messages and ``ctx`` that a report would carry.

The optional query parameter ``as_of`` (``YYYY-MM-DD``) is the date validity is judged
on; by default, today in China.

Personal data: the report never holds a full ID number, and neither does the 422 answer.
FastAPI's own 422 handler returns each error's ``input`` — an ID number with a typo would
come straight back, into the client's logs.  The handler below builds its answer from
codes, paths and finding parameters only, never from ``input``; where an error's message
or a parameter quotes a value (a date field that holds an ID number, a document kind
that is a phone number), personal numbers in it are masked with ``scrub``, as the
engine's own messages are.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from qualcheck import (
    Decision,
    Finding,
    Merchant,
    Policy,
    Report,
    Severity,
    __version__,
    catalogue,
    scrub,  # masks ID and phone numbers in text (see the docstring)
    verify,
)
from qualcheck.models import DOCUMENT_KINDS

__all__ = ["UnreadableFinding", "UnreadableRecord", "app", "error_finding", "verify_merchant"]

app = FastAPI(
    title="qualcheck onboarding example",
    version=__version__,
    description="Verify a seller's qualifications before it may sell on the platform.",
)

POLICY = Policy()
"""The policy that decides both the reports and the 422 answers (here: the defaults)."""

_CODES = frozenset(code.code for code in catalogue())


class UnreadableFinding(BaseModel):
    """A finding of the 422 answer: what could not be read, and where."""

    code: str = Field(description="the finding code (a number type's own: uscc.checksum …)")
    severity: Severity
    message: str
    message_zh: str
    position: int | None = None
    rule: str | None = None
    ctx: dict[str, Any] = Field(default_factory=dict)
    path: list[str | int] = Field(description="the field's place in the record")
    json_path: str = Field(description="the same as a JSON path: $.documents[1].number")
    decision: Decision


class UnreadableRecord(BaseModel):
    """The 422 answer: the body could not be read into a merchant (never echoes input)."""

    detail: str
    decision: Decision = Field(description="review at least: an unreadable record never passes")
    findings: list[UnreadableFinding]


# Resolve the annotations now, with this module's names: the module may be loaded from its
# file (without an entry in ``sys.modules``), where pydantic could not find them later.
UnreadableFinding.model_rebuild(_types_namespace=globals())
UnreadableRecord.model_rebuild(_types_namespace=globals())


def _path(loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """The field's place in the record: without FastAPI's ``body`` and without the
    ``kind`` tag pydantic inserts for a document (``documents.0.food_business.number``)."""
    out: list[str | int] = []
    for index, part in enumerate(loc):
        if index == 0 and part == "body":
            continue
        if out and isinstance(out[-1], int) and part in DOCUMENT_KINDS:
            continue
        out.append(part)
    return tuple(out)


def _json_path(path: Sequence[str | int]) -> str:
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)


def error_finding(error: Mapping[str, Any]) -> Finding:
    """A pydantic validation error as a qualcheck finding (its ``input`` is never used;
    a value its message or parameters quote has personal numbers masked)."""
    kind = str(error["type"])
    ctx = {
        key: scrub(value) if isinstance(value, str) else value
        for key, value in (error.get("ctx") or {}).items()
    }
    path = _path(error.get("loc", ()))
    field = next((part for part in reversed(path) if isinstance(part, str)), "record")
    if kind in _CODES:  # a qualcheck number type: the error type is the finding code
        position = ctx.pop("position", None)
        finding = Finding.of(kind, position=position if isinstance(position, int) else None, **ctx)
    elif kind == "missing":
        finding = Finding.of("record.missing_field", field=field)
    elif kind == "json_invalid":
        finding = Finding.of("record.not_json", reason=scrub(str(ctx.get("error", error["msg"]))))
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        finding = Finding.of(
            "record.unknown_document_kind",
            tag=scrub(str(ctx.get("tag", ""))),
            expected=str(ctx.get("expected_tags", "")),
        )
    else:
        reason = scrub(str(error["msg"]).removeprefix("Value error, "))
        finding = Finding.of("record.invalid_value", field=field, reason=reason)
    return Finding(
        code=finding.code,
        severity=finding.severity,
        message=finding.message,
        message_zh=finding.message_zh,
        position=finding.position,
        rule=finding.rule,
        ctx=finding.ctx,
        path=path,
    )


@app.exception_handler(RequestValidationError)
async def unreadable_record(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422: the findings about what could not be read, with the decision they call for."""
    findings = [error_finding(error) for error in exc.errors()]
    decisions = [POLICY.decide(finding) for finding in findings]
    content = {
        "detail": "the record could not be read into a merchant",
        # an unreadable record is never passed: review at least
        "decision": max([Decision.REVIEW, *decisions], key=lambda d: d.rank).value,
        "findings": [
            {
                **finding.to_dict(),
                "path": list(finding.path),
                "json_path": _json_path(finding.path),
                "decision": decision.value,
            }
            for finding, decision in zip(findings, decisions, strict=True)
        ],
    }
    return JSONResponse(status_code=422, content=jsonable_encoder(content))


@app.post(
    "/merchants/verify",
    response_model=Report,
    summary="Verify a merchant",
    responses={
        422: {
            "model": UnreadableRecord,
            "description": "The record could not be read; the body lists findings",
        }
    },
)
def verify_merchant(
    merchant: Merchant,
    as_of: Annotated[
        datetime.date | None,
        Query(description="Judge validity as of this date (YYYY-MM-DD); default: today in China"),
    ] = None,
) -> Report:
    """Verify one seller: the decision (pass, review, fail) and the findings behind it."""
    return verify(merchant, as_of=as_of, policy=POLICY)
