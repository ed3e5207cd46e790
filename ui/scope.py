"""The ask page's scope: which documents an answer may use (document, kind, issuer, level, year), as one Filter."""
from __future__ import annotations

import streamlit as st

from core.filters import Filter

from .common import formatter, t

ALL = ""  # the "all documents" option of every box
K = "scope_"


def scope_filter(docs: list[dict]) -> Filter | None:
    """Select boxes in the sidebar over the indexed documents' metadata; None when nothing is chosen."""
    def options(field: str) -> list:
        return [ALL] + sorted({str(d.get(field) or "") for d in docs} - {""})

    years = [ALL] + sorted({str(d.get("date") or "")[:4] for d in docs} - {""}, reverse=True)
    titles = {ALL: t("全部文件"), **{d["doc_id"]: d.get("title") or d["doc_id"] for d in docs}}
    shown, everything = formatter(), t("全部")  # bound now: format_func may run outside a script run

    def label(value: str) -> str:
        return everything if value == ALL else shown(value)

    bar = st.sidebar  # beside the page list: the scope stays in view while the chat scrolls
    bar.caption(t("检索范围（默认：全部已收录文件）"))
    doc = bar.selectbox(t("文件"), list(titles), format_func=formatter(titles), key=K + "doc")
    kind = bar.selectbox(t("类别"), options("kind"), format_func=label, key=K + "kind")
    issuer = bar.selectbox(t("发文机关"), options("issuer"), format_func=label, key=K + "issuer")
    level = bar.selectbox(t("层级"), options("level"), format_func=label, key=K + "level")
    year = bar.selectbox(t("年份"), years, format_func=label, key=K + "year")
    f = Filter(doc=doc or None, kind=kind or None, issuer=issuer or None, level=level or None,
               year=int(year) if year else None)
    return None if f.empty else f
