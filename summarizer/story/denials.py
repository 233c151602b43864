"""Denials with no figure: one source asserts a claim, another denies that very claim.

"The city paid a ransom of roughly $380,000" (one outlet) against "Mayor Draper said the city had
not paid a ransom" or "officials denied that any ransom had been paid" (another outlet) is a
dispute although no figure is given. Rules, precision first (docs/story.md, "Disputed"):

- A claim is a predicate (its verb, lemmatized: "paid" / "pay" / "pagó" / "pagado" are one) with
  what it is about: its theme (the direct object, or the subject of a passive: "a ransom") and its
  agent (the subject of an active verb: "the city"). It is read from one clause with word rules,
  no parser: an ``NP (aux) verb (object)`` pattern.
- A denial is such a claim negated in the source's own words: ``aux not verb`` ("had not paid",
  "was not affected", "hasn't been paid", "never paid"), ``no NOUN was verb`` ("no ransom was
  paid"), ``verb no NOUN`` ("paid no ransom"), a clause after a denial ("denied that any ransom
  had been paid", "denied paying a ransom", "rejected reports that ...", "it is not true that
  ...", "negó que se hubiera pagado un rescate", "negó haber pagado"), Spanish ``no (se) verb``
  ("no pagó ningún rescate").
- Not a denial (never a dispute): uncertainty ("did not say whether ...", "declined to comment",
  "it is not yet known if", "could not confirm": a negated saying, knowing or confirming verb, or
  any "whether"/"if" before it); a refusal or inability ("will not pay", "couldn't"); a qualified
  or time-bound negation ("not directly", "not seriously", "not ... until Friday", "not ... at
  first", "not yet", "as of Monday", "so far"); a verb of a state that changes over time
  ("restored", "reopened", "rose"); a present-tense negation ("has not paid", "is not affected"),
  which describes the moment of writing and may be followed by the event; a question.
- An assertion is the same predicate in a finite, unhedged clause ("The city paid a ransom"):
  no negation, denial, modal ("may have paid"), "whether"/"if", report ("reports that") or hedge
  before the verb in the sentence, a named (not pronoun) doer when active.
- A pair disputes (``contradicts``) when the verbs are one lemma, the themes share their head word
  and the doers share a word when both name one; ``story.claims.denial_pairs`` adds that the two
  passages are in different independent documents (never a copy of the other), do not speak of
  other times (``other_times``) and do not attribute both claims to one speaker (``same_speaker``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from summarizer.story.wording import fact_word

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d[\d,.]*|[,;:()\"“”«»]")

# words between a subject and its verb that carry tense, voice or polarity
_AUX = frozenset({
    "had", "has", "have", "was", "were", "is", "are", "did", "does", "do", "been", "be", "being", "having",
    "ha", "había", "habían", "han", "hubiera", "hubieran", "hubiese", "hubo", "haya", "hayan", "haber", "fue",
    "fueron", "se", "sido", "also", "ever", "actually", "indeed",
})
_PRESENT_AUX = frozenset({"has", "have", "is", "are", "does", "do", "ha", "han", "haya", "hayan"})
_PASSIVE_AUX = frozenset({"was", "were", "been", "be", "being", "is", "are", "fue", "fueron", "sido", "se"})
_NEG = frozenset({"not", "never", "nunca"})
_MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must", "shall", "wo", "ca", "sha",
                     "need", "puede", "podría", "podrá", "debe", "debería", "va", "iba", "vaya"})
_NO_DET = frozenset({"no", "ningún", "ninguna", "ninguno"})
_DETERMINERS = frozenset({
    "a", "an", "the", "any", "its", "their", "his", "her", "our", "this", "that", "these", "those", "some",
    "un", "una", "unos", "unas", "el", "la", "los", "las", "lo", "su", "sus", "del", "al", "ningún", "ninguna",
    "alguno", "alguna", "algún",
})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "you", "one", "someone", "anyone", "nobody", "everyone",
                       "him", "her", "them", "me", "us", "itself", "himself", "herself", "themselves", "anything",
                       "something", "everything", "nothing", "this", "that", "these", "those",
                       "ello", "ella", "ellos", "ellas", "él", "lo", "le", "les", "nada", "algo"})
# words that end a noun phrase (or start one, walking back from a verb)
_BOUNDARY = frozenset({
    ",", ";", ":", "(", ")", '"', "“", "”", "«", "»", "that", "which", "who", "whom", "whose", "because", "after",
    "before", "when", "while", "although", "though", "and", "but", "or", "if", "whether", "as", "since", "until",
    "que", "y", "pero", "o", "porque", "cuando", "si", "aunque", "said", "says", "say", "told", "denied", "denies",
    "deny", "insisted", "claimed", "stated", "added", "reported", "dijo", "afirmó", "aseguró", "negó", "niega",
    "to", "of", "in", "on", "at", "by", "for", "with", "from", "into", "over", "through", "near", "during", "about",
    "de", "en", "con", "por", "para", "sobre", "a", "sin", "tras", "durante",
})
_PREPOSITIONS = frozenset({"to", "of", "in", "on", "at", "by", "for", "with", "from", "into", "over", "through",
                           "near", "during", "about", "de", "en", "con", "por", "para", "sobre", "a", "sin", "tras"})
# a word any denial form needs (a cheap first test)
_CUE = re.compile(r"\b(?:not|never|no|nunca|deni\w*|deny\w*|neg\w+|niega\w*|desmi\w+|reject\w*|dismiss\w*|untrue|false|"
                  r"rechaz\w+|falso)\b|n['’]t\b", re.IGNORECASE)


def _may_deny(low: str) -> bool:
    """A cheap first test on the lower-cased sentence: does it hold a word any denial form needs
    (``_CUE``)? Plain substring tests, several times faster than the regular expression."""
    return ("no" in low and (low.startswith("no") or " no" in low or '"no' in low or "“no" in low or "‘no" in low
                             or "'no" in low or "(no" in low or "—no" in low or "-no" in low or "\nno" in low)) \
        or "n't" in low or "n’t" in low or "never" in low or "nunca" in low or _may_deny_verb(low)


def _may_deny_verb(low: str) -> bool:
    """Does the lower-cased sentence hold a word a denial verb (``_DENY``) needs?"""
    return "deni" in low or "deny" in low or "negó" in low or "negar" in low or "nieg" in low or "desmi" in low \
        or "reject" in low or "dismiss" in low or "true" in low or "false" in low or "falso" in low or "rechaz" in low \
        or "cierto" in low


# the verbs that open a denied clause ("denied that ...", "negó que ...")
_DENY = re.compile(
    r"\b(?:(?:denied|denies|deny|denying|negó|niega|niegan|negaron|desmintió|desmiente|desmintieron)"
    r"(?:\s+(?:reports|claims|allegations|suggestions|informaciones))?"
    r"|(?:rejected|rejects|dismissed|dismisses|rechazó|rechaza)\s+(?:reports|claims|allegations|suggestions|"
    r"informaciones|acusaciones)"
    r"|(?:not\s+true|untrue|false|no\s+es\s+cierto|es\s+falso))\s+(?:that\s+|que\s+)?",
    re.IGNORECASE)
# before an asserting verb: what makes the clause no assertion of the source's own
_NOT_ASSERTED = re.compile(
    r"\b(?:not|never|no|none|nobody|n't|nunca|tampoco|denied|denies|deny|denying|negó|niega|negaron|desmintió|"
    r"reject\w*|dismiss\w*|untrue|false|rechaz\w+|falso|(?:reports?|claims?|allegations?|suggestions?|rumou?rs?)\s+that|"
    r"whether|if|si|unclear|unknown|uncertain|rumou?rs?|speculation|suspected|possibly|probably|perhaps|"
    r"reportedly|allegedly|apparently|likely|may|might|could|would|should|must|will|can|shall|to|plans?|"
    r"planned|asked|question|questions|quizás|quizá|posiblemente|supuestamente|podría|habría|pudo|puede)\b|n't\b",
    re.IGNORECASE)
# negated verbs (as lemmas, below) that are no denial of an event: saying, knowing, confirming, commenting ("did not say whether")
_UNCERTAIN_WORDS = (
    "say", "comment", "confirm", "know", "disclose", "reveal", "respond", "specify", "explain", "answer",
    "verify", "elaborate", "detail", "address", "identify", "discuss", "deny", "rule", "expect", "believe",
    "think", "indicate", "mention", "provide", "release", "name", "decide", "determine", "return", "tell",
    "seem", "appear", "want", "plan", "intend", "need", "clarify", "estimate", "report", "learn", "hear", "see",
    "dijo", "decir", "confirmó", "confirmado", "precisó", "comentó", "aclaró", "explicó", "respondió", "informó",
    "reveló", "detalló", "quiso", "pudo", "sabido",
)
# verbs (as lemmas, below) of a state that changes over time: "not restored" on Thursday and "restored" on Friday are both true
_STATE_WORDS = (
    "restored", "reopened", "resumed", "reconnected", "recovered", "remained", "reached", "lifted", "opened",
    "closed", "ended", "finished", "completed", "contained", "extinguished", "found", "located", "arrested",
    "charged", "released", "evacuated", "rescued", "began", "started", "arrived", "returned", "stayed", "allowed",
    "permitted", "left", "received", "fixed", "repaired", "solved", "settled", "signed", "approved", "passed",
    "rose", "fell", "increased", "decreased", "grew", "dropped", "declined", "changed", "improved", "worsened",
    "restablecido", "reabierto", "reanudado", "recuperado", "abierto", "cerrado", "terminado", "encontrado",
    "detenido", "llegado", "evacuado", "rescatado", "reparado", "firmado", "aprobado",
)
# a negation that is qualified or bound in time is no flat denial
_QUALIFIED = frozenset({
    "until", "yet", "initially", "first", "still", "longer", "immediately", "directly", "fully", "completely",
    "entirely", "seriously", "significantly", "badly", "heavily", "severely", "totally", "much", "only", "just",
    "always", "necessarily", "hasta", "todavía", "aún", "directamente", "gravemente", "totalmente", "inicialmente",
})
_IRREGULAR = {
    "paid": "pay", "caught": "catch", "struck": "strike", "went": "go", "gone": "go", "burnt": "burn",
    "took": "take", "taken": "take", "stole": "steal", "stolen": "steal", "knew": "know", "known": "know",
    "gave": "give", "given": "give", "made": "make", "broke": "break", "broken": "break", "shot": "shoot",
    "fell": "fall", "fallen": "fall", "sent": "send", "lost": "lose", "sold": "sell", "bought": "buy",
    "told": "tell", "said": "say", "found": "find", "left": "leave", "held": "hold", "met": "meet",
    "began": "begin", "begun": "begin", "spent": "spend", "brought": "bring", "built": "build", "hit": "hit",
    "shut": "shut", "led": "lead", "seen": "see", "saw": "see", "done": "do",
    "sank": "sink", "sunk": "sink", "flew": "fly", "flown": "fly", "fought": "fight", "threw": "throw",
    "thrown": "throw", "drove": "drive", "driven": "drive", "won": "win", "blew": "blow", "blown": "blow",
    "froze": "freeze", "frozen": "freeze", "hid": "hide", "hidden": "hide", "spoke": "speak", "spoken": "speak",
    "chose": "choose", "chosen": "choose", "rose": "rise", "risen": "rise", "fled": "flee", "kept": "keep",
    "felt": "feel", "sought": "seek", "thought": "think", "bitten": "bite", "torn": "tear", "tore": "tear", "hurt": "hurt", "ran": "run", "wrote": "write", "written": "write",
}
_ES_ENDINGS = ("aron", "ieron", "ados", "adas", "idos", "idas", "ado", "ada", "ido", "ida", "aba", "ió", "ó",
               "ar", "er", "ir", "ía")


_DO = frozenset({"did", "does", "do"})
# adverbs and light verbs ("did not even", "doesn't really", "didn't make its way"): no event of their own
_ADVERBS = frozenset({"even", "ever", "always", "quite", "yet", "also", "so", "too", "all", "you", "go", "just",
                      "simply", "merely", "exactly", "necessarily", "want", "get", "make", "take", "have", "let"})
@dataclass(frozen=True)
class Claim:
    """One predicate of a sentence: lemma, what it is about, polarity and the words that state it.

    ``theme``/``agent``: stemmed content words (``wording.fact_word``) of the object (or passive
    subject) and of the active subject; ``head``: the theme's last word; ``start``/``end``: the
    character span of the stated words in the sentence (the side's value)."""

    lemma: str
    theme: frozenset[str]
    head: str
    agent: frozenset[str]
    negative: bool
    present: bool
    start: int
    end: int


def lemma(word: str) -> str:
    """A verb form folded to one key: "paid"/"pays"/"paying" -> 'pay', "affected" -> 'affect',
    "pagó"/"pagado"/"pagar" -> 'pag'."""
    w = word.lower().replace("’", "'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if any(c in w for c in "áéíóúñ") or w.endswith(("ado", "ada", "ido", "ida", "aron", "ieron")):
        w = unicodedata.normalize("NFC", w)
        for end in _ES_ENDINGS:
            if w.endswith(end) and len(w) - len(end) >= 3:
                return w[: -len(end)]
        return w
    for end in ("ing", "ied", "ies", "ed", "es", "s"):
        if w.endswith(end) and len(w) - len(end) >= 3:
            w = w[: -len(end)] + ("y" if end in ("ied", "ies") else "")
            break
    return w[:-1] if len(w) > 4 and w.endswith("e") else w


_UNCERTAIN_LEMMAS = frozenset(map(lemma, _UNCERTAIN_WORDS))
_STATE_LEMMAS = frozenset(map(lemma, _STATE_WORDS))


@lru_cache(maxsize=16384)
def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(lower-cased word, start, end) of every word and punctuation mark that matters to a clause."""
    low = text.lower().replace("’", "'")
    if len(low) == len(text):  # offsets in the lower-cased text are the text's own
        return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(low)]
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _phrase(toks: list[tuple[str, int, int]]) -> frozenset[str]:
    """Stemmed content words of a noun phrase; pronouns, also contracted ("he's", "I've"), are no content."""
    return frozenset(t for w, _, _ in toks if w not in _DETERMINERS and w.split("'")[0] not in _PRONOUNS
                     and w.split("'")[0] not in ("i", "you", "we", "they", "he", "she", "it", "that", "there", "what")
                     and (t := fact_word(w)))


def _subject(toks: list[tuple[str, int, int]], end: int) -> list[tuple[str, int, int]]:
    """The noun phrase before index ``end``: back to a boundary word, at most 6 words."""
    out: list[tuple[str, int, int]] = []
    i = end - 1
    while i >= 0 and len(out) < 6 and toks[i][0] not in _BOUNDARY:
        out.insert(0, toks[i])
        i -= 1
    if i >= 0 and toks[i][0] in _PREPOSITIONS and len(out) < 6:
        # "the fuel depot near Oskel had not been hit": the head is before the preposition
        j = i - 1
        head: list[tuple[str, int, int]] = []
        while j >= 0 and len(head) < 4 and toks[j][0] not in _BOUNDARY:
            head.insert(0, toks[j])
            j -= 1
        return head or out
    return out


def _object(toks: list[tuple[str, int, int]], start: int) -> list[tuple[str, int, int]]:
    """The direct object after index ``start``: determiners skipped, up to a boundary, at most 3 words."""
    out: list[tuple[str, int, int]] = []
    i = start
    while i < len(toks) and toks[i][0] in _DETERMINERS:
        i += 1
    while i < len(toks) and len(out) < 3 and toks[i][0] not in _BOUNDARY and toks[i][0] not in _AUX \
            and toks[i][0] not in _NEG:
        out.append(toks[i])
        i += 1
    return out


def _claim(toks: list[tuple[str, int, int]], subj_end: int, verb: int, chain: list[str],
           negative: bool, subject: list[tuple[str, int, int]] | None = None, start: int | None = None) -> Claim | None:
    """The claim of verb index ``verb`` whose aux chain is ``chain`` and whose subject ends before ``subj_end``."""
    word = toks[verb][0]
    if not word.isalpha() or word in _BOUNDARY or word in _DETERMINERS or word in _QUALIFIED or word in _PRONOUNS \
            or word in _ADVERBS or (word.endswith("ly") and word not in ("fly", "apply", "supply", "rely")):
        return None  # "did not even ...", "doesn't really ...": an adverb, not the verb
    if not _verb_form(word, chain):
        return None
    key = lemma(word)
    if key in _UNCERTAIN_LEMMAS or key in _STATE_LEMMAS or len(key) < 2:
        return None
    subj = subject if subject is not None else _subject(toks, subj_end)
    obj = _object(toks, verb + 1)
    passive = any(a in _PASSIVE_AUX for a in chain) and not any(c in ("had", "has", "have") for c in chain[-1:])
    agent_toks: list[tuple[str, int, int]] = []
    if "se" in chain and not subj:
        theme_toks = obj  # "se pagó un rescate": the theme follows
    elif passive:
        theme_toks = subj
    else:  # active: the object is the theme; with none ("the ferry did not sink"), the subject is
        theme_toks, agent_toks = obj or subj, subj
    theme = _phrase(theme_toks)
    if not theme or all(w in _PRONOUNS for w, _, _ in theme_toks if w not in _DETERMINERS):
        return None
    head = fact_word(theme_toks[-1][0]) or ""
    if not head:
        return None
    agent = _phrase(agent_toks)
    if not passive and "se" not in chain and not agent:
        return None  # an active verb needs its doer: "they paid a ransom" (a pronoun) names no one
    span = [t for t in (*subj, toks[verb], *obj)]
    present = any(c in _PRESENT_AUX for c in chain)
    if start is None:  # the words as written, from the subject (or the negation when there is none)
        start = min(span[0][1], toks[subj_end][1]) if subj_end < len(toks) else span[0][1]
    return Claim(key, theme, head, agent, negative, present, start, span[-1][2])


_PARTICIPLE_ES = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas", "ó", "ió", "aron", "ieron")


def _verb_form(word: str, chain: list[str]) -> bool:
    """Whether ``word`` reads as the verb its ``chain`` calls for: any word after do-support ("did not
    pay"), a participle after have/be ("had not paid", "was not affected"; so "was not eligible" or
    "is not true" are no claims here), a past form with no auxiliary ("paid", "pagó")."""
    aux = [c for c in chain if c not in _NEG and c != "no"]
    if any(c in _DO for c in aux):
        return True
    if aux and any(c in ("se", "ha", "había", "habían", "han", "hubiera", "hubieran", "hubo", "haya", "haber", "fue",
                         "fueron", "sido") for c in aux) or "no" in chain:
        return word.endswith(_PARTICIPLE_ES)  # Spanish: "no pagó", "se hubiera pagado"
    return word in _IRREGULAR or word.endswith(("ed", "en", "wn")) or word.endswith(_PARTICIPLE_ES)


_AS_OF = re.compile(r"\b(?:as of|so far|at the time|by then|for now|at that point|hasta ahora|por ahora|de momento|"
                    r"por el momento)\b")


def _qualified(toks: list[tuple[str, int, int]], verb: int) -> bool:
    """A qualifier or time bound near the negated verb, up to the clause end ("not directly",
    "until Friday", "as of Monday", "so far"): the negation holds at one moment or in part only."""
    window = []
    for w, _, _ in toks[verb - 3: verb + 8] if verb >= 3 else toks[: verb + 8]:
        if w in _QUALIFIED:
            return True
        if w in (";", ":", "but", "pero"):
            break
        window.append(w)
    return _AS_OF.search(" ".join(window)) is not None


@lru_cache(maxsize=16384)
def denials(sentence: str) -> tuple[Claim, ...]:
    """The claims ``sentence`` denies in its own words (module docstring for the forms); ``()`` when none."""
    low = sentence.lower()
    if sentence.rstrip(" \"'”’»)").endswith("?"):
        return ()  # a question denies nothing
    if not _may_deny(low) or _CUE.search(sentence) is None:
        return ()
    if _AS_OF.search(low):
        return ()  # "so far", "as of Monday": the negation holds at one moment only
    toks = _tokens(sentence)
    words = [w for w, _, _ in toks]
    out: list[Claim] = []
    for i, w in enumerate(words):
        if w in ("whether", "if", "si", "unclear", "unknown"):
            break  # everything after is a question, not a denial
        neg = w in _NEG or w.endswith("n't") or (w == "no" and _spanish(words))
        if neg:
            chain_start = i
            while chain_start > 0 and words[chain_start - 1] in _AUX:
                chain_start -= 1
            if w.removesuffix("n't") in _MODALS or (chain_start > 0 and words[chain_start - 1] in _MODALS):
                continue  # "will not pay", "couldn't say": a refusal or an inability, no denial of an event
            j = i + 1
            do_support = any(c in _DO for c in words[chain_start:i + 1]) or w.removesuffix("n't") in _DO
            if do_support and j < len(words) and words[j] in _AUX:
                continue  # "does not have", "did not be": possession or a state, not an event
            while j < len(words) and (words[j] in _AUX):
                j += 1
            if j >= len(words) or _qualified(toks, j):
                continue
            chain = [c.removesuffix("n't") for c in words[chain_start:j]]
            claim = _claim(toks, chain_start, j, chain, True)
            if claim is not None:
                out.append(claim)
        elif w in _NO_DET and i > 1 and words[i - 1] not in _AUX and _verb_form(words[i - 1], []) \
                and lemma(words[i - 1]) not in _UNCERTAIN_LEMMAS:
            # "The city paid no ransom": the verb's object is the denied thing
            chain_start = i - 1
            while chain_start > 0 and words[chain_start - 1] in _AUX:
                chain_start -= 1
            if not _qualified(toks, i - 1):
                claim = _claim(toks, chain_start, i - 1, words[chain_start:i - 1], True)
                if claim is not None:
                    out.append(claim)
        elif w in _NO_DET and i + 2 < len(words):
            # "no ransom was paid": the subject is the denied thing
            k = i + 1
            noun: list[tuple[str, int, int]] = []
            while k < len(words) and len(noun) < 3 and words[k] not in _AUX and words[k] not in _BOUNDARY:
                noun.append(toks[k])
                k += 1
            j = k
            while j < len(words) and words[j] in _AUX:
                j += 1
            chain = words[k:j]
            if noun and chain and j < len(words) and not _qualified(toks, j):
                claim = _claim(toks, k, j, chain, True, subject=noun, start=toks[i][1])
                if claim is not None:
                    out.append(claim)
    for m in _DENY.finditer(sentence) if _may_deny_verb(low) else ():
        if any(w in ("whether", "if", "si") for w, s, _ in toks if s < m.start()):
            break
        start = next((n for n, (_, s, _) in enumerate(toks) if s >= m.end()), len(toks))
        claim = _complement(toks, start, m.start())
        if claim is not None:
            out.append(claim)
    # one claim once ("no pagó ningún rescate" is read twice: after "no" and before "ningún")
    return tuple({(c.lemma, c.head, c.agent): c for c in reversed(out)}.values())[::-1]


def _spanish(words: list[str]) -> bool:
    return sum(w in ("el", "la", "los", "las", "que", "de", "se", "un", "una", "del") for w in words) >= 2


def _complement(toks: list[tuple[str, int, int]], start: int, cue: int) -> Claim | None:
    """The claim of the clause after a denial verb (its first word at index ``start``; ``cue``: the
    denial's character offset): ``NP aux* verb (object)``, or with no subject of its own a gerund or
    perfect infinitive whose doer is the denier ("The city denied paying a ransom", "La ciudad negó
    haber pagado un rescate")."""
    words = [w for w, _, _ in toks]
    at = next((n for n, (_, s, _) in enumerate(toks) if s >= cue), start)
    denier = _subject(toks, at)
    if start < len(words) and words[start].endswith("ing") and len(words[start]) > 5 and words[start] not in _AUX:
        return None if _qualified(toks, start) else _claim(toks, at, start, ["did"], True, subject=denier, start=cue)
    limit = min(len(words), start + 9)
    for j in range(start, limit):
        w = words[j]
        if w in _BOUNDARY and j > start and w not in _PREPOSITIONS:
            return None
        if w in _NEG or w in _NO_DET:
            return None  # "denied that it had not ...": a double negation is left alone
        if w in _AUX:
            k = j
            while k < len(words) and words[k] in _AUX:
                k += 1
            if k >= len(words) or _qualified(toks, k):
                return None
            own = toks[start:j] or (denier if w in ("having", "haber") else [])  # "negó haber pagado": the denier
            return _claim(toks, j, k, words[j:k], True, subject=own, start=cue)
        if j > start and (w in _IRREGULAR or (w.endswith("ed") and len(w) > 4) or w.endswith(("ó", "ió"))):
            if _qualified(toks, j):
                return None
            return _claim(toks, j, j, [], True, subject=toks[start:j], start=cue)
    return None


@lru_cache(maxsize=65536)
def assertions(sentence: str, key: str) -> tuple[Claim, ...]:
    """The claims with verb lemma ``key`` that ``sentence`` asserts (module docstring): finite,
    unhedged and not negated or denied anywhere before the verb."""
    if sentence.rstrip(" \"'”’»)").endswith("?"):
        return ()  # a question asserts nothing
    toks = _tokens(sentence)
    out: list[Claim] = []
    for j, (w, s, _) in enumerate(toks):
        if not w.isalpha() or lemma(w) != key or w.endswith("ing") or w in _DETERMINERS:
            continue
        if _NOT_ASSERTED.search(sentence[:s]):
            continue
        chain_start = j
        while chain_start > 0 and toks[chain_start - 1][0] in _AUX:
            chain_start -= 1
        chain = [t[0] for t in toks[chain_start:j]]
        if not chain and not (w in _IRREGULAR or w.endswith(("ed", "ó", "ió", "aron", "ieron"))):
            continue  # a bare present or infinitive ("Insurers often pay ...") is no report of the event
        subj = _subject(toks, chain_start)
        if not subj and "se" not in chain:
            continue
        if j + 1 < len(toks) and toks[j + 1][0] in (*_NO_DET, "nothing", "none", "nada"):
            continue  # "paid no ransom" denies
        claim = _claim(toks, chain_start, j, chain, False)
        if claim is not None:
            out.append(claim)
    return tuple(out)


_SAYS = r"(?:said|says|wrote|writes|told|tells|added|insisted|stated|claimed|posted|dijo|afirmó|aseguró|escribió)"
_QUOTE_FIRST = re.compile(r'^\s*["“«].+?["”»]\s*,?\s*(?:(?P<who>[^,;"“”]{2,60}?)\s+' + _SAYS
                          + r"\b|" + _SAYS + r'\s+(?P<after>[^,;."“”]{2,60}))')


def quoted_speaker(sentence: str) -> str | None:
    """Who a sentence that opens with a quotation attributes it to ('"We did not pay," Mayor Draper
    said.' -> 'Mayor Draper'; '"...," said the ministry.' -> 'the ministry'), or None."""
    m = _QUOTE_FIRST.match(sentence)
    if m is None:
        return None
    return (m.group("who") or m.group("after") or "").strip() or None


def same_speaker(a: str | None, b: str | None) -> bool:
    """Two speaker phrases that name one party: the words of one are all in the other ("the attackers" /
    "The attackers"; "Draper" / "Mayor Celia Draper"). Unknown speakers are never the same."""
    if not a or not b:
        return False
    wa, wb = ({w for w in re.findall(r"[^\W\d_]+", x.lower()) if w not in _DETERMINERS} for x in (a, b))
    return bool(wa and wb) and (wa <= wb or wb <= wa)


_WHEN = re.compile(r"\b(?:1[89]\d\d|20\d\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
                   r"march|april|june|july|august|september|october|november|december|lunes|martes|miércoles|jueves|"
                   r"viernes|sábado|domingo|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
                   r"noviembre|diciembre)\b", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")


def other_times(a: str, b: str) -> bool:
    """Whether two sentences speak of other times: both name days, months or years and share none, or
    one names a year the other does not ("did not pay in 2019" / "paid a ransom"): two moments, no dispute."""
    wa = {w.lower() for w in _WHEN.findall(a)}
    wb = {w.lower() for w in _WHEN.findall(b)}
    if wa and wb and not wa & wb:
        return True
    return set(_YEAR_ONLY.findall(a)) != set(_YEAR_ONLY.findall(b))


def contradicts(denial: Claim, assertion: Claim) -> bool:
    """True when ``assertion`` states what ``denial`` denies: one verb lemma, themes with one head
    word, agents sharing a word when both name one."""
    if denial.lemma != assertion.lemma or denial.present:
        return False
    if denial.head != assertion.head and not (denial.theme & {assertion.head} and assertion.theme & {denial.head}):
        return False
    return not (denial.agent and assertion.agent and not denial.agent & assertion.agent)
