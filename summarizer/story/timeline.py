"""Timeline: dated events, resolved against the article's own date, each cited.

A sentence yields an entry when it carries a date expression: an absolute
date ('March 12, 2026', '12 March', 'on June 1', 'October 2025', 'in 1961'),
a weekday ('late Thursday', 'on Friday'), a night ('the night of May 31') or
a relative phrase ('yesterday', 'less than 24 hours before', 'two days
after'). Missing parts come from the document's reference date (its
publication date, else a dateline date in its opening): a weekday is the
latest such day on or before it, a month-day takes its year. Without a
reference date nothing is invented: 'on Friday' stays undated, 'June 1'
keeps 'year unknown', and relative phrases anchor to the last explicit date
mentioned before them in the same article, else stay undated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from summarizer.models import Document, Sentence, TimelineEntry
from summarizer.passages import cite
from summarizer.segment_rules import is_statement

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_MON = {**MONTHS, **{m[:3]: i for m, i in MONTHS.items()}, "sept": 9}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_M = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_PART = r"(?:(?P<part>late|early|on|last|this)\s+)?(?:the\s+(?:night|morning|evening|afternoon)\s+of\s+)?"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PATTERNS = [
    ("ymd", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("mdy", re.compile(rf"{_PART}(?:{_WD},?\s+)?\b{_M}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b")),
    ("dmy", re.compile(rf"{_PART}(?:{_WD},?\s+)?\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_M}(?:,?\s+(?P<y>(?:19|20)\d\d))?\b")),
    ("my", re.compile(rf"\b(?:in\s+)?{_M}\s+(?P<y>(?:19|20)\d\d)\b")),
    ("wd", re.compile(rf"\b(?P<part>late|early|on|last|this|by|since|until|from)?\s*{_WD}(?:\s+(?P<tod>night|morning|evening|afternoon))?\b")),
    ("rel", re.compile(r"\b(?P<rel>yesterday|today|tonight|last night)\b", re.IGNORECASE)),
    ("ago", re.compile(
        r"\b(?:(?P<q>less than|more than|about|nearly|some)\s+)?(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+"
        r"(?P<unit>hours?|days?|weeks?)\s+(?P<dir>earlier|ago|later|(?:before|after)(?=\s*[,.;]|$))",
        re.IGNORECASE)),
    ("year", re.compile(r"\b(?:in|since|by|of|from|until)\s+(?P<y>(?:19|20)\d\d)\b")),
]
_TIME = re.compile(r"\b(?P<h>\d{1,2})(?::(?P<min>\d\d))?\s*(?P<ap>[ap])\.?m\b\.?", re.IGNORECASE)
_NUMWORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_DATELINE = re.compile(rf"\b{_M}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d\d)\b")


def reference_date(doc: Document) -> date | None:
    """The date an article speaks from: its publication date, else a dateline in its first 300 characters."""
    if doc.published:
        return doc.published
    m = _DATELINE.search(doc.text[:300])
    if m:
        try:
            return date(int(m.group("y")), _MON[m.group("mon").lower().rstrip(".")], int(m.group("d")))
        except ValueError:
            return None
    return None


@dataclass
class _Found:
    expression: str
    start: int
    when: date | None
    precision: str
    how: str
    approximate: bool = False
    partial: str = ""  # display text when the date is partial ('June 1 (year unknown)')
    md: tuple[int, int] | None = None  # month and day of a date whose year is unknown


def _weekday_before(ref: date, wd: int) -> date:
    return ref - timedelta(days=(ref.weekday() - wd) % 7)


def _find(text: str, ref: date | None, anchor: date | None,
          anchor_md: tuple[int, int] | None = None) -> _Found | None:
    """The first date expression of a sentence (earliest in the text, then most specific), resolved
    as far as honest."""
    hits = [(m.start(), n, kind, m) for n, (kind, rx) in enumerate(_PATTERNS) if (m := rx.search(text))]
    # 'from Monday, March 16': the weekday belongs to the explicit date that follows it
    dated = [m for _, _, kind, m in hits if kind in ("mdy", "dmy", "ymd")]
    hits = [h for h in hits if not (h[2] == "wd" and any(d.start() <= h[3].end("wd") <= d.end() for d in dated))]
    for _, _, kind, m in sorted(hits, key=lambda h: (h[0], h[1])):
        g = m.groupdict()
        expr = m.group().strip()
        try:
            if kind == "ymd":
                return _Found(expr, m.start(), date(int(g["y"]), int(g["m"]), int(g["d"])), "day", "explicit")
            if kind in ("mdy", "dmy"):
                month, day = _MON[g["mon"].lower().rstrip(".")], int(g["d"])
                if g.get("y"):
                    return _Found(expr, m.start(), date(int(g["y"]), month, day), "day", "explicit")
                if ref:
                    year = ref.year if (month, day) <= (ref.month, ref.day) or month - ref.month < 6 else ref.year - 1
                    if ref.month - month > 6:
                        year = ref.year  # e.g. a December article naming 'January 3' of next year stays honest
                    return _Found(expr, m.start(), date(year, month, day), "day", f"year from reference date {ref}")
                label = f"{g['mon'].rstrip('.').title()} {day} (year unknown)"
                return _Found(expr, m.start(), None, "month_day", "no reference date", partial=label,
                              md=(month, day))
            if kind == "my":
                return _Found(expr, m.start(), date(int(g["y"]), _MON[g["mon"].lower().rstrip(".")], 1), "month",
                              "explicit")
            if kind == "wd":
                wd = WEEKDAYS.index(g["wd"].lower())
                if ref is None:
                    return _Found(expr, m.start(), None, "unknown", "no reference date",
                                  partial=f"{g['wd']} (date unknown)")
                return _Found(expr, m.start(), _weekday_before(ref, wd), "day", f"weekday before reference date {ref}")
            if kind == "rel":
                if ref is None:
                    continue
                shift = 0 if g["rel"].lower() in ("today", "tonight") else 1
                return _Found(expr, m.start(), ref - timedelta(days=shift), "day", f"relative to reference date {ref}")
            if kind == "ago":
                n = _NUMWORDS.get(g["n"].lower()) or int(g["n"])
                days = {"hour": n / 24, "day": n, "week": 7 * n}[g["unit"].lower().rstrip("s")]
                sign = 1 if g["dir"].lower() in ("after", "later") else -1
                base = ref if g["dir"].lower() == "ago" else anchor
                if base is None and anchor_md is not None:
                    approx = date(2000, *anchor_md) + timedelta(days=sign * max(round(days), 0 if days < 1 else 1))
                    label = f"about {approx.strftime('%B')} {approx.day} (year unknown; {expr})"
                    return _Found(expr, m.start(), None, "month_day", "relative to an earlier date in the text",
                                  approximate=True, partial=label, md=(approx.month, approx.day))
                if base is None:
                    return _Found(expr, m.start(), None, "unknown", "no anchor date", partial=expr)
                when = base + timedelta(days=sign * max(round(days), 0 if days < 1 else 1))
                how = f"relative to {'reference date' if base is ref else 'earlier date in the text'} {base}"
                return _Found(expr, m.start(), when, "day", how, approximate=True)
            if kind == "year":
                return _Found(expr, m.start(), date(int(g["y"]), 1, 1), "year", "explicit")
        except (ValueError, KeyError):
            continue
    return None


def _clock(text: str) -> str | None:
    m = _TIME.search(text)
    if not m:
        return None
    h = int(m.group("h")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
    return f"{h:02d}:{int(m.group('min') or 0):02d}"


def _display(f: _Found, clock: str | None) -> str:
    if f.when is None:
        return f.partial or f.expression
    if f.precision == "year":
        return str(f.when.year)
    if f.precision == "month":
        return f.when.strftime("%Y-%m")
    text = f.when.isoformat() + (f" {clock}" if clock else "")
    return ("about " if f.approximate else "") + text


def document_timeline(doc: Document, sentences: Sequence[Sentence] | None = None) -> list[TimelineEntry]:
    """Entries for every dated sentence of one (segmented) document, in text order."""
    return [e for _, e in _entries(doc, sentences)]


def _entries(doc: Document, sentences: Sequence[Sentence] | None = None) -> list[tuple[tuple, TimelineEntry]]:
    ref = reference_date(doc)
    anchor: date | None = None
    anchor_md: tuple[int, int] | None = None
    out: list[tuple[tuple, TimelineEntry]] = []
    for s in sentences if sentences is not None else doc.sentences:
        if not is_statement(s.text, doc.language):  # never a fragment as an event (segment_rules)
            continue
        found = _find(s.text, ref, anchor, anchor_md)
        if found is None:
            continue
        if found.when is not None and (found.how == "explicit" or found.how.startswith("year from")):
            anchor = found.when
        if found.md is not None and not found.approximate:
            anchor_md = found.md
        clock = _clock(s.text) if found.precision == "day" else None
        if found.when is not None:
            order: tuple = (0, found.when.isoformat() + ("" if found.precision == "day" else "!"), clock or "")
        elif found.md is not None:
            order = (1, f"{found.md[0]:02d}-{found.md[1]:02d}", "")
        else:
            order = (2, "", "")
        out.append((order, TimelineEntry(
            text=s.text, citations=[cite(s)], source_id=doc.id, sources=[doc.id],
            expression=found.expression, date=found.when, time=clock,
            precision=found.precision if found.when or found.precision == "month_day" else "unknown",  # type: ignore[arg-type]
            when=_display(found, clock), resolved_from=found.how, approximate=found.approximate,
        )))
    return out


def build_timeline(docs: Sequence[Document], max_entries: int = 40) -> list[TimelineEntry]:
    """The story's timeline: dated entries in date order, then partial dates, then undated ones.

    Entries from different sources on the same day and time that share most
    of their words are merged into one entry citing all of them.
    """
    entries = [pair for d in docs for pair in _entries(d)]
    order = {id(e): k for k, e in entries}
    merged: list[TimelineEntry] = []
    for _, e in entries:
        twin = next((m for m in merged if m.date and m.date == e.date and m.time == e.time
                     and _overlap(m.text, e.text) >= 0.5), None)
        if twin is None:
            merged.append(e)
        else:
            twin.citations.append(e.citations[0])
            if e.source_id not in twin.sources:
                twin.sources.append(e.source_id)

    return sorted(merged, key=lambda e: order[id(e)])[:max_entries]


def _overlap(a: str, b: str) -> float:
    wa = {w for w in re.findall(r"\w{4,}", a.lower())}
    wb = {w for w in re.findall(r"\w{4,}", b.lower())}
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
