"""The structural verifier: citations must resolve, numbers and quotes must be in the cited text."""

from __future__ import annotations

from summarizer.engines.base import cite
from summarizer.models import Citation, Statement
from summarizer.verify import verify_statements
from summarizer.verify.check import missing_numbers, missing_quotes
from tests.conftest import make_document

DOC = make_document(
    "Officials said 1,200 residents were evacuated on Friday. The mayor called it \"a night of terror\".",
    "S1",
)


def test_verbatim_statement_is_supported() -> None:
    s = DOC.sentences[0]
    kept, fig = verify_statements([Statement(text=s.text, citations=[cite(s)])], [DOC])
    assert fig.checked == fig.supported == 1 and fig.flagged == 0
    assert kept[0].support == 1.0 and not kept[0].flagged


def test_citation_with_wrong_quote_is_removed_and_statement_flagged() -> None:
    s = DOC.sentences[0]
    bad = Citation(source_id="S1", passage_id=s.id, start=s.start, end=s.end, quote="something else")
    kept, fig = verify_statements([Statement(text=s.text, citations=[bad])], [DOC])
    assert fig.citations_checked == 1 and fig.citations_valid == 0
    assert kept[0].flagged and "no valid citation" in kept[0].flags
    assert kept[0].citations == []


def test_invented_ids_are_removed_and_counted() -> None:
    s = DOC.sentences[0]
    invented = Citation(source_id="S9", passage_id="S9.1", start=0, end=5, quote="Offic")
    also_invented = Citation(source_id="S1", passage_id="S1.99", start=s.start, end=s.end, quote=s.text)
    kept, fig = verify_statements(
        [Statement(text=s.text, citations=[invented, also_invented, cite(s)])], [DOC]
    )
    assert fig.invented_ids_removed == 2
    assert [c.passage_id for c in kept[0].citations] == [s.id]


def test_number_not_in_cited_passage_is_flagged_and_strict_drops_it() -> None:
    s = DOC.sentences[0]
    st = Statement(text="Officials said 1,500 residents were evacuated on Friday.", citations=[cite(s)])
    kept, fig = verify_statements([st], [DOC])
    assert kept[0].flagged and any("1,500" in f for f in kept[0].flags)
    kept, fig = verify_statements([st], [DOC], strict=True)
    assert kept == [] and fig.dropped == 1 and fig.flagged == 1


def test_helpers_ignore_thousands_separators_and_find_misquotes() -> None:
    assert missing_numbers("1200 people", ["1,200 residents"]) == []
    assert missing_numbers("5 dead", ["3 dead"]) == ["5"]
    assert missing_quotes('She said "a night of horror" again', [DOC.text]) == ["a night of horror"]
    assert missing_quotes('She said "a night of terror" again', [DOC.text]) == []


def test_unsupported_paraphrase_gets_low_support() -> None:
    s = DOC.sentences[1]
    st = Statement(text="The stock market rallied strongly on Tuesday afternoon.", citations=[cite(s)])
    kept, _ = verify_statements([st], [DOC], threshold=0.5)
    assert kept[0].support is not None and kept[0].support < 0.5
    assert any(f.startswith("low support") for f in kept[0].flags)
