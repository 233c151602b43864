"""Unit tests of the story stage: figures, comparison, attribution, timeline, grouping."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.models import Document
from summarizer.segment import segment_document
from summarizer.story.attribution import find_speaker, speakers_for
from summarizer.story.compare import minimizing_cue
from summarizer.story.events import group_documents
from summarizer.story.quantities import compatible, extract_quantities, parse_number
from summarizer.story.timeline import _find, document_timeline, reference_date


def doc(doc_id: str, text: str, published: date | None = None, title: str = "t", **kw: object) -> Document:
    return segment_document(Document(id=doc_id, title=title, origin=f"{doc_id}.txt", text=text,
                                      published=published, **kw))  # type: ignore[arg-type]


def one(sentence: str) -> tuple[float, str, str]:
    (q,) = extract_quantities(sentence)
    return q.value, q.qualifier, q.measure


@pytest.mark.parametrize("text,expected", [
    ("Three people died in the flood.", (3, "exact", "people:dead")),
    ("Five killed as dam collapses", (5, "exact", "people:dead")),
    ("About 1,200 residents were evacuated overnight.", (1200, "about", "people:evacuated")),
    ("The storm caused an estimated $30 million in damage.", (30e6, "about", "money:damage")),
    ("Drones struck four military air bases.", (4, "exact", "air base")),
    ("The campaign hit 5 military airports.", (5, "exact", "air base")),
    ("More than 117 suicide UAVs were used.", (117, "more_than", "drone")),
    ("The bridges collapsed, killing at least seven people and injuring more than 70.", (7, "at_least", "people:dead")),
])
def test_figures_are_read_with_qualifier_and_measure(text: str, expected: tuple[float, str, str]) -> None:
    assert one(text) == expected


@pytest.mark.parametrize("text", [
    "The dam was completed in 1961.",
    "It failed at 11:40 p.m. on March 12.",
    "Call 555-0142 for help.",
    "Liv Haraldsen, 34, carried her children upstairs.",
    "About 150 people were still sleeping there.",  # people with no predicate: not comparable
    "Over four in five missiles were intercepted.",
    "The rain lasted 72 hours.",
])
def test_years_times_phones_ages_and_ratios_are_not_figures(text: str) -> None:
    assert extract_quantities(text) == []


def test_spelled_numbers() -> None:
    assert parse_number("five") == 5
    assert parse_number("twenty-two") == 22
    assert parse_number("1,200") == 1200
    assert parse_number("banana") is None


def test_compatibility_rules() -> None:
    (a,) = extract_quantities("117 drones were launched.")
    (b,) = extract_quantities("more than 117 UAVs were launched.")
    (c,) = extract_quantities("4 air bases were hit.")
    (d,) = extract_quantities("5 airports were hit.")
    (e,) = extract_quantities("about 1,100 residents fled.")
    (f,) = extract_quantities("approximately 1,200 residents fled.")
    assert c.measure == d.measure and a.measure == b.measure
    assert compatible(a, b)
    assert not compatible(c, d)
    assert not compatible(e, f)


def test_minimizing_cues() -> None:
    assert minimizing_cue("Moscow claimed only minor damage and no casualties.") is not None
    assert minimizing_cue("Floodwater destroyed all three of her cooling units.") is None
    assert minimizing_cue("14 people were treated for minor injuries.") is None


@pytest.mark.parametrize("sentence,speaker", [
    ("Officials at the town hall said on Saturday that 55 buildings had been destroyed.",
     "Officials at the town hall"),
    ("According to the regional emergency agency, 1,200 people were evacuated.",
     "according to the regional emergency agency"),
    ("Ukraine's Security Service says 40 aircraft were hit.", "Ukraine's Security Service"),
    ("The death toll was confirmed on Friday by officials at St. Aldric Regional Hospital.",
     "officials at St. Aldric Regional Hospital"),
    ("\"It went dark,\" said Liv Haraldsen, 34, who lives there.", "Liv Haraldsen"),
    ("The river rose quickly overnight.", None),
    ("Ukraine was said to have launched the campaign.", None),
])
def test_speakers(sentence: str, speaker: str | None) -> None:
    assert find_speaker(sentence) == speaker


def test_speaker_nearest_the_claim_and_pronouns() -> None:
    s = "Although Moscow claimed only minor damage, Kiev claimed to have hit many aircraft."
    assert find_speaker(s, at=s.index("minor")) == "Moscow"
    assert find_speaker(s, at=s.index("hit")) == "Kiev"
    resolved = speakers_for(["Mayor Ilsa Brandt declared an emergency.", "She said 38 homes were destroyed."])
    assert resolved == [None, "Mayor Ilsa Brandt"]


def test_reference_date_from_dateline() -> None:
    d = doc("S1", "CASTLEBROOK, March 13, 2026 (Valley Wire) — Five people were killed.")
    assert reference_date(d) == date(2026, 3, 13)
    assert reference_date(doc("S2", "No date here at all.")) is None


def test_relative_dates_resolve_against_publication_date() -> None:
    ref = date(2026, 3, 14)  # a Saturday
    assert _find("The dam gave way late Thursday.", ref, None).when == date(2026, 3, 12)  # type: ignore[union-attr]
    # a timetable in the present is a future (issue 12: "the talks open on Monday" is the coming Monday)
    assert _find("Repairs begin on Friday.", ref, None).when == date(2026, 3, 20)  # type: ignore[union-attr]
    assert _find("Repairs began on Friday.", ref, None).when == date(2026, 3, 13)  # type: ignore[union-attr]
    assert _find("It opened on June 1.", date(2025, 6, 3), None).when == date(2025, 6, 1)  # type: ignore[union-attr]
    night = _find("Earlier, on the night of May 31, two bridges fell.", date(2025, 6, 2), None)
    assert night is not None and night.when == date(2025, 5, 31)


def test_undated_items_get_no_invented_date() -> None:
    d = doc("S1", "The strike came on Friday, officials said. On June 1 a statement followed. "
                  "Less than 24 hours before, drones hit five airports.")
    entries = document_timeline(d)
    assert [e.date for e in entries] == [None, None, None]
    assert entries[0].when == "Friday (date unknown)"
    assert entries[1].when == "June 1 (year unknown)"
    assert "year unknown" in entries[2].when and entries[2].approximate
    assert all(e.citations[0].quote == d.text[e.citations[0].start:e.citations[0].end] for e in entries)


def test_relative_phrase_anchors_to_earlier_date_in_text() -> None:
    d = doc("S1", "A statement on June 1, 2025 described the attack. Less than 24 hours before, drones hit airports.",
            published=date(2025, 6, 2))
    entries = document_timeline(d)
    assert entries[1].date == date(2025, 5, 31) and entries[1].approximate


MERROW = ("The Merrow Dam near Castlebrook failed late Thursday after heavy rain, flooding the Millrace district. "
          "Mayor Ilsa Brandt declared an emergency and Castlebrook Fire and Rescue led boat rescues on the Orrin River.")
WILDFIRE = ("A wildfire swept through the pine forests above Tarnwick on Monday, forcing the closure of Route 9. "
            "The Tarnwick Forestry Service said crews from Lowmere and Ashby were fighting the blaze from the air.")


def test_two_events_mixed_in_one_input_are_separated() -> None:
    docs = [
        doc("S1", MERROW + " Three people died, town officials said.", date(2026, 3, 14)),
        doc("S2", WILDFIRE + " Nobody was hurt.", date(2026, 3, 14)),
        doc("S3", MERROW.replace("failed late Thursday", "gave way on Thursday night") + " Five people were killed.",
            date(2026, 3, 13)),
    ]
    out, stories = group_documents(docs)
    assert [s.document_ids for s in stories] == [["S1", "S3"], ["S2"]]
    assert [d.story_id for d in out] == ["story1", "story2", "story1"]
    assert stories[0].role == "main" and stories[1].role == "separate"


def test_an_earlier_event_is_background_even_when_similar() -> None:
    docs = [
        doc("S1", MERROW, date(2026, 3, 14)),
        doc("S2", MERROW.replace("late Thursday", "on Thursday night"), date(2026, 3, 13)),
        doc("S3", MERROW.replace("Merrow Dam", "old Merrow weir"), date(2019, 5, 2)),
    ]
    _, stories = group_documents(docs)
    assert [s.document_ids for s in stories] == [["S1", "S2"], ["S3"]]
    assert stories[1].role == "background" and stories[1].start == date(2019, 5, 2)
    assert "2019-05-02" in stories[1].note


def test_a_copy_always_follows_its_original() -> None:
    docs = [doc("S1", MERROW, date(2026, 3, 14)), doc("S2", WILDFIRE, date(2026, 3, 14)),
            doc("S3", "Reprinted. " + MERROW, date(2026, 3, 15), duplicate_of="S1")]
    _, stories = group_documents(docs)
    assert ["S1", "S3"] in [s.document_ids for s in stories]


def test_a_weekday_followed_by_its_date_takes_that_date() -> None:
    ref = date(2026, 3, 13)
    assert _find("Buses will run from Monday, March 16.", ref, None).when == date(2026, 3, 16)  # type: ignore[union-attr]
    assert _find("It stays in force until Friday, March 27, 2026.", ref, None).when == date(2026, 3, 27)  # type: ignore[union-attr]


def test_states_same_gives_same_facts_verdict_on_every_pair_of_the_examples() -> None:
    """``states_same`` skips rules only when the answer is already no; on every cross-source pair of
    the example articles (and a few made-up ones) it answers as ``same_fact(...).verdict is same``."""
    from itertools import permutations

    from summarizer.ingest import ingest
    from summarizer.settings import Settings
    from summarizer.story.compare import Agreement, same_fact, states_same, story_weights
    from tests.conftest import EXAMPLES

    docs = [segment_document(d) for d in ingest([str(p) for p in sorted(EXAMPLES.iterdir())], Settings()).documents]
    weights = story_weights([d.text for d in docs])
    pairs = [(a.text, b.text) for x, y in permutations(docs, 2) for a in x.sentences for b in y.sentences]
    pairs += [
        ("Three people were killed in the blast.", "The blast killed three people, police said."),
        ("Three people were killed in the blast.", "Four people were killed in the blast."),
        ("The bridge was closed on Monday.", "The bridge was reopened on Monday."),
        ("The state Cyber Crimes Unit is investigating, and the city has hired an outside firm.",
         "The state Cyber Crimes Unit has opened an investigation."),
        ("Officials did not say what caused the fire.", "Officials said what caused the fire."),
    ]
    verdicts = [same_fact(a, b, None, weights).verdict for a, b in pairs]
    assert Agreement.same in verdicts and Agreement.unsure in verdicts  # both answers are exercised
    mismatched = [(a, b) for (a, b), v in zip(pairs, verdicts, strict=True)
                  if states_same(a, b, None, weights) != (v is Agreement.same)]
    assert not mismatched, mismatched[:3]
