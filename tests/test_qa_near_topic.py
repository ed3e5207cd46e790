"""Near-topic questions of session 9's tuning sets: the detail asked for, the place or name asked about, the year."""
from __future__ import annotations

import pytest

from qa import answer
from qa.asks import institutions, kinds_asked, latin_institutions, other_place, unknown_names
from qa.refusal import asked_years, rule_reason
from qa.text import fold
from tests.qa_fixtures import built_index, built_settings
from tests.test_qa_refusal import PARTNERS, _drafted


@pytest.mark.parametrize("question, kind", [
    ("依產業規劃，「高端和緊缺人才」之認定標準為何？", "conditions"),
    ("《總體方案》對高端人才實行清單管理，列入清單的學歷門檻為何？", "conditions"),
    ("调解协议在什么条件下可以向法院申请强制执行？", "conditions"),
    ("澳門品牌工業企業申請進駐琴澳創新產業園，須檢附哪些申請文件？", "documents"),
    ("规划提出建设的数据跨境服务中心由哪个部门牵头负责？", "office"),
    ("於合作區開辦跨境商業醫療保險業務，須經哪一監管機關核准？", "office"),
    ("合作區執行委員會指定哪一個工作機構相對集中行使行政處罰權？", "office"),
    ("想喺合作區開澳門子弟學校，要去邊度申請？", "office"),
    ("What is the term of office of the directors of the Management Committee?", "duration"),
    ("What investment threshold makes a project count as a major project?", "limit"),
    ("於珠海市人民醫院掛號，應如何透過網路預約？", "procedure"),
    ("合作區產業投資基金之總規模為若干億元？", "sum"),
    ("在合作区仲裁机构申请商事仲裁，仲裁费按争议标的额怎么收取？", "money"),
    ("Qual foi o montante do subsídio do governo central atribuído à zona?", "money"),
    ("How often must the Management Committee hold plenary meetings, and what quorum is needed?", "frequency"),
    ("这份负面清单具体列了哪些商品？", "contents"),
    ("条例说土地出让收入扣除成本后共享，这里的“成本”具体包括哪些项目？", "contents"),
    ("合作區管委會實行雙主任制，兩個主任係邊個擔任㗎？", "chair"),  # which offices hold it, not a name
])
def test_kinds_asked_of_session_9_phrasings(question, kind):
    assert kind in [k.name for k in kinds_asked(question)]


@pytest.mark.parametrize("question, kind", [
    ("合作區管委會實行雙主任制，兩個主任係邊個擔任㗎？", "person"),
    ("合作区重点发展哪些产业？", "contents"),  # a list question: any sentence naming the industries answers
    ("规划的标准是什么？", "conditions"),  # 标准 alone is no criterion asked for
])
def test_kinds_not_asked(question, kind):
    assert kind not in [k.name for k in kinds_asked(question)]


@pytest.mark.parametrize("question, cited, place", [
    ("喺南沙返工嘅澳門居民，個人所得稅係咪都係超過澳門稅負嗰部分免徵？", "", "南沙"),  # people working there
    ("横琴合作区“四新”产业增加值比深圳前海高多少？", PARTNERS, "深圳"),  # the place compared with
    ("河套深港科技创新合作区的总面积是多少平方公里？", PARTNERS, "河套"),  # its own zone, a partner in the text
    ("总体方案允不允许珠海为了合作区对法律法规作变通？", "允许珠海立足合作区改革创新实践需要作变通规定。", ""),
    ("Quantas empresas de capital de Macau estão registadas em Nansha?", "", "南沙"),
    ("在合作区工作的澳门居民个税怎么算？", "", ""),
    ("前海深港现代服务业合作区的企业所得税优惠是什么？", PARTNERS, "前海"),  # 服 inside a zone's name links nothing
])
def test_other_place_of_session_9_phrasings(question, cited, place):
    assert other_place(question, [cited]) == place


def test_named_institutions_the_collection_never_names():
    text = fold("支持澳门公立医院在合作区开展合作，澳门大学横琴校区实行封闭管理，横琴医院提供服务。")
    contains = lambda s: s in text
    assert institutions(fold("於珠海市人民醫院掛號，應如何預約？"), contains) == ["珠海市人民医院"]
    assert institutions(fold("澳门大学横琴校区有什么安排？"), contains) == []  # named by the documents
    assert institutions(fold("个仔想喺橫琴入幼稚園"), contains) == []  # a kind after a verb, not a name
    assert institutions(fold("喺横琴读大学"), contains) == []
    assert institutions(fold("澳门那边医院已经在用的药，这里能用吗"), contains) == []  # "the hospitals over there"
    assert latin_institutions("Como se marca uma consulta no Hospital Kiang Wu em Macau?") == ["Hospital Kiang Wu"]
    assert latin_institutions("Can students of the University of Macau cross?") == []
    assert unknown_names("於珠海市人民醫院掛號，應如何預約？", contains, lambda g: g in text) == ["珠海市人民医院"]


@pytest.mark.parametrize("question, years", [
    ("No Plano Geral de 2021, a que taxa é cobrado o imposto?", []),  # the document's year
    ("Under the 2021 Master Plan, above what rate is the tax exempted?", []),
    ("2021年总体方案规定的税率是多少？", []),
    ("2021年總體方案規定嘅稅率係幾多？", []),  # Traditional Chinese names the document too
    ("规划2029年目标是多少？", ["2029"]),  # the year asked for
    ("表2-1里出入境人次2027年的阶段性目标是多少？", ["2027"]),
    ("《产业规划（2025-2029年）》里2024年的增加值是多少？", ["2024"]),
])
def test_a_year_naming_a_document_is_not_asked_for(question, years):
    assert asked_years(question) == years


def test_contents_are_answered_only_by_an_enumerating_sentence():
    question = "土地出让收入扣除成本后再分，这里的“成本”具体包括哪些项目？"
    share = "合作区国有土地使用权出让收入扣除成本后由合作区与珠海市均等共享。"
    assert "what it consists of" in rule_reason(_drafted(question, [share]))
    listed = "前款所称成本包括征地拆迁补偿、土地开发和前期工作费用等。"
    assert rule_reason(_drafted(question, [share, listed])) == ""


def test_a_figure_of_a_named_year_must_be_for_that_year():
    question = "2023年中央财政给合作区的补助是多少钱？"
    by_reference = "中央财政对合作区给予补助，补助数额不超过中央财政在合作区的分享税收。"
    assert "2023" in rule_reason(_drafted(question, [by_reference]))
    assert rule_reason(_drafted("中央财政给合作区的补助是多少钱？", [by_reference])) == ""


@pytest.fixture(scope="module")
def idx():
    return built_index()


@pytest.mark.parametrize("question, refused", [
    ("From what date has the Hengqin Cooperation Zone Development Promotion Regulation been in force?", False),
    ("No Plano Geral de 2021, a que taxa é cobrado o imposto sobre o rendimento das empresas elegíveis da zona?", False),
    # an absent topic: the rule flags 数字人民币 (no document names it), but the reader is confident (logit 2.7) about
    # the cross-border payment sentences shown, and the stacked refusal model lets it outweigh the flag — a known
    # loss of session 11's refit (qa/CALIBRATION.md); strict, so a fix shows up here
    pytest.param("规划有没有提出在合作区开展数字人民币跨境支付试点？", True,
                 marks=pytest.mark.xfail(strict=True, reason="the reader outweighs the unknown-name flag")),
    ("横琴合作区“四新”产业增加值比深圳前海高多少？", True),
    ("合作区产业投资基金的总规模是多少亿元？", True),  # the table's 亿元 are other indicators'
])
def test_session_9_questions_end_to_end(idx, question, refused):
    ans = answer(question, index=idx, settings=built_settings(), use_llm=False)
    assert ans.answerable is not refused
    if question.startswith("From what date"):
        assert "2023年3月1日" in ans.text
