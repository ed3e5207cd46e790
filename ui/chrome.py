"""End-user chrome: progress text with counts and time left, local dates, example questions, the about panel."""
from __future__ import annotations

import time
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from .common import md_escape, t

HOME_ZONE = "Asia/Macau"  # the zone's readers; a browser that reports its own time zone is used instead
STAGES = {"ingest": "解析文件", "embed": "计算语义向量", "tokenize": "建立关键词索引", "milvus": "写入向量库",
          "sentences": "计算句子向量"}


class Progress:
    """A progress callback for the index build that says what is done, how many and about how long is left."""

    def __init__(self, slot):
        self.slot, self.started, self.stage = slot, time.monotonic(), ""

    def __call__(self, stage: str, done: int, total: int, rate: float | None = None, eta: float | None = None) -> None:
        if not total:
            return
        if stage != self.stage:
            self.stage, self.started = stage, time.monotonic()
        self.slot.progress(min(1.0, done / total), text=t(progress_text(stage, done, total,
                                                                        time.monotonic() - self.started, eta)))


def progress_text(stage: str, done: int, total: int, elapsed: float, eta: float | None = None) -> str:
    """正在建立索引（首次使用或文件有更新，约需半分钟）：计算语义向量 12/98 条，约剩 40 秒.

    eta: the builder's own estimate of seconds left (from its measured rate), used when it gives one."""
    text = f"正在建立索引（首次使用或文件有更新）：{STAGES.get(stage, '处理')} {done}/{total} 条"
    if 0 < done < total and (eta is not None or elapsed > 0.5):
        left = eta if eta is not None else elapsed / done * (total - done)
        text += f"，约剩 {int(left) + 1} 秒" if left < 90 else f"，约剩 {round(left / 60)} 分钟"
    return text


def _zone() -> ZoneInfo:
    name = None
    try:
        name = st.context.timezone
    except Exception:  # outside a browser session (tests, bare mode)
        pass
    for candidate in (name, HOME_ZONE):
        try:
            return ZoneInfo(candidate) if candidate else ZoneInfo(HOME_ZONE)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def local_date(value) -> str:
    """2025-06-21 -> 2025年6月21日; a year alone or an unreadable value is shown as it is."""
    text = str(value or "")
    try:
        d = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{d.year}年{d.month}月{d.day}日"


def local_time(stamp: str) -> str:
    """An ISO UTC timestamp in the reader's time zone: 2026年12月1日 18:43."""
    try:
        moment = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp or "")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(_zone())
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def examples(items: list[str], key: str, on_pick) -> None:
    """Example questions as buttons: one click asks (or looks up) it."""
    st.caption(t("例如："))
    with st.container(horizontal=True):
        for i, text in enumerate(items):
            st.button(t(text), key=f"{key}-example-{i}", on_click=on_pick, args=(text,))


def about(manifest: dict, clauses: int) -> None:
    """Technical facts for whoever asks: the retrieval model and the build time, out of the readers' way."""
    with st.expander(t("关于本知识库")):
        st.caption(t("依据已收录的官方政策文件检索与作答；每句答案均注明出处条款，原文可逐条查看。"))
        bits = [t(f"共 {clauses} 条条款"), t("索引建立于 ") + local_time(manifest.get("built_at", ""))]
        if manifest.get("model_id"):
            bits.append(t("检索模型 ") + md_escape(str(manifest["model_id"])))
        st.caption(" · ".join(bits))
