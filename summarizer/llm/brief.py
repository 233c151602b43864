"""One-call briefings: one or more stories in one prompt, a flat list of cited points back.

The model writes only points and the numbers of the passages they rest on
(``brief_points``). Everything else is derived from those citations, so a small
model has one simple format to follow and a large one spends no tokens on
structure: a point belongs to the story whose passages it cites, it is consensus
when it cites two or more independent sources (``Stages.from_points``), and each
source's summary is the points citing it. Contested figures and the timeline come
from the story analysis (``summarizer.story``), which compares the sources' own text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from summarizer.llm.plan import Pack, points_wanted, story_blocks
from summarizer.llm.prompts import load_prompt
from summarizer.llm.schemas import Point, Points, resolve_id
from summarizer.llm.structured import StructuredCaller
from summarizer.models import Document


@dataclass
class PackResult:
    """The points of each story of one pack (story index -> points), in reply order."""

    points: dict[int, list[Point]] = field(default_factory=dict)
    off_story_ids: int = 0  # ids naming another story's passage, removed from a point


def brief_pack(caller: StructuredCaller, stories: list[list[Document]], pack: Pack) -> PackResult:
    """Brief the stories of ``pack`` in one brief_points call and share the points out by story.

    A point goes to the story most of its real passages belong to (the first cited on
    a tie); ids of other stories' passages are removed from it and counted. A number
    the prompt never showed stays as ``#n`` (an invented id the verifier removes and
    counts); a point citing nothing real goes to the pack's first story, where the
    verifier flags it.
    """
    chosen = [stories[i] for i in pack.stories]
    passages, numbers = story_blocks(chosen)
    story_of = {s.id: pack.stories[k] for k, docs in enumerate(chosen) for d in docs for s in d.sentences}
    values = {"passages": passages, "points": str(points_wanted(pack.reply_cap))}
    reply = caller.call("brief", load_prompt("brief_points"), values, Points, pack.reply_cap)
    result = PackResult({i: [] for i in pack.stories})
    for item in reply.points:
        ids = list(dict.fromkeys(resolve_id(raw, numbers=numbers) for raw in item.ids))
        owners = [story_of[i] for i in ids if i in story_of]
        home = Counter(owners).most_common(1)[0][0] if owners else pack.stories[0]
        kept = [i for i in ids if story_of.get(i, home) == home]
        result.off_story_ids += len(ids) - len(kept)
        result.points[home].append(Point(text=item.text, ids=kept))
    return result
