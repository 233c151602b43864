"""Story-intelligence views: the stories notice, other stories, contested points with speakers,
the claim matrix (every non-silent cell is a citation chip) and the timeline.

All source-derived text goes through ``md_escape``; citations open in the one passage viewer
through ``ui.chips``.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from summarizer.labels import attributed, source_label
from summarizer.models import (
    Briefing,
    ClaimCell,
    ClaimCellEntry,
    ClaimRow,
    ContestedPoint,
    Story,
    TimelineEntry,
)
from summarizer.render.common import split_background
from ui.chips import chip, inline_passage, statement, statements
from ui.state import CitationRef, UIState
from ui.text import md_escape, scroll_script

MARK = {ClaimCell.asserts: "✓", ClaimCell.contradicts: "✗"}
GRID_MAX = 8  # sources shown as a grid of chips; more get the scrolling table


@dataclass
class Section:
    """One story's sections; ``label`` is None for the main story (or a briefing without stories)."""

    key: str
    label: str | None
    contested: list[ContestedPoint]
    claim_matrix: list[ClaimRow]
    timeline: list[TimelineEntry]


def sections(b: Briefing) -> list[Section]:
    """The main story's sections (the briefing's top level), then each other story's."""
    out = [Section("", None, b.contested, b.claim_matrix, b.timeline)]
    for s in b.stories[1:]:
        out.append(Section(s.id, f"{s.id} — {s.title}", s.contested, s.claim_matrix, s.timeline))
    return out


def _dates(s: Story) -> str:
    if not s.start:
        return "undated"
    return str(s.start) if s.start == s.end else f"{s.start} to {s.end}"


def _story_line(s: Story) -> str:
    return f"{s.id} ({s.role}, {_dates(s)}; sources {', '.join(s.document_ids)}): “{s.title}”"


def stories_notice(b: Briefing) -> None:
    """When the inputs cover several events: which sources went to which story, and why."""
    if len(b.stories) <= 1:
        return
    main, others = b.stories[0], b.stories[1:]
    lines = [f"**{len(b.stories)} stories in these sources.** This briefing is about "
             + md_escape(_story_line(main)) + "."]
    for s in others:
        lines.append("- " + md_escape(_story_line(s) + (f" — {s.note}" if s.note else "")))
    lines.append("Other stories are shown separately (under the key points and in each tab), never merged.")
    st.info("\n\n".join(lines), icon=":material/call_split:")


def other_stories(state: UIState, b: Briefing) -> None:
    """Each other story's bottom line and key points, with their chips."""
    if len(b.stories) <= 1:
        return
    st.markdown("##### Other stories")
    for s in b.stories[1:]:
        st.markdown(f"**{md_escape(s.id)} — {md_escape(s.title)}**")
        st.caption(md_escape(f"{s.role} · {_dates(s)} · sources {', '.join(s.document_ids)}"
                             + (f" · {s.note}" if s.note else "")))
        statements(state, s.bottom_line, f"{s.id}bl", b, numbered=False)
        statements(state, s.key_points, f"{s.id}kp", b, numbered=True)


def _heading(sec: Section) -> None:
    if sec.label:
        st.markdown(f"##### {md_escape(sec.label)}")


def contested_view(state: UIState, b: Briefing) -> None:
    """Contested points: the topic, the note, and each side with its figure, sources and speaker."""
    if not any(sec.contested for sec in sections(b)):
        st.caption("No contested points: the sources do not contradict each other on any fact found.")
        return
    for sec in sections(b):
        if not sec.contested:
            continue
        _heading(sec)
        for i, c in enumerate(sec.contested):
            st.markdown(f"**{md_escape(c.topic)}**" + (f" — {md_escape(c.note)}" if c.note else ""))
            for j, side in enumerate(c.sides):
                who = attributed(side.speaker)
                head = f"{side.value or f'Side {j + 1}'} · {', '.join(side.sources)} · {who}"
                statement(state, side, f"{sec.key}ct{i}_{j}", b, prefix=f"**{md_escape(head)}:** ")
            st.divider()


def _cell(state: UIState, row: ClaimRow, cell: ClaimCellEntry | None, b: Briefing, where: str) -> None:
    if cell is not None and cell.cell is not ClaimCell.silent and cell.citation is None and not cell.independent:
        st.caption(md_escape(f"{MARK[cell.cell]} {cell.reason or 'copy'}"))  # a copy with no identical passage
        return
    if cell is None or cell.cell is ClaimCell.silent or cell.citation is None:
        st.caption("silent")
        return
    note = f"{cell.source_id} {cell.cell.value}"
    note += f": {cell.value}" if cell.value else ""
    note += f"; {attributed(cell.speaker)}" if cell.speaker else ""
    note += " (a copy: not counted)" if not cell.independent else ""
    label = f"{MARK[cell.cell]} {cell.citation.passage_id}"
    chip(state, cell.citation, f"cite_mx_{cell.cell.value}_{row.id}_{cell.source_id}", b, label=label,
         note=note + "\n\n", where=where)
    if cell.value:
        st.caption(md_escape(cell.value[:60]))


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"


def _matrix(state: UIState, rows: list[ClaimRow], b: Briefing) -> None:
    """A header of source columns, then per claim: its text across the table and one cell per source below.

    Past ``GRID_MAX`` sources the grid of buttons is unreadable: a table with a sticky header
    row and first column, horizontal scroll and one selectable cell per source stands in.
    """
    source_ids = [c.source_id for c in rows[0].cells]
    if len(source_ids) > GRID_MAX:
        _matrix_table(state, rows, b, source_ids)
        return
    head = st.columns(len(source_ids), gap="small", vertical_alignment="top")
    for col, sid in zip(head, source_ids, strict=True):
        doc = b.source(sid)
        outlet = source_label(doc, 40) if doc else ""
        copy = f" · copy of {doc.duplicate_of}" if doc and doc.duplicate_of else ""
        col.markdown(f"**{md_escape(sid)}**")
        col.caption(md_escape(outlet + copy))
    for r in rows:
        st.divider()
        topic = f" **{md_escape(r.topic)}** ·" if r.topic else ""
        claim = _short(r.claim, 220)
        with st.container(key=f"row_{r.id}"):
            st.markdown(f"`{md_escape(r.id)}`{topic} {md_escape(claim)} "
                        f":gray[({r.asserting} for, {r.contradicting} against)]")
        if state.focus_row == r.id:  # reached through a "see Cn" link: bring the row into view once
            state.focus_row = None
            st.html(scroll_script(f"st-key-row_{r.id}"), unsafe_allow_javascript=True)
        where = f"mx_{r.id}"
        for col, sid in zip(st.columns(len(source_ids), gap="small"), source_ids, strict=True):
            with col:
                _cell(state, r, r.cell_for(sid), b, where)
        inline_passage(state, b, where)


def _cell_text(c: ClaimCellEntry | None) -> str:
    if c is None or c.cell is ClaimCell.silent:
        return "·"
    if c.citation is None:
        return f"{MARK[c.cell]} {c.reason or 'copy'}"
    bits = [MARK[c.cell], c.citation.passage_id]
    if c.value:
        bits.append(_short(c.value, 30))
    if not c.independent:
        bits.append("(copy)")
    return " ".join(bits)


def _matrix_table(state: UIState, rows: list[ClaimRow], b: Briefing, source_ids: list[str]) -> None:
    """The matrix as a scrolling table (sticky header and claim column); selecting a cell opens its passage."""
    heads = {sid: f"{sid} · {source_label(d, 24)}" if (d := b.source(sid)) else sid for sid in source_ids}
    data: dict[str, list[str]] = {"claim": [f"{r.id} · {_short(r.claim, 90)}" for r in rows]}
    for sid in source_ids:
        data[heads[sid]] = [_cell_text(r.cell_for(sid)) for r in rows]
    key = f"mxtable_{rows[0].id}"
    event = st.dataframe(
        data, key=key, on_select="rerun", selection_mode="single-cell", hide_index=True,
        column_config={"claim": st.column_config.TextColumn("claim", pinned=True, width="large"),
                       **{heads[s]: st.column_config.TextColumn(heads[s], width="medium") for s in source_ids}},
        height=min(38 + 35 * len(rows), 560),
    )
    cells = getattr(getattr(event, "selection", None), "cells", None) or []
    where = f"mxtable_{rows[0].id}"
    if cells:
        r_index, column = cells[0][0], str(cells[0][1])
        picked = next((s for s in source_ids if heads[s] == column), None)
        cell = rows[r_index].cell_for(picked) if picked and 0 <= r_index < len(rows) else None
        if cell is not None and cell.citation is not None:
            ref = CitationRef.of(cell.citation)
            if state.selected != ref or state.selected_where != where:
                state.selected, state.selected_where, state.selected_key = ref, where, key
                state.opened += 1
    inline_passage(state, b, where)


def claim_matrix_view(state: UIState, b: Briefing) -> None:
    """Rows = claims, columns = sources; ✓ asserts, ✗ contradicts (red), silent. A cell opens its passage."""
    if not any(sec.claim_matrix for sec in sections(b)):
        st.caption("No claim matrix: there are no claims to compare across sources.")
        return
    st.caption("✓ asserts · ✗ contradicts · silent: the source does not mention it. "
               "Click a cell to read the cited passage; copies are shown but not counted.")
    for sec in sections(b):
        if sec.claim_matrix:
            _heading(sec)
            with st.container(key=f"matrix_{sec.key or 'main'}"):
                _matrix(state, sec.claim_matrix, b)


def timeline_view(state: UIState, b: Briefing) -> None:
    """Dated entries in order: the date label, the sentence, how the date was read, and chips."""
    if not any(sec.timeline for sec in sections(b)):
        st.caption("No timeline: no dated events were found in the sources.")
        return
    for sec in sections(b):
        if not sec.timeline:
            continue
        _heading(sec)
        events, background = split_background(sec.timeline)
        for i, e in enumerate([*events, *background]):
            if i == len(events):
                st.markdown("###### Background")
                st.caption("Earlier dates the sources mention: context, not events of this story.")
            how = f"“{e.expression}”" + (f", {e.resolved_from}" if e.resolved_from else "")
            statement(state, e, f"{sec.key}tl{i}", b,
                      prefix=f"**{md_escape(e.when)}** — ", suffix=f" *({md_escape(how)})*")
