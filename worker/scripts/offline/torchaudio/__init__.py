"""Offline stand-in for `torchaudio`, used only when the machine's own torchaudio cannot be imported: qwen-tts
imports `torchaudio.compliance.kaldi` for its 25 Hz tokenizer, which the 12 Hz models never use."""

__version__ = "0+offline-shim"
