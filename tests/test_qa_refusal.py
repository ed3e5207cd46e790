"""Refusal rules without an index: kinds of information asked for, other places, articles, paraphrase words."""
from __future__ import annotations

import pytest

from ingest.records import Clause
from qa.asks import KINDS, has_kind, kinds_asked, missing_articles, other_place, unknown_names
from qa.compose import Draft, Pick
from qa.refusal import SUPPORT_THRESHOLD, refuse, rule_reason
from qa.support import Stats, analyse, coverage, evidence_scale, is_thing, latin_thing, unknown

PARTNERS = "促进珠江口东西两岸融合互动，深化与香港—深圳极点联动发展，加强与深圳前海、河套在现代服务业等领域合作。"


def clause(text: str, cid: str = "d/9.4.p2") -> Clause:
    return Clause(id=cid, doc_id="d", doc_title="《测试》", doc_number="", issuer="", date="", kind="paragraph",
                  path=["九、空间", "（四）联动"], path_code="9.4", ordinal=2, lead="", text=text,
                  citation="《测试》九（四）第2段")


def draft(question: str, text: str = PARTNERS, support: float = 0.9, mode: str = "extractive") -> Draft:
    c = clause(text)
    return Draft([Pick(c, text, text, 0, 1.0)], support, mode, question=question)


@pytest.mark.parametrize("question, kinds", [
    ("合作区经济发展局的咨询电话是多少？", ["phone"]),
    ("Qual é o número de telefone do gabinete?", ["phone"]),
    ("Can Macau residents pay with their phone wallets in the zone?", []),  # mobile payment, not a number
    ("Which phone number should I call about the EF account?", ["phone"]),
    ("What is the address of the office?", ["address"]),
    ("經濟發展局嘅辦公時間係幾點到幾點？", ["hours"]),
    ("办理营业执照要几个工作日？", ["duration"]),
    ("申请澳资企业认定的截止日期是哪天？", ["day"]),
    ("When is the deadline to apply for the housing subsidy?", ["day"]),
    ("高端人才住房補貼每月可以領幾多錢？", ["money"]),
    ("How much does it cost to rent a flat in Hengqin?", ["money"]),
    ("What is the VAT rate on cross-border e-commerce imports?", ["rate"]),
    ("澳门居民在合作区工作，个人所得税按什么税率缴纳？", ["rate"]),
    ("申请产业专项资金需要提交哪些材料？", ["documents"]),  # what to hand in, apart from the steps
    ("想申请进产业园，要准备哪些材料，找哪个窗口办？", ["address", "documents"]),  # the window is where to go
    ("办理工作许可的流程是怎样的？", ["procedure"]),  # the steps of a process, in each language
    ("What are the steps to register a company?", ["procedure"]),
    ("Quais são os passos para abrir uma empresa?", ["procedure"]),
    ("What steps does the plan take to attract talent?", []),  # measures, not an application's steps
    ("注册资本最低要多少？", ["limit"]),
    ("Who is the director of the Economic Development Bureau?", ["person"]),
    ("而家管理委員會嘅常務副主任係邊位？", ["person"]),  # 边位: Cantonese "who"
    ("產業規劃實施領導小組嘅組長係邊位？叫咩名？", ["person"]),  # any office title: 组长, 会长, 秘书长 …
    ("违反条例的话罚款是多少？", ["money", "penalty"]),
    ("What fine does the regulation set for exporting data without approval?", ["penalty"]),
    ("Qual é a multa por não registar a empresa?", ["penalty"]),
    ("合作区执行委员会现任主任叫什么名字？", ["person"]),
    ("What is the name of the current director of the Executive Committee?", ["person"]),
    ("Qual é a taxa de IVA na segunda linha?", ["rate"]),
    ("横琴的出租车起步价是多少？", ["money"]),
    ("管委会由谁来当主任？", ["chair"]),  # the offices that hold it answer it (f03): see the test below
    ("这个产业园叫什么名字？", []),  # a name that is no office holder's
    # questions about measures, not about a kind of information the plan lacks
    ("中小微企业融资费用有补贴吗", []),
    ("合作区要提供哪些服务", []),
    ("How does the plan address talent shortages?", []),
    ("How much value added will modern finance reach by 2029?", []),
    ("Quais são as medidas de longo prazo?", []),
    ("这份规划是哪天印发的", ["day"]),
    ("这个规划管到哪一年", []),
    # a year answers "until when" (2024年前): the day kind asks for a calendar day only (f02 of fresh-2026-12-01f)
    ("Until when does the management committee keep all investment returns?", []),
    ("Até quando ficam os lucros do investimento com a comissão de gestão?", []),
    ("2029年澳资产业增加值目标是多少亿元", ["sum"]),  # a sum in units wants a figure with 亿 in a cited sentence
    ("中央财政每年给合作区的补助具体是多少亿？", ["money", "sum"]),
    ("合作区有多少万人", []),  # a number of people, not a sum
    ("合作区给澳门青年创业的启动资金是多少？", ["money"]),
    ("在横琴开一家餐厅要办哪些证？", ["documents"]),  # the licences to obtain
    ("總體方案講嘅封關運作係邊日開始？", ["day"]),  # 边日: Cantonese "which day"
])
def test_kinds_asked(question, kinds):
    assert [k.name for k in kinds_asked(question)] == kinds


def test_kind_evidence_is_the_kind_itself_not_any_number():
    phone, money = (next(k for k in KINDS if k.name == n) for n in ("phone", "money"))
    assert not has_kind(phone, ["《横琴粤澳深度合作区产业发展规划（2025-2029年）》", "“四新”企业实有31685家"])
    assert has_kind(phone, ["咨询电话：0756-8841234"]) and has_kind(phone, ["Tel. 2888 1234"])
    assert not has_kind(money, ["澳资产业增加值2029年为90亿元", "规模以上工业增加值"])
    assert has_kind(money, ["每月发放住房补贴3000元"])


@pytest.mark.parametrize("question, cited, place", [
    ("深圳前海的人才补贴政策是什么？", PARTNERS, "深圳"),  # named by the plan as a partner: still not its rules
    ("上海自贸区的跨境电商政策有哪些？", PARTNERS, "上海"),
    ("河套合作区的科研设备通关怎么办？", PARTNERS, "河套"),  # 合作区 here is Hetao's, not the zone
    ("What is the corporate income tax rate in Nansha?", PARTNERS, "南沙"),
    ("Quais são as regras de Xangai para o comércio eletrónico?", PARTNERS, "上海"),
    ("新加坡有什么经验", PARTNERS, "新加坡"),  # the cited clauses never name it
    ("合作区和深圳前海之间会有什么联动？", PARTNERS, ""),  # the zone is the subject
    ("与珠海怎么联合招商", PARTNERS, ""),  # a partner of the implied zone
    ("香港—深圳极点联动发展是怎么回事", PARTNERS, ""),  # the plan's own wording, no rules asked for
    ("Does the plan say anything about Hong Kong?", PARTNERS, ""),
    ("中医药广东省实验室现在是什么情况", "", ""),  # Guangdong co-builds the zone
    ("南沙自贸区对澳门企业有什么税收优惠？", PARTNERS, "南沙"),  # that zone's rules for Macau firms
    ("前海合作区对澳门青年有什么补贴政策？", PARTNERS, "前海"),
    ("珠海市对澳门居民有什么安排？", PARTNERS, ""),  # a city by name is the zone's partner as often
    ("深圳前海對澳門青年創業有咩補貼同資助？", PARTNERS, "深圳"),  # opens with the place, asks for its rules
    ("请问深圳前海对过去创业的澳门青年有啥租金补贴？", PARTNERS, "深圳"),
    ("合作区和深圳前海对澳门青年的补贴有什么不同？", PARTNERS, ""),  # the zone is named too
])
def test_other_place_as_subject(question, cited, place):
    assert other_place(question, [cited]) == place


def test_articles_must_be_quoted_by_a_cited_clause():
    cited = ["落实《横琴粤澳深度合作区发展促进条例》，根据需要适时制定有关地方性法规。"]
    assert missing_articles("横琴粤澳深度合作区发展促进条例第十条规定了什么？", cited) == ["第十条"]
    assert missing_articles("条例第十条", ["第十条 合作区……"]) == []
    assert missing_articles("条例规定了什么", cited) == []
    # an English or Portuguese article number is found in a cited clause's Chinese label
    label = ["《横琴粤澳深度合作区发展促进条例》第三十七条第三款"]
    assert missing_articles("What does article 37(3) of the regulation say?", label) == []
    assert missing_articles("O que diz o artigo 37.º?", label) == []
    assert missing_articles("What does article 12 of the Civil Code say?", label) == ["article 12"]


def test_paraphrase_words_are_not_things():
    assert not is_thing("享受") and not is_thing("方便") and not is_thing("厂来")  # verb, adjective, glued piece
    assert is_thing("税率") and is_thing("电话") and is_thing("公积金")
    assert not latin_thing("monitored") and not latin_thing("incluindo") and latin_thing("phone")


def test_unknown_verbs_count_neither_way_unknown_nouns_count_as_missing():
    c1 = clause("支持跨境电商做大做强，加快专业园区建设。", "d/5.4.p1")
    c2 = clause("鼓励金融机构提供融资支持。", "d/7.3.p3")
    stats = Stats([c1, c2])
    text = stats.folded[c1.id]
    verb = analyse("跨境电商能享受哪些支持", stats)
    assert [c.label for c in unknown(verb, stats)] == ["享受"]
    assert coverage(verb, text) < 0.6 and coverage(verb, text) * evidence_scale(verb, stats) == pytest.approx(1.0)
    noun = analyse("跨境电商的税率", stats)
    assert [c.label for c in unknown(noun, stats)] == ["税率"]
    assert evidence_scale(noun, stats) == 1.0 and coverage(noun, text) < 0.5


def test_a_post_held_by_named_offices_is_no_request_for_a_persons_name():
    # "who holds the post" is answered by the offices that hold it (由广东省省长和澳门特别行政区行政长官共同担任),
    # not by a clause setting the body up ("成立合作区安全生产委员会"): the kind "chair"
    person = next(k for k in KINDS if k.name == "person")
    chair = next(k for k in KINDS if k.name == "chair")
    offices = ["合作区管理委员会实行双主任制，由广东省省长和澳门特别行政区行政长官共同担任。"]
    assert [k.name for k in kinds_asked("合作區管理委員會由邊個擔任主任？")] == ["chair"]
    assert [k.name for k in kinds_asked("Who chairs the zone's work safety committee?")] == ["chair"]
    assert has_kind(chair, offices) and not has_kind(chair, ["合作区执行委员会应当会同广东省派出机构成立合作区安全生产委员会。"])
    assert [k.name for k in kinds_asked("合作区管委会主任是谁？")] == ["person"]
    assert not has_kind(person, offices) and has_kind(person, ["经济发展局局长张三同志出席。"])


def test_quoted_names_and_editions_the_collection_never_mentions():
    corpus = ["实施好合作区企业所得税优惠目录、鼓励类产业目录。", "落实《横琴粤澳深度合作区发展促进条例》。"]
    stats = Stats([clause(t, f"d/{i}") for i, t in enumerate(corpus)])

    def names(q):
        return unknown_names(q, lambda s: any(s in t for t in stats.folded.values()), stats.present)

    assert names("企业所得税优惠目录（2021版）里列了哪些产业？") == ["2021版"]
    assert names("《横琴条例》规定了什么？") == []  # most of its character pairs are in the 条例's title
    assert names("《前海跨境金融管理办法》怎么说？") == ["前海跨境金融管理办法"]
    assert names("企业所得税优惠目录里列了哪些产业？") == []
    d = draft("企业所得税优惠目录（2021版）里列了哪些产业？", corpus[0])
    d.unknown_names = ["2021版"]
    assert "2021版" in rule_reason(d)


def test_rule_reasons_and_threshold():
    assert "phone number" in rule_reason(draft("合作区经济发展局的咨询电话是多少？"))
    assert rule_reason(draft("合作区经济发展局的咨询电话是多少？", "经济发展局咨询电话：0756-8841234。")) == ""
    assert "深圳" in refuse(draft("深圳前海的人才补贴政策是什么？"))
    assert refuse(draft("合作区和深圳前海之间会有什么联动？")) == ""
    assert "第十条" in refuse(draft("发展促进条例第十条规定了什么？"))
    assert refuse(draft("深圳前海的人才补贴政策是什么？", mode="summary")) == ""  # a named part is summarised
    low = draft("合作区和深圳前海之间会有什么联动？", support=SUPPORT_THRESHOLD - 0.01)
    assert "threshold" in refuse(low) and refuse(low, threshold=0.0) == ""
    assert "no sentence" in refuse(Draft([], 1.0, "extractive", question="随便问问"))


def test_every_lexicon_entry_carries_its_reason(tmp_path, monkeypatch):
    import index.lexicon as L

    rows = [line.split("\t") for line in L.LEXICON.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert rows and all(len(r) == 3 and r[2].split(":")[0] in {"figures", "wording", "place"} for r in rows)
    bad = tmp_path / "lexicon.tsv"
    bad.write_text("phone|telephone\t电话\n", encoding="utf-8")
    monkeypatch.setattr(L, "LEXICON", bad)
    L.entries.cache_clear()
    try:
        with pytest.raises(L.LexiconError, match=r"lexicon.tsv:1: .*reason"):
            L.entries()
    finally:
        L.entries.cache_clear()


def test_an_amount_set_by_reference_is_an_amount_and_a_count_in_numerals_a_figure():
    from qa.text import has_count

    money = next(k for k in KINDS if k.name == "money")
    assert has_kind(money, ["补助数额不超过中央财政在合作区的分享税收"])
    assert not has_kind(money, ["中央财政对合作区给予补助"])
    q = "中央财政给合作区的补助，数额最多能到多少？"
    text = "中央财政对合作区给予补助，补助数额不超过中央财政在合作区的分享税收。"
    c = clause(text)
    d = Draft([Pick(c, text, text, 0, 1.0)], 0.9, "extractive", query=analyse(q, Stats([c])), question=q)
    assert d.query.wants_figure and rule_reason(d) == ""
    size = "合作区面积是多少平方公里？"  # asks a figure, no kind: without a figure cited the figure rule applies
    plain = Draft([Pick(c, text, text, 0, 1.0)], 0.9, "extractive", query=analyse(size, Stats([c])), question=size)
    assert "figure" in rule_reason(plain)
    bare = "中央财政对合作区给予补助。"  # an amount asked for, none stated either way
    b = clause(bare)
    d = Draft([Pick(b, bare, bare, 0, 1.0)], 0.9, "extractive", query=analyse(q, Stats([b])), question=q)
    assert "amount of money" in rule_reason(d)
    assert has_count("打造四大片区") and has_count("两个市场") and has_count("百分之十五") and has_count("30%")
    assert not has_count("建设一批基地") and not has_count("打造一个平台") and not has_count("一国两制")


def test_a_sum_in_units_is_not_answered_by_an_amount_set_by_reference():
    """"多少亿" asks for figures: "补助数额不超过中央财政在合作区的分享税收" says how much, not how many 亿 (fresh e33)."""
    q = "中央财政每年给合作区的补助具体是多少亿？"
    text = "中央财政对合作区给予补助，补助数额不超过中央财政在合作区的分享税收。"
    c = clause(text)
    d = Draft([Pick(c, text, text, 0, 1.0)], 0.9, "extractive", query=analyse(q, Stats([c])), question=q)
    assert "amount in figures" in rule_reason(d)
    stated = "到2029年，澳资产业增加值达到90亿元。"
    s = clause(stated)
    ok = Draft([Pick(s, stated, stated, 0, 1.0)], 0.9, "extractive", query=analyse(q, Stats([s])), question=q)
    assert "amount in figures" not in rule_reason(ok)


@pytest.mark.parametrize("question, text, counter", [
    ("合作区有多少所澳门子弟学校？", "鼓励在合作区内开办澳门子弟学校、子弟班。", "所"),
    ("合作区有多少所澳门子弟学校？", "已开办澳门子弟学校3所。", ""),
    ("截至2024年底累计注册了多少家澳资企业？", "澳资企业达6418家。", ""),
    ("规划提出建设几个片区？", "打造四大片区。", ""),  # 个 is any counting word
    ("想在合作区设一只可以用好几种货币的创投基金，怎么说？", "支持设立多币种创业投资基金。", ""),  # 好几: several
    ("引进了多少名高端人才？", "引进高端人才120人。", ""),
])
def test_a_count_is_answered_only_by_a_number_of_the_things_counted(question, text, counter):
    from qa.asks import uncounted

    assert uncounted(question, [text]) == counter


@pytest.mark.parametrize("question, wants", [
    ("Under the Overall Plan, how are goods treated when they come from the Mainland?", False),  # a conjunction
    ("When will the metro reach the zone?", True),
    ("By when must firms register?", True),
    ("O Plano Geral indica em que ano o metro ligeiro vai chegar?", True),
    ("Quando é que o plano entra em vigor?", True),
    ("As mercadorias, quando chegam à zona, pagam IVA?", False),
    ("轻轨几时通车？", True),
])
def test_when_asks_for_a_date_only_as_a_question_word(question, wants):
    assert analyse(question, Stats([clause("合作区。")])).wants_date is wants


def test_a_year_is_no_quantity():
    from qa.text import has_quantity

    assert not has_quantity("2024年前投资收益全部留给合作区管理委员会支配。")
    assert has_quantity("澳资企业6681家。") and has_quantity("打造四大片区") and has_quantity("比重约65%")


@pytest.mark.parametrize("question, figure", [
    ("我们公司招了几个外籍员工，合作区容许请外籍家政吗？", False),  # 几 after a completed action: "a few"
    ("請咗幾個人才，佢哋可唔可以喺合作區工作？", False),
    ("可以用好几种货币吗？", False),  # 好几: several
    ("你们招了几个人？", True),  # the clause asks
    ("我们公司在合作区，想多招几个澳门年青人，总体方案有啥说法？", False),  # 几 of what one wants to do: "a few"
    ("合作区要建几个片区？", True),  # wanted, but the clause asks
    ("合作区有几家澳资银行？", True),
    ("澳资企业有多少家？", True),
])
def test_ji_as_a_few_asks_no_figure(question, figure):
    assert analyse(question, Stats([clause("合作区。")])).wants_figure is figure


def test_a_penalty_question_is_refused_by_a_clause_naming_who_imposes_penalties():
    penalty = next(k for k in KINDS if k.name == "penalty")
    assert not has_kind(penalty, ["合作区执行委员会在职权范围内可以明确一个工作机构相对集中行使行政处罚权并向社会公布。"])
    assert has_kind(penalty, ["处五万元以下罚款"]) and has_kind(penalty, ["责令停产停业"])


def test_an_amount_or_rate_must_be_stated_of_what_is_asked():
    """15% is the enterprise income tax rate, no VAT rate; the central subsidy's ceiling is no rent subsidy."""
    rate = next(k for k in KINDS if k.name == "rate")
    money = next(k for k in KINDS if k.name == "money")
    eit = ["对合作区内符合国家规定条件的产业企业，减按15%的税率征收企业所得税。"]
    assert not has_kind(rate, eit, "喺合作區開公司，增值稅稅率係幾多？")
    assert has_kind(rate, eit, "合作区企业所得税税率是多少")
    assert has_kind(rate, eit)  # no question: any rate
    # a burden set by reference answers the rate of that tax
    assert has_kind(rate, ["对在合作区工作的澳门居民，其个人所得税负超过澳门税负的部分予以免征。"],
                    "在合作区工作的澳门居民个人所得税税负是多少？")
    central = ["补助数额不超过中央财政在合作区的分享税收。"]
    assert not has_kind(money, central, "澳资企业在合作区租厂房，租金补贴每平米补多少？")
    assert has_kind(money, central, "中央财政对合作区的补贴有多少")  # 补助 answers 补贴: one family of grants
    assert has_kind(money, ["厂房租金补贴每平方米每月20元。"], "租金补贴每平米补多少？")


@pytest.mark.parametrize("question", [
    "产业规划实施领导小组的组长具体是哪位领导？",  # words between the title and who
    "Como se chama a pessoa que dirige o grupo de liderança para a implementação do plano industrial?",
])
def test_a_persons_name_is_asked_whatever_stands_between_post_and_who(question):
    assert "person" in [k.name for k in kinds_asked(question)]


@pytest.mark.parametrize("text, shown, question", [
    # a procedure elsewhere in the clause is not the one asked for
    ("允许使用“澳门监造”标志。研究简化澳门中成药上市审批流程。", "允许使用“澳门监造”标志。", "申请用“澳门监造”标志要走什么流程？"),
    # a plan's issue date is no deadline
    ("经备案后在合作区提供服务。本规划2025年6月30日印发。", "经备案后在合作区提供服务。",
     "Qual é o prazo para um arquiteto de Macau concluir o registo?"),
])
def test_a_procedure_or_a_day_must_be_in_a_given_sentence(text, shown, question):
    """rule() reads the picks' own sentences for these kinds, not the whole cited clause."""
    from qa.refusal import MISSING, rule

    c = Clause(id="d/4.1.p1", doc_id="d", doc_title="《测试规划》", doc_number="", issuer="", date="",
               kind="paragraph", path=["四、中医药"], path_code="4.1", ordinal=1, lead="", text=text,
               citation="《测试规划》四（一）")
    draft = Draft([Pick(c, shown, shown.rstrip("。"), 0, 1.0)], 0.5, "extractive", question=question)
    assert rule(draft)[0] == MISSING


@pytest.mark.parametrize("question, kind", [
    ("合作区经济发展局的咨询电话是多少？", "phone"),
    ("行政服务中心电话几多号", "phone"),
    ("有冇电话可以打去问？", "phone"),
    ("听说要把横琴跟澳门之间打电话的长途费、漫游费砍掉？", None),  # a call's charges, no number asked
    ("How much cash does a high-level talent get as a relocation grant under the regulation?", "money"),
    ("高端人才个税优惠那个清单，年薪要到多少才能进？", "money"),
    ("How do I open an EF account in Hengqin?", "procedure"),
    ("How can we get support for R&D?", None),  # what support exists: answered by measures
])
def test_kinds_asked_of_new_phrasings(question, kind):
    names = [k.name for k in kinds_asked(question)]
    assert (kind in names) if kind else not names


def test_a_topic_the_collection_never_names_is_found_in_any_language():
    from qa.asks import absent_topics

    never = lambda s: False  # noqa: E731 - no clause holds it
    for q in ("Does the industry plan say anything about casinos or gaming in Hengqin?",
              "O plano industrial prevê casinos ou jogos de fortuna e azar em Hengqin?",
              "合作區嘅文件有冇講過博彩業之後點發展？"):
        assert absent_topics(q, never) == ["博彩"], q
    assert absent_topics("合作区有没有提到博彩业？", lambda s: s == "博彩") == []  # a corpus naming it answers
    assert absent_topics("O plano industrial menciona os Jogos Nacionais da China?", never) == []


@pytest.mark.parametrize("question, kind", [
    ("想在合作区办一所澳门子弟学校，需要满足哪些办学条件？", "conditions"),
    ("申請「澳門新街坊」嘅單位要符合咩資格？", "conditions"),
    ("Who is eligible for the talent housing scheme?", "conditions"),
    ("Quais são os requisitos para abrir uma clínica na zona?", "conditions"),
    ("中小微企业贷款，融资费用补贴能补到百分之几？", "percentage"),
    ("What percentage of the rent is covered?", "percentage"),
    ("消费博览会的报名网址是什么？", "website"),
    ("Where can exhibitors register online, and what is the website?", "website"),
    ("合作区企业所得税跟澳门的所得补充税比，哪边更低？", "comparison"),
    ("Qual é a validade dos vistos de entradas múltiplas para as feiras?", "duration"),
    ("在合作区被查出走私，会被罚多少钱、怎么处罚？", "penalty"),
    ("Qual é a taxa de reembolso do IVA para mercadorias vindas do Interior?", "rate"),
    ("澳门个人经营者办经营备案，要去哪个窗口办？", "address"),
    ("截至2024年底，喺園區入面嘅澳門青創企業有幾多間？", None),  # a count (qa.asks.uncounted), no kind
    ("外地投资者来合作区开公司，对股权占比这类限制会不会放开？", None),  # whether limits go, not a share
])
def test_kinds_asked_of_near_topic_details(question, kind):
    names = [k.name for k in kinds_asked(question)]
    assert (kind in names) if kind else not names


def test_a_yes_no_question_naming_a_share_asks_no_figure():
    from qa.support import asks_figure
    from qa.text import fold

    assert not asks_figure(fold("外地投资者来合作区开公司，对股权占比这类限制会不会放开？"))
    assert asks_figure(fold("外资股权占比最高可以到多少？"))
    assert asks_figure(fold("服务业增加值比重是多少"))


def test_a_count_in_jian_is_answered_by_a_number_of_firms():
    from qa.asks import uncounted

    q = "截至2024年底，喺園區入面嘅澳門青創企業有幾多間？"
    assert uncounted(q, ["园区累计孵化澳门青年创业项目303家。"]) == ""
    assert uncounted(q, ["截至2024年底，合作区建成一批创业园区。"]) == "间"


def _drafted(question: str, texts: list[str], background: list[str] = ()) -> Draft:
    """A draft citing `texts`, word weights over them and `background` (other clauses of the collection)."""
    clauses = [clause(t, f"d/{n}.p1") for n, t in enumerate(texts, 1)]
    stats = Stats(clauses + [clause(t, f"d/b{n}.p1") for n, t in enumerate(background, 1)])
    return Draft([Pick(c, c.text, c.text, 0, 1.0) for c in clauses], 0.9, "extractive",
                 query=analyse(question, stats), question=question)


def test_a_detail_must_be_stated_of_what_the_question_is_about():
    """A condition, a list of papers or a share in a clause about something else does not answer the question."""
    school = "鼓励在合作区内开办澳门子弟学校、子弟班。"
    professionals = "具有澳门执业资格的专业人才，在符合行业监管要求条件下，经备案后在合作区提供服务。"
    question = "想在合作区办一所澳门子弟学校，需要满足哪些办学条件？"
    assert "conditions" in rule_reason(_drafted(question, [school, professionals]))
    stated = "在合作区开办澳门子弟学校，应当具备相应的师资和场地条件。"
    assert rule_reason(_drafted(question, [school, stated])) == ""
    filing = "市场主体承诺符合相关要求并提交相关材料进行备案，即可开展投资经营活动。"
    sole = "实施澳门个人经营者经营备案管理制度。"
    papers = "澳门个人经营者要准备哪些材料办经营备案？"
    assert "documents" in rule_reason(_drafted(papers, [sole, filing]))
    assert rule_reason(_drafted(papers, [sole + "澳门个人经营者办理备案，应当提交身份证明材料。"])) == ""


@pytest.mark.parametrize("question, kind", [
    ("橫琴嘅企業所得稅同澳門嘅所得補充稅比，邊個低啲？", "comparison"),
    ("深圳前海对港资企业的企业所得税是多少税率？跟横琴比谁低？", "comparison"),
    ("橫琴嘅企業所得稅同澳門嘅所得補充稅比", "comparison"),  # a part cut from its "边个低啲"
    ("Who chairs the zone's work safety committee?", "chair"),
    ("行政復議要喺收到決定之後幾多日之內提出？", "duration"),
    ("横琴买新能源车有没有购置补贴？一台能补多少？", "money"),
    ("喺合作區開醫美診所，政府會資助幾多錢？有冇上限？", "limit"),
    ("规上工业增加值，规划期末要做到几个亿？", "sum"),
    ("广东省对合作区安全生产单独考核，考核不过关的话有什么处罚？", "penalty"),
    ("外籍家傭要有咩學歷或者年資，先可以喺合作區幫澳門人做嘢？", "conditions"),
    ("Qual é a taxa de juro dos empréstimos bonificados para jovens de Macau?", "rate"),
    # the third and fourth rounds
    ("Is there a fixed percentage of financing costs that the subsidy will cover?", "percentage"),
    ("主营业务收入要占到总收入的多少比例才算符合条件？", "percentage"),
    ("What email address do I use to file a case with the arbitration platform?", "website"),
    ("Em que site se pede autorização para usar o selo?", "website"),
    ("Where is the international talent one-stop service window?", "address"),
    ("Which office do I file my registration with before working in Hengqin?", "office"),
    ("中醫藥產品申請認證，一般要等幾耐先批？", "duration"),
    ("横琴跟南沙比，哪边的高端人才个税优惠力度更大？", "comparison"),
    ("Does Hengqin have more registered Macau-funded enterprises than Nansha?", "comparison"),
    ("广东省在合作区的派出机构，现在一把手是谁？", "person"),
    ("Quem é atualmente o presidente da Comissão Executiva da zona?", "person"),
    ("What is the name of the executive committee leader who heads the leading group?", "person"),
    ("合作区产业投资基金总共有多少亿的规模？", "sum"),
    ("What's the percentage cut in mobile roaming charges between the zone and Macau?", "percentage"),
    ("I'm a mainland employee - which office or online portal do I use to file for the endorsement?", "office"),
    ("喺合作區無牌經營俾人捉到會點罰？", "penalty"),
    ("合作区那个产业投资基金总盘子有多大？", "sum"),
])
def test_kinds_asked_of_later_rounds_of_near_topic_details(question, kind):
    assert kind in [k.name for k in kinds_asked(question)]


def test_conditions_referred_to_are_not_conditions_stated():
    conditions = next(k for k in KINDS if k.name == "conditions")
    assert not has_kind(conditions, ["支持符合条件的澳门机动车辆免担保进入合作区。"])
    assert has_kind(conditions, ["在符合行业监管要求条件下，经备案后在合作区提供服务。"])


def test_a_step_a_clause_states_is_a_procedure():
    procedure = next(k for k in KINDS if k.name == "procedure")
    assert has_kind(procedure, ["具有给付内容的商事调解协议，经人民法院司法确认，可以向人民法院申请强制执行。"])
    assert has_kind(procedure, ["推动合作区内具备条件的医疗机构经国家有关部门备案后，开展干细胞临床项目研究。"])
    assert not has_kind(procedure, ["实施澳门个人经营者经营备案管理制度。"])


def test_a_cap_set_by_reference_is_a_limit():
    limit = next(k for k in KINDS if k.name == "limit")
    assert has_kind(limit, ["补助数额不超过中央财政在合作区的分享税收。"])
    assert not has_kind(limit, ["对引进的高层次人才给予相应资助和奖励。"])


def test_a_count_of_hundreds_of_millions_is_a_sum_not_a_count():
    from qa.asks import uncounted

    assert uncounted("规上工业增加值，规划期末要做到几个亿？", ["2029年为13亿元。"]) == ""


@pytest.mark.parametrize("question, place", [
    ("What does Hong Kong's Northern Metropolis plan say about working with Hengqin?", "香港"),
    ("Que incentivos dá a Nova Área de Cuiheng, em Zhongshan, às empresas de Macau que lá se instalem?", "中山"),
    ("How does the zone cooperate with Hong Kong?", ""),
    ("What does the plan say about Hong Kong's role in the zone?", ""),  # a role, not Hong Kong's own text
])
def test_a_place_owning_its_plan_or_zone_is_the_subject(question, place):
    assert other_place(question, []) == place


def test_a_figure_must_be_in_a_sentence_sharing_a_specific_word():
    crossings = "表2-1中，经横琴口岸出入境人次2024年为2280万人次，2029年为2500万人次（预期性）。"
    question = "合作区跨境数据应用场景2029年的目标是多少？"
    others = [f"合作区第{n}项建设目标{n}个，推进产业发展。" for n in range(1, 13)]  # the collection's common words
    assert "figure" in rule_reason(_drafted(question, [crossings], others))  # a figure about the port's crossings
    row = "表2-1中，跨境数据应用场景2024年为3个，2029年为20个（预期性）。"
    assert rule_reason(_drafted(question, [row], others)) == ""


def test_a_share_must_be_stated_of_what_it_is_a_share_of():
    percentage = next(k for k in KINDS if k.name == "percentage")
    eit = ["对合作区符合条件的产业企业减按15%的税率征收企业所得税。"]
    assert not has_kind(percentage, eit, "想享受15%的企业所得税，主营业务收入至少要占企业总收入的百分之几？")
    row = ["表2-1中，四新产业增加值占GDP比重2024年为59.4%，2029年为65%（预期性）。"]
    assert has_kind(percentage, row, "四新产业增加值占GDP的比例是多少？")


def test_a_threshold_is_no_comparison():
    comparison = next(k for k in KINDS if k.name == "comparison")
    assert not has_kind(comparison, ["对在合作区工作的境内外高端人才，其个人所得税负超过15%的部分予以免征。"])
    assert has_kind(comparison, ["营造趋同澳门的宜居宜业生活环境。"])


def test_a_quoted_name_whose_head_the_collection_never_says_is_unknown():
    text = "横琴粤澳深度合作区发展促进条例 支持引进人才"
    contains = lambda s: s in text  # noqa: E731
    present = lambda g: g in text  # noqa: E731
    assert unknown_names("听说合作区有“横琴人才卡”，拿了卡能享受哪些待遇？", contains, present) == ["横琴人才卡"]
    assert unknown_names("《横琴条例》第十条讲什么？", contains, present) == []


@pytest.mark.parametrize("question, place", [
    ("河套深港科技创新合作区给科研人员的个税优惠是怎么规定的？", "河套"),
    ("Quais são as regras de acesso ao mercado para empresas de Macau em Qianhai, Shenzhen?", "前海"),
    ("合作区和珠海市横琴新区以前是什么关系？", ""),  # the zone's own former name, not another place's zone
])
def test_another_zone_named_at_length_or_in_a_latin_phrase_is_the_subject(question, place):
    assert other_place(question, []) == place


def test_a_count_of_flats_asks_for_a_number_of_flats():
    from qa.asks import uncounted

    assert uncounted("澳门居民在合作区买房有没有限购？最多能买几套？", ["支持澳门居民在合作区购房。"]) == "套"


def test_a_figure_for_a_year_the_documents_give_none_for_is_not_answered():
    from qa.refusal import asked_years

    assert asked_years("规上工业增加值2027年的中期目标是多少？") == ["2027"]
    assert asked_years("《产业规划（2025-2029年）》里2029年的目标是多少？") == ["2029"]  # a range names a plan
    assert asked_years("截至2024年底有多少家？") == ["2024"]
    row = "表2-1中，规模以上工业增加值2024年为10.72亿元，2029年为13亿元（预期性）。"
    others = [f"合作区第{n}项建设任务，推进产业发展。" for n in range(1, 13)]
    assert "figure" in rule_reason(_drafted("规上工业增加值2027年的中期目标是多少？", [row], others))
    assert rule_reason(_drafted("规上工业增加值2029年的目标是多少？", [row], others)) == ""


def test_the_zone_in_the_singular_is_no_industrial_cluster():
    """片区 lost the variant "zones": "the zone" is the cooperation zone in every question; "industrial zones" stays."""
    stats = Stats([clause("科技研发及高端制造产业片区。", "d/1.p1"), clause("国务院批复实施总体发展规划。", "d/2.p1")])
    singular = analyse("When did the State Council approve the overall development plan for the zone?", stats)
    assert "片区" not in [c.label for c in singular.concepts]
    plural = analyse("How many industrial zones does the plan set out?", stats)
    assert "片区" in [c.label for c in plural.concepts]
