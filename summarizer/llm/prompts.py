"""Versioned prompt templates, loaded from ``prompts/`` and checked for their variables.

A template file ``prompts/<name>.v<version>.txt`` starts with a header::

    # name: map_claims
    # version: 1
    # variables: source_header passages words

followed by a ``[system]`` section and a ``[user]`` section. Variables are written
``{{name}}``; the set used in the body must equal the declared set, or loading fails.
Substitution is a single pass, so text inserted for a variable (document text) is
never itself expanded. Source text is wrapped by :func:`fence` so a document cannot
close the data fence and speak as the user.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from summarizer.errors import ConfigError

_VAR = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_HEADER = re.compile(r"^#\s*(name|version|variables)\s*:\s*(.*?)\s*$")
_FENCE_TAG = re.compile(r"</?\s*documents?\s*>", re.IGNORECASE)

# Default version of each prompt the engine uses.
PROMPT_VERSIONS: dict[str, str] = {
    "brief_points": "4",
    "map_claims": "2",
    "reduce_source": "2",
    "collapse_claims": "2",
    "merge_sources": "2",
    "repair_json": "1",
}


@dataclass(frozen=True)
class PromptTemplate:
    """One loaded template: its name, version, declared variables and two sections."""

    name: str
    version: str
    variables: frozenset[str]
    system: str
    user: str

    @property
    def label(self) -> str:
        """``name.vN``, the string recorded in outputs and cache keys."""
        return f"{self.name}.v{self.version}"

    def render(self, **values: str) -> list[dict[str, str]]:
        """Chat messages with every variable substituted; missing or extra values are an error."""
        given = set(values)
        if given != self.variables:
            missing = sorted(self.variables - given)
            extra = sorted(given - self.variables)
            raise ConfigError(f"prompt {self.label}: missing variables {missing}, unexpected {extra}")

        def fill(text: str) -> str:
            return _VAR.sub(lambda m: values[m.group(1)], text)

        return [
            {"role": "system", "content": fill(self.system).strip()},
            {"role": "user", "content": fill(self.user).strip()},
        ]


def prompt_dirs() -> list[Path]:
    """Where templates are looked for, first match wins.

    ``SUMMARIZER_PROMPTS_DIR`` (an override), then the package's own copy: the data
    package ``summarizer/prompts`` a wheel ships (built from the top-level ``prompts/``),
    or, running from a source checkout (editable install, PYTHONPATH), that checkout's
    ``prompts/``. Nothing else is read: a stray ``prompts/`` folder beside the installed
    package (no ``pyproject.toml`` there) never shadows the shipped templates.
    """
    dirs: list[Path] = []
    env = os.environ.get("SUMMARIZER_PROMPTS_DIR")
    if env:
        dirs.append(Path(env))
    package = Path(__file__).resolve().parent.parent
    shipped = package / "prompts"
    checkout = package.parent
    if shipped.is_dir():
        dirs.append(shipped)
    elif (checkout / "pyproject.toml").is_file():
        dirs.append(checkout / "prompts")
    return dirs


def parse_template(text: str, origin: str) -> PromptTemplate:
    """Parse a template file's text; raise ConfigError naming ``origin`` when it is malformed."""
    header: dict[str, str] = {}
    lines = text.splitlines()
    body_start = 0
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if not m:
            body_start = i
            break
        header[m.group(1)] = m.group(2)
    else:
        body_start = len(lines)
    for key in ("name", "version", "variables"):
        if key not in header:
            raise ConfigError(f"{origin}: prompt header lacks '# {key}:'")
    body = "\n".join(lines[body_start:])
    if "[system]" not in body or "[user]" not in body:
        raise ConfigError(f"{origin}: prompt needs a [system] and a [user] section")
    system, user = body.split("[user]", 1)
    system = system.split("[system]", 1)[1]
    declared = frozenset(header["variables"].replace(",", " ").split())
    used = set(_VAR.findall(system)) | set(_VAR.findall(user))
    if used != declared:
        raise ConfigError(
            f"{origin}: variables used {sorted(used)} differ from declared {sorted(declared)}"
        )
    return PromptTemplate(header["name"], header["version"], declared, system, user)


@lru_cache(maxsize=64)
def load_prompt(name: str, version: str | None = None) -> PromptTemplate:
    """Load template ``name`` (default version from PROMPT_VERSIONS) and check its variables."""
    version = version or PROMPT_VERSIONS.get(name)
    if version is None:
        raise ConfigError(f"unknown prompt {name!r}")
    filename = f"{name}.v{version}.txt"
    for folder in prompt_dirs():
        path = folder / filename
        if path.is_file():
            template = parse_template(path.read_text(encoding="utf-8"), str(path))
            if (template.name, template.version) != (name, version):
                raise ConfigError(f"{path}: header says {template.label}, file name says {name}.v{version}")
            return template
    raise ConfigError(f"prompt template {filename} not found in {', '.join(map(str, prompt_dirs()))}")


def fence(text: str) -> str:
    """Source text made safe to place between <documents> tags (tags inside it are defused)."""
    return _FENCE_TAG.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)
