"""Heading families the bundled plan does not use: chapters/articles, numbered items, long clauses."""
from pathlib import Path

from ingest.pipeline import ingest_files
from ingest.structure import cn_to_int, parse_heading

REGULATION = """横琴粤澳深度合作区发展促进条例（示例）
第一章　总则
第一条　为了促进横琴粤澳深度合作区建设，根据有关法律、行政法规，制定本条例。
第二条　合作区的建设和发展适用本条例。
依照第十二条规定设立的机构，按照本条例履行职责。
第二章　产业发展
第一节　科技研发
第三条　合作区支持下列产业发展：
（一）科技研发和高端制造产业；
（二）中医药等澳门品牌工业；
（三）文旅会展商贸产业。
第四条　对符合条件的企业，按本条例第（三）项给予支持。
1.研发投入补贴。企业研发投入按照规定给予补贴。
2.人才支持。
（1）引进高端人才给予住房保障。
（2）人才子女入学给予便利。
①澳门青年创业给予场地支持。
第十二条　执行委员会负责合作区的日常管理工作。
"""


def _ingest_text(tmp_path: Path, name: str, text: str, encoding="utf-8", **kw):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    result = ingest_files([path], tmp_path, **kw)
    assert result.ok, result.reports[0].error
    return result


def test_chinese_numerals():
    assert [cn_to_int(x) for x in ("一", "十", "十二", "二十三", "一百零五", "两")] == [1, 10, 12, 23, 105, 2]


def test_cross_references_are_not_headings():
    assert parse_heading("第十二条规定设立的机构") is None
    assert parse_heading("第十二条　执行委员会负责").family == "tiao"
    assert parse_heading("按本意见第（三）项给予支持") is None


def test_chapters_articles_and_items(tmp_path):
    result = _ingest_text(tmp_path, "regulation.txt", REGULATION)
    by_id = {c.id.split("/", 1)[1]: c for c in result.clauses}
    outline = [o["label"] for o in result.documents[0]["outline"] if o["kind"] == "heading"]
    assert outline[:4] == ["第一章总则", "第一条", "第二条", "第二章产业发展"]
    art1 = by_id["ch1.art1.p1"]
    assert art1.text.startswith("为了促进横琴粤澳深度合作区建设")
    assert art1.citation.endswith("》第一条")  # one paragraph: no 款 number; the chapter is in the path, not the label
    assert by_id["ch1.art2.p1"].citation.endswith("》第二条第一款")  # two paragraphs: 款 numbers, as lawyers write them
    # the cross-reference line stays a paragraph (款) of article 2, not a heading of its own
    assert by_id["ch1.art2.p2"].text.startswith("依照第十二条规定设立的机构")
    assert by_id["ch1.art2.p2"].citation.endswith("》第二条第二款")
    # a short list of 项 stays in its 款: one clause, markers kept, as the article reads
    art3 = by_id["ch2.s1.art3.p1"]
    assert art3.text.startswith("合作区支持下列产业发展：（一）科技研发和高端制造产业；") and "（三）文旅会展商贸产业。" in art3.text
    assert art3.path == ["第二章产业发展", "第一节科技研发", "第三条"] and art3.citation.endswith("》第三条")
    art4 = by_id["ch2.s1.art4.p1"]
    assert "按本条例第（三）项给予支持" in art4.text
    assert "1.研发投入补贴。" in art4.text and "（1）引进高端人才给予住房保障。" in art4.text and "①澳门青年创业" in art4.text
    assert not art4.lead
    assert by_id["ch2.s1.art12.p1"].path == ["第二章产业发展", "第一节科技研发", "第十二条"]
    assert set(by_id) == {"title.p1", "ch1.art1.p1", "ch1.art2.p1", "ch1.art2.p2", "ch2.s1.art3.p1", "ch2.s1.art4.p1",
                          "ch2.s1.art12.p1"}


def test_long_clause_is_split_at_sentences(tmp_path):
    sentence = "支持澳门企业在合作区设立研发中心并开展关键核心技术攻关。"
    body = sentence * 40  # ~1100 characters in one paragraph
    text = f"一、总体要求\n（一）指导思想\n{body}\n（二）发展原则\n坚持实体为本。\n"
    result = _ingest_text(tmp_path, "long.txt", text, cap=600)
    parts = [c for c in result.clauses if c.id.split("/")[1].startswith("1.1.p1")]
    assert len(parts) == 2 and all(len(c.text) <= 600 for c in parts)
    assert [c.part for c in parts] == [1, 2] and parts[0].id.endswith(".part1")
    assert len({c.citation for c in parts}) == 1
    assert "".join(c.text for c in parts) == body
    assert all(c.text.endswith("。") for c in parts)


def test_short_fragment_merges_with_neighbour(tmp_path):
    text = "一、总体要求\n（一）指导思想\n坚持实体为本、创新发展，大力推动产业集聚，促进澳门经济适度多元发展。\n如下：\n加强规则衔接，推动各类要素高效便捷跨境流动。\n"
    result = _ingest_text(tmp_path, "frag.txt", text, floor=20)
    paras = [c for c in result.clauses if c.kind == "paragraph"]
    assert len(paras) == 2
    assert paras[1].text == "如下：加强规则衔接，推动各类要素高效便捷跨境流动。"


def test_traditional_chinese_text(tmp_path):
    text = "一、總體要求\n（一）指導思想\n支持澳門企業在合作區發展現代金融產業，推動跨境金融創新。\n"
    result = _ingest_text(tmp_path, "trad.txt", text, encoding="big5")
    meta = result.documents[0]["meta"]
    assert meta["language"] == "zh-Hant"
    c = [c for c in result.clauses if c.kind == "paragraph"][0]
    assert c.text == "支持澳門企業在合作區發展現代金融產業，推動跨境金融創新。"  # kept as written
    assert c.path == ["一、總體要求", "（一）指導思想"]


def test_chapter_and_article_references_find_their_clauses(tmp_path):
    """Lookups and search routing understand 第X章/第X条 (and fall back to parts in a plan without chapters)."""
    from index.refs import detect, route
    from ingest.pipeline import ingest_files as _ingest
    from qa.lookup import lookup

    regulation = _ingest_text(tmp_path, "regulation.txt", REGULATION).clauses
    plan_dir = Path(__file__).resolve().parent.parent / "corpus"
    plan = _ingest([plan_dir / "hengqin-industrial-development-plan-2025-2029.txt"], plan_dir).clauses
    both = regulation + plan
    local = lambda found: [c.id.split("/", 1)[1] for c in found]  # noqa: E731
    assert local(lookup("第一章第二条", both).clauses) == ["ch1.art2.p1", "ch1.art2.p2"]
    assert local(lookup("第二条第二款", both).clauses) == ["ch1.art2.p2"]
    assert local(lookup("第十二条", both).clauses) == ["ch2.s1.art12.p1"]
    assert {c.doc_id for c in lookup("第二章", both).clauses} == {"regulation"}
    # the plan has no chapters: 第六章 means its part 六
    assert {c.path[0] for c in lookup("第六章", plan).clauses} == {"六、发展现代金融产业"}
    assert local(lookup("十", plan).clauses)[0] == "10.1.p1"  # a bare numeral is part 十, not the keyword
    first = both[route(detect("依照第十二条设立的机构有哪些职责"), both)[0]]
    assert first.id.endswith("art12.p1")
