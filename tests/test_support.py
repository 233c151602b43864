"""support_score: the verifier's entailment proxy."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summarizer.verify.support import bigram_support, support_score

PASSAGE = "The dam failed at 11:40 p.m. after four days of heavy rain, officials said."


def test_verbatim_quote_scores_one_and_no_passage_scores_zero() -> None:
    assert support_score("The dam failed at 11:40 p.m.", [PASSAGE]) == 1.0
    assert support_score("The dam failed.", []) == 0.0


def test_paraphrase_scores_above_an_unrelated_sentence() -> None:
    para = support_score("Officials said the dam failed after heavy rain.", [PASSAGE])
    unrelated = support_score("The council approved a new stadium budget.", [PASSAGE])
    assert para >= 0.7 and unrelated <= 0.2


def test_same_words_in_a_new_combination_score_lower() -> None:
    kept = support_score("heavy rain officials said dam failed", [PASSAGE])
    shuffled = support_score("failed officials heavy dam said rain", [PASSAGE])
    assert shuffled < kept
    assert bigram_support("failed officials heavy dam", [PASSAGE]) == 0.0
    assert bigram_support("dam", [PASSAGE]) is None  # no pair to judge


@given(st.text(max_size=80), st.lists(st.text(max_size=80), max_size=3))
def test_score_is_always_in_unit_interval(sentence: str, passages: list[str]) -> None:
    assert 0.0 <= support_score(sentence, passages) <= 1.0
