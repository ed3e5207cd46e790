"""Optional LLM answers through LangChain's chat model interface (any OpenAI-compatible endpoint), verified."""
from __future__ import annotations

import logging
import re

from .display import to_script
from .records import Answer, Citation, Sentence
from .support import stats_for
from .verify import verify

log = logging.getLogger(__name__)

MAX_CLAUSES = 6
NO_ANSWER = "NO_ANSWER"
LANGUAGE_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English", "pt": "português"}

SYSTEM = (
    "你是横琴粤澳深度合作区政策文件的问答助手。只能依据用户给出的编号条款作答，不得使用条款以外的知识。"
    "每一句话都必须以引用标记结尾，例如 [1] 或 [1][3]，标记只能使用给出的编号。"
    "数字、单位、名称必须与条款原文完全一致。回答简短（不超过5句）。"
    f"如果条款不能回答问题，只回复 {NO_ANSWER}。"
)


def make_model(settings):
    """The chat model for the configured endpoint (DeepSeek, Qwen, a local Ollama…), no retries."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url,
                      api_key=settings.llm_api_key or "not-needed", timeout=settings.llm_timeout,
                      max_retries=0, temperature=0)


def provided_clauses(draft) -> list:
    """The clauses the model may cite: the extractive draft's clauses first, then the nearest others."""
    seen: dict[str, object] = {}
    for c in [p.clause for p in draft.picks] + list(draft.related):
        seen.setdefault(c.id, c)
    return list(seen.values())[:MAX_CLAUSES]


def messages(question: str, language: str, clauses: list) -> list:
    from langchain_core.messages import HumanMessage, SystemMessage

    numbered = "\n\n".join(f"[{i}] {c.citation}\n{c.text}" for i, c in enumerate(clauses, 1))
    user = (f"条款：\n{numbered}\n\n问题：{question}\n\n"
            f"请用{LANGUAGE_NAMES.get(language, '简体中文')}回答，每句以 [编号] 结尾。")
    return [SystemMessage(content=SYSTEM), HumanMessage(content=user)]


def llm_answer(question: str, language: str, draft, settings, fallback: Answer, model=None) -> Answer:
    """Generate, verify, keep what is supported; on error, timeout or nothing left, the extractive answer."""
    clauses = provided_clauses(draft)
    if not clauses:
        return fallback
    try:
        model = model or make_model(settings)
        reply = model.invoke(messages(question, language, clauses))
        content = reply.content if isinstance(reply.content, str) else str(reply.content)
    except Exception as exc:  # network errors, timeouts, bad keys: the offline answer still stands
        # The user sees a fixed message naming only the error class (the library's, never the server's text):
        # a server that echoed the request headers once put "Bearer sk-…" on screen. The text goes to the log,
        # credentials redacted.
        log.warning("LLM call to %s failed: %s: %s", redact(str(getattr(settings, "llm_base_url", ""))),
                    type(exc).__name__, redact(str(exc), getattr(settings, "llm_api_key", "")))
        return _with_note(fallback, f"LLM unavailable ({type(exc).__name__}); extractive answer shown")
    if NO_ANSWER in content:
        return _with_note(fallback, "LLM found no answer in the clauses; extractive answer shown")
    provided = {i: c for i, c in enumerate(clauses, 1)}
    checked = verify(content, provided, stats_for(clauses))
    if not checked.kept:
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
    return Answer(question, "\n".join(lines), citations, True, language, related=fallback.related,
                  sentences=sentences, mode="llm", support=fallback.support, notes=checked.notes)


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
