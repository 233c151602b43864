"""Turn command-line style inputs (paths, directories, globs, "-") into named byte blobs.

Sizes are checked with ``stat`` before a file is read, and every read is
capped at ``max_bytes + 1`` so a file that grows (or a pipe) cannot exhaust
memory either. Only regular files are read: a FIFO, device or socket is
skipped with a warning and never opened (opening a FIFO with no writer blocks
forever). Globs are expanded by our own walk, which enters each real directory
once, so symlink loops (``d/self -> .``) cannot make ``d/**/*.txt`` endless.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarizer.ingest.readers import FORMATS
from summarizer.models import IngestWarning

STDIN = "-"


@dataclass
class Blob:
    """Raw bytes of one input, or the reason there are none."""

    name: str
    origin: str
    data: bytes | None = None
    error: str | None = None


def human_size(n: int) -> str:
    """Bytes in decimal units: 12_300_000 -> "12.3 MB", 2048 -> "2.0 KB", 12 -> "12 bytes"."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} KB"
    return f"{n} bytes"


def too_large(size: int, limit: int) -> str:
    """The one-line reason for an input over the size limit."""
    return f"file too large ({human_size(size)} > {human_size(limit)} limit)"


def _cannot_read(e: OSError) -> str:
    return f"cannot read: {e.strerror or type(e).__name__}"


def _kind(mode: int) -> str | None:
    """None for a regular file, else what it is ('named pipe (FIFO)', 'device', ...)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISDIR(mode):
        return "directory"
    return "special file"


def not_regular(kind: str) -> str:
    """The one-line reason for skipping a FIFO, device or socket."""
    return f"not a regular file ({kind}): skipped, never opened"


def read_file(path: Path, max_bytes: int) -> Blob:
    """Read ``path`` unless it is missing, unreadable, not a regular file or larger than ``max_bytes``.

    The type is checked with ``stat`` before opening; the file is then opened
    non-blocking and checked again on the open descriptor, so a FIFO swapped in
    between cannot block the run.
    """
    origin = str(path)
    try:
        kind = _kind(os.stat(path).st_mode)
        if kind is not None:
            return Blob(path.name, origin, error=not_regular(kind))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            kind = _kind(st.st_mode)
            if kind is not None:
                return Blob(path.name, origin, error=not_regular(kind))
            size = st.st_size
            if size > max_bytes:
                return Blob(path.name, origin, error=too_large(size, max_bytes))
            data = f.read(max_bytes + 1)
    except OSError as e:
        return Blob(path.name, origin, error=_cannot_read(e))
    if len(data) > max_bytes:
        return Blob(path.name, origin, error=too_large(len(data), max_bytes))
    return Blob(path.name, origin, data=data)


def read_stream(stream: BinaryIO, max_bytes: int) -> Blob:
    """Read standard input (or any stream) with the same size limit as files."""
    try:
        data = stream.read(max_bytes + 1)
    except (OSError, ValueError) as e:  # ValueError: a closed stream
        return Blob("stdin", "stdin", error=f"cannot read: {e}")
    if not isinstance(data, bytes):
        data = str(data).encode("utf-8")
    if len(data) > max_bytes:
        return Blob("stdin", "stdin", error=f"input too large (more than {human_size(max_bytes)} limit)")
    return Blob("stdin", "stdin", data=data)


def _supported_files(directory: Path) -> list[Path]:
    """Files under ``directory`` with a supported extension, sorted, hidden entries skipped.

    Symlinked directories are not followed (so no loop); FIFOs and other
    non-regular entries with a supported name are still listed, and
    :func:`read_file` skips them with a warning.
    """
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in FORMATS:
                found.append(Path(root) / name)
    return sorted(found)


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A regex for a glob pattern over '/'-separated paths: ``**`` spans folders, ``*``/``?`` do not."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = pattern.find("]", i + 2)
            if end == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end]
                body = "^" + body[1:] if body.startswith("!") else body
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end + 1
                continue
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def glob_paths(pattern: str) -> list[Path]:
    """Paths matching ``pattern`` (``**`` recursive), sorted; each real directory is entered once.

    The walk follows symlinked directories (as ``glob`` does) but remembers every
    directory by device and inode, so loops end. Without ``**`` the walk goes no
    deeper than the pattern has parts. Hidden entries are matched only when the
    pattern names them with a leading dot.
    """
    parts = pattern.split("/")
    fixed: list[str] = []
    for part in parts[:-1]:
        if _is_glob(part):
            break
        fixed.append(part)
    root = "/" if fixed == [""] else "/".join(fixed)
    rest = pattern[len(root) :].lstrip("/")
    regex = _glob_regex(rest)
    max_depth = None if "**" in rest else rest.count("/") + 1
    start = root or "."
    matches: list[Path] = []
    visited: set[tuple[int, int]] = set()
    stack: list[tuple[str, str, int]] = [(start, "", 0)]
    while stack:
        folder, rel, depth = stack.pop()
        try:
            st = os.stat(folder)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in visited:
            continue
        visited.add((st.st_dev, st.st_ino))
        for entry in entries:
            name_rel = f"{rel}{entry.name}"
            if entry.name.startswith(".") and not _names_hidden(rest):
                continue
            if regex.match(name_rel):
                matches.append(Path(os.path.join(root, name_rel) if root else name_rel))
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir and (max_depth is None or depth + 1 < max_depth):
                stack.append((entry.path, name_rel + "/", depth + 1))
    return sorted(matches)


def _names_hidden(pattern: str) -> bool:
    return any(part.startswith(".") for part in pattern.split("/"))


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def _as_path(item: str) -> Path:
    try:
        return Path(item).expanduser()
    except RuntimeError:  # "~nosuchuser/x": leave as typed, reading it will report the error
        return Path(item)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def expand(inputs: Sequence[str]) -> Iterator[Path | str | IngestWarning]:
    """Yield, in order, each file to read (a Path), STDIN, or a warning for an input that names nothing.

    Directories are searched recursively for supported extensions; a pattern
    with ``*``, ``?`` or ``[`` that is not an existing path is expanded with
    ``glob`` (``**`` recursive), sorted. A file reached twice is read once.
    """
    seen: set[Path] = set()

    def once(path: Path) -> bool:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path.absolute()
        if key in seen:
            return False
        seen.add(key)
        return True

    for item in inputs:
        if item == STDIN:
            yield STDIN
            continue
        if re.match(r"(?i)https?://", item):
            yield IngestWarning(
                origin=item,
                reason="cannot read: URLs are not fetched (save the page as .html and pass the file)",
            )
            continue
        path = _as_path(item)
        if _is_glob(item) and not _exists(path):
            matches = glob_paths(str(path))
            if not matches:
                yield IngestWarning(origin=item, reason="no files match this pattern")
            for mpath in matches:
                files = _supported_files(mpath) if _is_dir(mpath) else [mpath]
                yield from (f for f in files if once(f))
            continue
        if _is_dir(path):
            files = _supported_files(path)
            if not files:
                exts = ", ".join(sorted(set(FORMATS)))
                yield IngestWarning(origin=item, reason=f"no supported files in directory ({exts})")
            yield from (f for f in files if once(f))
            continue
        if once(path):
            yield path


def collect(inputs: Sequence[str], max_bytes: int, stdin: BinaryIO | None) -> Iterator[Blob | IngestWarning]:
    """Expand ``inputs`` and read each file; standard input is read at most once."""
    stdin_blob: Blob | None = None
    for entry in expand(inputs):
        if isinstance(entry, IngestWarning):
            yield entry
        elif isinstance(entry, Path):
            yield read_file(entry, max_bytes)
        elif stdin_blob is None:
            stdin_blob = read_stream(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
            yield stdin_blob
        else:
            yield IngestWarning(
                origin="stdin", reason="standard input listed more than once (read once)", kind="notice"
            )
