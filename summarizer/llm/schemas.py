"""Reply contracts: pydantic models every LLM reply is validated against.

``ids`` are accepted as strings or numbers (a small model writes ``4`` for ``"4"``)
and resolved to passage ids by :func:`resolve_id`. :func:`response_schema` turns a
model into the strict JSON schema sent as structured-output instructions.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel, WithJsonSchema, field_validator

_FULL_ID = re.compile(r"^S(\d+)\.(\d+)$", re.IGNORECASE)
_BARE_FULL = re.compile(r"^(\d+)\.(\d+)$")
_NUMBER = re.compile(r"^\d+$")


class _Reply(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Cited(_Reply):
    """A written sentence and the ids it rests on; ids as strings (``4``, ``"4"``, ``[4, "S2.1"]``)."""

    text: str
    ids: list[str] = Field(default_factory=list)

    @field_validator("ids", mode="before")
    @classmethod
    def _ids_as_strings(cls, v: Any) -> Any:
        if isinstance(v, (str, int)):
            v = [v]
        if isinstance(v, list):
            return [str(x).strip() for x in v if str(x).strip()]
        return v

    @field_validator("text")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("empty text")
        return v


class Point(_Cited):
    """One written sentence, the passage ids it rests on, its date and importance."""

    date: str | None = None
    importance: int = 2

    @field_validator("importance", mode="before")
    @classmethod
    def _lenient_importance(cls, v: Any) -> Any:
        try:
            return max(1, min(3, int(v)))
        except (TypeError, ValueError):
            return 2


class Claims(_Reply):
    """map_claims / collapse_claims reply."""

    claims: list[Point]


class SourceSummaryReply(_Reply):
    """reduce_source reply."""

    summary: list[Point]


class Contested(_Reply):
    topic: str
    sides: list[Point]


class Merged(_Reply):
    """merge_sources reply."""

    bottom_line: list[Point] = Field(default_factory=list)
    consensus: list[Point] = Field(default_factory=list)
    contested: list[Contested] = Field(default_factory=list)
    single_source: list[Point] = Field(default_factory=list)
    timeline: list[Point] = Field(default_factory=list)


class ShortPoint(_Cited):
    """One brief_points item: a sentence and the numbers of the passages it rests on.

    The schema sent to the server asks for integer ids (the prompt's passage numbers;
    ``[3, 17]`` is fewer tokens than ``["3", "17"]``); validation accepts strings too.
    """

    ids: Annotated[list[str], WithJsonSchema({"type": "array", "items": {"type": "integer"}})] = Field(
        default_factory=list
    )


class StoryPoints(RootModel[dict[str, list[ShortPoint]]]):
    """brief_points reply: each story's cited points under its key (``s1`` for Story 1)."""


def resolve_id(raw: str, default_source: str | None = None, numbers: dict[str, str] | None = None) -> str:
    """A passage id as written by a model, normalized: '[S2.14]', 's2.14', '2.14' -> 'S2.14'.

    A bare number ('14') is looked up in ``numbers`` (the short tags one prompt showed,
    number -> passage id), else means passage 14 of ``default_source`` when one is given.
    A number that maps to nothing becomes '#14', which names no passage (an invented id).
    Anything else is returned stripped, so the verifier can count it as invented.
    """
    s = raw.strip().strip("[]()").strip()
    m = _FULL_ID.match(s) or _BARE_FULL.match(s)
    if m:
        return f"S{int(m.group(1))}.{int(m.group(2))}"
    if _NUMBER.match(s):
        key = str(int(s))
        if numbers is not None and key in numbers:
            return numbers[key]
        if default_source:
            return f"{default_source}.{int(s)}"
        if numbers is not None:
            return f"#{key}"
    return s


def response_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A strict JSON schema for ``model`` (all properties required, no extras, no defaults)."""
    schema = model.model_json_schema()

    def strictify(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("default", None)
            node.pop("title", None)
            if isinstance(node.get("description"), str):  # docstrings are for us, not the model's tokens
                node.pop("description")
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
                node["required"] = list(node["properties"])
            for value in node.values():
                strictify(value)
        elif isinstance(node, list):
            for item in node:
                strictify(item)

    strictify(schema)
    return schema
