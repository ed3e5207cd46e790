"""Split a document's paragraphs into clause records that follow its heading structure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import Para, ends_sentence, first_sentence, looks_like_lead
from .families import Family, detect_family
from .records import Clause, DocMeta, text_hash
from .structure import LEGAL_FAMILIES, PREFACE, Heading, citation_part, code_part, family_rank, parse_heading
from .tables import TableParser

NOTICE = re.compile(r"^关于印发《(.+)》的通知$")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,12}[〔\[［(（]\d{4}[〕\]］)）]\d+号")
DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
BACK_MATTER = re.compile(r"^(公开方式|抄送|抄报|印发[：:]|.{2,40}\d{4}年\d{1,2}月\d{1,2}日印发$)")
ISSUER_END = re.compile(r"(委员会|人民政府|政府|办公厅|办公室|国务院|中共中央|[局部委厅署院])$")


@dataclass
class Block:
    """A paragraph placed in the outline, before it becomes one or more clauses."""

    kind: str
    headings: list[Heading]
    texts: list[str]
    starts: list[int]
    page: int | None
    lead: str = ""
    table: dict | None = None
    section: str = ""  # front / title / preface / back / table id
    inline: bool = False  # the body written on its heading's own line (an article's or item's first words)
    marker: str = ""  # an item's marker （一） when a family keeps it in the text
    label: str = ""  # citation without the title, when the document's family sets it
    local: str = ""  # the clause id after "doc_id/", when the family sets it (built from the structure)
    ordinal: int = 0  # the family's paragraph number (a 款), when it sets one


@dataclass
class SplitResult:
    clauses: list[Clause]
    outline: list[dict]
    text: str  # the cleaned document text the offsets refer to
    warnings: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # layout artefacts dropped (repeated table headers)
    family: str = "plan"  # regulation | programme | plan: how the document numbers and cites its clauses


def split_document(paras: list[Para], meta: DocMeta, cap: int = 600, floor: int = 20,
                   page_labels: dict[int, str] | None = None) -> SplitResult:
    page_labels = page_labels or {}
    paras, comments = drop_comments(paras)
    family = detect_family([h for h in (_heading(p) for p in paras) if h is not None])
    starts, pos = [], 0
    for p in paras:
        starts.append(pos)
        pos += len(p.text) + 1
    doc_text = "\n".join(p.text for p in paras)

    blocks: list[Block] = []
    outline: list[dict] = []
    stack: list[Heading] = []
    region = _front_region(paras)
    signature = signature_start(paras, region)
    tables = TableParser()
    warnings: list[str] = []
    body_started = in_preface = back = False
    unnumbered: dict[tuple, int] = {}  # (parent code, family) -> unnumbered headings seen there
    for i, p in enumerate(paras):
        text = p.text
        if not text.strip(_INVISIBLE) and p.style != "table_row":
            continue  # an empty line, or one holding only a zero-width space (LawRefBook has them under headings)
        if i < region:
            kind = "front_matter"
            blocks.append(Block(kind, [], [text], [starts[i]], p.page, section="front"))
            continue
        if not back and body_started and (BACK_MATTER.match(text) or i >= signature):
            back = True
        if back:
            blocks.append(Block("back_matter", [], [text], [starts[i]], p.page, section="back"))
            continue
        row = tables.feed(p, stack)
        if row is not None:
            if row.get("caption"):
                outline.append({"kind": "table", "label": row["caption"], "code": row["id"], "start": starts[i], "page": p.page})
            elif row.get("header") and not row.get("repeated"):
                outline.append({"kind": "table_header", "label": text, "code": row["id"], "start": starts[i], "page": p.page})
            elif not row.get("header"):
                blocks.append(Block("table_row", list(stack), [" ".join(row["table"]["cells"])], [starts[i]], p.page, table=row["table"], section=row["id"]))
            continue
        if PREFACE.match(text) and not body_started:
            stack = []
            outline.append({"kind": "preface", "label": text, "code": "preface", "start": starts[i], "page": p.page})
            body_started = in_preface = True
            continue
        heading = _heading(p)
        if heading is not None:
            body_started, in_preface = True, False
            stack = _push(stack, heading)
            if heading.family.startswith("style") and not heading.number:
                # an unnumbered Word/Markdown heading: number it among its siblings, so that ids and
                # paragraph ordinals restart under each heading instead of running on across them
                sibling = (tuple(code_part(h) for h in stack[:-1]), heading.family)
                unnumbered[sibling] = unnumbered.get(sibling, 0) + 1
                heading.number = unnumbered[sibling]
            outline.append({"kind": "heading", "family": heading.family, "label": heading.label, "marker": heading.marker,
                            "code": ".".join(code_part(h) for h in stack), "path": [h.label for h in stack],
                            "level": len(stack), "start": starts[i], "page": p.page})
            words, titled = heading.inline, bool(heading.inline)
            if not words and family.item_titles_are_text and heading.family in _ITEM_FAMILIES:
                # （二）申请保全措施的，…按照下列标准交纳： (in an article) or 1．关于禁毒的决定 (in an annex) reads
                # like a title but is the law's text: it becomes a clause, as well as a level of the path
                words = heading.title
            if words:
                lead = heading.title + "。" if titled and heading.title and heading.family not in LEGAL_FAMILIES else ""
                blocks.append(Block("paragraph", list(stack), [words], [starts[i] + len(heading.marker)], p.page,
                                    lead=lead, inline=True))
            continue
        if not body_started:
            kind = "title" if len(text) <= 60 and not ends_sentence(text) else "preamble"
            blocks.append(Block(kind, [], [text], [starts[i]], p.page, section="title" if kind == "title" else "preface"))
            continue
        kind = "preamble" if in_preface else "paragraph"
        lead = first_sentence(text) if looks_like_lead(text) else ""
        blocks.append(Block(kind, list(stack), [text], [starts[i]], p.page, lead=lead, section="preface" if kind == "preamble" else ""))

    blocks = family.arrange(blocks, cap)
    if family.merge_short:
        blocks = _merge_short(blocks, floor)
    family.label_blocks(blocks)
    clauses = _to_clauses(blocks, meta, cap, page_labels, doc_text, family)
    return SplitResult(clauses, outline, doc_text, warnings + tables.warnings, tables.removed + comments, family.name)


_ITEM_FAMILIES = {"cn", "cnparen", "arabic", "arabicparen", "circled"}  # numbered items, below 编/章/节/条
_COMMENT_OPEN, _COMMENT_CLOSE = "<!--", "-->"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff \t"


def drop_comments(paras: list[Para]) -> tuple[list[Para], list[str]]:
    """Markdown/HTML comments (<!-- INFO END -->, even over several lines) are markup, not document text."""
    out: list[Para] = []
    removed: list[str] = []
    inside = False
    for p in paras:
        text = p.text.strip()
        if inside or text.startswith(_COMMENT_OPEN):
            removed.append(p.text)
            inside = not text.endswith(_COMMENT_CLOSE)
            continue
        out.append(p)
    return out, removed


def _heading(p: Para) -> Heading | None:
    if p.style == "heading" and p.level <= 0:
        return None  # a Word "Title" paragraph is the document title, not a section
    h = parse_heading(p.raw or p.text)
    if p.style == "heading":
        return h or Heading(f"style{p.level}", "", 0, p.text)
    return h


def _push(stack: list[Heading], heading: Heading) -> list[Heading]:
    """Close every open heading of the same or a lower rank, then open this one."""
    rank = family_rank(heading.family)
    return [h for h in stack if family_rank(h.family) < rank] + [heading]


def _front_region(paras: list[Para]) -> int:
    """Index just past a 印发通知 front matter (文号 … 关于印发…的通知 … issuer, date), or 0."""
    for i, p in enumerate(paras[:8]):
        if NOTICE.match(p.text):
            for j in range(i + 1, min(len(paras), i + 12)):
                if DATE_LINE.match(paras[j].text):
                    return j + 1
            return i + 1
    # a bare 文号 line on top belongs to the front matter too
    return 1 if paras and DOC_NUMBER.fullmatch(paras[0].text) else 0


def signature_start(paras: list[Para], region: int) -> int:
    """Index where the closing signature starts (an issuer line and a bare date line, after the body and
    before any 公开方式/抄送/印发 lines), or len(paras) when the document has none."""
    body = [i for i, p in enumerate(paras) if p.text and i >= region]
    while body and BACK_MATTER.match(paras[body[-1]].text):
        body.pop()
    if len(body) < 2 or not DATE_LINE.match(paras[body[-1]].text):
        return len(paras)
    issuer = paras[body[-2]].text
    if len(body) >= 3 and len(issuer) <= 40 and ISSUER_END.search(issuer):
        return body[-2]
    return body[-1]


def _same_place(a: Block, c: Block) -> bool:
    """Two blocks under the same heading, of the same kind: a fragment may merge across them."""
    return a.kind == c.kind and [h.label for h in a.headings] == [h.label for h in c.headings] and a.section == c.section


def _merge_short(blocks: list[Block], floor: int) -> list[Block]:
    """Merge fragments shorter than the floor into a neighbour under the same heading."""
    out: list[Block] = []
    pending: Block | None = None
    for b in blocks:
        if pending is not None:
            if _same_place(pending, b) and b.kind != "table_row":
                b = Block(b.kind, b.headings, pending.texts + b.texts, pending.starts + b.starts, pending.page,
                          pending.lead or b.lead, b.table, b.section)
            else:
                out.append(pending)
            pending = None
        short = b.kind not in ("table_row", "back_matter", "title") and len("".join(b.texts)) < floor
        if short and (not ends_sentence(b.texts[-1]) or b.texts[-1].endswith(("：", ":"))):
            pending = b  # a salutation or fragment: glue it to what follows
        elif short and out and _same_place(out[-1], b):
            prev = out[-1]
            out[-1] = Block(prev.kind, prev.headings, prev.texts + b.texts, prev.starts + b.starts, prev.page, prev.lead, prev.table, prev.section)
        else:
            out.append(b)
    if pending is not None:
        out.append(pending)
    return out


def _to_clauses(blocks: list[Block], meta: DocMeta, cap: int, page_labels: dict[int, str], doc_text: str,
                family: Family) -> list[Clause]:
    clauses: list[Clause] = []
    counters: dict[str, int] = {}
    for b in blocks:
        code = ".".join(code_part(h) for h in b.headings)
        if b.kind == "table_row":
            key = b.section
        elif b.kind in ("paragraph",) or (b.kind == "preamble" and code):
            key = code or "body"
        else:
            key = {"front_matter": "front", "back_matter": "back", "title": "title", "preamble": "preface"}[b.kind]
        counters[key] = counters.get(key, 0) + 1
        n = b.ordinal or counters[key]
        text = "\n".join(b.texts) if b.kind in ("front_matter", "title") else "".join(b.texts)
        start = b.starts[0] if b.starts else 0
        end = (b.starts[-1] + len(b.texts[-1])) if b.starts else 0
        if b.local:
            base_id = f"{meta.doc_id}/{b.local}"
        elif b.kind == "table_row":
            base_id = f"{meta.doc_id}/{key}.r{b.table.get('key', b.table['row'])}"
        else:
            base_id = f"{meta.doc_id}/{key}.p{n}"
        citation = meta.title + b.label if b.label else _citation(b, meta, n)
        parts = _split_long(text, cap) if b.kind in ("paragraph", "preamble") else [text]
        offset = start
        for k, part in enumerate(parts, 1):
            multi = len(parts) > 1
            clauses.append(Clause(
                id=f"{base_id}.part{k}" if multi else base_id,
                doc_id=meta.doc_id, doc_title=meta.title, doc_number=meta.doc_number, issuer=meta.issuer, date=meta.date,
                kind=b.kind, path=[h.label for h in b.headings], path_code=code if b.kind != "table_row" else key,
                ordinal=b.table["row"] if b.table else n, lead=b.lead, text=part, citation=citation,
                page=b.page, page_label=page_labels.get(b.page, "") if b.page else "",
                start=offset, end=offset + len(part) if multi else end, part=k if multi else 0,
                table=b.table, hash=text_hash(part), family=family.name,
                doc_kind=meta.kind, doc_aliases=list(meta.aliases),
            ))
            offset += len(part)
    return _cite_single_articles(clauses, counters)


def _cite_single_articles(clauses: list[Clause], counters: dict[str, int]) -> list[Clause]:
    """An article of one paragraph is cited as 第一条, not 第一条第1款 (for articles outside the regulation
    family, which labels its 款 itself)."""
    for c in clauses:
        if c.kind == "paragraph" and c.citation.endswith("第1款") and counters.get(c.path_code) == 1:
            c.citation = c.citation[: -len("第1款")]
    return clauses


def _citation(b: Block, meta: DocMeta, n: int) -> str:
    title = meta.title
    if b.kind == "table_row":
        t = b.table
        return f"{title}表{t['number']}第{t['row']}行（{t['indicator']}）"
    if b.kind == "front_matter":
        return f"{title}印发通知第{n}段"
    if b.kind == "back_matter":
        return f"{title}版记第{n}段"
    if b.kind == "title":
        return f"{title}标题"
    if not b.headings:
        return f"{title}前言第{n}段"
    unit = "款" if b.headings[-1].family in LEGAL_FAMILIES else "段"
    parts = "".join(citation_part(h) if h.marker else f"“{h.title}”" for h in b.headings)
    return f"{title}{parts}第{n}{unit}"


_SENTENCE = re.compile(r"[^。！？；]*[。！？；]+[”’」）]*|[^。！？；]+$")


def _split_long(text: str, cap: int) -> list[str]:
    """Split a long clause at sentence boundaries into balanced parts no longer than the cap."""
    if len(text) <= cap:
        return [text]
    sentences = _SENTENCE.findall(text)
    target = len(text) / -(-len(text) // cap)
    parts, cur = [], ""
    for s in sentences:
        if cur and (len(cur) + len(s) > cap or len(cur) >= target):
            parts.append(cur)
            cur = ""
        cur += s
    if cur:
        parts.append(cur)
    return parts
