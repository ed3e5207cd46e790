"""Precision rules of profile matching: other-industry veto, broad beneficiaries, activity needs,
origin-bound beneficiaries, sibling sections; and the taxonomy fields behind them."""
from __future__ import annotations

import pytest

from match.matcher import W_EXACT, W_SECTOR, Matcher, industry_relation, score_clause
from match.profile import Profile
from match.tagging import rule_tags
from match.taxonomy import TaxonomyError, load_taxonomy
from tests.match_helpers import MINI_TAXONOMY, clause, make_clause, plan_clauses, write_taxonomy

TAX = load_taxonomy()


@pytest.fixture(scope="module")
def matcher():
    return Matcher(plan_clauses(), TAX)  # rule tags only


def found(matcher, profile) -> dict[str, str]:
    """short clause id -> reason line."""
    return {m.clause.id.split("/", 1)[1]: m.reason for m in matcher.match(profile).matches}


MACAU_TCM = Profile(industries=["中医药"], origin="澳资", size="中型", activities=["生产制造", "研发", "进出口/跨境贸易"])
MACAU_MICE = Profile(industries=["会展"], origin="澳资", size="小微", activities=["会展活动", "服务"])
MACAU_BANK = Profile(industries=["银行"], origin="澳资", size="大型", types=["金融机构"], activities=["服务", "投融资"])


def test_taxonomy_declares_the_rules():
    assert TAX.broad_beneficiaries == ("澳资企业", "高新技术企业")
    assert set(TAX.own_regime_types) == {"金融机构", "高校/科研机构"}
    assert "土地/空间" in TAX.tag("activity", "生产制造").needs
    assert MACAU_TCM.needs(TAX)[:2] == ["土地/空间", "通关/物流"]
    assert Profile(activities=["生产制造"], interests=["土地/空间"]).needs(TAX) == ["通关/物流", "市场准入"]


def test_clause_about_other_industries_never_applies(matcher):
    # 七（四）第3段 is a technology measure; a Macau fashion SME shares two beneficiaries with it
    brand = Profile(industries=["澳门品牌工业"], origin="澳资", size="小微", activities=["生产制造", "服务"])
    assert "7.4.p3" not in found(matcher, brand)
    tags = [{"axis": "industry", "tag": "集成电路", "why": "term: 芯片"},
            {"axis": "beneficiary", "tag": "澳资企业", "why": "term: 澳资企业"},
            {"axis": "beneficiary", "tag": "中小微企业", "why": "term: 中小企业"}]
    assert score_clause(make_clause("x", "芯片"), tags, Profile(industries=["中医药"], origin="澳资", size="小微"), TAX) is None


def test_broad_beneficiary_alone_needs_a_needed_instrument(matcher):
    # 十（三）land for Macau key projects: for a Macau firm that builds a factory, not for a MICE organiser
    tcm, mice = found(matcher, MACAU_TCM), found(matcher, MACAU_MICE)
    assert tcm["10.3.p1"] == "适用原因：澳资企业 · 需要土地/空间"
    assert "10.3.p1" not in mice
    # 八（三）market access and Macau business registration: every Macau business needs market access
    assert mice["8.3.p1"] == "适用原因：澳资企业 · 需要市场准入"
    # nothing known about what the enterprise does: the broad match is kept
    assert "10.3.p1" in found(matcher, Profile(industries=["会展"], origin="澳资"))


def test_general_enterprise_measures_do_not_reach_own_regime_institutions(matcher):
    bank = found(matcher, MACAU_BANK)
    assert not {"8.3.p1", "10.3.p1"} & set(bank)
    assert {"6.2.p4", "7.3.p3"} <= set(bank)  # its own measures still apply
    lab = Profile(industries=["科技研发和高端制造"], origin="澳资", types=["高校/科研机构"], activities=["服务"])
    assert "8.3.p1" not in found(matcher, lab)


def test_origin_bound_beneficiaries():
    text = "推动澳门金融机构参与合作区建设。支持符合条件的澳资金融机构扩大合作区发展空间。"
    fi = next(t for t in rule_tags(text, TAX) if t["tag"] == "金融机构")
    assert fi["origin"] == "澳资"
    assert "origin" not in next(t for t in rule_tags("引导各类金融机构。澳门金融机构", TAX) if t["tag"] == "金融机构")
    research = next(t for t in rule_tags("鼓励澳门的科研团队承接国家项目", TAX) if t["tag"] == "高校/科研机构")
    assert research["origin"] == "澳资"
    c = clause("7.3.p3")  # 推动澳门金融机构参与合作区建设
    macau = Profile(industries=["保险"], origin="澳资", types=["金融机构"], activities=["服务"])
    mainland = Profile(industries=["基金/QFLP"], origin="内地", types=["金融机构"], activities=["投融资"])
    unknown = Profile(industries=["基金/QFLP"], types=["金融机构"], activities=["投融资"])
    assert score_clause(c, rule_tags(c.text, TAX, list(c.path)), macau, TAX) is not None
    assert score_clause(c, rule_tags(c.text, TAX, list(c.path)), mainland, TAX) is None
    assert score_clause(c, rule_tags(c.text, TAX, list(c.path)), unknown, TAX) is not None  # origin not given


def test_sub_sector_named_in_a_section_on_its_sibling():
    def rel(text_tags, heading_tags):
        tags = [{"axis": "industry", "tag": n, "why": "term: x"} for n in text_tags]
        tags += [{"axis": "industry", "tag": n, "why": "heading: x"} for n in heading_tags]
        return industry_relation(tags, Profile(industries=["食品及保健品"]), TAX)[0]

    head = ["中医药等澳门品牌工业", "中医药"]
    assert rel(["中医药", "食品及保健品"], head) == W_SECTOR  # a TCM measure that also names food
    assert rel(["食品及保健品"], head) == W_EXACT  # the text is about food only
    ecommerce = [{"axis": "industry", "tag": "跨境电商", "why": "term: 跨境电商"},
                 {"axis": "industry", "tag": "商贸", "why": "heading: 国际贸易"}]
    assert industry_relation(ecommerce, Profile(industries=["跨境电商"]), TAX)[0] == W_EXACT


@pytest.mark.parametrize("text, axis, tag", [
    ("大力开展旅游管理、中葡双语、跨境电商等职业技能培训", "beneficiary", "葡语国家企业"),
    ("推动琴澳机构加大绿色金融业务合作", "industry", "现代金融"),
    ("推动琴澳机构加大绿色金融业务合作", "beneficiary", "金融机构"),
    ("实施产业项目准入审查，提高土地利用效率", "instrument", "市场准入"),
    ("鼓励各类私募基金管理人设立二手份额转让基金", "beneficiary", "金融机构"),
])
def test_words_that_no_longer_tag(text, axis, tag):
    assert (axis, tag) not in {(t["axis"], t["tag"]) for t in rule_tags(text, TAX)}


@pytest.mark.parametrize("change, expected", [
    (('tag = "研发"\nterms = ["研发"]', 'tag = "研发"\nterms = ["研发"]\nneeds = ["土地"]'),
     "activity tag '研发': needs '土地', which is not an instrument tag"),
    (('tag = "资金"\nterms = ["补贴"]', 'tag = "资金"\nterms = ["补贴"]\nneeds = ["资金"]'),
     "instrument tag '资金': needs is only for activity tags"),
    (('skip_headings = ["发展目标"]', 'skip_headings = ["发展目标"]\nbroad_beneficiaries = ["澳门企业"]'),
     "[matching] broad_beneficiaries: '澳门企业' is not a beneficiary tag"),
    (('skip_headings = ["发展目标"]', 'skip_headings = ["发展目标"]\nown_regime_types = ["银行"]'),
     "[matching] own_regime_types: '银行' is not a beneficiary tag"),
])
def test_rule_fields_are_validated(tmp_path, change, expected):
    old, new = change
    assert old in MINI_TAXONOMY
    path = write_taxonomy(tmp_path, MINI_TAXONOMY.replace(old, new, 1))
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(path)
    assert expected in str(err.value) and str(path) in str(err.value)


def test_rules_in_a_custom_taxonomy(tmp_path):
    """The rules come from the file: without broad_beneficiaries a Macau-only clause applies to every Macau firm."""
    text = MINI_TAXONOMY.replace('[[activity]]\ntag = "研发"\nterms = ["研发"]',
                                 '[[activity]]\ntag = "研发"\nterms = ["研发"]\nneeds = ["资金"]')
    cs = [make_clause("a", "支持澳资企业发展"), make_clause("b", "对澳资企业给予补贴")]
    researcher = Profile(industries=["航天"], origin="澳资", activities=["研发"])
    plain = load_taxonomy(write_taxonomy(tmp_path, text))
    assert Matcher(cs, plain).match(researcher).ids == ["t/a", "t/b"]
    strict = load_taxonomy(write_taxonomy(tmp_path, text.replace(
        'skip_headings = ["发展目标"]', 'skip_headings = ["发展目标"]\nbroad_beneficiaries = ["澳资企业"]'), name="strict.toml"))
    result = Matcher(cs, strict).match(researcher)
    assert result.ids == ["t/b"] and result.matches[0].reason == "适用原因：澳资企业 · 需要资金"
    assert result.matches[0].evidence[-1]["need"] is True
