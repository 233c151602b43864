"""The briefing view: bottom line, key points with citation chips, the story tabs (ui.story_views),
per-source tabs, checks, usage, skipped inputs and downloads (passages open inline: ui.chips).
"""

from __future__ import annotations

import streamlit as st

from summarizer.labels import count, doc_title, source_label
from summarizer.models import Briefing, Document
from summarizer.render.common import source_line, usage_line, verification_line
from ui.chips import TABS_KEY, matrix_tab_label, statements
from ui.state import UIState
from ui.story_views import (
    claim_matrix_view,
    contested_view,
    other_stories,
    sections,
    stories_notice,
    timeline_view,
)
from ui.text import md_escape, passage_html, scroll_script

DOWNLOADS = (("md", "Markdown", "text/markdown"), ("html", "HTML", "text/html"), ("json", "JSON", "application/json"))


def briefing_view(state: UIState, b: Briefing) -> None:
    """The whole result; a cited passage opens under the statement whose chip was clicked."""
    with st.container(key="results_top"):
        st.subheader(md_escape(b.title), anchor=False)
    if state.scroll_to_results:  # once, right after a run: bring the briefing into view
        state.scroll_to_results = False
        st.html(scroll_script("st-key-results_top"), unsafe_allow_javascript=True)
    if state.error_stale:
        st.warning("This briefing is from an earlier run: the last run failed (see the error above).",
                   icon=":material/history:")
    model = f" · {b.method.model}" if b.method.model and b.method.model != b.method.engine else ""
    st.caption(md_escape(
        f"{count(len(b.sources), 'source')} · {b.method.engine} engine{model} · "
        f"generated {b.generated_at:%Y-%m-%d %H:%M} UTC"
    ))
    if state.sources_changed:
        st.info("Sources were added, removed or edited since this briefing was made: run again to update it.")
    _downloads(state, b)
    stories_notice(b)
    secs = sections(b)
    n_contested = sum(len(s.contested) for s in secs)
    n_dated = sum(len(s.timeline) for s in secs)
    brief_tab, contested_tab, matrix_tab, timeline_tab, sources_tab, checks_tab = st.tabs([
        "Briefing", f"Contested ({n_contested})", matrix_tab_label(b), f"Timeline ({n_dated})",
        f"Sources ({len(b.sources)})", "Checks & usage",
    ], key=TABS_KEY, on_change="rerun")
    with brief_tab:
        st.markdown("##### Bottom line")
        statements(state, b.bottom_line, "bl", b, numbered=False)
        st.markdown("##### Key points")
        statements(state, b.key_points, "kp", b, numbered=True)
        other_stories(state, b)
    with contested_tab:
        contested_view(state, b)
    with matrix_tab:
        claim_matrix_view(state, b)
    with timeline_tab:
        timeline_view(state, b)
    with sources_tab:
        _source_tabs(state, b)
    with checks_tab:
        _checks(b, state)


def _source_tabs(state: UIState, b: Briefing) -> None:
    summaries = {s.source_id: s for s in b.source_summaries}
    tabs = st.tabs([f"{d.id} · {source_label(d)}" for d in b.sources], key="source_tabs", on_change="rerun")
    for tab, doc in zip(tabs, b.sources, strict=True):
        with tab:
            st.markdown(f"**{md_escape(doc_title(doc))}**")
            _doc_meta(doc)
            if doc.duplicate_of:
                st.warning(f"Copy of {doc.duplicate_of}: not counted as independent corroboration.")
            summary = summaries.get(doc.id)
            statements(state, summary.statements if summary else [], f"src{doc.id}_", b, numbered=False)
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
