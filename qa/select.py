"""Which sentences answer a question: embedding similarity with lexical evidence, MMR diversity, length by question."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .text import fold

# A question asking for every item of a list gets every qualifying sentence (up to LIST_CAP) and a count.
LIST_Q = re.compile(r"哪些|哪几|一共|总共|共有|分别|各有|有几[个项类种条]|几[个项类种]方面|分成了?几|分为几|列出|列举|"
                    r"\blist\b|\bwhich\b.*\b(?:all|kinds?|types?)\b|\bwhat (?:kinds?|types?)\b|\bquais\b|\bquantos\b|"
                    r"\benumer|\ball the\b|\btodos os\b|\btodas as\b")
LIST_CAP = 12
PLAIN_CAP = 4  # a ceiling for other questions (tuned on dev: more sentences cost citation precision)
MMR_LAMBDA = 0.75  # weight of relevance against redundancy with what is already chosen
# e5 cosine similarities of query and passage sit in a narrow band; mapped onto 0..1 over this band
DENSE_LOW, DENSE_HIGH = 0.70, 0.90


def is_list_question(question: str) -> bool:
    from index.normalize import fold as spaced_fold, strip_accents

    return bool(LIST_Q.search(strip_accents(spaced_fold(question))))


def dense_scale(cos: np.ndarray | float):
    return np.clip((np.asarray(cos, dtype=np.float32) - DENSE_LOW) / (DENSE_HIGH - DENSE_LOW), 0.0, 1.0)


def heading_like(sentence: str, clause) -> bool:
    """A title or heading shown as a sentence: the document's title, a heading of the clause's path, or a
    title/front-matter clause's own line. Such text names where an answer is, it is not the answer."""
    if clause.kind == "title":
        return True
    s = re.sub(r"[\s。！？；：:，,、《》]", "", fold(sentence))
    if not s:
        return True
    title = re.sub(r"[\s《》。]", "", fold(clause.doc_title or ""))
    if title and (s == title or (clause.kind == "front_matter" and title in s and len(s) <= len(title) + 12)):
        return True
    for h in clause.path:
        hh = re.sub(r"^[（(]?[零〇一二两三四五六七八九十百\d]+[)）]?[、.．]?|^第[^章条节部分]{1,6}(?:章|节|部分)", "", fold(h))
        hh = re.sub(r"[\s。！？；：:，,、《》]", "", hh)
        if hh and s in (hh, re.sub(r"[\s。，、]", "", fold(h))):
            return True
    return False


RUN_IN_MAX = 16  # characters: 科技研发及高端制造产业片区 (13); a stated measure's sentence is longer or opens with a verb


def run_in_heading(sentences: list[str], pos: int) -> bool:
    """A paragraph's run-in heading ("科技研发及高端制造产业片区。" before the clusters it lists): its first sentence,
    short, a noun phrase (it opens and ends with a noun, jieba's tags), with more sentences after it. It names what
    the paragraph is about, as a heading does; a short measure ("加强与珠海产业联动发展。") opens with a verb and stays."""
    return pos == 0 and len(sentences) >= 2 and _noun_phrase(re.sub(r"[\s。！？；：:]", "", sentences[0]))


@lru_cache(maxsize=4096)
def _noun_phrase(s: str) -> bool:
    """Short, no figure or list, opening and ending with a noun (cached: the same clauses come up question after
    question)."""
    if not s or len(s) > RUN_IN_MAX or re.search(r"[\d，,、（(]", s):
        return False
    import jieba.posseg as pseg

    tags = [w.flag for w in pseg.cut(s)]
    return bool(tags) and tags[0][0] in "nt" and tags[-1].startswith("n")


def mmr(scores: np.ndarray, vecs: np.ndarray | None, keep: np.ndarray, cap: int) -> list[int]:
    """Indices in MMR order among those with keep[i]: relevance minus redundancy with what is chosen."""
    chosen: list[int] = []
    left = [i for i in np.argsort(-scores) if keep[i]]
    while left and len(chosen) < cap:
        if vecs is None or not chosen:
            best = left[0]
        else:
            sim = vecs[left] @ vecs[chosen].T
            value = MMR_LAMBDA * scores[left] - (1 - MMR_LAMBDA) * dense_scale(sim.max(axis=1))
            best = left[int(np.argmax(value))]
        chosen.append(best)
        left.remove(best)
    return chosen


def abbreviations(question: str) -> set[str]:
    """Contractions of adjacent words of a question, as Chinese forms them (澳门+资本 -> 澳资, 科技+创新 -> 科创):
    a table's indicator is often written with the short form the question spells out."""
    from .support import _words

    words = [w for w in _words(fold(question)) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    q = fold(question)
    return {a + b for (a, *_), (b, *_) in zip(words, words[1:]) if a + b not in q}
