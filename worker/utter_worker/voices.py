"""Which voice a synthesis request speaks in, besides a clone prompt: a preset speaker of the CustomVoice model
(with an optional speaking style) or a voice the VoiceDesign model makes up from a description; and how /health
lists those families."""

from __future__ import annotations

from .config import Settings
from .engines import BASE, DESIGN, PRESET, EngineInfo, Family
from .problems import Problem

SETTING = {DESIGN: "UTTER_DESIGN_MODEL", PRESET: "UTTER_PRESET_MODEL"}
WHAT = {DESIGN: "design voices from a description", PRESET: "speak with preset speakers"}


def served(info: EngineInfo, name: str) -> Family:
    """The family, or 501 naming the setting that serves it."""
    family = info.family(name)
    if family is None:
        raise Problem("family-not-served", f"This worker does not {WHAT[name]}; start it with {SETTING[name]} "
                      "naming the model.", family=name, setting=SETTING[name])
    return family


def check_instruction(text: str | None, what: str, settings: Settings) -> str | None:
    """A description or style without its outer spaces; None when it is empty."""
    text = (text or "").strip() or None
    if text and len(text) > settings.max_instruction_chars:
        raise Problem("invalid-request", f"The {what} has {len(text)} characters; the limit is "
                      f"{settings.max_instruction_chars}.", limit=settings.max_instruction_chars)
    return text


def preset_voice(info: EngineInfo, speaker: str, instructions: str | None, settings: Settings) -> tuple[str, str | None]:
    """(the speaker's name as the model knows it, the style) for a preset speaker, or a problem saying what to fix."""
    family = served(info, PRESET)
    known = family.speaker(speaker)
    if known is None:
        names = [s.name for s in family.speakers]
        raise Problem("unknown-speaker", f"There is no preset speaker {speaker!r}; choose one of {', '.join(names)}.",
                      speakers=names)
    instructions = check_instruction(instructions, "instruction", settings)
    if instructions and not family.instructions:
        raise Problem("instructions-unsupported", f"The {family.model_size} CustomVoice model takes no instructions; "
                      "leave them out, or serve the 1.7B model.", family=PRESET)
    return known.name, instructions


def designed_voice(info: EngineInfo, description: str, settings: Settings) -> str:
    served(info, DESIGN)
    described = check_instruction(description, "voice description", settings)
    if described is None:
        raise Problem("invalid-request", "The voice description is empty; say in words how the voice sounds "
                      "(age, gender, accent, timbre, mood).")
    return described


def families(info: EngineInfo) -> dict:
    """/health's `families`: each one served, its model, whether it takes instructions, and its preset speakers."""
    listed = {}
    for family in info.families:
        entry = {"model": family.model_id, "size": family.model_size, "instructions": family.instructions}
        if family.name == PRESET:
            entry["speakers"] = [{"name": s.name, "label": s.label, "languages": list(s.languages),
                                  "dialect": s.dialect, "description": s.description} for s in family.speakers]
        listed[family.name] = entry
    listed.setdefault(BASE, {"model": info.model_id, "size": info.model_size, "instructions": False})
    return listed
