"""A lean HTTP/1.1 transport for the async driver, on asyncio streams.

httpx's default async transport (httpcore over anyio) does work proportional to the size
of its connection pool for every request — it checks every pooled connection, through
anyio's typed attributes, each time a request is queued or a response closed — and, with
``anyio >= 4.11`` and no ``sniffio`` installed, fails an import on every lock it creates.
At the 64 connections a registry batch keeps open that is several milliseconds of CPU per
request, and the client's CPU, not the registry, becomes the limit (see
``docs/registries/driver.md``, "Performance").

:class:`AsyncioTransport` keeps what a registry client needs and nothing else: keep-alive
connections per host (last in, first out; one request at a time on each), TLS through
:func:`httpx.create_ssl_context`, request bodies of known length, response bodies framed
by ``Content-Length``, chunked encoding or the end of the connection, and httpx's timeout
extension (``connect``, ``read`` between two reads, ``write``).  Errors are httpx's
exceptions (``ConnectError``, ``ReadTimeout``, ``RemoteProtocolError`` …), so the driver
classifies them as it does httpx's own.  Decoding ``Content-Encoding`` stays with
:class:`httpx.Response`.  Proxies configured in the environment still go through httpx's
proxy transports (httpx mounts them beside this one).

It is the default of the async client that :class:`~qualcheck.registries.HttpRegistry`
creates; pass ``async_transport=httpx.AsyncHTTPTransport()`` to use httpx's own.

The sync client the driver creates uses httpx's own transport, with every read and write
of its sockets bounded by the look-up's deadline (:func:`sync_transport`,
:func:`deadline_scope`): httpx's ``read`` timeout is per read, so an answer whose status
line and headers trickle in a few bytes at a time would otherwise hold a thread for as
long as the server likes.  (The async driver cancels the whole look-up at its deadline.)
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import ssl
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import httpcore
import httpx

__all__ = ["AsyncioTransport", "deadline_scope", "sync_transport"]

_HEAD_LIMIT = 64 * 1024
_READ_SIZE = 64 * 1024
_NO_BODY_STATUSES = frozenset({204, 304})


class _Connection:
    __slots__ = ("expires", "reader", "timed_out", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.expires = 0.0
        self.timed_out = False

    def usable(self, now: float) -> bool:
        return (
            now < self.expires
            and not self.reader.at_eof()
            and not self.writer.transport.is_closing()
        )

    def abort(self) -> None:
        self.writer.transport.abort()

    def _expire(self) -> None:
        self.timed_out = True
        self.abort()

    async def read(self, awaitable: Any, timeout: float | None) -> Any:
        """``await awaitable`` (a read on this connection); past ``timeout`` seconds the
        connection is aborted and the read fails with :class:`httpx.ReadTimeout`.  (A
        timer instead of ``wait_for``: no task per read.)"""
        timer = None
        if timeout is not None:
            timer = asyncio.get_running_loop().call_later(timeout, self._expire)
        try:
            result = await awaitable
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, OSError):
            if self.timed_out:
                raise httpx.ReadTimeout(f"timed out after {timeout:g} s") from None
            raise
        finally:
            if timer is not None:
                timer.cancel()
        if self.timed_out:  # read() returns b"" when the timer aborted the connection
            raise httpx.ReadTimeout(f"timed out after {timeout:g} s")
        return result


async def _within(
    awaitable: Any, timeout: float | None, error: type[httpx.TimeoutException]
) -> Any:
    """``awaitable`` within ``timeout`` seconds, else ``error``."""
    if timeout is None:
        return await awaitable
    try:
        return await asyncio.wait_for(awaitable, timeout)
    except asyncio.TimeoutError:
        raise error(f"timed out after {timeout:g} s") from None


class _Body(httpx.AsyncByteStream):
    """A response body read from a connection; the connection goes back to the pool
    when the body has been read to its end."""

    def __init__(
        self,
        transport: AsyncioTransport,
        key: tuple[str, str, int],
        connection: _Connection,
        framing: str,
        length: int,
        reusable: bool,
        read_timeout: float | None,
    ) -> None:
        self._transport = transport
        self._key = key
        self._connection: _Connection | None = connection
        self._framing = framing
        self._length = length
        self._reusable = reusable
        self._timeout = read_timeout

    async def _read(self, awaitable: Any) -> Any:
        connection = self._connection
        assert connection is not None
        try:
            return await connection.read(awaitable, self._timeout)
        except asyncio.IncompleteReadError:
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body"
            ) from None
        except asyncio.LimitOverrunError:
            raise httpx.RemoteProtocolError("malformed chunked encoding") from None
        except (ConnectionError, OSError) as exc:
            raise httpx.ReadError(type(exc).__name__) from None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        connection = self._connection
        if connection is None:
            return
        reader = connection.reader
        if self._framing == "length":
            left = self._length
            while left > 0:
                chunk = await self._read(reader.read(min(left, _READ_SIZE)))
                if not chunk:
                    raise httpx.RemoteProtocolError(
                        "peer closed connection without sending complete message body"
                    )
                left -= len(chunk)
                yield chunk
        elif self._framing == "chunked":
            while True:
                line = await self._read(reader.readuntil(b"\r\n"))
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    raise httpx.RemoteProtocolError("malformed chunked encoding") from None
                if size == 0:
                    while (await self._read(reader.readuntil(b"\r\n"))) != b"\r\n":
                        pass  # trailers
                    break
                while size > 0:
                    chunk = await self._read(reader.read(min(size, _READ_SIZE)))
                    if not chunk:
                        raise httpx.RemoteProtocolError(
                            "peer closed connection without sending complete message body"
                        )
                    size -= len(chunk)
                    yield chunk
                if await self._read(reader.readexactly(2)) != b"\r\n":
                    raise httpx.RemoteProtocolError("malformed chunked encoding")
        elif self._framing == "close":
            while True:
                chunk = await self._read(reader.read(_READ_SIZE))
                if not chunk:
                    break
                yield chunk
        self._connection = None
        self._transport._release(self._key, connection, self._reusable)

    async def aclose(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:  # the body was not read to its end
            connection.abort()


class AsyncioTransport(httpx.AsyncBaseTransport):
    """An :class:`httpx.AsyncBaseTransport` over asyncio streams (see the module docs).

    ``verify`` is what :func:`httpx.create_ssl_context` takes; the TLS context is made on
    the first ``https`` connection.  At most ``max_idle`` idle connections are kept per
    host, each for ``keepalive_expiry`` seconds.
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | str | bool = True,
        max_idle: int = 16,
        keepalive_expiry: float = 5.0,
    ) -> None:
        self._verify = verify
        self._ssl: ssl.SSLContext | None = None
        self._max_idle = max_idle
        self._expiry = keepalive_expiry
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}
        self._closed = False

    def _release(self, key: tuple[str, str, int], connection: _Connection, reusable: bool) -> None:
        idle = self._idle.setdefault(key, [])
        if not reusable or self._closed or len(idle) >= self._max_idle:
            connection.abort()
            return
        connection.expires = time.monotonic() + self._expiry
        idle.append(connection)

    def _checkout(self, key: tuple[str, str, int]) -> _Connection | None:
        idle = self._idle.get(key)
        now = time.monotonic()
        while idle:
            connection = idle.pop()
            if connection.usable(now):
                return connection
            connection.abort()
        return None

    async def _connect(
        self, scheme: str, host: str, port: int, timeout: float | None
    ) -> _Connection:
        context: ssl.SSLContext | None = None
        if scheme == "https":
            if self._ssl is None:
                self._ssl = httpx.create_ssl_context(verify=self._verify)
            context = self._ssl
        try:
            reader, writer = await _within(
                asyncio.open_connection(
                    host,
                    port,
                    ssl=context,
                    server_hostname=host if context is not None else None,
                    limit=_HEAD_LIMIT,
                ),
                timeout,
                httpx.ConnectTimeout,
            )
        except (OSError, ssl.SSLError) as exc:
            raise httpx.ConnectError(type(exc).__name__) from None
        return _Connection(reader, writer)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise RuntimeError("the transport is closed")
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {scheme!r}")
        port = url.port or (443 if scheme == "https" else 80)
        key = (scheme, url.host, port)
        timeouts = request.extensions.get("timeout", {})
        body = await request.aread()
        head = [b"%s %s HTTP/1.1\r\n" % (request.method.encode("ascii"), url.raw_path)]
        head.extend(b"%s: %s\r\n" % (name, value) for name, value in request.headers.raw)
        head.append(b"\r\n")
        payload = b"".join(head) + body

        connection = self._checkout(key)
        if connection is None:
            connection = await self._connect(scheme, url.host, port, timeouts.get("connect"))
        try:
            writer = connection.writer
            try:
                writer.write(payload)
                if writer.transport.get_write_buffer_size():
                    await _within(writer.drain(), timeouts.get("write"), httpx.WriteTimeout)
            except (ConnectionError, OSError) as exc:
                raise httpx.WriteError(type(exc).__name__) from None
            status, reason, headers = await self._read_head(connection, timeouts.get("read"))
        except BaseException:
            connection.abort()
            raise

        names = {name.lower(): value for name, value in headers}
        reusable = b"close" not in names.get(b"connection", b"").lower()
        length = 0
        if request.method == "HEAD" or status in _NO_BODY_STATUSES:
            framing = "none"
        elif b"chunked" in names.get(b"transfer-encoding", b"").lower():
            framing = "chunked"
        elif b"content-length" in names:
            try:
                length = int(names[b"content-length"])
            except ValueError:
                connection.abort()
                raise httpx.RemoteProtocolError("malformed Content-Length") from None
            framing = "length"
        else:
            framing, reusable = "close", False
        stream: httpx.AsyncByteStream
        if framing == "none" or (framing == "length" and length == 0):
            self._release(key, connection, reusable)
            stream = httpx.ByteStream(b"")
        else:
            stream = _Body(self, key, connection, framing, length, reusable, timeouts.get("read"))
        return httpx.Response(
            status,
            headers=headers,
            stream=stream,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": reason},
        )

    async def _read_head(
        self, connection: _Connection, timeout: float | None
    ) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
        while True:
            try:
                raw = await connection.read(connection.reader.readuntil(b"\r\n\r\n"), timeout)
            except asyncio.IncompleteReadError as exc:
                if exc.partial:
                    raise httpx.RemoteProtocolError("incomplete response head") from None
                raise httpx.RemoteProtocolError(
                    "Server disconnected without sending a response."
                ) from None
            except asyncio.LimitOverrunError:
                raise httpx.RemoteProtocolError("response head too large") from None
            except (ConnectionError, OSError) as exc:
                raise httpx.ReadError(type(exc).__name__) from None
            lines = raw[:-4].split(b"\r\n")
            parts = lines[0].split(b" ", 2)
            if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
                raise httpx.RemoteProtocolError("malformed status line")
            status = int(parts[1])
            headers = []
            for line in lines[1:]:
                name, sep, value = line.partition(b":")
                if not sep or not name.strip():
                    raise httpx.RemoteProtocolError("malformed header line")
                headers.append((name.strip(), value.strip()))
            if 100 <= status < 200 and status != 101:
                continue  # an interim answer: the real one follows
            return status, parts[2] if len(parts) > 2 else b"", headers

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.writer.close()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(connection.writer.wait_closed(), 1.0)


# -- the sync side: reads and writes bounded by the look-up's deadline ----------------------

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "qualcheck_registry_deadline", default=None
)


@contextlib.contextmanager
def deadline_scope(deadline: float) -> Iterator[None]:
    """Within this block (in this thread), every socket read and write of a
    :func:`sync_transport` ends by ``deadline`` (``time.monotonic()`` seconds)."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _capped(timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the look-up's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose reads and writes end by the current deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _capped(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _capped(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _capped(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend, handing out :class:`_DeadlineStream` objects."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _capped(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        timeout = _capped(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def sync_transport(
    *, verify: ssl.SSLContext | str | bool, limits: httpx.Limits
) -> httpx.HTTPTransport:
    """httpx's sync transport, its sockets bounded by :func:`deadline_scope` (when the
    installed httpx and httpcore keep their connection pool where this looks for it;
    otherwise the plain transport, whose reads are bounded one by one)."""
    transport = httpx.HTTPTransport(verify=verify, limits=limits)
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(pool, httpcore.ConnectionPool) and isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _DeadlineBackend(backend)
    return transport
