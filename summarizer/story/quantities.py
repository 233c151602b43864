"""Figures in a sentence: a number, its qualifier, and what it counts.

"about 1,200 residents were evacuated" -> Quantity(1200, 'about', measure
'people:evacuated'); "$12 million" -> measure 'money' (or 'money:damage' when
the sentence talks of damage or losses); "four military air bases" ->
'air base'; "117 suicide UAVs" -> 'drone'. Two figures are only ever compared
when their measures are equal, so "4 air bases" meets "5 airports" but never
"30 UAVs". Years, clock times, ages and phone numbers are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9, "k": 1e3}
_QUALIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "nearly": "about", "almost": "about", "an estimated": "about", "estimated": "about",
    "more than": "more_than", "over": "more_than", "upwards of": "more_than",
    "at least": "at_least", "no fewer than": "at_least",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than",
    "up to": "up_to", "as many as": "up_to", "at most": "up_to",
}
_QUAL_RE = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_NUM_WORD = "|".join(sorted(_SMALL, key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?P<qual>\b(?:{_QUAL_RE})\s+)?"
    rf"(?P<money>[$€£]\s?)?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{_NUM_WORD})(?:[\s-](?:{_NUM_WORD}))?\b)"
    r"(?P<scale>\s?(?:thousand|million|billion|trillion|bn|m|k)\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z\-’']*")

# unit noun (singular, lower case) -> canonical measure; several spellings of one thing meet here
UNITS: dict[str, str] = {
    "air base": "air base", "airbase": "air base", "base": "air base", "airport": "air base",
    "airfield": "air base", "aerodrome": "air base",
    "drone": "drone", "uav": "drone", "unmanned aerial vehicle": "drone",
    "aircraft": "aircraft", "plane": "aircraft", "bomber": "aircraft", "jet": "aircraft",
    "warplane": "aircraft", "helicopter": "helicopter",
    "missile": "missile", "rocket": "missile",
    "home": "building", "house": "building", "building": "building", "structure": "building",
    "dwelling": "building", "property": "building",
    "vehicle": "vehicle", "car": "vehicle", "truck": "vehicle", "tank": "vehicle",
    "rescue": "rescue",
}
PEOPLE = {"people", "person", "persons", "resident", "residents", "civilian", "civilians",
          "inhabitant", "inhabitants", "victim", "victims", "soldier", "soldiers", "others", "other"}
# words that say what happened to counted people (or buildings); first match wins, nearest first
PREDICATES: dict[str, str] = {
    "dead": "dead", "died": "dead", "killed": "dead", "killing": "dead", "deaths": "dead",
    "death": "dead", "fatalities": "dead", "fatality": "dead", "lives": "dead", "bodies": "dead",
    "evacuated": "evacuated", "evacuation": "evacuated", "evacuees": "evacuated", "fled": "evacuated",
    "displaced": "evacuated", "forced": "evacuated", "moved": "evacuated", "homeless": "evacuated",
    "injured": "injured", "injuring": "injured", "wounded": "injured", "hurt": "injured",
    "injuries": "injured", "hospitalized": "injured", "hospitalised": "injured", "treated": "injured",
    "missing": "missing", "rescued": "rescued", "lifted": "rescued", "saved": "rescued",
    "destroyed": "destroyed", "damaged": "damaged", "hit": "hit", "struck": "hit",
}
_PEOPLE_PREDICATES = {"dead", "evacuated", "injured", "missing", "rescued"}
_DAMAGE_WORDS = re.compile(r"\b(damage|damages|losses|loss|cost|bill)\b", re.IGNORECASE)
_NOT_A_FIGURE_AFTER = re.compile(
    r"^\s*(?:[ap]\.?m\b|o'clock|percent\b|%|years?\s+old|-year-old|(?:mm|cm|km|m|kg|ml)\b|"
    r"(?:hours?|days?|weeks?|months?|years?|minutes?|seconds?|times?|metres?|meters?|miles?|"
    r"kilometres?|kilometers?|millimetres?|litres?|liters?|degrees?)\b)",
    re.IGNORECASE,
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"


ABOUT = 0.02  # 'about N' allows N +/- 2 percent: rounding, not a different figure


@dataclass(frozen=True)
class Quantity:
    """One figure found in a sentence, with the span of its words in that sentence."""

    value: float
    qualifier: str  # exact | about | more_than | at_least | less_than | up_to
    measure: str  # 'people:dead', 'air base', 'money:damage', ...
    text: str  # the figure as written, with its unit words
    start: int
    end: int

    @property
    def low(self) -> float:
        """Smallest value the figure allows."""
        if self.qualifier == "about":
            return self.value * (1 - ABOUT)
        if self.qualifier in ("less_than", "up_to"):
            return 0.0
        return self.value

    @property
    def high(self) -> float:
        """Largest value the figure allows."""
        if self.qualifier == "about":
            return self.value * (1 + ABOUT)
        if self.qualifier in ("more_than", "at_least"):
            return float("inf")
        return self.value


def parse_number(token: str) -> float | None:
    """'1,200' -> 1200.0, 'five' -> 5.0, 'twenty-two' -> 22.0; None when not a number."""
    t = token.lower().replace(",", "").strip()
    try:
        return float(t)
    except ValueError:
        pass
    total = 0.0
    for part in re.split(r"[\s-]+", t):
        if part not in _SMALL:
            return None
        total = total * 100 if part == "hundred" and total else total + _SMALL[part]
    return total or None


def _singular(word: str) -> str:
    w = word.lower().strip("’'")
    if w.endswith("s") and w[:-1] in UNITS:
        return w[:-1]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _unit_after(rest: str) -> tuple[str | None, int]:
    """Canonical unit in the few words after a number, and how far (in chars) it reaches."""
    words = list(_WORD.finditer(rest[:60]))[:4]
    for i, m in enumerate(words):
        w = _singular(m.group())
        two = f"{w} {_singular(words[i + 1].group())}" if i + 1 < len(words) else ""
        if two in UNITS:
            return UNITS[two], words[i + 1].end()
        if two.endswith("air base"):
            return "air base", words[i + 1].end()
        if w in UNITS:
            return UNITS[w], m.end()
        if m.group().lower() in PEOPLE:
            return "people", m.end()
        if i == 0 and PREDICATES.get(m.group().lower()) in _PEOPLE_PREDICATES:  # "Five killed", "1,200 evacuated"
            return "people", 0
        if m.group().lower() in ("more", "of", "the", "and", "in"):
            break
    return None, 0


def _predicate(before: str, after: str) -> str | None:
    """What happened to the counted people: a verb just before ("killing at least seven"),
    else the nearest predicate word after, else one further before."""
    for w in _WORD.findall(before[-30:])[-3:]:
        if w.lower() in PREDICATES and w.lower().endswith("ing"):
            return PREDICATES[w.lower()]
    for m in _WORD.finditer(after[:70]):
        w = m.group().lower()
        if w in PREDICATES:
            return PREDICATES[w]
        if re.match(r"\d", after[m.end():m.end() + 2].strip() or "x"):
            break
    for w in reversed(_WORD.findall(before[-40:])):
        if w.lower() in PREDICATES:
            return PREDICATES[w.lower()]
    return None


def extract_quantities(sentence: str) -> list[Quantity]:
    """Every comparable figure in ``sentence`` (see the module docstring for what counts)."""
    out: list[Quantity] = []
    for m in _NUMBER.finditer(sentence):
        raw = m.group("num")
        value = parse_number(raw)
        if value is None:
            continue
        before, after = sentence[: m.start()], sentence[m.end():]
        if re.search(rf"\b{_MONTHS}\.?\s*$", before, re.IGNORECASE):  # "March 12"
            continue
        if re.match(rf"^(?:st|nd|rd|th)?\s*{_MONTHS}\b", after, re.IGNORECASE):  # "12 March"
            continue
        if re.match(r"^[:.]\d", after) or re.match(r"^\d", after) or re.search(r"[\d-]$", before):
            continue  # clock times, phone numbers, ranges' inner parts
        if re.search(rf"(?:\d|\b(?:{_NUM_WORD}))\s+(?:in|out of)\s*$", before, re.IGNORECASE):
            continue  # a ratio: "four in five missiles"
        if raw.isdigit() and 1800 <= value <= 2100 and not m.group("money"):
            continue  # a year
        if re.match(r"^\s*,\s*\d", after) or re.search(r"\w,\s*$", before) and re.match(r"^\s*,", after):
            continue  # an age: "Liv Haraldsen, 34, ..."
        scale = (m.group("scale") or "").strip().lower()
        if scale:
            value *= _SCALE[scale]
        qual = _QUALIFIERS.get((m.group("qual") or "").strip().lower(), "exact")
        start = m.start()
        if m.group("money"):
            measure = "money:damage" if _DAMAGE_WORDS.search(sentence) else "money"
            out.append(Quantity(value, qual, measure, m.group().strip(), start, m.end()))
            continue
        if _NOT_A_FIGURE_AFTER.match(after):
            continue
        if re.match(r"^\s*(?:million|billion)\s+(?:dollars|euros|pounds)", after, re.IGNORECASE):
            continue
        unit, reach = _unit_after(after)
        if unit is None:
            continue
        end = m.end() + reach
        if unit in ("people", "building", "aircraft", "drone", "vehicle"):
            pred = _predicate(before, after)
            if unit == "people" and pred is None:
                continue  # "150 people were still sleeping there": not comparable
            if pred is not None:
                unit = f"{unit}:{pred}"
        out.append(Quantity(value, qual, unit, sentence[m.start():end].strip(), start, end))
    return out


def compatible(a: Quantity, b: Quantity) -> bool:
    """True when two figures of one measure can both be right (their ranges overlap).

    'more than 117' and '117' are compatible (reporters round up and down);
    '4' and '5' are not; 'about 1,100' and 'approximately 1,200' are not
    (about = within 2 percent).
    """
    return a.low <= b.high and b.low <= a.high


def describe(measure: str) -> str:
    """A readable topic for a measure: 'people:dead' -> 'number of dead'."""
    if measure.startswith("people:"):
        return "number of " + {"dead": "dead", "evacuated": "people evacuated", "injured": "injured",
                               "missing": "missing", "rescued": "people rescued"}.get(measure[7:], measure[7:])
    if measure == "money:damage":
        return "damage estimate"
    if measure == "money":
        return "sum of money"
    thing, _, pred = measure.partition(":")
    plural = {"building": "buildings", "air base": "air bases", "drone": "drones",
              "aircraft": "aircraft", "vehicle": "vehicles", "missile": "missiles", "rescue": "rescues"}
    return f"number of {plural.get(thing, thing)}" + (f" {pred}" if pred else "")
