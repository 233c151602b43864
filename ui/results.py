"""The briefing view: bottom line, key points with citation chips, contested points,
per-source tabs, checks, usage, skipped inputs, downloads, and the passage viewer.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from summarizer.models import Briefing, Citation, Document, KeyPoint, Statement
from summarizer.render.common import corroboration_label, source_line, usage_line, verification_line
from ui.state import CitationRef, UIState
from ui.text import md_escape, passage_html

DOWNLOADS = (("md", "Markdown", "text/markdown"), ("html", "HTML", "text/html"), ("json", "JSON", "application/json"))


def _select(state: UIState, c: Citation) -> None:
    state.selected = CitationRef.of(c)


def _chips(state: UIState, st_: Statement, where: str, briefing: Briefing) -> None:
    """One small button per citation; clicking it opens the passage in the viewer."""
    if not st_.citations:
        return
    with st.container(horizontal=True, gap="small", key=f"chips_{where}"):
        for j, c in enumerate(st_.citations):
            doc = briefing.source(c.source_id)
            outlet = source_line(doc) if doc else c.source_id
            selected = state.selected == CitationRef.of(c)
            st.button(
                c.passage_id, key=f"cite_{where}_{j}", on_click=_select, args=(state, c),
                type="primary" if selected else "secondary", help=md_escape(f"{outlet}: “{c.quote[:240]}”"),
            )


def _statement(state: UIState, st_: Statement, where: str, briefing: Briefing, prefix: str = "") -> None:
    line = prefix + md_escape(st_.text)
    if isinstance(st_, KeyPoint):
        color = "orange" if st_.single_source else "green"
        line += f" :{color}-badge[{corroboration_label(st_)}]"
    if st_.flagged:
        line += " :red-badge[unverified] " + md_escape("; ".join(st_.flags))
    st.markdown(line)
    _chips(state, st_, where, briefing)


def _statements(state: UIState, items: Sequence[Statement], where: str, b: Briefing, numbered: bool) -> None:
    for i, s in enumerate(items):
        _statement(state, s, f"{where}{i}", b, prefix=f"**{i + 1}.** " if numbered else "")


def briefing_view(state: UIState, b: Briefing) -> None:
    """The whole result; the passage viewer sits in the right-hand column."""
    st.subheader(md_escape(b.title), anchor=False)
    model = f" · {b.method.model}" if b.method.model and b.method.model != b.method.engine else ""
    st.caption(md_escape(
        f"{len(b.sources)} sources · {b.method.engine} engine{model} · "
        f"generated {b.generated_at:%Y-%m-%d %H:%M} UTC"
    ))
    if state.sources_changed:
        st.info("Sources were added, removed or edited since this briefing was made: run again to update it.")
    _downloads(state, b)
    main, side = st.columns([3, 2], gap="large")
    with main:
        brief_tab, contested_tab, sources_tab, checks_tab = st.tabs(
            ["Briefing", f"Contested ({len(b.contested)})", f"Sources ({len(b.sources)})", "Checks & usage"]
        )
        with brief_tab:
            st.markdown("##### Bottom line")
            _statements(state, b.bottom_line, "bl", b, numbered=False)
            st.markdown("##### Key points")
            _statements(state, b.key_points, "kp", b, numbered=True)
        with contested_tab:
            _contested(state, b)
        with sources_tab:
            _source_tabs(state, b)
        with checks_tab:
            _checks(b, state)
    with side, st.container(key="passage_viewer"):
        passage_viewer(state, b)


def _contested(state: UIState, b: Briefing) -> None:
    if not b.contested:
        st.caption("No contested points: the sources do not contradict each other on any fact found.")
    for i, c in enumerate(b.contested):
        st.markdown(f"**{md_escape(c.topic)}**" + (f" — {md_escape(c.note)}" if c.note else ""))
        _statements(state, c.sides, f"ct{i}_", b, numbered=False)
        st.divider()


def _source_tabs(state: UIState, b: Briefing) -> None:
    summaries = {s.source_id: s for s in b.source_summaries}
    tabs = st.tabs([d.id for d in b.sources])
    for tab, doc in zip(tabs, b.sources, strict=True):
        with tab:
            st.markdown(f"**{md_escape(doc.title)}**")
            _doc_meta(doc)
            if doc.duplicate_of:
                st.warning(f"Copy of {doc.duplicate_of}: not counted as independent corroboration.")
            summary = summaries.get(doc.id)
            _statements(state, summary.statements if summary else [], f"src{doc.id}_", b, numbered=False)
            with st.expander("Full text"):
                st.html(passage_html(doc, 0, 0, context=None))


def _doc_meta(doc: Document) -> None:
    line = md_escape(source_line(doc))
    if doc.author:
        line += " · " + md_escape(doc.author)
    if doc.url:
        line += f" · [link]({_safe_link(doc.url)})"
    st.caption(line + " · " + md_escape(doc.origin))


def _safe_link(url: str) -> str:
    """A link target only for http(s) URLs, with characters that could end the Markdown link escaped."""
    if not url.lower().startswith(("http://", "https://")):
        return "#"
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def _checks(b: Briefing, state: UIState) -> None:
    v = b.verification
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Citations resolve", f"{v.citations_valid}/{v.citations_checked}")
    c2.metric("Sentences checked", v.checked)
    c3.metric("Flagged", v.flagged)
    c4.metric("Time", f"{b.usage.wall_seconds:.1f} s")
    st.caption(md_escape(verification_line(b)))
    st.caption(md_escape(usage_line(b)))
    if state.stage_seconds:
        st.caption(md_escape(" · ".join(f"{k} {v:.1f} s" for k, v in state.stage_seconds.items())))
    if b.skipped:
        st.markdown("##### Inputs skipped or flagged")
        for w in b.skipped:
            st.warning(md_escape(str(w)), icon=":material/warning:")
    skipped = {str(s) for s in b.skipped}
    for note in b.method.warnings:
        if note not in skipped:
            st.warning(md_escape(note), icon=":material/warning:")


def _downloads(state: UIState, b: Briefing) -> None:
    from summarizer.render import render

    with st.container(horizontal=True, gap="small"):
        for fmt, label, mime in DOWNLOADS:
            if fmt not in state.downloads:
                state.downloads[fmt] = render(b, fmt)
            st.download_button(
                f"Download {label}", data=state.downloads[fmt], file_name=f"briefing.{fmt}", mime=mime,
                key=f"download_{fmt}", on_click="ignore", icon=":material/download:",
            )


def passage_viewer(state: UIState, b: Briefing) -> None:
    """The cited passage, highlighted inside its article, with outlet, date and link."""
    st.markdown("##### Cited passage")
    ref = state.selected
    doc = b.source(ref.source_id) if ref else None
    if ref is None or doc is None:
        st.caption("Click a citation chip (such as S1.2) to see the passage it points to, in its article.")
        return
    st.markdown(f"**{md_escape(ref.passage_id)}** · {md_escape(doc.title)}")
    _doc_meta(doc)
    st.html(passage_html(doc, ref.start, ref.end))
    with st.expander("Whole article"):
        st.html(passage_html(doc, ref.start, ref.end, context=None))
