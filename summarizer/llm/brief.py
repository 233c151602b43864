"""One-call briefings: one or more stories in one prompt, each story's cited points back.

The model writes only points and the numbers of the passages they rest on
(``brief_points``: ``{"s1": [{"text": ..., "ids": [3, 17]}], "s2": ...}``). Everything
else is derived from those citations, so a small model has one simple format to
follow and a large one spends no tokens on structure: a point is consensus when it
cites two or more independent sources (``Stages.from_points``), and each source's
summary is the points citing it. Contested figures and the timeline come
from the story analysis (``summarizer.story``), which compares the sources' own text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from summarizer.llm.client import structured_mode
from summarizer.llm.plan import POINT_CHARS, Pack, story_blocks
from summarizer.llm.prompts import load_prompt
from summarizer.llm.schemas import Point, StoryPoints, resolve_id
from summarizer.llm.structured import StructuredCaller
from summarizer.models import Document


@dataclass
class PackResult:
    """The points of each story of one pack (story index -> points), in reply order."""

    points: dict[int, list[Point]] = field(default_factory=dict)
    off_story_ids: int = 0  # ids naming another story's passage, removed from a point


def pack_schema(pack: Pack, numbers_by_story: list[list[int]], constrained: bool) -> dict[str, Any]:
    """The reply schema of one pack: a key per story (``s1``...), each a list of cited points.

    ``constrained`` (servers that turn the schema into a grammar, like llama.cpp): each
    story must get 1 to its share of points, each citing 1-4 of that story's own passage
    numbers, with a bounded text, so the model can neither skip a story nor cite a
    passage it was not shown. Otherwise (OpenAI's strict json_schema) the plain shape.
    """
    properties: dict[str, Any] = {}
    for k, (numbers, most) in enumerate(zip(numbers_by_story, pack.points, strict=True), 1):
        ids: dict[str, Any] = {"type": "array", "items": {"type": "integer"}}
        text: dict[str, Any] = {"type": "string"}
        points: dict[str, Any] = {"type": "array"}
        if constrained and numbers:
            ids = {**ids, "items": {"type": "integer", "enum": numbers}, "minItems": 1, "maxItems": 4}
            text = {**text, "minLength": 8, "maxLength": POINT_CHARS}
            points = {**points, "minItems": 1, "maxItems": most}
        points["items"] = {"type": "object", "properties": {"text": text, "ids": ids},
                           "required": ["text", "ids"], "additionalProperties": False}
        properties[f"s{k}"] = points
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


def brief_pack(caller: StructuredCaller, stories: list[list[Document]], pack: Pack) -> PackResult:
    """Brief the stories of ``pack`` in one brief_points call and share the points out by story.

    A point belongs to the story whose key it was written under, unless most of its
    real passages belong to another story of the pack (an unconstrained model may cite
    across stories); ids of other stories' passages are then removed and counted. A
    number the prompt never showed stays as ``#n`` (an invented id the verifier removes
    and counts).
    """
    chosen = [stories[i] for i in pack.stories]
    passages, numbers = story_blocks(chosen)
    story_of = {s.id: pack.stories[k] for k, docs in enumerate(chosen) for d in docs for s in d.sentences}
    by_story = [[int(n) for n, pid in numbers.items() if story_of.get(pid) == i] for i in pack.stories]
    constrained = structured_mode(caller.settings) == "json_object"
    values = {"passages": passages, "points": str(sum(pack.points))}
    reply = caller.call("brief", load_prompt("brief_points"), values, StoryPoints, pack.reply_cap,
                        schema=pack_schema(pack, by_story, constrained))
    result = PackResult({i: [] for i in pack.stories})
    for key, items in reply.root.items():
        written_under = _story_key(key, pack)
        for item in items:
            ids = list(dict.fromkeys(resolve_id(raw, numbers=numbers) for raw in item.ids))
            owners = [story_of[i] for i in ids if i in story_of]
            home = written_under if written_under in owners or not owners else Counter(owners).most_common(1)[0][0]
            kept = [i for i in ids if story_of.get(i, home) == home]
            result.off_story_ids += len(ids) - len(kept)
            result.points[home].append(Point(text=item.text, ids=kept))
    return result


def _story_key(key: str, pack: Pack) -> int:
    """The story index a reply key names (``s2`` -> the pack's second story); the first when unclear."""
    digits = "".join(ch for ch in key if ch.isdigit())
    k = int(digits) if digits else 1
    return pack.stories[k - 1] if 1 <= k <= len(pack.stories) else pack.stories[0]
