"""Lexical support: how much of a question a clause or sentence covers (idf-weighted), across languages."""
from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from pathlib import Path

from core.text import unhyphen
from errors import UserError
from index.lexicon import wordings as lexicon_wordings
from index.normalize import fold as _spaced_fold

from .text import bigrams, fold, indefinite_ji, numbers, row_sentence, sentences

# Question scaffolding (folded, Simplified): removed before terms are taken, so that "有哪些" or
# "规划里" never count as topic words. Longest first; Cantonese particles included.
SCAFFOLD = sorted(set("""
请问 请 规划里面 规划里 规划中 规划对 规划 本规划 这份 这个 那个 里面 有哪些 哪些 哪几个 哪几条 哪几 哪个 哪一 哪里 哪
是什么 什么 甚么 多少 几多 几 怎么样 怎么 怎样 如何 有没有 有无 是否 可不可以 可以 能否 能不能 能 会 吗 呢 吧 啊 嘅 咩 乜嘢 乜
喺 咗 讲咗 讲 说 提到 提出 方面 关于 有关 相关 具体 一下 下面 内容 原文 我们是 我们 我司 本公司 我是 一家 一间 想在 想 要 需要
应该 每个 每一个 准备 打算 提前 预先 事先 计划 分别 各自 各有 一共 总共 一块 那一块 样 什么样 类型 种类 哪种 哪部 哪天 哪一年 后面 前面 入面 唔 点样 点讲 点
边个 边度 现在 目前 将来 以后 情况 举措 措施 安排 定位 利好 好处 符合 方向 怎么办 办法 什么样的 哪方面 方面的 都有 各 主要
想问 想了解 了解一下 了解 咨询一下 是不是 对不对 会不会 要不要 需不需要 多久 多长时间 在哪 哪儿 怎么做 如何做 做什么 干什么
为何 为什么 是指 指的是 意思 含义 具体是 包括 包含 涉及 提及 规定了 明确了 提出了 写了 说了 讲了 讲到 说到 谈到 体现 主要有
分为 属于 针对 对于 就 该 此 上述 以上 以下 其中 另外 此外 还 又 再 均 仅 只 才 就是 还是 或者 并且 而且 但是 然后 比如
例如 等等 之类 一些 哪些方面 几个 几项 几类 多大 怎么讲 如何讲 有何 何种 哪类 哪方 系咪 点样 点解 几时 有冇 冇 啲 咁
可唔可以 系唔系 得唔得 嘢 嘅话 咗 吓 下 啦 喇 嘛 哦 呀 哈 吗？ 呢？
的 了 和 与 及 或 在 是 为 对 把 将 从 向 于 由 有 也 都 并 等 做 到 呢 啦 系 同 而 给 被 这 那 个 其
""".split()), key=len, reverse=True)
# One-character words that never carry a topic on their own.
SCAFFOLD_CHARS = frozenset("的了和与及或在是为对把将从向于由有也都并等做到呢啦系同而给被这那个其吗吧啊么要想能会可去来让使用上下中内外里后前多少大小新每各该此本我你他她它们谁哪何啥怎几讲说问喺咩嘅咗乜")
_SCAFFOLD_SET = frozenset(SCAFFOLD)

# Latin words that carry no topic here (question words, and words every clause of a Hengqin plan is about).
LATIN_STOP = frozenset("""
the a an of to in on for and or is are be been was were what which who whom whose how does do did about with by
from at as that this these those there any some can could will would should may might we our us you your i my me it
its they their them show tell give list please plan plans planning zone zones hengqin cooperation in-depth indepth
guangdong-macao guangdong macao macau say says said offer offers measures measure provide provides regarding under
part section much many also than more most into between such other tell explain describe mention mentioned
according specifically concerning related relevant kind kinds type types way ways anything something available
planned aims intend intends going want wants need needs like e.g eg example etc currently there's what's it's
o os as um uma uns umas de da do das dos em no na nos nas para por pelo pela pelos pelas com que qual quais
relativamente acerca previsto prevista previstos previstas planeia pretende tipo tipos forma formas algum alguma
alguns algumas exemplo tambem ja ainda existe existem ha esta estao sera serao fazer faz feito tem ter
o os as um uma uns umas de da do das dos em no na nos nas para por pelo pela pelos pelas com que qual quais quanto
quantos quantas como onde quem e ou ao aos se sobre ha existe existem somos sao esta este esta isto plano zona
cooperacao aprofundada entre diz prevê preve podemos pode medidas parte seccao secao
""".split()) | frozenset("""
when where why whether has have having had am i'm i'd we're we've they're don't doesn't isn't aren't won't can't
get gets got go goes going come comes came make makes let lets just only very too so then than while before after
up down out off over again further once here all both each few own same not no nor yes being does doing done
quando porque porquê se nao sim ja muito muita muitos muitas mais menos seu sua seus suas meu minha nosso nossa
nossos nossas ele ela eles elas isso aquilo aquele aquela eu nos voce voces lhe lhes foi foram ser estar ter haver
posso podem poderia deve devem vai vao ate apos antes depois entao tambem so
""".split())
_LATIN_WORD = re.compile(r"[a-z][a-z0-9'&+-]*|\d+(?:\.\d+)?")

# Questions that ask for a figure: an answer without any number cannot be one ("多少种" asks for a list).
_FIGURE_Q = re.compile(r"(?:多少|几多)(?!种|类|样|方面|个方面)|(?<![哪好十])几(?!十|百|千)[家户个人项倍年条所成万亿]|比重|比例|占比|税率|金额|"
                       r"数量|目标是|多大规模|多大的规模|规模(?:有|是)?多大|how many|how much|"
                       r"\btarget\b|\brate\b|\bnumber of\b|\bquant[oa]s?\b|\bmeta\b|\btaxa\b|\bvalor\b|\bvalue\b")


# A share or amount named as a topic in a yes/no question ("股权占比这类限制会不会放开") asks whether, not how much.
_FIGURE_NOUNS = frozenset({"比重", "比例", "占比", "金额", "数量", "税率"})
_YES_NO = re.compile(r"会不会|能不能|可不可以|是不是|有没有|是否|能否|可否|会否|得唔得|会唔会|可唔可以|有冇|吗[?？]?$|咩[?？]?$")


def asks_figure(q: str) -> bool:
    """Whether a (folded) question asks for a figure: 多少, 几家, 比重, how many … (not 几 meaning "a few")."""
    asked = [m.group(0) for m in _FIGURE_Q.finditer(q) if not (m.group(0).startswith("几") and indefinite_ji(q, m.start()))]
    if asked and _YES_NO.search(q) and all(a in _FIGURE_NOUNS for a in asked):
        return False
    return bool(asked)


# Questions that ask for a date or a deadline: an answer without a year, month or day cannot be one.
# "when" / "quando" ask only as question words (at the start of a clause, before an auxiliary, "by when"): "how
# are goods treated when they come from the Mainland" asks no date (fresh-2026-12-01e e03 was refused for it).
_DATE_Q = re.compile(r"什么时候|何时|几时|哪天|哪一天|哪年|哪一年|哪个年份|截止|期限|日期|几号|几月|"
                     r"(?:^|[;:?.¿]\s*)when\b|\bwhen\s+(?:is|are|was|were|will|would|does|do|did|can|could|should|must|"
                     r"shall)\b|\b(?:by|until|since)\s+when\b|\b(?:what|which)\s+year\b|"
                     r"\bdeadline|\bdue date|\bdate\b|(?:^|[;:?.¿]\s*)quando\b|\bquando\s+(?:e|sera|serao|vai|vao|foi|"
                     r"comeca|entra|deve|devem|pode|podem)\b|\bate\s+quando\b|\bem\s+que\s+(?:ano|data|dia|mes)\b|"
                     r"\bque\s+ano\b|\bprazo|\bdata limite|\bdata\s+(?:prevista|de\s+(?:entrada|inicio|abertura|conclusao))")
DATE_IN_TEXT = re.compile(r"\d{4}年|\d{1,2}月|\d{1,2}日|\d{4}-\d{1,2}")


def strip_accents(text: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@dataclass
class Concept:
    """One thing the question asks about: matched in a text when any needle occurs in it."""

    needles: tuple[str, ...]  # folded strings; empty = a word we could not map to the documents
    weight: float
    label: str
    partial: bool = False  # a Chinese word (needles = its bigrams): partial credit for a part of it
    focus: bool = True  # a thing (noun): when the documents never name it, the question is about something else

    def credit(self, text: str) -> float:
        if not self.partial:
            return 1.0 if any(n and n in text for n in self.needles) else 0.0
        if len(self.label) <= 2:
            return 1.0 if self.label in text else 0.0
        # the longest run of the word found in one piece (金融业 ~ 金融: 0.5), never scattered bigrams
        word = self.label
        for size in range(len(word), 1, -1):
            if any(word[i:i + size] in text for i in range(len(word) - size + 1)):
                return (size - 1) / (len(word) - 1)
        return 0.0


@dataclass
class Query:
    question: str
    concepts: list[Concept]
    wants_figure: bool
    latin: bool
    wants_date: bool = False

    @property
    def total(self) -> float:
        return sum(c.weight for c in self.concepts) or 1.0


class Stats:
    """Document frequencies of bigrams over a clause collection, for idf weights."""

    def __init__(self, clauses: list):
        self.n = max(1, len(clauses))
        df: dict[str, int] = {}
        self.folded: dict[str, str] = {}
        for c in clauses:
            text = fold(clause_context(c))
            self.folded[c.id] = text
            for b in bigrams(text) | set(re.findall(r"[\u3400-\u9fff]", text)):
                df[b] = df.get(b, 0) + 1
        self.df = df
        self.max_idf = math.log(1 + self.n / 0.5)

    def idf(self, gram: str) -> float:
        return math.log(1 + self.n / (self.df.get(gram, 0) + 0.5))

    def present(self, gram: str) -> bool:
        return gram in self.df


_stats_lock = threading.Lock()
_stats_cache: dict[tuple, Stats] = {}


def stats_for(clauses: list) -> Stats:
    """Stats of a clause collection, cached by its ids and content hashes (the index is loaded once)."""
    key = (len(clauses), tuple((c.id, c.hash) for c in clauses[:: max(1, len(clauses) // 64)]))
    with _stats_lock:
        st = _stats_cache.get(key)
        if st is None:
            if len(_stats_cache) > 8:
                _stats_cache.clear()
            st = _stats_cache[key] = Stats(clauses)
    return st


def clause_context(clause) -> str:
    """What a clause says plus where it sits: its headings, and a table row's title and sentence."""
    parts = list(clause.path)
    if clause.kind == "table_row" and clause.table:
        parts += [clause.table.get("title", ""), row_sentence(clause)]
    return " ".join(parts + [clause.text])


@lru_cache(maxsize=1)
def _glossary_entries() -> tuple[tuple[str, str], ...]:
    try:
        from index.glossary import Glossary

        return tuple(Glossary.load().entries)
    except Exception:  # the glossary only improves English/Portuguese matching; answers work without it
        return ()


@lru_cache(maxsize=1)
def _glossary_patterns() -> tuple[tuple[str, str, re.Pattern, tuple[str, ...]], ...]:
    """Glossary variants with their compiled patterns (compiled once: there are more than re's cache holds) and the
    needles a match credits: the term, the variant, and the lexicon's wordings of the same whole word ("subsidy" is
    the glossary's 补贴, and the documents also word it 补助 — 中央财政对合作区给予补助 — or 资助; only an entry for the
    whole variant: "sport" of "e-sport" is 体育, not 游戏电竞's wording)."""
    out = []
    for variant, term in _glossary_entries():
        latin = variant[:1].isascii()
        # the glossary keeps Latin variants in the singular ("e-sport"): a plural ("e-sports") is the same term
        pattern = rf"(?<![a-z0-9]){re.escape(variant)}(?:e?s)?(?![a-z0-9])" if latin else re.escape(variant)
        found, rest = lexicon_wordings(variant) if latin else ([], "")
        wider = [z for _, zh in found for z in zh] if len(found) == 1 and not rest.strip() else []
        needles = (fold(term), variant) + tuple(dict.fromkeys(z for z in wider if z != fold(term)))
        out.append((variant, term, re.compile(pattern), needles))
    return tuple(out)





@lru_cache(maxsize=1)
def _segmenter():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    seg = jieba.Tokenizer()
    seg.initialize()
    try:  # the corpus' own terms (合作区, 澳资, 四新 …) stay whole, as in the index's tokenizer
        from index.terms import load_userdict

        for term in load_userdict():
            seg.add_word(term, freq=max(2000, 200 * len(term)))
    except Exception:
        pass
    return seg


_seg_lock = threading.Lock()


def _words(text: str) -> list[str]:
    with _seg_lock:  # jieba's lazy structures are not safe to build from two threads at once
        return list(_segmenter().cut(text))



# jieba part-of-speech tags of nouns (common, person, place, organisation, other proper, abbreviations).
_NOUN_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "j"})
_LATIN_VERB_FORM = re.compile(r"(?:ed|ing|ly|ndo|ados?|adas?|idos?|idas?)$")


@lru_cache(maxsize=1)
def _pos_table() -> dict:
    import jieba.posseg as pseg

    _segmenter()  # loads jieba's dictionary quietly first
    return pseg.dt.word_tag_tab


def is_thing(word: str) -> bool:
    """Whether a Chinese word names a thing (a noun in jieba's tagged dictionary). Words the dictionary does not
    know (glued pieces such as 厂来, colloquial verbs) are not counted as things."""
    return _pos_table().get(word, "") in _NOUN_TAGS


def latin_thing(word: str) -> bool:
    """An English/Portuguese word that is not an inflected verb or adverb (monitored, evaluating, incluindo)."""
    return not _LATIN_VERB_FORM.search(word)


def analyse(question: str, stats: Stats) -> Query:
    """The concepts of a question: glossary terms (any language), Chinese word bigrams, figures, Latin words."""
    q = unhyphen(strip_accents(_spaced_fold(question)))  # as the glossary's variants are (index/glossary.latin_form)
    concepts: list[Concept] = []
    taken: list[tuple[int, int]] = []
    for variant, term, pattern, needles in _glossary_patterns():
        if variant not in q:  # cheap test first: most of the glossary is absent from any one question
            continue
        if any(c.needles[:1] == (fold(term),) for c in concepts):
            continue  # a second variant of a term already found adds nothing; the lexicon may map its word wider
        for m in pattern.finditer(q):
            if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
                continue
            taken.append(m.span())
            concepts.append(Concept(needles, needle_weight((fold(term),), stats), term))
    rest = list(q)
    for a, b in taken:
        rest[a:b] = [" "] * (b - a)
    rest = "".join(rest)
    if re.search(r"[a-z]", rest):
        rest = _latin_concepts(rest, concepts, stats)
    latin_words = [w for w in (re.sub(r"'s$", "", w) for w in _LATIN_WORD.findall(rest))
                   if w not in LATIN_STOP and not w.isdigit() and len(w) > 2]
    is_latin = len(_LATIN_WORD.findall(q)) > len(re.findall(r"[\u3400-\u9fff]", q))
    for n in dict.fromkeys(numbers(rest)):
        concepts.append(Concept((n,), stats.max_idf / 2, n))
    for w in dict.fromkeys(latin_words):
        concepts.append(Concept((), stats.max_idf / 2, w, focus=latin_thing(w)))  # a word we cannot map
    cjk = re.sub(r"[\da-z.%]+", " ", rest)
    seen: set[str] = set()
    for word in _words(cjk):
        word = word.strip()
        if word in _SCAFFOLD_SET:  # whole words only: 请 in 申请 or 会 in 会展 must stay
            continue
        if len(word) > 1:  # a word glued to a trailing particle by the segmenter: 讲要, 节是, 想到
            word = word.rstrip("是要到在了的吗呢咗嘅讲说").lstrip("几哪")
            if not word or word in _SCAFFOLD_SET or (len(word) == 1 and word in SCAFFOLD_CHARS):
                continue
        grams = tuple(sorted(g for g in bigrams(word) if len(g) == 2))
        if len(word) == 1 and "\u4e00" <= word <= "\u9fff" and word not in SCAFFOLD_CHARS:
            grams = (word,)  # a one-character topic word: 岛, 税, 钱
        if not grams or word in seen:
            continue
        seen.add(word)
        weight = sum(stats.idf(g) for g in grams) / len(grams)
        concepts.append(Concept(grams, weight, word, partial=True, focus=is_thing(word)))
    return Query(question, concepts, asks_figure(q), is_latin, bool(_DATE_Q.search(q)))


def needle_weight(needles: tuple[str, ...], stats: Stats) -> float:
    """idf of the commonest wording (mean over its bigrams); wordings the documents never use weigh the most."""
    best = stats.max_idf
    for n in needles:
        grams = [g for g in bigrams(n) if len(g) == 2] or list(n[:1])
        if grams:
            best = min(best, sum(stats.idf(g) for g in grams) / len(grams))
    return best


def _latin_concepts(text: str, concepts: list[Concept], stats: Stats) -> str:
    """Map English/Portuguese words through the lexicon (plural -s/-es tolerated); return what is left."""
    found, text = lexicon_wordings(text)
    concepts.extend(Concept(zh, needle_weight(zh, stats), variant) for variant, zh in found)
    return text


def unknown(query: Query, stats: Stats) -> list[Concept]:
    """Concepts the documents never name anywhere: a Chinese word none of whose character pairs occurs,
    an English/Portuguese word whose Chinese wordings occur nowhere, or a word we cannot map at all."""
    out = []
    for c in query.concepts:
        if c.partial:
            absent = not any(stats.present(n) for n in c.needles)
        else:
            absent = not any(n and any(n in text for text in stats.folded.values()) for n in c.needles)
        if absent:
            out.append(c)
    return out


def unknown_share(query: Query, stats: Stats, absent: list[Concept] | None = None) -> float:
    """Weighted share (0..1) of the question that no clause of the collection mentions."""
    absent = unknown(query, stats) if absent is None else absent
    return sum(c.weight for c in absent) / query.total


def evidence_scale(query: Query, stats: Stats, absent: list[Concept] | None = None) -> float:
    """Factor turning a coverage into the share of the question that counts as evidence: words the documents
    never use that name no thing (享受, 方便, monitored) are paraphrase, neither found nor missing."""
    absent = unknown(query, stats) if absent is None else absent
    neutral = sum(c.weight for c in absent if not c.focus)
    rest = query.total - neutral
    return query.total / rest if rest > 1e-9 else 1.0


def coverage(query: Query, folded_text: str) -> float:
    """Share (0..1) of the question's weighted concepts found in a folded text."""
    return sum(c.weight * c.credit(folded_text) for c in query.concepts) / query.total


def matched(query: Query, folded_text: str) -> list[str]:
    return [c.label for c in query.concepts if c.credit(folded_text) > 0]


def clause_sentences(clause) -> list[tuple[int, str, str]]:
    """(position, sentence as shown, document wording) for each sentence of a clause; a table row is one sentence."""
    if clause.kind == "table_row" and clause.table:
        s = row_sentence(clause)
        return [(0, s, s)]
    return [(i, sp.shown, sp.text) for i, sp in enumerate(sentences(clause.text))]
