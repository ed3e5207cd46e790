"""Admin page: add a document by upload — only with a configured admin token, validated like any ingest."""
from __future__ import annotations

import hmac
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from .common import clear_index_cache, md_escape, t

UNLOCKED = "admin_unlocked"
ALLOWED = ("pdf", "docx", "html", "htm", "txt", "md")


@dataclass
class AddResult:
    ok: bool
    messages: list[str] = field(default_factory=list)
    path: Path | None = None


def safe_name(name: str) -> str:
    """The bare file name of an upload: no folders, no hidden files."""
    base = Path(name.replace("\\", "/")).name.strip()
    if not base or base.startswith(".") or Path(base).suffix.lower().lstrip(".") not in ALLOWED:
        raise ValueError(f"{name!r}: use a PDF, DOCX, HTML, TXT or MD file")
    return base


def add_document(data: bytes, name: str, settings) -> AddResult:
    """Validate the file alone first; only then place it in the corpus and re-ingest (the store swaps atomically)."""
    from ingest.pipeline import ingest, ingest_files

    try:
        base = safe_name(name)
    except ValueError as exc:
        return AddResult(False, [str(exc)])
    corpus = Path(settings.corpus_dir)
    target = corpus / base
    if target.exists():
        return AddResult(False, [f"{base}: a file of that name is already in the corpus"])
    with tempfile.TemporaryDirectory(prefix="hq-upload-") as tmp:
        staged = Path(tmp) / base
        staged.write_bytes(data)
        check = ingest_files([staged], corpus, cap=settings.clause_cap, floor=settings.clause_floor,
                             max_mb=settings.max_file_mb)
        report = check.reports[0]
        if not report.ok:
            return AddResult(False, [report.error.replace(str(staged), base)])
        # copy next to its final place, then rename: the corpus never holds half a file
        partial = corpus / f".{base}.part"
        shutil.copyfile(staged, partial)
        os.replace(partial, target)
    result = ingest([corpus], corpus, Path(settings.build_dir), cap=settings.clause_cap,
                    floor=settings.clause_floor, max_mb=settings.max_file_mb)
    mine = next((r for r in result.reports if Path(r.file).name == base), None)
    if not result.ok or mine is None or not mine.ok:
        target.unlink(missing_ok=True)
        return AddResult(False, [mine.error if mine else "ingest failed; the clause store is unchanged"])
    msgs = [f"{mine.title}: {mine.clauses} clauses"] + [f"inferred: {x}" for x in mine.inferred] + \
        [f"warning: {w}" for w in mine.warnings]
    return AddResult(True, msgs, target)


def render(idx, settings) -> None:
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
    upload = st.file_uploader(t("添加文件（PDF、DOCX、HTML、TXT）"), type=list(ALLOWED), key="admin_upload")
    if upload is not None and st.button(t("校验并加入文件库"), key="admin_add"):
        with st.spinner(t("正在校验并重新解析…")):
            result = add_document(upload.getvalue(), upload.name, settings)
        if result.ok:
            clear_index_cache()
            st.success(md_escape(t("已加入：") + "; ".join(result.messages)) + "  \n" + t("索引将在下次使用时重建。"))
        else:
            st.error(md_escape("; ".join(result.messages)))
