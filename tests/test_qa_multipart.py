"""Questions of several parts: the split by the question's own punctuation, conjunctions and lists (no index),
and answers on the bundled corpus that cite each part's clause, leave one-part answers as they were and add
nothing for a part that finds nothing."""
from __future__ import annotations

import pytest

from qa import answer
from qa.subquestions import parts_of, split
from tests.qa_fixtures import ask, built_index, built_settings


@pytest.mark.parametrize("question, expected", [
    # two question marks; the third part ("、边个任免") has no subject and inherits 执委会主任
    ("管委會主任由邊個做？執委會主任又係點揀出嚟、邊個任免？",
     ["管委會主任由邊個做", "執委會主任又係點揀出嚟", "執委會主任邊個任免"]),
    ("合作区改革失败了会被追责吗？条例有没有容错免责的规定？", ["合作区改革失败了会被追责吗", "条例有没有容错免责的规定"]),
    ("规划对跨境电商有哪些支持，另外物流园区怎么安排？", ["规划对跨境电商有哪些支持", "物流园区怎么安排"]),
    ("Who chairs the management committee? And who appoints the director of the executive committee?",
     ["Who chairs the management committee", "who appoints the director of the executive committee"]),
    ("What does the plan say about yacht tourism, and how will cross-border payments be improved?",
     ["What does the plan say about yacht tourism", "how will cross-border payments be improved"]),
    ("O que diz o plano sobre o turismo e como será apoiado o comércio eletrónico?",
     ["O que diz o plano sobre o turismo", "como será apoiado o comércio eletrónico"]),
    ("O comité de gestão tem dois presidentes? Quem os nomeia?", ["O comité de gestão tem dois presidentes", "Quem os nomeia"]),
])
def test_parts_by_punctuation_and_conjunctions(question, expected):
    assert split(question) == expected
    assert parts_of(question)[1] is False


@pytest.mark.parametrize("question, names", [
    ("規劃成日講「一節兩辦」「一賽兩地」，具體係搞咩活動？", ["一節兩辦", "一賽兩地"]),
    ("规划中关于“澳门监造”“澳门监制”“澳门设计”标志的内容有哪些", ["澳门监造", "澳门监制", "澳门设计"]),
])
def test_quoted_names_are_one_part_each(question, names):
    parts, listed = parts_of(question)
    assert listed and len(parts) == len(names)
    for part, name in zip(parts, names):
        assert name in part and all(other not in part for other in names if other != name)


@pytest.mark.parametrize("question, items", [
    ("总体方案入面，管委会、执委会同广东省派出机构各自负责什么？", ["管委会", "执委会", "广东省派出机构"]),
    ("澳门居民和境内外高端人才在合作区工作，个税优惠有什么不同？", ["澳门居民", "境内外高端人才"]),
    ("协和澳门医学中心同横琴医院在规划里各有什么定位？", ["协和澳门医学中心", "横琴医院"]),  # 协和's 和 joins nothing
])
def test_things_asked_about_each_are_one_part_each(question, items):
    parts, listed = parts_of(question)
    assert listed and len(parts) == len(items), parts
    for part, item in zip(parts, items):
        assert item in part and all(other not in part for other in items if other != item)


@pytest.mark.parametrize("question", [
    "合作区和澳门怎样合作？",  # a list, but not asked about each
    "Guangdong and Macao jointly manage the zone: what does the plan say?",  # "and" inside a noun phrase
    "从澳门经一线运进合作区的货物，还要不要备案？",  # 还 is not another part
    "喺合作區嘅醫院用澳門公立醫院用緊嘅醫療器械，有冇限制？",  # a yes/no tail asks the same thing again
    "A？B？C？D？E？",  # fragments, not questions
    "税率？是多少？几时？去哪里？找谁？",  # more parts than a question has: a list of fragments
    "",
])
def test_one_part_questions_are_not_split(question):
    assert split(question) == ([question] if question else [])


# --- answers on the bundled corpus -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def idx():
    return built_index()


def whole_only(q, idx, monkeypatch):
    """The answer as it was before parts: the whole question's extract alone."""
    import qa.multipart as mp

    monkeypatch.setattr(mp, "parts_of", lambda question, without_names=None: ([question], False))
    return ask(q, idx)


def cited(a) -> set[str]:
    return {c.clause.id for c in a.citations}


def test_each_listed_body_gets_its_own_clause(idx, monkeypatch):
    q = "总体方案入面，管委会、执委会同广东省派出机构各自负责什么？"
    a = ask(q, idx)
    assert a.answerable, a.notes
    before = cited(whole_only(q, idx, monkeypatch))
    assert "hq-master-plan-2021/5.22.p1" in cited(a) - before  # 广东省委和省政府派出机构, the third body
    assert before <= cited(a)  # the whole question's answer stays; the parts add to it


def test_two_kinds_of_people_each_get_their_tax_clause(idx, monkeypatch):
    q = "澳门居民和境内外高端人才在合作区工作，个税优惠有什么不同？"
    a = ask(q, idx)
    assert a.answerable
    ids = cited(a)
    assert "hq-promotion-regulation/ch4.art37.p4" in ids  # Macau residents' tax cap …
    assert ids & {"hq-master-plan-2021/2.11.p1", "hq-promotion-regulation/ch4.art37.p3"}  # … and the talents' 15%
    assert cited(whole_only(q, idx, monkeypatch)) <= ids


@pytest.mark.parametrize("question", [
    "合作区的企业所得税优惠是怎么规定的？",
    "What does the plan say about medical tourism?",
    "协和澳门医学中心在规划里是什么定位？",
])
def test_one_part_question_answers_as_before(idx, monkeypatch, question):
    assert split(question) == [question]
    a = ask(question, idx)
    b = whole_only(question, idx, monkeypatch)
    assert (a.text, cited(a), a.answerable) == (b.text, cited(b), b.answerable)


@pytest.mark.parametrize("question", [
    "管委会主任由谁担任？火星基地的氧气配额怎么申请？",  # a part about nothing the documents hold
    "协和澳门医学中心在规划里是什么定位？总体方案点讲？",  # a part that only names a document
])
def test_a_part_that_finds_nothing_adds_no_clause(idx, monkeypatch, question):
    a = ask(question, idx)
    b = whole_only(question, idx, monkeypatch)
    assert cited(a) == cited(b) and a.answerable == b.answerable


def test_a_refused_question_stays_refused_with_the_same_related_clauses(idx, monkeypatch):
    q = "深圳前海的人才补贴是多少？申请要交什么材料？"
    a = ask(q, idx)
    b = whole_only(q, idx, monkeypatch)
    assert not a.answerable and not b.answerable
    assert [c.id for c in a.related] == [c.id for c in b.related]


@pytest.mark.parametrize("question", [
    "粤澳合作中医药科技产业园要怎么发展？园区的租金补贴是多少钱？",  # no clause states a rent subsidy
    "What does the plan say about the TCM park, and how much is the rent subsidy?",
    "澳门青年在合作区创业能享受哪些政策？创业补贴每人多少钱？",  # policies stated, no amount
    "横琴·澳门青年创业谷二期计划哪一年建成？入驻的澳门青年需要满足什么条件？",  # the conditions are the 二期's, not stated
    "合作区产业投资基金由哪家公司管理？首期规模是多少亿元？",
    "国际青年中医生交流基地设在哪里？每年招收多少名学员？",
])
def test_a_question_refused_for_what_one_part_asks_stays_refused(idx, question):
    """Refused as a whole for a detail no clause states, a question is not answered in the parts a part read alone
    seems to answer: that was right for 1 of 10 such questions of the honest sets (session 16). The clauses on what
    the documents do say stay offered as related, never as the answer."""
    a = ask(question, idx)
    assert not a.answerable and not a.citations
    assert a.related  # the nearest clauses, for the reader to look at


def test_a_part_asking_only_for_the_documents_wording_is_no_part_of_its_own(idx):
    names = idx.without_document_names  # the indexed documents' names, not a list of this corpus' title words
    q = "听说要把横琴跟澳门之间打电话的长途费、漫游费砍掉？总体方案原话怎么说的"
    assert split(q, names) == [q]
    assert len(split("合作区的企业所得税是多少？个人所得税呢？", names)) == 2  # a part with a topic of its own stays
    assert len(split(q)) == 2  # without the names, "总体" of the title is a topic word left


def test_a_part_sharing_only_the_documents_subject_is_not_answered(idx):
    a = answer("澳門人喺合作區買樓有冇限購？首期要幾成？", index=idx, settings=built_settings(), use_llm=False)
    assert not a.answerable  # 限购 and 首期 are nowhere; tax sentences on 澳门居民 in 合作区 answer neither part


def test_each_document_a_question_names_gives_its_own_provision(idx):
    a = answer("Can Macau social-service organisations work in the zone? What do the Overall Plan and the regulation say?",
               index=idx, settings=built_settings(), use_llm=False)
    cited = {c.clause.id for c in a.citations}
    assert "hq-master-plan-2021/3.13.p1" in cited  # 0.017 further from the question than the regulation's article
    assert any(i.startswith("hq-promotion-regulation/ch5.art46") for i in cited)


def test_a_question_naming_two_documents_gets_the_others_restatement_of_the_answer(idx):
    """总体方案（二十九） and 条例第四条第二款 both make the zone a 试验田和先行区: the 条例's restatement is its answer,
    not the weak best of its other clauses (第九条, 第十四条)."""
    a = ask("总体方案和条例分别要求有关部门把合作区作为什么？", idx)
    cited = [c.clause.id for c in a.citations]
    assert {"hq-master-plan-2021/6.29.p1", "hq-promotion-regulation/ch1.art4.p2"} <= set(cited)
    assert not any(c.startswith("hq-promotion-regulation/ch2.art9") for c in cited)
    assert "试验田和先行区" in a.text


@pytest.mark.parametrize("question", [
    "行政復議要喺收到決定之後幾多日之內提出？過咗期仲得唔得？",  # the follow-up shares one character (得) only
    "横琴买新能源车有没有购置补贴？一台能补多少？",  # 车 and 横琴 are no specific words
])
def test_a_part_sharing_one_character_is_not_answered(idx, question):
    assert not ask(question, idx).answerable


def test_a_duration_counted_in_working_days_names_no_heading(idx):
    from qa.sections import heading_section

    assert heading_section("外籍家政人员备案去哪里办？一般几个工作日能批下来？", idx.clauses) is None
    assert not ask("外籍家政人员备案去哪里办？一般几个工作日能批下来？", idx).answerable
