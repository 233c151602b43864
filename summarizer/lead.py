"""What leads a story: its bottom line and its title, chosen from verified statements.

Input: one story's verified key points and contested points, the engine's
(verified) bottom line, the story's claim matrix and documents. Rules:

- The *main event* is the claim-matrix row that most independent sources speak
  to (asserting or contradicting), ties broken by how early its passages come
  in their articles (the lead of a news story carries its main event).
- Extractive engine: the bottom line is verbatim: the main event's earliest
  passage, then one sentence per dispute over a figure ("The number of air
  bases is disputed: four military air bases or 5 military airports."), built only from the sides'
  cited figures and verified like any statement; where that sentence does not
  verify, the sides' own sentences stand in. Filled from the engine's bottom
  line to two or three sentences. LLM engine: its written bottom line, plus
  the dispute sentence when it does not already cite both sides.
- A flagged statement never leads and is never used for the title
  (``first_unflagged`` is the one place that decides).
- The title is a short clause of the main event's sentence, the clause that
  shares most words with the other sources; numbers are dropped from it when
  the figure is disputed, so it never asserts one side, and a clause that only
  says who spoke ('town officials said on Friday') is never the title. When no
  row links two sources, one outlet's headline stands in with its figures
  dropped. Where a source's figures are not analysed (a language without
  rules), the title is only words two sources share (``shared_title``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from summarizer.independence import is_independent
from summarizer.ingest.language import ANALYSED
from summarizer.labels import TITLE_WORDS, count, doc_title, headline, plural, terms
from summarizer.models import (
    Citation,
    ClaimCell,
    ClaimCellEntry,
    ClaimRow,
    ContestedPoint,
    Document,
    KeyPoint,
    Statement,
)
from summarizer.textrules import is_instruction

Verify = Callable[[list[Statement]], list[Statement]]
P = TypeVar("P", bound=Statement)
BOTTOM_LINE_MAX = 3
_NUMBER_WORDS = frozenset(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "some", "about", "approximately", "nearly", "almost", "more", "at", "least", "over", "around", "roughly", "dozens", "hundreds", "thousands"])


def drop_repeats(points: Sequence[P]) -> list[P]:
    """Key points without repeats: a point whose passages are all cited by one earlier point (the same
    evidence, so its fact is already stated there: 'Approximately 1,200 residents have been evacuated'
    [S5.3][S2.2], then S2.2's own sentence [S2.2]), or whose text an earlier point already has, is dropped.
    The earlier point is kept (the engine ranks its points); only a verified (unflagged) point makes
    another a repeat, so a wrong figure never pushes out the right one citing the same passage."""
    kept: list[P] = []
    for p in points:
        mine = {c.passage_id for c in p.citations}
        if any(not k.flagged and (" ".join(p.text.split()) == " ".join(k.text.split()) or (
                mine and mine <= {c.passage_id for c in k.citations})) for k in kept):
            continue
        kept.append(p)
    return kept


def first_unflagged(statements: Sequence[Statement]) -> Statement | None:
    """The first statement the verifier did not flag (None when all are)."""
    return next((s for s in statements if not s.flagged), None)


def _position(passage_id: str) -> int:
    try:
        return int(passage_id.rsplit(".", 1)[1])
    except (IndexError, ValueError):
        return 10_000


def _givers(row: ClaimRow, docs: dict[str, Document]) -> list[ClaimCellEntry]:
    return [c for c in row.cells if c.cell is not ClaimCell.silent and c.citation is not None
            and (c.source_id not in docs or is_independent(docs[c.source_id]))]


def main_event_row(rows: Sequence[ClaimRow], docs: Sequence[Document]) -> ClaimRow | None:
    """The row most independent sources speak to (2 at least), earliest passages first on ties."""
    by_id = {d.id: d for d in docs}
    scored = []
    for n, r in enumerate(rows):
        cells = _givers(r, by_id)
        if len(cells) < 2:
            continue
        mean_pos = sum(_position(c.citation.passage_id) for c in cells if c.citation) / len(cells)
        scored.append((-len(cells), mean_pos, n, r))
    return min(scored, key=lambda t: t[:3])[3] if scored else None


def _lead_cell(row: ClaimRow, docs: Sequence[Document]) -> ClaimCellEntry:
    order = {d.id: n for n, d in enumerate(docs)}
    cells = _givers(row, {d.id: d for d in docs})
    return min(cells, key=lambda c: (_position(c.citation.passage_id) if c.citation else 10_000,
                                     order.get(c.source_id, 0)))


def _joined(parts: Sequence[str], conj: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or with ``conj``)."""
    parts = [p for p in parts if p]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {conj} " + parts[-1]


def dispute_statement(point: ContestedPoint) -> Statement | None:
    """'The <topic> is disputed: <figure>, <figure> or <figure>.' cited to each side's passage, in that order."""
    sides = [s for s in point.sides if s.citations]
    if len(sides) < 2 or not point.topic:
        return None
    shown = []
    cites: list[Citation] = []
    for s in sides:
        value = (s.value or "").split(" / ")[0].strip()  # a side's first figure stands for it
        if not value:
            return None
        if value.split(" ", 1)[0].lower() in _NUMBER_WORDS:
            value = value[:1].lower() + value[1:]
        shown.append(value)  # no source ids in the text: their digits would read as figures
        cites.append(s.citations[0])
    topics = [t.strip() for t in point.topic.split(",") if t.strip()]
    verb = plural(len(topics), "is")
    return Statement(text=f"The {_joined(topics)} {verb} disputed: {_joined(shown, 'or')}.", citations=cites)


def _cites_all_sides(statements: Sequence[Statement], point: ContestedPoint) -> bool:
    cited = {c.passage_id for s in statements for c in s.citations}
    return all(any(c.passage_id in cited for c in side.citations) for side in point.sides)


def _disputes_first(contested: Sequence[ContestedPoint], row: ClaimRow | None) -> list[ContestedPoint]:
    near = {c.citation.passage_id for c in row.cells if c.citation} if row else set()
    return sorted(contested, key=lambda p: (
        not any(c.passage_id in near for s in p.sides for c in s.citations),
        -len({src for s in p.sides for src in s.sources}),
    ))


def choose_bottom_line(
    engine_bottom: Sequence[Statement], key_points: Sequence[KeyPoint], contested: Sequence[ContestedPoint],
    rows: Sequence[ClaimRow], docs: Sequence[Document], verify: Verify, verbatim: bool,
) -> list[Statement]:
    """Two or three statements stating the news (see module doc); every one verified, none flagged leading.

    ``verify`` checks statements without counting them (the caller counts what is kept).
    """
    row = main_event_row(rows, docs)
    disputed = {k.text for k in key_points if k.disputed_by}
    out: list[Statement] = []
    if verbatim and row is not None:
        cell = _lead_cell(row, docs)
        assert cell.citation is not None
        # only its own passage: another source's "same event" passage may give other figures
        out += [s for s in verify([Statement(text=cell.citation.quote, citations=[cell.citation])])
                if not s.flagged]
    elif not verbatim:
        out += [s for s in engine_bottom if not s.flagged]
    limit = max(BOTTOM_LINE_MAX, len(out) + 1) if not verbatim else BOTTOM_LINE_MAX
    for point in _disputes_first(contested, row):
        if len(out) >= limit:
            break
        if _cites_all_sides(out, point) and not verbatim:
            continue
        made = dispute_statement(point)
        checked = [s for s in verify([made]) if not s.flagged] if made else []
        if not checked:  # the sides' own sentences, verbatim, when the composed one does not check out
            shown_ids = {c.passage_id for s in out for c in s.citations}
            sides = [s for s in point.sides if not s.flagged and s.citations]
            if len(sides) < 2:
                continue
            checked = [s for s in sides if not {c.passage_id for c in s.citations} <= shown_ids]
            checked = checked[: max(0, limit - len(out))]
        out += checked
    shown = {s.text for s in out}
    for s in engine_bottom:
        if len(out) >= 2:
            break
        if not s.flagged and s.text not in shown and s.text not in disputed:
            out.append(s)
            shown.add(s.text)
    if not out:  # nothing verified to lead with: the engine's own order, flagged last
        out = sorted(engine_bottom, key=lambda s: s.flagged)
    lead = first_unflagged(out)
    if lead is not None and out[0] is not lead:
        out.remove(lead)
        out.insert(0, lead)
    return out[:limit]


def story_title(docs: Sequence[Document], rows: Sequence[ClaimRow], key_points: Sequence[KeyPoint],
                contested: Sequence[ContestedPoint] = ()) -> str:
    """A short neutral title from the sources' own words (see module doc); never a file name."""
    independent = [d for d in docs if is_independent(d)] or list(docs)
    if len(independent) > 1 and any(d.language and d.language not in ANALYSED for d in independent):
        return shared_title(independent)  # figures not analysed: only words two sources share
    row = main_event_row(rows, docs)
    candidates: list[tuple[str, str, bool]] = []  # (sentence, its source, its figure disputed)
    if row is not None:
        in_dispute = {c.passage_id for p in contested for s in p.sides for c in s.citations}
        first = _lead_cell(row, docs)
        by_id = {d.id: d for d in docs}
        for cell in sorted(_givers(row, by_id), key=lambda c: (c is not first, _position(c.citation.passage_id)
                                                                 if c.citation else 10_000)):
            if cell.citation is not None:  # the lead passage first, then the other sources' for the same fact
                candidates.append((cell.citation.quote, cell.source_id,
                                   row.contradicting > 0 or cell.citation.passage_id in in_dispute))
    if not candidates and len(independent) > 1:
        ranked = sorted(key_points, key=lambda k: -k.corroboration)
        lead = first_unflagged(ranked)
        if lead is not None and lead.citations:
            candidates.append((lead.text, lead.citations[0].source_id,
                               bool(isinstance(lead, KeyPoint) and lead.disputed_by)))
    for sentence, source, disputed in candidates:
        shared: set[str] = set()
        for d in independent:
            if d.id != source:
                shared |= terms(d.text)
        title = headline(sentence, shared, drop_numbers=disputed)
        if title and not is_instruction(title):
            return title
    shared = set().union(*(terms(d.text) for d in independent[1:]))
    if len(independent) == 1:
        return doc_title(independent[0])
    # one outlet's headline stands in: without the figures no other source was checked against
    return headline(doc_title(independent[0]), shared, drop_numbers=True) or doc_title(independent[0])


_TOKEN = re.compile(r"[^\W_](?:[\w’'-]*[^\W_])?")


def shared_title(docs: Sequence[Document], words: int = TITLE_WORDS) -> str:
    """For sources whose figures are not analysed: the longest run of words (at least two, no digits in
    any script) that the headlines or leads of two or more sources share ('انهيار سد ميرو'), so the title
    asserts nothing only one source says (a disputed toll included); else 'N reports'."""
    texts = []
    for d in docs:
        lead = " ".join(s.text for s in d.sentences[:2]) if d.sentences else d.text[:300]
        texts.append([_TOKEN.findall(t) for t in (d.title, lead) if t])
    best: tuple[int, int, list[str]] = (0, 0, [])
    for n, runs in enumerate(texts):
        others = [" " + " ".join(r).lower() + " " for m, rs in enumerate(texts) if m != n for r in rs]
        for r in runs:
            for i in range(len(r)):
                for j in range(i + 2, min(len(r), i + words) + 1):
                    run = r[i:j]
                    if any(re.search(r"\d", w) for w in run) or not any(
                            f" {' '.join(run).lower()} " in o for o in others):
                        break
                    if sum(len(w) >= 3 for w in run) >= 2 and (len(run), -n) > best[:2]:
                        best = (len(run), -n, run)
    title = " ".join(best[2])
    return title[:1].upper() + title[1:] if title else count(len(docs), "report")
