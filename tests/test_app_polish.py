"""Review fixes of the app: chat order, Chinese lookup misses, indicator chart order, library without a manifest."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.qa_fixtures import built_index, built_settings
from tests.test_app import QUESTION, app, page, texts  # noqa: F401 (app is a fixture)
from ui.common import md_escape

SECOND = "2029年澳资产业增加值目标是多少？"


def test_conversation_reads_oldest_first(app):  # noqa: F811
    app.chat_input[0].set_value(QUESTION).run()
    app.chat_input[0].set_value(SECOND).run()
    assert not app.exception
    messages = list(app.chat_message)
    assert [m.name for m in messages] == ["user", "assistant", "user", "assistant"]
    assert [messages[0].markdown[0].value, messages[2].markdown[0].value] == [md_escape(QUESTION), md_escape(SECOND)]
    newest = " ".join(m.value for m in messages[3].markdown)  # just above the chat input
    assert "90亿元" in newest and "(#cite-1-1)" in newest
    assert any("(#cite-0-1)" in m.value for m in messages[1].markdown)


def test_unknown_reference_is_reported_in_chinese_with_the_parts(app):  # noqa: F811
    page(app, "查条款")
    app.text_input(key="lookup_query").set_value("九十九（九）").run()
    assert not app.exception
    assert [w.value for w in app.warning] == ["未找到“九十九（九）”对应的条款。"]
    assert not any("lookup:" in m for m in texts(app) + texts(app, "caption"))
    labels = [b.label for b in app.button]
    # every document's parts are offered: the plan's 前言 … 十、, the 条例's chapters, the 总体方案's parts
    assert {"前言", "六、发展现代金融产业", "十、保障措施", "第一章总则", "六、保障措施"} <= set(labels)
    key = next(b.key for b in app.button if b.label == "六、发展现代金融产业")
    app.button(key=key).click().run()  # a part opens in one click
    assert not app.exception and not app.warning
    assert app.text_input(key="lookup_query").value == "六、发展现代金融产业"
    assert all("》六（" in c for c in texts(app, "code")) and len(app.code) == 12
    app.text_input(key="lookup_query").set_value("zzzz").run()
    assert [w.value for w in app.warning] == ["未找到包含“zzzz”的条款。"]
    app.sidebar.radio(key="script").set_value("繁體").run()
    app.text_input(key="lookup_query").set_value("九十九（九）").run()
    assert [w.value for w in app.warning] == ["未找到“九十九（九）”對應的條款。"]
    assert "六、發展現代金融產業" in [b.label for b in app.button]


def test_indicator_charts_follow_the_table(app):  # noqa: F811
    page(app, "指标")
    table = app.dataframe[0].value
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    assert "facet" not in spec  # a facet sorts panels by name and draws axes in an empty last cell
    titles = [panel["title"]["text"] for panel in spec["concat"]]
    assert titles == [f"{n}（{u}）" for n, u in zip(table["指标"], table["单位"])]
    assert len(titles) == 11


def test_chart_skips_rows_without_values():
    from ui.indicators_page import chart

    rows = [{"指标": "乙", "单位": "%", "2024年": 1.0, "2029年": 2.0},
            {"指标": "甲", "单位": "", "2024年": None, "2029年": None},
            {"指标": "丙", "单位": "人", "2024年": None, "2029年": 3.0}]
    assert [p["title"]["text"] for p in chart(rows).to_dict()["concat"]] == ["乙（%）", "丙（人）"]
    assert chart(rows[1:2]) is None


def _library(corpus: str) -> None:  # an AppTest script: the library page over the built index, another corpus
    from dataclasses import replace
    from pathlib import Path

    from ingest.store import load_documents
    from kb import KnowledgeBase
    from tests.qa_fixtures import built_index, built_settings
    from ui import library_page

    settings = replace(built_settings(), corpus_dir=Path(corpus))
    library_page.render(KnowledgeBase.over(built_index(), settings, load_documents(settings.build_dir)), settings)


def library(corpus) -> AppTest:
    built_settings(), built_index()
    at = AppTest.from_function(_library, kwargs={"corpus": str(corpus)}, default_timeout=120).run()
    assert not at.exception, at.exception
    return at


EXPECTED = '[[documents]]\nid = "{id}"\ntitle = "《相关文件》"\nfile = "x.pdf"\nstatus = "{status}"\n'


def test_library_without_a_manifest_says_none_lists_related_documents(tmp_path):
    at = library(tmp_path)
    shown = " ".join(texts(at, "caption") + texts(at))
    assert "均已收录" not in shown
    assert "没有清单列出相关文件" in shown and "manifest.toml" in shown
    assert "[[documents]]" in shown and 'status = "expected"' in texts(at, "code")[0]
    (tmp_path / "manifest.toml").write_text(EXPECTED.format(id="hq-industry-2025", status="bundled"), "utf-8")
    shown = " ".join(texts(library(tmp_path), "caption"))
    assert "清单中没有列出相关文件" in shown and "均已收录" not in shown
    (tmp_path / "manifest.toml").write_text(EXPECTED.format(id="hq-industry-2025", status="expected"), "utf-8")
    assert "清单中的相关文件均已收录。" in texts(library(tmp_path), "caption")
    (tmp_path / "manifest.toml").write_text(EXPECTED.format(id="hq-other", status="expected"), "utf-8")
    at = library(tmp_path)
    assert "**《相关文件》**" in texts(at) and not any("均已收录" in c for c in texts(at, "caption"))
    (tmp_path / "manifest.toml").write_text("[[documents]\n", "utf-8")
    at = library(tmp_path)
    assert at.error and "manifest\\.toml\\: not valid TOML" in at.error[0].value  # the message names the file


def test_any_indicator_table_is_charted_by_its_own_year_columns():
    """Not only table 2-1 of the plan: any table with an 指标 column and year columns becomes indicator rows."""
    from types import SimpleNamespace

    from ui.indicators_page import indicator_rows

    def row(n, name, a, b):
        table = {"number": "3", "headers": ["序号", "指标", "单位", "2025年", "2030年"], "cells": [str(n), name, "%", a, b]}
        return SimpleNamespace(kind="table_row", table=table, citation=f"《某规划》表3第{n}行", doc_title="《某规划》",
                               id=f"x/table3.r{n}", ordinal=n)

    rows = indicator_rows([row(1, "研发投入强度", "3.5", "4"), row(2, "数字经济占比", "40", "50")])
    assert [(r["指标"], r["2025年"], r["2030年"]) for r in rows] == [("研发投入强度", 3.5, 4.0), ("数字经济占比", 40.0, 50.0)]
    plain = SimpleNamespace(kind="table_row", table={"headers": ["名称", "地址"], "cells": ["甲", "乙"]},
                            citation="x", doc_title="", id="x/t.r1", ordinal=1)
    assert indicator_rows([plain]) == []
