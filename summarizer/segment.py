"""Sentences and chunks with exact character spans.

Sentences: text is cut into blocks (blank-line paragraphs; inside a block a
single line break ends a sentence unless the lines are hard-wrapped prose, all
short (``WRAP_MAX_CHARS``), or the next line opens in lower case), each block
is segmented by blingfire (compiled finite-state rules, no data download,
linear time; chosen over pysbd, syntok, sentencex and punkt in
docs/decisions.md), and each proposed
boundary is then checked by :func:`summarizer.segment_rules.join_here`
(abbreviations, initials, ordinals, times, per language); a full dateline
glued to the sentence it opens ("Saturday, March 26, 2005 Up to ...") is cut
off as its own unit. Unpunctuated
blocks (captions, transcripts) are cut into units of about
``UNIT_WORDS`` words at line breaks, and no sentence is longer than
``MAX_SENTENCE_CHARS``: cost is linear in the text, whatever its shape.
Every span satisfies ``text[start:end] == sentence`` with no surrounding
space. Chunks pack whole sentences up to a token budget with overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import blingfire

from summarizer.models import Chunk, Document, Sentence
from summarizer.segment_rules import is_unpunctuated, join_here
from summarizer.tokens import get_encoding, seed_encoding

MAX_SENTENCE_CHARS = 1200  # a longer "sentence" is cut at a space (a run-on or a pasted blob)
UNIT_WORDS = 20  # unpunctuated text is cut into units of about this many words
# hard-wrapped prose has short lines (mail and terminals wrap at 70-80 characters; 160 leaves room for wide
# wraps): a longer line is a whole paragraph, so a block holding one is headlines + datelines + paragraphs
WRAP_MAX_CHARS = 160
__all__ = ["chunk_document", "is_unpunctuated", "segment_document", "sentence_spans", "split_long_text"]
_LINE_END = re.compile(r"[.!?。！？؟…:;'\"”’»)\]]\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·–]|\d{1,3}[.)])\s")
_WORD = re.compile(r"\S+")
# a full dateline opening a sentence, glued to it on one line ("Saturday, March 26, 2005 Up to four times as
# many women...", "Tuesday, January 18, 2005Through a telethon..."): cut off as its own unit
_DATELINE = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+)?(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)\s+\d{1,2},\s+\d{4}[ \t]*(?=[A-Z][a-z])"
)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each segmentation block: paragraphs, split at line breaks that end a unit."""
    for para in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        lines = list(re.finditer(r"[^\n]+", para.group()))
        base = para.start()
        if len(lines) <= 1:
            yield para.start(), para.end()
            continue
        ended = sum(1 for ln in lines[:-1] if _LINE_END.search(ln.group()))
        listed = sum(1 for ln in lines if _LIST_ITEM.match(ln.group()))
        wrapped = max(len(ln.group()) for ln in lines[:-1]) <= WRAP_MAX_CHARS
        if len(lines) >= 3 and ended * 2 < len(lines) - 1 and not listed and wrapped:
            yield para.start(), para.end()  # hard-wrapped prose: line breaks are spaces
            continue
        start = base + lines[0].start()
        for prev, ln in zip(lines, lines[1:], strict=False):
            nxt = ln.group().lstrip()
            joins = nxt[:1].islower() and not _LINE_END.search(prev.group()) and not _LIST_ITEM.match(nxt)
            if not joins:
                yield start, base + prev.end()
                start = base + ln.start()
        yield start, base + lines[-1].end()


def _units(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Unpunctuated text in units of about UNIT_WORDS words, ending at a line break where one is near."""
    words = list(_WORD.finditer(text, start, end))
    i = 0
    while i < len(words):
        j = min(i + UNIT_WORDS, len(words))
        # prefer to end where a caption line ends, within half a unit either way
        for k in range(j, min(j + UNIT_WORDS // 2, len(words))):
            if "\n" in text[words[k - 1].end() : words[k].start()]:
                j = k
                break
        yield words[i].start(), words[j - 1].end()
        i = j


def _capped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a span longer than MAX_SENTENCE_CHARS at spaces (or hard, inside one long word)."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def _block_spans(text: str, start: int, end: int, lang: str) -> Iterator[tuple[int, int]]:
    piece = text[start:end]
    if is_unpunctuated(piece):
        for s, e in _units(text, start, end):
            yield from _capped(text, s, e)
        return
    _, offsets = blingfire.text_to_sentences_and_offsets(piece)
    spans: list[list[int]] = []
    for s, e in offsets:
        s, e = start + s, start + e
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        if spans and join_here(text[spans[-1][0] : spans[-1][1]][-60:], text[s : min(e, s + 60)], lang):
            spans[-1][1] = e
        else:
            spans.append([s, e])
    covered = spans[-1][1] if spans else start
    rest = text[covered:end].strip()
    if rest:  # defensive: blingfire dropped trailing text; keep it as a sentence
        s = text.index(rest, covered, end)
        spans.append([s, s + len(rest)])
    for s, e in spans:
        dateline = _DATELINE.match(text, s, e)
        if dateline and len(text[dateline.end() : e].split()) >= 3:
            yield s, len(text[s : dateline.end()].rstrip()) + s
            s = dateline.end()
        yield from _capped(text, s, e)


def sentence_spans(text: str, lang: str | None = "en") -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every sentence in ``text``, stripped of surrounding space.

    ``lang`` (an ISO 639-1 code such as "de") selects the abbreviation rules;
    unknown languages use the English ones.
    """
    for start, end in _blocks(text):
        yield from _block_spans(text, start, end, lang or "en")


def segment_document(doc: Document, encoding: str = "cl100k_base") -> Document:
    """Return ``doc`` with its sentences (ids ``S<n>.<k>``, 1-based) and token counts filled in."""
    enc = get_encoding(encoding)
    spans = list(sentence_spans(doc.text, getattr(doc, "language", None) or "en"))
    texts = [doc.text[s:e] for s, e in spans]
    # one call per sentence: encode_batch starts a thread pool per document (~3 ms, more than the encoding)
    counts = [len(enc.encode(t, disallowed_special=())) for t in texts]
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
