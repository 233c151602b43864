"""Turn validated replies into the shared models, citations built from real sentences.

A model only ever names passage ids; the citation (offsets and quote) is made by
``passages.cite`` from the document's own Sentence, so a quote always equals
its span. An id that names no passage is kept as an empty placeholder citation
(``start == end == 0``) so the verifier removes and counts it in one place
(``Verification.invented_ids_removed``); it can never be shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from summarizer.independence import original_of
from summarizer.llm.schemas import Contested, Point, resolve_id
from summarizer.models import (
    Citation,
    ContestedPoint,
    Document,
    KeyPoint,
    Sentence,
    Statement,
    TimelineEntry,
)
from summarizer.passages import cite


class Resolver:
    """Maps model-written ids to sentences; counts the ones that name nothing."""

    def __init__(self, docs: list[Document]) -> None:
        self.sentences: dict[str, Sentence] = {s.id: s for d in docs for s in d.sentences}
        self.original = original_of(docs)
        self.order = {d.id: n for n, d in enumerate(docs)}
        self.invented: list[str] = []

    def ids(
        self, raw: Iterable[str], default_source: str | None = None, numbers: dict[str, str] | None = None
    ) -> list[str]:
        """Normalized, de-duplicated ids in the order given (short tags through ``numbers``)."""
        return list(dict.fromkeys(resolve_id(r, default_source, numbers) for r in raw))

    def points(self, points: Iterable[Point], numbers: dict[str, str], default_source: str | None = None) -> list[Point]:
        """``points`` with the short tags a prompt showed (``numbers``: tag -> passage id) turned into ids."""
        return [p.model_copy(update={"ids": self.ids(p.ids, default_source, numbers)}) for p in points]

    def citations(self, raw: Iterable[str], default_source: str | None = None) -> list[Citation]:
        """Citations for ``raw`` ids: real ones from the sentence, placeholders for invented ones."""
        out: list[Citation] = []
        for pid in self.ids(raw, default_source):
            sentence = self.sentences.get(pid)
            if sentence is not None:
                out.append(cite(sentence))
                continue
            self.invented.append(pid)
            source = pid.split(".", 1)[0] if "." in pid else ""
            out.append(Citation(source_id=source, passage_id=pid, start=0, end=0, quote=""))
        return out

    def statement(self, point: Point, default_source: str | None = None) -> Statement:
        """A Statement for one point."""
        return Statement(text=point.text, citations=self.citations(point.ids, default_source))

    def key_point(self, point: Point, n_independent: int) -> KeyPoint:
        """A KeyPoint whose sources and corroboration come from the ids that resolve."""
        citations = self.citations(point.ids)
        real = [c.source_id for c in citations if c.passage_id in self.sentences]
        sources = sorted(dict.fromkeys(real), key=lambda s: self.order.get(s, 0))
        independent = {self.original.get(s, s) for s in sources}
        return KeyPoint(
            text=point.text,
            citations=citations,
            sources=sources,
            corroboration=len(independent),
            single_source=len(independent) <= 1,
            score=round(len(independent) / max(1, n_independent), 4),
        )

    def contested(self, item: Contested, n_independent: int) -> ContestedPoint | None:
        """A ContestedPoint when at least two sides cite something, else None."""
        sides = [self.key_point(p, n_independent) for p in item.sides]
        if sum(1 for s in sides if s.sources) < 2:
            return None
        return ContestedPoint(topic=item.topic.strip() or "Disputed point", sides=sides)

    def timeline(self, point: Point) -> TimelineEntry:
        """A dated event; the date is resolved only when the model wrote it as YYYY-MM-DD."""
        citations = self.citations(point.ids)
        real = [c.source_id for c in citations if c.passage_id in self.sentences]
        sources = sorted(dict.fromkeys(real), key=lambda s: self.order.get(s, 0))
        written = (point.date or "").strip()
        try:
            day: date | None = date.fromisoformat(written) if len(written) == 10 else None
        except ValueError:
            day = None
        return TimelineEntry(
            text=point.text,
            citations=citations,
            source_id=sources[0] if sources else "",
            sources=sources,
            expression=written,
            date=day,
            precision="day" if day else "unknown",
            when=written or "undated",
            resolved_from="llm",
        )


def first_index(statement: Statement, sentences: dict[str, Sentence]) -> int:
    """Position of a statement's first real cited passage (for document order), else a large number."""
    for c in statement.citations:
        s = sentences.get(c.passage_id)
        if s is not None:
            return s.index
    return 1 << 30


def select_points(points: list[Point], words: int) -> list[Point]:
    """Most important points first (stable), until about ``words`` words."""
    ranked = sorted(points, key=lambda p: -p.importance)
    chosen: list[Point] = []
    used = 0
    for p in ranked:
        if used >= words:
            break
        chosen.append(p)
        used += len(p.text.split())
    return chosen
