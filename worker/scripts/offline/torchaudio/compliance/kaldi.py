"""Offline stand-in for `torchaudio.compliance.kaldi` (25 Hz tokenizer only). Any attribute use raises."""


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    raise RuntimeError(f"torchaudio.compliance.kaldi.{name}: this is the offline stand-in (scripts/offline/); "
                       "only qwen-tts's 25 Hz tokenizer uses it, and the 12 Hz models never do")
