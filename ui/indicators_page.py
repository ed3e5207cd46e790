"""Indicators page: every table of the documents, each row citing its clause; indicator tables (指标 and year columns) also as charts."""
from __future__ import annotations

import re

import streamlit as st

from .cards import short_label
from .common import formatter, go, md_escape, t

_YEAR = re.compile(r"\d{4}年")  # a column of one year's values


def row_label(clause) -> str:
    """表2-1第2行: the row's own cells name the indicator, so the label need not repeat it (and fits)."""
    return re.sub(r"（[^（）]*）$", "", short_label(clause))


def year_columns(headers) -> list[str]:
    """The table's year columns (2024年, 2029年 …), in table order."""
    return [h for h in headers if _YEAR.fullmatch(str(h))]


def indicator_rows(clauses: list) -> list[dict]:
    """One record per row of an indicator table (an 指标 column and year columns): indicator, unit, one value
    per year column, attribute, clause; [] for any other table."""
    rows = []
    for c in clauses:
        table = c.table or {}
        if c.kind != "table_row":
            continue
        values = table.get("values") or dict(zip(table.get("headers") or [], table.get("cells") or []))
        years = year_columns(values)
        if "指标" not in values or not years:
            return []
        rows.append({"指标": table.get("indicator") or values.get("指标", ""), "单位": values.get("单位", ""),
                     **{y: _number(values.get(y)) for y in years},
                     "属性": values.get("属性", ""), "出处": row_label(c), "clause": c})
    return rows


def _number(text):
    try:
        return float(str(text).replace(",", ""))
    except (TypeError, ValueError):
        return None


def chart(rows: list[dict]):
    """Small multiples in table order: per indicator, its value in each year column side by side, each on its own
    scale. Concatenated charts rather than a facet: a facet sorts its panels by name and draws the x axis of
    an empty last panel."""
    import altair as alt
    import pandas as pd

    panels = []
    for r in rows:
        data = pd.DataFrame([{"年份": year, "数值": r[year]} for year in year_columns(r) if r[year] is not None])
        if data.empty:
            continue
        name = t(f"{r['指标']}（{r['单位']}）" if r["单位"] else r["指标"])
        panels.append(alt.Chart(data, title=alt.Title(name, fontSize=12, fontWeight="normal")).mark_bar().encode(
            x=alt.X("年份:N", title=None, axis=alt.Axis(labelAngle=0)), y=alt.Y("数值:Q", title=None),
            color=alt.Color("年份:N", legend=alt.Legend(title=None, orient="top")),
            tooltip=[alt.Tooltip("年份:N"), alt.Tooltip("数值:Q", title=name)]).properties(width=150, height=120))
    return alt.concat(*panels, columns=4) if panels else None


def tables(clauses: list) -> dict[tuple[str, str], list]:
    """The table rows of every document, by (document, table number), in document order."""
    out: dict[tuple[str, str], list] = {}
    for c in clauses:
        if c.kind == "table_row" and c.table:
            out.setdefault((c.doc_id, str(c.table.get("number") or c.path_code)), []).append(c)
    return out


def generic_rows(rows: list) -> list[dict]:
    """A table's rows under its own headers, with where each row is cited."""
    out = []
    for c in rows:
        headers = (c.table or {}).get("headers") or []
        cells = (c.table or {}).get("cells") or []
        record = {h or f"列{i + 1}": v for i, (h, v) in enumerate(zip(headers, cells))}
        record["出处"] = row_label(c)
        out.append(record)
    return out


def _shown(records: list[dict]):
    import pandas as pd

    return pd.DataFrame([{t(k): (t(v) if isinstance(v, str) else v) for k, v in r.items() if k != "clause"}
                         for r in records])


def render(kb, settings) -> None:
    found = tables(kb.clauses())
    st.header(t("主要指标"))
    if not found:
        st.info(t("已收录文件中没有表格。"))
        return
    keys = list(found)
    names = {k: f"{(found[k][0].table or {}).get('title') or '表' + k[1]} — {found[k][0].doc_title}" for k in keys}
    key = keys[0]
    if len(keys) > 1:
        key = st.selectbox(t("表格"), keys, format_func=formatter(names), key="indicator_table")
    clauses = found[key]
    rows = indicator_rows(clauses)
    st.caption(md_escape(t(names[key])))
    # every row, no scroll; the 出处 column wide enough for the whole label
    height = 35 * (len(clauses) + 1) + 3
    config = {t("出处"): st.column_config.TextColumn(width="medium")}
    if rows:
        st.dataframe(_shown(rows), hide_index=True, width="stretch", height=height, column_config=config)
        figure = chart(rows)
        if figure is not None:
            st.altair_chart(figure, width="content")
    else:
        st.dataframe(_shown(generic_rows(clauses)), hide_index=True, width="stretch", height=height, column_config=config)
    labels = {i: (c.table or {}).get("indicator") or short_label(c) for i, c in enumerate(clauses)}
    choice = st.selectbox(t("查看某一行在原文中的位置"), list(labels), format_func=formatter(labels), key="indicator_row")
    st.button(t("在原文中查看"), key="indicator-open", on_click=go, args=("原文",),
              kwargs={"reader_clause": clauses[choice].id, "reader_doc": clauses[choice].doc_id})
