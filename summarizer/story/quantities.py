"""Figures in a sentence as typed quantities: value, bounds, unit, what is counted.

"about 1,200 residents were evacuated" -> Quantity(1200, 'about', 'people:evacuated');
"Between 1,100 and 1,300 residents" -> an interval [1100, 1300]; "Twenty-three
cars left the rails" -> 23 'rail car:derailed'; "más de 200 toneladas" -> more
than 200 'tonne'; "2,600 of its 4,300 dockworkers stayed away" -> 2600
'people:striking' and 4300 'people:total' (a part and its whole); "$12 million
in damage" -> 'money:damage'. Number words are read with ``text2num`` (en, es,
de; docs/decisions.md). Two figures are only compared when their measures are
equal; ``compatible`` says whether their intervals overlap. Years, clock times,
ages, phone numbers, ordinals and labels ("Unit 731", "Route 9", "No. 5",
"12 Harbour Street") are not figures.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

from text_to_num import text2num

from summarizer.textrules import regex_trie

ABOUT = 0.02  # 'about N' allows N +/- 2 percent: rounding, not a different figure
NEARLY = 0.10  # 'nearly N' allows [0.9 N, N]

_QUALIFIERS = {
    # en
    "about": "about", "around": "about", "approximately": "about", "approx.": "about", "roughly": "about",
    "some": "about", "an estimated": "about", "estimated": "about", "nearly": "nearly", "almost": "nearly",
    "close to": "nearly", "just under": "nearly", "more than": "more_than", "over": "more_than",
    "upwards of": "more_than", "at least": "at_least", "no fewer than": "at_least", "less than": "less_than",
    "fewer than": "less_than", "under": "less_than", "up to": "up_to", "as many as": "up_to", "at most": "up_to",
    # es
    "unos": "about", "unas": "about", "alrededor de": "about", "cerca de": "nearly", "casi": "nearly",
    "aproximadamente": "about", "más de": "more_than", "mas de": "more_than", "menos de": "less_than",
    "al menos": "at_least", "por lo menos": "at_least", "hasta": "up_to",
    # de
    "etwa": "about", "rund": "about", "ungefähr": "about", "circa": "about", "ca.": "about", "fast": "nearly",
    "knapp": "nearly", "mehr als": "more_than", "über": "more_than", "weniger als": "less_than",
    "mindestens": "at_least", "bis zu": "up_to",
}
_QUAL_RE = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mln": 1e6, "m": 1e6, "bn": 1e9,
          "k": 1e3, "mil": 1e3, "millón": 1e6, "millones": 1e6, "millon": 1e6, "tausend": 1e3, "millionen": 1e6,
          "mio.": 1e6, "mio": 1e6, "milliarden": 1e9, "mrd.": 1e9}
_SCALE_RE = r"(?:thousand|million|billion|trillion|mln|bn|millones|millón|millon|mil|tausend|millionen|mio\.?|milliarden|mrd\.|m|k)"
_DIGITS = r"\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_TOKEN = re.compile(r"(?P<digits>" + _DIGITS + r")|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)", re.UNICODE)
_ARTICLES = {"a", "an", "un", "una", "uno", "unas", "unos", "ein", "eine", "einen", "einem", "einer", "eines",
             "once", "mil", "y", "and", "und", "second", "hundred", "cien"}
_CONNECT = {"and", "y", "und", "a"}


@lru_cache(maxsize=4096)
def _word_value(word: str, lang: str) -> float | None:
    w = word.lower().replace("ún", "uno") if word.lower().endswith("ún") else word.lower()
    try:
        return float(text2num(w, lang))
    except (ValueError, TypeError):
        return None


@lru_cache(maxsize=65536)
def parse_number(token: str, lang: str = "en") -> float | None:
    """'1,200' -> 1200.0, '1.200' -> 1200.0, '1.5' -> 1.5, 'five' -> 5.0, 'twenty-two' -> 22.0,
    'veintiún' (es) -> 21.0; None when not a number."""
    t = token.strip()
    if re.fullmatch(_DIGITS, t):
        if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", t):
            return float(re.sub(r"[,.]", "", t))  # 1,200 / 1.200 / 38.000: thousands
        m = re.fullmatch(r"(\d{1,3}(?:[,.]\d{3})+)([.,]\d+)", t)
        if m:  # 1,234.5 or 1.234,5
            return float(re.sub(r"[,.]", "", m.group(1)) + "." + m.group(2)[1:])
        return float(t.replace(",", "."))
    words = [w for w in re.split(r"\s+", t.lower()) if w]
    if words and words[0] == "a":
        words = words[1:]
    if not words:
        return None
    joined = " ".join(words)
    for candidate in (joined, joined.replace(" and ", " ")):
        try:
            return float(text2num(candidate.replace("ún", "uno"), lang))
        except (ValueError, TypeError):
            continue
    return _word_value(words[0], lang) if len(words) == 1 else None


_LANG_WORDS = {
    "es": {"el", "la", "los", "las", "de", "del", "que", "en", "y", "por", "con", "una", "se", "según"},
    "de": {"der", "die", "das", "und", "den", "dem", "mit", "von", "nach", "ist", "wurde", "wurden", "sich",
           "nicht", "sind", "ein", "eine", "im", "auf", "bei", "werden", "hat", "haben"},
    "en": {"the", "and", "of", "to", "in", "was", "were", "said", "with", "that", "for", "on"},
}


_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=16384)
def guess_language(text: str) -> str:
    """'en', 'es' or 'de' by function-word counts (English when unsure)."""
    words = _LETTERS.findall(text.lower())
    scores = {lang: sum(map(vocab.__contains__, words)) for lang, vocab in _LANG_WORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > scores["en"] else "en"


# unit noun (singular, lower case) -> canonical thing counted
UNITS: dict[str, str] = {
    "air base": "air base", "airbase": "air base", "base": "air base", "airport": "air base",
    "airfield": "air base", "aerodrome": "air base",
    "drone": "drone", "uav": "drone", "unmanned aerial vehicle": "drone", "dron": "drone", "drohne": "drone",
    "aircraft": "aircraft", "plane": "aircraft", "bomber": "aircraft", "jet": "aircraft", "warplane": "aircraft",
    "helicopter": "helicopter", "missile": "missile", "rocket": "missile", "misil": "missile", "rakete": "missile",
    "home": "building", "house": "building", "building": "building", "structure": "building",
    "dwelling": "building", "property": "building", "casa": "building", "vivienda": "building",
    "edificio": "building", "haus": "building", "häuser": "building", "gebäude": "building",
    "vehicle": "vehicle", "truck": "vehicle", "tank": "vehicle",
    "car": "rail car", "railcar": "rail car", "wagon": "rail car", "carriage": "rail car", "boxcar": "rail car",
    "tank car": "tank car", "tanker car": "tank car",
    "ship": "vessel", "vessel": "vessel", "boat": "vessel", "container ship": "vessel", "tanker": "vessel",
    "barco": "vessel", "buque": "vessel", "schiff": "vessel",
    "customer": "customer", "household": "customer", "cliente": "customer", "abonado": "customer",
    "ton": "tonne", "tonne": "tonne", "tonelada": "tonne", "tonnen": "tonne", "t": "tonne",
    "km": "km", "kilometre": "km", "kilometer": "km", "kilómetro": "km", "kilometro": "km",
    "mile": "mile", "metre": "metre", "meter": "metre", "metro": "metre",
    "hectare": "hectare", "hectárea": "hectare", "hektar": "hectare", "acre": "acre",
    "percent": "percent", "per cent": "percent", "%": "percent", "por ciento": "percent", "prozent": "percent",
    "degree": "degree", "grado": "degree", "grad": "degree",
    "rescue": "rescue",
}
PEOPLE = {
    "people", "person", "persons", "resident", "residents", "civilian", "civilians", "inhabitant",
    "inhabitants", "victim", "victims", "soldier", "soldiers", "others", "other", "member", "members",
    "worker", "workers", "dockworker", "dockworkers", "employee", "employees", "passenger", "passengers",
    "child", "children", "student", "students", "patient", "patients", "evacuee", "evacuees", "striker",
    "strikers", "crew", "firefighter", "firefighters", "adult", "adults", "men", "women", "staff", "officer",
    "officers", "personas", "vecinos", "residentes", "trabajadores", "pasajeros", "niños", "menschen",
    "personen", "einwohner", "bewohner", "arbeiter", "heridos", "muertos", "fallecidos", "evacuados", "tote",
    "verletzte", "dead", "injured", "wounded",
    "sailor", "sailors", "seafarer", "seafarers", "crewmembers", "crewmen", "tripulante", "tripulantes",
    "marinero", "marineros", "besatzungsmitglieder", "seeleute", "matrosen",
}
# words that say what happened to the counted people or things; first match (nearest) wins
PREDICATES: dict[str, str] = {
    "dead": "dead", "died": "dead", "killed": "dead", "killing": "dead", "deaths": "dead", "death": "dead",
    "fatalities": "dead", "fatality": "dead", "lives": "dead", "bodies": "dead", "toll": "dead",
    "muertos": "dead", "fallecidos": "dead", "murieron": "dead", "tote": "dead", "getötet": "dead",
    "evacuated": "evacuated", "evacuation": "evacuated", "evacuees": "evacuated", "fled": "evacuated",
    "displaced": "evacuated", "forced": "evacuated", "moved": "evacuated", "homeless": "evacuated",
    "leave": "evacuated", "homes": "evacuated", "kept": "evacuated", "evacuados": "evacuated", "desalojados": "evacuated", "evakuiert": "evacuated",
    "injured": "injured", "injuring": "injured", "wounded": "injured", "hurt": "injured", "injuries": "injured",
    "hospitalized": "injured", "hospitalised": "injured", "treated": "injured", "heridos": "injured",
    "verletzt": "injured", "verletzte": "injured", "atendidos": "injured", "heridas": "injured",
    "muertas": "dead", "fallecidas": "dead",
    "exposed": "affected", "affected": "affected", "copied": "affected", "accessed": "affected",
    "stolen": "affected", "compromised": "affected",
    "missing": "missing", "rescued": "rescued", "lifted": "rescued", "saved": "rescued",
    "destroyed": "destroyed", "damaged": "damaged", "hit": "hit", "struck": "hit", "launched": "launched",
    "fired": "launched", "derailed": "derailed", "derailing": "derailed", "rails": "derailed",
    "tracks": "derailed", "track": "derailed", "leaking": "leaking", "leaked": "leaking", "leak": "leaking",
    "released": "leaking", "release": "leaking", "releasing": "leaking",
    "strike": "striking", "striking": "striking", "walked": "striking", "stayed": "striking", "picket": "striking",
    "huelga": "striking", "streik": "striking", "power": "without power", "outage": "without power",
    "blackout": "without power", "luz": "without power", "strom": "without power",
}
_SHELTER = re.compile(r"\b(?:shelters?|albergues?|refugios?|notunterkunft|turnhalle)\b", re.I)
_STILL = re.compile(r"\b(?:still|remained|remain|remains|continued|siguen|seguían|continúan|noch)\b", re.I)
_DAMAGE_WORDS = re.compile(r"\b(?:damage|damages|losses|loss|daños|schaden|schäden)\b", re.I)
_INSURED = re.compile(r"\binsur(?:ed|ance|ers?)\b|\basegurad|\bversichert", re.I)
_COST = re.compile(r"\b(?:cost|costs|bill|spend|budget|upgrade|program(?:me)?)\b", re.I)
_RANSOM = re.compile(r"\bransom\b|\brescate\b|\blösegeld", re.I)
_NOT_A_FIGURE_AFTER = re.compile(
    r"^\s*(?:[ap]\.?m\b|o'clock|h\b|uhr\b|years?\s+old|-year-old|(?:st|nd|rd|th)\b|"
    r"(?:hours?|days?|weeks?|months?|years?|minutes?|seconds?|times?|horas?|días?|semanas?|años?|"
    r"stunden|tagen?|wochen|jahren?|decades?)\b)",
    re.IGNORECASE,
)
_LABEL_BEFORE = re.compile(r"(?:\b(?:No|no|Nr|núm|Nº|number|Number|Unit|Route|Flight|Highway|Interstate|Gate|"
                           r"Pier|Berth|Terminal|Platform|Track|Line|Room|Building|Article|Section|Chapter)\.?\s*|#)$")
_STREET_AFTER = re.compile(r"^\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Way|"
                           r"Boulevard|Blvd\.?|Drive|Calle|Straße|Strasse)\b")
_MONTHS = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|julio|"
           r"agosto|septiembre|octubre|noviembre|diciembre|januar|februar|märz|mai|juni|juli|oktober|dezember)[a-z]*")
_WORD = re.compile(r"[^\W\d_][\w’'\-]*", re.UNICODE)
_RANGE = re.compile(r"^\s*(?:and|to|y|a|und|bis|-|–|—)\s*$", re.I)
_PART_OF = re.compile(r"^\s+(?:of|de|von)\s+(?:the|its|their|all|los|las|sus|den|ihren)?\s*$", re.I)
_INHERIT = re.compile(r"\b(?:number|figure|total|count|tally|cifra|zahl)\s+(?:at|to|as|was|is|stood at|stands at|"
                      r"en|auf)\s+$", re.I)
_NUMBER_OF = re.compile(
    r"\b(?:(?P<toll>death toll|toll|cifra de muertos|zahl der toten)|(?:number|count|total|tally|figure|n[uú]mero|"
    r"cifra|zahl)(?:\s+(?:of|de|der)\s+(?P<noun>[^\W\d_]+)(?:\s+(?P<pred>[^\W\d_]+))?)?)\b[^.;]{0,80}$", re.I)
_COUNTED = ("people", "customer", "building", "aircraft", "drone", "vehicle", "rail car", "tank car", "vessel")
_UPDATE_VERB = re.compile(r"\b(?:rose|risen|rising|climbed|increased|jumped|grew|went up|fell|dropped|revised|"
                          r"subió|aumentó|ascendió|stieg|gestiegen)\b[^.;]{0,25}$", re.I)
UPDATE_CUE = re.compile(r"\b(?:rose|rises|risen|has risen|climbed|climbs|increases|increased|jumped|grew|went up|revised|later|updated|"
                        r"up from|down from|subió|aumentó|ascendió|ahora|stieg|gestiegen|inzwischen)\b", re.I)


@dataclass(frozen=True)
class Quantity:
    """One figure found in a sentence, with the span of its words in that sentence.

    ``value`` is the stated number; an interval [``low``, ``high``] comes from the
    qualifier ('about', 'more than', ...) or a range ('between 1,100 and 1,300':
    ``upper`` = 1300). ``whole`` is the total in "3 of the 5 bases"; ``earlier``
    the previous figure in "rose from three to five" (an update, not a range).
    """

    value: float
    qualifier: str  # exact | about | nearly | more_than | at_least | less_than | up_to | range
    measure: str  # 'people:dead', 'air base', 'money:damage', 'rail car:derailed', ...
    text: str  # the figure as written, with its unit words
    start: int
    end: int
    upper: float | None = None
    whole: float | None = None
    earlier: float | None = None
    revised: bool = False  # an update cue governs it: "has risen to seven", "later 7", "up from 9"

    @property
    def low(self) -> float:
        """Smallest value the figure allows."""
        if self.qualifier == "about":
            return self.value * (1 - ABOUT)
        if self.qualifier == "nearly":
            return self.value * (1 - NEARLY)
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
        if self.qualifier == "range" and self.upper is not None:
            return self.upper
        return self.value

    @property
    def thing(self) -> str:
        """What is counted, without what happened to it: 'people', 'rail car', 'money'."""
        return self.measure.partition(":")[0]


@dataclass(frozen=True)
class _Num:
    value: float
    start: int
    end: int
    money: bool
    span_end: int | None = None  # "a mile and a half": the phrase runs on past its unit word


_HALF_INSIDE = re.compile(r"\b(?P<n>[^\W_]+(?:[.,]\d+)?)\s+(?P<u>[^\W\d_]+)\s+(?P<h>and\s+a\s+half|y\s+medi[oa])\b", re.I)
_HALF_AFTER = re.compile(r"\b(?P<n>[^\W_]+)[\s-]+(?:and[\s-]+a[\s-]+half|y[\s-]+medi[oa])(?=[\s-]+[^\W\d_])", re.I)
_HALF_OF = re.compile(r"\b(?:(?:half\s+an?|medio|media)(?=\s+[^\W\d_])|half(?=-[^\W\d_]))", re.I)  # "half-mile"
_HALB = re.compile(r"\b(?P<n>andert|einein|zweiein|dreiein|vierein|fünfein)halb\b", re.I)
_HALB_VALUES = {"andert": 1.0, "einein": 1.0, "zweiein": 2.0, "dreiein": 3.0, "vierein": 4.0, "fünfein": 5.0}


def _half_value(word: str, lang: str) -> float | None:
    w = word.lower()
    return 1.0 if w in ("a", "an", "one", "un", "una", "uno") else parse_number(word, lang)


def _halves(sentence: str, lang: str) -> list[_Num]:
    """Figures with a half: "a mile and a half" (1.5, the unit inside the phrase), "two and a half
    miles", "one-and-a-half-mile", "half a mile", "un kilómetro y medio", "anderthalb Kilometer"."""
    out: list[_Num] = []
    for m in _HALF_INSIDE.finditer(sentence):
        v = _half_value(m.group("n"), lang)
        if v is not None and _singular(m.group("u")) in UNITS:
            out.append(_Num(v + 0.5, m.start(), m.end("n"), False, m.end()))
    for m in _HALF_AFTER.finditer(sentence):
        v = _half_value(m.group("n"), lang)
        if v is not None and not any(n.start <= m.start() < (n.span_end or n.end) for n in out):
            out.append(_Num(v + 0.5, m.start(), m.end(), False))
    for m in _HALF_OF.finditer(sentence):
        if not any(n.start <= m.start() < (n.span_end or n.end) for n in out):
            out.append(_Num(0.5, m.start(), m.end(), False))
    out.extend(_Num(_HALB_VALUES[m.group("n").lower()] + 0.5, m.start(), m.end(), False) for m in _HALB.finditer(sentence))
    return out


_NUMBER_STEMS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
    "million", "billion", "uno", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
    "once", "doce", "trece", "catorce", "quince", "dieci", "veint", "treinta", "cuarenta", "cincuenta", "sesenta",
    "setenta", "ochenta", "noventa", "cien", "doscient", "trescient", "cuatrocient", "quinient", "seiscient",
    "setecient", "ochocient", "novecient", "mil", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht",
    "neun", "zehn", "elf", "zwölf", "zwanzig", "dreißig", "hundert", "tausend"
)
_MAYBE_NUMBER = re.compile(r"\d|\b(?:" + "|".join(_NUMBER_STEMS) + ")", re.IGNORECASE)


# A number word starts here: the word half of ``_MAYBE_NUMBER`` as a trie (same strings matched: a stem
# that starts with a shorter stem, 'million' after 'mil', adds nothing to a test with no end mark).
_STEMS_TRIE = regex_trie([w for w in _NUMBER_STEMS if not any(o != w and w.startswith(o) for o in _NUMBER_STEMS)])
_NUMBER_WORD = re.compile(r"\b" + _STEMS_TRIE, re.IGNORECASE)
_NUMBER_WORD_LOWER = re.compile(r"\b" + _STEMS_TRIE)  # on lower-cased ASCII text: the same test, faster
_DIGIT = re.compile(r"\d")


def _maybe_number(text: str) -> bool:
    """``bool(_MAYBE_NUMBER.search(text))``, faster: digits first, then the number-word trie (for ASCII
    text on its lower-cased form, where ignoring case and lower-casing agree letter for letter)."""
    if _DIGIT.search(text) is not None:
        return True
    if text.isascii():
        return _NUMBER_WORD_LOWER.search(text.lower()) is not None
    return _NUMBER_WORD.search(text) is not None


CACHED_CHARS = 2000  # texts up to this long are memoized (sentences); whole documents are not kept


def _numbers(sentence: str, lang: str) -> tuple[_Num, ...]:
    """Numbers written in digits or words, with scale words and currency marks folded in (memoized for
    sentences: the figures, the wording terms and the bare numbers of one sentence all read them)."""
    return _numbers_cached(sentence, lang) if len(sentence) <= CACHED_CHARS else _read_numbers(sentence, lang)


@lru_cache(maxsize=16384)
def _numbers_cached(sentence: str, lang: str) -> tuple[_Num, ...]:
    return _read_numbers(sentence, lang)


_HALF_WORD = re.compile(r"half|halb|medi[oa]", re.I)
_SCALE_AFTER = re.compile(rf"\s?({_SCALE_RE})(?![\w])", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:[$€£]|\b(?:USD|EUR|GBP|US\$))\s?$")
_CURRENCY_AFTER = re.compile(r"^\s*(?:dollars|euros|pounds|dólares|\$|€)", re.I)


def _read_numbers(sentence: str, lang: str) -> tuple[_Num, ...]:
    halves = _halves(sentence, lang) if _HALF_WORD.search(sentence) else []
    if not halves and not _maybe_number(sentence):
        return ()
    toks = list(_TOKEN.finditer(sentence))
    out: list[_Num] = list(halves)
    i = 0
    while i < len(toks):
        t = toks[i]
        word = t.group("word")
        if word is not None and (low := word.lower()) != "a" and _NUMBER_WORD.match(low) is None:
            i += 1  # a word that cannot start a number (the loop below would read nothing from it)
            continue
        if halves and any(h.start <= t.start() < (h.span_end or h.end) for h in halves):
            i += 1
            continue
        if t.group("digits"):
            value = parse_number(t.group(), lang)
            start, end = t.start(), t.end()
            j = i + 1
        else:
            j = i
            words: list[str] = []
            while j < len(toks) and toks[j].group("word"):
                w = toks[j].group().lower()
                maybe = _NUMBER_WORD.match(w) is not None
                if (maybe and _word_value(w, lang) is not None and w not in ("y", "a")) or (
                        words and w in _CONNECT and j + 1 < len(toks) and toks[j + 1].group("word")
                        and _word_value(toks[j + 1].group().lower(), lang) is not None):
                    words.append(w)
                    j += 1
                    continue
                if not words and w == "a" and j + 1 < len(toks) and toks[j + 1].group().lower() in (
                        "hundred", "thousand", "dozen", "mile"):
                    words.append(w)
                    j += 1
                    continue
                break
            while words and words[-1] in _CONNECT:
                words.pop()
                j -= 1
            if not words or (len(words) == 1 and words[0] in _ARTICLES) or words == ["a"]:
                i = max(j, i + 1)
                continue
            value = parse_number(" ".join(words), lang)
            start, end = t.start(), toks[j - 1].end()
        if value is None:
            i = max(j, i + 1)
            continue
        scale = _SCALE_AFTER.match(sentence[end:])
        if scale:
            value *= _SCALE[scale.group(1).lower()]
            end += scale.end()
        prefix = _CURRENCY_BEFORE.search(sentence[:start], max(0, start - 6))  # a match is at most 6 characters
        money = bool(prefix) or bool(_CURRENCY_AFTER.match(sentence[end:]))
        if prefix:
            start = prefix.start()
        out.append(_Num(value, start, end, money))
        i = max(j, i + 1)
        while i < len(toks) and toks[i].start() < end:
            i += 1  # the scale word folded in ("2.1 million") is not a number of its own
    return tuple(sorted(out, key=lambda n: n.start))


def _singular(word: str) -> str:
    w = word.lower().strip("’'")
    if w in UNITS:
        return w
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("en", ""), ("n", "")):
        if w.endswith(suffix) and w[: -len(suffix)] + repl in UNITS:
            return w[: -len(suffix)] + repl
    return w


def _unit_after(rest: str) -> tuple[str | None, int]:
    """Canonical unit in the few words after a number, and how far (in chars) it reaches."""
    if rest.lstrip().startswith("%"):
        return "percent", rest.index("%") + 1
    words = list(_WORD.finditer(rest[:70]))[:5]
    for i, m in enumerate(words):
        if i and rest[words[i - 1].end():m.start()].strip(" -") not in ("", "de", "of"):
            break  # punctuation between: the noun phrase ended
        w = _singular(m.group())
        two = f"{w} {_singular(words[i + 1].group())}" if i + 1 < len(words) else ""
        if two in UNITS:
            return UNITS[two], words[i + 1].end()
        if two.endswith("air base"):
            return "air base", words[i + 1].end()
        if w in UNITS and not (w == "base" and i == 0 and m.group().lower() == "base"):
            return UNITS[w], m.end()
        if m.group().lower() in PEOPLE:
            return "people", m.end()
        if i == 0 and PREDICATES.get(m.group().lower()) in ("dead", "evacuated", "injured", "missing", "rescued"):
            return "people", 0  # "Five killed", "1,200 evacuated"
        if m.group().lower() in ("more", "the", "and", "in", "y", "und", "en", "than", "who", "that", "were",
                                 "was", "had", "have"):
            break
    return None, 0


def _unit_before(before: str, found: list[Quantity]) -> tuple[str | None, str | None]:
    """A figure with no unit after it, named before: "the death toll rose to five" (people, dead),
    "the number of people treated has risen to seven", "county officials put the number at 23"
    (the measure of the sentence's previous figure). Returns (unit, full measure or None)."""
    m = _NUMBER_OF.search(before)
    if m is None:
        return None, None
    if m.group("toll"):
        return "people", "people:dead"
    noun = (m.group("noun") or "").lower()
    if noun:
        unit, _ = _unit_after(" " + noun)
        if unit is None:
            return None, None
        pred = PREDICATES.get((m.group("pred") or "").lower())
        if pred is None:
            pred = next((PREDICATES[w.lower()] for w in _WORD.findall(before[m.end("noun"):])
                         if w.lower() in PREDICATES), None)
        if unit == "people" and pred is None:
            return None, None
        return unit, f"{unit}:{pred}" if pred else unit
    if found and _INHERIT.search(before):
        return found[-1].thing, found[-1].measure
    return None, None


_ALLOWED = {
    "people": {"dead", "evacuated", "injured", "missing", "rescued", "striking", "affected"},
    "customer": {"without power"},
    "building": {"destroyed", "damaged", "hit"},
    "rail car": {"derailed", "leaking"}, "tank car": {"leaking", "derailed"},
    "drone": {"hit", "destroyed", "launched"}, "aircraft": {"hit", "destroyed", "damaged", "launched"},
    "vehicle": {"destroyed", "damaged", "hit"}, "vessel": set(),
}


def _predicate(sentence: str, start: int, end: int, unit: str) -> str | None:
    """What happened to the counted things: a verb just before ("killing at least seven"),
    else the nearest predicate word after (up to the next figure), else one further before."""
    before, after = sentence[:start], sentence[end:]
    nxt = re.search(r"\d|;", after)
    window = after[: min(nxt.start() if nxt else 90, 90)]
    if unit in ("people", "customer") and _SHELTER.search(window):
        return "still sheltered" if _STILL.search(window) else "sheltered"
    allowed = _ALLOWED.get(unit, set())
    for w in _WORD.findall(before[-30:])[-3:]:
        if PREDICATES.get(w.lower()) in allowed and w.lower().endswith("ing"):
            return PREDICATES[w.lower()]
    found, reach = None, 0
    for m in _WORD.finditer(window):
        if PREDICATES.get(m.group().lower()) in allowed:
            found, reach = PREDICATES[m.group().lower()], m.start()
            break
    if found is None:
        for w in reversed(_WORD.findall(before[-50:])):
            if PREDICATES.get(w.lower()) in allowed:
                found = PREDICATES[w.lower()]
                break
    if found is not None and _STILL.search(window[:reach]):
        found = f"still {found}"  # "still without power": the state now, not the peak
    return found


def extract_quantities(sentence: str, lang: str | None = None) -> list[Quantity]:
    """Every comparable figure in ``sentence`` (see the module docstring for what counts).

    Memoized per (sentence, lang): the engine, the claim matrix and the verifier read the same
    sentences (on allsides this was ~30 ms of a ~45 ms cluster); Quantity is frozen, the list is a copy.
    """
    return list(_extract_cached(sentence, lang))


@lru_cache(maxsize=8192)
def _extract_cached(sentence: str, lang: str | None) -> tuple[Quantity, ...]:
    return tuple(_extract(sentence, lang))


def _tail(starts: list[int], end: int, tokens: int) -> int:
    """Where the last ``tokens`` whitespace-separated tokens of ``text[:end]`` begin (0 when it holds fewer),
    ``starts`` being where each token of ``text`` begins. A pattern anchored at the end of ``text[:end]``
    whose match spans at most that many tokens cannot match earlier, so searching from there finds the
    same match as searching the whole prefix, without trying every position of a long sentence."""
    i = bisect_left(starts, end)
    return starts[i - tokens] if i >= tokens else 0


# The tests of ``_extract`` (and ``bare_number_spans``) compiled once; the comment after an end-anchored
# one gives the most tokens its match spans (see ``_tail``).
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\.?\s*(?:de\s+)?$", re.I)  # 2: 'marzo de'
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th|\.)?\s*(?:de\s+)?{_MONTHS}\b", re.I)
_CLOCK_OR_DECIMAL_AFTER = re.compile(r"^[:.]\d")
_DIGIT_AFTER = re.compile(r"^\d")
_DIGIT_OR_SLASH_BEFORE = re.compile(r"[\d/]$")  # 1
_HYPHEN_BEFORE = re.compile(r"\w-$")  # 1
_CAPITAL_BEFORE = re.compile(r"\b[A-Z][a-z]+\s$")  # 1
_CAPITAL_OPENS = re.compile(rf"(?:^|[.!?]\s+|\b(?:{_QUAL_RE})\s+)[A-Z][a-z]+\s$")  # 4: 'no fewer than Some'
_WEEKDAY_WORD = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")
_FOUR_DIGITS = re.compile(r"\d{4}")
_AGE_AFTER = re.compile(r"^\s*,\s*\d")
_COMMA_BEFORE = re.compile(r"\w,\s*$")  # 1
_COMMA_AFTER = re.compile(r"^\s*,")
_UP_TO_THREE_DIGITS = re.compile(r"\d{1,3}")
_FROM_BEFORE_CASED = re.compile(r"\b(?:from|de|von)\s+$")  # 1
_FROM_BEFORE = re.compile(r"\b(?:from|de|von)\s+$", re.I)  # 1
_TO_AFTER = re.compile(r"^[^.;\d]{0,40}?\b(?:to|a|auf)\s+\S", re.I)
_QUAL_BEFORE = re.compile(rf"\b({_QUAL_RE})\s+(?:de\s+)?(?:[$€£]\s?)?$", re.I)  # 5: 'no fewer than de $'
_BETWEEN_BEFORE = re.compile(r"\b(?:between|entre|zwischen|from)\s+$", re.I)  # 1
_FROM_FIGURE = re.compile(r"\b(?:from|de|von)\s+(\d[\d,.]*|[^\W\d_]+(?:-[^\W\d_]+)?)", re.I)
_TO_REST = re.compile(r"[^.;]{0,40}?\b(?:to|a|auf)\s*", re.I)
_UP_FROM_BEFORE = re.compile(r"\b(?:up|down)\s+from\s+(?:an?\s+)?(?:earlier\s+|initial\s+)?$|\b(?:previously|"
                             r"initially|originally)\s+(?:put\s+at\s+)?$", re.I)  # 4: 'up from an earlier'
_TOKEN_START = re.compile(r"\S+")
# Necessary conditions, read once per sentence: every match of ``_UPDATE_VERB`` in a prefix of the
# sentence starts with one of its verbs (at the same word boundary), every match of ``_NUMBER_OF`` with
# one of its nouns.
_UPDATE_VERB_WORD = re.compile(r"\b" + regex_trie([  # a trie: one scan of the sentence reads each letter once
    "rose", "risen", "rising", "climbed", "increased", "jumped", "grew", "went up", "fell", "dropped", "revised",
    "subió", "aumentó", "ascendió", "stieg", "gestiegen"]), re.I)
_NUMBER_OF_WORD = re.compile(r"\b(?:death toll|toll|cifra de muertos|zahl der toten|number|count|total|tally|figure|"
                             r"n[uú]mero|cifra|zahl)", re.I)


def _extract(sentence: str, lang: str | None = None) -> list[Quantity]:
    lang = lang or guess_language(sentence)
    nums = _numbers(sentence, lang)
    out: list[Quantity] = []
    if not nums:
        return out
    starts = [t.start() for t in _TOKEN_START.finditer(sentence)]
    updates = _UPDATE_VERB_WORD.search(sentence) is not None
    number_of: bool | None = None
    skip: set[int] = set()
    pending: tuple[float, str, str, int, int, float | None, float | None] | None = None
    for k, n in enumerate(nums):
        if k in skip:
            continue
        before, after = sentence[: n.start], sentence[n.end:]
        raw = sentence[n.start:n.end]
        cut = len(before)
        if _MONTH_BEFORE.search(before, _tail(starts, cut, 2)) or _MONTH_AFTER.match(after):
            continue  # "March 12", "12 March", "12. März", "12 de marzo"
        if _CLOCK_OR_DECIMAL_AFTER.match(after) or _DIGIT_AFTER.match(after) or _DIGIT_OR_SLASH_BEFORE.search(
                before, _tail(starts, cut, 1)):
            continue  # clock times, phone numbers, dates
        if _HYPHEN_BEFORE.search(before, _tail(starts, cut, 1)) or _LABEL_BEFORE.search(before, _tail(starts, cut, 1)) \
                or _STREET_AFTER.match(after):
            continue  # COVID-19, Unit 731, No. 5, 12 Harbour Street
        if _CAPITAL_BEFORE.search(before, _tail(starts, cut, 1)) and not _CAPITAL_OPENS.search(
                before, _tail(starts, cut, 4)) and not n.money:
            prev = before.split()[-1]
            if prev.lower() not in _QUALIFIERS and prev.lower() not in PREDICATES and not _WEEKDAY_WORD.fullmatch(prev):
                continue  # a label after a proper noun: "Unit 731", "Gate 4"
        if _FOUR_DIGITS.fullmatch(raw) and 1800 <= n.value <= 2100 and not n.money:
            continue  # a year
        if any(m.end <= n.start and sentence[m.end:n.start].strip().lower() in ("in", "out of") for m in nums):
            continue  # a ratio: "four in five missiles"
        if _AGE_AFTER.match(after) or (_COMMA_BEFORE.search(before, _tail(starts, cut, 1)) and _COMMA_AFTER.match(after)
                                       and _UP_TO_THREE_DIGITS.fullmatch(raw)):
            continue  # an age: "Liv Haraldsen, 34, ..."
        if updates and _FROM_BEFORE.search(before, _tail(starts, cut, 1)) and _UPDATE_VERB.search(
                _FROM_BEFORE_CASED.sub("", before)) and _TO_AFTER.match(after):
            continue  # "rose from three on Friday to five": three is the earlier figure of five
        qual_m = _QUAL_BEFORE.search(before, _tail(starts, cut, 5))
        qual = _QUALIFIERS.get(qual_m.group(1).lower(), "exact") if qual_m else "exact"
        start = qual_m.start() if qual_m else n.start
        upper: float | None = None
        earlier: float | None = None
        end = n.end
        # ranges "between 1,100 and 1,300", "1,100 to 1,300", "1,100-1,300"; "rose from 3 to 5" is an update
        if k + 1 < len(nums) and _RANGE.match(sentence[n.end:nums[k + 1].start]):
            m2 = nums[k + 1]
            if updates and (_UPDATE_VERB.search(before + " from") or _FROM_BEFORE_CASED.search(
                    before, _tail(starts, cut, 1)) and _UPDATE_VERB.search(before)):
                earlier, n = n.value, m2
                end = m2.end
                skip.add(k + 1)
            elif m2.value > n.value and (_BETWEEN_BEFORE.search(before, _tail(starts, cut, 1))
                                         or sentence[n.end:m2.start].strip() in ("-", "–", "to", "bis")):
                upper, qual, end = m2.value, "range", m2.end
                skip.add(k + 1)
        else:
            rel = list(_FROM_FIGURE.finditer(before))[-1:] if updates else []
            if rel and _TO_REST.fullmatch(before[rel[0].end():]) and \
                    _UPDATE_VERB.search(before[: rel[0].start()]):
                earlier = parse_number(rel[0].group(1), lang)
        if out and _UP_FROM_BEFORE.search(before, _tail(starts, cut, 4)) and out[-1].end <= n.start:
            last = out[-1]  # "rose to 14, up from 9": 9 is the earlier figure, not a second one
            out[-1] = Quantity(last.value, last.qualifier, last.measure, last.text, last.start, last.end,
                               last.upper, last.whole, n.value)
            continue
        after = sentence[end:]
        if k + 1 < len(nums) and k + 1 not in skip and _PART_OF.match(sentence[end:nums[k + 1].start]):
            pending = (n.value, qual, sentence[start:end].strip(), start, end, upper, earlier)
            continue  # "2,600 of its 4,300 dockworkers": the part takes the whole's unit, below
        measure: str | None
        reach = 0
        if n.money:
            measure = "money"
            window = sentence[max(0, start - 60): end + 60]
            if _INSURED.search(window):
                measure = "money:insured"
            elif _RANSOM.search(window):
                measure = "money:ransom"
            elif _DAMAGE_WORDS.search(window):
                measure = "money:damage"
            elif _COST.search(window):
                measure = "money:cost"
        else:
            if _NOT_A_FIGURE_AFTER.match(after):
                pending = None
                continue
            unit, reach = _unit_after(after)
            if unit is None:
                if number_of is None:
                    number_of = _NUMBER_OF_WORD.search(sentence) is not None
                unit, inherited = _unit_before(sentence[:start], out) if number_of else (None, None)
                if inherited is not None:
                    out.append(Quantity(n.value, qual, inherited, sentence[start:end].strip(), start, end,
                                        upper, None, earlier))
                    pending = None
                    continue
            if unit is None:
                pending = None
                continue
            measure = unit
            if unit in _COUNTED:
                pred = _predicate(sentence, n.start, end + reach, unit)
                if pending is not None:
                    pv, pq, ptext, ps, pe, pu, pearly = pending
                    part_measure = f"{unit}:{pred}" if pred else unit
                    if part_measure != "people":
                        out.append(Quantity(pv, pq, part_measure, ptext, ps, pe, pu, n.value, pearly))
                    measure = f"{unit}:total"
                elif pred is not None:
                    measure = f"{unit}:{pred}"
                elif unit == "people":
                    continue  # "150 people were still there": not comparable
        pending = None
        stop = max(end + reach, n.span_end or 0)
        out.append(Quantity(n.value, qual, measure, sentence[start:stop].strip(), start, stop, upper, None, earlier))
    return [replace(q, revised=q.earlier is not None or bool(UPDATE_CUE.search(sentence[max(0, q.start - 45):q.start])))
            for q in out]


def compatible(a: Quantity, b: Quantity) -> bool:
    """True when two figures of one measure can both be right (their intervals overlap).

    'more than 117' and '117' are compatible (reporters round up and down);
    '4' and '5' are not; 'about 1,100' and 'approximately 1,200' are not
    (about = within 2 percent); 'between 1,100 and 1,300' and 'some 1,200' are.
    """
    return a.low <= b.high * (1 + 1e-9) and b.low <= a.high * (1 + 1e-9)


COMPARABLE_THINGS = frozenset({*_COUNTED, "money", "tonne", "air base", "missile", "rescue"})
"""Things whose figures name one fact of a story; lengths, distances, degrees and percentages
measure too many different things (a river's crest, a stretch of track) to be set against each other."""


def describe(measure: str) -> str:
    """A readable topic for a measure: 'people:dead' -> 'number of dead'."""
    thing, _, pred = measure.partition(":")
    if thing == "people":
        return "number of " + {"dead": "dead", "evacuated": "people evacuated", "injured": "injured",
                               "missing": "missing", "rescued": "people rescued"}.get(pred, f"people {pred}")
    if thing == "money":
        return {"damage": "damage estimate", "insured": "insured losses", "cost": "cost",
                "ransom": "ransom"}.get(pred, "sum of money")
    plural = {"building": "buildings", "air base": "air bases", "drone": "drones", "aircraft": "aircraft",
              "vehicle": "vehicles", "missile": "missiles", "rescue": "rescues", "rail car": "rail cars",
              "tank car": "tank cars", "vessel": "vessels", "customer": "customers", "tonne": "tonnes"}
    return f"number of {plural.get(thing, thing)}" + (f" {pred}" if pred else "")


@lru_cache(maxsize=65536)
def quantities_of(sentence: str, lang: str | None = None) -> tuple[Quantity, ...]:
    """``extract_quantities`` memoized: the story stage asks for one sentence's figures many times."""
    return tuple(extract_quantities(sentence, lang))


def numbers_in(sentence: str, lang: str | None = None) -> list[tuple[str, float]]:
    """Every number in ``sentence`` as (text as written, value), digits and number words alike
    ("Seven" -> 7.0, "1.200" -> 1200.0, "$30 million" -> 3e7); articles ("a", "un") are not numbers."""
    return list(_numbers_in(sentence, lang))


@lru_cache(maxsize=65536)
def _numbers_in(sentence: str, lang: str | None) -> tuple[tuple[str, float], ...]:
    """``numbers_in`` memoized: the verifier checks the same key points and passages many times."""
    return tuple((sentence[n.start:n.end], n.value) for n in _numbers(sentence, lang or guess_language(sentence)))


def with_numerals(text: str, lang: str | None = None) -> str:
    """``text`` with every number written in digits, as one token: "Twelve container ships" -> "12 container
    ships", "veintiún tripulantes" -> "21 tripulantes", "1,200" and "1.200" -> "1200", "2.1 million" ->
    "2100000". Wording comparisons (``story.compare``) then see one term for one number however it is written.
    Memoized for sentences (``CACHED_CHARS``), not for whole documents."""
    return _with_numerals_cached(text, lang) if len(text) <= CACHED_CHARS else _with_numerals(text, lang)


@lru_cache(maxsize=65536)
def _with_numerals_cached(text: str, lang: str | None) -> str:
    return _with_numerals(text, lang)


def _with_numerals(text: str, lang: str | None) -> str:
    nums = _numbers(text, lang or guess_language(text))
    if not nums:
        return text
    out, at = [], 0
    for n in nums:
        value = int(n.value) if float(n.value).is_integer() else n.value
        out.append(text[at:n.start])
        out.append(f" {value} ")
        at = n.end
        if n.span_end:  # "a mile and a half" -> "1.5 mile"
            out.append(re.sub(r"\s+(?:and\s+a\s+half|y\s+medi[oa])$", " ", text[n.end:n.span_end], flags=re.I))
            at = n.span_end
    out.append(text[at:])
    return "".join(out)


_CLOCK_AFTER = re.compile(r"^\s*(?:[ap]\.?\s?m\b|o'clock|uhr\b|h\b)", re.I)
_CLOCK_BEFORE = re.compile(r"\d[:.]$")  # 1 token
_ONE = frozenset({"one", "uno", "una", "un", "ein", "eine", "einen"})


@lru_cache(maxsize=65536)
def bare_numbers(sentence: str, lang: str | None = None) -> frozenset[float]:
    """The values of ``bare_number_spans``."""
    return frozenset(v for v, _, _ in bare_number_spans(sentence, lang))


@lru_cache(maxsize=65536)
def bare_number_spans(sentence: str, lang: str | None = None) -> tuple[tuple[float, int, int], ...]:
    """Numbers of ``sentence`` that are no typed figure (``quantities_of``) and no year, date, clock time
    or lone "one", as (value, start, end) with the word after the number in the span: "fourteen cooling
    centres" -> 14.0 over "fourteen cooling", "lasted nine days" -> 9.0 over "nine days", "at 5:47 p.m.
    on Sept. 14, 2026" -> (). Two sentences giving such numbers with none in common count different
    things or the same thing differently."""
    lang = lang or guess_language(sentence)
    typed = [(q.start, q.end) for q in quantities_of(sentence, lang)]
    out: list[tuple[float, int, int]] = []
    nums = _numbers(sentence, lang)
    starts = [t.start() for t in _TOKEN_START.finditer(sentence)] if nums else []
    for n in nums:
        raw, before, after = sentence[n.start:n.end], sentence[:n.start], sentence[n.end:]
        if any(a <= n.start < b for a, b in typed) or raw.lower() in _ONE:
            continue
        if _FOUR_DIGITS.fullmatch(raw) and 1800 <= n.value <= 2100:
            continue  # a year
        if _CLOCK_OR_DECIMAL_AFTER.match(after) or _CLOCK_BEFORE.search(before, _tail(starts, n.start, 1)) \
                or _CLOCK_AFTER.match(after):
            continue  # a clock time
        if _MONTH_BEFORE.search(before, _tail(starts, n.start, 2)) or _MONTH_AFTER.match(after):
            continue  # a date
        noun = _WORD.match(after.lstrip())  # the word it counts: "nine days", "fourteen cooling (centres)"
        out.append((n.value, n.start, n.end + (len(after) - len(after.lstrip()) + noun.end() if noun else 0)))
    return tuple(out)
