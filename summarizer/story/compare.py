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
from dataclasses import dataclass
from enum import Enum

from summarizer.story.quantities import Quantity, compatible

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
