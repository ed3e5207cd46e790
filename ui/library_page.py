"""Library page: every document with kind, level, date, status, relations and clause counts; the missing ones."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import streamlit as st

from errors import UserError

from .chrome import about, local_date
from .common import md_escape, t
from .docinfo import manifest_entries


def shown_path(path: Path) -> str:
    """A path as the user would type it from the app's folder (corpus/manifest.toml), else absolute."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def how_to_list(manifest: Path) -> None:
    """How to name related documents: an "expected" entry per document in the manifest."""
    st.markdown(md_escape(t("如需在此列出尚未收录的相关文件，请在 ")) + f"`{shown_path(manifest)}`"
                + md_escape(t(" 中为每个文件添加一条 ")) + '`[[documents]]`' + md_escape(t(" 条目，写明 "))
                + '`status = "expected"`' + md_escape(t("，例如：")))
    st.code(t(EXAMPLE_ENTRY).strip(), language="toml")


EXAMPLE_ENTRY = """[[documents]]
id = "hq-example-2024"        # 文件编号：小写英文、数字、连字符
title = "《文件标题》"
issuer = "发文机关"
file = "hq-example-2024.pdf"  # 收录时保存在 corpus/ 中的文件名
status = "expected"
"""


def library_rows(docs: list[dict], entries: dict, counts: Counter) -> list[dict]:
    """One row per indexed document: what the manifest says about it (kind, level, dates, validity,
    relations) beside what the store holds (title, 文号, issuer, clause count)."""
    titles = {i: e.get("title", i) for i, e in entries.items()}
    titles.update({d["meta"]["doc_id"]: d["meta"]["title"] for d in docs})
    rows = []
    for m in (d["meta"] for d in docs):
        e = entries.get(m["doc_id"]) or {}
        based = [titles.get(b, b) for b in e.get("based_on") or []]
        # what a reader scans first on the left; the longer facts after it
        rows.append({"标题": m["title"], "类别": e.get("kind", ""), "层级": e.get("level", ""),
                     "发布日期": local_date(m.get("date", "")), "施行日期": local_date(e.get("effective", "")),
                     "效力": e.get("validity", ""), "条款数": counts.get(m["doc_id"], 0), "依据": "；".join(based),
                     "简称": "、".join(e.get("aliases") or []), "文号": m.get("doc_number", "") or "—",
                     "发文机关": m.get("issuer", "")})
    return rows


def render(kb, settings) -> None:
    import pandas as pd

    st.header(t("文件库"))
    counts = Counter({m["doc_id"]: m.get("clauses", 0) for m in kb.documents()})
    docs = kb.entries()
    entries = manifest_entries(kb)
    rows = library_rows(docs, entries, counts)
    st.subheader(t("已收录"), anchor=False)
    st.dataframe(pd.DataFrame([{t(k): (t(v) if isinstance(v, str) else v) for k, v in r.items()} for r in rows]),
                 hide_index=True, width="stretch",
                 column_config={t("标题"): st.column_config.TextColumn(width="medium"),
                                t("依据"): st.column_config.TextColumn(width="medium")})
    about(kb.index_manifest(), sum(counts.values()))
    st.subheader(t("尚未收录的相关文件"), anchor=False)
    try:
        expected = kb.expected_documents()
    except UserError as exc:  # a broken manifest: its message names the file and the entry
        st.error(md_escape(str(exc)))
        return
    if expected is None:  # "all listed documents are in" would claim a list that does not exist
        st.caption(md_escape(t("没有清单列出相关文件：文件夹 ")) + f"`{shown_path(kb.settings.corpus_dir)}`"
                   + md_escape(t(" 中没有 manifest.toml，因此无法判断还缺哪些相关文件。")))
        how_to_list(kb.manifest_path)
        return
    if not expected:
        st.caption(md_escape(t("清单中没有列出相关文件（没有 status = \"expected\" 的条目）。")))
        how_to_list(kb.manifest_path)
        return
    missing = [e for e in expected if e["id"] not in counts]
    if not missing:
        st.caption(t("清单中的相关文件均已收录。"))
        return
    for e in missing:
        with st.container(border=True):
            st.markdown("**" + md_escape(t(e["title"])) + "**")
            meta = " · ".join(x for x in (e.get("kind", ""), e.get("level", ""), e.get("doc_number", ""), e.get("issuer", ""),
                                          local_date(e.get("date", ""))) if x)
            st.caption(md_escape(t(meta)))
            if e.get("note"):
                st.caption(md_escape(t(e["note"])))
            target = shown_path(Path(kb.settings.corpus_dir) / e.get("file", ""))
            st.markdown(md_escape(t("添加方法：将官方文本（PDF、DOCX 或 HTML）保存为 ")) + f"`{target}`"
                        + md_escape(t("，然后运行 ")) + "`python cli.py ingest`" + md_escape(t("（或由管理员在“管理”页上传）。")))
