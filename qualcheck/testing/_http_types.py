"""What the loopback registry server hands a handler and what a handler hands back.

Kept apart from the server so that provider emulators (pure functions from
:class:`Incoming` to :class:`Reply`) can be written and tested without sockets.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Handler", "Incoming", "Reply"]


@dataclass(frozen=True, slots=True)
class Incoming:
    """One request as the server received it (header names lower-cased)."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes = b""

    def json(self) -> Any:
        """The body read as JSON."""
        return json.loads(self.body or b"null")


@dataclass(frozen=True, slots=True)
class Reply:
    """What to answer, and how badly.

    ``body`` may be bytes, text, or a JSON-ready value (dumped as UTF-8 JSON).  Faults:
    ``delay`` seconds before the status line (a timeout, or injected latency);
    ``body_delay`` seconds between body chunks of ``chunk_size`` bytes (a slow body);
    ``head_delay`` seconds between pieces of ``chunk_size`` bytes of the status line and
    headers (a slow head: each piece comes before a read timeout, the whole takes long);
    ``reset`` closes the connection abruptly without answering.
    """

    status: int = 200
    body: Any = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"
    delay: float = 0.0
    body_delay: float = 0.0
    chunk_size: int = 1024
    reset: bool = False
    head_delay: float = 0.0

    def payload(self) -> bytes:
        """The body as bytes."""
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


Handler = Callable[[Incoming], Reply]
"""A function that answers one request."""
