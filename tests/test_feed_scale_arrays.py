"""Feed-scale candidate generators kept as numpy arrays give exactly the pairs of the object versions.

The driver's memory at feed scale was in Python objects (datasketch's LSH index, sets of pair
tuples, per-text 3-gram sets); the array versions must propose the same pairs, so copies and
stories do not change. Each is checked against a plain reference implementation.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, timedelta

import numpy as np

from benchmarks.feed import feed
from summarizer.ingest import dedupe, ingest_texts
from summarizer.settings import Settings
from summarizer.story import candidates


def _texts(n: int, seed: int) -> list[str]:
    data = "".join(json.dumps(r) + "\n" for r in feed(n, words=150, seed=seed)).encode()
    return [d.text for d in ingest_texts([("f.jsonl", data)], Settings(max_file_bytes=10**9)).documents]


def _datasketch_lsh_pairs(x: object) -> set[tuple[int, int]]:
    """The former implementation: datasketch.MinHashLSH buckets, each member with the earlier ones."""
    from datasketch import MinHash, MinHashLSH

    base = MinHash(num_perm=dedupe.LSH_PERM, seed=1, hashfunc=int)
    lsh = MinHashLSH(num_perm=dedupe.LSH_PERM, params=(dedupe.LSH_BANDS, dedupe.LSH_ROWS))
    for r in range(x.shape[0]):  # type: ignore[attr-defined]
        cols = x.indices[x.indptr[r] : x.indptr[r + 1]]  # type: ignore[attr-defined]
        if cols.size:
            m = MinHash(num_perm=dedupe.LSH_PERM, permutations=base.permutations, hashfunc=int, scheme=base.scheme)
            m.update_batch(cols.tolist())
            lsh.insert(r, m, check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    for table in lsh.hashtables:
        for key in table.keys():  # noqa: SIM118 (datasketch storage, not a dict)
            members = sorted(table.get(key))
            for b in range(1, len(members)):
                for a in members[: min(b, dedupe.LSH_BUCKET_CAP)]:
                    pairs.add((a, members[b]))
    return pairs


def test_numpy_lsh_bands_give_datasketch_lsh_pairs() -> None:
    texts = _texts(260, seed=4)
    x = dedupe.shingle_matrix(texts)
    i, j = dedupe.lsh_candidate_pairs(x)
    assert len(i) > 50
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == _datasketch_lsh_pairs(x)
    assert (np.diff(i * len(texts) + j) > 0).all()  # sorted, no repeats


def test_lsh_bucket_cap_pairs_each_member_with_the_first_ones_only(monkeypatch: object) -> None:
    texts = ["alpha beta gamma delta epsilon zeta eta"] * 9 + ["one two three four five six seven"]
    monkeypatch.setattr(dedupe, "LSH_BUCKET_CAP", 3)  # type: ignore[attr-defined]
    i, j = dedupe.lsh_candidate_pairs(dedupe.shingle_matrix(texts))
    want = {(a, b) for b in range(1, 9) for a in range(min(b, 3))}
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == want


def test_sentence_candidates_equal_a_dictionary_index() -> None:
    texts = _texts(220, seed=6)
    texts += [texts[3] + " Extra words here to make it longer than before today.", texts[3]]
    index: dict[bytes, list[int]] = {}
    for r, text in enumerate(texts):
        keys = set()
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            words = re.findall(r"\w+", sentence.lower())
            if len(words) >= dedupe.SENTENCE_CANDIDATE_MIN_WORDS:
                keys.add(hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest())
        for key in keys:
            index.setdefault(key, []).append(r)
    count: dict[tuple[int, int], int] = {}
    for rows in index.values():
        if 2 <= len(rows) <= dedupe.SENTENCE_CANDIDATE_CAP:
            for a in range(len(rows)):
                for b in range(a + 1, len(rows)):
                    count[(rows[a], rows[b])] = count.get((rows[a], rows[b]), 0) + 1
    want = {p for p, c in count.items() if c >= dedupe.SENTENCE_CANDIDATE_SHARED}
    assert len(want) > 10
    assert dedupe.sentence_candidate_pairs(texts) == want


def _reference_story_pairs(tf: object, dates: list[date | None], max_days: int,
                           linked: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The former implementation: postings lists and a set of pair tuples."""
    n = tf.shape[0]  # type: ignore[attr-defined]
    copies = {a for a, _ in linked}
    rows = [r for r in range(n) if r not in copies]
    shared = np.bincount(tf[rows].indices, minlength=tf.shape[1]) >= 2  # type: ignore[index,attr-defined]
    postings: dict[int, list[int]] = {}
    for r in range(n):
        lo, hi = tf.indptr[r], tf.indptr[r + 1]  # type: ignore[attr-defined]
        for term in candidates._key_terms(tf.indices[lo:hi], tf.data[lo:hi], shared):  # type: ignore[attr-defined]
            postings.setdefault(term, []).append(r)
    order = {r: ((d.toordinal() if (d := dates[r]) else 0), r) for r in range(n)}
    pairs = {(min(a, b), max(a, b)) for a, b in linked if a != b}
    for members in postings.values():
        members.sort(key=order.__getitem__)
        for pos, a in enumerate(members):
            for b in members[pos + 1 : pos + 1 + candidates.NEIGHBOURS]:
                da, db = dates[a], dates[b]
                if da and db and abs((da - db).days) > max_days:
                    break
                pairs.add((min(a, b), max(a, b)))
    return pairs


def test_story_candidate_pairs_equal_the_postings_walk() -> None:
    texts = _texts(300, seed=8)
    tf = candidates.content_vectors(texts)
    rng = np.random.default_rng(2)
    start = date(2026, 1, 1)
    dates: list[date | None] = [None if rng.random() < 0.1 else start + timedelta(days=int(rng.integers(0, 200)))
                                for _ in texts]
    linked = [(k, k - 1) for k in range(5, 300, 37)]
    i, j = candidates.candidate_pairs(tf, dates, 45, linked)
    assert len(i) > 100
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == _reference_story_pairs(tf, dates, 45, linked)
    cos = candidates.pair_cosines(tf, i, j, chunk=7)
    assert np.allclose(cos, np.asarray(tf[i].multiply(tf[j]).sum(axis=1)).ravel())
