"""JSON: the contract for the UI and tests, with a schema generated from the models."""

from __future__ import annotations

import json

from summarizer.models import Briefing


def render_json(briefing: Briefing) -> str:
    """The whole briefing, sources' normalized text included, as indented JSON."""
    return briefing.model_dump_json(indent=2)


def briefing_schema() -> str:
    """JSON Schema of the briefing JSON, generated from the pydantic models."""
    return json.dumps(Briefing.model_json_schema(), indent=2)
