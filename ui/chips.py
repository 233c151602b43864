"""Citation chips and cited statements, shared by every results tab.

A chip is a small button; clicking it stores the citation in ``UIState.selected``
and the one passage viewer (``ui.results.passage_viewer``) shows that passage.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from summarizer.models import Briefing, Citation, KeyPoint, Statement
from summarizer.render.common import corroboration_label, source_line
from ui.state import CitationRef, UIState
from ui.text import md_escape


def select(state: UIState, c: Citation) -> None:
    """Open citation ``c`` in the passage viewer (a button callback)."""
    state.selected = CitationRef.of(c)


def outlet_of(b: Briefing, source_id: str) -> str:
    """'Outlet · date' for a source id (unescaped), or the id itself when unknown."""
    doc = b.source(source_id)
    return source_line(doc) if doc else source_id


def chip(state: UIState, c: Citation, key: str, b: Briefing, label: str | None = None, note: str = "") -> None:
    """One citation button; ``label`` defaults to the passage id, ``note`` prefixes the tooltip."""
    selected = state.selected == CitationRef.of(c)
    st.button(
        label or c.passage_id, key=key, on_click=select, args=(state, c),
        type="primary" if selected else "secondary",
        help=md_escape(f"{note}{outlet_of(b, c.source_id)}: “{c.quote[:240]}”"),
    )


def chips(state: UIState, st_: Statement, where: str, briefing: Briefing) -> None:
    """One small button per citation; clicking it opens the passage in the viewer."""
    if not st_.citations:
        return
    with st.container(horizontal=True, gap="small", key=f"chips_{where}"):
        for j, c in enumerate(st_.citations):
            chip(state, c, f"cite_{where}_{j}", briefing)


def statement(
    state: UIState, st_: Statement, where: str, briefing: Briefing, prefix: str = "", suffix: str = ""
) -> None:
    """The statement's text (escaped), its corroboration and verifier badges, then its chips.

    ``prefix`` and ``suffix`` are Markdown the caller has already escaped.
    """
    line = prefix + md_escape(st_.text) + suffix
    if isinstance(st_, KeyPoint):
        color = "red" if st_.disputed_by else "orange" if st_.single_source else "green"
        line += f" :{color}-badge[{corroboration_label(st_)}]"
    if st_.flagged:
        line += " :red-badge[unverified] " + md_escape("; ".join(st_.flags))
    st.markdown(line)
    chips(state, st_, where, briefing)


def statements(state: UIState, items: Sequence[Statement], where: str, b: Briefing, numbered: bool) -> None:
    """Several statements, numbered or not, each with its chips."""
    for i, s in enumerate(items):
        statement(state, s, f"{where}{i}", b, prefix=f"**{i + 1}.** " if numbered else "")
