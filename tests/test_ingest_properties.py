"""Property tests: ingest never raises on arbitrary input, and normalization is a fixed point."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.ingest import ingest_texts, normalize_text
from summarizer.ingest.normalize import strip_markdown
from summarizer.settings import Settings

SETTINGS = Settings(max_file_bytes=4096)
NAMES = st.sampled_from(["a.txt", "a.md", "a.markdown", "a.html", "a.json", "a.jsonl", "a.bin", "stdin"])

# Text that exercises the interesting paths: line breaks of every kind, odd spaces,
# controls, combining marks, Markdown and front-matter syntax.
TRICKY = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            list("ab #*_[]()!>-:{}\"'\n\r\t\x00\x0b\x0c\x1c\x85\u00a0\u2028\u2029\u200b\ufeff\u0301\u00ad")
        ),
        st.characters(),
    ),
    max_size=300,
)
PREFIXES = st.sampled_from(
    [
        b"",
        b"---\n",
        b"---\ntitle: x\n---\n",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"<html><body><p>",
        b'{"text": ',
        b"[",
        b"# ",
    ]
)


@st.composite
def payloads(draw: st.DrawFn) -> bytes:
    """Raw bytes: pure noise, or encoded tricky text behind a format-triggering prefix."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=600))
    body = draw(TRICKY).encode(
        draw(st.sampled_from(["utf-8", "utf-16", "utf-8-sig"])), errors="surrogatepass"
    )
    return draw(PREFIXES) + body


@given(items=st.lists(st.tuples(NAMES, payloads()), min_size=1, max_size=4))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_ingest_texts_never_raises_and_accounts_for_every_input(items: list[tuple[str, bytes]]) -> None:
    result = ingest_texts(items, SETTINGS)
    origins = {w.origin.split(":")[0] for w in result.warnings} | {
        d.origin.split(":")[0] for d in result.documents
    }
    assert origins == {name for name, _ in items}  # each input became a document or a warning
    assert [d.id for d in result.documents] == [f"S{i}" for i in range(1, len(result.documents) + 1)]
    for doc in result.documents:
        assert doc.text and normalize_text(doc.text) == doc.text
        assert doc.title.strip()
    for w in result.warnings:
        assert w.reason and "\n" not in w.reason


@given(
    records=st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(["text", "title", "date", "url", "source"]),
                st.one_of(st.text(max_size=40), st.integers(), st.none()),
            ),
            st.integers(),
            st.text(max_size=10),
        ),
        max_size=6,
    )
)
@settings(max_examples=150, deadline=None)
def test_jsonl_records_each_become_a_document_or_a_warning(records: list[object]) -> None:
    data = "\n".join(json.dumps(r) for r in records).encode()
    result = ingest_texts([("feed.jsonl", data)], SETTINGS)
    covered = {d.origin for d in result.documents} | {w.origin for w in result.warnings if w.kind != "notice"}
    if records:
        # every line is accounted for (exact copies appear as 'duplicate' warnings)
        assert covered == {f"feed.jsonl:{i}" for i in range(1, len(records) + 1)}
    else:
        assert result.documents == [] and [w.reason for w in result.warnings] == ["empty file"]


@given(TRICKY)
@settings(max_examples=500, deadline=None)
def test_normalize_text_is_idempotent(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once
    assert "\r" not in once and "\t" not in once and "\n\n\n" not in once
    assert all(line == line.strip(" ") for line in once.split("\n"))


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_normalize_text_is_idempotent_on_any_unicode(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once


@given(TRICKY)
@settings(max_examples=300, deadline=None)
def test_markdown_cleanup_then_normalize_is_stable(s: str) -> None:
    cleaned = normalize_text(strip_markdown(normalize_text(s)))
    assert normalize_text(cleaned) == cleaned
    assert len(cleaned) <= len(normalize_text(s))
