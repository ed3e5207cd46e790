"""What the pages show: compact grouped citations, table rows as tables, Traditional pages, escaped headings."""
from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from qa.display import simplified_left
from tests.qa_fixtures import built_index
from tests.test_app import QUESTION, app, page, texts  # noqa: F401 (app is a fixture)

FIGURE = "2029年澳资产业增加值目标是多少？"
# a link, or an image, that markdown would render: "](" not escaped, other than the answer's own #cite anchors
_LINK = re.compile(r"(?<!\\)\]\((?!#cite-)")


def shown(at) -> list[str]:
    """Every string a reader sees on the page (the user's own question excepted)."""
    out = []
    for kind in ("markdown", "caption", "header", "subheader", "title", "info", "warning", "error", "success"):
        out += [e.value for e in getattr(at, kind)]
    out += [b.label for b in at.button] + [e.label for e in at.expander] + [c.value for c in at.code]
    for w in list(at.selectbox) + list(at.multiselect) + list(at.text_input) + list(at.text_area):
        out.append(w.label)
    for d in at.dataframe:
        out.append(d.value.to_string())
    return out


def test_compact_citation_line():
    from ui.cards import compact_line, short_label

    clause = next(c for c in built_index().clauses if c.id.startswith("hq-promotion-regulation/")
                  and c.citation.endswith("第三十五条第一款"))
    entries = {"hq-promotion-regulation": {"aliases": ["条例", "促进条例"]}}
    assert short_label(clause) == "第三十五条第一款"  # articles run through the chapters; 款 in Chinese numerals
    assert compact_line(clause, entries, 2) == "[2] 条例 第三十五条第一款 · 2023"
    plan = built_index().get("hq-industry-2025/table2-1.r2")
    assert compact_line(plan, {}, 1) == "[1] 横琴粤澳深度合作区产业发展规划（2025-2029年） 表2-1第2行（澳资产业增加值） · 2025"


def test_citations_are_one_line_each_grouped_by_document(app):  # noqa: F811
    app.chat_input[0].set_value(QUESTION).run()
    assert not app.exception
    lines = [e.label for e in app.expander]
    assert lines and all(re.fullmatch(r"\\\[\d+\\\] \S+ \S+ · \d{4}", x) for x in lines), lines
    assert any(re.match(r"\\\[\d+\\\] 条例 第三十五条", x) for x in lines)  # the regulation, by its short name
    assert not any(e.proto.expanded for e in app.expander)  # collapsed: one line until opened
    md = texts(app)
    headers = [m for m in md if m.startswith("**《")]
    docs = {c.split("》")[0] + "》" for c in texts(app, "code")}
    assert len(headers) == len(docs) >= 2  # one header per cited document, however many citations
    assert {"《横琴粤澳深度合作区产业发展规划（2025-2029年）》", "《横琴粤澳深度合作区发展促进条例》"} <= docs
    # each citation line sits under its document's header
    order = [m for m in md if m.startswith("**《") or m.startswith('<div id="cite-')]
    assert order[0].startswith("**《横琴粤澳深度合作区产业发展规划") and order[-2].startswith("**《横琴粤澳深度合作区发展促进条例")
    assert re.fullmatch(r'<div id="cite-0-\d+"></div>', order[-1])  # the regulation's citation, after its header


def test_related_clauses_are_links_on_the_question_topic(app):  # noqa: F811
    from qa.display import on_topic

    app.chat_input[0].set_value(QUESTION).run()
    related = [b for b in app.button if b.key and b.key.startswith("rel-q0-")]
    assert related  # clickable, not plain text
    clauses = built_index().clauses
    for b in related:
        assert on_topic(QUESTION, built_index().get(b.key[len("rel-q0-"):]), clauses)
    related[0].click().run()
    assert app.session_state["page"] == "原文"
    unrelated = next(c for c in clauses if c.id == "hq-industry-2025/table2-1.r2")
    assert not on_topic(QUESTION, unrelated, clauses)


def test_table_row_is_a_small_table_in_answer_lookup_and_reader(app):  # noqa: F811
    app.chat_input[0].set_value(FIGURE).run()
    assert not app.exception
    header = "| 序号 | 指标 | 单位 | 2024年 | 2029年 | 属性 |"
    tables = [m for m in texts(app) if m.startswith(header)]
    assert tables and "澳资产业增加值" in tables[0] and tables[0].count("\n") == 2  # header, rule, the row
    assert ":orange-background[90]" in tables[0]  # the quoted row is highlighted
    page(app, "查条款")
    app.text_input(key="lookup_query").set_value("表2-1第2行").run()
    assert [m for m in texts(app) if m.startswith(header)]
    app.button(key="open-lookup-hq-industry-2025/table2-1.r2").click().run()
    whole = [m for m in texts(app) if m.startswith(header)]
    assert whole and whole[0].count("\n") == 12  # the reader shows the whole table, the cited row marked
    assert whole[0].count(":orange-background[") == 6


def test_every_page_in_traditional_has_no_simplified_left(app):  # noqa: F811
    app.sidebar.radio(key="script").set_value("繁體").run()
    actions = {"问答": lambda: app.chat_input[0].set_value(FIGURE).run(),
               "查条款": lambda: app.text_input(key="lookup_query").set_value("表2-1第2行").run(),
               "适用政策": lambda: app.button(key="match-example-0").click().run()}
    for name in app.sidebar.radio(key="page").options:
        page(app, name)
        if name in actions:
            actions[name]()
        assert not app.exception, name
        texts_ = [s for s in shown(app) if s != FIGURE]  # the user's question stays as typed
        assert len(texts_) >= 3, name
        left = {s[:40]: simplified_left(s) for s in texts_ if simplified_left(s)}
        assert not left, (name, left)


def test_match_numbering_restarts_in_each_group_and_markets_are_read(app):  # noqa: F811
    page(app, "适用政策")
    app.button(key="match-example-0").click().run()
    assert not app.exception
    notes = " ".join(texts(app, "caption"))
    assert "活动：进出口/跨境贸易（“出口”）" in notes and "市场：葡语国家（“葡语国家”）" in notes
    md = texts(app)
    groups, numbers = [], []
    for m in md:
        if m.startswith("#### "):
            groups.append(numbers := [])
        elif (n := re.match(r"\*\*\\\[(\d+)\\\] ", m)) and groups:
            numbers.append(int(n.group(1)))
    assert len(groups) > 1 and all(g == list(range(1, len(g) + 1)) for g in groups), groups


def test_markets_from_free_text():
    from match.markets import read

    assert [m.name for m, _ in read("出口葡语国家，并开拓東盟市場，立足大湾区")] == ["葡语国家", "东盟", "粤港澳大湾区"]
    assert read("澳门中成药企业") == []


def test_library_lists_kind_level_status_relations_and_counts(app):  # noqa: F811
    page(app, "文件库")
    table = app.dataframe[0].value
    assert len(table) == 3
    row = table[table["简称"].str.startswith("条例")].iloc[0]
    assert (row["类别"], row["层级"], row["效力"], row["施行日期"]) == ("条例", "省", "现行有效", "2023年3月1日")
    assert row["依据"] == "《横琴粤澳深度合作区建设总体方案》" and row["条款数"] > 100
    shown_ = " ".join(shown(app))
    assert "检索模型" in " ".join(e.label for e in app.expander) + shown_  # only inside the about panel
    assert not re.search(r"\d{4}-\d\d-\d\dT", shown_)  # no raw UTC stamp
    assert "《横琴粤澳深度合作区总体发展规划》" in shown_  # expected, not bundled yet


def test_chrome_progress_and_dates():
    from ui.chrome import local_date, local_time, progress_text

    assert progress_text("embed", 0, 98, 0.0) == "正在建立索引（首次使用或文件有更新）：计算语义向量 0/98 条"
    assert progress_text("embed", 49, 98, 10.0).endswith("计算语义向量 49/98 条，约剩 11 秒")
    assert local_date("2023-03-01") == "2023年3月1日" and local_date("2022") == "2022"
    assert local_time("2026-12-01T10:43:00+00:00") == "2026年12月1日 18:43"  # Macau time outside a browser


def test_toolbar_is_for_viewers():
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["client"]["toolbarMode"] == "viewer"


INJECTED = """关于印发测试办法的通知
一、[点击领取补贴](https://evil.example/claim)
（一）![图](https://evil.example/x.png)适用范围
为规范测试工作，制定本办法。详见[官网](https://evil.example)。
二、附则
本办法自印发之日起施行。
"""


def _reader(build: str, corpus: str, code: str) -> None:  # an AppTest script: reader and lookup over a fixture
    from dataclasses import replace
    from pathlib import Path

    import streamlit as st

    from ingest.store import load_clauses, load_documents
    from kb import KnowledgeBase
    from tests.qa_fixtures import built_settings
    from ui import lookup_page, reader_page

    class Index:
        def __init__(self, clauses):
            self.clauses, self.manifest = clauses, {}

        def get(self, clause_id):
            return next(c for c in self.clauses if c.id == clause_id)

    settings = replace(built_settings(), build_dir=Path(build), corpus_dir=Path(corpus))
    idx = Index(load_clauses(Path(build)))
    st.session_state.setdefault("reader_code", code)
    kb = KnowledgeBase.over(idx, settings, load_documents(Path(build)))
    reader_page.render(kb, settings)
    st.session_state.setdefault("lookup_query", "一")
    lookup_page.render(kb, settings)


def test_document_headings_never_render_as_links(tmp_path):
    from ingest.pipeline import ingest

    corpus, build = tmp_path / "corpus", tmp_path / "build"
    corpus.mkdir()
    (corpus / "injected.txt").write_text(INJECTED, encoding="utf-8")
    assert ingest([corpus], corpus, build, cap=600, floor=10, max_mb=50).ok
    for code in ("1", "1.1", "front"):
        at = AppTest.from_function(_reader, kwargs={"build": str(build), "corpus": str(corpus), "code": code},
                                   default_timeout=60).run()
        assert not at.exception, at.exception
        everything = shown(at)
        assert any("点击领取补贴" in s for s in everything)  # the heading is there, as text
        assert not [s for s in everything if _LINK.search(s)], [s for s in everything if _LINK.search(s)]
