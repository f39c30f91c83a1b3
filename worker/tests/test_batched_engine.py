"""The batched engine on a tiny randomly initialised Qwen3-TTS, on CPU, against the official qwen-tts path.

Streams join the batch at different steps and leave at different lengths; under greedy decoding each gets
exactly the codes the official generate_voice_clone makes for it alone, and under sampling with a seed each
gets the same codes alone or beside others.
"""

from __future__ import annotations


import numpy as np
import pytest
import soundfile
from fastapi.testclient import TestClient

from conftest import AUDIO, TRANSCRIPTS, item_pcm, reference, stream_frames, missing, real_engine_marks
from utter_worker import framing
from utter_worker.app import create_app
from utter_worker.config import Settings

MISSING = missing("torch", "transformers", "qwen_tts")
pytestmark = real_engine_marks(MISSING)
if not MISSING:
    import torch

    from utter_worker.engines import SynthesisOptions, Utterance, load_engine
    from utter_worker.engines.qwen import to_prompt_item

GREEDY = {"do_sample": False, "subtalker_dosample": False}
TEXTS = [("Hello there.", "English", 12), ("A somewhat longer sentence, to hear more.", "English", 20),
         ("你好，世界。", "Chinese", 8)]


@pytest.fixture(scope="module")
def engine():
    return load_engine(Settings(engine="batched", model="random:tiny", device="cpu", first_chunk_frames=2,
                                stream_chunk_frames=3))


@pytest.fixture(scope="module")
def voice(engine):
    audio, rate = soundfile.read(AUDIO / "nature-en.wav", dtype="float32")
    return engine.create_prompt(audio, rate, TRANSCRIPTS["nature-en.wav"], False)


def official_codes(engine, prompt, text, language, max_new_tokens, sampling) -> torch.Tensor:
    """The codes generate_voice_clone makes, read where it hands them to the codec decoder."""
    codec = engine.tts.model.speech_tokenizer
    seen = {}
    decode = codec.decode

    def keep(encoded):
        seen["codes"] = encoded[0]["audio_codes"]
        return decode(encoded)
    codec.decode = keep
    try:
        engine.tts.generate_voice_clone(text=text, language=language, voice_clone_prompt=[
            to_prompt_item(prompt, "cpu")], max_new_tokens=max_new_tokens, **sampling)
    finally:
        del codec.decode
    return seen["codes"][prompt.frames:]


def run(engine, utterances, steps_before_join):
    """Opens each stream after the given number of steps, runs all to the end, and returns codes and audio."""
    streams = []
    for utterance, wait in zip(utterances, steps_before_join):
        for _ in range(wait):
            engine.step()
        streams.append(engine.open(utterance))
    sizes = []
    while not all(stream.finished for stream in streams):
        sizes.append(len([s for s in streams if not s.finished]))
        engine.step()
    results = [(torch.cat(s.codes)[s.context:], np.concatenate(s.take())) for s in streams]
    for stream in streams:
        engine.close(stream)
    assert engine.rows == [] and engine.cache is None
    return results, sizes


def test_greedy_batch_makes_the_official_codes_of_each_text(engine, voice):
    expected = [official_codes(engine, voice, text, language, n, GREEDY) for text, language, n in TEXTS]
    utterances = [Utterance(text, language, voice, SynthesisOptions(seed=i, max_new_tokens=n, sampling=GREEDY))
                  for i, (text, language, n) in enumerate(TEXTS)]
    results, sizes = run(engine, utterances, [0, 2, 1])
    assert [len(codes) for codes in expected] == [11, 19, 7]  # max_new_tokens - 1 frames: random weights never stop
    for (codes, audio), wanted in zip(results, expected):
        assert torch.equal(codes, wanted)
        assert len(audio) == len(codes) * 1920 and np.isfinite(audio).all()
    assert max(sizes) == 3 and sizes[-1] == 1  # joined at different steps, left at different lengths


def test_seeded_sampling_gives_each_stream_the_same_codes_alone_or_batched(engine, voice):
    utterances = [Utterance("Hello there.", "English", voice, SynthesisOptions(7, 15, {})),
                  Utterance("Another one, longer.", "English", voice,
                            SynthesisOptions(8, 25, {"temperature": 0.7, "top_k": 20, "top_p": 0.8})),
                  Utterance("Dritter Satz.", "German", voice, SynthesisOptions(9, 9, {"repetition_penalty": 1.5}))]
    alone = [run(engine, [u], [0])[0][0] for u in utterances]
    together, sizes = run(engine, utterances, [0, 3, 1])
    assert max(sizes) == 3
    for (codes, audio), (codes_alone, audio_alone) in zip(together, alone):
        # The same codes exactly; their audio decoded beside others' differs by float rounding only.
        assert torch.equal(codes, codes_alone) and np.allclose(audio, audio_alone, rtol=0, atol=1e-5)
        assert np.abs(audio).max() > 0.05  # the tiny model's random codec makes audible noise
    other_seed = run(engine, [Utterance("Hello there.", "English", voice, SynthesisOptions(70, 15, {}))], [0])[0][0]
    assert not torch.equal(other_seed[0], alone[0][0])


def test_x_vector_only_voices_batch_beside_cloned_ones(engine, voice):
    audio, rate = soundfile.read(AUDIO / "taiyi-zh.wav", dtype="float32")
    plain = engine.create_prompt(audio, rate, None, True)
    results, sizes = run(engine, [Utterance("Hi.", "Auto", plain, SynthesisOptions(1, 6, GREEDY)),
                                  Utterance("Hello there.", "English", voice, SynthesisOptions(1, 9, GREEDY))], [0, 1])
    assert [len(codes) for codes, _ in results] == [5, 8] and max(sizes) == 2
    assert torch.equal(results[0][0], official_codes(engine, plain, "Hi.", "Auto", 6, GREEDY))


def test_served_over_http_it_streams_chunk_by_chunk_and_matches_its_wav(engine):
    client = TestClient(create_app(engine, Settings(engine="batched")))
    health = client.get("/health").json()
    assert health["engine"] == "batched" and health["capabilities"] == health["capabilities"] | {
        "streaming": True, "batching": True}
    assert health["capacity"]["streams"] == 16
    prompt = client.post("/v1/prompts", json=reference()).json()["prompt"]
    body = {"text": ["One.", "Two, a little longer."], "language": "English", "prompt": prompt,
            "max_new_tokens": 8, "seed": 3}
    frames = stream_frames(client.post("/v1/synthesize", json=body))
    audio = [(f.item, len(f.payload) // 2) for f in frames if f.type == framing.AUDIO]
    assert audio == [(0, 2 * 1920), (0, 3 * 1920), (0, 2 * 1920), (1, 2 * 1920), (1, 3 * 1920), (1, 2 * 1920)]
    single = {"text": "One.", "language": "English", "prompt": prompt, "max_new_tokens": 8, "seed": 3}
    wav = client.post("/v1/synthesize", json=single, headers={"Accept": "audio/wav"})
    alone = np.frombuffer(wav.content[44:], dtype="<i2").astype(int)
    in_batch = np.frombuffer(item_pcm(frames, 0), dtype="<i2").astype(int)
    assert len(alone) == len(in_batch) and np.abs(alone - in_batch).max() <= 1  # rounding of a batched decode
