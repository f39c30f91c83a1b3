"""The offline GPU benchmark: the stand-ins in scripts/offline/ (librosa's mel filterbank above all) and the two
scripts that carry the wheels and run the benchmark. Fast: no network, no torch."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

from conftest import WORKER

OFFLINE = WORKER / "scripts" / "offline"
PREPARE = WORKER / "scripts" / "gpu-prepare.sh"
BENCHMARK = WORKER / "scripts" / "gpu-benchmark.sh"


def load_shim(name: str):
    """Import scripts/offline/<name> under another name, so that it never hides the real module in this process."""
    folder = OFFLINE / name
    spec = importlib.util.spec_from_file_location(f"offline_{name}", folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shim():
    return load_shim("librosa")


def slaney_hz_to_mel(hz: float) -> float:
    """The Slaney scale, written out: 3 mels per 200 Hz below 1 kHz, then 27 mels per factor of 6.4."""
    return hz * 3 / 200 if hz < 1000 else 15 + 27 * np.log(hz / 1000) / np.log(6.4)


def test_mel_scale_known_points(shim):
    f = shim.filters
    assert f.hz_to_mel(500) == pytest.approx(7.5) and f.hz_to_mel(1000) == pytest.approx(15)
    assert f.hz_to_mel(6400) == pytest.approx(42)  # one factor 6.4 above 1 kHz = 27 mels
    assert f.hz_to_mel(700, htk=True) == pytest.approx(2595 * np.log10(2))
    hz = np.array([0.0, 60, 999, 1000, 1001, 4000, 12000])
    for htk in (False, True):
        assert np.allclose(f.mel_to_hz(f.hz_to_mel(hz, htk=htk), htk=htk), hz)
    assert [f.hz_to_mel(h) for h in hz] == pytest.approx([slaney_hz_to_mel(h) for h in hz])


@pytest.mark.parametrize("sr, n_fft, n_mels", [(24000, 1024, 128), (16000, 400, 80), (16000, 400, 128)])
def test_mel_filterbank_shape_and_sign(shim, sr, n_fft, n_mels):
    weights = shim.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels)
    assert weights.shape == (n_mels, 1 + n_fft // 2) and weights.dtype == np.float32
    assert np.all(weights >= 0) and np.all(weights.max(axis=1) > 0)


def test_mel_filters_are_slaney_normalised_triangles(shim):
    sr, n_fft, n_mels, fmax = 24000, 1024, 128, 12000
    bins = np.arange(1 + n_fft // 2) * sr / n_fft
    top = slaney_hz_to_mel(fmax)
    edges = [1000 * 6.4 ** ((m - 15) / 27) if m >= 15 else m * 200 / 3 for m in np.linspace(0, top, n_mels + 2)]
    plain = shim.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=0, fmax=fmax, norm=None).astype(float)
    slaney = shim.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=0, fmax=fmax).astype(float)
    for i, row in enumerate(plain):
        low, centre, high = edges[i], edges[i + 1], edges[i + 2]
        inside = (bins > low) & (bins < high)
        assert np.all(row[~inside] == 0) and 0 < row.max() <= 1 + 1e-6
        rising, falling = inside & (bins <= centre), inside & (bins >= centre)
        # A triangle: 0 at the lower edge, 1 at the centre, 0 at the upper edge, straight lines between.
        assert np.allclose(row[rising], (bins[rising] - low) / (centre - low), atol=1e-6)
        assert np.allclose(row[falling], (high - bins[falling]) / (high - centre), atol=1e-6)
        # Slaney normalisation: the triangle scaled to 2 / its width, so that its area is 1.
        assert np.allclose(slaney[i], row * 2 / (high - low), rtol=1e-5, atol=1e-9)
        if inside.sum() >= 8:  # sampled finely enough for the bin sum to approximate the area
            assert slaney[i].sum() * sr / n_fft == pytest.approx(1, rel=0.03)


@pytest.mark.parametrize("kwargs", [dict(sr=24000, n_fft=1024, n_mels=128, fmin=0, fmax=12000),
                                    dict(sr=16000, n_fft=400, n_mels=80), dict(sr=16000, n_fft=400, n_mels=128),
                                    dict(sr=22050, n_fft=2048, n_mels=64, fmin=30, htk=True)])
def test_mel_equals_real_librosa(shim, kwargs):
    librosa = pytest.importorskip("librosa", reason="real librosa is not installed here")
    ours, theirs = shim.filters.mel(**kwargs), librosa.filters.mel(**kwargs)
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    assert np.max(np.abs(ours - theirs)) < 1e-6


def test_resample_keeps_a_tone(shim):
    tone = np.sin(2 * np.pi * 440 * np.arange(16000) / 16000).astype(np.float32)
    assert shim.resample(tone, orig_sr=16000, target_sr=16000) is tone
    for rate in (24000, 11025):
        out = shim.resample(tone, orig_sr=16000, target_sr=rate)
        assert out.shape == (int(np.ceil(16000 * rate / 16000)),) and out.dtype == np.float32
        assert np.allclose(out, np.sin(2 * np.pi * 440 * np.arange(len(out)) / rate), atol=1e-4)


@pytest.mark.parametrize("name", ["sox", "onnxruntime"])
def test_unused_modules_say_so_when_used(name):
    module = load_shim(name)
    assert not hasattr(module, "__wrapped__")  # dunder look-ups (inspect, pickle...) stay plain AttributeErrors
    with pytest.raises(RuntimeError, match="25 Hz tokenizer"):
        module.Transformer if name == "sox" else module.SessionOptions


def test_gpu_scripts_are_strict_bash_and_executable():
    for script in (PREPARE, BENCHMARK):
        text = script.read_text()
        assert "set -euo pipefail" in text and os.access(script, os.X_OK)
        subprocess.run(["bash", "-n", str(script)], check=True)


def test_prepare_pins_what_the_worker_pins():
    requirements = "".join((WORKER / name).read_text()
                           for name in ("requirements.txt", "requirements-real.txt", "requirements-real-nodeps.txt"))
    names = [name for line in re.findall(r"^pin (.+?)(?:\s+#.*)?$", PREPARE.read_text(), re.M)
             for name in line.split()]
    assert {"qwen-tts", "transformers", "huggingface_hub", "accelerate", "einops", "soundfile"} <= set(names)
    for name in names:
        assert re.search(rf"^{re.escape(name)}==", requirements, re.M), name


def test_benchmark_offers_a_stand_in_for_each_module_it_probes():
    block = re.search(r"^PROBES='(.*?)'$", BENCHMARK.read_text(), re.M | re.S).group(1)
    probed = re.findall(r"^(\w+): ", block, re.M)
    assert set(probed) == {"librosa", "sox", "onnxruntime", "torchaudio"}
    for name in probed:
        assert (OFFLINE / name / "__init__.py").is_file()


def test_carried_folder_is_ignored_by_git():
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    done = subprocess.run(["git", "check-ignore", "-q", "worker/.gpu/wheels/x.whl"], cwd=WORKER.parent)
    assert done.returncode == 0
