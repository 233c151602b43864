"""Sentence boundaries per language and the no-fragment statement rule, on inputs written for these tests."""

from __future__ import annotations

import time

import pytest

from summarizer.segment import is_unpunctuated, sentence_spans
from summarizer.segment_rules import is_statement, statement_problem


def sentences(text: str, lang: str = "en") -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text, lang)]


@pytest.mark.parametrize(
    ("lang", "trap"),
    [
        ("en", "The harbour office said at 7 a.m. Tuesday that two ferries had been grounded."),
        ("en", "Speaking at 3 p.m. Monday, Sen. Ria Holt of the budget committee asked for an audit."),
        ("en", "Brackwell Foods Inc. Finance Director Omar Pell said the plant would reopen."),
        ("en", "The inspectors checked approx. 900 meters in the Eastfold district on Friday."),
        ("en", "Tests by Ng et al. for the port authority found traces of diesel in the basin."),
        ("en", "Staff at St. Brigid clinic and the No. 2 pumping station were moved to safety."),
        ("en", "Officials of the U.S. Coast Guard met Lt. Col. Ines Barr and Gov. Tom Reyes there."),
        ("en", "Crews from Halden Marine Ltd. North Yard towed the barge into the channel."),
        ("en", "The novelist J. R. Mallory said the flood had reached the library steps."),
        ("de", "Die Brücke wurde am 14. Oktober gesperrt, wie Dr. Jana Roth vom Bauamt sagte."),
        ("de", "Nach Angaben der Polizei wurden ca. 300 Anwohner u. a. in Turnhallen gebracht."),
        ("es", "La Sra. Marta Gil explicó que se retiraron aprox. 2.000 litros de gasóleo."),
        ("es", "El Dr. Luis Prado y la Dra. Ana Vidal atendieron a los heridos en el puerto."),
        ("fr", "M. Paul Lenoir a indiqué que le pont restait fermé jusqu'à lundi matin."),
    ],
)
def test_abbreviations_do_not_end_sentences(lang: str, trap: str) -> None:
    text = f"The session opened on time. {trap} Nobody was hurt in the end."
    assert any(trap in s for s in sentences(text, lang))


def test_real_ends_after_abbreviations_and_in_other_scripts_are_kept() -> None:
    assert sentences("Water rose 1.8 m. By noon the road was closed. Nobody was hurt.") == [
        "Water rose 1.8 m.", "By noon the road was closed.", "Nobody was hurt."]
    assert sentences("The crews cleared Mill Rd. The bridge reopened at noon.") == [
        "The crews cleared Mill Rd.", "The bridge reopened at noon."]
    assert len(sentences("桥梁周二被关闭。警方说有两人受伤！道路何时开放？", "zh")) == 3
    assert len(sentences("هل كان الجسر آمناً؟ قال المهندسون إنه بحاجة إلى إصلاح.", "ar")) == 2
    assert sentences("The count is five... or maybe six, a nurse said. Roads reopened.") == [
        "The count is five... or maybe six, a nurse said.", "Roads reopened."]


def test_line_breaks_headlines_lists_and_wrapped_paragraphs() -> None:
    text = ("Bridge closed after barge strike\n\nThe Corran bridge was closed on Monday after a barge\n"
            "struck one of its piers, the port said, and engineers\nwere sent to inspect it.\n\n"
            "- Traffic diverted to the ring road\n- Ferries doubled")
    out = sentences(text)
    assert out[0] == "Bridge closed after barge strike"
    assert out[1].startswith("The Corran bridge") and out[1].endswith("inspect it.")
    assert out[2:] == ["- Traffic diverted to the ring road", "- Ferries doubled"]


def test_headline_and_dateline_lines_above_long_paragraphs_are_their_own_units() -> None:
    # a wire story: headline, dateline, paragraphs and unpunctuated subheads; most lines lack a final
    # stop, but its paragraphs are far longer than a wrapped line, so it is not hard-wrapped prose
    body = ("The death toll from the earthquake and tsunamis that hit countries in Asia and Eastern Africa "
            "continues to rise, passing 80,000 people according to reports from several news agencies.")
    text = ("Tsunami toll passes 80,000 people as relief effort continues\nDecember 29, 2004\n" + body
            + "\nLocal death tolls\nIndonesia's Aceh province alone may have as many as 80,000 dead.\n"
            "Reports of death toll\nSources")
    out = sentences(text)
    assert out[:3] == ["Tsunami toll passes 80,000 people as relief effort continues", "December 29, 2004", body]
    # near miss: the same shape with short lines is hard-wrapped prose, joined into one sentence
    wrapped = "The council met on Monday\nand voted to close the bridge\nuntil engineers inspect it\nnext week."
    assert sentences(wrapped) == [wrapped]


def test_a_dateline_glued_to_the_first_sentence_is_its_own_unit() -> None:
    assert sentences("Saturday, March 26, 2005 Up to four times as many women as men died, Oxfam said.") == [
        "Saturday, March 26, 2005", "Up to four times as many women as men died, Oxfam said."]
    assert sentences("Tuesday, January 18, 2005Through a telethon, Romanians raised 395,000 euro.")[0] == (
        "Tuesday, January 18, 2005")
    # near misses: a date inside the sentence, or a date the sentence is about, stays in it
    for text in ("On Saturday, March 26, 2005 Oxfam published its figures.",
                 "March 26, 2005 was the day the figures came out.",
                 "Saturday, March 26, 2005 Oxfam"):
        assert sentences(text) == [text]


def test_spans_are_exact_and_linear_on_hostile_shapes() -> None:
    words = ["the", "tide", "is", "turning", "now", "and", "the", "crews", "are", "waiting", "for", "the", "signal", "to", "go"]
    long_para = " ".join(words[i % len(words)] for i in range(30_000))
    for text in (long_para, "x" * 25_000, "A. " * 5_000):
        started = time.perf_counter()
        spans = list(sentence_spans(text))
        assert time.perf_counter() - started < 5
        assert all(text[s:e] == text[s:e].strip() and e - s <= 1200 for s, e in spans)
        assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")
    assert is_unpunctuated(long_para) and max(len(text.split()) for text in sentences(long_para)) <= 40


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("that six people had been confirmed dead in the town.", "starts mid-sentence"),
        ("500 homes in the Millrace district were surveyed.", None),
        ("Monday, Pres.", "fewer than five words"),
        ("The council said it would meet again at 6 p.m.", "ends on an abbreviation"),
        ("The shares of Brackwell Holdings Inc.", "ends on an abbreviation"),
        ("regional emergency agency I'll give you the", "starts mid-sentence"),
        ("Officials expect the road to reopen next week", "no sentence-final punctuation"),
        ("Two of the dead were from the lower town and one was f…", "no sentence-final punctuation"),
        ("The toll stands at six, a hospital source said...", "no sentence-final punctuation"),
        ("两人受伤。", "fewer than ten characters"),
    ],
)
def test_fragments_are_not_statements(text: str, why: str | None) -> None:
    assert statement_problem(text) == why


def test_words_that_look_like_abbreviations_in_another_language() -> None:
    assert is_statement("La mancha de fuel avanzaba hacia el mar.", "es")
    assert is_statement("The council said the vote could come in May.")
    assert is_statement("The mayor said the inspectors had told me.")
    assert sentences("Der 3. Platz ging an Hamburg, sagte der Trainer. Die Saison endet bald.", "de") == [
        "Der 3. Platz ging an Hamburg, sagte der Trainer.", "Die Saison endet bald."]
    assert len(sentences("Según la Dra. Gil, EE.UU. envió ayuda el lunes. La marea subió.", "es")) == 2


def test_whole_sentences_are_statements() -> None:
    assert is_statement("The harbour office said at 7 a.m. Tuesday that two ferries had been grounded.")
    assert is_statement('"We will reopen next week," the manager of the depot said.')
    assert is_statement("¿Cuántos vecinos fueron evacuados durante la noche del sábado?")
    assert is_statement("警方周二说，大桥在驳船撞击后被关闭，两人受伤。")


@pytest.mark.parametrize("text,content", [
    ("This article first appeared in the Harbor Gazette and is reprinted with permission.", False),
    ("A version of this story originally ran in the Valley Wire on Tuesday.", False),
    ("Republished with permission from the county's emergency agency.", False),
    # near misses: the story's own news
    ("The virus first appeared in Wuhan in late 2019, health officials said.", True),
    ("The company said it had been given permission to reopen the plant on Monday.", True),
])
def test_a_note_about_the_article_itself_is_no_content(text: str, content: bool) -> None:
    from summarizer.passages import _is_content_text

    assert _is_content_text(text, "en") is content
