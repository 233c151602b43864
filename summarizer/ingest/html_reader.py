"""HTML pages: article text and metadata with trafilatura, strictly offline.

Only ``trafilatura.bare_extraction`` on the string we were given is used, so
nothing is ever fetched (links, canonical URLs and images are read, not
followed). trafilatura is imported lazily: it costs ~0.3 s and most runs read
no HTML at all.
"""

from __future__ import annotations

import logging
from typing import Any


def extract_html(html: str) -> tuple[str, dict[str, Any]] | None:
    """Return (article text, metadata) or None when the page holds no article text.

    The text has one paragraph per block ("\\n\\n" between them); a first
    paragraph that merely repeats the title is dropped. Metadata keys follow the
    front matter names (title, url, date, source, author).
    """
    import trafilatura

    # trafilatura logs at WARNING for pages it cannot parse; the caller reports those itself.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=False
        )
    except Exception:  # trafilatura/lxml failures on hostile markup must not stop a run
        return None
    if doc is None:
        return None
    data: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    paragraphs = [line.strip() for line in str(text).split("\n") if line.strip()]
    title = data.get("title")
    if paragraphs and title and paragraphs[0].strip() == str(title).strip() and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]
    if not paragraphs:
        return None
    meta = {
        "title": title,
        "url": data.get("url"),
        "date": data.get("date"),
        "source": data.get("sitename"),
        "author": data.get("author"),
    }
    return "\n\n".join(paragraphs), meta
