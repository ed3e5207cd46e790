"""Ask page: a chat-style question box, answers with clickable citation markers and one line per cited clause."""
from __future__ import annotations

import re

import streamlit as st

from index.query_limit import REFUSE_CHARS

from . import cards
from .chrome import examples
from .common import md_escape, t
from .docinfo import manifest_entries
from .scope import scope_filter

HISTORY = "history"
PENDING = "ask_pending"  # an example question clicked, asked on this run
_MARKER = re.compile(r"\\\[(\d+)\\\]")  # a marker after md_escape: \[1\]
EXAMPLES = ["澳资企业在合作区发展金融业有哪些支持？", "2029年澳资产业增加值目标是多少？",
            "合作区对澳门居民就业创业有什么支持？", "六（三）讲了什么？"]


def answer_markdown(text: str, qi: int) -> str:
    """Answer text escaped for markdown, each [n] a link to its citation below."""
    lines = [md_escape(line) for line in text.splitlines()]
    text = "  \n".join(lines)
    return _MARKER.sub(lambda m: f"[\\[{m.group(1)}\\]](#cite-{qi}-{m.group(1)})", text)


def _notes(a) -> list[str]:
    """Notes a reader should see, in the app's language (the raw notes are for the log and the JSON output)."""
    out = []
    for note in a.notes:
        if "LLM" in note:
            out.append("未能使用大模型润色，以下为原文摘录的答案。")
        elif note.startswith("dropped"):
            out.append("有句子因无法在所引条款中核实而被略去。")
    return list(dict.fromkeys(out))


def render_answer(a, qi: int, entries: dict, clauses: list) -> None:
    from qa.display import on_topic

    st.markdown(answer_markdown(t(a.text), qi))
    related = [c for c in a.related if on_topic(a.question, c, clauses)]
    if not a.answerable:
        if related:
            st.caption(t("以下条款与问题相关，但并未回答该问题："))
            for c in related:
                cards.expandable(c, entries, key=f"rel-{qi}")
        return
    for note in _notes(a):
        st.caption(t(note))
    cards.citations(a.citations, qi, entries)
    if related:
        st.caption(t("相关条款"))
        cards.related(related, key=f"q{qi}", entries=entries)


def _pick(question: str) -> None:
    st.session_state[PENDING] = question


def render(kb, settings) -> None:
    st.header(t("问答"))
    st.caption(t("依据已收录的政策文件作答；每句话都注明出处条款。"))
    entries = manifest_entries(kb)
    clauses = kb.clauses()  # on_topic compares an answer's related clauses with the whole collection
    history = st.session_state.setdefault(HISTORY, [])
    if not history:
        examples(EXAMPLES, "ask", _pick)
    # oldest first, like a chat: the newest answer sits just above the input, where the page stays scrolled
    for qi, (q, a) in enumerate(history):
        _user(q)
        with st.chat_message("assistant"):
            render_answer(a, qi, entries, clauses)
    # the library's own limit (index/query_limit.py): the box stops where a search would be refused
    scope = scope_filter(kb.documents())
    question = st.chat_input(t("请输入问题（中文、English、Português）"), max_chars=REFUSE_CHARS) or st.session_state.pop(PENDING, None)
    if question:
        _user(question)
        with st.chat_message("assistant"):
            _ask(question, history, kb, entries, clauses, scope)


def _user(question: str) -> None:
    with st.chat_message("user"):
        st.markdown(md_escape(question))


def _ask(question: str, history: list, kb, entries: dict, clauses: list, scope=None) -> None:
    """Answer a new question below the earlier ones and keep it in the history."""
    from errors import UserError

    with st.spinner(t("检索与作答中…")):
        try:
            result = kb.ask(question, filters=scope)
        except UserError as exc:  # a user error message is shown as text, never a traceback
            st.error(md_escape(t(str(exc))))
            return
        except Exception:  # anything else is a defect: a fixed message, the details stay in the server log
            import logging

            logging.getLogger(__name__).exception("answer failed for %r", question)
            st.error(t("作答时出现内部错误，请稍后再试或换一种问法。"))
            return
    history.append((question, result))
    render_answer(result, len(history) - 1, entries, clauses)
