"""Deterministic comparison of two sentences' figures and polarity.

Rules (docs/story.md explains the choices):

- Figures are compared only within one measure ('people:dead', 'air base',
  'money:damage', ...); a qualifier turns a figure into a range ('about' is
  within 2 percent, 'more than'/'at least' open upwards, 'less than'/'up to'
  downwards). Overlapping ranges agree, disjoint ranges conflict: "117
  drones" and "more than 117 UAVs" agree; "4 air bases" and "5 airports" and
  "about 1,100" vs "approximately 1,200" evacuated conflict.
- Polarity: a sentence that minimizes an event ("only minor damage", "no
  casualties", "denied") contradicts a sentence that reports damage with a
  figure ("40 aircraft were hit", "55 buildings destroyed", "$30 million in damage").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache

from summarizer.story.quantities import Quantity, compatible, describe
from summarizer.story.wording import (
    ANY_OPPOSITE,
    COMPOUND,
    FUNCTION_ES_DE,
    OPPOSITES,
    STOP,
    TERM,
    fact_terms,
    fact_word,
)
from summarizer.story.wording import (
    content_terms as content_terms,  # re-exported: callers import them from here
)
from summarizer.story.wording import spelled as spelled
from summarizer.story.wording import story_weights as story_weights

MINIMIZING = re.compile(
    r"\b(?:only\s+minor(?:\s+damage)?|minor\s+damage|no\s+(?:serious\s+|significant\s+|major\s+)?damage|little\s+damage|"
    r"limited\s+damage|no\s+casualties|no\s+(?:one\s+was\s+)?(?:killed|injured|hurt)|no\s+injuries|"
    r"no\s+deaths|insignificant|denied|denies|deny|unharmed|undamaged|repelled)\b",
    re.IGNORECASE,
)
DAMAGE_PREDICATES = {"hit", "destroyed", "damaged", "dead", "injured"}


def is_damage_measure(measure: str) -> bool:
    """Measures whose figures a 'minor damage' / 'no casualties' statement denies."""
    return measure == "money:damage" or measure.partition(":")[2] in DAMAGE_PREDICATES


def minimizing_cue(sentence: str) -> re.Match[str] | None:
    """The first phrase in ``sentence`` that plays an event down, or None."""
    return MINIMIZING.search(sentence)


class Verdict(str, Enum):
    agrees = "agrees"
    conflicts = "conflicts"
    unrelated = "unrelated"


@dataclass(frozen=True)
class FigureComparison:
    """How one sentence's figure for a measure stands against another's."""

    verdict: Verdict
    measure: str
    ours: Quantity | None
    theirs: Quantity | None


def compare_figures(ours: list[Quantity], theirs: list[Quantity]) -> list[FigureComparison]:
    """Compare every measure the two figure lists share.

    For each shared measure the pair that agrees is preferred (a sentence
    giving "3 dead" and later "5 dead in all" does not conflict with "5 dead");
    otherwise the first figures conflict.
    """
    out: list[FigureComparison] = []
    for measure in dict.fromkeys(q.measure for q in ours):
        mine = [q for q in ours if q.measure == measure]
        other = [q for q in theirs if q.measure == measure]
        if not other:
            continue
        agreeing = [(a, b) for a in mine for b in other if compatible(a, b)]
        if agreeing:
            a, b = agreeing[0]
            out.append(FigureComparison(Verdict.agrees, measure, a, b))
        else:
            out.append(FigureComparison(Verdict.conflicts, measure, mine[0], other[0]))
    return out


# --- do two passages state the same fact? -------------------------------------------------------------

NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|denied|denies|deny|denying|rejected|rejects|"
    r"refuted|disputed|false|untrue|nunca|negó|niega|negaron|desmintió|nicht|kein|keine|keinen|nie|"
    r"bestritt|bestreitet|dementierte|refused|refuses|refuse|refusing|declined\s+to|declines\s+to|failed\s+to|"
    r"fails\s+to|rechazó|rechaza|rechazaron|weigerte|weigert|verweigerte|lehnte)\b|n't\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^\s*[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ .,'’()\-]+(?:,\s*[\w .,]+?)?\s*(?:\([^)]*\))?\s*[—–-]{1,2}\s+")
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "dozen"}


_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|claimed|claims|stated|confirmed|confirms|reported|reports|announced|announces|"
    r"estimated|warned|added|noted|insisted|acknowledged|alleged|maintained|argued|wrote|dismissed|expects|expected|"
    r"hopes|hoped|dijo|afirmó|"
    r"aseguró|informó|indicó|sagte|erklärte|teilte mit)\b(?:\s+(?:that|que|dass)\b)?"
)


# what follows a reporting verb that closes the claim ("..., the director said at a news conference on
# Wednesday.", "... , she told reporters in Pell."): circumstances of the saying, not the claim
_SAID_WHEN = re.compile(
    r"\s*(?:[,.;]|$|(?:at|on|in|during|after|before|late|early|earlier|yesterday|today|tonight|this|last|by|"
    r"to|from|via|through|while|when|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"reporters|journalists|a\s+news|a\s+statement|the\s+(?:agency|newspaper|station|broadcaster))\b)",
    re.IGNORECASE)
class Agreement(str, Enum):
    """How a passage stands to a point: it states the same fact, contradicts it, or is no evidence."""

    same = "same"
    conflict = "conflict"
    unsure = "unsure"


@dataclass(frozen=True)
class PairJudgement:
    verdict: Agreement
    reason: str


@lru_cache(maxsize=65536)
def strip_frame(sentence: str) -> str:
    """The sentence without its dateline ('DARROW JUNCTION — ') and its speaker phrases
    ('county officials said', 'according to the agency'): what is claimed, not who claims it."""
    from summarizer.story.attribution import speaker_spans  # local: attribution imports nothing from here

    text = _DATELINE.sub("", sentence, count=1)
    m = _REPORTING.search(text)
    if m is not None and len(text[:m.start()].split()) <= 16 and len(text[m.end():].split()) >= 5 \
            and not _SAID_WHEN.match(text[m.end():]):
        text = text[m.end():]  # "Lt. Col. Anca Miro, a spokeswoman for ..., said debris ...": the claim follows
    for _, sp in speaker_spans(text):
        text = text.replace(sp.removeprefix("according to "), " ")
    return text


def _stems(phrase: str) -> list[str]:
    from summarizer.story.quantities import parse_number

    return [w[:5] for w in phrase.split() if len(w) >= 3 and w not in _NUMBER_WORDS and parse_number(w) is None]


@lru_cache(maxsize=65536)
def actors(sentence: str) -> tuple[str, ...]:
    """Named things of a sentence's claim: capitalized words folded to a 5-letter stem (so
    'Vardonian' meets 'Vardonia'), minus its speakers, dateline and number words."""
    from summarizer.story.entities import named_entities

    out: list[str] = []
    for phrase in named_entities(strip_frame(sentence)):
        out.extend(w for w in _stems(phrase) if w not in out)
    return tuple(out)


_SUBJECT = re.compile(r"^\W*(?:(?:the|a|an)\s+)?(?P<name>(?:[A-Z][\w'’\-]*\s+){0,2}[A-Z][\w'’\-]*?)(?:'s|’s)?\s+[a-z]")


_GENERIC_SUBJECT = re.compile(r"^\W*(?:the|this|that|la|el|der|die|das)\s+[a-záéíóúñäöü]+\s", re.I)


# capitalized first words that are no name: prepositions and conjunctions (es, de; English ones are in STOP)
_LEADING_FUNCTION = frozenset({
    "according", "during", "since", "despite", "although", "though", "because", "until", "unless", "amid",
    "following", "según", "tras", "durante", "desde", "para", "por", "con", "sin", "ante", "entre", "hasta",
    "aunque", "cuando", "mientras", "nach", "laut", "während", "bei", "seit", "gemäß", "mit", "trotz", "wegen",
    "obwohl", "als", "wenn"
})


@lru_cache(maxsize=65536)
def subject_actor(sentence: str) -> str | None:
    """The named actor a claim opens with ("Vardonian drones struck ..." -> 'vardo'; "Ukraine's
    strike came ..." -> 'ukrai'), or None when the claim does not open with a name."""
    m = _SUBJECT.match(strip_frame(sentence))
    if m is None:
        return None
    from summarizer.story.entities import normalize_entity
    from summarizer.story.quantities import parse_number

    words = m.group("name").split()
    if words and words[0].lower() in ("the", "a", "an", "el", "la", "los", "las", "der", "die", "das"):
        words = words[1:]  # "The Ardley bridge ...": the name follows the article
    elif words and (words[0].lower() in STOP or words[0].lower() in _LEADING_FUNCTION):
        return None  # "After the fire ...", "Según la Junta, ...": the claim does not open with a name
    while words and parse_number(words[0].lower()) is not None:
        words = words[1:]  # "Three shelters were opened", "Twenty-three cars ...": a count, not an actor
    stems = _stems(normalize_entity(" ".join(words))) if words else []
    return stems[0] if stems else None


NEGATION_SCOPE = 5  # content words after a negation cue that it governs


@lru_cache(maxsize=65536)
def negated_terms(sentence: str) -> frozenset[str]:
    """Content terms (stemmed) in the scope of a negation or denial: "denied that any ransom had been
    paid" -> {ransom, paid}; "no sign of new talks" -> {sign, new, talks}."""
    text = strip_frame(sentence)
    out: set[str] = set()
    for m in NEGATION.finditer(text):
        scope = _CLAUSE_END.split(text[m.end():m.end() + 80], maxsplit=1)[0]
        out.update(fact_terms(scope)[:NEGATION_SCOPE])
    return frozenset(out)


# where a coordinate clause ends: a negation does not reach past it ("Water service is not affected,
# and late fees will be waived": the fees are not negated), and a clause is matched on its own
_CLAUSE_END = re.compile(r"\s*(?:;|:|—|–|,\s+(?:and|but|while|whereas|although|y|pero|mientras|und|aber|während)\b)\s*",
                         re.IGNORECASE)
_CLAUSE = _CLAUSE_END  # not at ', which/who ...': a relative clause has no subject of its own to check
CLAUSE_MIN_TERMS = 3  # content terms a clause needs to be matched on its own
CLAUSE_MIN_SHARED = 2  # content terms two clauses must share


@lru_cache(maxsize=65536)
def clauses(sentence: str) -> tuple[str, ...]:
    """The sentence's clauses, each without its speaker phrases (and the dateline), with at least ``CLAUSE_MIN_TERMS``
    content terms: split at ';', ':', dashes and ', and/but/while ...' (coordinate clauses, each with
    its own subject; a relative clause has none and stays with its sentence).
    A sentence with one clause gives ``()`` (the whole sentence is judged already)."""
    text = _DATELINE.sub("", sentence, count=1)
    cuts, begin = [], 0
    for m in _CLAUSE.finditer(text):
        segment = text[begin:m.start()]
        if "," in segment and len(segment.rsplit(",", 1)[1].split()) <= 3:
            continue  # "hospitals, schools, and the water plant": a list, not a clause
        cuts.append(text[begin:m.start()])
        begin = m.end()
    parts = [strip_frame(c).strip(" ,.") for c in [*cuts, text[begin:]]]
    out = tuple(c for c in parts if len(set(content_terms(c))) >= CLAUSE_MIN_TERMS)
    return out if len(parts) > 1 else ()


def polarity_clash(a: str, b: str) -> set[str]:
    """Terms both sentences use that one of them negates and the other does not."""
    na, nb = negated_terms(a), negated_terms(b)
    if not na and not nb:
        return set()
    ta, tb = _terms(a), _terms(b)
    return set(((na - nb) & tb - nb) | ((nb - na) & ta - na))


@lru_cache(maxsize=65536)
def _polar_words(sentence: str) -> tuple[tuple[str | None, str | None], ...]:
    """For each pair of opposite word families, the sentence's first word of each side (or None); parts
    of hyphenated compounds ("open-ended", "long-running", "start-up") do not count."""
    terms = sorted(t for t in _terms(COMPOUND.sub(" ", sentence) if "-" in sentence else sentence)
                   if ANY_OPPOSITE.fullmatch(t))
    return tuple((next((t for t in terms if x.fullmatch(t)), None), next((t for t in terms if y.fullmatch(t)), None))
                 for x, y in OPPOSITES)


def opposite_words(a: str, b: str) -> tuple[str, str] | None:
    """A word of one sentence whose opposite the other uses (neither uses both): "Officials opened 14
    cooling centers" / "Officials closed 14 cooling centers"; "The strike began on Monday" / "The strike
    ended on Monday". Opposite predicates about the same things are not the same fact."""
    for (a0, a1), (b0, b1) in zip(_polar_words(a), _polar_words(b), strict=True):
        if a0 and b1 and not a1 and not b0:
            return a0, b1
        if a1 and b0 and not a0 and not b1:
            return a1, b0
    return None


def negated(sentence: str) -> bool:
    """True when the claim (speaker phrases aside) has a negation or denial cue."""
    return NEGATION.search(strip_frame(sentence)) is not None


_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?|\b(\d{1,2})(?::(\d{2})\b|[.h](\d{2})\s*(?:Uhr|h)\b)", re.IGNORECASE)


@lru_cache(maxsize=65536)
def clock_times(sentence: str) -> frozenset[str]:
    """Clock times the sentence gives, as 'HH:MM' (24-hour): "5:47 p.m." -> '17:47', "6 a.m." -> '06:00',
    "17.47 Uhr" -> '17:47'. A point that says when ("began at 5:47 p.m.") is a more specific fact
    than a passage that does not ("The outage began when a transformer caught fire")."""
    out: set[str] = set()
    for m in _CLOCK.finditer(sentence):
        if m.group(1):
            h, mi = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0), int(m.group(2) or 0)
        else:
            h, mi = int(m.group(4)), int(m.group(5) or m.group(6))
        if h < 24 and mi < 60:
            out.add(f"{h:02d}:{mi:02d}")
    return frozenset(out)


def same_figure(a: Quantity, b: Quantity) -> bool:
    """Two figures of one measure that state the same number: equal within rounding (5 percent),
    one bound meeting the other's value ('more than 117' / '117'), or a value inside a range.
    Overlap alone is not enough: 'at least 40,000' and 'as many as 65,000' are two statements."""
    if not compatible(a, b):
        return False
    if abs(a.value - b.value) <= 0.05 * max(a.value, b.value):
        return True
    if a.revised or b.revised:
        return False
    for x, y in ((a, b), (b, a)):
        if x.qualifier == "range" and y.qualifier != "range" and x.low <= y.value <= x.high:
            return True
    return False


def _as(q: Quantity, measure: str) -> Quantity:
    return replace(q, measure=measure)


def _kin(a: str, b: str) -> bool:
    """One thing counted, one of the two saying less ('vessel' / 'vessel:waiting') or one saying
    it is still so ('people:still evacuated' / 'people:evacuated')."""
    ta, _, pa = a.partition(":")
    tb, _, pb = b.partition(":")
    return ta == tb and (not pa or not pb or pa.removeprefix("still ") == pb.removeprefix("still "))


TOO_LITTLE = "too little of the point's wording"
COVER_WITH_FIGURE = 0.1
COVER_WITHOUT_FIGURE = 0.4  # without a shared figure: the larger of the two weighted coverages
COVER_FLOOR = 0.2  # ... and the smaller one
COVER_BESIDE_FIGURE = 0.1  # with one shared figure or number: weighted share of the point's other words the passage uses


@lru_cache(maxsize=65536)
def _terms(sentence: str) -> frozenset[str]:
    return frozenset(fact_terms(strip_frame(sentence)))


def coverage(point: str, passage: str, weights: Mapping[str, float] | None = None) -> float:
    """Share of the point's content terms (speakers and dateline aside) that the passage uses,
    each term counted with its ``weights`` (1 when not given or unknown)."""

    mine = _terms(point)
    if not mine:
        return 0.0
    theirs = _terms(passage)
    w = (lambda t: weights.get(t, 1.0)) if weights is not None else (lambda t: 1.0)
    total = sum(w(t) for t in mine)
    return sum(w(t) for t in mine & theirs) / total if total else 0.0


def judge_pair(point: str, passage: str, point_q: list[Quantity], passage_q: list[Quantity],
               weights: Mapping[str, float] | None = None) -> PairJudgement:
    """Does ``passage`` state the fact that ``point`` states? (Both single sentences, figures given.)

    Rules, precision first (docs/story.md, "agree"):
    - figures: a measure both give with disjoint intervals is a conflict (unless one is an
      update, "rose from 3 to 7": then unsure); the passage must give the same figure
      (``same_figure``) for at least one of the point's figures and no other value of any;
    - wording: the passage must use ``COVER_WITH_FIGURE`` of the point's content terms when a
      figure is shared, else ``COVER_WITHOUT_FIGURE`` (a shared headline word is not a fact);
    - polarity: one negated or denied and the other not -> unsure;
    - actors: a claim that opens with a named actor the other does not mention, while the other
      names actors of its own -> unsure ("Vardonian drones struck ..." vs "Kessarian drones hit ...";
      "The Iskander missile attack ..." vs "The strike ... between Ukraine and Russia": a claim
      opening with a generic "the strike" has the actors it names).
    """
    from summarizer.story.quantities import bare_numbers

    mine, theirs = point_q, passage_q
    early, matched = _figure_rule(mine, theirs)
    if early is not None:
        return early
    bare_mine, bare_theirs = bare_numbers(point), bare_numbers(passage)
    other = _another_count(point, passage)
    if other:
        return PairJudgement(Agreement.unsure, f"another number of {other}")
    if bare_mine and bare_theirs and not bare_mine & bare_theirs and not matched:
        return PairJudgement(Agreement.unsure, "both count, with no number in common")
    missing = clock_times(point) - clock_times(passage)
    if missing:
        return PairJudgement(Agreement.unsure, f"the point's time is not in the passage: {', '.join(sorted(missing))}")
    clash = polarity_clash(point, passage)
    if clash:
        return PairJudgement(Agreement.unsure, f"negated on one side only: {', '.join(sorted(clash))}")
    opposite = opposite_words(point, passage)
    if opposite:
        return PairJudgement(Agreement.unsure, f"opposite words: {opposite[0]} / {opposite[1]}")
    sa, sb = subject_actor(point), subject_actor(passage)
    aa, ab = actors(point), actors(passage)
    if (sa and sb and sa != sb and sa not in ab and sb not in aa) or (
            sa and not sb and _GENERIC_SUBJECT.match(strip_frame(passage)) and sa not in ab and ab) or (
            sb and not sa and _GENERIC_SUBJECT.match(strip_frame(point)) and sb not in aa and aa):
        return PairJudgement(Agreement.unsure, f"different actors ({sa} vs {sb})")
    if _too_little(point, passage, matched, weights):
        return PairJudgement(Agreement.unsure, TOO_LITTLE)
    if matched == 1 and _beside(_without(point, mine), _without(passage, theirs), weights) < COVER_BESIDE_FIGURE:
        return PairJudgement(Agreement.unsure, "only the figure is shared")  # "12 ships waiting" / "12 ships unloaded"
    common = bare_mine & bare_theirs
    if not matched and common and _beside(_without(point, _bare(point, common)),
                                          _without(passage, _bare(passage, common)), weights) < COVER_BESIDE_FIGURE:
        return PairJudgement(Agreement.unsure, "only the number is shared")  # "burned for three hours" / "Three hours later"
    return PairJudgement(Agreement.same, "")


def _figure_rule(mine: Sequence[Quantity], theirs: Sequence[Quantity]) -> tuple[PairJudgement | None, int]:
    """``judge_pair``'s figure rule: (a verdict that ends the judgement, or None; how many of the
    point's figures the passage gives)."""
    from summarizer.story.quantities import COMPARABLE_THINGS

    matched = 0
    for q in mine:
        same = [x for x in theirs if x.measure == q.measure]
        if same and not any(compatible(q, x) for x in same) and not q.revised and not any(x.revised for x in same) \
                and q.thing in COMPARABLE_THINGS:
            return PairJudgement(Agreement.conflict, f"{describe(q.measure)}: {q.text} vs {same[0].text}"), matched
        if any(same_figure(q, x) for x in same):
            matched += 1
            continue
        if same:
            return PairJudgement(Agreement.unsure, f"{q.measure}: another value, an update or a bound"), matched
        if any(_kin(x.measure, q.measure) and same_figure(_as(x, q.measure), q) for x in theirs):
            matched += 1  # "12 vessels" meets "Twelve container ships were waiting": one says less
            continue
        if any(x.thing == q.thing and not compatible(q, x) and x.measure.partition(":")[2] in ("", q.measure.partition(":")[2])
               for x in theirs):
            return PairJudgement(Agreement.unsure, f"{q.thing}: another figure of a related measure"), matched
    if mine and not matched:
        return PairJudgement(Agreement.unsure, "none of the point's figures is in the passage"), matched
    return None, matched


def _too_little(point: str, passage: str, matched: int, weights: Mapping[str, float] | None) -> bool:
    """``judge_pair``'s wording rule fails: the passage uses too little of the point's words (less
    with a shared figure, ``matched`` > 0) or the point too little of the passage's."""
    there, back = coverage(point, passage, weights), coverage(passage, point, weights)
    return (there < COVER_WITH_FIGURE) if matched else (max(there, back) < COVER_WITHOUT_FIGURE
                                                        or min(there, back) < COVER_FLOOR)


def _beside(point: str, passage: str, weights: Mapping[str, float] | None) -> float:
    """Weighted share of the point's words (figures blanked, Spanish/German function words aside) that the
    passage uses."""
    mine, theirs = _words_of(point), _words_of(passage)
    w = (lambda t: weights.get(t, 1.0)) if weights is not None else (lambda t: 1.0)
    total = sum(w(t) for t in mine)
    return sum(w(t) for t in mine & theirs) / total if total else 0.0


def _words_of(sentence: str) -> frozenset[str]:
    """``_terms`` without Spanish and German function words."""
    return _terms(sentence) - FUNCTION_ES_DE


@lru_cache(maxsize=65536)
def _counts(sentence: str) -> dict[str, frozenset[float]]:
    """The bare numbers of a sentence by the word they count ("fourteen cooling centres" -> {'cool': {14}})."""
    from summarizer.story.quantities import bare_number_spans

    out: dict[str, set[float]] = {}
    for value, start, end in bare_number_spans(sentence):
        words = TERM.findall(sentence[start:end])
        noun = fact_word(words[-1].lower()) if len(words) > 1 else None
        if noun:
            out.setdefault(noun, set()).add(value)
    return {k: frozenset(v) for k, v in out.items()}


def _another_count(a: str, b: str) -> str | None:
    """The word both sentences count with different bare numbers and no number in common ("fourteen
    cooling centres" / "12 cooling centers" -> 'cool'), or None. Numbers of different things
    ("Two Romanian tourists" / "10,500 foreign nationals") are left to the other rules."""
    ca, cb = _counts(a), _counts(b)
    for noun, values in ca.items():
        if noun in cb and not values & cb[noun]:
            return noun
    return None


def _bare(sentence: str, values: frozenset[float]) -> list[tuple[int, int]]:
    from summarizer.story.quantities import bare_number_spans

    return [(a, b) for v, a, b in bare_number_spans(sentence) if v in values]


def _without(sentence: str, figures: Sequence[Quantity] | Sequence[tuple[int, int]]) -> str:
    """The sentence with its figures' words (number and unit; or the given spans) blanked out."""
    spans = [(f.start, f.end) if isinstance(f, Quantity) else f for f in figures]
    for a, b in sorted(spans, reverse=True):
        sentence = sentence[:a] + " " + sentence[b:]
    return sentence


def same_fact(point: str, passage: str, lang: str | None = None,
              weights: Mapping[str, float] | None = None) -> PairJudgement:
    """``judge_pair`` with the figures read from the two sentences (memoized)."""
    from summarizer.story.quantities import quantities_of

    whole = judge_pair(point, passage, list(quantities_of(point, lang)), list(quantities_of(passage, lang)), weights)
    if whole.verdict is not Agreement.unsure or whole.reason != TOO_LITTLE:
        return whole
    return _same_clause(point, passage, lang, weights) or whole


def states_same(point: str, passage: str, lang: str | None = None,
                weights: Mapping[str, float] | None = None) -> bool:
    """``same_fact(...).verdict is Agreement.same``, computed with less work when the answer is no.

    Most pairs the engine tries share too few words. For them the whole-sentence judgement can
    only fail, so only the clause rule (``_same_clause``) could make them the same fact. When that
    rule finds no clause pair, the answer is no, and the other rules (negation, opposite words,
    actors, bare numbers) are never read. Otherwise ``same_fact`` decides. The verdict is always
    the same as ``same_fact``'s (tests/test_story_units.py checks it on every cross-source pair of the
    example articles). The wording is read first: it needs no figures, and most pairs fail on it."""
    from summarizer.story.quantities import quantities_of

    there, back = coverage(point, passage, weights), coverage(passage, point, weights)
    if there < COVER_WITH_FIGURE and (max(there, back) < COVER_WITHOUT_FIGURE or min(there, back) < COVER_FLOOR):
        # too little wording with or without a shared figure: only the clause rule could say yes
        return _same_clause(point, passage, lang, weights) is not None and \
            same_fact(point, passage, lang, weights).verdict is Agreement.same
    early, matched = _figure_rule(quantities_of(point, lang), quantities_of(passage, lang))
    if early is not None:
        return False
    if _too_little(point, passage, matched, weights) and _same_clause(point, passage, lang, weights) is None:
        return False
    return same_fact(point, passage, lang, weights).verdict is Agreement.same


def _same_clause(point: str, passage: str, lang: str | None,
                 weights: Mapping[str, float] | None) -> PairJudgement | None:
    """A clause of the point and a clause of the passage that state one fact (``judge_pair`` on the two
    clauses, sharing ``CLAUSE_MIN_SHARED`` content terms), when the whole sentences passed every rule
    but the wording one: "The state Cyber Crimes Unit is investigating, and the city has hired ..."
    states what "The state Cyber Crimes Unit has opened an investigation." states. Only reached
    when the sentences' figures, polarity and actors did not keep them apart."""
    from summarizer.story.quantities import quantities_of

    mine, theirs = clauses(point) or (strip_frame(point),), clauses(passage) or (strip_frame(passage),)
    if len(mine) == len(theirs) == 1:
        return None
    for a in mine:
        qa = list(quantities_of(a, lang))
        for b in theirs:
            if len(_terms(a) & _terms(b)) < CLAUSE_MIN_SHARED:
                continue
            if not qa and actors(a) and actors(b) and not set(actors(a)) & set(actors(b)):
                continue  # both name who or what, no name in common, no figure: two facts
            if judge_pair(a, b, qa, list(quantities_of(b, lang)), weights).verdict is Agreement.same:
                return PairJudgement(Agreement.same, f"clause: {a!r} / {b!r}")
    return None
