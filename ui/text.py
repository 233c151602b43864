"""Safe text for the page: every source-derived string is escaped before Streamlit sees it.

Streamlit renders st.markdown as Markdown (and st.html as HTML), so article
text must never reach them raw: ``md_escape`` backslash-escapes Markdown and
HTML punctuation, and ``passage_html`` builds the highlighted passage from
``html.escape``d pieces only.
"""

from __future__ import annotations

import html
import re

from summarizer.models import Document

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^])")


def md_escape(text: str) -> str:
    """``text`` with every Markdown/HTML-significant character backslash-escaped, newlines kept."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


_STYLE = (
    "font-family:inherit;font-size:0.95rem;line-height:1.6;white-space:pre-wrap;background:#fafafa;"
    "border:1px solid #e6e6e6;border-radius:6px;padding:.8em 1em;color:#1d1d1f"
)
_MARK = "background:#ffe082;border-bottom:2px solid #f9a825;padding:1px 0"


def passage_html(doc: Document, start: int, end: int, context: int | None = 700) -> str:
    """The article text around ``doc.text[start:end]`` with that span highlighted, all of it escaped.

    ``context`` characters are kept on each side (cut at a word boundary, with
    an ellipsis); ``None`` shows the whole article.
    """
    text = doc.text
    lo, hi = 0, len(text)
    if context is not None:
        lo = max(0, start - context)
        hi = min(len(text), end + context)
        if lo > 0:
            space = text.find(" ", lo)
            lo = space + 1 if 0 <= space < start else lo
        if hi < len(text):
            space = text.rfind(" ", end, hi)
            hi = space if space > end else hi
    before = ("… " if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + (" …" if hi < len(text) else "")
    marked = (
        f'<mark class="cited" style="{_MARK}">{html.escape(text[start:end])}</mark>' if end > start else ""
    )
    return f'<div class="passage" style="{_STYLE}">{html.escape(before)}{marked}{html.escape(after)}</div>'

