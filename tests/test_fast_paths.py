"""The fast paths of the per-sentence analyzers (issue 15) give exactly what the plain patterns give.

Each fast path searches a pattern only where it can match (from a few words before a core match, from
the last tokens of a prefix, after a cheap word gate, on lower-cased text); these tests compare it with
the plain search of the same pattern on seeded random texts built from the words the rules look for,
so a pattern extended without its fast path (a longer prefix phrase, a new cue word) fails here.
"""

from __future__ import annotations

import random

from summarizer import segment_rules as sr
from summarizer import textrules as tr
from summarizer.story import attribution as at
from summarizer.story import dates as dt
from summarizer.story import quantities as qt

SEPS = [" ", " ", " ", "  ", "\n", "", ", ", "\u00a0", "\t"]


def _soups(words: list[str], n: int, seed: int, most: int = 14) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(words) + rnd.choice(SEPS) for _ in range(rnd.randint(1, most))) for _ in range(n)]


def _spans(matches) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


def test_date_patterns_scanned_from_their_cores() -> None:
    months, days = dt._vocab()
    words = [*list(months)[:40], *(m.capitalize() for m in months), *(d.capitalize() for d in days), *list(days)[:12],
             "the", "night", "of", "la", "noche", "del", "de", "a", "las", "10.30", "horas", "on", "late", "since",
             "desde", "el", "in", "Monday,", "Sept.", "3", "12", "21st", "2026", "1999", "12.", "am", "next", "last",
             "this", "coming", "próximo", "pasado", "until", "bis", "zum", "im", "(", ".", "x", "Sonntagabend"]
    cores = dt._cores()
    for text in _soups(words, 3000, 1):
        starts = [t.start() for t in dt._TOKEN.finditer(text)]
        for kind, rx in dt._patterns():
            if kind in cores:
                assert _spans(dt._scan(rx, *cores[kind], text, starts)) == _spans(rx.finditer(text)), (kind, text)


def test_date_trigger_words_are_the_texts_words() -> None:
    import re

    gate = set().union(*dt._triggers().values())
    words = [*sorted(gate)[:80], "sexta-feira", "Mayo5", "5may", "x_june", "MARCH", "today", "ſet", "İ"]
    for text in _soups(words, 2000, 2):
        low = text.lower()
        assert set(dt._trigger_words().findall(low)) == set(re.findall(r"[^\W\d_]+", low)) & gate, text


def test_speaker_pattern_scanned_from_its_verbs() -> None:
    words = ["the", "mayor", "Mayor", "Ilsa", "said", "says", "told", "can confirm", "put the", "has", "have", "also",
             "later", "officials", "Police", "a", "aide", "of", "and", "that", "while", "but", "que", "dijo", "The",
             "Ministry", "claimed", ",", ";", ":", "—", "(", "\"", ".", "U.S.", "who", "he", "x", "sagte", "ſaid",
             "according to", "ACCORDING TO", "Según", "laut", "a statement from", "was", "confirmed", "by", "reported by"]
    for text in _soups(words, 3000, 3, most=20):
        assert _spans(at._before_verb(text)) == _spans(at._BEFORE_VERB.finditer(text)), text
        statement, passive, according = at._maybe(text)
        for gate, rx in ((statement, at._STATEMENT_FROM), (passive, at._PASSIVE_BY), (according, at._ACCORDING)):
            assert gate or rx.search(text) is None, text


def test_instruction_alternatives_on_lowered_text() -> None:
    words = ["Ignore", "all", "previous", "instructions", "Report", "only", "SAY", "that", "Do", "not", "don't", "never",
             "mention", "You", "are", "an", "AI", "assistant", "language", "model", "System", "SYSTEM:", "prompt", ":",
             ",", ".", "]", ">", "“", "to", "for", "the", "LLM", "summariser", "must", "[INST]", "[/sys]", "<system>",
             "</ instructions", "jailbreak", "developer", "mode", "new", "said", "x", "ſystem", "İ", "K", "É"]
    for text in _soups(words, 4000, 4, most=10):
        assert tr.is_instruction.__wrapped__(text) == bool(tr._INSTRUCTION.search(text)), text


def test_number_word_test_and_end_anchored_figure_tests() -> None:
    words = ["one", "Twelve", "SEVEN", "veintiún", "zwei", "fünf", "mil", "a", "about", "no fewer than", "más de", "$",
             "US$", "€", "5", "1,200", "12.", "March", "marzo", "de", "Unit", "No.", "#", "COVID-", "Mayor", "Liv,", ",",
             "from", "up from an earlier", "previously put at", "between", "x", "ſix", "İone", "K"]
    tail_tests = [(qt._MONTH_BEFORE, 2), (qt._DIGIT_OR_SLASH_BEFORE, 1), (qt._HYPHEN_BEFORE, 1), (qt._LABEL_BEFORE, 1),
                  (qt._CAPITAL_BEFORE, 1), (qt._CAPITAL_OPENS, 4), (qt._COMMA_BEFORE, 1), (qt._FROM_BEFORE, 1),
                  (qt._FROM_BEFORE_CASED, 1), (qt._QUAL_BEFORE, 5), (qt._BETWEEN_BEFORE, 1), (qt._UP_FROM_BEFORE, 4),
                  (qt._CLOCK_BEFORE, 1)]
    for text in _soups(words, 3000, 5):
        assert qt._maybe_number(text) == bool(qt._MAYBE_NUMBER.search(text)), text
        starts = [t.start() for t in qt._TOKEN_START.finditer(text)]
        for cut in range(len(text) + 1):
            before = text[:cut]
            for rx, tokens in tail_tests:
                a, b = rx.search(before), rx.search(before, qt._tail(starts, cut, tokens))
                assert (a and a.span()) == (b and b.span()), (rx.pattern, before)


def test_last_token_search() -> None:
    words = ["Mr.", "Inc.", "U.S.", "a.m.", "No.", "31.", "J.", "etc.", "the", "He", ".", "..", "\"", ")", "x.y.z.", "abc"]
    for text in _soups(words, 2000, 6, most=8):
        a, b = sr._LAST_TOKEN.search(text), sr._last_token(text)
        assert (a and (a.span(), a.group(1))) == (b and (b.span(), b.group(1))), text
