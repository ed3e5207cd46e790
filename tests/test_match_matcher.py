"""Matching profiles to clauses: gold clauses found, reasons, grouping, ranking, quality floor, export, CLI."""
from __future__ import annotations

import csv
import io
import json

import pytest

from match.evaluate import GOLD_DIR, evaluate, load_gold, prf
from match.export import md_escape, to_csv, to_markdown
from match.matcher import W_EXACT, W_HEADING, W_NEUTRAL, W_OTHER, W_SECTOR, Matcher, industry_relation
from match.profile import Profile, load_profile
from match.taxonomy import load_taxonomy
from tests.match_helpers import DOC, make_clause, plan_clauses, store_settings

TAX = load_taxonomy()


@pytest.fixture(scope="module")
def matcher():
    return Matcher(plan_clauses(), TAX)  # rule tags only: no model in unit tests


def gold(key: str):
    return next(g for g in load_gold(TAX) if g.key == key)


def short(ids):
    return {i.split("/", 1)[1] for i in ids}


@pytest.mark.parametrize("key, must", [
    ("macau-tcm-maker", {"4.1.p1", "4.1.p2", "4.1.p3", "7.2.p1", "7.2.p2", "7.2.p3", "9.2.p3", "10.3.p1"}),
    ("macau-bank", {"6.2.p4", "6.3.p3", "6.3.p4", "7.3.p1", "7.3.p2", "7.3.p3", "9.2.p5"}),
    ("ic-design-startup", {"3.2.p1", "7.4.p2", "9.2.p2", "8.1.p1", "6.2.p1"}),
    ("fund-manager", {"6.3.p2", "7.3.p1", "6.2.p1", "10.4.p1"}),
])
def test_profile_matches_contain_its_gold_clauses(matcher, key, must):
    g = gold(key)
    assert must <= short(g.clause_ids)  # the test names real gold clauses
    found = short(matcher.match(g.profile).ids)
    assert must <= found, sorted(must - found)


def test_unrelated_sectors_stay_out(matcher):
    tcm = short(matcher.match(gold("macau-tcm-maker").profile).ids)
    assert not tcm & {"6.3.p2", "3.2.p1", "5.3.p1", "5.1.p1"}  # QFLP, chips, exhibitions, tourism
    bank = short(matcher.match(gold("macau-bank").profile).ids)
    assert not bank & {"4.1.p1", "3.2.p1", "5.1.p1"}


def test_reason_line_and_evidence(matcher):
    profile = Profile(industries=["中医药"], origin="澳资", activities=["生产制造"])
    result = matcher.match(profile)
    m = next(m for m in result.matches if m.clause.id == f"{DOC}/7.2.p2")
    assert m.reason == "适用原因：澳资企业 · 中医药 · 生产制造"
    assert {(e["axis"], e["tag"]) for e in m.evidence} == {("beneficiary", "澳资企业"), ("industry", "中医药"), ("activity", "生产制造")}
    assert all(e["why"].startswith("term: ") for e in m.evidence)
    assert {"税收", "通关/物流", "监管/标准"} <= set(m.instruments)


def test_groups_ranking_and_summary(matcher):
    result = matcher.match(gold("macau-tcm-maker").profile)
    scores = [m.score for m in result.matches]
    assert scores == sorted(scores, reverse=True)
    flat = [m for g in result.groups for m in g.matches]
    assert sorted(m.clause.id for m in flat) == sorted(result.ids)
    for g in result.groups:
        assert all(m.clause.path[0] == g.heading for m in g.matches)
        assert [m.score for m in g.matches] == sorted((m.score for m in g.matches), reverse=True)
    assert [g.matches[0].score for g in result.groups] == sorted((g.matches[0].score for g in result.groups), reverse=True)
    assert result.groups[0].heading in ("七、琴澳产业一体化发展", "四、发展中医药等澳门品牌工业")
    counts = dict(result.instruments)
    assert counts["平台/园区"] == sum("平台/园区" in m.instruments for m in result.matches)
    assert result.summary().startswith(f"共{len(result.matches)}条适用条款；提供的政策工具：")
    assert json.loads(json.dumps(result.to_dict(), ensure_ascii=False))["count"] == len(result.matches)


def test_background_targets_and_notices_never_apply(matcher):
    everyone = Profile(industries=TAX.sectors(), types=TAX.names("beneficiary"), activities=TAX.names("activity"))
    found = matcher.match(everyone).ids
    plan = {i.split("/", 1)[1] for i in found if i.startswith(f"{DOC}/")}
    assert plan and not any(i.startswith(("1.", "2.", "table", "front", "back", "preface", "title", "10.1", "10.5")) for i in plan)
    # the related documents: the 总体方案's 一、总体要求 and 五 (management bodies), the 条例's 治理体制,
    # 规划建设与管理 and 附则 hold background, governance and the zone's own duties
    heads = {c.id: c.path[0] if c.path else "" for c in plan_clauses()}
    other = [heads[i] for i in found if not i.startswith(f"{DOC}/")]
    assert other and not [h for h in other if h.startswith(("一、", "五、", "第二章", "第三章", "第八章"))]
    assert matcher.match(Profile()).matches == []


def test_industry_relation_levels():
    def rel(profile_industries, text_tags, heading_tags=()):
        tags = [{"axis": "industry", "tag": n, "why": "term: x"} for n in text_tags]
        tags += [{"axis": "industry", "tag": n, "why": "heading: x"} for n in heading_tags]
        return industry_relation(tags, Profile(industries=profile_industries), TAX)[0]

    assert rel(["中医药"], ["中医药"], ["中医药等澳门品牌工业"]) == W_EXACT
    assert rel(["中医药"], ["中医药"], ["科技研发和高端制造"]) == W_SECTOR  # named in passing in a tech section
    assert rel(["基金/QFLP"], ["基金/QFLP"], ["科技研发和高端制造"]) == W_EXACT  # finance is never "in passing"
    assert rel(["科技研发和高端制造"], ["集成电路"]) == W_SECTOR  # a whole sector: each sub-sector counts
    assert rel(["中医药"], [], ["中医药"]) == W_HEADING
    assert rel(["中医药"], []) == W_NEUTRAL
    assert rel(["中医药"], ["银行", "现代金融"]) == W_NEUTRAL  # finance serves every industry
    assert rel(["中医药"], ["集成电路"]) == W_OTHER
    assert rel(["中医药"], [], ["科技研发和高端制造"]) == W_OTHER  # silent text in another sector's section
    assert rel(["银行"], ["现代金融", "债券", "保险", "绿色金融"]) == W_SECTOR  # the finance sector as a whole
    assert rel(["银行"], ["现代金融", "保险"]) < W_NEUTRAL  # finance, but about insurers


def test_taxonomy_edits_apply_without_reingest(tmp_path):
    from tests.match_helpers import write_taxonomy

    cs = [make_clause("a", "支持航天器研发"), make_clause("b", "支持卫星研发")]
    assert Matcher(cs, load_taxonomy(write_taxonomy(tmp_path))).match(Profile(industries=["航天"])).ids == ["t/a"]
    edited = write_taxonomy(tmp_path, open(tmp_path / "taxonomy.toml", encoding="utf-8").read().replace(
        'terms = ["航天器"]', 'terms = ["航天器", "卫星"]'), name="edited.toml")
    assert Matcher(cs, load_taxonomy(edited)).match(Profile(industries=["航天"])).ids == ["t/a", "t/b"]


def test_quality_floor_on_gold():
    res = evaluate(store_settings(), semantic=False)
    keys = [r["key"] for r in res["profiles"]]
    assert len(keys) >= 15 and res["profile"]["heldout"]["profiles"] >= 4
    dev = res["profile"]["dev"]
    # 0.877 / 0.828 when set on the plan alone; 0.921 / 0.807 over the three documents (rule tags only)
    assert dev["recall"] >= 0.85 and dev["precision"] >= 0.8, dev
    assert res["profile"]["all"]["recall"] >= 0.85, res["profile"]["all"]
    assert res["describe"]["all"]["recall"] >= 0.7


def test_prf_hand_computed():
    assert prf(["a", "b", "c", "d"], ["a", "b", "x"]) == (0.5, 2 / 3)
    assert prf([], ["a"]) == (0.0, 0.0)
    assert prf([], []) == (1.0, 1.0)


def test_gold_files_are_valid():
    golds = load_gold(TAX, GOLD_DIR, clauses=plan_clauses())  # evidence strings resolved to one clause each
    known = {c.id for c in plan_clauses()}
    for g in golds:
        assert g.profile.description and g.clause_ids, g.key
        assert set(g.clause_ids) <= known, g.key
        assert len(set(g.clause_ids)) == len(g.clause_ids), g.key


def test_markdown_and_csv_export(matcher):
    profile = load_profile(GOLD_DIR / "macau-tcm-maker.toml", TAX)
    result = matcher.match(profile)
    md = to_markdown(result)
    assert md.startswith("# 适用政策：澳门中成药生产企业\n")
    assert "## 《横琴粤澳深度合作区产业发展规划（2025-2029年）》 七、琴澳产业一体化发展" in md
    assert "**《横琴粤澳深度合作区产业发展规划（2025-2029年）》七（二）第2段**" in md
    assert "适用原因：澳资企业 · 中医药" in md
    rows = list(csv.reader(io.StringIO(to_csv(result))))
    assert rows[0] == ["rank", "part", "clause_id", "citation", "reason", "score", "instruments", "text"]
    assert len(rows) == len(result.matches) + 1
    assert sorted(int(r[0]) for r in rows[1:]) == list(range(1, len(result.matches) + 1))
    assert rows[1][2] in result.ids and rows[1][7] == matcher_clause_text(matcher, rows[1][2])


def matcher_clause_text(matcher, cid):
    return next(c.text for c in matcher.clauses if c.id == cid)


def test_export_keeps_text_literal_and_neutralises_formulas(tmp_path):
    cs = [make_clause("x", "=HYPERLINK(\"http://x\") **支持**澳资企业 <b>航天器</b>")]
    from tests.match_helpers import write_taxonomy

    result = Matcher(cs, load_taxonomy(write_taxonomy(tmp_path))).match(Profile(industries=["航天"], origin="澳资", name="# A|B"))
    md = to_markdown(result)
    assert "\\*\\*支持\\*\\*" in md and "\\<b\\>" in md and "# 适用政策：\\# A\\|B" in md
    row = list(csv.reader(io.StringIO(to_csv(result))))[1]
    assert row[7].startswith("'=HYPERLINK")
    assert md_escape("1. 第一") == "1\\. 第一" and md_escape("2025-2029") == "2025-2029"


def test_cli_describe_json_and_exports(monkeypatch, tmp_path, capsys):
    import cli

    s = store_settings()
    monkeypatch.setenv("HQ_BUILD_DIR", str(s.build_dir))
    md, table = tmp_path / "out.md", tmp_path / "out.csv"
    code = cli.main(["match", "--describe", "我们是一家澳门的中成药企业，想在横琴设厂并出口葡语国家", "--json",
                     "--no-semantic", "--markdown", str(md), "--csv", str(table)])
    out = capsys.readouterr()
    assert code == 0, out.err
    data = json.loads(out.out)
    assert data["profile"]["industries"] == ["中医药"] and data["profile"]["origin"] == "澳资"
    ids = [m["id"] for g in data["groups"] for m in g["matches"]]
    assert f"{DOC}/7.2.p2" in ids and all(m["reason"].startswith("适用原因：") for g in data["groups"] for m in g["matches"])
    assert any("中成药" in n for n in data["notes"])
    assert md.read_text(encoding="utf-8").startswith("# 适用政策")
    assert table.read_bytes().startswith(b"\xef\xbb\xbfrank,")  # BOM: Excel reads it as UTF-8


def test_cli_profile_text_and_errors(monkeypatch, capsys):
    import cli

    monkeypatch.setenv("HQ_BUILD_DIR", str(store_settings().build_dir))
    assert cli.main(["match", "--profile", str(GOLD_DIR / "macau-bank.toml"), "--no-semantic"]) == 0
    out = capsys.readouterr().out
    assert "画像：企业：澳门银行（横琴分行）" in out and "七（三）第1段" in out and "适用原因：" in out
    assert cli.main(["match", "--describe", "今天天气很好", "--no-semantic"]) == 2
    assert "no profile field could be read" in capsys.readouterr().err
    assert cli.main(["match", "--profile", "/no/such/profile.toml", "--no-semantic"]) == 2
    assert "/no/such/profile.toml: cannot read the profile" in capsys.readouterr().err
