"""The official qwen-tts engine (CPU and reference path), and what every real engine shares: loading a model."""

from __future__ import annotations

import importlib.util
import logging
import os
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

import numpy as np
import torch
from qwen_tts import Qwen3TTSModel, VoiceClonePromptItem

from ..config import SAMPLE_RATE, Settings
from ..prompts import VoicePrompt
from . import BASE, DESIGN, PRESET, EngineInfo, Family, Utterance
from .families import Families, speakers_of

log = logging.getLogger("utter_worker")
T = TypeVar("T")

SIZE_LABELS = {"0b6": "0.6B", "1b7": "1.7B"}
FAMILY_SETTINGS = {BASE: "model", DESIGN: "design_model", PRESET: "preset_model"}  # the setting naming each model
CHUNK_SECONDS = 0.64  # the official engine returns whole clips; they are sent in chunks of this length


class WeightsMissing(RuntimeError):
    """The weights are not in HF_HOME, and downloading them is not allowed."""


def resolve_model(settings: Settings, family: str = BASE) -> tuple[str, str, str | None]:
    """(local directory, model id, weights revision) for UTTER_MODEL, UTTER_DESIGN_MODEL or UTTER_PRESET_MODEL."""
    from ..random_model import write_random_checkpoint
    return resolve_weights(getattr(settings, FAMILY_SETTINGS[family]), settings.model_id if family == BASE else "", settings.allow_download,
                           functools.partial(write_random_checkpoint, family=family))


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
    size = SIZE_LABELS.get(model.tts_model_size, str(model.tts_model_size))
    family = model.tts_model_type
    talker = model.config.talker_config
    # The 0.6B CustomVoice model drops instructions (qwen-tts ignores them there); Base takes none.
    instructions = family == DESIGN or (family == PRESET and model.tts_model_size != "0b6")
    return EngineInfo(
        engine=engine, model_id=model_id, model_revision=revision, model_size=size,
        parameters=sum(p.numel() for p in model.parameters()), device=str(tts.device),
        dtype=str(model.dtype).removeprefix("torch."), attention=attention, streaming=streaming,
        max_streams=max_streams, speaker_embedding_dim=talker.hidden_size,
        languages=tuple(lang.capitalize() for lang in model.get_supported_languages()),
        families=(Family(family, model_id, size, instructions, speakers_of(talker.spk_id, talker.spk_is_dialect)),))


def speak(tts: Qwen3TTSModel, utterance: Utterance, **kwargs) -> tuple[list[np.ndarray], int]:
    """Run qwen-tts's own generation for the utterance's family (clone, preset speaker or designed voice)."""
    options = utterance.options
    common = dict(text=utterance.text, language=utterance.language, max_new_tokens=options.max_new_tokens,
                  **options.sampling, **kwargs)
    if utterance.family == BASE:
        return tts.generate_voice_clone(voice_clone_prompt=[to_prompt_item(utterance.prompt, tts.device)], **common)
    if utterance.family == PRESET:
        return tts.generate_custom_voice(speaker=utterance.speaker, instruct=utterance.instruct or None, **common)
    return tts.generate_voice_design(instruct=utterance.instruct, **common)


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
        wavs, _ = speak(self.tts, utterance)
        step = int(CHUNK_SECONDS * SAMPLE_RATE)
        return WholeClip([wavs[0][start:start + step] for start in range(0, len(wavs[0]), step)])

    def step(self) -> None:
        pass  # every stream is finished when it opens

    def close(self, stream: WholeClip) -> None:
        pass


def load(settings: Settings):
    """The Base model's engine, or, when UTTER_DESIGN_MODEL or UTTER_PRESET_MODEL name models too, an engine over
    all of them (one process on one GPU: a designed voice is cloned right after it is made, on the same card)."""
    device = resolve_device(settings.device)
    dtype = resolve_dtype(settings.dtype, device)
    wanted = [BASE] + [family for family, model in ((DESIGN, settings.design_model), (PRESET, settings.preset_model))
                       if model]
    engines = {BASE: load_family(settings, BASE, device, dtype)}
    for family in wanted[1:]:
        try:
            engines[family] = load_family(settings, family, device, dtype)
        except WeightsMissing as missing:  # the worker still clones; /health leaves the family out
            log.warning("not serving %s: %s", family, missing)
    return engines[BASE] if len(engines) == 1 else Families(engines)


def load_family(settings: Settings, family: str, device: str, dtype: torch.dtype):
    path, model_id, revision = resolve_model(settings, family)
    tts, attention = load_with_fallback(attention_candidates(settings.attention, device),
                                        lambda attn: Qwen3TTSModel.from_pretrained(path, device_map=device, dtype=dtype,
                                                                                   attn_implementation=attn))
    if getattr(settings, FAMILY_SETTINGS[family]).startswith("random:"):
        shutil.rmtree(path, ignore_errors=True)  # the random checkpoint only carried weights that are now loaded
    if tts.model.tts_model_type != family:
        setting = "UTTER_" + FAMILY_SETTINGS[family].upper()
        raise ValueError(f"{setting} must name a {family} model; {model_id} is a {tts.model.tts_model_type} model")
    if settings.engine == "batched" or (settings.engine == "auto" and device.startswith("cuda")):
        from .batched import BatchedEngine
        engine = BatchedEngine(tts, model_id, revision, attention, max_streams=settings.max_streams or 16,
                               chunk_frames=settings.stream_chunk_frames, first_chunk_frames=settings.first_chunk_frames)
    else:
        engine = QwenEngine(tts, model_id, revision, attention)
    log.info("loaded %s %s (%s) on %s (%s, attention %s)", engine.info.engine, engine.info.model_key, family, device,
             engine.info.dtype, engine.info.attention)
    return engine
