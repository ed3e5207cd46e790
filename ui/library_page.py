"""Library page: the indexed documents, the expected related documents still missing, and the index build time."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import streamlit as st

from .common import documents, md_escape, t


def missing_documents(corpus_dir: Path, indexed_ids: set[str]) -> list[dict]:
    """Manifest entries marked "expected" that are not in the clause store yet."""
    from ingest.manifest import read_manifest

    return [e for e in read_manifest(Path(corpus_dir)) if e.get("status") == "expected" and e["id"] not in indexed_ids]


def render(idx, settings) -> None:
    import pandas as pd

    st.header(t("文件库"))
    counts = Counter(c.doc_id for c in idx.clauses)
    docs = documents(settings)
    rows = [{"标题": m["title"], "文号": m.get("doc_number", ""), "发文机关": m.get("issuer", ""),
             "日期": m.get("date", ""), "条款数": counts.get(m["doc_id"], 0), "文件": m.get("file", "")}
            for m in (d["meta"] for d in docs)]
    st.subheader(t("已收录"), anchor=False)
    st.dataframe(pd.DataFrame([{t(k): (t(v) if isinstance(v, str) else v) for k, v in r.items()} for r in rows]),
                 hide_index=True, width="stretch")
    manifest = idx.manifest or {}
    built = manifest.get("built_at", "")
    st.caption(t("索引建立于 ") + md_escape(built) + t(f"，共 {len(idx.clauses)} 条条款；检索模型 ")
               + md_escape(str(manifest.get("model_id", ""))))
    missing = missing_documents(settings.corpus_dir, set(counts))
    st.subheader(t("尚未收录的相关文件"), anchor=False)
    if not missing:
        st.caption(t("清单中的相关文件均已收录。"))
        return
    for e in missing:
        with st.container(border=True):
            st.markdown("**" + md_escape(t(e["title"])) + "**")
            meta = " · ".join(x for x in (e.get("doc_number", ""), e.get("issuer", ""), str(e.get("date", ""))) if x)
            st.caption(md_escape(t(meta)))
            if e.get("note"):
                st.caption(md_escape(t(e["note"])))
            st.markdown(md_escape(t("添加方法：将官方文本（PDF、DOCX 或 HTML）保存为 ")) + f"`corpus/{e.get('file', '')}`"
                        + md_escape(t("，然后运行 ")) + "`python cli.py ingest`" + md_escape(t("（或由管理员在“管理”页上传）。")))
