"""answer(question) -> Answer: retrieve, compose an extractive answer (or a verified LLM one), or refuse."""
from __future__ import annotations

from errors import UserError
from index.normalize import fold as spaced_fold

from .compose import Draft, extract, section_question, summarise
from .display import to_script
from .language import detect
from .lookup import parse, reference_note, section_clauses
from .records import REFUSAL_TEXT, Answer, Citation, Sentence
from .refusal import refuse
from .support import stats_for

SEARCH_K = 10


class QuestionError(UserError):
    """An empty or unusable question."""


def answer(question: str, index=None, settings=None, use_llm: bool | None = None) -> Answer:
    """Answer from the indexed documents; every sentence ends with [n] naming the clause it was taken from.

    use_llm: None = use the LLM when one is configured (settings.llm_base_url and llm_model), else extractive.
    """
    question = (question or "").strip()
    if not question:
        raise QuestionError("ask: the question is empty")
    if settings is None:
        from settings import Settings

        settings = Settings.load()
    if index is None:
        from index import open_index

        index = open_index(settings)
    language = detect(question)
    note, known = reference_note(question, index.clauses)
    if note and known:  # 条例第八十条: say what the document has, never another document's article or unrelated clauses
        return Answer(question, to_script(note, language), [], False, language, mode="refusal", notes=["no such reference"])
    draft = draft_answer(question, index)
    reason = note or refuse(draft)  # a document that is not indexed (民法典第十条): refused, nearest clauses related
    if reason:
        return refusal(question, language, draft, reason)
    result = build(question, language, draft)
    if use_llm is None:
        use_llm = bool(getattr(settings, "llm_base_url", "") and getattr(settings, "llm_model", ""))
    if use_llm:
        from .llm import llm_answer

        result = llm_answer(question, language, draft, settings, fallback=result)
    return result


def draft_answer(question: str, index) -> Draft:
    """The extractive draft: a part summary when the question names a part, else the best sentences."""
    clauses = index.clauses
    stats = stats_for(clauses)
    section = section_question(question, clauses, stats)
    hits = index.search(question, k=SEARCH_K)
    if section:
        draft = summarise(*section)
        cited = {c.id for c in section[0]}
        draft.related = [h.clause for h in hits if h.clause.id not in cited][:3]
        return draft
    restrict, topic = None, None
    for ref in parse(question):
        restrict = section_clauses(ref, clauses) or None
        if restrict:
            if ref.span != (0, 0):
                folded = spaced_fold(question)  # the fold refs.detect measured its spans in
                topic = (folded[: ref.span[0]] + " " + folded[ref.span[1]:]).strip() or None
            break
    return extract(question, hits, stats, restrict, topic)


def build(question: str, language: str, draft: Draft) -> Answer:
    """Number the cited clauses in order of first use and lay the sentences out, one line per clause."""
    citations: list[Citation] = []
    number: dict[str, int] = {}
    sentences: list[Sentence] = []
    for p in draft.picks:
        if p.clause.id not in number:
            number[p.clause.id] = len(citations) + 1
            citations.append(Citation(number[p.clause.id], p.clause))
        n = number[p.clause.id]
        citations[n - 1].quotes.append(p.source)
        shown = to_script(p.shown, "zh-Hant") if language == "zh-Hant" else p.shown
        sentences.append(Sentence(shown, p.shown, n))
    lines: list[str] = []
    for i, s in enumerate(sentences):
        piece = f"{s.text}[{s.n}]"
        if i and sentences[i - 1].n == s.n:
            lines[-1] += piece
        else:
            lines.append(piece)
    intro = foreign_intro(language, draft, citations)
    text = "\n".join(([intro] if intro else []) + lines)
    return Answer(question, text, citations, True, language, related=list(draft.related), sentences=sentences,
                  intro=intro, mode=draft.mode, support=draft.support)


def refusal(question: str, language: str, draft: Draft, reason: str) -> Answer:
    """A plain refusal; the nearest clauses are offered as related, never as the answer."""
    seen: dict[str, object] = {}
    for c in [p.clause for p in draft.picks] + list(draft.related):
        seen.setdefault(c.id, c)
    related = list(seen.values())[:3]
    if language == "en":
        text = f"The indexed documents do not address this question. ({REFUSAL_TEXT.rstrip('。')})"
    elif language == "pt":
        text = f"Os documentos indexados não tratam desta questão. ({REFUSAL_TEXT.rstrip('。')})"
    else:
        text = to_script(REFUSAL_TEXT, language)
    return Answer(question, text, [], False, language, related=related, mode="refusal", support=draft.support,
                  notes=[reason])


def place(clause, language: str) -> str:
    """Where a clause sits, in Latin script only: 'part 6, section 3', 'table 2-1', 'the preface'."""
    code = clause.path_code or ""
    en = language == "en"
    if code.startswith("table"):
        return ("table " if en else "quadro ") + code[5:]
    if clause.kind == "preamble":
        return "the preface" if en else "o preâmbulo"
    if clause.kind in ("front_matter", "title"):
        return "the issuing notice" if en else "a nota de publicação"
    if clause.kind == "back_matter":
        return "the closing notes" if en else "as notas finais"
    parts = code.split(".")
    if len(parts) >= 2:
        return f"part {parts[0]}, section {parts[1]}" if en else f"parte {parts[0]}, secção {parts[1]}"
    if not parts[0]:
        return "the document" if en else "o documento"
    return f"part {parts[0]}" if en else f"parte {parts[0]}"


def foreign_intro(language: str, draft: Draft, citations: list[Citation]) -> str:
    """For English and Portuguese questions: one line in that language saying what was found (no Chinese)."""
    if language not in ("en", "pt") or not citations:
        return ""
    places = list(dict.fromkeys(place(c.clause, language) for c in citations))
    joiner = " and " if language == "en" else " e "
    where = ", ".join(places[:-1]) + joiner + places[-1] if len(places) > 1 else places[0]
    if language == "en":
        if draft.mode == "summary":
            return f"This is what {where} of the plan says, clause by clause (cited Chinese text follows):"
        return f"The plan addresses this in {where}; the cited sentences (original Chinese) follow:"
    if draft.mode == "summary":
        return f"Eis o que diz {where} do plano, cláusula a cláusula (texto chinês citado a seguir):"
    return f"O plano trata disto em {where}; seguem-se as frases citadas (texto original em chinês):"
