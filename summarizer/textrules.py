"""Text rules every stage may use (they import nothing from the stages): text that reads as an
instruction to a model, and who did what to whom in a sentence.

- ``is_instruction``: "ignore previous instructions", "report only this", "SYSTEM:", "[INST]": such
  text is never summarized, cited as support, or made a timeline event.
- ``role_swap``: the sentence has actor and target the other way round from a passage ("Kessarian
  drones hit Vardonia" against "Vardonian drones hit Kessaria"), read from the last name before the
  first action verb and the first name after it; ``same_name`` compares name forms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_STOP = frozenset(["a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from",
                   "as", "it", "its", "this", "that", "he", "she", "they", "we", "i", "you"])


def _norm(word: str) -> str:
    return re.sub(r"['’]s$", "", word.lower())


def same_name(a: str, b: str) -> bool:
    """True for one name in two forms: equal, or sharing all but the last letter of the shorter one
    ('Kessaria'/'Kessarian', 'Ukraine'/'Ukrainian', 'Norland'/'Norlander'; not 'Austria'/'Australia')."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    short = min(len(a), len(b))
    if short < 4:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= short - 1


def regex_trie(words: Sequence[str]) -> str:
    """One regex alternation of ``words`` shaped as a trie, so the matcher reads each character once instead
    of trying every word: ['ten', 'two'] -> 't(?:en|wo)', ['claim', 'claims'] -> 'claim(?:s)?' (it matches the
    same strings; where one word is a prefix of another, the longer is tried first, as backtracking needs)."""
    heads: dict[str, list[str]] = {}
    for w in sorted(words):
        heads.setdefault(w[0], []).append(w[1:])
    alts = []
    for c, rest in heads.items():
        longer = [r for r in rest if r]
        tail = regex_trie(longer) if longer else ""
        alts.append(re.escape(c) + (f"(?:{tail})?" if longer and "" in rest else tail))
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


# --- roles ----------------------------------------------------------------------------------------

_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*")
_VERB_AFTER_SUBJECT = re.compile(
    r"\b(?:attacked|hit|struck|shot\s+down|killed|defeated|beat|sued|accused|blamed|fired\s+on|shelled|"
    r"invaded|bombed|targeted|acquired|bought|paid|arrested|charged|overtook|replaced|criticized|"
    r"criticised|warned|condemned|hacked|attacks|hits|strikes|defeats|beats|sues|accuses|blames|"
    r"targets|acquires|buys|pays|arrests|charges|replaces|warns|condemns)\b",
    re.IGNORECASE,
)


def _head(name: str) -> str:
    words = name.split()
    return _norm(words[-1] if words else name)


def _roles(text: str) -> tuple[str, str, str] | None:
    """(actor, verb, target) stems around the first action verb: the last name before it, the first after."""
    m = _VERB_AFTER_SUBJECT.search(text)
    if not m:
        return None
    before = [n.group() for n in _NAME.finditer(text[: m.start()]) if n.group().lower() not in _STOP]
    after = [n.group() for n in _NAME.finditer(text[m.end():]) if n.group().lower() not in _STOP]
    if not before or not after:
        return None
    return _head(before[-1]), m.group().lower(), _head(after[0])


def role_swap(sentence: str, passages: Sequence[str]) -> bool:
    """True when a cited passage has the sentence's actor as its target and its target as its actor,
    and no cited passage has them the sentence's way round."""
    mine = _roles(sentence)
    if mine is None or same_name(mine[0], mine[2]):
        return False
    swapped = confirmed = False
    for p in passages:
        theirs = _roles(p)
        if theirs and same_name(theirs[0], mine[2]) and same_name(theirs[2], mine[0]):
            swapped = True
        if theirs and same_name(theirs[0], mine[0]) and same_name(theirs[2], mine[2]):
            confirmed = True
    return swapped and not confirmed



_LEAD = r"(?:^|[:.!?\]>\"“]\s*)\W*"  # at the start of a sentence or after a colon: an imperative
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|"
    r"preceding|your|other)\s+(?:instructions?|prompts?|rules?|directions?|text|context)|"
    rf"{_LEAD}(?:report|say|write|state|output|print|repeat|summari[sz]e|answer)\s+(?:only|exactly|just|that)\b|"
    rf"{_LEAD}(?:do\s+not|don't|never)\s+(?:mention|report|include|summari[sz]e|cite)\b|"
    r"\b(?:you\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot|summari[sz]er))\b|"
    r"\b(?:system\s+prompt|new\s+instructions?|developer\s+mode|jailbreak)\b|"
    r"\b(?:to|for)\s+(?:the\s+|any\s+)?(?:ai|llm|assistant|summari[sz]er|language\s+model)s?\s*[:,]|"
    r"\b(?:the\s+)?(?:ai|llm|assistant|summari[sz]er|language\s+model)\s+(?:must|should|shall)\b|"
    r"\b(?-i:SYSTEM)\s*:|\[/?(?:INST|SYS|system)\]|</?\s*(?:system|instructions?)\b",
    re.IGNORECASE,
)


# ``_INSTRUCTION`` one alternative at a time on the lower-cased text, each tried only when the words it
# needs occur (a news sentence then costs a few substring tests, not every alternative at every position).
# Exact where ignoring case and lower-casing agree: text whose only characters that change case are
# ASCII letters, and without 'ı' or 'ſ' (ignoring case, they match 'i' and 's'); else the pattern as is.
_AI = r"(?:ai|llm|assistant|summari[sz]er|language\s+model)"
_IGNORE = re.compile(r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|"
                     r"earlier|preceding|your|other)\s+(?:instructions?|prompts?|rules?|directions?|text|context)")
_SAY_ONLY = re.compile(rf"{_LEAD}(?:report|say|write|state|output|print|repeat|summari[sz]e|answer)\s+"
                       r"(?:only|exactly|just|that)\b")
_DO_NOT = re.compile(rf"{_LEAD}(?:do\s+not|don't|never)\s+(?:mention|report|include|summari[sz]e|cite)\b")
_YOU_ARE = re.compile(r"\b(?:you\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot|summari[sz]er))\b")
_PROMPT_WORDS = re.compile(r"\b(?:system\s+prompt|new\s+instructions?|developer\s+mode|jailbreak)\b")
_TO_AI = re.compile(rf"\b(?:to|for)\s+(?:the\s+|any\s+)?{_AI}s?\s*[:,]")
_AI_MUST = re.compile(rf"\b(?:the\s+)?{_AI}\s+(?:must|should|shall)\b")
_TAG = re.compile(r"\[/?(?:inst|sys|system)\]|</?\s*(?:system|instructions?)\b")
_SYSTEM_COLON = re.compile(r"\bSYSTEM\s*:")  # the one case-sensitive alternative, on the text as written
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _lowered_instruction(low: str) -> bool:
    """``_INSTRUCTION`` (bar its case-sensitive 'SYSTEM:') on lower-cased text, gated alternative by alternative."""
    ai = "ai" in low or "llm" in low or "assistant" in low or "summari" in low or "model" in low
    return bool(
        (("ignore" in low or "disregard" in low or "forget" in low or "override" in low) and _IGNORE.search(low))
        or (("only" in low or "exactly" in low or "just" in low or "that" in low) and _SAY_ONLY.search(low))
        or (("not" in low or "don't" in low or "never" in low) and _DO_NOT.search(low))
        or ("you" in low and _YOU_ARE.search(low))
        or (("system" in low or "instruction" in low or "developer" in low or "jailbreak" in low)
            and _PROMPT_WORDS.search(low))
        or (ai and ("," in low or ":" in low) and _TO_AI.search(low))
        or (ai and ("must" in low or "should" in low or "shall" in low) and _AI_MUST.search(low))
        or (("[" in low or "<" in low) and _TAG.search(low)))


@lru_cache(maxsize=65536)
def is_instruction(passage: str) -> bool:
    """True when ``passage`` reads as an instruction addressed to a model rather than as reporting."""
    if not passage.isascii():
        extra = "".join(_NON_ASCII.findall(passage))
        if extra != extra.lower() or "ı" in extra or "ſ" in extra:
            return bool(_INSTRUCTION.search(passage))
    if "SYSTEM" in passage and _SYSTEM_COLON.search(passage):
        return True
    return _lowered_instruction(passage.lower())
