"""When to refuse: rules that need no threshold first, then one evidence threshold calibrated on the dev split.

1. Another place as the subject ("深圳前海的人才补贴政策") — the documents set the zone's policy, not other
   cities' local rules, even where they name that city as a partner.
2. A kind of information the cited clauses do not contain (a phone number, an address, a fee, a tax rate,
   a procedure, a day, a figure, a name) — see qa/asks.py; or a quoted name or edition the collection never
   mentions (《…》, "2021版": the question is about another text).
3. Too little of the question found in the best retrieved clause: the idf-weighted share of its concepts,
   where a word the documents never use counts as missing only when it names a thing (税率, 公寓, director);
   never-used verbs and adjectives (享受, 方便, monitored) are paraphrase and count neither way.

4. Otherwise the refusal model (qa/refusal_model.py): a logistic regression over evidence signals (lexical
   support, the best sentence's cosine as a z-score against unrelated sentences, whether a rule above fired, the
   cited clauses' coverage of the question, the reader's log-odds: qa/reader.py),
   fitted on the calibration gold sets by `python -m eval.refusal_fit`. Without sentence vectors (no
   embedder) the lexical threshold below applies; it comes from `python -m eval.calibrate` on the dev split.
"""
from __future__ import annotations

import re

from .asks import count_question, cue_words, has_kind, kinds_asked, missing_articles, other_place, uncounted
from .refusal_model import MODEL, answerable
from .kinds import folded
from .text import fold, has_quantity

# kinds whose evidence must be in the answer's own sentences (a comparison in a long clause's other sentence — the
# 15% cap of 个人所得税 beside the 企业所得税 rate — compares something else)
SENTENCE_KINDS = ("sum", "day", "procedure", "comparison", "contents", "money", "hours", "rate", "place")
# kinds stating a figure: when the question names a year, the figure must be for it ("2023年的中央财政补助是多少")
YEAR_KINDS = ("money", "sum", "percentage", "rate")
# Minimum share (idf-weighted) of the question's concepts found in the best of the top clauses.
SUPPORT_THRESHOLD = 0.2  # dev interval [0.00, 0.22] after the answer rework (qa.calibrate); the rules decide dev


def rule_reason(draft) -> str:
    """Why the draft cannot be an answer whatever the threshold ("" when no rule applies)."""
    return rule(draft)[1]


# What a rule found: another place, text or name the question is about (the whole question), or a kind of
# information it asks for that the cited sentences lack.
ABOUT, MISSING = "about", "missing"


# the reasons a count question gets when no sentence states its number (within_part_reason reads them)
NO_FIGURE, HOW_MANY = "the question asks for a figure", "it asks how many"


def rule(draft) -> tuple[str, str]:
    """(ABOUT or MISSING or "", the reason) of the first rule that applies to the draft."""
    draft = getattr(draft, "basis", None) or draft  # a merged answer is judged as the whole question's (qa/multipart.py)
    if draft.mode == "summary" and not draft.restricted:  # a part asked about as a whole: its clauses are the answer
        return "", ""
    if not draft.picks:
        return ABOUT, "no sentence of the retrieved clauses answers it"
    question = draft.question or (draft.query.question if draft.query is not None else "")
    texts = [p.shown for p in draft.picks] + [p.clause.text for p in draft.picks]
    # a clause's own label names its article (第四十九条第二款): asking about it is not asking about another text
    cited = [p.clause.citation for p in draft.picks]
    place = other_place(question, texts)
    if place:
        return ABOUT, f"it asks about {place} itself; the indexed documents set the cooperation zone's policy"
    names = getattr(draft, "unknown_names", None)
    if names:
        return ABOUT, f"it names {names[0]}, which no indexed document mentions"
    articles = missing_articles(question, texts + cited)
    if articles:
        return ABOUT, f"it asks about {articles[0]} of a text the cited clauses do not quote"
    kinds = kinds_asked(question)
    wants_figure = draft.query is not None and draft.query.wants_figure
    # no subject word in any cited text: the detail must then be stated in a text sharing a specific word with the
    # question ("产业投资基金的总规模是多少亿" is not answered by 规模以上工业增加值's 亿元)
    # (Chinese questions: an English or Portuguese word's wordings credit a text too loosely for this test)
    about = subject_of(draft, question, texts) if kinds else None
    if kinds and about is None and draft.query is not None and not draft.query.latin:
        about = shares_specific(draft, question)
    years = asked_years(question)
    for kind in kinds:
        if years and kind.name in YEAR_KINDS and not any(y in p.shown for p in draft.picks for y in years):
            return MISSING, f"it asks for {kind.label} in {years[0]} and no cited sentence gives one for that year"
        # a sum in figures, a day or a procedure must be in a sentence the answer gives, not anywhere in a long
        # clause (the issue date in a plan's closing lines answers no "qual é o prazo"; "简化注册审批流程" in a
        # clause on Chinese medicine is no procedure for using the “澳门监造” label the answer's sentence names)
        if not has_kind(kind, [p.shown for p in draft.picks] if kind.name in SENTENCE_KINDS else texts, question, about):
            return MISSING, f"it asks for {kind.label} and no cited clause has one"
    # an amount a clause sets by reference ("不超过中央财政在合作区的分享税收") answers "多少" without a digit
    # a year states when, not how much ("2024年前投资收益全部留给…" for "2025年的财政预算是多少")
    # …in a sentence sharing a specific word with the question: "how many data use cases by 2029" is not answered by
    # the port's crossings (a softer test than a kind's subject: the figure's sentence may word the rest otherwise)
    sharing = shares_specific(draft, question) if wants_figure else None
    # …and, in a Chinese question, of its subject ("未来能源产业增加值的目标": the 四新 row's 增加值 is another's)
    if wants_figure and draft.query is not None and not draft.query.latin:
        subject = subject_of(draft, question, texts)
        if subject is not None:
            specific = sharing
            sharing = subject if specific is None else (lambda text: subject(text) and specific(text))
    # …and for the year asked, when it names one ("2027年的中期目标": the table gives 2024 and 2029 only)
    figure_years = years if wants_figure else []
    figure = any(has_quantity(p.shown) and (sharing is None or sharing(p.shown)) and
                 (not figure_years or any(y in p.shown for y in figure_years)) for p in draft.picks)
    if wants_figure and not figure and not kinds:
        return MISSING, f"{NO_FIGURE} and no cited sentence has one"
    counter = uncounted(question, [p.shown for p in draft.picks])
    if counter:
        return MISSING, f"{HOW_MANY} ({counter}) and no cited sentence counts them"
    if draft.query is not None and draft.query.wants_date and not draft.has_date:
        return MISSING, "the question asks for a date and no cited sentence has one"
    return "", ""


# idf: a word rarer than the documents' subject words (合作区 0.8, 澳门 1.1, 横琴 1.9)
SPECIFIC_WEIGHT = 2.0


def _subject_words(draft, question: str) -> list:
    """The question's words that may say what it is about: two characters or more (得, 车 say nothing of a
    subject), not a figure, not the words asking for a kind (准备哪些材料)."""
    if draft.query is None:
        return []
    asking = cue_words(question)
    return [c for c in draft.query.concepts
            if c.needles and len(c.label) >= 2 and not any(ch.isdigit() for ch in c.label) and c.label not in asking
            and not _UNIT.fullmatch(c.label)]


# a unit word (亿元, 万人次) says what is counted in, not what about: every figure sentence has one
_UNIT = re.compile(r"[亿万千百十]*(?:元|美元|澳门元|人次|人|户|家|个|平方米|公里|吨|%)")


# A year the question asks a figure for: four digits, not one end of a range (《产业规划（2025-2029年）》 names a
# plan, not a year asked about)
_RANGE = re.compile(r"(?:19|20)\d\d\s*年?\s*[-—–~至到]\s*(?:19|20)\d\d")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


# A year naming a document, not asked about: "Plano Geral de 2021", "the 2021 Master Plan", "2021年的总体方案" —
# by the kinds of document a corpus holds (规划 / 方案 / 条例 / 意见 / 通知 / 办法), not by one document's name
_DOC_WORDS = (r"(?:(?:master|overall|general|industrial(?:\s+development)?)\s+plan|plan|plano(?:\s+geral)?|regulation|"
              r"regulamento|programme|opinions?|notice|measures|(?:总体|发展|产业|建设|促进|实施)?(?:方案|规划|条例|意见|通知|办法|规定))")
_DOC_YEAR = re.compile(rf"{_DOC_WORDS}\s*(?:geral\s+)?(?:de|of|（|\()\s*(?:19|20)\d\d|(?:19|20)\d\d\s*(?:年)?\s*(?:版)?\s*(?:的)?\s*{_DOC_WORDS}",
                       re.IGNORECASE)


def asked_years(question: str) -> list[str]:
    """The years a question asks a figure for (folded: 總體方案 names a document as 总体方案 does)."""
    return _YEAR.findall(_DOC_YEAR.sub(" ", _RANGE.sub(" ", folded(question))))


def subject_of(draft, question: str, texts: list[str]):
    """Whether a text is about the question's subject: the weightiest thing the question names that some cited
    text holds; None when no such thing is found (no check)."""
    folded_texts = [fold(t) for t in texts]
    present = [c for c in _subject_words(draft, question) if any(c.credit(t) >= 1.0 for t in folded_texts)]
    things = [c for c in present if c.focus] or present  # a thing first; the segmenter tags 医美, 资助 as verbs
    if not things:
        return None
    subject = max(things, key=lambda c: c.weight)
    return lambda text: subject.credit(fold(text)) >= 1.0


def shares_specific(draft, question: str):
    """Whether a text shares with the question a word of weight SPECIFIC_WEIGHT or more; None when the question has
    none (no check)."""
    words = [c for c in _subject_words(draft, question) if c.weight >= SPECIFIC_WEIGHT]
    if not words:
        return None
    return lambda text: any(c.credit(fold(text)) >= 1.0 for c in words)


def within_part_reason(draft) -> str:
    """Why a question asked within a part it names cannot be answered from that part ("" when it can): only a kind
    of information asked for that the part's text lacks ("表2-1里…2027年的目标" where the table gives 2024 and 2029).

    Not the refusal model, which was fitted on questions answered from the whole collection: the reference already
    places the topic, and the part's clauses are the answer unless what it asks for is not in them. A count asked of
    a part that lists ("第六条第二款列的重大事项一共几项", no year named) is answered by its list, which the answer counts. Measured
    on the 14 honest sets (session 12): 12 of the 15 unanswerable questions asked within a part flagged, none of the
    91 answerable ones (qa/CALIBRATION.md)."""
    kind, reason = rule(draft)
    if kind != MISSING:
        return ""
    question = draft.question or (draft.query.question if draft.query is not None else "")
    listed = len({p.clause.id for p in draft.picks}) >= 2  # the part's answer gives several clauses: items to count
    if count_question(question) and listed and not asked_years(question) and reason.startswith((NO_FIGURE, HOW_MANY)):
        return ""
    return reason


def refuse(draft, threshold: float | None = None) -> str:
    """Why the draft cannot be given as an answer ("" when it can)."""
    return verdict(draft, threshold)[0]


def verdict(draft, threshold: float | None = None) -> tuple[str, float | None]:
    """(why the draft cannot be given as an answer or "", the refusal model's P(answerable) when it decided).

    With sentence vectors, the refusal model (qa/data/refusal_model.json) weighs the evidence signals and
    whether a rule found the kind of information asked for missing; without them (no embedder), or when a
    threshold is passed (calibration), the rules decide and then the lexical support threshold."""
    if getattr(draft, "restricted", False):
        return within_part_reason(draft), None
    if draft.mode == "summary":
        return "", None  # the question asks about a named part as a whole; its clauses are the answer
    reason = rule_reason(draft)
    if threshold is None and getattr(draft, "dense", 0.0) > 0 and draft.picks and MODEL.exists():
        ok, p, cut = answerable(draft, bool(reason))
        if ok:
            return "", p
        return reason or f"the evidence model gives {p:.2f} that the clauses answer it (threshold {cut:.2f})", p
    if reason:
        return reason, None
    threshold = SUPPORT_THRESHOLD if threshold is None else threshold
    if draft.support < threshold:
        return f"best clause covers {draft.support:.2f} of the question (threshold {threshold:.2f})", None
    return "", None
