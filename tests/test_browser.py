"""The app in a real headless Chromium: start ``streamlit run app.py``, check that the verdict
is the first thing a newcomer sees on a laptop (1400x900) and a phone (390x844) in both
languages, upload a CSV through the folded-away inputs, and save screenshots to
``test-artifacts/screenshots/`` (gitignored; CI keeps the folder as its artefacts).

Playwright drives Debian's ``/usr/bin/chromium`` (no browser download). In CI (env ``CI`` set)
this test must run: a missing Chromium or Playwright fails it. Elsewhere it is skipped when
``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

import fairness

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
DEMO_SPINS = REPO / "datasets" / "spins" / "demo_cashback.csv"
DEMO_GAME = REPO / "datasets" / "games" / "cashback_wheel.toml"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
WAIT_MS = 90_000
SIZES = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
LABELS = {"ru": "Таблица (CSV, Excel, Parquet)", "en": "A table (CSV, Excel, Parquet)"}
INPUTS = {"ru": "Данные и шансы", "en": "Data and odds"}

pytestmark = pytest.mark.slow


def _require_browser():
    in_ci = bool(os.environ.get("CI"))
    if not CHROMIUM.exists():
        if in_ci:
            pytest.fail(f"CI needs Chromium at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci:
            pytest.fail("CI needs the playwright package (pip install playwright)")
        pytest.skip("playwright is not installed")
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``streamlit run app.py`` on a free localhost port; yields the base URL."""
    _require_browser()
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false"],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start within 60 s:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _full_page_screenshot(page, path: Path, width: int) -> None:
    """Streamlit scrolls inside its own container, so grow the viewport to the content first."""
    height = page.evaluate(
        "() => (document.querySelector('[data-testid=\"stMain\"]')"
        " || document.documentElement).scrollHeight")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12_000)})
    page.wait_for_timeout(1200)  # charts re-render at the new size
    page.screenshot(path=str(path), full_page=True)


def _outside_requests(page, server: str) -> list[str]:
    """Every request the page makes to anything but the app's own server (inline data: and
    blob: URLs are not requests to anyone)."""
    seen: list[str] = []

    def note(request):
        url = request.url
        if not (url.startswith(server) or url.startswith(("data:", "blob:", "about:"))):
            seen.append(url)

    page.on("request", note)
    return seen


# colour and opacity of every visible caption, and of the words beside the findings' icons
_COLOURS_JS = """(words) => {
  const caption = '[data-testid="stCaptionContainer"]';
  const marked = '[data-testid="stMarkdownContainer"] strong';
  return [...document.querySelectorAll(caption + ', ' + marked)]
    .filter(e => e.offsetParent !== null
                 && (e.matches(caption) || words.includes(e.textContent.trim())))
    .map(e => [e.textContent.trim().slice(0, 30), getComputedStyle(e).color,
               getComputedStyle(e).opacity]);
}"""


def _contrast_on_white(css_colour: str) -> float:
    """WCAG 2.1 contrast of an ``rgb(r, g, b)`` / ``rgba(r, g, b, a)`` colour on white (alpha
    blended onto white first)."""
    parts = [float(x) for x in css_colour[css_colour.index("(") + 1: -1].split(",")]
    alpha = parts[3] if len(parts) == 4 else 1.0
    rgb = [c * alpha + 255 * (1 - alpha) for c in parts[:3]]
    linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
              for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _headings(page) -> list[int]:
    return page.evaluate(
        "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
        ".filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]))")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_verdict_is_the_first_screen_on_laptop_and_phone(server, lang):
    """A newcomer sees the verdict card (level, headline, share button) without scrolling."""
    sync_playwright = _require_browser()
    from playwright.sync_api import expect

    game = fairness.load_game(DEMO_GAME)
    demo = fairness.verdict(fairness.analyze(fairness.ingest(DEMO_SPINS, game), game))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            for size, viewport in SIZES.items():
                page = browser.new_page(viewport=viewport,
                                        locale="ru-RU" if lang == "ru" else "en-GB")
                outside = _outside_requests(page, server)
                page.goto(f"{server}/?lang={lang}")
                headline = page.locator(".fairness-headline")
                expect(headline).to_have_text(demo.headline(lang), timeout=WAIT_MS)
                expect(page.locator(".vega-embed").first).to_be_attached(timeout=WAIT_MS)
                page.wait_for_timeout(1500)  # let the layout settle
                card = page.locator(".fairness-verdict").bounding_box()
                share = page.locator('[data-testid="stDownloadButton"]').first.bounding_box()
                assert card["y"] >= 0 and card["y"] < viewport["height"], (size, card)
                # the headline itself is on the first screen, not only the card's top edge
                box = headline.bounding_box()
                assert box["y"] + box["height"] <= viewport["height"], (size, box)
                assert share["y"] + share["height"] <= viewport["height"] * 1.25, (size, share)
                # the inputs are one click away, under the card
                expander = page.get_by_text(INPUTS[lang]).first
                assert expander.bounding_box()["y"] > card["y"]
                # the page says its language; headings do not skip a level
                assert page.evaluate("() => document.documentElement.lang") == lang
                levels = _headings(page)
                assert levels[0] == 1, levels
                assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
                # the detail tabs stay on the screen (they wrap on a phone)
                for tab in page.get_by_role("tab").all():
                    right = tab.bounding_box()
                    assert right["x"] + right["width"] <= viewport["width"] + 1, (size, right)
                # captions and the finding bullets' words meet AA contrast on the white page
                words = [fairness.i18n.text(f"ui.level_icon.{k}", lang)
                         for k in ("rules_violated", "inconsistent", "suspicious", "info")]
                colours = page.evaluate(_COLOURS_JS, words)
                assert colours
                for text, colour, opacity in colours:
                    assert float(opacity) == 1.0, (text, opacity)
                    assert _contrast_on_white(colour) >= 4.5, (text, colour)
                path = ARTIFACTS / f"first-screen-{lang}-{size}.png"
                page.screenshot(path=str(path))
                print(f"screenshot: {path}")
                _full_page_screenshot(page, ARTIFACTS / f"page-{lang}-{size}.png",
                                      viewport["width"])
                print(f"screenshot: {ARTIFACTS / f'page-{lang}-{size}.png'}")
                expect(page.locator('[data-testid="stException"]')).to_have_count(0)
                assert outside == [], f"requests outside the app: {outside}"
                page.close()
        finally:
            browser.close()
    for size in SIZES:
        assert (ARTIFACTS / f"first-screen-{lang}-{size}.png").stat().st_size > 10_000


def test_upload_csv_in_chromium_and_switch_language(server, tmp_path):
    sync_playwright = _require_browser()
    from playwright.sync_api import expect

    game = fairness.load_game(DEMO_GAME)
    path = tmp_path / "spins.csv"
    pd.read_csv(DEMO_SPINS).head(1500).to_csv(path, index=False)
    answer = fairness.verdict(fairness.analyze(fairness.ingest(path, game), game))
    demo = fairness.verdict(fairness.analyze(fairness.ingest(DEMO_SPINS, game), game))
    assert answer.headline("ru") != demo.headline("ru")  # the upload must visibly change it

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport=SIZES["desktop"], locale="ru-RU")
            page.goto(server)
            headline = page.locator(".fairness-headline")
            # The first page shows the demo's verdict, in Russian.
            expect(headline).to_have_text(demo.headline("ru"), timeout=WAIT_MS)

            # Upload a CSV through the file uploader, one click away under the verdict.
            page.get_by_text(INPUTS["ru"]).first.click()
            page.get_by_text(LABELS["ru"]).click()
            uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
            expect(uploader).to_have_count(1, timeout=WAIT_MS)
            uploader.set_input_files(str(path))
            expect(headline).to_have_text(answer.headline("ru"), timeout=WAIT_MS)
            card = page.locator(".fairness-verdict")
            expect(card).to_have_attribute("data-level", answer.level)
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
            page.wait_for_timeout(1000)
            assert card.bounding_box()["y"] < SIZES["desktop"]["height"]

            # One click to English: the same verdict, in English; the upload is kept.
            page.get_by_role("radio", name="English").click()
            expect(headline).to_have_text(answer.headline("en"), timeout=WAIT_MS)
            expect(page.get_by_text(answer.next_step("en"))).to_be_visible()
            # the choices survive the switch (the browser keys a radio's choice by its text)
            expect(page.get_by_role("radio", name=LABELS["en"])).to_be_checked()
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
            _full_page_screenshot(page, ARTIFACTS / "upload-en-desktop.png", 1400)
            print(f"screenshot: {ARTIFACTS / 'upload-en-desktop.png'}")
        finally:
            browser.close()
