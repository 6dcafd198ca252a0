"""How long a text the models read: a bound against hostile input, far above real values.

A registered name runs to a few dozen characters, an address to a hundred or two, a
licence's whole scope rarely to a few thousand.  A text of megabytes is no seller's value;
read, it would cost seconds in every check that looks at it and be quoted whole in the
findings.  A longer text is refused where it stands (``record.invalid_value`` naming the
field, so the record is reviewed) and never read in part.

>>> from qualcheck import verify
>>> report = verify({"subject_type": "enterprise", "name": "某" * (LONGEST_TEXT + 1)})
>>> [(finding.code, finding.json_path) for finding in report.findings][:1]
[('record.invalid_value', '$.name')]
"""

from __future__ import annotations

__all__ = ["LONGEST_TEXT"]

LONGEST_TEXT = 20_000
"""The most characters of any one text of a record (a name, an address, one category, a
licence's scope as one text, one item of a scope)."""
