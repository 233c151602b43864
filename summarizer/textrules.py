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


@lru_cache(maxsize=65536)
def is_instruction(passage: str) -> bool:
    """True when ``passage`` reads as an instruction addressed to a model rather than as reporting."""
    return bool(_INSTRUCTION.search(passage))
