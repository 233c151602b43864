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
CLICK_TO_VIEW: list[float] = []  # seconds from a chip click to its highlighted passage inside the viewport
CLICK_LIMIT_S = float(os.environ.get("SUMMARIZER_CLICK_LIMIT_S", "3"))  # target 1 s; 3 s on a shared 2-core box


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


def _scroll_to(page: object, locator: object) -> None:
    """Scroll ``locator`` into view; a Streamlit rerun (a tab click reruns the script) can replace the
    element between the lookup and the scroll, so a detached element is looked up again after the run."""
    from playwright.sync_api import Error

    for attempt in range(5):
        try:
            locator.scroll_into_view_if_needed(timeout=10_000)  # type: ignore[attr-defined]
            return
        except Error:
            if attempt == 4:
                raise
            _idle(page)


def _button(page: object, key: str) -> object:
    """The button of the widget with this Streamlit key (its tooltip wrapper holds a second match)."""
    return page.locator(f".st-key-{key} button:visible").first  # type: ignore[attr-defined]


def _squash(text: str) -> str:
    return " ".join(text.split())


IN_VIEW = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) { return false; }
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
}"""


def _launch(pw: object) -> object:
    return pw.chromium.launch(  # type: ignore[attr-defined]
        executable_path=str(CHROMIUM), headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    )


def _open_chip_and_check(page: object, key: str, corpus: str) -> str:
    """Click the chip ``key``; within 1 s the highlight is inside the viewport and focus is on the passage.

    Escape then returns focus to the chip. Returns the quote shown.
    """
    from playwright.sync_api import expect

    chip = _button(page, key)
    _scroll_to(page, chip)
    label = chip.inner_text().strip()
    assert re.fullmatch(r"S\d+\.\d+", label), label
    started = time.monotonic()
    chip.click()
    page.wait_for_function(f"({IN_VIEW})('mark.cited')", timeout=15_000)  # type: ignore[attr-defined]
    CLICK_TO_VIEW.append(time.monotonic() - started)  # the target is 1 s; asserted with slack for a loaded machine
    assert CLICK_TO_VIEW[-1] < CLICK_LIMIT_S, f"the passage took {CLICK_TO_VIEW[-1]:.1f} s to come into view"
    _idle(page)
    # the passage stays where the reader looks once the run has settled: checked again after 1 s
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]
    assert page.evaluate(f"({IN_VIEW})('mark.cited')"), "the cited passage is not inside the viewport"  # type: ignore[attr-defined]
    mark = page.locator("mark.cited").first  # type: ignore[attr-defined]
    expect(mark).to_be_visible()
    quote = _squash(mark.inner_text())
    assert len(quote) > 20 and quote in corpus  # the passage shown is real article text
    focused = page.evaluate("document.activeElement && document.activeElement.id")  # type: ignore[attr-defined]
    assert str(focused).startswith("passage-"), focused
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    back = page.evaluate(  # type: ignore[attr-defined]
        f"Array.from(document.querySelectorAll('.st-key-{key} button')).includes(document.activeElement)")
    assert back, "Escape should return the focus to the chip"
    return quote


def test_upload_run_and_open_a_citation(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    files = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    corpus = _squash(" ".join(p.read_text(encoding="utf-8") for p in files))
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = _launch(pw)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((app_url, "data:", "blob:"))
                else None)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(app_url)
        page.locator('input[type="file"]').first.set_input_files([str(p) for p in files])
        expect(page.get_by_text("Sources (6)")).to_be_visible(timeout=30_000)
        _idle(page)

        _button(page, "run").click()
        expect(page.get_by_text("Key points", exact=True)).to_be_visible(timeout=120_000)
        _idle(page)
        page.wait_for_function(f"({IN_VIEW})('.st-key-results_top')", timeout=5_000)  # scrolled to the briefing
        _open_chip_and_check(page, "cite_kp0_0", corpus)
        _open_chip_and_check(page, "cite_kp5_0", corpus)  # one further down the page
        shot = tmp_path / "ui-screenshot.png"
        _button(page, "cite_bl0_0").click()
        _idle(page)
        page.wait_for_timeout(800)
        _scroll_to(page, page.locator(".st-key-results_top").first)
        page.evaluate("document.querySelector('.st-key-results_top').scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
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
        print(f"chip click -> passage in view: {', '.join(f'{t:.2f} s' for t in CLICK_TO_VIEW)}")

        # editing a source keeps its entry and the Sources panel open
        title = page.get_by_label("Title").last
        title.fill("Flood wall vote, edited")
        title.press("Enter")
        _idle(page)
        expect(page.get_by_label("Title").last).to_be_visible()
        assert page.get_by_label("Title").last.input_value() == "Flood wall vote, edited"
        expect(page.get_by_role("tab", name="Paste text")).to_be_visible()

        # the 6-source matrix grid: captions (outlets, figures, "silent") wrap between words, never
        # inside one, and none runs into the next column
        page.get_by_role("tab", name=re.compile(r"^Claim matrix")).first.click()
        _idle(page)
        captions = page.locator('[class*="st-key-matrix_"] [data-testid="stCaptionContainer"] p')
        expect(captions.first).to_be_visible()
        spill = page.evaluate("""() => Array.from(document.querySelectorAll(
            '[class*="st-key-matrix_"] [data-testid="stCaptionContainer"] p')).filter(p =>
            p.scrollWidth > p.clientWidth + 1 || p.getBoundingClientRect().right >
            p.closest('[data-testid="stColumn"]').getBoundingClientRect().right + 1).map(p => p.textContent)""")
        assert captions.count() >= 12 and spill == [], spill
        silent = page.locator('[class*="st-key-matrix_"] [data-testid="stCaptionContainer"] p', has_text="silent")
        assert all(box["height"] < 30 for box in (silent.nth(i).bounding_box() or {"height": 99}
                                                  for i in range(min(silent.count(), 10))))  # one line
        browser.close()
    assert outside == [], f"the page loaded something from outside the machine: {outside[:5]}"


def test_phone_seeds_title_and_passage_in_view(app_url: str) -> None:
    """At 390x844 on the seeds: the title is no file name, and a chip's passage opens inside the viewport."""
    from playwright.sync_api import expect, sync_playwright

    seeds = REPO.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds absent")
    files = sorted(p for p in seeds.iterdir() if p.is_file())
    corpus = _squash(" ".join(p.read_text(encoding="utf-8") for p in files))
    with sync_playwright() as pw:
        browser = _launch(pw)
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page.goto(app_url)
        page.locator('input[type="file"]').first.set_input_files([str(p) for p in files])
        expect(page.get_by_text(f"Sources ({len(files)})")).to_be_visible(timeout=30_000)
        _idle(page)
        _button(page, "run").click()
        expect(page.get_by_text("Key points", exact=True)).to_be_visible(timeout=120_000)
        _idle(page)
        title = page.locator(".st-key-results_top h3").first.inner_text()
        assert title and not any(p.stem in title for p in files), title
        assert not re.search(r"[0-9a-f]{12}", title), title
        _open_chip_and_check(page, "cite_kp2_0", corpus)
        print(f"390x844 chip click -> passage in view: {CLICK_TO_VIEW[-1]:.2f} s")
        browser.close()


TOWNS = ["Arden", "Belmont", "Corrie", "Dunmore", "Elsworth", "Fenwick", "Glenroy", "Harlow", "Ivers", "Jessop",
         "Kilby", "Larch", "Milton", "Norbury", "Oakham", "Penrith", "Quarry", "Rowan", "Selby", "Tamworth"]
SHARED = [
    "The Merrow Dam on the Orrin River failed late on Thursday, March 12, flooding the Millrace district of Castlebrook.",
    "Mayor Ilsa Brandt declared a local state of emergency at 2 a.m. on Friday, March 13.",
    "Castlebrook Fire and Rescue crews used boats to reach stranded families in the flooded streets.",
    "The dam, an earth-fill structure owned by the Orrin Water Authority, had held back a reservoir swollen by rain.",
    "The Provincial Dam Safety Office has opened an investigation into the failure.",
    "About 1,200 residents were evacuated from homes along the eastern bank of the river.",
    "The Vell Valley Health Authority issued a boil-water advisory covering about 9,000 residents.",
    "Volunteers brought pumps, shovels and trailers to clear mud from homes that were still standing.",
    "The Orrin River crested at 5.8 metres at the Castlebrook town gauge early on Friday.",
    "A helicopter from the Provincial Civil Defence Corps lifted people from roofs before dawn.",
    "Schools in the district will stay closed until the water has receded.",
    "Insurance assessors said the damage would run into millions of dollars.",
]
CELL = re.compile(r"^(?:·|[✓✗] S\d+\.\d+\b.*|[✓✗] copy of S\d+.*)$")
GRID = '[data-testid="stDataFrame"]'


def _twenty_sources(folder: Path) -> list[Path]:
    """20 short reports of the example event, each from its own (fictional) outlet."""
    import random

    out = []
    for n, town in enumerate(TOWNS):
        picked = [SHARED[0], *random.Random(n).sample(SHARED[1:], 4)]
        local = [f"Readers in {town} were asked to give to the Castlebrook relief fund, the {town} council said.",
                 f"The {town} rowing club lent boats to the rescue effort."]
        path = folder / f"{n + 1:02d}_{town.lower()}.md"
        path.write_text(f"---\ntitle: Merrow Dam failure floods Castlebrook ({town} edition)\n"
                        f"source: The {town} Courier\ndate: 2026-03-14\n---\n\n" + " ".join(picked + local) + "\n",
                        encoding="utf-8")
        out.append(path)
    return out


def _grid_texts(page: object, role: str) -> list[str]:
    """The text of the data grid's accessible cells or column headers (the canvas draws the same data)."""
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        f"() => Array.from(document.querySelectorAll('{GRID} [role=\"{role}\"]')).map(e => e.textContent)")


def test_claim_matrix_at_20_sources_in_a_real_browser(app_url: str, tmp_path: Path) -> None:
    """20 sources: one scrolling table with the claim column pinned and the header row fixed, an outlet
    name in every column header, a passage id in every cell that is not silent, and a cell click that
    opens its passage inside the viewport."""
    from playwright.sync_api import expect, sync_playwright

    files = _twenty_sources(tmp_path)
    with sync_playwright() as pw:
        browser = _launch(pw)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(app_url)
        page.locator('input[type="file"]').first.set_input_files([str(p) for p in files])
        expect(page.get_by_text("Sources (20)")).to_be_visible(timeout=60_000)
        _idle(page)
        slider = page.get_by_role("slider").first  # the longest briefing: more claim rows than the table shows
        slider.focus()
        slider.press("End")
        _idle(page)
        _button(page, "run").click()
        expect(page.get_by_text("Key points", exact=True)).to_be_visible(timeout=180_000)
        _idle(page)
        page.get_by_role("tab", name=re.compile(r"^Claim matrix")).first.click()
        _idle(page)
        grid = page.locator(GRID).first
        expect(grid).to_be_visible(timeout=10_000)
        _scroll_to(page, grid)
        page.wait_for_timeout(800)

        heads = _grid_texts(page, "columnheader")
        assert heads[0] == "claim" and len(heads) > 2, heads
        cells = _grid_texts(page, "gridcell")
        assert cells and cells[0].startswith("C1 · "), cells[:3]
        scroller = f"document.querySelector('{GRID} .dvn-scroller')"
        width, client, height, client_h = page.evaluate(
            f"() => [{scroller}.scrollWidth, {scroller}.clientWidth, {scroller}.scrollHeight, {scroller}.clientHeight]")
        assert width > client, "20 source columns should scroll horizontally"
        box = grid.bounding_box()
        assert box is not None
        first_col = {"x": box["x"] + 2, "y": box["y"] + 40, "width": 300, "height": min(box["height"] - 45, 300)}
        header = {"x": box["x"] + 2, "y": box["y"] + 2, "width": box["width"] - 4, "height": 30}
        before = page.screenshot(clip=first_col)

        seen_heads, seen_cells = set(heads[1:]), [c for c in cells if not c.startswith("C")]
        for step in range(1, 40):  # scroll right to the last column, reading every header and cell
            page.evaluate(f"() => {{ {scroller}.scrollLeft = {step * 600}; }}")
            page.wait_for_timeout(250)
            heads = _grid_texts(page, "columnheader")
            cells = _grid_texts(page, "gridcell")
            assert heads[0] == "claim", heads  # the claim column stays pinned while the others scroll
            assert cells[0].startswith("C1 · "), cells[:2]
            seen_heads |= set(heads[1:])
            seen_cells += [c for c in cells if not re.match(r"C\d+ · ", c)]
            if page.evaluate(f"() => {scroller}.scrollLeft + {scroller}.clientWidth >= {scroller}.scrollWidth - 1"):
                break
        assert page.screenshot(clip=first_col) == before, "the pinned claim column moved with the scroll"
        assert len(seen_heads) == 20, sorted(seen_heads)
        assert all(re.fullmatch(rf"S\d+ · The {t} Courier", h) for h, t in
                   zip(sorted(seen_heads, key=lambda h: int(h.split()[0][1:])), TOWNS, strict=True)), seen_heads
        bad = [c for c in seen_cells if not CELL.match(c)]
        assert not bad, bad[:5]
        assert sum(bool(re.search(r"S\d+\.\d+", c)) for c in seen_cells) >= 20  # cells keep their passage ids

        if height > client_h:  # more rows than fit: the header row stays while the rows scroll under it
            top = page.screenshot(clip=header)
            page.evaluate(f"() => {{ {scroller}.scrollTop = {scroller}.scrollHeight; }}")
            page.wait_for_timeout(400)
            assert _grid_texts(page, "columnheader")[0] == "claim"
            assert not _grid_texts(page, "gridcell")[0].startswith("C1 · "), "the rows did not scroll"
            assert page.screenshot(clip=header) == top, "the header row moved with the rows"
            page.evaluate(f"() => {{ {scroller}.scrollTop = 0; }}")
        else:  # every row fits: the header sits above all of them
            rows = [c for c in _grid_texts(page, "gridcell") if re.match(r"C\d+ · ", c)]
            assert len(rows) == int(re.search(r"\((\d+)\)", page.get_by_role(
                "tab", name=re.compile(r"^Claim matrix")).first.inner_text()).group(1))  # type: ignore[union-attr]

        page.evaluate(f"() => {{ {scroller}.scrollLeft = 0; }}")  # click the first source's cell of row C1
        page.wait_for_timeout(300)
        page.mouse.click(box["x"] + 400 + 100, box["y"] + 35 + 17)
        page.wait_for_function(f"({IN_VIEW})('mark.cited')", timeout=15_000)
        _idle(page)
        assert page.evaluate(f"({IN_VIEW})('mark.cited')"), "the cell's passage is not inside the viewport"
        expect(page.get_by_role("tab", name=re.compile(r"^Claim matrix")).first).to_have_attribute(
            "aria-selected", "true")  # the click stays on the matrix tab
        if os.environ.get("SUMMARIZER_SCREENSHOT_DIR"):
            page.screenshot(path=str(Path(os.environ["SUMMARIZER_SCREENSHOT_DIR"]) / "matrix-20.png"))
        browser.close()
