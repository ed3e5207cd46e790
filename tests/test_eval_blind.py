"""eval.blind: an honest set's misses counted by category, never by question text."""
from types import SimpleNamespace

from eval.blind import misses
from eval.gold import GoldItem


def _item(qid, question, answerable, language="zh-Hans", doc=("hq-industry-2025",)):
    return GoldItem(qid, question, language, "fact" if answerable else "unanswerable", ["c1"] if answerable else [],
                    ["x"] if answerable else [], ["x"] if answerable else [], answerable, doc=list(doc))


def test_misses_are_counted_by_kind_asked_and_carry_no_question_words():
    items = [_item("a", "合作区的租金补贴每平方米补多少钱？", False),       # answered: a miss, asks money
             _item("b", "规划对数字经济有什么安排？", False),               # refused: no miss
             _item("c", "规划第五部分讲什么？", True, language="zh-Hant"),  # refused though answerable: a miss
             _item("d", "四新产业有哪些？", True)]                           # answered: no miss
    answered = {"合作区的租金补贴每平方米补多少钱？", "四新产业有哪些？"}
    answer_fn = lambda q: SimpleNamespace(answerable=q in answered)
    draft_fn = lambda q: SimpleNamespace(query=SimpleNamespace(wants_figure="多少" in q, wants_date=False),
                                         restricted="部分" in q, mode="summary" if "部分" in q else "extractive")
    found = misses(items, answer_fn, draft_fn)
    assert found["unanswerable answered"] == {("zh-Hans", "unanswerable", "hq-industry-2025", "money", "figure", "-", "model"): 1}
    assert found["answerable refused"] == {("zh-Hant", "fact", "hq-industry-2025", "no kind", "-", "-", "within a part"): 1}
    words = " ".join(" ".join(cat) for c in found.values() for cat in c)
    assert "租金" not in words and "第五部分" not in words


def test_the_path_names_how_the_answer_was_decided():
    from eval.blind import path
    assert path(SimpleNamespace(mode="summary", restricted=False)) == "part summary"
    assert path(SimpleNamespace(mode="summary", restricted=True)) == "within a part"
    assert path(SimpleNamespace(mode="extractive", restricted=False)) == "model"
