"""The worker's HTTP API (protocol version 1; the contract is docs/worker-protocol.md)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import secrets
import threading
import time
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from . import framing
from .audio import decode_base64, decode_reference, to_pcm16, wav_bytes
from .cache import LruCache
from .config import PROTOCOL_VERSION, Settings, canonical_language
from .engines import Engine, SynthesisOptions
from .problems import Problem, install_handlers
from .prompts import FORMAT_VERSION, VoicePrompt, deserialize, serialize

log = logging.getLogger("utter_worker")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Reference(Strict):
    audio: str = Field(description="The reference clip as a base64 WAV file (24 kHz mono 16-bit preferred)")
    transcript: str | None = Field(None, description="Exactly what is said in the clip; required unless x_vector_only")
    x_vector_only: bool = Field(False, description="Clone from the speaker embedding alone (no transcript needed)")


class Sampling(Strict):
    do_sample: bool | None = None
    temperature: float | None = Field(None, gt=0, le=2)
    top_k: int | None = Field(None, ge=1, le=2048)
    top_p: float | None = Field(None, gt=0, le=1)
    repetition_penalty: float | None = Field(None, ge=1, le=2)
    subtalker_dosample: bool | None = None
    subtalker_temperature: float | None = Field(None, gt=0, le=2)
    subtalker_top_k: int | None = Field(None, ge=1, le=2048)
    subtalker_top_p: float | None = Field(None, gt=0, le=1)


class SynthesizeRequest(Strict):
    text: str | list[str]
    language: str | list[str] = "Auto"
    prompt: str | None = Field(None, description="A prompt from POST /v1/prompts (base64)")
    reference: Reference | None = Field(None, description="Fallback when no prompt is stored")
    sampling: Sampling = Sampling()
    seed: int | None = Field(None, ge=0, le=2**32 - 1)
    max_new_tokens: int | None = Field(None, ge=1)


def create_app(engine: Engine, settings: Settings) -> FastAPI:
    app = FastAPI(title="Utter TTS worker", version=str(PROTOCOL_VERSION), docs_url=None, redoc_url=None)
    install_handlers(app)
    cache = LruCache(settings.prompt_cache_size)
    gpu = threading.Lock()  # one model call at a time: generation is not thread-safe and fills the GPU anyway
    started = time.time()
    info = engine.info
    if not settings.auth_token:
        log.warning("UTTER_AUTH_TOKEN is not set: /v1/* accepts requests without a bearer token")

    async def authorize(authorization: Annotated[str | None, Header()] = None) -> None:
        if not settings.auth_token:
            return
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.auth_token.encode()):
            raise Problem("unauthorized", "Send Authorization: Bearer <UTTER_AUTH_TOKEN>.")

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    @app.get("/health")
    def health() -> dict:
        return {
            "status": "ok", "protocol_version": PROTOCOL_VERSION, "prompt_format_version": FORMAT_VERSION,
            "engine": info.engine,
            "model": {"id": info.model_id, "revision": info.model_revision, "key": info.model_key,
                      "size": info.model_size, "parameters": info.parameters},
            "device": info.device, "dtype": info.dtype, "attention": info.attention,
            "sample_rate": info.sample_rate, "languages": list(info.languages),
            "capabilities": {"streaming": info.streaming, "batching": info.batching, "x_vector_only": True,
                             "audio_formats": ["wav", "flac", "ogg", "mp3"]},
            "limits": {"max_batch": settings.max_batch, "max_text_chars": settings.max_text_chars,
                       "max_transcript_chars": settings.max_transcript_chars,
                       "min_reference_seconds": settings.min_reference_seconds,
                       "max_reference_seconds": settings.max_reference_seconds,
                       "max_new_tokens": settings.max_new_tokens, "max_body_bytes": settings.max_body_bytes},
            "auth": "bearer" if settings.auth_token else "none",
            "cache": cache.stats(), "uptime_seconds": round(time.time() - started, 1),
        }

    def make_prompt(reference: Reference) -> tuple[VoicePrompt, bytes, bool]:
        """The prompt for an inline reference, from the cache when the same clip and transcript came before."""
        transcript = (reference.transcript or "").strip() or None
        if transcript is None and not reference.x_vector_only:
            raise Problem("transcript-required", "Send the transcript of the reference clip, or set "
                          "x_vector_only to clone from the voice alone (lower fidelity).")
        if transcript and len(transcript) > settings.max_transcript_chars:
            raise Problem("invalid-request", f"The transcript has {len(transcript)} characters; the limit is "
                          f"{settings.max_transcript_chars}.")
        data = decode_base64(reference.audio, "invalid-audio", "reference.audio")
        key = "ref:" + hashlib.sha256(b"\0".join([info.model_key.encode(), b"x" if reference.x_vector_only else b"i",
                                                  (transcript or "").encode(), data])).hexdigest()
        hit = cache.get(key)
        if hit:
            return hit[0], hit[1], True
        audio, sample_rate = decode_reference(data, settings)
        with gpu:
            prompt = engine.create_prompt(audio, sample_rate, transcript, reference.x_vector_only)
        blob = serialize(prompt)
        cache.put(key, (prompt, blob))
        cache.put("prompt:" + hashlib.sha256(blob).hexdigest(), prompt)
        return prompt, blob, False

    def load_prompt(encoded: str) -> VoicePrompt:
        blob = decode_base64(encoded, "invalid-prompt", "prompt")
        key = "prompt:" + hashlib.sha256(blob).hexdigest()
        prompt = cache.get(key) or deserialize(blob)
        if prompt.model != info.model_key:
            raise Problem("prompt-model-mismatch", f"The prompt was made by {prompt.model!r} but this worker runs "
                          f"{info.model_key!r}; create it again with POST /v1/prompts.",
                          prompt_model=prompt.model, worker_model=info.model_key)
        cache.put(key, prompt)
        return prompt

    @app.post("/v1/prompts", dependencies=[Depends(authorize)])
    async def create_prompt(reference: Reference) -> dict:
        prompt, blob, cached = await run_in_threadpool(make_prompt, reference)
        return {"prompt": base64.b64encode(blob).decode(), "format_version": FORMAT_VERSION, "model": prompt.model,
                "sha256": hashlib.sha256(blob).hexdigest(), "bytes": len(blob), "frames": prompt.frames,
                "x_vector_only": prompt.x_vector_only, "cached": cached}

    @app.post("/v1/synthesize", dependencies=[Depends(authorize)])
    async def synthesize(body: SynthesizeRequest, request: Request, accept: Annotated[str, Header()] = "*/*"):
        texts = [body.text] if isinstance(body.text, str) else body.text
        languages = [body.language] * len(texts) if isinstance(body.language, str) else body.language
        check_texts(texts, languages, settings)
        languages = [supported_language(lang, info.languages) for lang in languages]
        if (body.prompt is None) == (body.reference is None):
            raise Problem("invalid-request", "Send exactly one of `prompt` (preferred) and `reference`.")
        wants_wav = "audio/wav" in accept and framing.MEDIA_TYPE not in accept
        if wants_wav and len(texts) > 1:
            raise Problem("not-acceptable", "audio/wav holds one text; ask for "
                          f"{framing.MEDIA_TYPE} to receive a batch.")
        max_new_tokens = body.max_new_tokens or min(settings.max_new_tokens, 50 + 4 * max(map(len, texts)))
        if max_new_tokens > settings.max_new_tokens:
            raise Problem("invalid-request", f"max_new_tokens may be at most {settings.max_new_tokens}.")
        if body.prompt is not None:
            prompt = load_prompt(body.prompt)
        else:
            prompt = (await run_in_threadpool(make_prompt, body.reference))[0]
        options = SynthesisOptions(seed=secrets.randbits(32) if body.seed is None else body.seed,
                                   max_new_tokens=max_new_tokens,
                                   sampling=body.sampling.model_dump(exclude_none=True))
        headers = {"X-Utter-Seed": str(options.seed), "X-Utter-Model": info.model_key,
                   "X-Utter-Engine": info.engine, "X-Utter-Sample-Rate": str(info.sample_rate)}
        producer = Producer(engine, gpu, texts, languages, prompt, options)
        first = await producer.next()
        if first[0] == "error":
            return first[1].response(request.url.path)
        if wants_wav:
            pcm = await producer.collect(first)
            return Response(wav_bytes(pcm, info.sample_rate), media_type="audio/wav", headers=headers)
        start = {"protocol_version": PROTOCOL_VERSION, "sample_rate": info.sample_rate, "channels": 1,
                 "sample_format": "s16le", "items": len(texts), "seed": options.seed, "model": info.model_key,
                 "engine": info.engine}
        return StreamingResponse(producer.frames(first, start, request.url.path),
                                 media_type=framing.MEDIA_TYPE, headers=headers)

    return app


def check_texts(texts: list[str], languages: list[str], settings: Settings) -> None:
    if not texts:
        raise Problem("text-empty", "`text` is an empty list.")
    if len(texts) > settings.max_batch:
        raise Problem("batch-too-large", f"{len(texts)} texts in one request; the limit is {settings.max_batch}. "
                      "Split them over several requests.", limit=settings.max_batch)
    if len(languages) != len(texts):
        raise Problem("invalid-request", f"{len(languages)} languages for {len(texts)} texts; send one language, "
                      "or one per text.")
    for index, text in enumerate(texts):
        if not text.strip():
            raise Problem("text-empty", f"Text {index} is empty.", index=index)
        if len(text) > settings.max_text_chars:
            raise Problem("text-too-long", f"Text {index} has {len(text)} characters; the limit is "
                          f"{settings.max_text_chars}. Split long text at sentence boundaries.",
                          index=index, limit=settings.max_text_chars)


def supported_language(name: str, supported: tuple[str, ...]) -> str:
    language = canonical_language(name, supported)
    if language is None:
        raise Problem("unsupported-language", f"{name!r} is not supported; use one of {', '.join(supported)}.",
                      supported=list(supported))
    return language


class BodyLimit:
    """Refuses a body whose Content-Length is over the limit before reading it (plain ASGI: streams pass through)."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            length = dict(scope["headers"]).get(b"content-length", b"")
            if length.isdigit() and int(length) > self.limit:
                problem = Problem("payload-too-large", f"The body is {int(length)} bytes; the limit is {self.limit} "
                                  "bytes.", limit_bytes=self.limit)
                await problem.response(scope["path"])(scope, receive, send)
                return
        await self.app(scope, receive, send)


class Producer:
    """Runs the engine on its own thread and hands chunks to the response as they come.

    The thread, not the response, holds the GPU lock, so a client that disconnects mid-stream cannot leave
    the lock taken: the thread notices the cancel flag at its next chunk and finishes.
    """

    def __init__(self, engine: Engine, gpu: threading.Lock, texts, languages, prompt, options):
        self.items = len(texts)
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue = asyncio.Queue()
        self.cancel = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(engine, gpu, texts, languages, prompt, options),
                                       daemon=True)
        self.thread.start()

    def _put(self, event: tuple) -> None:
        self.loop.call_soon_threadsafe(self.queue.put_nowait, event)

    def _run(self, engine, gpu, texts, languages, prompt, options) -> None:
        try:
            with gpu:
                last = 0
                for index, chunk in engine.synthesize(texts, languages, prompt, options):
                    if self.cancel.is_set():
                        break
                    assert last <= index < self.items, "engines yield items in order"
                    last = index
                    if len(chunk):  # an A frame always carries samples
                        self._put(("audio", index, to_pcm16(chunk)))
            self._put(("done",))
        except Problem as problem:
            self._put(("error", problem))
        except Exception:
            log.exception("synthesis failed")
            self._put(("error", Problem("synthesis-failed", "The model failed while generating; see the worker "
                                        "log. Retrying may help.")))

    async def next(self) -> tuple:
        return await self.queue.get()

    async def collect(self, first: tuple) -> bytes:
        pcm, event = bytearray(), first
        try:
            while event[0] == "audio":
                pcm += event[2]
                event = await self.next()
        finally:
            self.cancel.set()  # stops the engine if the client went away meanwhile
        if event[0] == "error":
            raise event[1]
        return bytes(pcm)

    async def frames(self, first: tuple, start: dict, instance: str):
        samples = [0] * self.items
        done = 0  # items whose D frame was sent
        event = first
        try:
            yield framing.encode_json(framing.START, 0, start)
            while event[0] == "audio":
                _, index, pcm = event
                while done < index:  # the engine moved on: earlier items are complete
                    yield framing.encode_json(framing.ITEM_DONE, done, {"samples": samples[done]})
                    done += 1
                samples[index] += len(pcm) // 2
                yield framing.encode(framing.AUDIO, index, pcm)
                event = await self.next()
            if event[0] == "error":
                yield framing.encode_json(framing.ERROR, framing.NO_ITEM, event[1].body(instance))
                return
            while done < self.items:
                yield framing.encode_json(framing.ITEM_DONE, done, {"samples": samples[done]})
                done += 1
            yield framing.encode_json(framing.END, 0, {"items": self.items, "samples": sum(samples)})
        finally:
            self.cancel.set()  # runs when the client goes away too

