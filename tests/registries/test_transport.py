"""The async driver's own HTTP/1.1 transport, against real sockets on loopback."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from qualcheck.registries._transport import AsyncioTransport
from qualcheck.testing.registry_server import RegistryServer, Reply


def run(coro_factory: Callable[[httpx.AsyncClient], object]) -> object:
    """Run ``coro_factory(client)`` with a client on a fresh transport, closing both."""

    async def main() -> object:
        async with httpx.AsyncClient(transport=AsyncioTransport()) as client:
            return await coro_factory(client)  # type: ignore[misc]

    return asyncio.run(main())


@pytest.fixture
def canned() -> Iterator[Callable[[bytes], str]]:
    """A one-shot raw server: answers the first request on each connection with the given
    bytes, then closes; returns its URL."""
    sockets: list[socket.socket] = []
    threads: list[threading.Thread] = []
    stop = threading.Event()

    def serve(answer: bytes) -> str:
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(0.05)
        sockets.append(listener)

        def loop() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                with conn:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    conn.sendall(answer)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        threads.append(thread)
        return f"http://127.0.0.1:{listener.getsockname()[1]}"

    yield serve
    stop.set()
    for thread in threads:
        thread.join(timeout=5)
    for listener in sockets:
        listener.close()


def test_keep_alive_and_framings(registry_server: RegistryServer) -> None:
    body = {"data": "示例" * 500}
    registry_server.inject(
        Reply(body=body),
        Reply(body=body, headers={"Transfer-Encoding": "chunked"}, chunk_size=100),
        Reply(204, content_type=""),
        Reply(body=b""),
    )

    async def go(client: httpx.AsyncClient) -> list[httpx.Response]:
        answers = [await client.get(registry_server.url) for _ in range(4)]
        answers.append(await client.head(registry_server.url))
        answers.append(await client.post(registry_server.url, content=b"x" * 70_000))
        return answers

    plain, chunked, empty, zero, head, posted = run(go)  # type: ignore[misc]
    assert plain.json() == body
    assert chunked.json() == body
    assert (empty.status_code, empty.content, zero.content, head.content) == (204, b"", b"", b"")
    assert posted.json()["method"] == "POST"
    assert registry_server.requests[-1].body == b"x" * 70_000
    assert registry_server.connections == 1  # one kept-alive connection for all six


def test_query_headers_and_reason(registry_server: RegistryServer) -> None:
    async def go(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get(
            registry_server.url + "/p", params={"q": "示例 a&b"}, headers={"X-One": "1"}
        )

    answer = run(go)
    assert isinstance(answer, httpx.Response)
    assert answer.json()["query"] == {"q": "示例 a&b"}
    assert registry_server.requests[0].headers["x-one"] == "1"
    assert answer.reason_phrase == "OK"
    assert answer.http_version == "HTTP/1.1"


def test_a_closed_idle_connection_is_not_reused(registry_server: RegistryServer) -> None:
    registry_server.inject(Reply(headers={"Connection": "close"}))

    async def go(client: httpx.AsyncClient) -> list[int]:
        first = await client.get(registry_server.url)
        await asyncio.sleep(0.05)
        second = await client.get(registry_server.url)
        return [first.status_code, second.status_code]

    assert run(go) == [200, 200]
    assert registry_server.connections == 2


def test_close_delimited_body_and_interim_answer(canned: Callable[[bytes], str]) -> None:
    url = canned(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX-A: b\r\n\r\nuntil the end")

    async def go(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get(url)

    answer = run(go)
    assert isinstance(answer, httpx.Response)
    assert (answer.status_code, answer.text, answer.headers["x-a"]) == (200, "until the end", "b")


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (b"", httpx.RemoteProtocolError),  # closed without a word
        (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", httpx.RemoteProtocolError),
        (b"NONSENSE\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 200 OK\r\nbroken header\r\n\r\n", httpx.RemoteProtocolError),
        (b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", httpx.RemoteProtocolError),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n",
            httpx.RemoteProtocolError,
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
            httpx.RemoteProtocolError,
        ),
    ],
)
def test_broken_answers(
    canned: Callable[[bytes], str], answer: bytes, error: type[Exception]
) -> None:
    url = canned(answer)

    async def go(client: httpx.AsyncClient) -> None:
        await client.get(url)

    with pytest.raises(error):
        run(go)


def test_errors_are_httpx_errors(registry_server: RegistryServer) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    registry_server.inject(
        Reply(delay=2.0), Reply(reset=True), Reply(body="x" * 100, body_delay=1, chunk_size=10)
    )

    async def connect(client: httpx.AsyncClient) -> None:
        await client.get(f"http://127.0.0.1:{port}/")

    async def slow_head(client: httpx.AsyncClient) -> None:
        await client.get(registry_server.url, timeout=0.2)

    async def reset(client: httpx.AsyncClient) -> None:
        await client.get(registry_server.url)

    async def slow_body(client: httpx.AsyncClient) -> None:
        await client.get(registry_server.url, timeout=httpx.Timeout(5.0, read=0.2))

    with pytest.raises(httpx.ConnectError):
        run(connect)
    with pytest.raises(httpx.ReadTimeout):
        run(slow_head)
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        run(reset)
    with pytest.raises(httpx.ReadTimeout):
        run(slow_body)


def test_unsupported_scheme_and_closed_transport() -> None:
    async def go() -> None:
        transport = AsyncioTransport()
        with pytest.raises(httpx.UnsupportedProtocol):
            await transport.handle_async_request(httpx.Request("GET", "ftp://127.0.0.1/"))
        await transport.aclose()
        with pytest.raises(RuntimeError, match="closed"):
            await transport.handle_async_request(httpx.Request("GET", "http://127.0.0.1/"))

    asyncio.run(go())


def test_an_unread_body_drops_the_connection(registry_server: RegistryServer) -> None:
    registry_server.inject(Reply(body="x" * 200_000))

    async def go(client: httpx.AsyncClient) -> int:
        async with client.stream("GET", registry_server.url) as answer:
            async for _ in answer.aiter_raw():
                break  # stop reading early
        return (await client.get(registry_server.url)).status_code

    assert run(go) == 200
    assert registry_server.connections == 2
