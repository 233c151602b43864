"""Briefings at feed scale: every story of a feed briefed on its own, in parallel, resumable.

``batch(inputs, out)`` runs, in order:

1. read    inputs as a stream of items (a file, or one line of a JSONL file: a
           large JSONL feed is never held whole), BATCH_SIZE items per task;
2. ingest + segment each task in parallel (``ingest.parse_bytes``,
           ``segment.segment_document``); the worker spills the segmented
           documents to ``OUT/.spill/`` and returns them without sentences,
           with their figures (``story.events.doc_figures``) and spill
           offsets: the driver never holds sentences (memory per article is
           its text and metadata); exact copies dropped by content hash;
3. copies  near-duplicates over the whole feed (``ingest.dedupe``: MinHash LSH
           candidates past 200 documents, the exact copy rule on each pair);
4. stories ``story.group_documents`` (candidate blocks past 200 documents, no
           all-pairs matrix); a story's id is ``st-`` + a hash of its articles'
           contents, so the same articles always make the same id;
5. brief   each story not already briefed, in parallel, through
           ``pipeline.brief_analysis`` (the engine, reconcile, verify and
           combine stages of a single briefing), writing ``OUT/<story-id>.json``
           (and ``.md``/``.html`` when asked) and a row of ``OUT/index.jsonl``;
           the story's worker re-reads its own segmented articles from the spill.

Resume and increments: a story whose id has an ``ok`` row in the index and
whose files exist is not briefed again; an article added to the feed changes
the id of the story it joins (only that story is briefed again). A story that
fails gets a ``failed`` row with its one-line reason; the others complete.
Executors and the LLM concurrency limit: ``batch_exec.py``; docs/scale.md.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from summarizer.batch_exec import run_tasks, session
from summarizer.errors import ConfigError
from summarizer.independence import is_independent
from summarizer.ingest import parse_bytes
from summarizer.ingest.dedupe import exact_key, find_near_duplicates
from summarizer.ingest.sources import expand, read_file, read_stream
from summarizer.models import Document, IngestWarning, Story
from summarizer.pipeline import brief_analysis, resolve_engine
from summarizer.segment import segment_document
from summarizer.settings import Settings
from summarizer.story import AnalyzedStory, StoryAnalysis, group_documents
from summarizer.story.events import Figures, doc_figures
from summarizer.story.timeline import build_timeline

BATCH_SIZE = 64
"""Input items (files or JSONL lines) per ingest task: the driver holds at most a window of these in flight."""
FORMATS = ("json", "md", "html")
Item = tuple[str, str, bytes]  # (name whose extension picks the reader, origin, raw bytes)
Spilled = tuple[str, int, int]  # (spill file, byte offset, byte length) of one segmented document
SPILL = ".spill"
"""Folder under the output folder for this run's segmented documents (removed at the end of the run)."""


@dataclass
class BatchReport:
    """What a batch run did. ``briefed`` counts stories briefed now; ``skipped`` those already done."""

    out_dir: Path
    articles: int = 0
    warnings: int = 0
    stories: int = 0
    briefed: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stage_peak_mb: dict[str, float] = field(default_factory=dict)
    """The driver process's peak resident memory (MB) during each stage (Linux; empty elsewhere)."""


def _peak_mb(reset: bool = True) -> float | None:
    """This process's peak resident memory (MB) since the last reset, then reset it (Linux only).

    Reads VmHWM from /proc/self/status; writing 5 to /proc/self/clear_refs resets it to the
    current resident size, so consecutive calls give each stage's own peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            hwm = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
        if reset:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
                f.write("5")
    except (OSError, StopIteration, ValueError):
        return None
    return hwm / 1024


def _mark(report: BatchReport, stage: str, started: float) -> None:
    """Record a finished stage's wall seconds and the driver's peak memory during it."""
    report.stage_seconds[stage] = time.perf_counter() - started
    if (peak := _peak_mb()) is not None:
        report.stage_peak_mb[stage] = peak


class Progress:
    """Progress lines on stderr (articles read, stories found, briefed, failed, rate), at most one a second."""

    def __init__(self, quiet: bool, stream: Callable[[str], object] | None = None) -> None:
        self.quiet = quiet
        self.write = stream or (lambda line: print(line, file=sys.stderr, flush=True))
        self.started = time.perf_counter()
        self.last = 0.0

    def __call__(self, line: str, force: bool = False) -> None:
        now = time.perf_counter()
        if self.quiet or (not force and now - self.last < 1.0):
            return
        self.last = now
        self.write(f"[{now - self.started:7.1f}s] {line}")


def items(inputs: Sequence[str], max_bytes: int, warnings: list[IngestWarning]) -> Iterator[Item]:
    """Every input as items: one per file, one per line of a ``.jsonl`` file (read line by line)."""
    for entry in expand(inputs):
        if isinstance(entry, IngestWarning):
            warnings.append(entry)
        elif isinstance(entry, Path) and entry.suffix.lower() == ".jsonl":
            try:
                with entry.open("rb") as f:
                    for n, line in enumerate(f, 1):
                        if line.strip():
                            yield (f"{entry.stem} #{n}.json", f"{entry}:{n}", line)
            except OSError as e:
                warnings.append(IngestWarning(origin=str(entry), reason=f"cannot read: {e.strerror or e}"))
        else:
            blob = read_file(entry, max_bytes) if isinstance(entry, Path) else read_stream(sys.stdin.buffer, max_bytes)
            if blob.data is None:
                warnings.append(IngestWarning(origin=blob.origin, reason=blob.error or "cannot read"))
            else:
                yield (blob.name, blob.origin, blob.data)


def _chunks(stream: Iterator[Item], size: int) -> Iterator[tuple[int, list[Item]]]:
    chunk: list[Item] = []
    n = 0
    for item in stream:
        chunk.append(item)
        if len(chunk) >= size:
            yield n, chunk
            n, chunk = n + 1, []
    if chunk:
        yield n, chunk


@dataclass
class Ingested:
    """One ingest task's result: documents without sentences, each one's figures and spill place, warnings."""

    number: int
    docs: list[Document]
    figures: list[Figures]
    spilled: list[Spilled]
    warnings: list[IngestWarning]


def ingest_chunk(task: tuple[int, list[Item], Settings, Path]) -> Ingested:
    """Worker: parse and segment one chunk of items (ids ``S<chunk*100000+k>``, unique over the feed).

    The segmented documents are written, one JSON line each, to ``<spill>/chunk-<number>.jsonl``;
    the result carries them without sentences (``load_spilled`` reads one back).
    """
    number, chunk, settings, spill = task
    docs: list[Document] = []
    warnings: list[IngestWarning] = []
    for name, origin, data in chunk:
        parsed = parse_bytes(name, origin, data, settings.max_file_bytes)
        warnings.extend(parsed.warnings)
        for raw in parsed.docs:
            doc = Document(
                id=f"S{number * 100_000 + len(docs) + 1}", title=raw.title, outlet=raw.outlet, url=raw.url,
                author=raw.author, published=raw.published, origin=raw.origin, text=raw.text,
            )
            docs.append(segment_document(doc, settings.encoding))
    path = spill / f"chunk-{number:07d}.jsonl"
    spilled: list[Spilled] = []
    with path.open("wb") as f:
        for doc in docs:
            line = doc.model_dump_json().encode("utf-8") + b"\n"
            spilled.append((path.name, f.tell(), len(line)))
            f.write(line)
    figures = [doc_figures(d) for d in docs]
    light = [d.model_copy(update={"sentences": []}) for d in docs]
    return Ingested(number, light, figures, spilled, warnings)


def load_spilled(spill: Path, place: Spilled) -> Document:
    """The segmented document written by ``ingest_chunk`` at ``place`` under the folder ``spill``."""
    name, offset, length = place
    with (spill / name).open("rb") as f:
        f.seek(offset)
        return Document.model_validate_json(f.read(length))


def content_hash(doc: Document) -> str:
    """Hash of a document's text (whitespace runs as one space): its identity across runs."""
    return hashlib.sha256(exact_key(doc.text).encode("utf-8")).hexdigest()


def story_hash(docs: Sequence[Document]) -> str:
    """The story id: ``st-`` + 16 hex digits of the hash of its articles' content hashes (order-free)."""
    joined = "\n".join(sorted(content_hash(d) for d in docs))
    return "st-" + hashlib.sha256(joined.encode("ascii")).hexdigest()[:16]


def renumber(docs: Sequence[Document]) -> list[Document]:
    """The story's documents as S1..Sk (sentence ids too), so its briefing does not depend on the feed."""
    new = {d.id: f"S{k}" for k, d in enumerate(docs, 1)}
    out = []
    for d in docs:
        sid = new[d.id]
        sentences = [s.model_copy(update={"id": f"{sid}.{s.index + 1}", "source_id": sid}) for s in d.sentences]
        out.append(d.model_copy(update={
            "id": sid, "sentences": sentences, "duplicate_of": new.get(d.duplicate_of or ""), "story_id": "story1",
        }))
    return out


@dataclass
class StoryTask:
    """One story to brief: its id, its documents (without sentences, copies marked) with their
    spill places, and where and how to write it."""

    story_id: str
    docs: list[Document]
    spilled: list[Spilled]
    spill: Path
    out_dir: Path
    formats: tuple[str, ...]
    settings: Settings
    engine: str


def brief_story(task: StoryTask) -> dict[str, object]:
    """Worker: brief one story and write its files; returns its index row (status 'failed' with the reason)."""
    from summarizer.render import render

    docs = renumber([
        load_spilled(task.spill, place).model_copy(update={"duplicate_of": d.duplicate_of})
        for d, place in zip(task.docs, task.spilled, strict=True)
    ])
    known = sorted(d.published for d in docs if d.published)
    row: dict[str, object] = {
        "story_id": task.story_id, "title": docs[0].title,
        "sources": sorted({d.outlet or d.origin for d in docs}),
        "dates": [known[0].isoformat(), known[-1].isoformat()] if known else [],
        "articles": len(docs), "independent": sum(1 for d in docs if is_independent(d)),
    }
    try:
        started = time.perf_counter()
        lead = next((d for d in docs if is_independent(d)), docs[0])
        story = Story(id="story1", title=lead.title, document_ids=[d.id for d in docs],
                      start=known[0] if known else None, end=known[-1] if known else None, role="main")
        analysis = StoryAnalysis(docs, [AnalyzedStory(story, docs, build_timeline(docs))])
        briefing = brief_analysis(analysis, task.settings, engine=task.engine)
        briefing.usage.input_tokens = sum(d.n_tokens for d in docs)
        briefing.usage.wall_seconds = round(time.perf_counter() - started, 3)
        for fmt in task.formats:
            path = task.out_dir / f"{task.story_id}.{fmt}"
            tmp = path.with_suffix(f".{fmt}.tmp")
            tmp.write_text(render(briefing, fmt), encoding="utf-8")
            tmp.replace(path)
        v = briefing.verification
        row.update(status="ok", error=None, key_points=len(briefing.key_points),
                   citations_checked=v.citations_checked, citations_valid=v.citations_valid)
    except Exception as e:  # one story's failure is recorded; the others go on
        reason = " ".join(f"{type(e).__name__}: {e}".split())[:300]
        row.update(status="failed", error=reason)
    return row


def _read_index(path: Path) -> dict[str, dict[str, object]]:
    rows: dict[str, dict[str, object]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and isinstance(row.get("story_id"), str):
                rows[row["story_id"]] = row
    return rows


def _done(row: dict[str, object] | None, out_dir: Path, story_id: str, formats: Sequence[str]) -> bool:
    return bool(row and row.get("status") == "ok" and all((out_dir / f"{story_id}.{f}").exists() for f in formats))


def batch(
    inputs: Sequence[str],
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
    batch_size: int = BATCH_SIZE,
) -> BatchReport:
    """Brief every story of the feed at ``inputs`` into the folder ``out``; see the module docstring.

    ``inputs``: files, folders, globs, '-' (as for ``brief``). ``executor``:
    'local' (a process pool of ``workers``) or 'ray' (a local Ray runtime with
    ``workers`` CPUs, or the cluster at ``ray_address``). ``formats``: any of
    json, md, html. ``since``: articles dated before it are left out (undated
    ones are kept). ``engine``: a registered engine name (default
    ``settings.engine``; with 'llm' at most ``settings.max_concurrency``
    stories are briefed at once over all workers). ``progress`` receives the
    progress lines (default: stderr, none when ``quiet``). Raises ConfigError
    for a bad executor or format; bad inputs are counted, never raised.
    """
    settings = settings or Settings()
    out_dir = Path(out)
    formats = tuple(dict.fromkeys(formats))
    if bad := [f for f in formats if f not in FORMATS]:
        raise ConfigError(f"unknown format {bad[0]!r} (choose from {', '.join(FORMATS)})")
    if "json" not in formats:
        formats = ("json", *formats)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = BatchReport(out_dir, seconds=time.perf_counter())
    say = Progress(quiet, progress)
    engine_name = engine or resolve_engine(settings)
    run = {"executor": executor, "workers": workers, "address": ray_address}
    spill = out_dir / SPILL
    shutil.rmtree(spill, ignore_errors=True)
    spill.mkdir()
    try:
        with session(executor, workers, ray_address):
            _run(inputs, out_dir, settings, formats, since, engine_name, run, report, say, batch_size)
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    report.seconds = time.perf_counter() - report.seconds
    say(f"done: {report.articles} articles, {report.stories} stories; briefed {report.briefed}, "
        f"failed {report.failed}, skipped {report.skipped} in {report.seconds:.1f}s", force=True)
    return report


def _run(
    inputs: Sequence[str], out_dir: Path, settings: Settings, formats: tuple[str, ...], since: date | None,
    engine_name: str, run: dict[str, Any], report: BatchReport, say: Progress, batch_size: int,
) -> None:
    """The stages of ``batch`` (see the module docstring), filling ``report``."""
    clock = time.perf_counter()
    _peak_mb()

    # 1-2: read and ingest + segment in parallel
    warnings: list[IngestWarning] = []
    spill = out_dir / SPILL
    stream = _chunks(items(inputs, settings.max_file_bytes, warnings), batch_size)
    tasks = ((n, chunk, settings, spill) for n, chunk in stream)
    by_chunk: dict[int, Ingested] = {}
    for got in run_tasks(ingest_chunk, tasks, **run):  # type: ignore[arg-type]
        by_chunk[got.number] = got
        warnings.extend(got.warnings)
        report.articles += len(got.docs)
        say(f"read {report.articles} articles ({report.articles / (time.perf_counter() - clock):.0f}/s)")
    seen: set[str] = set()
    feed: list[Document] = []
    figures: dict[str, Figures] = {}
    places: dict[str, Spilled] = {}
    for number in sorted(by_chunk):
        part = by_chunk.pop(number)
        for doc, figs, place in zip(part.docs, part.figures, part.spilled, strict=True):
            key = content_hash(doc)
            if key in seen or (since and doc.published and doc.published < since):
                continue
            seen.add(key)
            feed.append(doc)
            figures[doc.id] = figs
            places[doc.id] = place
    report.warnings = len(warnings)
    _mark(report, "read_ingest_segment", clock)

    # 3-4: copies and stories over the whole feed
    t = time.perf_counter()
    for nd in find_near_duplicates([d.text for d in feed], settings.near_duplicate_threshold):
        feed[nd.index].duplicate_of = feed[nd.original].id
    _mark(report, "near_duplicates", t)
    t = time.perf_counter()
    grouped, stories = group_documents(feed, split=settings.group_stories, figures=figures) if feed else ([], [])
    members: dict[str, list[Document]] = {}
    for d in grouped:
        members.setdefault(d.story_id or "", []).append(d)
    kept = len(feed)
    del feed, grouped, figures  # the story tasks hold the documents from here on
    _mark(report, "stories", t)
    report.stories = len(stories)
    say(f"read {report.articles} articles, {kept} kept; {report.stories} "
        f"{'story' if report.stories == 1 else 'stories'} found", force=True)

    # 5: brief the stories not done yet
    t = time.perf_counter()
    index_path = out_dir / "index.jsonl"
    previous = _read_index(index_path)
    rows: dict[str, dict[str, object]] = {}
    todo: list[StoryTask] = []
    for s in stories:
        docs = members[s.id]
        sid = story_hash(docs)
        if sid in rows:
            continue
        if _done(previous.get(sid), out_dir, sid, formats):
            rows[sid] = previous[sid]
            report.skipped += 1
        else:
            todo.append(StoryTask(sid, docs, [places[d.id] for d in docs], spill, out_dir, formats, settings,
                                  engine_name))
    window = 2 * int(run["workers"])
    if engine_name == "llm":  # a global limit: max_concurrency stories at once, one call at a time each
        window = settings.max_concurrency
        for task in todo:
            task.settings = settings.model_copy(update={"max_concurrency": 1})
    with index_path.open("a", encoding="utf-8") as log:
        for row in run_tasks(brief_story, todo, window=window, **run):  # type: ignore[arg-type]
            rows[str(row["story_id"])] = row
            log.write(json.dumps(row, ensure_ascii=False) + "\n")
            log.flush()
            report.briefed += row["status"] == "ok"
            report.failed += row["status"] != "ok"
            done = report.briefed + report.failed
            rate = done / max(time.perf_counter() - t, 1e-9)
            say(f"stories {report.stories}: briefed {report.briefed}, failed {report.failed}, "
                f"skipped {report.skipped}, {done}/{len(todo)} ({rate:.1f} stories/s)")
    tmp = index_path.with_suffix(".jsonl.tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows.values()), encoding="utf-8")
    tmp.replace(index_path)
    _mark(report, "brief", t)
