"""The claim matrix of one story and the contested points it reveals.

Rows are the story's key claims: one per key point (anchored on the passage
the point's text comes from), plus one per figure that two or more
independent sources give (dead, evacuated, damage, air bases, ...) or that
another source plays down ("only minor damage"); ``story.disputes`` reads the
contested points and figure updates off it. A key point a source denies with no
figure ("had not paid a ransom" vs "paid a ransom", ``story.denials``) has that
source's cell contradicting it (``_denied``). Each row has one cell per
source: asserts / contradicts / silent, every non-silent cell cited to the
passage that shows it and carrying that passage's speaker. Copies
(``Document.duplicate_of``) get a cell but never count as corroboration.

``mark_cell`` is the hook for the LLM engine: it may overwrite a cell with a
semantic judgement (``by='llm'``) after the rules ran.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from summarizer.embed import get_embedder
from summarizer.independence import copies_each_other, count_independent, is_independent
from summarizer.models import (
    Citation,
    ClaimCell,
    ClaimCellEntry,
    ClaimRow,
    Document,
    KeyPoint,
    Sentence,
)
from summarizer.passages import cite, is_content
from summarizer.story.attribution import find_speaker, join_speakers, speaker_spans, speakers_for
from summarizer.story.compare import (
    Agreement,
    is_damage_measure,
    minimizing_cue,
    same_fact,
    same_figure,
    states_same,
    story_weights,
)
from summarizer.story.denials import (
    Claim,
    assertions,
    contradicts,
    denials,
    other_times,
    quoted_speaker,
    same_speaker,
)
from summarizer.story.quantities import (
    COMPARABLE_THINGS,
    Quantity,
    compatible,
    describe,
    guess_language,
    quantities_of,
)
from summarizer.story.timeline import reference_date

SAME_CLAIM = 0.4  # TF-IDF cosine at which a sentence of another source states the claim itself
SAME_TOPIC = 0.08  # lowest cosine at which a figure of the same measure is taken as the same fact
MAX_KEY_POINT_ROWS = 12


@dataclass
class _Sent:
    sentence: Sentence
    quantities: list[Quantity]
    speaker: str | None
    row: int  # index into the vector matrix


@dataclass
class StoryText:
    """Everything the matrix needs about a story's documents, computed once."""

    docs: list[Document]
    sents: dict[str, list[_Sent]] = field(default_factory=dict)
    by_id: dict[str, _Sent] = field(default_factory=dict)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 1), dtype=np.float32))
    weights: dict[str, float] = field(default_factory=dict)
    denied: list[tuple[_Sent, Claim]] | None = None  # ``story_denials``, computed when first asked
    denial_pairs: list[tuple[_Sent, Claim, _Sent, Claim]] | None = None  # ``denial_pairs``, likewise
    _content: dict[str, list[_Sent]] = field(default_factory=dict)  # ``content`` per document

    @classmethod
    def build(cls, docs: Sequence[Document]) -> StoryText:
        """Segmented documents in; figures, speakers and TF-IDF vectors of their sentences out."""
        ctx = cls(list(docs))
        texts: list[str] = []
        # a document's year: its publication date, else its dateline, else the latest year the
        # story's other documents have (a figure in a sentence about an earlier year is history)
        years = {d.id: when.year for d in docs if (when := reference_date(d)) is not None}
        for d in docs:
            speakers = speakers_for([s.text for s in d.sentences])
            lang = guess_language(d.text[:4000])
            year = years.get(d.id, max(years.values(), default=None))
            rows = []
            for s, sp in zip(d.sentences, speakers, strict=True):
                item = _Sent(s, story_figures(s.text, lang, year) if _states_figures(s) else [], sp, len(texts))
                texts.append(s.text)
                rows.append(item)
                ctx.by_id[s.id] = item
            ctx.sents[d.id] = rows
        ctx.vectors = get_embedder("tfidf").encode(texts) if texts else ctx.vectors
        ctx.weights = story_weights([d.text for d in docs if is_independent(d)])
        return ctx

    def sim(self, a: _Sent, b: _Sent) -> float:
        return float(self.vectors[a.row] @ self.vectors[b.row])

    def content(self, doc_id: str) -> list[_Sent]:
        """The document's sentences a cell may cite: content sentences and those giving a figure
        (read once per document; callers do not modify the list)."""
        if doc_id not in self._content:
            self._content[doc_id] = [s for s in self.sents.get(doc_id, []) if is_content(s.sentence) or s.quantities]
        return self._content[doc_id]


def _states_figures(s: Sentence) -> bool:
    """Content sentences, and short complete ones ("Nineteen cars left the track."): a short
    sentence is too thin to summarize but can still give a source's figure. Headlines (no final
    punctuation) never do."""
    text = s.text.strip()
    return is_content(s) or (len(text.split()) >= 4 and text[-1:] in ".!?" and any(map(str.islower, text)))


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def story_figures(sentence: str, lang: str | None = None, year: int | None = None) -> list[Quantity]:
    """The figures of a sentence that can be set against other sources': things a story counts
    (``COMPARABLE_THINGS``), people and customers only with what happened to them, no state at one
    moment ("still without power" on Thursday vs Friday is a time series, not a dispute), and none
    in a sentence about an earlier year ("a storm in 2019 left 95,000 customers in the dark").

    Also none of these, which on real news set two different things against each other (a label
    audit of 41 held-out clusters, docs/eval.md: 0 of 5 "disputed" points were real):
    - sums of money other than damage: a story's sums are of many kinds (a bill's headline size and
      its new spending, costs over five or eight years, pledges of different donors);
    - a projection ("could rise to over 100,000", "may reach", "is expected to top"): not a report;
    - a part of the group a sentence counts ("an aid worker and nine members of his family" against
      "10 civilians"; "seven of them children"; "10 people, including seven children");
    - a number that describes rather than counts ("a 12-story building") or only gives an order of
      magnitude ("hundreds of people")."""
    if year is not None and any(int(y) < year for y in _YEAR.findall(sentence)):
        return []
    return [q for q in quantities_of(sentence, lang)
            if q.thing in COMPARABLE_THINGS and q.measure not in ("people", "customer")
            and not q.measure.partition(":")[2].startswith("still")
            and (q.thing != "money" or is_damage_measure(q.measure))
            and not _PROJECTION.search(_clause_before(sentence, q.start))
            and not _PART_OF.match(sentence[q.start:q.end + 40])
            and not _PART_BEFORE.search(sentence[max(0, q.start - 30):q.start])
            and not _ATTRIBUTE.match(q.text) and not _VAGUE.search(q.text)]


# a modal or expectation verb before a figure in its clause: the figure is a projection ("may" and
# "will" only in lower case: "May 3", "Will Smith")
_PROJECTION = re.compile(
    r"\b(?:(?i:could|might|would|expected|feared|likely|projected|forecast|predicted|estimated\s+to|set\s+to|"
    r"podría\w*|prevé\w*|könnte\w*|dürfte\w*)|may|will)\b")
# "nine members of his family", "seven of them", "de ellos": a count of a part of the group just counted
_PART_OF = re.compile(r"^\S+(?:\s+\S+){0,2}?\s+(?:(?:members?|miembros?)\s+)?(?:of|de)\s+(?:his|her|their|su|sus)\s+famil\w*"
                      r"|^\S+\s+(?:of\s+(?:them|whom)|de\s+(?:ellos|ellas)|von\s+ihnen)\b", re.IGNORECASE)


# "a 12-story building", "the 136-unit tower": a number joined to a noun by a hyphen describes the thing,
# it does not count it
_ATTRIBUTE = re.compile(r"^\W*(?:[\d.,]+|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
                        r"-(?!(?i:one|two|three|four|five|six|seven|eight|nine)\b)[^\W\d_]")
# "hundreds of people", "thousands", "decenas", "Hunderte": an order of magnitude, no figure to dispute
_VAGUE = re.compile(r"\b(?:dozens|scores|hundreds|thousands|millions|tens\s+of|decenas|cientos|centenares|miles|"
                    r"millones|dutzende|hunderte|tausende)\b", re.IGNORECASE)
# "as many as 10 people, including seven children": the figure after "including" is a part of the one before
_PART_BEFORE = re.compile(r"\b(?:including|among\s+them|among\s+whom|of\s+whom|incluid[oa]s|entre\s+ellos|darunter)"
                          r"\s+(?:(?:about|some|at\s+least|more\s+than|nearly|unos|unas)\s+)?$", re.IGNORECASE)


def _clause_before(sentence: str, at: int) -> str:
    """The words of ``sentence`` from the last clause boundary (, ; : — ( or a sentence end) up to ``at``."""
    ends = [i + len(mark) for mark in (",", ";", ":", "—", "–", "(", ". ", "! ", "? ")  # a passage may hold two sentences
            if (i := sentence.rfind(mark, 0, at)) >= 0]
    return sentence[max(ends, default=0):at]


def _cell(doc: Document, state: ClaimCell, s: _Sent | None, value: str | None = None,
          speaker: str | None = None, reason: str = "") -> ClaimCellEntry:
    return ClaimCellEntry(
        source_id=doc.id, cell=state, citation=cite(s.sentence) if s else None, value=value,
        speaker=speaker if speaker is not None else (s.speaker if s else None),
        independent=is_independent(doc), reason=reason,
    )


def _speaker_at(s: _Sent, pos: int) -> str | None:
    """The speaker named nearest before ``pos`` in the sentence; pronouns give way to the resolved one."""
    sp = find_speaker(s.sentence.text, at=pos)
    if sp is None or sp.split(";")[0].strip() in {"he", "she", "they", "it", "we", "i"}:
        return s.speaker
    according = [p for _, p in speaker_spans(s.sentence.text) if p.startswith("according to") and p != sp]
    return join_speakers([sp, *according])


def _gated(measure: str) -> bool:
    """Measures too vague (a bare sum of money) to compare unless the sentences also share words.

    Every other measure names one fact of the story ('people:dead', 'air base',
    'drone'), so within one story its figures are compared wherever they occur.
    """
    return measure == "money"


def _figure_in(ctx: StoryText, anchor: _Sent, q: Quantity, doc: Document,
               prefer: _Sent | None = None, gate: bool = True) -> tuple[_Sent, Quantity] | None:
    """The figure ``doc`` gives for ``q``'s measure: in ``prefer`` if it has one, else the closest sentence."""
    if prefer is not None:
        mine = [x for x in prefer.quantities if x.measure == q.measure]
        if mine:
            return prefer, next((x for x in mine if compatible(q, x)), mine[0])
    pool = [
        s for s in ctx.content(doc.id)
        if any(x.measure == q.measure for x in s.quantities)
        and (not gate or not _gated(q.measure) or ctx.sim(anchor, s) >= SAME_TOPIC)
    ]
    if not pool:
        return None
    # the first mention in the document is its headline figure; later ones are often details
    best = pool[0]
    mine = [x for x in best.quantities if x.measure == q.measure]
    return best, next((x for x in mine if compatible(q, x)), mine[0])


def _playdown(ctx: StoryText, anchor: _Sent, doc: Document) -> tuple[_Sent, str, str | None] | None:
    """A passage of ``doc`` that plays down the damage ``anchor`` reports: (sentence, cue, speaker)."""
    for s in ctx.content(doc.id):
        cue = minimizing_cue(s.sentence.text)
        if cue and ctx.sim(anchor, s) >= SAME_TOPIC and not any(is_damage_measure(x.measure) for x in s.quantities):
            return s, cue.group(), _speaker_at(s, cue.start())
    return None


def row_figures(anchor: _Sent) -> list[Quantity]:
    """The figures a key-point row is about: those of the measure its anchor gives first.

    A lead sentence often carries several figures ("Three people were killed and about 1,100
    residents fled"); the row is judged on its first one (the sentence's subject, the fact the
    point leads with) and every other measure is compared in its own figure row, so a source
    giving the same toll is never marked "contradicts" for another count in the same sentence.
    Several figures of that one measure ("between 3 and 5", "rose from 3 to 5") all stay.
    """
    if not anchor.quantities:
        return []
    first = min(anchor.quantities, key=lambda q: q.start).measure
    return [q for q in anchor.quantities if q.measure == first]


def _judge(ctx: StoryText, anchor: _Sent, doc: Document, stated: _Sent | None) -> ClaimCellEntry:
    """One source's cell for a key point anchored on ``anchor`` (``stated``: its passage the engine
    grouped with the point). A passage asserts only when it states the same fact (``same_fact``:
    figures, actors, polarity, wording); the row's own figure (``row_figures``) given otherwise by
    the source contradicts it, unless one of the two is an update ("has risen to seven"). Other
    figures of the anchor sentence are left to their own figure rows. A passage of the source that
    denies what the anchor asserts, or asserts what it denies (``_denied``: "the city had not paid a
    ransom" against "The city paid a ransom"), contradicts it unless another passage states it."""
    figures = row_figures(anchor)
    if stated is not None:
        verdict = same_fact(anchor.sentence.text, stated.sentence.text, weights=ctx.weights).verdict
        if verdict is Agreement.conflict:
            stated = stated if any(x.measure == q.measure for q in figures for x in stated.quantities) \
                else None
        elif verdict is not Agreement.same:
            stated = None
    if stated is None:
        best = max(ctx.content(doc.id), key=lambda s: ctx.sim(anchor, s), default=None)
        if best is not None and ctx.sim(anchor, best) >= SAME_CLAIM and \
                states_same(anchor.sentence.text, best.sentence.text, weights=ctx.weights):
            stated = best
    agree: tuple[_Sent, Quantity] | None = None
    for q in figures:
        found = _figure_in(ctx, anchor, q, doc, stated)
        if found is None:
            continue
        s, theirs = found
        speaker = _speaker_at(s, theirs.start)
        if q.revised or theirs.revised:
            continue  # an update, not a dispute (contested_points shows it as one)
        if not compatible(q, theirs):
            return _cell(doc, ClaimCell.contradicts, s, theirs.text, speaker,
                         f"{describe(q.measure)}: {theirs.text} vs {q.text}")
        agree = agree or (s, theirs)
    if any(is_damage_measure(q.measure) for q in figures) and agree is None:
        down = _playdown(ctx, anchor, doc)
        if down is not None:
            s, cue, speaker = down
            return _cell(doc, ClaimCell.contradicts, s, cue, speaker, f"plays the damage down: {cue!r}")
    denial = _denied(ctx, anchor, doc)
    if denial is not None and (stated is None or stated is denial[0]):
        s, value, speaker = denial
        return _cell(doc, ClaimCell.contradicts, s, value, speaker, f"denies: {value!r}")
    if stated is not None:
        return _cell(doc, ClaimCell.asserts, stated, agree[1].text if agree and agree[0] is stated else None)
    if agree is not None and (
            any(q.measure == agree[1].measure and same_figure(q, agree[1]) for q in figures)
            or states_same(anchor.sentence.text, agree[0].sentence.text, weights=ctx.weights)):
        return _cell(doc, ClaimCell.asserts, agree[0], agree[1].text)  # the point's figure, the same number
    return _cell(doc, ClaimCell.silent, None)


def _finish(row_id: str, claim: str, topic: str, kind: str, cells: list[ClaimCellEntry],
            measure: str = "") -> ClaimRow:
    return ClaimRow(
        id=row_id, claim=claim, topic=topic, kind=kind,  # type: ignore[arg-type]
        measure=measure, cells=cells,
        asserting=sum(1 for c in cells if c.cell is ClaimCell.asserts and c.independent),
        contradicting=sum(1 for c in cells if c.cell is ClaimCell.contradicts and c.independent),
    )


@dataclass
class ClaimMatrix:
    """The rows, plus what each figure row's cells hold (for grouping contested sides)."""

    rows: list[ClaimRow]
    figures: dict[str, dict[str, Quantity | None]] = field(default_factory=dict)
    about: dict[str, str] = field(default_factory=dict)  # key-point row id -> the measure it is judged on


def build_claim_matrix(ctx: StoryText, key_points: Sequence[KeyPoint]) -> ClaimMatrix:
    """Rows for the key points, then one per figure shared by 2+ sources or played down by one."""
    rows: list[ClaimRow] = []
    about: dict[str, str] = {}
    for kp in key_points[:MAX_KEY_POINT_ROWS]:
        cited = [ctx.by_id[c.passage_id] for c in kp.citations if c.passage_id in ctx.by_id]
        if not cited:
            continue
        anchor = cited[0]
        cells = []
        for d in ctx.docs:
            if d.id == anchor.sentence.source_id:
                value = ", ".join(q.text for q in row_figures(anchor)) or None
                cells.append(_cell(d, ClaimCell.asserts, anchor, value))
            else:
                stated = next((s for s in cited if s.sentence.source_id == d.id), None)
                cells.append(_judge(ctx, anchor, d, stated))
        own = row_figures(anchor)
        topic = describe(own[0].measure) if own else ""
        rows.append(_finish(f"C{len(rows) + 1}", kp.text, topic, "key_point", cells))
        if own:
            about[rows[-1].id] = own[0].measure
    matrix = ClaimMatrix(rows, about=about)
    _figure_rows(ctx, matrix)
    return matrix


def shown_rows(matrix: ClaimMatrix) -> list[ClaimRow]:
    """The rows worth showing: a figure row that repeats the passages of a key-point row judged on
    the same measure is left out (the key-point row stands for it). A figure row for another figure
    of the same sentences stays: the key-point row does not judge that figure."""
    def passages(r: ClaimRow) -> frozenset[tuple[str, str, str]]:
        return frozenset((c.source_id, c.cell.value, c.citation.passage_id) for c in r.cells if c.citation)

    out: list[ClaimRow] = [r for r in matrix.rows if r.kind == "key_point"]
    cover = [{(s, p) for s, _, p in passages(r)} for r in out]
    for r in matrix.rows:
        if r.kind == "key_point":
            continue
        same = next((n for n, k in enumerate(cover) if k == {(s, p) for s, _, p in passages(r)}
                     and matrix.about.get(out[n].id) == r.measure), None)
        if same is None:
            out.append(r)
        elif not out[same].measure:  # the key-point row stands for this figure
            out[same] = out[same].model_copy(update={"measure": r.measure})
    return out


def _figure_rows(ctx: StoryText, matrix: ClaimMatrix) -> None:
    """Append one row per measure given by 2+ independent sources, or played down by another source."""
    independent = [d for d in ctx.docs if is_independent(d)]
    holders: dict[str, list[tuple[_Sent, Quantity]]] = {}
    for d in independent:
        seen: set[str] = set()
        for s in ctx.content(d.id):
            for q in s.quantities:
                if q.measure not in seen:
                    seen.add(q.measure)
                    holders.setdefault(q.measure, []).append((s, q))
    for measure, held in holders.items():
        anchor, q0 = held[0]
        cells: list[ClaimCellEntry] = []
        figures: dict[str, Quantity | None] = {}
        for d in ctx.docs:
            found = (anchor, q0) if d.id == anchor.sentence.source_id else _figure_in(ctx, anchor, q0, d, gate=False)
            if found is not None:
                s, q = found
                state = ClaimCell.asserts if compatible(q0, q) else ClaimCell.contradicts
                speaker = _speaker_at(s, q.start)
                cells.append(_cell(d, state, s, q.text, speaker))
                figures[d.id] = q
                continue
            down = _playdown(ctx, anchor, d) if is_damage_measure(measure) else None
            if down is not None:
                s, cue, speaker = down
                cells.append(_cell(d, ClaimCell.contradicts, s, cue, speaker, f"plays the damage down: {cue!r}"))
                figures[d.id] = None
            else:
                cells.append(_cell(d, ClaimCell.silent, None))
        givers = sum(1 for c in cells if c.cell is not ClaimCell.silent and c.independent)
        if givers < 2:
            continue
        kind = "figure" if len(held) >= 2 else "polarity"
        row = _finish(f"C{len(matrix.rows) + 1}", anchor.sentence.text, describe(measure), kind, cells, measure)
        matrix.rows.append(row)
        matrix.figures[row.id] = figures


def story_denials(ctx: StoryText) -> list[tuple[_Sent, Claim]]:
    """Every claim a content passage of an independent source denies (``denials.denials``), computed once."""
    if ctx.denied is None:
        ctx.denied = [(s, c) for d in ctx.docs if is_independent(d) for s in ctx.content(d.id)
                      for c in denials(s.sentence.text)]
    return ctx.denied


def _claim_speaker(s: _Sent, claim: Claim) -> str | None:
    """Who ``s`` attributes ``claim`` to: the speaker named before it, else the one a quotation opening
    the sentence is attributed to ('"We did not pay," Mayor Draper said.')."""
    return _speaker_at(s, claim.start) or quoted_speaker(s.sentence.text)


def _apart(ctx: StoryText, a: _Sent, ca: Claim, b: _Sent, cb: Claim) -> bool:
    """Two passages of two independent documents, neither a copy of the other, not about two times
    (``denials.other_times``), not attributing the two claims to one speaker (one party's words
    reported two ways are no dispute between sources)."""
    docs = {d.id: d for d in ctx.docs}
    da, db = docs[a.sentence.source_id], docs[b.sentence.source_id]
    if da.id == db.id or not is_independent(da) or not is_independent(db) or copies_each_other(da, db):
        return False
    if other_times(a.sentence.text, b.sentence.text):
        return False
    return not same_speaker(_claim_speaker(a, ca), _claim_speaker(b, cb))


def denial_pairs(ctx: StoryText) -> list[tuple[_Sent, Claim, _Sent, Claim]]:
    """(denying passage, its claim, asserting passage, its claim) for every passage of another
    independent source that asserts what a passage denies (``denials.contradicts``, ``_apart``);
    a passage that also denies the claim it asserts reports both sides and asserts nothing."""
    if ctx.denial_pairs is not None:
        return ctx.denial_pairs
    out = []
    for ds, dc in story_denials(ctx):
        for d in ctx.docs:
            if d.id == ds.sentence.source_id:
                continue
            for s in ctx.content(d.id):
                for ac in assertions(s.sentence.text, dc.lemma):
                    if contradicts(dc, ac) and _apart(ctx, ds, dc, s, ac) and \
                            not any(contradicts(c, ac) for c in denials(s.sentence.text)):  # it reports both
                        out.append((ds, dc, s, ac))
    ctx.denial_pairs = out
    return out


def _denied(ctx: StoryText, anchor: _Sent, doc: Document) -> tuple[_Sent, str, str | None] | None:
    """A passage of ``doc`` that denies what ``anchor`` asserts, or asserts what ``anchor`` denies:
    (passage, its words, its speaker). Such a source disputes the point, it does not support it."""
    denied = story_denials(ctx)
    if not denied:
        return None
    for ds, dc, s, ac in denial_pairs(ctx):
        for mine, theirs, claim in ((s, ds, dc), (ds, s, ac)):
            if mine is anchor and theirs.sentence.source_id == doc.id:
                text = theirs.sentence.text
                return theirs, text[claim.start:claim.end], _claim_speaker(theirs, claim)
    return None


def restated_support(kp: KeyPoint, row: ClaimRow, docs: Sequence[Document]) -> dict[str, object] | None:
    """The fields of ``kp`` once its support is what the claim row shows, or None when nothing changes.

    A point cites as support only the passages whose sources assert it in the row: a cited
    source whose cell contradicts the point moves to ``disputed_by``; one whose cell is silent
    (its passage does not state the point's fact) is no longer cited or counted.
    """
    cells = {c.source_id: c for c in row.cells}
    anchor = kp.citations[0].source_id if kp.citations else None
    against = [c.source_id for c in row.cells if c.cell is ClaimCell.contradicts]
    dropped = {s for s in kp.sources if s != anchor and s in cells and cells[s].cell is ClaimCell.silent}
    # a source whose cell asserts the point backs it too, so the point never reads "single source"
    # beside a row that shows two sources for it
    added = [c for c in row.cells if c.cell is ClaimCell.asserts and c.citation is not None
             and c.source_id not in kp.sources]
    if not against and not dropped and not added:
        return None
    order = {d.id: n for n, d in enumerate(docs)}
    sources = sorted([s for s in kp.sources if s not in against and s not in dropped] + [c.source_id for c in added],
                     key=lambda s: order.get(s, len(order)))
    independent = count_independent(sources, docs)
    return {
        "citations": [c for c in kp.citations if c.source_id not in against and c.source_id not in dropped]
        + [c.citation for c in added if c.citation is not None],
        "sources": sources,
        "corroboration": max(len(independent), 1),
        "single_source": len(independent) <= 1,
        "disputed_by": against,
        "claim_row": row.id,
    }


def cited_support(row: ClaimRow, kp: KeyPoint) -> ClaimRow:
    """``row`` with every source ``kp`` counts as support shown asserting it: a silent cell of a source
    the verified point cites becomes "asserts" with that passage (the verification stage may have
    merged a repeat into the point after the matrix was built, ``lead.merge_repeats``), so the
    point and its row agree on who states it. Contradicting cells are left as they are."""
    cited: dict[str, Citation] = {}
    for c in kp.citations:
        cited.setdefault(c.source_id, c)
    if not any(c.cell is ClaimCell.silent and c.source_id in kp.sources and c.source_id in cited for c in row.cells):
        return row
    cells = [c.model_copy(update={"cell": ClaimCell.asserts, "citation": cited[c.source_id],
                                  "reason": "the key point cites this passage as stating it"})
             if c.cell is ClaimCell.silent and c.source_id in kp.sources and c.source_id in cited else c
             for c in row.cells]
    return _finish(row.id, row.claim, row.topic, row.kind, cells, row.measure).model_copy(
        update={"story_id": row.story_id})


def mark_cell(row: ClaimRow, source_id: str, cell: ClaimCell, citation: Citation | None,
              speaker: str | None = None, reason: str = "") -> ClaimRow:
    """Return ``row`` with one source's cell replaced by an LLM judgement (counts recomputed).

    For the LLM engine: call it for silent or asserting cells it finds
    semantically contradicted; a non-silent cell needs a citation.
    """
    if cell is not ClaimCell.silent and citation is None:
        raise ValueError("a non-silent cell needs a citation")
    cells = [
        c.model_copy(update={"cell": cell, "citation": citation, "speaker": speaker, "reason": reason, "by": "llm"})
        if c.source_id == source_id else c
        for c in row.cells
    ]
    return _finish(row.id, row.claim, row.topic, row.kind, cells, row.measure).model_copy(
        update={"story_id": row.story_id}
    )
