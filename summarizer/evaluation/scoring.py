"""The one truncation rule and ROUGE scoring every system goes through.

Truncation: a system's sentences are taken in the order the system gives
them; whole sentences are kept while the running word count (whitespace
split) stays within the budget, and the first sentence that would overflow is
cut to the words that still fit. Sentences stay on their own lines, so
ROUGE-Lsum sees the system's own sentence boundaries. References are split
with the same sentence splitter (summarizer.segment) for ROUGE-Lsum.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from summarizer.segment import sentence_spans

ROUGE_KEYS = ("rouge1", "rouge2", "rougeLsum")


def truncate_words(sentences: Sequence[str], budget: int) -> list[str]:
    """Sentences (in order) cut to at most ``budget`` whitespace-separated words in all."""
    out: list[str] = []
    used = 0
    for s in sentences:
        words = s.split()
        if not words:
            continue
        room = budget - used
        if room <= 0:
            break
        if len(words) <= room:
            out.append(" ".join(words))
            used += len(words)
        else:
            out.append(" ".join(words[:room]))
            used = budget
            break
    return out


def split_sentences(text: str) -> list[str]:
    """``text`` split into sentences with the project's splitter."""
    return [text[s:e] for s, e in sentence_spans(text)]


@lru_cache(maxsize=1)
def _scorer() -> Any:
    from summarizer.extras import require

    require("rouge_score", "eval", "ROUGE scoring")
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(ROUGE_KEYS), use_stemmer=True)


def rouge(summary_sentences: Sequence[str], references: Sequence[str]) -> dict[str, float]:
    """ROUGE-1/2/Lsum F1 (x100, Porter stemming) against the best-matching reference per measure.

    With several references each measure takes its maximum over them (the
    "best over references" convention); an empty summary scores 0.
    """
    pred = "\n".join(summary_sentences)
    best = dict.fromkeys(ROUGE_KEYS, 0.0)
    if not pred.strip():
        return best
    for ref in references:
        target = "\n".join(split_sentences(ref)) or ref
        scores = _scorer().score(target, pred)
        for k in ROUGE_KEYS:
            best[k] = max(best[k], 100.0 * scores[k].fmeasure)
    return best


def mean_words(texts: Sequence[str]) -> int:
    """Mean whitespace word count of ``texts``, rounded (at least 1)."""
    if not texts:
        return 1
    return max(1, round(sum(len(t.split()) for t in texts) / len(texts)))
