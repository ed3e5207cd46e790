"""适用政策 page: an enterprise profile (form, or read from a description) -> applicable clauses, exportable."""
from __future__ import annotations

import streamlit as st

from . import cards
from .chrome import examples
from .common import md_escape, script, t
from .docinfo import manifest_entries

K = "match_"  # session-state prefix of this page
FIELDS = ("industries", "origin", "size", "types", "activities", "interests")
EXAMPLE = "我们是一家澳门的中成药企业，想在横琴设厂并出口葡语国家"
EXAMPLES = [EXAMPLE, "澳门青年创业的小型科技公司，做跨境电商，开拓东盟市场"]


def _example(kb):
    """An example description, read at once (a button callback), written in the reader's script."""
    from qa.display import to_script

    current = script()

    def fill(text: str) -> None:
        st.session_state[K + "description"] = to_script(text, current)
        _read_description(kb)
    return fill


def _read_description(kb) -> None:
    """Button callback (runs before the form is drawn, so it may fill the form's widgets)."""
    profile, notes = kb.read_description(st.session_state.get(K + "description", ""))
    for field in FIELDS:
        st.session_state[K + field] = getattr(profile, field)
    st.session_state[K + "notes"] = notes


def _profile(kb):
    s = st.session_state
    return kb.profile_from_form({f: s.get(K + f) for f in ("name", "description") + FIELDS})


def _form(tax) -> None:
    from qa.display import to_script

    current = script()  # format functions may run outside this run: the script is bound now

    def shown(n: str) -> str:
        return to_script(n, current) if n else "—"

    sectors = {n: tax.sector_of(n) for n in tax.names("industry")}
    derived = tax.derived_beneficiaries()
    with st.form(K + "form"):
        st.text_input(t("企业名称（可选）"), key=K + "name")
        st.multiselect(t("行业 / 细分领域"), tax.names("industry"), key=K + "industries", placeholder=t("请选择"),
                       format_func=lambda n: shown(n if sectors[n] == n else f"{n}（{sectors[n]}）"))
        left, right = st.columns(2)
        left.selectbox(t("资本来源"), [""] + [c.name for c in tax.origins], key=K + "origin",
                       format_func=shown)
        right.selectbox(t("规模"), [""] + [c.name for c in tax.sizes], key=K + "size",
                        format_func=shown)
        st.multiselect(t("企业类型"), [n for n in tax.names("beneficiary") if n not in derived], key=K + "types", format_func=shown, placeholder=t("请选择"))
        st.multiselect(t("经营活动"), tax.names("activity"), key=K + "activities", format_func=shown, placeholder=t("请选择"))
        st.multiselect(t("关注的政策工具（可选）"), tax.names("instrument"), key=K + "interests", format_func=shown, placeholder=t("请选择"))
        st.form_submit_button(t("查找适用政策"), type="primary")


def _results(kb, result, entries: dict) -> None:
    st.subheader(t("适用条款"), anchor=False)
    st.markdown(md_escape(t(result.summary())))
    if not result.matches:
        st.caption(t("可以补充行业、资本来源或经营活动后再试。"))
        return
    left, right = st.columns(2)
    left.download_button(t("导出 Markdown"), kb.export_match(result, "md"), file_name="applicable-policies.md",
                         mime="text/markdown", key=K + "md")
    right.download_button(t("导出 CSV"), kb.export_match(result, "csv").encode("utf-8-sig"), file_name="applicable-policies.csv",
                          mime="text/csv", key=K + "csv")
    for group in result.groups:
        st.markdown("#### " + md_escape(t(group.heading or group.doc_title)))
        if group.heading:
            st.caption(md_escape(t(group.doc_title)))
        for n, m in enumerate(group.matches, 1):  # numbered within the group, as it is read
            cards.clause_card(m.clause, entries, key="match", n=n, note=m.reason)


def render(kb, settings) -> None:
    from errors import UserError

    st.header(t("适用政策"))
    st.caption(t("填写企业画像（或先用一句话描述企业），列出已收录政策中适用的条款，按文件部分分组，附适用原因与出处。"))
    try:
        matcher = kb.matcher()
    except UserError as exc:
        st.error(md_escape(str(exc)))
        return
    st.text_area(t("企业描述（可选）"), key=K + "description", placeholder=EXAMPLE, height=80)
    st.button(t("从描述识别画像"), key=K + "read", on_click=_read_description, args=(kb,))
    examples(EXAMPLES, "match", _example(kb))
    notes = st.session_state.get(K + "notes") or []
    if notes:
        st.caption(md_escape(t("识别依据（可在下方更正）：" + "；".join(notes))))
    _form(matcher.taxonomy)
    profile = _profile(kb)
    if profile.is_empty():
        st.info(t("请至少选择行业、资本来源、规模、企业类型或经营活动之一。"))
        return
    _results(kb, kb.match(profile, notes=notes), manifest_entries(kb))
