"""Key points that state one fact are one point: merged (citations added when they verify) or dropped."""

from __future__ import annotations

from summarizer.briefing import _same_fact
from summarizer.lead import merge_repeats
from summarizer.models import Citation, KeyPoint, Statement


def _kp(text: str, *cites: str) -> KeyPoint:
    cs = [Citation(source_id=c.split(".")[0], passage_id=c, start=0, end=len(text), quote=text) for c in cites]
    sources = sorted({c.source_id for c in cs})
    return KeyPoint(text=text, citations=cs, sources=sources, corroboration=len(sources),
                    single_source=len(sources) == 1)


def _ok(statements: list[Statement]) -> list[Statement]:
    return [s.model_copy(update={"flagged": any(c.passage_id.endswith(".9") for c in s.citations)}) for s in statements]


def _same(a: str, b: str) -> bool:
    return a.split()[0] == b.split()[0]  # a stand-in judgement: same first word, same fact


def test_a_later_point_stating_the_same_fact_adds_its_citations_to_the_earlier() -> None:
    first, again, other = _kp("Dam failed on Thursday.", "S1.1"), _kp("Dam gave way Thursday.", "S2.3"), \
        _kp("Rain fell for days.", "S3.1")
    out = merge_repeats([first, other, again], _ok, _same)
    assert [k.text for k in out] == ["Dam failed on Thursday.", "Rain fell for days."]
    assert [c.passage_id for c in out[0].citations] == ["S1.1", "S2.3"]
    assert out[0].sources == ["S1", "S2"] and out[0].corroboration == 2 and not out[0].single_source


def test_a_repeat_whose_citations_do_not_verify_is_kept_when_it_is_the_only_word_of_its_source() -> None:
    first, bad = _kp("Dam failed on Thursday.", "S1.1"), _kp("Dam burst Thursday.", "S2.9")
    assert [k.text for k in merge_repeats([first, bad], _ok, _same)] == [first.text, bad.text]
    same_source = _kp("Dam broke Thursday.", "S1.9")  # S1 already backs the earlier point
    out = merge_repeats([first, same_source], _ok, _same)
    assert [k.text for k in out] == [first.text] and out[0].citations == first.citations


def test_a_flagged_point_never_absorbs_another() -> None:
    flagged, good = _kp("Dam failed on Thursday.", "S1.9"), _kp("Dam gave way Thursday.", "S2.3")
    assert [k.text for k in merge_repeats([flagged, good], _ok, _same)] == [flagged.text, good.text]


def test_same_fact_for_key_points_needs_a_figure_both_give() -> None:
    assert _same_fact("Twenty-three cars left the rails at the Copper Creek crossing, the director said.",
                      "County emergency managers said 23 cars of the train came off the track near the Copper "
                      "Creek crossing.")
    assert not _same_fact("Kessarian drones hit a power substation outside the city of Dorvik on Sunday.",
                          "Vardonian drones struck a fuel depot near the town of Oskel on Sunday.")
    assert not _same_fact("Three people died after the dam gave way.", "Five people died after the dam gave way.")


def test_a_merged_copy_is_not_counted_as_corroboration() -> None:
    from tests.conftest import make_document

    docs = [make_document("Dam failed on Thursday.", "S1"),
            make_document("Dam failed on Thursday.", "S2").model_copy(update={"duplicate_of": "S1"})]
    first, copy = _kp("Dam failed on Thursday.", "S1.1"), _kp("Dam failed Thursday.", "S2.1")
    (merged,) = merge_repeats([first, copy], _ok, _same, docs)
    assert merged.sources == ["S1", "S2"] and merged.corroboration == 1 and merged.single_source


def test_the_matrix_keeps_no_row_for_a_point_the_verifier_dropped_or_flagged() -> None:
    """A key-point row's cells judge the passage its point cites; for a point the verifier flagged
    (or dropped) they would show sources asserting what nothing checked, so the row goes."""
    from summarizer.briefing import story_part
    from summarizer.ingest import ingest
    from summarizer.pipeline import brief_ingested
    from summarizer.settings import Settings
    from tests.conftest import EXAMPLES

    b = brief_ingested(ingest([str(EXAMPLES)], Settings(engine="extractive")), Settings(engine="extractive"))
    story = b.stories[0]
    rows = [r for r in b.claim_matrix if r.kind == "key_point"]
    assert len(rows) >= 2
    kept = b.key_points[0]
    flagged = b.model_copy(update={"key_points": [kept, *[k.model_copy(update={"flagged": True})
                                                            for k in b.key_points[1:]]]})
    _, part = story_part(story, flagged, list(b.claim_matrix))
    assert [r.claim for r in part.claim_matrix if r.kind == "key_point"] == [kept.text]
    assert [r for r in part.claim_matrix if r.kind != "key_point"] == [r for r in b.claim_matrix if r.kind != "key_point"]


def test_a_row_shows_asserting_every_source_its_verified_point_cites() -> None:
    """merge_repeats may add a source to a point after the matrix was built; the point's row then shows
    that source asserting it with the passage the point cites (it read "silent" beside "3 sources")."""
    from summarizer.models import ClaimCell, ClaimCellEntry, ClaimRow, KeyPoint
    from summarizer.passages import cite
    from summarizer.story.claims import cited_support
    from tests.conftest import make_document

    docs = [make_document("Births in the U.S. fell 4% in 2020, the CDC said.", "S1"),
            make_document("The number of babies born dropped 4% in 2020, a report found.", "S2")]
    a, b = docs[0].sentences[0], docs[1].sentences[0]
    row = ClaimRow(id="C1", claim=b.text, topic="", kind="key_point", cells=[
        ClaimCellEntry(source_id="S1", cell=ClaimCell.silent),
        ClaimCellEntry(source_id="S2", cell=ClaimCell.asserts, citation=cite(b))], asserting=1)
    kp = KeyPoint(text=b.text, citations=[cite(b), cite(a)], sources=["S2", "S1"], corroboration=2)
    shown = cited_support(row, kp)
    assert [(c.source_id, c.cell, c.citation.passage_id if c.citation else None) for c in shown.cells] == [
        ("S1", ClaimCell.asserts, "S1.1"), ("S2", ClaimCell.asserts, "S2.1")]
    assert shown.asserting == 2
    alone = kp.model_copy(update={"citations": [cite(b)], "sources": ["S2"], "corroboration": 1})
    assert cited_support(row, alone) is row  # the near miss: a source the point does not cite stays silent
