"""Small pure parts of qa/: language detection, display conversion, sentences, verification, calibration."""
from __future__ import annotations

import pytest

from ingest.records import Clause
from eval.calibrate import choose, score, sweep
from qa.display import to_script
from qa.language import detect
from qa.text import row_sentence, sentences
from qa.verify import split, verify


def clause(cid="d/6.3.p1", text="有序拓展资产跨境转让业务。推进以人民币计价的资产跨境转让业务。", kind="paragraph", table=None):
    return Clause(id=cid, doc_id="d", doc_title="《测试》", doc_number="", issuer="", date="", kind=kind,
                  path=["六、金融", "（三）跨境"], path_code="6.3", ordinal=1, lead="", text=text,
                  citation="《测试》六（三）第1段", table=table)


@pytest.mark.parametrize("text, lang", [
    ("澳资企业在合作区发展金融业有哪些支持？", "zh-Hans"),
    ("截至2024年底，合作區累計註冊了多少家澳資企業？", "zh-Hant"),
    ("五（三）講乜嘢", "zh-Hant"),
    ("What is the 2029 target?", "en"),
    ("Qual é a meta para 2029?", "pt"),
    ("O que diz a parte 5, secção 4 do plano?", "pt"),
    ("artigo 37.º do regulamento", "pt"),  # a bare lookup: "do" is English too, the ordinal indicator is not
    ("artigo 12 do regulamento", "pt"),
    ("article 37 of the regulation", "en"),
    ("item 12 of the Overall Plan", "en"),
])
def test_detect_language(text, lang):
    assert detect(text) == lang


def test_display_conversion_is_for_display_only():
    assert to_script("澳资产业增加值90亿元", "zh-Hant") == "澳資產業增加值90億元"
    assert to_script("澳资产业", "zh-Hans") == "澳资产业"


def test_sentences_split_on_full_stops_and_semicolons():
    spans = sentences("甲乙丙；丁戊。己庚\n辛")
    assert [s.text for s in spans] == ["甲乙丙", "丁戊", "己庚", "辛"]
    assert spans[0].shown == "甲乙丙。" and "甲乙丙；丁戊。己庚\n辛"[spans[1].start:spans[1].end] == "丁戊"


def test_table_row_sentence_keeps_figures_and_units():
    row = clause("d/table2-1.r2", "2 澳资产业增加值 亿元 30.04 90 预期性", "table_row",
                 {"number": "2-1", "title": "表2-1 主要指标", "headers": ["序号", "指标", "单位", "2024年", "2029年", "属性"],
                  "cells": ["2", "澳资产业增加值", "亿元", "30.04", "90", "预期性"], "row": 2, "indicator": "澳资产业增加值",
                  "values": {"序号": "2", "指标": "澳资产业增加值", "单位": "亿元", "2024年": "30.04", "2029年": "90",
                             "属性": "预期性"}})
    assert row_sentence(row) == "表2-1中，澳资产业增加值2024年为30.04亿元，2029年为90亿元（预期性）。"


def test_split_attaches_markers_to_their_sentence():
    assert split("甲。[1]乙。[2][3]\nThe plan does this. [1] It sets 30.04, e.g. for Macau [2].") == [
        ("甲。", [1]), ("乙。", [2, 3]), ("The plan does this.", [1]), ("It sets 30.04, e.g. for Macau.", [2])]


def test_verify_drops_unmarked_invalid_and_unsupported_sentences():
    provided = {1: clause()}
    text = ("推进以人民币计价的资产跨境转让业务。[1]\n"
            "合作区将免征个人所得税。[1]\n"
            "有序拓展资产跨境转让业务。[9]\n"
            "没有标记的句子。\n"
            "资产跨境转让规模达到500亿元。[1]")
    v = verify(text, provided)
    assert [k.text for k in v.kept] == ["推进以人民币计价的资产跨境转让业务。"]
    reasons = [d.reason for d in v.dropped]
    assert any("wording" in r for r in reasons)
    assert any("[9]" in r for r in reasons)
    assert any("no citation marker" in r for r in reasons)
    assert any("figure 500" in r for r in reasons)


def test_calibration_picks_the_middle_of_the_best_interval():
    rows = [{"id": f"a{i}", "answerable": True, "support": s, "rule": "", "mode": "extractive"}
            for i, s in enumerate((0.6, 0.7, 0.9))] + \
           [{"id": f"u{i}", "answerable": False, "support": s, "rule": "", "mode": "extractive"}
            for i, s in enumerate((0.2, 0.4))] + \
           [{"id": "f", "answerable": False, "support": 0.8, "rule": "asks for a figure", "mode": "extractive"},
            {"id": "s", "answerable": True, "support": 0.1, "rule": "", "mode": "summary"}]
    chosen = choose(sweep(rows))
    # support < threshold refuses: 0.4 still answers u1 (0.4); 0.6 still answers the 0.6 question; a rule refuses
    # "f" whatever the threshold, and a part summary is never refused
    assert chosen == {"threshold": 0.55, "balanced": 1.0, "interval": [0.5, 0.6]}
    assert score(rows, 0.3)["answered_unanswerable"] == ["u1"]
    assert score(rows, 0.95)["refused_answerable"] == ["a0", "a1", "a2"]


def test_portuguese_glossary_names_are_told_by_their_endings_too():
    """"economia digital", "turismo", "dados" carry no accent: without them a Portuguese intro fell back to English."""
    from qa.intro import _terms

    names = {term: (en, pt) for term, en, pt in _terms()}
    assert names["旅游"] == ("tourism", "turismo") and names["数字经济"] == ("digital economy", "economia digital")
    assert names["数据"] == ("data", "dados")  # "data" ends like Portuguese but is the English name, listed first
    assert "Macao" not in names["m唛"][1]  # the English spelling of Macau is no Portuguese ending
    assert sum(en == pt for en, pt in names.values()) <= 20  # proper names (Zhuhai, Qianhai, UFI) stay as they are


def test_the_refusal_threshold_buys_refusals_net_of_false_ones():
    """The cut refuses the most unanswerable rows net of answerable ones within the 2 % budget, not as many as the
    budget allows: one more refusal deep inside the answerable rows is not worth a false refusal."""
    import numpy as np

    from eval.refusal_fit import threshold

    answerable = list(np.linspace(0.90, 0.99, 100))  # 2 % budget: two of these may be refused
    p = np.array([0.05, 0.10, 0.20] + [0.95] + answerable)
    y = np.array([0, 0, 0] + [0] + [1] * 100)
    cut = threshold(p, y)
    assert 0.20 < cut < 0.90  # the three clear ones refused, no answerable row; not the 0.95 one at two false
    assert threshold(np.array([0.1, 0.2, 0.8, 0.9]), np.array([0, 0, 1, 1])) == (0.2 + 0.8) / 2  # widest margin


def test_a_refusal_model_file_names_its_signals_and_only_those_are_computed(tmp_path, monkeypatch):
    import json as _json

    import qa.refusal_model as RM
    from qa.refusal_model import RefusalModelError, features, load

    def no_reader(draft):
        raise AssertionError("the reader ran for a model that does not read it")

    monkeypatch.setattr(RM, "reader_score", no_reader)

    class Draft:  # no picks, no question: the reader must not run for a model that does not read it
        support, dense_z, cited_cover, reader_logit, picks, question, query = 0.8, 3.0, 0.7, None, [], "", None

    four = {"features": ["support", "dense_z", "rule", "cited_cover"], "mean": [0, 0, 0, 0], "scale": [1, 1, 1, 1],
            "coef": [1, 1, -1, 1], "intercept": 0.0, "threshold": 0.5}
    path = tmp_path / "four.json"
    path.write_text(_json.dumps(four), encoding="utf-8")
    assert load(str(path))["features"] == four["features"]
    assert features(Draft(), True, names=four["features"]) == [0.8, 3.0, 1.0, 0.7]
    bad = tmp_path / "bad.json"
    bad.write_text(_json.dumps({**four, "features": ["support", "mood", "rule", "cited_cover"]}), encoding="utf-8")
    with pytest.raises(RefusalModelError, match="bad.json: features .*mood"):
        load(str(bad))
    short = tmp_path / "short.json"
    short.write_text(_json.dumps({**four, "coef": [1, 1]}), encoding="utf-8")
    with pytest.raises(RefusalModelError, match="short.json: features, mean, scale and coef differ in length"):
        load(str(short))
