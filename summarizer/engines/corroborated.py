"""Further corroborated facts: key points beyond the word budget that 2+ independent sources state.

A ~200-word budget fits about 8 key points; most facts several sources state sit in sentences no
budgeted point is built from. After the engine's points, this module lists up to
``Settings.extra_corroborated`` more: a sentence of one independent source that another
independent source states too under the same rule as every "N sources agree" label
(``story.compare.same_fact``: same figures, polarity, actors, enough shared wording). Each is a
``KeyPoint`` with ``beyond_budget=True`` so renderers and the evaluation can tell them from the
budgeted points; the claim matrix and ``restated_support`` check them like any other point.

Candidate pairs are sentences of different sources whose TF-IDF cosine is at least ``EXTRA_MIN_SIM``,
or that give the same number (digits or words: "Twelve container ships" / "12 vessels", "lasted nine
days" / "ended after nine days"; TF-IDF sees no shared word there), tried best cosine first. A
sentence a single-source key point cites may back a further point (the point's own text is always
a passage no point cites; passages of corroborated points are left alone, so their facts are not
listed twice): "The thermometer at the airport reached 109 degrees" is backed by the lead sentence
"... as the temperature at the airport hit a record 109 degrees", which the budget shows as one
source's. Cost is bounded: at
most ``EXTRA_CHECKS`` ``same_fact`` calls in all.
"""

from __future__ import annotations

import numpy as np

from summarizer.embed import get_embedder
from summarizer.independence import independent_ids
from summarizer.models import Document, KeyPoint, Sentence
from summarizer.passages import cite, is_content
from summarizer.story.quantities import numbers_in
from summarizer.textrules import is_instruction

EXTRA_MIN_SIM = 0.15  # lowest TF-IDF cosine of a candidate pair
EXTRA_CHECKS = 2000  # most same_fact calls (pairs and further support) for one story
EXTRA_PER_SOURCE = 40  # content sentences of each source considered (document order)
EXTRA_MAX_SENTENCES = 2000  # content sentences considered in all


def _figures(text: str, lang: str) -> frozenset[float]:
    """The numbers a sentence gives (digits and number words), years aside: what makes two
    differently worded sentences worth comparing."""
    return frozenset(v for t, v in numbers_in(text, lang) if not (t.isdigit() and len(t) == 4 and 1800 <= v <= 2100))


def extra_corroborated(docs: list[Document], points: list[KeyPoint], limit: int) -> list[KeyPoint]:
    """Up to ``limit`` further key points, each stated by 2+ independent sources of ``docs``, none
    repeating a passage or the fact of ``points`` (or of each other); ``[]`` when ``limit`` is 0 or
    fewer than two independent sources have content sentences."""
    from summarizer.story.compare import states_same, story_weights  # story imports engines
    from summarizer.story.quantities import guess_language

    if limit <= 0:
        return []
    independent = set(independent_ids(docs))
    cited = {(c.source_id, c.start) for p in points for c in p.citations}
    backed = {(c.source_id, c.start) for p in points if p.corroboration >= 2 for c in p.citations}
    langs = {d.id: guess_language(d.text[:4000]) for d in docs}
    sents: list[Sentence] = []
    for d in docs:
        if d.id in independent:
            picked = [s for s in d.sentences if is_content(s, d.language) and (s.source_id, s.start) not in backed
                      and not is_instruction(s.text)]  # text addressed to a model is never a point
            sents.extend(picked[:EXTRA_PER_SOURCE])
    sents = sents[:EXTRA_MAX_SENTENCES]
    used = np.array([(s.source_id, s.start) in cited for s in sents], dtype=bool)  # support only, never the text
    if len({s.source_id for s in sents}) < 2 or used.all():
        return []
    weights = story_weights([d.text for d in docs if d.id in independent])
    owner = np.array([s.source_id for s in sents])
    vecs = get_embedder("tfidf").encode([s.text for s in sents])
    sims = vecs @ vecs.T
    figures = [_figures(s.text, langs[s.source_id]) for s in sents]
    by_figure: dict[float, list[int]] = {}
    for n, f in enumerate(figures):
        for v in f:
            by_figure.setdefault(v, []).append(n)
    candidate = sims >= EXTRA_MIN_SIM
    for members in by_figure.values():
        if len(members) < len(sents) // 4 + 2:  # a number most sentences give names no one fact
            candidate[np.ix_(members, members)] = True
    candidate[owner[:, None] == owner[None, :]] = False
    candidate[np.tril_indices(len(sents))] = False
    candidate[np.ix_(used, used)] = False  # the text of a further point is a passage no point cites
    i_idx, j_idx = np.nonzero(candidate)
    order = np.argsort(-sims[i_idx, j_idx], kind="stable")
    checks = 0

    def says(a: Sentence, b: Sentence) -> bool:
        nonlocal checks
        checks += 1
        return states_same(a.text, b.text, langs[a.source_id], weights)

    def _states(point_text: str, passage: str) -> bool:
        nonlocal checks
        checks += 1
        return states_same(point_text, passage, None, weights)

    taken: set[int] = set()
    shown = [p.text for p in points if p.corroboration >= 2]  # a single-source point's fact, corroborated, is news
    out: list[KeyPoint] = []
    for k in order:
        if len(out) >= limit or checks >= EXTRA_CHECKS:
            break
        a, b = int(i_idx[k]), int(j_idx[k])
        if a in taken or b in taken:
            continue
        point = a if not used[a] and says(sents[a], sents[b]) else \
            b if not used[b] and says(sents[b], sents[a]) else None
        if point is None:
            continue
        other = b if point == a else a
        if any(_states(t, sents[point].text) for t in shown):
            taken.update((a, b))  # a fact already shown
            continue
        members = [point, other]
        have = {sents[point].source_id, sents[other].source_id}
        near = vecs @ vecs[point]
        for c in np.argsort(-near, kind="stable"):
            c = int(c)
            if checks >= EXTRA_CHECKS:
                break
            if c in taken or sents[c].source_id in have or (near[c] < EXTRA_MIN_SIM and not figures[c] & figures[point]):
                continue
            if says(sents[point], sents[c]):
                members.append(c)
                have.add(sents[c].source_id)
        taken.update(members)
        shown.append(sents[point].text)
        citations = [cite(sents[m]) for m in members]
        sources = [d.id for d in docs if d.id in have]
        out.append(KeyPoint(text=sents[point].text, citations=citations, sources=sources,
                            corroboration=len(sources), single_source=False, beyond_budget=True))
    return out
