"""Cheap named-entity and event-signature extraction: no downloaded model.

Named entities are runs of capitalized words (``Volodymyr Zelenskyy``,
``Russian Defense Ministry``) minus sentence-initial function words and a
small stop list; they are lower-cased and lightly normalized so "Zelensky"
and "Zelenskyy" meet. Numbers with their unit noun ("117 drones") are event
signatures too: two reports of one event tend to repeat its figures.
"""

from __future__ import annotations

import re
from collections import Counter

_CAP_RUN = re.compile(
    r"\b[A-Z][\w'’\-]*(?:\s+(?:of|the|de|and|for|al|von|van)?\s*[A-Z][\w'’\-]*)*", re.UNICODE
)
_STOP = {
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i",
    "in", "on", "at", "by", "for", "from", "to", "of", "and", "but", "or", "as", "after", "before",
    "while", "when", "although", "though", "if", "so", "yet", "also", "meanwhile", "earlier", "later",
    "some", "many", "most", "more", "less", "one", "two", "three", "there", "here", "what", "who",
    "why", "how", "where", "which", "mr", "mrs", "ms", "dr", "said", "says", "according", "again",
    "instead", "none", "still", "even", "all", "any", "each", "every", "no", "not", "our", "their",
    "his", "her", "my", "your", "let", "do", "does", "did", "is", "are", "was", "were", "be",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "today", "yesterday", "tomorrow", "week", "month", "year",
    "source", "news", "read", "cnn", "reuters", "ap", "photo", "video", "image",
}


def normalize_entity(phrase: str) -> str:
    """Lower-case, drop possessives and a doubled final letter ('Zelenskyy' -> 'zelensky')."""
    words = []
    for w in phrase.replace("’", "'").split():
        w = re.sub(r"'s$", "", w).strip("'\"-").lower()
        if len(w) > 4 and w[-1] == w[-2]:
            w = w[:-1]
        if w and w not in _STOP:
            words.append(w)
    return " ".join(words)


def named_entities(text: str) -> Counter[str]:
    """Counts of capitalized phrases in ``text`` (normalized), with their single words too.

    Single words are added so that "Putin" matches "Vladimir Putin"; words in
    the stop list (weekdays, months, function words) never count.
    """
    found: Counter[str] = Counter()
    for m in _CAP_RUN.finditer(text):
        phrase = normalize_entity(m.group())
        if not phrase or len(phrase) < 3:
            continue
        found[phrase] += 1
        parts = phrase.split()
        if len(parts) > 1:
            for p in parts:
                if len(p) >= 3 and p not in _STOP:
                    found[p] += 1
    return found
