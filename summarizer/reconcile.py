"""Reconcile stage: the engine's key points against the sources' own figures.

Input: one story's :class:`~summarizer.engines.base.EngineOutput` and its
documents. The story analysis' claim matrix (``summarizer.story.compare_story``)
says which sources assert or contradict each key point; this stage adds the
contested points it found, stops counting a contradicting source as support
(``disputed_by``), merges the claim matrix to one row per fact and the timeline to
one entry per event; the bottom line is chosen later, in ``summarizer.lead``.
Output: the reconciled EngineOutput (a copy) and the story's claim matrix.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from summarizer.engines.base import EngineOutput
from summarizer.labels import terms
from summarizer.models import ClaimCell, ClaimRow, Document, FigureUpdate, TimelineEntry
from summarizer.passages import cite
from summarizer.story import compare_story
from summarizer.story.claims import restated_support


@dataclass
class Reconciled:
    """One story's engine output after reconciling, with the claim matrix it was checked against."""

    output: EngineOutput
    claim_matrix: list[ClaimRow]
    updates: list[FigureUpdate] = field(default_factory=list)


def reconcile(output: EngineOutput, docs: list[Document], story_id: str | None = None,
              row_offset: int = 0) -> Reconciled:
    """Compare the sources on ``output``'s key points and apply the comparison (see module doc).

    Claim rows are numbered from ``row_offset + 1`` (C1, C2, ... across the stories of a briefing).
    """
    comparison = compare_story(docs, output.key_points, story_id, row_offset=row_offset)
    rows = merge_rows(comparison.claim_matrix, docs, row_offset)
    out = replace(output, key_points=list(output.key_points), bottom_line=list(output.bottom_line),
                  contested=[*output.contested, *comparison.contested])
    reconcile_with_matrix(out, rows, docs)
    return Reconciled(out, rows, comparison.updates)


def reconcile_with_matrix(output: EngineOutput, rows: list[ClaimRow], docs: list[Document]) -> None:
    """Stop counting a source as support for a point whose figures it contradicts (in place).

    The engine groups sentences that report the same event; the claim matrix
    then compares their figures. A source whose cell contradicts the point
    keeps its side in the contested section, but its passage is no longer
    cited as support and it no longer counts towards corroboration; a cited
    source whose cell is silent (its passage does not state the point) is
    dropped from the support too (``story.claims.restated_support``).
    """
    by_claim = {r.claim: r for r in rows if r.kind == "key_point"}
    for n, kp in enumerate(output.key_points):
        row = by_claim.get(kp.text)
        update = restated_support(kp, row, docs) if row is not None else None  # issue 12: support = asserting cells
        if update is None:
            continue
        output.key_points[n] = kp.model_copy(update=update)
    # The bottom line is chosen after verification (summarizer.lead): it states the main
    # event and its disputed figures as disputed, rather than leaving them out.


SAME_EVENT = 0.4  # shared content words (of the shorter sentence) at which two entries of one day are one event


_DATE_WORDS = terms("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                    "june july august september october november december morning afternoon evening night "
                    "today yesterday week month year midnight noon early late hours")


def merge_timeline(entries: list[TimelineEntry], rows: Sequence[ClaimRow] = ()) -> list[TimelineEntry]:
    """One entry per event: entries of the same day and clock time, or of the same day whose
    passages share enough words (an entry's words are those of every passage it cites; at least 2,
    and ``SAME_EVENT`` of the shorter side's words
    weighted by rarity among the story's entries, so 'county officials' or 'drones' shared by many
    entries count little; never when each names two places or people the other does not), or whose
    passages state the same claim-matrix row (``rows``: cells asserting or contradicting one key
    point: the same fact, reported with other figures), are merged. Background mentions of one period merge when
    the words next to their date expressions share a content word ('the dam, completed in 1961'
    and 'The dam was built in 1961').

    The kept entry is the most precise one (a clock time, else the first); it cites
    every merged passage and lists every source that dates the event. Entries stay in
    date order (re-sorted when every entry has a date).
    """
    claim_of: dict[str, set[str]] = {}
    for r in rows:
        if r.kind == "key_point":
            for c in r.cells:
                if c.cell is not ClaimCell.silent and c.citation is not None:
                    claim_of.setdefault(c.citation.passage_id, set()).add(r.id)
    df: dict[str, int] = {}
    for e in entries:
        for w in terms(e.text) - _DATE_WORDS:
            df[w] = df.get(w, 0) + 1

    def weight(ws: set[str]) -> float:  # rarer words in this story's timeline say more about which event
        return sum(math.log((len(entries) + 1) / (df.get(w, 0) + 0.5)) for w in ws)

    out: list[TimelineEntry] = []
    words: list[set[str]] = []
    claims: list[set[str]] = []
    for e in entries:
        mine_claims = {r for c in e.citations for r in claim_of.get(c.passage_id, set())}
        mine = set().union(terms(e.text), *(terms(c.quote) for c in e.citations)) - _DATE_WORDS  # all its passages
        near = _near_date(e) if e.background else set()
        minute, words_match = None, None
        for n, k in enumerate(out):
            same_day = (k.date == e.date and k.precision == e.precision and k.background == e.background
                        and (k.date is not None or k.when == e.when))
            if same_day and e.background and near & _near_date(k) and words_match is None:
                words_match = n
            if same_day and bool(k.time) and k.time == e.time:
                minute = n if minute is None else minute
            clock_ok = not k.time or not e.time or k.time == e.time
            shorter = min(weight(words[n]), weight(mine)) or 1.0
            common = len(words[n] & mine)
            same_claim = bool(claims[n] & mine_claims)
            if same_day and clock_ok and words_match is None and (same_claim or (
                    common >= 2 and weight(words[n] & mine) / shorter >= SAME_EVENT
                    and not _other_names(k.text, e.text))):
                words_match = n
        home = minute if minute is not None else words_match  # the same minute of the same day first
        if home is None:
            out.append(e)
            words.append(mine)
            claims.append(mine_claims)
            continue
        k = out[home]
        lead, other = (e, k) if e.time and not k.time else (k, e)
        cites = list({(c.source_id, c.start): c for c in [*lead.citations, *other.citations]}.values())
        sources = list(dict.fromkeys([*(lead.sources or [lead.source_id]), *(other.sources or [other.source_id])]))
        out[home] = lead.model_copy(update={"citations": cites, "sources": sources})
        words[home] = words[home] | mine
        claims[home] = claims[home] | mine_claims
    if len(out) < len(entries):  # a merged entry may now meet another one (it carries more passages)
        return merge_timeline(out, rows)
    if all(e.date is not None for e in out):
        out.sort(key=lambda e: (e.date, e.time or ""))
    return out


_NAME = re.compile(r"(?<=\s)[A-Z][\w’'-]+")


def _other_names(a: str, b: str) -> bool:
    """True when each sentence names at least two places, people or bodies the other does not: shared
    context words then do not make one event ('Vardonian drones struck a fuel depot near Oskel on Sunday,
    the day before the talks' and 'Kessarian drones hit a power substation near Dorvik on Sunday, the day
    before the talks'). Names are capitalised words (the first word too unless it is a stop word such as
    'The'), dates and months aside."""
    def names(text: str) -> set[str]:
        words = _NAME.findall(" " + text.lstrip())
        if words and words[0] == text.lstrip().split(" ", 1)[0] and not terms(words[0]):
            words = words[1:]
        return {re.sub(r"[’']s$", "", w).lower() for w in words} - _DATE_WORDS - {"i"}
    na, nb = names(a), names(b)
    return len(na - nb) >= 2 and len(nb - na) >= 2


NEAR_DATE = 5  # words either side of a background date expression that name what is dated


def _near_date(e: TimelineEntry) -> set[str]:
    """Content words within ``NEAR_DATE`` words of the entry's date expression (empty when not found)."""
    at = e.text.find(e.expression) if e.expression else -1
    if at < 0:
        return set()
    before = e.text[:at].split()[-NEAR_DATE:]
    after = e.text[at + len(e.expression):].split()[:NEAR_DATE]
    return terms(" ".join([*before, *after])) - _DATE_WORDS


def _topics(row: ClaimRow) -> frozenset[str]:
    return frozenset(t.strip() for t in row.topic.split(",") if t.strip())


def _passages(row: ClaimRow) -> frozenset[str]:
    return frozenset(c.citation.passage_id for c in row.cells if c.citation is not None)


def merge_rows(rows: list[ClaimRow], docs: list[Document], row_offset: int = 0) -> list[ClaimRow]:
    """One row per fact, copies shown with the fact they copy, rows renumbered from ``row_offset + 1``.

    A row whose compared topics are all in an earlier row's (a figure row behind a
    key-point row about the same figure), or that cites the same passages, is
    merged into the earlier one (its topics added; its cells, judged against
    another anchor, are not mixed in: the contested section keeps every side).
    A figure row about a measure the earlier row does not judge stays a row of its own even
    on the same passages ("3 killed and 1,100 fled" judged on the toll; the evacuation
    counts of the same sentences are another fact).
    A copy (``duplicate_of``) left silent where its original speaks gets the
    original's stance, cited to its own identical passage when it has one.
    """
    kept: list[ClaimRow] = []
    for r in rows:
        home = next((n for n, k in enumerate(kept)
                     if (_topics(r) and _topics(r) <= _topics(k))
                     or (_passages(r) and _passages(r) == _passages(k) and not (r.measure and _topics(k)))
                     or (_topics(r) and _topics(k) <= _topics(r) and _topics(k) and k.kind != "key_point")), None)
        if home is None:
            kept.append(r)
            continue
        k = kept[home]
        topics = list(dict.fromkeys([*(t.strip() for t in k.topic.split(",") if t.strip()),
                                     *(t.strip() for t in r.topic.split(",") if t.strip())]))
        kept[home] = k.model_copy(update={"topic": ", ".join(topics), "measure": k.measure or r.measure})
    by_id = {d.id: d for d in docs}
    return [_with_copies(r, by_id).model_copy(update={"id": f"C{row_offset + n}"})
            for n, r in enumerate(kept, start=1)]


def _with_copies(row: ClaimRow, docs: dict[str, Document]) -> ClaimRow:
    cells = list(row.cells)
    changed = False
    for n, c in enumerate(cells):
        doc = docs.get(c.source_id)
        if c.cell is not ClaimCell.silent or doc is None or not doc.duplicate_of:
            continue
        original = row.cell_for(doc.duplicate_of)
        if original is None or original.cell is ClaimCell.silent or original.citation is None:
            continue
        quote = " ".join(original.citation.quote.split())
        same = next((s for s in doc.sentences if " ".join(s.text.split()) == quote), None)
        cells[n] = c.model_copy(update={
            "cell": original.cell, "citation": cite(same) if same else None, "value": original.value,
            "speaker": original.speaker, "independent": False,
            "reason": f"copy of {doc.duplicate_of}" + ("" if same else " (no identical passage)"),
        })
        changed = True
    return row.model_copy(update={"cells": cells}) if changed else row
