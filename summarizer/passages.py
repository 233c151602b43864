"""Passage helpers every stage may use: citing a whole sentence, and which sentences carry content.

They sit below the stages (they import only ``summarizer.models`` and the leaf
``summarizer.segment_rules``), so the story
analysis, the engines and the LLM helpers share them without importing each other.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.models import Citation, Sentence
from summarizer.segment_rules import is_statement
from summarizer.textrules import is_instruction

_WORD = re.compile(r"\w+", re.UNICODE)


def cite(sentence: Sentence) -> Citation:
    """A citation of one whole sentence; its quote is the sentence text itself."""
    return Citation(
        source_id=sentence.source_id,
        passage_id=sentence.id,
        start=sentence.start,
        end=sentence.end,
        quote=sentence.text,
    )


# a note about the article itself: "This article first appeared in the Harbor Gazette and is reprinted
# with permission", "Republished with permission", "This story has been updated", "Sign up for ..."
_PUBLISHING_NOTE = re.compile(
    r"(?i)\b(?:(?:article|story|report|piece|column|version)\s+(?:was\s+|has\s+)?(?:first|originally)\s+"
    r"(?:appeared|published|ran)\s+(?:in|on|at|by)|(?:reprinted|republished|"
    r"reproduced)\s+with\s+(?:the\s+)?permission|this\s+(?:article|story|report)\s+(?:has\s+been|was)\s+"
    r"(?:updated|corrected|amended)|sign\s+up\s+for\s+(?:our|the)\s+\w*\s*newsletter)")


def is_content(sentence: Sentence, lang: str | None = None) -> bool:
    """True for sentences worth summarizing: not headlines, bylines, URLs or fragments.

    Fragments are what :func:`summarizer.segment_rules.is_statement` rejects (the
    product-wide no-fragment rule, with ``lang``'s abbreviations; all languages' when
    None); only such sentences become statements.
    """
    return _is_content_text(sentence.text, lang)


@lru_cache(maxsize=65536)
def _is_content_text(text: str, lang: str | None) -> bool:
    """``is_content`` on the text alone, memoized: the engine, claim matrix, timeline and verifier
    all ask about the same sentences."""
    if not is_statement(text, lang):
        return False
    words = _WORD.findall(text)
    if not 6 <= len(words) <= 90:
        return False
    if not any(map(str.islower, text)):
        return False
    if text.startswith(("---", "http", "|")) or text.count("http") > 1:
        return False
    if is_instruction(text):  # addressed to a model, not reporting: never summarized or cited
        return False
    if _PUBLISHING_NOTE.search(text):  # about the article, not the story
        return False
    # headlines: no closing punctuation and short
    return not (text[-1] not in ".!?\"'”’)" and len(words) < 14)
