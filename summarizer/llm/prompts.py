"""Versioned prompt templates, loaded from ``prompts/`` and checked for their variables.

A template file ``prompts/<name>.v<version>.txt`` starts with a header::

    # name: map_claims
    # version: 1
    # variables: source_header passages words

followed by a ``[system]`` section and a ``[user]`` section. Variables are written
``{{name}}``; the set used in the body must equal the declared set, or loading fails.
Substitution is a single pass, so text inserted for a variable (document text) is
never itself expanded.

The data fence. Source text sits between ``<documents>`` tags, and a document
must not be able to close them and speak as the user. Two layers:

- :func:`fence` neutralises every look of a ``documents`` tag inside source
  text: any case, spaces or tabs inside, attributes, a missing ``>``, doubled
  brackets, escaped slashes (``<\\/``), HTML entities and numeric references
  (``&lt;/documents&gt;``), ``\\u003c``-style escapes, full-width and other
  look-alike brackets, Cyrillic/Greek look-alike letters, and zero-width or
  other invisible characters between the letters. Matching runs on a
  canonical copy (NFKC, case-folded, invisibles dropped, look-alikes mapped)
  and the original span is replaced by ``[documents]``.
- :meth:`PromptTemplate.render` gives the fence tags a boundary id derived
  from a hash of the values it inserts (``<documents id="3f9c...">``), so a
  document cannot know it in advance: it would have to contain the hash of
  itself. Deterministic, so the LLM cache still hits on a re-run.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from summarizer.errors import ConfigError

_VAR = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_HEADER = re.compile(r"^#\s*(name|version|variables)\s*:\s*(.*?)\s*$")
_TEMPLATE_FENCE = re.compile(r"<(/?)documents>")

# Default version of each prompt the engine uses.
PROMPT_VERSIONS: dict[str, str] = {
    "brief_points": "4",
    "map_claims": "2",
    "reduce_source": "2",
    "collapse_claims": "2",
    "merge_sources": "2",
    "repair_json": "1",
    "judge_claim": "1",
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

        digest = hashlib.sha256("\x00".join(values[k] for k in sorted(values)).encode("utf-8", "replace"))
        boundary = digest.hexdigest()[:12]

        def fill(text: str) -> str:
            text = _TEMPLATE_FENCE.sub(lambda m: f'<{m.group(1)}documents id="{boundary}">', text)
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


# Look-alike characters folded before matching: brackets and slashes, then Cyrillic/Greek letters that
# render like the Latin letters of "documents" (NFKC already folds full-width forms such as U+FF1C).
_LOOKALIKE = str.maketrans({
    **dict.fromkeys("‹«〈⟨❮❬⦉﹤˂ᐸ⧼⟪《〈", "<"),
    **dict.fromkeys("›»〉⟩❯❭⦊﹥˃ᐳ⧽⟫》〉", ">"),
    **dict.fromkeys("⁄∕⧸╱", "/"),
    **dict.fromkeys("⧹＼", "\\"),
    "о": "o", "ο": "o", "ѳ": "o", "σ": "o", "ӧ": "o", "с": "c", "ϲ": "c", "ς": "c",
    "ԁ": "d", "ⅾ": "d", "υ": "u", "ս": "u", "ц": "u", "м": "m", "ṃ": "m", "е": "e", "ε": "e", "ё": "e",
    "п": "n", "η": "n", "ո": "n", "т": "t", "τ": "t", "ѕ": "s", "ꜱ": "s",
})
_LT = r"(?:<|&lt;?|&#0*60;?|&#x0*3c;?|\\+u0*3c|\\+x3c|%3c)"
_GT = r"(?:>|&gt;?|&#0*62;?|&#x0*3e;?|\\+u0*3e|\\+x3e|%3e)"
_SLASH = r"(?:/|\\|&#0*47;?|&#x0*2f;?|&sol;|\\+u0*2f|%2f)"
_SPACE = r"(?:\s|&nbsp;?|&#0*32;?|&#x0*20;?)"
_INLINE_SPACE = r"(?:[ \t]|&nbsp;?|&#0*32;?|&#x0*20;?)"
_FENCE_VARIANT = re.compile(
    rf"{_LT}(?:{_SPACE}|{_SLASH}|{_LT})*documents?"
    rf"(?:(?:{_INLINE_SPACE}|{_SLASH})[^<>\n]{{0,120}}?(?:{_GT})+"  # attributes, then a closing bracket
    rf"|(?:{_INLINE_SPACE}|{_SLASH})*(?:(?:{_GT})+|(?=\s|$)))",  # or none (a missing '>' counts too)
    re.IGNORECASE,
)


def _canonical(text: str) -> tuple[str, list[int]]:
    """``text`` NFKC-folded, lower-cased, invisibles dropped, look-alikes mapped; plus each char's source index."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            folded = ch.lower()
        elif unicodedata.category(ch) in ("Cf", "Mn", "Me") or ch in "\u115f\u1160\u3164\uffa0":
            continue  # zero-width joiners, soft hyphens, combining marks, Hangul fillers: invisible
        else:
            folded = unicodedata.normalize("NFKC", ch).lower().translate(_LOOKALIKE)
        out.append(folded)
        where.extend([i] * len(folded))
    return "".join(out), where


def fence(text: str) -> str:
    """Source text made safe to place between <documents> tags: every variant of the tag is defused."""
    canon, where = _canonical(text)
    spans = [(where[m.start()], where[m.end() - 1] + 1) for m in _FENCE_VARIANT.finditer(canon) if m.end() > m.start()]
    for start, end in reversed(spans):
        text = text[:start] + "[documents]" + text[end:]
    return text
