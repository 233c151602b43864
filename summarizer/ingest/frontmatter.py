"""YAML front matter: a ``---`` line, YAML, a closing ``---`` (or ``...``) line, then the body.

Parsed with a ``yaml.SafeLoader`` (no python-frontmatter dependency) that refuses
YAML aliases (``&a`` / ``*a``): a few hundred bytes of nested aliases expand to
gigabytes (the "billion laughs"), and news metadata never needs them. The block
is also capped at :data:`MAX_FRONT_MATTER_CHARS` and :data:`MAX_DEPTH` levels of
nesting, so no front matter costs more than a few milliseconds. Used for
Markdown files and for any text file whose first line is ``---``, which is how
web-clipper exports (such as the seed corpus) store title, url and date.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_OPEN_RE = re.compile(r"\A[ \t]*---[ \t]*\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
MAX_FRONT_MATTER_CHARS = 64_000
"""Longest front matter block read (characters); metadata is a few hundred."""
MAX_DEPTH = 20
"""Deepest nesting of lists/mappings accepted in front matter."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as strings: dates are parsed (leniently) by ingest itself,
    so an impossible date such as 2024-13-45 is a notice, not a YAML error that loses the document.

    Aliases are refused while composing (before anything is expanded) and nesting is bounded.
    """

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise FrontMatterError("YAML aliases (*name) are not accepted in front matter")
        depth = getattr(self, "_depth", 0)
        if depth >= MAX_DEPTH:
            raise FrontMatterError(f"nested more than {MAX_DEPTH} levels deep")
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth = depth


def _timestamp_as_str(loader: _Loader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node)) if isinstance(node, yaml.ScalarNode) else ""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_str)


class FrontMatterError(ValueError):
    """Front matter that cannot be used; ``str(err)`` is the short reason."""


def has_front_matter(text: str) -> bool:
    """True when ``text`` (newlines already unified) opens with a ``---`` line."""
    return _OPEN_RE.match(text) is not None


def _short_yaml_error(err: yaml.YAMLError) -> str:
    if isinstance(err, yaml.MarkedYAMLError):
        problem = err.problem or err.context or "invalid YAML"
        mark = err.problem_mark or err.context_mark
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +1 for 1-based, +1 for '---'
        return f"{problem}{where}"
    return str(err).splitlines()[0] if str(err) else "invalid YAML"


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split ``text`` into (metadata, body).

    Text without an opening ``---`` line is returned unchanged with empty
    metadata. Raises FrontMatterError for an unterminated block, invalid YAML
    or YAML that is not a mapping. Keys are lower-cased and stripped.
    """
    opening = _OPEN_RE.match(text)
    if opening is None:
        return {}, text
    rest = text[opening.end() :]
    closing = _CLOSE_RE.search(rest)
    if closing is None:
        raise FrontMatterError("no closing '---' line")
    block = rest[: closing.start()]
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(f"front matter too long ({len(block):,} characters > {MAX_FRONT_MATTER_CHARS:,})")
    body = rest[closing.end() :].lstrip("\n")
    try:
        data = yaml.load(block, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        raise FrontMatterError(_short_yaml_error(e)) from None
    except FrontMatterError:
        raise
    except (ValueError, RecursionError, MemoryError) as e:  # defensive: constructor errors outside YAMLError
        raise FrontMatterError(f"invalid value ({e})") from None
    if data is None:
        return {}, body
    if not isinstance(data, dict):
        raise FrontMatterError(f"expected key: value pairs, got a YAML {type(data).__name__}")
    return {str(k).strip().lower(): v for k, v in data.items()}, body
