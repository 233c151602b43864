"""Story grouping precision cases on inputs written here, and the handed cases in ../shared/cases/inputs
(each checked against its README row; skipped when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.ingest import ingest, ingest_texts
from summarizer.models import Briefing
from summarizer.pipeline import brief, brief_ingested
from summarizer.render import render
from summarizer.segment_rules import is_statement
from summarizer.settings import Settings

FAST = Settings(embedder="tfidf")
CASES = Path(__file__).resolve().parents[2] / "shared" / "cases" / "inputs"
needs_cases = pytest.mark.skipif(not CASES.is_dir(), reason="../shared/cases not present")

BRIDGE = [
    ("Corran bridge closed after barge strike", "2026-05-04",
     "The Corran bridge was closed on Monday after the barge Elsa Mae struck one of its piers, the port authority "
     "said. Engineers found a crack in the third pier and said 14,000 drivers a day would need the ring road. "
     "Mayor Ida Venn said repairs could take three weeks."),
    ("Barge strike shuts Corran bridge for weeks", "2026-05-04",
     "A barge named Elsa Mae hit a pier of the Corran bridge on Monday and the crossing was shut, the port "
     "authority said. Inspectors found a crack in the third pier. Mayor Ida Venn told reporters that about "
     "14,000 drivers a day would be sent along the ring road while repairs went on."),
    ("Ring road jams as Corran bridge stays shut", "2026-05-05",
     "Traffic backed up on the ring road on Tuesday as the Corran bridge stayed closed after Monday's barge strike. "
     "The port authority said the crack in the third pier was being surveyed and that the Elsa Mae had been "
     "moved to the north quay."),
]
ROBOTICS = ("Corran High robotics team wins regional title", "2026-05-04",
            "The Corran High School robotics team won the regional championship in Port Selby on Saturday, beating "
            "31 other schools with a robot the students call Limpet. Coach Dara Quill said the team would travel "
            "to the national finals in June.")


def records(items: list[tuple[str, str, str]], outlet: str = "Corran Today") -> bytes:
    return "\n".join(json.dumps({"title": t, "date": d, "source": outlet, "text": x}) for t, d, x in items).encode()


def story_of(b: Briefing, title_start: str) -> str | None:
    return next(d.story_id for d in b.sources if d.title.startswith(title_start))


def test_same_day_unrelated_feed_item_is_kept_out_of_the_main_story() -> None:
    b = brief_ingested(ingest_texts([("feed.jsonl", records([*BRIDGE, ROBOTICS]))], FAST), FAST)
    main = b.stories[0].id
    assert all(story_of(b, t) == main for t, _, _ in BRIDGE)
    assert story_of(b, "Corran High robotics") != main


def test_coarse_date_and_chinese_reports_stay_in_their_story() -> None:
    coarse = [(t, "2026" if n == 2 else d, x) for n, (t, d, x) in enumerate(BRIDGE)]
    b = brief_ingested(ingest_texts([("feed.jsonl", records(coarse))], FAST), FAST)
    assert len(b.stories) == 1
    assert "| 2026 (year only) |" in render(b, "md")
    zh = [("a.txt", "科伦大桥被驳船撞击后关闭\n\n港务局周一说，驳船埃尔莎号撞上科伦大桥第三个桥墩，大桥已经关闭。工程师在桥墩上发现裂缝。"),
          ("b.txt", "驳船撞击科伦大桥\n\n周一，驳船埃尔莎号撞上科伦大桥的一个桥墩，港务局随即关闭大桥。检查人员在第三个桥墩发现裂缝。")]
    bz = brief_ingested(ingest_texts([(n, x.encode()) for n, x in zh], FAST), FAST)
    assert len(bz.stories) == 1 and all(d.language == "zh" for d in bz.sources)


def shown(b: Briefing) -> list[str]:
    return [s.text for s in b.all_statements()] + [e.text for e in b.timeline]


@needs_cases
def test_case_01_no_fragment_is_shown() -> None:
    b = brief([str(CASES / "01_abbrev_split.md")], FAST)
    texts = shown(b)
    assert texts and all(is_statement(t) for t in texts)
    assert any(t.startswith("The Vell Valley Regional Emergency Agency said at 9 a.m. Sunday") for t in texts)


@needs_cases
def test_case_03_arabic_reports_grouped_and_isolated_in_html() -> None:
    b = brief([str(CASES / "03_arabic_a.txt"), str(CASES / "03_arabic_b.txt")], FAST)
    assert len(b.stories) == 1 and {d.language for d in b.sources} == {"ar"}
    assert any("is in 'ar'" in w for w in b.method.warnings)
    assert 'dir="rtl"' in render(b, "html")


@needs_cases
def test_case_06_newsapi_dates_read_and_teasers_flagged() -> None:
    result = ingest([str(CASES / "06_newsapi_shape.json")], FAST)
    assert all(d.published is not None and d.truncated for d in result.documents)
    assert sum("truncated teaser" in w.reason for w in result.warnings) == 2
    md = render(brief_ingested(result, FAST), "md")
    assert md.count("truncated teaser") >= 4  # per-source lines and the warnings


@needs_cases
def test_case_08_day_first_feed_is_one_story() -> None:
    b = brief([str(CASES / "08_dmy_dates.jsonl")], FAST)
    assert [str(d.published) for d in b.sources] == ["2026-03-12", "2026-03-13"] and len(b.stories) == 1


@needs_cases
def test_case_10_copyright_year_is_not_a_date() -> None:
    b = brief([str(CASES / "10_copyright_footer_nodate.html"), str(CASES / "01_abbrev_split.md")], FAST)
    doc = next(d for d in b.sources if d.origin.endswith(".html"))
    assert doc.published is None and doc.published_info is None
    assert all(s.role != "background" for s in b.stories)


@needs_cases
def test_case_11_listing_page_skipped() -> None:
    result = ingest([str(CASES / "11_section_index_page.html")], FAST)
    assert not result.documents and "listing page" in result.warnings[0].reason


@needs_cases
def test_case_16_captions_never_shown() -> None:
    b = brief([str(CASES / "16_caption_transcript.txt"), str(CASES / "01_abbrev_split.md")], FAST)
    cap = next(d for d in b.sources if d.origin.endswith(".txt"))
    assert all(c.source_id != cap.id for s in b.all_statements() for c in s.citations)
    assert all(is_statement(t) for t in shown(b)) and "good afternoon" not in b.title
    assert any("no sentence punctuation" in w for w in b.method.warnings)


@needs_cases
def test_case_18b_declared_charset() -> None:
    result = ingest([str(CASES / "18b_windows1252_declared.html")], FAST)
    assert result.documents and "Castlebrook’s" in result.documents[0].text
    assert str(result.documents[0].published) == "2026-03-15"
