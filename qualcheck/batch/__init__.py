"""Verification at scale: streams of records, resumable batch runs, what is due.

* :func:`iter_verify` / :func:`averify_many` — a report per record, in input order,
  with a bounded number of registry look-ups in flight: platform code streams its own
  database cursor through them in constant memory.
* :func:`iter_input` — the records of a JSON Lines or CSV file (with the documented
  column mapping for flat CSV exports), each with its file and line.
* :func:`due_items` / :class:`DueItem` / :func:`urgency` — sellers due for
  re-verification and documents expired or expiring, the morning work list.
* :func:`run_batch` / :class:`BatchOptions` — ``qualcheck batch`` from Python: a
  resumable run over files into a results file, returning the command's exit status.
* ``qualcheck batch`` and ``qualcheck due`` on the command line (see ``docs/batch.md``).

>>> import datetime
>>> from qualcheck.batch import iter_verify
>>> reports = iter_verify([{"subject_type": "enterprise", "name": "示例有限公司"}],
...                       as_of=datetime.date(2026, 11, 29))
>>> [report.codes for report in reports]
[('merchant.uscc_missing', 'document.business_license_missing')]
"""

from __future__ import annotations

from qualcheck.batch._due import DueItem, DueStatus, due_items, urgency
from qualcheck.batch._inputs import CSV_COLUMNS, CellProblem, InputRecord, Position, iter_input
from qualcheck.batch._runner import BatchOptions, run_batch
from qualcheck.batch._stream import averify_many, iter_verify

__all__ = [
    "CSV_COLUMNS",
    "BatchOptions",
    "CellProblem",
    "DueItem",
    "DueStatus",
    "InputRecord",
    "Position",
    "averify_many",
    "due_items",
    "iter_input",
    "iter_verify",
    "run_batch",
    "urgency",
]
