"""Hostile inputs at ingest: parsing bombs, non-regular files and symlink loops end in one warning line."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest

from summarizer.ingest import ingest, ingest_texts
from summarizer.ingest.frontmatter import FrontMatterError, split_front_matter
from summarizer.ingest.readers import MAX_JSON_DEPTH, format_for, json_depth
from summarizer.ingest.sources import glob_paths
from summarizer.settings import Settings

ART = (
    "The Merrow Dam on the Orrin River failed late on Thursday, flooding the town of Castlebrook. "
    "Mayor Ilsa Brandt declared a local state of emergency at 2 a.m. on Friday. "
    "Officials said three people died and about 400 residents were evacuated."
)


def _laughs(key: str, levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for c in "bcdefghijk"[: levels - 1]:
        lines.append(f"{c}: &{c} [" + ",".join(["*" + prev] * 9) + "]")
        prev = c
    return "---\n" + "\n".join(lines) + f"\n{key}: *{prev}\n---\n\n" + ART + "\n"


@pytest.mark.parametrize("key", ["date", "title", "source", "url", "author"])
def test_yaml_alias_bomb_refused_in_every_field(key: str) -> None:
    with pytest.raises(FrontMatterError, match="aliases"):
        split_front_matter(_laughs(key))


def test_yaml_single_alias_refused_and_other_inputs_kept() -> None:
    text = "---\nt: &x Hello\ntitle: *x\n---\n\n" + ART
    result = ingest_texts([("a.md", text.encode()), ("b.txt", ART.replace("Thursday", "Friday").encode())],
                          Settings())
    assert len(result.documents) == 1
    [w] = [w for w in result.warnings if w.origin == "a.md"]
    assert "aliases" in w.reason and "\n" not in str(w)


def test_yaml_deep_nesting_and_size_bounded() -> None:
    with pytest.raises(FrontMatterError, match="nested"):
        split_front_matter("---\ndate: " + "[" * 5000 + "]" * 5000 + "\n---\nbody")
    with pytest.raises(FrontMatterError, match="too long"):
        split_front_matter("---\ntitle: " + "x" * 100_000 + "\n---\nbody")
    meta, body = split_front_matter("---\ntitle: Fine\ntags: [a, [b, c]]\n---\nbody")
    assert meta["title"] == "Fine" and body == "body"


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert json_depth('{"a": "[[[[[[[[", "b": [1, {"c": 2}]}') == 3
    assert json_depth("[" * 100_000 + "]" * 100_000) == MAX_JSON_DEPTH + 1  # stops counting


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl", "deep.dat", "deep"])
def test_deep_json_any_extension_is_one_warning(name: str) -> None:
    deep = ("[" * 200_000 + "]" * 200_000).encode()
    result = ingest_texts([(name, deep), ("ok.txt", ART.encode())], Settings())
    assert len(result.documents) == 1
    [w] = [w for w in result.warnings if w.origin.startswith(name)]
    assert "nested" in w.reason


def test_deep_json_on_stdin() -> None:
    result = ingest(["-"], Settings(), stdin=io.BytesIO(b"{\"a\":" * 50_000 + b"1" + b"}" * 50_000))
    assert not result.documents
    assert "nested" in result.warnings[0].reason and result.warnings[0].origin == "stdin"


def test_sniffing_a_record_list_still_works() -> None:
    assert format_for("feed.dat", '[{"text": "x"}]') == "json"
    assert format_for("feed.dat", '{"text": "x"}\n{"text": "y"}') == "jsonl"


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def _ingest_with_deadline(args: list[str], tmp_path: Path) -> object:
    """Run ingest in a thread so a blocking open() fails the test instead of hanging it."""
    box: dict[str, object] = {}
    t = threading.Thread(target=lambda: box.update(r=ingest(args, Settings())), daemon=True)
    t.start()
    t.join(30)
    assert not t.is_alive(), "ingest blocked"
    return box["r"]


@needs_fifo
def test_fifo_named_directly_or_in_a_folder_is_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(ART, encoding="utf-8")
    os.mkfifo(folder / "b.md")
    result = _ingest_with_deadline([str(tmp_path / "pipe.txt"), str(folder)], tmp_path)
    assert [d.origin for d in result.documents] == [str(folder / "a.txt")]  # type: ignore[attr-defined]
    why = {w.origin: w.reason for w in result.warnings}  # type: ignore[attr-defined]
    assert "not a regular file (FIFO)" in why[str(tmp_path / "pipe.txt")]
    assert "not a regular file (FIFO)" in why[str(folder / "b.md")]


@needs_fifo
def test_symlink_to_fifo_is_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "pipe", tmp_path / "link.txt")
    result = _ingest_with_deadline([str(tmp_path / "link.txt")], tmp_path)
    assert "FIFO" in result.warnings[0].reason  # type: ignore[attr-defined]


def test_device_is_skipped() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    result = ingest(["/dev/zero"], Settings())
    assert "not a regular file (device)" in result.warnings[0].reason


def test_glob_with_self_symlinks_visits_each_file_once(tmp_path: Path) -> None:
    root = tmp_path / "loop"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(ART, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(ART.replace("Thursday", "Monday"), encoding="utf-8")
    for name in ("x", "y"):
        os.symlink(".", root / name)
    os.symlink("..", root / "sub" / "up")
    found = glob_paths(f"{root}/**/*.txt")
    assert sorted(p.name for p in found) == ["a.txt", "b.txt"]
    result = ingest([f"{root}/**/*.txt"], Settings())
    assert len(result.documents) == 2


def test_glob_semantics(tmp_path: Path) -> None:
    (tmp_path / "n" / "deep").mkdir(parents=True)
    for rel in ("n/a.md", "n/b.txt", "n/deep/c.md", "n/.hidden.md"):
        (tmp_path / rel).write_text(ART, encoding="utf-8")
    names = lambda pat: sorted(str(p.relative_to(tmp_path)) for p in glob_paths(f"{tmp_path}/{pat}"))  # noqa: E731
    assert names("n/*.md") == ["n/a.md"]
    assert names("n/**/*.md") == ["n/a.md", "n/deep/c.md"]
    assert names("n/?.txt") == ["n/b.txt"]
    assert names("n/[ab].*") == ["n/a.md", "n/b.txt"]
    assert names("*/deep") == ["n/deep"]
