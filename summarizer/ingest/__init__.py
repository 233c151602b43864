"""Ingest: files, directories, globs, stdin or uploaded bytes -> normalized Documents S1..Sn.

Nothing here raises for a user's bad input. Each input that cannot be used
(missing, too large, binary, not UTF-8, empty, malformed front matter, HTML
without an article, a bad JSONL line) becomes an IngestWarning with a one-line
reason and the run goes on; exact copies are dropped with a 'duplicate'
warning, near copies are kept with ``duplicate_of`` set and a
'near_duplicate' warning. An empty ``documents`` list is returned, not
raised: the caller decides what "nothing to summarize" means.

Formats, by extension (anything else is sniffed: HTML, JSON, JSONL or text):
``.txt``, ``.md``/``.markdown`` (YAML front matter: title, url, date,
source/outlet/site, author; a .txt opening with ``---`` is read the same way),
``.html``/``.htm`` (trafilatura, offline), ``.json`` (an object or a list of
objects) and ``.jsonl`` (one object per line) with keys
text/content/body, title, url, date/published/published_at,
source/outlet/publisher, author.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from summarizer.ingest.dedupe import exact_key, find_near_duplicates
from summarizer.ingest.language import ANALYSED
from summarizer.ingest.normalize import DecodeError, decode_bytes, looks_like_garbage, normalize_text
from summarizer.ingest.readers import Parsed, RawDoc, read_decoded
from summarizer.ingest.sources import Blob, collect, too_large
from summarizer.models import Document, IngestWarning
from summarizer.settings import Settings

__all__ = ["IngestResult", "ingest", "ingest_texts", "normalize_text", "parse_bytes"]


@dataclass
class IngestResult:
    """Usable documents (ids S1, S2, ... in input order) and one warning per skipped or flagged input."""

    documents: list[Document] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)

    @property
    def skipped(self) -> list[IngestWarning]:
        """Warnings for inputs that produced no document (skipped inputs and dropped exact copies)."""
        return [w for w in self.warnings if w.kind in ("skipped", "duplicate")]


def parse_bytes(name: str, origin: str, data: bytes, max_bytes: int) -> Parsed:
    """Check, decode and read one input's raw bytes; ``name``'s extension picks the reader."""
    out = Parsed()
    if len(data) > max_bytes:
        return out.skip(origin, too_large(len(data), max_bytes))
    if not data.strip():
        return out.skip(origin, "empty file")
    try:
        text = decode_bytes(data)
    except DecodeError as e:
        return out.skip(origin, str(e))
    if looks_like_garbage(text):
        return out.skip(origin, "binary file (not text)")
    if not normalize_text(text):
        return out.skip(origin, "empty file")
    return read_decoded(name, origin, text)


def _finish(raws: list[RawDoc], warnings: list[IngestWarning], settings: Settings) -> IngestResult:
    """Drop exact copies, assign ids S1..Sn in input order, then mark near-duplicates (the earlier-dated
    of two is the original; see ``_chronological``)."""
    docs: list[Document] = []
    first_with: dict[str, int] = {}
    for raw in raws:
        key = exact_key(raw.text)
        if key in first_with:
            orig = docs[first_with[key]]
            warnings.append(
                IngestWarning(
                    origin=raw.origin,
                    reason=f"exact duplicate of {orig.id} ({orig.origin})",
                    kind="duplicate",
                )
            )
            continue
        first_with[key] = len(docs)
        docs.append(
            Document(
                id=f"S{len(docs) + 1}",
                title=raw.title,
                outlet=raw.outlet,
                url=raw.url,
                author=raw.author,
                published=raw.published,
                published_info=raw.published_info,
                language=raw.language,
                truncated=raw.truncated,
                origin=raw.origin,
                text=raw.text,
            )
        )
    for doc in docs:
        if doc.language and doc.language not in ANALYSED:
            warnings.append(IngestWarning(
                origin=doc.origin, kind="notice",
                reason=f"{doc.id} is in '{doc.language}': its figures and dates are not analysed, so agreements "
                f"and disagreements with it may be missed "
                f"(rules exist for {', '.join(sorted(ANALYSED))})",
            ))
    order = _chronological(docs)
    for nd in find_near_duplicates([docs[k].text for k in order], settings.near_duplicate_threshold):
        doc, orig = docs[order[nd.index]], docs[order[nd.original]]
        doc.duplicate_of = orig.id
        via = f" via {docs[order[nd.matched]].id}" if nd.matched != nd.original else ""
        score = (
            f"containment {nd.containment:.2f}, Jaccard {nd.jaccard:.2f}"
            if nd.by_containment
            else f"Jaccard {nd.jaccard:.2f}"
        )
        warnings.append(
            IngestWarning(
                origin=doc.origin,
                reason=f"near-duplicate of {orig.id}{via} ({score}): not counted as independent corroboration",
                kind="near_duplicate",
            )
        )
    return IngestResult(documents=docs, warnings=warnings)


def _chronological(docs: Sequence[Document]) -> list[int]:
    """Document indexes in the order the copy rule reads them ("a later text copies an earlier
    one"): dated documents by publication date among the places dated documents hold, undated ones
    where they were given, so an earlier-dated original is never marked the copy of its reprint."""
    dated = [k for k, d in enumerate(docs) if d.published is not None]
    order = list(range(len(docs)))
    for place, k in zip(dated, sorted(dated, key=lambda k: (docs[k].published, k)), strict=True):
        order[place] = k
    return order


def _absorb(parsed: Parsed, raws: list[RawDoc], warnings: list[IngestWarning]) -> None:
    raws.extend(parsed.docs)
    warnings.extend(parsed.warnings)


def ingest(inputs: Sequence[str], settings: Settings, stdin: BinaryIO | None = None) -> IngestResult:
    """Read every input and return the usable documents plus a warning for each problem.

    ``inputs`` are file paths, directories (searched recursively for supported
    extensions, sorted), glob patterns (``**`` allowed) and "-" for standard
    input (``stdin`` if given, else ``sys.stdin.buffer``). Never raises for bad
    input; see the module docstring.
    """
    raws: list[RawDoc] = []
    warnings: list[IngestWarning] = []
    for entry in collect(inputs, settings.max_file_bytes, stdin):
        if isinstance(entry, IngestWarning):
            warnings.append(entry)
        elif entry.data is None:
            warnings.append(IngestWarning(origin=entry.origin, reason=entry.error or "cannot read"))
        else:
            _absorb(_parse_blob(entry, settings), raws, warnings)
    return _finish(raws, warnings, settings)


def _parse_blob(blob: Blob, settings: Settings) -> Parsed:
    return parse_bytes(blob.name, blob.origin, blob.data or b"", settings.max_file_bytes)


def ingest_texts(items: Sequence[tuple[str, bytes]], settings: Settings) -> IngestResult:
    """Ingest in-memory inputs such as uploaded files: ``(name, raw bytes)`` pairs.

    The name's extension picks the reader (unknown ones are sniffed) and the
    name is the document's origin. Same checks, ids and duplicate handling as
    :func:`ingest`.
    """
    raws: list[RawDoc] = []
    warnings: list[IngestWarning] = []
    for name, data in items:
        _absorb(parse_bytes(name, name, bytes(data), settings.max_file_bytes), raws, warnings)
    return _finish(raws, warnings, settings)
