"""One self-contained HTML file: no scripts, no external assets.

Citations are superscript links; hovering or focusing one shows the quoted
passage with its outlet and link (pure CSS), and clicking jumps to the
passage highlighted inside its article. Every piece of source text goes
through ``html.escape``, so markup inside an article stays inert text.
"""

from __future__ import annotations

from html import escape

from summarizer.ingest.language import text_direction
from summarizer.labels import count, doc_title
from summarizer.models import Briefing, Citation, Document, Statement
from summarizer.render.common import (
    anchor_id,
    corroboration_label,
    date_label,
    shown_statements,
    source_line,
    usage_line,
    verification_line,
)
from summarizer.render.safety import safe_href
from summarizer.render.story_html import CSS as STORY_CSS
from summarizer.render.story_html import contested_html, stories_overview_html, story_sections_html, xref
from summarizer.render.story_md import matrix_citations

_CSS = """
body{font:16px/1.55 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#1d1d1f}
h1{font-size:1.6em;margin-bottom:.2em} .meta{color:#666;font-size:.9em}
sup.cite{position:relative;font-size:.7em;margin-left:1px}
sup.cite a{text-decoration:none;color:#0b57d0;padding:0 2px;border-radius:3px;background:#e8f0fe}
sup.cite .tip{display:none;position:absolute;left:0;top:1.6em;z-index:5;width:28em;padding:.6em .8em;
 background:#fff;border:1px solid #bbb;border-radius:6px;box-shadow:0 2px 8px #0002;font-size:1.25em;
 line-height:1.4;color:#222;white-space:normal}
sup.cite:hover .tip,sup.cite:focus-within .tip{display:block}
.tip .src{display:block;color:#555;font-size:.85em;margin-top:.3em}
.badge{font-size:.75em;padding:1px 6px;border-radius:9px;background:#e6f4ea;color:#137333;margin-left:.4em}
.badge.single{background:#fef7e0;color:#8a5a00}
.badge.disputed{background:#fce8e6;color:#a50e0e}
.flag{font-size:.8em;color:#b3261e;margin-left:.4em}
.source-text{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:.8em;font-size:.9em}
mark:target{background:#ffd54f;outline:2px solid #f9a825}
mark{background:#fff3c4}
table{border-collapse:collapse;font-size:.9em} td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}
footer{margin-top:2em;color:#555;font-size:.85em;border-top:1px solid #ddd;padding-top:.6em}
"""


def _lang_attrs(doc: Document | None) -> str:
    """' lang="ar" dir="rtl"' for a source whose language is known, else ' dir="auto"' (isolation either way)."""
    if doc is None or not doc.language:
        return ' dir="auto"'
    return f' lang="{escape(doc.language, quote=True)}" dir="{text_direction(doc.language)}"'


def _anchor(c: Citation) -> str:
    return f"p-{c.source_id}-{c.start}-{c.end}"


def _cite_html(c: Citation, doc: Document | None) -> str:
    where = escape(source_line(doc)) if doc else escape(c.source_id)
    href = safe_href(doc.url) if doc else None
    link = f' · <a href="{escape(href, quote=True)}" rel="noopener noreferrer">link</a>' if href else ""
    return (
        f'<sup class="cite"><a href="#{_anchor(c)}">{escape(c.passage_id)}</a>'
        f'<span class="tip">“{escape(c.quote)}”<span class="src">{escape(c.source_id)} · {where}{link}'
        f"</span></span></sup>"
    )


def _statement(st: Statement, b: Briefing) -> str:
    cites = "".join(_cite_html(c, b.source(c.source_id)) for c in st.citations)
    flag = f'<span class="flag">unverified: {escape("; ".join(st.flags))}</span>' if st.flagged else ""
    # <bdi> isolates the sentence's direction: right-to-left source text cannot reorder the citations
    return f"<bdi>{escape(st.text)}</bdi>{cites}{flag}"


def _highlighted_text(doc: Document, spans: list[Citation]) -> str:
    """The article's text, escaped, with every cited span wrapped in an anchored <mark>."""
    parts: list[str] = []
    pos = 0
    ordered = sorted({(c.start, c.end): c for c in spans}.values(), key=lambda c: c.start)
    for n, c in enumerate(ordered):
        if c.start < pos:  # overlapping spans: the first one wins (its start carries this one's anchor)
            continue
        parts.append(escape(doc.text[pos : c.start]))
        inside = "".join(f'<span id="{_anchor(o)}"></span>' for o in ordered[n + 1:] if o.start < c.end)
        parts.append(f'{inside}<mark id="{_anchor(c)}">{escape(doc.text[c.start : c.end])}</mark>')
        pos = c.end
    parts.append(escape(doc.text[pos:]))
    return "".join(parts)


def render_html(b: Briefing) -> str:
    """The briefing as one HTML page with inline CSS and no JavaScript."""
    h: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(b.title)}</title><style>{_CSS}{STORY_CSS}</style></head><body>",
        f"<h1>{escape(b.title)}</h1>",
        f'<p class="meta">{b.generated_at:%Y-%m-%d %H:%M} UTC · {count(len(b.sources), "source")} · '
        f"{escape(b.method.engine)} engine</p>",
        stories_overview_html(b),
        "<h2>Bottom line</h2><p>" + " ".join(_statement(s, b) for s in b.bottom_line) + "</p>",
        "<h2>Key points</h2><ol>",
    ]
    for k in b.key_points:
        cls = "badge disputed" if k.disputed_by else "badge single" if k.single_source else "badge"
        label = corroboration_label(k, xref)  # built from ids and fixed words; each id escaped by xref
        h.append(f'<li>{_statement(k, b)}<span class="{cls}">{label}</span></li>')
    h.append("</ol>")
    if b.contested:
        h += ["<h2>Contested points</h2>", contested_html(b.contested, b, _statement)]
    h.append(story_sections_html(b, _statement, lambda c, br: _cite_html(c, br.source(c.source_id))))
    h.append("<h2>Per-source summaries</h2>")
    for summary in b.source_summaries:
        doc = b.source(summary.source_id)
        if doc is None:
            continue
        h.append(f"<h3>{escape(doc.id)} — <bdi{_lang_attrs(doc)}>{escape(doc_title(doc))}</bdi></h3>")
        meta = escape(source_line(doc))
        href = safe_href(doc.url)
        if href:
            meta += f' · <a href="{escape(href, quote=True)}" rel="noopener noreferrer">{escape(doc.url or "")}</a>'
        elif doc.url:
            meta += f" · {escape(doc.url)}"
        if doc.duplicate_of:
            meta += f" · copy of {xref(doc.duplicate_of)}"
        h.append(f'<p class="meta">{meta}</p><ul{_lang_attrs(doc)}>')
        h += [f"<li>{_statement(s, b)}</li>" for s in summary.statements]
        h.append("</ul>")
    h.append("<h2>Sources</h2><table><tr><th>id</th><th>title</th><th>outlet</th><th>date</th></tr>")
    for d in b.sources:
        copy = f" (copy of {xref(d.duplicate_of)})" if d.duplicate_of else ""
        h.append(
            f'<tr id="{anchor_id(d.id)}"><td>{escape(d.id)}{copy}</td>'
            f"<td><bdi{_lang_attrs(d)}>{escape(doc_title(d))}</bdi></td>"
            f"<td><bdi>{escape(d.outlet or '')}</bdi></td>"
            f"<td>{escape(date_label(d))}</td></tr>"
        )
    h.append("</table><h2>Articles with cited passages</h2>")
    by_source: dict[str, list[Citation]] = {}
    for st in shown_statements(b):
        for cit in st.citations:
            by_source.setdefault(cit.source_id, []).append(cit)
    for cit in matrix_citations(b):  # claim-matrix cells link to passages too
        by_source.setdefault(cit.source_id, []).append(cit)
    for d in b.sources:
        h.append(
            f"<details><summary>{escape(d.id)} — <bdi{_lang_attrs(d)}>{escape(doc_title(d))}</bdi> "
            f"({escape(source_line(d))})</summary>"
            f'<div class="source-text"{_lang_attrs(d)}>{_highlighted_text(d, by_source.get(d.id, []))}</div></details>'
        )
    m = b.method
    h.append(
        f"<footer><p>Engine: {escape(m.engine)} · model: {escape(m.model or '-')} · "
        f"embeddings: {escape(m.embedder or '-')}</p>"
        f"<p>Verification: {escape(verification_line(b))}</p><p>Usage: {escape(usage_line(b))}</p>"
    )
    if m.prompt_versions:
        h.append("<p>Prompts: " + escape(", ".join(f"{k} {v}" for k, v in m.prompt_versions.items())) + "</p>")
    if m.warnings:
        h.append("<ul>" + "".join(f"<li>{escape(w)}</li>" for w in m.warnings) + "</ul>")
    h.append("</footer></body></html>")
    return "\n".join(h) + "\n"
