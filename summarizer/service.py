"""A thin session-facing layer over the library for interactive front ends (the Streamlit UI).

A front end collects sources one at a time (an upload, pasted text, a URL),
lets the user correct their title, outlet and date, and then asks for one
briefing. This module turns each added input into :class:`SourceDraft`
objects (one per document it holds) using the ordinary ingest readers, and
:func:`brief_sources` turns the edited drafts back into an ``IngestResult``
through the public :func:`summarizer.ingest.ingest_texts` (so ids, exact and
near-duplicate handling are the library's own) and calls
:func:`summarizer.pipeline.brief_ingested`. No summarization logic lives here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from summarizer.embed import Embedder
from summarizer.engines import Engine, ProgressCallback
from summarizer.fetch import fetch_url
from summarizer.ingest import IngestResult, ingest_texts
from summarizer.llm.client import ChatBackend
from summarizer.models import Briefing, Document, IngestWarning
from summarizer.settings import Settings

SUPPORTED_UPLOADS: tuple[str, ...] = ("txt", "md", "markdown", "html", "htm", "json", "jsonl")


@dataclass
class SourceDraft:
    """One document the user has added and may still edit before the run."""

    origin: str
    text: str
    title: str
    outlet: str = ""
    url: str = ""
    published: date | None = None
    author: str = ""
    key: str = field(default_factory=lambda: uuid.uuid4().hex[:10])

    @property
    def words(self) -> int:
        """Approximate length in words, for the source list."""
        return len(self.text.split())


@dataclass
class Added:
    """What adding one input produced: drafts to list and warnings to show."""

    drafts: list[SourceDraft] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)


def _draft(doc: Document, origin: str) -> SourceDraft:
    return SourceDraft(
        origin=origin,
        text=doc.text,
        title=doc.title,
        outlet=doc.outlet or "",
        url=doc.url or "",
        published=doc.published,
        author=doc.author or "",
    )


def add_upload(name: str, data: bytes, settings: Settings) -> Added:
    """Read one uploaded file (any format ingest reads); a JSON list or JSONL file may hold several documents."""
    result = ingest_texts([(name, data)], settings)
    return Added([_draft(d, f"upload:{d.origin}") for d in result.documents], result.warnings)


def add_pasted(text: str, settings: Settings, title: str = "", outlet: str = "", url: str = "") -> Added:
    """Pasted text (plain, Markdown, or with front matter); explicit title/outlet/url win over the text's own."""
    label = f"pasted: {title.strip()[:60]}" if title.strip() else "pasted text"
    result = ingest_texts([(f"{label}.txt", text.encode("utf-8"))], settings)
    added = Added(warnings=[w.model_copy(update={"origin": label}) for w in result.warnings])
    for doc in result.documents:
        d = _draft(doc, label)
        d.title = title.strip() or (d.title if d.title != label else "Pasted text")
        d.outlet = outlet.strip() or d.outlet
        d.url = url.strip() or d.url
        added.drafts.append(d)
    return added


def add_url(url: str, settings: Settings, *, timeout: float = 15.0, allow_private: bool = False) -> Added:
    """Fetch one web page (public http(s) addresses only, see summarizer.fetch) and read it.

    Raises FetchError (a SummarizerError) when the URL is refused or cannot be fetched.
    """
    page = fetch_url(url, max_bytes=settings.max_file_bytes, timeout=timeout, allow_private=allow_private)
    result = ingest_texts([(f"page{page.extension}", page.data)], settings)
    added = Added(warnings=[w.model_copy(update={"origin": page.final_url}) for w in result.warnings])
    for doc in result.documents:
        d = _draft(doc, page.final_url)
        d.url = d.url or page.final_url
        if d.title == "page":
            d.title = page.final_url
        added.drafts.append(d)
    return added


def drafts_to_ingest(drafts: Sequence[SourceDraft], settings: Settings) -> IngestResult:
    """The edited drafts as an IngestResult: ids S1..Sn in list order, duplicates handled by ingest.

    Each draft travels as one JSON record through ``ingest_texts`` and gets its
    own origin back afterwards.
    """
    names = {f"source-{i}.json": d.origin for i, d in enumerate(drafts)}
    items: list[tuple[str, bytes]] = []
    for name, d in zip(names, drafts, strict=True):
        record: dict[str, str] = {"text": d.text, "title": d.title.strip() or d.origin}
        if d.outlet.strip():
            record["outlet"] = d.outlet.strip()
        if d.url.strip():
            record["url"] = d.url.strip()
        if d.published:
            record["date"] = d.published.isoformat()
        if d.author.strip():
            record["author"] = d.author.strip()
        items.append((name, json.dumps(record, ensure_ascii=False).encode("utf-8")))
    result = ingest_texts(items, settings)

    def restore(text: str) -> str:
        for name, origin in names.items():
            text = text.replace(f"({name})", f"({origin})")
        return text

    for doc in result.documents:
        doc.origin = names.get(doc.origin, doc.origin)
    result.warnings = [
        w.model_copy(update={"origin": names.get(w.origin, w.origin), "reason": restore(w.reason)})
        for w in result.warnings
    ]
    return result


def brief_sources(
    drafts: Sequence[SourceDraft],
    settings: Settings,
    progress: ProgressCallback | None = None,
    api_key: str | None = None,
    *,
    engine: Engine | str | None = None,
    backend: ChatBackend | None = None,
    embedder: Embedder | None = None,
) -> Briefing:
    """The one call a front end makes to summarize: edited drafts in, a verified Briefing out.

    ``api_key`` (from the user's session) is used for this call only, through
    :func:`summarizer.llm.credentials.use_api_key`; it is never stored or logged.
    ``engine`` (an Engine or a registered name), ``backend`` (the LLM engine's
    ChatBackend, e.g. :class:`summarizer.llm.fake.FakeBackend`) and ``embedder``
    replace what ``settings`` names, as in :func:`summarizer.brief`.
    Raises NoUsableDocumentsError when no draft is usable, ConfigError for an
    unknown engine, and other SummarizerErrors for bad settings.
    """
    from summarizer.llm.credentials import use_api_key
    from summarizer.pipeline import brief_ingested

    report = progress or (lambda stage, frac: None)
    report("ingest", 0.0)
    result = drafts_to_ingest(drafts, settings)
    report("ingest", 1.0)
    with use_api_key(api_key):
        return brief_ingested(result, settings, progress, engine=engine, backend=backend, embedder=embedder)
