"""Ask page: a chat-style question box, answers with clickable citation markers and a card per cited clause."""
from __future__ import annotations

import re

import streamlit as st

from .common import clause_card, md_escape, reference, t

HISTORY = "history"
_MARKER = re.compile(r"\\\[(\d+)\\\]")  # a marker after md_escape: \[1\]
EXAMPLES = ["澳资企业在合作区发展金融业有哪些支持？", "2029年澳资产业增加值目标是多少？", "六（三）讲了什么？"]


def answer_markdown(text: str, qi: int) -> str:
    """Answer text escaped for markdown, each [n] a link to its citation card below."""
    lines = [md_escape(line) for line in text.splitlines()]
    text = "  \n".join(lines)
    return _MARKER.sub(lambda m: f"[\\[{m.group(1)}\\]](#cite-{qi}-{m.group(1)})", text)


def render_answer(a, qi: int) -> None:
    st.markdown(answer_markdown(t(a.text), qi))
    if not a.answerable:
        if a.related:
            st.caption(t("以下条款与问题相关，但并未回答该问题："))
            for c in a.related:
                with st.expander(t(reference(c)) + " — " + t(c.doc_title)):
                    clause_card(c, key=f"rel-{qi}")
        return
    for note in a.notes:
        if "LLM" in note or note.startswith("dropped"):
            st.caption(md_escape(note))
    for c in a.citations:
        clause_card(c.clause, c.quotes, key=f"q{qi}-{c.n}", anchor=f"cite-{qi}-{c.n}", n=c.n)
    if a.related:
        with st.expander(t("相关条款")):
            for c in a.related:
                st.markdown("- " + md_escape(t(c.citation)))


def render(idx, settings) -> None:
    st.header(t("问答"))
    st.caption(t("依据已收录的政策文件作答；每句话都注明出处条款。") + "  " + t("例如：") + " · ".join(t(e) for e in EXAMPLES))
    history = st.session_state.setdefault(HISTORY, [])
    # oldest first, like a chat: the newest answer sits just above the input, where the page stays scrolled
    for qi, (q, a) in enumerate(history):
        _user(q)
        with st.chat_message("assistant"):
            render_answer(a, qi)
    question = st.chat_input(t("请输入问题（中文、English、Português）"))
    if question:
        _user(question)
        with st.chat_message("assistant"):
            _ask(question, history, idx, settings)


def _user(question: str) -> None:
    with st.chat_message("user"):
        st.markdown(md_escape(question))


def _ask(question: str, history: list, idx, settings) -> None:
    """Answer a new question below the earlier ones and keep it in the history."""
    from qa import answer

    with st.spinner(t("检索与作答中…")):
        try:
            result = answer(question, index=idx, settings=settings)
        except Exception as exc:  # a user error message is shown as text, never a traceback
            st.error(md_escape(str(exc)))
            return
    history.append((question, result))
    render_answer(result, len(history) - 1)
