"""Enterprise profiles: TOML files validated against the taxonomy; free-text descriptions mapped to fields."""
from __future__ import annotations

import pytest

from match.profile import ProfileError, load_profile, profile_from_text
from match.taxonomy import load_taxonomy

TAX = load_taxonomy()


def read(text: str):
    return profile_from_text(text, TAX).profile


def test_tcm_maker_description():
    m = profile_from_text("我们是一家澳门的中成药企业，想在横琴设厂并出口葡语国家", TAX)
    p = m.profile
    assert p.industries == ["中医药"]
    assert p.origin == "澳资"  # "出口葡语国家" is a market, not where the capital comes from
    assert {"生产制造", "进出口/跨境贸易"} <= set(p.activities)
    assert p.beneficiaries(TAX) == ["澳资企业", "产业企业"]  # an enterprise of one of the zone's industries
    assert "行业：中医药（“中成药”）" in m.evidence and "活动：生产制造（“设厂”）" in m.evidence


@pytest.mark.parametrize("text, industries, origin, extra", [
    # exports what it does not make: a trader of food (see test_match_describe for the trader rule)
    ("Somos uma empresa portuguesa que exporta vinho e azeite para a China", ["食品及保健品", "商贸"], "葡语国家",
     {"activities": ["进出口/跨境贸易"]}),
    ("We are a Hong Kong logistics company doing cross-border freight and warehousing", ["物流"], "港资", {}),
    ("我们是一家私募股权基金管理人，想通过QFLP引入境外资金投资合作区产业", ["基金/QFLP"], "",  # 境外资金 is not 外资
     {"types": ["金融机构"], "activities": ["投融资"]}),
    ("本公司是澳門的會展策劃公司，想在橫琴辦展", ["会展"], "澳资", {"activities": ["会展活动", "服务"]}),
    ("We are a Macau fintech start-up building mobile payment tools", ["数字金融"], "澳资", {"size": "初创"}),
    ("我们是一家澳门的银行，在横琴设有分行", ["银行"], "澳资", {"types": ["金融机构"]}),
    ("我们是深圳的芯片设计公司，产品出口澳门", ["集成电路"], "内地", {}),
    ("我是澳門大學的科研團隊，有成果想在橫琴做概念驗證同中試", ["科技研发和高端制造"], "澳资",
     {"types": ["高校/科研机构"], "activities": ["研发"]}),
])
def test_descriptions(text, industries, origin, extra):
    p = read(text)
    assert p.industries == industries
    assert p.origin == origin
    for field, value in extra.items():
        assert getattr(p, field) == value, field


def test_longest_word_wins_and_sub_sector_beats_its_sector():
    assert "科技研发和高端制造" not in read("我们是一家金融科技公司").industries  # 金融科技 is not 科技
    assert read("中医药企业，属于中医药等澳门品牌工业").industries == ["中医药"]


def test_origin_and_size_never_come_from_beneficiary_words():
    p = read("我们想服务葡语国家企业和中小企业")
    assert "葡语国家企业" not in p.types and "中小微企业" not in p.types


def test_nearest_fills_industry_only_when_no_word_matched():
    calls = []

    def nearest(text):
        calls.append(text)
        return "文化体育", "5.1.p3、7.1.p4、5.1.p2"

    m = profile_from_text("我们开了一家宠物美容店", TAX, nearest)
    assert m.profile.industries == ["文化体育"] and "语义推测" in m.evidence[0] and "请核对" in m.evidence[0]
    assert profile_from_text("我们是芯片公司", TAX, nearest).profile.industries == ["集成电路"]
    assert calls == ["我们开了一家宠物美容店"]


def test_load_profile_and_its_errors(tmp_path):
    ok = tmp_path / "ok.toml"
    ok.write_text('name = "X"\nindustries = ["中医药"]\norigin = "澳资"\nactivities = "生产制造"\n', encoding="utf-8")
    p = load_profile(ok, TAX)
    assert (p.name, p.industries, p.activities) == ("X", ["中医药"], ["生产制造"])

    def error(text: str) -> str:
        path = tmp_path / "bad.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ProfileError) as err:
            load_profile(path, TAX)
        assert str(path) in str(err.value)
        return str(err.value)

    assert "industries: unknown industry tag '中药'" in error('industries = ["中药"]')
    assert "activities: unknown activity tag '制造'" in error('activities = ["制造"]')
    assert "origin: unknown value '澳门'" in error('origin = "澳门"')
    assert "unknown field 'industry'" in error('industry = ["中医药"]')
    assert "empty profile" in error('name = "X"')
    assert "not valid TOML" in error("industries = [")
    with pytest.raises(ProfileError, match="cannot read the profile"):
        load_profile(tmp_path / "missing.toml", TAX)
