"""Markdown sections for the story fields: stories, claim matrix, timeline, other stories."""

from __future__ import annotations

from collections.abc import Callable

from summarizer.labels import plural, source_label
from summarizer.models import Briefing, Citation, ClaimCell, ClaimRow, Statement, Story, TimelineEntry
from summarizer.render.common import anchor_id, split_background

_MARK = {ClaimCell.asserts: "asserts", ClaimCell.contradicts: "**contradicts**", ClaimCell.silent: "·"}


def _short(text: str, n: int = 140) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def claim_matrix_md(rows: list[ClaimRow], source_ids: list[str], esc: Callable[[str], str],
                    b: Briefing | None = None) -> list[str]:
    """The claim matrix as a Markdown table: rows claims, columns sources (id and outlet), cited cells."""
    if not rows:
        return []
    docs = {d.id: d for d in b.sources} if b else {}
    heads = [f"{sid} {esc(source_label(docs[sid]))}" if sid in docs else sid for sid in source_ids]
    out = [
        "Rows are claims, columns sources: *asserts* / **contradicts** / · (silent), each with its passage.",
        "",
        "| # | claim | " + " | ".join(heads) + " |",
        "|---|---|" + "---|" * len(source_ids),
    ]
    for r in rows:
        cells = []
        for sid in source_ids:
            c = r.cell_for(sid)
            if c is not None and c.cell is not ClaimCell.silent and c.citation is None and not c.independent:
                cells.append(f"{_MARK[c.cell]} *{esc(c.reason or 'copy')}*")
                continue
            if c is None or c.cell is ClaimCell.silent or c.citation is None:
                cells.append("·")
                continue
            bits = [f"{_MARK[c.cell]} [{c.citation.passage_id}]"]
            if c.value:
                bits.append(esc(c.value))
            if c.speaker:
                bits.append(f"({esc(c.speaker)})")
            if not c.independent:
                bits.append("*copy*")
            cells.append(" ".join(bits))
        topic = f"**{esc(r.topic)}**: " if r.topic else ""
        counts = f" *({r.asserting} for, {r.contradicting} against)*"
        anchor = f'<a id="{anchor_id(r.id)}"></a>'
        out.append(f"| {anchor}{r.id} | {topic}{esc(_short(r.claim))}{counts} | " + " | ".join(cells) + " |")
    return out


def timeline_md(entries: list[TimelineEntry], esc: Callable[[str], str], cites: Callable[[Statement], str]) -> list[str]:
    """The timeline as a list: resolved date, the sentence, its citations; background mentions apart."""
    events, background = split_background(entries)
    out = []
    for n, e in enumerate([*events, *background]):
        if n == len(events):
            out += ["", "*Background (earlier dates the sources mention):*", ""]
        how = f" *(from “{esc(e.expression)}”; {esc(e.resolved_from)})*" if e.resolved_from else ""
        out.append(f"- **{esc(e.when)}** — {esc(_short(e.text, 220))}{cites(e)}{how}")
    return out


def stories_overview_md(b: Briefing, esc: Callable[[str], str]) -> list[str]:
    """A short list of the stories when the inputs cover several events."""
    if len(b.stories) <= 1:
        return []
    out = ["", "## Stories", ""]
    for s in b.stories:
        name = f"**[{s.id}]**" if s is not b.stories[0] else f"**{s.id}**"  # the others link to their section
        out.append(f"- {name} ({s.role}, {_dates(s)}; {plural(len(s.document_ids), 'source')} "
                   f"{', '.join(s.document_ids)}): {esc(s.title)}"
                   + (f" — {esc(s.note)}" if s.note else ""))
    out += ["", f"*The sections below are {b.stories[0].id}'s; other stories follow under “Other stories”.*"]
    return out


def _dates(s: Story) -> str:
    if not s.start:
        return "undated"
    return str(s.start) if s.start == s.end else f"{s.start} to {s.end}"


def story_sections_md(b: Briefing, esc: Callable[[str], str], cites: Callable[[Statement], str]) -> list[str]:
    """Claim matrix and timeline of the main story, then a full section per other story."""
    main_ids = b.stories[0].document_ids if b.stories else [d.id for d in b.sources]
    out: list[str] = []
    if b.claim_matrix:
        out += ["", "## Claim matrix", "", *claim_matrix_md(b.claim_matrix, main_ids, esc, b)]
    if b.timeline:
        out += ["", "## Timeline", "", *timeline_md(b.timeline, esc, cites)]
    if len(b.stories) > 1:
        out += ["", "## Other stories"]
        for s in b.stories[1:]:
            anchor = f'<a id="{anchor_id(s.id)}"></a>'
            out += ["", f"### {anchor}{s.id} — {esc(s.title)}", "", f"*{s.role} · {_dates(s)} · {plural(len(s.document_ids), 'source')} {', '.join(s.document_ids)}*"]
            if s.note:
                out += ["", esc(s.note)]
            out += ["", "**Bottom line:** " + (" ".join(esc(x.text) + cites(x) for x in s.bottom_line) or "_none_"), ""]
            out += [f"{n}. {esc(k.text)}{cites(k)}" for n, k in enumerate(s.key_points, 1)]
            for c in s.contested:
                out += ["", f"- Contested — **{esc(c.topic)}**"]
                out += [f"  - {', '.join(x.sources)}{' (' + esc(x.speaker) + ')' if x.speaker else ''}: "
                        f"{esc(x.text)}{cites(x)}" for x in c.sides]
            if s.claim_matrix:
                out += ["", "**Claim matrix**", "", *claim_matrix_md(s.claim_matrix, s.document_ids, esc, b)]
            if s.timeline:
                out += ["", "**Timeline**", "", *timeline_md(s.timeline, esc, cites)]
    return out


def matrix_citations(b: Briefing) -> list[Citation]:
    """Citations of every non-silent claim cell, in all stories, in reading order."""
    rows = [*b.claim_matrix, *(r for s in b.stories[1:] for r in s.claim_matrix)]
    return [c.citation for r in rows for c in r.cells if c.citation is not None]
