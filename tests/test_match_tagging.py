"""Clause tagging: rule tags with the matched term as reason, the ingest hook, semantic tags (fake embedder)."""
from __future__ import annotations

from match.tagging import TagSpace, clause_rule_tags, find_terms, rule_tags, tag_clauses
from match.taxonomy import load_taxonomy
from tests.conftest import FakeEmbedder
from tests.match_helpers import DOC, clause, make_clause, plan_clauses, write_taxonomy


def tags_of(short_id: str) -> dict[tuple[str, str], str]:
    """(axis, tag) -> why; a tag found in the text wins over the same tag found in a heading."""
    tags = clause_rule_tags(clause(short_id), load_taxonomy())
    return {(t["axis"], t["tag"]): t["why"] for t in sorted(tags, key=lambda t: not t["why"].startswith("heading"))}


def test_tcm_clause_gets_tcm_and_macau_tags_with_terms():
    tags = tags_of("7.2.p2")
    assert tags[("industry", "中医药")] == "term: 中药"
    assert tags[("beneficiary", "澳资企业")].startswith("term: 澳门")
    assert tags[("activity", "生产制造")] == "term: 生产"
    assert tags[("instrument", "税收")] == "term: 税则"
    assert tags[("industry", "中医药等澳门品牌工业")] == "heading: 大健康产业"  # the section's sector


def test_qflp_clause_gets_fund_tag_and_finance_heading():
    tags = tags_of("6.3.p2")
    assert tags[("industry", "基金/QFLP")] == "term: QFLP"
    assert tags[("industry", "现代金融")] == "heading: 现代金融"
    assert ("industry", "中医药") not in tags


def test_not_terms_and_whole_words():
    tax = load_taxonomy()
    # "生产力" is not production; "中医药等澳门品牌工业" is the sector, not the 澳门品牌工业 sub-sector
    assert not any(t["tag"] == "生产制造" for t in rule_tags("加快培育发展新质生产力", tax))
    assert {t["tag"] for t in rule_tags("发展中医药等澳门品牌工业", tax) if t["axis"] == "industry"} == {"中医药等澳门品牌工业"}
    # Latin synonyms match whole words only: "ic" is not inside "logistics"
    ic = tax.tag("industry", "集成电路")
    assert find_terms(ic, "cross-border logistics") == []
    assert find_terms(ic, "an ic design house") == ["IC"]  # reported as the taxonomy spells it
    # Traditional text matches Simplified terms
    assert any(t["tag"] == "中医药" for t in rule_tags("澳門中醫藥企業", tax))


def test_every_measure_of_the_plan_has_an_industry_or_beneficiary_tag():
    tax = load_taxonomy()
    untagged = [c.id for c in plan_clauses() if c.doc_id == DOC and c.kind == "paragraph" and c.path_code.split(".")[0] in "345678"
                and not any(t["axis"] in ("industry", "beneficiary") for t in clause_rule_tags(c, tax))]
    assert untagged == []


def test_ingest_hook_sets_tags_and_a_broken_taxonomy_only_warns(tmp_path, monkeypatch):
    assert any(t["tag"] == "中医药" for t in clause("7.2.p2").tags)  # set by ingest (plan_clauses ran the pipeline)
    cs = [make_clause("a", "支持澳资企业研发航天器")]
    bad = write_taxonomy(tmp_path, "[[industry]]\ntag = 1")
    import match.tagging as tagging

    monkeypatch.setattr(tagging, "load_taxonomy", lambda: load_taxonomy(bad))
    warnings = tag_clauses(cs)
    assert len(warnings) == 1 and "clauses not tagged" in warnings[0] and str(bad) in warnings[0]
    assert cs[0].tags == []
    assert tag_clauses(cs, load_taxonomy(write_taxonomy(tmp_path))) == []
    assert {t["tag"] for t in cs[0].tags} == {"航天", "澳资企业", "研发"}


def _collection():
    """25 clauses of filler, three naming 航天器 (rule-tagged), one saying 航天 only (no rule term, but
    close to the tag for the bigram embedder)."""
    filler = ["港口码头的货物吞吐", "城市公园的绿化养护", "社区医院的门诊服务", "学校食堂的卫生管理", "公交线路的优化调整",
              "图书馆的开放时间", "农贸市场的摊位租赁", "河道治理与防洪工程", "街道照明设施更新", "垃圾分类的宣传教育",
              "消防站点的布局规划", "养老院的床位供给", "停车场的收费标准", "供水管网的改造升级", "体育场馆的对外开放",
              "邮政网点的服务时间", "博物馆的展陈更新", "地铁站点的无障碍设施", "菜市场的食品检测", "幼儿园的招生政策",
              "广场舞的场地安排"]
    cs = [make_clause(f"f{n}", text) for n, text in enumerate(filler)]
    cs += [make_clause(f"r{n}", f"支持航天器企业发展{x}") for n, x in enumerate(["总装", "测控", "部件"])]
    cs.append(make_clause("s", "发展航天航天产业"))
    return cs


def test_semantic_tags_only_where_no_rule_covers(tmp_path):
    tax = load_taxonomy(write_taxonomy(tmp_path))
    cs = _collection()
    rule = {c.id: clause_rule_tags(c, tax) for c in cs}
    space = TagSpace(FakeEmbedder(), tax, cs)
    tags = space.clause_tags(rule)
    assert rule["t/s"] == []
    assert tags["t/s"] == [{"axis": "industry", "tag": "航天", "why": "semantic", "score": tags["t/s"][0]["score"],
                            "z": tags["t/s"][0]["z"]}]
    assert 0.3 < tags["t/s"][0]["score"] <= 1 and tags["t/s"][0]["z"] >= 2.5
    assert [cid for cid, v in tags.items() if v] == ["t/s"]  # filler and rule-tagged clauses get nothing
    # a tag the rules gave no clause has no reference level: never given semantically
    assert not any(t["tag"] == "造船" for v in tags.values() for t in v)


def test_semantic_tags_change_a_match(tmp_path):
    from match.matcher import Matcher
    from match.profile import Profile

    tax = load_taxonomy(write_taxonomy(tmp_path))
    profile = Profile(industries=["航天"])
    with_model = Matcher(_collection(), tax, embedder=FakeEmbedder()).match(profile)
    rules_only = Matcher(_collection(), tax).match(profile)
    assert "t/s" in with_model.ids and "t/s" not in rules_only.ids
    assert {"t/r0", "t/r1", "t/r2"} <= set(rules_only.ids)


def test_nearest_clauses_vote_for_a_description(tmp_path):
    tax = load_taxonomy(write_taxonomy(tmp_path))
    space = TagSpace(FakeEmbedder(), tax, _collection())
    name, evidence = space.nearest("我们做航天器企业的测控")
    assert name == "航天" and evidence.count("r") == 3
    assert space.nearest("城市公园") is None  # nearest clauses carry no industry tag
    assert TagSpace(FakeEmbedder(), tax, _collection()[:5]).nearest("航天器企业") is None  # too few clauses
