"""Sentences and chunks with exact character spans.

Sentences come from pysbd (rule based, no downloaded data), run paragraph by
paragraph; each is located in the normalized text so ``text[start:end]`` is
the sentence. Chunks pack whole sentences up to a token budget with overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import pysbd

from summarizer.models import Chunk, Document, Sentence
from summarizer.tokens import get_encoding, seed_encoding

_PARAGRAPH = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every sentence in ``text``, stripped of surrounding space."""
    seg = _segmenter()
    for para in _PARAGRAPH.finditer(text):
        cursor = para.start()
        for piece in seg.segment(para.group()):
            stripped = piece.strip()
            if not stripped:
                continue
            start = text.find(stripped, cursor, para.end())
            if start < 0:  # pysbd altered the text; fall back to the whole remainder
                start, stripped = cursor, text[cursor : para.end()].strip()
                start = text.find(stripped, cursor) if stripped else -1
                if start < 0:
                    break
            end = start + len(stripped)
            yield start, end
            cursor = end


def segment_document(doc: Document, encoding: str = "cl100k_base") -> Document:
    """Return ``doc`` with its sentences (ids ``S<n>.<k>``, 1-based) and token counts filled in."""
    enc = get_encoding(encoding)
    spans = list(sentence_spans(doc.text))
    texts = [doc.text[s:e] for s, e in spans]
    counts = [len(t) for t in enc.encode_batch(texts, disallowed_special=())] if texts else []
    sentences = [
        Sentence(
            id=f"{doc.id}.{i + 1}", source_id=doc.id, index=i, start=s, end=e, text=t, n_tokens=n
        )
        for i, ((s, e), t, n) in enumerate(zip(spans, texts, counts, strict=True))
    ]
    return doc.model_copy(update={"sentences": sentences, "n_tokens": sum(counts)})


def chunk_document(doc: Document, max_tokens: int = 800, overlap_tokens: int = 80) -> list[Chunk]:
    """Pack whole sentences into chunks of at most ``max_tokens`` tokens.

    Consecutive chunks share trailing sentences worth up to ``overlap_tokens``.
    A single sentence longer than the budget becomes a chunk of its own (the
    LLM engine splits such a chunk further); no text is ever dropped.
    """
    chunks: list[Chunk] = []
    sents = doc.sentences
    i = 0
    while i < len(sents):
        j, used = i, 0
        while j < len(sents) and (j == i or used + sents[j].n_tokens <= max_tokens):
            used += sents[j].n_tokens
            j += 1
        part = sents[i:j]
        chunks.append(
            Chunk(
                id=f"{doc.id}#{len(chunks) + 1}",
                source_id=doc.id,
                start=part[0].start,
                end=part[-1].end,
                sentence_ids=[s.id for s in part],
                n_tokens=used,
            )
        )
        if j >= len(sents):
            break
        # step back over sentences that fit in the overlap, but always advance
        back, k = 0, j
        while k - 1 > i and back + sents[k - 1].n_tokens <= overlap_tokens:
            k -= 1
            back += sents[k].n_tokens
        i = k
    return chunks


def split_long_text(text: str, max_tokens: int, encoding: str = "cl100k_base") -> list[str]:
    """Split one over-long passage into pieces of at most ``max_tokens`` tokens.

    Uses LangChain's recursive splitter with a tiktoken length function, so
    pieces break at clause or word boundaries (never inside a multi-byte
    character, as slicing token ids can) and every piece fits the budget.
    """
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    seed_encoding(encoding)  # the splitter calls tiktoken.get_encoding itself
    splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name=encoding,
        chunk_size=max(1, max_tokens),
        chunk_overlap=0,
        separators=["\n", "; ", ", ", " ", ""],
    )
    return [piece for piece in splitter.split_text(text) if piece.strip()]
