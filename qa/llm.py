"""Optional LLM answers through LangChain's chat model interface (any OpenAI-compatible endpoint), verified."""
from __future__ import annotations

import logging
import re
import time

from .display import to_script
from .records import Answer, Citation, Sentence
from .support import stats_for
from .text import sentences as clause_sentences
from .verify import cn_figures, verify

log = logging.getLogger(__name__)

MAX_CLAUSES = 5
# The model reads excerpts, not whole clauses: the sentences the extractive draft chose plus each clause's lead,
# within a budget. On two CPU cores a 1.5B model reads ~60 tokens/s, so a whole-clause prompt (~1,000 tokens)
# costs 15 s before the first word; verification still checks against the whole clause.
EXCERPT_CHARS = 260  # per clause
PROMPT_CHARS = 900  # all clauses together
MAX_TOKENS = 256  # a reply of at most five short sentences
NO_ANSWER = "NO_ANSWER"
LANGUAGE_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English", "pt": "português"}

SYSTEM = (
    "你是横琴粤澳深度合作区政策文件的问答助手。只能依据用户给出的编号条款作答，不得使用条款以外的知识。"
    "每一句话都必须以引用标记结尾，例如 [1] 或 [1][3]，标记只能使用给出的编号。"
    "数字、单位、名称必须与条款原文完全一致，数字用阿拉伯数字照抄原文。回答简短（不超过5句）。"
    f"如果条款不能回答问题，只回复 {NO_ANSWER}。"
)


def make_model(settings):
    """The chat model for the configured endpoint (DeepSeek, Qwen, a local llama.cpp server…), no retries."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url,
                      api_key=settings.llm_api_key or "not-needed", timeout=settings.llm_timeout,
                      max_retries=0, temperature=0, max_tokens=MAX_TOKENS)


def provided_clauses(draft) -> list:
    """The clauses the model may cite: the extractive draft's clauses first, then the nearest others."""
    seen: dict[str, object] = {}
    for c in [p.clause for p in draft.picks] + list(draft.related):
        seen.setdefault(c.id, c)
    return list(seen.values())[:MAX_CLAUSES]


def excerpts(clauses: list, draft) -> list[str]:
    """What the model reads of each clause: its lead, then the sentences the draft picked from it, then the
    rest in order, within EXCERPT_CHARS (a clause that fits is given whole) and PROMPT_CHARS overall."""
    picked: dict[str, list[str]] = {}
    for p in draft.picks:
        picked.setdefault(p.clause.id, []).append(getattr(p, "source", "") or "")
    out, left = [], PROMPT_CHARS
    for c in clauses:
        budget = min(EXCERPT_CHARS, max(60, left))
        if len(c.text) <= budget:
            text = c.text
        else:
            spans = [s.text for s in clause_sentences(c.text)]
            wanted = [w for w in picked.get(c.id, []) if w]
            order = spans[:1] + [s for s in spans[1:] if any(s in w or w in s for w in wanted)] + spans[1:]
            chosen: list[str] = []
            for s in dict.fromkeys(order):
                if sum(len(x) + 1 for x in chosen) + len(s) + 1 > budget and chosen:
                    continue
                chosen.append(s)
            chosen.sort(key=spans.index)
            text = "…".join(chosen) if chosen else c.text[:budget]
            text = text if text.endswith(("。", "！", "？")) else text + "。"
        out.append(text)
        left -= len(text)
    return out


def messages(question: str, language: str, clauses: list, texts: list[str] | None = None) -> list:
    from langchain_core.messages import HumanMessage, SystemMessage

    texts = texts or [c.text for c in clauses]
    numbered = "\n\n".join(f"[{i}] {c.citation}\n{t}" for i, (c, t) in enumerate(zip(clauses, texts), 1))
    user = (f"条款：\n{numbered}\n\n问题：{question}\n\n"
            f"请用{LANGUAGE_NAMES.get(language, '简体中文')}回答，每句以 [编号] 结尾。")
    return [SystemMessage(content=SYSTEM), HumanMessage(content=user)]


def _trace(**kw) -> dict:
    """What the eval counts per answer: sentences generated, kept, dropped and why, fallback, model time."""
    base = {"called": False, "generated": 0, "kept": 0, "dropped": 0, "figures_rejected": 0, "markers_rejected": 0,
            "names_rejected": 0, "wording_rejected": 0, "fallback": "", "no_answer": False, "model_ms": 0.0}
    base.update(kw)
    return base


def _kind(reason: str) -> str:
    if reason.startswith("figure"):
        return "figures_rejected"
    if reason.startswith("cites ["):
        return "markers_rejected"
    if reason.startswith("the name"):
        return "names_rejected"
    return "wording_rejected"


def llm_answer(question: str, language: str, draft, settings, fallback: Answer, model=None) -> Answer:
    """Generate, verify, keep what is supported; on error, timeout or nothing left, the extractive answer.
    The returned answer's .llm says what happened (the eval's LLM figures)."""
    clauses = provided_clauses(draft)
    if not clauses:
        fallback.llm = _trace(fallback="no clauses")
        return fallback
    t0 = time.perf_counter()
    try:
        model = model or make_model(settings)
        reply = model.invoke(messages(question, language, clauses, excerpts(clauses, draft)))
        content = reply.content if isinstance(reply.content, str) else str(reply.content)
    except Exception as exc:  # network errors, timeouts, bad keys: the offline answer still stands
        # The user sees a fixed message naming only the error class (the library's, never the server's text):
        # a server that echoed the request headers once put "Bearer sk-…" on screen. The text goes to the log,
        # credentials redacted.
        log.warning("LLM call to %s failed: %s: %s", redact(str(getattr(settings, "llm_base_url", ""))),
                    type(exc).__name__, redact(str(exc), getattr(settings, "llm_api_key", "")))
        fallback.llm = _trace(called=True, fallback=f"error: {type(exc).__name__}",
                              model_ms=(time.perf_counter() - t0) * 1000)
        return _with_note(fallback, f"LLM unavailable ({type(exc).__name__}); extractive answer shown")
    ms = (time.perf_counter() - t0) * 1000
    if NO_ANSWER in content:
        fallback.llm = _trace(called=True, fallback="no answer", no_answer=True, model_ms=ms)
        return _with_note(fallback, "LLM found no answer in the clauses; extractive answer shown")
    provided = {i: c for i, c in enumerate(clauses, 1)}
    checked = verify(content, provided, stats_for(clauses), strict=True)
    trace = _trace(called=True, generated=len(checked.kept) + len(checked.dropped), kept=len(checked.kept),
                   dropped=len(checked.dropped), model_ms=ms)
    for d in checked.dropped:
        trace[_kind(d.reason)] += 1
    wants_figure = bool(getattr(getattr(draft, "query", None), "wants_figure", False))
    if checked.kept and wants_figure and not any(re.search(r"\d", cn_figures(s.text)) for s in checked.kept):
        # a figure question answered without any (verified) figure: what is left does not answer it
        trace["fallback"] = "no verified figure"
        fallback.llm = trace
        return _with_note(fallback, "the LLM answer kept no verified figure for a figure question; extractive answer shown",
                          checked.notes)
    if not checked.kept:
        trace["fallback"] = "nothing verified"
        fallback.llm = trace
        return _with_note(fallback, "no sentence of the LLM answer passed verification; extractive answer shown",
                          checked.notes)
    number: dict[int, int] = {}
    citations: list[Citation] = []
    sentences: list[Sentence] = []
    lines = []
    for s in checked.kept:
        ns = []
        for n in s.markers:
            if n not in number:
                number[n] = len(citations) + 1
                citations.append(Citation(number[n], provided[n]))
            ns.append(number[n])
        shown = to_script(s.text, "zh-Hant") if language == "zh-Hant" else s.text
        sentences.append(Sentence(shown, s.text, ns[0]))
        lines.append(shown + "".join(f"[{n}]" for n in ns))
    out = Answer(question, "\n".join(lines), citations, True, language, related=fallback.related,
                 sentences=sentences, mode="llm", support=fallback.support, notes=checked.notes)
    out.llm = trace
    return out


_SECRETS = (
    (re.compile(r"(?i)\b(bearer|basic|token)(\s+)[A-Za-z0-9._~+/=-]{4,}"), r"\1\2***"),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{4,}"), "sk-***"),
    (re.compile(r"(?i)\b((?:x-)?api[-_]?key|access[-_]?token|secret|password|passwd)(\W{1,4})[^\s\"',;&}]{2,}"),
     r"\1\2***"),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]+):[^@\s/]+@"), r"\1:***@"),  # URL passwords
)


def redact(text: str, *known: str) -> str:
    """Text with credentials masked: Bearer/Basic tokens, sk-… keys, api keys, URL passwords, known secrets."""
    for secret in known:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    for pattern, repl in _SECRETS:
        text = pattern.sub(repl, text)
    return text


def _with_note(answer: Answer, note: str, more: list[str] | None = None) -> Answer:
    answer.notes = list(answer.notes) + [note] + list(more or [])
    return answer
