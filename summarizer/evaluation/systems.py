"""The systems an evaluation compares, all behind one call signature.

Each system receives the same ingested documents, segments them with the same
splitter (summarizer.segment) and returns its summary sentences in the order
it wants them read, each with a citation built by ``cite()``; the runner then
applies the one truncation rule (summarizer.evaluation.scoring) to all.

- ``ours``: the real pipeline (``brief_ingested``): engine, verifier and all.
  Its summary is the briefing's key points in their order.
- ``lexrank`` / ``textrank``: sumy's summarizers, fed our sentences through an
  offline tokenizer (sumy's default one needs NLTK punkt data that cannot be
  installed here), Snowball stemming and sumy's English stop words. Sentences
  are ranked by the algorithm, the best are taken until the word budget is
  met, and they are read in document order (sumy's own convention).
- ``lead``: round-robin lead baseline: first sentence of every document in
  input order, then every second sentence, and so on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.ingest import IngestResult
from summarizer.models import Document, Sentence, Statement
from summarizer.passages import cite
from summarizer.segment import segment_document
from summarizer.settings import Settings

_WORDS = re.compile(r"\w+", re.UNICODE)


@dataclass
class SystemOutput:
    """Summary statements in reading order plus what the system reports about its run."""

    statements: list[Statement]
    docs: list[Document]
    llm_tokens: int = 0
    citations_checked: int | None = None  # the pipeline's own count before it removed bad ones
    citations_valid: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


System = Callable[[IngestResult, int, Settings], SystemOutput]


def _segmented(result: IngestResult, settings: Settings) -> list[Document]:
    return [segment_document(d, settings.encoding) for d in result.documents]


def _as_statements(sentences: Sequence[Sentence]) -> list[Statement]:
    return [Statement(text=s.text, citations=[cite(s)]) for s in sentences]


def run_ours(result: IngestResult, budget: int, settings: Settings) -> SystemOutput:
    """The product itself, through the real pipeline, asked for ``budget`` words of key points."""
    from summarizer.pipeline import brief_ingested

    briefing = brief_ingested(result, settings.model_copy(update={"words": budget}))
    total = briefing.usage.total
    v = briefing.verification
    return SystemOutput(
        statements=[k for k in briefing.key_points if not k.beyond_budget],  # the budgeted points only
        docs=briefing.sources,
        llm_tokens=total.prompt_tokens + total.completion_tokens,
        citations_checked=v.citations_checked,
        citations_valid=v.citations_valid,
        extra={"engine": briefing.method.engine, "embedder": briefing.method.embedder},
    )


def run_lead(result: IngestResult, budget: int, settings: Settings) -> SystemOutput:
    """Round-robin lead: sentence k of each document in turn, k = 1, 2, ... until the budget."""
    docs = _segmented(result, settings)
    picked: list[Sentence] = []
    words = 0
    depth = 0
    while words < budget and any(depth < len(d.sentences) for d in docs):
        for d in docs:
            if depth < len(d.sentences) and words < budget:
                picked.append(d.sentences[depth])
                words += len(d.sentences[depth].text.split())
        depth += 1
    return SystemOutput(statements=_as_statements(picked), docs=docs)


class OfflineTokenizer:
    """sumy tokenizer with no NLTK data: our sentence splitter and a regex word splitter."""

    language = "english"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        from summarizer.evaluation.scoring import split_sentences

        return tuple(split_sentences(text))

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(_WORDS.findall(text))


def _sumy(name: str) -> System:
    def run(result: IngestResult, budget: int, settings: Settings) -> SystemOutput:
        from summarizer.extras import require

        require("sumy", "eval", f"the {name} baseline")
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        docs = _segmented(result, settings)
        tokenizer = OfflineTokenizer()
        ours: dict[int, Sentence] = {}
        paragraphs = []
        for d in docs:
            sumy_sents = []
            for s in d.sentences:
                ss = SumySentence(s.text, tokenizer)
                ours[id(ss)] = s
                sumy_sents.append(ss)
            paragraphs.append(Paragraph(sumy_sents))
        summarizer = (LexRankSummarizer if name == "lexrank" else TextRankSummarizer)(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")

        def count(infos: list[Any]) -> list[Any]:  # infos arrive best-rated first
            kept, words = [], 0
            for info in infos:
                if words >= budget:
                    break
                kept.append(info)
                words += len(str(info.sentence).split())
            return kept

        chosen = summarizer(ObjectDocumentModel(paragraphs), count)
        return SystemOutput(statements=_as_statements([ours[id(s)] for s in chosen]), docs=docs)

    run.__doc__ = f"sumy {name} over our sentences, best-rated until the budget, in document order."
    return run


run_lexrank = _sumy("lexrank")
run_textrank = _sumy("textrank")

SYSTEMS: dict[str, System] = {
    "ours": run_ours,
    "lexrank": run_lexrank,
    "textrank": run_textrank,
    "lead": run_lead,
}
