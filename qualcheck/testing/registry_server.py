"""A real HTTP/1.1 server on loopback for testing registry adapters and the driver.

:class:`RegistryServer` runs an asyncio event loop in a background thread and answers
every request with a :data:`~qualcheck.testing._http_types.Handler` — a plain function
from :class:`Incoming` to :class:`Reply` (a provider emulator, or a lambda in a test).
Connections are kept alive, as a real API gateway keeps them, so a client's connection
pool behaves as it would in production.

What it can do to a client, so that tests see every way a registry goes wrong:

* ``latency`` delays every answer (the network and the provider's own time);
* ``rate_limit`` (requests per second; a token bucket whose burst is one second's worth)
  answers ``429`` with ``Retry-After`` past the limit and counts those in ``rejected``;
* :meth:`RegistryServer.inject` queues answers served before the handler — "the next two
  calls get a 503, then the handler answers again";
* a :class:`Reply` can answer late (``delay``: a timeout), trickle its body
  (``body_delay`` between chunks of ``chunk_size`` bytes, framed by ``Content-Length``, or
  chunked when its ``headers`` say ``Transfer-Encoding: chunked``), trickle its status line
  and headers (``head_delay`` between pieces of ``chunk_size`` bytes), reset the connection
  (``reset``: the client sees *connection reset by peer*), or carry any status, headers,
  content type and body — oversized, malformed JSON, an HTML error page.

It records what it received (``requests``, a list of :class:`Incoming`), the most
requests it was answering at once (``max_in_flight``) and the connections it accepted
(``connections``).  A handler that raises gets a ``500`` answer and the exception is kept
in ``errors``.

It binds to loopback addresses only.

>>> import httpx
>>> with RegistryServer(lambda incoming: Reply(body={"echo": incoming.query["q"]})) as server:
...     server.inject(Reply(503), times=2)
...     with httpx.Client(base_url=server.url) as client:
...         codes = [client.get("/search", params={"q": "x"}).status_code for _ in range(3)]
...         answer = client.get("/search", params={"q": "示例"}).json()
>>> codes, answer, len(server.requests), server.connections
([503, 503, 200], {'echo': '示例'}, 4, 1)

Run on its own, for a benchmark in another process::

    python -m qualcheck.testing.registry_server --latency 0.05 --rate-limit 200

prints its URL on the first line of standard output and answers every request with a
small JSON echo (:func:`echo_handler`) — or, with ``--handler MODULE:NAME`` (or
``FILE.py:NAME``), with any importable handler, such as a provider emulator — until it is
killed or, when standard input is a pipe, until that pipe closes; it then prints one line
of JSON with its counters and the CPU seconds it used.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import importlib
import importlib.util
import ipaddress
import json
import math
import os
import signal
import socket
import stat
import struct
import sys
import threading
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any, cast
from urllib.parse import parse_qsl, urlsplit

from qualcheck.testing._http_types import Handler, Incoming, Reply

__all__ = ["Handler", "Incoming", "RegistryServer", "Reply", "echo_handler", "main"]

_MAX_HEAD = 64 * 1024
_MAX_REQUEST_BODY = 8 * 1024 * 1024
_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    301: "Moved Permanently",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    413: "Content Too Large",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

Answer = Reply | Handler
"""What :meth:`RegistryServer.inject` queues: a fixed reply, or a handler for one request."""


def echo_handler(incoming: Incoming) -> Reply:
    """The answer when no handler is set: ``{"ok": true, "method", "path", "query"}``.

    >>> echo_handler(Incoming("GET", "/a", {"q": "1"}, {})).body
    {'ok': True, 'method': 'GET', 'path': '/a', 'query': {'q': '1'}}
    """
    return Reply(
        body={
            "ok": True,
            "method": incoming.method,
            "path": incoming.path,
            "query": dict(incoming.query),
        }
    )


class _TokenBucket:
    """``rate`` tokens a second, at most ``rate`` (and at least one) kept."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.capacity = max(rate, 1.0)
        self.tokens = self.capacity
        self.stamp = time.monotonic()

    def take(self) -> float:
        """0 when a token was taken, else the seconds until one is there."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


class _BadRequest(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"RegistryServer binds to loopback addresses only, not {host!r}")


class RegistryServer:
    """An HTTP/1.1 server on loopback answering with ``handler`` (see the module docs).

    ``handler`` may be replaced at any time (``server.handler = ...``); ``None`` answers
    with :func:`echo_handler`.  ``port=0`` picks a free port; ``url`` tells which.
    ``latency`` (seconds) delays every answer; ``rate_limit`` (requests per second)
    answers ``429`` past that rate.  :meth:`start` and :meth:`stop`, or use it as a
    context manager.
    """

    def __init__(
        self,
        handler: Handler | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        rate_limit: float | None = None,
    ) -> None:
        _check_loopback(host)
        if latency < 0:
            raise ValueError("latency must be >= 0")
        if rate_limit is not None and not rate_limit > 0:
            raise ValueError("rate_limit must be > 0 requests per second, or None")
        self.handler: Handler | None = handler
        self.host = host
        self.latency = latency
        self.rate_limit = rate_limit
        self._port = port
        self._lock = threading.Lock()
        self._requests: list[Incoming] = []
        self._queue: collections.deque[list[Any]] = collections.deque()
        self._bucket = _TokenBucket(rate_limit) if rate_limit else None
        self.rejected = 0
        """Requests answered 429 by the rate limit (not counting injected 429s)."""
        self.connections = 0
        """Connections accepted."""
        self.in_flight = 0
        """Requests received and not yet answered."""
        self.max_in_flight = 0
        """The most requests in flight at once."""
        self.errors: list[BaseException] = []
        """Exceptions raised by handlers (each answered with a 500)."""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    # -- life cycle ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://host:port`` (no trailing slash); the server must be started."""
        if self._server is None:
            raise RuntimeError("the server is not running; call start() first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._port}"

    @property
    def port(self) -> int:
        """The port listened on (0 before :meth:`start` when a free port was asked for)."""
        return self._port

    def start(self) -> RegistryServer:
        """Start listening (in a background thread); returns the server."""
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._listen())
            except BaseException as exc:  # report a failed bind to start()
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name="qualcheck-registry-server", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            self._loop = None
            raise failure[0]
        return self

    def stop(self) -> None:
        """Close every connection and stop the server (idempotent)."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop is already closed
            asyncio.run_coroutine_threadsafe(self._close(), loop).result(timeout=10)
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        self._thread = None
        self._loop = None
        self._server = None

    def __enter__(self) -> RegistryServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"<RegistryServer {where} requests={len(self._requests)}>"

    # -- what tests use -----------------------------------------------------------------

    @property
    def requests(self) -> list[Incoming]:
        """The requests received so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def inject(self, *answers: Answer, times: int | None = 1) -> None:
        """Queue ``answers`` to be served, in order, before the handler answers again.

        Each answer (a :class:`Reply`, or a handler called with the request) is served
        ``times`` times in a row; ``times=None`` serves it to every request until
        :meth:`reset`.  Rate-limited requests do not use up the queue.
        """
        if times is not None and times < 1:
            raise ValueError("times must be >= 1, or None")
        with self._lock:
            for answer in answers:
                self._queue.append([answer, times])

    def reset(self) -> None:
        """Forget the requests, counters, errors and queued answers (the handler stays)."""
        with self._lock:
            self._requests.clear()
            self._queue.clear()
            self.errors.clear()
            self.rejected = 0
            self.max_in_flight = self.in_flight
            if self.rate_limit:
                self._bucket = _TokenBucket(self.rate_limit)

    def stats(self) -> dict[str, int]:
        """The counters as a dict: requests, rejected, connections, max_in_flight, errors."""
        with self._lock:
            return {
                "requests": len(self._requests),
                "rejected": self.rejected,
                "connections": self.connections,
                "max_in_flight": self.max_in_flight,
                "errors": len(self.errors),
            }

    # -- inside the loop ----------------------------------------------------------------

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(
            self._connection, self.host, self._port, backlog=1024, limit=_MAX_HEAD
        )
        self._port = self._server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        with self._lock:
            self.connections += 1
        sock = writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            keep_alive = True
            while keep_alive:
                try:
                    incoming, keep_alive = await self._read_request(reader)
                except _BadRequest as bad:
                    refusal = Reply(bad.status, "bad request\n", content_type="text/plain")
                    await self._write(writer, refusal, False)
                    break
                if incoming is None:
                    break
                with self._lock:
                    self._requests.append(incoming)
                    self.in_flight += 1
                    self.max_in_flight = max(self.max_in_flight, self.in_flight)
                try:
                    arrived = time.monotonic()
                    reply = self._answer(incoming)
                    # latency counts from the request's arrival, the handler's time included
                    delay = arrived + self.latency + reply.delay - time.monotonic()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    if reply.reset:
                        self._reset(writer)
                        break
                    keep_alive = await self._write(
                        writer, reply, keep_alive, head_only=incoming.method == "HEAD"
                    )
                finally:
                    with self._lock:
                        self.in_flight -= 1
        except (ConnectionError, asyncio.IncompleteReadError, OSError, asyncio.CancelledError):
            pass  # the client went away, or the server is stopping: nothing to answer
        finally:
            self._writers.discard(writer)
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _read_request(self, reader: asyncio.StreamReader) -> tuple[Incoming | None, bool]:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return None, False  # the client closed the connection between requests
        except asyncio.LimitOverrunError as exc:
            raise _BadRequest(431) from exc
        lines = head.decode("latin-1").split("\r\n")
        try:
            method, target, version = lines[0].split(" ", 2)
        except ValueError as exc:
            raise _BadRequest(400) from exc
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if not line:
                continue
            name, sep, value = line.partition(":")
            if not sep:
                raise _BadRequest(400)
            key = name.strip().lower()
            value = value.strip()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        body = b""
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = await self._read_chunked(reader)
        elif "content-length" in headers:
            text = headers["content-length"].strip()
            if not (text.isascii() and text.isdigit()):  # no sign, no "1, 2"
                raise _BadRequest(400)
            length = int(text)
            if length > _MAX_REQUEST_BODY:
                raise _BadRequest(413)
            body = await reader.readexactly(length) if length else b""
        connection = headers.get("connection", "").lower()
        keep_alive = "close" not in connection and (
            version.strip().upper() != "HTTP/1.0" or "keep-alive" in connection
        )
        split = urlsplit(target)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        return Incoming(method.upper(), split.path or "/", query, headers, body), keep_alive

    @staticmethod
    async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
        """A chunked request body; a malformed chunk size is a ``400``."""
        parts: list[bytes] = []
        total = 0
        try:
            while True:
                size_text = (await reader.readuntil(b"\r\n")).split(b";", 1)[0].strip()
                size = int(size_text or b"0", 16)
                if size < 0 or not size_text.isalnum():
                    raise _BadRequest(400)
                total += size
                if total > _MAX_REQUEST_BODY:
                    raise _BadRequest(413)
                if size == 0:
                    while (await reader.readuntil(b"\r\n")) != b"\r\n":
                        pass  # trailers
                    return b"".join(parts)
                parts.append(await reader.readexactly(size))
                await reader.readexactly(2)
        except (ValueError, asyncio.LimitOverrunError) as exc:
            raise _BadRequest(400) from exc

    def _answer(self, incoming: Incoming) -> Reply:
        with self._lock:
            if self._bucket is not None:
                wait = self._bucket.take()
                if wait > 0:
                    self.rejected += 1
                    return Reply(
                        429,
                        {"error": "rate limited"},
                        headers={"Retry-After": str(max(1, math.ceil(wait)))},
                    )
            answer: Answer | None = None
            if self._queue:
                entry = self._queue[0]
                answer = entry[0]
                if entry[1] is not None:
                    entry[1] -= 1
                    if entry[1] <= 0:
                        self._queue.popleft()
            handler = self.handler
        if isinstance(answer, Reply):
            return answer
        try:
            reply = (answer or handler or echo_handler)(incoming)
            if not isinstance(reply, Reply):
                raise TypeError(f"a handler must return a Reply, not {type(reply).__name__}")
        except Exception as exc:
            with self._lock:
                self.errors.append(exc)
            return Reply(500, f"handler error: {type(exc).__name__}\n", content_type="text/plain")
        return reply

    @staticmethod
    def _reset(writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):  # RST instead of FIN
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    def _render(self, reply: Reply, keep_alive: bool) -> tuple[bytes, bytes, bool, bool]:
        """(head, payload, chunked, keep_alive) of ``reply``.  A reply that cannot be
        sent (a body JSON cannot dump, a status that is not a number) is answered
        ``500`` and kept in ``errors``, as a handler that raises is."""
        try:
            return _render(reply, keep_alive)
        except Exception as exc:
            with self._lock:
                self.errors.append(exc)
            failure = Reply(500, f"reply error: {type(exc).__name__}\n", content_type="text/plain")
            return _render(failure, keep_alive)

    async def _write(
        self, writer: asyncio.StreamWriter, reply: Reply, keep_alive: bool, head_only: bool = False
    ) -> bool:
        head_bytes, payload, chunked, keep_alive = self._render(reply, keep_alive)
        if reply.head_delay > 0:  # a head trickling in, piece by piece
            size = max(1, reply.chunk_size)
            for start in range(0, len(head_bytes), size):
                if start:
                    await writer.drain()
                    await asyncio.sleep(reply.head_delay)
                writer.write(head_bytes[start : start + size])
            head_bytes = b""
        if head_only:  # the headers describe the body; a HEAD answer has none
            writer.write(head_bytes)
            await writer.drain()
            return keep_alive
        if reply.body_delay <= 0 and not chunked:  # the common case: one write, one segment
            writer.write(head_bytes + payload)
            await writer.drain()
            return keep_alive
        writer.write(head_bytes)
        size = max(1, reply.chunk_size)
        pieces = [payload[i : i + size] for i in range(0, len(payload), size)]
        for index, piece in enumerate(pieces):
            if index and reply.body_delay > 0:
                await writer.drain()
                await asyncio.sleep(reply.body_delay)
            writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            writer.write(b"0\r\n\r\n")
        await writer.drain()
        return keep_alive


def _header_bytes(text: str) -> bytes:
    """Latin-1 as HTTP has it; text beyond it as UTF-8 bytes, as some gateways send
    Chinese in a header."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _render(reply: Reply, keep_alive: bool) -> tuple[bytes, bytes, bool, bool]:
    """The status line and headers, the body, whether it is chunked, whether to keep the
    connection (see :meth:`RegistryServer._render`)."""
    payload = reply.payload()
    status = int(reply.status)
    given = {name.lower(): str(value) for name, value in reply.headers.items()}
    chunked = "chunked" in given.get("transfer-encoding", "").lower()
    if given.get("connection", "").lower() == "close":
        keep_alive = False
    head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}"]
    if reply.content_type and "content-type" not in given:
        head.append(f"Content-Type: {reply.content_type}")
    if not chunked and "content-length" not in given:
        head.append(f"Content-Length: {len(payload)}")
    if "connection" not in given:
        head.append("Connection: keep-alive" if keep_alive else "Connection: close")
    head.extend(f"{name}: {value}" for name, value in reply.headers.items())
    return _header_bytes("\r\n".join(head) + "\r\n\r\n"), payload, chunked, keep_alive


# -- standalone ---------------------------------------------------------------------------


def _wait_for_end() -> None:
    """Block until standard input closes (when it is a pipe) or a signal arrives."""
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
        piped = stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)
    except (OSError, ValueError, AttributeError):
        piped = False
    if piped:
        while sys.stdin.buffer.read(65536):
            pass
    else:
        threading.Event().wait()


def _import_handler(spec: str) -> Handler:
    """``MODULE:NAME`` or ``path/to/file.py:NAME``."""
    module_name, _, attribute = spec.rpartition(":")
    if not module_name or not attribute:
        raise SystemExit(f"--handler takes MODULE:NAME or FILE.py:NAME, not {spec!r}")
    if module_name.endswith(".py"):
        location = importlib.util.spec_from_file_location("_registry_server_handler", module_name)
        if location is None or location.loader is None:
            raise SystemExit(f"--handler: cannot load {module_name}")
        module = importlib.util.module_from_spec(location)
        location.loader.exec_module(module)
    else:
        module = importlib.import_module(module_name)
    handler = getattr(module, attribute)
    if not callable(handler):
        raise SystemExit(f"--handler {spec} is not callable")
    return cast(Handler, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve :func:`echo_handler` on loopback until killed (see the module docs)."""
    parser = argparse.ArgumentParser(
        prog="python -m qualcheck.testing.registry_server",
        description="A loopback HTTP server answering a small JSON echo, for benchmarks.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to answers")
    parser.add_argument("--rate-limit", type=float, default=None, help="requests per second")
    parser.add_argument(
        "--handler",
        metavar="MODULE:NAME",  # or FILE.py:NAME
        default=None,
        help="answer with this handler (an importable callable) instead of the JSON echo",
    )
    args = parser.parse_args(argv)
    handler = _import_handler(args.handler) if args.handler else None

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    server = RegistryServer(
        handler, host=args.host, port=args.port, latency=args.latency, rate_limit=args.rate_limit
    )
    with server:
        print(server.url, flush=True)
        try:
            _wait_for_end()
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            stats: dict[str, float] = {**server.stats(), "cpu_seconds": time.process_time()}
            print(json.dumps(stats), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
