"""Language rules for sentence boundaries, and the one test a shown statement must pass.

Two jobs, both plain functions over strings:

- :func:`join_here` decides whether a boundary the base segmenter proposed
  (blingfire, see ``segment.py``) falls after an abbreviation, an initial, an
  ordinal or a time that does not end the sentence ("at 9 a.m. Sunday",
  "Pres. Alma Reyes", "Holdings Inc. Chief Executive", "approx. 500",
  German "am 31. März", Spanish "la Dra. Elena Ferrán", French "M. Jean
  Dupont"). Rules: a following word in lower case or a digit always joins; a
  title before a name always joins; other abbreviations (company suffixes,
  units, street types, "U.S.") join unless the next word is a usual sentence
  opener ("The", "By", "El", "Der", ...); "a.m."/"p.m." join only before a
  weekday, month, lower-case word or digit.
- :func:`statement_problem` says why a sentence may not be shown as a
  statement (key point, summary sentence, timeline text): fewer than five
  words (ten characters for Chinese/Japanese), opening mid-sentence (lower
  case or a continuation mark), no sentence-final punctuation, or ending on
  an abbreviation. ``is_statement`` is its boolean form. The extractive engine
  and the timeline call it; it is the product's no-fragment guarantee.

Lists are small and per language (en, es, de, fr; zh and ar need none:
their sentence marks are unambiguous); sources are the abbreviation lists of
the Unicode CLDR segmentation suppressions and the newswire style guides.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Titles and words that always precede a name or number: the period never ends the sentence.
_ALWAYS = {
    "en": {"mr", "mrs", "ms", "dr", "prof", "gov", "sen", "rep", "pres", "gen", "lt", "col", "sgt", "capt",
           "cmdr", "adm", "maj", "rev", "hon", "supt", "insp", "det", "atty", "approx", "vs",
           "cpl", "pvt", "gens", "reps", "sens", "govs", "messrs", "mt", "ft", "fig", "ref", "vol", "pp"},
    "es": {"sr", "sra", "srta", "dr", "dra", "lic", "ing", "arq", "prof", "aprox", "núm", "gral", "cnel",
           "tte", "sto", "sta", "dña", "d", "excmo", "excma", "ud", "uds", "pág", "av", "avda", "c"},
    "de": {"dr", "prof", "hr", "fr", "nr", "ca", "bzw", "vgl", "z", "u", "d", "h", "s", "bspw", "inkl",
           "ggf", "evtl", "gem", "lt", "str", "st", "abs", "mio", "mrd", "ehem", "sog", "jh", "hrsg"},
    "fr": {"m", "mm", "mme", "mmes", "mlle", "me", "pr", "dr", "env", "nº", "av", "bd", "st", "ste",
           "gén", "col", "lt", "cf", "p"},
}
# Abbreviations that may end a sentence: join unless the next word opens a sentence.
_USUALLY = {
    "en": {"inc", "ltd", "co", "corp", "llc", "plc", "bros", "jr", "sr", "st", "ave", "rd", "ln", "blvd",
           "dept", "univ", "assn", "al", "etc", "m", "km", "cm", "mm", "kg", "lb", "lbs", "oz", "mi",
           "yd", "sq", "min", "sec", "hr", "hrs", "mph"},
    "es": {"s.a", "etc", "cía", "hnos", "km", "m", "kg", "pdte", "gob", "dip", "sres"},
    "de": {"gmbh", "ag", "usw", "etc", "km", "m", "kg", "mrd"},
    "fr": {"sa", "cie", "etc", "km", "m", "kg"},
}
# Month abbreviations ("Sept. 14", "Mar. 3", "12 janv. 2026"): they join only before a number, and a
# sentence may end on them ("mar" is also Spanish for sea, "may" an English word).
_MONTH_ABBR = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ene",
               "abr", "ago", "dic", "okt", "dez", "janv", "févr", "avr", "juil", "déc"}
# Entries of other languages' lists that are ordinary words in English: left out when the language is unknown.
_COMMON_WORDS = {"me", "gem", "abs", "ing", "c", "d", "s", "h", "u", "z", "p"}
# Words that usually open a new sentence (capitalized): after an ambiguous abbreviation they mean "split".
_OPENERS = {
    "en": {"a", "an", "the", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our",
           "this", "that", "these", "those", "there", "in", "on", "at", "by", "for", "from", "to", "with",
           "after", "before", "but", "and", "or", "so", "yet", "as", "if", "when", "while", "since", "about",
           "some", "many", "most", "no", "not", "one", "two", "three", "all", "officials", "police", "residents",
           "meanwhile", "however", "earlier", "later", "what", "who", "why", "how", "where", "until", "during"},
    "es": {"el", "la", "los", "las", "un", "una", "en", "por", "para", "con", "según", "pero", "y", "tras",
           "desde", "este", "esta", "ese", "esa", "no", "se", "también", "además", "sin", "al", "del"},
    "de": {"der", "die", "das", "den", "dem", "ein", "eine", "er", "sie", "es", "wir", "in", "am", "im", "an",
           "auf", "mit", "nach", "bei", "von", "aber", "und", "doch", "laut", "dies", "diese", "dieser"},
    "fr": {"le", "la", "les", "un", "une", "il", "elle", "ils", "elles", "on", "en", "dans", "au", "aux",
           "selon", "mais", "et", "pour", "par", "avec", "après", "ce", "cette", "des", "du"},
}
# Abbreviations that join only before a number ("No. 4", "Nr. 7").
_BEFORE_NUMBER = {"no", "nos", "nr", "núm", "nº", "art", "p", "pp", "tel"} | _MONTH_ABBR
_TIME_ABBR = {"a.m", "p.m", "a.m.", "p.m."}
_WEEKDAY_MONTH = re.compile(
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?|jan(?:uary)?|feb(?:ruary)?|march|"
    r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"today|tonight|yesterday|tomorrow|local|et|est|edt|pt|pst|pdt|ct|cst|cdt|gmt|utc|bst|cet|cest",
    re.IGNORECASE,
)
_MONTHS_OTHER = re.compile(
    r"(?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b",
    re.IGNORECASE,
)
_LAST_TOKEN = re.compile(r"(\S+)\.$")
_ORDINAL = re.compile(r"\d{1,2}")
_INITIAL = re.compile(r"[^\W\d_]")
_DOTTED = re.compile(r"[^\W\d_]{1,3}(?:\.[^\W\d_]{1,3}){1,4}")
_NEXT_WORD = re.compile(r"[\"'“‘(«¿¡]*(\S+)")
_END_PUNCT = re.compile(r"(?<!\.\.)[.!?。！？؟]['\"”’»)\]]*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CONTINUATION = re.compile(r"^[,;:)\]}…\-–—]|^\.\.\.")


UNPUNCTUATED_MIN_WORDS = 40
RUN_ON_WORDS = 120
_TERMINAL = re.compile(r"[.!?。！？؟…]")


def is_unpunctuated(text: str) -> bool:
    """True for running text with (almost) no sentence punctuation: captions, ASR transcripts.

    At least ``UNPUNCTUATED_MIN_WORDS`` words with no sentence mark at all, or
    a stretch of ``RUN_ON_WORDS`` words without one (news sentences stay far
    below that).
    """
    words = len(text.split())
    if words < UNPUNCTUATED_MIN_WORDS:
        return False
    if not _TERMINAL.search(text):
        return True
    return words >= RUN_ON_WORDS and any(len(run.split()) >= RUN_ON_WORDS for run in _TERMINAL.split(text))


def _lang(lang: str | None) -> str:
    return (lang or "en").split("-")[0].lower()


def _abbreviation(token: str) -> str | None:
    """The abbreviation a token ending in '.' carries ('Inc.' -> 'inc', '(U.S.' -> 'u.s'), else None."""
    core = token.rstrip(".").lstrip("\"'“‘(«[").lower()
    return core or None


@lru_cache(maxsize=256)
def _rules(lang: str | None) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(always, usually, openers) for ``lang``: built once per language (every boundary and statement asks)."""
    if lang is None:  # unknown language: every list (stricter for the statement check)
        always = set().union(*_ALWAYS.values()) - _COMMON_WORDS
        return frozenset(always), frozenset(set().union(*_USUALLY.values()) - _COMMON_WORDS), frozenset(_OPENERS["en"])
    code = _lang(lang)
    always = _ALWAYS["en"] | _ALWAYS.get(code, set())
    usually = _USUALLY["en"] | _USUALLY.get(code, set())
    openers = _OPENERS.get(code, _OPENERS["en"]) | (_OPENERS["en"] if code != "en" else set())
    return frozenset(always), frozenset(usually), frozenset(openers)


def _last_token(text: str) -> re.Match[str] | None:
    """``_LAST_TOKEN.search(text)`` searched from the last whitespace-separated token (where its match, the
    token before a final '.', must begin) instead of from every position of the text."""
    stripped = text.rstrip()
    tail = stripped.rsplit(None, 1)
    return _LAST_TOKEN.search(text, len(stripped) - len(tail[-1]) if tail else 0)


def join_here(before: str, after: str, lang: str | None = "en") -> bool:
    """True when the boundary between ``before`` and ``after`` is not a sentence end.

    ``before`` is the text up to the proposed boundary (its tail matters),
    ``after`` the text from it. Only boundaries after a period are ever
    joined, plus any boundary followed by a lower-case word (a sentence does
    not start in lower case in the cased scripts handled here).
    """
    before = before.rstrip()
    nxt_m = _NEXT_WORD.match(after.lstrip())
    if not before or nxt_m is None:
        return False
    nxt = nxt_m.group(1)
    first = nxt[0]
    if first.islower():
        return True
    if not before.endswith(".") or before.endswith(".."):
        return False
    tok_m = _last_token(before)
    if tok_m is None:
        return False
    token = tok_m.group(1) + "."
    abbr = _abbreviation(token)
    if abbr is None:
        return False
    always, usually, openers = _rules(lang)
    next_word = nxt.strip(".,;:!?\"'”’»)").lower()
    if first.isdigit():
        # "approx. 500", "No. 4", "Sept. 14": a number after an abbreviation continues it
        return abbr in always or abbr in usually or abbr in _BEFORE_NUMBER or len(abbr) == 1
    if abbr in _TIME_ABBR:
        return bool(_WEEKDAY_MONTH.fullmatch(next_word.rstrip(",")))
    if _ORDINAL.fullmatch(abbr):  # ordinal: "am 31. März", German "der 3. Platz"
        return bool(_MONTHS_OTHER.match(next_word)) or (_lang(lang) == "de" and next_word not in openers)
    if abbr in always:
        return True
    if _INITIAL.fullmatch(abbr):  # an initial: "J. R. Tolkien", "M. Dupont"
        return next_word not in openers
    if abbr in usually or _DOTTED.fullmatch(abbr):  # "U.S", "D.C", "S.A", "EE.UU", "Ph.D"
        return next_word not in openers
    return False


def ends_on_abbreviation(text: str, lang: str | None = None) -> bool:
    """True when ``text`` ends on a known abbreviation or time ('... at 6 p.m.', '... Inc.')."""
    text = text.rstrip(" \"'”’»)")
    if not text.endswith(".") or text.endswith(".."):
        return False
    tok_m = _last_token(text)
    if tok_m is None:
        return False
    abbr = _abbreviation(tok_m.group(1) + ".")
    if abbr is None:
        return False
    always, usually, _ = _rules(lang)
    return (
        abbr in _TIME_ABBR or abbr in always or abbr in usually
        or bool(_DOTTED.fullmatch(abbr)) or bool(_INITIAL.fullmatch(abbr))
    )


@lru_cache(maxsize=65536)
def statement_problem(text: str, lang: str | None = None) -> str | None:
    """Why ``text`` may not be shown as a statement, or None when it may.

    A statement is a whole sentence: at least five words (ten characters in
    Chinese/Japanese/Korean), opening with no lower-case letter or
    continuation mark, ending in sentence-final punctuation (optionally inside
    closing quotes), and not ending on an abbreviation. Memoized: every stage asks about the
    same sentences.
    """
    t = text.strip()
    if not t:
        return "empty"
    cjk = len(_CJK.findall(t)) if _CJK.search(t) is not None else 0
    if cjk >= len(t) / 3:
        if cjk < 10:
            return "fewer than ten characters"
    elif len(t.split()) < 5:
        return "fewer than five words"
    head = t.lstrip("\"'“‘(«¿¡ ")
    if not head or head[0].islower() or _CONTINUATION.match(t):
        return "starts mid-sentence"
    if not _END_PUNCT.search(t):
        return "no sentence-final punctuation"
    if ends_on_abbreviation(t, lang):
        return "ends on an abbreviation"
    return None


def is_statement(text: str, lang: str | None = None) -> bool:
    """True when ``text`` may be shown as a statement (see :func:`statement_problem`)."""
    return statement_problem(text, lang) is None
