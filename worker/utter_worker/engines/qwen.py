"""The official qwen-tts engine (CPU and reference path), and what every real engine shares: loading a model."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

import numpy as np
import torch
from qwen_tts import Qwen3TTSModel, VoiceClonePromptItem

from ..config import SAMPLE_RATE, Settings
from ..prompts import VoicePrompt
from . import EngineInfo, Utterance

log = logging.getLogger("utter_worker")
T = TypeVar("T")

SIZE_LABELS = {"0b6": "0.6B", "1b7": "1.7B"}
CHUNK_SECONDS = 0.64  # the official engine returns whole clips; they are sent in chunks of this length


class WeightsMissing(RuntimeError):
    """The weights are not in HF_HOME, and downloading them is not allowed."""


def resolve_model(settings: Settings) -> tuple[str, str, str | None]:
    """(local directory, model id, weights revision) for UTTER_MODEL."""
    from ..random_model import write_random_checkpoint
    return resolve_weights(settings.model, settings.model_id, settings.allow_download, write_random_checkpoint)


def resolve_weights(model: str, model_id: str, allow_download: bool,
                    write_random: Callable[[str, str], Path]) -> tuple[str, str, str | None]:
    """(local directory, model id, weights revision) for a Hugging Face id, a local folder, or random:<size>
    (written by `write_random(folder, size)` into a new temporary folder, which the caller removes)."""
    if model.startswith("random:"):
        size = model.split(":", 1)[1]
        path = write_random(tempfile.mkdtemp(prefix="utter-random-"), size)
        return str(path), model_id or f"random/{size}", None
    if os.path.isdir(model):
        return model, model_id or Path(model).name, None
    from huggingface_hub import snapshot_download
    try:
        path = snapshot_download(model, local_files_only=True)
    except Exception:  # not in HF_HOME yet: huggingface_hub raises several error types for that
        if not allow_download:
            raise WeightsMissing(f"{model} is not in the weights cache (HF_HOME={os.environ.get('HF_HOME', '~')}); "
                                 "run worker/scripts/download_weights.py first") from None
        log.info("downloading %s", model)
        path = snapshot_download(model)
    return path, model_id or model, Path(path).name  # a snapshot folder is named by its commit


def resolve_device(requested: str) -> str:
    if requested == "auto":
        return "cuda:0" if torch.cuda.is_available() else "cpu"
    return "cuda:0" if requested == "cuda" else requested


def resolve_dtype(requested: str, device: str) -> torch.dtype:
    if requested != "auto":
        return getattr(torch, requested)
    if device.startswith("cuda"):
        # bf16 where the GPU has it natively (L4, A10G); a T4 would only emulate it, slowly, so float16 there.
        return torch.bfloat16 if torch.cuda.is_bf16_supported(including_emulation=False) else torch.float16
    return torch.float32


def attention_candidates(requested: str, device: str) -> list[str]:
    """flash_attention_2 only on CUDA with flash_attn importable, then sdpa, then eager."""
    if requested != "auto":
        return [requested]
    flash = device.startswith("cuda") and importlib.util.find_spec("flash_attn") is not None
    return (["flash_attention_2"] if flash else []) + ["sdpa", "eager"]


def load_with_fallback(candidates: list[str], load: Callable[[str], T]) -> tuple[T, str]:
    """Load with the first attention implementation that works; return the model and the one used."""
    for attention in candidates:
        try:
            return load(attention), attention
        except (ImportError, ValueError) as error:  # what transformers raises for an unusable implementation
            log.warning("attention %s unavailable: %s", attention, error)
            last = error
    raise RuntimeError(f"no attention implementation worked (tried {candidates})") from last


def to_prompt_item(prompt: VoicePrompt, device) -> VoiceClonePromptItem:
    codes = None if prompt.codes is None else torch.from_numpy(prompt.codes.astype(np.int64)).to(device)
    return VoiceClonePromptItem(ref_code=codes, ref_spk_embedding=torch.from_numpy(prompt.speaker_embedding).to(device),
                                x_vector_only_mode=prompt.x_vector_only, icl_mode=not prompt.x_vector_only,
                                ref_text=prompt.transcript)


def describe(tts: Qwen3TTSModel, engine: str, model_id: str, revision: str | None, attention: str,
             streaming: bool, max_streams: int) -> EngineInfo:
    model = tts.model
    return EngineInfo(
        engine=engine, model_id=model_id, model_revision=revision,
        model_size=SIZE_LABELS.get(model.tts_model_size, str(model.tts_model_size)),
        parameters=sum(p.numel() for p in model.parameters()), device=str(tts.device),
        dtype=str(model.dtype).removeprefix("torch."), attention=attention, streaming=streaming,
        max_streams=max_streams, speaker_embedding_dim=model.config.talker_config.hidden_size,
        languages=tuple(lang.capitalize() for lang in model.get_supported_languages()))


def make_prompt(tts: Qwen3TTSModel, model_key: str, audio: np.ndarray, sample_rate: int, transcript: str | None,
                x_vector_only: bool) -> VoicePrompt:
    item = tts.create_voice_clone_prompt(ref_audio=(audio, sample_rate), ref_text=transcript,
                                         x_vector_only_mode=x_vector_only)[0]
    codes = None if x_vector_only else item.ref_code.cpu().numpy().astype(np.uint16)
    return VoicePrompt(model=model_key, codes=codes, transcript=transcript,
                       speaker_embedding=item.ref_spk_embedding.float().cpu().numpy())


class WholeClip:
    """A stream whose audio was all made when it opened."""

    finished = True

    def __init__(self, chunks: list[np.ndarray]):
        self.chunks = chunks

    def take(self) -> list[np.ndarray]:
        chunks, self.chunks = self.chunks, []
        return chunks


class QwenEngine:
    """The official path: generate_voice_clone speaks one text whole; its audio leaves when it is done."""

    def __init__(self, tts: Qwen3TTSModel, model_id: str, revision: str | None, attention: str):
        self.tts = tts
        self.info = describe(tts, "qwen-tts", model_id, revision, attention, streaming=False, max_streams=1)

    def create_prompt(self, audio: np.ndarray, sample_rate: int, transcript: str | None,
                      x_vector_only: bool) -> VoicePrompt:
        return make_prompt(self.tts, self.info.model_key, audio, sample_rate, transcript, x_vector_only)

    def open(self, utterance: Utterance) -> WholeClip:
        options = utterance.options
        torch.manual_seed(options.seed)  # qwen-tts has no seed argument; this seeds CPU and every CUDA device
        item = to_prompt_item(utterance.prompt, self.tts.device)
        wavs, _ = self.tts.generate_voice_clone(text=utterance.text, language=utterance.language,
                                                voice_clone_prompt=[item], max_new_tokens=options.max_new_tokens,
                                                **options.sampling)
        step = int(CHUNK_SECONDS * SAMPLE_RATE)
        return WholeClip([wavs[0][start:start + step] for start in range(0, len(wavs[0]), step)])

    def step(self) -> None:
        pass  # every stream is finished when it opens

    def close(self, stream: WholeClip) -> None:
        pass


def load(settings: Settings):
    path, model_id, revision = resolve_model(settings)
    device = resolve_device(settings.device)
    dtype = resolve_dtype(settings.dtype, device)
    tts, attention = load_with_fallback(attention_candidates(settings.attention, device),
                                        lambda attn: Qwen3TTSModel.from_pretrained(path, device_map=device, dtype=dtype,
                                                                                   attn_implementation=attn))
    if settings.model.startswith("random:"):
        shutil.rmtree(path, ignore_errors=True)  # the random checkpoint only carried weights that are now loaded
    if settings.engine == "batched" or (settings.engine == "auto" and device.startswith("cuda")):
        from .batched import BatchedEngine
        engine = BatchedEngine(tts, model_id, revision, attention, max_streams=settings.max_streams or 16,
                               chunk_frames=settings.stream_chunk_frames, first_chunk_frames=settings.first_chunk_frames)
    else:
        engine = QwenEngine(tts, model_id, revision, attention)
    log.info("loaded %s %s on %s (%s, attention %s)", engine.info.engine, engine.info.model_key, device,
             engine.info.dtype, engine.info.attention)
    return engine
