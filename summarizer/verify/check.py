"""Structural checks of citations and the support threshold, statement by statement."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from summarizer.embed import Embedder
from summarizer.models import Citation, Document, Statement, Verification
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
    """Quoted strings in ``text`` that occur verbatim in none of the passages."""
    joined = " ".join(passages)
    return [q for q in _QUOTED.findall(text) if q not in joined]


def verify_statements(
    statements: Sequence[S],
    docs: Sequence[Document],
    threshold: float = 0.5,
    strict: bool = False,
    embedder: Embedder | None = None,
) -> tuple[list[S], Verification]:
    """Check every statement; return the statements to show and the figures.

    Invalid citations (unknown source or passage, quote not equal to its span)
    are removed and counted. A statement left with no citation, with a quote or
    number its passages do not contain, or with support below ``threshold`` is
    flagged; with ``strict`` it is dropped instead.
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
        flags: list[str] = []
        passages = [c.quote for c in valid]
        if not valid:
            flags.append("no valid citation")
        numbers = missing_numbers(st.text, passages)
        if numbers:
            flags.append("numbers not in cited passages: " + ", ".join(numbers))
        quotes = missing_quotes(st.text, passages)
        if quotes:
            flags.append("quoted text not in cited passages")
        score = support_score(st.text, passages, embedder) if valid else 0.0
        if score < threshold:
            flags.append(f"low support ({score:.2f} < {threshold:.2f})")
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
