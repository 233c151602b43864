"""Publication dates with their precision and provenance: metadata values, datelines, numeric order.

Rules (each one a kind of wrong date seen in real feeds):

- A day is used only when the source gives one: "2026-03" and "March 2026"
  are month precision, "2026" is year precision (never 1 January); nothing
  is ever read from a URL's /2026/03/ path or a copyright line.
- Numeric dates: "13/03/2026" is day-first (13 > 12), "03/13/2026"
  month-first; "12.03.2026" (dots) is day-first by convention; "12/03/2026"
  with both parts <= 12 is ambiguous and is settled by the same source's
  other dates (:func:`settle_order`), else kept without a day plus a notice.
- Datelines: "CASTLEBROOK, March 13, 2026 (Valley Wire) —", "TARSEN, Oct. 12,
  2026 —", "Puerto Salvia, 17 de mayo de 2026 (Meridiana).-", "BERLIN,
  13. März 2026 —" in the opening lines; the parenthesised outlet is
  returned too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from summarizer.models import PublishedDate

_MONTHS = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # de
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12, "okt": 10, "dez": 12,
    # fr
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "décembre": 12, "janv": 1, "févr": 2, "avr": 4, "juil": 7, "déc": 12,
}
_MON = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_Y = r"(?P<y>(?:19|20)\d\d)"
_DAY = r"(?P<d>[0-3]?\d)"
_WEEKDAY = (r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|lunes|martes|miércoles|jueves|"
            r"viernes|sábado|domingo|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|"
            r"mercredi|jeudi|vendredi|samedi|dimanche)\.?,?\s+")
_TEXT_DATES = [
    # March 13, 2026 / Sept. 14 2026 / Thursday, March 13, 2026
    re.compile(rf"(?:{_WEEKDAY})?\b(?P<m>{_MON})\.?\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_Y}\b", re.IGNORECASE),
    # 13 March 2026 / 13. März 2026 / 17 de mayo de 2026 / 13 mars 2026 / Thursday 2 July 2026
    re.compile(rf"(?:{_WEEKDAY})?\b{_DAY}(?:st|nd|rd|th|\.|er)?\s+(?:de\s+)?(?P<m>{_MON})\.?,?\s+(?:de\s+|del\s+)?{_Y}\b",
               re.IGNORECASE),
]
_MONTH_YEAR = re.compile(rf"^(?:in\s+)?(?P<m>{_MON})\.?,?\s+(?:de\s+)?{_Y}$", re.IGNORECASE)
_ISO = re.compile(r"^\s*(?P<y>(?:19|20)\d\d)(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?)?(?:[T\s].*)?$")
_ISO_COMPACT = re.compile(r"^\s*(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)(?:T.*)?$")
_NUMERIC = re.compile(r"(?:^|(?<=\s))\s*(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)\b")
_YEAR_ONLY = re.compile(r"^\s*(?P<y>(?:19|20)\d\d)\s*$")
_DATELINE = re.compile(
    r"^[^\n]{0,80}?,\s*(?P<date>[^\n]{6,40}?(?:19|20)\d\d)\s*(?:\((?P<outlet>[^()\n]{2,60})\)\s*)?"
    r"(?:/[^/\n]{2,40}/\s*)?(?:\.?\s*[-—–]+|:)",
    re.MULTILINE,
)
_RFC = re.compile(rf"^\w{{3}},\s+{_DAY}\s+(?P<m>{_MON})\s+{_Y}\b", re.IGNORECASE)


def _day(y: int, m: int, d: int, source: str) -> PublishedDate | None:
    try:
        return PublishedDate(value=date(y, m, d).isoformat(), precision="day", source=source)
    except ValueError:
        return None


def date_in_text(text: str, source: str) -> PublishedDate | None:
    """A written date with day, month and year anywhere in ``text`` ('Thursday 2 July 2026'), else None."""
    found: list[tuple[int, PublishedDate]] = []
    for pattern in _TEXT_DATES:
        m = pattern.search(text)
        if m:
            mon = _MONTHS.get(m.group("m").lower().rstrip("."))
            pd = _day(int(m.group("y")), mon, int(m.group("d")), source) if mon else None
            if pd:
                found.append((m.start(), pd))
    return min(found, key=lambda f: f[0])[1] if found else None


def read_date(value: object, source: str) -> PublishedDate | None:
    """One metadata value as a PublishedDate (see the module rules), or None when it is not a date."""
    if isinstance(value, datetime):
        return PublishedDate(value=value.date().isoformat(), precision="day", source=source)
    if isinstance(value, date):
        return PublishedDate(value=value.isoformat(), precision="day", source=source)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = " ".join(str(value).split())
    if not text or len(text) > 100:
        return None
    if m := _ISO.match(text):
        y, mo, d = m.group("y"), m.group("m"), m.group("d")
        if d:
            return _day(int(y), int(mo), int(d), source)
        if mo:
            return PublishedDate(value=f"{y}-{mo}", precision="month", source=source) if 1 <= int(mo) <= 12 else None
        if _YEAR_ONLY.match(text):
            return PublishedDate(value=y, precision="year", source=source)
    if m := _ISO_COMPACT.match(text):
        return _day(int(m.group("y")), int(m.group("m")), int(m.group("d")), source)
    if m := _NUMERIC.match(text):
        return _numeric(int(m.group("a")), int(m.group("b")), int(m.group("y")), m.group("sep"), source)
    if m := _RFC.match(text):
        mon = _MONTHS.get(m.group("m").lower())
        return _day(int(m.group("y")), mon, int(m.group("d")), source) if mon else None
    if m := _MONTH_YEAR.match(text):
        mon = _MONTHS.get(m.group("m").lower().rstrip("."))
        return PublishedDate(value=f"{m.group('y')}-{mon:02d}", precision="month", source=source) if mon else None
    return date_in_text(text, source)


def _numeric(a: int, b: int, y: int, sep: str, source: str) -> PublishedDate | None:
    if a > 12 or sep == "." or a == b:  # day-first: 13/03, 12.03 (dotted dates are day-first), 03/03
        return _day(y, b, a, source)
    if b > 12:
        return _day(y, a, b, source)
    first = _day(y, a, b, source)  # month-first reading
    second = _day(y, b, a, source)
    if first is None or second is None:
        return first or second
    return PublishedDate(value=str(y), precision="year", source=source, ambiguous=True,
                         alternatives=[first.value, second.value])


def numeric_order(value: object) -> str | None:
    """'dmy' or 'mdy' when a numeric date string shows its order (a part > 12), else None."""
    m = _NUMERIC.match(str(value)) if isinstance(value, str) else None
    if m is None:
        return None
    a, b = int(m.group("a")), int(m.group("b"))
    return "dmy" if a > 12 else "mdy" if b > 12 else None


def settle_order(pd: PublishedDate, order: str | None = None, others: Iterable[PublishedDate] = ()) -> PublishedDate:
    """Resolve an ambiguous numeric date from the order its source uses, or from the source's other dates.

    ``order`` is "dmy"/"mdy" as seen on other numeric dates of the same source;
    ``others`` are the source's unambiguous day dates (a byline 'Thursday 2
    July 2026' settles '02/07/2026'). Returns ``pd`` unchanged when nothing settles it.
    """
    if not pd.ambiguous or len(pd.alternatives) != 2:
        return pd
    mdy, dmy = pd.alternatives
    days = {o.value for o in others if o.precision == "day" and not o.ambiguous}
    pick = dmy if order == "dmy" else mdy if order == "mdy" else None
    if pick is None and (mdy in days) != (dmy in days):
        pick = mdy if mdy in days else dmy
    if pick is None:
        return pd
    why = "the source's other dates" if order is None else f"the {order} order of the source's other dates"
    return PublishedDate(value=pick, precision="day", source=f"{pd.source} (order from {why})")


def dateline(text: str) -> tuple[PublishedDate | None, str | None]:
    """(date, outlet) of a dateline in the first lines of ``text``, else (None, None)."""
    head = text[:400]
    for m in _DATELINE.finditer(head):
        pd = date_in_text(m.group("date"), "dateline")
        if pd is None and (num := _NUMERIC.search(m.group("date"))) is not None:  # "BERLIN, 13.03.2026 —"
            pd = read_date(m.group("date")[num.start():], "dateline")
            pd = None if pd is None or pd.ambiguous else pd
        if pd is not None:
            outlet = m.group("outlet")
            return pd, " ".join(outlet.split()) if outlet else None
    return None, None


def as_day(pd: PublishedDate | None) -> date | None:
    """The calendar day of a day-precision, unambiguous date, else None."""
    if pd is None or pd.precision != "day" or pd.ambiguous:
        return None
    return date.fromisoformat(pd.value)
