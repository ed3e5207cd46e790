"""Real-browser runs: Debian chromium drives `streamlit run app.py` over every page, in Simplified and Traditional,
and saves a screenshot of each to build/screenshots/."""
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
SHOTS = ROOT / "build" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# page (as the sidebar lists it in Simplified) -> its header
PAGES = {"问答": "问答", "原文": "原文", "查条款": "查条款", "指标": "主要指标", "文件库": "文件库", "适用政策": "适用政策",
         "管理": "管理"}


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
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
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
            line = page.get_by_text("产业规划 七（三）第3段 · 2025").first  # one line per citation
            line.wait_for(timeout=30_000)
            line.click()  # opens to the clause
            page.get_by_text("七、琴澳产业一体化发展").first.wait_for(timeout=30_000)
            page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)
            page.get_by_role("button", name="在原文中查看").first.click()
            page.get_by_role("heading", name="原文").wait_for(timeout=60_000)
            page.get_by_text("发文与标题").first.wait_for(timeout=30_000)  # the table of contents
            page.screenshot(path=str(tmp_path / "reader.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "reader.png").stat().st_size > 10_000
    assert (tmp_path / "answer.png").stat().st_size > 10_000


def _wait_idle(page) -> None:
    """Until Streamlit has finished the current run (its status widget goes away) and drawn the result."""
    page.wait_for_timeout(700)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=120_000)
    page.wait_for_timeout(1200)  # elements of the previous run fade out, data grids draw their canvas


def _visit(page, script: str, name: str) -> None:
    from qa.display import to_script

    shown = to_script(name, script)
    page.get_by_test_id("stSidebar").get_by_text(shown, exact=True).click()
    # exact: while the page switches, the previous page's headings can still be on screen for a moment, and
    # the reader's "… / 表2-1 主要指标" contains the indicators page's title
    page.get_by_role("heading", name=to_script(PAGES[name], script), exact=True).wait_for(timeout=60_000)
    _wait_idle(page)
    main = page.locator("body")
    if name == "问答":
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill(to_script(QUESTION, script))
        box.press("Enter")
        page.get_by_test_id("stChatMessage").filter(has_text=to_script("澳资金融机构", script)).first.wait_for(
            timeout=90_000)
        _wait_idle(page)
    elif name == "查条款":
        main.get_by_role("button", name="表2-1第2行").click()
        main.get_by_text(to_script("澳资产业增加值", script)).first.wait_for(timeout=60_000)
        _wait_idle(page)
        assert main.locator("table").count() >= 1  # the row is a small table under its headers
    elif name == "适用政策":
        main.get_by_role("button", name=to_script("我们是一家澳门的中成药企业", script), exact=False).first.click()
        main.get_by_text(to_script("适用原因", script)).first.wait_for(timeout=90_000)
        _wait_idle(page)
    elif name == "文件库":
        main.get_by_text(to_script("尚未收录的相关文件", script)).first.wait_for(timeout=30_000)
        page.get_by_test_id("stDataFrame").first.wait_for(timeout=30_000)
    elif name == "指标":
        page.get_by_test_id("stDataFrame").first.wait_for(timeout=30_000)
        page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
    if name in ("文件库", "指标"):
        _wait_idle(page)


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_every_page_in_chromium(server, script):
    playwright = pytest.importorskip("playwright.sync_api")
    from qa.display import simplified_left

    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server, wait_until="domcontentloaded")
            page.get_by_test_id("stSidebar").wait_for(timeout=90_000)
            _wait_idle(page)
            assert page.get_by_text("Deploy", exact=True).count() == 0  # toolbar in viewer mode
            if script == "zh-Hant":
                page.get_by_test_id("stSidebar").get_by_text("繁體", exact=True).click()
                page.get_by_role("heading", name="問答").wait_for(timeout=60_000)
                _wait_idle(page)
            for name in PAGES:
                _visit(page, script, name)
                target = SHOTS / f"{script}-{list(PAGES).index(name) + 1}-{name}.png"
                page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 10_000
                if script == "zh-Hant":
                    # the script switch names each script in its own script: 简体 stays 简体
                    text = page.locator("body").inner_text().replace("显示 / 顯示", "").replace("简体", "")
                    assert not simplified_left(text), (name, simplified_left(text))
        finally:
            browser.close()
