"""What every request passes before the app reads its body: the bearer token, then the body limit.

Plain ASGI rather than a FastAPI dependency, because dependencies run after the body has been read and parsed:
here a request without the token is refused before a byte of its body is read, and a body is counted as it
arrives (chunked bodies too) and refused as soon as it passes the limit.
"""

from __future__ import annotations

import hmac
import time

from .problems import Problem

PROTECTED_PREFIX = "/v1/"


class Gate:
    def __init__(self, app, auth_token: str, max_body_bytes: int):
        self.app, self.auth_token, self.limit = app, auth_token, max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["arrived"] = time.monotonic()  # the worker's time on a request starts here
        headers = dict(scope["headers"])
        if scope["path"].startswith(PROTECTED_PREFIX) and not self.authorized(headers.get(b"authorization", b"")):
            await self.refuse(Problem("unauthorized", "Send Authorization: Bearer <UTTER_AUTH_TOKEN>."), scope, send)
            return
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await self.refuse(self.too_large(f"The body is {int(length)} bytes"), scope, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await self.refuse(self.too_large("The body is larger than that"), scope, send)
                return
        await self.app(scope, self.replay(bytes(body), receive), send)

    def authorized(self, header: bytes) -> bool:
        if not self.auth_token:
            return True
        scheme, _, token = header.decode("latin-1").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), self.auth_token.encode())

    def too_large(self, what: str) -> Problem:
        return Problem("payload-too-large", f"{what}; the limit is {self.limit} bytes.", limit_bytes=self.limit)

    @staticmethod
    async def refuse(problem: Problem, scope, send) -> None:
        # Connection: close, because the unread rest of the body cannot be skipped on a kept-alive connection.
        response = problem.response(scope["path"])
        response.headers["Connection"] = "close"
        await response(scope, None, send)

    @staticmethod
    def replay(body: bytes, receive):
        sent = False

        async def receive_again():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as the server would report it
        return receive_again
