"""The 适用政策 Streamlit page through AppTest: form, reading a description, results, export buttons."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

SCRIPT = str(Path(__file__).resolve().parent / "match_page_app.py")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("HQ_MATCH_TEST_BUILD", str(tmp_path))
    at = AppTest.from_file(SCRIPT, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_empty_page_asks_for_a_profile(app):
    assert [h.value for h in app.header] == ["适用政策"]
    assert any("请至少选择" in i.value for i in app.info)
    assert not app.get("download_button")


def test_description_fills_the_form_and_lists_clauses(app):
    app.text_area(key="match_description").input("我们是一家澳门的中成药企业，想在横琴设厂并出口葡语国家")
    app.button(key="match_read").click().run()
    assert not app.exception, app.exception
    assert app.multiselect(key="match_industries").value == ["中医药"]
    assert app.selectbox(key="match_origin").value == "澳资"
    assert {"生产制造", "进出口/跨境贸易"} <= set(app.multiselect(key="match_activities").value)
    assert any("识别依据" in c.value and "中成药" in c.value for c in app.caption)
    md = markdown(app)
    assert any(m.startswith("共") and "提供的政策工具" in m for m in md)
    assert any("适用原因：澳资企业 · 中医药" in m for m in md)
    assert "#### 七、琴澳产业一体化发展" in md
    codes = [c.value for c in app.code]
    assert any(c.endswith("七（二）第2段") for c in codes)
    assert len(app.get("download_button")) == 2


def test_correcting_the_form_changes_the_result(app):
    app.multiselect(key="match_industries").set_value(["银行"])
    app.multiselect(key="match_types").set_value(["金融机构"])
    app.button[-1].click().run()  # the form's submit button
    assert not app.exception, app.exception
    codes = [c.value for c in app.code]
    assert any(c.endswith("七（三）第1段") for c in codes) and not any(c.endswith("四（一）第1段") for c in codes)


def test_clause_text_is_shown_as_text(tmp_path, monkeypatch):
    monkeypatch.setenv("HQ_MATCH_TEST_BUILD", str(tmp_path))
    monkeypatch.setenv("HQ_MATCH_TEST_HOSTILE", "1")
    at = AppTest.from_file(SCRIPT, default_timeout=60)
    at.run()
    at.multiselect(key="match_industries").set_value(["中医药"])
    at.selectbox(key="match_origin").set_value("澳资")
    at.button[-1].click().run()
    assert not at.exception, at.exception
    shown = next(m for m in markdown(at) if "alert" in m)
    assert "<script>" not in shown and "\\<script\\>" in shown
    assert "\\*\\*支持\\*\\*" in shown and "\\[链接\\]" in shown
