"""Labels and generated phrases: titles from the sources' own words, outlet labels, English wording.

Shared base (every stage and front end may import it): pure functions over
``Document`` and strings. Rules:

- A document's *title* is its own title unless that is a file name (the file's
  stem, a hash, ``000_6898c36d64ddfe24``) or reads as an instruction to a model
  (``textrules.is_instruction``); then its dateline or lead sentence,
  shortened (``doc_title``). File names never reach a heading, column or tab.
- A *source label* (column and tab headers) is the outlet, else a short title.
- ``headline`` turns a sentence into a short title: the clause sharing most
  words with the other sources, numbers dropped when the figure is disputed.
- ``plural``, ``count``, ``attributed`` and ``article`` build every generated
  phrase ("1 story", "2 stories", "an estimate", "according to X" once).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePath

from summarizer.models import Document
from summarizer.textrules import is_instruction

TITLE_WORDS = 14
LABEL_CHARS = 28

_IRREGULAR = {"story": "stories", "copy": "copies", "entry": "entries", "is": "are", "was": "were",
              "this": "these", "it": "they", "has": "have", "does": "do"}
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_HASHY = re.compile(r"(?:^|[_\-.])[0-9a-f]{8,}(?:$|[_\-.])", re.IGNORECASE)
_FILEISH = re.compile(r"^[\w.\-]+$")
_NUMBERISH = re.compile(  # a figure in a title: digits (any script) or a number word (en, es, de, fr)
    r"^(?:\$?\d[\d,.]*%?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-\w+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|dozens?|hundreds?|thousands?|millions?|billions?|"
    r"dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|veinte|treinta|cuarenta|cincuenta|cien|"
    r"cientos|centenares|docenas|miles|millones|"
    r"zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|hundert|hunderte|tausend|"
    r"tausende|dutzende|millionen|"
    r"deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|vingt|trente|cent|centaines|mille|milliers|"
    r"dizaines)$",
    re.IGNORECASE,
)
_REPORT_VERB = (r"(?:said|says|say|told|tells|added|adds|announced|announces|reported|reports|stated|states|"
                r"confirmed|confirms|explained|noted|wrote|warned|claimed|insisted|according\s+to)")
_REPORTING = re.compile(rf"(?i)(?:\S+\s+){{0,10}}{_REPORT_VERB}|{_REPORT_VERB}(?:\s+\S+){{1,8}}")
_VENUE = re.compile(r"(?i)\s+(?:at|in|during|on)\s+(?:a|an|the|its|their|his|her)\s+(?:\S+\s+)?(?:news conference|"
                    r"press conference|conference|briefing|statement|interview|post|meeting|hearing|release)$")
_FRAGMENT = re.compile(r"(?i)(?:which|who|whose|whom|where|that|and|but|or|adding|according|said|says|told)\b")
_RANGE = r"(?:\d[\d,.]*|[a-z]+(?:-[a-z]+)?)"
_NUMBER_RANGE = re.compile(rf"(?i)\b{_RANGE}\s+(?:of|out\s+of|to|or)\s+(?:the\s+)?(?={_RANGE}\b)")
_TIME_TAIL = frozenset(["on", "late", "early", "last", "this", "in", "at", "by", "the", "of", "morning",
                        "afternoon", "evening", "night", "today", "tonight", "yesterday", "earlier", "later",
                        "week", "a.m", "p.m", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                        "sunday"])
_QUANTIFIER = frozenset(["more", "than", "at", "least", "about", "some", "nearly", "almost", "over", "around", "roughly", "up", "to", "some"])
_STOP = frozenset(
    ["a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "from", "by", "with", "as", "is", "are", "was", "were", "be", "been", "that", "this", "these", "those", "it", "its", "their", "his", "her", "they", "he", "she", "we", "i", "you", "said", "says", "say", "after", "before", "while", "than", "into", "over", "about", "also", "has", "have", "had", "not", "no", "will", "would", "could", "should", "may", "might", "can", "who", "which", "what", "when", "where"]
)
STOP_WORDS = _STOP  # English function words: never the first or last word of a title
_QUOTES = " \u201c\u201d\"'"
_CLAUSE = re.compile(r",[\u201d\"']?\s+|;\s+|\s+[\u2014\u2013-]{1,2}\s+|\u2014|\u2013|:\s+")
_LIST_TAIL = re.compile(r"^(?:[\w’'-]+\s+){1,3}(?:and|or)\s")  # the end of a list 'A, B and C'
_SUBORDINATE = re.compile(r"\s+(?:after|as|when|while|because|since|before|following)\s+")
_MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"])
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .,'’-]{2,40})\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s")


def plural(n: int, word: str) -> str:
    """``word`` in the form that agrees with ``n`` ('story' -> 'stories'); no number."""
    if n == 1:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if re.search(r"(?:s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def count(n: int, word: str) -> str:
    """'1 source', '2 sources', '0 stories'."""
    return f"{n} {plural(n, word)}"


def article(phrase: str) -> str:
    """``phrase`` with 'a' or 'an' in front ('an estimate', 'a UAV strike' is left to the sound rule)."""
    first = phrase.strip().split(" ", 1)[0] if phrase.strip() else ""
    vowel_sound = bool(re.match(r"(?i)[aeio]|u(?![nr]i|s[eu]|ti)|h(?:our|onest|eir)", first))
    if first.isupper() and len(first) > 1:  # an acronym is read by its letters: 'an FBI', 'a UN'
        vowel_sound = first[0] in "AEFHILMNORSX"
    return f"{'an' if vowel_sound else 'a'} {phrase}"


def attributed(speaker: str | None) -> str:
    """'according to X' for a speaker, never doubled when the speaker already says it."""
    if not speaker:
        return "no speaker named in the text"
    s = speaker.strip()
    return s if s.lower().startswith("according to") else f"according to {s}"


def is_file_name(title: str, origin: str = "") -> bool:
    """True when ``title`` is a file name or a machine id rather than words a reader can use."""
    t = title.strip()
    if not t:
        return True
    if origin:
        p = PurePath(origin.replace("\\", "/"))
        if t in {p.name, p.stem}:
            return bool(_FILEISH.match(t)) or " " not in t
    if " " in t:
        return False
    return bool(_FILEISH.match(t)) and (bool(_HASHY.search(t)) or "_" in t or bool(re.search(r"\.\w{2,4}$", t)))


# words that open a trailing phrase (place, time, circumstance): a title clipped before one reads whole
_PHRASE_OPENERS = frozenset([
    "on", "in", "at", "near", "outside", "inside", "during", "since", "after", "before", "when", "while", "as",
    "because", "amid", "following", "across", "from", "into", "throughout",
    "en", "durante", "desde", "tras", "cuando", "mientras",
])


def _clip_words(text: str, n: int) -> str:
    """``text`` cut to at most ``n`` words: before the last trailing phrase that starts within them when
    that keeps at least half ('… derailed late Tuesday' rather than '… derailed late Tuesday on the
    eastern…'), else at ``n`` words with an ellipsis."""
    words = text.split()
    if len(words) <= n:
        return text.strip()
    least = max(4, n // 2)
    for k in range(n, least - 1, -1):  # words[k] opens the phrase that is dropped
        if words[k].lower() in _PHRASE_OPENERS:
            return " ".join(words[:k]).rstrip(",;:—–-")
    cut = " ".join(words[:n])
    return cut.rstrip(",;:—–-") + "…"


def _content_sentences(doc: Document) -> list[str]:
    from summarizer.passages import is_content

    return [s.text for s in doc.sentences if is_content(s)] or [s.text for s in doc.sentences]


def doc_title(doc: Document, words: int = TITLE_WORDS) -> str:
    """The document's own title, or (for a file name or no title) its dateline or lead sentence, shortened."""
    if not is_file_name(doc.title, doc.origin) and not is_instruction(doc.title):
        return strip_outlet(doc.title, doc.outlet or "")
    text = doc.text.lstrip()
    lead = _content_sentences(doc)[0] if doc.sentences else text.split("\n", 1)[0]
    m = _DATELINE.match(text)
    if m and not lead.startswith(m.group(0).strip()):
        lead = m.group(1).strip().title() + ": " + lead
    return headline(lead, words=words) or "Untitled source"


def strip_outlet(title: str, outlet: str = "") -> str:
    """A headline without its ' | CNN' / ' - Reuters' tail (the outlet is shown on its own)."""
    m = re.match(r"^(.{12,}?)\s+[|–—-]\s+([^|–—-]{2,40})$", title.strip())
    if m and (not outlet or m.group(2).strip().lower() in {outlet.lower(), outlet.lower().split(".")[0]}
              or len(m.group(2).split()) <= 3):
        return m.group(1).strip()
    return title.strip()


def source_label(doc: Document, chars: int = LABEL_CHARS) -> str:
    """The outlet, else a short title: what a column or tab calls the source (never a file name)."""
    if doc.outlet and not is_file_name(doc.outlet):
        return doc.outlet
    title = doc_title(doc, words=6).rstrip("…")
    return title if len(title) <= chars else title[:chars].rsplit(" ", 1)[0] + "…"


_TERM_TAIL = re.compile(r"(?:ies|es|s|n)$")


@lru_cache(maxsize=1 << 15)
def _term(word: str) -> str:
    return _TERM_TAIL.sub("", word)[:6]


def terms(text: str) -> set[str]:
    """Lower-cased content words (stop words and 1-2 letter words dropped), crudely stemmed."""
    return {_term(w) for w in _WORD.findall(text.lower()) if len(w) >= 3 and w not in _STOP}


def is_reporting_clause(clause: str) -> bool:
    """True for a clause that only names who spoke, a reporting verb and when ('town officials said on
    Friday', 'said Mayor Brandt', 'according to the agency'): it carries no news, so it is never a title."""
    words = [w.strip(".,;:!?\"'\u201c\u201d\u2019") for w in clause.split()]
    words = [w for w in words if w]
    for _ in range(2):  # '... said at a news conference early Wednesday': time, then venue, then time
        while words and (words[-1].lower() in _TIME_TAIL or words[-1].lower() in _MONTHS or words[-1].isdigit()):
            words.pop()
        words = _VENUE.sub("", " ".join(words)).split()
    return bool(words) and bool(_REPORTING.fullmatch(" ".join(words)))


_SIDE_VERB = re.compile(
    r"(?i)\b(?:claimed|claims|claiming|insisted|insists|denied|denies|deny|denying|dismissed|dismisses|"
    r"rejected|rejects|accused|accuses|accusing|alleged|alleges|blamed|blames|argued|argues|maintained|maintains|"
    r"disputed|disputes|contended|contends|vowed|vows|condemned|condemns|describ(?:ed|es|ing)\s+.{1,60}\s+as|"
    r"call(?:ed|s|ing)\s+.{1,40}\s+(?:a|an)\s)\b")
_SPEAKER_VERB = re.compile(
    r"(?i)\b(?:said|says|say|told|tells|added|adds|announced|announces|reported|reports|stated|states|confirmed|"
    r"confirms|explained|noted|wrote|warned|acknowledged|admitted|saying|adding|according\s+to|"
    r"in\s+a\s+statement)\b")
_UNSETTLED = re.compile(
    r"(?i)\b(?:expected|expects|will|would|could|might|may|plans?|planned|hopes?|aims?|set\s+to|likely|"
    r"possible|possibly|reportedly|allegedly|apparently|suspected|believed|appears?|seems?|if|whether|analysts?)\b")


def takes_side(sentence: str) -> bool:
    """True for a sentence that carries a party's claim, denial, accusation or rejection ('... denied that the
    depot had caught fire', 'X dismissed claims by Y', 'Zelenskyy claimed that ...'): one side's word on a
    matter, so no title is made from it, whichever side it favours."""
    return bool(_SIDE_VERB.search(sentence))


def is_attributed(text: str) -> bool:
    """True for text that names a speaker's word ('the ministry said it had intercepted ...', 'according to
    the agency') or takes a side (``takes_side``): a title never reads so; a sentence whose reporting clause
    ``headline`` drops ('The dam failed on Thursday, the agency said') can still give one."""
    return bool(_SPEAKER_VERB.search(text)) or takes_side(text)


def is_unsettled(sentence: str) -> bool:
    """True for a sentence about what is expected, planned or suspected rather than what happened
    ('the talks are expected to focus on ...'): a title prefers a statement of the event."""
    return bool(_UNSETTLED.search(sentence))


def news_part(sentence: str) -> str:
    """``sentence`` without its clauses that only say who spoke ('Twenty-three cars left the rails, the
    director said at a news conference' -> 'Twenty-three cars left the rails')."""
    clauses = [c.strip(_QUOTES) for c in _CLAUSE.split(sentence.strip().rstrip(".!?;:")) if c.strip(_QUOTES)]
    return ", ".join(c for c in clauses if not is_reporting_clause(c))


def _is_date_clause(clause: str) -> bool:
    ws = [w.strip(",.;:").lower() for w in clause.split()]
    return bool(ws) and all(w in _MONTHS or w in _TIME_TAIL or w.isdigit() for w in ws)


def _has_number(clause: str) -> bool:
    """A figure in ``clause``: a number that is not part of a date ('March 12', '2026')."""
    ws = [w.strip(",.;:") for w in clause.split()]
    return any(_NUMBERISH.match(w) and not _YEAR.match(w) and not (n and ws[n - 1].lower() in _MONTHS)
               for n, w in enumerate(ws))


def headline(sentence: str, shared: set[str] | None = None, drop_numbers: bool = False,
             words: int = TITLE_WORDS, lead_first: bool = False) -> str:
    """A short title from ``sentence``: its clause with most words in ``shared`` (else its main clause),
    extended by the next clause while short, numbers and quantifiers removed when ``drop_numbers``;
    ``lead_first`` weighs the sentence's first clause up (a news lead states its event first).
    """
    text = re.sub(r"\s+", " ", sentence).strip().rstrip(".!?;:")
    clauses = [c.strip(_QUOTES) for c in _CLAUSE.split(text) if c.strip(_QUOTES)]
    if not clauses:
        return ""
    for n in range(len(clauses) - 1, 0, -1):  # 'water bills, building permits and parking tickets have ...'
        if _LIST_TAIL.match(clauses[n]) and re.search(rf"(?:^|,\s){re.escape(clauses[n])}", text):
            clauses[n - 1:n + 1] = [f"{clauses[n - 1]}, {clauses[n]}"]  # a list's comma, not a clause's
    shared = shared or set()
    long = [n for n, c in enumerate(clauses) if len(c.split()) > words]
    subordinate: dict[str, str] = {}  # a clause split off at its conjunction -> that conjunction
    for n in reversed(long):  # a long clause splits once more at its subordinate conjunction
        m = _SUBORDINATE.search(clauses[n])
        parts = [clauses[n][:m.start()], clauses[n][m.end():]] if m else []
        if m and min(len(p.split()) for p in parts) >= 3:
            clauses[n:n + 1] = parts
            subordinate[parts[1]] = m.group(0).strip()

    def score(i: int) -> tuple[float, int, int]:
        c = clauses[i]
        n = len(c.split())
        mine = terms(c)
        common = len(mine & shared) / len(mine) if shared and mine else 0.0
        opener = bool(re.match(r"(?i)(in|on|at|after|before|while|although|though|as|when|since|less|more|"
                                r"with|according|sending|unleashing|including)\b", c))
        figures = 1.5 if drop_numbers and _has_number(c) else 0.0  # a clause without the disputed figure first
        if not drop_numbers and c in subordinate:  # else the main clause before its 'as ...' / 'after ...'
            figures = 1.0
        first = 1.0 if lead_first and i == news[0] else 0.0
        return (common + (0 if opener else 1.0) + (1 if n >= 4 else 0) - figures + first, -int(opener), -i)

    news = [i for i in range(len(clauses)) if not is_reporting_clause(clauses[i])
            and not _FRAGMENT.match(clauses[i]) and len(clauses[i].split()) >= 3]
    if not news:  # only who said it, or fragments ('which supplies ...'): no title from this sentence
        return ""
    best = max(news, key=score)
    picked = [clauses[best]]
    for nxt in clauses[best + 1:]:
        if len(" ".join(picked + [nxt]).split()) > words or is_reporting_clause(nxt) or (
                drop_numbers and not _is_date_clause(nxt)):  # disputed: no other side's framing, only a date
            break
        picked.append(nxt)
    title = picked[0] + "".join(f" {subordinate[c]} {c}" if c in subordinate else f", {c}" for c in picked[1:])
    if drop_numbers:
        title = _NUMBER_RANGE.sub(lambda m: m.group(0) if not _has_number(m.group(0).split()[0]) else "", title)
        kept: list[str] = []
        for w in title.split():
            dated = bool(kept) and kept[-1].strip(",").lower() in _MONTHS or bool(_YEAR.match(w.strip(",.;:")))
            if _NUMBERISH.match(w.strip(",.;:")) and not dated:
                while kept and kept[-1].lower() in _QUANTIFIER:
                    kept.pop()
                continue
            kept.append(w)
        title = " ".join(kept)
    title = _clip_words(title, words)
    return title[:1].upper() + title[1:] if title else title
