"""Hostile and broken requests: the token is checked before any of the body is read, bodies are counted as they
arrive, and prompts the model cannot take are refused before they reach it."""

from __future__ import annotations

import base64
import json
import socket

import numpy as np
import pytest

from conftest import b64
from test_api import assert_problem, speak
from utter_worker.engines.fake import FakeEngine
from utter_worker.prompts import VoicePrompt, deserialize, serialize


def raw_request(url: str, head: str, body_chunks=(), finish=True) -> tuple[int, dict]:
    """Sends a chunked POST over a plain socket and returns the status and JSON body of the answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(head.encode() + b"\r\n")
        try:
            for chunk in body_chunks:
                connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            if finish:
                connection.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the whole body went out
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    headers, _, body = rest.partition(b"\r\n\r\n")
    return int(status_line.split()[1]), json.loads(body)


def chunked_head(path: str, token: str | None = None) -> str:
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    return (f"POST {path} HTTP/1.1\r\nHost: worker\r\nContent-Type: application/json\r\n{auth}"
            "Transfer-Encoding: chunked\r\n")


def test_a_request_without_the_token_is_refused_before_its_body_is_read(live_server):
    with live_server(FakeEngine(), auth_token="secret", max_body_bytes=1000) as server:
        # Only the head is sent: an answer can only come if the server decided without waiting for the body.
        status, body = raw_request(server.url, chunked_head("/v1/synthesize"), finish=False)
    assert status == 401 and body["code"] == "unauthorized"


def test_a_chunked_body_over_the_limit_is_refused_while_it_arrives(live_server):
    with live_server(FakeEngine(), auth_token="secret", max_body_bytes=1000) as server:
        # 11 chunks of 100 bytes and no end: the answer comes once the limit is passed, not at the end of the body.
        # (Nothing is sent after the limit: bytes that reach a closed socket make it reset the connection.)
        status, body = raw_request(server.url, chunked_head("/v1/synthesize", "secret"), [b"x" * 100] * 11,
                                   finish=False)
    assert status == 413 and body["code"] == "payload-too-large" and body["limit_bytes"] == 1000


def test_a_chunked_body_under_the_limit_is_served(live_server):
    with live_server(FakeEngine(), auth_token="secret") as server:
        body = json.dumps({"text": "x", "prompt": "AA=="}).encode()
        status, answer = raw_request(server.url, chunked_head("/v1/synthesize", "secret"), [body[:5], body[5:]])
    assert status == 422 and answer["code"] == "invalid-prompt"  # parsed and judged on its content


def forged(prompt: str, **change) -> str:
    good = deserialize(base64.b64decode(prompt))
    fields = {"model": good.model, "speaker_embedding": good.speaker_embedding, "codes": good.codes,
              "transcript": good.transcript} | change
    return b64(serialize(VoicePrompt(**fields)))


@pytest.mark.parametrize("change, words", [
    (lambda p: {"codes": np.full_like(p.codes, 2048)}, "holds code 2048"),
    (lambda p: {"codes": p.codes[:, :8].copy()}, "8 codebooks"),
    (lambda p: {"speaker_embedding": np.ones(7, dtype=np.float32)}, "has 7 finite values"),
    (lambda p: {"speaker_embedding": np.full(32, np.nan, dtype=np.float32)}, "finite values"),
    (lambda p: {"transcript": None}, "no transcript"),
    (lambda p: {"codes": np.zeros((800, 16), dtype=np.uint16)}, "800 codec frames"),
])
def test_prompts_the_model_cannot_take_are_refused_before_it(client, prompt, engine, change, words):
    bad = forged(prompt, **change(deserialize(base64.b64decode(prompt))))
    body = assert_problem(speak(client, bad), 422, "invalid-prompt")
    assert words in body["detail"] and "Create the prompt again" in body["detail"]
    assert engine.opened == []  # nothing reached the model
    assert speak(client, prompt).status_code == 200  # and the worker serves on
