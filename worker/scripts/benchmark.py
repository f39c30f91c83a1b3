"""Speed of the worker's real engines: the official qwen-tts path against the batched engine, side by side.

    python worker/scripts/benchmark.py                                   # 0.6B and 1.7B, 1/4/8/16 streams
    python worker/scripts/benchmark.py --sizes 0.6B --streams 1,8 --max-new-tokens 48
    python worker/scripts/benchmark.py --model /path/to/Qwen3-TTS-12Hz-0.6B-Base      # real weights
    python worker/scripts/benchmark.py --families base,voice_design,custom_voice   # the other two families too

Without --model the weights are random, built at the published sizes: each step costs the compute it costs with
real weights, but a random model rarely stops by itself, so every stream makes exactly --max-new-tokens - 1
codec frames (12.5 frames = 1 s of audio). For each size and engine it prints, for one stream, the time to first
audio and the speed (seconds of audio made per second); for N concurrent streams the aggregate speed (all
streams' audio over the wall time) and the median time to first audio. "official" runs generate_voice_clone on
the N texts as one batch (audio only at the end); "batched" opens N streams in the worker's batched engine and
steps them together (audio every few frames). --families times a designed voice (VoiceDesign, published in 1.7B
only, so skipped at other sizes) and a preset speaker with a style instruction (CustomVoice) the same way.
Needs torch and qwen-tts (scripts/install-real-engine.sh).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

WORKER = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WORKER))
CLIP = WORKER.parent / "fixtures" / "audio" / "nature-en.wav"
CLIP_TRANSCRIPT = "Some call me nature, others call me mother nature."
TEXT = ("The quick brown fox jumps over the lazy dog, and then it runs far away into the quiet green forest "
        "where nobody can find it again.")
FRAME_SECONDS = 1 / 12.5
DESCRIPTION = "A calm woman in her forties with a warm, low voice and a slight British accent."
SPEAKER, INSTRUCTION = "ryan", "Cheerful and a little fast."


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.6B,1.7B", help="random model sizes: tiny, 0.6B, 1.7B")
    parser.add_argument("--model", help="a local checkpoint directory instead of random weights")
    parser.add_argument("--tokenizer", help="a directory with the real Qwen text tokenizer, for random weights")
    parser.add_argument("--engines", default="official,batched")
    parser.add_argument("--families", default="base", help="base, voice_design, custom_voice")
    parser.add_argument("--streams", default="1,4,8,16", help="concurrent streams to measure")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--dtype", default="auto")
    parser.add_argument("--attention", default="auto")
    parser.add_argument("--max-new-tokens", type=int, default=96)
    parser.add_argument("--runs", type=int, default=1, help="timed runs per measurement (after one warm-up)")
    return parser.parse_args(argv)


def official(engine, prompt, streams: int, max_new_tokens: int, seed: int) -> dict:
    """qwen-tts's own generate method for the engine's family, the N texts as one batch."""
    import torch

    from utter_worker.engines.qwen import to_prompt_item
    torch.manual_seed(seed)
    tts, family = engine.tts, engine.info.families[0].name
    texts = dict(text=[TEXT] * streams, language=["English"] * streams, max_new_tokens=max_new_tokens)
    started = time.perf_counter()
    if family == "voice_design":
        wavs, rate = tts.generate_voice_design(instruct=[DESCRIPTION] * streams, **texts)
    elif family == "custom_voice":
        wavs, rate = tts.generate_custom_voice(speaker=[SPEAKER] * streams, instruct=[INSTRUCTION] * streams, **texts)
    else:
        wavs, rate = tts.generate_voice_clone(voice_clone_prompt=[to_prompt_item(prompt, tts.device)] * streams,
                                              **texts)
    wall = time.perf_counter() - started
    audio = sum(len(w) for w in wavs) / rate
    return {"first_audio_s": wall, "wall_s": wall, "audio_s": audio}


def utterance(family: str, prompt, options):
    from utter_worker.engines import Utterance
    if family == "voice_design":
        return Utterance(TEXT, "English", None, options, instruct=DESCRIPTION)
    if family == "custom_voice":
        return Utterance(TEXT, "English", None, options, speaker=SPEAKER, instruct=INSTRUCTION)
    return Utterance(TEXT, "English", prompt, options)


def batched(engine, prompt, streams: int, max_new_tokens: int, seed: int) -> dict:
    from utter_worker.engines import SynthesisOptions
    family = engine.info.families[0].name
    started = time.perf_counter()
    opened = [engine.open(utterance(family, prompt, SynthesisOptions(seed + i, max_new_tokens, {})))
              for i in range(streams)]
    first, samples = [None] * streams, [0] * streams
    while True:
        for i, stream in enumerate(opened):
            for chunk in stream.take():
                first[i] = first[i] or time.perf_counter() - started
                samples[i] += len(chunk)
        if all(stream.finished for stream in opened):
            break
        engine.step()
    wall = time.perf_counter() - started
    for stream in opened:
        engine.close(stream)
    return {"first_audio_s": statistics.median(first), "wall_s": wall, "audio_s": sum(samples) / 24000}


def measure(run, engine, prompt, streams: int, args) -> dict:
    run(engine, prompt, streams, min(args.max_new_tokens, 8), seed=0)  # warm-up: kernels, allocator, caches
    results = [run(engine, prompt, streams, args.max_new_tokens, seed=100 * r) for r in range(args.runs)]
    best = min(results, key=lambda r: r["wall_s"])
    return {**best, "speed": best["audio_s"] / best["wall_s"]}


def engines_for(size: str, family: str, args, scratch: str):
    """The official and the batched engine over one loaded model (loaded once per size and family)."""
    from utter_worker.config import Settings
    from utter_worker.engines.batched import BatchedEngine
    from utter_worker.engines.qwen import load_family, resolve_device, resolve_dtype
    from utter_worker.random_model import write_random_checkpoint

    model = args.model or str(write_random_checkpoint(Path(scratch) / f"{size}-{family}", size,
                                                      tokenizer_from=args.tokenizer, family=family))
    started = time.perf_counter()
    settings = Settings(engine="qwen", model=model, design_model=model, preset_model=model, device=args.device,
                        dtype=args.dtype, attention=args.attention, max_new_tokens=max(2048, args.max_new_tokens))
    device = resolve_device(args.device)
    official_engine = load_family(settings, family, device, resolve_dtype(args.dtype, device))
    info = official_engine.info
    batched_engine = BatchedEngine(official_engine.tts, info.model_id, None, info.attention, max_streams=64,
                                   chunk_frames=8, first_chunk_frames=4)
    return {"official": official_engine, "batched": batched_engine}, time.perf_counter() - started


def runs_of(args) -> list[tuple[str, str]]:
    """(size, family) pairs to measure; VoiceDesign is published in 1.7B only (tiny stays for rehearsals)."""
    if args.model:
        return [(Path(args.model).name, args.families.split(",")[0])]
    return [(size, family) for size in args.sizes.split(",") for family in args.families.split(",")
            if family != "voice_design" or size in ("1.7B", "tiny")]


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    import soundfile
    import torch

    audio, sample_rate = soundfile.read(CLIP, dtype="float32")
    cuda = torch.cuda.is_available()
    print(f"device: {torch.cuda.get_device_name(0) if cuda else 'cpu'}; torch {torch.__version__}; "
          f"{args.max_new_tokens - 1} frames per stream ({(args.max_new_tokens - 1) * FRAME_SECONDS:.1f} s of "
          f"audio); best of {args.runs} run(s) after a warm-up", flush=True)
    runs = {"official": official, "batched": batched}
    levels = [int(n) for n in args.streams.split(",")]
    with tempfile.TemporaryDirectory(prefix="utter-bench-") as scratch:  # real-size random weights are GBs
        for size, family in runs_of(args):
            engines, load_s = engines_for(size, family, args, scratch)
            first = engines["official"]
            prompt = first.create_prompt(audio, sample_rate, CLIP_TRANSCRIPT, False) if family == "base" else None
            print(f"\n{size} {family}: {first.info.parameters / 1e9:.2f}B parameters, {first.info.dtype}, "
                  f"attention {first.info.attention}, loaded in {load_s:.1f} s", flush=True)
            print(f"{'engine':<10}{'streams':>8}{'first audio s':>15}{'wall s':>9}{'audio s':>9}{'x real time':>13}")
            for name in args.engines.split(","):
                for streams in levels:
                    row = measure(runs[name], engines[name], prompt, streams, args)
                    print(f"{name:<10}{streams:>8}{row['first_audio_s']:>15.3f}{row['wall_s']:>9.2f}"
                          f"{row['audio_s']:>9.1f}{row['speed']:>13.1f}", flush=True)
            del engines, first
            if cuda:
                torch.cuda.empty_cache()
    print("\nx real time: seconds of audio made per second of wall time, all streams together; first audio: "
          "median over the streams (the official path has audio only when the whole batch is done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
