"""HTML sections for the story fields. Every piece of source text goes through ``html.escape``."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from summarizer.labels import plural, source_label
from summarizer.models import (
    Briefing,
    Citation,
    ClaimCell,
    ClaimRow,
    ContestedPoint,
    Statement,
    Story,
    TimelineEntry,
)
from summarizer.render.common import anchor_id, split_background

StatementFn = Callable[[Statement, Briefing], str]
CiteFn = Callable[[Citation, Briefing], str]

CSS = """
.claims-wrap{overflow:auto;max-height:80vh} table.claims td:nth-child(2){min-width:18em}
table.claims th{position:sticky;top:0;background:#fff;z-index:1} table.claims td{white-space:normal}
table.claims td:nth-child(2){position:sticky;left:0;background:#fff}
table.claims td.asserts{background:#e6f4ea} table.claims td.contradicts{background:#fce8e6}
table.claims td.silent{color:#999;text-align:center} .speaker{color:#555;font-style:italic}
.story-note{background:#f1f3f4;padding:.4em .7em;border-radius:6px} ol.timeline{list-style:none;padding-left:0}
ol.timeline li{margin:.3em 0} .when{font-weight:600;margin-right:.5em}
table.claims tr[id]{scroll-margin-top:9em} table.claims tr:target td{box-shadow:inset 0 0 0 2px #f9a825}
"""


def xref(target: str) -> str:
    """A cross-reference ('C3', 'S1', 'story2') as a link to the element carrying ``anchor_id(target)``."""
    return f'<a href="#{escape(anchor_id(target), quote=True)}">{escape(target)}</a>'


def _dates(s: Story) -> str:
    if not s.start:
        return "undated"
    return str(s.start) if s.start == s.end else f"{s.start} to {s.end}"


def claim_matrix_html(rows: list[ClaimRow], source_ids: list[str], b: Briefing, cite: CiteFn) -> str:
    """The claim matrix as a table: one row per claim, one cell per source, cited."""
    if not rows:
        return ""
    h = ['<div class="claims-wrap"><table class="claims"><tr><th>#</th><th>claim</th>']
    for sid in source_ids:
        doc = b.source(sid)
        label = f'<br><span class="meta">{escape(source_label(doc))}</span>' if doc else ""
        h.append(f"<th>{escape(sid)}{label}</th>")
    h.append("</tr>")
    for r in rows:
        topic = f"<strong>{escape(r.topic)}</strong>: " if r.topic else ""
        h.append(f'<tr id="{escape(anchor_id(r.id), quote=True)}"><td>{escape(r.id)}</td>'
                 f"<td>{topic}{escape(r.claim)} "
                 f'<span class="meta">({r.asserting} for, {r.contradicting} against)</span></td>')
        for sid in source_ids:
            c = r.cell_for(sid)
            if c is not None and c.cell is not ClaimCell.silent and c.citation is None and not c.independent:
                h.append(f'<td class="{escape(c.cell.value)}">{escape(c.cell.value)}: '
                         f'<span class="meta">{escape(c.reason or "copy")}</span></td>')
                continue
            if c is None or c.cell is ClaimCell.silent or c.citation is None:
                h.append('<td class="silent">·</td>')
                continue
            bits = [escape(c.cell.value), cite(c.citation, b)]
            if c.value:
                bits.append(f": {escape(c.value)}")
            if c.speaker:
                bits.append(f' <span class="speaker">({escape(c.speaker)})</span>')
            if not c.independent:
                bits.append(' <span class="meta">copy</span>')
            h.append(f'<td class="{escape(c.cell.value)}">{"".join(bits)}</td>')
        h.append("</tr>")
    h.append("</table></div>")
    return "".join(h)


def timeline_html(entries: list[TimelineEntry], b: Briefing, statement: StatementFn) -> str:
    """The timeline as an ordered list of resolved dates with their cited sentences."""
    if not entries:
        return ""
    events, background = split_background(entries)

    def items(some: list[TimelineEntry]) -> str:
        return "".join(
            f'<li><span class="when">{escape(e.when)}</span>{statement(e, b)} '
            f'<span class="meta">(“{escape(e.expression)}”; {escape(e.resolved_from)})</span></li>'
            for e in some
        )

    out = f'<ol class="timeline">{items(events)}</ol>'
    if background:
        out += f'<p class="meta">Background (earlier dates the sources mention):</p><ol class="timeline">{items(background)}</ol>'
    return out


def contested_html(points: list[ContestedPoint], b: Briefing, statement: StatementFn) -> str:
    """Contested points with both sides, their sources and speakers; no side is picked."""
    h = ["<ul>"]
    for c in points:
        sides = "".join(
            f"<li>{', '.join(xref(x) for x in s.sources)}"
            + (f' <span class="speaker">({escape(s.speaker)})</span>' if s.speaker else "")
            + f": {statement(s, b)}</li>"
            for s in c.sides
        )
        note = f'<p class="meta">{escape(c.note)}</p>' if c.note else ""
        h.append(f"<li><strong>{escape(c.topic)}</strong><ul>{sides}</ul>{note}</li>")
    h.append("</ul>")
    return "".join(h)


def stories_overview_html(b: Briefing) -> str:
    """A list of the stories when the inputs cover several events (empty otherwise)."""
    if len(b.stories) <= 1:
        return ""
    items = "".join(
        f"<li><strong>{escape(s.id) if s is b.stories[0] else xref(s.id)}</strong> ({escape(s.role)}, {escape(_dates(s))}; {plural(len(s.document_ids), 'source')} "
        f"{escape(', '.join(s.document_ids))}): {escape(s.title)}"
        + (f' <span class="meta">{escape(s.note)}</span>' if s.note else "") + "</li>"
        for s in b.stories
    )
    return (f'<h2>Stories</h2><div class="story-note"><ul>{items}</ul><p>The sections below are '
            f"{escape(b.stories[0].id)}'s; other stories follow under “Other stories”.</p></div>")


def story_sections_html(b: Briefing, statement: StatementFn, cite: CiteFn) -> str:
    """Claim matrix and timeline of the main story, then a section per other story."""
    main_ids = b.stories[0].document_ids if b.stories else [d.id for d in b.sources]
    h: list[str] = []
    if b.claim_matrix:
        h += ["<h2>Claim matrix</h2>", claim_matrix_html(b.claim_matrix, main_ids, b, cite)]
    if b.timeline:
        h += ["<h2>Timeline</h2>", timeline_html(b.timeline, b, statement)]
    if len(b.stories) > 1:
        h.append("<h2>Other stories</h2>")
        for s in b.stories[1:]:
            h.append(f'<section id="{escape(anchor_id(s.id), quote=True)}"><h3>{escape(s.id)} — {escape(s.title)}</h3>'
                     f'<p class="meta">{escape(s.role)} · {escape(_dates(s))} · {plural(len(s.document_ids), "source")} '
                     f"{escape(', '.join(s.document_ids))}</p>")
            if s.note:
                h.append(f'<p class="story-note">{escape(s.note)}</p>')
            h.append("<p>" + " ".join(statement(x, b) for x in s.bottom_line) + "</p><ol>")
            h += [f"<li>{statement(k, b)}</li>" for k in s.key_points]
            h.append("</ol>")
            if s.contested:
                h += ["<h4>Contested points</h4>", contested_html(s.contested, b, statement)]
            if s.claim_matrix:
                h += ["<h4>Claim matrix</h4>", claim_matrix_html(s.claim_matrix, s.document_ids, b, cite)]
            if s.timeline:
                h += ["<h4>Timeline</h4>", timeline_html(s.timeline, b, statement)]
            h.append("</section>")
    return "\n".join(h)
