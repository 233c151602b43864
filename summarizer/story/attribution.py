"""Who makes a claim: 'the mayor said', 'according to the agency', 'Moscow claimed'.

Rule based and conservative: a speaker is reported only when a reporting
verb or 'according to' names one; pronouns ('she said') are resolved to the
last named speaker or titled person in the few sentences before. A speaker
is always a phrase copied from the text, never a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache

from summarizer.textrules import regex_trie

_VERBS = (
    r"said|says|say|told|tells|claimed|claims|claim|stated|states|confirmed|confirms|confirm|"
    r"reported|reports|announced|announces|estimated|estimates|warned|warns|added|adds|noted|"
    r"notes|insisted|insists|denied|denies|acknowledged|acknowledges|alleged|alleges|can confirm|"
    r"put the|puts the|maintained|maintains|argued|argues|tweeted|wrote|writes|"
    r"dijo|afirmó|aseguró|informó|indicó|explicó|mantiene|estima|calcula|cifra|rebaja|eleva|niega|negó|"
    r"sagte|erklärte|teilte|schätzt|bestritt"
)
_NP = r"(?P<speaker>(?:[A-Z][\w'’.\-]*|the|a|an|an?\s+aide|of|to|for|and|de|[a-z]+(?=\s+(?:[A-Z]|officials?|spokes\w+|ministry|agency|council|authority|police|mayor|officials)))(?:\s+(?:[A-Z][\w'’.\-]*|of|the|for|and|to|de|[a-z]+))*?)"
_BEFORE_VERB = re.compile(
    r"(?:^|[,;:—–(]\s*|\b(?:that|while|although|though|but|and|as|after|when|because|que|mientras)\s+)"
    r"(?P<speaker>[A-Za-z][\w'’.\-]*(?:\s+[\w'’.\-]+){0,7}?)\s+"
    r"(?:(?:has|have|had|also|later|earlier|previously|again|repeatedly|publicly|officially)\s+)*"
    rf"(?P<verb>{_VERBS})\b"
)
_AUX_WORDS = frozenset({"has", "have", "had", "also", "later", "earlier", "previously", "again", "repeatedly", "publicly",
                        "officially"})
# Every match of _BEFORE_VERB holds a verb right after whitespace (the core), after at most 8 speaker words,
# a run of the auxiliaries above and one word or mark that opens the phrase: see ``_before_verb``.
_VERB_CORE = re.compile(rf"(?<=\s){regex_trie(_VERBS.split('|'))}\b")  # the verbs as a trie: faster
_TOKEN = re.compile(r"\S+")
_ACCORDING = re.compile(r"\b(?:according to|según|laut)\s+(?P<speaker>[^,.;:()—–]+)", re.IGNORECASE)
_INVERTED = re.compile(rf"[,\"”]\s*(?:{_VERBS.replace('told|tells|', '')})\s+(?P<speaker>(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){{0,5}})(?=\s*(?:[,.;]|$))")
_STATEMENT_FROM = re.compile(
    r"\b(?:a|the)\s+(?:statement|report|video|estimate|tally|figure)s?\s+(?:from|by|released by|issued by)\s+"
    r"(?P<speaker>(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,5})"
)
_PASSIVE_BY = re.compile(
    r"\b(?:was|were|been|is|are)\s+(?:\w+\s+)?(?:said|confirmed|reported|announced|estimated|claimed|"
    r"given|released|put)\b[^.;]{0,40}?\bby\s+(?P<speaker>(?:the\s+)?(?:officials?\s+at\s+)?"
    r"(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+(?:of\s+)?[A-Z][\w'’.\-]*){0,5})"
)
_AUX = {"was", "were", "is", "are", "be", "been", "has", "have", "had", "neither", "not", "never", "also", "nor"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_NOT_SPEAKERS = {
    "this", "that", "it", "there", "which", "who", "what", "reports", "some", "others", "records",
    "the records", "records reviewed by the harbor gazette",
}
_SPEAKER_NOUN = re.compile(
    r"\b(?:officials?|spokes(?:person|man|woman)|ministry|agency|council|authority|office|service|"
    r"police|mayor|chief|president|minister|government|governor|military|army|media|experts?|analysts?|"
    r"hospital|commentators|statement|department|kremlin|moscow|kyiv|kiev|washington|sbu|naviera|capitanía|"
    r"ministerio|gobierno|policía|portavoz|empresa|autoridades|agencia|ayuntamiento|alcalde|regierung|polizei|"
    r"sprecher\w*|behörde\w*|ministerium|[A-Z]\w+)\b"
)
# a title _TITLED begins with ('Dr' for 'Dr.', 'Chief' for 'Fire Chief'): a text without one is not scanned
_TITLES = ("Mayor", "President", "Chief", "Minister", "Governor", "Secretary", "Spokesperson", "Director", "General", "Dr")
_TITLED = re.compile(
    r"\b(?:Mayor|President|Chief|Minister|Governor|Secretary|Spokesperson|Director|General|Dr\.?|"
    r"Fire Chief|Police Chief)\s+(?:[A-Z][\w'’\-]+\s?){1,3}"
)


def _clean(speaker: str) -> str | None:
    s = speaker.strip(" ,;:\"“”'’")
    if s.endswith(".") and not re.search(r"\b(?:St|Dr|Mr|Mrs|Ms|Jr|U\.S)\.$", s):
        s = s[:-1]
    s = re.sub(r"^(?:and|but|while|although|though|as|that)\s+", "", s, flags=re.IGNORECASE)
    # drop a leading clause: keep the last noun phrase before the verb
    s = re.split(r"\s(?:who|which|that|when|after|as|while|because|que|mientras)\s", s)[-1]
    words = s.split()
    if not words or len(words) > 9 or words[-1].lower() in _AUX:
        return None
    if s.lower() in _NOT_SPEAKERS:
        return None
    if s.lower() in _PRONOUNS:
        return s.lower()
    if not _SPEAKER_NOUN.search(s):
        return None
    return s


def join_speakers(parts: Sequence[str | None]) -> str | None:
    """Speakers joined with '; ', each named once: 'according to the agency' and 'the agency' are one
    speaker (the first wording is kept, as the source says it); None when there is none."""
    seen: dict[str, str] = {}
    for part in parts:
        for p in (part or "").split(";"):
            p = p.strip()
            key = re.sub(r"^(?:according to\s+)+", "", p, flags=re.IGNORECASE).lower()
            if key and key not in seen:
                seen[key] = re.sub(r"^(?:according to\s+)+", "according to ", p, flags=re.IGNORECASE)
    return "; ".join(seen.values()) or None


def speaker_spans(sentence: str) -> list[tuple[int, str]]:
    """Every (position, speaker) a sentence names, in order of position."""
    return list(_speaker_spans(sentence))


def _before_verb(sentence: str) -> Iterator[re.Match[str]]:
    """Exactly ``_BEFORE_VERB.finditer(sentence)``, without trying the pattern at every position: each
    next match is searched from the word that may open it, 9 words before the next verb (``_VERB_CORE``)
    and its auxiliaries; no match starts earlier. Past the last verb nothing is tried."""
    pos = 0
    starts: list[int] = []
    words: list[str] = []
    while (c := _VERB_CORE.search(sentence, pos)) is not None:
        if not starts:
            toks = list(_TOKEN.finditer(sentence))
            starts, words = [t.start() for t in toks], [t.group() for t in toks]
        j = bisect_right(starts, c.start()) - 2  # the word before the verb, then before its auxiliaries
        while j >= 0 and words[j] in _AUX_WORDS:
            j -= 1
        m = _BEFORE_VERB.search(sentence, max(pos, starts[j - 8] if j >= 8 else 0))
        if m is None:
            return
        yield m
        pos = m.end()


def _maybe(sentence: str) -> tuple[bool, bool, bool]:
    """Cheap necessary conditions for a match of _STATEMENT_FROM, _PASSIVE_BY and _ACCORDING (its cue words
    in the lower-cased text: where the characters that ignoring case matches to a cue's letters lower-case
    to those letters), so most sentences skip those scans."""
    statement = any(w in sentence for w in ("statement", "report", "video", "estimate", "tally", "figure"))
    passive = "by" in sentence and any(w in sentence for w in (
        "said", "confirmed", "reported", "announced", "estimated", "claimed", "given", "released", "put"))
    if "İ" in sentence or "ı" in sentence or "ſ" in sentence:  # ignoring case, they match 'i' and 's'
        return statement, passive, True
    low = sentence.lower()
    return statement, passive, "according to" in low or "según" in low or "laut" in low


@lru_cache(maxsize=4096)
def _speaker_spans(sentence: str) -> tuple[tuple[int, str], ...]:
    found: dict[int, str] = {}
    statement, passive, according = _maybe(sentence)
    for matches in (_STATEMENT_FROM.finditer(sentence) if statement else (),
                    _PASSIVE_BY.finditer(sentence) if passive else (),
                    _before_verb(sentence), _INVERTED.finditer(sentence)):
        for m in matches:
            sp = _clean(m.group("speaker"))
            if sp and sp not in found.values():
                found.setdefault(m.start("speaker"), sp)
    for m in _ACCORDING.finditer(sentence) if according else ():
        sp = _clean(m.group("speaker"))
        cue = m.group(0)[: m.start("speaker") - m.start()].strip().lower()
        cue = "according to" if cue == "according to" else cue  # "según", "laut": as the source says it
        if sp and f"{cue} {sp}" not in found.values() and sp not in found.values():
            found.setdefault(m.start(), f"{cue} {sp}")
    return tuple(sorted(found.items()))


def find_speaker(sentence: str, at: int | None = None) -> str | None:
    """The party a sentence attributes its claim to, as written, or None.

    Without ``at``: the first speaker named, plus any 'according to X' (which
    names the original source of a figure: 'Zelenskyy claimed ... according to
    Ukraine's Security Service'). With ``at`` (a character offset, e.g. of a
    figure or a cue): the speaker named nearest before it, so in "Moscow
    claimed only minor damage ..., Kiev claimed to have hit many aircraft" the
    damage cue is Moscow's. Pronouns come back lower-cased for the caller to resolve.
    """
    spans = speaker_spans(sentence)
    if not spans:
        return None
    if at is not None:
        before = [sp for pos, sp in spans if pos <= at]
        return before[-1] if before else spans[0][1]
    first = [sp for _, sp in spans if not sp.startswith("according to")][:1]
    according = [sp for _, sp in spans if sp.startswith("according to")]
    return join_speakers(first + according)


def speakers_for(sentences: Sequence[str], window: int = 3) -> list[str | None]:
    """``find_speaker`` for each sentence of one document, pronouns resolved.

    A pronoun speaker becomes the last named speaker (or titled person such as
    'Mayor Ilsa Brandt') within ``window`` sentences before; unresolved
    pronouns are dropped rather than guessed.
    """
    out: list[str | None] = []
    recent: list[tuple[int, str]] = []
    for i, text in enumerate(sentences):
        sp = find_speaker(text)
        if sp is not None and sp.split(";")[0].strip() in _PRONOUNS:
            rest = "; ".join(p.strip() for p in sp.split(";")[1:])
            named = next((name for j, name in reversed(recent) if i - j <= window), None)
            sp = join_speakers([named, rest])
        if sp is not None and sp.split(";")[0].strip().lower() not in _PRONOUNS:
            recent.append((i, sp.split(";")[0].strip()))
        for t in _TITLED.finditer(text) if any(w in text for w in _TITLES) else ():
            recent.append((i, t.group().strip()))
        out.append(sp)
    return out
