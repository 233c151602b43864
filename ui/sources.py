"""Adding sources (upload, paste, URL) and the editable list of added sources."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

import streamlit as st

from summarizer.errors import SummarizerError
from summarizer.labels import count, headline, is_file_name
from summarizer.service import SUPPORTED_UPLOADS, Added, add_pasted, add_upload, add_url
from summarizer.settings import Settings
from ui.state import UIState
from ui.text import md_escape

UPLOAD_HELP = "Text, Markdown (with YAML front matter), HTML pages, JSON or JSON Lines; several at once."


def _absorb(state: UIState, make: Callable[[], Added]) -> None:
    """Run one add-* call and record its drafts, warnings or one-line error."""
    try:
        added = make()
    except SummarizerError as e:
        state.add_errors.append(str(e))
        return
    state.sources.extend(added.drafts)
    state.add_warnings.extend(added.warnings)
    if added.drafts:
        state.sources_changed = True


def _on_upload(state: UIState, settings: Settings, widget_key: str) -> None:
    files = st.session_state.get(widget_key) or []
    state.add_errors.clear()
    state.add_warnings.clear()
    for f in files:
        name, data = str(f.name), bytes(f.getvalue())
        _absorb(state, lambda name=name, data=data: add_upload(name, data, settings))  # type: ignore[misc]
    state.upload_generation += 1  # a fresh uploader, so the same files are not added twice


def _on_paste(state: UIState, settings: Settings) -> None:
    text = st.session_state.get("paste_text", "")
    state.add_errors.clear()
    state.add_warnings.clear()
    if not text.strip():
        state.add_errors.append("pasted text: nothing to add (the text box is empty)")
        return
    _absorb(state, lambda: add_pasted(
        text, settings, title=st.session_state.get("paste_title", ""),
        outlet=st.session_state.get("paste_outlet", ""),
    ))
    if not state.add_errors:
        for k in ("paste_text", "paste_title", "paste_outlet"):
            st.session_state[k] = ""


def _on_url(state: UIState, settings: Settings) -> None:
    url = st.session_state.get("url_input", "").strip()
    state.add_errors.clear()
    state.add_warnings.clear()
    if not url:
        state.add_errors.append("URL: nothing to fetch (the URL box is empty)")
        return
    _absorb(state, lambda: add_url(url, settings))
    if not state.add_errors:
        st.session_state["url_input"] = ""


def add_sources_panel(state: UIState, settings: Settings) -> None:
    """The three ways to add a source, and the messages from the last attempt."""
    upload_tab, paste_tab, url_tab = st.tabs(["Upload files", "Paste text", "From a URL"])
    with upload_tab:
        key = f"uploader_{state.upload_generation}"
        st.file_uploader(
            "Articles", type=list(SUPPORTED_UPLOADS), accept_multiple_files=True, key=key,
            help=UPLOAD_HELP, on_change=_on_upload, args=(state, settings, key),
            max_upload_size=max(1, math.ceil(settings.max_file_bytes / 1_000_000)),
        )
    with paste_tab:
        st.text_area("Article text", key="paste_text", height=160,
                     placeholder="Paste the article here (plain text or Markdown).")
        c1, c2 = st.columns(2)
        c1.text_input("Title", key="paste_title", placeholder="optional")
        c2.text_input("Outlet", key="paste_outlet", placeholder="optional")
        st.button("Add pasted text", key="paste_add", on_click=_on_paste, args=(state, settings))
    with url_tab:
        st.text_input("Page URL", key="url_input", placeholder="https://…",
                      help="Fetched by this server: public http(s) addresses only, 5 MB and 15 s at most.")
        st.button("Fetch and add", key="url_add", on_click=_on_url, args=(state, settings))
    for err in state.add_errors:
        st.error(err, icon=":material/block:")
    for w in state.add_warnings:
        kind = "Skipped" if w.kind in ("skipped", "duplicate") else "Note"
        st.warning(f"{kind}: {md_escape(str(w))}", icon=":material/warning:")


def _init(key: str, value: object) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def source_list(state: UIState) -> None:
    """Every added source with editable title, outlet, date and URL, and a remove button."""
    if not state.sources:
        st.info("No sources yet: upload articles, paste text or give a URL above.")
        return
    for n, d in enumerate(state.sources, start=1):
        meta = " · ".join(x for x in (d.outlet, d.published.isoformat() if d.published else "") if x)
        shown = d.title if not is_file_name(d.title, d.origin) else (  # a file name: its lead words instead
            headline(d.text.strip().split("\n", 1)[0], words=10) or "Untitled") + " (untitled file)"
        label = f"{n}. {shown}" + (f" — {meta}" if meta else "") + f" ({count(d.words, 'word')})"
        # the label is fixed when the entry first shows: a label that changed with each edit would
        # make a new, collapsed expander under the reader's cursor
        label = str(st.session_state.setdefault(f"entry_label_{d.key}", label))
        with st.expander(md_escape(label), expanded=False, key=f"entry_{d.key}"):
            k = d.key
            _init(f"title_{k}", d.title)
            _init(f"outlet_{k}", d.outlet)
            _init(f"date_{k}", d.published)
            _init(f"url_{k}", d.url)
            c1, c2, c3 = st.columns([3, 2, 1.3])
            c1.text_input("Title", key=f"title_{k}")
            c2.text_input("Outlet", key=f"outlet_{k}")
            c3.date_input("Date", key=f"date_{k}", min_value=date(1900, 1, 1), format="YYYY-MM-DD")
            st.text_input("Link", key=f"url_{k}")
            st.caption(md_escape(f"{d.origin} · {d.text[:300]}{'…' if len(d.text) > 300 else ''}"))
            st.button("Remove", key=f"remove_{k}", on_click=state.remove_source, args=(k,), icon=":material/delete:")
        _read_back(state, n - 1)


def _read_back(state: UIState, i: int) -> None:
    """Copy the edit widgets' values into the draft (and note that the briefing is now stale)."""
    d = state.sources[i]
    k = d.key
    title = str(st.session_state.get(f"title_{k}", d.title))
    outlet = str(st.session_state.get(f"outlet_{k}", d.outlet))
    url = str(st.session_state.get(f"url_{k}", d.url))
    published = st.session_state.get(f"date_{k}", d.published)
    published = published if isinstance(published, date) else None
    if (title, outlet, url, published) != (d.title, d.outlet, d.url, d.published):
        d.title, d.outlet, d.url, d.published = title, outlet, url, published
        state.sources_changed = True
