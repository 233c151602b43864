"""Reading evaluation data: one JSON object per line, bad lines reported and skipped.

Summary clusters look like ``{"id", "documents": [str, ...], "summary": str,
"references"?: [str, ...]}``; claim/evidence items (WiCE shape) add
``label`` and put the claim in ``summary`` and the evidence page in
``documents[0]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import InputError

CLAIM_LABELS = ("supported", "partially_supported", "not_supported")


@dataclass
class Cluster:
    """One multi-document summarization item with its reference summaries."""

    id: str
    documents: list[str]
    references: list[str]


@dataclass
class ClaimItem:
    """One claim with the evidence page it cites and its gold label."""

    id: str
    claim: str
    evidence: list[str]  # the page's lines, one sentence per line
    label: str
    supporting_sets: list[list[int]] = field(default_factory=list)


@dataclass
class Loaded:
    """Items that parsed plus one line of text per line that did not."""

    items: list[Any]
    bad_lines: list[str]


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from None
    with handle:
        try:
            for n, line in enumerate(handle, start=1):
                if line.strip():
                    yield n, line
        except UnicodeDecodeError:
            raise InputError(str(path), "not UTF-8 text") from None


def _object(path: Path, n: int, line: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"{path.name}:{n}: not JSON ({e.msg})") from None
    if not isinstance(obj, dict):
        raise ValueError(f"{path.name}:{n}: not a JSON object")
    return obj


def _str_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def parse_cluster(obj: dict[str, Any], where: str) -> Cluster:
    """Validate one summary cluster; raise ValueError naming ``where`` and the problem."""
    docs = _str_list(obj.get("documents"))
    if not docs or not any(d.strip() for d in docs):
        raise ValueError(f"{where}: 'documents' must be a non-empty list of strings")
    refs = _str_list(obj.get("references")) if obj.get("references") is not None else None
    if obj.get("references") is not None and refs is None:
        raise ValueError(f"{where}: 'references' must be a list of strings")
    refs = [r for r in refs or [] if r.strip()]
    summary = obj.get("summary")
    if not refs:
        if not isinstance(summary, str) or not summary.strip():
            raise ValueError(f"{where}: needs a non-empty 'summary' or 'references'")
        refs = [summary]
    return Cluster(id=str(obj.get("id", where)), documents=docs, references=refs)


def parse_claim(obj: dict[str, Any], where: str) -> ClaimItem:
    """Validate one claim/evidence item; raise ValueError naming ``where`` and the problem."""
    claim = obj.get("summary", obj.get("claim"))
    if not isinstance(claim, str) or not claim.strip():
        raise ValueError(f"{where}: needs the claim as a non-empty 'summary' string")
    docs = _str_list(obj.get("documents"))
    if not docs or not docs[0].strip():
        raise ValueError(f"{where}: 'documents' must hold the evidence page as its first string")
    label = obj.get("label")
    if label not in CLAIM_LABELS:
        raise ValueError(f"{where}: 'label' must be one of {', '.join(CLAIM_LABELS)}")
    sets = obj.get("supporting_sentence_sets") or []
    if not (isinstance(sets, list) and all(isinstance(s, list) for s in sets)):
        sets = []
    evidence = [line.strip() for line in docs[0].split("\n")]
    return ClaimItem(id=str(obj.get("id", where)), claim=claim, evidence=evidence, label=label,
                     supporting_sets=sets)


def _load(path: Path, parse: Any, limit: int | None) -> Loaded:
    items: list[Any] = []
    bad: list[str] = []
    for n, line in _lines(path):
        if limit is not None and len(items) >= limit:
            break
        where = f"{path.name}:{n}"
        try:
            items.append(parse(_object(path, n, line), where))
        except ValueError as e:
            bad.append(str(e))
    return Loaded(items, bad)


def load_clusters(path: Path, limit: int | None = None) -> Loaded:
    """Summary clusters from a JSONL file (at most ``limit`` good ones)."""
    return _load(path, parse_cluster, limit)


def load_claims(path: Path, limit: int | None = None) -> Loaded:
    """Claim/evidence items from a JSONL file (at most ``limit`` good ones)."""
    return _load(path, parse_claim, limit)
