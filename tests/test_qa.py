"""Answers on the bundled plan: expected figures and clauses, every sentence cited, refusals, lookups, CLI."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qa import REFUSAL_TEXT, lookup
from qa.lookup import LookupError_
from qa.text import fold, row_supports
from tests.qa_fixtures import ask, built_index, built_settings

PLAN = "hq-industry-2025/"
PROBE = Path(__file__).resolve().parent.parent / "qa" / "data" / "refusal_probe.jsonl"
_SENT = re.compile(r"([^。！？\n]+[。！？])((?:\[\d+\])+)")


@pytest.fixture(scope="module")
def idx():
    return built_index()


def cited_ids(a):
    return {c.clause.id for c in a.citations}


def contained(sentence: str, clause) -> bool:
    """The sentence is the clause's own words (a ；-piece may end with 。), or a rendering of its table row."""
    body = fold(sentence).rstrip("。！？")
    return body in fold(clause.text) or (clause.kind == "table_row" and row_supports(sentence, clause))


def assert_every_sentence_cited(a):
    """Parse the answer text itself: each Chinese sentence ends with markers naming cited clauses containing it."""
    by_n = {c.n: c.clause for c in a.citations}
    lines = a.text.splitlines()
    if a.intro:  # Chinese only in the document's short name: "The Overall Plan (总体方案, 2021) …"
        assert lines[0] == a.intro and not re.search(r"[\u4e00-\u9fff]", re.sub(r"\([^()]*\)", "", a.intro))
        lines = lines[1:]
    framing = set(getattr(a, "framing", []) or [])
    for line in lines:
        if line in framing:  # a document's group heading, no claim
            continue
        if getattr(a, "overview", "") and line == a.overview:  # every piece is a cited clause's own lead
            assert a.overview_pieces and all(f"{p}[{n}]" in line and n in by_n and contained(p, by_n[n])
                                             for p, n in a.overview_pieces), line
            continue
        pieces = _SENT.findall(line)
        assert "".join(s + m for s, m in pieces) == line, f"text outside a cited sentence: {line!r}"
        for sentence, marks in pieces:
            ns = [int(n) for n in re.findall(r"\d+", marks)]
            assert ns and all(n in by_n for n in ns), (sentence, marks)
            assert any(contained(sentence, by_n[n]) for n in ns), f"{sentence!r} is not in clause {ns}"


def test_finance_support_for_macau_enterprises(idx):
    a = ask("澳资企业在合作区发展金融业有哪些支持？", idx)
    assert a.answerable and a.language == "zh-Hans"
    assert cited_ids(a) & {PLAN + "7.3.p3", PLAN + "7.3.p1", PLAN + "6.1.p1"}
    assert "澳资金融机构" in a.text
    assert 1 <= len(a.sentences) <= 12  # a list question: every qualifying sentence up to the cap, not whole clauses
    assert all(len(s.source) < len(a.citation(s.n).clause.text) or len(a.citation(s.n).clause.text) < 80
               for s in a.sentences)
    assert_every_sentence_cited(a)


def test_figure_exact_and_cited(idx):
    a = ask("2029年澳资产业增加值目标是多少", idx)
    assert a.answerable and "90亿元" in a.text
    assert cited_ids(a) & {PLAN + "table2-1.r2", PLAN + "2.3.p1"}
    assert_every_sentence_cited(a)


@pytest.mark.parametrize("question, expected, clause", [
    ("四新产业增加值占GDP比重2029年要达到多少？", "65%", "table2-1.r1"),
    ("合作区坚持什么样的产业准入原则", "“集聚高效、创新高端、绿色低碳、区域协同”", "9.2.p1"),
    ("“澳门注册+横琴生产”模式是怎么安排的？", "“澳门注册+横琴生产”", "7.2.p2"),
    ("截至2024年底累计注册澳资企业多少家", "6681家", "1.1.p1"),
    ("合作区会展项目可以申请哪些国际组织认证", "UFI、ICCA", "5.3.p1"),
])
def test_known_answers(idx, question, expected, clause):
    a = ask(question, idx)
    assert a.answerable, a.notes
    assert expected in a.text
    assert PLAN + clause in cited_ids(a)
    assert_every_sentence_cited(a)


def test_a_section_question_gives_the_section_whole_under_its_headings(idx):
    a = ask("六（三）讲了什么？", idx)
    assert a.mode == "summary"
    assert [c.clause.id for c in a.citations] == [PLAN + f"6.3.p{i}" for i in range(1, 5)]
    # the part's headings first (framing, not a claim), then the overview of its paragraphs' leads, then its text
    lines = a.text.splitlines()
    assert lines[0] == "六、发展现代金融产业 / （三）推动跨境金融创新发展" and a.framing[0] == lines[0]
    assert lines[1].startswith("共提到四项：有序拓展资产跨境转让业务[1]；")
    assert len(a.sentences) == sum(len([s for s in c.clause.text.split("。") if s]) for c in a.citations)


def test_a_part_of_many_sections_is_summarised_by_its_paragraphs_leads(idx):
    a = ask("第七部分讲什么", idx)
    assert a.mode == "summary" and a.text.splitlines()[0] == "七、琴澳产业一体化发展"
    assert a.text.splitlines()[1] == "支持澳门世界旅游休闲中心建设。[1]"
    assert all(s.text == c.clause.lead for s, c in zip(a.sentences, a.citations))
    assert_every_sentence_cited(a)


def test_traditional_question_gets_traditional_display(idx):
    a = ask("截至2024年底，合作區累計註冊了多少家澳資企業？", idx)
    assert a.language == "zh-Hant" and a.answerable
    assert "6681家" in a.text and "澳資" in a.text and "澳资" not in a.text
    clause = a.citations[0].clause
    assert "澳资" in clause.text  # the cited clause text stays as the document has it
    assert a.to_dict()["citations"][0]["text"] == clause.text
    assert_every_sentence_cited(a)


@pytest.mark.parametrize("question, language, figure", [
    ("What is the 2029 target for value added of the modern finance industry?", "en", "110"),
    ("Qual é a meta para o valor acrescentado da indústria financeira moderna em 2029?", "pt", "110"),
])
def test_foreign_questions_get_a_line_in_their_language_then_chinese(idx, question, language, figure):
    a = ask(question, idx)
    assert a.language == language and a.answerable
    assert a.intro and a.text.startswith(a.intro)
    assert ("Plan (产业规划, 2025)" in a.intro) if language == "en" else ("Plano de Desenvolvimento Industrial" in a.intro)
    assert figure in a.text and PLAN + "table2-1.r11" in cited_ids(a)
    assert_every_sentence_cited(a)


@pytest.mark.parametrize("question", [
    "横琴的最低工资标准是多少？",  # replaces the Macau residents' income tax, now answered by 条例第三十七条
    "产业专项资金申报的截止日期是什么时候？",
    "合作区经济发展局的咨询电话是多少？",
    "上海自贸区的跨境电商政策有哪些？",
    "横琴的社保缴费比例是多少",
    "What is the phone number of the Economic Development Bureau?",
    "深圳前海的人才补贴政策是什么？",  # the plan names 深圳前海 as a partner; its rules are not the plan's
    "合作区商事登记窗口的办公地址在哪？",
    "《中华人民共和国民法典》第十条规定了什么？",  # a document that is not indexed (the 条例 now is)
])
def test_out_of_scope_questions_are_refused(idx, question):
    a = ask(question, idx)
    assert not a.answerable
    assert a.citations == [] and "[1]" not in a.text
    assert "已收录文件未对此作出规定" in fold(a.text) or REFUSAL_TEXT.rstrip("。") in a.text
    assert a.related  # offered as related, not as the answer
    d = a.to_dict()
    assert d["answerable"] is False and d["related"] and d["citations"] == []


@pytest.mark.parametrize("question, clause", [
    # worded with words the plan never uses (享受, 方便, 带货, 运作) or naming a part plus a topic; all were refused
    # by the word-list support score before the refusal rework
    ("做跨境电商的公司能享受哪些支持", "5.4.p1"),
    ("澳门居民在横琴用手机支付方便吗", "6.2.p3"),
    ("第八部分第（二）节的人才政策", "8.2.p1"),
    ("合作区的产业基金怎么运作？", "10.4.p1"),
    ("合作区和深圳前海之间会有什么联动？", "9.4.p2"),
    ("Will Hengqin open its roads for self-driving car tests?", "3.3.p1"),
])
def test_paraphrased_questions_are_answered(idx, question, clause):
    a = ask(question, idx)
    assert a.answerable, a.notes
    assert PLAN + clause in cited_ids(a)
    assert_every_sentence_cited(a)


def test_refusal_probe_set(idx):
    """qa/data/refusal_probe.jsonl: questions written to check the refusal rules (not the gold splits)."""
    from eval.calibrate import collect, load_check, score
    from qa.refusal import SUPPORT_THRESHOLD

    figures = score(collect(load_check(str(PROBE)), idx), SUPPORT_THRESHOLD)
    assert figures["answerable"] >= 50 and figures["unanswerable"] >= 40
    assert figures["false_refusal"] <= 0.05, figures["refused_answerable"]
    assert figures["refusal_accuracy"] >= 0.9, figures["answered_unanswerable"]


def test_ask_json_shape(idx):
    d = ask("2029年澳资产业增加值目标是多少", idx).to_dict()
    assert list(d) == ["question", "answer", "answerable", "language", "citations", "related"]
    assert list(d["citations"][0]) == ["n", "clause_id", "citation", "text", "doc_title", "path"]
    assert d["citations"][0]["n"] == 1 and d["citations"][0]["doc_title"].startswith("《")


@pytest.mark.parametrize("ref", ["六（三）", "第六部分第三节", "6.3", "第六部分第（三）节", "六、（三）"])
def test_lookup_styles(idx, ref):
    r = lookup(ref, idx.clauses)
    assert r.kind == "section" and r.code == "6.3"
    assert [c.id for c in r.clauses] == [PLAN + f"6.3.p{i}" for i in range(1, 5)]
    assert r.heading.endswith("（三）推动跨境金融创新发展")
    assert r.clauses[1].citation.endswith("六（三）第2段")


def test_lookup_paragraph_row_part_and_keyword(idx):
    assert [c.id for c in lookup("六（三）第2段", idx.clauses).clauses] == [PLAN + "6.3.p2"]
    assert [c.id for c in lookup("6.3.2", idx.clauses).clauses] == [PLAN + "6.3.p2"]
    assert [c.id for c in lookup("表2-1第2行", idx.clauses).clauses] == [PLAN + "table2-1.r2"]
    whole = lookup("规划第六部分", idx.clauses).clauses
    assert whole[0].id == PLAN + "6.1.p1" and whole[-1].id == PLAN + "6.3.p4" and len(whole) == 12
    both = lookup("第六部分", idx.clauses)  # the 总体方案 has a part 六 too: a bare reference is answered per document
    assert [d["doc_id"] for d in both.documents] == ["hq-master-plan-2021", "hq-industry-2025"] or \
        [d["doc_id"] for d in both.documents] == ["hq-industry-2025", "hq-master-plan-2021"]
    assert [c.id for c in both.clauses if c.doc_id == "hq-industry-2025"] == [c.id for c in whole]
    kw = lookup("EF賬戶", idx.clauses)
    assert kw.kind == "keyword" and {c.id for c in kw.clauses} == {PLAN + "6.3.p4", PLAN + "7.3.p1"}
    with pytest.raises(LookupError_, match="六（十）"):
        lookup("六（十）", idx.clauses)
    with pytest.raises(LookupError_):
        lookup("  ", idx.clauses)


def test_cli_ask_batch_and_cite(idx, tmp_path, monkeypatch, capsys):
    import cli

    s = built_settings()
    monkeypatch.setenv("HQ_BUILD_DIR", str(s.build_dir))
    monkeypatch.setenv("HQ_LLM_BASE_URL", "")
    batch = tmp_path / "q.txt"
    batch.write_text("2029年澳资产业增加值目标是多少\n\n横琴的社保缴费比例是多少\n", encoding="utf-8")
    assert cli.main(["ask", "--batch", str(batch), "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(x) for x in lines)
    assert first["answerable"] and "90亿元" in first["answer"] and not second["answerable"]
    assert cli.main(["cite", "六（三）", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["clause_id"] for c in out["clauses"]] == [PLAN + f"6.3.p{i}" for i in range(1, 5)]
    assert cli.main(["cite", "六（十）"]) == 2
    assert "六（十）" in capsys.readouterr().err
    assert cli.main(["ask", "--batch", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: no such file" in capsys.readouterr().err


def test_citation_check_catches_uncited_or_invented_sentences(idx):
    a = ask("2029年澳资产业增加值目标是多少", idx)
    for bad in (a.text + "\n合作区还将免征个人所得税。[1]", a.text.replace("[1]", ""), a.text.replace("[1]", "[7]")):
        with pytest.raises(AssertionError):
            assert_every_sentence_cited(type(a)(**{**a.__dict__, "text": bad}))


def test_shipped_threshold_follows_the_dev_calibration(idx):
    from eval.gold import load_split
    from eval.calibrate import choose, collect, score, sweep
    from qa.refusal import SUPPORT_THRESHOLD

    rows = collect(load_split("dev"), idx)
    chosen = choose(sweep(rows))
    # re-run `python -m eval.calibrate` and update qa/refusal.py when retrieval, support scoring or the rules change.
    # On the three-document dev split the sweep's best is 0.00 and the shipped 0.20 (which the refusal probe set
    # needs) is within 0.02 balanced accuracy of it: the threshold must stay near the dev optimum, not on it.
    figures = score(rows, SUPPORT_THRESHOLD)
    best = score(rows, chosen["threshold"])
    balanced = lambda f: (f["refusal_accuracy"] + 1 - f["false_refusal"]) / 2  # noqa: E731
    assert balanced(figures) >= balanced(best) - 0.02, (chosen, figures)
    # The lexical fallback alone (no embedder): 16 of the 20 dev unanswerable questions are the rules' and the
    # reference notes'; 4 over the new documents are answered (0.80 at 2026-12-01). The refusal model does better.
    assert figures["refusal_accuracy"] >= 0.8 and figures["false_refusal"] <= 0.05


@pytest.mark.parametrize("question", ["规划里有没有提到发展电竞产业？", "規劃有冇話要喺合作區起遊艇碼頭？"])
def test_a_question_whether_the_documents_mention_a_thing_they_name_is_answered(idx, question):
    # tried and dropped (session 6): refusing such a question when its weightiest thing is named by no cited clause,
    # or by no clause at all, refused an answerable question of an honest set (a paraphrase the documents word
    # otherwise); "does the regulation mention cryptocurrency?" is still answered from the nearest clauses
    a = ask(question, idx)
    assert a.answerable, (a.notes, a.text[:200])
