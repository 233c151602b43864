"""Timeline: dated events, resolved against the article's own date, each cited (rules: story/dates.py).

A sentence yields an entry when it carries a date expression: an absolute
date ('March 12, 2026', '12 March', 'on June 1', 'October 2025', 'in 1961'),
a weekday ('late Thursday', 'on Friday'), a night ('the night of May 31') or
a relative phrase ('yesterday', 'less than 24 hours before', 'two days
after'). Missing parts come from the document's reference date (its
publication date, else a dateline date in its opening): a weekday goes the
way its tense says (story/dates.py), a month-day takes its year. Without a
reference date nothing is invented: 'on Friday' stays undated, 'June 1'
keeps 'year unknown', and relative phrases anchor to the last explicit date
mentioned before them in the same article, else stay undated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from summarizer.models import Document, Sentence, TimelineEntry
from summarizer.passages import cite
from summarizer.segment_rules import is_statement
from summarizer.story.dates import (
    NUMWORDS,
    Expr,
    find_expressions,
    inside_quote,
    is_background,
    is_indefinite,
    month_number,
    relative_shift,
    span_unit,
    weekday_date,
    weekday_direction,
    weekday_number,
)
from summarizer.textrules import is_instruction, role_swap

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_TIME = re.compile(r"\b(?P<h>\d{1,2})(?::(?P<min>\d\d))?\s*(?P<ap>[ap])\.?m\b\.?", re.IGNORECASE)
_TIME24 = re.compile(r"\b(?:a\s+las|um)\s+(?P<h>[01]?\d|2[0-3])[.:](?P<min>[0-5]\d)\b", re.IGNORECASE)
_DATELINES = [
    re.compile(r"\b(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<d>\d{1,2})\.?\s+(?:de\s+)?(?P<mon>[A-Za-zäéû]{3,10})\.?,?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)\b"),
]


def reference_date(doc: Document) -> date | None:
    """The date an article speaks from: its publication date, else a dateline in its first 300 characters
    ('March 13, 2026', '17 de mayo de 2026', '17. Mai 2026')."""
    if doc.published:
        return doc.published
    return _dateline_date(doc.text[:300])


@lru_cache(maxsize=4096)
def _dateline_date(head: str) -> date | None:
    """The first dateline date of an article's opening (``reference_date``; memoized: each document's
    is asked for more than once)."""
    hits = [m for rx in _DATELINES for m in rx.finditer(head) if month_number(m.group("mon"))]
    for m in sorted(hits, key=lambda m: m.start()):
        try:
            return date(int(m.group("y")), month_number(m.group("mon")) or 0, int(m.group("d")))
        except ValueError:
            continue
    return None


_DATELINE_AFTER = re.compile(r"\s*(?:\([^)]{0,60}\))?\s*(?:[—–-]|\.?\s*$)")


def _is_dateline(text: str, e: Expr) -> bool:
    """A date right after a place name in capitals or title case and before '(Agency) —' or the end."""
    words = re.findall(r"[^\W\d_]+", text[: e.start])
    return bool(_DATELINE_AFTER.match(text, e.end)) and all(
        w[0].isupper() or w in ("de", "del", "la", "el", "y", "am", "an", "der", "of") for w in words)


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
    background: bool = False


def _year_for(month: int, day: int, ref: date) -> int:
    """The year of a month-day written on ``ref``: this year, unless that is more than ~6 months ahead."""
    year = ref.year if (month, day) <= (ref.month, ref.day) or month - ref.month < 6 else ref.year - 1
    return ref.year if ref.month - month > 6 else year  # a December article naming 'January 3' of next year


_DETERMINER_BEFORE = re.compile(
    r"(?i)\b(?:the|a|an|this|that|its|their|his|her|last\s+year's|el|la|los|las|der|die|das)\s+"
    r"(?:(?!(?:on|in|at|of|by|for|from|since|until|to|and|or|el|del|de)\b)(?-i:[a-z]+)\s+){0,2}$")  # "the violent Jan. 6 riot"
# a noun after the date, but not one of a dated occasion ("the July 7 meeting", "a Jan. 10 vote"): there the
# date is the occasion's
_NOUN_AFTER = re.compile(r"^\s+(?!(?:meeting|meetings|vote|votes|hearing|hearings|session|sessions|deadline|election|"
                         r"elections|summit|talks|trial|ceremony|launch|deal|agreement|announcement|speech|visit|"
                         r"match|game|race|event|press|news|report|reports|statement|letter|filing|release|memo|"
                         r"interview|briefing|conference|call|post|tweet|order|ruling|decision)\b)[a-z][a-z'’-]+")


def _names_an_event(text: str, e: Expr) -> bool:
    """A month and day without a year used as the name of an event ("the July 7 bombings", "the 7 July
    link"): it names a past event whose year the article's date does not give, so it is not the
    sentence's date (``_find`` passes over it; a held-out audit found "the July 7 bombers" in a 2008
    article dated 2008-07-07)."""
    if e.kind not in ("mdy", "dmy") or e.groups.get("y"):
        return False  # a year makes it a date of its own
    if e.groups.get("part") or e.groups.get("wd"):
        return False  # "on July 7", "since June 3", "Tuesday, July 7": a date, not a name
    return bool(_DETERMINER_BEFORE.search(text[max(0, e.start - 30):e.start])) and bool(_NOUN_AFTER.match(text[e.end:]))


def _resolve(e: Expr, text: str, ref: date | None, anchor: date | None, anchor_md: tuple[int, int] | None,
             speech: date | None) -> _Found | None:
    """Resolve one expression; ``speech`` is the sentence's own anchor (explicit date, or quote time)."""
    g = e.groups
    base = speech or ref
    how_base = f"{'date in the sentence' if speech else 'reference date'} {base}"
    if e.kind == "ymd":
        return _Found(e.text, e.start, date(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0)), "day", "explicit")
    if e.kind in ("mdy", "dmy"):
        month, day = month_number(g["mon"] or "") or 0, int(g["d"] or 0)
        if g.get("y"):
            return _Found(e.text, e.start, date(int(g["y"] or 0), month, day), "day", "explicit")
        if ref:
            return _Found(e.text, e.start, date(_year_for(month, day, ref), month, day), "day",
                          f"year from reference date {ref}")
        label = f"{(g['mon'] or '').rstrip('.').title()} {day} (year unknown)"
        return _Found(e.text, e.start, None, "month_day", "no reference date", partial=label, md=(month, day))
    if e.kind == "my":
        return _Found(e.text, e.start, date(int(g["y"] or 0), month_number(g["mon"] or "") or 0, 1), "month",
                      "explicit")
    if e.kind == "year":
        return _Found(e.text, e.start, date(int(g["y"] or 0), 1, 1), "year", "explicit")
    if e.kind == "wd":
        wd = weekday_number(g["wd"] or "")
        if wd is None or is_indefinite(text, e):
            return None
        if base is None:
            return _Found(e.text, e.start, None, "unknown", "no reference date",
                          partial=f"{(g['wd'] or '').capitalize()} (date unknown)")
        direction = weekday_direction(text, e)
        if direction in ("yesterday", "today", "tomorrow"):
            when = base + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[direction])
            if when.weekday() != wd:  # 'ayer domingo' on a Wednesday: the text contradicts itself
                return _Found(e.text, e.start, None, "unknown", f"weekday does not match {direction}",
                              partial=f"{(g['wd'] or '').capitalize()} (date unknown)")
            return _Found(e.text, e.start, when, "day", f"{direction} from {how_base}")
        if direction in ("forward", "back", "nearest") and wd == base.weekday():
            return _Found(e.text, e.start, base, "day", f"same weekday as {how_base}")
        names = {"next": "next", "last": "previous", "forward": "coming (future tense)", "back": "previous",
                 "nearest": "nearest (future seen from the past)"}
        return _Found(e.text, e.start, weekday_date(wd, base, direction), "day",
                      f"{names[direction]} weekday from {how_base}")
    if e.kind == "rel":
        if base is None:
            return _Found(e.text, e.start, None, "unknown", "no reference date", partial=f"{e.text} (date unknown)")
        return _Found(e.text, e.start, base + timedelta(days=relative_shift(e)), "day", f"relative to {how_base}")
    if e.kind == "ago":
        n = NUMWORDS.get((g["n"] or "").lower()) or int(g["n"] or 0)
        days = {"hour": n / 24, "day": n, "week": 7 * n}[span_unit(g["unit"] or "")]
        sign = 1 if (g["dir"] or "").lower() in ("after", "later") else -1
        start = ref if (g["dir"] or "").lower() in ("ago", "hace", "vor") else anchor
        step = sign * max(round(days), 0 if days < 1 else 1)
        if start is None and anchor_md is not None:
            approx = date(2000, *anchor_md) + timedelta(days=step)
            label = f"about {approx.strftime('%B')} {approx.day} (year unknown; {e.text})"
            return _Found(e.text, e.start, None, "month_day", "relative to an earlier date in the text",
                          approximate=True, partial=label, md=(approx.month, approx.day))
        if start is None:
            return _Found(e.text, e.start, None, "unknown", "no anchor date", partial=e.text)
        how = f"relative to {'reference date' if start is ref else 'earlier date in the text'} {start}"
        return _Found(e.text, e.start, start + timedelta(days=step), "day", how, approximate=True)
    return None


def _speech_date(text: str, exprs: list[Expr], e: Expr, ref: date | None) -> date | None:
    """The sentence's own anchor for ``e``: an explicit full date before it in the sentence ('On March 3,
    officials said the bridge would reopen on Friday'; never for 'yesterday', which speaks from the
    writer's day), else, for a date inside a quotation, the date the quote was spoken (a date
    expression outside the quotation)."""
    deictic = e.kind == "rel" or (e.kind == "wd" and weekday_direction(text, e) in ("yesterday", "today", "tomorrow"))
    for other in exprs:
        if not deictic and other.end <= e.start and other.kind in ("ymd", "mdy", "dmy") \
                and not _names_an_event(text, other):
            f = _resolve(other, text, ref, None, None, None)
            if f and f.when and f.precision == "day":
                return f.when
    if inside_quote(text, e.start):
        for other in exprs:
            if other is not e and not inside_quote(text, other.start) and other.kind in ("wd", "rel"):
                f = _resolve(other, text, ref, None, None, None)
                if f and f.when:
                    return f.when
    return None


def _find(text: str, ref: date | None, anchor: date | None,
          anchor_md: tuple[int, int] | None = None) -> _Found | None:
    """The sentence's event date: its first date expression that is not background (else the first
    background one), resolved as far as honest."""
    exprs = find_expressions(text)
    first_background: _Found | None = None
    for e in exprs:
        if e.kind in ("mdy", "dmy", "ymd") and e.start < 80 and _is_dateline(text, e):
            continue  # 'DARROW JUNCTION, April 15, 2026 (Wire) —': when it was written, not an event
        if _names_an_event(text, e):
            continue  # 'profiles of the July 7 bombers were released on Tuesday': Tuesday is the event
        try:
            found = _resolve(e, text, ref, anchor, anchor_md, _speech_date(text, exprs, e, ref))
        except (ValueError, KeyError, OverflowError):
            continue
        if found is None:
            continue
        found.background = is_background(text, e, found.when, found.precision, ref)
        if not found.background:
            return found
        first_background = first_background or found
    return first_background


def _clock(text: str, at: int | None = None) -> str | None:
    """The clock time in ``text`` ('11:40 p.m.' -> '23:40'), or None. With ``at`` (the start of the date
    expression the entry is dated by), only a time whose nearest date expression is that one: in
    'kept out of their homes on Wednesday after a train derailed shortly before 11 p.m. Tuesday' the
    11 p.m. is Tuesday's, so a Wednesday entry gets no clock time."""
    m = _TIME.search(text)
    if m:
        h = int(m.group("h")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
        found, clock = m, f"{h:02d}:{int(m.group('min') or 0):02d}"
    else:
        m24 = _TIME24.search(text)
        if m24 is None:
            return None
        found, clock = m24, f"{int(m24.group('h')):02d}:{m24.group('min')}"
    if at is not None:
        exprs = find_expressions(text)
        if exprs:
            def gap(e: Expr) -> int:
                return max(e.start - found.end(), found.start() - e.end, 0)
            if min(exprs, key=gap).start != at:
                return None
    return clock


def _display(f: _Found, clock: str | None) -> str:
    if f.when is None:
        return f.partial or f.expression
    if f.precision == "year":
        return str(f.when.year)
    if f.precision == "month":
        return f.when.strftime("%Y-%m")
    text = f.when.isoformat() + (f" {clock}" if clock else "")
    return ("about " if f.approximate else "") + text


def _when(f: _Found, clock: str | None) -> str:
    return _display(f, clock) + (" (background)" if f.background else "")


def document_timeline(doc: Document, sentences: Sequence[Sentence] | None = None) -> list[TimelineEntry]:
    """Entries for every dated sentence of one (segmented) document, in text order."""
    return [e for _, e in _entries(doc, sentences)]


def _entries(doc: Document, sentences: Sequence[Sentence] | None = None) -> list[tuple[tuple, TimelineEntry]]:
    ref = reference_date(doc)
    anchor: date | None = None
    anchor_md: tuple[int, int] | None = None
    out: list[tuple[tuple, TimelineEntry]] = []
    for s in sentences if sentences is not None else doc.sentences:
        if not is_statement(s.text, doc.language) or is_instruction(s.text):  # never a fragment or an instruction
            continue
        found = _find(s.text, ref, anchor, anchor_md)
        if found is None:
            continue
        if (found.when is not None and found.precision == "day" and not found.background
                and (found.how == "explicit" or found.how.startswith("year from"))):
            anchor = found.when
        if found.md is not None and not found.approximate:
            anchor_md = found.md
        clock = _clock(s.text, found.start) if found.precision == "day" else None
        if found.background:
            order: tuple = (3, found.when.isoformat() if found.when else "", "")
        elif found.when is not None:
            order = (0, found.when.isoformat() + ("" if found.precision == "day" else "!"), clock or "")
        elif found.md is not None:
            order = (1, f"{found.md[0]:02d}-{found.md[1]:02d}", "")
        else:
            order = (2, "", "")
        out.append((order, TimelineEntry(
            text=s.text, citations=[cite(s)], source_id=doc.id, sources=[doc.id],
            expression=found.expression, date=found.when, time=clock,
            precision=found.precision if found.when or found.precision == "month_day" else "unknown",  # type: ignore[arg-type]
            when=_when(found, clock), resolved_from=found.how, approximate=found.approximate,
            background=found.background,
        )))
    return out


def build_timeline(docs: Sequence[Document], max_entries: int = 40) -> list[TimelineEntry]:
    """The story's timeline: dated entries in date order, then partial dates, then undated ones, then
    background mentions ('since 2014', earlier events), marked as such.

    Entries from different sources on the same day and time that share most
    of their words are merged into one entry citing all of them.
    """
    entries = [pair for d in docs for pair in _entries(d)]
    order = {id(e): k for k, e in entries}
    merged: list[TimelineEntry] = []
    for _, e in entries:
        twin = next((m for m in merged if m.date and m.date == e.date and m.background == e.background
                     and e.source_id not in m.sources and (m.time == e.time or not (m.time and e.time))
                     and _overlap(m.text, e.text) >= 0.5 and not role_swap(e.text, [m.text])), None)
        if twin is None:
            merged.append(e)
        elif e.time and not twin.time:  # the entry with a clock time leads: it is the more precise one
            e.citations.extend(twin.citations)
            e.sources[:0] = [s for s in twin.sources if s != e.source_id]
            merged[merged.index(twin)] = e
            order[id(e)] = min(order[id(e)], order[id(twin)])
        else:
            twin.citations.append(e.citations[0])
            if e.source_id not in twin.sources:
                twin.sources.append(e.source_id)

    return sorted(merged, key=lambda e: order[id(e)])[:max_entries]


def _overlap(a: str, b: str) -> float:
    wa = {w for w in re.findall(r"\w{4,}", a.lower())}
    wb = {w for w in re.findall(r"\w{4,}", b.lower())}
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
