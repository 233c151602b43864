"""Markdown briefing: readable in a terminal, safe when rendered (source HTML is escaped)."""

from __future__ import annotations

import re

from summarizer.labels import count, doc_title
from summarizer.models import Briefing, Statement
from summarizer.render.common import (
    anchor_id,
    cited_passages,
    corroboration_label,
    date_label,
    source_line,
    usage_line,
    verification_line,
)
from summarizer.render.safety import md_escape, md_link
from summarizer.render.story_md import matrix_citations, stories_overview_md, story_sections_md  # noqa: E402

__all__ = ["md_escape", "render_markdown"]


def _ref(target: str) -> str:
    """A cross-reference ('S3.1', 'C3', 'S2', 'story2'): a shortcut reference link, '[S3.1]', that reads
    the same in a terminal and is a link wherever the Markdown is rendered (its definition,
    '[S3.1]: #s3-1', is listed at the end of the document, and the target carries that id)."""
    return f"[{target}]"


def _cites(st: Statement) -> str:
    ids = list(dict.fromkeys(c.passage_id for c in st.citations))
    # separated by spaces: '[S1.2][S2.2]' would be one link, text S1.2, target S2.2
    return " " + " ".join(_ref(i) for i in ids) if ids else ""


def _anchor(target: str) -> str:
    return f'<a id="{anchor_id(target)}"></a>'


def _flag(st: Statement) -> str:
    return f" *(unverified: {md_escape('; '.join(st.flags))})*" if st.flagged else ""


def render_markdown(b: Briefing) -> str:
    """The briefing as Markdown; citation markers like [S2.14] are listed under 'Cited passages'."""
    out: list[str] = [f"# Briefing: {md_escape(b.title)}", ""]
    out.append(
        f"*{b.generated_at:%Y-%m-%d %H:%M} UTC · {count(len(b.sources), 'source')} · "
        f"{md_escape(b.method.engine)} engine*"
    )
    out += stories_overview_md(b, md_escape)
    out += ["", "## Bottom line", ""]
    out.append(" ".join(md_escape(s.text) + _cites(s) + _flag(s) for s in b.bottom_line) or "_none_")
    out += ["", "## Key points", ""]
    for n, k in enumerate(b.key_points, 1):
        out.append(f"{n}. {md_escape(k.text)}{_cites(k)} — *{corroboration_label(k, _ref)}*{_flag(k)}")
    if b.contested:
        out += ["", "## Contested points", ""]
        for c in b.contested:
            out.append(f"- **{md_escape(c.topic)}**")
            for side in c.sides:
                who = f" ({md_escape(side.speaker)})" if side.speaker else ""
                out.append(f"  - {', '.join(_ref(x) for x in side.sources)}{who}: {md_escape(side.text)}{_cites(side)}")
            if c.note:
                out.append(f"  - *{md_escape(c.note)}*")
    if b.updates:  # issue 12: a revised figure is an update with both dates, not a dispute
        out += ["", "## Updated figures", ""]
        for u in b.updates:
            when = f"{u.earlier_date or 'date unknown'} → {u.later_date or 'date unknown'}"
            out.append(f"- **{md_escape(u.topic)}** ({when}): {md_escape(u.note)}")
            for label, side in (("earlier", u.earlier), ("later", u.later)):
                out.append(f"  - {label}, {', '.join(side.sources)}: {md_escape(side.text)}{_cites(side)}")
    out += story_sections_md(b, md_escape, _cites)
    out += ["", "## Per-source summaries", ""]
    for summary in b.source_summaries:
        doc = b.source(summary.source_id)
        if doc is None:
            continue
        out.append(f"### {doc.id} — {md_escape(doc_title(doc))}")
        meta = md_escape(source_line(doc)) + (f" · {md_link(doc.url)}" if doc.url else "")
        if doc.duplicate_of:
            meta += f" · copy of {_ref(doc.duplicate_of)}"
        out += [f"*{meta}*", ""]
        out += [f"- {md_escape(s.text)}{_cites(s)}{_flag(s)}" for s in summary.statements]
        out.append("")
    out += ["## Sources", "", "| id | title | outlet | date | url |", "|---|---|---|---|---|"]
    for d in b.sources:
        note = f" (copy of {_ref(d.duplicate_of)})" if d.duplicate_of else ""
        out.append(
            f"| {_anchor(d.id)}{d.id}{note} | {md_escape(doc_title(d))} | {md_escape(d.outlet or '')} | "
            f"{md_escape(date_label(d))} | {md_link(d.url)} |"
        )
    out += ["", "## Cited passages", ""]
    listed = cited_passages(b)
    seen = {(c.source_id, c.start, c.end) for c in listed}
    for extra in matrix_citations(b):  # claim-matrix cells cite passages too
        if (extra.source_id, extra.start, extra.end) not in seen:
            seen.add((extra.source_id, extra.start, extra.end))
            listed.append(extra)
    anchored: set[str] = set()
    for cit in listed:
        mark = "" if cit.passage_id in anchored else _anchor(cit.passage_id)
        anchored.add(cit.passage_id)
        out.append(f"- {mark}**{cit.passage_id}** (chars {cit.start}–{cit.end}): “{md_escape(cit.quote)}”")
    out += ["", "## Method", ""]
    m = b.method
    out.append(f"- Engine: {md_escape(m.engine)} · model: {md_escape(m.model or '-')} · "
               f"embeddings: {md_escape(m.embedder or '-')}")
    if m.prompt_versions:
        out.append("- Prompts: " + ", ".join(f"{k} {v}" for k, v in sorted(m.prompt_versions.items())))
    out.append(f"- Verification: {verification_line(b)}")
    out.append(f"- Usage: {usage_line(b)}")
    for w in m.warnings:
        out.append(f"- Warning: {md_escape(w)}")
    out += ["", *_definitions(b, anchored)]
    return "\n".join(out) + "\n"


def _definitions(b: Briefing, passages: set[str]) -> list[str]:
    """Link reference definitions for every cross-reference target the document anchors: cited
    passages, claim rows, sources and the other stories' sections (invisible when rendered)."""
    rows = [r.id for r in [*b.claim_matrix, *(r for s in b.stories[1:] for r in s.claim_matrix)]]
    # passages in reading order (S1.2 before S1.10), so the same briefing renders to the same bytes
    ordered = sorted(passages, key=lambda p: [(0, int(x), "") if x.isdigit() else (1, 0, x)
                                              for x in re.split(r"(\d+)", p)])
    targets = [*ordered, *rows, *(d.id for d in b.sources), *(s.id for s in b.stories[1:])]
    return [f"[{t}]: #{anchor_id(t)}" for t in dict.fromkeys(targets)]
