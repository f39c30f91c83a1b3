"""RFC 9457 problem details: every error the worker returns, in one table."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from .config import canonical_language


class Strict(BaseModel):
    """A request body that refuses fields it does not know (answered as a problem naming them)."""
    model_config = ConfigDict(extra="forbid")


log = logging.getLogger("utter_worker")

TYPE_PREFIX = "urn:utter:problem:"
MEDIA_TYPE = "application/problem+json"

# code -> (HTTP status, title). The code is the last part of the problem `type` and is also sent as `code`.
PROBLEMS = {
    "malformed-request": (400, "The request body is not valid JSON"),
    "unauthorized": (401, "Missing or wrong bearer token"),
    "not-found": (404, "No such endpoint"),
    "method-not-allowed": (405, "Method not allowed on this endpoint"),
    "not-acceptable": (406, "Cannot produce the requested media type"),
    "prompt-model-mismatch": (409, "The voice prompt was made by another model"),
    "prompt-version-unsupported": (409, "The voice prompt format version is not supported"),
    "payload-too-large": (413, "The request body is too large"),
    "invalid-request": (422, "The request does not match the schema"),
    "transcript-required": (422, "A transcript of the reference audio is required"),
    "unsupported-language": (422, "Unsupported language"),
    "invalid-audio": (422, "The audio cannot be used"),
    "audio-too-short": (422, "The audio is too short"),
    "audio-too-long": (422, "The audio is too long"),
    "invalid-prompt": (422, "The voice prompt is damaged or not a voice prompt"),
    "text-empty": (422, "Text to speak is empty"),
    "text-too-long": (422, "Text to speak is too long"),
    "batch-too-large": (422, "Too many texts in one request"),
    "unknown-speaker": (422, "No such preset speaker"),
    "instructions-unsupported": (422, "This voice takes no instructions"),
    "synthesis-failed": (500, "Speech synthesis failed"),
    "not-implemented": (501, "This worker does not do that"),
    "family-not-served": (501, "This worker does not serve that model family"),
    "busy": (503, "The worker is at capacity"),
    "device-failed": (503, "The worker's GPU failed"),
}


class Problem(Exception):
    """An error with its problem-details code; extra keyword arguments become extension members."""

    def __init__(self, code: str, detail: str, headers: dict | None = None, **extensions):
        super().__init__(detail)
        self.code = code
        self.status, self.title = PROBLEMS[code]
        self.detail = detail
        self.headers = headers or {}
        self.extensions = extensions

    def body(self, instance: str | None = None) -> dict:
        body = {"type": TYPE_PREFIX + self.code, "title": self.title, "status": self.status,
                "detail": self.detail, "code": self.code}
        if instance:
            body["instance"] = instance
        body.update(self.extensions)
        return body

    def response(self, instance: str | None = None) -> JSONResponse:
        headers = dict(self.headers)
        if self.status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="utter-worker"'
        return JSONResponse(self.body(instance), status_code=self.status, media_type=MEDIA_TYPE, headers=headers)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def on_problem(request: Request, problem: Problem):
        return problem.response(request.url.path)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, error: RequestValidationError):
        errors = [{"field": ".".join(str(p) for p in e["loc"][1:]) or "body", "message": e["msg"]}
                  for e in error.errors()]
        if any(e["type"] == "json_invalid" for e in error.errors()):
            problem = Problem("malformed-request", "Send a JSON object with Content-Type: application/json.",
                              errors=errors)
        else:
            problem = Problem("invalid-request", "; ".join(f"{e['field']}: {e['message']}" for e in errors),
                              errors=errors)
        return problem.response(request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, error: StarletteHTTPException):
        code = {404: "not-found", 405: "method-not-allowed", 413: "payload-too-large"}.get(error.status_code)
        if code is None:
            return JSONResponse({"type": "about:blank", "title": str(error.detail), "status": error.status_code},
                                status_code=error.status_code, media_type=MEDIA_TYPE)
        return Problem(code, str(error.detail)).response(request.url.path)

    @app.exception_handler(Exception)
    async def on_crash(request: Request, error: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return Problem("synthesis-failed", "The worker hit an internal error; see its log.").response(
            request.url.path)


def supported_language(name: str, supported: tuple[str, ...]) -> str:
    """The language as `supported` spells it; a 422 problem naming them when it is not one of them."""
    language = canonical_language(name, supported)
    if language is None:
        raise Problem("unsupported-language", f"{name!r} is not supported; use one of {', '.join(supported)}.",
                      supported=list(supported))
    return language
