"""Agreement, figures, disputes vs updates, copies and the number check (issue 12): one small input per kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from summarizer.ingest import ingest
from summarizer.ingest.dedupe import copy_evidence, find_near_duplicates, wire_credits
from summarizer.models import ClaimCell, Document, KeyPoint
from summarizer.passages import cite
from summarizer.segment import segment_document
from summarizer.settings import Settings
from summarizer.story import compare_story
from summarizer.story.attribution import find_speaker, join_speakers, speakers_for
from summarizer.story.compare import Agreement, same_fact
from summarizer.story.quantities import Quantity, compatible, extract_quantities
from summarizer.verify.check import missing_numbers, verify_statements
from tests.conftest import EXAMPLES

CASES = Path(__file__).resolve().parents[2] / "shared" / "cases" / "inputs"


def figures(sentence: str) -> list[tuple[float, str, str]]:
    return [(q.value, q.qualifier, q.measure) for q in extract_quantities(sentence)]


# --- figures as typed quantities ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Twenty-three cars left the rails.", [(23, "exact", "rail car:derailed")]),
    ("A hundred and fifty people were evacuated.", [(150, "exact", "people:evacuated")]),
    ("La naviera habla de unas 80 toneladas.", [(80, "about", "tonne")]),
    ("Veintiún personas resultaron heridas en el accidente, según la policía.", [(21, "exact", "people:injured")]),
    ("Drei Menschen wurden getötet.", [(3, "exact", "people:dead")]),
    ("Some 1.200 residents were evacuated.", [(1200, "about", "people:evacuated")]),
    ("Nearly 240,000 customers lost power.", [(240000, "nearly", "customer:without power")]),
    ("About 64,000 customers were still without power.", [(64000, "about", "customer:still without power")]),
    ("Fewer than 150 evacuees were still sleeping at the school shelter.", [(150, "less_than", "people:still sheltered")]),
    ("Insurers put the insured losses at $18 million.", [(18e6, "exact", "money:insured")]),
])
def test_figures_in_words_digits_and_languages(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "Unit 731 was disbanded long ago.",
    "The office is at 12 Harbour Street.",
    "Traffic on Route 9 was diverted.",
    "The plant opened in 1994.",
    "The fire started at 5:47 p.m.",
])
def test_labels_years_streets_and_times_are_not_figures(text: str) -> None:
    assert extract_quantities(text) == []


def test_ranges_are_intervals_and_bounds_compare_by_overlap() -> None:
    (r,) = extract_quantities("Between 1,100 and 1,300 residents were evacuated.")
    (s,) = extract_quantities("Some 1,200 residents were evacuated.")
    (t,) = extract_quantities("About 1,500 residents were evacuated.")
    assert (r.low, r.high, r.qualifier) == (1100, 1300, "range")
    assert compatible(r, s) and not compatible(r, t)
    (a,) = extract_quantities("The records of at least 40,000 people were exposed.")
    assert a.high == float("inf")


def test_parts_of_a_whole() -> None:
    part, whole = extract_quantities("The port says 2,600 of its 4,300 dockworkers stayed away during the strike.")
    assert (part.value, part.measure, part.whole) == (2600, "people:striking", 4300)
    assert (whole.value, whole.measure) == (4300, "people:total")


def test_updates_keep_the_earlier_figure() -> None:
    (q,) = extract_quantities("The death toll rose from three on Friday to five on Saturday.")
    assert (q.value, q.measure, q.earlier, q.revised) == (5, "people:dead", 3, True)
    (r,) = extract_quantities("The number of people treated has risen to seven.")
    assert (r.value, r.measure, r.revised) == (7, "people:injured", True)
    (u,) = extract_quantities("The death toll rose to 14 on Monday, up from 9.")
    assert (u.value, u.earlier) == (14, 9)


# --- agreement means the same fact ----------------------------------------------------------------------

def test_the_same_wording_about_another_actor_is_not_agreement() -> None:
    a = "Vardonian drones struck a fuel depot near the border on Sunday, officials said."
    b = "Kessarian drones struck a power substation near the border on Sunday, officials said."
    assert same_fact(a, b).verdict is Agreement.unsure
    c = "The strike came one day before peace talks between Ukraine and Russia in Istanbul."
    d = "The Iskander missile attack was carried out one day before a new round of talks between Russia and Ukraine."
    assert same_fact(c, d).verdict is not Agreement.same


def test_a_denial_is_not_agreement_and_conflicting_figures_conflict() -> None:
    assert same_fact("City leaders denied that any ransom had been paid.",
                     "The city paid a ransom of roughly $380,000, two people said.").verdict is not Agreement.same
    assert same_fact("Twenty-three cars left the rails, the county said.",
                     "Northline says 19 cars left the tracks.").verdict is Agreement.conflict


def test_the_same_figure_in_words_and_digits_agrees() -> None:
    verdict = same_fact("Twelve container ships were waiting at anchor outside the port on Tuesday.",
                        "Port director Samuel Achterberg said 12 vessels were at anchor offshore.")
    assert verdict.verdict is Agreement.same


def test_a_shared_core_event_is_not_the_point() -> None:
    point = "The City Council will hold an emergency session on Thursday to discuss the ransomware attack."
    other = "A ransomware attack has shut down most of the city's computer systems, forcing staff back to paper."
    assert same_fact(point, other).verdict is not Agreement.same


def test_bounds_that_only_overlap_are_not_the_same_figure() -> None:
    verdict = same_fact("Blaine wrote that the records of at least 40,000 people could have been exposed.",
                        "The memo puts the number of people whose records were copied at as many as 65,000.")
    assert verdict.verdict is not Agreement.same


# --- disputes vs updates and speakers --------------------------------------------------------------------

def doc(doc_id: str, text: str, published: date | None = None) -> Document:
    return segment_document(Document(id=doc_id, title=doc_id, origin=f"{doc_id}.txt", text=text,
                                      published=published))


def test_a_revised_figure_is_an_update_with_both_dates_not_a_dispute() -> None:
    docs = [
        doc("S1", "Three people were treated for breathing problems after the derailment, county officials said. "
                  "The freight train derailed late on Tuesday near the crossing.", date(2026, 4, 15)),
        doc("S2", "The number of people treated for breathing problems after the derailment has risen to seven, "
                  "county officials said on Thursday. Crews were still emptying a damaged tank car.",
            date(2026, 4, 16)),
    ]
    analysis = compare_story(docs, [])
    assert analysis.contested == []
    (u,) = analysis.updates
    assert u.earlier.sources == ["S1"] and u.later.sources == ["S2"]
    assert (u.earlier_date, u.later_date) == (date(2026, 4, 15), date(2026, 4, 16))


def test_different_measures_are_never_a_dispute() -> None:
    docs = [
        doc("S1", "About 2,300 residents were evacuated from their homes overnight after the leak, officials said.",
            date(2026, 4, 15)),
        doc("S2", "About 140 people spent the night at the community center shelter after the leak, the Red Cross said.",
            date(2026, 4, 15)),
    ]
    assert compare_story(docs, []).contested == []


def test_each_speaker_is_named_once() -> None:
    assert find_speaker("The figure, according to the agency, is 1,200, according to the agency.") == \
        "according to the agency"
    assert speakers_for(["According to the agency, 5 died.", "She said, according to the agency, that 5 died."]) == \
        ["according to the agency", "according to the agency"]
    assert join_speakers(["the agency", "according to the agency", None, "Mayor Brandt"]) == "the agency; Mayor Brandt"


# --- copies ---------------------------------------------------------------------------------------------

WIRE = """Dam bursts above Kell, four dead

KELL, May 2, 2026 (Northway Wire) — Four people were killed and about 900 residents were evacuated after the Tarn Dam collapsed late on Friday, flooding the lower town.
The regional agency said rescue crews had pulled 31 people from rooftops before dawn on Saturday.
Hospital officials said eleven other people were treated for hypothermia and that two remained in serious condition.
The dam, owned by the Kell Water Board, had been holding back a reservoir swollen by a week of rain.
The railway suspended service on the Kell line after floodwater washed out a section of embankment.
Police said the names of the victims would not be released until relatives had been told.
"""
COPY = """Neighbouring towns brace for weeks of disruption after Kell flood

Commuters in Ardley face long bus journeys after the flood cut the rail line, the town council said.

KELL (Northway Wire) — Four people were killed and about 900 residents were evacuated after the Tarn Dam collapsed late on Friday, flooding the lower town.
Hospital officials said eleven other people were treated for hypothermia and that two remained in serious condition.
The dam, owned by the Kell Water Board, had been holding back a reservoir swollen by a week of heavy rain.
The railway suspended all service on the Kell line after floodwater washed out a section of embankment.

This report contains material from Northway Wire.
"""
OTHER = """Kell counts the cost of the Tarn Dam failure

Four people were killed when the Tarn Dam gave way on Friday night, the regional agency confirmed on Sunday.
"We have never seen water like this," said farmer Ada Pell, whose fields lie under a metre of mud.
Insurers estimated the damage at more than $20 million, and the council opened three emergency shelters.
Hospital officials said eleven other people were treated for hypothermia and that two remained in serious condition.
"""


def test_a_trimmed_edited_wire_copy_is_a_copy_and_says_of_which() -> None:
    assert wire_credits(WIRE) == wire_credits(COPY) == {"northway wire"}
    assert copy_evidence(WIRE, COPY) >= 4
    (nd,) = find_near_duplicates([WIRE, COPY], 0.8)
    assert (nd.index, nd.original) == (1, 0) and nd.shared_sentences >= 4


def test_an_independent_report_sharing_one_quote_is_not_a_copy() -> None:
    assert copy_evidence(WIRE, OTHER) == 0
    assert find_near_duplicates([WIRE, OTHER], 0.8) == []


# --- the number check (both engines) ----------------------------------------------------------------------

def test_numbers_are_compared_as_typed_quantities_in_words_and_digits() -> None:
    assert missing_numbers("Seven people were killed.", ["Five people were killed and seven were hurt."])
    assert missing_numbers("Seven people were killed.", ["Five people were killed."])
    assert missing_numbers("23 cars derailed.", ["Twenty-three cars left the rails."]) == []
    assert missing_numbers("About 1,200 fled.", ["Some 1.200 people fled."]) == []


def test_the_verifier_flags_a_wrong_toll_in_words() -> None:
    d = doc("S1", "Five people were killed in the flood, officials said on Friday.")
    s = d.sentences[0]
    from summarizer.models import Statement
    from summarizer.passages import cite

    kept, figures_ = verify_statements([Statement(text="Seven people were killed in the flood.", citations=[cite(s)])],
                                       [d], threshold=0.0)
    assert kept[0].flagged and any("Seven" in f for f in kept[0].flags)


# --- handed cases (read from ../shared, skipped when absent) ------------------------------------------------

@pytest.mark.skipif(not (CASES / "13_number_formats.txt").exists(), reason="../shared/cases not present")
def test_case_13_ranges_bounds_and_measures() -> None:
    text = (CASES / "13_number_formats.txt").read_text(encoding="utf-8")
    d = segment_document(Document(id="S1", title="13", origin="13", text=text))
    found: dict[str, Quantity] = {}
    for s in d.sentences:
        for q in extract_quantities(s.text):
            found.setdefault(q.measure, q)  # each measure's first mention
    evac = found["people:evacuated"]
    assert (evac.low, evac.high) == (1100, 1300)  # the range, not its upper end
    some = extract_quantities("Some 1,200 residents were evacuated.")[0]
    assert compatible(evac, some)
    assert found["people:still sheltered"].measure != evac.measure  # people still in a shelter: another measure
    assert found["people:dead"].value == 5 and found["people:dead"].revised  # "rises to five": an update
    (toll,) = [q for s in d.sentences for q in extract_quantities(s.text) if q.earlier is not None]
    assert (toll.value, toll.earlier) == (5, 3)  # "rose from three on Friday to five on Saturday"
    damages = [q for s in d.sentences for q in extract_quantities(s.text) if q.measure == "money:damage"]
    assert {q.value for q in damages} == {30e6}  # USD 30 mln == $30 million
    other = doc("S2", "Some 1,200 residents were evacuated from the Millrace district, the agency said. "
                      "About 140 people were in the shelter.")
    assert compare_story([d, other], []).contested == []


@pytest.mark.skipif(not (CASES / "15_wire_copy_edited.md").exists(), reason="../shared/cases not present")
def test_case_15_edited_wire_copy_counts_once() -> None:
    from summarizer.pipeline import brief_ingested

    settings = Settings(embedder="tfidf")
    result = ingest([str(EXAMPLES / "02_valley_wire.txt"), str(CASES / "15_wire_copy_edited.md")], settings)
    wire, copy = result.documents
    assert copy.duplicate_of == wire.id
    b = brief_ingested(result, settings)
    assert any(w.startswith(f"{copy.id} ") and f"copies {wire.id}" in w for w in b.method.warnings)
    assert all(k.corroboration == 1 for k in b.key_points)  # the copy never corroborates its original


def test_seeds_no_point_agrees_across_different_actors(seeds_dir: Path) -> None:
    """Issue 12's seeds example: "The Iskander missile attack ... one day before talks" was shown as
    agreed by a source saying Ukraine's strike came a day before talks."""
    from summarizer.pipeline import brief

    b = brief([str(p) for p in sorted(seeds_dir.glob("*.txt"))], Settings())
    for story in b.stories:
        for k in story.key_points:
            quotes = " ".join(c.quote for c in k.citations)
            assert not ("Iskander" in quotes and "strike came" in quotes), k.text
            if k.corroboration >= 2:
                assert len({c.source_id for c in k.citations}) >= 2


def test_a_passage_that_reports_both_sides_is_a_dispute_with_each_speaker_once() -> None:
    docs = [
        doc("S1", "Northline says 19 cars left the tracks, though county officials have put the number at 23.",
            date(2026, 4, 16)),
        doc("S2", "The freight train derailed late on Tuesday near the crossing, officials said.", date(2026, 4, 15)),
    ]
    (point,) = compare_story(docs, []).contested
    assert [s.value for s in point.sides] == ["19 cars", "23"]
    assert [s.speaker for s in point.sides] == ["Northline", "county officials"]
    es = ("El petrolero ha derramado más de 200 toneladas de fuelóleo, según la Capitanía Marítima, una cifra "
          "que la naviera propietaria del buque rebaja a unas 80 toneladas.")
    (p2,) = compare_story([doc("S1", es), doc("S2", "El buque encalló el sábado frente a la costa, según la policía.")],
                          []).contested
    assert [s.speaker for s in p2.sides] == ["según la Capitanía Marítima", "la naviera propietaria del buque"]


def test_a_two_figure_lead_row_is_judged_on_its_own_figure() -> None:
    """A key point giving a toll and an evacuation count: a source giving the same toll and another count
    asserts the toll, never "contradicts" it; the other count is disputed in its own figure row."""
    day = date(2026, 3, 13)
    docs = [
        doc("S1", "Three people were killed and about 1,100 residents fled their homes after the dam failed, "
                  "officials said. Crews worked through the night.", day),
        doc("S2", "Three people died and about 400 residents were forced from their homes when the dam broke, "
                  "the mayor said. Schools were closed.", day),
        doc("S3", "Three people were confirmed dead after the dam failure on the river, the agency said. "
                  "Roads remained closed.", day),
        doc("S4", "Five people were killed when the dam burst, a hospital spokesperson said. "
                  "The cause is not yet known.", day),
    ]
    lead = docs[0].sentences[0]
    point = KeyPoint(text=lead.text, citations=[cite(lead)], sources=["S1"], corroboration=1, single_source=True)
    analysis = compare_story(docs, [point])
    row = analysis.claim_matrix[0]
    assert row.kind == "key_point" and row.claim == lead.text and "number of dead" in row.topic
    assert "evacuated" not in row.topic
    cells = {c.source_id: c.cell for c in row.cells}
    assert cells == {"S1": ClaimCell.asserts, "S2": ClaimCell.asserts, "S3": ClaimCell.asserts,
                     "S4": ClaimCell.contradicts}
    # the evacuation counts still disagree, in their own row: S1 vs S2 (S3 and S4 give none)
    (evac,) = [r for r in analysis.claim_matrix if r.measure == "people:evacuated"]
    assert {c.source_id: c.cell for c in evac.cells if c.cell is not ClaimCell.silent} == {
        "S1": ClaimCell.asserts, "S2": ClaimCell.contradicts}
    assert any("evacuated" in p.topic for p in analysis.contested)


def test_two_figures_of_the_same_sentences_split_differently_stay_two_rows_and_two_disputes() -> None:
    """Every source gives both figures in one sentence, the toll split S1+S2 vs S3 and the evacuation
    count S1+S3 vs S2: the toll row must not absorb the evacuation row (same passages, another fact)
    and the two disputes must not be merged into one point with the toll's sides."""
    from summarizer.reconcile import merge_rows

    day = date(2026, 3, 13)
    docs = [
        doc("S1", "Three people were killed and about 1,100 residents fled their homes after the dam failed, "
                  "officials said. Crews worked through the night.", day),
        doc("S2", "Three people died and about 400 residents were forced from their homes when the dam broke, "
                  "the mayor said. Schools were closed.", day),
        doc("S3", "Five people were killed and about 1,100 residents were evacuated when the dam burst, "
                  "the agency said. The cause is not yet known.", day),
    ]
    lead = docs[0].sentences[0]
    point = KeyPoint(text=lead.text, citations=[cite(lead)], sources=["S1"], corroboration=1, single_source=True)
    analysis = compare_story(docs, [point])
    rows = merge_rows(analysis.claim_matrix, docs)
    cells = {r.topic: {c.source_id: c.cell for c in r.cells} for r in rows}
    assert cells["number of dead"] == {"S1": ClaimCell.asserts, "S2": ClaimCell.asserts, "S3": ClaimCell.contradicts}
    assert cells["number of people evacuated"] == {
        "S1": ClaimCell.asserts, "S2": ClaimCell.contradicts, "S3": ClaimCell.asserts}
    sides = {p.topic: sorted(tuple(s.sources) for s in p.sides) for p in analysis.contested}
    assert sides == {"number of dead": [("S1", "S2"), ("S3",)],
                     "number of people evacuated": [("S1", "S3"), ("S2",)]}


@pytest.mark.parametrize("sentence,kept", [
    # never set against another source's figure (a label audit of held-out news: all false disputes)
    ("The Senate passed a $1 trillion bipartisan infrastructure plan Tuesday.", []),  # a sum of money
    ("A spokesman speculated that the toll could increase to over 100,000.", []),  # a projection
    ("The drone strike killed an aid worker and nine members of his family.", []),  # part of the dead
    ("The strike killed as many as 10 people, including seven children.", ["as many as 10 people"]),
    ("Ten people were killed, seven of them children.", ["Ten people"]),
    ("Crews reached the 12-story building in Surfside.", []),  # describes the building, counts none
    ("The earthquake killed hundreds of people.", []),  # an order of magnitude
    # near misses: still figures
    ("Twenty-three cars derailed near the river.", ["Twenty-three cars"]),
    ("The union said nearly 4,000 of its members walked off the job.", ["nearly 4,000 of its members"]),
    ("On May 3 officials said 23 people were injured.", ["23 people"]),
    ("Crews could not reach the site. The hospital said it had treated 23 people.", ["23 people"]),
])
def test_story_figures_leave_out_what_is_not_a_disputable_count(sentence: str, kept: list[str]) -> None:
    from summarizer.story.claims import story_figures

    assert [q.text for q in story_figures(sentence, "en", 2026)] == kept


def test_an_undated_source_takes_the_storys_year_so_an_earlier_years_figure_is_history() -> None:
    """A source with no date of its own is read in the year its story's dated sources give, so "In
    June 2004, three small vessels ..." (an earlier incident) is never set against 2007's count."""
    from summarizer.story.claims import StoryText

    dated = segment_document(Document(id="S1", title="a", origin="a.txt",  # dated by its dateline only
                                      text="Sunday, March 25, 2007\n\nIranian forces seized two British boats on Friday."))
    undated = segment_document(Document(id="S2", title="b", origin="b.txt",
                                        text="In June 2004, three small vessels were detained by Iranian forces."))
    ctx = StoryText.build([dated, undated])
    assert [q.text for s in ctx.sents["S1"] for q in s.quantities] == ["two British boats"]
    assert [q.text for s in ctx.sents["S2"] for q in s.quantities] == []
    alone = StoryText.build([undated])  # no year known anywhere: the figure stays
    assert [q.text for s in alone.sents["S2"] for q in s.quantities] == ["three small vessels"]


def test_a_source_whose_cell_asserts_the_point_is_counted_as_its_support() -> None:
    """The point and its claim row agree on who states it: a source the engine did not group but
    whose cell asserts the point (the same fact, judged by the matrix) is cited and counted, so the
    briefing never reads "single source" beside a row showing two sources for it. A silent source
    is not added (the near miss)."""
    from summarizer.story.claims import restated_support

    docs = [segment_document(Document(id=f"S{n}", title=f"t{n}", origin=f"{n}.txt", text=t)) for n, t in enumerate([
        "Three people were killed when the Merrow Dam failed late on Thursday, officials said.",
        "The Merrow Dam collapse killed three people on Thursday night, the county said.",
        "Residents of the valley were told to boil their water until further notice.",
    ], 1)]
    point = docs[0].sentences[0]
    kp = KeyPoint(text=point.text, citations=[cite(point)], sources=["S1"], corroboration=1, single_source=True)
    row = next(r for r in compare_story(docs, [kp]).claim_matrix if r.kind == "key_point")
    assert [c.cell for c in row.cells] == [ClaimCell.asserts, ClaimCell.asserts, ClaimCell.silent]
    update = restated_support(kp, row, docs)
    assert update is not None
    assert update["sources"] == ["S1", "S2"] and update["corroboration"] == 2 and not update["single_source"]
    assert [c.passage_id for c in update["citations"]] == ["S1.1", "S2.1"]
