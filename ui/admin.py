"""Admin page: add a document by upload — only with a configured admin token, validated like any ingest."""
from __future__ import annotations

import hmac

import streamlit as st

from .common import md_escape, t

UNLOCKED = "admin_unlocked"


def add_document(data: bytes, name: str, settings):
    """Kept for older callers: the workflow lives in KnowledgeBase.add_document."""
    from kb import KnowledgeBase

    return KnowledgeBase(settings).add_document(name, data)


def render(kb, settings) -> None:
    st.header(t("管理"))
    token = getattr(settings, "admin_token", "")
    if not token:
        st.info(t("上传文件已停用：未配置管理员令牌（环境变量 HQ_ADMIN_TOKEN 或 settings.toml 中的 admin_token）。"))
        return
    if not st.session_state.get(UNLOCKED):
        entered = st.text_input(t("管理员令牌"), type="password", key="admin_token_input")
        if entered:
            if hmac.compare_digest(entered.encode(), token.encode()):
                st.session_state[UNLOCKED] = True
            else:
                st.error(t("令牌不正确。"))
                return
        else:
            return
    st.success(t("已验证管理员身份。"))
    upload = st.file_uploader(t("添加文件（PDF、DOCX、HTML、TXT）"), type=list(kb.allowed_types), key="admin_upload")
    if upload is not None and st.button(t("校验并加入文件库"), key="admin_add"):
        with st.spinner(t("正在校验并重新解析…")):
            result = kb.add_document(upload.name, upload.getvalue())
        if result.ok:
            st.success(md_escape(t("已加入：") + "; ".join(result.messages)) + "  \n" + t("索引已更新。"))
        else:
            st.error(md_escape("; ".join(result.messages)))
