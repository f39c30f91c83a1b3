"""The mel filterbank of librosa.filters.mel, in numpy alone (librosa itself needs scipy and numba).

Same defaults and result as librosa 0.11: the Slaney mel scale (htk=False: linear below 1 kHz, logarithmic above)
and Slaney area normalisation (norm="slaney": each triangle scaled to 2 / its width in Hz, so its area is 1).
Self-contained on purpose: the tests load this file directly, next to the real librosa.
"""

from __future__ import annotations

import warnings

import numpy as np

# Slaney's Auditory Toolbox scale: 3 mels per 200 Hz up to 1 kHz (= 15 mels), then 27 mels per factor 6.4.
_HZ_PER_MEL = 200.0 / 3
_LOG_START_HZ = 1000.0
_LOG_START_MEL = _LOG_START_HZ / _HZ_PER_MEL
_MELS_PER_LOG = 27.0 / np.log(6.4)


def hz_to_mel(frequencies, *, htk: bool = False):
    """Hz to mels (Slaney scale, or the HTK formula 2595 log10(1 + f / 700))."""
    f = np.asanyarray(frequencies, dtype=float)
    if htk:
        return 2595.0 * np.log10(1.0 + f / 700.0)
    logarithmic = _LOG_START_MEL + np.log(np.maximum(f, _LOG_START_HZ) / _LOG_START_HZ) * _MELS_PER_LOG
    return np.where(f >= _LOG_START_HZ, logarithmic, f / _HZ_PER_MEL)


def mel_to_hz(mels, *, htk: bool = False):
    """Mels to Hz, the inverse of hz_to_mel."""
    m = np.asanyarray(mels, dtype=float)
    if htk:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    logarithmic = _LOG_START_HZ * np.exp((np.maximum(m, _LOG_START_MEL) - _LOG_START_MEL) / _MELS_PER_LOG)
    return np.where(m >= _LOG_START_MEL, logarithmic, m * _HZ_PER_MEL)


def mel_frequencies(n_mels: int = 128, *, fmin: float = 0.0, fmax: float = 11025.0, htk: bool = False):
    """n_mels frequencies in Hz, evenly spaced on the mel scale from fmin to fmax."""
    return mel_to_hz(np.linspace(hz_to_mel(fmin, htk=htk), hz_to_mel(fmax, htk=htk), n_mels), htk=htk)


def fft_frequencies(*, sr: float = 22050, n_fft: int = 2048):
    """The centre frequency of each of the 1 + n_fft // 2 bins of a real FFT."""
    return np.fft.rfftfreq(n=n_fft, d=1.0 / sr)


def mel(*, sr: float, n_fft: int, n_mels: int = 128, fmin: float = 0.0, fmax: float | None = None,
        htk: bool = False, norm="slaney", dtype=np.float32) -> np.ndarray:
    """A (n_mels, 1 + n_fft // 2) matrix that maps a magnitude or power spectrum onto mel bands.

    Band i is a triangle over FFT bin frequencies: zero at the i-th of n_mels + 2 mel-spaced edges, rising
    linearly to 1 at edge i + 1, falling linearly to zero at edge i + 2. norm="slaney" then divides it by half
    its width in Hz; a number normalises each row by that vector norm; None leaves the peaks at 1.
    """
    fmax = float(sr) / 2 if fmax is None else fmax
    edges = mel_frequencies(int(n_mels) + 2, fmin=fmin, fmax=fmax, htk=htk)  # Hz
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    bins = fft_frequencies(sr=sr, n_fft=n_fft)[None, :]
    rising = (bins - lower) / (centre - lower)
    falling = (upper - bins) / (upper - centre)
    weights = np.maximum(0.0, np.minimum(rising, falling))

    if norm == "slaney":
        weights *= 2.0 / (upper - lower)
    elif norm is not None and not isinstance(norm, str):
        size = np.linalg.norm(weights, ord=norm, axis=-1, keepdims=True)
        weights = np.divide(weights, size, out=np.zeros_like(weights), where=size > 0)
    elif norm is not None:
        raise ValueError(f"unsupported norm {norm!r} (the offline shim knows 'slaney', a number, or None)")

    # As librosa does: a band narrower than the FFT bin spacing may catch no bin at all.
    if not np.all((edges[:-2] == 0) | (weights.max(axis=1) > 0)):
        warnings.warn("Empty filters detected in mel frequency basis; some channels will produce empty "
                      "responses. Try increasing your sampling rate (and fmax) or reducing n_mels.", stacklevel=2)
    return weights.astype(dtype)
