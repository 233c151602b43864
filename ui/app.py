"""Streamlit web UI: add articles, run the summarizer, check every citation in its article.

Start it with `summarizer ui` (or `streamlit run ui/app.py`). The page only
collects input and renders; all work is done by summarizer.service.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script by `streamlit run`: make `ui` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from ui.results import briefing_view  # noqa: E402
from ui.run import run_briefing, settings_panel  # noqa: E402
from ui.sources import add_sources_panel, source_list  # noqa: E402
from ui.state import UIState, get_state  # noqa: E402
from ui.style import inject_css, page_icon  # noqa: E402


def _start_over(state: UIState) -> None:
    state.start_over()
    for k in [k for k in st.session_state if str(k).startswith(("paste_", "url_input", "results_tabs", "source_tabs"))]:
        del st.session_state[k]


def main() -> None:
    """Lay out the page: settings in the sidebar, sources and run at the top, results below."""
    # the icon is an image made here: an emoji or Material icon would be fetched from a font/CDN server
    st.set_page_config(page_title="Summarizer — cited briefings", page_icon=page_icon(), layout="wide")
    inject_css()
    state = get_state(st.session_state)
    settings, api_key = settings_panel()
    st.title("Cited briefings", anchor=False)
    st.caption("Add several articles about one story; every sentence of the briefing links to the passage it rests on.")
    if settings is None:
        return
    with st.expander(f"Sources ({len(state.sources)})", expanded=state.briefing is None,
                     key=f"sources_panel_{state.runs}"):  # a new key per run: collapsed after a run
        add_sources_panel(state, settings)
        source_list(state)
    with st.container(horizontal=True, gap="small"):
        run = st.button(
            "Summarize", type="primary", key="run", disabled=not state.sources, icon=":material/play_arrow:",
            help="Brief the sources listed above with the settings in the sidebar.",
        )
        st.button("Start over", key="start_over", on_click=_start_over, args=(state,), icon=":material/restart_alt:",
                  disabled=not state.sources and state.briefing is None,
                  help="Remove every source and the briefing, and begin again.")
    if run:
        run_briefing(state, settings, api_key)
    if state.run_error:
        st.error(state.run_error, icon=":material/error:")
    if state.briefing is not None:
        briefing_view(state, state.briefing)


main()
