"""Detect numbered-section references in a query ("六（三）", "part 6 section 3", "表2-1") and route them."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.structure import cn_to_int, int_to_cn

from . import docrefs
from .normalize import fold

_CN = "零〇一二两三四五六七八九十百千廿卅"
_NUM = rf"(\d{{1,4}}|[{_CN}]{{1,8}})"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12}
_NUM_LATIN = r"(\d{1,2}|x{0,1}(?:ix|iv|v?i{0,3})\b)"
_PART_ZH = r"(?:部分|部份|篇|大项)"  # 章 is a chapter: see _LEGAL
_SECT_ZH = r"(?:节|節|小节|项|部分|点)"

# Each pattern yields (part, section) or (part, None); they are tried in order on the folded query.
_PATTERNS: list[tuple[re.Pattern, bool]] = [
    # 第六部分第（三）节 · 第六部分（三） · 六（三） · 六、（三） · 第6部分第(3)节
    # (not "article 59(3)", the paragraph of an article: _LATIN_PARAGRAPH)
    (re.compile(rf"(?<![\d.])(?<!article )(?<!artigo )(?<!art\. )第?{_NUM}\s*{_PART_ZH}?\s*[、,，.]?\s*(?:的|之)?\s*第?\s*\(\s*{_NUM}\s*\)\s*{_SECT_ZH}?"), True),
    # 第六部分第三节 · 第6部分第3节
    (re.compile(rf"第{_NUM}\s*{_PART_ZH}\s*(?:的|之|中|里)?\s*第{_NUM}\s*{_SECT_ZH}"), True),
    # part 6 section 3 · part vi, section (3) · part 6 § 3
    (re.compile(rf"\bpart\s+{_NUM_LATIN}\s*[,.;:]?\s*(?:section|sec\.?|§|item)\s*\(?\s*{_NUM_LATIN}\s*\)?"), True),
    # parte 6 secção 3 · parte vi, seção (3) · parte 6 ponto 3
    (re.compile(rf"\bparte\s+{_NUM_LATIN}\s*[,.;:]?\s*(?:secção|seção|secçao|secao|sec[çc][ãa]o|ponto|item|§)\s*\(?\s*{_NUM_LATIN}\s*\)?"), True),
    # section 3 of part 6 · secção 3 da parte 6
    (re.compile(rf"\b(?:section|secção|seção|secao|ponto)\s*\(?\s*{_NUM_LATIN}\s*\)?\s+(?:of|da|de)\s+(?:the\s+)?parte?\s+{_NUM_LATIN}"), False),
    # 6.3 (not a figure: no digit or dot around it, no unit after it)
    (re.compile(r"(?:section|secção|seção|secao|§|第)?\s*(?<![\d.])(\d{1,2})\.(\d{1,2})(?![\d.]|\s*(?:%|亿|万|元|家|人|个|倍|年|月|日|户|km|m²|平方))"), True),
    # 第六部分 · part 6 · parte 6 (the whole part)
    (re.compile(rf"第{_NUM}\s*{_PART_ZH}"), True),
    (re.compile(rf"\b(?:part|parte)\s+{_NUM_LATIN}(?![\d.])"), True),
]
# Regulations and plans in chapters: 第一编 / 第二章 / 第三节 / 第十二条, alone or chained (第一章第二条);
# 第一百二十条之一 is the article an amendment inserted after 第一百二十条 (code art120-1)
_LEGAL = re.compile(rf"(?:第\s*{_NUM}\s*编)?\s*(?:第\s*{_NUM}\s*章)?\s*(?:第\s*{_NUM}\s*[节節])?\s*(?:第\s*{_NUM}\s*条(?:\s*之\s*([{_CN}]{{1,3}}))?)?")
_LEGAL_LATIN = re.compile(rf"\b(?:(chapter|capítulo|capitulo)|(article|art\.|artigo))\s*{_NUM_LATIN}(?:\.?\s*º|°)?(?![\d.])")
_LEGAL_PREFIXES = ("b", "ch", "s", "art")
_LEGAL_SEGMENT = re.compile(r"^(?:b|ch|s|art)\d+(?:-\d+)?$")
_TABLE = re.compile(r"(?:表|\btable|\btabela|\bquadro)\s*(\d{1,2})\s*[-–—_.]\s*(\d{1,2})")
# paragraph 3 · row 2 · linha 4 · indicator 4 (a table's numbered row) · n.º 3; never a figure's first digits ("para
# 2029", Portuguese "for 2029", is no paragraph 20)
_PARAGRAPH = re.compile(rf"第\s*{_NUM}\s*[段款行]|(?:\b(?:paragraph|para\.?|parágrafo|paragrafo|row|linha|indicator|"
                        rf"indicador)|\bn\.?\s*[º°])\s*(\d{{1,2}})(?![\d.,]?\d)")
_PREFACE = re.compile(r"前言|\bpreface\b|\bforeword\b|\bprefácio\b|\bprefacio\b")
# The paragraph written right after an article in English/Portuguese: "article 59(3)", "artigo 59.º, n.º 3"
_LATIN_PARAGRAPH = re.compile(r"\s*\((\d{1,2})\)|,?\s*(?:n\.?\s*[º°o]|paragraph|para\.|§)\s*(\d{1,2})(?![\d.])", re.IGNORECASE)
# Items numbered on across a programme's parts: 第（十六）条 · 第(十六)项 · （十六） · item 16 · point 24 · ponto (16) (Portuguese)
_ITEM = re.compile(rf"第?\s*\(\s*{_NUM}\s*\)\s*(?:条|项|項)?|\b(?:item|point|ponto)\s*\(?\s*(\d{{1,3}})\s*\)?(?![\d.])")
# 方案第十二项 · 《总体方案》第二十一项: an item written without brackets, after the name of a programme (方案, 意见)
# whose items run on across its parts. Only after such a name: a bare 第三项 is any list's third entry.
_ITEM_PLAIN = re.compile(rf"第\s*{_NUM}\s*(?:项|項)")
_PROGRAMME_END = ("方案", "意见")
# 条例50条 · 《条例》三十七条: an article written without 第, right after the name of a law or regulation (a bare
# "3条措施" is a count, not an article)
_ARTICLE_PLAIN = re.compile(rf"(?<![第\d{_CN}])\s*{_NUM}\s*条(?![例件款])")
_LAW_END = ("条例", "法", "办法", "规定", "细则", "规则")
# 第（一）项 right after an article (第六条第二款第（一）项): the article's item, not a programme's
# 第二款第（一）项, and as often written without the brackets, 第二款第一项
_LEGAL_ITEM = re.compile(rf"^\s*(?:第\s*{_NUM}\s*款)?\s*(?:第\s*\(?\s*{_NUM}\s*\)?\s*(?:项|項))?")


@dataclass(frozen=True)
class SectionRef:
    """A reference found in a query: path code ("6.3", "6", "table2-1", "preface"), optional paragraph."""

    code: str
    paragraph: int | None = None
    span: tuple[int, int] = (0, 0)  # in the folded query
    fallback: str = ""  # 第六章 in a document without chapters means its part 六: code "6"
    docs: tuple[str, ...] = ()  # document names written with it (条例, 《发展促进条例》, @regulation); () = any
    item: int | None = None  # 第（一）项 of an article (with or without 第X款)

def to_int(token: str) -> int | None:
    """'6', '六', '十一', '一百二十', '一千二百六十', 'vi' -> int; None when it is not a number."""
    token = token.strip()
    if not token:
        return None
    if token.isdigit():
        return int(token)
    if token in _ROMAN:
        return _ROMAN[token]
    if re.fullmatch(rf"[{_CN}]+", token):
        return cn_to_int(token) or None
    return None


def detect(query: str) -> list[SectionRef]:
    """Section references in a query, in order of appearance; overlapping matches are taken once."""
    text = fold(query)
    found: list[SectionRef] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in _TABLE.finditer(text):
        taken.append(m.span())
        found.append(SectionRef(f"table{int(m.group(1))}-{int(m.group(2))}", span=m.span()))
    for pattern, part_first in _PATTERNS:
        for m in pattern.finditer(text):
            if not free(*m.span()):
                continue
            groups = [g for g in m.groups()]
            if len(groups) == 2 and groups[1] is not None:
                a, b = (to_int(groups[0]), to_int(groups[1])) if part_first else (to_int(groups[1]), to_int(groups[0]))
                if not a or not b:
                    continue
                code = f"{a}.{b}"
            else:
                a = to_int(groups[0])
                if not a:
                    continue
                code = str(a)
            taken.append(m.span())
            found.append(SectionRef(code, span=m.span()))
    for m in _LEGAL.finditer(text):
        numbers = [to_int(g) if g else None for g in m.groups()[:4]]
        sub = to_int(m.group(5) or "")
        if not any(numbers) or not free(*m.span()) or any(g and not n for g, n in zip(m.groups(), numbers)):
            continue
        code = ".".join(f"{p}{n}" for p, n in zip(_LEGAL_PREFIXES, numbers) if n) + (f"-{sub}" if sub else "")
        loose = numbers[3] is None and numbers[0] is None and numbers[1] is not None  # 第六章(第三节): maybe part 六
        fallback = ".".join(str(n) for n in numbers[1:3] if n) if loose else ""
        taken.append(m.span())
        found.append(SectionRef(code, span=m.span(), fallback=fallback))
    def after_names(pattern: re.Pattern, ends: tuple[str, ...], prefix: str) -> None:
        """A number written right after the name of a document of a kind (条例50条, 方案第十二项)."""
        for m in pattern.finditer(text):
            name = docrefs.name_before(text, m.start())
            n = to_int(m.group(1))
            if n and name and fold(name[0]).endswith(ends) and free(*m.span()):
                taken.append(m.span())
                found.append(SectionRef(f"{prefix}{n}", span=m.span()))

    after_names(_ARTICLE_PLAIN, _LAW_END, "art")
    for m in _LEGAL_LATIN.finditer(text):
        n = to_int(m.group(3))
        if n and free(*m.span()):
            sub = None if m.group(1) else _LATIN_PARAGRAPH.match(text[m.end():])  # article 59(3): its paragraph 3
            span = (m.start(), m.end() + sub.end()) if sub else m.span()
            taken.append(span)
            found.append(SectionRef(f"ch{n}" if m.group(1) else f"art{n}", span=span, fallback=str(n) if m.group(1) else "",
                                    paragraph=to_int(sub.group(1) or sub.group(2)) if sub else None))
    found = _article_items(text, found, taken)
    for m in _ITEM.finditer(text):
        n = to_int(m.group(1) or m.group(2) or "")
        bare = m.group(1) and not m.group().startswith("第") and not m.group().endswith(("条", "项", "項"))
        if bare and docrefs.name_before(text, m.start()) is None:
            continue  # a lone （三） is a list marker in running text; 方案（三） and 第（三）条 are references
        if n and free(*m.span()):
            taken.append(m.span())
            found.append(SectionRef(f"item{n}", span=m.span()))
    after_names(_ITEM_PLAIN, _PROGRAMME_END, "item")
    if not found:
        for m in _PREFACE.finditer(text):
            found.append(SectionRef("preface", span=m.span()))
            taken.append(m.span())
    para = next(iter(_PARAGRAPH.finditer(text)), None)
    found.sort(key=lambda r: r.span[0])
    if para and found and found[0].paragraph is None:
        n = to_int(para.group(1) or para.group(2) or "")
        if n:
            found[0] = replace(found[0], paragraph=n)
    return _named(text, found)


def _article_items(text: str, found: list[SectionRef], taken: list) -> list[SectionRef]:
    """第六条第二款第（一）项: the 款 and 项 written after an article belong to it (and are not a programme's item)."""
    out = []
    for ref in found:
        m = _LEGAL_ITEM.match(text[ref.span[1]:]) if ref.code.split(".")[-1].startswith("art") else None
        if m and (m.group(1) or m.group(2)):
            kuan, item = to_int(m.group(1) or ""), to_int(m.group(2) or "")
            span = (ref.span[0], ref.span[1] + m.end())
            taken.append(span)
            ref = replace(ref, paragraph=kuan or ref.paragraph, item=item, span=span)
        out.append(ref)
    return out


def _named(text: str, found: list[SectionRef]) -> list[SectionRef]:
    """Attach the document each reference names; one name in the query applies to all its references. The
    span grows over the name so that what remains of the question is the topic."""
    named = []
    for ref in found:
        before = docrefs.name_before(text, ref.span[0])
        after = None if before else docrefs.name_after(text, ref.span[1])
        if before:
            named.append(replace(ref, docs=(before[0],), span=(before[1], ref.span[1])))
        elif after:
            named.append(replace(ref, docs=(after[0],), span=(ref.span[0], after[1])))
        else:
            named.append(ref)
    names = {r.docs for r in named if r.docs}
    if not names and named:  # "What does the regulation say in article 80?": the one family named anywhere
        families = docrefs.families_named(text)
        names = {("@" + families[0],)} if len(families) == 1 else set()
    if len(names) == 1:
        only = names.pop()
        named = [r if r.docs else replace(r, docs=only) for r in named]
    return named


def residual(query: str, refs: list[SectionRef]) -> str:
    """The folded query with the reference spans (and paragraph mentions) removed: what is left to rank by."""
    text = fold(query)
    for ref in sorted(refs, key=lambda r: -r.span[0]):
        text = text[: ref.span[0]] + " " + text[ref.span[1] :]
    return _PARAGRAPH.sub(" ", text).strip()


_HEADING_NUM = re.compile(rf"^\s*(?:第\s*{_NUM}\s*(?:部分|章|编|篇|节)|{_NUM}\s*[、.．]|[（(]\s*{_NUM}\s*[）)])")


def heading_code(path: list[str]) -> str:
    """Numeric code of a heading path: ['二、总体要求', '（三）发展目标'] -> '2.3' ('' when unnumbered)."""
    nums = []
    for heading in path:
        m = _HEADING_NUM.match(heading)
        n = to_int(next((g for g in m.groups() if g), "")) if m else None
        if not n:
            break
        nums.append(str(n))
    return ".".join(nums)


def section_code(clause) -> str:
    """The clause's section code; table rows (path_code 'table2-1') take theirs from the headings above them."""
    code = clause.path_code or ""
    if code and not code.startswith("table"):
        return code
    return heading_code(clause.path or [])


def matches(ref: SectionRef, clause) -> bool:
    """Whether a clause lies under the referenced section (or is a row of the referenced table), in a document
    the reference names (any document when it names none)."""
    if ref.docs and not docrefs.names_doc(ref.docs, clause):
        return False
    if ref.code.startswith("table"):
        if clause.kind != "table_row":
            return False
        local = clause.id.split("/", 1)[-1]
        title = fold((clause.table or {}).get("title", "")).replace(" ", "")
        return local.startswith(ref.code + ".") or title.startswith("表" + ref.code[5:])
    if ref.code == "preface":
        return _is_preface(clause)
    code = section_code(clause)
    if ref.code.startswith("item") or (_programme(clause) and _ARTICLE.fullmatch(ref.code)):
        # a programme's items are numbered through the document: （十六）, 第（十六）条 and 第十六条 name one item
        n = ref.code[4:] if ref.code.startswith("item") else ref.code[3:]
        return _programme(clause) and item_number(clause) == int(n)
    if _LEGAL_SEGMENT.match(ref.code.split(".")[0]):
        return _in_order(ref.code.split("."), code.split("."))
    return code == ref.code or code.startswith(ref.code + ".")


def _is_preface(clause) -> bool:
    return clause.kind == "preamble" or clause.id.split("/", 1)[-1].startswith("preface")


_ARTICLE = re.compile(r"art\d+")
_NUMBERED = re.compile(r"\d+(?:\.\d+)*")  # a part / section code (4, 4.2): matched by code prefix alone


def _programme(clause) -> bool:
    return getattr(clause, "family", "") == "programme"


def item_number(clause) -> int | None:
    """A programme clause's item number: the second segment of its code ('2.10' -> 10), else None."""
    parts = (clause.path_code or "").split(".")
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else None


def _in_order(wanted: list[str], segments: list[str]) -> bool:
    """第一章第二条 (ch1.art2) lies in ch1.art2 and ch1.s1.art2: the wanted segments appear in order."""
    it = iter(segments)
    return all(any(w == s for s in it) for w in wanted)


def is_section(ref: SectionRef, clause) -> bool:
    """The clause sits directly in the referenced section (not in a subsection): for paragraph numbers."""
    if not matches(ref, clause):
        return False
    if ref.code.startswith("item") or _programme(clause) and _ARTICLE.fullmatch(ref.code):
        return len(section_code(clause).split(".")) == 2
    return section_code(clause).split(".")[-1] == ref.code.split(".")[-1]


def wanted(ref: SectionRef, clause) -> bool:
    """The clause is the very paragraph (款), item (项) or table row (表2-1第4行) the reference asks for, where it
    names them."""
    if ref.paragraph and ref.code.startswith("table"):
        return clause.kind == "table_row" and (clause.table or {}).get("row") == ref.paragraph
    if ref.paragraph and not (is_section(ref, clause) and clause.ordinal == ref.paragraph):
        return False
    if ref.item:
        local = clause.id.split("/", 1)[-1]
        # a short list stays in its 款: the 款 that holds the item's marker answers for it
        return local.split(".part")[0].endswith(f".i{ref.item}") or (
            ".i" not in local and f"({int_to_cn(ref.item)})" in fold(clause.text))
    return True


def resolve(ref: SectionRef, clauses: list) -> SectionRef:
    """The reference itself, or its fallback (第六章 → part 六) when no clause has chapters to match."""
    if ref.fallback and not any(matches(ref, c) for c in clauses):
        return replace(ref, code=ref.fallback, fallback="")
    return ref


def route(refs: list[SectionRef], clauses: list) -> list[int]:
    """Store positions of the clauses the references point at, in store order, paragraph hits first."""
    out: list[int] = []
    for ref in refs:
        ref = resolve(ref, clauses)
        hits = [i for i, c in enumerate(clauses) if matches(ref, c) and i not in out]
        if ref.paragraph or ref.item:
            exact = [i for i in hits if wanted(ref, clauses[i])]
            hits = exact + [i for i in hits if i not in exact]
        out.extend(hits)
    return out


class RouteTable:
    """Clauses grouped by document and section code once, so routing tests one clause per group, not all."""

    def __init__(self, clauses: list, codes: list[str] | None = None):
        """codes: section_code of each clause when the caller has them already (the index computes them once)."""
        self.groups: dict[tuple[str, str], list[int]] = {}  # (doc id, section code) -> positions
        self.tables: dict[str, list[int]] = {}
        self.preface: list[int] = []
        self.clauses = clauses
        codes = codes if codes is not None else [section_code(c) for c in clauses]
        for i, (c, code) in enumerate(zip(clauses, codes)):
            self.groups.setdefault((c.doc_id, code), []).append(i)
            if c.kind == "table_row":  # the same two ways matches() recognises a table's rows
                local = c.id.split("/", 1)[-1].split(".", 1)[0]
                for table in {local if local.startswith("table") else "", _table_code(c)} - {""}:
                    self.tables.setdefault(table, []).append(i)
            if _is_preface(c):
                self.preface.append(i)
        # a group's clauses share document, family and code: matches() on the first one speaks for all
        self._reps = [(rows[0], rows) for rows in self.groups.values()]
        # candidate groups by document and by legal code segment, so that a reference into 3,500 documents
        # tests the groups that can match, not all 150,000 (第十条: groups holding art10; programmes number
        # their items through the document, so they stay candidates for any article reference)
        self._by_doc: dict[str, list] = {}
        self._by_segment: dict[str, list] = {}
        self._programmes: list = []
        self._by_head: dict[str, list] = {}  # a numbered section's first segment ("4" of 4.2) -> groups under it
        for (doc_id, code), rows in self.groups.items():
            rep = (rows[0], rows)
            self._by_doc.setdefault(doc_id, []).append(rep)
            self._by_head.setdefault(code.split(".")[0], []).append(rep)
            for seg in set(code.split(".")):
                if _LEGAL_SEGMENT.match(seg):
                    self._by_segment.setdefault(seg, []).append(rep)
            if _programme(clauses[rows[0]]):
                self._programmes.append(rep)
        self._documents: dict[str, object] = {}  # doc_id -> its first clause: which documents a name means
        for c in clauses:
            self._documents.setdefault(c.doc_id, c)

    def _narrowed(self, ref: SectionRef) -> SectionRef:
        """The reference with its document names replaced by the ids of the documents they mean most precisely."""
        if not ref.docs:
            return ref
        return replace(ref, docs=tuple("=" + d for d in sorted(docrefs.meant(ref.docs, self._documents))) or ("=",))

    def positions(self, ref: SectionRef) -> list[int]:
        ref = self._narrowed(ref)
        if ref.code.startswith("table") or ref.code == "preface":
            rows = sorted(set(self.tables.get(ref.code, []))) if ref.code != "preface" else list(self.preface)
            return [i for i in rows if not ref.docs or docrefs.names_doc(ref.docs, self.clauses[i])]
        out = [i for rep, rows in self._candidates(ref) if matches(ref, self.clauses[rep]) for i in rows]
        if not out and ref.fallback:
            return self.positions(SectionRef(ref.fallback, ref.paragraph, ref.span, docs=ref.docs))
        return sorted(out)

    def _candidates(self, ref: SectionRef) -> list:
        """The groups that can match: those of the named documents, else those holding the reference's last legal
        segment (plus the programmes, for an article number), else all."""
        if ref.docs and all(d.startswith("=") for d in ref.docs):
            return [rep for d in ref.docs for rep in self._by_doc.get(d[1:], [])]
        segments = ref.code.split(".")
        if _LEGAL_SEGMENT.match(segments[0]) and _LEGAL_SEGMENT.match(segments[-1]):
            extra = self._programmes if _ARTICLE.fullmatch(ref.code) else []
            return self._by_segment.get(segments[-1], []) + extra
        if _NUMBERED.fullmatch(ref.code):  # 四（二） is 4.2: only groups whose code is or lies under it can match
            return self._by_head.get(segments[0], [])
        return self._reps

    def route(self, refs: list[SectionRef]) -> list[int]:
        """Same result as route(refs, clauses)."""
        out: list[int] = []
        seen: set[int] = set()
        for ref in refs:
            hits = [i for i in self.positions(ref) if i not in seen]
            if ref.paragraph or ref.item:
                exact = [i for i in hits if wanted(ref, self.clauses[i])]
                hits = exact + [i for i in hits if i not in exact]
            out.extend(hits)
            seen.update(hits)
        return out


def _table_code(clause) -> str:
    """'table2-1' from a table row's title ('表2-1合作区…'), or ''."""
    m = re.match(r"表\s*(\d{1,2})\s*[-–—_.]\s*(\d{1,2})", fold((clause.table or {}).get("title", "")).replace(" ", ""))
    return f"table{int(m.group(1))}-{int(m.group(2))}" if m else ""
