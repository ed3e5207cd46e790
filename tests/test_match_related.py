"""Profile matching across documents: the tax measures of the 总体方案 and the 条例 reach the profiles they are for."""
import pytest

from match.matcher import Matcher
from match.profile import Profile
from match.taxonomy import load_taxonomy
from tests.match_helpers import plan_clauses

TAX = load_taxonomy()
MASTER, REG = "hq-master-plan-2021", "hq-promotion-regulation"

# the measures, found by their text (clause ids of these documents may change with their structure)
EIT_PLAN = (MASTER, "对合作区符合条件的产业企业减按15%的税率征收企业所得税")  # 总体方案（十）
EIT_REG = (REG, "对合作区内符合国家规定条件的产业企业，减按15%的税率征收企业所得税")  # 条例第三十七条第一款
OVERSEAS_REG = (REG, "新增境外直接投资取得的所得，依照国家规定免征企业所得税")  # 第三十七条第二款
TALENT_PLAN = (MASTER, "其个人所得税负超过15%的部分予以免征")  # 总体方案（十一）
TALENT_REG = (REG, "其个人所得税负超过15%的部分，依照国家规定予以免征")  # 第三十七条第三款
MACAU_PLAN = (MASTER, "其个人所得税负超过澳门税负的部分予以免征")  # 总体方案（十二）
MACAU_REG = (REG, "其个人所得税负超过澳门税负的部分，依照国家规定予以免征")  # 第三十七条第四款


@pytest.fixture(scope="module")
def matcher():
    return Matcher(plan_clauses(), TAX)  # rule tags only


def cid(measure) -> str:
    doc, text = measure
    found = [c.id for c in plan_clauses() if c.doc_id == doc and text in c.text]
    assert len(found) == 1, (measure, found)
    return found[0]


def matched(matcher, profile) -> dict:
    return {m.clause.id: m for m in matcher.match(profile).matches}


@pytest.mark.parametrize("profile", [
    Profile(industries=["中医药"], origin="澳资", activities=["生产制造"]),
    Profile(industries=["集成电路"], origin="内地", size="初创", types=["高新技术企业"], activities=["研发"]),
    Profile(industries=["银行"], origin="澳资", types=["金融机构"], activities=["投融资"]),
    Profile(industries=["物流"], origin="港资", activities=["服务"]),
], ids=["tcm-maker", "ic-startup", "macau-bank", "logistics"])
def test_an_industry_enterprise_gets_the_15_percent_enterprise_income_tax_of_both_documents(matcher, profile):
    got = matched(matcher, profile)
    for measure in (EIT_PLAN, EIT_REG):
        m = got.get(cid(measure))
        assert m is not None, measure
        assert "产业企业" in m.reasons and "税收" in m.instruments  # the reason names why, the document is the clause's
        assert m.to_dict()["doc_title"] in ("《横琴粤澳深度合作区建设总体方案》", "《横琴粤澳深度合作区发展促进条例》")
    # the capital-expenditure deduction is in the same clauses
    assert "资本性支出" in got[cid(EIT_REG)].clause.text and "资本性支出" in got[cid(EIT_PLAN)].clause.text


def test_no_enterprise_no_enterprise_income_tax(matcher):
    lab = matched(matcher, Profile(industries=["科技研发和高端制造"], origin="澳资", types=["高校/科研机构"], activities=["研发"]))
    assert cid(EIT_PLAN) not in lab and cid(EIT_REG) not in lab
    person = matched(matcher, Profile(types=["人才"]))
    assert cid(EIT_REG) not in person


def test_high_end_talent_gets_the_15_percent_individual_tax_cap(matcher):
    got = matched(matcher, Profile(types=["人才"], activities=["研发"]))
    for measure in (TALENT_PLAN, TALENT_REG):
        assert "人才" in got[cid(measure)].reasons
    assert cid(MACAU_REG) not in got  # the Macau-tax cap is for Macau residents


def test_a_macau_resident_working_in_the_zone_gets_the_macau_tax_cap(matcher):
    got = matched(matcher, Profile(types=["澳门居民/青年"]))
    for measure in (MACAU_PLAN, MACAU_REG):
        assert "澳门居民/青年" in got[cid(measure)].reasons
    assert cid(TALENT_REG) not in got


def test_a_tourism_firm_investing_abroad_gets_the_exemption_on_that_income(matcher):
    tour = Profile(industries=["旅游"], origin="内地", activities=["服务", "投融资"])
    got = matched(matcher, tour)
    m = got[cid(OVERSEAS_REG)]
    assert "旅游" in m.reasons and "税收" in m.instruments
    assert cid(EIT_PLAN) in got  # 总体方案（十） holds both the 15% rate and the overseas-income exemption
    # a TCM maker is no tourism, service or high-technology enterprise: the exemption is not offered to it
    assert cid(OVERSEAS_REG) not in matched(matcher, Profile(industries=["中医药"], origin="澳资", activities=["生产制造"]))


def test_results_are_grouped_by_document_and_part(matcher):
    result = matcher.match(Profile(industries=["中医药"], origin="澳资", activities=["生产制造"]))
    titles = {g.doc_title for g in result.groups}
    assert {"《横琴粤澳深度合作区建设总体方案》", "《横琴粤澳深度合作区发展促进条例》"} <= titles
    for g in result.groups:
        assert len({m.clause.doc_id for m in g.matches}) == 1


def test_taxonomy_rejects_an_unknown_industry_enterprise_tag(tmp_path):
    from match.taxonomy import TaxonomyError

    text = open(TAX.path, encoding="utf-8").read().replace('industry_enterprise = "产业企业"', 'industry_enterprise = "不存在"')
    bad = tmp_path / "taxonomy.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError, match="industry_enterprise"):
        load_taxonomy(bad)


def test_gold_evidence_names_exactly_one_clause():
    from match.evaluate import GoldError, GoldProfile, resolve_evidence
    from tests.match_helpers import make_clause

    cs = [make_clause("a", "对合作区内符合国家规定条件的产业企业，减按15%的税率征收企业所得税。"),
          make_clause("b", "减按15%的税率征收企业所得税。")]
    g = GoldProfile("k", Profile(), "dev", ["t/x"], ["符合国家规定条件的产业企业"])
    assert resolve_evidence([g], cs)[0].clause_ids == ["t/x", "t/a"]
    for ev, msg in (("减按15%的税率", "2 clauses"), ("不存在的句子", "not in the clause store")):
        with pytest.raises(GoldError, match=msg):
            resolve_evidence([GoldProfile("k", Profile(), "dev", [], [ev])], cs)
