"""Test-only: a clip's loudness envelope over its speech, and how alike two envelopes are.

The fake listener recognises the repository's fixture clips after Utter has trimmed the quiet around the speech,
resampled them and evened their loudness. Those changes keep the envelope's shape: trimming shifts it, a gain
scales it. So each clip becomes its RMS per 20 ms over its speech (found as Utter finds it: louder than both 10 dB
over the noise floor and 10 dB under the speech level), and two clips are alike when their envelopes correlate
well (normalised cross-correlation, which ignores the gain) at some shift of up to a second.
"""

from __future__ import annotations

import numpy as np

HOP_SECONDS = 0.02
MAX_SHIFT = 50  # hops: 1 s
MIN_LENGTH_RATIO = 0.75  # a clip is not recognised in a part of another
MIN_OVERLAP = 0.8  # of the shorter envelope, at any shift compared


def levels(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """RMS of each 20 ms of the clip (a last, shorter piece left out)."""
    width = max(1, int(sample_rate * HOP_SECONDS))
    count = len(audio) // width
    return np.sqrt(np.mean(np.square(audio[:count * width], dtype=np.float64).reshape(count, width), axis=1))


def speech_span(rms: np.ndarray) -> tuple[int, int]:
    """The first and last hop of speech (the whole clip when nothing stands out)."""
    if len(rms) == 0:
        return 0, -1
    decibels = 20 * np.log10(rms + 1e-10)
    ordered = np.sort(decibels)
    threshold = min(ordered[len(ordered) // 20] + 10, ordered[len(ordered) * 19 // 20] - 10)
    loud = np.nonzero(decibels > threshold)[0]
    return (int(loud[0]), int(loud[-1])) if loud.size else (0, len(rms) - 1)


def envelope(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    rms = levels(audio, sample_rate)
    first, last = speech_span(rms)
    return rms[first:last + 1]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The best normalised cross-correlation of two envelopes over the shifts tried, 0 when not comparable."""
    if min(len(a), len(b)) < 2 or min(len(a), len(b)) < MIN_LENGTH_RATIO * max(len(a), len(b)):
        return 0.0
    best = 0.0
    for shift in range(-MAX_SHIFT, MAX_SHIFT + 1):
        x, y = a[max(shift, 0):], b[max(-shift, 0):]
        n = min(len(x), len(y))
        if n < MIN_OVERLAP * min(len(a), len(b)):
            continue
        x, y = x[:n] - x[:n].mean(), y[:n] - y[:n].mean()
        scale = float(np.sqrt(np.dot(x, x) * np.dot(y, y)))
        if scale > 0:
            best = max(best, float(np.dot(x, y)) / scale)
    return best
