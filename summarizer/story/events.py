"""Event grouping: which documents report the same story.

Two documents are scored on three kinds of evidence:

- content: TF-IDF cosine of their whole texts (unigrams and bigrams);
- named entities: Jaccard overlap of capitalized phrases (``entities.py``),
  with joined spellings ('Spider web' = 'Spiderweb');
- shared figures: the same number with the same measure ("117 drones" in
  both) is strong evidence of one event.

Publication dates gate the result: two documents whose known dates lie more
than ``MAX_DAYS_APART`` apart are never put in one story, and dates within a
week add a little. Documents are then merged by average linkage while the
average score stays at or above ``THRESHOLD``; copies (``duplicate_of``)
always follow their original. Inside a group, a document that shares no
figure with members that do share figures, and is only weakly similar to
them, is split off (``_split_outliers``): the same topic, another event.
The bias is towards keeping documents together, since a wrong split drops a
source from the key points while a wrong merge only adds one. The story most independent sources cover is
the main one; another story is 'background' when all its dates precede the
main story's, else 'separate'. docs/story.md has the numbers behind the weights.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from summarizer.independence import copies_each_other, is_independent
from summarizer.models import Document, Story
from summarizer.story.entities import named_entities
from summarizer.story.quantities import extract_quantities
from summarizer.story.timeline import reference_date

THRESHOLD = 0.06  # average score below which two groups are unrelated events
OUTLIER = 0.12  # a document sharing no figure with a figure-linked core, and scoring below this, is split off
MAX_DAYS_APART = 45
W_CONTENT, W_ENTITY, W_FIGURE, W_NEAR_DATES = 0.5, 0.5, 0.15, 0.03


@dataclass
class _Profile:
    doc: Document
    entities: set[str]
    figures: set[tuple[float, str]]
    when: date | None


def _profile(doc: Document) -> _Profile:
    ents = set(named_entities(doc.text))
    # 'Spider web' in one report, 'Spiderweb' in another: a two-word entity also counts joined when the
    # joined form occurs as a word, and a one-word entity counts when the text also spells it as two words
    joined: set[str] = set()
    for e in ents:
        parts = e.split()
        joined.update(parts[i] + parts[i + 1] for i in range(len(parts) - 1))
    tokens = re.findall(r"[A-Za-z]+", doc.text)
    words = {w.lower() for w in tokens if len(w) >= 3}
    spaced = {(a + b).lower() for a, b in zip(tokens, tokens[1:], strict=False)}
    ents |= {j for j in joined if j in words} | {w for w in ents if w in spaced}
    figures = {
        (q.value, q.measure.partition(":")[0])
        for s in doc.sentences or []
        for q in extract_quantities(s.text)
        if q.value >= 10
    }
    return _Profile(doc, ents, figures, reference_date(doc))


def _split_outliers(cluster: list[int], score: np.ndarray, shared: np.ndarray) -> list[list[int]]:
    """Split off members of a cluster that share no figure with its figure-linked core.

    Reports of one event repeat its figures ("117 drones"); a report of an
    earlier, similar event (same places, same leaders) does not. When two or
    more members share a figure, a member that shares none with them and
    scores below ``OUTLIER`` on average against them becomes its own story.
    """
    core = [i for i in cluster if any(shared[i, j] for j in cluster if j != i)]
    if len(core) < 2 or len(core) == len(cluster):
        return [cluster]
    keep, out = list(core), []
    for i in cluster:
        if i in core:
            continue
        if float(score[i, core].mean()) < OUTLIER:
            out.append([i])
        else:
            keep.append(i)
    return [sorted(keep), *out]


_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")


def _content_text(text: str) -> str:
    """Text for the TF-IDF comparison: runs of Chinese/Japanese/Korean characters become
    character bigrams ("大坝溃决" -> "大坝 坝溃 溃决"), since those scripts put no spaces
    between words; other text is unchanged."""
    def bigrams(m: re.Match[str]) -> str:
        run = m.group()
        return " " + " ".join(run[k : k + 2] for k in range(max(1, len(run) - 1))) + " "

    return _CJK_RUN.sub(bigrams, text)


def _scores(
    docs: Sequence[Document], threshold: float = THRESHOLD, content: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(docs)
    profiles = [_profile(d) for d in docs]
    if content is None:  # else given: cosines over the whole feed (feed scale, see _clusters)
        try:
            tf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english").fit_transform(
                [_content_text(d.text) for d in docs]
            )
            content = (tf @ tf.T).toarray()
        except ValueError:  # only stop words
            content = np.eye(n)
    score = np.eye(n)
    allowed = np.ones((n, n), dtype=bool)
    shared = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = profiles[i], profiles[j]
            union = a.entities | b.entities
            entity = len(a.entities & b.entities) / len(union) if union else 0.0
            figures = min(len(a.figures & b.figures), 2)
            shared[i, j] = shared[j, i] = figures > 0
            s = W_CONTENT * content[i, j] + W_ENTITY * entity + W_FIGURE * figures
            if a.when and b.when:
                gap = abs((a.when - b.when).days)
                allowed[i, j] = allowed[j, i] = gap <= MAX_DAYS_APART
                # near dates tip a related pair over the line, but never relate two unrelated
                # articles of one day (a feed's robotics story next to its cyberattack story)
                if gap <= 7 and s >= threshold:
                    s += W_NEAR_DATES
            copies = copies_each_other(a.doc, b.doc)
            score[i, j] = score[j, i] = 1.0 if copies else s
            if copies:
                allowed[i, j] = allowed[j, i] = True
                shared[i, j] = shared[j, i] = True
    return score, allowed, shared


def _cluster(score: np.ndarray, allowed: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage merging under cannot-link constraints, best pair first.

    Cluster-to-cluster score sums and cannot-link counts are kept in matrices
    and updated in place on each merge, so a merge costs O(n) updates plus
    one O(n^2) vectorized argmax: about a second for 1,000 documents.
    """
    n = len(score)
    sums = score.astype(np.float64, copy=True)
    blocked = (~allowed).astype(np.int32)
    sizes = np.ones(n)
    members: list[list[int]] = [[i] for i in range(n)]
    avg = np.where(blocked == 0, sums, -np.inf)
    np.fill_diagonal(avg, -np.inf)
    while n > 1:
        flat = int(np.argmax(avg))
        x, y = divmod(flat, n)
        if avg[x, y] < threshold:
            break
        x, y = min(x, y), max(x, y)
        sums[x] += sums[y]
        sums[:, x] = sums[x]
        blocked[x] += blocked[y]
        blocked[:, x] = blocked[x]
        sizes[x] += sizes[y]
        members[x] += members[y]
        members[y] = []
        row = np.where(blocked[x] == 0, sums[x] / (sizes[x] * sizes), -np.inf)
        row[[x, y]] = -np.inf
        row[[not m for m in members]] = -np.inf
        avg[x], avg[:, x] = row, row
        avg[y], avg[:, y] = -np.inf, -np.inf
    return [sorted(m) for m in members if m]


EXACT_MAX = 200
"""Up to this many documents every pair is scored; beyond, only pairs inside candidate blocks (candidates.py)."""


def _clusters(docs: Sequence[Document], threshold: float, exact_max: int = EXACT_MAX) -> list[list[int]]:
    """Clusters of document indexes: the exact rules on all pairs, or block by block at feed scale.

    Past ``exact_max`` documents, ``candidates.blocks`` cuts the documents into
    blocks (MinHash LSH candidate pairs within MAX_DAYS_APART, linked by
    content cosine) and the same scores, clustering and outlier split run
    inside each block, with content cosines over the whole feed.
    """
    if len(docs) <= exact_max:
        score, allowed, shared = _scores(docs, threshold)
        return [part for c in _cluster(score, allowed, threshold) for part in _split_outliers(c, score, shared)]
    from summarizer.story.candidates import blocks

    groups, tf = blocks(docs, [_content_text(d.text) for d in docs], [reference_date(d) for d in docs],
                        MAX_DAYS_APART)
    out: list[list[int]] = []
    for block in groups:
        if len(block) == 1:
            out.append(block)
            continue
        sub = tf[block]
        score, allowed, shared = _scores([docs[i] for i in block], threshold, (sub @ sub.T).toarray())
        for c in _cluster(score, allowed, threshold):
            out.extend([block[k] for k in part] for part in _split_outliers(c, score, shared))
    return out


def group_documents(
    docs: Sequence[Document], threshold: float = THRESHOLD, split: bool = True
) -> tuple[list[Document], list[Story]]:
    """Group ``docs`` into stories; returns the documents with ``story_id`` set, and the stories.

    Stories are numbered main first (most independent sources, then most
    recent, then input order); each lists its documents in input order.
    With ``split=False`` every document is put in one story (the user says
    the inputs are about one event).
    """
    docs = list(docs)
    if not docs:
        return [], []
    clusters = [list(range(len(docs)))] if len(docs) == 1 or not split else _clusters(docs, threshold)
    dates = [reference_date(d) for d in docs]

    def rank(c: list[int]) -> tuple[int, int, int]:
        independent = sum(1 for i in c if is_independent(docs[i]))
        latest = max((d.toordinal() for i in c if (d := dates[i])), default=0)
        return (-independent, -latest, min(c))

    clusters.sort(key=rank)
    stories: list[Story] = []
    out = list(docs)
    for n, c in enumerate(clusters, 1):
        sid = f"story{n}"
        known = sorted(d for i in c if (d := dates[i]) is not None)
        for i in c:
            out[i] = docs[i].model_copy(update={"story_id": sid})
        lead = next((docs[i] for i in c if is_independent(docs[i])), docs[c[0]])
        stories.append(Story(
            id=sid, title=lead.title, document_ids=[docs[i].id for i in c],
            start=known[0] if known else None, end=known[-1] if known else None,
            role="main" if n == 1 else "separate",
        ))
    main = stories[0]
    for s in stories[1:]:
        if s.end and main.start and (main.start - s.end).days > MAX_DAYS_APART:
            s.role = "background"
        when = f"{s.start}" if s.start == s.end else f"{s.start} to {s.end}"
        s.note = (
            f"A different event{' (earlier: background)' if s.role == 'background' else ''}"
            f"{', dated ' + when if s.start else ''}; reported separately, never merged into "
            f"{main.id}'s key points."
        )
    return out, stories
