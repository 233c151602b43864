"""Streamlit AppTest flows for the web UI: add sources, run, open a citation, download.

The real library runs underneath (extractive engine, TF-IDF embedder for
speed); nothing is faked. Uploads go through AppTest's own file_uploader
support, so the same callback as in a browser ingests them.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from summarizer.models import Briefing
from summarizer.render import render
from ui.state import STATE_KEY, UIState

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "ui" / "app.py"
EXAMPLES = REPO / "examples" / "articles"

HOSTILE = (
    "Council approves flood wall after Merrow Dam failure.\n\n"
    "The town council voted 7-2 on Monday to build a flood wall along the Orrin River. "
    "<script>alert('owned')</script> The wall will cost $4 million, officials said. "
    'Critics posted <img src=x onerror="alert(1)"> on the town forum and asked for a public vote. '
    "Engineers expect the work to take two years, the mayor said on Tuesday."
)


@pytest.fixture(autouse=True)
def _fast_embedder(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SUMMARIZER_EMBEDDER", "tfidf")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    yield


def new_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def state(at: AppTest) -> UIState:
    s = at.session_state[STATE_KEY]
    assert isinstance(s, UIState)
    return s


def upload(at: AppTest, files: list[tuple[str, bytes]]) -> None:
    at.file_uploader[0].set_value([(name, data, "application/octet-stream") for name, data in files])
    at.run()
    assert not at.exception


def example_files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(EXAMPLES.iterdir()) if p.is_file()]


def run(at: AppTest) -> Briefing:
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    b = state(at).briefing
    assert b is not None
    return b


def plain(markdown: str) -> str:
    """Markdown with the UI's backslash escapes removed: the text a reader sees."""
    return re.sub(r"\\(.)", r"\1", markdown)


def warnings(at: AppTest) -> str:
    return "\n".join(plain(w.value) for w in at.warning)


def all_text(at: AppTest) -> str:
    """Every markdown, caption, html and alert body on the page (Markdown escapes removed)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [e.value for e in at.error] + [i.value for i in at.info]
    return "\n".join([plain(str(p)) for p in parts] + [h.value for h in at.html])


def test_upload_examples_run_open_citation_and_download() -> None:
    at = new_app()
    assert at.button(key="run").disabled  # nothing to summarize yet
    upload(at, example_files())
    drafts = state(at).sources
    assert len(drafts) == 6  # the JSONL file holds two articles
    assert [d.origin for d in drafts][3:5] == ["upload:04_records.jsonl:1", "upload:04_records.jsonl:2"]
    assert len(at.file_uploader) == 1 and not at.file_uploader[0].value  # a fresh, empty uploader

    b = run(at)
    assert len(b.sources) == 6 and b.bottom_line and b.key_points
    assert "05_coastal_courier_reprint.md: near-duplicate of S1" in warnings(at)  # in Checks  # the reprint, in Checks
    page = all_text(at)
    assert "Bottom line" in page and "Key points" in page

    # the first key point citing its own passage from a source with an outlet (02_valley_wire.txt has none)
    n = next(i for i, k in enumerate(b.key_points) if (d := b.source(k.citations[0].source_id)) and d.outlet)
    chip = next(btn for btn in at.button if btn.key and btn.key.startswith(f"cite_kp{n}_"))
    citation = b.key_points[n].citations[0]
    assert chip.label == citation.passage_id
    chip.click().run()
    assert not at.exception
    doc = b.source(citation.source_id)
    assert doc is not None
    viewer = [h.value for h in at.html if 'class="cited"' in h.value]
    assert viewer, "no highlighted passage shown"
    assert '<mark class="cited" style' in viewer[0]
    assert html.escape(citation.quote) in viewer[0]
    assert doc.outlet is not None and doc.outlet in all_text(at)  # outlet shown with the passage
    assert at.button(key=chip.key).proto.type == "primary"  # the open chip is marked

    labels = {d.label: d for d in at.download_button}
    assert set(labels) == {"Download Markdown", "Download HTML", "Download JSON"}
    s = state(at)
    for fmt, label, mime in (("md", "Markdown", "text/markdown"), ("html", "HTML", "text/html"),
                             ("json", "JSON", "application/json")):
        expected = render(b, fmt)
        assert s.downloads[fmt] == expected
        # the served file's id is a fingerprint of its bytes: same id, same content
        file_id = MemoryMediaFileStorage("/mock/media").load_and_get_id(
            expected.encode("utf-8"), mime, "media", f"briefing.{fmt}"
        )
        assert labels[f"Download {label}"].proto.url.startswith(f"/mock/media/{file_id}.")
    assert Briefing.model_validate(json.loads(s.downloads["json"])).title == b.title
    assert b.key_points[0].text.split()[0] in s.downloads["md"]


def test_pasted_hostile_article_stays_text() -> None:
    at = new_app()
    at.text_area(key="paste_text").input(HOSTILE)
    at.text_input(key="paste_title").input("<b>Flood wall</b> vote")
    at.text_input(key="paste_outlet").input("Town Crier")
    at.button(key="paste_add").click().run()
    assert not at.exception
    (draft,) = state(at).sources
    assert draft.title == "<b>Flood wall</b> vote" and draft.outlet == "Town Crier"
    assert at.text_area(key="paste_text").value == ""  # the form is cleared for the next article

    b = run(at)
    chips = [btn for btn in at.button if btn.key and btn.key.startswith("cite_")]
    assert chips
    for chip in chips:  # open every cited passage: none may carry live markup
        chip.click().run()
    for h in at.html:
        if h.value.startswith("<script>\n(function () {"):  # ui.text's own script: ids only, never source text
            assert h.value.count("<script") == 1 and h.value.endswith("</script>")
            assert "owned" not in h.value and "<img" not in h.value and "Flood" not in h.value, h.value
            continue
        assert "<script" not in h.value and "<img" not in h.value and "<b>" not in h.value
    page = all_text(at)
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in page  # escaped in the article view
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    for m in at.markdown:  # markdown gets backslash-escaped text: no raw tags reach the renderer
        assert not re.search(r"(?<!\\)<(script|img|b>)", m.value), m.value
    cited_hostile = [s for s in b.all_statements() if "<script>" in s.text]
    assert cited_hostile, "the briefing should quote the sentence that carries the tag"
    assert any("\\<script\\>" in m.value for m in at.markdown)  # shown as text, escaped for Markdown


def test_bad_uploads_give_messages_and_add_nothing() -> None:
    at = new_app()
    upload(at, [
        ("photo.txt", bytes(range(256)) * 4),
        ("empty.md", b""),
        ("broken.json", b'{"title": "x", "text": '),
        ("list.jsonl", b'{"text": "One fine line about the dam failure and the flood."}\nnot json\n'),
    ])
    shown = warnings(at)
    assert "photo.txt: binary file" in shown
    assert "empty.md: empty file" in shown
    assert "broken.json: invalid JSON" in shown
    assert "list.jsonl:2: invalid JSON on line 2" in shown
    assert [d.origin for d in state(at).sources] == ["upload:list.jsonl:1"]  # the good line is kept
    assert not at.exception


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8501/", "loopback address"),
        ("http://10.0.0.1/", "private address"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address"),
        ("http://localhost/", "loopback address (localhost resolves to"),
        ("file:///etc/passwd", "only http and https"),
    ],
)
def test_refused_url_shows_the_reason(url: str, reason: str) -> None:
    at = new_app()
    at.text_input(key="url_input").input(url)
    at.button(key="url_add").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and reason in errors[0] and "refused" in errors[0]
    assert state(at).sources == []


def test_edit_and_remove_sources_before_running() -> None:
    at = new_app()
    upload(at, example_files()[:3])
    first, second, third = state(at).sources
    at.text_input(key=f"title_{first.key}").input("Edited headline")
    at.text_input(key=f"outlet_{second.key}").input("Valley Wire")
    at.run()
    at.button(key=f"remove_{third.key}").click().run()
    assert [d.key for d in state(at).sources] == [first.key, second.key]
    b = run(at)
    assert [d.title for d in b.sources][0] == "Edited headline"
    assert b.sources[1].outlet == "Valley Wire"
    assert len(b.sources) == 2


def test_empty_paste_and_url_are_messages() -> None:
    at = new_app()
    at.button(key="paste_add").click().run()
    at.button(key="url_add").click().run()
    assert [e.value for e in at.error] == ["URL: nothing to fetch (the URL box is empty)"]
    assert not at.exception


def test_llm_engine_failure_is_a_message_and_the_key_is_not_shown() -> None:
    """The LLM engine against a closed loopback port: a readable error, and the key appears nowhere."""
    at = new_app()
    at.text_area(key="paste_text").input(HOSTILE)
    at.button(key="paste_add").click().run()
    at.radio(key="engine").set_value("llm").run()
    at.text_input(key="base_url").input("http://127.0.0.1:9/v1")
    at.text_input(key="api_key").input("sk-test-DO-NOT-LEAK-1234")
    at.run()
    at.button(key="run").click().run(timeout=180)
    assert not at.exception
    assert at.error, "an LLM failure must be shown as a message"
    assert state(at).briefing is None
    page = all_text(at)
    assert "DO-NOT-LEAK" not in page
    assert "DO-NOT-LEAK" not in repr(state(at))
