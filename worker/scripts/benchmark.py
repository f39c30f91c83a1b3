"""GPU benchmark: real-time factor and time to first audio, official qwen-tts path vs faster-qwen3-tts.

    python worker/scripts/benchmark.py --size 0.6B --max-new-tokens 96 --runs 3
    python worker/scripts/benchmark.py --model /path/to/Qwen3-TTS-12Hz-0.6B-Base     # real weights, if you have them

Without --model the weights are random, built at the published sizes: each step costs the same compute as
with real weights, but a random model rarely stops by itself, so every run generates exactly
--max-new-tokens codec frames (12.5 frames = 1 s of audio). Both engines go through the worker's own
engine classes: "qwen" is generate_voice_clone (whole batch, audio at the end), "fast" is faster-qwen3-tts
(CUDA graphs, audio streamed every --chunk-frames frames). Needs torch and qwen-tts
(scripts/install-real-engine.sh); "fast" needs CUDA.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

WORKER = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WORKER))
CLIP = WORKER.parent.parent / "shared" / "fixtures" / "audio" / "nature-en.wav"
CLIP_TRANSCRIPT = "Some call me nature, others call me mother nature."
TEXT = ("The quick brown fox jumps over the lazy dog, and then it runs far away into the quiet green forest "
        "where nobody can find it again.")


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="0.6B", choices=["tiny", "0.6B", "1.7B"], help="random model size")
    parser.add_argument("--model", help="a local checkpoint directory instead of random weights")
    parser.add_argument("--tokenizer", help="a directory with the real Qwen text tokenizer, for random weights")
    parser.add_argument("--engines", default="qwen,fast", help="comma-separated: qwen, fast")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--dtype", default="auto")
    parser.add_argument("--attention", default="auto")
    parser.add_argument("--max-new-tokens", type=int, default=96)
    parser.add_argument("--chunk-frames", type=int, default=8)
    parser.add_argument("--batch", type=int, default=1, help="texts per request")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser.parse_args(argv)


def measure(engine, prompt, args, seed: int) -> dict:
    import torch

    from utter_worker.engines import SynthesisOptions

    options = SynthesisOptions(seed=seed, max_new_tokens=args.max_new_tokens)
    started, first, samples = time.perf_counter(), None, 0
    for _index, chunk in engine.synthesize([TEXT] * args.batch, ["English"] * args.batch, prompt, options):
        if first is None:
            first = time.perf_counter() - started
        samples += len(chunk)
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    total = time.perf_counter() - started
    audio = samples / 24000
    return {"first_audio_s": first, "total_s": total, "audio_s": audio, "rtf": total / audio if audio else None}


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    import soundfile
    import torch

    from utter_worker.config import Settings
    from utter_worker.engines import load_engine
    from utter_worker.random_model import write_random_checkpoint

    scratch = tempfile.TemporaryDirectory(prefix="utter-bench-")  # real-size random weights are GBs: removed at exit
    model = args.model or str(write_random_checkpoint(scratch.name, args.size, tokenizer_from=args.tokenizer))
    audio, sample_rate = soundfile.read(CLIP, dtype="float32")
    cuda = torch.cuda.is_available()
    print(f"device: {torch.cuda.get_device_name(0) if cuda else 'cpu'}; torch {torch.__version__}; "
          f"model: {args.model or 'random ' + args.size}; {args.max_new_tokens} frames "
          f"({args.max_new_tokens / 12.5:.1f} s of audio) x batch {args.batch}, {args.runs} runs")
    results = []
    for name in args.engines.split(","):
        if name == "fast" and not cuda:
            print("fast: skipped (needs CUDA)")
            continue
        settings = Settings(engine=name, model=model, device=args.device, dtype=args.dtype, attention=args.attention,
                            stream_chunk_frames=args.chunk_frames, max_new_tokens=max(2048, args.max_new_tokens))
        loading = time.perf_counter()
        engine = load_engine(settings)
        load_s = time.perf_counter() - loading
        prompt = engine.create_prompt(audio, sample_rate, CLIP_TRANSCRIPT, False)
        measure(engine, prompt, args, seed=0)  # warm-up: kernels, allocator, lazy initialisation
        runs = [measure(engine, prompt, args, seed=run + 1) for run in range(args.runs)]
        row = {"engine": engine.info.engine, "attention": engine.info.attention, "dtype": engine.info.dtype,
               "load_s": load_s, **{key: statistics.median(r[key] for r in runs) for key in runs[0]}}
        results.append(row)
        del engine
        if cuda:
            torch.cuda.empty_cache()

    print(f"\n{'engine':<18}{'attention':<19}{'load s':>8}{'first audio s':>15}{'total s':>9}{'audio s':>9}{'RTF':>7}")
    for row in results:
        print(f"{row['engine']:<18}{row['attention']:<19}{row['load_s']:>8.1f}{row['first_audio_s']:>15.3f}"
              f"{row['total_s']:>9.3f}{row['audio_s']:>9.2f}{row['rtf']:>7.3f}")
    print("(medians; RTF = processing time / audio duration, below 1 is faster than real time)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
