"""The one data model every stage shares.

Data flows ingest -> segment -> engine -> verify -> render, and each stage
adds to these objects instead of inventing its own. Provenance is carried:
every sentence and citation holds character offsets into its document's
normalized ``text``, so ``doc.text[c.start:c.end] == c.quote`` always holds.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Sentence(_Model):
    """One sentence of a document, addressable as ``S2.14``."""

    id: str = Field(description="Passage id: '<source id>.<1-based sentence number>', e.g. 'S2.14'.")
    source_id: str = Field(description="Id of the document this sentence belongs to.")
    index: int = Field(description="0-based position of the sentence in its document.")
    start: int = Field(description="Start offset (inclusive) in the document's normalized text.")
    end: int = Field(description="End offset (exclusive) in the document's normalized text.")
    text: str = Field(description="Exactly document.text[start:end].")
    n_tokens: int = Field(default=0, description="tiktoken count of the sentence.")


class Chunk(_Model):
    """A token-bounded run of whole sentences, the unit an LLM call sees."""

    id: str = Field(description="Chunk id: '<source id>#<1-based chunk number>', e.g. 'S2#3'.")
    source_id: str
    start: int
    end: int
    sentence_ids: list[str]
    n_tokens: int


class PublishedDate(_Model):
    """A publication date as the source gives it: how precise it is and where it was read."""

    value: str = Field(description="ISO date at its precision: '2026-03-12', '2026-03' or '2026'.")
    precision: Literal["day", "month", "year"] = "day"
    source: str = Field(description="Where it was read, e.g. \"json 'publishedAt'\", "
                        "\"html meta article:published_time\", 'dateline', \"front matter 'date'\".")
    ambiguous: bool = Field(default=False, description="Day and month order could not be settled "
                            "(e.g. '05/03/2026'); ``value`` is then only the year and no day is used.")
    alternatives: list[str] = Field(default_factory=list, description="Other readings of an ambiguous date.")


class Document(_Model):
    """One ingested source with its normalized text and metadata."""

    id: str = Field(description="Stable source id in input order: S1, S2, ...")
    title: str
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: date | None = Field(
        default=None, description="Publication day when known to the day and unambiguous (see published_info)."
    )
    published_info: PublishedDate | None = Field(
        default=None, description="The publication date with its precision and provenance, also when coarse."
    )
    language: str | None = Field(default=None, description="ISO 639-1 code detected from the text ('en', 'ar').")
    truncated: bool = Field(default=False, description="The text is a teaser cut short ('[+2829 chars]', '…').")
    origin: str = Field(description="Where it came from: a path, 'stdin', 'upload:NAME', a URL.")
    text: str = Field(description="Normalized text; every offset in the briefing refers to it.")
    sentences: list[Sentence] = Field(default_factory=list)
    n_tokens: int = 0
    duplicate_of: str | None = Field(
        default=None,
        description="Id of an earlier document this one copies (exactly or nearly); "
        "it is kept for reference but never counted as independent corroboration.",
    )
    story_id: str | None = Field(default=None, description="Story this document was grouped into.")

    def sentence(self, passage_id: str) -> Sentence | None:
        """Return the sentence with this passage id, or None."""
        for s in self.sentences:
            if s.id == passage_id:
                return s
        return None


class Citation(_Model):
    """A pointer to the exact passage a statement rests on."""

    source_id: str
    passage_id: str = Field(description="Sentence id such as 'S2.14' (or first id of a span).")
    start: int
    end: int
    quote: str = Field(description="Exactly the cited document's text[start:end].")


class Statement(_Model):
    """One output sentence with the citations that back it."""

    text: str
    citations: list[Citation] = Field(default_factory=list)
    support: float | None = Field(
        default=None, description="Verifier support score in [0, 1] against the cited passages."
    )
    flagged: bool = Field(default=False, description="True when the verifier could not confirm it.")
    flags: list[str] = Field(default_factory=list, description="Why the verifier flagged it.")


class KeyPoint(Statement):
    """A merged point: the statement plus which independent sources back it."""

    sources: list[str] = Field(description="Ids of the sources that support the point.")
    corroboration: int = Field(
        description="Number of independent sources supporting it (copies are not counted)."
    )
    single_source: bool = False
    score: float = 0.0
    speaker: str | None = Field(
        default=None, description="Who the sources attribute the point to ('the mayor', 'according to X')."
    )
    value: str | None = Field(
        default=None, description="On a contested side: the figure or stance this side gives, as written."
    )
    disputed_by: list[str] = Field(
        default_factory=list,
        description="Sources whose figures contradict this point (their passages are not cited as support).",
    )
    claim_row: str | None = Field(default=None, description="Claim-matrix row that compares the sources on it.")
    beyond_budget: bool = Field(
        default=False,
        description="A further corroborated fact listed after the budgeted key points (2+ independent "
        "sources state it; settings.extra_corroborated); word-budgeted views leave it out.",
    )


class SourceSummary(_Model):
    source_id: str
    statements: list[Statement]


class ClaimCell(str, Enum):
    asserts = "asserts"
    contradicts = "contradicts"
    silent = "silent"


class ContestedPoint(_Model):
    """Two or more sides of one disputed fact, each with its sources."""

    topic: str
    sides: list[KeyPoint]
    note: str = ""


class FigureUpdate(_Model):
    """A figure a later report revised ("rose to seven"): shown as an update, never as a dispute."""

    topic: str = Field(description="What is counted, e.g. 'number of injured'.")
    earlier: KeyPoint = Field(description="The earlier figure: its passages, sources and value.")
    later: KeyPoint = Field(description="The revised figure: its passages, sources and value.")
    earlier_date: date | None = Field(default=None, description="Publication date of the earlier report(s).")
    later_date: date | None = Field(default=None, description="Publication date of the revising report(s).")
    note: str = ""


class ClaimCellEntry(_Model):
    """One source's stance on one claim, with the passage that shows it (none when silent)."""

    source_id: str
    cell: ClaimCell
    citation: Citation | None = None
    value: str | None = Field(default=None, description="The figure or cue this source gives, as written.")
    speaker: str | None = Field(default=None, description="Who this source attributes it to.")
    independent: bool = Field(default=True, description="False when the source copies another one.")
    by: Literal["rules", "llm"] = Field(default="rules", description="Who judged the cell.")
    reason: str = ""


class ClaimRow(_Model):
    """One key claim of a story and every source's stance on it (asserts / contradicts / silent)."""

    id: str = Field(description="Row id within the briefing: C1, C2, ...")
    claim: str = Field(description="The claim as stated by its anchor passage (verbatim for the extractive engine).")
    topic: str = Field(default="", description="What is compared, e.g. 'number of dead'; empty for plain claims.")
    kind: Literal["key_point", "figure", "polarity"] = "key_point"
    measure: str = Field(default="", description="For figure rows: the compared measure, e.g. 'people:dead'.")
    story_id: str | None = None
    cells: list[ClaimCellEntry]
    asserting: int = Field(default=0, description="Independent sources asserting it (copies count once).")
    contradicting: int = Field(default=0, description="Independent sources contradicting it.")

    def cell_for(self, source_id: str) -> ClaimCellEntry | None:
        """The cell of one source, or None."""
        return next((c for c in self.cells if c.source_id == source_id), None)


_Date = date  # the field below is called ``date``; this keeps the type reachable


class TimelineEntry(Statement):
    """A dated (or explicitly undated) event, cited to the sentence it comes from."""

    source_id: str
    expression: str = Field(description="The date words as written: 'late Thursday', 'on June 1'.")
    date: _Date | None = Field(default=None, description="Resolved calendar date; None when it cannot be known.")
    time: str | None = Field(default=None, description="Clock time 'HH:MM' when the text gives one.")
    precision: Literal["day", "month", "year", "month_day", "unknown"] = "day"
    when: str = Field(description="Display form: '2026-03-12 23:40', 'June 1 (year unknown)', '1961'.")
    resolved_from: str = Field(
        default="", description="How the date was found: 'explicit', 'publication date 2026-03-14', ..."
    )
    approximate: bool = False
    sources: list[str] = Field(default_factory=list, description="Every source reporting this event.")
    background: bool = Field(
        default=False, description="A background mention ('since 2014', an earlier event), not an event of the story."
    )


class IngestWarning(_Model):
    """An input that was skipped or changed, with a one-line reason."""

    origin: str
    reason: str
    kind: Literal["skipped", "duplicate", "near_duplicate", "notice"] = "skipped"

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class Verification(_Model):
    """Figures the verifier reports over all output statements."""

    checked: int = 0
    supported: int = 0
    flagged: int = 0
    dropped: int = 0
    invented_ids_removed: int = 0
    citations_checked: int = 0
    citations_valid: int = 0


class StageUsage(_Model):
    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


class Usage(_Model):
    """Token and time ledger, per stage and in total."""

    input_tokens: int = Field(default=0, description="tiktoken count of all source texts.")
    stages: dict[str, StageUsage] = Field(default_factory=dict)
    wall_seconds: float = 0.0

    @property
    def total(self) -> StageUsage:
        t = StageUsage()
        for s in self.stages.values():
            t.calls += s.calls
            t.cache_hits += s.cache_hits
            t.prompt_tokens += s.prompt_tokens
            t.completion_tokens += s.completion_tokens
            t.seconds += s.seconds
        return t


class Method(_Model):
    engine: str
    model: str
    embedder: str = ""
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    words_target: int = 0
    warnings: list[str] = Field(default_factory=list)


class Story(_Model):
    """One event the inputs cover, with its own briefing sections.

    With one story it mirrors the top-level fields of the Briefing; with several,
    the Briefing's top-level bottom line, key points, contested points, claim
    matrix and timeline are those of the main story, and every other story
    carries its own here (never merged into the main story's key points).
    """

    id: str = Field(description="story1, story2, ... (story1 is the main story).")
    title: str
    document_ids: list[str]
    start: date | None = Field(default=None, description="Earliest publication date among its documents.")
    end: date | None = Field(default=None, description="Latest publication date among its documents.")
    role: Literal["main", "separate", "background"] = Field(
        default="main",
        description="main: the story most sources cover; background: an earlier event; separate: another one.",
    )
    note: str = ""
    bottom_line: list[Statement] = Field(default_factory=list)
    key_points: list[KeyPoint] = Field(default_factory=list)
    contested: list[ContestedPoint] = Field(default_factory=list)
    updates: list[FigureUpdate] = Field(default_factory=list, description="Figures a later report revised.")
    claim_matrix: list[ClaimRow] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    verification: Verification = Field(default_factory=Verification)


class Briefing(_Model):
    """The whole result: the JSON contract for the UI, the renderers and tests."""

    schema_version: str = SCHEMA_VERSION
    title: str
    generated_at: datetime
    bottom_line: list[Statement]
    key_points: list[KeyPoint]
    contested: list[ContestedPoint] = Field(default_factory=list)
    updates: list[FigureUpdate] = Field(
        default_factory=list, description="The main story's figures that a later report revised (not disputes)."
    )
    source_summaries: list[SourceSummary]
    sources: list[Document]
    method: Method
    verification: Verification = Field(default_factory=Verification)
    usage: Usage = Field(default_factory=Usage)
    skipped: list[IngestWarning] = Field(default_factory=list)
    stories: list[Story] = Field(
        default_factory=list, description="Events the inputs cover; story1 is the main one (see Story)."
    )
    claim_matrix: list[ClaimRow] = Field(default_factory=list, description="The main story's claim matrix.")
    timeline: list[TimelineEntry] = Field(default_factory=list, description="The main story's timeline.")

    def source(self, source_id: str) -> Document | None:
        for d in self.sources:
            if d.id == source_id:
                return d
        return None

    def all_statements(self) -> list[Statement]:
        """Every cited statement in the briefing, in reading order."""
        out: list[Statement] = [*self.bottom_line, *self.key_points]
        for c in self.contested:
            out.extend(c.sides)
        for s in self.source_summaries:
            out.extend(s.statements)
        out.extend(self.timeline)
        return out
