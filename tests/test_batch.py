"""summarizer batch: a generated feed briefed story by story, resumable, with local and Ray executors."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchmarks.feed import feed, story_of, write_jsonl
from summarizer.batch_run import batch
from summarizer.cli import cli
from summarizer.engines import ENGINES, Engine, EngineOutput, register_engine
from summarizer.engines.extractive import ExtractiveEngine
from summarizer.errors import ConfigError
from summarizer.models import Briefing
from summarizer.settings import Settings

SETTINGS = Settings(engine="extractive", embedder="tfidf", use_cache=False)


def _index(out: Path) -> dict[str, dict[str, Any]]:
    return {r["story_id"]: r for r in map(json.loads, (out / "index.jsonl").read_text().splitlines())}


def _briefing_core(path: Path) -> dict[str, Any]:
    """A briefing's content without run-dependent figures (wall time, generation time)."""
    b = Briefing.model_validate_json(path.read_text())
    data = b.model_dump(mode="json")
    data["usage"].pop("wall_seconds", None)
    data.pop("generated_at", None)
    return data


@pytest.fixture(scope="module")
def feed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("feed") / "feed.jsonl", 36, words=120, seed=5)


@pytest.fixture(scope="module")
def local_run(feed_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("out")
    return out, batch([str(feed_file)], out, settings=SETTINGS, workers=2, formats=["json", "md"], quiet=True)


def test_local_batch_writes_one_verified_briefing_per_story(feed_file: Path, local_run: tuple[Path, Any]) -> None:
    out, report = local_run
    index = _index(out)
    assert report.articles == 36 and report.failed == 0
    assert report.stories == len(index) == report.briefed > 1
    titles: set[str] = set()
    for sid, row in index.items():
        assert row["status"] == "ok" and row["error"] is None
        assert (out / f"{sid}.md").read_text().strip()
        b = Briefing.model_validate_json((out / f"{sid}.json").read_text())
        assert b.verification.citations_checked > 0
        assert b.verification.citations_valid == b.verification.citations_checked
        for kp in b.key_points:  # every citation resolves to its source's text
            for c in kp.citations:
                src = next(s for s in b.sources if s.id == c.source_id)
                assert src.text[c.start : c.end] == c.quote
        assert row["articles"] == len(b.sources)
        titles.update(s.title for s in b.sources)
    assert len(titles) == 36  # every article is in exactly one story
    # the generator's stories, each fully inside one briefing (no story torn apart)
    truth: dict[str, set[str]] = {}
    for rec in feed(36, words=120, seed=5):
        truth.setdefault(story_of(rec["title"]), set()).add(rec["title"])
    by_story = [{s.title for s in Briefing.model_validate_json((out / f"{sid}.json").read_text()).sources}
                for sid in index]
    assert all(any(t <= got for got in by_story) for t in truth.values())


def test_rerun_briefs_nothing_and_added_articles_rebrief_only_their_stories(
    feed_file: Path, local_run: tuple[Path, Any], tmp_path: Path
) -> None:
    import shutil

    out = shutil.copytree(local_run[0], tmp_path / "out")
    first = local_run[1]
    again = batch([str(feed_file)], out, settings=SETTINGS, workers=1, formats=["json", "md"], quiet=True)
    assert again.briefed == 0 and again.failed == 0 and again.skipped == first.stories
    extra = write_jsonl(tmp_path / "more.jsonl", 6, words=120, seed=77)  # other stories, other names
    grown = batch([str(feed_file), str(extra)], out, settings=SETTINGS, workers=1, formats=["json", "md"],
                  quiet=True)
    new_titles = {r["title"] for r in feed(6, words=120, seed=77)}
    index = _index(out)
    touched = [sid for sid in index
               if {s.title for s in Briefing.model_validate_json((out / f"{sid}.json").read_text()).sources}
               & new_titles]
    assert grown.briefed == len(touched) > 0
    assert grown.skipped == grown.stories - len(touched)


class _Boom(Engine):
    """Extractive, except that it fails on a story with an article mentioning 'Zuzupex'."""

    name = "boom"

    def summarize(self, docs: Any, settings: Settings, progress: Any = None) -> EngineOutput:
        if any("Zuzupex" in d.text for d in docs):
            raise RuntimeError("engine exploded\non purpose")
        return ExtractiveEngine().summarize(docs, settings, progress)


def test_one_failing_story_is_recorded_and_the_rest_complete(tmp_path: Path) -> None:
    recs = list(feed(20, words=120, seed=9))
    target = story_of(recs[0]["title"])
    for r in recs:
        if story_of(r["title"]) == target:
            r["text"] += "\n\nZuzupex was mentioned."
    path = tmp_path / "f.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    register_engine("boom", lambda backend=None: _Boom())
    try:
        report = batch([str(path)], tmp_path / "out", settings=SETTINGS, engine="boom", quiet=True)
    finally:
        ENGINES.pop("boom", None)
    rows = list(_index(tmp_path / "out").values())
    failed = [r for r in rows if r["status"] == "failed"]
    assert report.failed == len(failed) == 1
    assert failed[0]["error"] == "RuntimeError: engine exploded on purpose"  # one line
    assert report.briefed == len(rows) - 1 > 0
    assert all((tmp_path / "out" / f"{r['story_id']}.json").exists() for r in rows if r["status"] == "ok")


def test_cli_batch_quiet_and_progress(feed_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["batch", str(feed_file), "--out", str(tmp_path / "o"), "--engine", "extractive",
                              "--embedder", "tfidf", "--format", "json,html", "--quiet"])
    assert res.exit_code == 0, res.output
    assert res.output == ""
    assert list((tmp_path / "o").glob("*.html"))
    res = runner.invoke(cli, ["batch", str(feed_file), "--out", str(tmp_path / "o"), "--engine", "extractive"])
    assert res.exit_code == 0
    assert "stories found" in res.output and "briefed 0" in res.output
    bad = runner.invoke(cli, ["batch", str(feed_file), "--out", str(tmp_path / "o"), "--format", "pdf"])
    assert bad.exit_code == 2 and "unknown format 'pdf'" in bad.output


def test_since_leaves_out_older_articles(tmp_path: Path) -> None:
    from datetime import date

    recs = list(feed(12, words=80, seed=3))
    cut = sorted(r["date"] for r in recs)[6]
    path = tmp_path / "f.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    report = batch([str(path)], tmp_path / "o", settings=SETTINGS, since=date.fromisoformat(cut), quiet=True)
    assert report.stories == len(_index(tmp_path / "o"))
    kept = sum(r["articles"] for r in _index(tmp_path / "o").values())
    assert kept == sum(1 for r in recs if r["date"] >= cut)


def test_ray_executor_without_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from summarizer.batch_exec import ray_module

    real = builtins.__import__

    def no_ray(name: str, *a: Any, **k: Any) -> Any:
        if name == "ray":
            raise ImportError("no ray")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    with pytest.raises(ConfigError, match=r"\[scale\]"):
        ray_module()


@pytest.mark.slow
def test_ray_local_runtime_gives_the_same_stories_and_briefings(feed_file: Path, local_run: tuple[Path, Any],
                                                                 tmp_path: Path) -> None:
    pytest.importorskip("ray")
    out, _ = local_run
    report = batch([str(feed_file)], tmp_path / "ray", settings=SETTINGS, executor="ray", workers=2,
                   formats=["json", "md"], quiet=True)
    assert report.failed == 0
    assert set(_index(tmp_path / "ray")) == set(_index(out))
    for sid in _index(out):
        assert _briefing_core(tmp_path / "ray" / f"{sid}.json") == _briefing_core(out / f"{sid}.json")


def _spread_feed(n: int, seed: int) -> list[Any]:
    """Segmented documents of a generated feed whose stories lie 60+ days apart (never mergeable by date)."""
    from summarizer.ingest import ingest_texts
    from summarizer.segment import segment_document

    recs = list(feed(n, words=100, seed=seed))
    day: dict[str, int] = {}
    for r in recs:
        k = day.setdefault(story_of(r["title"]), 60 * len(day))
        r["date"] = f"{2020 + k // 360}-{k % 360 // 30 + 1:02d}-{k % 30 + 1:02d}"
    data = "\n".join(json.dumps(r) for r in recs).encode()
    docs = ingest_texts([("f.jsonl", data)], Settings(max_file_bytes=10**8)).documents
    return [segment_document(d) for d in docs]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_candidate_blocks_group_like_all_pairs_on_small_feeds(seed: int) -> None:
    from summarizer.story import events

    docs = _spread_feed(60, seed)
    exact = sorted(events._clusters(docs, events.THRESHOLD))
    blocked = sorted(sorted(c) for c in events._clusters(docs, events.THRESHOLD, exact_max=0))
    assert blocked == sorted(sorted(c) for c in exact)


def test_lsh_near_duplicates_equal_all_pairs_on_random_small_cases() -> None:
    from summarizer.ingest.dedupe import find_near_duplicates

    rng = random.Random(11)
    vocab = [f"w{k}" for k in range(2000)]
    for _ in range(25):
        texts: list[str] = []
        for _ in range(rng.randint(2, 120)):
            if texts and rng.random() < 0.3:  # a copy: a few words changed, sometimes a text added
                words = rng.choice(texts).split()
                for _ in range(rng.randint(0, 3)):
                    words[rng.randrange(len(words))] = rng.choice(vocab)
                if rng.random() < 0.3:
                    words += [rng.choice(vocab) for _ in range(rng.randint(0, len(words) // 2))]
                texts.append(" ".join(words))
            else:
                texts.append(" ".join(rng.choice(vocab) for _ in range(rng.randint(3, 250))))
        assert find_near_duplicates(texts, 0.8, candidates="lsh") == find_near_duplicates(
            texts, 0.8, candidates="all"
        )
