"""Denials with no figure as disputes (issue 12 follow-up): one source asserts a claim, another
independent source denies that very claim. Made-up sentences; true denials in several wordings and
in Spanish, and the traps that must never yield a contested point."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.models import ClaimCell, Document, KeyPoint
from summarizer.passages import cite
from summarizer.segment import segment_document
from summarizer.story import compare_story
from summarizer.story.denials import assertions, contradicts, denials, lemma

ASSERTS = "The city paid a ransom of roughly $380,000 in bitcoin, according to two people familiar with the talks."
FILLER = ("The ransomware attack shut down most municipal computer systems in Marlow Bay on Sunday. "
          "Residents could not pay water bills online, and permit offices switched to paper forms. ")


def _doc(doc_id: str, body: str, duplicate_of: str | None = None) -> Document:
    doc = Document(id=doc_id, title=f"Report {doc_id}", text=body, published=date(2026, 2, 10),
                   duplicate_of=duplicate_of, origin=f"{doc_id}.txt")
    return segment_document(doc)


def _contested(*bodies: str, copy: bool = False) -> list:
    docs = [_doc(f"S{n}", b, duplicate_of="S1" if copy and n == 2 else None) for n, b in enumerate(bodies, 1)]
    return compare_story(docs, []).contested


@pytest.mark.parametrize("word,key", [("paid", "pay"), ("pays", "pay"), ("paying", "pay"), ("caught", "catch"),
                                      ("affected", "affect"), ("pagó", "pag"), ("pagado", "pag"),
                                      ("pagaron", "pag"), ("damaged", "damag"), ("damage", "damag")])
def test_verb_forms_fold_to_one_lemma(word: str, key: str) -> None:
    assert lemma(word) == key


@pytest.mark.parametrize("denial", [
    "Officials denied that any ransom had been paid.",
    "Mayor Celia Draper said the city had not paid a ransom.",
    "City officials insisted that no ransom was paid.",
    "The city never paid a ransom, the mayor said.",
    "The city didn't pay a ransom, a spokesman said.",
    "The city paid no ransom, the mayor said.",
    "The city denied paying a ransom.",
    "Officials rejected reports that the city paid a ransom.",
    "It is not true that the city paid a ransom, the mayor said.",
])
def test_denials_in_other_wordings_dispute_the_assertion(denial: str) -> None:
    (d,) = denials(denial)
    assert d.negative and any(contradicts(d, a) for a in assertions(ASSERTS, d.lemma))


@pytest.mark.parametrize("denial,assertion", [
    ("El alcalde negó que se hubiera pagado un rescate.", "El ayuntamiento pagó un rescate de 380.000 dólares."),
    ("La ciudad no pagó ningún rescate, según el alcalde.", "La ciudad pagó un rescate a los atacantes."),
    ("La ciudad negó haber pagado un rescate.", "La ciudad pagó un rescate de 380.000 dólares."),
])
def test_spanish_denials(denial: str, assertion: str) -> None:
    (d,) = denials(denial)
    assert any(contradicts(d, a) for a in assertions(assertion, d.lemma))


@pytest.mark.parametrize("sentence", [
    "Officials did not say whether a ransom was paid.",
    "The city declined to comment on whether it paid a ransom.",
    "It is not yet known if the city paid a ransom.",
    "Police could not confirm that a ransom was paid.",
    "Officials did not say what caused the fire.",
    "Power was not restored until Friday.",
    "The dispatch system was not affected at first but went down on Monday.",
    "The depot had not been hit directly, the ministry said.",
    "Officials denied that the depot had been seriously damaged.",
    "The city will not pay a ransom.",
    "The city had not paid a ransom as of Monday.",
    "So far the city had not paid a ransom.",
    "Why did the city not pay a ransom?",
])
def test_uncertainty_qualified_and_time_bound_negations_are_no_denials(sentence: str) -> None:
    assert denials(sentence) == ()


@pytest.mark.parametrize("sentence", [
    "Officials did not say whether a ransom was paid.",
    "The city may have paid a ransom.",
    "It is unclear if the city paid a ransom.",
    "Officials denied that the city paid a ransom.",
    "Paying ransoms is legal in most of the country.",
    "They paid a ransom.",
    "The city paid no ransom.",
    "Officials rejected reports that the city paid a ransom.",
    "Reports that the city paid a ransom spread online.",
    "Did the city pay a ransom?",
])
def test_hedged_questioned_or_denied_clauses_assert_nothing(sentence: str) -> None:
    assert assertions(sentence, "pay") == ()


def test_a_denial_and_an_assertion_in_two_sources_are_one_contested_point() -> None:
    points = _contested(FILLER + "Mayor Celia Draper said the city had not paid a ransom.",
                        FILLER + ASSERTS)
    (p,) = points
    assert p.topic == "claim that the city paid a ransom"
    deny, claim = p.sides
    assert deny.sources == ["S1"] and deny.value == "the city had not paid a ransom"
    assert deny.speaker == "Mayor Celia Draper"
    assert claim.sources == ["S2"] and claim.value == "the city paid a ransom"
    assert "No side is taken" in p.note


def test_spanish_sources_dispute() -> None:
    base = "El ataque informático paralizó los sistemas del ayuntamiento de Marlow Bay durante el fin de semana. "
    (p,) = _contested(base + "El alcalde negó que se hubiera pagado un rescate a los atacantes.",
                      base + "El ayuntamiento pagó un rescate de 380.000 dólares, según dos fuentes.")
    assert [s.sources for s in p.sides] == [["S1"], ["S2"]]


@pytest.mark.parametrize("first,second", [
    # a present-tense negation describes the moment of writing: the event may follow
    ("The city has not paid a ransom, the mayor said on Monday.", ASSERTS),
    # uncertainty, not a denial
    ("Officials did not say whether a ransom was paid.", ASSERTS),
    ("The city declined to comment on whether a ransom was paid.", ASSERTS),
    ("It is not yet known if a ransom was paid.", ASSERTS),
    ("Police could not confirm that the city paid a ransom.", ASSERTS),
    # a negated reporting verb
    ("Officials did not say what caused the fire.", "A faulty transformer caused the fire, the utility said."),
    # a later update of state
    ("Power was not restored until Friday.", "Power was restored to most homes on Thursday."),
    ("The dispatch system was not affected at first but went down on Monday.",
     "The dispatch system went down on Monday, police said."),
    # another subject, another object
    ("The depot did not catch fire, officials said.", "A warehouse caught fire near the border."),
    ("The city did not pay a ransom, the mayor said.", "The city paid a contractor to rebuild its servers."),
])
def test_traps_yield_no_contested_point(first: str, second: str) -> None:
    assert _contested(FILLER + first, FILLER + second) == []


def test_one_source_contradicting_itself_is_no_dispute() -> None:
    assert _contested(FILLER + "Mayor Celia Draper said the city had not paid a ransom. " + ASSERTS,
                      FILLER + "The council will meet on Thursday to discuss the attack.") == []


def test_a_copy_is_no_second_source() -> None:
    body = FILLER + "Mayor Celia Draper said the city had not paid a ransom. " + ASSERTS
    assert _contested(body, body + " The council will meet on Thursday.", copy=True) == []


def test_one_speakers_quote_reported_by_both_sides_is_no_dispute() -> None:
    # the negation sits in a quote of a third party (the attackers), and the other report gives the
    # same party's words: one speaker is never both sides of a dispute
    assert _contested(FILLER + '"The city did not pay a ransom," the attackers wrote on their leak site.',
                      FILLER + "The attackers wrote on their leak site that the city paid a ransom.") == []
    assert _contested(FILLER + '"The city did not pay a ransom," Mayor Draper said.',
                      FILLER + "Mayor Draper said the city paid a ransom.") == []


def test_a_quoted_denial_against_another_speakers_claim_is_a_dispute() -> None:
    (p,) = _contested(FILLER + '"The city did not pay a ransom," Mayor Draper said.',
                      FILLER + "Two insiders said the city paid a ransom.")
    assert [s.speaker for s in p.sides] == ["Mayor Draper", "Two insiders"]


def test_a_key_point_does_not_count_the_denying_source_as_support() -> None:
    docs = [_doc("S1", FILLER + "Mayor Celia Draper said the city had not paid a ransom."),
            _doc("S2", FILLER + ASSERTS)]
    claim = next(s for s in docs[1].sentences if s.text.startswith("The city paid"))
    kp = KeyPoint(text=claim.text, citations=[cite(claim)], sources=["S2"], corroboration=1, single_source=True)
    comparison = compare_story(docs, [kp])
    row = next(r for r in comparison.claim_matrix if r.kind == "key_point")
    cell = next(c for c in row.cells if c.source_id == "S1")
    assert cell.cell is ClaimCell.contradicts and cell.citation is not None
    assert "had not paid a ransom" in cell.citation.quote


def test_a_passage_reporting_both_sides_asserts_nothing() -> None:
    both = "The city paid a ransom, two insiders said, but the mayor denied that any ransom had been paid."
    assert _contested(FILLER + both, FILLER + "City officials insisted that no ransom was paid.") == []


def test_a_figure_dispute_passage_can_also_deny() -> None:
    # the passage that gives one side's figure also denies the fire: both points are shown
    first = ("Kessaria's defence ministry said it had intercepted 31 of 34 drones and denied that the depot had "
             "caught fire.")
    second = "Vardonia's general staff said more than 50 drones took part. Residents said the depot caught fire."
    topics = [p.topic for p in _contested("Vardonian drones struck a fuel depot near Oskel on Sunday. " + first,
                                          "Vardonian drones struck a fuel depot near Oskel on Sunday. " + second)]
    assert "claim that the depot caught fire" in topics


def test_the_denying_source_moves_to_disputed_by() -> None:
    from summarizer.story.claims import restated_support

    docs = [_doc("S1", FILLER + "Mayor Celia Draper said the city had not paid a ransom."),
            _doc("S2", FILLER + ASSERTS)]
    claim = next(s for s in docs[1].sentences if s.text.startswith("The city paid"))
    denial = next(s for s in docs[0].sentences if "had not paid" in s.text)
    kp = KeyPoint(text=claim.text, citations=[cite(claim), cite(denial)], sources=["S2", "S1"], corroboration=2)
    row = next(r for r in compare_story(docs, [kp]).claim_matrix if r.kind == "key_point")
    update = restated_support(kp, row, docs)
    assert update is not None and update["disputed_by"] == ["S1"] and update["sources"] == ["S2"]
    assert update["corroboration"] == 1


@pytest.mark.parametrize("first,second", [
    ("The city did not pay a ransom in 2019, the mayor said.", ASSERTS),
    ("The city did not pay a ransom on Monday, the mayor said.", "The city paid a ransom on Tuesday, insiders said."),
])
def test_two_times_are_no_dispute(first: str, second: str) -> None:
    assert _contested(FILLER + first, FILLER + second) == []


@pytest.mark.parametrize("denial,assertion", [
    ("The company said no employee data was stolen.", "Hackers stole employee data, the group claimed."),
    ("Police said the suspect was not armed.", "The suspect was armed with a knife, a witness said."),
    ("Officials said the water was not contaminated.", "Tests found the water was contaminated with lead."),
    ("The ministry said the drone was not shot down.", "Air defences shot down the drone, residents said."),
    ("The ferry did not sink, the coast guard said.", "The ferry sank near the harbour mouth."),
])
def test_denials_of_other_events(denial: str, assertion: str) -> None:
    assert any(contradicts(d, a) for d in denials(denial) for a in assertions(assertion, d.lemma))


@pytest.mark.parametrize("denial,assertion", [
    ("The attackers did not encrypt the backups, the city said.", "The attackers encrypted the city's files."),
    ("He was not injured, police said.", "The driver was injured in the crash."),
    ("The victims were not identified.", "Police identified the victims on Monday."),
    ("The bridge was not closed, officials said.", "The bridge was closed to traffic."),
])
def test_other_things_pronouns_and_states_are_no_dispute(denial: str, assertion: str) -> None:
    assert not any(contradicts(d, a) for d in denials(denial) for a in assertions(assertion, d.lemma))


def test_a_pronoun_theme_names_nothing() -> None:
    assert denials("Officials denied poisoning him.") == ()
