"""POST /v1/transcriptions and POST /v1/alignments, and what /health says about them (docs/worker-protocol.md).

The listener's work runs on the scheduler's decoding thread (`scheduler.call`), between two decoding steps,
so the GPU is used from one thread.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI
from pydantic import Field

from ..audio import decode_audio, decode_base64
from ..batching import Scheduler
from ..config import Settings
from ..problems import Problem, Strict, supported_language
from . import Listener, Word, clamp, utter_language

MIN_SECONDS = 0.1


class TranscriptionRequest(Strict):
    audio: str = Field(description="An audio file (WAV, FLAC, Ogg, MP3), base64")
    language: str | None = Field(None, description='null or "Auto": detect it; else one of listening.languages')
    word_timings: bool = Field(False, description="Also say when each word is said")


class AlignmentRequest(Strict):
    audio: str = Field(description="An audio file (WAV, FLAC, Ogg, MP3), base64")
    text: str = Field(description="What is said in it")
    language: str = Field(description="One of listening.alignment_languages")


def health(listener: Listener | None) -> tuple[dict, dict | None]:
    """(the capabilities members, the `listening` member or None)."""
    capabilities = {"transcription": listener is not None,
                    "alignment": listener is not None and bool(listener.alignment_languages)}
    if listener is None:
        return capabilities, None
    return capabilities, {"asr_model": listener.asr_model, "aligner_model": listener.aligner_model,
                          "languages": list(listener.languages),
                          "alignment_languages": list(listener.alignment_languages)}


def add_routes(app: FastAPI, listener: Listener | None, scheduler: Scheduler, settings: Settings) -> None:
    def transcribing() -> None:
        if listener is None:
            raise Problem("not-implemented", "This worker does not transcribe speech (UTTER_LISTEN is off, or its "
                          "models could not be loaded: see its log).")

    def aligning() -> None:
        if listener is None or not listener.alignment_languages:
            raise Problem("not-implemented", "This worker does not align words (UTTER_LISTEN is off, or it has no "
                          "aligner: see its log).")

    def clip(encoded: str, max_seconds: float):
        return decode_audio(decode_base64(encoded, "invalid-audio", "audio"), MIN_SECONDS, max_seconds)

    @app.post("/v1/transcriptions", dependencies=[Depends(transcribing)])
    async def transcribe(body: TranscriptionRequest) -> dict:
        asked = body.language
        auto = asked is None or asked.strip().lower() == "auto"
        language = None if auto else supported_language(asked, listener.languages)
        audio, rate = clip(body.audio, settings.max_transcription_seconds)
        timings = body.word_timings and bool(listener.alignment_languages)
        heard = await scheduler.call(lambda: listener.transcribe(audio, rate, language, timings))
        duration = len(audio) / rate
        return {"text": heard.text, "language": utter_language(heard.detected), "detected": heard.detected or None,
                "words": None if heard.words is None else words(heard.words, duration), "duration": round(duration, 3)}

    @app.post("/v1/alignments", dependencies=[Depends(aligning)])
    async def align(body: AlignmentRequest) -> dict:
        text = body.text.strip()
        if not text:
            raise Problem("text-empty", "The text to align is empty.")
        if len(body.text) > settings.max_text_chars:
            raise Problem("text-too-long", f"The text has {len(body.text)} characters; the limit is "
                          f"{settings.max_text_chars}. Align it in parts.", limit=settings.max_text_chars)
        language = supported_language(body.language, listener.alignment_languages)
        audio, rate = clip(body.audio, settings.max_alignment_seconds)
        found = await scheduler.call(lambda: listener.align(audio, rate, text, language))
        duration = len(audio) / rate
        return {"words": words(found, duration), "duration": round(duration, 3)}


def words(found: list[Word], duration: float) -> list[dict]:
    """The protocol's words: times within [0, duration] whatever the model said."""
    return [{"text": word.text, "start": word.start, "end": word.end} for word in clamp(found, duration)]
