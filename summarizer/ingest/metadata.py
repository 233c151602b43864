"""Metadata from front matter, JSON records and HTML: field aliases, dates and outlets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from dateutil import parser as date_parser

# First key present wins, in this order.
TEXT_KEYS = (
    "text", "articlebody", "article_body", "body", "maintext", "full_text", "fulltext", "content", "article",
    "story",
)
TITLE_KEYS = ("title", "headline", "name")
URL_KEYS = ("url", "link", "canonical_url", "source_url", "permalink")
# Keys are compared lower-cased: "datePublished" (schema.org), "publishedAt" (NewsAPI), "pubDate" (RSS).
DATE_KEYS = (
    "datepublished", "publishedat", "published_at", "published", "publication_date", "publicationdate",
    "publish_date", "publishdate", "pubdate", "pub_date", "date_published", "published_date", "date",
    "datetime", "dateline_date",
)
OUTLET_KEYS = (
    "source", "outlet", "site", "site_name", "sitename", "publisher", "publication", "source_name",
    "sourcename", "publisher_name", "provider",
)
AUTHOR_KEYS = ("author", "authors", "byline", "by", "creator")

# Second-level labels under which registrations happen one level deeper
# ("bbc.co.uk", "abc.net.au"). A small list instead of the full public suffix
# list: an outlet name only needs to be recognisable, not authoritative.
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go", "gob", "nic"}
_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def first_key(record: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first key in ``keys`` that is present in ``record`` and not empty, else None."""
    for key in keys:
        value = record.get(key)
        if value is not None and value != "" and value != []:
            return key
    return None


def first_value(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    """The value of the first key in ``keys`` that is present and not empty, else None."""
    for key in keys:
        value = record.get(key)
        if value is not None and value != "" and value != []:
            return value
    return None


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, Mapping):  # {"name": "Jane Roe", ...} as used for authors and publishers
        value = value.get("name")
    if value is None or isinstance(value, (bool, list, tuple, Mapping)):
        return None
    text = " ".join(str(value).split())
    return text or None


def as_text(value: Any) -> str | None:
    """A metadata value as one clean line: strings trimmed, ``{"name": ...}`` read, lists joined with ", "."""
    if isinstance(value, (list, tuple)):
        parts = [_scalar_text(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    return _scalar_text(value)


def looks_like_url(value: str) -> bool:
    """True for absolute http(s) URLs."""
    return re.match(r"https?://[^\s/]+", value, re.IGNORECASE) is not None


def outlet_from_url(url: str | None) -> str | None:
    """The registrable domain of ``url``'s host: "https://edition.cnn.com/x" -> "cnn.com".

    Keeps three labels for hosts such as "news.bbc.co.uk" -> "bbc.co.uk".
    Returns None for anything without a usable host name (IP addresses included).
    """
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return None
    labels = [label for label in host.lower().rstrip(".").split(".") if label]
    if len(labels) < 2:
        return None
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def parse_date(value: Any) -> date | None:
    """Parse a publication date; None when it cannot be read with confidence.

    Accepts date/datetime objects and strings in common formats: ISO 8601
    ("2024-03-05", "2024-03-05T10:00:00Z"), "2022-12-07 10:24:19",
    "June 1, 2025", "Tue, 05 Mar 2024 10:00:00 GMT", "05/03/2024" (month
    first). A string must contain a four-digit year, so "yesterday" or "5"
    is rejected instead of becoming a date in the current month.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100 or _YEAR_RE.search(text) is None:
        return None
    try:
        return date_parser.parse(text).date()
    except (ValueError, OverflowError, TypeError):
        return None


def clean_title(title: str | None) -> str | None:
    """Collapse whitespace in a title; None when nothing is left."""
    if title is None:
        return None
    text = " ".join(title.split())
    return text or None
