"""Speed of the worker's listener: speech recognition (Qwen3-ASR) and word alignment (Qwen3-ForcedAligner).

    python worker/scripts/benchmark_listening.py                          # random 0.6B and 1.7B recognisers
    python worker/scripts/benchmark_listening.py --sizes tiny --device cpu
    python worker/scripts/benchmark_listening.py --asr-model /path/to/Qwen3-ASR-0.6B \\
        --aligner-model /path/to/Qwen3-ForcedAligner-0.6B                  # real weights

Four measurements for each size, each the best of --runs after a warm-up:
    transcribe        a 30 s clip (LJ001-0001 repeated), its language detected, no word timings
    transcribe+words  the same with word timings (the aligner over the transcript)
    align             a 303-character text over its 19.3 s of speech (LJ001-0001 and LJ001-0003 end to end):
                      captioning one generated chunk of about 300 characters
    self-check        the TTS model of the same size (random weights, the official engine) speaks that text as
                      19.3 s of audio, then the recogniser hears it in English: the check's cost as a fraction
                      of the chunk's generation time (without --self-check 0; not with --asr-model)
Without --asr-model the weights are random at the published sizes (the aligner at 0.6B, or tiny beside the tiny
recogniser), so each step costs what it costs with real weights; a random recogniser never stops by itself, so it
makes exactly --tokens tokens (about what 30 s of English needs), where real weights stop when the speech ends.
Needs torch and qwen-asr (scripts/install-real-engine.sh).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

WORKER = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WORKER))
FIXTURES = WORKER.parent / "fixtures" / "audio"
CLIP_SECONDS = 30.0


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.6B,1.7B", help="random recogniser sizes: tiny, 0.6B, 1.7B")
    parser.add_argument("--asr-model", help="a local Qwen3-ASR checkpoint instead of random weights")
    parser.add_argument("--aligner-model", help="a local Qwen3-ForcedAligner checkpoint (with --asr-model)")
    parser.add_argument("--tokens", type=int, default=120, help="tokens a random recogniser makes per clip")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--dtype", default="auto")
    parser.add_argument("--attention", default="auto")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement (after one warm-up)")
    parser.add_argument("--self-check", type=int, default=1, help="1: also measure the self-check's cost")
    return parser.parse_args(argv)


def material():
    """(30 s clip, its rate), (about 20 s of speech, its rate, the ~300 characters said in it)."""
    import numpy as np
    import soundfile

    from utter_worker.listening.fixtures import table

    said = {row["file"]: row["what is said"] for row in table(FIXTURES / "README.md")}
    first, rate = soundfile.read(FIXTURES / "LJ001-0001.wav", dtype="float32")
    second, _ = soundfile.read(FIXTURES / "LJ001-0003.wav", dtype="float32")
    long = np.tile(first, int(CLIP_SECONDS * rate // len(first)) + 1)[: int(CLIP_SECONDS * rate)]
    text = f"{said['LJ001-0001.wav']} {said['LJ001-0003.wav']}"
    return (long, rate), (np.concatenate([first, second]), rate, text)


def best(run, runs: int) -> float:
    run()  # warm-up: kernels, allocator, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def self_check(size: str, listener, text: str, seconds: float, args) -> None:
    """Speaking one chunk with the TTS model of this size, then hearing it, as a generation's self-check does."""
    from utter_worker.config import FRAME_RATE, Settings
    from utter_worker.engines.qwen import load, to_prompt_item
    import soundfile

    frames = int(seconds * FRAME_RATE) + 1  # a random model never stops by itself: as many frames as the text needs
    engine = load(Settings(engine="qwen", model=f"random:{size}", device=args.device, dtype=args.dtype,
                           attention=args.attention, max_new_tokens=frames))
    clip, clip_rate = soundfile.read(FIXTURES / "nature-en.wav", dtype="float32")
    prompt = to_prompt_item(engine.create_prompt(clip, clip_rate, "Some call me nature, others call me mother "
                                                 "nature.", False), engine.tts.device)
    made = {}

    def speak():
        wavs, rate = engine.tts.generate_voice_clone(text=[text], language=["English"], voice_clone_prompt=[prompt],
                                                     max_new_tokens=frames)
        made["audio"], made["rate"] = wavs[0], rate

    speaking = best(speak, args.runs)
    hearing = best(lambda: listener.transcribe(made["audio"], made["rate"], "English", False), args.runs)
    audio_s = len(made["audio"]) / made["rate"]
    print(f"{'speak':<18}{speaking:>9.3f}{audio_s:>9.1f}{audio_s / speaking:>13.1f}  {len(text)} characters, "
          f"TTS {size} (official engine, one chunk)")
    print(f"{'self-check':<18}{hearing:>9.3f}{audio_s:>9.1f}{audio_s / hearing:>13.1f}  hearing that chunk: "
          f"{100 * hearing / speaking:.1f}% of its generation time", flush=True)
    del engine


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    import torch

    from utter_worker.config import Settings
    from utter_worker.listening.qwen import load

    (clip, rate), (speech, speech_rate, text) = material()
    cuda = torch.cuda.is_available()
    print(f"device: {torch.cuda.get_device_name(0) if cuda else 'cpu'}; torch {torch.__version__}; best of "
          f"{args.runs} run(s) after a warm-up", flush=True)
    if args.asr_model:
        plans = [(Path(args.asr_model).name, args.asr_model, args.aligner_model or "none")]
    else:
        plans = [(size, f"random:{size}", "random:tiny" if size == "tiny" else "random:0.6B")
                 for size in args.sizes.split(",")]
    for name, asr_model, aligner_model in plans:
        started = time.perf_counter()
        listener = load(Settings(engine="qwen", asr_model=asr_model, aligner_model=aligner_model, device=args.device,
                                 dtype=args.dtype, attention=args.attention))
        load_s = time.perf_counter() - started
        if not args.asr_model:
            listener.max_new_tokens = args.tokens
        model = listener.asr.model
        parameters = sum(p.numel() for p in model.parameters())
        print(f"\n{name}: recogniser {parameters / 1e9:.2f}B parameters ({parameters:,}), "
              f"{str(model.dtype).removeprefix('torch.')}, loaded with its aligner in {load_s:.1f} s"
              + (f"; {args.tokens} tokens per clip" if not args.asr_model else ""), flush=True)
        print(f"{'measure':<18}{'seconds':>9}{'audio s':>9}{'x real time':>13}  what")
        rows = [
            ("transcribe", CLIP_SECONDS, lambda: listener.transcribe(clip, rate, None, False), "30 s clip"),
            ("transcribe+words", CLIP_SECONDS, lambda: listener.transcribe(clip, rate, "English", True),
             "30 s clip, English, word timings"),
            ("align", len(speech) / speech_rate, lambda: listener.align(speech, speech_rate, text, "English"),
             f"{len(text)} characters"),
        ]
        for label, audio_s, run, what in rows:
            seconds = best(run, args.runs)
            print(f"{label:<18}{seconds:>9.3f}{audio_s:>9.1f}{audio_s / seconds:>13.1f}  {what}", flush=True)
        if args.self_check and not args.asr_model:
            self_check(name, listener, text, len(speech) / speech_rate, args)
        del listener, model
        if cuda:
            torch.cuda.empty_cache()
    print("\nx real time: seconds of audio handled per second of wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
