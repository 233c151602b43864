"""Verification: every statement's citations must resolve, and its content must be supported.

``citations`` checks structure (ids exist, quotes equal spans, quoted text and
numbers occur in the cited passages); ``support`` scores how well the cited
passages back the sentence. ``verify_briefing`` runs both over every statement.
"""

from __future__ import annotations

from summarizer.verify.check import verify_statements
from summarizer.verify.support import support_score

__all__ = ["support_score", "verify_statements"]
