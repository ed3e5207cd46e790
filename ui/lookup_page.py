"""Look up page: a clause reference (六（三）, 第六部分第三节, 6.3, 表2-1第2行) or a keyword -> the exact clauses."""
from __future__ import annotations

import streamlit as st

from .common import clause_card, md_escape, t

QUERY = "lookup_query"


def render(idx, settings) -> None:
    from qa.lookup import LookupError_, lookup

    st.header(t("查条款"))
    query = st.text_input(t("条款编号或关键词"), key=QUERY, placeholder="六（三） · 第六部分第三节 · 6.3 · 表2-1第2行 · EF账户")
    if not query.strip():
        st.caption(t("输入编号即列出该部分的全部条款（按原文顺序），输入关键词则列出包含该词的条款。"))
        return
    try:
        result = lookup(query, idx.clauses)
    except LookupError_ as exc:
        st.warning(md_escape(str(exc)))
        return
    if result.kind == "section":
        st.subheader(t(result.heading) or md_escape(query), anchor=False)
    st.caption(t(f"共 {len(result.clauses)} 条"))
    for c in result.clauses:
        clause_card(c, [query] if result.kind == "keyword" else [], key="lookup")
