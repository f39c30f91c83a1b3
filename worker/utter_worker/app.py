"""The worker's HTTP API (protocol version 1; the contract is docs/worker-protocol.md)."""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import time
from typing import Annotated, Callable

from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import Field

from . import framing, streaming
from .audio import decode_base64, decode_reference, wav_bytes
from .batching import Scheduler, exit_process
from .cache import LruCache
from .config import FRAME_RATE, PROTOCOL_VERSION, Settings
from .engines import Engine, SynthesisOptions, Utterance
from .gate import Gate
from .listening import Listener
from .listening import routes as listening_routes
from .problems import Problem, Strict, install_handlers, supported_language
from .prompts import FORMAT_VERSION, VoicePrompt, check_usable, deserialize, serialize
from . import voices

log = logging.getLogger("utter_worker")


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
    speaker: str | None = Field(None, description="A preset speaker of the CustomVoice model, instead of a clone")
    instructions: str | None = Field(None, description="How a preset speaker speaks: style, emotion, pace")
    description: str | None = Field(None, description="A voice for the VoiceDesign model to make up, in words")
    sampling: Sampling = Sampling()
    seed: int | None = Field(None, ge=0, le=2**32 - 1)
    max_new_tokens: int | None = Field(None, ge=1)
    part: int | None = Field(None, ge=0, description="Which part of a longer text this is; part 0 (or none: "
                             "someone is waiting to hear it) is served before any later part")


def create_app(engine: Engine, settings: Settings, on_device_lost: Callable[[], None] = exit_process,
               listener: Listener | None = None) -> FastAPI:
    """The worker's app over an engine, and a listener when it transcribes and aligns (listening.load_listener)."""
    app = FastAPI(title="Utter TTS worker", version=str(PROTOCOL_VERSION), docs_url=None, redoc_url=None)
    install_handlers(app)
    cache = LruCache(settings.prompt_cache_size)
    info = engine.info
    scheduler = Scheduler(engine, capacity=min(settings.max_streams or info.max_streams, info.max_streams),
                          max_queue=settings.max_queue, queue_timeout=settings.queue_timeout_seconds,
                          on_device_lost=on_device_lost)
    started = time.time()
    max_prompt_frames = int(settings.max_reference_seconds * FRAME_RATE) + 1
    if not settings.auth_token:
        log.warning("UTTER_AUTH_TOKEN is not set: /v1/* accepts requests without a bearer token")
    app.add_middleware(Gate, auth_token=settings.auth_token, max_body_bytes=settings.max_body_bytes)
    listening_routes.add_routes(app, listener, scheduler, settings)
    hearing, listening = listening_routes.health(listener)

    @app.get("/health")
    def health():
        body = {
            "status": "ok" if scheduler.healthy else "failing", "protocol_version": PROTOCOL_VERSION,
            "prompt_format_version": FORMAT_VERSION, "engine": info.engine,
            "model": {"id": info.model_id, "revision": info.model_revision, "key": info.model_key,
                      "size": info.model_size, "parameters": info.parameters},
            "device": info.device, "dtype": info.dtype, "attention": info.attention,
            "sample_rate": info.sample_rate, "languages": list(info.languages),
            "capabilities": {"streaming": info.streaming, "batching": scheduler.capacity > 1, "x_vector_only": True,
                             "audio_formats": ["wav", "flac", "ogg", "mp3"],
                             "stream_formats": [framing.MEDIA_TYPE, framing.SSE_MEDIA_TYPE, "audio/wav"],
                             "voice_design": info.family(voices.DESIGN) is not None,
                             "preset_speakers": info.family(voices.PRESET) is not None, **hearing},
            "families": voices.families(info),
            **({"listening": listening} if listening else {}),
            "capacity": scheduler.stats(),
            "limits": {"max_batch": settings.max_batch, "max_text_chars": settings.max_text_chars,
                       "max_transcript_chars": settings.max_transcript_chars,
                       "min_reference_seconds": settings.min_reference_seconds,
                       "max_reference_seconds": settings.max_reference_seconds,
                       "max_new_tokens": settings.max_new_tokens, "max_body_bytes": settings.max_body_bytes,
                       "max_instruction_chars": settings.max_instruction_chars,
                       "max_transcription_seconds": settings.max_transcription_seconds,
                       "max_alignment_seconds": settings.max_alignment_seconds},
            "auth": "bearer" if settings.auth_token else "none",
            "cache": cache.stats(), "uptime_seconds": round(time.time() - started, 1),
        }
        return body if scheduler.healthy else JSONResponse(body, status_code=503)

    async def make_prompt(reference: Reference) -> tuple[VoicePrompt, bytes, bool]:
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
        prompt = await scheduler.call(lambda: engine.create_prompt(audio, sample_rate, transcript,
                                                                   reference.x_vector_only))
        blob = serialize(prompt)
        cache.put(key, (prompt, blob))
        cache.put("prompt:" + hashlib.sha256(blob).hexdigest(), prompt)
        return prompt, blob, False

    def load_prompt(encoded: str) -> VoicePrompt:
        blob = decode_base64(encoded, "invalid-prompt", "prompt")
        key = "prompt:" + hashlib.sha256(blob).hexdigest()
        prompt = cache.get(key)
        if prompt is None:
            prompt = deserialize(blob)
            if prompt.model == info.model_key:
                check_usable(prompt, info.speaker_embedding_dim, max_prompt_frames)
        if prompt.model != info.model_key:
            raise Problem("prompt-model-mismatch", f"The prompt was made by {prompt.model!r} but this worker runs "
                          f"{info.model_key!r}; create it again with POST /v1/prompts.",
                          prompt_model=prompt.model, worker_model=info.model_key)
        cache.put(key, prompt)
        return prompt

    @app.post("/v1/prompts")
    async def create_prompt(reference: Reference) -> dict:
        prompt, blob, cached = await make_prompt(reference)
        return {"prompt": base64.b64encode(blob).decode(), "format_version": FORMAT_VERSION, "model": prompt.model,
                "sha256": hashlib.sha256(blob).hexdigest(), "bytes": len(blob), "frames": prompt.frames,
                "x_vector_only": prompt.x_vector_only, "cached": cached}

    @app.post("/v1/synthesize")
    async def synthesize(body: SynthesizeRequest, request: Request, accept: Annotated[str, Header()] = "*/*"):
        texts = [body.text] if isinstance(body.text, str) else body.text
        languages = [body.language] * len(texts) if isinstance(body.language, str) else body.language
        check_texts(texts, languages, settings)
        languages = [supported_language(lang, info.languages) for lang in languages]
        chosen = [body.prompt, body.reference, body.speaker, body.description]
        if sum(voice is not None for voice in chosen) != 1:
            raise Problem("invalid-request", "Send exactly one voice: `prompt` (preferred) or `reference` for a "
                          "cloned voice, `speaker` for a preset speaker, or `description` for a designed one.")
        if body.instructions is not None and body.speaker is None:
            raise Problem("instructions-unsupported", "Only preset speakers take `instructions`: a cloned voice "
                          "speaks as its reference clip does, and a designed voice is all in its `description`.")
        sse = framing.SSE_MEDIA_TYPE in accept
        wants_wav = "audio/wav" in accept and framing.MEDIA_TYPE not in accept and not sse
        if wants_wav and len(texts) > 1:
            raise Problem("not-acceptable", "audio/wav holds one text; ask for "
                          f"{framing.MEDIA_TYPE} to receive a batch.")
        max_new_tokens = body.max_new_tokens or min(settings.max_new_tokens, 50 + 4 * max(map(len, texts)))
        if max_new_tokens > settings.max_new_tokens:
            raise Problem("invalid-request", f"max_new_tokens may be at most {settings.max_new_tokens}.")
        speaker, instruct, prompt = None, None, None
        if body.speaker is not None:
            speaker, instruct = voices.preset_voice(info, body.speaker, body.instructions, settings)
        elif body.description is not None:
            instruct = voices.designed_voice(info, body.description, settings)
        else:
            prompt = load_prompt(body.prompt) if body.prompt is not None else (await make_prompt(body.reference))[0]
        options = SynthesisOptions(seed=secrets.randbits(32) if body.seed is None else body.seed,
                                   max_new_tokens=max_new_tokens,
                                   sampling=body.sampling.model_dump(exclude_none=True))
        headers = {"X-Utter-Seed": str(options.seed), "X-Utter-Model": info.model_key,
                   "X-Utter-Engine": info.engine, "X-Utter-Sample-Rate": str(info.sample_rate)}
        ticket = scheduler.submit([Utterance(text, language, prompt, options, speaker, instruct) for text, language
                                   in zip(texts, languages)], first_part=not body.part)
        first = await ticket.next()
        if (problem := streaming.refusal(first)) is not None:
            ticket.cancel()
            raise problem
        if wants_wav:
            pcm = await streaming.whole(ticket, first)
            return Response(wav_bytes(pcm, info.sample_rate), media_type="audio/wav", headers=headers)
        start = {"protocol_version": PROTOCOL_VERSION, "sample_rate": info.sample_rate, "channels": 1,
                 "sample_format": "s16le", "items": len(texts), "seed": options.seed, "model": info.model_key,
                 "engine": info.engine}
        framer = framing.Framer(sse)
        if sse:  # proxies must pass each event on as it comes
            headers |= {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return StreamingResponse(streaming.framed(ticket, first, framer, start, request.url.path,
                                                  request.state.arrived),
                                 media_type=framer.media_type, headers=headers)

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

