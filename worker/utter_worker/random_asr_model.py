"""Qwen3-ASR and Qwen3-ForcedAligner checkpoints with random weights, built from qwen-asr's own config classes.

As random_model.py does for the TTS model: a randomly initialised checkpoint of the real architecture, written
in the layout of the Hugging Face snapshot, goes through exactly the loading, transcription and alignment code
that real weights do; it only says nonsense. "tiny" is for CPU tests; "0.6B" and "1.7B" have the published sizes
(the aligner comes in tiny and 0.6B), so that timing them costs what the real models cost.

Both models are the same classes: the aligner's thinker is marked "qwen3_forced_aligner", which swaps the
vocabulary head for one classifying each <timestamp> token into 80 ms steps. Files written:
    config.json, generation_config.json, model.safetensors
    tokenizer files, chat_template.jinja, preprocessor_config.json (the Whisper-style 128-mel features)
"""

from __future__ import annotations

import json
from pathlib import Path

SIZES = ("tiny", "0.6B", "1.7B")
ALIGNER_SIZES = ("tiny", "0.6B")

SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|audio_start|>", "<|audio_end|>", "<|audio_pad|>"]
# Plain tokens, not special: transcribe() drops special tokens when decoding and then splits at <asr_text>.
PLAIN_TOKENS = ["<asr_text>", "<timestamp>"]

# Audio encoders (Whisper-like) and Qwen3 decoders of the released checkpoints; the 1.7B head is not tied.
AUDIO = {
    "tiny": dict(d_model=32, encoder_layers=1, encoder_attention_heads=2, encoder_ffn_dim=64, output_dim=32,
                 downsample_hidden_size=8),
    "0.6B": dict(d_model=896, encoder_layers=18, encoder_attention_heads=14, encoder_ffn_dim=3584, output_dim=1024,
                 downsample_hidden_size=480),
    "1.7B": dict(d_model=1024, encoder_layers=24, encoder_attention_heads=16, encoder_ffn_dim=4096, output_dim=2048,
                 downsample_hidden_size=480),
    "aligner-0.6B": dict(d_model=1024, encoder_layers=24, encoder_attention_heads=16, encoder_ffn_dim=4096,
                         output_dim=1024, downsample_hidden_size=480),
}
TEXT = {
    "tiny": dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                 num_key_value_heads=1, head_dim=16, mrope_section=[4, 2, 2], tie_word_embeddings=False),
    "0.6B": dict(hidden_size=1024, intermediate_size=3072, num_hidden_layers=28, num_attention_heads=16,
                 num_key_value_heads=8, head_dim=128, mrope_section=[24, 20, 20], tie_word_embeddings=True),
    "1.7B": dict(hidden_size=2048, intermediate_size=6144, num_hidden_layers=28, num_attention_heads=16,
                 num_key_value_heads=8, head_dim=128, mrope_section=[24, 20, 20], tie_word_embeddings=False),
}
VOCABULARY = {"asr": 151936, "aligner": 152064}  # the released embedding sizes (tiny: just the tokenizer's)
ASR_LANGUAGES = ["Chinese", "English", "Cantonese", "Arabic", "German", "French", "Spanish", "Portuguese",
                 "Indonesian", "Italian", "Korean", "Russian", "Thai", "Vietnamese", "Japanese", "Turkish", "Hindi",
                 "Malay", "Dutch", "Swedish", "Danish", "Finnish", "Polish", "Czech", "Filipino", "Persian", "Greek",
                 "Romanian", "Hungarian", "Macedonian"]
ALIGNER_LANGUAGES = ["Chinese", "Cantonese", "English", "German", "Spanish", "French", "Italian", "Portuguese",
                     "Russian", "Korean", "Japanese"]
TIMESTAMP_CLASSES = 5000  # 80 ms each: up to 400 s
TIMESTAMP_MS = 80

# The prompt of Qwen3ASRModel: a system message (the context), the audio as the user's message, then the answer.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' }}"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'audio' %}{{ '<|audio_start|><|audio_pad|><|audio_end|>' }}"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}"
    "{% endfor %}{% endif %}"
    "{{ '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def build_tokenizer():
    """A byte-level BPE with no merges (every UTF-8 byte one token), plus the special tokens qwen-asr relies on."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers
    from transformers import Qwen2TokenizerFast

    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    core = Tokenizer(models.BPE(vocab={symbol: i for i, symbol in enumerate(alphabet)}, merges=[]))
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    core.decoder = decoders.ByteLevel()
    core.add_special_tokens([AddedToken(token, special=True, normalized=False) for token in SPECIAL_TOKENS])
    core.add_tokens([AddedToken(token, special=False, normalized=False) for token in PLAIN_TOKENS])
    return Qwen2TokenizerFast(tokenizer_object=core, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                              unk_token=None, bos_token=None,
                              extra_special_tokens={"audio_token": "<|audio_pad|>",
                                                    "audio_bos_token": "<|audio_start|>",
                                                    "audio_eos_token": "<|audio_end|>"})


def model_config(size: str, aligner: bool, tokenizer) -> dict:
    """The config.json contents: the released layout, with the token ids of `tokenizer`."""
    sizes = ALIGNER_SIZES if aligner else SIZES
    if size not in sizes:
        raise ValueError(f"size must be one of {sizes} for the {'aligner' if aligner else 'recogniser'}")
    ids = {token: tokenizer.convert_tokens_to_ids(token) for token in SPECIAL_TOKENS + PLAIN_TOKENS}
    text = dict(TEXT[size])
    mrope_section = text.pop("mrope_section")
    if aligner:
        text["tie_word_embeddings"] = False
    audio = dict(AUDIO["aligner-0.6B" if aligner and size != "tiny" else size],
                 num_mel_bins=128, n_window=50, n_window_infer=800,  # the code assumes chunks of 100 mel frames
                 conv_chunksize=500, max_source_positions=1500, activation_function="gelu", scale_embedding=False,
                 model_type="qwen3_asr_audio_encoder")
    thinker = dict(
        model_type="qwen3_forced_aligner" if aligner else "qwen3_asr",
        audio_config=audio,
        text_config=dict(**text, model_type="qwen3", hidden_act="silu", rms_norm_eps=1e-6, rope_theta=1000000,
                         vocab_size=len(tokenizer) if size == "tiny" else VOCABULARY["aligner" if aligner else "asr"],
                         max_position_embeddings=8192 if aligner else 65536,
                         rope_scaling=dict(rope_type="default", interleaved=True, mrope_interleaved=True,
                                           mrope_section=mrope_section)),
        audio_token_id=ids["<|audio_pad|>"], audio_start_token_id=ids["<|audio_start|>"],
        audio_end_token_id=ids["<|audio_end|>"], initializer_range=0.02,
    )
    config = dict(architectures=["Qwen3ASRForConditionalGeneration"], model_type="qwen3_asr",
                  support_languages=ALIGNER_LANGUAGES if aligner else ASR_LANGUAGES, thinker_config=thinker)
    if aligner:
        thinker["classify_num"] = TIMESTAMP_CLASSES
        config.update(timestamp_token_id=ids["<timestamp>"], timestamp_segment_time=TIMESTAMP_MS)
    return config


def make_legible(model, tokenizer) -> None:
    """A tiny random recogniser says invalid UTF-8, or one token for ever: give its embeddings unit scale and let
    its head choose only lowercase letters and the space, so that it says words the aligner can time."""
    import torch

    keep = [tokenizer.convert_tokens_to_ids(c) for c in "abcdefghijklmnopqrstuvwxyz\u0120"]  # \u0120: the space
    with torch.no_grad():
        model.thinker.model.embed_tokens.weight.normal_(std=1.0)
        head = model.thinker.lm_head.weight
        rows = head[keep].normal_(std=1.0)
        head.zero_()
        head[keep] = rows


def make_plausible_timestamps(model, seconds: float = 5.0) -> None:
    """A tiny random aligner puts every word minutes past the end of a short clip: let it choose only among the
    first `seconds` of its 80 ms steps."""
    import torch

    live = int(seconds * 1000 // TIMESTAMP_MS)
    with torch.no_grad():
        head = model.thinker.lm_head.weight
        head[:live].normal_(std=1.0)
        head[live:] = 0


def write_random_asr_checkpoint(path: str | Path, size: str = "tiny", aligner: bool = False, seed: int = 0) -> Path:
    """Write a randomly initialised Qwen3-ASR (or, with `aligner`, Qwen3-ForcedAligner) checkpoint to `path`.

    Tiny checkpoints are float32 and have their values nudged (make_legible, make_plausible_timestamps); the
    published sizes keep the default initialisation and are written in bfloat16, as released."""
    import torch
    from qwen_asr.core.transformers_backend import (Qwen3ASRConfig, Qwen3ASRForConditionalGeneration,
                                                    Qwen3ASRProcessor)
    from transformers import WhisperFeatureExtractor

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    tokenizer = build_tokenizer()
    config = model_config(size, aligner, tokenizer)
    model = Qwen3ASRForConditionalGeneration(Qwen3ASRConfig(**config))
    if size != "tiny":
        model.to(torch.bfloat16)
    elif aligner:
        make_plausible_timestamps(model)
    else:
        make_legible(model, tokenizer)
    model.save_pretrained(path)
    # save_pretrained writes the thinker's model_type as its class's ("qwen3_asr_thinker"), which would lose the
    # aligner's "qwen3_forced_aligner" and with it the timestamp head: write the plain dict, as the release has it.
    (path / "config.json").write_text(json.dumps(config, indent=2))
    stop = [tokenizer.convert_tokens_to_ids("<|endoftext|>"), tokenizer.convert_tokens_to_ids("<|im_end|>")]
    (path / "generation_config.json").write_text(json.dumps(
        {"eos_token_id": stop, "pad_token_id": stop[0], "do_sample": False}, indent=2))
    features = WhisperFeatureExtractor(feature_size=128, sampling_rate=16000, hop_length=160, chunk_length=30,
                                       n_fft=400, padding_value=0.0, return_attention_mask=True)
    Qwen3ASRProcessor(feature_extractor=features, tokenizer=tokenizer, chat_template=CHAT_TEMPLATE).save_pretrained(path)
    return path
