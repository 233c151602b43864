"""Content checks of one statement against the passages it cites (no model; lexical and structural).

Each check returns the reason it fails, or nothing:

- ``missing_names``: every atomic part of the sentence (``atoms``) must find its
  salient terms (names, numbers written in digits) in the cited passages. On
  WiCE this one rule separates supported claims from partially or not
  supported ones better than word overlap (docs/eval.md).
- ``predicate_coverage``: at least half of what the sentence says about
  those names (its other content words) must be in the passages too.
- ``negation_mismatch``: the sentence and the passage that backs it disagree
  on polarity ("was not affected" vs "went down"; "denied that" vs a plain
  statement).
- ``role_swap`` and ``is_instruction`` (from ``summarizer.textrules``, shared
  with the story stage): actor and target swapped against the passage; a
  passage that reads as an instruction to a model is never evidence.
- ``is_meta_comment``: a sentence about the summary itself ("The existing
  summary is already comprehensive"), not about the story.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from summarizer.textrules import is_instruction, role_swap, same_name
from summarizer.verify.support import STOP, content_terms

__all__ = ["atoms", "content_flags", "is_instruction", "is_meta_comment", "missing_names", "negation_mismatch",
           "predicate_coverage", "role_swap", "salient_terms", "same_name"]

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_ATOM_SPLIT = re.compile(
    r"\s*(?:[;:()\[\]]|,\s*(?:and|but|while|which|who|where|when|whose)\b|,|\s[–—]\s|\s-\s|"
    r"\bwhile\b|\bwhich\b|\bwho\b|\bwhere\b|\band\b|\bbut\b|\bas well as\b)\s*",
    re.IGNORECASE,
)
_MONTH_ABBR = {m[:3]: m for m in ("january", "february", "march", "april", "may", "june", "july", "august",
                                  "september", "october", "november", "december")} | {"sept": "september"}


def atoms(sentence: str, min_terms: int = 3) -> list[str]:
    """The sentence cut at clause boundaries into parts of at least ``min_terms`` content words."""
    out: list[str] = []
    buf = ""
    for part in _ATOM_SPLIT.split(sentence):
        if not part or not part.strip():
            continue
        buf = f"{buf} {part.strip()}".strip()
        if len(content_terms(buf)) >= min_terms:
            out.append(buf)
            buf = ""
    if buf:
        if out:
            out[-1] += " " + buf
        else:
            out.append(buf)
    return out or [sentence]


def _norm(word: str) -> str:
    w = re.sub(r"['’]s$", "", word.lower())
    return _MONTH_ABBR.get(w, w)


def salient_terms(sentence: str) -> list[str]:
    """Numbers in digits and capitalized words (not the sentence's first word, not stop words, not an
    all-capitals abbreviation in parentheses that spells out the words before it)."""
    nums = [n.replace(",", "") for n in _NUMBER.findall(sentence)]
    caps: list[str] = []
    for m in _TOKEN.finditer(sentence):
        w = m.group()
        if m.start() == 0 or not w[0].isupper() or w.lower() in STOP:
            continue
        before = sentence[: m.start()].rstrip()
        if not before or before[-1] in ".!?\"“:;":  # first word of a sentence or a quotation
            continue
        if w.isupper() and before.endswith("("):
            continue
        caps.append(_norm(w))
    return nums + caps


def missing_names(sentence: str, passages: Sequence[str], numbers: bool = True) -> list[str]:
    """Salient terms of ``sentence`` that occur in none of the passages (numbers without commas;
    a name also counts as found inside a longer word, 'Crunch' in 'TechCrunch'; month names match
    their abbreviations)."""
    text = " ".join(passages)
    low = text.lower()
    have_nums = {n.replace(",", "") for n in _NUMBER.findall(text)}
    have_words = {_norm(w) for w in _TOKEN.findall(text)}
    long_words = [w for w in have_words if len(w) >= 4]
    missing: list[str] = []
    for t in salient_terms(sentence):
        if t[0].isdigit() and not numbers:
            continue
        if t[0].isdigit():
            if t not in have_nums:
                missing.append(t)
        elif (t not in have_words and not (len(t) >= 5 and t in low)
              and not any(same_name(t, w) for w in long_words)):  # 'Kessarian' against 'Kessaria'
            missing.append(t)
    return list(dict.fromkeys(missing))


# --- polarity -------------------------------------------------------------------------------------

_NEGATORS = re.compile(
    r"\b(?:not|no|never|none|neither|nor|without|cannot|can't|won't|didn't|doesn't|don't|isn't|aren't|"
    r"wasn't|weren't|hasn't|haven't|hadn't|denied|denies|deny|denying|refuted|rejected\s+claims|"
    r"no\s+longer|nunca|negó|niega|nicht|kein|keine|keinen|nie|bestritt|dementierte)\b|n't\b",
    re.IGNORECASE,
)


_CLAUSE_END = re.compile(r"[,;:.!?\"“”()—]")


def _negation_scopes(text: str) -> tuple[set[str], set[str]]:
    """(content terms under a negation, content terms outside any): a negator covers the next three
    content words of its clause ('denied that the depot had caught fire' covers depot, caught, fire)."""
    negated: set[str] = set()
    plain: set[str] = set()
    for clause in _CLAUSE_END.split(text):
        stops = [m.end() for m in _NEGATORS.finditer(clause)]
        words = [(m.start(), m.group()) for m in re.finditer(r"[^\W_]+", clause)]
        for at, w in words:
            if w.lower() in STOP or _NEGATORS.fullmatch(w):
                continue
            term = content_terms(w)
            if not term:
                continue
            covered = False
            for end in stops:
                if at >= end:
                    between = [x for a, x in words if end <= a < at and x.lower() not in STOP]
                    covered = covered or len(between) < 3
            (negated if covered else plain).add(term[0])
    return negated, plain


def _best_passage(sentence: str, passages: Sequence[str]) -> str | None:
    terms = set(content_terms(sentence))
    if not terms or not passages:
        return None
    scored = [(len(terms & set(content_terms(p))) / len(terms), p) for p in passages]
    share, best = max(scored, key=lambda x: x[0])
    return best if share >= 0.5 else None


def negation_mismatch(sentence: str, passages: Sequence[str]) -> bool:
    """True when the passage that shares most of the sentence's words negates a word the sentence
    states plainly, or states plainly a word the sentence negates ('denied that the depot had
    caught fire' does not back 'The depot caught fire')."""
    best = _best_passage(sentence, passages)
    if best is None:
        return False
    s_neg, s_plain = _negation_scopes(sentence)
    p_neg, p_plain = _negation_scopes(best)
    return bool((s_neg & (p_plain - p_neg)) or (p_neg & (s_plain - s_neg)))


# --- instructions and meta-comments ------------------------------------------------------------------

_META = re.compile(
    r"\b(?:the|this|my|our|an?|existing|previous|above|current)\s+(?:existing\s+|previous\s+|above\s+|"
    r"current\s+|original\s+|provided\s+|given\s+)?(?:summary|summaries|briefing|bullet\s+points?|"
    r"key\s+points?)\b[^.]{0,40}?\b(?:already|comprehensive|complete|accurate|adequate|sufficient|"
    r"unchanged|needs?\s+no|requires?\s+no|covers?\s+(?:all|everything|the\s+key)|"
    r"captures?\s+(?:all|the\s+key))\b|"
    r"\b(?:no\s+(?:further\s+)?(?:changes?|updates?|additions?|refinements?)\s+(?:are\s+|is\s+)?"
    r"(?:needed|required|necessary))\b|"
    r"\b(?:as\s+an?\s+(?:ai|language\s+model))\b|"
    r"^\s*(?:here\s+is|here's|below\s+is)\s+(?:the\s+|a\s+|an\s+|my\s+)?(?:updated\s+|revised\s+|refined\s+|"
    r"final\s+|short\s+)?(?:summary|briefing|key\s+points|bottom\s+line)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def is_meta_comment(sentence: str) -> bool:
    """True for a sentence about the summary or the task rather than the story."""
    return bool(_META.search(sentence))


PREDICATE_MIN = 0.5
# words that link or count rather than say what happened (not part of the predicate)
_DISCOURSE = frozenset([
    "however", "since", "well", "only", "although", "though", "also", "first", "next", "later", "several",
    "together", "known", "against", "among", "both", "each", "every", "other", "another", "very", "much",
    "many", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "including",
])


def predicate_coverage(sentence: str, passages: Sequence[str]) -> float:
    """Share of the sentence's content words that are not names or figures (what it says about
    them: 'closes', 'harbor') found in the passages; 1.0 when it has none."""
    salient = set(salient_terms(sentence))
    terms = [t for t in content_terms(sentence)
             if t not in salient and not t[0].isdigit() and len(t) > 2 and t not in _DISCOURSE]
    if not terms:
        return 1.0
    vocab = set(content_terms(" ".join(passages)))
    return sum(t in vocab for t in terms) / len(terms)


def content_flags(sentence: str, passages: Sequence[str]) -> list[str]:
    """Every content check that fails for ``sentence`` against its cited ``passages``, as flag texts."""
    flags: list[str] = []
    if not passages or (sentence.strip() and sentence.strip() in " ".join(passages)):
        return flags  # nothing to check against, or a verbatim quote
    names = missing_names(sentence, passages, numbers=False)  # figures: the number check's job
    if names:
        flags.append("names not in cited passages: " + ", ".join(names[:5]))
    if predicate_coverage(sentence, passages) < PREDICATE_MIN:
        flags.append("less than half of what it says is in the cited passages")
    if negation_mismatch(sentence, passages):
        flags.append("negation differs from the cited passage")
    if role_swap(sentence, passages):
        flags.append("who did what to whom differs from the cited passage")
    return flags
