"""Turn command-line style inputs (paths, directories, globs, "-") into named byte blobs.

Sizes are checked with ``stat`` before a file is read, and every read is
capped at ``max_bytes + 1`` so a file that grows (or a pipe) cannot exhaust
memory either.
"""

from __future__ import annotations

import glob
import os
import re
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


def read_file(path: Path, max_bytes: int) -> Blob:
    """Read ``path`` unless it is missing, unreadable or larger than ``max_bytes``."""
    origin = str(path)
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
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
    """Files under ``directory`` with a supported extension, sorted, hidden entries skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in FORMATS:
                found.append(Path(root) / name)
    return sorted(found)


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
            matches = sorted(glob.glob(str(path), recursive=True))
            if not matches:
                yield IngestWarning(origin=item, reason="no files match this pattern")
            for match in matches:
                mpath = Path(match)
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
