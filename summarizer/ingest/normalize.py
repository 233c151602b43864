"""Bytes to clean text: decoding, binary sniffing, normalization and Markdown clean-up.

Every offset later in the pipeline points into the text this module returns, so
the rules are deliberately few, predictable and idempotent
(``normalize_text(normalize_text(s)) == normalize_text(s)``).

Unicode form: NFC, not NFKC. NFC only merges canonically equivalent sequences
(``e`` + combining acute -> ``é``), so a quote copied from the source still
matches. NFKC would also rewrite compatibility characters (``½`` -> ``1⁄2``,
``²`` -> ``2``, ligatures, full-width letters) and quotes would stop matching
what the reader sees in the original article.
"""

from __future__ import annotations

import re
import unicodedata

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Characters removed outright: C0/C1 controls except tab and newline (other line
# breaks are mapped to "\n" first), DEL, and invisible format characters that
# only break words apart (BOM / zero-width no-break space, zero-width space,
# soft hyphen, word joiner).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufeff\u200b\u00ad\u2060]")
_NEWLINE_RE = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACE_RE = re.compile(r"[^\S\n]+")
_BLANK_LINES_RE = re.compile(r"\n{3,}")

# Bytes that never occur in text files (everything below 0x20 except tab, LF,
# VT, FF, CR and ESC, plus DEL).
_BINARY_BYTES = bytes([b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)] + [127])
_ASCII_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_NON_ASCII_RE = re.compile("[^\x00-\x7f]")
_BINARY_SAMPLE = 8192
_BINARY_RATIO = 0.10


_DECLARED_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""",
    re.IGNORECASE,
)
# WHATWG Encoding Standard: these labels mean windows-1252 in HTML.
_WHATWG_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp1252", "x-cp1252"}


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first 4 KB (``<meta charset>``,
    ``http-equiv`` content type, XML declaration), as a Python codec name; None when
    none is declared or the name is unknown."""
    import codecs

    m = _DECLARED_CHARSET_RE.search(data[:4096])
    if m is None:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii").strip().lower()
    label = "windows-1252" if label in _WHATWG_1252 else label
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


class DecodeError(ValueError):
    """Bytes that cannot be used as text; ``str(err)`` is the one-line reason."""


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is clearly not text: a NUL byte, or >10% control bytes in the first 8 KB."""
    if data.startswith(_UTF16_BOMS):
        return False  # UTF-16 text is full of NUL bytes; checked after decoding instead
    if b"\x00" in data:
        return True
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return controls / len(sample) > _BINARY_RATIO


def decode_bytes(data: bytes) -> str:
    """Decode raw input bytes as strict UTF-8 (a UTF-8 BOM is dropped; UTF-16 with a BOM is accepted),
    else by the charset the document itself declares (HTML ``<meta charset>``, XML declaration).

    Raises DecodeError with the reason ("binary file (not text)" or
    "undecodable bytes at offset N (not UTF-8 text)"); the caller turns it into
    a warning. No legacy-codepage guessing beyond a declared charset: a wrong
    guess silently corrupts every quote, a clear warning does not.
    """
    if looks_binary(data):
        raise DecodeError("binary file (not text)")
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise DecodeError(f"undecodable bytes at offset {e.start} (not UTF-16 text)") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        # utf-8-sig reports offsets after the BOM it skipped; report file offsets.
        offset = e.start + (len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0)
        declared = declared_charset(data)
        if declared is not None and declared not in ("utf-8", "utf-8-sig"):
            try:
                return data.decode(declared)
            except UnicodeDecodeError as e2:
                raise DecodeError(
                    f"undecodable bytes at offset {e2.start} (not {declared} text as declared)"
                ) from None
        raise DecodeError(f"undecodable bytes at offset {offset} (not UTF-8 text)") from None


def looks_like_garbage(text: str) -> bool:
    """True when decoded text is >10% control, unassigned or private-use characters (binary in disguise)."""
    sample = text[:_BINARY_SAMPLE]
    if not sample:
        return False
    bad = len(_ASCII_CONTROL_RE.findall(sample))
    if not sample.isascii():
        bad += sum(
            1 for ch in _NON_ASCII_RE.findall(sample) if unicodedata.category(ch) in ("Cc", "Cn", "Co")
        )
    return bad / len(sample) > _BINARY_RATIO


def normalize_text(s: str) -> str:
    """Return ``s`` in the canonical form every later offset refers to.

    Steps, in this order (the order makes the function idempotent): unify line
    breaks to "\\n"; drop control and zero-width characters; Unicode NFC; turn
    every run of non-newline whitespace (tabs, no-break spaces, ...) into one
    space; strip spaces at both ends of each line; collapse three or more
    newlines to one blank line, so paragraphs stay separated by "\\n\\n"; strip
    the ends.
    """
    s = _NEWLINE_RE.sub("\n", s)
    s = _CONTROL_RE.sub("", s)
    s = unicodedata.normalize("NFC", s)
    s = _SPACE_RE.sub(" ", s)
    s = "\n".join(line.strip(" ") for line in s.split("\n"))
    s = _BLANK_LINES_RE.sub("\n\n", s)
    return s.strip("\n ")


_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
_LINK_RE = re.compile(r"\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
_REF_LINK_RE = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s+\S+.*$", re.MULTILINE)
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE)
_QUOTE_RE = re.compile(r"^ {0,3}>[ \t]?", re.MULTILINE)
_STRONG_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")


def first_heading(markdown: str) -> str | None:
    """Text of the first ATX heading (``# Title``) in ``markdown``, links and emphasis removed."""
    m = _HEADING_RE.search(markdown)
    if m is None:
        return None
    title = normalize_text(strip_markdown(m.group(2)))
    return title or None


def strip_markdown(text: str) -> str:
    """Turn Markdown markup into plain prose without deleting any content line.

    ``[text](url)`` becomes ``text``; images and link reference definitions are
    dropped; ``#`` heading markers, ``>`` quote markers, ``**strong**`` and
    ``*em*`` markers and horizontal rules go. Underscore emphasis is left alone
    because it collides with identifiers such as ``snake_case``.
    """
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _REF_LINK_RE.sub(r"\1", text)
    text = _REF_DEF_RE.sub("", text)
    text = _HEADING_RE.sub(r"\2", text)
    text = _RULE_RE.sub("", text)
    text = _QUOTE_RE.sub("", text)
    text = _STRONG_RE.sub(r"\1", text)
    return _EM_RE.sub(r"\1", text)
