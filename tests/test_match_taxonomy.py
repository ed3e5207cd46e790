"""The taxonomy file: the bundled one is valid; mistakes give one clear message naming the file and the tag."""
from __future__ import annotations

import pytest

from match.taxonomy import AXES, TaxonomyError, load_taxonomy, main
from tests.match_helpers import MINI_TAXONOMY, write_taxonomy


def test_bundled_taxonomy_has_the_issue_axes_and_tags():
    tax = load_taxonomy()
    assert set(tax.tags) == set(AXES)
    assert set(tax.sectors()) == {"科技研发和高端制造", "中医药等澳门品牌工业", "文旅会展商贸", "现代金融"}
    for sub in ("集成电路", "人工智能/数字经济", "中医药", "食品及保健品", "医疗健康", "旅游", "会展", "跨境电商",
                "物流", "债券", "基金/QFLP", "融资租赁", "保险", "绿色金融"):
        assert tax.sector_of(sub) and tax.sector_of(sub) != sub, sub
    assert {"澳资企业", "澳门居民/青年", "葡语国家企业", "高新技术企业", "中小微企业", "金融机构", "高校/科研机构",
            "人才", "跨国公司/总部"} <= set(tax.names("beneficiary"))
    assert {"税收", "资金/基金", "金融服务", "土地/空间", "人才/住房", "通关/物流", "市场准入", "监管/标准",
            "平台/园区", "活动/展会"} == set(tax.names("instrument"))
    assert {"研发", "生产制造", "进出口/跨境贸易", "投融资", "服务", "会展活动"} == set(tax.names("activity"))
    assert tax.origin("澳资").beneficiaries == ("澳资企业",)


def test_mini_taxonomy_loads(tmp_path):
    tax = load_taxonomy(write_taxonomy(tmp_path))
    assert tax.children("制造业") == ["航天", "造船"]
    assert tax.axis_labels["beneficiary"] == "beneficiary"  # no label given: the axis name


def _error(tmp_path, text: str) -> str:
    path = write_taxonomy(tmp_path, text)
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(path)
    message = str(err.value)
    assert str(path) in message  # every message names the file
    assert "\n" not in message
    return message


@pytest.mark.parametrize("change, expected", [
    (('parent = "制造业"\nterms = ["航天器"]', 'parent = "重工业"\nterms = ["航天器"]'),
     "industry tag '航天': parent '重工业' is not an industry tag"),
    (('terms = ["船舶"]', 'terms = []'), "industry tag '造船': terms is empty"),
    (('terms = ["船舶"]', ''), "industry tag '造船': no 'terms' list"),
    (('terms = ["船舶"]', 'terms = ["船舶", "航天器"]'), "duplicate term '航天器': listed in both industry tags '航天' and '造船'"),
    (('terms = ["船舶"]', 'terms = ["船舶", "船舶"]'), "duplicate term '船舶': listed twice in industry tag '造船'"),
    (('terms = ["船舶"]', 'terms = ["船舶"]\nsynonyms = ["SHIP", "ship"]'), "duplicate term 'ship': listed twice in industry tag '造船'"),
    (('terms = ["船舶"]', 'terms = ["船舶"]\nsynonyms = ["航天器"]'), "duplicate term '航天器'"),
    (('tag = "造船"', 'tag = "航天"'), "industry tag '航天' is defined twice"),
    (('terms = ["船舶"]', 'terms = ["船舶"]\nterm = ["船"]'), "industry tag '造船': unknown field 'term'"),
    (('terms = ["补贴"]', 'terms = ["补贴", ""]'), "instrument tag '资金': terms: '' is not a non-empty string"),
    (('name = "澳资"\nbeneficiary = "澳资企业"', 'name = "澳资"\nbeneficiary = "澳门企业"'),
     "origin '澳资': beneficiary '澳门企业' is not a beneficiary tag"),
    (('skip_kinds = ["front_matter"]', 'skip_kinds = ["front"]'), "[matching] skip_kinds: unknown clause kind 'front'"),
    (('tag = "研发"\nterms = ["研发"]', 'tag = "研发"\nparent = "制造业"\nterms = ["研发"]'),
     "activity tag '研发': parent is only for industry tags"),
])
def test_mistakes_are_named(tmp_path, change, expected):
    old, new = change
    assert old in MINI_TAXONOMY
    assert expected in _error(tmp_path, MINI_TAXONOMY.replace(old, new, 1))


def test_traditional_spelling_counts_as_a_duplicate(tmp_path):
    text = MINI_TAXONOMY.replace('terms = ["船舶"]', 'terms = ["船舶"]\nsynonyms = ["船舶業", "船舶业"]')
    assert "duplicate term '船舶业': listed twice in industry tag '造船'" in _error(tmp_path, text)


def test_missing_axis_and_bad_toml(tmp_path):
    no_activity = MINI_TAXONOMY.split("[[activity]]")[0] + MINI_TAXONOMY.split('terms = ["研发"]')[1]
    assert "no [[activity]] tags" in _error(tmp_path, no_activity)
    assert "not valid TOML" in _error(tmp_path, "[[industry]\ntag = 1")
    with pytest.raises(TaxonomyError, match="cannot read the taxonomy file"):
        load_taxonomy(tmp_path / "missing.toml")


def test_check_command(tmp_path, capsys):
    assert main([str(write_taxonomy(tmp_path))]) == 0
    assert "ok" in capsys.readouterr().out
    bad = write_taxonomy(tmp_path, MINI_TAXONOMY.replace('terms = ["船舶"]', "terms = []"), name="bad.toml")
    assert main([str(bad)]) == 2
    assert "industry tag '造船': terms is empty" in capsys.readouterr().err
