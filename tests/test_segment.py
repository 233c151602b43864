"""Sentences and chunks: ids, spans that equal their text, token-bounded chunks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.segment import chunk_document, sentence_spans, split_long_text
from summarizer.tokens import count_tokens
from tests.conftest import make_document

TEXT = (
    "The dam failed at 11:40 p.m. on Thursday. Dr. Brandt said 3 people died.\n\n"
    "Rescue crews worked through the night. The U.S. embassy offered help."
)


def test_sentences_have_ids_and_exact_spans() -> None:
    doc = make_document(TEXT, "S2")
    assert [s.id for s in doc.sentences] == ["S2.1", "S2.2", "S2.3", "S2.4"]
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
        assert s.n_tokens > 0
    assert doc.sentences[1].text == "Dr. Brandt said 3 people died."  # abbreviation kept inside
    assert doc.n_tokens == sum(s.n_tokens for s in doc.sentences)


def test_sentences_never_cross_paragraphs() -> None:
    doc = make_document("A heading without a stop\nThe body starts here. It goes on.")
    assert doc.sentences[0].text == "A heading without a stop"


def test_chunks_respect_budget_and_cover_every_sentence() -> None:
    text = " ".join(f"Sentence number {i} talks about the flood in some detail." for i in range(60))
    doc = make_document(text)
    chunks = chunk_document(doc, max_tokens=60, overlap_tokens=15)
    assert len(chunks) > 5
    covered = {sid for c in chunks for sid in c.sentence_ids}
    assert covered == {s.id for s in doc.sentences}
    for c in chunks:
        assert c.n_tokens <= 60
        first = doc.sentence(c.sentence_ids[0])
        last = doc.sentence(c.sentence_ids[-1])
        assert first is not None and last is not None
        assert (c.start, c.end) == (first.start, last.end)
    # consecutive chunks overlap by at least one sentence, and always advance
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert set(a.sentence_ids) & set(b.sentence_ids)
        assert b.start > a.start


def test_oversized_sentence_becomes_its_own_chunk() -> None:
    doc = make_document("Short one. " + "word " * 30 + "end. Another short one.")
    chunks = chunk_document(doc, max_tokens=20, overlap_tokens=0)
    assert any(c.n_tokens > 20 and len(c.sentence_ids) == 1 for c in chunks)
    assert {sid for c in chunks for sid in c.sentence_ids} == {s.id for s in doc.sentences}


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_spans_always_match_text_and_are_ordered(text: str) -> None:
    spans = list(sentence_spans(text))
    prev_end = 0
    for start, end in spans:
        assert prev_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        prev_end = end


def test_split_long_text_fits_budget_and_keeps_every_word() -> None:
    text = "Crews worked through the night, pulling résidents from rooftops; " * 40
    pieces = split_long_text(text, 25)
    assert len(pieces) > 5
    assert all(count_tokens(p) <= 25 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")  # nothing lost or garbled
    assert all("\ufffd" not in p for p in pieces)
