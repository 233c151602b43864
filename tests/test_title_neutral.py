"""Titles never carry one party's word: the most-shared undisputed, unattributed statement of what happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import labels
from summarizer.labels import is_attributed, news_part, takes_side
from summarizer.lead import shared_title, story_title
from summarizer.models import Citation, ClaimCell, ClaimCellEntry, ClaimRow, ContestedPoint, KeyPoint
from summarizer.pipeline import brief
from summarizer.settings import Settings
from tests.conftest import make_document

TRUTHSET = Path(__file__).resolve().parents[2] / "shared" / "eval" / "truthset-dev"


@pytest.mark.parametrize(("sentence", "side", "speaker"), [
    ("The ministry said it had intercepted 31 of 34 drones and denied that the depot had caught fire.", True, True),
    ("Lt. Col. Miro dismissed claims by the general staff that more than 50 drones had hit.", True, True),
    ("Air defences shot down 31 drones, the ministry said, describing the raid as an attempt to wreck talks.",
     True, True),
    ("Kessaria accused Vardonia of sabotage.", True, True),
    ("Three people were treated, according to county officials.", False, True),
    ("Drones hit a power substation outside Dorvik on Sunday.", False, False),
    ("The Merrow Dam failed on Thursday.", False, False),
])
def test_a_party_s_word_is_recognised(sentence: str, side: bool, speaker: bool) -> None:
    assert takes_side(sentence) is side
    assert is_attributed(sentence) is speaker


def test_news_part_drops_only_the_clause_naming_the_speaker() -> None:
    s = "Twenty-three cars left the rails at the crossing, the county director said at a news conference."
    assert news_part(s) == "Twenty-three cars left the rails at the crossing"
    assert is_attributed(news_part("The ministry said it had intercepted drones."))


def _cite(doc: str, k: int, quote: str) -> Citation:
    return Citation(source_id=doc, passage_id=f"{doc}.{k}", start=0, end=len(quote), quote=quote)


def _side(doc: str, text: str, value: str) -> KeyPoint:
    return KeyPoint(text=text, citations=[_cite(doc, 2, text)], sources=[doc], value=value, corroboration=1,
                    single_source=True)


def _row(row_id: str, cells: list[tuple[str, int, str, ClaimCell]], contradicting: int = 0) -> ClaimRow:
    return ClaimRow(id=row_id, claim=cells[0][2], topic="", kind="key_point", contradicting=contradicting,
                    cells=[ClaimCellEntry(source_id=s, cell=c, citation=_cite(s, k, q)) for s, k, q, c in cells])


A, X = ClaimCell.asserts, ClaimCell.contradicts
CLAIM = "The defence ministry said it had intercepted 31 of 34 drones and denied that the depot had caught fire."
STRIKE = "Drones struck a fuel depot near the town of Oskel on Sunday, the day before the talks opened."
TALKS = "The talks are expected to focus on a prisoner exchange and the river crossing."


def _docs() -> list:
    return [make_document(f"{STRIKE} {CLAIM} {TALKS}", f"S{n}", outlet=f"Outlet {n}") for n in (1, 2, 3)]


def test_title_is_the_shared_undisputed_event_not_the_most_cited_claim() -> None:
    docs = _docs()
    rows = [  # the claim is the row most sources speak to, and disputed
        _row("C1", [("S1", 2, CLAIM, A), ("S2", 2, CLAIM, A), ("S3", 2, "More than 50 drones hit.", X)], 1),
        _row("C2", [("S1", 3, TALKS, A), ("S2", 3, TALKS, A)]),  # expected, not happened
        _row("C3", [("S1", 1, STRIKE, A), ("S3", 1, STRIKE, A)]),
    ]
    contested = [ContestedPoint(topic="number of drones", sides=[
        _side("S1", CLAIM, "31 of 34 drones"), _side("S3", "More than 50 drones hit.", "more than 50 drones")])]
    title = story_title(docs, rows, [], contested)
    assert title.startswith("Drones struck a fuel depot near the town of Oskel"), title
    assert not is_attributed(title) and "denied" not in title


def test_without_a_neutral_statement_the_title_is_words_the_sources_share_never_one_side() -> None:
    docs = [make_document("Kessaria denied that the Oskel depot burned on Sunday.", "S1", title="Oskel depot fire"),
            make_document("Vardonia claimed the Oskel depot burned through the night.", "S2", title="Oskel depot")]
    rows = [_row("C1", [("S1", 1, docs[0].sentences[0].text, A), ("S2", 1, docs[1].sentences[0].text, X)], 1)]
    title = story_title(docs, rows, [])
    assert title == "Oskel depot", title
    assert shared_title(docs[:1] * 2) != "" and "denied" not in shared_title(docs).lower()


def test_a_disputed_row_gives_a_title_only_without_the_disputed_measure() -> None:
    lead = "Air defences shot down thirty-one of 34 drones that attacked the Oskel area early on Sunday."
    docs = [make_document(lead, "S1"), make_document(lead, "S2")]
    rows = [_row("C1", [("S1", 1, lead, A), ("S2", 1, lead, A)])]
    contested = [ContestedPoint(topic="number of drones", sides=[
        KeyPoint(text=lead, citations=[_cite("S1", 1, lead)], sources=["S1"], value="thirty-one", corroboration=1), _side("S3", "x", "more than 50 drones")])]
    title = story_title(docs, rows, [], contested)
    assert "drones" not in title.lower() and "shot down" not in title.lower(), title


@pytest.mark.skipif(not TRUTHSET.is_dir(), reason="../shared/eval absent")
def test_truthset_titles_carry_no_party_s_word() -> None:
    for cluster in sorted(TRUTHSET.glob("c0*")):
        files = [str(f) for f in sorted(cluster.iterdir()) if f.name != "gold.json"]
        title = brief(files, Settings(engine="extractive")).title
        assert not is_attributed(title), (cluster.name, title)
        assert 3 <= len(title.split()) <= 15, (cluster.name, title)


def test_a_list_s_commas_do_not_cut_the_title() -> None:
    from summarizer.labels import headline

    title = headline("Online payments for water bills, building permits and parking tickets have been suspended.")
    assert title == "Online payments for water bills, building permits and parking tickets have been suspended"
    title = headline("The dam failed late on Thursday, and county officials ordered residents to leave.")
    assert title.startswith("The dam failed late on Thursday")


@pytest.mark.parametrize(("text", "expected"), [
    ("A freight train carrying anhydrous ammonia derailed late Tuesday on the eastern edge of Copper Creek",
     "A freight train carrying anhydrous ammonia derailed late Tuesday"),
    ("The outage began when a transformer at the Ridgeway substation caught fire during record heat on Monday",
     "The outage began when a transformer at the Ridgeway substation caught fire"),
    ("Online payments for water bills, building permits and parking tickets have been suspended since Tuesday",
     "Online payments for water bills, building permits and parking tickets have been suspended"),
    ("The Merrow Dam gave way late Thursday", "The Merrow Dam gave way late Thursday"),  # short: as is
    # no trailing phrase to drop within the last half: cut at the limit, marked as cut
    ("Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi",
     "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi…"),
    # an opener too early would leave too little: 'in' at word 2 is not used
    ("Floods in the valley forced thousands of residents and their livestock to higher ground overnight again",
     "Floods in the valley forced thousands of residents and their livestock to higher ground…"),
])
def test_a_long_title_is_clipped_before_a_trailing_phrase(text: str, expected: str) -> None:
    assert labels._clip_words(text, 14) == expected
