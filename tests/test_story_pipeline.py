"""End-to-end tests of story intelligence through the pipeline, renderers and CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.engines.extractive import ExtractiveEngine
from summarizer.ingest import IngestResult, ingest, ingest_texts
from summarizer.models import Briefing, ClaimCell
from summarizer.pipeline import brief, brief_ingested
from summarizer.render import render
from summarizer.segment import segment_document
from summarizer.settings import Settings
from summarizer.story import mark_cell

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FAST = Settings(embedder="tfidf")


def assert_cited(b: Briefing) -> None:
    """Every citation anywhere in the briefing quotes its document exactly."""
    docs = {d.id: d for d in b.sources}
    cells = [c.citation for r in [*b.claim_matrix, *(r for s in b.stories for r in s.claim_matrix)]
             for c in r.cells if c.citation]
    for c in [*(c for st in b.all_statements() for c in st.citations), *cells]:
        assert docs[c.source_id].text[c.start:c.end] == c.quote


def texts(items: list[tuple[str, str]]) -> IngestResult:
    return ingest_texts([(name, text.encode()) for name, text in items], FAST)


@pytest.fixture(scope="module")
def examples() -> Briefing:
    return brief([str(EXAMPLES)], FAST)


def test_examples_are_one_story_with_the_documented_conflicts_contested(examples: Briefing) -> None:
    b = examples
    assert len(b.stories) == 1 and b.stories[0].document_ids == [d.id for d in b.sources]
    topics = {c.topic: c for c in b.contested}
    values = {t: [s.value for s in c.sides] for t, c in topics.items()}
    dead = values["number of dead"]
    assert len(dead) == 3 and any("Three" in v for v in dead) and any("Five" in v for v in dead)
    assert any("our" in v for v in dead)  # 'Four people' / 'four'
    evacuated = " ".join(values["number of people evacuated"])
    assert "400" in evacuated and "1,200" in evacuated and "850" in evacuated
    damage = " ".join(values["damage estimate"])
    assert "$12 million" in damage and "$30 million" in damage
    assert "$18 million" not in damage  # insured losses are another measure than the total damage (issue 12)
    for c in b.contested:  # both sides stated, each cited, no side picked
        assert len(c.sides) >= 2 and all(s.citations for s in c.sides)
        assert "No side is taken" in c.note
    assert_cited(b)


def test_reprint_counts_once_and_the_briefing_says_so(examples: Briefing) -> None:
    copy = next(d for d in examples.sources if d.duplicate_of)
    assert any(w.startswith(f"{copy.id} ") and "counted once" in w for w in examples.method.warnings)
    dead = next(r for r in examples.claim_matrix if r.measure == "people:dead")
    cell, original = dead.cell_for(copy.id), dead.cell_for(copy.duplicate_of or "")
    assert cell is not None and original is not None
    assert cell.cell is original.cell is not ClaimCell.silent and not cell.independent
    # S1-S5 each give a death toll; the copy S6 gives one too but is not counted
    assert dead.asserting + dead.contradicting == 5


def test_attribution_is_carried_into_claims_and_sides(examples: Briefing) -> None:
    buildings = next(c for c in examples.contested if c.topic == "number of buildings destroyed")
    speakers = " | ".join(s.speaker or "" for s in buildings.sides)
    assert "Mayor Ilsa Brandt" in speakers  # 'she put ... 38 homes', pronoun resolved
    assert "Officials at the Castlebrook town hall" in speakers


def test_timeline_is_ordered_resolved_and_cited(examples: Briefing) -> None:
    tl = examples.timeline
    dated = [e.date for e in tl if e.date and e.precision == "day"]
    assert dated == sorted(dated) and date(2026, 3, 12) in dated
    # the Gazette's "late Thursday" is the breach: one entry with every source that dates it
    late_thursday = next(e for e in tl if any("gave way late Thursday" in c.quote for c in e.citations))
    assert late_thursday.date == date(2026, 3, 12)  # Harbor Gazette, published Saturday 14 March
    assert all(e.citations for e in tl)


def test_single_story_keeps_the_engine_output_and_adds_sections() -> None:
    result = ingest([str(EXAMPLES)], FAST)
    docs = [segment_document(d) for d in result.documents]
    direct = ExtractiveEngine().summarize(docs, FAST)
    b = brief_ingested(result, FAST)
    from summarizer.lead import drop_repeats

    assert [k.text for k in b.key_points] == [k.text for k in drop_repeats(direct.key_points)]  # no repeats
    disputed = {k.text for k in b.key_points if k.disputed_by}
    # the bottom line states the main event, then the disputed figures as disputed (summarizer.lead)
    assert 2 <= len(b.bottom_line) <= 3 and not {s.text for s in b.bottom_line} & disputed
    assert any(" disputed: " in s.text for s in b.bottom_line[1:]) and not b.bottom_line[0].flagged
    md, html = render(b, "md"), render(b, "html")
    for section in ("## Claim matrix", "## Timeline", "## Contested points"):
        assert section in md
    assert '<table class="claims">' in html and '<ol class="timeline">' in html
    assert "## Stories" not in md  # one story: no story overview


def test_sources_that_contradict_a_point_are_not_cited_as_its_support() -> None:
    b = brief_ingested(ingest([str(EXAMPLES)], FAST), FAST)
    disputed = [k for k in b.key_points if k.disputed_by]
    assert disputed, "the examples disagree on casualty and damage figures"
    rows = {r.id: r for r in b.claim_matrix}
    for k in disputed:
        assert k.claim_row in rows
        against = {c.source_id for c in rows[k.claim_row].cells if c.cell.value == "contradicts"}
        assert set(k.disputed_by) == against
        assert not {c.source_id for c in k.citations} & against
        assert not set(k.sources) & against
        assert k.corroboration <= len(k.sources)
        assert "disputed by " + ", ".join(f"[{s}]" for s in k.disputed_by) in render(b, "md")  # links


SMALL = [
    ("a.txt", "Drone raid hits Varn air bases\n\nDrones launched by Orsk struck four air bases in Varn on Sunday, "
              "the Orsk Security Service said. A total of 117 drones were used in the raid on Varn. "
              "Orsk's Security Service says 40 aircraft were hit at the Varn bases."),
    ("b.txt", "Varn says raid caused little harm\n\nThe Orsk drone raid on Varn targeted 5 airports on Sunday. "
              "More than 117 UAVs took part in the raid, Varn media reported. "
              "Varn's defence ministry said there was only minor damage and no casualties at the Varn bases."),
]


def test_small_articles_agree_conflict_and_play_down() -> None:
    b = brief_ingested(texts(SMALL), FAST)
    assert len(b.stories) == 1
    rows = {r.measure: r for r in b.claim_matrix if r.measure}
    drones = rows["drone"]  # 117 drones vs more than 117 UAVs: compatible
    assert drones.asserting == 2 and drones.contradicting == 0
    topics = {c.topic: c for c in b.contested}
    bases = topics["number of air bases"]
    assert sorted(s.value or "" for s in bases.sides) == ["5 airports", "four air bases"]
    hit = next(c for t, c in topics.items() if "aircraft hit" in t)
    by_source = {s.sources[0]: s for s in hit.sides}
    assert "Security Service" in (by_source["S1"].speaker or "")
    assert by_source["S2"].value == "only minor damage" and "defence ministry" in (by_source["S2"].speaker or "")
    assert_cited(b)


def test_llm_hook_marks_a_semantic_contradiction() -> None:
    b = brief_ingested(texts(SMALL), FAST)
    row = next(r for r in b.claim_matrix if r.measure == "drone")
    quote = b.source("S2").sentences[0]  # type: ignore[union-attr]
    from summarizer.engines.base import cite

    changed = mark_cell(row, "S2", ClaimCell.contradicts, cite(quote), speaker="Varn media", reason="semantic")
    cell = changed.cell_for("S2")
    assert cell is not None and cell.by == "llm" and changed.contradicting == 1 and changed.asserting == 1
    with pytest.raises(ValueError):
        mark_cell(row, "S2", ClaimCell.asserts, None)


def test_two_events_mixed_get_a_section_each_and_split_files(tmp_path: Path) -> None:
    other = ("Tarnwick wildfire closes Route 9\n\nA wildfire swept through the pine forests above Tarnwick on "
             "Monday, forcing the closure of Route 9, the Tarnwick Forestry Service said. Crews from Lowmere and "
             "Ashby fought the blaze from the air while residents of Upper Tarnwick packed their cars.")
    for name, text in [*SMALL, ("c.txt", other)]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    b = brief([str(tmp_path / "*.txt")], FAST)
    assert [s.document_ids for s in b.stories] == [["S1", "S2"], ["S3"]]
    assert all(c.source_id != "S3" for k in b.key_points for c in k.citations)
    assert b.stories[1].key_points and all(c.source_id == "S3" for k in b.stories[1].key_points for c in k.citations)
    md = render(b, "md")
    assert "## Stories" in md and "## Other stories" in md and "story2 — Tarnwick wildfire closes Route 9" in md
    assert_cited(b)

    out = tmp_path / "out" / "brief.md"
    out.parent.mkdir()
    result = CliRunner().invoke(cli, ["brief", str(tmp_path / "*.txt"), "--split", "-o", str(out), "-q",
                                      "--embedder", "tfidf"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["brief.story1.md", "brief.story2.md"]
    assert "Tarnwick" in (out.parent / "brief.story2.md").read_text(encoding="utf-8").splitlines()[0]
    stdout = CliRunner().invoke(cli, ["brief", str(tmp_path / "*.txt"), "--split", "--format", "json", "-q",
                                      "--embedder", "tfidf"])
    parts = json.loads(stdout.output)
    assert [len(p["sources"]) for p in parts] == [2, 1]

    one = CliRunner().invoke(cli, ["brief", str(tmp_path / "*.txt"), "--one-story", "--format", "json", "-q",
                                   "--embedder", "tfidf"])
    assert one.exit_code == 0, one.output
    single = json.loads(one.output)
    assert [s["document_ids"] for s in single["stories"]] == [["S1", "S2", "S3"]]


def test_html_escapes_source_text_in_story_sections() -> None:
    evil = [("x.txt", "Dam report\n\nThe <script>alert(1)</script> agency said 3 people died on Friday. "
                      "Officials said the dam broke late on Thursday night after rain."),
            ("y.txt", "Dam report two\n\nThe town said 5 people died on Friday when the dam broke. "
                      "Officials said the dam broke on Thursday night after heavy rain.")]
    b = brief_ingested(ingest_texts([(n, t.encode()) for n, t in evil], FAST), FAST)
    html = render(b, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert b.contested  # 3 vs 5 dead


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"shared seeds not found at {SEEDS}")
def test_seeds_separate_2022_article_and_contest_base_counts() -> None:
    b = brief(sorted(str(p) for p in SEEDS.glob("*.txt")))
    old = next(d for d in b.sources if d.published and d.published.year == 2022)
    main = b.stories[0]
    assert old.id not in main.document_ids and len(b.stories) == 2
    assert all(c.source_id != old.id for k in b.key_points for c in k.citations)
    bases = next(c for c in b.contested if "air bases" in c.topic)
    values = sorted((s.value or "").split()[0] for s in bases.sides)
    assert values == ["5", "four"]
    assert all(s.citations for s in bases.sides)
    damage = next(c for c in b.contested if "aircraft hit" in c.topic)
    assert {s.speaker.split(";")[0] for s in damage.sides if s.speaker} >= {"Moscow"}
    assert_cited(b)


