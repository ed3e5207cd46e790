"""A question about a named part (六（三）讲什么, 条例第五章, article 12): is it about the part as a whole, and its summary."""
from __future__ import annotations

import re

from index.normalize import fold as spaced_fold

from .compose import Draft, Pick
from .docinfo import KIND_NAMES, doc_info
from .lookup import heading_of, parse, section_clauses
from .select import heading_like
from .support import LATIN_STOP, clause_sentences, strip_accents
from .text import fold, numbers

SUMMARY_LIMIT = 15  # a part of more clauses (a chapter of 37 款) is shown one sentence per article or section
SUMMARY_UNITS = 20  # …and at most this many articles or sections
SUMMARY_WHOLE = 3  # a part of at most this many clauses is shown sentence by sentence
# …as is one article, item or section, however many paragraphs: a lookup of 总体方案（四） wants its text, as a legal
# database shows it, not the first sentence of each paragraph (the longest clause has 10 sentences)
WHOLE_SENTENCES = 24
# English/Portuguese words of a question about a part as a whole ("what does article 12 of the regulation say",
# "o que diz a parte 6, secção 1"): question verbs and the names of the units documents are divided into
_LATIN_PART_WORDS = frozenset("""article articles chapter chapters item items part parts section sections paragraph
paragraphs clause clauses regulation regulamento artigo artigos capitulo capitulos parte partes seccao seccoes secao
secoes paragrafo paragrafos alinea alineas numero say says contain contains cover covers covered set sets out state
states main mainly points point summary summarise summarize overall master overview lay lays down provide provides
provision provisions resumo diz dizem estabelece preve trata conteudo principais ponto pontos""".split())
# What is left of a section question once the reference is removed, when it asks about the part as a whole:
# question words (Mandarin and Cantonese), "what does it say / which measures / how many groups", the documents'
# kind names, and the demonstratives that point back at the part ("属地管理那条说了啥": the item described).
_RESIDUAL_NOISE = re.compile(r"[\W\d_a-z]|第|部分|节|章|条|款|项|是|关于|什么|甚么|讲|说|原文|内容|下面|有|哪几条|哪些|哪几|请问|咗|"
                             r"乜嘢|的|呢|吗|主要|具体|写了|写|规定了?|提出了?|明确了?|措施|举措|任务|要求|方面|分成了?|分为|"
                             r"几个|几项|几类|几条|一共|总共|包括|包含|哪|些|几|个|了|里|中|规划|方案|条例|意见|办法|通知|"
                             r"总体|建设|促进|发展|产业|合作区|横琴|粤澳|深度|概括|概述|介绍|一下|么|呀|啊|吧|点样|咩|嘅|"
                             r"列出|列举|全部|所有|都|和|与|及|其|该|本|这|那|怎么样|如何|怎样|怎么|啥|大概|大致|简单|列|"
                             r"㗎|嗰|𠮶|啲|係|喺|乜|嘢|啦|喎|吖|讲讲|说说|看看|一看|帮我|我想|想知道|知道|了解|块|每|各")


def section_question(question: str, clauses: list, corpus_dir=None) -> tuple[list, str] | None:
    """The clauses of a part the question names, when the question asks about that part as a whole."""
    for ref in parse(question):
        found = section_clauses(ref, clauses)
        if not found:
            continue
        folded = spaced_fold(question)  # the fold refs.detect measured its spans in
        rest = folded[: ref.span[0]] + folded[ref.span[1]:] if ref.span != (0, 0) else ""
        heading = heading_of(found)
        # "六（三）里跨境人民币结算怎么说" asks within the part; "六（三）讲什么" asks for the part itself
        if whole_part(rest, found, corpus_dir):
            return found, heading
    return None


def residual_topic(question: str) -> str:
    """The question without its section references (the routed part is where to look, not what to look for)."""
    from index.refs import detect, residual

    refs = detect(question)
    return residual(question, refs) if refs else question


def whole_part(rest: str, found: list, corpus_dir=None) -> bool:
    """Whether what is left of a question besides its reference asks for the part as a whole: nothing is left
    but question words, the part's own heading (or words of it) and the document's name."""
    names = _document_words(found, corpus_dir)
    # a Latin topic word ("EF账户", "QFLP") asks within the part; English question words do not
    latin = [w for w in re.findall(r"[a-z][a-z0-9]+", strip_accents(spaced_fold(rest))) if w not in LATIN_STOP
             and w not in _LATIN_PART_WORDS and w not in names]
    if latin:
        return False
    heading = fold(heading_of(found))
    # the part's own heading first: the noise words below (产业, 发展) would break it into pieces no longer found
    rest = _RESIDUAL_NOISE.sub("", without_shared(fold(rest), heading))
    return len(without_shared(rest, heading)) <= 3


def without_shared(text: str, other: str, shortest: int = 2) -> str:
    """`text` without every run of at least `shortest` characters that `other` contains too, longest first from
    the left: "属地管理那条" less the heading "做好合作区属地管理工作" is "那条"."""
    out, i = [], 0
    while i < len(text):
        j = i + shortest
        if text[i:j] in other:
            while j < len(text) and text[i:j + 1] in other:
                j += 1
            i = j
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _document_words(found: list, corpus_dir=None) -> set[str]:
    """The Latin words of the found documents' English/Portuguese names and kind names ("plano de
    desenvolvimento industrial" names where the part is, it is no topic)."""
    words: set[str] = set()
    for doc_id in dict.fromkeys(c.doc_id for c in found):
        info = doc_info(next(c for c in found if c.doc_id == doc_id), corpus_dir)
        for name in info.names + KIND_NAMES.get(info.kind, ("", "")):
            words |= set(re.findall(r"[a-z][a-z0-9]+", strip_accents(name.lower())))
    return words


def section_from_hits(question: str, hits: list, clauses: list, corpus_dir=None) -> tuple[list, str] | None:
    """A part named in the question that only the router resolved (hits whose retrievers include "ref"):
    its clauses in document order, when the question asks about the part as a whole."""
    routed = [h.clause for h in hits if "ref" in h.retrievers]
    if not routed or not whole_part(residual_topic(question), routed, corpus_dir):
        return None
    pos = {c.id: i for i, c in enumerate(clauses)}
    routed.sort(key=lambda c: pos.get(c.id, 0))
    return routed, heading_of(routed)


def summarise(found: list, heading: str) -> Draft:
    """A part summarised by its clauses' lead sentences (the first sentence where a clause has no lead).

    A part of a few clauses, or one article, item or section of several paragraphs, is given whole (up to
    WHOLE_SENTENCES),
    since its leads alone would say little; a part of many clauses (a chapter) gets one sentence per article or
    section, its first clause's lead or first sentence, so that every article is named."""
    units = _units(found)
    if len(found) <= SUMMARY_WHOLE or len(units) == 1:
        picks = []
        for c in found:
            room = WHOLE_SENTENCES - len(picks)
            if room <= 0:
                break
            picks += [Pick(c, shown, source, pos, 1.0) for pos, shown, source in _sentences(c)[:room]]
    elif len(found) <= SUMMARY_LIMIT:
        picks = [p for p in (_first(c) for c in found[:SUMMARY_LIMIT]) if p]
    else:
        picks = [p for p in (_first(unit[0]) for unit in units[:SUMMARY_UNITS]) if p]
    return Draft(picks, 1.0, "summary", heading=heading, has_figure=any(numbers(p.shown) for p in picks))


def one_small_unit(found: list) -> bool:
    """Whether a named part is one article, item, section or paragraph of at most SUMMARY_WHOLE clauses: small
    enough to show whole when a question asks within it."""
    return 0 < len(found) <= SUMMARY_WHOLE and len(_units(found)) == 1


def _units(found: list) -> list[list]:
    """The clauses grouped by their whole heading path (an article's paragraphs, a section's paragraphs)."""
    groups: dict[tuple, list] = {}
    for c in found:
        groups.setdefault(tuple(c.path), []).append(c)
    return list(groups.values())


def _sentences(clause) -> list:
    return [s for s in clause_sentences(clause) if not heading_like(s[1], clause)]


def _first(clause) -> Pick | None:
    """A clause's lead, else its first sentence that is not a heading."""
    if clause.lead:
        lead = clause.lead if clause.lead.endswith("。") else clause.lead + "。"
        return Pick(clause, lead, clause.lead.rstrip("。"), 0, 1.0)
    sents = _sentences(clause)
    return Pick(clause, sents[0][1], sents[0][2], sents[0][0], 1.0) if sents else None


# A list or count question naming a part by its heading, not its number ("总体方案给合作区定了几个定位？分别是啥"
# names （四）战略定位 by 定位 only, "产业规划定了几条发展原则" names 二（二）发展原则): the heading's text after its
# numbering, at least HEADING_MIN characters (总则, 附则 are every regulation's; 4 characters name one part).
HEADING_MIN = 4
MAX_HEADED_DOCUMENTS = 3  # a heading more documents share (法律责任 at size) names no part
_NUMBERING = re.compile(r"^(?:第[一二三四五六七八九十百千零〇\d]+[章节条部分]+|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*)\s*")
_COUNTED = re.compile(r"几[个项类种条点块大方]|多少[个项类种条]|分别|各是|各自|每[个项块条]|哪几|哪些|一共|总共")
# …or by the last word of its heading, right after the count: 几个定位 names （四）战略定位, 几条原则 （二）发展原则
# (not a unit of time or money: "几个工作日能批下来" asks a duration, not about （二十二）…属地管理工作)
_COUNTED_NOUN = re.compile(r"(?:几|多少)[个项类种条点块大](?!工作日|小时|星期|月|天|日|年|亿|万)([\u4e00-\u9fff]{2,4})")
# …or right before it: 基本原则一共几条 names （二）发展原则 by 原则
_NOUN_COUNTED = re.compile(r"([\u4e00-\u9fff]{2})(?:一共|总共|共|有|分|分为|分成)?(?:几|多少)[个项类种条点块大方]")
# …or in quotes, in other words: “和澳门一体化高水平开放新体系”的那部分 is 四、构建与澳门一体化高水平开放的新体系
_QUOTED = re.compile(r"[“「\"]([^”」\"]{4,40})[”」\"]")
QUOTE_OVERLAP = 0.7  # share of a quoted phrase's character pairs a heading must hold to be the part it names
_heading_cache: dict = {}


# An article, item or section named by what it is about: "条例里讲税收优惠嗰条，总共有几款？逐款讲下"
_DESCRIBED = re.compile(r"(?:讲|说|关于|规定|写|讲到|说到|提到)([^，。？?、]{2,14}?)的?(?:那|嗰|𠮶|这|呢|哪)一?(?:条|项|节)")  # 𠮶: how fold() simplifies 嗰
# what such a question asks of the unit: the whole of it
_WHOLE_UNIT = re.compile(r"几款|几项|几段|几句|逐款|逐条|逐项|逐段|全文|原文|讲(?:了)?(?:什么|啥|咩|乜)|说(?:了)?(?:什么|啥|咩|乜)|"
                         r"写(?:了)?(?:什么|啥|咩|乜)|内容|讲下|讲讲|说说|具体")


def described_unit(question: str, hits: list, clauses: list) -> tuple[list, str] | None:
    """The article, item or section the question names by its topic ("讲税收优惠那条"), as a whole: the unit
    (one heading path of one document) of the best retrieved clause, when the question asks for the unit whole."""
    text = fold(question)
    if not _DESCRIBED.search(text) or not _WHOLE_UNIT.search(text) or not hits:
        return None
    top = next((h.clause for h in hits if h.clause.kind in ("paragraph", "preamble")), None)
    if top is None:
        return None
    # a scan, only for a question that names a unit by its topic (a regex matched above)
    unit = [c for c in clauses if c.doc_id == top.doc_id and list(c.path) == list(top.path) and c.kind == top.kind]
    return (unit, heading_of(unit)) if unit else None


def heading_section(question: str, clauses: list, named: set[str] | None = None) -> tuple[list, str] | None:
    """The clauses of the part whose heading a list or count question contains (within the documents the question
    names, when it names any), in document order — one part per document; None when no part matches, or two
    parts of one document, or parts of more than MAX_HEADED_DOCUMENTS documents."""
    text = fold(question)
    if not _COUNTED.search(text):
        return None
    parts = _headed_parts(clauses)
    nouns = {m.group(1)[:n] for m in _COUNTED_NOUN.finditer(text) for n in (2, 3, 4) if len(m.group(1)) >= n}
    nouns |= {m.group(1) for m in _NOUN_COUNTED.finditer(text)}
    quoted = [m.group(1) for m in _QUOTED.finditer(text)]
    hits = [key for key in parts if (key[2] in text or any(key[2].endswith(n) for n in nouns)
                                     or any(_overlap(q, key[2]) >= QUOTE_OVERLAP for q in quoted))
            and (not named or key[0] in named)]
    # 发展目标 inside 产业发展目标: the longest heading contained is the one named; one the question contains
    # whole before one it names by its last word
    whole = [k for k in hits if k[2] in text]
    if whole:
        longest = max(len(k[2]) for k in whole)
        hits = [k for k in whole if len(k[2]) == longest]
    # one part per document: 发展目标 of the plan and of the 总体方案, each answered under its document
    if not hits or len({k[0] for k in hits}) != len(hits) or len(hits) > MAX_HEADED_DOCUMENTS:
        return None
    found = [c for k in hits for c in parts[k]]
    return found, heading_of(found)


def _overlap(phrase: str, heading: str) -> float:
    """Share of the phrase's character pairs the heading holds."""
    pairs = [phrase[i:i + 2] for i in range(len(phrase) - 1)]
    return sum(p in heading for p in pairs) / len(pairs) if pairs else 0.0


def _headed_parts(clauses: list) -> dict[tuple, list]:
    """(document, heading path, heading text) -> the part's clauses, for every heading of at least HEADING_MIN
    characters; built once per clause list (the whole collection at size: 271k clauses)."""
    cached = _heading_cache.get("entry")  # one tuple, replaced whole: concurrent readers see an old or a new one
    if cached is not None and cached[0] is clauses and cached[1] == len(clauses):
        return cached[2]
    parts: dict[tuple, list] = {}
    cores: dict[str, str] = {}  # a heading folded once, however many clauses lie under it
    for c in clauses:
        for depth, element in enumerate(c.path):
            core = cores.get(element)
            if core is None:
                core = cores[element] = fold(_NUMBERING.sub("", element)).strip("。 ")
            if len(core) >= HEADING_MIN:
                parts.setdefault((c.doc_id, tuple(c.path[: depth + 1]), core), []).append(c)
    _heading_cache["entry"] = (clauses, len(clauses), parts)
    return parts
