"""Free text -> profile fields: realistic descriptions in zh-Hans, zh-Hant/Cantonese, English and Portuguese,
and the inference rules (what an industry implies, the trader rule, interests only when wanted or needed)."""
from __future__ import annotations

import pytest

from match.profile import profile_from_text
from match.taxonomy import TaxonomyError, load_taxonomy
from tests.match_helpers import MINI_TAXONOMY, write_taxonomy

TAX = load_taxonomy()


def read(text: str):
    return profile_from_text(text, TAX).profile


# Each: the description and the fields it must map to (fields not listed are not checked; an empty value
# is checked: the text gives no cue for it).
CASES = [
    # zh-Hans
    ("我们是珠海一家做工业机器人的小型企业，想在横琴建生产线，也需要厂房",
     {"industries": ["高端制造"], "origin": "内地", "size": "小微", "activities": ["生产制造", "研发"],
      "interests": ["土地/空间"]}),
    ("我们是一家私募基金管理公司，想在合作区设立QFLP基金，投资科技企业",
     {"industries": ["基金/QFLP"], "types": ["金融机构"], "activities": ["投融资"]}),
    ("我们是几个澳门大学毕业生，准备创业做文创产品", {"industries": ["澳门品牌工业"], "origin": "澳资",
                                                  "size": "初创", "types": ["澳门居民/青年"]}),
    ("我们是一家上海的生物医药企业，做细胞治疗的研发和临床试验", {"industries": ["医疗健康"], "origin": "内地",
                                                          "activities": ["研发"], "types": []}),
    # zh-Hant and Cantonese, as Macau enterprises write
    ("我們是澳門一間做葡國菜同蛋撻嘅餅家，小本經營，想喺橫琴開分店",
     {"industries": ["食品及保健品"], "origin": "澳资", "size": "小微", "activities": ["服务"]}),
    ("本公司係澳門嘅旅行社，主要做一程多站旅遊產品，服務內地旅客",
     {"industries": ["旅游"], "origin": "澳资", "activities": ["服务"]}),  # 服務內地旅客: a market, not the origin
    ("我們是一家澳門的融資租賃公司，想為合作區企業提供設備租賃",
     {"industries": ["融资租赁"], "origin": "澳资", "types": ["金融机构"], "activities": ["投融资", "服务"]}),
    ("我哋係澳門嘅初創科技公司，開發智能穿戴設備，需要申請補貼同人才公寓",
     {"origin": "澳资", "size": "初创", "types": ["高新技术企业"], "interests": ["资金/基金", "人才/住房"]}),
    # English
    ("We are a Singapore-based asset manager looking to set up a QFLP fund in Hengqin",
     {"industries": ["基金/QFLP"], "origin": "外资", "types": ["金融机构"], "activities": ["投融资"]}),
    ("We are a small Macau start-up developing AI tools for lawyers",
     {"origin": "澳资", "size": "初创", "types": ["高新技术企业"]}),
    ("We are a medium-sized Macau company making traditional Chinese medicine, planning to build a factory "
     "and export to Portugal", {"industries": ["中医药"], "origin": "澳资", "size": "中型",
                                "activities": ["生产制造", "进出口/跨境贸易"]}),
    ("Our Brazilian company imports machinery and exports coffee to China",
     {"industries": ["食品及保健品", "商贸"], "origin": "葡语国家", "activities": ["进出口/跨境贸易"]}),
    # Portuguese (with and without accents)
    ("Somos uma pequena empresa de Macau que organiza feiras e eventos para empresas lusófonas",
     {"industries": ["会展"], "origin": "澳资", "size": "小微", "activities": ["会展活动"]}),
    ("Somos uma startup brasileira de tecnologia financeira que desenvolve soluções de pagamento móvel",
     {"industries": ["数字金融"], "origin": "葡语国家", "size": "初创", "activities": ["研发", "服务"]}),
    ("A nossa empresa angolana importa produtos alimentares de Portugal e procura apoio fiscal",
     {"industries": ["食品及保健品", "商贸"], "origin": "葡语国家", "interests": ["税收"]}),
    ("Somos um banco portugues com sucursal em Macau", {"industries": ["银行"], "origin": "葡语国家",
                                                     "types": ["金融机构"]}),
    ("Somos uma fabrica de conservas de Portugal", {"industries": ["食品及保健品"], "activities": ["生产制造"]}),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:24] for c in CASES])
def test_realistic_descriptions(text, expected):
    p = read(text)
    for field, value in expected.items():
        got = getattr(p, field)
        if isinstance(value, list) and field not in ("industries",):
            assert set(value) <= set(got) if value else got == [], (field, got)
        else:
            assert got == value, (field, got)


def test_what_an_industry_implies_is_marked_as_inferred():
    m = profile_from_text("我们是一家芯片公司", TAX)
    assert m.profile.types == ["高新技术企业"] and m.profile.activities == ["研发"]
    assert "类型：高新技术企业（由行业“集成电路”推断，请核对）" in m.evidence
    bank = profile_from_text("我们是一家银行", TAX)
    assert set(bank.profile.activities) == {"投融资", "服务"} and all("推断" in e for e in bank.evidence if "活动" in e)
    # a university lab in technology is no technology enterprise: institutions get no implied type
    assert "高新技术企业" not in read("我们是大学的科研团队，做人工智能研究").types


def test_trader_rule():
    assert read("我们从葡萄牙进口葡萄酒").industries == ["食品及保健品", "商贸"]
    assert read("我们从葡萄牙进口葡萄酒").origin == ""  # 进口 before a country: where goods come from
    assert "商贸" not in read("我们生产葡萄酒并出口内地").industries  # it makes what it sells
    assert "商贸" not in read("我们是芯片公司，产品出口海外").industries  # it develops what it sells
    assert "商贸" not in read("我们是一家银行，支持企业进出口").industries  # finance is no trade
    assert read("我们做跨境电商，把商品卖到海外").industries == ["跨境电商"]  # already in trade's sector
    m = profile_from_text("We export olive oil", TAX)
    assert any(e.startswith("行业：商贸（") and "推断" in e for e in m.evidence)


def test_interests_are_wanted_or_needed_not_offered():
    assert read("我们是澳门的保险公司，想推出跨境医疗保险产品").interests == []  # its own product
    assert read("我们是澳门的保险公司，需要办公场地").interests == ["土地/空间"]
    assert read("我们需要厂房。我们推出保险产品").interests == ["土地/空间"]  # a want word ends with its sentence
    m = profile_from_text("我们想在横琴举办展会", TAX)  # organising needs exhibitions: 会展活动 needs 活动/展会
    assert m.profile.interests == ["活动/展会"] and "关注：活动/展会（“展会”，经营活动所需）" in m.evidence


def test_clients_and_resources_are_not_the_enterprise():
    fund = profile_from_text("我们是一家私募基金管理公司，投资科技企业和医疗健康企业", TAX)
    assert fund.profile.industries == ["基金/QFLP"] and fund.profile.types == ["金融机构"]
    assert any("未采用" in e for e in fund.evidence)  # the dropped client industries are shown for checking
    # an enterprise seeking finance is not a financial one: it keeps its industry
    assert read("我们是一家芯片设计初创公司，正在寻求风险投资").industries == ["集成电路"]
    assert read("We are a chip design start-up looking for venture capital").industries == ["集成电路"]
    assert "人才" not in read("我们是横琴的初创企业，想申请人才公寓").types
    assert read("我们是专门服务中小企业的会计师事务所").size == ""
    assert read("我们已获得高新技术企业认定").types == ["高新技术企业"]


def test_market_words_and_accents():
    assert read("我们是澳门公司，产品销往巴西").origin == "澳资"
    assert read("We are a Macau firm selling to Brazil").origin == "澳资"
    assert read("Somos uma empresa portuguesa").origin == read("Somos uma empresa portuguêsa").origin == "葡语国家"
    assert read("Exportacao de vinhos").activities == ["进出口/跨境贸易"]


@pytest.mark.parametrize("change, expected", [
    (('tag = "航天"\nparent = "制造业"', 'tag = "航天"\nparent = "制造业"\nactivities = ["生产"]'),
     "industry tag '航天': activities: '生产' is not one of the activity tags"),
    (('tag = "航天"\nparent = "制造业"', 'tag = "航天"\nparent = "制造业"\ntypes = ["国企"]'),
     "industry tag '航天': types: '国企' is not one of the beneficiary tags"),
    (('tag = "研发"\nterms = ["研发"]', 'tag = "研发"\nterms = ["研发"]\ntypes = ["澳资企业"]'),
     "activity tag '研发': types is only for industry tags"),
    (('[[origin]]', '[describe]\ntrader = { activity = "研发", unless = ["研发"], industry = "商贸" }\n\n[[origin]]'),
     "[describe] trader: industry: '商贸' is not an industry tag"),
    (('[[origin]]', '[describe]\ntrader = { activity = "研发" }\n\n[[origin]]'),
     "[describe] trader must be a table with exactly the keys activity, unless, industry"),
    (('[[origin]]', '[describe]\nwant = ["需要"]\n\n[[origin]]'), "[describe]: unknown key 'want'"),
])
def test_describe_fields_are_validated(tmp_path, change, expected):
    old, new = change
    assert old in MINI_TAXONOMY
    path = write_taxonomy(tmp_path, MINI_TAXONOMY.replace(old, new, 1))
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(path)
    assert str(path) in str(err.value) and expected in str(err.value)
