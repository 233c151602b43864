"""Renderers: one Briefing, three formats (Markdown, self-contained HTML, JSON)."""

from __future__ import annotations

from typing import Literal

from summarizer.models import Briefing
from summarizer.render.html import render_html
from summarizer.render.json import briefing_schema, render_json
from summarizer.render.markdown import render_markdown

Format = Literal["md", "html", "json"]
FORMATS: tuple[str, ...] = ("md", "html", "json")


def render(briefing: Briefing, fmt: str) -> str:
    """Render ``briefing`` as 'md', 'html' or 'json'."""
    if fmt == "md":
        return render_markdown(briefing)
    if fmt == "html":
        return render_html(briefing)
    if fmt == "json":
        return render_json(briefing)
    raise ValueError(f"unknown format {fmt!r}: choose md, html or json")


__all__ = ["FORMATS", "Format", "briefing_schema", "render", "render_html", "render_json", "render_markdown"]
