"""Renderers: every format carries the citations; source text can never inject markup."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from summarizer.ingest import ingest_texts
from summarizer.models import Briefing
from summarizer.pipeline import brief_ingested
from summarizer.render import briefing_schema, render
from summarizer.settings import Settings

HOSTILE = (
    b"---\ntitle: Flood <script>alert(1)</script> report\nsource: Evil & Co\nurl: https://evil.example/x\n---\n"
    b"The river rose <script>alert('x')</script> four metres overnight in the town of Castlebrook.\n\n"
    b"Residents saw <img src=x onerror=alert(2)> water reach the bridge by midnight on Thursday.\n\n"
    b"Officials said | pipes and [links](javascript:alert(3)) will not break the report at all.\n"
)
OTHER = (
    b"The river rose four metres overnight in Castlebrook, officials said on Friday morning.\n\n"
    b"Water reached the old stone bridge by midnight on Thursday, witnesses told reporters.\n"
)


@pytest.fixture(scope="module")
def hostile_briefing() -> Briefing:
    settings = Settings(engine="extractive")
    result = ingest_texts([("hostile.md", HOSTILE), ("other.txt", OTHER)], settings)
    return brief_ingested(result, settings)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)


def test_html_keeps_hostile_text_inert(hostile_briefing: Briefing) -> None:
    page = render(hostile_briefing, "html")
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not any(a.startswith("on") for a in parser.attrs)
    assert "&lt;script&gt;" in page
    links = re.findall(r"""(?:href|src)\s*=\s*["']?([^"'\s>]*)""", page, flags=re.IGNORECASE)
    assert links and not [u for u in links if u.strip().lower().startswith("javascript:")]
    assert "https://evil.example/x" in links  # the source's own link is there (the check sees links)


def test_html_citations_are_superscript_links_with_quote_and_outlet(hostile_briefing: Briefing) -> None:
    page = render(hostile_briefing, "html")
    first = hostile_briefing.key_points[0].citations[0]
    assert f'<sup class="cite"><a href="#p-{first.source_id}-{first.start}-{first.end}">' in page
    assert f'id="p-{first.source_id}-{first.start}-{first.end}"' in page  # anchor exists
    assert 'class="tip"' in page and "Evil &amp; Co" in page


def test_markdown_escapes_markup_and_lists_cited_passages(hostile_briefing: Briefing) -> None:
    md = render(hostile_briefing, "md")
    assert "<script>" not in md and "\\<script\\>" in md
    assert "## Cited passages" in md and "## Key points" in md and "## Method" in md
    for st in hostile_briefing.key_points:
        for c in st.citations:
            assert f"[{c.passage_id}]" in md


def test_json_carries_text_and_offsets(hostile_briefing: Briefing) -> None:
    data = json.loads(render(hostile_briefing, "json"))
    texts = {s["id"]: s["text"] for s in data["sources"]}
    for kp in data["key_points"]:
        for c in kp["citations"]:
            assert texts[c["source_id"]][c["start"] : c["end"]] == c["quote"]


def test_schema_is_generated_from_models() -> None:
    schema = json.loads(briefing_schema())
    assert schema["title"] == "Briefing"
    assert {"Citation", "KeyPoint", "Document"} <= set(schema["$defs"])
    assert {"start", "end", "quote", "source_id"} <= set(schema["$defs"]["Citation"]["properties"])


def test_unknown_format_is_rejected(hostile_briefing: Briefing) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(hostile_briefing, "pdf")


def test_markdown_link_definitions_list_passages_in_reading_order(hostile_briefing: Briefing) -> None:
    """The definitions at the end come in a fixed order (S1.2 before S1.10), not a set's hash order,
    so the same briefing renders to the same bytes in every run."""
    md = render(hostile_briefing, "md")
    defined = re.findall(r"^\[(S\d+\.\d+)\]: #", md, flags=re.M)
    assert defined, "no passage definitions"
    key = [tuple(int(x) for x in p[1:].split(".")) for p in defined]
    assert key == sorted(key)
