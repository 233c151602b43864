"""summarizer: multi-document briefings whose every sentence cites a passage that checks out.

The library's facade::

    import summarizer
    briefing = summarizer.brief(["a.md", "b.html"])        # -> summarizer.models.Briefing
    text = summarizer.render(briefing, "md")                 # 'md' | 'html' | 'json'
    report = summarizer.batch(["feed.jsonl"], "briefs/")    # one briefing per story of a feed

Heavy modules load on first use, so ``import summarizer`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

__version__ = "0.1.0"

if TYPE_CHECKING:
    from summarizer.batch_run import BatchReport
    from summarizer.embed import Embedder
    from summarizer.engines.base import Engine
    from summarizer.llm.client import ChatBackend
    from summarizer.models import Briefing
    from summarizer.progress import ProgressCallback
    from summarizer.settings import Settings

__all__ = ["__version__", "batch", "brief", "render"]


def brief(
    inputs: Sequence[str] | str | Path,
    *,
    settings: Settings | None = None,
    engine: Engine | str | None = None,
    backend: ChatBackend | None = None,
    embedder: Embedder | None = None,
    progress: ProgressCallback | None = None,
    stdin: BinaryIO | None = None,
) -> Briefing:
    """Brief the articles at ``inputs`` and return a verified :class:`~summarizer.models.Briefing`.

    - ``inputs``: file paths, directories, glob patterns, or '-' for ``stdin`` (bytes); one path
      may be given as a plain string;
      formats .txt/.md/.html/.json/.jsonl, inputs over ``settings.max_file_bytes`` skipped.
    - ``settings``: a :class:`~summarizer.settings.Settings` (default: environment and defaults).
    - ``engine``: an :class:`~summarizer.engines.base.Engine` instance or a registered name
      ('extractive', 'llm'); default ``settings.engine`` ('auto': llm when an API key or base URL is set).
    - ``backend``: a :class:`~summarizer.llm.client.ChatBackend` the LLM engine talks to instead of
      the OpenAI-compatible client (e.g. :class:`summarizer.llm.fake.FakeBackend` in tests).
    - ``embedder``: an :class:`~summarizer.embed.Embedder` used wherever ``settings.embedder`` is asked for.
    - ``progress``: ``progress(stage, fraction)`` with fraction in [0, 1].

    Every citation's ``quote`` equals ``source.text[start:end]`` (character offsets).
    ``usage.wall_seconds`` is seconds; token counts are tiktoken tokens.

    Raises NoUsableDocumentsError when no input could be read, ConfigError for bad
    settings or an unknown engine/embedder, LLMError (incl. BudgetExceeded) when the
    LLM engine cannot finish; all are ``summarizer.errors.SummarizerError``.
    """
    from summarizer.pipeline import brief as run

    return run(_as_list(inputs), settings, progress, stdin, engine=engine, backend=backend, embedder=embedder)


def _as_list(inputs: Sequence[str] | str | Path) -> list[str]:
    """One path given as a string (or Path) is one input, not a sequence of one-character paths."""
    return [str(inputs)] if isinstance(inputs, (str, Path)) else [str(x) for x in inputs]


def batch(
    inputs: Sequence[str] | str | Path,
    out: str | Path,
    *,
    settings: Settings | None = None,
    executor: str = "local",
    workers: int = 1,
    ray_address: str | None = None,
    formats: Sequence[str] = ("json",),
    since: date | None = None,
    engine: str | None = None,
    quiet: bool = False,
    progress: Callable[[str], object] | None = None,
) -> BatchReport:
    """Brief every story of the feed at ``inputs`` into the folder ``out``: ``<story-id>.json`` + ``index.jsonl``.

    - ``inputs``: files, folders, globs; ``.jsonl`` files are read line by line (a stream).
    - ``executor``: 'local' (a process pool of ``workers``) or 'ray' (Ray tasks on a local
      runtime with ``workers`` CPUs, or the cluster at ``ray_address``; extra ``[scale]``).
    - ``formats``: any of 'json' (always written), 'md', 'html'.
    - ``since``: articles dated before this day are left out (undated ones are kept).
    - ``engine``: a registered engine name; with 'llm' at most ``settings.max_concurrency``
      stories are briefed at once over all workers.
    - ``progress``: receives progress lines (default stderr; nothing when ``quiet``).

    Stories are grouped over the whole feed, each briefed through the same stages as
    :func:`brief`; story ids are content hashes, so a re-run briefs only new or changed
    stories, and a failing story is recorded in the index with its reason while the rest
    complete. Returns a :class:`~summarizer.batch_run.BatchReport` (counts and seconds).
    Raises ConfigError for an unknown executor or format, or for 'ray' without Ray.
    """
    from summarizer.batch_run import batch as run

    return run(_as_list(inputs), out, settings=settings, executor=executor, workers=workers, ray_address=ray_address,
               formats=formats, since=since, engine=engine, quiet=quiet, progress=progress)


def render(briefing: Briefing, fmt: str = "md") -> str:
    """``briefing`` as text: 'md' (Markdown), 'html' (one self-contained page) or 'json' (the schema).

    Raises ValueError for another format.
    """
    from summarizer.render import render as run

    return run(briefing, fmt)
