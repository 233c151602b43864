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
- The title is a short clause of the most-shared statement of what happened that no source disputes and
  that carries no party's word (``title_candidates``: no claim, denial or accusation, no speaker but in a
  clause of its own that the title drops; what happened before what is expected). A row with a disputed
  figure gives a title only as a run of its own words without the figure and without a word of what is
  disputed. When no statement qualifies, the title is words the sources' headlines or leads share
  (``shared_title``), as it is where a source's figures are not analysed (a language without rules).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from summarizer.independence import is_independent, original_of
from summarizer.ingest.language import ANALYSED
from summarizer.labels import (
    STOP_WORDS,
    TITLE_WORDS,
    count,
    doc_title,
    headline,
    is_attributed,
    is_unsettled,
    news_part,
    plural,
    takes_side,
    terms,
)
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


def merge_repeats(points: Sequence[KeyPoint], verify: Verify, same: Callable[[str, str], bool],
                  docs: Sequence[Document] = ()) -> list[KeyPoint]:
    """Key points without two that state one fact: a later point that ``same`` judges to state an earlier
    verified point's fact (both ways round: ``story.compare.same_fact``, precision first) is merged into it,
    its other sources' citations added to the earlier point when the merged point still verifies; when it
    does not, the later point is dropped only if it names no source the earlier one lacks (a point that
    carries the only corroboration of its fact from a source stays). Order and wording of kept points
    are the engine's; ``verify`` checks without counting. A merged point's corroboration counts its
    sources through ``independence.original_of(docs)``, so a copy among them is not counted again."""
    original = original_of(docs)
    kept: list[KeyPoint] = []
    ok: dict[int, bool] = {}

    def verified(k: KeyPoint) -> bool:
        if id(k) not in ok:
            ok[id(k)] = not any(s.flagged for s in verify([k]))
        return ok[id(k)]

    for p in points:
        for n, k in enumerate(kept):
            if not (same(p.text, k.text) and same(k.text, p.text) and verified(k)):
                continue
            have = {c.passage_id for c in k.citations}
            extra = [c for c in p.citations if c.passage_id not in have]
            new_sources = [s for s in p.sources if s not in k.sources]
            if extra:
                independent = len({original.get(s, s) for s in k.sources + new_sources})
                merged = k.model_copy(update={
                    "citations": k.citations + extra, "sources": k.sources + new_sources,
                    "corroboration": independent, "single_source": independent <= 1})
                if verified(merged):
                    kept[n] = merged
                    break
            if not new_sources:
                break  # the same fact from sources the earlier point already has: nothing is lost
        else:
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


def _neutral(quote: str) -> bool:
    """No party's claim or denial, and no speaker's word but in a clause of its own that a title drops."""
    return not takes_side(quote) and not is_instruction(quote) and not is_attributed(news_part(quote))


_LEAD = 3  # a passage this early in its article is (part of) the article's lead: its main event


def title_candidates(docs: Sequence[Document], rows: Sequence[ClaimRow], key_points: Sequence[KeyPoint],
                     contested: Sequence[ContestedPoint] = ()) -> list[tuple[str, str, bool]]:
    """Sentences a title may come from, best first, as (sentence, its source id, its row disputed).

    Statements of two or more independent sources (claim-matrix rows), of their passages only those that
    carry no party's claim or denial (``labels.takes_side``). Rows stating what happened come before rows
    about what is expected or suspected (``labels.is_unsettled``), then the row most sources speak to, a
    source that states it in its lead (first three sentences) counting twice, then the one in most leads,
    then the earliest; an undisputed row before a disputed one on ties.
    A disputed row (a source contradicts it or a contested point cites it) gives a title only without its
    figures and without a word of what is disputed (``story_title``). Then undisputed key points two or
    more sources back.
    """
    by_id = {d.id: d for d in docs}
    in_dispute = {c.passage_id for p in contested for s in p.sides for c in s.citations}
    ranked = []
    for n, r in enumerate(rows):
        cells = _givers(r, by_id)
        if len(cells) < 2:
            continue
        disputed = r.contradicting > 0 or any(c.citation and c.citation.passage_id in in_dispute for c in cells)
        neutral = [c for c in cells if c.citation and _neutral(c.citation.quote)]
        if not neutral:
            continue
        neutral.sort(key=lambda c: (is_unsettled(c.citation.quote) if c.citation else True,
                                    _position(c.citation.passage_id) if c.citation else 10_000))
        settled = not is_unsettled(neutral[0].citation.quote) if neutral[0].citation else False
        positions = [_position(c.citation.passage_id) for c in cells if c.citation]
        leads = sum(p <= _LEAD for p in positions)
        weight = len(cells) + leads  # sources that state it, and those that state it in their lead
        ranked.append(((not settled, -weight, -leads, sum(positions) / len(positions), disputed, n),
                       [(c.citation.quote, c.source_id, disputed) for c in neutral if c.citation]))
    out = [cand for _, cands in sorted(ranked, key=lambda t: t[0]) for cand in cands]
    for k in sorted(key_points, key=lambda k: -k.corroboration):
        if (not k.flagged and k.corroboration >= 2 and not k.disputed_by and k.citations and _neutral(k.text)
                and not any(c.passage_id in in_dispute for c in k.citations)):
            out.append((k.text, k.citations[0].source_id, False))
    return out


_OPENER = re.compile(r"(?i)(?:in|on|at|after|before|while|although|though|as|when|since|from|about|with|"
                     r"according|including|near|during|following|amid|[a-z]{3,}ing)\b")  # or a participle


def _verbatim(title: str, sentence: str) -> bool:
    """The title is a run of the sentence's own words (nothing was cut out of it)."""
    flat = " ".join(sentence.split()).lower()
    return " ".join(title.rstrip("…").split()).lower() in flat


def _measure_terms(point: ContestedPoint) -> set[str]:
    """The words of what a contested point measures ('number of drones launched' -> drone, launch)."""
    return terms(point.topic) - terms("number amount estimate total count share")


def story_title(docs: Sequence[Document], rows: Sequence[ClaimRow], key_points: Sequence[KeyPoint],
                contested: Sequence[ContestedPoint] = ()) -> str:
    """A short neutral title from the sources' own words (see module doc); never a file name."""
    independent = [d for d in docs if is_independent(d)] or list(docs)
    if len(independent) == 1:
        return doc_title(independent[0])
    if any(d.language and d.language not in ANALYSED for d in independent):
        return shared_title(independent)  # figures not analysed: only words two sources share
    measures = set().union(*(_measure_terms(p) for p in contested)) if contested else set()
    doc_terms: dict[str, set[str]] = {}  # each source's terms, read once and only when a candidate needs them
    for sentence, source, disputed in title_candidates(docs, rows, key_points, contested):
        shared: set[str] = set()
        for d in independent:
            if d.id != source:
                if d.id not in doc_terms:
                    doc_terms[d.id] = terms(d.text)
                shared |= doc_terms[d.id]
        title = headline(sentence, shared, drop_numbers=disputed)  # never a figure one side gives
        if not title or is_instruction(title) or is_attributed(title) or _OPENER.match(title) or (
                disputed and (terms(title) & measures or not _verbatim(title, sentence))):
            continue  # a speaker's word; a phrase with no subject ('At its peak at 5:47 p.m.'); or from a
            # disputed row, a figure cut out ('reached degrees Fahrenheit') or still what is disputed
        return title
    # no undisputed, unattributed statement two sources make: only words the sources share
    return shared_title(independent, avoid=frozenset(measures))


_TOKEN = re.compile(r"[^\W_](?:[\w’'-]*[^\W_])?")
_DIGIT = re.compile(r"\d")


def shared_title(docs: Sequence[Document], words: int = TITLE_WORDS, avoid: frozenset[str] = frozenset()) -> str:
    """Words the sources share: the longest run of words (at least two content words, no digits in any script,
    no English function word first or last, no speaker's verb) that the headlines or leads of two or more
    sources share ('انهيار سد ميرو', 'Tarsen talks'), so the title asserts nothing only one source says (a
    disputed toll included), and none of the words in ``avoid`` (``terms`` of what is disputed); else
    'N reports'. Used where figures are not analysed, and where no statement two sources make is neutral
    (``story_title``)."""
    texts = []
    for d in docs:
        lead = " ".join(s.text for s in d.sentences[:2] if not takes_side(s.text)) if d.sentences else (
            "" if takes_side(d.text[:300]) else d.text[:300])  # not from a denial: 'denied the depot burned'
        texts.append([_TOKEN.findall(t) for t in (d.title, lead) if t])
    lowered = [[[w.lower() for w in r] for r in rs] for rs in texts]
    # most runs end at two words: each source's word pairs make that test a lookup
    pairs = [{(a, b) for r in rs for a, b in zip(r, r[1:], strict=False)} for rs in lowered]
    best: tuple[int, int, list[str]] = (0, 0, [])
    for n, runs in enumerate(texts):
        others = [" " + " ".join(r) + " " for m, rs in enumerate(lowered) if m != n for r in rs]
        other_pairs = set().union(*(p for m, p in enumerate(pairs) if m != n))
        for r, lower in zip(runs, lowered[n], strict=True):
            digit = [_DIGIT.search(w) is not None for w in r]
            for i in range(len(r) - 1):
                if digit[i] or digit[i + 1] or (lower[i], lower[i + 1]) not in other_pairs:
                    continue  # no run from here is shared and digit-free
                for j in range(i + 2, min(len(r), i + words) + 1):
                    run = r[i:j]
                    if j > i + 2 and (digit[j - 1] or not any(f" {' '.join(lower[i:j])} " in o for o in others)):
                        break
                    if (len(run), -n) <= best[:2]:
                        continue  # a longer run may still win
                    low = lower[i:j]
                    if (sum(len(w) >= 3 and w not in STOP_WORDS for w in low) >= 2 and low[0] not in STOP_WORDS
                            and low[-1] not in STOP_WORDS and not is_attributed(" ".join(run))
                            and not terms(" ".join(run)) & avoid):
                        best = (len(run), -n, run)
    title = " ".join(best[2])
    return title[:1].upper() + title[1:] if title else count(len(docs), "report")
