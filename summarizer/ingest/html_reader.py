"""HTML pages: article text and metadata with trafilatura, strictly offline.

Only ``trafilatura.bare_extraction`` on the string we were given is used, so
nothing is ever fetched (links, canonical URLs and images are read, not
followed). trafilatura is imported lazily: it costs ~0.3 s and most runs read
no HTML at all.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from summarizer.ingest.dates import date_in_text, read_date
from summarizer.models import PublishedDate

# <meta> names/properties that declare a publication date, most specific first.
_DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "parsely-pub-date",
    "sailthru.date", "publishdate", "publish-date", "publish_date", "publication_date", "pubdate",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date", "citation_publication_date",
)
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "report", "analysisnewsarticle")
LISTING_MIN_HEADLINES = 4
_PUBLISHED_RE = re.compile(r"\b(?:Published|Posted|First published|Publicado|Veröffentlicht|Publié)\b(?:\s+(?:on|el|am|le))?:?",
                           re.IGNORECASE)


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
    page = page_metadata(html)
    meta = {
        "title": title,
        "url": data.get("url"),
        # trafilatura's own date is not used: its fallbacks read copyright years and URL paths
        "source": page.get("publisher") or data.get("sitename"),
        "author": data.get("author"),
        **{k: v for k, v in page.items() if k.startswith("_")},
    }
    return "\n\n".join(paragraphs), meta


def _jsonld_objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for v in value:
            yield from _jsonld_objects(v)
    elif isinstance(value, dict):
        yield value
        yield from _jsonld_objects(value.get("@graph"))


def _is_article(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds)


def page_metadata(html: str) -> dict[str, Any]:
    """Dates, publisher, language and listing-page signs read from the markup itself (lxml, offline).

    Keys: ``_dates`` (PublishedDate candidates, declared ones first: meta
    tags, JSON-LD ``datePublished``, ``itemprop=datePublished``, ``<time>``,
    then dates written in byline/date elements; never a footer or copyright
    line), ``publisher`` (og:site_name or JSON-LD publisher.name), ``_lang``
    (the html ``lang``) and ``_listing`` (a reason when the page is a section
    or index page: many linked headlines and almost no article paragraphs).
    """
    from lxml import html as lxml_html

    out: dict[str, Any] = {"_dates": []}
    try:
        tree = lxml_html.fromstring(html)
    except Exception:  # lxml raises several types on hostile markup
        return out
    dates: list[PublishedDate] = []
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in metas:
            metas[key] = content
    for key in _DATE_META:
        if key in metas and (pd := read_date(metas[key], f"html meta {key}")):
            dates.append(pd)
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
            objects = list(_jsonld_objects(data))
        except (ValueError, RecursionError):  # malformed or absurdly nested JSON-LD is ignored
            continue
        for obj in objects:
            if not _is_article(obj):
                continue
            if pd := read_date(obj.get("datePublished"), "html JSON-LD datePublished"):
                dates.append(pd)
            pub = obj.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                out.setdefault("publisher", pub["name"])
    for el in tree.xpath('//*[@itemprop="datePublished"] | //time[@datetime]'):
        value = el.get("content") or el.get("datetime") or el.text_content()
        if pd := read_date(value, f"html <{el.tag}> {'datePublished' if el.get('itemprop') else 'datetime'}"):
            dates.append(pd)
    for el in tree.xpath('//*[contains(@class, "date") or contains(@class, "byline") or contains(@class, "dateline")]'
                         '[not(ancestor::footer)]'):
        text = " ".join(el.text_content().split())
        if len(text) <= 120 and "©" not in text and (pd := date_in_text(text, "html byline date")):
            dates.append(pd)
    if not dates:  # visible "Published 13 March 2026" near the top of the page, never in the footer
        for el in tree.xpath("//footer | //script | //style"):
            el.drop_tree()
        visible = " ".join(" ".join(tree.itertext()).split())[:3000]
        for m in _PUBLISHED_RE.finditer(visible):
            if pd := date_in_text(visible[m.end() : m.end() + 60], "html text 'Published'"):
                dates.append(pd)
                break
    out["_dates"] = dates
    if metas.get("og:site_name"):
        out["publisher"] = metas["og:site_name"]
    lang = tree.get("lang") or tree.get("xml:lang")
    if lang:
        out["_lang"] = lang.strip().lower()
    headlines = tree.xpath("//h2//a[@href] | //h3//a[@href] | //h4//a[@href]")
    body_paras = [p for p in tree.xpath("//p[not(ancestor::li)][not(ancestor::footer)]")
                  if len(" ".join(p.text_content().split())) >= 80]
    if len(headlines) >= LISTING_MIN_HEADLINES and len(body_paras) < 3 and metas.get("og:type", "") != "article":
        out["_listing"] = f"a listing page ({len(headlines)} linked headlines, no article body)"
    return out
