"""Corroboration recall (issue 12): clauses matched on their own, clock times, and the further
corroborated key points listed after the budget. Inputs are made up for these tests."""

from __future__ import annotations

from summarizer.engines.corroborated import extra_corroborated
from summarizer.ingest import ingest_texts
from summarizer.pipeline import brief_ingested
from summarizer.render.common import corroboration_label
from summarizer.segment import segment_document
from summarizer.settings import Settings
from summarizer.story.compare import Agreement, clauses, clock_times, same_fact


def test_a_clause_of_a_longer_sentence_states_the_fact() -> None:
    point = "The state fire marshal is investigating, and the town has hired a contractor to clear the debris."
    assert same_fact(point, "The state fire marshal has opened an investigation.").verdict is Agreement.same
    assert clauses(point) == ("The state fire marshal is investigating",
                              "the town has hired a contractor to clear the debris")


def test_a_list_with_a_serial_comma_is_not_split_into_clauses() -> None:
    assert clauses("Crews restored power to hospitals, schools, and the county water treatment plant.") == ()
    assert same_fact("Crews restored power to hospitals, schools, and the county water treatment plant.",
                     "Flooding damaged offices, shops, and the county water treatment plant.").verdict \
        is not Agreement.same


def test_clauses_with_different_named_actors_stay_apart() -> None:
    point = "Harlow police are investigating the break-in, and the mayor has asked residents for calm."
    assert same_fact(point, "Brenton police are investigating the break-in.").verdict is not Agreement.same


def test_a_negated_clause_stays_apart_and_negation_ends_at_the_clause() -> None:
    assert same_fact("The old bridge was not damaged, and crews reopened the coastal road by noon.",
                     "The old bridge was damaged by the flood waters.").verdict is not Agreement.same
    # "not affected" does not reach the fees: the second clause is stated plainly
    assert same_fact("Water service is not affected, and late fees will be waived until repairs end.",
                     "The district has promised to waive late fees.").verdict is Agreement.same


def test_clauses_with_another_figure_stay_apart() -> None:
    assert same_fact("The storm destroyed 40 homes in Ardley, and the county opened two shelters.",
                     "The storm destroyed 55 homes in Ardley.").verdict is not Agreement.same


def test_a_point_giving_a_clock_time_needs_it_in_the_passage() -> None:
    assert clock_times("It began at 5:47 p.m., then at 6 a.m. and um 17.47 Uhr; a 3.50 percent rise") == {
        "17:47", "06:00"}
    point = "The warehouse fire started at 3:15 a.m. on Sunday near the loading dock."
    assert same_fact(point, "The warehouse fire started on Sunday near the loading dock.").verdict is not Agreement.same
    assert same_fact(point, "The warehouse fire started near the loading dock at 3:15 a.m. on Sunday.").verdict \
        is Agreement.same


A = ("Flood waters closed the Ardley bridge on Monday after a week of heavy rain. The river rose four feet in "
     "one night. Officials said the bridge would be inspected before it reopens. Volunteers filled sandbags "
     "outside the library on Main Street all afternoon. The regional water board said the Pell reservoir spillway "
     "was opened for the first time since 2011. Schools stayed open.")
B = ("The Ardley bridge was closed by flood waters on Monday. Heavy rain fell for a week across the valley. "
     "Residents queued for sandbags at the fire station. Engineers will inspect the bridge before it reopens to traffic. "
     "The water board opened the Pell reservoir spillway, the first time since 2011. Buses were rerouted.")


def test_further_corroborated_facts_follow_the_budgeted_points() -> None:
    settings = Settings(engine="extractive", embedder="tfidf", words=12)
    result = ingest_texts([("a.txt", A.encode()), ("b.txt", B.encode())], settings)
    briefing = brief_ingested(result, settings)
    extras = [k for k in briefing.key_points if k.beyond_budget]
    budgeted = [k for k in briefing.key_points if not k.beyond_budget]
    assert budgeted and extras
    assert briefing.key_points[:len(budgeted)] == budgeted  # extras come after
    assert {k.text for k in extras}.isdisjoint(k.text for k in budgeted)
    for k in extras:  # each states its fact in both reports ("Flood waters closed the Ardley bridge on Monday")
        assert k.corroboration == 2 and len({c.source_id for c in k.citations}) == 2
        assert "further corroborated" in corroboration_label(k)
    off = brief_ingested(result, settings.model_copy(update={"extra_corroborated": 0}))
    assert not any(k.beyond_budget for k in off.key_points)


def test_extras_need_two_independent_sources() -> None:
    settings = Settings(engine="extractive", embedder="tfidf")
    result = ingest_texts([("a.txt", A.encode())], settings)
    docs = [segment_document(d, settings.encoding) for d in result.documents]
    assert extra_corroborated(docs, [], 6) == []


# --- further points from sentences that share a number, and points backed by a cited passage ---------

def _docs(*texts: str) -> list:
    settings = Settings(engine="extractive", embedder="tfidf")
    result = ingest_texts([(f"{n}.txt", t.encode()) for n, t in enumerate(texts)], settings)
    return [segment_document(d, settings.encoding) for d in result.documents]


HARBOUR_A = ("Fog closed the Wendle estuary to traffic for a second day on Tuesday. Eleven cargo ships were waiting "
             "at anchor outside Wendle harbour on Tuesday as the fog lingered. Pilots said visibility was under "
             "fifty metres at dawn. The previous closure, in 2019, lasted four days.")
HARBOUR_B = ("The harbour master, Ines Vorland, said 11 vessels were at anchor offshore on Tuesday morning, waiting "
             "for berths. Ferries to the islands were cancelled. The last long closure ended after four days, "
             "with losses for the fishing fleet.")


def test_sentences_sharing_a_number_are_compared_though_they_share_few_words() -> None:
    docs = _docs(HARBOUR_A, HARBOUR_B)
    extras = extra_corroborated(docs, [], 6)
    texts = [k.text for k in extras]
    ships = [k for k in extras if "cargo ships" in k.text or "11 vessels" in k.text]
    assert ships, texts  # "Eleven cargo ships ... at anchor" / "11 vessels were at anchor": one fact, two sources
    assert all(k.corroboration == 2 and len({c.source_id for c in k.citations}) == 2 for k in extras)


def test_a_shared_number_of_another_fact_is_not_agreement() -> None:
    # the same number, but of fuel trucks at a depot, and another figure of ships: never "2 sources agree"
    other = ("Eleven fuel trucks were waiting at the depot gate on Tuesday. The harbour master said 14 vessels "
             "were at anchor offshore on Tuesday morning.")
    docs = _docs(HARBOUR_A, other)
    for k in extra_corroborated(docs, [], 6):
        assert "trucks" not in k.text and "Eleven cargo ships" not in k.text, k.text
        assert not ("14 vessels" in " ".join(c.quote for c in k.citations) and "Eleven" in k.text)


def test_a_passage_another_point_cites_may_back_a_further_point() -> None:
    from summarizer.models import KeyPoint
    from summarizer.passages import cite

    a = ("The thermometer at Corran airport reached 41 degrees on Friday, a record for the town. "
         "Crews worked through the night.")
    b = ("A grass fire forced the closure of the Corran ring road on Friday afternoon, as the temperature at Corran "
         "airport hit a record 41 degrees. Schools closed early.")
    docs = _docs(a, b)
    lead = docs[1].sentences[0]
    budgeted = [KeyPoint(text=lead.text, citations=[cite(lead)], sources=[lead.source_id], corroboration=1,
                         single_source=True)]
    extras = extra_corroborated(docs, budgeted, 6)
    hot = [k for k in extras if k.text.startswith("The thermometer")]
    assert hot and {c.passage_id for c in hot[0].citations} >= {lead.id}
    assert all(k.text != lead.text for k in extras)  # the cited passage is support, never a further point's text


# --- one term for one number however written, one spelling for British and American words ---------

def test_numbers_in_words_and_digits_are_one_term() -> None:
    from summarizer.story.compare import fact_terms
    from summarizer.story.quantities import numbers_in, with_numerals

    assert fact_terms("Twelve barges were moored") == fact_terms("12 barges were moored")
    assert "21" in fact_terms("rescató a los veintiún pescadores", "es")
    assert "1200" in fact_terms("about 1,200 residents") and "1200" in fact_terms("unos 1.200 vecinos", "es")
    assert with_numerals("a hundred and fifty volunteers").split() == ["150", "volunteers"]
    assert numbers_in("$2.1 million in repairs") == [("$2.1 million", 2100000.0)]  # the scale word is no second number


def test_british_and_american_spellings_are_one_term() -> None:
    from summarizer.story.compare import fact_terms, spelled

    assert fact_terms("cooling centres by the harbour") == fact_terms("cooling centers by the harbor")
    assert spelled("organised") == "organized" and spelled("defence") == "defense"
    assert spelled("entre") == "entre" and spelled("hour") == "hour" and spelled("four") == "four"


def test_a_count_in_words_meets_the_same_count_in_digits() -> None:
    point = "The town has opened fourteen warming centres, the mayor said."
    assert same_fact(point, "Officials said the town opened 14 warming centers on Friday.").verdict is Agreement.same


def test_another_number_of_the_same_thing_is_not_agreement() -> None:
    point = "The town has opened fourteen warming centres, the mayor said."
    assert same_fact(point, "Officials said the town opened 12 warming centers on Friday.").verdict \
        is not Agreement.same
    assert same_fact(point, "The town has not opened 14 warming centers, the mayor said.").verdict \
        is not Agreement.same
    assert same_fact("The previous strike, in 2019, lasted nine days.",
                     "The last strike at the port ended after six days.").verdict is not Agreement.same


def test_bare_numbers_leave_out_years_dates_and_clock_times() -> None:
    from summarizer.story.quantities import bare_numbers

    assert bare_numbers("The strike began at 6 a.m. on Sept. 14, 2026, and lasted nine days.") == {9.0}
    assert bare_numbers("One of the ferries left at 17:45.") == frozenset()


# --- figures with a half ---------------------------------------------------------------------------------

def test_figures_with_a_half_are_read_in_every_form() -> None:
    from summarizer.story.quantities import quantities_of

    def read(text: str, lang: str = "en") -> list[tuple[str, float, str]]:
        return [(q.text, q.value, q.measure) for q in quantities_of(text, lang)]

    assert read("The cordon reaches a mile and a half from the plant.") == [("a mile and a half", 1.5, "mile")]
    assert read("Homes within a one-and-a-half-mile radius were cleared.") == [("one-and-a-half-mile", 1.5, "mile")]
    assert read("Crews laid two and a half miles of hose.") == [("two and a half miles", 2.5, "mile")]
    assert read("The slick stopped half a mile offshore.") == [("half a mile", 0.5, "mile")]
    assert read("La mancha cubre un kilómetro y medio de costa.", "es") == [("un kilómetro y medio", 1.5, "km")]
    assert read("Die Sperrzone reicht anderthalb Kilometer weit.", "de") == [("anderthalb Kilometer", 1.5, "km")]
    assert read("The meeting ended an hour and a half later.") == []  # no unit a story compares


def test_a_radius_in_words_meets_the_same_radius_in_digits_but_not_another() -> None:
    point = "The cordon reaches a mile and a half from the chemical plant in every direction."
    assert same_fact(point, "Police cleared every home within a 1.5-mile radius of the chemical plant.").verdict \
        is Agreement.same
    assert same_fact(point, "Police cleared every home within a 2.5-mile radius of the chemical plant.").verdict \
        is not Agreement.same


# --- opposite predicates --------------------------------------------------------------------------------

def test_opposite_predicates_about_the_same_things_are_not_agreement() -> None:
    assert same_fact("Officials opened 14 warming centers.", "Officials closed 14 warming centers.").verdict \
        is not Agreement.same
    assert same_fact("Five schools were closed on Monday.", "Five schools reopened on Monday.").verdict \
        is not Agreement.same
    assert same_fact("The river rose two metres overnight at Pell.", "The river fell two metres overnight at Pell.") \
        .verdict is not Agreement.same
    assert same_fact("El ayuntamiento cerró las playas de Arenal.", "El ayuntamiento reabrió las playas de Arenal.",
                     "es").verdict is not Agreement.same


def test_a_hyphenated_compound_is_no_opposite_and_one_direction_still_agrees() -> None:
    from summarizer.story.compare import opposite_words

    assert opposite_words("The union called the walkout open-ended.", "The walkout began on Monday.") is None
    assert same_fact("Officials opened 14 warming centers on Friday.",
                     "Fourteen warming centres were opened by officials on Friday.").verdict is Agreement.same


# --- a shared number alone is not a shared fact ----------------------------------------------------------

def test_a_shared_figure_needs_a_shared_word_besides_it() -> None:
    assert same_fact("Twelve barges were waiting at anchor.", "12 barges were unloaded on Monday at the grain pier.") \
        .verdict is not Agreement.same
    assert same_fact("Twelve container ships were waiting at anchor outside the harbour on Tuesday.",
                     "The harbour master said 12 vessels were at anchor offshore.").verdict is Agreement.same


def test_a_shared_bare_number_needs_a_shared_word_besides_it() -> None:
    assert same_fact("The fire burned for three hours.", "Three hours later the road reopened.").verdict \
        is not Agreement.same
    assert same_fact("The previous strike lasted nine days.", "Talks broke down nine days ago.").verdict \
        is not Agreement.same
    assert same_fact("The previous dock strike, in 2019, lasted nine days.",
                     "The last dock strike, seven years ago, ended after nine days.").verdict is Agreement.same


def test_a_reporting_verb_that_closes_the_claim_keeps_the_claim() -> None:
    from summarizer.story.compare import strip_frame

    said_after = "Twenty cars left the rails at the crossing, director Ana Ruiz said at a news conference on Monday."
    assert "left the rails" in strip_frame(said_after)
    assert strip_frame("Lt. Col. Anca Miro, a spokeswoman for the army, said debris fell on two houses in Pell.") \
        .strip() == "debris fell on two houses in Pell."


def test_a_verb_and_its_past_form_are_one_term() -> None:
    from summarizer.story.compare import fact_terms

    assert fact_terms("waive") == fact_terms("waived") == fact_terms("waives")
    assert fact_terms("close") == fact_terms("closed")
    point = "Parking charges will be waived until the garage reopens, and shuttle buses will run all week."
    assert same_fact(point, "The council has promised to waive parking charges at the garage.").verdict is Agreement.same
    assert same_fact(point, "The council refused to waive parking charges at the garage.").verdict \
        is not Agreement.same


def test_passages_of_a_corroborated_point_do_not_back_a_further_point() -> None:
    from summarizer.models import KeyPoint
    from summarizer.passages import cite

    a = ("The thermometer at Corran airport reached 41 degrees on Friday, a record for the town. "
         "Crews worked through the night.")
    b = ("A grass fire forced the closure of the Corran ring road on Friday afternoon, as the temperature at Corran "
         "airport hit a record 41 degrees. Schools closed early.")
    docs = _docs(a, b)
    lead, other = docs[1].sentences[0], docs[0].sentences[1]
    shown = [KeyPoint(text=lead.text, citations=[cite(lead), cite(other)], sources=[lead.source_id, other.source_id],
                      corroboration=2, single_source=False)]
    assert all(lead.id not in {c.passage_id for c in k.citations} for k in extra_corroborated(docs, shown, 6))


def test_crew_members_are_people_not_the_ship_they_serve_on() -> None:
    from summarizer.story.quantities import quantities_of

    assert all(q.thing != "vessel" for q in quantities_of("Rescataron a los veintiún tripulantes del buque.", "es"))
    assert [(q.value, q.measure) for q in quantities_of("Los 21 tripulantes fueron evacuados.", "es")] == [
        (21.0, "people:evacuated")]
    assert same_fact("Los 21 tripulantes del buque fueron evacuados.", "Dos buques fueron evacuados del puerto.",
                     "es").verdict is not Agreement.conflict


def test_a_count_opening_a_claim_is_not_a_named_actor() -> None:
    from summarizer.story.compare import subject_actor

    assert subject_actor("Three shelters were opened for evacuees.") is None
    assert subject_actor("Twenty-three cars left the rails.") is None
    assert subject_actor("Vardonian drones struck a fuel depot.") == "vardo"
    assert same_fact("Three shelters were opened for evacuees, including one at Corran High School.",
                     "Officials opened three emergency shelters, at Corran High School and the church hall.") \
        .verdict is Agreement.same
    # named actors still keep two claims apart
    assert same_fact("Vardonian drones struck a fuel depot near Oskel on Sunday.",
                     "Kessarian drones struck a fuel depot near Oskel on Sunday.").verdict is not Agreement.same


def test_a_half_mile_in_hyphenated_form() -> None:
    from summarizer.story.quantities import quantities_of

    assert [(q.value, q.measure) for q in quantities_of("Homes within a half-mile radius were cleared.")] == [
        (0.5, "mile")]
    assert same_fact("The cordon extends half a mile from the depot.",
                     "Homes within a half-mile radius of the depot were cleared.").verdict is Agreement.same


def test_burned_area_and_a_spanish_function_word_is_not_a_shared_word() -> None:
    assert same_fact("El fuego ha quemado ya unas 2.400 hectáreas en la sierra, informó la Junta.",
                     "Según la Junta, las llamas han arrasado 2.400 hectáreas de pinar en la sierra.", "es").verdict \
        is Agreement.same
    # the same area, but planted, not burned: only the figure and "la"/"de" in common
    assert same_fact("El fuego ha quemado unas 2.400 hectáreas de la comarca.",
                     "La cooperativa plantó 2.400 hectáreas de olivar.", "es").verdict is not Agreement.same


def test_a_claim_opening_with_a_preposition_names_no_actor() -> None:
    from summarizer.story.compare import subject_actor

    assert subject_actor("Según la Junta, las llamas han arrasado 2.400 hectáreas.") is None
    assert subject_actor("After the fire, Corran opened three shelters.") is None


def test_two_counts_with_no_number_in_common_are_not_one_fact() -> None:
    """A held-out audit found "Two Romanian tourists have been declared missing" backed by "As many as
    10,500 foreign nationals are missing in the region, most of them tourists": both count, no number is
    shared, so they do not state one fact. The near miss: one number written two ways is still shared."""
    from summarizer.story.compare import _terms

    a = "Two Romanian tourists have been declared missing in the tsunami."
    b = "As many as 10,500 foreign nationals are missing in the region, most of them tourists."
    # story weights as in a story about the missing: the shared words weigh most
    weights = {t: 0.1 for t in _terms(a) | _terms(b)} | {"miss": 2.0, "tourist": 2.0}
    assert same_fact(a, b, "en", weights).verdict is Agreement.unsure
    assert same_fact("Twelve container ships were waiting at anchor off the port on Tuesday.",
                     "As of Tuesday, 12 ships were waiting at anchor off the port.", "en").verdict is Agreement.same
