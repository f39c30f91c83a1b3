"""Offline stand-in for librosa: the two functions qwen-tts 0.1.1 calls on the 12 Hz path, in numpy alone.

scripts/gpu-benchmark.sh puts it on the path only where real librosa cannot be imported (it needs scipy and
numba, too big to carry to an offline GPU machine). See scripts/offline/README.md.

- filters.mel: librosa's Slaney mel filterbank, same result (the speaker encoder's mel spectrogram).
- resample: Fourier resampling, an APPROXIMATION of librosa's default "soxr_hq"; qwen-tts calls it only for
  reference audio that is not already 24 kHz.
"""

from __future__ import annotations

import numpy as np

from . import filters

__version__ = "0+offline-shim"
__all__ = ["filters", "resample", "load"]


def resample(y: np.ndarray, *, orig_sr: float, target_sr: float, res_type: str = "fft", fix: bool = True,
             scale: bool = False, axis: int = -1, **kwargs) -> np.ndarray:
    """Resample y from orig_sr to target_sr along axis by truncating or zero-padding its spectrum.

    Approximate: whatever res_type asks for, this is the "fft" method (periodic, so the ends may ring a little).
    The output has ceil(len * target_sr / orig_sr) samples, as librosa's does.
    """
    y = np.asarray(y)
    if orig_sr == target_sr:
        return y
    ratio = float(target_sr) / orig_sr
    n_in = y.shape[axis]
    n_out = int(np.ceil(n_in * ratio))
    spectrum = np.fft.rfft(y, axis=axis)
    kept = min(spectrum.shape[axis], n_out // 2 + 1)
    shape = list(spectrum.shape)
    shape[axis] = n_out // 2 + 1
    resized = np.zeros(shape, dtype=spectrum.dtype)
    index = [slice(None)] * y.ndim
    index[axis] = slice(0, kept)
    resized[tuple(index)] = spectrum[tuple(index)]
    out = np.fft.irfft(resized, n=n_out, axis=axis) * (n_out / n_in)
    if scale:
        out /= np.sqrt(ratio)
    return out.astype(y.dtype if np.issubdtype(y.dtype, np.floating) else np.float32, copy=False)


def load(*args, **kwargs):
    raise RuntimeError("librosa.load: the offline librosa stand-in (scripts/offline/) cannot read files; "
                       "pass audio as (array, sample_rate)")
