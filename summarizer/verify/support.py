"""How well a set of passages supports a sentence, as a score in [0, 1].

An entailment proxy with no model download: the share of the sentence's
content words (lightly stemmed) found in the passages, blended with the
cosine of their embeddings. A verbatim quote scores 1.0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.embed import Embedder

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOP = frozenset(
    ["a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "he", "she", "they", "them", "his", "her", "their", "we", "our", "you", "your", "i", "not", "no", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "should", "may", "might", "said", "says", "say", "also", "than", "then", "there", "here", "which", "who", "whom", "whose", "what", "when", "where", "while", "into", "over", "after", "before", "about", "up", "out", "more", "most", "such", "so", "if"]
)


def _stem(word: str) -> str:
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def content_terms(text: str) -> list[str]:
    """Lower-cased, lightly stemmed words of ``text`` minus stop words."""
    return [_stem(w) for w in _WORD.findall(text) if w.lower() not in STOP]


def lexical_support(sentence: str, passages: Sequence[str]) -> float:
    """Share of the sentence's content terms that occur in the passages."""
    terms = content_terms(sentence)
    if not terms:
        return 1.0
    vocab = set(content_terms(" ".join(passages)))
    return sum(1 for t in terms if t in vocab) / len(terms)


def support_score(sentence: str, passages: Sequence[str], embedder: Embedder | None = None) -> float:
    """Support of ``sentence`` by ``passages`` in [0, 1] (1.0 when it is quoted verbatim)."""
    if not passages:
        return 0.0
    joined = " ".join(passages)
    if sentence.strip() and sentence.strip() in joined:
        return 1.0
    lexical = lexical_support(sentence, passages)
    if embedder is None:
        return round(lexical, 4)
    vecs = embedder.encode([sentence, *passages])
    cosine = float((vecs[1:] @ vecs[0]).max())
    return round(0.7 * lexical + 0.3 * max(cosine, 0.0), 4)
