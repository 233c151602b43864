"""One real-browser test: `streamlit run` on localhost, driven by Playwright in Debian's Chromium.

Needs ``apt-get install -y chromium`` (/usr/bin/chromium) and ``pip install playwright``
(no ``playwright install``: the Debian browser is used). Skipped, with the reason, when
either is missing. Set SUMMARIZER_UPDATE_SCREENSHOT=1 to copy the screenshot to docs/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = (
    "Flood wall vote <script>window.__owned = 1</script> set for Monday. "
    'The council met on Friday <img src=x onerror="window.__owned = 2"> to discuss the flood wall. '
    "Engineers said the wall along the Orrin River would take two years to build."
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The UI served by a real `streamlit run` on a free localhost port."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (/usr/bin/chromium): apt-get install -y chromium")
    pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install playwright")
    port = _free_port()
    log = (tmp_path_factory.mktemp("streamlit") / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "ui" / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "OPENAI_API_KEY": ""},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start (see {log.name})")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _idle(page: object) -> None:
    """Wait until the Streamlit script has finished its current run."""
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=120_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]


def _button(page: object, key: str) -> object:
    """The button of the widget with this Streamlit key (its tooltip wrapper holds a second match)."""
    return page.locator(f".st-key-{key} button").first  # type: ignore[attr-defined]


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_upload_run_and_open_a_citation(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    files = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    corpus = _squash(" ".join(p.read_text(encoding="utf-8") for p in files))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page(viewport={"width": 1440, "height": 1300})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(app_url)
        page.locator('input[type="file"]').first.set_input_files([str(p) for p in files])
        expect(page.get_by_text("Sources (6)")).to_be_visible(timeout=30_000)
        _idle(page)

        _button(page, "run").click()
        expect(page.get_by_text("Key points", exact=True)).to_be_visible(timeout=120_000)
        _idle(page)
        chip = _button(page, "cite_kp0_0")
        label = chip.inner_text().strip()
        assert re.fullmatch(r"S\d+\.\d+", label), label
        chip.click()
        _idle(page)
        mark = page.locator("mark.cited").first
        expect(mark).to_be_visible(timeout=20_000)
        quote = _squash(mark.inner_text())
        assert len(quote) > 20 and quote in corpus  # the passage shown is real article text
        expect(page.get_by_text(label, exact=True).last).to_be_visible()
        page.evaluate("document.querySelectorAll('[data-testid=stMain], section.main').forEach(e => e.scrollTo(0, 0))")
        page.wait_for_timeout(500)
        shot = tmp_path / "ui-screenshot.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        if os.environ.get("SUMMARIZER_UPDATE_SCREENSHOT") == "1":
            shutil.copy(shot, REPO / "docs" / "ui-screenshot.png")
        if os.environ.get("SUMMARIZER_SCREENSHOT_DIR"):
            shutil.copy(shot, Path(os.environ["SUMMARIZER_SCREENSHOT_DIR"]) / "ui-screenshot.png")

        # hostile article text stays inert: shown as text, no script runs, no <img> element appears
        if not page.get_by_role("tab", name="Paste text").is_visible():
            page.locator('[class*="st-key-sources_panel"] summary').first.click()  # open the Sources panel
        page.get_by_role("tab", name="Paste text").click()
        page.get_by_label("Article text").fill(HOSTILE)
        _button(page, "paste_add").click()
        expect(page.get_by_text("Sources (7)").first).to_be_visible(timeout=20_000)
        _idle(page)
        page.locator('[data-testid="stExpander"] summary', has_text="Pasted text").first.click()  # its entry
        expect(page.get_by_text("<script>window.__owned = 1</script>", exact=False).first).to_be_visible()
        assert page.evaluate("window.__owned === undefined")
        assert page.locator('img[src="x"]').count() == 0
        assert dialogs == []
        browser.close()
