"""Heading families of Chinese official documents, Chinese numerals, and the outline stack."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .chars import fix_spaces

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_NUM = r"[零〇一二三四五六七八九十百千两]+"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (family, pattern). Order matters: the first match wins. Each pattern captures the marker and the rest.
# Patterns see the text with its spaces (before layout-space removal): 第X条 must be followed by a
# space or end, because "第十二条规定的…" at a line start is a cross-reference, not an article.
FAMILIES: list[tuple[str, re.Pattern]] = [
    ("bian", re.compile(rf"^(第{_CN_NUM}编)\s*(.*)$")),
    ("zhang", re.compile(rf"^(第{_CN_NUM}章)\s*(.*)$")),
    ("jie", re.compile(rf"^(第{_CN_NUM}节)\s*(.*)$")),
    # 第一百二十条之一: an article inserted by an amendment after 第一百二十条, an article of its own
    ("tiao", re.compile(rf"^(第{_CN_NUM}条(?:之{_CN_NUM})?)(?:\s+|$)(.*)$")),
    ("cn", re.compile(rf"^({_CN_NUM}、)\s*(.+)$")),
    ("cnparen", re.compile(rf"^(（{_CN_NUM}）|\({_CN_NUM}\))\s*(.+)$")),
    ("arabic", re.compile(r"^(\d{1,2}[.、．](?!\d))\s*(.+)$")),
    ("arabicparen", re.compile(r"^(（\d{1,2}）|\(\d{1,2}\))\s*(.+)$")),
    ("circled", re.compile(rf"^([{CIRCLED}])\s*(.+)$")),
]
# （一）至（三）项所列人员… · （四）、（五）项… : a paragraph that opens by naming items, not an item itself
_ITEM_REFERENCE = re.compile(rf"^(?:\s*(?:至|、|和|及|或者?)\s*(?:第\s*)?[（(]{_CN_NUM}[）)])*\s*项(?=[所规的中之，,、])")
# Families whose paragraphs are counted as 款 (legal clauses) rather than 段.
LEGAL_FAMILIES = {"tiao"}
PREFACE = re.compile(r"^(前\s*言|序\s*言|引\s*言)$")
# A heading title is short and is not itself running text that merely starts with a number.
MAX_TITLE = 40


def family_rank(family: str) -> float:
    """Nesting rank: 编 > 章 > 节 > 条 > 一、 > （一） > 1. > （1） > ①; Word heading styles sit above all."""
    if family.startswith("style"):
        return -10 + int(family[5:] or 0)
    return [f for f, _ in FAMILIES].index(family)


def cn_to_int(text: str) -> int:
    """Chinese numeral of any size (一, 十二, 一百零五, 一千二百六十, 两千) or Arabic digits to an int; 0 when
    the text is not a numeral."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    text = text.replace("廿", "二十").replace("卅", "三十")  # 廿四 = 二十四, as people write item numbers
    total, section, num = 0, 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            num = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit == 10000:  # 万 scales everything before it: 一万二千 = 12000
                total = (total + section + num) * unit
                section = 0
            else:
                section += (num or 1) * unit
            num = 0
        else:
            return 0
    return total + section + num


def int_to_cn(n: int) -> str:
    """An int to the Chinese numeral legal texts write: 3 -> 三, 12 -> 十二, 105 -> 一百零五, 1260 -> 一千二百六十."""
    if n <= 0:
        return "零"
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero and out:
                out += "零"
            out += ("" if (unit == 10 and d == 1 and not out) else digits[d]) + name
            zero = False
        elif out:
            zero = True
        if not n:
            break
    return out


@dataclass
class Heading:
    family: str
    marker: str  # 六、 / （三） / 第十二条
    number: int
    title: str  # the heading's own words (without the marker); "" for 第X条 with inline text
    inline: str = ""  # text on the same line after the title (articles, items with inline bodies)
    sub: int = 0  # 之一 of 第一百二十条之一: an article inserted after 第一百二十条 (0 for an ordinary one)

    @property
    def label(self) -> str:
        return (self.marker + self.title).strip()


def parse_heading(text: str) -> Heading | None:
    """Recognise a heading at the start of a paragraph (text with its spaces kept), or None."""
    text = text.strip()
    for family, pattern in FAMILIES:
        m = pattern.match(text)
        if not m:
            continue
        marker, rest = m.group(1), fix_spaces(m.group(2))
        if family == "cnparen" and _ITEM_REFERENCE.match(rest):
            return None
        base, _, sub = marker.partition("之")
        digits = re.sub(r"[^\d零〇一二三四五六七八九十百千两]", "", base.replace("第", ""))
        digits = re.sub(r"[编章节条]", "", digits)
        number = cn_to_int(digits) if digits else 0
        if family in ("bian", "zhang", "jie"):
            return Heading(family, marker, number, rest) if len(rest) <= MAX_TITLE else None
        if family == "tiao":
            return Heading(family, marker, number, "", inline=rest, sub=cn_to_int(sub) if sub else 0)
        if family == "circled":
            number = CIRCLED.index(marker) + 1
        # a numbered title line, or a numbered item whose first sentence is its title
        sentence = re.match(r"[^。！？；]*[。！？；]", rest)
        if sentence is None:
            if len(rest) <= MAX_TITLE:
                return Heading(family, marker, number, rest)
            # a long item that introduces a list of its own (…签发的下列有效船舶技术证书：) is still an item
            return Heading(family, marker, number, "", inline=rest) if rest.endswith(("：", ":")) else None
        title = sentence.group()
        if len(title) <= MAX_TITLE + 1:
            return Heading(family, marker, number, title.rstrip("。！？；"), inline=rest)
        return Heading(family, marker, number, "", inline=rest)
    return None


def heading_at_line_start(text: str) -> bool:
    """Cheap check used while undoing hard wraps: could this line open a heading?"""
    text = text.strip()
    if PREFACE.match(text):
        return True
    h = parse_heading(text)
    return h is not None and (h.family in ("bian", "zhang", "jie", "tiao") or not h.inline or h.title != "")


def code_part(h: Heading) -> str:
    """The piece of a clause id for one heading level, e.g. 6, ch3, art12, art120-1 (第一百二十条之一)."""
    prefix = {"bian": "b", "zhang": "ch", "jie": "s", "tiao": "art"}.get(h.family, "")
    return f"{prefix}{h.number}" + (f"-{h.sub}" if h.sub else "")


def citation_part(h: Heading) -> str:
    """The piece of a citation label for one heading level, e.g. 六 / （三） / 第十二条."""
    if h.family == "cn":
        return h.marker.rstrip("、")
    if h.family == "arabic":
        return h.marker.rstrip(".、．") + "."
    return h.marker
