"""Neutralising source-controlled strings for the places they are shown.

Titles, outlets, authors, URLs, file names and article text all come from
inputs an attacker may write. Three places interpret them:

- Markdown (:func:`md_escape`): every character CommonMark/GFM or embedded
  HTML would act on is backslash-escaped, line breaks become spaces (so a value
  cannot start a new block or break a table row) and control characters are
  shown as their Unicode control pictures;
- links (:func:`safe_href`): only absolute ``http``/``https`` URLs become
  links, percent-encoded so no character can end the link early;
- terminals (:func:`terminal_text`): control characters (ANSI/OSC escapes,
  carriage returns, line breaks, bidi overrides) are shown escaped (``\\x1b``),
  so a title cannot clear the screen, recolour it or add a line.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Controls that reach a terminal: C0 (incl. tab and line breaks), DEL, C1, line/paragraph separators,
# and the bidi embeddings/overrides/isolates that can reorder what a line appears to say.
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_TERMINAL_UNSAFE_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_URL_SAFE = ":/?#[]@!$&*+,;=%~-._"


def _control_picture(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, ...
    return "\u2421" if code == 0x7F else "\ufffd"


def md_escape(text: str) -> str:
    """``text`` safe inline in Markdown: specials backslash-escaped, one line, controls made visible."""
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    text = _CONTROL.sub(_control_picture, text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def safe_href(url: str | None) -> str | None:
    """``url`` as a link target when it is an absolute http(s) URL with a host, else None.

    The result is percent-encoded outside a conservative set (no spaces, quotes,
    angle brackets, parentheses, backslashes or pipes), so it cannot end a
    Markdown link or an HTML attribute early.
    """
    if not url:
        return None
    url = url.strip()
    if _TERMINAL_UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


def md_link(url: str | None) -> str:
    """A Markdown link for an http(s) ``url`` (text escaped); any other value as inert escaped text."""
    if not url:
        return ""
    href = safe_href(url)
    return f"[{md_escape(url)}]({href})" if href else md_escape(url)


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    named = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}
    if code in named:
        return named[code]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` for one terminal line: every control, line break and bidi override shown escaped."""
    return _TERMINAL_UNSAFE.sub(_visible, text)


def _visible_u(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"  # also a valid JSON string escape, so JSON stays JSON


def terminal_document(text: str) -> str:
    """A whole rendered document for a terminal: line breaks and tabs kept, every other control escaped."""
    return _TERMINAL_UNSAFE_KEEP_LINES.sub(_visible_u, text)
