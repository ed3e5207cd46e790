"""Look up page: a clause reference (六（三）, 第六部分第三节, 6.3, 表2-1第2行) or a keyword -> the exact clauses."""
from __future__ import annotations

import streamlit as st

from . import cards
from .chrome import examples
from .common import md_escape, t
from .docinfo import manifest_entries

QUERY = "lookup_query"
# one of each kind of reference, each found in a bundled document
EXAMPLES = ["六（三）", "第三十五条", "表2-1第2行", "EF账户"]


def parts(clauses: list) -> dict[str, list[str]]:
    """Per document title, its parts in document order: 前言 and each top-level heading (each a valid query)."""
    out: dict[str, list[str]] = {}
    for c in clauses:
        names = out.setdefault(c.doc_title, [])
        name = "前言" if c.kind == "preamble" else (c.path[0] if c.path and c.kind != "back_matter" else "")
        if name and name not in names:
            names.append(name)
    return {title: names for title, names in out.items() if names}


def not_found(query: str, clauses: list, numbered: bool) -> None:
    """Why nothing was found, in the reader's script, and the document's parts as one-click lookups."""
    # the lookup's message is for the command line (English); the page says it in Chinese
    text = "未找到“{}”对应的条款。" if numbered else "未找到包含“{}”的条款。"
    st.warning(md_escape(t(text).format(query)))
    found = parts(clauses)
    if not found:
        return
    st.caption(t("可输入编号（如 六（三）、表2-1第2行）或关键词；或直接查看文件的某一部分："))
    for n, (title, names) in enumerate(found.items()):
        if len(found) > 1:
            st.markdown("**" + md_escape(t(title)) + "**")
        with st.container(horizontal=True):
            for name in names:
                st.button(md_escape(t(name)), key=f"lookup-part-{n}-{name}", on_click=_set_query, args=(name,))


def _set_query(query: str) -> None:
    st.session_state[QUERY] = query  # in a callback: before the text input is drawn again


def render(kb, settings) -> None:
    from errors import NotFound

    st.header(t("查条款"))
    query = st.text_input(t("条款编号或关键词"), key=QUERY, placeholder=t(" · ".join(EXAMPLES)))
    if not query.strip():
        st.caption(t("输入编号即列出该部分的全部条款（按原文顺序），输入关键词则列出包含该词的条款。"))
        examples(EXAMPLES, "lookup", _set_query)
        return
    try:
        result = kb.lookup(query)
    except NotFound:
        not_found(query.strip(), kb.clauses(), kb.is_reference(query.strip()))
        return
    if result.kind == "section":
        st.subheader(md_escape(t(result.heading) or query), anchor=False)
    st.caption(t(f"共 {len(result.clauses)} 条"))
    entries = manifest_entries(kb)
    for doc_id, title, found in cards.grouped(result.clauses, lambda c: c):
        cards.doc_header(doc_id, title, entries)
        for c in found:
            cards.clause_card(c, entries, [query] if result.kind == "keyword" else [], key="lookup")
