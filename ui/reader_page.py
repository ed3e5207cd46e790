"""Read page: a table of contents of parts and sections; a clause opens in context, highlighted; tables as tables."""
from __future__ import annotations

import streamlit as st

from .cards import is_row, table_markdown
from .common import formatter, highlighted, md_escape, page_of, reference, t

CLAUSE = "reader_clause"
CODE = "reader_code"
DOC = "reader_doc"


def _pick(code: str) -> None:
    st.session_state[CODE] = code
    st.session_state[CLAUSE] = None


def section_of(clause) -> str:
    """The code whose clauses are shown around a clause: its section, its table, or its kind."""
    if clause.path_code:
        return clause.path_code
    by_kind = {"preamble": "preface", "front_matter": "front", "title": "front", "back_matter": "back"}
    return by_kind.get(clause.kind, "")


def clauses_under(code: str, clauses: list) -> list:
    if code == "front":
        return [c for c in clauses if c.kind in ("front_matter", "title")]
    if code == "back":
        return [c for c in clauses if c.kind == "back_matter"]
    if code == "preface":
        return [c for c in clauses if c.kind == "preamble"]
    from core.sections import under_section

    return [c for c in clauses if under_section(c.path_code, "", code)]  # the one rule; codes only, no headings


def toc(outline: list[dict], doc_id: str) -> None:
    """Parts as expanders holding their sections; the table and front/back matter as their own entries."""
    st.button(t("发文与标题"), key=f"toc-{doc_id}-front", on_click=_pick, args=("front",), width="stretch")
    parts: list[tuple[dict, list[dict]]] = []
    for entry in outline:
        if entry.get("kind") == "preface":
            st.button(md_escape(t(entry["label"])), key=f"toc-{doc_id}-preface", on_click=_pick, args=("preface",),
                      width="stretch")
        elif entry.get("kind") == "heading" and entry.get("level") == 1:
            parts.append((entry, []))
        elif entry.get("kind") in ("heading", "table") and parts:
            parts[-1][1].append(entry)
    for part, children in parts:
        with st.expander(md_escape(t(part["label"]))):
            st.button(t("整部分"), key=f"toc-{doc_id}-{part['code']}", on_click=_pick, args=(part["code"],),
                      width="stretch")
            for child in children:
                st.button(md_escape(t(child["label"])), key=f"toc-{doc_id}-{child['code']}-{child['kind']}", on_click=_pick,
                          args=(child["code"],), width="stretch")
    st.button(t("落款与抄送"), key=f"toc-{doc_id}-back", on_click=_pick, args=("back",), width="stretch")


def _target(kb, clause_id: str | None):
    """The clause the reader was sent to (a citation's 在原文中查看), None when none or no longer indexed."""
    from errors import NotFound

    if not clause_id:
        return None
    try:
        return kb.clause(clause_id)
    except NotFound:
        return None


def render(kb, settings) -> None:
    st.header(t("原文"))
    docs = kb.entries()
    if not docs:
        st.info(t("尚未收录任何文件。"))
        return
    ids = [d["meta"]["doc_id"] for d in docs]
    target = _target(kb, st.session_state.get(CLAUSE))
    if target is not None and target.doc_id in ids:
        st.session_state[DOC] = target.doc_id
    if st.session_state.get(DOC) not in ids:
        st.session_state[DOC] = ids[0]
    titles = {d["meta"]["doc_id"]: d["meta"]["title"] for d in docs}
    doc_id = st.selectbox(t("文件"), ids, key=DOC, format_func=formatter(titles), on_change=_pick, args=("front",))
    doc = next(d for d in docs if d["meta"]["doc_id"] == doc_id)
    clauses = kb.clauses(doc=doc_id)
    if target is not None and target.doc_id == doc_id:
        code = section_of(target)
    else:
        code = st.session_state.get(CODE) or "front"
    left, right = st.columns([1, 3])
    with left:
        st.caption(t("目录"))
        toc(doc.get("outline", []), doc_id)
    with right:
        shown = clauses_under(code, clauses)
        if not shown:
            st.info(t("该部分没有条款。"))
            return
        heading = " / ".join(shown[0].path) if shown[0].path else {"front": "发文与标题", "back": "落款与抄送",
                                                                   "preface": "前言"}.get(code, "")
        st.subheader(md_escape(t(heading) or t(titles[doc_id])), anchor=False)
        for block in blocks(shown):
            if is_row(block[0]):  # consecutive rows of one table: one table under its headers
                title = (block[0].table or {}).get("title", "")
                hit = {target.id} if target is not None and any(c.id == target.id for c in block) else set()
                with st.container(border=bool(hit)):
                    st.caption(md_escape(t(" · ".join(x for x in (title, page_of(block[0])) if x))))
                    st.markdown(table_markdown(block, hit))
                    if hit:
                        st.code(t(target.citation), language=None, wrap_lines=True)
                continue
            c = block[0]
            is_target = target is not None and c.id == target.id
            with st.container(border=is_target):
                st.caption(md_escape(t(" · ".join(x for x in (reference(c), page_of(c)) if x))))
                st.markdown(highlighted(c.text, [c.text]) if is_target else highlighted(c.text, []))
                if is_target:
                    st.code(t(c.citation), language=None, wrap_lines=True)


def blocks(clauses: list) -> list[list]:
    """Clauses in order, with the consecutive rows of one table gathered into one block."""
    out: list[list] = []
    for c in clauses:
        if is_row(c) and out and is_row(out[-1][0]) and out[-1][0].path_code == c.path_code:
            out[-1].append(c)
        else:
            out.append([c])
    return out
