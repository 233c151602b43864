"""summarizer eval: truncation, ROUGE wiring, baselines, sumy wiring, bad lines, the CLI report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.evaluation.data import load_clusters
from summarizer.evaluation.runner import evaluate, summarize_results
from summarizer.evaluation.scoring import mean_words, rouge, truncate_words
from summarizer.evaluation.systems import run_lead, run_lexrank, run_textrank
from summarizer.ingest import ingest_texts
from summarizer.settings import Settings

DOC_A = (
    "Flood waters rose across the valley town of Merrin on Tuesday. "
    "Officials said four hundred homes were evacuated before midnight. "
    "The river peaked at six metres, the highest level in forty years. "
    "Volunteers filled sandbags at the school gym through the night."
)
DOC_B = (
    "The town of Merrin evacuated four hundred homes as flood waters rose on Tuesday. "
    "The river reached six metres, its highest level in four decades, officials said. "
    "A bakery on Mill Street handed out free bread to families in the shelters."
)
DOC_C = (
    "Rescue crews in Merrin pulled twelve people from flooded cars on Tuesday night. "
    "Flood waters forced the evacuation of four hundred homes, the mayor said. "
    "Forecasters expect more rain on Thursday."
)
REFERENCE = ("Flood waters forced four hundred homes in Merrin to be evacuated on Tuesday as the river "
             "reached six metres, its highest in forty years.")


def _ingested() -> object:
    return ingest_texts([("a.txt", DOC_A.encode()), ("b.txt", DOC_B.encode()), ("c.txt", DOC_C.encode())],
                        Settings())


def test_truncate_words_keeps_whole_sentences_then_cuts_the_overflowing_one() -> None:
    out = truncate_words(["one two three", "four five six seven", "eight"], 5)
    assert out == ["one two three", "four five"]
    assert truncate_words(["a b", "c"], 10) == ["a b", "c"]
    assert truncate_words(["a b"], 0) == []


def test_rouge_is_100_for_the_reference_itself_and_takes_the_best_reference() -> None:
    assert rouge([REFERENCE], [REFERENCE])["rouge1"] == pytest.approx(100.0)
    unrelated = "Quarterly earnings beat expectations at the chip maker."
    alone = rouge([REFERENCE], [unrelated])
    best = rouge([REFERENCE], [unrelated, REFERENCE])
    assert alone["rouge1"] < 30 and best["rouge2"] == pytest.approx(100.0)
    assert rouge([], [REFERENCE]) == {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0}


def test_rouge_uses_stemming() -> None:
    assert rouge(["floods evacuated homes"], ["flood evacuate home"])["rouge1"] == pytest.approx(100.0)


def test_lead_baseline_is_round_robin_over_documents() -> None:
    out = run_lead(_ingested(), 40, Settings())  # type: ignore[arg-type]
    firsts = [s.citations[0].passage_id for s in out.statements]
    assert firsts[:3] == ["S1.1", "S2.1", "S3.1"]
    assert firsts[3] == "S1.2"
    words = sum(len(s.text.split()) for s in out.statements)
    assert words >= 40  # stops only once the budget is reached


@pytest.mark.parametrize("system", [run_lexrank, run_textrank])
def test_sumy_peers_pick_verbatim_cited_sentences_in_document_order(system: object) -> None:
    ingested = _ingested()
    out = system(ingested, 30, Settings())  # type: ignore[operator]
    assert out.statements
    docs = {d.id: d for d in out.docs}
    order = []
    for st in out.statements:
        (c,) = st.citations
        assert docs[c.source_id].text[c.start : c.end] == c.quote == st.text
        order.append((int(c.source_id[1:]), int(c.passage_id.split(".")[1])))
    assert order == sorted(order)
    # best-rated first until the budget: dropping the last one would leave it unmet
    assert sum(len(s.text.split()) for s in out.statements[:-1]) < 30 or len(out.statements) == 1


def test_lexrank_ranks_the_repeated_fact_above_the_one_off_detail() -> None:
    out = run_lexrank(_ingested(), 12, Settings())  # type: ignore[arg-type]
    chosen = " ".join(s.text for s in out.statements)
    assert "four hundred homes" in chosen
    assert "bakery" not in chosen


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _good(cid: str) -> str:
    return json.dumps({"id": cid, "documents": [DOC_A, DOC_B, DOC_C], "summary": REFERENCE})


def test_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    data = _write(tmp_path / "d.jsonl", [
        _good("one"), "{not json", json.dumps([1, 2]), json.dumps({"id": "x", "documents": []}),
        json.dumps({"id": "y", "documents": ["text"], "summary": ""}), _good("two"),
    ])
    loaded = load_clusters(data)
    assert [c.id for c in loaded.items] == ["one", "two"]
    assert len(loaded.bad_lines) == 4
    assert loaded.bad_lines[0].startswith("d.jsonl:2: not JSON")
    assert "d.jsonl:4" in loaded.bad_lines[2] and "documents" in loaded.bad_lines[2]
    assert [c.id for c in load_clusters(data, limit=1).items] == ["one"]


def test_references_win_over_summary_and_set_the_default_budget() -> None:
    from summarizer.evaluation.data import parse_cluster

    c = parse_cluster({"documents": ["x"], "summary": "s", "references": ["a b c d", "a b"]}, "w")
    assert c.references == ["a b c d", "a b"]
    assert mean_words(c.references) == 3


def test_evaluate_scores_every_system_and_ratios_are_to_lexrank(tmp_path: Path) -> None:
    clusters = load_clusters(_write(tmp_path / "d.jsonl", [_good("one")])).items
    results = evaluate(clusters, Settings(engine="extractive", embedder="tfidf"), words=25)
    scores = results[0].systems
    assert set(scores) == {"ours", "lexrank", "textrank", "lead"}
    for name, s in scores.items():
        assert s.error is None, name
        assert sum(len(x.split()) for x in s.summary) <= 25
        assert s.citations_checked > 0 and s.citations_valid == s.citations_checked
        assert 0 < s.rouge["rouge1"] <= 100
    table = summarize_results(results)
    assert table["lexrank"]["rouge1_vs_lexrank"] == pytest.approx(1.0)
    assert table["ours"]["rouge1_vs_lexrank"] == pytest.approx(table["ours"]["rouge1"] / table["lexrank"]["rouge1"])
    assert table["ours"]["citation_validity"] == 100.0


def test_eval_cli_prints_the_table_and_writes_the_json_report(tmp_path: Path) -> None:
    data = _write(tmp_path / "d.jsonl", [_good("one"), "oops", _good("two")])
    out = tmp_path / "report.json"
    res = CliRunner().invoke(cli, ["eval", str(data), "--words", "30", "--embedder", "tfidf", "--quiet",
                                   "--out", str(out), "--systems", "ours,lexrank,lead"])
    assert res.exit_code == 0, res.output
    assert "| ours |" in res.output and "| lexrank |" in res.output
    assert "d.jsonl:2: not JSON" in res.output  # the bad line, reported in one line
    report = json.loads(out.read_text())
    assert report["bad_lines"] == ["d.jsonl:2: not JSON (Expecting value)"]
    assert [c["id"] for c in report["clusters"]] == ["one", "two"]
    ours = report["clusters"][0]["systems"]["ours"]
    assert ours["summary"] and set(ours["rouge"]) == {"rouge1", "rouge2", "rougeLsum"}
    assert report["overall"]["lexrank"]["rouge1_vs_lexrank"] == pytest.approx(1.0)
    # model loading is timed apart from every system's per-cluster time
    assert "models loaded in" in res.output and "ms/cluster" in res.output
    assert "time/LexRank per cluster, median over clusters: ours " in res.output
    assert report["model_load_seconds"] >= 0
    for row in report["overall"].values():
        assert row["ms_per_cluster"] == pytest.approx(1000 * row["seconds"] / row["clusters"])
    # each cluster also gives every system's time over LexRank's on that cluster, and the overall
    # row the median of those ratios
    per_cluster = [c["systems"]["ours"]["seconds_vs_lexrank"] for c in report["clusters"]]
    for c in report["clusters"]:
        s = c["systems"]
        assert s["ours"]["seconds_vs_lexrank"] == pytest.approx(s["ours"]["seconds"] / s["lexrank"]["seconds"])
        assert s["lexrank"]["seconds_vs_lexrank"] == pytest.approx(1.0)
    assert report["overall"]["ours"]["seconds_vs_lexrank_median"] == pytest.approx(sorted(per_cluster)[0] / 2
                                                                                     + sorted(per_cluster)[1] / 2)


def test_eval_cli_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["eval", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 1 and "cannot read" in missing.output and "Traceback" not in missing.output
    bad = _write(tmp_path / "bad.jsonl", ["{}", "[]"])
    res = runner.invoke(cli, ["eval", str(bad), "--quiet"])
    assert res.exit_code == 1 and "no usable cluster (2 bad lines)" in res.output
    res = runner.invoke(cli, ["eval", str(bad), "--systems", "ours,magic"])
    assert res.exit_code != 0 and "magic" in res.output
