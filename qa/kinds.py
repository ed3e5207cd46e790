"""The kinds of information a question may ask for (a phone number, a fee, a deadline, the conditions …): how a
question asks for each (cue) and what a clause answering it would contain (evidence).

The cue patterns read Chinese (Simplified after folding), English and Portuguese (accents stripped); qa/asks.py
applies them. They name kinds of information policy documents seldom give, each added for a class of tuning
questions (dev, the fitted fresh sets) and never for the held-out split or an honest set (eval/refusal_fit.UNFITTED).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import fold as core_fold

def folded(text: str) -> str:
    """Matching form for cues: Simplified, half-width, lower case, no Latin accents."""
    return core_fold(text, "accents")


@dataclass(frozen=True)
class Kind:
    name: str
    cue: re.Pattern  # the question asks for this kind of information
    evidence: re.Pattern  # what a clause answering it would contain
    label: str  # for the refusal reason


def cue_pattern(pattern: str) -> re.Pattern:
    """A case-insensitive verbose pattern (whitespace in it is ignored: write \\s)."""
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


# Amount words: a cue below asks for a value only together with one of these (费用 alone may be a measure's
# topic — "融资费用补贴" — rather than a request for a price).
_HOW_MUCH = r"(?:多少|几多|几钱|标准|金额|how\s+much|what\s+(?:is|are)\s+the|quanto|quanta|qual\s+(?:e|o|a))"

# Removed (2026-12-01): the kind "post" (由谁担任, who holds the post, answered by the offices that hold it), only
# there to exempt such questions from the person kind, whose cue never matches them; dropping it changed nothing
# out of fold (398 gold questions). Dropping phone, day or rate changed nothing on the gold either, but then
# "Qual é o número de telefone do gabinete?", "申请澳资企业认定的截止日期是哪天？" and "What is the VAT rate on
# cross-border e-commerce imports?" were answered from unrelated clauses: no other signal captures them, so they stay.
# a person's name after an office title (局长张三同志, 主任李四，)
_TITLES = r"(?:局长|主任|主席|书记|部长|行长|院长|组长|会长|校长|处长|厅长|省长|市长|区长|董事长|总经理|秘书长|负责人)"
_NAMED = _TITLES + r"[\u4e00-\u9fff]{2,3}(?:同志|先生|女士|[，。、（(])"

KINDS = (
    Kind("phone",  # a contact number: policy documents give none, so only a clause holding one answers
         # a number asked for, not a call's charges ("打电话的长途费、漫游费砍掉" asks about roaming fees) nor paying
         # by phone ("pay with their Macau phone wallets" asks about mobile payment)
         cue_pattern(r"电话\s*(?:号码|号|是|系|係|几|多少)|(?:有没有|有冇|有无)[^，。?？]{0,4}电话|(?:联系|咨询|办公|服务|举报|投诉|办事)电话|"
             r"热线|手机号|联系方式|联络方式|\bphone\b(?!\s+(?:wallets?|payments?|pay|apps?|banking))|telephone|hotline|contact\s+number|telefone|numero\s+de\s+contacto"),
         # 7-8 digits, with an area or country code, a mobile number, or a Macau "2888 1234" (not a year range)
         cue_pattern(r"(?<![\d.])(?:\+\d{2,3}[-\s]?)?(?:\(?0\d{2,3}\)?[-\s]?)?\d{7,8}(?![\d.])|(?<!\d)1[3-9]\d{9}(?!\d)|"
             r"(?<![\d.])(?!(?:19|20)\d\d\s*[-—–\s]\s*(?:19|20)\d\d)\d{4}[-\s]\d{4}(?![\d.])"),
         "a phone number"),
    Kind("address",  # where an office is: street addresses are not in policy documents
         cue_pattern(r"地址|地点在哪|办公地点|在哪里?办|去哪里?办|\b(?:the|an|its|their|office|postal|mailing|street)\s+address|"
             r"address\s+of|where\s+is\s+(?:the|its)\s+office|endereco(?!\s+(?:web|eletronico|electronico))|morada|"
             r"where\s+is\s+the\s+[\w\s-]{0,40}(?:window|office|centre|center|counter|hall|desk)\b|"
             r"(?:哪个|哪一个|边个|什么)\s*(?:窗口|柜台|部门窗口)|(?:在|去|到)哪里?\s*(?:报名|登记|注册)|"
             r"where\s+(?:can|do|should|must)\s+(?:\w+\s+){0,2}(?:register|apply|sign\s+up)|"
             r"onde\s+(?:posso|podemos|pode|podem|se\s+pode)\s+(?:\w+\s+){0,2}(?:inscrever|registar|candidatar)|which\s+(?:counter|window|service\s+desk)|qual\s+(?:o\s+)?balcao|"
             r"onde\s+fica\s+o\s+(?:escritorio|gabinete|balcao)"),
         cue_pattern(r"[\u4e00-\u9fff]{1,12}(?:路|街|大道|巷)\d+号|\d+号(?:楼|之|大厦)|\d+(?:楼|层|室)(?![\u4e00-\u9fff]{0,2}(?:以上|以下))|"
             r"\b(?:avenida|rua|estrada|road|street|avenue)\b"),
         "an address"),
    Kind("hours",  # opening hours of an office or a port ("opening time" of f12 in the first fresh set)
         cue_pattern(r"几点|办公时间|营业时间|上班时间|开放时间|开关门|opening\s+(?:hours|times?)|office\s+hours|what\s+time|"
             r"horario|que\s+horas"),
         cue_pattern(r"\d{1,2}[:：]\d{2}|(?:上午|下午|早上|晚上)\s*\d{1,2}\s*(?:点|时)|\d{1,2}\s*(?:点|时)\s*(?:至|到|-)\s*\d{1,2}\s*(?:点|时)|"
             r"\d{1,2}\s*(?:am|pm)\b"),
         "opening hours"),
    Kind("duration",  # a processing time (工作日, days): the documents set measures, not service times
         cue_pattern(r"几个工作日|多少个?工作日|多少天|几天|多久|多长时间|how\s+long\s+(?:does|do|will|would|is)|how\s+many\s+days|"
             r"quanto\s+tempo|quantos\s+dias|几耐|多耐|要等多久|(?:多少|几多|几)\s*(?:日|天|个工作日|个月|周)\s*(?:之内|以内|内)|有效期(?:是|有|为)?\s*(?:多长|多久|几|多少)|有效期限|valid\s+for\s+how\s+long|"
             # the length of a validity, not an indicator's name ("high-tech enterprises within their validity period",
             # 表2-1's 期末在有效期内的高新技术企业数)
             r"(?:what\s+is|how\s+long\s+is|length\s+of|duration\s+of)\s+(?:the\s+|its\s+|their\s+)?validity|"
             r"validity\s+(?:period\s+)?(?:lasts?|of\s+(?:a|an|the|its|their)\b)|"
             r"how\s+long\s+(?:is|are)\s+(?:\w+\s+){1,3}valid|qual\s+(?:e\s+)?a\s+validade|validade\s+d[oa]s?|"
             # a term of office (任期): the documents set up bodies, not their members' terms
             r"任期|term\s+of\s+office|\bterms?\s+(?:of|in)\s+(?:office|post)|duracao\s+do\s+mandato|\bmandato\b"),
         cue_pattern(r"\d+\s*个?(?:工作日|天|日内|小时|周|星期|个月)|\d{4}\s*[-—–至到]\s*\d{4}|\d+\s*(?:working\s+)?days|"
             r"有效期[^。；;]{0,6}[\d一二三四五六七八九十]+\s*(?:年|个月|日|天)"),
         "a time limit"),
    Kind("day",
         # a deadline or a day (not a year: "这个规划管到哪一年" is answered by 2029年)
         # not "until when / by when / até quando": a year answers those ("Until when … keep the investment returns?" —
         # 2024年前), and the date check (qa.refusal) still wants a date in the cited sentences
         cue_pattern(r"截止(?:日期|时间|日|期)|(?:什么时候|何时|几时)截止|哪天|哪一天|边日|边一日|边天|几号|几月几|deadline|due\s+date|"
             r"what\s+day|which\s+day|data\s+limite|que\s+dia|qual\s+(?:e\s+)?o\s+prazo|"
             r"prazo\s+(?:para|de)\s+(?:candidat|inscri|entrega|pedido|apresenta)"),
         cue_pattern(r"\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月(?:底|末|初|中旬|上旬|下旬|前)|\d{4}-\d{1,2}-\d{1,2}"),
         "a day or deadline"),
    Kind("money",
         # prices, fees, rents, wages, allowances: amounts paid to or by a person or firm (not an industry's output)
         cue_pattern(r"多少钱|几多钱|几钱|价[^，。?？]{0,6}(?:多少|几多)|多少一平|(?:收费|费用|价格|价钱|租金|房租|月租|工资|薪金|薪酬|薪水|年薪|月薪|安家费|补贴|补助|奖励|资助|津贴|罚款|罚金|启动资金|资金|经费)"
             r"[^，。?？]{0,8}" + _HOW_MUCH + r"|(?:多少|几多)[^，。?？]{0,6}(?:费|租金|工资|补贴|补助|奖励|津贴)|"
             r"(?:领|拿|交|付|缴|补|资助|奖)\s*(?:到)?[^，。?？]{0,2}(?:多少|几多)(?!\s*(?:人|家|户|个|项|年))|"
             r"(?:how\s+much|what\s+(?:is|are|was|were)\s+the|quanto|quanta|qual\s+(?:e|o|a|foi|era))[^?.]{0,30}"
             r"(?:\bcost|\bprice|\bfee|\brent|\bsalar|\bwage|\ballowance|\bcusta|\bcusto|\bpreco|\brenda\b|\bsalario|"
             r"\bpropina|\bsubsidio|\bgrant|\bbonus|\bcash\b|\bsubsid|\baward|\breward|\bpremio|\bbolsa|\bmontante)|"
             r"how\s+much\s+(?:cash|money)|quanto\s+dinheiro|"
             r"(?:费|费用)[^，。?？]{0,12}(?:怎么|如何|点样|怎样)\s*(?:收取|收|计算|计收|计)"),
         cue_pattern(r"\d+(?:\.\d+)?\s*万?\s*(?:元|块|澳门元|港元|美元|葡币)(?![\u4e00-\u9fff]{0,1}(?:以上|规模))|"
             r"\d+(?:\.\d+)?\s*(?:patacas|mop|rmb|hkd|yuan)\b|(?:mop|rmb|hk)\$\s*\d|"
             # an amount set by reference ("补助数额不超过中央财政在合作区的分享税收") answers how much as well
             r"(?:数额|金额|额度|标准)[^。；;，,]{0,4}(?:不超过|不高于|不低于|不少于|相当于|参照|按照)"),
         "an amount of money"),
    Kind("sum",
         # a sum asked in units ("补助具体是多少亿", "how many million"): a clause setting the amount by reference
         # ("补助数额不超过中央财政在合作区的分享税收") says how much, not how many 亿 (fresh-2026-12-01e e33)
         cue_pattern(r"(?:规模|盘子|总额|体量)(?:有|是)?\s*(?:多少|几多|多大)|(?:多少|几多)\s*(?:亿|万)[^，。?？]{0,3}规模|几个?\s*亿|(?:多少|几多)\s*(?:亿|万|千万|百万)(?!\s*(?:人|家|户|名|平方|吨|辆|次|个|间|套|位|立方))|"
             r"how\s+many\s+(?:million|billion)|quant[oa]s\s+(?:milhoes|milhares)|"
             r"若干\s*(?:亿|万|千万|百万)"),  # formal "how many": 总规模为若干亿元
         cue_pattern(r"\d+(?:\.\d+)?\s*(?:亿|万)|\d+(?:\.\d+)?\s*(?:million|billion|milhoes)"),
         "an amount in figures"),
    Kind("rate",
         # taxes, contributions and interest: what a person or firm pays, as a rate
         cue_pattern(r"税率|费率|利率|汇率|缴费比例|缴存比例|扣除比例|"
             r"(?:税|缴费|社保|公积金|保险费)[^，。?？]{0,8}(?:比例|多少|几多|百分之)|"
             r"(?:多少|几多)[^，。?？]{0,4}税|tax\s+rate|rate\s+of\s+(?:tax|interest)|interest\s+rate|vat\s+rate|"
             r"(?:how\s+much|what\s+percentage\s+of)\s+(?:\w+\s+){0,2}tax|"
             r"taxa\s+(?:d[eoa]s?\s+)?(?:\w+\s+){0,2}(?:d[eoa]s?\s+)?(?:imposto|juro|contribuic|iva)|\bvat\b[^?.]{0,20}\b(?:rate|how\s+much|percent)|"
             r"quanto\s+(?:de\s+)?imposto"),
         cue_pattern(r"(?:税|费|缴|利率)[^。；;]{0,30}\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*%[^。；;]{0,12}(?:税|费)|税[^。；;]{0,12}百分之|"
             # a burden set by reference ("个人所得税负超过澳门税负的部分予以免征") answers the rate as well
             r"税负[^。；;]{0,12}(?:超过|不超过|不高于|按照|参照)"),
         "a tax or contribution rate"),
    Kind("documents",
         # what to hand in for an application: only a clause naming the papers answers it ("简化注册审批流程" names a
         # procedure, not what to submit; fresh-2026-12-01e e37 was answered from it)
         cue_pattern(r"(?:提交|递交|准备|带|交)[^，。?？]{0,4}(?:什么|哪些|咩|乜|边啲)?\s*(?:材料|文件|证件|证明|资料)|"
             r"(?:哪些|什么|咩|乜|边啲)\s*(?:材料|证件|证明文件)|材料清单|申请表|报名表|在哪里?下载|申请文件|申报文件|检附|"
             # the licences to obtain ("开餐厅要办哪些证"): only a clause naming them answers
             r"办(?:理)?\s*(?:哪些|什么|咩|乜|边啲|几个)\s*(?:证|牌照|执照|许可)|"
             r"what\s+documents|documents?\s+(?:required|needed)|paperwork|application\s+form|formulario|"
             r"que\s+documentos|documentos?\s+(?:necessari|exigid)"),
         # "提交相关材料" refers to papers it does not name: something specific must stand between
         cue_pattern(r"(?:提交|报送|递交|提供|出具)(?!(?:相关|有关|必要|所需|规定)?(?:的)?(?:材料|文件|资料))[^。；;]{0,12}(?:材料|文件|证件|证明|资料)|申请表|申报材料|所需材料|证明材料|证件|"
             r"执照|许可证|证照|牌照|(?:执法|执业|资格|工作|居住)证|证书"),
         "the documents an application needs"),
    Kind("procedure",
         # the steps of an application (the plan states measures, not procedures), in each language ("哪些考试和
         # 步骤", "办理…的流程", "steps to register", "passos para"): the evidence below (手续, 流程, 受理 …) still
         # answers a question about a measure that names a 流程
         cue_pattern(r"手续|流程|步骤|申请条件|"
             r"\bsteps?\s+(?:to|for)\b|what\s+(?:are\s+)?the\s+steps|quais\s+(?:sao\s+)?os\s+passos|passos\s+(?:para|a\s+seguir)|"
             r"(?:怎么|如何|点样|怎样)(?:报名|报销)|(?:怎么|如何|点样|怎样|应如何)[^，。?？]{0,8}预约|"
             r"how\s+(?:do|can)\s+(?:i|we)\s+(?:book|make\s+an\s+appointment)|como\s+se\s+marca|marcar\s+(?:uma\s+)?consulta|"
             r"how\s+(?:do|can|should)\s+(?:i|we)\s+(?:apply|register|open)\b|"
             r"como\s+(?:me\s+)?(?:candidat|inscrev|registar)"),
         cue_pattern(r"提交|报送|递交|手续|流程|申请表|申报材料|所需材料|证明材料|证件|工作日|受理|"
             # the step a clause states: 经国家有关部门备案后, 报广东省…批准, 依法申请司法确认
             r"经[^。；;]{0,16}(?:备案|审批|批准|认定|确认|登记|同意)(?:后|，|,)|报[^。；;]{0,16}(?:批准|备案|审批)|"
             r"申请[^。；;]{0,6}(?:司法确认|确认|登记|备案)|向[^。；;，,]{2,12}申请"),
         "an application procedure"),
    Kind("limit",
         # a legal minimum or maximum (minimum wage, minimum capital, maximum subsidy)
         cue_pattern(r"(?:最低|最高|至少|上限|下限|起点|门槛)[^，。?？]{0,6}(?:多少|几多|几|标准)|(?:多少|几多)[^，。?？]{0,4}(?:起|以上)|"
             r"\b(?:minimum|maximum|minimo|maximo)\b|(?:有没有|有冇|有无|是否有|有否)\s*(?:上限|下限|封顶|限额|最高额)|"
             r"\b(?:is|are)\s+there\s+(?:a|any)\s+(?:cap|ceiling|upper\s+limit)|\bcapped\b|ha\s+(?:algum\s+)?(?:limite|teto|tecto)|"
             r"\bthreshold\b|\blimiar\b"),
         # a limit set by reference ("补助数额不超过中央财政在合作区的分享税收") is a cap as well
         cue_pattern(r"(?:最低|最少|至少|最高|最多|上限|下限|不低于|不少于|不超过|不高于)[^。；;]{0,12}\d|"
             r"(?:数额|金额|额度|标准|比例|规模)[^。；;，,]{0,4}(?:不超过|不高于|不低于|不少于)"),
         "a minimum or maximum"),
    Kind("conditions",
         # who qualifies (办学条件, 资格, eligibility, requisitos): only a clause setting a condition answers, and of
         # the thing asked about (qa.refusal: the subject check) — "鼓励开办澳门子弟学校" sets none for a school
         cue_pattern(r"(?:满足|符合|具备|达到|具有)\s*(?:哪些|什么|甚么|咩|乜|边啲|几个|何种)[^，。?？]{0,6}(?:条件|资格|要求|标准)|"
             r"(?:哪些|什么|甚么|咩|乜|边啲|何种)\s*(?:条件|资格|门槛)|申请条件|准入条件|资格条件|"
             # criteria asked for by name ("认定标准为何", "评定标准系咩"): who is recognised as what
             r"(?:认定|评定|认可|入选|遴选)(?:的)?\s*(?:标准|条件|办法)|(?:条件|资格|门槛)\s*(?:为何|是什么|是甚么|系咩|系乜)|标准\s*为何|在什么条件下|在甚么条件下|喺咩条件下|"
             r"(?:要|需要|须|得)\s*有\s*(?:什么|甚么|咩|乜|哪些|边啲)\s*(?:学历|资历|年资|经验|资质|证书)|"
             r"\beligib|\bqualif(?:y|ies|ication)\b|requirements?\s+(?:to|for|of)\b|what\s+(?:are\s+)?the\s+(?:conditions|criteria)|"
             r"quais\s+(?:sao\s+)?os\s+(?:requisitos|criterios)|que\s+(?:requisitos|condicoes|criterios)|quais\s+as\s+condicoes|"
             r"\belegib"),
         # "符合条件的澳门机动车辆" refers to conditions it does not state: something must stand between
         cue_pattern(r"(?:符合|满足|具备|达到|具有|取得|持有)(?!(?:相关|有关|一定|规定)?(?:条件|资格|要求)的)[^。；;]{1,24}(?:条件|资格|要求|标准|资质)|条件(?:为|是|包括)|"
             r"应当(?:具备|符合|满足)|须(?:具备|符合|满足)|(?:以上|以下|不低于|不少于|不超过)[^。；;]{0,6}(?:的|者)|"
             # a condition stated as the step that must come first: "经公证…或者经人民法院司法确认，可以向人民法院申请"
             r"经[^。；;]{2,40}(?:确认|赋予|批准|同意|备案|认定)[^。；;]{0,24}(?:可以|方可|即可)"),
         "the conditions that apply"),
    Kind("percentage",
         # a share asked as such (补贴能补到百分之几, what percentage): only a clause giving a share answers
         cue_pattern(r"百分之(?:几|多少)|几成|多少\s*(?:%|个百分点)|几\s*%|比例是多少|比例(?:有|为)?多(?:少|大|高)|"
             r"what\s+(?:percentage|share|proportion)|how\s+(?:many\s+percent|large\s+a\s+share)|"
             r"que\s+(?:percentagem|porcentagem|proporcao)|qual\s+(?:e\s+)?a\s+(?:percentagem|porcentagem|proporcao)|"
             r"quantos\s+por\s+cento|(?:多少|几多|多大)\s*(?:的)?\s*比例|(?:a|any|fixed|specific|certain)\s+percentage|"
             r"\bpercentagem\b|\bporcentagem\b|\bpercentage\s+(?:cut|reduction|increase|rise|drop|of)\b"),
         cue_pattern(r"\d+(?:\.\d+)?\s*%|百分之[一二三四五六七八九十百\d]|[一二三四五六七八九]成(?![为立功果员本熟])"),
         "a percentage"),
    Kind("website",  # a web address: policy documents name services, not their sites
         cue_pattern(r"网址|官网|(?:哪个|什么|边个|咩)\s*网站|网站[^，。?？]{0,4}(?:是|系)|web\s*site|\burl\b|web\s+address|"
             # an e-mail address, and Portuguese "em que site" (site is a web site there)
             r"e-?mail|电子邮箱|电子邮件|邮箱|correio\s+eletronico|(?:em|num|no|qual|que)\s+(?:o\s+)?(?:site|sitio)\b|"
             r"(?:which|what)\s+(?:web\s*)?site\b|"
             r"sitio\s+(?:web|da\s+internet|na\s+internet)|pagina\s+(?:web|eletronica|electronica)|endereco\s+(?:web|eletronico|electronico)"),
         cue_pattern(r"https?://|www\.|\.(?:gov|com|org|mo|cn)\b|@"),
         "a website"),
    Kind("comparison",
         # which of two is lower or better (合作区税率跟澳门比哪边更低): only a clause comparing them answers
         cue_pattern(r"(?:哪边|哪个|哪里|谁|边个|边度|边边)\s*(?:更|比较|较)\s*(?:低|高|便宜|贵|好|优惠|划算|多|少)|"
             r"(?:更|较)(?:低|高|便宜|贵|好|优惠|划算)\s*(?:还是|定系)|"
             r"(?:比|相比|比较|比起来|对比)[^。?？]{0,6}(?:哪边|哪个|哪里|谁|边个|边度|边边)\s*(?:更|比较|较)?\s*(?:低|高|便宜|贵|好|优惠|划算|多|少)|"
             r"(?:哪边|哪个地方|哪里|谁|边个|边度)[^，。?？]{0,16}更\s*(?:大|小|多|少|高|低|好|优惠|强|便宜|贵)|"
             r"\b(?:more|fewer|less|higher|lower|cheaper)\s+(?:[\w-]+\s+){0,6}than\b|"
             r"\b(?:mais|menos)\s+(?:[\w-]+\s+){0,6}(?:do\s+)?que\b|"
             # "X同Y比" cut from its "边个低啲" by the parts of a question: the part still asks to compare
             r"(?:同|跟|和|与)[^，。?？,]{1,24}(?:相比|比较|对比|比)(?:起来|一下)?\s*(?=[,，?？]|$)|"
             r"which\s+(?:is|one\s+is|of\s+the\s+two\s+is)\s+(?:lower|higher|cheaper|better|more)|"
             r"\b(?:lower|higher|cheaper)\s+than\b|qual\s+(?:e|dos\s+dois\s+e)\s+(?:mais|menos)\s+(?:baix|alt|barat|vantaj)"),
         # explicit comparatives: "个人所得税负超过15%的部分" sets a threshold, it compares no two places
         cue_pattern(r"高于|低于|优于|相当于|对标|趋同|比照|一致|同等|更(?:低|高|优)"),
         "a comparison"),
    Kind("frequency",
         # how often a body meets or by what quorum it decides: the documents set bodies up, not their rules of procedure
         cue_pattern(r"how\s+often|how\s+many\s+times\s+a\s+(?:year|month)|quorum|com\s+que\s+frequencia|quantas\s+vezes\s+por|"
             r"多久(?:一次|开一次|召开一次|举行一次)|(?:每年|每月|每季度|一年)\s*(?:开|召开|举行)?\s*(?:几次|多少次|几多次)|法定人数|"
             r"几耐(?:开)?一次"),
         cue_pattern(r"每(?:年|季度|月|周|半年)|定期|至少[^。；;]{0,6}次|\d+\s*次|过半数|三分之二|法定人数"),
         "how often or by what quorum a body meets"),
    Kind("contents",
         # what a list, a cost or a scope a clause names consists of ("负面清单具体列了哪些商品", "“成本”具体包括哪些
         # 项目"): only a sentence enumerating them answers, not one saying the list exists
         cue_pattern(r"(?:具体|到底|究竟)\s*(?:包括|包含|涵盖|列了|列明|列出|列有|有)\s*(?:了)?\s*(?:哪些|什么|甚么|咩|边啲|哪几)|"
             # the thing listed stays out of the cue (it is the subject): only the asking words after it
             r"(?<=清单|名单|目录|成本|费用|范围)[”」』\"]?\s*(?:包括|包含|列了|列明|列出|列有)\s*(?:哪些|什么|甚么|咩|边啲|哪几)|"
             r"what\s+exactly\s+does\s+(?:[\w'-]+\s+){0,6}(?:include|cover|list)"),
         cue_pattern(r"、|包括|包含|涵盖|以及|分别(?:是|为)|主要有|(?:一是|二是)"),
         "what it consists of"),
    Kind("chair",
         # who chairs or heads a body: answered by the offices that hold it ("由广东省省长和澳门特别行政区行政长官共同
         # 担任"), not by a clause setting the body up ("成立合作区安全生产委员会")
         cue_pattern(r"who\s+(?:chairs|heads|leads|presides\s+over|is\s+in\s+charge\s+of)\b|由谁(?:担任|牵头|主持|负责|领导)|"
             r"谁(?:来)?(?:当|担任|做|出任)[^，。?？]{0,4}(?:主任|主席|组长|负责人)|边个(?:做|当|担任)[^，。?？]{0,4}(?:主任|主席|组长)|"
             r"quem\s+(?:preside|chefia|dirige|lidera|e\s+o\s+responsavel)|(?:是|系)(?:谁|边个|边位|哪位)\s*(?:来)?(?:担任|出任|兼任)"),
         cue_pattern(r"由[^。；;]{2,30}(?:担任|兼任|牵头|主持|负责|领导)|(?:主任|主席|组长|召集人)[^。；;]{0,8}(?:由|为)"),
         "who holds the post"),
    Kind("office",
         # the body an application is filed with ("which office do I file my registration with"): answered by a
         # clause naming where to file or who handles it, not by one saying that filing exists
         cue_pattern(r"which\s+(?:office|department|authority|agency|body|portal)\b[^?.]{0,40}?\b(?:do|should|must|can|will)\s+"
                     r"(?:i|we|you)\s+(?:\w+\s+){0,3}?(?:file|apply|submit|register|go|turn)|"
                     # the body that handles a matter, as the Chinese 哪个部门负责/审批 below ("which office handles …")
                     r"which\s+(?:office|department|authority|agency|body)\s+(?:handles|processes|approves|reviews|accepts|"
                     r"is\s+(?:in\s+charge|responsible))|(?:que|qual)\s+(?:servico|entidade|departamento|organismo|orgao)\s+"
                     r"(?:trata|aprova|analisa|recebe|e\s+responsavel)|(?:去|向|找|到)\s*(?:哪个|哪一个|边个|什么)\s*(?:部门|机构|单位)\s*"
                     r"(?:办|申请|备案|提交|报|登记)|a\s+que\s+(?:servico|entidade|departamento|organismo)\s+(?:me\s+)?(?:dirijo|devo|tenho)|"
                     r"(?:去|向|到|喺|在)\s*(?:边度|哪里|哪儿|何处)\s*(?:申请|办理|报名|登记|备案)|"
                     # the department asked to lead or answer for a task ("由哪个部门牵头负责", "边个部门负责")
                     r"(?:由|归)?\s*(?:哪个|哪一个|哪一|哪些|什么|边个|边一个|何)\s*(?:部门|机构|单位|机关)\s*(?:来)?(?:牵头|负责|主管|主导|统筹|认定|核准|审批|批准)|"
                     r"(?:经|须经|要经)\s*(?:哪个|哪一个|哪一|什么|边个)\s*(?:监管)?(?:部门|机构|单位|机关)|"
                     # which body is named for a task ("指定哪一个工作机构"): a clause saying one will be named names none
                     r"(?:指定|明确|确定)\s*(?:哪个|哪一个|哪一|边个)\s*(?:工作)?(?:部门|机构|单位|机关)"),
         cue_pattern(r"向[^。；;]{2,30}(?:备案|申请|提交|报送|报告)|报[^。；;]{2,16}(?:批准|备案|审批)|"
                     r"由[^。；;]{2,16}(?:受理|办理|负责|审批|审定|决定|确定|核发|组织实施)|(?:受理|办理|审批|核发)[^。；;]{0,6}(?:机构|部门)|"
                     # who leads a task: "国家发展改革委会同有关部门研究制定", "由…组织调查"
                     r"会同|牵头|组织(?:调查|实施|制定|开展|编制)"),
         "the office that handles it"),
    Kind("place",
         # where a facility or project is or will be (個中心喺邊度, 设在哪里, 邊個位置): the plans name what is to be built,
         # seldom its site; tuning sets 02zc, 02zd, 03h (three writers) and "国际青年中医生交流基地设在哪里" (tests) got
         # the project's sentence as if it placed it. Not where to apply or register (address, office).
         cue_pattern(r"(?:设|建|位|落|开|搬|摆|放)?\s*(?:在|喺|于|係)\s*[\u4e00-\u9fff]{0,4}?(?:哪里|哪儿|哪个位置|什么位置|什么地方|边度|边个位置|边个地方|边处|何处|哪一带)"
                     r"(?!\s*(?:可以|可|能|才能)?\s*(?:申请|办|报名|登记|备案|提交|注册|领取))|(?:边个|哪个|什么)\s*(?:位置|地段|选址)|"
                     r"具体位置|选址在|"
                     r"where\s+(?:exactly\s+)?(?:is|are|will)\s+(?:the\s+)?[\w\s'-]{0,50}?\b(?:located|built|sited|set\s+up|be\s+located|be\s+built)|"
                     r"where\s+exactly\s+(?:is|are)|onde\s+(?:fica|ficam|ficara|sera|vai\s+ser|se\s+situa|esta\s+localizad)|em\s+que\s+local"),
         # a site by the words that place things, not by one zone's place names ("近期重点开发天沐河中段、横琴岛西北角")
         cue_pattern(r"位于|设在|设于|坐落|选址|落户(?:在|于)|布局在|"
                     r"在[\u4e00-\u9fff]{2,12}(?:片区|组团|岛|口岸|河|山|湾|角|区域|地区|园区|新区|一带|附近|周边|中段|西段|东段)|"
                     r"[\u4e00-\u9fff]{2,8}(?:[东南西北]段|中段|[东南西北]{1,2}(?:角|侧|部))"),
         "where it is"),
    Kind("organisation",
         # which company or institution runs, develops, manages or underwrites something (由哪家基金管理公司运营, 由哪些保險機構
         # 承保, which insurer underwrites): the plans call for funds, models and products, seldom naming who carries
         # them out; tuning set 03g and the fund-manager question of tests. Who leads or
         # approves a task is the office kind.
         cue_pattern(r"(?:由|归|系)?\s*(?:哪家|哪几家|哪一家|哪些|哪个|边间|边几间|边家|边个|什么)\s*[\u4e00-\u9fff]{0,6}?"
                     r"(?:公司|企业|单位|机构|银行|大学|高校|运营商|承建商|开发商|管理人)\s*(?:来|去)?\s*"
                     r"(?:开发|运营|管理|承保|承建|主办|承办|经营|运作|出资|发起|托管|研发|建造)|"
                     r"which\s+(?:company|companies|firm|firms|insurer|insurers|bank|banks|operator|developer|fund\s+manager|"
                     r"institution|institutions)\s+(?:will\s+)?(?:run|runs|operate|operates|manage|manages|develop|develops|"
                     r"underwrite|underwrites|build|builds|host|hosts)|"
                     r"(?:que|qual)\s+(?:empresa|empresas|seguradora|seguradoras|banco|operador|entidade\s+gestora)\s+"
                     r"(?:gere|opera|desenvolve|administra|explora|garante|subscreve|vai\s+gerir)"),
         cue_pattern(r"由[^。；;，,]{2,20}?(?:开发|运营|管理|承保|承建|建设|主办|承办|经营|负责|发起|设立|托管|实施)|"
                     r"[\u4e00-\u9fff]{2,20}(?:有限公司|集团|股份公司|银行|大学|研究院)[^。；;]{0,6}"
                     r"(?:开发|运营|管理|承保|承建|建设|主办|承办|经营|负责|发起|设立)"),
         "who carries it out"),
    Kind("penalty",  # a sanction for a breach: the regulation promotes; it sets no fines (its only 处罚 is who imposes them)
         cue_pattern(r"罚款|罚金|罚多少|怎么罚|如何处罚|(?:怎么|怎样|点样|会|会被|要被|被)\s*处罚|(?:会|要)?(?:点|点样)\s*罚|(?:什么|哪些|咩|乜|有何)\s*(?:处罚|惩罚|罚则|处分)|(?:会被|要被|被)罚|处罚标准|\bfines?\b|\bfined\b|penalt(?:y|ies)|sanctions?\b|"
             r"\bmultas?\b|\bmultad[oa]s?\b|sancao|sancoes|coima"),
         cue_pattern(r"(?:处|并处)[^。；;]{0,12}罚款|罚款[^。；;]{0,6}\d|罚金|没收|吊销|责令[^。；;]{0,8}(?:停|改正)"),
         "a penalty"),
    Kind("person",  # an office holder's name: the documents name offices, never persons (边位: Cantonese "who")
         # a title, then who (组长系边位: Cantonese "who is the head")
         # "组长具体是哪位领导": a few words may stand between the title and who
         cue_pattern(r"(?:" + _TITLES[3:-1] + r"|领导)[^，。?？]{0,4}?(?:是|系)(?:谁|边个|边位|哪位)(?!\s*(?:来)?(?:担任|出任|兼任|做|当))|(?:" + _TITLES[3:-1] +
             r"|领导)(?:谁|边个|边位|哪位)|(?:谁|边个|边位|哪位)(?:是|系)[^，。?？]{0,8}" +
             _TITLES + r"|who\s+(?:is|are|heads|leads)\s+the\s+(?:director|head|chief|"
             r"president|chair|secretary|minister)|"
             r"quem\s+(?:e|sao)\s+o\s+(?:diretor|director|presidente|chefe|secretario)|"
             # the incumbent's name ("现任主任叫什么名字"): the documents name an office's holder by office, not person
             r"现任|(?:现在|而家|目前)的?\s*(?:一把手|主任|负责人|领导|局长|院长|会长)|一把手[^，。?？]{0,4}(?:是|系)?(?:谁|边个|边位|哪位)|"
             r"(?:" + _TITLES[3:-1] + r"|领导)[^，。?？]{0,4}(?:叫什么|叫咩|叫乜|姓名|名字|姓什么)|"
             r"name\s+of\s+the\s+(?:[\w-]+\s+){0,6}(?:leader|director|head|chief|president|chair|person)\b|"
             r"who\s+is\s+(?:currently|now)\s+the|quem\s+(?:e|sao)\s+(?:atualmente|actualmente|hoje|agora)\s+o|"
             r"\b(?:current|incumbent)\s+(?:director|head|chief|president|chair)|name\s+of\s+the\s+(?:current\s+)?"
             r"(?:director|head|chief|president|chair)|\b(?:atual|actual)\s+(?:diretor|director|presidente)|"
             r"nome\s+do\s+(?:atual\s+)?(?:diretor|director|presidente)|"
             # a person by name, whatever the post ("como se chama a pessoa que dirige o grupo")
             r"como\s+se\s+chama\s+a\s+pessoa|nome\s+da\s+pessoa|name\s+of\s+the\s+person|"
             r"who\s+is\s+the\s+person"),
         cue_pattern(_NAMED),
         "the name of an office holder"),
)
