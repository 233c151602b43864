"""The one independence rule: a copy or reprint is not independent corroboration.

Ingest marks a near-copy with ``Document.duplicate_of`` (the id of the earlier
document it copies). Every place that counts sources asks this module, so the
rule and its fallback are written once.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.models import Document


def is_independent(doc: Document) -> bool:
    """True unless ``doc`` copies another document."""
    return doc.duplicate_of is None


def independent_sources(docs: Sequence[Document]) -> list[Document]:
    """The documents that count as independent sources, in input order.

    Copies collapse to their original. When every document is a copy (their
    originals were not given), all of them are returned, so a story always has
    at least one source to count.
    """
    return [d for d in docs if is_independent(d)] or list(docs)


def independent_ids(docs: Sequence[Document]) -> list[str]:
    """Ids of :func:`independent_sources`."""
    return [d.id for d in independent_sources(docs)]


def original_of(docs: Sequence[Document]) -> dict[str, str]:
    """Source id -> the id it counts as (its original for a copy, itself otherwise)."""
    return {d.id: d.duplicate_of or d.id for d in docs}


def count_independent(source_ids: Sequence[str], docs: Sequence[Document]) -> list[str]:
    """The ids among ``source_ids`` that are not copies (all of them when every one is a copy)."""
    copies = {d.id for d in docs if not is_independent(d)}
    return [s for s in source_ids if s not in copies] or list(source_ids)


def independence_notes(docs: Sequence[Document]) -> list[str]:
    """One line per copy: which source it copies and that it counts once."""
    return [
        f"{d.id} ({d.outlet or d.title}) copies {d.duplicate_of}: counted once for corroboration."
        for d in docs
        if d.duplicate_of
    ]


def copies_each_other(a: Document, b: Document) -> bool:
    """True when one of the two documents is marked as a copy of the other."""
    return a.duplicate_of == b.id or b.duplicate_of == a.id
