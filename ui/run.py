"""Settings from the sidebar, and one run of the library with a progress display per stage."""

from __future__ import annotations

import logging
import re
import time

import streamlit as st

from summarizer.embed import Embedder, get_embedder
from summarizer.errors import SummarizerError
from summarizer.service import brief_sources
from summarizer.settings import Settings, load_settings
from summarizer.tokens import get_encoding
from ui.state import UIState
from ui.text import md_escape

log = logging.getLogger("summarizer.ui")
STAGES = ("ingest", "segment", "embed", "summarize", "merge", "verify")
# CLI flags the library's messages may name, and the control that sets the same thing on this page
CONTROLS = {
    "--max-tokens": "the token limit (SUMMARIZER_MAX_TOKENS on the server)",
    "--base-url": "the Base URL box in the sidebar",
    "--model": "the Model box in the sidebar",
    "--words": "the Target length slider in the sidebar",
    "--engine": "the Engine choice in the sidebar",
    "--embedder": "the embedder setting (SUMMARIZER_EMBEDDER on the server)",
    "--config": "the server's settings file",
    "OPENAI_API_KEY": "the API key box in the sidebar (or OPENAI_API_KEY on the server)",
}


def for_this_page(message: str) -> str:
    """``message`` with each CLI flag replaced by the UI control that sets it."""
    for flag, control in CONTROLS.items():
        message = re.sub(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", control, message)
    return message


@st.cache_resource(show_spinner=False)
def cached_embedder(name: str) -> Embedder:
    """The embedder, loaded once per server process and shared by every session."""
    return get_embedder(name)


@st.cache_resource(show_spinner=False)
def cached_encoding(name: str) -> object:
    """The tiktoken encoding, loaded once per server process."""
    return get_encoding(name)


def settings_panel() -> tuple[Settings | None, str]:
    """The sidebar: engine, model, base URL, API key (session only) and target length.

    Returns the Settings (None, with an error shown, when a value is invalid) and the key.
    """
    defaults = Settings()
    sb = st.sidebar
    sb.header("Settings", anchor=False)
    engine = sb.radio("Engine", ["extractive", "llm"], key="engine", horizontal=True,
                      format_func=lambda e: "Extractive (offline)" if e == "extractive" else "LLM")
    words = sb.slider("Target length (words)", 60, 600, defaults.words, step=20, key="words")
    model, base_url, api_key = defaults.model, "", ""
    if engine == "llm":
        model = sb.text_input("Model", defaults.model, key="model")
        base_url = sb.text_input("Base URL", defaults.base_url or "", key="base_url",
                                 placeholder="https://api.openai.com/v1 (default)",
                                 help="Any OpenAI-compatible server: vLLM, Ollama, llama.cpp, Azure…")
        api_key = sb.text_input("API key", type="password", key="api_key",
                                help="Kept in this browser session only: never saved or logged. "
                                     "Leave empty to use OPENAI_API_KEY from the server's environment.")
    sb.caption("The extractive engine runs offline and quotes the sources verbatim.")
    try:
        settings = load_settings(engine=engine, words=words, model=model.strip() or None,
                                 base_url=base_url.strip() or None)
    except SummarizerError as e:
        sb.error(str(e))
        return None, ""
    return settings, api_key


def run_briefing(state: UIState, settings: Settings, api_key: str) -> None:
    """Brief the session's sources, showing a progress bar and one line per stage.

    On failure the error names the page's controls, and a briefing from an earlier run stays
    only with a label saying so (``UIState.error_stale``).
    """
    state.run_error = None
    state.error_stale = False
    started = time.perf_counter()
    stage_start: dict[str, float] = {}
    seconds: dict[str, float] = {}
    with st.status("Summarizing…", expanded=True) as status:
        bar = st.progress(0.0, text="starting")
        lines = st.empty()

        def report(stage: str, frac: float) -> None:
            now = time.perf_counter()
            stage_start.setdefault(stage, now)
            if frac >= 1.0:
                seconds[stage] = now - stage_start[stage]
            done = (STAGES.index(stage) + min(frac, 1.0)) / len(STAGES) if stage in STAGES else 0.0
            bar.progress(min(done, 1.0), text=f"{stage} ({frac:.0%})")
            lines.caption(" · ".join(f"✓ {k} {v:.1f} s" for k, v in seconds.items()))

        try:
            status.update(label="Loading models…")
            cached_encoding(settings.encoding)
            cached_embedder(settings.embedder)
            status.update(label="Summarizing…")
            briefing = brief_sources(state.sources, settings, progress=report, api_key=api_key or None)
        except SummarizerError as e:
            state.run_error = for_this_page(str(e))
            state.error_stale = state.briefing is not None
            status.update(label="Failed", state="error", expanded=False)
            return
        except Exception as e:  # an unexpected failure still ends as one readable line
            log.error("briefing failed: %s: %s", type(e).__name__, e)
            state.run_error = f"The run failed unexpectedly ({type(e).__name__}: {md_escape(str(e))[:300]})"
            state.error_stale = state.briefing is not None
            status.update(label="Failed", state="error", expanded=False)
            return
        total = time.perf_counter() - started
        status.update(label=f"Done in {total:.1f} s", state="complete", expanded=False)
    state.briefing = briefing
    state.downloads = {}
    state.selected = state.selected_where = state.selected_key = None
    state.scroll_to_results = True
    state.stage_seconds = seconds
    state.sources_changed = False
    state.runs += 1
