"""HTML loader: find the article body of a government web page, drop navigation, keep headings and tables."""
from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from .base import IngestError, Line, RawDoc
from .encoding import Decoded, decode_bytes
from .sniff import join_broken

_JUNK_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "link", "meta",
              "button", "select", "input", "textarea", "object", "embed")
_NOISE_TAGS = ("nav", "aside", "footer", "menu")
# id/class words of page furniture around the article (breadcrumb 当前位置, share bars, font-size pickers).
_NOISE = re.compile(r"nav|menu|bread|crumb|share|footer|foot\b|\bside|toolbar|pager|pagination|"
                    r"\bprint\b|position|location|\bweizhi|related|xgwz|comment|banner|\bad\b|\bads\b|"
                    r"\btop\b|topbar|logo|search|login|fontsize|\bfont\b|qrcode|ewm|bottom", re.I)
_HINT = re.compile(r"TRS_Editor|zoom|article|content|main|detail|\bzw\b|zhengwen|\btext\b|body|"
                   r"UnionStyle|pages_content|con\b", re.I)
_BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
          "pre", "center", "form", "header", "figure", "figcaption", "address", "table", "tr", "br",
          "h1", "h2", "h3", "h4", "h5", "h6", "hr", "tbody", "thead", "tfoot", "td", "th", "caption"}
_TITLE_MARK = "data-kb-doc-title"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
# Deepest element nesting accepted: libxml2's own default limit; real government pages nest 20-60 levels.
# Past it a page is refused (every pass below is linear in elements × depth, and the walk recurses per level).
MAX_DEPTH = 256
_SOURCE_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])")


def load_html(path: Path, data: bytes) -> RawDoc:
    """Load a .html/.htm page from its bytes."""
    text, encoding, note = _decode(data)
    soup = BeautifulSoup(text, "lxml")
    depth = nesting_depth(soup)
    if depth > MAX_DEPTH:
        raise IngestError(f"HTML elements nested more than {MAX_DEPTH} levels deep (the limit) — refused, "
                          "no real page is built that way")
    for tag in soup.find_all(_JUNK_TAGS):
        tag.decompose()
    body = _pick_body(soup)
    if body is None:
        raise IngestError("no article text found in the page")
    lines: list[Line] = []
    _mark_inner_title(body)
    title = _outside_title(soup, body)
    if title:  # level 0 = the document title, as for a Word "Title" paragraph
        lines.append(Line(text=title, style="heading", level=0))
    _prune(body)
    _emit(body, lines)
    if not any(line.style != "heading" for line in lines):
        raise IngestError("no article text found in the page")
    return RawDoc(path=path, lines=lines, wrapped=False, encoding=encoding, warnings=[note] if note else [])


def nesting_depth(root: Tag, stop: int = MAX_DEPTH) -> int:
    """Depth of the deepest element, walked without recursion; stops counting just past `stop`."""
    deepest, stack = 0, [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > stop:
                return deepest
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))
    return deepest


def _decode(data: bytes) -> Decoded:
    """Decode with the page's declared charset when it works, else detect like a text file."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        declared = "gb18030" if declared in ("gb2312", "gbk") else declared
        try:
            return Decoded(data.decode(declared), declared, "")
        except (LookupError, UnicodeDecodeError):
            pass  # wrong or unknown declaration: detect instead
    return decode_bytes(data)


def _label(tag: Tag) -> str:
    return " ".join([tag.get("id") or ""] + list(tag.get("class") or []))


def _is_noise(tag: Tag) -> bool:
    if tag.name in _NOISE_TAGS:
        return True
    if tag.name == "header":  # an article's own <header> holds its title
        return tag.find(re.compile("^h[1-3]$")) is None
    return bool(_NOISE.search(_label(tag)))


def _text_len(tag: Tag) -> int:
    return len("".join(tag.get_text().split()))


def _pick_body(soup: BeautifulSoup) -> Tag | None:
    """The element holding the article: paragraph text scored onto parents, content-like ids favoured,
    link lists (menus) discounted."""
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    for block in soup.find_all(["p", "div", "td", "li", "pre", "section", "span", "font"]):
        own = "".join(block.find_all(string=True, recursive=False)).strip()
        if len(own) < 10 or block.find_parent("a") or any(_is_noise(t) for t in [block, *block.parents]):
            continue
        for depth, parent in enumerate(_block_parents(block, 3)):
            scores[id(parent)] = scores.get(id(parent), 0) + len(own) / (1 + depth)
            tags[id(parent)] = parent
    if not scores:
        return soup.body or soup
    top = sorted(scores, key=scores.get, reverse=True)[:10]  # link density only for the front runners
    return tags[max(top, key=lambda key: _final_score(tags[key], scores[key]))]


def _final_score(tag: Tag, score: float) -> float:
    links = sum(_text_len(a) for a in tag.find_all("a"))
    density = links / max(1, _text_len(tag))
    return score * (1.5 if _HINT.search(_label(tag)) else 1.0) * (1 - density)


def _block_parents(tag: Tag, count: int):
    """The tag itself when it is a block, then its nearest block ancestors."""
    node = tag
    while node is not None and count:
        if isinstance(node, Tag) and node.name in _BLOCK and node.name not in ("p", "li", "tr", "br", "th"):
            yield node
            count -= 1
        node = node.parent


def _outside_title(soup: BeautifulSoup, body: Tag) -> str:
    """The article title when it sits above the chosen body: an h1/h2 or a "title" block near the body
    (under its grandparent) or repeated in the page's <title>."""
    if body.find("h1") or body.find(attrs={_TITLE_MARK: True}):
        return ""
    near = body.parent.parent if body.parent is not None and body.parent.parent is not None else body.parent
    page_title = " ".join(soup.title.get_text().split()) if soup.title else ""
    for tag in body.find_all_previous(["h1", "h2", "div", "p", "td", "span"]):
        if tag.name not in ("h1", "h2") and not re.search(r"title|biaoti|\bbt\b", _label(tag), re.I):
            continue
        text = " ".join(tag.get_text(" ").split())
        if not 4 <= len(text) <= 120 or any(_is_noise(p) for p in [tag, *tag.parents] if isinstance(p, Tag)):
            continue
        if (near is not None and near in tag.parents) or text in page_title:
            return text
    return ""


def _mark_inner_title(body: Tag) -> None:
    """A "title" block opening the body (old pages without h1) is marked to become the document title."""
    if body.find("h1"):
        return
    for tag in body.find_all(True, limit=40):
        if re.search(r"title|biaoti|\bbt\b", _label(tag), re.I) and 4 <= len(tag.get_text(strip=True)) <= 120:
            tag[_TITLE_MARK] = "1"
            return


def _prune(body: Tag) -> None:
    """Remove page furniture inside the body, top down: a removed element's inside is never visited.

    (Not `tag.decomposed`: on a Tag, bs4 resolves that attribute by searching the whole subtree for a
    child named "_decomposed", which made this pass quadratic — 8,000 nested spans took 12 s.)"""
    stack = [child for child in reversed(body.contents) if isinstance(child, Tag)]
    while stack:
        tag = stack.pop()
        if _is_noise(tag):
            tag.decompose()
        else:
            stack.extend(child for child in reversed(tag.contents) if isinstance(child, Tag))


def _emit(node: Tag, lines: list[Line]) -> None:
    """Walk the body: headings, tables and paragraph blocks become Lines in reading order."""
    buffer: list[str] = []

    def flush() -> None:
        text = _clean("".join(buffer))
        buffer.clear()
        if text:
            lines.append(Line(text=text))

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not comments, CDATA or doctype
                buffer.append(str(child))
        elif not isinstance(child, Tag):
            continue
        elif re.fullmatch(r"h[1-6]", child.name) or child.has_attr(_TITLE_MARK):
            flush()
            text = _clean(child.get_text())
            if text:
                level = 0 if child.has_attr(_TITLE_MARK) else int(child.name[1])
                lines.append(Line(text=text, style="heading", level=level))
        elif child.name == "table" and not _is_layout(child):
            flush()
            lines.extend(_table_rows(child))
        elif child.name in _BLOCK:
            flush()
            _emit(child, lines)
        else:
            _inline(child, buffer, lines, flush)
    flush()


def _inline(tag: Tag, buffer: list[str], lines: list[Line], flush) -> None:
    """Inline markup (span, a, strong…) adds to the current paragraph; a nested block breaks it."""
    if tag.find(list(_BLOCK - {"br"})) is None:
        first, *rest = _split_br(tag)
        buffer.append(first)
        for part in rest:
            flush()
            buffer.append(part)
        return
    flush()
    _emit(tag, lines)


def _split_br(tag: Tag) -> list[str]:
    """Text of an inline element, a <br> starting a new line."""
    parts = [""]
    for node in tag.descendants:
        if isinstance(node, Tag) and node.name == "br":
            parts.append("")
        elif type(node) is NavigableString:
            parts[-1] += str(node)
    return parts


def _is_layout(table: Tag) -> bool:
    """A table used for page layout (nested tables or one column) rather than data."""
    if table.find("table"):
        return True
    rows = table.find_all("tr")
    return all(len(r.find_all(["td", "th"], recursive=False)) <= 1 for r in rows)


def _table_rows(table: Tag) -> list[Line]:
    out = []
    for row in table.find_all("tr"):
        cells = [_cell_text(c) for c in row.find_all(["td", "th"], recursive=False)]
        if any(cells):
            out.append(Line(text=" ".join(c for c in cells if c), style="table_row", cells=cells))
    caption = table.find("caption")
    if caption and _clean(caption.get_text()):
        out.insert(0, Line(text=_clean(caption.get_text())))
    return out


def _cell_text(cell: Tag) -> str:
    """A cell's text: inline pieces run together, its paragraphs joined (no space between Chinese)."""
    parts: list[Line] = []
    _emit(cell, parts)
    return join_broken([p.text for p in parts])


def _clean(text: str) -> str:
    """Collapse HTML whitespace; a source line break between Chinese characters is dropped."""
    text = text.replace("\xa0", " ")
    text = _SOURCE_BREAK.sub("", text)
    return " ".join(text.split()).strip("\u3000 ")
