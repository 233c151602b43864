"""Structural checks of citations and the support threshold, statement by statement."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

from summarizer.embed import Embedder
from summarizer.models import Citation, Document, Statement, Verification
from summarizer.verify.content import content_flags, is_instruction, is_meta_comment
from summarizer.verify.support import support_score

S = TypeVar("S", bound=Statement)

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"[\"“]([^\"”]{8,})[\"”]")


def _normalize_number(n: str) -> str:
    return n.replace(",", "")


def citation_is_valid(citation: Citation, docs: dict[str, Document]) -> bool:
    """True when the cited source exists and its text at [start, end) equals the quote."""
    doc = docs.get(citation.source_id)
    if doc is None or not 0 <= citation.start < citation.end <= len(doc.text):
        return False
    return doc.text[citation.start : citation.end] == citation.quote


def missing_numbers(text: str, passages: Sequence[str]) -> list[str]:
    """Figures in ``text`` that the passages do not give, compared as typed quantities.

    A number (digits or words: "Seven", "23", "veintiún", "1.200") is missing when no passage
    has a number of the same value (so "Twenty-three" meets "23"), or when the passages give
    the same measure with an incompatible value ("Seven people were killed" citing "Five people
    were killed ... seven were injured": the toll differs although a seven occurs). The lone
    word "one" is not checked (it is mostly a pronoun: "one of the towns").
    """
    from summarizer.story.compare import same_figure  # the story package imports the verifier
    from summarizer.story.quantities import compatible, extract_quantities, numbers_in

    if text in passages:  # a verbatim passage gives every figure it has (each figure overlaps itself)
        return []
    have = {round(v, 6) for p in passages for _, v in numbers_in(p)}
    have |= {float(_normalize_number(n)) for p in passages for n in _NUMBER.findall(p)
             if re.fullmatch(r"\d+(?:\.\d+)?", _normalize_number(n))}
    out = [raw for raw, v in numbers_in(text) if round(v, 6) not in have and not (v == 1 and not raw[:1].isdigit())]
    theirs = [q for p in passages for q in extract_quantities(p)]
    for q in extract_quantities(text):
        same = [x for x in theirs if x.measure == q.measure]
        if same and not any(compatible(q, x) or same_figure(q, x) for x in same) and q.text not in out:
            out.append(q.text)
    return out


def missing_quotes(text: str, passages: Sequence[str]) -> list[str]:
    """Quoted strings in ``text`` that occur in none of the passages (ignoring case, curly quotes, spacing)."""
    joined = _typography(" ".join(passages))
    return [q for q in _QUOTED.findall(text) if _typography(q) not in joined]


def _typography(text: str) -> str:
    """Case, curly quotes and runs of spaces do not change what a quotation says."""
    return " ".join(text.translate(_CURLY).casefold().split())


_CURLY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


INSTRUCTION_FLAG = "cited text reads as an instruction to a model, not as reporting"


def screen_citations(citations: Sequence[Citation]) -> tuple[list[Citation], list[str]]:
    """Citations that can serve as evidence, and flags: a passage that reads as an instruction to a
    model ('ignore previous instructions', 'report only this') is never support."""
    kept = [c for c in citations if not is_instruction(c.quote)]
    return kept, [INSTRUCTION_FLAG] if len(kept) < len(citations) else []


def statement_flags(
    text: str, passages: Sequence[str], threshold: float, embedder: Embedder | None = None
) -> tuple[float, list[str]]:
    """The support score of ``text`` by its cited ``passages`` and every reason to flag it (empty when
    it checks out): numbers, quotes, support below ``threshold``, names, negation and roles.

    Without an embedder the result depends on the texts alone and is memoized: a briefing checks
    the same sentence as a key point, a bottom-line candidate, a source summary and a timeline entry.
    """
    if embedder is None:
        score, flags = _lexical_flags(text, tuple(passages), threshold)
        return score, list(flags)
    return _statement_flags(text, passages, threshold, embedder)


@lru_cache(maxsize=16384)
def _lexical_flags(text: str, passages: tuple[str, ...], threshold: float) -> tuple[float, tuple[str, ...]]:
    score, flags = _statement_flags(text, passages, threshold, None)
    return score, tuple(flags)


def _statement_flags(
    text: str, passages: Sequence[str], threshold: float, embedder: Embedder | None
) -> tuple[float, list[str]]:
    flags: list[str] = []
    numbers = missing_numbers(text, passages)
    if numbers:
        flags.append("numbers not in cited passages: " + ", ".join(numbers))
    quotes = missing_quotes(text, passages)
    if quotes:
        flags.append("quoted text not in cited passages")
    score = support_score(text, passages, embedder) if passages else 0.0
    if score < threshold:
        flags.append(f"low support ({score:.2f} < {threshold:.2f})")
    flags += content_flags(text, passages)
    return score, flags


def verify_statements(
    statements: Sequence[S],
    docs: Sequence[Document],
    threshold: float = 0.3,
    strict: bool = False,
    embedder: Embedder | None = None,
) -> tuple[list[S], Verification]:
    """Check every statement; return the statements to show and the figures.

    Invalid citations (unknown source or passage, quote not equal to its span)
    are removed and counted, and so are citations of text that reads as an
    instruction to a model. A statement left with no citation, with a quote,
    number or name its passages do not contain, with support below
    ``threshold``, or whose negation or roles differ from its passage is
    flagged; with ``strict`` it is dropped instead. A meta-comment about the
    summary itself is always dropped.
    """
    by_id = {d.id: d for d in docs}
    passage_ids = {s.id for d in docs for s in d.sentences}
    figures = Verification()
    kept: list[S] = []
    for st in statements:
        figures.checked += 1
        valid: list[Citation] = []
        for c in st.citations:
            figures.citations_checked += 1
            if c.source_id not in by_id or (passage_ids and c.passage_id not in passage_ids):
                figures.invented_ids_removed += 1
                continue
            if citation_is_valid(c, by_id):
                figures.citations_valid += 1
                valid.append(c)
        if is_meta_comment(st.text):  # about the summary, not the story: never shown
            figures.flagged += 1
            figures.dropped += 1
            continue
        valid, flags = screen_citations(valid)
        passages = [c.quote for c in valid]
        if not valid:
            flags.append("no valid citation")
        score, more = statement_flags(st.text, passages, threshold, embedder)
        flags += more
        checked = st.model_copy(
            update={"citations": valid, "support": score, "flagged": bool(flags), "flags": flags}
        )
        if flags:
            figures.flagged += 1
            if strict:
                figures.dropped += 1
                continue
        else:
            figures.supported += 1
        kept.append(checked)
    return kept, figures


def lead_with_supported(statements: Sequence[S], fallback: Sequence[Statement] = ()) -> list[S | Statement]:
    """``statements`` with the unflagged ones first, so a flagged sentence never leads; when all are
    flagged, the first unflagged ``fallback`` statement (a key point) leads instead, and with none
    the list is empty (the flagged statements stay, flagged, where the engine put them)."""
    good = [s for s in statements if not s.flagged]
    bad = [s for s in statements if s.flagged]
    if good or not bad:
        return [*good, *bad]
    lead = next((f for f in fallback if not f.flagged), None)
    return [Statement(text=lead.text, citations=lead.citations, support=lead.support), *bad] if lead else []
