"""YAML front matter: a ``---`` line, YAML, a closing ``---`` (or ``...``) line, then the body.

Parsed with a ``yaml.SafeLoader`` (no python-frontmatter dependency). Used for
Markdown files and for any text file whose first line is ``---``, which is how
web-clipper exports (such as the seed corpus) store title, url and date.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_OPEN_RE = re.compile(r"\A[ \t]*---[ \t]*\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as strings: dates are parsed (leniently) by ingest itself,
    so an impossible date such as 2024-13-45 is a notice, not a YAML error that loses the document."""


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
    body = rest[closing.end() :].lstrip("\n")
    try:
        data = yaml.load(block, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        raise FrontMatterError(_short_yaml_error(e)) from None
    except (ValueError, RecursionError) as e:  # defensive: constructor errors outside YAMLError
        raise FrontMatterError(f"invalid value ({e})") from None
    if data is None:
        return {}, body
    if not isinstance(data, dict):
        raise FrontMatterError(f"expected key: value pairs, got a YAML {type(data).__name__}")
    return {str(k).strip().lower(): v for k, v in data.items()}, body
