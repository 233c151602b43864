"""Date expressions in running text (English, Spanish, German, plus French/Italian/Portuguese
names), resolved in the direction the tense says.

Month and weekday names come from Babel's CLDR data (``babel.dates``), so
each language's spelling is the maintained one; finding the expressions and
deciding their direction is ours, because general parsers misread running
text (dateparser reads "may" and "at 2 a" as dates and resolves a future
"on Thursday" to last week: docs/decisions.md has the figures).

Rules (docs/story.md, "Timeline"):

- A weekday is resolved against its anchor: an explicit day-precision date
  elsewhere in the sentence, else (inside a quotation) the date the quote
  was spoken, else the article's reference date.
- "next Monday", "el próximo lunes", "nächsten Montag" is the first such day
  strictly after the anchor; "last Tuesday", "el pasado sábado", "letzten
  Dienstag" the first strictly before (so "last Tuesday" on a Tuesday is
  the week before); "yesterday/ayer/gestern Sunday" the day before.
- Otherwise the anchor's own weekday means the anchor day; a different
  weekday goes forward when its clause is future ("will", "expected to",
  "comenzará", "wird", an "if" clause in the present) or the weekday follows
  "until/through/hasta/bis" with no simple past in the clause; else back.
- Years, months away from the reference month, dates more than 30 days
  before it, "since 2014" and anniversaries are background, not events.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from summarizer.textrules import regex_trie

_LANGS = ("en", "es", "de", "fr", "it", "pt")


@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, int], dict[str, int]]:
    """Month name -> 1..12 and weekday name -> 0..6 (Monday 0), every casing a text may use."""
    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for lang in _LANGS:
        for ctx in ("format", "stand-alone"):
            for n, name in get_month_names("wide", context=ctx, locale=lang).items():
                months[name.lower()] = n
        for n, name in get_day_names("wide", locale=lang).items():
            days[name.lower()] = n  # babel numbers Monday 0
    for name, n in list(months.items()):
        if len(name) > 3 and name.isascii():
            months.setdefault(name[:3], n)  # Jan, Feb, ... (English-style abbreviations)
    months["sept"] = 9
    days["sonnabend"] = 5
    return months, days


def month_number(name: str) -> int | None:
    """1..12 for a month name or abbreviation in any supported language ('Sept.', 'mayo', 'März')."""
    return _vocab()[0].get(name.lower().rstrip("."))


def weekday_number(name: str) -> int | None:
    """0 (Monday)..6 for a weekday name, German compounds included ('Sonntagabend')."""
    days = _vocab()[1]
    w = name.lower()
    if w in days:
        return days[w]
    for d, n in days.items():
        if w.startswith(d):
            return n
    return None


def _alt(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


def _month_alt() -> str:
    months = _vocab()[0]
    forms = [n.capitalize() for n in months] + [n for n in months if len(n) > 3 and n != "may"]
    forms += [n.upper() for n in months if len(n) > 3]
    return rf"(?P<mon>{_alt(forms)})\.?"


def _weekday_alt() -> str:
    days = _vocab()[1]
    forms = [n.capitalize() for n in days] + [n for n in days if not n.isascii() or n in (
        "lunes", "martes", "jueves", "viernes", "domingo", "lundi", "mardi", "jeudi", "vendredi", "samedi",
        "dimanche", "mercredi", "sabato", "domenica")]
    compound = r"(?:abend|morgen|nachmittag|vormittag|nacht|mittag)?"
    return rf"(?P<wd>(?:{_alt(forms)}){compound})\b"


_NEXT = r"next|this\s+coming|coming|(?:el\s+|la\s+)?pr[oó]xim[oa]|n[äa]chsten|n[äa]chster|kommenden|kommender|am\s+kommenden|am\s+n[äa]chsten"
_LAST = r"last|this\s+past|(?:el\s+|la\s+)?pasad[oa]|letzten|letzter|vergangenen|vergangener|am\s+vergangenen|am\s+letzten"
_THIS = r"this|est[ea]|diesen|dieser|ce"
_YEST = r"yesterday|ayer|gestern"
_TODAY = r"today|hoy|heute"
_TOMORROW = r"tomorrow|ma[ñn]ana|morgen"
_SINCE = r"since|desde\s+el|seit|depuis"
_UNTIL = r"until|till|through|hasta\s+el|bis(?:\s+zum)?|jusqu'[àa]"
_MOD = (rf"(?:\b(?P<mod>(?i:{_NEXT}|{_LAST}|{_YEST}|{_TODAY}|{_SINCE}|{_UNTIL}|{_THIS}|late|early|on|by|from|el|am|le|"
        rf"la\s+noche\s+del|la\s+madrugada\s+del|la\s+tarde\s+del|la\s+ma[ñn]ana\s+del|"
        r"a\s+las\s+[\d.:]+\s+(?:horas\s+)?del|the\s+(?:night|morning|evening|afternoon)\s+of)"
        r")\s+)")
_POST = r"(?:\s+(?P<post>(?i:pr[oó]ximo|pasado|prochain|dernier)))?"
_TOD = r"(?:\s+(?P<tod>night|morning|evening|afternoon|noche|tarde|abend|nachmittag))?"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    mon, wd = _month_alt(), _weekday_alt()
    wd_prefix = rf"(?:{wd},?\s+(?:(?i:the|el|den|dem|le)\s+)?)?"
    part = (r"(?:(?P<part>(?i:late|early|on|the\s+(?:night|morning|evening|afternoon)\s+of|"
            r"la\s+(?:noche|madrugada|tarde|ma[ñn]ana)\s+del?|el|am|le|since|desde\s+el|seit))\s+)?")
    return [
        ("ymd", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
        ("mdy", re.compile(rf"{part}{wd_prefix}\b{mon}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?")),
        ("dmy", re.compile(rf"{part}{wd_prefix}\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?{mon}"
                           rf"(?:,?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)\b)?")),
        ("my", re.compile(rf"\b(?:(?P<part>(?i:in|since|en|desde|seit|im))\s+)?{mon}\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)\b")),
        ("wd", re.compile(rf"{_MOD}?\b{wd}{_POST}{_TOD}")),
        ("rel", re.compile(r"(?i:\b(?P<rel>yesterday|today|tonight|last\s+night|tomorrow|this\s+morning|"
                           r"ayer|hoy|anoche|esta\s+ma[ñn]ana|esta\s+noche|anteayer|pasado\s+ma[ñn]ana|"
                           r"gestern|heute|vorgestern|[üu]bermorgen)\b)|\b(?P<rel2>morgen)\b|"
                           r"(?<![Ll]a\s)(?<![Ee]sta\s)(?<![Pp]or\s)(?<![Dd]e\s)\b(?P<rel3>mañana)\b")),
        ("ago", re.compile(
            r"\b(?:(?P<q>less than|more than|about|nearly|some)\s+)?(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+"
            r"(?P<unit>hours?|days?|weeks?)\s+(?P<dir>earlier|ago|later|(?:before|after)(?=\s*[,.;]|$))",
            re.IGNORECASE)),
        ("ago", re.compile(
            r"\b(?P<dir>hace|vor)\s+(?P<n>\d+|una?|dos|tres|cuatro|cinco|seis|siete|einem|einer|zwei|drei|vier|"
            r"fünf|sechs|sieben)\s+(?P<unit>horas?|d[ií]as?|semanas?|Stunden?|Tag(?:en)?|Wochen?)\b",
            re.IGNORECASE)),
        ("year", re.compile(r"\b(?P<part>(?i:in|since|by|of|from|until|en|desde|hasta|seit|bis|im\s+Jahr))\s+"
                            r"(?P<y>(?:19|20)\d\d)\b")),
    ]


_REL_SHIFT = {"yesterday": -1, "today": 0, "tonight": 0, "last night": -1, "tomorrow": 1, "this morning": 0,
              "ayer": -1, "hoy": 0, "anoche": -1, "esta mañana": 0, "esta manana": 0, "esta noche": 0,
              "anteayer": -2, "pasado mañana": 2, "pasado manana": 2, "gestern": -1, "heute": 0,
              "vorgestern": -2, "übermorgen": 2, "ubermorgen": 2, "morgen": 1, "mañana": 1}
NUMWORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
            "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7}
_UNITS = {"h": "hour", "s": "hour", "d": "day", "t": "day", "w": "week"}


def span_unit(word: str) -> str:
    """'hour', 'day' or 'week' for a unit word in English, Spanish or German ('días', 'Tagen', 'semanas')."""
    w = word.lower()
    if w.startswith("sem"):
        return "week"
    return _UNITS.get(w[0], "day")

# Clause boundaries (the tense of a date is read from its own clause, before it).
_BOUNDARY = re.compile(
    r"[,;:—–()\"“”«»]|\b(?:that|which|who|when|since|after|before|because|while|and|but|where|although|"
    r"que|cuando|porque|mientras|dass|als|nachdem|weil|und|aber)\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|shall|won't|going\s+to|expects?\s+to|expected\s+to|plans?\s+to|planned\s+to|scheduled\s+to|"
    r"set\s+to|is\s+to|are\s+to|aims?\s+to|hopes?\s+to|intends?\s+to|would|upcoming|"
    r"(?:scheduled|set|slated|planned|due)\s+for|slated\s+to|forecast\s+to|to\s+be\s+held|"
    r"va\s+a|van\s+a|prev[eé]|previst[oa]s?|programad[oa]s?|wird|werden|soll|sollen|wollen)\b|'ll\b|"
    r"\b\w{2,}rán?\b",
    re.IGNORECASE)
_SCHEDULE = re.compile(
    r"\b(?:open|opens|begin|begins|start|starts|resume|resumes|reopen|reopens|meet|meets|close|closes|"
    r"expire|expires|kick\s+off|kicks\s+off|takes?\s+effect|goes\s+into\s+effect|go\s+into\s+effect)\b",
    re.IGNORECASE)
_SIMPLE_PAST = re.compile(r"\b\w{3,}ed\b|\b(?:began|met|went|came|took|saw|left|fell|hit|struck|"
                          r"shut|rose|broke|sank|found|made|held|kept|ran|spent|gave|got)\b", re.IGNORECASE)
_IF = re.compile(r"^\W*(?:if|unless|once|si|wenn|falls)\b", re.IGNORECASE)
_PAST = re.compile(r"\b(?:was|were|had|did|remained|stayed|lasted|fue|fueron|estuvo|war|waren|hatte)\b",
                   re.IGNORECASE)
_ANNIVERSARY = re.compile(r"\b(?:anniversary|aniversario|jahrestag|anniversaire|anniversario)\b", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“”«»]")


@dataclass
class Expr:
    """One date expression found in a sentence (offsets into the sentence)."""

    kind: str
    start: int
    end: int
    text: str
    groups: dict[str, str | None]


@lru_cache(maxsize=1)
def _triggers() -> dict[str, frozenset[str]]:
    """Per kind of expression, lower-case words without one of which it cannot occur (a cheap gate:
    most sentences hold no date at all)."""
    months, days = _vocab()
    day_words = [*days, *(d + c for d in days for c in ("abend", "morgen", "nachmittag", "vormittag", "nacht",
                                                        "mittag"))]
    units = ["hours", "hour", "days", "day", "weeks", "week", "horas", "hora", "días", "dias", "día", "semanas",
             "semana", "stunden", "stunde", "tagen", "tag", "wochen", "woche"]
    return {"month": frozenset(months), "wd": frozenset(day_words), "ago": frozenset(units),
            "rel": frozenset([w for k in _REL_SHIFT for w in k.split()] + ["tonight", "anoche"])}


@lru_cache(maxsize=1)
def _trigger_words() -> re.Pattern[str]:
    """Every word of ``_triggers`` as a whole run of letters (lower case): finds which of them a lower-cased
    text holds without listing all its words (a trigger that is no run of letters, 'sexta-feira', is never
    one of the text's words)."""
    words = {w for w in set().union(*_triggers().values()) if re.fullmatch(r"[^\W\d_]+", w)}
    return re.compile(rf"(?<![^\W\d_]){regex_trie(sorted(words))}(?![^\W\d_])")


@lru_cache(maxsize=1)
def _cores() -> dict[str, tuple[re.Pattern[str], int]]:
    """Per slow pattern (an optional prefix of a few words before its core), the core every match
    contains and the most whitespace-separated tokens its prefix may hold before the core.

    A match of ``mdy`` is ``[part] [weekday[,] [the]] <core>``; wherever the core matches, the whole
    pattern matches there too (its prefix and tail are optional), so ``_scan`` only runs the full
    pattern over the few words before each core match instead of at every position of the sentence.
    Prefix lengths: 'the night of' / 'la noche del' (3) + a weekday (1) + 'the' (1); 'a las 10.30 horas
    del' (5) before a weekday; 'in/since/desde' (1) before 'March 2026'.
    """
    mon, wd = _month_alt(), _weekday_alt()
    return {
        "mdy": (re.compile(rf"\b{mon}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"), 5),
        "dmy": (re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?{mon}"), 5),
        "my": (re.compile(rf"\b{mon}\s+(?:de\s+)?(?:19|20)\d\d\b"), 1),
        "wd": (re.compile(rf"\b{wd}"), 5),
    }


@lru_cache(maxsize=1)
def _order() -> dict[str, int]:
    """Rank of each kind of expression (its last place in ``_patterns``): the more specific first."""
    return {k: i for i, (k, _) in enumerate(_patterns())}


_TOKEN = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d\d")  # in every match of 'ymd', 'my' and 'year'


def _scan(rx: re.Pattern[str], core: re.Pattern[str], back: int, text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """Exactly ``rx.finditer(text)`` for a pattern of ``_cores``: each next match is searched from at
    most ``back`` tokens (``starts``: where each whitespace-separated token of ``text`` begins) before
    the next core match, which every match contains; none can start earlier, and the core guarantees
    a match no later than the core itself."""
    pos = 0
    while (c := core.search(text, pos)) is not None:
        i = bisect_right(starts, c.start()) - 1
        m = rx.search(text, max(pos, starts[i - back] if i >= back else 0))
        if m is None:  # cannot happen (the core matches); stay exact all the same
            return
        yield m
        pos = m.end()


def find_expressions(text: str) -> list[Expr]:
    """Every date expression of ``text``, earliest first; a weekday naming the date beside it is dropped."""
    words = set(_trigger_words().findall(text.lower()))  # = the text's words that are triggers
    digits = _DIGIT.search(text) is not None
    year = digits and _YEAR.search(text) is not None
    gate = _triggers()
    month = digits and not gate["month"].isdisjoint(words)
    allowed = {
        "ymd": year, "year": year, "mdy": month, "dmy": month, "my": month and year,
        "wd": not gate["wd"].isdisjoint(words), "rel": not gate["rel"].isdisjoint(words),
        "ago": not gate["ago"].isdisjoint(words),
    }
    cores = _cores()
    starts: list[int] | None = None
    found: list[Expr] = []
    for kind, rx in _patterns():
        if not allowed[kind]:
            continue
        if kind in cores:
            if starts is None:
                starts = [t.start() for t in _TOKEN.finditer(text)]
            matches: Iterator[re.Match[str]] = _scan(rx, *cores[kind], text, starts)
        else:
            matches = rx.finditer(text)
        for m in matches:
            if kind == "rel" and _in_name(text, m.start() + len(m.group()) - len(m.group().lstrip())):
                continue
            found.append(Expr(kind, m.start(), m.end(), m.group().strip(), m.groupdict()))
    # 'Saturday, Feb. 21': the weekday belongs to the explicit date; drop overlapping, less specific hits
    order = _order()
    found.sort(key=lambda e: (order[e.kind], e.start))
    kept: list[Expr] = []
    for e in found:
        if any(e.start < k.end and k.start < e.end for k in kept):
            continue
        kept.append(e)
    return sorted(kept, key=lambda e: (e.start, order[e.kind]))


_NAME_BEFORE = re.compile(r"\b[A-Z][\w&'’-]*[ \t]+$")


def _in_name(text: str, at: int) -> bool:
    """A relative day word written with a capital right after a capitalized word is part of a name
    ("CBS This Morning", "USA Today"): not a date. At the start of a sentence, after a sentence's
    end or after a lower-case word it is a date ("Today, officials said", "June. Today ...", "said Today")."""
    return text[at:at + 1].isupper() and _NAME_BEFORE.search(text[max(0, at - 40):at]) is not None


def clause_before(text: str, at: int) -> str:
    """The words of ``text`` from the last clause boundary before ``at`` up to ``at``."""
    start = 0
    for m in _BOUNDARY.finditer(text, 0, at):
        if m.end() <= at:
            start = m.end() if not m.group().isalpha() else m.start()
    return text[start:at]


_FUTURE_IN_PAST = re.compile(r"\b(?:was|were)\s+(?:expected|due|scheduled|set|supposed|meant)\s+to\b", re.IGNORECASE)


def future_in_past(text: str, e: Expr) -> bool:
    """'were expected to reach the site on Wednesday': future from a past day, so direction unknown."""
    return bool(_FUTURE_IN_PAST.search(clause_before(text, e.start)))


_MAIN_CLAUSE_END = re.compile(r"[;:.!?]|\b(?:that|which|who|because|after|before|when|while|que|dass)\b",
                              re.IGNORECASE)


# German puts the verb last: these future cues count after the date too, up to the clause end
_FUTURE_AFTER = re.compile(r"\b(?:angesetzt|geplant|vorgesehen|stattfinden|beginnen|fortgesetzt\s+werden)\b",
                           re.IGNORECASE)
_INDEFINITE = re.compile(r"\b(?:a|an|every|each|any|one|cada|un|jeden|einem|einen)\s+$", re.IGNORECASE)


def is_indefinite(text: str, e: Expr) -> bool:
    """'on a Sunday', 'every Monday', 'cada lunes': a kind of day, not a date."""
    return bool(_INDEFINITE.search(text[: e.start]) and not e.groups.get("mod"))


def is_future(text: str, e: Expr) -> bool:
    """True when the clause that carries ``e`` speaks of the future (read before the date; for a
    date that opens its sentence, 'On Monday, the council will meet', read after it)."""
    clause = clause_before(text, e.start)
    rest = text[e.end:]
    stop = _MAIN_CLAUSE_END.search(rest)
    after = rest[: stop.start()] if stop else rest
    if _FUTURE_AFTER.search(after.split(",")[0]) and not _PAST.search(clause):
        return True
    if not re.search(r"[^\W\d_]{3,}", clause):
        clause = after
    # a timetable in the present ('the talks open on Monday', 'schools reopen Tuesday') is a future
    if _SCHEDULE.search(clause) and not _PAST.search(clause) and not _SIMPLE_PAST.search(clause):
        return True
    if _FUTURE_IN_PAST.search(clause):
        return False
    mod = (e.groups.get("mod") or "").lower()
    if re.match(_UNTIL, mod, re.IGNORECASE) and not _PAST.search(clause):
        return True
    if _IF.search(clause) and not _PAST.search(clause):
        return True
    return bool(_FUTURE.search(clause))


def inside_quote(text: str, at: int) -> bool:
    """True when ``at`` lies inside a quotation (an odd number of quote marks before it)."""
    return len(_QUOTE.findall(text[:at])) % 2 == 1


def weekday_date(wd: int, anchor: date, direction: str) -> date:
    """The weekday ``wd`` relative to ``anchor``: 'next' strictly after, 'last' strictly before,
    'forward'/'back' the anchor itself when it is that weekday, else the nearest in that direction;
    'nearest' the closest either way (future seen from a past day)."""
    ahead = (wd - anchor.weekday()) % 7
    behind = (anchor.weekday() - wd) % 7
    if direction == "next":
        return anchor + timedelta(days=ahead or 7)
    if direction == "last":
        return anchor - timedelta(days=behind or 7)
    if direction == "forward":
        return anchor + timedelta(days=ahead)
    if direction == "nearest":
        return anchor + timedelta(days=ahead) if ahead < behind else anchor - timedelta(days=behind)
    return anchor - timedelta(days=behind)


def weekday_direction(text: str, e: Expr) -> str:
    """'next', 'last', 'yesterday', 'today', 'tomorrow', 'forward', 'back' or 'nearest' for a weekday."""
    mod = re.sub(r"\s+", " ", (e.groups.get("mod") or "").lower())
    post = (e.groups.get("post") or "").lower()
    if re.fullmatch(_NEXT, mod) or post in ("próximo", "proximo", "prochain"):
        return "next"
    if re.fullmatch(_LAST, mod) or post in ("pasado", "dernier"):
        return "last"
    for word, label in ((_YEST, "yesterday"), (_TODAY, "today"), (_TOMORROW, "tomorrow")):
        if re.fullmatch(word, mod):
            return label
    if re.fullmatch(_SINCE, mod):
        return "back"
    if future_in_past(text, e):
        return "nearest"
    return "forward" if is_future(text, e) else "back"


def relative_shift(e: Expr) -> int:
    """Days from the anchor for 'yesterday', 'hoy', 'übermorgen', ..."""
    word = re.sub(r"\s+", " ", (e.groups.get("rel") or e.groups.get("rel2") or e.groups.get("rel3") or "").lower())
    return _REL_SHIFT.get(word, 0)


def is_background(text: str, e: Expr, when: date | None, precision: str, ref: date | None) -> bool:
    """Rhetorical or background mentions: years, other months, 'since 2014', anniversaries, old dates."""
    if _ANNIVERSARY.search(text):
        return True
    if precision == "year":
        return True
    if precision == "month":
        return ref is None or when is None or (when.year, when.month) != (ref.year, ref.month)
    part = (e.groups.get("part") or "").lower()
    if precision == "day" and re.fullmatch(_SINCE, part) and e.kind in ("mdy", "dmy", "ymd"):
        return True
    return bool(precision == "day" and ref and when and (ref - when).days > 30)
