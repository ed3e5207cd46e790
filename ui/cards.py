"""Clause display: one-line citations that expand, cards grouped by document, table rows as small tables."""
from __future__ import annotations

import streamlit as st

from .common import go, highlighted, md_escape, place, reference, t
from .docinfo import short_name, year_of


def short_label(clause) -> str:
    """The label inside its document, as ingest wrote it in the document's own convention: 第三十七条第三款,
    （十）, 六（三）第2段, 表2-1第2行."""
    return reference(clause)


def compact_line(clause, entries: dict, n: int | None = None) -> str:
    """[2] 条例 第三十七条第三款 · 2023 — number, short document name, label, year (plain text)."""
    bits = [short_name(clause.doc_id, clause.doc_title, entries) + " " + short_label(clause)]
    if year_of(clause):
        bits.append(year_of(clause))
    return (f"[{n}] " if n is not None else "") + " · ".join(bits)


def _cell(text: str, mark: bool) -> str:
    shown = md_escape(t(str(text))) or " "
    return f":orange-background[{shown}]" if mark else shown


def table_markdown(rows: list, marked: set[str] | None = None) -> str:
    """Markdown of table rows under their column headers; rows whose id is in `marked` are highlighted."""
    marked = marked or set()
    headers = (rows[0].table or {}).get("headers") or []
    width = max([len(headers)] + [len((r.table or {}).get("cells") or []) for r in rows])
    headers = list(headers) + [""] * (width - len(headers))
    lines = ["| " + " | ".join(md_escape(t(h)) or " " for h in headers) + " |", "|" + "---|" * width]
    for r in rows:
        cells = list((r.table or {}).get("cells") or [r.text]) + [""] * width
        lines.append("| " + " | ".join(_cell(c, r.id in marked) for c in cells[:width]) + " |")
    return "\n".join(lines)


def is_row(clause) -> bool:
    return clause.kind == "table_row" and bool((clause.table or {}).get("cells"))


def clause_body(clause, quotes: list[str] | None = None) -> None:
    """The clause itself: a table row as a small table (its headers and the row), else the text with the
    quoted sentences highlighted."""
    if is_row(clause):
        title = (clause.table or {}).get("title", "")
        if title:
            st.caption(md_escape(t(title)))
        st.markdown(table_markdown([clause], {clause.id} if quotes else set()))
    else:
        st.markdown(highlighted(clause.text, quotes or []))


def copy_and_open(clause, key: str, open_button: bool = True) -> None:
    # st.code carries a copy button; the label is shown in the reader's script (the stored one is unchanged)
    st.code(t(clause.citation), language=None, wrap_lines=True)
    if open_button:
        st.button(t("在原文中查看"), key=f"open-{key}-{clause.id}", on_click=go,
                  args=("原文",), kwargs={"reader_clause": clause.id, "reader_doc": clause.doc_id})


def doc_header(doc_id: str, title: str, entries: dict) -> None:
    entry = entries.get(doc_id) or {}
    bits = [entry.get("kind", ""), year_of(str(entry.get("date", "")))]
    st.markdown("**" + md_escape(t(title)) + "**" + (" · " + md_escape(t(" ".join(b for b in bits if b)))
                                                       if any(bits) else ""))


def grouped(items: list, clause_of) -> list[tuple[str, str, list]]:
    """Items grouped by document, documents in order of first appearance: (doc_id, title, items)."""
    groups: dict[str, tuple[str, str, list]] = {}
    for item in items:
        c = clause_of(item)
        groups.setdefault(c.doc_id, (c.doc_id, c.doc_title, []))[2].append(item)
    return list(groups.values())


def expandable(clause, entries: dict, key: str, quotes: list[str] | None = None, n: int | None = None) -> None:
    """One line (the compact citation) that opens to the clause, its copyable label and the reader link."""
    with st.expander(md_escape(t(compact_line(clause, entries, n)))):
        st.caption(md_escape(t(place(clause))))
        clause_body(clause, quotes)
        copy_and_open(clause, key=key)


def citations(cites: list, qi: int, entries: dict) -> None:
    """An answer's citations: a header per document, one line per citation expanding to the clause."""
    for doc_id, title, items in grouped(cites, lambda c: c.clause):
        doc_header(doc_id, title, entries)
        for c in items:
            # an anchor for the answer's [n] marker; the id is made here, never from document text
            st.markdown(f'<div id="cite-{qi}-{c.n}"></div>', unsafe_allow_html=True)
            expandable(c.clause, entries, f"q{qi}-{c.n}", c.quotes, c.n)


def related(clauses: list, key: str, entries: dict) -> None:
    """Related clauses as one-click links into the reader."""
    for c in clauses:
        st.button(md_escape(t(compact_line(c, entries))), key=f"rel-{key}-{c.id}", type="tertiary", on_click=go,
                  args=("原文",), kwargs={"reader_clause": c.id, "reader_doc": c.doc_id})


def clause_card(clause, entries: dict, quotes: list[str] | None = None, key: str = "", n: int | None = None,
                open_button: bool = True, note: str = "") -> None:
    """A light card: the compact line, where it sits, the clause, its copyable label and a way into the reader."""
    with st.container(border=True):
        st.markdown("**" + md_escape(t(compact_line(clause, entries, n))) + "**")
        st.caption(md_escape(t(place(clause))))
        if note:  # why it applies (match page), in body text: it is what the reader came for
            st.markdown(md_escape(t(note)))
        clause_body(clause, quotes)
        copy_and_open(clause, key, open_button)
