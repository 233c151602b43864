"""The `summarizer` command as a user runs it: outputs, one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from summarizer.cli import cli
from tests.conftest import EXAMPLES

STORY = (
    "The council voted 7 to 2 on Monday to close the old bridge for repairs. "
    "Engineers found cracks in two of its four piers last month. "
    "The closure starts on April 3 and should last about six weeks.\n"
)


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_brief_markdown_to_stdout() -> None:
    code, out, err = run("brief", str(EXAMPLES), "-q")
    assert code == 0, err
    assert out.startswith("# Briefing:")
    assert "## Key points" in out and "[S1." in out
    # --quiet leaves only input warnings (here: the reprint) on stderr, no progress or recap
    assert err.strip() and all(line.startswith("warning:") for line in err.strip().splitlines())


def test_brief_writes_each_format_by_suffix(tmp_path: Path) -> None:
    for name, marker in [("b.html", "<!DOCTYPE html>"), ("b.json", '"schema_version"'), ("b.md", "# Briefing")]:
        code, out, err = run("brief", str(EXAMPLES), "-o", str(tmp_path / name))
        assert code == 0, err
        assert out == ""
        assert marker in (tmp_path / name).read_text()
        assert "citations shown, all resolve" in err  # terminal recap
    data = json.loads((tmp_path / "b.json").read_text())
    assert data["verification"]["citations_valid"] == data["verification"]["citations_checked"]


def test_several_outputs_get_one_briefing_in_each_format(tmp_path: Path) -> None:
    paths = [tmp_path / "b.html", tmp_path / "b.md", tmp_path / "b.json"]
    code, out, err = run("brief", str(EXAMPLES), *[a for p in paths for a in ("-o", str(p))])
    assert code == 0, err
    assert out == "" and err.count("near-duplicate") == 1  # one run, one set of warnings
    data = json.loads(paths[2].read_text())
    assert data["title"] in paths[1].read_text() and "<!DOCTYPE html>" in paths[0].read_text()
    assert all(str(p) in err for p in paths)


def test_bad_inputs_warn_and_continue(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "good.txt").write_text(STORY)
    code, out, err = run("brief", str(tmp_path / "empty.txt"), str(tmp_path / "blob.txt"),
                         str(tmp_path / "good.txt"), str(tmp_path / "nope.md"))
    assert code == 0
    assert "# Briefing" in out
    lines = [line for line in err.splitlines() if line.startswith("warning:")]
    assert any("empty.txt" in line and "empty file" in line for line in lines)
    assert any("blob.txt" in line and "binary" in line for line in lines)
    assert any("nope.md" in line and "cannot read" in line for line in lines)
    assert "Traceback" not in err


def test_no_usable_document_exits_nonzero_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n")
    code, out, err = run("brief", str(tmp_path / "empty.txt"))
    assert code == 2
    assert out == ""
    assert err.strip().startswith("error: no usable document") and "empty file" in err
    assert len(err.strip().splitlines()) == 1


def test_stdin_input() -> None:
    code, out, err = run("brief", "-", "--format", "json", "-q", input=STORY.encode())
    assert code == 0, err
    data = json.loads(out)
    assert data["sources"][0]["origin"] == "stdin"


def test_bad_setting_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("brief", str(EXAMPLES), "--words", "-5")
    assert code == 2 and err.startswith("error: invalid setting words:") and "Traceback" not in err


def test_unwritable_output_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("brief", str(EXAMPLES), "-o", str(tmp_path / "missing-dir" / "x.md"))
    assert code == 1 and "cannot write" in err


def test_help_has_examples_and_schema_prints_json() -> None:
    code, out, _ = run("brief", "--help")
    assert code == 0 and "Examples:" in out and "--format" in out
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out)["title"] == "Briefing"


def test_console_script_runs_in_a_subprocess(tmp_path: Path) -> None:
    """The installed entry point works as a real process with stdout piped (no progress bar)."""
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer.cli", "brief", str(EXAMPLES / "01_harbor_gazette.md")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "# Briefing" in proc.stdout and "Traceback" not in proc.stderr


def test_an_output_path_with_an_unknown_suffix_is_refused_before_the_run(tmp_path: Path) -> None:
    """`-o brief.pdf` would have written Markdown into a .pdf; it is one error line, exit 2, nothing
    written. With --format the suffix is the user's choice."""
    from click.testing import CliRunner

    from summarizer.cli import cli
    from tests.conftest import EXAMPLES

    out = tmp_path / "brief.pdf"
    res = CliRunner().invoke(cli, ["brief", str(EXAMPLES / "02_valley_wire.txt"), "-o", str(out), "--quiet"])
    assert res.exit_code == 2
    assert "unknown output format '.pdf'" in res.output and "Traceback" not in res.output
    assert not out.exists()
    res = CliRunner().invoke(cli, ["brief", str(EXAMPLES / "02_valley_wire.txt"), "-o", str(out), "--format", "md",
                                   "--quiet"])
    assert res.exit_code == 0 and out.read_text().startswith("# ")
