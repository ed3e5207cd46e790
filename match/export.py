"""Export a match result as Markdown or CSV (text kept literal; spreadsheet formulas neutralised)."""
from __future__ import annotations

import csv
import io
import re

from .matcher import MatchResult
from .profile import Profile

CSV_COLUMNS = ["rank", "part", "clause_id", "citation", "reason", "score", "instruments", "text"]
# Markdown reads these as formatting anywhere in a line (emphasis, code, links, HTML, tables); others
# only at the start of a line (headings, lists, quotes). Official text must come out literally, and the
# raw file stays readable ("2025-2029" keeps its hyphen).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md_escape(text: str) -> str:
    escaped = _MD_INLINE.sub(r"\\\1", text or "")
    def start(m: re.Match) -> str:
        mark = m.group(2)
        return m.group(1) + (mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark)

    return _MD_LINE_START.sub(start, escaped)


def profile_lines(profile: Profile) -> list[str]:
    """The profile as short "label：value" lines, in the order a person fills it in."""
    rows = [("企业", profile.name), ("描述", profile.description), ("行业", "、".join(profile.industries)),
            ("资本来源", profile.origin), ("规模", profile.size), ("类型", "、".join(profile.types)),
            ("经营活动", "、".join(profile.activities)), ("关注的政策工具", "、".join(profile.interests))]
    return [f"{label}：{value}" for label, value in rows if value]


def to_markdown(result: MatchResult) -> str:
    title = result.profile.name or "企业画像"
    out = [f"# 适用政策：{md_escape(title)}", ""]
    out += [f"- {md_escape(line)}" for line in profile_lines(result.profile)]
    if result.notes:
        out += ["", "从描述识别：" + md_escape("；".join(result.notes))]
    out += ["", md_escape(result.summary()), ""]
    rank = {m.clause.id: n for n, m in enumerate(result.matches, 1)}  # overall rank, shown within each part
    for group in result.groups:
        out += [f"## {md_escape(group.doc_title)} {md_escape(group.heading)}".rstrip(), ""]
        for m in group.matches:
            out.append(f"- 【{rank[m.clause.id]}】 **{md_escape(m.clause.citation)}**  ")
            out.append(f"  {md_escape(m.reason)}  ")
            if m.instruments:
                out.append(f"  政策工具：{md_escape('、'.join(m.instruments))}  ")
            out += [f"  > {md_escape(line)}" for line in m.clause.text.splitlines() if line.strip()]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(result: MatchResult) -> str:
    """One row per applicable clause, ranked as in the result (encode as utf-8-sig for Excel)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rank = {m.clause.id: n for n, m in enumerate(result.matches, 1)}
    for group in result.groups:
        for m in group.matches:
            c = m.clause
            writer.writerow([_cell(v) for v in (rank[c.id], group.heading, c.id, c.citation, m.reason,
                                                f"{m.score:.1f}", "、".join(m.instruments), c.text)])
    return buf.getvalue()
