"""Offline stand-in for `onnxruntime`: qwen-tts imports it for its 25 Hz tokenizer, which the 12 Hz models never
use. Any attribute use raises (see scripts/offline/README.md)."""

__version__ = "0+offline-shim"


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    raise RuntimeError(f"onnxruntime.{name}: this is the offline stand-in for onnxruntime (scripts/offline/); "
                       "only qwen-tts's 25 Hz tokenizer uses it, and the 12 Hz models never do")
