"""What a question asks for: a kind of information (qa/kinds.py) or another place's own rules.

Refusal by kind needs no threshold: a question asking for a phone number is answered only when a cited
clause holds a phone number, whatever words it shares with the question. Each kind's evidence pattern says what
an answer would have to contain; an amount, a condition or a list of papers must also be stated of the thing the
question is about (has_kind's `about`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from errors import UserError
from index.refs import to_int

from .kinds import KINDS, Kind, folded  # noqa: F401 - KINDS and folded are read through this module too
from .kinds import cue_pattern as _re
from .text import bigrams, fold, indefinite_ji


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
                           "penalty", "chair", "money", "sum", "office", "frequency", "contents",
                           "place", "organisation"})


# The share a percentage question asks of ("主营业务收入要占到总收入的多少比例"): the words before 占, whose head
# (their last four characters: Chinese compounds end in their head) a text stating the share must name.
_SHARE_OF = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:要|需要|须|必须|应|至少|最少)*(?:占到|占|达到)")


def asked_subject(kind: Kind, question: str) -> tuple[str, ...]:
    """The words one of which a text must contain to answer a money, rate or share question ((): no such check)."""
    q = folded(question)
    if kind.name == "percentage":
        m = _SHARE_OF.search(q)
        return (m.group(1)[-4:],) if m else ()
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
_ARTICLE = _re(r"第\s*[一二三四五六七八九十百零〇\d]+\s*[条款]|\b(?:article|artigo)\s+(\d+)")


def missing_articles(question: str, texts: list[str]) -> list[str]:
    """Article references of the question that no cited text contains ("article 37" is found as 第三十七条 in a
    cited clause's label: the question's reference resolved to that article)."""
    body = re.sub(r"\s+", "", " ".join(folded(t) for t in texts))
    numbers = {to_int(n) for n in _CITED_ARTICLE.findall(body)}
    missing = []
    for m in _ARTICLE.finditer(folded(question)):
        if re.sub(r"\s+", "", m.group(0)) not in body and not (m.group(1) and int(m.group(1)) in numbers):
            missing.append(m.group(0))
    return missing


_CITED_ARTICLE = re.compile(r"第([一二三四五六七八九十百零〇\d]+)条")


# -- counts ---------------------------------------------------------------------------------------
# "合作区有多少所澳门子弟学校" counts schools: only a sentence with a number of 所 answers it, not one with a year or a
# share. The counting word of the question must come back with a number (个 is any counting word: "四大片区").
# 好几种 / 十几个 are "several", not "how many" (dev q309 "可以用好几种货币的创投基金")
# Kinds and items (几类, 几种, 几项, 几条) are asked as often as a list, which answers them: not counted here.
_COUNT_Q = re.compile(r"(?:多少|几多|(?<![哪第好十])几(?!十|百|千))\s*(所|家|个|名|位|座|间|户|人|批|张|支|次|辆|艘|架|栋|只|套|台)"
                      r"(?!方面|部分|阶段|步骤|亿|万|百分点)")
_SAME_COUNTER = {"个": "个|项|类|种|家|条|所|座|大|张|支|位|名|次|批", "人": "人|名|位", "名": "名|人|位", "位": "位|名|人",
                 "家": "家|户", "户": "户|家", "间": "间|家|户|所"}


# a question asking how many items a part lists: a counter _COUNT_Q has, or one naming kinds of items (几项措施,
# 多少类, how many, quantos/quantas) — answered from a listing part by counting its items
_COUNT_ITEMS = re.compile(r"(?:几|多少)\s*(?:项|类|种|条|方面|部分)|how\s+many|quant[oa]s", re.IGNORECASE)


def count_question(question: str) -> bool:
    """Whether the question asks how many of something there are."""
    q = folded(question)
    return bool(_COUNT_Q.search(q) or _COUNT_ITEMS.search(q))


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
_PLACE_NAMES_LATIN = re.compile(r"\b(?:" + "|".join(PLACES.values()) + r")\b", re.IGNORECASE)
_OPENING = re.compile(r"\s*(?:请问|想问下?|问下|我想知道|please\s+tell\s+me\s+)?\s*")  # what may precede an opening subject
# "与珠海联合招商", "with Shenzhen": the place is a partner of an implied subject (the zone), not the subject.
_PARTNER = _re(r"(?:与|同|跟|联合|联动|携手|对接|连接|链接|with|com|junto\s+de)\s*$")
_ZONE_SUFFIX = r"(?:市|省|新区|自贸区|自贸港|自由贸易港|自由贸易试验区|片区|合作区|示范区|经济特区|特区|港)?"
# A zone's name running on after the place before its kind (河套深港科技创新合作区) — unless the name is the zone's
# own ("珠海市横琴新区": _ZONE_HOME in the name part)
_NAMED_ZONE = re.compile(r"([\u4e00-\u9fff]{1,8}?)(?:合作区|自贸区|自由贸易试验区|新区|示范区|片区)")
# words that link a place to a zone rather than name one ("允许珠海为了合作区…", "珠海对合作区的支持"): a word at
# the start of the name part, or 的 anywhere — not single characters inside a name (前海深港现代服务业合作区)
_LINKING = re.compile(r"^(?:为了|为|对|在|与|和|跟|同|向|把|被|给|让|支持)|的")
# The same in English and Portuguese, around the place ("Nova Área de Cuiheng, em Zhongshan", "Qianhai free trade zone")
_LATIN_ZONE = _re(r"\b(?:new\s+(?:area|district)|free\s+trade\s+(?:zone|port)|pilot\s+zone|nova\s+area|zona\s+(?:franca|de\s+comercio\s+livre|piloto)|"
                  r"distrito|district)\b")
_LATIN_IN = _re(r"\b(?:in|em|at)\s+$")
# A place's own text or rules by English possession ("Hong Kong's Northern Metropolis plan"): its subject
_OWNED = _re(r"^(?:'s|’s)\s+(?:[\w-]+\s+){0,3}(?:plans?|polic(?:y|ies)|rules|regulations?|laws?|schemes?|programmes?|programs?|strateg(?:y|ies)|incentives?)\b")
_AT = re.compile(r"(?:在|喺|于|於|系)\s*$")
_LIVES_THERE = re.compile(r"(?:工作|返工|上班|居住|生活|读书|就业|创业|住|做嘢|打工|纳税)")
_COMPARED_WITH = re.compile(r"(?:比|相比|对比|比较|比起)\s*$")
# firms or people located there, in English or Portuguese ("empresas … registadas em Nansha", "people working in Shenzhen")
_LATIN_LOCATED = _re(r"\b(?:registad[oa]s?|registered|located|based|sediad[oa]s?|estabelecid[oa]s?|instalad[oa]s?|working|"
                     r"living|residing|resident|trabalham|vivem|residem)\s+(?:in|em|at|no|na)\s+$")
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
    zone_end: dict[int, int] = {}  # where each place's name ends, its zone's kind included (南沙|自贸区)
    for start, end, _ in reversed(places):  # a zone named after the other place (河套合作区, 南沙自贸区) belongs to it
        suffix = re.match(_ZONE_SUFFIX, q[end:]).end()
        named = _NAMED_ZONE.match(q[end:])  # 河套深港科技创新合作区: the zone's name runs on before its kind
        if not suffix and named and not _ZONE_HOME.search(named.group(1)) and not _LINKING.search(named.group(1)):
            suffix = named.end()
        zoned = zoned or q[end:end + suffix] not in ("", "市", "省")  # a city by name is a partner as often
        end += suffix
        zone_end[start] = end
        rest = rest[:start] + " " * (end - start) + rest[end:]
    own_zone = zoned
    # Macau is the corpus' subject, but "南沙自贸区对澳门企业的优惠" asks about that zone's rules for Macau firms,
    # as does a question opening with the place and asking for its rules ("深圳前海对澳门青年创业有咩补贴": the
    # place is the subject; "珠海市对澳门居民有什么安排" may be answered by what the documents ask of 珠海市)
    owner = next((zh for start, end, zh in places if _OWNED.match(q[end:]) and not _PARTNER.search(q[:start])), "")
    # people working or living there ("喺南沙返工嘅澳門居民"), or the place compared with ("比深圳前海高多少"): the
    # question is about that place's people or figures, which the zone's documents do not set
    owner = owner or next((zh for start, end, zh in places
                           if (_AT.search(q[:start]) and _LIVES_THERE.match(q[zone_end[start]:]))
                           or _COMPARED_WITH.search(q[:start]) or _LATIN_LOCATED.search(q[:start])), "")
    if owner:
        return owner
    # a Latin zone word near the place: its own zone ("a Nova Área de Cuiheng, em Zhongshan"); rules "in Qianhai"
    zoned = zoned or any(_LATIN_ZONE.search(q[max(0, start - 40):end + 30]) for start, end, _ in places) or \
        any(_LATIN_IN.search(q[max(0, start - 4):start]) for start, _, _ in places) and bool(_OWN_RULES.search(rest))
    opening = places[0][0] <= len(_OPENING.match(q).group(0)) and _OWN_RULES.search(rest)
    home = _ZONE_HOME if zoned or opening else HOME
    if home.search(rest) or any(_PARTNER.search(q[:start]) for start, _, _ in places):
        return ""
    body = " ".join(folded(t) for t in cited)
    for _, _, zh in places:
        # another place's own zone named as such (河套深港科技创新合作区的总面积) is the subject, though the documents
        # name the place as a partner
        if own_zone or _OWN_RULES.search(rest) or zh not in body:
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
        # mentioned: half its pairs and its last one (a compound ends in its head: 《横琴条例》 names the 条例, but
        # “横琴人才卡” is a card the documents never name though they say 横琴 and 人才)
        head = name[-2:]
        if grams and not contains(name) and (sum(present(g) for g in grams) < len(grams) / 2 or
                                             (head in grams and not present(head))):
            out.append(name)
    out += [n for n in institutions(q, contains) + latin_institutions(question) if n not in out]
    return out + [t for t in absent_topics(question, contains) if t not in out]


# A named institution (珠海市人民医院): hospitals, universities, airports and the like are named by a proper name
# before their kind. When no clause holds the name (nor any ending of it of four characters or more: 澳门大学 in
# 澳门大学横琴校区), the question is about an institution the documents never name.
_INSTITUTION = re.compile(r"([\u4e00-\u9fff]{2,10}?)(医院|大学|酒店|机场|博物馆|图书馆|体育馆|诊所)")
# what ends a name on its left: particles, prepositions and the verbs put before a place ("喺横琴读大学", "入住酒店");
# a name holding one of them (上海大学) is missed, never invented; demonstratives too ("澳门那边医院": the hospitals over
# in Macau, no name)
_NOT_NAME = re.compile(r"[的嘅和与或及、在喺于於去到向对同跟个间家所些啲读上入考返开建办设住睇看找我你他她佢们哋咗那这哪]")


# The same named in English or Portuguese by a proper name after the kind ("Hospital Kiang Wu"): the documents are
# in Chinese, so a Latin proper name is never theirs — unless it is a place they are about (Hospital de Macau)
_LATIN_INSTITUTION = re.compile(r"\b(?:Hospital|Universidade|University|Aeroporto|Airport|Hotel|Museu|Museum)\s+"
                                r"((?:[A-Z][\w'-]+(?:\s+|$)){1,3})")


def latin_institutions(question: str) -> list[str]:
    """Institutions named in English or Portuguese by a proper name that is no place the documents are about."""
    return [m.group(0).strip() for m in _LATIN_INSTITUTION.finditer(question)
            if not any(HOME.search(w) or _PLACE_NAMES_LATIN.search(w) for w in m.group(1).split())]


def institutions(q: str, contains) -> list[str]:
    """Named institutions of a folded question that no clause mentions (a generic 公立医院 or 外地的大学 is no name)."""
    out = []
    for m in _INSTITUTION.finditer(q):
        name = _NOT_NAME.split(m.group(1))[-1]
        if len(name) < 2:
            continue  # "去医院", "的大学": a kind, not a name
        full = name + m.group(2)
        if not any(contains(full[i:]) for i in range(0, len(full) - 3)):
            out.append(full)
    return out
