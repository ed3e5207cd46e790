"""Shared UI pieces: settings, the shared KnowledgeBase, script switch, safe text, navigation."""
from __future__ import annotations

import re

import streamlit as st

from qa.display import to_script

PAGE_KEY = "page"
SCRIPT_KEY = "script"
SCRIPTS = {"简体": "zh-Hans", "繁體": "zh-Hant"}

# Markdown would read these ASCII characters as formatting; document text must show them literally.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^])")


def settings():
    from settings import Settings

    return Settings.load()


def script() -> str:
    """The reader's display script (zh-Hans or zh-Hant)."""
    return SCRIPTS.get(st.session_state.get(SCRIPT_KEY, "简体"), "zh-Hans")


def t(text: str) -> str:
    """UI or document text in the display script (conversion for display only)."""
    return to_script(text, script())


def formatter(labels: dict | None = None):
    """A format_func for option widgets with the display script bound now (it may be called outside a run)."""
    current = script()
    return lambda value: to_script(str(labels[value]) if labels else str(value), current)


def md_escape(text: str) -> str:
    """Plain text made safe for st.markdown: no formatting, no links, no HTML (markdown escapes HTML itself)."""
    return _MD_SPECIAL.sub(r"\\\1", text or "").replace("\n", "  \n")


def highlighted(text: str, quotes: list[str]) -> str:
    """Markdown of a clause text with the quoted sentences on a highlight background, all else escaped."""
    spans = []
    for q in quotes:
        i = text.find(q) if q else -1
        if i < 0:  # an answer sentence ends with 。 where the clause may go on with ；
            q = q.rstrip("。")
            i = text.find(q) if q else -1
        if i >= 0:
            spans.append((i, i + len(q)))
    spans.sort()
    out, pos = [], 0
    for a, b in spans:
        if a < pos:
            continue
        out.append(md_escape(t(text[pos:a])))
        # one highlight per line: a directive must not span a line break
        out.append("\n".join(":orange-background[" + md_escape(t(line)) + "]" if line.strip() else line
                              for line in text[a:b].split("\n")).replace("\n", "  \n"))
        pos = b
    out.append(md_escape(t(text[pos:])))
    return "".join(out)


def knowledge_base(cfg):
    """The one KnowledgeBase for these settings (kb.shared keys on every setting, the backend included).

    Reads never build; the app is the edge that decides: when the status is not fresh (fresh clone, changed
    corpus, an index rebuilt elsewhere) it refreshes here with a progress bar."""
    from kb import shared

    kb = shared(cfg)
    status = kb.status()
    if status["state"] != "fresh":
        from .chrome import Progress

        slot = st.empty()
        progress = Progress(slot)  # Chinese stage names, counts and time left

        with st.spinner(t("正在加载索引…")):
            kb.refresh(progress)
        slot.empty()
    return kb


def go(page: str, **state) -> None:
    """Callback for buttons: switch page (allowed in a callback, before the page radio is drawn)."""
    st.session_state[PAGE_KEY] = page
    for k, v in state.items():
        st.session_state[k] = v


def page_of(clause) -> str:
    if not clause.page:
        return ""
    return f"第{clause.page}页" + (f"（页码{clause.page_label}）" if clause.page_label else "")


def place(clause) -> str:
    """Section path, paragraph or table row, and page of a clause, for a card's caption."""
    bits = [" / ".join(clause.path)] if clause.path else []
    if clause.kind == "table_row" and clause.table:
        bits.append(f"{clause.table.title} 第{clause.table.row or clause.ordinal}行")
    elif clause.kind == "paragraph":
        bits.append(f"第{clause.ordinal}段" + (f"（之{clause.part}）" if clause.part else ""))
    elif clause.kind == "preamble":
        bits.append(f"前言 第{clause.ordinal}段")
    bits.append(page_of(clause))
    return " · ".join(b for b in bits if b)



def reference(clause) -> str:
    from kb import KnowledgeBase

    return KnowledgeBase.reference_label(clause)
