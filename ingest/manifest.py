"""The corpus manifest (corpus/manifest.toml) and metadata inferred from a document's own text."""
from __future__ import annotations

import hashlib
import os
import re
import tomllib
from pathlib import Path

from errors import UserError

from .chars import converter
from .clean import Para
from .records import DocMeta
from .families.regulation import ADOPTION
from .split import DATE_LINE, DOC_NUMBER, ISSUER_END, NOTICE, drop_comments, signature_start
from .structure import PREFACE, parse_heading

MANIFEST_NAME = "manifest.toml"
REQUIRED = ("id", "title")
STATUSES = ("bundled", "added", "expected")


class ManifestError(UserError):
    """The manifest cannot be read or has an invalid entry."""


def read_manifest(corpus_dir: Path) -> list[dict]:
    """All entries, bundled and expected; an absent manifest is an empty one."""
    path = Path(corpus_dir) / MANIFEST_NAME
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: not valid TOML ({exc})") from None
    entries = data.get("documents", [])
    if not isinstance(entries, list):
        raise ManifestError(f"{path}: 'documents' must be an array of tables ([[documents]])")
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        for key in REQUIRED:
            if not str(entry.get(key, "")).strip():
                raise ManifestError(f"{path}: document #{n} has no '{key}'")
        if entry["id"] in seen:
            raise ManifestError(f"{path}: document id '{entry['id']}' appears twice")
        seen.add(entry["id"])
        if entry.get("status", "bundled") not in STATUSES:
            raise ManifestError(f"{path}: document '{entry['id']}': status must be one of {', '.join(STATUSES)}")
        if not entry["title"].startswith("《"):
            entry["title"] = f"《{entry['title'].strip('《》')}》"
    return entries


def meta_from_entry(entry: dict, sha256: str) -> DocMeta:
    return DocMeta(
        doc_id=entry["id"], title=entry["title"], doc_number=entry.get("doc_number", ""),
        issuer=entry.get("issuer", ""), date=str(entry.get("date", "")), file=entry.get("file", ""),
        language=entry.get("language", "zh-Hans"), status=entry.get("status", "bundled"),
        source="manifest", sha256=sha256, kind=entry.get("kind", "") or kind_from_title(entry["title"]),
        level=entry.get("level", ""), effective=str(entry.get("effective", "")), validity=entry.get("validity", ""),
        aliases=_strings(entry.get("aliases")), based_on=_strings(entry.get("based_on")),
    )


def _strings(value) -> list[str]:
    """A list of strings from a manifest field written as a list or a single string."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value or [] if str(v).strip()]


_KINDS = ("条例", "办法", "规定", "细则", "决定", "方案", "意见", "规划", "通知", "公告", "法")


def kind_from_title(title: str) -> str:
    """The kind a title names by its last word: 《…发展促进条例》 -> 条例, 《…的通知》 -> 通知; '' when none."""
    core = re.sub(r"[（(][^（）()]*[）)]$", "", title.strip("《》 "))
    return next((k for k in _KINDS if core.endswith(k)), "")


def infer_meta(path: Path, paras: list[Para], sha256: str) -> tuple[DocMeta, list[str]]:
    """Title, 文号, issuer and date from the usual top-of-document shape (a 印发 notice, a closing signature,
    or a regulation's adoption line); returns what was inferred."""
    paras, _ = drop_comments(paras)
    head = [p.text for p in paras[:15] if p.text]
    title = doc_number = issuer = date = ""
    for i, text in enumerate(head):
        adopted = ADOPTION.match(text)
        if adopted and not date:
            date = f"{int(adopted.group(1)):04d}-{int(adopted.group(2)):02d}-{int(adopted.group(3)):02d}"
            issuer = issuer or adoption_issuer(adopted.group(4))
        m = NOTICE.match(text)
        if m and not title:
            title = f"《{m.group(1)}》"
        if not doc_number:
            found = DOC_NUMBER.search(text)
            if found and len(text) <= len(found.group()) + 4:
                doc_number = found.group()
        d = DATE_LINE.match(text)
        if d and not date:
            date = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
            if i > 0 and ISSUER_END.search(head[i - 1]) and len(head[i - 1]) <= 40:
                issuer = head[i - 1]
    if not date:  # no date at the top: the closing signature (issuer line, date line) has them
        start = signature_start(paras, 0)
        sign = [p.text for p in paras[start:start + 2] if p.text]
        d = DATE_LINE.match(sign[-1]) if sign else None
        if d:
            date = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
            issuer = issuer or (sign[0] if len(sign) == 2 else "")
    if not title:
        title = _title_from_top(paras) or path.stem
        title = f"《{title.strip('《》')}》"
    language = detect_language(" ".join(p.text for p in paras[:200]))
    meta = DocMeta(doc_id=doc_id_for(path), title=title, doc_number=doc_number, issuer=issuer, date=date,
                   file=path.name, language=language, status="added", source="inferred", sha256=sha256,
                   kind=kind_from_title(title))
    notes = [f"title {title}"] + [f"{k} {v}" for k, v in (("文号", doc_number), ("issuer", issuer), ("date", date)) if v]
    missing = [k for k, v in (("文号", doc_number), ("issuer", issuer), ("date", date)) if not v]
    if missing:
        notes.append("not found: " + ", ".join(missing) + " (add a manifest entry to set them)")
    return meta, notes


_SESSION = re.compile(r"第[一二三四五六七八九十百零〇]+次(?:全体)?会议$")
_TERM = re.compile(r"第[一二三四五六七八九十百零〇]+届")


def adoption_issuer(body: str) -> str:
    """The body that adopted a text, from 广东省第十三届人民代表大会常务委员会第四十八次会议: the term and the
    session are dropped (广东省人民代表大会常务委员会), as the issuer is named in a citation."""
    body = _SESSION.sub("", body.strip())
    return _TERM.sub("", body).strip()


def _title_from_top(paras: list[Para]) -> str:
    """The first short, heading-styled or title-like line before the body starts; a "关于…" line is
    preferred, since an issuer line (…局, …委员会) often stands above the title."""
    candidates = []
    for p in paras[:6]:
        t = p.text.strip()
        if p.style == "heading" and t:
            return t
        if parse_heading(p.raw or t) or PREFACE.match(t):
            break  # the body has started: no title line above it
        if 4 <= len(t) <= 60 and not re.search(r"[。；：]$", t) and not DOC_NUMBER.fullmatch(t):
            candidates.append(t)
    about = [t for t in candidates if converter("t2s").convert(t).startswith("关于")]
    return (about or candidates or [""])[0]


def doc_id_for(path: Path) -> str:
    """A stable id from the file name: ASCII slug, or a short hash for non-ASCII names."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    if len(slug) >= 3 and path.stem.isascii():
        return slug[:60]
    # fsencode: a file name that is not valid UTF-8 (bytes kept as surrogates) still hashes, to its raw bytes
    return "doc-" + hashlib.sha1(os.fsencode(path.name)).hexdigest()[:8]


def detect_language(text: str) -> str:
    """zh-Hant when a noticeable share of characters change under Traditional->Simplified folding."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "und"
    sample = "".join(han[:3000])
    changed = sum(a != b for a, b in zip(sample, converter("t2s").convert(sample)))
    return "zh-Hant" if changed / len(sample) > 0.03 else "zh-Hans"
