"""Rasa's REST channel as the gateway meets it (bot/rest_channel.py), served by a real Sanic server on loopback.

Runs in the py310 env (make test-actions). A message Rasa fails on must come back as 503 so the gateway asks for
it again; a message Rasa answers comes back 200 with the messages, and one without the token is refused.
"""
from __future__ import annotations

import asyncio
import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any, Awaitable, Callable

import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.rest_channel import GatewayRestInput

TOKEN = "test-rasa-token"
Handler = Callable[[UserMessage], Awaitable[Any]]


class Channel:
    """One Sanic server (its own loop, in a thread) serving the channel; `handler` stands in for Rasa."""

    def __init__(self) -> None:
        self.handler: Handler = _answers
        self.loop = asyncio.new_event_loop()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]

    async def _dispatch(self, message: UserMessage) -> Any:
        return await self.handler(message)

    def start(self) -> None:
        app = Sanic("rest_channel_test")
        app.blueprint(GatewayRestInput(TOKEN).blueprint(self._dispatch), url_prefix="/webhooks/rest")
        started = threading.Event()

        async def serve() -> None:
            self.server = await app.create_server(host="127.0.0.1", port=self.port, return_asyncio_server=True)
            await self.server.startup()
            started.set()

        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(serve(), self.loop)
        assert started.wait(30), "the Sanic server did not start"

    def stop(self) -> None:
        self.server.close()
        self.loop.call_soon_threadsafe(self.loop.stop)

    def post(self, token: str = TOKEN) -> tuple[int, Any]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/webhooks/rest/webhook", method="POST",
            data=json.dumps({"sender": "web:test", "message": "你好"}).encode(),
            headers={"X-Rasa-Token": token, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())


@pytest.fixture(scope="module")
def channel() -> Iterator[Channel]:
    served = Channel()
    served.start()
    yield served
    served.stop()


async def _answers(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, "您好")


async def _lock_fails(message: UserMessage) -> None:
    raise ConnectionError("Error connecting to redis (the lock store)")


def test_a_message_rasa_fails_on_is_503_not_an_empty_200(channel: Channel) -> None:
    channel.handler = _lock_fails
    status, body = channel.post()
    assert status == 503 and "again" in body["error"]


def test_an_answered_message_is_200_with_its_messages(channel: Channel) -> None:
    channel.handler = _answers
    assert channel.post() == (200, [{"recipient_id": "web:test", "text": "您好"}])


def test_the_failure_of_one_message_does_not_leak_into_the_next(channel: Channel) -> None:
    channel.handler = _lock_fails
    first = channel.post()[0]
    channel.handler = _answers
    assert [first, channel.post()[0]] == [503, 200]


def test_without_the_token_rasa_never_sees_the_message(channel: Channel) -> None:
    seen: list[str] = []

    async def record(message: UserMessage) -> None:
        seen.append(message.text)

    channel.handler = record
    assert channel.post(token="guess")[0] == 401 and seen == []
