"""Language of a document: py3langid (offline; its model ships inside the wheel), loaded on first use.

``ANALYSED`` lists the languages whose figures and dates the story stage reads
(English, Spanish, German, French rules); for any other language the briefing
says per source what was not analysed. ``RTL`` languages are written right to
left (HTML output sets ``dir="rtl"`` and isolates their text).
"""

from __future__ import annotations

import re

ANALYSED = frozenset({"en", "es", "de", "fr"})
RTL = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ug", "ku"})
_LETTER = re.compile(r"[^\W\d_]")
MIN_LETTERS = 20


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language (first 4,000 characters), or None for too little text."""
    sample = text[:4000]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    import py3langid

    lang, _ = py3langid.classify(sample)
    return str(lang) or None


def text_direction(lang: str | None) -> str:
    """'rtl' for right-to-left languages, else 'ltr'."""
    return "rtl" if (lang or "").split("-")[0] in RTL else "ltr"
