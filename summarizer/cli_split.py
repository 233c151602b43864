"""The CLI's ``summarizer brief --split`` writer: one rendered briefing per story, one file each."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from summarizer.errors import SummarizerError
from summarizer.models import Briefing
from summarizer.render.split import split_briefing


def split_path(output: Path, n: int) -> Path:
    """``brief.md`` -> ``brief.story1.md`` (the story number goes before the suffix)."""
    return output.with_name(f"{output.stem}.story{n}{output.suffix}")


def render_split(b: Briefing, fmt: str, render: Callable[[Briefing, str], str]) -> list[str]:
    """Each story's briefing rendered on its own."""
    return [render(part, fmt) for part in split_briefing(b)]


def join_split(texts: list[str], fmt: str, titles: list[str]) -> str:
    """Several renderings as one stream with clear separators (JSON: one array)."""
    if fmt == "json":
        return json.dumps([json.loads(t) for t in texts], indent=2, ensure_ascii=False) + "\n"
    out: list[str] = []
    for n, (text, title) in enumerate(zip(texts, titles, strict=True), 1):
        label = f"story {n} of {len(texts)}: {title}".replace("--", "—")
        if fmt == "html":
            out.append(f"<!-- ===== {label} ===== -->\n{text}")
        else:
            out.append(("\n---\n\n" if n > 1 else "") + f"<!-- ===== {label} ===== -->\n\n{text}")
    return "".join(out)


def write_split(b: Briefing, fmt: str, output: Path | None,
                render: Callable[[Briefing, str], str]) -> tuple[str | None, list[Path]]:
    """Render one briefing per story; write them next to ``output`` or return them joined for stdout.

    Returns (text for stdout or None, paths written). Raises SummarizerError
    naming the file when one cannot be written.
    """
    parts = split_briefing(b)
    texts = [render(p, fmt) for p in parts]
    if output is None:
        return join_split(texts, fmt, [p.title for p in parts]), []
    written: list[Path] = []
    for n, text in enumerate(texts, 1):
        path = split_path(output, n)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as e:
            raise SummarizerError(f"{path}: cannot write ({e.strerror or e})") from None
        written.append(path)
    return None, written
