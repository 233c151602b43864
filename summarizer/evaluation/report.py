"""Render evaluation results: a Markdown table for the terminal and a JSON report for re-scoring."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.evaluation.runner import ClusterResult, cluster_time_ratio

COLUMNS = (
    ("system", None), ("R-1", "rouge1"), ("R-2", "rouge2"), ("R-Lsum", "rougeLsum"),
    ("R-1/LexRank", "rouge1_vs_lexrank"), ("R-2/LexRank", "rouge2_vs_lexrank"),
    ("cit. valid %", "citation_validity"), ("supported %", "support_rate"),
    ("summary tok", "summary_tokens"), ("LLM tok", "llm_tokens"), ("time s", "seconds"),
    ("ms/cluster", "ms_per_cluster"), ("time/LexRank", "seconds_vs_lexrank"),
)


def _fmt(key: str, value: float) -> str:
    if math.isnan(value):
        return "-"
    if key.endswith("_vs_lexrank"):
        return f"{value:.2f}x"
    if key in ("llm_tokens", "summary_tokens"):
        return f"{value:.0f}"
    return f"{value:.2f}"


def markdown_table(summary: dict[str, dict[str, float]]) -> str:
    """One Markdown row per system with the columns above."""
    head = "| " + " | ".join(c for c, _ in COLUMNS) + " |"
    rule = "|" + "|".join("---" if k is None else "---:" for _, k in COLUMNS) + "|"
    rows = [
        "| " + " | ".join(name if k is None else _fmt(k, row[k]) for _, k in COLUMNS) + " |"
        for name, row in summary.items()
    ]
    return "\n".join([head, rule, *rows])


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write ``payload`` as indented UTF-8 JSON; an unwritable path is a one-line error."""
    try:
        path.write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    except OSError as e:
        raise InputError(str(path), f"cannot write report ({e.strerror or e})") from None


def eval_payload(
    data: str, words: int | None, results: Sequence[ClusterResult], summary: dict[str, dict[str, float]],
    bad_lines: Sequence[str], settings: dict[str, Any], load_seconds: float | None = None,
) -> dict[str, Any]:
    """The JSON report: overall table (with ``seconds_vs_lexrank_median``, the median over clusters of
    the per-cluster time ratio), run settings, model load time (kept out of every system's time), bad
    lines and every cluster's summaries, scores and time ratio to LexRank (``seconds_vs_lexrank``)."""
    return {
        "data": data,
        "words": words if words else "mean reference length per cluster",
        "truncation": "sentences in system order; whole sentences while they fit the word budget, "
        "the first overflowing one cut to the remaining words",
        "settings": settings,
        "model_load_seconds": load_seconds,
        "overall": summary,
        "bad_lines": list(bad_lines),
        "clusters": [_cluster_record(r) for r in results],
    }


def _cluster_record(result: ClusterResult) -> dict[str, Any]:
    """One cluster's scores, each system's with its time over LexRank's on this cluster."""
    record = asdict(result)
    for name, scores in record["systems"].items():
        ratio = cluster_time_ratio(result, name)
        scores["seconds_vs_lexrank"] = None if math.isnan(ratio) else ratio
    return record
