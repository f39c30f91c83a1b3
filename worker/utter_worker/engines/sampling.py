"""Choosing the next code for a whole batch at once, each row with its own settings and its own random numbers.

The same steps as transformers' generate() applies for qwen-tts (repetition penalty, suppressed tokens, no end
before the minimum length, then temperature, top-k and top-p), on a [batch, vocabulary] tensor, so a step costs
a handful of kernels however many streams it holds. A row draws its random numbers from its own generator
(seeded by its request), so a stream gets the same codes alone or beside others.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Settings:
    """One stream's sampling, as qwen-tts resolves it from the request and the model's generation config."""
    do_sample: bool
    temperature: float
    top_k: int
    top_p: float
    repetition_penalty: float = 1.0

    @classmethod
    def of(cls, kwargs: dict, prefix: str = "") -> "Settings":
        """From the talker's generate() arguments; prefix "subtalker_" for the code predictor's."""
        do_sample = kwargs["subtalker_dosample" if prefix else "do_sample"]
        return cls(do_sample=bool(do_sample), temperature=float(kwargs[prefix + "temperature"]),
                   top_k=int(kwargs[prefix + "top_k"] or 0), top_p=float(kwargs[prefix + "top_p"]),
                   repetition_penalty=float(kwargs.get(prefix + "repetition_penalty", 1.0) or 1.0))


class Batch:
    """The settings of every row, as tensors on the device."""

    def __init__(self, rows: list[Settings], device):
        def column(values, dtype):
            return torch.tensor(values, dtype=dtype, device=device)
        self.greedy = column([not s.do_sample for s in rows], torch.bool)
        self.temperature = column([s.temperature if s.do_sample else 1.0 for s in rows], torch.float32)[:, None]
        self.top_k = column([s.top_k for s in rows], torch.long)
        self.top_p = column([s.top_p for s in rows], torch.float32)[:, None]
        self.penalty = column([s.repetition_penalty for s in rows], torch.float32)[:, None]
        self.penalized = bool((self.penalty != 1.0).any())


def choose(logits: torch.Tensor, batch: Batch, uniform: torch.Tensor, seen: torch.Tensor | None = None,
           banned: torch.Tensor | None = None) -> torch.Tensor:
    """The next token of each row. logits [B, V]; uniform [B] in [0, 1); seen [B, V] bool: tokens to penalise for
    repetition; banned [B, V] bool: tokens that may not come now."""
    scores = logits.float()
    if seen is not None and batch.penalized:
        penalised = torch.where(scores < 0, scores * batch.penalty, scores / batch.penalty)
        scores = torch.where(seen, penalised, scores)
    if banned is not None:
        scores = scores.masked_fill(banned, float("-inf"))
    greedy = scores.argmax(dim=-1)
    if bool(batch.greedy.all()):
        return greedy
    scores = scores / batch.temperature
    ordered = scores.sort(dim=-1, descending=True).values
    k = torch.where(batch.top_k > 0, batch.top_k, scores.shape[-1]).clamp(max=scores.shape[-1])
    kth = ordered.gather(1, (k - 1)[:, None])
    scores = scores.masked_fill(scores < kth, float("-inf"))
    # top-p: drop the least likely tokens whose probabilities add up to at most 1 - top_p; the likeliest stays
    ascending, order = scores.sort(dim=-1)
    drop = ascending.softmax(dim=-1).cumsum(dim=-1) <= 1 - batch.top_p
    drop[:, -1] = False
    scores = scores.masked_fill(drop.scatter(1, order, drop), float("-inf"))
    cumulative = scores.softmax(dim=-1).cumsum(dim=-1)
    sampled = torch.searchsorted(cumulative, (uniform[:, None] * cumulative[:, -1:]).contiguous()).squeeze(1)
    return torch.where(batch.greedy, greedy, sampled.clamp(max=scores.shape[-1] - 1))
