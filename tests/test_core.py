"""The ground floor: typed records (TableRow), the fold variants, the one section rule."""
from __future__ import annotations

import json

import pytest

from core.records import Clause, TableRow
from core.sections import section_prefix, under_section
from core.text import fold

ROW = {"number": "2-1", "title": "表2-1 合作区产业发展主要指标", "headers": ["序号", "指标", "单位", "2024年", "2029年"],
       "cells": ["1", "澳资产业增加值", "亿元", "30.04", "90"], "row": 1}


def _row_clause(table) -> Clause:
    return Clause("d/table2-1.r1", "d", "《规划》", "", "", "", "table_row", ["二、总体要求"], "table2-1", 1, "",
                  "1 澳资产业增加值 亿元 30.04 90", "《规划》表2-1第1行", table=table)


def test_table_row_is_typed_reads_like_the_old_dict_and_stores_the_same_json():
    c = _row_clause(ROW)
    assert isinstance(c.table, TableRow)
    assert c.table.values["2029年"] == "90" and c.table.indicator == "澳资产业增加值" and c.table.row == 1
    assert c.table.get("title") == ROW["title"] and (c.table or {}).get("cells") == ROW["cells"]
    assert c.to_dict()["table"] == ROW and json.loads(json.dumps(c.to_dict(), ensure_ascii=False))["table"] == ROW
    assert Clause.from_dict(c.to_dict()) == c
    assert c.table.sentence() == "表2-1 合作区产业发展主要指标：澳资产业增加值，单位 亿元，2024年 30.04，2029年（目标） 90"


def test_a_row_without_a_title_reads_as_its_clause_text():
    assert TableRow({"cells": ["a"]}).sentence("fallback") == "fallback"


def test_fold_variants_match_the_four_functions_they_replace():
    from eval.normalize import fold as evidence
    from qa.asks import folded as accents
    from qa.text import fold as compact

    samples = ["持續深化跨境理財通業務", "ＱＦＬＰ　試點 2029年", "Secção  de Finanças", "①　（三）\n第十條", ""]
    for s in samples:
        assert fold(s) == fold(s, "match")
        assert fold(s, "compact") == compact(s)
        assert fold(s, "accents") == accents(s)
        assert fold(s, "evidence") == evidence(s)
    assert fold("持續深化跨境理財通業務") == "持续深化跨境理财通业务"
    with pytest.raises(ValueError, match="variant"):
        fold("x", "nfkc")


@pytest.mark.parametrize("code,path,prefix,expected", [
    ("6.3", "", "6", True), ("6.3", "", "6.3", True), ("6.31", "", "6.3", False), ("16.3", "", "6", False),
    ("", "七、琴澳产业一体化发展 （三）", "七、琴澳", True), ("7.3", "七、琴澳", "7", True), ("", "", "", True),
])
def test_the_one_under_section_rule(code, path, prefix, expected):
    assert under_section(code, path, section_prefix(prefix)) is expected
    assert section_prefix("6.3.") == "6.3"


def test_hong_kong_forms_fold_to_simplified():
    """Macau writers use HK forms that t2s leaves alone (衞生); matching and answer checks must fold them."""
    from core.text import fold

    assert fold("醫療衞生服務 裏面") == "医疗卫生服务 里面"
    assert fold("醫療衞生", "evidence") == "医疗卫生"


def test_the_latest_year_column_is_the_target_whatever_the_years():
    """No year is built in: a 2030 plan's table marks 2030 as its target, a one-year table marks nothing."""
    from core.records import TableRow

    row = TableRow({"title": "表1 主要指标", "headers": ["序号", "指标", "2025年", "2030年"],
                    "cells": ["1", "研发投入", "5", "8"]})
    assert row.sentence().endswith("2025年 5，2030年（目标） 8")
    single = TableRow({"title": "表1", "headers": ["指标", "2025年"], "cells": ["研发投入", "5"]})
    assert "目标" not in single.sentence()
