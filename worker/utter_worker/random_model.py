"""Qwen3-TTS checkpoints with random weights, built from qwen-tts's own config classes.

Real weights cannot be downloaded in CI or on the development machines. A randomly initialised
checkpoint of the same architecture, written to disk in the same layout as a Hugging Face snapshot,
goes through exactly the loading, prompt and generation code that real weights do; it only speaks
noise. "tiny" is small enough for CPU tests; "0.6B" and "1.7B" have the published sizes, so a GPU
benchmark on them costs what the real models cost. Each of the three families can be written: Base (cloning),
VoiceDesign (a voice from a description; published in 1.7B only) and CustomVoice (nine preset speakers).

Layout written (the same as Qwen/Qwen3-TTS-12Hz-*-Base):
    config.json, model.safetensors, generation_config.json, tokenizer files   (talker + text tokenizer)
    speech_tokenizer/config.json, model.safetensors, preprocessor_config.json  (the 12 Hz codec)
"""

from __future__ import annotations

import json
from pathlib import Path

SIZES = ("tiny", "0.6B", "1.7B")
FAMILIES = ("base", "voice_design", "custom_voice")

# Codec token layout of the released models: 2048 codes, then control tokens, then languages.
CODEC_IDS = dict(
    codec_pad_id=2148, codec_bos_id=2149, codec_eos_token_id=2150, codec_think_id=2154,
    codec_nothink_id=2155, codec_think_bos_id=2156, codec_think_eos_id=2157,
)
LANGUAGE_IDS = {
    "english": 2050, "german": 2053, "spanish": 2054, "chinese": 2055, "japanese": 2058,
    "french": 2061, "korean": 2064, "russian": 2069, "italian": 2070, "portuguese": 2071,
}
# CustomVoice: two Chinese dialects have codec tags of their own, and each preset speaker is one codec token
# (the ids here are placeholders in the same range; a random model gives every token a meaning of its own anyway).
DIALECT_IDS = {"beijing_dialect": 2074, "sichuan_dialect": 2062}
PRESET_SPEAKERS = {"vivian": False, "serena": False, "uncle_fu": False, "dylan": "beijing_dialect",
                   "eric": "sichuan_dialect", "ryan": False, "aiden": False, "ono_anna": False, "sohee": False}

# Talker sizes: 0.6B is the published config, 1.7B follows its Qwen3-1.7B backbone; the totals (0.92B and
# 1.93B parameters, 1.8 and 3.9 GB in bf16) match the published checkpoints.
TALKER = {
    "tiny": dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                 num_key_value_heads=1, head_dim=16, text_hidden_size=32, mrope_section=[4, 2, 2]),
    "0.6B": dict(hidden_size=1024, intermediate_size=3072, num_hidden_layers=28, num_attention_heads=16,
                 num_key_value_heads=8, head_dim=128, text_hidden_size=2048, mrope_section=[24, 20, 20]),
    "1.7B": dict(hidden_size=2048, intermediate_size=6144, num_hidden_layers=28, num_attention_heads=16,
                 num_key_value_heads=8, head_dim=128, text_hidden_size=2048, mrope_section=[24, 20, 20]),
}
PREDICTOR = {
    "tiny": dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
                 num_key_value_heads=1, head_dim=16),
    "real": dict(hidden_size=1024, intermediate_size=3072, num_hidden_layers=5, num_attention_heads=16,
                 num_key_value_heads=8, head_dim=128),
}
SPEAKER_ENCODER = {
    "tiny": dict(enc_channels=[16, 16, 16, 16, 48], enc_attention_channels=8, enc_res2net_scale=2,
                 enc_se_channels=8),
    "real": dict(enc_channels=[512, 512, 512, 512, 1536], enc_attention_channels=128, enc_res2net_scale=8,
                 enc_se_channels=128),
}
# The codec is the same for both model sizes.
CODEC_ENCODER = {
    "tiny": dict(hidden_size=16, num_filters=4, codebook_dim=16, vector_quantization_hidden_dimension=16,
                 num_hidden_layers=1, intermediate_size=32, num_attention_heads=2, num_key_value_heads=2,
                 head_dim=8, upsample_groups=16),
    "real": dict(hidden_size=512, num_filters=64, codebook_dim=256, vector_quantization_hidden_dimension=256,
                 num_hidden_layers=8, intermediate_size=2048, num_attention_heads=8, num_key_value_heads=8,
                 upsample_groups=512),
}
CODEC_DECODER = {
    "tiny": dict(latent_dim=32, codebook_dim=16, decoder_dim=32, hidden_size=32, intermediate_size=64,
                 num_attention_heads=2, num_key_value_heads=2, head_dim=16, num_hidden_layers=1),
    "real": dict(latent_dim=1024, codebook_dim=512, decoder_dim=1536, hidden_size=512, intermediate_size=1024,
                 num_attention_heads=16, num_key_value_heads=16, head_dim=64, num_hidden_layers=8),
}
GENERATION_DEFAULTS = dict(
    do_sample=True, top_k=50, top_p=1.0, temperature=0.9, repetition_penalty=1.05,
    subtalker_dosample=True, subtalker_top_k=50, subtalker_top_p=1.0, subtalker_temperature=0.9,
    max_new_tokens=8192,
)
TEXT_SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<tts_pad>", "<tts_text_bos>",
                       "<tts_text_eod>"]


def model_config(size: str, family: str = "base") -> dict:
    """The top-level config.json contents for a model of the given size and family."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}")
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES}")
    presets = family == "custom_voice"
    speakers = {name: 3000 + i for i, name in enumerate(PRESET_SPEAKERS)} if presets else {}
    real = "tiny" if size == "tiny" else "real"
    talker = dict(TALKER[size])
    mrope_section = talker.pop("mrope_section")
    text = _text_layout(size)
    return dict(
        model_type="qwen3_tts",
        architectures=["Qwen3TTSForConditionalGeneration"],
        tokenizer_type="qwen3_tts_tokenizer_12hz",
        tts_model_size={"tiny": "tiny", "0.6B": "0b6", "1.7B": "1b7"}[size],
        tts_model_type=family,
        im_start_token_id=text["<|im_start|>"],
        im_end_token_id=text["<|im_end|>"],
        tts_pad_token_id=text["<tts_pad>"],
        tts_bos_token_id=text["<tts_text_bos>"],
        tts_eos_token_id=text["<tts_text_eod>"],
        talker_config=dict(
            **talker, **CODEC_IDS,
            vocab_size=3072, text_vocab_size=text["vocab_size"], num_code_groups=16,
            max_position_embeddings=32768, rope_theta=1000000, rms_norm_eps=1e-6,
            rope_scaling=dict(rope_type="default", mrope_section=mrope_section, interleaved=True),
            position_id_per_seconds=13, codec_language_id={**LANGUAGE_IDS, **(DIALECT_IDS if presets else {})},
            spk_id=speakers, spk_is_dialect={name: PRESET_SPEAKERS[name] for name in speakers},
            code_predictor_config=dict(**PREDICTOR[real], vocab_size=2048, num_code_groups=16,
                                       max_position_embeddings=65536, rope_theta=1000000),
        ),
        speaker_encoder_config=dict(**SPEAKER_ENCODER[real], enc_dim=talker["hidden_size"], sample_rate=24000),
    )


def codec_config(size: str) -> dict:
    """The speech_tokenizer/config.json contents (Qwen3-TTS-Tokenizer-12Hz)."""
    real = "tiny" if size == "tiny" else "real"
    return dict(
        model_type="qwen3_tts_tokenizer_12hz",
        encoder_valid_num_quantizers=16, input_sample_rate=24000, output_sample_rate=24000,
        decode_upsample_rate=1920, encode_downsample_rate=1920,
        encoder_config=dict(**CODEC_ENCODER[real], sampling_rate=24000, frame_rate=12.5, audio_channels=1,
                            upsampling_ratios=[8, 6, 5, 4], codebook_size=2048, num_quantizers=32,
                            num_semantic_quantizers=1, use_causal_conv=True, sliding_window=250),
        decoder_config=dict(**CODEC_DECODER[real], codebook_size=2048, num_quantizers=16,
                            upsample_rates=[8, 5, 4, 3], upsampling_ratios=[2, 2], sliding_window=72),
    )


def _text_layout(size: str) -> dict:
    """Token ids of the text tokenizer: the real Qwen vocabulary size, or 256 bytes plus specials."""
    if size != "tiny":
        return {"vocab_size": 151936, "<|endoftext|>": 151643, "<|im_start|>": 151644, "<|im_end|>": 151645,
                "<tts_pad>": 151671, "<tts_text_bos>": 151672, "<tts_text_eod>": 151673}
    ids = {token: 256 + i for i, token in enumerate(TEXT_SPECIAL_TOKENS)}
    return {"vocab_size": 512, **ids}


def build_text_tokenizer():
    """A byte-level BPE tokenizer with no merges, built locally (the Qwen vocabulary cannot be fetched).

    Every UTF-8 byte is one token, which is all the model needs to run; "assistant" and the chat markers
    are single tokens because qwen-tts slices the prompt by position (3 role tokens, 5 trailing ones).
    """
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers
    from transformers import Qwen2TokenizerFast

    byte_alphabet = pre_tokenizers.ByteLevel.alphabet()
    vocab = {symbol: i for i, symbol in enumerate(sorted(byte_alphabet))}
    core = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    core.decoder = decoders.ByteLevel()
    layout = _text_layout("tiny")
    for token in TEXT_SPECIAL_TOKENS:
        core.add_special_tokens([AddedToken(token, special=True, normalized=False)])
        assert core.token_to_id(token) == layout[token], token
    core.add_tokens([AddedToken("assistant", special=False, normalized=False)])
    return Qwen2TokenizerFast(tokenizer_object=core, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                              unk_token=None, bos_token=None)


def make_audible(codec) -> None:
    """Random codec weights decode every code to silence (the codebooks start at zero) or to a whisper far below
    what counts as speech: fill the codebooks and scale the decoder's last layer so that noise comes out at about
    -20 dBFS, as loud as speech. Only the values change, not the cost of decoding."""
    import torch

    with torch.no_grad():
        for name, parameter in codec.named_parameters():
            if name.endswith("embedding_sum"):
                parameter.normal_()
        codes = torch.randint(0, 2048, (2, 16, 12), generator=torch.Generator().manual_seed(0))
        loudness = float(codec.decoder(codes).pow(2).mean().sqrt())
        last = codec.decoder.decoder[-1].conv
        last.weight.mul_(0.1 / max(loudness, 1e-12))
        last.bias.mul_(0.1 / max(loudness, 1e-12))


def write_random_checkpoint(path: str | Path, size: str = "tiny", seed: int = 0,
                            tokenizer_from: str | Path | None = None, family: str = "base") -> Path:
    """Write a randomly initialised checkpoint of `size` and `family` to `path` and return the path.

    `tokenizer_from` may name a directory holding the real Qwen text tokenizer files; without it every size gets
    the byte tokenizer (one token per UTF-8 byte: prompts are a few times longer than with Qwen's BPE, which
    changes the prefill a little and the cost of each generated frame not at all).
    """
    import torch
    from qwen_tts.core import Qwen3TTSTokenizerV2Config, Qwen3TTSTokenizerV2Model
    from qwen_tts.core.models import Qwen3TTSConfig, Qwen3TTSForConditionalGeneration, Qwen3TTSProcessor
    from transformers import AutoTokenizer, EncodecFeatureExtractor

    path = Path(path)
    (path / "speech_tokenizer").mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)

    config = model_config(size, family)
    model = Qwen3TTSForConditionalGeneration(Qwen3TTSConfig(**config))
    model.save_pretrained(path)
    # save_pretrained serialises sub-configs with keys their constructors reject; write the plain dict.
    (path / "config.json").write_text(json.dumps(config, indent=2))
    # qwen-tts reads generation_config.json as plain sampling defaults, not as a transformers GenerationConfig.
    (path / "generation_config.json").write_text(json.dumps(GENERATION_DEFAULTS, indent=2))

    codec = Qwen3TTSTokenizerV2Model(Qwen3TTSTokenizerV2Config(**codec_config(size)))
    make_audible(codec)
    codec.save_pretrained(path / "speech_tokenizer")
    EncodecFeatureExtractor(feature_size=1, sampling_rate=24000, padding_value=0.0).save_pretrained(
        path / "speech_tokenizer")

    tokenizer = AutoTokenizer.from_pretrained(tokenizer_from) if tokenizer_from else build_text_tokenizer()
    Qwen3TTSProcessor(tokenizer=tokenizer).save_pretrained(path)
    return path
