"""Verify a generated answer: every sentence needs a marker [n] naming a provided clause that supports it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .support import analyse, coverage, stats_for
from .llm_figures import unsupported, unsupported_codes
from .text import bigrams, fold, row_supports

MIN_OVERLAP = 0.5  # share of a Chinese sentence's character bigrams that must occur in its cited clauses
MIN_COVERAGE = 0.5  # share of an English/Portuguese sentence's concepts found in its cited clauses

# A sentence runs to its end punctuation (a Latin full stop only before a capital, a Chinese character or
# the end, so 30.04 and e.g. stay inside) and keeps the markers right after it.
_SENTENCE = re.compile(r".+?(?:[。！？]+|[.!?]+(?=(?:\s*\[\d+\])*(?:\s+[A-Z\u3400-\u9fff“\"(]|\s*$))|$)(?:\s*\[\d+\])*")
_MARK = re.compile(r"\s*\[(\d+)\]")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Figures written as words (六点二亿, 三十万, 百分之十五): a run of Chinese numerals with at least one digit word.
_CN_NUM = re.compile(r"(?:百分之)?[零〇一二两三四五六七八九十百千万亿点]*[零〇一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千万亿点]*")
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
# How a model starts a list item (- , * , 1. , 1、, （1）): not part of the sentence, and never a figure to check.
# "1." only before a space, so 1.5亿元 stays whole.
_LIST_LEAD = re.compile(r"^(?:[-*•·]\s*|\d{1,2}\.(?=\s)\s*|\d{1,2}[、)）]\s*|[（(]\d{1,2}[）)]\s*|#+\s+)+")
# A name the sentence quotes: a document title or a term in quotation marks must be the cited clause's own.
_NAMED = re.compile(r"《([^》]{2,60})》|“([^”]{2,30})”")


def _cn_int(run: str) -> int | None:
    total, section, digit = 0, 0, None
    for ch in run:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            section += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        elif ch in "万亿":
            section += digit or 0
            total += section * (10000 if ch == "万" else 100000000)
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def cn_figures(text: str) -> str:
    """Chinese number words as digits, keeping 万/亿 as units the documents write after digits:
    六点二亿 -> 6.2亿, 三十万 -> 30万, 百分之十五 -> 15%, 二〇二九年 -> 2029年. Single numerals inside words (一国两制,
    四新, 第一) are left alone: only runs of two or more characters, or a numeral before 万/亿/%, are converted."""
    def convert(m: re.Match) -> str:
        run = m.group()
        percent = run.startswith("百分之")
        body = run[3:] if percent else run
        unit = ""
        if body and body[-1] in "万亿" and len(body) > 1:
            body, unit = body[:-1], body[-1]
        if len(body) < 2 and not (unit or percent):
            return run
        if "点" in body:
            whole, _, frac = body.partition("点")
            w = _cn_int(whole) if whole else 0
            if w is None or not frac or any(ch not in _CN_DIGIT for ch in frac):
                return run
            value = f"{w}." + "".join(str(_CN_DIGIT[ch]) for ch in frac)
        elif all(ch in _CN_DIGIT for ch in body) and len(body) >= 2:
            value = "".join(str(_CN_DIGIT[ch]) for ch in body)  # 二〇二九 read digit by digit
        else:
            n = _cn_int(body)
            if n is None:
                return run
            value = str(n)
        return value + unit + ("%" if percent else "")
    return _CN_NUM.sub(convert, text)


@dataclass
class Checked:
    text: str  # without markers
    markers: list[int]
    ok: bool
    reason: str = ""


@dataclass
class Verification:
    kept: list[Checked] = field(default_factory=list)
    dropped: list[Checked] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return [f"dropped “{d.text[:40]}”: {d.reason}" for d in self.dropped]


def split(text: str) -> list[tuple[str, list[int]]]:
    """(sentence without markers, its markers) for each sentence of a generated answer."""
    out = []
    for line in (text or "").splitlines():
        line = _LIST_LEAD.sub("", line.strip().replace("**", ""))
        for m in _SENTENCE.finditer(line):
            s = m.group()
            marks = [int(n) for n in _MARK.findall(s)]
            body = re.sub(r"\s+([.!?;,。！？])", r"\1", _MARK.sub("", s)).strip()
            if re.search(r"[^\W\d_]", body):  # words, not a stray "1." or "："
                out.append((body, marks))
            elif marks and out:
                out[-1][1].extend(marks)
    return out


def figure_sources(clauses: list) -> list[str]:
    """Where a sentence's figures may come from: the cited clauses' text, their citation (the model is shown it:
    document title with its years, article numbers), headings and table cells."""
    out = []
    for c in clauses:
        table = getattr(c, "table", None) or {}
        out += [c.text, getattr(c, "citation", "") or "", " ".join(getattr(c, "path", []) or [])]
        out += [str(v) for v in list(table.get("cells") or []) + list(table.get("headers") or [])]
    return [s for s in out if s]


def supports(sentence: str, clauses: list, stats=None, strict: bool = False) -> tuple[bool, str]:
    """Whether the cited clauses back a sentence: figures (as values: 六点二亿 = 6.2亿, 百分之十五 = 15%), dates and
    quoted names must be theirs, and enough of its wording. strict (generated answers): Latin names and codes
    in a Chinese sentence (EF账户, QFLP) must be theirs too."""
    joined = fold(" ".join(c.text for c in clauses))
    if any(c.kind == "table_row" and c.table for c in clauses):
        if any(row_supports(cn_figures(sentence), c) for c in clauses if c.kind == "table_row"):
            return True, ""
        joined += fold(" ".join(str(v) for c in clauses for v in ((c.table or {}).get("cells") or [])))
    missing = unsupported(sentence, figure_sources(clauses))
    if missing:
        return False, f"figure {missing[0]} is not in the cited clause"
    if strict and _CJK.search(sentence):
        codes = unsupported_codes(sentence, figure_sources(clauses))
        if codes:
            return False, f"the name “{codes[0]}” is not in the cited clause"
    for m in _NAMED.finditer(sentence):
        name = fold(m.group(1) or m.group(2))
        if name not in joined:
            return False, f"the name “{m.group(1) or m.group(2)}” is not in the cited clause"
    s = fold(sentence)
    if fold(s).rstrip("。") in joined:
        return True, ""
    if _CJK.search(sentence):
        grams = bigrams(s)
        share = len(grams & bigrams(joined)) / len(grams) if grams else 0.0
        ok = share >= MIN_OVERLAP
        return ok, "" if ok else f"only {share:.0%} of its wording is in the cited clause"
    if stats is None:
        stats = stats_for(clauses)
    query = analyse(sentence, stats)
    if not any(c.needles for c in query.concepts):
        return False, "no word of it can be checked against the cited clause"
    share = coverage(query, joined)
    ok = share >= MIN_COVERAGE
    return ok, "" if ok else f"only {share:.0%} of its terms are in the cited clause"


def verify(text: str, provided: dict[int, object], stats=None, strict: bool = False) -> Verification:
    """Check each sentence; invalid markers are removed, and a sentence left without support is dropped.
    strict (a small model's answer): a sentence citing any clause that was not provided is dropped whole,
    since the model made up where it came from."""
    result = Verification()
    for body, marks in split(text):
        valid = [n for n in dict.fromkeys(marks) if n in provided]
        if not marks:
            result.dropped.append(Checked(body, [], False, "no citation marker"))
            continue
        invalid = [n for n in marks if n not in provided]
        if not valid or (strict and invalid):
            result.dropped.append(Checked(body, marks, False, f"cites [{invalid[0]}], which is not a provided clause"))
            continue
        ok, reason = supports(body, [provided[n] for n in valid], stats, strict)
        (result.kept if ok else result.dropped).append(Checked(body, valid, ok, reason))
    return result
