"""Test-only: the repository's speech clips (fixtures/audio) as the fake listener knows them.

What each clip says and in which language is read from the table in fixtures/audio/README.md, the one place it
is written down. A row saying "the same clip" is another encoding of the clip with the same name before its
extension; one decodable file of each clip is enough. Outside a checkout (a deployed worker) there are no clips,
and nothing is recognised.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

from .envelopes import envelope, similarity

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "audio"
MATCH = 0.8  # least similarity of envelopes for a clip to be recognised


@dataclass(frozen=True)
class FixtureClip:
    name: str
    transcript: str
    language: str
    envelope: np.ndarray


def table(readme: Path) -> list[dict[str, str]]:
    """The rows of the README's table, as {column heading: cell}."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in readme.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("|")]
    if not rows:
        return []
    heading, body = rows[0], [row for row in rows[1:] if not set("".join(row)) <= set("-: ")]
    return [dict(zip(heading, row)) for row in body]


@functools.cache
def clips(folder: Path = FIXTURES) -> tuple[FixtureClip, ...]:
    readme = folder / "README.md"
    if not readme.exists():
        return ()
    known: dict[str, FixtureClip] = {}  # by name without extension
    for row in table(readme):
        name, said, language = row.get("file", ""), row.get("what is said", ""), row.get("language", "")
        stem = name.rsplit(".", 1)[0]
        if stem in known or said.lower().startswith("the same clip"):
            continue
        try:
            audio, rate = soundfile.read(folder / name, dtype="float32", always_2d=True)
        except (soundfile.LibsndfileError, RuntimeError, OSError):
            continue  # a format libsndfile does not read (M4A, WebM)
        known[stem] = FixtureClip(name, said, language, envelope(audio.mean(axis=1), rate))
    return tuple(known.values())


def recognise(audio: np.ndarray, sample_rate: int, folder: Path = FIXTURES) -> FixtureClip | None:
    """The fixture clip this audio is (trimmed, resampled, louder or quieter), if any."""
    heard = envelope(audio, sample_rate)
    scored = [(similarity(heard, clip.envelope), clip) for clip in clips(folder)]
    score, clip = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return clip if score >= MATCH else None
