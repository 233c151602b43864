"""AppTest flows for the UI's state rules: where a passage opens, what survives a rerun, Start over,
a failed run after a good one, errors in the page's own words, and labels that are never file names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from summarizer.labels import is_file_name
from tests.test_ui import (  # noqa: F401  (_fast_embedder is an autouse fixture)
    HOSTILE,
    _fast_embedder,
    example_files,
    new_app,
    plain,
    run,
    state,
    upload,
)
from ui.chips import TABS_KEY, matrix_tab_label
from ui.run import for_this_page

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def ran() -> AppTest:
    at = new_app()
    at.file_uploader[0].set_value([(n, d, "application/octet-stream") for n, d in example_files()])
    at.run()
    run(at)
    return at


def _scripts(at: AppTest) -> list[str]:
    return [h.value for h in at.html if h.value.startswith("<script>")]


def test_a_run_scrolls_to_the_briefing_once(ran: AppTest) -> None:
    at = ran
    assert any("st-key-results_top" in s for s in _scripts(at))  # right after the run
    at.run()
    assert not any("st-key-results_top" in s for s in _scripts(at))  # not on later reruns


def test_chip_opens_its_passage_under_the_statement_with_focus_script(ran: AppTest) -> None:
    at = ran
    b = state(at).briefing
    assert b is not None
    at.button(key="cite_kp1_0").click().run()
    assert not at.exception
    s = state(at)
    assert s.selected_where == "kp1" and s.selected_key == "cite_kp1_0"
    ref = b.key_points[1].citations[0]
    boxes = [h.value for h in at.html if 'class="cited"' in h.value and f'id="passage-{s.opened}"' in h.value]
    assert len(boxes) == 1 and "tabindex=\"-1\"" in boxes[0]
    focus = [x for x in _scripts(at) if f"passage-{s.opened}" in x]
    assert focus and ".st-key-cite_kp1_0 button" in focus[0] and "Escape" in focus[0]
    assert any(f"**{ref.passage_id}** · " in plain(m.value) for m in at.markdown)
    # only one passage is open, under the statement that was clicked
    assert sum('class="cited"' in h.value for h in at.html) == 1
    at.button(key="cite_kp1_0").click().run()  # a second click closes it
    assert state(at).selected is None and not any('class="cited"' in h.value for h in at.html)


def test_see_link_switches_to_the_claim_matrix_row(ran: AppTest) -> None:
    at = ran
    b = state(at).briefing
    assert b is not None
    n, kp = next((n, k) for n, k in enumerate(b.key_points) if k.claim_row)
    at.button(key=f"see_kp{n}").click().run()
    assert not at.exception
    assert at.session_state[TABS_KEY] == matrix_tab_label(b)
    assert any(f"st-key-row_{kp.claim_row}" in s for s in _scripts(at))


def test_matrix_cell_click_keeps_the_matrix_tab(ran: AppTest) -> None:
    at = ran
    b = state(at).briefing
    assert b is not None
    at.session_state[TABS_KEY] = matrix_tab_label(b)
    at.run()
    row = next(r for r in b.claim_matrix if any(c.citation for c in r.cells))
    cell = next(c for c in row.cells if c.citation)
    at.button(key=f"cite_mx_{cell.cell.value}_{row.id}_{cell.source_id}").click().run()
    assert not at.exception
    assert at.session_state[TABS_KEY] == matrix_tab_label(b)  # the tab's state survives the rerun
    assert state(at).selected_where == f"mx_{row.id}"


def test_failed_run_labels_the_old_briefing_and_names_controls() -> None:
    at = new_app()
    at.text_area(key="paste_text").input(HOSTILE)
    at.button(key="paste_add").click().run()
    run(at)
    at.radio(key="engine").set_value("llm").run()
    at.text_input(key="base_url").input("http://127.0.0.1:9/v1")
    at.run()
    at.button(key="run").click().run(timeout=180)
    assert not at.exception and at.error
    assert state(at).briefing is not None and state(at).error_stale
    assert any("from an earlier run" in w.value for w in at.warning)
    assert not any(re.search(r"(?<![\w-])--[a-z]", e.value) for e in at.error)  # no CLI flags in UI errors


def test_errors_name_controls_not_flags() -> None:
    msg = for_this_page("prompt needs 9000 tokens, over --max-tokens 8000; raise --max-tokens or set --base-url")
    assert "--" not in msg and "Base URL box" in msg
    assert for_this_page("the --model-list flag") == "the --model-list flag"  # only whole flags


def test_start_over_clears_sources_and_briefing(ran: AppTest) -> None:
    at = ran
    at.button(key="start_over").click().run()
    assert not at.exception
    s = state(at)
    assert s.sources == [] and s.briefing is None and s.selected is None
    assert any("Sources (0)" in e.label for e in at.expander)


def test_seed_titles_and_tabs_are_never_file_names() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds absent")
    at = new_app()
    upload(at, [(p.name, p.read_bytes()) for p in sorted(SEEDS.iterdir())])
    b = run(at)
    names = {p.stem for p in SEEDS.iterdir()}
    assert not is_file_name(b.title)
    shown = [plain(m.value) for m in at.markdown] + [t.label for t in at.tabs] + [plain(h.value) for h in at.subheader]
    for text in shown:
        assert not any(n in text for n in names), text


def test_claim_matrix_at_20_sources_is_a_scrolling_table(ran: AppTest) -> None:
    """Past 8 sources the matrix is one table: a pinned claim column, outlet names in the headers,
    and every cell keeping its passage id (no button grid squeezed to '✓.')."""
    at = ran
    b = state(at).briefing
    if b is None:  # Start over ran first in this module
        run_examples = new_app()
        run_examples.file_uploader[0].set_value([(n, d, "application/octet-stream") for n, d in example_files()])
        run_examples.run()
        b = run(run_examples)
        at = run_examples
    base = b.sources[0]
    docs = [base.model_copy(update={"id": f"S{n}", "outlet": f"Outlet Number {n}", "duplicate_of": None})
            for n in range(1, 21)]
    row = next(r for r in b.claim_matrix if any(c.citation for c in r.cells))
    proto = next(c for c in row.cells if c.citation)
    cells = [proto.model_copy(update={"source_id": d.id}) for d in docs]
    rows = [row.model_copy(update={"id": f"C{n}", "cells": cells}) for n in range(1, 4)]
    wide = b.model_copy(update={"sources": docs, "claim_matrix": rows, "stories": b.stories[:1]})
    state(at).briefing = wide
    state(at).downloads = {}
    at.run()
    assert not at.exception
    (table,) = at.dataframe
    frame = table.value
    assert list(frame.columns)[0] == "claim" and len(frame.columns) == 21
    assert all("Outlet Number" in str(c) for c in list(frame.columns)[1:])
    assert all(proto.citation is not None and proto.citation.passage_id in str(v)
               for v in frame.iloc[:, 1:].to_numpy().ravel())
