"""Shared fixtures: tiny documents built in code, and where the example and seed articles live."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.models import Document
from summarizer.segment import segment_document

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


def make_document(text: str, doc_id: str = "S1", **meta: object) -> Document:
    """A segmented Document from plain text, for unit tests."""
    doc = Document(id=doc_id, title=str(meta.pop("title", f"Doc {doc_id}")), origin=f"test:{doc_id}",
                   text=text, **meta)  # type: ignore[arg-type]
    return segment_document(doc)


@pytest.fixture
def seeds_dir() -> Path:
    """../shared/seeds, or skip when this checkout has no shared/ beside it."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared is absent in this checkout)")
    return SEEDS
