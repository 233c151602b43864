"""Small helpers the renderers share."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.labels import count
from summarizer.models import Briefing, Citation, Document, KeyPoint, Statement, TimelineEntry


def anchor_id(ref: str) -> str:
    """The fragment id a cross-reference points at: 'S3.1' -> 's3-1', 'C3' -> 'c3', 'story2' -> 'story2'
    (lower case letters, digits and hyphens only, so it is the same in every renderer)."""
    return re.sub(r"[^a-z0-9]+", "-", ref.lower()).strip("-")


def date_label(doc: Document) -> str:
    """The publication date as known: '2026-03-14', '2026-03 (month only)', '2026 (year only)',
    '2026-03-12 or 2026-12-03 (day/month order unknown)', or '' when none."""
    if doc.published:
        return doc.published.isoformat()
    info = doc.published_info
    if info is None:
        return ""
    if info.ambiguous and info.alternatives:
        return f"{' or '.join(info.alternatives)} (day/month order unknown)"
    return f"{info.value} ({info.precision} only)" if info.precision != "day" else info.value


def source_line(doc: Document) -> str:
    """'Outlet, 2026-03-14' (whatever is known, plus 'truncated teaser'), for headings and tooltips."""
    parts = [doc.outlet or "unknown outlet"]
    if when := date_label(doc):
        parts.append(when)
    if doc.truncated:
        parts.append("truncated teaser")
    return ", ".join(parts)


def corroboration_label(point: KeyPoint, ref: Callable[[str], str] | None = None) -> str:
    """'3 sources agree', 'single source', plus who disputes it and where it is compared.

    ``ref`` turns each cross-reference (the disputing source ids, the claim row 'C3') into a
    link in the caller's format; plain text without it."""
    link = ref or (lambda x: x)
    label = "single source" if point.single_source else f"{count(point.corroboration, 'source')} agree"
    if point.disputed_by:
        where = f" (see {link(point.claim_row)})" if point.claim_row else ""
        label += f"; disputed by {', '.join(link(s) for s in point.disputed_by)}{where}"
    if point.beyond_budget:
        label += "; further corroborated fact (beyond the word budget)"
    return label


BACKGROUND_DAYS = 365


def split_background(entries: list[TimelineEntry]) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """(events, background): entries dated more than a year before the latest dated entry are
    background mentions ('built in 1961', 'since 2014'), shown apart from the story's events."""
    dated = [e.date for e in entries if e.date is not None]
    if not dated:
        return entries, []
    latest = max(dated)
    old = [e for e in entries if e.date is not None and (latest - e.date).days > BACKGROUND_DAYS]
    return [e for e in entries if e not in old], old


def shown_statements(briefing: Briefing) -> list[Statement]:
    """Every statement a rendered briefing shows: the main story's (``Briefing.all_statements``), then
    the other stories' bottom lines, key points, contested sides and timelines."""
    out = briefing.all_statements()
    for s in briefing.stories[1:]:
        out += [*s.bottom_line, *s.key_points, *(x for c in s.contested for x in c.sides), *s.timeline]
    return out


def cited_passages(briefing: Briefing) -> list[Citation]:
    """Every distinct citation in reading order (first use wins)."""
    seen: dict[tuple[str, int, int], Citation] = {}
    for st in shown_statements(briefing):
        for c in st.citations:
            seen.setdefault((c.source_id, c.start, c.end), c)
    return list(seen.values())


def verification_line(briefing: Briefing) -> str:
    v = briefing.verification
    return (
        f"{count(v.checked, 'sentence')} checked, {v.supported} supported, {v.flagged} flagged, "
        f"{v.dropped} dropped, {count(v.invented_ids_removed, 'invented id')} removed; "
        f"{v.citations_valid}/{count(v.citations_checked, 'citation')} {'resolves' if v.citations_checked == 1 else 'resolve'}"
    )


def usage_line(briefing: Briefing) -> str:
    u = briefing.usage
    t = u.total
    llm = (
        f"; LLM: {count(t.calls, 'call')}, {count(t.cache_hits, 'cache hit')}, "
        f"{t.prompt_tokens} prompt + {count(t.completion_tokens, 'completion token')}"
        if t.calls or t.cache_hits
        else ""
    )
    return f"{count(u.input_tokens, 'input token')}, {u.wall_seconds:.2f} s{llm}"
