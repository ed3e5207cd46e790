"""Indicators page: table 2-1 (main development indicators) as a table and a chart, each row citing its clause."""
from __future__ import annotations

import streamlit as st

from .common import formatter, go, md_escape, t

TABLE = "2-1"


def indicator_rows(clauses: list, number: str = TABLE) -> list[dict]:
    """One record per row of the table: indicator, unit, 2024 value, 2029 target, attribute, clause."""
    rows = []
    for c in clauses:
        table = c.table or {}
        if c.kind != "table_row" or table.get("number") != number:
            continue
        values = table.get("values") or dict(zip(table.get("headers") or [], table.get("cells") or []))
        rows.append({"指标": table.get("indicator") or values.get("指标", ""), "单位": values.get("单位", ""),
                     "2024年": _number(values.get("2024年")), "2029年": _number(values.get("2029年")),
                     "属性": values.get("属性", ""), "引用": c.citation, "clause": c})
    return rows


def _number(text):
    try:
        return float(str(text).replace(",", ""))
    except (TypeError, ValueError):
        return None


def chart(rows: list[dict]):
    """Small multiples in table order: per indicator, the 2024 value beside the 2029 target, each on its own
    scale. Concatenated charts rather than a facet: a facet sorts its panels by name and draws the x axis of
    an empty last panel."""
    import altair as alt
    import pandas as pd

    panels = []
    for r in rows:
        data = pd.DataFrame([{"年份": year, "数值": r[year]} for year in ("2024年", "2029年") if r[year] is not None])
        if data.empty:
            continue
        name = t(f"{r['指标']}（{r['单位']}）" if r["单位"] else r["指标"])
        panels.append(alt.Chart(data, title=alt.Title(name, fontSize=12, fontWeight="normal")).mark_bar().encode(
            x=alt.X("年份:N", title=None, axis=alt.Axis(labelAngle=0)), y=alt.Y("数值:Q", title=None),
            color=alt.Color("年份:N", legend=alt.Legend(title=None, orient="top")),
            tooltip=[alt.Tooltip("年份:N"), alt.Tooltip("数值:Q", title=name)]).properties(width=150, height=120))
    return alt.concat(*panels, columns=4) if panels else None


def render(idx, settings) -> None:
    import pandas as pd

    rows = indicator_rows(idx.clauses)
    st.header(t("主要指标"))
    if not rows:
        st.info(t("已收录文件中没有表2-1。"))
        return
    title = (rows[0]["clause"].table or {}).get("title", "")
    st.caption(md_escape(t(title)) + " — " + md_escape(t(rows[0]["clause"].doc_title)))
    table = pd.DataFrame([{t(k): (t(v) if isinstance(v, str) else v) for k, v in r.items() if k != "clause"}
                          for r in rows])
    st.dataframe(table, hide_index=True, width="stretch", height=35 * (len(rows) + 1) + 3)  # every row, no scroll
    figure = chart(rows)
    if figure is not None:
        st.altair_chart(figure, width="content")
    names = {i: r["指标"] for i, r in enumerate(rows)}
    choice = st.selectbox(t("查看某一行在原文中的位置"), list(names), format_func=formatter(names), key="indicator_row")
    st.button(t("在原文中查看"), key="indicator-open", on_click=go, args=("原文",),
              kwargs={"reader_clause": rows[choice]["clause"].id, "reader_doc": rows[choice]["clause"].doc_id})
