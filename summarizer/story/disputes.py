"""Contested points and figure updates, read off one story's claim matrix (``story.claims``).

A contested point is a disagreement between independent sources, shown with every side's sources,
passages and speakers and no side taken: figure rows whose sources give figures that do not
overlap (or one plays the damage down), disputes one passage reports itself between two named
speakers (``reported_disputes``), and denials with no figure (``denial_disputes``: "had not paid a
ransom" vs "paid a ransom"; rules in ``story.denials``). A figure given as a revision ("has risen to
seven") against other sources' earlier figure is an update (``figure_updates``), never a dispute.
docs/story.md, "Disputed" and "Update", has the rules.
"""

from __future__ import annotations

from summarizer.independence import is_independent
from summarizer.labels import plural
from summarizer.models import (
    Citation,
    ClaimCell,
    ClaimCellEntry,
    ClaimRow,
    ContestedPoint,
    FigureUpdate,
    KeyPoint,
)
from summarizer.passages import cite
from summarizer.story.attribution import join_speakers
from summarizer.story.claims import ClaimMatrix, StoryText, _cell, _claim_speaker, _speaker_at, denial_pairs
from summarizer.story.quantities import Quantity, compatible, describe
from summarizer.story.timeline import reference_date


def contested_points(ctx: StoryText, matrix: ClaimMatrix) -> list[ContestedPoint]:
    """Every figure row with a disagreement, as sides with their sources, passages and speakers.

    Sides gather mutually compatible figures (a passage playing the event down
    is a side of its own); the note lists the sides without ranking them.
    """
    out: list[ContestedPoint] = []
    seen: list[tuple[tuple[tuple[str, ...], ...], str]] = []
    for row in matrix.rows:
        figures = matrix.figures.get(row.id)
        if figures is None or not row.contradicting:
            continue
        groups = [g for g in _row_groups(row, figures) if not _revised(g, figures)]
        if len(groups) < 2:
            continue
        sides = [_side(ctx, g) for g in groups]
        summary = " vs ".join(
            f"{s.value or 'as stated'} ({', '.join(s.sources)}{'; ' + s.speaker if s.speaker else ''})" for s in sides
        )
        note = f"Sources disagree: {summary}. No side is taken."
        copies = [c.source_id for c in row.cells if not c.independent and c.cell is not ClaimCell.silent]
        if copies:
            note += (f" {', '.join(copies)} {'copies' if len(copies) == 1 else 'copy'} another source and "
                     f"{plural(len(copies), 'is')} not counted separately.")
        # the passages of each side: two figures disputed along the same split of the same passages
        # are one point; another split of the same passages ("3 and 3 dead" but "1,100 vs 400 fled") is not
        key = tuple(sorted(tuple(sorted(c.passage_id for c in side.citations)) for side in sides))
        same = next((n for n, (k, _) in enumerate(seen) if k == key), None)
        if same is not None:  # one pair of passages disputing two figures: one point, both topics
            point = out[same]
            out[same] = point.model_copy(update={"topic": f"{point.topic}, {row.topic}"})
            continue
        seen.append((key, row.id))
        out.append(ContestedPoint(topic=row.topic, sides=sides, note=note))
    disputed = {r.measure for r in matrix.rows if r.measure} & {
        r.measure for r in matrix.rows if any(p.topic.startswith(r.topic) for p in out)}
    out.extend(reported_disputes(ctx, disputed))
    out.extend(p for p in denial_disputes(ctx) if _split(p) not in {_split(q) for q in out})
    return out


def _article_lower(words: str) -> str:
    """``words`` with a leading article lower-cased ("The city paid" -> "the city paid"); a name keeps its capital."""
    first, _, rest = words.partition(" ")
    if first in ("The", "A", "An", "El", "La", "Los", "Las", "Un", "Una"):
        return f"{first.lower()} {rest}"
    return words


def _split(point: ContestedPoint) -> tuple[tuple[str, ...], ...]:
    """The passages of each side of a point: two points with one split of one set of passages are one."""
    return tuple(sorted(tuple(sorted(c.passage_id for c in side.citations)) for side in point.sides))


def denial_disputes(ctx: StoryText) -> list[ContestedPoint]:
    """One contested point per denied claim (verb and theme head) that another independent source
    asserts (``denial_pairs``): the denying passages on one side, the asserting ones on the other,
    each with its sources, the words that deny or assert (``value``) and their speakers; no side
    is taken. The topic is the claim as asserted ("claim that the city paid a ransom")."""
    groups: dict[tuple[str, str], tuple[dict[str, ClaimCellEntry], dict[str, ClaimCellEntry], str]] = {}
    docs = {d.id: d for d in ctx.docs}
    for ds, dc, s, ac in denial_pairs(ctx):
        no, yes, topic = groups.setdefault((dc.lemma, dc.head), ({}, {}, s.sentence.text[ac.start:ac.end]))
        for side, sent, claim in ((no, ds, dc), (yes, s, ac)):
            value = _article_lower(sent.sentence.text[claim.start:claim.end])  # it runs on in a sentence
            side.setdefault(sent.sentence.id, _cell(docs[sent.sentence.source_id], ClaimCell.asserts, sent, value,
                                                    _claim_speaker(sent, claim)))
    out = []
    for no, yes, topic in groups.values():
        cells = sorted([list(no.values()), list(yes.values())],
                       key=lambda g: [d.id for d in ctx.docs].index(g[0].source_id))
        sides = [_side(ctx, g) for g in cells]
        summary = " vs ".join(f"{x.value} ({', '.join(x.sources)}{'; ' + x.speaker if x.speaker else ''})"
                              for x in sides)
        # "The claim that the city paid a ransom is disputed: ..." (lead.dispute_statement)
        out.append(ContestedPoint(topic=f"claim that {_article_lower(topic)}", sides=sides,
                                  note=f"Sources disagree: {summary}. No side is taken."))
    return out


def reported_disputes(ctx: StoryText, skip: set[str]) -> list[ContestedPoint]:
    """Disputes one passage reports itself: two figures of one measure that do not overlap, each
    given by a different named speaker ("... más de 200 toneladas, según la Capitanía Marítima, una
    cifra que la naviera rebaja a unas 80 toneladas"; "Northline says 19 cars left the tracks;
    county officials have put the number at 23"). One point per measure (``skip``: measures the
    figure rows already dispute); revisions ("rose from 3 to 5") are not disputes."""
    out: list[ContestedPoint] = []
    done = set(skip)
    for d in ctx.docs:
        if not is_independent(d):
            continue
        for s in ctx.content(d.id):
            for a in s.quantities:
                if a.measure in done or a.revised:
                    continue
                b = next((x for x in s.quantities if x.measure == a.measure and not x.revised
                          and not compatible(a, x)), None)
                if b is None:
                    continue
                sa, sb = _speaker_at(s, a.start), _speaker_at(s, b.start)
                if not sa or not sb or sa == sb:
                    continue
                sides = [KeyPoint(text=s.sentence.text, citations=[cite(s.sentence)], sources=[d.id], corroboration=1,
                                  single_source=True, speaker=sp, value=q.text) for q, sp in ((a, sa), (b, sb))]
                note = (f"Sources disagree: {a.text} ({d.id}; {sa}) vs {b.text} ({d.id}; {sb}), both reported "
                        f"by {d.id}. No side is taken.")
                out.append(ContestedPoint(topic=describe(a.measure), sides=sides, note=note))
                done.add(a.measure)
    return out


def _row_groups(row: ClaimRow, figures: dict[str, Quantity | None]) -> list[list[ClaimCellEntry]]:
    """A figure row's non-silent cells grouped by mutually compatible figures (a play-down is its own group)."""
    groups: list[list[ClaimCellEntry]] = []
    for c in row.cells:
        if c.cell is ClaimCell.silent or c.citation is None:
            continue
        q = figures.get(c.source_id)
        home = None
        for g in groups:
            other = figures.get(g[0].source_id)
            if (q is None and other is None) or (q is not None and other is not None and compatible(q, other)):
                home = g
                break
        if home is None:
            groups.append([c])
        else:
            home.append(c)
    return groups


def _revised(group: list[ClaimCellEntry], figures: dict[str, Quantity | None]) -> bool:
    """True when a group's figure is given as a revision ("has risen to seven", "up from 9")."""
    return any((q := figures.get(c.source_id)) is not None and q.revised for c in group)


def figure_updates(ctx: StoryText, matrix: ClaimMatrix) -> list[FigureUpdate]:
    """Figure rows where one side revises the others ("rose to seven" after "three"): an update
    with the publication dates of both sides, never a dispute. The earlier side is every group
    whose figure is not itself given as a revision."""
    out: list[FigureUpdate] = []
    docs = {d.id: d for d in ctx.docs}
    for row in matrix.rows:
        figures = matrix.figures.get(row.id)
        if figures is None or not row.contradicting:
            continue
        groups = _row_groups(row, figures)
        later = [g for g in groups if _revised(g, figures)]
        earlier = [c for g in groups if not _revised(g, figures) for c in g
                   if figures.get(c.source_id) is not None]
        if len(later) != 1 or not earlier:
            continue
        new, old = _side(ctx, later[0]), _side(ctx, earlier)
        new_dates = [d for c in later[0] if (d := reference_date(docs[c.source_id])) is not None]
        old_dates = [d for c in earlier if (d := reference_date(docs[c.source_id])) is not None]
        note = (f"Updated: {old.value} ({', '.join(old.sources)}) became {new.value} "
                f"({', '.join(new.sources)}); a later figure, not a dispute.")
        out.append(FigureUpdate(topic=row.topic, earlier=old, later=new, note=note,
                                earlier_date=min(old_dates, default=None), later_date=max(new_dates, default=None)))
    return out


def _side(ctx: StoryText, cells: list[ClaimCellEntry]) -> KeyPoint:
    citations: list[Citation] = [c.citation for c in cells if c.citation is not None]
    first = ctx.by_id.get(citations[0].passage_id)
    sources = list(dict.fromkeys(c.source_id for c in cells))
    independent = {c.source_id for c in cells if c.independent}
    speaker = join_speakers([c.speaker for c in cells])
    values = list(dict.fromkeys(c.value for c in cells if c.value))
    return KeyPoint(
        text=first.sentence.text if first else citations[0].quote,
        citations=citations,
        sources=sources,
        corroboration=len(independent),
        single_source=len(independent) <= 1,
        speaker=speaker,
        value=" / ".join(values) or None,
    )
