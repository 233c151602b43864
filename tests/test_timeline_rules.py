"""Timeline rules: tense-aware direction, anchors, languages, background, one entry per event."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.models import Document
from summarizer.segment import segment_document
from summarizer.story.dates import find_expressions, weekday_date
from summarizer.story.timeline import _find, build_timeline, reference_date

THU = date(2026, 1, 22)  # a Thursday
MON = date(2026, 1, 19)  # a Monday


def when(text: str, ref: date | None) -> date | None:
    found = _find(text, ref, None)
    return found.when if found else None


@pytest.mark.parametrize(("text", "ref", "expected"), [
    # future tense goes forward
    ("The ferry line will resume sailings on Saturday, the operator said.", THU, date(2026, 1, 24)),
    ("Crews expect to clear the debris by Tuesday.", THU, date(2026, 1, 27)),
    ("The curfew stays in force until Sunday.", THU, date(2026, 1, 25)),
    ('"If the pumps fail past Monday, we lose the crop."', THU, date(2026, 1, 26)),
    ("The board plans to vote next Wednesday.", THU, date(2026, 1, 28)),
    ("Engineers are set to inspect the span next Monday.", MON, date(2026, 1, 26)),  # 'next' on the day itself
    # past tense goes back; 'last X' on X is the week before
    ("The bridge was closed on Tuesday after cracks appeared.", THU, date(2026, 1, 20)),
    ("The minister had warned last Monday that funds were short.", MON, date(2026, 1, 12)),
    ("Crews worked through the night on Thursday.", THU, THU),  # the reference weekday is the day itself
    ("Investigators were expected to reach the site on Wednesday.", THU, date(2026, 1, 21)),  # future seen from the past
    # Spanish and German
    ("Los bomberos llegaron ayer miércoles al puerto.", THU, date(2026, 1, 21)),
    ("La vista se celebrará el próximo martes en la capital.", THU, date(2026, 1, 27)),
    ("El pasado viernes se registró la primera fuga.", THU, date(2026, 1, 16)),
    ("El buque se hundió la madrugada del domingo.", THU, date(2026, 1, 18)),
    ("Die Verhandlungen werden am kommenden Dienstag fortgesetzt.", THU, date(2026, 1, 27)),
    ("Der Deich brach am Montagabend.", THU, MON),
    ("Gestern wurde der Damm gesperrt.", THU, date(2026, 1, 21)),
    # explicit dates in every language
    ("El acuerdo se firmó el 3 de enero de 2026.", None, date(2026, 1, 3)),
    ("Das Abkommen trat am 3. Januar 2026 in Kraft.", None, date(2026, 1, 3)),
])
def test_direction_and_language(text: str, ref: date | None, expected: date) -> None:
    assert when(text, ref) == expected


def test_anchor_is_the_date_in_the_sentence_or_the_time_of_the_quote() -> None:
    # a weekday after an explicit date is read from that date, not from the publication date
    f = _find("On January 5, the council said it would decide on Friday.", THU, None)
    assert f is not None and f.when == date(2026, 1, 5)
    quoted = _find('"We will reopen on Friday," the manager said on Monday.', date(2026, 1, 27), None)
    assert quoted is not None and quoted.when == date(2026, 1, 30)  # forward from the Monday it was said
    assert "sentence" in quoted.how
    # 'yesterday' speaks from the writer's day even when another date is in the sentence
    f2 = _find("Volunteers came ayer miércoles to beaches soiled since 12 de enero.", THU, None)
    assert f2 is not None and f2.when == date(2026, 1, 21)


def test_no_anchor_says_date_unknown_and_guesses_nothing() -> None:
    f = _find("The council will meet on Friday.", None, None)
    assert f is not None and f.when is None and f.partial == "Friday (date unknown)"
    g = _find("Yesterday the dam held.", None, None)
    assert g is not None and g.when is None and "date unknown" in g.partial
    h = _find("The site was inspected ayer lunes.", THU, None)  # yesterday was a Wednesday: contradiction
    assert h is not None and h.when is None


def test_running_text_traps_are_not_dates() -> None:
    assert find_expressions("Rescuers may reach the valley at 2 a.m. if the road holds.") == []
    assert find_expressions("Unit 731 museum reopened.") == []
    assert when("Inspectors may return at 3 a.m. on the 4th.", THU) is None


def test_background_mentions_are_marked_not_events() -> None:
    for text in ("It was the worst flood since 2014.", "The plant opened in March 2019.",
                 "The town marks the tenth anniversary of the fire on Monday.",
                 "An earlier breach on 3 October 2025 was repaired."):
        f = _find(text, THU, None)
        assert f is not None and f.background, text
    f = _find("The levee broke early on Tuesday.", THU, None)
    assert f is not None and not f.background
    # a sentence with a background year and an event day is dated by the event
    g = _find("Since 2014 the levee had held, but it broke on Tuesday.", THU, None)
    assert g is not None and g.when == date(2026, 1, 20) and not g.background


def test_weekday_date_rules() -> None:
    assert weekday_date(0, MON, "next") == date(2026, 1, 26)
    assert weekday_date(0, MON, "last") == date(2026, 1, 12)
    assert weekday_date(0, MON, "forward") == MON == weekday_date(0, MON, "back")
    assert weekday_date(2, THU, "nearest") == date(2026, 1, 21)


def test_reference_date_from_spanish_and_german_datelines() -> None:
    es = Document(id="S1", origin="a.txt", title="t", text="Puerto Lirio, 17 de mayo de 2026 (Agencia) - El buque...")
    de = Document(id="S2", origin="b.txt", title="t", text="HAFENSTADT, 17. Mai 2026 - Der Deich ...")
    assert reference_date(es) == date(2026, 5, 17) == reference_date(de)


def _doc(i: str, text: str, published: date | None) -> Document:
    return segment_document(Document(id=i, origin=f"{i}.txt", title=i, text=text, published=published))


def test_one_entry_per_event_cites_every_source_and_background_goes_last() -> None:
    a = _doc("S1", "The levee on the Varna canal broke early on Tuesday, flooding the lower town. "
                   "It was the worst flood since 2014.", THU)
    b = _doc("S2", "The Varna canal levee broke on Tuesday, flooding the lower town, officials said.", THU)
    c = _doc("S3", "The council will hold an emergency session on Friday to plan repairs.", THU)
    entries = build_timeline([a, b, c])
    assert [e.date for e in entries] == [date(2026, 1, 20), date(2026, 1, 23), date(2014, 1, 1)]
    assert entries[0].sources == ["S1", "S2"] and len(entries[0].citations) == 2
    assert entries[-1].background and entries[-1].when.endswith("(background)")
    for e in entries:
        for c_ in e.citations:
            doc = {"S1": a, "S2": b, "S3": c}[c_.source_id]
            assert doc.text[c_.start:c_.end] == c_.quote


def test_a_date_that_opens_its_sentence_takes_the_tense_after_it() -> None:
    assert when("On Monday, the council will vote on the repairs.", THU) == date(2026, 1, 26)
    assert when("On Monday, the council voted on the repairs.", THU) == MON
    assert when("El lunes, el consejo votará las reparaciones.", THU) == date(2026, 1, 26)


@pytest.mark.parametrize(("text", "expected"), [
    ("The hearing is scheduled for Friday.", date(2026, 1, 23)),
    ("Die Anhörung ist für Freitag angesetzt.", date(2026, 1, 23)),  # German verb last
    ("La audiencia está prevista para el viernes.", date(2026, 1, 23)),
    ("Officials said the road could not be reached on Monday.", MON),
    ("The 2019 flood, which hit on a Sunday, was worse.", None),  # a kind of day, not a date
])
def test_scheduled_and_indefinite(text: str, expected: date | None) -> None:
    assert when(text, THU) == expected


def test_a_dateline_anchors_but_is_not_an_event() -> None:
    f = _find("HARLOW, March 4, 2026 (Coast Wire) — A ferry ran aground late on Tuesday, officials said.", None, None)
    assert f is not None and f.when == date(2026, 3, 3) and "Tuesday" in f.expression
    assert _find("Villa Rosa (Costa Norte), 4 de marzo de 2026 (Agencia).", None, None) is None
    g = _find("The council met on March 4, 2026 - a day after the grounding.", None, None)
    assert g is not None and g.when == date(2026, 3, 4)


def test_same_source_sentences_and_swapped_roles_never_merge() -> None:
    a = _doc("S1", "Norlander drones hit a depot in Ostrava on Sunday, officials said. "
                   "Ostravan drones hit a depot in Norland on Sunday, officials said.", THU)
    b = _doc("S2", "Ostravan drones hit a depot in Norland on Sunday, officials said.", THU)
    entries = build_timeline([a, b])
    assert len(entries) == 2
    assert [e.sources for e in entries] == [["S1"], ["S1", "S2"]]
    assert entries[1].text.startswith("Ostravan")


def test_spans_ago_in_three_languages_are_approximate() -> None:
    for text in ("The dam failed two days ago.", "El buque encalló hace dos días.", "Der Deich brach vor zwei Tagen."):
        f = _find(text, THU, None)
        assert f is not None and f.when == date(2026, 1, 20) and f.approximate, text


@pytest.mark.parametrize(("text", "expected"), [
    ("Talks resume on Tuesday in Geneva.", date(2026, 1, 27)),  # a timetable in the present: coming Tuesday
    ("Officials said schools reopen on Monday.", date(2026, 1, 26)),
    ("The strike closed the port on Monday.", MON),  # simple past: back
    ("The blackout began on Wednesday.", date(2026, 1, 21)),
])
def test_timetable_present_is_future(text: str, expected: date) -> None:
    assert when(text, THU) == expected


@pytest.mark.parametrize("text,dates", [
    ("The senator told CBS This Morning that the bill would pass.", []),  # a show's name
    ("USA Today reported the vote.", []),  # a paper's name
    # near misses: dates
    ("Today, officials said the dam held.", ["Today"]),
    ("It rained in June. Today the dam held.", ["Today"]),
    ("The mayor spoke this morning.", ["this morning"]),
])
def test_a_relative_day_inside_a_name_is_no_date(text: str, dates: list[str]) -> None:
    from summarizer.story.dates import find_expressions

    assert [e.text for e in find_expressions(text) if e.kind == "rel"] == dates


@pytest.mark.parametrize("text,dates", [
    # a month-day naming a past event is not the sentence's date (an audit found "the July 7 bombers",
    # in an undated-year context, dated by the article's year)
    ("Three of the July 7 bombers were shown in the video.", []),
    ("Police released profiles of the July 7 bombers on Tuesday.", [date(2007, 7, 31)]),  # Tuesday is the event
    ("Opposition parties called for an inquiry into the 7 July link.", []),
    ("Manger will take charge in the aftermath of the violent Jan. 6 insurrection.", []),
    # near misses: the date of a dated occasion, or a date with a preposition
    ("The council approved the donation during a Jan. 10 meeting.", [date(2007, 1, 10)]),
    ("Prices rose 0.3 percent, the Labor Department said in a July 14 report.", [date(2007, 7, 14)]),
    ("The attack happened on July 7 and killed 52 people.", [date(2007, 7, 7)]),
])
def test_a_month_day_that_names_an_event_is_not_the_sentences_date(text: str, dates: list[date]) -> None:
    from summarizer.story.timeline import document_timeline

    doc = segment_document(Document(id="S1", title="t", origin="a.txt", text=text, published=date(2007, 8, 1)))
    assert [e.date for e in document_timeline(doc)] == dates
