"""Worker settings, read from UTTER_* environment variables (stdlib only: the Modal download image uses it)."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

PROTOCOL_VERSION = 1
SAMPLE_RATE = 24000
FRAME_RATE = 12.5  # codec frames per second of audio

MODEL_REPOS = {"0.6B": "Qwen/Qwen3-TTS-12Hz-0.6B-Base", "1.7B": "Qwen/Qwen3-TTS-12Hz-1.7B-Base"}
TOKENIZER_REPO = "Qwen/Qwen3-TTS-Tokenizer-12Hz"
# The two other families, each served beside the Base model when configured (UTTER_DESIGN_MODEL, UTTER_PRESET_MODEL).
DESIGN_REPO = "Qwen/Qwen3-TTS-12Hz-1.7B-VoiceDesign"  # a voice from a description; published in 1.7B only
PRESET_REPOS = {"0.6B": "Qwen/Qwen3-TTS-12Hz-0.6B-CustomVoice", "1.7B": "Qwen/Qwen3-TTS-12Hz-1.7B-CustomVoice"}
# Speech recognition and word alignment (UTTER_LISTEN), loaded beside the TTS model.
ASR_REPO = "Qwen/Qwen3-ASR-0.6B"
ALIGNER_REPO = "Qwen/Qwen3-ForcedAligner-0.6B"

# Modal deployment: the volume holding HF_HOME and where it is mounted.
MODAL_VOLUME = "utter-tts-weights"
MODAL_WEIGHTS_DIR = "/weights"

LANGUAGES = ("Auto", "Chinese", "English", "German", "Italian", "Portuguese", "Spanish", "Japanese", "Korean",
             "French", "Russian")


@dataclass(frozen=True)
class Settings:
    engine: str = "auto"  # auto | batched | qwen | fake
    model: str = MODEL_REPOS["0.6B"]  # Hugging Face id, local directory, or random:<tiny|0.6B|1.7B>
    model_id: str = ""  # the name prompts are bound to; empty: derived from `model`
    device: str = "auto"  # auto | cpu | cuda | cuda:N
    dtype: str = "auto"  # auto | bfloat16 | float16 | float32
    attention: str = "auto"  # auto (flash_attention_2 -> sdpa -> eager) or one of them
    auth_token: str = ""  # bearer token required on /v1/*; empty: no check (see docs/worker.md)
    allow_download: bool = True  # fetch missing weights from Hugging Face at start-up
    max_batch: int = 8  # texts in one request
    max_streams: int = 0  # streams decoded together; 0: the engine's default (16 batched, 1 official)
    max_queue: int = 32  # texts that may wait for a free stream; more are refused with 503 busy
    queue_timeout_seconds: float = 60.0  # longest wait for a free stream before 503 busy
    max_text_chars: int = 1000
    max_transcript_chars: int = 2000
    min_reference_seconds: float = 3.0
    max_reference_seconds: float = 60.0
    max_new_tokens: int = 2048  # upper bound a request may ask for (2048 frames = 164 s of audio)
    max_body_bytes: int = 16 * 1024 * 1024
    prompt_cache_size: int = 256
    stream_chunk_frames: int = 8  # codec frames per streamed chunk (8 frames = 0.64 s)
    first_chunk_frames: int = 4  # codec frames of a stream's first chunk: sooner first audio
    fake_frame_seconds: float = 0.0  # the fake engine's cost of one decoding step (benchmarks)
    design_model: str = ""  # the VoiceDesign model, like `model`; empty: voices are not designed
    preset_model: str = ""  # the CustomVoice model (preset speakers), like `model`; empty: no preset speakers
    max_instruction_chars: int = 500  # a voice description or a speaking style
    listen: bool = True  # load speech recognition and word alignment beside the TTS model (off: small GPUs)
    asr_model: str = ""  # like `model`; empty: ASR_REPO, or no listening when `model` is random
    aligner_model: str = ""  # as asr_model, with ALIGNER_REPO; "none": no aligner (no word timings)
    max_transcription_seconds: float = 300.0
    max_alignment_seconds: float = 180.0
    fake_runaway: str = ""  # tests only: the fake engine's first text holding this marker runs away (6 times too long)
    fake_garble: str = ""  # tests only: the fake listener hears the fake engine's first text holding this garbled

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Settings":
        env = os.environ if env is None else env
        values = {}
        for field in dataclasses.fields(cls):
            raw = env.get(f"UTTER_{field.name.upper()}")
            if raw is not None:
                values[field.name] = _parse(field.name, field.type, raw)
        values.update(overrides)
        return cls(**values)

    def listening_models(self) -> tuple[str | None, str | None]:
        """The speech recognition model (None: no listening) and the aligner (None: no word timings) to load.

        A worker of random weights (UTTER_MODEL=random:*) does not listen unless UTTER_ASR_MODEL names a model:
        a random recogniser hears nonsense, and Utter would refuse every typed transcript as not matching it."""
        random = self.model.startswith("random:")
        asr = self.asr_model or (None if random else ASR_REPO)
        if asr is None:
            return None, None
        aligner = self.aligner_model or ("random:tiny" if asr.startswith("random:") else ALIGNER_REPO)
        return asr, None if aligner.lower() == "none" else aligner


def _parse(name: str, kind: str, raw: str):
    try:
        if kind == "bool":
            if raw.strip().lower() in ("1", "true", "yes", "on"):
                return True
            if raw.strip().lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        return raw.strip()
    except ValueError:
        raise ValueError(f"UTTER_{name.upper()}={raw!r} is not a valid {kind}") from None


def canonical_language(name: str, supported: tuple[str, ...] = LANGUAGES) -> str | None:
    """The supported spelling of a language name (matched case-insensitively), or None."""
    wanted = name.strip().lower()
    return next((lang for lang in supported if lang.lower() == wanted), None)
