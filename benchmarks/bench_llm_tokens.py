"""LLM tokens spent per input token: our engine vs LangChain's map_reduce summarize chain.

Same server, same model, same reply cap, no cache. Sets: the three seed articles
(../shared/seeds) and a 20-article set (the first two topics of
../shared/eval/multiling2011_sample3.jsonl, 10 WikiNews articles each). Prints a
Markdown table and, with --out, writes it with the machine and settings.

    python benchmarks/bench_llm_tokens.py --base-url http://127.0.0.1:8080/v1 --model local \
        --out docs/benchmarks_llm.md

LangChain's chain comes from the ``langchain-classic`` package (``load_summarize_chain``);
without it only our engine is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from summarizer.ingest import ingest_texts
from summarizer.pipeline import brief_ingested
from summarizer.settings import Settings
from summarizer.tokens import count_tokens

SHARED = Path(__file__).resolve().parents[2] / "shared"


def load_sets() -> dict[str, list[tuple[str, str]]]:
    """name -> [(file name, text)]."""
    seeds = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((SHARED / "seeds").glob("*.txt"))]
    twenty: list[tuple[str, str]] = []
    with open(SHARED / "eval" / "multiling2011_sample3.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            twenty.extend((f"{row['id']}_{i}.txt", d) for i, d in enumerate(row["documents"]))
            if len(twenty) >= 20:
                break
    return {"seeds (3 articles)": seeds, "multiling 20 articles": twenty[:20]}


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else platform.processor()."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def ours(texts: list[tuple[str, str]], settings: Settings) -> dict[str, Any]:
    """Our engine through the real pipeline; rounds = sequential stage rounds (the critical path)."""
    from summarizer.llm.structured import StructuredCaller

    rounds: list[str] = []
    original = StructuredCaller.timed

    def counting(self: StructuredCaller, stage: str):  # type: ignore[no-untyped-def]
        rounds.append(stage)  # one timed block = one round: its calls run concurrently
        return original(self, stage)

    result = ingest_texts([(n, t.encode("utf-8")) for n, t in texts], settings)
    started = time.perf_counter()
    StructuredCaller.timed = counting  # type: ignore[method-assign]
    try:
        b = brief_ingested(result, settings)
    finally:
        StructuredCaller.timed = original  # type: ignore[method-assign]
    total = b.usage.total
    shown = [d.text for d in b.sources if d.duplicate_of is None]
    return {"input": b.usage.input_tokens, "texts": shown,
            "prompt": total.prompt_tokens, "completion": total.completion_tokens,
            "calls": total.calls, "seconds": time.perf_counter() - started,
            "rounds": f"{len(rounds)} ({', '.join(rounds)})", "stories": len(b.stories) or 1,
            "warnings": b.method.warnings}


def langchain_map_reduce(texts: list[tuple[str, str]], settings: Settings) -> dict[str, Any] | None:
    try:
        from langchain_classic.chains.summarize import load_summarize_chain
    except ImportError:
        return None
    from langchain_core.callbacks import get_usage_metadata_callback
    from langchain_core.documents import Document as LCDocument
    from langchain_openai import ChatOpenAI
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    llm = ChatOpenAI(model=settings.model, base_url=settings.base_url, api_key="no-key-needed",  # type: ignore[arg-type]
                     temperature=0, max_tokens=settings.llm_output_tokens, timeout=settings.timeout,
                     extra_body={"max_tokens": settings.llm_output_tokens}, max_retries=2)
    chunk = settings.llm_context_tokens - settings.llm_output_tokens - 300
    splitter = RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name=settings.encoding, chunk_size=chunk, chunk_overlap=settings.chunk_overlap)
    docs = splitter.split_documents([LCDocument(page_content=t) for _, t in texts])
    chain = load_summarize_chain(llm, chain_type="map_reduce", token_max=chunk)
    started = time.perf_counter()
    with get_usage_metadata_callback() as cb:
        chain.invoke({"input_documents": docs})
    usage = next(iter(cb.usage_metadata.values()), {"input_tokens": 0, "output_tokens": 0})
    return {"input": sum(count_tokens(t, settings.encoding) for _, t in texts), "texts": [t for _, t in texts],
            "prompt": usage["input_tokens"], "completion": usage["output_tokens"],
            "calls": None, "seconds": time.perf_counter() - started, "rounds": None, "stories": None,
            "warnings": [], "chunks": len(docs)}


def server_tokens(base_url: str, texts: list[str]) -> int | None:
    """Tokens of ``texts`` in the served model's own tokenizer (llama-cpp-python's
    ``/extras/tokenize``), or None when the server has no such endpoint."""
    root = base_url.rstrip("/").removesuffix("/v1")
    total = 0
    try:
        for text in texts:
            request = urllib.request.Request(f"{root}/extras/tokenize", data=json.dumps({"input": text}).encode(),
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310 - the benchmark's own server
                total += len(json.load(reply)["tokens"])
    except (OSError, ValueError, KeyError):
        return None
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--model", default="local")
    ap.add_argument("--context", type=int, default=8192, help="llm_context_tokens (the server's n_ctx)")
    ap.add_argument("--output-tokens", type=int, default=512)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=300, help="seconds per LLM request")
    ap.add_argument("--sets", default="seeds,multiling", help="comma-separated: seeds, multiling")
    ap.add_argument("--methods", default="ours,langchain", help="comma-separated: ours, langchain")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    settings = Settings(engine="llm", base_url=args.base_url, model=args.model, use_cache=False,
                        llm_context_tokens=args.context, llm_output_tokens=args.output_tokens,
                        max_concurrency=args.concurrency, timeout=args.timeout, cache_dir=Path(tempfile.mkdtemp()))
    rows = ["| set | method | input tokens (cl100k) | input tokens (model) | prompt | completion | "
            "total / input (cl100k) | total / input (model) | calls | rounds | wall s |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
    wanted_sets = [w.strip() for w in args.sets.split(",")]
    methods = [(m, f) for m, f in [("summarizer llm engine", ours), ("LangChain map_reduce", langchain_map_reduce)]
               if (("ours" if f is ours else "langchain") in args.methods)]
    for name, texts in load_sets().items():
        if not any(name.startswith(w) for w in wanted_sets):
            continue
        for method, fn in methods:
            r = fn(texts, settings)
            if r is None:
                rows.append(f"| {name} | {method} | (langchain-classic not installed) | | | | | | | | |")
                continue
            spent = r["prompt"] + r["completion"]
            native = server_tokens(args.base_url, r["texts"])
            by_model = f"{native:,} | " if native else "- | "
            ratio_model = f"{spent / native:.2f}x" if native else "-"
            rounds = r["rounds"] if r["rounds"] is not None else f"- ({r['chunks']} map chunks)"
            rows.append(f"| {name} | {method} | {r['input']:,} | {by_model}{r['prompt']:,} | {r['completion']:,} | "
                        f"{spent / max(1, r['input']):.2f}x | {ratio_model} | "
                        f"{r['calls'] if r['calls'] is not None else '-'} | {rounds} | {r['seconds']:.0f} |")
            print(rows[-1], flush=True)
            for w in r["warnings"]:
                print(f"    warning: {w}", flush=True)
    table = "\n".join(rows)
    print(table)
    if args.out:
        machine = (f"{platform.machine()}, {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), "
                   f"{cpu_model()}, Python {platform.python_version()}")
        args.out.write_text(
            "# LLM token benchmark\n\n"
            f"Machine: {machine}. Server: {args.base_url}, model `{args.model}`, context {args.context}, "
            f"reply cap {args.output_tokens}, concurrency {args.concurrency}, no cache.\n"
            "Produced by `benchmarks/bench_llm_tokens.py`.\n\n" + table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
