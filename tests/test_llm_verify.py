"""The LLM path against a local fake chat model (no network, no model): what verification keeps, drops and why."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from ingest.records import Clause
from qa.llm import EXCERPT_CHARS, PROMPT_CHARS, excerpts, llm_answer, messages
from qa.llm_figures import figures, unsupported
from qa.records import Answer
from qa.verify import supports, verify

REG = "《横琴粤澳深度合作区发展促进条例》"
# the regulation's own words (corpus/, article 37 and 49)
TAX = "对合作区内符合国家规定条件的产业企业，减按15%的税率征收企业所得税。对企业符合条件的资本性支出，依照国家规定允许在支出发生当期一次性税前扣除或者加速折旧和摊销。"
TALENT = "在合作区工作的境内外高端人才和紧缺人才，其个人所得税负超过15%的部分，依照国家规定予以免征。"
GOODS = "对合作区内企业生产的不含进口料件或者含进口料件在合作区加工增值达到或者超过30%的货物，经“二线”通道进入内地按照国家规定免征进口关税。"
PLAN = "到2029年，澳资产业增加值达到90亿元，澳门居民在合作区就业人数明显增加。"


def clause(cid: str, text: str, citation: str, path=("第四章 税收",)) -> Clause:
    return Clause(id=cid, doc_id=cid.split("/")[0], doc_title=REG, doc_number="", issuer="", date="", kind="paragraph",
                  path=list(path), path_code="", ordinal=1, lead="", text=text, citation=citation)


CLAUSES = [clause("reg/art37.p1", TAX, f"{REG}第三十七条第一款"),
           clause("reg/art37.p3", TALENT, f"{REG}第三十七条第三款"),
           clause("reg/art49.p3", GOODS, f"{REG}第四十九条第三款", ("第六章 通关",))]


class FakeChat:
    """A chat model object with LangChain's invoke(): replies with fixed text, or raises."""

    def __init__(self, reply: str = "", error: Exception | None = None):
        self.reply, self.error, self.calls = reply, error, []

    def invoke(self, msgs):
        self.calls.append(msgs)
        if self.error is not None:
            raise self.error
        return SimpleNamespace(content=self.reply)


def draft(wants_figure=False, clauses=CLAUSES):
    picks = [SimpleNamespace(clause=c, source=c.text.split("。")[0] + "。") for c in clauses[:2]]
    return SimpleNamespace(picks=picks, related=list(clauses[2:]), query=SimpleNamespace(wants_figure=wants_figure))


def fallback() -> Answer:
    return Answer("q", "减按15%的税率征收企业所得税。[1]", [], True, "zh-Hans", mode="extractive")


SETTINGS = SimpleNamespace(llm_base_url="http://127.0.0.1:9/v1", llm_model="fake", llm_api_key="", llm_timeout=1.0)


def ask(reply="", error=None, wants_figure=False):
    model = FakeChat(reply, error)
    return llm_answer("合作区企业所得税税率是多少？", "zh-Hans", draft(wants_figure), SETTINGS, fallback(), model=model), model


def test_a_wrong_figure_is_rejected_and_the_right_sentence_kept():
    a, model = ask("合作区符合条件的产业企业减按15%的税率征收企业所得税。[1]\n"
                   "高端人才个人所得税负超过25%的部分予以免征。[2]")
    assert len(model.calls) == 1 and a.mode == "llm"
    assert "15%的税率" in a.text and "25%" not in a.text
    assert a.llm["generated"] == 2 and a.llm["kept"] == 1 and a.llm["figures_rejected"] == 1
    assert any("figure 25%" in n for n in a.notes)
    assert [c.clause.id for c in a.citations] == ["reg/art37.p1"]


def test_a_figure_in_words_that_is_right_is_kept():
    a, _ = ask("合作区符合条件的产业企业减按百分之十五的税率征收企业所得税。[1]")
    assert a.mode == "llm" and "百分之十五" in a.text and a.llm["figures_rejected"] == 0
    plan = clause("plan/1.2.p1", PLAN, "《产业规划》一（二）第1段")
    assert supports("到二〇二九年，澳资产业增加值达到九十亿元。", [plan], strict=True)[0]
    assert not supports("到二〇二八年，澳资产业增加值达到九十亿元。", [plan], strict=True)[0]  # a wrong year
    assert not supports("到2029年，澳资产业增加值达到六点二亿元。", [plan], strict=True)[0]  # 6.2亿 is no figure of it


def test_a_marker_pointing_at_a_clause_not_provided_is_rejected():
    a, _ = ask("合作区符合条件的产业企业减按15%的税率征收企业所得税。[7]\n"
               "高端人才和紧缺人才个人所得税负超过15%的部分予以免征。[2][9]\n"
               "加工增值达到或者超过30%的货物进入内地免征进口关税。[3]")
    assert a.mode == "llm" and a.llm["markers_rejected"] == 2 and a.llm["kept"] == 1
    assert "企业所得税" not in a.text and "紧缺人才" not in a.text and "进口关税" in a.text
    # the extractive path's verify keeps a sentence whose other marker is valid (only the bad marker goes)
    v = verify("高端人才和紧缺人才个人所得税负超过15%的部分予以免征。[2][9]", {2: CLAUSES[1]})
    assert [k.markers for k in v.kept] == [[2]]


def test_a_made_up_name_or_code_is_rejected():
    a, _ = ask("根据《横琴个人所得税管理办法》，人才个人所得税负超过15%的部分予以免征。[2]\n"
               "符合条件的企业通过QFLP通道减按15%的税率征收企业所得税。[1]")
    assert a.mode == "extractive" and a.llm["names_rejected"] == 2
    assert any("横琴个人所得税管理办法" in n for n in a.notes) and any("QFLP" in n for n in a.notes)


def test_an_invented_figure_for_an_unanswerable_question_does_not_survive():
    # 社保缴费比例: no clause has it; the model makes one up and dresses it in the clause's words
    a, _ = ask("合作区企业的社保缴费比例为8%。[1]", wants_figure=True)
    assert a.mode == "extractive" and "8%" not in a.text and a.llm["fallback"] == "nothing verified"
    # a figure question whose only kept sentence carries no figure is not answered by the LLM either
    b, _ = ask("对企业符合条件的资本性支出允许一次性税前扣除。[1]", wants_figure=True)
    assert b.mode == "extractive" and b.llm["fallback"] == "no verified figure" and b.llm["kept"] == 1


@pytest.mark.parametrize("error, name", [(TimeoutError("read timed out"), "TimeoutError"),
                                         (ConnectionRefusedError(111, "refused"), "ConnectionRefusedError")])
def test_timeout_or_error_falls_back_to_the_extractive_answer(error, name):
    a, _ = ask(error=error)
    assert a.mode == "extractive" and a.text == fallback().text
    assert a.llm["called"] and a.llm["fallback"] == f"error: {name}"
    assert any(f"LLM unavailable ({name})" in n for n in a.notes)


def test_no_answer_reply_falls_back_and_is_counted():
    a, _ = ask("NO_ANSWER")
    assert a.mode == "extractive" and a.llm["no_answer"] and a.llm["fallback"] == "no answer"


@pytest.mark.parametrize("sentence, source, ok", [
    ("620 million yuan", "6.2亿元", True),
    ("9 billion yuan", "90亿元", True),
    ("6.2亿元", "62亿元", False),
    ("百分之十五", "15%", True),
    ("15%", "15家", False),  # a percentage must be one
    ("二〇二九年", "2029年", True),
    ("第三十七条", "第37条", True),
    ("1,000家", "1000家", True),
    ("30.04亿元", "30.04亿元", True),
    ("30.4亿元", "30.04亿元", False),
])
def test_figures_compare_as_values(sentence, source, ok):
    assert (unsupported(sentence, [source]) == []) is ok


def test_figures_read_scale_and_percent():
    [f] = figures("六点二亿元")
    assert (f.written, f.scaled, f.percent, int(f.value)) == ("6.2", True, False, 620_000_000)
    assert [str(x) for x in figures("2025-2029年，增长15个百分点")] == ["2025", "2029", "15%"]


def test_the_prompt_reads_excerpts_within_budget():
    long_clause = clause("plan/x", "。".join(f"第{i}句话讲的是合作区发展的某一方面的具体措施和安排" for i in range(20)) + "。",
                         "《产业规划》六（一）第1段")
    d = SimpleNamespace(picks=[SimpleNamespace(clause=long_clause, source="第12句话讲的是合作区发展的某一方面的具体措施和安排。")],
                        related=CLAUSES, query=None)
    texts = excerpts([long_clause] + CLAUSES, d)
    assert len(texts[0]) <= EXCERPT_CHARS + 2 and texts[0].startswith("第0句") and "第12句" in texts[0]
    assert sum(map(len, texts)) <= PROMPT_CHARS + EXCERPT_CHARS
    assert texts[1] == TAX  # a clause that fits is given whole
    user = messages("问题？", "zh-Hans", [long_clause] + CLAUSES, texts)[-1].content
    assert "[1] 《产业规划》六（一）第1段" in user and "第19句" not in user


def test_list_numbering_and_bold_are_no_figures():
    a, _ = ask("1. **合作区符合条件的产业企业**减按15%的税率征收企业所得税。[1]\n"
               "2. 高端人才和紧缺人才个人所得税负超过15%的部分予以免征。[2]\n"
               "- 1.5亿元用于补贴加工增值的货物。[3]")
    assert a.mode == "llm" and a.llm["generated"] == 3 and a.llm["kept"] == 2 and a.llm["figures_rejected"] == 1
    assert a.text.startswith("合作区符合条件的产业企业减按15%") and "1.5亿元" not in a.text
