"""Several Qwen3-TTS families in one worker: the Base model clones voices, VoiceDesign makes one up from a
description, CustomVoice speaks as one of its preset speakers. Each family is a model of its own with an engine of
its own; this engine sends each text to its family's engine and steps them one after the other."""

from __future__ import annotations

import dataclasses

from . import BASE, Engine, Speaker, Stream, Utterance

# What each preset speaker of the CustomVoice models speaks natively, and a few words on how it sounds.
KNOWN_SPEAKERS = {
    "vivian": (("Chinese",), "Young woman, bright with a slight edge"),
    "serena": (("Chinese",), "Young woman, warm and gentle"),
    "uncle_fu": (("Chinese",), "Older man, low and mellow"),
    "dylan": (("Chinese",), "Young man from Beijing, clear and natural"),
    "eric": (("Chinese",), "Man from Chengdu, lively and a little husky"),
    "ryan": (("English",), "Man with a strong, rhythmic drive"),
    "aiden": (("English",), "American man, sunny with a clear midrange"),
    "ono_anna": (("Japanese",), "Young woman, playful and light"),
    "sohee": (("Korean",), "Woman, warm and full of feeling"),
}


def speakers_of(speaker_ids: dict, dialects: dict) -> tuple[Speaker, ...]:
    """The preset speakers a model's config names, with their languages where they are known."""
    speakers = []
    for name in sorted(speaker_ids):
        languages, description = KNOWN_SPEAKERS.get(name, ((), ""))
        dialect = dialects.get(name) or None
        speakers.append(Speaker(name, languages, dialect.removesuffix("_dialect").capitalize() if dialect else None,
                                description))
    return tuple(speakers)


class Families:
    """An engine over one engine per family; prompts are made by the Base family's."""

    def __init__(self, engines: dict[str, Engine]):
        self.engines = engines
        base = engines[BASE]
        families = tuple(family for engine in engines.values() for family in engine.info.families)
        self.info = dataclasses.replace(base.info, families=families,
                                        max_streams=min(engine.info.max_streams for engine in engines.values()))
        self.owners: dict[int, Engine] = {}

    def create_prompt(self, audio, sample_rate, transcript, x_vector_only):
        return self.engines[BASE].create_prompt(audio, sample_rate, transcript, x_vector_only)

    def open(self, utterance: Utterance) -> Stream:
        engine = self.engines[utterance.family]
        stream = engine.open(utterance)
        self.owners[id(stream)] = engine
        return stream

    def step(self) -> None:
        for engine in self.engines.values():
            engine.step()

    def close(self, stream: Stream) -> None:
        self.owners.pop(id(stream)).close(stream)
