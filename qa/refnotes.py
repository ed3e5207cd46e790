"""What a document has when a reference names something it lacks: "《…条例》共六十六条，没有第八十条"."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.docrefs import names_doc
from index.refs import SectionRef, item_number, section_code
from ingest.structure import int_to_cn

from .docinfo import doc_info


def documents_in_scope(ref: SectionRef, clauses: list) -> dict[str, list]:
    """The clauses of each document the reference names (every document when it names none), by doc id."""
    docs: dict[str, list] = {}
    for c in clauses:
        if not ref.docs or names_doc(ref.docs, c):
            docs.setdefault(c.doc_id, []).append(c)
    return docs


# unit of a numbering -> (English singular, plural; Portuguese singular, plural) for an en/pt question's note
_LATIN_UNITS = {"条": ("article", "articles", "artigo", "artigos"), "章": ("chapter", "chapters", "capítulo", "capítulos"),
                "项": ("item", "items", "item", "itens"), "个部分": ("part", "parts", "parte", "partes"),
                "行": ("row", "rows", "linha", "linhas")}


@dataclass(frozen=True)
class Gap:
    """A document's numbering that lacks the referenced unit: '共六十六条，没有第八十条' as facts and as text."""
    clause: object  # one clause of the document (its title, kind and manifest names)
    unit: str  # 条, 章, 项, 个部分 (a Latin note is written for these), or '' for a note in Chinese only
    count: int
    wanted: int
    text: str


def missing_note(ref: SectionRef, clauses: list, language: str = "zh-Hans", corpus_dir=None) -> str:
    """A plain sentence naming what exists, for a reference nothing answers; '' when it is not the kind of
    reference a document's numbering can disprove. An English or Portuguese question gets it in its language
    where the unit has a Latin name (articles, chapters, items, parts)."""
    docs = documents_in_scope(ref, clauses)
    if not docs:
        named = "、".join(n.lstrip("@") for n in ref.docs)
        titles = "、".join(dict.fromkeys(c.doc_title for c in clauses))
        return f"没有找到“{named}”这份文件（已收录：{titles}）。"
    gaps = [g for g in (_note(ref, doc) for doc in docs.values()) if g]
    return "".join(dict.fromkeys(_render(g, language, corpus_dir) for g in gaps))


def _render(gap: Gap, language: str, corpus_dir=None) -> str:
    if language not in ("en", "pt") or gap.unit not in _LATIN_UNITS:
        return gap.text
    en = language == "en"
    one, many, um, muitos = _LATIN_UNITS[gap.unit]
    name = doc_info(gap.clause, corpus_dir).foreign(language)
    if gap.unit == "行":  # a table's rows: "table 2-1 of the Industrial Development Plan (…)"
        number = (gap.clause.table or {}).get("number", "")
        name = f"Table {number} of {re.sub(r'^The ', 'the ', name)}" if en else f"O quadro {number} do {re.sub(r'^O ', '', name)}"
    if gap.unit == "条":
        wanted = f"article {gap.wanted}" if en else f"artigo {gap.wanted}.º"
    elif gap.unit == "项":
        wanted = f"item ({gap.wanted})"
    else:
        wanted = f"{one if en else um} {gap.wanted}"
    if en:
        return f"{name} has {gap.count} {many if gap.count > 1 else one}; there is no {wanted}. "
    return f"{name} tem {gap.count} {muitos if gap.count > 1 else um}; não existe {wanted}. "


def _note(ref: SectionRef, doc: list) -> Gap | None:
    title, family = doc[0].doc_title, doc[0].family or "plan"
    if family != "regulation" and ref.fallback:  # 第六章 of a document without chapters is its part 六
        ref = replace(ref, code=ref.fallback, fallback="")
    segments = ref.code.split(".")
    last = segments[-1]
    if ref.code.startswith("table") and ref.paragraph:  # 表2-1第12行 of a table of eleven rows
        table = [c for c in doc if c.kind == "table_row" and c.path_code == ref.code]
        rows = {(c.table or {}).get("row") for c in table} - {None}
        number = ref.code[len("table"):]
        if rows and ref.paragraph not in rows:  # the Gap names a row: its table's number for the en/pt note
            return Gap(table[0], "行", max(rows), ref.paragraph, f"{title}表{number}共{max(rows)}行，没有第{ref.paragraph}行。")
        return None
    if family == "regulation" and re.fullmatch(r"(ch|art|s|b)\d+", last):
        unit = {"ch": "章", "art": "条", "s": "节", "b": "编"}[re.match(r"[a-z]+", last).group()]
        prefix = re.match(r"[a-z]+", last).group()
        numbers = {int(s[len(prefix):]) for c in doc for s in section_code(c).split(".")
                   if re.fullmatch(rf"{prefix}\d+", s)}
        wanted = int(last[len(prefix):])
        if numbers and wanted not in numbers:
            return Gap(doc[0], unit if unit in ("条", "章") else "", max(numbers), wanted,
                       f"{title}共{int_to_cn(max(numbers))}{unit}，没有第{int_to_cn(wanted)}{unit}。")
        if prefix == "art" and (ref.paragraph or ref.item):
            text = _paragraph_note(ref, title, [c for c in doc if section_code(c).split(".")[-1] == last], wanted)
            return Gap(doc[0], "", 0, wanted, text) if text else None
        return None
    if family == "programme" and (last.startswith("item") or re.fullmatch(r"art\d+", last)):
        items = {item_number(c) for c in doc} - {None}
        wanted = int(re.sub(r"\D", "", last))
        if items and wanted not in items:
            return Gap(doc[0], "项", max(items), wanted,
                       f"{title}共{int_to_cn(max(items))}项（（一）至（{int_to_cn(max(items))}）），没有（{int_to_cn(wanted)}）。")
        return None
    if family in ("plan", "programme") and re.fullmatch(r"\d+(\.\d+)?", ref.code):
        parts = {int(section_code(c).split(".")[0]) for c in doc if section_code(c)[:1].isdigit()}
        part = int(segments[0])
        if parts and part not in parts:
            return Gap(doc[0], "个部分", max(parts), part, f"{title}共{int_to_cn(max(parts))}个部分，没有第{int_to_cn(part)}部分。")
        if len(segments) == 2:
            sections = sorted({int(section_code(c).split(".")[1]) for c in doc
                               if len(section_code(c).split(".")) >= 2 and section_code(c).split(".")[0] == segments[0]})
            if sections and int(segments[1]) not in sections:
                have = f"（{int_to_cn(sections[0])}）至（{int_to_cn(sections[-1])}）" if len(sections) > 1 else f"（{int_to_cn(sections[0])}）"
                return Gap(doc[0], "", len(sections), int(segments[1]),
                           f"{title}第{int_to_cn(part)}部分下有{have}，没有{int_to_cn(part)}（{int_to_cn(int(segments[1]))}）。")
    return None


def _paragraph_note(ref: SectionRef, title: str, article: list, number: int) -> str:
    """第十二条第五款 when the article has two 款; 第六条第二款第（九）项 when the 款 has four 项."""
    label = f"{title}第{int_to_cn(number)}条"
    kuans = {c.ordinal for c in article}
    if ref.paragraph and kuans and ref.paragraph not in kuans:
        return f"{label}共{int_to_cn(max(kuans))}款，没有第{int_to_cn(ref.paragraph)}款。"
    if ref.item:
        scope = [c for c in article if not ref.paragraph or c.ordinal == ref.paragraph]
        items = {int(m) for c in scope for m in re.findall(r"\.i(\d+)", c.id)}
        if items and ref.item not in items:
            where = f"{label}第{int_to_cn(ref.paragraph)}款" if ref.paragraph else label
            return f"{where}共{int_to_cn(max(items))}项，没有第（{int_to_cn(ref.item)}）项。"
    return ""
