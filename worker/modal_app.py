"""The worker on Modal: modal deploy worker/modal_app.py

Deploy-time settings (environment variables of the shell running `modal deploy`):
    UTTER_MODEL_SIZE      0.6B (default) or 1.7B
    UTTER_MODAL_GPU       GPU type; default L4 for 0.6B, A10G for 1.7B
    UTTER_MODAL_APP       app name (default utter-tts-worker)
    UTTER_MODAL_VOLUME    volume with the weights (default utter-tts-weights; fill it with scripts/download_weights.py)
    UTTER_MAX_STREAMS     texts one container decodes together (default 16); Modal's autoscaler targets it
    UTTER_MAX_QUEUE       texts a container may hold waiting on top of that before Modal sends them elsewhere
                          (default 4)
    UTTER_MODAL_SCALEDOWN     seconds an idle container stays up (default 300)
    UTTER_MODAL_SECRET    optional Modal secret holding UTTER_AUTH_TOKEN (a bearer token on top of proxy auth)
    UTTER_DESIGN_MODEL    Qwen/Qwen3-TTS-12Hz-1.7B-VoiceDesign to design voices from descriptions (default: off)
    UTTER_PRESET_MODEL    Qwen/Qwen3-TTS-12Hz-1.7B-CustomVoice (or -0.6B-) for preset speakers (default: off)
                          Both load in the same container as the Base model (docs/worker.md says why); fill the
                          volume with them first: download_weights.py --design --presets 1.7B
Any other UTTER_* variable set here (UTTER_ENGINE, UTTER_MAX_TEXT_CHARS, ...) is passed to the container.
"""

from __future__ import annotations

import os
from pathlib import Path

import modal

from utter_worker.config import MODAL_VOLUME, MODAL_WEIGHTS_DIR, MODEL_REPOS

HERE = Path(__file__).resolve().parent
MODEL_SIZE = os.environ.get("UTTER_MODEL_SIZE", "0.6B")
if MODEL_SIZE not in MODEL_REPOS:
    raise ValueError(f"UTTER_MODEL_SIZE must be one of {sorted(MODEL_REPOS)}")
GPU = os.environ.get("UTTER_MODAL_GPU") or {"0.6B": "L4", "1.7B": "A10G"}[MODEL_SIZE]
APP_NAME = os.environ.get("UTTER_MODAL_APP", "utter-tts-worker")
VOLUME_NAME = os.environ.get("UTTER_MODAL_VOLUME", MODAL_VOLUME)
# Honest capacity: Modal aims at as many requests per container as it decodes together, and never sends more than
# that plus a short queue, so a busy container makes Modal start another instead of queueing requests inside it.
STREAMS = int(os.environ.get("UTTER_MAX_STREAMS", "16"))
QUEUE = int(os.environ.get("UTTER_MAX_QUEUE", "4"))
SCALEDOWN_SECONDS = int(os.environ.get("UTTER_MODAL_SCALEDOWN", "300"))
SECRET = os.environ.get("UTTER_MODAL_SECRET")

# Settings the container reads; the weights never come from the network at run time.
CONTAINER_ENV = {
    "UTTER_MODEL": MODEL_REPOS[MODEL_SIZE],
    "UTTER_ALLOW_DOWNLOAD": "0",
    "UTTER_MODEL_SIZE": MODEL_SIZE,
    "UTTER_MAX_STREAMS": str(STREAMS),
    "UTTER_MAX_QUEUE": str(QUEUE),
    **{k: v for k, v in os.environ.items() if k.startswith("UTTER_") and not k.startswith("UTTER_MODAL")},
}
CONTAINER_ENV.pop("UTTER_AUTH_TOKEN", None)  # a token belongs in a Modal secret, not in the app definition

image = (
    modal.Image.debian_slim(python_version="3.12")
    .apt_install("sox", "libsndfile1", "ffmpeg")
    .pip_install_from_requirements(str(HERE / "requirements-real.txt"))
    .pip_install_from_requirements(str(HERE / "requirements-real-nodeps.txt"), extra_options="--no-deps")
    .pip_install_from_requirements(str(HERE / "requirements.txt"))
    .env({"HF_HOME": f"{MODAL_WEIGHTS_DIR}/hf", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"})
    .add_local_python_source("utter_worker")
)
volume = modal.Volume.from_name(VOLUME_NAME, create_if_missing=True)
app = modal.App(APP_NAME, image=image)


@app.cls(
    gpu=GPU,
    volumes={MODAL_WEIGHTS_DIR: volume},
    env=CONTAINER_ENV,
    secrets=[modal.Secret.from_name(SECRET)] if SECRET else [],
    scaledown_window=SCALEDOWN_SECONDS,
    timeout=600,
    enable_memory_snapshot=True,  # the snapshot holds imported torch/transformers/qwen-tts: seconds off a cold start
)
@modal.concurrent(target_inputs=STREAMS, max_inputs=STREAMS + QUEUE)
class Worker:
    @modal.enter(snap=True)
    def import_libraries(self):
        import qwen_tts  # noqa: F401  (pulls in torch and transformers; captured by the memory snapshot)

        from utter_worker import app as _app  # noqa: F401
        from utter_worker.config import Settings

        if Settings.from_env().listen:
            import qwen_asr  # noqa: F401  (seconds more: nagisa loads its tagger when imported)

    @modal.enter(snap=False)
    def load_model(self):
        from utter_worker.config import Settings
        from utter_worker.engines import load_engine
        from utter_worker.listening import load_listener

        self.settings = Settings.from_env()
        self.engine = load_engine(self.settings)  # GPU work happens after the snapshot is restored
        self.listener = load_listener(self.settings)  # speech recognition and alignment beside it (UTTER_LISTEN)

    @modal.asgi_app(requires_proxy_auth=True)
    def web(self):
        from utter_worker.app import create_app

        return create_app(self.engine, self.settings, listener=self.listener)
