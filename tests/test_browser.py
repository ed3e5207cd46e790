"""One real-browser run: Debian chromium drives `streamlit run app.py` — ask, see the cited answer, open the reader."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.qa_fixtures import ROOT, built_index, built_settings

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install -y chromium fonts-wqy-microhei)")
QUESTION = "澳资企业在合作区发展金融业有哪些支持？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    s = built_settings()
    built_index()  # the index is on disk: the app loads it instead of building
    port = free_port()
    env = {**os.environ, "HQ_BUILD_DIR": str(s.build_dir), "HQ_CORPUS_DIR": str(s.corpus_dir), "HQ_LLM_BASE_URL": "",
           "HQ_ADMIN_TOKEN": ""}
    log = open(tmp_path / "streamlit.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                             "--server.headless", "true", "--server.port", str(port),
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("streamlit did not start: " + (tmp_path / "streamlit.log").read_text()[-2000:])
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_ask_answer_card_and_reader_in_chromium(server, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--headless"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server, wait_until="domcontentloaded")
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(timeout=90_000)
            box.fill(QUESTION)
            box.press("Enter")
            answer = page.get_by_test_id("stChatMessage").filter(has_text="澳资金融机构").first
            answer.wait_for(timeout=90_000)
            assert answer.get_by_role("link", name="[1]").count() >= 1  # clickable citation marker
            card = page.get_by_text("七（三）第3段").first
            card.wait_for(timeout=30_000)
            page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)
            page.get_by_role("button", name="在原文中查看").first.click()
            page.get_by_role("heading", name="原文").wait_for(timeout=60_000)
            page.get_by_text("发文与标题").first.wait_for(timeout=30_000)  # the table of contents
            page.screenshot(path=str(tmp_path / "reader.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "reader.png").stat().st_size > 10_000
    assert (tmp_path / "answer.png").stat().st_size > 10_000
