"""Citation chips and cited statements, shared by every results tab.

A chip is a small button; clicking it stores the citation in ``UIState.selected``
together with *where* it was clicked, and the passage opens right there, under
the statement (or the claim-matrix row) the reader is looking at: a script
scrolls the highlight into view and moves keyboard focus to it; Escape returns
focus to the chip.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from summarizer.labels import doc_title
from summarizer.models import Briefing, Citation, KeyPoint, Statement
from summarizer.render.common import corroboration_label, source_line
from summarizer.render.safety import md_link
from ui.state import CitationRef, UIState
from ui.text import focus_script, md_escape, passage_html


def select(state: UIState, c: Citation, where: str = "", key: str = "") -> None:
    """Open citation ``c`` under the statement ``where`` (a button callback); a second click closes it."""
    ref = CitationRef.of(c)
    if state.selected == ref and state.selected_where == where:
        close(state)
        return
    state.selected, state.selected_where, state.selected_key = ref, where, key
    state.opened += 1


def close(state: UIState) -> None:
    """Close the open passage (a button callback)."""
    state.selected = state.selected_where = state.selected_key = None


def outlet_of(b: Briefing, source_id: str) -> str:
    """'Outlet · date' for a source id (unescaped), or the id itself when unknown."""
    doc = b.source(source_id)
    return source_line(doc) if doc else source_id


def chip(state: UIState, c: Citation, key: str, b: Briefing, label: str | None = None, note: str = "",
         where: str = "") -> None:
    """One citation button; ``label`` defaults to the passage id, ``note`` prefixes the tooltip."""
    selected = state.selected == CitationRef.of(c) and state.selected_where == where
    st.button(
        label or c.passage_id, key=key, on_click=select, args=(state, c, where, key),
        type="primary" if selected else "secondary",
        help=md_escape(f"{note}{outlet_of(b, c.source_id)}: “{c.quote[:240]}”"),
    )


def chips(state: UIState, st_: Statement, where: str, briefing: Briefing) -> None:
    """One small button per citation; clicking it opens the passage in the viewer."""
    if not st_.citations:
        return
    with st.container(horizontal=True, gap="small", key=f"chips_{where}"):
        for j, c in enumerate(st_.citations):
            chip(state, c, f"cite_{where}_{j}", briefing, where=where)
    inline_passage(state, briefing, where)


def inline_passage(state: UIState, b: Briefing, where: str) -> None:
    """The open passage, when it was opened from ``where``: heading, article, highlight, focus script."""
    ref = state.selected
    if ref is None or state.selected_where != where:
        return
    doc = b.source(ref.source_id)
    if doc is None:
        return
    box = f"passage-{state.opened}"
    with st.container(key=f"passage_{where}"):
        meta = md_escape(source_line(doc)) + (" · copy of " + md_escape(doc.duplicate_of) if doc.duplicate_of else "")
        meta += f" · {md_link(doc.url)}" if doc.url else ""  # http(s) only, escaped (render.safety)
        st.markdown(f"**{md_escape(ref.passage_id)}** · {md_escape(doc_title(doc))} · {meta}")
        body = passage_html(doc, ref.start, ref.end, box_id=box)
        st.html(body)  # source text: escaped, and no script may run in it
        st.html(focus_script(box, state.selected_key or ""), unsafe_allow_javascript=True)  # our own, ids only
        st.button("Close passage", key=f"close_{where}", on_click=close, args=(state,), icon=":material/close:",
                  help="Or press Escape to return to the citation.")


def statement(
    state: UIState, st_: Statement, where: str, briefing: Briefing, prefix: str = "", suffix: str = ""
) -> None:
    """The statement's text (escaped), its corroboration and verifier badges, then its chips.

    ``prefix`` and ``suffix`` are Markdown the caller has already escaped.
    """
    line = prefix + md_escape(st_.text) + suffix
    row = st_.claim_row if isinstance(st_, KeyPoint) else None
    if isinstance(st_, KeyPoint):
        color = "red" if st_.disputed_by else "orange" if st_.single_source else "green"
        label = corroboration_label(st_.model_copy(update={"claim_row": None}))  # "see Cn" is a link below
        line += f" :{color}-badge[{md_escape(label)}]"
    if st_.flagged:
        line += " :red-badge[unverified] " + md_escape("; ".join(st_.flags))
    st.markdown(line)
    if row:
        st.button(f"see {row}", key=f"see_{where}", type="tertiary", icon=":material/table_rows:",
                  on_click=goto_row, args=(state, row, matrix_tab_label(briefing)),
                  help="Open this claim's row in the claim matrix.")
    chips(state, st_, where, briefing)


TABS_KEY = "results_tabs"


def matrix_tab_label(b: Briefing) -> str:
    """The claim-matrix tab's label (the cross-reference links switch to it by this name)."""
    return f"Claim matrix ({len(b.claim_matrix) + sum(len(s.claim_matrix) for s in b.stories[1:])})"


def goto_row(state: UIState, row_id: str, tab_label: str) -> None:
    """Switch to the claim-matrix tab and scroll to row ``row_id`` (a button callback)."""
    st.session_state[TABS_KEY] = tab_label
    state.focus_row = row_id


def statements(state: UIState, items: Sequence[Statement], where: str, b: Briefing, numbered: bool) -> None:
    """Several statements, numbered or not, each with its chips."""
    for i, s in enumerate(items):
        statement(state, s, f"{where}{i}", b, prefix=f"**{i + 1}.** " if numbered else "")
