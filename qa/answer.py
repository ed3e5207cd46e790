"""answer(question) -> Answer: retrieve, compose an extractive answer (or a verified LLM one), or refuse."""
from __future__ import annotations

from dataclasses import replace

from core.filters import Filter
from errors import UserError
from index.normalize import fold as spaced_fold

from .compose import Draft
from .asks import absent_topics
from .display import to_script
from .intro import foreign_intro
from .language import detect
from .listitems import with_items
from .layout import group_headings, overview as overview_line
from .lookup import heading_of, parse, reference_note, section_clauses
from .multipart import extract_parts
from .records import REFUSAL_TEXT, Answer, Citation, Sentence
from .refusal import refuse
from .sections import (described_unit, heading_section, one_small_unit, residual_topic, section_from_hits,
                       section_question, summarise)
from .restate import parallels
from .sentences import sentence_store
from .support import matched, stats_for
from .text import fold

SEARCH_K = 30  # routed section references can bring a whole chapter; extraction reads the top few


class QuestionError(UserError):
    """An empty or unusable question."""


def answer(question: str, index=None, settings=None, use_llm: bool | None = None, filters=None) -> Answer:
    """Answer from the indexed documents; every sentence ends with [n] naming the clause it was taken from.

    use_llm: None = use the LLM when one is configured (settings.llm_base_url and llm_model), else extractive.
    filters: a core.filters.Filter (document fields resolved): answer from the clauses it admits only.
    """
    question = (question or "").strip()
    if not question:
        raise QuestionError("ask: the question is empty")
    if settings is None:
        from settings import Settings

        settings = Settings.load()
    if index is None:  # read the built index as it is: answering never builds (KnowledgeBase.refresh does)
        from index.open import load_index

        index = load_index(settings)
    language = detect(question)
    scope = scoped_clauses(index, filters)
    note, known = reference_note(question, scope, language, getattr(settings, "corpus_dir", None))
    if note and known:  # 条例第八十条: say what the document has, never another document's article or unrelated clauses
        return Answer(question, to_script(note, language), [], False, language, mode="refusal", notes=["no such reference"])
    draft = draft_answer(question, index, getattr(settings, "build_dir", None), filters=filters, scope=scope,
                         corpus_dir=getattr(settings, "corpus_dir", None))
    reason = note or refuse(draft)  # a document that is not indexed (民法典第十条): refused, nearest clauses related
    if reason:
        return refusal(question, language, draft, reason)
    result = build(question, language, draft, getattr(settings, "corpus_dir", None))
    if use_llm is None:
        use_llm = bool(getattr(settings, "llm_base_url", "") and getattr(settings, "llm_model", ""))
    if use_llm:
        from .llm import llm_answer

        result = llm_answer(question, language, draft, settings, fallback=result)
    return result


def part_draft(section: tuple[list, str], hits: list, within: str = "") -> Draft:
    """A named part's draft (its clauses summarised or given whole), the nearest other hits as related. within: the
    question when it asks within the part rather than about it (the refusal rules then check what it asks for)."""
    draft = summarise(*section)
    cited = {c.id for c in section[0]}
    draft.related = [h.clause for h in hits if h.clause.id not in cited][:3]
    if within:
        draft.restricted, draft.question = True, within
    return draft


def scoped_clauses(index, filters=None) -> list:
    """The clauses an answer may use: all, or those the filter admits (in index order)."""
    mask = index.allowed(filters=filters) if filters is not None else None
    return index.clauses if mask is None else [c for c, ok in zip(index.clauses, mask) if ok]


def draft_answer(question: str, index, build_dir=None, filters=None, scope: list | None = None,
                 corpus_dir=None) -> Draft:
    """The extractive draft: a part summary when the question names a part, else the best sentences.

    scope: scoped_clauses(index, filters) when the caller has it already (a filtered scan of 271k clauses)."""
    clauses = scope if scope is not None else scoped_clauses(index, filters)
    stats = stats_for(index.clauses)  # term weights of the whole collection, whatever the scope
    hits = index.search(question, k=SEARCH_K, filters=filters)
    named_of = getattr(index, "named_documents", None)  # absent on a stand-in index (tests' fakes)
    documents = set(named_of(question)) if named_of is not None else set()  # the documents the question names
    section = section_question(question, clauses, corpus_dir) or section_from_hits(question, hits, clauses, corpus_dir) \
        or heading_section(question, clauses, documents or None) or described_unit(question, hits, clauses)
    if section:
        return part_draft(section, hits)
    restrict, topic = None, None
    for ref in parse(question):
        restrict = section_clauses(ref, clauses) or None
        if restrict:
            rest = ""
            if ref.span != (0, 0):
                folded = spaced_fold(question)  # the fold refs.detect measured its spans in
                rest = (folded[: ref.span[0]] + " " + folded[ref.span[1]:]).strip()
            if one_small_unit(restrict):
                # asked within one article, item, section or paragraph ("item (26) … about the Hengqin court",
                # "条例第三十七条第三款关于人才个税怎么规定"): shown whole, as a legal database shows a provision. On 17
                # fitted questions answered from within one small part the chosen sentences held 0.80 of the key
                # points, the whole part 1.00; on honest sets, side by side, 02ze+02zf 0.896 -> 0.940 and the set
                # written after the change 0.968 -> 0.977 (qa/CALIBRATION.md, Session 10). A larger part keeps the
                # selection by topic.
                return part_draft((restrict, heading_of(restrict)), hits, within=question)
            topic = rest or None
            break
    if restrict is None:  # a reference only the router resolved (another document's numbering)
        routed = [h.clause for h in hits if "ref" in h.retrievers]
        if routed:
            restrict, topic = routed, residual_topic(question) or None
    store = sentence_store(index, build_dir)
    qvec = None
    if store is not None:
        try:
            qvec = index.embedder.query(topic or question)
        except Exception:  # the embedder failing only costs the meaning score; lexical evidence still answers
            store = None
    # the documents a question names are where to look, not words its answer must hold (a 条例 clause quoting
    # 《总体方案》 is no better answer to "总体方案对X怎么说"): the lexical evidence reads the question without them
    if topic is None and documents:
        topic = index.without_document_names(question)
    # the whole collection, not the filtered scope: the refusal model's z-score was fitted against a background
    # sample of every document, and a table's sibling rows share its document anyway
    # a question of several parts: each part's best sentence joins the answer (qa/multipart.py)
    draft = extract_parts(question, hits, stats, restrict, topic, store, qvec, index, filters)
    draft.picks = with_items(draft.picks, index, None if clauses is index.clauses else {c.id for c in clauses})
    if documents:  # a topic the named documents never mention, whatever the rest of the collection holds
        silent = absent_topics(question, lambda s: any(s in fold(c.text) for c in clauses if c.doc_id in documents))
        for d in (draft, getattr(draft, "basis", None)):
            if d is not None:
                d.unknown_names = list(d.unknown_names) + [t for t in silent if t not in d.unknown_names]
    if store is not None:
        store.save()
    if not draft.restricted:  # a question about one named article is answered from it alone
        # a question naming its document wants that document's answer; one naming none gets the provision wherever
        # it is restated, though the restatement ranks outside the hits
        # — and a question naming two documents ("总体方案和条例都…") gets the other's restatement of its answer
        # there, whole sentence or not: a shared provision is what it asks for
        if len(documents) >= 2:
            named_scope = replace(filters or Filter(), doc_ids=tuple(sorted(documents)))
            search = lambda text, k: index.search(text, k=k, filters=named_scope)  # noqa: E731
        else:
            search = None if documents else (lambda text, k: index.search(text, k=k, filters=filters))
        extra = parallels(draft.picks, hits, search=search, piece=len(documents) >= 2)
        if extra and len(documents) >= 2:
            # the other named document's restatement of the answer is its answer there: its sentences that cover
            # no more of the question were the best of a weak lot ("都要求…当成什么": 条例第四条第二款, not 第九条)
            restated = {p.clause.doc_id: p.own for p in extra}
            draft.picks = [p for p in draft.picks if p.own > restated.get(p.clause.doc_id, -1.0)]
        if extra:  # shown in their own document's group, under a heading naming the relation (layout.py)
            draft.picks = draft.picks + extra
            draft.related = [c for c in draft.related if c.id not in {p.clause.id for p in extra}]
    return draft


def build(question: str, language: str, draft: Draft, corpus_dir=None) -> Answer:
    """Number the cited clauses in order of first use; an overview line of their leads, then the sentences,
    one line per clause, grouped under a heading per document when several documents are cited."""
    citations: list[Citation] = []
    number: dict[str, int] = {}
    sentences: list[Sentence] = []
    picks = list(draft.picks)
    docs_in_order = list(dict.fromkeys(p.clause.doc_id for p in picks))
    if len(docs_in_order) > 1:  # group by document, keeping the order of first use inside each group
        picks.sort(key=lambda p: docs_in_order.index(p.clause.doc_id))
    for p in picks:
        if p.clause.id not in number:
            number[p.clause.id] = len(citations) + 1
            citations.append(Citation(number[p.clause.id], p.clause))
        n = number[p.clause.id]
        citations[n - 1].quotes.append(p.source)
        shown = to_script(p.shown, "zh-Hant") if language == "zh-Hant" else p.shown
        sentences.append(Sentence(shown, p.shown, n))
    firsts = [(c.n, c.clause, next(s.source for s in sentences if s.n == c.n)) for c in citations]
    if draft.mode != "summary" and draft.query is not None:  # a lead on another topic would mislead as a summary
        firsts = [f for f in firsts if matched(draft.query, fold(f[1].lead or ""))]
    if draft.mode == "summary" and len(docs_in_order) > 1:  # 第二部分 of two documents: one count would add them up
        firsts = []
    overview, pieces = overview_line(firsts, draft.listing or draft.mode == "summary")
    if pieces and len(sentences) == len(pieces):  # every line would repeat a piece: the lines are the overview
        overview, pieces = "", []
    if language == "zh-Hant" and overview:
        overview = to_script(overview, "zh-Hant")
    headings = group_headings(citations, corpus_dir)
    lines: list[str] = []
    framing: list[str] = []
    doc_of = {c.n: c.clause.doc_id for c in citations}
    for i, s in enumerate(sentences):
        piece = f"{s.text}[{s.n}]"
        if i and sentences[i - 1].n == s.n:
            lines[-1] += piece
            continue
        doc = doc_of[s.n]
        if headings and (not i or doc_of[sentences[i - 1].n] != doc):
            heading = to_script(headings[doc], "zh-Hant") if language == "zh-Hant" else headings[doc]
            lines.append(heading)
            framing.append(heading)
        lines.append(piece)
    intro = foreign_intro(language, draft.mode, citations, corpus_dir)
    # a part summarised is named by its own headings first, as a legal database shows an article under its
    # chapter: the heading says what the part is about (（二十七）加大赋权力度), the sentences what it says
    part = part_line(draft, language)
    framing = ([part] if part else []) + framing
    text = "\n".join(([intro] if intro else []) + ([part] if part else []) + ([overview] if overview else []) + lines)
    return Answer(question, text, citations, True, language, related=list(draft.related), sentences=sentences,
                  intro=intro, mode=draft.mode, support=draft.support, overview=overview, overview_pieces=pieces,
                  framing=framing)


def part_line(draft: Draft, language: str) -> str:
    """The headings of the part a summary gives ("六、保障措施 / （二十七）加大赋权力度"), "" for other answers."""
    if draft.mode != "summary" or not draft.heading:
        return ""
    return to_script(draft.heading, "zh-Hant") if language == "zh-Hant" else draft.heading


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
