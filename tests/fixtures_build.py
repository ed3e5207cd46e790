"""Write fixture documents (PDF, DOCX, HTML, text, bad files) into a test's tmp_path; reusable by any test."""
from __future__ import annotations

import io
import os
import random
from pathlib import Path

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def make_pdf(path: Path, pages: list[list[str]], footer: bool = True, footer_format: str = "— {n} —",
             user_password: str | None = None, owner_password: str | None = None) -> Path:
    """A PDF with one page per list of lines, in reportlab's built-in CJK font, with a printed page number.

    With a password the file is AES-encrypted by pypdf (user_password "" makes an owner-only lock)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("STSong-Light", 12)
        y = height - 72
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 20
        if footer:
            pdf.drawCentredString(width / 2, 40, footer_format.format(n=number))
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    if user_password is not None or owner_password is not None:
        data = _encrypt(data, user_password or "", owner_password or "owner-secret")
    Path(path).write_bytes(data)
    return Path(path)


def _encrypt(data: bytes, user: str, owner: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF whose pages hold only drawings (like a scan): no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for i in range(pages):
        pdf.rect(72, 400, 300, 200 + 10 * i, fill=1)
        pdf.showPage()
    pdf.save()
    return Path(path)


def make_docx(path: Path, blocks: list[tuple]) -> Path:
    """A DOCX from blocks in order: ("title"|"h1".."h6"|"p", text), ("style", style name, text),
    ("table", [[cell, ...], ...]) or ("pagebreak",). A style not in the template is created."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for block in blocks:
        kind = block[0]
        if kind == "title":
            document.add_heading(block[1], level=0)
        elif kind[0] == "h" and kind[1:].isdigit():
            document.add_heading(block[1], level=int(kind[1:]))
        elif kind == "p":
            document.add_paragraph(block[1])
        elif kind == "style":
            if block[1] not in [s.name for s in document.styles]:
                document.styles.add_style(block[1], WD_STYLE_TYPE.PARAGRAPH)
            document.add_paragraph(block[2], style=block[1])
        elif kind == "table":
            rows = block[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        elif kind == "pagebreak":
            document.add_page_break()
        else:
            raise ValueError(f"unknown block {kind}")
    document.save(str(path))
    return Path(path)


def make_html(path: Path, title: str, article_html: str, encoding: str = "utf-8", charset_meta: bool = True) -> Path:
    """A government-style web page: header menu, nav, breadcrumb, share bar and footer around the article."""
    meta = f'<meta charset="{encoding}">' if charset_meta else ""
    page = f"""<!DOCTYPE html>
<html><head>{meta}<title>{title}-横琴粤澳深度合作区</title>
<script>var menu = "导航脚本文字";</script><style>.nav {{ color: red }}</style></head>
<body>
<div class="header"><div class="top-menu"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hdjl">互动交流</a></div></div>
<nav><ul><li><a href="/a">机构概况</a></li><li><a href="/b">政策文件</a></li><li><a href="/c">办事服务</a></li></ul></nav>
<div class="main-wrap">
  <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zcwj">政策文件</a></div>
  <div class="side-bar"><h3>热点专题</h3><ul><li><a href="/x">专题一链接文字</a></li></ul><p>侧栏推荐阅读文字不应出现在正文中。</p></div>
  <div class="article">
    <h1 class="article-title">{title}</h1>
    <div class="info">发布时间：2025-06-30　来源：行政事务局</div>
    <div class="TRS_Editor" id="zoom">
{article_html}
    </div>
    <div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
  </div>
</div>
<div class="footer"><p>主办单位：横琴粤澳深度合作区行政事务局　网站标识码：4404000001</p><p>版权所有 粤ICP备00000000号</p></div>
</body></html>"""
    Path(path).write_bytes(page.encode(encoding))
    return Path(path)


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """A text file in the given encoding ("utf-8-sig" writes a BOM)."""
    Path(path).write_bytes(text.encode(encoding))
    return Path(path)


def random_bytes(path: Path, size: int = 4096, seed: int = 7) -> Path:
    """Binary garbage (reproducible), to be given a misleading name."""
    Path(path).write_bytes(random.Random(seed).randbytes(size))
    return Path(path)


def sparse_file(path: Path, mb: int = 200) -> Path:
    """A file that reports `mb` megabytes but takes no disk space."""
    with open(path, "wb") as handle:
        handle.truncate(mb * 1024 * 1024)
    return Path(path)


def truncate_copy(source: Path, path: Path, keep: float = 0.5) -> Path:
    """The first `keep` share of a file's bytes (an interrupted download)."""
    data = Path(source).read_bytes()
    Path(path).write_bytes(data[: int(len(data) * keep)])
    return Path(path)


def free_bytes(path: Path) -> int:
    """Disk blocks a file really uses, in bytes (to show a sparse file costs nothing)."""
    return os.stat(path).st_blocks * 512


def corpus_with(base: Path, extra: dict[str, str]):
    """The bundled corpus (with its manifest) plus these extra documents (name -> text), ingested and indexed in
    base with the fake embedder; the opened Index."""
    import shutil

    from index import open_index
    from index.embedders import register_embedder
    from ingest.pipeline import ingest
    from settings import Settings
    from tests.conftest import FakeEmbedder

    root = Path(__file__).resolve().parent.parent
    corpus, more = base / "corpus", base / "extra"
    shutil.copytree(root / "corpus", corpus)
    more.mkdir()
    for name, text in extra.items():
        (more / name).write_text(text, encoding="utf-8")
    result = ingest([corpus, *sorted(more.iterdir())], corpus, base / "build")
    assert result.ok
    register_embedder("fake", FakeEmbedder)
    return open_index(Settings.load(build_dir=base / "build", corpus_dir=corpus, embedder="fake"))


TAX_CAP = "高端人才和紧缺人才的个人所得税负超过15%的部分予以免征，具体办法由省人民政府制定。"


def guangdong_regulation(topic: str) -> str:
    """A LawRefBook-style Guangdong regulation without a manifest entry: twelve articles, the seventh on the
    individual income-tax cap that the Hengqin documents also set (but without 合作区)."""
    from ingest.structure import int_to_cn

    lines = [f"# 广东省{topic}条例", "", "2020年1月1日广东省第十三届人民代表大会常务委员会第十次会议通过", "",
             "<!-- INFO END -->", "", "## 第一章 总则", ""]
    for a in range(1, 13):
        body = TAX_CAP if a == 7 else f"本条例所称{topic}工作，由县级以上人民政府{topic}主管部门按照第{a}项职责组织实施。"
        lines += [f"第{int_to_cn(a)}条 {body}", ""]
    return "\n".join(lines)
