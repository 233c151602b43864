"""End to end through the library: examples and seeds give fully resolvable, verbatim briefings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.errors import NoUsableDocumentsError
from summarizer.models import Briefing
from summarizer.pipeline import brief, resolve_engine
from summarizer.settings import Settings
from tests.conftest import EXAMPLES


def assert_citations_resolve(b: Briefing) -> int:
    """Every citation's quote equals its span in its source; returns how many were checked."""
    n = 0
    for st in b.all_statements():
        assert st.citations, f"uncited statement: {st.text!r}"
        for c in st.citations:
            doc = b.source(c.source_id)
            assert doc is not None
            assert doc.text[c.start : c.end] == c.quote
            sentence = doc.sentence(c.passage_id)
            assert sentence is not None and sentence.start <= c.start and c.end <= sentence.end
            n += 1
    return n


@pytest.fixture(scope="module")
def example_briefing() -> Briefing:
    return brief([str(EXAMPLES)], Settings(engine="extractive"))


def test_examples_briefing_is_complete_and_verbatim(example_briefing: Briefing) -> None:
    b = example_briefing
    assert len(b.sources) >= 5
    assert [d.id for d in b.sources] == [f"S{i}" for i in range(1, len(b.sources) + 1)]
    assert 2 <= len(b.bottom_line) <= 3
    assert b.key_points and b.source_summaries
    assert assert_citations_resolve(b) == b.verification.citations_checked > 0
    assert b.verification.citations_valid == b.verification.citations_checked
    # extractive output is verbatim: each statement is exactly its first citation's quote, except the
    # bottom line's dispute sentences, whose every figure is its cited passage's own words, in order
    disputes = 0
    for st in b.all_statements():
        if " disputed: " in st.text and st in b.bottom_line:
            figures = st.text.split(" disputed: ", 1)[1].rstrip(".").replace(" or ", ", ").split(", ")
            assert len(figures) == len(st.citations) >= 2
            assert all(f.lower() in c.quote.lower() for f, c in zip(figures, st.citations, strict=True))
            disputes += 1
            continue
        assert st.text == st.citations[0].quote
    assert disputes >= 1  # the examples' death toll is disputed: the bottom line says so
    assert any("Merrow Dam" in st.text for st in b.bottom_line[:1])  # the main event leads
    assert b.method.engine == "extractive"
    assert b.usage.input_tokens > 1000


def test_reprint_is_flagged_and_not_counted_as_corroboration(example_briefing: Briefing) -> None:
    copies = [d for d in example_briefing.sources if d.duplicate_of]
    assert copies, "the syndicated reprint in examples/ should be detected"
    copy_ids = {d.id for d in copies}
    for k in example_briefing.key_points:
        independent = [s for s in k.sources if s not in copy_ids]
        # copies count once: only independent sources count (a point backed by copies alone counts 1)
        assert k.corroboration == max(len(independent), 1), (k.text, k.sources, k.corroboration)
        assert k.single_source == (k.corroboration <= 1)
    assert any("near-duplicate" in w for w in example_briefing.method.warnings)


def test_corroborated_points_exist(tmp_path: Path) -> None:
    # the examples disagree on every lead figure (issue 12: a point whose figures another source
    # contradicts is not corroborated by it), so two small reports that agree are used here
    (tmp_path / "a.txt").write_text(
        "Flood closes river road\n\nThe provincial highway authority closed River Road between Castlebrook and "
        "Ashby Ford on Friday, saying the bridge deck must be inspected. Volunteers filled sandbags all night.\n")
    (tmp_path / "b.txt").write_text(
        "Bridge checks after flood\n\nRiver Road between Castlebrook and Ashby Ford was closed by the provincial "
        "highway authority on Friday until the bridge deck is inspected. Schools in the valley stayed open.\n")
    b = brief([str(tmp_path)], Settings(embedder="tfidf"))
    assert any(k.corroboration >= 2 and not k.single_source for k in b.key_points)


def test_no_key_point_cites_a_source_that_disputes_it(example_briefing: Briefing) -> None:
    for k in example_briefing.key_points:
        assert not set(k.disputed_by) & {c.source_id for c in k.citations}


def test_json_round_trip(example_briefing: Briefing) -> None:
    data = json.loads(example_briefing.model_dump_json())
    again = Briefing.model_validate(data)
    assert again == example_briefing
    for src in data["sources"]:
        assert src["text"]


def test_no_usable_documents_raises_one_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(NoUsableDocumentsError, match="empty"):
        brief([str(empty), str(tmp_path / "missing.txt")], Settings(engine="extractive"))


def test_auto_engine_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert resolve_engine(Settings(engine="auto")) == "extractive"
    assert resolve_engine(Settings(engine="auto", base_url="http://127.0.0.1:8080/v1")) == "llm"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert resolve_engine(Settings(engine="auto")) == "llm"
    assert resolve_engine(Settings(engine="extractive")) == "extractive"


def test_seeds_end_to_end(seeds_dir: Path) -> None:
    b = brief(sorted(str(p) for p in seeds_dir.glob("*.txt")), Settings(engine="extractive"))
    assert len(b.sources) == 3
    assert assert_citations_resolve(b) > 0
    cnn = next(d for d in b.sources if d.url and "cnn.com" in d.url)
    assert cnn.published is not None and cnn.published.year == 2022
