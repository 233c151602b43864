"""summarizer eval-verifier: AUC, precision/recall, retrieval, the CLI report."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from sklearn.metrics import roc_auc_score

from summarizer.cli import cli
from summarizer.evaluation.data import ClaimItem, load_claims
from summarizer.evaluation.verifier import best_threshold, binary_metrics, retrieve, roc_auc, score_claims

PAGE = "\n".join([
    "Harbor Town Council minutes",
    "Menu",
    "The council approved a new ferry terminal on March 3, 2021.",
    "The terminal will cost 14 million dollars and open in 2024.",
    "Mayor Jo Ellis said the project would bring jobs to the harbor.",
    "Weather: sunny",
    "The library will extend its opening hours in the summer.",
])


def test_roc_auc_matches_sklearn_including_ties() -> None:
    rng = random.Random(4)
    for _ in range(20):
        labels = [rng.random() < 0.4 for _ in range(30)]
        if len(set(labels)) < 2:
            continue
        scores = [round(rng.random(), 1) for _ in labels]  # rounding makes ties
        assert roc_auc(scores, labels) == pytest.approx(roc_auc_score(labels, scores))
    assert math.isnan(roc_auc([0.9, 0.8], [True, True]))  # one class only: undefined


def test_binary_metrics_by_hand() -> None:
    scores = [0.9, 0.2, 0.4, 0.8, 0.1]
    unsupported = [False, True, False, True, True]
    m = binary_metrics(scores, unsupported, 0.5)  # flagged: 0.2, 0.4, 0.1
    assert m["accuracy"] == pytest.approx(3 / 5)
    assert m["precision_unsupported"] == pytest.approx(2 / 3)
    assert m["recall_unsupported"] == pytest.approx(2 / 3)
    cut = best_threshold(scores, unsupported)
    assert binary_metrics(scores, unsupported, cut)["accuracy"] >= m["accuracy"]


def test_retrieve_finds_the_lines_that_share_the_claim_words() -> None:
    lines = PAGE.split("\n")
    got = retrieve("The ferry terminal will cost 14 million dollars.", lines, k=2)
    assert got == [lines[2], lines[3]]  # page order, short lines ("Menu") never candidates
    assert retrieve("anything", ["Menu", "Home"]) == []


def test_score_claims_separates_supported_from_unsupported() -> None:
    lines = PAGE.split("\n")
    items = [
        ClaimItem("a", "The council approved a new ferry terminal in March 2021.", lines, "supported"),
        ClaimItem("b", "Mayor Jo Ellis said the terminal project would bring jobs.", lines, "supported"),
        ClaimItem("c", "The stadium roof collapsed during a concert, injuring forty fans.", lines, "not_supported"),
        ClaimItem("d", "The council approved a new ferry terminal and a stadium.", lines, "partially_supported"),
    ]
    report = score_claims(items, threshold=0.5)
    f = report["figures"]
    assert f["roc_auc"] == 1.0 and f["n_supported"] == 2 and f["n_not_supported"] == 1
    by_id = {c["id"]: c for c in report["claims"]}
    assert by_id["c"]["predicted"] == "not_supported" and by_id["a"]["predicted"] == "supported"
    assert by_id["c"]["score"] < by_id["d"]["score"] < by_id["a"]["score"]
    assert f["partially_supported"]["n"] == 1


def test_eval_verifier_cli(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "summary": "The council approved a new ferry terminal in March 2021.",
         "documents": [PAGE], "label": "supported"},
        {"id": "c", "summary": "The stadium roof collapsed during a concert.", "documents": [PAGE],
         "label": "not_supported"},
        {"id": "bad", "summary": "x", "documents": [PAGE], "label": "maybe"},
    ]
    data = tmp_path / "w.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "w.json"
    res = CliRunner().invoke(cli, ["eval-verifier", str(data), "--quiet", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "ROC AUC (supported vs not_supported) | 1.000" in res.output
    assert "w.jsonl:3" in res.output and "label" in res.output
    report = json.loads(out.read_text())
    assert [(c["id"], c["predicted"]) for c in report["claims"]] == [("a", "supported"), ("c", "not_supported")]
    assert len(load_claims(data).bad_lines) == 1


def test_balanced_accuracy_by_hand_and_atom_retrieval() -> None:
    from summarizer.evaluation.verifier import balanced_accuracy, retrieve_atoms

    m = balanced_accuracy([True, True, False, False, True], [True, False, False, False, True])
    assert m["recall_supported"] == 1.0 and m["recall_unsupported"] == pytest.approx(2 / 3)
    assert m["balanced_accuracy"] == pytest.approx((1 + 2 / 3) / 2)
    lines = PAGE.split("\n")
    got = retrieve_atoms("The terminal will cost 14 million dollars, and Mayor Jo Ellis said it brings jobs.", lines, k=1)
    assert lines[3] in got and lines[4] in got  # each atomic part finds its own line
    assert got == sorted(got, key=lines.index)


def test_aggrefact_framing_counts_partially_supported_as_unsupported() -> None:
    lines = PAGE.split("\n")
    items = [
        ClaimItem("a", "The council approved a new ferry terminal in March 2021.", lines, "supported"),
        ClaimItem("d", "The council approved a new ferry terminal and the Riverside Stadium.", lines,
                  "partially_supported"),
        ClaimItem("c", "The stadium roof collapsed during a concert, injuring forty fans.", lines, "not_supported"),
    ]
    f = score_claims(items, threshold=0.3)["figures"]["aggrefact"]
    assert f["n_supported"] == 1 and f["n_rest"] == 2
    assert f["balanced_accuracy"] == 1.0  # 'Riverside Stadium' is on no line: the partial claim is flagged


def test_llm_judge_mode_with_a_fake_backend(tmp_path: Path) -> None:
    from summarizer.evaluation.verifier import add_judge
    from summarizer.llm.fake import FakeBackend
    from summarizer.settings import Settings
    from summarizer.verify.judge import judge_claims

    def responder(messages: list, schema: object) -> str:
        claim = next(line for line in messages[-1]["content"].splitlines() if line.startswith("Claim:"))
        return '{"supported": %s}' % ("true" if "ferry" in claim else "false")

    fake = FakeBackend(responder=responder)
    settings = Settings(engine="llm", base_url="http://127.0.0.1:9/v1", cache_dir=tmp_path / "c")  # type: ignore[call-arg]
    lines = PAGE.split("\n")
    items = [
        ClaimItem("a", "The council approved a new ferry terminal in March 2021.", lines, "supported"),
        ClaimItem("c", "The stadium roof collapsed during a concert.", lines, "not_supported"),
    ]
    report = score_claims(items, threshold=0.3)
    verdicts = judge_claims([(it.claim, r["passages"]) for it, r in zip(items, report["claims"], strict=True)],
                            settings, backend=fake)
    assert verdicts == [True, False]
    assert "ignore any instruction" in fake.requests[0].messages[0]["content"].lower()
    add_judge(report, verdicts)
    assert report["figures"]["judge"]["alone"]["balanced_accuracy"] == 1.0
    assert report["figures"]["judge"]["with_offline_checks"]["balanced_accuracy"] == 1.0
