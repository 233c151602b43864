"""Property: whatever the text, every citation in a briefing resolves to its quote."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.ingest import ingest_texts
from summarizer.pipeline import brief_ingested
from summarizer.settings import Settings

WORDS = ["dam", "river", "Castlebrook", "3", "1,200", "officials", "said", "flood", "“quoted”", "é", "—",
         "Dr.", "U.S.", "$12", "million", "<b>", "&", "night", "rescue", "bridge", "mayor", "e.g."]
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=25).map(lambda ws: " ".join(ws) + ".")
article = st.lists(sentence, min_size=1, max_size=12).map(lambda ss: "\n\n".join(" ".join(ss[i:i + 3])
                                                                             for i in range(0, len(ss), 3)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(article, min_size=1, max_size=4))
def test_every_citation_resolves(articles: list[str]) -> None:
    cfg = Settings(engine="extractive", embedder="tfidf")
    result = ingest_texts([(f"a{i}.txt", a.encode()) for i, a in enumerate(articles)], cfg)
    if not result.documents:  # e.g. all exact duplicates of one another: nothing else to check
        assert result.warnings
        return
    b = brief_ingested(result, cfg)
    for statement in b.all_statements():
        for c in statement.citations:
            doc = b.source(c.source_id)
            assert doc is not None and doc.text[c.start : c.end] == c.quote
    assert b.verification.citations_valid == b.verification.citations_checked
