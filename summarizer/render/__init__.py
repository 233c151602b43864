"""Renderers: one Briefing, three formats (Markdown, self-contained HTML, JSON)."""

from __future__ import annotations

import sys
import types
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


class _CallableModule(types.ModuleType):
    """Lets ``summarizer.render(briefing, fmt)`` work after this package is imported.

    Importing ``summarizer.render`` makes the package the attribute ``render`` of
    ``summarizer``, replacing the facade function of that name; calling the
    package calls :func:`render`, so both spellings mean the same thing.
    """

    def __call__(self, briefing: Briefing, fmt: str = "md") -> str:
        return render(briefing, fmt)


sys.modules[__name__].__class__ = _CallableModule
