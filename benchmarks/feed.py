"""A generated news feed for batch tests and benchmarks: stories of 2-10 articles, copies, unrelated singles.

Built offline from the content sentences of examples/articles (``synthetic.sentence_pool``). Each
story renames every proper noun with its own invented names, has its own three invented key
sentences (its event: who, where, how many) and a date; each article of the story draws its own mix
of pool sentences (``words`` words), nudges the numbers and is dated within two days of the story.
About one article in eight is a wire copy of an earlier article of its story (a new intro line, an
outlet footer); about one in ten is a single on its own topic. Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from benchmarks.synthetic import _NAME, _NUMBER, sentence_pool

_SYL = ["ka", "lo", "ver", "mon", "dri", "sa", "tel", "ori", "bast", "qui", "ne", "rho", "fal", "wen", "zu", "pex"]


def _word(rng: random.Random, cap: bool = True) -> str:
    w = "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 4)))
    return w.capitalize() if cap else w


def _story(rng: random.Random, names: list[str]) -> tuple[dict[str, str], list[str], date]:
    mapping = {n: _word(rng) for n in names}
    who, where, what = _word(rng), _word(rng), _word(rng, cap=False)
    n = rng.randint(12, 900)
    keys = [
        f"{who} said {n} people were affected by the {what} in {where} on Tuesday.",
        f"Officials in {where} confirmed the {what} began near the {_word(rng)} district.",
        f"The {what} response in {where} was led by {who} and {_word(rng)} {_word(rng)}.",
    ]
    return mapping, keys, date(2026, 1, 1) + timedelta(days=rng.randint(0, 330))


_LONG = re.compile(r"\b[a-z]{6,}\b")


def _body(rng: random.Random, pool: tuple[str, ...], mapping: dict[str, str], keys: list[str], words: int) -> str:
    body = list(keys)
    count = sum(len(k.split()) for k in keys)
    while count < words:
        s = rng.choice(pool)
        s = _NAME.sub(lambda m: mapping.get(m.group(), m.group()) if m.start() else m.group(), s)
        # the story's own vocabulary: its long common words renamed too, so stories differ in content
        s = _LONG.sub(lambda m: mapping.setdefault(m.group(), _word(random.Random(f"{keys[0]}{len(mapping)}"), False)), s)
        s = _NUMBER.sub(lambda m: str(max(1, int(m.group()) + rng.randint(-3, 3))), s)
        body.append(s)
        count += len(s.split())
    rng.shuffle(body)
    return "\n\n".join(" ".join(body[k : k + 3]) for k in range(0, len(body), 3))


def feed(n: int, words: int = 400, seed: int = 0) -> Iterator[dict[str, str]]:
    """``n`` articles as JSON records (title, source, date, text), stories of 2-10 with copies and singles."""
    pool = sentence_pool()
    names = sorted({m for s in pool for m in _NAME.findall(s)})
    rng = random.Random(seed)
    made = 0
    while made < n:
        mapping, keys, day = _story(rng, names)
        size = 1 if rng.random() < 0.1 else rng.randint(2, 10)
        written: list[str] = []
        for _ in range(min(size, n - made)):
            when = day + timedelta(days=rng.randint(0, 2))
            outlet = f"Outlet {rng.randint(1, 40)}"
            if written and rng.random() < 0.125:
                text = f"{outlet} reports from the scene.\n\n{rng.choice(written)}\n\nCopyright {outlet}."
            else:
                text = _body(rng, pool, mapping, keys, words)
                written.append(text)
            title = f"{mapping[names[0]]} {keys[0].split()[-3]} report {made + 1}"
            yield {"title": title, "source": outlet, "date": when.isoformat(), "text": text}
            made += 1


def write_jsonl(path: Path, n: int, words: int = 400, seed: int = 0) -> Path:
    """Write ``feed(n, words, seed)`` to ``path`` as JSON lines; returns ``path``."""
    with path.open("w", encoding="utf-8") as f:
        for rec in feed(n, words, seed):
            f.write(json.dumps(rec) + "\n")
    return path


def story_of(title: str) -> str:
    """The generator's story key of an article title (for checking grouping)."""
    return re.sub(r" report \d+$", "", title)
