"""The one independence rule: copies collapse to their original, and only one module decides it."""

from __future__ import annotations

import re
from pathlib import Path

from summarizer.independence import (
    copies_each_other,
    count_independent,
    independence_notes,
    independent_ids,
    independent_sources,
    original_of,
)
from summarizer.models import Document

ROOT = Path(__file__).resolve().parents[1]


def doc(i: int, copy_of: str | None = None) -> Document:
    return Document(id=f"S{i}", title=f"T{i}", origin=f"{i}.txt", text="x", duplicate_of=copy_of)


def test_copies_collapse_to_their_original() -> None:
    docs = [doc(1), doc(2, "S1"), doc(3)]
    assert independent_ids(docs) == ["S1", "S3"]
    assert original_of(docs) == {"S1": "S1", "S2": "S1", "S3": "S3"}
    assert count_independent(["S1", "S2"], docs) == ["S1"]
    assert copies_each_other(docs[0], docs[1]) and not copies_each_other(docs[0], docs[2])
    assert independence_notes(docs) == ["S2 (T2) copies S1: counted once for corroboration."]


def test_all_copies_still_leave_one_source_to_count() -> None:
    docs = [doc(2, "S1"), doc(3, "S1")]
    assert [d.id for d in independent_sources(docs)] == ["S2", "S3"]
    assert count_independent(["S2"], docs) == ["S2"]


def test_no_other_module_decides_independence() -> None:
    """Counting code asks summarizer.independence; ``duplicate_of`` tests elsewhere are display only."""
    # a None test, or a comprehension filtering on duplicate_of: how the rule used to be re-written
    rule = re.compile(r"duplicate_of (is|is not) None|\bfor \w+ in .* if (not )?\w+\.duplicate_of\b")
    offenders = []
    for path in (ROOT / "summarizer").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel in {"summarizer/independence.py"} or rel.startswith("summarizer/ingest/"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if rule.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == [], "\n".join(offenders)
    assert rule.search("live = [d for d in docs if d.duplicate_of is None] or docs")
    assert rule.search("copies = {d.id for d in docs if d.duplicate_of}")
