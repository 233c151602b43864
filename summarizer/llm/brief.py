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

from typing import Any

from summarizer.llm.client import structured_mode
from summarizer.llm.plan import POINT_CHARS, Pack, story_blocks
from summarizer.llm.prompts import load_prompt
from summarizer.llm.schemas import Point, StoryPoints, resolve_id
from summarizer.llm.structured import StructuredCaller
from summarizer.models import Document


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


def brief_pack(caller: StructuredCaller, stories: list[list[Document]], pack: Pack) -> dict[int, list[Point]]:
    """Brief the stories of ``pack`` in one brief_points call: story index -> its points, in reply order.

    Passage numbers restart in each story, so a point's ids are read in the story of the
    key it was written under. A number that story did not show becomes ``#n`` (an
    invented id the verifier removes and counts).
    """
    passages, numbering = story_blocks([stories[i] for i in pack.stories])
    by_story = [[int(n) for n in numbers] for numbers in numbering]
    constrained = structured_mode(caller.settings) == "json_object"
    values = {"passages": passages, "points": str(sum(pack.points))}
    reply = caller.call("brief", load_prompt("brief_points"), values, StoryPoints, pack.reply_cap,
                        schema=pack_schema(pack, by_story, constrained))
    result: dict[int, list[Point]] = {i: [] for i in pack.stories}
    for key, items in reply.root.items():
        k = _story_key(key, pack)
        numbers = numbering[k]
        for item in items:
            ids = list(dict.fromkeys(resolve_id(raw, numbers=numbers) for raw in item.ids))
            result[pack.stories[k]].append(Point(text=item.text, ids=ids))
    return result


def _story_key(key: str, pack: Pack) -> int:
    """The position in ``pack`` of the story a reply key names (``s2`` -> 1); the first when unclear."""
    digits = "".join(ch for ch in key if ch.isdigit())
    k = int(digits) if digits else 1
    return k - 1 if 1 <= k <= len(pack.stories) else 0
