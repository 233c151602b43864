"""AppTest flows for the story views: claim matrix, timeline, contested speakers, the stories notice.

The real library runs underneath (extractive engine, TF-IDF embedder for speed), on the example
articles (one flood, deaths reported as 3, 4 and 5) and on two small articles about different events.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from summarizer.labels import attributed
from summarizer.models import Briefing, ClaimCell, ClaimRow
from summarizer.render.common import split_background
from tests.test_ui import all_text, example_files, new_app, plain, run, state, upload

FIRE = """---
title: "Warehouse fire in Dunmore destroys grain stores"
date: 2025-06-03
source: "Dunmore Post"
---

DUNMORE — A fire tore through a grain warehouse on the Dunmore docks on Monday night, destroying 2,000 tonnes
of wheat, the fire service said. Firefighters from three stations fought the blaze for six hours before bringing
it under control early on Tuesday. No one was injured, fire chief Anna Holt said, but the warehouse roof
collapsed. The owner, Dunmore Grain Co-operative, said the loss would reach $3 million. Investigators are
examining faulty wiring in the loading bay as a possible cause.
"""
ELECTION = """---
title: "Lakeport elects new mayor in close vote"
date: 2024-11-06
source: "Lakeport Herald"
---

LAKEPORT — Voters in Lakeport elected Marisol Chen as mayor on Tuesday, ending twelve years of rule by the
Civic Alliance party. Chen won 52 percent of the ballots cast, the city clerk said on Wednesday, with turnout at
61 percent. Her rival, council veteran Peter Okafor, conceded in a speech at the Harbour Hall. Chen promised to
build affordable housing and to expand the tram line to the northern suburbs. The new council will be sworn in
on January 8.
"""


@pytest.fixture(scope="module")
def examples_app() -> Iterator[tuple[AppTest, Briefing]]:
    """One run on the example articles, shared by the read-only checks below (a run takes a while)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SUMMARIZER_EMBEDDER", "tfidf")
        mp.delenv("OPENAI_API_KEY", raising=False)
        at = new_app()
        upload(at, example_files())
        yield at, run(at)


def _tab(at: AppTest, prefix: str) -> object:
    (tab,) = [t for t in at.tabs if t.label.startswith(prefix)]
    return tab


def _dead_row(b: Briefing) -> ClaimRow:
    # the death-toll row: a figure row, or the key-point row that stands for it when the engine's
    # point is a lead sentence giving the toll (its topic then names every figure of the sentence)
    (row,) = [r for r in b.claim_matrix if r.measure == "people:dead"]
    return row


TOLL = {"S1": 3, "S2": 5, "S3": 4, "S4": 3, "S5": 4, "S6": 3}  # death toll each example gives (S6 copies S1)
WORD = {3: "Three people", 4: "Four people", 5: "Five people"}


def _anchor(row: ClaimRow) -> str:
    """The source whose passage the row's claim is."""
    return next(c.source_id for c in row.cells if c.citation is not None and c.citation.quote == row.claim)


def _cells(at: AppTest, row_id: str) -> dict[str, tuple[str, str, str]]:
    """source id -> (cell kind, label, tooltip) for the matrix buttons of one row."""
    out = {}
    for btn in at.button:
        m = re.fullmatch(rf"cite_mx_(asserts|contradicts)_{row_id}_(S\d+)", btn.key or "")
        if m:
            out[m.group(2)] = (m.group(1), btn.label, plain(btn.help or ""))
    return out


def test_claim_matrix_shows_the_contested_death_toll(examples_app: tuple[AppTest, Briefing]) -> None:
    at, b = examples_app
    tab = _tab(at, "Claim matrix")
    assert tab.label == f"Claim matrix ({len(b.claim_matrix)})"
    header = [plain(c.value) for c in tab.caption]
    for doc in b.sources:  # one column per source, outlet in the header; the reprint is marked as a copy
        assert any((doc.outlet or doc.title[:30]) in h for h in header)
    assert any("Coastal Courier · copy of S1" in h for h in header)

    row = _dead_row(b)
    assert any(f"{row.id}" in plain(m.value) and "number of dead" in plain(m.value) for m in tab.markdown)
    cells = _cells(at, row.id)
    shown = {sid: kind for sid, (kind, _, _) in cells.items()}
    assert shown == {c.source_id: c.cell.value for c in row.cells if c.cell is not ClaimCell.silent}
    assert len(shown) == 6  # every source gives a death toll
    # the sources giving the anchor's toll assert it, every other toll contradicts it
    toll = TOLL[_anchor(row)]
    assert {sid for sid, k in shown.items() if k == "asserts"} == {s for s, t in TOLL.items() if t == toll}
    assert {sid for sid, k in shown.items() if k == "contradicts"} == {s for s, t in TOLL.items() if t != toll}
    for sid, (mark, verb) in (("S2", ("✓", "asserts") if toll == 5 else ("✗", "contradicts")),
                              ("S3", ("✓", "asserts") if toll == 4 else ("✗", "contradicts"))):
        kind, label, tip = cells[sid]
        assert label.startswith(f"{mark} {sid}.") and f"{sid} {verb}: {WORD[TOLL[sid]]}" in tip
    assert "Five people were killed" in cells["S2"][2]
    assert "(a copy: not counted)" in cells["S6"][2]
    values = [plain(c.value) for c in tab.caption]
    assert all(any(w in v for v in values) for w in ("Three people", "Five people", "Four people"))
    silent = sum(c.cell is ClaimCell.silent for r in b.claim_matrix for c in r.cells)
    assert silent > 0 and values.count("silent") == silent


def test_matrix_cell_opens_its_passage_in_the_viewer(examples_app: tuple[AppTest, Briefing]) -> None:
    at, b = examples_app
    row = _dead_row(b)
    cell = row.cell_for("S2")
    assert cell is not None and cell.citation is not None
    key = f"cite_mx_{cell.cell.value}_{row.id}_S2"
    at.button(key=key).click().run()
    assert not at.exception
    viewer = [h.value for h in at.html if 'class="cited"' in h.value]
    assert viewer and html.escape(cell.citation.quote) in viewer[0]
    assert "Five people were killed" in cell.citation.quote
    assert state(at).selected is not None and state(at).selected.passage_id == cell.citation.passage_id
    assert at.button(key=key).proto.type == "primary"  # the open cell is marked
    assert f"**{cell.citation.passage_id}** · " in all_text(at)  # the viewer's heading names the passage


def test_timeline_lists_dated_entries_in_order_with_chips(examples_app: tuple[AppTest, Briefing]) -> None:
    at, b = examples_app
    tab = _tab(at, "Timeline")
    assert tab.label == f"Timeline ({len(b.timeline)})" and len(b.timeline) >= 10
    lines = [plain(m.value) for m in tab.markdown if re.match(r"\*\*\d{4}", plain(m.value))]
    assert len(lines) == len(b.timeline)
    whens = [re.match(r"\*\*([^*]+)\*\*", line).group(1) for line in lines]  # type: ignore[union-attr]
    events, background = split_background(b.timeline)  # background mentions ('built in 1961') come last
    assert whens == [e.when for e in [*events, *background]] and background
    days = [w[:10] for w in whens if re.fullmatch(r"\d{4}-\d\d-\d\d.*", w)]
    assert "2026-03-12 23:40" in whens and days == sorted(days)  # the night of the breach, in order
    assert any("Merrow Dam" in line and "failed" in line and "11:40" in line for line in lines)  # one breach entry
    chips = [btn for btn in at.button if re.fullmatch(r"cite_tl\d+_\d+", btn.key or "")]
    assert len(chips) == sum(len(e.citations) for e in b.timeline)


def test_contested_sides_show_speakers(examples_app: tuple[AppTest, Briefing]) -> None:
    at, b = examples_app
    tab = _tab(at, "Contested")
    text = "\n".join(plain(m.value) for m in tab.markdown)
    assert "**number of dead**" in text
    assert "Three people · S1, S4, S6 · according to town officials:" in text
    assert "Five people · S2 · no speaker named in the text:" in text
    for c in b.contested:
        for side in c.sides:
            if side.speaker:
                assert attributed(side.speaker) in text
    assert "according to according to" not in text  # a speaker that already says it is not doubled


def test_two_events_show_the_stories_notice() -> None:
    at = new_app()
    upload(at, [("fire.md", FIRE.encode()), ("vote.md", ELECTION.encode())])
    b = run(at)
    assert [s.document_ids for s in b.stories] == [["S1"], ["S2"]]
    notice = [plain(i.value) for i in at.info if "stories in these sources" in plain(i.value)]
    assert len(notice) == 1
    assert "2 stories in these sources" in notice[0]
    assert "story1 (main, 2025-06-03; sources S1): “Warehouse fire in Dunmore destroys grain stores”" in notice[0]
    assert "story2 (background, 2024-11-06; sources S2): “Lakeport elects new mayor in close vote”" in notice[0]
    assert b.stories[1].note and b.stories[1].note in notice[0]
    # the other story's key points are shown, with chips that open its passages
    other = b.stories[1]
    page = all_text(at)
    assert "Other stories" in page and other.key_points
    for kp in other.key_points:
        assert kp.text in page and "Lakeport" not in b.key_points[0].text
    chip = at.button(key="cite_story2kp0_0")
    chip.click().run()
    viewer = [h.value for h in at.html if 'class="cited"' in h.value]
    assert viewer and html.escape(other.key_points[0].citations[0].quote) in viewer[0]


def test_one_story_has_no_notice() -> None:
    at = new_app()
    upload(at, [("fire.md", FIRE.encode())])
    run(at)
    assert not [i for i in at.info if "stories in these sources" in plain(i.value)]
    assert "Other stories" not in all_text(at)
