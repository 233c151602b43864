"""One reader per input format, all with the same shape: (origin, decoded text) -> Parsed.

Readers never raise for bad input: each problem becomes an IngestWarning and
the reader returns whatever documents it could still read (a JSONL file with
one bad line keeps its other records).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

from summarizer.ingest.dates import as_day, dateline, numeric_order, read_date, settle_order
from summarizer.ingest.frontmatter import FrontMatterError, has_front_matter, split_front_matter
from summarizer.ingest.html_reader import extract_html
from summarizer.ingest.language import detect_language
from summarizer.ingest.metadata import (
    AUTHOR_KEYS,
    DATE_KEYS,
    OUTLET_KEYS,
    TEXT_KEYS,
    TITLE_KEYS,
    URL_KEYS,
    as_text,
    clean_title,
    first_key,
    first_value,
    looks_like_url,
    outlet_from_url,
)
from summarizer.ingest.normalize import first_heading, normalize_text, strip_markdown
from summarizer.models import IngestWarning, PublishedDate
from summarizer.segment_rules import is_unpunctuated

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
"""Extension -> format. Directories are searched for these extensions only."""

_CONTAINER_KEYS = ("documents", "articles", "items", "records", "data", "results", "@graph")
_JSON_STRING_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_JSON_BRACKET_RE = re.compile(r"[\[\]{}]")
MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays/objects read from a JSON input; news records need four or five."""
_TEASER_MARK_RE = re.compile(r"\s*\[\+\s?\d[\d,]*\s*chars?\]\s*$", re.IGNORECASE)
_CUT_RE = re.compile(r"\w(?:…|\.\.\.)\s*$")
_LINK_LINE_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])?\s*(?:\[[^\]\n]+\]\([^)\s]+\)|<?https?://\S+>?)\s*$")
LINK_LIST_MIN = 4
_HTML_SNIFF_RE = re.compile(r"\A\s*<(?:!doctype\s+html|html|head|body|article|main|div|p)\b", re.IGNORECASE)


@dataclass
class RawDoc:
    """A readable document before ids and duplicate marks are assigned."""

    origin: str
    text: str
    title: str
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    published_info: PublishedDate | None = None
    language: str | None = None
    truncated: bool = False
    raw_date: str | None = None


@dataclass
class Parsed:
    """What one input produced: zero or more documents and zero or more warnings."""

    docs: list[RawDoc] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)

    def skip(self, origin: str, reason: str) -> Parsed:
        """Record a skipped input and return self (for one-line early returns)."""
        self.warnings.append(IngestWarning(origin=origin, reason=reason, kind="skipped"))
        return self


def json_depth(text: str, limit: int = MAX_JSON_DEPTH) -> int:
    """Nesting depth of the JSON ``text`` (brackets inside strings ignored), counting stops past ``limit``.

    Linear in the text and never recursive, so it is safe on any input; the parser
    is only called on text that passed this check.
    """
    depth = deepest = 0
    for m in _JSON_BRACKET_RE.finditer(_JSON_STRING_RE.sub('""', text)):
        if m.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


class JSONInputError(ValueError):
    """JSON that cannot be read; ``str(err)`` is the one-line reason."""


def load_json(text: str) -> Any:
    """``json.loads`` bounded in depth: raise JSONInputError (never RecursionError or MemoryError)."""
    if json_depth(text) > MAX_JSON_DEPTH:
        raise JSONInputError(f"invalid JSON: nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise JSONInputError(_json_error(e)) from None
    except RecursionError:
        raise JSONInputError("invalid JSON: nested too deeply") from None
    except MemoryError:
        raise JSONInputError("invalid JSON: too large to parse") from None


def format_for(name: str, text: str) -> str:
    """The format for an input called ``name``: by extension, else sniffed from its text."""
    fmt = FORMATS.get(PurePath(name).suffix.lower())
    if fmt is not None:
        return fmt
    head = text[:2048]
    if _HTML_SNIFF_RE.match(head):
        return "html"
    stripped = head.lstrip()
    if stripped[:1] in ("{", "["):
        if json_depth(text) > MAX_JSON_DEPTH:
            return "json"  # read_json refuses it with a one-line reason
        try:
            load_json(text)
            return "json"
        except JSONInputError:
            lines = [line for line in text.splitlines() if line.strip()]
            if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines):
                return "jsonl"
    return "text"


def _publication_date(
    text: str, meta: Mapping[str, Any], kind: str
) -> tuple[PublishedDate | None, Any, str | None]:
    """(date, raw metadata value, dateline outlet): declared metadata first, then a dateline in the text.

    A coarse or ambiguous declared date gives way to a dateline day that agrees
    with it; an ambiguous numeric date is settled by the source's other dates.
    """
    key = first_key(meta, DATE_KEYS)
    raw = meta.get(key) if key else None
    spelled = meta.get("_keys", {}).get(key, key) if key else None  # the key as the source spells it
    declared = read_date(raw, f"{kind} '{spelled}'") if key else None
    candidates = [d for d in meta.get("_dates", []) if isinstance(d, PublishedDate)]
    line_date, line_outlet = dateline(text)
    if declared is None and candidates:
        declared = next((d for d in candidates if d.precision == "day" and not d.ambiguous), candidates[0])
    others = candidates + ([line_date] if line_date else [])
    if declared is not None and declared.ambiguous:
        declared = settle_order(declared, None, others)
    if declared is None or (
        declared.precision != "day" and line_date is not None and line_date.value.startswith(declared.value)
    ):
        return line_date or declared, raw, line_outlet
    return declared, raw, line_outlet


def build_doc(
    origin: str, text: str, meta: Mapping[str, Any], fallback_title: str, out: Parsed, kind: str = "metadata"
) -> None:
    """Turn normalized ``text`` plus a metadata mapping into a RawDoc appended to ``out``.

    The title falls back to ``fallback_title``; the outlet comes from metadata,
    else from a dateline's "(Outlet)", else from the url's host; the date
    comes from metadata, else from a dateline (see ``dates.py``: precision and
    provenance kept, never a copyright year or URL path); an unreadable date
    keeps the document and adds a 'notice' warning. A NewsAPI-style teaser
    ("... [+2829 chars]") loses the marker and is flagged ``truncated``.
    """
    truncated = False
    if (mark := _TEASER_MARK_RE.search(text)) is not None:
        text, truncated = text[: mark.start()].rstrip(), True
    elif _CUT_RE.search(text) and len(text) < 1500:
        truncated = True
    if truncated:
        out.warnings.append(IngestWarning(
            origin=origin, kind="notice",
            reason=f"truncated teaser ({len(text)} characters, cut mid-text): summarised as a fragment of the article",
        ))
    url = as_text(first_value(meta, URL_KEYS))
    if url is not None and not looks_like_url(url):
        url = None
    outlet = as_text(first_value(meta, OUTLET_KEYS))
    if outlet is not None and looks_like_url(outlet):  # "source: https://..." names a page, not a name
        url = url or outlet
        outlet = None
    info, raw_date, line_outlet = _publication_date(text, meta, kind)
    outlet = outlet or line_outlet or outlet_from_url(url)
    if raw_date is not None and read_date(raw_date, "") is None and info is None:
        shown = " ".join(str(raw_date).split())[:60]
        out.warnings.append(
            IngestWarning(
                origin=origin, reason=f"unparsable date {shown!r} (kept without a date)", kind="notice"
            )
        )
    title = clean_title(as_text(first_value(meta, TITLE_KEYS))) or fallback_title
    author = as_text(first_value(meta, AUTHOR_KEYS))
    if is_unpunctuated(text):
        out.warnings.append(IngestWarning(
            origin=origin, kind="notice",
            reason="no sentence punctuation (a caption or transcript?): cut into units of about 20 words, "
            "none shown as a statement",
        ))
    out.docs.append(
        RawDoc(
            origin=origin, text=text, title=title, url=url, outlet=outlet, author=author,
            published=as_day(info), published_info=info, language=detect_language(text) or _declared_language(meta),
            truncated=truncated,
            raw_date=raw_date if isinstance(raw_date, str) else None,
        )
    )


def _declared_language(meta: Mapping[str, Any]) -> str | None:
    """A language the source declares (html lang, a 'language'/'lang' key), used when the text is too short to tell."""
    value = meta.get("_lang") or first_value(meta, ("language", "lang", "inlanguage"))
    code = str(value).strip().lower().replace("_", "-").split("-")[0] if isinstance(value, str) else ""
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def settle_dates(out: Parsed) -> Parsed:
    """Settle ambiguous numeric dates from the order the same input's other dates use; notice the rest."""
    orders = {o for d in out.docs if (o := numeric_order(d.raw_date)) is not None}
    order = orders.pop() if len(orders) == 1 else None
    for d in out.docs:
        info = d.published_info
        if info is None or not info.ambiguous:
            continue
        info = settle_order(info, order)
        d.published_info, d.published = info, as_day(info)
        if info.ambiguous:
            out.warnings.append(IngestWarning(
                origin=d.origin, kind="notice",
                reason=f"date {d.raw_date or info.value!r} could be {' or '.join(info.alternatives)} "
                "(day/month order unknown): kept without a day",
            ))
    return out


def read_text(origin: str, text: str, stem: str, markdown: bool) -> Parsed:
    """Plain text or Markdown, with optional YAML front matter.

    A .txt file that opens with a front matter block is treated as Markdown
    (that is what web-clipper exports are). Title order: front matter title,
    first Markdown heading (Markdown) or a headline-like first line (plain
    text: short, no closing punctuation, followed by more text), file name stem.
    """
    out = Parsed()
    # Only line breaks are unified before the split: YAML needs its indentation.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, Any] = {}
    if markdown or has_front_matter(text):
        try:
            meta, text = split_front_matter(text)
        except FrontMatterError as e:
            return out.skip(origin, f"malformed front matter: {e}")
        markdown = True
    text = normalize_text(text)
    lines = [ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]
    links = sum(1 for ln in lines if _LINK_LINE_RE.match(ln))
    if links >= LINK_LIST_MIN and links * 4 >= len(lines) * 3:
        return out.skip(origin, f"a link list ({links} of {len(lines)} lines are links, no article body): skipped")
    heading = first_heading(text) if markdown else headline_line(text)
    body = normalize_text(strip_markdown(text)) if markdown else text
    if not body:
        return out.skip(origin, "empty file" if not meta else "no text after the front matter")
    build_doc(origin, body, meta, heading or stem, out, "front matter")
    return out


def headline_line(text: str) -> str | None:
    """The first line of plain text when it reads as a headline, else None."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first or len(first.split()) > 18 or first[0].islower():
        return None
    return None if first[-1] in ".!?:;,\"'”’" else first


def read_html(origin: str, text: str, stem: str) -> Parsed:
    """An HTML page: article text and metadata extracted offline with trafilatura."""
    out = Parsed()
    extracted = extract_html(text)
    if extracted is None:
        return out.skip(origin, "no article text found in HTML")
    body, meta = extracted
    if meta.get("_listing"):
        return out.skip(origin, f"{meta['_listing']}: skipped (give the article pages instead)")
    body = normalize_text(body)
    if not body:
        return out.skip(origin, "no article text found in HTML")
    build_doc(origin, body, meta, stem, out, "html")
    return out


def _record_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(value)
    return None


def read_record(origin: str, record: Any, stem: str, out: Parsed) -> None:
    """One JSON object: text from text/content/body, metadata from the other keys."""
    if not isinstance(record, dict):
        out.skip(origin, f"not a JSON object (got {type(record).__name__})")
        return
    meta = {str(k).strip().lower(): v for k, v in record.items()}
    meta["_keys"] = {str(k).strip().lower(): str(k).strip() for k in record}
    raw = first_value(meta, TEXT_KEYS)
    if raw is None:
        out.skip(origin, "no text field (expected one of: text, content, body, articleBody)")
        return
    text = _record_text(raw)
    if text is None:
        out.skip(origin, f"text field is a {type(raw).__name__}, not a string")
        return
    body = normalize_text(text)
    if not body:
        out.skip(origin, "empty text")
        return
    build_doc(origin, body, meta, stem, out, "json")


def _json_error(e: json.JSONDecodeError) -> str:
    return f"invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})"


def read_json(origin: str, text: str, stem: str) -> Parsed:
    """A JSON object, a list of objects, or an object holding such a list ("articles": [...])."""
    out = Parsed()
    try:
        data = load_json(text)
    except JSONInputError as e:
        return out.skip(origin, str(e))
    if isinstance(data, dict) and first_value({str(k).lower(): v for k, v in data.items()}, TEXT_KEYS) is None:
        for key in _CONTAINER_KEYS:
            if isinstance(data.get(key), list):
                data = data[key]
                if key == "@graph":  # schema.org graph: only its article records
                    data = [r for r in data if isinstance(r, dict) and "article" in str(r.get("@type", "")).lower()]
                break
    if isinstance(data, list):
        if not data:
            return out.skip(origin, "empty JSON list")
        for i, record in enumerate(data, start=1):
            read_record(f"{origin}:{i}", record, f"{stem} #{i}", out)
    else:
        read_record(origin, data, stem, out)
    return out


def read_jsonl(origin: str, text: str, stem: str) -> Parsed:
    """JSON Lines: one object per line; blank lines are ignored, a bad line is skipped alone."""
    out = Parsed()
    seen = False
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen = True
        where = f"{origin}:{lineno}"
        try:
            record = load_json(line)
        except JSONInputError as e:
            reason = str(e).replace("invalid JSON:", f"invalid JSON on line {lineno}:", 1)
            out.skip(where, reason.replace("(line 1, column", "(column"))
            continue
        read_record(where, record, f"{stem} #{lineno}", out)
    if not seen:
        out.skip(origin, "empty file")
    return out


_READERS: dict[str, Callable[[str, str, str], Parsed]] = {
    "text": lambda origin, text, stem: read_text(origin, text, stem, markdown=False),
    "markdown": lambda origin, text, stem: read_text(origin, text, stem, markdown=True),
    "html": read_html,
    "json": read_json,
    "jsonl": read_jsonl,
}


def read_decoded(name: str, origin: str, text: str) -> Parsed:
    """Dispatch decoded ``text`` to the reader for ``name``'s format."""
    stem = PurePath(name).stem or name or origin
    return settle_dates(_READERS[format_for(name, text)](origin, text, stem))
