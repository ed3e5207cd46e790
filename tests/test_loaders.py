"""Loaders: PDF/DOCX/HTML/TXT fixtures written by the tests read back right, and every bad input is refused."""
from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from ingest.loaders import IngestError, load
from ingest.loaders.encoding import decode_bytes
from tests.fixtures_build import (PNG_BYTES, free_bytes, make_docx, make_html, make_pdf, make_scanned_pdf,
                                  random_bytes, sparse_file, truncate_copy, write_text)

PAGES = [
    ["横琴粤澳深度合作区产业发展规划", "一、总体要求", "坚持以习近平新时代中国特色社会主义思想为指导，", "促进澳门经济适度多元发展。"],
    ["（一）发展目标", "到2029年，澳资产业增加值90亿元。", "本规划自印发之日起施行。"],
]


def texts(doc) -> list[str]:
    return [line.text for line in doc.lines]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def page_of(doc, text: str) -> int | None:
    return next(line.page for line in doc.lines if line.text.strip() == text)


# --- PDF -------------------------------------------------------------------------------------------

@pytest.fixture
def two_page_pdf(tmp_path) -> Path:
    return make_pdf(tmp_path / "plan.pdf", PAGES)


def test_pdf_pages_and_chinese_round_trip(two_page_pdf):
    doc = load(two_page_pdf)
    assert doc.wrapped is True and doc.pages == 2
    assert page_of(doc, "一、总体要求") == 1
    assert page_of(doc, "促进澳门经济适度多元发展。") == 1
    assert page_of(doc, "（一）发展目标") == 2
    assert page_of(doc, "到2029年，澳资产业增加值90亿元。") == 2
    body = [t.strip() for t in texts(doc)]
    for page in PAGES:  # every line comes back, in order, character for character
        positions = [body.index(line) for line in page]
        assert positions == sorted(positions)


def test_pdf_footers_stay_in_lines_and_give_page_labels(two_page_pdf):
    doc = load(two_page_pdf)
    assert page_of(doc, "— 1 —") == 1 and page_of(doc, "— 2 —") == 2
    assert doc.page_labels == {1: "1", 2: "2"}


@pytest.mark.parametrize("footer, label", [("- {n} -", "7"), ("第 {n} 页", "7"), ("—{n}—", "7")])
def test_pdf_footer_styles(tmp_path, footer, label):
    pages = [["第一页正文。"]] * 7
    doc = load(make_pdf(tmp_path / "f.pdf", pages, footer_format=footer))
    assert doc.page_labels[7] == label and len(doc.page_labels) == 7


def test_pdf_page_labels_from_the_pdf(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", [["前言。"], ["正文。"]], footer=False)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.set_page_label(0, 1, style="/r")
    labelled = tmp_path / "labelled.pdf"
    writer.write(labelled)
    assert load(labelled).page_labels == {1: "i", 2: "ii"}
    assert load(plain).page_labels == {}


def test_pdf_owner_password_only_opens(tmp_path):
    doc = load(make_pdf(tmp_path / "owner.pdf", PAGES, user_password=""))
    assert "一、总体要求" in texts(doc)


# --- DOCX ------------------------------------------------------------------------------------------

def test_docx_headings_table_and_order(tmp_path):
    blocks = [
        ("title", "横琴粤澳深度合作区产业发展规划"),
        ("h1", "一、总体要求"),
        ("p", "坚持以习近平新时代中国特色社会主义思想为指导。"),
        ("h2", "（一）发展目标"),
        ("p", "到2029年，澳资产业增加值90亿元。"),
        ("table", [["指标", "单位", "2029年"], ["澳资产业增加值", "亿元", "90"]]),
        ("p", "表后的段落。"),
        ("style", "标题 1", "二、保障措施"),
    ]
    doc = load(make_docx(tmp_path / "plan.docx", blocks))
    assert doc.wrapped is False
    assert texts(doc) == ["横琴粤澳深度合作区产业发展规划", "一、总体要求", "坚持以习近平新时代中国特色社会主义思想为指导。",
                          "（一）发展目标", "到2029年，澳资产业增加值90亿元。", "指标 单位 2029年", "澳资产业增加值 亿元 90",
                          "表后的段落。", "二、保障措施"]
    styles = [(line.style, line.level) for line in doc.lines]
    assert styles == [("heading", 0), ("heading", 1), ("", 0), ("heading", 2), ("", 0),
                      ("table_row", 0), ("table_row", 0), ("", 0), ("heading", 1)]
    assert doc.lines[5].cells == ["指标", "单位", "2029年"]
    assert doc.lines[6].cells == ["澳资产业增加值", "亿元", "90"]
    assert all(line.page is None for line in doc.lines)  # no page breaks recorded: pages unknown


def test_docx_page_breaks_give_pages(tmp_path):
    doc = load(make_docx(tmp_path / "p.docx", [("p", "第一页。"), ("pagebreak",), ("p", "第二页。")]))
    assert page_of(doc, "第一页。") == 1 and page_of(doc, "第二页。") == 2 and doc.pages == 2


# --- HTML ------------------------------------------------------------------------------------------

ARTICLE = """<p>　　为深入贯彻落实党中央决策部署，制定本规划。</p>
<h2>一、总体要求</h2>
<p><span>坚持以习近平新时代中国特色社会主义思想为指导，</span>
<span>全面贯彻党的二十大精神。</span></p>
<h2>二、发展目标</h2>
<p>到2029年，合作区与澳门经济高度协同。<br>规则深度衔接的制度体系全面确立。</p>
<table><tr><th>指标</th><th>单位</th><th>2029年</th></tr>
<tr><td><p>澳资产业增加值</p></td><td>亿元</td><td>90</td></tr></table>
<p>本规划自印发之日起施行。</p>
<div class="bdsharebuttonbox">分享到：<a>朋友圈</a></div><div class="print-bar">【打印本页】【关闭窗口】</div>"""
NOISE = ["首页", "政务公开", "机构概况", "办事服务", "当前位置", "热点专题", "侧栏推荐", "分享到", "微信",
         "主办单位", "版权所有", "导航脚本文字", "color", "朋友圈", "打印本页"]


@pytest.mark.parametrize("encoding, meta", [("utf-8", True), ("gb2312", True), ("gb18030", False)])
def test_html_keeps_article_drops_navigation(tmp_path, encoding, meta):
    doc = load(make_html(tmp_path / "page.html", "横琴粤澳深度合作区产业发展规划", ARTICLE, encoding, meta))
    assert doc.wrapped is False
    joined = "\n".join(texts(doc))
    for noise in NOISE:
        assert noise not in joined
    assert texts(doc) == ["横琴粤澳深度合作区产业发展规划", "为深入贯彻落实党中央决策部署，制定本规划。", "一、总体要求",
                          "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。", "二、发展目标",
                          "到2029年，合作区与澳门经济高度协同。", "规则深度衔接的制度体系全面确立。",
                          "指标 单位 2029年", "澳资产业增加值 亿元 90", "本规划自印发之日起施行。"]
    assert [(l.style, l.level) for l in doc.lines[:3]] == [("heading", 0), ("", 0), ("heading", 2)]
    assert doc.lines[8].style == "table_row" and doc.lines[8].cells == ["澳资产业增加值", "亿元", "90"]


def test_html_old_layout_table_page(tmp_path):
    links = "".join(f'<a href="/l{i}">栏目链接{i}</a><br>' for i in range(15))
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>关于促进澳门经济适度多元发展的通知</title></head><body><table><tr>
<td width="200">{links}</td>
<td><div class="bt">关于促进澳门经济适度多元发展的通知</div>
<p>第一条　为了促进澳门经济适度多元发展，制定本办法。</p><p>第二条　本办法适用于合作区内的澳资企业。</p>
<p>第三条　本办法自2025年1月1日起施行。</p></td></tr></table>
<div>网站地图 | 联系我们</div></body></html>"""
    doc = load(_write(tmp_path / "old.htm", page.encode("gbk")))
    assert doc.encoding == "gb18030"  # declared gbk, read with its superset
    assert doc.lines[0].style == "heading" and doc.lines[0].level == 0
    assert texts(doc) == ["关于促进澳门经济适度多元发展的通知", "第一条 为了促进澳门经济适度多元发展，制定本办法。",
                          "第二条 本办法适用于合作区内的澳资企业。", "第三条 本办法自2025年1月1日起施行。"]


# --- TXT / MD --------------------------------------------------------------------------------------

TRAD = "橫琴粵澳深度合作區產業發展規劃"


@pytest.mark.parametrize("text, encoding, found", [
    ("横琴粤澳深度合作区产业发展规划\n一、总体要求\n", "utf-8", "utf-8"),
    ("横琴粤澳深度合作区产业发展规划\n一、总体要求\n", "utf-8-sig", "utf-8-sig"),
    ("横琴粤澳深度合作区产业发展规划\n一、总体要求\n", "gb18030", "gb18030"),
    ("合作区", "gbk", "gb18030"),
    (TRAD + "\n", "big5", "big5"),
    ("澳門", "big5", "big5"),
    (TRAD + "\n", "utf-8", "utf-8"),
    ("Região Administrativa Especial de Macau — cooperação\n", "cp1252", "cp1252"),
])
def test_text_encodings(tmp_path, text, encoding, found):
    doc = load(write_text(tmp_path / "t.txt", text, encoding))
    assert doc.encoding == found
    assert texts(doc)[0] == text.split("\n")[0]


def test_big5_and_gbk_told_apart_on_short_texts():
    # The same two bytes mean different characters in each; the common reading must win.
    for text, enc in [("國際組織", "big5"), ("推廣模式", "big5"), ("幣種收單", "big5"), ("中", "big5"),
                      ("国际组织", "gbk"), ("第一条", "gbk"), ("区", "gbk")]:
        assert decode_bytes(text.encode(enc)).text == text, (text, enc)


def test_utf8_with_one_broken_byte_is_read_with_a_warning(tmp_path):
    data = ("横琴粤澳深度合作区产业发展规划" * 10).encode()[:-1]
    doc = load(_write(tmp_path / "cut.txt", data))
    assert doc.encoding == "utf-8" and "1 undecodable byte" in doc.warnings[0]


def test_bundled_plan_is_wrapped_with_pages(bundled_txt):
    doc = load(bundled_txt)
    assert doc.wrapped is True and doc.encoding == "utf-8"
    index = texts(doc).index("— 10 —")
    assert doc.lines[index].page == 7  # the 7th page of the text layer prints "10"
    assert doc.lines[index + 1].text == "序号 指标 单位 2024 年 2029 年 属性"
    assert doc.lines[index + 1].page == 8
    assert doc.page_labels == {7: "10", 15: "18"}
    assert doc.lines[0].text.startswith(" ")  # leading spaces kept: they mark page starts
    assert page_of(doc, "前 言") == 3
    assert doc.pages == 31
    pages = [line.page for line in doc.lines]
    assert pages == sorted(pages) and set(pages) == set(range(1, 32))
    assert not any(line.text == "" for line in doc.lines)  # the alternating blank lines are layout


def test_one_paragraph_per_line_is_not_wrapped(tmp_path):
    text = "\n".join([
        "横琴粤澳深度合作区产业发展规划",
        "一、总体要求",
        "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届二中、三中全会精神，深入贯彻习近平总书记关于粤港澳大湾区建设的重要论述。",
        "（一）发展目标",
        "到2029年，合作区与澳门经济高度协同。",
        "各类要素跨境流动高效便捷，电子围网系统和跨境金融管理体系建立健全，货物“一线放开、二线管住”的体系高效运转，人员出入境高度便利，特色产业发展形成规模。",
        "本规划自印发之日起施行。",
    ])
    doc = load(write_text(tmp_path / "p.txt", text))
    assert doc.wrapped is False
    assert all(line.page is None for line in doc.lines) and doc.pages is None


def test_even_width_lines_without_blank_lines_are_wrapped(tmp_path):
    line = "横琴粤澳深度合作区产业发展规划横琴粤澳深度合作区产业"  # 26 CJK = 52 columns
    text = "\n".join([line] * 8 + ["发展。", " " + line] + [line] * 6 + ["— 2 —", line, "结束。"])
    doc = load(write_text(tmp_path / "w.txt", text))
    assert doc.wrapped is True
    assert [l.page for l in doc.lines] == [1] * 9 + [2] * 8 + [3] * 2
    assert doc.page_labels == {2: "2"}


def test_form_feeds_of_pdftotext_are_page_breaks(tmp_path):
    line = "横琴粤澳深度合作区产业发展规划横琴粤澳深度合作区产业"
    text = "\n".join([line] * 5) + "\n\f" + "\n".join([line] * 5) + "\n\f\n" + line + "\n"
    doc = load(write_text(tmp_path / "ff.txt", text))
    assert doc.wrapped is True and [l.page for l in doc.lines if l.text] == [1] * 5 + [2] * 5 + [3]
    assert all("\f" not in l.text for l in doc.lines)


def test_wrapped_text_without_page_marks_has_no_pages(tmp_path):
    line = "横琴粤澳深度合作区产业发展规划横琴粤澳深度合作区产业"
    doc = load(write_text(tmp_path / "w.txt", "\n".join([line] * 6 + ["发展。"])))
    assert doc.wrapped is True and doc.pages is None and all(l.page is None for l in doc.lines)


def test_blank_lines_between_paragraphs_are_kept_as_breaks(tmp_path):
    doc = load(write_text(tmp_path / "b.txt", "第一段。\n\n\n第二段。\n第三段。\n"))
    assert texts(doc) == ["第一段。", "", "第二段。", "第三段。"]


def test_markdown_headings_and_tables(tmp_path):
    text = "# 产业发展规划\n\n## 一、总体要求\n\n正文。\n\n| 指标 | 单位 |\n|---|---|\n| 澳资产业增加值 | 亿元 |\n"
    doc = load(write_text(tmp_path / "m.md", text))
    got = [(l.text, l.style, l.level) for l in doc.lines if l.text]
    # the single '#' line on top is the document title (level 0, like Word's Title), not a section
    assert got == [("产业发展规划", "heading", 0), ("一、总体要求", "heading", 2), ("正文。", "", 0),
                   ("指标 单位", "table_row", 0), ("澳资产业增加值 亿元", "table_row", 0)]
    assert doc.lines[-1].cells == ["澳资产业增加值", "亿元"]


# --- bad input -------------------------------------------------------------------------------------

def _zip_without_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not word")
    return path


BAD = {
    "empty txt": (lambda d: _write(d / "e.txt", b""), "empty file"),
    "empty pdf": (lambda d: _write(d / "e.pdf", b""), "empty file"),
    "empty docx": (lambda d: _write(d / "e.docx", b""), "empty file"),
    "whitespace txt": (lambda d: _write(d / "w.txt", b" \r\n\n\t\n"), "empty file"),
    "random bytes .pdf": (lambda d: random_bytes(d / "r.pdf"), "not a PDF"),
    "random bytes .txt": (lambda d: random_bytes(d / "r.txt"), "binary data, not text"),
    "random bytes .html": (lambda d: random_bytes(d / "r.html"), "binary data, not text"),
    "PNG named .pdf": (lambda d: _write(d / "scan.pdf", PNG_BYTES), "not a PDF: it is a PNG image"),
    "PNG named .txt": (lambda d: _write(d / "scan.txt", PNG_BYTES), "it is a PNG image"),
    "truncated PDF": (lambda d: truncate_copy(make_pdf(d / "full.pdf", PAGES), d / "half.pdf"), "truncated"),
    "corrupt PDF": (lambda d: _write(d / "c.pdf", b"%PDF-1.4\n" + bytes(range(1, 256)) * 20 + b"\n%%EOF\n"),
                    "corrupt PDF"),
    "encrypted PDF": (lambda d: make_pdf(d / "lock.pdf", PAGES, user_password="secret"),
                      "encrypted PDF — decrypt it first"),
    "scanned PDF": (lambda d: make_scanned_pdf(d / "scan.pdf"), "no text layer — OCR it first"),
    "unsupported .xyz": (lambda d: _write(d / "a.xyz", b"text"),
                         "unsupported file type .xyz — use PDF, DOCX, HTML, TXT or MD"),
    "no extension": (lambda d: _write(d / "README", b"text"), "unsupported file type (no extension)"),
    "old .doc": (lambda d: _write(d / "a.doc", b"\xd0\xcf\x11\xe0"), "unsupported file type .doc — save it as DOCX"),
    "200 MB sparse": (lambda d: sparse_file(d / "huge.txt", 200), "file is 200 MB, over the 50 MB limit"),
    "200 MB sparse pdf": (lambda d: sparse_file(d / "huge.pdf", 200), "file is 200 MB, over the 50 MB limit"),
    "docx not a zip": (lambda d: _write(d / "n.docx", "这不是压缩包".encode()), "not a DOCX file (not a zip archive)"),
    "PDF named .docx": (lambda d: _write(d / "p.docx", make_pdf(d / "x.pdf", PAGES).read_bytes()),
                        "not a DOCX file: it is a PDF"),
    "zip without document": (lambda d: _zip_without_document(d / "z.docx"), "without word/document.xml"),
    "undecodable text": (lambda d: _write(d / "u.txt", b"abc \x80\xff\xfe\x80 def\n"), "cannot decode the text"),
    "missing file": (lambda d: d / "nowhere.txt", "file not found"),
    "directory": (lambda d: (d / "folder.txt").mkdir() or d / "folder.txt", "is a directory"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_one_clear_ingest_error(tmp_path, case):
    build, words = BAD[case]
    path = build(tmp_path)
    with pytest.raises(IngestError) as caught:
        load(path)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message and len(message) < 200


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    path = sparse_file(tmp_path / "huge.pdf", 200)
    assert free_bytes(path) < 1024 * 1024  # the fixture costs no disk
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("a too-large file was read"))
    with pytest.raises(IngestError, match="200 MB"):
        load(path)
    with pytest.raises(IngestError, match="over the 100 MB limit"):
        load(path, max_mb=100)


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".htm", ".txt", ".md"])
def test_garbage_never_escapes_as_another_exception(tmp_path, suffix):
    rng = random.Random(suffix)
    seeds = [b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf", b""]
    for i in range(12):
        data = rng.choice(seeds) + rng.randbytes(rng.randrange(1, 3000))
        if rng.random() < 0.3:
            data += b"\n%%EOF\n"
        path = _write(tmp_path / f"g{i}{suffix}", data)
        try:
            load(path)
        except IngestError:
            pass
