"""What a question asks for: a kind of information (phone, fee, deadline …) or another place's own rules.

Refusal by kind needs no threshold: a question asking for a phone number is answered only when a cited
clause holds a phone number, whatever words it shares with the question. The cue patterns describe kinds of
information in Chinese (Simplified after folding), English and Portuguese (accents stripped), and each
evidence pattern says what an answer would have to contain. They name kinds of information a development
plan does not give (checked against the dev split and qa/data/refusal_probe.jsonl, never the held-out split).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.text import fold as core_fold
from errors import UserError

from .text import bigrams, fold, indefinite_ji


def folded(text: str) -> str:
    """Matching form for cues: Simplified, half-width, lower case, no Latin accents."""
    return core_fold(text, "accents")


@dataclass(frozen=True)
class Kind:
    name: str
    cue: re.Pattern  # the question asks for this kind of information
    evidence: re.Pattern  # what a clause answering it would contain
    label: str  # for the refusal reason


def _re(pattern: str) -> re.Pattern:
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
         # a number asked for, not a call's charges ("打电话的长途费、漫游费砍掉" asks about roaming fees)
         _re(r"电话\s*(?:号码|号|是|系|係|几|多少)|(?:有没有|有冇|有无)[^，。?？]{0,4}电话|(?:联系|咨询|办公|服务|举报|投诉|办事)电话|"
             r"热线|手机号|联系方式|联络方式|\bphone\b|telephone|hotline|contact\s+number|telefone|numero\s+de\s+contacto"),
         # 7-8 digits, with an area or country code, a mobile number, or a Macau "2888 1234" (not a year range)
         _re(r"(?<![\d.])(?:\+\d{2,3}[-\s]?)?(?:\(?0\d{2,3}\)?[-\s]?)?\d{7,8}(?![\d.])|(?<!\d)1[3-9]\d{9}(?!\d)|"
             r"(?<![\d.])(?!(?:19|20)\d\d\s*[-—–\s]\s*(?:19|20)\d\d)\d{4}[-\s]\d{4}(?![\d.])"),
         "a phone number"),
    Kind("address",  # where an office is: street addresses are not in policy documents
         _re(r"地址|地点在哪|办公地点|在哪里?办|去哪里?办|\b(?:the|an|its|their|office|postal|mailing|street)\s+address|"
             r"address\s+of|where\s+is\s+(?:the|its)\s+office|endereco(?!\s+(?:web|eletronico|electronico))|morada|"
             r"(?:哪个|哪一个|边个|什么)\s*(?:窗口|柜台|部门窗口)|(?:在|去|到)哪里?\s*(?:报名|登记|注册)|"
             r"where\s+(?:can|do|should|must)\s+(?:\w+\s+){0,2}(?:register|apply|sign\s+up)|"
             r"onde\s+(?:posso|podemos|pode|podem|se\s+pode)\s+(?:\w+\s+){0,2}(?:inscrever|registar|candidatar)|which\s+(?:counter|window|service\s+desk)|qual\s+(?:o\s+)?balcao|"
             r"onde\s+fica\s+o\s+(?:escritorio|gabinete|balcao)"),
         _re(r"[\u4e00-\u9fff]{1,12}(?:路|街|大道|巷)\d+号|\d+号(?:楼|之|大厦)|\d+(?:楼|层|室)(?![\u4e00-\u9fff]{0,2}(?:以上|以下))|"
             r"\b(?:avenida|rua|estrada|road|street|avenue)\b"),
         "an address"),
    Kind("hours",  # opening hours of an office or a port ("opening time" of f12 in the first fresh set)
         _re(r"几点|办公时间|营业时间|上班时间|开放时间|开关门|opening\s+(?:hours|times?)|office\s+hours|what\s+time|"
             r"horario|que\s+horas"),
         _re(r"\d{1,2}[:：]\d{2}|(?:上午|下午|早上|晚上)\s*\d{1,2}\s*(?:点|时)|\d{1,2}\s*(?:点|时)\s*(?:至|到|-)\s*\d{1,2}\s*(?:点|时)|"
             r"\d{1,2}\s*(?:am|pm)\b"),
         "opening hours"),
    Kind("duration",  # a processing time (工作日, days): the documents set measures, not service times
         _re(r"几个工作日|多少个?工作日|多少天|几天|多久|多长时间|how\s+long\s+(?:does|do|will|would|is)|how\s+many\s+days|"
             r"quanto\s+tempo|quantos\s+dias|(?:多少|几多|几)\s*(?:日|天|个工作日|个月|周)\s*(?:之内|以内|内)|有效期(?:是|有|为)?\s*(?:多长|多久|几|多少)|有效期限|validity|valid\s+for\s+how\s+long|"
             r"how\s+long\s+(?:is|are)\s+(?:\w+\s+){1,3}valid|qual\s+(?:e\s+)?a\s+validade|validade\s+d[oa]s?"),
         _re(r"\d+\s*个?(?:工作日|天|日内|小时|周|星期|个月)|\d{4}\s*[-—–至到]\s*\d{4}|\d+\s*(?:working\s+)?days|"
             r"有效期[^。；;]{0,6}[\d一二三四五六七八九十]+\s*(?:年|个月|日|天)"),
         "a time limit"),
    Kind("day",
         # a deadline or a day (not a year: "这个规划管到哪一年" is answered by 2029年)
         # not "until when / by when / até quando": a year answers those ("Until when … keep the investment returns?" —
         # 2024年前), and the date check (qa.refusal) still wants a date in the cited sentences
         _re(r"截止(?:日期|时间|日|期)|(?:什么时候|何时|几时)截止|哪天|哪一天|边日|边一日|边天|几号|几月几|deadline|due\s+date|"
             r"what\s+day|which\s+day|data\s+limite|que\s+dia|qual\s+(?:e\s+)?o\s+prazo|"
             r"prazo\s+(?:para|de)\s+(?:candidat|inscri|entrega|pedido|apresenta)"),
         _re(r"\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月(?:底|末|初|中旬|上旬|下旬|前)|\d{4}-\d{1,2}-\d{1,2}"),
         "a day or deadline"),
    Kind("money",
         # prices, fees, rents, wages, allowances: amounts paid to or by a person or firm (not an industry's output)
         _re(r"多少钱|几多钱|几钱|价[^，。?？]{0,6}(?:多少|几多)|多少一平|(?:收费|费用|价格|价钱|租金|房租|月租|工资|薪金|薪酬|薪水|年薪|月薪|安家费|补贴|补助|奖励|资助|津贴|罚款|罚金|启动资金|资金|经费)"
             r"[^，。?？]{0,8}" + _HOW_MUCH + r"|(?:多少|几多)[^，。?？]{0,6}(?:费|租金|工资|补贴|补助|奖励|津贴)|"
             r"(?:领|拿|交|付|缴|补|资助|奖)\s*(?:到)?[^，。?？]{0,2}(?:多少|几多)(?!\s*(?:人|家|户|个|项|年))|"
             r"(?:how\s+much|what\s+(?:is|are)\s+the|quanto|quanta|qual\s+(?:e|o|a))[^?.]{0,30}"
             r"(?:\bcost|\bprice|\bfee|\brent|\bsalar|\bwage|\ballowance|\bcusta|\bcusto|\bpreco|\brenda\b|\bsalario|"
             r"\bpropina|\bsubsidio|\bgrant|\bbonus|\bcash\b|\bsubsid|\baward|\breward|\bpremio|\bbolsa|\bmontante)|"
             r"how\s+much\s+(?:cash|money)|quanto\s+dinheiro"),
         _re(r"\d+(?:\.\d+)?\s*万?\s*(?:元|块|澳门元|港元|美元|葡币)(?![\u4e00-\u9fff]{0,1}(?:以上|规模))|"
             r"\d+(?:\.\d+)?\s*(?:patacas|mop|rmb|hkd|yuan)\b|(?:mop|rmb|hk)\$\s*\d|"
             # an amount set by reference ("补助数额不超过中央财政在合作区的分享税收") answers how much as well
             r"(?:数额|金额|额度|标准)[^。；;，,]{0,4}(?:不超过|不高于|不低于|不少于|相当于|参照|按照)"),
         "an amount of money"),
    Kind("sum",
         # a sum asked in units ("补助具体是多少亿", "how many million"): a clause setting the amount by reference
         # ("补助数额不超过中央财政在合作区的分享税收") says how much, not how many 亿 (fresh-2026-12-01e e33)
         _re(r"几个?\s*亿|(?:多少|几多)\s*(?:亿|万|千万|百万)(?!\s*(?:人|家|户|名|平方|吨|辆|次|个|间|套|位|立方))|"
             r"how\s+many\s+(?:million|billion)|quant[oa]s\s+(?:milhoes|milhares)"),
         _re(r"\d+(?:\.\d+)?\s*(?:亿|万)|\d+(?:\.\d+)?\s*(?:million|billion|milhoes)"),
         "an amount in figures"),
    Kind("rate",
         # taxes, contributions and interest: what a person or firm pays, as a rate
         _re(r"税率|费率|利率|汇率|缴费比例|缴存比例|扣除比例|"
             r"(?:税|缴费|社保|公积金|保险费)[^，。?？]{0,8}(?:比例|多少|几多|百分之)|"
             r"(?:多少|几多)[^，。?？]{0,4}税|tax\s+rate|rate\s+of\s+(?:tax|interest)|interest\s+rate|vat\s+rate|"
             r"(?:how\s+much|what\s+percentage\s+of)\s+(?:\w+\s+){0,2}tax|"
             r"taxa\s+(?:d[eoa]s?\s+)?(?:\w+\s+){0,2}(?:d[eoa]s?\s+)?(?:imposto|juro|contribuic|iva)|\bvat\b[^?.]{0,20}\b(?:rate|how\s+much|percent)|"
             r"quanto\s+(?:de\s+)?imposto"),
         _re(r"(?:税|费|缴|利率)[^。；;]{0,30}\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*%[^。；;]{0,12}(?:税|费)|税[^。；;]{0,12}百分之|"
             # a burden set by reference ("个人所得税负超过澳门税负的部分予以免征") answers the rate as well
             r"税负[^。；;]{0,12}(?:超过|不超过|不高于|按照|参照)"),
         "a tax or contribution rate"),
    Kind("documents",
         # what to hand in for an application: only a clause naming the papers answers it ("简化注册审批流程" names a
         # procedure, not what to submit; fresh-2026-12-01e e37 was answered from it)
         _re(r"(?:提交|递交|准备|带|交)[^，。?？]{0,4}(?:什么|哪些|咩|乜|边啲)?\s*(?:材料|文件|证件|证明|资料)|"
             r"(?:哪些|什么|咩|乜|边啲)\s*(?:材料|证件|证明文件)|材料清单|申请表|报名表|在哪里?下载|"
             # the licences to obtain ("开餐厅要办哪些证"): only a clause naming them answers
             r"办(?:理)?\s*(?:哪些|什么|咩|乜|边啲|几个)\s*(?:证|牌照|执照|许可)|"
             r"what\s+documents|documents?\s+(?:required|needed)|paperwork|application\s+form|formulario|"
             r"que\s+documentos|documentos?\s+(?:necessari|exigid)"),
         _re(r"(?:提交|报送|递交|提供|出具)[^。；;]{0,12}(?:材料|文件|证件|证明|资料)|申请表|申报材料|所需材料|证明材料|证件|"
             r"执照|许可证|证照|牌照|(?:执法|执业|资格|工作|居住)证|证书"),
         "the documents an application needs"),
    Kind("procedure",
         # the steps of an application (the plan states measures, not procedures), in each language ("哪些考试和
         # 步骤", "办理…的流程", "steps to register", "passos para"): the evidence below (手续, 流程, 受理 …) still
         # answers a question about a measure that names a 流程
         _re(r"手续|流程|步骤|申请条件|"
             r"\bsteps?\s+(?:to|for)\b|what\s+(?:are\s+)?the\s+steps|quais\s+(?:sao\s+)?os\s+passos|passos\s+(?:para|a\s+seguir)|"
             r"(?:怎么|如何|点样|怎样)(?:报名|报销)|"
             r"how\s+(?:do|can|should)\s+(?:i|we)\s+(?:apply|register|open)\b|"
             r"como\s+(?:me\s+)?(?:candidat|inscrev|registar)"),
         _re(r"提交|报送|递交|手续|流程|申请表|申报材料|所需材料|证明材料|证件|工作日|受理|"
             # the step a clause states: 经国家有关部门备案后, 报广东省…批准, 依法申请司法确认
             r"经[^。；;]{0,16}(?:备案|审批|批准|认定|确认|登记|同意)(?:后|，|,)|报[^。；;]{0,16}(?:批准|备案|审批)|"
             r"申请[^。；;]{0,6}(?:司法确认|确认|登记|备案)|向[^。；;，,]{2,12}申请"),
         "an application procedure"),
    Kind("limit",
         # a legal minimum or maximum (minimum wage, minimum capital, maximum subsidy)
         _re(r"(?:最低|最高|至少|上限|下限|起点|门槛)[^，。?？]{0,6}(?:多少|几多|几|标准)|(?:多少|几多)[^，。?？]{0,4}(?:起|以上)|"
             r"\b(?:minimum|maximum|minimo|maximo)\b|(?:有没有|有冇|有无|是否有|有否)\s*(?:上限|下限|封顶|限额|最高额)|"
             r"\b(?:is|are)\s+there\s+(?:a|any)\s+(?:cap|ceiling|upper\s+limit)|\bcapped\b|ha\s+(?:algum\s+)?(?:limite|teto|tecto)"),
         # a limit set by reference ("补助数额不超过中央财政在合作区的分享税收") is a cap as well
         _re(r"(?:最低|最少|至少|最高|最多|上限|下限|不低于|不少于|不超过|不高于)[^。；;]{0,12}\d|"
             r"(?:数额|金额|额度|标准|比例|规模)[^。；;，,]{0,4}(?:不超过|不高于|不低于|不少于)"),
         "a minimum or maximum"),
    Kind("conditions",
         # who qualifies (办学条件, 资格, eligibility, requisitos): only a clause setting a condition answers, and of
         # the thing asked about (qa.refusal: the subject check) — "鼓励开办澳门子弟学校" sets none for a school
         _re(r"(?:满足|符合|具备|达到|具有)\s*(?:哪些|什么|甚么|咩|乜|边啲|几个|何种)[^，。?？]{0,6}(?:条件|资格|要求|标准)|"
             r"(?:哪些|什么|甚么|咩|乜|边啲|何种)\s*(?:条件|资格|门槛)|申请条件|准入条件|资格条件|"
             r"(?:要|需要|须|得)\s*有\s*(?:什么|甚么|咩|乜|哪些|边啲)\s*(?:学历|资历|年资|经验|资质|证书)|"
             r"\beligib|\bqualif(?:y|ies|ication)\b|requirements?\s+(?:to|for|of)\b|what\s+(?:are\s+)?the\s+(?:conditions|criteria)|"
             r"quais\s+(?:sao\s+)?os\s+(?:requisitos|criterios)|que\s+(?:requisitos|condicoes|criterios)|quais\s+as\s+condicoes|"
             r"\belegib"),
         # "符合条件的澳门机动车辆" refers to conditions it does not state: something must stand between
         _re(r"(?:符合|满足|具备|达到|具有|取得|持有)(?!(?:相关|有关|一定|规定)?(?:条件|资格|要求)的)[^。；;]{1,24}(?:条件|资格|要求|标准|资质)|条件(?:为|是|包括)|"
             r"应当(?:具备|符合|满足)|须(?:具备|符合|满足)|(?:以上|以下|不低于|不少于|不超过)[^。；;]{0,6}(?:的|者)"),
         "the conditions that apply"),
    Kind("percentage",
         # a share asked as such (补贴能补到百分之几, what percentage): only a clause giving a share answers
         _re(r"百分之(?:几|多少)|几成|多少\s*(?:%|个百分点)|几\s*%|比例是多少|比例(?:有|为)?多(?:少|大|高)|"
             r"what\s+(?:percentage|share|proportion)|how\s+(?:many\s+percent|large\s+a\s+share)|"
             r"que\s+(?:percentagem|porcentagem|proporcao)|qual\s+(?:e\s+)?a\s+(?:percentagem|porcentagem|proporcao)|"
             r"quantos\s+por\s+cento"),
         _re(r"\d+(?:\.\d+)?\s*%|百分之[一二三四五六七八九十百\d]|[一二三四五六七八九]成(?![为立功果员本熟])"),
         "a percentage"),
    Kind("website",  # a web address: policy documents name services, not their sites
         _re(r"网址|官网|(?:哪个|什么|边个|咩)\s*网站|网站[^，。?？]{0,4}(?:是|系)|web\s*site|\burl\b|web\s+address|"
             r"sitio\s+(?:web|da\s+internet|na\s+internet)|pagina\s+(?:web|eletronica|electronica)|endereco\s+(?:web|eletronico|electronico)"),
         _re(r"https?://|www\.|\.(?:gov|com|org|mo|cn)\b"),
         "a website"),
    Kind("comparison",
         # which of two is lower or better (合作区税率跟澳门比哪边更低): only a clause comparing them answers
         _re(r"(?:哪边|哪个|哪里|谁|边个|边度|边边)\s*(?:更|比较|较)\s*(?:低|高|便宜|贵|好|优惠|划算|多|少)|"
             r"(?:更|较)(?:低|高|便宜|贵|好|优惠|划算)\s*(?:还是|定系)|"
             r"(?:比|相比|比较|比起来|对比)[^。?？]{0,6}(?:哪边|哪个|哪里|谁|边个|边度|边边)\s*(?:更|比较|较)?\s*(?:低|高|便宜|贵|好|优惠|划算|多|少)|"
             # "X同Y比" cut from its "边个低啲" by the parts of a question: the part still asks to compare
             r"(?:同|跟|和|与)[^，。?？,]{1,24}(?:相比|比较|对比|比)(?:起来|一下)?\s*(?=[,，?？]|$)|"
             r"which\s+(?:is|one\s+is|of\s+the\s+two\s+is)\s+(?:lower|higher|cheaper|better|more)|"
             r"\b(?:lower|higher|cheaper)\s+than\b|qual\s+(?:e|dos\s+dois\s+e)\s+(?:mais|menos)\s+(?:baix|alt|barat|vantaj)"),
         _re(r"高于|低于|超过|不超过|优于|相当于|对标|趋同|比照|一致|同等|更(?:低|高|优)"),
         "a comparison"),
    Kind("chair",
         # who chairs or heads a body: answered by the offices that hold it ("由广东省省长和澳门特别行政区行政长官共同
         # 担任"), not by a clause setting the body up ("成立合作区安全生产委员会")
         _re(r"who\s+(?:chairs|heads|leads|presides\s+over|is\s+in\s+charge\s+of)\b|由谁(?:担任|牵头|主持|负责|领导)|"
             r"谁(?:来)?(?:当|担任|做|出任)[^，。?？]{0,4}(?:主任|主席|组长|负责人)|边个(?:做|当|担任)[^，。?？]{0,4}(?:主任|主席|组长)|"
             r"quem\s+(?:preside|chefia|dirige|lidera|e\s+o\s+responsavel)"),
         _re(r"由[^。；;]{2,30}(?:担任|兼任|牵头|主持|负责|领导)|(?:主任|主席|组长|召集人)[^。；;]{0,8}(?:由|为)"),
         "who holds the post"),
    Kind("penalty",  # a sanction for a breach: the regulation promotes; it sets no fines (its only 处罚 is who imposes them)
         _re(r"罚款|罚金|罚多少|怎么罚|如何处罚|(?:怎么|怎样|点样|会|会被|要被|被)\s*处罚|(?:什么|哪些|咩|乜|有何)\s*(?:处罚|惩罚|罚则|处分)|(?:会被|要被|被)罚|处罚标准|\bfines?\b|\bfined\b|penalt(?:y|ies)|sanctions?\b|"
             r"\bmultas?\b|\bmultad[oa]s?\b|sancao|sancoes|coima"),
         _re(r"(?:处|并处)[^。；;]{0,12}罚款|罚款[^。；;]{0,6}\d|罚金|没收|吊销|责令[^。；;]{0,8}(?:停|改正)"),
         "a penalty"),
    Kind("person",  # an office holder's name: the documents name offices, never persons (边位: Cantonese "who")
         # a title, then who (组长系边位: Cantonese "who is the head")
         # "组长具体是哪位领导": a few words may stand between the title and who
         _re(r"(?:" + _TITLES[3:-1] + r"|领导)[^，。?？]{0,4}?(?:是|系)(?:谁|边个|边位|哪位)|(?:" + _TITLES[3:-1] +
             r"|领导)(?:谁|边个|边位|哪位)|(?:谁|边个|边位|哪位)(?:是|系)[^，。?？]{0,8}" +
             _TITLES + r"|who\s+(?:is|are|heads|leads)\s+the\s+(?:director|head|chief|"
             r"president|chair|secretary|minister)|"
             r"quem\s+(?:e|sao)\s+o\s+(?:diretor|director|presidente|chefe|secretario)|"
             # the incumbent's name ("现任主任叫什么名字"): the documents name an office's holder by office, not person
             r"现任|(?:" + _TITLES[3:-1] + r"|领导)[^，。?？]{0,4}(?:叫什么|叫咩|叫乜|姓名|名字|姓什么)|"
             r"\b(?:current|incumbent)\s+(?:director|head|chief|president|chair)|name\s+of\s+the\s+(?:current\s+)?"
             r"(?:director|head|chief|president|chair)|\b(?:atual|actual)\s+(?:diretor|director|presidente)|"
             r"nome\s+do\s+(?:atual\s+)?(?:diretor|director|presidente)|"
             # a person by name, whatever the post ("como se chama a pessoa que dirige o grupo")
             r"como\s+se\s+chama\s+a\s+pessoa|nome\s+da\s+pessoa|name\s+of\s+the\s+person|"
             r"who\s+is\s+the\s+person"),
         _re(_NAMED),
         "the name of an office holder"),
)


def kinds_asked(question: str) -> list[Kind]:
    q = folded(question)
    return [k for k in KINDS if k.cue.search(q)]


def has_kind(kind: Kind, texts: list[str], question: str = "", about=None) -> bool:
    """Some text holds what an answer of this kind would contain — for an amount or a rate, in a text that also
    names what the question asks the amount or rate of (租金补贴每平米补多少: an amount in a sentence on 租金);
    about(text): for SUBJECT_KINDS, whether the text is about the question's subject (None: any text is)."""
    subject = asked_subject(kind, question)
    return any(kind.evidence.search(t) and (not subject or any(w in t for w in subject))
               and (about is None or kind.name not in SUBJECT_KINDS or about(raw))
               for raw, t in ((x, folded(x)) for x in texts))


def cue_words(question: str) -> str:
    """The words of the question that ask for a kind (准备哪些材料, 满足什么条件): not its subject."""
    q = folded(question)
    return " ".join(m.group(0) for k in KINDS for m in k.cue.finditer(q))


# What an amount or rate is asked of, in the words a clause stating it would use: the first such word of the
# question (租金 of 租金补贴; 增值税 of 增值税税率 — a 15% enterprise income tax rate is no VAT rate). The
# grants are one family: a 补助 sentence answers a question on 补贴.
_GRANTS = ("补贴", "补助", "资助", "奖励", "津贴", "扶持")
_MONEY_SUBJECT = re.compile(r"租金|房租|月租|工资|薪金|薪酬|薪水|年薪|月薪|安家费|罚款|罚金|收费|价格|" + "|".join(_GRANTS))
_RATE_SUBJECT = re.compile(r"(增值税|消费税|关税|所得税|印花税|房产税|契税|利率|汇率)")


# The same taxes named in English or Portuguese ("taxa de reembolso do IVA" asks about 增值税, not 关税).
_LATIN_RATE_SUBJECT = (
    (_re(r"\b(?:vat|iva)\b|value[-\s]added\s+tax|imposto\s+sobre\s+o\s+valor\s+acrescentado"), "增值税"),
    (_re(r"income\s+tax|imposto\s+(?:complementar\s+)?sobre\s+(?:o\s+)?rendimento|imposto\s+profissional"), "所得税"),
    (_re(r"customs\s+dut|\btariffs?\b|direitos?\s+aduaneir|imposto\s+de\s+importacao"), "关税"),
    (_re(r"interest\s+rate|rate\s+of\s+interest|taxa\s+de\s+juros?|\bjuros?\b"), "利率"),
)

# Kinds whose evidence must be stated of the thing asked about (qa.refusal.subject_of): "提交相关材料进行备案" in a
# clause on market entry lists no papers for a sole trader's filing, "符合行业监管要求条件" on professionals sets
# no condition for a 澳门新街坊 flat. Money and rate name their subject by word (asked_subject).
SUBJECT_KINDS = frozenset({"documents", "procedure", "conditions", "percentage", "limit", "duration", "comparison",
                           "penalty", "chair", "money"})


def asked_subject(kind: Kind, question: str) -> tuple[str, ...]:
    """The words one of which a text must contain to answer a money or rate question ((): no such check)."""
    q = folded(question)
    pattern = {"money": _MONEY_SUBJECT, "rate": _RATE_SUBJECT}.get(kind.name)
    m = pattern.search(q) if pattern else None
    if not m and kind.name == "rate":
        return next(((zh,) for latin, zh in _LATIN_RATE_SUBJECT if latin.search(q)), ())
    if not m:
        return ()
    word = m.group(0)
    return _GRANTS if word in _GRANTS else (word,)


# An article of a law or regulation (第十条, article 10, artigo 10.º): the plan cites regulations by name but
# never quotes their articles, so such a reference must occur in a cited clause for the question to be answered.
# qa.lookup.reference_note refuses a Chinese reference to a text that is not indexed (民法典第十条) or an article
# a document does not have (条例第八十条); this still catches the English/Portuguese ones (article 12 of the Civil Code).
_ARTICLE = _re(r"第\s*[一二三四五六七八九十百零〇\d]+\s*[条款]|\barticle\s+\d+|\bartigo\s+\d+")


def missing_articles(question: str, texts: list[str]) -> list[str]:
    """Article references of the question that no cited text contains."""
    body = " ".join(folded(t) for t in texts)
    return [m.group(0) for m in _ARTICLE.finditer(folded(question)) if re.sub(r"\s+", "", m.group(0)) not in
            re.sub(r"\s+", "", body)]


# -- counts ---------------------------------------------------------------------------------------
# "合作区有多少所澳门子弟学校" counts schools: only a sentence with a number of 所 answers it, not one with a year or a
# share. The counting word of the question must come back with a number (个 is any counting word: "四大片区").
# 好几种 / 十几个 are "several", not "how many" (dev q309 "可以用好几种货币的创投基金")
# Kinds and items (几类, 几种, 几项, 几条) are asked as often as a list, which answers them: not counted here.
_COUNT_Q = re.compile(r"(?:多少|几多|(?<![哪第好十])几(?!十|百|千))\s*(所|家|个|名|位|座|间|户|人|批|张|支|次|辆|艘|架|栋|只)"
                      r"(?!方面|部分|阶段|步骤|亿|万|百分点)")
_SAME_COUNTER = {"个": "个|项|类|种|家|条|所|座|大|张|支|位|名|次|批", "人": "人|名|位", "名": "名|人|位", "位": "位|名|人",
                 "家": "家|户", "户": "户|家", "间": "间|家|户|所"}


def uncounted(question: str, texts: list[str]) -> str:
    """The counting word of a "how many …" question when no text counts with it ("" when answered or not asked)."""
    q = folded(question)
    m = next((m for m in _COUNT_Q.finditer(q) if not (m.group(0).startswith("几") and indefinite_ji(q, m.start()))), None)
    if not m:
        return ""
    counter = _SAME_COUNTER.get(m.group(1), m.group(1))
    stated = re.compile(r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)\s*(?:余|多)?\s*(?:" + counter + ")")
    return "" if any(stated.search(folded(t)) for t in texts) else m.group(1)


# -- other places ---------------------------------------------------------------------------------
# The places whose policies the corpus is about (the zone, Macau, Guangdong as co-builder, "the plan"):
# a question naming one of them is asking about the corpus' own subject.
HOME = _re(r"横琴|合作区|琴澳|澳门|澳珠|粤澳|广东|规划|本方案|hengqin|macau|macao|cooperation\s+zone|the\s+zone|\bplan\b|"
           r"zona\s+de\s+cooperacao|\ba\s+zona\b|\bplano\b")
# The zone itself (HOME without Macau): what a question naming another place's own zone must also name to be ours.
_ZONE_HOME = _re(r"横琴|合作区|琴澳|粤澳|规划|本方案|hengqin|cooperation\s+zone|the\s+zone|\bplan\b|"
                 r"zona\s+de\s+cooperacao|\ba\s+zona\b|\bplano\b")
# Other Chinese and nearby jurisdictions with their own local rules: Chinese name -> English/Portuguese names.
# A list because no signal tells a partner city named in the documents (深圳前海, 珠海) from the subject of a question.
PLACES = {
    "北京": "beijing|pequim", "上海": "shanghai|xangai", "天津": "tianjin", "重庆": "chongqing", "深圳": "shenzhen",
    "前海": "qianhai", "河套": "hetao", "广州": "guangzhou|cantao", "南沙": "nansha", "东莞": "dongguan",
    "佛山": "foshan", "中山": "zhongshan", "江门": "jiangmen", "惠州": "huizhou", "肇庆": "zhaoqing", "珠海": "zhuhai",
    "香港": r"hong\s*kong", "台湾": "taiwan", "海南": "hainan", "浦东": "pudong", "临港": "lingang", "雄安": "xiongan",
    "厦门": "xiamen", "杭州": "hangzhou", "苏州": "suzhou", "南京": "nanjing", "武汉": "wuhan", "成都": "chengdu",
    "西安": "xi'?an", "青岛": "qingdao", "大连": "dalian", "宁波": "ningbo", "福州": "fuzhou", "长沙": "changsha",
    "郑州": "zhengzhou", "济南": "jinan", "沈阳": "shenyang", "昆明": "kunming", "南宁": "nanning",
    "新加坡": "singapore|singapura", "迪拜": "dubai", "伦敦": "london|londres", "纽约": r"new\s+york|nova\s+iorque",
    "东京": "tokyo|toquio", "首尔": "seoul",
}
_PLACE_NAMES = [(zh, re.compile(rf"{zh}|\b(?:{latin})\b", re.IGNORECASE)) for zh, latin in PLACES.items()]
_OPENING = re.compile(r"\s*(?:请问|想问下?|问下|我想知道|please\s+tell\s+me\s+)?\s*")  # what may precede an opening subject
# "与珠海联合招商", "with Shenzhen": the place is a partner of an implied subject (the zone), not the subject.
_PARTNER = _re(r"(?:与|同|跟|联合|联动|携手|对接|连接|链接|with|com|junto\s+de)\s*$")
_ZONE_SUFFIX = r"(?:市|省|新区|自贸区|自贸港|自由贸易港|自由贸易试验区|片区|合作区|示范区|经济特区|特区|港)?"
# The same in English and Portuguese, around the place ("Nova Área de Cuiheng, em Zhongshan", "Qianhai free trade zone")
_LATIN_ZONE = _re(r"\b(?:new\s+(?:area|district)|free\s+trade\s+(?:zone|port)|pilot\s+zone|nova\s+area|zona\s+(?:franca|de\s+comercio\s+livre|piloto)|"
                  r"distrito|district)\b")
# A place's own text or rules by possession ("Hong Kong's Northern Metropolis plan", "深圳的人才政策"): its subject
_OWNED = _re(r"^(?:'s|’s)\s+(?:[\w-]+\s+){0,3}(?:plans?|polic(?:y|ies)|rules|regulations?|laws?|schemes?|programmes?|programs?|strateg(?:y|ies)|incentives?)\b")
# Asking for a place's own rules: its policies, incentives, taxes, or how things are done there.
_OWN_RULES = _re(r"政策|规定|规则|条例|办法|补贴|补助|优惠|税|待遇|门槛|条件|怎么办|怎样办|如何办|点样办|手续|流程|"
                 r"rules?\b|regulations?|polic(?:y|ies)|incentives?|subsid|\btax|benefits|procedures?|"
                 r"regras?|regulament|politicas?|incentivos?|subsidio|impost|beneficios")


def other_place(question: str, cited: list[str] = ()) -> str:
    """The other place a question asks about as its subject, in Chinese ("" when none).

    Not the subject when the question names the zone too ("合作区和深圳前海之间有什么联动") or pairs the place
    with it ("与珠海联合招商"). Asked about, it is refused when the question wants its own rules ("深圳前海的
    人才补贴政策是什么") or the cited clauses never name it."""
    q = folded(question)
    places = sorted((m.start(), m.end(), zh) for zh, pat in _PLACE_NAMES for m in pat.finditer(q))
    if not places:
        return ""
    rest = q
    zoned = False  # the place named as a jurisdiction of its own (南沙自贸区, 前海合作区)
    for start, end, _ in reversed(places):  # a zone named after the other place (河套合作区, 南沙自贸区) belongs to it
        suffix = re.match(_ZONE_SUFFIX, q[end:]).end()
        zoned = zoned or q[end:end + suffix] not in ("", "市", "省")  # a city by name is a partner as often
        end += suffix
        rest = rest[:start] + " " * (end - start) + rest[end:]
    # Macau is the corpus' subject, but "南沙自贸区对澳门企业的优惠" asks about that zone's rules for Macau firms,
    # as does a question opening with the place and asking for its rules ("深圳前海对澳门青年创业有咩补贴": the
    # place is the subject; "珠海市对澳门居民有什么安排" may be answered by what the documents ask of 珠海市)
    if any(_OWNED.search(q[end:]) and not _PARTNER.search(q[:start]) for start, end, _ in places):
        return places[0][2]
    # a Latin zone word near the place: its own zone ("a Nova Área de Cuiheng, em Zhongshan")
    zoned = zoned or any(_LATIN_ZONE.search(q[max(0, start - 40):end + 30]) for start, end, _ in places)
    opening = places[0][0] <= len(_OPENING.match(q).group(0)) and _OWN_RULES.search(rest)
    home = _ZONE_HOME if zoned or opening else HOME
    if home.search(rest) or any(_PARTNER.search(q[:start]) for start, _, _ in places):
        return ""
    body = " ".join(folded(t) for t in cited)
    for _, _, zh in places:
        if _OWN_RULES.search(rest) or zh not in body:
            return zh
    return ""


# -- names the documents never mention -------------------------------------------------------------
# A quoted name (《…》, “…”, 「…」) or an edition ("（2021版）", "2019年修订") the question relies on: when the
# collection never mentions it, the question is about another text, whatever else it shares with the clauses.
_QUOTED = re.compile(r"《([^》]{2,40})》|“([^”]{2,40})”|「([^」]{2,40})」|\"([^\"]{2,40})\"")
_EDITION = re.compile(r"\d{4}\s*年?\s*(?:版|修订|修正)")


_TOPICS_FILE = Path(__file__).resolve().parent / "data" / "absent_topics.tsv"


@lru_cache(maxsize=1)
def _topics() -> tuple[tuple[tuple[str, ...], re.Pattern], ...]:
    """(Chinese forms, pattern of the variants) per topic of qa/data/absent_topics.tsv; a malformed line names
    the file and line."""
    out = []
    for n, line in enumerate(_TOPICS_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or not all(c.strip() for c in cols):
            raise TopicsError(f"{_TOPICS_FILE}:{n}: expected 'Chinese forms<TAB>variants<TAB>reason', got {line!r}")
        forms = tuple(fold(f) for f in cols[0].split("|") if f.strip())
        variants = [folded(v.strip()) for v in cols[1].split("|") if v.strip()]
        alternatives = "|".join(rf"(?<![a-z]){re.escape(v)}(?![a-z])" if v.isascii() else re.escape(v) for v in variants)
        out.append((forms, re.compile(alternatives)))
    return tuple(out)


class TopicsError(UserError):
    """qa/data/absent_topics.tsv is malformed."""


def absent_topics(question: str, contains) -> list[str]:
    """The topics of qa/data/absent_topics.tsv the question names and no clause of the collection mentions."""
    q = folded(question)
    return [forms[0] for forms, pattern in _topics() if pattern.search(q) and not any(contains(f) for f in forms)]


def unknown_names(question: str, contains, present) -> list[str]:
    """Quoted names and editions of the question the collection never mentions, and the absent topics it names.

    contains(s): some clause holds the folded string s; present(bigram): some clause holds the bigram. A quoted
    name counts as mentioned when at least half of its character pairs occur (《横琴条例》 for the 条例's title)."""
    q = fold(question)
    out = [re.sub(r"\s+", "", m.group(0)) for m in _EDITION.finditer(q) if not contains(re.sub(r"\s+", "", m.group(0)))]
    for m in _QUOTED.finditer(q):
        name = re.sub(r"\s+", "", next(g for g in m.groups() if g))
        grams = [g for g in bigrams(name) if len(g) == 2 and re.fullmatch(r"[\u4e00-\u9fff]{2}", g)]
        if grams and not contains(name) and sum(present(g) for g in grams) < len(grams) / 2:
            out.append(name)
    return out + [t for t in absent_topics(question, contains) if t not in out]
