"""Run every system on every cluster at one word budget and score the results."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.evaluation.data import Cluster
from summarizer.evaluation.scoring import ROUGE_KEYS, mean_words, rouge, truncate_words
from summarizer.evaluation.systems import SYSTEMS, System, SystemOutput
from summarizer.ingest import ingest_texts
from summarizer.models import Document, Statement
from summarizer.settings import Settings
from summarizer.tokens import count_tokens
from summarizer.verify import verify_statements
from summarizer.verify.check import citation_is_valid

BASELINE = "lexrank"


@dataclass
class SystemScore:
    """One system's result on one cluster."""

    summary: list[str]
    rouge: dict[str, float]
    citations_checked: int
    citations_valid: int
    statements: int
    supported: int
    summary_tokens: int
    llm_tokens: int
    seconds: float
    error: str | None = None


@dataclass
class ClusterResult:
    id: str
    budget: int
    n_documents: int
    input_tokens: int
    systems: dict[str, SystemScore] = field(default_factory=dict)


def _citation_figures(out: SystemOutput) -> tuple[int, int]:
    """(checked, valid): every citation of every returned statement, rechecked against its source.

    Citations the pipeline itself had already removed as invalid are added to
    ``checked`` so they count against validity rather than vanish.
    """
    docs = {d.id: d for d in out.docs}
    checked = valid = 0
    for st in out.statements:
        for c in st.citations:
            checked += 1
            valid += citation_is_valid(c, docs)
    if out.citations_checked is not None and out.citations_valid is not None:
        checked += out.citations_checked - out.citations_valid
    return checked, valid


def _support(statements: list[Statement], docs: list[Document], settings: Settings) -> int:
    """How many statements the verifier confirms (reuses the pipeline's verdict when present)."""
    if statements and all(s.support is not None for s in statements):
        return sum(1 for s in statements if not s.flagged)
    kept, figures = verify_statements(statements, docs, threshold=settings.support_threshold)
    return figures.supported


def score_system(
    system: System, name: str, cluster: Cluster, budget: int, settings: Settings, encoding_docs: Any
) -> SystemScore:
    """Run one system on one cluster and score it; a crash is recorded, not raised."""
    started = time.perf_counter()
    try:
        out = system(encoding_docs, budget, settings)
    except Exception as e:  # a failing system must not end the whole evaluation
        return SystemScore([], dict.fromkeys(ROUGE_KEYS, 0.0), 0, 0, 0, 0, 0, 0,
                           time.perf_counter() - started, error=f"{type(e).__name__}: {e}")
    seconds = time.perf_counter() - started
    summary = truncate_words([s.text for s in out.statements], budget)
    checked, valid = _citation_figures(out)
    return SystemScore(
        summary=summary,
        rouge=rouge(summary, cluster.references),
        citations_checked=checked,
        citations_valid=valid,
        statements=len(out.statements),
        supported=_support(out.statements, out.docs, settings),
        summary_tokens=count_tokens(" ".join(summary), settings.encoding),
        llm_tokens=out.llm_tokens,
        seconds=seconds,
    )


def evaluate(
    clusters: Sequence[Cluster],
    settings: Settings,
    words: int | None = None,
    systems: Sequence[str] = tuple(SYSTEMS),
    on_cluster: Callable[[ClusterResult], None] | None = None,
) -> list[ClusterResult]:
    """Score ``systems`` on every cluster; the budget is ``words`` or the references' mean length."""
    results = []
    for cluster in clusters:
        budget = words or mean_words(cluster.references)
        ingested = ingest_texts(
            [(f"{cluster.id}-{k + 1}.txt", d.encode("utf-8")) for k, d in enumerate(cluster.documents)],
            settings,
        )
        res = ClusterResult(
            id=cluster.id, budget=budget, n_documents=len(ingested.documents),
            input_tokens=sum(count_tokens(d.text, settings.encoding) for d in ingested.documents),
        )
        if ingested.documents:
            for name in systems:
                res.systems[name] = score_system(SYSTEMS[name], name, cluster, budget, settings, ingested)
        results.append(res)
        if on_cluster:
            on_cluster(res)
    return results


def summarize_results(results: Sequence[ClusterResult]) -> dict[str, dict[str, float]]:
    """Per system: mean ROUGE, pooled citation validity and support rate, token and time totals,
    and ROUGE / time ratios to LexRank. Times exclude model loading (the CLI loads models first)."""
    names: list[str] = []
    for r in results:
        names.extend(n for n in r.systems if n not in names)
    table: dict[str, dict[str, float]] = {}
    for name in names:
        scores = [r.systems[name] for r in results if name in r.systems]
        n = max(len(scores), 1)
        checked = sum(s.citations_checked for s in scores)
        statements = sum(s.statements for s in scores)
        row: dict[str, float] = {k: sum(s.rouge[k] for s in scores) / n for k in ROUGE_KEYS}
        row.update(
            clusters=len(scores),
            errors=sum(1 for s in scores if s.error),
            citation_validity=100.0 * sum(s.citations_valid for s in scores) / checked if checked else 100.0,
            support_rate=100.0 * sum(s.supported for s in scores) / statements if statements else 0.0,
            summary_tokens=sum(s.summary_tokens for s in scores) / n,
            llm_tokens=float(sum(s.llm_tokens for s in scores)),
            seconds=sum(s.seconds for s in scores),
            ms_per_cluster=1000.0 * sum(s.seconds for s in scores) / n,
        )
        table[name] = row
    base = table.get(BASELINE)
    for name, row in table.items():
        for k in (*ROUGE_KEYS, "seconds"):
            row[f"{k}_vs_lexrank"] = row[k] / base[k] if base and base[k] else float("nan")
        ratios = [x for r in results if not math.isnan(x := cluster_time_ratio(r, name))]
        row["seconds_vs_lexrank_median"] = statistics.median(ratios) if ratios else float("nan")
    return table


def cluster_time_ratio(result: ClusterResult, name: str) -> float:
    """System ``name``'s time on one cluster over LexRank's on the same cluster (NaN without both)."""
    mine, base = result.systems.get(name), result.systems.get(BASELINE)
    if mine is None or base is None or mine.error or base.error or base.seconds <= 0:
        return float("nan")
    return mine.seconds / base.seconds
