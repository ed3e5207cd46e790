"""Streamlit app of the Hengqin policy knowledge base: `streamlit run app.py` (pages live in ui/)."""
import importlib

import streamlit as st

from errors import UserError
from ui import admin, ask_page, common, indicators_page, library_page, lookup_page, reader_page

st.set_page_config(page_title="横琴政策知识库", page_icon="📘", layout="wide")

PAGES = {"问答": ask_page, "原文": reader_page, "查条款": lookup_page, "指标": indicators_page, "文件库": library_page}
try:  # the profile-matching page arrives with the match package
    PAGES["适用政策"] = importlib.import_module("ui.match_page")
except ModuleNotFoundError as exc:
    if exc.name not in ("ui.match_page", "match"):
        raise
PAGES["管理"] = admin

try:
    settings = common.settings()
except ValueError as exc:  # an unreadable HQ_* value or settings.toml entry: its message names it
    st.error(common.md_escape(str(exc)))
    st.stop()
with st.sidebar:
    st.title(common.t("横琴政策知识库"))
    st.radio("显示 / 顯示", list(common.SCRIPTS), key=common.SCRIPT_KEY, horizontal=True)
    page = st.radio(common.t("页面"), list(PAGES), key=common.PAGE_KEY, format_func=common.formatter())

try:
    kb = common.knowledge_base(settings)  # the edge: refreshes with a progress bar when stale
except UserError as exc:  # a bad setting or a damaged store: one clear line, no traceback
    st.error(common.md_escape(str(exc)))
    st.stop()
PAGES[page].render(kb, settings)  # pages call only the KnowledgeBase
