"""Output injection: source-controlled strings stay inert in Markdown, HTML and on the terminal."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from summarizer.cli import cli
from summarizer.ingest import ingest_texts
from summarizer.pipeline import brief_ingested
from summarizer.render import render_html, render_markdown
from summarizer.render.safety import md_escape, md_link, safe_href, terminal_document, terminal_text
from summarizer.settings import Settings

BODY = (
    "The Merrow Dam on the Orrin River failed late on Thursday, flooding the town of Castlebrook {x}. "
    "Mayor Ilsa Brandt declared a local state of emergency at 2 a.m. on Friday. "
    "Officials said three people died and about 400 residents were evacuated [see](javascript:alert(1))."
)
HOSTILE = {
    "a.md": (
        "---\n"
        "title: \"</title><script>alert('t')</script><img src=x onerror=alert(1)> | x | y\"\n"
        "url: \"javascript:alert('url')\"\n"
        "source: \"[click](javascript:alert(2)) <img src=x onerror=alert(3)>\\nsecond line | cell\"\n"
        "author: \"<script>alert(4)</script>\"\n"
        "date: 2026-03-13\n---\n\n" + BODY.format(x="<script>alert(5)</script>")
    ),
    "b.md": (
        "---\ntitle: Toll rises [x](javascript:alert(6))\n"
        "url: 'https://evil.example/a b\"><script>alert(7)</script>) | cell |'\n"
        "source: \"Valley\\x1b[31m Herald\"\ndate: 2026-03-13\n---\n\n"
        + BODY.format(x="<img src=x onerror=alert(8)>").replace("Thursday", "Thursday night")
    ),
    "c\n<img src=x onerror=alert(9)>|.txt": BODY.format(x="`code` *em*").replace("Officials", "Police"),
}


@pytest.fixture(scope="module")
def briefing():  # type: ignore[no-untyped-def]
    result = ingest_texts([(k, v.encode()) for k, v in HOSTILE.items()], Settings(engine="extractive"))
    assert len(result.documents) == 3, result.warnings
    return brief_ingested(result, Settings(engine="extractive", group_stories=False))


def _md_html(md: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(md)


def test_markdown_renders_no_live_html_or_unsafe_link(briefing) -> None:  # type: ignore[no-untyped-def]
    md = render_markdown(briefing)
    html = _md_html(md)
    assert "<script" not in html and "<img" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs, "the http(s) url should still be a link"
    ids = set(re.findall(r'id="([^"]*)"', html))
    inside = [h for h in hrefs if re.fullmatch(r"#[a-z0-9-]+", h)]  # cross-references: each resolves here
    assert inside and all(h[1:] in ids for h in inside), inside
    assert all(h.startswith(("http://", "https://")) for h in hrefs if h not in inside), hrefs


def test_markdown_tables_keep_their_columns(briefing) -> None:  # type: ignore[no-untyped-def]
    md = render_markdown(briefing)
    table = md.split("## Sources", 1)[1].split("## Cited passages", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + 3
    for row in rows:  # 5 columns: 6 unescaped pipes
        assert len(re.findall(r"(?<!\\)\|", row)) == 6, row
    html = _md_html(table)
    for tr in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        assert len(re.findall(r"<t[dh]", tr)) == 5, tr


def test_html_links_only_http(briefing) -> None:  # type: ignore[no-untyped-def]
    page = render_html(briefing)
    assert "<script" not in page.split("</style>", 1)[1]
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs
    assert not any("javascript" in h.lower() or '"' in h or "<" in h for h in hrefs)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://a.example/x?q=1", True),
        ("HTTP://A.example/", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example/x", False),
        ("https://", False),
        ("https://a.example/\x1b[2J", False),
        ("vbscript:x", False),
    ],
)
def test_safe_href(url: str, ok: bool) -> None:
    href = safe_href(url)
    assert (href is not None) == ok
    if href:
        assert not set(href) & set(" \"'<>()\\|`")


def test_md_escape_one_line_and_no_controls() -> None:
    out = md_escape("a\nb\r\nc\u2028d\x1b[31m | e <b>")
    assert "\n" not in out and "\r" not in out and "\x1b" not in out
    assert "\\|" in out and "\\<b\\>" in out
    assert md_link("javascript:alert(1)") == "javascript:alert(1)"


def test_terminal_text_escapes_every_control() -> None:
    shown = terminal_text("t\x1b[2J\x1b]0;pwn\x07\nnext\r\u202eevil\x9b")
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202e]", shown)
    assert "\\x1b[2J" in shown and "\\n" in shown and "\\u202e" in shown
    assert terminal_document("line1\nline2\t\x1b[0m\x9b") == "line1\nline2\t\\u001b[0m\\u009b"


def test_cli_warnings_and_recap_are_single_clean_lines(tmp_path: Path) -> None:
    (tmp_path / "evil\n\x1b[2J\x1b]0;t\x07.txt").write_text("", encoding="utf-8")
    art = tmp_path / "art.md"
    art.write_text("---\ntitle: \"\\e[2J\\e[41mHIJACK\\e]0;pwned\\a\"\nsource: \"\\e[31mOutlet\"\n---\n\n"
                   + BODY.format(x=""), encoding="utf-8")
    res = CliRunner().invoke(cli, ["brief", "--engine", "extractive", str(tmp_path), "-o", str(tmp_path / "o.md")])
    assert res.exit_code == 0, res.output
    err = res.stderr if hasattr(res, "stderr") else res.output
    assert "\x1b" not in err and "\x07" not in err
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "empty file" in warnings[0] and "\\x1b" in warnings[0]
    assert "\x1b" not in (tmp_path / "o.md").read_text(encoding="utf-8")


def test_ctrl_c_exits_130_with_resume_hint() -> None:
    code = (
        "import sys, summarizer.cli as c\n"
        "def boom(*a, **k):\n    raise KeyboardInterrupt\n"
        "c.cli.commands['brief'].callback = boom\n"
        "sys.argv = ['summarizer', 'brief', 'x.md']\n"
        "c.main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 130
    assert "interrupted, resume by re-running" in proc.stderr and "Aborted" not in proc.stderr
