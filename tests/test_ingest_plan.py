"""Ingestion of the bundled industrial development plan: outline, clauses, table, cleaning, accounting."""
import re
from pathlib import Path

import pytest

from ingest.clean import FOOTER, normalize_chars
from ingest.pipeline import ingest, ingest_files

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLAN = CORPUS / "hengqin-industrial-development-plan-2025-2029.txt"
TITLE = "《横琴粤澳深度合作区产业发展规划（2025-2029年）》"

PARTS = [
    ("一、发展基础和面临形势", 2),
    ("二、总体要求", 3),
    ("三、发展科技研发和高端制造产业", 4),
    ("四、发展中医药等澳门品牌工业", 3),
    ("五、发展文旅会展商贸产业", 4),
    ("六、发展现代金融产业", 3),
    ("七、琴澳产业一体化发展", 4),
    ("八、打造国际一流的营商环境新高地", 4),
    ("九、构建产业空间新格局", 4),
    ("十、保障措施", 5),
]


@pytest.fixture(scope="module")
def plan():
    result = ingest_files([PLAN], CORPUS)
    assert result.ok, result.reports[0].error
    return result


@pytest.fixture(scope="module")
def by_id(plan):
    return {c.id: c for c in plan.clauses}


def test_outline_has_the_ten_parts_and_their_sections(plan):
    outline = plan.documents[0]["outline"]
    parts = [o for o in outline if o.get("family") == "cn"]
    assert [p["label"] for p in parts] == [t for t, _ in PARTS]
    for part, (_, n_sections) in zip(parts, PARTS):
        sections = [o for o in outline if o.get("family") == "cnparen" and o["path"][0] == part["label"]]
        assert len(sections) == n_sections, part["label"]
    six = [o["label"] for o in outline if o.get("family") == "cnparen" and o["path"][0].startswith("六、")]
    assert six == ["（一）丰富合作区金融业态", "（二）促进现代金融高质量发展", "（三）推动跨境金融创新发展"]


def test_every_paragraph_lies_under_its_heading(plan):
    """The nearest heading before a paragraph (by offset) is the one its path names."""
    outline = [o for o in plan.documents[0]["outline"] if o["kind"] == "heading"]
    for c in plan.clauses:
        if c.kind != "paragraph":
            continue
        before = [o for o in outline if o["start"] < c.start]
        assert before and before[-1]["code"] == c.path_code, c.id
        assert before[-1]["path"] == c.path


def test_known_clauses(by_id):
    c = by_id["hq-industry-2025/6.3.p2"]
    assert c.path == ["六、发展现代金融产业", "（三）推动跨境金融创新发展"]
    assert c.lead == "稳步推进跨境双向投资业务试点。"
    assert "合格境外有限合伙人（QFLP）" in c.text
    assert c.citation == f"{TITLE}六（三）第2段"
    assert by_id["hq-industry-2025/3.1.p1"].lead == "布局建设科技创新平台载体。"
    assert by_id["hq-industry-2025/4.2.p1"].text.startswith("用足用好“澳门监造”")
    assert by_id["hq-industry-2025/4.2.p1"].lead == ""  # that section has no title sentences
    assert by_id["hq-industry-2025/7.2.p2"].lead == "联合实施“澳门注册+横琴生产”模式。"
    assert by_id["hq-industry-2025/2.2.p1"].lead == "实体为本，创新发展。"
    assert by_id["hq-industry-2025/preface.p1"].kind == "preamble"
    assert by_id["hq-industry-2025/6.1.p2"].text.endswith("支持澳门借助合作区发展以人民币、澳门元等计价结算的国际债券市场。")
    assert "hq-industry-2025/7.2.p5" not in by_id and "hq-industry-2025/7.2.p4" in by_id


def test_front_and_back_matter(plan, by_id):
    front = [c for c in plan.clauses if c.kind == "front_matter"]
    assert front[0].text.startswith("粤澳深合执字〔2025〕28号")
    assert "关于印发《横琴粤澳深度合作区产业发展规划（2025-2029年）》的通知" in front[0].text
    assert front[-1].text.endswith("2025年6月21日")
    back = [c.text for c in plan.clauses if c.kind == "back_matter"]
    assert back == ["公开方式：主动公开", "抄送：横琴合作区管委会各成员单位", "横琴粤澳深度合作区行政事务局2025年6月30日印发"]
    titles = [c.text for c in plan.clauses if c.kind == "title"]
    assert titles[0] == "横琴粤澳深度合作区产业发展规划（2025-2029年）"


def test_cleaning(plan):
    for c in plan.clauses:
        assert not FOOTER.search(c.text) and "— 10 —" not in c.text and "— 18 —" not in c.text, c.id
        if c.kind != "table_row":  # table cells are separated by spaces on purpose
            assert not re.search(r"[\u4e00-\u9fff，。、“”（）][ \t\u3000]+[\u4e00-\u9fff，。、“”（）]", c.text), c.id
        if c.kind in ("paragraph", "preamble"):
            assert c.text[-1] in "。；！？", c.id
        assert not re.match(r"^[一二三四五六七八九十]+、", c.text), f"heading glued into {c.id}"
    text = "".join(c.text for c in plan.clauses)
    for s in ("2025年6月21日", "到2029年澳门回归祖国30周年时", "澳资产业增加值90亿元", "约65%", "“澳门注册+横琴生产”"):
        assert s in text
    assert "2029 年" not in text and "年 6月" not in text


def test_all_text_is_accounted_for(plan):
    """Headings + clauses in offset order == the document minus page footers and the repeated table header."""
    doc = plan.documents[0]
    pieces = [(o["start"], o["label"]) for o in doc["outline"]] + [(c.start, c.text) for c in plan.clauses]
    got = re.sub(r"\s+", "", "".join(t for _, t in sorted(pieces, key=lambda x: x[0])))
    raw = normalize_chars(PLAN.read_text(encoding="utf-8"))
    for footer in doc["removed"]:
        raw = raw.replace(footer, "", 1) if "—" in footer else raw
    header = "序号 指标 单位 2024 年 2029 年 属性"
    assert raw.count(header) == 2
    raw = raw[::-1].replace(header[::-1], "", 1)[::-1]  # the repeat after the page break
    raw = re.sub(r"\s+", "", FOOTER.sub("", raw))
    assert got == raw


def test_table_2_1_rows(plan):
    rows = [c for c in plan.clauses if c.kind == "table_row"]
    assert len(rows) == 11
    assert [r.table["row"] for r in rows] == list(range(1, 12))
    assert rows[0].table["headers"] == ["序号", "指标", "单位", "2024年", "2029年", "属性"]
    assert rows[0].table["title"] == "表2-1 合作区产业发展主要指标"
    two = rows[1].table["values"]
    assert (two["指标"], two["单位"], two["2024年"], two["2029年"], two["属性"]) == ("澳资产业增加值", "亿元", "30.04", "90", "预期性")
    assert rows[0].table["values"]["指标"] == "四新产业增加值占GDP比重" and rows[0].table["values"]["2029年"] == "65"
    assert rows[9].table["values"] == {"序号": "10", "指标": "经横琴口岸出入境人次", "单位": "万人次", "2024年": "2280", "2029年": "2500", "属性": "预期性"}
    assert rows[1].citation == f"{TITLE}表2-1第2行（澳资产业增加值）"
    assert rows[1].id == "hq-industry-2025/table2-1.r2"
    # the table continues across a page break: row 1 is on the page that ends with footer "— 10 —"
    assert rows[0].page_label == "10" and rows[1].page == rows[0].page + 1


def test_pages_follow_the_source(by_id):
    assert by_id["hq-industry-2025/front.p1"].page == 1
    assert by_id["hq-industry-2025/6.1.p2"].page_label == "18"
    assert by_id["hq-industry-2025/6.1.p3"].page == by_id["hq-industry-2025/6.1.p2"].page + 1
    # printed numbers are carried forward from the footers (offset 3), never invented before the first one
    assert by_id["hq-industry-2025/6.1.p3"].page_label == "19"
    assert by_id["hq-industry-2025/front.p1"].page_label == ""


def test_reingest_gives_identical_ids(plan, tmp_path):
    again = ingest([PLAN], CORPUS, tmp_path)
    assert [(c.id, c.hash) for c in again.clauses] == [(c.id, c.hash) for c in plan.clauses]
    ids = [c.id for c in plan.clauses]
    assert len(ids) == len(set(ids))


def test_metadata_from_manifest(plan):
    meta = plan.documents[0]["meta"]
    assert meta["doc_id"] == "hq-industry-2025" and meta["doc_number"] == "粤澳深合执字〔2025〕28号"
    assert meta["issuer"] == "横琴粤澳深度合作区执行委员会" and meta["date"] == "2025-06-21"
    assert meta["source"] == "manifest"


def test_metadata_inferred_without_manifest(tmp_path):
    copy = tmp_path / "plan-copy.txt"
    copy.write_bytes(PLAN.read_bytes())
    result = ingest_files([copy], tmp_path)  # no manifest in tmp_path
    meta = result.documents[0]["meta"]
    assert meta["title"] == TITLE
    assert meta["doc_number"] == "粤澳深合执字〔2025〕28号"
    assert meta["issuer"] == "横琴粤澳深度合作区执行委员会" and meta["date"] == "2025-06-21"
    assert meta["source"] == "inferred" and meta["doc_id"] == "plan-copy"
    assert any("文号" in note for note in result.reports[0].inferred)
