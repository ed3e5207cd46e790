"""Laws as amended: 第X条之一 articles (刑法) are citable articles of their own; item numbers that restart in
an article (（一）至（三）项所列人员…) never give two clauses one id."""
import re
from collections import Counter
from pathlib import Path

import pytest

from index.normalize import fold
from index.refs import RouteTable, detect
from ingest.pipeline import ingest_files
from ingest.structure import parse_heading
from qa.lookup import lookup

LAWS = Path(__file__).resolve().parent / "fixtures" / "laws"
CRIMINAL = LAWS / "criminal-law.md"
ELECTION = LAWS / "beijing-deputy-election-rules-2021.md"
# read independently of the splitter: an article line is 第X条 or 第X条之Y, then a space
ARTICLE_LINE = re.compile(r"^(第[一二三四五六七八九十百千零]+条(?:之[一二三四五六七八九十]+)?)\s")


def _ingest(path: Path) -> list:
    result = ingest_files([path], LAWS)
    assert all(r.ok for r in result.reports), [r.error for r in result.reports]
    return result.clauses


@pytest.fixture(scope="module")
def criminal():
    return _ingest(CRIMINAL)


def _source_articles(path: Path) -> list[str]:
    return [m.group(1) for line in path.read_text(encoding="utf-8").splitlines() if (m := ARTICLE_LINE.match(line))]


def _articles(clauses) -> list[str]:
    """The article each body clause belongs to, in order, once each."""
    out = [next(p for p in c.path if p.startswith("第") and re.match(r"第.+条", p)) for c in clauses
           if c.kind == "paragraph" and "art" in c.path_code]
    return list(dict.fromkeys(out))


def test_criminal_law_has_every_article_of_the_source_including_inserted_ones(criminal):
    source = _source_articles(CRIMINAL)
    assert len(source) == 505 and sum("之" in a for a in source) == 53  # the reading above is sound
    assert _articles(criminal) == source  # same articles, same order
    ids = [c.id for c in criminal]
    assert len(ids) == len(set(ids))


def test_an_inserted_article_is_labelled_and_cited_as_itself(criminal):
    art = [c for c in criminal if c.path_code.endswith("art120-1")]
    assert [c.id.split("/", 1)[1] for c in art] == ["b2.ch2.art120-1.p1", "b2.ch2.art120-1.p2", "b2.ch2.art120-1.p3"]
    assert {c.path[-1] for c in art} == {"第一百二十条之一"}
    assert art[0].citation == "《中华人民共和国刑法》第一百二十条之一第一款"
    assert art[0].text.startswith("资助恐怖活动组织")
    # the article before it no longer swallows it
    before = [c for c in criminal if c.path_code.endswith(".art120")]
    assert before and not any("资助恐怖活动" in c.text for c in before)
    single = next(c for c in criminal if c.path_code.endswith("art17-1"))
    assert single.citation == "《中华人民共和国刑法》第十七条之一" and single.text.startswith("已满七十五周岁")


def test_reference_to_an_inserted_article_resolves(criminal):
    refs = detect("刑法第一百二十条之一")
    assert [r.code for r in refs] == ["art120-1"]
    hits = [criminal[i] for i in RouteTable(criminal).route(refs)]
    assert hits and {c.path[-1] for c in hits} == {"第一百二十条之一"}
    found = lookup("第一百二十条之一第二款", criminal)
    assert found.clauses[0].id.endswith("art120-1.p2")
    # 第一百二十条 is its own article: it does not take in 之一 … 之六
    plain = lookup("第一百二十条", criminal)
    assert {c.path[-1] for c in plain.clauses} == {"第一百二十条"}


def test_paragraphs_naming_items_are_paragraphs_and_ids_stay_unique():
    clauses = _ingest(ELECTION)
    assert len(_articles(clauses)) == len(_source_articles(ELECTION)) == 68
    ids = Counter(c.id for c in clauses)
    assert not [i for i, n in ids.items() if n > 1]
    art35 = [c for c in clauses if c.path_code.endswith("art35")]
    assert [c.ordinal for c in art35] == [1, 2, 3]
    assert art35[0].text.startswith("下列人员准予行使选举权利：（一）") and "（五）被羁押" in art35[0].text
    assert art35[1].citation.endswith("第三十五条第二款") and art35[1].text.startswith("（一）至（三）项所列人员")
    assert art35[2].citation.endswith("第三十五条第三款") and art35[2].text.startswith("（四）、（五）项所列人员")


def test_items_numbered_again_in_one_article_open_a_new_paragraph(tmp_path):
    items = "".join(f"（{n}）{'甲乙丙丁'[i]}事项的办理期限、办理程序、所需材料和收费标准，由市人民政府主管部门会同有关部门另行规定，"
                    f"并通过政府网站、政务服务平台和办事场所向社会公布，接受社会监督；\n\n"
                    for i, n in enumerate("一二三四"))
    text = ("# 某市测试条例\n\n第一条 为了测试，制定本条例。\n\n第二条 下列事项应当公开：\n\n" + items + items
            + "第三条 本条例自公布之日起施行。\n")
    path = tmp_path / "test-regulation.md"
    path.write_text(text, encoding="utf-8")
    result = ingest_files([path], tmp_path)
    assert all(r.ok for r in result.reports), [r.error for r in result.reports]
    art2 = [c for c in result.clauses if c.path_code == "art2"]
    ids = [c.id.split("/", 1)[1] for c in art2]
    assert len(ids) == len(set(ids)) == 9  # the lead 款 and its four 项, then a second 款 of four 项
    assert ids[:5] == ["art2.p1", "art2.p1.i1", "art2.p1.i2", "art2.p1.i3", "art2.p1.i4"]
    assert ids[5:] == ["art2.p2.i1", "art2.p2.i2", "art2.p2.i3", "art2.p2.i4"]
    assert art2[5].citation.endswith("第二条第二款第（一）项")


@pytest.mark.parametrize("line, family, marker", [
    ("第一百二十条之一 资助恐怖活动组织的，处五年以下有期徒刑。", "tiao", "第一百二十条之一"),
    ("第十二条之一规定的情形，依照前款处理。", None, None),  # a cross-reference at a line start
    ("（一）至（三）项所列人员，在工作单位进行选民登记。", None, None),
    ("（四）、（五）项所列人员，可以在服刑地进行选民登记。", None, None),
    ("（一）项目审批制度改革；", "cnparen", "（一）"),  # 项目 is a word, not 项
])
def test_headings_of_amended_laws(line, family, marker):
    h = parse_heading(line)
    if family is None:
        assert h is None
    else:
        assert (h.family, h.marker) == (family, marker)


FEES = LAWS / "litigation-fees-measures-2006.md"


@pytest.mark.parametrize("name", ["criminal-law.md", "beijing-deputy-election-rules-2021.md",
                                  "litigation-fees-measures-2006.md", "civil-procedure-law-2023.md"])
def test_every_line_of_a_law_is_in_its_clauses(name):
    """No words are lost: a short item (（二）申请保全措施的，…按照下列标准交纳：, an annex's 1．关于禁毒的决定)
    reads like a heading but is the law's text."""
    path = LAWS / name
    clauses = _ingest(path)
    text = re.sub(r"\s", "", fold("".join(c.text for c in clauses)))
    body = path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[-1]
    missing = []
    for line in body.splitlines():
        words = re.sub(r"\s", "", fold(line)).strip("\u200b")
        # the article's number, and an annex item's marker, are in the clause's path, not (always) its text
        words = re.sub(r"^第[一二三四五六七八九十百千零]+条(?:之[一二三四五六七八九十]+)?|^\d{1,2}[.、]", "", words)
        if words and not line.startswith("#") and words not in text:
            missing.append(line)
    assert not missing


def test_an_item_ending_in_a_colon_keeps_what_it_introduces():
    art14 = [c for c in _ingest(FEES) if c.path_code.endswith("art14")]
    cites = [c.citation.split("》")[-1] for c in art14]
    assert cites == ["第十四条"] + [f"第十四条第（{n}）项" for n in "一二三四五六七"]  # one 款, seven 项
    second = art14[2]
    assert second.text.startswith("(二)申请保全措施的") and "财产数额不超过1000元" in second.text
    assert art14[7].text.startswith("(七)海事案件的申请费") and "5.申请共同海损理算" in art14[7].text
