"""The app in a real headless Chromium: start ``streamlit run app.py``, upload a CSV through the
file uploader, wait for the verdict, and save full-page screenshots in both languages to
``test-artifacts/`` (gitignored).

Playwright drives Debian's ``/usr/bin/chromium`` (no browser download). In CI (env ``CI`` set)
this test must run: a missing Chromium or Playwright fails it. Elsewhere it is skipped when
``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

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
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
DEMO_SPINS = REPO / "datasets" / "spins" / "demo_cashback.csv"
DEMO_GAME = REPO / "datasets" / "games" / "cashback_wheel.toml"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
WAIT_MS = 90_000

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


def _full_page_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its own container, so grow the viewport to the content first."""
    height = page.evaluate(
        "() => (document.querySelector('[data-testid=\"stMain\"]')"
        " || document.documentElement).scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 12_000)})
    page.wait_for_timeout(1200)  # charts re-render at the new size
    page.screenshot(path=str(path), full_page=True)


def test_upload_csv_in_chromium_and_screenshot_both_languages(server, tmp_path):
    sync_playwright = _require_browser()
    from playwright.sync_api import expect

    game = fairness.load_game(DEMO_GAME)
    path = tmp_path / "spins.csv"
    pd.read_csv(DEMO_SPINS).head(1500).to_csv(path, index=False)
    answer = fairness.verdict(fairness.analyze(fairness.ingest(path, game), game))
    demo = fairness.verdict(fairness.analyze(fairness.ingest(DEMO_SPINS, game), game))
    assert answer.headline("ru") != demo.headline("ru")  # the upload must visibly change it

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ru-RU")
            page.goto(server)
            headline = page.locator(".fairness-headline")
            # The first page shows the demo's verdict, in Russian.
            expect(headline).to_have_text(demo.headline("ru"), timeout=WAIT_MS)

            # Upload a CSV through the file uploader.
            page.get_by_text("Таблица (CSV, Excel, Parquet)").click()
            uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
            expect(uploader).to_have_count(1, timeout=WAIT_MS)
            uploader.set_input_files(str(path))
            expect(headline).to_have_text(answer.headline("ru"), timeout=WAIT_MS)
            card = page.locator(".fairness-verdict")
            expect(card).to_have_attribute("data-level", answer.level)
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
            expect(page.locator(".vega-embed").first).to_be_visible(timeout=WAIT_MS)
            _full_page_screenshot(page, ARTIFACTS / "app-ru.png")

            # One click to English: the same verdict, in English; the upload is kept.
            page.set_viewport_size({"width": 1400, "height": 1000})
            page.get_by_role("radio", name="English").click()
            expect(headline).to_have_text(answer.headline("en"), timeout=WAIT_MS)
            expect(page.get_by_text(answer.next_step("en"))).to_be_visible()
            # the choices survive the switch (the browser keys a radio's choice by its text)
            expect(page.get_by_role("radio", name="A table (CSV, Excel, Parquet)")).to_be_checked()
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
            _full_page_screenshot(page, ARTIFACTS / "app-en.png")
        finally:
            browser.close()
    for name in ("app-ru.png", "app-en.png"):
        assert (ARTIFACTS / name).stat().st_size > 20_000
