"""Document families recognised from the text: the 条例's articles and 款, the 总体方案's items, laws of any size."""
import re
import shutil
from pathlib import Path

import pytest

from ingest.pipeline import ingest_files
from ingest.structure import cn_to_int, int_to_cn, parse_heading
from index.refs import detect, to_int

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
LAWS = ROOT / "tests" / "fixtures" / "laws"
REG = "hengqin-development-promotion-regulation-2023.md"
MASTER = "hengqin-master-plan-2021.txt"
REG_TITLE = "《横琴粤澳深度合作区发展促进条例》"
MASTER_TITLE = "《横琴粤澳深度合作区建设总体方案》"


def _ingest(*files: Path, manifest: bool = True, tmp_path: Path | None = None):
    """Ingest the given files, with the bundled manifest (from corpus/) or none (metadata inferred)."""
    corpus = CORPUS if manifest else tmp_path
    result = ingest_files(list(files), corpus)
    assert all(r.ok for r in result.reports), [r.error for r in result.reports]
    return result


@pytest.fixture(scope="module")
def regulation():
    return [c for c in _ingest(CORPUS / REG).clauses]


@pytest.fixture(scope="module")
def master():
    return [c for c in _ingest(CORPUS / MASTER).clauses]


def _source_articles() -> dict[int, tuple[int, list[int]]]:
    """Read the 条例's Markdown independently of the splitter: per article, its 款 count and, per 款, its items."""
    out: dict[int, list[list[str]]] = {}
    current = None
    for line in (CORPUS / REG).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        m = re.match(r"^第([一二三四五六七八九十百]+)条\s", line)
        if m:
            current = cn_to_int(m.group(1))
            out[current] = [[]]
        elif current and line and not line.startswith(("#", "<!--")):
            if re.match(r"^（[一二三四五六七八九十]+）", line):
                out[current][-1].append(line)
            else:
                out[current].append([])
    return {n: (len(kuans), [len(k) for k in kuans]) for n, kuans in out.items()}


def test_regulation_has_all_66_articles_with_their_paragraphs_and_labels(regulation):
    source = _source_articles()
    assert sorted(source) == list(range(1, 67))  # the reading above is sound: 第一条 … 第六十六条, no gaps
    body = [c for c in regulation if c.kind == "paragraph"]
    assert {c.family for c in regulation} == {"regulation"}
    for n, (kuans, _) in source.items():
        clauses = [c for c in body if c.path_code.endswith(f"art{n}")]
        assert sorted({c.ordinal for c in clauses}) == list(range(1, kuans + 1)), n
        for c in clauses:
            label = c.citation[len(REG_TITLE):]
            assert c.citation.startswith(REG_TITLE)
            article = f"第{int_to_cn(n)}条"
            expected = article if kuans == 1 else f"{article}第{int_to_cn(c.ordinal)}款"
            assert label == expected or label.startswith(expected + "第（"), (n, label)
            assert c.path[-1] == article and c.path[0].startswith("第") and "章" in c.path[0]  # chapter in the path
            assert "章" not in label  # …not in the label
    art37 = {c.id: c.citation for c in body if c.path_code == "ch4.art37"}
    assert art37["hq-promotion-regulation/ch4.art37.p3"] == REG_TITLE + "第三十七条第三款"
    last = next(c for c in body if c.path_code == "ch8.art66")
    assert last.citation == REG_TITLE + "第六十六条" and last.id == "hq-promotion-regulation/ch8.art66.p1"
    assert last.path == ["第八章附则", "第六十六条"]  # `## 第八章 附 则`: the space inside the title is layout


def test_regulation_items_are_cited_as_items_of_their_paragraph(regulation):
    items = [c for c in regulation if ".i" in c.id]
    assert [c.id.split("/")[1] for c in items] == [f"ch2.art6.p2.i{i}" for i in range(1, 5)]
    assert [c.citation[len(REG_TITLE):] for c in items] == [f"第六条第二款第（{n}）项" for n in "一二三四"]
    assert items[3].text.startswith("（四）重要人事任免") and all(c.ordinal == 2 for c in items)
    assert all(not c.lead for c in items)  # an item's first words are not a title


def test_regulation_front_matter_and_markdown_comment(regulation):
    front = [c for c in regulation if c.kind in ("title", "front_matter")]
    assert [(c.kind, c.citation[len(REG_TITLE):]) for c in front] == [("title", "标题"), ("front_matter", "题注")]
    assert front[1].text.startswith("2023年1月9日")
    assert not any("<!--" in c.text or "INFO END" in c.text for c in regulation)


def test_clause_ids_are_unique_and_structural(regulation, master):
    for clauses in (regulation, master):
        ids = [c.id for c in clauses]
        assert len(ids) == len(set(ids))
    assert "hq-promotion-regulation/ch2.art6.p1" in {c.id for c in regulation}


def test_master_plan_has_29_items_with_labels_and_parts(master):
    body = [c for c in master if c.kind == "paragraph"]
    assert {c.family for c in master} == {"programme"}
    items = {}
    for c in body:
        part, item = c.path_code.split(".")[:2]
        items.setdefault(int(item), (int(part), []))[1].append(c)
    assert sorted(items) == list(range(1, 30))
    parts = {n: part for n, (part, _) in items.items()}
    assert [parts[n] for n in (1, 5, 6, 11, 12, 14, 15, 19, 20, 24, 25, 29)] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]
    for n, (_, clauses) in items.items():
        marker = f"（{int_to_cn(n)}）"
        if len(clauses) == 1:
            assert clauses[0].citation == MASTER_TITLE + marker
        else:
            assert [c.citation for c in clauses] == [f"{MASTER_TITLE}{marker}第{k}段" for k in range(1, len(clauses) + 1)]
        assert all(c.path[0].startswith(("一、", "二、", "三、", "四、", "五、", "六、")) for c in clauses)  # part in path
    assert len(items[4][1]) == 4 and len(items[5][1]) == 3  # the four —— bullets; the 2024/2029/2035 targets
    ten = items[10][1][0]
    assert ten.id == "hq-master-plan-2021/2.10.p1" and ten.path[0].startswith("二、") and "15%" in ten.text


def test_family_comes_from_the_text_not_the_file_name(tmp_path):
    (tmp_path / "plan.txt").write_text((CORPUS / REG).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "regulation.txt").write_text((CORPUS / MASTER).read_text(encoding="utf-8"), encoding="utf-8")
    result = _ingest(tmp_path / "plan.txt", tmp_path / "regulation.txt", manifest=False, tmp_path=tmp_path)
    families = {r.file.rsplit("/", 1)[-1]: r.meta["family"] for r in result.reports}
    assert families == {"plan.txt": "regulation", "regulation.txt": "programme"}


def test_plan_keeps_its_labels():
    clauses = {c.id: c.citation for c in _ingest(CORPUS / "hengqin-industrial-development-plan-2025-2029.txt").clauses}
    title = "《横琴粤澳深度合作区产业发展规划（2025-2029年）》"
    assert clauses["hq-industry-2025/6.3.p2"] == title + "六（三）第2段"
    assert clauses["hq-industry-2025/table2-1.r2"].startswith(title + "表2-1第2行")


def test_adoption_line_gives_issuer_and_date_without_a_manifest(tmp_path):
    copy = tmp_path / "regulation.md"
    shutil.copy(CORPUS / REG, copy)
    report = _ingest(copy, manifest=False, tmp_path=tmp_path).reports[0]
    meta = report.meta
    assert meta["title"] == REG_TITLE and meta["kind"] == "条例" and meta["source"] == "inferred"
    assert meta["issuer"] == "广东省人民代表大会常务委员会" and meta["date"] == "2023-01-09"
    assert "issuer 广东省人民代表大会常务委员会" in report.inferred


def test_manifest_fields_reach_the_records():
    result = _ingest(CORPUS / REG)
    meta = result.reports[0].meta
    assert (meta["kind"], meta["level"], meta["effective"], meta["validity"]) == ("条例", "省", "2023-03-01", "现行有效")
    assert meta["aliases"] == ["条例", "促进条例", "发展促进条例"] and meta["based_on"] == ["hq-master-plan-2021"]
    c = result.clauses[-1]
    assert c.doc_kind == "条例" and c.doc_aliases == meta["aliases"]


@pytest.mark.parametrize("text, n", [("一", 1), ("十", 10), ("十二", 12), ("一百", 100), ("一百零五", 105),
                                     ("一百二十", 120), ("三百零六", 306), ("一千零一十", 1010), ("一千二百六十", 1260),
                                     ("两千", 2000)])
def test_chinese_numerals_of_any_size(text, n):
    assert cn_to_int(text) == n and to_int(text) == n
    assert cn_to_int(int_to_cn(n)) == n
    assert parse_heading(f"第{text}条 本法自公布之日起施行。").number == n
    assert [r.code for r in detect(f"第{text}条")] == [f"art{n}"]
    assert cn_to_int("总则") == 0 and to_int("abc") is None


def test_laws_with_books_chapters_and_sections(tmp_path):
    result = _ingest(*sorted(LAWS.glob("*.md")), manifest=False, tmp_path=tmp_path)
    by_doc: dict[str, list] = {}
    for c in result.clauses:
        by_doc.setdefault(c.doc_id, []).append(c)
    bills = by_doc["negotiable-instruments-law-2004"]
    assert {int(re.search(r"art(\d+)", c.path_code).group(1)) for c in bills if "art" in c.path_code} == set(range(1, 111))
    assert bills[-1].citation == "《中华人民共和国票据法》第一百一十条"
    assert [c.kind for c in bills[:3]] == ["title", "front_matter", "front_matter"]  # 通过 and 修正 lines: 题注
    civil = by_doc["civil-procedure-law-2023"]
    last = civil[-1]
    assert last.id == "civil-procedure-law-2023/b4.ch27.art306.p1" and last.citation.endswith("》第三百零六条")
    assert last.path[0].startswith("第四编") and last.path[1].startswith("第二十七章")
    assert len({c.path_code for c in civil if "art" in c.path_code}) == 306
    assert not any(c.text.strip("\u200b") == "" for c in civil)  # zero-width lines under headings are not clauses
    decision = by_doc["beijing-farmland-tax-decision-2019"]
    assert {c.family for c in decision} == {"plan"} and not any("art" in c.path_code for c in decision)
    meta = next(r.meta for r in result.reports if r.doc_id == "beijing-farmland-tax-decision-2019")
    assert meta["kind"] == "决定" and meta["date"] == "2019-07-26" and meta["issuer"] == "北京市人民代表大会常务委员会"
