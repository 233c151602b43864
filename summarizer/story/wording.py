"""The words the same-fact judge compares (``story.compare``): content terms, one spelling for British
and American words, numbers in digits, story weights, and the word families with opposite meanings.

Terms are lower-cased, lightly stemmed words minus English stop words (``content_terms``, the same
as the verifier's ``verify.support.content_terms``); ``fact_terms`` also writes numbers in digits
("Twelve" and "12" are one term), spells British words the American way ("centres"/"centers") and
drops a final "e" ("waive"/"waived"). ``story_weights`` weighs them by how specific they are to one
story: log((N + 1) / df) over its N documents.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat

TERM = re.compile(r"[^\W_]+", re.UNICODE)
STOP = frozenset(
    ["a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "he", "she", "they", "them", "his", "her", "their", "we", "our", "you", "your", "i", "not", "no", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "should", "may", "might", "said", "says", "say", "also", "than", "then", "there", "here", "which", "who", "whom", "whose", "what", "when", "where", "while", "into", "over", "after", "before", "about", "up", "out", "more", "most", "such", "so", "if"]
)


def content_terms(text: str) -> list[str]:
    """Lower-cased, lightly stemmed words minus stop words: the same terms as the verifier's
    ``verify.support.content_terms``, kept here because the story stage runs before the verifier
    and may not import it (tests/test_architecture.py)."""
    return list(filter(None, map(_content_word, map(str.lower, TERM.findall(text)))))


@lru_cache(maxsize=131072)
def _content_word(w: str) -> str | None:
    """One lower-case word as ``content_terms`` keeps it: None for a stop word, else lightly stemmed."""
    if w in STOP:
        return None
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


_SPELLING = (  # British -> American spelling, whole words (applied before stemming; both sides alike)
    (re.compile(r"^(\w{3,})tre(s|d)?$"), r"\1ter\2"),  # centre, theatre, fibre (not 'entre', 'metre': units)
    (re.compile(r"^(\w{3,})our(s|ed|ing|ite|ites|able)?$"), r"\1or\2"),  # harbour, neighbour, labour, favourite
    (re.compile(r"^(\w{4,})is(e|es|ed|ing|ation|ations)$"), r"\1iz\2"),  # organise(d), mobilisation
    (re.compile(r"^(def|off|lic)ence(s)?$"), r"\1ense\2"),  # defence, offence, licence
    (re.compile(r"^programme(s|d)?$"), r"program\1"),
)


@lru_cache(maxsize=65536)
def spelled(word: str) -> str:
    """One spelling for words British and American English spell differently: 'centres' -> 'centers',
    'harbour' -> 'harbor', 'organised' -> 'organized', 'defence' -> 'defense' (lower case in and out)."""
    for pattern, repl in _SPELLING:
        if pattern.match(word):
            return pattern.sub(repl, word)
    return word


def fact_terms(text: str, lang: str | None = None) -> list[str]:
    """``content_terms`` of ``text`` with its numbers in digits ("Twelve" and "12" are one term; see
    ``quantities.with_numerals``) and one spelling for British and American words ("centres"/"centers"):
    the terms the same-fact judge compares, so a fact worded with other number forms or spellings is
    still recognised."""
    from summarizer.story.quantities import with_numerals

    return list(filter(None, map(fact_word, map(str.lower, TERM.findall(with_numerals(text, lang))))))


@lru_cache(maxsize=131072)
def fact_word(word: str) -> str | None:
    """One lower-case word as a judge's term: None for a stop word, else spelled one way, lightly
    stemmed as ``content_terms`` does, and without a final "e" ("waive" meets "waived": "waiv")."""
    if word in STOP:
        return None
    w = spelled(word)
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w[:-1] if len(w) > 4 and w.endswith("e") else w


# word families with opposite meanings (terms as ``fact_terms`` gives them: lower case, lightly stemmed)
OPPOSITES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(a), re.compile(b)) for a, b in (
        (r"(?:re)?open(?:ed|ing|s)?|(?:re)?abri(?:ó|eron|rá|rán)|(?:re)?abiert[oa]s?|(?:wieder)?(?:ge)?öffn\w*|eröffn\w*",
         r"clos(?:e|ure|ur)?|shut|shutting|cerr(?:ó|aron|ad[oa]s?|ará|arán)|schlie\w*|geschlossen"),
        (r"start(?:ed|ing|s)?|begin\w*|began|begun|comenz(?:ó|aron)|empez(?:ó|aron)|inici(?:ó|aron)|begann|beginn\w*",
         r"end|ended|ending|finish(?:ed|es|ing)?|termin(?:ó|aron)|acab(?:ó|aron)|endet\w*|beendet"),
        (r"rose|rise|ris|risen|rising|increas\w*|climb\w*|grew|grow\w*|subi(?:ó|eron)|aument\w*|stieg|steig\w*|gestiegen",
         r"fell|fall\w*|fallen|decreas\w*|drop\w*|baj(?:ó|aron)|disminu\w*|sank|sink\w*|gesunken"),
        (r"accept\w*|approv\w*|acept\w*|aprob\w*|angenommen|billigt\w*", r"reject\w*|refus\w*|rechaz\w*|abgelehnt|lehnt\w*"),
        (r"resum(?:e|ed|es|ing)?|reanud\w*|wiederaufgenommen", r"suspend\w*|halt(?:ed|ing|s)?|paus\w*|suspen\w*|ausgesetzt"),
        (r"lift(?:ed|ing|s)?|levant(?:ó|aron)|aufgehoben", r"impos|impose|impus(?:o|ieron)|verhängt"),
        (r"allow(?:ed|ing|s)?|permitted|permitting|erlaubt\w*", r"ban|banned|banning|prohibit\w*|forb\w*|prohib\w*|verbot\w*"),
        (r"won|win|winning|gan(?:ó|aron)|gewonnen", r"lost|lose|losing|perdi(?:ó|eron)|verloren"),
    ))


ANY_OPPOSITE = re.compile("|".join(f"(?:{p.pattern})" for pair in OPPOSITES for p in pair))
COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


@lru_cache(maxsize=256)
def _document_terms(text: str) -> frozenset[str]:
    """A document's distinct terms as ``fact_terms`` gives them, numbers read word by word ("Twelve"
    -> "12"; a whole document is not parsed for figures), each document read once (the engine, the
    further points and the claim matrix each weigh one story's documents)."""
    from summarizer.story.quantities import guess_language

    lang = guess_language(text[:4000])
    return frozenset(filter(None, map(_document_word, map(str.lower, set(TERM.findall(text))), repeat(lang))))


@lru_cache(maxsize=131072)
def _document_word(word: str, lang: str) -> str | None:
    """``fact_word`` of a lower-case word with a number word in digits (one cached step per word)."""
    return fact_word(_numeral(word, lang))


@lru_cache(maxsize=65536)
def _numeral(term: str, lang: str) -> str:
    """A number word as digits ("twelve" -> "12"), any other term as it is."""
    from summarizer.story.quantities import _MAYBE_NUMBER, parse_number

    if not term.isalpha() or not _MAYBE_NUMBER.match(term):
        return term
    value = parse_number(term, lang)
    return term if value is None else str(int(value)) if float(value).is_integer() else str(value)


def story_weights(texts: Sequence[str]) -> dict[str, float]:
    """Weight of each content term in one story: log((N + 1) / df) over its N documents, so the
    story's core vocabulary (in every report) weighs little and a specific detail much."""
    df: Counter[str] = Counter()
    for t in texts:
        df.update(_document_terms(t))  # counted in C, in the same first-seen order
    n = len(texts)
    return {t: math.log((n + 1) / k) for t, k in df.items()}


# Spanish and German function words: never the word two sentences share besides a figure ("la", "de")
FUNCTION_ES_DE = frozenset({
    "el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "de", "del", "al", "en", "y", "o", "u", "que",
    "se", "su", "sus", "por", "para", "con", "sin", "sobre", "entre", "como", "más", "ya", "este", "esta",
    "estos", "estas", "ese", "esa", "eso", "le", "les", "ha", "han", "había", "habían", "fue", "fueron", "ser",
    "es", "son", "era", "está", "están", "según", "desde", "hasta", "cuando", "donde", "también", "pero", "si",
    "no", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "und",
    "oder", "zu", "im", "am", "an", "auf", "aus", "bei", "mit", "nach", "von", "vor", "für", "über", "um",
    "durch", "sich", "ist", "sind", "war", "waren", "wird", "werden", "wurde", "wurden", "hat", "haben",
    "hatte", "sei", "auch", "noch", "nur", "wie", "als", "wenn", "dass", "aber", "nicht", "er", "sie",
    "wir"
})
